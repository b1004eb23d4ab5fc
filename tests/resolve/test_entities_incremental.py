"""Entity resolution in two parts: per-article units kept, the corpus part over them.

An update makes units only for new or changed articles and resolves the corpus from
the stored units of every article; the result must equal a whole resolution of the
same analyses, step after step (articles added, one dropped, one re-extracted with
other names, articles that rename a person by naming her in full more often). The
articles are fictional, written for this test.
"""

from __future__ import annotations

import hashlib
import shutil

import pytest
from conftest import entity_tables, write_feed

from storyline.analyse.nlp import analyse_texts
from storyline.resolve.entities import (
    Alias,
    article_units,
    resolve_changed,
    resolve_entities,
    resolve_units,
    units_from_json,
    units_to_json,
)
from storyline.run import pipeline, runner
from storyline.run.steps import STEPS
from storyline.store import Store

BASE = {
    "a1": "Harbor Minister Selka Varden said on Monday that the Ilven Port Authority (IPA) "
          "would raise fees. Varden spoke in Pelmora. \"We have waited long enough,\" "
          "Varden said.",
    "a2": "The Ilven Port Authority said it would hire 200 pilots. Minister Selka Varden "
          "welcomed the plan, and the IPA board met in Pelmora on Tuesday.",
    "a3": "Opposition leader Brannoc Teel said Varden had misled parliament. Teel told the "
          "Kestrel Ledger that the fees would hurt fishermen.",
    "a4": "Fisherman Ode Varden, a cousin of the minister, said the fees were too high. "
          "\"We cannot pay,\" Ode Varden said in Duneholt.",
    "a5": "The Kestrel Ledger reported that Brannoc Teel would visit Duneholt. Teel said "
          "he would meet the IPA.",
}

ADDED = {
    "b1": "Minister Selka Varden met the Ilven Port Authority in Pelmora. Varden said the "
          "IPA would publish its accounts. Varden thanked the pilots.",
    "b2": "Varden told reporters in Duneholt that the fees would stay. Selka Varden said "
          "Brannoc Teel had no plan.",
    "b3": "The Marrow Post said Teel and Varden would debate on Friday. Brannoc Teel said "
          "the Ilven Port Authority was badly run.",
}

#: a2 written again (re-extracted) with other names; a4 dropped.
REWRITTEN = {
    "a2": "The Ilven Port Authority said it would hire 300 pilots. Deputy minister Aurel "
          "Manto welcomed the plan in Pelmora on Tuesday. Manto said the IPA would grow.",
}
DROPPED = {"a4"}

#: Selka M. Varden named in full, more often than any other form: her new name.
RENAMING = {
    "c1": "Minister Selka M. Varden said on Saturday that she would run again. "
          "\"I have more to do,\" Selka M. Varden said. Teel said Selka M. "
          "Varden had ruled too long.",
    "c2": "Selka M. Varden, 58, has led the harbor ministry for six years. Selka "
          "M. Varden met the Ilven Port Authority in Pelmora. Selka M. Varden "
          "thanked the pilots.",
    "c3": "Selka M. Varden won her second term in 2028. Aides said Selka M. "
          "Varden would visit Duneholt, and Selka M. Varden praised the IPA.",
}

#: Rules across articles that change units another article wrote: the committee's full
#: name (d1, d4: as many articles as write the short name) lengthens "Oversight
#: Committee" of d2 and d3, and its chair's full name makes d2's "Kadeny" (tagged an
#: organisation) a person.
ACROSS_BASE = {
    "d2": "Kadeny told the Kestrel Ledger that the Oversight Committee would meet again. "
          "The Oversight Committee has nine members.",
    "d3": "Lawmakers on the Oversight Committee asked Kadeny to resign.",
}
ACROSS = {
    "d1": "The Fisheries Oversight Committee met on Monday. Chair Orsa Kadeny said the "
          "committee would ask the Ilven Port Authority for its accounts.",
    "d4": "Trawler crews wrote to the Fisheries Oversight Committee about the quotas.",
}


@pytest.fixture(scope="module")
def analysed():
    texts = {**BASE, **ADDED, **RENAMING, **{f"{k}'": v for k, v in REWRITTEN.items()},
             **ACROSS_BASE, **ACROSS}
    return dict(zip(texts, analyse_texts(texts.values()), strict=True))


def _update(stored: dict[str, str], changed: dict, dropped: set[str],
            aliases: dict[str, Alias] | None = None) -> tuple[dict[str, str], list]:
    """What the entities step does: units made for the changed articles only, the corpus
    part over the stored units of every article."""
    stored = {a: raw for a, raw in stored.items() if a not in dropped and a not in changed}
    made = units_to_json(article_units(sorted(changed.items()), aliases))
    stored.update({a: made.get(a, "[[],[]]") for a in changed})
    units = [u for a in sorted(stored) for u in units_from_json(a, stored[a])]
    return stored, resolve_units(units, aliases)


def _person(entities: list, surname: str) -> list[str]:
    return sorted(e.name for e in entities if e.type == "person" and surname in e.name)


def test_updating_in_steps_equals_a_whole_resolution_each_time(analysed):
    current = {a: analysed[a] for a in BASE}
    stored, got = _update({}, dict(current), set())
    assert got == resolve_entities(current.items())
    steps = [
        ({a: analysed[a] for a in ADDED}, set()),
        ({a: analysed[f"{a}'"] for a in REWRITTEN}, DROPPED),
        ({a: analysed[a] for a in RENAMING}, set()),
    ]
    names = [_person(got, "Varden")]
    for changed, dropped in steps:
        current = {a: x for a, x in current.items() if a not in dropped} | changed
        stored, got = _update(stored, changed, dropped)
        assert sorted(stored) == sorted(current)
        assert got == resolve_entities(current.items())
        names.append(_person(got, "Varden"))
    mentioned = {m.article for e in got for m in e.mentions}
    assert "a4" not in mentioned and {"b1", "c3"} <= mentioned
    assert any("Manto" in e.name for e in got)  # the re-extracted article's new name
    assert "Ode Varden" in names[0] and "Ode Varden" not in names[-1]
    assert "Selka M. Varden" in names[-1] and "Selka M. Varden" not in names[0]


def _resolve_changed(stored: dict[str, str], kept: dict[str, object]):
    """The step's resolution: units of every article, entities built only when their
    fingerprint is not one of `kept` (fingerprint -> entity, as the store keeps them)."""
    origin = {a: hashlib.sha1(raw.encode()).hexdigest() for a, raw in stored.items()}
    units = [u for a in sorted(stored) for u in units_from_json(a, stored[a])]
    return resolve_changed(units, origin, {fp: (e.id, e.type, e.name)
                                           for fp, e in kept.items()}, salt="5")


def test_entities_of_the_same_units_are_kept_and_the_rest_equals_a_rebuild(analysed):
    stored, whole = _update({}, {a: analysed[a] for a in {**BASE, **ACROSS_BASE}}, set())
    built, prints = _resolve_changed(stored, {})
    assert built == whole and set(prints) == {e.id for e in whole}
    kept = {prints[e.id]: e for e in built}
    steps = [
        ({a: analysed[a] for a in ADDED}, set()),
        ({a: analysed[f"{a}'"] for a in REWRITTEN}, DROPPED),
        ({a: analysed[a] for a in RENAMING}, set()),
        ({a: analysed[a] for a in ACROSS}, set()),
        ({}, set()),
    ]
    for changed, dropped in steps:
        stored, whole = _update(stored, changed, dropped)
        built, prints = _resolve_changed(stored, kept)
        ids = {e.id for e in built}
        same = [kept[fp] for i, fp in prints.items() if i not in ids]
        assert sorted(built + same, key=lambda e: (e.type, e.name, e.id)) == whole
        assert len(built) < len(whole) and bool(built) == bool(changed or dropped)
        assert not changed or {m.article for e in built for m in e.mentions} >= set(changed)
        kept = {prints[e.id]: e for e in whole}
    # the last articles renamed and retyped units of earlier ones, which were built again
    assert {"Fisheries Oversight Committee", "Orsa Kadeny"} <= {e.name for e in whole}
    assert not {"Oversight Committee", ("org", "Kadeny")} & {
        x for e in whole for x in (e.name, (e.type, e.name))}
    assert {m.article for e in whole if e.name == "Orsa Kadeny" for m in e.mentions} == {
        "d1", "d2"}


def test_units_kept_as_json_resolve_as_the_analyses_do(analysed):
    aliases = {"ipa": Alias("Ilven Port Authority", "org")}
    pairs = sorted((a, analysed[a]) for a in {**BASE, **ADDED})
    stored = units_to_json(article_units(pairs, aliases))
    units = [u for a in sorted(stored) for u in units_from_json(a, stored[a])]
    assert resolve_units(units, aliases) == resolve_entities(pairs, aliases)






def _ledger_feed(folder, texts: dict[str, str], day: str):
    return write_feed(folder, texts, day, site="Kestrel Ledger", host="ledger.example",
                      title="Harbor news")


def test_the_step_makes_units_for_new_articles_only_and_equals_a_rebuild(tmp_path):
    db = tmp_path / "inc.duckdb"
    with Store.open(db) as store:
        pipeline.ingest([_ledger_feed(tmp_path / "base", BASE, "2031-05-02")], store)
        pipeline.update(store)
        before = dict(store.con.execute("SELECT article, rowid FROM entity_units").fetchall())
        assert len(before) == len(BASE)
        rows = dict(store.con.execute("SELECT id, rowid FROM entities").fetchall())
        pipeline.ingest([_ledger_feed(tmp_path / "more", {**ADDED, **RENAMING}, "2031-05-03")],
                        store)
        report = {r.name: r for r in pipeline.update(store)}["entities"]
        after = dict(store.con.execute("SELECT article, rowid FROM entity_units").fetchall())
        # only the entities whose rows changed are written again
        rewritten = {i for i, r in store.con.execute("SELECT id, rowid FROM entities")
                     .fetchall() if rows.get(i) != r}
        assert rewritten and set(rows) - rewritten
        assert rewritten >= {r[0] for r in store.con.execute(
            "SELECT DISTINCT entity FROM entity_mentions m JOIN articles a ON a.id = m.article "
            "WHERE a.published >= '2031-05-03'").fetchall()}
        assert {a: r for a, r in after.items() if a in before} == before  # kept, not remade
        assert len(after) == len(BASE) + len(ADDED) + len(RENAMING) and report.ran
        redo = sorted(before)[0]  # its analysis redone: its units are made again
        runner.forget(store, STEPS, "analysis", [redo])
        pipeline.update(store)
        again = dict(store.con.execute("SELECT article, rowid FROM entity_units").fetchall())
        assert again[redo] != after[redo]
        assert {a: r for a, r in again.items() if a != redo} == \
            {a: r for a, r in after.items() if a != redo}
        # a new alias table: every article's units are made with it
        pipeline.update(store, options={"aliases": {"ipa": Alias("Harbor Board", "org")}})
        assert store.con.execute("SELECT count(DISTINCT aliases) FROM entity_units"
                                 ).fetchone()[0] == 1
        assert store.con.execute("SELECT count(*) FROM entities WHERE name = 'Harbor Board'"
                                 ).fetchone()[0] == 1
        got = entity_tables(store)
    whole = tmp_path / "whole.duckdb"
    shutil.copy(db, whole)
    with Store.open(whole) as store:
        runner.forget(store, STEPS, "entities", None)
        assert not store.con.execute("SELECT count(*) FROM entity_units").fetchone()[0]
        pipeline.update(store)
        assert entity_tables(store) == got
