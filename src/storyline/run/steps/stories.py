"""stories: articles about one developing topic, from the entities they name
and their dates.

Incremental: stories are found week by week and chained across weeks, and a
week's stories hang on its own and the next weeks' articles only, so after an
update only the weeks around the changed articles are redone, reading only
those weeks' articles, and they come out as a whole pass finds them
(`dirty_blocks`, `find_stories_in`; docs/scale.md, "Incremental updates").
Changed articles are those without a `step_done` record of this step: the
runner drops it when an article's entities, copy status, reference date or
text changed. Many weeks (a whole pass) are redone PIECE_BLOCKS weeks at a
time, in date order. Only the stories that changed are written (the others
keep their rows).
"""

from __future__ import annotations

from collections.abc import Iterable

from storyline.resolve.stories import (
    VERSION,
    Carried,
    NeedBlocks,
    Story,
    dirty_blocks,
    find_stories_in,
    read_buckets,
)
from storyline.run.step import Outcome, Step, StepContext
from storyline.store import Store, story_tables

NAME = "stories"


#: Blocks (weeks) redone at once: a whole pass goes piece by piece, holding one in memory.
PIECE_BLOCKS = 13


def _run(ctx: StepContext, _: list[str] | None) -> Outcome:
    store = ctx.store
    changed = story_tables.unsettled(store, NAME, VERSION)
    if not changed:
        return Outcome(found=_summary(store), wrote=False)
    gone = story_tables.gone(store, changed)
    copies = story_tables.copies_of(store, changed)
    copied = copies.articles()
    near = story_tables.stored_stories(store, changed | copied)
    days = story_tables.days_of(store, set(copies.key_of) | copied
                                | {m for s in near.values() for m in s.members})
    blocks = dirty_blocks(changed, days, copies, near)
    made = written = dropped = regrouped = 0
    settled: set[str] = set()
    carried: list[Carried] = []
    pieces = _pieces(blocks)
    for n, piece in enumerate(pieces):
        ctx.tick(len(settled), len(changed))
        stories, redo, carried = _redo(store, piece, gone, carried,
                                       _cut(piece, pieces[n + 1:n + 2]))
        w, d = story_tables.write_stories(store, stories, redo)
        made, written, dropped = made + len(stories), written + w, dropped + d
        regrouped += len(redo - settled)
        settled |= redo
    story_tables.settle(store, NAME, VERSION, changed - gone)
    return Outcome(processed=made, wrote=written + dropped > 0,
                   found=story_tables.summary(store) | {"stories written": written,
                                                        "articles regrouped": regrouped})


def _cut(piece: set[int | None], after: list[set[int | None]]) -> int | None:
    """The first block of the piece after this one, where this piece can hand its chains
    on (`Carried`): when this piece redoes that block and the one before it too."""
    first = min((k for k in after[0] if k is not None), default=None) if after else None
    return first if first is not None and {first, first - 1} <= piece else None


def _redo(store: Store, blocks: set[int | None], gone: set[str], carried: list[Carried],
          cut: int | None) -> tuple[list[Story], set[str], list[Carried]]:
    """The stories of these blocks (and of the weeks before them that chaining on from
    the stored stories needs), reading those weeks' articles only; and the chains to
    hand to the next piece at `cut`. The stored stories read are those of the articles
    read and of the `gone` ones (those no longer ok, whose stories must go); the chains
    the piece before `carried` on spare reading the weeks before the piece again."""
    while True:
        items = story_tables.story_inputs(store, read_buckets(blocks), words=False)
        ids = {a.id for a in items}
        stored = story_tables.stored_stories(store, ids | gone)
        days = story_tables.days_of(store, {m for s in stored.values() for m in s.members} - ids)
        try:
            return find_stories_in(items, blocks, stored, days,
                                   lambda x: story_tables.lead_words_of(store, x),
                                   carried, cut)
        except NeedBlocks as more:  # the carried chains may hold the weeks added
            blocks, carried = blocks | more.blocks, []


def _pieces(blocks: set[int | None]) -> list[set[int | None]]:
    """The blocks to redo cut in runs of at most PIECE_BLOCKS consecutive blocks, each with
    the blocks next to it that are redone too, in order (the undated block last).

    Redone in this order, each piece's stories are exact: the pieces before it are, and
    its own blocks and their links to the pieces either side are found from the inputs
    as they are; what a piece chains on from the stored stories after it, the pieces
    after it redo."""
    dated = sorted(k for k in blocks if k is not None)
    runs: list[list[int]] = []
    for k in dated:
        if runs and runs[-1][-1] == k - 1 and len(runs[-1]) < PIECE_BLOCKS:
            runs[-1].append(k)
        else:
            runs.append([k])
    out: list[set[int | None]] = [set(r) | ({r[0] - 1, r[-1] + 1} & blocks) for r in runs]
    return out + ([{None}] if None in blocks else [])


def _forget(store: Store, ids: Iterable[str] | None) -> None:
    """Nothing to drop here: the runner drops this step's records of the articles, and
    the next run finds the stories around them again."""


def _summary(store: Store) -> dict[str, int]:
    return story_tables.summary(store) | {"stories written": 0, "articles regrouped": 0}


STEP = Step(
    name=NAME, version=VERSION, scope="corpus",
    reads=("entity_mentions", "article_copies", "fact_refs", "articles"),
    writes=("stories", "article_stories"),
    doc="stories: articles sharing specific people, places and organisations, chained week to week",
    run=_run, forget=_forget, summary=_summary,
)
