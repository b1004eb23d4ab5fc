"""extract: raw document -> article, for documents stored by an older extractor.

New documents are extracted as they are ingested (`run/pipeline.ingest`);
this step redoes, from the stored raw bytes, those an older extractor made
(and every one after `storyline reextract --all`).
"""

from __future__ import annotations

from storyline.extract import EXTRACTOR_VERSION, extract_document
from storyline.records import STATUS_FAILED
from storyline.run.step import Outcome, Step, StepContext
from storyline.store import Store, step_tables

NAME = "extract"


def _pending(store: Store) -> list[str]:
    return step_tables.pending_documents(store, NAME, EXTRACTOR_VERSION)


def _run(ctx: StepContext, ids: list[str] | None) -> Outcome:
    docs = ctx.store.raw_documents(ids or [])
    articles = ctx.executor.map(extract_document, docs)
    ctx.store.write_batch(docs, articles, EXTRACTOR_VERSION)
    return Outcome(processed=len(docs), failures=tuple(
        (a.source, a.error or "unknown error") for a in articles if a.status == STATUS_FAILED))


STEP = Step(
    name=NAME, version=EXTRACTOR_VERSION, scope="article",
    reads=("documents", "raw"), writes=("articles",),
    doc="clean text, metadata and dated evidence of each document",
    run=_run, pending=_pending, batch=64,
)
