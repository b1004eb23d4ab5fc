"""Each article's paragraphs as the site_notes step reads them: (article, site, start, end,
key), the key the hash of the paragraph's normalised text (NULL for a short paragraph).

Kept so that an update finds a site's notes again from a few keyed rows instead of
reading and splitting the text of every article of the site (issue 16): the step
looks at the articles that hold a changed article's keys, and through the keys
repeated in the site the closed part around them (`resolve/site_notes.keyed_notes`).
An article whose text has no paragraph keeps one row (0, 0, NULL), so that it is
known to be done.
"""

from __future__ import annotations

from collections.abc import Iterable

from storyline.resolve.site_notes import Keyed
from storyline.store.duck import Store, delete_articles, insert_rows, transaction

TABLE = "site_paragraphs"


def gone(store: Store) -> list[str]:
    """Articles with kept paragraphs that are no longer ok articles."""
    return [r[0] for r in store.con.execute(
        f"SELECT DISTINCT p.article FROM {TABLE} p WHERE NOT EXISTS (SELECT 1 FROM articles a "
        "WHERE a.id = p.article AND a.status = 'ok') ORDER BY 1").fetchall()]


def unmade(store: Store, sites: Iterable[str]) -> list[str]:
    """The ok articles of these sites (by `article_sites`) without kept paragraphs: every
    one of a site the step looks at for the first time (a store from before the table)."""
    return [r[0] for r in store.con.execute(
        "SELECT s.article FROM article_sites s JOIN articles a ON a.id = s.article "
        "WHERE a.status = 'ok' AND s.site IN (SELECT unnest(?)) AND NOT EXISTS "
        f"(SELECT 1 FROM {TABLE} p WHERE p.article = s.article) ORDER BY 1",
        [sorted(set(sites))]).fetchall()]


def ok_articles(store: Store) -> int:
    """How many ok articles the store holds."""
    return store.con.execute("SELECT count(*) FROM articles WHERE status = 'ok'").fetchone()[0]


def kept_articles(store: Store) -> set[str]:
    """Every article with kept paragraphs."""
    return {r[0] for r in store.con.execute(f"SELECT DISTINCT article FROM {TABLE}").fetchall()}


def keys_of(store: Store, ids: Iterable[str]) -> set[tuple[str, str]]:
    """(site, key) of the keyed paragraphs kept for these articles."""
    return set(store.con.execute(
        f"SELECT DISTINCT site, key FROM {TABLE} WHERE key IS NOT NULL "
        "AND article IN (SELECT unnest(?))", [sorted(set(ids))]).fetchall())


def replace(store: Store, ids: Iterable[str], rows: list[tuple[str, str, int, int, str | None]]
            ) -> None:
    """Replace the paragraphs of these articles with `rows` (article, site, start, end,
    key)."""
    with transaction(store):
        delete_articles(store, (TABLE,), sorted(set(ids)))
        insert_rows(store, TABLE, rows)


def holders(store: Store, keys: Iterable[tuple[str, str]]) -> set[str]:
    """The articles that hold one of these (site, key)."""
    keys = sorted(set(keys))
    if not keys:
        return set()
    return {r[0] for r in store.con.execute(
        f"SELECT DISTINCT p.article FROM {TABLE} p JOIN (SELECT unnest(?) AS site, "
        "unnest(?) AS key) q ON q.site = p.site AND q.key = p.key",
        [[s for s, _ in keys], [k for _, k in keys]]).fetchall()}


def repeated_keys(store: Store, ids: Iterable[str], least: int) -> set[tuple[str, str]]:
    """(site, key) of these articles' paragraphs that `least` articles of the site or more
    hold: the keys that can be a note, and so tie their holders' notes together."""
    return set(store.con.execute(
        f"SELECT p.site, p.key FROM {TABLE} p JOIN (SELECT DISTINCT site, key FROM {TABLE} "
        "WHERE key IS NOT NULL AND article IN (SELECT unnest(?))) q "
        "ON q.site = p.site AND q.key = p.key GROUP BY p.site, p.key "
        "HAVING count(DISTINCT p.article) >= ?", [sorted(set(ids)), least]).fetchall())


def pages(store: Store, ids: Iterable[str], chunk: int = 5000
          ) -> list[tuple[str, str, Keyed]]:
    """(site, article, paragraphs) of these articles, in article order."""
    ids = sorted(set(ids))
    out: list[tuple[str, str, Keyed]] = []
    for first in range(0, len(ids), chunk):
        rows = store.con.execute(
            f'SELECT article, site, start, "end", key FROM {TABLE} WHERE article IN '
            '(SELECT unnest(?)) ORDER BY article, start, "end"',
            [ids[first : first + chunk]]).fetchall()
        current: str | None = None
        paras: list[tuple[int, int, str | None]] = []
        site = ""
        for article, site_, start, end, key in rows:
            if article != current:
                if current is not None:
                    out.append((site, current, tuple(paras)))
                current, site, paras = article, site_, []
            if end > start or key is not None:  # (0, 0, NULL): no paragraph
                paras.append((start, end, key))
        if current is not None:
            out.append((site, current, tuple(paras)))
    return out
