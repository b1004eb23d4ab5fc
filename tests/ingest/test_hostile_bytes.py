"""Bad bytes and bad records: each fails alone and named, or is read with a note;
nothing is lost and no failure blocks a later good read of the same bytes."""

from __future__ import annotations

import gzip
import json
import random
from io import BytesIO

from pages import news_page, paragraphs

from storyline.extract import extract_document
from storyline.extract.decode import DecodeError, binary_kind, decode
from storyline.ingest import read_path
from storyline.ingest.readers import checked_url
from storyline.records import (
    HINT_DROPPED,
    KIND_HTML,
    MAX_DOCUMENT_BYTES,
    RawDocument,
    content_id,
    unreadable_id,
)

LINE = "The harbour board confirmed the convoy schedule for Tuesday morning."


def _page_with(line: str) -> str:
    body = paragraphs(9)
    body.insert(2, line)
    return news_page(9, body=body)


def _article(data: bytes):
    return extract_document(RawDocument(id=content_id(data), source="p.html", kind=KIND_HTML,
                                        content=data))


def test_a_control_character_in_a_paragraph_costs_only_that_character():
    for ch in ("\x01", "\x08", "\x1b", "\x7f", "\ufffe"):
        article = _article(_page_with(LINE.replace("convoy", f"con{ch}voy")).encode())
        assert article.status == "ok", (repr(ch), article.error)
        assert LINE in article.text
    article = _article(_page_with(LINE.replace("convoy", "\x1b[1;31mconvoy\x1b[0m")).encode())
    assert LINE in article.text  # a terminal escape sequence goes whole


def test_binary_is_judged_by_the_whole_sample_or_a_real_signature():
    page = _page_with(LINE).encode()
    assert binary_kind(page[:500] + b"\x00" + page[500:]) is None
    assert LINE in _article(page[:500] + b"\x00" + page[500:]).text
    assert binary_kind(random.Random(1).randbytes(4000)) == "binary data"
    assert binary_kind(b"\x89PNG\r\n\x1a\n" + page) == "PNG image"
    assert binary_kind(b"%PDF-1.7\n" + page) == "PDF document"
    try:
        decode(b"PK\x03\x04" + page)
    except DecodeError as err:
        assert str(err) == "binary content (ZIP archive), not a text or HTML page"
    else:
        raise AssertionError("a ZIP archive decoded as text")


def test_utf16_without_a_bom_and_a_false_utf16_declaration_decode():
    page = _page_with("Zoë Hartmann: " + LINE)
    assert "Zoë Hartmann: " + LINE in decode(page.encode("utf-16-le"))
    assert "Zoë Hartmann: " + LINE in decode(page.encode("utf-16-be"))
    liar = page.replace('<meta charset="utf-8">', '<meta charset="utf-16">').encode()
    assert "Zoë Hartmann: " + LINE in decode(liar)


def test_mixed_encodings_decode_in_linear_time_and_keep_both_parts():
    part = "Zoë Ångström said the fee rose to 5".encode() + b"\x80 (euro) at the gate. "
    text = decode(part * 20_000)  # 20,000 stray cp1252 bytes: one pass, not one per byte
    assert text.count("Zoë Ångström said the fee rose to 5\u20ac (euro)") == 20_000


def test_legacy_encodings_are_not_taken_for_utf8_with_stray_bytes():
    japanese = "東京で会議が開かれた。政府は新しい計画を発表した。" * 50
    page = f"<html><body><p>{japanese}</p></body></html>"
    assert japanese in decode(page.encode("shift_jis"))
    russian = "Правительство заявило, что новости будут сегодня. " * 50
    assert russian in decode(f"<html><body><p>{russian}</p></body></html>".encode("cp1251"))


def test_every_member_of_a_multi_member_gzip_is_kept(tmp_path):
    page = _page_with(LINE).encode()
    half = len(page) // 2
    path = tmp_path / "two.html.gz"
    path.write_bytes(gzip.compress(page[:half]) + b"\0\0" + gzip.compress(page[half:]))
    (doc,) = read_path(path)
    assert doc.content == page and doc.id == content_id(page)
    assert LINE in extract_document(doc).text


def test_members_together_over_the_limit_are_refused(tmp_path):
    member = gzip.compress(b" " * (MAX_DOCUMENT_BYTES // 2 + 10))
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(member + member)
    (doc,) = read_path(path)
    assert doc.error.startswith("document too large") and "after decompression" in doc.error


def test_a_page_misnamed_gz_is_read_as_it_is_with_a_note(tmp_path):
    page = _page_with(LINE).encode()
    (tmp_path / "page.html.gz").write_bytes(page)
    (doc,) = read_path(tmp_path / "page.html.gz")
    assert doc.error is None and doc.id == content_id(page)
    assert doc.hints[HINT_DROPPED] == [["page.html.gz",
                                        "named .gz but not gzip-compressed: read as it is"]]
    article = extract_document(doc)
    assert LINE in article.text
    assert article.dropped[-1].reason == "named .gz but not gzip-compressed: read as it is"


def test_trailing_bytes_after_a_gzip_member_are_noted(tmp_path):
    page = _page_with(LINE).encode()
    (tmp_path / "tail.html.gz").write_bytes(gzip.compress(page) + b"junk")
    (doc,) = read_path(tmp_path / "tail.html.gz")
    assert doc.content == page
    assert doc.hints[HINT_DROPPED] == [["4 bytes", "bytes after gzip member 1 are not gzip: "
                                                   "not read"]]


def test_a_failed_read_never_has_the_id_of_a_good_read_of_the_same_bytes(tmp_path):
    dump = "Harbour plan\n\n" + "\n\n".join(paragraphs(10))
    line = dump.replace("\n", " ")
    (tmp_path / "feed.jsonl").write_text(line + "\n")
    (tmp_path / "dump.txt").write_text(line)
    (failed,) = read_path(tmp_path / "feed.jsonl")
    (good,) = read_path(tmp_path / "dump.txt")
    assert failed.error.startswith("malformed JSON on line 1")
    assert good.error is None and good.id == content_id(line.encode())
    assert failed.id == unreadable_id(line.encode()) != good.id
    assert [d.id for d in read_path(tmp_path / "feed.jsonl")] == [failed.id]  # same, again


def test_urls_that_cannot_be_page_urls_are_dropped_with_why():
    assert checked_url("https://x.example/a") == ("https://x.example/a", None)
    assert checked_url(None) == (None, None)
    assert checked_url("http://[::1/broken") == (
        None, ["http://[::1/broken", "invalid URL (Invalid IPv6 URL): not used"])
    assert checked_url([1, 2]) == (None, ["[1, 2]", "url is a list, not a string: not used"])
    assert checked_url(7)[1][1] == "url is a int, not a string: not used"
    assert checked_url({"a": 1})[1][1] == "url is a dict, not a string: not used"
    assert checked_url("javascript:alert(1)")[1][1] == (
        "invalid URL (not an http or https URL): not used")
    assert checked_url("http://x.example:99999/")[1][1].startswith("invalid URL (Port")
    assert checked_url("https://x.example/" + "a" * 5000)[1][1] == (
        "invalid URL (longer than 4096 characters): not used")


def test_jsonl_records_with_bad_urls_deep_nesting_or_huge_lines_fail_alone(tmp_path):
    record = {"text": "Harbour plan\n\n" + "\n\n".join(paragraphs(11)), "title": "Plan"}
    path = tmp_path / "feed.jsonl"
    with path.open("w") as out:
        out.write(json.dumps(record | {"url": "http://[::1/broken"}) + "\n")
        out.write("[" * 100_000 + "]" * 100_000 + "\n")
        out.write(json.dumps({"text": "x " * (MAX_DOCUMENT_BYTES // 2 + 10)}) + "\n")
        out.write(json.dumps(record | {"url": {"href": "https://x.example/"}}) + "\n")
        out.write(json.dumps(record | {"html": news_page(12), "text": None,
                                       "url": "https://valmora-ledger.example/p"}) + "\n")
    docs = list(read_path(path))
    assert [d.source.rsplit(":", 1)[1] for d in docs] == ["1", "2", "3", "4", "5"]
    assert [d.url for d in docs] == [None, None, None, None, "https://valmora-ledger.example/p"]
    assert docs[1].error == "line 2: JSON nested too deep to read"
    assert docs[2].error.startswith("line 3: document too large") and len(docs[2].content) == 1024
    articles = [extract_document(d) for d in docs]
    assert [a.status for a in articles] == ["ok", "failed", "failed", "ok", "ok"]
    assert articles[0].dropped[-1].reason == "invalid URL (Invalid IPv6 URL): not used"
    assert articles[4].site == "The Valmora Ledger"


def _warc(records: list[tuple[str | None, str]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = BytesIO()
    writer = WARCWriter(out, gzip=True)
    for uri, html in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                   protocol="HTTP/1.1")
        record = writer.create_warc_record(uri or "https://x.example/", "response",
                                           payload=BytesIO(html.encode()), http_headers=headers)
        if uri is None:
            record.rec_headers.remove_header("WARC-Target-URI")
        writer.write_record(record)
    return out.getvalue()


def test_warc_records_without_or_with_a_bad_target_uri_fail_or_lose_only_the_uri(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_warc([(None, news_page(13)), ("http://[::1/broken", news_page(14)),
                            ("https://valmora-ledger.example/ok", news_page(15))]))
    docs = list(read_path(path))
    assert [d.source.rsplit("#", 1)[1] for d in docs] == ["1", "2", "3"]
    assert docs[0].error == "WARC response record 1 has no WARC-Target-URI: not read"
    assert b"HTTP/1.1 200 OK" in docs[0].content  # the record's bytes are kept
    assert docs[1].error is None and docs[1].url is None
    assert docs[1].hints[HINT_DROPPED] == [["http://[::1/broken",
                                            "invalid URL (Invalid IPv6 URL): not used"]]
    assert docs[2].url == "https://valmora-ledger.example/ok"
    assert [extract_document(d).status for d in docs] == ["failed", "ok", "ok"]
