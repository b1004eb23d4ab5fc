"""A small PLOVER type classifier over a sentence's words, to help the trigger rules.

The rules of `analyse/events.py` type a sentence by its trigger word; they say
nothing for a sentence whose event is named by a word outside the lexicon, and
they guess when the trigger sits deep in the parse. This classifier reads the
whole sentence instead: multinomial logistic regression over hashed word
unigrams and bigrams (lower-cased, crudely stemmed), trained by
`bench/train_event_types.py` on the NGEC synthetic news stories (training data
only, MIT licence) and shipped as `event_types.npz` (weights as int8 with one
scale, so the file stays small). Hashing is CRC-32, so features and scores are
the same in every process; no spaCy, numpy only.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from storyline.analyse import event_lexicon as lx

#: Number of hash buckets (a power of two) and the model file next to this module.
BUCKETS = 1 << 16
MODEL_FILE = Path(__file__).with_name("event_types.npz")

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s")
_STOP = frozenset("""
a an the of to in on at for and or but by with from as is are was were be been being it its
this that these those he she they his her their them which who whom said says say told
""".split())


def _stem(word: str) -> str:
    """A crude stem: "shelled", "shelling" and "shells" share "shell"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # "stopp" -> "stop"
    return word


def features(text: str) -> list[str]:
    """Unigrams (not stop words) and bigrams (stop words kept) of stemmed words."""
    words = [_stem(w) for w in _WORD.findall(text.lower())]
    out = [w for w in words if w not in _STOP]
    out += [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return out


def hashed(text: str) -> np.ndarray:
    """Distinct hash buckets of a text's features (sorted, int64)."""
    ids = {zlib.crc32(f.encode("utf-8")) & (BUCKETS - 1) for f in features(text)}
    return np.array(sorted(ids), dtype=np.int64)


@dataclass(frozen=True, slots=True)
class TypeModel:
    """Weights (BUCKETS x types) and biases of the logistic regression."""

    types: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray

    def scores(self, text: str) -> dict[str, float]:
        """Probability of every PLOVER type for one sentence."""
        ids = hashed(text)
        logits = self.bias + (self.weights[ids].sum(axis=0) if len(ids) else 0.0)
        logits = logits - logits.max()
        p = np.exp(logits)
        p /= p.sum()
        return {t: float(v) for t, v in zip(self.types, p, strict=True)}

    def best(self, text: str, allowed: frozenset[str] | None = None) -> tuple[str, float]:
        """The most probable type (among `allowed`, when given) and its probability."""
        scores = self.scores(text)
        pool = [t for t in scores if allowed is None or t in allowed] or list(scores)
        top = max(pool, key=lambda t: (scores[t], -self.types.index(t)))
        return top, scores[top]


def save_model(path: Path, types: tuple[str, ...], weights: np.ndarray,
               bias: np.ndarray) -> None:
    """Write weights as int8 with one scale (deterministic bytes for the same input)."""
    scale = float(np.abs(weights).max()) / 127.0 or 1.0
    q = np.round(weights / scale).astype(np.int8)
    with path.open("wb") as f:
        np.savez_compressed(f, types=np.array(types), weights=q,
                            scale=np.array([scale], dtype=np.float64),
                            bias=bias.astype(np.float32))


@lru_cache(maxsize=2)
def load_model(path: Path = MODEL_FILE) -> TypeModel:
    """The shipped model, loaded once per process (a clear error when the file is bad)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            types = tuple(str(t) for t in data["types"])
            weights = data["weights"].astype(np.float32) * np.float32(data["scale"][0])
            bias = data["bias"].astype(np.float32)
    except (OSError, KeyError, ValueError) as e:
        raise ValueError(f"{path}: not an event type model ({e})") from e
    unknown = set(types) - set(lx.TYPES)
    if unknown or weights.shape != (BUCKETS, len(types)) or bias.shape != (len(types),):
        raise ValueError(f"{path}: bad event type model (types {sorted(unknown)}, "
                         f"weights {weights.shape})")
    return TypeModel(types, weights, bias)


__all__ = ["BUCKETS", "MODEL_FILE", "TypeModel", "features", "hashed", "load_model",
           "save_model"]
