"""site_notes: paragraphs a site repeats across its articles (editor's notes,
newsletter pitches), whose numbers are then not claims (`resolve/site_notes.py`).

A corpus step, redone only for the sites of articles it has not seen at this
version (new, re-extracted or gone): those sites' articles (found by the site key
kept per article in `article_sites`, made once for each) are read again, and
the articles whose note spans changed (a third article made a paragraph a note
in two older ones) are handed to the runner, so the facts step redoes them.
"""

from __future__ import annotations

from collections.abc import Iterable

from storyline.resolve.site_notes import page, site_key, site_notes
from storyline.run.step import Outcome, Step, StepContext
from storyline.store import Store, fact_tables, note_tables, step_tables

NAME = "site_notes"
VERSION = "1"


def _spans(found) -> tuple:
    return tuple((n.start, n.end, n.key) for n in found)


def _run(ctx: StepContext, _: list[str] | None) -> Outcome:
    store: Store = ctx.store
    gone = note_tables.gone_articles(store)
    pending = step_tables.pending_articles(store, NAME, VERSION)
    if not pending and not gone:
        return Outcome(found=note_tables.summary(store), wrote=False)
    # site keys are kept per article: made for the pending ones (new or re-extracted)
    fresh = {id_: site_key(url, site) for id_, url, site in note_tables.unkept_sites(store,
                                                                                   pending)}
    note_tables.keep_sites(store, sorted(fresh.items()))
    redo = {fresh[a] for a in pending if fresh.get(a)}
    site_of = dict(note_tables.site_members(store, redo))
    members = sorted(site_of)
    found = site_notes(page(site_of[a], a, text) for a, text in note_tables.texts(store, members))
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
