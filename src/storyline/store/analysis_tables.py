"""Analysis tables of the store: per-article sentences and mentions; entities.

Per-article analyses are kept as compact JSON beside the article and re-read
into `ArticleAnalysis` records, so corpus-wide steps (entity resolution, and
later quotes and claims) rebuild from the store without re-running spaCy.
Entities are replaced whole each time they are resolved.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from storyline.analyse import ArticleAnalysis, Mention, Sentence
from storyline.resolve.entities import Entity
from storyline.store import fact_tables
from storyline.store.duck import Store, dump_json, insert_rows, transaction


def without_facts(store: Store) -> list[str]:
    """Ids of analysed ok articles whose facts (times, quotes, claims) are not made yet."""
    rows = store.con.execute(
        "SELECT n.article FROM analyses n JOIN articles a ON a.id = n.article "
        "LEFT JOIN fact_refs f ON f.article = n.article "
        "WHERE a.status = 'ok' AND f.article IS NULL ORDER BY n.article").fetchall()
    return [r[0] for r in rows]


def unanalysed(store: Store, version: str) -> list[str]:
    """Ids of ok articles with no analysis, or one made by another analyser version."""
    rows = store.con.execute(
        "SELECT a.id FROM articles a LEFT JOIN analyses n ON n.article = a.id "
        "WHERE a.status = 'ok' AND (n.article IS NULL OR n.analyser_version <> ?) "
        "ORDER BY a.id", [version]).fetchall()
    return [r[0] for r in rows]


def texts(store: Store, ids: list[str]) -> list[tuple[str, str]]:
    """(id, clean text) of these articles, in id order."""
    return store.con.execute(
        "SELECT id, text FROM articles WHERE id IN (SELECT unnest(?)) ORDER BY id", [ids]
    ).fetchall()


def forget(store: Store, ids: list[str]) -> None:
    """Drop these articles' analyses and facts (their text changed); the next update
    redoes them."""
    mark_resolved(store, False)
    store.con.execute("DELETE FROM analyses WHERE article IN (SELECT unnest(?))", [ids])
    fact_tables.forget(store, ids)


def write_analyses(store: Store, items: list[tuple[str, ArticleAnalysis]], version: str) -> None:
    """Store per-article analyses (one transaction); their old facts are dropped."""
    mark_resolved(store, False)
    with transaction(store):
        store.con.execute("DELETE FROM fact_refs WHERE article IN (SELECT unnest(?))",
                          [[article for article, _ in items]])
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


def write_entities(store: Store, entities: list[Entity]) -> None:
    """Replace the canonical entities and their mentions."""
    with transaction(store):
        store.con.execute("DELETE FROM entities")
        store.con.execute("DELETE FROM entity_mentions")
        insert_rows(
            store, "entities",
            [(e.id, e.name, e.type, dump_json(list(e.aliases)), dump_json(list(e.roles)), e.country,
              len(e.mentions), len({m.article for m in e.mentions})) for e in entities],
        )
        insert_rows(store, "entity_mentions",
                    [(e.id, m.article, m.start, m.end, m.text) for e in entities
                     for m in e.mentions])


def entities(store: Store, type_: str | None = None, limit: int | None = None,
             with_mentions: bool = False) -> list[dict]:
    """Entities, most mentioned first; optionally of one type, with their mentions."""
    sql = ("SELECT id, name, type, aliases, roles, country, n_mentions, n_articles "
           "FROM entities")
    params: list = []
    if type_:
        sql += " WHERE type = ?"
        params.append(type_)
    sql += " ORDER BY n_mentions DESC, n_articles DESC, name, id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    out = []
    rows = store.con.execute(sql, params).fetchall()
    for id_, name, typ, aliases, roles, country, n_m, n_a in rows:
        out.append({"id": id_, "name": name, "type": typ, "aliases": json.loads(aliases),
                    "roles": json.loads(roles), "country": country, "n_mentions": n_m,
                    "n_articles": n_a})
    if with_mentions and out:
        rows = store.con.execute(
            'SELECT entity, article, start, "end", text FROM entity_mentions '
            "WHERE entity IN (SELECT unnest(?)) ORDER BY entity, article, start",
            [[e["id"] for e in out]]).fetchall()
        by: dict[str, list[dict]] = {}
        for entity, article, start, end, text in rows:
            by.setdefault(entity, []).append(
                {"article": article, "start": start, "end": end, "text": text})
        for e in out:
            e["mentions"] = by.get(e["id"], [])
    return out


def entity_types(store: Store) -> list[tuple[str, int]]:
    return store.con.execute(
        "SELECT type, count(*) FROM entities GROUP BY type ORDER BY count(*) DESC, type"
    ).fetchall()


def summary(store: Store) -> dict[str, int]:
    entities, mentions = store.con.execute(
        "SELECT count(*), coalesce(sum(n_mentions), 0) FROM entities").fetchone()
    return {"entities": entities, "entity mentions": int(mentions)}


def resolved(store: Store) -> bool:
    """Entities and groups were resolved after the last change to the analyses."""
    row = store.con.execute("SELECT value FROM meta WHERE key = 'resolved'").fetchone()
    if row is None or row[0] != "yes":
        return False
    # a store migrated from before stories existed has none yet
    return bool(store.con.execute("SELECT count(*) FROM stories").fetchone()[0]) or not (
        store.con.execute("SELECT count(*) FROM analyses").fetchone()[0])


def mark_resolved(store: Store, value: bool = True) -> None:
    store.con.execute("INSERT OR REPLACE INTO meta VALUES ('resolved', ?)",
                      ["yes" if value else "no"])
