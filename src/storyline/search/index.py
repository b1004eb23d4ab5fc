"""The search index: a SQLite FTS5 sidecar `<store>.search` beside the DuckDB store.

DuckDB's own full-text extension downloads at run time, so the index lives in SQLite
(stdlib, FTS5, bm25 ranking) and is kept up to date from the store by `sync`: articles
by id and extractor version, the corpus-level kinds when the step that writes them ran
again (its version:generation in step_state, with a count and hash of the table's ids).
The store is only read, a chunk per opening, so a writer gets it back between chunks.
The sidecar is in WAL mode: searches read a consistent state while a sync writes.
A sidecar made for another store, of another format, or damaged is rebuilt, saying so;
one of format 1 is migrated in place (its kind runs are computed, a few seconds).

Searches stay fast on common words (see docs/search.md): the kind of each rowid comes
from `kind_runs` (rowid ranges of one kind, kept with every write), so counting by
kind is a rowid-range count on the FTS table alone; above RANK_WINDOW matches only a
bounded window of candidates is ranked; each thread keeps one reader connection.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from storyline.search import docs as D
from storyline.search.docs import KINDS, SearchDoc
from storyline.search.query import match_expression, parse, snippet_parts
from storyline.store import Store

try:
    import fcntl
except ImportError:  # no POSIX locks: syncs are serialised within one process only
    fcntl = None

FORMAT = "2"
#: Weights of the indexed columns in bm25: a word of the heading counts ten of the body.
HEADING_WEIGHT, BODY_WEIGHT = 10.0, 1.0
ARTICLE_CHUNK, CORPUS_CHUNK = 500, 2000
MAX_LIMIT = 1000
SNIPPET_TOKENS = 24
#: Above this many matches, only this many candidates are ranked (and can be paged):
#: the first ones, in index order, with a query word in their heading, then the first
#: ones without. bm25 over every match of a very common word costs about 4 us a match.
RANK_WINDOW = 10_000
_RUNS_TABLE = ("CREATE TABLE kind_runs (lo INTEGER PRIMARY KEY, hi INTEGER NOT NULL, "
               "kind TEXT NOT NULL)")
#: Maximal runs of one kind in rowid order (rowids of deleted docs may lie inside).
_RUNS_OF_DOCS = (
    "SELECT min(rowid), max(rowid), kind FROM (SELECT rowid, kind, row_number() OVER "
    "(ORDER BY rowid) - row_number() OVER (PARTITION BY kind ORDER BY rowid) AS grp "
    "FROM docs) GROUP BY kind, grp ORDER BY 1")
_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE docs (
        rowid INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        version TEXT NOT NULL,
        title TEXT NOT NULL,
        detail TEXT NOT NULL,
        article TEXT,
        start INTEGER,
        "end" INTEGER,
        synced INTEGER NOT NULL,
        UNIQUE (kind, id)
    )""",
    "CREATE VIRTUAL TABLE fts USING fts5(heading, body, "
    "tokenize = 'porter unicode61 remove_diacritics 2')",
    f"INSERT INTO fts(fts, rank) VALUES ('rank', 'bm25({HEADING_WEIGHT}, {BODY_WEIGHT})')",
    _RUNS_TABLE,
)
_DAMAGED = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
_THREAD_LOCKS: dict[str, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()

StoreSource = str | os.PathLike | Callable[[], Store]


class SearchError(RuntimeError):
    """The search index cannot be read or written (missing, damaged, no room)."""


@dataclass(frozen=True)
class SearchHit:
    """One result: `title`/`detail` for display, the passage it points to (`article`,
    `start`, `end`; no span for an article itself), and the snippet as (text, is_match)
    parts to escape and mark. `score`: bm25, lower is better."""

    kind: str
    id: str
    title: str
    detail: str
    article: str | None
    start: int | None
    end: int | None
    snippet: tuple[tuple[str, bool], ...]
    score: float


@dataclass(frozen=True)
class SearchPage:
    """A page of hits, the total for the kind asked (all kinds without one), the count of
    each kind, and whether the words were all required (`any_term` False) or, when no doc
    had them all, any of them. `more`: more docs match than `total` (RANK_WINDOW), only
    the best of a bounded window were ranked and can be paged; `by_kind` stays exact."""

    items: tuple[SearchHit, ...]
    total: int
    by_kind: dict[str, int] = field(default_factory=dict)
    any_term: bool = False
    more: bool = False


@dataclass
class KindChange:
    added: int = 0
    updated: int = 0
    removed: int = 0
    skipped: bool = False  # unchanged since the last sync: not read at all


@dataclass
class SyncReport:
    """What a sync did: per kind, docs added, rewritten and removed; `rebuilt` when the
    sidecar was started afresh (with the reason in `messages`); `busy` when another sync
    held the index and this one did nothing."""

    kinds: dict[str, KindChange] = field(default_factory=dict)
    rebuilt: bool = False
    busy: bool = False
    messages: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> int:
        return sum(c.added + c.updated + c.removed for c in self.kinds.values())


def sidecar_path(store_path: str | os.PathLike) -> Path:
    """`<store>.search`, beside the store file."""
    path = Path(store_path)
    return path.with_name(path.name + ".search")


def _opener(source: StoreSource) -> Callable[[], Store]:
    if callable(source):
        return source
    return lambda: Store.open(source, read_only=True)


def _damaged(err: sqlite3.Error) -> bool:
    return getattr(err, "sqlite_errorname", "") in _DAMAGED or "malformed" in str(err)


class SearchIndex:
    """The sidecar of one store. Safe to share between threads: each thread keeps its
    own reader connection (reopened when the file was replaced); syncs are serialised
    (threads and processes) by `<sidecar>.lock`."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._local = threading.local()

    @classmethod
    def for_store(cls, store_path: str | os.PathLike) -> SearchIndex:
        return cls(sidecar_path(store_path))

    # -- connections ------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                              check_same_thread=False)
        con.execute("PRAGMA busy_timeout = 30000")
        return con

    def _remove(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)

    def _create(self) -> sqlite3.Connection:
        con = self._connect()
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("BEGIN")
        for statement in _SCHEMA:
            con.execute(statement)
        con.execute("INSERT INTO meta VALUES ('format', ?)", [FORMAT])
        con.execute("COMMIT")
        return con

    def _open_for_sync(self, store_id: str, report: SyncReport) -> sqlite3.Connection:
        """The sidecar, checked: made anew when missing, and rebuilt (with a message)
        when damaged, of another format or made for another store."""
        if not self.path.exists():
            self._remove()
            return self._create()
        why, con = None, None
        try:
            con = self._connect()
            con.execute("PRAGMA journal_mode = WAL")
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            con.execute("SELECT count(*) FROM docs WHERE rowid = 0").fetchone()
            con.execute("SELECT count(*) FROM fts WHERE rowid = 0").fetchone()
            if meta.get("format") == "1" and meta.get("store", store_id) == store_id:
                _migrate_1(con)
                report.messages.append(f"search index {self.path}: migrated from format 1 "
                                       f"to {FORMAT}")
            elif meta.get("format") != FORMAT:
                why = f"it is of format {meta.get('format')}, this storyline uses {FORMAT}"
            elif meta.get("store", store_id) != store_id:
                why = f"it was made for another store ({meta['store']})"
            else:
                con.execute("SELECT count(*) FROM kind_runs WHERE lo = 0").fetchone()
        except sqlite3.Error as err:
            why = f"it is damaged or not a search index ({err})"
        if why is None:
            return con
        if con is not None:
            con.close()
        report.messages.append(f"search index {self.path}: {why}; rebuilt from {store_id}")
        report.rebuilt = True
        self._remove()
        return self._create()

    @contextmanager
    def _sync_lock(self, wait: bool) -> Iterator[bool]:
        with _THREAD_LOCKS_GUARD:
            lock = _THREAD_LOCKS.setdefault(str(self.path.absolute()), threading.Lock())
        if not lock.acquire(blocking=wait):
            yield False
            return
        fd = -1
        try:
            if fcntl is not None:
                fd = os.open(str(self.path) + ".lock", os.O_RDWR | os.O_CREAT, 0o666)
                try:
                    fcntl.lockf(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    yield False
                    return
            yield True
        finally:
            if fd >= 0:
                os.close(fd)
            lock.release()

    # -- sync -------------------------------------------------------------------------

    def sync(self, store: StoreSource, wait: bool = True,
             on_message: Callable[[str], None] | None = None) -> SyncReport:
        """Bring the index up to date with the store (a path, or a callable that opens it
        read-only; it is opened once per chunk and closed at once). With `wait` False,
        returns at once (`busy`) when another sync is running. Raises StoreError when
        the store cannot be read, SearchError when the sidecar cannot be written."""
        started = time.perf_counter()
        report = SyncReport()
        with self._sync_lock(wait) as held:
            if not held:
                report.busy = True
                return report
            try:
                self._sync(_opener(store), report)
            except sqlite3.Error as err:
                if not _damaged(err):
                    raise SearchError(f"cannot write the search index {self.path}: {err}") \
                        from err
                report.messages.append(f"search index {self.path} is damaged ({err}); "
                                       "rebuilt")
                report.rebuilt = True
                report.kinds.clear()
                self._remove()
                try:
                    self._sync(_opener(store), report)
                except sqlite3.Error as again:
                    raise SearchError(f"cannot rebuild the search index {self.path}: "
                                      f"{again}") from again
        report.seconds = time.perf_counter() - started
        if on_message is not None:
            for message in report.messages:
                on_message(message)
        return report

    def _sync(self, open_store: Callable[[], Store], report: SyncReport) -> None:
        with open_store() as store:
            store_id = str(Path(store.path).resolve())
            generations = D.step_generations(store)
            article_key = D.article_fingerprint(store)
            keys = {kind: _corpus_key(store, kind, generations) for kind in D.READERS}
        con = self._open_for_sync(store_id, report)
        try:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            fresh = "store" not in meta
            synced = int(meta.get("synced", "0")) + 1
            con.execute("BEGIN")
            con.execute("INSERT OR REPLACE INTO meta VALUES ('store', ?), ('synced', ?)",
                        [store_id, str(synced)])
            con.execute("COMMIT")
            change = report.kinds.setdefault("article", KindChange())
            if meta.get("key:article") == article_key:
                change.skipped = True
            else:
                self._sync_articles(con, open_store, synced, change)
                _set_meta(con, "key:article", article_key)
            for kind, reader in D.READERS.items():
                change = report.kinds.setdefault(kind, KindChange())
                if meta.get(f"key:{kind}") == keys[kind]:
                    change.skipped = True
                    continue
                self._sync_corpus(con, open_store, kind, reader, synced, change)
                _set_meta(con, f"key:{kind}", keys[kind])
            if fresh and report.changed:
                con.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        finally:
            con.close()

    def _sync_articles(self, con: sqlite3.Connection, open_store: Callable[[], Store],
                       synced: int, change: KindChange) -> None:
        with open_store() as store:
            versions = D.article_versions(store)
        indexed = _indexed(con, "article")
        gone = sorted(set(indexed) - set(versions))
        todo = sorted(i for i, v in versions.items() if indexed.get(i, (0, None))[1] != v)
        _delete(con, [indexed[i][0] for i in gone])
        change.removed += len(gone)
        for at in range(0, len(todo), ARTICLE_CHUNK):
            with open_store() as store:
                docs = D.articles(store, todo[at:at + ARTICLE_CHUNK])
            _write(con, docs, indexed, synced, change)

    def _sync_corpus(self, con: sqlite3.Connection, open_store: Callable[[], Store],
                     kind: str, reader: Callable[[Store, str, int], list[SearchDoc]],
                     synced: int, change: KindChange) -> None:
        indexed = _indexed(con, kind)
        seen: set[str] = set()
        after = ""
        while True:
            with open_store() as store:
                docs = reader(store, after, CORPUS_CHUNK)
            if not docs:
                break
            after = docs[-1].id
            seen.update(d.id for d in docs)
            _write(con, [d for d in docs if indexed.get(d.id, (0, None))[1] != d.version],
                   indexed, synced, change)
        gone = sorted(set(indexed) - seen)
        _delete(con, [indexed[i][0] for i in gone])
        change.removed += len(gone)

    # -- reads ------------------------------------------------------------------------

    def _reader(self) -> sqlite3.Connection:
        """This thread's reader connection, opened once (a search costs no connect);
        reopened when the sidecar file was replaced (a rebuild) or after an error."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self._drop_reader()
            raise SearchError(f"no search index at {self.path} yet: it is built by a sync "
                              "of the store") from None
        identity = (stat.st_dev, stat.st_ino)
        held = getattr(self._local, "reader", None)
        if held is not None and held[0] == identity:
            return held[1]
        self._drop_reader()
        con = self._connect()
        con.execute("PRAGMA query_only = 1")
        self._local.reader = (identity, con)
        return con

    def _drop_reader(self) -> None:
        held = getattr(self._local, "reader", None)
        self._local.reader = None
        if held is not None:
            held[1].close()

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """One read transaction (a consistent snapshot while a sync writes)."""
        con = self._reader()
        try:
            con.execute("BEGIN")
            try:
                yield con
            finally:
                con.execute("COMMIT")
        except sqlite3.Error as err:
            self._drop_reader()
            raise SearchError(f"cannot read the search index {self.path}: {err}; a sync "
                              "rebuilds it") from err

    def counts(self) -> dict[str, int]:
        """Docs indexed, by kind."""
        with self._reading() as con:
            return dict(con.execute("SELECT kind, count(*) FROM docs GROUP BY kind "
                                    "ORDER BY kind").fetchall())

    def search(self, query: str, kind: str | None = None, limit: int = 50,
               offset: int = 0) -> SearchPage:
        """Docs matching every word of `query` (or, when none has them all, any word),
        best first (bm25, the heading weighted above the body; ties by kind and id).
        Words are matched after stemming; "a phrase" in quotes must appear as is; word*
        matches a prefix; nothing else is syntax. Raises ValueError for an empty query,
        an unknown kind or a bad limit/offset; SearchError when the index is missing or
        unreadable."""
        terms = parse(query)
        if kind is not None and kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
        if not 1 <= limit <= MAX_LIMIT or offset < 0:
            raise ValueError(f"limit must be 1 to {MAX_LIMIT} and offset 0 or more "
                             f"(got limit {limit}, offset {offset})")
        if not terms:
            return SearchPage((), 0, {})
        with self._reading() as con:
            runs = _runs(con)
            page = _page(con, runs, terms, False, kind, limit, offset)
            if not page.by_kind and len(terms) > 1:
                page = _page(con, runs, terms, True, kind, limit, offset)
            return page


def _corpus_key(store: Store, kind: str, generations: dict[str, str]) -> str:
    table = {"quote": "quote_groups", "claim": "claim_groups", "entity": "entities",
             "event": "events"}[kind]
    count, mix = store.con.execute(
        f"SELECT count(*), coalesce(bit_xor(hash(id)), 0) FROM {table}").fetchone()
    steps = ",".join(generations.get(s, "-") for s in D.STEPS_OF[kind])
    return f"{steps}|{count}:{mix}"


def _migrate_1(con: sqlite3.Connection) -> None:
    """Format 1 -> 2: the same docs and FTS table, plus the kind runs of the docs."""
    con.execute("BEGIN")
    con.execute(_RUNS_TABLE)
    con.execute(f"INSERT INTO kind_runs (lo, hi, kind) {_RUNS_OF_DOCS}")
    con.execute("UPDATE meta SET value = ? WHERE key = 'format'", [FORMAT])
    con.execute("COMMIT")


def _set_meta(con: sqlite3.Connection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])


def _indexed(con: sqlite3.Connection, kind: str) -> dict[str, tuple[int, str]]:
    return {id_: (rowid, version) for rowid, id_, version in con.execute(
        "SELECT rowid, id, version FROM docs WHERE kind = ?", [kind])}


def _delete(con: sqlite3.Connection, rowids: list[int]) -> None:
    if not rowids:
        return
    con.execute("BEGIN")
    con.executemany("DELETE FROM fts WHERE rowid = ?", [(r,) for r in rowids])
    con.executemany("DELETE FROM docs WHERE rowid = ?", [(r,) for r in rowids])
    con.execute("COMMIT")


def _write(con: sqlite3.Connection, docs: list[SearchDoc],
           indexed: dict[str, tuple[int, str]], synced: int, change: KindChange) -> None:
    """Add or rewrite these docs in one transaction; a rewritten doc keeps its rowid."""
    if not docs:
        return
    con.execute("BEGIN")
    try:
        last = con.execute("SELECT lo, hi, kind FROM kind_runs ORDER BY lo DESC LIMIT 1"
                           ).fetchone()
        top = con.execute("SELECT coalesce(max(rowid), 0) FROM docs").fetchone()[0]
        for d in docs:
            row = [d.version, d.title, d.detail, d.article, d.start, d.end, synced]
            old = indexed.get(d.id)
            if old is None:
                # rowids only grow (never reused), so each kind's runs stay exact
                rowid = max(top, last[1] if last else 0) + 1
                con.execute(
                    'INSERT INTO docs (rowid, kind, id, version, title, detail, article, start, '
                    '"end", synced) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                    [rowid, d.kind, d.id, *row])
                if last is not None and last[2] == d.kind:
                    con.execute("UPDATE kind_runs SET hi = ? WHERE lo = ?", [rowid, last[0]])
                    last = (last[0], rowid, d.kind)
                else:
                    con.execute("INSERT INTO kind_runs VALUES (?, ?, ?)", [rowid, rowid, d.kind])
                    last = (rowid, rowid, d.kind)
                top = rowid
                change.added += 1
            else:
                rowid = old[0]
                con.execute('UPDATE docs SET version = ?, title = ?, detail = ?, article = ?, '
                            'start = ?, "end" = ?, synced = ? WHERE rowid = ?', [*row, rowid])
                con.execute("DELETE FROM fts WHERE rowid = ?", [rowid])
                change.updated += 1
            con.execute("INSERT INTO fts (rowid, heading, body) VALUES (?, ?, ?)",
                        [rowid, d.heading, d.body])
            indexed[d.id] = (rowid, d.version)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _runs(con: sqlite3.Connection) -> list[tuple[int, int, str]]:
    """(lo, hi, kind) rowid runs; computed from docs for a format 1 sidecar not yet
    migrated by a sync (slow: seconds at a million docs)."""
    try:
        return con.execute("SELECT lo, hi, kind FROM kind_runs ORDER BY lo").fetchall()
    except sqlite3.OperationalError as err:
        if "no such table" not in str(err):
            raise
        return con.execute(_RUNS_OF_DOCS).fetchall()


def _ranges(runs: list[tuple[int, int, str]], kind: str | None) -> tuple[str, list]:
    """SQL restricting fts.rowid to the runs of `kind` (nothing without a kind): one
    BETWEEN that FTS5 seeks on, and the runs themselves when there are several."""
    if kind is None:
        return "", []
    mine = [(lo, hi) for lo, hi, k in runs if k == kind]
    if not mine:
        return "AND 0", []
    sql, params = "AND fts.rowid BETWEEN ? AND ?", [mine[0][0], mine[-1][1]]
    if len(mine) > 1:
        sql += " AND (" + " OR ".join(["fts.rowid BETWEEN ? AND ?"] * len(mine)) + ")"
        params += [x for run in mine for x in run]
    return sql, params


def _page(con: sqlite3.Connection, runs: list[tuple[int, int, str]], terms: list,
          any_term: bool, kind: str | None, limit: int, offset: int) -> SearchPage:
    match = match_expression(terms, any_term)
    by_kind: dict[str, int] = {}
    for lo, hi, k in runs:  # a rowid-range count on the FTS table alone, no join
        n = con.execute("SELECT count(*) FROM fts WHERE fts MATCH ? AND rowid BETWEEN ? AND ?",
                        [match, lo, hi]).fetchone()[0]
        if n:
            by_kind[k] = by_kind.get(k, 0) + n
    by_kind = dict(sorted(by_kind.items()))
    found = by_kind.get(kind, 0) if kind else sum(by_kind.values())
    total = min(found, RANK_WINDOW)
    more = found > RANK_WINDOW
    if offset >= total:
        return SearchPage((), total, by_kind, any_term, more)
    where, params = _ranges(runs, kind)
    if not more:
        ranked = _ranked(con, match, where, params, None, limit, offset)
    else:
        heading = "{heading} : (" + " OR ".join(t.fts() for t in terms) + ")"
        ranked = []
        at, want = offset, limit
        room = RANK_WINDOW
        for tier in (f"({match}) AND {heading}", f"({match}) NOT {heading}"):
            last = con.execute(
                f"SELECT rowid FROM fts WHERE fts MATCH ? {where} ORDER BY rowid "
                f"LIMIT 1 OFFSET ?", [tier, *params, room - 1]).fetchone()
            size = room if last else con.execute(
                f"SELECT count(*) FROM fts WHERE fts MATCH ? {where}", [tier, *params]
            ).fetchone()[0]
            if at < size:
                ranked += _ranked(con, tier, where, params, last[0] if last else None,
                                  min(want, size - at), at)
                want = limit - len(ranked)
            at = max(0, at - size)
            room -= size
            if room <= 0 or want <= 0:
                break
    rowids = [r for r, _ in ranked]
    marks = ",".join("?" * len(rowids))
    details = {row[0]: row[1:] for row in con.execute(
        f"SELECT fts.rowid, d.kind, d.id, d.title, d.detail, d.article, d.start, d.\"end\", "
        f"snippet(fts, -1, ?, ?, '…', {SNIPPET_TOKENS}) FROM fts JOIN docs d "
        f"ON d.rowid = fts.rowid WHERE fts MATCH ? AND fts.rowid IN ({marks})",
        [D.MARK_START, D.MARK_END, match, *rowids]).fetchall()}
    items = []
    for rowid, score in ranked:
        kind_, id_, title, detail, article, start, end, snippet = details[rowid]
        items.append(SearchHit(kind_, id_, title, detail, article, start, end,
                               snippet_parts(snippet), float(score)))
    return SearchPage(tuple(items), total, by_kind, any_term, more)


def _ranked(con: sqlite3.Connection, match: str, where: str, params: list,
            upto: int | None, limit: int, offset: int) -> list[tuple[int, float]]:
    """(rowid, bm25) of the matches (with rowid <= `upto` when given), best first, ties
    by kind and id."""
    bound, extra = ("AND fts.rowid <= ?", [upto]) if upto is not None else ("", [])
    return con.execute(
        f"SELECT fts.rowid, fts.rank FROM fts JOIN docs d ON d.rowid = fts.rowid "
        f"WHERE fts MATCH ? {where} {bound} ORDER BY fts.rank, d.kind, d.id "
        f"LIMIT ? OFFSET ?", [match, *params, *extra, limit, offset]).fetchall()
