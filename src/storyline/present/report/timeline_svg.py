"""The timeline drawn as an inline SVG for the HTML report.

Items are timeline items in their JSON shape (`TimelineItem.to_json()`), as
the report data carries them; every text drawn is escaped.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape


def _densest_window(days: list[date], width_days: int = 31) -> tuple[date, date]:
    """The `width_days` window holding the most items (earliest such window)."""
    ordered = sorted(days)
    best, best_n, j = (ordered[0], ordered[-1]), 0, 0
    for i, d in enumerate(ordered):
        while (d - ordered[j]).days > width_days:
            j += 1
        if i - j + 1 > best_n:
            best, best_n = (ordered[j], d), i - j + 1
    return best


def _panel(items: list[dict], first: date, last: date, top: int, width: int,
           title: str) -> list[str]:
    """One timeline panel: a date axis from `first` to `last`, quotes above, claims below."""
    span = max((last - first).days, 1)
    left, right, mid = 60, width - 30, top + 100

    def x(d: date) -> float:
        return left + (right - left) * (d - first).days / span

    parts = [f'<text x="{left}" y="{top + 12}" font-size="12" fill="#1d2330">'
             f'{escape(title)}</text>',
             f'<line x1="{left}" y1="{mid}" x2="{right}" y2="{mid}" stroke="#5d6677"/>']
    ticks = [first] + [first + timedelta(days=k) for k in range(1, span)
                       if (first + timedelta(days=k)).day == 1 or span <= 45] + [last]
    placed: list[float] = []
    for d in ticks:
        px = x(d)
        if all(abs(px - p) >= 80 for p in placed):
            placed.append(px)
            parts.append(f'<line x1="{px:.1f}" y1="{mid - 4}" x2="{px:.1f}" y2="{mid + 4}" '
                         f'stroke="#5d6677"/><text x="{px:.1f}" y="{mid + 100}" font-size="11" '
                         f'text-anchor="middle" fill="#5d6677">{d.isoformat()}</text>')
    stack: dict[tuple[str, int], int] = {}
    for item in items:
        d = date.fromisoformat(item["date"])
        if not first <= d <= last:
            continue
        side = -1 if item["kind"] == "quote" else 1
        slot = (item["kind"], round(x(d) / 6))
        n = stack[slot] = stack.get(slot, -1) + 1
        y = mid + side * (16 + 12 * (n % 6))
        r = 3 + min(item["n_sources"], 5)
        colour = "#2f5d9e" if item["kind"] == "quote" else {
            "conflict": "#a3322b", "unsure": "#9a7a2e"}.get(item["subkind"], "#3b7d4f")
        label = escape(f'{item["date"]} · {item["who"] or "unattributed"}: {item["text"]}'
                       f' ({item["n_sources"]} source{"s" if item["n_sources"] != 1 else ""})')
        parts.append(f'<circle cx="{x(d) + 2 * (n // 6):.1f}" cy="{y}" r="{r}" fill="{colour}" '
                     f'fill-opacity="0.7"><title>{label}</title></circle>')
    return parts


def timeline_svg(items: list[dict], width: int = 900) -> str:
    """The timeline drawn as an SVG: one dot per dated item on a date axis, quotes
    above the line and claims below, sized by independent sources. When the items
    span more than two months, a second panel zooms into their busiest month."""
    if not items:
        return ""
    days = [date.fromisoformat(i["date"]) for i in items]
    first, last = min(days), max(days)
    panels = [(first, last, f"{first.isoformat()} to {last.isoformat()}")]
    if (last - first).days > 62:
        lo, hi = _densest_window(days)
        if hi > lo:
            panels.append((lo, hi, f"busiest month: {lo.isoformat()} to {hi.isoformat()}"))
    height = 30 + 230 * len(panels)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label="timeline of quotes and claims">',
             '<text x="60" y="16" font-size="12" fill="#2f5d9e">● quotes</text>'
             '<text x="130" y="16" font-size="12" fill="#3b7d4f">● claims</text>'
             '<text x="200" y="16" font-size="12" fill="#a3322b">● conflicting claims</text>'
             '<text x="340" y="16" font-size="12" fill="#9a7a2e">● unsure</text>']
    for k, (lo, hi, title) in enumerate(panels):
        parts += _panel(items, lo, hi, 26 + 230 * k, width, title)
    parts.append("</svg>")
    return "\n".join(parts)
