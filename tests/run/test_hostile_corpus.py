"""The hostile corpus (tests/hostile.py) through the real pipeline, in this process.

Every case is stored, failed with a reason naming its file or record, or
skipped with a reason; nothing crashes; nothing is lost (the text each case
carries is in its article); the ordinary pages beside them are all stored;
and a second run over the same inputs changes nothing. The big cases are
sized past every extraction limit but kept small enough for CI; the
benchmark (bench/bench_hostile.py) runs them at full size.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from conftest import CLI
from hostile import ABSENT, DUPLICATE, FAILED, OK, SKIPPED, build, inputs, remove_deep_folders
from pages import news_page, paragraphs

from storyline.extract import extract_document
from storyline.extract.article import MAX_TAG_ATTRIBUTES, MAX_TEXT_CHARS
from storyline.ingest import discover, read_path
from storyline.ingest.discover import display_path
from storyline.records import KIND_HTML, RawDocument, content_id
from storyline.run import pipeline
from storyline.store import Store


def _where(case, expect) -> str:
    return f"{display_path(case.folder)}/{expect.where}"


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    try:
        cases = build(root)
        paths = inputs(root, cases)
        found = discover(paths)
        with Store.open(root / "s.duckdb") as store:
            summary = pipeline.ingest(paths, store)
            reports = pipeline.update(store)
            docs = {source: (status, error, text, json.loads(dropped))
                    for source, status, error, text, dropped in store.con.execute(
                        "SELECT d.source, a.status, a.error, a.text, a.dropped FROM documents d "
                        "JOIN articles a USING (id)").fetchall()}
            counts = store.counts()
            again = pipeline.ingest(paths, store)
            counts_again = store.counts()
        yield cases, found, summary, reports, docs, counts, again, counts_again
    finally:
        remove_deep_folders(root)  # pytest's own clean-up recurses once per folder level


def test_the_corpus_has_the_cases_the_issue_asks_for(hostile_run):
    cases = hostile_run[0]
    assert len(cases) - 1 >= 45  # the ordinary pages are one more "case"
    assert {e.status for c in cases for e in c.expect} == {OK, FAILED, SKIPPED, DUPLICATE,
                                                           ABSENT}


def test_every_case_is_stored_failed_or_skipped_as_expected(hostile_run):
    cases, found, summary, _, docs, *_ = hostile_run
    skipped = {display_path(p): why for p, why in found.skipped}
    wrong = []
    for case in cases:
        for expect in case.expect:
            where = _where(case, expect)
            got = docs.get(where)
            if expect.status in (OK, FAILED):
                if got is None:
                    wrong.append((where, "not stored", skipped.get(where)))
                    continue
                status, error, text, dropped = got
                reasons = " | ".join(item["reason"] for item in dropped)
                if status != expect.status:
                    wrong.append((where, status, error))
                elif status == FAILED and expect.reason not in (error or ""):
                    wrong.append((where, "reason", error))
                elif status == OK and expect.reason not in reasons:
                    wrong.append((where, "note", reasons[-300:]))
                elif expect.contains not in text:
                    wrong.append((where, "text lost", expect.contains))
            elif expect.status == SKIPPED:
                if expect.reason not in skipped.get(where, ""):
                    wrong.append((where, "not skipped", skipped.get(where), got))
            elif got is not None or where in skipped:
                wrong.append((where, "should not be stored", got and got[:2]))
    assert not wrong, "\n".join(map(repr, wrong))


def test_nothing_unexpected_is_stored_and_failures_are_reported(hostile_run):
    cases, _, summary, _, docs, counts, *_ = hostile_run
    expected = {_where(c, e) for c in cases for e in c.expect if e.status in (OK, FAILED)}
    assert set(docs) == expected
    failed = {s for s, (status, *_) in docs.items() if status == FAILED}
    assert {source for source, _ in summary.failures} == failed
    assert all(error for _, error in summary.failures)
    duplicates = sum(e.status == DUPLICATE for c in cases for e in c.expect)
    assert summary.skipped == duplicates
    assert counts == {"documents": len(docs), "articles": len(docs), "ok": len(docs) - len(failed),
                      "failed": len(failed)}


def test_every_step_ran_over_the_articles_without_a_failure(hostile_run):
    reports, docs = hostile_run[3], hostile_run[4]
    by_step = {r.name: r for r in reports}
    assert {"analysis", "facts", "copies"} <= set(by_step)
    assert all(not r.failures for r in reports), [(r.name, r.failures) for r in reports]
    ok = sum(status == OK for status, *_ in docs.values())
    assert by_step["analysis"].processed == ok


def test_the_same_inputs_again_change_nothing(hostile_run):
    *_, counts, again, counts_again = hostile_run
    assert again.ingested == 0 and again.failed == 0
    assert counts_again == counts


def test_an_unreadable_folder_and_file_are_skipped_or_failed_for_a_user(tmp_path):
    """As a user who cannot read them (root reads anything, so a child process
    drops to the `nobody` user when the tests run as root)."""
    top = Path(tempfile.mkdtemp(prefix="storyline-unreadable-", dir="/tmp"))
    try:
        top.chmod(0o755)
        (top / "ok.html").write_text(news_page(1))
        (top / "locked").mkdir()
        (top / "locked" / "inside.html").write_text(news_page(2))
        (top / "locked").chmod(0o000)
        (top / "secret.html").write_text(news_page(3))
        (top / "secret.html").chmod(0o000)
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: become an ordinary user, look, report, leave
            try:
                os.close(read)
                if os.geteuid() == 0:
                    os.setgid(65534)
                    os.setuid(65534)
                found = discover([top])
                docs = [d for f in found.files for d in read_path(f)]
                out = {"files": [str(f) for f in found.files],
                       "skipped": [[str(p), why] for p, why in found.skipped],
                       "errors": {d.source: d.error for d in docs}}
                os.write(write, json.dumps(out).encode())
            finally:
                os._exit(0)
        os.close(write)
        with os.fdopen(read, "rb") as handle:
            out = json.loads(handle.read())
        os.waitpid(pid, 0)
    finally:
        (top / "locked").chmod(0o755)
        shutil.rmtree(top)
    assert out["files"] == [str(top / "ok.html"), str(top / "secret.html")]
    assert out["skipped"] == [[str(top / "locked"),
                               "cannot read folder: Permission denied: skipped"]]
    assert out["errors"] == {str(top / "ok.html"): None,
                             str(top / "secret.html"): "cannot read file: Permission denied"}


# --- the limits that keep one document's cost bounded ------------------------------

def _extract(page: str):
    data = page.encode()
    return extract_document(RawDocument(id=content_id(data), source="p.html", kind=KIND_HTML,
                                        content=data))


def test_a_tag_keeps_its_first_attributes_and_says_so():
    attrs = " ".join(f'data-a{i}="v"' for i in range(3 * MAX_TAG_ATTRIBUTES))
    article = _extract(news_page(5).replace("<article>", f"<article {attrs}>"))
    assert article.status == OK
    assert article.text == _extract(news_page(5)).text
    (note,) = [d for d in article.dropped if d.reason.startswith("limit:")]
    assert note.text == f"<article> with {3 * MAX_TAG_ATTRIBUTES:,} attributes"


def test_clean_text_is_cut_for_analysis_at_a_line_and_says_so():
    body = [p for seed in range(200) for p in paragraphs(seed)]
    article = _extract(news_page(7, body=body))
    assert article.status == OK
    assert MAX_TEXT_CHARS - 1000 < len(article.text) <= MAX_TEXT_CHARS
    assert article.text.split("\n")[-1] in body  # whole paragraphs only
    assert all(s.end <= len(article.text) for s in article.segments)
    (note,) = [d for d in article.dropped if d.reason.startswith("limit: text")]
    assert note.reason.startswith(f"limit: text beyond {MAX_TEXT_CHARS:,} characters cut")


# --- workers never outlive their run -----------------------------------------------

def _children(pid: int) -> set[int]:
    out: set[int] = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                out |= {int(x) for x in handle.read().split()}
        except OSError:
            pass
    return out


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_workers_end_when_their_run_is_killed(tmp_path, how):
    corpus = tmp_path / "in"
    corpus.mkdir()
    for i in range(400):
        (corpus / f"p{i:04d}.html").write_text(news_page(2000 + i, body=paragraphs(2000 + i, 2)))
    proc = subprocess.Popen(CLI + ["run", str(corpus), "--db", str(tmp_path / "s.duckdb"),
                                   "--workers", "2", "--no-report"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and len(workers) < 2:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert proc.poll() is None and len(workers) == 2, "the run ended before its workers began"
    proc.send_signal(how)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_running(w) for w in workers):
        time.sleep(0.05)
    alive = [w for w in workers if _running(w)]
    for pid in alive:  # leave nothing behind, then fail
        os.kill(pid, signal.SIGKILL)
    assert not alive, f"workers {alive} outlived their run"
