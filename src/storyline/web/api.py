"""The JSON API: every list and record the pages show, as JSON, with paging and the
same filters. Each handler reads one consistent state of the store through the
gate and answers the `to_json()` of a read model from `query.browse`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from storyline.query import browse
from storyline.query.browse import Paging
from storyline.search.docs import KINDS


class Problem(BaseModel):
    """Why a request cannot be answered."""

    detail: str


router = APIRouter(prefix="/api", responses={
    400: {"model": Problem, "description": "A parameter the list cannot take"},
    404: {"model": Problem, "description": "No such record in this store"},
    503: {"model": Problem, "description": "The store or the search index is busy or "
                                          "unreadable"}})

PageQ = Annotated[int, Query(ge=1, le=1_000_000, description="page number, from 1")]
PerPageQ = Annotated[int, Query(ge=1, le=browse.MAX_PER_PAGE, description="items per page")]
Text = Annotated[str | None, Query(max_length=200)]
#: A year, a month or a day of the calendar (February 29 of any year), or nothing (an
#: empty field of a filter form).
DAY_PATTERN = (r"^(\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|1\d|2[0-9]))?"
               r"|-(0[13-9]|1[0-2])-30|-(0[13578]|1[02])-31)?)?$")
Day = Annotated[str | None, Query(max_length=10, pattern=DAY_PATTERN,
                                  description="YYYY, YYYY-MM or YYYY-MM-DD")]


def _choice(values) -> Any:
    return Literal[tuple(values)]


StorySort = _choice(browse.STORY_SORTS)
ArticleSort = _choice(browse.ARTICLE_SORTS)
EntitySort = _choice(browse.ENTITY_SORTS)
QuoteSort = _choice(browse.QUOTE_SORTS)
ClaimSort = _choice(browse.CLAIM_SORTS)
EventSort = _choice(browse.EVENT_SORTS)
Status = _choice(("ok", "failed"))
Verdict = _choice(browse.VERDICTS)
Kind = _choice(KINDS)


def read(request: Request, work: Callable[[Any], Any]) -> Any:
    """Run `work(store)` on the store as it is now."""
    with request.app.state.gate.reading() as store:
        return work(store)


def story_table(request: Request, store) -> list[browse.StorySummary]:
    return request.app.state.gate.cached("stories", lambda: browse.story_table(store))


def story_detail(request: Request, store, story_id: str) -> browse.StoryDetail:
    """A story's detail (404 for an unknown id), made once per state of the store."""
    summary = found(browse.story(story_table(request, store), story_id), "story", story_id)
    return request.app.state.gate.cached_lru(
        f"story:{story_id}", lambda: browse.story_detail(store, summary))


def is_api(request: Request) -> bool:
    """Whether the request is for the JSON API (its errors are JSON, not a page)."""
    return request.url.path.startswith(("/api/", "/openapi"))


def found(value: Any, what: str, id_: str) -> Any:
    if value is None:
        raise HTTPException(404, f"no {what} with id {id_!r} in this store")
    return value


@router.get("/health", summary="The store's counts, failed documents, undated articles, "
            "stale steps")
def health(request: Request) -> dict:
    return read(request, lambda s: request.app.state.gate.cached(
        "health", lambda: browse.health(s))).to_json()


@router.get("/stories", summary="Stories, newest first")
def stories(request: Request, q: Text = None, since: Day = None, until: Day = None,
            sort: StorySort = "-last", page: PageQ = 1,
            per_page: PerPageQ = browse.PER_PAGE) -> dict:
    return read(request, lambda s: browse.stories(
        story_table(request, s), Paging(page, per_page), q, since, until, sort)).to_json()


@router.get("/stories/{story_id}", summary="One story: counts, timeline, events, claims, "
            "speakers")
def story(request: Request, story_id: str) -> dict:
    return read(request, lambda s: request.app.state.gate.cached_lru(
        f"story-json:{story_id}", lambda: story_detail(request, s, story_id).to_json()))


@router.get("/stories/{story_id}/timeline", summary="A story's dated quotes and claims")
def story_timeline(request: Request, story_id: str) -> dict:
    def work(s):
        detail = story_detail(request, s, story_id)
        return {"story": story_id, "items": [i.to_json() for i in detail.timeline],
                "events": [e.listing_json() for e in detail.events]}
    return read(request, work)


@router.get("/articles", summary="Articles, filtered and sorted")
def articles(request: Request, story: Text = None, outlet: Text = None, since: Day = None,
             until: Day = None, entity: Text = None, status: Status | None = None,
             misdated: bool | None = None,
             sort: ArticleSort = "-date", page: PageQ = 1,
             per_page: PerPageQ = browse.PER_PAGE) -> dict:
    return read(request, lambda s: browse.articles(
        s, Paging(page, per_page), story, outlet, since, until, entity, status, misdated,
        sort)).to_json()


@router.get("/articles/{article_id}", summary="One article with its annotations")
def article(request: Request, article_id: str) -> dict:
    return found(read(request, lambda s: browse.article(s, article_id)), "article",
                 article_id).to_json()


@router.get("/articles/{article_id}/raw", summary="The raw bytes the article came from",
            response_class=Response)
def raw(request: Request, article_id: str) -> Response:
    data = found(read(request, lambda s: browse.raw_source(s, article_id)), "article",
                 article_id)
    return raw_response(data)


def raw_response(data: bytes) -> Response:
    """Raw page bytes shown as text, never run: text/plain, no sniffing, sandboxed."""
    return Response(data, media_type="text/plain; charset=utf-8",
                    headers={"Content-Security-Policy": "sandbox; default-src 'none'",
                             "Content-Disposition": "inline"})


@router.get("/entities", summary="Entities, most mentioned first")
def entities(request: Request, q: Text = None, type: Text = None,
             sort: EntitySort = "-mentions", page: PageQ = 1,
             per_page: PerPageQ = browse.PER_PAGE) -> dict:
    return read(request, lambda s: browse.entities(
        s, Paging(page, per_page), q, type, sort)).to_json()


@router.get("/entities/{entity_id}", summary="One entity: names, roles, quotes, events")
def entity(request: Request, entity_id: str) -> dict:
    return found(read(request, lambda s: browse.entity(s, entity_id)), "entity",
                 entity_id).to_json()


@router.get("/quotes", summary="Quotes, copies and re-reports merged")
def quotes(request: Request, story: Text = None, speaker: Text = None, q: Text = None,
           since: Day = None, until: Day = None,
           sort: QuoteSort = "-sources", page: PageQ = 1,
           per_page: PerPageQ = browse.PER_PAGE) -> dict:
    return read(request, lambda s: browse.quotes(
        s, Paging(page, per_page), story, speaker, q, since, until, sort)).to_json()


@router.get("/quotes/{quote_id}", summary="One quote with every report of it")
def quote(request: Request, quote_id: str) -> dict:
    return found(read(request, lambda s: browse.quote(s, quote_id)), "quote",
                 quote_id).to_json()


@router.get("/claims", summary="Claim groups with their verdicts")
def claims(request: Request, story: Text = None, verdict: Verdict | None = None,
           q: Text = None, sort: ClaimSort = "-sources", page: PageQ = 1,
           per_page: PerPageQ = browse.PER_PAGE) -> dict:
    return read(request, lambda s: browse.claim_groups(
        s, Paging(page, per_page), story, verdict, q, sort)).to_json()


@router.get("/claims/{group_id}", summary="One claim group with its distinct claims")
def claim(request: Request, group_id: str) -> dict:
    return found(read(request, lambda s: browse.claim_group(s, group_id)), "claim group",
                 group_id).to_json()


@router.get("/events", summary="Events fused from their reports")
def events(request: Request, story: Text = None, type: Text = None, actor: Text = None,
           since: Day = None, until: Day = None,
           sort: EventSort = "date", page: PageQ = 1,
           per_page: PerPageQ = browse.PER_PAGE) -> dict:
    return read(request, lambda s: browse.events(
        s, Paging(page, per_page), story, type, actor, since, until, sort,
        request.app.state.gate.cached("event_days", lambda: browse.event_days(s)))).to_json()


@router.get("/events/{event_id}", summary="One event with its reports")
def event(request: Request, event_id: str) -> dict:
    return found(read(request, lambda s: browse.event(s, event_id)), "event",
                 event_id).listing_json()


@router.get("/search", summary="Full-text search across articles, quotes, claims, "
            "entities and events")
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=200)],
           kind: Kind | None = None, page: PageQ = 1,
           per_page: PerPageQ = browse.PER_PAGE) -> dict:
    return request.app.state.searcher.page(q, kind, Paging(page, per_page)).to_json()


