"""`storyline search` on the store built from examples/: ranked hits with their passages,
hostile queries answered, an empty query refused in one sentence."""

from __future__ import annotations

import json
import shutil

from conftest import storyline


def test_search_finds_quotes_and_articles_with_their_passages(examples_run, tmp_path):
    db = tmp_path / "s.duckdb"
    shutil.copy(examples_run[1], db)  # the index is written beside the store
    found = storyline("search", "crates", "--db", db, "--json", check=True)
    hits = [json.loads(line) for line in found.stdout.splitlines()]
    assert hits and {h["kind"] for h in hits} >= {"article", "quote"}
    assert all("crate" in h["snippet"].lower() for h in hits)
    quotes = [h for h in hits if h["kind"] == "quote"]
    assert all(h["article"] and h["end"] > h["start"] for h in quotes)
    only = storyline("search", "crates", "--db", db, "--kind", "claim", "--json", check=True)
    assert {json.loads(line)["kind"] for line in only.stdout.splitlines()} == {"claim"}
    assert (tmp_path / "s.duckdb.search").is_file()


def test_search_takes_any_text_and_refuses_an_empty_query(examples_run, tmp_path):
    db = tmp_path / "s.duckdb"
    shutil.copy(examples_run[1], db)
    for text in ('"', "AND (", "NEAR(crates", "*", "crates OR 1=1 --"):
        assert storyline("search", text, "--db", db).returncode == 0, text
    empty = storyline("search", "   ", "--db", db)
    assert empty.returncode == 2 and "query" in empty.stderr.lower()
    bad = storyline("search", "crates", "--db", db, "--kind", "poem")
    assert bad.returncode == 2 and "kind" in bad.stderr
