"""fact_groups regroups only the handed articles whose grouping inputs changed.

The entities step hands on every stored article whose entity rows moved; fact grouping
reads only the entity ids its quotes' and claims' keys name (with the items, independence
keys and reference dates), so an article whose items name the same ids as before is
settled as it is, by a digest of those inputs kept per article (`step_digests`).

The base corpus is examples/ (fictional). The update, written for this test in the same
invented world, names Tomas Varel in full as "Tomas Andrei Varel" so often that this
becomes his entity's name (and id) in every article naming him: the base articles that
quote him (his id in their quotes' keys) must be regrouped, with the new id; those that
only mention him are handed on too but read the same ids, so are not regrouped. Either
way the store ends up as a whole rebuild leaves it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import export_bytes, fresh_export

from storyline.present.export import FILES
from storyline.run import pipeline, runner
from storyline.run.executors import InlineExecutor
from storyline.run.step import StepContext
from storyline.run.steps import STEPS
from storyline.run.steps.fact_groups import NAME
from storyline.store import Store, fact_tables, step_tables

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
STEP = next(s for s in STEPS if s.name == NAME)


def _record(slug: str, day: str, title: str, paras: list[str]) -> dict:
    return {"url": f"https://ostrevianherald.example/{day}/{slug}", "title": title,
            "published": f"{day}T07:00:00Z", "site": "Ostrevian Herald",
            "text": "\n".join(paras)}


RENAME = [
    _record("varel-profile", "2031-06-22", "President Tomas Andrei Varel at sixty", [
        "AUREL (OH) - President Tomas Andrei Varel turned sixty on Sunday. President Tomas "
        "Andrei Varel has led Ostrevia since 2024.",
        "Aides said President Tomas Andrei Varel would spend the day in Aurel.",
        "Critics of President Tomas Andrei Varel held a rally outside the palace.",
    ]),
    _record("varel-cabinet", "2031-06-22", "Varel names a new cabinet", [
        "AUREL (OH) - President Tomas Andrei Varel named a new cabinet on Sunday.",
        "The new ministers swore an oath to President Tomas Andrei Varel in the palace.",
        "President Tomas Andrei Varel kept his foreign minister, aides said.",
        "Opponents said President Tomas Andrei Varel had changed nothing.",
    ]),
    _record("varel-travel", "2031-06-23", "Varel plans a tour of the provinces", [
        "AUREL (OH) - President Tomas Andrei Varel will tour the eastern provinces in July.",
        "Governors said they would welcome President Tomas Andrei Varel in every town.",
        "President Tomas Andrei Varel last toured the provinces in 2029.",
    ]),
]


def _varel(store: Store) -> tuple[str, str]:
    return store.con.execute("SELECT id, name FROM entities WHERE type = 'person' AND name "
                             "LIKE 'Tomas%Varel'").fetchone()


def _naming(store: Store, entity: str) -> set[str]:
    """Articles with an entity row of `entity` (the entities step hands them on)."""
    return {r[0] for r in store.con.execute(
        "SELECT DISTINCT article FROM entity_mentions WHERE entity = ?", [entity]).fetchall()}


def _quoting(store: Store, entity: str) -> set[str]:
    """Articles whose quotes' or claims' in-article keys name `entity` (what grouping
    reads of their entities)."""
    return {r[0] for r in store.con.execute(
        "WITH k AS (SELECT article, json_extract_string(data, '$.speaker_key') AS k FROM "
        "quotes UNION ALL SELECT article, json_extract_string(data, '$.source_key') FROM "
        "claims UNION ALL SELECT article, json_extract_string(data, '$.subject_key') FROM "
        "claims) SELECT DISTINCT k.article FROM k JOIN fact_entities f ON f.article = "
        "k.article AND f.key = k.k WHERE f.entity = ?", [entity]).fetchall()}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("digests")
    base = tmp / "base"
    shutil.copytree(EXAMPLES, base, ignore=shutil.ignore_patterns("README.md", "*.py"))
    new = tmp / "new"
    new.mkdir()
    (new / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in RENAME),
                                    encoding="utf-8")
    out: dict = {"tmp": tmp}
    with Store.open(tmp / "inc.duckdb") as store:
        pipeline.ingest([base], store)
        pipeline.update(store)
        out["before"] = _varel(store)
        out["naming"] = _naming(store, out["before"][0])
        out["quoting"] = _quoting(store, out["before"][0])
        pipeline.ingest([new], store)
        out["report"] = next(r for r in pipeline.update(store) if r.name == NAME)
        out["new"] = {r[0] for r in store.con.execute(
            "SELECT id FROM articles WHERE url LIKE 'https://ostrevianherald.example/%'"
        ).fetchall()}
        out["new_items"] = {r[0] for r in store.con.execute(
            "SELECT article FROM quotes UNION SELECT article FROM claims").fetchall()
            } & out["new"]
        out["after"] = _varel(store)
        out["speakers"] = {r[0] for r in store.con.execute(
            "SELECT DISTINCT speaker FROM quote_groups").fetchall()}
        out["export"] = export_bytes(store, tmp / "inc-export")
    out["fresh"] = fresh_export(tmp, [base, new])
    return out


def test_the_update_renames_him_in_every_article_naming_him(run):
    (old_id, old_name), (new_id, new_name) = run["before"], run["after"]
    assert (old_name, new_name) == ("Tomas Varel", "Tomas Andrei Varel")
    assert old_id != new_id
    # some base articles quote him, others only name him
    assert run["quoting"] and run["quoting"] < run["naming"]


def test_only_the_articles_whose_items_name_him_are_regrouped(run):
    found = run["report"].found
    assert len(run["new"]) == len(RENAME)
    new_with_items = len(run["new_items"])
    assert found["articles handed"] >= len(run["naming"]) + new_with_items
    assert found["articles regrouped"] == len(run["quoting"]) + new_with_items
    assert found["articles regrouped"] < found["articles handed"]
    assert found["groups regrouped"] > 0
    # his quotes are regrouped under his new id; none keeps the old one
    assert run["after"][0] in run["speakers"] and run["before"][0] not in run["speakers"]


def test_the_update_equals_a_whole_rebuild(run):
    for name in FILES:
        assert run["export"][name] == run["fresh"][name], f"{name} differs from a rebuild"


def _groups(store: Store) -> list[list[tuple]]:
    return [sorted(store.con.execute(f"SELECT * FROM {t}").fetchall())
            for t in ("quote_groups", "claim_groups", "fact_links", "step_digests")]


def _step(store: Store):
    return STEP.run(StepContext(store, InlineExecutor(), {}), None)


def test_handed_articles_with_the_same_inputs_are_settled_without_regrouping(run, tmp_path):
    db = tmp_path / "s.duckdb"
    shutil.copy(run["tmp"] / "inc.duckdb", db)
    with Store.open(db) as store:
        before = _groups(store)
        ids = sorted(run["naming"])
        runner.forget(store, STEPS, NAME, ids)  # as the entities step's cascade does
        outcome = _step(store)
        assert not outcome.wrote and outcome.processed == 0
        assert outcome.found["articles handed"] == len(ids)
        assert outcome.found["articles regrouped"] == 0
        assert _groups(store) == before
        assert not fact_tables.unsettled(store, NAME, STEP.version, ("quote", "claim"),
                                         ("quotes", "claims"))


def test_an_article_whose_items_are_gone_is_regrouped_as_a_whole_pass_would(run, tmp_path):
    db = tmp_path / "s.duckdb"
    shutil.copy(run["tmp"] / "inc.duckdb", db)
    with Store.open(db) as store:
        gone = sorted(run["quoting"])[0]
        before = _groups(store)
        fact_tables.forget(store, [gone])  # its facts dropped (a new text, a failed one)
        runner.forget(store, STEPS, NAME, [gone])
        outcome = _step(store)
        assert outcome.found["articles regrouped"] == 1
        assert gone not in step_tables.digests(store, NAME)
        got = _groups(store)
        runner.forget(store, STEPS, NAME, None)
        _step(store)
        assert _groups(store) == got
        # no link to its quotes or claims is left (its events' links are event fusion's)
        assert not [r for r in got[2] if r[2] == gone and r[0] in ("quote", "claim")]
        assert [r for r in before[2] if r[2] == gone and r[0] == "quote"]


def test_a_part_that_fails_keeps_its_articles_digests_until_it_is_regrouped(run, tmp_path,
                                                                          monkeypatch):
    """A part whose task fails keeps its stored groups, and its changed article keeps the
    digest of the inputs those groups were made from: the next update sees it changed."""
    from storyline.run.steps import fact_groups

    db = tmp_path / "s.duckdb"
    shutil.copy(run["tmp"] / "inc.duckdb", db)
    with Store.open(db) as store:
        gone = sorted(run["quoting"])[0]
        kept = step_tables.digests(store, NAME, [gone])
        assert kept
        fact_tables.forget(store, [gone])
        runner.forget(store, STEPS, NAME, [gone])
        regroup = fact_groups.group_quote_parts

        def failing(parts):
            raise RuntimeError("a hostile part")

        monkeypatch.setattr(fact_groups, "group_quote_parts", failing)
        outcome = _step(store)
        assert outcome.failures and "was not regrouped" in outcome.failures[0][1]
        assert step_tables.digests(store, NAME, [gone]) == kept
        assert gone in fact_tables.unsettled(store, NAME, STEP.version, ("quote", "claim"),
                                             ("quotes", "claims"))
        monkeypatch.setattr(fact_groups, "group_quote_parts", regroup)
        outcome = _step(store)
        assert not outcome.failures and outcome.found["articles regrouped"] >= 1
        assert not step_tables.digests(store, NAME, [gone])
        got = _groups(store)
        runner.forget(store, STEPS, NAME, None)
        _step(store)
        assert _groups(store) == got


def test_an_article_whose_quotes_alone_changed_regroups_no_claim(run, tmp_path):
    """The quotes' and the claims' inputs are kept apart: a speaker whose mentions move to
    another entity (as the entities step would move them) regroups the article's quotes;
    its claims, which name someone else or no one, keep their groups, rows and all."""
    db = tmp_path / "s.duckdb"
    shutil.copy(run["tmp"] / "inc.duckdb", db)
    with Store.open(db) as store:
        article, entity = store.con.execute(
            "SELECT q.article, f.entity FROM quotes q JOIN fact_entities f ON f.article = "
            "q.article AND f.key = json_extract_string(q.data, '$.speaker_key') "
            "WHERE q.article IN (SELECT article FROM claims) AND f.entity NOT IN (SELECT "
            "f2.entity FROM claims c JOIN fact_entities f2 ON f2.article = c.article AND "
            "f2.key IN (json_extract_string(c.data, '$.source_key'), "
            "json_extract_string(c.data, '$.subject_key')) WHERE c.article = q.article) "
            "ORDER BY 1, 2 LIMIT 1").fetchone()
        rows = {t: dict(store.con.execute(f"SELECT id, rowid FROM {t}").fetchall())
                for t in ("quote_groups", "claim_groups")}
        store.con.execute("UPDATE entity_mentions SET entity = entity || '-moved' "
                          "WHERE article = ? AND entity = ?", [article, entity])
        runner.forget(store, STEPS, NAME, [article])
        outcome = _step(store)
        assert outcome.found["articles regrouped"] == 1
        after = {t: dict(store.con.execute(f"SELECT id, rowid FROM {t}").fetchall())
                 for t in ("quote_groups", "claim_groups")}
        assert after["claim_groups"] == rows["claim_groups"]
        assert after["quote_groups"] != rows["quote_groups"]
        assert store.con.execute("SELECT count(*) FROM quote_groups WHERE speaker = ?",
                                 [entity + "-moved"]).fetchone()[0] > 0
        got = _groups(store)
        runner.forget(store, STEPS, NAME, None)
        _step(store)
        assert _groups(store) == got
