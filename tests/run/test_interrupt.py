"""A run killed with SIGKILL midway leaves a usable store that a re-run completes.

The run to kill is a process of its own; the re-run is driven in this process.
"""

from __future__ import annotations

import re
import signal
import subprocess
import time

from conftest import CLI, storyline
from pages import news_page, paragraphs

from storyline.store import Store

PAGES = 300  # short pages: ingest outlasts the first commit by seconds, analysis stays cheap


def test_kill_9_midway_then_rerun_completes(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    for i in range(PAGES):
        page = news_page(1000 + i, body=paragraphs(1000 + i, 2))
        (corpus / f"p{i:04d}.html").write_text(page, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    proc = subprocess.Popen(CLI + ["run", str(corpus), "--db", str(db), "--workers", "1",
                                   "--no-report"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    wal = db.with_name(db.name + ".wal")
    deadline = time.monotonic() + 120
    # wait until at least one batch is committed (the write-ahead log has grown)
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 200_000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    with Store.open(db) as store:
        stored = store.counts()["documents"]
    assert 0 < stored < PAGES
    rerun = storyline("run", corpus, "--db", db, "--no-report", check=True)
    assert re.search(rf"skipped \(already stored\)\s+{stored}\n", rerun.stdout)
    assert re.search(rf"ingested\s+{PAGES - stored}\n", rerun.stdout)
    with Store.open(db) as store:
        assert store.counts() == {"documents": PAGES, "articles": PAGES, "ok": PAGES,
                                  "failed": 0}
