"""The DuckDB store: schema versions, batched writes, reads back what it wrote."""

from __future__ import annotations

import duckdb
import pytest
from pages import news_page

from storyline.extract import EXTRACTOR_VERSION, extract_document
from storyline.records import KIND_HTML, RawDocument, content_id
from storyline.store import Store, StoreError, step_tables
from storyline.store.schema import SCHEMA_VERSION


def _doc(seed: int) -> RawDocument:
    data = news_page(seed).encode()
    return RawDocument(id=content_id(data), source=f"page{seed}.html", kind=KIND_HTML,
                       content=data, url=f"https://valmora-ledger.example/{seed}")


def test_new_store_is_at_the_current_schema_version(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as store:
        assert store.schema_version() == SCHEMA_VERSION
    with Store.open(tmp_path / "s.duckdb") as store:  # reopening migrates nothing
        assert store.schema_version() == SCHEMA_VERSION


def test_a_new_store_creates_its_folder(tmp_path):
    path = tmp_path / "not" / "yet" / "s.duckdb"
    with Store.open(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
    assert path.exists()


def test_store_from_a_newer_storyline_is_refused(tmp_path):
    path = tmp_path / "s.duckdb"
    Store.open(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                [str(SCHEMA_VERSION + 1)])
    con.close()
    with pytest.raises(StoreError, match="newer than this storyline"):
        Store.open(path)


def test_read_only_open_of_a_missing_store_says_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="storyline run"):
        Store.open(tmp_path / "none.duckdb", read_only=True)


def test_articles_and_raw_bytes_round_trip(tmp_path):
    docs = [_doc(1), _doc(2)]
    articles = [extract_document(d) for d in docs]
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write_batch(docs, articles, EXTRACTOR_VERSION)
        assert store.known_ids([docs[0].id, "nope"]) == {docs[0].id}
        assert store.raw_bytes(docs[1].id) == docs[1].content
        back = {a.id: a for a in store.articles()}
        assert back[docs[0].id] == articles[0]
        assert store.counts() == {"documents": 2, "articles": 2, "ok": 2, "failed": 0}
        again = store.raw_documents([docs[1].id])
        assert again[0].content == docs[1].content and again[0].url == docs[1].url


def test_documents_to_extract_follow_the_extractor_version(tmp_path):
    docs = [_doc(3), _doc(4)]
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write_batch(docs[:1], [extract_document(docs[0])], "old")
        step_tables.mark_done(store, "extract", "old", [docs[0].id])
        store.write_batch(docs[1:], [extract_document(docs[1])], EXTRACTOR_VERSION)
        step_tables.mark_done(store, "extract", EXTRACTOR_VERSION, [docs[1].id])
        assert step_tables.pending_documents(store, "extract", EXTRACTOR_VERSION) == [
            docs[0].id]
        step_tables.forget_done(store, "extract", None)
        assert sorted(step_tables.pending_documents(store, "extract", EXTRACTOR_VERSION)) == \
            sorted(d.id for d in docs)


def test_a_failed_batch_leaves_earlier_batches_intact(tmp_path):
    first, second = _doc(5), _doc(6)
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write_batch([first], [extract_document(first)], EXTRACTOR_VERSION)
        broken = extract_document(second)
        with pytest.raises(Exception):  # noqa: B017 - any failure mid-transaction
            store.write_batch([second], [broken, None], EXTRACTOR_VERSION)
        assert store.counts()["documents"] == 1
        assert [a.id for a in store.articles()] == [first.id]
