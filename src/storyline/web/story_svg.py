"""What the story and article pages draw: the story's timeline (events, quotes and
claims on one date axis, zoomed to the story's own span or to the window asked
for), the actor graph, and an article's text cut into marked pieces.

Every text drawn is escaped here; the pages insert the SVG as it is.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import escape

from markupsafe import Markup

from storyline.copies.misdating import parse_day as _day
from storyline.present.report.events_svg import actor_graph_svg
from storyline.query.browse import Annotation, StoryDetail

_VERDICT_COLOURS = {"agree": "#2b7a3d", "series": "#3563a8", "conflict": "#c0392b",
                    "unsure": "#8a6d1d", "single": "#666"}
_LANES = (("event", "events"), ("quote", "quotes"), ("claim", "claims"))




def _bound(value: str | None, end: bool) -> date | None:
    """A YYYY, YYYY-MM or YYYY-MM-DD filter as the first (or last) day it covers."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return _day(value)
    if len(parts) == 1:
        return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)
    first = date(parts[0], parts[1], 1)
    if not end:
        return first
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _points(detail: StoryDetail) -> list[tuple[date, str, str, str, str]]:
    """(day, lane, colour, label, link) of everything dated in the story."""
    out = []
    for e in detail.events:
        d = _day(e.date)
        if d:
            out.append((d, "event", "#6a3d9a", f"{e.type}: {e.label}", f"/events/{e.id}"))
    for item in detail.timeline:
        d = _day(item.date)
        if not d:
            continue
        if item.kind == "quote":
            who = f"{item.who}: " if item.who else ""
            out.append((d, "quote", "#1f6f8b", f"{who}“{item.text}”", f"/quotes/{item.ref}"))
        else:
            colour = _VERDICT_COLOURS.get(item.subkind, "#666")
            out.append((d, "claim", colour, f"{item.text} ({item.subkind})",
                        f"/claims/{item.ref.split(':')[0]}"))
    return out


def window(detail: StoryDetail, since: str | None, until: str | None) -> tuple[date, date] | None:
    """The span drawn: the window asked for, else the story's own span (its articles'
    first and last dates), widened to hold its facts when they fall near it."""
    first, last = _bound(since, False), _bound(until, True)
    if first and last:
        return (first, last) if first <= last else (last, first)
    own = [d for d in (_day(detail.summary.first), _day(detail.summary.last)) if d]
    if not own:
        days = sorted(p[0] for p in _points(detail))
        if not days:
            return None
        own = [days[0], days[-1]]
    lo, hi = min(own), max(own)
    return (first or lo - timedelta(days=3), last or hi + timedelta(days=3))


def timeline(detail: StoryDetail, span: tuple[date, date] | None, width: int = 960) -> Markup:
    """Events, quotes and claims as dots in three lanes on a date axis over `span`;
    each dot links to its page; what falls outside the span is counted, not drawn."""
    points = _points(detail)
    if not points or span is None:
        return Markup("")
    first, last = span
    inside = [p for p in points if first <= p[0] <= last]
    before = sum(1 for p in points if p[0] < first)
    after = sum(1 for p in points if p[0] > last)
    days = max((last - first).days, 1)
    left, right, lane_h, top = 80, width - 20, 46, 20
    height = top + lane_h * len(_LANES) + 50

    def x(d: date) -> float:
        return left + (right - left) * (d - first).days / days

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label="timeline of the story" class="timeline">']
    stacked: dict[tuple[str, date], int] = {}
    for i, (_lane, title) in enumerate(_LANES):
        y = top + lane_h * i + lane_h / 2
        parts.append(f'<text x="8" y="{y + 4:.0f}" font-size="13" fill="#333">{title}</text>')
        parts.append(f'<line x1="{left}" y1="{y:.0f}" x2="{right}" y2="{y:.0f}" '
                     'stroke="#ddd"/>')
    for d, lane, colour, label, link in sorted(inside, key=lambda p: (p[0], p[1], p[3])):
        i = [name for name, _ in _LANES].index(lane)
        n = stacked.get((lane, d), 0)
        stacked[(lane, d)] = n + 1
        y = top + lane_h * i + lane_h / 2 - min(n, 3) * 7
        parts.append(f'<a href="{escape(link)}"><circle cx="{x(d):.1f}" cy="{y:.1f}" r="6" '
                     f'fill="{colour}" fill-opacity="0.8"><title>{escape(d.isoformat())} '
                     f'{escape(label[:300])}</title></circle></a>')
    axis = top + lane_h * len(_LANES) + 6
    parts.append(f'<line x1="{left}" y1="{axis}" x2="{right}" y2="{axis}" stroke="#888"/>')
    for tick in _ticks(first, last):
        parts.append(f'<line x1="{x(tick):.1f}" y1="{axis}" x2="{x(tick):.1f}" '
                     f'y2="{axis + 5}" stroke="#888"/>'
                     f'<text x="{x(tick):.1f}" y="{axis + 20}" font-size="12" fill="#444" '
                     f'text-anchor="middle">{tick.isoformat()}</text>')
    if before or after:
        parts.append(f'<text x="{left}" y="{height - 4}" font-size="12" fill="#666">'
                     f'{before} earlier and {after} later items not in this window</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _ticks(first: date, last: date, most: int = 6) -> list[date]:
    days = max((last - first).days, 1)
    step = max(1, round(days / (most - 1)))
    out = [first + timedelta(days=k * step) for k in range(most) if k * step <= days]
    return out


def actors(events) -> Markup:
    """Who acts on whom in the story's events (the report's drawing)."""
    if not events:
        return Markup("")
    return Markup(actor_graph_svg([e.listing_json() for e in events]))


def marked_text(text: str, notes: tuple[Annotation, ...],
                mark: tuple[int, int] | None) -> list[list[dict]]:
    """Paragraphs as pieces: each piece's text, the annotations it lies in (kind, ref,
    label) and whether it lies in the passage asked for (`mark`); the first piece of
    that passage opens the anchor and the last of its paragraph closes it, so that the
    anchor holds the passage's words however many annotations cut it."""
    paragraphs = []
    anchored = False
    pending = sorted(notes, key=lambda n: (n.start, n.end))
    active: list[Annotation] = []
    j = 0
    for para in re.finditer(r"[^\n]+", text):
        if not para.group().strip():
            continue
        lo, hi = para.span()
        while j < len(pending) and pending[j].start < hi:  # one sweep over the notes
            active.append(pending[j])
            j += 1
        active = [n for n in active if n.end > lo]
        inside = sorted(active, key=lambda n: (n.start, -n.end, n.kind, n.ref or ""))
        cuts = {lo, hi} | {min(max(x, lo), hi) for n in inside for x in (n.start, n.end)}
        if mark:
            cuts |= {min(max(x, lo), hi) for x in mark}
        cuts = sorted(cuts)
        pieces = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            if a == b:
                continue
            over = [n for n in inside if n.start <= a and b <= n.end]
            marked = bool(mark and mark[0] <= a and b <= mark[1])
            pieces.append({"text": text[a:b],
                           "kinds": sorted({n.kind for n in over}),
                           "notes": over,
                           "marked": marked,
                           "anchor": marked and not anchored,
                           "anchor_end": False})
            anchored = anchored or marked
        if any(piece["anchor"] for piece in pieces):
            # the anchor closes after its paragraph's last marked piece
            last = max(k for k, piece in enumerate(pieces) if piece["marked"])
            pieces[last]["anchor_end"] = True
        paragraphs.append(pieces)
    return paragraphs
