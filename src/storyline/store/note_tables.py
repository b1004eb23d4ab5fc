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
