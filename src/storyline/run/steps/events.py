"""events: event mentions of each article (trigger, PLOVER type and mode, actors,
target, place, resolved time, status), each with its span.

Reads the analysis (sentences, entity mentions) and the facts step's reference
date and time expressions; parses the sentences that may hold a trigger with
the pinned spaCy pipeline's parser. The parser is the cost, so a batch is cut
into one run per worker, each worker loading the parser once; a fault in one
article is stored with its reason and the run goes on.
"""

from __future__ import annotations

from collections.abc import Iterable

from storyline.analyse import gazetteer
from storyline.analyse.article_facts import iso_day
from storyline.analyse.entities import ArticleAnalysis
from storyline.analyse.event_classifier import load_model
from storyline.analyse.events import EventMention, extract_events, extract_events_many, load_parser
from storyline.analyse.times import TimeExpr
from storyline.run.executors import (
    InlineExecutor,
    TaskFailure,
    settled_map,
    split,
)
from storyline.run.step import Outcome, Step, StepContext
from storyline.store import Store, analysis_tables, event_tables, fact_tables

#: Bumped whenever the event mentions of an article change.
EVENTS_VERSION = "21"
#: Below this many articles a batch stays in this process (the parser loads once
#: per worker).
MIN_ARTICLES_FOR_WORKERS = 32

Item = tuple[str, ArticleAnalysis, list[TimeExpr], str | None]


def _load() -> None:
    """What the event rules load on first use: the parser's view of the model, the
    type model, the gazetteer's indexes (`Step.preload`)."""
    load_parser()
    load_model()
    for look_up in (gazetteer.country_code, gazetteer.demonym_code, gazetteer.capital_state,
                    gazetteer.institution, gazetteer.place_code, gazetteer.place_alias,
                    gazetteer.state_name):
        look_up("France")



def events_run(items: list[Item]) -> list[tuple[str, str | None, tuple[EventMention, ...] | None]]:
    """(article, error, mentions) for a run of articles (runs in a worker)."""
    try:
        found = list(extract_events_many(
            [(analysis, times, iso_day(ref)) for _, analysis, times, ref in items]))
        return [(item[0], None, ms) for item, ms in zip(items, found, strict=True)]
    except Exception:  # noqa: BLE001 - find the article at fault, keep the others
        out = []
        for article, analysis, times, ref in items:
            try:
                out.append((article, None, extract_events(analysis, times, iso_day(ref))))
            except Exception as error:  # noqa: BLE001 - one bad article must not stop the run
                out.append((article, f"{type(error).__name__}: {error}", None))
        return out


def _run(ctx: StepContext, ids: list[str] | None) -> Outcome:
    inputs = event_tables.inputs(ctx.store, ids or [])
    items: list[Item] = []
    for article, analysis in analysis_tables.analyses(ctx.store, ids or []):
        ref, times = inputs.get(article, (None, []))
        items.append((article, analysis, times, ref))
    executor = ctx.executor if len(items) >= MIN_ARTICLES_FOR_WORKERS else InlineExecutor()
    runs = split(items, executor.workers)
    rows = [r for run, done in zip(runs, settled_map(executor, events_run, runs), strict=True)
            for r in ([(item[0], done.reason, None) for item in run]
                      if isinstance(done, TaskFailure) else done)]
    event_tables.write_mentions(ctx.store, rows)
    failed = [r for r in rows if r[1]]
    sources = fact_tables.sources_of(ctx.store, [r[0] for r in failed])
    return Outcome(processed=len(rows), found=event_tables.summary(ctx.store),
                   failures=tuple((sources[r[0]], r[1]) for r in failed))


def _forget(store: Store, ids: Iterable[str] | None) -> None:
    event_tables.forget(store, ids)


STEP = Step(
    name="events", version=EVENTS_VERSION, scope="article",
    reads=("analyses", "articles", "fact_refs", "times"),
    writes=("event_articles", "event_mentions"),
    doc="event mentions: trigger, PLOVER type and mode, actors, target, place, time, status",
    run=_run, forget=_forget, summary=event_tables.summary, batch=256, preload=_load,
)
