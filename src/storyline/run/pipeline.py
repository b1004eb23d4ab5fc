"""The flow, in one screen: discover -> ingest -> extract -> copies -> analyse -> store.

Per-document stages are pure functions; the store and the executor are
adapters passed in. Documents are processed in batches and each batch is
committed as a whole, so an interrupted run loses at most one batch and a
re-run picks up where it stopped (stored ids are skipped). The corpus steps
(`update_copies`, `update_analysis`) only work on what is new since the last
run, then rebuild their corpus-wide results (groups, entities) from the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from storyline.analyse import ANALYSER_VERSION
from storyline.analyse.article_facts import article_facts, reference_date, timex_start
from storyline.analyse.nlp import analyse_texts
from storyline.copies.corpus import Prepared, assemble, find_pairs, prepare
from storyline.extract import EXTRACTOR_VERSION, extract_document
from storyline.ingest import discover, read_path
from storyline.records import STATUS_FAILED, Article, RawDocument
from storyline.resolve.claims import ClaimItem, group_claims
from storyline.resolve.entities import Alias, resolve_entities
from storyline.resolve.quotes import group_quotes
from storyline.resolve.stories import find_stories
from storyline.run.executors import LocalExecutor
from storyline.store import Store, analysis_tables, copy_tables, fact_tables, story_tables

BATCH_SIZE = 64


@dataclass
class RunSummary:
    """What a run did; the CLI prints it and sets the exit status from it."""

    files: int = 0
    ingested: int = 0
    skipped: int = 0
    ok: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source, error)
    missing: list[str] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


@dataclass
class CorpusSummary:
    """What a corpus step did: articles it processed and what it found overall."""

    processed: int = 0
    found: dict[str, int] = field(default_factory=dict)


#: Called after each batch with (files finished so far, the batch's articles).
Progress = Callable[[int, list[Article]], None]


def _batches(paths: list[Path]) -> Iterator[tuple[int, list[RawDocument]]]:
    """Documents of all files in batches, with the count of files finished."""
    batch: list[RawDocument] = []
    done = 0
    for path in paths:
        for doc in read_path(path):
            batch.append(doc)
            if len(batch) >= BATCH_SIZE:
                yield done, batch
                batch = []
        done += 1
    yield done, batch


def ingest(
    paths: Iterable[Path],
    store: Store,
    executor: LocalExecutor,
    progress: Progress | None = None,
    exclude: Iterable[Path] = (),
) -> RunSummary:
    """Read, extract and store every document under `paths`.

    `exclude` names files never to ingest (the run's own report, which may
    sit in an input folder).
    """
    found = discover(list(paths))
    skip = {Path(p).resolve() for p in exclude}
    found.files = [f for f in found.files if f.resolve() not in skip]
    summary = RunSummary(files=len(found.files), missing=[str(p) for p in found.missing],
                         unsupported=[str(p) for p in found.unsupported])
    seen: set[str] = set()
    for files_done, batch in _batches(found.files):
        stored = store.known_ids(d.id for d in batch)
        fresh: list[RawDocument] = []
        for doc in batch:
            if doc.id in stored or doc.id in seen:
                summary.skipped += 1
            else:
                seen.add(doc.id)
                fresh.append(doc)
        articles = executor.map(extract_document, fresh)
        if fresh:
            store.write_batch(fresh, articles, EXTRACTOR_VERSION)
        _count(summary, articles)
        summary.ingested += len(fresh)
        if progress:
            progress(files_done, articles)
    return summary


def reextract(
    store: Store,
    executor: LocalExecutor,
    everything: bool = False,
    progress: Progress | None = None,
) -> RunSummary:
    """Re-run extraction from the stored raw bytes.

    By default only articles made by another extractor version are redone;
    `everything` redoes all of them.
    """
    ids = store.stale_ids(None if everything else EXTRACTOR_VERSION)
    summary = RunSummary(files=len(ids))
    if ids:  # texts change: the corpus steps redo copies and these articles' analyses
        copy_tables.reset(store)
        analysis_tables.forget(store, ids)
    for start in range(0, len(ids), BATCH_SIZE):
        docs = store.raw_documents(ids[start : start + BATCH_SIZE])
        articles = executor.map(extract_document, docs)
        store.write_batch(docs, articles, EXTRACTOR_VERSION)
        _count(summary, articles)
        summary.ingested += len(docs)
        if progress:
            progress(start + len(docs), articles)
    return summary


def _count(summary: RunSummary, articles: list[Article]) -> None:
    for article in articles:
        if article.status == STATUS_FAILED:
            summary.failures.append((article.source, article.error or "unknown error"))
        else:
            summary.ok += 1


#: Called with (articles done so far, total) during a corpus step.
StepProgress = Callable[[int, int], None]


def update_copies(store: Store, executor: LocalExecutor | None = None,
                  progress: StepProgress | None = None) -> CorpusSummary:
    """Fingerprint new articles, find their copies, rebuild groups and date verdicts."""
    executor = executor or LocalExecutor(1)
    new = copy_tables.unfingerprinted(store)
    if not new and copy_tables.up_to_date(store):
        return CorpusSummary(processed=0, found=copy_tables.summary(store))
    index = copy_tables.load_index(store)
    texts_of = partial(copy_tables.texts_of, store)
    step = BATCH_SIZE * 8
    for start in range(0, len(new), step):
        batch = new[start : start + step]
        prepared = executor.map(_prepare, batch)
        pairs = find_pairs(prepared, index, texts_of)
        copy_tables.write_fingerprints(store, prepared, index, pairs)
        if progress:
            progress(start + len(batch), len(new))
    infos, checks = copy_tables.infos_and_checks(store)
    result = assemble(copy_tables.pairs(store), infos, texts_of, checks)
    before = copy_tables.statuses(store)
    copy_tables.write_result(store, result)
    moved = [s.article for s in result.statuses if (old := before.get(s.article)) and (
        old["misdated"], old["likely_period"], old["group"]) != (
        s.misdated, s.likely_period, s.group)]
    if moved:  # their reference date may have changed: their facts are made again
        fact_tables.forget(store, moved)
        analysis_tables.mark_resolved(store, False)
    return CorpusSummary(processed=len(new), found=copy_tables.summary(store))


def _prepare(row: tuple[str, str, str | None]) -> Prepared:
    return prepare(*row)


def update_analysis(store: Store, aliases: dict[str, Alias] | None = None,
                    n_process: int = 1, progress: StepProgress | None = None) -> CorpusSummary:
    """Analyse new articles (sentences, mentions), resolve entities across the store,
    make each new article's facts (times, quotes, claims), then group quotes and claims."""
    ids = analysis_tables.unanalysed(store, ANALYSER_VERSION)
    if (not ids and aliases is None and not analysis_tables.without_facts(store)
            and analysis_tables.resolved(store)):
        return CorpusSummary(processed=0, found=_analysis_found(store))
    for start in range(0, len(ids), BATCH_SIZE * 4):
        rows = analysis_tables.texts(store, ids[start : start + BATCH_SIZE * 4])
        results = analyse_texts((text for _, text in rows), n_process=n_process)
        analysis_tables.write_analyses(
            store, [(article, a) for (article, _), a in zip(rows, results, strict=True)],
            ANALYSER_VERSION)
        if progress:
            progress(start + len(rows), len(ids))
    entities = resolve_entities(analysis_tables.analyses(store), aliases)
    analysis_tables.write_entities(store, entities)
    pending = analysis_tables.without_facts(store)
    for start in range(0, len(pending), BATCH_SIZE * 4):
        batch = pending[start : start + BATCH_SIZE * 4]
        refs = fact_tables.references(store, batch)
        fact_tables.write_facts(store, [
            _facts(article, analysis, refs[article])
            for article, analysis in analysis_tables.analyses(store, batch)])
    quote_groups, first_dates, claim_groups = _group_facts(store)
    fact_tables.write_groups(store, quote_groups, first_dates, claim_groups)
    story_tables.write_stories(store, find_stories(story_tables.story_inputs(store)))
    analysis_tables.mark_resolved(store)
    return CorpusSummary(processed=len(ids), found=_analysis_found(store))


def _analysis_found(store: Store) -> dict[str, int]:
    return (analysis_tables.summary(store) | fact_tables.summary(store)
            | story_tables.summary(store))


def _facts(article: str, analysis, ref: tuple) -> tuple:
    """One article's facts row; a failure is recorded with its reason, not raised."""
    day, basis = reference_date(*ref)
    try:
        facts = article_facts(analysis, day)
    except Exception as error:  # noqa: BLE001 - one bad article must not stop the run
        return (article, day and day.isoformat(), basis,
                f"{type(error).__name__}: {error}", None)
    return (article, day and day.isoformat(), basis, None, facts)


def _group_facts(store: Store) -> tuple[list, dict[str, str], list]:
    """Quote and claim groups over the store, counting copies once."""
    entity_of = fact_tables.entity_ids(store)
    keys = {a: s["independence_key"] for a, s in copy_tables.statuses(store).items()}
    refs = fact_tables.reference_dates(store)
    quote_items = [(article, q, entity_of.get((article, q.speaker_key)) if q.speaker_key else None,
                    keys.get(article, article)) for article, q in fact_tables.quotes(store)]
    quote_groups = group_quotes(quote_items)
    first_dates = {}
    for g in quote_groups:
        days = sorted(d for a, _, _ in g.mentions if (d := refs.get(a)))
        if days:
            first_dates[g.id] = days[0]
    claim_items = [
        ClaimItem(article, c, entity_of.get((article, c.source_key)) if c.source_key else None,
                  keys.get(article, article), timex_start(c.as_of_value) or refs.get(article))
        for article, c in fact_tables.claims(store)]
    return quote_groups, first_dates, group_claims(claim_items)
