"""Which items a keyed corpus step must regroup after some articles changed.

A grouping is keyed when two items can end up in one group, or decide each other's
group, only if they share a key (a quote's 4-word shingles, a claim's measure, an
event's type with its participants). Items linked through shared keys, or through a
stored group they were both in, form closed parts: grouping one part alone gives
exactly the groups a whole regrouping gives it. The parts to redo are those holding an
item of a changed article, or a stored group that mentions one; every other stored
group stays as it is, row and all.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

Span = tuple[str, int, int]  # (article, start, end)


@dataclass(frozen=True)
class Affected:
    """What to redo: the items to regroup (indices) in closed parts that can be
    grouped one by one, and the stored groups to drop (None: all of them)."""

    parts: list[list[int]]
    drop: set[str] | None

    @property
    def items(self) -> list[int]:
        return sorted(i for part in self.parts for i in part)


def affected(spans: Sequence[Span], keys: Sequence[Iterable[Hashable]],
             stored: dict[str, list[Span]], changed: set[str],
             links: Iterable[tuple[int, int]] = ()) -> Affected:
    """The closed parts touched by `changed` articles.

    `spans[i]` and `keys[i]` are item i's place and keys; `links` are further pairs of
    items that may group together; `stored` maps each stored group to the spans of its
    members (from `fact_links`).
    """
    parent = list(range(len(spans)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        a, b = find(a), find(b)
        if a != b:
            parent[max(a, b)] = min(a, b)

    first: dict[Hashable, int] = {}
    for i, item_keys in enumerate(keys):
        for key in item_keys:
            j = first.setdefault(key, i)
            if j != i:
                union(i, j)
    for a, b in links:
        union(a, b)
    at: dict[Span, list[int]] = {}
    for i, span in enumerate(spans):
        at.setdefault(span, []).append(i)
    seeds = [i for i, span in enumerate(spans) if span[0] in changed]
    members: dict[str, list[int]] = {}
    for group, group_spans in stored.items():
        found = [i for span in group_spans for i in at.get(span, ())]
        members[group] = found
        for i in found[1:]:
            union(found[0], i)
        if any(span[0] in changed for span in group_spans):
            seeds += found[:1]
    roots = {find(i) for i in seeds}
    parts: dict[int, list[int]] = {}
    for i in range(len(spans)):
        if (root := find(i)) in roots:
            parts.setdefault(root, []).append(i)
    redo = {i for part in parts.values() for i in part}
    if len(redo) == len(spans) and len(spans) > 0 or (not spans and stored):
        return Affected(list(parts.values()), None)
    drop = {g for g, found in members.items()
            if not found  # every member gone: nothing left to regroup
            or any(i in redo for i in found)
            or any(span[0] in changed for span in stored[g])}
    return Affected(list(parts.values()), drop)
