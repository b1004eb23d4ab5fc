"""A process pool's forked workers share what was loaded before they started (the spaCy
model above all), so that no worker loads it again; what is loaded is what the steps
declare (`Step.preload`), handed to the pool, not a registry filled at import."""

from __future__ import annotations

import os

from storyline.analyse import nlp
from storyline.run.executors import PoolExecutor, local_executor
from storyline.run.steps import STEPS, preloads

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
    _LOADED.clear()
    with PoolExecutor(2, (_broken, _load_here, _load_here)) as pool:  # each loader once
        seen = pool.map(_seen, list(range(8)))
    assert _LOADED == [os.getpid()]  # loaded once, here, before the workers forked
    assert all(found == [os.getpid()] for _, found in seen)
    assert all(pid != os.getpid() for pid, _ in seen)  # the tasks ran in the workers


def test_a_pool_loads_only_what_it_is_handed():
    _LOADED.clear()
    with PoolExecutor(2) as pool:
        seen = pool.map(_seen, list(range(4)))
    assert _LOADED == [] and all(found == [] for _, found in seen)


def test_a_pool_of_the_flow_forks_workers_that_hold_the_model():
    loaders = preloads()
    assert {s.name for s in STEPS if s.preload} == {"extract", "analysis", "events"}
    assert nlp.load_pipeline in loaders
    with local_executor(2, loaders) as pool:
        held = pool.map(_models_loaded, [0, 1, 2, 3])
    assert held == [1, 1, 1, 1]
    assert nlp.load_pipeline.cache_info().currsize == 1
