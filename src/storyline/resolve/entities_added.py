"""Entities of added articles, from the state a whole resolution keeps, without the rest.

A whole resolution (`resolve_changed`) reads every stored unit: at 100,000 articles,
2.8 million. When an update only adds articles, what the rules across articles read of
the other articles is small and kept in tables (`state_rows`, written by the step):

- per unit (`entity_state`): its name and type before the rules across articles, after
  lengthening and at the end, the word keys the rules compare (first and last word,
  person blocks, acronyms), its entity, and, for a bare surname, its context and role
  heads (the context rule compares them with each candidate's);
- per name: the keys non-person units were joined by (`entity_keys`) and the names each
  short surface was written beside (`entity_surfaces`);
- per entity (`entity_facts`): what its identity and row are made of (types, fixed
  names, mention texts, unit names, roles, countries, how many groups it merges), and for
  a person the context keys and role heads of its units with the place in the bare
  surnames' order from which each counts (and, apart, how many of its full names have
  each: what its other articles say of it, beside what a bare name's own article says),
  and in how many articles it is called by each bare word (the usual bearer rule).

`resolve_added` applies each rule to the new units with those quantities (document
counts add up: the articles are new) and checks that no decision about a stored unit
changes: a new long name that a stored short name now ends, a word that becomes a
surname, a place or an organisation's first word, a person name in a block of stored
names that regroups them, a stored bare surname that goes to another candidate, a short
surface that becomes ambiguous, an acronym's spelled-out name, a name that would join
stored entities together, an entity renamed to another id, merged or split. Two kinds of
change are followed instead, when every unit of the stored entities concerned changes
(the entities then move whole): stored one-word names the new counts read otherwise (a
surname typed an organisation, a person name that is a place's) and stored bare names
decided otherwise; those units are taken out of the state (in a transaction that is
rolled back) and resolved again with the new ones, and their old entities dropped
(`_moving`, `_Redecide`). Any other change raises `Fallback`, and the step resolves the
whole corpus as before; the result is then the same either way
(tests/resolve/test_entities_added.py compares both after every batch,
test_entities_added_bare.py on random corpora). Some checks are exact (the stored bare
surnames a new name reaches are decided again, with and without the new units: a new
candidate or context alone changes nothing), others coarser than the rule they guard.
"""

from __future__ import annotations

import copy
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from storyline.analyse.entities import KIND_DESCRIPTION
from storyline.resolve.entities import (
    _LONGER_TYPES,
    _SURFACE_TYPES,
    MISTYPED,
    Alias,
    Entity,
    EntityMention,
    _acronym_of,
    _group_persons,
    _identity,
    _join_key,
    _longer_names,
    _national_dropped,
    _nicknames,
    _owners,
    _retype,
    _role_heads,
    _Unit,
    _unit_keys,
    acronym,
    acronym_articles,
    alias_table,
    by_name_majority,
    context_winner,
    doc_counts,
    entity_id,
    is_given_name,
    lengthen_with,
    name_articles,
    name_key,
    name_type_counts,
    person_parts,
    pick_name,
    short_forms,
    spelled_out_by,
    units_from_json,
    usual_bearer,
    word_key,
    words,
    written_for_others,
    written_less,
)
from storyline.unionfind import UnionFind

log = logging.getLogger(__name__)

#: What `state_rows` writes and `resolve_added` reads: change it when either changes, or
#: when a state kept by an earlier version may hold a result a whole resolution does not
#: give (2: version 1 could join a new short name split by article, "Judiciary Committee",
#: into another article's entity; the stamp's change makes one whole resolution repair it).
STATE_VERSION = "3"


class Fallback(Exception):  # noqa: N818 - a reason, not an error
    """Why the added units cannot be resolved alone: the whole corpus must be."""


class _Redecide(Exception):  # noqa: N818 - a request, not an error
    """Stored units (article, idx) that the new ones make decided otherwise: the route
    starts again with them moved, when their entities can move whole."""

    def __init__(self, keys: set[tuple[str, int]], why: str) -> None:
        super().__init__(why)
        self.keys = keys


#: Times the route starts again with more stored units to move before it falls back.
_REDECIDE_ROUNDS = 5


def unit_order(article: str, idx: int) -> str:
    """A unit's place in unit order (article, then its place there), as a string."""
    return f"{article}\x00{idx:06d}"


def bare_order(u: _Unit) -> str:
    """A bare surname's place in the order `_group_persons` takes them: name, article."""
    return f"{u.name}\x00{u.article}"


def _ends(name: str) -> tuple[str | None, str | None, int]:
    ws = words(name)
    return (word_key(ws[0]), word_key(ws[-1]), len(ws)) if ws else (None, None, 0)


def _last_token(key: str) -> str | None:
    return key.rsplit(" ", 1)[-1] if key else None


def _bare(u: _Unit) -> bool:
    return u.type == "person" and not (u.full or u.fixed)


def _person_full(u: _Unit) -> bool:
    return u.type == "person" and (u.full or u.fixed)


def _unit_row(u: _Unit, entity: str) -> tuple:
    type0, name0, fixed0 = u.first or (u.type, u.name, u.fixed)
    k0, key = name_key(name0), name_key(u.name)
    f1, l1, n1 = _ends(u.lengthened or u.name)
    f, last, n = _ends(u.name)
    pl = pc = acr = lacr = None
    if _person_full(u):
        parts = person_parts(u.name) or (key,)
        pl, pc = parts[-1], "".join(parts)
    if u.type in {"org", "group"}:
        acr = _acronym_of(u)
        if acr is None and u.type == "org" and n >= 3:
            lacr = acronym(u.name)
    bare = _bare(u)
    return (u.article, u.origin, type0, name0, fixed0, k0, _last_token(k0),
            u.lengthened or u.name, f1, l1, n1, u.type, u.name, key, _last_token(key),
            u.fixed, u.local, f, last, n, pl, pc, acr, lacr, entity,
            sorted(u.context) if bare else None, sorted(_role_heads(u)) if bare else None)


def _facts(entity: str, units: list[_Unit], parts: int) -> list[tuple]:
    """`entity_facts` rows of one entity: (entity, kind, value, n, first)."""
    counts: dict[tuple[str, str], list] = {}

    def add(kind: str, value: str, n: int = 1, first: str = "") -> None:
        row = counts.setdefault((kind, value), [0, first])
        row[0] += n
        row[1] = min(row[1], first)

    person_units = [u for u in units if _person_full(u)]
    for u in units:
        order = unit_order(u.article, u.origin)
        add("t", u.type, 1, order)
        add("u", u.name, 1, order)
        if u.fixed:
            add("x", u.name)
        if u.country:
            add("k", u.country)
        if u.local:
            add("L", u.article)
        for m in u.mentions:
            if m.kind != KIND_DESCRIPTION:
                add("m", m.text)
            if m.role:
                add("r", m.role)
    if any(u.type == "person" for u in units):
        for u in units:
            if u.type != "person":
                continue
            full = _person_full(u)
            first = "" if full else bare_order(u)
            for c in u.context:
                add("c", c, 1, first)
                if full:
                    add("C", c)
            for h in _role_heads(u):
                add("h", h, 1, first)
                if full:
                    add("H", h)
        bare_arts: dict[str, set[str]] = {}
        for u in person_units:
            for m in u.mentions:
                if m.kind != KIND_DESCRIPTION and len(words(m.text)) == 1:
                    bare_arts.setdefault(word_key(m.text), set()).add(u.article)
        for key, arts in bare_arts.items():
            add("b", key, len(arts))
    add("g", "", parts)
    return [(entity, kind, value, n, first) for (kind, value), (n, first) in counts.items()]


@dataclass
class State:
    """Rows of the state tables (see the module's docstring)."""

    units: list[tuple] = field(default_factory=list)
    keys: set[tuple[str, str, str]] = field(default_factory=set)
    surfaces: set[tuple[str, str, str]] = field(default_factory=set)
    facts: list[tuple] = field(default_factory=list)


def state_rows(resolved: Iterable[tuple[tuple[str, str, str], list[_Unit], list]],
               size: int = 200_000) -> Iterator[State]:
    """The state a whole resolution leaves, from `resolve_changed(resolved_out=...)`, in
    slices of about `size` units (millions at 100,000 articles)."""
    state = State()
    for identity, units, groups in resolved:
        entity = identity[0]
        for u in units:
            state.units.append(_unit_row(u, entity))
            if u.type != "person":
                state.keys.update((t, k, entity) for t, k in u.keys)
                state.surfaces.update(_surface_rows(u))
        state.facts += _facts(entity, units, len(groups))
        if len(state.units) >= size:
            yield state
            state = State()
    yield state


def _surface_rows(u: _Unit) -> set[tuple[str, str, str]]:
    if u.fixed or u.type not in _SURFACE_TYPES:
        return set()
    key = name_key(u.name)
    return {(u.type, name_key(s), key) for s in u.surfaces if name_key(s) != key}


# --- the update ------------------------------------------------------------------------


class Corpus:
    """The stored state, read by keyed queries (a DuckDB connection)."""

    def __init__(self, con) -> None:
        self.con = con

    def rows(self, sql: str, *params) -> list[tuple]:
        return self.con.execute(sql, list(params)).fetchall()


@dataclass
class Added:
    """What `resolve_added` found: the entities to write (new or changed, whole rows and
    the new units' mentions), the state rows of the new units, and the facts to add."""

    entities: list[Entity]  # touched entities: row values; mentions: the new ones only
    replaced: dict[str, tuple]  # id -> the stored row it replaces (None: a new entity)
    state: State
    merged_facts: list[tuple]  # (entity, kind, value, n, first): the rows to write
    dropped: list[str] = field(default_factory=list)  # stored entities whose units moved
    moved: list[tuple[str, int]] = field(default_factory=list)  # (article, idx) of those
    # stored entities some units left: the spans those took along, and every fact row
    # the entities have now (`merged_facts` holds none of theirs)
    left_spans: list[tuple[str, str, int, int]] = field(default_factory=list)
    left_facts: dict[str, list[tuple]] = field(default_factory=dict)


def _pseudo(type_: str, name: str, fixed: bool, article: str = "") -> _Unit:
    return _Unit(article, type_, name, [], fixed=fixed)


def _in(values: Iterable) -> list:
    return sorted({v for v in values if v is not None})


def resolve_added(con, new: list[_Unit], aliases: Mapping[str, Alias] | None) -> Added:
    """Resolve the units of added articles (`units_from_json`, every unit of each added
    article, none stored) against the kept state. Raises `Fallback` when a stored
    decision would change that cannot be followed: stored one-word names the new
    articles make read otherwise move (`_moving`). The state is read in a transaction
    that is rolled back: the moved units' entities are dropped there while the route
    reads it, and `Added.dropped` says which `write_added` drops for good."""
    extra: set[tuple[str, int]] = set()
    for _ in range(_REDECIDE_ROUNDS):
        con.execute("BEGIN TRANSACTION")
        try:
            return _resolve_added(Corpus(con), [copy.copy(u) for u in new], aliases, extra)
        except _Redecide as more:
            if more.keys <= extra:
                raise Fallback(str(more)) from None
            log.debug("entities added: %d more stored units to move (%s)",
                      len(more.keys - extra), more)
            extra |= more.keys
        finally:
            con.execute("ROLLBACK")
    raise Fallback(f"stored units decided otherwise after {_REDECIDE_ROUNDS} rounds of moves")


def _resolve_added(corpus: Corpus, new: list[_Unit], aliases: Mapping[str, Alias] | None,
                   extra: set[tuple[str, int]]) -> Added:
    table = alias_table(aliases)
    for u in new:
        u.first = (u.type, u.name, u.fixed)
    _lengthen(corpus, new, table)
    for u in new:
        u.lengthened = u.name
    org_words, flipped, moving = _org_and_forms(corpus, new, extra)
    new = new + moving.units
    _nicknames_added(corpus, new)
    groups = _persons(corpus, new, org_words, flipped, {u.article for u in moving.units},
                      moving.left)
    groups += _others(corpus, new, table)
    found = _identities(corpus, new, groups, moving.left)
    found.dropped = moving.dropped
    found.moved = sorted((u.article, u.origin) for u in moving.units)
    found.left_spans = moving.spans
    if moving.left:
        merged = {(e, k, v): (n, first) for e, k, v, n, first in found.merged_facts}
        for e, kind, value, n, first in corpus.rows(
                "SELECT entity, kind, value, n, first FROM entity_facts WHERE entity IN "
                "(SELECT unnest(?))", moving.left):
            n, first = merged.pop((e, kind, value), (n, first))
            found.left_facts.setdefault(e, []).append((e, kind, value, n, first))
        for (e, kind, value), (n, first) in merged.items():
            if e in moving.left:
                found.left_facts.setdefault(e, []).append((e, kind, value, n, first))
        found.merged_facts = [r for r in found.merged_facts if r[0] not in moving.left]
    return found


def _lengthen(corpus: Corpus, new: list[_Unit], table: Mapping[str, Alias]) -> None:
    """`_lengthen_across` for the new units; stored names they lengthen or display
    differently fall back."""
    longer_units = [u for u in new if not u.fixed and u.type in _LONGER_TYPES]
    lasts = _in(_last_token(name_key(u.name)) for u in longer_units)
    if not lasts:
        return
    stored = corpus.rows(
        "SELECT type0, name0, fixed0, k0, min(article || chr(0) || lpad(idx::VARCHAR, 6, '0')),"
        " arg_min(name0, article || chr(0) || lpad(idx::VARCHAR, 6, '0')) "
        "FROM entity_state WHERE l0 IN (SELECT unnest(?)) GROUP BY type0, name0, fixed0, k0",
        lasts)
    old_units = [_pseudo(t, n, x) for t, n, x, _, _, _ in stored]
    display: dict[tuple[str, str], tuple[str, str]] = {}  # (type, key) -> (order, name)
    for t, _, _, k, order, name in stored:
        if (t, k) not in display or order < display[(t, k)][0]:
            display[(t, k)] = (order, name)
    old_display = dict(display)
    for u in new:
        k = (u.type, name_key(u.name))
        order = unit_order(u.article, u.origin)
        if k[1].rsplit(" ", 1)[-1] in lasts and (k not in display or order < display[k][0]):
            display[k] = (order, u.name)
    before = _longer_names(old_units, table)
    after = _longer_names(old_units + longer_units, table)
    # articles writing each name (`name_articles`): the stored ones plus the new ones
    n_before = {(t, k): n for t, k, n in corpus.rows(
        "SELECT type0, k0, count(DISTINCT article) FROM entity_state WHERE NOT fixed0 AND "
        "l0 IN (SELECT unnest(?)) GROUP BY type0, k0", lasts)}
    n_after = dict(n_before)
    for k, arts in name_articles(longer_units).items():
        n_after[k] = n_after.get(k, 0) + len(arts)
    names = {k: v[1] for k, v in display.items()}
    nat_before = _national_dropped({k: v[1] for k, v in old_display.items()})
    nat_after = _national_dropped(names)
    targets = {(t, c) for (t, _), cs in (*after.items(), *nat_after.items()) for c in cs}
    for k, (_, name) in display.items():
        if k in old_display and old_display[k][1] != name and k in targets:
            raise Fallback(f"display name of {k} changes")
    def eligible(longer: Mapping[tuple[str, str], set[str]], n: Mapping[tuple[str, str], int],
                 k: tuple[str, str]) -> set[tuple[str, bool]]:
        """What `lengthen_with` reads of a short name's longer ones."""
        return {(c, written_less(n, k[0], c, k[1])) for c in longer.get(k, ())}

    changed = {k for k in after.keys() | before.keys()
               if eligible(after, n_after, k) != eligible(before, n_before, k)} | {
        k for k in nat_after if nat_after[k] != nat_before.get(k)}
    keys = _in(k for t, n, x, k, _, _ in stored
               if not x and (t, k) in changed and len(k.split()) >= 2)
    if keys:  # stored short names the new long ones may end: decided again, by article
        arts = [r[0] for r in corpus.rows(
            "SELECT DISTINCT article FROM entity_state WHERE NOT fixed0 AND k0 IN "
            "(SELECT unnest(?))", keys)]
        if len(arts) > _REDECIDE_MAX:
            raise Fallback(f"{len(arts)} articles' short names may lengthen otherwise")
        old_names = {k: v[1] for k, v in old_display.items()}
        for article, raw in corpus.rows(
                "SELECT article, units FROM entity_units WHERE article IN (SELECT unnest(?))",
                arts):
            was = units_from_json(article, raw)
            now = units_from_json(article, raw)
            lengthen_with(was, before, nat_before, old_names, n_before)
            lengthen_with(now, after, nat_after, names, n_after)
            if [u.name for u in was] != [u.name for u in now]:
                moves = [f"{w.name!r} -> {n.name!r}" for w, n in zip(was, now, strict=True)
                         if w.name != n.name]
                raise Fallback(f"a short name of {article} lengthens otherwise: "
                               f"{', '.join(moves[:3])}")
    lengthen_with(new, after, nat_after, names, n_after)


#: At most this many stored articles' units are read to decide their short names again.
_REDECIDE_MAX = 2000


def _org_and_forms(corpus: Corpus, new: list[_Unit], extra: set[tuple[str, int]]
                   ) -> tuple[set[str], set[str], _Moving]:
    """`_org_words` and `_retype` for the new units: the words' document counts are the
    stored ones plus the new articles'. Returns the organisation words among the words
    the new units use; the words the new articles make or unmake organisation words; and
    the stored units that move (`_moving`): the one-word units these counts make read
    otherwise (a surname typed an organisation becomes a person, a person a place, or
    back) and the `extra` ones an earlier round found decided otherwise, read again from
    their articles' units and retyped as the new units are."""
    orgs_new, people_new = doc_counts(new)
    one_word = {word_key(u.name) for u in new if len(words(u.name)) == 1}
    wanted = _in(set(orgs_new) | set(people_new) | one_word)
    counts = {w: [0, 0, False] for w in wanted}  # org articles, person articles, one-word place
    for w, orgs, people, place in corpus.rows(
            "SELECT w, count(DISTINCT article) FILTER (WHERE org), "
            "count(DISTINCT article) FILTER (WHERE person), bool_or(place) FROM ("
            " SELECT article, f1 AS w, type0 IN ('org', 'work', 'product') AND n1 >= 2 AS org,"
            "  type0 = 'person' AND n1 >= 2 AS person, type0 = 'place' AND n1 = 1 AS place"
            " FROM entity_state WHERE f1 IN (SELECT unnest(?))"
            " UNION ALL SELECT article, l1, false, type0 = 'person' AND n1 >= 2, false"
            " FROM entity_state WHERE l1 IN (SELECT unnest(?)) AND l1 <> f1) GROUP BY w",
            wanted, wanted):
        counts[w] = [orgs, people, bool(place)]
    org_words: set[str] = set()
    flipped: set[str] = set()
    places_new = {word_key(u.name) for u in new if u.type == "place" and len(words(u.name)) == 1}
    # stored one-word names whose reading by `_retype` these words change: organisations'
    # and works' (made people by a surname unless organisations use it more), people's
    # (made places by a place of that name unless it is a surname)
    to_person: set[str] = set()
    to_place: set[str] = set()
    for w, (orgs, people, place) in counts.items():
        o2, p2 = orgs + len(orgs_new.get(w, ())), people + len(people_new.get(w, ()))
        if o2 and o2 >= p2:
            org_words.add(w)
        if bool(o2 and o2 >= p2) != bool(orgs and orgs >= people):
            flipped.add(w)
        if bool(people and not (orgs and orgs >= people)) != bool(p2 and not (o2 and o2 >= p2)):
            to_person.add(w)
        if bool(place and not people) != bool((place or w in places_new) and not p2):
            to_place.add(w)
    moving = _moving(corpus, to_person, to_place, extra)
    _retype(new + moving.units, org_words, {w for w, c in counts.items() if c[1]},
            {w for w, c in counts.items() if c[2]}, _names_stored(corpus, new))
    return org_words, flipped, moving


@dataclass
class _Moving:
    """Stored units resolved again with the new ones (as `units_from_json` gives them),
    the entities they leave whole (dropped) and those they leave in part (`left`: the
    units that stay keep them), and the spans (entity, article, start, end) they take
    from the latter."""

    units: list[_Unit] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    spans: list[tuple[str, str, int, int]] = field(default_factory=list)


def _moving(corpus: Corpus, to_person: set[str], to_place: set[str],
            extra: set[tuple[str, int]]) -> _Moving:
    """The stored one-word units `_retype` reads otherwise (organisations', works' and
    groups' of a word in `to_person`; people's, or places' made so, of a word in
    `to_place`: not those their article makes an organisation) and the `extra` units
    (bare names decided otherwise), taken out of the state (in the caller's
    transaction), so that the route reads the corpus without them and resolves them as
    new units. An entity they all leave is deleted; a person entity some of its bare
    or one-word person units leave keeps the others, its facts less what those brought
    (`_take_out`). Anything else falls back: a unit split by article, a long name whose
    initials an acronym may spell, an acronym its article writes twice, a unit written
    with other surfaces or of a country, or part of another kind of entity (what other
    stored entities read of it would have to change too)."""
    if not to_person and not to_place and not extra:
        return _Moving()
    cols = ("SELECT article, idx, entity, type, name, fixed, local OR lacr IS NOT NULL, "
            "ctx IS NOT NULL, acr FROM entity_state WHERE ")
    rows = corpus.rows(
        cols + "n1 = 1 AND NOT fixed0 AND ("
        "(l1 IN (SELECT unnest(?)) AND type0 IN ('org', 'product', 'work', 'group')) OR "
        "(l1 IN (SELECT unnest(?)) AND type0 = 'person' AND type IN ('person', 'place')))",
        _in(to_person), _in(to_place)) if to_person or to_place else []
    if extra:
        rows = sorted({*rows, *corpus.rows(
            cols + "article || chr(0) || idx::VARCHAR IN (SELECT unnest(?))",
            sorted(f"{a}\x00{i}" for a, i in extra))})
    if not rows:
        return _Moving()
    entities = _in(r[2] for r in rows)
    whole = dict(corpus.rows("SELECT entity, count(*) FROM entity_state WHERE entity IN "
                             "(SELECT unnest(?)) GROUP BY entity", entities))
    parts = Counter(r[2] for r in rows)
    left = [e for e in entities if whole[e] != parts[e]]
    # an acronym moves alone from its article (its articles are counted as the new ones)
    twice = {(a, acr) for a, acr in corpus.rows(
        "SELECT article, acr FROM entity_state WHERE acr IS NOT NULL AND article IN "
        "(SELECT unnest(?)) GROUP BY article, acr HAVING count(*) > 1",
        _in(r[0] for r in rows if r[8]))} if any(r[8] for r in rows) else set()
    stuck = sorted({(r[3], r[4]) for r in rows if r[6] or (r[0], r[8]) in twice or (
        r[2] in left and not (r[3] == "person" and not r[5] and r[7]))})
    if stuck:
        raise Fallback(f"stored names {stuck[:5]} are read or decided otherwise, split by "
                       "article, spelled out, or in entities they cannot leave")
    raw = dict(corpus.rows("SELECT article, units FROM entity_units WHERE article IN "
                           "(SELECT unnest(?))", _in(r[0] for r in rows)))
    out = _Moving(dropped=[e for e in entities if e not in left], left=left)
    staying: dict[str, list[_Unit]] = {}  # entity left in part -> its units that go
    for article, idx, entity, type_, name, fixed, *_ in rows:
        u = units_from_json(article, raw[article])[idx]
        if _surface_rows(_Unit(article, type_, name, u.mentions, fixed=fixed)):
            raise Fallback(f"stored {name!r} of {article} is read otherwise, written as "
                           "other surfaces")
        if entity in left:
            if u.country or u.local:
                raise Fallback(f"stored {name!r} of {article} is decided otherwise, with "
                               "a country")
            staying.setdefault(entity, []).append(
                _Unit(article, type_, name, u.mentions, context=u.context, origin=idx))
        u.first, u.lengthened = (u.type, u.name, u.fixed), u.name
        out.units.append(u)
    for table, column in (("entity_state", "entity"), ("entity_keys", "entity"),
                          ("entity_facts", "entity"), ("entities", "id")):
        corpus.con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT unnest(?))",
                           [out.dropped])
    for e, going in staying.items():
        out.spans += _take_out(corpus, e, going)
    return out


def _take_out(corpus: Corpus, e: str, going: list[_Unit]) -> list[tuple[str, str, int, int]]:
    """Take the units `going` (in their state after resolution) out of the person entity
    `e` in the state tables: their rows and their share of its facts, each fact's first
    place taken again from the units that stay where it was theirs.
    Returns the spans (e, article, start, end) they took (their mentions, which the
    route does not read, are deleted by `write_added`, which counts the entity's
    mentions and articles again)."""
    # an entity of several groups is one of bare names nobody's (one group each, one id)
    groups, units, full = corpus.rows(
        "SELECT (SELECT n FROM entity_facts WHERE entity = ? AND kind = 'g'), count(*), "
        "count(pl) FROM entity_state WHERE entity = ?", e, e)[0]
    if groups is None or groups > 1 and (full or groups != units):
        raise Fallback(f"stored units leave entity {e}, which merges several groups")
    keys = sorted(f"{u.article}\x00{u.origin}" for u in going)
    corpus.con.execute("DELETE FROM entity_state WHERE entity = ? AND article || chr(0) || "
                       "idx::VARCHAR IN (SELECT unnest(?))", [e, keys])
    facts = {(k, v): [n, first] for k, v, n, first in corpus.rows(
        "SELECT kind, value, n, first FROM entity_facts WHERE entity = ?", e)}
    stay = corpus.rows("SELECT article, idx, type, name, ctx, heads FROM entity_state "
                       "WHERE entity = ?", e)
    for _, kind, value, n, first in _facts(e, going, len(going) if groups > 1 else 0):
        row = facts.get((kind, value))
        if row is None or row[0] < n:
            raise Fallback(f"entity {e}: its kept facts do not hold what leaves it")
        row[0] -= n
        if row[0] and first and first == row[1]:  # the first place was a leaving unit's
            row[1] = min(_firsts(stay, kind, value), default=row[1])
    corpus.con.execute("DELETE FROM entity_facts WHERE entity = ?", [e])
    rows = [(e, k, v, n, first) for (k, v), (n, first) in facts.items() if n > 0]
    corpus.con.execute("INSERT INTO entity_facts SELECT unnest(?), unnest(?), unnest(?), "
                       "unnest(?), unnest(?)", [list(c) for c in zip(*rows, strict=True)])
    return sorted({(e, u.article, m.start, m.end) for u in going for m in u.mentions})


def _firsts(stay: list[tuple], kind: str, value: str) -> Iterator[str]:
    """The places from which the units that stay in an entity (its `entity_state` rows:
    article, idx, type, name, ctx, heads) count for one of its facts (`_facts`)."""
    for article, idx, type_, name, ctx, heads in stay:
        if kind == "t" and type_ == value or kind == "u" and name == value:
            yield unit_order(article, idx)
        elif kind == "c" and ctx and value in ctx or kind == "h" and heads and value in heads:
            yield f"{name}\x00{article}"  # `bare_order`
def _names_stored(corpus: Corpus, new: list[_Unit]) -> dict[str, tuple[int, int]]:
    """For `_retype_by_name`: the stored (people, others) article counts of the
    person-shaped names the new units write. A name whose decision the new articles
    change, where stored units are typed otherwise than a person, falls back (their
    type would change)."""
    counts_new = name_type_counts(new)
    stored: dict[str, tuple[int, int]] = {}
    for name, people, others in corpus.rows(
            "SELECT name1, count(DISTINCT article) FILTER (WHERE type0 = 'person'), "
            "count(DISTINCT article) FILTER (WHERE type0 IN (SELECT unnest(?))) "
            "FROM entity_state WHERE NOT fixed0 AND name1 IN (SELECT unnest(?)) GROUP BY name1",
            sorted(MISTYPED), _in(counts_new)):
        stored[name] = (people, others)
    for name, (people_new, others_new) in counts_new.items():
        people, others = stored.get(name, (0, 0))
        if others and by_name_majority(people, others) != by_name_majority(
                people + len(people_new), others + len(others_new)):
            raise Fallback(f"stored units named {name!r} change type")
    return stored


def _nicknames_added(corpus: Corpus, new: list[_Unit]) -> None:
    """`_nicknames` for the new units, with the stored full names ending in the words."""
    people = [u for u in new if u.type == "person" and not u.fixed and u.full]
    lasts = _in(word_key(words(u.name)[-1]) for u in people)
    more: dict[str, set[str]] = {}
    for last, name in corpus.rows(
            "SELECT DISTINCT l1, name1 FROM entity_state WHERE type0 = 'person' AND n1 >= 2 "
            "AND NOT fixed0 AND l1 IN (SELECT unnest(?))", lasts):
        more.setdefault(last, set()).add(name_key(name))
    for u in people:
        last = word_key(words(u.name)[-1])
        if name_key(u.name) not in more.get(last, set()) and corpus.rows(
                "SELECT 1 FROM entity_state WHERE type0 = 'person' AND n1 = 2 AND NOT fixed0 "
                "AND l1 = ? AND name1 <> name LIMIT 1", last):
            raise Fallback(f"a stored nickname may read {u.name!r}")
    _nicknames(new, more)


# persons -------------------------------------------------------------------------------


@dataclass
class _Group:
    """A group of new units: joined to a stored entity (`entity`) or new (None)."""

    units: list[_Unit]
    entity: str | None = None


def _blocks(name: str) -> tuple[str, str]:
    parts = person_parts(name) or (name_key(name),)
    return parts[-1], "".join(parts)


def _persons(corpus: Corpus, new: list[_Unit], org_words: set[str], flipped: set[str],
             stored_articles: set[str], left: list[str]) -> list[_Group]:
    """`_group_persons` for the new units (and moved ones, of `stored_articles`);
    `flipped`: the words the new articles make or unmake organisation words."""
    full_new = [u for u in new if _person_full(u)]
    blocks = {b for u in full_new for b in _blocks(u.name)}
    stored: dict[tuple[str, bool], tuple[str, str]] = {}  # (name, fixed) -> entity, article
    seen_blocks: set[str] = set()
    while blocks - seen_blocks:
        ask = _in(blocks - seen_blocks)
        seen_blocks |= set(ask)
        for name, fixed, entity, article, pl, pc in corpus.rows(
                "SELECT name, fixed, any_value(entity), min(article), any_value(pl), "
                "any_value(pc) FROM entity_state WHERE type = 'person' AND pl IS NOT NULL "
                "AND (pl IN (SELECT unnest(?)) OR pc IN (SELECT unnest(?))) "
                "GROUP BY name, fixed", ask, ask):
            stored[(name, fixed)] = (entity, article)
            blocks |= {pl, pc}
    ents = corpus.rows(
        "SELECT name, fixed, count(DISTINCT entity) FROM entity_state WHERE type = 'person' "
        "AND pl IS NOT NULL AND (pl IN (SELECT unnest(?)) OR pc IN (SELECT unnest(?))) "
        "GROUP BY name, fixed HAVING count(DISTINCT entity) > 1", _in(blocks), _in(blocks))
    if ents:
        raise Fallback("a stored person name of several entities")
    pseudo = {key: _pseudo("person", key[0], key[1], art) for key, (_, art) in stored.items()}
    replay = list(pseudo.values()) + full_new
    for u in replay:
        u.group = -1
    _group_persons(replay, set())
    by_group: dict[int, list[_Unit]] = {}
    for u in replay:
        by_group.setdefault(u.group, []).append(u)
    groups: dict[str, _Group] = {}  # entity (or "new:<gid>") -> group of new units
    entity_of_group: dict[int, str] = {}
    old_ids = {id(u) for u in pseudo.values()}
    for gid, us in by_group.items():
        olds = {stored[(u.name, u.fixed)][0] for u in us if id(u) in old_ids}
        if len(olds) > 1:
            raise Fallback("stored person names regroup")
        entity_of_group[gid] = olds.pop() if olds else f"new:{gid}"
    if len(set(entity_of_group.values())) < len(entity_of_group):
        raise Fallback("a stored person entity splits")
    for u in full_new:
        e = entity_of_group[u.group]
        groups.setdefault(e, _Group([], None if e.startswith("new:") else e)).units.append(u)
    _bare_added(corpus, new, org_words, flipped, groups, stored_articles, left)
    return list(groups.values())


def _bare_added(corpus: Corpus, new: list[_Unit], org_words: set[str], flipped: set[str],
                groups: dict[str, _Group], stored_articles: set[str], left: list[str]
                ) -> None:
    """The bare surnames of the new units, decided as `_group_persons` decides them, from
    the stored candidates' facts and what the new units add; then the stored bare
    surnames those additions reach are decided again, with and without them, and one
    decided otherwise falls back (`_check_stored_bare`). The people an article names
    are its new units' and, in `stored_articles` (of moved units), its stored ones'."""
    bare_new = sorted((u for u in new if _bare(u)), key=lambda u: (u.name, u.article))
    view = _Bare(corpus, org_words, flipped, groups)
    view.load({word_key(u.name) for u in bare_new} | set(view.new_cands) | flipped)
    here: dict[str, set[str]] = {}
    for v in new:
        if v.type == "person":
            here.setdefault(v.article, set()).update(word_key(w) for w in words(v.name))
    for article, name in corpus.rows(
            "SELECT article, name FROM entity_state WHERE type = 'person' AND article IN "
            "(SELECT unnest(?))", _in(stored_articles)) if stored_articles else ():
        here.setdefault(article, set()).update(word_key(w) for w in words(name))

    def here_of(article: str) -> set[str]:
        return here.get(article, set())

    stored_of = _stored_persons(corpus, stored_articles)
    for u in bare_new:
        heads = _role_heads(u)
        order = bare_order(u)
        cands = view.choose(u.name, order, u.context, heads,
                            lambda a=u.article: here_of(a), new=True, article=u.article,
                            stored_here=stored_of.get(u.article) if u.article in
                            stored_articles else None)
        if len(cands) == 1:
            e = cands[0]
            groups.setdefault(e, _Group([], None if e.startswith("new:") else e)).units.append(u)
            view.join(e, order, u.context, heads, u.article, u.name)
        else:
            groups[f"bare:{u.article}:{u.origin}"] = _Group([u])
    _check_stored_bare(view, groups, {a: here.get(a, set()) for a in stored_articles}, left)


def _stored_persons(corpus: Corpus, articles: Iterable[str]
                    ) -> dict[str, list[tuple[str, str, bool]]]:
    """Article -> the (stored entity, name, full) of its person units (a bare name's
    candidates that its own article names otherwise: `_by_context` does not count what
    it says of them)."""
    out: dict[str, list[tuple[str, str, bool]]] = {}
    ask = _in(articles)
    for article, entity, name, full in corpus.rows(
            "SELECT article, entity, name, pl IS NOT NULL FROM entity_state "
            "WHERE type = 'person' AND article IN (SELECT unnest(?)) ORDER BY ALL",
            ask) if ask else ():
        out.setdefault(article, []).append((entity, name, full))
    return out


class _Bare:
    """What the bare-surname rule of `_group_persons` reads of its candidates, stored and
    added: per form (a full name's surname or first word) the candidate entities, and
    whether some full name starts with it (a given name alone then goes by the surname
    its article writes, or the usual bearer); per candidate its full names' last words,
    its context names and role heads with the place in the bare surnames' order from
    which each counts, and in how many articles it is called by each bare word. Each
    decision can be taken on the stored corpus alone (`new=False`) or with the added
    articles (`new=True`): the stored decisions are the first, kept in the state."""

    def __init__(self, corpus: Corpus, org_words: set[str], flipped: set[str],
                 groups: dict[str, _Group]) -> None:
        self.corpus = corpus
        self.org_words = org_words  # with the added articles; without them: `flipped` not
        self.flipped = flipped
        self.loaded: set[str] = set()  # forms whose stored candidates are read
        self.cands: dict[str, set[str]] = {}  # form -> stored candidate entities
        self.firsts: set[str] = set()  # forms that are a stored full name's first word
        self.facts: dict[str, dict[tuple[str, str], tuple[int, str]]] = {}
        self.lasts: dict[str, set[str]] = {}  # stored entity -> its full names' last words
        self.forms_of: dict[str, set[str]] = {}  # stored entity -> the forms it is a cand of
        # what the new units add
        self.new_cands: dict[str, set[str]] = {}
        self.new_firsts: set[str] = set()
        self.new_lasts: dict[str, set[str]] = {}
        self.added: dict[str, dict[tuple[str, str], str]] = {}  # e -> (kind, value) -> first
        # e -> (kind, value) -> article -> first; e -> article -> (name, full) of its units
        self.added_by: dict[str, dict[tuple[str, str], dict[str, str]]] = {}
        self.names_in: dict[str, dict[str, set[tuple[str, bool]]]] = {}
        # (e, article, order) -> what `stored_apart` reads of the stored state
        self.apart: dict[tuple[str, str, str], tuple[Counter, set[tuple[str, str]]]] = {}
        self.bare_add: dict[str, dict[str, set[str]]] = {}  # e -> bare word -> articles
        self.frozen: tuple[dict, dict] | None = None  # `freeze`
        for e, g in groups.items():
            for u in g.units:
                forms = short_forms(u.name)
                for form in forms:
                    self.new_cands.setdefault(form, set()).add(e)
                if len(forms) > 1:
                    self.new_firsts.add(forms[1])
                self.new_lasts.setdefault(e, set()).add(_ends(u.name)[1])
                self.join(e, "", u.context, _role_heads(u), u.article, u.name)
                for m in u.mentions:
                    if m.kind != KIND_DESCRIPTION and len(words(m.text)) == 1:
                        self.bare_add.setdefault(e, {}).setdefault(word_key(m.text), set()).add(
                            u.article)

    def load(self, forms: Iterable[str]) -> None:
        """Read the stored candidates of `forms`, and the facts of those not read yet."""
        ask = _in(set(forms) - self.loaded)
        self.loaded |= set(ask)
        if ask:
            for form, entity in self.corpus.rows(
                    "SELECT DISTINCT w, entity FROM (SELECT f AS w, entity FROM entity_state "
                    "WHERE pl IS NOT NULL AND n >= 2 AND f IN (SELECT unnest(?)) UNION ALL "
                    "SELECT l, entity FROM entity_state WHERE pl IS NOT NULL AND n >= 2 "
                    "AND l IN (SELECT unnest(?)))", ask, ask):
                self.cands.setdefault(form, set()).add(entity)
            self.firsts |= {f for (f,) in self.corpus.rows(  # `_group_persons`'s by_first
                "SELECT DISTINCT f FROM entity_state WHERE pl IS NOT NULL AND n >= 2 "
                "AND f <> l AND f IN (SELECT unnest(?))", ask)}
        entities = _in(e for f in self.loaded for e in self.cands.get(f, set())
                       | self.new_cands.get(f, set())
                       if not e.startswith("new:") and e not in self.facts)
        if not entities:
            return
        for e in entities:
            self.facts[e], self.lasts[e], self.forms_of[e] = {}, set(), set()
        for e, kind, value, n, first in self.corpus.rows(
                "SELECT entity, kind, value, n, first FROM entity_facts WHERE entity IN "
                "(SELECT unnest(?)) AND kind IN ('c', 'h', 'C', 'H', 'b', 'g')", entities):
            self.facts[e][(kind, value)] = (n, first)
        if any(self.facts[e].get(("g", ""), (1, ""))[0] > 1 for e in entities):
            raise Fallback("a candidate entity merges several groups")
        for e, f, last, n in self.corpus.rows(
                "SELECT DISTINCT entity, f, l, n FROM entity_state WHERE pl IS NOT NULL AND "
                "entity IN (SELECT unnest(?))", entities):
            self.lasts[e].add(last)
            if n >= 2:
                self.forms_of[e] |= {f, last}

    def join(self, e: str, order: str, context: Iterable[str], heads: Iterable[str],
             article: str, name: str) -> None:
        """A new unit of `article` called `name` joins `e` at `order` ("" for a full
        name: from the start)."""
        mine = self.added.setdefault(e, {})
        by = self.added_by.setdefault(e, {})
        for kind, values in (("c", context), ("h", heads)):
            for v in values:
                if (kind, v) not in mine or order < mine[(kind, v)]:
                    mine[(kind, v)] = order
                firsts = by.setdefault((kind, v), {})
                if article not in firsts or order < firsts[article]:
                    firsts[article] = order
        self.names_in.setdefault(e, {}).setdefault(article, set()).add((name, not order))

    def candidates(self, key: str, new: bool) -> list[str]:
        if (key in self.org_words) != (not new and key in self.flipped):
            return []
        return sorted(self.cands.get(key, set()) | (self.new_cands.get(key, set()) if new
                                                    else set()))

    def known(self, e: str, kind: str, value: str, order: str, new: bool,
              without: str = "") -> bool:
        stored = self.facts.get(e, {}).get((kind, value))
        if stored is not None and stored[1] < order:
            return True
        if not new:
            return False
        if without:  # not from the added article `without`
            return self.added_known(e, kind, value, order, without)
        first = self.added.get(e, {}).get((kind, value))
        return first is not None and first < order

    def freeze(self) -> None:
        """No unit joins from here on: the first place of each candidate's context names
        and role heads, without and with the new units, read by `score` from one table
        (the stored bare names decided again are many at 100,000 articles)."""
        old: dict[str, dict[tuple[str, str], str]] = {
            e: {k: v[1] for k, v in f.items() if k[0] in "ch"} for e, f in self.facts.items()}
        new = {e: dict(f) for e, f in old.items()}
        for e, added in self.added.items():
            mine = new.setdefault(e, {})
            for k, first in added.items():
                if k not in mine or first < mine[k]:
                    mine[k] = first
        self.frozen = (old, new)

    def bearer(self, key: str, cands: list[str], new: bool) -> list[str]:
        """`_usual_bearer` over stored (and added) article counts."""
        def count(e: str) -> int:
            stored = self.facts.get(e, {}).get(("b", key))
            return (stored[0] if stored else 0) + (
                len(self.bare_add.get(e, {}).get(key, ())) if new else 0)

        return usual_bearer([(count(e), e) for e in cands])

    def given_path(self, name: str, key: str, new: bool) -> bool:
        """Whether a bare `name` among several candidates goes by `_surname_here`."""
        return is_given_name(name) and (key in self.firsts or (new and key in self.new_firsts))

    def choose(self, name: str, order: str, context: Iterable[str], heads: Iterable[str],
               here: Callable[[], set[str]], new: bool, article: str,
               stored_here: list[tuple[str, str, bool]] | None = None) -> list[str]:
        """`_group_persons`'s decision for a bare name of `article`: its one candidate,
        or none. `stored_here`: for an article of the stored corpus, the stored entities
        of its person units, their names and whether each is a full name (None for an
        added article)."""
        key = word_key(name)
        cands = self.candidates(key, new)
        if len(cands) < 2:
            return cands
        if self.given_path(name, key, new):
            written = here() - {key}
            found = [e for e in cands if (self.lasts.get(e, set()) | (
                self.new_lasts.get(e, set()) if new else set())) & written]
            return found if len(found) == 1 else self.bearer(key, cands, new)
        scores = {e: self.score(e, order, context, heads, new) for e in cands}

        def before(other: str, full: bool) -> bool:  # in its group when `name` is decided
            return other != name and (full or other < name)

        mine = {e for e in cands if new and any(
            before(n, full) for n, full in self.names_in.get(e, {}).get(article, ()))}
        if stored_here is not None:
            mine |= {e for e, n, full in stored_here if before(n, full)}.intersection(cands)
            if len(mine) == 1:
                e = mine.pop()
                scores[e] = self.stored_apart(e, order, context, heads, new, article)
        elif len(mine) == 1:
            e = mine.pop()
            scores[e] = self.score(e, order, context, heads, new, article)
        return context_winner([(scores[e], e) for e in cands]) or self.bearer(key, cands, new)

    def stored_apart(self, e: str, order: str, context: Iterable[str], heads: Iterable[str],
                     new: bool, article: str) -> int:
        """`score` of `e` without what the stored `article` says of it: the context
        names and role heads of its full names in other articles (the kept counts less
        those of its full names in `article`, read from the article's units), of its
        bare names in other articles before `order` (their kept rows), and of added
        units of other articles."""
        facts = self.facts.get(e, {})
        if (e, article, order) not in self.apart:  # a stored row is decided twice
            idx = {i for (i,) in self.corpus.rows(
                "SELECT idx FROM entity_state WHERE article = ? AND entity = ? AND "
                "pl IS NOT NULL", article, e)}
            raw = self.corpus.rows("SELECT units FROM entity_units WHERE article = ?",
                                   article)
            mine = Counter[tuple[str, str]]()
            for u in units_from_json(article, raw[0][0]) if idx and raw else ():
                if u.origin in idx:
                    mine.update(("c", c) for c in u.context)
                    mine.update(("h", h) for h in _role_heads(u))
            elsewhere: set[tuple[str, str]] = set()
            for ctx, hs in self.corpus.rows(
                    "SELECT ctx, heads FROM entity_state WHERE entity = ? AND ctx IS NOT "
                    "NULL AND article <> ? AND name || chr(0) || article < ?", e, article,
                    order):
                elsewhere.update(("c", c) for c in ctx)
                elsewhere.update(("h", h) for h in hs)
            self.apart[(e, article, order)] = (mine, elsewhere)
        here, bare = self.apart[(e, article, order)]

        def other(kind: str, value: str) -> bool:
            return facts.get((kind.upper(), value), (0, ""))[0] > here[(kind, value)] or (
                (kind, value) in bare) or (new and self.added_known(e, kind, value, order,
                                                                    article))

        return sum(other("c", c) for c in context) + 2 * sum(other("h", h) for h in heads)

    def added_known(self, e: str, kind: str, value: str, order: str, without: str) -> bool:
        """Whether an added unit of another article than `without` gives `e` the
        `value` before `order`."""
        return any(first < order for a, first in self.added_by.get(e, {}).get(
            (kind, value), {}).items() if a != without)

    def score(self, e: str, order: str, context: Iterable[str], heads: Iterable[str],
              new: bool, without: str = "") -> int:
        """`_by_context`'s score of candidate `e` for a bare name at `order`: its context
        names and (twice) its role heads that the candidate counts before it (not from
        the added article `without`)."""
        if self.frozen is None or without:
            return (sum(self.known(e, "c", c, order, new, without) for c in context)
                    + 2 * sum(self.known(e, "h", h, order, new, without) for h in heads))
        table = self.frozen[new].get(e, {})
        firsts = [table.get(("c", c)) for c in context] + 2 * [table.get(("h", h))
                                                              for h in heads]
        return sum(1 for f in firsts if f is not None and f < order)


def _check_stored_bare(view: _Bare, groups: dict[str, _Group],
                       moved_here: Mapping[str, set[str]], left: list[str]) -> None:
    """Decide again, with and without the new units, the stored bare surnames whose
    decision what they add can reach: those of a form with another candidate, another
    full name starting with it, a candidate with another surname or a usual bearer
    changed (all of the form's), and those whose context names or role heads a candidate
    gains before their place in the order (those only). When some are decided otherwise,
    every stored bare unit of their forms is handed back (`_Redecide`) to be moved (a
    unit that moves changes what the next of its form read); one that the stored state
    does not give again
    falls back (a check of the state). `moved_here`: the words of the people that moved
    units name in their (stored) articles (when units moved, a decision is compared with
    the kept one, not with the one the state read without them gives). `left`: stored
    entities that units left: every stored bare name of their forms is decided again."""
    touched = {e for e in (*groups, *view.added, *view.bare_add) if not e.startswith("new:")}
    view.load({f for e in touched for f in view.forms_of.get(e, ())})
    left_forms = {f for row in view.corpus.rows(
        "SELECT DISTINCT f, l FROM entity_state WHERE pl IS NOT NULL AND n >= 2 AND entity IN "
        "(SELECT unnest(?))", left) for f in row} if left else set()
    view.load(left_forms)
    whole: list[str] = []
    some: list[str] = []
    values: dict[str, set[str]] = {"c": set(), "h": set()}
    for form in sorted(view.loaded):
        before, after = view.candidates(form, False), view.candidates(form, True)
        if form in left_forms:
            whole.append(form)
            continue
        if len(after) < 2 and after == before:
            continue
        if after != before or (form in view.new_firsts and form not in view.firsts) or any(
                view.new_lasts.get(e, set()) - view.lasts.get(e, set()) for e in before) or (
                view.bearer(form, after, True) != view.bearer(form, before, False)):
            whole.append(form)
            continue
        found = False
        for e in after:
            for (kind, value), first in view.added.get(e, {}).items():
                old = view.facts.get(e, {}).get((kind, value))
                if old is None or first < old[1]:
                    values[kind].add(value)
                    found = True
        if found:
            some.append(form)
    rows = []
    if whole:
        rows += view.corpus.rows(
            "SELECT article, idx, name, ctx, heads, entity FROM entity_state "
            "WHERE ctx IS NOT NULL AND l IN (SELECT unnest(?))", whole)
    if some:
        reach = " OR ".join(f"list_has_any({col}, ?)" for col, kind in (("ctx", "c"),
                            ("heads", "h")) if values[kind])
        rows += view.corpus.rows(
            "SELECT article, idx, name, ctx, heads, entity FROM entity_state "
            f"WHERE ctx IS NOT NULL AND l IN (SELECT unnest(?)) AND ({reach})", some,
            *(sorted(values[kind]) for kind in ("c", "h") if values[kind]))
    view.freeze()
    given = _in(a for a, _, name, _, _, _ in rows
                if view.given_path(name, word_key(name), True))
    here: dict[str, set[str]] = {a: set(moved_here.get(a, ())) for a in given}
    for article, name in view.corpus.rows(
            "SELECT article, name FROM entity_state WHERE type = 'person' AND article IN "
            "(SELECT unnest(?))", given) if given else ():
        here[article].update(word_key(w) for w in words(name))
    otherwise: set[str] = set()  # forms of the units decided otherwise
    why = ""
    stored_of = _stored_persons(view.corpus, {a for a, *_ in rows})
    for article, _idx, name, ctx, heads, entity in rows:
        order = f"{name}\x00{article}"  # `bare_order`
        key = word_key(name)
        named = stored_of.get(article, [])
        now = view.choose(name, order, ctx, heads, lambda a=article: here[a], new=True,
                          article=article, stored_here=named)
        kept = [entity] if entity in view.cands.get(key, ()) else []
        if not moved_here and kept != view.choose(name, order, ctx, heads,
                                                  lambda a=article: here[a], new=False,
                                                  article=article, stored_here=named):
            raise Fallback(f"stored bare {name!r} of {article}: its kept decision differs")
        if now != kept:
            otherwise.add(word_key(name))
            why = why or f"stored bare {name!r} of {article} is decided otherwise"
    if otherwise:  # each such unit's move reaches the next ones of its form: all move
        raise _Redecide({(a, i) for a, i in view.corpus.rows(
            "SELECT article, idx FROM entity_state WHERE ctx IS NOT NULL AND l IN "
            "(SELECT unnest(?))", sorted(otherwise))}, why)


# other types ---------------------------------------------------------------------------


def _others(corpus: Corpus, new: list[_Unit], table: Mapping[str, Alias]) -> list[_Group]:
    others = sorted((u for u in new if u.type != "person"),
                    key=lambda u: (u.type, u.name, u.article))
    if not others:
        return []
    surfaces = {(u.type, name_key(s)) for u in others for s in u.surfaces}
    # owners of short surfaces
    owners_before: dict[tuple[str, str], set[str]] = {}
    for t, s, n in corpus.rows(
            "SELECT DISTINCT type, surface, name FROM entity_surfaces "
            "WHERE surface IN (SELECT unnest(?))", _in(s for _, s in surfaces)):
        owners_before.setdefault((t, s), set()).add(n)
    owners = {k: set(v) for k, v in owners_before.items()}
    for k, v in _owners(others).items():
        owners.setdefault(k, set()).update(v)
    for k, v in owners.items():
        if len(v) > 1 >= len(owners_before.get(k, ())) and owners_before.get(k):
            raise Fallback(f"short form {k} becomes ambiguous")
    # longer names (after the rules before grouping)
    lasts = _in({_last_token(s) for _, s in surfaces} | {
        _last_token(name_key(u.name)) for u in others})
    stored_longer = [_pseudo(t, n, False) for t, n in corpus.rows(
        "SELECT DISTINCT type, name FROM entity_state WHERE NOT fixed AND lk IN "
        "(SELECT unnest(?)) AND type IN ('org', 'facility', 'event')", lasts)]
    before = _longer_names(stored_longer, table)
    longer = _longer_names(stored_longer + others, table)
    split: set[tuple[str, int]] = set()  # stored units of a name that shortens several now
    for k, v in longer.items():
        if len(v) > 1 >= len(before.get(k, ())):
            named = corpus.rows("SELECT article, idx FROM entity_state WHERE type = ? AND "
                                "k = ? AND NOT fixed", k[0], k[1])
            if named:  # split by article now (`_split_ambiguous`): they move
                split |= set(named)
            elif corpus.rows("SELECT 1 FROM entity_surfaces WHERE type = ? AND surface = ? "
                             "LIMIT 1", k[0], k[1]):
                raise Fallback(f"{k} shortens several names now")
    if split:
        raise _Redecide(split, f"{len(split)} stored units of names that shorten several "
                               "names now are split by article")
    spelled = _spelled(corpus, others, _owners(others))
    for u in others:
        u.keys = tuple(_unit_keys(u, owners, longer, spelled))
    keys = {k for u in others for k in u.keys}
    entity_of: dict[tuple[str, str], set[str]] = {}
    for t, k, e in corpus.rows(
            "SELECT DISTINCT type, key, entity FROM entity_keys WHERE key IN (SELECT unnest(?))",
            _in(k for _, k in keys)):
        entity_of.setdefault((t, k), set()).add(e)
    parts_of = UnionFind(len(others))
    parts_of.union_by_keys(u.keys for u in others)
    find = parts_of.find
    parts: dict[int, list[_Unit]] = {}
    for i, u in enumerate(others):
        parts.setdefault(find(i), []).append(u)
    # stored entities split by article (`_split_ambiguous`): every unit local, none fixed.
    # A group is split when each of its units is local or ambiguous, so such an entity
    # comes from a split group, and that group stays split with more units that are too
    # (the longer names only grow; one that makes a stored name ambiguous fell back above)
    reached = _in(e for es in entity_of.values() for e in es)
    split_apart = {e for e, apart in corpus.rows(
        "SELECT entity, bool_and(local AND NOT fixed) FROM entity_state WHERE entity IN "
        "(SELECT unnest(?)) GROUP BY entity", reached) if apart} if reached else set()
    out = []
    for us in parts.values():
        stored = {e for u in us for k in u.keys for e in entity_of.get(k, ())}
        split = not any(u.fixed or (not u.local and len(longer.get(
            (u.type, name_key(u.name)), ())) < 2) for u in us)
        if stored and not (split and stored <= split_apart):
            if len(stored) > 1 or stored & split_apart:  # the groups would be joined
                raise Fallback(f"{us[0].name!r} joins several stored entities")
            out.append(_Group(us, stored.pop()))
        elif split:  # ambiguous, as the stored units it shares a key with: split too
            for u in us:
                u.local = True
                out.append(_Group([u]))
        else:
            out.append(_Group(us))
    return out


def _spelled(corpus: Corpus, others: list[_Unit], owners_new: Mapping[tuple[str, str], set[str]]
             ) -> dict[str, tuple[str, str]]:
    """`_spelled_out` (less the acronyms written beside other names: `written_for_others`)
    for the acronyms the new units write, spell or write beside a name; an acronym whose
    spelled-out name changes falls back."""
    letters = {_acronym_of(u) for u in others} | {
        acronym(u.name) for u in others if u.type == "org" and _acronym_of(u) is None
        and len(words(u.name)) >= 3} | {
        s.replace(".", "") for u in others for s in u.surfaces
        if 3 <= len(s.replace(".", "")) <= 6 and s.replace(".", "").isalpha()
        and s.replace(".", "").isupper()}
    letters.discard(None)
    if not letters:
        return {}
    found: dict[str, set[tuple[str, str]]] = {}
    long_arts: dict[str, int] = {}
    short_arts: dict[str, int] = {}
    for a, names, n_long, n_short in corpus.rows(
            "SELECT a, list(DISTINCT name) FILTER (WHERE long), "
            "count(DISTINCT article) FILTER (WHERE long), "
            "count(DISTINCT article) FILTER (WHERE NOT long) FROM ("
            " SELECT lacr AS a, name, article, true AS long FROM entity_state "
            " WHERE lacr IN (SELECT unnest(?)) UNION ALL"
            " SELECT acr, name, article, false FROM entity_state WHERE acr IN (SELECT unnest(?)))"
            " GROUP BY a", _in(letters), _in(letters)):
        found[a] = {_join_key("org", n) for n in names or ()}
        long_arts[a], short_arts[a] = n_long, n_short

    acr_keys = {name_key(a) for a in letters}
    owners_before: dict[tuple[str, str], set[str]] = {}
    for t, s, n in corpus.rows(
            "SELECT DISTINCT type, surface, name FROM entity_surfaces WHERE type IN "
            "('org', 'group') AND surface IN (SELECT unnest(?))", _in(acr_keys)):
        owners_before.setdefault((t, s), set()).add(n)
    owners = {k: set(v) for k, v in owners_before.items()}
    for k, v in owners_new.items():
        if k[1] in acr_keys:
            owners.setdefault(k, set()).update(v)
    before = written_for_others(spelled_out_by(found, long_arts, short_arts), owners_before)
    f2 = {a: set(v) for a, v in found.items()}
    new_found, la, sa = acronym_articles(others)
    for a, keys in new_found.items():
        f2.setdefault(a, set()).update(keys)
    after = written_for_others(
        spelled_out_by(f2, {a: long_arts.get(a, 0) + len(la.get(a, ())) for a in f2},
                       {a: short_arts.get(a, 0) + len(sa.get(a, ())) for a in letters}), owners)
    changed = _in(a for a in letters if before.get(a) != after.get(a))
    if changed:  # the stored units written as those acronyms join another name now: move
        written = corpus.rows("SELECT article, idx FROM entity_state WHERE acr IN "
                              "(SELECT unnest(?))", changed)
        if written:
            raise _Redecide(set(written), f"acronyms {changed[:5]} spell out otherwise")
    return after


# identities ----------------------------------------------------------------------------


def _identities(corpus: Corpus, new: list[_Unit], groups: list[_Group],
                left: Iterable[str] = ()) -> Added:
    """Each group's entity: a stored entity's (joined by the group, or of the same id as a
    new group: merged) from its facts and the new units, a new one's from its units, and
    those stored units `left` (named again from what stays). An entity whose id would
    change falls back."""
    by_entity: dict[str, list[_Unit]] = {e: [] for e in left}  # renamed, maybe, by what left
    parts: Counter[str] = Counter()
    for g in groups:
        e = g.entity or _identity(g.units)[0]
        by_entity.setdefault(e, []).extend(g.units)
        parts[e] += g.entity is None
    ids = sorted(by_entity)
    joined = {g.entity for g in groups if g.entity}
    rows = {r[0]: r for r in corpus.rows(
        "SELECT id, name, type, aliases, roles, country, n_mentions, n_articles FROM entities "
        "WHERE id IN (SELECT unnest(?))", ids)}
    facts: dict[str, dict[tuple[str, str], list]] = {e: {} for e in ids}
    for e, kind, value, n, first in corpus.rows(
            "SELECT entity, kind, value, n, first FROM entity_facts "
            "WHERE entity IN (SELECT unnest(?))", ids):
        facts[e][(kind, value)] = [n, first]
    out: list[Entity] = []
    written: list[tuple] = []
    state = State()
    for e in ids:
        units, f = by_entity[e], facts[e]
        if e in rows and not f:
            raise Fallback(f"entity {e} has no kept facts")
        if f.get(("g", ""), [1])[0] > 1 and e in joined:  # the group joined, named again,
            raise Fallback(f"entity {e} merges groups of one id")  # might part from the others
        for _, kind, value, n, first in _facts(e, units, parts[e]):
            row = f.setdefault((kind, value), [0, first])
            row[0] += n
            row[1] = min(row[1], first)
            written.append((e, kind, value))
        entity = _entity_of(e, f, units)
        if entity.id != e:
            raise Fallback(f"entity {e} would take another id")
        out.append(entity)
        for u in units:
            state.units.append(_unit_row(u, e))
            if u.type != "person":
                state.keys.update((t, k, e) for t, k in u.keys)
                state.surfaces.update(_surface_rows(u))
    merged = [(e, kind, value, *facts[e][(kind, value)]) for e, kind, value in
              sorted(set(written))]
    return Added(out, {e: rows.get(e) for e in ids}, state, merged)


def _entity_of(e: str, f: Mapping[tuple[str, str], list], units: list[_Unit]) -> Entity:
    """`_identity` and `_build` over an entity's facts; its mentions are the new units'
    only (the stored ones stay)."""
    top = Counter({v: n for (k, v), (n, _) in f.items() if k == "t"}).most_common()
    if len(top) > 1 and top[0][1] == top[1][1]:
        raise Fallback(f"entity {e}: types tie")
    type_ = top[0][0]
    fixed = sorted(v for (k, v) in f if k == "x")
    counts = {v: n for (k, v), (n, _) in f.items() if k == "m"}
    fullest = max((len(words(v)) for (k, v) in f if k == "u"), default=0)
    name = pick_name(type_, fixed, counts, fullest)
    if name is None:
        raise Fallback(f"entity {e}: named by its first unit")
    local = min((v for (k, v) in f if k == "L"), default=None)
    id_ = entity_id(type_, name if local is None else f"{name}\x1f{local}")
    roles = {v: n for (k, v), (n, _) in f.items() if k == "r"}
    countries = {v: n for (k, v), (n, _) in f.items() if k == "k"}
    spans = sorted({(u.article, m.start, m.end, m.text) for u in units for m in u.mentions})
    return Entity(
        id=id_, name=name, type=type_,
        aliases=tuple(sorted(set(counts) - {name})),
        roles=tuple(sorted(roles, key=lambda r: (-roles[r], r))),
        mentions=tuple(EntityMention(*span) for span in spans),
        country=min(countries, key=lambda c: (-countries[c], c)) if countries else None,
    )
