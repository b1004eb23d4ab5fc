"""Corpus steps through the real CLI and store: copies, misdated copies, entities.

Runs on examples/ (the project's own fictional corpus): 03 is a wire story,
04 a regular paper's copy in its own chrome, 05 a content farm's copy
stamped a year late.
"""

from __future__ import annotations

import json
import shutil

import duckdb
from conftest import ROOT, storyline

from storyline.store import Store
from storyline.store.schema import MIGRATIONS, SCHEMA_VERSION

EXAMPLES = ROOT / "examples"
WIRE, PAPER, FARM = ("03_meridian_wire_announcement.html", "04_harbor_courier_wire_copy.html",
                     "05_trendhub_farm_copy.txt")


def _export(db, out):
    storyline("export", "--db", db, "--out", out, check=True)
    read = {}
    for name in ("articles", "copies", "entities"):
        lines = (out / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        read[name] = [json.loads(line) for line in lines]
    return read


def _by_file(articles):
    return {a["source"].rsplit("/", 1)[-1]: a for a in articles}


def test_examples_copies_origin_misdating_and_entities(tmp_path):
    db = tmp_path / "s.duckdb"
    run = storyline("run", EXAMPLES, "--db", db, check=True)
    assert "copy groups               1" in run.stdout
    data = _export(db, tmp_path / "export")
    arts = _by_file(data["articles"])
    wire, paper, farm = arts[WIRE], arts[PAPER], arts[FARM]

    (group,) = data["copies"]
    assert group["origin"] == wire["id"]
    assert "earliest credible date 2031-06-16" in group["origin_reason"]
    relations = {m["article"]: (m["relation"], m["similarity"]) for m in group["members"]}
    assert set(relations) == {wire["id"], paper["id"], farm["id"]}
    assert relations[wire["id"]] == ("origin", 1.0)
    assert relations[paper["id"]][0] in {"near", "contained"}
    assert 0.5 <= relations[farm["id"]][1] < 1.0

    # one independent report for the three, and the others are their own
    assert wire["independence_key"] == paper["independence_key"] == farm["independence_key"]
    keys = {a["independence_key"] for a in data["articles"]}
    assert len(keys) == len(data["articles"]) - 2

    # the farm's stamp (2032) is flagged with a reason and the true period
    assert farm["published"].startswith("2032-06-17")
    assert farm["misdated"] is True and farm["likely_period"].startswith("2031")
    assert "2031" in farm["misdated_reason"]
    assert [a["source"] for a in data["articles"] if a["misdated"]] == [farm["source"]]

    # entities: the president is one person across articles, with his role kept apart
    people = {e["name"]: e for e in data["entities"] if e["type"] == "person"}
    varel = people["Tomas Varel"]
    assert "Varel" in varel["aliases"]
    assert any("President" in r for r in varel["roles"])
    assert len({m["article"] for m in varel["mentions"]}) >= 5
    texts = {a["id"]: a["text"] for a in data["articles"]}
    for m in varel["mentions"]:
        assert texts[m["article"]][m["start"]:m["end"]] == m["text"]

    listed = storyline("copies", "--db", db, check=True).stdout
    assert "MISDATED" in listed and FARM in listed and "origin" in listed
    persons = storyline("entities", "--db", db, "--type", "person", check=True).stdout
    assert "Tomas Varel" in persons and "roles:" in persons
    bad = storyline("entities", "--db", db, "--type", "martian")
    assert bad.returncode == 2 and "unknown type" in bad.stderr

    html = (tmp_path / "s-report.html").read_text(encoding="utf-8")
    assert 'id="copies"' in html and "misdated" in html and "Tomas Varel" in html


def test_copies_found_incrementally_match_one_run(tmp_path):
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    shutil.copy(EXAMPLES / PAPER, first)
    for name in (WIRE, FARM):
        shutil.copy(EXAMPLES / name, second)
    storyline("run", first, second, "--db", one, "--no-report", check=True)
    storyline("run", first, "--db", two, "--no-report", check=True)
    after_one = _export(two, tmp_path / "e1")
    assert after_one["copies"] == []  # a lone article has no copies
    storyline("run", second, "--db", two, "--no-report", check=True)
    a, b = _export(one, tmp_path / "ea"), _export(two, tmp_path / "eb")
    assert a["copies"] == b["copies"] and len(a["copies"]) == 1
    assert _by_file(a["articles"]) == _by_file(b["articles"])
    assert a["entities"] == b["entities"]


def test_template_pages_with_different_bodies_are_not_copies(tmp_path):
    from pages import news_page

    for seed in range(6):  # one site's chrome around six different stories
        (tmp_path / f"p{seed}.html").write_text(news_page(seed), encoding="utf-8")
    db = tmp_path / "s.duckdb"
    storyline("run", tmp_path, "--db", db, "--no-report", check=True)
    data = _export(db, tmp_path / "export")
    assert len(data["articles"]) == 6
    assert data["copies"] == []


def test_old_store_is_migrated_and_brought_up_to_date(tmp_path):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))  # a store written by the first release (schema 1)
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    for statement in MIGRATIONS[0]:
        con.execute(statement)
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.close()
    storyline("run", EXAMPLES / WIRE, EXAMPLES / FARM, "--db", db, "--no-report", check=True)
    with Store.open(db, read_only=True) as store:
        assert store.schema_version() == SCHEMA_VERSION
    assert len(_export(db, tmp_path / "e")["copies"]) == 1


def test_reextract_rebuilds_copies_and_entities(tmp_path):
    db = tmp_path / "s.duckdb"
    for name in (WIRE, PAPER):
        shutil.copy(EXAMPLES / name, tmp_path)
    storyline("run", tmp_path, "--db", db, "--no-report", check=True)
    before = _export(db, tmp_path / "e1")
    storyline("reextract", "--db", db, "--all", check=True)
    after = _export(db, tmp_path / "e2")
    assert after["copies"] == before["copies"] and len(after["copies"]) == 1
    assert after["entities"] == before["entities"]
    storyline("update", "--db", db, check=True)  # nothing new: nothing changes
    assert _export(db, tmp_path / "e3") == after


def test_unreadable_alias_table_is_a_usage_error(tmp_path):
    bad = tmp_path / "aliases.json"
    bad.write_text("{not json", encoding="utf-8")
    for table in (bad, tmp_path / "missing.tsv"):
        result = storyline("run", EXAMPLES / WIRE, "--db", tmp_path / "s.duckdb", "--aliases",
                           table)
        assert result.returncode == 2
        assert str(table.name) in result.stderr
