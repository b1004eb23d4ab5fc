"""Incremental updates: adding articles regroups only what they touch, and the store
ends up exactly as a whole rebuild leaves it.

The base corpus is examples/ (fictional); the updates below are fictional articles
written for this test, in the same invented world: they repeat quotes and figures of
the base articles, report the same visit and accusations, and three name Orsa Kadeny
in full so often that her full name becomes the one written most, which changes her
entity's canonical name (and id) in every article. The last
one joins two stories that were apart (Caldenia's protest and Port Ilven's harbour
fees) into one.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from storyline.present.export import FILES, export
from storyline.resolve.stories import Story
from storyline.run import pipeline, runner
from storyline.run.steps import STEPS
from storyline.store import Store, story_tables

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _record(slug: str, site: str, day: str, title: str, paras: list[str]) -> dict:
    return {"url": f"https://{site.lower().replace(' ', '')}.example/{day}/{slug}",
            "title": title, "published": f"{day}T09:00:00Z", "site": site,
            "text": "\n".join(paras)}


UPDATE_1 = [
    _record("varel-signs", "Ilven Courier", "2031-06-19", "Varel and Kadeny sign agreement", [
        "PELMORA (IC) - Ostrevian President Tomas Varel and Veskarian leader Orsa Kadeny "
        "signed a cooperation agreement in Pelmora on Wednesday.",
        "\"Our friendship does not need anyone's permission,\" Varel said after the signing, "
        "repeating the words he used at the airport.",
        "Ostrevian presidential spokesman Dmitar Solen said about 7,000 containers of goods "
        "would cross the border each month under the agreement.",
        "Caldenia accused Veskaria of supplying Ostrevia with artillery shells.",
    ]),
    _record("caldenia-protest", "Marrow Post", "2031-06-19", "Caldenia protests the summit", [
        "DUNEHOLT (MP) - Caldenia summoned the Veskarian ambassador on Thursday to protest "
        "against the summit between Tomas Varel and Orsa Kadeny.",
        "\"This agreement arms a war against our people,\" Caldenian foreign minister Ilse "
        "Marrek told reporters in Duneholt.",
        "Marrek said 9,000 containers of artillery shells had crossed the border since "
        "March, a figure Veskaria denies.",
    ]),
    _record("harbour-fees", "Kestrel Ledger", "2031-06-20", "Port Ilven raises harbour fees", [
        "PORT ILVEN (KL) - The harbour authority of Port Ilven raised its fees on Friday.",
        "\"We have waited long enough for clarity,\" harbour master Benedek Aran said.",
        "The authority said about 1,200 ships used the harbour last year.",
    ]),
]

UPDATE_2 = [
    _record("kadeny-profile", "Ilven Courier", "2031-06-21", "Who is Orsa Lenka Kadeny?", [
        "PELMORA (IC) - Veskarian leader Orsa Lenka Kadeny, 61, has led Veskaria for eleven "
        "years. President Orsa Lenka Kadeny met Tomas Varel twice before this week's summit, "
        "aides said.",
        "\"Our friendship does not need anyone's permission,\" Varel told Orsa Lenka Kadeny "
        "at the welcome ceremony in Pelmora.",
        "Caldenia accused Veskaria of supplying Ostrevia with artillery shells, and Kadeny "
        "denied it on Saturday.",
    ]),
    # the Courier's style names her in full every time: with these its full name is the
    # one written most often, so it becomes her entity's name
    _record("kadeny-timeline", "Ilven Courier", "2031-06-21", "Eleven years in power", [
        "PELMORA (IC) - President Orsa Lenka Kadeny, who turns 62 in August, said on "
        "Saturday that she would stand for a third term.",
        "\"I have more to do,\" President Orsa Lenka Kadeny said.",
        "Her rival, Halvor Brenn, said President Orsa Lenka Kadeny had ruled too long.",
        "Veskarian leader Orsa Lenka Kadeny won her second term in 2028, aides said.",
    ]),
    _record("kadeny-speech", "Ilven Courier", "2031-06-21", "Kadeny addresses parliament", [
        "PELMORA (IC) - President Orsa Lenka Kadeny told parliament on Saturday that the "
        "summit had made Veskaria safer.",
        "Opposition members heckled President Orsa Lenka Kadeny twice, she said later.",
        "\"The agreement will be published in full,\" President Orsa Lenka Kadeny said.",
        "Aides said President Orsa Lenka Kadeny would travel to Sennland in July.",
    ]),
    _record("harbour-fees-2", "Marrow Post", "2031-06-21", "Ship owners protest harbour fees", [
        "PORT ILVEN (MP) - Ship owners protested against the new harbour fees of Port Ilven.",
        "The harbour authority said about 1,500 ships used the harbour last year.",
    ]),
]

UPDATE_3 = [
    _record("varel-signs-copy", "Duneholt Daily", "2031-06-19",
            "Varel and Kadeny sign agreement", UPDATE_1[0]["text"].split("\n")),
]

UPDATE_4 = [  # a bridge: Caldenia's protest (UPDATE_1) meets Port Ilven's harbour fees
    _record("caldenia-harbour", "Kestrel Ledger", "2031-06-22",
            "Caldenia joins ship owners against Port Ilven harbour fees", [
                "PORT ILVEN (KL) - Caldenian foreign minister Ilse Marrek joined ship owners "
                "in Port Ilven on Sunday to protest against the new harbour fees, days after "
                "Caldenia summoned the Veskarian ambassador over the summit.",
                "\"These harbour fees arm a war against our people,\" Marrek told reporters "
                "in Duneholt.",
                "Harbour master Benedek Aran said the harbour authority of Port Ilven would "
                "keep its fees.",
            ]),
]

FAR = [  # months later: the same harbour, another development
    _record("harbour-regatta", "Ilven Courier", "2031-10-02", "Port Ilven holds autumn regatta", [
        "PORT ILVEN (IC) - Port Ilven held its autumn regatta on Thursday, with 40 boats "
        "from six harbours.",
        "\"The water was kind to us this year,\" regatta judge Mirela Tosk said.",
    ]),
]

#: Tables whose rows an update leaves alone outside what it touches.
KEPT = ("quote_groups", "claim_groups", "events", "stories")


def _write(folder: Path, records: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "feed.jsonl", "w", encoding="utf-8") as out:
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    return folder


def _export(store: Store, out: Path) -> dict[str, bytes]:
    export(store, out)
    return {name: (out / name).read_bytes() for name in FILES}


def _fresh(tmp: Path, name: str, folders: list[Path]) -> dict[str, bytes]:
    with Store.open(tmp / f"{name}.duckdb") as store:
        pipeline.ingest(folders, store)
        pipeline.update(store)
        return _export(store, tmp / f"{name}-export")


def _same(got: dict[str, bytes], want: dict[str, bytes]) -> None:
    for name in FILES:
        assert got[name] == want[name], f"{name} differs from a whole rebuild"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """One store updated four times, with its exports and stored rows along the way."""
    tmp = tmp_path_factory.mktemp("incremental")
    base = tmp / "base"
    shutil.copytree(EXAMPLES, base, ignore=shutil.ignore_patterns("README.md", "*.py"))
    updates = [_write(tmp / f"u{n}", recs)
               for n, recs in enumerate((UPDATE_1, UPDATE_2, UPDATE_3, UPDATE_4), 1)]
    out: dict = {"tmp": tmp, "base": base, "updates": updates, "exports": [], "reports": [],
                 "rows": [], "story_of": [], "labels": []}
    with Store.open(tmp / "inc.duckdb") as store:
        pipeline.ingest([base], store)
        pipeline.update(store)
        for n, folder in enumerate(updates):
            out["rows"].append({t: dict(store.con.execute(f"SELECT id, rowid FROM {t}")
                                        .fetchall())
                                for t in KEPT})
            pipeline.ingest([folder], store)
            out["reports"].append({r.name: r for r in pipeline.update(store)})
            out["exports"].append(_export(store, tmp / f"inc-export-{n}"))
            out["story_of"].append(dict(store.con.execute(
                "SELECT a.url, s.story FROM article_stories s JOIN articles a "
                "ON a.id = s.article WHERE a.url IS NOT NULL").fetchall()))
            out["labels"].append(dict(store.con.execute("SELECT id, label FROM stories")
                                      .fetchall()))
        out["people"] = dict(store.con.execute(
            "SELECT name, id FROM entities WHERE type = 'person'").fetchall())
        out["final_rows"] = {t: dict(store.con.execute(f"SELECT id, rowid FROM {t}")
                                     .fetchall())
                             for t in KEPT}
        for step in STEPS:  # the same store, every corpus step redone from scratch
            if step.scope == "corpus" and step.name != "copies":
                runner.forget(store, STEPS, step.name, None)
        pipeline.update(store)
        out["regrouped"] = _export(store, tmp / "regrouped-export")
    return out


def test_an_update_equals_a_whole_rebuild_of_the_same_articles(runs):
    tmp, base, updates = runs["tmp"], runs["base"], runs["updates"]
    _same(runs["exports"][0], _fresh(tmp, "fresh1", [base, updates[0]]))
    _same(runs["exports"][-1], _fresh(tmp, "fresh4", [base, *updates]))


def test_regrouping_the_updated_store_from_scratch_changes_nothing(runs):
    _same(runs["exports"][-1], runs["regrouped"])


def test_an_article_that_names_an_entity_in_full_renames_it_everywhere(runs):
    assert "Orsa Lenka Kadeny" in runs["people"]
    assert "Orsa Kadeny" not in runs["people"]
    renamed = runs["people"]["Orsa Lenka Kadeny"].encode()
    assert renamed not in runs["exports"][0]["entities.jsonl"]
    # the second update renames her: base articles now name the new id in their events
    assert renamed in runs["exports"][1]["entities.jsonl"]
    assert renamed in runs["exports"][1]["events.jsonl"]
    assert renamed in runs["exports"][1]["stories.jsonl"]  # the summit story's label
    assert runs["reports"][1]["fact_groups"].found["groups regrouped"] > 0


def _rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    """Groups written by the update: new ids, or ids whose row was dropped and added."""
    return {g for g, row in after.items() if before.get(g) != row}


def test_an_update_regroups_only_the_groups_new_articles_touch(runs):
    for n, reports in enumerate(runs["reports"]):
        after = runs["rows"][n + 1] if n + 1 < len(runs["rows"]) else runs["final_rows"]
        before = runs["rows"][n]
        facts, events = reports["fact_groups"].found, reports["event_groups"].found
        written = (_rewritten(before["quote_groups"], after["quote_groups"])
                   | _rewritten(before["claim_groups"], after["claim_groups"]))
        assert len(written) == facts["groups regrouped"] > 0
        assert facts["groups regrouped"] < facts["quotes"] + facts["claim groups"]
        assert len(_rewritten(before["events"], after["events"])) == events["events fused"]
        assert events["events fused"] < events["events"]


def test_an_update_with_nothing_new_regroups_nothing(runs, tmp_path):
    db = tmp_path / "again.duckdb"
    shutil.copy(runs["tmp"] / "inc.duckdb", db)
    with Store.open(db) as store:
        reports = {r.name: r for r in pipeline.update(store)}
    assert not reports["fact_groups"].ran and not reports["event_groups"].ran
    assert not reports["stories"].ran


def test_an_article_that_bridges_two_stories_joins_them_into_one(runs):
    before, after = runs["story_of"][2], runs["story_of"][3]
    protest = "https://marrowpost.example/2031-06-19/caldenia-protest"
    fees = "https://kestrelledger.example/2031-06-20/harbour-fees"
    bridge = "https://kestrelledger.example/2031-06-22/caldenia-harbour"
    summit = "https://ilvencourier.example/2031-06-19/varel-signs"
    assert before[protest] != before[fees]
    assert after[protest] == after[fees] == after[bridge] != after[summit]
    # the two stories it joined are gone; the summit story keeps its articles, and its
    # row unless its label moved (a label is weighed in its week, which the bridge joins)
    assert before[protest] not in set(after.values())
    assert before[fees] not in set(after.values())
    assert after[summit] == before[summit]
    assert {u for u, s in after.items() if s == after[summit]} == \
        {u for u, s in before.items() if s == before[summit]}
    kept = runs["final_rows"]["stories"][after[summit]] == \
        runs["rows"][3]["stories"][before[summit]]
    assert kept == (runs["labels"][3][after[summit]] == runs["labels"][2][before[summit]])


def test_an_update_writes_only_the_stories_that_changed(runs):
    for n, reports in enumerate(runs["reports"]):
        after = runs["rows"][n + 1] if n + 1 < len(runs["rows"]) else runs["final_rows"]
        found = reports["stories"].found
        written = _rewritten(runs["rows"][n]["stories"], after["stories"])
        assert len(written) == found["stories written"] > 0
        if n:  # after the first update, some stories stay as they were
            assert found["stories written"] < found["stories"]


def test_stories_are_written_row_by_row_only_where_they_changed(runs, tmp_path):
    db = tmp_path / "stories.duckdb"
    shutil.copy(runs["tmp"] / "inc.duckdb", db)
    with Store.open(db) as store:
        def rows() -> dict[str, tuple]:
            return {r[0]: r[1:] for r in store.con.execute(
                "SELECT id, rowid, label FROM stories").fetchall()}

        members: dict[str, list[str]] = {}
        for article, story in store.con.execute(
                "SELECT article, story FROM article_stories ORDER BY article").fetchall():
            members.setdefault(story, []).append(article)
        stories = [Story(id_, tuple(members[id_]), tuple(json.loads(label)), first, last)
                   for id_, label, first, last in store.con.execute(
                       "SELECT id, label, first, last FROM stories ORDER BY size DESC, id")
                   .fetchall()]
        before = rows()
        assert story_tables.write_stories(store, stories) == (0, 0)
        assert rows() == before
        relabelled = [replace(stories[0], label=("x",)), *stories[1:]]
        assert story_tables.write_stories(store, relabelled) == (1, 0)
        after = rows()
        assert after[stories[0].id][1] == '["x"]'
        assert {k: v for k, v in after.items() if k != stories[0].id} == \
            {k: v for k, v in before.items() if k != stories[0].id}
        assert story_tables.write_stories(store, stories[1:]) == (0, 1)
        assert stories[0].id not in rows()
        assert not store.con.execute("SELECT count(*) FROM article_stories WHERE story = ?",
                                     [stories[0].id]).fetchone()[0]


def test_an_article_weeks_away_regroups_only_the_stories_of_its_own_weeks(runs, tmp_path):
    """Weights hang on an article's weeks: an article months after the others (naming
    the same harbour) regroups none of their stories, and the stories equal those
    found from scratch."""
    db = tmp_path / "far.duckdb"
    shutil.copy(runs["tmp"] / "inc.duckdb", db)
    with Store.open(db) as store:
        before = dict(store.con.execute("SELECT id, rowid FROM stories").fetchall())
        pipeline.ingest([_write(tmp_path / "far", FAR)], store)
        found = {r.name: r for r in pipeline.update(store)}["stories"].found
        assert found["articles regrouped"] == 1 and found["stories written"] == 1
        after = dict(store.con.execute("SELECT id, rowid FROM stories").fetchall())
        assert {k: v for k, v in after.items() if k in before} == before
        assert len(after) == len(before) + 1
        got = _export(store, tmp_path / "far-export")
        runner.forget(store, STEPS, "stories", None)
        pipeline.update(store)
        assert _export(store, tmp_path / "far-rebuilt") == got
