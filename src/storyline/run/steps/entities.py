"""entities: canonical entities across articles, from every stored analysis.

In two parts. What one article alone says of its names (its clusters typed and
named: tables, capitals, its own longer names) is kept per article in
`entity_units`, made only for articles analysed since (the analysis step's
changes reach the `forget` hook). The part across articles then runs over the
stored units of every article, without re-reading texts or analyses: a new
article can change the canonical name (and so the id) of an entity named
anywhere, and the types and groupings of names depend on the whole corpus. Only
the entities it finds made of other units, or of units in another state, than
the stored entity of the same fingerprint are named and built again
(`resolve_changed`); the others are the stored ones. The result equals a whole
resolution. What it hands on is precise: the articles
whose entities changed (a mention of another entity, an entity renamed,
retyped, or of another country or side), so the steps that read entities per
article (fact_groups, event_groups) redo only those; and per table written
(`Outcome.changed_in`): a step that reads only `entity_mentions` (stories,
fact_groups: entity ids) is not told of an entity that only changed its name,
type, country or side in place (same id), which only event fusion reads. The
alias table given with `--aliases` is part of the step's configuration: it is kept in the store,
so later runs without the option keep using it, and a new table makes the step
stale (and every article's units are made again). With the `keep_entity_state`
option a whole resolution also keeps what its rules read of each unit and entity,
and an update that only adds articles resolves them alone against it when no stored
decision changes, or the stored units decided otherwise can move with their entities
whole (`resolve/entities_added.py`); otherwise it resolves whole.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable

from storyline.resolve.entities import (
    Alias,
    article_units,
    resolve_changed,
    units_from_json,
    units_to_json,
)
from storyline.resolve.entities_added import STATE_VERSION, Fallback, resolve_added, state_rows
from storyline.resolve.events import side_of
from storyline.run.step import Outcome, Step, StepContext
from storyline.store import Store, analysis_tables

log = logging.getLogger(__name__)

#: The option (`pipeline.update(options=...)`) that keeps the state for resolving added
#: articles alone (`entities_added`). Off by default: keeping it costs a whole resolution
#: about as much again (2,000 articles: 7.3-7.7 s of CPU instead of 3.3-4.0), and on real
#: batches of 20 new articles some stored decision changes nearly always in a way the
#: route cannot follow yet (it moves stored units only when their entities move whole),
#: so the whole resolution runs anyway.
KEEP_STATE = "keep_entity_state"

#: Units to make per batch of analyses read.
_BATCH = 256


def _configure(ctx: StepContext) -> str:
    aliases: dict[str, Alias] | None = ctx.options.get("aliases")
    if aliases is None:
        return ctx.config  # the table of the last run, if any
    return json.dumps({k: [a.name, a.type, a.country] for k, a in sorted(aliases.items())},
                      ensure_ascii=False)


def aliases_of(config: str) -> dict[str, Alias] | None:
    """The alias table kept in the step's configuration (None: built-in only)."""
    if not config:
        return None
    return {k: Alias(*v) for k, v in json.loads(config).items()}


def facet(name: str, type_: str, country: str | None, roles: tuple[str, ...]) -> tuple:
    """What later steps read of an entity besides its id: its name, type and country,
    and the state it belongs to (event fusion's side, which its roles may name). A
    change in role counts that leaves these as they were changes no group."""
    return name, type_, country, side_of(type_, country, roles)


def _run(ctx: StepContext, _: list[str] | None) -> Outcome:
    aliases = aliases_of(ctx.config)
    table_key = hashlib.sha256(ctx.config.encode()).hexdigest()[:16]
    todo = analysis_tables.units_to_do(ctx.store, table_key)
    stamp = f"{STATE_VERSION}:{STEP.version}:{table_key}"
    keep = bool(ctx.options.get(KEEP_STATE))
    added = (keep and analysis_tables.state_stamp(ctx.store) == stamp and bool(todo)
             and analysis_tables.only_added(ctx.store, todo))
    log.info("entities: units to make for %d articles; %s", len(todo),
             "resolving them alone" if added else "resolving the whole corpus")
    new_units = []
    for first in range(0, len(todo), _BATCH):
        ids = todo[first : first + _BATCH]
        made = units_to_json(article_units(analysis_tables.analyses(ctx.store, ids), aliases))
        made = {a: made.get(a, "[[],[]]") for a in ids}
        analysis_tables.write_units(ctx.store, made, table_key)
        if added:
            new_units += [u for a in ids for u in units_from_json(a, made[a])]
        ctx.tick(first + len(ids), len(todo))
    if added:
        try:
            found = resolve_added(ctx.store.con, new_units, aliases)
        except Fallback as why:
            log.info("entities: resolving the whole corpus: %s", why)
        else:
            if found.moved:
                log.info("entities: %d stored units moved, %d of their entities dropped",
                         len(found.moved), len(found.dropped))
            parts: dict[str, set[str]] = {}
            changed = analysis_tables.write_added(ctx.store, found, facet, parts)
            return Outcome(processed=len(found.entities), changed=frozenset(changed),
                           found=analysis_tables.summary(ctx.store),
                           changed_in=_changed_in(parts))
    strings: dict[str, str] = {}
    origin: dict[str, str] = {}
    units = []
    for article, raw in analysis_tables.units(ctx.store):
        origin[article] = hashlib.sha1(raw.encode()).hexdigest()[:16]
        units += units_from_json(article, raw, strings)
    del strings
    resolved: list | None = [] if keep else None
    entities, prints = resolve_changed(units, origin, analysis_tables.fingerprints(ctx.store),
                                       aliases, STEP.version, resolved)
    del units
    # the state for added articles: unstamped until the entities are written too; without
    # the option none is kept (a state left from an earlier run would no longer match)
    analysis_tables.write_state(ctx.store, state_rows(resolved) if resolved is not None else ())
    del resolved
    by_table: dict[str, set[str]] = {}
    changed = analysis_tables.write_entities(ctx.store, entities, facet, prints, by_table)
    if keep:
        analysis_tables.stamp_state(ctx.store, stamp)
    return Outcome(processed=len(prints), changed=frozenset(changed),
                   found=analysis_tables.summary(ctx.store), changed_in=_changed_in(by_table))


def _changed_in(by_table: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    """The changed articles per table written (`Outcome.changed_in`); a reader of the
    units (none yet) would be told of every changed article."""
    return {t: frozenset(a) for t, a in by_table.items()}


def _forget(store: Store, ids: Iterable[str] | None) -> None:
    analysis_tables.forget_units(store, ids)


STEP = Step(
    name="entities", version="15", scope="corpus",
    reads=("analyses",), writes=("entities", "entity_mentions", "entity_units"),
    doc="canonical entities with aliases, roles and countries, across articles",
    run=_run, forget=_forget, configure=_configure, summary=analysis_tables.summary,
)
