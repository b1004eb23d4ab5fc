"""The runner: brings every declared step up to date, and nothing more.

It owns staleness, from the declarations alone (`run/step.py`):
- an article step is handed the articles it has no record for at its
  current version (so a new version redoes every article, and new articles
  are done once);
- a corpus step runs when its version or configuration changed, or when a
  step whose tables it reads wrote something since its last run (each step's
  output has a generation number, bumped when it writes);
- when a step's output changed for some articles, the article steps that read
  it forget those articles (and a corpus step with a `forget` hook is told),
  so they are redone in this same update, downstream in order.

Steps run in the order their reads and writes imply (`ordered`).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

from storyline.run.executors import Executor, InlineExecutor
from storyline.run.step import Step, StepContext, StepProgress, StepReport
from storyline.store import Store, step_tables
from storyline.store.step_tables import StepState


class StepOrderError(ValueError):
    """Declared steps read each other's output in a cycle."""


def ordered(steps: Iterable[Step]) -> list[Step]:
    """Steps in an order where every step comes after the steps it reads from;
    ties by name, so the order is stable."""
    steps = sorted(steps, key=lambda s: s.name)
    before = {s.name: {u.name for u in steps if u is not s and u.feeds(s)} for s in steps}
    out: list[Step] = []
    while steps:
        ready = [s for s in steps if not before[s.name] - {o.name for o in out}]
        if not ready:
            raise StepOrderError("steps read each other's output in a cycle: "
                                 + ", ".join(s.name for s in steps))
        out.append(ready[0])
        steps.remove(ready[0])
    return out


def _chunks(items: Sequence[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


@dataclass(frozen=True)
class Pending:
    """What `update` would do for one step now (for `storyline info`)."""

    name: str
    scope: str
    version: str
    stored_version: str
    work: str  # "up to date", "N articles", "stale: why"


def _inputs(step: Step, steps: Sequence[Step], states: dict[str, StepState]) -> dict[str, int]:
    return {u.name: states.get(u.name, StepState()).generation
            for u in steps if u is not step and u.feeds(step)}


def _stale_reason(step: Step, state: StepState, config: str, seen: dict[str, int]) -> str:
    if state.version != step.version:
        return f"version {state.version or 'none'} -> {step.version}"
    if state.config != config:
        return "configuration changed"
    changed = sorted(k for k in seen if seen[k] != state.seen.get(k))
    return f"new output of {', '.join(changed)}" if changed else ""


def _pending_items(step: Step, store: Store) -> list[str]:
    if step.pending is not None:
        return step.pending(store)
    return step_tables.pending_articles(store, step.name, step.version)


def plan(store: Store, steps: Sequence[Step], options: dict | None = None) -> list[Pending]:
    """What is stale, step by step, without running anything.

    Downstream effects are not predicted: a step shown up to date may still
    run if a step before it changes its inputs.
    """
    states = step_tables.states(store)
    out = []
    for step in ordered(steps):
        state = states.get(step.name, StepState())
        if step.scope == "article":
            n = len(_pending_items(step, store))
            work = f"{n} article{'s' if n != 1 else ''} to do" if n else "up to date"
        else:
            ctx = StepContext(store, InlineExecutor(), dict(options or {}), config=state.config)
            config = step.configure(ctx) if step.configure else ""
            reason = _stale_reason(step, state, config, _inputs(step, steps, states))
            work = f"stale: {reason}" if reason else "up to date"
        out.append(Pending(step.name, step.scope, step.version, state.version, work))
    return out


def touched(store: Store, step_name: str) -> None:
    """Record that `step_name`'s output changed outside `update` (ingest writes
    articles), so the corpus steps that read it re-run."""
    state = step_tables.states(store).get(step_name, StepState())
    step_tables.save_state(store, step_name, replace(state, generation=state.generation + 1))


def forget(store: Store, steps: Sequence[Step], name: str, ids: Iterable[str] | None) -> None:
    """Make step `name` redo these articles (None: all) at the next update."""
    step = next(s for s in steps if s.name == name)
    ids = None if ids is None else sorted(set(ids))
    step_tables.forget_done(store, step.name, ids)
    if step.forget is not None:
        step.forget(store, ids)
    if ids is None and step.scope == "corpus":
        state = step_tables.states(store).get(step.name, StepState())
        step_tables.save_state(store, step.name, replace(state, seen={}))


def _cascade(store: Store, steps: Sequence[Step], source: Step,
             changed: frozenset[str] | None,
             changed_in: Mapping[str, frozenset[str]] | None = None) -> None:
    """Forget downstream per-article results of the articles whose output changed: of
    those whose rows changed in the tables the reader reads, where `changed_in` says."""
    if changed is not None and not changed:
        return
    for step in steps:
        if step is not source and source.feeds(step):
            if step.scope == "article" or step.forget is not None:
                tables = set(source.writes) & set(step.reads)
                ids = changed
                if changed is not None and changed_in and tables <= set(changed_in):
                    ids = frozenset().union(*(changed_in[t] for t in tables))
                if ids is None or ids:
                    forget(store, steps, step.name, ids)


def update(store: Store, steps: Sequence[Step], executor: Executor | None = None,
           options: dict | None = None,
           progress: Callable[[str], StepProgress | None] | None = None) -> list[StepReport]:
    """Run every stale step, in order; one report per step (ran or not).

    `progress(step name)` may return a callback taking (done, total).
    """
    executor = executor or InlineExecutor()
    steps = ordered(steps)
    reports: list[StepReport] = []
    step_tables.set_updating(store, True)
    for step in steps:
        states = step_tables.states(store)
        state = states.get(step.name, StepState())
        ctx = StepContext(store, executor, dict(options or {}),
                          progress(step.name) if progress else None, config=state.config)
        config = step.configure(ctx) if step.configure else ""
        ctx.config = config
        seen = _inputs(step, steps, states)
        start = time.perf_counter()
        if step.scope == "article":
            items = _pending_items(step, store)
            if not items:
                reports.append(_idle(step, store, start))
                step_tables.save_state(store, step.name, replace(
                    state, version=step.version, config=config, seen=seen))
                continue
            processed, failures, found = 0, [], {}
            for batch in _chunks(items, step.batch):
                outcome = step.run(ctx, batch)
                step_tables.mark_done(store, step.name, step.version,
                                      [a for a in batch if a not in outcome.undone])
                _cascade(store, steps, step, frozenset(batch))
                processed += outcome.processed
                failures += outcome.failures
                found = outcome.found
                ctx.tick(processed, len(items))
                store.pause()  # a waiting reader gets the store between two batches
            reason = f"{len(items)} article{'s' if len(items) != 1 else ''} to do"
            generation = state.generation + 1
        else:
            reason = _stale_reason(step, state, config, seen)
            if not reason:
                reports.append(_idle(step, store, start))
                continue
            if state.version and state.version != step.version and step.forget is not None:
                step.forget(store, None)
            with _collector_paused():
                outcome = step.run(ctx, None)
            _cascade(store, steps, step, outcome.changed, outcome.changed_in)
            processed, failures, found = outcome.processed, list(outcome.failures), outcome.found
            generation = state.generation + (1 if outcome.wrote else 0)
            if failures:  # a shard it could not do: stale again, so the next update retries
                seen = {}
        step_tables.save_state(store, step.name, StepState(step.version, config, generation, seen))
        store.pause()
        reports.append(StepReport(step.name, step.version, True, processed,
                                  time.perf_counter() - start, found, reason, tuple(failures)))
    step_tables.set_updating(store, False)
    return reports


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic collector paused while a corpus step runs, and resumed after.

    A corpus step builds hundreds of thousands of small records (an update's event
    replay reads 330,000 mentions at 100,000 articles) and keeps most of them until it
    ends, so the collector's full passes walk an ever larger heap again and again, and
    find little: the records hold no cycles. Measured in one `storyline update` of +20
    into 100,000 articles, where analysis and entities ran before in the same process:
    `event_groups` 27.4 s with the collector, 20.3 s paused (docs/scale.md, "Eighth
    session"). What a step leaves in cycles is collected once the collector runs again."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def interrupted(store: Store) -> bool:
    """An update started and did not finish: the store mixes old and new results
    until `update` runs again (it redoes exactly what is left)."""
    return step_tables.updating(store)


def _idle(step: Step, store: Store, start: float) -> StepReport:
    found = step.summary(store) if step.summary else {}
    return StepReport(step.name, step.version, False, 0, time.perf_counter() - start, found,
                      "up to date")
