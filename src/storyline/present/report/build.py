"""Build the report from the store.

`report_data` gathers plain data (no HTML) from the read models, each view
read once through `Views`, and each renderer turns it into one format; later
capabilities add their own keys and template sections. The report carries no
timestamp, so the same store gives the same file.

Everything that comes from the pages is shown as text in every format: the
HTML template autoescapes, and every value printed into the Markdown report
goes through `markdown_text`, so a CommonMark renderer shows raw HTML, links
and images in an article as text and fetches nothing.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from datetime import timedelta
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from storyline.copies.misdating import parse_day
from storyline.present.report.events_svg import actor_graph_svg, event_timeline_svg
from storyline.present.report.timeline_svg import timeline_svg
from storyline.query import Views, queries
from storyline.records import STATUS_OK
from storyline.resolve.claims import format_value
from storyline.store import Store

#: Entities shown per type in the report (the export has all of them).
ENTITIES_PER_TYPE = 25
#: Articles whose text the report shows, quotes and claim groups it lists: the
#: report of a large store stays a page a browser opens; the export has everything.
TEXTS_SHOWN = 300
QUOTES_SHOWN = 500
CLAIM_GROUPS_SHOWN = 300

FORMATS = ("html", "md", "json")


def anchor(article: str, start: int) -> str:
    """The HTML id of a passage: where a link to a quote or claim mention lands."""
    return f"m-{article[:12]}-{start}"


def marked_paragraphs(text: str, spans: list[tuple[int, int, str]]) -> list[list[dict]]:
    """Paragraphs as pieces of text, each with the kinds of passage it lies in
    (quote, claim) and, where a passage starts, its anchor id."""
    paragraphs = []
    for para in re.finditer(r"[^\n]+", text):
        if not para.group().strip():
            continue
        lo, hi = para.span()
        inside = [(max(s, lo), min(e, hi), kind, s) for s, e, kind in spans if s < hi and lo < e]
        cuts = sorted({lo, hi} | {x for s, e, _, _ in inside for x in (s, e)})
        pieces = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            kinds = sorted({k for s, e, k, _ in inside if s <= a and b <= e})
            starts = sorted({s0 for s, _, _, s0 in inside if s == a and s0 == a})
            pieces.append({"text": text[a:b], "kinds": kinds,
                           "anchors": [f"{s0}" for s0 in starts]})
        paragraphs.append(pieces)
    return paragraphs


def _passages(views: Views) -> dict[str, list[tuple[int, int, str]]]:
    """Article id -> (start, end, kind) of every quote and claim mention in it."""
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for kind, facts in (("quote", views.quotes), ("claim", views.claims),
                        ("event", views.events)):
        for fact in facts:
            for m in fact.mentions:
                spans.setdefault(m.article, []).append((m.start, m.end, kind))
    return spans


def report_data(store: Store, views: Views | None = None) -> dict:
    """Everything the report shows, as plain JSON-ready data."""
    views = views or Views(store)
    articles, failed = [], []
    passages = _passages(views)
    for view in views.articles():
        article, record = view.article, view.listing_json()
        if article.status == STATUS_OK:
            record["words"] = len(article.text.split())
            record["n_dropped"] = len(article.dropped)
            record["full"] = len(articles) < TEXTS_SHOWN
            if record["full"]:
                record["paragraphs"] = [p for p in article.text.split("\n") if p.strip()]
                record["marked"] = marked_paragraphs(article.text,
                                                     passages.get(article.id, []))
                record["dropped_reasons"] = dict(
                    sorted(Counter(d.reason for d in article.dropped).items()))
            else:  # the export has every text; the report stays readable
                record["text"], record["dropped"] = "", []
            articles.append(record)
        else:
            failed.append({"id": article.id, "source": article.source, "error": article.error})
    quotes, claim_groups = views.quotes, views.claim_groups
    return {
        "store": store.path.name,
        "counts": views.counts.to_json(),
        "articles": articles,
        "failed": failed,
        "undated": [{"id": id_, "source": source} for id_, source in queries.undated(store)],
        "sites": len({a["site"] for a in articles if a["site"]}),
        "copies": [g.listing_json() for g in views.copy_groups],
        "misdated": [a for a in articles if a["misdated"]],
        "independent": len({a["independence_key"] for a in articles if a["independence_key"]}),
        "entities": {type_: [e.listing_json() for e in rows]
                     for type_, rows in views.entities_by_type(ENTITIES_PER_TYPE).items()},
        "entity_count": sum(n for _, n in views.entity_types),
        "quotes": [q.to_json() for q in quotes[:QUOTES_SHOWN]],
        "quotes_total": len(quotes),
        "claim_groups": [g.to_json() for g in claim_groups[:CLAIM_GROUPS_SHOWN]],
        "claim_groups_total": len(claim_groups),
        "texts_shown": min(TEXTS_SHOWN, len(articles)),
        "full_text_ids": sorted(a["id"] for a in articles if a["full"]),
        "timeline": [i.to_json() for i in views.timeline],
        "stories": _stories(views),
        "events": [e.listing_json() for e in views.events[:EVENTS_SHOWN]],
        "events_total": len(views.events),
    }


#: Stories drawn with their own timeline in the report (largest first).
STORIES_SHOWN = 12
#: Events listed and drawn in the report (time order); the export has them all.
EVENTS_SHOWN = 500


def _stories(views: Views) -> list[dict]:
    """The largest stories, each with its own dated quotes and claims."""
    return [s.to_json() | {"timeline": [i.to_json() for i in views.story_timeline(s.id)],
                           "events": [{"id": e.id, "date": e.date, "label": e.label,
                                       "status": e.status, "sources": e.n_sources}
                                      for e in views.story_events(s.id)]}
            for s in views.stories[:STORIES_SHOWN]]


_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
#: Characters that make Markdown (CommonMark and GitHub's tables, strikethrough):
#: HTML and entities, emphasis, code, links and images, table cells.
_MD_SPECIAL = re.compile(r"[&<>\\`*\[\]|~]|(?<![^\W_])_|_(?![^\W_])")
#: What starts a heading, list item, quote or rule when it opens a line.
_MD_BLOCK_START = re.compile(r"^(?:[#+=-](?=\s|$)|[-=][-=\s]*$)")
_MD_ORDERED = re.compile(r"^(\d{1,9})(?=[.)](?:\s|$))")
_MD_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def markdown_text(value) -> str:
    """A value printed into the Markdown report, as text that renders as itself:
    HTML characters as entities, Markdown punctuation backslash-escaped (an
    underscore only where it could start or end emphasis), line breaks as
    spaces (every value sits in one line, cell or paragraph), control
    characters replaced. None prints as nothing."""
    if value is None:
        return ""
    text = re.sub(r"\s*[\r\n]+\s*", " ", str(value)).strip()
    text = _MD_CONTROL.sub("\ufffd", text)
    text = _MD_SPECIAL.sub(lambda m: _MD_ENTITIES.get(m.group(), "\\" + m.group()), text)
    if _MD_BLOCK_START.match(text):
        return "\\" + text
    return _MD_ORDERED.sub(r"\1\\", text, count=1)


def _env(fmt: str = "html") -> Environment:
    env = Environment(
        loader=PackageLoader("storyline.present.report", "."),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=markdown_text if fmt == "md" else None,
    )
    env.filters["figure"] = format_value
    return env


def _articles_span(articles: list[dict], margin_days: int = 7):
    """The days the articles were published on, a week wider each side (None when no
    article is dated): the span the event timeline is drawn over. A date the copies
    step found wrong (misdated) does not count."""
    days = sorted(d for a in articles
                  if not a.get("misdated") and (d := parse_day(a.get("published"))))
    if not days:
        return None
    return days[0] - timedelta(days=margin_days), days[-1] + timedelta(days=margin_days)


def render(data: dict, fmt: str = "html") -> str:
    """Render report data in one of FORMATS."""
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return _env("md").get_template("report.md.j2").render(**data)
    if fmt == "html":
        svgs = {s["id"]: Markup(timeline_svg(s["timeline"]))  # built from escaped text only
                for s in data["stories"]}
        event_svgs = {  # built from escaped text only
            "timeline": Markup(event_timeline_svg(data["events"],
                                                  span=_articles_span(data["articles"]))),
            "actors": Markup(actor_graph_svg(data["events"]))}
        return _env().get_template("report.html").render(
            **data, story_svgs=svgs, event_svgs=event_svgs, anchor=anchor,
            full=set(data["full_text_ids"]))
    raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")


def format_for(path: Path) -> str:
    """Report format implied by a file name (.html, .md, .json)."""
    suffix = path.suffix.lower().lstrip(".")
    return {"htm": "html", "markdown": "md"}.get(suffix, suffix) if suffix else "html"


def write_report(store: Store, out: Path, fmt: str | None = None) -> Path:
    """Write the report to `out` (format from the suffix unless given)."""
    fmt = fmt or format_for(out)
    text = render(report_data(store), fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out
