"""fact_groups: quotes and claims grouped across articles, copies counted once.

A quote reported by many outlets is one group; claims about the same thing
are grouped and judged agree, series, conflict or single.

Incremental: both groupings are keyed (a quote joins only a quote that shares a
4-word shingle and holds its words, claims only within one measure: counted, kind,
unit, poll), so only the parts of the store that changed articles touch are
regrouped (`_affected`); the other groups keep their rows. The articles handed on
are those without a `step_done` record of this step: the runner drops the record when
an article's facts, analysis, entities, copy status or text changed. Of those, only
the ones whose grouping inputs changed are regrouped: a digest of what grouping reads
of an article (its items, the entity ids their keys name, its independence key and
reference date: `fact_tables.input_digests`) is kept when the step takes it in
(`step_digests`), and a handed article with the same digest is settled as it is (an
entity that moved elsewhere in a thousand articles hands them all on, though their
quotes and claims name the same ids). The quotes' and the claims' inputs are digested
apart, so an article whose quotes alone changed (a speaker's new id) regroups no claim
part. New and gone articles have no digest or lose it, so they count. The result
equals a whole regrouping.

Each quote's and claim's keys are stored (`group_keys`, made for changed articles
only), so the parts are found by keyed queries and only their items are read (and the
entities their in-article keys name, kept per article in `fact_entities`); the
parts are grouped by the step's executor (in this process, a pool, or Dask workers),
packed whole into tasks. A part whose task fails even when retried keeps its stored
groups and is regrouped by the next update; the run goes on.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

from storyline.analyse.article_facts import timex_start
from storyline.analyse.claims import Claim
from storyline.analyse.quotes import Quote
from storyline.resolve.claims import ClaimGroup, ClaimItem, _block_key, group_claims
from storyline.resolve.quotes import (
    _SHINGLE,
    MIN_EXCERPT_WORDS,
    MIN_SHARE,
    QuoteGroup,
    QuoteItem,
    _shingles,
    group_quotes,
    normalise,
    same_quote,
)
from storyline.run.step import Outcome, Step, StepContext
from storyline.run.steps._affected import (
    affected,
    failed_articles,
    nothing_settled,
    part_failures,
    run_parts,
)
from storyline.store import Store, copy_tables, fact_tables, step_tables
from storyline.store.fact_tables import Span

NAME = "fact_groups"
VERSION = "9"
_ITEMS = ("quotes", "claims")
#: Articles whose keys are made at a time (all of them in a store from before the keys).
KEY_BATCH = 5000


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


#: A quote's shingles are kept as grouping keys at every STRIDE-th place, and all of
#: them for a quote shorter than SHORT words: a quote inside another (what
#: `same_quote` asks) of MIN_EXCERPT_WORDS or more spans STRIDE places of it, so holds
#: one kept shingle; a shorter one is at least MIN_SHARE of it, so it is under SHORT
#: words and keeps every shingle. The first place is kept too: a quote holding another
#: holds its first shingle. So any two quotes `quote_links` links share a key.
STRIDE = MIN_EXCERPT_WORDS - _SHINGLE + 1
SHORT = math.ceil(MIN_EXCERPT_WORDS / MIN_SHARE)


def _kept(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    if len(words) <= _SHINGLE:
        return {words} if words else set()
    step = 1 if len(words) < SHORT else STRIDE
    return {words[i : i + _SHINGLE] for i in range(0, len(words) - _SHINGLE + 1, step)}


def _quote_rows(quotes: list[tuple[str, Quote]]) -> list[tuple[str, int, int, str | None]]:
    out: list[tuple[str, int, int, str | None]] = []
    for article, q in quotes:
        kept = _kept(normalise(q.text))
        out += [(article, q.start, q.end, fact_tables.key_hash(k)) for k in sorted(kept)] \
            or [(article, q.start, q.end, None)]
    return out


def _claim_rows(claims: list[tuple[str, Claim]]) -> list[tuple[str, int, int, str | None]]:
    return [(a, c.start, c.end,
             fact_tables.key_hash(_block_key(ClaimItem(a, c))) if c.counted_key else None)
            for a, c in claims]


class _QuoteLinks:
    """For `closure`: the quotes `quote_links` links to given ones, found through the
    kept shingles (every shingle of the given quotes looked up) and checked with
    `same_quote`; their words are read once. `same_quote` reads only the words, so
    quotes with the same words (one quote in many articles) are checked once, and a
    shingle's holders are looked up once (a lookup reads every kept shingle of the
    store; the quotes a round finds mostly hold the shingles it looked up)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.words: dict[Span, tuple[str, ...]] = {}
        self.holders: dict[str, list[Span]] = {}

    def _read(self, spans: set[Span]) -> None:
        wanted = {s for s in spans if s not in self.words}
        for span, text in fact_tables.quote_texts(self.store, wanted):
            self.words[span] = normalise(text)

    def __call__(self, spans: set[Span]) -> set[Span]:
        self._read(spans)
        probes: dict[str, set[tuple[str, ...]]] = {}  # key -> the words holding it
        for words in {w for s in spans if (w := self.words.get(s))}:
            for sh in _shingles(words):
                probes.setdefault(fact_tables.key_hash(sh), set()).add(words)
        ask = sorted(k for k in probes if k not in self.holders)
        for key in ask:
            self.holders[key] = []
        for c, key in fact_tables.keyed_rows(self.store, "quote", ask) if ask else []:
            self.holders[key].append(c)
        rows = [(c, key) for key in probes for c in self.holders[key]]
        self._read({c for c, _ in rows})
        checked: dict[tuple[str, tuple[str, ...]], bool] = {}

        def links(key: str, w: tuple[str, ...]) -> bool:
            if (key, w) not in checked:
                checked[(key, w)] = any(same_quote(words, w) for words in probes[key])
            return checked[(key, w)]

        return {c for c, key in rows if c not in spans and (w := self.words.get(c))
                and links(key, w)}


def group_quote_parts(parts: list[list[QuoteItem]]) -> list[list[QuoteGroup]]:
    """Quote groups of each closed part (a task: runs wherever the executor sends it)."""
    return [group_quotes(part) for part in parts]


def group_claim_parts(parts: list[list[ClaimItem]]) -> list[list[ClaimGroup]]:
    """Claim groups of each closed part (a task: runs wherever the executor sends it)."""
    return [group_claims(part) for part in parts]


def _run(ctx: StepContext, _: list[str] | None) -> Outcome:
    store: Store = ctx.store
    handed = fact_tables.unsettled(store, NAME, VERSION, ("quote", "claim"), _ITEMS)
    if not handed:
        return Outcome(found=_summary(store), wrote=False)
    fact_tables.forget_entity_ids(store, handed)  # their analysis or entities may differ
    whole = nothing_settled(store, NAME, VERSION)
    # what grouping reads of each handed article, against what it read when it last took
    # the article in: only the articles whose inputs differ (new and gone ones too) are
    # regrouped, the others settled as they are (their parts would group as stored)
    fact_tables.kept_entity_ids(store, handed, ())  # read and kept for the digests
    now = fact_tables.input_digests(store, None if whole else handed)
    if whole:
        changed_q, changed_c = set(handed), set(handed)
    else:
        kept = step_tables.digests(store, NAME, handed)
        changed_q, changed_c = fact_tables.changed_kinds(kept, now, handed)
    changed = changed_q | changed_c
    if not changed:  # every part groups as stored: nothing to write
        fact_tables.settle(store, NAME, VERSION, handed)
        return Outcome(found=_summary(store) | {"articles handed": len(handed)},
                       wrote=False)
    fact_tables.update_keys(store, "quote", "quotes", "quote_groups", changed_q,
                            lambda batch: _quote_rows(list(fact_tables.quotes(store, batch))),
                            KEY_BATCH)
    fact_tables.update_keys(store, "claim", "claims", "claim_groups", changed_c,
                            lambda batch: _claim_rows(list(fact_tables.claims(store, batch))),
                            KEY_BATCH)
    if whole:  # a whole pass (a new version, a rebuild): every item, no closure to find
        quotes, claims = list(fact_tables.quotes(store)), list(fact_tables.claims(store))
        stored_q, stored_c = fact_tables.links(store, "quote"), fact_tables.links(store, "claim")
    else:  # only the closed parts the changed articles touch are read
        q_spans, q_groups = fact_tables.closure(store, "quote", changed_q, _QuoteLinks(store))
        c_spans, c_groups = fact_tables.closure(store, "claim", changed_c,
                                                fact_tables.keyed_links(store, "claim"))
        quotes = list(fact_tables.quotes(store, {s[0] for s in q_spans}, q_spans))
        claims = list(fact_tables.claims(store, {s[0] for s in c_spans}, c_spans))
        stored_q = fact_tables.links(store, "quote", q_groups)
        stored_c = fact_tables.links(store, "claim", c_groups)
    redo_q = affected([(a, q.start, q.end) for a, q in quotes], [[] for _ in quotes],
                      stored_q, changed_q, quote_links([normalise(q.text) for _, q in quotes]),
                      whole=whole)
    redo_c = affected([(a, c.start, c.end) for a, c in claims],
                      [[_block_key(ClaimItem(a, c))] if c.counted_key else [] for a, c in claims],
                      stored_c, changed_c, whole=whole)
    articles = {quotes[i][0] for i in redo_q.items} | {claims[i][0] for i in redo_c.items}
    # entities only for the in-article keys the items name someone by
    wanted = {(quotes[i][0], k) for i in redo_q.items if (k := quotes[i][1].speaker_key)} | {
        (claims[i][0], k) for i in redo_c.items
        for k in (claims[i][1].source_key, claims[i][1].subject_key) if k}
    entity_of = fact_tables.kept_entity_ids(store, {a for a, _ in wanted}, wanted)
    keys = copy_tables.independence_keys(store, articles)
    refs = fact_tables.reference_dates(store, articles)

    def quote_item(article: str, q: Quote) -> QuoteItem:
        speaker = entity_of.get((article, q.speaker_key)) if q.speaker_key else None
        return article, q, speaker, keys.get(article, article)

    def claim_item(article: str, c: Claim) -> ClaimItem:
        return ClaimItem(
            article, c, entity_of.get((article, c.source_key)) if c.source_key else None,
            keys.get(article, article), timex_start(c.as_of_value) or refs.get(article),
            entity_of.get((article, c.subject_key)) if c.subject_key else None)

    q_done, q_failed = run_parts(ctx.executor, group_quote_parts,
                                 [[quote_item(*quotes[i]) for i in p] for p in redo_q.parts])
    c_done, c_failed = run_parts(ctx.executor, group_claim_parts,
                                 [[claim_item(*claims[i]) for i in p] for p in redo_c.parts])
    quote_groups = sorted((g for part in q_done if part is not None for g in part),
                          key=lambda g: (-g.n_sources, g.id))
    claim_groups = sorted((g for part in c_done if part is not None for g in part),
                          key=lambda g: (g.counted_key, g.kind, g.unit or "", g.id))
    first_dates = {}
    for g in quote_groups:
        days = sorted(d for a, _, _ in g.mentions if (d := refs.get(a)))
        if days:
            first_dates[g.id] = days[0]
    fact_tables.write_groups(
        store, quote_groups, first_dates, claim_groups,
        redo_q.drop_for(k for k, part in enumerate(q_done) if part is not None),
        redo_c.drop_for(k for k, part in enumerate(c_done) if part is not None))
    # a part that failed keeps its stored groups; its changed articles stay unsettled,
    # so the next update regroups it
    q_articles, c_articles = [a for a, _ in quotes], [a for a, _ in claims]
    left = failed_articles(redo_q, q_failed, q_articles, stored_q) \
        | failed_articles(redo_c, c_failed, c_articles, stored_c)
    if whole:
        step_tables.forget_digests(store, NAME, None)
    step_tables.save_digests(store, NAME, changed - left, now)
    fact_tables.settle(store, NAME, VERSION, handed - left)
    failures = part_failures(store, "quote", redo_q, q_failed, q_articles) \
        + part_failures(store, "claim", redo_c, c_failed, c_articles)
    return Outcome(processed=len(quote_groups) + len(claim_groups), failures=failures,
                   found=fact_tables.group_summary(store) | {
                       "groups regrouped": len(quote_groups) + len(claim_groups),
                       "articles handed": len(handed), "articles regrouped": len(changed)})


def _forget(store: Store, ids: Iterable[str] | None) -> None:
    """The runner drops this step's records of the articles, and the next run regroups
    the parts they are in; the entity ids kept for them are dropped here (their analysis
    or entities changed)."""
    fact_tables.forget_entity_ids(store, ids)


def _summary(store: Store) -> dict[str, int]:
    return fact_tables.group_summary(store) | {
        "groups regrouped": 0, "articles handed": 0, "articles regrouped": 0}


STEP = Step(
    name=NAME, version=VERSION, scope="corpus",
    reads=("quotes", "claims", "fact_refs", "entity_mentions", "analyses", "article_copies",
           "articles"),
    writes=("quote_groups", "claim_groups", "fact_links", "group_keys", "step_digests"),
    doc="quote groups and claim groups with agreement, counting independent sources",
    run=_run, forget=_forget, summary=_summary,
)
