"""Analysis tables of the store: per-article sentences and mentions; entities.

Per-article analyses are kept as compact JSON beside the article and re-read
into `ArticleAnalysis` records, so corpus-wide steps (entity resolution, and
later quotes and claims) rebuild from the store without re-running spaCy.
Entity resolution keeps each article's units (`entity_units`), so an update makes
them for new articles only. Entities are grouped whole, but only those made of other
units than before are built, and only those whose rows changed are rewritten (a digest
of the rows and a fingerprint of the units kept per entity); the articles whose
entities changed are told apart, so later steps redo only those.
"""

from __future__ import annotations

import hashlib
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


def languages(store: Store, ids: list[str]) -> dict[str, str | None]:
    """Article id -> language (ISO 639-1, None when unknown) of these articles."""
    return dict(store.con.execute(
        "SELECT id, language FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall())


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


def units_to_do(store: Store, aliases: str) -> list[str]:
    """Analysed ok articles without stored entity units made with this alias table (its
    hash), in id order; units of articles no longer analysed are dropped."""
    store.con.execute(
        "DELETE FROM entity_units WHERE article NOT IN (SELECT n.article FROM analyses n "
        "JOIN articles a ON a.id = n.article WHERE a.status = 'ok') OR aliases <> ?", [aliases])
    return [r[0] for r in store.con.execute(
        "SELECT n.article FROM analyses n JOIN articles a ON a.id = n.article "
        "LEFT JOIN entity_units u ON u.article = n.article "
        "WHERE a.status = 'ok' AND u.article IS NULL ORDER BY n.article").fetchall()]


def write_units(store: Store, units: dict[str, str], aliases: str) -> None:
    """Store articles' entity units (article id -> JSON), made with this alias table."""
    insert_rows(store, "entity_units", [(a, aliases, raw) for a, raw in sorted(units.items())],
                "OR REPLACE")


def forget_units(store: Store, ids: Iterable[str] | None) -> None:
    """Drop these articles' entity units (None: all): their analysis changed."""
    delete_articles(store, ("entity_units",), ids)


def units(store: Store) -> Iterator[tuple[str, str]]:
    """(article id, units JSON) of every article with stored units, in id order."""
    cur = store.con.execute("SELECT article, units FROM entity_units ORDER BY article")
    while rows := cur.fetchmany(1024):
        yield from rows


#: Mention rows sent to the store at once.
_SLICE = 100_000


def _entity_row(e: Entity) -> tuple:
    return (e.id, e.name, e.type, dump_json(list(e.aliases)), dump_json(list(e.roles)), e.country,
            len(e.mentions), len({m.article for m in e.mentions}))


def _digest(row: tuple, e: Entity) -> str:
    """What an entity's stored rows hold, hashed: equal digests, equal rows."""
    text = dump_json([list(row), [[m.article, m.start, m.end, m.text] for m in e.mentions]])
    return hashlib.sha1(text.encode()).hexdigest()


def fingerprints(store: Store) -> dict[str, tuple[str, str, str]]:
    """The fingerprint of what each stored entity was built from (`resolve_changed`) ->
    its identity (id, type, name), for the stored entities that have one."""
    return {d.split(" ")[1]: (i, type_, name) for i, d, type_, name in store.con.execute(
        "SELECT d.id, d.digest, e.type, e.name FROM entity_digests d "
        "JOIN entities e ON e.id = d.id WHERE contains(d.digest, ' ')").fetchall()}


def write_entities(store: Store, entities: list[Entity],
                   facet: Callable[[str, str, str | None, tuple[str, ...]], Hashable],
                   prints: dict[str, str] | None = None,
                   by_table: dict[str, set[str]] | None = None) -> set[str]:
    """Make the stored entities and their mentions these; returns the articles whose
    entities changed for later steps: a mention now of another entity (or of none), or
    an entity they mention whose `facet(name, type, country, roles)` (what later steps
    read of it) changed. Steps that read entities per article redo only these.
    `by_table`, if given, is filled with the two apart: "entity_mentions" (the mentions
    moved: the only change a step reading entity ids alone sees) and "entities" (the
    facet changed).

    `prints` (from `resolve_changed`): the fingerprint of every entity of the corpus, of
    which `entities` are those built; the others are kept as stored. Only entities whose
    rows differ are rewritten (told apart by a digest of their rows kept in
    `entity_digests` with the fingerprint; a stored entity without one is rewritten),
    each with all its mentions in order, so the rows read back as a whole rewrite leaves
    them."""
    rows = {e.id: _entity_row(e) for e in entities}
    by_id = {e.id: e for e in entities}
    prints = prints if prints is not None else dict.fromkeys(by_id, "")
    new_digests = {i: _digest(rows[i], e) for i, e in by_id.items()}
    stored = {r[0] for r in store.con.execute("SELECT id FROM entities").fetchall()}
    old_values = {i: d for i, d in store.con.execute(
        "SELECT id, digest FROM entity_digests WHERE id IN (SELECT unnest(?))",
        [sorted(by_id)]).fetchall() if i in stored}
    old_digests = {i: d.split(" ")[0] for i, d in old_values.items()}
    touched = sorted({i for i in stored if i not in prints} | {
        i for i in new_digests if i not in old_digests or old_digests[i] != new_digests[i]})
    old = {id_: facet(name, type_, country, tuple(json.loads(roles)))
           for id_, name, type_, country, roles in store.con.execute(
               "SELECT id, name, type, country, roles FROM entities "
               "WHERE id IN (SELECT unnest(?))", [touched]).fetchall()}
    new = {i: facet(e.name, e.type, e.country, e.roles)
           for i in touched if (e := by_id.get(i)) is not None}
    moved = sorted(i for i in touched if old.get(i) != new.get(i))
    keep = set(touched)
    written = [e for e in entities if e.id in keep]
    values = {i: f"{d} {prints[i]}" if prints.get(i) else d for i, d in new_digests.items()}
    redigest = sorted(i for i in by_id if i in keep or old_values.get(i) != values[i])
    with transaction(store):
        store.con.execute("CREATE OR REPLACE TEMP TABLE new_mentions AS "
                          "SELECT * FROM entity_mentions LIMIT 0")
        batch: list[tuple] = []
        for e in written:  # in slices: millions of mentions when every entity is new
            batch += [(e.id, m.article, m.start, m.end, m.text) for m in e.mentions]
            if len(batch) >= _SLICE:
                insert_rows(store, "new_mentions", batch)
                batch = []
        insert_rows(store, "new_mentions", batch)
        mentioned = {r[0] for r in store.con.execute(_MOVED, [touched]).fetchall()}
        faceted = {r[0] for r in store.con.execute(_FACETED, [moved, moved]).fetchall()}
        changed = mentioned | faceted
        if by_table is not None:
            by_table.update(entity_mentions=mentioned, entities=faceted)
        for sql in ("DELETE FROM entities WHERE id IN (SELECT unnest(?))",
                    "DELETE FROM entity_mentions WHERE entity IN (SELECT unnest(?))"):
            store.con.execute(sql, [touched])
        store.con.execute("DELETE FROM entity_digests WHERE id IN (SELECT unnest(?))",
                          [redigest])
        # the digests of entities without a row
        store.con.execute("DELETE FROM entity_digests WHERE id NOT IN (SELECT id FROM entities)")
        insert_rows(store, "entities", [rows[e.id] for e in written])
        store.con.execute("INSERT INTO entity_mentions SELECT * FROM new_mentions")
        store.con.execute("DROP TABLE new_mentions")
        insert_rows(store, "entity_digests", [(i, values[i]) for i in redigest])
    return changed


#: Articles whose mentions of the entities given differ between `entity_mentions` and
#: `new_mentions` (which holds those entities' new rows).
_MOVED = """
WITH old AS (SELECT entity, article, start, "end" FROM entity_mentions
             WHERE entity IN (SELECT unnest(?))),
moved AS (
    (SELECT * FROM old EXCEPT SELECT entity, article, start, "end" FROM new_mentions)
    UNION ALL
    (SELECT entity, article, start, "end" FROM new_mentions EXCEPT SELECT * FROM old))
SELECT DISTINCT article FROM moved
"""

#: Articles that mention one of the entities given (twice), whose facet changed.
_FACETED = """
SELECT article FROM entity_mentions WHERE entity IN (SELECT unnest(?))
UNION SELECT article FROM new_mentions WHERE entity IN (SELECT unnest(?))
"""


#: The tables of the state kept for updates that add articles (`entities_added`).
_STATE_TABLES = ("entity_state", "entity_keys", "entity_surfaces", "entity_facts")


def state_stamp(store: Store) -> str | None:
    """What the kept entity state was made with (None: none kept)."""
    row = store.con.execute("SELECT value FROM entity_facts WHERE entity = '' "
                            "AND kind = 'stamp'").fetchone()
    return row[0] if row else None


def only_added(store: Store, todo: list[str]) -> bool:
    """Whether the articles whose units are to be made are all new to the kept state and
    no article of the state lost its units (dropped, or its analysis redone)."""
    return not store.con.execute(
        "SELECT 1 FROM entity_state WHERE article IN (SELECT unnest(?)) OR article NOT IN "
        "(SELECT article FROM entity_units) LIMIT 1", [todo]).fetchone()


def stamp_state(store: Store, stamp: str) -> None:
    """Mark the kept entity state as matching the stored entities (made with `stamp`)."""
    store.con.execute("DELETE FROM entity_facts WHERE entity = '' AND kind = 'stamp'")
    insert_rows(store, "entity_facts", [("", "stamp", stamp, 0, "")])


def write_state(store: Store, slices: Iterable) -> None:
    """Replace the kept entity state with `state_rows` of a whole resolution, unstamped
    (`stamp_state` marks it once the entities are written too)."""
    with transaction(store):
        for table in _STATE_TABLES:
            if store.con.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
                store.con.execute(f"DELETE FROM {table}")
        keys: set[tuple] = set()
        surfaces: set[tuple] = set()
        for state in slices:
            insert_rows(store, "entity_state", state.units)
            insert_rows(store, "entity_facts", state.facts)
            keys |= state.keys
            surfaces |= state.surfaces
        insert_rows(store, "entity_keys", sorted(keys))
        insert_rows(store, "entity_surfaces", sorted(surfaces))


def write_added(store: Store, added,
                facet: Callable[[str, str, str | None, tuple[str, ...]], Hashable],
                by_table: dict[str, set[str]] | None = None) -> set[str]:
    """Write what `resolve_added` found: the touched entities' rows, the new mentions, the
    new units' state and the changed facts, less the entities whose units moved. A
    touched entity's digest is dropped (a later whole resolution writes it again).
    Returns the articles whose entities changed: the new ones, those of moved units, and
    those of an entity whose facet changed (`by_table`, if given, filled with the two
    apart, as `write_entities` does)."""
    rows, mentions, changed, moved = [], [], set(), []
    for e in added.entities:
        old = added.replaced.get(e.id)
        arts = {m.article for m in e.mentions}
        rows.append((e.id, e.name, e.type, dump_json(list(e.aliases)), dump_json(list(e.roles)),
                     e.country, 0, 0))  # mentions and articles: counted once written
        mentions += [(e.id, m.article, m.start, m.end, m.text) for m in e.mentions]
        changed |= arts
        if old and facet(old[1], old[2], old[5], tuple(json.loads(old[4]))) != facet(
                e.name, e.type, e.country, e.roles):
            moved.append(e.id)
    ids = sorted(added.replaced)
    state = added.state
    with transaction(store):
        if added.dropped:  # entities whose units all moved: their articles changed too
            changed |= {r[0] for r in store.con.execute(
                "SELECT DISTINCT article FROM entity_mentions WHERE entity IN "
                "(SELECT unnest(?))", [added.dropped]).fetchall()}
            for table, column in (("entity_state", "entity"), ("entity_keys", "entity"),
                                  ("entity_facts", "entity"), ("entity_mentions", "entity"),
                                  ("entities", "id"), ("entity_digests", "id")):
                store.con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT unnest(?))",
                                  [added.dropped])
        mentioned = set(changed)
        faceted = {r[0] for r in store.con.execute(
            "SELECT DISTINCT article FROM entity_mentions WHERE entity IN (SELECT unnest(?))",
            [moved]).fetchall()}
        changed |= faceted
        if by_table is not None:
            by_table.update(entity_mentions=mentioned, entities=faceted)
        for sql in ("DELETE FROM entities WHERE id IN (SELECT unnest(?))",
                    "DELETE FROM entity_digests WHERE id IN (SELECT unnest(?))"):
            store.con.execute(sql, [ids])
        if added.left_spans:  # the spans of units that left a stored entity in part
            store.con.execute(
                "DELETE FROM entity_mentions WHERE entity || chr(0) || article || chr(0) || "
                "start::VARCHAR || chr(0) || \"end\"::VARCHAR IN (SELECT unnest(?))",
                [[f"{e}\x00{a}\x00{s}\x00{t}" for e, a, s, t in added.left_spans]])
        if added.moved:
            store.con.execute("DELETE FROM entity_state WHERE article || chr(0) || "
                              "idx::VARCHAR IN (SELECT unnest(?))",
                              [[f"{a}\x00{i}" for a, i in added.moved]])
        insert_rows(store, "entity_mentions", mentions)
        store.con.execute("CREATE OR REPLACE TEMP TABLE new_entities AS "
                          "SELECT * FROM entities LIMIT 0")
        insert_rows(store, "new_entities", rows)
        store.con.execute(
            "INSERT INTO entities SELECT e.id, e.name, e.type, e.aliases, e.roles, e.country, "
            "count(m.entity), count(DISTINCT m.article) FROM new_entities e "
            "LEFT JOIN entity_mentions m ON m.entity = e.id GROUP BY ALL")
        store.con.execute("DROP TABLE new_entities")
        insert_rows(store, "entity_state", state.units)
        insert_rows(store, "entity_keys", sorted(state.keys))
        insert_rows(store, "entity_surfaces", sorted(state.surfaces))
        facts = added.merged_facts
        store.con.execute("DELETE FROM entity_facts WHERE entity IN (SELECT unnest(?))",
                          [sorted(added.left_facts)])
        insert_rows(store, "entity_facts", [r for rs in added.left_facts.values() for r in rs])
        store.con.execute("CREATE OR REPLACE TEMP TABLE new_facts AS "
                          "SELECT * FROM entity_facts LIMIT 0")
        insert_rows(store, "new_facts", facts)
        store.con.execute("DELETE FROM entity_facts f USING new_facts n WHERE f.entity = "
                          "n.entity AND f.kind = n.kind AND f.value = n.value")
        store.con.execute("INSERT INTO entity_facts SELECT * FROM new_facts")
        store.con.execute("DROP TABLE new_facts")
    return changed


def summary(store: Store) -> dict[str, int]:
    entities, mentions = store.con.execute(
        "SELECT count(*), coalesce(sum(n_mentions), 0) FROM entities").fetchone()
    return {"entities": entities, "entity mentions": int(mentions)}
