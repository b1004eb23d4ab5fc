"""What discovery finds, and what it skips with a reason: pipes, link loops and
broken links, storyline's own outputs, file names that are not UTF-8."""

from __future__ import annotations

import json
import os
import threading

from pages import news_page

from storyline.ingest import discover, read_path
from storyline.ingest.discover import display_path


def _skipped(found) -> dict[str, str]:
    return {p.name: why for p, why in found.skipped}


def test_a_named_pipe_is_skipped_as_not_a_regular_file_and_never_opened(tmp_path):
    os.mkfifo(tmp_path / "in-folder.html")
    os.mkfifo(tmp_path / "named.html")
    (tmp_path / "page.html").write_text(news_page(1))
    found = discover([tmp_path, tmp_path / "named.html"])
    assert [p.name for p in found.files] == ["page.html"]
    assert found.missing == []
    assert _skipped(found) == {
        "in-folder.html": "not a regular file (a named pipe): skipped",
        "named.html": "not a regular file (a named pipe): skipped"}
    # a reader handed a pipe directly says so instead of waiting on it forever
    result: list = []
    reader = threading.Thread(target=lambda: result.extend(read_path(tmp_path / "named.html")))
    reader.start()
    reader.join(10)
    assert not reader.is_alive()
    assert [d.error for d in result] == ["not a regular file: not read"]


def test_links_are_followed_and_loops_and_broken_links_are_reported(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.html").write_text(news_page(2))
    os.symlink("..", tmp_path / "a" / "up")  # a loop back to the top
    os.symlink("a", tmp_path / "b")  # a second way to the same folder
    os.symlink("loop.html", tmp_path / "loop.html")
    os.symlink("missing/two.html", tmp_path / "two.html")
    os.symlink("a/one.html", tmp_path / "three.html")
    found = discover([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found.files] == ["a/one.html"]
    skipped = _skipped(found)
    assert skipped["up"] == "symbolic link loop (a folder that holds it): skipped"
    assert skipped["loop.html"].startswith("symbolic link loop (-> loop.html)")
    assert skipped["two.html"] == "broken symbolic link (-> missing/two.html): skipped"
    assert set(skipped) == {"up", "loop.html", "two.html"}


def test_a_broken_link_named_on_the_command_line_is_not_called_missing(tmp_path):
    os.symlink("gone.html", tmp_path / "link.html")
    found = discover([tmp_path / "link.html", tmp_path / "absent.html"])
    assert [p.name for p in found.missing] == ["absent.html"]
    assert _skipped(found) == {"link.html": "broken symbolic link (-> gone.html): skipped"}


def test_storylines_own_report_and_export_are_skipped_but_look_alikes_are_read(tmp_path):
    body = "".join(f"<p>Paragraph {i} of the report.</p>" for i in range(5))
    (tmp_path / "report.html").write_text(
        f'<html><head><meta name="generator" content="storyline 0.4"></head><body>{body}')
    (tmp_path / "older-report.html").write_text(
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>storyline report: s.duckdb</title></head><body>{body}")
    (tmp_path / "page.html").write_text(news_page(3).replace(
        "<head>", '<head><meta name="generator" content="WordPress 6.5">'))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "articles.jsonl").write_text(json.dumps(
        {"id": "a", "source": "x.html", "text": "t", "dropped": [], "status": "ok",
         "independence_key": "a", "copy_group": None}) + "\n")
    (tmp_path / "out" / "times.jsonl").write_text(json.dumps(
        {"article": "a", "start": 0, "end": 4, "text": "June", "type": "DATE",
         "value": "2031-06", "precision": "month"}) + "\n")
    (tmp_path / "mine").mkdir()  # a user's own feed that happens to be called articles.jsonl
    (tmp_path / "mine" / "articles.jsonl").write_text(json.dumps(
        {"text": "A story.", "url": "https://x.example/1"}) + "\n")
    found = discover([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found.files] == [
        "mine/articles.jsonl", "page.html"]
    assert {p.relative_to(tmp_path).as_posix(): why for p, why in found.skipped} == {
        "older-report.html": "a storyline report, not an input page",
        "out/articles.jsonl": "a storyline export file, not input records",
        "out/times.jsonl": "a storyline export file, not input records",
        "report.html": "a storyline report, not an input page"}


def test_a_file_name_that_is_not_utf8_is_named_with_escapes(tmp_path):
    raw = os.fsencode(tmp_path) + b"/caf\xe9 \xff.html"
    with open(raw, "wb") as handle:
        handle.write(news_page(4).encode())
    (path,) = discover([tmp_path]).files
    (doc,) = read_path(path)
    assert doc.error is None
    assert doc.source == display_path(path) == f"{tmp_path}/caf\\xe9 \\xff.html"
    doc.source.encode("utf-8")  # storable and printable as it is
