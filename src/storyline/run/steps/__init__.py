"""Every step of the flow: one module each, found here by its `STEP` declaration.

Adding a step means adding a module to this folder that declares `STEP`
(name, version, scope, reads, writes, run); the runner orders it from what
it reads and writes. `docs/architecture.md` lists these declarations, and a
test checks the two agree.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

from storyline.run.runner import ordered
from storyline.run.step import Step


def discover() -> list[Step]:
    """The `STEP` of every module in this package, in run order."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        step = getattr(module, "STEP", None)
        if isinstance(step, Step):
            found.append(step)
    return ordered(found)


STEPS: tuple[Step, ...] = tuple(discover())


def preloads(steps: tuple[Step, ...] = STEPS) -> tuple[Callable[[], object], ...]:
    """What the steps' workers load (`Step.preload`), for a process pool to load once
    before it forks them (`executors.PoolExecutor`)."""
    return tuple(s.preload for s in steps if s.preload is not None)


def markdown(steps: tuple[Step, ...] = STEPS) -> str:
    """The steps as a Markdown table, in run order (docs/architecture.md holds it)."""
    rows = ["| step | scope | version | reads | writes | what it makes |",
            "|---|---|---|---|---|---|"]
    for s in steps:
        rows.append(f"| `{s.name}` | {s.scope} | {s.version} | "
                    f"{', '.join(f'`{t}`' for t in s.reads)} | "
                    f"{', '.join(f'`{t}`' for t in s.writes)} | {s.doc} |")
    return "\n".join(rows) + "\n"


__all__ = ["STEPS", "discover", "markdown", "preloads"]
