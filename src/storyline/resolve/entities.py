"""Canonical entities across articles, from per-article analyses.

Each article's mention clusters (entity_key) become units; units are joined
by type and normalised name: people when their full names agree up to
hyphens, case, accents, transliteration noise and initials, and a bare
surname only when the corpus or the context makes it unambiguous; countries
through their names, capitals (when they stand for the government),
demonyms and press shorthands; institutions ("the Kremlin") as ORG with
their country as an attribute. A user alias file maps further names.
The result depends only on the inputs (not on their order): ids hash the
type and normalised canonical name.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, TypeVar

from storyline.analyse import gazetteer, names, roles
from storyline.analyse.entities import (
    KIND_DESCRIPTION,
    PLATFORMS,
    ArticleAnalysis,
    Mention,
    person_shaped,
)
from storyline.unionfind import UnionFind

T = TypeVar("T")

# The name functions, with caches as large as a corpus's names: resolution asks them of
# every unit's name, and a store of 100,000 articles holds millions of units but far
# fewer distinct names (`words` as a tuple, so the cached value cannot be changed).
_CACHE = 1 << 20
acronym = lru_cache(maxsize=_CACHE)(names.acronym)
is_given_name = lru_cache(maxsize=_CACHE)(names.is_given_name)
name_key = lru_cache(maxsize=_CACHE)(names.name_key)
person_parts = lru_cache(maxsize=_CACHE)(names.person_parts)
same_person_name = lru_cache(maxsize=_CACHE)(names.same_person_name)
short_forms = lru_cache(maxsize=_CACHE)(names.short_forms)
word_key = lru_cache(maxsize=_CACHE)(names.word_key)


@lru_cache(maxsize=_CACHE)
def words(name: str) -> tuple[str, ...]:
    return tuple(names.words(name))


#: Entity types, from spaCy labels; GPE/LOC/NORP become "country" when the
#: gazetteer resolves them to one.
TYPE_OF_LABEL = {
    "PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "facility",
    "NORP": "group", "EVENT": "event", "PRODUCT": "product", "WORK_OF_ART": "work",
    "LAW": "law", "LANGUAGE": "language",
}
TYPES = frozenset(TYPE_OF_LABEL.values()) | {"country"}


@dataclass(frozen=True, slots=True)
class EntityMention:
    """Where an entity is mentioned: (article id, start, end) into its clean text."""

    article: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world entity with all its mentions across the corpus.

    `country` is an ISO 3166 alpha-2 code: the country itself, the country an
    institution or a place belongs to, or None.
    """

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    mentions: tuple[EntityMention, ...]
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Alias:
    """What an alias stands for: canonical name, type, optional country code."""

    name: str
    type: str | None = None
    country: str | None = None


class AliasError(ValueError):
    """An alias file that cannot be read; the message names the file and line."""


def entity_id(type_: str, name: str) -> str:
    """Deterministic id: the first 16 hex digits of SHA-256 over type and name key."""
    return hashlib.sha256(f"{type_}\x1f{name_key(name)}".encode()).hexdigest()[:16]


def _norm_type(value: str | None, where: str) -> str | None:
    if not value:
        return None
    type_ = TYPE_OF_LABEL.get(value.upper(), value.lower())
    if type_ not in TYPES:
        raise AliasError(f"{where}: unknown entity type {value!r} (one of {sorted(TYPES)})")
    return type_


def default_aliases() -> dict[str, Alias]:
    """Built-in aliases: international organisations; state institutions and press
    organs with their country; political parties under their short forms; places and
    buildings of politics the model mistypes."""
    table = {name_key(k): Alias(name, "org") for k, name in gazetteer.ORGANISATIONS.items()}
    table.update({name_key(k): Alias(name, "org", code)
                  for k, (name, code) in gazetteer.INSTITUTIONS.items()})
    table.update({name_key(k): Alias(name, "org", code)
                  for k, (name, code) in gazetteer.PARTIES.items()})
    table.update({name_key(k): Alias(name, type_, code)
                  for k, (name, type_, code) in gazetteer.LANDMARKS.items()})
    return table


def load_aliases(path: str | Path) -> dict[str, Alias]:
    """Read a user alias file: TSV ``alias<TAB>name[<TAB>type[<TAB>country]]`` or JSON.

    JSON is either ``{"alias": {"name": ..., "type": ..., "country": ...}}``
    (a bare string value is the name) or a list of objects with an ``alias``
    key. Lines starting with ``#`` in TSV are comments.
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as err:
        raise AliasError(f"{path}: cannot read alias file: {err}") from err
    rows: list[tuple[str, str, str | None, str | None, str]] = []
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as err:
            raise AliasError(f"{path}: invalid JSON: {err}") from err
        items = data.items() if isinstance(data, Mapping) else (
            (row.get("alias"), row) if isinstance(row, Mapping) else (None, row) for row in data)
        for n, (alias, value) in enumerate(items, 1):
            value = {"name": value} if isinstance(value, str) else value
            if not alias or not isinstance(value, Mapping) or not value.get("name"):
                raise AliasError(f"{path}: entry {n}: needs an alias and a name")
            rows.append((alias, value["name"], value.get("type"), value.get("country"),
                         f"{path}: entry {n}"))
    else:
        for n, fields in enumerate(csv.reader(raw.splitlines(), delimiter="\t"), 1):
            if not fields or not "".join(fields).strip() or fields[0].startswith("#"):
                continue
            if len(fields) < 2 or not fields[0].strip() or not fields[1].strip():
                raise AliasError(f"{path}: line {n}: expected alias<TAB>name[<TAB>type]")
            fields += [""] * (4 - len(fields))
            rows.append((fields[0], fields[1], fields[2], fields[3], f"{path}: line {n}"))
    table: dict[str, Alias] = {}
    for alias, name, type_, country, where in rows:
        code = (country or "").strip().upper() or None
        table[name_key(alias)] = Alias(name.strip(), _norm_type(type_, where), code)
        table.setdefault(name_key(name), Alias(name.strip(), _norm_type(type_, where), code))
    return table


_METONYM_NEXT = frozenset("""
said says say has have had will would is was could may might must should can did does
accused denied condemned warned announced rejected insisted agreed signed claimed wants
sought refused responded threatened vowed demanded called urged plans supplied sent
provided launched fired hopes believes sees considers continues appears seems is
hit blamed backed supports opposed accuses denies warns rolled rolling
""".split())
_METONYM_PREV = frozenset({"between", "with", "against", "by"})


def _metonymic(text: str, m: Mention) -> bool:
    """Whether a capital stands for its government here ("Pyongyang will", "ties with Moscow")."""
    after = text[m.end :]
    if re.match(r"['\u2019]s\s+[a-z]", after):
        return True
    after = re.sub(r"^\s+and\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?", "", after)
    nxt = re.match(r"\s+([a-z]+)", after)
    prev = re.search(r"([a-z]+)\s+$", text[max(0, m.start - 20) : m.start])
    return bool((nxt and nxt.group(1) in _METONYM_NEXT)
                or (prev and prev.group(1) in _METONYM_PREV))


@dataclass(slots=True)
class _Unit:
    """Mentions of one entity in one article, with what is known of it there."""

    article: str
    type: str
    name: str
    mentions: list[Mention]
    country: str | None = None
    fixed: bool = False  # name fixed by a table (alias, country): join by name only
    context: frozenset[str] = frozenset()
    group: int = -1
    local: bool = False  # an ambiguous short name: an entity of its article only
    of_state: bool = False  # written after "state" ("the state Senate"): not the nation's
    origin: int = -1  # its place among its article's stored units (`units_from_json`)
    # kept for the stored state of an update (`entities_added`): the state before the rules
    # across articles, the name after lengthening, and the keys `_group_others` joined by
    first: tuple[str, str, bool] | None = None
    lengthened: str = ""
    keys: tuple[tuple[str, str], ...] = ()
    owners: frozenset[str] = frozenset()  # states written just before it ("Veskaria's")

    @property
    def surfaces(self) -> list[str]:
        return [m.text for m in self.mentions if m.kind != KIND_DESCRIPTION]

    @property
    def full(self) -> bool:
        return self.type == "person" and len(words(self.name)) >= 2


#: What `article_units` gives and `resolve_units` takes (opaque to callers).
Unit = _Unit


def _representative(mentions: list[Mention]) -> str:
    """The fullest name among the mentions: most tokens, then most frequent, then sorted."""
    names = Counter(m.text for m in mentions if m.kind != KIND_DESCRIPTION) or Counter(
        m.text for m in mentions)
    return min(names, key=lambda n: (-len(words(n)), -names[n], n))


def _classify(article: str, text: str, mentions: list[Mention],
              aliases: Mapping[str, Alias]) -> list[_Unit]:
    """Type and name of one article cluster; capitals split by how each mention is used."""
    label = Counter(m.label for m in mentions if m.kind != KIND_DESCRIPTION).most_common(1)
    label_ = label[0][0] if label else mentions[0].label
    type_ = TYPE_OF_LABEL.get(label_, label_.lower())
    name = _representative(mentions)
    for surface in sorted({m.text for m in mentions}, key=lambda s: (-len(s), s)):
        alias = aliases.get(name_key(surface))
        if alias:
            code = alias.country
            return [_Unit(article, alias.type or type_, alias.name, mentions, code, True)]
    if label_ in {"GPE", "LOC", "NORP", "ORG"}:
        code = gazetteer.country_code(name) or (
            gazetteer.demonym_code(name) if label_ in {"NORP", "GPE"} else None)
        if code:
            return [_Unit(article, "country", gazetteer.country_name(code), mentions, code, True)]
    if label_ in {"GPE", "LOC"}:
        capital = gazetteer.capital_state(name)
        if capital:
            gov = [m for m in mentions if _metonymic(text, m)]
            rest = [m for m in mentions if not _metonymic(text, m)]
            units = []
            if gov:
                units.append(_Unit(article, "country", gazetteer.country_name(capital), gov,
                                   capital, True))
            if rest:  # one place under all its spellings ("Kiev", "WASHINGTON")
                units.append(_Unit(article, "place", gazetteer.capital_place_name(capital)
                                   or name, rest, capital, True))
            return units
        place = gazetteer.place_alias(name)
        if place:
            return [_Unit(article, type_, place[0], mentions, place[1], True)]
        name = gazetteer.state_name(name) or name
        return [_Unit(article, type_, name, mentions, gazetteer.place_code(name))]
    return [_Unit(article, type_, name, mentions)]


#: Endings that make a people or an adjective of a place's name (Ostrevia -> Ostrevian).
_DEMONYM_ENDINGS = ("ian", "an", "n", "ese", "i")


def _place_adjectives(units: list[_Unit]) -> None:
    """A group named by a region's adjective in "-ern" ("Deep Southern", "Midwestern") is
    that region when its article names it ("the Deep South"): the words are one place. So
    is a people or adjective formed from the name of a place the article names and the
    gazetteer does not know ("Ostrevian", "Ostrevians" beside "Ostrevia", whether the
    model read the word as a people or as a place): its demonym then makes it the place,
    as "Russian" is Russia (known places have their own rules: "Californians" stay the
    state's people)."""
    places = {name_key(u.name): u for u in units if u.type == "place"}
    for u in units:
        if u.type not in {"group", "place"} or u.fixed or u.country is not None:
            continue
        key = name_key(u.name)
        place = places.get(key[:-3]) if u.type == "group" and key.endswith("ern") else None
        singular = key[:-1] if key.endswith("s") else key
        for ending in _DEMONYM_ENDINGS if place is None else ():
            stem = places.get(singular[: -len(ending)]) if singular.endswith(ending) else None
            if stem is not None and not stem.fixed and stem.country is None:
                place = stem
                break
        if place is not None:
            u.type, u.name, u.country, u.fixed = "place", place.name, place.country, place.fixed


_STATE_BEFORE = re.compile(r"\b[Ss]tate\s+$")
#: Institutions every state has, written without the state ("the Foreign Ministry"; name
#: keys). Across articles such a name is the state its article gives it (`_state_named`).
_STATE_INSTITUTION = re.compile(
    r"(?:(?:foreign|defen[cs]e|interior|finance|justice|health|trade|economy|education|"
    r"agriculture|energy|culture|transport|labou?r|information|emergencies|emergency|"
    r"environment|industry|unification|security) ministry|ministry of [a-z ]+|"
    r"foreign office|parliament|national assembly|central bank|cabinet)")
#: A possessive determiner the model keeps in an organisation's span ("Its Foreign Ministry").
_POSSESSIVE = re.compile(r"^(?:its|their|his|her|our)\s+", re.IGNORECASE)
#: The words just before a mention that may name its state: "Veskaria's", "the Russian".
_OWNER = re.compile(r"([A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,2}?)(?:['\u2019]s)?\s+$")


def _owner_before(text: str, start: int) -> str | None:
    """The country written just before a mention ("Veskaria's ", "Russian ", a capital
    standing for its state: "Seoul's "), or None."""
    m = _OWNER.search(text, max(0, start - 40), start)
    if not m:
        return None
    name = m.group(1)
    return (gazetteer.country_code(name) or gazetteer.demonym_code(name)
            or gazetteer.capital_state(name))


def _bare_institution(name: str) -> str | None:
    """The name of a state institution without its state ("Foreign Ministry" of "Its
    Foreign Ministry"), None for another name."""
    bare = _POSSESSIVE.sub("", name, count=1)
    return bare if _STATE_INSTITUTION.fullmatch(name_key(bare)) else None


def _state_named(here: list[_Unit]) -> None:
    """A state institution of one article named without its state ("the Foreign Ministry",
    "Its Foreign Ministry") is named with the state the article gives it: the one written
    just before it ("Russia's", "the Russian"), else the article's one country: "Russia's
    Foreign Ministry", a name fixed as a table's (it joins by that name only). With none or
    several it is an entity of its article only (`local`): every state has a foreign
    ministry, and a bare name would join them all. (`owners` is set, in
    `_articles_units`, for the units named so before `_lengthen_here`.)"""
    countries = {u.country for u in here if u.type == "country" and u.country}
    for u in here:
        if u.fixed or u.type != "org":
            continue
        bare = _bare_institution(u.name)
        if bare is None:
            continue
        states = u.owners or (frozenset(countries) if len(countries) == 1 else frozenset())
        if len(states) == 1:
            (code,) = states
            u.name, u.country, u.fixed = f"{gazetteer.country_name(code)}'s {bare}", code, True
        else:
            u.name, u.local = bare, True
_AND_FULL_NAME = re.compile(r"\s+and\s+")


def _shared_surnames(analysis: ArticleAnalysis, units: list[_Unit]) -> None:
    """A given name alone before "and" and a full name shares its surname: "Robert" of
    "Robert and Rebekah Mercer" is Robert Mercer. Not when the first word is no given name
    ("Trump and Hillary Clinton"), nor when the article names someone in full by that
    given name ("Hillary and Donald Trump" beside "Hillary Clinton")."""
    full = {m.start: m.text for m in analysis.mentions
            if m.label == "PERSON" and len(words(m.text)) == 2}
    firsts = {word_key(words(m.text)[0]) for m in analysis.mentions
              if m.label == "PERSON" and len(words(m.text)) >= 2}
    for u in units:
        if u.type != "person" or u.fixed or len(words(u.name)) != 1 or \
                not is_given_name(u.name) or word_key(u.name) in firsts:
            continue
        for m in u.mentions:
            link = _AND_FULL_NAME.match(analysis.text, m.end)
            other = full.get(link.end()) if link and m.text == u.name else None
            if other:
                u.name = f"{u.name} {words(other)[-1]}"
                break


def _articles_units(analyses: Iterable[tuple[str, ArticleAnalysis]],
                    aliases: Mapping[str, Alias]) -> list[_Unit]:
    units: list[_Unit] = []
    for article, analysis in sorted(analyses, key=lambda pair: pair[0]):
        clusters: dict[str, list[Mention]] = {}
        for m in analysis.mentions:
            if m.entity_key:
                clusters.setdefault(m.entity_key, []).append(m)
        local = [u for ms in clusters.values()
                 for u in _classify(article, analysis.text, ms, aliases)]
        _place_adjectives(local)
        _shared_surnames(analysis, local)
        context = frozenset(name_key(u.name) for u in local if u.type != "person")
        for u in local:
            u.context = context
            u.of_state = any(_STATE_BEFORE.search(analysis.text, max(0, m.start - 8), m.start)
                             for m in u.mentions)
            if u.type == "org" and not u.fixed and _bare_institution(u.name) is not None:
                u.owners = frozenset(code for m in u.mentions if (code := _owner_before(
                    analysis.text, m.start)))
        units.extend(local)
    return units


def _role_heads(unit: _Unit) -> set[str]:
    return {w.casefold() for m in unit.mentions for w in (m.role or "").split()
            if roles.is_title(w)}


_NAMED_TYPES = frozenset({"org", "work", "product"})  # what a bare first word may shorten


def _org_words(units: list[_Unit]) -> set[str]:
    """First words of organisation, show and product names that more articles use than use
    a person of that surname: "Fox" (Fox News, "Fox & Friends" in 20 articles, Vicente Fox
    in one) is too ambiguous to join a person, or be made one, across articles."""
    orgs, people = doc_counts(units)
    return {w for w, arts in orgs.items() if len(arts) >= len(people.get(w, ()))}


def doc_counts(units: Iterable[_Unit]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The articles that use each word as the first word of an organisation, show or
    product name, and each short form of a person's full name (what `_org_words` weighs;
    an update that only adds articles adds them to the stored counts)."""
    orgs: dict[str, set[str]] = {}
    people: dict[str, set[str]] = {}
    for u in units:
        parts = words(u.name)
        if u.type in _NAMED_TYPES and len(parts) >= 2:
            orgs.setdefault(word_key(parts[0]), set()).add(u.article)
        elif u.type == "person" and u.full:
            for form in short_forms(u.name):
                people.setdefault(form, set()).add(u.article)
    return orgs, people


#: Types the small model gives people's names it does not know ("Carly Fiorina" as ORG).
MISTYPED = frozenset({"org", "work", "product", "group"})


def name_type_counts(units: Iterable[_Unit]) -> dict[str, tuple[set[str], set[str]]]:
    """Name shaped as a person's (`person_shaped`) -> the articles whose units of that
    name (not fixed by a table) are typed a person, and those typed as something a
    person's name is mistaken for (`MISTYPED`)."""
    out: dict[str, tuple[set[str], set[str]]] = {}
    for u in units:
        if not u.fixed and (u.type == "person" or u.type in MISTYPED) and " " in u.name \
                and person_shaped(u.name):
            out.setdefault(u.name, (set(), set()))[0 if u.type == "person" else 1].add(u.article)
    return out


def by_name_majority(people: int, others: int) -> bool:
    """Whether a person-shaped name is a person wherever it is written: more articles
    type it so than as an organisation, work or group (one person, whom the model
    tags now as a person, now as an organisation)."""
    return people > others


def _retype_by_name(units: list[_Unit], more: Mapping[str, tuple[int, int]] | None = None
                    ) -> None:
    """A person-shaped name typed otherwise becomes a person where most articles writing
    it type it a person (`by_name_majority`); `more`: the (people, others) article
    counts of other articles (an update's stored corpus)."""
    counts = name_type_counts(units)
    for u in units:
        if u.fixed or u.type not in MISTYPED or u.name not in counts:
            continue
        people, others = counts[u.name]
        extra = (more or {}).get(u.name, (0, 0))
        if by_name_majority(len(people) + extra[0], len(others) + extra[1]):
            u.type = "person"


def _retype(units: list[_Unit], org_words: set[str], more_surnames: Iterable[str] = (),
            more_places: Iterable[str] = (),
            more_names: Mapping[str, tuple[int, int]] | None = None) -> None:
    """Fix the model's type of bare one-word names with what the corpus says of them.

    A bare name tagged as something else but matching the surname of a full
    person name elsewhere ("Kadeny" as ORG, "Orsa Kadeny" as PERSON) is that
    person, unless organisations use that word more (`org_words`); a bare name
    tagged as a person that never heads a full person name but is tagged as a
    place elsewhere ("Pelmora") is a place. A bare "person" that is the first word
    of one organisation's name in its article and of no person's there is that
    organisation ("Clinton told Fox" beside "Fox News"). Names fixed by a table
    (countries, capitals, aliases) are left alone. `more_surnames`, `more_places`: those
    of other articles (an update's stored corpus). First, a name shaped as a person's is
    a person where most of the articles writing it say so (`_retype_by_name`; `more_names`
    their counts in other articles).
    """
    _retype_by_name(units, more_names)
    surnames = {form for u in units if u.type == "person" and u.full
                for form in short_forms(u.name)} | set(more_surnames)
    local_surnames = {(u.article, form) for u in units if u.type == "person" and u.full
                      for form in short_forms(u.name)}
    heads: dict[tuple[str, str], dict[str, _Unit]] = {}
    for u in units:
        parts = words(u.name)
        if u.type in _NAMED_TYPES and len(parts) >= 2:
            heads.setdefault((u.article, word_key(parts[0])), {}).setdefault(
                _join_key(u.type, u.name), u)
    places = {word_key(u.name) for u in units if u.type == "place" and len(words(u.name)) == 1
              } | set(more_places)
    for u in units:
        if u.fixed or len(words(u.name)) != 1:
            continue
        key = word_key(u.name)
        named = heads.get((u.article, key), {})
        if u.type == "person" and len(named) == 1 and (u.article, key) not in local_surnames:
            org = next(iter(named.values()))
            u.type, u.name, u.fixed, u.country = org.type, org.name, org.fixed, org.country
        elif (u.type in {"org", "product", "work", "group"} and key in surnames
              and key not in org_words and names.fold(u.name) not in PLATFORMS):
            u.type = "person"
        elif u.type == "person" and key in places and key not in surnames:
            u.type = "place"


def _nicknames(units: list[_Unit], more: Mapping[str, set[str]] | None = None) -> None:
    """An epithet before a given name ("Crooked Hillary", "Lyin' Ted") is the one person of
    its article with that given name ("Hillary Clinton"). The first word must not be a
    given name or a title, and no full name of the corpus may end in the second word
    ("Earl Warren", "Abraham Lincoln" stay themselves). `more`: surname key -> full names
    of other articles ending in it."""
    people = [u for u in units if u.type == "person" and not u.fixed and u.full]
    last_words: dict[str, set[str]] = {k: set(v) for k, v in (more or {}).items()}
    for u in people:
        last_words.setdefault(word_key(words(u.name)[-1]), set()).add(name_key(u.name))
    by_article: dict[str, list[_Unit]] = {}
    for u in people:
        by_article.setdefault(u.article, []).append(u)
    for here in by_article.values():
        for u in here:
            parts = words(u.name)
            if (len(parts) != 2 or is_given_name(parts[0]) or roles.is_title(parts[0])
                    or not is_given_name(parts[1])
                    or last_words.get(word_key(parts[1]), set()) - {name_key(u.name)}):
                continue
            named = {v.name for v in here if v is not u and len(words(v.name)) >= 2
                     and word_key(words(v.name)[0]) == word_key(parts[1])}
            if len(named) == 1:
                u.name = named.pop()


def _group_persons(units: list[_Unit], org_words: set[str]) -> None:
    """Join people: full names by form; bare surnames only when unambiguous (and not
    words that organisations' names use more, `org_words`).

    Full names are compared only within a block (same surname, or same
    compact form), most specific names first, and join a group only if they
    fit every distinct name in it, so "J. Smith" never chains "John Smith"
    to "Jane Smith".
    """
    persons = [u for u in units if u.type == "person"]
    full = sorted((u for u in persons if u.full or u.fixed),
                  key=lambda u: (-len(person_parts(u.name)), u.name, u.article))
    groups: list[list[_Unit]] = []
    names: list[set[str]] = []
    by_block: dict[str, set[int]] = {}
    by_form: dict[str, set[int]] = {}
    by_first: dict[str, set[int]] = {}  # "Kim" of "Kim Jong Un": a family name first
    last: tuple[str, bool, int] | None = None  # the unit before: name, fixed, its group
    for u in full:
        if last is not None and last[:2] == (u.name, u.fixed) and same_person_name(u.name,
                                                                                   u.name):
            # the same name again (they sort together): it goes where the one before went
            groups[last[2]].append(u)
            continue
        parts = person_parts(u.name) or (name_key(u.name),)
        blocks = (parts[-1], "".join(parts))
        cands = sorted(set().union(*(by_block.get(b, set()) for b in blocks)))
        fits = [g for g in cands if all(same_person_name(u.name, n) for n in names[g])
                and _fixed_fits(u, groups[g])]
        exact = [g for g in fits if any(name_key(n) == name_key(u.name) for n in names[g])]
        target = exact[:1] or (fits if len(fits) == 1 else [])
        gid = target[0] if target else len(groups)
        if not target:
            groups.append([])
            names.append(set())
        groups[gid].append(u)
        names[gid].add(u.name)
        for b in blocks:
            by_block.setdefault(b, set()).add(gid)
        for i, form in enumerate(short_forms(u.name)):  # surname, then a first word
            (by_form if i == 0 else by_first).setdefault(form, set()).add(gid)
        last = (u.name, u.fixed, gid)
    seen: dict[int, tuple[set[str], set[str]]] = {}  # group -> its contexts and role heads
    named_in: list[dict[str, set[str]]] = [{} for _ in groups]  # group -> article -> names
    for gid, g in enumerate(groups):
        for v in g:
            named_in[gid].setdefault(v.article, set()).add(v.name)
    bare = _bare_uses(groups)
    here: dict[str, set[str]] | None = None  # article -> its person names' words, if asked
    for u in sorted((u for u in persons if not (u.full or u.fixed)),
                    key=lambda u: (u.name, u.article)):
        key = word_key(u.name)
        cands = sorted(by_form.get(key, set()) | by_first.get(key, set())
                       ) if key not in org_words else []
        if len(cands) > 1 and is_given_name(u.name) and by_first.get(key):
            # a given name alone ("Nancy") is too weak for shared context to pick among
            # the people of that first name: the one whose surname its article writes
            # ("Barack Obama and his wife Michelle") takes it, else their usual bearer
            if here is None:
                here = {}
                for v in persons:
                    here.setdefault(v.article, set()).update(word_key(w) for w in words(v.name))
            cands = _surname_here(u, cands, names, here) or _usual_bearer(key, cands, bare)
        elif len(cands) > 1:
            cands = _by_context(u, cands, groups, seen, named_in) or _usual_bearer(
                key, cands, bare)
        if len(cands) == 1:
            groups[cands[0]].append(u)
            named_in[cands[0]].setdefault(u.article, set()).add(u.name)
            if cands[0] in seen:  # keep the group's sets whole as it grows
                seen[cands[0]][0].update(u.context)
                seen[cands[0]][1].update(_role_heads(u))
        else:
            groups.append([u])
            named_in.append({u.article: {u.name}})
    for gid, g in enumerate(groups):
        for u in g:
            u.group = gid


def _surname_here(unit: _Unit, cands: list[int], names: list[set[str]],
                  here: Mapping[str, set[str]]) -> list[int]:
    """The one candidate group whose surname the unit's article writes in another person
    name (`here`: article -> word keys of its person names), if exactly one: evidence
    from the same article."""
    written = here.get(unit.article, set()) - {word_key(unit.name)}
    found = [g for g in cands if any(word_key(words(n)[-1]) in written for n in names[g])]
    return found if len(found) == 1 else []


def _bare_uses(groups: list[list[_Unit]]) -> dict[tuple[str, int], int]:
    """(surname key, group) -> in how many articles a full-named person of the group is also
    called by that bare word (an article's own clustering joined "Trump" to "Donald Trump")."""
    arts: dict[tuple[str, int], set[str]] = {}
    for gid, g in enumerate(groups):
        for u in g:
            for m in u.mentions:
                if m.kind != KIND_DESCRIPTION and len(words(m.text)) == 1:
                    arts.setdefault((word_key(m.text), gid), set()).add(u.article)
    return {k: len(v) for k, v in arts.items()}


#: How often a name's usual bearer must be called by the bare word, in articles, and how
#: many times more often than all the other candidates together.
_BEARER_MIN, _BEARER_RATIO = 3, 4


def _usual_bearer(key: str, cands: list[int], bare: dict[tuple[str, int], int]) -> list[int]:
    """The candidate the corpus calls by the bare surname far more than the others, as a
    reader takes "Trump" for Donald Trump in an article that also names Ivanka Trump and
    its context cannot tell them apart; none when no one dominates ("Clinton" for Bill
    and for Hillary in comparable numbers)."""
    return usual_bearer([(bare.get((key, g), 0), g) for g in cands])


def usual_bearer(counts: list[tuple[int, T]]) -> list[T]:
    """`_usual_bearer` of the candidates' (articles calling them by the bare word,
    candidate), in candidate order (also an update's, from its kept counts)."""
    counts = sorted(counts, key=lambda x: -x[0])  # stable
    best, rest = counts[0][0], sum(c for c, _ in counts[1:])
    if best >= _BEARER_MIN and best >= _BEARER_RATIO * rest:
        return [counts[0][1]]
    return []


def _fixed_fits(unit: _Unit, group: list[_Unit]) -> bool:
    """A name fixed by the alias table joins only its own name or unfixed groups."""
    if not unit.fixed:
        return True
    return all(not v.fixed or v.name == unit.name for v in group)


def _by_context(unit: _Unit, cands: list[int], groups: list[list[_Unit]],
                seen: dict[int, tuple[set[str], set[str]]],
                named_in: Sequence[Mapping[str, set[str]]]) -> list[int]:
    """The candidate group whose roles and co-mentioned entities best match the unit's,
    if one wins. `seen` keeps each group's union of contexts and role heads, made once,
    and `named_in` the names of its units per article (the caller adds to both as the
    group grows)."""
    heads = _role_heads(unit)
    # what the unit's own article says of a candidate it also names (by another name)
    # does not count: the article's clustering kept the two apart ("Mr. Obama" beside
    # "Michelle Obama"), and its context would tie the name to them; where it names
    # several candidates, it could not tell which, and neither can its context
    mine = [g for g in cands if named_in[g].get(unit.article, set()) - {unit.name}]

    def score(g: int) -> int:
        if mine == [g]:
            others = [v for v in groups[g] if v.article != unit.article]
            context = set().union(*(v.context for v in others))
            role_heads = set().union(*(_role_heads(v) for v in others))
        else:
            if g not in seen:
                seen[g] = (set().union(*(v.context for v in groups[g])),
                           set().union(*(_role_heads(v) for v in groups[g])))
            context, role_heads = seen[g]
        return len(context & unit.context) + 2 * len(heads & role_heads)

    return context_winner([(score(g), g) for g in cands])


def context_winner(scored: list[tuple[int, T]]) -> list[T]:
    """The one candidate of (context score, candidate), in candidate order, that scores
    above zero and above every other (`_by_context`; also an update's, from its kept
    facts), or none."""
    scored = sorted(scored, key=lambda x: -x[0])  # stable
    if scored[0][0] > 0 and scored[0][0] > scored[1][0]:
        return [scored[0][1]]
    return []


_SURFACE_TYPES = frozenset({"org", "group", "facility", "event"})
#: Types whose short names may stand for longer ones ("Post", "Judiciary Committee"); a
#: group's longer names are parts of it ("American Muslims"), not other groups.
_LONGER_TYPES = _SURFACE_TYPES - {"group"}


_LEGAL_FORM = re.compile(r" (?:llc|inc|ltd|plc|corp)$")


@lru_cache(maxsize=_CACHE)
def _join_key(type_: str, name: str) -> tuple[str, str]:
    """What units of one entity share: type and name key; a group's in the singular
    ("Muslims" and the adjective "Muslim", "Mormons" and "Mormon" are one group), an
    organisation's without its legal form ("Breitbart News LLC" is Breitbart News)."""
    key = name_key(name)
    if type_ == "group" and len(key) > 3 and key.endswith("s") and not key.endswith("ss"):
        key = key[:-1]
    elif type_ == "org":
        key = _LEGAL_FORM.sub("", key)
    return type_, key


def _group_others(units: list[_Unit], start: int, table: Mapping[str, Alias]) -> None:
    """Join non-person units of one type sharing a normalised name (or, for
    organisations and groups, any surface form: "UN" written beside "United Nations"),
    except through a short form that stands for several names in the corpus, or ends
    several ("Foreign Ministry" written beside one country's does not join another's)."""
    longer = _longer_names(units, table)
    others = sorted((u for u in units if u.type != "person"),
                    key=lambda u: (u.type, u.name, u.article))
    owners = _owners(others)  # a short surface -> the names it shortens
    spelled = written_for_others(_spelled_out(others), owners)
    for u in others:
        u.keys = tuple(_unit_keys(u, owners, longer, spelled))
    parts_of = UnionFind(len(others))
    parts_of.union_by_keys(u.keys for u in others)
    find = parts_of.find
    ids: dict[int, int] = {}
    for i, u in enumerate(others):
        u.group = ids.setdefault(find(i), start + len(ids))


def _owners(units: Iterable[_Unit]) -> dict[tuple[str, str], set[str]]:
    """(type, short surface) -> the names it is written beside (`_group_others`)."""
    owners: dict[tuple[str, str], set[str]] = {}
    for u in units:
        if not u.fixed and u.type in _SURFACE_TYPES:
            for s in u.surfaces:
                if name_key(s) != name_key(u.name):
                    owners.setdefault((u.type, name_key(s)), set()).add(name_key(u.name))
    return owners


def _unit_keys(u: _Unit, owners: Mapping[tuple[str, str], set[str]],
               longer: Mapping[tuple[str, str], set[str]],
               spelled: Mapping[str, tuple[str, str]]) -> list[tuple[str, str]]:
    """The keys a non-person unit joins others by (`_group_others`)."""
    keys = [_join_key(u.type, u.name)]
    long_form = spelled.get(_acronym_of(u))  # type: ignore[arg-type]
    if long_form is not None:
        keys.append(long_form)
    if not u.fixed and u.type in _SURFACE_TYPES:
        # "Post" written beside "Washington Post" in one article and "New York Post" in
        # another joins neither: a short form shared by several names is ambiguous
        keys += [_join_key(u.type, s) for s in u.surfaces
                 if len(owners.get((u.type, name_key(s)), ())) <= 1
                 and len(longer.get((u.type, name_key(s)), ())) <= 1
                 and _bare_institution(s) is None]  # its state's, not every state's
    return keys


def _acronym_of(unit: _Unit) -> str | None:
    """The letters of an organisation's name written as an acronym ("NYPD", "N.Y.P.D."),
    three to six capitals, whether the model typed it an organisation or a group ("her
    NYPD escort"); None for other names and for names a table fixes."""
    letters = unit.name.replace(".", "")
    if unit.fixed or unit.type not in {"org", "group"} or not (3 <= len(letters) <= 6):
        return None
    return letters if letters.isalpha() and letters.isupper() else None


#: How many times more articles may write an acronym than its one spelled-out name.
_ACRONYM_RATIO = 2


def _spelled_out(units: Iterable[_Unit]) -> dict[str, tuple[str, str]]:
    """Acronym -> join key of the one organisation name of the corpus with those initials
    ("NYPD": "New York Police Department"), so the two join across articles. None for
    initials that several names share ("DNC": committee and convention), nor for an
    acronym far more articles write than that name: it is a name of its own ("NBC" in
    thirty articles is not the National Baptist Convention of one)."""
    found, long_arts, short_arts = acronym_articles(units)
    return spelled_out_by(found, {a: len(v) for a, v in long_arts.items()},
                          {a: len(v) for a, v in short_arts.items()})


def acronym_articles(units: Iterable[_Unit]) -> tuple[dict[str, set[tuple[str, str]]],
                                                        dict[str, set[str]],
                                                        dict[str, set[str]]]:
    """Per acronym: the join keys of the organisation names of three words or more with
    those initials, the articles of those names, and the articles writing the acronym."""
    found: dict[str, set[tuple[str, str]]] = {}
    long_arts: dict[str, set[str]] = {}
    short_arts: dict[str, set[str]] = {}
    for u in units:
        letters = _acronym_of(u)
        if letters:
            short_arts.setdefault(letters, set()).add(u.article)
        elif u.type == "org" and len(words(u.name)) >= 3:
            found.setdefault(acronym(u.name), set()).add(_join_key(u.type, u.name))
            long_arts.setdefault(acronym(u.name), set()).add(u.article)
    return found, long_arts, short_arts


def spelled_out_by(found: Mapping[str, set[tuple[str, str]]], n_long: Mapping[str, int],
                   n_short: Mapping[str, int]) -> dict[str, tuple[str, str]]:
    """`_spelled_out`'s decision from counts of articles: an acronym's one spelled-out
    name, unless far more articles write the acronym (`_ACRONYM_RATIO`)."""
    return {a: next(iter(keys)) for a, keys in found.items() if len(keys) == 1 and
            n_short.get(a, 0) <= _ACRONYM_RATIO * n_long.get(a, 0)}


def written_for_others(spelled: Mapping[str, tuple[str, str]],
                       owners: Mapping[tuple[str, str], set[str]]
                       ) -> dict[str, tuple[str, str]]:
    """`spelled` without the acronyms an article writes beside another name ("TPP" beside
    "Trans-Pacific Partnership" does not spell "Tea Party Patriots" elsewhere): the
    initials alone are then no evidence of which name an acronym stands for."""
    return {a: key for a, key in spelled.items()
            if all(_join_key(key[0], n)[1] == key[1]
                   for t in ("org", "group") for n in owners.get((t, name_key(a)), ()))}


def _longer_names(units: Iterable[_Unit], table: Mapping[str, Alias]
                  ) -> dict[tuple[str, str], set[str]]:
    """(type, short form) -> the longer names of the corpus it could shorten by dropping
    their first whole words (`word_ends`; "Judiciary Committee": "House Judiciary
    Committee", "Senate Judiciary Committee"), unless the words dropped make it another
    thing (`_of_object`: "Justice" is no short form of "Brennan Center for Justice"). A
    name of the alias table, or one ending in it ("this White House"), shortens only as
    the table says: "House" is not short for "White House"."""
    longer: dict[tuple[str, str], set[str]] = {}
    ends: dict[str, tuple[str, list[str]]] = {}  # name -> its key and the ends it adds to
    for u in units:
        if u.fixed or u.type not in _LONGER_TYPES:
            continue
        if (known := ends.get(u.name)) is None:
            tokens = name_key(u.name).split()
            whole = word_ends(u.name)
            shorter = []
            for i in range(1, len(tokens)):
                if " ".join(tokens[i - 1 :]) in table:
                    break
                if " ".join(tokens[i:]) in whole and not _of_object(tokens[:i]):
                    shorter.append(" ".join(tokens[i:]))
            known = ends[u.name] = (" ".join(tokens), shorter)
        for short in known[1]:
            longer.setdefault((u.type, short), set()).add(known[0])
    return longer


def _country_dropped(table: Mapping[str, Alias]) -> dict[str, Alias]:
    """Table names of national institutions without their country ("U.S. House" ->
    "House", "U.S. Senate" -> "Senate"), for the forms the table does not list."""
    out: dict[str, Alias] = {}
    for key, alias in sorted(table.items()):
        tokens = key.split()
        for i in (1, 2):
            rest = " ".join(tokens[i:])
            if (alias.country and rest and rest not in table
                    and gazetteer.country_code(" ".join(tokens[:i])) == alias.country):
                out.setdefault(rest, alias)
    return out


def _join_dropped(units: list[_Unit], table: Mapping[str, Alias]) -> None:
    """A bare "House", "Senate" or "Supreme Court" is the national institution the table
    names with its country ("U.S. Senate"), unless its own article names a longer one
    ending in it ("Wisconsin Senate", "Manhattan Supreme Court") or calls it a state's
    ("the state Senate"): those are left to `_split_ambiguous`. The article decides, not
    the corpus: one state senate somewhere does not make every "Senate" ambiguous."""
    dropped = _country_dropped(table)
    by_article: dict[str, list[_Unit]] = {}
    for u in units:
        by_article.setdefault(u.article, []).append(u)
    for here in by_article.values():
        longer = _longer_names(here, table)
        for u in here:
            alias = dropped.get(name_key(u.name))
            if not alias or u.fixed or u.type != "org":
                continue
            if u.of_state or longer.get((u.type, name_key(u.name))):
                u.local = True  # a state's chamber, or one the article may name in full
            else:
                u.name, u.fixed, u.country = alias.name, True, alias.country
                u.type = alias.type or u.type


_CASE_NAME = re.compile(r"\bvs?\b")  # "Fisher v. University of Texas" is a lawsuit


# Lengthening: an organisation's short name is a longer name it ends: the only one its own
# article writes ("the Post" beside "The Washington Post": `_lengthen_here`), else, for a
# short name of two words or more, the only one of the corpus ("Oversight Committee": "House
# Oversight Committee": `_lengthen_across`). Several in the corpus ("Judiciary Committee": of
# the House or of the Senate) leave it ambiguous: the article's other names do not tell (a
# Senate committee's article names the House Speaker). Never lengthened: a one-word name
# across articles ("Post"), the chambers the table names ("Senate": `_join_dropped`), one
# party to a lawsuit ("University of Texas" in "Fisher v. University of Texas"), the object
# of an "of" or another preposition ("Human Rights Watch" is not "Jane Roe of Human Rights
# Watch", "Homeland Security" not the "Senate Committee on Homeland Security"), a name after
# a determiner ("No State of the Union"), and a name glued to another word ("ABC
# News-Washington Post" is a poll, not the Washington Post: only whole words are dropped).


#: Heads whose "of" names the body itself: "Homeland Security", "Department of Homeland
#: Security".
_OF_HEADS = frozenset({"department", "ministry"})
#: Prepositions whose object a longer name names ("Committee on Homeland Security", "Rudin
#: Center for Transportation at New York University", "Coalition to Stop Trump").
_OBJECT_OF = frozenset({"of", "on", "at", "for", "to", "in", "from", "against", "with", "by",
                        "about"})
#: A determiner alone before a name adds no name ("another Great Depression").
_DETERMINERS = frozenset({"a", "an", "another", "no", "any", "every", "each", "this", "that",
                          "these", "those", "some"})


def _of_object(prefix: list[str]) -> bool:
    """Whether the words a longer name adds before a short one make the short one another
    thing than a short form of it: they end in a preposition ("of" after a head that is
    another thing: "University of Miami" is not "Miami", "Robert's Rules of Order" not
    "Order", but "Department of Homeland Security" is "Homeland Security"), or are one
    determiner ("No State of the Union" is no name of the State of the Union)."""
    if len(prefix) == 1:
        return prefix[0] in _DETERMINERS
    return len(prefix) >= 2 and prefix[-1] in _OBJECT_OF and not (
        prefix[-1] == "of" and prefix[-2] in _OF_HEADS)


@lru_cache(maxsize=_CACHE)
def word_ends(name: str) -> frozenset[str]:
    """The name keys of a name without its first whole words ("Washington Post" and "Post"
    of "The Washington Post"): what dropping words leaves. A word glued to the next by a
    hyphen or slash is one word: "ABC News-Washington Post" ends in "Post" only, "post-Cold
    War" in "War", "Cruz/Carly Fiorina" in "Fiorina"."""
    parts = name.split()
    return frozenset(name_key(" ".join(parts[j:])) for j in range(1, len(parts)))


def _lengthen_here(here: list[_Unit], dropped: Mapping[str, Alias]) -> None:
    """`_lengthen` within one article: a short name the article writes in one longer form
    (`dropped`: `_country_dropped` of the alias table)."""
    ends: dict[tuple[str, str], dict[str, _Unit]] = {}  # (type, last words) -> names
    for v in here:
        tokens = name_key(v.name).split()
        if v.type in _LONGER_TYPES and not _CASE_NAME.search(" ".join(tokens)):
            whole = word_ends(v.name)
            for i in range(1, len(tokens)):
                if not _of_object(tokens[:i]) and " ".join(tokens[i:]) in whole:
                    ends.setdefault((v.type, " ".join(tokens[i:])), {}).setdefault(
                        " ".join(tokens), v)
    for u in here:
        key = name_key(u.name)
        longer = ends.get((u.type, key), {})
        if not u.fixed and u.type in _LONGER_TYPES and key not in dropped and \
                len(longer) == 1:
            v = next(iter(longer.values()))
            u.name, u.fixed, u.country = v.name, v.fixed, v.country


def _lengthen_across(units: list[_Unit], table: Mapping[str, Alias]) -> None:
    """`_lengthen` across articles: a short name of two words or more that ends one longer
    name of the corpus written in as many articles at least (or, among several, the one
    its article's siblings tell)."""
    longer_names = _longer_names(units, table)
    display: dict[tuple[str, str], str] = {}
    for u in units:
        display.setdefault((u.type, name_key(u.name)), u.name)
    lengthen_with(units, longer_names, _national_dropped(display), display,
                  {k: len(v) for k, v in name_articles(units).items()})


def name_articles(units: Iterable[_Unit]) -> dict[tuple[str, str], set[str]]:
    """(type, name key) -> the articles writing that name, for the types a short name
    is lengthened in (`lengthen_with` weighs a short name's articles against a longer
    name's)."""
    out: dict[tuple[str, str], set[str]] = {}
    for u in units:
        if not u.fixed and u.type in _LONGER_TYPES:
            out.setdefault((u.type, name_key(u.name)), set()).add(u.article)
    return out


def written_less(articles: Mapping[tuple[str, str], int], type_: str, longer: str,
                 short: str) -> bool:
    """Whether fewer articles write the longer name than write the short one
    (`name_articles` counts): then the short one is not lengthened to it across
    articles (`lengthen_with`)."""
    return articles.get((type_, longer), 0) < articles.get((type_, short), 0)


def lengthen_with(units: list[_Unit], longer: Mapping[tuple[str, str], set[str]],
                  national: Mapping[tuple[str, str], set[str]],
                  names: Mapping[tuple[str, str], str],
                  articles: Mapping[tuple[str, str], int]) -> None:
    """`_lengthen_across` over the units of whole articles, given the corpus's longer
    names (those ending in the units' last words, at least), display names and how many
    articles write each name (also what an update that only adds articles runs,
    `entities_added`). The one longer name a short one ends is not what the short one
    means across articles when fewer articles write it: one article's "Chinese Air
    Force" does not rename every other "Air Force", nor one "Chelsea Clinton Foundation"
    every "Clinton Foundation" (inside the article that writes both, `_lengthen_here`
    joins them). Among several, the article's siblings choose, as before."""
    ambiguous: list[tuple[_Unit, list[str]]] = []
    for u in units:
        key = name_key(u.name)
        if u.fixed or u.type not in _LONGER_TYPES or len(key.split()) < 2 or (
                u.local and _bare_institution(u.name)):  # a state institution of no one state
            continue
        nat = national.get((u.type, key), set())
        cands = sorted({c for c in longer.get((u.type, key), ())
                        if not _CASE_NAME.search(c) and not _of_object(c[: -len(key)].split())}
                       | nat)
        if len(cands) == 1 and cands[0] not in nat and \
                written_less(articles, u.type, cands[0], key):
            continue
        if len(cands) == 1:
            u.name = names[(u.type, cands[0])]
        elif cands:
            ambiguous.append((u, cands))
    by_article: dict[str, list[_Unit]] = {}
    for v in units if ambiguous else ():
        by_article.setdefault(v.article, []).append(v)
    for u, cands in ambiguous:
        chosen = _by_sibling(u, cands, by_article[u.article])
        if chosen:
            u.name = names[(u.type, chosen[0])]


def _national_dropped(names: Mapping[tuple[str, str], str]) -> dict[tuple[str, str], set[str]]:
    """(type, name without a middle "National") -> the names of the corpus it shortens: news
    writes "the Democratic Convention" for the Democratic National Convention."""
    out: dict[tuple[str, str], set[str]] = {}
    for type_, key in names:
        tokens = key.split()
        for i in range(1, len(tokens) - 1):
            if tokens[i] == "national" and type_ in _LONGER_TYPES:
                out.setdefault((type_, " ".join(tokens[:i] + tokens[i + 1 :])), set()).add(key)
    return out


def _by_sibling(unit: _Unit, cands: list[str], here: list[_Unit]) -> list[str]:
    """Of the longer names a short name could be ("Judiciary Committee": the House's or the
    Senate's), the one whose first words (its chamber) are those of the article's other
    names of the same kind ("Oversight Committee", lengthened to "House Oversight
    Committee", beside it). Naming the chamber elsewhere proves nothing (a Senate
    committee's article names the House Speaker); the sibling bodies of the article do.
    `here`: the units of the unit's article."""
    key = name_key(unit.name)
    last = key.split()[-1]
    prefixes = {c: c[: -len(key)].strip() for c in cands}
    siblings = {name_key(v.name) for v in here if v is not unit and v.type == unit.type}
    seen = {p for c, p in prefixes.items() for s in siblings
            if s != c and s.endswith(" " + last) and s.startswith(p + " ")}
    chosen = [c for c, p in prefixes.items() if p in seen]
    return chosen if len(seen) == 1 and len(chosen) == 1 else []


def _split_ambiguous(groups: dict[int, list[_Unit]], start: int,
                     table: Mapping[str, Alias]) -> dict[int, list[_Unit]]:
    """An organisation named only by a short form that ends several longer names of the
    corpus ("Judiciary Committee": of the House or of the Senate; "Post"), or only by a
    chamber's name that its articles make a state's (`_join_dropped`), is not one entity
    across articles: such a group is split by article (`local` units)."""
    longer = _longer_names((u for us in groups.values() for u in us), table)
    out: dict[int, list[_Unit]] = {}
    for gid, us in groups.items():
        if any(u.fixed or (not u.local and len(longer.get((u.type, name_key(u.name)), ())) < 2)
               for u in us):
            out[gid] = us
            continue
        for u in us:
            u.local = True
            out.setdefault(start + len(out) + len(groups), []).append(u)
    return out


def _identity(group: list[_Unit]) -> tuple[str, str, str]:
    """Id, type and name of a group's entity. Its name: a table's, else, for a person, the
    full name written most often ("Hillary Clinton", not the fullest: "Crooked Hillary
    Clinton"), else the fullest name, most often written."""
    type_ = Counter(u.type for u in group).most_common(1)[0][0]
    fixed = sorted({u.name for u in group if u.fixed})
    counts = Counter(m.text for u in group for m in u.mentions if m.kind != KIND_DESCRIPTION)
    fullest = max(len(words(u.name)) for u in group)
    name = pick_name(type_, fixed, counts, fullest) or group[0].name
    local = min((u.article for u in group if u.local), default=None)
    return entity_id(type_, name if local is None else f"{name}\x1f{local}"), type_, name


def pick_name(type_: str, fixed: list[str], counts: Mapping[str, int], fullest: int
              ) -> str | None:
    """The name an entity goes by, from its table names (`fixed`, sorted), the names its
    mentions write and how often (`counts`), and the word count of its fullest unit's
    name; None when no mention writes a name that full (the caller decides).

    Between names written equally often, a name as text writes it rather than in capitals
    ("Scranton", not the dateline's "SCRANTON": later articles write the name far more
    often than a dateline, so one more mention does not rename the entity); then sorted."""
    if fixed:
        return fixed[0]
    full = [n for n in counts if len(words(n)) >= 2] if type_ == "person" else []
    if full:
        return min(full, key=lambda n: (-counts[n], -len(words(n)), n))
    names = [n for n in counts if len(words(n)) == fullest]
    return min(names, key=lambda n: (-counts[n], n.isupper(), n)) if names else None


def _build(group: list[_Unit], identity: tuple[str, str, str] | None = None) -> Entity:
    """The entity of a group of units (`identity`: its `_identity`, when known)."""
    id_, type_, name = identity or _identity(group)
    surfaces = {m.text for u in group for m in u.mentions if m.kind != KIND_DESCRIPTION}
    role_counts = Counter(m.role for u in group for m in u.mentions if m.role)
    countries = Counter(u.country for u in group if u.country)
    spans = sorted({(u.article, m.start, m.end, m.text) for u in group for m in u.mentions})
    return Entity(
        id=id_,
        name=name,
        type=type_,
        aliases=tuple(sorted(surfaces - {name})),
        roles=tuple(sorted(role_counts, key=lambda r: (-role_counts[r], r))),
        mentions=tuple(EntityMention(*span) for span in spans),
        country=min(countries, key=lambda c: (-countries[c], c)) if countries else None,
    )


def resolve_entities(analyses: Iterable[tuple[str, ArticleAnalysis]],
                     aliases: Mapping[str, Alias] | None = None) -> list[Entity]:
    """Canonical entities from (article id, analysis) pairs; value mentions are skipped.

    `aliases` (name_key -> Alias, e.g. from `load_aliases`) extend and
    override the built-in institution table. Output is sorted by type, name, id.
    The same as `resolve_units` over the `article_units` of every article.
    """
    return resolve_units(article_units(analyses, aliases), aliases)


def alias_table(aliases: Mapping[str, Alias] | None = None) -> dict[str, Alias]:
    """The built-in table extended and overridden by a user's aliases."""
    return {**default_aliases(), **(aliases or {})}


def article_units(analyses: Iterable[tuple[str, ArticleAnalysis]],
                  aliases: Mapping[str, Alias] | None = None) -> list[Unit]:
    """The part of resolution that reads one article only: its clusters typed and named
    (tables, capitals, the article's own longer names and chambers), in article order.
    Kept per article (`units_to_json`), so that an update redoes only new articles."""
    table = alias_table(aliases)
    units = _articles_units(analyses, table)
    _join_dropped(units, table)
    dropped = _country_dropped(table)
    by_article: dict[str, list[_Unit]] = {}
    for u in units:
        by_article.setdefault(u.article, []).append(u)
    for here in by_article.values():
        _lengthen_here(here, dropped)
        _state_named(here)
    return units


def _resolved(units: list[_Unit], aliases: Mapping[str, Alias] | None,
              identify: Callable[[list[_Unit]], tuple[str, str, str]] | None = None
              ) -> list[tuple[tuple[str, str, str], list[_Unit], list[list[_Unit]]]]:
    """Each entity's identity, units (in unit order) and groups, before it is built.
    `identify`: what gives a group its identity (`_identity`, or one known already)."""
    table = alias_table(aliases)
    for u in units:
        u.first = (u.type, u.name, u.fixed)
    _lengthen_across(units, table)
    for u in units:
        u.lengthened = u.name
    org_words = _org_words(units)
    _retype(units, org_words)
    _nicknames(units)
    _group_persons(units, org_words)
    _group_others(units, max((u.group for u in units), default=-1) + 1, table)
    groups: dict[int, list[_Unit]] = {}
    for u in units:
        groups.setdefault(u.group, []).append(u)
    groups = _split_ambiguous(groups, max(groups, default=0) + 1, table)
    by_id: dict[str, list[list[_Unit]]] = {}  # equal ids (two unresolved "Smith"s): one entity
    first: dict[str, tuple[str, str, str]] = {}
    for group in groups.values():
        identity = (identify or _identity)(group)
        by_id.setdefault(identity[0], []).append(group)
        first.setdefault(identity[0], identity)
    out = []
    for id_, gs in by_id.items():
        merged = gs[0] if len(gs) == 1 else [u for g in gs for u in g]
        out.append((first[id_] if len(gs) == 1 else _identity(merged), merged, gs))
    return out


def _sorted(entities: list[Entity]) -> list[Entity]:
    return sorted(entities, key=lambda e: (e.type, e.name, e.id))


def resolve_units(units: list[Unit], aliases: Mapping[str, Alias] | None = None
                  ) -> list[Entity]:
    """The part of resolution across articles, over `article_units` of every article (in
    article order). Output is sorted by type, name, id."""
    return _sorted([_build(us, identity) for identity, us, _ in _resolved(units, aliases)])


#: Part of every entity fingerprint: change it when `_identity` or `_build` change what
#: they make of the same units.
_FINGERPRINT_SALT = "2"


def _fingerprint(units: list[_Unit], origin: Mapping[str, str], salt: str) -> str:
    """What an entity is built from: each unit's article, the digest of the article's stored
    units (so its mentions), its place there, and its state after resolution."""
    text = "\x1e".join(f"{u.article}\x1f{origin[u.article]}\x1f{u.origin}\x1f{u.type}\x1f"
                       f"{u.name}\x1f{u.country}\x1f{u.fixed:d}{u.local:d}" for u in units)
    return hashlib.sha1(f"{_FINGERPRINT_SALT}\x1f{salt}\x1e{text}".encode()).hexdigest()[:24]


def resolve_changed(units: list[Unit], origin: Mapping[str, str],
                    known: Mapping[str, tuple[str, str, str]],
                    aliases: Mapping[str, Alias] | None = None, salt: str = "",
                    resolved_out: list | None = None
                    ) -> tuple[list[Entity], dict[str, str]]:
    """`resolve_units`, building only the entities that may differ from the stored ones.

    Grouping runs over every unit (a new article can regroup names anywhere), but most
    entities of a large corpus come out of it made of the same units in the same state:
    naming them and building them (every mention of the corpus) is work done again for
    nothing. `origin`: article id -> a digest of its stored units (`units_from_json`
    numbers each unit within its article); `known`: fingerprint (`_fingerprint`) -> the
    identity (id, type, name) of the stored entity made of those units. Returns the
    entities whose fingerprint is not known (sorted as `resolve_units`), and the
    fingerprint of every entity (id -> fingerprint; "" for ids that several share). An
    entity not built is the stored one: the same units in the same state make the same
    rows (`_identity` and `_build` read nothing else). `resolved_out`, when given, gets
    each entity's (identity, units, groups), for the state an update keeps
    (`entities_added.state_rows`).
    """
    prints: dict[int, str] = {}  # id() of a group -> its fingerprint, while groups live

    def identify(group: list[_Unit]) -> tuple[str, str, str]:
        fp = prints[id(group)] = _fingerprint(group, origin, salt)
        return known.get(fp) or _identity(group)

    resolved = _resolved(units, aliases, identify)
    if resolved_out is not None:
        resolved_out.extend(resolved)
    ids = Counter(identity[0] for identity, _, _ in resolved)
    built: list[Entity] = []
    out: dict[str, str] = {}
    for identity, us, parts in resolved:
        fp = prints[id(parts[0])] if len(parts) == 1 else _fingerprint(us, origin, salt)
        out[identity[0]] = fp if ids[identity[0]] == 1 else ""
        if ids[identity[0]] > 1 or fp not in known:
            built.append(_build(us, identity))
    return _sorted(built), out


def units_to_json(units: Iterable[Unit]) -> dict[str, str]:
    """Article id -> its `article_units` as compact JSON (what `units_from_json` reads)."""
    out: dict[str, list] = {}
    for u in units:
        entry = out.setdefault(u.article, [sorted(u.context), []])
        entry[1].append([u.type, u.name, u.country, u.fixed, u.local, u.of_state,
                         [[m.start, m.end, m.text, m.label, m.role, m.kind]
                          for m in u.mentions]])
    return {a: json.dumps(v, ensure_ascii=False, separators=(",", ":")) for a, v in out.items()}


class _StoredMention(NamedTuple):
    """A `Mention` read back from stored units: the same fields, made several times faster
    than the frozen record (millions of them at 100,000 articles)."""

    start: int
    end: int
    text: str
    label: str | None
    entity_key: str | None
    role: str | None
    kind: str


def units_from_json(article: str, raw: str, strings: dict[str, str] | None = None
                    ) -> list[Unit]:
    """An article's units as `units_to_json` wrote them. `strings` (kept by the caller
    across articles) makes equal names one object: millions of units name far fewer."""
    context, rows = json.loads(raw)
    one = (strings if strings is not None else {}).setdefault
    frozen = frozenset(one(c, c) for c in context)
    return [_Unit(article, one(type_, type_), one(name, name),
                  [_StoredMention(s, e, one(text, text), label and one(label, label), None,
                                  role and one(role, role), kind and one(kind, kind))
                   for s, e, text, label, role, kind in mentions],
                  country and one(country, country), fixed, frozen, -1, local, of_state, i)
            for i, (type_, name, country, fixed, local, of_state, mentions) in enumerate(rows)]
