"""Publication-date evidence: collect every statement of a date, then choose.

Each candidate keeps where it was found (a meta tag, JSON-LD, the URL, a
visible dateline, a JSONL field) so later stages can check the chosen date
against the content instead of trusting it.
"""

from __future__ import annotations

import re
from datetime import date

from storyline.records import DateEvidence

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")]
    )
    for m in names
}

_ISO = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?!\d)")
_SLASHED_YMD = re.compile(r"(?<!\d)((?:19|20)\d{2})[/.](\d{1,2})[/.](\d{1,2})(?!\d)")
_MDY = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})\b",
    re.I,
)
_DMY = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?,?\s+((?:19|20)\d{2})\b",
    re.I,
)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)")
_URL_MONTH = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/")

#: Preference when sources disagree: explicit publication metadata first,
#: then what the page shows, then weaker signals.
PRIORITY = (
    "jsonl:published",
    "json-ld:datePublished",
    "meta:article:published_time",
    "meta:published",
    "dateline",
    "dump:date",
    "time-element",
    "url",
    "htmldate",
    "json-ld:dateModified",
    "meta:modified",
)


def _mk(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_date(raw: str) -> str | None:
    """Parse the first explicit calendar date in `raw` to YYYY-MM-DD, or None."""
    if not raw:
        return None
    for rx in (_ISO, _SLASHED_YMD):
        m = rx.search(raw)
        if m:
            return _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _MDY.search(raw)
    if m:
        return _mk(int(m.group(3)), _MONTHS[m.group(1).lower()[:3]], int(m.group(2)))
    m = _DMY.search(raw)
    if m:
        return _mk(int(m.group(3)), _MONTHS[m.group(2).lower()[:3]], int(m.group(1)))
    return None


def url_date(url: str | None) -> DateEvidence | None:
    """A date written in the URL path (/2024/06/17/...), if any."""
    if not url:
        return None
    m = _URL_DATE.search(url)
    if m:
        value = _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if value:
            return DateEvidence("url", value, m.group(0).strip("/-"))
    return None


def evidence(source: str, raw: str | None) -> DateEvidence | None:
    """Build a DateEvidence from a raw string when it holds a parseable date."""
    if not raw:
        return None
    value = parse_date(raw)
    return DateEvidence(source, value, raw.strip()[:200]) if value else None


def choose_published(items: tuple[DateEvidence, ...] | list[DateEvidence]) -> DateEvidence | None:
    """Pick the publication date by source priority; first found wins a tie."""
    rank = {name: i for i, name in enumerate(PRIORITY)}
    best: DateEvidence | None = None
    for item in items:
        if best is None or rank.get(item.source, len(rank)) < rank.get(best.source, len(rank)):
            best = item
    return best
