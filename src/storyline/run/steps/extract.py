"""extract: raw document -> article, for documents stored by an older extractor.

New documents are extracted as they are ingested (`run/pipeline.ingest`);
this step redoes, from the stored raw bytes, those an older extractor made
(and every one after `storyline reextract --all`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from itertools import islice
from pathlib import Path

from storyline.extract import EXTRACTOR_VERSION, extract_document
from storyline.extract.article import failed_article
from storyline.extract.language import detect
from storyline.ingest import read_path
from storyline.ingest.shards import Shard
from storyline.records import HINT_PUBLISHED, STATUS_FAILED, Article, RawDocument
from storyline.run.executors import Executor, TaskFailure, reason_of, settled_map
from storyline.run.step import Outcome, Step, StepContext
from storyline.store import Store, step_tables

NAME = "extract"


def _preload() -> None:
    """The language detector's model (`Step.preload`)."""
    detect("The language of this sentence is English, plainly.")


def _pending(store: Store) -> list[str]:
    return step_tables.pending_documents(store, NAME, EXTRACTOR_VERSION)


def extract_all(executor: Executor, docs: Sequence[RawDocument]) -> list[Article]:
    """Every document extracted through `executor`; one whose task failed where it ran
    (a worker lost, after the executor's retries) is a failed article with the reason,
    like a page with no article, and the others come back."""
    return [failed_article(docs[r.index], f"extraction task failed ({r.reason})")
            if isinstance(r, TaskFailure) else r
            for r in settled_map(executor, extract_document, docs)]


#: Per file of a shard: its documents and their articles, in reading order; None for a
#: file the worker cannot see (not on storage it shares), which the driver reads.
ShardResult = list[tuple[list[RawDocument], list[Article]] | None]


def extract_shard(shard: Shard) -> ShardResult:
    """Read and extract every document of a shard, or of an archive's slice (runs on a
    worker, near the files). A document whose extraction raises is a failed article
    with the reason, as a failed extraction task is in `extract_all`; the readers
    never raise."""
    out: ShardResult = []
    for file in shard.files:
        if not os.path.exists(file.path):
            out.append(None)
            continue
        docs, articles = [], []
        for doc in islice(read_path(Path(file.path), file.name), shard.start, shard.stop):
            if shard.published:
                doc = replace(doc, hints={**doc.hints, HINT_PUBLISHED: shard.published})
            try:
                article = extract_document(doc)
            except Exception as error:  # noqa: BLE001 - one document must not stop the shard
                article = failed_article(doc, f"extraction task failed ({reason_of(error)})")
            docs.append(doc)
            articles.append(article)
        out.append((docs, articles))
    return out


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
    run=_run, pending=_pending, batch=64, preload=_preload,
)
