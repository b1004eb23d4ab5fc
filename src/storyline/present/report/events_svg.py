"""Events drawn as inline SVG for the HTML report: a timeline and an actor graph.

Events are in their listing shape (`EventView.listing_json()`), as the report
data carries them; every text drawn is escaped.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date
from html import escape

#: PLOVER's quad categories, for colour: cooperation green, conflict red.
_VERBAL_COOP = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE"}
_MATERIAL_COOP = {"COOPERATE", "AID", "RETREAT"}
_VERBAL_CONFLICT = {"REQUEST", "ACCUSE", "REJECT", "THREATEN"}
_COLOURS = {"verbal cooperation": "#3b7d4f", "material cooperation": "#1f5e33",
            "verbal conflict": "#c0692b", "material conflict": "#a3322b"}
_STATUS_FILL = {"happened": 1.0, "ongoing": 0.85, "planned": 0.0, "alleged": 0.45,
                "denied": 0.25, "hypothetical": 0.0, "negated": 0.0}


def quad(type_: str) -> str:
    """PLOVER's quad category of a type."""
    if type_ in _VERBAL_COOP:
        return "verbal cooperation"
    if type_ in _MATERIAL_COOP:
        return "material cooperation"
    if type_ in _VERBAL_CONFLICT:
        return "verbal conflict"
    return "material conflict"


def _who(refs: list[dict]) -> str:
    return ", ".join(r["name"] or "?" for r in refs) or "someone"


def _legend(y: int) -> list[str]:
    parts, x = [], 60
    for name, colour in _COLOURS.items():
        parts.append(f'<text x="{x}" y="{y}" font-size="11" fill="{colour}">● {name}</text>')
        x += 132
    parts.append(f'<text x="{x}" y="{y}" font-size="11" fill="#5d6677">'
                 "○ planned · ◐ alleged/denied · ● happened</text>")
    return parts


def event_timeline_svg(events: list[dict], width: int = 900,
                       span: tuple[date, date] | None = None) -> str:
    """One dot per dated event on a date axis, one lane per PLOVER type, coloured by
    quad category, filled by status (hollow: planned), sized by independent sources.
    With `span` (the articles' own dates), the axis covers that span only, and the
    events placed before or after it (a visit years ago, a summit planned for next
    year) are counted under the axis instead of stretching it over decades."""
    dated = [e for e in events if e.get("date")]
    outside = (0, 0)
    if span is not None:
        before = sum(1 for e in dated if date.fromisoformat(e["date"]) < span[0])
        after = sum(1 for e in dated if date.fromisoformat(e["date"]) > span[1])
        outside = (before, after)
        dated = [e for e in dated if span[0] <= date.fromisoformat(e["date"]) <= span[1]]
    if not dated:
        return ""
    days = [date.fromisoformat(e["date"]) for e in dated]
    first, last = (span if span is not None else (min(days), max(days)))
    span = max((last - first).days, 1)
    types = sorted({e["type"] for e in dated})
    lane = 26
    top, left, right = 40, 130, width - 30
    height = top + lane * len(types) + 50

    def x(d: date) -> float:
        return left + (right - left) * (d - first).days / span

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             'role="img" aria-label="timeline of events">', *_legend(16)]
    for k, type_ in enumerate(types):
        y = top + lane * k + lane // 2
        parts.append(f'<text x="{left - 10}" y="{y + 4}" font-size="11" text-anchor="end" '
                     f'fill="#1d2330">{escape(type_)}</text>'
                     f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" stroke="#e3e6ec"/>')
    axis = top + lane * len(types) + 8
    parts.append(f'<line x1="{left}" y1="{axis}" x2="{right}" y2="{axis}" stroke="#5d6677"/>')
    for d in sorted({first, last}):
        parts.append(f'<text x="{x(d):.1f}" y="{axis + 16}" font-size="11" '
                     f'text-anchor="middle" fill="#5d6677">{d.isoformat()}</text>')
    if any(outside):
        parts.append(f'<text x="{left}" y="{axis + 34}" font-size="11" fill="#5d6677">'
                     f'{outside[0]} events placed before these dates and {outside[1]} after '
                     'are listed below, not drawn</text>')
    for e, d in sorted(zip(dated, days, strict=True), key=lambda p: (p[1], p[0]["id"])):
        y = top + lane * types.index(e["type"]) + lane // 2
        colour = _COLOURS[quad(e["type"])]
        fill = _STATUS_FILL.get(e["status"], 1.0)
        r = 3 + min(e["sources"], 6)
        label = escape(f'{e["date"]} · {e["label"]} · {e["status"]} · '
                       f'{e["sources"]} source{"s" if e["sources"] != 1 else ""}')
        parts.append(f'<a href="#ev-{escape(e["id"])}"><circle cx="{x(d):.1f}" cy="{y}" '
                     f'r="{r}" fill="{colour}" fill-opacity="{fill}" stroke="{colour}" '
                     f'stroke-width="1.5"><title>{label}</title></circle></a>')
    parts.append("</svg>")
    return "\n".join(parts)


#: Actors shown in the graph (the most active).
GRAPH_NODES = 14


def actor_graph_svg(events: list[dict], width: int = 900, height: int = 520) -> str:
    """Who acts on whom: the most active actors and targets on a circle, an arrow
    from actor to target per pair, thicker with more events, coloured by the pair's
    most common quad category and labelled with its most common types."""
    pairs: Counter[tuple[str, str]] = Counter()
    kinds: dict[tuple[str, str], Counter[str]] = {}
    names: dict[str, str] = {}
    degree: Counter[str] = Counter()
    for e in events:
        actors = [(a["entity"] or a["name"], a["name"]) for a in e["actors"]]
        targets = [(t["entity"] or t["name"], t["name"]) for t in e["targets"]]
        if e["type"] in {"CONSULT", "COOPERATE"} and not targets and len(actors) > 1:
            targets = actors[1:]
            actors = actors[:1]
        for a_id, a_name in actors:
            for t_id, t_name in targets:
                if a_id == t_id:
                    continue
                pairs[(a_id, t_id)] += 1
                kinds.setdefault((a_id, t_id), Counter())[e["type"]] += 1
                names[a_id], names[t_id] = a_name, t_name
                degree[a_id] += 1
                degree[t_id] += 1
    if not pairs:
        return ""
    nodes = [n for n, _ in sorted(degree.items(), key=lambda kv: (-kv[1], names[kv[0]]))]
    nodes = nodes[:GRAPH_NODES]
    cx, cy, radius = width / 2, height / 2 + 10, min(width, height) / 2 - 70
    pos = {n: (cx + radius * math.cos(2 * math.pi * k / len(nodes) - math.pi / 2),
               cy + radius * math.sin(2 * math.pi * k / len(nodes) - math.pi / 2))
           for k, n in enumerate(nodes)}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             'role="img" aria-label="who acts on whom">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
             'markerWidth="6" markerHeight="6" orient="auto-start-reverse">'
             '<path d="M 0 0 L 10 5 L 0 10 z" fill="#5d6677"/></marker></defs>',
             *_legend(16)]
    for (a, t), n in sorted(pairs.items(), key=lambda kv: (kv[1], kv[0])):
        if a not in pos or t not in pos:
            continue
        (x1, y1), (x2, y2) = pos[a], pos[t]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1.0
        # stop short of the node, and bend a little so that A->B and B->A both show
        x2s, y2s = x2 - dx / length * 14, y2 - dy / length * 14
        mx, my = (x1 + x2) / 2 - dy / length * 18, (y1 + y2) / 2 + dx / length * 18
        counts = kinds[(a, t)]
        main = Counter({q: 0 for q in _COLOURS})
        for type_, k in counts.items():
            main[quad(type_)] += k
        colour = _COLOURS[max(main, key=lambda q: (main[q], q))]
        what = ", ".join(f"{type_.lower()} ×{k}" for type_, k in
                         sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        label = escape(f"{names[a]} → {names[t]}: {what}")
        parts.append(f'<path d="M {x1:.1f} {y1:.1f} Q {mx:.1f} {my:.1f} {x2s:.1f} {y2s:.1f}" '
                     f'fill="none" stroke="{colour}" stroke-opacity="0.75" '
                     f'stroke-width="{1 + min(n, 6)}" marker-end="url(#arrow)">'
                     f'<title>{label}</title></path>')
    for n in nodes:
        x, y = pos[n]
        anchor = "start" if x > cx + 5 else ("end" if x < cx - 5 else "middle")
        dx = 14 if anchor == "start" else (-14 if anchor == "end" else 0)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{5 + min(degree[n], 8)}" '
                     f'fill="#2f5d9e" fill-opacity="0.8"><title>{escape(names[n])}: '
                     f'{degree[n]} event links</title></circle>'
                     f'<text x="{x + dx:.1f}" y="{y - 10:.1f}" font-size="12" '
                     f'text-anchor="{anchor}" fill="#1d2330">{escape(names[n])}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
