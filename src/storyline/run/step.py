"""What a step is: declared once, with its name, version, reads, writes and scope.

A step binds one stage of the flow to the store: it reads its inputs from the
tables named in `reads`, calls the stage's pure functions (through the
executor where the work is per article), and writes the tables named in
`writes`. The runner (`run/runner.py`) never knows what a step does; it
knows only the declaration, so it can tell which steps are stale, in which
order they run, and whose results to forget when an input changes.

Two scopes:
- ``article``: a pure function of one article and its inputs. The runner
  keeps a record (step, article, version) of what is done and hands the step
  only the articles without a record at the current version.
- ``corpus``: a keyed grouping over many articles (copy groups, entities,
  quote and claim groups, stories). The runner re-runs it when its version or
  configuration changed, or when a step it reads from wrote something since
  its last run; the step itself decides how much to rebuild.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from storyline.run.executors import Executor
    from storyline.store import Store

Scope = Literal["article", "corpus"]

#: Called with (items done so far, total) while a step works.
StepProgress = Callable[[int, int], None]


@dataclass
class StepContext:
    """What a step may use besides the store: the executor, options, progress.

    `options` carries user settings a step may need (the entity alias table);
    `config` is this step's stored configuration from its last run, which
    `Step.configure` turns into the configuration of this run.
    """

    store: Store
    executor: Executor
    options: dict[str, Any] = field(default_factory=dict)
    progress: StepProgress | None = None
    config: str = ""

    def tick(self, done: int, total: int) -> None:
        if self.progress:
            self.progress(done, total)


@dataclass(frozen=True)
class Outcome:
    """What one run of a step did.

    `processed`: articles (or groups) it worked on. `changed` (corpus steps):
    the articles whose output changed, so that the runner forgets the results
    of the article steps that read them (None: every article); an article
    step's changed articles are the ones it was handed. `found`: counts to
    show the user (groups, entities ...). `failures`: (source, reason) of
    articles the step could not do; they are stored with the reason and the
    run goes on. `wrote`: False when the step found nothing to change. `undone`
    (article steps): articles it could not do this time (their task failed on every
    try): the runner keeps no record for them, so the next update hands them to the
    step again; their failures are listed as usual. `changed_in` (corpus steps):
    where narrower than `changed`, the articles whose rows changed per table the step
    writes; a step that reads only some of those tables is told only of their articles
    (the stories read entity ids, not the names and sides only event fusion reads).
    """

    processed: int = 0
    changed: frozenset[str] | None = frozenset()
    found: dict[str, int] = field(default_factory=dict)
    failures: tuple[tuple[str, str], ...] = ()
    wrote: bool = True
    undone: frozenset[str] = frozenset()
    changed_in: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """One step of the flow, declared once.

    `run(ctx, items)` does the work: for an article step `items` are the
    article ids to (re)do, in batches chosen by the runner; for a corpus step
    `items` is None. `pending(store)` overrides which items an article step
    has to do (default: ok articles without a record at this version).
    `forget(store, ids)` drops what the step knows of these articles when an
    input of theirs changed (ids None: everything); the default drops the
    runner's records only. `configure(ctx)` gives the configuration this run
    uses (e.g. the alias table); a change of configuration makes the step
    stale like a change of version. `summary(store)` gives the counts the
    CLI shows when the step had nothing to do. `preload()` loads what the step's
    workers need (a model): a process pool runs it once before it forks, so that
    its workers share it instead of each loading it (`preloads`).
    """

    name: str
    version: str
    scope: Scope
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    doc: str
    run: Callable[[StepContext, list[str] | None], Outcome]
    pending: Callable[[Store], list[str]] | None = None
    forget: Callable[[Store, Iterable[str] | None], None] | None = None
    configure: Callable[[StepContext], str] | None = None
    summary: Callable[[Store], dict[str, int]] | None = None
    preload: Callable[[], object] | None = None
    batch: int = 256

    def feeds(self, other: Step) -> bool:
        """True when `other` reads a table this step writes."""
        return bool(set(self.writes) & set(other.reads))


@dataclass(frozen=True)
class StepReport:
    """One step in a run or update, as the CLI prints it."""

    name: str
    version: str
    ran: bool
    processed: int
    seconds: float
    found: dict[str, int]
    reason: str = ""
    failures: tuple[tuple[str, str], ...] = ()
