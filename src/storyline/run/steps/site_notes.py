"""site_notes: paragraphs a site repeats across its articles (editor's notes,
newsletter pitches), whose numbers are then not claims (`resolve/site_notes.py`).

A corpus step, redone only around articles it has not seen at this version (new,
re-extracted or gone). Each article's paragraphs are kept keyed (`site_paragraphs`, made
from the text once: for a site the step looks at for the first time, every article of
it, found by the site key kept per article in `article_sites`). The articles redone are
those that hold a key of a changed article, closed under the keys repeated in the site
(held by `MIN_ARTICLES` articles or more, the only keys that can be notes): whether an
article carries a site's notes depends on those keys alone, so the notes of that closed
part are exactly those of the whole site (`keyed_notes`), found from the kept rows
without reading a text. The articles whose note spans changed (a third article made a
paragraph a note in two older ones) are handed to the runner, so the facts step redoes
them.
"""

from __future__ import annotations

from collections.abc import Iterable

from storyline.resolve.site_notes import MIN_ARTICLES, keyed_notes, page, paragraph_keys, site_key
from storyline.run.step import Outcome, Step, StepContext
from storyline.store import Store, fact_tables, note_tables, paragraph_tables, step_tables

NAME = "site_notes"
VERSION = "1"


def _spans(found) -> tuple:
    return tuple((n.start, n.end, n.key) for n in found)


def _keep_paragraphs(store: Store, ids: list[str], site_of: dict[str, str]) -> None:
    """Key and keep the paragraphs of these ok articles (their texts read once)."""
    rows: list[tuple[str, str, int, int, str | None]] = []
    for a, text in note_tables.texts(store, ids):
        keyed = paragraph_keys(page(site_of[a], a, text))
        rows += [(a, site_of[a], s, e, k) for s, e, k in keyed] or [(a, site_of[a], 0, 0, None)]
    paragraph_tables.replace(store, ids, rows)


def closed_part(store: Store, seeds: set[tuple[str, str]]) -> set[str]:
    """The articles that hold one of the `seeds` (site, key), and every holder of a key
    repeated in its site (`MIN_ARTICLES` or more holders) that one of them holds, until
    nothing new is reached: no article outside shares a key that can be a note with one
    inside, so the notes inside are the whole site's."""
    part: set[str] = set()
    looked: set[tuple[str, str]] = set()
    keys = set(seeds)
    while keys:
        looked |= keys
        new = paragraph_tables.holders(store, keys) - part
        part |= new
        keys = paragraph_tables.repeated_keys(store, new, MIN_ARTICLES) - looked if new else set()
    return part


def _run(ctx: StepContext, _: list[str] | None) -> Outcome:
    store: Store = ctx.store
    gone = sorted(set(note_tables.gone_articles(store)) | set(paragraph_tables.gone(store)))
    pending = step_tables.pending_articles(store, NAME, VERSION)
    if not pending and not gone:
        return Outcome(found=note_tables.summary(store), wrote=False)
    # site keys are kept per article: made for the pending ones (new or re-extracted)
    fresh = {id_: site_key(url, site) for id_, url, site in note_tables.unkept_sites(store,
                                                                                   pending)}
    note_tables.keep_sites(store, sorted(fresh.items()))
    redo = {fresh[a] for a in pending if fresh.get(a)}
    seeds = paragraph_tables.keys_of(store, [*pending, *gone])  # their keys before
    paragraph_tables.replace(store, gone, [])
    # paragraphs kept per article: the pending ones', and once every article's of a site
    # looked at for the first time
    site_of = dict(note_tables.site_members(store, redo))
    make = sorted(set(pending) | set(paragraph_tables.unmade(store, redo)))
    _keep_paragraphs(store, make, site_of | {a: fresh.get(a, "") for a in pending})
    seeds |= paragraph_tables.keys_of(store, pending)  # and after
    if len(pending) == paragraph_tables.ok_articles(store):  # a whole pass: every article
        members = sorted(paragraph_tables.kept_articles(store))
    else:  # articles without a site are never compared
        members = sorted(closed_part(store, {(s, k) for s, k in seeds if s}) | set(pending))
    found = keyed_notes(paragraph_tables.pages(store, members))
    before = note_tables.notes(store, [*members, *gone])
    changed = {a for a in members if _spans(before.get(a, ())) != _spans(found.get(a, ()))}
    changed |= {a for a in gone if before.get(a)}
    note_tables.write(store, [*members, *gone], found)
    fact_tables.settle(store, NAME, VERSION, pending)
    return Outcome(processed=len(members), changed=frozenset(changed),
                   found=note_tables.summary(store))


def _forget(store: Store, ids: Iterable[str] | None) -> None:
    """Nothing to drop: the articles lose their `step_done` record (the runner drops
    it), so their sites are looked at again."""


STEP = Step(
    name=NAME, version=VERSION, scope="corpus",
    reads=("articles",),
    writes=("site_notes",),
    doc="paragraphs one site repeats across its articles; their numbers are not claims",
    run=_run, forget=_forget, summary=note_tables.summary,
)
