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

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from storyline.run.executors import Executor, TaskFailure, pack, settled_map
from storyline.store import Store
from storyline.store.fact_tables import sources_of
from storyline.unionfind import UnionFind

Span = tuple[str, int, int]  # (article, start, end)
X = TypeVar("X")
Y = TypeVar("Y")


@dataclass(frozen=True)
class Affected:
    """What to redo: the items to regroup (indices) in closed parts that can be
    grouped one by one, and the stored groups to drop (None: all of them).

    `drops[k]` are the stored groups of part k, `orphans` the stored groups none of
    whose members is left: a part that could not be regrouped keeps its groups."""

    parts: list[list[int]]
    drop: set[str] | None
    drops: list[set[str]] = field(default_factory=list)
    orphans: set[str] = field(default_factory=set)

    @property
    def items(self) -> list[int]:
        return sorted(i for part in self.parts for i in part)

    def drop_for(self, done: Iterable[int]) -> set[str] | None:
        """The stored groups to drop when only parts `done` were regrouped."""
        done = set(done)
        if self.drop is None and len(done) == len(self.parts):
            return None
        return self.orphans.union(*(self.drops[k] for k in sorted(done)))


def affected(spans: Sequence[Span], keys: Sequence[Iterable[Hashable]],
             stored: dict[str, list[Span]], changed: set[str],
             links: Iterable[tuple[int, int]] = (), whole: bool = True) -> Affected:
    """The closed parts touched by `changed` articles.

    `spans[i]` and `keys[i]` are item i's place and keys; `links` are further pairs of
    items that may group together; `stored` maps each stored group to the spans of its
    members (from `fact_links`). `whole`: the items are every item of the store (not a
    closed subset of it), so redoing them all drops every stored group.
    """
    parts_of = UnionFind(len(spans))
    find, union = parts_of.find, parts_of.union
    parts_of.union_by_keys(keys)
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
    drop = {g for g, found in members.items()
            if not found  # every member gone: nothing left to regroup
            or any(i in redo for i in found)
            or any(span[0] in changed for span in stored[g])}
    number = {root: k for k, root in enumerate(parts)}
    drops: list[set[str]] = [set() for _ in parts]
    orphans: set[str] = set()
    for g in drop:
        # a dropped group with members is in their part (they were united above)
        (drops[number[find(members[g][0])]] if members[g] else orphans).add(g)
    if whole and (len(redo) == len(spans) and len(spans) > 0 or (not spans and stored)):
        drop = None
    return Affected(list(parts.values()), drop, drops, orphans)


def nothing_settled(store: Store, step: str, version: str) -> bool:
    """Whether no article is taken in by `step` at `version` (a new version, or every
    record forgotten): then every item is to redo, and finding closed parts by keyed
    queries from every article would cost far more than reading every item once."""
    return store.con.execute("SELECT 1 FROM step_done WHERE step = ? AND version = ? LIMIT 1",
                             [step, version]).fetchone() is None


def run_parts(executor: Executor, fn: Callable[[list[list[X]]], list[Y]],
              parts: list[list[X]], least: int = 500
              ) -> tuple[list[Y | None], list[tuple[int, str]]]:
    """`fn` (a pure function from a list of parts to one result per part) over parts
    packed into tasks of `least` items or more (`executors.pack`), through the step's
    executor. A task that fails is tried again part by part, so that one bad part does
    not take its neighbours down. Returns each part's result (None where it failed)
    and (part, reason) of the parts that failed."""
    out: list[Y | None] = [None] * len(parts)
    failed: list[tuple[int, str]] = []
    tasks = pack([len(p) for p in parts], executor.workers, least)
    while tasks:
        results = settled_map(executor, fn, [[parts[k] for k in task] for task in tasks])
        retry: list[list[int]] = []
        for task, result in zip(tasks, results, strict=True):
            if not isinstance(result, TaskFailure):
                for k, value in zip(task, result, strict=True):
                    out[k] = value
            elif len(task) > 1:
                retry += [[k] for k in task]
            else:
                failed.append((task[0], result.reason))
        tasks = retry
    return out, sorted(failed)


def failed_articles(redo: Affected, failed: Iterable[tuple[int, str]],
                    item_articles: Sequence[str], stored: dict[str, list[Span]]) -> set[str]:
    """The articles of the parts that failed: of their items and of their stored groups.
    Left unsettled, they make the next update regroup those parts."""
    out: set[str] = set()
    for k, _ in failed:
        out |= {item_articles[i] for i in redo.parts[k]}
        out |= {span[0] for g in redo.drops[k] for span in stored.get(g, ())}
    return out


def part_failures(store: Store, what: str, redo: Affected, failed: Iterable[tuple[int, str]],
                  item_articles: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """(source, reason) of each part that failed, named by its first article's source, as
    the per-article steps name an article they could not do."""
    failed = list(failed)
    firsts = {k: min(item_articles[i] for i in redo.parts[k]) for k, _ in failed}
    sources = sources_of(store, sorted(set(firsts.values())))
    out = []
    for k, reason in failed:
        n = len(redo.parts[k])
        articles = len({item_articles[i] for i in redo.parts[k]})
        out.append((sources.get(firsts[k], firsts[k]),
                    f"a part of {n} {what}{'s' if n != 1 else ''} from {articles} "
                    f"article{'s' if articles != 1 else ''} was not regrouped (its groups "
                    f"stay as stored; the next update tries again): {reason}"))
    return tuple(out)
