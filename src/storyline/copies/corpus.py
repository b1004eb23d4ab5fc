"""Copies across a corpus: the steps the pipeline runs, free of any store.

The store is an adapter: it hands in the index it persisted, the new
articles, and a way to fetch another article's text; it gets back
fingerprints, verified pairs, groups and date verdicts to write. Nothing
here keeps state between calls, so the same code serves one run on a
laptop or shards of a larger one.

    fps, pairs = find_pairs(new_articles, index, text_of)     # incremental
    result = assemble(pairs, infos, text_of, own_checks)      # groups + dates
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .fingerprint import Fingerprint, fingerprint_and_shingles, shingles, text_hash
from .groups import ArticleInfo, CopyGroup, build_groups, independence_keys
from .index import CopyIndex
from .misdating import DateCheck, check_group
from .relate import Relation, relate

Pair = tuple[str, str, Relation]


@dataclass(frozen=True, slots=True)
class CopyStatus:
    """Everything later stages need to know about one article's copies."""

    article: str
    independence_key: str
    group: str | None = None
    relation: str | None = None  # origin | exact | near | contained
    similarity: float | None = None
    misdated: bool = False
    misdated_reason: str | None = None
    likely_period: str | None = None


@dataclass(frozen=True, slots=True)
class CopyResult:
    """Groups (sorted by id) and one status per article (sorted by article)."""

    groups: tuple[CopyGroup, ...]
    statuses: tuple[CopyStatus, ...]


def find_pairs(
    new: Iterable[tuple[str, str]],
    index: CopyIndex,
    text_of: Callable[[str], str],
) -> tuple[list[Fingerprint], list[Pair]]:
    """Add (id, clean text) articles to `index`; return their fingerprints and copy pairs.

    Every candidate the index proposes is verified on exact shingle sets
    (`relate`), so a pair is only returned when the texts really are copies.
    Pairs are (smaller id, larger id, relation), each once.
    """
    own: dict[str, tuple[np.ndarray, str]] = {}

    @lru_cache(maxsize=4096)
    def other(doc_id: str) -> tuple[np.ndarray, str]:
        text = text_of(doc_id)
        return shingles(text), text_hash(text)

    fps: list[Fingerprint] = []
    pairs: dict[tuple[str, str], Relation] = {}
    for doc_id, text in new:
        fp, sh = fingerprint_and_shingles(doc_id, text)
        fps.append(fp)
        own[doc_id] = (sh, fp.text_hash)
        for cand in index.add(fp):
            c_sh, c_hash = own.get(cand) or other(cand)
            rel = relate(sh, c_sh, same_text=fp.text_hash == c_hash)
            if rel.kind is not None:
                pairs[(min(doc_id, cand), max(doc_id, cand))] = rel
    return fps, [(a, b, rel) for (a, b), rel in sorted(pairs.items())]


def assemble(
    pairs: Iterable[Pair],
    infos: Mapping[str, ArticleInfo],
    text_of: Callable[[str], str],
    own_checks: Mapping[str, DateCheck],
) -> CopyResult:
    """Copy groups with origins, independence keys and date verdicts for `infos`' articles.

    `own_checks` are each article's intrinsic date verdicts
    (`misdating.check_text`); a copy published well after its credibly
    dated origin is flagged too. `infos` should already mark flagged dates
    as not credible, so that a misdated copy never becomes an origin.
    """

    @lru_cache(maxsize=4096)
    def sh(doc_id: str) -> np.ndarray:
        return shingles(text_of(doc_id))

    def to_origin(member: str, origin: str) -> Relation:
        same = text_hash(text_of(member)) == text_hash(text_of(origin))
        return relate(sh(member), sh(origin), same_text=same)

    groups = build_groups(infos.values(), pairs, to_origin)
    checks = dict(own_checks)
    member_of: dict[str, tuple[CopyGroup, float, str]] = {}
    for g in groups:
        for m in g.members:
            member_of[m.article] = (g, m.similarity, m.relation)
        for article, verdict in check_group(g, infos).items():
            if not checks.get(article, DateCheck(False)).misdated:
                checks[article] = verdict
    keys = independence_keys(groups, infos)
    statuses = []
    for article in sorted(infos):
        g, sim, rel = member_of.get(article, (None, None, None))
        check = checks.get(article, DateCheck(False))
        statuses.append(CopyStatus(
            article=article, independence_key=keys[article], group=g.id if g else None,
            relation=rel, similarity=sim, misdated=check.misdated,
            misdated_reason=check.reason or None, likely_period=check.likely_period,
        ))
    return CopyResult(tuple(groups), tuple(statuses))
