"""Numbers and claims: storyline's number parser vs quantulum3 and a spaCy baseline.

Run: .venv/bin/python bench/bench_quantities.py [--limit N] [--family NAME] [--misses]
(data from ../shared/data/quantities, or $STORYLINE_SHARED/data).

1. Numbers, per file family of ../shared/data/quantities: Recognizers-Text
   Number (cardinals, fractions), Percent, NumberRange, Currency, and units
   (Dimension + Temperature + Age), and quantulum3's own cases. Gold results
   without a value (a bare unit word) are left out. Scores:
   value F1: a prediction is right when its span overlaps a gold span and
   its value equals the gold value (relative 1e-6; for ranges the interval
   ends must match, open or closed alike); span F1: also start and end exact
   (Recognizers' End is inclusive and is turned exclusive here).
   Which predictions count depends on the family: ordinals never (no family
   labels them); Percent: percentages; Currency: money; units: numbers with a
   non-money unit; NumberRange: ranges and numbers with a qualifier
   ("more than 30" -> (30, inf)); "A and B" where one bound is a lower and the
   other an upper bound is joined into one interval, as the spec writes it.
   Systems, run in this process on the same cases: storyline
   (analyse.numbers), quantulum3 0.10.0 (MIT; on its own quantulum3 cases it
   is scored on its own test set, so that row is its ceiling, not a fair
   comparison), Microsoft Recognizers-Text's own Python port
   (recognizers-text-suite 1.0.2a2, MIT; optional, skipped when not
   installed): the Recognizers specs are its own test data (many marked
   NotSupported for its Python port; the counts are printed), so those rows
   are its ceiling, not a fair comparison. Its English models per family:
   number, percentage, currency, dimension + temperature + age for units (all
   three on every units case, as storyline gets no hint of the file), all six
   on quantulum3's cases (overlaps keep the longest, a unit before a bare
   number); the Python port has no number-range model, so range has no row.
   Its resolution value is read as the gold values are (a trailing % dropped).
   And a plain baseline: spaCy en_core_web_sm CARDINAL /
   QUANTITY / MONEY / PERCENT spans with values from word2number / digits.
2. Claims on hand-labelled fictional sentences (tests/fixtures/claims/*.jsonl,
   written by hand, never produced by the code): wire.jsonl is the set the
   rules were developed on; heldout.jsonl was written and labelled before the
   code first ran on it. Ordinals and bare lengths of time labelled as claims
   there are left out (not claims since issue 12). Real news:
   bench/bench_claims_real.py. Claim detection P/R/F1 by number surface, and
   accuracy of value, qualifier, counted key, kind and source (up to a leading
   "the") on the claims found. The baseline claims every spaCy value mention.
3. Speed: words/second of parse_numbers and of extract_claims (the rules,
   after spaCy) on the PolNeAR dev articles, beside quantulum3's parser and
   Recognizers-Text's six English number models (as on quantulum3's cases).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from storyline.analyse.numbers import (
    MONEY,
    ORDINAL,
    PERCENT,
    RANGE,
    parse_numbers,
    qualified_bounds,
    qualifier_after,
    qualifier_before,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "claims"
FAMILIES = {
    "number": ("Number_NumberModel.json",),
    "percent": ("Number_PercentModel.json",),
    "range": ("Number_NumberRangeModel.json",),
    "currency": ("NumberWithUnit_CurrencyModel.json",),
    "units": ("NumberWithUnit_DimensionModel.json", "NumberWithUnit_TemperatureModel.json",
              "NumberWithUnit_AgeModel.json"),
    "quantulum3": ("quantulum3_quantities.json", "quantulum3_quantities.ambiguity.json"),
}
INF = math.inf
_TIME_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "second", "decade",
                         "century"})


@dataclass(frozen=True)
class Item:
    """One gold or predicted quantity: exclusive span, value and interval."""

    start: int
    end: int
    value: float
    low: float
    high: float
    unit_kind: str = ""  # percent | money | unit | "" (bare number)


Case = tuple[str, list[Item]]


def shared_data() -> Path:
    """../shared/data next to the project, or $STORYLINE_SHARED/data."""
    base = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
    data = base / "data"
    if not data.is_dir():
        raise SystemExit(f"shared data not found at {data} (set STORYLINE_SHARED)")
    return data


def _interval(spec: str) -> tuple[float, float]:
    lo, hi = spec.strip("[]()").split(",")
    return (float(lo) if lo else -INF), (float(hi) if hi else INF)


def load_family(name: str, limit: int | None) -> list[Case]:
    """(text, gold items) for every case of a family."""
    folder = shared_data() / "quantities"
    cases: list[Case] = []
    for file in FAMILIES[name]:
        for case in json.loads((folder / file).read_text(encoding="utf-8")):
            if "req" in case:  # quantulum3 format: surface, no offsets
                text, gold = case["req"], []
                for r in case["res"]:
                    at = text.find(r["surface"])
                    v = float(r["value"])
                    gold.append(Item(at, at + len(r["surface"]), v, v, v))
                cases.append((text, gold))
                continue
            text, gold = case["Input"], []
            for r in case["Results"]:
                value = r["Resolution"].get("value")
                if value in (None, "null"):
                    continue
                start, end = r["Start"], r["End"] + 1
                if name == "range":
                    lo, hi = _interval(value)
                    gold.append(Item(start, end, lo, lo, hi))
                else:
                    v = float(str(value).rstrip("%"))
                    gold.append(Item(start, end, v, v, v))
            cases.append((text, gold))
    return cases[:limit] if limit else cases


# --- systems -----------------------------------------------------------------

def storyline_items(text: str, family: str) -> list[Item]:
    out: list[Item] = []
    for n in parse_numbers(text):
        if n.kind == ORDINAL:
            continue
        if family == "range":
            q, qs = qualifier_before(text, n.start)
            qa, qe = qualifier_after(text, n.end)
            if q in {None, "about", "exactly"} and qa:  # "about 500 or more"
                q, qs = None, n.start
            else:
                qa, qe = None, n.end
            if n.kind != RANGE and not (q or qa):
                continue
            lo, hi = qualified_bounds(n, q or qa)
            if (q or qa) in {"nearly"}:
                lo = -INF
            lo = -INF if lo is None else lo
            hi = INF if hi is None else hi
            out.append(Item(min(qs, n.start), max(qe, n.end), n.value, lo, hi))
            continue
        kind = ("percent" if n.kind == PERCENT else "money" if n.kind == MONEY
                else "unit" if n.unit else "")
        if family == "percent" and kind != "percent":
            continue
        if family == "currency" and kind != "money":
            continue
        if family == "units" and (kind != "unit" or n.unit in _TIME_UNITS and not re.match(
                r"\s*(?:old|of age)\b", text[n.end:])):
            continue  # the dimension specs label ages, not durations
        if family == "number" and n.unit and kind == "unit" and " " not in n.text:
            continue  # the number specs leave out "180ml", "29km"
        out.append(Item(n.start, n.end, n.value, n.value, n.value, kind))
    return _join_bounds(text, out) if family == "range" else out


def _join_bounds(text: str, items: list[Item]) -> list[Item]:
    """"more than 10 and less than 20" -> one (10, 20) interval."""
    out: list[Item] = []
    for item in items:
        prev = out[-1] if out else None
        between = text[prev.end : item.start] if prev else ""
        if prev and re.fullmatch(r"[\s,]*(?:and|but)?\s*", between) and (
                (prev.high == INF and item.low == -INF and prev.low < item.high)
                or (prev.low == -INF and item.high == INF and item.low < prev.high)):
            lo, hi = max(prev.low, item.low), min(prev.high, item.high)
            out[-1] = Item(prev.start, item.end, lo, lo, hi)
        else:
            out.append(item)
    return out


def quantulum_parser() -> Callable[[str], list] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser
    except ImportError:
        return None
    return parser.parse


def quantulum_items(parse: Callable[[str], list], text: str, family: str) -> list[Item]:
    out: list[Item] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quantities = parse(text)
    for q in quantities:
        unit, entity = q.unit.name, q.unit.entity.name
        kind = ("percent" if unit == "percentage" else "money" if entity == "currency"
                else "" if unit == "dimensionless" else "unit")
        lo = hi = float(q.value)
        if q.uncertainty:
            lo, hi = q.value - q.uncertainty, q.value + q.uncertainty
        if family == "range" and not q.uncertainty:
            continue
        if family == "percent" and kind != "percent":
            continue
        if family == "currency" and kind != "money":
            continue
        if family == "units" and kind != "unit":
            continue
        out.append(Item(q.span[0], q.span[1], float(q.value), lo, hi, kind))
    return out


RECOGNIZERS = "Recognizers-Text 1.0.2a2"
# Recognizers-Text models per family, and the unit kind each one's results get.
_RT_MODELS = {
    "number": ("number",),
    "percent": ("percentage",),
    "currency": ("currency",),
    "units": ("dimension", "temperature", "age"),
    "quantulum3": ("currency", "dimension", "temperature", "age", "percentage", "number"),
}
_RT_KIND = {"number": "", "percentage": "percent", "currency": "money", "dimension": "unit",
            "temperature": "unit", "age": "unit"}


def recognizers_models() -> dict[str, Callable[[str], list]] | None:
    """The English Recognizers-Text models' parse functions, or None when not installed."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from recognizers_number import NumberRecognizer
            from recognizers_number_with_unit import NumberWithUnitRecognizer
            from recognizers_text import Culture
    except ImportError:
        return None
    numbers = NumberRecognizer(Culture.English)
    units = NumberWithUnitRecognizer(Culture.English)
    return {"number": numbers.get_number_model().parse,
            "percentage": numbers.get_percentage_model().parse,
            "currency": units.get_currency_model().parse,
            "dimension": units.get_dimension_model().parse,
            "temperature": units.get_temperature_model().parse,
            "age": units.get_age_model().parse}


def recognizers_items(models: dict[str, Callable[[str], list]], text: str,
                      family: str) -> list[Item]:
    """Results of the family's models (End inclusive -> exclusive), overlaps removed."""
    found: list[Item] = []
    for rank, name in enumerate(_RT_MODELS[family]):
        for r in models[name](text):
            try:
                value = float(str((r.resolution or {}).get("value")).rstrip("%"))
            except ValueError:
                continue
            found.append((-(r.end + 1 - r.start), rank, Item(r.start, r.end + 1, value, value,
                                                             value, _RT_KIND[name])))
    out: list[Item] = []
    for _, _, item in sorted(found, key=lambda x: x[:2]):
        if not any(item.start < o.end and o.start < item.end for o in out):
            out.append(item)
    return sorted(out, key=lambda i: i.start)


def python_unsupported(family: str) -> tuple[int, int]:
    """(cases marked NotSupported for Recognizers-Text's Python port, cases) of a family."""
    folder = shared_data() / "quantities"
    marked = total = 0
    for file in FAMILIES[family]:
        for case in json.loads((folder / file).read_text(encoding="utf-8")):
            total += 1
            marked += "python" in (case.get("NotSupported", "") + ","
                                   + case.get("NotSupportedByDesign", "")).casefold()
    return marked, total


_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3,
          "m": 1e6, "bn": 1e9}


def _baseline_value(text: str) -> float | None:
    from word2number import w2n

    m = re.search(r"-?\d[\d,]*(?:\.\d+)?", text)
    if m:
        value = float(m.group().replace(",", ""))
        scale = re.search(r"(?i)\b(thousand|million|billion|trillion|bn)\b|\d(k|m)\b", text)
        if scale:
            value *= _SCALE[(scale.group(1) or scale.group(2)).casefold()]
        return value
    try:
        return float(w2n.word_to_num(text))
    except (ValueError, IndexError):
        return None


def baseline_items(nlp, text: str, family: str) -> list[Item]:
    out: list[Item] = []
    if family == "range":
        return out
    for ent in nlp(text).ents:
        kind = {"PERCENT": "percent", "MONEY": "money", "QUANTITY": "unit",
                "CARDINAL": ""}.get(ent.label_)
        if kind is None:
            continue
        if family in {"percent", "currency", "units"} and kind != {
                "percent": "percent", "currency": "money", "units": "unit"}[family]:
            continue
        value = _baseline_value(ent.text)
        if value is not None:
            out.append(Item(ent.start_char, ent.end_char, value, value, value, kind))
    return out


# --- scoring -----------------------------------------------------------------

def _close(a: float, b: float) -> bool:
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _same(p: Item, g: Item, family: str, exact: bool) -> bool:
    if exact and (p.start, p.end) != (g.start, g.end):
        return False
    if not exact and not (p.start < g.end and g.start < p.end):
        return False
    if family == "range":
        return _close(p.low, g.low) and _close(p.high, g.high)
    return _close(p.value, g.value)


def score(cases: list[Case], predict: Callable[[str], list[Item]], family: str,
          misses: list | None = None) -> dict[str, float]:
    counts = {"value": [0, 0, 0], "span": [0, 0, 0]}  # tp_pred, n_pred, tp_gold / n_gold
    n_gold = 0
    for text, gold in cases:
        pred = predict(text)
        n_gold += len(gold)
        for key, exact in (("value", False), ("span", True)):
            c = counts[key]
            c[0] += sum(any(_same(p, g, family, exact) for g in gold) for p in pred)
            c[1] += len(pred)
            c[2] += sum(any(_same(p, g, family, exact) for p in pred) for g in gold)
        if misses is not None and (
                sum(any(_same(p, g, family, False) for p in pred) for g in gold) < len(gold)
                or len(pred) > len(gold)):
            misses.append((text, [(text[g.start:g.end], g.low, g.high) for g in gold],
                           [(text[p.start:p.end], p.low, p.high) for p in pred]))
    out: dict[str, float] = {"n": n_gold}
    for key, (tp_p, n_p, tp_g) in counts.items():
        prec = tp_p / n_p if n_p else 0.0
        rec = tp_g / n_gold if n_gold else 0.0
        out[key + "_p"], out[key + "_r"] = prec, rec
        out[key + "_f1"] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return out


def numbers_table(limit: int | None, only: str | None, show_misses: bool) -> None:
    parse = quantulum_parser()
    models = recognizers_models()
    from storyline.analyse.nlp import load_pipeline

    nlp = load_pipeline()
    print("Numbers: value F1 (span overlaps, value equal) and span F1 (exact span)")
    print(f"{'family':<11} {'gold':>5}  {'system':<35} {'val P':>6} {'val R':>6} "
          f"{'val F1':>6} {'span F1':>7}")
    for family in FAMILIES:
        if only and family != only:
            continue
        cases = load_family(family, limit)
        systems: list[tuple[str, Callable[[str], list[Item]]]] = [
            ("storyline", lambda t, f=family: storyline_items(t, f))]
        if parse is not None:
            label = "quantulum3 (own test)" if family == "quantulum3" else "quantulum3 0.10.0"
            systems.append((label, lambda t, f=family: quantulum_items(parse, t, f)))
        if models is not None and family in _RT_MODELS:
            label = RECOGNIZERS + (" (own spec)" if family != "quantulum3" else "")
            systems.append((label, lambda t, f=family: recognizers_items(models, t, f)))
        systems.append(("spaCy sm + word2number", lambda t, f=family: baseline_items(nlp, t, f)))
        for name, predict in systems:
            misses: list | None = [] if show_misses and name == "storyline" else None
            s = score(cases, predict, family, misses)
            print(f"{family:<11} {int(s['n']):>5}  {name:<35} {s['value_p']:>6.3f} "
                  f"{s['value_r']:>6.3f} {s['value_f1']:>6.3f} {s['span_f1']:>7.3f}")
            for miss in misses or []:
                print("    MISS", miss)
    if models is None:
        print("Recognizers-Text not installed: pip install recognizers-text-suite==1.0.2a2 "
              "emoji==1.7.0")
    else:
        counts = [(f, *python_unsupported(f)) for f in FAMILIES
                  if f != "quantulum3" and (not only or f == only)]
        print(f"{RECOGNIZERS}: no number-range model in the Python port (no range row); "
              "spec cases marked NotSupported for Python: "
              + ", ".join(f"{f} {m}/{n}" for f, m, n in counts))
    if parse is None:
        print("quantulum3 not installed: pip install quantulum3==0.10.0 (its published "
              "behaviour is its own test file, quantulum3_quantities.json)")


# --- claims ------------------------------------------------------------------

def load_claim_fixtures(file: Path) -> list[dict]:
    return [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def claims_table(limit: int | None) -> None:
    for file in sorted(FIXTURES.glob("*.jsonl")):
        rows = load_claim_fixtures(file)
        claims_file_table(file.name, rows[:limit] if limit else rows)


def claims_file_table(name: str, rows: list[dict]) -> None:
    from storyline.analyse.claims import extract_claims
    from storyline.analyse.nlp import analyse_texts

    analyses = list(analyse_texts(r["text"] for r in rows))
    found = gold_n = pred_n = 0
    base_found = base_pred = 0
    right = dict.fromkeys(("value", "qualifier", "counted_key", "kind", "source"), 0)
    for row, analysis in zip(rows, analyses, strict=True):
        text = row["text"]
        gold = [g for g in row["claims"] if not _not_a_claim_now(g)]
        claims = extract_claims(analysis)
        gold_n += len(gold)
        pred_n += len(claims)
        by_surface = {text[c.number_start : c.number_end]: c for c in claims}
        for g in gold:
            c = by_surface.get(g["number"])
            if c is None:
                continue
            found += 1
            right["value"] += _close(c.value, g["value"])
            right["qualifier"] += c.qualifier == g.get("qualifier")
            right["counted_key"] += c.counted_key == g.get("counted_key")
            right["kind"] += c.kind == g.get("kind")
            right["source"] += _same_source(c.source_text, g.get("source"))
        spans = [m for m in analysis.mentions
                 if m.label in {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}]
        base_pred += len(spans)
        base_found += sum(any(m.start <= text.find(g["number"]) < m.end for m in spans)
                          for g in gold)
    print(f"\nClaims, {name}: {len(rows)} hand-labelled fictional sentences, {gold_n} claims")
    print(f"{'system':<34} {'P':>6} {'R':>6} {'F1':>6}")
    for label, tp, n_pred in (("storyline extract_claims", found, pred_n),
                              ("spaCy value mentions (baseline)", base_found, base_pred)):
        prec = min(tp, n_pred) / n_pred if n_pred else 0.0
        rec = tp / gold_n if gold_n else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        print(f"{label:<34} {prec:>6.3f} {rec:>6.3f} {f1:>6.3f}")
    if found:
        print("storyline accuracy on found claims: " + ", ".join(
            f"{k} {v / found:.3f}" for k, v in right.items()))


def _not_a_claim_now(gold: dict) -> bool:
    """Labels written before issue 12 counted ordinals ("third meeting") and bare lengths
    of time ("in 18 years") as claims; since then they are numbers skipped with a reason
    (an ordinal, a time), so they are left out of the gold here."""
    return gold.get("kind") == "ordinal" or (gold.get("kind") == "duration"
                                             and not gold.get("counted_key"))


def _same_source(got: str | None, want: str | None) -> bool:
    """Sources match up to a leading "the" and case."""
    def norm(s: str | None) -> str:
        return re.sub(r"(?i)^the\s+", "", s or "").casefold()
    return norm(got) == norm(want)


def speed_table(limit: int | None) -> None:
    """Words/second of the rules alone (spaCy analysis done beforehand) on PolNeAR news."""
    import time

    from storyline.analyse.claims import extract_claims
    from storyline.analyse.nlp import analyse_texts

    folder = shared_data() / "polnear" / "dev" / "text"
    if not folder.is_dir():
        return
    files = sorted(folder.glob("*.txt"))[: limit or None]
    texts = [f.read_text(encoding="utf-8") for f in files]
    words = sum(len(t.split()) for t in texts)
    analyses = list(analyse_texts(texts))
    rows = []
    for name, run in (("parse_numbers", lambda: [parse_numbers(t) for t in texts]),
                      ("extract_claims (rules only)",
                       lambda: [extract_claims(a) for a in analyses])):
        best = float("inf")
        for _ in range(2):
            start = time.perf_counter()
            out = run()
            best = min(best, time.perf_counter() - start)
        rows.append((name, words / best, sum(len(x) for x in out)))
    parse = quantulum_parser()
    if parse is not None:
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            n = sum(len(parse(t)) for t in texts)
        rows.append(("quantulum3 parse", words / (time.perf_counter() - start), n))
    models = recognizers_models()
    if models is not None:
        start = time.perf_counter()
        n = sum(len(recognizers_items(models, t, "quantulum3")) for t in texts)
        rows.append(("Recognizers-Text (6 models)", words / (time.perf_counter() - start), n))
    print(f"\nSpeed on {len(texts)} PolNeAR dev articles ({words} words), one process")
    print(f"{'step':<30} {'words/s':>10} {'found':>7}")
    for name, rate, n in rows:
        print(f"{name:<30} {rate:>10.0f} {n:>7}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="cases per family")
    ap.add_argument("--family", choices=sorted(FAMILIES), default=None)
    ap.add_argument("--misses", action="store_true", help="print storyline's misses")
    ap.add_argument("--no-claims", action="store_true")
    args = ap.parse_args(argv)
    numbers_table(args.limit, args.family, args.misses)
    if not args.no_claims and FIXTURES.is_dir():
        claims_table(args.limit)
        speed_table(args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
