"""STORYLINE_MEMORY_LIMIT caps the memory DuckDB takes for a store; a value that is
not a size is one sentence before anything is opened."""

from __future__ import annotations

import pytest
from conftest import storyline

from storyline.store import Store, StoreError


def test_the_memory_limit_reaches_duckdb(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYLINE_MEMORY_LIMIT", "300MB")
    with Store.open(tmp_path / "s.duckdb") as store:
        limit = store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert limit.replace(" ", "") in ("286.1MiB", "300.0MB")
    with Store.open(tmp_path / "s.duckdb", read_only=True) as store:
        again = store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert again == limit


def test_a_memory_limit_that_is_not_a_size_is_refused_in_one_sentence(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYLINE_MEMORY_LIMIT", "lots")
    with pytest.raises(StoreError, match="STORYLINE_MEMORY_LIMIT is a size such as 4GB"):
        Store.open(tmp_path / "s.duckdb")
    bad = storyline("update", "--db", tmp_path / "t.duckdb")
    assert bad.returncode == 2 and "not 'lots'" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
