"""Date parsing, URL dates, and the choice of a published date from its evidence."""

from __future__ import annotations

import pytest

from storyline.extract import dates
from storyline.records import DateEvidence


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2031-03-14T09:30:00Z", "2031-03-14"),
        ("2031/03/14", "2031-03-14"),
        ("March 14, 2031 at 9:30 am", "2031-03-14"),
        ("Mar. 4th, 2031", "2031-03-04"),
        ("14 March 2031", "2031-03-14"),
        ("Friday, 14th March 2031", "2031-03-14"),
        ("14. März 2031", "2031-03-14"),
        ("14 de marzo de 2031", "2031-03-14"),
        ("14.03.2031", "2031-03-14"),
        ("11.14.2031", "2031-11-14"),  # month first with dots: only when the day says so
        ("05.06.2031", "2031-06-05"),  # with dots and both numbers 12 or less: day first
        ("31/03/2031", "2031-03-31"),
        ("03/31/2031", "2031-03-31"),
        ("2031年3月14日", "2031-03-14"),
        ("20310314", "2031-03-14"),
        ("0700000000", None),  # an epoch before the web: not a publication date
        ("1710408600", "2024-03-14"),
    ],
)
def test_parse_date_formats(raw, expected):
    assert dates.parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["", "no date here", "04/05/2031", "2031-02-30", "Mayor 12, 2031",
                                 "13.13.2031"])
def test_parse_date_refuses_ambiguous_or_invalid(raw):
    assert dates.parse_date(raw) is None


def test_url_date_forms():
    assert dates.url_date("https://ledger.example/news/2031/03/14/harbour-plan") == DateEvidence(
        "url", "2031-03-14", "2031/03/14")
    assert dates.url_date("https://ledger.example/harbour-plan-2031-03-14/").value == "2031-03-14"
    assert dates.url_date("https://ledger.example/20310314/harbour").value == "2031-03-14"
    assert dates.url_date("https://ledger.example/news/2031/13/40/x") is None
    assert dates.url_date("https://ledger.example/story?id=20310314") is None
    assert dates.url_date(None) is None


def test_evidence_keeps_raw_and_source():
    item = dates.evidence("meta:published", "  2031-03-14T09:30:00+02:00 ")
    assert item == DateEvidence("meta:published", "2031-03-14", "2031-03-14T09:30:00+02:00")
    assert dates.evidence("meta:published", "soon") is None


def test_choose_published_by_priority_not_order():
    items = [
        DateEvidence("htmldate", "2031-01-01", "2031-01-01"),
        DateEvidence("meta:modified", "2031-05-01", "2031-05-01"),
        DateEvidence("url", "2031-03-13", "2031/03/13"),
        DateEvidence("json-ld:datePublished", "2031-03-14", "2031-03-14T09:00:00+01:00"),
    ]
    assert dates.choose_published(items).source == "json-ld:datePublished"
    assert dates.choose_published([]) is None


def test_choose_published_prefers_local_day_over_utc_rollover():
    # 02:10 UTC on the 15th is the evening of the 14th where the story ran
    utc = DateEvidence("json-ld:datePublished", "2031-03-15", "2031-03-15T02:10:00Z")
    url = DateEvidence("url", "2031-03-14", "2031/03/14")
    assert dates.choose_published([utc, url]) == url
    local = DateEvidence("meta:published", "2031-03-14", "2031-03-14 21:10:00 -0500")
    assert dates.choose_published([utc, local]) == local


def test_choose_published_ignores_bare_masthead_dates_and_far_days():
    utc = DateEvidence("json-ld:datePublished", "2031-03-15", "2031-03-15T14:00:00Z")
    masthead = DateEvidence("dateline", "2031-03-16", "Sunday, March 16, 2031")
    assert dates.choose_published([utc, masthead]) == utc
    # a UTC afternoon cannot be the previous local day
    url = DateEvidence("url", "2031-03-14", "2031/03/14")
    assert dates.choose_published([utc, url]) == utc
