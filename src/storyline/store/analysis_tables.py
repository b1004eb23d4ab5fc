"""Analysis tables of the store: per-article sentences and mentions; entities.

Per-article analyses are kept as compact JSON beside the article and re-read
into `ArticleAnalysis` records, so corpus-wide steps (entity resolution, and
later quotes and claims) rebuild from the store without re-running spaCy.
Entities are replaced whole each time they are resolved; the articles whose
entities changed are told apart, so later steps redo only those.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Iterator

from storyline.analyse import ArticleAnalysis, Mention, Sentence
from storyline.resolve.entities import Entity
from storyline.store.duck import Store, delete_articles, dump_json, insert_rows, transaction


def texts(store: Store, ids: list[str]) -> list[tuple[str, str]]:
    """(id, clean text) of these articles, in id order."""
    return store.con.execute(
        "SELECT id, text FROM articles WHERE id IN (SELECT unnest(?)) ORDER BY id", [ids]
    ).fetchall()


def forget(store: Store, ids: Iterable[str] | None) -> None:
    """Drop these articles' analyses (None: all); the next update redoes them."""
    delete_articles(store, ("analyses",), ids)


def write_analyses(store: Store, items: list[tuple[str, ArticleAnalysis]], version: str) -> None:
    """Store per-article analyses in one transaction."""
    with transaction(store):
        insert_rows(
            store, "analyses",
            [(article, version, dump_json([[s.start, s.end] for s in a.sentences]),
              dump_json([[m.start, m.end, m.label, m.entity_key, m.role, m.kind]
                     for m in a.mentions]))
             for article, a in items],
            "OR REPLACE",
        )


def analyses(store: Store, ids: list[str] | None = None) -> Iterator[tuple[str, ArticleAnalysis]]:
    """(article id, analysis) for every analysed ok article (or these ones), in id order."""
    sql = ("SELECT a.id, a.text, n.sentences, n.mentions FROM analyses n "
           "JOIN articles a ON a.id = n.article WHERE a.status = 'ok'")
    params: list = []
    if ids is not None:
        sql += " AND a.id IN (SELECT unnest(?))"
        params.append(ids)
    cur = store.con.execute(sql + " ORDER BY a.id", params)
    while rows := cur.fetchmany(256):
        for article, text, sentences, mentions in rows:
            yield article, ArticleAnalysis(
                text=text,
                sentences=tuple(Sentence(s, e) for s, e in json.loads(sentences)),
                mentions=tuple(Mention(s, e, text[s:e], label, key, role, kind)
                               for s, e, label, key, role, kind in json.loads(mentions)),
            )


def write_entities(store: Store, entities: list[Entity],
                   facet: Callable[[str, str, str | None, tuple[str, ...]], Hashable]
                   ) -> set[str]:
    """Replace the canonical entities and their mentions; returns the articles whose
    entities changed for later steps: a mention now of another entity (or of none), or
    an entity they mention whose `facet(name, type, country, roles)` (what later steps
    read of it) changed. Steps that read entities per article redo only these."""
    old = {id_: facet(name, type_, country, tuple(json.loads(roles)))
           for id_, name, type_, country, roles in store.con.execute(
               "SELECT id, name, type, country, roles FROM entities").fetchall()}
    new = {e.id: facet(e.name, e.type, e.country, e.roles) for e in entities}
    moved = sorted(i for i in old.keys() | new.keys() if old.get(i) != new.get(i))
    with transaction(store):
        store.con.execute("CREATE OR REPLACE TEMP TABLE new_mentions AS "
                          "SELECT * FROM entity_mentions LIMIT 0")
        insert_rows(store, "new_mentions",
                    [(e.id, m.article, m.start, m.end, m.text) for e in entities
                     for m in e.mentions])
        changed = {r[0] for r in store.con.execute(_CHANGED, [moved, moved]).fetchall()}
        store.con.execute("DELETE FROM entities")
        store.con.execute("DELETE FROM entity_mentions")
        insert_rows(
            store, "entities",
            [(e.id, e.name, e.type, dump_json(list(e.aliases)), dump_json(list(e.roles)), e.country,
              len(e.mentions), len({m.article for m in e.mentions})) for e in entities],
        )
        store.con.execute("INSERT INTO entity_mentions SELECT * FROM new_mentions")
        store.con.execute("DROP TABLE new_mentions")
    return changed


#: Articles whose entity mentions differ between `entity_mentions` and `new_mentions`,
#: or that mention one of the entities given (twice) as a parameter.
_CHANGED = """
WITH moved AS (
    (SELECT entity, article, start, "end" FROM entity_mentions
     EXCEPT SELECT entity, article, start, "end" FROM new_mentions)
    UNION ALL
    (SELECT entity, article, start, "end" FROM new_mentions
     EXCEPT SELECT entity, article, start, "end" FROM entity_mentions))
SELECT article FROM moved
UNION SELECT article FROM entity_mentions WHERE entity IN (SELECT unnest(?))
UNION SELECT article FROM new_mentions WHERE entity IN (SELECT unnest(?))
"""


def summary(store: Store) -> dict[str, int]:
    entities, mentions = store.con.execute(
        "SELECT count(*), coalesce(sum(n_mentions), 0) FROM entities").fetchone()
    return {"entities": entities, "entity mentions": int(mentions)}
