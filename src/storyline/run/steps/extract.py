"""extract: raw document -> article, for documents stored by an older extractor.

New documents are extracted as they are ingested (`run/pipeline.ingest`);
this step redoes, from the stored raw bytes, those an older extractor made
(and every one after `storyline reextract --all`).
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline.extract import EXTRACTOR_VERSION, extract_document
from storyline.extract.article import failed_article
from storyline.records import STATUS_FAILED, Article, RawDocument
from storyline.run.executors import Executor, TaskFailure, settled_map
from storyline.run.step import Outcome, Step, StepContext
from storyline.store import Store, step_tables

NAME = "extract"


def _pending(store: Store) -> list[str]:
    return step_tables.pending_documents(store, NAME, EXTRACTOR_VERSION)


def extract_all(executor: Executor, docs: Sequence[RawDocument]) -> list[Article]:
    """Every document extracted through `executor`; one whose task failed where it ran
    (a worker lost, after the executor's retries) is a failed article with the reason,
    like a page with no article, and the others come back."""
    return [failed_article(docs[r.index], f"extraction task failed ({r.reason})")
            if isinstance(r, TaskFailure) else r
            for r in settled_map(executor, extract_document, docs)]


def _run(ctx: StepContext, ids: list[str] | None) -> Outcome:
    docs = ctx.store.raw_documents(ids or [])
    articles = extract_all(ctx.executor, docs)
    ctx.store.write_batch(docs, articles, EXTRACTOR_VERSION)
    return Outcome(processed=len(docs), failures=tuple(
        (a.source, a.error or "unknown error") for a in articles if a.status == STATUS_FAILED))


STEP = Step(
    name=NAME, version=EXTRACTOR_VERSION, scope="article",
    reads=("documents", "raw"), writes=("articles",),
    doc="clean text, metadata and dated evidence of each document",
    run=_run, pending=_pending, batch=64,
)
