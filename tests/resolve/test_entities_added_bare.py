"""Bare surnames and given names of added articles, resolved from the kept state
(`entities_added`), equal a whole resolution on random fictional corpora, also when
stored units they make decided otherwise move; and when the added route falls back
because a stored bare name is decided otherwise, the whole resolution does move a stored
unit (the check is exact, not a guess). The corpora are
made of a few people sharing surnames and first names, written in full, by a bare surname
or by a given name alone, with titles and places around them, so that the context rule,
the usual bearer and the surname an article writes all decide some bare name; and short
names that end several longer ones, split by article.

More seeds: STORYLINE_TEST_SEEDS=400 .venv/bin/python -m pytest \
    tests/resolve/test_entities_added_bare.py
"""

from __future__ import annotations

import os
import random

from conftest import analyse

from storyline.resolve.entities import (
    Entity,
    _build,
    _resolved,
    article_units,
    units_from_json,
    units_to_json,
)
from storyline.resolve.entities_added import Fallback, resolve_added, state_rows
from storyline.store import Store, analysis_tables
from storyline.store.duck import insert_rows

PEOPLE = [("Anna", "Brel"), ("Oskar", "Brel"), ("Anna", "Tamsk"), ("Tobin", "Tamsk"),
          ("Mira", "Brel"), ("David", "Quell")]
BARE = ["Brel", "Tamsk", "Anna", "Quell"]
TITLES = [None, None, "Minister", "Senator", "Mayor"]
CONTEXT = [("Tarn", "GPE"), ("Orlo", "GPE"), ("Pelmora", "GPE"), ("Orlo Bank", "ORG"),
           ("Tarn Council", "ORG")]


def _article(rng: random.Random):
    spans: list[tuple[str, str]] = []
    pieces: list[str] = []
    for _ in range(rng.randint(1, 3)):
        if rng.random() < 0.5:
            name = " ".join(rng.choice(PEOPLE))
            again = rng.random() < 0.4  # called by the bare surname too: the usual bearer
        else:
            name, again = rng.choice(BARE), False
        title = rng.choice(TITLES)
        pieces.append(f"{title} {name}" if title else name)
        spans.append((name, "PERSON"))
        if again:
            pieces.append(name.split()[-1])
            spans.append((name.split()[-1], "PERSON"))
    for surface, label in rng.sample(CONTEXT, rng.randint(0, 2)):
        pieces.append(surface)
        spans.append((surface, label))
    text = pieces[0]
    for piece in pieces[1:]:
        text += rng.choice([", ", " and ", " met "]) + piece
    return analyse(text + " spoke.", *spans)


def _units(analyses: list) -> dict[str, str]:
    return units_to_json(article_units(analyses))


def _whole(stored: dict[str, str]):
    """Each unit's entity id, and the entities, of a whole resolution of `stored`."""
    units = [u for a in sorted(stored) for u in units_from_json(a, stored[a])]
    resolved = _resolved(units, None)
    ids = {(u.article, u.origin): identity[0] for identity, us, _ in resolved for u in us}
    return ids, {identity[0]: _build(us, identity) for identity, us, _ in resolved}, resolved


def _kept(store: Store, stored: dict[str, str], resolved, entities: dict[str, Entity]
          ) -> None:
    """The units, state and entity rows the entities step keeps after a whole resolution
    of `stored`."""
    analysis_tables.forget_units(store, None)
    analysis_tables.write_units(store, stored, "")
    analysis_tables.write_state(store, state_rows(resolved))
    store.con.execute("DELETE FROM entities")
    insert_rows(store, "entities", [
        (e.id, e.name, e.type, "[]", "[]", e.country, len(e.mentions),
         len({m.article for m in e.mentions})) for e in entities.values()])


def _added(store: Store, stored: dict[str, str], added: dict[str, str]) -> str:
    """Keep the state of a whole resolution of `stored`, resolve `added` against it, and
    check the result against a whole resolution of both: "alone", or the fallback's
    reason (asserted exact when it says a stored bare name is decided otherwise)."""
    ids, entities, resolved = _whole(stored)
    _kept(store, stored, resolved, entities)
    ids2, entities2, _ = _whole(stored | added)
    moved = [k for k in ids if ids2[k] != ids[k]]
    new = [u for a in sorted(added) for u in units_from_json(a, added[a])]
    try:
        found = resolve_added(store.con, new, None)
    except Fallback as why:
        assert "kept decision differs" not in str(why)
        if "decided otherwise" in str(why):
            assert moved, str(why)
        return str(why)
    # stored units move only where the route moved them (their entities dropped whole)
    assert set(moved) <= set(found.moved)
    # the new and moved units' entities, and every entity once the found rows replace
    # theirs and the dropped ones are gone
    assert {(r[0], r[1]): r[24] for r in found.state.units} == {
        k: v for k, v in ids2.items() if k[0] in added or k in found.moved}
    after = {e: v for e, v in entities.items() if e not in found.dropped}
    gone = {(e, a, s, t) for e, a, s, t in found.left_spans}
    for e in found.entities:
        old = after.get(e.id)
        kept = [m for m in (old.mentions if old else ())
                if (e.id, m.article, m.start, m.end) not in gone]
        spans = sorted({*kept, *e.mentions}, key=lambda m: (m.article, m.start, m.end, m.text))
        after[e.id] = Entity(e.id, e.name, e.type, e.aliases, e.roles, tuple(spans),
                             e.country)
    assert after == entities2
    return "alone, moved" if found.moved else "alone"


def _batches(tmp_path, article, kinds: tuple[str, ...] = ("alone", "decided otherwise")
             ) -> dict[str, int]:
    """Random stored corpora and added batches of `article`s (`_added` checks each).
    Returns how many outcomes say each of `kinds` (by default: went alone, fell back as
    a stored bare name is decided otherwise)."""
    seeds = int(os.environ.get("STORYLINE_TEST_SEEDS", "60"))
    outcomes = dict.fromkeys(kinds, 0)
    with Store.open(tmp_path / "s.duckdb") as store:
        for seed in range(seeds):
            rng = random.Random(seed)
            stored = _units([(f"a{i:02d}", article(rng)) for i in range(rng.randint(8, 30))])
            added = _units([(f"b{i}", article(rng)) for i in range(rng.randint(1, 3))])
            try:
                outcome = _added(store, stored, added)
            except AssertionError as err:
                raise AssertionError(f"seed {seed}") from err
            for kind in outcomes:
                outcomes[kind] += kind in outcome
    return outcomes


def test_bare_names_of_added_articles_resolve_as_a_whole_resolution(tmp_path):
    outcomes = _batches(tmp_path, _article, ("alone", "moved"))
    # both ways are taken: batches that move no stored unit, and batches whose stored bare
    # names are decided otherwise and move (out of an entity that keeps its other units,
    # or with their whole entity)
    assert outcomes["moved"] and outcomes["alone"] > outcomes["moved"], outcomes


#: Short names that end several longer ones: split by article (`_split_ambiguous`).
COMMITTEES = [("Judiciary Committee", "ORG"), ("House Judiciary Committee", "ORG"),
              ("Senate Judiciary Committee", "ORG"), ("Harbor Board", "ORG"),
              ("Tarn Harbor Board", "ORG")]


def _committees(rng: random.Random):
    spans = rng.sample(COMMITTEES, rng.randint(1, 2)) + rng.sample(CONTEXT[:3], 1)
    return analyse(" and ".join(s for s, _ in spans) + " met.", *spans)


def test_short_names_split_by_article_stay_split_when_articles_are_added(tmp_path):
    # a new "Judiciary Committee" is an entity of its own article, as each stored one is,
    # not one of them, nor a reason to resolve the whole corpus
    assert _batches(tmp_path, _committees)["alone"]


def test_a_short_name_split_by_article_joins_no_stored_article(tmp_path):
    # one stored "Judiciary Committee" (of the House? of the Senate?) is an entity of its
    # article: a new one is another, of its own article
    stored = _units([(f"a{i}", analyse(f"The {name} met in Tarn.", (name, "ORG"), ("Tarn", "GPE")))
                     for i, name in enumerate(["House Judiciary Committee",
                                               "Senate Judiciary Committee",
                                               "Judiciary Committee"])])
    added = _units([("b0", analyse("The Judiciary Committee met in Orlo.",
                                   ("Judiciary Committee", "ORG"), ("Orlo", "GPE")))])
    with Store.open(tmp_path / "s.duckdb") as store:
        assert _added(store, stored, added) == "alone"


#: Names shaped as people's that the model types now as a person, now as an organisation
#: or a work (as it does "Carly Fiorina"), and one organisation named like a person.
SHAPED = ["Carly Vennholt", "Dean Corvell", "Anna Brel"]
LABELS = ["PERSON", "PERSON", "ORG", "WORK_OF_ART"]


def _mistyped(rng: random.Random):
    spans = [(name, rng.choice(LABELS)) for name in rng.sample(SHAPED, rng.randint(1, 2))]
    spans += rng.sample(CONTEXT[:3], 1)
    return analyse(" met ".join(s for s, _ in spans) + " today.", *spans)


def test_a_person_shaped_name_typed_otherwise_follows_most_articles():
    from storyline.resolve.entities import resolve_entities

    def corpus(labels):
        return [(f"c{i}", analyse("Carly Vennholt met Orlo Bank today.",
                                  ("Carly Vennholt", label), ("Orlo Bank", "ORG")))
                for i, label in enumerate(labels)]

    def typed(labels):
        return sorted((e.type, len({m.article for m in e.mentions}))
                      for e in resolve_entities(corpus(labels)) if e.name == "Carly Vennholt")

    assert typed(["ORG", "PERSON", "PERSON"]) == [("person", 3)]  # one person
    assert typed(["ORG", "WORK_OF_ART", "PERSON", "PERSON"]) == [
        ("org", 1), ("person", 2), ("work", 1)]  # no majority: as the model says
    assert typed(["ORG", "ORG", "PERSON"]) == [("org", 2), ("person", 1)]


def test_person_names_typed_otherwise_follow_the_majority_when_articles_are_added(tmp_path):
    outcomes = _batches(tmp_path, _mistyped, ("alone", "change type"))
    # both ways are taken: a batch that tips a name's majority falls back
    assert outcomes["alone"] and outcomes["change type"], outcomes


#: One-word names that a corpus reads by what its other articles say of the word: a
#: surname typed an organisation ("Brel" as ORG) is a person where full names end in it
#: and organisations' names start with it less often; a bare person name is a place where
#: a place has that name and no full name ends in it.
ONE_WORDS = [("Brel", "ORG"), ("Brel", "PERSON"), ("Quell", "GPE"), ("Quell", "PERSON"),
             ("Tamsk", "ORG"), ("Sarvo", "PERSON"), ("Sarvo", "GPE")]
WORD_NAMES = [("Anna Brel", "PERSON"), ("David Quell", "PERSON"), ("Brel Foods", "ORG"),
              ("Tamsk Motors", "ORG"), ("Tobin Tamsk", "PERSON"), ("Mira Sarvo", "PERSON")]


def _one_words(rng: random.Random):
    spans = rng.sample(ONE_WORDS, rng.randint(1, 2))
    spans += rng.sample(WORD_NAMES, rng.randint(0, 2))
    seen: set[str] = set()
    spans = [s for s in spans if not (s[0] in seen or seen.add(s[0]))]
    return analyse(" met ".join(s for s, _ in spans) + " today.", *spans)


def test_one_word_names_read_by_the_corpus_move_only_when_a_whole_resolution_moves_them(
        tmp_path):
    outcomes = _batches(tmp_path, _one_words, ("alone", "moved"))
    assert outcomes["alone"] and outcomes["moved"], outcomes


def test_a_short_name_that_a_new_name_makes_ambiguous_is_split_without_a_whole_resolution(
        tmp_path):
    # "Harbor Board" alone in three articles is one board (the one "Tarn Harbor Board" of
    # a fourth is no reason to lengthen it); a new "Orlo Harbor Board" makes it ambiguous,
    # so each stored "Harbor Board" becomes an entity of its article, as a whole
    # resolution makes them, by moving those units only
    def board(name: str, place: str):
        return analyse(f"The {name} met in {place}.", (name, "ORG"), (place, "GPE"))

    stored = _units([("a1", board("Harbor Board", "Tarn")), ("a2", board("Harbor Board", "Orlo")),
                     ("a3", board("Harbor Board", "Pelmora")),
                     ("a4", board("Tarn Harbor Board", "Tarn"))])
    added = _units([("b1", board("Orlo Harbor Board", "Orlo"))])
    with Store.open(tmp_path / "s.duckdb") as store:
        assert _added(store, stored, added) == "alone, moved"


def test_an_acronym_a_new_name_spells_out_moves_without_a_whole_resolution(tmp_path):
    # "PJS" alone in two articles is an entity of its own; a new article's "Pelmora
    # Justice Society" spells it out, so the stored acronyms join the society, as a
    # whole resolution joins them, by moving those units only
    def text(name: str, place: str):
        return analyse(f"The {name} met in {place}.", (name, "ORG"), (place, "GPE"))

    stored = _units([("a1", text("PJS", "Tarn")), ("a2", text("PJS", "Orlo")),
                     ("a3", text("Harbor Board", "Pelmora"))])
    added = _units([("b1", text("Pelmora Justice Society", "Pelmora"))])
    with Store.open(tmp_path / "s.duckdb") as store:
        assert _added(store, stored, added) == "alone, moved"
