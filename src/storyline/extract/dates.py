"""Publication-date evidence: collect every statement of a date, then choose.

Each candidate keeps where it was found (a meta tag, JSON-LD, the URL, a
visible dateline, a JSONL field) so later stages can check the chosen date
against the content instead of trusting it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from storyline.lexicon import FOREIGN_MONTHS, MONTH_NUMBERS
from storyline.records import DateEvidence

#: Month names and short forms in English, month names in six other languages.
_MONTHS = MONTH_NUMBERS | {name: n for n, names in enumerate(FOREIGN_MONTHS, 1) for name in names}
_MONTH_RX = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))

_ISO = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?!\d)")
_SLASHED_YMD = re.compile(r"(?<!\d)((?:19|20)\d{2})[/.](\d{1,2})[/.](\d{1,2})(?!\d)")
_CJK = re.compile(r"((?:19|20)\d{2})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")
_NUMERIC_DMY = re.compile(r"(?<![\d.])(\d{1,2})([./])(\d{1,2})\2((?:19|20)\d{2})(?!\d)")
_COMPACT = re.compile(r"^((?:19|20)\d{2})(\d{2})(\d{2})(?:T[\d:.Z+-]*)?$")
_EPOCH = re.compile(r"^(\d{10})(\d{3})?$")
MDY = re.compile(
    rf"\b({_MONTH_RX})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{{2}})\b", re.I
)
DMY = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?({_MONTH_RX})\.?,?\s+(?:de\s+)?"
    r"((?:19|20)\d{2})\b", re.I
)
_URL_DATE = re.compile(
    r"[/_-]((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?=[/_.-]|$)|/((?:19|20)\d{2})(\d{2})(\d{2})/"
)
# A date in a file's name: 2016-10-27, 2016_10_27 or 2016.10.27 between
# separators (outlet_2016-10-27_slug.txt), never run into other digits.
_NAME_DATE = re.compile(r"(?<![\dA-Za-z])((?:19|20)\d{2})([-_.])(\d{2})\2(\d{2})(?!\d)")
_UTC_STAMP = re.compile(r"[T ](\d{1,2}):\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]00:?00|UTC|GMT)\b",
                        re.I)
_OFFSET_STAMP = re.compile(r"[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*([+-])(\d{2}):?(\d{2})\b")

#: Preference when sources disagree: explicit publication metadata first,
#: then what the page shows, then weaker signals.
PRIORITY = (
    "user:published",
    "jsonl:published",
    "json-ld:datePublished",
    "meta:article:published_time",
    "meta:published",
    "itemprop:datePublished",
    "dump:date",
    "time-element",
    "url",
    "filename",
    "dateline",
    "json-ld:dateCreated",
    "htmldate",
    "json-ld:dateModified",
    "meta:modified",
)

#: Sources that state the publisher's local calendar day (see `choose_published`).
_LOCAL_SOURCES = frozenset({"url", "filename", "dateline", "dump:date", "time-element"})
_TIME_OF_DAY = re.compile(r"\b\d{1,2}[:.h]\d{2}\s*(?:[ap]\.?m\b|\s*[A-Z]{2,4}\b)", re.I)


def _mk(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _month(name: str) -> int:
    name = name.lower()
    return _MONTHS.get(name) or _MONTHS[name[:3]]


def parse_date(raw: str) -> str | None:
    """Parse the first explicit calendar date in `raw` to YYYY-MM-DD, or None.

    Numeric dates must be unambiguous: year first (ISO, 2024/06/17), day
    first with dots (17.06.2024; month first only where the second number
    exceeds 12: 11.14.2019), or slashes where one number exceeds 12.
    A bare 8-digit or epoch number counts only when it is the whole string.
    """
    if not raw:
        return None
    raw = raw.strip()
    for rx in (_ISO, _SLASHED_YMD, _CJK):
        m = rx.search(raw)
        if m:
            return _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _COMPACT.match(raw)
    if m:
        return _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _EPOCH.match(raw)
    if m:
        when = datetime.fromtimestamp(int(m.group(1)), tz=UTC)
        return when.date().isoformat() if 1995 <= when.year <= 2100 else None
    m = MDY.search(raw)
    if m:
        return _mk(int(m.group(3)), _month(m.group(1)), int(m.group(2)))
    m = DMY.search(raw)
    if m:
        return _mk(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
    m = _NUMERIC_DMY.search(raw)
    if m:
        a, sep, b, y = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
        if a > 12 or (sep == "." and b <= 12):
            return _mk(y, b, a)
        if b > 12:  # 03/31/2031, and a US date with dots: 11.14.2019
            return _mk(y, a, b)
    return None


def url_date(url: str | None) -> DateEvidence | None:
    """A date written in the URL path (/2024/06/17/..., -2024-06-17, /20240617/), if any."""
    if not url:
        return None
    path = url.split("?", 1)[0]
    for m in _URL_DATE.finditer(path):
        y, mo, d = m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6)
        value = _mk(int(y), int(mo), int(d))
        if value:
            return DateEvidence("url", value, m.group(0).strip("/-_"))
    return None


def filename_date(source: str | None) -> DateEvidence | None:
    """A date written in a file's name (``outlet_2016-10-27_slug.txt``), as ``filename`` evidence.

    Only the last path component counts (folders are often named by the day
    they were collected), and only a full year-month-day date.
    """
    if not source:
        return None
    name = re.split(r"[/\\]", source)[-1]
    for m in _NAME_DATE.finditer(name):
        value = _mk(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        if value:
            return DateEvidence("filename", value, name[:200])
    return None


def evidence(source: str, raw: str | None) -> DateEvidence | None:
    """Build a DateEvidence from a raw string when it holds a parseable date."""
    if not raw:
        return None
    value = parse_date(raw)
    return DateEvidence(source, value, raw.strip()[:200]) if value else None


def _local_day(item: DateEvidence) -> bool:
    """True when the evidence states the article's local calendar day, not a UTC one.

    A URL or file-name date is the article's own; a visible date counts only with a time of
    day, since a bare date near the masthead is often today's date.
    """
    if item.source in ("url", "filename"):
        return True
    if item.source in _LOCAL_SOURCES and _TIME_OF_DAY.search(item.raw):
        return True
    m = _OFFSET_STAMP.search(item.raw)
    return bool(m) and (m.group(2), m.group(3)) != ("00", "00")


def choose_published(items: tuple[DateEvidence, ...] | list[DateEvidence]) -> DateEvidence | None:
    """Pick the publication date by source priority; first found wins a tie.

    One correction: a UTC timestamp names the next (or previous) day for an
    evening story in the Americas (or a morning one in Asia). When the best
    source is such a timestamp and a local statement (URL, dateline, or a
    timestamp with its own offset) gives the adjacent day on the side the
    UTC hour allows, that local day is the publication date readers saw.
    """
    rank = {name: i for i, name in enumerate(PRIORITY)}
    ordered = sorted(items, key=lambda item: rank.get(item.source, len(rank)))
    if not ordered:
        return None
    best = ordered[0]
    m = _UTC_STAMP.search(best.raw)
    if m is None or best.source in _LOCAL_SOURCES:
        return best
    hour, day = int(m.group(1)), date.fromisoformat(best.value)
    for item in ordered[1:]:
        if item.source in ("htmldate", "json-ld:dateModified", "meta:modified"):
            continue
        shift = (date.fromisoformat(item.value) - day).days
        if _local_day(item) and ((shift == -1 and hour < 12) or (shift == 1 and hour >= 10)):
            return item
    return best
