"""The surface grammar of English time expressions: span rules over `lexicon` words.

Kept apart from `times` (which resolves values) so the patterns can be read and
tuned on their own. Span conventions follow TimeBank/TempEval-3: determiners
and modifiers that belong to the expression are inside ("the third quarter",
"the end of 1990", "nearly two years", "at least 30 days", "last week"),
prepositions are outside ("in March", "on Tuesday").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.analyse.first_chars import starts_class
from storyline.lexicon import (
    MONTH_NUMBERS,
    SEASONS,
    SMALL_NUMBERS,
    TENS,
    WEEKDAY_ABBREVIATIONS,
    WEEKDAYS,
)
from storyline.lexicon import ORDINALS as ORDINAL_WORDS


def _day_ordinals() -> dict[str, int]:
    """How a day of the month is written as an ordinal, by number: "first" and "1st" to
    "12th", "twenty-first", "thirty-first"; "last", "final" and "latter" are -1."""
    word = {n: w for w, n in ORDINAL_WORDS.items()}
    tens = {n: w for w, n in TENS.items()}
    out: dict[str, int] = {}
    for n in range(1, 32):
        out[word.get(n) or f"{tens[n - n % 10]}-{word[n % 10]}"] = n
        if n <= 12:
            suffix = {1: "st", 2: "nd", 3: "rd"}.get(n, "th")
            out[f"{n}{suffix}"] = n
    return out | {"last": -1, "final": -1, "latter": -1}


ORDINALS = _day_ordinals()
UNITS = {
    "second": "S", "sec": "S", "minute": "MIN", "min": "MIN", "hour": "H", "hr": "H",
    "day": "D", "night": "D", "week": "W", "fortnight": "FN", "month": "M", "quarter": "Q",
    "year": "Y", "yr": "Y", "decade": "DE", "century": "CE", "centurie": "CE",
    "millennium": "ML", "millennia": "ML", "millenia": "ML",
}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
                "tonight": "NI", "overnight": "NI"}

_ONES = [w for w, n in SMALL_NUMBERS.items() if 0 < n < 10]
_TEENS = [w for w, n in SMALL_NUMBERS.items() if n >= 10]
_TENS = list(TENS)
#: What a count that is not a number word stands for ("a couple of days", "dozen years").
COUNT_WORDS = {"a": 1, "an": 1, "dozen": 12, "a couple of": 2, "a couple": 2, "couple of": 2,
               "a pair of": 2}
#: Quantities that stand for an unknown number ("several years" -> PXY).
VAGUE_NUMBERS = frozenset({"a few", "few", "several", "some", "many", "a number of",
                           "the next few", "numerous", "a handful of"})


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]+")
                            for w in words),
                           key=len, reverse=True))


_MONTH_FULL = _alt(w for w in MONTH_NUMBERS if len(w) > 4 or w in {"may", "june", "july"})
_MONTH_ABBR = _alt(w for w in MONTH_NUMBERS if len(w) <= 4 and w not in {"may", "june", "july"})
#: A month name; abbreviations need their full stop or a following number.
MONTH = rf"(?:{_MONTH_FULL}|(?:{_MONTH_ABBR})(?:\.|(?=\s*\d)))"
#: A weekday name; abbreviations need their full stop.
WEEKDAY = rf"(?:{'|'.join(WEEKDAYS)}|(?:{_alt(WEEKDAY_ABBREVIATIONS)})\.)"
_NUM_WORD = (rf"(?:(?:{_alt(_TENS)})(?:[\s-]+(?:{_alt(_ONES)}))?|{_alt(_TEENS)}|{_alt(_ONES)}"
             r"|(?:a|one)\s+hundred|(?:a\s+)?dozen|a\s+thousand)")
NUMBER = (rf"(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?:\s+1/2)?|{_NUM_WORD})"
          r"(?:\s+and\s+a\s+half)?)")
VAGUE = r"(?:a\s+few|few|several|some|many|a\s+number\s+of|numerous|a\s+handful\s+of)"
COUNT = rf"(?:{NUMBER}|a\s+couple(?:\s+of)?|couple\s+of|a\s+pair\s+of|a|an|{VAGUE})"
UNIT = (r"(?:(?:trading|business|working|calendar|school)\s+)?(?:seconds?|secs?|minutes?|mins?"
        r"|hours?|hrs?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?|yrs?"
        r"|decades?|century|centuries|millenni(?:um|a)|millenia)")
YEAR = r"(?:1[0-9]\d\d|2[0-9]\d\d)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
ORDINAL = _alt(ORDINALS)
DAYWORD = _alt(w for w, n in ORDINALS.items() if 0 < n and not w[0].isdigit())
_MOD = (r"(?:(?P<pmod>early|earlier|mid|middle|late|later|the\s+(?:end|beginning|start|middle"
        r"|close|turn|rest|remainder)\s+of|(?:by\s+)?the\s+end\s+of|end\s+of|beginning\s+of"
        r"|start\s+of|middle\s+of)(?:\s*-\s*|\s+(?:in\s+)?(?:the\s+)?))?")
_APPROX = r"(?:(?P<approx>around|about|approximately|roughly|circa|sometime|some\s+time)\s+)?"
_DUR_MOD = (r"(?:(?P<dmod>nearly|almost|about|around|roughly|approximately|some|more\s+than"
            r"|over|less\s+than|under|at\s+least|at\s+most|up\s+to|no\s+more\s+than"
            r"|no\s+less\s+than|fewer\s+than|just\s+over|just\s+under|well\s+over|only|just"
            r"|within|for\s+at\s+least)\s+(?!the\s))?")
SEASON = "|".join(SEASONS)
REL = r"(?:this|last|next|past|previous|coming|current|following|same|that|the\s+same)"


#: Holidays news names as dates: fixed (month, day) or a rule name resolved in `times`.
HOLIDAYS = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14),
    "st. patrick's day": (3, 17), "saint patrick's day": (3, 17), "st patrick's day": (3, 17),
    "independence day": (7, 4), "the fourth of july": (7, 4), "fourth of july": (7, 4),
    "halloween": (10, 31), "veterans day": (11, 11), "armistice day": (11, 11),
    "remembrance day": (11, 11), "christmas eve": (12, 24), "christmas day": (12, 25),
    "christmas": (12, 25), "boxing day": (12, 26), "bastille day": (7, 14),
    "easter sunday": "easter", "easter": "easter", "good friday": "good friday",
    "easter monday": "easter monday", "thanksgiving day": "thanksgiving",
    "thanksgiving": "thanksgiving", "labor day": "labor day", "memorial day": "memorial day",
    "martin luther king day": "mlk day", "presidents day": "presidents day",
    "presidents' day": "presidents day",
}
HOLIDAY = _alt(HOLIDAYS).replace("'", "['\u2019]?")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A matched span and the rule (with its named groups) that matched it."""

    start: int
    end: int
    rule: str
    groups: dict
    text: str


def _rx(pattern: str) -> re.Pattern[str]:
    """A rule: the words not inside a longer word, matched case-insensitively, behind a
    lookahead for their first characters (`first_chars`: the same matches, faster)."""
    cls = starts_class(pattern, re.IGNORECASE)
    starts = f"(?={cls})" if cls else ""
    return re.compile(rf"(?<![\w$£€'-]){starts}{pattern}(?![\w%]|-\w)", re.IGNORECASE)


#: (rule name, pattern); all are run and the longest non-overlapping spans win.
RULES: list[tuple[str, re.Pattern[str]]] = [
    # Absolute calendar dates.
    ("iso", _rx(r"(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01])"
                r"(?:T(?P<hh>[01]\d|2[0-3]):(?P<mi>[0-5]\d))?")),
    ("numeric", _rx(r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4}|\d{2})")),
    ("mdy", _rx(rf"{_MOD}{_APPROX}(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<mon>{MONTH})\s*"
                rf"(?P<d>{DAY}|{DAYWORD})(?:(?:\s*,\s*|\s+|\s+of\s+|\s+in\s+)(?P<y>{YEAR}))?")),
    ("dmy", _rx(rf"{_MOD}{_APPROX}(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<d>{DAY}|{DAYWORD})"
                rf"(?:\s+of)?\s+(?P<mon>{MONTH})(?:,?\s+(?:in\s+)?(?P<y>{YEAR}))?")),
    ("dmy_dash", _rx(rf"(?P<d>{DAY})-(?P<mon>{MONTH})-(?P<y>{YEAR})")),
    ("month_year", _rx(rf"{_MOD}{_APPROX}(?P<mon>{MONTH})(?:\s*,\s*|\s+(?:of\s+)?|[/-])"
                       rf"(?P<y>{YEAR})")),
    ("year_month", _rx(rf"(?P<y>{YEAR})\s+(?P<mon>{MONTH})")),
    ("num_month_year", _rx(r"(?:(?P<y>[12]\d{3})-(?P<m>0?[1-9]|1[0-2])|(?P<m2>0?[1-9]|1[0-2])-"
                           r"(?P<y2>[12]\d{3}))")),
    ("week_weekday", _rx(rf"(?:(?P<wd>{WEEKDAY})\s+(?:of\s+)?(?P<rel>this|last|next|the"
                         rf"\s+following|the\s+previous)\s+week|(?P<rel2>this|last|next"
                         rf"|previous)\s+week(?:\s*-\s*|,?\s+(?:on\s+)?)(?P<wd2>{WEEKDAY}))")),
    ("from_anchor", _rx(rf"{_DUR_MOD}(?P<n>{COUNT})[\s-]+(?P<unit>{UNIT})\s+(?P<dir>before|after"
                        r"|from|since)\s+(?P<deic>today|tomorrow|tmrw|yesterday|now)")),
    ("month_rel", _rx(rf"{_MOD}(?P<mon>{MONTH})\s+(?:of\s+)?(?P<rel>this|last|next)\s+year")),
    ("month", _rx(rf"{_MOD}(?:(?P<rel>this|last|next|this\s+past|this\s+coming)\s+)?"
                  rf"(?P<mon>{MONTH})")),
    ("weekday", _rx(rf"{_MOD}{_APPROX}(?:(?P<rel>this|last|next|this\s+past|this\s+coming"
                    rf"|previous|coming|the\s+following|the\s+previous)\s+)?(?P<wd>{WEEKDAY})"
                    rf"(?:\s+(?P<pod>morning|afternoon|evening|night|overnight))?")),
    ("year", _rx(rf"{_MOD}{_APPROX}(?:(?P<fy>fiscal|calendar|the\s+year|model\s+year"
                 rf"|the\s+fiscal\s+year)\s+)?(?P<y>{YEAR})(?P<fyend>\s+and\s+beyond)?")),
    ("year_word", _rx(r"(?:the\s+year\s+)?(?P<yw>nineteen[\s-]+(?:" + _alt(_TENS + _TEENS)
                      + r")(?:[\s-]+(?:" + _alt(_ONES) + r"))?|two\s+thousand(?:(?:\s+and)?[\s-]+"
                      + r"(?:(?:" + _alt(_TENS) + r")(?:[\s-]+(?:" + _alt(_ONES) + r"))?|"
                      + _alt(_TEENS + _ONES) + r"))?)")),
    ("holiday", _rx(rf"{_MOD}(?:(?P<rel>this|last|next|this\s+past|this\s+coming)\s+)?"
                    rf"(?P<hol>{HOLIDAY})(?:\s+(?:of\s+)?(?P<y>{YEAR}))?")),
    ("decade", _rx(rf"{_MOD}(?:the\s+)?(?:(?P<dmod2>early|mid|late)\s*-?\s*)?"
                   r"(?P<dec>(?:1[0-9]|20)\d0|'\d0|\d0)['\u2019]?s")),
    ("decade_word", _rx(rf"{_MOD}(?:the\s+)?(?P<decw>twenties|thirties|forties|fifties"
                        r"|sixties|seventies|eighties|nineties)")),
    ("century", _rx(rf"{_MOD}(?:the\s+)?(?P<ord>{ORDINAL}|\d{{1,2}}(?:st|nd|rd|th))[\s-]+"
                    r"century")),
    ("quarter", _rx(rf"{_MOD}(?:(?P<det>the|its|this|last|next|a|that|(?P<ry>this|last|next)"
                    rf"\s+year's|(?P<yq>{YEAR})'?s?)\s+)?(?:(?P<adj>latest|current|flat|same"
                    r"|comparable|fiscal|calendar|year-ago|year-earlier)\s+)?(?:fiscal[\s-]+)?"
                    rf"(?P<qord>{ORDINAL})(?:[\s-]+fiscal)?[\s-]+quarters?(?:\s+(?:of|in)\s+"
                    rf"(?:(?:fiscal|calendar)\s+)?(?P<y>{YEAR}))?")),
    ("q_num", _rx(rf"(?:(?P<y1>{YEAR})\s+)?Q(?P<q>[1-4])(?:\s+(?P<y2>{YEAR}))?")),
    ("half", _rx(rf"(?:the\s+)?(?P<hord>first|second|last|latter|1st|2nd)\s+half\s+of\s+"
                 rf"(?:(?P<y>{YEAR})|(?P<rel>this|last|next)\s+year|the\s+year)")),
    ("year_period", _rx(rf"(?:the\s+)?(?P<y>{YEAR})\s+(?:(?P<qord>{ORDINAL})[\s-]+)?"
                        r"(?:quarter|period)")),
    ("two_quarters", _rx(rf"(?:the\s+)?first\s+(?:two|three)\s+quarters\s+of\s+(?P<y>{YEAR})")),
    ("season", _rx(rf"{_MOD}(?:(?P<rel>this|last|next|this\s+past|this\s+coming|the"
                   rf"|the\s+coming|the\s+past|early|late)\s+)?(?P<season>{SEASON})"
                   rf"(?:\s+(?:of\s+)?(?P<y>{YEAR}))?")),
    # Relative to the publication date.
    ("deictic", _rx(rf"{_MOD}(?P<deic>the\s+day\s+before\s+yesterday|the\s+day\s+after"
                    r"\s+tomorrow|today|yesterday|tomorrow|tonight)(?:\s+(?P<pod>morning"
                    r"|afternoon|evening|night))?")),
    ("pod", _rx(rf"{_MOD}(?P<rel>this|last|tomorrow|yesterday|that|the)\s+(?P<pod>morning"
                r"|afternoon|evening|night)")),
    ("ref", _rx(r"(?P<ref>right\s+now|just\s+now|now|currently|nowadays|these\s+days|at\s+"
                r"present|at\s+the\s+moment|at\s+this\s+time|recently|lately|the\s+past"
                r"|as\s+soon\s+as\s+possible|the\s+(?:near\s+|distant"
                r"\s+|foreseeable\s+)?future|the\s+present"
                r"|recent\s+(?:years|months|weeks|days)|coming\s+(?:years|months|weeks|days"
                r"|quarters)|past\s+years|current)")),
    ("ago", _rx(rf"{_DUR_MOD}(?P<n>{COUNT})[\s-]+(?P<unit>{UNIT})(?:\s+or\s+so)?"
                r"(?:\s+and\s+a\s+half)?\s+(?P<dir>ago|earlier|from\s+now|hence|back)")),
    ("rel_unit", _rx(rf"{_MOD}(?P<det>this|last|next|the\s+past|past|the\s+previous|previous"
                     r"|the\s+coming|coming|the\s+current|current|the\s+following|the\s+same"
                     r"|that|the|the\s+latest|the\s+full|the\s+upcoming)\s+(?:fiscal\s+|"
                     r"calendar\s+)?(?P<unit>week|weekend|month|year|quarter|decade|century"
                     r"|period|day)(?:\s+or\s+so)?(?!\s+(?:ago|earlier|later|before)\b)")),
    ("earlier_this", _rx(r"(?P<el>earlier|later)\s+(?:(?P<det>this|next|last)\s+|in\s+the\s+)"
                         r"(?P<unit>week|month|year|quarter|day)")),
    ("earlier_today", _rx(r"(?P<el>earlier|later)\s+(?P<deic>today|tonight|yesterday)")),
    ("year_ago_adj", _rx(r"(?:(?P<det>the|a|its)\s+)?(?:(?:comparable|corresponding|same)\s+)?"
                         r"(?P<ya>year-ago|year-earlier|year\s+ago|year\s+earlier)(?:\s+"
                         r"(?P<unit>quarter|period|month|week|nine\s+months|six\s+months))?")),
    ("year_end", _rx(r"(?P<ye>year[\s-]end|year's\s+end|end\s+of\s+the\s+year)")),
    ("weekend", _rx(r"(?P<rel>this|last|next|the)\s+weekend")),
    # Durations and sets.
    ("duration", _rx(rf"{_DUR_MOD}(?:(?P<det>the|a|an|its|each\s+of\s+the)\s+)?"
                     r"(?:(?P<dir>first|last|past|next|previous|coming|following|latest"
                     r"|additional|further|other|final|initial|remaining|year-earlier)\s+)?"
                     rf"(?P<n>{COUNT})(?:\s*(?:-|to|or)\s*(?P<n2>{NUMBER}))?(?:\s+more)?"
                     rf"[\s-]+(?P<unit>{UNIT})(?:-old)?(?P<half>\s+and\s+a\s+half)?(?P<orso>\s+or\s+so"
                     r"|\s+or\s+(?:two|more))?")),
    ("duration_bare", _rx(rf"{_DUR_MOD}(?:(?P<det>the|for)\s+)?(?:(?P<dir>past|next|coming"
                          r"|last|first|early)\s+)?(?P<unit>years|months|weeks|days|decades"
                          r"|centuries|hours|minutes)(?:\s+or\s+(?P<unit2>months|years"
                          r"|weeks|days))?")),
    ("duration_half", _rx(r"(?P<n>a|an|one)\s+(?P<unit>minute|hour|day|week|month|year)"
                          r"\s+and\s+a\s+half")),
    ("set", _rx(rf"(?P<every>every|each|per)\s+(?:(?P<n>other|{NUMBER})\s+)?(?P<unit>{UNIT}"
                rf"|{WEEKDAY}|morning|afternoon|evening|night|weekend)")),
    ("set_adv", _rx(r"(?P<adv>daily|weekly|monthly|yearly|annually|quarterly|hourly|nightly"
                    r"|biweekly|fortnightly)")),
    # Clock times.
    ("clock", _rx(rf"{_APPROX}(?:(?P<pre>{WEEKDAY}|today|tomorrow|yesterday|tonight)(?:,?\s+"
                  r"at)?\s+)?(?P<clock>(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d))?\s*"
                  r"(?P<ap>a\.m\.|p\.m\.|am\b|pm\b|a\.m|p\.m)|(?P<h24>[01]?\d|2[0-3]):"
                  r"(?P<mi24>[0-5]\d)(?!\d)|(?P<word>noon|midday|midnight))(?:\s+(?P<tz>"
                  r"[ECMP][SD]T|GMT|UTC|BST|CET))?(?:,?\s+(?:on\s+)?(?P<post>"
                  rf"{WEEKDAY}|today|tomorrow|yesterday|tonight)(?:,?\s+(?P<pmon>{MONTH})\s*"
                  rf"(?P<pd>{DAY}))?|,?\s+(?P<pmon2>{MONTH})\s*(?P<pd2>{DAY}))?")),
    ("mid_pod", _rx(r"(?P<pmod>mid|late|early)[\s-]*(?P<pod>morning|afternoon|evening|night)"
                    r"(?:\s+(?P<deic>yesterday|today|tomorrow))?")),
]

#: A day range within a month ("March 17-20", "Oct. 30-Nov. 2, 2016"): `times` splits it
#: into two dates, as TimeBank annotates it; the single-date rules refuse a day followed
#: by "-20".
DAY_RANGE = _rx(rf"(?P<mon>{MONTH})\s*(?P<d>{DAY})\s*(?:-|\u2013|\u2014|through|to)\s*"
                rf"(?P<second>(?:(?P<mon2>{MONTH})\s*)?(?P<d2>{DAY})(?:\s*,\s*(?P<y>{YEAR}))?)")

#: Words a rule cannot match without: a rule whose trigger is absent is not run.
TRIGGERS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE) for name, pattern in {
        "quarter": r"quarter", "q_num": r"\bq[1-4]\b", "half": r"\bhalf\b",
        "two_quarters": r"quarters", "year_period": r"quarter|period", "century": r"century",
        "season": SEASON, "holiday": r"day\b|eve\b|christmas"
        r"|easter|halloween|thanksgiving|fourth", "ago": r"\b(?:ago|earlier|now|hence|back)\b",
        "from_anchor": r"\b(?:today|tomorrow|tmrw|yesterday|now)\b",
        "year_ago_adj": r"year[\s-]+(?:ago|earlier)", "year_end": r"year['\u2019s]*[\s-]+end"
        r"|end of the year", "weekend": r"weekend", "earlier_this": r"earlier|later",
        "earlier_today": r"earlier|later", "mid_pod": r"morning|afternoon|evening|night",
        "pod": r"morning|afternoon|evening|night", "decade_word": r"ties\b",
        "set_adv": r"ly\b", "week_weekday": r"week\b", "deictic": r"today|yesterday"
        r"|tomorrow|tonight", "decade": r"0['\u2019]?s\b", "iso": r"\d-\d",
        "numeric": r"\d[/.]\d", "num_month_year": r"\d-\d", "dmy_dash": r"\d-\w",
        "year_word": r"nineteen|thousand", "clock": r"\d|noon|midday|midnight",
        # the month, weekday or year every match of these rules holds (a third of the
        # articles name no month, two in five no year)
        "mdy": MONTH, "dmy": MONTH, "month_year": MONTH, "month_rel": MONTH, "month": MONTH,
        "weekday": WEEKDAY, "year": YEAR, "year_month": YEAR,
    }.items()
}
