"""facts: time expressions, quotes and numeric claims of each article.

A pure function of the article's analysis and its reference date (the
published date, or the corrected one when copies found the stated date
wrong), so it runs in workers; a fault in one article is stored with its
reason and the run goes on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from storyline.analyse.article_facts import article_facts, reference_date
from storyline.analyse.nlp import reads
from storyline.resolve.site_notes import set_aside
from storyline.run.executors import TaskFailure, settled_map
from storyline.run.step import Outcome, Step, StepContext
from storyline.store import Store, analysis_tables, fact_tables, note_tables

#: Bumped whenever the times, quotes or claims of an article change.
FACTS_VERSION = "22"


def facts_row(item: tuple) -> tuple:
    """One article's facts row: (article, reference, basis, error, facts). The numbers
    inside the article's site notes are skipped numbers ("site note"), not claims; an
    article not in English has no facts, its numbers skipped for their language."""
    article, analysis, ref, notes, read = item
    day, basis = reference_date(*ref)
    try:
        facts = article_facts(analysis, day, read)
        if notes:
            claims, skipped = set_aside(analysis.text, facts.claims, facts.numbers_skipped,
                                        notes)
            facts = replace(facts, claims=claims, numbers_skipped=skipped)
    except Exception as error:  # noqa: BLE001 - one bad article must not stop the run
        return (article, day and day.isoformat(), basis,
                f"{type(error).__name__}: {error}", None)
    return (article, day and day.isoformat(), basis, None, facts)


def _failed(item: tuple, reason: str) -> tuple:
    """The row of an article whose task failed where it ran (a worker lost, after the
    executor's retries): stored as a failure with the reason, like a fault inside it."""
    article, _, ref, _, _ = item
    day, basis = reference_date(*ref)
    return (article, day and day.isoformat(), basis, reason, None)


def _run(ctx: StepContext, ids: list[str] | None) -> Outcome:
    refs = fact_tables.references(ctx.store, ids or [])
    notes = note_tables.notes(ctx.store, ids or [])
    language = analysis_tables.languages(ctx.store, ids or [])
    items = [(article, analysis, refs[article], notes.get(article, ()),
              reads(language.get(article)))
             for article, analysis in analysis_tables.analyses(ctx.store, ids or [])]
    rows = [_failed(items[r.index], r.reason) if isinstance(r, TaskFailure) else r
            for r in settled_map(ctx.executor, facts_row, items)]
    fact_tables.write_facts(ctx.store, rows)
    sources = fact_tables.sources_of(ctx.store, [r[0] for r in rows if r[3]])
    return Outcome(processed=len(rows), found=fact_tables.summary(ctx.store),
                   failures=tuple((sources[r[0]], r[3]) for r in rows if r[3]))


def _forget(store: Store, ids: Iterable[str] | None) -> None:
    fact_tables.forget(store, ids)


STEP = Step(
    name="facts", version=FACTS_VERSION, scope="article",
    reads=("analyses", "articles", "article_copies", "copy_groups", "site_notes"),
    writes=("fact_refs", "times", "quotes", "claims", "numbers_skipped"),
    doc="times resolved against the reference date; quotes and claims, per article",
    run=_run, forget=_forget, batch=256,
)
