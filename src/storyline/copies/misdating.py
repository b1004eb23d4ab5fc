"""Flag articles whose stated publication date cannot be true.

Content farms republish wire stories under the date they scraped them, so a
2024 report can arrive stamped 2025; believing it puts events in the wrong
year. Two kinds of evidence, both conservative (each rule needs an explicit
anchor in the text; vague phrases alone never flag):

- Group: a copy whose stated date is more than GROUP_GAP_DAYS after its
  group's credibly dated origin ("copy of <origin> published <date>").
- Text: (1) a date written as past ("was signed on June 3, 2024", "in July
  2026, ...") that lies after the stated date; (2) elapsed-time arithmetic,
  "first trip ... in 24 years" with "first visited ... in July 2000" in the
  same or the next two sentences implies mid 2024 (journalists round
  elapsed years, so more than ARITH_TOLERANCE_YEARS off is implausible);
  (3) a relative phrase bound to an explicit date in one clause: "last year,
  in 2023" implies 2024, "this week (June 18, 2024)" implies that week.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.lexicon import MONTH_NUMBERS, WEEKDAYS
from storyline.numwords import word_number

from .groups import ArticleInfo, CopyGroup

GROUP_GAP_DAYS = 30
ARITH_TOLERANCE_YEARS = 0.5
#: A past date this many days after the stated date is already implausible.
PAST_GRACE_DAYS = 7

_MON = "(?:" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:19[5-9]\d|20\d\d)"

_SENT = re.compile(r"(?<=[.!?])[\"'”’]?\s+(?=[\"'“‘A-Z0-9])|\n+")
# A date: "July 2000", "June 18, 2024", "18 June 2024", or a bare year after a preposition.
_DATE = re.compile(
    rf"(?P<md>(?P<mon>{_MON})\s+(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?(?P<y1>{_YEAR}))\b"
    rf"|(?P<dm>(?P<day2>\d{{1,2}})\s+(?P<mon2>{_MON})\s+(?P<y2>{_YEAR}))\b"
    rf"|\b(?P<prep>in|since|during|on)\s+(?P<y3>{_YEAR})\b(?!\s*(?:%|percent|votes|people))",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|would|shall|plan|plans|planned|planning|schedul\w*|expect\w*|due|until|by|"
    r"through|next|upcoming|forecast\w*|project\w*|target\w*|aim\w*|could|may|might|hope\w*|"
    r"intend\w*|set to|goal|deadline|budget|fiscal|election|elections|deadline|before|"
    r"proposed|possible|likely|promis\w*|pledg\w*|vow\w*|commit\w*|seek\w*|term)\b",
    re.IGNORECASE,
)
_ELAPSED = re.compile(
    r"\bfirst\b[^.!?]{0,80}?\bin\s+(?:(?P<approx>more than|over|nearly|almost|about|some|"
    r"around|roughly)\s+)?(?P<n>\d{1,3}|[a-z]+(?:-[a-z]+)?)\s+years\b",
    re.IGNORECASE,
)
_ANCHOR_WORD = re.compile(r"\b(?:first|last|previous|previously|most recent|ago)\b", re.I)
_YEAR_ANY = re.compile(rf"\b{_YEAR}\b")
# A relative year bound to an explicit one: "last year (2023)", "in 2023, last year".
_REL_YEAR_BOUND = re.compile(
    rf"\b(?P<rel1>last|this|next)\s+year\s*[,(—–-]\s*(?:in\s+)?(?P<y1>{_YEAR})\b"
    rf"|\b(?P<y2>{_YEAR})\s*[,)]?\s*(?:or\s+|that\s+is\s+)?(?P<rel2>last|this|next)\s+year\b",
    re.IGNORECASE,
)
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
# "this week, on Tuesday, June 18, 2024", "today (June 18, 2024)".
_REL_WEEK_BOUND = re.compile(
    rf"\b(?:(?:this|last|next)\s+week|today|yesterday|tomorrow)\s*[,(—–-]?\s*(?:on\s+)?"
    rf"(?:{_WEEKDAY},?\s+)?(?P<date>{_MON}\s+\d{{1,2}})",
    re.IGNORECASE,
)
_PAST_VERB = re.compile(
    r"\b(?:was|were|had|did|met|took|held|signed|won|lost|died|visited|announced|launched|"
    r"arrested|released|traveled|travelled|opened|closed|happened|occurred|struck|sent|came|"
    r"went|left|voted|approved|said|told)\b",
    re.IGNORECASE,
)
_Sentence = tuple[str, list]
_REL_OFFSET = {"last": 1, "this": 0, "next": -1}


@dataclass(frozen=True, slots=True)
class DateCheck:
    """Verdict on one article's stated date; `likely_period` is "YYYY" or "YYYY-MM"."""

    misdated: bool
    reason: str = ""
    likely_period: str | None = None


OK = DateCheck(False)


def parse_day(value: str | None) -> date | None:
    """The calendar day of an ISO date or datetime string, or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _number(word: str) -> int | None:
    value = word_number(word)
    return None if value is None else int(value)


def _dates(sentence: str) -> list[tuple[re.Match, int, int | None, int | None]]:
    """(match, year, month, day) of every explicit date in a sentence."""
    out = []
    for m in _DATE.finditer(sentence):
        if m.group("md"):
            mon, day, year = m.group("mon"), m.group("day"), m.group("y1")
        elif m.group("dm"):
            mon, day, year = m.group("mon2"), m.group("day2"), m.group("y2")
        else:
            mon, day, year = None, None, m.group("y3")
        month = MONTH_NUMBERS.get(mon.lower().rstrip(".")) if mon else None
        out.append((m, int(year), month, int(day) if day else None))
    return out


def _earliest(year: int, month: int | None, day: int | None) -> date:
    try:
        return date(year, month or 1, day or 1)
    except ValueError:
        return date(year, month or 1, 1)


def _period(year: int, month: int | None) -> str:
    return f"{year}-{month:02d}" if month else str(year)


def _years_between(a: date, b: date) -> float:
    return (b - a).days / 365.25


def _later_past_date(sentences: list[_Sentence], stated: date) -> DateCheck | None:
    worst = None
    for s, dates in sentences:
        if not dates or _FUTURE.search(s):
            continue
        for m, y, mon, d in dates:
            if mon is None or not _PAST_VERB.search(s[max(0, m.start() - 60) : m.start()]):
                continue
            start = _earliest(y, mon, d)
            if start > stated + timedelta(days=PAST_GRACE_DAYS):
                if worst is None or start > worst[0]:
                    worst = (start, m.group(0), y, mon)
    if worst is None:
        return None
    start, text, y, mon = worst
    return DateCheck(
        True, f"text reports {text!r} as past, after the stated date {stated}", _period(y, mon)
    )


def _elapsed(sentences: list[_Sentence], stated: date) -> DateCheck | None:
    for i, (s, dates) in enumerate(sentences):
        for m in _ELAPSED.finditer(s):
            n = _number(m.group("n"))
            if n is None or m.group("approx") or not 1 <= n <= 100:
                continue
            rest = s[: m.start()] + " " + s[m.end() :]
            window = [(rest, dates), *sentences[i + 1 : i + 3]]
            for t, t_dates in window:
                if not _ANCHOR_WORD.search(t):
                    continue
                anchors = [(y, mon) for _, y, mon, _ in t_dates if y < stated.year]
                if len(anchors) != 1:
                    continue
                y, mon = anchors[0]
                then = date(y, mon or 7, 15 if mon else 1)
                implied = date(y + n, then.month, then.day)
                tol = ARITH_TOLERANCE_YEARS + (0 if mon else 0.5)
                if abs(_years_between(then, stated) - n) > tol:
                    return DateCheck(
                        True,
                        f"{m.group(0)!r} counted from {_period(y, mon)} implies "
                        f"{_period(implied.year, mon)}, not {stated}",
                        str(implied.year),
                    )
                return None
    return None


def _relative(sentences: list[_Sentence], stated: date) -> DateCheck | None:
    for s, dates in sentences:
        for r in _REL_YEAR_BOUND.finditer(s):
            rel = (r.group("rel1") or r.group("rel2")).lower()
            year = int(r.group("y1") or r.group("y2"))
            implied = year + _REL_OFFSET[rel]
            if implied != stated.year:
                return DateCheck(
                    True, f"{r.group(0)!r} implies {implied}, not {stated}", str(implied)
                )
        for r in _REL_WEEK_BOUND.finditer(s):
            bound = [x for x in dates if x[0].start() == r.start("date") and x[3]]
            if bound:
                m, y, mon, d = bound[0]
                when = _earliest(y, mon, d)
                if abs((stated - when).days) > GROUP_GAP_DAYS:
                    return DateCheck(
                        True, f"{r.group(0)!r} is not near {stated}", _period(y, mon)
                    )
    return None


def check_text(text: str, published: str | None) -> DateCheck:
    """Intrinsic check of a stated date against the article's own text."""
    stated = parse_day(published)
    if stated is None or not text or not _YEAR_ANY.search(text):
        return OK
    sentences = [
        (s, _dates(s) if _YEAR_ANY.search(s) else [])
        for s in _SENT.split(text)
        if s and s.strip()
    ]
    for rule in (_elapsed, _relative, _later_past_date):
        verdict = rule(sentences, stated)
        if verdict is not None:
            return verdict
    return OK


def check_group(group: CopyGroup, infos: dict[str, ArticleInfo]) -> dict[str, DateCheck]:
    """Members stated more than GROUP_GAP_DAYS after their credibly dated origin."""
    origin = infos.get(group.origin)
    o_day = parse_day(origin.published) if origin and origin.date_credible else None
    out: dict[str, DateCheck] = {}
    if o_day is None:
        return out
    for m in group.members:
        info = infos.get(m.article)
        day = parse_day(info.published) if info else None
        if m.article != group.origin and day and (day - o_day).days > GROUP_GAP_DAYS:
            out[m.article] = DateCheck(
                True, f"copy of {group.origin} published {o_day}", o_day.isoformat()[:7]
            )
    return out
