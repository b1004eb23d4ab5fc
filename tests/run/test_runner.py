"""The runner owns staleness: declared steps, versions, inputs, incremental groups.

Built in-process on examples/ (the project's own fictional corpus) and on
fictional pages from tests/pages.py.
"""

from __future__ import annotations

import dataclasses
import shutil

import pytest
from conftest import ROOT
from pages import news_page, paragraphs

from storyline.resolve.entities import Alias
from storyline.run import pipeline, runner
from storyline.run.executors import PoolExecutor, split
from storyline.run.step import Outcome, Step
from storyline.run.steps import STEPS, markdown
from storyline.run.steps.analysis import analyse_run
from storyline.store import Store

EXAMPLES = ROOT / "examples"


def _ran(reports) -> set[str]:
    return {r.name for r in reports if r.ran}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A store of examples/ brought fully up to date once; tests work on copies."""
    db = tmp_path_factory.mktemp("built") / "examples.duckdb"
    with Store.open(db) as store:
        pipeline.ingest([EXAMPLES], store)
        first = pipeline.update(store)
    assert _ran(first) == {s.name for s in STEPS} - {"extract"}  # extract ran in ingest
    return db


@pytest.fixture
def store(built, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copy(built, db)
    with Store.open(db) as opened:
        yield opened


def _with_version(name: str, version: str) -> list[Step]:
    return [dataclasses.replace(s, version=version) if s.name == name else s for s in STEPS]


def test_steps_are_declared_once_and_ordered_by_what_they_read():
    names = [s.name for s in STEPS]
    assert names[0] == "extract"
    assert len(set(names)) == len(names)
    written_before = {"documents", "raw"}  # written by ingest
    for step in STEPS:
        assert set(step.reads) <= written_before | {t for s in STEPS for t in s.writes}
        unmet = set(step.reads) - written_before
        assert not unmet, f"{step.name} reads {unmet} before any step writes them"
        written_before |= set(step.writes)
    assert {s.scope for s in STEPS} == {"article", "corpus"}


def test_a_cycle_between_steps_is_refused():
    def noop(ctx, items):
        return Outcome()

    a = Step("a", "1", "corpus", reads=("y",), writes=("x",), doc="", run=noop)
    b = Step("b", "1", "corpus", reads=("x",), writes=("y",), doc="", run=noop)
    with pytest.raises(runner.StepOrderError, match="cycle"):
        runner.ordered([a, b])


def test_nothing_runs_when_nothing_changed(store):
    reports = pipeline.update(store)
    assert _ran(reports) == set()
    assert all(r.reason == "up to date" for r in reports)
    assert {p.work for p in runner.plan(store, STEPS)} == {"up to date"}


def test_a_new_facts_version_redoes_facts_and_their_readers_only(store):
    quotes_before = store.con.execute("SELECT count(*) FROM quotes").fetchone()[0]
    steps = _with_version("facts", "test-2")
    plan = {p.name: p.work for p in runner.plan(store, steps)}
    assert plan["facts"] == "10 articles to do"
    assert plan["analysis"] == plan["entities"] == plan["copies"] == "up to date"
    reports = {r.name: r for r in pipeline.update(store, steps=steps)}
    assert _ran(reports.values()) == {"facts", "fact_groups", "stories", "events",
                                      "event_groups"}
    assert reports["facts"].processed == 10
    assert reports["fact_groups"].reason == "new output of facts"
    # same rules, same facts: the rerun gives back what was there
    assert store.con.execute("SELECT count(*) FROM quotes").fetchone()[0] == quotes_before
    assert _ran(pipeline.update(store, steps=steps)) == set()


def test_a_new_analysis_version_redoes_analysis_and_everything_that_reads_it(store):
    steps = _with_version("analysis", "test-3")
    reports = {r.name: r for r in pipeline.update(store, steps=steps)}
    assert _ran(reports.values()) == {"analysis", "entities", "facts", "fact_groups", "stories",
                                      "events", "event_groups"}
    assert reports["analysis"].processed == reports["facts"].processed == 10
    assert not reports["copies"].ran


def test_reextract_all_redoes_every_step_that_reads_the_text(store):
    documents = store.counts()["documents"]
    assert pipeline.reextract(store, everything=True) == documents
    reports = {r.name: r for r in pipeline.update(store)}
    assert _ran(reports.values()) == {s.name for s in STEPS}
    assert reports["extract"].processed == documents
    assert reports["copies"].processed == 10  # the index was rebuilt from the new texts
    assert reports["copies"].found["copy groups"] == 1


def test_an_alias_table_is_kept_and_only_a_new_one_makes_entities_stale(store):
    table = {"meridian wire": Alias("Meridian Wire Service", "org")}
    reports = pipeline.update(store, options={"aliases": table})
    assert _ran(reports) >= {"entities"} and "analysis" not in _ran(reports)
    assert _ran(pipeline.update(store)) == set()  # no option: the stored table stands
    assert _ran(pipeline.update(store, options={"aliases": table})) == set()


def _page_files(folder, specs):
    folder.mkdir(parents=True, exist_ok=True)
    for name, seed, site in specs:
        (folder / f"{name}.html").write_text(news_page(
            seed, title=f"Harbour plan {seed} as told by {site}", body=paragraphs(seed, 8),
            site=site, url=f"https://{site.lower().replace(' ', '-')}.example/{name}"),
            encoding="utf-8")


def test_new_articles_rebuild_only_the_copy_groups_they_join(tmp_path):
    first = tmp_path / "first"
    _page_files(first, [("a1", 101, "Valmora Ledger"), ("a2", 101, "Brindle Post"),
                        ("b1", 202, "Valmora Ledger"), ("b2", 202, "Brindle Post"),
                        ("c1", 303, "Valmora Ledger")])
    with Store.open(tmp_path / "s.duckdb") as store:
        pipeline.ingest([first], store)
        pipeline.update(store)
        groups = dict(store.con.execute(
            "SELECT id, rowid FROM copy_groups").fetchall())
        assert len(groups) == 2
        rows_before = dict(store.con.execute(
            "SELECT article, rowid FROM article_copies").fetchall())

        second = tmp_path / "second"
        _page_files(second, [("a3", 101, "Harbor Courier")])
        pipeline.ingest([second], store)
        reports = {r.name: r for r in pipeline.update(store)}

        assert reports["copies"].processed == 1
        assert reports["copies"].found["copy groups rebuilt"] == 1
        after = dict(store.con.execute("SELECT id, rowid FROM copy_groups").fetchall())
        assert len(after) == 2
        kept = set(groups) & set(after)
        assert len(kept) == 1  # group b: untouched, the same stored row
        (b_group,) = kept
        assert after[b_group] == groups[b_group]
        sizes = dict(store.con.execute("SELECT id, size FROM copy_groups").fetchall())
        assert sorted(sizes.values()) == [2, 3]
        rows_after = dict(store.con.execute(
            "SELECT article, rowid FROM article_copies").fetchall())
        untouched = [a for (a,) in store.con.execute(
            "SELECT article FROM article_copies WHERE copy_group = ? OR copy_group IS NULL",
            [b_group]).fetchall()]
        assert len(untouched) == 3  # b1, b2 and the lone c1
        assert all(rows_after[a] == rows_before[a] for a in untouched)


def test_analysis_in_two_worker_processes_gives_the_same_analyses(store):
    texts = [t for _, t in store.con.execute(
        "SELECT id, text FROM articles WHERE status = 'ok' ORDER BY id").fetchall()]
    inline = analyse_run(texts)
    with PoolExecutor(2) as pool:
        runs = pool.map(analyse_run, split(texts, pool.workers))
    assert len(runs) == 2
    assert [a for run in runs for a in run] == inline


def test_split_keeps_order_and_balances():
    parts = split(list(range(10)), 3)
    assert parts == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]
    assert split([], 4) == []
    assert split([1], 4) == [[1]]


def test_the_architecture_doc_lists_the_declared_steps():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = doc.split("<!-- steps:begin -->\n", 1)[1].split("<!-- steps:end -->", 1)[0]
    assert table == markdown()
    for step in STEPS:
        assert f"| `{step.name}` |" in table


def test_an_interrupted_update_is_known_and_the_next_one_finishes_it(store):
    def broken(ctx, items):
        raise RuntimeError("killed midway")

    steps = [dataclasses.replace(s, version="test-4", run=broken) if s.name == "stories"
             else dataclasses.replace(s, version="test-4") if s.name == "facts" else s
             for s in STEPS]
    with pytest.raises(RuntimeError, match="killed midway"):
        pipeline.update(store, steps=steps)
    assert runner.interrupted(store)
    plan = {p.name: p.work for p in runner.plan(store, steps)}
    assert plan["facts"] == "up to date" and plan["stories"].startswith("stale")
    reports = {r.name: r for r in pipeline.update(store, steps=_with_version("facts", "test-4"))}
    assert _ran(reports.values()) == {"stories"}
    assert not runner.interrupted(store)


def test_the_cyclic_collector_pauses_while_a_corpus_step_runs_and_resumes_after(store):
    """A corpus step keeps many records alive till it ends: the collector is paused
    while it runs (and only then), and is as it was after, even when the step fails."""
    import gc

    seen: dict[str, bool] = {}

    def watch(step: Step) -> Step:
        def run(ctx, items):
            seen[step.name] = gc.isenabled()
            return step.run(ctx, items)
        return dataclasses.replace(step, run=run)

    steps = [watch(s) if s.name in ("facts", "stories") else s
             for s in _with_version("stories", "test")]
    steps = [dataclasses.replace(s, version="test") if s.name == "facts" else s
             for s in steps]
    assert gc.isenabled()
    pipeline.update(store, steps=steps)
    assert seen == {"facts": True, "stories": False} and gc.isenabled()

    def fail(ctx, items):
        raise RuntimeError("a corpus step that fails")

    broken = [dataclasses.replace(s, run=fail, version="broken") if s.name == "stories"
              else s for s in STEPS]
    with pytest.raises(RuntimeError, match="fails"):
        pipeline.update(store, steps=broken)
    assert gc.isenabled()
