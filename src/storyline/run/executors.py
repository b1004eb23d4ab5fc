"""Executors map a pure per-article function over a batch; steps never care where.

Every executor has the same two members, `workers` and `map`, so a step
written once runs in this process, in a pool of processes on a laptop's
cores, or (behind the same protocol) on a cluster. Functions and items must
be picklable: module-level functions over plain records.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs `fn` over `items` and returns the results in input order."""

    workers: int

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]: ...


class InlineExecutor:
    """Runs in this process: the default for one core and for tests."""

    workers = 1

    def __enter__(self) -> InlineExecutor:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        return [fn(item) for item in items]


#: How often a worker checks that the process that started it is still there.
PARENT_POLL_SECONDS = 1.0
_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """Worker initializer: end this worker when `parent` ends, however it ends.

    On Linux the kernel sends SIGTERM when the parent dies (even by kill -9);
    everywhere a daemon thread also checks every PARENT_POLL_SECONDS that the
    parent is still this process's parent, and ends the worker when not.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="storyline-parent-watch", daemon=True).start()


class PoolExecutor:
    """A pool of worker processes on this machine (one per core asked for).

    Workers start on first use and live until the executor closes, so a model
    loaded by a worker (spaCy) is loaded once per worker, not once per batch.
    They never outlive this process: killed or ended, its workers end too.
    """

    def __init__(self, workers: int):
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> PoolExecutor:
        self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_die_with,
                                         initargs=(os.getpid(),))
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        if self._pool is None or len(items) < 2:
            return [fn(item) for item in items]
        chunk = max(1, len(items) // (self.workers * 4))
        return list(self._pool.map(fn, items, chunksize=chunk))


def local_executor(workers: int = 1) -> InlineExecutor | PoolExecutor:
    """In this process for one worker, else a process pool; use as a context manager."""
    return InlineExecutor() if workers <= 1 else PoolExecutor(workers)


def split(items: Sequence[T], parts: int) -> list[list[T]]:
    """`items` cut into at most `parts` runs of near-equal length, order kept."""
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for k in range(parts):
        end = start + size + (1 if k < extra else 0)
        out.append(list(items[start:end]))
        start = end
    return [p for p in out if p]
