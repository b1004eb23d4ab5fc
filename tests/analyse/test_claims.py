"""Numeric claims per article and their grouping across articles (fictional wire copy)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

import pytest

from storyline.analyse.claims import Claim, extract_claims
from storyline.analyse.entities import ArticleAnalysis
from storyline.analyse.nlp import analyse_texts
from storyline.resolve.claims import ClaimItem, group_claims

WIRE = "\n".join([
    "Marovia sent munitions to Seldana, officials say",
    "Marovia has shipped about 4,500 containers filled with artillery shells and other munitions"
    " to Seldana since August, Defence Minister Anton Rellick said on Tuesday.",
    "According to the Harlow Institute, more than 60 cruise missiles struck the port city of"
    " Tavrin by the end of May.",
    "Prime Minister Ilse Varnak will make a two-day visit to Kostrana next week. It will be her"
    " third meeting with President Oren Dahl and the first trip by a Marovian leader to Kostrana"
    " in 18 years.",
    '"We have counted nearly 12,000 tonnes of grain arriving at the docks," said Clara Voss, a'
    " spokeswoman for the Grain Board.",
    "The 2023 census put the population of Tavrin at 310,000, and the COVID-19 ward at St Aldric"
    " Hospital has 40 beds.",
    "Photo 3 of 12",
    "1. Read more",
])

REPORT = "\n".join([
    "Seldana received thousands of containers, Harlow Institute says",
    "By March, Marovia had shipped about 4,000 containers filled with shells to Seldana,"
    " according to the Harlow Institute.",
])

CONFLICTING = "\n".join([
    "Marovian shipments smaller than claimed, monitors say",
    "Marovia has shipped only 900 containers of munitions to Seldana, according to the Baltic"
    " Shipping Monitor.",
])


@lru_cache(maxsize=1)
def _analyses() -> tuple[ArticleAnalysis, ...]:
    return tuple(analyse_texts([WIRE, REPORT, CONFLICTING]))


def claims_of(index: int, **kwargs) -> dict[str, Claim]:
    analysis = _analyses()[index]
    return {analysis.text[c.number_start : c.number_end]: c
            for c in extract_claims(analysis, **kwargs)}


def phrase(index: int, claim: Claim) -> str:
    return _analyses()[index].text[claim.start : claim.end]


def test_count_with_qualifier_counted_phrase_source_and_time():
    c = claims_of(0)["4,500"]
    assert (c.qualifier, c.kind, c.counted_key) == ("about", "count", "container")
    assert c.counted == "containers filled with artillery shells and other munitions"
    assert phrase(0, c) == "about 4,500 containers filled with artillery shells and other munitions"
    assert c.low == pytest.approx(4050) and c.high == pytest.approx(4950)
    assert c.source_text == "Anton Rellick"
    assert c.source_key is not None
    assert c.as_of_text == "since August"


def test_according_to_source_and_open_interval():
    c = claims_of(0)["60"]
    assert (c.qualifier, c.low, c.high) == ("more than", 60, None)
    assert c.counted_key == "missile"
    assert c.source_text == "Harlow Institute"
    assert c.as_of_text is not None and "May" in c.as_of_text


def test_durations_and_ordinals_are_claims():
    claims = claims_of(0)
    visit = claims["two-day"]
    assert (visit.kind, visit.unit, visit.value, visit.counted_key) == ("duration", "day", 2,
                                                                        "visit")
    third = claims["third"]
    assert (third.kind, third.value, third.counted_key) == ("ordinal", 3, "meeting")
    first = claims["first"]
    assert (first.kind, first.counted_key) == ("ordinal", "trip")
    assert claims["18 years"].kind == "duration"


def test_quote_speaker_is_the_source():
    c = claims_of(0)["12,000 tonnes"]
    assert (c.qualifier, c.kind, c.unit, c.counted_key) == ("nearly", "measure", "t", "grain")
    assert c.low == pytest.approx(10_800) and c.high == 12_000
    assert c.source_text == "Clara Voss"


def test_quotes_argument_overrides_sentence_rules():
    @dataclass(frozen=True)
    class Q:
        start: int
        end: int
        speaker_key: str | None
        speaker_text: str | None

    text = _analyses()[0].text
    start = text.index("more than 60")
    quote = Q(start - 5, start + 40, "e99", "Tavrin Harbour Office")
    c = claims_of(0, quotes=[quote])["60"]
    assert (c.source_key, c.source_text) == ("e99", "Tavrin Harbour Office")


def test_times_argument_gives_as_of_value():
    @dataclass(frozen=True)
    class T:
        start: int
        end: int
        text: str
        type: str
        value: str
        low: str | None = None
        high: str | None = None

    text = _analyses()[1].text
    at = text.index("March")
    c = claims_of(1, times=[T(at, at + 5, "March", "DATE", "2024-03")])["4,000"]
    assert c.as_of_value == "2024-03"
    assert c.as_of_text == "By March"


def test_non_claims_are_skipped():
    claims = claims_of(0)
    numbers = set(claims)
    assert "2023" not in numbers  # a year
    assert "19" not in numbers  # inside COVID-19
    assert not {"3", "12", "1"} & numbers  # page furniture and list numbering
    assert "310,000" in numbers and "40" in numbers


def test_real_time_extractor_if_present():
    times = pytest.importorskip("storyline.analyse.times")
    analysis = _analyses()[1]
    import datetime as dt

    found = times.extract_times(analysis.text, dt.date(2024, 4, 2), analysis)
    c = {analysis.text[x.number_start : x.number_end]: x
         for x in extract_claims(analysis, times=found)}["4,000"]
    assert c.as_of_text is not None and "March" in c.as_of_text
    assert c.as_of_value is not None and c.as_of_value.startswith("2024-03")


def test_claims_do_not_depend_on_the_batch_and_offsets_are_exact():
    analysis = _analyses()[0]  # analysed in a batch with two other texts
    first = extract_claims(analysis)
    assert extract_claims(next(analyse_texts([WIRE]))) == first  # analysed alone
    for c in first:
        assert c.start <= c.number_start < c.number_end <= c.end
        assert re.search(r"\d|[a-z]", analysis.text[c.number_start : c.number_end])


# --- grouping ----------------------------------------------------------------

def containers(index: int) -> Claim:
    return next(c for c in claims_of(index).values() if c.counted_key == "container")


def test_independent_sources_that_agree():
    wire, report = containers(0), containers(1)
    assert wire.low <= report.high and report.low <= wire.high  # about 4,500 vs about 4,000
    groups = group_claims([ClaimItem("a1", wire, "rellick", "g1", None),
                           ClaimItem("a2", report, "harlow", "g2", None)])
    assert len(groups) == 1
    g = groups[0]
    assert (g.counted_key, g.n_sources, g.agreement) == ("container", 2, "agree")
    assert {c.article_id for c in g.claims} == {"a1", "a2"}


def test_values_that_change_over_time_form_a_series():
    wire, report = containers(0), containers(1)
    low = dataclasses.replace(report, value=1000.0, low=1000.0, high=1000.0)
    groups = group_claims([("a1", low, None, "g1", "2023-10-01"),
                           ("a2", wire, None, "g2", "2024-03-01")])
    assert groups[0].agreement == "series"


def test_an_undated_claim_that_fits_does_not_break_a_series():
    wire, report = containers(0), containers(1)
    low = dataclasses.replace(report, value=1000.0, low=1000.0, high=None, qualifier="more than")
    items = [("a1", low, None, "g1", "2023-10-01"), ("a2", wire, None, "g2", "2024-03-01"),
             ("a3", low, None, "g3", None)]  # "more than 1,000", no time of its own
    assert group_claims(items)[0].agreement == "series"
    lone = dataclasses.replace(report, value=90.0, low=90.0, high=90.0)
    items[2] = ("a3", lone, None, "g3", None)  # fits neither dated figure
    assert group_claims(items)[0].agreement == "conflict"


def test_ordinals_of_occasions_grow_over_time():
    base = containers(0)
    second = dataclasses.replace(base, value=2.0, low=2.0, high=2.0, qualifier=None,
                                 counted="meeting", counted_key="meeting", kind="ordinal")
    third = dataclasses.replace(second, value=3.0, low=3.0, high=3.0)
    later = group_claims([("a1", second, None, "g1", "2031-01-10"),
                          ("a2", third, None, "g2", None)])
    assert later[0].agreement == "series"
    same_day = group_claims([("a1", second, None, "g1", "2031-06-12"),
                             ("a2", third, None, "g2", "2031-06-12")])
    assert same_day[0].agreement == "conflict"
    assert group_claims([("a1", third, None, "g1", None),
                         ("a2", third, None, "g2", None)])[0].agreement == "agree"


def test_incompatible_values_at_an_unknown_time_conflict():
    items = [ClaimItem("a1", containers(0), None, "g1"), ClaimItem("a3", containers(2), None, "g3")]
    g = group_claims(items)[0]
    assert (g.n_sources, g.agreement) == (2, "conflict")


def test_copies_count_once():
    wire, other = containers(0), containers(2)
    copies = group_claims([ClaimItem("a1", wire, None, "g1"),
                           ClaimItem("a1-copy", wire, None, "g1")])
    assert (copies[0].n_sources, copies[0].agreement) == (1, "single")
    within_copy = group_claims([ClaimItem("a1", wire, None, "g1"),
                                ClaimItem("b", other, None, "g1")])
    assert within_copy[0].agreement == "single"  # one story's copies never conflict


def test_different_quantities_do_not_group():
    claims = claims_of(0)
    groups = group_claims([ClaimItem("a1", c, None, "g1") for c in claims.values()])
    by_start = {c.start: c for c in claims.values()}
    for g in groups:
        assert {(by_start[x.start].counted_key, by_start[x.start].kind) for x in g.claims} == {
            (g.counted_key, g.kind)}
    where = {x.start: g.id for g in groups for x in g.claims}
    ids = {where[claims[n].start] for n in ("4,500", "60", "12,000 tonnes")}
    assert len(ids) == 3  # containers, missiles and grain are three quantities


def test_group_ids_are_content_hashes_and_stable():
    items = [ClaimItem("a1", containers(0), None, "g1"), ClaimItem("a2", containers(1), None, "g2")]
    first, second = group_claims(items), group_claims(list(reversed(items)))
    assert [g.id for g in first] == [g.id for g in second]
    assert re.fullmatch(r"[0-9a-f]{16}", first[0].id)


def test_seed_pages_container_counts_form_a_series():
    """The two seed pages: 1,000 containers (October) and about 7,000 (March) from two sources."""
    import datetime as dt

    times = pytest.importorskip("storyline.analyse.times")
    from conftest import shared_path

    texts = [shared_path("seeds", name).read_text(encoding="utf-8")
             for name in ("000_5a2527be81213fae.txt", "003_0cc5276ea5bd71e1.txt")]
    items = []
    for index, analysis in enumerate(analyse_texts(texts)):
        found = times.extract_times(analysis.text, dt.date(2024, 6, 17), analysis)
        for c in extract_claims(analysis, times=found):
            items.append(ClaimItem(f"seed{index}", c, c.source_key, f"g{index}", c.as_of_value))
    group = next(g for g in group_claims(items) if g.counted_key == "container")
    assert (group.n_sources, group.agreement) == (2, "series")
    by_value = {c.value: c for c in group.claims}
    assert set(by_value) == {1000.0, 7000.0}
    assert by_value[1000.0].qualifier == "more than" and by_value[7000.0].qualifier == "about"
    assert by_value[1000.0].as_of < by_value[7000.0].as_of
    assert by_value[7000.0].source_text == "Shin Wonsik"
