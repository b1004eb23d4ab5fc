"""Commands that list what the store holds: copies, entities, quotes, claims, stories,
timeline, events (as text, or JSON Lines with --json).

They read the store through the read models (`storyline.query`), imported when a
command runs; the type lists in the options' help come from the stages that
define them.
"""

from __future__ import annotations

from typing import Annotated

import typer

from storyline.analyse.event_lexicon import TYPES as EVENT_TYPES
from storyline.present.commands.common import (
    DEFAULT_DB,
    DbOption,
    fail,
    open_store,
    out,
    plain,
    print_json,
    say,
)
from storyline.resolve.entities import TYPES


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _listed_elsewhere(rows: list, as_json: bool, empty: str, shape=None) -> bool:
    """Print `rows` (read models) as JSON Lines in their public shape (`shape(row)`,
    by default `row.to_json()`), or say `empty` when there are none; True when the
    caller has nothing left to print."""
    if as_json:
        for row in rows:
            record = shape(row) if shape else row.to_json()
            print_json(record)
        return True
    if not rows:
        say(out, empty)
        return True
    return False


def copies(
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per group.")] = False,
) -> None:
    """List copy groups: origin, members, relation, similarity, misdated flags."""
    from storyline.query import Views

    with open_store(db, read_only=True) as store:
        views = Views(store)
        groups = views.copy_groups
        lone = [s for _, s in sorted(views.copy_statuses.items())
                if s.misdated and s.group is None]
        sources = views.sources if lone else {}
    if (_listed_elsewhere(groups, as_json, "no copy groups", lambda g: g.listing_json())
            and not (lone and not as_json)):
        return
    for g in groups:
        say(out, (g.group, "bold"), f"  {g.size} articles, origin chosen by {g.origin_reason}")
        for m in g.members:
            flag = f"  MISDATED: {m.misdated_reason}" if m.misdated else ""
            say(out, f"  {m.relation:<10}{_pct(m.similarity):>6}  "
                     f"{m.published or '?':<11} {m.site or '?'}  {m.source}{flag}")
    if lone:
        say(out, ("misdated articles without copies", "bold"))
        for status in lone:
            say(out, f"  {sources.get(status.article, status.article)}: "
                     f"{status.misdated_reason} (likely {status.likely_period})")


def entities_cmd(
    db: DbOption = DEFAULT_DB,
    type_: Annotated[
        str | None, typer.Option("--type", help=f"Only this type: {', '.join(sorted(TYPES))}.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Show at most this many.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per entity.")] = False,
) -> None:
    """List canonical entities with mention and article counts."""
    from storyline.query import queries

    if type_ is not None and type_ not in TYPES:
        fail(f"unknown type {type_!r}; choose one of {', '.join(sorted(TYPES))}")
    with open_store(db, read_only=True) as store:
        rows = queries.entities(store, type_, limit)
    if _listed_elsewhere(rows, as_json, "no entities", lambda e: e.listing_json()):
        return
    out.print(f"{'mentions':>8} {'articles':>8}  {'type':<9} name")
    for e in rows:
        extra = []
        if e.roles:
            extra.append("roles: " + "; ".join(e.roles[:3]))
        others = [a for a in e.aliases if a != e.name]
        if others:
            extra.append("also: " + ", ".join(others[:4]))
        tail = f"  ({' | '.join(extra)})" if extra else ""
        say(out, f"{e.n_mentions:>8} {e.n_articles:>8}  {e.type:<9} {e.name}{tail}")


def quotes(
    db: DbOption = DEFAULT_DB,
    speaker: Annotated[
        str | None, typer.Option("--speaker", help="Only quotes by this speaker: any of "
                                 "their names, as whole words, ignoring case and accents.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per quote.")] = False,
) -> None:
    """Who said what: quotes and reported speech with their speakers and sources."""
    from storyline.query import queries

    with open_store(db, read_only=True) as store:
        rows = queries.quotes(store, speaker)
        sources = queries.sources(store) if rows and not as_json else {}
    if _listed_elsewhere(rows, as_json, "no quotes" + (f" by {speaker}" if speaker else "")):
        return
    for q in rows:
        who = q.speaker.name or "(unattributed)"
        how = " ".join(x for x in (q.verb, q.medium) if x)
        say(out, (plain(who), "bold"), f" {how} · {q.kind} · {q.first_date or '?'} · "
            f"{q.n_sources} independent source{'s' if q.n_sources != 1 else ''}")
        say(out, f"  “{q.text}”")
        for m in q.mentions[:5]:
            say(out, f"    {sources.get(m.article, m.article)} [{m.start}:{m.end}]")


def claims(
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per group.")] = False,
    everything: Annotated[bool, typer.Option(
        "--all", help="Also list every number that is not a claim, with the reason.")] = False,
) -> None:
    """Figures claimed, grouped by what they measure: agree, series, conflict, unsure or
    single, each with the reason for its verdict; conflicts first, then series,
    agreements, unsure and single groups, most independent sources first within each."""
    from storyline.query import queries
    from storyline.resolve.claims import format_value

    with open_store(db, read_only=True) as store:
        groups = queries.claim_groups(store)
        skipped = queries.numbers_skipped(store) if everything else []
        sources = queries.sources(store) if skipped and not as_json else {}
    if everything and as_json:  # claim groups, then {"not_a_claim": number} lines
        _listed_elsewhere(groups, True, "")
        _listed_elsewhere(skipped, True, "", lambda n: {"not_a_claim": n.to_json()})
        return
    if _listed_elsewhere(groups, as_json, "no claims") and not skipped:
        return
    for g in groups:
        unit = f" ({g.unit})" if g.unit else ""
        about = f" of {g.subject}" if g.subject else ""
        say(out, (plain(g.counted or "a figure"), "bold"),
            f"{about}{unit} · {g.agreement.upper()} · "
            f"{g.n_sources} independent source{'s' if g.n_sources != 1 else ''}")
        if g.reason:
            say(out, f"  why: {g.reason}")
        for c in g.claims:
            qual = f"{c.qualifier} " if c.qualifier else ""
            say(out, f"  {qual}{format_value(c.value)}  as of {c.as_of or '?'}  "
                     f"per {c.source.name or 'unattributed'}  "
                     f"({len(c.mentions)} mention{'s' if len(c.mentions) != 1 else ''}, "
                     f"{c.independent_reports} independent)")
    if skipped:
        say(out, ("numbers that are not claims", "bold"))
        for n in skipped:
            say(out, f"  {sources.get(n.article, n.article)} [{n.start}:{n.end}] "
                     f"{n.text}: {n.reason}")


def stories_cmd(
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per story.")] = False,
) -> None:
    """Stories: articles about one developing topic, largest first."""
    from storyline.query import queries

    with open_store(db, read_only=True) as store:
        rows = queries.stories(store)
        sources = queries.sources(store) if rows and not as_json else {}
    if _listed_elsewhere(rows, as_json, "no stories"):
        return
    for s in rows:
        say(out, (s.id, "bold"), f"  {s.size} article{'s' if s.size != 1 else ''}"
            f" · {s.first or '?'} to {s.last or '?'} · {', '.join(s.label)}")
        for article in s.articles[:8]:
            say(out, f"    {sources.get(article, article)}")
        if len(s.articles) > 8:
            out.print(f"    ... and {len(s.articles) - 8} more")


def timeline_cmd(
    db: DbOption = DEFAULT_DB,
    story: Annotated[
        str | None, typer.Option("--story", help="Only this story (an id from `stories`).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per item.")] = False,
) -> None:
    """Dated quotes and claims in time order."""
    from storyline.query import Views

    with open_store(db, read_only=True) as store:
        views = Views(store)
        if story is not None and story not in {s.id for s in views.stories}:
            fail(f"no story {story!r}; `storyline stories` lists them")
        items = views.timeline if story is None else views.story_timeline(story)
    if _listed_elsewhere(items, as_json, "nothing dated"):
        return
    for i in items:
        say(out, f"{i.date}  {i.kind:<6} {i.who or 'unattributed'}: "
                 f"{i.text[:110]}  [{i.n_sources}]")


def events_cmd(
    db: DbOption = DEFAULT_DB,
    story: Annotated[
        str | None, typer.Option("--story", help="Only this story (an id from `stories`).")
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option("--actor", help="Only events this actor or target takes part in."),
    ] = None,
    type_: Annotated[
        str | None,
        typer.Option("--type", help=f"Only this PLOVER type: {', '.join(EVENT_TYPES)}."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per event.")] = False,
) -> None:
    """What happened: events fused from all their reports, in time order."""
    from storyline.query import queries

    if type_ is not None and type_.upper() not in EVENT_TYPES:
        fail(f"unknown event type {type_!r}; choose one of {', '.join(EVENT_TYPES)}")
    with open_store(db, read_only=True) as store:
        if story is not None and story not in {s.id for s in queries.stories(store)}:
            fail(f"no story {story!r}; `storyline stories` lists them")
        rows = queries.events(store, story, actor, type_)
        sources = queries.sources(store) if rows and not as_json else {}
    if _listed_elsewhere(rows, as_json, "no events", lambda e: e.listing_json()):
        return
    for e in rows:
        when = e.when_value or (f"reported {e.first_date}" if e.first_date else "undated")
        say(out, (plain(e.label), "bold"), f" · {e.status} · {when}"
            + (f" · in {e.place}" if e.place else "")
            + f" · {e.n_sources} independent source{'s' if e.n_sources != 1 else ''}")
        if len({h['status'] for h in e.history}) > 1:
            say(out, "  reported as " + ", then ".join(
                f"{h['status']} ({h['date'] or 'undated'})" for h in e.history))
        for name, values in e.details.items():
            say(out, f"  {name}: " + " | ".join(
                f"{v['value']} ({v['n_sources']} source{'s' if v['n_sources'] != 1 else ''})"
                for v in values))
        for m in e.mentions[:5]:
            say(out, f"    {m.status:<12} {sources.get(m.article, m.article)} "
                     f"[{m.start}:{m.end}]")
        if len(e.mentions) > 5:
            out.print(f"    ... and {len(e.mentions) - 5} more mentions")

