"""The Dask executor: a real `distributed.LocalCluster` with 2 worker processes runs
the pipeline over examples/ and gives byte-identical exports to the in-process run;
a task that fails once is retried, one that always fails is named in one error; a
grouping step's part that keeps failing is recorded, keeps its stored groups, and is
regrouped by the next update.

One cluster serves the whole module (it starts in about 1.5 s; every worker loads
the spaCy model once).
"""

from __future__ import annotations

import json
import re
from functools import partial
from pathlib import Path

import pytest
from conftest import EXAMPLES, EXPORTS, storyline

from storyline.ingest import discover
from storyline.ingest import shards as shard_plan
from storyline.present.export import export
from storyline.resolve.events import Event, EventItem
from storyline.run import pipeline, runner
from storyline.run.executors import (
    DaskExecutor,
    ExecutorError,
    InlineExecutor,
    PoolExecutor,
    TaskFailure,
    settled_map,
)
from storyline.run.steps import STEPS, analysis, event_groups, events, facts
from storyline.run.steps import copies as copies_step
from storyline.run.steps import extract as extract_step
from storyline.run.steps._affected import run_parts
from storyline.store import Store, input_tables


@pytest.fixture(scope="module")
def dask_executor():
    with DaskExecutor(workers=2) as executor:
        yield executor


def _run_and_export(executor, tmp: Path, name: str) -> dict[str, bytes]:
    out = tmp / f"{name}-export"
    with Store.open(tmp / f"{name}.duckdb") as store:
        summary = pipeline.ingest([EXAMPLES], store, executor)
        assert summary.ok and not summary.failed
        pipeline.update(store, executor)
        export(store, out)
    return {f"{n}.jsonl": (out / f"{n}.jsonl").read_bytes() for n in EXPORTS}


def test_dask_run_gives_the_same_export_as_inline(dask_executor, tmp_path, monkeypatch):
    # examples/ has a dozen articles, below the thresholds under which analysis and
    # events stay in the driver (loading spaCy in every worker costs more than a
    # handful of texts); lowered to 1 so that spaCy really runs on the Dask workers
    monkeypatch.setattr(analysis, "MIN_TEXTS_FOR_WORKERS", 1)
    monkeypatch.setattr(events, "MIN_ARTICLES_FOR_WORKERS", 1)
    assert dask_executor.workers == 2
    before = sum(s["tasks"] for s in dask_executor.stats().values())
    on_dask = _run_and_export(dask_executor, tmp_path, "dask")
    ran = {addr: s["tasks"] for addr, s in dask_executor.stats().items()}
    inline = _run_and_export(InlineExecutor(), tmp_path, "inline")

    assert sum(ran.values()) - before >= 20  # extraction, fingerprints, analysis, facts...
    assert len(ran) == 2 and all(n > 0 for n in ran.values())  # both workers took work
    assert b"Tomas Varel" in on_dask["entities.jsonl"]
    for name in inline:
        assert on_dask[name] == inline[name], f"{name} differs between the Dask and inline runs"


def _fails_once(marker: str) -> str:
    """Fails the first time it runs for `marker` (a file it then creates), then works."""
    path = Path(marker)
    if not path.exists():
        path.write_text("failed once", encoding="utf-8")
        raise RuntimeError("a worker fault")
    return path.name


def _fails_on_three(value: int) -> int:
    if value == 3:
        raise ValueError("three is bad")
    return value * 10


def test_a_failed_task_is_retried_and_a_failing_one_named(dask_executor, tmp_path):
    markers = [str(tmp_path / f"m{i}") for i in range(4)]
    assert dask_executor.map(_fails_once, markers) == ["m0", "m1", "m2", "m3"]
    assert dask_executor.map(_fails_on_three, [0, 1, 2]) == [0, 10, 20]
    with pytest.raises(ExecutorError) as raised:
        dask_executor.map(_fails_on_three, list(range(6)))
    message = str(raised.value)
    assert "_fails_on_three failed on item 3 of 6 after 2 tries" in message
    assert "ValueError: three is bad" in message
    assert dask_executor.map(_fails_on_three, []) == []


def test_cli_refuses_a_wrong_scheduler_in_one_sentence(tmp_path, monkeypatch):
    import storyline.run.executors as executors

    monkeypatch.setattr(executors, "DASK_CONNECT_SECONDS", 1.0)
    db = tmp_path / "s.duckdb"
    bad = storyline("update", "--db", db, "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert bad.returncode == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    assert not db.exists()  # nothing was created for a run that could not start
    alone = storyline("update", "--db", db, "--scheduler", "tcp://127.0.0.1:9")
    assert alone.returncode == 2 and "--scheduler needs --executor dask" in alone.stderr


def _sums_unless_three(parts: list[list[int]]) -> list[int]:
    """A grouping task over parts that fails on the part holding 3, on any worker."""
    if any(3 in part for part in parts):
        raise ValueError("a part holds 3")
    return [sum(part) for part in parts]


@pytest.mark.parametrize("kind", ["dask", "pool", "inline"])
def test_a_part_that_keeps_failing_is_named_and_the_others_are_done(dask_executor, kind):
    if kind == "pool":
        with PoolExecutor(2) as pool:
            _check_failing_parts(pool, on_dask=False)
    else:
        _check_failing_parts(dask_executor if kind == "dask" else InlineExecutor(),
                             on_dask=kind == "dask")


def _check_failing_parts(executor, on_dask: bool) -> None:
    parts = [[1, 2], [3], [4, 5, 6], [7]]
    # all four parts in one task: it fails twice, then each part is tried alone
    done, failed = run_parts(executor, _sums_unless_three, parts, least=100)
    assert done == [3, None, 15, 7]
    assert [k for k, _ in failed] == [1]
    assert "ValueError: a part holds 3" in failed[0][1]
    assert ("after 2 tries on Dask workers" in failed[0][1]) == on_dask
    results = settled_map(executor, _fails_on_three, [2, 3, 4])
    assert results[0] == 20 and results[2] == 40 and isinstance(results[1], TaskFailure)
    assert results[1].index == 1 and "three is bad" in results[1].reason


def _fuse_failing_on(ref: tuple, parts: list[list[EventItem]]) -> list[list[Event]]:
    """The event fusion task, except that the part holding mention `ref` makes it raise."""
    if any(item.ref == ref for part in parts for item in part):
        raise RuntimeError(f"hostile part holding {ref[0]}")
    return event_groups.fuse_parts(parts)


def _events(store: Store) -> list[tuple]:
    return store.con.execute("SELECT * FROM events ORDER BY id").fetchall()


def _settled(store: Store) -> set[str]:
    return {r[0] for r in store.con.execute(
        "SELECT article FROM step_done WHERE step = 'event_groups'").fetchall()}


def test_a_failing_event_part_on_dask_is_recorded_kept_and_retried(dask_executor, tmp_path,
                                                                     monkeypatch):
    want = _run_and_export(InlineExecutor(), tmp_path, "base")
    db = tmp_path / "base.duckdb"
    with Store.open(db) as store:
        # a mention of the event with the most mentions (a part of several articles)
        ref = tuple(json.loads(store.con.execute(
            "SELECT mentions FROM events ORDER BY json_array_length(mentions) DESC, id LIMIT 1"
        ).fetchone()[0])[0][:3])
        article = ref[0]
        sources = dict(store.con.execute("SELECT source, id FROM articles").fetchall())
        before, settled = _events(store), _settled(store)
        # every event regrouped, the part holding `ref` failing on every try
        runner.forget(store, STEPS, "event_groups", None)
        monkeypatch.setattr(event_groups, "fuse_parts", partial(_fuse_failing_on, ref))
        reports = {r.name: r for r in pipeline.update(store, dask_executor)}
        assert set(reports) == {s.name for s in STEPS}  # the run went on to its end
        failures = reports["event_groups"].failures
        assert len(failures) == 1 and failures[0][0] in sources
        assert failures[0][1].startswith("a part of ")
        assert f"hostile part holding {article}" in failures[0][1]
        assert "after 2 tries on Dask workers" in failures[0][1]
        assert _events(store) == before  # the failed part's events stay as stored
        left = settled - _settled(store)
        assert article in left and left < settled  # the rest was regrouped and settled

        monkeypatch.undo()
        again = {r.name: r for r in pipeline.update(store, dask_executor)}
        assert again["event_groups"].ran and not again["event_groups"].failures
        assert _settled(store) == settled and _events(store) == before
        out = tmp_path / "again-export"
        export(store, out)
    for name, data in want.items():
        assert (out / name).read_bytes() == data, f"{name} differs after the retry"


def _facts_failing_on(article: str, item: tuple) -> tuple:
    """The facts task, except that it raises for `article` outside the step's own guard
    (as a task lost with its worker would fail)."""
    if item[0] == article:
        raise RuntimeError(f"hostile article {article}")
    return facts.facts_row(item)


def test_a_failing_article_task_on_dask_is_recorded_and_the_run_goes_on(dask_executor,
                                                                       tmp_path, monkeypatch):
    db = tmp_path / "facts.duckdb"
    with Store.open(db) as store:
        pipeline.ingest([EXAMPLES], store, InlineExecutor())
        pipeline.update(store, InlineExecutor())
        article, source = store.con.execute(
            "SELECT a.id, a.source FROM articles a JOIN quotes q ON q.article = a.id "
            "ORDER BY a.id LIMIT 1").fetchone()
        quotes = store.con.execute("SELECT count(*) FROM quotes").fetchone()[0]
        runner.forget(store, STEPS, "facts", None)
        monkeypatch.setattr(facts, "facts_row", partial(_facts_failing_on, article))
        reports = {r.name: r for r in pipeline.update(store, dask_executor)}
        assert set(reports) == {s.name for s in STEPS}  # the run went on to its end
        failures = reports["facts"].failures
        assert [f[0] for f in failures] == [source]
        assert f"hostile article {article}" in failures[0][1]
        assert "after 2 tries on Dask workers" in failures[0][1]
        kept = store.con.execute("SELECT count(*) FROM quotes").fetchone()[0]
        assert 0 < kept < quotes  # every other article's quotes are stored again
        assert store.con.execute("SELECT count(*) FROM quotes WHERE article = ?",
                                 [article]).fetchone()[0] == 0


def _extract_failing_on(name: str, doc):
    """The extraction task, except that it raises for the document whose source ends
    with `name` (extraction itself never raises: as a task lost with its worker)."""
    if doc.source.endswith(name):
        raise RuntimeError(f"hostile document {name}")
    return extract_step.extract_document(doc)


def test_a_failing_extraction_task_on_dask_is_a_failed_page_and_the_rest_is_stored(
        dask_executor, tmp_path, monkeypatch):
    # at ingest, Dask workers read and extract whole shards (tests below); one
    # extraction task a document is how `reextract` redoes stored documents
    name = sorted(p.name for p in EXAMPLES.iterdir() if p.suffix == ".html")[0]
    with Store.open(tmp_path / "ingest.duckdb") as store:
        pipeline.ingest([EXAMPLES], store, InlineExecutor())
        pipeline.reextract(store, everything=True)
        monkeypatch.setattr(extract_step, "extract_document", partial(_extract_failing_on, name))
        reports = {r.name: r for r in pipeline.update(store, dask_executor)}
        assert set(reports) == {s.name for s in STEPS}  # the run went on to its end
        hostile = [f for f in reports["extract"].failures if "hostile document" in f[1]]
        assert len(hostile) == 1 and hostile[0][0].endswith(name)
        source, why = hostile[0]
        assert "extraction task failed" in why and "after 2 tries on Dask workers" in why
        statuses = dict(store.con.execute("SELECT source, status FROM articles").fetchall())
        assert statuses.pop(source) == "failed"
        assert "ok" in statuses.values()


def _fingerprint_failing_on(article: str, row: tuple):
    """The fingerprint task, except that it raises for `article`."""
    if row[0] == article:
        raise RuntimeError(f"hostile text {article}")
    return copies_step.prepare(*row)


def _fingerprinted(store: Store) -> set[str]:
    return {r[0] for r in store.con.execute("SELECT article FROM fingerprints").fetchall()}


def test_a_failing_fingerprint_task_on_dask_is_recorded_and_tried_again(dask_executor, tmp_path,
                                                                        monkeypatch):
    with Store.open(tmp_path / "copies.duckdb") as store:
        pipeline.ingest([EXAMPLES], store, InlineExecutor())
        article, source = store.con.execute(
            "SELECT id, source FROM articles WHERE status = 'ok' ORDER BY id LIMIT 1").fetchone()
        monkeypatch.setattr(copies_step, "prepare_row", partial(_fingerprint_failing_on, article))
        reports = {r.name: r for r in pipeline.update(store, dask_executor)}
        assert set(reports) == {s.name for s in STEPS}  # the run went on to its end
        (where, why), = reports["copies"].failures
        assert where == source and f"hostile text {article}" in why
        assert "after 2 tries on Dask workers" in why
        done = _fingerprinted(store)
        assert article not in done and done  # every other article fingerprinted

        monkeypatch.undo()
        again = {r.name: r for r in pipeline.update(store, dask_executor)}
        assert again["copies"].ran and not again["copies"].failures
        assert _fingerprinted(store) == done | {article}


_ANALYSE_RUN = analysis.analyse_run


def _analyse_failing_on(marker: str, texts: list[str]) -> list:
    """The analysis task, except that a run holding the text with `marker` raises
    (outside spaCy's own work, as a task lost with its worker would fail)."""
    if any(marker in text for text in texts):
        raise RuntimeError("hostile run")
    return _ANALYSE_RUN(texts)


def _analysed(store: Store) -> set[str]:
    return {r[0] for r in store.con.execute("SELECT article FROM analyses").fetchall()}


def test_a_failing_analysis_task_on_dask_is_recorded_and_tried_again(dask_executor, tmp_path,
                                                                     monkeypatch):
    want = _run_and_export(InlineExecutor(), tmp_path, "inline")
    monkeypatch.setattr(analysis, "MIN_TEXTS_FOR_WORKERS", 1)
    with Store.open(tmp_path / "analysis.duckdb") as store:
        pipeline.ingest([EXAMPLES], store, InlineExecutor())
        article, source, text = store.con.execute(
            "SELECT id, source, text FROM articles WHERE status = 'ok' ORDER BY id LIMIT 1"
        ).fetchone()
        marker = text.split("\n")[0][:60]
        monkeypatch.setattr(analysis, "analyse_run",
                            partial(_analyse_failing_on, marker))
        reports = {r.name: r for r in pipeline.update(store, dask_executor)}
        assert set(reports) == {s.name for s in STEPS}  # the run went on to its end
        (where, why), = reports["analysis"].failures
        assert where == source and "RuntimeError: hostile run" in why
        assert "after 2 tries on Dask workers" in why
        done = _analysed(store)
        assert article not in done and done  # every other article analysed, its run too
        assert store.con.execute("SELECT count(*) FROM entity_mentions WHERE article = ?",
                                 [article]).fetchone()[0] == 0

        monkeypatch.undo()
        monkeypatch.setattr(analysis, "MIN_TEXTS_FOR_WORKERS", 1)
        again = {r.name: r for r in pipeline.update(store, dask_executor)}
        assert again["analysis"].processed == 1 and not again["analysis"].failures
        assert _analysed(store) == done | {article}
        out = tmp_path / "again-export"
        export(store, out)
    for name, data in want.items():
        assert (out / name).read_bytes() == data, f"{name} differs after the retry"


def _shards(root: Path) -> Path:
    """Several shards made of examples/: two folders of pages (the second repeating a
    page of the first under another name), the WARC and JSON Lines files, and bad
    shards: a truncated WARC, a WARC and a JSON Lines file of binary junk."""
    pages = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".html", ".txt"))
    for k, page in enumerate(pages):
        folder = root / ("a" if k < 4 else "b")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / page.name).write_bytes(page.read_bytes())
    (root / "b" / "00_again.html").write_bytes(pages[0].read_bytes())
    for name in ("crawl.warc.gz", "feed.jsonl"):
        (root / name).write_bytes((EXAMPLES / name).read_bytes())
    (root / "bad").mkdir()
    crawl = (EXAMPLES / "crawl.warc.gz").read_bytes()
    (root / "bad" / "truncated.warc.gz").write_bytes(crawl[: len(crawl) * 2 // 3])
    junk = bytes((k * 131 + 7) % 256 for k in range(3000))
    (root / "bad" / "junk.warc").write_bytes(junk)
    (root / "bad" / "junk.jsonl").write_bytes(junk)
    return root


def _ingest_and_export(executor, shards: Path, tmp: Path, name: str):
    out = tmp / f"{name}-export"
    with Store.open(tmp / f"{name}.duckdb") as store:
        summary = pipeline.ingest([shards], store, executor)
        pipeline.update(store, executor)
        export(store, out)
    return summary, {f"{n}.jsonl": (out / f"{n}.jsonl").read_bytes() for n in EXPORTS}


def _seconds(executor, fn: str) -> float:
    return sum(s["seconds"].get(fn, 0.0) for s in executor.stats().values())


def test_dask_reads_each_shard_on_a_worker_with_the_local_ids_and_export(dask_executor,
                                                                        tmp_path, monkeypatch):
    # every archive counted and cut into slices of 2 documents (read on the workers)
    monkeypatch.setattr(shard_plan, "SLICE_BYTES", 1)
    monkeypatch.setattr(shard_plan, "SLICE_DOCS", 2)
    shards = _shards(tmp_path / "in")
    plan = shard_plan.plan(discover([shards]).files)
    counts = {s: shard_plan.count_documents(s) for s in shard_plan.to_count(plan)}
    assert len(shard_plan.sliced(plan, counts)) > len(plan) == 7
    before = _seconds(dask_executor, "extract_shard")
    on_dask, got = _ingest_and_export(dask_executor, shards, tmp_path, "dask")
    assert _seconds(dask_executor, "extract_shard") > before  # the workers read the shards
    local, want = _ingest_and_export(InlineExecutor(), shards, tmp_path, "inline")

    assert on_dask == local  # same counts, and the same failures named the same way
    bad = {re.sub(r"[#:]\d+$", "", source) for source, _ in local.failures}
    assert {Path(s).name for s in bad} >= {"truncated.warc.gz", "junk.warc", "junk.jsonl"}
    assert any("truncated or corrupt WARC" in why for _, why in local.failures)
    assert local.ok >= 10 and local.skipped >= 1  # a repeated page or record is stored once
    for name in want:
        assert got[name] == want[name], f"{name} differs between the Dask and inline runs"
    assert b"/a/01_" in got["articles.jsonl"] and b"00_again" not in got["articles.jsonl"]


def _shard_failing_on(name: str, shard):
    """The shard task, except that it raises for the shard holding file `name` (as a
    task lost with its worker would fail)."""
    if any(f.name.endswith(name) for f in shard.files):
        raise RuntimeError(f"hostile shard {name}")
    return extract_step.extract_shard(shard)


def _shard_blind_to(name: str, shard):
    """The shard task on a worker that cannot see file `name` (no shared storage)."""
    got = extract_step.extract_shard(shard)
    return [None if f.name.endswith(name) else r for f, r in zip(shard.files, got, strict=True)]


def test_a_failing_shard_is_named_the_run_goes_on_and_a_run_again_reads_it(
        dask_executor, tmp_path, monkeypatch):
    shards = _shards(tmp_path / "in")
    local, want = _ingest_and_export(InlineExecutor(), shards, tmp_path, "inline")
    db = tmp_path / "dask.duckdb"
    with Store.open(db) as store:
        monkeypatch.setattr(pipeline.extract_step, "extract_shard",
                            partial(_shard_failing_on, "feed.jsonl"))
        summary = pipeline.ingest([shards], store, dask_executor)
        (where, why), = [f for f in summary.failures if "hostile" in f[1]]
        assert where == str(shards / "feed.jsonl")
        assert why.startswith("shard task failed (RuntimeError: hostile shard feed.jsonl")
        assert "after 2 tries on Dask workers" in why
        assert summary.ok == local.ok - 3  # every other shard was stored (feed: 3 pages)
        assert not store.con.execute("SELECT count(*) FROM documents WHERE source LIKE ?",
                                     ["%feed.jsonl%"]).fetchone()[0]
        (path, part, kept), = input_tables.failures(store)  # kept in the store, not only said
        assert (path, part, kept) == (where, "", why)
        pipeline.update(store, dask_executor)

        # a worker that cannot see a file: this process reads that one
        monkeypatch.setattr(pipeline.extract_step, "extract_shard",
                            partial(_shard_blind_to, "feed.jsonl"))
        again = pipeline.ingest([shards], store, dask_executor)
        assert again.ingested == 3 and not [f for f in again.failures if "hostile" in f[1]]
        assert input_tables.failures(store) == []  # read now: no longer missing
        pipeline.update(store, dask_executor)
        export(store, tmp_path / "again-export")
    for name, data in want.items():
        assert (tmp_path / "again-export" / name).read_bytes() == data, f"{name} differs"
