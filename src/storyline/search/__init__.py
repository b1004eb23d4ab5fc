"""search: full-text search over a store, in a SQLite FTS5 sidecar `<store>.search`.

    index = SearchIndex.for_store(db)
    index.sync(db)                       # after the store changed
    page = index.search("varel visit", kind="quote", limit=20, offset=0)
"""

from storyline.search.docs import KINDS, SearchDoc
from storyline.search.index import (
    SearchError,
    SearchHit,
    SearchIndex,
    SearchPage,
    SyncReport,
    sidecar_path,
)

__all__ = ["KINDS", "SearchDoc", "SearchError", "SearchHit", "SearchIndex", "SearchPage",
           "SyncReport", "sidecar_path"]
