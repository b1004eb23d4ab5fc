"""A process pool's forked workers share what was loaded before they started (the spaCy
model above all), so that no worker loads it again."""

from __future__ import annotations

import os

from storyline.analyse import nlp
from storyline.run import executors
from storyline.run.executors import PoolExecutor, load_before_fork

_LOADED: list[int] = []


def _seen(_: int) -> tuple[int, list[int]]:
    """(this worker's pid, what it found loaded)."""
    return os.getpid(), list(_LOADED)


def _models_loaded(_: int) -> int:
    """How many pipelines this worker holds before it is asked to analyse anything."""
    return nlp.load_pipeline.cache_info().currsize


def _load_here() -> None:
    _LOADED.append(os.getpid())


def _broken() -> None:
    raise RuntimeError("no such model")


def test_workers_inherit_what_the_parent_loaded_and_a_failing_loader_is_skipped():
    load_before_fork(_broken)
    load_before_fork(_load_here)
    load_before_fork(_load_here)  # registered once
    try:
        with PoolExecutor(2) as pool:
            seen = pool.map(_seen, list(range(8)))
    finally:
        executors._BEFORE_FORK.remove(_broken)
        executors._BEFORE_FORK.remove(_load_here)
    assert _LOADED == [os.getpid()]  # loaded once, here, before the workers forked
    assert all(found == [os.getpid()] for _, found in seen)
    assert all(pid != os.getpid() for pid, _ in seen)  # the tasks ran in the workers


def test_a_pool_of_the_pipeline_forks_workers_that_hold_the_model():
    import storyline.run.pipeline  # noqa: F401 - the steps register their loaders

    with PoolExecutor(2) as pool:
        held = pool.map(_models_loaded, [0, 1, 2, 3])
    assert held == [1, 1, 1, 1]
    assert nlp.load_pipeline.cache_info().currsize == 1
