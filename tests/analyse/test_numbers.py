"""Number parsing: digits, words, scales, ranges, fractions, money, percent, ordinals."""

from __future__ import annotations

import json

import pytest
from conftest import shared_path

from storyline.analyse.numbers import (
    FRACTION,
    MONEY,
    ORDINAL,
    PERCENT,
    RANGE,
    parse_numbers,
    qualified_bounds,
    qualifier_after,
    qualifier_before,
    unread_spans,
)


def only(text: str):
    numbers = parse_numbers(text)
    assert len(numbers) == 1, numbers
    n = numbers[0]
    assert text[n.start : n.end] == n.text  # offsets exact
    return n


@pytest.mark.parametrize(("text", "surface", "value"), [
    ("Crews unloaded 7,000 crates.", "7,000", 7000),
    ("The port handled 7.5 million tonnes", "7.5 million tonnes", 7.5e6),
    ("they counted seven thousand ballots", "seven thousand", 7000),
    ("a crowd of twenty-four people", "twenty-four", 24),
    ("one hundred and sixty-one votes", "one hundred and sixty-one", 161),
    ("The plan costs 2.3bn pounds", "2.3bn pounds", 2.3e9),
    ("It sold 10k copies", "10k", 1e4),
    ("a 1 234 567 figure", "1 234 567", 1234567),
    ("five and a half million residents", "five and a half million", 5.5e6),
    ("half a million refugees crossed", "half a million", 5e5),
    ("about 40 000 troops massed", "40 000", 4e4),
    ("it exports 2m barrels a day", "2m barrels", 2e6),
])
def test_cardinals_in_digits_and_words(text, surface, value):
    n = only(text)
    assert n.text == surface
    assert n.value == pytest.approx(value)


def test_dozen_and_vague_amounts():
    n = only("She bought a dozen eggs")
    assert (n.text, n.value, n.approximate) == ("a dozen", 12, False)
    n = only("Dozens of villagers fled")
    assert n.text == "Dozens" and n.low == 24 and n.approximate and n.high > n.low
    n = only("tens of thousands of marchers")
    assert n.low == 20_000 and n.approximate
    n = only("half a dozen boats")
    assert n.value == 6


def test_a_singular_slip_before_of_thousands_reads_as_the_plural():
    # "ten of thousands of emails" is a slip for "tens of thousands": read as ten and
    # then "thousands", it had made a false conflict with a figure of 31,000 emails
    n = only("she deleted ten of thousands of emails")
    assert (n.text, n.low, n.high) == ("ten of thousands", 20_000, 100_000)
    n = only("Hundred of thousands of people marched")
    assert (n.text, n.low) == ("Hundred of thousands", 200_000)
    # "one of thousands" is one of them
    assert [x.text for x in parse_numbers("one of thousands of people")] == ["one",
                                                                             "thousands"]


def test_hyphenated_durations_carry_their_unit():
    n = only("a two-day visit to the capital")
    assert (n.text, n.value, n.unit) == ("two-day", 2, "day")
    n = only("the 776-foot airship")
    assert (n.value, n.unit) == (776, "ft")


@pytest.mark.parametrize(("text", "surface", "low", "high"), [
    ("between 1,000-2,000 soldiers", "1,000-2,000", 1000, 2000),
    ("Between 10 and 20 tanks", "Between 10 and 20", 10, 20),
    ("from 5 to 7 million people", "from 5 to 7 million", 5e6, 7e6),
    ("rates of 3-4%", "3-4%", 3, 4),
])
def test_ranges(text, surface, low, high):
    n = only(text)
    assert n.kind == RANGE and n.text == surface
    assert (n.low, n.high) == (pytest.approx(low), pytest.approx(high))
    assert n.low < n.value < n.high


def test_year_spans_are_not_ranges():
    assert all(n.kind != RANGE for n in parse_numbers("during the 2019-2020 season"))


@pytest.mark.parametrize(("text", "surface", "value", "unit"), [
    ("a $1.2 billion loan", "$1.2 billion", 1.2e9, "USD"),
    ("a £5m grant", "£5m", 5e6, "GBP"),
    ("worth €300,000", "€300,000", 3e5, "EUR"),
    ("HK$ 10.05 billion in exports", "HK$ 10.05 billion", 10.05e9, "HKD"),
    ("paid 420 million yen", "420 million yen", 4.2e8, "JPY"),
])
def test_money(text, surface, value, unit):
    n = only(text)
    assert (n.kind, n.text, n.unit) == (MONEY, surface, unit)
    assert n.value == pytest.approx(value)


@pytest.mark.parametrize(("text", "surface", "value"), [
    ("turnout was 40%", "40%", 40), ("up 12.5 per cent", "12.5 per cent", 12.5),
    ("sixty percent of voters", "sixty percent", 60),
])
def test_percent(text, surface, value):
    n = only(text)
    assert (n.kind, n.text, n.value, n.unit) == (PERCENT, surface, value, "%")


@pytest.mark.parametrize(("text", "surface", "value"), [
    ("the third meeting", "third", 3), ("for the 24th time", "24th", 24),
    ("his twenty-first birthday", "twenty-first", 21),
])
def test_ordinals(text, surface, value):
    n = only(text)
    assert (n.kind, n.text, n.value) == (ORDINAL, surface, value)


@pytest.mark.parametrize(("text", "surface", "value"), [
    ("two thirds of members", "two thirds", 2 / 3), ("a third of the budget", "a third", 1 / 3),
    ("a 2 1/2 inch pipe", "2 1/2 inch", 2.5), ("about ¾ full", "¾", 0.75),
    ("nearly 3 in 10 voters", "3 in 10", 0.3), ("one out of five homes", "one out of five", 0.2),
    ("one hundred and three quarters", "one hundred and three quarters", 100.75),
])
def test_fractions(text, surface, value):
    n = only(text)
    assert (n.kind, n.text) == (FRACTION, surface)
    assert n.value == pytest.approx(value)


def test_a_third_term_is_an_ordinal_not_a_fraction():
    assert only("she won a third term").kind == ORDINAL


@pytest.mark.parametrize("text", [
    "The one you mentioned is gone", "Meet at 10:30 a.m. tomorrow",
    "Call +1-555-0100-2200 now", "the 1990s were calm", "see https://example.org/a/2024/55%",
])
def test_non_numbers_are_left_out(text):
    assert parse_numbers(text) == ()


def test_names_with_digits_are_not_numbers():
    assert parse_numbers("The G7 met") == ()


def test_qualifiers_and_bounds():
    text = "officials counted about 7,000 shells and more than 40 rockets, up to 500 drones"
    about, more, upto = parse_numbers(text)
    assert qualifier_before(text, about.start)[0] == "about"
    assert qualified_bounds(about, "about") == (pytest.approx(6300), pytest.approx(7700))
    q, at = qualifier_before(text, more.start)
    assert q == "more than" and text[at:more.start] == "more than "
    assert qualified_bounds(more, q) == (40, None)
    assert qualified_bounds(upto, qualifier_before(text, upto.start)[0]) == (None, 500)
    nearly = only("nearly 100 boats")
    assert qualified_bounds(nearly, "nearly") == (pytest.approx(90), 100)
    text = "500 or more workers"
    assert qualifier_after(text, 3) == ("at least", len("500 or more"))


def test_every_number_of_a_mixed_sentence_in_order():
    text = "About 7,000 containers, $1.2 billion and a two-day visit; the third time."
    found = [(n.start, n.text, n.value, n.kind, n.unit) for n in parse_numbers(text)]
    assert found == [(6, "7,000", 7000, "cardinal", None),
                     (24, "$1.2 billion", 1.2e9, "money", "USD"),
                     (43, "two-day", 2, "cardinal", "day"),
                     (62, "third", 3, "ordinal", None)]


def test_recognizers_percent_specs_all_found():
    """Every valued case of the Recognizers-Text percent spec is found with its value."""
    path = shared_path("data", "quantities", "Number_PercentModel.json")
    found = total = 0
    for case in json.loads(path.read_text(encoding="utf-8")):
        for result in case["Results"]:
            value = result["Resolution"].get("value")
            if value in (None, "null") or case["Input"].lower().startswith(("percent", "per")):
                continue
            total += 1
            found += any(n.kind == PERCENT and n.value == float(value.rstrip("%"))
                         for n in parse_numbers(case["Input"]))
    assert total >= 10 and found == total


def test_a_metre_is_still_a_metre_and_years_do_not_join_counts():
    wall = only("They built a 2m wall.")
    assert (wall.value, wall.unit) == (2.0, "m")
    assert [n.text for n in parse_numbers("In 2021 100 people died.")] == ["2021", "100"]


def test_identifiers_and_markup_left_in_a_dump_are_no_numbers():
    text = ('<tweet id="772138489358585856" author="@kellnews" timestamp="1449075600">'
            "Praying for the 14 victims.</tweet> The post 772138489358585856 was shared "
            "1,200,000 times by 3 accounts.")
    assert [text[n.start : n.end] for n in parse_numbers(text)] == ["14", "1,200,000", "3"]
    reasons = {text[s:e]: why for s, e, why in unread_spans(text)}
    assert reasons["772138489358585856"] == "name"
    assert any(why == "furniture" and span.startswith("<tweet") for span, why in reasons.items())
