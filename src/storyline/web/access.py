"""How the web application reads a store that another process may be writing.

DuckDB lets one process write a file, or any number read it, never both at
once. `storyline run` writes in batches and, between two batches, lets go of
the file while readers wait (`Store.pause`, through `<store>.lock`). So the
server never keeps the store open while it idles: concurrent requests share one
read-only connection (each its own cursor), closed when the last request ends.
When a writer is waiting, the server also stops taking requests onto a
connection that has been open for `window` seconds, closes it, and lets the
writer write its next batch; the requests that came meanwhile get a fresh
connection at the writer's next pause. A page is therefore always read from one
consistent state of the store, and new articles show on the next request.

`stamp()` tells when the file changed, so that views costly to compute (the
story table, the outlets) are computed once per state of the store.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from storyline.store import Store

#: Seconds a shared connection keeps taking requests once a writer waits.
WINDOW = 0.25


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

    def __init__(self, path: Path, wait: float = 30.0, window: float = WINDOW):
        self.path = Path(path)
        self.wait = wait
        self.window = window
        self._cond = threading.Condition()
        self._store: Store | None = None
        self._users = 0
        self._opened = 0.0
        self._draining = False
        self._stamp: tuple = ()
        self._cache: dict[str, Any] = {}

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
                self._close()
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

    @property
    def version(self) -> str:
        """A short tag of the store's state, for ETags and the search index."""
        return "-".join(str(x) for x in self._stamp) or "0"


def sidecar(path: Path, suffix: str) -> Path:
    """A file beside the store (the search index), or in the user's cache folder when
    the store's folder cannot be written."""
    beside = path.with_name(path.name + suffix)
    if os.access(path.parent, os.W_OK):
        return beside
    home = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "storyline"
    home.mkdir(parents=True, exist_ok=True)
    return home / (str(abs(hash(str(path.resolve())))) + suffix)
