"""Copies across a corpus: the steps the pipeline runs, free of any store.

The store is an adapter: it hands in the index it persisted, the new
articles, and a way to fetch another article's text; it gets back
fingerprints, verified pairs, groups and date verdicts to write. Nothing
here keeps state between calls, so the same code serves one run on a
laptop or shards of a larger one.

    prepared = [prepare(id, text, published) ...]            # per article, any process
    pairs = find_pairs(prepared, index, texts_of)             # incremental
    result = assemble(pairs, infos, texts_of, own_checks)     # groups + dates
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .fingerprint import Fingerprint, fingerprint_and_shingles, shingles, text_hash
from .groups import ArticleInfo, CopyGroup, build_groups, independence_keys, wire_credit
from .index import CopyIndex
from .misdating import DateCheck, check_group, check_text
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
class Prepared:
    """What the copy step learns of one article on its own (a pure function of it)."""

    fingerprint: Fingerprint
    shingles: np.ndarray
    wire_credit: str | None
    check: DateCheck


def prepare(article_id: str, text: str, published: str | None) -> Prepared:
    """Fingerprint, exact shingles, wire credit and intrinsic date check of one article."""
    fp, sh = fingerprint_and_shingles(article_id, text)
    return Prepared(fp, sh, wire_credit(text), check_text(text, published))


@dataclass(frozen=True, slots=True)
class CopyResult:
    """Groups (sorted by id) and one status per article (sorted by article)."""

    groups: tuple[CopyGroup, ...]
    statuses: tuple[CopyStatus, ...]


TextsOf = Callable[[Iterable[str]], Mapping[str, str]]


def find_pairs(new: Iterable[Prepared], index: CopyIndex, texts_of: TextsOf) -> list[Pair]:
    """Add prepared articles to `index`; return the copy pairs they form.

    Every candidate the index proposes is verified on exact shingle sets
    (`relate`), so a pair is only returned when the texts really are copies.
    Candidates' texts are fetched in one call (`texts_of(ids) -> {id: text}`).
    Pairs are (smaller id, larger id, relation), each once.
    """
    own: dict[str, tuple[np.ndarray, str]] = {}
    found: list[tuple[str, list[str]]] = []
    for p in new:
        own[p.fingerprint.id] = (p.shingles, p.fingerprint.text_hash)
        found.append((p.fingerprint.id, index.add(p.fingerprint)))
    wanted = {c for _, cands in found for c in cands if c not in own}
    others = {d: (shingles(t), text_hash(t)) for d, t in texts_of(wanted).items()}
    pairs: dict[tuple[str, str], Relation] = {}
    for doc_id, cands in found:
        sh, h = own[doc_id]
        for cand in cands:
            c_sh, c_hash = own.get(cand) or others[cand]
            rel = relate(sh, c_sh, same_text=h == c_hash)
            if rel.kind is not None:
                pairs[(min(doc_id, cand), max(doc_id, cand))] = rel
    return [(a, b, rel) for (a, b), rel in sorted(pairs.items())]


def affected(pairs: Iterable[Pair], seeds: Iterable[str]) -> set[str]:
    """The seeds and every article in a copy group with one of them: the part of
    the corpus whose groups a change to the seeds can alter (groups are the
    connected components of the pair graph, so the rest stays as it is)."""
    edges: dict[str, list[str]] = {}
    for a, b, rel in pairs:
        if rel.kind is not None and a != b:
            edges.setdefault(a, []).append(b)
            edges.setdefault(b, []).append(a)
    seen = set(seeds)
    stack = list(seen)
    while stack:
        for other in edges.get(stack.pop(), ()):
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return seen


def assemble(
    pairs: Iterable[Pair],
    infos: Mapping[str, ArticleInfo],
    texts_of: TextsOf,
    own_checks: Mapping[str, DateCheck],
) -> CopyResult:
    """Copy groups with origins, independence keys and date verdicts for `infos`' articles.

    `own_checks` are each article's intrinsic date verdicts
    (`misdating.check_text`); a copy published well after its credibly
    dated origin is flagged too. `infos` should already mark flagged dates
    as not credible, so that a misdated copy never becomes an origin.
    """

    pairs = list(pairs)
    known = {(a, b): rel for a, b, rel in pairs}

    @lru_cache(maxsize=4096)
    def sh(doc_id: str) -> tuple[np.ndarray, str]:
        text = texts_of([doc_id])[doc_id]
        return shingles(text), text_hash(text)

    def to_origin(member: str, origin: str) -> Relation:
        rel = known.get((min(member, origin), max(member, origin)))
        if rel is not None:  # verified when the pair was found
            return rel
        (a, ha), (b, hb) = sh(member), sh(origin)
        return relate(a, b, same_text=ha == hb)

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
