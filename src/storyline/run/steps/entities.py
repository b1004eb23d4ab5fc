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
article (fact_groups, event_groups) redo only those. The alias table given
with `--aliases` is part of the step's configuration: it is kept in the store,
so later runs without the option keep using it, and a new table makes the step
stale (and every article's units are made again).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from storyline.resolve.entities import (
    Alias,
    article_units,
    resolve_changed,
    units_from_json,
    units_to_json,
)
from storyline.resolve.events import side_of
from storyline.run.step import Outcome, Step, StepContext
from storyline.store import Store, analysis_tables

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
    for first in range(0, len(todo), _BATCH):
        ids = todo[first : first + _BATCH]
        made = units_to_json(article_units(analysis_tables.analyses(ctx.store, ids), aliases))
        analysis_tables.write_units(ctx.store, {a: made.get(a, "[[],[]]") for a in ids},
                                    table_key)
        ctx.tick(first + len(ids), len(todo))
    strings: dict[str, str] = {}
    origin: dict[str, str] = {}
    units = []
    for article, raw in analysis_tables.units(ctx.store):
        origin[article] = hashlib.sha1(raw.encode()).hexdigest()[:16]
        units += units_from_json(article, raw, strings)
    del strings
    entities, prints = resolve_changed(units, origin, analysis_tables.fingerprints(ctx.store),
                                       aliases, STEP.version)
    del units
    changed = analysis_tables.write_entities(ctx.store, entities, facet, prints)
    return Outcome(processed=len(prints), changed=frozenset(changed),
                   found=analysis_tables.summary(ctx.store))


def _forget(store: Store, ids: Iterable[str] | None) -> None:
    analysis_tables.forget_units(store, ids)


STEP = Step(
    name="entities", version="5", scope="corpus",
    reads=("analyses",), writes=("entities", "entity_mentions", "entity_units"),
    doc="canonical entities with aliases, roles and countries, across articles",
    run=_run, forget=_forget, configure=_configure, summary=analysis_tables.summary,
)
