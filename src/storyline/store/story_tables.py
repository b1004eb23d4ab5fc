"""Story tables of the store: stories and the story of each article."""

from __future__ import annotations

import json

from storyline.resolve.stories import LEAD_CHARS, StoredStory, Story, StoryArticle, lead_words
from storyline.store.duck import Store, insert_rows, transaction


def story_inputs(store: Store, words: bool = True) -> list[StoryArticle]:
    """Every ok article with its date, independence key, entity mention counts and (with
    `words`) the content words of its title and lead."""
    counts: dict[str, dict[str, int]] = {}
    for article, entity, n in store.con.execute(
            "SELECT article, entity, count(*) FROM entity_mentions GROUP BY article, entity "
            "ORDER BY article, entity").fetchall():
        counts.setdefault(article, {})[entity] = n
    rows = store.con.execute(
        "SELECT a.id, coalesce(f.reference, a.published), coalesce(c.independence_key, a.id) "
        "FROM articles a LEFT JOIN article_copies c ON c.article = a.id "
        "LEFT JOIN fact_refs f ON f.article = a.id WHERE a.status = 'ok' ORDER BY a.id"
    ).fetchall()
    said = lead_words_of(store, [r[0] for r in rows]) if words else {}
    return [StoryArticle(id_, published, key, counts.get(id_, {}), said.get(id_, {}))
            for id_, published, key in rows]


def lead_words_of(store: Store, ids: list[str]) -> dict[str, dict[str, int]]:
    """The content words of these articles' titles and leads (`lead_words`)."""
    return {id_: lead_words(title, lead) for id_, title, lead in store.con.execute(
        "SELECT id, title, left(text, ?) FROM articles WHERE id IN (SELECT unnest(?))",
        [LEAD_CHARS, ids]).fetchall()}


def stored_stories(store: Store) -> dict[str, StoredStory]:
    """Stored story id -> its first and last day and its members."""
    members: dict[str, list[str]] = {}
    for article, story in store.con.execute(
            "SELECT article, story FROM article_stories ORDER BY article").fetchall():
        members.setdefault(story, []).append(article)
    return {id_: StoredStory(first, last, tuple(members.get(id_, ())))
            for id_, first, last in store.con.execute(
                "SELECT id, first, last FROM stories").fetchall()}


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
    stored = {r[0]: r for r in store.con.execute(
        "SELECT id, label, size, first, last FROM stories").fetchall()}
    stored_of = dict(store.con.execute("SELECT article, story FROM article_stories").fetchall())
    if within is not None:
        touched = {s for a, s in stored_of.items() if a in within}
        stored = {i: r for i, r in stored.items() if i in touched}
        stored_of = {a: s for a, s in stored_of.items() if s in touched}
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
