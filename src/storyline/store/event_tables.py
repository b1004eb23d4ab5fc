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
             spans: set[tuple[str, int, int]] | None = None
             ) -> Iterator[tuple[str, EventMention]]:
    """(article, mention) of every ok article (or of these, and only the mentions at
    these spans), by article and position."""
    where, params = where_in(ids, "m.article", " AND ")
    join = ""
    if spans is not None:  # only these mentions are read (a join on the spans)
        keep = None if ids is None else set(params[0])
        at = sorted(s for s in spans if keep is None or s[0] in keep)
        join = ("JOIN (SELECT unnest(?) AS sa, unnest(?) AS ss, unnest(?) AS se) x "
                'ON m.article = x.sa AND m.start = x.ss AND m."end" = x.se ')
        where, params = "", [[s[0] for s in at], [s[1] for s in at], [s[2] for s in at]]
    cur = store.con.execute(
        'SELECT m.article, m.start, m."end", m.data FROM event_mentions m JOIN articles a '
        f"ON a.id = m.article {join}WHERE a.status = 'ok'{where} "
        "ORDER BY m.article, m.trigger_start, m.trigger_end", params)
    while rows := cur.fetchmany(1024):
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


def entity_at(store: Store, ids: Iterable[str] | None = None
              ) -> dict[tuple[str, int, int], str]:
    """(article, start, end) of every entity mention (or of these articles') -> canonical
    entity id."""
    where, params = where_in(ids, "article", " AND ")
    return {(a, s, e): ent for ent, a, s, e in store.con.execute(
        f'SELECT entity, article, start, "end" FROM entity_mentions WHERE true{where}',
        params).fetchall()}


def write_events(store: Store, events: list[Event], drop: set[str] | None = None) -> None:
    """Replace fused events: drop these stored ones (None: all), add the new ones."""
    with transaction(store):
        drop_groups(store, "events", "event", drop)
        insert_rows(store, "events", [
            (e.id, e.type, e.mode, e.status, e.label,
             dump_json([[w.entity, w.name, w.side] for w in e.actors]),
             dump_json([[w.entity, w.name, w.side] for w in e.targets]),
             e.place, e.when_value, e.when_precision, e.first_date, e.n_sources,
             dump_json([asdict(r) for r in e.history]),
             dump_json({k: [asdict(d) for d in v] for k, v in e.details.items()}),
             dump_json([list(m) for m in e.mentions]))
            for e in events])
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
