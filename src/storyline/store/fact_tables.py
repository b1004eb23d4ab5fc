"""Fact tables of the store: per-article times, quotes and claims; their groups.

Per-article records are stored whole as JSON (`data`) and rebuilt into the
stages' own records for the corpus step, with the fields a query needs as
columns. Groups are dropped and added by id, so a grouping step can replace only
the groups that changed articles touch.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, fields
from typing import TypeVar

from storyline.analyse.article_facts import ArticleFacts
from storyline.analyse.claims import Claim
from storyline.analyse.quotes import Quote
from storyline.resolve.claims import ClaimGroup, GroupedClaim
from storyline.resolve.quotes import QuoteGroup
from storyline.store.duck import (
    Store,
    delete_articles,
    dump_json,
    insert_rows,
    transaction,
    where_in,
)

T = TypeVar("T")

TABLES = ("fact_refs", "times", "quotes", "claims", "numbers_skipped")
Span = tuple[str, int, int]  # (article, start, end) of an item



def references(store: Store, ids: list[str]) -> dict[str, tuple]:
    """Article id -> (published, misdated, likely_period, origin's published date)."""
    rows = store.con.execute(
        "SELECT a.id, a.published, coalesce(c.misdated, false), c.likely_period, o.published "
        "FROM articles a LEFT JOIN article_copies c ON c.article = a.id "
        "LEFT JOIN copy_groups g ON g.id = c.copy_group "
        "LEFT JOIN articles o ON o.id = g.origin AND o.id <> a.id "
        "WHERE a.id IN (SELECT unnest(?))", [ids]).fetchall()
    return {r[0]: r[1:] for r in rows}


def forget(store: Store, ids: Iterable[str] | None) -> None:
    """Drop these articles' facts (None: all), as their text, analysis or date changed."""
    delete_articles(store, TABLES, ids)


def sources_of(store: Store, ids: list[str]) -> dict[str, str]:
    """Article id -> source (file or record) of these articles."""
    return dict(store.con.execute(
        "SELECT id, source FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall())


def write_facts(store: Store, items: list[tuple[str, str | None, str, str | None,
                                                ArticleFacts | None]]) -> None:
    """Replace the facts of these articles: (article, reference, basis, error, facts)."""
    ids = [i[0] for i in items]
    with transaction(store):
        forget(store, ids)
        insert_rows(store, "fact_refs", [(a, ref, basis, err) for a, ref, basis, err, _ in items])
        done = [(a, f) for a, _, _, _, f in items if f is not None]
        insert_rows(store, "times", [
            (a, t.start, t.end, t.text, t.type, t.value, t.precision, t.low, t.high, t.modifier)
            for a, f in done for t in f.times])
        insert_rows(store, "quotes", [
            (a, q.start, q.end, q.kind, q.speaker_name, q.verb, dump_json(asdict(q)))
            for a, f in done for q in f.quotes])
        insert_rows(store, "claims", [
            (a, c.start, c.end, c.counted_key, c.value, dump_json(asdict(c)))
            for a, f in done for c in f.claims])
        insert_rows(store, "numbers_skipped", [
            (a, k.start, k.end, k.text, k.reason)
            for a, f in done for k in getattr(f, "numbers_skipped", ())])


def _quote(data: str) -> Quote:
    d = json.loads(data)
    d["fragments"] = tuple(tuple(x) for x in d.get("fragments", ()))
    return Quote(**d)


def _claim(data: str) -> Claim:
    d = json.loads(data)
    d["context"] = tuple(d.get("context", ()))
    return Claim(**d)


def _items(store: Store, table: str, decode: Callable[[str], T], ids: Iterable[str] | None,
           spans: set[Span] | None) -> Iterator[tuple[str, T]]:
    """(article, item) of `table` for every article (or these, and only at these spans),
    by article and place, read in slices."""
    where, params = where_in(ids)
    cur = store.con.execute(
        f'SELECT article, start, "end", data FROM {table}{where} ORDER BY article, start, "end"',
        params)
    while rows := cur.fetchmany(1024):
        for article, start, end, data in rows:
            if spans is None or (article, start, end) in spans:
                yield article, decode(data)


def quotes(store: Store, ids: Iterable[str] | None = None,
           spans: set[Span] | None = None) -> Iterator[tuple[str, Quote]]:
    """(article, quote) of every article (or these, and only at these spans)."""
    return _items(store, "quotes", _quote, ids, spans)


def claims(store: Store, ids: Iterable[str] | None = None,
           spans: set[Span] | None = None) -> Iterator[tuple[str, Claim]]:
    """(article, claim) of every article (or these, and only at these spans)."""
    return _items(store, "claims", _claim, ids, spans)


def quote_texts(store: Store, spans: Iterable[Span]) -> Iterator[tuple[Span, str]]:
    """(span, text) of the quotes at these spans: only the text is read (by a join on the
    spans), not the whole records of their articles."""
    spans = sorted(set(spans))
    if not spans:
        return
    cur = store.con.execute(
        "SELECT q.article, q.start, q.\"end\", json_extract_string(q.data, '$.text') "
        "FROM quotes q JOIN (SELECT unnest(?) AS a, unnest(?) AS s, unnest(?) AS e) x "
        'ON q.article = x.a AND q.start = x.s AND q."end" = x.e',
        [[x[0] for x in spans], [x[1] for x in spans], [x[2] for x in spans]])
    while rows := cur.fetchmany(4096):
        for article, start, end, text in rows:
            yield (article, start, end), text


def reference_dates(store: Store, ids: Iterable[str] | None = None) -> dict[str, str | None]:
    """Article id -> reference date, of every article (or these)."""
    where, params = where_in(ids)
    return dict(store.con.execute(f"SELECT article, reference FROM fact_refs{where}",
                                  params).fetchall())


def errors(store: Store) -> list[tuple[str, str]]:
    """(source, error) of articles whose facts could not be made."""
    return store.con.execute(
        "SELECT a.source, f.error FROM fact_refs f JOIN articles a ON a.id = f.article "
        "WHERE f.error IS NOT NULL ORDER BY a.source").fetchall()


def entity_ids(store: Store, ids: Iterable[str] | None = None) -> dict[tuple[str, str], str]:
    """(article, in-article entity key) -> canonical entity id, through mention spans, for
    every article (or these ones)."""
    # each analysis mention [start, end, label, key, role, kind] is unnested in SQL
    # (parsing every article's analysis in Python cost more than the rest of a step);
    # a key takes the entity of its first mention that has one
    where, params = where_in(ids)
    return {(article, key): ent for article, key, ent in store.con.execute(
        "WITH a AS (SELECT article, from_json(mentions, '[[\"VARCHAR\"]]') AS l FROM analyses"
        + where + "), j AS (SELECT article, unnest(l) AS m, unnest(range(len(l))) AS i "
        "FROM a) SELECT j.article, j.m[4], arg_min(e.entity, j.i) FROM j JOIN (SELECT * FROM "
        "entity_mentions" + where + ") e ON e.article = j.article "
        "AND e.start = CAST(j.m[1] AS INTEGER) AND e.\"end\" = CAST(j.m[2] AS INTEGER) "
        "WHERE j.m[4] IS NOT NULL AND j.m[4] <> '' AND e.entity <> '' "
        "GROUP BY j.article, j.m[4]", params * 2).fetchall()}


def kept_entity_ids(store: Store, ids: Iterable[str],
                    wanted: Iterable[tuple[str, str]] | None = None
                    ) -> dict[tuple[str, str], str]:
    """`entity_ids` of these articles (only the `wanted` (article, key) pairs, if given),
    from the rows kept in `fact_entities`; the articles not kept yet are read by
    `entity_ids` once and kept (with an empty-key row marking an article done), so a
    later update reads rows instead of parsing analyses. The kept rows of an article are
    dropped (`forget_entity_ids`) when its analysis or entities change."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    pairs = None if wanted is None else sorted(set(wanted))
    done = {r[0] for r in store.con.execute(
        "SELECT article FROM fact_entities WHERE key = '' AND article IN (SELECT unnest(?))",
        [ids]).fetchall()}
    if pairs is None:
        rows = store.con.execute(
            "SELECT article, key, entity FROM fact_entities WHERE key <> '' AND article IN "
            "(SELECT unnest(?))", [ids]).fetchall()
    else:
        rows = store.con.execute(
            "SELECT f.article, f.key, f.entity FROM fact_entities f JOIN (SELECT unnest(?) "
            "AS a, unnest(?) AS k) w ON f.article = w.a AND f.key = w.k",
            [[a for a, _ in pairs], [k for _, k in pairs]]).fetchall()
    out = {(article, key): entity for article, key, entity in rows if article in done}
    missing = [a for a in ids if a not in done]
    if missing:
        fresh = entity_ids(store, missing)
        with transaction(store):
            forget_entity_ids(store, missing)
            insert_rows(store, "fact_entities", [(a, "", "") for a in missing]
                        + [(a, k, e) for (a, k), e in sorted(fresh.items())])
        out |= fresh if pairs is None else {p: fresh[p] for p in pairs if p in fresh}
    return out


def forget_entity_ids(store: Store, ids: Iterable[str] | None) -> None:
    """Drop the kept entity ids of these articles (None: all)."""
    delete_articles(store, ("fact_entities",), None if ids is None else sorted(set(ids)))


def input_digests(store: Store, ids: Iterable[str] | None = None) -> dict[str, str]:
    """Article id -> a digest of what fact grouping reads of it, for every article with
    quotes or claims (or these ones; an article without any has no digest): each item's
    place and stored record, the entities its in-article keys name (from the rows kept in
    `fact_entities`: `kept_entity_ids` must have read these articles first), the article's
    independence key and reference date. Two equal digests mean the grouping is handed
    the same items, so a part none of whose articles' digests changed groups as before.
    The digest is the quotes' and the claims' apart ("quotes:claims", "-" for none), as
    the two groupings are apart: an article whose quotes' speaker changed id regroups
    its quotes' parts, not the parts of its claims (one measure's claims across the
    store can be one large part). Made in SQL, each item hashed before an article's are
    (an update hands on thousands of articles whose entity rows moved; a whole pass
    hashes every item of the store)."""
    where, params = where_in(ids)
    rows = store.con.execute(
        "WITH x AS (SELECT article, 'q' AS kind, start, \"end\", data, "
        "json_extract_string(data, '$.speaker_key') AS k1, NULL::VARCHAR AS k2 FROM quotes"
        + where + " UNION ALL SELECT article, 'c', start, \"end\", data, "
        "json_extract_string(data, '$.source_key'), json_extract_string(data, '$.subject_key') "
        "FROM claims" + where + "), i AS (SELECT x.article, x.kind, x.start, x.\"end\", "
        "md5(concat_ws(chr(31), x.start, x.\"end\", x.data, coalesce(e1.entity, '-'), "
        "coalesce(e2.entity, '-'))) AS item FROM x "
        "LEFT JOIN fact_entities e1 ON e1.article = x.article AND e1.key = x.k1 AND x.k1 <> '' "
        "LEFT JOIN fact_entities e2 ON e2.article = x.article AND e2.key = x.k2 AND x.k2 <> '' "
        "), h AS (SELECT article, kind, md5(string_agg(item, ',' ORDER BY start, \"end\", item)) "
        "AS items FROM i GROUP BY article, kind), a AS (SELECT h.article, h.kind, "
        "md5(concat_ws(chr(31), h.items, coalesce(c.independence_key, h.article), "
        "coalesce(r.reference, '-'))) AS d FROM h "
        "LEFT JOIN article_copies c ON c.article = h.article "
        "LEFT JOIN fact_refs r ON r.article = h.article) "
        "SELECT article, coalesce(max(d) FILTER (WHERE kind = 'q'), '-') || ':' || "
        "coalesce(max(d) FILTER (WHERE kind = 'c'), '-') FROM a GROUP BY article",
        params * 2).fetchall()
    return dict(rows)


def changed_kinds(kept: dict[str, str], now: dict[str, str], ids: Iterable[str]
                  ) -> tuple[set[str], set[str]]:
    """Of these articles, those whose quotes' and those whose claims' grouping inputs
    differ from the kept digests (`input_digests`): an article without a kept digest
    counts as changed in both, one without items now (gone) in those it had."""
    quotes_, claims_ = set(), set()
    for a in ids:
        if ":" not in kept.get(a, ""):  # none kept
            quotes_.add(a)
            claims_.add(a)
            continue
        was, is_ = kept[a].split(":"), now.get(a, "-:-").split(":")
        if was[0] != is_[0]:
            quotes_.add(a)
        if was[1] != is_[1]:
            claims_.add(a)
    return quotes_, claims_


def unsettled(store: Store, step: str, version: str, kinds: tuple[str, ...],
              tables: tuple[str, ...]) -> set[str]:
    """Articles a grouping step has not taken in at `version`: those with items (rows of
    `tables`) or stored links of `kinds` but no `step_done` record. The runner drops a
    record when an input of the article changed, so these are the articles to redo."""
    sources = " UNION ALL ".join(
        [f"SELECT article FROM {t}" for t in tables]
        + ["SELECT article FROM fact_links WHERE kind IN (SELECT unnest(?))"])
    return {r[0] for r in store.con.execute(
        f"SELECT DISTINCT x.article FROM ({sources}) x WHERE NOT EXISTS (SELECT 1 FROM "
        "step_done d WHERE d.step = ? AND d.version = ? AND d.article = x.article)",
        [list(kinds), step, version]).fetchall()}


def settle(store: Store, step: str, version: str, ids: Iterable[str]) -> None:
    """Record that a grouping step took these articles in at `version`."""
    insert_rows(store, "step_done", [(step, a, version) for a in sorted(set(ids))],
                "OR REPLACE")


def links(store: Store, kind: str, refs: Iterable[str] | None = None
          ) -> dict[str, list[tuple[str, int, int]]]:
    """Stored group id -> the (article, start, end) of its members, for one kind (and
    these groups)."""
    where, params = where_in(refs, "ref", " AND ")
    out: dict[str, list[tuple[str, int, int]]] = {}
    for ref, article, start, end in store.con.execute(
            f'SELECT ref, article, start, "end" FROM fact_links WHERE kind = ?{where}',
            [kind, *params]).fetchall():
        out.setdefault(ref, []).append((article, start, end))
    return out



def key_hash(key: object) -> str:
    """A short stable text for a grouping key (its repr hashed): keys that collide only
    join two parts, which a part's grouping does not notice."""
    return hashlib.blake2b(repr(key).encode(), digest_size=8).hexdigest()


def unkeyed(store: Store, kind: str, table: str, ok_only: bool = False) -> set[str]:
    """Articles (ok ones only, or all) with items in `table` but no `group_keys` rows of
    `kind`: a store from before the keys (each item has a row, a NULL key when none)."""
    ok = " JOIN articles a ON a.id = t.article AND a.status = 'ok'" if ok_only else ""
    return {r[0] for r in store.con.execute(
        f"SELECT DISTINCT t.article FROM {table} t{ok} WHERE NOT EXISTS (SELECT 1 FROM "
        "group_keys k WHERE k.kind = ? AND k.article = t.article)", [kind]).fetchall()}


def write_keys(store: Store, kind: str, articles: Iterable[str],
               rows: list[tuple[str, int, int, str | None]]) -> None:
    """Replace the grouping keys of `kind` of these articles: (article, start, end, key)."""
    with transaction(store):
        store.con.execute("DELETE FROM group_keys WHERE kind = ? AND article IN "
                          "(SELECT unnest(?))", [kind, sorted(set(articles))])
        insert_rows(store, "group_keys", [(kind, *r) for r in rows])


def update_keys(store: Store, kind: str, table: str, groups: str, changed: set[str],
                rows_of: Callable[[list[str]], list[tuple[str, int, int, str | None]]],
                batch: int, ok_only: bool = False) -> None:
    """Make the grouping keys of `kind` for the changed articles, and for every article
    of `table` without keys (a store from before the keys, whose groups in `groups` may
    also be from before the links: those are dropped, as no keyed query finds them).
    `rows_of(articles)` gives their key rows; made `batch` articles at a time, so memory
    stays flat on a whole old store. The scan for articles without keys runs until it has
    once keyed them all (a `meta` row records it): after that every article with items
    gets its keys when it changes, so an update's bookkeeping reads no whole table."""
    flag = f"keys made: {kind}"  # every article's keys made once: no scan on later updates
    done = store.con.execute("SELECT 1 FROM meta WHERE key = ?", [flag]).fetchone()
    old = set() if done else unkeyed(store, kind, table, ok_only)
    if old:
        drop_unlinked(store, groups, kind)
    todo = sorted(changed | old)
    for start in range(0, len(todo), batch):
        articles = todo[start : start + batch]
        write_keys(store, kind, articles, rows_of(articles))
    if not done:
        store.con.execute("INSERT OR REPLACE INTO meta VALUES (?, 'yes')", [flag])


def keyed_spans(store: Store, kind: str, keys: Iterable[str]) -> set[Span]:
    """The items of `kind` that hold one of these keys."""
    return {tuple(r) for r in store.con.execute(
        'SELECT DISTINCT article, start, "end" FROM group_keys WHERE kind = ? '
        "AND key IN (SELECT unnest(?))", [kind, sorted(set(keys))]).fetchall()}


def keyed_rows(store: Store, kind: str, keys: Iterable[str]) -> list[tuple[Span, str]]:
    """(item, key) of the items of `kind` that hold one of these keys."""
    return [((a, s, e), key) for a, s, e, key in store.con.execute(
        'SELECT DISTINCT article, start, "end", key FROM group_keys WHERE kind = ? '
        "AND key IN (SELECT unnest(?))", [kind, sorted(set(keys))]).fetchall()]


def keys_of(store: Store, kind: str, spans: set[Span]) -> set[str]:
    """The keys these items of `kind` hold."""
    rows = store.con.execute(
        'SELECT article, start, "end", key FROM group_keys WHERE kind = ? AND key IS NOT NULL '
        "AND article IN (SELECT unnest(?))", [kind, sorted({s[0] for s in spans})]).fetchall()
    return {key for a, s, e, key in rows if (a, s, e) in spans}


def keyed_links(store: Store, kind: str) -> Callable[[set[Span]], set[Span]]:
    """For `closure`: the items that share a stored key with the given ones (each key
    looked up once)."""
    done: set[str] = set()

    def linked(spans: set[Span]) -> set[Span]:
        keys = keys_of(store, kind, spans) - done
        done.update(keys)
        return keyed_spans(store, kind, keys) if keys else set()

    return linked


def closure(store: Store, kind: str, changed: set[str],
            linked: Callable[[set[Span]], set[Span]]) -> tuple[set[Span], set[str]]:
    """The items of `kind` a change to `changed` articles can regroup, and the stored
    groups they are in: from the changed articles' items and the stored groups that
    mention them, closed under `linked` (the items that may group with these ones)
    and under membership of one stored group. Read by keyed queries, so it costs what
    the parts hold, not what the store holds."""
    arts = sorted(changed)
    new = {tuple(r) for r in store.con.execute(
        'SELECT article, start, "end" FROM group_keys WHERE kind = ? '
        "AND article IN (SELECT unnest(?))", [kind, arts]).fetchall()}
    groups = {r[0] for r in store.con.execute(
        "SELECT DISTINCT ref FROM fact_links WHERE kind = ? AND article IN (SELECT unnest(?))",
        [kind, arts]).fetchall()}
    fresh = set(groups)
    seen: set[Span] = set()
    while new or fresh:
        new |= {s for spans in links(store, kind, fresh).values() for s in spans} \
            if fresh else set()
        new -= seen
        seen |= new
        if not new:
            break
        rows = store.con.execute(
            'SELECT ref, article, start, "end" FROM fact_links WHERE kind = ? '
            "AND article IN (SELECT unnest(?))",
            [kind, sorted({s[0] for s in new})]).fetchall()
        fresh = {ref for ref, a, s, e in rows if (a, s, e) in new} - groups
        groups |= fresh
        new = linked(new)
    return seen, groups


def drop_groups(store: Store, table: str, kind: str, ids: set[str] | None) -> None:
    """Delete these groups (None: all) of `table` and their links."""
    if ids is None:
        store.con.execute(f"DELETE FROM {table}")
        store.con.execute("DELETE FROM fact_links WHERE kind = ?", [kind])
        return
    store.con.execute(f"DELETE FROM {table} WHERE id IN (SELECT unnest(?))", [sorted(ids)])
    store.con.execute("DELETE FROM fact_links WHERE kind = ? AND ref IN (SELECT unnest(?))",
                      [kind, sorted(ids)])


def drop_unlinked(store: Store, table: str, kind: str) -> None:
    """Delete the groups of `table` that no `fact_links` row names: those of a store from
    before the links, which no keyed query finds (every group written since has links)."""
    store.con.execute(f"DELETE FROM {table} WHERE id NOT IN "
                      "(SELECT ref FROM fact_links WHERE kind = ?)", [kind])


_CLAIM_FIELDS = tuple(f.name for f in fields(GroupedClaim))


def _flat(claim: GroupedClaim) -> dict:
    """`asdict` of a grouped claim, whose fields are all plain values: read field by
    field, without `asdict`'s deep copy (which cost more than grouping a large part)."""
    return {name: getattr(claim, name) for name in _CLAIM_FIELDS}


def write_groups(store: Store, quote_groups: list[QuoteGroup], first_dates: dict[str, str],
                 claim_groups: list[ClaimGroup], drop_quotes: set[str] | None = None,
                 drop_claims: set[str] | None = None) -> None:
    """Replace quote and claim groups: drop these stored ones (None: all), add the new."""
    with transaction(store):
        drop_groups(store, "quote_groups", "quote", drop_quotes)
        drop_groups(store, "claim_groups", "claim", drop_claims)
        insert_rows(store, "quote_groups", [
            (g.id, g.text, g.kind, g.speaker, g.speaker_name, g.verb, g.medium, g.n_sources,
             first_dates.get(g.id), dump_json([list(m) for m in g.mentions]))
            for g in quote_groups])
        insert_rows(store, "claim_groups", [
            (g.id, g.counted, g.counted_key, g.kind, g.unit, g.n_sources, g.agreement,
             dump_json([_flat(c) for c in g.claims]), g.subject, g.reason)
            for g in claim_groups])
        insert_rows(store, "fact_links", sorted(
            [("quote", g.id, a, s, e) for g in quote_groups for a, s, e in g.mentions]
            + [("claim", g.id, c.article_id, c.start, c.end)
               for g in claim_groups for c in g.claims]))


def summary(store: Store) -> dict[str, int]:
    return {"articles without facts": len(errors(store))}


def group_summary(store: Store) -> dict[str, int]:
    quotes_, claims_ = store.con.execute(
        "SELECT (SELECT count(*) FROM quote_groups), (SELECT count(*) FROM claim_groups)"
    ).fetchone()
    return {"quotes": quotes_, "claim groups": claims_}
