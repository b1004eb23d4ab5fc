"""Executors map a pure per-document stage over a batch.

The pipeline does not care where the work happens: in this process, or in a
pool of worker processes on a laptop's cores.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


class LocalExecutor:
    """Runs in this process (workers=1) or in a process pool (workers>1)."""

    def __init__(self, workers: int = 1):
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> LocalExecutor:
        if self.workers > 1:
            self._pool = ProcessPoolExecutor(max_workers=self.workers)
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """Apply `fn` to each item, keeping order."""
        if self._pool is None or len(items) < 2:
            return [fn(item) for item in items]
        chunk = max(1, len(items) // (self.workers * 4))
        return list(self._pool.map(fn, items, chunksize=chunk))
