"""The web application over one store: `create_app(db)` for uvicorn.

One FastAPI app serves the JSON API (`/api/...`, described at `/openapi.json`)
and the pages, both from the read models of `query.browse`. Nothing here
writes the store: every route is a GET that reads through the gate. Pages
load no asset from elsewhere and run no script; the Content-Security-Policy
says so to the browser too.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from storyline import __version__
from storyline.query.browse import BadQuery
from storyline.search.index import SearchError, SearchIndex
from storyline.store import StoreError
from storyline.web import api, pages
from storyline.web.access import StoreGate, search_index_path
from storyline.web.render import environment
from storyline.web.searching import Searcher

log = logging.getLogger("storyline.serve")

CSP = ("default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def create_app(db: str | Path, wait: float = 30.0) -> FastAPI:
    """The application over the store at `db` (opened read-only per request)."""
    db = Path(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.searcher.start()
        yield
        app.state.gate.close()

    app = FastAPI(title="storyline", version=__version__, docs_url="/api/docs",
                  redoc_url=None, lifespan=lifespan,
                  description="A sourced record of a story: articles, copies, entities, "
                              "quotes, claims, events and stories read from a storyline "
                              "store. Every list is paged (page, per_page) and filtered "
                              "with the same parameters as the web pages.")
    app.state.gate = StoreGate(db, wait=wait)
    app.state.searcher = Searcher(app.state.gate, SearchIndex(search_index_path(db)))
    app.state.templates = environment()
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(packages=[("storyline.web", "static")]), name="static")

    @app.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    app.add_exception_handler(BadQuery, pages.bad_query)
    app.add_exception_handler(HTTPException, pages.http_error)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError):
        if api.is_api(request):  # the shape the OpenAPI description gives
            return await request_validation_exception_handler(request, error)
        problems = "; ".join(
            f"{'.'.join(str(x) for x in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}"
            for e in error.errors())
        return pages.error_page(request, 422, problems)

    @app.exception_handler(StoreError)
    async def unavailable(request: Request, error: StoreError):
        log.warning("%s", error)
        if api.is_api(request):
            return JSONResponse({"detail": str(error)}, status_code=503,
                                headers={"Retry-After": "2"})
        return pages.error_page(request, 503, str(error))

    @app.exception_handler(SearchError)
    async def search_failed(request: Request, error: SearchError):
        log.warning("%s", error)
        if api.is_api(request):
            return JSONResponse({"detail": str(error)}, status_code=503)
        return pages.error_page(request, 503, str(error))

    return app
