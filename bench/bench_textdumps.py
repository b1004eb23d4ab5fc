"""Text dumps: headline, byline and date of real articles saved as plain text.

Run: .venv/bin/python bench/bench_textdumps.py [-v]   (data from ../shared/data, or
$STORYLINE_SHARED/data).

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

The labels are split in two fixed halves (bench/halves.py, by the SHA-256 of
`path`): rules were developed looking at half A; half B is held out. The
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


def load(labels: Path = LABELS) -> list[tuple[dict, str, str]]:
    """(label, dump name, dump text) for every labelled dump."""
    data = shared_data()
    out = []
    for line in labels.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        label = json.loads(line)
        path = data / label["path"]
        if not path.is_file():
            raise FileNotFoundError(f"{path} not found; set STORYLINE_SHARED")
        if label["shape"] == "flattened":
            text = flatten(gzip.decompress(path.read_bytes()))
            name = path.name.split(".")[0] + ".txt"
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


def main(argv: list[str]) -> int:
    try:
        items = load()
    except FileNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    half = halves(label["path"] for label, _, _ in items)
    storyline(items[0][1], items[0][2])  # warm the imports and the language model
    results = {}
    for sys_name, fn in SYSTEMS.items():
        start = time.perf_counter()
        preds = [fn(name, text) for _, name, text in items]
        speed = len(items) / (time.perf_counter() - start)
        results[sys_name] = (preds, speed)
    shapes = sorted({label["shape"] for label, _, _ in items})
    counts = ", ".join(f"{s}: {sum(1 for lb, _, _ in items if lb['shape'] == s)}"
                       for s in shapes)
    print(f"{len(items)} labelled dumps ({counts}); "
          f"half A {sum(1 for v in half.values() if v == 'A')} development, "
          f"half B {sum(1 for v in half.values() if v == 'B')} held out")
    print(f"{'system':<18}{'set':<16}{'half':>5}{'n':>5}" + "".join(f"{f:>8}" for f in FIELDS))
    for sys_name, (preds, speed) in results.items():
        for shape in [*shapes, "all"]:
            for part in ("A", "B", "all"):
                rows = [(label, pred) for (label, _, _), pred in zip(items, preds, strict=True)
                        if (shape == "all" or label["shape"] == shape)
                        and (part == "all" or half[label["path"]] == part)]
                if not rows:
                    continue
                hits = [sum(norm(f, lb[f]) == norm(f, p.get(f)) for lb, p in rows)
                        for f in FIELDS]
                cells = "".join(f"{h / len(rows):>8.3f}" for h in hits)
                print(f"{sys_name:<18}{shape:<16}{part:>5}{len(rows):>5}{cells}")
        print(f"{sys_name:<18}{'dumps/s':<16}{speed:>10.1f}")
    preds = results["storyline"][0]
    langs = sum(1 for p in preds if p.get("language"))
    sites = sum(1 for p in preds if p.get("site"))
    print(f"storyline language found for {langs}/{len(preds)}, site for {sites}/{len(preds)}")
    if "-v" in argv:  # storyline's misses on half A only (half B is not for tuning)
        for (label, name, _), pred in zip(items, preds, strict=True):
            if half[label["path"]] != "A":
                continue
            for f in FIELDS:
                if norm(f, label[f]) != norm(f, pred.get(f)):
                    print(f"  {name[:40]:<40} {f:<7} want {str(label[f])[:50]!r} "
                          f"got {str(pred.get(f))[:50]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
