"""event_groups: event mentions fused across sentences and articles into events,
counting sources by independence key; rebuilt whole when mentions, entities or
copies changed."""

from __future__ import annotations

from storyline.analyse.events import Participant
from storyline.resolve.events import CONTINUING, EventItem, Who, fuse, who_of
from storyline.run.step import Outcome, Step, StepContext
from storyline.store import Store, copy_tables, event_tables, fact_tables

#: Types whose unnamed objects are kept as "what" ("about 7,000 containers").
_WHAT_TYPES = CONTINUING | {"COERCE", "ASSAULT", "RETREAT"}


def event_items(store: Store) -> list[EventItem]:
    """Every stored event mention with its participants resolved to canonical entities."""
    info = event_tables.entity_info(store)
    at = event_tables.entity_at(store)
    by_key = fact_tables.entity_ids(store)
    keys = copy_tables.independence_keys(store)
    refs = fact_tables.reference_dates(store)

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
    for article, m in event_tables.mentions(store):
        actors = tuple(who(article, p) for p in m.actors)
        targets = tuple(who(article, p) for p in m.targets)
        what = tuple(w.name for w in targets if not w.identified) \
            if m.type in _WHAT_TYPES else ()
        items.append(EventItem(article, m, actors, tuple(t for t in targets if t.identified),
                               what, keys.get(article, article), refs.get(article)))
    return items


def _run(ctx: StepContext, _: list[str] | None) -> Outcome:
    events, _unlinked = fuse(event_items(ctx.store))
    event_tables.write_events(ctx.store, events)
    return Outcome(processed=len(events), found=event_tables.group_summary(ctx.store))


STEP = Step(
    name="event_groups", version="1", scope="corpus",
    reads=("event_mentions", "entity_mentions", "entities", "analyses", "article_copies",
           "fact_refs"),
    writes=("events",),
    doc="events fused from their mentions across articles, counting independent sources",
    run=_run, summary=event_tables.group_summary,
)
