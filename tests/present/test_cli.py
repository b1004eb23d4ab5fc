"""The CLI end to end: run, extract, export, report, reextract, info.

Driven in this process; a few smoke tests start the real `python -m storyline`
for exit statuses, bad input named and `make demo`'s commands.
"""

from __future__ import annotations

import gzip
import json
import logging
import re

from conftest import (
    EXAMPLES,
    EXPORTS,
    entity_tables,
    entity_tables_whole,
    storyline,
    storyline_subprocess,
)
from pages import news_page, write_warc

from storyline.records import MAX_DOCUMENT_BYTES
from storyline.store import Store


def _corpus(folder):
    folder.mkdir()
    (folder / "one.html").write_text(news_page(1), encoding="utf-8")
    (folder / "two.html.gz").write_bytes(gzip.compress(news_page(2).encode()))
    write_warc(folder / "crawl.warc.gz", [("https://valmora-ledger.example/w3", news_page(3))])
    records = [
        {"html": news_page(4), "url": "https://valmora-ledger.example/j4"},
        {"text": "Port Ilven opens new ferry berth\n\n" + "\n\n".join(
            ["The new ferry berth at Port Ilven opened on Monday after two years of work, "
             "harbour master Oskar Feld said at the ceremony."] * 2),
         "title": "Port Ilven opens new ferry berth", "published": "2031-05-02"},
    ]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    return folder


def _bad(folder):
    folder.mkdir()
    (folder / "empty.html").write_bytes(b"")
    (folder / "junk.html").write_bytes(bytes(range(256)) * 40)
    (folder / "feed.jsonl").write_text('{"text": "ok but short"}\n{not json}\n')
    blob = gzip.compress(news_page(9).encode())
    (folder / "cut.html.gz").write_bytes(blob[:300])
    (folder / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (folder / "deep.html").write_text("<div>" * 200_000 + "deep" + "</div>" * 200_000)
    (folder / "huge.html").write_text("<p>" + "word " * (MAX_DOCUMENT_BYTES // 5) + "</p>")
    return folder


def test_run_stores_every_input_and_a_rerun_changes_nothing(tmp_path):
    corpus = _corpus(tmp_path / "in")
    db = tmp_path / "s.duckdb"
    first = storyline("run", corpus, "--db", db, "--workers", "2", check=True)
    assert re.search(r"ingested\s+5\n", first.stdout)
    assert (tmp_path / "s-report.html").exists()
    export_a = tmp_path / "a"
    storyline("export", "--db", db, "--out", export_a, check=True)
    second = storyline("run", corpus, "--db", db, check=True)
    assert re.search(r"skipped \(already stored\)\s+5\n", second.stdout)
    export_b = tmp_path / "b"
    storyline("export", "--db", db, "--out", export_b, check=True)
    assert (export_a / "articles.jsonl").read_bytes() == (export_b / "articles.jsonl").read_bytes()
    rows = [json.loads(x) for x in (export_a / "articles.jsonl").read_text().splitlines()]
    assert len(rows) == 5 and all(r["status"] == "ok" for r in rows)
    jsonl_text = next(r for r in rows if r["title"] == "Port Ilven opens new ferry berth")
    assert jsonl_text["published"] == "2031-05-02"
    assert jsonl_text["published_evidence"] == "jsonl:published"
    warc = next(r for r in rows if r["url"] == "https://valmora-ledger.example/w3")
    assert "#1" in warc["source"] and warc["site"]


def test_bad_inputs_fail_by_name_and_do_not_lose_stored_articles(tmp_path):
    corpus = _corpus(tmp_path / "in")
    bad = _bad(tmp_path / "bad")
    db = tmp_path / "s.duckdb"
    storyline("run", corpus, "--db", db, "--no-report", check=True)
    result = storyline_subprocess("run", bad, "--db", db, "--no-report")
    assert result.returncode == 1
    out = result.stdout
    for name, reason in [("empty.html", "empty file"), ("junk.html", "binary content"),
                         ("feed.jsonl:2", "malformed JSON on line 2"),
                         ("feed.jsonl:1", "no article text"), ("cut.html.gz", "truncated gzip"),
                         ("nav.html", "no article text"), ("huge.html", "too large")]:
        assert any(name in line and reason in line for line in out.splitlines()), (name, out)
    assert "deep.html" in out  # pathological nesting fails, it does not crash the run
    export = tmp_path / "x"
    storyline("export", "--db", db, "--out", export, check=True)
    rows = [json.loads(x) for x in (export / "articles.jsonl").read_text().splitlines()]
    assert sum(r["status"] == "ok" for r in rows) == 5
    failed = [r for r in rows if r["status"] == "failed"]
    assert len(failed) == 8 and all(r["error"] for r in failed)


def test_missing_and_unsupported_paths_set_the_exit_status(tmp_path):
    (tmp_path / "notes.md").write_text("x")
    result = storyline_subprocess("run", tmp_path / "nope", tmp_path / "notes.md", "--db",
                                  tmp_path / "s.duckdb", "--no-report")
    assert result.returncode == 1
    assert "missing" in result.stdout and "unsupported" in result.stdout


def test_extract_prints_json_lines_without_a_store(tmp_path):
    corpus = _corpus(tmp_path / "in")
    result = storyline("extract", corpus / "one.html", corpus / "feed.jsonl", "--jsonl",
                       cwd=tmp_path, check=True)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 3
    for key in ("source", "title", "published", "published_evidence", "site", "author",
                "language", "text"):
        assert key in rows[0]
    assert rows[0]["published"] == "2031-03-14"
    assert "Related stories" not in rows[0]["text"]
    assert not list(tmp_path.glob("*.duckdb"))


def test_report_formats_and_reextract(tmp_path):
    corpus = _corpus(tmp_path / "in")
    db = tmp_path / "s.duckdb"
    storyline("run", corpus, "--db", db, "--no-report", check=True)
    for name in ("r.html", "r.md", "r.json"):
        storyline("report", "--db", db, "--out", tmp_path / name, check=True)
    html = (tmp_path / "r.html").read_text()
    assert "Dropped as boilerplate" in html and "Related stories" in html
    assert json.loads((tmp_path / "r.json").read_text())["counts"]["ok"] == 5
    assert "# storyline report" in (tmp_path / "r.md").read_text()
    bad = storyline("report", "--db", db, "--out", tmp_path / "r.pdf")
    assert bad.returncode == 2 and "unknown report format" in bad.stderr
    redo = storyline("reextract", "--db", db, check=True)
    assert re.search(r"re-extracted\s+0\n", redo.stdout)  # nothing stale
    redo_all = storyline("reextract", "--db", db, "--all", check=True)
    assert re.search(r"re-extracted\s+5\n", redo_all.stdout)
    info = storyline("info", "--db", db, check=True)
    assert "documents: 5" in info.stdout


def test_info_lists_the_inputs_a_run_could_not_read(tmp_path):
    from storyline.store import Store, input_tables

    db = tmp_path / "s.duckdb"
    with Store.open(db) as store:
        input_tables.record(store, "/data/crawl-07.warc.gz", "documents 1025 to 2048",
                            "shard task failed (KilledWorker)")
        input_tables.record(store, "/data/feed.jsonl", "", "shard task failed (MemoryError)")
    info = storyline("info", "--db", db, check=True).stdout
    assert "inputs not read (2;" in info
    assert "/data/crawl-07.warc.gz (documents 1025 to 2048): shard task failed" in info
    assert "/data/feed.jsonl: shard task failed (MemoryError)" in info
    with Store.open(db) as store:
        input_tables.clear(store, "/data/feed.jsonl", "")
        assert [p for p, _, _ in input_tables.failures(store)] == ["/data/crawl-07.warc.gz"]
    assert "inputs not read" in storyline("info", "--db", db, check=True).stdout


def test_commands_on_a_missing_store_exit_2(tmp_path):
    result = storyline_subprocess("export", "--db", tmp_path / "none.duckdb", "--out",
                                  tmp_path / "x")
    assert result.returncode == 2 and "no store" in result.stderr


def test_hostile_page_cannot_inject_markup_into_the_report(tmp_path):
    page = news_page(21, title="<script>alert('x')</script> Harbour vote <img src=x onerror=1>")
    page = page.replace("<p>Officials", "<p><script>document.write('owned')</script>Officials", 1)
    (tmp_path / "hostile.html").write_text(page)
    db = tmp_path / "s.duckdb"
    storyline("run", tmp_path / "hostile.html", "--db", db, "--report", tmp_path / "r.html",
              check=True)
    html = (tmp_path / "r.html").read_text()
    assert "Harbour vote" in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "<script>document.write" not in html


def test_make_demo_commands_give_byte_identical_exports_and_report(examples_run, tmp_path):
    """`make demo`'s two commands in processes of their own, exit 0, and the same bytes
    as the run of examples/ made in this process (another store, another hash seed)."""
    first_dir = examples_run[0]
    db = tmp_path / "demo.duckdb"
    storyline_subprocess("run", EXAMPLES, "--db", db, "--report", tmp_path / "report.html",
                         check=True)
    storyline_subprocess("export", "--db", db, "--out", tmp_path / "export", check=True)
    for name in EXPORTS:
        again = (tmp_path / "export" / f"{name}.jsonl").read_bytes()
        assert again == (first_dir / "export" / f"{name}.jsonl").read_bytes(), name
    first_html = (first_dir / "s-report.html").read_text(encoding="utf-8")
    again_html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert again_html.replace("demo.duckdb", "s.duckdb") == first_html


PILOTS = ("Harbor pilots end strike\n\nPort Ellis harbor pilots ended their strike on Tuesday "
          "after a week of talks with the Port Authority, union leader Maren Castell said. The "
          "pilots had walked out last Monday over new shift rules, and about 40 vessels waited "
          "outside the breakwater for days.\n")


def _inbox(tmp_path, **texts: str):
    """A folder `in` of text files, one per keyword (name without .txt -> text)."""
    (tmp_path / "in").mkdir()
    for name, text in texts.items():
        (tmp_path / "in" / f"{name}.txt").write_text(text, encoding="utf-8")


def test_an_undated_article_is_named_and_published_gives_it_a_date(tmp_path):
    _inbox(tmp_path, pilots=PILOTS)
    plain_run = storyline("run", tmp_path / "in", "--db", tmp_path / "a.duckdb", "--no-report",
                          check=True)
    assert "1 article without a date" in plain_run.stdout
    assert "undated " in plain_run.stdout and "pilots.txt" in plain_run.stdout
    dated = storyline("run", tmp_path / "in", "--db", tmp_path / "b.duckdb", "--no-report",
                      "--published", "2031-05-02", check=True)
    assert "without a date" not in dated.stdout
    storyline("export", "--db", tmp_path / "b.duckdb", "--out", tmp_path / "x", check=True)
    article = json.loads((tmp_path / "x" / "articles.jsonl").read_text().splitlines()[0])
    assert (article["published"], article["published_evidence"]) == ("2031-05-02",
                                                                     "user:published")
    values = {json.loads(line)["text"]: json.loads(line)["value"]
              for line in (tmp_path / "x" / "times.jsonl").read_text().splitlines()}
    assert values["Tuesday"] == "2031-04-29"  # the Tuesday before Friday 2031-05-02
    bad = storyline("run", tmp_path / "in", "--db", tmp_path / "c.duckdb", "--published",
                    "2031-13-02")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
    assert not (tmp_path / "c.duckdb").exists()


def test_readers_warn_about_an_interrupted_update_until_update_finishes_it(tmp_path):
    import dataclasses

    from storyline.run import pipeline
    from storyline.run.steps import STEPS
    from storyline.store import Store

    db = tmp_path / "s.duckdb"
    storyline("run", EXAMPLES / "06_meridian_followup.html", "--db", db, "--no-report",
              check=True)

    def killed(ctx, items):
        raise KeyboardInterrupt

    steps = [dataclasses.replace(s, version="x", run=killed) if s.name == "stories" else s
             for s in STEPS]
    with Store.open(db) as store:
        try:
            pipeline.update(store, steps=steps)
        except KeyboardInterrupt:
            pass
    for command in (["info"], ["report", "--out", tmp_path / "r.md"],
                    ["export", "--out", tmp_path / "x"]):
        result = storyline(*command, "--db", db, check=True)
        assert "update of" in result.stderr and "was interrupted" in result.stderr, command
    storyline("update", "--db", db, check=True)
    assert "interrupted" not in storyline("info", "--db", db, check=True).stderr


def test_skipped_inputs_are_named_with_the_reason(tmp_path):
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.html").write_text(news_page(7), encoding="utf-8")
    os.mkfifo(folder / "pipe.html")
    first = storyline("run", folder, "--db", tmp_path / "a.duckdb", "--no-report", check=True)
    assert re.search(r"skipped \S*pipe\.html: not a regular file \(a named pipe\)", first.stdout)
    storyline("report", "--db", tmp_path / "a.duckdb", "--out", folder / "mine.html", check=True)
    second = storyline("run", folder, "--db", tmp_path / "b.duckdb", "--no-report", check=True)
    assert re.search(r"skipped \S*mine\.html: a storyline report", second.stdout)
    assert re.search(r"articles ok\s+1\n", second.stdout)


def _modules_after(*args) -> set[str]:
    """The modules a fresh `storyline ARGS` process has imported when it is done."""
    import subprocess
    import sys

    code = ("import sys\nfrom storyline.present.cli import app\n"
            f"try:\n    app({[str(a) for a in args]!r})\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted(sys.modules)), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    return set(done.stderr.split())


def test_help_and_reading_commands_import_only_what_they_need(examples_run):
    """Start-up stays short: `--help` imports no stage of the pipeline and not the store;
    a listing reads the store through the read models without the pipeline, the steps,
    the extractor or spaCy. The commands still work (the store and model are there)."""
    pipeline = {"storyline.run.pipeline", "storyline.run.steps", "storyline.extract",
                "storyline.copies", "storyline.ingest", "spacy", "trafilatura"}
    helped = _modules_after("--help")
    assert "storyline.present.commands.listings" in helped  # the commands were declared
    assert not helped & (pipeline | {"duckdb", "storyline.store", "storyline.query"})
    listed = _modules_after("stories", "--db", examples_run[1])
    assert {"storyline.store", "storyline.query"} <= listed
    assert not listed & pipeline
    stepped = _modules_after("steps")
    assert "storyline.run.steps" in stepped and "spacy" not in stepped


def test_run_with_keep_entity_state_resolves_added_articles_against_the_kept_state(tmp_path,
                                                                                   caplog):
    db = tmp_path / "s.duckdb"
    storyline("run", _corpus(tmp_path / "in"), "--db", db, "--no-report",
              "--keep-entity-state", check=True)
    with Store.open(db) as store:
        kept = store.con.execute("SELECT count(*) FROM entity_state").fetchone()[0]
    assert kept  # what the rules across articles read of every unit
    more = tmp_path / "more"
    more.mkdir()
    (more / "five.html").write_text(news_page(5), encoding="utf-8")
    storyline("update", "--db", db, check=True)  # nothing to do: the state stays
    caplog.set_level(logging.INFO, logger="storyline.run.steps.entities")
    storyline("run", more, "--db", db, "--no-report", "--keep-entity-state", check=True)
    assert "resolving them alone" in caplog.text
    assert "resolving the whole corpus" not in caplog.text
    with Store.open(db) as store:
        assert store.con.execute("SELECT count(*) FROM entity_state").fetchone()[0] > kept
        got = entity_tables(store)
    assert got == entity_tables_whole(db, tmp_path)


#: A fictional German report (written for this test): an English model reads "Der
#: Hafenmeister" as a person and every figure as a claim.
HAFEN = ("Hafenlotsen beenden ihren Streik\n\nDie Hafenlotsen von Port Ellis haben am "
         "Dienstag nach einer Woche Verhandlungen mit der Hafenbehörde ihren Streik beendet, "
         "sagte die Gewerkschaftsführerin Maren Castell. Die Lotsen hatten am vergangenen "
         "Montag wegen neuer Schichtregeln die Arbeit niedergelegt, und rund 40 Schiffe "
         "warteten tagelang vor dem Wellenbrecher. Der Hafenmeister rechnet mit 3,5 Millionen "
         "Euro Verlust.\n")


def test_an_article_not_in_english_gets_no_entities_quotes_or_claims_and_is_named(tmp_path):
    _inbox(tmp_path, pilots=PILOTS, hafen=HAFEN)
    db = tmp_path / "a.duckdb"
    ran = storyline("run", tmp_path / "in", "--db", db, "--no-report",
                    "--published", "2031-05-02", check=True)
    assert "1 article not in English (de 1)" in ran.stdout
    with Store.open(db) as store:
        language = dict(store.con.execute(
            "SELECT regexp_extract(source, '[a-z]+[.]txt'), language FROM articles").fetchall())
        assert language == {"pilots.txt": "en", "hafen.txt": "de"}
        per_article = dict(store.con.execute(
            "SELECT regexp_extract(a.source, '[a-z]+[.]txt'), count(m.article) FROM articles a "
            "LEFT JOIN entity_mentions m ON m.article = a.id GROUP BY 1").fetchall())
        assert per_article["hafen.txt"] == 0 and per_article["pilots.txt"] > 0
        claims = store.con.execute(
            "SELECT count(*) FROM claims c JOIN articles a ON a.id = c.article "
            "WHERE a.language = 'de'").fetchone()[0]
        skipped = store.con.execute(
            "SELECT s.text, s.reason FROM numbers_skipped s JOIN articles a "
            "ON a.id = s.article WHERE a.language = 'de' ORDER BY s.start").fetchall()
        assert claims == 0 and skipped == [("40", "language"), ("3,5", "language")]
    again = storyline("update", "--db", db, check=True)
    assert "1 article not in English (de 1)" in again.stdout
