"""The HTML pages: the same read models the API answers, rendered for a person.

Each handler takes the same query parameters as its API twin, reads through the
gate, and renders one template. Lists are paged, never capped; every fact
links to the passage that reports it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from storyline.query import browse
from storyline.query.browse import BadQuery, Paging
from storyline.web import story_svg
from storyline.web.api import (
    Day,
    PageQ,
    PerPageQ,
    Text,
    found,
    is_api,
    raw_response,
    story_detail,
    story_table,
)
from storyline.web.render import outlet

router = APIRouter(include_in_schema=False)
Sort = Annotated[str | None, Query(max_length=20)]


def _render(request: Request, template: str, **data) -> str:
    data.setdefault("names", {})
    return request.app.state.templates.get_template(template).render(
        request_path=request.url.path, params=dict(request.query_params), **data)


def _page(request: Request, template: str, status: int = 200, **data) -> HTMLResponse:
    return HTMLResponse(_render(request, template, **data), status_code=status)


def _mentions(views) -> set[str]:
    out = set()
    for v in views:
        for c in getattr(v, "claims", None) or (v,):
            out.update(m.article for m in getattr(c, "mentions", ()))
    return out


def _names(store, views) -> dict[str, str]:
    """Article id -> the outlet a reader knows it by, for the articles these facts cite
    (so a passage link says whose passage it is)."""
    ids = sorted(_mentions(views))
    if not ids:
        return {}
    return {i: outlet(site, source) for i, site, source in store.con.execute(
        "SELECT id, site, source FROM articles WHERE id IN (SELECT unnest(?))",
        [ids]).fetchall()}


def _read(request: Request, work):
    with request.app.state.gate.reading() as store:
        return work(store)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, q: Text = None, since: Day = None, until: Day = None,
         sort: Sort = None, page: PageQ = 1, per_page: PerPageQ = 20):
    def work(s):
        table = story_table(request, s)
        stories = browse.stories(table, Paging(page, per_page), q, since, until,
                                 sort or "-last")
        health = request.app.state.gate.cached("health", lambda: browse.health(s))
        return stories, health
    stories, health = _read(request, work)
    return _page(request, "home.html", stories=stories, health=health,
                 sorts=browse.STORY_SORTS)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: str, since: Day = None, until: Day = None):
    """The page is rendered once per story, window and state of the store: a large
    story's page is the costliest to make and the most often reread."""
    since, until = browse.day(since, "since"), browse.day(until, "until")

    def make(s) -> str:
        detail = story_detail(request, s, story_id)
        articles = browse.articles(s, Paging(1, 50), story=story_id, sort="date")
        names = _names(s, [*detail.events[:50], *detail.claim_groups[:50],
                           *(q for sp in detail.speakers[:30] for q in sp.quotes[:20]),
                           *detail.unattributed[:20]])
        window = story_svg.window(detail, since, until)
        return _render(request, "story.html", d=detail, s=detail.summary, articles=articles,
                       names=names, timeline_svg=story_svg.timeline(detail, window),
                       actors_svg=story_svg.actors(detail.events), window=window)

    html = _read(request, lambda s: request.app.state.gate.cached_lru(
        f"story-page:{story_id}:{since}:{until}", lambda: make(s), most=64))
    return HTMLResponse(html)


@router.get("/articles", response_class=HTMLResponse)
def articles(request: Request, story: Text = None, outlet: Text = None, since: Day = None,
             until: Day = None, entity: Text = None, status: Text = None,
             misdated: bool | None = None, sort: Sort = None, page: PageQ = 1,
             per_page: PerPageQ = browse.PER_PAGE):
    def work(s):
        rows = browse.articles(s, Paging(page, per_page), story, outlet, since, until,
                               entity, status, misdated, sort or "-date")
        outlets = request.app.state.gate.cached("outlets", lambda: browse.outlets(s))
        return rows, outlets
    rows, outlets = _read(request, work)
    return _page(request, "articles.html", rows=rows, outlets=outlets,
                 sorts=browse.ARTICLE_SORTS)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str, at: Annotated[str | None, Query(
        max_length=30, pattern=r"^\d+-\d+$")] = None, boilerplate: bool = False):
    mark = tuple(int(x) for x in at.split("-")) if at else None

    def make(s) -> str:
        detail = found(browse.article(s, article_id), "article", article_id)
        return _render(request, "article.html", d=detail, a=detail.view.article,
                       paragraphs=story_svg.marked_text(detail.view.article.text,
                                                        detail.annotations, mark),
                       boilerplate=boilerplate, mark=mark)

    return HTMLResponse(_read(request, lambda s: request.app.state.gate.cached_lru(
        f"article-page:{article_id}:{at}:{boilerplate}", lambda: make(s), most=256)))


@router.get("/articles/{article_id}/raw")
def raw(request: Request, article_id: str) -> Response:
    data = found(_read(request, lambda s: browse.raw_source(s, article_id)), "article",
                 article_id)
    return raw_response(data)


@router.get("/entities", response_class=HTMLResponse)
def entities(request: Request, q: Text = None, type: Text = None, sort: Sort = None,
             page: PageQ = 1, per_page: PerPageQ = browse.PER_PAGE):
    def work(s):
        types = request.app.state.gate.cached(
            "entity_types", lambda: s.con.execute(
                "SELECT type, count(*) FROM entities GROUP BY type "
                "ORDER BY count(*) DESC, type").fetchall())
        return browse.entities(s, Paging(page, per_page), q, type, sort or "-mentions"), types
    rows, types = _read(request, work)
    return _page(request, "entities.html", rows=rows, types=types,
                 sorts=browse.ENTITY_SORTS)


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity(request: Request, entity_id: str):
    def work(s):
        detail = browse.entity(s, entity_id)
        if detail is None:
            return None
        return detail, _names(s, [*detail.quotes_by, *detail.quotes_about, *detail.events])
    detail, names = found(_read(request, work), "entity", entity_id)
    return _page(request, "entity.html", d=detail, e=detail.entity, names=names)


@router.get("/quotes", response_class=HTMLResponse)
def quotes(request: Request, story: Text = None, speaker: Text = None, q: Text = None,
           since: Day = None, until: Day = None, sort: Sort = None, page: PageQ = 1,
           per_page: PerPageQ = browse.PER_PAGE):
    def work(s):
        rows = browse.quotes(s, Paging(page, per_page), story, speaker, q, since, until,
                             sort or "-sources")
        return rows, _names(s, rows.items)
    rows, names = _read(request, work)
    return _page(request, "quotes.html", rows=rows, sorts=browse.QUOTE_SORTS, names=names)


@router.get("/quotes/{quote_id}", response_class=HTMLResponse)
def quote(request: Request, quote_id: str):
    q = found(_read(request, lambda s: _with_titles(s, browse.quote(s, quote_id))), "quote",
              quote_id)
    return _page(request, "quote.html", q=q[0], titles=q[1])


@router.get("/claims", response_class=HTMLResponse)
def claims(request: Request, story: Text = None, verdict: Text = None, q: Text = None,
           sort: Sort = None, page: PageQ = 1, per_page: PerPageQ = browse.PER_PAGE):
    def work(s):
        rows = browse.claim_groups(s, Paging(page, per_page), story, verdict, q,
                                   sort or "-sources")
        return rows, _names(s, rows.items)
    rows, names = _read(request, work)
    return _page(request, "claims.html", rows=rows, sorts=browse.CLAIM_SORTS,
                 verdicts=browse.VERDICTS, names=names)


@router.get("/claims/{group_id}", response_class=HTMLResponse)
def claim(request: Request, group_id: str):
    g = found(_read(request, lambda s: _with_titles(s, browse.claim_group(s, group_id))),
              "claim group", group_id)
    return _page(request, "claim.html", g=g[0], titles=g[1])


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, story: Text = None, type: Text = None, actor: Text = None,
           since: Day = None, until: Day = None, sort: Sort = None, page: PageQ = 1,
           per_page: PerPageQ = browse.PER_PAGE):
    def work(s):
        rows = browse.events(
            s, Paging(page, per_page), story, type, actor, since, until, sort or "date",
            request.app.state.gate.cached("event_days", lambda: browse.event_days(s)))
        return rows, _names(s, rows.items)
    rows, names = _read(request, work)
    return _page(request, "events.html", rows=rows, sorts=browse.EVENT_SORTS, names=names)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event(request: Request, event_id: str):
    e = found(_read(request, lambda s: _with_titles(s, browse.event(s, event_id))), "event",
              event_id)
    return _page(request, "event.html", e=e[0], titles=e[1])


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: Annotated[str | None, Query(max_length=200)] = None,
           kind: Text = None, page: PageQ = 1, per_page: PerPageQ = 20):
    results = None
    if q and q.strip():
        results = request.app.state.searcher.page(q, kind, Paging(page, per_page))
    return _page(request, "search.html", results=results, q=q or "", kind=kind or "")


def _with_titles(store, view):
    """A fact view with the titles and outlets of the articles that report it."""
    if view is None:
        return None
    mentions = view.mentions if hasattr(view, "mentions") else [
        m for c in view.claims for m in c.mentions]
    ids = sorted({m.article for m in mentions})
    rows = store.con.execute(
        "SELECT id, title, site, source, published FROM articles WHERE id IN "
        "(SELECT unnest(?))", [ids]).fetchall()
    return view, {r[0]: r[1:] for r in rows}


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return _page(request, "error.html", status, code=status, message=message)


def http_error(request: Request, error: HTTPException):
    if is_api(request):
        return JSONResponse({"detail": error.detail}, status_code=error.status_code)
    return error_page(request, error.status_code, str(error.detail))


def bad_query(request: Request, error: BadQuery):
    if is_api(request):
        return JSONResponse({"detail": str(error)}, status_code=400)
    return error_page(request, 400, str(error))
