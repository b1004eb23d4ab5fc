"""Reads and writes of the DuckDB store.

Writes happen in batches, each in one transaction that holds a document,
its raw bytes and its article together: a run killed midway leaves only
whole batches behind, and a re-run skips what is already stored.

One process writes a store at a time; readers may look at it while it is
written. DuckDB lets a file be open either by one writer or by readers, so
the store keeps a lock file beside it (`<store>.lock`): the writer holds its
byte 0 for as long as it has the store open (a second writer is refused),
and a reader holds byte 1, shared, while it waits and reads. Between two
batches the writer calls `Store.pause()`: when a reader holds byte 1 it
closes the file until the readers are done, then takes it back. Readers
retry DuckDB's lock for a bounded time (`STORYLINE_WAIT`, seconds).
"""

from __future__ import annotations

import json
import os
import re
import struct
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
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

try:
    import fcntl
except ImportError:  # no POSIX locks (Windows): readers only retry DuckDB's lock
    fcntl = None

#: Seconds a reader waits for the writer to pause, and a writer for readers to finish.
DEFAULT_WAIT = 60.0
#: DuckDB's file header: the main header and two database headers.
_HEADER_BYTES = 3 * 4096
_WRITER, _READERS = 0, 1  # bytes of the lock file
_LOCKED = ("Could not set lock", "Conflicting lock")
_DAMAGED = ("not a valid DuckDB database", "Could not read enough bytes", "Corrupt database",
            "checksum", "Serialization Error", "Failed to deserialize")
_NO_ROOM = ("No space left", "File too large", "Read-only file system", "Permission denied",
            "Disk quota")

ARTICLE_COLUMNS = (
    "id", "source", "url", "site", "title", "dek", "author", "published", "published_evidence",
    "date_evidence", "language", "section", "tags", "text", "dropped", "segments", "status",
    "error", "extractor_version",
)


def _check_writable(path: Path) -> None:
    """Refuse, before anything is written, a store path whose folder cannot be written."""
    if path.exists() and not path.is_file():
        raise StoreError(f"{path} is a folder, not a store file; give --db a file name")
    above = path.absolute().parent
    while not above.exists() and above != above.parent:
        above = above.parent
    if not above.is_dir():
        raise StoreError(f"cannot create the folder {path.parent} for the store {path}: "
                         f"{above} is a file, not a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(f"cannot create the folder {path.parent} for the store: "
                         f"{err.strerror}") from err
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(f"cannot write the store {path}: the folder {path.parent} is "
                         "read-only; choose a --db you can write")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StoreError(f"cannot write the store {path}: the file is read-only; choose a "
                         "--db you can write")


def _connect(path: Path, read_only: bool, wait: float,
             on_wait: Callable[[str], None] | None) -> duckdb.DuckDBPyConnection:
    """Connect, retrying DuckDB's lock error (another process has the file) up to
    `wait` seconds."""
    deadline = time.monotonic() + wait
    told = False
    config = duckdb_config()
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=config)
        except duckdb.Error as err:
            if not is_lock_error(err):
                raise store_failure(err, path) from err
            if time.monotonic() >= deadline:
                who = ("another storyline process is writing it and did not pause"
                       if read_only else "other processes kept it open")
                raise StoreError(f"the store {path} is busy: {who} for {wait:.0f} s; try again "
                                 "when it has finished (STORYLINE_WAIT sets the wait)") from err
            if on_wait is not None and not told:
                on_wait(f"the store {path} is being written by another process; waiting up "
                        f"to {wait:.0f} s for it to pause" if read_only else
                        f"the store {path} is open in other processes; waiting up to "
                        f"{wait:.0f} s for them to finish")
                told = True
            time.sleep(0.05)
        except OSError as err:
            raise StoreError(f"cannot open store {path}: {err.strerror or err}") from err


def _check_whole(store: Store) -> None:
    """Refuse a truncated store file: DuckDB notices only when it reads the missing
    blocks, perhaps after a run has written more. Every block in use lies in the
    file, so the file holds at least that many (free blocks at its end may be cut
    off). Skipped while a write-ahead log is pending (its blocks are not in the
    file yet)."""
    path = store.path
    if path.with_name(path.name + ".wal").exists():
        return
    block_size, used = store.con.execute(
        "SELECT block_size, used_blocks FROM pragma_database_size()").fetchone()
    size, least = path.stat().st_size, _HEADER_BYTES + block_size * used
    if size < least:
        raise StoreError(f"the store {path} is damaged: it is truncated ({size} bytes, it "
                         f"needs at least {least}); it was left as it is: restore it from a "
                         "copy, or give --db a new file")


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


def where_in(ids: Iterable[str] | None, column: str = "article", join: str = " WHERE "
             ) -> tuple[str, list]:
    """A clause keeping the rows whose `column` is one of `ids` (None: every row, no
    clause), and its parameter."""
    if ids is None:
        return "", []
    return f"{join}{column} IN (SELECT unnest(?))", [sorted(set(ids))]


def delete_articles(store: Store, tables: Iterable[str], ids: Iterable[str] | None) -> None:
    """Delete the rows of these articles (None: every row) from each of `tables`, which
    all key their rows by an `article` column."""
    for table in tables:
        if ids is None:
            store.con.execute(f"DELETE FROM {table}")
        else:
            store.con.execute(f"DELETE FROM {table} WHERE article IN (SELECT unnest(?))",
                              [list(ids)])


class StoreError(RuntimeError):
    """The store cannot be opened, is busy, damaged, or from a newer storyline."""


def wait_seconds() -> float:
    """How long to wait for another process holding the store (`STORYLINE_WAIT`)."""
    try:
        return max(0.0, float(os.environ.get("STORYLINE_WAIT", DEFAULT_WAIT)))
    except ValueError:
        return DEFAULT_WAIT


_SIZE = re.compile(r"\d+(\.\d+)?\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)", re.I)


def duckdb_config() -> dict[str, str]:
    """DuckDB settings from the environment: `STORYLINE_MEMORY_LIMIT` (such as ``4GB``)
    caps the memory DuckDB takes for a store (by default 80% of the machine's), so that
    big queries over a big store spill to ``<store>.tmp`` beside it instead of taking
    the memory other processes need."""
    value = os.environ.get("STORYLINE_MEMORY_LIMIT", "").strip()
    if not value:
        return {}
    if not _SIZE.fullmatch(value):
        raise StoreError(f"STORYLINE_MEMORY_LIMIT is a size such as 4GB or 500MB, not {value!r}")
    return {"memory_limit": value}


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def is_lock_error(error: BaseException) -> bool:
    """True for DuckDB's "another process holds this file" error."""
    return isinstance(error, duckdb.Error) and any(k in str(error) for k in _LOCKED)


def store_failure(error: BaseException, path: Path) -> StoreError:
    """A DuckDB error met on the store at `path`, said in one sentence."""
    detail = _first_line(error)
    if any(k in str(error) for k in _DAMAGED):
        return StoreError(f"the store {path} is damaged or is not a storyline store ({detail}); "
                          "it was left as it is: restore it from a copy, or give --db a new file")
    if any(k in str(error) for k in _NO_ROOM):
        return StoreError(f"cannot write the store {path} ({detail}); the batches stored before "
                          "are kept: make room and run the same command again")
    if is_lock_error(error):
        return StoreError(f"the store {path} is open in another program that is not storyline "
                          "or did not let go of it; close it and try again")
    return StoreError(f"the store {path} failed: {detail}")


class _LockFile:
    """`<store>.lock`: byte 0 held by the one writer, byte 1 shared by waiting readers.

    POSIX record locks: released when the process ends (even by kill -9) and
    not inherited by worker processes.
    """

    def __init__(self, fd: int):
        self.fd = fd

    @staticmethod
    def path_for(store: Path) -> Path:
        return store.with_name(store.name + ".lock")

    @classmethod
    def for_writer(cls, store: Path) -> _LockFile | None:
        if fcntl is None:
            return None
        try:
            fd = os.open(cls.path_for(store), os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as err:
            raise StoreError(f"cannot write beside the store {store}: {err.strerror}; "
                             "choose a --db in a folder you can write") from err
        lock = cls(fd)
        if not lock.take(_WRITER, exclusive=True):
            lock.close()
            raise StoreError(f"the store {store} is being written by another storyline process; "
                             "one run, update or reextract writes a store at a time: wait for it "
                             "to finish")
        return lock

    @classmethod
    def for_reader(cls, store: Path) -> _LockFile | None:
        """The lock file, when a writer ever made one and this process can read it."""
        if fcntl is None:
            return None
        try:
            return cls(os.open(cls.path_for(store), os.O_RDONLY))
        except OSError:
            return None

    def take(self, byte: int, exclusive: bool) -> bool:
        mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        try:
            fcntl.lockf(self.fd, mode, 1, byte)
        except OSError:
            return False
        return True

    def release(self, byte: int) -> None:
        fcntl.lockf(self.fd, fcntl.LOCK_UN, 1, byte)

    def readers_waiting(self) -> bool:
        """True while some reader holds byte 1 (costs one system call)."""
        if self.take(_READERS, exclusive=True):
            self.release(_READERS)
            return False
        return True

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def writer_present(store: Path, fd: int | None = None) -> bool:
    """True while a storyline process holds the store for writing (byte 0 of its lock
    file); asked without taking any lock, so it never gets in a writer's way. Pass the
    `fd` of the lock file when this process has it open: closing another descriptor
    of that file would drop this process's own locks on it (POSIX). True when it
    cannot be told (no POSIX locks): callers then assume a writer waits."""
    if fcntl is None:
        return True
    own = fd is None
    if own:
        try:
            fd = os.open(_LockFile.path_for(Path(store)), os.O_RDONLY)
        except OSError:
            return False  # no lock file: no writer ever opened this store
    try:
        query = struct.pack("hhqqi", fcntl.F_RDLCK, os.SEEK_SET, _WRITER, 1, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, query + bytes(8))
        return struct.unpack_from("h", answer)[0] != fcntl.F_UNLCK
    except OSError:
        return True
    finally:
        if own:
            os.close(fd)


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

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, read_only: bool = False,
                 lock: _LockFile | None = None, wait: float = DEFAULT_WAIT):
        self.con = con
        self.path = path
        self.read_only = read_only
        self._lock = lock
        self._wait = wait

    @classmethod
    def open(cls, path: str | Path, read_only: bool = False, wait: float | None = None,
             on_wait: Callable[[str], None] | None = None) -> Store:
        """Open (and, for writing, create and migrate) the store at `path`.

        A reader waits up to `wait` seconds (default `STORYLINE_WAIT`, else 60)
        for a writer to pause; a writer waits as long for readers to finish,
        and is refused at once when another process writes the store.
        `on_wait(message)` is called once when the wait begins. Raises
        `StoreError` with one sentence for every way the store can be unusable
        (missing, busy, damaged, unwritable, newer); a damaged file is left as
        it is.
        """
        path = Path(path)
        wait = wait_seconds() if wait is None else wait
        if read_only:
            if not path.exists():
                raise StoreError(f"no store at {path}: run `storyline run PATH --db {path}` first")
            if not path.is_file():
                raise StoreError(f"{path} is a folder, not a store file")
            lock = _LockFile.for_reader(path)
            deadline = time.monotonic() + wait
            while lock is not None and not lock.take(_READERS, exclusive=False):
                if time.monotonic() > deadline:  # a writer probes byte 1 for an instant only
                    lock.close()
                    lock = None
                time.sleep(0.01)
        else:
            _check_writable(path)
            lock = _LockFile.for_writer(path)
        try:
            con = _connect(path, read_only, wait, on_wait)
        except BaseException:
            if lock is not None:
                lock.close()
            raise
        store = cls(con, path, read_only, lock, wait)
        try:
            _check_whole(store)
            if not read_only:
                store.migrate()
            elif store._check_version() < SCHEMA_VERSION:
                raise StoreError(
                    f"store {path} has schema version {store.schema_version()}, older than this "
                    f"storyline ({SCHEMA_VERSION}): run `storyline update --db {path}` to "
                    "upgrade it")
        except duckdb.Error as err:
            store.close()
            raise store_failure(err, path) from err
        except BaseException:
            store.close()
            raise
        return store

    def writer_present(self) -> bool:
        """For a reader: True while a storyline process holds this store for writing."""
        fd = self._lock.fd if self._lock is not None else None
        return writer_present(self.path, fd)

    def pause(self) -> None:
        """Between two batches (never inside a transaction): when a reader is waiting,
        let go of the file until the readers are done, then take it back. Costs one
        lock probe when nobody waits; a no-op for readers and without POSIX locks."""
        if self.read_only or self._lock is None or not self._lock.readers_waiting():
            return
        self.con.close()
        deadline = time.monotonic() + self._wait
        while self._lock.readers_waiting():
            if time.monotonic() > deadline:
                raise StoreError(f"readers kept the store {self.path} open for more than "
                                 f"{self._wait:.0f} s; what was stored so far is kept: run the "
                                 "same command again")
            time.sleep(0.02)
        self.con = _connect(self.path, False, max(0.0, deadline - time.monotonic()), None)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.con.close()
        except duckdb.Error:  # a store DuckDB gave up on (disk full) closes as it can
            pass
        finally:
            if self._lock is not None:
                self._lock.close()
                self._lock = None

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

    def failed_ids(self, ids: Iterable[str]) -> dict[str, str]:
        """Of these document ids, those stored as failed, with their stored error."""
        ids = list(ids)
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT id, coalesce(error, 'unknown error') FROM articles "
            "WHERE status = 'failed' AND id IN (SELECT unnest(?))", [ids]).fetchall()
        return dict(rows)

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
