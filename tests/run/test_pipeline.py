"""Corpus steps through the real CLI and store: copies, misdated copies, entities.

Runs on examples/ (the project's own fictional corpus): 03 is a wire story,
04 a regular paper's copy in its own chrome, 05 a content farm's copy
stamped a year late.
"""

from __future__ import annotations

import json
import re
import shutil

import duckdb
from conftest import EXAMPLES, read_export, storyline

from storyline.store import Store
from storyline.store.schema import MIGRATIONS, SCHEMA_VERSION

WIRE, PAPER, FARM = ("03_meridian_wire_announcement.html", "04_harbor_courier_wire_copy.html",
                     "05_trendhub_farm_copy.txt")


def _export(db, out):
    storyline("export", "--db", db, "--out", out, check=True)
    return read_export(out)


def _by_file(articles):
    return {a["source"].rsplit("/", 1)[-1]: a for a in articles}


def test_examples_copies_origin_misdating_and_entities(examples_run):
    tmp_path, db, run, data = examples_run
    assert "copy groups               1" in run.stdout
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


def test_examples_times_quotes_claims_and_timeline(examples_run):
    tmp_path, db, _, data = examples_run
    arts = _by_file(data["articles"])
    texts = {a["id"]: a["text"] for a in data["articles"]}
    farm, followup = arts[FARM], arts["06_meridian_followup.html"]

    # every time expression points at its text; relative ones resolve against the
    # reference date, which for the misdated farm copy is its origin's (2031), not 2032
    for t in data["times"]:
        assert texts[t["article"]][t["start"]:t["end"]] == t["text"]
    farm_weeks = [t["value"] for t in data["times"]
                  if t["article"] == farm["id"] and t["text"].lower() == "this week"]
    assert farm_weeks and all(v.startswith("2031-W") for v in farm_weeks)

    # quotes: offsets are real, speakers are canonical entities of the entity export
    entity_ids = {e["id"] for e in data["entities"]}
    for q in data["quotes"]:
        for m in q["mentions"]:
            assert m["end"] > m["start"] and m["end"] <= len(texts[m["article"]])
        assert q["speaker"]["entity"] is None or q["speaker"]["entity"] in entity_ids
    analyst = [q for q in data["quotes"] if q["speaker"]["name"] == "Petra Lindqvist"]
    assert analyst and all(q["speaker"]["entity"] for q in analyst)
    assert any(q["kind"] == "direct" for q in analyst)

    # claims: the crate counts of the story, with qualifiers and sources; the wire
    # story's figure is reported three times (original and two copies) but once independently
    crates = [c for c in data["claims"] if "crate" in c["counted"]]
    found = {(c["qualifier"], c["value"]) for c in crates}
    assert {("more than", 1000.0), ("about", 7000.0), ("at least", 4500.0)} <= found
    assert len({c["group"] for c in crates}) == 1
    wire_claim = [c for c in crates if arts[WIRE]["id"] in {m["article"] for m in c["mentions"]}]
    assert wire_claim and len(wire_claim[0]["mentions"]) == 3
    assert wire_claim[0]["independent_reports"] == 1
    minister = [c for c in crates if c["value"] == 7000.0 and c["source"]["name"]
                and "Sennland" in c["source"]["name"]]
    assert minister and minister[0]["as_of"].startswith("2031-06")
    assert any(m["article"] in {followup["id"], arts["07_caldenia_today_conflicting.html"]["id"]}
               for m in minister[0]["mentions"])

    # the command line and the report show them
    said = storyline("quotes", "--db", db, "--speaker", "lindqvist", check=True).stdout
    assert "Petra Lindqvist" in said and "“" in said
    assert "no quotes by nobody" in storyline("quotes", "--db", db, "--speaker", "nobody").stdout
    listed = storyline("claims", "--db", db, check=True).stdout
    assert "crates" in listed and "7,000" in listed
    dated = storyline("timeline", "--db", db, "--json", check=True).stdout.splitlines()
    days = [json.loads(line)["date"] for line in dated]
    assert days == sorted(days) and days
    html = (tmp_path / "s-report.html").read_text(encoding="utf-8")
    assert "<svg" in html and html.count("<circle") >= len(days)
    assert 'id="quotes"' in html and 'id="claims"' in html
    # every link to a quote or claim passage lands on an anchor in its article's text
    targets = set(re.findall(r'href="#(m-[0-9a-f]+-\d+)"', html))
    assert targets and targets <= set(re.findall(r'id="(m-[0-9a-f]+-\d+)"', html))
    assert '<mark class="claim' in html and '<mark class="quote' in html


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


def test_an_article_whose_facts_fail_is_recorded_and_the_rest_go_on(tmp_path, monkeypatch):
    from storyline.run import pipeline
    from storyline.run.steps import facts as facts_step
    from storyline.store import fact_tables

    real = facts_step.article_facts

    def failing_on_one(analysis, reference, read=True):  # a fault in one article's facts
        if "fabrication" in analysis.text:
            raise ValueError("unbalanced input")
        return real(analysis, reference, read)

    monkeypatch.setattr(facts_step, "article_facts", failing_on_one)
    followup = EXAMPLES / "06_meridian_followup.html"
    with Store.open(tmp_path / "s.duckdb") as store:
        pipeline.ingest([EXAMPLES / WIRE, followup], store)
        reports = {r.name: r for r in pipeline.update(store)}
        assert reports["facts"].found["articles without facts"] == 1
        assert [(s.rsplit("/", 1)[-1], e) for s, e in reports["facts"].failures] == [
            ("06_meridian_followup.html", "ValueError: unbalanced input")]
        errors = fact_tables.errors(store)
        assert [(s.rsplit("/", 1)[-1], e) for s, e in errors] == [
            ("06_meridian_followup.html", "ValueError: unbalanced input")]
        quoted = {a for a, _ in fact_tables.quotes(store)}
        assert len(quoted) == 1  # the other article's quotes are stored
        assert store.counts()["ok"] == 2  # nothing stored before is lost


def test_a_jsonl_record_published_date_anchors_its_relative_times(tmp_path):
    record = {"url": "https://brindle-post.example/a", "published": "2031-06-19",
              "text": "Harbor pilots in Port Ellis ended their strike on Tuesday after a week "
                      "of talks, the union said. The walkout began last week and cost the port "
                      "about 3,000 containers a day, according to the harbor authority. Talks "
                      "will resume next month, officials said on Thursday."}
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    storyline("run", feed, "--db", db, "--no-report", check=True)
    times = {t["text"]: t["value"] for t in _export(db, tmp_path / "e")["times"]}
    assert times["Tuesday"] == "2031-06-17"  # 2031-06-19 is a Thursday
    assert times["last week"] == "2031-W24"
    assert times["next month"] == "2031-07"


def test_listing_commands_on_a_store_with_no_articles(tmp_path):
    (tmp_path / "empty.html").write_bytes(b"")
    db = tmp_path / "s.duckdb"
    assert storyline("run", tmp_path / "empty.html", "--db", db, "--no-report").returncode == 1
    for command, says in (("copies", "no copy groups"), ("entities", "no entities"),
                          ("quotes", "no quotes"), ("claims", "no claims"),
                          ("timeline", "nothing dated")):
        result = storyline(command, "--db", db)
        assert result.returncode == 0 and says in result.stdout, (command, result.stderr)
    data = _export(db, tmp_path / "e")
    assert [a["status"] for a in data["articles"]] == ["failed"]
    assert data["articles"][0]["independence_key"] is None
    assert data["articles"][0]["misdated"] is False


def test_stories_keep_an_unrelated_article_apart(tmp_path):
    from pages import news_page

    for name in (WIRE, PAPER, "06_meridian_followup.html", "07_caldenia_today_conflicting.html"):
        shutil.copy(EXAMPLES / name, tmp_path)
    (tmp_path / "other.html").write_text(news_page(3), encoding="utf-8")  # another topic
    db = tmp_path / "s.duckdb"
    storyline("run", tmp_path, "--db", db, "--no-report", check=True)
    data = _export(db, tmp_path / "e")
    arts = _by_file(data["articles"])
    summit = {arts[n]["story"] for n in (WIRE, PAPER, "06_meridian_followup.html",
                                          "07_caldenia_today_conflicting.html")}
    assert len(summit) == 1 and arts["other.html"]["story"] not in summit
    (big, small) = sorted(data["stories"], key=lambda s: -s["size"])
    assert big["size"] == 4 and small["articles"] == [arts["other.html"]["id"]]
    assert big["first"] == "2031-06-16" and big["last"] == "2031-06-19"
    listed = storyline("stories", "--db", db, check=True).stdout
    assert big["id"] in listed and "4 articles" in listed
    only = storyline("timeline", "--db", db, "--story", small["id"], "--json", check=True)
    everything = storyline("timeline", "--db", db, "--json", check=True)
    lines = [json.loads(line) for line in only.stdout.splitlines()]
    assert len(lines) < len(everything.stdout.splitlines())
    assert all(small["articles"][0] in i["articles"] for i in lines)
    bad = storyline("timeline", "--db", db, "--story", "s-nope")
    assert bad.returncode == 2 and "storyline stories" in bad.stderr


def test_facts_are_redone_when_a_later_copy_corrects_the_reference_date(tmp_path):
    farm_dir, wire_dir = tmp_path / "farm", tmp_path / "wire"
    farm_dir.mkdir()
    wire_dir.mkdir()
    shutil.copy(EXAMPLES / FARM, farm_dir)
    shutil.copy(EXAMPLES / WIRE, wire_dir)
    db = tmp_path / "s.duckdb"
    storyline("run", farm_dir, "--db", db, "--no-report", check=True)
    alone = _export(db, tmp_path / "e1")
    assert alone["articles"][0]["misdated"]  # by its own text: likely 2031-07
    storyline("run", wire_dir, "--db", db, "--no-report", check=True)
    later = _export(db, tmp_path / "e2")
    one = tmp_path / "one.duckdb"
    storyline("run", farm_dir, wire_dir, "--db", one, "--no-report", check=True)
    at_once = _export(one, tmp_path / "e3")
    assert later["times"] == at_once["times"] and later["claims"] == at_once["claims"]
    farm_id = _by_file(later["articles"])[FARM]["id"]
    weeks = [t["value"] for t in later["times"]
             if t["article"] == farm_id and t["text"].lower() == "this week"]
    assert weeks and set(weeks) == {"2031-W25"}  # the week of the origin's 2031-06-16


def test_the_report_of_a_large_store_shows_a_bounded_part(examples_run, monkeypatch):
    from storyline.present.report import build

    _, db, _, data = examples_run
    monkeypatch.setattr(build, "TEXTS_SHOWN", 2)
    monkeypatch.setattr(build, "QUOTES_SHOWN", 5)
    with Store.open(db, read_only=True) as store:
        report = build.report_data(store)
    html = build.render(report, "html")
    assert html.count('<article class="doc"') == 2
    assert "the first 2 of 10 articles" in html
    assert f"Showing the first 5 of {len(data['quotes'])} quotes" in html
    targets = set(re.findall(r'href="#(m-[0-9a-f]+-\d+)"', html))
    assert targets <= set(re.findall(r'id="(m-[0-9a-f]+-\d+)"', html))
    assert len(report["articles"]) == 10  # every article is still listed


def test_reading_an_older_store_says_how_to_upgrade_it(tmp_path):
    db = tmp_path / "old.duckdb"
    storyline("run", EXAMPLES / WIRE, "--db", db, "--no-report", check=True)
    con = duckdb.connect(str(db))  # as the storyline before the runner left it
    for table in ("step_done", "step_state", "event_articles", "event_mentions", "events",
                  "numbers_skipped", "fact_links", "site_notes", "entity_units",
                  "entity_digests", "group_keys", "input_failures", "entity_state",
                  "entity_keys", "entity_surfaces", "entity_facts", "fact_entities",
                  "article_sites"):
        con.execute(f"DROP TABLE {table}")  # the runner's tables (6) and later ones
    for column in ("subject", "reason"):
        con.execute(f"ALTER TABLE claim_groups DROP COLUMN {column}")
    con.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    con.close()
    for command in ("report", "stories", "export"):
        args = ["--out", tmp_path / "out"] if command == "export" else []
        result = storyline(command, "--db", db, *args)
        assert result.returncode == 2 and "storyline update" in result.stderr, command
    updated = storyline("update", "--db", db, check=True).stdout
    assert re.search(r"analysis\s+v\S+\s+up to date", updated)  # analyses kept, not redone
    assert "1 article" in storyline("stories", "--db", db, check=True).stdout
    info = storyline("info", "--db", db, check=True).stdout
    assert "stale" not in info and "to do" not in info
