"""Time expressions: spans, types and TIMEX3 values resolved against the publication date.

Expected values are worked out by hand from a calendar: 2024-06-20 is a
Thursday in ISO week 25.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from conftest import shared_path

from storyline.analyse.times import TimeExpr, extract_times, resolve_date_text

PUBLISHED = dt.date(2024, 6, 20)


def _one(text: str, surface: str, published: dt.date | None = PUBLISHED) -> TimeExpr:
    found = [t for t in extract_times(text, published) if t.text == surface]
    assert found, f"{surface!r} not found in {extract_times(text, published)}"
    expr = found[0]
    assert text[expr.start:expr.end] == surface
    assert expr.start == text.index(surface)
    return expr


CASES = [
    # text, span, type, value, precision, modifier
    ("The minister arrived last week for talks.", "last week", "DATE", "2024-W24", "week",
     None),
    ("Rescue teams reached the valley on Tuesday.", "Tuesday", "DATE", "2024-06-18", "day",
     None),
    ("Prices began climbing last fall, the ministry said.", "last fall", "DATE", "2023-FA",
     "season", None),
    ("The council approved the budget in March.", "March", "DATE", "2024-03", "month", None),
    ("Reserves had fallen sharply by late May.", "late May", "DATE", "2024-05", "month",
     "END"),
    ("The president began a two-day visit to Norland.", "two-day", "DURATION", "P2D",
     "duration", None),
    ("It was the first trip by a Velmark leader in 24 years.", "24 years", "DURATION", "P24Y",
     "duration", None),
    ("Elections in Corvia are due next year.", "next year", "DATE", "2025", "year", None),
    ("Talks resume this week in Portvale.", "this week", "DATE", "2024-W25", "week", None),
    ("The Oster bridge opened 24 years ago.", "24 years ago", "DATE", "2000", "year", None),
    ("The dockworkers' strike began September last year.", "September last year", "DATE",
     "2023-09", "month", None),
    ("Output at the Halden plant rose early this year.", "early this year", "DATE", "2024",
     "year", "START"),
    ("The Brenmark agency publishes the figures every week.", "every week", "SET", "P1W",
     "duration", None),
    ("The price index is updated weekly.", "weekly", "SET", "P1W", "duration", None),
    ("The final vote is scheduled for Friday.", "Friday", "DATE", "2024-06-21", "day", None),
    ("The court will rule on Monday, its clerk said.", "Monday", "DATE", "2024-06-24", "day",
     None),
    ("Officials met at 2:30 p.m. on Wednesday in the capital.", "2:30 p.m. on Wednesday",
     "TIME", "2024-06-19T14:30", "time", None),
    ("Talmont Bank said profit for the third quarter of 2023 was flat.",
     "the third quarter of 2023", "DATE", "2023-Q3", "quarter", None),
    ("The storm reached the coast yesterday.", "yesterday", "DATE", "2024-06-19", "day", None),
    ("The ferry service resumes tomorrow.", "tomorrow", "DATE", "2024-06-21", "day", None),
    ("The mayor will speak tonight.", "tonight", "TIME", "2024-06-20TNI", "time", None),
    ("The treaty was signed on June 3, 2019, in Ardell.", "June 3, 2019", "DATE", "2019-06-03",
     "day", None),
    ("The treaty was signed on 3 June 2019 in Ardell.", "3 June 2019", "DATE", "2019-06-03",
     "day", None),
    ("The filing is dated 2024-06-18.", "2024-06-18", "DATE", "2024-06-18", "day", None),
    ("The factory closed in the 1990s.", "the 1990s", "DATE", "199", "decade", None),
    ("Rents doubled in the mid-1990s.", "the mid-1990s", "DATE", "199", "decade", "MID"),
    ("Water is now rationed in Keswold.", "now", "DATE", "PRESENT_REF", "unknown", None),
    ("The mill recently cut 40 jobs.", "recently", "DATE", "PAST_REF", "unknown", None),
    ("A ruling is expected in the near future.", "the near future", "DATE", "FUTURE_REF",
     "unknown", None),
    ("The road was closed for nearly three months.", "nearly three months", "DURATION", "P3M",
     "duration", "LESS_THAN"),
    ("Sales fell over the past two years.", "the past two years", "DURATION", "P2Y",
     "duration", None),
    ("The festival returns in the summer of 2021.", "the summer of 2021", "DATE", "2021-SU",
     "season", None),
    ("The envoys met on Tuesday of last week.", "Tuesday of last week", "DATE", "2024-06-11",
     "day", None),
    ("Turnout was higher in the first half of 2022.", "the first half of 2022", "DATE",
     "2022-H1", "quarter", None),
    ("The inquiry lasted two and a half years.", "two and a half years", "DURATION", "P2Y6M",
     "duration", None),
    ("The plant runs at least 30 days a year.", "at least 30 days", "DURATION", "P30D",
     "duration", "EQUAL_OR_MORE"),
]


@pytest.mark.parametrize(("text", "span", "type_", "value", "precision", "modifier"), CASES,
                         ids=[c[1] for c in CASES])
def test_expression_kinds(text, span, type_, value, precision, modifier):
    expr = _one(text, span)
    assert (expr.type, expr.value, expr.precision, expr.modifier) == (
        type_, value, precision, modifier)


def test_intervals_cover_the_value():
    text = "Prices began climbing last fall and peaked last week, after a calm March."
    found = {t.text: t for t in extract_times(text, PUBLISHED)}
    assert (found["last fall"].low, found["last fall"].high) == ("2023-09-01", "2023-11-30")
    assert (found["last week"].low, found["last week"].high) == ("2024-06-10", "2024-06-16")
    assert (found["March"].low, found["March"].high) == ("2024-03-01", "2024-03-31")


def test_year_ago_follows_the_quarter_being_reported():
    text = ("Dunmore Foods said first-quarter profit rose 8% to $40 million, up from $37 million "
            "a year earlier.")
    found = {t.text: t.value for t in extract_times(text, PUBLISHED)}
    assert found["first-quarter"] == "2024-Q1"
    assert found["a year earlier"] == "2023-Q1"


def test_weekday_tense_and_sentence_bounds():
    text = ("The board will meet next month. Its chairman resigned Monday. "
            "Shareholders will vote Monday.")
    values = [t.value for t in extract_times(text, PUBLISHED) if t.text == "Monday"]
    assert values == ["2024-06-17", "2024-06-24"]


def test_no_time_expressions_in_plain_numbers_and_modal_may():
    text = "Officials may decide to hire 1999 workers, and 2500 people marched to the square."
    assert extract_times(text, PUBLISHED) == ()


def test_offsets_are_exact_and_in_order():
    text = ("KESWOLD, June 20 (Northwire) - Flooding that began on Tuesday has closed the "
            "harbour for the third time in 24 years, officials said, and repairs could take "
            "three months. The port reopened in March after a two-day strike last fall.")
    found = extract_times(text, PUBLISHED)
    assert [t.text for t in found] == ["June 20", "Tuesday", "24 years", "three months",
                                       "March", "two-day", "last fall"]
    assert all(text[t.start:t.end] == t.text for t in found)
    assert found[0].value == "2024-06-20"


def test_without_publication_date_relative_values_stay_unresolved_but_typed():
    text = ("The envoy arrived last week and met the premier on Tuesday. The talks began in "
            "March, 24 years ago, and the two-day summit ended on June 3, 2019.")
    found = {t.text: t for t in extract_times(text, None)}
    assert found["last week"].value == "XXXX-WXX"
    assert found["Tuesday"].value == "XXXX-WXX-2"
    assert found["March"].value == "XXXX-03"
    assert found["24 years ago"].value == "XXXX"
    assert all(found[k].low is None for k in ("last week", "Tuesday", "March", "24 years ago"))
    assert all(found[k].type == "DATE" for k in ("last week", "Tuesday", "March"))
    assert (found["two-day"].type, found["two-day"].value) == ("DURATION", "P2D")
    assert found["June 3, 2019"].value == "2019-06-03"


def test_a_sentence_resolves_and_the_time_of_day_changes_nothing():
    text = ("On Tuesday the Velmark cabinet met for the first time in 24 years; last fall it "
            "had promised a vote early next year.")
    first = extract_times(text, PUBLISHED)
    assert [(t.text, t.type, t.value, t.modifier) for t in first] == [
        ("Tuesday", "DATE", "2024-06-18", None), ("24 years", "DURATION", "P24Y", None),
        ("last fall", "DATE", "2023-FA", None), ("early next year", "DATE", "2025", "START")]
    assert first == extract_times(text, dt.datetime(2024, 6, 20, 15, 30))


def test_resolve_date_text():
    expr = resolve_date_text("as of late May", PUBLISHED)
    assert (expr.value, expr.modifier, expr.text) == ("2024-05", "END", "late May")
    assert resolve_date_text("Sept. 30", dt.date(2024, 10, 15)).value == "2024-09-30"
    assert resolve_date_text("no date here", PUBLISHED) is None
    assert resolve_date_text("last week", None).value == "XXXX-WXX"


def test_with_spacy_analysis():
    from storyline.analyse.nlp import analyse_text

    text = ("The Ostrava works employed 1998 people last year. "
            "The new line opens on Monday, the company said.")
    found = {t.text: t.value for t in extract_times(text, PUBLISHED, analyse_text(text))}
    assert found == {"last year": "2023", "Monday": "2024-06-17"}


# --- TimeBank regression guard ---------------------------------------------------------------

_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")


def _timebank(path):
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r'functionInDocument="CREATION_TIME"', raw)
    tag = raw[raw.rfind("<TIMEX3", 0, dct.start()):raw.find(">", dct.start())]
    published = dt.date.fromisoformat(re.search(r'value="(\d{4}-\d\d-\d\d)', tag).group(1))
    body = raw[raw.index("<TEXT>") + 6:raw.index("</TEXT>")]
    text, gold, pos, opened = "", [], 0, None
    for match in _TAG.finditer(body):
        text += html.unescape(body[pos:match.start()])
        pos = match.end()
        if match.group(2) == "TIMEX3":
            if match.group(1):
                gold.append((opened[0], len(text), opened[1]))
            else:
                opened = (len(text), re.search(r'value="([^"]*)"', match.group(3)).group(1))
    text += html.unescape(body[pos:])
    return text, published, gold


def test_timebank_value_f1_guard():
    files = sorted(shared_path("data", "time", "TimeBank").glob("*.tml"))[::12]
    n_gold = n_pred = hits = 0
    for path in files:
        text, published, gold = _timebank(path)
        pred = extract_times(text, published)
        n_gold, n_pred = n_gold + len(gold), n_pred + len(pred)
        for start, end, value in gold:
            hits += any(p.start < end and start < p.end and p.value == value for p in pred)
    precision, recall = hits / n_pred, hits / n_gold
    assert len(files) >= 10
    assert 2 * precision * recall / (precision + recall) > 0.65


def test_month_and_day_without_year_follow_tense():
    published = dt.date(2024, 6, 17)
    past = extract_times("In September, the envoy visited Ardell.", published)
    future = extract_times("The envoy will visit Ardell in September.", published)
    assert [t.value for t in past] == ["2023-09"]
    assert [t.value for t in future] == ["2024-09"]
    dividend = extract_times("Brask Mills declared a dividend payable Dec. 15 to holders of "
                             "record Nov. 17.", dt.date(2024, 10, 26))
    assert [t.value for t in dividend] == ["2024-12-15", "2024-11-17"]


def test_holidays():
    text = "Shops in Ardell closed on Christmas Day and will reopen after Easter."
    assert [(t.text, t.value) for t in extract_times(text, PUBLISHED)] == [
        ("Christmas Day", "2023-12-25"), ("Easter", "2025-04-20")]
    assert extract_times("They sold a Christmas tree.", PUBLISHED) == ()


def test_day_range_is_two_dates():
    text = "The Vellmar Institute polled 900 adults June 3-6 and again Oct. 30-Nov. 2, 2023."
    assert [(t.text, t.value) for t in extract_times(text, PUBLISHED)] == [
        ("June 3", "2024-06-03"), ("6", "2024-06-06"), ("Oct. 30", "2023-10-30"),
        ("Nov. 2, 2023", "2023-11-02")]


def test_titles_and_mastheads_are_not_times():
    text = ("The film 24 Hours opened in Ardell. A USA TODAY poll and the morning show "
            "\u201cMidnight with Tam Orrin\u201d both asked whether the guards would march "
            "to the square. Marchers left at midnight.")
    found = [(t.text, t.value) for t in extract_times(text, PUBLISHED)]
    assert found == [("midnight", "2024-06-20T00:00")]
    assert [t.text for t in extract_times("They rested for 24 hours.", PUBLISHED)] == [
        "24 hours"]


def test_bare_clock_time_takes_the_day_named_before():
    text = ("The mayor of Ardell opened the fair on Monday with a speech. By 4 p.m., the "
            "stalls were empty.")
    assert [(t.text, t.value) for t in extract_times(text, PUBLISHED)] == [
        ("Monday", "2024-06-17"), ("4 p.m.", "2024-06-17T16:00")]
    alone = extract_times("By 4 p.m., the stalls in Ardell were empty.", PUBLISHED)
    assert [t.value for t in alone] == ["2024-06-20T16:00"]


def test_overlapping_candidates_keep_the_longest_first_as_a_full_comparison_would():
    """The overlap test by bisection chooses exactly what comparing each candidate with
    every chosen span chooses, on many random overlapping spans (zero-length ones too)."""
    import random

    from storyline.analyse.times import _select
    from storyline.analyse.timex_rules import Candidate

    def every_pair(candidates):
        chosen = []
        for c in sorted(candidates, key=lambda c: (-(c.end - c.start), c.start)):
            if not any(c.start < k.end and k.start < c.end for k in chosen):
                chosen.append(c)
        return sorted(chosen, key=lambda c: c.start)

    rng = random.Random(7)
    for _ in range(200):
        spans = []
        for _ in range(rng.randint(0, 40)):
            start = rng.randint(0, 300)
            spans.append(Candidate(start, start + rng.randint(0, 30), "r", {}, ""))
        assert _select(spans) == every_pair(spans)


def test_a_page_of_a_thousand_dates_finds_each_date():
    text = "The ledger lists " + "3 May 2031, " * 1000 + "and nothing else."
    times = extract_times(text, dt.date(2031, 6, 1))
    assert [t.value for t in times] == ["2031-05-03"] * 1000


@pytest.mark.parametrize("sentence, value", [
    ("Varn was rocked by a devastating attack in November, when 130 people died.", "2030-11"),
    ("The Varn loan is due by November.", "2031-11"),
    ("Talks in Varn will run until March.", "2032-03"),
    ("The Varn levy applies starting in January.", "2032-01"),
    ("Varn's exports fell in March.", "2031-03"),
])
def test_by_until_and_starting_point_ahead_only_right_before_the_time(sentence, value):
    """ "rocked by a devastating attack in November" is last November; "due by November"
    is the next one (the reference date is 2031-07-15)."""
    times = extract_times(sentence, dt.date(2031, 7, 15))
    assert [t.value for t in times] == [value]
