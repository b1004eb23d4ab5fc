"""Reads and writes of the DuckDB store.

Writes happen in batches, each in one transaction that holds a document,
its raw bytes and its article together: a run killed midway leaves only
whole batches behind, and a re-run skips what is already stored.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import duckdb

from storyline.records import (
    Article,
    DateEvidence,
    Dropped,
    RawDocument,
    Segment,
)
from storyline.store.schema import MIGRATIONS, SCHEMA_VERSION

ARTICLE_COLUMNS = (
    "id", "source", "url", "site", "title", "dek", "author", "published", "published_evidence",
    "date_evidence", "language", "section", "tags", "text", "dropped", "segments", "status",
    "error", "extractor_version",
)


def _inflate(codec: str, blob: bytes) -> bytes:
    return zlib.decompress(blob) if codec == "zlib" else bytes(blob)


@contextmanager
def transaction(store: Store) -> Iterator[None]:
    """Run the block in one transaction: all of its writes land, or none do."""
    store.con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        store.con.execute("ROLLBACK")
        raise
    store.con.execute("COMMIT")


def insert_rows(store: Store, table: str, rows: list[tuple], conflict: str = "") -> None:
    """Insert many rows at once: one list parameter per column, unnested by DuckDB
    (orders of magnitude faster than `executemany`). `conflict` is "", "OR IGNORE"
    or "OR REPLACE"."""
    if not rows:
        return
    columns = [list(c) for c in zip(*rows, strict=True)]
    store.con.execute(
        f"INSERT {conflict} INTO {table} SELECT {', '.join(['unnest(?)'] * len(columns))}",
        columns)


class StoreError(RuntimeError):
    """The store cannot be opened or is from a newer storyline."""


def dump_json(value) -> str:
    """Compact JSON for nested fields stored in a VARCHAR column."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def article_row(article: Article, extractor_version: str) -> tuple:
    """An Article as a row of the `articles` table (nested fields as JSON)."""
    return (
        article.id, article.source, article.url, article.site, article.title, article.dek,
        article.author, article.published, article.published_evidence,
        dump_json([asdict(e) for e in article.date_evidence]), article.language, article.section,
        dump_json(list(article.tags)), article.text,
        dump_json([asdict(d) for d in article.dropped]),
        dump_json([[s.start, s.end, s.raw_start, s.raw_end] for s in article.segments]),
        article.status, article.error, extractor_version,
    )


def article_from_row(row: tuple) -> Article:
    """Inverse of `article_row` (the extractor version is dropped)."""
    d = dict(zip(ARTICLE_COLUMNS, row, strict=True))
    return Article(
        id=d["id"], source=d["source"], url=d["url"], site=d["site"], title=d["title"],
        dek=d["dek"], author=d["author"], published=d["published"],
        published_evidence=d["published_evidence"],
        date_evidence=tuple(DateEvidence(**e) for e in json.loads(d["date_evidence"])),
        language=d["language"], section=d["section"], tags=tuple(json.loads(d["tags"])),
        text=d["text"], dropped=tuple(Dropped(**x) for x in json.loads(d["dropped"])),
        segments=tuple(Segment(*s) for s in json.loads(d["segments"])),
        status=d["status"], error=d["error"],
    )


class Store:
    """One DuckDB file. Use as a context manager; `Store.open(path)` migrates."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path):
        self.con = con
        self.path = path

    @classmethod
    def open(cls, path: str | Path, read_only: bool = False) -> Store:
        path = Path(path)
        if read_only and not path.exists():
            raise StoreError(f"no store at {path}: run `storyline run PATH --db {path}` first")
        try:
            if not read_only:
                path.parent.mkdir(parents=True, exist_ok=True)
            con = duckdb.connect(str(path), read_only=read_only)
        except (duckdb.Error, OSError) as err:
            raise StoreError(f"cannot open store {path}: {err}") from err
        store = cls(con, path)
        try:
            if not read_only:
                store.migrate()
            elif store._check_version() < SCHEMA_VERSION:
                raise StoreError(
                    f"store {path} has schema version {store.schema_version()}, older than this "
                    f"storyline ({SCHEMA_VERSION}): run `storyline update --db {path}` to "
                    "upgrade it")
        except BaseException:
            con.close()
            raise
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- schema -----------------------------------------------------------

    def schema_version(self) -> int:
        has_meta = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
        ).fetchone()[0]
        if not has_meta:
            return 0
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _check_version(self) -> int:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"store {self.path} has schema version {version}, newer than this storyline "
                f"({SCHEMA_VERSION}); upgrade storyline"
            )
        return version

    def migrate(self) -> None:
        """Bring the schema up to SCHEMA_VERSION, one transaction per step."""
        version = self._check_version()
        if version == 0:
            self.con.execute(
                "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)"
            )
        for number in range(version + 1, SCHEMA_VERSION + 1):
            self.con.execute("BEGIN TRANSACTION")
            try:
                for statement in MIGRATIONS[number - 1]:
                    self.con.execute(statement)
                self.con.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(number)]
                )
                self.con.execute("COMMIT")
            except duckdb.Error:
                self.con.execute("ROLLBACK")
                raise

    # -- writes -----------------------------------------------------------

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        if not ids:
            return set()
        rows = self.con.execute(
            "SELECT id FROM documents WHERE id IN (SELECT unnest(?))", [ids]
        ).fetchall()
        return {r[0] for r in rows}

    def write_batch(
        self, docs: list[RawDocument], articles: list[Article], extractor_version: str
    ) -> None:
        """Store documents, their raw bytes and their articles in one transaction."""
        with transaction(self):
            insert_rows(self, "documents", [
                (d.id, d.source, d.kind, d.url, d.retrieved_at, len(d.content), dump_json(d.hints),
                 d.error) for d in docs], "OR IGNORE")
            insert_rows(self, "raw", [(d.id, "zlib", zlib.compress(d.content, 6)) for d in docs],
                        "OR IGNORE")
            insert_rows(self, "articles", [article_row(a, extractor_version) for a in articles],
                        "OR REPLACE")

    # -- reads ------------------------------------------------------------

    def stale_ids(self, extractor_version: str | None = None) -> list[str]:
        """Ids of stored documents, in id order; with a version, only those whose
        article was made by another extractor version (or that have none)."""
        sql = "SELECT d.id FROM documents d LEFT JOIN articles a USING (id)"
        params: list = []
        if extractor_version is not None:
            sql += " WHERE a.id IS NULL OR a.extractor_version <> ?"
            params.append(extractor_version)
        return [r[0] for r in self.con.execute(sql + " ORDER BY d.id", params).fetchall()]

    def raw_documents(self, ids: list[str]) -> list[RawDocument]:
        """The stored documents with these ids, raw bytes included, in id order."""
        rows = self.con.execute(
            "SELECT d.id, d.source, d.kind, d.url, d.retrieved_at, d.hints, d.error, r.codec, "
            "r.content FROM documents d JOIN raw r USING (id) WHERE d.id IN (SELECT unnest(?)) "
            "ORDER BY d.id",
            [ids],
        ).fetchall()
        return [
            RawDocument(id=id_, source=source, kind=kind, content=_inflate(codec, blob), url=url,
                        retrieved_at=retrieved, hints=json.loads(hints), error=error)
            for id_, source, kind, url, retrieved, hints, error, codec, blob in rows
        ]

    def raw_bytes(self, doc_id: str) -> bytes | None:
        row = self.con.execute("SELECT codec, content FROM raw WHERE id = ?", [doc_id]).fetchone()
        return None if row is None else _inflate(row[0], row[1])

    def articles(self, status: str | None = None) -> Iterator[Article]:
        """Stored articles in a stable order (published date, then id)."""
        sql = f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles"
        params: list = []
        if status:
            sql += " WHERE status = ?"
            params.append(status)
        cur = self.con.execute(sql + " ORDER BY published NULLS LAST, id", params)
        while rows := cur.fetchmany(256):
            for row in rows:
                yield article_from_row(row)

    def counts(self) -> dict[str, int]:
        row = self.con.execute(
            "SELECT count(*), count(*) FILTER (WHERE status = 'ok'), "
            "count(*) FILTER (WHERE status = 'failed') FROM articles"
        ).fetchone()
        docs = self.con.execute("SELECT count(*) FROM documents").fetchone()[0]
        return {"documents": docs, "articles": row[0], "ok": row[1], "failed": row[2]}
