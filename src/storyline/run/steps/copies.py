"""copies: fingerprints of new articles, their copies, and the copy groups they join.

Incremental: only new articles are fingerprinted and looked up in the
persisted index (of which an update of a few articles reads only the postings
of their own keys); only the copy groups that new articles join (or form) are
re-assembled, with their origins and date verdicts; every other group stays
as stored. A changed text (re-extraction) resets the copy tables, since the
index cannot drop single postings.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from storyline.copies.corpus import Prepared, affected, assemble, find_pairs, prepare
from storyline.run.executors import TaskFailure, settled_map
from storyline.run.step import Outcome, Step, StepContext
from storyline.store import Store, copy_tables, fact_tables

#: Bumped whenever fingerprints, pairs, groups or date verdicts change.
COPIES_VERSION = "2"
#: Articles fingerprinted per executor batch.
BATCH = 512


def prepare_row(row: tuple[str, str, str | None]) -> Prepared:
    """Fingerprint one (id, text, published) row (runs in a worker)."""
    return prepare(*row)


def _run(ctx: StepContext, _: list[str] | None) -> Outcome:
    store = ctx.store
    new = copy_tables.unfingerprinted(store)
    lost: list[tuple[str, str]] = []
    if new:
        # a few new articles read only the postings of their own keys; many (a first run)
        # the whole index once, kept in memory from batch to batch
        index = copy_tables.load_index(store) if len(new) > BATCH else None
        texts_of = partial(copy_tables.texts_of, store)
        for start in range(0, len(new), BATCH):
            rows = new[start : start + BATCH]
            done = settled_map(ctx.executor, prepare_row, rows)
            lost += [(rows[r.index][0], f"fingerprint task failed ({r.reason})")
                     for r in done if isinstance(r, TaskFailure)]
            prepared = [r for r in done if not isinstance(r, TaskFailure)]
            batch_index = index or copy_tables.index_for(store, prepared)
            copy_tables.write_fingerprints(store, prepared, batch_index,
                                           find_pairs(prepared, batch_index, texts_of))
            ctx.tick(min(start + BATCH, len(new)), len(new))
            store.pause()  # a waiting reader gets the file between two batches
    # an article whose fingerprint task failed stays unfingerprinted: the next update
    # tries it again; meanwhile it is in no copy group
    sources = fact_tables.sources_of(store, [a for a, _ in lost])
    failures = tuple((sources[a], why) for a, why in lost)
    seeds = copy_tables.unassembled(store)
    if not seeds:
        return Outcome(found=copy_tables.summary(store), wrote=False, failures=failures)
    pairs = copy_tables.pairs_near(store, seeds)  # the groups the new articles join
    part = affected(pairs, seeds)
    before = copy_tables.verdicts(store, part)
    infos, checks = copy_tables.infos_and_checks(store, part)
    result = assemble([p for p in pairs if p[0] in part], infos,
                      partial(copy_tables.texts_of, store), checks)
    copy_tables.write_result(store, result, part,
                             {v[2] for v in before.values() if v[2] is not None})
    moved = frozenset(s.article for s in result.statuses if (old := before.get(s.article))
                      and old != (s.misdated, s.likely_period, s.group))
    return Outcome(processed=len(new), changed=moved, failures=failures,
                   found=copy_tables.summary(store) | {"copy groups rebuilt": len(result.groups)})


def _forget(store: Store, ids: Iterable[str] | None) -> None:
    copy_tables.reset(store)


def _summary(store: Store) -> dict[str, int]:
    return copy_tables.summary(store) | {"copy groups rebuilt": 0}


STEP = Step(
    name="copies", version=COPIES_VERSION, scope="corpus",
    reads=("articles",),
    writes=("fingerprints", "copy_index", "copy_pairs", "copy_groups", "article_copies"),
    doc="exact, near and contained copies; origin of each group; misdated copies",
    run=_run, forget=_forget, summary=_summary,
)
