"""fact_groups: quotes and claims grouped across articles, copies counted once.

A quote reported by many outlets is one group; claims about the same thing
are grouped and judged agree, series, conflict or single. Rebuilt whole when
facts, entities or copies changed.
"""

from __future__ import annotations

from storyline.analyse.article_facts import timex_start
from storyline.resolve.claims import ClaimItem, group_claims
from storyline.resolve.quotes import group_quotes
from storyline.run.step import Outcome, Step, StepContext
from storyline.store import Store, copy_tables, fact_tables


def _run(ctx: StepContext, _: list[str] | None) -> Outcome:
    store: Store = ctx.store
    entity_of = fact_tables.entity_ids(store)
    keys = copy_tables.independence_keys(store)
    refs = fact_tables.reference_dates(store)
    quote_groups = group_quotes(
        (article, q, entity_of.get((article, q.speaker_key)) if q.speaker_key else None,
         keys.get(article, article)) for article, q in fact_tables.quotes(store))
    first_dates = {}
    for g in quote_groups:
        days = sorted(d for a, _, _ in g.mentions if (d := refs.get(a)))
        if days:
            first_dates[g.id] = days[0]
    claim_groups = group_claims(
        ClaimItem(article, c, entity_of.get((article, c.source_key)) if c.source_key else None,
                  keys.get(article, article), timex_start(c.as_of_value) or refs.get(article),
                  entity_of.get((article, c.subject_key)) if c.subject_key else None)
        for article, c in fact_tables.claims(store))
    fact_tables.write_groups(store, quote_groups, first_dates, claim_groups)
    return Outcome(processed=len(quote_groups) + len(claim_groups),
                   found=fact_tables.group_summary(store))


STEP = Step(
    name="fact_groups", version="3", scope="corpus",
    reads=("quotes", "claims", "fact_refs", "entity_mentions", "analyses", "article_copies"),
    writes=("quote_groups", "claim_groups"),
    doc="quote groups and claim groups with agreement, counting independent sources",
    run=_run, summary=fact_tables.group_summary,
)
