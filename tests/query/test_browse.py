"""Paged, filtered reads for the web application, on the store built from examples/."""

from __future__ import annotations

import json

import pytest

from storyline.query import browse, queries
from storyline.query.browse import BadQuery, Paging
from storyline.store import Store


@pytest.fixture(scope="module")
def store(examples_run):
    with Store.open(examples_run[1], read_only=True) as s:
        yield s


def _all(fetch, per_page: int = 2) -> list:
    """Every item of a list, page by page."""
    items, page = [], 1
    while True:
        got = fetch(Paging(page, per_page))
        items += got.items
        if not got.has_next:
            return items
        page += 1


def test_paging_walks_every_article_once_in_order(store):
    whole = browse.articles(store, Paging(1, 200), sort="date")
    paged = _all(lambda p: browse.articles(store, p, sort="date"))
    assert [a.id for a in paged] == [a.id for a in whole.items]
    assert whole.total == len(whole.items) == store.con.execute(
        "SELECT count(*) FROM articles").fetchone()[0]
    dates = [a.published for a in whole.items if a.published]
    assert dates == sorted(dates)


def test_article_filters_hold_for_every_row(store):
    outlet, n = browse.outlets(store)[0]
    rows = browse.articles(store, Paging(1, 200), outlet=outlet)
    assert rows.total == n and all(a.site == outlet for a in rows.items)
    june = browse.articles(store, Paging(1, 200), since="2031-06-15", until="2031-06")
    assert june.items and all("2031-06-15" <= a.published <= "2031-06-30" for a in june.items)
    misdated = browse.articles(store, Paging(1, 200), misdated=True)
    assert misdated.total >= 1 and all(a.misdated for a in misdated.items)
    entity = store.con.execute(
        "SELECT id FROM entities ORDER BY n_articles DESC, id LIMIT 1").fetchone()[0]
    naming = browse.articles(store, Paging(1, 200), entity=entity)
    mentioned = {r[0] for r in store.con.execute(
        "SELECT DISTINCT article FROM entity_mentions WHERE entity = ?", [entity]).fetchall()}
    assert {a.id for a in naming.items} == mentioned


@pytest.mark.parametrize("call", [
    lambda s: browse.articles(s, Paging(1, 10), sort="bogus"),
    lambda s: browse.articles(s, Paging(1, 10), since="last week"),
    lambda s: browse.articles(s, Paging(1, 10), status="lost"),
    lambda s: browse.claim_groups(s, Paging(1, 10), verdict="maybe"),
    lambda s: browse.events(s, Paging(1, 10), sort="size"),
    lambda s: Paging(0, 10),
    lambda s: Paging(1, browse.MAX_PER_PAGE + 1),
])
def test_bad_parameters_are_refused_with_a_reason(store, call):
    with pytest.raises(BadQuery) as caught:
        call(store)
    assert str(caught.value)


def test_user_text_is_taken_literally(store):
    for text in ("%", "_", "' OR 1=1 --", "\\", "\"); DROP TABLE articles; --"):
        assert browse.entities(store, Paging(1, 10), q=text).total == 0
        assert browse.quotes(store, Paging(1, 10), q=text).total == 0
    assert store.con.execute("SELECT count(*) FROM articles").fetchone()[0] > 0


def test_fact_links_hold_every_mention_of_every_group(store):
    links = set(store.con.execute(
        'SELECT kind, ref, article, start, "end" FROM fact_links').fetchall())
    for q in queries.quotes(store):
        assert {("quote", q.id, m.article, m.start, m.end) for m in q.mentions} <= links
    for g in queries.claim_groups(store):
        assert {("claim", g.id, m.article, m.start, m.end)
                for c in g.claims for m in c.mentions} <= links
    for e in queries.events(store):
        assert {("event", e.id, m.article, m.start, m.end) for m in e.mentions} <= links


def test_story_counts_match_the_story_page(store):
    table = browse.story_table(store)
    assert table
    for summary in table:
        detail = browse.story_detail(store, summary)
        assert summary.n_quotes == len(detail.speakers and [
            q for s in detail.speakers for q in s.quotes]) + len(detail.unattributed)
        assert summary.n_claims == len(detail.claim_groups)
        assert summary.n_events == len(detail.events)
        # who said what: the speaker with the most quotes first, each quote once
        sizes = [len(s.quotes) for s in detail.speakers]
        assert sizes == sorted(sizes, reverse=True)
        days = [i.date for i in detail.timeline]
        assert days == sorted(days)


def test_article_annotations_lie_on_its_text(store):
    row = browse.articles(store, Paging(1, 1), sort="-date").items[0]
    detail = browse.article(store, row.id)
    text = detail.view.article.text
    kinds = {a.kind for a in detail.annotations}
    assert {"entity", "quote", "time"} <= kinds
    for note in detail.annotations:
        assert 0 <= note.start < note.end <= len(text)
    names = {n.label for n in detail.annotations if n.kind == "entity"}
    mention_texts = {text[n.start:n.end] for n in detail.annotations if n.kind == "entity"}
    assert names and mention_texts
    assert json.dumps(detail.to_json())  # the API's answer is JSON
    assert browse.article(store, "no-such-article") is None


def test_entity_detail_lists_its_quotes_and_events(store):
    speaker = store.con.execute(
        "SELECT speaker FROM quote_groups WHERE speaker IS NOT NULL GROUP BY speaker "
        "ORDER BY count(*) DESC, speaker LIMIT 1").fetchone()[0]
    detail = browse.entity(store, speaker)
    assert detail.quotes_by and all(q.speaker.entity == speaker for q in detail.quotes_by)
    assert all(q.speaker.entity != speaker for q in detail.quotes_about)
    for event in detail.events:
        assert speaker in {w.entity for w in (*event.actors, *event.targets)}
    assert browse.entity(store, "nobody") is None


def test_claim_and_event_filters(store):
    groups = _all(lambda p: browse.claim_groups(store, p))
    assert len(groups) == store.con.execute("SELECT count(*) FROM claim_groups").fetchone()[0]
    for verdict in {g.agreement for g in groups}:
        page = browse.claim_groups(store, Paging(1, 200), verdict=verdict)
        assert page.total == sum(g.agreement == verdict for g in groups)
    events = browse.events(store, Paging(1, 200), sort="-sources").items
    assert [e.n_sources for e in events] == sorted((e.n_sources for e in events), reverse=True)
    kind = events[0].type
    assert all(e.type == kind for e in browse.events(store, Paging(1, 200), type_=kind).items)


def test_health_names_what_needs_care(store):
    health = browse.health(store)
    assert health.counts.articles >= 10
    assert health.undated == len(queries.undated(store))
    assert health.interrupted is False
