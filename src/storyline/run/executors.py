"""Executors map a pure function over a batch; steps never care where.

Every executor has the same two members, `workers` and `map`, so a step
written once runs in this process, in a pool of processes on a laptop's
cores, or (behind the same protocol) on a cluster. Functions and items must
be picklable: module-level functions over plain records (an article, or a
grouping step's closed parts packed by `pack`). `settled_map` is `map` for work
whose failed tasks are recorded and retried later rather than fatal. The Dask
executor also streams (`DaskExecutor.stream`: results in order as they come, a
few tasks out at once), which ingest uses to read shards on the workers.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
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


def _load_before_fork(loaders: Sequence[Callable[[], object]]) -> None:
    """Run a pool's preloads in this process just before its workers start, when they
    start by fork: the workers then share what was loaded (the spaCy model, lookup
    tables) instead of each loading it again (2 to 3 CPU seconds a worker). A loader
    that fails is skipped: the step that needs it reports the error."""
    if multiprocessing.get_start_method() != "fork":
        return  # spawned workers inherit nothing
    for loader in loaders:
        try:
            loader()
        except Exception:  # noqa: BLE001, S110 - the step that needs it raises it again
            pass


class PoolExecutor:
    """A pool of worker processes on this machine (one per core asked for).

    Workers start on first use and live until the executor closes, so a model
    loaded by a worker (spaCy) is loaded once per worker, not once per batch;
    forked workers find `preload`'s loaders (the steps' `Step.preload`) already run
    here, once. They never outlive this process: killed or ended, its workers end too.
    """

    def __init__(self, workers: int, preload: Sequence[Callable[[], object]] = ()):
        self.workers = max(1, workers)
        self.preload = tuple(dict.fromkeys(preload))  # each loader once, in order
        self._pool: ProcessPoolExecutor | None = None
        self._started = False

    def __enter__(self) -> PoolExecutor:
        self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_die_with,
                                         initargs=(os.getpid(),))
        self._started = False
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        if self._pool is None or len(items) < 2:
            return [fn(item) for item in items]
        if not self._started:  # the workers fork at the first task
            self._started = True
            _load_before_fork(self.preload)
        chunk = max(1, len(items) // (self.workers * 4))
        return list(self._pool.map(fn, items, chunksize=chunk))


class ExecutorError(Exception):
    """An executor could not start, or a task failed even when retried."""


@dataclass(frozen=True)
class TaskFailure:
    """In `settled_map`'s results, in place of the result of a task that failed even
    when retried: which item (its index in the map), and why."""

    index: int
    reason: str


def reason_of(error: BaseException) -> str:
    """An error in one line: its type and the first line of its message."""
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _caught(fn: Callable[[T], R], item: T) -> tuple[bool, R | str]:
    """Runs `fn(item)` where the task runs, so that one item's fault stays with it."""
    try:
        return True, fn(item)
    except Exception as error:  # noqa: BLE001 - the reason is handed back with the item
        return False, reason_of(error)


def settled_map(executor: Executor, fn: Callable[[T], R],
                items: Sequence[T]) -> list[R | TaskFailure]:
    """`executor.map`, except that a task that fails (after the executor's retries) is
    a `TaskFailure` in its place and the other results come back: a grouping step
    records the failed shard, keeps what it stored, and goes on with the rest.

    An executor with its own `settled_map` (Dask: a lost worker is a failure too) is
    asked; any other runs each task guarded, in the process that runs it.
    """
    own = getattr(executor, "settled_map", None)
    if own is not None:
        return own(fn, items)
    out = executor.map(partial(_caught, fn), items)
    return [value if ok else TaskFailure(i, value) for i, (ok, value) in enumerate(out)]


#: Seconds to reach a scheduler, and to wait for its first worker.
DASK_CONNECT_SECONDS = 10.0
DASK_WORKER_WAIT_SECONDS = 60.0


def _worker_stats(dask_worker) -> dict:
    """Runs on a Dask worker (`client.run` passes the worker): tasks run, bytes sent to
    other workers, and seconds spent running each function (by task key prefix)."""
    seconds: dict[str, float] = {}
    for (prefix, state), spent in dask_worker.state.task_counter.cumulative_elapsed().items():
        if state == "executing":
            seconds[prefix] = seconds.get(prefix, 0.0) + spent
    return {"tasks": dask_worker.state.executed_count,
            "bytes_sent": dask_worker.transfer_outgoing_bytes_total, "seconds": seconds}


class DaskExecutor:
    """Tasks on Dask workers: a running cluster's scheduler, or a local cluster.

    With `scheduler` (an address such as ``tcp://host:8786``) it connects a
    `distributed.Client` to that cluster, whose workers need only storyline
    installed; without, it starts a `distributed.LocalCluster` of `workers`
    processes with one thread each, no dashboard and quiet logs. `workers` is
    then the cluster's total threads, so a step cuts its batch into that many
    runs. Each task is retried once on failure (a worker lost, a fault); one
    that fails again ends the map with an `ExecutorError` naming the item, or in
    `settled_map` is a `TaskFailure` in its place while the other tasks' results
    come back.
    The store stays in this process: workers only compute. dask and
    distributed are imported when the executor starts, never by commands that
    do not ask for it.
    """

    def __init__(self, scheduler: str | None = None, workers: int = 2, retries: int = 1,
                 connect_seconds: float | None = None):
        self.scheduler = scheduler
        self.workers = max(1, workers)
        self.retries = retries
        self.connect_seconds = connect_seconds or DASK_CONNECT_SECONDS
        self.client = None
        self._cluster = None

    def __enter__(self) -> DaskExecutor:
        import logging

        from distributed import Client, LocalCluster

        if self.scheduler:
            try:
                self.client = Client(self.scheduler, timeout=self.connect_seconds,
                                     set_as_default=False)
            except (OSError, TimeoutError, ValueError, TypeError) as error:
                reason = str(error).splitlines()[0] if str(error) else type(error).__name__
                raise ExecutorError(f"cannot reach the Dask scheduler at {self.scheduler}: "
                                    f"{reason}") from None
            try:
                self.client.wait_for_workers(1, timeout=DASK_WORKER_WAIT_SECONDS)
            except (OSError, TimeoutError) as error:
                self.close()
                raise ExecutorError(f"the Dask scheduler at {self.scheduler} has no worker "
                                    f"after {DASK_WORKER_WAIT_SECONDS:.0f} s") from error
        else:
            self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                         processes=True, dashboard_address=None,
                                         silence_logs=logging.CRITICAL)
            try:
                self.client = Client(self._cluster, set_as_default=False)
            except BaseException:
                self.close()
                raise
        self.workers = max(1, sum(self.client.nthreads().values()))
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def stats(self) -> dict[str, dict]:
        """Per worker address, since it started: tasks it ran, bytes it sent to other
        workers, and seconds per function (`_worker_stats`)."""
        return self.client.run(_worker_stats) if self.client is not None else {}

    def _submit(self, fn: Callable[[T], R], items: Sequence[T]) -> tuple[str, list]:
        """The function's name and one future per item, each retried `retries` times."""
        name = getattr(fn, "__name__", "task")
        # keys say what ran (the scheduler counts tasks by the part before the
        # first dash) and are unique per map, so a map is never served from an
        # earlier one's results
        batch = uuid.uuid4().hex[:16]
        keys = [f"{name}-{batch}-{i}" for i in range(len(items))]
        return name, self.client.map(fn, list(items), key=keys, retries=self.retries)

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        if self.client is None:
            return [fn(item) for item in items]
        if not items:
            return []
        name, futures = self._submit(fn, items)
        try:
            return self.client.gather(futures)
        except Exception as error:  # noqa: BLE001 - named with the item that failed
            index = next((i for i, f in enumerate(futures) if f.status == "error"), None)
            where = f"item {index} of {len(items)}" if index is not None else "a task"
            raise ExecutorError(
                f"{name} failed on {where} after {self.retries + 1} tries on Dask workers: "
                f"{type(error).__name__}: {error}") from error
        finally:
            self.client.cancel(futures)

    def stream(self, fn: Callable[[T], R], items: Sequence[T],
               window: int | None = None) -> Iterator[R | TaskFailure]:
        """`fn` over `items`, each result yielded in input order as it comes, with at most
        `window` tasks out at once (default: two per worker thread), so that this process
        holds a few results, not all (ingest reads shards this way). A task that fails on
        both tries is a `TaskFailure` in its place, and the others go on."""
        items = list(items)
        if self.client is None:
            yield from settled_map(InlineExecutor(), fn, items)
            return
        window = max(1, window or 2 * self.workers)
        name = getattr(fn, "__name__", "task")
        batch = uuid.uuid4().hex[:16]
        out: dict[int, object] = {}

        def submit(i: int) -> None:
            if i < len(items):
                out[i] = self.client.submit(fn, items[i], key=f"{name}-{batch}-{i}",
                                            retries=self.retries)

        try:
            for i in range(window):
                submit(i)
            for i in range(len(items)):
                future = out.pop(i)
                try:
                    result = future.result()
                except Exception as error:  # noqa: BLE001 - the item's failure, in its place
                    result = TaskFailure(i, f"{reason_of(error)} (after {self.retries + 1} "
                                            "tries on Dask workers)")
                future.release()
                submit(i + window)
                yield result
        finally:
            self.client.cancel(list(out.values()))

    def settled_map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R | TaskFailure]:
        """Like `map`, but a task that fails on both tries (a fault, a worker lost) is a
        `TaskFailure` in its place, and every other task's result comes back."""
        if self.client is None:
            return settled_map(InlineExecutor(), fn, items)
        if not items:
            return []
        _, futures = self._submit(fn, items)
        try:
            got = self.client.gather(futures, errors="skip")  # waits for every task
            done = [i for i, f in enumerate(futures) if f.status == "finished"]
            results = dict(zip(done, got, strict=True))
            out: list[R | TaskFailure] = []
            for i, future in enumerate(futures):
                if i in results:
                    out.append(results[i])
                else:
                    error = future.exception() if future.status == "error" else None
                    why = reason_of(error) if error is not None else f"task {future.status}"
                    out.append(TaskFailure(i, f"{why} (after {self.retries + 1} tries on "
                                              "Dask workers)"))
            return out
        finally:
            self.client.cancel(futures)


def local_executor(workers: int = 1, preload: Sequence[Callable[[], object]] = ()
                   ) -> InlineExecutor | PoolExecutor:
    """In this process for one worker, else a process pool whose workers share what
    `preload` loads (`PoolExecutor`); use as a context manager."""
    return InlineExecutor() if workers <= 1 else PoolExecutor(workers, preload)


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


def split_shared(keys: Sequence[Sequence[str]], parts: int) -> list[list[int]]:
    """Indices of items cut into at most `parts` runs, in order within each run, so
    that items sharing keys go to the same run where they can: work a worker caches
    per key (a line of text, which copies of an article repeat) is then done once.

    Each item goes to the run that already holds most of its keys' characters while
    that run stays within its share of the work (the characters of the distinct
    keys, over `parts`, plus a tenth); otherwise to the run with the least work.
    Deterministic: ties go to the lower run.
    """
    parts = max(1, min(parts, len(keys)))
    share = 1.1 * sum(len(k) for k in {k for item in keys for k in item}) / parts
    runs: list[list[int]] = [[] for _ in range(parts)]
    held: list[set[str]] = [set() for _ in range(parts)]
    work = [0] * parts
    for index, item in enumerate(keys):
        distinct = set(item)
        new = [sum(len(k) for k in distinct if k not in held[r]) for r in range(parts)]
        fits = [(new[r], work[r], r) for r in range(parts) if work[r] + new[r] <= share]
        run = min(fits)[2] if fits else min((work[r], r) for r in range(parts))[1]
        runs[run].append(index)
        held[run] |= distinct
        work[run] += new[run]
    return [run for run in runs if run]


def pack(sizes: Sequence[int], workers: int, least: int) -> list[list[int]]:
    """Indices of parts (of these sizes) packed into tasks, so that tasks are not tiny:
    about four tasks per worker, each of `least` items or more where there are that
    many, parts whole. Largest part first into the lightest task; deterministic, and
    each task lists its parts in their order."""
    total = sum(sizes)
    tasks = max(1, min(workers * 4, total // max(1, least), len(sizes)))
    load = [0] * tasks
    out: list[list[int]] = [[] for _ in range(tasks)]
    for i in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        t = min(range(tasks), key=lambda t: (load[t], t))
        out[t].append(i)
        load[t] += sizes[i]
    return [sorted(task) for task in out if task]
