"""In-memory candidate index for copies: LSH bands plus sampled-shingle postings.

Two ways to become a candidate, because copies come in two shapes:

- LSH banding over the MinHash signature (BANDS x ROWS) finds near copies:
  two texts with Jaccard s share a band with probability 1-(1-s^ROWS)^BANDS
  (for 32 x 4: 0.87 at s=0.5, 0.99 at s=0.6, 0.003 at s=0.1); near copies
  on the benchmark have s >= 0.59, and the sample postings catch most of
  the rest.
- Postings of the content-defined sample find contained copies (a wire story
  in a long page, a shortened version) whose Jaccard is small: a document is
  a candidate when it shares at least SAMPLE_MIN_FRACTION of the smaller
  sample (and at least SAMPLE_MIN_SHARED keys).

A sample key already posted for DF_CAP documents takes no more postings:
such keys are boilerplate or a story copied everywhere, and in both cases
the first DF_CAP documents are enough (one member reaches a copy group, and
boilerplate alone never reaches the shared fraction). This bounds both
memory and the work of one lookup.

Storage is numpy: a sorted (key, doc) run plus a small dict of recent
postings merged into it now and then, so memory stays ~12 bytes a posting
and one add is a few binary searches. `to_rows`/`from_rows` give plain
(kind, key, doc_id) tuples for a database table; keys are signed 64-bit ints.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

import numpy as np

from .fingerprint import NUM_PERM, SAMPLE_MOD, Fingerprint, mix64
from .relate import MIN_SHINGLES

BANDS = 32
ROWS = 4
DF_CAP = 100
SAMPLE_MIN_FRACTION = 0.4
SAMPLE_MIN_SHARED = 2
#: Pending postings merged into the sorted run once they exceed this many.
MERGE_AT = 1 << 15

KIND_BAND = "band"
KIND_SAMPLE = "sample"
KIND_DOC = "doc"  # key = the document's sample size
KIND_PARAMS = "params"  # key = a hash of the parameters the rows were built with

_rng = np.random.Generator(np.random.PCG64(7))
_ROW_MULT = _rng.integers(1, 1 << 63, size=ROWS, dtype=np.uint64) | np.uint64(1)
_BAND_SALT = _rng.integers(0, 1 << 63, size=BANDS, dtype=np.uint64)
PARAMS_KEY = int(
    mix64(np.array([NUM_PERM * 1_000_003 + BANDS * 10_007 + ROWS * 101 + SAMPLE_MOD],
                   dtype=np.uint64))[0].astype(np.int64)
)


def band_keys(minhash: np.ndarray) -> np.ndarray:
    """One uint64 key per band; the band number is folded into the key."""
    m = minhash[: BANDS * ROWS].reshape(BANDS, ROWS)
    return mix64((m * _ROW_MULT).sum(axis=1, dtype=np.uint64) ^ _BAND_SALT)


class _Postings:
    """A multimap uint64 key -> int doc numbers: sorted numpy run + recent dict."""

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype=np.uint64)
        self.docs = np.empty(0, dtype=np.int32)
        self.pending: dict[int, list[int]] = {}
        self.n_pending = 0

    def __len__(self) -> int:
        return len(self.keys) + self.n_pending

    def lookup(self, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(query position, doc) for every posting of every query key."""
        lo = np.searchsorted(self.keys, q, "left")
        hi = np.searchsorted(self.keys, q, "right")
        counts = hi - lo
        qpos = [np.repeat(np.arange(len(q)), counts)]
        idx = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        docs = [self.docs[idx]]
        if self.pending:
            for i, k in enumerate(q.tolist()):
                hit = self.pending.get(k)
                if hit:
                    qpos.append(np.full(len(hit), i))
                    docs.append(np.array(hit, dtype=np.int32))
        return np.concatenate(qpos), np.concatenate(docs)

    def counts(self, q: np.ndarray) -> np.ndarray:
        """How many postings each query key has."""
        c = np.searchsorted(self.keys, q, "right") - np.searchsorted(self.keys, q, "left")
        if self.pending:
            c = c + np.array([len(self.pending.get(k, ())) for k in q.tolist()])
        return c

    def add(self, keys: np.ndarray, doc: int) -> None:
        for k in keys.tolist():
            self.pending.setdefault(k, []).append(doc)
        self.n_pending += len(keys)
        if self.n_pending >= MERGE_AT:
            self.merge()

    def merge(self) -> None:
        if not self.pending:
            return
        lists = self.pending.values()
        counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(self.pending))
        pk = np.repeat(np.fromiter(self.pending, dtype=np.uint64, count=len(counts)), counts)
        pd = np.fromiter(chain.from_iterable(lists), dtype=np.int32, count=self.n_pending)
        order = np.lexsort((pd, pk))
        pk, pd = pk[order], pd[order]
        # New doc numbers are the largest, so inserting after equal keys keeps (key, doc)
        # order: a linear copy, not a re-sort of the whole run.
        pos = np.searchsorted(self.keys, pk, "right")
        self.keys = np.insert(self.keys, pos, pk)
        self.docs = np.insert(self.docs, pos, pd)
        self.pending.clear()
        self.n_pending = 0

    def bulk(self, keys: np.ndarray, docs: np.ndarray) -> None:
        keys = np.concatenate([self.keys, keys])
        docs = np.concatenate([self.docs, docs])
        order = np.lexsort((docs, keys))
        self.keys, self.docs = keys[order], docs[order]


class CopyIndex:
    """Candidate copies among the documents added so far (ids are strings)."""

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._num: dict[str, int] = {}
        self._nsample = np.zeros(1024, dtype=np.int32)
        self._bands = _Postings()
        self._samples = _Postings()
        self._journal: list[tuple[str, int, str]] = []

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._num

    @staticmethod
    def indexable(fp: Fingerprint) -> bool:
        """Too few shingles can never be related (relate.MIN_SHINGLES): not indexed."""
        return fp.n_shingles >= MIN_SHINGLES

    def query(self, fp: Fingerprint) -> list[str]:
        """Ids of indexed documents that may be copies of `fp` (sorted, `fp.id` excluded)."""
        if not self.indexable(fp) or not self._ids:
            return []
        found: set[int] = set()
        _, bdocs = self._bands.lookup(band_keys(fp.minhash))
        found.update(bdocs.tolist())
        if len(fp.sample):
            _, sdocs = self._samples.lookup(fp.sample)
            if len(sdocs):
                docs, shared = np.unique(sdocs, return_counts=True)
                other = self._nsample[docs]
                need = np.maximum(
                    SAMPLE_MIN_SHARED,
                    np.ceil(SAMPLE_MIN_FRACTION * np.minimum(other, len(fp.sample))),
                )
                found.update(docs[shared >= need].tolist())
        me = self._num.get(fp.id)
        return sorted(self._ids[d] for d in found if d != me)

    def add(self, fp: Fingerprint) -> list[str]:
        """Add one document; return the candidates already in the index (sorted ids).

        Adding an id twice changes nothing. Documents too short to be related
        are not indexed and get no candidates.
        """
        cands = self.query(fp)
        if fp.id in self._num or not self.indexable(fp):
            return cands
        num = len(self._ids)
        self._ids.append(fp.id)
        self._num[fp.id] = num
        self._set_nsample(num, len(fp.sample))
        bands = band_keys(fp.minhash)
        self._bands.add(bands, num)
        posted = fp.sample[:0]
        if len(fp.sample):
            posted = fp.sample[self._samples.counts(fp.sample) < DF_CAP]
            self._samples.add(posted, num)
        if not self._journal and not self._ids[:-1]:
            self._journal.append((KIND_PARAMS, PARAMS_KEY, ""))
        self._journal.append((KIND_DOC, len(fp.sample), fp.id))
        self._journal += [(KIND_BAND, k, fp.id) for k in bands.view(np.int64).tolist()]
        self._journal += [(KIND_SAMPLE, k, fp.id) for k in posted.view(np.int64).tolist()]
        return cands

    def take_new_rows(self) -> list[tuple[str, int, str]]:
        """The `to_rows` rows of documents added since the last call (for appending to
        a table that already holds the older rows), then forget them."""
        rows, self._journal = self._journal, []
        return rows

    def nbytes(self) -> int:
        """Approximate memory held by the index (arrays, pending postings, ids)."""
        n = self._nsample.nbytes + sum(len(i) + 57 for i in self._ids) * 2
        for post in (self._bands, self._samples):
            n += post.keys.nbytes + post.docs.nbytes + post.n_pending * 40
        return n

    def _set_nsample(self, num: int, n: int) -> None:
        if num >= len(self._nsample):
            self._nsample = np.concatenate([self._nsample, np.zeros_like(self._nsample)])
        self._nsample[num] = n

    def n_postings(self) -> int:
        """Band and sample postings held."""
        return len(self._bands) + len(self._samples)

    def flush(self) -> None:
        """Merge recent postings into the sorted run (done automatically every MERGE_AT)."""
        self._bands.merge()
        self._samples.merge()

    def to_rows(self) -> list[tuple[str, int, str]]:
        """All postings as (kind, signed 64-bit key, doc id) rows, for a database table."""
        self.flush()
        rows: list[tuple[str, int, str]] = [(KIND_PARAMS, PARAMS_KEY, "")]
        sizes = self._nsample[: len(self._ids)].tolist()
        rows += [(KIND_DOC, n, d) for d, n in zip(self._ids, sizes, strict=True)]
        ids = self._ids
        for kind, post in ((KIND_BAND, self._bands), (KIND_SAMPLE, self._samples)):
            keys = post.keys.view(np.int64).tolist()
            rows += [(kind, k, ids[d]) for k, d in zip(keys, post.docs.tolist(), strict=True)]
        return rows

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, int, str]]) -> CopyIndex:
        """Rebuild an index from `to_rows` output (any row order)."""
        docs: dict[str, int] = {}
        post: dict[str, tuple[list[int], list[str]]] = {KIND_BAND: ([], []), KIND_SAMPLE: ([], [])}
        for kind, key, doc in rows:
            if kind == KIND_DOC:
                docs[doc] = int(key)
            elif kind in post:
                post[kind][0].append(int(key))
                post[kind][1].append(doc)
            elif kind == KIND_PARAMS and int(key) != PARAMS_KEY:
                raise ValueError("copy index rows were built with other parameters; rebuild it")
        ids = sorted(docs)
        num = {d: i for i, d in enumerate(ids)}
        postings = {}
        for kind, (keys, owners) in post.items():
            try:
                nums = np.array([num[d] for d in owners], dtype=np.int32)
            except KeyError as exc:
                raise ValueError(f"copy index row names unknown document {exc}") from None
            postings[kind] = (np.array(keys, dtype=np.int64), nums)
        return cls.from_arrays(ids, np.array([docs[d] for d in ids], dtype=np.int32), postings)

    @classmethod
    def from_arrays(cls, ids: list[str], sizes: np.ndarray,
                    postings: dict[str, tuple[np.ndarray, np.ndarray]]) -> CopyIndex:
        """Rebuild an index from columns: `ids` sorted, their sample sizes, and per kind
        (band, sample) signed 64-bit keys with the position of their document in `ids`.

        The fast path for a database that can number documents itself;
        `from_rows` builds these columns and calls it.
        """
        if list(ids) != sorted(ids):
            raise ValueError("from_arrays needs ids in sorted order")
        index = cls()
        index._ids = list(ids)
        index._num = {d: i for i, d in enumerate(index._ids)}
        index._nsample = np.zeros(max(1024, len(ids)), dtype=np.int32)
        index._nsample[: len(ids)] = sizes
        for kind, target in ((KIND_BAND, index._bands), (KIND_SAMPLE, index._samples)):
            keys, nums = postings.get(kind, (np.empty(0, np.int64), np.empty(0, np.int32)))
            target.bulk(np.asarray(keys, dtype=np.int64).view(np.uint64),
                        np.asarray(nums, dtype=np.int32))
        return index
