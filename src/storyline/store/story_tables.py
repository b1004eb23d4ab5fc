"""Story tables of the store: stories and the story of each article."""

from __future__ import annotations

import json
from collections.abc import Iterable

from storyline.resolve.stories import (
    BUCKET_DAYS,
    LEAD_CHARS,
    CopyGroups,
    StoredStory,
    Story,
    StoryArticle,
    lead_words,
)
from storyline.store.duck import Store, insert_rows, transaction

#: Each ok article's independence key (and its published date, for `_DAYS`).
_KEYS = """
SELECT a.id, coalesce(c.independence_key, a.id) AS k, a.published
FROM articles a LEFT JOIN article_copies c ON c.article = a.id WHERE a.status = 'ok'
"""

#: Each ok article's independence key and day: its key's earliest date (title reference,
#: else published), as `as_copies` dates a copy; its bucket number (as `_bucket`).
_DAYS = f"""
WITH d AS (
  SELECT a.id, a.k, try_cast(left(coalesce(f.reference, a.published), 10) AS DATE) AS day
  FROM ({_KEYS}) a LEFT JOIN fact_refs f ON f.article = a.id),
e AS (SELECT id, k, min(day) OVER (PARTITION BY k) AS day FROM d)
SELECT id, k, day, (day - DATE '0001-01-01' + 1) // {BUCKET_DAYS} AS bucket FROM e
"""


def story_inputs(store: Store, buckets: Iterable[int | None] | None = None,
                 words: bool = True) -> list[StoryArticle]:
    """The ok articles (of these buckets; None: the undated) with their copy date,
    independence key, entity mention counts and (with `words`) the content words of
    their title and lead."""
    where, args = "", []
    if buckets is not None:
        chosen = set(buckets)
        where = "WHERE bucket IN (SELECT unnest(?))" + (" OR day IS NULL" if None in chosen
                                                      else "")
        args = [sorted(b for b in chosen if b is not None)]
    rows = store.con.execute(f"SELECT id, day, k FROM ({_DAYS}) {where} ORDER BY id",
                             args).fetchall()
    ids = [r[0] for r in rows]
    counts: dict[str, dict[str, int]] = {}
    for article, entity, n in store.con.execute(
            "SELECT article, entity, count(*) FROM entity_mentions "
            "WHERE article IN (SELECT unnest(?)) GROUP BY article, entity "
            "ORDER BY article, entity", [ids]).fetchall():
        counts.setdefault(article, {})[entity] = n
    said = lead_words_of(store, ids) if words else {}
    return [StoryArticle(id_, day.isoformat() if day else None, key, counts.get(id_, {}),
                         said.get(id_, {})) for id_, day, key in rows]


def days_of(store: Store, ids: Iterable[str]) -> dict[str, str | None]:
    """The copy dates (as story_inputs dates them) of these articles that are ok."""
    return {id_: day.isoformat() if day else None for id_, day in store.con.execute(
        f"SELECT id, day FROM ({_DAYS}) WHERE id IN (SELECT unnest(?))",
        [sorted(set(ids))]).fetchall()}


def copies_of(store: Store, ids: Iterable[str]) -> CopyGroups:
    """The independence key of each of these articles that is ok, and the ok articles of
    each such key (the article itself among them): rows linear in the groups' sizes (an
    article by copy pair was quadratic: 250,000 rows for a wire story in 500 outlets)."""
    key_of = dict(store.con.execute(
        f"SELECT id, k FROM ({_KEYS}) WHERE id IN (SELECT unnest(?)) ORDER BY id",
        [sorted(set(ids))]).fetchall())
    members: dict[str, list[str]] = {}
    for k, id_ in store.con.execute(
            f"SELECT k, id FROM ({_KEYS}) WHERE k IN (SELECT unnest(?)) ORDER BY k, id",
            [sorted(set(key_of.values()))]).fetchall():
        members.setdefault(k, []).append(id_)
    return CopyGroups(key_of, members)


def lead_words_of(store: Store, ids: list[str]) -> dict[str, dict[str, int]]:
    """The content words of these articles' titles and leads (`lead_words`)."""
    return {id_: lead_words(title, lead) for id_, title, lead in store.con.execute(
        "SELECT id, title, left(text, ?) FROM articles WHERE id IN (SELECT unnest(?))",
        [LEAD_CHARS, ids]).fetchall()}


def stored_stories(store: Store, ids: Iterable[str]) -> dict[str, StoredStory]:
    """Stored story id -> its span, members and label, for the stories holding one of
    these articles."""
    chosen = ("SELECT story FROM article_stories WHERE article IN (SELECT unnest(?))")
    members: dict[str, list[str]] = {}
    args = [sorted(set(ids))]
    for article, story in store.con.execute(
            f"SELECT article, story FROM article_stories WHERE story IN ({chosen}) "
            "ORDER BY article", args).fetchall():
        members.setdefault(story, []).append(article)
    return {id_: StoredStory(first, last, tuple(members.get(id_, ())),
                             tuple(json.loads(label)))
            for id_, first, last, label in store.con.execute(
                f"SELECT id, first, last, label FROM stories WHERE id IN ({chosen})",
                args).fetchall()}


def unsettled(store: Store, step: str, version: str) -> set[str]:
    """Articles the stories step has not taken in at `version`: ok articles and stored
    story members without a `step_done` record (the runner drops the record when an
    article's entities, copy status, reference date or text changed), and stored story
    members that are no longer ok articles."""
    ok = "SELECT id FROM articles WHERE status = 'ok'"
    return {r[0] for r in store.con.execute(
        f"SELECT x.id FROM ({ok} UNION SELECT article FROM article_stories) x WHERE NOT "
        "EXISTS (SELECT 1 FROM step_done d WHERE d.step = ? AND d.version = ? AND "
        f"d.article = x.id) UNION SELECT article FROM article_stories WHERE article NOT IN "
        f"({ok})", [step, version]).fetchall()}


def gone(store: Store, ids: Iterable[str]) -> set[str]:
    """Those of these articles that are not ok articles (any more)."""
    ok = {r[0] for r in store.con.execute(
        "SELECT id FROM articles WHERE status = 'ok' AND id IN (SELECT unnest(?))",
        [sorted(set(ids))]).fetchall()}
    return set(ids) - ok


def settle(store: Store, step: str, version: str, ids: set[str]) -> None:
    """Record that the stories step took these articles in at `version`."""
    insert_rows(store, "step_done", [(step, a, version) for a in sorted(ids)], "OR REPLACE")


def write_stories(store: Store, stories: list[Story], within: set[str] | None = None
                  ) -> tuple[int, int]:
    """Make the stored stories these: rows of stories (and article rows) that stay as
    they were are left alone, the others dropped and added. With `within`, `stories`
    are those of these articles only: the stored stories holding none of them stay.
    Returns how many stories were written (new or changed) and how many dropped for
    good; (0, 0) means the store already held these stories."""
    rows = {s.id: (s.id, json.dumps(list(s.label)), len(s.articles), s.first, s.last)
            for s in stories}
    story_of = {a: s.id for s in stories for a in s.articles}
    where, args = "", []
    if within is not None:  # only the stored stories holding one of them
        where = ("WHERE {} IN (SELECT story FROM article_stories "
                 "WHERE article IN (SELECT unnest(?)))")
        args = [sorted(within)]
    stored = {r[0]: r for r in store.con.execute(
        "SELECT id, label, size, first, last FROM stories " + where.format("id"),
        args).fetchall()}
    stored_of = dict(store.con.execute(
        "SELECT article, story FROM article_stories " + where.format("story"),
        args).fetchall())
    gone = sorted(i for i, r in stored.items() if rows.get(i) != r)
    new = [r for i, r in sorted(rows.items()) if stored.get(i) != r]
    moved = sorted(a for a, s in stored_of.items() if story_of.get(a) != s)
    placed = [(a, s) for a, s in sorted(story_of.items()) if stored_of.get(a) != s]
    if not (gone or new or moved or placed):
        return 0, 0
    with transaction(store):
        store.con.execute("DELETE FROM stories WHERE id IN (SELECT unnest(?))", [gone])
        store.con.execute("DELETE FROM article_stories WHERE article IN (SELECT unnest(?))",
                          [moved])
        insert_rows(store, "stories", new)
        insert_rows(store, "article_stories", placed)
    return len(new), len(set(gone) - rows.keys())


def summary(store: Store) -> dict[str, int]:
    return {"stories": store.con.execute("SELECT count(*) FROM stories").fetchone()[0]}
