"""Claims about the same quantity across articles: grouped, then checked for agreement.

Claims group when they count the same thing (counted_key), in the same kind
and unit, with compatible sentence context (place/organisation names, when
both have some). Within a group only independent sources count: copies of
one story share an independence key and never make an agreement or a
conflict by themselves. A group's `agreement` is

- "single": one independent source;
- "series": values change monotonically over distinct times (1,000
  containers by October, 7,000 by March), same-time claims agree, and any
  undated claim fits one of the dated ones;
- "agree": every pair from different sources overlaps within its qualifiers;
- "conflict": two independent sources give incompatible intervals for the
  same or an unknown time (or values that jump back and forth in time).

Ordinals of occasions ("second meeting", "third meeting") grow over time:
they agree when equal, conflict only when different for the same date, and
otherwise form a series.

Pure and deterministic: ids are content hashes, output order is sorted.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from storyline.analyse.claims import Claim

SINGLE, SERIES, AGREE, CONFLICT = "single", "series", "agree", "conflict"
#: Values within this relative distance count as the same value in a series.
SAME_VALUE = 0.05


@dataclass(frozen=True, slots=True)
class ClaimItem:
    """One article's claim with its corpus-level context.

    `source_id` is the canonical entity id of the claim's source (or None);
    `independence_key` is shared by copies of one story; `as_of` is an ISO
    date (or interval start) the figure holds as of, or None.
    """

    article_id: str
    claim: Claim
    source_id: str | None = None
    independence_key: str = ""
    as_of: str | None = None


@dataclass(frozen=True, slots=True)
class GroupedClaim:
    """A claim as it stands in a group: where it is, what it says, who says it, when."""

    article_id: str
    start: int
    end: int
    value: float
    low: float | None
    high: float | None
    qualifier: str | None
    source_id: str | None
    source_text: str | None
    independence_key: str
    as_of: str | None


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Claims about one quantity, with the number of independent sources and their verdict."""

    id: str
    counted: str
    counted_key: str
    kind: str
    unit: str | None
    claims: tuple[GroupedClaim, ...]
    n_sources: int
    agreement: str


def _item(raw: ClaimItem | tuple) -> ClaimItem:
    if isinstance(raw, ClaimItem):
        return raw
    article_id, claim, source_id, independence_key, as_of = raw
    return ClaimItem(article_id, claim, source_id, independence_key or article_id, as_of)


def _block_key(claim: Claim) -> tuple[str, str, str]:
    return claim.counted_key, claim.kind, claim.unit or ""


def _split_by_context(items: list[ClaimItem]) -> list[list[ClaimItem]]:
    """Claims whose sentence contexts share a name (or have none) stay together."""
    clusters: list[tuple[set[str], list[ClaimItem]]] = []
    for item in items:
        context = set(item.claim.context)
        for names, members in clusters:
            if not context or not names or names & context:
                members.append(item)
                names |= context
                break
        else:
            clusters.append((context, [item]))
    return [members for _, members in clusters]


def _bounds(c: GroupedClaim) -> tuple[float, float]:
    low = c.low if c.low is not None else float("-inf")
    high = c.high if c.high is not None else float("inf")
    return low, high


def _overlap(a: GroupedClaim, b: GroupedClaim) -> bool:
    a_lo, a_hi = _bounds(a)
    b_lo, b_hi = _bounds(b)
    return a_lo <= b_hi and b_lo <= a_hi


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= SAME_VALUE * max(abs(a), abs(b), 1e-9)


def _agreement(claims: list[GroupedClaim], kind: str = "") -> str:
    if len({c.independence_key for c in claims}) < 2:
        return SINGLE
    if kind == "ordinal":
        return _ordinal_agreement(claims)
    pairs = [(a, b) for i, a in enumerate(claims) for b in claims[i + 1 :]
             if a.independence_key != b.independence_key]
    dated = [c for c in claims if c.as_of]
    undated_fit = all(any(_overlap(u, d) for d in dated) for u in claims if not u.as_of)
    if len({c.as_of for c in dated}) > 1 and undated_fit:
        by_time: dict[str, list[GroupedClaim]] = {}
        for c in dated:
            by_time.setdefault(c.as_of or "", []).append(c)
        same_time_ok = all(_overlap(a, b) for group in by_time.values()
                           for i, a in enumerate(group) for b in group[i + 1 :])
        values = [min(c.value for c in by_time[t]) for t in sorted(by_time)]
        steps = [b - a for a, b in zip(values, values[1:], strict=False)
                 if not _same_value(a, b)]
        monotone = bool(steps) and (all(s > 0 for s in steps) or all(s < 0 for s in steps))
        if same_time_ok and monotone:
            return SERIES
    if all(_overlap(a, b) for a, b in pairs):
        return AGREE
    return CONFLICT


def _ordinal_agreement(claims: list[GroupedClaim]) -> str:
    """Ordinals count occasions, which grow over time ("second meeting", later "third
    meeting"): different ordinals conflict only when given for the same date."""
    values = {c.value for c in claims}
    if len(values) == 1:
        return AGREE
    by_date: dict[str, set[float]] = {}
    for c in claims:
        if c.as_of:
            by_date.setdefault(c.as_of, set()).add(c.value)
    if any(len(v) > 1 for v in by_date.values()):
        return CONFLICT
    return SERIES


def _group_id(key: tuple[str, str, str], claims: list[GroupedClaim]) -> str:
    canon = "|".join(key) + "||" + ";".join(
        f"{c.article_id}:{c.start}:{c.end}" for c in claims)
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()[:16]


def _grouped(item: ClaimItem) -> GroupedClaim:
    c = item.claim
    return GroupedClaim(item.article_id, c.start, c.end, c.value, c.low, c.high, c.qualifier,
                        item.source_id, c.source_text, item.independence_key or item.article_id,
                        item.as_of)


def _dedupe(claims: list[GroupedClaim]) -> list[GroupedClaim]:
    """One claim per (source, value, interval, time) within an independence key: copies."""
    seen: set[tuple] = set()
    out = []
    for c in claims:
        key = (c.independence_key, c.value, c.low, c.high, c.as_of)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def group_claims(items: Iterable[ClaimItem | tuple]) -> list[ClaimGroup]:
    """Group claims about the same quantity and judge agreement among independent sources.

    Items are `ClaimItem`s or tuples (article_id, claim, source_id,
    independence_key, as_of). Claims with nothing counted and no unit are
    not grouped.
    """
    blocks: dict[tuple[str, str, str], list[ClaimItem]] = {}
    for raw in items:
        item = _item(raw)
        if not item.claim.counted_key:
            continue
        blocks.setdefault(_block_key(item.claim), []).append(item)
    groups: list[ClaimGroup] = []
    for key in sorted(blocks):
        ordered = sorted(blocks[key], key=lambda it: (it.article_id, it.claim.start,
                                                      it.claim.end))
        for members in _split_by_context(ordered):
            claims = [_grouped(it) for it in members]
            counted = Counter(it.claim.counted for it in members).most_common()
            best = min(counted, key=lambda kv: (-kv[1], kv[0]))[0]
            groups.append(ClaimGroup(
                id=_group_id(key, claims), counted=best, counted_key=key[0], kind=key[1],
                unit=key[2] or None, claims=tuple(claims),
                n_sources=len({c.independence_key for c in claims}),
                agreement=_agreement(_dedupe(claims), key[1])))
    return sorted(groups, key=lambda g: (g.counted_key, g.kind, g.unit or "", g.id))


@dataclass(frozen=True, slots=True)
class DistinctClaim:
    """One claim as stated in a group (value, interval, qualifier, source, as-of), with
    every report of it; copies of one story count once in `independent_reports`."""

    id: str
    group: str
    value: float
    low: float | None
    high: float | None
    qualifier: str | None
    source_id: str | None
    source_text: str | None
    as_of: str | None
    reports: tuple[GroupedClaim, ...]  # by article, then position
    independent_reports: int


def distinct_claims(group_id: str, claims: Iterable[GroupedClaim]) -> list[DistinctClaim]:
    """The distinct claims of one group, in order of first report: claims with the same
    value, interval, qualifier, source (entity, else text) and as-of date are one claim.
    The source's name is the first report's wording."""
    buckets: dict[tuple, list[GroupedClaim]] = {}
    for c in claims:
        key = (c.value, c.low, c.high, c.qualifier, c.source_id or c.source_text, c.as_of)
        buckets.setdefault(key, []).append(c)
    out = []
    for key, reports in buckets.items():
        first = reports[0]
        out.append(DistinctClaim(
            id=hashlib.sha256(repr((group_id, key)).encode()).hexdigest()[:16],
            group=group_id, value=first.value, low=first.low, high=first.high,
            qualifier=first.qualifier, source_id=first.source_id,
            source_text=first.source_text, as_of=first.as_of,
            reports=tuple(sorted(reports, key=lambda c: (c.article_id, c.start))),
            independent_reports=len({c.independence_key for c in reports})))
    return out


__all__ = ["AGREE", "CONFLICT", "SERIES", "SINGLE", "ClaimGroup", "ClaimItem", "DistinctClaim",
           "GroupedClaim", "distinct_claims", "group_claims"]
