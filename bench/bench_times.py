"""Time expressions: TimeBank span/type/value scores and Recognizers-Text specs.

Run: .venv/bin/python bench/bench_times.py [--limit N] [--no-dateparser] [--no-recognizers]
(data from ../shared/data, or $STORYLINE_SHARED/data).

1. TimeBank (183 TempEval-3 TBAQ-cleaned news documents). Text = the content
   of <TEXT> with tags stripped; published = the date of the CREATION_TIME
   TIMEX3; gold = every other TIMEX3 inside <TEXT>. Scores as TempEval-3:
   strict span P/R/F1 (identical offsets), relaxed span P/R/F1 (any overlap,
   one-to-one), type accuracy over relaxed matches, value accuracy over
   relaxed matches, and value F1 = relaxed-match F1 where a match counts only
   when the normalised value is also identical.
   Anchors: TempEval-3 published value F1 on the *platinum test set* (20 other
   documents, not TimeBank): HeidelTime 77.6, SUTime 67.4; those systems were
   built on TimeBank, so the anchor is an orientation, not a same-data race.
   dateparser's `search_dates` runs on the same texts in the same process
   (RELATIVE_BASE = creation time; its datetimes become day values), and so
   does Microsoft Recognizers-Text's own Python port (recognizers-text-suite
   1.0.2a2, MIT; optional, the row is skipped when it is not installed): its
   English datetimeV2 model with the creation time as reference; span =
   Start..End (End inclusive, made exclusive); value = the `timex` of the first
   resolution value (an underspecified timex such as XXXX-03-03 stays as it
   is); type date/daterange -> DATE, datetime -> TIME when its timex has a
   time part else DATE, time/timerange/datetimerange -> TIME, duration ->
   DURATION, set -> SET.
2. Recognizers-Text DateTime specs (Microsoft, MIT): cases whose expected
   results are all English dates, date ranges without explicit intervals and
   durations (the rest are time-of-day and range grammar, out of scope), plus
   the cases expecting nothing. A prediction counts when it overlaps the
   expected span and its value equals the expected timex or one of its
   resolved values. dateparser runs on the same cases, and Recognizers-Text
   too: these specs are its own test data (many are marked NotSupported for
   its Python port; the count is printed), so its row is its ceiling on them,
   not a fair comparison.
   Halves: the documents are split in two by the SHA-256 of their file name
   (sorted by hash, the first half rounded up is A, the rest B). From issue 12 on,
   time rules are developed looking at half A only (`--half A --errors N`); half B
   is printed beside it as the figure on documents the rules are not tuned on.
   (Rules written before the split had seen all of TimeBank; see
   docs/benchmarks.md.)
3. Speed: TimeBank documents per second of `extract_times` (rules only), and
   of dateparser's `search_dates` and of Recognizers-Text for comparison. With --analysis, a row
   where `extract_times` also gets the spaCy analysis (its docs/s is that of
   the spaCy analysis, which the pipeline runs anyway).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import re
import sys
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from storyline.analyse.times import extract_times

ANCHORS = {"HeidelTime (TempEval-3 platinum)": 77.6, "SUTime (TempEval-3 platinum)": 67.4}


def shared_data() -> Path:
    """../shared/data next to the project, or $STORYLINE_SHARED/data."""
    root = os.environ.get("STORYLINE_SHARED")
    base = Path(root) if root else Path(__file__).resolve().parents[2] / "shared"
    return base / "data"


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    type: str
    value: str


@dataclass(frozen=True)
class Doc:
    name: str
    text: str
    published: dt.date
    gold: tuple[Gold, ...]


_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")


def load_timebank(path: Path) -> Doc:
    """Plain text of <TEXT>, its TIMEX3 spans and the creation date."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    value = re.search(r'value="(\d{4}-\d\d-\d\d)', dct.group()) if dct else None
    published = dt.date.fromisoformat(value.group(1))
    body = raw[raw.index("<TEXT>") + 6:raw.index("</TEXT>")]
    parts: list[str] = []
    length = 0
    gold: list[Gold] = []
    open_timex: tuple[int, dict] | None = None
    pos = 0
    for match in _TAG.finditer(body):
        piece = html.unescape(body[pos:match.start()])
        parts.append(piece)
        length += len(piece)
        pos = match.end()
        closing, name, attrs = match.groups()
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(re.findall(r'(\w+)="([^"]*)"', attrs)))
        elif open_timex:
            start, attributes = open_timex
            gold.append(Gold(start, length, attributes.get("type", ""),
                             attributes.get("value", "")))
            open_timex = None
    parts.append(html.unescape(body[pos:]))
    return Doc(path.stem, "".join(parts), published, tuple(gold))


def halves(names: Iterable[str]) -> dict[str, str]:
    """'A' (development) or 'B' (held out) for each document name: a fixed split by the
    SHA-256 of the name, so it never changes when the code does."""
    import hashlib

    ordered = sorted(set(names), key=lambda n: hashlib.sha256(n.encode("utf-8")).hexdigest())
    first = set(ordered[: (len(ordered) + 1) // 2])
    return {n: "A" if n in first else "B" for n in ordered}


Span = tuple[int, int, str, str]  # start, end, type, value


def score(golds: Iterable[tuple[Gold, ...]], preds: Iterable[list[Span]]) -> dict[str, float]:
    """TempEval-3 style span, type and value scores over documents."""
    n_gold = n_pred = strict = relaxed = type_ok = value_ok = 0
    for gold, pred in zip(golds, preds, strict=True):
        n_gold += len(gold)
        n_pred += len(pred)
        used: set[int] = set()
        for g in gold:
            best = None
            for i, p in enumerate(pred):
                if i in used or not (p[0] < g.end and g.start < p[1]):
                    continue
                if best is None or (p[0], p[1]) == (g.start, g.end):
                    best = i
            if best is None:
                continue
            used.add(best)
            p = pred[best]
            relaxed += 1
            strict += (p[0], p[1]) == (g.start, g.end)
            type_ok += p[2] == g.type
            value_ok += p[3] == g.value

    def f1(hits: int) -> tuple[float, float, float]:
        precision = hits / n_pred if n_pred else 0.0
        recall = hits / n_gold if n_gold else 0.0
        return precision, recall, (2 * precision * recall / (precision + recall)
                                   if precision + recall else 0.0)

    sp, sr, sf = f1(strict)
    rp, rr, rf = f1(relaxed)
    vp, vr, vf = f1(value_ok)
    return {"strict P": sp, "strict R": sr, "strict F1": sf, "relaxed P": rp,
            "relaxed R": rr, "relaxed F1": rf,
            "type acc": type_ok / relaxed if relaxed else 0.0,
            "value acc": value_ok / relaxed if relaxed else 0.0, "value F1": vf,
            "gold": n_gold, "pred": n_pred}


def storyline_spans(text: str, published: dt.date) -> list[Span]:
    return [(t.start, t.end, t.type, t.value) for t in extract_times(text, published)]


def dateparser_spans(text: str, published: dt.date) -> list[Span]:
    """dateparser.search_dates, its strings located in order, values at day precision."""
    from dateparser.search import search_dates

    base = dt.datetime.combine(published, dt.time())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    spans: list[Span] = []
    pos = 0
    for surface, when in found:
        start = text.find(surface, pos)
        if start < 0:
            start = text.find(surface)
        if start < 0:
            continue
        pos = start + len(surface)
        spans.append((start, start + len(surface), "DATE", when.date().isoformat()))
    return spans


RECOGNIZERS = "Recognizers-Text 1.0.2a2"
_RT_TYPES = {"datetimeV2.date": "DATE", "datetimeV2.daterange": "DATE",
             "datetimeV2.time": "TIME", "datetimeV2.timerange": "TIME",
             "datetimeV2.datetimerange": "TIME", "datetimeV2.duration": "DURATION",
             "datetimeV2.set": "SET"}


def recognizers_model():
    """Recognizers-Text's English datetime model, or None when it is not installed."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from recognizers_date_time import DateTimeRecognizer
            from recognizers_text import Culture
    except ImportError:
        return None
    return DateTimeRecognizer(Culture.English).get_datetime_model()


def recognizers_spans(model, text: str, published: dt.date) -> list[Span]:
    """Recognizers-Text datetimeV2 results: exclusive spans, TimeML type, first timex."""
    spans: list[Span] = []
    for r in model.parse(text, dt.datetime.combine(published, dt.time())):
        values = (r.resolution or {}).get("values") or [{}]
        timex = values[0].get("timex", "")
        kind = _RT_TYPES.get(r.type_name, "DATE")
        if r.type_name == "datetimeV2.datetime":
            kind = "TIME" if "T" in timex else "DATE"
        spans.append((r.start, r.end + 1, kind, timex))
    return spans


def run_timebank(docs: list[Doc], system: Callable[[str, dt.date], list[Span]]):
    started = time.perf_counter()
    preds = [system(d.text, d.published) for d in docs]
    elapsed = time.perf_counter() - started
    return score((d.gold for d in docs), preds), len(docs) / elapsed if elapsed else 0.0


# --- Recognizers-Text ---------------------------------------------------------------------

IN_SCOPE = {"datetimeV2.date", "datetimeV2.daterange", "datetimeV2.duration"}


def load_recognizers(path: Path) -> list[tuple[str, dt.date, list[tuple[int, int, set[str]]]]]:
    """(input, reference date, [(start, end, accepted values)]) for in-scope cases."""
    return [case[:3] for case in _load_recognizers(path)]


def python_unsupported(path: Path) -> int:
    """In-scope cases the specs mark NotSupported for Recognizers-Text's Python port."""
    return sum(case[3] for case in _load_recognizers(path))


def _load_recognizers(path: Path) -> list[tuple[str, dt.date, list[tuple[int, int, set[str]]],
                                                 bool]]:
    cases = []
    for case in json.loads(path.read_text(encoding="utf-8-sig")):
        reference = case.get("Context", {}).get("ReferenceDateTime")
        if not reference:
            continue
        results = case.get("Results", [])
        expected = []
        ok = True
        for result in results:
            kind = result.get("TypeName") or result.get("Typename")
            values = result.get("Resolution", {}).get("values", [])
            timexes = {v.get("timex", "") for v in values}
            if kind not in IN_SCOPE or any(t.startswith("(") or "T" in t.lstrip("P")
                                           for t in timexes):
                ok = False
                break
            accepted = timexes | {v["value"] for v in values if "value" in v}
            expected.append((result["Start"], result["End"] + 1, accepted))
        if ok:
            unsupported = "python" in (case.get("NotSupported", "") + ","
                                       + case.get("NotSupportedByDesign", "")).casefold()
            cases.append((case["Input"], dt.date.fromisoformat(reference[:10]), expected,
                          unsupported))
    return cases


def _accepts(accepted: set[str], value: str) -> bool:
    """Equal to an expected value, X in an expected timex standing for any digit."""
    return any(value == a or (len(value) == len(a) and "X" in a and all(
        x == "X" or x == v for x, v in zip(a, value, strict=True))) for a in accepted)


def run_recognizers(cases, system: Callable[[str, dt.date], list[Span]]) -> dict[str, float]:
    n_gold = n_pred = hits = 0
    for text, reference, expected in cases:
        pred = system(text, reference)
        n_gold += len(expected)
        n_pred += len(pred)
        used: set[int] = set()
        for start, end, accepted in expected:
            for i, p in enumerate(pred):
                if i not in used and p[0] < end and start < p[1] and _accepts(accepted, p[3]):
                    used.add(i)
                    hits += 1
                    break
    precision = hits / n_pred if n_pred else 0.0
    recall = hits / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"cases": len(cases), "expected": n_gold, "pred": n_pred, "value P": precision,
            "value R": recall, "value F1": f1}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument("--no-dateparser", action="store_true", help="skip the dateparser rows")
    parser.add_argument("--no-recognizers", action="store_true",
                        help="skip the Recognizers-Text rows")
    parser.add_argument("--errors", type=int, default=0, help="print N value errors")
    parser.add_argument("--analysis", action="store_true",
                        help="also run with the spaCy analysis (sentences, numeric vetoes)")
    parser.add_argument("--half", choices=["A", "B"],
                        help="only the development (A) or held-out (B) half of TimeBank")
    args = parser.parse_args(argv)
    data = shared_data() / "time"
    files = sorted((data / "TimeBank").glob("*.tml"))
    half_of = halves(f.stem for f in files)
    if args.half:
        files = [f for f in files if half_of[f.stem] == args.half]
    if args.limit:
        files = files[:args.limit]
    if not files:
        print(f"no TimeBank documents under {data}", file=sys.stderr)
        return 1
    docs = [load_timebank(f) for f in files]
    rows = [("storyline (rules only)", *run_timebank(docs, storyline_spans))]
    if args.analysis:
        from storyline.analyse.nlp import analyse_texts

        started = time.perf_counter()
        analyses = {d.text: a for d, a in zip(docs, analyse_texts(d.text for d in docs),
                                               strict=True)}
        spacy_seconds = time.perf_counter() - started

        def with_analysis(text: str, published: dt.date) -> list[Span]:
            return [(t.start, t.end, t.type, t.value)
                    for t in extract_times(text, published, analyses[text])]

        scores, _ = run_timebank(docs, with_analysis)
        rows.append(("storyline + spaCy analysis", scores, len(docs) / spacy_seconds))
    if not args.no_dateparser:
        rows.append(("dateparser 1.5.0 search_dates", *run_timebank(docs, dateparser_spans)))
    model = None if args.no_recognizers else recognizers_model()
    if model is not None:
        rows.append((RECOGNIZERS, *run_timebank(
            docs, lambda text, published: recognizers_spans(model, text, published))))
    elif not args.no_recognizers:
        print("Recognizers-Text not installed, its rows are skipped: pip install "
              "recognizers-text-suite==1.0.2a2 emoji==1.7.0")
    keys = ("strict P", "strict R", "strict F1", "relaxed P", "relaxed R", "relaxed F1",
            "type acc", "value acc", "value F1")
    print(f"TimeBank: {len(docs)} documents, {sum(len(d.gold) for d in docs)} gold TIMEX3")
    print(f"{'system':32} " + " ".join(f"{k:>10}" for k in keys) + f" {'docs/s':>8}")
    for name, scores, speed in rows:
        print(f"{name:32} " + " ".join(f"{100 * scores[k]:10.1f}" for k in keys)
              + f" {speed:8.1f}")
    for name, value in ANCHORS.items():
        print(f"{name:32} " + " ".join(" " * 10 for _ in keys[:-1]) + f" {value:10.1f}"
              + f" {'-':>8}")
    by_half = {h: [d for d in docs if half_of[d.name] == h] for h in ("A", "B")}
    print("\nTimeBank halves (A: rules developed on it; B: held out), value F1:")
    print(f"{'system':32} {'A':>10} {'B':>10}   documents A/B: {len(by_half['A'])}/"
          f"{len(by_half['B'])}")
    half_scores = {h: run_timebank(ds, storyline_spans)[0]["value F1"] if ds else None
                   for h, ds in by_half.items()}
    print(f"{'storyline (rules only)':32} " + " ".join(
        f"{100 * v:10.1f}" if v is not None else f"{'-':>10}" for v in half_scores.values()))
    print(f"{'HeidelTime (TempEval-3 platinum)':32} {ANCHORS[next(iter(ANCHORS))]:10.1f} "
          f"{ANCHORS[next(iter(ANCHORS))]:10.1f}")
    if args.errors:
        shown = 0
        for doc in docs:
            pred = storyline_spans(doc.text, doc.published)
            for g in doc.gold:
                match = [p for p in pred if p[0] < g.end and g.start < p[1]]
                got = match[0] if match else None
                if got is None or got[3] != g.value:
                    print(f"{doc.published} {doc.text[g.start:g.end]!r:34} gold={g.value:14}"
                          f" got={got[3] if got else '-':14} {doc.text[got[0]:got[1]]!r}"
                          if got else f"{doc.published} {doc.text[g.start:g.end]!r:34} "
                          f"gold={g.value:14} MISSED")
                    shown += 1
            golds = [(g.start, g.end) for g in doc.gold]
            for p in pred:
                if not any(p[0] < e and s < p[1] for s, e in golds):
                    print(f"{doc.published} FALSE {doc.text[p[0]:p[1]]!r} {p[3]}")
                    shown += 1
            if shown >= args.errors:
                break
    specs = data / "DateTime_DateTimeModel.json"
    if specs.exists():
        cases = load_recognizers(specs)
        spec_rows = [("storyline", run_recognizers(cases, storyline_spans))]
        if not args.no_dateparser:
            spec_rows.append(("dateparser 1.5.0 search_dates",
                              run_recognizers(cases, dateparser_spans)))
        if model is not None:
            spec_rows.append((f"{RECOGNIZERS} (own test data)", run_recognizers(
                cases, lambda text, published: recognizers_spans(model, text, published))))
        print(f"\nRecognizers-Text DateTime specs in scope: {spec_rows[0][1]['cases']} cases, "
              f"{spec_rows[0][1]['expected']} expected values ({python_unsupported(specs)} "
              "cases marked NotSupported for its Python port)")
        print(f"{'system':40} {'pred':>6} {'value P':>8} {'value R':>8} {'value F1':>8}")
        for name, s in spec_rows:
            print(f"{name:40} {s['pred']:6d} {100 * s['value P']:8.1f} "
                  f"{100 * s['value R']:8.1f} {100 * s['value F1']:8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
