"""The flow, in one screen: discover -> ingest (read + extract) -> the declared steps.

    ingest      files -> RawDocument -> Article, stored in batches
    extract     (redo) articles made by an older extractor, from the raw bytes
    copies      fingerprints, copy pairs, copy groups, misdated copies
    analysis    sentences and entity mentions, per article (spaCy, in workers)
    entities    canonical entities across articles
    facts       times, quotes, claims, per article
    fact_groups quote groups and claim groups, copies counted once
    stories     articles about one developing topic

Each step after ingest is declared once in `run/steps/` (name, version,
scope, reads, writes); `run/runner.py` runs the stale ones in the order
their reads and writes imply. Per-document stages are pure functions; the
store and the executor are adapters passed in. Ingest commits each batch as
a whole, so an interrupted run loses at most one batch and a re-run picks up
where it stopped (stored ids are skipped). With an executor that streams
(Dask), each shard of the input (an archive, or a folder's pages) is read and
extracted on a worker (`ingest/shards.py`); this process only stores.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain, islice
from pathlib import Path

from storyline.extract import EXTRACTOR_VERSION
from storyline.ingest import discover, read_path
from storyline.ingest.discover import display_path
from storyline.ingest.shards import Shard, count_documents, plan, sliced, to_count
from storyline.records import HINT_PUBLISHED, STATUS_FAILED, Article, RawDocument
from storyline.run import runner
from storyline.run.executors import Executor, InlineExecutor, TaskFailure
from storyline.run.step import Step, StepProgress, StepReport
from storyline.run.steps import STEPS
from storyline.run.steps import extract as extract_step
from storyline.run.steps.extract import NAME as EXTRACT
from storyline.run.steps.extract import extract_all
from storyline.store import Store, input_tables, step_tables

BATCH_SIZE = 64


@dataclass
class RunSummary:
    """What ingest did; the CLI prints it and sets the exit status from it."""

    files: int = 0
    ingested: int = 0
    skipped: int = 0
    ok: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source, error)
    #: inputs skipped because the store already holds them as failed: (source, stored error)
    stored_failures: list[tuple[str, str]] = field(default_factory=list)
    skipped_paths: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    missing: list[str] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


#: Called after each batch with (files finished so far, the batch's articles).
Progress = Callable[[int, list[Article]], None]


#: A batch of documents with the count of files finished, and their articles when a
#: worker made them with the reading (None: extracted after the stored ones are skipped).
Batch = tuple[int, list[RawDocument], list[Article] | None]


def _batches(paths: list[Path]) -> Iterator[Batch]:
    """Documents of all files in batches, with the count of files finished."""
    batch: list[RawDocument] = []
    done = 0
    for path in paths:
        for doc in read_path(path):
            batch.append(doc)
            if len(batch) >= BATCH_SIZE:
                yield done, batch, None
                batch = []
        done += 1
    yield done, batch, None


def _read_here(executor: Executor, path: Path, name: str, shard: Shard
               ) -> Iterator[tuple[RawDocument, Article]]:
    """A file a worker could not see (its slice), read here and extracted through
    `executor`."""
    published = shard.published
    chunk: list[RawDocument] = []
    for doc in chain(islice(read_path(path, name), shard.start, shard.stop), [None]):
        if doc is not None:
            if published:
                doc = replace(doc, hints={**doc.hints, HINT_PUBLISHED: published})
            chunk.append(doc)
        if chunk and (doc is None or len(chunk) >= BATCH_SIZE):
            yield from zip(chunk, extract_all(executor, chunk), strict=True)
            chunk = []


def _shard_batches(executor, paths: list[Path], published: str | None,
                   summary: RunSummary, store: Store) -> Iterator[Batch]:
    """Documents and their articles in batches, each shard read and extracted on a
    worker (`executor.stream`, a few shards out at once, results in file order). A
    shard whose task fails twice is named, file by file, with the reason, and kept in
    the store's `input_failures` (nothing of it is stored, so the same run again reads
    it, and clears the row). A file the worker cannot see (no shared storage) is read
    here."""
    shards = plan(paths, published)
    big = to_count(shards)  # big archives: counted on the workers, then cut into slices
    counts = {s: n for s, n in zip(big, executor.stream(count_documents, big), strict=True)
              if isinstance(n, int)}
    shards = sliced(shards, counts)
    docs: list[RawDocument] = []
    made: list[Article] = []
    done = 0
    results = executor.stream(extract_step.extract_shard, shards)
    for shard, result in zip(shards, results, strict=True):
        part = ("" if shard.start == 0 and shard.last else
                f"documents {shard.start + 1} to {shard.stop or 'the end'}")
        for k, file in enumerate(shard.files):
            if isinstance(result, TaskFailure):
                reason = (f"shard task failed{f' ({part})' if part else ''} ({result.reason}); "
                          "none of its documents stored, a run again reads it")
                summary.failures.append((file.name, reason))
                input_tables.record(store, file.name, part, reason)
                pairs = iter(())
            elif result[k] is None:
                pairs = _read_here(executor, Path(file.path), file.name, shard)
            else:
                pairs = zip(*result[k], strict=True)
            if not isinstance(result, TaskFailure):
                input_tables.clear(store, file.name, part)
            for doc, article in pairs:
                docs.append(doc)
                made.append(article)
                if len(docs) >= BATCH_SIZE:
                    yield done, docs, made
                    docs, made = [], []
            done += shard.last
    yield done, docs, made


def ingest(
    paths: Iterable[Path],
    store: Store,
    executor: Executor | None = None,
    progress: Progress | None = None,
    exclude: Iterable[Path] = (),
    published: str | None = None,
) -> RunSummary:
    """Read, extract and store every document under `paths`.

    `exclude` names files never to ingest (the run's own report, which may
    sit in an input folder). `published` (an ISO date) is the publication date
    the user gives every document of this run; it is kept with the document
    and outranks the dates the pages state.
    """
    executor = executor or InlineExecutor()
    found = discover(list(paths))
    skip = {Path(p).resolve() for p in exclude}
    found.files = [f for f in found.files if f.resolve() not in skip]
    summary = RunSummary(files=len(found.files),
                         missing=[display_path(p) for p in found.missing],
                         unsupported=[display_path(p) for p in found.unsupported],
                         skipped_paths=[(display_path(p), why) for p, why in found.skipped])
    seen: set[str] = set()
    streams = callable(getattr(executor, "stream", None))
    batches = (_shard_batches(executor, found.files, published, summary, store) if streams
               else _batches(found.files))
    for files_done, batch, made in batches:
        if published and made is None:
            batch = [replace(d, hints={**d.hints, HINT_PUBLISHED: published}) for d in batch]
        stored = store.known_ids(d.id for d in batch)
        stored_failed = store.failed_ids(stored)
        fresh: list[RawDocument] = []
        kept: list[Article] = []
        for k, doc in enumerate(batch):
            if doc.id in stored or doc.id in seen:
                summary.skipped += 1
                if doc.id in stored_failed:
                    summary.stored_failures.append((doc.source, stored_failed[doc.id]))
            else:
                seen.add(doc.id)
                fresh.append(doc)
                if made is not None:
                    kept.append(made[k])
        articles = kept if made is not None else extract_all(executor, fresh)
        if fresh:
            store.write_batch(fresh, articles, EXTRACTOR_VERSION)
            step_tables.mark_done(store, EXTRACT, EXTRACTOR_VERSION, [d.id for d in fresh])
        for article in articles:
            if article.status == STATUS_FAILED:
                summary.failures.append((article.source, article.error or "unknown error"))
            else:
                summary.ok += 1
        summary.ingested += len(fresh)
        if progress:
            progress(files_done, articles)
        store.pause()  # a reader waiting for the store gets it between two batches
    if summary.ingested:
        runner.touched(store, EXTRACT)
    return summary


def update(store: Store, executor: Executor | None = None, options: dict | None = None,
           progress: Callable[[str], StepProgress | None] | None = None,
           steps: Sequence[Step] = STEPS) -> list[StepReport]:
    """Bring every step up to date over what is stored (see `run/runner.py`)."""
    return runner.update(store, steps, executor, options, progress)


def reextract(store: Store, everything: bool = False, steps: Sequence[Step] = STEPS) -> int:
    """Mark articles for re-extraction from their raw bytes: those an older extractor
    made (always stale), or with `everything` all of them. The next `update` redoes
    them and, through the runner, whatever reads their text. Returns how many."""
    if everything:
        runner.forget(store, steps, EXTRACT, None)
    return len(step_tables.pending_documents(store, EXTRACT, EXTRACTOR_VERSION))
