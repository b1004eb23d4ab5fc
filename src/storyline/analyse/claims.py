"""Numeric claims of one article: a figure, its qualifier, what it counts, who says so, when.

A claim is a number the story turns on ("more than 40 ballistic missiles",
"about 7,000 containers filled with munitions", "a two-day visit", "the third
meeting") with the interval its qualifier allows, the counted noun phrase and
a grouping key for it, the source ("according to X", "X said", or the
speaker of a quote that contains it) and the time it holds as of. Dates,
clock times, list numbers, ages, numbers inside names and page furniture are
not claims. Rules run over text, sentences and entity mentions only (the
pipeline has no parser). Pure: same analysis in, same claims out.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storyline.analyse.entities import ArticleAnalysis, Mention, resolve_pronoun
from storyline.analyse.numbers import (
    MONEY,
    ORDINAL,
    PERCENT,
    NumberSpan,
    parse_numbers,
    qualified_bounds,
    qualifier_after,
    qualifier_before,
)
from storyline.lexicon import MONTH_NUMBERS

COUNT, ORDINAL_KIND, DURATION, MONEY_KIND, PERCENT_KIND, MEASURE = (
    "count", "ordinal", "duration", "money", "percent", "measure")
TIME_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "second", "decade",
                        "century"})


@dataclass(frozen=True, slots=True)
class Claim:
    """One attributed figure; offsets into the article's clean text.

    [start, end) covers qualifier + number + counted phrase; [number_start,
    number_end) the number as written. `low`/`high` are the interval the
    qualifier allows (None: unbounded). `context` holds the lowercased
    place/organisation names of the sentence, so groupers can tell "7,000
    containers" sent by one country from those sent by another.
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


_MONTHS = list(MONTH_NUMBERS)
_MONTH_RE = r"(?:" + "|".join(m.capitalize() for m in _MONTHS) + r")\.?"
_NEAR_MONTH_BEFORE = re.compile(_MONTH_RE + r"\s+$")
_NEAR_MONTH_AFTER = re.compile(r"^(?:st|nd|rd|th)?\s+" + _MONTH_RE + r"\b")
_NAME_HYPHEN = re.compile(r"[A-Z][\w]*[-\u2011]$")
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
next ago long wide high tall deep old away apart later earlier
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
    """The sentence around `pos`, else its line."""
    text = analysis.text
    k = bisect.bisect_right(starts, pos) - 1
    if 0 <= k < len(analysis.sentences) and analysis.sentences[k].end > pos:
        return analysis.sentences[k].start, analysis.sentences[k].end
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    return lo, len(text) if hi < 0 else hi


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


def _counted(text: str, pos: int, limit: int,
             openers: frozenset[str] = frozenset({"of"})) -> _Phrase | None:
    """The noun phrase counted by a number ending at `pos` (modifiers, head, post-modifier)."""
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
    if words and words[0][2].casefold() in openers:  # "dozens of people", "$2 billion in aid"
        k = 1
        while k < len(words) and words[k][2].casefold() in {"the", "its", "their", "his", "her"}:
            k += 1
        while k < len(words) and not words[k][2][0].isalpha() and k + 1 < len(words):
            k += 1  # "half of the 180 delegates"
            while k < len(words) and words[k][2] in {",", "."}:
                k += 1
    head_end = _np(words, k)
    while head_end > k and words[head_end - 1][2].endswith(("'s", "\u2019s")):
        k, head_end = head_end, _np(words, head_end)  # "of the bank's": skip the possessor
    if head_end == k:
        return None
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


def _not_a_claim(analysis: ArticleAnalysis, n: NumberSpan, lo: int, hi: int,
                 names: Sequence[Mention], times: Sequence[Any]) -> bool:
    text = analysis.text
    before, after = text[max(lo, n.start - 40) : n.start], text[n.end : min(hi, n.end + 40)]
    digits = re.fullmatch(r"\d{4}", n.text)
    if digits and 1800 <= n.value <= 2100 and (not re.match(r"\s+[a-z]+s\b", after) or re.search(
            r"(?i)\b(?:the|in|since|by|of|from|until|to|and|year|fiscal|early|late|mid)\s+$",
            before)):
        return True  # a year
    if _NEAR_MONTH_BEFORE.search(before) or (n.unit is None and _NEAR_MONTH_AFTER.match(after)):
        return True  # a date ("June 19", "19th June")
    if _NAME_HYPHEN.search(before) or re.match(r"^[\w-]*[A-Za-z]", after) and n.unit is None:
        return True  # "COVID-19", "F-16s"
    if any(m.start < n.end and n.start < m.end for m in names):
        return True  # "Group of 20", "Apollo 11"
    if re.search(r"\d\s?[-\u2013]$", before) or re.match(r"^[-\u2013]\s?\d", after):
        return True  # a score or vote tally ("a 5-4 decision")
    if re.fullmatch(r"\d+", n.text) and n.unit is None and re.search(
            r"(?<![.!?:\"\u201c]\s)\b[A-Z][a-z]+\s$", before) and not re.search(
            r"(?:^|[.!?]\s+)[A-Z][a-z]+\s$", before) and not _NEAR_MONTH_BEFORE.search(before):
        return True  # "Boeing 737", "Route 66", "Patriot 125"
    if n.kind == ORDINAL and re.search(r"(?i)\bin the\s+$", before) and re.match(
            r"\s+place\b", after):
        return True  # "in the first place"
    if n.unit not in TIME_UNITS and any(t.start < n.end and n.start < t.end for t in times):
        return True  # part of a time expression
    line_start = text.rfind("\n", 0, n.start) + 1
    if not text[line_start : n.start].strip() and re.match(r"^[.)]\s", after):
        return True  # list numbering
    line_end = text.find("\n", n.end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    if len(line.split()) < 4 or _FURNITURE_AFTER.match(after):
        return True  # page furniture
    if n.kind != ORDINAL and n.unit is None and (_AGE_BEFORE.search(before) and _AGE_AFTER.match(
            after) or re.match(r"^-year-old", after)):
        return True  # an age
    if re.match(r"^\s*-?\s*years?[\s-]+old", after) or re.match(r"^-year-old", after) or (
            n.unit == "year" and re.match(r"^[\s-]+old\b", after)):
        return True
    if n.kind != ORDINAL and n.unit is None and n.text.casefold() in {"one", "a", "an"}:
        return True  # "one official", "one of the"
    if n.unit is None and n.kind != ORDINAL and n.value < 10 and _DETERMINER_BEFORE.search(
            before) and not any(ch.isdigit() for ch in n.text):
        return True  # "the two leaders"
    return False


def _ordinal_ok(text: str, n: NumberSpan, hi: int) -> bool:
    """An ordinal counts occasions only when a noun follows ("third meeting")."""
    m = _WORD.match(text, n.end, hi)
    if not m or not m.group(1)[0].isalpha():
        return False
    word = m.group(1).casefold()
    if word in _STOP or word in _IRREGULAR or word in _PERIODS or word.endswith("ly"):
        return False
    return not (word.endswith("ed") and len(word) > 4) and m.group(1)[0].islower()


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
        if q.start <= n.start and n.end <= q.end and (q.speaker_key or q.speaker_text):
            return q.speaker_text, q.speaker_key
    sources = [m for m in mentions if m.label in _SOURCE_LABELS and m.entity_key]
    for m in _ACCORDING.finditer(text, lo, hi):
        found = _mention_source(analysis, [s for s in sources if s.start >= m.end()], m.end())
        if found[0]:
            return found
        phrase = re.match(r"[^,.;\n]{2,80}", text[m.end() : hi])
        if phrase:
            return phrase.group().strip(), None
    best: tuple[int, str | None, str | None] | None = None
    for v in _VERB_RE.finditer(text, lo, hi):
        found = _subject(analysis, v.start(), v.end(), lo, hi, sources)
        if found[0]:
            dist = abs(v.start() - n.start)
            if best is None or dist < best[0]:
                best = (dist, found[0], found[1])
    return (best[1], best[2]) if best else (None, None)


def _subject(analysis: ArticleAnalysis, vstart: int, vend: int, lo: int, hi: int,
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
    r"office|commission|council|government|guard|army|navy|company|group)"
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


def extract_claims(analysis: ArticleAnalysis, times: Sequence[Any] = (),
                   quotes: Sequence[Any] = ()) -> tuple[Claim, ...]:
    """Every numeric claim of one analysed article, in text order.

    `times` are time expressions (objects with start, end, text, type, value);
    `quotes` are quotes (start, end, speaker_key, speaker_text); both optional.
    """
    text = analysis.text
    names = [m for m in analysis.mentions if m.entity_key and m.label not in {"NORP"}
             and m.label in {"PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT"}]
    dates = [m for m in analysis.mentions if m.label in {"DATE"}]
    starts = [sentence.start for sentence in analysis.sentences]
    claims: list[Claim] = []
    for n in parse_numbers(text):
        lo, hi = _sentence_bounds(analysis, starts, n.start)
        if _not_a_claim(analysis, n, lo, hi, names, times):
            continue
        if n.kind == ORDINAL and not _ordinal_ok(text, n, hi):
            continue
        qualifier, q_start = qualifier_before(text, n.start)
        q_after, q_end = qualifier_after(text, n.end)
        if q_after and qualifier in {None, "about", "exactly"}:
            qualifier, q_start = q_after, n.start
        else:
            q_end = n.end
        if n.kind == ORDINAL or n.unit in TIME_UNITS and qualifier == "more than" and re.match(
                r"(?i)over", text[q_start:]):
            qualifier, q_start, q_end = None, n.start, n.end  # "over five years": a period
        low, high = qualified_bounds(n, qualifier)
        if qualifier is None and n.approximate:
            qualifier = "about"
        openers = frozenset({"of", "in", "for", "on"}) if n.kind == MONEY else frozenset({"of"})
        phrase = _counted(text, q_end, hi, openers)
        if phrase is None:
            phrase = _measured_before(text, lo, min(q_start, n.start))
        if phrase is None and claims and claims[-1].number_start >= lo and re.search(
                r"(?i)\b(?:from|compared with|compared to|versus|vs\.?|against)\s+$",
                text[max(lo, n.start - 20) : min(q_start, n.start)]):
            prev = claims[-1]  # "fell to 4.8% from 5.1%": the same measure earlier
            phrase = _Phrase(prev.number_start, prev.number_start, prev.counted_key)
        counted = text[phrase.start : phrase.end] if phrase else ""
        key = _singular(phrase.head) if phrase else ""
        if phrase and phrase.start == phrase.end:  # inherited from the previous claim
            counted, key = claims[-1].counted, phrase.head
        kind = _kind(n)
        if not key and kind == COUNT:
            continue  # a bare number with nothing counted is not a figure we can group
        source_text, source_key = _source(analysis, n, lo, hi, analysis.mentions, quotes)
        if source_key:
            source_text = _full_name(analysis, source_key) or source_text
        if phrase and phrase.start < phrase.end:
            key = " ".join([*_key_modifiers(analysis, phrase), key]).strip()
        as_of_text, as_of_value = _as_of(analysis, n, lo, hi, times, dates)
        context = tuple(sorted({m.text.casefold() for m in analysis.mentions
                                if lo <= m.start < hi and m.label in _CONTEXT_LABELS}))
        claims.append(Claim(
            start=min(q_start, n.start),
            end=max(phrase.end if phrase and phrase.start >= n.end else n.end, q_end),
            number_start=n.start, number_end=n.end, value=n.value, low=low, high=high,
            qualifier=qualifier, unit=n.unit, counted=counted, counted_key=key, kind=kind,
            source_text=source_text, source_key=source_key, as_of_text=as_of_text,
            as_of_value=as_of_value, context=context))
    return tuple(claims)


__all__ = ["COUNT", "DURATION", "MEASURE", "Claim", "extract_claims"]
