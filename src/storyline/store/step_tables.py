"""The runner's bookkeeping in the store: what each step has done, and when.

`step_done` holds one row per (per-article step, article) at the version that
made it; `step_state` one row per step with its version and configuration at
its last run, the generation of its output and the input generations it saw.
The runner writes these tables; besides, the corpus steps that regroup only
what changed (fact_groups, event_groups) record in `step_done` the articles
they have grouped (`fact_tables.settle`), so that the next update finds the
changed articles as those without a record, and in `step_digests` a digest of what
they read of each such article, so that of the articles handed on they regroup only
those whose inputs differ.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from storyline.store.duck import Store, insert_rows, transaction, where_in


@dataclass(frozen=True)
class StepState:
    """A step's state after its last run (version "" when it never ran)."""

    version: str = ""
    config: str = ""
    generation: int = 0
    seen: dict[str, int] = field(default_factory=dict)


def states(store: Store) -> dict[str, StepState]:
    """Every step's stored state, by step name."""
    return {name: StepState(version, config, generation, json.loads(seen))
            for name, version, config, generation, seen in store.con.execute(
                "SELECT step, version, config, generation, seen FROM step_state").fetchall()}


def save_state(store: Store, step: str, state: StepState) -> None:
    store.con.execute("INSERT OR REPLACE INTO step_state VALUES (?, ?, ?, ?, ?)",
                      [step, state.version, state.config, state.generation,
                       json.dumps(state.seen, sort_keys=True)])


def pending_articles(store: Store, step: str, version: str) -> list[str]:
    """Ok articles this step has not done at `version`, in id order."""
    return [r[0] for r in store.con.execute(
        "SELECT a.id FROM articles a LEFT JOIN step_done d "
        "ON d.step = ? AND d.article = a.id AND d.version = ? "
        "WHERE a.status = 'ok' AND d.article IS NULL ORDER BY a.id", [step, version]).fetchall()]


def pending_documents(store: Store, step: str, version: str) -> list[str]:
    """Stored documents this step has not done at `version`, in id order."""
    return [r[0] for r in store.con.execute(
        "SELECT d.id FROM documents d LEFT JOIN step_done s "
        "ON s.step = ? AND s.article = d.id AND s.version = ? "
        "WHERE s.article IS NULL ORDER BY d.id", [step, version]).fetchall()]


def mark_done(store: Store, step: str, version: str, ids: Iterable[str]) -> None:
    insert_rows(store, "step_done", [(step, a, version) for a in ids], "OR REPLACE")


def forget_done(store: Store, step: str, ids: Iterable[str] | None) -> None:
    """Drop the records of `step` for these articles (None: all), so it redoes them."""
    if ids is None:
        store.con.execute("DELETE FROM step_done WHERE step = ?", [step])
    else:
        store.con.execute("DELETE FROM step_done WHERE step = ? AND article IN "
                          "(SELECT unnest(?))", [step, sorted(set(ids))])


def set_updating(store: Store, value: bool) -> None:
    """Mark the store as in the middle of an update (or not): readers can warn that
    what they show mixes old and new results until an update finishes."""
    if value:
        store.con.execute("INSERT OR REPLACE INTO meta VALUES ('updating', 'yes')")
    else:
        store.con.execute("DELETE FROM meta WHERE key = 'updating'")


def updating(store: Store) -> bool:
    """True when an update started and did not finish (killed, or failed)."""
    row = store.con.execute("SELECT value FROM meta WHERE key = 'updating'").fetchone()
    return bool(row and row[0] == "yes")


def digests(store: Store, step: str, ids: Iterable[str] | None = None) -> dict[str, str]:
    """Article id -> the digest of its inputs that `step` kept when it last took the
    article in (`save_digests`), of every article (or these)."""
    where, params = where_in(ids, join=" AND ")
    return dict(store.con.execute(
        f"SELECT article, digest FROM step_digests WHERE step = ?{where}",
        [step, *params]).fetchall())


def save_digests(store: Store, step: str, ids: Iterable[str], now: dict[str, str]) -> None:
    """Keep the digests `now` of these articles for `step` (a corpus grouping step that
    took them in): the next update that hands it an article compares the article's
    inputs with these and regroups only if they differ. An article of `ids` without a
    digest in `now` (no input left) loses its row."""
    ids = sorted(set(ids))
    with transaction(store):
        forget_digests(store, step, ids)
        insert_rows(store, "step_digests", [(step, a, now[a]) for a in ids if a in now])


def forget_digests(store: Store, step: str, ids: Iterable[str] | None) -> None:
    """Drop the kept digests of `step` for these articles (None: all of them)."""
    where, params = where_in(ids, join=" AND ")
    store.con.execute(f"DELETE FROM step_digests WHERE step = ?{where}", [step, *params])
