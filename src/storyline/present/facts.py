"""Public shapes of quotes, claims and times, and the timeline built from them.

Shared by the CLI, the report and the export, so that all three say the
same thing (documented in docs/export.md and docs/facts.md).
"""

from __future__ import annotations

import hashlib
from datetime import date
from html import escape

from storyline.store import Store
from storyline.store import facts as fact_tables


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


def timeline(store: Store) -> list[dict]:
    """Dated statements and claims in time order: what was said or claimed, when, by whom.

    A quote is dated by the earliest article that reports it; a claim by the
    time it holds as of (or its article's date).
    """
    items = []
    for q in quote_records(store):
        if q["first_date"]:
            items.append({"date": q["first_date"][:10], "kind": "quote", "subkind": q["kind"],
                          "who": q["speaker"]["name"], "text": q["text"],
                          "n_sources": q["n_sources"], "ref": q["id"]})
    for c in claim_records(store):
        if c["as_of"]:
            what = f"{c['qualifier'] + ' ' if c['qualifier'] else ''}{_num(c['value'])} " \
                   f"{c['counted']}"
            items.append({"date": c["as_of"][:10], "kind": "claim", "subkind": c["agreement"],
                          "who": c["source"]["name"], "text": what,
                          "n_sources": c["independent_reports"], "ref": c["id"]})
    return sorted(items, key=lambda i: (i["date"], i["kind"], -i["n_sources"], i["ref"]))


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def timeline_svg(items: list[dict], width: int = 900) -> str:
    """The timeline drawn as an SVG: one dot per dated item on a date axis, quotes
    above the line and claims below, sized by independent sources."""
    if not items:
        return ""
    days = [date.fromisoformat(i["date"]) for i in items]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    left, right, mid = 60, width - 30, 110

    def x(d: date) -> float:
        return left + (right - left) * (d - first).days / span

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 230" '
             f'role="img" aria-label="timeline of quotes and claims">',
             f'<line x1="{left}" y1="{mid}" x2="{right}" y2="{mid}" stroke="#5d6677"/>']
    for d in sorted({first, last} | {d for d in days if d.day == 1}):
        parts.append(f'<text x="{x(d):.1f}" y="{mid + 105}" font-size="11" '
                     f'text-anchor="middle" fill="#5d6677">{d.isoformat()}</text>')
    stack: dict[tuple[str, date], int] = {}
    for item, d in zip(items, days, strict=True):
        side = -1 if item["kind"] == "quote" else 1
        n = stack.get((item["kind"], d), 0)
        stack[(item["kind"], d)] = n + 1
        y = mid + side * (18 + 14 * (n % 6))
        r = 4 + min(item["n_sources"], 5)
        colour = "#2f5d9e" if item["kind"] == "quote" else (
            "#a3322b" if item["subkind"] == "conflict" else "#3b7d4f")
        label = escape(f'{item["date"]} · {item["who"] or "unattributed"}: {item["text"]}'
                       f' ({item["n_sources"]} source{"s" if item["n_sources"] != 1 else ""})')
        parts.append(f'<circle cx="{x(d):.1f}" cy="{y}" r="{r}" fill="{colour}" '
                     f'fill-opacity="0.75"><title>{label}</title></circle>')
    parts.append(f'<text x="{left}" y="14" font-size="12" fill="#2f5d9e">● quotes</text>'
                 f'<text x="{left + 70}" y="14" font-size="12" fill="#3b7d4f">● claims</text>'
                 f'<text x="{left + 140}" y="14" font-size="12" fill="#a3322b">'
                 f'● conflicting claims</text>')
    parts.append("</svg>")
    return "\n".join(parts)
