"""Story tables of the store: stories and the story of each article."""

from __future__ import annotations

import json

from storyline.resolve.stories import LEAD_CHARS, Story, StoryArticle, lead_words
from storyline.store.duck import Store, insert_rows, transaction


def story_inputs(store: Store) -> list[StoryArticle]:
    """Every ok article with its date, independence key, entity mention counts and the
    content words of its title and lead."""
    counts: dict[str, dict[str, int]] = {}
    for article, entity, n in store.con.execute(
            "SELECT article, entity, count(*) FROM entity_mentions GROUP BY article, entity "
            "ORDER BY article, entity").fetchall():
        counts.setdefault(article, {})[entity] = n
    rows = store.con.execute(
        "SELECT a.id, coalesce(f.reference, a.published), coalesce(c.independence_key, a.id), "
        "a.title, left(a.text, ?) FROM articles a "
        "LEFT JOIN article_copies c ON c.article = a.id "
        "LEFT JOIN fact_refs f ON f.article = a.id WHERE a.status = 'ok' ORDER BY a.id",
        [LEAD_CHARS]).fetchall()
    return [StoryArticle(id_, published, key, counts.get(id_, {}), lead_words(title, lead))
            for id_, published, key, title, lead in rows]


def write_stories(store: Store, stories: list[Story]) -> None:
    """Replace the stories."""
    with transaction(store):
        store.con.execute("DELETE FROM stories")
        store.con.execute("DELETE FROM article_stories")
        insert_rows(store, "stories", [
            (s.id, json.dumps(list(s.label)), len(s.articles), s.first, s.last)
            for s in stories])
        insert_rows(store, "article_stories",
                    [(a, s.id) for s in stories for a in s.articles])


def summary(store: Store) -> dict[str, int]:
    return {"stories": store.con.execute("SELECT count(*) FROM stories").fetchone()[0]}
