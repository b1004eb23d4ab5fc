"""Shared test helpers: the location of ../shared and the CLI under test.

`storyline(...)` drives the CLI in this process (typer's CliRunner): the
spaCy model loads once for the whole suite. `storyline_subprocess(...)` starts
the real `python -m storyline` for the few smoke tests that need a process of
its own (exit status of the real entry point, a kill -9).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
CLI = [sys.executable, "-m", "storyline"]
EXAMPLES = ROOT / "examples"
#: The files `storyline export` writes, without their .jsonl suffix.
EXPORTS = ("articles", "copies", "entities", "quotes", "claims", "times", "stories", "events",
           "numbers_skipped")


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips locally when absent, fails loudly under CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"shared data missing under CI: {path}")
        pytest.skip(f"shared data not available: {path}")
    return path


@dataclass
class Ran:
    """What a CLI invocation left: shaped like subprocess.CompletedProcess."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


def _checked(result: Ran, check: bool) -> Ran:
    if check and result.returncode != 0:
        raise AssertionError(f"storyline {' '.join(result.args)} exited {result.returncode}:\n"
                             f"{result.stdout}\n{result.stderr}")
    return result


def storyline(*args, cwd: Path | None = None, check: bool = False) -> Ran:
    """Run the `storyline` CLI in this process, with its output captured.

    An exception the CLI did not handle ends it with status 1 and its traceback
    on stderr, as it would in a process of its own.
    """
    from typer.testing import CliRunner

    from storyline.present.cli import app

    argv = [str(a) for a in args]
    here = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        result = CliRunner().invoke(app, argv, catch_exceptions=True)
    finally:
        os.chdir(here)
    stderr = result.stderr
    error = result.exception
    if error is not None and not isinstance(error, SystemExit):
        stderr += "".join(traceback.format_exception(error))
    return _checked(Ran(argv, result.exit_code, result.stdout, stderr), check)


def storyline_subprocess(*args, cwd: Path | None = None, check: bool = False) -> Ran:
    """Run the real `python -m storyline` in a process of its own."""
    argv = [str(a) for a in args]
    done = subprocess.run(CLI + argv, cwd=cwd, capture_output=True, text=True, timeout=600)
    return _checked(Ran(argv, done.returncode, done.stdout, done.stderr), check)



def write_feed(folder: Path, texts: dict[str, str], day: str, site: str = "Harbor Wire",
               host: str = "harbor.example", title: str = "Harbor") -> Path:
    """A JSON Lines feed of fictional articles (slug -> text), all published on `day`."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "feed.jsonl", "w", encoding="utf-8") as out:
        for slug, text in texts.items():
            out.write(json.dumps({"url": f"https://{host}/{day}/{slug}",
                                  "title": f"{title} {slug}", "published": day,
                                  "site": site, "text": text}) + "\n")
    return folder


def entity_tables(store) -> tuple[list, list]:
    """The stored entities and their mentions, in a fixed order, to compare two stores."""
    return (store.con.execute("SELECT * FROM entities ORDER BY id").fetchall(),
            store.con.execute("SELECT * FROM entity_mentions ORDER BY ALL").fetchall())

def entity_tables_whole(db: Path, tmp: Path) -> tuple[list, list]:
    """`entity_tables` of a copy of the store at `db` with its entities resolved whole
    again: what an incremental entities update must equal."""
    import shutil

    from storyline.run import pipeline, runner
    from storyline.run.steps import STEPS
    from storyline.store import Store

    whole = tmp / "whole.duckdb"
    shutil.copy(db, whole)
    with Store.open(whole) as store:
        runner.forget(store, STEPS, "entities", None)
        pipeline.update(store)
        tables = entity_tables(store)
    whole.unlink()
    return tables


def analyse(text: str, *spans: tuple[str, str]):
    """Analysis of `text` (one sentence) with the model's spans given as (surface, label),
    in order: the entity rules without the model."""
    from storyline.analyse.entities import Sentence, build_analysis

    raw, pos = [], 0
    for surface, label in spans:
        start = text.index(surface, pos)
        raw.append((start, start + len(surface), label))
        pos = start + len(surface)
    return build_analysis(text, [Sentence(0, len(text))], raw)


def export_bytes(store, out: Path) -> dict[str, bytes]:
    """Each file of the store's export (written to `out`), as bytes, to compare two stores."""
    from storyline.present.export import FILES, export

    export(store, out)
    return {name: (out / name).read_bytes() for name in FILES}


def fresh_export(tmp: Path, feeds: list) -> dict[str, bytes]:
    """The export of a store built whole from these feeds in one update: what an
    incremental update must equal."""
    from storyline.run import pipeline
    from storyline.store import Store

    with Store.open(tmp / "fresh.duckdb") as store:
        pipeline.ingest(feeds, store)
        pipeline.update(store)
        return export_bytes(store, tmp / "fresh-export")


def read_export(folder: Path) -> dict[str, list[dict]]:
    """The records of each file of an export folder."""
    return {name: [json.loads(line) for line in
                   (folder / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
            for name in EXPORTS}


@pytest.fixture(scope="session")
def examples_run(tmp_path_factory):
    """`storyline run examples` once for the tests that only read its results:
    (folder, store, the run's output, its export read back); the report is
    folder/s-report.html and the export folder/export."""
    tmp = tmp_path_factory.mktemp("examples")
    db = tmp / "s.duckdb"
    run = storyline("run", EXAMPLES, "--db", db, check=True)
    storyline("export", "--db", db, "--out", tmp / "export", check=True)
    return tmp, db, run, read_export(tmp / "export")
