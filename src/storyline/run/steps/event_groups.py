"""event_groups: event mentions fused across sentences and articles into events,
counting sources by independence key.

Incremental by replay (`resolve.event_replay`): fusion is greedy in date order and ends
in time (reports of two articles more than `WINDOW_DAYS` apart are never one event), so
an update re-fuses, for the types its changed articles report, only the days from some
weeks before each changed day until the fusion is again the stored one; the events after
that are kept. Changed articles are those without a `step_done` record of this step (the
runner drops it when an input of the article changed); their old days come from the
stored events' histories. An article with no reference date is taken to be about the
latest news: for fusion its day is the latest reference day of the store's dated articles
(`events.place_undated`), which no source states: events show no date for it, and keep it
apart (`undated_day`). When that day moves, every undated article counts as changed, its
old day the `undated_day` of its stored events (with no dated article at all, undated ones
fuse each within itself). At a new version every event is
fused again, a few weeks of mentions at a time. The result equals a whole fusion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass

from storyline.analyse.article_facts import iso_day
from storyline.analyse.events import Participant
from storyline.resolve.event_replay import CHUNK_DAYS, Replay, Replayed, Stored, replay_days
from storyline.resolve.event_replay import W as WINDOW
from storyline.resolve.events import (
    CONTINUING,
    VERBAL,
    EventItem,
    Who,
    _strong,
    act_family,
    fuse,
    place_undated,
    who_of,
)
from storyline.run.step import Outcome, Step, StepContext
from storyline.run.steps._affected import affected, run_parts
from storyline.store import Store, copy_tables, event_tables, fact_tables

#: Types whose unnamed objects are kept as "what" ("about 7,000 containers").
_WHAT_TYPES = CONTINUING | {"COERCE", "ASSAULT", "RETREAT"}


def event_items(store: Store, ids: Iterable[str] | None = None,
                spans: set[tuple[str, int, int]] | None = None,
                latest: str | None = None) -> list[EventItem]:
    """Every stored event mention (or these articles', and of them only those at these
    spans) with its participants resolved to canonical entities; an undated article's
    dated `latest` (`events.place_undated`)."""
    ids = None if ids is None else sorted(set(ids))
    at = event_tables.entity_at(store, ids)
    info = event_tables.entity_info(store, None if ids is None else set(at.values()))
    mentions = list(event_tables.mentions(store, ids, spans))
    # a participant's entity by its in-article key only where its span names none
    # (reading the analyses for that is costly, and seldom needed)
    need = {article for article, m in mentions for p in m.actors + m.targets if p.entity_key
            and (p.entity_start is None or (article, p.entity_start, p.entity_end) not in at)}
    by_key = fact_tables.entity_ids(store, need) if need else {}
    keys = copy_tables.independence_keys(store, ids)
    refs = fact_tables.reference_dates(store, ids)

    def who(article: str, p: Participant) -> Who:
        entity = None
        if p.entity_start is not None:
            entity = at.get((article, p.entity_start, p.entity_end))
        if entity is None and p.entity_key:
            entity = by_key.get((article, p.entity_key))
        name, type_, country, roles = info.get(entity, (None, None, None, ())) if entity \
            else (None, None, None, ())
        return who_of(p, entity, name, type_, country, roles)

    items = []
    for article, m in mentions:
        actors = tuple(who(article, p) for p in m.actors)
        targets = tuple(who(article, p) for p in m.targets)
        what = tuple(w.name for w in targets if not w.identified) \
            if m.type in _WHAT_TYPES else ()
        items.append(EventItem(article, m, actors, tuple(t for t in targets if t.identified),
                               what, keys.get(article, article), refs.get(article)))
    return place_undated(items, latest)


def _kind(item: EventItem) -> tuple[str, ...]:
    """What two mentions must share to be compared at all: the type, and for verbal
    acts the act's family (a denial and a veto never fuse)."""
    m = item.mention
    return (m.type, act_family(m.lemma)) if m.type in VERBAL else (m.type,)


def fusion_keys(items: list[EventItem]) -> list[list[Hashable]]:
    """What each mention may fuse through: its kind with each identified participant's
    entity and side, and its kind and article when the article has a weak mention of
    that kind (a weak mention joins an event of its own article)."""
    weak = {(_kind(i), i.article) for i in items if not _strong(i)}
    out: list[list[Hashable]] = []
    for item in items:
        kind = _kind(item)
        keys: list[Hashable] = [("a", kind, item.article)] \
            if (kind, item.article) in weak else []
        for w in item.actors + item.targets:
            if w.entity:
                keys.append(("e", kind, w.entity))
            if w.side:
                keys.append(("s", kind, w.side))
        out.append(keys)
    return out


@dataclass
class _Part:
    """A task: a replay's state and the mentions and stored events of the next days it is
    fed (`Replay.feed`); iterating a part gives its mentions."""

    replay: Replay
    items: list[EventItem]
    stored: list[Stored]
    upto: dt.date
    last: bool

    def __iter__(self) -> Iterator[EventItem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def fuse_parts(parts: list[_Part]) -> list[tuple[Replay, Replayed | None]]:
    """Feed each part to its replay (a task: runs wherever the executor sends it); the
    replay's state goes back with the result, to be fed the next days."""
    return [(p.replay, p.replay.feed(p.items, p.stored, p.upto, p.last)) for p in parts]


def _day(value: str | None) -> dt.date | None:
    return iso_day(value)


class _Reader:
    """The dated mentions and stored events of a range of days, of some types (None: all),
    by type."""

    def __init__(self, store: Store, types: set[str] | None, whole: bool,
                 latest: str | None) -> None:
        self.store, self.types, self.whole, self.latest = store, types, whole, latest

    def __call__(self, lo: dt.date, hi: dt.date
                 ) -> dict[str, tuple[list[EventItem], list[Stored]]]:
        ids, spans = event_tables.dated_spans(self.store, lo.isoformat(), hi.isoformat(),
                                              self.types, self.latest)
        out: dict[str, tuple[list[EventItem], list[Stored]]] = {}
        for item in event_items(self.store, ids, spans, self.latest) if ids else []:
            out.setdefault(item.mention.type, ([], []))[0].append(item)
        if not self.whole:
            for id_, type_, first, refs in event_tables.stored_events(
                    self.store, lo.isoformat(), hi.isoformat(), self.types):
                if d := _day(first):
                    out.setdefault(type_, ([], []))[1].append(Stored(id_, d, tuple(refs)))
        return out


def _merge(parts: dict[str, tuple[list[EventItem], list[Stored]]]
           ) -> tuple[list[EventItem], list[Stored]]:
    return ([i for items, _ in parts.values() for i in items],
            [s for _, stored in parts.values() for s in stored])


def _failure(store: Store, part: _Part, reason: str) -> tuple[str, str]:
    """(source, reason) of a replay that failed, named by its first article's source."""
    first = min((i.article for i in part.items), default="")
    n, articles = len(part.items), len({i.article for i in part.items})
    source = fact_tables.sources_of(store, [first]).get(first, first) if first else ""
    return (source, f"a part of {n} event mention{'s' if n != 1 else ''} from {articles} "
            f"article{'s' if articles != 1 else ''} was not regrouped (its events stay as "
            f"stored; the next update tries again): {reason}")


def _whole(ctx: StepContext, read: _Reader, first: dt.date, last: dt.date
           ) -> tuple[Replayed, set[str], list[EventItem], list[tuple[str, str]]]:
    """Every dated mention fused, a few weeks at a time, one replay per type (types never
    fuse together); a store read at once, in its closed parts (`fusion_keys`). The
    events, the types or the mentions whose fusion failed, and why."""
    replays: dict[str, Replay] = {}
    out, failed, failures = Replayed(), set(), []
    lo, hi = first - 2 * WINDOW, first + WINDOW + dt.timedelta(days=1)
    while True:
        chunk = read(lo, hi)
        if hi >= last and not replays:
            return _closed_parts(ctx, _merge(chunk)[0], first, hi)
        types = sorted((set(chunk) | set(replays)) - failed)
        parts = [_Part(replays.setdefault(t, Replay(first, {first}, whole=True)),
                       *chunk.get(t, ([], [])), hi, hi >= last) for t in types]
        done, bad = run_parts(ctx.executor, fuse_parts, parts)
        for k, reason in bad:
            failed.add(types[k])
            failures.append(_failure(ctx.store, parts[k], reason))
        for t, result in zip(types, done, strict=True):
            if result is not None:
                replays[t] = result[0]
                if result[1] is not None:
                    out.events += result[1].events
        if hi >= last:
            return out, failed, [], failures
        lo, hi = hi + dt.timedelta(days=1), hi + dt.timedelta(days=CHUNK_DAYS)


def _closed_parts(ctx: StepContext, items: list[EventItem], first: dt.date, upto: dt.date
                  ) -> tuple[Replayed, set[str], list[EventItem], list[tuple[str, str]]]:
    """Every mention fused in closed parts (no two share a key), each a replay of its own:
    a part that fails costs only its own mentions."""
    redo = affected([i.ref for i in items], fusion_keys(items), {},
                    {i.article for i in items})
    parts = [_Part(Replay(first, (), whole=True), [items[i] for i in part], [], upto, True)
             for part in redo.parts]
    done, bad = run_parts(ctx.executor, fuse_parts, parts)
    out = Replayed(events=[e for r in done if r is not None for e in r[1].events])
    lost = [i for k, _ in bad for i in parts[k].items]
    return out, set(), lost, [_failure(ctx.store, parts[k], reason) for k, reason in bad]


def _update(ctx: StepContext, read: _Reader, days: list[dt.date], last: dt.date
            ) -> tuple[Replayed, list[tuple[dt.date, dt.date]], list[tuple[str, str]]]:
    """A replay from each changed day not yet passed (`event_replay.replay_days`, each fed
    day range a task): what changed, the day ranges of the replays that failed, and why.
    A replay whose task fails gives up there; the next changed day after it starts anew."""
    failed, failures = [], []

    def feed(replay: Replay, lo: dt.date, hi: dt.date, end: bool):
        part = _Part(replay, *_merge(read(lo, hi)), hi, end)
        done, bad = run_parts(ctx.executor, fuse_parts, [part])
        if bad:
            failed.append((replay.start, hi))
            failures.append(_failure(ctx.store, part, bad[0][1]))
            return replay, Replayed(until=hi + dt.timedelta(days=1))
        return done[0]

    return replay_days(feed, days, last), failed, failures


def _run(ctx: StepContext, _: list[str] | None) -> Outcome:
    store = ctx.store
    changed = fact_tables.unsettled(store, NAME, VERSION, ("event",), ("event_mentions",))
    if not changed:
        return Outcome(found=event_tables.group_summary(store), wrote=False)
    # at a new version (or in a new store) every event is fused again
    whole = not store.con.execute("SELECT count(*) FROM step_done WHERE step = ? AND "
                                  "version = ?", [NAME, VERSION]).fetchone()[0]
    first, last = (_day(d) for d in event_tables.day_range(store))
    latest = last.isoformat() if last else None
    # undated articles are of the latest day: when it moved, every one of them moved
    undated = event_tables.undated_articles(store)
    moved = any(a in undated and d != latest
                for _, _, _, hist in event_tables.events_of(store, undated) for a, d in hist)
    touched = changed | undated if moved else changed
    refs = fact_tables.reference_dates(store, touched)
    keep: set[str] = set()  # articles left unsettled: their events stay as stored
    failed: set[str] = set()  # types a whole fusion could not fuse
    failures: list[tuple[str, str]] = []
    if whole:
        done, failed, lost, failures = _whole(ctx, _Reader(store, None, True, latest), first,
                                              last) \
            if first and last else (Replayed(), set(), [], [])
        drop = None
        if failed:
            drop = event_tables.event_ids(store, exclude_types=failed)
            keep = event_tables.articles_with(store, failed)
        if lost:  # the stored events of the mentions not fused stay, with their articles
            kept = event_tables.events_at(store, {i.ref for i in lost})
            drop = event_tables.event_ids(store) - set(kept)
            keep = {i.article for i in lost} | {a for refs_ in kept.values() for a, _, _ in refs_}
    else:
        old = event_tables.events_of(store, touched)
        types = event_tables.mention_types(store, touched) | {t for _, t, _, _ in old}
        # the changed articles' days: now, and in the stored events (before the change)
        pairs = [(a, _day(refs.get(a)) or (last if a in undated else None)) for a in touched] \
            + [(a, _day(d)) for _, _, _, hist in old for a, d in hist if a in touched]
        dated = sorted({d for _, d in pairs if d})
        done, ranges, failures = _update(ctx, _Reader(store, types, False, latest), dated,
                                         max(d for d in [last, *dated] if d)) \
            if dated else (Replayed(), [], [])
        keep = {a for a, d in pairs if d and any(lo <= d <= hi for lo, hi in ranges)}
        # events with no first day: an undated article's alone, from a store with none dated
        drop = done.drop | {id_ for id_, _, first_, _ in old if not _day(first_)}
    lone = sorted(undated & touched) if last is None else []
    alone = fuse(event_items(store, lone))[0] if lone else []
    events = done.events + [e for e in alone if e.type not in failed]
    if drop is not None:  # an update writes only the events that changed
        same = event_tables.unchanged(store, [e for e in events if e.id in drop])
        events, drop = [e for e in events if e.id not in same], drop - same
    event_tables.write_events(store, events, drop)
    fact_tables.settle(store, NAME, VERSION, changed - keep)
    return Outcome(processed=len(events), failures=tuple(failures),
                   found=event_tables.group_summary(store) | {"events fused": len(events)})


def _forget(store: Store, ids: Iterable[str] | None) -> None:
    """Nothing to drop here: the runner drops this step's records of the articles, and
    the next run fuses the parts they are in again."""


def _summary(store: Store) -> dict[str, int]:
    return event_tables.group_summary(store) | {"events fused": 0}


NAME = "event_groups"
VERSION = "10"

STEP = Step(
    name=NAME, version=VERSION, scope="corpus",
    reads=("event_mentions", "entity_mentions", "entities", "analyses", "article_copies",
           "fact_refs", "articles"),
    writes=("events", "fact_links"),
    doc="events fused from their mentions across articles, counting independent sources",
    run=_run, forget=_forget, summary=_summary,
)
