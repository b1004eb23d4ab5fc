"""Readers turn files into RawDocuments; bad input becomes a named failure."""

from __future__ import annotations

import gzip
import json

from pages import news_page, write_warc

from storyline.ingest import discover, read_path
from storyline.records import KIND_HTML, KIND_JSONL, KIND_TEXT, MAX_DOCUMENT_BYTES, content_id


def test_discover_walks_folders_in_sorted_order_and_reports_the_rest(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.html").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "c.warc.gz").write_bytes(b"x")
    (tmp_path / "notes.md").write_text("x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.html").write_text("x")
    found = discover([tmp_path, tmp_path / "notes.md", tmp_path / "nope.html"])
    assert [p.name for p in found.files] == ["a.txt", "two.html", "c.warc.gz"]
    assert [p.name for p in found.unsupported] == ["notes.md"]
    assert [p.name for p in found.missing] == ["nope.html"]


def test_html_text_and_gzip_files_are_one_document_each(tmp_path):
    html = news_page(1).encode()
    (tmp_path / "p.html").write_bytes(html)
    (tmp_path / "p.html.gz").write_bytes(gzip.compress(html))
    (tmp_path / "d.txt").write_bytes(b"Headline\n\nA paragraph of text.")
    plain = list(read_path(tmp_path / "p.html"))
    zipped = list(read_path(tmp_path / "p.html.gz"))
    dump = list(read_path(tmp_path / "d.txt"))
    assert plain[0].kind == zipped[0].kind == KIND_HTML
    assert plain[0].id == zipped[0].id == content_id(html)  # id is of the page bytes
    assert dump[0].kind == KIND_TEXT and dump[0].error is None


def test_truncated_gzip_and_empty_file_fail_with_their_names(tmp_path):
    blob = gzip.compress(news_page(2).encode())
    (tmp_path / "cut.html.gz").write_bytes(blob[: len(blob) // 2])
    (tmp_path / "empty.html").write_bytes(b"")
    cut = list(read_path(tmp_path / "cut.html.gz"))
    empty = list(read_path(tmp_path / "empty.html"))
    assert len(cut) == 1 and "truncated gzip" in cut[0].error
    assert cut[0].source.endswith("cut.html.gz")
    assert empty[0].error == "empty file"


def test_gzip_bomb_is_refused(tmp_path):
    (tmp_path / "bomb.html.gz").write_bytes(gzip.compress(b" " * (MAX_DOCUMENT_BYTES + 10)))
    (doc,) = read_path(tmp_path / "bomb.html.gz")
    assert "too large" in doc.error


def test_jsonl_lines_fail_alone_and_are_named_by_line(tmp_path):
    good = {"text": "A story.", "url": "https://x.example/1", "title": "T",
            "published": "2031-01-02"}
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(good) + "\n{broken\n\n[1, 2]\n" + json.dumps(good | {"url": 5})
                    + "\n")
    docs = list(read_path(path))
    assert [d.source.rsplit(":", 1)[1] for d in docs] == ["1", "2", "4", "5"]
    assert docs[0].kind == KIND_JSONL and docs[0].url == "https://x.example/1"
    assert docs[0].hints == {"title": "T", "published": "2031-01-02"}
    assert "malformed JSON on line 2" in docs[1].error
    assert "not a JSON object" in docs[2].error
    assert docs[3].url is None and docs[3].error is None


def test_warc_yields_html_responses_and_skips_other_records(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [("https://valmora-ledger.example/a", news_page(3)),
                      ("https://valmora-ledger.example/b", news_page(4))])
    docs = list(read_path(path))
    assert [d.url for d in docs] == ["https://valmora-ledger.example/a",
                                     "https://valmora-ledger.example/b"]
    assert all(d.error is None and d.kind == KIND_HTML for d in docs)
    assert docs[0].retrieved_at == "2031-03-15T10:00:00Z"
    assert docs[0].hints == {"charset": "utf-8"}
    assert docs[0].id == content_id(news_page(3).encode())


def test_truncated_warc_keeps_records_before_the_damage(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [(f"https://valmora-ledger.example/{i}", news_page(i)) for i in range(4)],
               with_image=False)
    data = path.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.7)])
    docs = list(read_path(cut))
    good = [d for d in docs if d.error is None]
    bad = [d for d in docs if d.error]
    assert 1 <= len(good) < 4
    assert len(bad) == 1 and "WARC" in bad[0].error
    assert bad[0].source.startswith(str(cut) + "#")


def test_garbage_named_warc_fails_cleanly(tmp_path):
    path = tmp_path / "junk.warc"
    path.write_bytes(b"this is not a warc file at all\n" * 20)
    docs = list(read_path(path))
    assert len(docs) == 1 and docs[0].error and "junk.warc" in docs[0].source
