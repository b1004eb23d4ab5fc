"""What the search index holds: one `SearchDoc` per article, quote group, claim group,
entity and event, read from the store with SQL.

Articles are read by id (the sync asks for the new or changed ones); the corpus-level
kinds are read whole, a chunk of ids at a time (keyset paging, so each chunk is one
short read of the store). Each doc carries a `version`: the extractor version for an
article, a hash of what is indexed for the other kinds, so that a re-sync rewrites only
the docs whose indexed text changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from storyline.store import Store

KINDS = ("article", "quote", "claim", "entity", "event")
#: The steps whose output each corpus-level kind is made from: a kind is re-read when
#: the version or generation of one of them changed.
STEPS_OF = {
    "quote": ("fact_groups", "entities"),
    "claim": ("fact_groups",),
    "entity": ("entities",),
    "event": ("event_groups", "entities"),
}
#: Characters snippet() uses as match markers; removed from indexed text.
MARK_START, MARK_END = "\ue000", "\ue001"
_UNMARK = str.maketrans({MARK_START: " ", MARK_END: " "})


@dataclass(frozen=True)
class SearchDoc:
    """One searchable record: `title` and `detail` are for display; `heading` and `body`
    are the indexed columns (heading weighted above body); `article`, `start`, `end` the
    passage it points to (an article's own doc has no span)."""

    kind: str
    id: str
    version: str
    title: str
    detail: str
    heading: str
    body: str
    article: str | None = None
    start: int | None = None
    end: int | None = None


def clean(text: str | None) -> str:
    """Text as indexed: never None, without the snippet markers."""
    return (text or "").translate(_UNMARK)


def _hashed(kind: str, id_: str, *parts) -> str:
    data = json.dumps([kind, id_, *parts], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.blake2b(data.encode("utf-8"), digest_size=12).hexdigest()


def _doc(kind: str, id_: str, title: str, detail: str, heading: str, body: str,
         span: tuple | None) -> SearchDoc:
    article, start, end = span if span else (None, None, None)
    title, detail, heading, body = clean(title), clean(detail), clean(heading), clean(body)
    return SearchDoc(kind, id_, _hashed(kind, id_, title, detail, heading, body, span),
                     title, detail, heading, body, article, start, end)


def number(value: float) -> str:
    """A number as people write it: 7,000 / 2.5 / 1,600,000,000."""
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.6g}"


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


# -- articles ---------------------------------------------------------------------------


def article_versions(store: Store, chunk: int = 10_000) -> dict[str, str]:
    """Id -> extractor version of every ok article (only ok articles are indexed)."""
    cur = store.con.execute("SELECT id, extractor_version FROM articles WHERE status = 'ok'")
    out: dict[str, str] = {}
    while rows := cur.fetchmany(chunk):
        out.update(rows)
    return out


def article_fingerprint(store: Store) -> str:
    """Changes when an ok article is added, removed or re-extracted at another version:
    a sync whose fingerprint is the recorded one skips the per-id comparison."""
    count, mix = store.con.execute(
        "SELECT count(*), coalesce(bit_xor(hash(id || ':' || extractor_version)), 0) "
        "FROM articles WHERE status = 'ok'").fetchone()
    return f"{count}:{mix}"


def articles(store: Store, ids: list[str]) -> list[SearchDoc]:
    """The docs of these ok articles (those still in the store), in id order."""
    rows = store.con.execute(
        "SELECT id, extractor_version, title, site, dek, published, text FROM articles "
        "WHERE status = 'ok' AND id IN (SELECT unnest(?)) ORDER BY id", [ids]).fetchall()
    out = []
    for id_, version, title, site, dek, published, text in rows:
        shown = (title or "").strip() or _short(text or "", 80) or "(untitled)"
        detail = " · ".join(x for x in (site, (published or "")[:10]) if x)
        out.append(SearchDoc("article", id_, version, clean(shown), clean(detail),
                             clean(title), clean("\n".join(x for x in (site, dek, text) if x)),
                             id_, None, None))
    return out


# -- corpus-level kinds -----------------------------------------------------------------


def _first_span(mentions: str) -> tuple | None:
    spans = sorted(tuple(m[:3]) for m in json.loads(mentions))
    return spans[0] if spans else None


def quotes(store: Store, after: str, limit: int) -> list[SearchDoc]:
    """Quote groups: the speaker's name as heading, the quoted words as body."""
    rows = store.con.execute(
        "SELECT q.id, q.text, q.kind, coalesce(e.name, q.speaker_name), q.verb, q.first_date, "
        "q.mentions FROM quote_groups q LEFT JOIN entities e ON e.id = q.speaker "
        "WHERE q.id > ? ORDER BY q.id LIMIT ?", [after, limit]).fetchall()
    out = []
    for id_, text, kind, speaker, verb, first, mentions in rows:
        who = speaker or "unattributed"
        title = f"{who}: “{_short(text)}”"
        detail = " · ".join(x for x in (f"{kind} quote", verb, first) if x)
        out.append(_doc("quote", id_, title, detail, speaker or "", text,
                        _first_span(mentions)))
    return out


def claims(store: Store, after: str, limit: int) -> list[SearchDoc]:
    """Claim groups: what is counted (and about whom) as heading, the values reported,
    their qualifiers and sources as body."""
    rows = store.con.execute(
        "SELECT id, counted, kind, unit, subject, agreement, claims FROM claim_groups "
        "WHERE id > ? ORDER BY id LIMIT ?", [after, limit]).fetchall()
    out = []
    for id_, counted, kind, unit, subject, agreement, claims_ in rows:
        reports = json.loads(claims_)
        values, seen = [], set()
        for c in sorted(reports, key=lambda c: (c.get("as_of") or "9999", c["value"])):
            said = " ".join(x for x in (c.get("qualifier"), number(c["value"]), unit) if x)
            if said not in seen:
                seen.add(said)
                values.append(said)
        sources = sorted({c["source_text"] for c in reports if c.get("source_text")})
        subjects = sorted({c["subject_text"] for c in reports if c.get("subject_text")})
        heading = " ".join(x for x in (counted, subject) if x)
        title = f"{counted}" + (f" ({subject})" if subject else "") + ": " + _short(
            ", ".join(values), 60)
        body = "\n".join(["; ".join(values), kind, *sources, *subjects])
        span = min(((c["article_id"], c["start"], c["end"]) for c in reports), default=None)
        out.append(_doc("claim", id_, title, agreement, heading, body, span))
    return out


def entities(store: Store, after: str, limit: int) -> list[SearchDoc]:
    """Entities: name and aliases as heading, type, roles and country as body; the doc
    points to the entity's first mention (by article id, then position)."""
    rows = store.con.execute(
        "SELECT id, name, type, aliases, roles, country FROM entities "
        "WHERE id > ? ORDER BY id LIMIT ?", [after, limit]).fetchall()
    spans = {r[0]: tuple(r[1:]) for r in store.con.execute(
        'SELECT DISTINCT ON (entity) entity, article, start, "end" FROM entity_mentions '
        "WHERE entity IN (SELECT unnest(?)) ORDER BY entity, article, start",
        [[r[0] for r in rows]]).fetchall()} if rows else {}
    out = []
    for id_, name, type_, aliases, roles, country in rows:
        aliases, roles = json.loads(aliases), json.loads(roles)
        detail = " · ".join([type_, *roles[:2]])
        extra = [a for a in aliases if a.lower() not in name.lower()]
        out.append(_doc("entity", id_, name, detail, " · ".join([name, *extra]),
                        "\n".join([type_, *roles, country or ""]), spans.get(id_)))
    return out


def events(store: Store, after: str, limit: int) -> list[SearchDoc]:
    """Fused events: the label as heading; type, mode, actors, targets and place as
    body."""
    rows = store.con.execute(
        "SELECT id, type, mode, status, label, actors, targets, place, when_value, "
        "first_date, mentions FROM events WHERE id > ? ORDER BY id LIMIT ?",
        [after, limit]).fetchall()
    out = []
    for id_, type_, mode, status, label, actors, targets, place, when, first, mentions in rows:
        names = [a[1] for a in json.loads(actors)] + [t[1] for t in json.loads(targets)]
        detail = " · ".join(x for x in (type_, status, when or first) if x)
        body = "\n".join(x for x in (type_, mode, *names, place) if x)
        out.append(_doc("event", id_, label, detail, label, body, _first_span(mentions)))
    return out


READERS: dict[str, Callable[[Store, str, int], list[SearchDoc]]] = {
    "quote": quotes, "claim": claims, "entity": entities, "event": events}


def step_generations(store: Store) -> dict[str, str]:
    """Step name -> "version:generation" from step_state."""
    return {step: f"{version}:{generation}" for step, version, generation in
            store.con.execute("SELECT step, version, generation FROM step_state").fetchall()}
