"""Rendering helpers for the pages: the template environment and the filters that
write values as people read them (numbers, dates, outlets, passage links).

Templates autoescape everything; the only markup not written by a template is
the SVG drawn by `web.story_svg`, which escapes every text it draws.
"""

from __future__ import annotations

import math
import re
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def number(value: float | int | None) -> str:
    """1600000000 -> "1.6 billion", 12500 -> "12,500", 0.25 -> "0.25"."""
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    for scale, word in _SCALES:
        if abs(value) >= scale:
            short = value / scale
            text = f"{short:,.2f}".rstrip("0").rstrip(".")
            return f"{text} {word}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def claim_value(claim) -> str:
    """A claim's value with its range, qualifier and unit, as a reader writes it: the
    value as stated ("about 7,000"), a range only where one was stated."""
    core = number(claim.value)
    if (not claim.qualifier and claim.low is not None and claim.high is not None
            and claim.low != claim.high):
        core = f"{number(claim.low)}–{number(claim.high)}"
    unit = claim.unit or ""
    if unit.isalpha() and unit.islower() and claim.value != 1 and not unit.endswith("s"):
        unit += "s"  # "2 days"
    if unit in ("%", "percent"):
        text = f"{core}%"
    elif unit in ("USD", "$"):
        text = f"${core}"
    elif unit:
        text = f"{core} {unit}"
    else:
        text = core
    return f"{claim.qualifier} {text}" if claim.qualifier else text


def passage(article: str, start: int, end: int) -> str:
    """The link to the exact passage of an article that supports a fact."""
    return f"/articles/{article}?at={start}-{end}#passage"


def with_params(base: str, params: dict, **changes) -> str:
    """`base` with the query parameters given, some changed (None drops one)."""
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return base + ("?" + urlencode(merged) if merged else "")


def short_day(value: str | None) -> str:
    return value[:10] if value else "undated"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}


def event_day(event) -> str:
    """An event's day as precise as it was stated: "2019", "July 2007", "spring 2031",
    "2031-06-16"; the first report's day when no time was stated."""
    value, precision = event.when_value, event.when_precision
    if value and precision == "year" and value[:4].isdigit():
        return value[:4]
    if value and precision == "month" and re.match(r"^\d{4}-\d{2}", value):
        return f"{_MONTHS[int(value[5:7]) - 1]} {value[:4]}"
    if value and precision == "season" and value[5:7] in _SEASONS:
        return f"{_SEASONS[value[5:7]]} {value[:4]}"
    if event.date:
        stated = "" if value else " (reported)"
        return event.date + stated
    return "undated"


#: How each sort key of a list reads in the page.
SORT_LABELS = {"-last": "newest", "last": "oldest", "-size": "largest", "size": "smallest",
               "-sources": "most sources", "-date": "newest", "date": "oldest",
               "outlet": "outlet", "title": "title", "-mentions": "most mentioned",
               "-articles": "most articles", "name": "name", "counted": "what is counted",
               "verdict": "verdict"}


def outlet(site: str | None, source: str | None = None) -> str:
    """The outlet a reader knows: the site, else the file the page came from."""
    if site:
        return re.sub(r"^www\.", "", site)
    if source:
        return source.rsplit("/", 1)[-1]
    return "unknown outlet"


def count(value: int | None, noun: str, plural: str | None = None) -> str:
    """A count with its noun, singular for one: "1 claim", "1,204 claims", "2 stories"
    (with `plural` where adding an s is wrong)."""
    value = value or 0
    return f"{number(value)} {noun if value == 1 else plural or noun + 's'}"


def environment() -> Environment:
    env = Environment(loader=PackageLoader("storyline.web", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(number=number, claim_value=claim_value, day=short_day, outlet=outlet,
                       event_day=event_day, count=count)
    env.globals.update(passage=passage, with_params=with_params, sort_labels=SORT_LABELS)
    return env
