"""Search for the web application: the full-text index (`storyline.search`) kept up
to date with the store in the background, and its hits as a page of the API.

The first search waits for the index to be built; later, when the store has
changed, a search answers from the index as it is and starts a sync beside it,
so new articles are found a moment after they are stored.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from storyline.query.browse import BadQuery, Page, Paging
from storyline.search.index import SearchHit, SearchIndex
from storyline.web.access import StoreGate

log = logging.getLogger("storyline.serve")


@dataclass(frozen=True, slots=True)
class Hit:
    """A search result as the API answers it."""

    hit: SearchHit

    def to_json(self) -> dict:
        h = self.hit
        return {"kind": h.kind, "id": h.id, "title": h.title, "detail": h.detail,
                "article": h.article, "start": h.start, "end": h.end,
                "snippet": [{"text": t, "match": m} for t, m in h.snippet],
                "score": round(h.score, 6)}


@dataclass(frozen=True, slots=True)
class SearchResults:
    """A page of hits with the counts per kind, whether the total was capped (`more`:
    there are more matches than `total` says) and whether any word was enough."""

    hits: Page
    by_kind: dict[str, int]
    more: bool
    any_term: bool

    def __getattr__(self, name: str):  # items, total, page, pages, has_next of the hits
        return getattr(self.hits, name)

    def to_json(self) -> dict:
        return self.hits.to_json() | {"by_kind": dict(self.by_kind), "more": self.more,
                                      "any_term": self.any_term}


class Searcher:
    """One store's search index, synced when the store changed."""

    def __init__(self, gate: StoreGate, index: SearchIndex):
        self.gate = gate
        self.index = index
        self._synced: str | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def sync_now(self, wait: bool = True) -> None:
        """Bring the index up to date (at start, or when the store changed); without
        `wait`, give up at once when another process or thread is syncing it."""
        version = self.gate.version
        report = self.index.sync(self.gate.reading, wait=wait)
        for message in report.messages:
            log.warning(message)
        if not report.busy:
            self._synced = version

    def _refresh(self) -> None:
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            if self._synced == self.gate.version:
                return

            def work():
                try:
                    self.sync_now(wait=self._synced is None)
                except Exception as err:  # the index stays as it was; next search retries
                    log.warning("search index not brought up to date: %s", err)

            self._thread = threading.Thread(target=work, name="search-sync", daemon=True)
            self._thread.start()

    def wait(self, seconds: float = 600.0) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(seconds)

    def start(self) -> None:
        """Build or update the index in the background (at server start)."""
        self._refresh()

    def page(self, q: str, kind: str | None, paging: Paging) -> SearchResults:
        if not q.strip():
            raise BadQuery("q must hold a word to search for")
        if self._synced is None:  # the first sync must finish before the first answer
            self.wait()
            with self._lock:
                if self._synced is None:
                    self.sync_now()
        else:
            self._refresh()
        try:
            found = self.index.search(q, kind or None, paging.per_page, paging.offset)
        except ValueError as err:
            raise BadQuery(str(err)) from err
        return SearchResults(
            Page(tuple(Hit(h) for h in found.items), found.total, paging.page,
                 paging.per_page),
            dict(found.by_kind), bool(getattr(found, "more", False)), found.any_term)
