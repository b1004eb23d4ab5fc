"""Time expressions on real news the rules never saw: 30 hand-labelled PolNeAR articles.

Run: .venv/bin/python bench/bench_times_real.py [--half A|B] [--errors] [--analysis]
[--no-dateparser]   (texts from ../shared/data/polnear, or $STORYLINE_SHARED/data)

TimeBank (bench_times.py) is the data the time rules of issue 6 were written on, so
its half B is not a clean held-out figure. Here the texts are 30 PolNeAR training
articles (2015-11..2016-08 election coverage) picked by the SHA-256 of their name,
labelled by reading them: every time expression's offsets, TIMEX3 type and value
with the publication date as reference (bench/labels/times_polnear.md, the policy;
times_polnear.jsonl, the labels, offsets into the file with its headline blanked,
as bench/polnear.py loads it). The articles are split by bench/halves.py: time rules
are developed on half A's errors (`--half A --errors`); half B is the figure on
articles nobody tuned on.

Scores are bench_times.py's (TempEval-3 style): strict span P/R/F1 (same offsets),
relaxed span P/R/F1 (overlap, one-to-one), type accuracy over relaxed matches, and
value F1, where a match counts only when the spans overlap and the normalised value
is identical. dateparser's `search_dates` runs on the same texts in the same process
(relative base = publication date, values at day precision). The anchor is
HeidelTime's published value F1 on the TempEval-3 platinum test set (77.6): other
documents, so an orientation, not a same-data race; the goal is >= 80 on half B.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_times import ANCHORS, Gold, Span, dateparser_spans, score  # noqa: E402
from polnear import LABELS, Article, halves, load  # noqa: E402

from storyline.analyse.times import extract_times  # noqa: E402

LABEL_FILE = LABELS / "times_polnear.jsonl"
TYPES = frozenset({"DATE", "TIME", "DURATION", "SET"})
HEIDELTIME = ANCHORS["HeidelTime (TempEval-3 platinum)"]
GOAL = 80.0


@dataclass(frozen=True)
class Labelled:
    article: Article
    half: str
    gold: tuple[Gold, ...]


def load_labels(path: Path = LABEL_FILE) -> list[Labelled]:
    """The labelled articles, checked against the texts and the fixed split."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise SystemExit(f"{path}:{number}: not JSON ({error})") from None
    split = halves(r["article"] for r in rows)
    out = []
    for number, (row, article) in enumerate(zip(rows, load(r["article"] for r in rows),
                                                strict=True), 1):
        where = f"{path}:{number} ({row['article']})"
        if row["half"] != split[row["article"]]:
            raise SystemExit(f"{where}: half {row['half']} but halves.py says "
                             f"{split[row['article']]}")
        if row["published"] != article.published:
            raise SystemExit(f"{where}: reference date {row['published']} but the metadata "
                             f"says {article.published}")
        gold = []
        for t in row["times"]:
            if not (0 <= t["start"] < t["end"] <= len(article.text)) or t["type"] not in TYPES:
                raise SystemExit(f"{where}: bad time label {t}")
            gold.append(Gold(t["start"], t["end"], t["type"], t["value"]))
        out.append(Labelled(article, row["half"], tuple(sorted(gold, key=lambda g: g.start))))
    return out


def storyline_spans(doc: Labelled, analysis=None) -> list[Span]:
    published = dt.date.fromisoformat(doc.article.published)
    return [(t.start, t.end, t.type, t.value)
            for t in extract_times(doc.article.text, published, analysis)]


def dateparser_row(doc: Labelled) -> list[Span]:
    return dateparser_spans(doc.article.text, dt.date.fromisoformat(doc.article.published))


KEYS = ("strict P", "strict R", "strict F1", "relaxed P", "relaxed R", "relaxed F1",
        "type acc", "value P", "value R", "value F1")


def scores(docs: list[Labelled], preds: list[list[Span]]) -> dict[str, float]:
    """bench_times.score plus value precision and recall (value F1 = 2h / (gold + pred))."""
    out = score([d.gold for d in docs], preds)
    hits = round(out["value F1"] * (out["gold"] + out["pred"]) / 2)
    out["value P"] = hits / out["pred"] if out["pred"] else 0.0
    out["value R"] = hits / out["gold"] if out["gold"] else 0.0
    return out


def by_type(docs: list[Labelled], preds: list[list[Span]]) -> dict[str, tuple[int, int]]:
    """Per gold type: (labels, labels matched with the identical value)."""
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for doc, pred in zip(docs, preds, strict=True):
        used: set[int] = set()
        for g in doc.gold:
            total[g.type] += 1
            for i, p in enumerate(pred):
                if i not in used and p[0] < g.end and g.start < p[1]:
                    used.add(i)
                    found[g.type] += p[3] == g.value
                    break
    return {t: (total[t], found[t]) for t in sorted(total)}


def print_errors(docs: list[Labelled], preds: list[list[Span]]) -> None:
    for doc, pred in zip(docs, preds, strict=True):
        text = doc.article.text
        print(f"-- {doc.article.name} ({doc.article.published})")
        for g in doc.gold:
            match = [p for p in pred if p[0] < g.end and g.start < p[1]]
            if not match:
                print(f"   MISSED {text[g.start:g.end]!r:30} gold={g.type} {g.value}")
            elif match[0][3] != g.value:
                p = match[0]
                print(f"   VALUE  {text[g.start:g.end]!r:30} gold={g.value:14} got={p[3]:14} "
                      f"{text[p[0]:p[1]]!r}")
        for p in pred:
            if not any(p[0] < g.end and g.start < p[1] for g in doc.gold):
                print(f"   FALSE  {text[p[0]:p[1]]!r:30} got={p[2]} {p[3]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=["A", "B"], help="only one half (A: development)")
    parser.add_argument("--errors", action="store_true",
                        help="print storyline's misses, wrong values and false times")
    parser.add_argument("--analysis", action="store_true",
                        help="also run with the spaCy analysis, as the pipeline does")
    parser.add_argument("--no-dateparser", action="store_true", help="skip dateparser")
    args = parser.parse_args(argv)
    docs = load_labels()
    halves_run = [args.half] if args.half else ["A", "B"]
    analyses = {}
    if args.analysis:
        from polnear import analyses as analyse

        chosen = [d for d in docs if d.half in halves_run]
        analyses = dict(zip((d.article.name for d in chosen),
                            analyse([d.article for d in chosen]), strict=True))
    print(f"PolNeAR time labels: {LABEL_FILE.relative_to(HERE.parent)}")
    header = f"{'half':4} {'system':30} " + " ".join(f"{k:>9}" for k in KEYS) + \
        f" {'gold':>5} {'pred':>5}"
    print(header)
    for half in halves_run:
        part = [d for d in docs if d.half == half]
        systems = [("storyline (rules only)", [storyline_spans(d) for d in part])]
        if args.analysis:
            systems.append(("storyline + spaCy analysis",
                            [storyline_spans(d, analyses[d.article.name]) for d in part]))
        if not args.no_dateparser:
            systems.append(("dateparser 1.5.0 search_dates", [dateparser_row(d) for d in part]))
        for name, preds in systems:
            s = scores(part, preds)
            print(f"{half:4} {name:30} " + " ".join(f"{100 * s[k]:9.1f}" for k in KEYS)
                  + f" {s['gold']:5d} {s['pred']:5d}")
        print(f"{half:4} {'HeidelTime (published, TE-3)':30} " + " " * 90
              + f"{HEIDELTIME:9.1f}")
        types = by_type(part, systems[0][1])
        print(f"{half:4} {len(part)} articles; storyline value recall by type: " + ", ".join(
            f"{t} {ok}/{n}" for t, (n, ok) in types.items()))
        if args.errors:
            print_errors(part, systems[0][1])
    print(f"goal: value F1 >= {GOAL:.0f} on half B (held out)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
