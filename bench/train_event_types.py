"""Train the PLOVER type classifier (`analyse/event_classifier.py`) on NGEC's stories.

Run: .venv/bin/python bench/train_event_types.py [--out FILE] [--folds]
(reads ../shared/data/events/ngec_synthetic_events.csv or $STORYLINE_SHARED/...;
writes src/storyline/analyse/event_types.npz).

The NGEC synthetic news stories (4,500, MIT, labelled with a PLOVER 2.0 type
and mode per story) are training data only, never evaluation. A story's type is
its main event, which its title and its lead sentence state; the rest of a story
wanders (background, reactions), so each story gives two short examples, the
title (placeholders such as {country_1} read as "country") and the first
sentence, the length of the sentences the model will see. Multinomial logistic
regression over hashed stemmed uni/bigrams, full-batch gradient descent with
L2, every class weighted equally (NGEC has 780 CONCEDE stories, 84 AID):
deterministic, so the same data gives the same bytes.

`--folds` writes no model: it trains on the stories of one half (`halves.py` over
the story numbers) and prints the accuracy on the other half's lead sentences, both
ways: the classifier's own held-out figure on NGEC (the PLOVER gold records, not
NGEC, are the evaluation of the events step).
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
from pathlib import Path

import numpy as np

from storyline.analyse import event_lexicon as lx
from storyline.analyse.event_classifier import BUCKETS, MODEL_FILE, hashed, save_model

HERE = Path(__file__).parent
SHARED = Path(os.environ.get("STORYLINE_SHARED", HERE.parent.parent / "shared"))
DATA = SHARED / "data" / "events" / "ngec_synthetic_events.csv"
EPOCHS = 300
RATE = 0.5
L2 = 1e-4

_SENTENCE_END = re.compile(r"(?<=[a-z0-9\"'\)][.!?])\s+(?=[A-Z\"'])")


def first_sentence(text: str) -> str:
    """The lead sentence of a story (its first paragraph's first sentence)."""
    para = next((p for p in text.strip().split("\n") if p.strip()), "")
    return _SENTENCE_END.split(para.strip(), maxsplit=1)[0]


def rows(path: Path = DATA):
    """(CSV line number, PLOVER type, row) of every NGEC story; an unknown type is an
    error naming the file and line."""
    with path.open(encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f), start=2):
            label = (row.get("label") or "").strip().upper()
            if label not in lx.TYPES:
                raise ValueError(f"{path}:{n}: unknown PLOVER type {label!r}")
            yield n, label, row


def examples(path: Path = DATA, keep=None) -> list[tuple[str, str]]:
    """(text, type) pairs: each story's title and lead sentence (of the stories whose CSV
    line number `keep` accepts, when given)."""
    out = []
    for n, label, row in rows(path):
        if keep is not None and not keep(n):
            continue
        title = re.sub(r"\{[a-z_0-9]+\}", "country", row.get("title") or "")
        for text in (title, first_sentence(row.get("text") or "")):
            if text.strip():
                out.append((text, label))
    return out


def train(data: list[tuple[str, str]], epochs: int = EPOCHS, rate: float = RATE,
          l2: float = L2) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """(types, weights, bias) of a class-balanced softmax regression."""
    types = tuple(t for t in lx.TYPES if any(label == t for _, label in data))
    col = {t: i for i, t in enumerate(types)}
    data = [(text, label) for text, label in data if len(hashed(text))]
    rows = [hashed(text) for text, _ in data]
    row = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
    idx = np.concatenate(rows)
    y = np.array([col[label] for _, label in data])
    onehot = np.eye(len(types))[y]
    counts = np.bincount(y, minlength=len(types)).astype(np.float64)
    weight = (len(y) / (len(types) * counts))[y][:, None]  # each class counts the same
    w = np.zeros((BUCKETS, len(types)))
    b = np.zeros(len(types))
    gw2 = np.zeros_like(w) + 1e-8  # Adagrad accumulators: rare features learn too
    gb2 = np.zeros_like(b) + 1e-8
    n = len(y)
    for _ in range(epochs):
        logits = b + np.add.reduceat(w[idx], np.searchsorted(row, np.arange(n)), axis=0)
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        d = (p - onehot) * weight / n
        gw = np.stack([np.bincount(idx, weights=d[row, c], minlength=BUCKETS)
                       for c in range(len(types))], axis=1) + l2 * w
        gb = d.sum(axis=0)
        gw2 += gw * gw
        gb2 += gb * gb
        w -= rate * gw / np.sqrt(gw2)
        b -= rate * gb / np.sqrt(gb2)
    return types, w, b


def folds() -> None:
    """Held-out accuracy on NGEC lead sentences, training on the other half."""
    sys.path.insert(0, str(HERE))
    from halves import halves

    numbers = [n for n, _, _ in rows()]
    half = halves(f"ngec:{n}" for n in numbers)
    leads = {n: (first_sentence(row.get("text") or ""), label) for n, label, row in rows()}
    for train_half, test_half in (("A", "B"), ("B", "A")):
        types, w, b = train(examples(keep=lambda n, h=train_half: half[f"ngec:{n}"] == h))
        test = [leads[n] for n in numbers if half[f"ngec:{n}"] == test_half]
        right = 0
        for text, label in test:
            ids = hashed(text)
            logits = b + (w[ids].sum(axis=0) if len(ids) else 0.0)
            right += types[int(np.argmax(logits))] == label
        print(f"train half {train_half}, lead sentences of half {test_half}: "
              f"{right / len(test):.3f} ({right}/{len(test)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    parser.add_argument("--folds", action="store_true",
                        help="print held-out accuracy on NGEC halves; write no model")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA}: not found (set STORYLINE_SHARED)")
    if args.folds:
        folds()
        return
    data = examples()
    types, w, b = train(data)
    save_model(args.out, types, w, b)
    print(f"{len(data)} examples, {len(types)} types -> {args.out} "
          f"({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
