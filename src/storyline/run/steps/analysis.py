"""analysis: sentences and entity mentions of each article (spaCy plus rules).

The model is the cost, so the batch is cut into one run of texts per worker
and each worker streams its run through `nlp.pipe` with the model it loaded
once; with one worker everything stays in this process. A worker runs each
distinct line once, so texts that share lines (copies) go to the same run,
and runs are balanced by their distinct lines (`split_shared`). A run whose task
fails (after the executor's retries: a worker lost) is tried again one article a
task; an article that still fails is listed with the reason and left without an
analysis, so the next update tries it again (`Outcome.undone`) and the run goes on.
An article in a language the model does not read (`nlp.reads`) is stored with an empty
analysis: no sentences, no entity mentions, so no facts or events follow from it.
"""

from __future__ import annotations

from collections.abc import Iterable

from storyline.analyse import ANALYSER_VERSION, ArticleAnalysis
from storyline.analyse.nlp import analyse_texts, lines_of, load_pipeline, reads
from storyline.run.executors import (
    InlineExecutor,
    TaskFailure,
    settled_map,
    split_shared,
)
from storyline.run.step import Outcome, Step, StepContext
from storyline.store import Store, analysis_tables, fact_tables

#: Below this many texts a batch stays in this process: loading the model in
#: every worker costs more than it saves on a handful of articles.
MIN_TEXTS_FOR_WORKERS = 32


def analyse_run(texts: list[str]) -> list[ArticleAnalysis]:
    """Analyses of a run of texts, in order (runs in a worker; picklable in and out)."""
    return list(analyse_texts(texts))


def _analyse(executor, texts: list[str], runs: list[list[int]]
             ) -> list[ArticleAnalysis | TaskFailure]:
    """Each text's analysis, or a `TaskFailure` (index: the text's) where its task failed
    twice. A failed run's texts are tried again one a task, so that one bad text does
    not take its run down."""
    results: list[ArticleAnalysis | TaskFailure | None] = [None] * len(texts)
    retry: list[int] = []
    done = settled_map(executor, analyse_run, [[texts[i] for i in run] for run in runs])
    for run, analyses in zip(runs, done, strict=True):
        if isinstance(analyses, TaskFailure):
            retry += run
            continue
        for i, analysis in zip(run, analyses, strict=True):
            results[i] = analysis
    again = settled_map(executor, analyse_run, [[texts[i]] for i in retry]) if retry else []
    for i, got in zip(retry, again, strict=True):
        results[i] = TaskFailure(i, got.reason) if isinstance(got, TaskFailure) else got[0]
    return results


def _run(ctx: StepContext, ids: list[str] | None) -> Outcome:
    everything = analysis_tables.texts(ctx.store, ids or [])
    language = analysis_tables.languages(ctx.store, [article for article, _ in everything])
    rows: list[tuple[str, str]] = []
    unread: list[tuple[str, ArticleAnalysis]] = []  # no sentences, no mentions
    for article, text in everything:
        if reads(language.get(article)):
            rows.append((article, text))
        else:
            unread.append((article, ArticleAnalysis(text, (), ())))
    executor = ctx.executor if len(rows) >= MIN_TEXTS_FOR_WORKERS else InlineExecutor()
    texts = [text for _, text in rows]
    runs = split_shared([[line for _, line in lines_of(t)] for t in texts], executor.workers)
    results = _analyse(executor, texts, runs)
    analysis_tables.write_analyses(
        ctx.store, [(article, a) for (article, _), a in zip(rows, results, strict=True)
                    if not isinstance(a, TaskFailure)] + unread, ANALYSER_VERSION)
    failed = {rows[i][0]: r.reason for i, r in enumerate(results) if isinstance(r, TaskFailure)}
    sources = fact_tables.sources_of(ctx.store, sorted(failed))
    found = {"articles not in English": len(unread)} if unread else {}
    return Outcome(processed=len(everything), found=found, undone=frozenset(failed),
                   failures=tuple((sources[article], f"analysis task failed ({why}); the "
                                   "next update tries it again")
                                  for article, why in failed.items()))


def _forget(store: Store, ids: Iterable[str] | None) -> None:
    analysis_tables.forget(store, ids)


STEP = Step(
    name="analysis", version=ANALYSER_VERSION, scope="article",
    reads=("articles",), writes=("analyses",),
    doc="sentences and entity mentions with roles, per article",
    run=_run, forget=_forget, batch=256, preload=load_pipeline,
)
