"""The read models over a store built from the fictional pages in examples/."""

from __future__ import annotations

import re

import pytest

from storyline.present.report.build import report_data
from storyline.query import Views, queries
from storyline.query.models import (
    ArticleView,
    ClaimGroupView,
    ClaimView,
    CopyGroupView,
    EntityRef,
    EntityView,
    QuoteView,
    Span,
    StoreCounts,
    StoryView,
    TimelineItem,
    TimeView,
)
from storyline.query.timeline import build_timeline, within
from storyline.resolve.claims import GroupedClaim, distinct_claims
from storyline.store import Store

WIRE, PAPER, FARM = ("03_meridian_wire_announcement.html", "04_harbor_courier_wire_copy.html",
                     "05_trendhub_farm_copy.txt")


def _name(source: str) -> str:
    return source.rsplit("/", 1)[-1]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


@pytest.fixture(scope="module")
def views(examples_run):
    _, db, _, _ = examples_run
    with Store.open(db, read_only=True) as store:
        yield Views(store)


@pytest.fixture(scope="module")
def texts(views):
    return {a.id: a.article.text for a in views.articles()}


def test_views_are_typed_records(views):
    assert isinstance(views.counts, StoreCounts)
    assert views.counts.articles == views.counts.ok == 10 and views.counts.failed == 0
    checks = [(views.copy_groups, CopyGroupView), (views.quotes, QuoteView),
              (views.claims, ClaimView), (views.claim_groups, ClaimGroupView),
              (views.stories, StoryView), (views.timeline, TimelineItem),
              (views.entities(), EntityView), (list(views.articles()), ArticleView),
              (list(views.times()), TimeView)]
    for rows, model in checks:
        assert rows and all(isinstance(r, model) for r in rows), model.__name__
    assert all(isinstance(m, Span) for q in views.quotes for m in q.mentions)
    assert all(isinstance(q.speaker, EntityRef) for q in views.quotes)


def test_the_wire_story_is_the_origin_of_its_copies(views):
    [group] = views.copy_groups
    members = {_name(m.source): m for m in group.members}
    assert set(members) == {WIRE, PAPER, FARM}
    assert group.size == len(group.members) == 3
    assert group.members[0].relation == "origin" and _name(group.members[0].source) == WIRE
    assert group.origin == members[WIRE].article
    assert {members[PAPER].relation, members[FARM].relation} <= {"exact", "near", "contained"}
    by_file = {_name(a.article.source): a for a in views.articles()}
    assert by_file[PAPER].copy.group == by_file[FARM].copy.group == group.group
    # copies share one independence key: they count as one source
    assert len({by_file[n].copy.independence_key for n in (WIRE, PAPER, FARM)}) == 1


def test_the_farm_copy_is_misdated_and_the_others_are_not(views):
    by_file = {_name(a.article.source): a for a in views.articles()}
    farm = by_file[FARM]
    assert farm.misdated and farm.copy.misdated_reason
    assert farm.copy.likely_period.startswith("2031")
    assert farm.article.published.startswith("2032")
    assert [n for n, a in by_file.items() if a.misdated] == [FARM]
    member = next(m for g in views.copy_groups for m in g.members if m.article == farm.id)
    assert member.misdated and member.misdated_reason == farm.copy.misdated_reason
    assert views.counts.misdated_articles == 1


def test_quote_mentions_point_at_their_words(views, texts):
    assert views.quotes
    for q in views.quotes:
        spans = [texts[m.article][m.start:m.end] for m in q.mentions]
        for m, span in zip(q.mentions, spans, strict=True):
            assert 0 <= m.start < m.end <= len(texts[m.article])
            # each report carries the quote's words, or part of its fullest form
            assert _words(span) <= _words(q.text) or _words(q.text) <= _words(span), (q, span)
        # the fullest form is what one of the articles reports
        assert any(_words(q.text) <= _words(span) for span in spans), q
        assert q.n_sources <= len({m.article for m in q.mentions})


def test_claims_count_copies_once(views, texts):
    groups = {g.id: g for g in views.claim_groups}
    assert {c.id for c in views.claims} == {c.id for g in groups.values() for c in g.claims}
    for c in views.claims:
        group = groups[c.group]
        assert 1 <= c.independent_reports <= group.n_sources == c.n_sources
        assert c.agreement == group.agreement
        assert len(c.mentions) >= c.independent_reports
        for m in c.mentions:
            assert 0 <= m.start < m.end <= len(texts[m.article])
    crates = [c for c in views.claims if "crate" in c.counted]
    for c in crates:
        for m in c.mentions:
            span = texts[m.article][m.start:m.end]
            assert f"{c.value:,.0f}" in span and "crates" in span, span
    # the wire story's figure, reported by the origin and its two copies, is one report
    by_file = {_name(a.article.source): a.id for a in views.articles()}
    copied = [c for c in crates if by_file[WIRE] in {m.article for m in c.mentions}]
    assert copied and {m.article for m in copied[0].mentions} == {
        by_file[WIRE], by_file[PAPER], by_file[FARM]}
    assert copied[0].independent_reports == 1


def test_claim_groups_list_their_claims_in_time_order(views):
    for g in views.claim_groups:
        dates = [c.as_of or "9999" for c in g.claims]
        assert dates == sorted(dates)
    # conflicts first, then series and agreements, then what cannot be compared, then
    # single reports; most independent sources first within each
    rank = {"conflict": 0, "series": 1, "agree": 2, "unsure": 3, "single": 4}
    keys = [(rank[g.agreement], -g.n_sources) for g in views.claim_groups]
    assert keys == sorted(keys)
    assert len({g.agreement for g in views.claim_groups}) >= 2


def test_timeline_is_dated_and_in_order(views):
    items = views.timeline
    assert [i.date for i in items] == sorted(i.date for i in items)
    quotes, claims = {q.id: q for q in views.quotes}, {c.id: c for c in views.claims}
    for i in items:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", i.date)
        source = quotes[i.ref] if i.kind == "quote" else claims[i.ref]
        assert set(i.articles) == {m.article for m in source.mentions}
    assert len(items) == (sum(1 for q in views.quotes if q.first_date)
                          + sum(1 for c in views.claims if c.as_of))
    story, undated = views.stories  # the dated articles' story; the undated dump alone
    assert undated.first is None and views.story_timeline(undated.id) == []
    assert views.story_timeline(story.id) == items  # every dated article is in one story
    assert views.story_timeline("s-nope") == []


def test_stories_and_sources(views):
    # an undated article (the flattened dump has no date) is not joined to dated ones
    story, undated = views.stories
    ids = {a.id for a in views.articles()}
    dated = {a.id for a in views.articles() if a.article.published}
    assert set(story.articles) == dated and story.size == 9 == len(ids) - 1
    assert set(undated.articles) == ids - dated and undated.size == 1
    assert len(story.label) == len(story.entities) and story.label
    names = {e.id: e.name for e in views.entities()}
    assert list(story.label) == [names[e] for e in story.entities]
    assert all(a.story == (story.id if a.id in dated else undated.id)
               for a in views.articles())
    sources = views.sources
    assert set(sources) == ids
    assert {_name(s) for s in sources.values()} >= {WIRE, PAPER, FARM}


def test_entities_by_type_and_with_mentions(views, texts):
    by_type = views.entities_by_type(3)
    assert list(by_type) == [t for t, _ in views.entity_types]
    assert all(len(rows) <= 3 and all(e.type == t for e in rows) for t, rows in by_type.items())
    assert all(e.mentions is None for rows in by_type.values() for e in rows)
    full = views.entities(with_mentions=True)
    assert sum(len(e.mentions) for e in full) == views.counts.entity_mentions
    for e in full:
        assert len(e.mentions) == e.n_mentions
        for m in e.mentions:
            assert texts[m.article][m.start:m.end] == m.text


def test_public_json_shapes_keep_their_key_order(views):
    article = next(views.articles()).to_json()
    assert list(article)[-9:] == ["error", "independence_key", "copy_group", "relation",
                                  "similarity", "misdated", "misdated_reason", "likely_period",
                                  "story"]
    assert "story" not in next(views.articles()).listing_json()
    assert list(views.copy_groups[0].to_json()) == ["group", "origin", "origin_reason",
                                                     "members"]
    assert list(views.copy_groups[0].to_json()["members"][0]) == [
        "article", "relation", "similarity", "misdated", "misdated_reason"]
    assert list(views.copy_groups[0].listing_json())[3] == "size"
    assert list(views.quotes[0].to_json()) == ["id", "text", "kind", "speaker", "verb", "medium",
                                               "n_sources", "first_date", "mentions"]
    assert list(views.claims[0].to_json()) == [
        "id", "value", "low", "high", "qualifier", "unit", "counted", "kind", "source", "as_of",
        "group", "agreement", "n_sources", "mentions", "independent_reports", "subject",
        "sentences", "reason"]
    assert list(views.stories[0].to_json()) == ["id", "label", "entities", "size", "first",
                                                "last", "articles"]
    assert list(views.entities(with_mentions=True)[0].to_json()) == [
        "id", "name", "type", "aliases", "roles", "country", "mentions"]
    assert list(views.entities()[0].listing_json())[-2:] == ["n_mentions", "n_articles"]
    assert list(next(views.times()).to_json()) == [
        "article", "start", "end", "text", "type", "value", "precision", "low", "high",
        "modifier"]


class _CountingConnection:
    """A connection that records every statement it runs, with its parameters."""

    def __init__(self, con):
        self._con = con
        self.calls: list[tuple[str, str]] = []

    def execute(self, sql, *args):
        self.calls.append((sql, repr(args)))
        return self._con.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._con, name)


def test_the_report_reads_each_view_once(examples_run):
    _, db, _, _ = examples_run
    with Store.open(db, read_only=True) as store:
        counting = store.con = _CountingConnection(store.con)
        data = report_data(store)
    assert data["quotes"] and data["claim_groups"] and data["stories"]
    repeated = {sql for sql in counting.calls if counting.calls.count(sql) > 1}
    assert not repeated
    assert sum("FROM quote_groups q" in sql for sql, _ in counting.calls) == 1
    assert sum("FROM claim_groups ORDER BY" in sql for sql, _ in counting.calls) == 1


def _grouped(article, value, key, source="Ana Kole", as_of="2031-06-01", start=0):
    return GroupedClaim(article, start, start + 5, value, value, value, None, None, source, key,
                        as_of)


def test_distinct_claims_merge_reports_and_count_independent_ones():
    claims = [_grouped("a", 7000.0, "g1"), _grouped("b", 7000.0, "g1"),
              _grouped("c", 7000.0, "c"), _grouped("c", 7000.0, "c", source="Ivo", start=40),
              _grouped("a", 4500.0, "g1", start=90)]
    out = distinct_claims("grp", claims)
    assert [(d.value, d.source_text, len(d.reports), d.independent_reports) for d in out] == [
        (7000.0, "Ana Kole", 3, 2), (7000.0, "Ivo", 1, 1), (4500.0, "Ana Kole", 1, 1)]
    assert len({d.id for d in out}) == 3 and all(d.group == "grp" for d in out)
    assert [r.article_id for r in out[0].reports] == ["a", "b", "c"]


def test_build_timeline_dates_quotes_and_claims():
    quote = QuoteView("q1", "We will go.", "direct", EntityRef(None, "Ana Kole"), "say", None, 2,
                      "2031-06-12T09:00", (Span("b", 0, 5), Span("a", 3, 9)))
    undated = QuoteView("q2", "Later.", "direct", EntityRef(None, None), "say", None, 1, None,
                        (Span("c", 0, 5),))
    claim = ClaimView("c1", 7000.0, 6300.0, 7700.0, "about", None, "crates", "count",
                      EntityRef(None, "Ivo"), "2031-03-01", "g", "series", 3,
                      (Span("c", 4, 20),), 1)
    items = build_timeline([quote, undated], [claim])
    assert [(i.date, i.kind, i.who, i.text, i.n_sources, i.articles) for i in items] == [
        ("2031-03-01", "claim", "Ivo", "about 7,000 crates", 1, ("c",)),
        ("2031-06-12", "quote", "Ana Kole", "We will go.", 2, ("a", "b"))]
    assert [i.ref for i in within(items, ["a"])] == ["q1"]


def test_quotes_by_speaker_match_names_and_aliases(views):
    store = views.store
    said = queries.quotes(store, speaker="LINDQVIST")
    assert said and all("Lindqvist" in (q.speaker.name or "") for q in said)
    assert {q.id for q in said} < {q.id for q in views.quotes}
    assert queries.quotes(store, speaker="nobody") == []
    assert [q.id for q in said] == [q.id for q in views.quotes if q in said]  # same order
