"""Per-article fingerprints: prose shingles, a MinHash signature and a content sample.

Why each part exists:

- Only *prose* paragraphs are shingled (lines of at least `MIN_PARA_TOKENS`
  words that end like a sentence, and are not short furniture such as
  "All rights reserved." or newsletter prompts). Navigation, tag lists,
  "Related" headline lists and bylines rarely end with a full stop, so the
  chrome a syndicating site wraps around a story drops out before any
  comparison, and two pages built on one site template do not look alike
  because of it.
- Shingles are word `K`-grams inside one paragraph: reordering or inserting
  paragraphs changes no shingle of the paragraphs that stayed.
- Hashes are deterministic (blake2b per token, then uint64 arithmetic), never
  Python's salted ``hash()``, so fingerprints and index keys are the same in
  every process and every run.
- The MinHash signature estimates Jaccard similarity (near copies); the
  *content-defined sample* (shingles whose hash is 0 modulo `SAMPLE_MOD`) is
  the same subset in every document, so ``sample(A & B) == sample(A) &
  sample(B)``: it estimates containment, which finds a short wire story
  inside a long page where Jaccard is small.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

#: Words per shingle. On the copy benchmark (bench/bench_copies.py) 5 left the widest
#: gap in containment between copies (>= 0.64) and non-copy candidates (<= 0.42; 3 and
#: 7 let non-copies reach 0.56): short enough to survive light copy edits, long enough
#: that stock phrases ("said in a statement on") rarely make two articles look alike.
K = 5
#: MinHash permutations.
NUM_PERM = 128
#: One shingle in SAMPLE_MOD (by hash value) is kept in the containment sample.
SAMPLE_MOD = 8
#: A paragraph shorter than this (in words) is never shingled.
MIN_PARA_TOKENS = 8
#: A paragraph this long counts as prose if it has a sentence end anywhere.
LONG_PARA_TOKENS = 40

_MAX = np.uint64(0xFFFFFFFFFFFFFFFF)
_SEED = 20240617
_BITS = NUM_PERM.bit_length() - 1
assert 1 << _BITS == NUM_PERM, "NUM_PERM must be a power of two"
#: Smallest hash of each bin (bins are the top _BITS bits of a hash).
_BIN_STARTS = np.arange(NUM_PERM, dtype=np.uint64) << np.uint64(64 - _BITS)
#: Each bin's fixed sequence of donor bins for densification.
_DONORS = np.random.Generator(np.random.PCG64(_SEED)).integers(0, NUM_PERM, (NUM_PERM, 64))
_SHINGLE_MULT = np.uint64(0x9E3779B97F4A7C15)

_TOKEN = re.compile(r"\w+")
_SENT_END = re.compile(r"[.!?:;…][\"'”’)\]»]*\s*$")
_SENT_ANY = re.compile(r"[.!?…][\"'”’)\]»]*\s")
_PUNCT_ANY = re.compile(r"[.!?。！？]")
#: Page furniture that reads like a sentence (footers, subscription and cookie notices):
#: skipped when the line is short, as a site repeats it on every page.
_FURNITURE = re.compile(
    r"all rights reserved|©|\bcopyright\b|may not be (?:re)?published|newsletter|subscribe|"
    r"sign up|log in|cookies?\b|privacy policy|terms of (?:use|service)|click here|"
    r"follow us|download (?:our|the) app|share this|advertisement|read more|"
    r"(?:story|article) continues",
    re.IGNORECASE,
)

_token_cache: dict[str, int] = {}
_TOKEN_CACHE_MAX = 1_000_000


@dataclass(frozen=True, slots=True, eq=False)
class Fingerprint:
    """What the copy index needs of one article; small enough to store per article.

    `text_hash` identifies exact copies (same words in the same order, case and
    punctuation ignored); `minhash` (NUM_PERM uint64) and `sample` (sorted
    uint64) come from the prose shingles; `n_shingles` is the size of that set.
    """

    id: str
    text_hash: str
    n_tokens: int
    n_shingles: int
    minhash: np.ndarray
    sample: np.ndarray


def _token_hash(tok: str) -> int:
    h = _token_cache.get(tok)
    if h is None:
        if len(_token_cache) >= _TOKEN_CACHE_MAX:
            _token_cache.clear()
        h = int.from_bytes(hashlib.blake2b(tok.encode(), digest_size=8).digest(), "little")
        _token_cache[tok] = h
    return h


def mix64(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser: spreads every input bit over the whole word."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs: lines, or blank-line blocks when the text is hard-wrapped."""
    lines = text.splitlines()
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    n_lines = sum(len(b) for b in blocks)
    if n_lines and len(blocks) > 1 and sum(len(b) for b in blocks if len(b) > 1) > n_lines / 2:
        return [" ".join(b) for b in blocks]
    return [line for b in blocks for line in b]


def prose_tokens(text: str) -> list[list[str]]:
    """Casefolded `\\w+` tokens of each prose paragraph (see the module docstring)."""
    paras = paragraphs(text)
    toks = [_TOKEN.findall(p.casefold()) for p in paras]
    keep = [
        t
        for p, t in zip(paras, toks, strict=True)
        if len(t) >= MIN_PARA_TOKENS
        and (_SENT_END.search(p) or (len(t) >= LONG_PARA_TOKENS and _SENT_ANY.search(p)))
        and not (len(t) < LONG_PARA_TOKENS and _FURNITURE.search(p))
    ]
    if not keep and not _PUNCT_ANY.search(text):
        # Unpunctuated text (a transcript, a script without full stops): no way to
        # tell prose from chrome, so shingle every paragraph long enough.
        keep = [t for t in toks if len(t) >= MIN_PARA_TOKENS]
    return keep


def shingles(text: str, k: int = K) -> np.ndarray:
    """Sorted unique uint64 hashes of the word k-grams of the prose paragraphs.

    This is the exact set used to verify candidate pairs (see relate.py).
    """
    paras = prose_tokens(text)
    if not paras:
        return np.empty(0, dtype=np.uint64)
    flat = [_token_hash(t) for p in paras for t in p]
    tok = np.array(flat, dtype=np.uint64)
    para_id = np.repeat(np.arange(len(paras)), [len(p) for p in paras])
    n = len(tok) - k + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    h = tok[:n].copy()
    for i in range(1, k):
        h = h * _SHINGLE_MULT + tok[i : n + i]
    h = mix64(h[para_id[:n] == para_id[k - 1 :]])
    return np.unique(h)


def minhash(sh: np.ndarray) -> np.ndarray:
    """MinHash signature (NUM_PERM uint64 slots) of a sorted unique shingle-hash array.

    One-permutation MinHash with optimal densification (Li et al. 2012;
    Shrivastava 2017): the top 7 bits of each (already well-mixed) shingle
    hash pick one of NUM_PERM bins and the bin keeps its smallest hash. As
    `shingles` returns hashes sorted, each bin's minimum is simply its first
    element: a binary search per bin, not NUM_PERM hash functions per shingle
    (the cost that makes classic MinHash slow). An empty bin copies the value
    of the first non-empty bin along its own fixed pseudo-random sequence of
    bins, so two documents with the same empty bin borrow alike. The share of
    equal slots estimates Jaccard like classic MinHash (checked in the tests).
    """
    out = np.full(NUM_PERM, _MAX, dtype=np.uint64)
    if len(sh) == 0:
        return out
    starts = np.searchsorted(sh, _BIN_STARTS)
    filled = starts < np.append(starts[1:], len(sh))
    out[filled] = sh[starts[filled]]
    if not filled.all():
        empty = np.flatnonzero(~filled)
        donors = _DONORS[empty]  # (n_empty, tries)
        ok = filled[donors]
        first = ok.argmax(axis=1)
        pick = donors[np.arange(len(empty)), first]
        lost = ~ok[np.arange(len(empty)), first]
        if lost.any():  # no donor in the sequence: take the first filled bin
            pick[lost] = np.flatnonzero(filled)[0]
        out[empty] = out[pick]
    return out


def text_hash(text: str) -> str:
    """Hash of the whole normalised text (all words, casefolded), for exact copies."""
    words = " ".join(_TOKEN.findall(text.casefold()))
    return hashlib.blake2b(words.encode(), digest_size=8).hexdigest()


def sample_of(sh: np.ndarray) -> np.ndarray:
    """The content-defined sample of a shingle set (already sorted, so stays sorted)."""
    return sh[sh % np.uint64(SAMPLE_MOD) == 0]


def fingerprint(article_id: str, text: str) -> Fingerprint:
    """Fingerprint one article: a pure function of its id and clean text."""
    return fingerprint_and_shingles(article_id, text)[0]


def fingerprint_and_shingles(article_id: str, text: str) -> tuple[Fingerprint, np.ndarray]:
    """The fingerprint and the exact shingle set, for callers that verify right away."""
    sh = shingles(text)
    fp = Fingerprint(
        id=article_id,
        text_hash=text_hash(text),
        n_tokens=len(_TOKEN.findall(text)),
        n_shingles=int(len(sh)),
        minhash=minhash(sh),
        sample=sample_of(sh),
    )
    return fp, sh


def jaccard_estimate(a: Fingerprint, b: Fingerprint) -> float:
    """Share of equal MinHash slots: an estimate of the Jaccard similarity."""
    if a.n_shingles == 0 or b.n_shingles == 0:
        return 0.0
    return float(np.mean(a.minhash == b.minhash))
