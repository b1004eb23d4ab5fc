"""store: the DuckDB file that holds documents, raw bytes and articles."""

from storyline.store.duck import Store, StoreError

__all__ = ["Store", "StoreError"]
