"""The site-notes table: paragraphs one site repeats across its articles.

Rows are (article, start, end, n_articles, key), offsets into the article's
clean text. The site_notes step rewrites the rows of every article of a site
it looks at; the facts step reads the rows of the articles it does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from storyline.resolve.site_notes import SiteNote
from storyline.store.duck import Store, delete_articles, insert_rows, transaction

TABLE = "site_notes"


def sites(store: Store) -> list[tuple[str, str | None, str | None]]:
    """(id, url, site) of every ok article: what a site key is made from."""
    return store.con.execute(
        "SELECT id, url, site FROM articles WHERE status = 'ok' ORDER BY id").fetchall()


def unkept_sites(store: Store, ids: Iterable[str]) -> list[tuple[str, str | None, str | None]]:
    """(id, url, site) of these ok articles and of every ok article whose site key is not
    kept yet (all of them in a store from before `article_sites`)."""
    return store.con.execute(
        "SELECT id, url, site FROM articles a WHERE status = 'ok' AND (id IN "
        "(SELECT unnest(?)) OR NOT EXISTS (SELECT 1 FROM article_sites s "
        "WHERE s.article = a.id)) ORDER BY id", [sorted(set(ids))]).fetchall()


def keep_sites(store: Store, rows: list[tuple[str, str]]) -> None:
    """Keep these (article, site key) rows, replacing the articles' old ones."""
    insert_rows(store, "article_sites", rows, "OR REPLACE")


def site_members(store: Store, sites_: Iterable[str]) -> list[tuple[str, str]]:
    """(id, site key) of the ok articles of these sites, in id order."""
    return store.con.execute(
        "SELECT s.article, s.site FROM article_sites s JOIN articles a ON a.id = s.article "
        "WHERE a.status = 'ok' AND s.site IN (SELECT unnest(?)) ORDER BY s.article",
        [sorted(set(sites_))]).fetchall()


def gone_articles(store: Store) -> list[str]:
    """Articles with stored notes that are no longer ok articles (deleted, or failed on
    re-extraction)."""
    return [r[0] for r in store.con.execute(
        f"SELECT DISTINCT n.article FROM {TABLE} n WHERE NOT EXISTS (SELECT 1 FROM articles a "
        "WHERE a.id = n.article AND a.status = 'ok') ORDER BY 1").fetchall()]


def texts(store: Store, ids: list[str], chunk: int = 2000) -> Iterator[tuple[str, str]]:
    """(id, clean text) of these articles, read in chunks."""
    for start in range(0, len(ids), chunk):
        yield from store.con.execute(
            "SELECT id, text FROM articles WHERE id IN (SELECT unnest(?)) ORDER BY id",
            [ids[start:start + chunk]]).fetchall()


def notes(store: Store, ids: Iterable[str] | None = None) -> dict[str, tuple[SiteNote, ...]]:
    """Article id -> its stored notes in text order (of these articles, or all)."""
    sql = f'SELECT article, start, "end", n_articles, key FROM {TABLE}'
    params: list = []
    if ids is not None:
        sql += " WHERE article IN (SELECT unnest(?))"
        params.append(sorted(set(ids)))
    out: dict[str, list[SiteNote]] = {}
    for row in store.con.execute(sql + ' ORDER BY article, start, "end"', params).fetchall():
        out.setdefault(row[0], []).append(SiteNote(*row))
    return {a: tuple(n) for a, n in out.items()}


def stored_articles(store: Store) -> set[str]:
    return {r[0] for r in store.con.execute(f"SELECT DISTINCT article FROM {TABLE}").fetchall()}


def write(store: Store, ids: Iterable[str], found: dict[str, tuple[SiteNote, ...]]) -> None:
    """Replace the notes of these articles with `found`."""
    ids = sorted(set(ids))
    with transaction(store):
        delete_articles(store, (TABLE,), ids)
        insert_rows(store, TABLE, [(n.article_id, n.start, n.end, n.n_articles, n.key)
                                   for a in ids for n in found.get(a, ())])


def summary(store: Store) -> dict[str, int]:
    n, articles = store.con.execute(
        f"SELECT count(*), count(DISTINCT article) FROM {TABLE}").fetchone()
    return {"site notes": n, "articles with site notes": articles}
