"""event_groups: event mentions fused across sentences and articles into events,
counting sources by independence key.

Incremental by replay (`resolve.event_replay`): fusion is greedy in date order and ends
in time (reports of two articles more than `WINDOW_DAYS` apart are never one event), so
an update re-fuses, per event type (types never fuse together), only the days from some
weeks before each of that type's changed days until the fusion is again the stored one;
the events after that are kept. Within those days a mention is scored again only where a
change can reach it (`event_replay.Replay`); the others keep their stored decisions, and the
stored events they make up are kept as they are. A type whose replay would read most of its
mentions anyway is fused whole (`event_replay.whole_types`), which costs less. The
articles handed on are those without a `step_done` record of this step (the runner drops
it when an input of the article changed); of them only those whose fusion inputs changed
count: a digest of what fusion reads of each article (`event_replay.digest`: its
`EventItem`s whole) is kept when the step takes the article in (`step_digests`), and an
article whose digest is the same (the entities step moved rows that fusion does not read)
is settled as it is. New and gone articles count (no digest kept, or no mention left). A
changed article's type days are those of its mentions now and of its reports in the
stored events (their histories). An article with no reference date is taken to be about
the latest news: for fusion its day is the latest reference day of the store's dated
articles (`events.place_undated`), which no source states: events show no date for it,
and keep it apart (`undated_day`). When that day moves, every undated article counts as
changed, its old day the `undated_day` of its stored events (with no dated article at
all, undated ones fuse each within itself). At a new version every event is fused again,
a few weeks of mentions at a time. The result equals a whole fusion.

A replay fed a few weeks at a time is fed in this process (`_HERE`): it holds every
mention fed so far, so sending it to a worker and back for each few weeks cost more than
its fusion (a whole fusion of a 10,000-article store with two pool workers: 470 MB
pickled each way, 22 s against 13.5 s here). Parts fused at once (`_closed_parts`) hold
nothing between calls and go to the step's executor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass

from storyline.analyse.article_facts import iso_day
from storyline.analyse.events import Participant
from storyline.resolve.event_replay import (
    CHUNK_DAYS,
    WHOLE_SHARE,
    Replay,
    Replayed,
    Stored,
    digests_of,
    type_days,
    walk,
    whole_types,
)
from storyline.resolve.event_replay import W as WINDOW
from storyline.resolve.events import (
    CONTINUING,
    VERBAL,
    EventItem,
    Who,
    _strong,
    act_family,
    fuse,
    orphan_key,
    place_undated,
    who_of,
)
from storyline.run.executors import InlineExecutor
from storyline.run.step import Outcome, Step, StepContext
from storyline.run.steps._affected import affected, run_parts
from storyline.store import Store, copy_tables, event_tables, fact_tables, step_tables

#: Types whose unnamed objects are kept as "what" ("about 7,000 containers").
_WHAT_TYPES = CONTINUING | {"COERCE", "ASSAULT", "RETREAT"}


def event_items(store: Store, ids: Iterable[str] | None = None,
                spans: set[tuple[str, int, int]] | None = None,
                latest: str | None = None, types: set[str] | None = None
                ) -> list[EventItem]:
    """Every stored event mention (or these articles', and of them only those at these
    spans, of these types) with its participants resolved to canonical entities; an
    undated article's dated `latest` (`events.place_undated`)."""
    ids = None if ids is None else sorted(set(ids))
    mentions = list(event_tables.mentions(store, ids, spans, types))
    at = event_tables.entity_at(store, ids, {
        (article, p.entity_start, p.entity_end) for article, m in mentions
        for p in m.actors + m.targets if p.entity_start is not None})
    info = event_tables.entity_info(store, None if ids is None else set(at.values()))
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
        if not _strong(item) and (orphan := orphan_key(item)) is not None:
            keys.append(("o", *orphan))  # mentions no event took: with the article's copies
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


#: Where a replay fed a few weeks at a time is fed (see the module's docstring).
_HERE = InlineExecutor()


def fuse_parts(parts: list[_Part]) -> list[tuple[Replay, Replayed | None]]:
    """Feed each part to its replay (a task: runs wherever the executor sends it); the
    replay's state goes back with the result, to be fed the next days."""
    return [(p.replay, p.replay.feed(p.items, p.stored, p.upto, p.last)) for p in parts]


def _day(value: str | None) -> dt.date | None:
    return iso_day(value)


class _Reader:
    """The dated mentions and stored events of a range of days, of some types (None: all),
    by type. `digests`: where reading every type, each article read gets its digest there
    (a whole fusion reads every article once: no second read for the digests)."""

    def __init__(self, store: Store, types: set[str] | None, whole: bool,
                 latest: str | None, digests: dict[str, str] | None = None) -> None:
        self.store, self.types, self.whole, self.latest = store, types, whole, latest
        self.digests = digests if types is None else None

    def __call__(self, lo: dt.date, hi: dt.date
                 ) -> dict[str, tuple[list[EventItem], list[Stored]]]:
        ids, spans = event_tables.dated_spans(self.store, lo.isoformat(), hi.isoformat(),
                                              self.types, self.latest)
        out: dict[str, tuple[list[EventItem], list[Stored]]] = {}
        items = event_items(self.store, ids, spans, self.latest, self.types) if ids else []
        for item in items:
            out.setdefault(item.mention.type, ([], []))[0].append(item)
        if self.digests is not None:  # an article's mentions are all of one day
            self.digests |= digests_of(items)
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
        done, bad = run_parts(_HERE, fuse_parts, parts)
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


def _update(store: Store, days: dict[str, set[dt.date]], last: dt.date,
            latest: str | None, articles: set[str]
            ) -> tuple[Replayed, dict[str, list[tuple[dt.date, dt.date]]], list[tuple[str, str]]]:
    """One replay walk per type from its changed days (`event_replay.walk`), the walks side
    by side: each round reads each day range asked for once, for every type asking for
    it, and feeds the types' replays (here, `_HERE`). What changed, per type the
    day ranges of the replays that failed, and why. A replay whose task fails gives up
    there; the next changed day of its type after it starts anew. `articles`: the changed
    ones (a replay stops only where no live cluster holds one of their mentions)."""
    out, failed, failures = Replayed(), {}, []
    walks, asked = {}, {}
    for type_ in sorted(days):
        walks[type_] = walk(days[type_], last, articles)
        _step(walks, asked, out, type_, None)
    while asked:
        ranges: dict[tuple[dt.date, dt.date], list[str]] = {}
        for type_, (_, lo, hi, _) in sorted(asked.items()):
            ranges.setdefault((lo, hi), []).append(type_)
        parts, types = [], []
        for (lo, hi), group in sorted(ranges.items()):
            chunk = _Reader(store, set(group), False, latest)(lo, hi)
            for type_ in group:
                replay, _, _, end = asked[type_]
                parts.append(_Part(replay, *chunk.get(type_, ([], [])), hi, end))
                types.append(type_)
        done, bad = run_parts(_HERE, fuse_parts, parts)
        for k, reason in bad:
            part = parts[k]
            failed.setdefault(types[k], []).append((part.replay.start, part.upto))
            failures.append(_failure(store, part, reason))
            done[k] = (part.replay, Replayed(until=part.upto + dt.timedelta(days=1)))
        for type_, result in zip(types, done, strict=True):
            _step(walks, asked, out, type_, result)
    return out, failed, failures


def _step(walks: dict, asked: dict, out: Replayed, type_: str, result) -> None:
    """Send a type's walk its last feed's result (None: start it); note what it asks for
    next, or add its result to `out` when it is done."""
    try:
        asked[type_] = next(walks[type_]) if result is None else walks[type_].send(result)
    except StopIteration as stop:
        asked.pop(type_, None)
        out.events += stop.value.events
        out.drop |= stop.value.drop


def _whole_of(ctx: StepContext, store: Store, types: set[str] | None, first: dt.date,
              last: dt.date, latest: str | None, digests: dict[str, str] | None = None
              ) -> tuple[Replayed, set[str], set[str], list[tuple[str, str]]]:
    """These types (None: all) fused whole (`_whole`): their events, the stored ones they
    replace (`drop` None: every stored event), the articles left unsettled (of the types
    or the parts that failed, whose events stay as stored), the types that failed, and
    why. `digests`: see `_Reader`."""
    done, failed, lost, failures = _whole(
        ctx, _Reader(store, types, True, latest, digests), first, last)
    keep: set[str] = set()
    drop = None if types is None and not failed and not lost else \
        event_tables.event_ids(store, exclude_types=failed, types=types)
    if failed:
        keep = event_tables.articles_with(store, failed)
    if lost:  # the stored events of the mentions not fused stay, with their articles
        kept = event_tables.events_at(store, {i.ref for i in lost})
        drop -= set(kept)
        keep |= {i.article for i in lost} | {a for refs_ in kept.values() for a, _, _ in refs_}
    done.drop = drop
    return done, keep, failed, failures


#: Articles whose fusion inputs are read at a time (`_digests`).
_BATCH = 2000


def _digests(store: Store, ids: Iterable[str], latest: str | None,
             kept: dict[str, str] | None = None) -> tuple[dict[str, str], list[EventItem]]:
    """Article -> the digest of what fusion reads of it (`event_replay.digest`), for those
    of these articles with event mentions (in an ok article) now, read a batch at a time;
    and, given the `kept` digests, the mentions (undated ones at `latest`) of the articles
    whose digest is not the kept one: those an update fuses again, read once."""
    ids = sorted(set(ids))
    out: dict[str, str] = {}
    changed: list[EventItem] = []
    for k in range(0, len(ids), _BATCH):
        items = event_items(store, ids[k:k + _BATCH], latest=latest)
        now = digests_of(items)
        out |= now
        if kept is not None:
            changed += [i for i in items if now[i.article] != kept.get(i.article)]
    return out, changed


def _run(ctx: StepContext, _: list[str] | None) -> Outcome:
    store = ctx.store
    handed = fact_tables.unsettled(store, NAME, VERSION, ("event",), ("event_mentions",))
    if not handed:
        return Outcome(found=event_tables.group_summary(store), wrote=False)
    # at a new version (or in a new store) every event is fused again
    whole = not store.con.execute("SELECT count(*) FROM step_done WHERE step = ? AND "
                                  "version = ?", [NAME, VERSION]).fetchone()[0]
    first, last = (_day(d) for d in event_tables.day_range(store))
    latest = last.isoformat() if last else None
    # of the articles handed on, only those whose fusion inputs changed (or that are new,
    # or gone) are fused again; the others are settled as they are (a whole fusion: all,
    # their digests made as it reads them)
    stored = {} if whole else step_tables.digests(store, NAME, handed)
    now, items = ({}, []) if whole else _digests(store, handed, latest, stored)
    changed = {a for a in handed if now.get(a) != stored.get(a) or a not in stored}
    # undated articles are of the latest day: when it moved, every one of them moved
    undated = event_tables.undated_articles(store)
    moved = any(a in undated and d != latest
                for _, _, _, hist in event_tables.events_of(store, undated) for a, d in hist)
    touched = changed | undated if moved else changed
    keep: set[str] = set()  # articles left unsettled: their events stay as stored
    failed: set[str] = set()  # types a whole fusion could not fuse
    failures: list[tuple[str, str]] = []
    done, drop, fused_whole = Replayed(), set(), set()
    if whole:
        if first and last:
            done, keep, failed, failures = _whole_of(ctx, store, None, first, last, latest,
                                                     now)
            drop = done.drop
        else:
            drop = None
        now |= _digests(store, handed - set(now), latest)[0]  # those the fusion did not read
    elif touched:
        old = event_tables.events_of(store, touched)
        # the changed articles' mentions were read with their digests; the undated ones
        # that moved with the latest day are read here
        if extra := touched - changed:
            items += event_items(store, extra, latest=latest)
        days = type_days(items, [(t, a, _day(d)) for _, t, _, hist in old for a, d in hist
                                 if a in touched])
        counts = event_tables.type_day_counts(store, days, latest)
        fused_whole = whole_types(days, {t: {_day(d): n for d, n in c.items()}
                                         for t, c in counts.items()}, WHOLE_SHARE) \
            if first else set()
        if fused_whole:
            done, keep, failed, failures = _whole_of(ctx, store, fused_whole, first, last,
                                                     latest)
            drop = done.drop
        replayed = {t: d for t, d in days.items() if t not in fused_whole}
        if replayed:
            end = max(d for d in [last, *(x for v in replayed.values() for x in v)] if d)
            more, ranges, bad = _update(store, replayed, end, latest, touched)
            done.events += more.events
            drop |= more.drop
            failures += bad
            keep |= {a for t, d, a in _reports(items, old, touched)
                     if any(lo <= d <= hi for lo, hi in ranges.get(t, ()))}
        # events with no first day: an undated article's alone, from a store with none dated
        drop |= {id_ for id_, _, first_, _ in old if not _day(first_)}
    lone = sorted(undated & touched) if last is None else []
    alone = fuse(event_items(store, lone))[0] if lone else []
    events = done.events + [e for e in alone if e.type not in failed]
    if drop is not None:  # an update writes only the events that changed
        same = event_tables.unchanged(store, [e for e in events if e.id in drop])
        events, drop = [e for e in events if e.id not in same], drop - same
    event_tables.write_events(store, events, drop)
    settled = handed - keep
    if whole:
        step_tables.forget_digests(store, NAME, None)
    # a digest is kept only where the stored events were fused from what it hashes (an
    # article left unsettled loses it: its events may be partly re-fused)
    step_tables.save_digests(store, NAME, (settled & changed) | (keep & handed),
                             {a: now[a] for a in settled & changed if a in now})
    fact_tables.settle(store, NAME, VERSION, settled)
    return Outcome(processed=len(events), failures=tuple(failures),
                   wrote=bool(events) or drop is None or bool(drop),
                   found=event_tables.group_summary(store) | {
                       "events fused": len(events), "articles handed": len(handed),
                       "articles re-fused": len(touched if not whole else handed),
                       "types fused whole": len(fused_whole)})


def _reports(items: list[EventItem], old: list, touched: set[str]
              ) -> Iterator[tuple[str, dt.date, str]]:
    """(type, day, article) of each changed article's mention now and report in a stored
    event before: the days a replay of that type must fuse for the article."""
    for i in items:
        if (d := _day(i.day)) is not None:
            yield i.mention.type, d, i.article
    for _, t, _, hist in old:
        for a, d in hist:
            if a in touched and (day := _day(d)) is not None:
                yield t, day, a


def _forget(store: Store, ids: Iterable[str] | None) -> None:
    """Nothing to drop here: the runner drops this step's records of the articles, and
    the next run fuses the parts they are in again."""


def _summary(store: Store) -> dict[str, int]:
    return event_tables.group_summary(store) | {"events fused": 0}


NAME = "event_groups"
VERSION = "15"

STEP = Step(
    name=NAME, version=VERSION, scope="corpus",
    reads=("event_mentions", "entity_mentions", "entities", "analyses", "article_copies",
           "fact_refs", "articles"),
    writes=("events", "fact_links", "step_digests"),
    doc="events fused from their mentions across articles, counting independent sources",
    run=_run, forget=_forget, summary=_summary,
)
