"""entities: canonical entities across articles, from every stored analysis.

Re-resolved whole when analyses changed: a new article can change the canonical
name (and so the id) of an entity named anywhere, and the types and groupings
of names depend on the whole corpus, so resolution is not keyed. What it hands
on is precise: the articles whose entities changed (a mention of another entity,
an entity renamed, retyped, or of another country or side), so the steps that read
entities per article (fact_groups, event_groups) redo only those. The alias
table given with `--aliases` is part of the step's configuration: it is
kept in the store, so later runs without the option keep using it, and a
new table makes the step stale.
"""

from __future__ import annotations

import json

from storyline.resolve.entities import Alias, resolve_entities
from storyline.resolve.events import side_of
from storyline.run.step import Outcome, Step, StepContext
from storyline.store import analysis_tables


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
    entities = resolve_entities(analysis_tables.analyses(ctx.store), aliases_of(ctx.config))
    changed = analysis_tables.write_entities(ctx.store, entities, facet)
    return Outcome(processed=len(entities), changed=frozenset(changed),
                   found=analysis_tables.summary(ctx.store))


STEP = Step(
    name="entities", version="4", scope="corpus",
    reads=("analyses",), writes=("entities", "entity_mentions"),
    doc="canonical entities with aliases, roles and countries, across articles",
    run=_run, configure=_configure, summary=analysis_tables.summary,
)
