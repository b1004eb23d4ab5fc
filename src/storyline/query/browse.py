"""Browsing: paged, filtered and sorted reads of the store for the web application.

The report and the export read whole views (`queries`); a person exploring a
store of 100,000 articles asks for one page of one list, or one story, at a
time. Every function here does its filtering, sorting and paging in SQL, with
user input only ever passed as parameters and sort keys taken from fixed
tables, and returns typed records whose `to_json()` is the API's answer; the
HTML pages render the same records.

A bad parameter raises `BadQuery` (the API answers 400 with its message); an
unknown id returns None (the API answers 404).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storyline.analyse.article_facts import timex_start
from storyline.query import queries
from storyline.query.models import (
    ArticleView,
    ClaimGroupView,
    CopyStatusView,
    EntityRef,
    EntityView,
    EventView,
    QuoteView,
    StoreCounts,
    TimelineItem,
)
from storyline.query.timeline import build_timeline
from storyline.store import Store
from storyline.store.duck import ARTICLE_COLUMNS, article_from_row

#: Items per page unless asked otherwise, and the most one page may hold.
PER_PAGE, MAX_PER_PAGE = 50, 200
#: Claim verdicts a list may be filtered by.
VERDICTS = ("agree", "series", "conflict", "unsure", "single")
_DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class BadQuery(ValueError):
    """A parameter a list or search cannot take; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Paging:
    """Which page of a list: 1-based page number and page size."""

    page: int = 1
    per_page: int = PER_PAGE

    def __post_init__(self):
        if self.page < 1:
            raise BadQuery(f"page must be 1 or more, not {self.page}")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise BadQuery(f"per_page must be between 1 and {MAX_PER_PAGE}, not {self.per_page}")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def sql(self) -> str:
        return f" LIMIT {int(self.per_page)} OFFSET {int(self.offset)}"


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a list: its items, how many the whole list holds, and where it is."""

    items: tuple
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def to_json(self) -> dict:
        return {"items": [_json(i) for i in self.items], "total": self.total,
                "page": self.page, "per_page": self.per_page}


def _json(item: Any) -> Any:
    if hasattr(item, "listing_json"):
        return item.listing_json()
    return item.to_json() if hasattr(item, "to_json") else item


def day(value: str | None, name: str) -> str | None:
    """A date filter as given (YYYY, YYYY-MM or YYYY-MM-DD), or BadQuery."""
    if value in (None, ""):
        return None
    if not _DAY.match(value):
        raise BadQuery(f"{name} must be a date like 2024, 2024-05 or 2024-05-17, not {value!r}")
    parts = [int(x) for x in value.split("-")]
    try:  # February 29 of any year is taken (a bound, compared as text)
        date(2000 if parts[1:] == [2, 29] else parts[0] or 1, *(parts[1:] + [1, 1])[:2])
    except ValueError:
        raise BadQuery(f"{name} {value!r} is not a day of the calendar") from None
    return value


def _until(value: str | None) -> str | None:
    """The upper bound of a date filter, inclusive of the whole year or month given."""
    return None if value is None else value + "-99" * (2 - value.count("-"))


def _order(sort: str, choices: dict[str, str]) -> str:
    if sort not in choices:
        raise BadQuery(f"sort must be one of {', '.join(choices)}, not {sort!r}")
    return " ORDER BY " + choices[sort]


def _page(store: Store, select: str, where: list[str], params: list, order: str,
          paging: Paging, make) -> Page:
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    total = store.con.execute(f"SELECT count(*) FROM ({select}{clause})", params).fetchone()[0]
    rows = store.con.execute(select + clause + order + paging.sql(), params).fetchall()
    return Page(tuple(make(r) for r in rows), int(total), paging.page, paging.per_page)


def _paged(store: Store, source: str, where: list[str], params: list, order: str,
           paging: Paging, fetch) -> Page:
    """One page of records whose ids `source` (a table or a subquery with an `id`
    column) holds under `where`: the total and the page's ids in SQL, then `fetch(ids)`
    reads just those records, returned in the page's order."""
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    total = store.con.execute(f"SELECT count(*) FROM {source}{clause}", params).fetchone()[0]
    ids = [r[0] for r in store.con.execute(
        f"SELECT id FROM {source}{clause}{order}{paging.sql()}", params).fetchall()]
    found = {v.id: v for v in fetch(ids)}
    return Page(tuple(found[i] for i in ids if i in found), int(total), paging.page,
                paging.per_page)


def _like(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, its own % and _ taken literally."""
    return "%" + re.sub(r"([\\%_])", r"\\\1", text.lower()) + "%"


# -- stories ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StorySummary:
    """A story as a list shows it: label, span in time and what it holds."""

    id: str
    label: tuple[str, ...]
    entities: tuple[str, ...]
    size: int
    first: str | None
    last: str | None
    n_sources: int
    n_quotes: int
    n_claims: int
    n_events: int
    outlets: tuple[str, ...]

    @property
    def title(self) -> str:
        return ", ".join(self.label) or self.id

    def to_json(self) -> dict:
        return {"id": self.id, "label": list(self.label), "entities": list(self.entities),
                "articles": self.size, "first": self.first, "last": self.last,
                "sources": self.n_sources, "quotes": self.n_quotes, "claims": self.n_claims,
                "events": self.n_events, "outlets": list(self.outlets)}


_STORY_SELECT = """
SELECT s.id, s.label, s.size, s.first, s.last,
  coalesce(src.n, 0) AS n_sources, coalesce(q.n, 0) AS n_quotes,
  coalesce(c.n, 0) AS n_claims, coalesce(e.n, 0) AS n_events, coalesce(src.outlets, '[]')
FROM stories s
LEFT JOIN (SELECT x.story, count(DISTINCT coalesce(k.independence_key, x.article)) AS n,
                  to_json((list(DISTINCT a.site ORDER BY a.site)
                           FILTER (WHERE a.site IS NOT NULL))[1:5]) AS outlets
           FROM article_stories x JOIN articles a ON a.id = x.article
           LEFT JOIN article_copies k ON k.article = x.article GROUP BY x.story) src
  ON src.story = s.id
LEFT JOIN (SELECT x.story, count(DISTINCT l.ref) AS n FROM fact_links l
           JOIN article_stories x ON x.article = l.article WHERE l.kind = 'quote'
           GROUP BY x.story) q ON q.story = s.id
LEFT JOIN (SELECT x.story, count(DISTINCT l.ref) AS n FROM fact_links l
           JOIN article_stories x ON x.article = l.article WHERE l.kind = 'claim'
           GROUP BY x.story) c ON c.story = s.id
LEFT JOIN (SELECT x.story, count(DISTINCT l.ref) AS n FROM fact_links l
           JOIN article_stories x ON x.article = l.article WHERE l.kind = 'event'
           GROUP BY x.story) e ON e.story = s.id
"""

STORY_SORTS = {"-last": "last DESC NULLS LAST, size DESC, id",
               "last": "last NULLS LAST, size DESC, id",
               "-size": "size DESC, last DESC NULLS LAST, id",
               "size": "size, last DESC NULLS LAST, id",
               "-sources": "n_sources DESC, size DESC, id"}


def story_table(store: Store) -> list[StorySummary]:
    """Every story with its counts, newest first: one query, meant to be cached per
    version of the store (the web application does)."""
    names = dict(store.con.execute("SELECT id, name FROM entities").fetchall())
    rows = store.con.execute(_STORY_SELECT + _order("-last", STORY_SORTS)).fetchall()
    out = []
    for id_, label, size, first, last, n_src, n_q, n_c, n_e, outlets in rows:
        ids = tuple(json.loads(label))
        out.append(StorySummary(id_, tuple(names.get(e, e) for e in ids), ids, size, first,
                                last, n_src, n_q, n_c, n_e, tuple(json.loads(outlets or "[]"))))
    return out


def stories(table: Sequence[StorySummary], paging: Paging, q: str | None = None,
            since: str | None = None, until: str | None = None,
            sort: str = "-last") -> Page:
    """A page of stories from the cached story table, filtered and sorted."""
    since, until = day(since, "since"), _until(day(until, "until"))
    if sort not in STORY_SORTS:
        raise BadQuery(f"sort must be one of {', '.join(STORY_SORTS)}, not {sort!r}")
    rows = list(table)
    if q:
        needle = q.lower()
        rows = [s for s in rows if any(needle in name.lower() for name in s.label)]
    if since:
        rows = [s for s in rows if (s.last or "") >= since]
    if until:
        rows = [s for s in rows if s.first and s.first <= until]
    keys = {"-last": lambda s: (s.last is None, _neg(s.last), -s.size, s.id),
            "last": lambda s: (s.last is None, s.last or "", -s.size, s.id),
            "-size": lambda s: (-s.size, s.last is None, _neg(s.last), s.id),
            "size": lambda s: (s.size, s.last is None, _neg(s.last), s.id),
            "-sources": lambda s: (-s.n_sources, -s.size, s.id)}
    rows.sort(key=keys[sort])
    return Page(tuple(rows[paging.offset:paging.offset + paging.per_page]), len(rows),
                paging.page, paging.per_page)


def _neg(text: str | None) -> tuple:
    """A sort key that orders strings descending."""
    return tuple(-ord(ch) for ch in (text or ""))


def story(table: Sequence[StorySummary], story_id: str) -> StorySummary | None:
    return next((s for s in table if s.id == story_id), None)


# -- articles --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """An article as a list shows it."""

    id: str
    title: str | None
    site: str | None
    url: str | None
    published: str | None
    source: str
    status: str
    error: str | None
    story: str | None
    copy_group: str | None
    relation: str | None
    misdated: bool
    words: int

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title, "site": self.site, "url": self.url,
                "published": self.published, "source": self.source, "status": self.status,
                "error": self.error, "story": self.story, "copy_group": self.copy_group,
                "relation": self.relation, "misdated": self.misdated, "words": self.words}


ARTICLE_SORTS = {"-date": "a.published DESC NULLS LAST, a.id",
                 "date": "a.published NULLS LAST, a.id",
                 "outlet": "a.site NULLS LAST, a.published DESC NULLS LAST, a.id",
                 "title": "a.title NULLS LAST, a.id"}

_ARTICLE_SELECT = (
    "SELECT a.id, a.title, a.site, a.url, a.published, a.source, a.status, a.error, "
    "s.story, c.copy_group, c.relation, coalesce(c.misdated, false), "
    "coalesce(f.n_tokens, 0) "
    "FROM articles a LEFT JOIN article_stories s ON s.article = a.id "
    "LEFT JOIN article_copies c ON c.article = a.id "
    "LEFT JOIN fingerprints f ON f.article = a.id")
_ARTICLE_FROM = ("FROM articles a LEFT JOIN article_stories s ON s.article = a.id "
                 "LEFT JOIN article_copies c ON c.article = a.id")


def _article_rows(store: Store, ids: list[str]) -> list[ArticleRow]:
    """These articles as list rows, in the order of `ids` (their word counts are the
    copies step's token counts: reading the texts would cost a scan of them all)."""
    if not ids:
        return []
    rows = {r[0]: ArticleRow(*r[:11], bool(r[11]), int(r[12] or 0)) for r in store.con.execute(
        _ARTICLE_SELECT + " WHERE a.id IN (SELECT unnest(?))", [ids]).fetchall()}
    return [rows[i] for i in ids if i in rows]


def articles(store: Store, paging: Paging, story: str | None = None,
             outlet: str | None = None, since: str | None = None, until: str | None = None,
             entity: str | None = None, status: str | None = None,
             misdated: bool | None = None, sort: str = "-date") -> Page:
    """A page of articles with the filters given (all must hold)."""
    order = _order(sort, ARTICLE_SORTS)
    since, until = day(since, "since"), _until(day(until, "until"))
    if status not in (None, "", "ok", "failed"):
        raise BadQuery(f"status must be ok or failed, not {status!r}")
    where, params = [], []
    for cond, value in (("s.story = ?", story), ("a.site = ?", outlet),
                        ("a.published >= ?", since), ("a.published <= ?", until),
                        ("a.status = ?", status or None)):
        if value:
            where.append(cond)
            params.append(value)
    if entity:
        where.append("a.id IN (SELECT article FROM entity_mentions WHERE entity = ?)")
        params.append(entity)
    if misdated is not None:
        where.append("coalesce(c.misdated, false) = ?")
        params.append(misdated)
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    joins = _ARTICLE_FROM if ("s." in clause or "c." in clause) else "FROM articles a"
    total = store.con.execute(f"SELECT count(*) {joins}{clause}", params).fetchone()[0]
    ids = [r[0] for r in store.con.execute(
        f"SELECT a.id {joins}{clause}{order}{paging.sql()}", params).fetchall()]
    return Page(tuple(_article_rows(store, ids)), int(total), paging.page, paging.per_page)


def outlets(store: Store) -> list[tuple[str, int]]:
    """(outlet, articles) for the outlet filter, most articles first."""
    return store.con.execute(
        "SELECT site, count(*) FROM articles WHERE site IS NOT NULL GROUP BY site "
        "ORDER BY count(*) DESC, site").fetchall()


@dataclass(frozen=True, slots=True)
class Annotation:
    """A passage of an article's text that a fact or name lies on, and what it is."""

    kind: str  # entity | quote | claim | time | event
    start: int
    end: int
    ref: str | None  # the entity, quote group, claim group or event it belongs to
    label: str

    def to_json(self) -> dict:
        return {"kind": self.kind, "start": self.start, "end": self.end, "ref": self.ref,
                "label": self.label}


@dataclass(frozen=True, slots=True)
class ArticleDetail:
    """An article with its copy status, story and every annotation on its text."""

    view: ArticleView
    annotations: tuple[Annotation, ...]
    copies: tuple[ArticleRow, ...]  # the other members of its copy group

    def to_json(self) -> dict:
        return self.view.to_json() | {
            "annotations": [a.to_json() for a in self.annotations],
            "copies": [c.to_json() for c in self.copies]}


def article(store: Store, article_id: str) -> ArticleDetail | None:
    """One article, whole, with its annotations."""
    row = store.con.execute(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE id = ?",
                            [article_id]).fetchone()
    if row is None:
        return None
    copy = store.con.execute(
        "SELECT article, independence_key, copy_group, relation, similarity, misdated, "
        "misdated_reason, likely_period FROM article_copies WHERE article = ?",
        [article_id]).fetchone()
    story_row = store.con.execute("SELECT story FROM article_stories WHERE article = ?",
                                  [article_id]).fetchone()
    view = ArticleView(article_from_row(row), CopyStatusView(*copy) if copy else None,
                       story_row[0] if story_row else None)
    notes = [Annotation("entity", s, e, ent, name) for ent, s, e, name in store.con.execute(
        'SELECT m.entity, m.start, m."end", e.name FROM entity_mentions m '
        "JOIN entities e ON e.id = m.entity WHERE m.article = ?", [article_id]).fetchall()]
    notes += [Annotation("time", s, e, None, value) for s, e, value in store.con.execute(
        'SELECT start, "end", value FROM times WHERE article = ?', [article_id]).fetchall()]
    for kind, sql in (
            ("quote", "SELECT l.start, l.\"end\", l.ref, coalesce(e.name, q.speaker_name, '') "
                      "FROM fact_links l JOIN quote_groups q ON q.id = l.ref "
                      "LEFT JOIN entities e ON e.id = q.speaker "
                      "WHERE l.kind = 'quote' AND l.article = ?"),
            ("claim", "SELECT l.start, l.\"end\", l.ref, g.counted || ' (' || g.agreement || ')' "
                      "FROM fact_links l JOIN claim_groups g ON g.id = l.ref "
                      "WHERE l.kind = 'claim' AND l.article = ?"),
            ("event", "SELECT l.start, l.\"end\", l.ref, v.type || ': ' || v.label "
                      "FROM fact_links l JOIN events v ON v.id = l.ref "
                      "WHERE l.kind = 'event' AND l.article = ?")):
        notes += [Annotation(kind, s, e, ref, label)
                  for s, e, ref, label in store.con.execute(sql, [article_id]).fetchall()]
    notes.sort(key=lambda a: (a.start, -a.end, a.kind, a.ref or ""))
    copies: tuple[ArticleRow, ...] = ()
    if view.copy and view.copy.group:
        copies = tuple(_article_rows(store, [r[0] for r in store.con.execute(
            "SELECT c.article FROM article_copies c JOIN articles a ON a.id = c.article "
            "WHERE c.copy_group = ? AND c.article <> ? "
            "ORDER BY a.published NULLS LAST, a.id LIMIT 200",
            [view.copy.group, article_id]).fetchall()]))
    return ArticleDetail(view, tuple(notes), copies)


def raw_source(store: Store, article_id: str) -> bytes | None:
    """The bytes the article was extracted from."""
    return store.raw_bytes(article_id)


# -- entities --------------------------------------------------------------------------

ENTITY_SORTS = {"-mentions": "n_mentions DESC, n_articles DESC, name, id",
                "-articles": "n_articles DESC, n_mentions DESC, name, id",
                "name": "name, id"}
_ENTITY_SELECT = ("SELECT id, name, type, aliases, roles, country, n_mentions, n_articles "
                  "FROM entities")


def _entity(row) -> EntityView:
    id_, name, typ, aliases, roles, country, n_m, n_a = row
    return EntityView(id_, name, typ, tuple(json.loads(aliases)), tuple(json.loads(roles)),
                      country, n_m, n_a)


def entities(store: Store, paging: Paging, q: str | None = None, type_: str | None = None,
             sort: str = "-mentions") -> Page:
    """A page of entities; `q` matches a name or alias (case-insensitive)."""
    order = _order(sort, ENTITY_SORTS)
    where, params = [], []
    if q:
        where.append("(lower(name) LIKE ? ESCAPE '\\' OR lower(aliases) LIKE ? ESCAPE '\\')")
        params += [_like(q)] * 2
    if type_:
        where.append("type = ?")
        params.append(type_)
    return _page(store, _ENTITY_SELECT, where, params, order, paging, _entity)


@dataclass(frozen=True, slots=True)
class EntityDetail:
    """An entity with what it said, what was said about it, its events and its
    mentions over time (articles per month)."""

    entity: EntityView
    quotes_by: tuple[QuoteView, ...]
    quotes_about: tuple[QuoteView, ...]
    events: tuple[EventView, ...]
    by_month: tuple[tuple[str, int], ...]

    def to_json(self) -> dict:
        return self.entity.listing_json() | {
            "quotes_by": [q.to_json() for q in self.quotes_by],
            "quotes_about": [q.to_json() for q in self.quotes_about],
            "events": [e.listing_json() for e in self.events],
            "by_month": [{"month": m, "articles": n} for m, n in self.by_month]}


#: Quotes and events an entity page lists (the lists link to their full pages).
DETAIL_LIMIT = 100


def entity(store: Store, entity_id: str) -> EntityDetail | None:
    row = store.con.execute(_ENTITY_SELECT + " WHERE id = ?", [entity_id]).fetchone()
    if row is None:
        return None
    view = _entity(row)
    by = queries.quotes(store, speaker_id=entity_id, limit=DETAIL_LIMIT)
    about_ids = [r[0] for r in store.con.execute(
        "SELECT l.ref FROM entity_mentions m JOIN fact_links l ON l.article = m.article "
        "AND l.kind = 'quote' AND m.start >= l.start AND m.\"end\" <= l.\"end\" "
        "JOIN quote_groups q ON q.id = l.ref "
        "WHERE m.entity = ? AND q.speaker IS DISTINCT FROM ? "
        "GROUP BY l.ref, q.n_sources ORDER BY q.n_sources DESC, l.ref "
        f"LIMIT {DETAIL_LIMIT}", [entity_id, entity_id]).fetchall()]
    about = queries.quotes(store, ids=about_ids)
    event_page = events(store, Paging(1, DETAIL_LIMIT), actor=entity_id)
    months = store.con.execute(
        "SELECT substr(a.published, 1, 7) AS m, count(DISTINCT a.id) FROM entity_mentions x "
        "JOIN articles a ON a.id = x.article WHERE x.entity = ? AND a.published IS NOT NULL "
        "GROUP BY m ORDER BY m", [entity_id]).fetchall()
    return EntityDetail(view, tuple(by), tuple(about), event_page.items, tuple(months))


# -- quotes, claims, events ------------------------------------------------------------

QUOTE_SORTS = {"-sources": "n_sources DESC, first_date NULLS LAST, id",
               "date": "first_date NULLS LAST, n_sources DESC, id",
               "-date": "first_date DESC NULLS LAST, n_sources DESC, id"}


def _in_story(kind: str, story: str | None, where: list[str], params: list,
              column: str = "id") -> None:
    if story:
        where.append(f"{column} IN (SELECT l.ref FROM fact_links l JOIN article_stories x "
                     "ON x.article = l.article WHERE l.kind = ? AND x.story = ?)")
        params += [kind, story]


def quotes(store: Store, paging: Paging, story: str | None = None,
           speaker: str | None = None, q: str | None = None, since: str | None = None,
           until: str | None = None, sort: str = "-sources") -> Page:
    """A page of quotes; `speaker` is an entity id, `q` words of the quote or the name
    given for its speaker."""
    order = _order(sort, QUOTE_SORTS)
    since, until = day(since, "since"), _until(day(until, "until"))
    where, params = [], []
    _in_story("quote", story, where, params)
    if speaker:
        where.append("speaker = ?")
        params.append(speaker)
    if q:
        where.append("(lower(text) LIKE ? ESCAPE '\\' OR lower(speaker_name) LIKE ? "
                     "ESCAPE '\\')")
        params += [_like(q)] * 2
    for cond, value in (("first_date >= ?", since), ("first_date <= ?", until)):
        if value:
            where.append(cond)
            params.append(value)
    return _paged(store, "quote_groups", where, params, order, paging,
                  lambda ids: queries.quotes(store, ids=ids))


def quote(store: Store, quote_id: str) -> QuoteView | None:
    return next(iter(queries.quotes(store, ids=[quote_id])), None)


CLAIM_SORTS = {"-sources": "n_sources DESC, counted_key, id",
               "counted": "counted_key, n_sources DESC, id",
               "verdict": f"{queries.VERDICT_ORDER}, n_sources DESC, id"}


def claim_groups(store: Store, paging: Paging, story: str | None = None,
                 verdict: str | None = None, q: str | None = None,
                 sort: str = "-sources") -> Page:
    """A page of claim groups with their distinct claims and verdicts."""
    order = _order(sort, CLAIM_SORTS)
    if verdict and verdict not in VERDICTS:
        raise BadQuery(f"verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
    where, params = [], []
    _in_story("claim", story, where, params)
    if verdict:
        where.append("agreement = ?")
        params.append(verdict)
    if q:
        where.append("(lower(counted) LIKE ? ESCAPE '\\' OR lower(coalesce(subject, '')) "
                     "LIKE ? ESCAPE '\\')")
        params += [_like(q)] * 2
    return _paged(store, "claim_groups", where, params, order, paging,
                  lambda ids: queries.claim_groups(store, ids=ids))


def claim_group(store: Store, group_id: str) -> ClaimGroupView | None:
    return next(iter(queries.claim_groups(store, ids=[group_id])), None)


EVENT_SORTS = {"date": "day NULLS LAST, n_sources DESC, id",
               "-date": "day DESC NULLS LAST, n_sources DESC, id",
               "-sources": "n_sources DESC, day NULLS LAST, id"}


def event_days(store: Store) -> tuple[list[str], list[str]]:
    """(stated time, its first day) for each distinct stated time of an event: the
    TIMEX values are few, so each is read once here and joined in SQL."""
    values = [r[0] for r in store.con.execute(
        "SELECT DISTINCT when_value FROM events WHERE when_value IS NOT NULL "
        "ORDER BY when_value").fetchall()]
    pairs = [(v, d) for v in values if (d := timex_start(v))]
    return [v for v, _ in pairs], [d for _, d in pairs]


def events(store: Store, paging: Paging, story: str | None = None, type_: str | None = None,
           actor: str | None = None, since: str | None = None, until: str | None = None,
           sort: str = "date", days: tuple[list[str], list[str]] | None = None) -> Page:
    """A page of fused events; `actor` is an entity id (actor or target). The day of an
    event is its stated time, else its first report (as `EventView.date`). Pass `days`
    (`event_days`) when the caller keeps it."""
    order = _order(sort, EVENT_SORTS)
    since, until = day(since, "since"), _until(day(until, "until"))
    values, firsts = days if days is not None else event_days(store)
    select = ("SELECT e.id, coalesce(m.d, e.first_date) AS day, e.n_sources FROM events e "
              "LEFT JOIN (SELECT unnest(?::VARCHAR[]) AS v, unnest(?::VARCHAR[]) AS d) m "
              "ON m.v = e.when_value")
    where, params = [], [values, firsts]
    _in_story("event", story, where, params, column="e.id")
    if type_:
        where.append("upper(e.type) = ?")
        params.append(type_.upper())
    if actor:
        where.append("(e.actors LIKE ? OR e.targets LIKE ?)")
        params += ['%["' + actor.replace('"', "") + '",%'] * 2
    for cond, value in (("coalesce(m.d, e.first_date) >= ?", since),
                        ("coalesce(m.d, e.first_date) <= ?", until)):
        if value:
            where.append(cond)
            params.append(value)
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    return _paged(store, f"({select}{clause})", [], params, order, paging,
                  lambda ids: queries.events(store, ids=ids))


def event(store: Store, event_id: str) -> EventView | None:
    return next(iter(queries.events(store, ids=[event_id])), None)


# -- a story's page --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpeakerQuotes:
    """Who said what: one speaker's quotes in a story."""

    speaker: EntityRef
    quotes: tuple[QuoteView, ...]

    def to_json(self) -> dict:
        return {"speaker": self.speaker.to_json(), "quotes": [q.to_json() for q in self.quotes]}


@dataclass(frozen=True, slots=True)
class StoryDetail:
    """What a story page shows: the story, its timeline, events, claims, speakers."""

    summary: StorySummary
    timeline: tuple[TimelineItem, ...]
    events: tuple[EventView, ...]
    claim_groups: tuple[ClaimGroupView, ...]
    speakers: tuple[SpeakerQuotes, ...]
    unattributed: tuple[QuoteView, ...] = field(default=())

    def to_json(self) -> dict:
        """The story's summary under "story" (with its counts), then its parts."""
        return {
            "story": self.summary.to_json(),
            "timeline": [i.to_json() for i in self.timeline],
            "events": [e.listing_json() for e in self.events],
            "claim_groups": [g.to_json() for g in self.claim_groups],
            "speakers": [s.to_json() for s in self.speakers],
            "unattributed": [q.to_json() for q in self.unattributed]}


#: The most quotes, claim groups and events a story page holds, the most reported
#: first (its lists, paged, hold them all).
STORY_LIMIT = 120


def story_detail(store: Store, summary: StorySummary) -> StoryDetail:
    """A story's timeline, events, claims with verdicts, and who said what (speakers
    with the most quotes first; unattributed quotes apart)."""
    members = {r[0] for r in store.con.execute(
        "SELECT article FROM article_stories WHERE story = ?", [summary.id]).fetchall()}
    refs: dict[str, list[str]] = {"quote": [], "claim": [], "event": []}
    for kind, ref in store.con.execute(
            "SELECT l.kind, l.ref FROM fact_links l JOIN article_stories x "
            "ON x.article = l.article WHERE x.story = ? GROUP BY l.kind, l.ref "
            "ORDER BY l.kind, count(*) DESC, l.ref", [summary.id]).fetchall():
        refs[kind].append(ref)
    quotes_ = queries.quotes(store, ids=refs["quote"][:STORY_LIMIT])
    groups = queries.claim_groups(store, ids=refs["claim"][:STORY_LIMIT])
    events_ = queries.events(store, ids=refs["event"][:STORY_LIMIT])
    claims_ = [c for g in groups for c in g.claims]
    timeline = [i for i in build_timeline(quotes_, claims_)
                if not members.isdisjoint(i.articles)]
    by_speaker: dict[tuple, list[QuoteView]] = {}
    unattributed = []
    for q in quotes_:
        if q.speaker.entity or q.speaker.name:
            key = (q.speaker.entity or "", (q.speaker.name or "").lower())
            by_speaker.setdefault(key, []).append(q)
        else:
            unattributed.append(q)
    speakers = sorted(
        (SpeakerQuotes(qs[0].speaker, tuple(sorted(qs, key=lambda q: (-q.n_sources, q.id))))
         for qs in by_speaker.values()),
        key=lambda s: (-len(s.quotes), -sum(q.n_sources for q in s.quotes),
                       s.speaker.name or ""))
    return StoryDetail(summary, tuple(timeline), tuple(events_), tuple(groups),
                       tuple(speakers), tuple(unattributed))


# -- health ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Health:
    """The store's health: counts, failed documents, undated articles, stale steps."""

    counts: StoreCounts
    failed: tuple[tuple[str, str, str], ...]  # (id, source, error), the first few
    undated: int
    stale: tuple[tuple[str, str], ...]  # (step, what is left to do)
    interrupted: bool

    def to_json(self) -> dict:
        return {"counts": self.counts.labelled(),
                "failed": [{"id": i, "source": s, "error": e} for i, s, e in self.failed],
                "undated": self.undated,
                "stale": [{"step": n, "work": w} for n, w in self.stale],
                "interrupted": self.interrupted}


def health(store: Store, failed_shown: int = 20) -> Health:
    from storyline.run import runner
    from storyline.run.steps import STEPS

    counts = queries.counts(store)
    failed = store.con.execute(
        "SELECT id, source, coalesce(error, '') FROM articles WHERE status = 'failed' "
        f"ORDER BY source, id LIMIT {int(failed_shown)}").fetchall()
    undated = queries.undated_count(store)
    stale = tuple((p.name, p.work) for p in runner.plan(store, STEPS)
                  if p.work != "up to date")
    return Health(counts, tuple(failed), int(undated), stale, runner.interrupted(store))
