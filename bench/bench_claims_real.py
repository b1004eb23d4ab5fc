"""Claims on real news: hand-labelled PolNeAR articles, two fixed halves.

Run: .venv/bin/python bench/bench_claims_real.py [--half A|B] [--misses] [--groups]
[--no-site-notes]
(texts from ../shared/data/polnear, or $STORYLINE_SHARED/data; labels in
bench/labels/, described in bench/labels/claims.md).

The labels were written by reading 30 articles of 2016 election coverage
(7 clusters of articles about the same events, 7 publishers): every number
in their text is labelled either as a claim (value, qualifier, unit, what is
counted, subject, source) or as a non-claim with its reason (a date, a year,
a time expression, a clock time, an ordinal, an age, part of a name, page
furniture, a site note, a reference such as "the two candidates", an idiom).
Pairs of claims in different articles that report the same quantity are
labelled agree, series or conflict; every other pair is unrelated. Half A
(3 clusters) is the development half; half B (4 clusters) was never looked
at while writing rules. Both are printed.

Figures, per half:
- claims: a predicted claim is right when its number span overlaps a
  labelled claim's (one to one); P/R/F1, and the share of right claims whose
  value, qualifier, unit, what is counted (its head word), subject and source
  agree with the label (subject and source: the label's last word appears in
  storyline's, case-folded; None must be None).
- numbers accounted for: the share of labelled numbers that storyline lists,
  as a claim or as a skipped number with a reason; and of the skipped ones,
  how often the reason agrees with the label's.
- grouping: claims of one half grouped across its articles as the
  `fact_groups` step does (canonical sources, as-of dates; each article its
  own independent source). A group with two or more articles is right when
  every cross-article pair in it is labelled related and its verdict fits
  the labels: agree (all pairs agree), series (pairs agree or series, one
  series at least), conflict (one labelled conflict at least). "unsure"
  groups are counted, not scored. Pair recall: labelled related pairs that
  end up in one group.
- site notes: paragraphs a publisher repeats in 3 or more of the 924 PolNeAR
  articles (resolve/site_notes.py); claims inside them are set aside as
  skipped numbers ("site note") unless --no-site-notes.
Anchors, in the same run: every value mention spaCy's model marks
(CARDINAL, MONEY, PERCENT, QUANTITY) taken as a claim, and every quantity
quantulum3 0.10.0 finds taken as a claim (no anchor groups claims).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "bench" / "labels"
#: Reasons that name the same thing in the labels and in storyline's output.
SAME_REASON = {"year": "date", "clock": "time", "site note": "furniture",
               "enumeration": "reference"}


def shared_data() -> Path:
    """../shared/data next to the project, or $STORYLINE_SHARED/data."""
    base = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
    data = base / "data"
    if not data.exists():
        raise SystemExit(f"shared data not found at {data} (set STORYLINE_SHARED)")
    return data


@dataclass
class Gold:
    """The labels of one half: articles, labelled numbers and related pairs."""

    articles: dict[str, dict] = field(default_factory=dict)  # path -> {published, publisher}
    numbers: list[dict] = field(default_factory=list)
    pairs: dict[frozenset, str] = field(default_factory=dict)


def load_gold(half: str) -> Gold:
    gold = Gold()
    for line in (LABELS / "claims.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["half"] != half:
            continue
        gold.numbers.append(row)
        gold.articles.setdefault(row["article"], {"published": row["published"],
                                                  "publisher": row["publisher"]})
    ids = {n["id"] for n in gold.numbers}
    for line in (LABELS / "claim_pairs.jsonl").read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        if pair["a"] in ids:
            gold.pairs[frozenset((pair["a"], pair["b"]))] = pair["relation"]
    return gold


def check_sentences(gold: Gold, texts: dict[str, str]) -> None:
    """The labels point at the texts they were written on (offsets and sentence hashes)."""
    import hashlib

    for n in gold.numbers:
        s, e = n["sentence"]
        got = hashlib.sha1(texts[n["article"]][s:e].encode()).hexdigest()[:12]
        if got != n["sentence_sha1"] or texts[n["article"]][n["start"]:n["end"]] != n["text"]:
            raise SystemExit(f"label {n['id']} does not match the text (changed data?)")


# -- storyline ---------------------------------------------------------------------------


@dataclass
class Run:
    """storyline's output for one half."""

    claims: dict[str, list] = field(default_factory=dict)  # article -> claims
    skipped: dict[str, list] = field(default_factory=dict)  # article -> skipped numbers
    groups: list = field(default_factory=list)
    values: dict[str, list] = field(default_factory=dict)  # spaCy value mentions
    seconds: float = 0.0
    notes: int = 0  # claims set aside as site notes


def corpus_notes(data: Path) -> dict:
    """Site notes over every PolNeAR article (train and dev), the publisher as the site: the
    other articles a store of this coverage would hold."""
    from storyline.resolve.site_notes import page, site_notes

    pages = []
    for folder in ("train", "dev"):
        for f in sorted((data / "polnear" / folder / "text").glob("*.txt")):
            pages.append(page(f.name.split("_", 1)[0], f"polnear/{folder}/text/{f.name}",
                              f.read_text(encoding="utf-8")))
    return site_notes(pages)


def run_storyline(gold: Gold, texts: dict[str, str], notes: dict | None = None) -> Run:
    from storyline.analyse.article_facts import article_facts, timex_start
    from storyline.analyse.nlp import analyse_texts
    from storyline.resolve.claims import ClaimItem, group_claims
    from storyline.resolve.entities import resolve_entities

    paths = sorted(gold.articles)
    analyses = dict(zip(paths, analyse_texts([texts[p] for p in paths]), strict=True))
    run = Run()
    started = time.perf_counter()
    facts = {}
    for p in paths:
        ref = dt.date.fromisoformat(gold.articles[p]["published"])
        facts[p] = article_facts(analyses[p], ref)
        run.claims[p] = list(facts[p].claims)
        run.skipped[p] = list(getattr(facts[p], "numbers_skipped", ()))
    run.seconds = time.perf_counter() - started
    if notes is not None:
        from storyline.resolve.site_notes import set_aside

        for p in paths:
            kept, skipped = set_aside(texts[p], run.claims[p], run.skipped[p], notes.get(p, ()))
            run.notes += len(run.claims[p]) - len(kept)
            run.claims[p], run.skipped[p] = list(kept), list(skipped)
    entity_of: dict[tuple[str, str], str] = {}
    spans = {}
    for ent in resolve_entities(analyses.items()):
        for m in ent.mentions:
            spans[(m.article, m.start, m.end)] = ent.id
    for p, a in analyses.items():
        for m in a.mentions:
            ent = spans.get((p, m.start, m.end))
            if m.entity_key and ent and (p, m.entity_key) not in entity_of:
                entity_of[(p, m.entity_key)] = ent
    items = []
    for p in paths:
        for c in run.claims[p]:
            source = entity_of.get((p, c.source_key)) if c.source_key else None
            extra = {}
            if hasattr(ClaimItem, "subject_id"):
                key = getattr(c, "subject_key", None)
                extra["subject_id"] = entity_of.get((p, key)) if key else None
            items.append(ClaimItem(p, c, source, p, timex_start(c.as_of_value)
                                   or gold.articles[p]["published"], **extra))
    run.groups = group_claims(items)
    run.values = {p: [m for m in analyses[p].mentions
                      if m.label in {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}] for p in paths}
    return run


# -- scoring -----------------------------------------------------------------------------


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def match(gold_spans: list[dict], predicted: list[tuple[int, int, object]]) -> dict[int, str]:
    """One-to-one matching of predicted spans (index -> gold id) by overlap, in text order."""
    out: dict[int, str] = {}
    used: set[str] = set()
    for i, (s, e, _) in enumerate(predicted):
        for g in gold_spans:
            if g["id"] not in used and _overlap(s, e, g["start"], g["end"]):
                out[i] = g["id"]
                used.add(g["id"])
                break
    return out


def _share_value(value: float | None, unit: str | None) -> float | None:
    """Percentages and fractions on one scale, so "half" matches 50%."""
    if value is None:
        return None
    if unit == "%":
        return value / 100
    return value


def value_ok(g: dict, c) -> bool:
    if g["value"] is None:  # a vague amount ("billions"): any value of that order
        return True
    if g.get("low") is not None:
        return c.low is not None and c.high is not None and abs(c.low - g["low"]) < 1e-6 * max(
            1, g["low"]) and abs(c.high - g["high"]) < 1e-6 * max(1, g["high"])
    gv = _share_value(g["value"], g["unit"] if g["unit"] != "fraction" else None)
    cv = _share_value(c.value, c.unit)
    return abs(gv - cv) <= 1e-3 * max(abs(gv), 1e-9) + 1e-9


def unit_ok(g: dict, c) -> bool:
    gu, cu = g["unit"], c.unit
    if gu == "fraction":
        return cu in {None, "%"} and getattr(c, "kind", "") in {"percent", "count", "fraction"}
    if gu in {"pt", "pp"}:
        return cu in {"pt", "pp"}
    if gu == "times":
        return cu == "times"
    return gu == cu


def _words(text: str | None) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", (text or "").casefold()))


def name_ok(gold_name: str | None, predicted: str | None) -> bool:
    if not gold_name:
        return not predicted
    if not predicted:
        return False
    last = _words(gold_name).split()
    return bool(last) and last[-1] in _words(predicted).split()


def counted_ok(g: dict, c) -> bool:
    head = _words(g["counted"]).split()
    if not head:
        return not c.counted_key
    key = _words(getattr(c, "measure", None) or c.counted_key)
    words = key.split() + _words(c.counted).split()
    h = head[-1]
    return any(w == h or w.rstrip("s") == h.rstrip("s") for w in words)


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fields: Counter = field(default_factory=Counter)
    numbers: int = 0
    accounted: int = 0
    reason_right: int = 0
    reason_total: int = 0
    sentence_ok: int = 0
    misses: list[str] = field(default_factory=list)
    field_misses: list[str] = field(default_factory=list)

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_claims(gold: Gold, texts: dict[str, str], run: Run) -> Scores:
    sc = Scores()
    by_article: dict[str, list[dict]] = defaultdict(list)
    for n in gold.numbers:
        by_article[n["article"]].append(n)
    for path, numbers in sorted(by_article.items()):
        text = texts[path]
        claims = run.claims[path]
        gold_claims = [n for n in numbers if n["claim"]]
        pred = [(c.number_start, c.number_end, c) for c in claims]
        matched = match(gold_claims, pred)
        by_id = {n["id"]: n for n in numbers}
        for i, (s, e, c) in enumerate(pred):
            if i not in matched:
                sc.fp += 1
                other = next((n for n in numbers if _overlap(s, e, n["start"], n["end"])), None)
                why = f"labelled {other['reason']}" if other else "not labelled"
                sc.misses.append(f"FP {path.rsplit('/', 1)[1][:32]} {text[s:e]!r} ({why}): "
                                 f"{_context(text, s, e)}")
                continue
            g = by_id[matched[i]]
            sc.tp += 1
            checks = {"value": value_ok(g, c), "qualifier": (g["qualifier"] or None) == (
                c.qualifier or None), "unit": unit_ok(g, c), "counted": counted_ok(g, c),
                "subject": name_ok(g["subject"], getattr(c, "subject_text", None)),
                "source": name_ok(g["source"], c.source_text)}
            sc.fields.update(k for k, ok in checks.items() if ok)
            for k, ok in checks.items():
                if not ok:
                    got = {"value": c.value, "qualifier": c.qualifier, "unit": c.unit,
                           "counted": f"{c.counted!r}/{c.counted_key!r}",
                           "subject": getattr(c, "subject_text", None),
                           "source": c.source_text}[k]
                    sc.field_misses.append(f"{k}: want {g[k] if k != 'counted' else g[k]!r} "
                                           f"got {got} in {_context(text, s, e, 50)}")
            sent = getattr(c, "sentence_start", None), getattr(c, "sentence_end", None)
            if sent[0] is not None and sent[0] <= g["start"] and g["end"] <= sent[1]:
                sc.sentence_ok += 1
        found = set(matched.values())
        for g in gold_claims:
            if g["id"] not in found:
                sc.fn += 1
                sc.misses.append(f"FN {path.rsplit('/', 1)[1][:32]} {g['text']!r}: "
                                 f"{_context(text, g['start'], g['end'])}")
        skipped = run.skipped[path]
        for n in numbers:
            sc.numbers += 1
            in_claim = any(_overlap(c.number_start, c.number_end, n["start"], n["end"])
                           for c in claims)
            skip = next((k for k in skipped if _overlap(k.start, k.end, n["start"], n["end"])),
                        None)
            if in_claim or skip is not None:
                sc.accounted += 1
            else:
                sc.misses.append(f"UNACCOUNTED {path.rsplit('/', 1)[1][:32]} {n['text']!r} "
                                 f"({n.get('reason') or 'claim'}): "
                                 f"{_context(text, n['start'], n['end'])}")
            if not n["claim"] and skip is not None and not in_claim:
                sc.reason_total += 1
                want = SAME_REASON.get(n["reason"], n["reason"])
                got = SAME_REASON.get(skip.reason, skip.reason)
                sc.reason_right += want == got
    return sc


def score_anchor(gold: Gold, spans: dict[str, list[tuple[int, int]]]) -> tuple[float, ...]:
    """P/R/F1 of taking every span as a claim, and the share of labelled numbers covered."""
    tp = fp = fn = covered = total = 0
    for path in gold.articles:
        numbers = [n for n in gold.numbers if n["article"] == path]
        gold_claims = [n for n in numbers if n["claim"]]
        pred = [(s, e, None) for s, e in spans.get(path, [])]
        matched = match(gold_claims, pred)
        tp += len(matched)
        fp += len(pred) - len(matched)
        fn += len(gold_claims) - len(matched)
        for n in numbers:
            total += 1
            covered += any(_overlap(s, e, n["start"], n["end"]) for s, e, _ in pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), covered / total if total else 0.0


def quantulum_spans(gold: Gold, texts: dict[str, str]) -> dict[str, list[tuple[int, int]]] | None:
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser as q3
    except ImportError:
        return None
    out = {}
    for path in gold.articles:
        text = texts[path]
        found = []
        for q in q3.parse(text):
            s, e = q.span
            found.append((s, e))
        out[path] = found
    return out


@dataclass
class GroupScores:
    judged: Counter = field(default_factory=Counter)  # verdict -> groups with 2+ articles
    right: Counter = field(default_factory=Counter)
    pairs_related: int = 0
    pairs_found: int = 0
    wrong: list[str] = field(default_factory=list)


def score_groups(gold: Gold, texts: dict[str, str], run: Run) -> GroupScores:
    gs = GroupScores()
    gold_claims = defaultdict(list)
    for n in gold.numbers:
        if n["claim"]:
            gold_claims[n["article"]].append(n)
    gold_of: dict[tuple[str, int, int], str] = {}
    for path, claims in run.claims.items():
        pred = [(c.number_start, c.number_end, c) for c in claims]
        for i, gid in match(gold_claims[path], pred).items():
            gold_of[(path, claims[i].start, claims[i].end)] = gid
    together: set[frozenset] = set()
    for g in run.groups:
        members = [(c.article_id, c.start, c.end) for c in g.claims]
        if len({m[0] for m in members}) < 2:
            continue
        ids = [gold_of.get(m) for m in members]
        pairs = [(a, b) for i, a in enumerate(zip(members, ids, strict=True))
                 for b in list(zip(members, ids, strict=True))[i + 1:] if a[0][0] != b[0][0]]
        relations = []
        for (_, ga), (_, gb) in pairs:
            rel = gold.pairs.get(frozenset((ga, gb))) if ga and gb else None
            relations.append(rel)
            if ga and gb:
                together.add(frozenset((ga, gb)))
        verdict = g.agreement
        gs.judged[verdict] += 1
        ok = all(r is not None for r in relations)
        if verdict == "agree":
            ok = ok and all(r == "agree" for r in relations)
        elif verdict == "series":
            ok = ok and "series" in relations and all(r in {"agree", "series"} for r in relations)
        elif verdict == "conflict":
            ok = ok and "conflict" in relations
        gs.right[verdict] += ok
        if not ok and verdict != "unsure":
            shown = "; ".join(f"{texts[a][c.start:c.end]!r} ({a.rsplit('/', 1)[1][:20]})"
                              for c in g.claims for a in [c.article_id])
            gs.wrong.append(f"{verdict.upper()} [{g.counted_key}] {shown[:400]}"
                            f"{' | ' + g.reason if getattr(g, 'reason', '') else ''}")
    gs.pairs_related = len(gold.pairs)
    gs.pairs_found = sum(1 for p in gold.pairs if p in together)
    return gs


def _context(text: str, s: int, e: int, width: int = 60) -> str:
    return (text[max(0, s - width):s] + "[" + text[s:e] + "]" + text[e:e + width]).replace(
        "\n", " ")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--half", choices=["A", "B"], action="append")
    ap.add_argument("--misses", action="store_true", help="list wrong and missed claims")
    ap.add_argument("--groups", action="store_true", help="list wrongly judged groups")
    ap.add_argument("--fields", action="store_true", help="list wrong fields of claims found")
    ap.add_argument("--no-site-notes", action="store_true",
                    help="keep claims in paragraphs a site repeats (as before issue 12's (b))")
    args = ap.parse_args()
    data = shared_data()
    halves = args.half or ["A", "B"]
    print("Claims on real news (PolNeAR, hand-labelled; half A developed on, half B held out)")
    rows = []
    notes = None if args.no_site_notes else corpus_notes(data)
    if notes is not None:
        print(f"site notes over {len(list((data / 'polnear').glob('*/text/*.txt')))} PolNeAR "
              f"articles: {len({n.key for ns in notes.values() for n in ns})} notes in "
              f"{len(notes)} articles")
    for half in halves:
        gold = load_gold(half)
        texts = {p: (data / p).read_text(encoding="utf-8") for p in gold.articles}
        check_sentences(gold, texts)
        run = run_storyline(gold, texts, notes)
        sc = score_claims(gold, texts, run)
        gs = score_groups(gold, texts, run)
        spacy_anchor = score_anchor(gold, {p: [(m.start, m.end) for m in v]
                                           for p, v in run.values.items()})
        q3 = quantulum_spans(gold, texts)
        q3_anchor = score_anchor(gold, q3) if q3 is not None else None
        rows.append((half, gold, sc, gs, spacy_anchor, q3_anchor, run))
        if args.misses:
            print(f"\n-- half {half}: misses")
            for m in sc.misses:
                print("  " + m)
        if args.fields:
            print(f"\n-- half {half}: wrong fields")
            for m in sorted(sc.field_misses):
                print("  " + m)
        if args.groups:
            print(f"\n-- half {half}: wrongly judged groups")
            for m in gs.wrong:
                print("  " + m)
    print()
    print("| half | articles | labelled numbers | claims | system | claim P | claim R | claim F1 "
          "| numbers accounted for |")
    print("|---|---|---|---|---|---|---|---|---|")
    for half, gold, sc, _, sp, q3, _ in rows:
        n_claims = sum(n["claim"] for n in gold.numbers)
        p, r, f = sc.prf()
        head = f"| {half} | {len(gold.articles)} | {len(gold.numbers)} | {n_claims} "
        print(head + f"| **storyline** | {p:.3f} | {r:.3f} | **{f:.3f}** | "
              f"{sc.accounted / sc.numbers:.3f} ({sc.numbers - sc.accounted} missing) |")
        print(head + f"| spaCy value mentions | {sp[0]:.3f} | {sp[1]:.3f} | {sp[2]:.3f} | "
              f"{sp[3]:.3f} |")
        if q3:
            print(head + f"| quantulum3 0.10.0 | {q3[0]:.3f} | {q3[1]:.3f} | {q3[2]:.3f} | "
                  f"{q3[3]:.3f} |")
    print()
    print("Fields of the claims found (share right):")
    print("| half | value | qualifier | unit | counted | subject | source | sentence | "
          "skip reason |")
    print("|---|---|---|---|---|---|---|---|---|")
    for half, _, sc, *_ in rows:
        t = max(sc.tp, 1)
        cells = " | ".join(f"{sc.fields[k] / t:.2f}" for k in
                           ("value", "qualifier", "unit", "counted", "subject", "source"))
        reason = f"{sc.reason_right / sc.reason_total:.2f}" if sc.reason_total else "-"
        print(f"| {half} | {cells} | {sc.sentence_ok / t:.2f} | {reason} |")
    print()
    print("Grouping across articles (groups of 2+ articles; right / judged):")
    print("| half | agree | series | conflict | unsure | related pairs grouped |")
    print("|---|---|---|---|---|---|")
    for half, _, _, gs, *_ in rows:
        cells = []
        for v in ("agree", "series", "conflict"):
            n = gs.judged[v]
            cells.append(f"{gs.right[v]}/{n} ({gs.right[v] / n:.2f})" if n else "0/0 (-)")
        print(f"| {half} | {' | '.join(cells)} | {gs.judged['unsure']} | "
              f"{gs.pairs_found}/{gs.pairs_related} |")
    words = sum(len(t.split()) for _, gold, *_ in rows for t in
                [(data / p).read_text(encoding="utf-8") for p in gold.articles])
    seconds = sum(r[-1].seconds for r in rows)
    for half, *_, run in rows:
        print(f"half {half}: {run.notes} claims set aside as site notes")
    print(f"\nfacts (times, quotes, claims) after spaCy: {words / max(seconds, 1e-9):,.0f} "
          "words/s")


if __name__ == "__main__":
    sys.exit(main())
