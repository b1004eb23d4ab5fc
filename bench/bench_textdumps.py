"""Text dumps: headline, byline and date of real articles saved as plain text.

Run: .venv/bin/python bench/bench_textdumps.py [-v] [--sets ABCD]   (data from
../shared/data, or $STORYLINE_SHARED/data; `--sets` limits the sets scored and
printed, so a held-out set can stay unseen while rules are written: letters A,
B, C, D, or one half of D as D1 or D2, e.g. `--sets ABCD1`; `-v` lists the
misses of A, B, C and of a D half named so, never of a plain D).

Labels: bench/labels/textdumps.jsonl, one object a line: `path` (relative to
../shared/data), `shape`, and the `title`, `byline` and `date` a reader finds
in the dump (null when the dump states none). They were made by reading the
dumps; the texts stay in ../shared. Two shapes:
- `text`: PolNeAR articles (polnear/*/text/outlet_YYYY-MM-DD_slug.txt), dumps
  that open with their headline, as most shared news corpora do; the file
  name carries the outlet and the date;
- `flattened`: article-extraction-benchmark pages flattened whole to text
  (every visible block of <body> on a line of its own, menus and all, as a
  browser's "save as text" does), named `KEY.txt` (no date in the name).

Each dump goes through `extract_document` as a `.txt` file would (the name
is the one above). Comparison: titles and bylines case-insensitively, with
whitespace collapsed and trailing punctuation (. ; :) stripped, bylines also
without a leading "By"; dates by calendar day. A field counts on every
labelled dump: a null label is matched only by no answer.

The first 166 labels are split in two fixed halves (bench/halves.py, by the
SHA-256 of `path`): rules were developed looking at half A; half B was held
out until it was reported (2026-12-01: flattened title 0.429 -> 0.667), then
used for development too. Set C (`"batch": 2`) is the other 48 benchmark
pages flattened, labelled after that; held out until reported (2026-12-01:
title 0.625), then developed on. A byline label is the first author when a
dump names several.

Set D, the held-out set from then on: the 65 Mozilla Readability test pages
(readability-test-pages/NAME/source.html) flattened the same way, labelled by
their `expected-metadata.json` (title, byline, publishedTime), split in halves
D1 / D2 by bench/halves.py. Those labels come from the HTML (<title>, meta
tags), not from reading the dump, so D is scored apart: a field whose label is
null is not scored (readability found none; the page may still state one),
and a title is scored only on a dump where it appears (one of its forms
below, case, whitespace and curly quotes aside, is in the dump's text): about
half the labelled titles are a `<title>` the page never shows, which no
reader of the dump could give;
titles match after dropping up to two trailing site parts (" | Site",
" - Site", " – Site", " — Site", " · Site", " :: Site", each of 5 words or
fewer) from either side, since the label is often the page's <title>, and
curly quotes read as straight ones (the <title> has straight ones); a byline
matches when it is the label, or a name of two words or more that the label
starts with, going on with a non-letter ("Martin Untersinger (avec ...)", "Kelli Miller WebMD").
"all" rows count sets A, B and C only, and so does the "overall" line (issue
11's figure: every labelled real dump, D aside, with its counts). The
anchor: trafilatura 2.3.1's `extract_metadata` on the same dumps wrapped as
<pre> HTML gets no title or author from plain text, so there is no anchor to
print beside storyline here; `naive first line` (the first line as the title)
is printed as the baseline a user would otherwise have.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_extraction import html_to_text  # noqa: E402
from halves import halves  # noqa: E402

ROOT = HERE.parent
LABELS = HERE / "labels" / "textdumps.jsonl"
FIELDS = ("title", "byline", "date")


def shared_data() -> Path:
    base = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
    return base / "data"


def flatten(html_bytes: bytes) -> str:
    """A page flattened whole: every visible block of <body> on a line of its own."""
    from lxml import html as lxml_html

    from storyline.extract.decode import decode

    tree = lxml_html.document_fromstring(decode(html_bytes, None))
    body = tree.find("body")
    return html_to_text(lxml_html.tostring(body if body is not None else tree,
                                           encoding="unicode"))


READABILITY = "readability-test-pages"


def readability_labels(data: Path) -> list[dict]:
    """Set D: a label per Readability test page, from its expected-metadata.json."""
    base = data / READABILITY
    if not base.is_dir():
        raise FileNotFoundError(f"{base} not found; set STORYLINE_SHARED")
    out = []
    for page in sorted(p for p in base.iterdir() if p.is_dir()):
        meta_path = page / "expected-metadata.json"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise ValueError(f"{meta_path}: {err}") from err
        out.append({"path": f"{READABILITY}/{page.name}/source.html", "shape": "flattened",
                    "title": meta.get("title") or None, "byline": meta.get("byline") or None,
                    "date": meta.get("publishedTime") or None, "batch": 3})
    return out


def load(labels: Path = LABELS, with_d: bool = True) -> list[tuple[dict, str, str]]:
    """(label, dump name, dump text) for every labelled dump (set D last)."""
    data = shared_data()
    out = []
    rows = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    if with_d:
        rows += readability_labels(data)
    for label in rows:
        path = data / label["path"]
        if not path.is_file():
            raise FileNotFoundError(f"{path} not found; set STORYLINE_SHARED")
        if label["shape"] == "flattened":
            raw = path.read_bytes()
            text = flatten(gzip.decompress(raw) if path.suffix == ".gz" else raw)
            name = (path.parent.name if path.name == "source.html"
                    else path.name.split(".")[0]) + ".txt"
        else:
            text, name = path.read_text(encoding="utf-8"), path.name
        out.append((label, name, text))
    return out


def norm(field: str, value) -> str:
    if not isinstance(value, str):
        return ""
    text = " ".join(value.split()).casefold()
    if field == "byline":
        text = re.sub(r"^by\s+", "", text)
    if field == "date":
        m = re.search(r"\d{4}-\d{2}-\d{2}", text)
        return m.group(0) if m else ""
    return text.rstrip(" .;:").strip("\"'“”‘’ ")


_QUOTES = str.maketrans("“”‘’", "\"\"''")
_SITE_SEP = r"\s(?:\||-|–|—|·|::)\s"
_SITE_PART = re.compile(rf"{_SITE_SEP}(?P<part>(?:(?!{_SITE_SEP}).)+)$")


def title_variants(value) -> set[str]:
    """Set D: a title as given and without up to two trailing site parts."""
    text = norm("title", value).translate(_QUOTES)
    out = {text} if text else set()
    for _ in range(2):
        m = _SITE_PART.search(text)
        if not m or len(m.group("part").split()) > 5:
            break
        text = norm("title", text[: m.start()])
        out.add(text)
    return out


def hit(field: str, label: dict, pred: dict) -> bool:
    """Does `pred` give the labelled `field`? (Set D's labels are scored apart.)"""
    want, got = label[field], pred.get(field)
    if label.get("batch") != 3:
        return norm(field, want) == norm(field, got)
    if field == "title":
        return bool(title_variants(want) & title_variants(got))
    a, b = norm(field, want), norm(field, got)
    if field == "byline" and len(b.split()) >= 2 and a.startswith(b):
        return len(a) == len(b) or not a[len(b)].isalpha()
    return bool(b) and a == b


def storyline(name: str, text: str) -> dict:
    from storyline.extract.article import extract_document
    from storyline.records import KIND_TEXT, RawDocument

    art = extract_document(RawDocument(id="x", source=name, kind=KIND_TEXT,
                                       content=text.encode("utf-8")))
    return {"title": art.title, "byline": art.author, "date": art.published,
            "language": art.language, "site": art.site}


def first_line(name: str, text: str) -> dict:
    line = next((ln for ln in text.splitlines() if ln.strip()), "")
    return {"title": line.strip(), "byline": None, "date": None}


SYSTEMS = {"storyline": storyline, "naive first line": first_line}


PARTS = ("A", "B", "C", "D1", "D2")


def on_page(title, text: str) -> bool:
    """Set D: is one form of the labelled title (see title_variants) in the dump?"""
    flat = " ".join(text.split()).casefold().translate(_QUOTES)
    return any(form and form in flat for form in title_variants(title))


def scored(label: dict, field: str, text: str) -> bool:
    """Set D scores a field only where its label names a value (a title: one on the page)."""
    if label.get("batch") != 3:
        return True
    if field == "title":
        return label[field] is not None and on_page(label[field], text)
    return label[field] is not None


def select_parts(spec: str) -> dict[str, bool]:
    """The parts `--sets` selects, each with whether it was named as a half (D1, D2)."""
    spec, out = spec.upper(), {}
    for m in re.finditer(r"D[12]?|[ABC]|(.)", spec):
        if m.group(1):
            raise SystemExit(f"error: --sets {spec!r}: unknown set {m.group(1)!r}")
        token = m.group(0)
        for part in ("D1", "D2") if token == "D" else (token,):
            out[part] = out.get(part, False) or token != "D"
    return out


def main(argv: list[str]) -> int:
    parts = select_parts(argv[argv.index("--sets") + 1] if "--sets" in argv else "ABCD")
    try:
        items = load(with_d="D1" in parts or "D2" in parts)
    except (FileNotFoundError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    batch = {label["path"]: label.get("batch", 1) for label, _, _ in items}
    half = halves(p for p, b in batch.items() if b == 1)
    half.update({p: "C" for p, b in batch.items() if b == 2})
    half.update({p: "D" + {"A": "1", "B": "2"}[h]
                 for p, h in halves(p for p, b in batch.items() if b == 3).items()})
    items = [it for it in items if half[it[0]["path"]] in parts]
    storyline(items[0][1], items[0][2])  # warm the imports and the language model
    results = {}
    for sys_name, fn in SYSTEMS.items():
        start = time.perf_counter()
        preds = [fn(name, text) for _, name, text in items]
        speed = len(items) / (time.perf_counter() - start)
        results[sys_name] = (preds, speed)
    shapes = sorted({label["shape"] for label, _, _ in items})
    sizes = {part: sum(1 for label, _, _ in items if half[label["path"]] == part)
             for part in PARTS}
    print(f"{len(items)} labelled dumps; " + ", ".join(
        f"{part} {n}" for part, n in sizes.items() if n)
        + " (A, B, C developed on; D1, D2 held out; 'all' is A+B+C)")
    print(f"{'system':<18}{'set':<16}{'half':>5}{'n':>5}" + "".join(f"{f:>8}" for f in FIELDS))
    for sys_name, (preds, speed) in results.items():
        for shape in [*shapes, "all"]:
            for part in (*PARTS, "all"):
                rows = [(label, pred, text)
                        for (label, _, text), pred in zip(items, preds, strict=True)
                        if (shape == "all" or label["shape"] == shape)
                        and (half[label["path"]] == part
                             or (part == "all" and half[label["path"]][0] != "D"))]
                if not rows:
                    continue
                cells = ""
                for f in FIELDS:
                    counted = [hit(f, lb, p) for lb, p, tx in rows if scored(lb, f, tx)]
                    cells += f"{sum(counted) / len(counted):>8.3f}" if counted else f"{'-':>8}"
                print(f"{sys_name:<18}{shape:<16}{part:>5}{len(rows):>5}{cells}")
        print(f"{sys_name:<18}{'dumps/s':<16}{speed:>10.1f}")
    for part in ("D1", "D2"):
        rows = [(label, text) for label, _, text in items if half[label["path"]] == part]
        if rows:
            print(f"set {part} fields scored: " + ", ".join(
                f"{f} {sum(1 for lb, tx in rows if scored(lb, f, tx))}" for f in FIELDS)
                + f" (titles labelled {sum(1 for lb, _ in rows if lb['title'])}; only those"
                " on the page are scored)")
    preds = results["storyline"][0]
    dev = [(label, pred) for (label, _, _), pred in zip(items, preds, strict=True)
           if half[label["path"]][0] != "D"]
    if dev:  # the issue's figure: every labelled real dump, D (scored apart) aside
        hits = {f: sum(hit(f, lb, p) for lb, p in dev) for f in FIELDS}
        shapes_n = ", ".join(f"{sum(1 for lb, _ in dev if lb['shape'] == sh)} {sh}"
                             for sh in shapes)
        print(f"storyline overall, all {len(dev)} labelled dumps but D ({shapes_n}): "
              + ", ".join(f"{f} {hits[f] / len(dev):.3f} ({hits[f]}/{len(dev)})" for f in FIELDS)
              + "; goal title >= 0.97")
    langs = sum(1 for p in preds if p.get("language"))
    sites = sum(1 for p in preds if p.get("site"))
    print(f"storyline language found for {langs}/{len(preds)}, site for {sites}/{len(preds)}")
    if "-v" in argv:  # storyline's misses on the sets developed on (a D half: named only)
        for (label, name, text), pred in zip(items, preds, strict=True):
            if half[label["path"]][0] == "D" and not parts[half[label["path"]]]:
                continue
            for f in FIELDS:
                if scored(label, f, text) and not hit(f, label, pred):
                    print(f"  {half[label['path']]} {name[:40]:<40} {f:<7} "
                          f"want {str(label[f])[:50]!r} got {str(pred.get(f))[:50]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
