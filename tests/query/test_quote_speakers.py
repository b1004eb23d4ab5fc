"""`storyline quotes --speaker NAME` finds a speaker by any of their names, as whole words.

The examples store is copied and re-resolved with a fictional alias: the
articles only ever write "Dmitar Solen" or "Solen"; the alias table names him
"Dmitri Solénko".
"""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import storyline


@pytest.fixture(scope="module")
def aliased(examples_run, tmp_path_factory):
    _, db, _, _ = examples_run
    tmp = tmp_path_factory.mktemp("speakers")
    copy = tmp / "s.duckdb"
    shutil.copy(db, copy)
    aliases = tmp / "aliases.tsv"
    aliases.write_text("Dmitar Solen\tDmitri Solénko\tperson\n", encoding="utf-8")
    storyline("update", "--db", copy, "--aliases", aliases, check=True)
    return copy


def _speakers(db, name: str) -> list[str]:
    ran = storyline("quotes", "--db", db, "--speaker", name, "--json", check=True)
    return [json.loads(line)["speaker"]["name"] for line in ran.stdout.splitlines()]


def test_every_form_of_the_name_finds_the_same_quotes(aliased):
    by_alias = _speakers(aliased, "Dmitri Solenko")  # no accent, as a user types it
    assert by_alias and set(by_alias) == {"Dmitri Solénko"}
    for form in ("SOLÉNKO", "dmitri solénko", "Dmitar Solen", "solen"):
        assert _speakers(aliased, form) == by_alias, form


def test_only_whole_words_match(aliased):
    assert _speakers(aliased, "Sole") == []  # a prefix of "Solen" is not his name
    assert _speakers(aliased, "Dmitri Sol") == []
    assert _speakers(aliased, "Solenkov") == []


def test_a_speaker_with_no_entity_is_found_by_the_words_the_article_gives(aliased):
    said = _speakers(aliased, "ministry spokesman")
    assert said and all("ministry spokesman" in s.lower() for s in said)
    assert _speakers(aliased, "ministry spokes") == []  # "spokes" is no word of it
    # "Ostrevia's presidential spokesman, Dmitar Solen, also denied ...": the name speaks
    assert "Dmitri Solénko" in _speakers(aliased, "Solen")
    assert _speakers(aliased, "presidential spokesman") == []
