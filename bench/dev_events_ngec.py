"""Development report for event types on NGEC's synthetic stories (never evaluation).

Run: .venv/bin/python bench/dev_events_ngec.py [--sentences N] [--limit N] [--top N]
      [--dump FILE]
(reads ../shared/data/events/ngec_synthetic_events.csv or $STORYLINE_SHARED/...).

The 4,500 NGEC stories (MIT) carry one PLOVER 2.0 label each: the story's main
event, which its lead sentence states (the rest wanders). Each story's first
`--sentences` sentences (default 1, the lead) go through the same analysis as an
article, then `extract_events`; the primary mention (`events.primary`) of the
first sentence holding one is compared with the label, under PLOVER's coding
conventions (`plover_type`). Printed: accuracy (all stories, and by the halves
of `halves.py` over the story numbers, so a rule fitted to one half shows on
the other), precision when sure, the confusion between types, the most frequent
missing triggers (label X and no mention: the root verb and its object or
subject noun, from the parse) and the most frequent wrong triggers (trigger
lemma -> wrong type).

The stories are templated and often drift from their label, so they are a
development set for finding systematic errors, not a measure of quality: the
PLOVER gold records (`bench_events.py`) are. The classifier of
`analyse/event_classifier.py` is trained on these same stories.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

from storyline.analyse import event_lexicon as lx
from storyline.analyse.events import (
    extract_events_many,
    load_parser,
    plover_mode,
    plover_type,
    primary,
)
from storyline.analyse.nlp import analyse_texts
from storyline.analyse.times import extract_times

sys.path.insert(0, str(Path(__file__).parent))
from halves import halves  # noqa: E402
from train_event_types import rows  # noqa: E402

HERE = Path(__file__).parent
SHARED = Path(os.environ.get("STORYLINE_SHARED", HERE.parent.parent / "shared"))
DATA = SHARED / "data" / "events" / "ngec_synthetic_events.csv"
_SENTENCE_END = re.compile(r"(?<=[a-z0-9\"'\)][.!?])\s+(?=[A-Z\"'])")
NONE, UNSURE = "(none)", "(unsure)"


def lead(text: str, n: int) -> list[str]:
    """The first `n` sentences of a story's first paragraph."""
    para = next((p for p in text.strip().split("\n") if p.strip()), "")
    return [s for s in _SENTENCE_END.split(para.strip(), maxsplit=n)[:n] if s.strip()]


def stories(path: Path = DATA) -> list[dict]:
    """Stories with their number (the CSV line), label and mode."""
    return [{"id": f"ngec:{n}", "label": label,
             "mode": (row.get("mode") or "").strip().lower() or None,
             "text": row.get("text") or ""} for n, label, row in rows(path)]


def code(records: list[dict], n_sentences: int) -> list[dict]:
    """Each record with `pred` (type, "(none)" or "(unsure)"), `lemma`, `sentence`."""
    jobs = [(k, s) for k, r in enumerate(records) for s in lead(r["text"], n_sentences)]
    analyses = list(analyse_texts([s for _, s in jobs]))
    items = [(a, extract_times(s, None, a), None) for (_, s), a in zip(jobs, analyses,
                                                                       strict=True)]
    out = [dict(r, pred=NONE, lemma=None, mode_pred=None, sentence=None, types=[])
           for r in records]
    for (k, s), mentions in zip(jobs, extract_events_many(items), strict=True):
        rec = out[k]
        rec["types"] += [plover_type(m) for m in mentions if not m.unsure]
        if rec["sentence"] is not None:
            continue
        m = primary(mentions)
        if m is None:
            continue
        rec["sentence"] = s
        rec["lemma"] = m.lemma
        rec["pred"] = UNSURE if m.unsure else plover_type(m)
        rec["mode_pred"] = plover_mode(m)
    for r in out:
        if r["sentence"] is None:
            r["sentence"] = (lead(r["text"], 1) or [""])[0]
    return out


def _rate(right: int, total: int) -> str:
    return f"{right / total:.3f} ({right}/{total})" if total else "n/a"


def missing_words(records: list[dict]) -> Counter:
    """(label, word) counts over stories with no mention: every verb of the lead sentence
    (not speech, "be" or "have") and the head noun of its object."""
    nlp = load_parser()
    todo = [r for r in records if r["pred"] == NONE]
    skip = lx.SPEECH | {"be", "have", "do", "make", "take", "come", "go", "get"}
    out: Counter = Counter()
    for r, doc in zip(todo, nlp.pipe([r["sentence"] for r in todo], batch_size=64),
                      strict=True):
        words = set()
        for t in doc:
            if t.pos_ == "VERB" and t.lemma_.lower() not in skip:
                words.add(f"{t.lemma_.lower()}/V")
                words |= {f"{c.lemma_.lower()}/N" for c in t.children
                          if c.dep_ in {"dobj", "obj"} and c.pos_ == "NOUN"}
        for w in words:
            out[(r["label"], w)] += 1
    return out


def report(records: list[dict], top: int) -> None:
    half = halves(r["id"] for r in records)
    print(f"NGEC synthetic stories: {len(records)} (development data; lead sentence coded)")
    print(f"{'':26}{'all':>20}{'half A':>20}{'half B':>20}")
    rows = []
    for name in ("all", "A", "B"):
        sub = [r for r in records if name == "all" or half[r["id"]] == name]
        sure = [r for r in sub if r["pred"] not in {NONE, UNSURE}]
        right = sum(r["pred"] == r["label"] for r in sub)
        moded = [r for r in sub if r["mode"]]
        rows.append({
            "type accuracy": _rate(right, len(sub)),
            "type precision (sure)": _rate(right, len(sure)),
            "no mention": _rate(sum(r["pred"] == NONE for r in sub), len(sub)),
            "unsure": _rate(sum(r["pred"] == UNSURE for r in sub), len(sub)),
            "label among mentions": _rate(sum(r["label"] in r["types"] for r in sub),
                                          len(sub)),
            "mode accuracy": _rate(sum(r["mode_pred"] == r["mode"] for r in moded),
                                   len(moded)),
        })
    for key in rows[0]:
        print(f"{key:26}" + "".join(f"{row[key]:>20}" for row in rows))
    print()
    print("Confusion (label: n, accuracy, most frequent other predictions)")
    for label in lx.TYPES:
        sub = [r for r in records if r["label"] == label]
        preds = Counter(r["pred"] for r in sub if r["pred"] != label)
        right = len(sub) - sum(preds.values())
        others = ", ".join(f"{p} {c}" for p, c in preds.most_common(5))
        print(f"  {label:10}{len(sub):>5} {right / max(len(sub), 1):6.3f}  {others}")
    print()
    wrong = Counter((r["lemma"], r["pred"], r["label"]) for r in records
                    if r["pred"] not in {NONE, UNSURE, r["label"]})
    print(f"Wrong triggers (lemma -> predicted type, label: count), top {top}")
    for (lemma, pred, label), c in wrong.most_common(top):
        print(f"  {c:4}  {lemma} -> {pred}, label {label}")
    print()
    print(f"Missing triggers (label, no mention: its verbs /V and their objects /N), "
          f"top {top}")
    for (label, word), c in missing_words(records).most_common(top):
        print(f"  {c:4}  {label:10} {word}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=1)
    parser.add_argument("--limit", type=int, default=0,
                        help="about N stories, evenly spread (the file is sorted by label)")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--dump", type=Path, help="write every story's coding (JSON lines)")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA}: not found (set STORYLINE_SHARED)")
    records = stories()
    if args.limit:
        records = records[:: max(1, len(records) // args.limit)]
    coded = code(records, args.sentences)
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as f:
            for r in coded:
                f.write(json.dumps({k: r[k] for k in ("id", "label", "mode", "pred", "mode_pred",
                                                      "lemma", "sentence", "types")}) + "\n")
    report(coded, args.top)


if __name__ == "__main__":
    main()
