"""Numeric claims per article and their grouping across articles: fictional wire copy for
the rules' shapes, and real PolNeAR articles (labels in bench/labels/) for what they do on
news they were not written for."""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

from storyline.analyse.claims import REASONS, Claim, extract_claims, extract_numbers
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
    assert c.counted_key == "cruise missile"  # the measure keeps its modifiers
    assert c.source_text == "Harlow Institute"
    assert c.as_of_text is not None and "May" in c.as_of_text


def test_a_source_named_by_a_long_phrase_ends_on_a_whole_word():
    text = ("Tolvane has won 1,200 delegates, according to interviews with a dozen party "
            "leaders and officials involved in the delegate selection process in Kell.")
    (c,) = [c for c in extract_claims(next(analyse_texts([text]))) if c.value == 1200]
    assert c.source_text == ("interviews with a dozen party leaders and officials involved "
                             "in the delegate"), c.source_text


def test_lengths_joined_to_a_noun_are_claims_ordinals_and_periods_are_not():
    claims = claims_of(0)
    visit = claims["two-day"]
    assert (visit.kind, visit.unit, visit.value, visit.counted_key) == ("duration", "day", 2,
                                                                        "visit")
    assert not {"third", "first", "18 years"} & set(claims)
    skipped = {k.text: k.reason for k in extract_numbers(_analyses()[0])[1]}
    assert skipped["third"] == skipped["first"] == "ordinal"
    assert skipped["18 years"] == "time"


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


def test_non_claims_are_skipped_with_a_reason():
    claims = claims_of(0)
    numbers = set(claims)
    assert "2023" not in numbers  # a year
    assert "19" not in numbers  # inside COVID-19
    assert not {"3", "12", "1"} & numbers  # page furniture and list numbering
    assert "310,000" in numbers and "40" in numbers
    skipped = {(k.text, k.reason) for k in extract_numbers(_analyses()[0])[1]}
    assert {("2023", "year"), ("3", "furniture"), ("12", "furniture"), ("1", "list")} <= skipped
    assert all(reason in REASONS for _, reason in skipped)


def test_every_claim_carries_its_sentence():
    analysis = _analyses()[0]
    for c in extract_claims(analysis):
        assert c.sentence_start <= c.start < c.end <= c.sentence_end
        sentence = analysis.text[c.sentence_start : c.sentence_end]
        assert "\n" not in sentence.strip() and sentence.strip()


def test_real_time_extractor():
    from storyline.analyse import times
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
    """The article's claim about containers Marovia shipped."""
    return next(c for c in claims_of(index).values()
                if c.counted_key == "container" and c.subject_text == "Marovia")


def test_independent_sources_that_agree():
    wire, report = containers(0), containers(1)
    assert wire.low <= report.high and report.low <= wire.high  # about 4,500 vs about 4,000
    groups = group_claims([ClaimItem("a1", wire, "rellick", "g1", None),
                           ClaimItem("a2", report, "harlow", "g2", None)])
    assert len(groups) == 1
    g = groups[0]
    assert (g.counted_key, g.n_sources, g.agreement, g.subject) == ("container", 2, "agree",
                                                                    "Marovia")
    assert {c.article_id for c in g.claims} == {"a1", "a2"}
    assert "subject" in g.reason and "measure" in g.reason


def test_values_that_change_over_time_form_a_series():
    wire, report = containers(0), containers(1)
    low = dataclasses.replace(report, value=1000.0, low=1000.0, high=1000.0)
    groups = group_claims([("a1", low, None, "g1", "2023-10-01"),
                           ("a2", wire, None, "g2", "2024-03-01")])
    assert groups[0].agreement == "series"
    assert "2023-10-01" in groups[0].reason and "time" in groups[0].reason


def test_no_series_of_a_figure_that_names_no_one_measure():
    """ "1,000 Canadians" and later "4,500 Canadians", or "$1,000" and "$4,500", said of
    one subject, move one way but may count anything about Canadians (insured, deported,
    employed) or any sum: unsure, where the same figures counted as containers are a
    series."""
    wire, report = containers(0), containers(1)
    low = dataclasses.replace(report, value=1000.0, low=1000.0, high=1000.0)
    series = group_claims([("a1", low, None, "g1", "2023-10-01"),
                           ("a2", wire, None, "g2", "2024-03-01")])
    assert [g.agreement for g in series] == ["series"]
    for counted, key in (("Canadians", "canadian"), ("dollars", "dollar")):
        first, later = (dataclasses.replace(c, counted=counted, counted_key=key)
                        for c in (low, wire))
        groups = group_claims([("a1", first, None, "g1", "2023-10-01"),
                               ("a2", later, None, "g2", "2024-03-01")])
        assert [g.agreement for g in groups] == ["unsure"], counted
        assert "names no one measure" in groups[0].reason


def test_no_series_where_a_report_names_no_subject():
    """Marovia's 1,000 containers in October and "4,500 containers" with no subject in
    March are no series of Marovia's: the second may count something else."""
    wire, report = containers(0), containers(1)
    low = dataclasses.replace(report, value=1000.0, low=1000.0, high=1000.0)
    unnamed = dataclasses.replace(wire, subject_text=None, subject_key=None)
    groups = group_claims([("a1", low, None, "g1", "2023-10-01"),
                           ("a2", unnamed, None, "g2", "2024-03-01")])
    assert [g.agreement for g in groups] == ["unsure"]
    assert "some reports name no subject" in groups[0].reason


def test_an_undated_claim_that_fits_does_not_break_a_series():
    wire, report = containers(0), containers(1)
    low = dataclasses.replace(report, value=1000.0, low=1000.0, high=None, qualifier="more than")
    items = [("a1", low, None, "g1", "2023-10-01"), ("a2", wire, None, "g2", "2024-03-01"),
             ("a3", low, None, "g3", None)]  # "more than 1,000", no time of its own
    assert group_claims(items)[0].agreement == "series"
    lone = dataclasses.replace(report, value=90.0, low=90.0, high=90.0)
    items[2] = ("a3", lone, None, "g3", None)  # fits neither dated figure
    assert group_claims(items)[0].agreement == "unsure"  # cannot be put in order: no conflict


def test_conflict_needs_the_same_subject_measure_and_time():
    report, other = containers(1), containers(2)  # about 4,000 vs only 900
    same_day = group_claims([ClaimItem("a2", report, None, "g2", "2024-04-02"),
                             ClaimItem("a3", other, None, "g3", "2024-04-02")])
    assert [(g.n_sources, g.agreement) for g in same_day] == [(2, "conflict")]
    assert "time" in same_day[0].reason and "value" in same_day[0].reason
    unknown = group_claims([ClaimItem("a2", report, None, "g2"),
                            ClaimItem("a3", other, None, "g3")])
    assert unknown[0].agreement != "conflict"  # no time: cannot tell
    nobody = dataclasses.replace(other, subject_text=None, subject_key=None)
    unnamed = group_claims([ClaimItem("a2", report, None, "g2", "2024-04-02"),
                            ClaimItem("a3", nobody, None, "g3", "2024-04-02")])
    assert [g.agreement for g in unnamed] == ["unsure"]  # one names no subject
    elsewhere = dataclasses.replace(other, subject_text="Kostrana", subject_key="e9")
    apart = group_claims([ClaimItem("a2", report, None, "g2", "2024-04-02"),
                          ClaimItem("a3", elsewhere, None, "g3", "2024-04-02")])
    assert sorted(g.agreement for g in apart) == ["single", "single"]  # two subjects


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

    from conftest import shared_path

    from storyline.analyse import times

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


# --- real news: PolNeAR articles hand-labelled in bench/labels/claims.jsonl -----------

LABELS = Path(__file__).resolve().parents[2] / "bench" / "labels" / "claims.jsonl"


@lru_cache(maxsize=1)
def _labelled() -> dict[str, tuple[ArticleAnalysis, list[dict], object]]:
    """The labelled articles of half A (where the rules were developed) and two of half B,
    analysed, with their labels and their facts."""
    import datetime as dt

    from conftest import shared_path

    from storyline.analyse.article_facts import article_facts

    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    wanted = sorted({r["article"] for r in rows if r["half"] == "A"}) + [
        "polnear/train/text/huff-post_2016-03-16_donald-trump-got-more-votes-in-o.txt",
        "polnear/train/text/breitbart_2016-03-15_the-latest-kasich-scores-all-del.txt"]
    texts = [shared_path("data", *p.split("/")).read_text(encoding="utf-8") for p in wanted]
    out = {}
    for path, analysis in zip(wanted, analyse_texts(texts), strict=True):
        labels = [r for r in rows if r["article"] == path]
        facts = article_facts(analysis, dt.date.fromisoformat(labels[0]["published"]))
        out[path] = (analysis, labels, facts)
    return out


def _article(name: str):
    """(analysis, labels, facts) of the labelled article whose file name starts with `name`."""
    return next(v for k, v in _labelled().items() if k.rsplit("/", 1)[1].startswith(name))


def _covered(facts, start: int, end: int) -> bool:
    return any(c.number_start < end and start < c.number_end for c in facts.claims) or any(
        k.start < end and start < k.end for k in facts.numbers_skipped)


def test_every_number_of_real_articles_is_a_claim_or_skipped_with_a_reason():
    for path, (analysis, labels, facts) in _labelled().items():
        text = analysis.text
        for m in re.finditer(r"\d+", text):  # every digit, labelled or not
            assert _covered(facts, m.start(), m.end()), (path, text[m.start() - 30 : m.end() + 30])
        for label in labels:  # and every number word the labels name
            assert _covered(facts, label["start"], label["end"]), (path, label["text"])
        assert {k.reason for k in facts.numbers_skipped} <= set(REASONS)


def _claim_at(facts, text: str, needle: str, number: str) -> Claim | None:
    at = text.index(needle) + needle.index(number)
    return next((c for c in facts.claims if c.number_start <= at < c.number_end), None)


def _skip_at(facts, text: str, needle: str, number: str) -> str | None:
    at = text.index(needle) + needle.index(number)
    return next((k.reason for k in facts.numbers_skipped if k.start <= at < k.end), None)


def test_money_percentages_and_tables_of_real_articles_are_claims():
    analysis, _, facts = _article("usa-today_2016-09-22_super-pac-hau")
    c = _claim_at(facts, analysis.text, "nearly $1.1 billion through", "1.1")
    assert (c.value, c.unit, c.qualifier, c.kind) == (1.1e9, "USD", "nearly", "money")
    analysis, _, facts = _article("politico_2016-09-25_poll-clinton-a")
    c = _claim_at(facts, analysis.text, "46 percent would choose Clinton", "46")
    assert (c.value, c.unit, c.subject_text) == (46, "%", "Hillary Clinton") or (
        c.value, c.unit) == (46, "%") and "Clinton" in (c.subject_text or "")
    assert c.survey == "washington post abc news"
    c = _claim_at(facts, analysis.text, "Nearly eight of 10 voters", "eight")
    assert (c.value, c.unit, c.qualifier) == (80, "%", "nearly")  # a share, as a percentage
    c = _claim_at(facts, analysis.text, "plus or minus 4 percentage points", "4")
    assert (c.value, c.unit) == (4, "pp")  # a margin, not minus four
    analysis, _, facts = _article("breitbart_2016-06-04_delegate-upda")
    c = _claim_at(facts, analysis.text, "Hillary Clinton: 1,769.", "1,769")
    assert c is not None and c.value == 1769 and "Clinton" in (c.subject_text or "")
    assert c.counted_key == "pledged delegate"  # from the table's heading


def test_ordinals_ages_clock_times_and_site_notes_of_real_articles_are_not_claims():
    analysis, _, facts = _article("breitbart_2016-03-15_the-latest-ka")
    text = analysis.text
    assert _skip_at(facts, text, "8:55 p.m.", "8") == "clock"
    assert _skip_at(facts, text, "scored his first win", "first") == "ordinal"
    assert _claim_at(facts, text, "picked up all 66 of the state", "66").counted_key == "delegate"
    analysis, _, facts = _article("breitbart_2016-02-18_ap-gfk-poll-v")
    assert _skip_at(facts, analysis.text, "Woodrow Benford, 58,", "58") == "age"
    assert _skip_at(facts, analysis.text, "a 59-year-old from", "59") == "age"
    analysis, _, facts = _article("huff-post_2016-03-16_donald-trump-")
    assert _skip_at(facts, analysis.text, "1.6 billion members", "1.6") == "site note"
    c = _claim_at(facts, analysis.text, "by about 50,000 votes", "50,000")
    assert (c.qualifier, c.counted_key) == ("about", "vote")


# --- the same date: two ways of counting, not a change over time ----------------------

SAME_DAY = [
    "Marovia has shipped at least 4,500 containers of munitions to Seldana, the Kostrana"
    " Monitoring Office said on Thursday.",
    "Marovia has shipped about 7,000 containers of munitions to Seldana, Defence Minister"
    " Anton Rellick said on Thursday.",
    "By March, Marovia had shipped more than 1,000 containers of munitions to Seldana,"
    " according to the Harlow Institute.",
]


@lru_cache(maxsize=1)
def _same_day_claims() -> tuple[Claim, ...]:
    """The containers claim of each fictional sentence of SAME_DAY."""
    out = []
    for analysis in analyse_texts(SAME_DAY):
        out.append(next(c for c in extract_claims(analysis) if c.counted_key == "container"))
    return tuple(out)


def test_compatible_figures_for_the_same_date_agree_and_say_they_differ():
    at_least, about, _ = _same_day_claims()
    assert (at_least.qualifier, at_least.value, about.qualifier, about.value) == (
        "at least", 4500, "about", 7000)
    groups = group_claims([ClaimItem("a1", at_least, None, "g1", "2031-06-19"),
                           ClaimItem("a2", about, None, "g2", "2031-06-19")])
    assert [g.agreement for g in groups] == ["agree"]
    reason = groups[0].reason
    assert "at least 4,500 vs about 7,000 for 2031-06-19" in reason, reason
    assert "not the same figure" in reason and "time (2031-06-19)" in reason


def test_compatible_figures_for_the_same_date_make_no_series():
    at_least, about, spring = _same_day_claims()
    groups = group_claims([ClaimItem("a1", at_least, None, "g1", "2031-06-19"),
                           ClaimItem("a2", about, None, "g2", "2031-06-19"),
                           ClaimItem("a3", spring, None, "g3", "2031-03-01")])
    assert [g.agreement for g in groups] == ["unsure"]  # never "series", never "conflict"
    reason = groups[0].reason
    assert "for the same date (at least 4,500 vs about 7,000 for 2031-06-19" in reason, reason
    assert "1,000 (2031-03-01); 4,500 and 7,000 (2031-06-19)" in reason, reason
    # without the second way of counting, the same figures are a series over time
    alone = group_claims([ClaimItem("a2", about, None, "g2", "2031-06-19"),
                          ClaimItem("a3", spring, None, "g3", "2031-03-01")])
    assert [g.agreement for g in alone] == ["series"]
    # one source giving both figures for one date is not two ways of counting
    both = group_claims([ClaimItem("a1", at_least, None, "g1", "2031-06-19"),
                         ClaimItem("a1", about, None, "g1", "2031-06-19"),
                         ClaimItem("a3", spring, None, "g3", "2031-03-01")])
    assert [g.agreement for g in both] == ["series"]


def test_a_bound_does_not_confirm_a_larger_figure_from_another_date():
    at_least, about, _ = _same_day_claims()
    march = group_claims([ClaimItem("a1", at_least, None, "g1", "2031-03-01"),
                          ClaimItem("a2", dataclasses.replace(about, value=70000.0,
                                                              low=63000.0, high=77000.0),
                                    None, "g2", "2031-06-19")])
    assert [g.agreement for g in march] == ["unsure"]  # 4,500 -> 70,000: no series either
    assert "at least 4,500 for 2031-03-01" in march[0].reason, march[0].reason


def test_an_endless_sentence_of_numbers_is_read_near_each_number():
    """A hostile page: one sentence of 2,000 numbers. Each claim reads its sentence only
    so far either side of the number (before, every number read the whole sentence:
    quadratic), and every number is still a claim or skipped with a reason."""
    text = "The Varn ledger counted " + "14 crates, " * 2000 + "and closed."
    analysis = next(analyse_texts([text]))
    claims, skipped = extract_numbers(analysis)
    assert len(claims) + len(skipped) == 2000 and len(claims) > 1900
    middle = [c for c in claims if 5000 < c.number_start < len(text) - 5000]
    assert middle and all(c.sentence_end - c.sentence_start <= 2000 for c in middle)
    for c in middle:
        assert c.sentence_start <= c.number_start and c.number_end <= c.sentence_end
        assert text[c.sentence_start - 1] == " " and text[c.sentence_end] == " "
    assert claims[0].sentence_start == 0  # a sentence's real start is kept where near
