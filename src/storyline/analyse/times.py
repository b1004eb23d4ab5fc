"""Time expressions of one article, normalised to TimeML TIMEX3 values.

`extract_times` finds dates, times, durations and sets with the rules of
`timex_rules` and resolves relative ones ("last fall", "on Tuesday", "a year
earlier") against the publication date, the way TimeBank annotates news:

- a bare weekday means the most recent such day on or before publication,
  unless the nearest tense cue before it in its sentence marks the future
  ("will", "is scheduled to"); in TimeBank 120 of the 125 bare weekdays are
  on or before the creation time;
- a month or day without a year is the occurrence nearest publication, except
  that a past (future) tense cue picks the last (next) occurrence when it lies
  within about seven months: wire copy mentions "Dec. 15" in October for a
  coming date, "August" in February for the past one;
- "the quarter", "a year earlier" and "the year-ago period" in earnings news
  refer to the last quarter named in the article;
- a clock time with no day takes the day named in its sentence or the two
  before ("started Thursday ... By 2:30 p.m."), else the publication date.

Without a publication date the same spans are found and typed, and relative
values keep TimeML's X placeholders ("XXXX-WXX-2", "XXXX-03"). dateparser
(slow, no partial dates) is only a fallback of `resolve_date_text`.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from fractions import Fraction

from storyline.analyse.entities import ArticleAnalysis
from storyline.analyse.timex_rules import (
    COUNT_WORDS,
    DAY_RANGE,
    HOLIDAYS,
    ORDINALS,
    PARTS_OF_DAY,
    RULES,
    TRIGGERS,
    UNITS,
    VAGUE_NUMBERS,
    Candidate,
)
from storyline.lexicon import (
    MONTH_NUMBERS,
    QUALIFIERS,
    SEASONS,
    TIME_QUALIFIERS,
    TIMEX_MODS,
    WEEKDAY_NUMBERS,
)
from storyline.numwords import word_number

DATE, TIME, DURATION, SET = "DATE", "TIME", "DURATION", "SET"


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """One time expression: offsets into the clean text and its TIMEX3 value.

    `low`/`high` are the first and last ISO day the value covers (None for
    durations, sets, PRESENT_REF and the like, and unresolved values).
    `modifier` is TimeML's mod (START, MID, END, APPROX, LESS_THAN, ...).
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    precision: str
    low: str | None = None
    high: str | None = None
    modifier: str | None = None


@dataclass(slots=True)
class _Value:
    type: str
    value: str
    precision: str
    low: dt.date | None = None
    high: dt.date | None = None
    modifier: str | None = None


@dataclass(slots=True)
class _Context:
    """What resolution needs besides the span: the anchor and earlier mentions."""

    text: str
    dct: dt.date | None
    sentence_starts: list[int]
    last_quarter: tuple[int, int] | None = None
    last_quarter_at: int = -10_000
    last_year: int | None = None
    last_day: tuple[int, dt.date] | None = None  # where the last named day was, and its date
    reject: list[tuple[int, int]] = field(default_factory=list)


# --- values ---------------------------------------------------------------------------------

def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _day(d: dt.date) -> _Value:
    return _Value(DATE, d.isoformat(), "day", d, d)


def _week(d: dt.date) -> _Value:
    year, week, weekday = d.isocalendar()
    monday = d - dt.timedelta(days=weekday - 1)
    return _Value(DATE, f"{year:04d}-W{week:02d}", "week", monday, monday + dt.timedelta(6))


def _month(year: int, month: int) -> _Value:
    return _Value(DATE, f"{year:04d}-{month:02d}", "month", dt.date(year, month, 1),
                  _last_day(year, month))


def _year(year: int) -> _Value:
    return _Value(DATE, f"{year:04d}", "year", dt.date(year, 1, 1), dt.date(year, 12, 31))


def _quarter(year: int, quarter: int) -> _Value:
    first = 3 * quarter - 2
    return _Value(DATE, f"{year:04d}-Q{quarter}", "quarter", dt.date(year, first, 1),
                  _last_day(year, first + 2))


def _half(year: int, half: int) -> _Value:
    first = 1 if half == 1 else 7
    return _Value(DATE, f"{year:04d}-H{half}", "quarter", dt.date(year, first, 1),
                  _last_day(year, first + 5))


_SEASON_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _season(year: int, code: str) -> _Value:
    first = _SEASON_MONTHS[code]
    last_year, last_month = (year + 1, 2) if code == "WI" else (year, first + 2)
    return _Value(DATE, f"{year:04d}-{code}", "season", dt.date(year, first, 1),
                  _last_day(last_year, last_month))


def _decade(decade: int) -> _Value:  # decade = 199 for the 1990s
    return _Value(DATE, f"{decade:03d}", "decade", dt.date(decade * 10, 1, 1),
                  dt.date(decade * 10 + 9, 12, 31))


def _century(century: int) -> _Value:  # century = 19 for 1900-1999
    return _Value(DATE, f"{century:02d}", "century", dt.date(max(1, century * 100), 1, 1),
                  dt.date(century * 100 + 99, 12, 31))


def _ref(value: str) -> _Value:
    return _Value(DATE, value, "unknown")


def _unresolved(precision: str, value: str, type_: str = DATE) -> _Value:
    return _Value(type_, value, precision)


def _add_months(d: dt.date, months: int) -> dt.date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def _shift(d: dt.date, unit: str, n: int) -> dt.date:
    if unit == "D":
        return d + dt.timedelta(days=n)
    if unit in ("H", "MIN", "S"):
        seconds = n * {"H": 3600, "MIN": 60, "S": 1}[unit]
        return (dt.datetime.combine(d, dt.time(12)) + dt.timedelta(seconds=seconds)).date()
    if unit in ("W", "FN"):
        return d + dt.timedelta(weeks=n * (2 if unit == "FN" else 1))
    months = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200, "ML": 12000}[unit]
    return _add_months(d, n * months)


def _at_unit(d: dt.date, unit: str) -> _Value:
    """The calendar unit of granularity `unit` that contains day `d`."""
    if unit in ("D", "H", "MIN", "S"):
        return _day(d)
    if unit in ("W", "FN"):
        return _week(d)
    if unit == "M":
        return _month(d.year, d.month)
    if unit == "Q":
        return _quarter(d.year, (d.month - 1) // 3 + 1)
    if unit == "DE":
        return _decade(d.year // 10)
    if unit in ("CE", "ML"):
        return _century(d.year // 100)
    return _year(d.year)


_UNRESOLVED = {"D": "XXXX-XX-XX", "H": "XXXX-XX-XX", "MIN": "XXXX-XX-XX", "S": "XXXX-XX-XX",
               "W": "XXXX-WXX", "FN": "XXXX-WXX", "M": "XXXX-XX", "Q": "XXXX-QX", "Y": "XXXX",
               "DE": "XXX", "CE": "XX", "ML": "XX"}
_PRECISION = {"D": "day", "H": "day", "MIN": "day", "S": "day", "W": "week", "FN": "week",
              "M": "month", "Q": "quarter", "Y": "year", "DE": "decade", "CE": "century",
              "ML": "century"}

# --- numbers and durations ------------------------------------------------------------------


def parse_number(text: str) -> Fraction | None:
    """A count written in digits or words; None for vague counts ("several")."""
    words = re.sub(r"[\s-]+", " ", text.lower().strip())
    if words in VAGUE_NUMBERS:
        return None
    half = Fraction(0)
    if words.endswith(" 1/2"):
        words, half = words[:-4], Fraction(1, 2)
    elif words.endswith(" and a half"):
        words, half = words[:-11], Fraction(1, 2)
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", words):
        return Fraction(words.replace(",", "")) + half
    if words in COUNT_WORDS:
        return Fraction(COUNT_WORDS[words]) + half
    value = word_number(words)
    return None if value is None else Fraction(value) + half


def _unit_code(text: str) -> str:
    word = text.lower().split()[-1]
    word = "century" if word == "centuries" else word
    word = word[:-1] if word.endswith("s") and word[:-1] in UNITS else word
    return UNITS.get(word, "D")


_SMALLER = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("MIN", 60),
            "MIN": ("S", 60), "DE": ("Y", 10), "CE": ("Y", 100), "Q": ("M", 3)}


def duration_value(n: Fraction | None, unit: str) -> str:
    """TIMEX3 duration for n units (P2D, PT3H, P2Y6M, PXY when n is unknown)."""
    time_part = unit in ("H", "MIN", "S")
    if unit in ("DE", "CE") and n is not None:
        n, unit = n * {"DE": 10, "CE": 100}[unit], "Y"
    letter = {"MIN": "M", "FN": "W"}.get(unit, unit)
    prefix = "PT" if time_part else "P"
    if n is None:
        return f"{prefix}X{letter}"
    if unit == "FN":
        n = n * 2
    whole, rest = int(n), n - int(n)
    if rest and unit in _SMALLER:
        small, factor = _SMALLER[unit]
        extra = rest * factor
        head = f"{whole}{letter}" if whole else ""
        if small in ("H", "MIN", "S") and not time_part:
            return f"P{head}T{extra}{'M' if small == 'MIN' else small}" if extra.denominator == 1 \
                else f"P{float(n)}{letter}"
        tail = duration_value(extra, small)[len(prefix):]
        return f"{prefix}{head}{tail}" if extra.denominator == 1 else f"{prefix}{float(n)}{letter}"
    return f"{prefix}{whole}{letter}"


#: TimeML mods of duration qualifiers ("nearly two years", "up to 30 days").
_DUR_MODS = {phrase: TIMEX_MODS[meaning] for meaning, phrases in QUALIFIERS.items()
             for phrase in phrases} | {p: TIMEX_MODS[m] for p, m in TIME_QUALIFIERS.items()}
_POINT_MODS = {"early": "START", "earlier": "START", "mid": "MID", "middle": "MID",
               "late": "END", "later": "END", "end": "END", "beginning": "START",
               "start": "START", "close": "END", "turn": "START", "rest": "ON_OR_AFTER",
               "remainder": "ON_OR_AFTER"}


def _point_mod(groups: dict) -> str | None:
    text = (groups.get("pmod") or "").lower()
    for word, mod in _POINT_MODS.items():
        if re.search(rf"\b{word}\b", text):
            return mod
    if groups.get("approx"):
        return "APPROX"
    return None


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").lower()).strip()


# --- tense ----------------------------------------------------------------------------------

_STRONG_FUTURE = (r"will|won't|'ll|shall|going\s+to|plans?\s+to|planned\s+for|scheduled"
                  r"|expected\s+to|set\s+to|is\s+to|are\s+to|due\s+to|next|upcoming"
                  r"|intends?\s+to")
_FUTURE_WEEKDAY = re.compile(rf"\b(?:{_STRONG_FUTURE})\b", re.IGNORECASE)
#: Broader cues for dates in months ahead: "payable Dec. 15", "effective Feb. 1".
_FUTURE = re.compile(
    rf"\b(?:{_STRONG_FUTURE}|payable|effective"
    r"|would|expects?|expected|due|to\s+be|(?:extended|postponed|delayed"
    r"|moved|pushed|rescheduled)(?:\s+\w+)?\s+(?:to|until))\b",
    re.IGNORECASE)
_PAST = re.compile(r"\b(?:was|were|had|did|ago|last|said|told|earlier|since|\w{3,}ed)\b",
                   re.IGNORECASE)
_NOT_PAST = frozenset({"scheduled", "expected", "planned", "extended", "postponed", "delayed",
                       "moved", "pushed", "rescheduled", "need", "indeed", "speed", "feed",
                       "proceed", "succeed", "exceed", "red", "bed", "seed", "united", "limited",
                       "based", "hundred", "related", "interested", "concerned", "advanced"})


#: Prepositions that point ahead only right before the time ("by November", "until March",
#: "starting in June"); elsewhere in the sentence they are no tense ("rocked by a
#: devastating attack in November" is past).
_DEADLINE = re.compile(r"(?i)\b(?:by|through|until|till|past|starting|beginning)\s+"
                       r"(?:(?:in|on|the|end\s+of|early|mid-?|late)\s+){0,3}$")

#: How far either side of a time its tense cues are looked for in its sentence: far beyond
#: any real sentence, and a page of one endless sentence stays linear.
_CUE_REACH = 1000


def _tense(ctx: _Context, start: int, future: re.Pattern[str] = _FUTURE) -> str | None:
    """'future' or 'past' from the nearest tense cue before `start` in its sentence.

    With no cue before it, the first cue after it in the sentence decides
    ("In September, Kim visited ...").
    """
    index = bisect.bisect_right(ctx.sentence_starts, start) - 1
    sentence_start = ctx.sentence_starts[index] if index >= 0 else 0
    sentence_end = (ctx.sentence_starts[index + 1] if index + 1 < len(ctx.sentence_starts)
                    else len(ctx.text))
    window = ctx.text[max(sentence_start, start - _CUE_REACH):start]
    if future is _FUTURE and _DEADLINE.search(window):
        return "future"  # "by November", "until March": a deadline ahead
    before = _cues(window, future)
    if before:
        return max(before)[1]
    end = ctx.text.find(" ", start)
    sentence_end = min(sentence_end, start + _CUE_REACH)
    after = _cues(ctx.text[end:sentence_end], future) if 0 <= end < sentence_end else []
    return min(after)[1] if after else None


def _cues(window: str, future: re.Pattern[str]) -> list[tuple[int, str]]:
    cues = [(m.start(), "future") for m in future.finditer(window)]
    cues += [(m.start(), "past") for m in _PAST.finditer(window)
             if m.group().lower() not in _NOT_PAST]
    return cues


# --- resolution per rule --------------------------------------------------------------------

def _month_number(text: str) -> int:
    return MONTH_NUMBERS[text.lower().rstrip(".")]


def _day_number(text: str) -> int:
    word = text.lower()
    if word in ORDINALS:
        return ORDINALS[word]
    return int(re.match(r"\d+", word).group())


def _year_for(ctx: _Context, start: int, month: int, day: int | None) -> int:
    """The year of a month (and day) written without one, from the tense of its sentence."""
    assert ctx.dct is not None
    dct = ctx.dct
    year = dct.year
    target = (month, day or 0)
    here = (dct.month, dct.day if day else 0)
    if target == here:
        return year
    tense = _tense(ctx, start)
    window = 300
    options = [(y, (_safe_date(y, month, day or 15) - dct).days) for y in (year - 1, year,
                                                                           year + 1)]
    if tense == "past":
        past = [y for y, delta in options if -window <= delta <= 0]
        if past:
            return past[0]
    if tense == "future":
        future = [y for y, delta in options if 0 <= delta <= window]
        if future:
            return future[0]
    return min(options, key=lambda o: abs(o[1]))[0]


def _safe_date(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _weekday(ctx: _Context, start: int, weekday: int, rel: str) -> dt.date:
    assert ctx.dct is not None
    dct = ctx.dct
    back = (dct.isoweekday() - weekday) % 7
    previous = dct - dt.timedelta(days=back)
    following = dct + dt.timedelta(days=(weekday - dct.isoweekday()) % 7)
    if rel in ("last", "previous", "this past", "the previous"):
        return previous if back else dct - dt.timedelta(days=7)
    if rel in ("next", "coming", "this coming", "the following"):
        return following if following != dct else dct + dt.timedelta(days=7)
    if rel == "this":
        return dct + dt.timedelta(days=weekday - dct.isoweekday())
    if _tense(ctx, start, _FUTURE_WEEKDAY) == "future" and back:
        return following
    return previous


def _resolve(c: Candidate, ctx: _Context) -> _Value | None:
    """The value of one selected span; None when a rule's guard rejects it."""
    return _HANDLERS[c.rule](c, c.groups, ctx)


def _h_iso(c, g, ctx):
    try:
        d = dt.date(int(g["y"]), int(g["m"]), int(g["d"]))
    except ValueError:
        return None
    if g.get("hh"):
        return _Value(TIME, f"{d.isoformat()}T{g['hh']}:{g['mi']}", "time", d, d)
    return _day(d)


def _h_numeric(c, g, ctx):
    a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
    if len(g["y"]) == 2:
        y += 1900 if y >= 50 else 2000
    sep = ctx.text[c.start + len(g["a"])]
    month, day = (b, a) if sep == "." or a > 12 else (a, b)
    try:
        return _day(dt.date(y, month, day))
    except ValueError:
        return None


def _h_date(c, g, ctx):
    month, day = _month_number(g["mon"]), _day_number(g["d"])
    if not 1 <= day <= 31:
        return None
    mod = _point_mod(g)
    if g.get("y"):
        try:
            value = _day(dt.date(int(g["y"]), month, day))
        except ValueError:
            return None
    elif ctx.dct is None:
        value = _unresolved("day", f"XXXX-{month:02d}-{day:02d}")
    else:
        year = _year_for(ctx, c.start, month, day)
        try:
            value = _day(dt.date(year, month, day))
        except ValueError:
            return None
    value.modifier = mod
    return value


def _h_month_year(c, g, ctx):
    value = _month(int(g["y"]), _month_number(g["mon"]))
    value.modifier = _point_mod(g)
    return value


def _h_num_month_year(c, g, ctx):
    return _month(int(g.get("y") or g["y2"]), int(g.get("m") or g["m2"]))


def _h_week_weekday(c, g, ctx):
    weekday = WEEKDAY_NUMBERS[(g.get("wd") or g["wd2"]).lower().rstrip(".")]
    rel = _norm(g.get("rel") or g.get("rel2"))
    if ctx.dct is None:
        return _unresolved("day", f"XXXX-WXX-{weekday}")
    weeks = {"this": 0, "last": -1, "previous": -1, "the previous": -1}.get(rel, 1)
    monday = ctx.dct - dt.timedelta(days=ctx.dct.isoweekday() - 1) + dt.timedelta(weeks=weeks)
    return _day(monday + dt.timedelta(days=weekday - 1))


def _h_from_anchor(c, g, ctx):
    """'three weeks from tomorrow', 'two days before yesterday'."""
    unit, n = _unit_code(g["unit"]), _count(g["n"])
    if n is None or n.denominator != 1:
        return None
    if ctx.dct is None:
        return _unresolved(_PRECISION[unit], _UNRESOLVED[unit])
    anchor = ctx.dct + dt.timedelta(days={"tomorrow": 1, "tmrw": 1, "yesterday": -1}.get(
        _norm(g["deic"]), 0))
    sign = -1 if _norm(g["dir"]) == "before" else 1
    value = _day(_shift(anchor, unit, sign * int(n)))
    value.modifier = _DUR_MODS.get(_norm(g.get("dmod")))
    return value


def _easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    la = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * la) // 451
    month, day = divmod(h + la - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th (n=-1: last) ISO weekday of a month."""
    if n < 0:
        last = _last_day(year, month)
        return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))


_MOVABLE = {
    "easter": lambda y: _easter(y), "good friday": lambda y: _easter(y) - dt.timedelta(2),
    "easter monday": lambda y: _easter(y) + dt.timedelta(1),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 4, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 1, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 1, -1),
    "mlk day": lambda y: _nth_weekday(y, 1, 1, 3),
    "presidents day": lambda y: _nth_weekday(y, 2, 1, 3),
}


def _holiday_date(name: str, year: int) -> dt.date:
    rule = HOLIDAYS[name]
    return _MOVABLE[rule](year) if isinstance(rule, str) else dt.date(year, *rule)


def _h_holiday(c, g, ctx):
    name = re.sub(r"\s+", " ", g["hol"].lower().replace("\u2019", "'"))
    if name not in HOLIDAYS:
        name = next(k for k in HOLIDAYS if k.replace("'", "") == name.replace("'", ""))
    rel = _norm(g.get("rel"))
    if not g.get("y") and _modifies_noun(c, ctx) and not re.match(
            r"\s+(?:morning|afternoon|evening|night|weekend|holiday|season|break)\b",
            ctx.text[c.end:c.end + 12]):
        return None
    if g.get("y"):
        value = _day(_holiday_date(name, int(g["y"])))
    elif ctx.dct is None:
        rule = HOLIDAYS[name]
        value = _unresolved("day", f"XXXX-{rule[0]:02d}-{rule[1]:02d}" if isinstance(
            rule, tuple) else "XXXX-XX-XX")
    else:
        dates = [_holiday_date(name, y) for y in (ctx.dct.year - 1, ctx.dct.year,
                                                  ctx.dct.year + 1)]
        if rel in ("last", "this past"):
            day = max(d for d in dates if d < ctx.dct)
        elif rel in ("next", "this coming"):
            day = min(d for d in dates if d > ctx.dct)
        elif rel == "this":
            day = dates[1]
        else:
            tense = _tense(ctx, c.start)
            past = [d for d in dates if d <= ctx.dct]
            future = [d for d in dates if d >= ctx.dct]
            if tense == "past":
                day = max(past)
            elif tense == "future":
                day = min(future)
            else:
                day = min(dates, key=lambda d: abs((d - ctx.dct).days))
        value = _day(day)
    value.modifier = _point_mod(g)
    return value


def _h_month_rel(c, g, ctx):
    month = _month_number(g["mon"])
    if ctx.dct is None:
        return _unresolved("month", f"XXXX-{month:02d}")
    shift = {"this": 0, "last": -1, "next": 1}[_norm(g["rel"])]
    value = _month(ctx.dct.year + shift, month)
    value.modifier = _point_mod(g)
    return value


def _h_month(c, g, ctx):
    month = _month_number(g["mon"])
    rel = _norm(g.get("rel"))
    mod = _point_mod(g)
    if ctx.dct is None:
        value = _unresolved("month", f"XXXX-{month:02d}")
    else:
        year = ctx.dct.year
        if rel in ("last", "this past"):
            year -= month >= ctx.dct.month
        elif rel in ("next", "this coming"):
            year += month <= ctx.dct.month
        elif rel != "this":
            year = _year_for(ctx, c.start, month, None)
        value = _month(year, month)
    value.modifier = mod
    return value


def _h_weekday(c, g, ctx):
    weekday = WEEKDAY_NUMBERS[g["wd"].lower().rstrip(".")]
    pod = PARTS_OF_DAY.get(_norm(g.get("pod")))
    mod = _point_mod(g)
    if ctx.dct is None:
        value = _unresolved("day", f"XXXX-WXX-{weekday}")
        if pod:
            value = _unresolved("time", f"XXXX-WXX-{weekday}T{pod}", TIME)
    else:
        d = _weekday(ctx, c.start, weekday, _norm(g.get("rel")))
        value = _day(d)
        if pod:
            value = _Value(TIME, f"{d.isoformat()}T{pod}", "time", d, d)
    value.modifier = mod
    return value


def _h_year(c, g, ctx):
    year = int(g["y"])
    fy = _norm(g.get("fy"))
    if not fy and not (g.get("pmod") or g.get("approx")) and not _looks_like_year(c, ctx):
        return None
    value = _year(year)
    value.modifier = "ON_OR_AFTER" if g.get("fyend") else _point_mod(g)
    ctx.last_year = year
    return value


_NOT_YEAR_AFTER = re.compile(
    r"\s*(?:%|percent|per\s*cent|people|persons|men|women|troops|soldiers|shares|units|tons?"
    r"|miles?|km|kilomet|metres|meters|feet|acres|votes|jobs|workers|employees|cars|homes"
    r"|students|times|points|pounds|dollars|yen|barrels|[-/]\d)", re.IGNORECASE)


def _looks_like_year(c: Candidate, ctx: _Context) -> bool:
    if any(s <= c.start < e for s, e in ctx.reject):
        return False
    if _NOT_YEAR_AFTER.match(ctx.text, c.end):
        return False
    before = ctx.text[max(0, c.start - 12):c.start].lower()
    year = int(c.groups["y"])
    if re.search(r"(?:in|since|until|by|through|during|before|after|early|late|mid)[\s-]$",
                 before) or (1800 <= year <= 2099 and re.search(r"(?:from|to|of|and)\s$", before)):
        return True
    return 1800 <= year <= 2099 and not re.search(
        r"(?:\d[\s.,]|\$\s?|no\.\s?|number\s|#|about\s|than\s|some\s|nearly\s)$", before)


def _h_year_word(c, g, ctx):
    words = re.sub(r"[\s-]+", " ", g["yw"].lower()).replace(" and", "").split()
    if words[:2] == ["two", "thousand"]:
        rest = parse_number(" ".join(words[2:])) if len(words) > 2 else 0
        year = 2000 + int(rest or 0)
    else:
        rest = parse_number(" ".join(words[1:]))
        if rest is None:
            return None
        year = 1900 + int(rest)
    return _year(year)


def _h_decade(c, g, ctx):
    digits = g["dec"].lstrip("'")
    decade = int(digits) // 10 if len(digits) == 4 else 190 + int(digits) // 10
    value = _decade(decade)
    value.modifier = _point_mod({"pmod": g.get("dmod2") or g.get("pmod")})
    return value


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}


def _h_decade_word(c, g, ctx):
    value = _decade(190 + _DECADE_WORDS[g["decw"].lower()])
    value.modifier = _point_mod(g)
    return value


def _h_century(c, g, ctx):
    word = g["ord"].lower()
    number = ORDINALS.get(word) or int(re.match(r"\d+", word).group())
    if number < 1:
        return None
    value = _century(number - 1)
    value.modifier = _point_mod(g)
    return value


def _quarter_year_default(ctx: _Context, quarter: int) -> int:
    assert ctx.dct is not None
    year = ctx.dct.year
    if (dt.date(year, 3 * quarter - 2, 1) - ctx.dct).days > 92:
        return year - 1
    return year


def _anchor_quarter(ctx: _Context, start: int) -> tuple[int, int]:
    """The quarter named just before `start`, else the last one completed by publication."""
    assert ctx.dct is not None
    if ctx.last_quarter and start - ctx.last_quarter_at < 400:
        return ctx.last_quarter
    latest = _shift(ctx.dct, "Q", -1)
    return latest.year, (latest.month - 1) // 3 + 1


def _note_quarter(ctx: _Context, start: int, year: int, quarter: int) -> None:
    ctx.last_quarter, ctx.last_quarter_at = (year, quarter), start


def _h_quarter(c, g, ctx):
    number = ORDINALS.get(_norm(g["qord"]).replace(" ", "-"), 0)
    if number == -1:
        number = 4
    if not 1 <= number <= 4:
        return None
    det, adj = _norm(g.get("det")), _norm(g.get("adj"))
    if g.get("y"):
        year = int(g["y"])
    elif g.get("yq"):
        year = int(g["yq"])
    elif ctx.dct is None:
        value = _unresolved("quarter", f"XXXX-Q{number}")
        value.modifier = _point_mod(g)
        return value
    elif g.get("ry"):
        year = ctx.dct.year + {"this": 0, "last": -1, "next": 1}[_norm(g["ry"])]
    elif det == "last":
        year = ctx.dct.year - 1
    elif det == "next":
        year = ctx.dct.year + 1
    elif adj in ("year-ago", "year-earlier"):
        year = _anchor_quarter(ctx, c.start)[0] - 1
    else:
        year = _quarter_year_default(ctx, number)
    value = _quarter(year, number)
    value.modifier = _point_mod(g)
    if c.text.lower().endswith("quarters") and number:
        value.type = SET
        value.value = f"XXXX-Q{number}"
        value.low = value.high = None
    else:
        _note_quarter(ctx, c.start, year, number)
    return value


def _h_q_num(c, g, ctx):
    quarter = int(g["q"])
    year = g.get("y1") or g.get("y2")
    if year:
        return _quarter(int(year), quarter)
    if ctx.dct is None:
        return _unresolved("quarter", f"XXXX-Q{quarter}")
    return _quarter(_quarter_year_default(ctx, quarter), quarter)


def _h_year_period(c, g, ctx):
    """'the 1988 period', 'the 1988 third quarter': a quarter of a named year."""
    year = int(g["y"])
    number = ORDINALS.get(_norm(g.get("qord")), 0)
    if not 1 <= number <= 4:
        number = _anchor_quarter(ctx, c.start)[1] if ctx.dct else 0
    if not number:
        return _year(year)
    _note_quarter(ctx, c.start, year, number)
    return _quarter(year, number)


def _h_half(c, g, ctx):
    half = 1 if _norm(g["hord"]) in ("first", "1st") else 2
    if g.get("y"):
        return _half(int(g["y"]), half)
    if ctx.dct is None:
        return _unresolved("quarter", f"XXXX-H{half}")
    shift = {"this": 0, "last": -1, "next": 1}.get(_norm(g.get("rel")), 0)
    return _half(ctx.dct.year + shift, half)


def _h_two_quarters(c, g, ctx):
    return _half(int(g["y"]), 1)


def _h_season(c, g, ctx):
    code = SEASONS[g["season"].lower()]
    rel = _norm(g.get("rel"))
    mod = _point_mod({"pmod": g.get("pmod") or (rel if rel in ("early", "late") else None)})
    if g.get("y"):
        value = _season(int(g["y"]), code)
    elif ctx.dct is None:
        value = _unresolved("season", f"XXXX-{code}")
    else:
        dct = ctx.dct
        this = _season(dct.year if not (code == "WI" and dct.month <= 2) else dct.year - 1, code)
        if rel in ("last", "this past", "the past"):
            year = int(this.value[:4]) - (1 if this.high >= dct else 0)
        elif rel in ("next", "the coming", "this coming"):
            year = int(this.value[:4]) + (1 if this.low <= dct else 0)
        elif rel == "this":
            year = int(this.value[:4])
        else:
            tense = _tense(ctx, c.start)
            year = int(this.value[:4])
            if tense == "past" and this.low > dct:
                year -= 1
            elif tense == "future" and this.high < dct:
                year += 1
        value = _season(year, code)
    value.modifier = mod
    return value


def _h_deictic(c, g, ctx):
    word = _norm(g["deic"])
    if word == "today" and (re.search(r"\bUSA\s*$", ctx.text[max(0, c.start - 5):c.start])
                            or (c.text.isupper() and not _upper_line(ctx.text, c.start))):
        return None  # the newspaper USA TODAY, NBC's TODAY show
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
              "the day before yesterday": -2, "the day after tomorrow": 2}[word]
    pod = PARTS_OF_DAY.get(_norm(g.get("pod"))) or ("NI" if word == "tonight" else None)
    mod = _point_mod(g)
    if ctx.dct is None:
        value = _unresolved("day", "XXXX-XX-XX")
        if pod:
            value = _unresolved("time", f"XXXX-XX-XXT{pod}", TIME)
    else:
        d = ctx.dct + dt.timedelta(days=offset)
        value = _Value(TIME, f"{d.isoformat()}T{pod}", "time", d, d) if pod else _day(d)
    value.modifier = mod
    return value


def _upper_line(text: str, at: int) -> bool:
    """Whether the line around `at` is written in capitals (a heading), not prose."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    letters = [ch for ch in text[start:end if end >= 0 else len(text)] if ch.isalpha()]
    return sum(ch.isupper() for ch in letters) > 0.8 * len(letters)


def _h_pod(c, g, ctx):
    rel, pod = _norm(g["rel"]), PARTS_OF_DAY[_norm(g["pod"])]
    if rel in ("that", "the"):
        return None
    offset = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[rel]
    if rel == "last" and pod != "NI":
        return None
    if ctx.dct is None:
        value = _unresolved("time", f"XXXX-XX-XXT{pod}", TIME)
    else:
        d = ctx.dct + dt.timedelta(days=offset)
        value = _Value(TIME, f"{d.isoformat()}T{pod}", "time", d, d)
    value.modifier = _point_mod(g)
    return value


_PRESENT = {"now", "right now", "just now", "currently", "nowadays", "these days", "at present",
            "at the moment", "at this time", "the present", "current"}
_FUTURE_REFS = {"soon", "as soon as possible", "the future", "the near future",
                "the distant future", "the foreseeable future", "in the future",
                "in the near future"}


def _h_ref(c, g, ctx):
    word = _norm(g["ref"])
    if word == "current" and (not re.match(r"[ \t]+[a-z]", ctx.text[c.end:c.end + 3]) or re.match(
            r"\s+(?:account|affairs|events|issue|edition|form|version|rules?|law|system"
            r"|members?)\b", ctx.text[c.end:c.end + 20], re.IGNORECASE)):
        return None
    if word in _PRESENT:
        return _ref("PRESENT_REF")
    if word.startswith("coming"):
        return _ref("FUTURE_REF")
    if word.startswith("recent ") and not word.endswith(("years", "days")):
        return _Value(DURATION, duration_value(None, _unit_code(word)), "duration")
    if word in _FUTURE_REFS:
        return _ref("FUTURE_REF")
    return _ref("PAST_REF")


def _count(text: str | None) -> Fraction | None:
    return parse_number(text or "") if text else None


def _h_ago(c, g, ctx):
    unit = _unit_code(g["unit"])
    n = _count(g["n"])
    direction = _norm(g["dir"])
    sign = 1 if direction in ("later", "from now", "hence") else -1
    mod = _DUR_MODS.get(_norm(g.get("dmod")))
    mod = "APPROX" if mod or "or so" in c.text.lower() else None
    if direction in ("since", "back") and n is None:
        return None
    if n is None:
        return _Value(DATE, "FUTURE_REF" if sign > 0 else "PAST_REF", "unknown", modifier=mod)
    if ctx.dct is None:
        value = _unresolved(_PRECISION[unit], _UNRESOLVED[unit])
    elif unit == "Y" and n == 1 and direction in ("earlier", "ago") and _near_quarter(c, ctx):
        year, quarter = _anchor_quarter(ctx, c.start)
        value = _quarter(year - 1, quarter)
    else:
        steps = int(n) if n.denominator == 1 else None
        if steps is None:
            steps, unit = int(n * {"Y": 12}.get(unit, 1)), "M" if unit == "Y" else unit
        value = _at_unit(_shift(ctx.dct, unit, sign * steps), unit)
    value.modifier = mod
    return value


def _near_quarter(c: Candidate, ctx: _Context) -> bool:
    """Whether the sentence (or the one before) talks of a quarter or period results."""
    window = ctx.text[max(0, c.start - 400):c.start].lower()
    return bool(re.search(r"quarter|period|three months", window))


def _h_rel_unit(c, g, ctx):
    det, unit_word = _norm(g["det"]), _norm(g["unit"])
    if c.text.lower().startswith(("a ", "an ")):
        return None
    if unit_word == "period":
        if det not in ("the latest", "the same", "the current", "that"):
            return None
        unit_word = "quarter"
    if unit_word == "day":
        if det not in ("the same", "that", "the", "the previous", "the following"):
            return None
    unit = {"week": "W", "weekend": "WE", "month": "M", "year": "Y", "quarter": "Q",
            "decade": "DE", "century": "CE", "day": "D"}[unit_word]
    shift = {"this": 0, "the current": 0, "current": 0, "last": -1, "the past": -1,
             "past": -1, "the previous": -1, "previous": -1, "next": 1, "the coming": 1,
             "coming": 1, "the following": 1, "the upcoming": 1}.get(det)
    if unit == "WE":
        return _weekend(c, ctx, det)
    if ctx.dct is None:
        value = _unresolved(_PRECISION[unit], _UNRESOLVED[unit])
        value.modifier = _point_mod(g)
        return value
    if unit == "Q" and (shift is None or det in ("the current", "current", "this")):
        if det in ("the current", "current", "this"):
            quarter = (ctx.dct.month - 1) // 3 + 1
            value = _quarter(ctx.dct.year, quarter)
        elif det == "the latest":
            latest = _shift(ctx.dct, "Q", -1)
            value = _quarter(latest.year, (latest.month - 1) // 3 + 1)
        else:
            value = _quarter(*_anchor_quarter(ctx, c.start))
    elif unit == "Y" and det == "the":
        if re.search(r"\bof\s+$", ctx.text[max(0, c.start - 4):c.start]):
            return None  # "coach of the year"
        return _Value(DURATION, "P1Y", "duration")
    elif unit == "Y" and shift is None and det in ("that", "the same") and ctx.last_year:
        value = _year(ctx.last_year)
    elif shift is None and unit == "D":
        value = _day(ctx.dct)
    else:
        value = _at_unit(_shift(ctx.dct, unit, shift or 0), unit)
    value.modifier = _point_mod(g)
    if unit == "Q":
        year, quarter = int(value.value[:4]), int(value.value[-1])
        _note_quarter(ctx, c.start, year, quarter)
    return value


def _weekend(c, ctx, det):
    if ctx.dct is None:
        return _unresolved("week", "XXXX-WXX-WE")
    dct = ctx.dct
    saturday_back = dct - dt.timedelta(days=(dct.isoweekday() - 6) % 7)
    if det == "last":
        d = saturday_back if saturday_back < dct - dt.timedelta(days=1) else \
            saturday_back - dt.timedelta(days=7)
    elif det == "next":
        d = saturday_back + dt.timedelta(days=7)
    elif det == "this" or _tense(ctx, c.start) == "future":
        d = saturday_back + (dt.timedelta(days=7) if dct.isoweekday() < 6 else dt.timedelta())
    else:
        d = saturday_back
    week = _week(d)
    return _Value(DATE, week.value + "-WE", "week", d, d + dt.timedelta(days=1))


def _h_earlier_this(c, g, ctx):
    unit = {"week": "W", "month": "M", "year": "Y", "quarter": "Q", "day": "D"}[_norm(g["unit"])]
    shift = {"this": 0, "next": 1, "last": -1}.get(_norm(g.get("det")), 0)
    mod = "START" if _norm(g["el"]) == "earlier" else "END"
    if ctx.dct is None:
        value = _unresolved(_PRECISION[unit], _UNRESOLVED[unit])
    else:
        value = _at_unit(_shift(ctx.dct, unit, shift), unit)
    value.modifier = mod
    return value


def _h_earlier_today(c, g, ctx):
    value = _h_deictic(c, {"deic": g["deic"]}, ctx)
    value.modifier = "START" if _norm(g["el"]) == "earlier" else "END"
    return value


def _h_year_ago_adj(c, g, ctx):
    unit = _norm(g.get("unit"))
    if "months" in unit:
        return _Value(DURATION, duration_value(parse_number(unit.split()[0]), "M"), "duration")
    if ctx.dct is None:
        return _unresolved("year", "XXXX")
    if unit in ("quarter", "period", "") and _near_quarter(c, ctx):
        year, quarter = _anchor_quarter(ctx, c.start)
        return _quarter(year - 1, quarter)
    if not unit:
        return _year(ctx.dct.year - 1)
    return _at_unit(_shift(ctx.dct, "Y", -1), "Q" if unit == "period" else
                    {"quarter": "Q", "month": "M", "week": "W"}[unit])


def _h_year_end(c, g, ctx):
    value = _year(ctx.dct.year) if ctx.dct else _unresolved("year", "XXXX")
    value.modifier = "END"
    return value


def _h_duration(c, g, ctx):
    unit = _unit_code(g["unit"])
    counted = _norm(g["n"])
    if unit == "S" and counted in ("a", "an"):
        return None  # "a second time"
    n = None if g.get("n2") else _count(g["n"])
    if g.get("half"):
        n = (n or 0) + Fraction(1, 2) if n is not None else None
    mod = _DUR_MODS.get(_norm(g.get("dmod")))
    if g.get("orso") or counted.startswith("a couple"):
        mod = mod or "APPROX"
    value = _Value(DURATION, duration_value(n, unit), "duration", modifier=mod)
    before = ctx.text[max(0, c.start - 8):c.start].lower()
    if counted in ("a", "an", "one") and re.search(r"(?:once|twice|times|\bper)\s+$", before):
        value.type, value.precision = SET, "duration"
    if counted in ("a", "an") and not g.get("det") and re.search(
            r"(?:\d|million|billion|cents?|dollars)\s+$", before):
        value.type = SET
    if re.fullmatch(r"\d{4}", counted):
        return None
    if g["unit"][0].isupper() and not c.text.isupper():
        return None  # a title: the film "13 Hours", "Seven Days in May"
    if not re.search(r"-\w", c.text) and re.match(r"\s+old\b", ctx.text[c.end:c.end + 5]):
        return None  # an age
    if unit == "Q" and re.match(r"\s+of\b", ctx.text[c.end:c.end + 4]):
        return None  # "three-quarters of"
    return value


def _h_duration_bare(c, g, ctx):
    unit = _unit_code(g["unit"])
    before = ctx.text[max(0, c.start - 12):c.start].lower()
    if not (g.get("det") or g.get("dir") or g.get("dmod") or g.get("unit2")
            or re.search(r"(?:for|in|within|over|took|after|about|than)\s+$", before)):
        return None
    if _norm(g.get("dir")) in ("early",):
        return None
    return _Value(DURATION, duration_value(None, unit), "duration",
                  modifier=_DUR_MODS.get(_norm(g.get("dmod"))))


def _h_duration_half(c, g, ctx):
    unit = _unit_code(g["unit"])
    return _Value(DURATION, duration_value(Fraction(3, 2), unit), "duration")


def _modifies_noun(c: Candidate, ctx: _Context) -> bool:
    """Whether the span is followed by a content word it modifies ("Christmas tree")."""
    after = re.match(r"[ \t]+([A-Za-z]+)", ctx.text[c.end:c.end + 20])
    if not after:
        return False
    word = after.group(1)
    return word[0].isupper() or word not in _FUNCTION_WORDS


_FUNCTION_WORDS = frozenset({"in", "on", "at", "for", "and", "or", "to", "since", "until", "from",
                            "by", "during", "over", "as", "but", "with", "basis", "through"})
_SET_ADVERBS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y",
                "annually": "P1Y", "quarterly": "P3M", "hourly": "PT1H", "nightly": "P1D",
                "biweekly": "P2W", "fortnightly": "P2W"}


def _h_set(c, g, ctx):
    unit_text = _norm(g["unit"]).rstrip(".")
    every = _norm(g["every"])
    count = _norm(g.get("n"))
    if unit_text in WEEKDAY_NUMBERS:
        return _Value(SET, f"XXXX-WXX-{WEEKDAY_NUMBERS[unit_text]}", "duration")
    if unit_text in PARTS_OF_DAY:
        return _Value(SET, f"XXXX-XX-XXT{PARTS_OF_DAY[unit_text]}", "duration")
    if unit_text == "weekend":
        return _Value(SET, "XXXX-WXX-WE", "duration")
    n = Fraction(2) if count == "other" else (_count(count) if count else Fraction(1))
    if every == "each" and count and count != "other":
        return None
    return _Value(SET, duration_value(n, _unit_code(unit_text)), "duration")


def _h_set_adv(c, g, ctx):
    if _modifies_noun(c, ctx):
        return None  # an adjective: "a daily newspaper", "The Daily Beast"
    return _Value(SET, _SET_ADVERBS[g["adv"].lower()], "duration")


def _h_clock(c, g, ctx):
    if g.get("word"):
        if g["word"][0].isupper() and re.search(r"[\"\u201c]$", ctx.text[max(0, c.start - 1):
                                                                         c.start]):
            return None  # a title: the radio show "Midday with ..."
        hour, minute = {"noon": (12, 0), "midday": (12, 0), "midnight": (0, 0)}[
            g["word"].lower()]
    elif g.get("h24"):
        hour, minute = int(g["h24"]), int(g["mi24"])
        if not g.get("pre") and not g.get("post") and not g.get("pmon2"):
            before = ctx.text[max(0, c.start - 4):c.start].lower()
            if not re.search(r"(?:at|by)\s+$", before):
                return None
    else:
        hour, minute = int(g["h"]), int(g.get("mi") or 0)
        if not 1 <= hour <= 12:
            return None
        ap = g["ap"].lower()
        if ap.startswith("p") and hour != 12:
            hour += 12
        if ap.startswith("a") and hour == 12:
            hour = 0
    day: dt.date | None = None
    anchor = g.get("pre") or g.get("post")
    month_text, day_text = g.get("pmon") or g.get("pmon2"), g.get("pd") or g.get("pd2")
    if month_text and day_text:
        day_value = _h_date(c, {"mon": month_text, "d": day_text}, ctx)
        day = day_value.low if day_value else None
    elif anchor and ctx.dct is not None:
        word = anchor.lower().rstrip(".")
        if word in WEEKDAY_NUMBERS:
            day = _weekday(ctx, c.start, WEEKDAY_NUMBERS[word], "")
        else:
            day = ctx.dct + dt.timedelta(days={"today": 0, "tonight": 0, "yesterday": -1,
                                               "tomorrow": 1}[word])
    elif ctx.dct is not None:
        day = _day_named_before(ctx, c.start) or ctx.dct
    clock = f"T{hour:02d}:{minute:02d}"
    if day is None:
        return _Value(TIME, f"XXXX-XX-XX{clock}", "time", modifier=_point_mod(g))
    return _Value(TIME, f"{day.isoformat()}{clock}", "time", day, day, _point_mod(g))


def _day_named_before(ctx: _Context, start: int) -> dt.date | None:
    """The day named in this sentence or the two before, for a bare clock time:
    "Thompson started Thursday at a breakfast. By 2:30 p.m., ..." is Thursday."""
    if ctx.last_day is None:
        return None
    at, day = ctx.last_day
    between = ctx.sentence_starts[bisect.bisect_right(ctx.sentence_starts, at):
                                  bisect.bisect_right(ctx.sentence_starts, start)]
    return day if sum(not ctx.text[s:s + 1].isspace() for s in between) <= 2 else None


_DAY_RULES = frozenset({"weekday", "mdy", "dmy", "deictic", "week_weekday", "iso", "numeric"})


def _h_mid_pod(c, g, ctx):
    pod = PARTS_OF_DAY[_norm(g["pod"])]
    offset = {"yesterday": -1, "tomorrow": 1}.get(_norm(g.get("deic")), 0)
    mod = _point_mod(g)
    if ctx.dct is None:
        return _Value(TIME, f"XXXX-XX-XXT{pod}", "time", modifier=mod)
    d = ctx.dct + dt.timedelta(days=offset)
    return _Value(TIME, f"{d.isoformat()}T{pod}", "time", d, d, mod)


_HANDLERS = {
    "iso": _h_iso, "numeric": _h_numeric, "mdy": _h_date, "dmy": _h_date,
    "month_year": _h_month_year, "dmy_dash": _h_date,
    "num_month_year": _h_num_month_year, "week_weekday": _h_week_weekday,
    "from_anchor": _h_from_anchor, "holiday": _h_holiday, "year_month": _h_month_year,
    "month_rel": _h_month_rel,
    "month": _h_month, "weekday": _h_weekday, "year": _h_year, "year_word": _h_year_word,
    "decade": _h_decade, "decade_word": _h_decade_word, "century": _h_century,
    "quarter": _h_quarter, "year_period": _h_year_period, "q_num": _h_q_num, "half": _h_half,
    "two_quarters": _h_two_quarters, "season": _h_season, "deictic": _h_deictic,
    "pod": _h_pod, "ref": _h_ref, "ago": _h_ago, "rel_unit": _h_rel_unit,
    "earlier_this": _h_earlier_this, "earlier_today": _h_earlier_today,
    "year_ago_adj": _h_year_ago_adj, "year_end": _h_year_end, "weekend":
    lambda c, g, ctx: _weekend(c, ctx, _norm(g["rel"])), "duration": _h_duration,
    "duration_bare": _h_duration_bare, "duration_half": _h_duration_half, "set": _h_set,
    "set_adv": _h_set_adv, "clock": _h_clock, "mid_pod": _h_mid_pod,
}

# --- span selection -------------------------------------------------------------------------

_PREP_CUE = re.compile(r"(?:in|since|until|till|by|of|through|from|to|before|after|during"
                       r"|last|this|next|early|late|mid|end|between|and|or)[\s-]+$",
                       re.IGNORECASE)
_WEEKDAY_OR_MONTH = set(MONTH_NUMBERS) | set(WEEKDAY_NUMBERS)


def _plausible(c: Candidate, text: str) -> bool:
    """Surface checks that need the text around a match (case, following words)."""
    g = c.groups
    if c.rule == "month" and g["mon"] == "may":
        return False  # the modal verb
    if c.rule in ("month", "month_rel") and not g.get("pmod") and not g.get("rel"):
        word = g["mon"]
        before = text[max(0, c.start - 12):c.start]
        if not word[0].isupper() and not _PREP_CUE.search(before):
            return False
        if word == "march" and re.search(r"\b(?:to|will|would|could|can|should|must|they"
                                         r"|we|i)\s+$", before, re.IGNORECASE):
            return False  # the verb: "would prefer to march under the orders of"
        if word.lower() == "may" and (not word[0].isupper() or c.start == 0
                                      or text[c.start - 2:c.start] in (". ", "\n")
                                      or not _PREP_CUE.search(before)):
            return False
        after = re.match(r"\s+([A-Z][a-z]+)", text[c.end:c.end + 20])
        if c.rule == "month" and after and after.group(1).lower() not in _WEEKDAY_OR_MONTH:
            return False
    if c.rule == "season" and not g.get("y") and _norm(g.get("rel")) in ("", "the") \
            and not g.get("pmod"):
        before = text[max(0, c.start - 12):c.start]
        if not re.search(r"(?:in|during|since|until|through|by|of|this|last|next|early|late"
                         r"|mid)[\s-]+$", before, re.IGNORECASE):
            return False
    if c.rule in ("mdy", "dmy") and g["d"][0].isalpha() and c.rule == "mdy" and \
            not text[c.start].isupper():
        return False
    return True


def _select(candidates: list[Candidate]) -> list[Candidate]:
    """Longest spans first; a span overlapping a chosen one is dropped.

    The chosen spans are disjoint, so only the one starting last before a candidate's
    end can overlap it (found by bisection: a page of many dates stays linear)."""
    chosen: list[Candidate] = []
    starts: list[int] = []
    ends: list[int] = []
    for c in sorted(candidates, key=lambda c: (-(c.end - c.start), c.start)):
        k = bisect.bisect_left(starts, c.end)
        if k and ends[k - 1] > c.start:
            continue
        chosen.append(c)
        starts.insert(k, c.start)
        ends.insert(k, c.end)
    return sorted(chosen, key=lambda c: c.start)


def find_candidates(text: str) -> list[Candidate]:
    """Every rule match in the text (overlapping), with the trailing space trimmed."""
    found = []
    present: dict[re.Pattern[str], bool] = {}  # rules share triggers: each is searched once
    for name, pattern in RULES:
        trigger = TRIGGERS.get(name)
        if trigger is not None:
            if trigger not in present:
                present[trigger] = trigger.search(text) is not None
            if not present[trigger]:
                continue
        for match in pattern.finditer(text):
            start, end = match.span()
            while end > start and text[end - 1] in " \t\n,.":
                if text[end - 1] == "." and re.search(r"(?:\b[ap]\.m|\b[A-Za-z]{3,4}|\d)\.$",
                                                        text[start:end]) and not \
                        re.search(r"(?:[.!?]\s|\n)", text[end:end + 2] or "\n"):
                    break
                end -= 1
            article = re.match(r"(?:an?|the)\s+(?=\w+-)", text[start:end], re.IGNORECASE)
            if name == "duration" and article and not match.group("dir"):
                start += article.end()
            if end > start:
                found.append(Candidate(start, end, name, match.groupdict(), text[start:end]))
    if present.get(TRIGGERS["month"], True):  # a day range names its month
        found += _day_ranges(text)
    return [c for c in found if _plausible(c, text)]


def _day_ranges(text: str) -> list[Candidate]:
    """'March 17-20' as two dates, 'March 17' and '20' (the year, if any, in both)."""
    out = []
    for match in DAY_RANGE.finditer(text):
        g = match.groupdict()
        if not g["mon"][0].isupper() or (g["mon2"] and not g["mon2"][0].isupper()):
            continue
        year = g["y"]
        if year and g["mon2"] and _month_number(g["mon"]) > _month_number(g["mon2"]):
            year = str(int(year) - 1)  # "Dec. 30-Jan. 2, 2017"
        first = {"mon": g["mon"], "d": g["d"], "y": year}
        second = {"mon": g["mon2"] or g["mon"], "d": g["d2"], "y": g["y"]}
        start2 = match.start("second")
        out += [Candidate(match.start(), match.end("d"), "mdy", first,
                          text[match.start():match.end("d")]),
                Candidate(start2, match.end(), "mdy", second, text[start2:match.end()])]
    return out


def _sentence_starts(text: str, analysis: ArticleAnalysis | None) -> list[int]:
    if analysis is not None and analysis.sentences:
        return [s.start for s in analysis.sentences]
    return [0] + [m.end() for m in re.finditer(r"(?:[.!?][\"')\u201d]?\s+(?=[A-Z\"\u201c])|\n)",
                                                text)]


_NUMERIC_LABELS = frozenset({"CARDINAL", "MONEY", "QUANTITY", "PERCENT"})


def extract_times(text: str, published: dt.date | None,
                  analysis: ArticleAnalysis | None = None) -> tuple[TimeExpr, ...]:
    """All time expressions of one article, in text order, resolved against `published`.

    `analysis` (optional) gives sentence bounds for tense cues and spaCy's
    numeric spans, which veto bare four-digit numbers as years.
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    ctx = _Context(text, published, _sentence_starts(text, analysis))
    if analysis is not None:
        ctx.reject = [(m.start, m.end) for m in analysis.mentions if m.label in _NUMERIC_LABELS]
    out: list[TimeExpr] = []
    for c in _select(find_candidates(text)):
        value = _resolve(c, ctx)
        if value is None:
            continue
        if c.rule in _DAY_RULES and value.precision == "day" and value.low is not None:
            ctx.last_day = (c.start, value.low)
        out.append(TimeExpr(c.start, c.end, text[c.start:c.end], value.type, value.value,
                            value.precision, value.low.isoformat() if value.low else None,
                            value.high.isoformat() if value.high else None, value.modifier))
    return tuple(out)


def resolve_date_text(text: str, reference: dt.date | None) -> TimeExpr | None:
    """Normalise one expression ("as of late May", "Sept. 30") against `reference`.

    Returns the longest expression found in `text` (offsets into `text`), or a
    day-precision value from dateparser when no rule matches; None if neither
    understands it.
    """
    found = extract_times(text, reference)
    if found:
        return max(found, key=lambda t: (t.end - t.start, -t.start))
    if reference is None or not text.strip():
        return None
    import dateparser  # slow to import; only needed for this fallback

    settings = {"RELATIVE_BASE": dt.datetime.combine(reference, dt.time()),
                "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"]}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    stripped = text.strip()
    start = text.index(stripped)
    day = parsed.date().isoformat()
    return TimeExpr(start, start + len(stripped), stripped, DATE, day, "day", day, day)
