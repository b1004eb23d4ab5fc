"""The timeline: dated quotes and claims in time order (pure, over read models)."""

from __future__ import annotations

from collections.abc import Iterable

from storyline.query.models import ClaimView, QuoteView, TimelineItem


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def build_timeline(quotes: Iterable[QuoteView], claims: Iterable[ClaimView]) -> list[TimelineItem]:
    """What was said or claimed, when, by whom, in time order.

    A quote is dated by the earliest article that reports it; a claim by the
    time it holds as of (or its article's date). Undated ones are left out.
    Claims count their independent reports, quotes their independent sources.
    """
    items = []
    for q in quotes:
        if q.first_date:
            items.append(TimelineItem(
                date=q.first_date[:10], kind="quote", subkind=q.kind, who=q.speaker.name,
                text=q.text, n_sources=q.n_sources, ref=q.id,
                articles=tuple(sorted({m.article for m in q.mentions}))))
    for c in claims:
        if c.as_of:
            what = f"{c.qualifier + ' ' if c.qualifier else ''}{_num(c.value)} {c.counted}"
            items.append(TimelineItem(
                date=c.as_of[:10], kind="claim", subkind=c.agreement, who=c.source.name,
                text=what, n_sources=c.independent_reports, ref=c.id,
                articles=tuple(sorted({m.article for m in c.mentions}))))
    return sorted(items, key=lambda i: (i.date, i.kind, -i.n_sources, i.ref))


def within(items: Iterable[TimelineItem], articles: Iterable[str]) -> list[TimelineItem]:
    """The items some of these articles report (a story's part of the timeline)."""
    members = set(articles)
    return [i for i in items if members.intersection(i.articles)]
