"""The facts of one article: time expressions, quotes and numeric claims, together.

They depend on each other (claims take their source from quotes and their
time from time expressions), so they are made in one pure step from the
article's analysis and its reference date: the publication date, or the
corrected date when the stated one was flagged as wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from storyline.analyse.claims import Claim, SkippedNumber, extract_numbers, numbers_not_read
from storyline.analyse.entities import ArticleAnalysis
from storyline.analyse.quotes import Quote, extract_quotes
from storyline.analyse.times import TimeExpr, extract_times


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """Everything attributed or dated in one article; offsets into its clean text.

    `numbers_skipped` lists every number of the text that is not a claim, with the
    reason (`analyse.claims.REASONS`): with `claims`, every number found.
    """

    times: tuple[TimeExpr, ...]
    quotes: tuple[Quote, ...]
    claims: tuple[Claim, ...]
    numbers_skipped: tuple[SkippedNumber, ...] = ()


def article_facts(analysis: ArticleAnalysis, reference: dt.date | None,
                  read: bool = True) -> ArticleFacts:
    """Times resolved against `reference`, quotes with speakers, claims with source and time.
    An article the rules do not read (`read` false: not English, `nlp.reads`) has none:
    its figures are listed as skipped for their language."""
    if not read:
        return ArticleFacts((), (), (), numbers_not_read(analysis.text))
    times = extract_times(analysis.text, reference, analysis)
    quotes = extract_quotes(analysis)
    claims, skipped = extract_numbers(analysis, times, quotes)
    return ArticleFacts(times, quotes, claims, skipped)


def reference_date(published: str | None, misdated: bool = False,
                   likely_period: str | None = None,
                   origin_published: str | None = None) -> tuple[dt.date | None, str]:
    """The date relative expressions resolve against, and why.

    A stated date flagged as wrong is replaced by the copy group's origin
    date when there is one, else by the middle of the likely period.
    """
    if misdated:
        if origin_published:
            day = iso_day(origin_published)
            if day:
                return day, "origin's date (stated date flagged as wrong)"
        if likely_period:
            parts = likely_period.split("-")
            try:
                if len(parts) >= 2:
                    return dt.date(int(parts[0]), int(parts[1]), 15), "likely period"
                return dt.date(int(parts[0]), 7, 1), "likely period"
            except ValueError:
                pass
    day = iso_day(published)
    return day, "published" if day else "none"


def iso_day(value: str | None) -> dt.date | None:
    """The calendar day an ISO date or datetime string names; None if it names none."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def timex_start(value: str | None) -> str | None:
    """First ISO day of a TIMEX3 date value ("2024-03" -> "2024-03-01"); None if unresolved."""
    if not value or "X" in value or value.startswith("P") or value.endswith("_REF"):
        return None
    head = value.split("T")[0]
    parts = head.split("-")
    try:
        year = int(parts[0])
        if len(parts[0]) != 4:
            return None
        if len(parts) == 1:
            return f"{year:04d}-01-01"
        second = parts[1]
        if second.isdigit():
            day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 1
            return dt.date(year, int(second), day).isoformat()
        if second.startswith("W") and second[1:].isdigit():
            return dt.date.fromisocalendar(year, int(second[1:]), 1).isoformat()
        if second.startswith("Q") and second[1:].isdigit():
            return dt.date(year, 3 * int(second[1:]) - 2, 1).isoformat()
        if second.startswith("H") and second[1:].isdigit():
            return dt.date(year, 6 * int(second[1:]) - 5, 1).isoformat()
        season = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}.get(second)
        if season:
            return dt.date(year, season, 1).isoformat()
    except ValueError:
        return None
    return None
