"""stories: articles about one developing topic, from the entities they name
and their dates.

Incremental: an article's weights hang on its window of weeks only, so after an
update only the stories around the changed articles are found again, and they
come out as a whole rebuild finds them (`find_stories_near`; docs/scale.md,
"Incremental updates"). Changed articles are those without a `step_done` record
of this step: the runner drops it when an article's entities, copy status,
reference date or text changed. Only the stories that changed are written (the
others keep their rows).
"""

from __future__ import annotations

from collections.abc import Iterable

from storyline.resolve.stories import VERSION, find_stories_near
from storyline.run.step import Outcome, Step, StepContext
from storyline.store import Store, story_tables

NAME = "stories"


def _run(ctx: StepContext, _: list[str] | None) -> Outcome:
    changed = story_tables.unsettled(ctx.store, NAME, VERSION)
    if not changed:
        return Outcome(found=_summary(ctx.store), wrote=False)
    items = story_tables.story_inputs(ctx.store, words=False)  # read by window below
    stories, redo = find_stories_near(items, changed, story_tables.stored_stories(ctx.store),
                                      lambda ids: story_tables.lead_words_of(ctx.store, ids))
    written, dropped = story_tables.write_stories(ctx.store, stories, redo)
    story_tables.settle(ctx.store, NAME, VERSION, changed & {a.id for a in items})
    return Outcome(processed=len(stories), wrote=written + dropped > 0,
                   found=story_tables.summary(ctx.store) | {"stories written": written,
                                                            "articles regrouped": len(redo)})


def _forget(store: Store, ids: Iterable[str] | None) -> None:
    """Nothing to drop here: the runner drops this step's records of the articles, and
    the next run finds the stories around them again."""


def _summary(store: Store) -> dict[str, int]:
    return story_tables.summary(store) | {"stories written": 0, "articles regrouped": 0}


STEP = Step(
    name=NAME, version=VERSION, scope="corpus",
    reads=("entity_mentions", "article_copies", "fact_refs", "articles"),
    writes=("stories", "article_stories"),
    doc="stories: articles sharing specific people, places and organisations within a week",
    run=_run, forget=_forget, summary=_summary,
)
