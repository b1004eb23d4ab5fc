"""The pages of `storyline serve` in headless Chromium (Playwright), as an analyst uses
them: stories on the home page, a story, a claim followed to its passage, search,
a filter, paging; a hostile page shown as text; screenshots at laptop and phone width.

Every test's tab fails at its end if a dialog opened or a request left the server
(conftest `Tab`).
"""

from __future__ import annotations

import re
from pathlib import PurePath
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import LAPTOP, PHONE, open_tab
from .test_api import ok, whole

PASSAGE = re.compile(r"^/articles/([^/?#]+)\?at=(\d+)-(\d+)#passage$")


def squash(text: str) -> str:
    return " ".join(text.split())


def hrefs(page, selector: str = "a[href]") -> list[str]:
    """The href attributes (as written) of the elements matching `selector`, in order."""
    return page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")


def biggest_story(api) -> dict:
    return max(whole(api, "stories"), key=lambda s: s["articles"])


def test_home_lists_every_story_with_its_counts(tab, api):
    tab.open("/")
    for story in whole(api, "stories"):
        link = tab.page.locator(f'a[href="/stories/{story["id"]}"]').first
        assert link.count() == 1, f"home has no link to story {story['id']}"
        row = link.locator("xpath=ancestor::*[self::li or self::tr or self::article "
                           "or self::section][1]")
        text = squash(row.inner_text())
        for field in ("articles", "sources", "quotes", "claims", "events"):
            count = story[field]
            noun = field[:-1] if count == 1 else field
            assert re.search(rf"\b{count:,} (independent )?{noun}\b", text), (field, text)
        span = story["first"][:4] if story["first"] else "undated"  # an undated article
        assert span in text, f"the story's span is not shown: {text}"
    order = [h.rsplit("/", 1)[1] for h in hrefs(tab.page, 'a[href^="/stories/"]')]
    newest = [s["id"] for s in whole(api, "stories")]
    assert list(dict.fromkeys(order)) == newest, "stories newest first"
    assert tab.page.locator('form[action="/search"] input[name="q"]').count() == 1


def test_a_story_shows_its_timeline_claims_speakers_and_articles(tab, api):
    story = biggest_story(api)
    tab.open("/")
    tab.page.locator(f'a[href="/stories/{story["id"]}"]').first.click()
    tab.page.wait_for_url(f"**/stories/{story['id']}")
    page = tab.page
    assert page.locator("svg").count() >= 1, "no timeline drawn"
    body = squash(page.inner_text("body"))
    for article in whole(api, "articles", story=story["id"]):
        if article["title"]:
            assert squash(article["title"]) in body, f"article {article['title']!r} missing"
    detail = ok(api, f"/api/stories/{story['id']}")
    for group in detail["claim_groups"]:
        assert group["agreement"] in body.lower(), f"verdict of {group['counted']} missing"
        if group["reason"]:
            assert squash(group["reason"]) in body, f"reason of {group['counted']} missing"
    for speaker in detail["speakers"][:5]:
        name = speaker["speaker"]["name"]
        assert name and name in body, f"speaker {name} missing"
    for href in hrefs(page):
        assert not re.fullmatch(r"/?[0-9a-f]{16}", href or ""), f"bare id link {href}"


def test_a_claim_leads_to_the_passage_that_states_it(tab, api):
    story = biggest_story(api)
    detail = ok(api, f"/api/stories/{story['id']}")
    claims = {(m["article"], m["start"], m["end"])
              for g in detail["claim_groups"] for c in g["claims"] for m in c["mentions"]}
    tab.open(f"/stories/{story['id']}")
    links = [h for h in hrefs(tab.page) if PASSAGE.match(h or "")]
    assert links, "the story page links no fact to its passage"
    claim_links = [h for h in links
                   if (lambda m: (m[1], int(m[2]), int(m[3])))(PASSAGE.match(h)) in claims]
    assert claim_links, "no claim of the story links to its passage"
    href = claim_links[0]
    article_id, start, end = PASSAGE.match(href).groups()
    tab.page.locator(f'a[href="{href}"]').first.click()
    tab.page.wait_for_url(re.compile(r".*/articles/.*at=.*"))
    passage = tab.page.locator("#passage")
    assert passage.count() == 1, "the article page marks no #passage"
    text = ok(api, f"/api/articles/{article_id}")["text"]
    expected = squash(text[int(start):int(end)])
    assert re.search(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                     r"twelve|dozen|hundred|thousand|million|billion)\b", expected, re.I), (
        f"the claim's passage holds no figure: {expected!r}")  # "two-day state visit"
    assert expected in squash(passage.inner_text()), (expected, passage.inner_text())
    assert passage.is_visible()


def test_every_passage_link_of_a_story_lies_inside_its_article(tab, api):
    story = biggest_story(api)
    tab.open(f"/stories/{story['id']}")
    lengths: dict[str, int] = {}
    for href in {h for h in hrefs(tab.page) if PASSAGE.match(h or "")}:
        article_id, start, end = PASSAGE.match(href).groups()
        if article_id not in lengths:
            lengths[article_id] = len(ok(api, f"/api/articles/{article_id}")["text"])
        assert 0 <= int(start) < int(end) <= lengths[article_id], href


def test_search_from_the_home_page_gives_ranked_results(tab, api):
    tab.open("/")
    box = tab.page.locator('form[action="/search"] input[name="q"]')
    box.fill("crates")
    box.press("Enter")
    tab.page.wait_for_url(re.compile(r".*/search\?.*q=crates.*"))
    ranked = ok(api, "/api/search", q="crates", per_page=20)["items"]
    assert ranked, "no result for a word of the examples"
    body = squash(tab.page.inner_text("main") if tab.page.locator("main").count()
                  else tab.page.inner_text("body"))
    titles = [squash(h["title"]) for h in ranked[:5]]
    for title in titles:
        assert title in body, f"result {title!r} not shown"
    distinct = [t for t in titles if titles.count(t) == 1]
    positions = [body.index(t) for t in distinct]
    assert positions == sorted(positions), f"results are not in rank order: {distinct}"


def test_filtering_articles_by_outlet_shows_only_that_outlet(tab, api):
    outlet = "Meridian Press"
    expected = whole(api, "articles", outlet=outlet)
    assert expected
    tab.open("/articles")
    chooser = tab.page.locator('select[name="outlet"], input[name="outlet"]').first
    assert chooser.count() == 1, "the articles page has no outlet filter"
    if chooser.evaluate("e => e.tagName") == "SELECT":
        labels = chooser.locator("option").all_inner_texts()
        chooser.select_option(label=next(t for t in labels if t.startswith(outlet)))
    else:
        chooser.fill(outlet)
    form = chooser.locator("xpath=ancestor::form[1]")
    if form.locator('[type="submit"], button').count():
        form.locator('[type="submit"], button').first.click()
    else:
        chooser.press("Enter")
    tab.page.wait_for_url(re.compile(r".*outlet=.*"))
    assert parse_qs(urlsplit(tab.page.url).query)["outlet"] == [outlet]
    shown = {h.split("?")[0].rsplit("/", 1)[1] for h in hrefs(tab.page, 'a[href^="/articles/"]')
             if not h.endswith("/raw")}
    assert shown == {a["id"] for a in expected}, "other outlets' articles are listed"


def test_paging_through_articles_shows_each_once(tab, api):
    every = {a["id"] for a in whole(api, "articles")}
    tab.open("/articles?per_page=2")
    seen: list[str] = []
    pages = 0
    while True:
        pages += 1
        ids = [h.split("?")[0].rsplit("/", 1)[1]
               for h in hrefs(tab.page, 'main a[href^="/articles/"]') if not h.endswith("/raw")]
        ids = list(dict.fromkeys(ids))
        assert 1 <= len(ids) <= 2, f"page {pages} lists {ids}"
        seen += ids
        if pages > 1:
            assert tab.page.locator('a[rel="prev"]').count() >= 1, "no previous-page link"
        following = tab.page.locator('a[rel="next"]')
        if following.count() == 0:
            break
        following.first.click()
        tab.page.wait_for_load_state()
    assert pages == -(-len(every) // 2)
    assert len(seen) == len(set(seen)) and set(seen) == every




def test_the_hostile_page_shows_its_markup_as_text(tab, api, hostile_id):
    story = ok(api, f"/api/articles/{hostile_id}")["story"]
    pages = [f"/articles/{hostile_id}", f"/articles/{hostile_id}?boilerplate=1",
             "/articles", "/quotes?q=alert", "/search?q=Quillmouth", f"/stories/{story}"]
    for path in pages:
        tab.open(path)
        body = tab.page.inner_text("body")
        assert "<script>alert(" in body, f"{path} does not show the page's markup as text"
        scripts = tab.page.eval_on_selector_all(
            "script", "els => els.map(e => e.getAttribute('src') || e.textContent)")
        assert all(s and s.startswith("/static/") for s in scripts), (path, scripts)
        for selector in ("[onerror]", "[onload]", "[onmouseover]", "[onclick]", "iframe",
                         'a[href^="javascript:" i]', 'img[src="x"]'):
            assert tab.page.locator(selector).count() == 0, f"{path} has {selector}"
    tab.page.goto(f"{tab.base}/articles/{hostile_id}/raw")
    assert "alert(\"raw page script\")" in tab.page.inner_text("body")
    assert not tab.dialogs


def test_pages_carry_a_content_security_policy(tab):
    response = tab.open("/")
    policy = response.headers.get("content-security-policy", "")
    assert "default-src" in policy and "'unsafe-inline'" not in policy, policy


@pytest.mark.parametrize(("size", "viewport"), [("laptop", LAPTOP), ("phone", PHONE)])
def test_pages_read_well_on_a_laptop_and_a_phone(browser, server, api, screenshots, size,
                                                viewport):
    story = biggest_story(api)
    article = next(a for a in whole(api, "articles", story=story["id"], sort="date")
                   if PurePath(a["source"]).name.startswith("03_"))
    paths = {"home": "/", "story": f"/stories/{story['id']}",
             "article": f"/articles/{article['id']}", "claims": "/claims",
             "search": "/search?q=crates"}
    with open_tab(browser, server, viewport) as tab:
        for name, path in paths.items():
            tab.open(path)
            tab.page.screenshot(path=str(screenshots / f"{name}-{size}.png"), full_page=True)
            width = tab.page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
            assert width[0] <= width[1] + 1, f"{path} overflows {size} width: {width}"
