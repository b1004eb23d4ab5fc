"""bench/settle_big_store.py: a generated store settled in two calls is up to date.

The seed is the repository's fictional examples/ (make_big_store.py's fallback when the
shared data is missing), replicated to a few dozen articles; no shared data is read.
"""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest
from conftest import ROOT

from storyline.run import runner
from storyline.run.steps import STEPS
from storyline.store import Store


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _main(bench, monkeypatch, *argv: str) -> None:
    monkeypatch.setattr(sys, "argv", ["settle_big_store.py", *argv])
    bench.main()


def test_two_calls_settle_every_step_and_a_stale_step_not_named_is_refused(
        tmp_path, monkeypatch):
    bench = _load("settle_big_store")
    # the fictional seed, cached in the test's folder, not the repository's bench/.cache
    monkeypatch.setattr(bench.make_big_store, "SHARED", tmp_path / "no-shared")
    monkeypatch.setattr(bench.make_big_store, "CACHE", tmp_path / "cache")
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("STORYLINE_MEMORY_LIMIT", raising=False)
    db = tmp_path / "s.duckdb"
    _main(bench, monkeypatch, "--n", "30", "--out", str(db), "--skip", "event_groups",
          "--memory", "1GB", "--quiet")
    with Store.open(db) as store:  # the skipped step is left with everything to redo
        work = {p.name: p.work for p in runner.plan(store, STEPS)}
    assert work["event_groups"].startswith("stale")
    assert all(w == "up to date" for name, w in work.items() if name != "event_groups")

    _main(bench, monkeypatch, "--out", str(db), "--reuse", "--steps", "event_groups",
          "--quiet")
    with Store.open(db) as store:
        assert all(p.work == "up to date" for p in runner.plan(store, STEPS))
        articles = store.con.execute("SELECT count(*) FROM articles").fetchone()[0]
        runner.forget(store, STEPS, "fact_groups", None)
    assert articles >= 30

    runs = json.loads((tmp_path / "s.duckdb.settle.json").read_text())["runs"]
    assert "event_groups" not in runs[0]["steps"]
    assert list(runs[1]["steps"]) == ["event_groups"]
    assert {"entities", "site_notes", "fact_groups", "stories"} <= set(runs[0]["steps"])
    assert runs[0]["build"]["found"]["articles"] == articles
    assert runs[0]["keep_entity_state"] and runs[0]["skipped"] == ["event_groups"]
    assert all(f["items"] is None for name, f in runs[0]["steps"].items()
               if name in ("entities", "site_notes", "fact_groups", "stories"))

    # a stale step the call does not name would be redone silently: refused
    with pytest.raises(SystemExit, match="fact_groups stale"):
        _main(bench, monkeypatch, "--out", str(db), "--reuse", "--steps", "stories")
