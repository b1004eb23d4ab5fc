"""Page metadata: storyline vs trafilatura on Mozilla Readability's test pages.

Run: .venv/bin/python bench/bench_metadata.py  (data from ../shared/data, or
$STORYLINE_SHARED/data). Each page's expected-metadata.json holds title,
byline, siteName, publishedTime and lang.

Comparison (the same for both systems): a field counts on a page only when
its expected value is non-empty; a prediction matches when it is equal,
case-sensitively, after html-unescaping, stripping and collapsing whitespace.
Bylines also drop a leading "By " on both sides (a display prefix, not part
of a name). Dates compare the calendar day (YYYY-MM-DD) only; languages the
primary subtag, lower-cased. trafilatura reports no page language, so it
is given <html lang> (an upper bound for it). Neither system gets a URL (the
test pages have none). Speed is pages/second of the metadata call alone, on
trees parsed beforehand (parsing is shared work and not timed).

The expected values are Mozilla Readability's output, which keeps a site
name in a declared title ("Headline - Site") and takes raw byline text;
storyline deliberately strips a trailing site name from titles (see
`strip_site_from_title`), so it gives up those few exact matches.
`-v` lists storyline's misses.

A last line checks language *detection* (py3langid on the main text, with the
page's declaration ignored) against the same expected `lang`: what storyline
answers for pages and dumps that declare nothing.
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("title", "byline", "siteName", "publishedTime", "lang")
_WS = re.compile(r"\s+")
_BY = re.compile(r"^by\s+", re.I)


def shared_data() -> Path:
    """The shared data folder; $STORYLINE_SHARED overrides ../shared."""
    base = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
    return base / "data"


def load_pages(folder: Path | None = None) -> list[tuple[str, str, dict]]:
    """(name, html text, expected metadata) for each test page, sorted by name."""
    from storyline.extract.decode import decode

    folder = folder or shared_data() / "readability-test-pages"
    if not folder.is_dir():
        raise FileNotFoundError(
            f"readability test pages not found at {folder}; set STORYLINE_SHARED to the "
            "folder that holds data/readability-test-pages"
        )
    pages = []
    for page in sorted(p for p in folder.iterdir() if p.is_dir()):
        src, exp = page / "source.html", page / "expected-metadata.json"
        if src.exists() and exp.exists():
            text = decode(src.read_bytes(), None)
            pages.append((page.name, text, json.loads(exp.read_text(encoding="utf-8"))))
    return pages


def norm(field: str, value) -> str:
    """The comparable form of a field value ('' when absent)."""
    if not isinstance(value, str):
        return ""
    text = _WS.sub(" ", html.unescape(value)).strip()
    if field == "byline":
        text = _BY.sub("", text)
    elif field == "publishedTime":
        match = re.search(r"\d{4}-\d{2}-\d{2}", text)
        text = match.group(0) if match else text
    elif field == "lang":
        text = re.split(r"[-_]", text.lower())[0]
    return text


def storyline_fields(tree) -> dict:
    from storyline.extract import dates
    from storyline.extract.metadata import html_metadata

    meta = html_metadata(tree, None)
    chosen = dates.choose_published(meta.date_evidence)
    return {"title": meta.title, "byline": meta.author, "siteName": meta.site,
            "publishedTime": chosen.value if chosen else None, "lang": meta.language}


def trafilatura_fields(tree) -> dict:
    from trafilatura.metadata import extract_metadata

    doc = extract_metadata(tree)
    lang = tree.get("lang")  # trafilatura reports no page language; give it <html lang>
    return {"title": doc.title, "byline": doc.author, "siteName": doc.sitename,
            "publishedTime": doc.date, "lang": lang}


SYSTEMS = {"storyline": storyline_fields, "trafilatura": trafilatura_fields}


def score(pages, extractor) -> tuple[dict, float, dict]:
    """Per-field exact matches, pages/second, and per-page predictions."""
    from storyline.extract.html import parse

    trees = [parse(text) for _, text, _ in pages]
    start = time.perf_counter()
    preds = [extractor(tree) for tree in trees]
    elapsed = time.perf_counter() - start
    hits = dict.fromkeys(FIELDS, 0)
    for (_, _, expected), pred in zip(pages, preds, strict=True):
        for field in FIELDS:
            want = norm(field, expected.get(field))
            if want and norm(field, pred.get(field)) == want:
                hits[field] += 1
    by_name = {name: pred for (name, _, _), pred in zip(pages, preds, strict=True)}
    return hits, len(pages) / elapsed, by_name


def detected(pages) -> str:
    """Pages whose detected text language is the expected `lang`, of those with one."""
    from storyline.extract import language
    from storyline.extract.html import main_text, parse

    want = [(norm("lang", e.get("lang")), text) for _, text, e in pages]
    want = [(lang, text) for lang, text in want if lang]
    hits = sum(language.detect(main_text(parse(text)))[0] == lang for lang, text in want)
    return f"{hits}/{len(want)}"


def totals(pages) -> dict:
    return {f: sum(1 for _, _, e in pages if norm(f, e.get(f))) for f in FIELDS}


def main(argv: list[str]) -> int:
    try:
        pages = load_pages()
    except FileNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    out = totals(pages)
    results = {name: score(pages, fn) for name, fn in SYSTEMS.items()}
    print(f"{len(pages)} pages; exact matches / pages with an expected value")
    print(f"{'field':<15}" + "".join(f"{name:>14}" for name in results))
    for field in FIELDS:
        cells = "".join(f"{f'{r[0][field]}/{out[field]}':>14}" for r in results.values())
        print(f"{field:<15}{cells}")
    print(f"{'total':<15}" + "".join(
        f"{f'{sum(r[0].values())}/{sum(out.values())}':>14}" for r in results.values()))
    print(f"{'pages/second':<15}" + "".join(f"{r[1]:>14.0f}" for r in results.values()))
    print(f"{'lang detected':<15}{detected(pages):>14}   (from the main text alone)")
    if "-v" in argv:  # list storyline's misses
        mine = results["storyline"][2]
        for name, _, expected in pages:
            for field in FIELDS:
                want = norm(field, expected.get(field))
                got = norm(field, mine[name].get(field))
                if want and got != want:
                    print(f"  {name:<32} {field:<13} want {want[:60]!r} got {got[:60]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
