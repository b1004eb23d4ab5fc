"""The start-character lookahead finds exactly the matches of the pattern as written."""

from __future__ import annotations

import re

import pytest

from storyline.analyse import claims, quotes, timex_rules
from storyline.analyse.first_chars import starts_class, with_starts

TEXT = (
    "On Tuesday, March 3, 2031, the Varnholt council said it would spend $4.5 million "
    "over the next two years. \"We expected this,\" said Mayor Ilse Brankov, adding that "
    "nearly 3,000 residents signed the petition in the first quarter of 2030. According to "
    "the Kessel Gazette, the vote was held 10 days ago, at 7:30 p.m. local time; a third of "
    "the seats changed hands in the mid-1990s and again last spring. Twenty-one members, "
    "one-fifth of them new, meet every other Thursday until Dec. 12. 'Ninety-nine' percent "
    "of ﬁles (ligature) and the Kelvin sign \u212a were kept; ſo was the long s.\n"
    "Brankov told reporters late last week that the plan, announced earlier this month, "
    "would take a decade and a half. Officials wrote: \"It adds up.\" UPDATE 14-Mar-2031."
)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


@pytest.mark.parametrize(("pattern", "flags"), [
    (r"(?<![\w-])(?:said|says|told|according\s+to)(?![\w-])", 0),
    (r"(?i)\b(?:one|two|three|twenty|million|third)\b|\d+(?:[.,:/]\d+)*", 0),
    (r"(?:nearly|about\s+)?\d+\s+(?:days|years)", re.IGNORECASE),
    (r"\$?\d[\d,.]*", 0),
    (r"(?<=\s)[A-Z][a-z]+", 0),
])
def test_same_matches_as_the_plain_pattern(pattern: str, flags: int) -> None:
    fast = with_starts(pattern, flags)
    assert fast.pattern != pattern  # the lookahead is in front
    assert _matches(fast, TEXT) == _matches(re.compile(pattern, flags), TEXT)
    assert _matches(fast, TEXT)  # the text exercises the pattern


def test_class_holds_every_first_character() -> None:
    assert starts_class(r"(?:early|mid)?\s*(?:spring|summer)") is not None
    cls = re.compile(starts_class(r"(?:early|mid)?\s*(?:spring|summer)"))
    assert all(cls.match(c) for c in "ems \t\n")
    assert not cls.match("x")
    assert starts_class(r"(?i)k") is not None and re.compile(
        starts_class("k"), re.IGNORECASE).match("\u212a")  # the Kelvin sign folds to k


@pytest.mark.parametrize("pattern", [r"a*", r"(?:x|)", r"[^a]b", r".z", r"(a)?\1"])
def test_no_class_where_any_character_may_start(pattern: str) -> None:
    assert starts_class(pattern) is None
    assert with_starts(pattern).pattern == pattern  # compiled as written


def _without_lookahead(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The rule as it was written before the lookahead: the class removed again."""
    source = re.sub(r"^(\(\?<!\[[^\]]*\]\))\(\?=\[[^\]]*\]\)", r"\1", pattern.pattern)
    assert source != pattern.pattern
    return re.compile(source, pattern.flags)


def test_time_rules_find_what_they_found_without_the_lookahead() -> None:
    words = TEXT + "\n" + TEXT.lower() + "\n" + TEXT.upper()
    found = 0
    for name, pattern in [*timex_rules.RULES, ("day_range", timex_rules.DAY_RANGE)]:
        got = _matches(pattern, words)
        assert got == _matches(_without_lookahead(pattern), words), name
        found += len(got)
    assert found > 40


def test_cue_and_number_word_patterns_are_unchanged() -> None:
    plain_cues = re.compile(quotes._CUE_RE.pattern.split(")(?:", 1)[1][:-1])
    assert _matches(quotes._CUE_RE, TEXT) == _matches(plain_cues, TEXT)
    assert len(_matches(quotes._CUE_RE, TEXT)) >= 4
    numbers = claims._NUMBER_WORDS.pattern
    plain_numbers = re.compile("(?i)" + numbers.split(")(?:", 1)[1][:-1])
    assert _matches(claims._NUMBER_WORDS, TEXT) == _matches(plain_numbers, TEXT)
    assert len(_matches(claims._NUMBER_WORDS, TEXT)) >= 8
