"""fact_groups: quotes and claims grouped across articles, copies counted once.

A quote reported by many outlets is one group; claims about the same thing
are grouped and judged agree, series, conflict or single.

Incremental: both groupings are keyed (a quote joins only a quote that shares a
4-word shingle and holds its words, claims only within one measure: counted, kind,
unit, poll), so only the parts of the store that changed articles touch are
regrouped (`_affected`); the other groups keep their rows. Changed articles are
those without a `step_done` record of this step: the runner drops the record when
an article's facts, analysis, entities, copy status or text changed. The result
equals a whole regrouping.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from storyline.analyse.article_facts import timex_start
from storyline.resolve.claims import ClaimItem, _block_key, group_claims
from storyline.resolve.quotes import _SHINGLE, _shingles, group_quotes, normalise, same_quote
from storyline.run.step import Outcome, Step, StepContext
from storyline.run.steps._affected import affected
from storyline.store import Store, copy_tables, fact_tables

NAME = "fact_groups"
VERSION = "5"
_ITEMS = ("quotes", "claims")


def quote_links(words: list[tuple[str, ...]]) -> Iterator[tuple[int, int]]:
    """Pairs of quotes that `group_quotes` may put together: a shared shingle and the
    same words (or one inside the other). The shorter one's first shingle is then one
    of the longer one's, so only that shingle's postings are looked at. Quotes with
    equal words are chained to the first of them and compared once."""
    first_of: dict[tuple[str, ...], int] = {}  # equal words: linked to the first, once
    for i, w in enumerate(words):
        j = first_of.setdefault(w, i)
        if j != i and w:
            yield j, i
    distinct = list(first_of.items())  # a page repeating one quote costs one comparison
    postings: dict[tuple[str, ...], list[int]] = {}
    for w, i in distinct:
        for shingle in _shingles(w):
            postings.setdefault(shingle, []).append(i)
    for w, i in distinct:
        if w:
            for j in postings.get(_first(w), ()):
                if j != i and same_quote(w, words[j]):
                    yield i, j


def _first(words: tuple[str, ...]) -> tuple[str, ...]:
    """The first of the shingles `_shingles` makes of these words."""
    return words[:_SHINGLE] if len(words) > _SHINGLE else words


def _run(ctx: StepContext, _: list[str] | None) -> Outcome:
    store: Store = ctx.store
    changed = fact_tables.unsettled(store, NAME, VERSION, ("quote", "claim"), _ITEMS)
    if not changed:
        return Outcome(found=fact_tables.group_summary(store), wrote=False)
    quotes = list(fact_tables.quotes(store))
    claims = list(fact_tables.claims(store))
    redo_q = affected([(a, q.start, q.end) for a, q in quotes], [[] for _ in quotes],
                      fact_tables.links(store, "quote"), changed,
                      quote_links([normalise(q.text) for _, q in quotes]))
    redo_c = affected([(a, c.start, c.end) for a, c in claims],
                      [[_block_key(ClaimItem(a, c))] if c.counted_key else [] for a, c in claims],
                      fact_tables.links(store, "claim"), changed)
    quotes = [quotes[i] for i in redo_q.items]
    claims = [claims[i] for i in redo_c.items]
    entity_of = fact_tables.entity_ids(store, {a for a, _ in quotes} | {a for a, _ in claims})
    keys = copy_tables.independence_keys(store)
    refs = fact_tables.reference_dates(store)
    quote_groups = group_quotes(
        (article, q, entity_of.get((article, q.speaker_key)) if q.speaker_key else None,
         keys.get(article, article)) for article, q in quotes)
    first_dates = {}
    for g in quote_groups:
        days = sorted(d for a, _, _ in g.mentions if (d := refs.get(a)))
        if days:
            first_dates[g.id] = days[0]
    claim_groups = group_claims(
        ClaimItem(article, c, entity_of.get((article, c.source_key)) if c.source_key else None,
                  keys.get(article, article), timex_start(c.as_of_value) or refs.get(article),
                  entity_of.get((article, c.subject_key)) if c.subject_key else None)
        for article, c in claims)
    fact_tables.write_groups(store, quote_groups, first_dates, claim_groups,
                             redo_q.drop, redo_c.drop)
    fact_tables.settle(store, NAME, VERSION, changed)
    return Outcome(processed=len(quote_groups) + len(claim_groups),
                   found=fact_tables.group_summary(store) | {
                       "groups regrouped": len(quote_groups) + len(claim_groups)})


def _forget(store: Store, ids: Iterable[str] | None) -> None:
    """Nothing to drop here: the runner drops this step's records of the articles, and
    the next run regroups the parts they are in."""


def _summary(store: Store) -> dict[str, int]:
    return fact_tables.group_summary(store) | {"groups regrouped": 0}


STEP = Step(
    name=NAME, version=VERSION, scope="corpus",
    reads=("quotes", "claims", "fact_refs", "entity_mentions", "analyses", "article_copies",
           "articles"),
    writes=("quote_groups", "claim_groups", "fact_links"),
    doc="quote groups and claim groups with agreement, counting independent sources",
    run=_run, forget=_forget, summary=_summary,
)
