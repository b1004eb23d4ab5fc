"""Faults around the store: damaged files, unwritable folders, a full disk, and
readers while another process writes.

Every case uses a real DuckDB file and real processes: the writer is a process
of its own (a `storyline run`, or a small script holding a `Store`), the
reader is this one. A full disk is a real write failure: the child process
runs under a file-size limit (RLIMIT_FSIZE), so the kernel refuses its writes
past that size, as it would on a full disk. An unwritable folder is a real
one: the child loses the capabilities that let root ignore permissions.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CLI, EXAMPLES, ROOT, storyline
from pages import news_page, paragraphs

from storyline.store import Store, StoreError

TESTS = Path(__file__).resolve().parents[1]


def _corpus(folder: Path, pages: int, start: int = 0) -> Path:
    folder.mkdir()
    for i in range(start, start + pages):
        page = news_page(1000 + i, body=paragraphs(1000 + i, 2))
        (folder / f"p{i:04d}.html").write_text(page, encoding="utf-8")
    return folder


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_error_line(stderr: str) -> str:
    """The whole of stderr, which must be one line starting with "error:"."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


def _permissions_apply() -> None:
    """preexec_fn: file permissions apply to the child even when the tests run as root
    (it loses the capabilities that override them; an ordinary user has none)."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for cap in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
            if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


@pytest.fixture(scope="module")
def small_store(tmp_path_factory) -> Path:
    """A store of three pages written by the real CLI, closed cleanly."""
    tmp = tmp_path_factory.mktemp("small")
    db = tmp / "s.duckdb"
    storyline("run", _corpus(tmp / "in", 3), "--db", db, "--no-report", check=True)
    return db


@pytest.mark.parametrize("damage", ["truncated", "header only", "not a store"])
def test_a_damaged_store_is_refused_in_one_sentence_and_left_as_it_is(small_store, tmp_path,
                                                                      damage):
    db = tmp_path / "damaged.duckdb"
    data = small_store.read_bytes()
    db.write_bytes({"truncated": data[: len(data) // 2], "header only": data[:100],
                    "not a store": b"these are my notes, not a database\n"}[damage])
    before = _digest(db)
    page = tmp_path / "page.html"
    page.write_text(news_page(77), encoding="utf-8")
    for args in (["info"], ["export", "--out", tmp_path / "x"],
                 ["report", "--out", tmp_path / "r.html"],
                 ["run", page, "--no-report"], ["update"]):
        result = storyline(*args, "--db", db)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        line = _one_error_line(result.stderr)
        assert "damaged" in line and str(db) in line and "left as it is" in line
        assert _digest(db) == before, args
    assert not (tmp_path / "x").exists() and not (tmp_path / "r.html").exists()


def test_an_unwritable_store_folder_is_refused_before_the_run(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(news_page(78), encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    locked.chmod(0o555)
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    out = tmp_path / "out"
    out.mkdir()
    cases = [(locked / "s.duckdb", "the folder", "read-only"),
             (tmp_path / "notes.txt" / "s.duckdb", "cannot create the folder", "")]
    for db, said, why in cases:
        done = subprocess.run(CLI + ["run", str(page), "--db", str(db), "--report",
                                     str(out / "r.html")], capture_output=True, text=True,
                              preexec_fn=_permissions_apply, cwd=tmp_path, timeout=300)
        assert done.returncode == 2, (db, done.stdout, done.stderr)
        line = _one_error_line(done.stderr)
        assert said in line and why in line and str(db) in line
        assert done.stdout == ""  # refused before anything ran
        assert not db.exists()
    # an unwritable report folder is refused before the store is even created
    done = subprocess.run(CLI + ["run", str(page), "--db", str(out / "s.duckdb"), "--report",
                                 str(locked / "r.html")], capture_output=True, text=True,
                          preexec_fn=_permissions_apply, cwd=tmp_path, timeout=300)
    assert done.returncode == 2
    assert "read-only" in _one_error_line(done.stderr)
    assert not (out / "s.duckdb").exists()


#: Bytes a file may reach in the full-disk test: one batch of ingest fits, not two.
LIMIT = 300_000

#: `storyline ARGS...` with a full disk: the child loads what extraction loads (its
#: models unpack to temporary files) by extracting one page, then may not write a
#: file past LIMIT, then runs the real command line in the same process.
_FULL_DISK = """
import resource, runpy, sys
from storyline.extract import extract_document
from storyline.records import KIND_HTML, RawDocument, content_id
page = open(sys.argv[1], "rb").read()
extract_document(RawDocument(id=content_id(page), source="warm-up", kind=KIND_HTML,
                             content=page))
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[2]), int(sys.argv[2])))
sys.argv = ["storyline"] + sys.argv[3:]
runpy.run_module("storyline", run_name="__main__")
"""


def _on_a_full_disk(*args: str) -> subprocess.CompletedProcess:
    """The real CLI in a process of its own whose writes fail past LIMIT bytes
    (Python ignores SIGXFSZ, so a write past it fails with EFBIG, as on a full disk)."""
    warm_up = EXAMPLES / "01_northgate_dispatch_original.html"
    return subprocess.run([sys.executable, "-c", _FULL_DISK, str(warm_up), str(LIMIT), *args],
                          capture_output=True, text=True, timeout=600)


def test_a_full_disk_mid_run_is_one_sentence_and_the_same_command_completes(tmp_path):
    corpus = _corpus(tmp_path / "in", 130)
    db = tmp_path / "s.duckdb"
    args = ["run", str(corpus), "--db", str(db), "--no-report", "--workers", "1"]
    # --debug shows where it failed (on a store of its own)
    debug = _on_a_full_disk("--debug", *[a if a != str(db) else str(tmp_path / "d.duckdb")
                                         for a in args])
    assert debug.returncode != 0 and "Traceback" in debug.stderr, debug.stdout
    full = _on_a_full_disk(*args)
    assert full.returncode == 2, full.stdout
    line = _one_error_line(full.stderr)
    assert f"cannot write the store {db}" in line and "run the same command again" in line
    with Store.open(db, read_only=True) as store:
        kept = store.counts()
    assert 0 < kept["documents"] < 130 and kept["failed"] == 0
    again = storyline(*args[:-2], check=True)
    assert re.search(rf"skipped \(already stored\)\s+{kept['documents']}\n", again.stdout)
    with Store.open(db, read_only=True) as store:
        assert store.counts() == {"documents": 130, "articles": 130, "ok": 130, "failed": 0}


_WRITER = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[4])
from pages import news_page, paragraphs
from storyline.extract import EXTRACTOR_VERSION, extract_document
from storyline.records import KIND_HTML, RawDocument, content_id
from storyline.store import Store
db, stop, pausing = sys.argv[1], Path(sys.argv[2]), sys.argv[3] == "pause"
with Store.open(db) as store:
    print("ready", flush=True)
    i = 0
    while not stop.exists():
        data = news_page(5000 + i, body=paragraphs(5000 + i, 1)).encode()
        doc = RawDocument(id=content_id(data), source=f"w{i}.html", kind=KIND_HTML,
                          content=data)
        store.write_batch([doc], [extract_document(doc)], EXTRACTOR_VERSION)
        i += 1
        if pausing:
            store.pause()
        time.sleep(0.02)
print("wrote", i, flush=True)
"""


def _writer(db: Path, tmp_path: Path, pausing: bool) -> tuple[subprocess.Popen, Path]:
    stop = tmp_path / "stop"
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(db), str(stop),
                             "pause" if pausing else "hold", str(TESTS)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT)
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    return proc, stop


def _finish(proc: subprocess.Popen, stop: Path) -> int:
    stop.touch()
    out, errors = proc.communicate(timeout=120)
    assert proc.returncode == 0, errors
    return int(out.split()[-1])


def test_readers_get_in_between_batches_and_a_second_writer_is_refused(tmp_path):
    db = tmp_path / "s.duckdb"
    proc, stop = _writer(db, tmp_path, pausing=True)
    try:
        seen = []
        for _ in range(3):
            started = time.monotonic()
            with Store.open(db, read_only=True, wait=30) as store:
                seen.append(store.counts()["documents"])
            assert time.monotonic() - started < 10
            time.sleep(0.3)
        assert seen[0] < seen[1] < seen[2], seen  # the writer went on between the reads
        started = time.monotonic()
        with pytest.raises(StoreError, match="being written by another storyline process"):
            Store.open(db)
        assert time.monotonic() - started < 5  # refused at once, not after a wait
        second = storyline("update", "--db", db)
        assert second.returncode == 2
        assert "being written by another storyline process" in _one_error_line(second.stderr)
    finally:
        wrote = _finish(proc, stop)
    with Store.open(db, read_only=True) as store:
        assert store.counts()["documents"] == wrote >= seen[-1]


def test_a_reader_gives_up_in_one_sentence_when_the_writer_never_pauses(tmp_path,
                                                                        monkeypatch):
    db = tmp_path / "s.duckdb"
    proc, stop = _writer(db, tmp_path, pausing=False)
    try:
        started = time.monotonic()
        with pytest.raises(StoreError, match="busy"):
            Store.open(db, read_only=True, wait=1)
        assert 1 <= time.monotonic() - started < 10
        monkeypatch.setenv("STORYLINE_WAIT", "1")
        info = storyline("info", "--db", db)
        assert info.returncode == 2
        assert "is busy" in info.stderr and "Traceback" not in info.stderr
        assert "waiting" in info.stderr  # it said it was waiting before it gave up
    finally:
        _finish(proc, stop)


PAGES = 300  # ingest outlasts the first commit by seconds


def test_info_export_and_report_read_the_store_while_a_run_writes_it(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYLINE_WAIT", "600")  # a reader that comes late waits out the steps
    corpus = _corpus(tmp_path / "in", PAGES)
    db = tmp_path / "s.duckdb"
    proc = subprocess.Popen(CLI + ["run", str(corpus), "--db", str(db), "--workers", "1",
                                   "--no-report"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        wal = db.with_name(db.name + ".wal")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if wal.exists() and wal.stat().st_size > 200_000:  # a batch is committed
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the run finished before it could be read"
        info = storyline("info", "--db", db, check=True)
        documents = int(re.search(r"documents: (\d+)", info.stdout).group(1))
        assert 0 < documents < PAGES  # read while the run was still ingesting
        second = storyline("run", corpus, "--db", db, "--no-report")
        assert second.returncode == 2
        assert "being written by another storyline process" in _one_error_line(second.stderr)
        storyline("export", "--db", db, "--out", tmp_path / "x", check=True)
        assert len((tmp_path / "x" / "articles.jsonl").read_text().splitlines()) >= documents
        storyline("report", "--db", db, "--out", tmp_path / "r.html", check=True)
        out, errors = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, errors
    assert re.search(rf"ingested\s+{PAGES}\n", out)
    with Store.open(db, read_only=True) as store:
        assert store.counts()["documents"] == PAGES
