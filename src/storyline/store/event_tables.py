"""Event tables of the store: per-article event mentions; events fused across articles.

Mentions are stored whole as JSON (`data`) with the fields a query needs as
columns, and rebuilt into `EventMention` records for fusion. `event_articles`
holds one row per article the events step did (its mention count, or the
error that stopped it). Events are dropped and added by id, so fusion can
replace only the events that changed articles touch.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict

from storyline.analyse.events import EventMention, EventTime, Participant
from storyline.analyse.times import TimeExpr
from storyline.resolve.events import Event
from storyline.store.duck import (
    Store,
    delete_articles,
    dump_json,
    insert_rows,
    transaction,
    where_in,
)
from storyline.store.fact_tables import drop_groups

TABLES = ("event_articles", "event_mentions")


def inputs(store: Store, ids: list[str]) -> dict[str, tuple[str | None, list[TimeExpr]]]:
    """Article id -> (reference date, time expressions) from the facts step."""
    refs = dict(store.con.execute(
        "SELECT article, reference FROM fact_refs WHERE article IN (SELECT unnest(?))",
        [ids]).fetchall())
    times: dict[str, list[TimeExpr]] = {a: [] for a in ids}
    for article, *row in store.con.execute(
            'SELECT article, start, "end", text, type, value, precision, low, high, modifier '
            'FROM times WHERE article IN (SELECT unnest(?)) ORDER BY article, start',
            [ids]).fetchall():
        times[article].append(TimeExpr(*row))
    return {a: (refs.get(a), times.get(a, [])) for a in ids}


def forget(store: Store, ids: Iterable[str] | None) -> None:
    """Drop these articles' event mentions (None: all)."""
    delete_articles(store, TABLES, ids)


def write_mentions(store: Store,
                   rows: list[tuple[str, str | None, tuple[EventMention, ...] | None]]) -> None:
    """Replace the event mentions of these articles: (article, error, mentions)."""
    with transaction(store):
        forget(store, [r[0] for r in rows])
        insert_rows(store, "event_articles",
                    [(a, len(ms or ()), err) for a, err, ms in rows])
        insert_rows(store, "event_mentions", [
            (a, m.start, m.end, m.trigger_start, m.trigger_end, m.type, m.mode, m.status,
             dump_json(asdict(m)))
            for a, _, ms in rows for m in ms or ()])


def _participant(d: dict | None) -> Participant | None:
    return Participant(**d) if d else None


def mention_from_json(data: str) -> EventMention:
    d = json.loads(data)
    d["actors"] = tuple(Participant(**p) for p in d["actors"])
    d["targets"] = tuple(Participant(**p) for p in d["targets"])
    d["place"] = _participant(d.get("place"))
    d["time"] = EventTime(**d["time"]) if d.get("time") else None
    return EventMention(**d)


def mentions(store: Store, ids: Iterable[str] | None = None,
             spans: set[tuple[str, int, int]] | None = None,
             types: Iterable[str] | None = None) -> Iterator[tuple[str, EventMention]]:
    """(article, mention) of every ok article (or of these, and only the mentions at
    these spans, of these types), by article and position. The spans are kept as the rows
    come (a join on them costs more than reading the articles' other mentions of the
    types and parsing only these)."""
    where, params = where_in(ids, "m.article", " AND ")
    if types is not None:
        more, also = where_in(types, "m.type", " AND ")
        where, params = where + more, params + also
    cur = store.con.execute(
        'SELECT m.article, m.start, m."end", m.data FROM event_mentions m JOIN articles a '
        f"ON a.id = m.article WHERE a.status = 'ok'{where} "
        "ORDER BY m.article, m.trigger_start, m.trigger_end", params)
    while rows := cur.fetchmany(4096):
        for article, start, end, data in rows:
            if spans is None or (article, start, end) in spans:
                yield article, mention_from_json(data)


def entity_info(store: Store, ids: Iterable[str] | None = None
                ) -> dict[str, tuple[str, str, str | None, tuple[str, ...]]]:
    """Entity id -> (name, type, country, roles), of every entity (or these)."""
    where, params = where_in(ids, "id", " AND ")
    return {id_: (name, type_, country, tuple(json.loads(roles)))
            for id_, name, type_, country, roles in store.con.execute(
                f"SELECT id, name, type, country, roles FROM entities WHERE true{where}",
                params).fetchall()}


def entity_at(store: Store, ids: Iterable[str] | None = None,
              spans: set[tuple[str, int, int]] | None = None
              ) -> dict[tuple[str, int, int], str]:
    """(article, start, end) of every entity mention (or of these articles', and of them
    only those at these spans) -> canonical entity id. Fusion needs only its participants'
    spans, a few of an article's many mentions: the join reads those alone."""
    where, params = where_in(ids, "m.article", " AND ")
    if spans is None:
        query = f'SELECT entity, article, start, "end" FROM entity_mentions m WHERE true{where}'
    elif not spans:
        return {}
    else:
        articles, starts, ends = (list(c) for c in zip(*spans, strict=True))
        query = ('SELECT m.entity, m.article, m.start, m."end" FROM entity_mentions m JOIN '
                 '(SELECT unnest(?) AS article, unnest(?) AS start, unnest(?) AS "end") w '
                 'ON m.article = w.article AND m.start = w.start AND m."end" = w."end" '
                 f"WHERE true{where}")
        params = [articles, starts, ends, *params]
    return {(a, s, e): ent for ent, a, s, e in store.con.execute(query, params).fetchall()}


def _row(e: Event) -> tuple:
    return (e.id, e.type, e.mode, e.status, e.label,
            dump_json([[w.entity, w.name, w.side] for w in e.actors]),
            dump_json([[w.entity, w.name, w.side] for w in e.targets]),
            e.place, e.when_value, e.when_precision, e.first_date, e.n_sources,
            dump_json([asdict(r) for r in e.history]),
            dump_json({k: [asdict(d) for d in v] for k, v in e.details.items()}),
            dump_json([list(m) for m in e.mentions]), e.undated_day)


def unchanged(store: Store, events: list[Event]) -> set[str]:
    """The ids of these events stored just so: an update need not write them again."""
    rows = {r[0]: tuple(r) for r in store.con.execute(
        "SELECT id, type, mode, status, label, actors, targets, place, when_value, "
        "when_precision, first_date, n_sources, history, details, mentions, undated_day "
        "FROM events WHERE id IN (SELECT unnest(?))",
        [sorted({e.id for e in events})]).fetchall()}
    return {e.id for e in events if rows.get(e.id) == _row(e)}


def write_events(store: Store, events: list[Event], drop: set[str] | None = None) -> None:
    """Replace fused events: drop these stored ones (None: all), add the new ones."""
    with transaction(store):
        drop_groups(store, "events", "event", drop)
        insert_rows(store, "events", [_row(e) for e in events])
        insert_rows(store, "fact_links", sorted(
            {("event", e.id, m[0], m[1], m[2]) for e in events for m in e.mentions}))


def errors(store: Store) -> list[tuple[str, str]]:
    """(source, error) of articles whose event mentions could not be made."""
    return store.con.execute(
        "SELECT a.source, x.error FROM event_articles x JOIN articles a ON a.id = x.article "
        "WHERE x.error IS NOT NULL ORDER BY a.source").fetchall()


def summary(store: Store) -> dict[str, int]:
    n = store.con.execute("SELECT count(*) FROM event_mentions").fetchone()[0]
    return {"event mentions": n}


def group_summary(store: Store) -> dict[str, int]:
    n = store.con.execute("SELECT count(*) FROM events").fetchone()[0]
    return {"events": n}


# -- what an update of the events re-fuses (`resolve.event_replay`) ------------------------


def dated_spans(store: Store, lo: str, hi: str, types: Iterable[str] | None = None,
                latest: str | None = None) -> tuple[list[str], set[tuple[str, int, int]]]:
    """The ok articles whose reference date is from lo to hi (ISO days), with the undated
    ones when `latest` (the day they are taken to be of) is, and the spans of their event
    mentions (of these types)."""
    where, params = where_in(types, "m.type", " AND ")
    rows = store.con.execute(
        'SELECT m.article, m.start, m."end" FROM event_mentions m LEFT JOIN fact_refs r '
        "ON r.article = m.article JOIN articles a ON a.id = m.article WHERE a.status = 'ok' "
        "AND (r.reference BETWEEN ? AND ? OR (r.reference IS NULL AND ? BETWEEN ? AND ?))"
        f"{where}", [lo, hi, latest, lo, hi, *params]).fetchall()
    return sorted({r[0] for r in rows}), set(rows)


#: The day fusion read an event's first report on (`Event.fused_first`): an undated
#: report's is the day it was fused at (`undated_day`), which no display shows.
_FUSED_FIRST = "least(first_date, undated_day)"


def stored_events(store: Store, lo: str, hi: str, types: Iterable[str] | None = None
                  ) -> list[tuple[str, str, str, list[tuple[str, int, int]]]]:
    """(id, type, day fused first, mention spans) of the stored events fusion read first
    from lo to hi (of these types)."""
    where, params = where_in(types, "type", " AND ")
    return [(id_, type_, first, [(m[0], m[1], m[2]) for m in json.loads(mentions)])
            for id_, type_, first, mentions in store.con.execute(
                f"SELECT id, type, {_FUSED_FIRST}, mentions FROM events WHERE "
                f"{_FUSED_FIRST} BETWEEN ? AND ?{where} ORDER BY id",
                [lo, hi, *params]).fetchall()]


def events_of(store: Store, ids: Iterable[str]
              ) -> list[tuple[str, str, str | None, list[tuple[str, str | None]]]]:
    """(id, type, day fused first, [(article, day fused)] of its history) of the stored
    events with a mention of these articles; an undated report's day is the one it was
    fused at (its history shows none)."""
    return [(id_, type_, first, [(a, r["date"] or undated) for r in json.loads(history)
                                 for a in r["articles"]])
            for id_, type_, first, undated, history in store.con.execute(
                f"SELECT id, type, {_FUSED_FIRST}, undated_day, history FROM events WHERE id "
                "IN (SELECT ref FROM fact_links WHERE kind = 'event' AND article IN "
                "(SELECT unnest(?))) ORDER BY id", [sorted(set(ids))]).fetchall()]


def mention_types(store: Store, ids: Iterable[str]) -> set[str]:
    """The types of these articles' event mentions."""
    return {r[0] for r in store.con.execute(
        "SELECT DISTINCT type FROM event_mentions WHERE article IN (SELECT unnest(?))",
        [sorted(set(ids))]).fetchall()}


def day_range(store: Store) -> tuple[str | None, str | None]:
    """The earliest and latest reference date of an ok article with event mentions."""
    return store.con.execute(
        "SELECT min(r.reference), max(r.reference) FROM fact_refs r JOIN articles a ON "
        "a.id = r.article WHERE a.status = 'ok' AND r.article IN "
        "(SELECT DISTINCT article FROM event_mentions)").fetchone()


def undated_articles(store: Store) -> set[str]:
    """The ok articles with event mentions and no reference date."""
    return {r[0] for r in store.con.execute(
        "SELECT DISTINCT m.article FROM event_mentions m JOIN articles a ON a.id = m.article "
        "LEFT JOIN fact_refs r ON r.article = m.article WHERE a.status = 'ok' AND "
        "r.reference IS NULL").fetchall()}


def event_ids(store: Store, exclude_types: Iterable[str] = (),
              types: Iterable[str] | None = None) -> set[str]:
    """The ids of the stored events (of these types), but those of `exclude_types`."""
    where, params = where_in(types, "type", " AND ")
    return {r[0] for r in store.con.execute(
        f"SELECT id FROM events WHERE type NOT IN (SELECT unnest(?)){where}",
        [sorted(set(exclude_types)), *params]).fetchall()}


def type_day_counts(store: Store, types: Iterable[str], latest: str | None
                    ) -> dict[str, dict[str, int]]:
    """Per event type (of these), its mentions in ok articles counted per reference day,
    an undated article's counted at `latest` (the day fusion reads it at; left out when
    None): how much of a type a replay from some days would read (`event_replay`)."""
    out: dict[str, dict[str, int]] = {}
    for type_, day, n in store.con.execute(
            "SELECT m.type, coalesce(r.reference, ?) AS day, count(*) FROM event_mentions m "
            "JOIN articles a ON a.id = m.article LEFT JOIN fact_refs r ON r.article = "
            "m.article WHERE a.status = 'ok' AND m.type IN (SELECT unnest(?)) "
            "GROUP BY ALL HAVING day IS NOT NULL", [latest, sorted(set(types))]).fetchall():
        out.setdefault(type_, {})[day] = n
    return out


def articles_with(store: Store, types: Iterable[str]) -> set[str]:
    """The articles with event mentions, or stored events, of these types."""
    types = sorted(set(types))
    return {r[0] for r in store.con.execute(
        "SELECT article FROM event_mentions WHERE type IN (SELECT unnest(?)) UNION "
        "SELECT l.article FROM fact_links l JOIN events e ON e.id = l.ref "
        "WHERE l.kind = 'event' AND e.type IN (SELECT unnest(?))", [types, types]).fetchall()}


def events_at(store: Store, spans: set[tuple[str, int, int]]
              ) -> dict[str, list[tuple[str, int, int]]]:
    """Stored event id -> its mention spans, of the events with a mention at these spans."""
    at = sorted(spans)
    rows = store.con.execute(
        "SELECT l.ref, l.article, l.start, l.\"end\" FROM fact_links l WHERE l.kind = 'event' "
        "AND l.ref IN (SELECT k.ref FROM fact_links k JOIN (SELECT unnest(?) AS a, "
        "unnest(?) AS s, unnest(?) AS e) x ON k.article = x.a AND k.start = x.s AND "
        "k.\"end\" = x.e WHERE k.kind = 'event')",
        [[s[0] for s in at], [s[1] for s in at], [s[2] for s in at]]).fetchall()
    out: dict[str, list[tuple[str, int, int]]] = {}
    for ref, article, start, end in rows:
        out.setdefault(ref, []).append((article, start, end))
    return out
