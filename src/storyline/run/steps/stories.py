"""stories: articles about one developing topic, from the entities they name
and their dates; rebuilt whole when entities, copies or dates changed."""

from __future__ import annotations

from storyline.resolve.stories import VERSION, find_stories
from storyline.run.step import Outcome, Step, StepContext
from storyline.store import story_tables


def _run(ctx: StepContext, _: list[str] | None) -> Outcome:
    stories = find_stories(story_tables.story_inputs(ctx.store))
    story_tables.write_stories(ctx.store, stories)
    return Outcome(processed=len(stories), found=story_tables.summary(ctx.store))


STEP = Step(
    name="stories", version=VERSION, scope="corpus",
    reads=("entity_mentions", "article_copies", "fact_refs", "articles"),
    writes=("stories", "article_stories"),
    doc="stories: articles sharing specific people, places and organisations within a week",
    run=_run, summary=story_tables.summary,
)
