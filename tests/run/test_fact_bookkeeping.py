"""The fact_groups step's bookkeeping at scale: the entity ids of an article's in-article
keys are kept per article (read once, dropped when the article's inputs change), and the
scan for articles without grouping keys runs until it has keyed them all once."""

from __future__ import annotations

import shutil

from storyline.resolve.site_notes import site_key
from storyline.run.executors import InlineExecutor
from storyline.run.step import StepContext
from storyline.run.steps import STEPS
from storyline.run.steps.fact_groups import _quote_rows
from storyline.store import Store, fact_tables


def _copy(examples_run, tmp_path):
    db = tmp_path / "s.duckdb"
    shutil.copy(examples_run[1], db)
    return db


def _articles(store: Store) -> list[str]:
    return [r[0] for r in store.con.execute(
        "SELECT DISTINCT article FROM quotes UNION SELECT DISTINCT article FROM claims "
        "ORDER BY 1").fetchall()]


def test_kept_entity_ids_equal_those_read_from_the_analyses(examples_run, tmp_path):
    with Store.open(_copy(examples_run, tmp_path)) as store:
        ids = _articles(store)
        want = fact_tables.entity_ids(store, ids)
        assert want  # the examples name people by key in their quotes and claims
        fact_tables.forget_entity_ids(store, None)
        some = sorted(want)[::3] + [(ids[0], "no such key")]
        # read and kept (none kept yet), then read from the kept rows: only the pairs asked
        for _ in range(2):
            assert fact_tables.kept_entity_ids(store, ids, some) == {
                k: want[k] for k in some if k in want}
        assert fact_tables.kept_entity_ids(store, ids) == want
        kept = store.con.execute("SELECT count(*) FROM fact_entities").fetchone()[0]
        assert kept >= len(ids)  # a row marking each article done, and its keys
        # read again: from the kept rows, whatever the analyses now say
        store.con.execute("UPDATE analyses SET mentions = '[]'")
        assert fact_tables.kept_entity_ids(store, ids) == want
        assert fact_tables.entity_ids(store, ids) == {}
        # an article whose inputs changed is read again
        fact_tables.forget_entity_ids(store, ids[:1])
        got = fact_tables.kept_entity_ids(store, ids)
        assert got == {k: v for k, v in want.items() if k[0] != ids[0]}


def test_an_update_drops_the_kept_entity_ids_of_the_articles_it_redoes(examples_run,
                                                                     tmp_path):
    """The runner tells the step which articles' analyses or entities changed (its forget
    hook); their kept rows go, the others stay."""
    with Store.open(_copy(examples_run, tmp_path)) as store:
        ids = _articles(store)
        assert store.con.execute("SELECT count(DISTINCT article) FROM fact_entities"
                                 ).fetchone()[0] > 0  # kept by the run's fact_groups step
        step = next(s for s in STEPS if s.name == "fact_groups")
        step.forget(store, ids[:2])
        left = {r[0] for r in store.con.execute("SELECT article FROM fact_entities").fetchall()}
        assert not left & set(ids[:2])
        assert left


def test_the_scan_for_unkeyed_articles_stops_once_every_article_is_keyed(examples_run,
                                                                       tmp_path):
    with Store.open(_copy(examples_run, tmp_path)) as store:
        flag = store.con.execute("SELECT value FROM meta WHERE key = 'keys made: quote'"
                                 ).fetchone()
        assert flag == ("yes",)  # the run keyed every article once
        first = _articles(store)[0]
        store.con.execute("DELETE FROM group_keys WHERE kind = 'quote' AND article = ?",
                          [first])

        def rows(batch):
            return _quote_rows(list(fact_tables.quotes(store, batch)))

        fact_tables.update_keys(store, "quote", "quotes", "quote_groups", set(), rows, 100)
        assert fact_tables.unkeyed(store, "quote", "quotes") == {first}  # not looked for
        # a store whose keys were never all made (from before the flag) is scanned
        store.con.execute("DELETE FROM meta WHERE key = 'keys made: quote'")
        fact_tables.update_keys(store, "quote", "quotes", "quote_groups", set(), rows, 100)
        assert fact_tables.unkeyed(store, "quote", "quotes") == set()
        assert store.con.execute("SELECT value FROM meta WHERE key = 'keys made: quote'"
                                 ).fetchone() == ("yes",)



def test_site_keys_are_kept_per_article_and_made_for_a_store_without_them(examples_run,
                                                                         tmp_path):
    with Store.open(_copy(examples_run, tmp_path)) as store:
        want = {a: site_key(u, s) for a, u, s in store.con.execute(
            "SELECT id, url, site FROM articles WHERE status = 'ok'").fetchall()}
        assert dict(store.con.execute("SELECT article, site FROM article_sites").fetchall()
                    ) == want
        notes = store.con.execute("SELECT * FROM site_notes ORDER BY ALL").fetchall()
        # a store from before the kept keys, one article to redo: every key is made again
        store.con.execute("DELETE FROM article_sites")
        store.con.execute("DELETE FROM site_notes")
        first = sorted(want)[0]
        store.con.execute("DELETE FROM step_done WHERE step = 'site_notes' AND article = ?",
                          [first])
        step = next(s for s in STEPS if s.name == "site_notes")
        step.run(StepContext(store, InlineExecutor(), {}), None)
        assert dict(store.con.execute("SELECT article, site FROM article_sites").fetchall()
                    ) == want
        site = want[first]
        assert store.con.execute("SELECT * FROM site_notes ORDER BY ALL").fetchall() == [
            n for n in notes if want[n[0]] == site]  # the notes of that article's site
