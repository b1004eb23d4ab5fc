"""Main-text extraction: storyline vs trafilatura on the article-extraction benchmark.

Run: .venv/bin/python bench/bench_extraction.py [--limit N] [--pages] [--json]
(data from ../shared/data, or $STORYLINE_SHARED/data).

Pages are gzip-compressed HTML, decoded the same way for every system; the
expected text is the human-extracted `articleBody`. The score is the
benchmark's own: texts split into `\\w+` tokens, 4-token shingles counted as
multisets; per page tp/fp/fn are normalised by their sum; precision is
averaged over pages with a non-empty prediction, recall over pages with a
non-empty truth (a page with both texts empty scores 1.0), and F1 is taken
from the two averages.

Speed is pages/second in one process, from the HTML string to the text,
parsing included; every system is timed twice and the best run is kept.
`--pages` lists the pages where storyline and trafilatura differ most.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = "article-extraction-benchmark"
_TOKEN = re.compile(r"\w+")

# F1 on the full 181-page set, as published by the benchmark and its forks.
PUBLISHED = (("rs_trafilatura", 0.970), ("Zyte AutoExtract (2019)", 0.970),
             ("go_trafilatura", 0.960), ("trafilatura 2.0.0", 0.958), ("Diffbot", 0.951),
             ("newspaper4k", 0.949), ("news-please", 0.948), ("readability.js", 0.947),
             ("goose3", 0.896), ("jusText", 0.804))


def shared_data() -> Path:
    """The shared data folder; $STORYLINE_SHARED overrides ../shared."""
    base = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
    return base / "data"


def load_pages(folder: Path | None = None, limit: int | None = None) -> list[tuple[str, str, str]]:
    """(key, html text, expected article body) for each page, sorted by key."""
    from storyline.extract.decode import decode

    folder = folder or shared_data() / BENCH
    truth_file = folder / "ground-truth.json"
    if not truth_file.is_file():
        raise FileNotFoundError(
            f"benchmark not found at {folder}; set STORYLINE_SHARED to the folder that "
            f"holds data/{BENCH}")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth)[:limit]:
        raw = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        pages.append((key, decode(raw, None), truth[key].get("articleBody") or ""))
    return pages


def _shingles(text: str) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + 4]) for i in range(max(1, len(tokens) - 3))
                   if tokens[i:i + 4])


def match(truth: str, pred: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of the 4-token shingles of one page."""
    want, got = _shingles(truth), _shingles(pred)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def page_f1(counts: tuple[float, float, float]) -> float:
    p, r = precision(*counts), recall(*counts)
    return 2 * p * r / (p + r) if p + r else 0.0


def scores(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """F1, precision and recall over pages, as the benchmark computes them."""
    ps = [precision(*c) for c in counts if c[0] + c[1] > 0]
    rs = [recall(*c) for c in counts if c[0] + c[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return {"f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r}


def storyline_text(html: str) -> str:
    from storyline.extract.html import main_text, parse

    return main_text(parse(html))


FAILURES: list[str] = []


def storyline_full(html: str) -> str:
    """The whole extraction; a crash is counted and reported, not fatal to the run."""
    from storyline.extract.html import NoArticleError, extract_html

    try:
        return extract_html(html).text
    except NoArticleError:
        return ""
    except Exception as err:  # noqa: BLE001 - a bug elsewhere must not hide the figures
        FAILURES.append(f"{type(err).__name__}: {err}")
        return ""


def trafilatura_default(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def trafilatura_precision(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, favor_precision=True) or ""


SYSTEMS: dict[str, Callable[[str], str]] = {
    "storyline main_text": storyline_text,
    "trafilatura default": trafilatura_default,
    "trafilatura precision": trafilatura_precision,
}


def timed(pages, extractor, repeat: int = 2) -> tuple[list[str], float]:
    """Outputs of the first run and the best pages/second over `repeat` runs."""
    best, outputs = float("inf"), []
    for _ in range(repeat):
        start = time.perf_counter()
        outs = [extractor(html) for _, html, _ in pages]
        best = min(best, time.perf_counter() - start)
        outputs = outputs or outs
    return outputs, len(pages) / best


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--pages", action="store_true",
                        help="list pages where storyline and trafilatura default differ")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    try:
        pages = load_pages(limit=args.limit)
    except FileNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for extractor in SYSTEMS.values():  # warm imports and caches before timing
        extractor(pages[0][1])
    results, per_page = {}, {}
    for name, extractor in SYSTEMS.items():
        outputs, speed = timed(pages, extractor)
        counts = [match(truth, out) for (_, _, truth), out in zip(pages, outputs, strict=True)]
        results[name] = {**scores(counts), "pages_per_second": speed}
        per_page[name] = counts
    _, full_speed = timed(pages, storyline_full)
    results["storyline extract_html"] = {"pages_per_second": full_speed}
    ratio = (results["storyline main_text"]["pages_per_second"]
             / results["trafilatura default"]["pages_per_second"])
    if args.json:
        print(json.dumps({"pages": len(pages), "systems": results, "speed_ratio": ratio,
                          "extract_html_errors": len(FAILURES) // 2,
                          "published_full_set": dict(PUBLISHED)}, indent=2))
        return 0
    print(f"{len(pages)} pages of {BENCH}, one process")
    print(f"{'system':<26}{'F1':>7}{'prec':>7}{'recall':>8}{'pages/s':>9}")
    for name, res in results.items():
        if "f1" in res:
            print(f"{name:<26}{res['f1']:>7.3f}{res['precision']:>7.3f}{res['recall']:>8.3f}"
                  f"{res['pages_per_second']:>9.1f}")
    print(f"{'storyline extract_html':<26}{'(text + metadata + dropped blocks)':>31}"
          f"{full_speed:>9.1f}")
    if FAILURES:
        print(f"  extract_html raised on {len(FAILURES) // 2} pages, e.g. {FAILURES[0]}")
    print(f"main_text speed / trafilatura default speed: {ratio:.2f}")
    print("published F1, full 181-page set: "
          + ", ".join(f"{name} {f1:.3f}" for name, f1 in PUBLISHED))
    if args.pages:
        mine, theirs = per_page["storyline main_text"], per_page["trafilatura default"]
        rows = sorted(((page_f1(a) - page_f1(b), key, a, b) for (key, _, _), a, b
                       in zip(pages, mine, theirs, strict=True)), key=lambda row: row[0])
        print("\npage        storyline F1 (P/R)        trafilatura F1 (P/R)")
        for diff, key, a, b in rows:
            if abs(diff) > 1e-9 or page_f1(a) < 0.95:
                print(f"{key[:10]}  {page_f1(a):.3f} ({precision(*a):.2f}/{recall(*a):.2f})"
                      f"{'':8}{page_f1(b):.3f} ({precision(*b):.2f}/{recall(*b):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
