"""event_groups: event mentions fused across sentences and articles into events,
counting sources by independence key.

Incremental: fusion is keyed. A mention joins an event only of its own type (and
act family, for verbal acts) and through a shared identified participant (an
entity, or a state's side), and a weak mention only an event with a mention of
its own article; so only the parts of the store that changed articles touch are
fused again (`_affected`), and the other events keep their rows. Changed articles
are those without a `step_done` record of this step (the runner drops it when an
input of the article changed). The result equals a whole fusion.

Each mention's keys are stored (`group_keys`, made for changed articles only), so the
parts are found by keyed queries and only their mentions are read; the parts are
fused by the step's executor (in this process, a pool, or Dask workers), packed whole
into tasks. A part whose task fails even when retried keeps its stored events and is
fused again by the next update; the run goes on.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from storyline.analyse.events import Participant
from storyline.resolve.events import (
    CONTINUING,
    VERBAL,
    Event,
    EventItem,
    Who,
    _strong,
    act_family,
    fuse,
    who_of,
)
from storyline.run.step import Outcome, Step, StepContext
from storyline.run.steps._affected import affected, failed_articles, part_failures, run_parts
from storyline.store import Store, copy_tables, event_tables, fact_tables

#: Articles whose keys are made at a time (all of them in a store from before the keys).
KEY_BATCH = 2000
#: Types whose unnamed objects are kept as "what" ("about 7,000 containers").
_WHAT_TYPES = CONTINUING | {"COERCE", "ASSAULT", "RETREAT"}


def event_items(store: Store, ids: Iterable[str] | None = None,
                spans: set[tuple[str, int, int]] | None = None) -> list[EventItem]:
    """Every stored event mention (or these articles', and of them only those at these
    spans) with its participants resolved to canonical entities."""
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
    return items


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


def fuse_parts(parts: list[list[EventItem]]) -> list[list[Event]]:
    """The events fused in each closed part (a task: runs wherever the executor sends it)."""
    return [fuse(part)[0] for part in parts]


def _key_rows(items: list[EventItem]) -> list[tuple[str, int, int, str | None]]:
    return [(*item.ref, fact_tables.key_hash(key))
            for item, keys in zip(items, fusion_keys(items), strict=True)
            for key in keys or [None]] if items else []


def _run(ctx: StepContext, _: list[str] | None) -> Outcome:
    store = ctx.store
    changed = fact_tables.unsettled(store, NAME, VERSION, ("event",), ("event_mentions",))
    if not changed:
        return Outcome(found=event_tables.group_summary(store), wrote=False)
    fact_tables.update_keys(store, "event", "event_mentions", "events", changed,
                            lambda batch: _key_rows(event_items(store, batch)), KEY_BATCH,
                            ok_only=True)
    spans, groups = fact_tables.closure(store, "event", changed,
                                        fact_tables.keyed_links(store, "event"))
    items = event_items(store, {s[0] for s in spans}, spans)
    stored = fact_tables.links(store, "event", groups)
    redo = affected([i.ref for i in items], fusion_keys(items), stored, changed, whole=False)
    done, failed = run_parts(ctx.executor, fuse_parts,
                             [[items[i] for i in part] for part in redo.parts])
    events = [e for part in done if part is not None for e in part]
    event_tables.write_events(store, events,
                              redo.drop_for(k for k, part in enumerate(done) if part is not None))
    articles = [i.article for i in items]
    # a part that failed keeps its stored events; its changed articles stay unsettled
    fact_tables.settle(store, NAME, VERSION,
                       changed - failed_articles(redo, failed, articles, stored))
    return Outcome(processed=len(events),
                   failures=part_failures(store, "event mention", redo, failed, articles),
                   found=event_tables.group_summary(store) | {"events fused": len(events)})


def _forget(store: Store, ids: Iterable[str] | None) -> None:
    """Nothing to drop here: the runner drops this step's records of the articles, and
    the next run fuses the parts they are in again."""


def _summary(store: Store) -> dict[str, int]:
    return event_tables.group_summary(store) | {"events fused": 0}


NAME = "event_groups"
VERSION = "9"

STEP = Step(
    name=NAME, version=VERSION, scope="corpus",
    reads=("event_mentions", "entity_mentions", "entities", "analyses", "article_copies",
           "fact_refs", "articles"),
    writes=("events", "fact_links", "group_keys"),
    doc="events fused from their mentions across articles, counting independent sources",
    run=_run, forget=_forget, summary=_summary,
)
