"""Inputs a run could not read: a shard whose task failed on the workers.

A failed page is stored as a failed article; a shard that failed (its worker died,
its task raised twice) left no document to store, so it is kept here instead, by
file path and part (an archive's slice of documents, or "" for the whole file),
with the reason. `storyline info` lists them; a later run that reads the same part
clears its row, so the table holds what is still missing from the store.
"""

from __future__ import annotations

from storyline.store.duck import Store, transaction

TABLE = "input_failures"


def record(store: Store, path: str, part: str, reason: str) -> None:
    """Keep (or renew) the failure of this file's part."""
    with transaction(store):
        store.con.execute(f"DELETE FROM {TABLE} WHERE path = ? AND part = ?", [path, part])
        store.con.execute(f"INSERT INTO {TABLE} VALUES (?, ?, ?)", [path, part, reason])


def clear(store: Store, path: str, part: str) -> None:
    """This file's part was read: it is no longer missing."""
    store.con.execute(f"DELETE FROM {TABLE} WHERE path = ? AND part = ?", [path, part])


def failures(store: Store) -> list[tuple[str, str, str]]:
    """(path, part, reason) of every input still missing, by path and part."""
    return store.con.execute(
        f"SELECT path, part, reason FROM {TABLE} ORDER BY path, part").fetchall()
