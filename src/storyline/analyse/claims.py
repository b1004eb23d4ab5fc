"""Numeric claims of one article: a figure, its qualifier, what it counts, who says so, when.

A claim is a number the story turns on ("more than 40 ballistic missiles",
"about 7,000 containers filled with munitions", "46 percent of likely
voters", "$38.9 million") with the interval its qualifier allows, what is
counted and a grouping key for it (the measure), the subject it is about
("Clinton" in "46 percent would choose Clinton"), the source ("according to
X", "X said", or the speaker of a quote that contains it), the poll a share
comes from, the time it holds as of, and the sentence that states it.

Every number found in the text is either a claim or a `SkippedNumber` with
the reason it is not one (`REASONS`): a year, a date, a time expression or a
length of time, a clock time, an ordinal, an age, part of a name, list
numbering, a score, page furniture, a note the site repeats, a reference to
things already named ("the two candidates"), an idiom ("100% convinced").
Rules run over text, sentences and entity mentions only (the pipeline has no
parser). Pure: same analysis in, same claims out.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storyline.analyse.entities import ArticleAnalysis, Mention, resolve_pronoun
from storyline.analyse.first_chars import with_starts
from storyline.analyse.nearby import StartIndex
from storyline.analyse.numbers import (
    FRACTION,
    MONEY,
    ORDINAL,
    PERCENT,
    NumberSpan,
    parse_numbers,
    qualified_bounds,
    qualifier_after,
    qualifier_before,
    unread_spans,
)
from storyline.lexicon import MONTH_NUMBERS, ORDINALS, SMALL_NUMBERS, TENS

COUNT, ORDINAL_KIND, DURATION, MONEY_KIND, PERCENT_KIND, MEASURE = (
    "count", "ordinal", "duration", "money", "percent", "measure")
TIME_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "second", "decade",
                        "century"})

#: Why a number is not a claim, with what the reason covers.
REASONS = {
    "year": "a year (2016, the 1990s)",
    "date": "part of a date (March 15, 9/11)",
    "time": "part of a time expression or a length of time (two weeks ago, for 30 years)",
    "clock": "a clock time (9:15 p.m., 1750 GMT)",
    "ordinal": "an ordinal (first time, second ballot, 19th century)",
    "age": "a person's age (Smith, 58; a 74-year-old)",
    "name": "part of a name or designation (COVID-19, Super Tuesday 2, Future45)",
    "list": "list numbering (1. ...)",
    "score": "a score or tally (a 5-4 decision)",
    "furniture": "page furniture (photo 3 of 12, 5 min read, links)",
    "site note": "a note the site repeats (an editor's note, a newsletter pitch)",
    "reference": "a reference to things already named (the two candidates, one of them, "
                 "four of five states)",
    "idiom": "an idiom or figure of speech (100% convinced, the 1 percent, one-on-one)",
    "language": "in an article whose language the rules do not read (not English)",
}


@dataclass(frozen=True, slots=True)
class Claim:
    """One attributed figure; offsets into the article's clean text.

    [start, end) covers qualifier + number + counted phrase; [number_start,
    number_end) the number as written; [sentence_start, sentence_end) the
    sentence that states it. `low`/`high` are the interval the qualifier
    allows (None: unbounded). `counted` is what is counted or measured as
    written; `counted_key` the measure it is grouped by (the counted phrase
    without determiners, singular: "pledged delegate"). `subject_text`/
    `subject_key` name the entity the figure is about ("Clinton" in "46
    percent would choose Clinton"), `survey` the poll a share comes from
    (normalised: "quinnipiac university"). `context` holds the lowercased
    place/organisation names of the sentence.
    """

    start: int
    end: int
    number_start: int
    number_end: int
    value: float
    low: float | None
    high: float | None
    qualifier: str | None
    unit: str | None
    counted: str
    counted_key: str
    kind: str
    source_text: str | None
    source_key: str | None
    as_of_text: str | None
    as_of_value: str | None
    context: tuple[str, ...] = ()
    sentence_start: int | None = None
    sentence_end: int | None = None
    subject_text: str | None = None
    subject_key: str | None = None
    survey: str | None = None


@dataclass(frozen=True, slots=True)
class SkippedNumber:
    """A number found in the text that is not a claim, and why (a key of `REASONS`)."""

    start: int
    end: int
    text: str
    reason: str


_MONTHS = list(MONTH_NUMBERS)
_MONTH_RE = r"(?:" + "|".join(m.capitalize() for m in _MONTHS) + r")\.?"
_NEAR_MONTH_BEFORE = re.compile(_MONTH_RE + r"\s+$")
_NEAR_MONTH_AFTER = re.compile(r"^(?:st|nd|rd|th)?\s+" + _MONTH_RE + r"\b")
_NAME_HYPHEN = re.compile(r"[A-Z][\w]*[-\u2011]$")
_FURNITURE_BEFORE = re.compile(r"(?i)\b(?:photos?|images?|pictures?|slides?|pages?|parts?)\s+"
                               r"(?:\d+\s+(?:of|/)\s+)?$")
_FURNITURE_AFTER = re.compile(
    r"(?i)^\s*(?:min(?:ute)?s?\s+read|comments?|shares?|views?|likes?|photos?|images?|"
    r"replies|reactions?|retweets?|of\s+\d+\b)")
_AGE_BEFORE = re.compile(r"(?:[A-Z][\w'-]+,\s*|\baged\s+|\bage\s+)$")
_AGE_AFTER = re.compile(r"^\s*(?:,|-year-old|\s+years?\s+old)")
_DETERMINER_BEFORE = re.compile(r"(?i)\b(?:the|both|these|those|all)\s+$")

#: Words that end a counted noun phrase (function words, common verbs).
_STOP = frozenset("""
a an the this that these those to from in on at by for since as than then with without into
onto over under after before during while when where which who whom whose what whether if
because but or nor so yet and of per via about around against between among across through
said says say told tells according reported reports stated claimed estimated added noted
announced confirmed warned believes believed is was were are be been being has have had will
would could should may might can must do does did not also already still just only even
it its they their them he his she her we our you your i me my there here now some any each
every both all more most many much such no up down out off near nearly almost
along outside inside behind beyond toward towards amid despite including within worth last
next ago long wide high tall deep old away apart later earlier versus vs respectively apiece
short needed
""".split())
_IRREGULAR = frozenset("met came went took made saw began became told gave won lost ran".split())
_PERIODS = frozenset({"quarter", "half", "century", "millennium", "decade"})
_PARTICIPLE_PREPS = frozenset({"with", "by", "from", "for", "in", "of"})
_WORD = re.compile(r"\s*([A-Za-z][\w'\u2019-]*|\d[\d,.]*\d|\d|[^\w\s])")
_ATTRIBUTION_VERBS = (r"said|says|say|told|tells|estimated|estimates|reported|reports|stated|"
                      r"states|claimed|claims|noted|notes|added|adds|announced|announces|"
                      r"confirmed|confirms|wrote|writes|warned|warns|believes|believed|"
                      r"according to|cited|cites|put|puts")
_VERB_RE = re.compile(r"\b(?:" + _ATTRIBUTION_VERBS + r")\b")
_ACCORDING = re.compile(r"(?i)\baccording to\s+")
_PRONOUN = re.compile(r"\b(?:he|she|they|it)\s*$", re.IGNORECASE)
#: Who can be a source ("Russian officials said" is a description, not NORP "Russian").
_SOURCE_LABELS = {"PERSON": 0, "ORG": 1, "GPE": 2}
_CONTEXT_LABELS = frozenset({"GPE", "ORG", "NORP", "LOC"})
_AS_OF_PREP = re.compile(
    r"(?i)(?:\b(?:as of|as at|by|since|until|through|till|in|on|at the end of|at the start of|"
    r"so far in|so far this|earlier this|during|over)\s+)$")
_AS_OF_FALLBACK = re.compile(
    r"(?i)\b(?:as of|as at|by|since|until|through)\s+(?:(?:late|early|mid|the end of|the start of)"
    r"[\s-]+)?(?:" + "|".join(_MONTHS) + r"|\d{4}|last (?:year|month|week)|this (?:year|month|week)"
    r")\b(?:\s+\d{4})?")
_AS_OF_PHRASE = re.compile(r"(?i)\b(?:this|last) (?:year|month|week)\b|\bso far\b")


def _sentence_bounds(analysis: ArticleAnalysis, starts: Sequence[int],
                     pos: int) -> tuple[int, int]:
    """The sentence around `pos`, else its line; at most `_REACH` characters either side."""
    text = analysis.text
    k = bisect.bisect_right(starts, pos) - 1
    if 0 <= k < len(analysis.sentences) and analysis.sentences[k].end > pos:
        return _within_reach(text, pos, analysis.sentences[k].start, analysis.sentences[k].end)
    return _line(text, pos)


#: How far either side of a number its sentence or line is read. Real sentences are far
#: shorter; without a bound a page of one endless sentence is read once per number in it
#: (quadratic: 8,000 characters of "1 2, " took 7 s, the 100,000-character limit minutes).
_REACH = 1000


def _within_reach(text: str, pos: int, lo: int, hi: int) -> tuple[int, int]:
    """[lo, hi) cut to `_REACH` characters either side of `pos`, at whitespace."""
    if pos - lo >= _REACH:
        cut = pos - _REACH
        space = text.find(" ", cut, pos)
        lo = cut if space < 0 else space + 1
    if hi - pos >= _REACH:
        cut = pos + _REACH
        space = text.rfind(" ", pos, cut)
        hi = cut if space < 0 else space
    return lo, hi


def _singular(word: str) -> str:
    w = word.casefold().strip("'\u2019")
    if w.endswith("'s") or w.endswith("\u2019s"):
        w = w[:-2]
    if len(w) <= 3 or w.endswith(("ss", "us", "is", "ics")):
        return w
    if w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "xes", "sses", "zes")):
        return w[:-2]
    if w.endswith("s"):
        return w[:-1]
    return w


@dataclass(frozen=True, slots=True)
class _Phrase:
    start: int
    end: int
    head: str


def _counted(text: str, pos: int, limit: int, openers: frozenset[str] = frozenset({"of"}),
             opener_only: bool = False) -> _Phrase | None:
    """The noun phrase counted by a number ending at `pos` (modifiers, head, post-modifier);
    with `opener_only`, only one after an opener ("46 percent of voters", not "46 percent
    call him competent")."""
    words: list[tuple[int, int, str]] = []
    i = pos
    for m in _WORD.finditer(text, pos, limit):
        if m.start() != i:
            break
        words.append((m.start(1), m.end(1), m.group(1)))
        i = m.end()
        if len(words) > 20:
            break
    k = 0
    while k < len(words) - 1 and words[k][2] in {'"', "\u201d", "'", "\u2019"}:
        k += 1  # '"more than 1,000" crates'
    if k < len(words) and words[k][2].casefold() in openers:  # "dozens of", "$2 billion in aid"
        k += 1
        while k < len(words) and words[k][2].casefold() in {"the", "its", "their", "his", "her",
                                                             "all", "those"}:
            k += 1
        while k < len(words) and not words[k][2][0].isalpha() and k + 1 < len(words):
            k += 1  # "half of the 180 delegates"
            while k < len(words) and words[k][2] in {",", "."}:
                k += 1
    if opener_only and (k == 0 or words[k - 1][2].casefold() not in openers):
        return None
    head_end = _np(words, k)
    while head_end > k and words[head_end - 1][2].endswith(("'s", "\u2019s")):
        k, head_end = head_end, _np(words, head_end)  # "of the bank's": skip the possessor
    if head_end == k or (head_end == k + 1 and words[k][2].casefold().endswith("ed")):
        return None  # nothing counted, or a verb ("the 2,383 needed")
    head_idx = head_end - 1
    end_idx = head_end
    nxt = words[end_idx][2].casefold() if end_idx < len(words) else ""
    if nxt == "of" and end_idx + 1 < len(words):  # "containers of military equipment"
        tail = _np(words, end_idx + 1)
        if tail > end_idx + 1:
            end_idx = tail
    elif nxt.endswith("ed") and nxt not in _STOP and end_idx + 1 < len(words) and (
            words[end_idx + 1][2].casefold() in _PARTICIPLE_PREPS):
        tail = _np(words, end_idx + 2, conjunctions=True)  # "filled with munitions and ..."
        if tail > end_idx + 2:
            end_idx = tail
    start = words[k][0]
    return _Phrase(start, words[end_idx - 1][1], words[head_idx][2])


_MEASURED = re.compile(
    r"(?<![\w-])([A-Za-z][a-z]+)(?:\s+(?:of|in)\s+(?:the\s+)?[\w-]+(?:\s+[A-Z][\w-]*)*)?\s+"
    r"(?:(?:stood|put|was|is|were|are|had|has|have)\s+)?"
    r"(?:(?<=was )|(?<=is )|(?<=were )|(?<=are )|at|to|reached|hit|totall?ed|"
    r"(?:rose|fell|grew|increased|decreased|dropped|declined|climbed|jumped|slowed|slipped|surged|soared|plunged|edged|"
    r"(?:to\s+)?(?:grow|rise|fall|increase|decrease|drop|decline|climb|shrink|contract|expand))"
    r"(?:\s+(?:to|by))?)\s*$")


def _measured_before(text: str, lo: int, pos: int) -> _Phrase | None:
    """What a bare figure measures, named before it ("turnout reached 64%", "population ... at")."""
    m = _MEASURED.search(text, max(lo, pos - 80), pos)
    if not m or m.group(1).casefold() in _STOP | {"percent", "cent", "points", "point"}:
        return None
    return _Phrase(m.start(1), m.end(1), m.group(1))


def _np(words: list[tuple[int, int, str]], k: int, conjunctions: bool = False) -> int:
    """End index of the noun phrase starting at words[k]."""
    j = k
    while j < len(words):
        w = words[j][2]
        low = w.casefold()
        if not w[0].isalpha():
            break
        if low == "and" and conjunctions and j > k and j + 1 < len(words) and (
                words[j + 1][2][0].isalpha()):
            j += 1
            if j < len(words) and words[j][2].casefold() == "other":
                j += 1
            continue
        if low in _STOP or (j > k and low.endswith("ed") and j + 1 < len(words)
                            and words[j + 1][2].casefold() in _PARTICIPLE_PREPS):
            break
        if low.endswith("ly") and len(low) > 4:
            if j > k:
                break
            j += 1  # "carefully coordinated troops"
            continue
        if j > k and low.endswith("ing") and j + 1 < len(words) and (
                words[j + 1][2].casefold() in _STOP):
            break  # "grain arriving at", but "new housing"
        if j > k and _plural(words[j - 1][2]) and not _plural(w) and low != "of":
            break  # "missiles struck", "troops marching": a plural noun ends the phrase
        j += 1
        if j - k >= 6:
            break
    return j


def _full_name(analysis: ArticleAnalysis, key: str) -> str | None:
    """The longest name written for an entity ("Shin Wonsik" for "Shin")."""
    names = [m.text for m in analysis.mentions if m.entity_key == key and m.kind == "name"]
    return max(names, key=lambda t: (len(t.split()), len(t)), default=None)


def _key_modifiers(analysis: ArticleAnalysis, phrase: _Phrase) -> list[str]:
    """Nationality words that modify the counted head ("Russian containers")."""
    out = []
    for m in analysis.mentions:
        if phrase.start <= m.start and m.end < phrase.end and m.label in {"NORP", "GPE"}:
            after = analysis.text[m.end : m.end + 1]
            if after in {" ", ""} and analysis.text[m.end:].lstrip().startswith(phrase.head) or (
                    m.end + 1 + len(phrase.head) <= phrase.end
                    and analysis.text.find(phrase.head, m.end) == m.end + 1):
                out.append(m.text.casefold())
    return out


def _plural(word: str) -> bool:
    low = word.casefold()
    return (len(low) > 3 and low.endswith("s") and not low.endswith(("'s", "\u2019s"))
            and not low.endswith(("ss", "us", "is", "ics")))


def _kind(number: NumberSpan) -> str:
    if number.kind == ORDINAL:
        return ORDINAL_KIND
    if number.unit in TIME_UNITS:
        return DURATION
    if number.kind == MONEY or number.unit in {"USD", "EUR", "GBP"}:
        return MONEY_KIND
    if number.kind == PERCENT or number.unit == "%":
        return PERCENT_KIND
    if number.unit:
        return MEASURE
    return COUNT


_SITE_NOTE = re.compile(
    r"(?i)^\W*(?:editor[\u2019']?s?\s+note|note\s+to\s+readers|correction|clarification|"
    r"disclosure|this (?:article|story|post) (?:was|has been) (?:updated|corrected)|"
    r"subscribe\b|sign up\b|follow\s+[\w .]+\s+on\s+(?:twitter|facebook|instagram))")
_TIME_ZONE_AFTER = re.compile(r"^\s*(?:GMT|UTC|[ECMP][SD]T|ET|CET|BST|local time)\b")
_TURNED_BEFORE = re.compile(r"(?i)\b(?:turned|turns|turning|aged?|at age)\s+$")
_REFERENCE_BEFORE = re.compile(
    r"(?i)\b(?:the|both|these|those|all|each of the|all of the|every one of the|its|their|his|"
    r"her|our|the last|the first|the next|the other|the past|the remaining|the same)\s+$")
_ONE_AS_COUNT = re.compile(r"(?i)\b(?:only|just|a mere|exactly|precisely|but|single)\s+$")
_IDIOMS = re.compile(
    r"(?i)\bthe\s+1\s?(?:percent|%)|\b100\s?(?:percent|%)\s+(?!of\b)[a-z]+|"
    r"\bhalf-[a-z]+|\bone-(?:on-one|issue|time|off|of-a-kind|sided|way|stop|size|liner)\b|"
    r"\bone\s+way\s+or\s+(?:the\s+)?(?:other|another)|\bby\s+the\s+(?:dozens|hundreds|"
    r"thousands|millions|billions)|\b(?:single|double|triple)[- ]digits?\b|"
    r"\bat\s+one\s+point\b|\bnumber\s+one\b|\bone\s+(?:day|of\s+these\s+days)\b|"
    r"\ba\s+million\s+(?:times|reasons|ways)|\bzero\s+(?:chance|tolerance)")
_HALF_TIME = re.compile(r"(?i)\b(?:first|second|latter|other|back|front)\s+$")
_DENOMINATOR_BEFORE = re.compile(
    r"(?i)\b(?:[\d,.]+|[a-z]+(?:-[a-z]+)?)\s+(?:of|out of|in)\s+(?:the\s+)?(?:past\s+|last\s+)?$")
_TABLE_ROW = re.compile(r"[ \t]*([A-Z][\w .,'\u2019&-]{0,50}?):[ \t]*[$\u00a3\u20ac]?\d")


def _line(text: str, pos: int) -> tuple[int, int]:
    """The line around `pos`, at most `_REACH` characters either side."""
    found = text.rfind("\n", max(0, pos - _REACH), pos)
    start = found + 1 if found >= 0 else max(0, pos - _REACH)
    end = text.find("\n", pos, pos + _REACH)
    return _within_reach(text, pos, start, end if end >= 0 else min(len(text), pos + _REACH))


def _table_row(text: str, n: NumberSpan) -> str | None:
    """The label of a "Label: 1,769." data line the number is the value of, else None."""
    ls, le = _line(text, n.start)
    m = _TABLE_ROW.match(text, ls, le)
    if not m or not re.fullmatch(r"[\s.;]*", text[n.end:le]) or m.end() - 1 > n.start:
        return None
    return m.group(1).strip()


def _skip_reason(analysis: ArticleAnalysis, n: NumberSpan, lo: int, hi: int,
                 names: Sequence[Mention], times: Sequence[Any]) -> str | None:
    """Why the number is not a claim (a key of REASONS), or None when it is one."""
    text = analysis.text
    before, after = text[max(lo, n.start - 40) : n.start], text[n.end : min(hi, n.end + 40)]
    ls, le = _line(text, n.start)
    if _SITE_NOTE.match(text[lo:hi]) or _SITE_NOTE.match(text[ls:le]):
        return "site note"
    if _TIME_ZONE_AFTER.match(after) and re.fullmatch(r"\d{3,4}", n.text):
        return "clock"
    if not text[ls : n.start].strip() and re.match(r"[.)]\s", text[n.end : le + 1]):
        return "list"
    if len(text[ls:le].split()) < 8 and (_FURNITURE_BEFORE.search(before) or (
            _FURNITURE_AFTER.match(after))):
        return "furniture"  # "Photo 3 of 12", "5 min read"
    digits = re.fullmatch(r"\d{4}", n.text)
    if digits and 1800 <= n.value <= 2100 and (not re.match(r"\s+[a-z]+s\b", after) or re.search(
            r"(?i)\b(?:the|in|since|by|of|from|until|to|and|year|fiscal|early|late|mid)\s+$",
            before)):
        return "year"
    if _NEAR_MONTH_BEFORE.search(before) or (n.unit is None and _NEAR_MONTH_AFTER.match(after)):
        return "date"  # "June 19", "19th June"
    if n.kind == FRACTION and re.fullmatch(r"\d{1,2}/\d{1,2}", n.text):
        month, day = (int(x) for x in n.text.split("/"))
        if 1 <= month <= 12 and 1 <= day <= 31:
            return "date"  # "9/11", "3/14"
    if _NAME_HYPHEN.search(before) or re.match(r"^[\w-]*[A-Za-z]", after) and n.unit is None and (
            not re.match(r"^-(?:" + "|".join(sorted(TIME_UNITS)) + r")", after)):
        return "name"  # "COVID-19", "F-16s"
    if any(m.start < n.end and n.start < m.end and not (n.unit and m.end <= n.end)
           for m in names):
        return "name"  # "Group of 20", "Apollo 11" (not "Trump 47.3 percent", a value glued on)
    if re.search(r"\d\s?[-\u2013]$", before) and not re.search(r"\d\s?[-\u2013]$", n.text) and (
            n.kind != "range") or re.match(r"^[-\u2013]\s?\d", after):
        return "score"  # a score or vote tally ("a 5-4 decision")
    if re.fullmatch(r"\d+", n.text) and n.unit is None and re.search(
            r"(?<![.!?:\"\u201c]\s)\b[A-Z][a-z]+\s$", before) and not re.search(
            r"(?:^|[.!?]\s+)[A-Z][a-z]+\s$", before) and not _NEAR_MONTH_BEFORE.search(before):
        return "name"  # "Boeing 737", "Route 66", "Super Tuesday 2"
    if n.kind == ORDINAL:
        return "ordinal"
    if re.match(r"^\s*-?\s*years?[\s-]+old", after) or re.match(r"^-year-old", after) or (
            n.unit == "year" and re.match(r"^[\s-]+old\b", after)):
        return "age"  # "a 59-year-old", "59 years old"
    if n.kind != "range" and any(t.start < n.end and n.start < t.end for t in times) and not (
            _compound_duration(text, n)):
        return "time"  # part of a time expression ("two weeks ago", "for 30 years")
    if n.unit in TIME_UNITS and not _compound_duration(text, n):
        return "time"
    if n.unit is None and re.search(r"(?i)\b(?:" + "|".join(sorted(TIME_UNITS)) + r")s?\s+or\s+$",
                                    before):
        return "time"  # "in the last week or two"
    if n.unit is None and n.kind != "range" and re.match(r"(?i)\s*(?:half|halves)\b", n.text) and (
            _HALF_TIME.search(before)):
        return "time"  # "the first half"
    line_start = ls
    if not text[line_start : n.start].strip() and re.match(r"^[.)]\s", after):
        return "list"
    line = text[line_start:le]
    if (len(line.split()) < 4 and _table_row(text, n) is None) or _FURNITURE_AFTER.match(
            after) or (len(line.split()) < 8 and _FURNITURE_BEFORE.search(before)):
        return "furniture"
    if _URL_LINE.search(line) and len(line.split()) < 8:
        return "furniture"
    if n.kind != ORDINAL and n.unit is None and (_AGE_BEFORE.search(before) and _AGE_AFTER.match(
            after) or re.match(r"^-year-old", after) or _TURNED_BEFORE.search(before) and (
            not re.match(r"\s*(?:percent|%)", after))):
        return "age"
    if re.match(r"^\s*-?\s*years?[\s-]+old", after) or re.match(r"^-year-old", after) or (
            n.unit == "year" and re.match(r"^[\s-]+old\b", after)):
        return "age"
    if _idiom(text, n, lo, hi):
        return "idiom"
    if _reference(text, n, lo, hi, before, after):
        return "reference"
    return None


_URL_LINE = re.compile(r"(?i)https?://|www\.|\.(?:com|org|co)/")


def _compound_duration(text: str, n: NumberSpan) -> bool:
    """A length joined to what it measures: "a two-day visit", "a 39-hour filibuster"."""
    if n.unit not in TIME_UNITS or not re.search(r"[-\u2011]\w+$", n.text):
        return False
    m = re.match(r"[-\s]*(?:long\s+)?([A-Za-z]+)", text[n.end : n.end + 30])
    return bool(m) and m.group(1).casefold() not in _STOP and not m.group(1)[0].isupper()


def _idiom(text: str, n: NumberSpan, lo: int, hi: int) -> bool:
    for m in _IDIOMS.finditer(text, max(lo, n.start - 30), min(hi, n.end + 30)):
        if m.start() < n.end and n.start < m.end():
            return True
    return False


def _is_word(n: NumberSpan) -> bool:
    return not any(ch.isdigit() for ch in n.text)


def _reference(text: str, n: NumberSpan, lo: int, hi: int, before: str, after: str) -> bool:
    """A count that points at things already named rather than stating a figure."""
    if n.kind == "range" or n.unit not in {None}:
        return False
    small = n.value <= 10 and n.value == int(n.value)
    word = n.text.casefold()
    if word in {"one", "a", "an"}:
        return not (_ONE_AS_COUNT.search(before) or re.match(r"-\w", after))
    if small and _REFERENCE_BEFORE.search(before):
        return True  # "the two candidates", "all five states"
    if small and re.search(r"(?i)\b(?:of|out of)\s+(?:the\s+)?(?:past\s+|last\s+)?$", before) and (
            _DENOMINATOR_BEFORE.search(before)):
        return True  # "four of five states": the whole the part is counted in
    if small and (re.match(r"\s+[\w-]+(?:\s+[\w-]+){0,3}\s*(?:,|:|\u2014|--)\s*"
                           r"(?:[a-z][\w-]*\s+){0,3}(?:[A-Z][\w.]*\s+){1,3}[A-Z]",
                           text[n.end : min(hi, n.end + 100)])
                  and _is_word(n) and not re.search(r"(?i)\b(?:of|than|by|about)\s+$", before)):
        return True  # "Two Democrats, Tom Steyer and ..." names the things it counts
    if small and re.match(r"\s+[\w-]+(?:\s+[\w-]+){0,4}\s+going\s+for\s+\w+\s*:", after):
        return True
    return bool(small and re.match(r"\s*[-\u2011]?(?:way|candidate|person|man|woman)\b", after)
                and re.search(r"(?i)\b(?:a|an|the)\s+(?:hypothetical\s+)?$", before))


def _mention_source(analysis: ArticleAnalysis, mentions: Sequence[Mention],
                    pos: int) -> tuple[str | None, str | None]:
    for m in mentions:
        if m.start == pos or (pos <= m.start <= pos + 60 and not re.search(
                r"[,.;]", analysis.text[pos : m.start])):
            return m.text, m.entity_key
    return None, None


def _source(analysis: ArticleAnalysis, n: NumberSpan, lo: int, hi: int,
            mentions: Sequence[Mention], quotes: Sequence[Any]) -> tuple[str | None, str | None]:
    """The speaker of a quote around the number, "according to X", or "X said"."""
    text = analysis.text
    for q in quotes:
        if q.start <= n.start and n.end <= q.end and (q.speaker_key or q.speaker_text) and not (
                re.search(r"\d|\b(?:percent|half|in 10)\b", q.speaker_text or "")):
            return q.speaker_text, q.speaker_key  # not "52 percent of voters agreed that ..."
    sources = [m for m in mentions if m.label in _SOURCE_LABELS and m.entity_key]
    for m in _ACCORDING.finditer(text, lo, hi):
        found = _mention_source(analysis, [s for s in sources if s.start >= m.end()], m.end())
        if found[0]:
            return found
        phrase = re.match(r"[^,.;\n]{2,80}(?![^\s,.;])",  # whole words ("the delegate",
                          text[m.end() : hi])             # never "the delegate sel")
        if phrase:
            return phrase.group().strip(), None
    shown = _SHOWN_BY.search(text, lo, hi)
    if shown:  # "a new CNN/ORC poll showed", "Federal Election Commission records show"
        name = re.sub(r"^(?:The|A|An)\s+(?:new\s+|latest\s+)?", "", shown.group(1).strip())
        inside = [m for m in sources if shown.start(1) <= m.start < shown.end(1)]
        return (name + (" " + shown.group(2) if shown.group(2).casefold() in {
            "poll", "survey"} else "")), (inside[0].entity_key if inside else None)
    best: tuple[int, str | None, str | None] | None = None
    for v in _VERB_RE.finditer(text, lo, hi):
        found = _speaker(analysis, v.start(), v.end(), lo, hi, sources)
        if found[0]:
            dist = abs(v.start() - n.start)
            if best is None or dist < best[0]:
                best = (dist, found[0], found[1])
    return (best[1], best[2]) if best else (None, None)


_SHOWN_BY = re.compile(
    r"((?:[A-Z][\w.&/'\u2019-]*\s+){1,7})(?:national\s+|opinion\s+|tracking\s+)?"
    r"(poll|survey|records|data|figures|analysis|count|tally)s?\s+(?:also\s+)?"
    r"(?:shows?|showed|show(?:ing)?|finds?|found|indicates?|indicated|suggests?|suggested)\b")


def _speaker(analysis: ArticleAnalysis, vstart: int, vend: int, lo: int, hi: int,
             sources: Sequence[Mention]) -> tuple[str | None, str | None]:
    """Who the verb at [vstart, vend) attributes to: "Kirby said", "said Kirby", "he said"."""
    text = analysis.text
    pron = _PRONOUN.search(text, max(lo, vstart - 8), vstart)
    if pron:
        key = resolve_pronoun(analysis, pron.start())
        if key:
            named = [m for m in analysis.mentions if m.entity_key == key]
            return (named[0].text if named else pron.group().strip()), key
    before = [m for m in sources if lo <= m.start and m.end <= vstart
              and re.fullmatch(r"\s*(?:\([^)]*\)\s*|,[^,]{0,80},\s*|,\s*|(?:[a-z][\w-]*\s+){0,3})"
                               r"(?:has |had |also |have |on \w+ )?", text[m.end : vstart])
              and not re.search(r"\b(?:in|at|from|near|of)\s+(?:the\s+)?$", text[lo : m.start])]
    if before:
        m = before[-1]
        return m.text, m.entity_key
    inverted = re.search(r"[,\"\u201d]\s*$", text[lo:vstart])  # '..., said Kirby'
    after = [m for m in sources if inverted and vend <= m.start < hi and re.fullmatch(
        r"\s*(?:the\s+)?(?:[A-Z][\w.'-]*\s+){0,6}?", text[vend : m.start])]
    if after:
        m = after[0]
        return m.text, m.entity_key
    desc = _DESCRIPTION.search(text, lo, vstart)
    if desc:
        return desc.group(1).strip(), None
    return None, None


_DESCRIPTION = re.compile(
    r"(?<![\w'\u2019])((?:[A-Z][\w-]*(?:['\u2019]s)?\s+)*(?:[a-z][\w-]*\s+)?(?:officials?|spokes(?:man|woman|person|people)|"
    r"ministry|military|analysts?|experts?|sources?|police|authorities|organi[sz]ers|witnesses|"
    r"residents|activists|observers|monitors|investigators|prosecutors|diplomats|doctors|medics|"
    r"rescuers|researchers|scientists|economists|aides|lawmakers|media|agency|department|board|"
    r"office|commission|council|government|guard|army|navy|company|group|ministers?|"
    r"secretary|director|governor|mayor|chair(?:man|woman|person)?|commander|ambassador|"
    r"envoy|pollsters?|strategists?|campaign)"
    r"(?:\s+(?:in|of|for)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)?)"
    r"\s*(?:,[^,]{0,60},\s*)?(?:also\s+|has\s+|have\s+|had\s+)?$")


def _as_of(analysis: ArticleAnalysis, n: NumberSpan, lo: int, hi: int,
           times: Sequence[Any], dates: Sequence[Mention]) -> tuple[str | None, str | None]:
    """The time the figure holds as of: a time expression of the sentence, nearest first."""
    text = analysis.text
    candidates: list[tuple[int, int, int, str | None]] = []
    for t in times:
        if lo <= t.start and t.end <= hi and not (t.start < n.end and n.start < t.end):
            if str(getattr(t, "type", "")).upper() in {"DURATION", "SET"}:
                continue
            value = getattr(t, "value", None)
            candidates.append((t.start, t.end, 0, None if value is None else str(value)))
    if not candidates:
        for m in dates:
            if lo <= m.start and m.end <= hi and not (m.start < n.end and n.start < m.end):
                if re.search(r"(?i)\b(?:ago|years?|months?|weeks?|days?)\b$", m.text) and not (
                        _AS_OF_PHRASE.search(m.text)):
                    continue
                candidates.append((m.start, m.end, 1, None))
        for m in _AS_OF_FALLBACK.finditer(text, lo, hi):
            if not any(s <= m.start() < e or m.start() <= s < m.end() for s, e, _, _ in candidates):
                candidates.append((m.start(), m.end(), 1, None))
    if not candidates:
        return None, None
    scored = []
    for s, e, _, value in candidates:
        prep = _AS_OF_PREP.search(text, max(lo, s - 25), s)
        start = prep.start() if prep else s
        dist = min(abs(s - n.end), abs(n.start - e))
        scored.append((0 if prep else 1, dist, start, e, value))
    scored.sort()
    _, _, s, e, value = scored[0]
    phrase = text[s:e].strip()
    return phrase, value


_SUBJECT_LABELS = frozenset({"PERSON", "ORG", "GPE", "FAC", "EVENT"})
#: Where a clause ends for the subject of a figure.
_CLAUSE_END = re.compile(r"[;:\u2014\u2013(]|--|,?\s+(?:and|but|while|whereas|compared with)\s+|"
                         r",\s+(?:where|when)\s+")
_POLL = re.compile(
    r"((?:[A-Z][\w.&'\u2019/-]*(?:\s+|-|/)){1,6}?)(?:national\s+|opinion\s+|tracking\s+)?"
    r"(?:poll|survey)s?\b|\b(exit|entrance)\s+polls?\b")
_POLL_STOP = frozenset({"the", "a", "an", "new", "latest", "national", "recent", "previous"})
_PAIR = re.compile(r"\s*(?:%|percent|points?)?\s*(?:to|versus|vs\.?|-)\s*$")
_AMONG = re.compile(r"(?i)\bamong\s+((?:[a-z][\w-]*\s+){0,3}?(?:voters|adults|respondents|"
                    r"democrats|republicans|independents|americans|men|women|supporters|"
                    r"backers|residents|people))\b")
_KEY_DROP = frozenset({"other", "additional", "more", "new", "extra", "total", "further",
                       "some", "such", "randomly-selected", "mere", "whole", "entire"})


def _pronoun_mentions(analysis: ArticleAnalysis, lo: int, hi: int) -> list[Mention]:
    """He/she/they in [lo, hi) resolved to the entity they refer to, as mentions."""
    out = []
    for m in re.finditer(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Hh]er|[Hh]is)\b", analysis.text[lo:hi]):
        key = resolve_pronoun(analysis, lo + m.start())
        if key:
            out.append(Mention(lo + m.start(), lo + m.end(), m.group(), "PERSON", key))
    return out


def _subject(analysis: ArticleAnalysis, n: NumberSpan, lo: int, hi: int, prev_end: int,
             source_key: str | None, pairs: dict[int, str], source_text: str | None,
             near: Sequence[Mention]) -> tuple[str | None, str | None]:
    """The entity a figure is about: named last before it in its clause ("Trump has 568"),
    else first after it ("46 percent would choose Clinton"); not its source or a poll."""
    text = analysis.text
    if n.start in pairs:
        return _name_of(analysis, pairs[n.start]), pairs[n.start]
    owner = re.search(r"([\w.-]+)['\u2019]s?\s+$", text[max(lo, n.start - 40) : n.start])
    if owner:  # "the state's 20 delegates", "Trump's 34 percent": the possessor
        at = n.start - len(owner.group()) + owner.start(1) - owner.start()
        named = [m for m in near if m.entity_key and m.label in _SUBJECT_LABELS
                 and m.start <= at < m.end]
        if named:
            return _name_of(analysis, named[0].entity_key), named[0].entity_key
        return None, None
    start = max(lo, prev_end)
    for m in _CLAUSE_END.finditer(text, start, n.start):
        start = m.end()
    clause_end = hi
    m = _CLAUSE_END.search(text, n.end, hi)
    if m:
        clause_end = m.start()
    if source_text and re.search(r"\b" + re.escape(n.text) + r"\b", source_text):
        return None, None  # "according to officials in three countries": counts the source
    mentions = [m for m in near
                if lo <= m.start and m.end <= hi and m.entity_key and m.label in _SUBJECT_LABELS
                and m.entity_key != source_key and not _is_poll_or_source(text, m)
                and not (source_text and not source_key and m.text in source_text)]
    before = sorted((m for m in mentions + _pronoun_mentions(analysis, start, n.start)
                     if start <= m.start and m.end <= n.start), key=lambda x: x.start)
    for i in range(len(before) - 1, -1, -1):
        m = before[i]
        lead_in = text[max(lo, m.start - 25) : m.start]
        if _TOWARD_BEFORE.search(lead_in):
            continue  # "shipped 1,000 crates to Ostrevia": where it goes, not who
        if i > 0 and (_OBJECT_BEFORE.search(lead_in) or (
                m.label in {"GPE", "FAC"} and _PLACE_BEFORE.search(lead_in))):
            continue  # "Clinton led Trump by 5 points", "In Ohio, Trump bested Clinton by"
        if m.label in {"GPE", "FAC"} and _PLACE_BEFORE.search(lead_in) and i == 0 and (
                len(before) > 1):
            continue
        return _name_of(analysis, m.entity_key) or m.text, m.entity_key
    said = _REPORTED.search(text, n.end, clause_end)
    if said:
        clause_end = said.start()  # "two outlets reported that teams from Korvane ..."
    after = [m for m in mentions + _pronoun_mentions(analysis, n.end, clause_end)
             if n.end <= m.start and m.end <= clause_end
             and not (m.label in {"GPE", "FAC"} and _PLACE_BEFORE.search(
                 text[max(lo, m.start - 25) : m.start]))
             and not _TOWARD_BEFORE.search(text[max(lo, m.start - 25) : m.start])
             and not re.search(r"[\d%]", text[n.end : m.start].split("percent", 1)[-1])]
    if after:
        m = min(after, key=lambda x: x.start)
        return _name_of(analysis, m.entity_key) or m.text, m.entity_key
    poll = _POLL.search(text, lo, n.start)
    if poll and poll.group(1):
        return re.sub(r"^(?:The|A|An)\s+", "", text[poll.start(1) : poll.end()].strip()), None
    return None, None


#: A name right after these is the object of a comparison, not what the figure is about.
_OBJECT_BEFORE = re.compile(
    r"(?i)\b(?:leads?|led|leading|beats?|beating|beaten|tops?|topped|trails?|trailed|trailing|"
    r"bests?|bested|edged?|over|against|than|ahead\s+of|behind|defeated|defeats?)\s+"
    r"(?:the\s+)?$")
_PLACE_BEFORE = re.compile(r"(?i)\b(?:in|at|from|of|across|throughout)\s+(?:the\s+)?$")
_TOWARD_BEFORE = re.compile(r"(?i)\b(?:to|into|toward|towards|onto)\s+(?:the\s+)?$")
_REPORTED = re.compile(r"(?i)\b(?:that|said|says|say|reported|reports|told|tells|according)\b")


def _is_poll_or_source(text: str, m: Mention) -> bool:
    return bool(re.match(r"[\w\s/.-]{0,30}?\b(?:poll|survey)s?\b", text[m.end : m.end + 40])
                or re.search(r"(?i)\baccording\s+to\s+(?:the\s+)?$", text[max(0, m.start - 20):
                                                                          m.start]))


def _name_of(analysis: ArticleAnalysis, key: str | None) -> str | None:
    name = _full_name(analysis, key) if key else None
    return re.split(r"\s+[$\d]", name)[0] if name else None


def _pairs(analysis: ArticleAnalysis, numbers: Sequence[NumberSpan], starts: Sequence[int]
           ) -> dict[int, str]:
    """ "Clinton leads Trump 44 percent to 37 percent": each figure's own candidate."""
    text = analysis.text
    out: dict[int, str] = {}
    for a, b in zip(numbers, numbers[1:], strict=False):
        if not _PAIR.fullmatch(text[a.end : b.start]) or a.kind == ORDINAL:
            continue
        lo, _ = _sentence_bounds(analysis, starts, a.start)
        start = lo
        for m in _CLAUSE_END.finditer(text, lo, a.start):
            start = m.end()
        keys: list[str] = []
        for m in sorted([*[x for x in analysis.mentions if x.entity_key and x.label in {
                "PERSON", "ORG", "GPE"} and start <= x.start and x.end <= a.start],
                *_pronoun_mentions(analysis, start, a.start)], key=lambda x: x.start):
            if m.entity_key not in keys and not _is_poll_or_source(text, m):
                keys.append(m.entity_key)
        if len(keys) >= 2:
            out[a.start], out[b.start] = keys[-2], keys[-1]
    return out


def _surveys(text: str) -> list[tuple[int, str]]:
    """Polls named in the text: (offset, normalised name)."""
    out = []
    for m in _POLL.finditer(text):
        raw = m.group(1) or m.group(2) + " poll"
        words = [w for w in re.findall(r"[a-z0-9]+", raw.casefold()) if w not in _POLL_STOP]
        if words:
            out.append((m.start(), " ".join(words)))
    return out


def _survey_of(surveys: Sequence[tuple[int, str]], lo: int, hi: int, pos: int) -> str | None:
    """The poll a share comes from: named in its sentence, else the last one named before."""
    inside = [name for at, name in surveys if lo <= at < hi]
    if inside:
        return inside[0]
    earlier = [name for at, name in surveys if at < lo]
    return earlier[-1] if earlier else None


def _measure_key(analysis: ArticleAnalysis, phrase: _Phrase) -> str:
    """The measure a counted phrase names: its words up to the head, singular, lower case,
    with nationality modifiers ("Russian container"); "pledged delegates" -> "pledged delegate"."""
    text = analysis.text
    head_end = text.find(phrase.head, phrase.start, phrase.end + len(phrase.head))
    upto = text[phrase.start : head_end if head_end >= 0 else phrase.end]
    words = [w for w in re.findall(r"[A-Za-z][\w'\u2019-]*", upto)
             if w.casefold() not in _KEY_DROP and w.casefold() not in _STOP
             and not w.endswith(("'s", "\u2019s"))]
    mods = _key_modifiers(analysis, phrase)
    words = [w.casefold() for w in words if w.casefold() not in mods]
    return " ".join([*mods, *words[-2:], _singular(phrase.head)]).strip()


def extract_claims(analysis: ArticleAnalysis, times: Sequence[Any] = (),
                   quotes: Sequence[Any] = ()) -> tuple[Claim, ...]:
    """Every numeric claim of one analysed article, in text order (see `extract_numbers`)."""
    return extract_numbers(analysis, times, quotes)[0]


def extract_numbers(analysis: ArticleAnalysis, times: Sequence[Any] = (),
                    quotes: Sequence[Any] = ()) -> tuple[tuple[Claim, ...],
                                                         tuple[SkippedNumber, ...]]:
    """Every number of one analysed article: the claims, and the others with the reason.

    `times` are time expressions (objects with start, end, text, type, value);
    `quotes` are quotes (start, end, speaker_key, speaker_text); both optional.
    Every digit and number word of the text ends up in one of the two lists.
    """
    text = analysis.text
    names = [m for m in analysis.mentions if m.entity_key and m.label not in {"NORP"}
             and m.label in {"PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT"}]
    dates = [m for m in analysis.mentions if m.label in {"DATE"}]
    starts = [sentence.start for sentence in analysis.sentences]
    numbers = parse_numbers(text)
    pairs = _pairs(analysis, numbers, starts)
    surveys = _surveys(text)
    claims: list[Claim] = []
    skipped: list[SkippedNumber] = [SkippedNumber(s, e, text[s:e], reason)
                                    for s, e, reason in unread_spans(text)
                                    if re.search(r"\d", text[s:e])]
    near_mentions, near_times = StartIndex(analysis.mentions), StartIndex(times)
    name_set, date_set = {id(m) for m in names}, {id(m) for m in dates}
    for n in numbers:
        lo, hi = _sentence_bounds(analysis, starts, n.start)
        local = near_mentions.starting(lo - _MARGIN, hi + _MARGIN)
        local_times = near_times.starting(lo - _MARGIN, hi + _MARGIN)
        reason = _skip_reason(analysis, n, lo, hi, [m for m in local if id(m) in name_set],
                              local_times)
        if reason:
            skipped.append(SkippedNumber(n.start, n.end, n.text, reason))
            continue
        claims.append(_claim(analysis, n, lo, hi, claims, local_times, quotes,
                             [m for m in local if id(m) in date_set], pairs, surveys, local))
    skipped.extend(_unlisted(analysis, claims, skipped, names))
    skipped.sort(key=lambda k: (k.start, k.end))
    return tuple(claims), tuple(skipped)


def numbers_not_read(text: str) -> tuple[SkippedNumber, ...]:
    """Every figure of a text the rules do not read (not English: "1.234,5" may be a
    thousand or one), skipped for its language: no claims, and still every digit
    listed."""
    return tuple(SkippedNumber(m.start(), m.end(), m.group(), "language")
                 for m in _DIGIT_RUN.finditer(text))


_DIGIT_RUN = re.compile(r"\d+(?:[.,:/]\d+)*")


#: How far around a number's sentence mentions and times are taken: longer than any
#: mention or time expression, so all that can touch the sentence.
_MARGIN = 200


def _claim(analysis: ArticleAnalysis, n: NumberSpan, lo: int, hi: int, claims: list[Claim],
           times: Sequence[Any], quotes: Sequence[Any], dates: Sequence[Mention],
           pairs: dict[int, str], surveys: Sequence[tuple[int, str]],
           mentions: Sequence[Mention]) -> Claim:
    """The claim of number `n` in [lo, hi); `times`, `dates` and `mentions` are those near."""
    text = analysis.text
    qualifier, q_start = qualifier_before(text, n.start)
    q_after, q_end = qualifier_after(text, n.end)
    if q_after and qualifier in {None, "about", "exactly"}:
        qualifier, q_start = q_after, n.start
    else:
        q_end = n.end
    if n.unit in TIME_UNITS and qualifier == "more than" and re.match(r"(?i)over", text[q_start:]):
        qualifier, q_start, q_end = None, n.start, n.end  # "over five years": a period
    value, low, high, unit = n.value, *qualified_bounds(n, qualifier), n.unit
    if n.kind == FRACTION and unit is None and 0 < n.value <= 1:
        value, unit = 100 * n.value, "%"  # "six in 10", "half": a share, as a percentage
        low, high = (None if x is None else 100 * x for x in qualified_bounds(n, qualifier))
    if qualifier is None and n.approximate:
        qualifier = "about"
    prev = claims[-1] if claims and claims[-1].number_start >= lo else None
    earlier = claims[-1] if claims else None
    row = _table_row(text, n)
    openers = frozenset({"of", "in", "for", "on"}) if n.kind == MONEY else frozenset({"of"})
    share = n.kind == PERCENT or unit == "%"
    phrase = None if row is not None else _counted(text, q_end, hi, openers, share)
    if phrase is None and row is None and not share:
        phrase = _measured_before(text, lo, min(q_start, n.start))
    counted, key = "", ""
    if phrase is not None:
        counted, key = text[phrase.start : phrase.end], _measure_key(analysis, phrase)
    elif row is not None:
        counted, key = _row_measure(analysis, n, row)
    if unit is None and prev is not None and prev.unit and n.kind != ORDINAL and re.search(
            r"(?i)^\W*(?:and|or|to|versus|vs\.?|from|with|,)?\W*$",
            text[prev.number_end : n.start].split(" ", 2)[-1][-12:]) and (
            not key and text[prev.number_end : n.start].count(" ") <= 4):
        unit = prev.unit  # "13 percentage points from Sanders and 7 from Trump"
    kind = _kind(NumberSpan(n.start, n.end, n.text, value, low, high,
                            PERCENT if unit == "%" else n.kind, unit, n.approximate))
    if not key and kind == PERCENT_KIND:
        among = _AMONG.search(text, lo, hi)
        if among:
            counted = among.group(1)
            key = _measure_key(analysis, _Phrase(among.start(1), among.end(1),
                                                 among.group(1).split()[-1]))
    if key:
        key = _key_with_role(text, lo, hi, q_start, end_of(phrase, n, q_end), key)
    if not key:
        # elliptical: "With 107 delegates at stake, she will win at least 56."
        model = prev or (earlier if earlier and earlier.sentence_end is not None
                         and earlier.sentence_end >= lo - 2
                         and "\n" not in text[earlier.sentence_end : lo] else None)
        if model is not None and model.kind == kind and model.unit == unit:
            counted, key = model.counted, model.counted_key
    source_text, source_key = _source(analysis, n, lo, hi, mentions, quotes)
    if source_key:
        source_text = _full_name(analysis, source_key) or source_text
    if row is not None:
        subject_key = next((m.entity_key for m in analysis.mentions if m.entity_key and (
            m.label in _SUBJECT_LABELS) and text[m.start:m.end] in row), None)
        subject_text = _name_of(analysis, subject_key) if subject_key else None
    else:
        subject_text, subject_key = _subject(analysis, n, lo, hi,
                                             prev.number_end if prev else lo, source_key, pairs,
                                             source_text, mentions)
    as_of_text, as_of_value = _as_of(analysis, n, lo, hi, times, dates)
    context = tuple(sorted({m.text.casefold() for m in mentions
                            if lo <= m.start < hi and m.label in _CONTEXT_LABELS}))
    survey = _survey_of(surveys, lo, hi, n.start) if kind == PERCENT_KIND else None
    end = end_of(phrase, n, q_end)
    return Claim(
        start=min(q_start, n.start), end=end, number_start=n.start, number_end=n.end,
        value=value, low=low, high=high, qualifier=qualifier, unit=unit, counted=counted,
        counted_key=key, kind=kind, source_text=source_text, source_key=source_key,
        as_of_text=as_of_text, as_of_value=as_of_value, context=context, sentence_start=lo,
        sentence_end=hi, subject_text=subject_text, subject_key=subject_key, survey=survey)


#: Words that make a figure a requirement or what is on offer, not what someone has.
_NEEDED = re.compile(r"(?i)\b(?:needs?|needed|requires?|required|short\s+of|to\s+(?:win|clinch|"
                     r"reach|secure|capture)\b)")
_AT_STAKE = re.compile(r"(?i)\b(?:at\s+stake|up\s+for\s+grabs|in\s+play|awards?|offers?)\b")


def end_of(phrase: _Phrase | None, n: NumberSpan, q_end: int) -> int:
    return max(phrase.end if phrase and phrase.start >= n.end else n.end, q_end)


def _key_with_role(text: str, lo: int, hi: int, start: int, end: int, key: str) -> str:
    """ "needed delegate" for "2,383 delegates needed to win", "delegate at stake" for
    "107 delegates at stake": a requirement or an offer is another measure than a tally."""
    near = text[max(lo, start - 20) : start] + " " + text[end : min(hi, end + 25)]
    if _NEEDED.search(near):
        return "needed " + key
    if _AT_STAKE.search(near):
        return key + " at stake"
    return key


def _row_measure(analysis: ArticleAnalysis, n: NumberSpan, label: str) -> tuple[str, str]:
    """What a data line counts: its label when that is not a name ("Pledged: 781"), else
    the nearest heading above it ("PLEDGED DELEGATES.")."""
    text = analysis.text
    if not any(m.entity_key and text[m.start:m.end] in label for m in analysis.mentions):
        return label, _singular(label.split()[-1]) if label.split() else ""
    pos = _line(text, n.start)[0]
    for _ in range(12):
        if pos <= 0:
            break
        ls = text.rfind("\n", 0, pos - 1) + 1
        line = text[ls : pos - 1].strip().rstrip(".:")
        if line and line.upper() == line and re.search(r"[A-Z]{3}", line):
            words = [w for w in re.findall(r"[A-Za-z]+", line.casefold()) if w not in _STOP]
            if words:
                return line.casefold(), " ".join([*words[:-1], _singular(words[-1])])
        pos = ls
    return "", ""


_NUMBER_WORDS = with_starts(  # first_chars: the same matches, faster
    r"(?i)\b(?:" + "|".join(sorted([*SMALL_NUMBERS, *TENS, *ORDINALS, "hundred", "hundreds",
                                     "thousand", "thousands", "million", "millions", "billion",
                                     "billions", "trillion", "dozen", "dozens", "half", "twice",
                                     "single", "double", "triple", "quarter", "quarters"],
                                    key=len, reverse=True))
    + r")\b|\d+(?:[.,:/]\d+)*")


def _unlisted(analysis: ArticleAnalysis, claims: Sequence[Claim],
              skipped: Sequence[SkippedNumber], names: Sequence[Mention]) -> list[SkippedNumber]:
    """Digits and number words no claim or skipped number covers, with the likeliest reason:
    nothing found in the text is dropped without one."""
    text = analysis.text
    covered = sorted([(c.number_start, c.number_end) for c in claims]
                     + [(k.start, k.end) for k in skipped])
    ends = [e for _, e in covered]
    named = sorted((x.start, x.end) for x in analysis.mentions if x.label in {
        "PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "GPE"})
    named_starts = [a for a, _ in named]
    out = []
    for m in _NUMBER_WORDS.finditer(text):
        s, e = m.start(), m.end()
        k = bisect.bisect_right(ends, s)
        if k < len(covered) and covered[k][0] < e:
            continue
        word = m.group().casefold()
        if word.isalpha() and word in {"zero", "nought", "naught"}:
            continue
        j = bisect.bisect_right(named_starts, s)
        if any(a <= s and e <= b for a, b in named[max(0, j - 8) : j]):
            reason = "name"
        elif re.match(r"[-\s]+(?:" + "|".join(sorted(TIME_UNITS)) + r"|centur(?:y|ies))s?\b",
                      text[e : e + 12], re.IGNORECASE):
            reason = "time"  # "a quarter-century", "two-day"
        elif word in ORDINALS:
            reason = "ordinal"
        elif word in {"one", "a"}:
            reason = "reference"
        elif word[0].isdigit() and (text[s - 1 : s].isalpha() or text[e : e + 1].isalpha()):
            reason = "name"
        elif word[0].isdigit() and ":" in word:
            reason = "clock"
        elif word[0].isdigit():
            reason = "name" if re.search(r"[#/@]", text[max(0, s - 1) : s]) else "reference"
        else:
            reason = "idiom"
        out.append(SkippedNumber(s, e, m.group(), reason))
    return out


__all__ = ["COUNT", "DURATION", "MEASURE", "REASONS", "Claim", "SkippedNumber",
           "extract_claims", "extract_numbers"]
