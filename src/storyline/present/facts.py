"""Public shapes of quotes, claims and times, and the timeline built from them.

Shared by the CLI, the report and the export, so that all three say the
same thing (documented in docs/export.md and docs/facts.md).
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from html import escape

from storyline.store import Store, fact_tables, story_tables


def quote_records(store: Store, speaker: str | None = None) -> list[dict]:
    """One record per quote reported anywhere (copies and re-reports merged)."""
    return fact_tables.quote_groups(store, speaker)


def _claim_id(group: str, key: tuple) -> str:
    return hashlib.sha256(repr((group, key)).encode()).hexdigest()[:16]


def claim_records(store: Store) -> list[dict]:
    """One record per distinct claim (value, qualifier, source, as-of) in each group,
    with every article that reports it as a mention."""
    out = []
    for g in fact_tables.claim_groups(store):
        buckets: dict[tuple, dict] = {}
        for c in g["claims"]:
            key = (c["value"], c["low"], c["high"], c["qualifier"],
                   c["source_id"] or c["source_text"], c["as_of"])
            rec = buckets.get(key)
            if rec is None:
                rec = buckets[key] = {
                    "id": _claim_id(g["id"], key), "value": c["value"], "low": c["low"],
                    "high": c["high"], "qualifier": c["qualifier"], "unit": g["unit"],
                    "counted": g["counted"], "kind": g["kind"],
                    "source": {"entity": c["source_id"], "name": c["source_text"]},
                    "as_of": c["as_of"], "group": g["id"], "agreement": g["agreement"],
                    "n_sources": g["n_sources"], "mentions": [], "_keys": set(),
                }
            rec["mentions"].append({"article": c["article_id"], "start": c["start"],
                                    "end": c["end"]})
            rec["_keys"].add(c["independence_key"])
        for rec in buckets.values():
            rec["independent_reports"] = len(rec.pop("_keys"))
            rec["mentions"].sort(key=lambda m: (m["article"], m["start"]))
            out.append(rec)
    return out


def claim_group_records(store: Store) -> list[dict]:
    """Claim groups with their distinct claims, for the CLI and the report."""
    by_group: dict[str, list[dict]] = {}
    for rec in claim_records(store):
        by_group.setdefault(rec["group"], []).append(rec)
    groups = []
    for g in fact_tables.claim_groups(store):
        claims = sorted(by_group.get(g["id"], []),
                        key=lambda r: (r["as_of"] or "9999", r["value"], r["id"]))
        groups.append({k: g[k] for k in ("id", "counted", "counted_key", "kind", "unit",
                                         "n_sources", "agreement")} | {"claims": claims})
    return groups


def timeline(store: Store, story: str | None = None) -> list[dict]:
    """Dated statements and claims in time order: what was said or claimed, when, by whom.

    A quote is dated by the earliest article that reports it; a claim by the
    time it holds as of (or its article's date). With `story`, only what an
    article of that story reports.
    """
    if story is not None:
        members = {a for a, s in story_tables.story_of(store).items() if s == story}
        return [i for i in timeline(store) if members & set(i["articles"])]
    items = []
    for q in quote_records(store):
        if q["first_date"]:
            items.append({"date": q["first_date"][:10], "kind": "quote", "subkind": q["kind"],
                          "who": q["speaker"]["name"], "text": q["text"],
                          "n_sources": q["n_sources"], "ref": q["id"],
                          "articles": sorted({m["article"] for m in q["mentions"]})})
    for c in claim_records(store):
        if c["as_of"]:
            what = f"{c['qualifier'] + ' ' if c['qualifier'] else ''}{_num(c['value'])} " \
                   f"{c['counted']}"
            items.append({"date": c["as_of"][:10], "kind": "claim", "subkind": c["agreement"],
                          "who": c["source"]["name"], "text": what,
                          "n_sources": c["independent_reports"], "ref": c["id"],
                          "articles": sorted({m["article"] for m in c["mentions"]})})
    return sorted(items, key=lambda i: (i["date"], i["kind"], -i["n_sources"], i["ref"]))


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


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
        colour = "#2f5d9e" if item["kind"] == "quote" else (
            "#a3322b" if item["subkind"] == "conflict" else "#3b7d4f")
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
             '<text x="200" y="16" font-size="12" fill="#a3322b">● conflicting claims</text>']
    for k, (lo, hi, title) in enumerate(panels):
        parts += _panel(items, lo, hi, 26 + 230 * k, width, title)
    parts.append("</svg>")
    return "\n".join(parts)
