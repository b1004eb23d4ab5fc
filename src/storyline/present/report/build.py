"""Build the report from the store.

`report_data` gathers plain data (no HTML), and each renderer turns it into
one format; later capabilities add their own keys and template sections.
The report carries no timestamp, so the same store gives the same file.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from storyline.present.export import article_record, with_copies
from storyline.present.facts import (
    claim_group_records,
    claim_records,
    quote_records,
    timeline,
    timeline_svg,
)
from storyline.records import STATUS_OK
from storyline.store import Store, analysis_tables, copy_tables, story_tables

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


def _passages(store: Store) -> dict[str, list[tuple[int, int, str]]]:
    """Article id -> (start, end, kind) of every quote and claim mention in it."""
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for q in quote_records(store):
        for m in q["mentions"]:
            spans.setdefault(m["article"], []).append((m["start"], m["end"], "quote"))
    for c in claim_records(store):
        for m in c["mentions"]:
            spans.setdefault(m["article"], []).append((m["start"], m["end"], "claim"))
    return spans


def report_data(store: Store) -> dict:
    """Everything the report shows, as plain JSON-ready data."""
    articles, failed = [], []
    statuses = copy_tables.statuses(store)
    passages = _passages(store)
    for article in store.articles():
        record = with_copies(article_record(article), statuses.get(article.id))
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
    counts = store.counts()
    quotes, claim_groups = quote_records(store), claim_group_records(store)
    entities: dict[str, list[dict]] = {}
    types = analysis_tables.entity_types(store)
    for type_, _ in types:
        entities[type_] = analysis_tables.entities(store, type_, ENTITIES_PER_TYPE)
    return {
        "store": store.path.name,
        "counts": counts,
        "articles": articles,
        "failed": failed,
        "sites": len({a["site"] for a in articles if a["site"]}),
        "copies": copy_tables.groups(store),
        "misdated": [a for a in articles if a["misdated"]],
        "independent": len({a["independence_key"] for a in articles if a["independence_key"]}),
        "entities": entities,
        "entity_count": sum(n for _, n in types),
        "quotes": quotes[:QUOTES_SHOWN],
        "quotes_total": len(quotes),
        "claim_groups": claim_groups[:CLAIM_GROUPS_SHOWN],
        "claim_groups_total": len(claim_groups),
        "texts_shown": min(TEXTS_SHOWN, len(articles)),
        "full_text_ids": sorted(a["id"] for a in articles if a["full"]),
        "timeline": timeline(store),
        "stories": _stories(store),
    }


#: Stories drawn with their own timeline in the report (largest first).
STORIES_SHOWN = 12


def _stories(store: Store) -> list[dict]:
    """The largest stories, each with its own dated quotes and claims."""
    shown = []
    for story in story_tables.stories(store)[:STORIES_SHOWN]:
        shown.append(story | {"timeline": timeline(store, story["id"])})
    return shown


def _env() -> Environment:
    return Environment(
        loader=PackageLoader("storyline.present.report", "."),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(data: dict, fmt: str = "html") -> str:
    """Render report data in one of FORMATS."""
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return _env().get_template("report.md.j2").render(**data)
    if fmt == "html":
        svgs = {s["id"]: Markup(timeline_svg(s["timeline"]))  # built from escaped text only
                for s in data["stories"]}
        return _env().get_template("report.html").render(
            **data, story_svgs=svgs, anchor=anchor, full=set(data["full_text_ids"]))
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
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    return out
