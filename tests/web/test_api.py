"""The JSON API of `storyline serve`, over HTTP against the real server: list shapes,
paging, filters and sorting, clear 4xx answers for bad ids and parameters, read-only
GETs, the raw source served as inert text, and escaping of a hostile page."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from storyline.query import browse

from .live import serving

LISTS = {"stories": {}, "articles": {}, "entities": {}, "quotes": {}, "claims": {},
         "events": {}, "search": {"q": "crates"}}
DETAILS = ("stories", "articles", "entities", "quotes", "claims", "events")
#: Every path of the spec (docs/web.md), as the OpenAPI description must name it.
SPEC_PATHS = ("/api/health", "/api/stories", "/api/stories/{id}", "/api/stories/{id}/timeline",
              "/api/articles", "/api/articles/{id}", "/api/articles/{id}/raw", "/api/entities",
              "/api/entities/{id}", "/api/quotes", "/api/quotes/{id}", "/api/claims",
              "/api/claims/{id}", "/api/events", "/api/events/{id}", "/api/search")
HTML_PAGES = ("/", "/articles", "/entities", "/quotes", "/claims", "/events",
              "/search?q=crates")


def ok(api: httpx.Client, path: str, **params) -> dict:
    """The JSON of a GET that must answer 200."""
    answer = api.get(path, params=params)
    assert answer.status_code == 200, f"GET {path} {params}: {answer.status_code} {answer.text}"
    assert answer.headers["content-type"].startswith("application/json"), answer.headers
    return answer.json()


def key(item: dict) -> tuple:
    """What identifies an item of any list (search results name their kind)."""
    return (item.get("kind"), item["id"]) if "id" in item else tuple(sorted(item.items()))


def whole(api: httpx.Client, name: str, **params) -> list[dict]:
    """Every item of a list, in one page of the largest size."""
    page = ok(api, f"/api/{name}", per_page=200, **params)
    assert page["total"] <= 200, "the example store fits one page"
    return page["items"]


# -- shapes and paging -------------------------------------------------------------------


@pytest.mark.parametrize("name", LISTS)
def test_every_list_answers_items_total_page_per_page(api, name):
    page = ok(api, f"/api/{name}", **LISTS[name])
    assert set(page) >= {"items", "total", "page", "per_page"}, page.keys()
    assert (page["page"], page["per_page"]) == (1, 50)
    assert page["total"] > 0, f"/api/{name} is empty on the example store"
    assert len(page["items"]) == min(page["total"], 50)


@pytest.mark.parametrize("name", LISTS)
def test_pages_concatenated_are_the_whole_list(api, name):
    everything = whole(api, name, **LISTS[name])
    seen, number = [], 1
    while True:
        page = ok(api, f"/api/{name}", page=number, per_page=3, **LISTS[name])
        assert (page["page"], page["per_page"], page["total"]) == (number, 3, len(everything))
        if not page["items"]:
            break
        assert len(page["items"]) <= 3
        seen += page["items"]
        number += 1
    assert [key(i) for i in seen] == [key(i) for i in everything]
    assert number == -(-len(everything) // 3) + 1, "a page past the end answers no items"


def test_health_tells_counts_failures_undated_and_stale_steps(api):
    health = ok(api, "/api/health")
    assert {"counts", "failed", "undated", "stale"} <= set(health)
    assert health["undated"] >= 1, "examples/02 carries no date"
    assert health["stale"] == [], "a store just run has no stale step"
    assert health["failed"] == []


def test_openapi_describes_every_route_of_the_spec(api):
    paths = set(ok(api, "/openapi.json")["paths"])
    named = {re.sub(r"\{[^}]+\}", "{id}", p) for p in paths}
    assert set(SPEC_PATHS) <= named, sorted(set(SPEC_PATHS) - named)


def test_a_story_has_the_counts_its_list_row_shows_and_a_dated_timeline(api):
    for row in whole(api, "stories"):
        detail = ok(api, f"/api/stories/{row['id']}")
        story = detail["story"]
        for field in ("articles", "sources", "quotes", "claims", "events", "first", "last"):
            assert story[field] == row[field], (row["id"], field)
        assert story["articles"] == ok(api, "/api/articles", story=row["id"])["total"]
        assert len(detail["events"]) == min(story["events"], browse.STORY_LIMIT)
        assert len(detail["claim_groups"]) == min(story["claims"], browse.STORY_LIMIT)
    biggest = max(whole(api, "stories"), key=lambda s: s["articles"])
    timeline = ok(api, f"/api/stories/{biggest['id']}/timeline")
    items = timeline["items"] if isinstance(timeline, dict) else timeline
    dates = [i["date"] for i in items]
    assert dates and all(dates), "the timeline holds dated items only"
    assert dates == sorted(dates)


# -- filters and sorting -----------------------------------------------------------------


def test_article_filters_hold_for_every_item(api):
    articles = whole(api, "articles")
    story = max(whole(api, "stories"), key=lambda s: s["articles"])["id"]
    by_story = whole(api, "articles", story=story)
    assert by_story and all(a["story"] == story for a in by_story)
    outlet = "Meridian Press"
    by_outlet = whole(api, "articles", outlet=outlet)
    assert len(by_outlet) == sum(a["site"] == outlet for a in articles) >= 2
    assert all(a["site"] == outlet for a in by_outlet)
    misdated = whole(api, "articles", misdated="true")
    assert [Path(a["source"]).name for a in misdated] == ["05_trendhub_farm_copy.txt"]
    assert len(whole(api, "articles", misdated="false")) == len(articles) - 1
    day = whole(api, "articles", since="2031-06-18", until="2031-06-18")
    assert day and all(a["published"].startswith("2031-06-18") for a in day)
    assert {a["id"] for a in whole(api, "articles", status="ok")} == {
        a["id"] for a in articles if a["status"] == "ok"}
    assert whole(api, "articles", status="failed") == []


def test_articles_by_entity_are_those_that_mention_it(api):
    varel = next(e for e in whole(api, "entities", q="Varel") if e["name"] == "Tomas Varel")
    found = whole(api, "articles", entity=varel["id"])
    assert len(found) == varel["n_articles"] > 0
    for row in found:
        notes = ok(api, f"/api/articles/{row['id']}")["annotations"]
        assert any(n["kind"] == "entity" and n["ref"] == varel["id"] for n in notes), row["id"]


def test_fact_filters_hold_for_every_item(api):
    speaker = next(q["speaker"]["entity"] for q in whole(api, "quotes")
                   if q["speaker"]["entity"])
    by_speaker = whole(api, "quotes", speaker=speaker)
    assert by_speaker and all(q["speaker"]["entity"] == speaker for q in by_speaker)
    groups = whole(api, "claims")
    verdicts = {g["agreement"] for g in groups}
    assert len(verdicts) >= 2
    for verdict in ("agree", "series", "conflict", "unsure", "single"):
        chosen = whole(api, "claims", verdict=verdict)
        assert all(g["agreement"] == verdict for g in chosen)
        assert len(chosen) == sum(g["agreement"] == verdict for g in groups)
    kind = whole(api, "events")[0]["type"]
    assert all(e["type"] == kind for e in whole(api, "events", type=kind))
    people = whole(api, "entities", type="person")
    assert people and all(e["type"] == "person" for e in people)
    quotes = whole(api, "search", q="crates", kind="quote")
    assert quotes and all(r["kind"] == "quote" for r in quotes)


def test_sorts_order_the_lists(api):
    sizes = [s["articles"] for s in whole(api, "stories", sort="-size")]
    assert sizes == sorted(sizes, reverse=True)
    lasts = [s["last"] for s in whole(api, "stories") if s["last"]]
    assert lasts == sorted(lasts, reverse=True), "stories are newest first by default"
    dates = [a["published"] for a in whole(api, "articles", sort="date")]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates[:len(dated)] == dated, "undated last"
    titles = [a["title"] for a in whole(api, "articles", sort="title") if a["title"]]
    assert titles == sorted(titles)
    mentions = [e["n_mentions"] for e in whole(api, "entities")]
    assert mentions == sorted(mentions, reverse=True)


def test_like_filters_take_user_text_literally(api):
    every = ok(api, "/api/quotes")["total"]
    for text in ("%", "_", "' OR '1'='1", "\\"):
        assert ok(api, "/api/quotes", q=text)["total"] < every, text
        assert ok(api, "/api/entities", q=text)["total"] == 0, text


# -- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", DETAILS)
@pytest.mark.parametrize("bad_id", ["0000000000000000", "' OR '1'='1", "..%2F..%2Fetc",
                                    "nope\x00", "x" * 300])
def test_an_unknown_id_is_a_404_with_a_detail(api, name, bad_id):
    answer = api.get(f"/api/{name}/{quote(bad_id, safe='%')}")
    assert answer.status_code == 404, (name, bad_id, answer.status_code, answer.text)
    assert isinstance(answer.json()["detail"], str)


@pytest.mark.parametrize("path", ["/api/stories/nope/timeline", "/api/articles/nope/raw",
                                  "/stories/nope", "/articles/nope", "/articles/nope/raw",
                                  "/entities/nope", "/quotes/nope", "/claims/nope",
                                  "/events/nope"])
def test_unknown_ids_under_other_routes_are_404(api, path):
    assert api.get(path).status_code == 404, path


BAD_PARAMS = [
    ("/api/stories", {"page": "0"}), ("/api/stories", {"page": "-1"}),
    ("/api/stories", {"page": "two"}), ("/api/stories", {"per_page": "0"}),
    ("/api/stories", {"per_page": "100000"}), ("/api/stories", {"sort": "bogus"}),
    ("/api/stories", {"since": "notadate"}), ("/api/articles", {"since": "notadate"}),
    ("/api/articles", {"until": "2031-02-30"}), ("/api/articles", {"sort": "bogus"}),
    ("/api/articles", {"status": "bogus"}), ("/api/articles", {"misdated": "maybe"}),
    ("/api/articles", {"per_page": "100000"}), ("/api/entities", {"sort": "bogus"}),
    ("/api/quotes", {"sort": "bogus"}), ("/api/quotes", {"since": "June"}),
    ("/api/claims", {"verdict": "bogus"}), ("/api/claims", {"sort": "bogus"}),
    ("/api/events", {"sort": "bogus"}), ("/api/events", {"until": "notadate"}),
    ("/api/search", {}), ("/api/search", {"q": "crates", "kind": "bogus"}),
    ("/api/search", {"q": "crates", "page": "0"}),
    ("/articles", {"page": "0"}), ("/", {"sort": "bogus"}),
    ("/quotes", {"since": "notadate"}), ("/search", {"q": "crates", "per_page": "100000"}),
]


@pytest.mark.parametrize(("path", "params"), BAD_PARAMS,
                         ids=[f"{p}?{'&'.join(f'{k}={v}' for k, v in q.items())}"
                              for p, q in BAD_PARAMS])
def test_a_bad_parameter_is_a_clear_4xx(api, path, params):
    answer = api.get(path, params=params)
    assert answer.status_code in (400, 422), (answer.status_code, answer.text[:500])
    if path.startswith("/api/"):
        assert answer.json()["detail"], answer.text


@pytest.mark.parametrize("q", ['"', 'crates"', "NEAR(", "crates AND", "*", "OR", "^crates",
                               "kind:crates", "'; DROP TABLE articles; --", "(((", "-", "\x00",
                               "a" * 2000])
def test_search_answers_any_text_a_user_types(api, q):
    answer = api.get("/api/search", params={"q": q})
    assert answer.status_code in (200, 400, 422), (q, answer.status_code, answer.text[:500])
    page = api.get("/search", params={"q": q})
    assert page.status_code < 500, (q, page.status_code)


def test_search_ranks_hits_best_first_across_pages(api):
    scores = [h["score"] for h in whole(api, "search", q="crates")]
    assert len(scores) > 3 and scores == sorted(scores), "bm25: lower is better, first"
    kinds = {h["kind"] for h in whole(api, "search", q="Varel")}
    assert {"article", "quote", "entity"} <= kinds, kinds


def test_the_search_page_pages_through_its_hits(api):
    hits = whole(api, "search", q="crates")
    seen, page = [], 1
    while True:
        answer = api.get("/search", params={"q": "crates", "per_page": 3, "page": page})
        assert answer.status_code == 200, answer.text[:300]
        seen += re.findall(r'<li class="result kind-(\w+)">', answer.text)
        if 'rel="next"' not in answer.text:
            break
        page += 1
    assert page > 1 and len(seen) == len(hits)
    counts = ok(api, "/api/search", q="crates")
    assert sum(counts["by_kind"].values()) == counts["total"] and counts["more"] is False


def test_search_finds_a_word_despite_stray_punctuation(api):
    for q in ('crates"', "crates*", "(crates", "crates:"):
        assert ok(api, "/api/search", q=q)["total"] > 0, q


# -- read-only, raw, escaping, headers -----------------------------------------------------


def _digest(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def test_no_get_changes_the_store(api, web_store, hostile_id):
    before = _digest(web_store)
    wal = web_store.with_name(web_store.name + ".wal")
    paths = [f"/api/{n}" for n in LISTS] + list(HTML_PAGES)
    for name in DETAILS:
        first = ok(api, f"/api/{name}", per_page=1)["items"][0]["id"]
        paths += [f"/api/{name}/{first}", f"/{name}/{first}"]
    paths += [f"/api/articles/{hostile_id}/raw", f"/articles/{hostile_id}?boilerplate=1",
              f"/articles/{hostile_id}?at=0-10", "/api/health", "/openapi.json"]
    for path in paths:
        answer = api.get(path, params={"q": "crates"} if "search" in path else None)
        assert answer.status_code == 200, (path, answer.status_code)
    assert _digest(web_store) == before, "a GET changed the store file"
    assert not wal.exists(), "a GET left a write-ahead log beside the store"


@pytest.mark.parametrize("route", ["/api/articles/{id}/raw", "/articles/{id}/raw"])
def test_the_raw_source_is_inert_text(api, hostile_id, route):
    from .conftest import HOSTILE_PAGE

    answer = api.get(route.format(id=hostile_id))
    assert answer.status_code == 200
    assert answer.headers["content-type"].split(";")[0] == "text/plain"
    assert answer.headers.get("x-content-type-options") == "nosniff"
    assert answer.content == HOSTILE_PAGE.read_bytes()


def _html_pages_with_hostile_text(api, hostile_id) -> dict[str, bool]:
    """Pages that show the hostile page's texts: path -> whether it shows its title or a
    quote with markup in it (others show only its names, such as a story label)."""
    story = ok(api, f"/api/articles/{hostile_id}")["story"]
    pages = {f"/articles/{hostile_id}": True, f"/articles/{hostile_id}?boilerplate=1": True,
             "/articles": True, "/quotes?q=alert": True, "/search?q=Quillmouth": True,
             "/search?q=alert": True, "/": False, "/claims": False,
             "/entities?q=Okonkwo": False}
    if story:
        pages[f"/stories/{story}"] = True
    pages |= {f"/quotes/{q['id']}": True for q in whole(api, "quotes", q="alert")}
    return pages


def test_every_text_of_the_hostile_page_is_escaped(api, hostile_id):
    pages = _html_pages_with_hostile_text(api, hostile_id)
    assert len(pages) > 10, "the hostile quotes are listed"
    for path, with_markup in pages.items():
        answer = api.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
        html = answer.text
        assert "Quillmouth" in html or "Okonkwo" in html, f"{path} lacks the hostile page"
        for live in ("<script>alert", "<img src=x", "<svg onload", "<b onmouseover",
                     "<iframe", 'href="javascript:', "href='javascript:"):
            assert live.lower() not in html.lower(), f"{path} holds {live!r} unescaped"
        if with_markup:
            assert "&lt;script&gt;alert(" in html, f"{path} does not show the markup as text"


@pytest.mark.parametrize("path", ["/", "/articles", "/search?q=crates"])
def test_pages_forbid_inline_and_foreign_scripts(api, path):
    answer = api.get(path)
    policy = answer.headers.get("content-security-policy", "")
    assert policy, f"{path} has no Content-Security-Policy"
    rules = dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";")
                 if part.strip())
    scripts = rules.get("script-src", rules.get("default-src", ""))
    assert scripts, policy
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, policy
    assert not re.search(r"https?:|\*", scripts), policy
    assert rules.get("default-src", "").strip() in ("'self'", "'none'"), policy
    assert answer.headers.get("x-content-type-options") == "nosniff"


def _listening_addresses(port: int) -> list[str]:
    """Local addresses of the sockets listening on `port` (Linux /proc/net)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.append(address)
    return found


def test_serve_listens_on_loopback_unless_told(web_store, tmp_path):
    with serving(web_store, tmp_path / "serve.log", host=None) as base:
        port = int(base.rsplit(":", 1)[1])
        assert _listening_addresses(port) == ["0100007F"], "127.0.0.1 only"
