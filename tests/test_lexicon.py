"""The shared word lists and the one reader of number words."""

from __future__ import annotations

import pytest

from storyline.analyse.numbers import parse_numbers, qualified_bounds, qualifier_before
from storyline.analyse.times import extract_times, parse_number
from storyline.copies.misdating import check_text
from storyline.lexicon import MONTH_NUMBERS, QUALIFIERS, TIMEX_MODS, UP_TO, WEEKDAY_NUMBERS
from storyline.numwords import word_number


@pytest.mark.parametrize("text, value", [
    ("twenty-four", 24), ("twenty four", 24), ("sixty", 60), ("a dozen", 12),
    ("one hundred", 100), ("a thousand", 1000), ("24", 24), ("first", None),
    ("two-three", None), ("twenty-twenty", None), ("", None), ("several", None),
])
def test_word_number(text, value):
    assert word_number(text) == value


def test_every_stage_reads_number_words_alike():
    assert parse_number("ninety nine") == 99 and parse_number("a couple of") == 2
    assert parse_numbers("ninety-nine")[0].value == word_number("ninety-nine") == 99
    text = "It was her first visit in sixty years. She first visited in July 1964."
    assert check_text(text, "2024-07-01").misdated is False
    assert check_text(text, "2030-07-01").misdated is True


def test_one_qualifier_table():
    phrases = [p for ps in QUALIFIERS.values() for p in ps]
    assert len(phrases) == len(set(phrases))  # each phrase means one thing
    text = "up to 7,000 shells"
    qualifier, _ = qualifier_before(text, 6)
    assert qualifier == UP_TO and TIMEX_MODS[UP_TO] == "EQUAL_OR_LESS"
    assert qualified_bounds(parse_numbers(text)[0], qualifier) == (None, 7000)  # at most
    (expr,) = extract_times("The ban lasts up to 30 days.", None)
    assert expr.modifier == "EQUAL_OR_LESS"


def test_month_and_weekday_names():
    assert MONTH_NUMBERS["sept"] == MONTH_NUMBERS["september"] == 9
    assert WEEKDAY_NUMBERS["thurs"] == WEEKDAY_NUMBERS["thursday"] == 4
