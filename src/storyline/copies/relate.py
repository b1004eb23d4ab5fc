"""Verify a candidate pair on exact shingle sets.

Candidates from the index are estimates (MinHash bands, sampled shingles);
a relation is only asserted after counting the shared shingles exactly, so a
false candidate costs time, never a wrong group. Thresholds were chosen on
bench/bench_copies.py (labelled syndication transforms of real articles):

- exact: the same normalised text (`Fingerprint.text_hash`).
- near: Jaccard >= NEAR_JACCARD. On the benchmark, near copies (light
  edits, a new headline, other chrome, reordered or inserted paragraphs)
  have Jaccard >= 0.59 (1st percentile) and every non-copy candidate <= 0.11.
- contained: the shorter text's shingles lie in the longer one's at
  >= CONTAINED_MIN (a wire story inside a longer page, a shortened version).
  Contained copies measured >= 0.64 (chrome that reads like prose, e.g. a
  "Related" headline with a full stop, dilutes short copies), non-copy
  candidates <= 0.42 (a follow-up reusing a paragraph, shared quotes). A
  contained copy must also share MIN_SHARED_CONTAINED shingles (about 55
  words): less is one quote or one boilerplate paragraph (a site's stock
  "Editor's note" makes a page of little else "contained" in every article).
- Nothing is related with fewer than MIN_SHINGLES shingles on the shorter
  side or fewer than MIN_SHARED shared ones: short texts share stock phrases
  by chance and carry too little to call a copy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NEAR_JACCARD = 0.5
CONTAINED_MIN = 0.6
MIN_SHINGLES = 25
MIN_SHARED = 20
MIN_SHARED_CONTAINED = 50

EXACT = "exact"
NEAR = "near"
CONTAINED = "contained"


@dataclass(frozen=True, slots=True)
class Relation:
    """How two articles' texts relate; `kind` is None when they are not copies.

    `similarity` is the Jaccard similarity of the shingle sets; `containment`
    the share of the shorter text's shingles found in the longer one.
    """

    kind: str | None
    similarity: float
    containment: float


def overlap(a: np.ndarray, b: np.ndarray) -> int:
    """Number of shared values of two sorted unique uint64 arrays."""
    if len(a) == 0 or len(b) == 0:
        return 0
    return int(np.intersect1d(a, b, assume_unique=True).size)


def relate(a: np.ndarray, b: np.ndarray, *, same_text: bool = False) -> Relation:
    """Relation of two articles from their exact shingle sets (`shingles(text)`).

    `same_text` is ``fp_a.text_hash == fp_b.text_hash``; it makes the relation
    "exact" when the texts are long enough to be grouped at all.
    """
    small = min(len(a), len(b))
    if small < MIN_SHINGLES:
        return Relation(None, 0.0, 0.0)
    shared = overlap(a, b)
    jac = shared / (len(a) + len(b) - shared)
    cont = shared / small
    if same_text:
        return Relation(EXACT, round(jac, 4), round(cont, 4))
    kind = None
    if shared >= MIN_SHARED:
        if jac >= NEAR_JACCARD:
            kind = NEAR
        elif cont >= CONTAINED_MIN and shared >= MIN_SHARED_CONTAINED:
            kind = CONTAINED
    return Relation(kind, round(jac, 4), round(cont, 4))
