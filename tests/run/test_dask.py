"""The Dask executor: a real `distributed.LocalCluster` with 2 worker processes runs
the pipeline over examples/ and gives byte-identical exports to the in-process run;
a task that fails once is retried, one that always fails is named in one error.

One cluster serves the whole module (it starts in about 1.5 s; every worker loads
the spaCy model once).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES, EXPORTS, storyline

from storyline.present.export import export
from storyline.run import pipeline
from storyline.run.executors import DaskExecutor, ExecutorError, InlineExecutor
from storyline.run.steps import analysis, events
from storyline.store import Store

pytest.importorskip("distributed")


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
