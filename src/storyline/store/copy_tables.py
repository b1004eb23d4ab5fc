"""Copy tables of the store: fingerprints, the candidate index, pairs, groups.

Fingerprints and index postings are written once per article, so a run only
fingerprints what is new; groups and per-article statuses are rebuilt from
the stored pairs at the end of every run (linear in the number of pairs).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from storyline.copies import ArticleInfo, CopyIndex, DateCheck, Fingerprint, Relation
from storyline.copies.corpus import CopyResult, Pair, Prepared
from storyline.copies.index import PARAMS_KEY, band_keys
from storyline.store.duck import Store, StoreError, insert_rows, transaction, where_in


def unfingerprinted(store: Store) -> list[tuple[str, str, str | None]]:
    """(id, text, published) of ok articles not yet fingerprinted, oldest first. The ids
    are found first, so that only their texts are read, not every article's."""
    ids = [r[0] for r in store.con.execute(
        "SELECT a.id FROM articles a ANTI JOIN fingerprints f ON f.article = a.id "
        "WHERE a.status = 'ok'").fetchall()]
    if not ids:
        return []
    return store.con.execute(
        "SELECT id, text, published FROM articles WHERE id IN (SELECT unnest(?)) "
        "ORDER BY published NULLS LAST, id", [ids]).fetchall()


def texts_of(store: Store, articles: Iterable[str]) -> dict[str, str]:
    """Clean texts of these articles, fetched in one query."""
    return dict(store.con.execute(
        "SELECT id, text FROM articles WHERE id IN (SELECT unnest(?))", [sorted(set(articles))]
    ).fetchall())


def _check_params(store: Store) -> None:
    params = store.con.execute(
        "SELECT DISTINCT key FROM copy_index WHERE kind = 'params'").fetchall()
    if any(key != PARAMS_KEY for (key,) in params):
        raise StoreError("the copy index was built with other parameters: run "
                         "`storyline reextract --all` to rebuild it")


def index_for(store: Store, items: list[Prepared]) -> CopyIndex:
    """The part of the persisted index these articles' lookups read: every posting of
    their band and sample keys, with the sample sizes of the documents posted (and
    theirs, if already indexed). Adding them to it finds the same candidates, and
    journals the same rows, as adding them to the whole index (a lookup reads only the
    postings of its own keys), without reading every posting of the store."""
    _check_params(store)
    bands = sorted({int(k) for i in items for k in
                    band_keys(i.fingerprint.minhash).view(np.int64).tolist()})
    samples = sorted({int(k) for i in items
                      for k in i.fingerprint.sample.astype("<u8").view(np.int64).tolist()})
    posted = store.con.execute(
        "SELECT kind, key, article FROM copy_index WHERE kind = 'band' AND key IN "
        "(SELECT unnest(?::BIGINT[])) UNION ALL SELECT kind, key, article FROM copy_index "
        "WHERE kind = 'sample' AND key IN (SELECT unnest(?::BIGINT[]))",
        [bands, samples]).fetchall()
    wanted = sorted({a for _, _, a in posted} | {i.fingerprint.id for i in items})
    docs = dict(store.con.execute(
        "SELECT article, key FROM copy_index WHERE kind = 'doc' AND article IN "
        "(SELECT unnest(?))", [wanted]).fetchall())
    ids = sorted(docs)
    num = {d: n for n, d in enumerate(ids)}
    postings = {kind: (np.array([k for x, k, _ in posted if x == kind], dtype=np.int64),
                       np.array([num[a] for x, _, a in posted if x == kind], dtype=np.int32))
                for kind in ("band", "sample")}
    return CopyIndex.from_arrays(ids, np.array([docs[d] for d in ids], dtype=np.int32),
                                 postings)


def load_index(store: Store) -> CopyIndex:
    """The persisted candidate index (empty for a new store), read column-wise."""
    _check_params(store)
    docs = store.con.execute(
        "SELECT article, key FROM copy_index WHERE kind = 'doc' ORDER BY article").fetchnumpy()
    ids = docs["article"].tolist()
    postings = {}
    for kind in ("band", "sample"):
        cols = store.con.execute(
            "WITH d AS (SELECT article, (row_number() OVER (ORDER BY article)) - 1 AS num "
            "FROM copy_index WHERE kind = 'doc') "
            "SELECT i.key, d.num::INTEGER AS num FROM copy_index i JOIN d USING (article) "
            "WHERE i.kind = ?", [kind]).fetchnumpy()
        postings[kind] = (np.asarray(cols["key"]), np.asarray(cols["num"]))
    return CopyIndex.from_arrays(ids, np.asarray(docs["key"]), postings)


def write_fingerprints(store: Store, items: list[Prepared], index: CopyIndex,
                       pairs: Iterable[Pair]) -> None:
    """Store new fingerprints, their index postings and the pairs they formed, atomically."""
    rows = index.take_new_rows()
    if store.con.execute("SELECT 1 FROM copy_index WHERE kind = 'params' LIMIT 1").fetchone():
        # a part of the index (`index_for`) that held no document journals the
        # parameters' row, which the store already holds
        rows = [r for r in rows if r[0] != "params"]
    pairs = list(pairs)
    with transaction(store):
        insert_rows(
            store, "fingerprints",
            [(i.fingerprint.id, i.fingerprint.text_hash, i.fingerprint.n_tokens,
              i.fingerprint.n_shingles, i.fingerprint.minhash.astype("<u8").tobytes(),
              i.fingerprint.sample.astype("<u8").tobytes(), i.wire_credit, i.check.misdated,
              i.check.reason or None, i.check.likely_period) for i in items],
            "OR REPLACE",
        )
        insert_rows(store, "copy_index", rows)
        if pairs:
            insert_rows(
                store, "copy_pairs",
                [(a, b, r.kind, r.similarity, r.containment) for a, b, r in pairs], "OR REPLACE",
            )


def fingerprint_of(store: Store, article: str) -> Fingerprint | None:
    row = store.con.execute(
        "SELECT article, text_hash, n_tokens, n_shingles, minhash, sample FROM fingerprints "
        "WHERE article = ?", [article]).fetchone()
    if row is None:
        return None
    return Fingerprint(row[0], row[1], row[2], row[3], np.frombuffer(row[4], dtype="<u8"),
                       np.frombuffer(row[5], dtype="<u8"))


def pairs_near(store: Store, seeds: Iterable[str]) -> list[Pair]:
    """The stored pairs of the copy groups these articles are in (the connected parts
    of the pair graph around them), found by keyed queries, not by reading every pair."""
    seen = set(seeds)
    frontier = sorted(seen)
    found: dict[tuple[str, str], Pair] = {}
    while frontier:
        rows = store.con.execute(
            "SELECT a, b, relation, similarity, containment FROM copy_pairs "
            "WHERE a IN (SELECT unnest(?)) OR b IN (SELECT unnest(?))",
            [frontier, frontier]).fetchall()
        frontier = []
        for a, b, kind, sim, cont in rows:
            found[(a, b)] = (a, b, Relation(kind, sim, cont))
            if kind is not None:  # as `affected` follows them
                for x in (a, b):
                    if x not in seen:
                        seen.add(x)
                        frontier.append(x)
        frontier.sort()
    return [found[k] for k in sorted(found)]


def infos_and_checks(store: Store, ids: Iterable[str] | None = None
                     ) -> tuple[dict[str, ArticleInfo], dict[str, DateCheck]]:
    """What origin choice and date checks need of every fingerprinted article (or these)."""
    sql = ("SELECT a.id, a.published, a.site, f.n_tokens, f.wire_credit, f.own_misdated, "
           "f.own_reason, f.own_period FROM articles a JOIN fingerprints f ON f.article = a.id "
           "WHERE a.status = 'ok'")
    params: list = []
    if ids is not None:
        sql += " AND a.id IN (SELECT unnest(?))"
        params.append(sorted(set(ids)))
    rows = store.con.execute(sql + " ORDER BY a.id", params).fetchall()
    infos, checks = {}, {}
    for id_, published, site, n_tokens, credit, misdated, reason, period in rows:
        infos[id_] = ArticleInfo(id_, published, site, n_tokens, credit,
                                 date_credible=not misdated)
        if misdated:
            checks[id_] = DateCheck(True, reason or "", period)
    return infos, checks


def unassembled(store: Store) -> list[str]:
    """Fingerprinted ok articles that have no copy status yet (new since the last
    assembly, or left by a run killed between the two writes)."""
    return [r[0] for r in store.con.execute(
        "SELECT f.article FROM fingerprints f JOIN articles a ON a.id = f.article "
        "LEFT JOIN article_copies c ON c.article = f.article "
        "WHERE a.status = 'ok' AND c.article IS NULL ORDER BY f.article").fetchall()]


def verdicts(store: Store, ids: Iterable[str]) -> dict[str, tuple]:
    """Article id -> (misdated, likely period, group) of these articles' stored statuses."""
    return {r[0]: tuple(r[1:]) for r in store.con.execute(
        "SELECT article, misdated, likely_period, copy_group FROM article_copies "
        "WHERE article IN (SELECT unnest(?))", [sorted(set(ids))]).fetchall()}


def independence_keys(store: Store, ids: Iterable[str] | None = None) -> dict[str, str]:
    """Article id -> independence key (its copy group, or itself), of every article (or
    these)."""
    where, params = where_in(ids)
    return dict(store.con.execute(
        "SELECT article, independence_key FROM article_copies" + where, params).fetchall())


def write_result(store: Store, result: CopyResult, articles: Iterable[str] | None = None,
                 old_groups: Iterable[str] = ()) -> None:
    """Replace the groups and statuses of `articles` (None: all) with a freshly
    assembled result; `old_groups` are the groups those articles were in."""
    with transaction(store):
        if articles is None:
            store.con.execute("DELETE FROM copy_groups")
            store.con.execute("DELETE FROM article_copies")
        else:
            store.con.execute("DELETE FROM copy_groups WHERE id IN (SELECT unnest(?))",
                              [sorted(set(old_groups))])
            store.con.execute("DELETE FROM article_copies WHERE article IN (SELECT unnest(?))",
                              [sorted(set(articles))])
        insert_rows(
            store, "copy_groups",
            [(g.id, g.origin, g.origin_reason, len(g.members)) for g in result.groups],
        )
        insert_rows(
            store, "article_copies",
            [(s.article, s.independence_key, s.group, s.relation, s.similarity, s.misdated,
              s.misdated_reason, s.likely_period) for s in result.statuses],
        )


def reset(store: Store) -> None:
    """Forget all copy data so it is recomputed (after re-extraction changed texts).

    The index cannot drop single postings, so a reset rebuilds it whole.
    """
    with transaction(store):
        for table in ("fingerprints", "copy_index", "copy_pairs", "copy_groups",
                      "article_copies"):
            store.con.execute(f"DELETE FROM {table}")


def summary(store: Store) -> dict[str, int]:
    groups, members = store.con.execute(
        "SELECT count(*), coalesce(sum(size), 0) FROM copy_groups").fetchone()
    misdated = store.con.execute(
        "SELECT count(*) FROM article_copies WHERE misdated").fetchone()[0]
    return {"copy groups": groups, "articles in copy groups": int(members),
            "misdated articles": misdated}
