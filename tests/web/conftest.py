"""Fixtures of the web tests: a store of the examples plus a hostile page, the real
`storyline serve` over it, an HTTP client, and headless Chromium (Debian's package,
driven by Playwright; `make test` installs it).

The server runs for the whole session: every test reads the same store, and no
test writes to it (the live-update test serves a copy of its own).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from conftest import EXAMPLES, ROOT, storyline

from .live import serving

HOSTILE_PAGE = ROOT / "tests" / "fixtures" / "web" / "hostile_page.html"
#: Laptop and phone windows the pages must read well in.
LAPTOP, PHONE = {"width": 1366, "height": 768}, {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def web_store(tmp_path_factory) -> Path:
    """A store of examples/ plus the hostile page (script tags and event handlers in its
    title and text, a quote and figures so that it has facts)."""
    db = tmp_path_factory.mktemp("web") / "web.duckdb"
    storyline("run", EXAMPLES, HOSTILE_PAGE, "--db", db, "--no-report", check=True)
    return db


@pytest.fixture(scope="session")
def server(web_store, tmp_path_factory) -> Iterator[str]:
    """The base URL of `storyline serve` over the web store, on 127.0.0.1."""
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with serving(web_store, log) as base:
        yield base


@pytest.fixture(scope="session")
def api(server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def hostile_id(api) -> str:
    """The id of the hostile page's article."""
    items = api.get("/api/articles", params={"per_page": 200}).json()["items"]
    found = [a["id"] for a in items if a["source"].endswith("hostile_page.html")]
    assert len(found) == 1, f"hostile page not stored once: {items}"
    return found[0]


def chromium_path() -> str:
    """Debian's chromium; a failure when absent (`make test` installs it)."""
    path = shutil.which("chromium") or ("/usr/bin/chromium"
                                        if os.access("/usr/bin/chromium", os.X_OK) else None)
    if path is None:
        message = "chromium is missing: `make test` installs it (apt-get install chromium)"
        pytest.fail(message)
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path)
        yield chromium
        chromium.close()


@dataclass
class Tab:
    """A browser page, with every dialog it opened and every URL it requested."""

    page: object
    base: str
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def open(self, path: str):
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == 200, (
            f"GET {path}: {response and response.status}")
        return response

    def outside(self) -> list[str]:
        """URLs requested anywhere but this server."""
        return [u for u in self.requests
                if not (u.startswith(self.base + "/") or u.startswith(("data:", "about:")))]


@contextlib.contextmanager
def open_tab(browser, base: str, viewport: dict) -> Iterator[Tab]:
    """A page in a fresh browser context; at the end, no dialog fired and no request
    left the server."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    tab = Tab(page, base)

    def on_dialog(dialog):
        tab.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("request", lambda request: tab.requests.append(request.url))
    try:
        yield tab
        assert not tab.dialogs, f"a page opened dialogs (script ran): {tab.dialogs}"
        assert not tab.outside(), f"requests left 127.0.0.1: {tab.outside()}"
    finally:
        context.close()


@pytest.fixture
def tab(browser, server) -> Iterator[Tab]:
    """A laptop-sized browser page on the server."""
    with open_tab(browser, server, LAPTOP) as opened:
        yield opened


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """Where screenshots go: $STORYLINE_SCREENSHOTS, else pytest's temporary folder."""
    given = os.environ.get("STORYLINE_SCREENSHOTS")
    if not given:
        return tmp_path_factory.mktemp("screenshots")
    folder = Path(given)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
