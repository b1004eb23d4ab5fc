"""Main-text extraction: storyline vs trafilatura, on two sets of real pages.

Run: .venv/bin/python bench/bench_extraction.py [--set benchmark|readability|both]
     [--half A|both] [--limit N] [--pages] [--json]   (data from ../shared/data, or
     $STORYLINE_SHARED/data). Half B is scored only with `--half both`.

Sets:
- benchmark: the article-extraction-benchmark's 88 pages (gzip-compressed
  HTML); the expected text is the human-extracted `articleBody`;
- readability: Mozilla Readability's 65 test pages (`NAME/source.html`);
  the expected text is `NAME/expected.html`, the main content that suite
  expects, turned into text once by `html_to_text` (block elements on lines
  of their own), the same truth for every system.

Each set is split in two fixed halves (bench/halves.py: by the SHA-256 of the
page name). Rules are developed on half A; half B is the figure for pages
they were not tuned on. By default only half A is loaded, scored and timed,
so a development run never shows half B; `--half both` prints A, B and the
whole set, and is meant to be run once at the end of a round (each such run
is counted in docs/benchmarks.md).

Pages are decoded the same way for every system. The score is the
benchmark's own: texts split into `\\w+` tokens, 4-token shingles counted as
multisets; per page tp/fp/fn are normalised by their sum; precision is
averaged over pages with a non-empty prediction, recall over pages with a
non-empty truth (a page with both texts empty scores 1.0), and F1 is taken
from the two averages.

Speed is pages/second in one process over the whole set, from the HTML string
to the text, parsing included (start-up and imports excluded: every system
runs once on a page before timing). The systems are timed interleaved, page
by page in turn (the order rotating), over `--repeat` rounds, so a machine
busy with other work slows them alike and the speed ratio stays fair.
`--pages` lists the pages of half A where storyline and trafilatura differ
most (half B is not listed: it is not for tuning).
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from halves import halves  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BENCH = "article-extraction-benchmark"
READABILITY = "readability-test-pages"
_TOKEN = re.compile(r"\w+")

# F1 on the full 181-page set, as published by the benchmark and its forks.
PUBLISHED = (("rs_trafilatura", 0.970), ("Zyte AutoExtract (2019)", 0.970),
             ("go_trafilatura", 0.960), ("trafilatura 2.0.0", 0.958), ("Diffbot", 0.951),
             ("newspaper4k", 0.949), ("news-please", 0.948), ("readability.js", 0.947),
             ("goose3", 0.896), ("jusText", 0.804))

_BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4"
    " h5 h6 header hr li main nav ol p pre section table tbody td th thead tr ul".split())


def shared_data() -> Path:
    """The shared data folder; $STORYLINE_SHARED overrides ../shared."""
    base = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
    return base / "data"


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment, each block element on lines of its own."""
    from lxml import html as lxml_html

    tree = lxml_html.fragment_fromstring(markup, create_parent="div")
    parts: list[str] = []

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("script", "style", "noscript", "template"):
            if el.tail:
                parts.append(el.tail)
            return
        block = tag in _BLOCKS
        if block:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(tree)
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def load_benchmark(limit: int | None = None) -> list[tuple[str, str, str]]:
    """(key, html text, expected article body) for each benchmark page, sorted by key."""
    from storyline.extract.decode import decode

    folder = shared_data() / BENCH
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


# The name bench_metadata and older scripts import.
load_pages = load_benchmark


def load_readability(limit: int | None = None) -> list[tuple[str, str, str]]:
    """(name, html text, expected main text) for each Readability test page, sorted."""
    from storyline.extract.decode import decode

    folder = shared_data() / READABILITY
    if not folder.is_dir():
        raise FileNotFoundError(
            f"readability test pages not found at {folder}; set STORYLINE_SHARED to the "
            f"folder that holds data/{READABILITY}")
    pages = []
    for page in sorted(p for p in folder.iterdir() if p.is_dir())[:limit]:
        src, exp = page / "source.html", page / "expected.html"
        if src.is_file() and exp.is_file():
            expected = html_to_text(exp.read_text(encoding="utf-8"))
            pages.append((page.name, decode(src.read_bytes(), None), expected))
    return pages


LOADERS = {"benchmark": load_benchmark, "readability": load_readability}


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


def interleaved(pages, extractors: dict[str, Callable[[str], str]],
                repeat: int = 2) -> dict[str, float]:
    """Pages/second of each extractor, timed page by page in rotating order."""
    names = list(extractors)
    spent = dict.fromkeys(names, 0.0)
    for rnd in range(repeat):
        for i, (_, html, _) in enumerate(pages):
            shift = (i + rnd) % len(names)
            for sys_name in names[shift:] + names[:shift]:
                start = time.perf_counter()
                extractors[sys_name](html)
                spent[sys_name] += time.perf_counter() - start
    return {sys_name: repeat * len(pages) / spent[sys_name] for sys_name in names}


def run_set(name: str, pages, repeat: int = 2, parts: str = "both") -> dict:
    """Scores per half and overall, and speed, for every system on one set.

    With `parts="A"` only half A's pages are run (scored and timed).
    """
    half = halves(key for key, _, _ in pages)
    if parts == "A":
        pages = [page for page in pages if half[page[0]] == "A"]
    for extractor in SYSTEMS.values():  # warm imports and caches before timing
        extractor(pages[0][1])
    speeds = interleaved(pages, {**SYSTEMS, "storyline extract_html": storyline_full}, repeat)
    systems, per_page = {}, {}
    for sys_name, extractor in SYSTEMS.items():
        outputs = [extractor(html) for _, html, _ in pages]
        counts = [match(truth, out) for (_, _, truth), out in zip(pages, outputs, strict=True)]
        row = {"pages_per_second": speeds[sys_name]}
        if parts == "both":  # with half A alone, "all" would be half A again
            row["all"] = scores(counts)
        for part in ("A", "B") if parts == "both" else ("A",):
            row[part] = scores([c for (key, _, _), c in zip(pages, counts, strict=True)
                                if half[key] == part])
        systems[sys_name] = row
        per_page[sys_name] = counts
    full_speed = speeds["storyline extract_html"]
    ratio = (systems["storyline main_text"]["pages_per_second"]
             / systems["trafilatura default"]["pages_per_second"])
    return {"set": name, "pages": len(pages), "parts": parts,
            "half_sizes": {p: sum(1 for v in half.values() if v == p) for p in "AB"},
            "systems": systems, "extract_html_pages_per_second": full_speed,
            "speed_ratio": ratio, "per_page": per_page, "half": half,
            "keys": [key for key, _, _ in pages]}


def print_set(res: dict, show_pages: bool) -> None:
    sizes = res["half_sizes"]
    if res["parts"] == "both":
        print(f"\n{res['set']}: {res['pages']} pages (half A {sizes['A']} development, "
              f"half B {sizes['B']} held out), one process")
    else:
        print(f"\n{res['set']}: half A only, {sizes['A']} pages (half B not run; "
              f"--half both scores it), one process")
    print(f"{'system':<24}{'half':>6}{'F1':>7}{'prec':>7}{'recall':>8}{'pages/s':>9}")
    shown = ("A", "B", "all") if res["parts"] == "both" else ("A",)
    for name, row in res["systems"].items():
        for part in shown:
            s = row[part]
            speed = f"{row['pages_per_second']:>9.1f}" if part == shown[-1] else ""
            print(f"{name if part == 'A' else '':<24}{part:>6}{s['f1']:>7.3f}"
                  f"{s['precision']:>7.3f}{s['recall']:>8.3f}{speed}")
    print(f"{'storyline extract_html':<24}{'(text + metadata + dropped blocks)':>28}"
          f"{res['extract_html_pages_per_second']:>9.1f}")
    print(f"main_text speed / trafilatura default speed: {res['speed_ratio']:.2f}")
    if show_pages:
        mine = res["per_page"]["storyline main_text"]
        theirs = res["per_page"]["trafilatura default"]
        rows = sorted(((page_f1(a) - page_f1(b), key, a, b) for key, a, b
                       in zip(res["keys"], mine, theirs, strict=True)
                       if res["half"][key] == "A"), key=lambda row: row[0])
        print("\nhalf A page                       storyline F1 (P/R)    trafilatura F1 (P/R)")
        for diff, key, a, b in rows:
            if abs(diff) > 1e-9 or page_f1(a) < 0.95:
                print(f"{key[:32]:<32}  {page_f1(a):.3f} ({precision(*a):.2f}/"
                      f"{recall(*a):.2f})    {page_f1(b):.3f} ({precision(*b):.2f}/"
                      f"{recall(*b):.2f})")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("benchmark", "readability", "both"), default="both")
    parser.add_argument("--half", choices=("A", "both"), default="A",
                        help="A: development half only (default); both: also the held-out "
                             "half B and the whole set (run it once at the end of a round)")
    parser.add_argument("--limit", type=int, help="only the first N pages of each set")
    parser.add_argument("--pages", action="store_true",
                        help="list half-A pages where storyline and trafilatura default differ")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs per system")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    names = ("benchmark", "readability") if args.set == "both" else (args.set,)
    results = []
    for name in names:
        try:
            pages = LOADERS[name](args.limit)
        except FileNotFoundError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        results.append(run_set(name, pages, args.repeat, args.half))
    if args.json:
        print(json.dumps([{k: v for k, v in r.items() if k not in ("per_page", "half", "keys")}
                          for r in results] + [{"published_full_set": dict(PUBLISHED),
                                                "extract_html_errors": len(FAILURES)}],
                         indent=2))
        return 0
    for res in results:
        print_set(res, args.pages)
    if FAILURES:
        print(f"  extract_html raised on {len(FAILURES)} page runs, e.g. {FAILURES[0]}")
    print("\npublished F1 (benchmark's full 181-page set): "
          + ", ".join(f"{name} {f1:.3f}" for name, f1 in PUBLISHED))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
