"""A whole fact_groups pass (no article taken in at the step's version: a new version, a
rebuild) reads every item at once instead of finding closed parts by keyed queries from
every article; both ways give the same groups, links and kept input digests, row for
row."""

from __future__ import annotations

import shutil

from storyline.run import runner
from storyline.run.executors import InlineExecutor
from storyline.run.step import StepContext
from storyline.run.steps import STEPS
from storyline.run.steps._affected import nothing_settled
from storyline.run.steps.fact_groups import NAME, VERSION
from storyline.store import Store, step_tables

STEP = next(s for s in STEPS if s.name == NAME)
TABLES = ("quote_groups", "claim_groups", "fact_links", "step_done", "step_digests")


def _regrouped(src, db, *, closure: bool) -> dict[str, list[tuple]]:
    shutil.copy(src, db)
    with Store.open(db) as store:
        before = {t: sorted(store.con.execute(f"SELECT * FROM {t}").fetchall()) for t in TABLES}
        runner.forget(store, STEPS, NAME, None)
        assert nothing_settled(store, NAME, VERSION)
        if closure:  # one record of an article the store does not hold: parts are searched
            store.con.execute("INSERT INTO step_done VALUES (?, 'no such article', ?)",
                              [NAME, VERSION])
            # and no article's inputs known: every one is regrouped, none settled as it is
            step_tables.forget_digests(store, NAME, None)
            assert not nothing_settled(store, NAME, VERSION)
        outcome = STEP.run(StepContext(store, InlineExecutor(), {}), None)
        assert outcome.processed > 0
        store.con.execute("DELETE FROM step_done WHERE article = 'no such article'")
        after = {t: sorted(store.con.execute(f"SELECT * FROM {t}").fetchall()) for t in TABLES}
    assert after == before  # the run's own groups, made again
    return after


def test_a_whole_pass_equals_the_keyed_closure_from_every_article(examples_run, tmp_path):
    whole = _regrouped(examples_run[1], tmp_path / "whole.duckdb", closure=False)
    parts = _regrouped(examples_run[1], tmp_path / "parts.duckdb", closure=True)
    assert whole == parts
    assert whole["quote_groups"] and whole["claim_groups"]
