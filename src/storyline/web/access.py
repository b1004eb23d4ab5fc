"""How the web application reads a store that another process may be writing.

DuckDB lets one process write a file, or any number read it, never both at
once. `storyline run` writes in batches and, between two batches, lets go of
the file while readers wait (`Store.pause`, through `<store>.lock`). So the
server shares one read-only connection among concurrent requests (each its own
cursor) and keeps it open between requests (its caches warm) only while no
writer is there: a watcher asks every `POLL` seconds whether a writer holds the
store (without taking any lock) and closes an idle connection at once when one
does; with a writer present the connection closes when the last request ends.
When a writer is waiting, the server also stops taking requests onto a
connection that has been open for `window` seconds, closes it, and lets the
writer write its next batch; the requests that came meanwhile get a fresh
connection at the writer's next pause. A page is therefore always read from one
consistent state of the store, and new articles show on the next request.

`stamp()` tells when the file changed, so that views costly to compute (the
story table, the outlets) are computed once per state of the store.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from storyline.search.index import sidecar_path
from storyline.store import Store

#: Seconds a shared connection keeps taking requests once a writer waits.
WINDOW = 0.25
#: Seconds between two looks for a writer while the connection idles open.
POLL = 0.05


def stamp(path: Path) -> tuple:
    """The state of the store's files: it changes whenever a writer changed them."""
    out = []
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            st = p.stat()
            out += [st.st_mtime_ns, st.st_size]
        except OSError:
            out += [0, 0]
    return tuple(out)


class StoreGate:
    """Read-only access to one store for many threads, letting a writer in."""

    def __init__(self, path: Path, wait: float = 30.0, window: float = WINDOW,
                 keep_open: bool = True):
        self.path = Path(path)
        self.wait = wait
        self.window = window
        self.keep_open = keep_open
        self._cond = threading.Condition()
        self._store: Store | None = None
        self._users = 0
        self._opened = 0.0
        self._draining = False
        self._stamp: tuple = ()
        self._cache: dict[str, Any] = {}
        self._watcher: threading.Thread | None = None
        self._stopped = threading.Event()

    def close(self) -> None:
        """Let go of the store (at shutdown)."""
        self._stopped.set()
        with self._cond:
            if self._store is not None and self._users == 0:
                self._close()

    def _watch(self) -> None:
        """Close the idle connection as soon as a writer holds the store."""
        while not self._stopped.wait(POLL):
            with self._cond:
                if (self._store is not None and self._users == 0
                        and self._store.writer_present()):
                    self._close()

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """A store to read for the length of one request (a cursor on the shared
        connection). Raises StoreError when the store cannot be had in time."""
        with self._cond:
            while self._draining:
                self._cond.wait()
            if self._store is None:
                self._store = Store.open(self.path, read_only=True, wait=self.wait)
                self._opened = time.monotonic()
                now = stamp(self.path)
                if now != self._stamp:
                    self._stamp, self._cache = now, {}
            self._users += 1
            shared = self._store
        cursor = shared.con.cursor()
        try:
            yield Store(cursor, shared.path, read_only=True)
        finally:
            cursor.close()
            self._leave()

    def _leave(self) -> None:
        with self._cond:
            self._users -= 1
            if self._store is None:
                return
            if self._users == 0:
                if not self.keep_open or self._store.writer_present():
                    self._close()
                elif self._watcher is None:
                    self._watcher = threading.Thread(target=self._watch, daemon=True,
                                                     name="store-watcher")
                    self._watcher.start()
            elif (not self._draining and time.monotonic() - self._opened > self.window
                  and self._store.writer_present()):
                self._draining = True

    def _close(self) -> None:
        writer = self._store.writer_present()
        self._store.close()
        self._store = None
        if writer:
            time.sleep(0.05)  # the writer polls every 20 ms: let it see the file free
        if self._draining:
            self._draining = False
            self._cond.notify_all()

    def cached(self, name: str, make: Callable[[], Any]) -> Any:
        """`make()` once per state of the store (call inside `reading()`)."""
        with self._cond:
            if name in self._cache:
                return self._cache[name]
        value = make()
        with self._cond:
            self._cache.setdefault(name, value)
            return self._cache[name]

    def cached_lru(self, name: str, make: Callable[[], Any], most: int = 128) -> Any:
        """`cached`, for views of one record (a story's page): at most `most` kept of
        each kind (the part of `name` before its first ":"), the least recently used
        dropped first."""
        bucket = "_lru:" + name.split(":", 1)[0]
        with self._cond:
            recent = self._cache.setdefault(bucket, OrderedDict())
            if name in recent:
                recent.move_to_end(name)
                return recent[name]
        value = make()
        with self._cond:
            recent = self._cache.setdefault(bucket, OrderedDict())
            recent[name] = value
            while len(recent) > most:
                recent.popitem(last=False)
            return value

    @property
    def version(self) -> str:
        """A short tag of the store's state, for ETags and the search index."""
        return "-".join(str(x) for x in self._stamp) or "0"


def search_index_path(path: Path) -> Path:
    """Where the store's search index lives: beside the store (`sidecar_path`), or, when
    the store's folder cannot be written, in the user's cache folder under a name
    derived from the store's path (the same on every run)."""
    beside = sidecar_path(path)
    if os.access(Path(path).parent, os.W_OK):
        return beside
    home = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "storyline"
    home.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:16]
    return home / (digest + beside.suffix)
