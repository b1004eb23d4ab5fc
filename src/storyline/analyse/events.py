"""Event mentions of one article: trigger, PLOVER type and mode, actors, target,
place, time and status, each with its span.

The sentences that hold a trigger word (`event_lexicon`) are parsed with the
pinned spaCy pipeline's tagger, parser and lemmatizer (the analysis step runs
only NER and the sentence splitter; parsing only the sentences that may hold
an event keeps the cost down). Rules over the dependency tree then find:

- the trigger: a verb or noun of the lexicon ("visit", "shipped", "veto",
  "sanctions"); a light verb takes its object's type ("pay a state visit",
  "impose sanctions"); "use"/"fire" take a weapon object ("used missiles");
  PLOVER's conventions where the object or complement decides ("lifted the
  curfew" CONCEDE, "agreed to withdraw" CONCEDE, "vowed to attack" THREATEN,
  "withdrew its ambassador" SANCTION; docs/events.md lists them);
- actors: the subject (inherited through "is set to", "plans to", conjoined
  verbs), the agent of a passive, the accused of "accused X of providing",
  the possessor or nationality of a noun trigger ("Putin's visit", "a
  Russian veto"); a pronoun is resolved to the entity it stands for;
- targets: the object, "to/against/on/with X", or the subject of a passive;
  a host is the target of a visit and the visitor its actor;
- status: negated, denied ("denied accusations about transfers"), alleged
  ("accused X of providing", "allegedly"), hypothetical (would/could, if),
  planned (will, "is set to", "upcoming", a date after the article's date),
  ongoing (progressive or present tense), else happened;
- time: a time expression attached to the trigger (not one that dates the
  report, as "said in October" does); place: "in/at" a place.

Participants are entity mentions of the analysis (with their within-article
`entity_key`) wherever the phrase names one; "officials", "forces" and the
like stand for the state their nationality word names ("U.S. officials" ->
the United States); other groups ("Rwandan rebels") are kept as text with no
entity, never given to the state. A pure function of the analysis, the time
expressions and the reference date.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from storyline.analyse import event_lexicon as lx
from storyline.analyse import gazetteer
from storyline.analyse.entities import ArticleAnalysis, Mention, resolve_pronoun
from storyline.analyse.event_classifier import load_model
from storyline.analyse.nlp import load_parser, spacy_view  # the analysis model's view
from storyline.analyse.times import TimeExpr

BATCH_SIZE = 64


#: Token attributes the fast ruler reads (the columns of `Doc.to_array`).
_RULER_COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")


class _FastRuler:
    """The attribute ruler's annotations, found faster, set by the ruler itself.

    spaCy's ruler runs one Matcher of ~180 patterns over every token, testing
    every set-valued predicate on every token. Here each one-token pattern of
    equality and IN/NOT_IN tests on the columns above is indexed under one of
    its positive tests (a dict lookup per token and column) and its other tests
    are checked only for the tokens it indexes; the rest (several tokens, REGEX,
    several pattern lists) stay in a small Matcher. Matches are sorted and applied
    by the ruler's own `set_annotations`, so the result is the ruler's.
    """

    def __init__(self, ruler):
        from spacy.matcher import Matcher

        self.ruler = ruler
        strings = ruler.vocab.strings
        # per column: value -> [(attr_id, match_id, other tests)]
        self.index: list[dict[int, list]] = [{} for _ in _RULER_COLUMNS]
        self.rest = Matcher(ruler.vocab, validate=False)
        # what a doc must have for the rest to match: (column, values) or a LOWER regex
        # per pattern; None when some pattern has no such test (the Matcher always runs)
        self.rest_needs: list[tuple[_Need, ...]] | None = []
        for i, entry in enumerate(ruler.patterns):
            patterns, key = entry["patterns"], str(i)
            tests = None
            if len(patterns) == 1 and len(patterns[0]) == 1:
                tests = _ruler_tests(patterns[0][0], strings)
            gate = next((t for t in tests or () if not t[2]), None)
            if gate is None:
                self.rest.add(key, patterns)
                for pattern in patterns:
                    need = _pattern_need(pattern, strings)
                    if need is None or self.rest_needs is None:
                        self.rest_needs = None
                    else:
                        self.rest_needs.append(need)
                continue
            others = tuple(t for t in tests if t is not gate)
            for value in gate[1]:
                self.index[gate[0]].setdefault(value, []).append(
                    (i, strings.add(key), others))

    def __call__(self, doc) -> None:
        from spacy.attrs import IDS

        strings = self.ruler.vocab.strings
        columns = doc.to_array([IDS[c] for c in _RULER_COLUMNS]).tolist()
        matches = []
        if self._rest_may_match(columns, strings):
            matches = [(int(strings[m_id]), m_id, s, e)
                       for m_id, s, e in self.rest(doc, allow_missing=True, as_spans=False)]
        used = [(c, index) for c, index in enumerate(self.index) if index]
        for i, row in enumerate(columns):
            for c, index in used:
                for attr_id, m_id, others in index.get(row[c], ()):
                    if all((row[col] in values) != negated for col, values, negated in others):
                        matches.append((attr_id, m_id, i, i + 1))
        matches.sort()
        self._set_annotations(doc, matches)

    def _rest_may_match(self, columns: list[list[int]], strings) -> bool:
        """False only when every pattern of the rest lacks a token it needs (so the
        Matcher would find nothing)."""
        if self.rest_needs is None:
            return True
        if not columns:
            return False  # an empty doc: no pattern matches
        values = [set(col) for col in zip(*columns, strict=True)]
        lowers = [strings[v] for v in values[_LOWER]]

        def passed(need: _Need) -> bool:
            if isinstance(need, re.Pattern):
                return any(need.search(w) for w in lowers)
            return not values[need[0]].isdisjoint(need[1])

        return any(all(passed(need) for need in needs) for needs in self.rest_needs)

    def _set_annotations(self, doc, matches: list) -> None:
        """The ruler's `set_annotations`, in its order, without a Span per one-token
        match (the token at index 0 or -1 of a one-token span is the span's token)."""
        from spacy.tokens._retokenize import set_token_attrs

        ruler = self.ruler
        attrs, indices = ruler.attrs, ruler.indices
        for match in matches:
            attr_id, _, start, end = match
            if end - start == 1 and indices[attr_id] in (0, -1):
                set_token_attrs(doc[start], attrs[attr_id])
            else:
                ruler.set_annotations(doc, [match])


_LOWER = _RULER_COLUMNS.index("LOWER")


_Need = tuple[int, frozenset[int]] | re.Pattern


def _pattern_need(pattern: list[dict], strings) -> tuple[_Need, ...] | None:
    """Tests that some token of a doc must pass, each, for `pattern` to match: the
    equality and IN tests of its required tokens on the columns the fast ruler reads,
    and their REGEX on LOWER (the Matcher's `re.search`); None when it has none."""
    needs: list[_Need] = []
    for token in pattern:
        if "OP" in token:
            continue  # may match no token
        for attr, cond in token.items():
            if attr not in _RULER_COLUMNS or attr == "IS_SPACE":
                continue
            column = _RULER_COLUMNS.index(attr)
            if isinstance(cond, str):
                needs.append((column, frozenset({strings.add(cond)})))
            elif isinstance(cond, dict) and len(cond) == 1:
                op, value = next(iter(cond.items()))
                if op == "IN" and all(isinstance(v, str) for v in value):
                    needs.append((column, frozenset(strings.add(v) for v in value)))
                elif op == "REGEX" and attr == "LOWER" and isinstance(value, str):
                    needs.append(re.compile(value))
    return tuple(needs) or None


def _ruler_tests(token: dict, strings) -> list[tuple[int, frozenset[int], bool]] | None:
    """(column, values, negated) tests of a one-token pattern, or None when a test
    is not an equality or IN/NOT_IN test on a column the fast ruler reads."""
    tests = []
    for attr, cond in token.items():
        if attr not in _RULER_COLUMNS:
            return None
        column = _RULER_COLUMNS.index(attr)
        if attr == "IS_SPACE":
            if not isinstance(cond, bool):
                return None
            tests.append((column, frozenset({int(cond)}), False))
        elif isinstance(cond, str):
            tests.append((column, frozenset({strings.add(cond)}), False))
        elif isinstance(cond, dict) and len(cond) == 1 and set(cond) <= {"IN", "NOT_IN"} and \
                all(isinstance(v, str) for v in next(iter(cond.values()))):
            op, values = next(iter(cond.items()))
            tests.append((column, frozenset(strings.add(v) for v in values), op == "NOT_IN"))
        else:
            return None
    return tests


class _FastLemmatizer:
    """The rule lemmatizer, with one cache over (word, POS, morphology) for every token.

    spaCy's own cache misses the base-form path and costs a Token and a
    MorphAnalysis per token, and a miss tests membership in word lists of up to
    57,000 entries one by one; a lemma is a function of those three attributes,
    and `_rule_lemma` is spaCy's `rule_lemmatize` with those lists as sets.
    """

    def __init__(self, lemmatizer):
        self.lemmatizer = lemmatizer
        self.cache: dict[tuple[int, int, int], int] = {}
        self.index_sets: dict[str, frozenset[str]] = {}

    def __call__(self, doc) -> None:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS
        from spacy.errors import Errors

        lem, cache, strings = self.lemmatizer, self.cache, doc.vocab.strings
        if not lem._validated:
            lem._validate_tables(Errors.E1004)
        if len(cache) > 200_000:
            cache.clear()
        for i, (orth, pos, morph, lemma) in enumerate(
                doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if lemma != 0:
                continue  # set by the attribute ruler; the lemmatizer keeps it
            key = (orth, pos, morph)
            found = cache.get(key)
            token = doc[i]
            if found is None:
                found = cache[key] = strings.add(self._rule_lemma(token))
            token.lemma = found

    def _rule_lemma(self, token) -> str:
        """spaCy 3.8's `Lemmatizer.rule_lemmatize(token)[0]`, word lists as sets."""
        lem = self.lemmatizer
        string = token.text
        univ_pos = token.pos_.lower()
        if univ_pos in ("", "eol", "space"):
            return lem.lemmatize(token)[0]
        if lem.is_base_form(token):
            return string.lower()
        index_table = lem.lookups.get_table("lemma_index", {})
        exc_table = lem.lookups.get_table("lemma_exc", {})
        rules_table = lem.lookups.get_table("lemma_rules", {})
        if not any((index_table.get(univ_pos), exc_table.get(univ_pos),
                    rules_table.get(univ_pos))):
            return string if univ_pos == "propn" else string.lower()
        index = self.index_sets.get(univ_pos)
        if index is None:
            index = self.index_sets[univ_pos] = frozenset(index_table.get(univ_pos, {}))
        exceptions = exc_table.get(univ_pos, {})
        rules = rules_table.get(univ_pos, {})
        orig, string = string, string.lower()
        forms: list[str] = []
        oov_forms: list[str] = []
        for old, new in rules:
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    pass
                elif form in index:
                    forms.insert(0, form)
                elif not form.isalpha():
                    forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(string, []):
            if form not in forms:
                forms.insert(0, form)
        return (forms or oov_forms or [orig])[0]


_FAST_TAIL = ("attribute_ruler", "lemmatizer")


@lru_cache(maxsize=4)
def _fast_tail(nlp) -> tuple[_FastRuler, _FastLemmatizer] | None:
    """Fast stand-ins for the pipeline's last two components, when it ends in spaCy's
    attribute ruler and a rule lemmatizer that keeps existing lemmas."""
    from spacy.pipeline import AttributeRuler, Lemmatizer

    if tuple(nlp.pipe_names[-2:]) != _FAST_TAIL:
        return None
    ruler, lemmatizer = (nlp.get_pipe(name) for name in _FAST_TAIL)
    if not isinstance(ruler, AttributeRuler) or not isinstance(lemmatizer, Lemmatizer) or \
            lemmatizer.mode != "rule" or lemmatizer.overwrite:
        return None
    return _FastRuler(ruler), _FastLemmatizer(lemmatizer)


@dataclass(frozen=True, slots=True)
class Participant:
    """Who or where: the phrase as written and the entity it names, if any.

    `start`/`end` span the phrase; `entity_key` is the analysis's within-article
    key of the entity the phrase stands for (None for "rebels" or an unresolved
    phrase) and `entity_start`/`entity_end` the span of that entity's mention
    (the pronoun's antecedent, or the nationality word of "U.S. officials");
    `country` is the ISO code of the state the phrase stands for, when it does.
    """

    start: int
    end: int
    text: str
    entity_key: str | None = None
    entity_start: int | None = None
    entity_end: int | None = None
    label: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class EventTime:
    """The time expression that dates an event mention, resolved (TIMEX3-style)."""

    start: int
    end: int
    text: str
    value: str
    precision: str
    low: str | None
    high: str | None


@dataclass(frozen=True, slots=True)
class EventMention:
    """One report of an event in one article.

    `start`/`end` span the event phrase (actor to target, within one sentence);
    the trigger has its own span. `type` is a PLOVER type and `mode` a PLOVER
    mode or None; `status` one of `event_lexicon.STATUSES`. `depth` is the
    trigger's depth in its sentence's parse (0: the main verb); `background` is true
    inside a relative or noun-modifying clause; `nested` when a noun trigger modifies
    another noun ("a pause in the bombing", "battle zones"). `object_head` is the head
    word of what the act is about where the parse names it though no target holds it
    ("called for an inquiry", "vowed to repeal the tax": "inquiry", "tax"): fusion
    compares it across articles.
    """

    start: int
    end: int
    trigger_start: int
    trigger_end: int
    trigger: str
    lemma: str
    type: str
    mode: str | None
    status: str
    actors: tuple[Participant, ...]
    targets: tuple[Participant, ...]
    place: Participant | None
    time: EventTime | None
    sentence_start: int
    depth: int = 0
    background: bool = False
    support: float | None = None
    nested: bool = False
    object_head: str | None = None

    @property
    def unsure(self) -> bool:
        """No participant named and the trigger is not the sentence's own event (deep in
        the parse, or in a relative clause) and the sentence as a whole does not read as
        this type (`support`, the type classifier's probability, below SUPPORT_MIN; never
        enough in a relative clause or inside another noun phrase): which
        event the sentence reports, and so its type, would be a guess. Such mentions never
        start a fused event either."""
        return not self.actors and (self.depth >= 2 or self.background) and \
            (self.nested or (self.support or 0.0) < SUPPORT_MIN)


# -- which sentences to parse ---------------------------------------------------------------

#: Classifier probability of a mention's type (in its sentence) above which a deep mention
#: with no participant is taken as the sentence's event (chosen on half A of the PLOVER
#: gold records, docs/events.md).
SUPPORT_MIN = 0.1



#: Lemmas whose event needs another word of the sentence (a light verb's event noun, a
#: weapon fired, a tie restored ...): they let a sentence through only beside one of their
#: companions (`_dependent`), which are word lemmas too.
def _dependent_table() -> dict[str, frozenset[str]]:
    arms = set(lx.WEAPONS) | lx.CROWD_CONTROL | {"force", "fire"}
    relief = lx.RESTRICTIVE_NOUNS | lx.CLAIMS | {"emergency", "siege", "martial"}
    sent = lx.MATERIAL | lx.TROOP_WORDS | lx.DELEGATES | lx.VEHICLES | lx.GRANTED_RIGHTS | {
        "force", "peacekeeper", "peacekeeping", "up", "asylum"} | lx.GIVEN_RIGHTS
    table: dict[str, set[str]] = {}

    def add(words, companions) -> None:
        for w in words:
            table.setdefault(w, set()).update(companions)

    add(lx.LIGHT_VERBS - set(lx.VERBS), {"hostage", "captive", "emergency", "martial", "fire",
                                         "arm", "arms", "weapon", "down"} | relief)
    add(lx.RELIEVING_VERBS_BASE - set(lx.VERBS), relief)
    add(lx.TIE_VERBS - set(lx.VERBS), lx.TIES | {"relationship", "trade", "cooperation"})
    add({"use", "launch", "drop"}, arms | relief)
    add(lx.SEND_VERBS | lx.MOVING_VERBS - set(lx.VERBS), sent)
    add(lx.GATHERING_VERBS - set(lx.VERBS), lx.PROTESTERS | {"against"})
    add({"reach"}, lx.AGREEMENTS)
    add({"summon", "recall"}, lx.ENVOYS)
    add({"express", "voice", "convey", "reiterate"}, set(lx.EXPRESSED))
    add({"pull"}, lx.TROOP_WORDS | {"force", "out", "back"})
    add({"lay", "put", "place"}, {"down", "alert", "arrest"})
    add({"take", "hold", "seize"}, {"hostage", "captive", "street", "part", "custody"})
    add({"warrant"}, {"arrest"})
    add(lx.DEBT_RELIEF, lx.DEBTS)
    add(lx.REVERSING, lx.DECISIONS)
    add({"authorize", "authorise", "disburse"}, {"loan", "aid", "grant", "credit", "fund",
                                                 "package", "assistance"})
    add({"breach"}, {"ceasefire", "truce"})
    add({"close", "shut"}, lx.MEDIA | lx.BODIES | lx.POSTS)
    add({"declare", "impose", "proclaim", "introduce"}, {"emergency", "martial"})
    add({"press", "pressure", "push"}, {"to", "that"})
    add({"insist"}, {"that", "on"})
    add({"hand"}, {"over", "back", "power", "control"})
    add({"present", "produce", "submit", "show"}, {"evidence", "proof"})
    add({"test"}, set(lx.WEAPONS))
    add({"call"}, {"for", "on", "up", "off"} | set(lx.NOUNS))
    # "X said Y must do Z": the speaker's demand (`_demand`)
    add(lx.SPEECH | {"conclude", "insist", "stress", "declare"}, {"must", "should"})
    add({"cut"}, {"off"})
    add({"blow"}, {"up"})
    add({"vote"}, {"for", "against", "down", "favour", "favor"})
    add({"ignore", "disregard", "flout"}, _DEFIED)
    add({"attend"}, _MEETINGS | {"talks", "negotiations"})
    add({"lend"}, lx.MATERIAL)
    add({"return"}, {"fire"} | lx.RETURNED | lx.CAPTIVES)
    add({"fire"}, set(lx.WEAPONS) | lx.CROWD_CONTROL | {"on", "at", "cease", "test"})
    add({"set"}, {"fire", "ablaze"})
    add({"retract"}, lx.CLAIMS)
    add({"bar"}, {"enter", "entry"})
    add({"recommend"}, {"that"})
    add({"test"}, {"fire", "launch"})
    for noun in lx.NOUNS:  # "war games": "game" only beside "war"
        if " " in noun:
            first, last = noun.split(" ", 1)
            add({last}, {first})
    return {k: frozenset(v) for k, v in table.items()}


#: Irregular forms of trigger lemmas and of their companions (the rest inflect regularly).
_IRREGULAR_FORMS = {
    "met": "meet", "sent": "send", "gave": "give", "given": "give", "fought": "fight",
    "shot": "shoot", "struck": "strike", "stricken": "strike", "sold": "sell",
    "froze": "freeze", "frozen": "freeze", "held": "hold", "paid": "pay", "made": "make",
    "led": "lead", "brought": "bring", "withdrew": "withdraw", "withdrawn": "withdraw",
    "took": "take", "taken": "take", "began": "begin", "begun": "begin", "beaten": "beat",
    "spoke": "speak", "arose": "arise", "drove": "drive", "stole": "steal", "laid": "lay",
    "sought": "seek", "lent": "lend", "forgave": "forgive", "forgiven": "forgive",
    "undertook": "undertake", "undertaken": "undertake", "overran": "overrun",
    "swore": "swear", "sworn": "swear", "slain": "slay", "slew": "slay", "broke": "break",
    "broken": "break", "blew": "blow", "blown": "blow", "threw": "throw", "thrown": "throw",
    "stood": "stand", "sat": "sit", "wrote": "write", "written": "write", "chose": "choose",
    "ran": "run", "won": "win", "arms": "arm", "bade": "bid", "fled": "flee", "left": "leave",
    "flew": "fly", "went": "go", "gone": "go", "came": "come", "rode": "ride",
    "hostilities": "hostility", "men": "man", "women": "woman", "policemen": "policeman",
    "data": "datum", "media": "medium", "crises": "crisis", "analyses": "analysis",
    "pled": "plead", "said": "say", "told": "tell", "thought": "think",
}


def _inflections(lemma: str) -> set[str]:
    """The regular forms of a lemma, generously: -s, -es, -ed, -d, -ing, a doubled final
    consonant, a dropped final "e", "y" to "ie"; the lemmatizer maps them back."""
    w = lemma
    out = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing"}
    if w[-1:] not in "aeiouwxy":
        out |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    if w.endswith("e"):
        out |= {w[:-1] + "ing", w[:-1] + "ed"}
    if w.endswith("y") and len(w) > 2:
        out |= {w[:-1] + "ies", w[:-1] + "ied"}
    if w.endswith("ss") or w.endswith("sis"):
        out.add(w[:-2] + "es")
    return out


@lru_cache(maxsize=1)
def _filter_tables() -> tuple[frozenset[str], dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """(word forms that may be a trigger alone, word form -> forms of its companions, word
    form -> particles of its phrasal verbs)."""
    dependent = _dependent_table()
    alone = ({w for w in lx.VERBS if " " not in w} | {w for w in lx.NOUNS if " " not in w}
             | {w.replace(" ", "") for w in lx.NOUNS} | {
                 "capture", "hostage", "street", "receive", "torch", "responsible", "guilty",
                 "culpable"})
    alone -= set(dependent) - set(lx.VERBS)  # a verb trigger stands alone ("cancel")
    forms = {f for w in alone for f in _inflections(w)}
    with_companions: dict[str, set[str]] = {}
    for w, companions in dependent.items():
        cforms = frozenset(f for c in companions for f in _inflections(c))
        for f in _inflections(w):
            with_companions.setdefault(f, set()).update(cforms)
    phrasal: dict[str, set[str]] = {}
    for w in lx.VERBS:
        if " " in w:
            verb, particle = w.split(" ", 1)
            for f in _inflections(verb):
                phrasal.setdefault(f, set()).add(particle)
    for form, lemma in _IRREGULAR_FORMS.items():
        if lemma in alone:
            forms.add(form)
        if lemma in dependent:
            with_companions.setdefault(form, set()).update(
                f for c in dependent[lemma] for f in _inflections(c))
        for w in lx.VERBS:
            if w.startswith(lemma + " "):
                phrasal.setdefault(form, set()).add(w.split(" ", 1)[1])
    for companions in with_companions.values():  # irregular companions ("arms", "men")
        companions.update(f for f, lemma in _IRREGULAR_FORMS.items() if lemma in companions)
    return (frozenset(forms), {k: frozenset(v) for k, v in with_companions.items()},
            {k: frozenset(v) for k, v in phrasal.items()})


_WORD = re.compile(r"[A-Za-z]+")
#: Triggers the word forms above do not see: "a sit-in", "said no to", "test-fired".
_SPECIAL = re.compile(r"sit-ins?\b|\b(?:said|say|says|saying) no\b", re.IGNORECASE)


def may_hold_event(text: str) -> bool:
    """Cheap pre-filter: whether a sentence has a word that may be a trigger, or a word
    whose event needs another (a light verb and its event noun) beside that other word;
    only such sentences are parsed."""
    alone, with_companions, phrasal = _filter_tables()
    words = {w.lower() for w in _WORD.findall(text)}
    words.update(c for c in "$€£" if c in text)  # money given: "gave $5 million"
    if not words.isdisjoint(alone):
        return True
    for w in words:
        companions = with_companions.get(w)
        if companions is not None and not companions.isdisjoint(words):
            return True
        particles = phrasal.get(w)
        if particles is not None and not particles.isdisjoint(words):
            return True
    return _SPECIAL.search(text) is not None


# -- participants ----------------------------------------------------------------------------

#: Head nouns that stand for the state their nationality word names.
STATE_AGENTS = frozenset("""
official government authority administration force troop military army navy diplomat
president minister leader spokesman spokeswoman lawmaker parliament police ministry
embassy envoy ambassador delegation regime state country side cabinet premier chancellor
warship jet warplane submarine unit soldier commander general intelligence agency
counterpart
""".split())
_PRONOUNS = frozenset("he she it they him her them".split())
_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


class _Sentence:
    """One parsed sentence with the article's entity mentions inside it."""

    def __init__(self, doc, offset: int, analysis: ArticleAnalysis,
                 times: Sequence[TimeExpr] = (), text: str | None = None):
        self.doc = doc
        self.offset = offset
        self.analysis = analysis
        # `text` is the text the doc was made from (equal to doc.text, which spaCy
        # rebuilds token by token on every call)
        self.text = doc.text if text is None else text
        self.end = end = offset + len(self.text)
        self.time_spans = [(t.start, t.end) for t in times if offset <= t.start < end]
        self.dating: tuple[Sequence[TimeExpr], list[TimeExpr]] | None = None  # _dating_times
        self.mentions = [m for m in analysis.mentions
                         if m.entity_key and offset <= m.start and m.end <= end
                         and m.label in _ENTITY_LABELS]

    def span(self, token) -> tuple[int, int]:
        return self.offset + token.idx, self.offset + token.idx + len(token.text)

    def mention_at(self, token) -> Mention | None:
        s, e = self.span(token)
        for m in self.mentions:
            if m.start <= s and e <= m.end:
                return m
        return None


def _phrase_tokens(token) -> list:
    """The noun phrase of `token`: itself and its left modifiers (not clauses)."""
    keep = [t for t in token.lefts if t.dep_ in {"compound", "amod", "poss", "det", "nmod",
                                                 "nummod", "quantmod", "case", "punct"}]
    out = []
    for t in keep:
        out.extend(t.subtree)
    out.append(token)
    for t in token.rights:
        if t.dep_ in {"compound", "case"} or (t.dep_ == "appos" and False):
            out.append(t)
    return sorted(set(out), key=lambda t: t.i)


#: Heads that stand for their "of" phrase: "a group of Moroccan diplomats".
GROUP_HEADS = frozenset("""
group team number batch contingent band crowd delegation tens hundreds thousands dozens
millions
""".split())


def _members(token):
    """The head a "group of X" phrase stands for (itself when it is no such phrase)."""
    for _ in range(3):
        if token.lemma_.lower() not in GROUP_HEADS and token.lower_ not in GROUP_HEADS:
            break
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if pobj is None or pobj.pos_ == "NUM":
            break  # "a crowd of several thousand" stays the crowd
        token = pobj
    return token


#: Nouns for bodies that act, which "it" may stand for as it does for the body's name.
_BODY_NOUNS = frozenset("""
government administration ministry regime military army navy police party company firm
court parliament council committee campaign group agency department office team union
organization organisation coalition alliance country state nation city network newspaper
paper bank board commission cabinet leadership authority
""".split())


def _thing_before(sent: _Sentence, pronoun) -> bool:
    """Whether "it" reads as a thing its sentence names just before it rather than a named
    organisation or place: a clause above the pronoun's own has a singular common-noun
    subject that names no entity and no body that acts ("the truck was carrying arms and
    explosives when it struck the crowd": the truck, not the Regional Council named
    earlier; "the government said it would" stays the government's state)."""
    clause = pronoun.head
    for _ in range(8):
        if clause.head.i == clause.i:
            return False
        clause = clause.head
        subj = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is not None and subj.i < pronoun.i:
            return subj.tag_ == "NN" and sent.mention_at(subj) is None and \
                subj.lower_ not in GROUP_HEADS and subj.lemma_.lower() not in _BODY_NOUNS
    return False


def _participant(sent: _Sentence, token) -> Participant | None:
    """The participant a noun-phrase head stands for, or None for a non-entity phrase."""
    if sent.mention_at(token) is None:
        token = _members(token)
    if token.pos_ == "PRON" or token.lower_ in _PRONOUNS:
        if token.lower_ not in _PRONOUNS:
            return None
        s, e = sent.span(token)
        key = resolve_pronoun(sent.analysis, s)
        if key is not None and token.lower_ == "it" and _thing_before(sent, token):
            return None  # "the truck was carrying arms when it struck": the truck
        if key is None:
            speaker = _speaker(token)  # "the government said it would ...": the speaker
            return _participant(sent, speaker) if speaker is not None else None
        ante = next((m for m in sent.analysis.mentions
                     if m.entity_key == key and m.end <= s), None)
        ante = ante or next(m for m in sent.analysis.mentions if m.entity_key == key)
        return Participant(s, e, token.text, key, ante.start, ante.end, ante.label,
                           _country_of(ante))
    tokens = [t for t in _phrase_tokens(token) if t.dep_ not in {"det", "punct"}]
    if not tokens:
        return None
    start = sent.span(tokens[0])[0]
    end = sent.span(tokens[-1])[1]
    if any(s < end and start < e for s, e in sent.time_spans):
        return None  # "on Friday" is a time, not a target
    text = sent.analysis.text[start:end]
    head = sent.mention_at(token)
    if head is not None:
        start, end = min(start, head.start), max(end, head.end)
        country = _country_of(head)
        if head.text.lower() in {"north", "south"} and \
                f"{head.text.lower()} korea" in sent.analysis.text.lower():
            country = "KP" if head.text.lower() == "north" else "KR"  # "the North"
        return Participant(start, end, sent.analysis.text[start:end], head.entity_key,
                           head.start, head.end, head.label, country)
    if token.lemma_.lower() in STATE_AGENTS or token.lower_ in STATE_AGENTS:
        for t in tokens[:-1]:
            m = sent.mention_at(t)
            if m is not None and m.label in {"NORP", "GPE", "ORG"}:
                return Participant(start, end, text, m.entity_key, m.start, m.end, m.label,
                                   _country_of(m))
    if token.lower_ in {"north", "south"} and f"{token.lower_} korea" in sent.analysis.text.lower():
        return Participant(start, end, text, None, None, None, None,
                           "KP" if token.lower_ == "north" else "KR")
    country = None
    for t in tokens[:-1]:
        m = sent.mention_at(t)
        if m is not None and m.label in {"NORP", "GPE"}:
            country = _country_of(m)
    if token.pos_ in {"PROPN", "NOUN"} and any(c.isupper() for c in token.text[:1]):
        return Participant(start, end, text, None, None, None, None, None)
    if token.pos_ == "NOUN":
        return Participant(start, end, text, None, None, None, None,
                           None if country is None else None)
    return None


def _speaker(pronoun):
    """The subject of the speech verb whose reported clause has `pronoun` as its subject
    ("the rebels said they would attack": the rebels), when that subject is no pronoun."""
    if pronoun.dep_ not in {"nsubj", "nsubjpass"} or pronoun.lower_ not in {"it", "they"}:
        return None
    clause = pronoun.head
    for _ in range(3):
        if clause.dep_ == "ccomp" and clause.head.lemma_.lower() in lx.SPEECH | {
                "warn", "threaten", "promise", "vow", "pledge", "insist", "deny", "admit"}:
            subj = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
            if subj is None or subj.pos_ == "PRON":
                return None
            return subj
        if clause.dep_ not in {"conj", "xcomp"} or clause.head.i == clause.i:
            return None
        clause = clause.head
    return None


def _country_of(m: Mention) -> str | None:
    text = m.text
    if m.label in {"GPE", "NORP", "LOC"}:
        return (gazetteer.country_code(text) or gazetteer.demonym_code(text)
                or gazetteer.capital_state(text))
    if m.label == "ORG":
        inst = gazetteer.institution(text)
        return inst[1] if inst else None
    return None


def _conjuncts(token) -> list:
    """`token` and the tokens conjoined to it ("Pyongyang and Moscow")."""
    out = [token]
    for c in token.children:
        if c.dep_ == "conj" and c.pos_ in {"PROPN", "NOUN", "PRON", "ADJ"}:
            out.extend(_conjuncts(c))
    return out


def _participants(sent: _Sentence, token) -> list[Participant]:
    """Participants of a noun phrase and its conjuncts; "U.S. and South Korean
    officials" gives both states."""
    out: list[Participant] = []
    for t in _conjuncts(token):
        if t.pos_ == "ADJ":
            m = sent.mention_at(t)
            if m is not None:
                out.append(Participant(m.start, m.end, m.text, m.entity_key, m.start, m.end,
                                       m.label, _country_of(m)))
            continue
        p = _participant(sent, t)
        if p is not None:
            out.append(p)
        if t is token and t.lemma_.lower() in STATE_AGENTS:
            # "U.S. and South Korean officials": conjoined nationality modifiers
            for child in t.lefts:
                for c in child.conjuncts if child.dep_ in {"nmod", "amod", "compound"} else ():
                    m = sent.mention_at(c)
                    if m is not None and all(p.entity_key != m.entity_key for p in out):
                        out.append(Participant(m.start, m.end, m.text, m.entity_key, m.start,
                                               m.end, m.label, _country_of(m)))
    seen, unique = set(), []
    for p in out:
        key = p.entity_key or p.text
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


# -- triggers --------------------------------------------------------------------------------

_NOUN_NEEDS: dict[str, frozenset[str]] = {
    "call": frozenset({"phone", "telephone", "conference", "video"}),
    "charge": frozenset({"against", "file", "bring", "face", "press", "drop"}),
    "release": frozenset({"of"}),
    "exercise": frozenset({"military", "joint", "naval", "combined", "war", "air", "drill",
                           "live-fire", "army"}),
    "drill": frozenset({"military", "joint", "naval", "combined", "war", "air", "live-fire"}),
    "maneuver": frozenset({"military", "joint", "naval", "combined", "war", "air", "army"}),
    "manoeuvre": frozenset({"military", "joint", "naval", "combined", "war", "air", "army"}),
    "supply": frozenset({"of", "arm", "weapon", "ammunition"}),
    "transfer": frozenset({"weapon", "arm", "technology", "munition", "of"}),
    "support": frozenset({"for", "military", "political", "diplomatic"}),
    "march": frozenset({"protest", "through", "against", "on"}),
    "offer": frozenset({"of", "to"}),
    "talk": frozenset(),
    "execution": frozenset({"of"}),
    "delivery": frozenset({"of", "arm", "weapon"}),
    "alert": frozenset({"high", "maximum", "combat", "full", "red", "heightened", "military"}),
    "sentence": frozenset({"prison", "jail", "death", "life", "hand", "receive", "serve",
                           "impose", "year", "month"}),
}
_VERB_NEEDS_OBJECT: dict[str, frozenset[str]] = {
    "share": frozenset({"intelligence", "information", "technology", "data", "expertise",
                        "evidence"}),
    # "blocked the bridge" is an obstruction; "blocked the bill" is not
    "block": frozenset({"road", "roadway", "bridge", "street", "highway", "transport", "entrance",
                        "border", "crossing", "railway", "port", "traffic", "route", "access"}),
    # "defended the right of" is support; "defended the city" is not
    "defend": frozenset({"right", "decision", "policy", "action", "move", "record", "position",
                         "stance", "plan", "law", "deal", "agreement", "choice"}),
}
_SPEECH_LIKE = lx.SPEECH | {"hope", "expect", "fear", "worry"}
#: Verbs whose subject is the actor of the event noun they order ("ordered patrols").
_ORDERING = frozenset({"order", "authorize", "authorise", "command", "direct"})
#: Light verbs that break off what their object names: "ended mediation", "ended military
#: cooperation" are PLOVER SANCTION/discontinue (CAMEO 16: halt negotiations, mediation,
#: aid), but ending a visit or a summit is its normal close.
_ENDING = frozenset({"end"})
_DISCONTINUABLE = frozenset({lx.CONSULT, lx.COOPERATE, lx.AID, lx.SUPPORT})
_GATHERINGS = frozenset({"summit", "meeting", "visit", "trip", "tour", "exercise", "drill",
                         "maneuver", "manoeuvre", "game"})


def _children_words(token) -> set[str]:
    out = set()
    for c in token.children:
        out.add(c.lemma_.lower())
        out.add(c.lower_)
    if token.head.i != token.i:
        out.add(token.head.lemma_.lower())
    return out


def _object(token):
    for c in token.children:  # a loop, not a generator: called for every verb
        if c.dep_ in _OBJECT_DEPS:
            return c
    return None


_OBJECT_DEPS = frozenset({"dobj", "obj"})


_KNOWN_VERBS = frozenset(lx.VERBS) | lx.LIGHT_VERBS | lx.WEAPON_VERBS | lx.SEND_VERBS


def _lemma(token) -> str:
    """The token's lemma, mended where the lemmatizer cut a verb's final "e" ("staged"
    -> "stag" rather than "stage")."""
    lemma = token.lemma_.lower()
    if lemma == "fire" and token.i >= 2 and token.doc[token.i - 1].text in {"-", "‑"} and \
            token.doc[token.i - 2].lower_ == "cease":
        return "ceasefire"  # "cease-fire"
    if lemma not in _KNOWN_VERBS and lemma + "e" in _KNOWN_VERBS and \
            token.tag_.startswith("VB") and token.lower_.startswith(lemma):
        return lemma + "e"
    return lemma


#: Nouns that only measure or frame the event noun they carry: "launched 10 days of war
#: games", "ended mediation efforts", "held a round of talks".
CARRIERS = frozenset(
    "day week month hour round series wave effort campaign process bout spate string session"
    .split())


def _carrier(token):
    """The noun a trigger noun stands under when a carrier noun frames it ("days of war
    games", "mediation efforts"), else the trigger itself."""
    for _ in range(2):
        if token.dep_ == "compound" and token.head.lemma_.lower() in CARRIERS:
            token = token.head
        elif token.dep_ == "pobj" and token.head.lower_ == "of" and \
                token.head.head.lemma_.lower() in CARRIERS:
            token = token.head.head
        else:
            break
    return token


_PARTICLES = frozenset({"down", "out", "off", "up", "back", "away", "aside"})
#: Words that make "on X" a date, not the particle of a phrasal verb ("call on").
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday today "
                      "yesterday tonight january february march april may june july august "
                      "september october november december weekend".split())


#: Lemmas for which the noun rules of `_trigger` may find an event: the lexicon's nouns
#: and the nouns its special cases name (a guard; the rules themselves decide).
_NOUN_TRIGGER_LEMMAS = frozenset(lx.NOUNS) | {
    "game", "deployment", "dispatch", "attack", "strike", "protest", "warrant", "test"}


#: What one beats in a contest, and words of a sentence about one (an election, a game).
_CONTEST_OBJECTS = frozenset("""
expectation poll odds goal record deadline challenge estimate forecast projection target
establishment machine rival opponent incumbent challenger field favorite frontrunner
front-runner competition competitor
""".split())
#: Objects of a figure of speech ("beating the hell out of superdelegates").
_BEAT_IDIOMS = frozenset("hell crap heck daylights stuffing living odds clock".split())
#: What beats without beating anyone ("its heart beating", "drums beat").
_BEATING_THINGS = frozenset("heart pulse drum wing rain sun wave".split())
_CONTEST_WORDS = frozenset("""
poll primary caucus election race vote voter percent point matchup match-up nomination
nominee ballot contest delegate candidate campaign game championship season rival
general runoff opponent win team cup match title final tournament score round league
benchmark
""".split())
#: A score or tally ("6-4", "3-0"): a contest.
_SCORE = re.compile(r"\d+[-\u2013]\d+")


#: What a measure reaches: "hit 107 degrees" is no blow.
_LEVELS = frozenset("""
degree percent point maximum minimum level mark high low record peak dollar cent yen euro
pound mile mph foot feet meter metre inch decibel dba million billion trillion thousand
fahrenheit celsius
""".split())


def _beating_thing(token) -> bool:
    """Whether what beats is a heart, a drum, wings ...: no one is beaten."""
    subj, _ = _subject(token)
    return (subj is not None and subj.lemma_.lower() in _BEATING_THINGS) or any(
        c.dep_ in {"nsubj", "compound"} and c.lemma_.lower() in _BEATING_THINGS
        for c in token.children)  # "its heart beating" (parsed as a compound)


def _contest(token, obj_lemma: str) -> bool:
    """Whether an active "beat" is a win in a contest, not a beating: its object is an
    expectation, a poll, a goal ..., its sentence speaks of an election or a game or
    gives a score ("51% to 36%", "6-4, 6-3"), it is "beaten out", or a name or a
    person's pronoun is what one can, will or would beat ("only Cruz can beat Trump",
    "I'd beat him"). A beating is told in the passive ("were beaten by agents") or with
    "up"."""
    if any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children):
        return True  # "was beaten out by Gantenbein for first place"
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in token.children):
        # "was beaten in the Republican primary by Brooks": a contest named by a phrase
        # of the verb's own, and no harm said in the sentence
        return any(c.dep_ == "prep" and c.lower_ in {"in", "for"} and any(
            t.lemma_.lower() in _CONTEST_WORDS for t in c.subtree) for c in token.children
        ) and not any(t.lemma_.lower() in _HARM_OR_ARMS for t in token.sent if t.i != token.i)
    if obj_lemma in _CONTEST_OBJECTS or any(
            t.lemma_.lower() in _CONTEST_WORDS or t.text == "%" or _SCORE.fullmatch(t.text)
            for t in token.sent):
        return True
    obj = _object(token)
    able = any(c.dep_ == "aux" and (c.tag_ == "MD" or c.lower_ == "to")
               for c in token.children)
    return able and obj is not None and (obj.pos_ == "PROPN" or obj.lower_ in
                                         {"him", "her", "them", "us", "me", "guy"})


def _trigger(token) -> tuple[str, str | None] | None:
    """(type, mode) when `token` is an event trigger, else None."""
    lemma = _lemma(token)
    if token.pos_ in {"VERB", "AUX"} or (token.tag_.startswith("VB") and token.pos_ != "NOUN"):
        particles = [c.lower_ for c in token.children if c.dep_ == "prt" or (
            c.dep_ == "advmod" and c.lower_ in _PARTICLES)]  # "stepped down" (advmod)
        preps = [c.lower_ for c in token.children if c.dep_ == "prep" and not any(
            o.ent_type_ in {"DATE", "TIME"} or o.lower_ in _WEEKDAYS for o in c.children)]
        prts = set(particles) | set(preps)  # "called off the strike on Friday": not "call on"
        if lemma == "protest" and "against" in prts:
            subj, _ = _subject(token)
            if subj is not None and (subj.lemma_.lower() in lx.CROWDS or
                                     _members(subj).lemma_.lower() in lx.CROWDS):
                return lx.PROTEST, "demo"  # "demonstrators protested against the law"
        if lemma == "protest":
            subj, _ = _subject(token)
            if subj is not None and subj.lemma_.lower() not in lx.CROWDS and (
                    subj.tag_ == "NNP" or subj.lemma_.lower() in STATE_AGENTS - {
                        "police", "troop", "force", "army", "soldier"}):
                return lx.ACCUSE, "disapprove"  # "Britain protested to Iran": diplomatic
        if lemma == "pull" and "out" in prts and (o := _object(token)) is not None \
                and o.lemma_.lower() == "stop":
            return None  # "pulling out all the stops": an idiom (doing everything), no retreat
        for p in sorted(particles) + sorted(preps):  # a particle first
            if f"{lemma} {p}" in lx.VERBS:
                return lx.VERBS[f"{lemma} {p}"]
            if p in particles and f"{lemma}_{p}" in lx.RELIEVING_VERBS:
                break
        obj = _object(token)
        obj_lemma = obj.lemma_.lower() if obj is not None else ""
        if obj is not None and obj_lemma in GROUP_HEADS | {"dozen", "hundred", "thousand"}:
            obj_lemma = _members(obj).lemma_.lower()  # "shut down dozens of cafes"
        if lemma in {"fire", "launch"} and token.i >= 2 and \
                token.doc[token.i - 1].text == "-" and token.doc[token.i - 2].lower_ == "test":
            return lx.MOBILIZE, "weapons"  # "test-fired a missile": readiness, not an attack
        if lemma in lx.WEAPON_VERBS and obj is not None and _weapon(obj):
            if {t.lemma_.lower() for t in obj.subtree} & lx.CROWD_CONTROL:
                return lx.ASSAULT, "crowd-control"  # "fired tear gas", "used water cannon"
            return lx.ASSAULT, _weapon(obj)
        if lemma in lx.WEAPON_VERBS and obj is not None and \
                {t.lemma_.lower() for t in obj.subtree} & lx.CROWD_CONTROL:
            return lx.ASSAULT, "crowd-control"
        if lemma in lx.GATHERING_VERBS | {"take", "strike"} and obj is None or (
                lemma == "take" and "to" in prts):
            subj, _ = _subject(token)
            crowd = subj is not None and (subj.lemma_.lower() in lx.CROWDS or
                                          _members(subj).lemma_.lower() in lx.CROWDS)
            streets = lemma == "take" and any(
                o.lemma_.lower() == "street" for c in token.children
                if c.dep_ == "prep" and c.lower_ == "to" for o in c.children)
            if streets or (crowd and lemma in lx.GATHERING_VERBS and _protesting(token, subj)):
                return lx.PROTEST, "demo"  # "hundreds gathered to demand", "took to the
            if crowd and lemma == "strike":  # streets"; "teachers have been striking"
                return lx.PROTEST, "strike"
        if lemma == "cut" and "off" in prts:
            cut = obj_lemma or next((c.lemma_.lower() for c in token.children
                                     if c.dep_ == "nsubjpass"), "")
            if cut in lx.CUT_TIES:
                return lx.SANCTION, "discontinue"  # "cut off aid", "cut off ties"
            if cut in lx.CUT_GOODS:
                return lx.COERCE, "withhold"  # "cut off internet access"
            return None
        if lemma in {"storm", "occupy"}:
            subj, _ = _subject(token)
            if subj is not None and (subj.lemma_.lower() in lx.CROWDS or
                                     _members(subj).lemma_.lower() in lx.CROWDS):
                return lx.PROTEST, None  # "protesters stormed the palace": not an army
        if lemma in {"express", "voice", "convey", "reiterate"} and obj_lemma in lx.EXPRESSED:
            return lx.EXPRESSED[obj_lemma]  # "expressed willingness to", "voiced concern"
        # "beating the hell out of", "its heart beating"; "Clinton would beat Trump",
        # "beat expectations": a figure of speech or a win, no assault
        if lemma == "beat" and "up" not in prts and (
                obj_lemma in _BEAT_IDIOMS or _beating_thing(token) or _contest(token, obj_lemma)):
            return None
        versioned = _verb_class(token, lemma, obj, obj_lemma, prts)
        if versioned is not None:
            return versioned or None
        if lemma == "quit" and obj_lemma in lx.WITHDRAWN_FROM:
            return lx.SANCTION, "withdraw"  # "quit the talks"; quitting a post is resigning
        if lemma == "summon" and obj_lemma in lx.ENVOYS:
            return lx.ACCUSE, "disapprove"  # summoning an envoy: a complaint (the manual)
        if lemma == "recall" and obj_lemma in lx.ENVOYS:
            return lx.SANCTION, "withdraw"  # "recalled its ambassador"
        if lemma in {"open", "return"} and obj_lemma == "fire":
            return lx.ASSAULT, None  # "opened fire on protesters"
        if lemma in {"take", "hold", "seize"} and obj_lemma in {"hostage", "captive"}:
            return lx.ASSAULT, "abduct"  # "took hostages", "held them hostage"
        if lemma == "test" and obj is not None and _weapon(obj):
            return lx.MOBILIZE, "weapons"
        if lemma in lx.TIE_VERBS and obj_lemma in lx.TIES:
            mods = {c.lemma_.lower() for c in obj.children if c.dep_ in {"amod", "compound"}}
            return (lx.COOPERATE, None) if mods & lx.MATERIAL_TIES else (lx.SUPPORT, None)
        if lemma in lx.TIE_VERBS and obj_lemma in {"trade", "cooperation"}:
            return lx.COOPERATE, None  # "will expand trade with" (CAMEO 061)
        if lemma == "reach" and any(c.lemma_.lower() in lx.AGREEMENTS for c in token.children
                                    if c.dep_ in {"dobj", "obj", "nsubjpass"}):
            return lx.AGREE, None  # "reached a deal", "an agreement was reached"
        if lemma in {"lay", "put"} and "down" in prts and obj_lemma in {"arm", "weapon"}:
            return lx.RETREAT, "disarm"  # "agreed to lay down their arms"
        if lemma == "pull" and (obj_lemma in lx.TROOP_WORDS or obj_lemma == "force"):
            return lx.RETREAT, "withdraw"  # "pulled its forces from Tarsk"
        if lemma in {"destroy", "kill", "injure", "wound", "damage"}:
            subj, _ = _subject(token)
            by = [o for c in token.children if c.dep_ == "agent" for o in c.children]
            if any(t.lemma_.lower() in lx.HAZARDS | lx.ACCIDENTS for t in
                   ([subj] if subj is not None else []) + by):
                return None  # "the storm destroyed homes", "killed by the crash": no assault
        agent_event = _agent_event(token)
        if agent_event is not None:
            return agent_event  # "the site was hit by a cyberattack": the attack's type
        if lemma == "set" and obj_lemma == "fire" or lemma == "torch":
            subj, _ = _subject(token)
            if subj is not None and (subj.lemma_.lower() in lx.CROWDS or
                                     _members(subj).lemma_.lower() in lx.CROWDS):
                return lx.PROTEST, "riot"  # "protesters set fire to the gates"
            return lx.ASSAULT, "primitive"  # "set fire to houses" (fire: primitive weapon)
        if lemma == "say" and token.i + 2 < len(token.doc) and \
                token.doc[token.i + 1].lower_ == "no" and token.doc[token.i + 2].lower_ == "to":
            return lx.REJECT, None  # "said no to the initiative"
        if lemma in {"withdraw", "drop", "abandon", "retract"} and obj_lemma in lx.CLAIMS:
            return lx.CONCEDE, None  # "withdrew its demand" (PLOVER: a concession)
        if lemma in {"bar", "ban"} and any(t.lemma_.lower() in {"enter", "entry"}
                                           for t in token.subtree):
            return lx.REJECT, None  # barring entry to a territory (the manual: REJECT)
        if lemma == "capture" and obj is not None:
            if obj_lemma in lx.COMBATANTS:
                return lx.ASSAULT, "abduct"  # combatants captured (not an arrest)
            if obj.ent_type_ in {"GPE", "LOC", "FAC"} or obj_lemma in {
                    "town", "city", "village", "base", "territory", "area", "district",
                    "airport", "port", "stronghold", "hill", "region", "province"}:
                return lx.ASSAULT, None
            return None
        if lemma == "withdraw" or (lemma == "pull" and "out" in prts):
            src = [o for c in token.children if c.dep_ == "prep" and c.lower_ == "from"
                   for o in c.children if o.dep_ == "pobj"]
            if obj_lemma in lx.WITHDRAWN_RESOURCES or (obj is None and any(
                    o.lemma_.lower() in lx.WITHDRAWN_FROM or o.ent_type_ == "ORG"
                    for o in src)):
                return lx.SANCTION, "withdraw"  # non-military: reduces relations
        lifted = obj if obj is not None else next(
            (c for c in token.children if c.dep_ == "nsubjpass"), None)  # "was lifted"
        if lemma in lx.RELIEVING_VERBS or ("off" in prts and f"{lemma}_off" in
                                           lx.RELIEVING_VERBS):
            relief = _relief(token, lifted)
            if relief is not None:
                return relief
        if lemma in lx.SEND_VERBS:
            if obj_lemma in lx.TROOP_WORDS:
                return lx.MOBILIZE, "troops"
            if obj is not None and _material(obj):
                return lx.AID, None
            return None
        if lemma in {"provide", "supply", "deliver"} and obj_lemma in lx.TROOP_WORDS:
            return lx.MOBILIZE, "troops"
        if lemma in {"provide", "supply", "deliver", "ship", "transfer"} and \
                not _material(token) and "up" not in prts:
            return None
        if lemma in _VERB_NEEDS_OBJECT and obj_lemma not in _VERB_NEEDS_OBJECT[lemma]:
            return None
        if lemma == "talk" and "with" not in prts:
            return None
        if lemma == "ask" and not any(c.dep_ in {"xcomp", "ccomp"} for c in token.children) \
                and "for" not in prts:
            return None
        if lemma == "seek" and any(c.dep_ == "xcomp" for c in token.children):
            return None  # "sought to rebuild ties" is an aim, not a request
        if lemma == "strike" and obj is None:
            return None
        if lemma == "decline" and not any(c.dep_ == "xcomp" for c in token.children) and \
                not (obj_lemma in lx.NOUNS or obj_lemma in {"comment", "request", "invitation"}):
            return None  # "declined to comment", "declined the offer"; not "prices declined"
        if lemma in {"allow", "permit"} and (obj_lemma in lx.ACCESS_WORDS or any(
                s.dep_ == "nsubj" and s.lemma_.lower() in lx.ACCESS_WORDS
                for c in token.children if c.dep_ in {"ccomp", "xcomp"} for s in c.children)):
            return lx.RETREAT, "access"  # "allowed the delivery of grain", "allowed
            # inspectors to return"
        if lemma == "release" and obj_lemma in lx.DOCUMENTS:
            return None  # "released a report" frees no one
        if lemma == "grant" and obj_lemma in lx.GRANTED_RIGHTS:
            return lx.CONCEDE, None  # "granted citizenship", "granted an amnesty"
        if lemma in {"sell", "export"} and not _armed(token):
            return lx.COOPERATE, None  # trade in goods; arms sales stay AID
        if lemma == "expel":
            who = obj if obj is not None else next(
                (c for c in token.children if c.dep_ == "nsubjpass"), None)
            if who is not None and who.pos_ == "PROPN":  # "the journalist Pavel Rusk"
                who = next((c for c in who.children if c.dep_ in {"compound", "appos"} and
                            c.lemma_.lower() in lx.INDIVIDUALS), who)
            if who is not None and (who.lemma_.lower() in lx.INDIVIDUALS or
                                    who.ent_type_ == "PERSON") and not any(
                    o.lemma_.lower() in {"party", "group", "organization", "organisation",
                                         "union", "league", "parliament", "assembly"}
                    for c in token.children if c.dep_ == "prep" and c.lower_ == "from"
                    for o in c.children):
                return lx.COERCE, "deport"  # an individual expelled from a country
        found = lx.VERBS.get(lemma)
        if found and found[0] == lx.CONSULT and lemma == "host":
            return found
        return found
    if token.pos_ in {"NOUN", "PROPN"}:
        if lemma not in _NOUN_TRIGGER_LEMMAS and token.lower_ != "in":
            return None  # none of the rules below can find an event (a sit-in's head is "in")
        mods = {c.lower_ for c in token.children if c.dep_ in {"compound", "amod", "nmod"}}
        mod_lemmas = {c.lemma_.lower() for c in token.children
                      if c.dep_ in {"compound", "amod", "nmod"}}
        if lemma == "game" and "war" in mods:
            return lx.COOPERATE, None
        if lemma in {"deployment", "dispatch"} and any(
                t.lemma_.lower().startswith("peacekeep") for t in token.subtree):
            return lx.AID, None  # peacekeepers deployed: assistance (as the verb)
        if token.lower_ == "in" and token.i >= 2 and token.doc[token.i - 1].text == "-" and \
                token.doc[token.i - 2].lower_ == "sit":
            return lx.PROTEST, "demo"  # "a sit-in": the head is "in"
        if lemma == "attack" and (mods | mod_lemmas) & lx.CYBER_WORDS:
            return lx.COERCE, "cyber"  # "a cyber attack", "a ransomware attack"
        if lemma == "attack" and token.dep_ == "compound" and \
                token.head.lemma_.lower() in lx.ATTACK_THINGS:
            return None  # "attack ads", "an attack dog": things, no attack
        if lemma in lx.WORD_FIGHTS and mod_lemmas & lx.CONTEST_FIGHTS and \
                not _children_words(token) & _FORCE_WORDS:
            return None  # "the delegate battle", "a legal battle", "a culture clash"
        if lemma == "strike":
            if "hunger" in mods:
                return lx.PROTEST, "hunger"
            if mods & lx.ATTACK_WORDS or mod_lemmas & lx.ATTACK_WORDS:
                return lx.ASSAULT, _weapon_word(mods | mod_lemmas) or "aerial"
            if token.pos_ == "PROPN":
                return None
            return lx.PROTEST, "strike"
        if lemma == "protest" and (mods & lx.DIPLOMATIC_PROTEST or token.head.lemma_.lower()
                                   in {"lodge", "file", "register", "issue", "deliver"}):
            return lx.ACCUSE, "disapprove"  # "lodged an official protest with Albania"
        if lemma == "warrant" and "arrest" in mods | mod_lemmas:
            return lx.THREATEN, "arrest"  # an arrest warrant (the manual: THREATEN arrest)
        if lemma == "arrest" and token.dep_ == "compound" and \
                token.head.lemma_.lower() == "warrant":
            return None
        if lemma == "test" and (mods | mod_lemmas) & set(lx.WEAPONS):
            return lx.MOBILIZE, "weapons"
        if lemma == "talk" and token.lower_ != "talks":
            return None
        if lemma == "call" and "phone" not in mods and "telephone" not in mods:
            return None
        if lemma in _NOUN_NEEDS and _NOUN_NEEDS[lemma] and \
                not (_NOUN_NEEDS[lemma] & _children_words(token)) and \
                not (lemma == "alert" and _alerted(token)):
            return None  # "placed its forces on alert" needs no "high"
        if token.pos_ == "PROPN" and lemma not in {"summit"}:
            return None
        found = lx.NOUNS.get(lemma)
        if found and lemma in {"exercise", "drill", "maneuver", "manoeuvre"}:
            return (lx.COOPERATE, None) if {"joint", "combined"} & mods else (
                lx.MOBILIZE, "troops")
        return found
    return None


def _verb_class(token, lemma: str, obj, obj_lemma: str, prts: set[str]):
    """Verb classes from the manual's category definitions whose type depends on the object
    (version 5; each checked on fictional sentences): (type, mode), () for no event, or
    None when no class applies."""
    if lemma in _GIVING and obj_lemma in {"ultimatum", "threat", "warning"}:
        return lx.THREATEN, None  # "gave Varnia an ultimatum" (CAMEO 139): not aid
    if lemma in {"kill", "destroy"} and obj_lemma in lx.ABSTRACT_HARMED:
        return ()  # "killed my enthusiasm", "destroying my career": no assault
    if lemma == "kill" and obj_lemma in lx.MOTIONS:
        return lx.REJECT, None  # "killed the bill", as "blocked the bill"
    if lemma == "hit" and token.dep_ == "amod":
        return ()  # "the hit show"
    if lemma == "hit" and obj is not None and (obj.like_num or obj.text == "%" or
                                               obj_lemma in _LEVELS):
        return ()  # "hit 107 degrees", "hitting 16.057%", "hit a maximum of 89": a level
    if lemma == "hit" and any(c.dep_ == "nsubjpass" and c.lemma_.lower() in lx.ECONOMY_WORDS
                              for c in token.children):
        return ()  # "sales have been badly hit"
    if token.lower_ == "wound" and "up" in prts:
        return ()  # "we wound up with": winding, no wound
    if token.lower_ == "striking" and token.dep_ in {"acomp", "amod"}:
        return ()  # "it's striking that"
    if lemma == "strike" and obj_lemma in lx.AGREEMENTS:
        return lx.AGREE, None  # "struck a deal": as "reached a deal"
    if lemma == "strike" and obj_lemma in lx.STRUCK_IDIOMS or \
            lemma == "hit" and obj_lemma in lx.HIT_IDIOMS:
        return ()  # "struck a similar tune", "hit the campaign trail": no blow
    if lemma in {"fight", "battle"} and obj is None and (
            "for" in prts or any(c.dep_ == "xcomp" for c in token.children)) and \
            not _combatant_subject(token) and not any(
                t.lemma_.lower() in _FORCE_OR_WAR for t in token.sent):
        return ()  # "fought hard for his agenda", "fighting to keep the tax": advocacy
    if lemma in _GIVING and obj_lemma == "recognition":
        return lx.SUPPORT, None  # "granted diplomatic recognition" (CAMEO 054)
    if lemma == "attend" and obj_lemma in _MEETINGS and any(c.dep_ == "neg"
                                                            for c in token.children):
        return lx.CONSULT, None  # "will not attend the summit": a refusal (the meeting
        # noun carries an attended one)
    if lemma in {"ignore", "disregard", "flout"} and obj_lemma in _DEFIED:
        return lx.REJECT, None  # "ignored the order to disarm": defiance (CAMEO 128)
    if lemma == "dismiss" and obj is not None and (
            obj_lemma in lx.TARGETED or _members(obj).lemma_.lower() in lx.TARGETED):
        return ()  # "dismissed his interior minister": a firing, not a rejection
    if lemma == "hand" and ("over" in prts or "back" in prts or obj_lemma in {"power",
                                                                              "control"}):
        handed = obj_lemma or next((c.lemma_.lower() for c in token.children
                                    if c.dep_ == "nsubjpass"), "")
        if handed in lx.HANDED_ARMS:
            return lx.RETREAT, "disarm"  # "handed over its weapons"
        if handed in lx.HANDED_GROUND:
            return lx.RETREAT, "withdraw"  # "handed over the base": ceding ground
        if handed in lx.CAPTIVES:
            return lx.RETREAT, "release"  # "handed over the prisoners"
        if handed in {"property", "asset", "land", "farm", "house", "building"}:
            return lx.RETREAT, None  # the return of confiscated property (the manual)
        if obj is not None and (obj.pos_ == "PROPN" or handed in lx.SUSPECTS):
            return lx.COOPERATE, None  # "handed over a suspect to Afghan authorities"
        return ()
    if lemma == "receive" and obj is not None:
        if _material(obj):
            return lx.AID, None  # "received weapons from the government": its aid
        if obj_lemma in STATE_AGENTS | lx.DELEGATES:
            return lx.CONSULT, "visit"  # "received the visiting minister": a host
        return ()
    if lemma == "give" and "up" in prts:
        if obj_lemma in lx.HANDED_ARMS:
            return lx.RETREAT, "disarm"  # "gave up their weapons"
        if obj_lemma in lx.HANDED_GROUND:
            return lx.RETREAT, "withdraw"
        if obj_lemma in lx.GIVEN_UP:
            return lx.CONCEDE, None  # "will not give up its nuclear programme"
        return ()  # "gave up looking for work", "is not giving up"
    if lemma == "give" and obj_lemma in lx.GIVEN_RIGHTS:
        return lx.CONCEDE, None  # "gave permission", as "granted"
    if lemma in {"give", "offer"} and obj_lemma == "asylum":
        return lx.AID, None  # asylum is aid (the manual)
    if lemma == "lend" and not _material(token):
        return ()  # "lent his ear", "lent his support"
    if lemma == "blow" and "up" in prts:
        if obj is None or obj.lower_ in {"himself", "herself", "themselves", "itself"} or \
                obj_lemma in lx.BLOWN_UP:
            return lx.ASSAULT, "suicide-attack" if obj is not None and obj.lower_.endswith(
                ("self", "selves")) else "explosives"
        return ()  # "blow up the establishment"
    if lemma in {"present", "produce", "submit", "provide", "offer", "show"} and \
            obj_lemma in {"evidence", "proof"} and any(
            c.dep_ == "prep" and c.lower_ == "against" for c in obj.children):
        return lx.ACCUSE, "allege"  # "presented evidence against Russia"
    if lemma == "attack" and obj_lemma in lx.VERBAL_TARGETS and not (
            obj_lemma == "position" and obj.tag_ == "NNS"):  # "rebel positions": ground
        return lx.ACCUSE, "disapprove"  # "attacked the decision": in words
    if lemma == "take" and any(o.lemma_.lower() == "custody" for c in token.children
                               if c.dep_ == "prep" and c.lower_ == "into"
                               for o in c.children):
        return lx.COERCE, "arrest"  # "took him into custody"
    if lemma == "vote":  # for or against a motion, not a candidate ("voted for Trump")
        for c in token.children:
            if c.dep_ == "prep" and c.lower_ in {"for", "against"} and any(
                    o.lemma_.lower() in lx.MOTIONS | {"initiative", "referendum"}
                    for o in c.children if o.dep_ == "pobj"):
                return (lx.SUPPORT, None) if c.lower_ == "for" else (lx.REJECT, None)
            if c.dep_ == "prep" and c.lower_ == "in" and any(
                    o.lemma_.lower() in {"favour", "favor"} and any(
                        m.lemma_.lower() in lx.MOTIONS for p in o.children if p.lower_ == "of"
                        for m in p.children) for o in c.children):
                return lx.SUPPORT, None  # "voted in favour of the resolution"
        return None
    if lemma == "block" and obj_lemma in lx.MOTIONS:
        return lx.REJECT, None  # "blocked the resolution"
    if lemma in {"close", "shut"} and obj_lemma in lx.POSTS:
        return lx.SANCTION, "discontinue"  # "closed its embassy": reduced relations
    if lemma in {"ban", "halt", "suspend", "stop"} and obj_lemma in lx.EXCHANGES:
        return lx.SANCTION, "discontinue"  # "banned imports from Kolm"
    if lemma == "return" and obj_lemma in lx.RETURNED | lx.CAPTIVES:
        return (lx.RETREAT, "release") if obj_lemma in lx.CAPTIVES else (lx.RETREAT, None)
    if lemma in lx.DEBT_RELIEF and (obj_lemma in lx.DEBTS or any(
            t.lemma_.lower() in lx.DEBTS for t in (obj.subtree if obj is not None else ()))):
        return lx.AID, None  # "agreed to cancel half of Uganda's debt" (the manual)
    if lemma in lx.REVERSING and obj_lemma in lx.DECISIONS:
        return lx.CONCEDE, None  # "reversed its decision to close the camp"
    if lemma in {"approve", "authorize", "authorise", "release", "disburse"} and \
            obj_lemma in {"loan", "aid", "grant", "credit", "fund", "package", "assistance"}:
        return lx.AID, None  # "approved a $200 million loan to Vietnam"
    if lemma in {"break", "breach", "violate"} and obj_lemma in {"ceasefire", "truce"}:
        return lx.ASSAULT, None  # breaking a ceasefire is fighting (CAMEO 196)
    if lemma in {"close", "shut"}:
        if obj_lemma in lx.MEDIA:
            return lx.COERCE, "censor"  # "closed three independent newspapers"
        if obj_lemma in lx.BODIES:
            return lx.COERCE, "restrict"
        return () if lemma == "shut" else None
    if lemma in lx.MOVING_VERBS | lx.SEND_VERBS and obj is not None:
        words = {t.lemma_.lower() for c in token.children if c is obj or c.dep_ == "prep"
                 for t in c.subtree}  # "sent troops as part of a peacekeeping force"
        if any(w.startswith("peacekeep") for w in words):
            return lx.AID, None  # peacekeepers sent: military assistance (the manual's AID)
        if lemma in lx.MOVING_VERBS and obj_lemma in lx.TROOP_WORDS | {"force"}:
            return lx.MOBILIZE, "troops"  # "moved troops and tanks to the border"
        if lemma in lx.MOVING_VERBS and obj_lemma in lx.VEHICLES:
            return lx.MOBILIZE, "weapons"
        if lemma in lx.SEND_VERBS and obj_lemma in lx.DELEGATES - {"team"}:
            return lx.CONSULT, "visit"  # "will send a delegation to Caracas"
    if lemma in {"deploy", "station", "dispatch"} and any(
            t.lemma_.lower().startswith("peacekeep") for c in token.children
            if c.dep_ in {"dobj", "obj", "nsubjpass"} for t in c.subtree):
        return lx.AID, None  # "deployed peacekeeping troops": assistance, not a threat
    if lemma == "use" and obj_lemma == "force":
        return lx.ASSAULT, None  # "would use force"
    if lemma in {"declare", "impose", "proclaim", "introduce"} and obj is not None:
        words = {t.lemma_.lower() for t in obj.subtree}
        if obj_lemma == "law" and "martial" in words or \
                obj_lemma == "state" and "emergency" in words and not lx.HAZARDS.union(
                    lx.DISASTERS).intersection(t.lemma_.lower() for t in token.doc):
            return lx.COERCE, "martial-law"  # "declared a state of emergency" (not for a
            # natural disaster: the manual)
    if lemma == "suspend" and obj_lemma in {"constitution", "parliament", "assembly",
                                            "newspaper", "party", "election", "right",
                                            "freedom", "license", "licence"}:
        return lx.COERCE, "restrict"  # suspending a constitution restricts rights
    if lemma in {"press", "pressure", "push"} and _object(token) is not None and \
            any(c.dep_ in {"xcomp", "ccomp"} for c in token.children):
        return lx.REQUEST, None  # "pressed Beijing to improve its record"
    if lemma in {"insist", "demand", "urge", "ask", "propose", "recommend", "request"}:
        for c in token.children:  # "insisted that Georgia hand over": a subjunctive
            if c.dep_ == "ccomp" and c.tag_ == "VB" and not any(
                    a.dep_ == "aux" for a in c.children) and any(
                    m.lower_ == "that" for m in c.children if m.dep_ == "mark"):
                return lx.REQUEST, None
    return None


def _weapon(token) -> str | None:
    """The weapon mode an object names; never by a word of a name ("launched Black Girls
    Rock!", an organisation, is no rock thrown)."""
    words = {t.lemma_.lower() for t in (*token.subtree, *token.conjuncts) if t.pos_ != "PROPN"}
    if token.pos_ != "PROPN":
        words.add(token.lower_)
    return _weapon_word(words)


def _weapon_word(words: Iterable[str]) -> str | None:
    words = set(words)
    if words & lx.CROWD_CONTROL:
        words.discard("gas")  # tear gas is crowd control, not a chemical weapon
    modes = {lx.WEAPONS[w] for w in words if w in lx.WEAPONS}
    return next((m for m in lx.WEAPON_ORDER if m in modes), None)


def _material(token) -> bool:
    """Whether the object (or, for a verb, an object or "with X") is material."""
    if token.pos_ in {"VERB", "AUX"}:
        return any(_material(c) for c in token.children
                   if c.dep_ in {"dobj", "obj", "dative", "prep"} and c.lower_ != "to")
    words = {t.lemma_.lower() for t in token.subtree} | {c.lemma_.lower()
                                                          for c in token.conjuncts}
    return bool(words & lx.MATERIAL)


def _restrictive(token) -> bool:
    """Whether an object names a restriction, sanction, protest, attack or charge, whose
    lifting or halting is a concession ("the curfew", "its strike", "the state of
    emergency", "martial law")."""
    if token is None or token.pos_ not in {"NOUN", "PROPN"}:
        return False
    for t in [token, *token.conjuncts]:
        lemma = t.lemma_.lower()
        mods = {c.lemma_.lower() for c in t.children}
        if lemma in lx.RESTRICTIVE_NOUNS or (lemma == "law" and "martial" in mods):
            return True
        for c in t.children:  # "the state of emergency", "a week of curfew"
            if c.dep_ == "prep" and c.lower_ == "of" and (lemma in CARRIERS | {"state"}):
                if any(o.dep_ == "pobj" and (o.lemma_.lower() in lx.RESTRICTIVE_NOUNS |
                                             {"emergency", "siege"} or _restrictive(o))
                       for o in c.children):
                    return True
        found = _trigger(t)
        if found is not None and found[0] in lx.RESTRICTIVE_TYPES:
            return True
        if lemma in lx.PLANS:  # "suspended plans to impose curfews"
            for c in t.children:
                if c.dep_ in {"acl", "prep", "relcl"}:
                    if any(_restrictive(o) for v in c.subtree if v.pos_ in {"VERB", "ADP"}
                           for o in v.children if o.dep_ in {"dobj", "pobj"}):
                        return True
    return False


def _relief(verb, lifted) -> tuple[str, str | None] | None:
    """What lifting or halting `lifted` (or a gerund: "stopped fighting") is: halting
    attacks ends a conflict (RETREAT/ceasefire, PLOVER's "otherwise ending active
    conflicts"); lifting a curfew, a ban or sanctions or suspending a strike is CONCEDE."""
    halted = [c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VBG"]
    if lifted is not None and lifted.pos_ in {"NOUN", "PROPN"}:
        halted.append(lifted)
    for t in halted:
        found = _trigger(t)
        if found is not None and found[0] == lx.ASSAULT:
            return lx.RETREAT, "ceasefire"
    if _restrictive(lifted) or any(
            (_trigger(t) or ("",))[0] in lx.RESTRICTIVE_TYPES for t in halted):
        return lx.CONCEDE, None
    return None


_PASSIVE_DEPS = frozenset({"nsubjpass", "auxpass"})


def _agent_event(token) -> tuple[str, str | None] | None:
    """The trigger of a passive verb's agent when it is an event noun ("was hit by a
    cyberattack", "was rocked by protests"): that event is the sentence's."""
    for c in token.children:  # a loop, not `any`: called for every verb
        if c.dep_ in _PASSIVE_DEPS:
            break
    else:
        return None
    for c in token.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "with" and
                                 _lemma(token) in {"hit", "strike", "target"}):
            for o in c.children:  # "was hit with a ransomware attack" too
                if o.dep_ == "pobj" and o.pos_ == "NOUN":
                    return _trigger(o)
    return None


def _protesting(verb, subj) -> bool:
    """Whether a crowd gathers in protest, not to mourn or celebrate: protesters, or a
    purpose that demands, protests or condemns ("gathered to demand"), or "against"."""
    if (_members(subj).lemma_.lower() in lx.PROTESTERS or subj.lemma_.lower() in
            lx.PROTESTERS):
        return True
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "against":
            return True
        if c.dep_ in {"advcl", "xcomp"}:
            found = _trigger(c) if c.pos_ in {"VERB", "AUX"} else None
            if found is not None and found[0] in {lx.REQUEST, lx.PROTEST, lx.ACCUSE,
                                                  lx.REJECT}:
                return True
    return False


#: Words beside a fight that make it one with arms (a fight for a cause beside war too).
_FORCE_WORDS = lx.HARM_WORDS | lx.COMBATANTS | lx.TROOP_WORDS | frozenset(lx.WEAPONS)
_FORCE_OR_WAR = _FORCE_WORDS | {"war"}
#: Words of a sentence that keep an attack from being one in words: harm and fighters
#: (not the weapon names of `_FORCE_WORDS`, which hold "mine", "gas", "tank").
_HARM_OR_ARMS = lx.HARM_WORDS | lx.COMBATANTS
#: Attack and fight words that news also uses for criticism and quarrels.
_WORD_CONFLICTS = lx.WORD_ATTACKS | lx.WORD_FIGHTS


def _combatant_subject(verb) -> bool:
    """Whether a verb's subject is a fighter, a force or a state ("soldiers fought to
    retake the town", "Ukraine fought for its east"): a fight with arms."""
    subj, _ = _subject(verb)
    return subj is not None and (
        subj.lemma_.lower() in _FORCE_WORDS or _members(subj).lemma_.lower() in _FORCE_WORDS
        or subj.ent_type_ in {"GPE", "NORP", "LOC"})


def _in_words(token, actors, targets, place) -> bool:
    """Whether an attack (or a fight) with no weapon named is one in words, criticism
    (PLOVER ACCUSE disapprove): no word of force or harm and no fighter in its sentence, no
    place attacked or attacking, and a person attacked ("Bush attacked billionaire Donald
    Trump"), or a person attacking where the sentence names no place and who is attacked
    is a rival, a voter, the media
    ("attacked GOP voters"; a noun may leave it out: "Mr. Trump's attacks"), or a noun of
    attack said to be personal, political ("personal attacks"); a person fighting "over"
    or "about" something ("fighting about Obama"). A fight needs one of the first two: a
    person fought, or the "over"/"about"."""
    if any(c.dep_ == "prep" and c.lower_ == "with" and _verbal_means(c) for c in token.children):
        return True  # "hitting Clinton with ads": words on the air, whatever else is named
    if any(t.lemma_.lower() in _HARM_OR_ARMS or t.lower_ == "forces" for t in token.sent):
        return False
    if any(p.label == "NORP" for p in targets) or \
            any(p.label in _PLACE_LABELS or p.country for p in actors + targets):
        return False  # "attacked Paris", "Russia's attack on Clinton's campaign"
    if any(p.label == "PERSON" for p in targets):
        return True
    if _lemma(token) in lx.WORD_FIGHTS and any(p.label == "PERSON" for p in actors) and any(
            c.dep_ == "prep" and c.lower_ in {"over", "about"} for c in token.children):
        return True  # "Sanders and Clinton are fighting about Obama"
    if token.pos_ == "NOUN" and any(c.lemma_.lower() in lx.VERBAL_ATTACK_MODIFIERS
                                    for c in token.children
                                    if c.dep_ in {"amod", "compound"}):
        return True
    if _lemma(token) in lx.WORD_FIGHTS or place is not None or \
            not any(p.label == "PERSON" for p in actors) or \
            any(e.label_ in _PLACE_LABELS for e in token.sent.ents):
        return False
    return (bool(targets) or token.pos_ == "NOUN") and all(
        p.label == "ORG" or _members_word(p) in lx.CRITICISED for p in targets)


def _verbal_means(prep) -> bool:
    """Whether a "with" phrase names words, not arms: "with ads", "with a barrage of
    tweets" (the head, or what a barrage is of)."""
    for o in prep.children:
        if o.dep_ != "pobj":
            continue
        heads = [o] + [g for p in o.children if p.dep_ == "prep" and p.lower_ == "of"
                       for g in p.children if g.dep_ == "pobj"]
        if any(h.lemma_.lower() in lx.VERBAL_MEANS for h in heads) and not any(
                h.lemma_.lower() in _ARMS for h in heads[1:]):
            return True
    return False


def _members_word(p: Participant) -> str:
    """A participant's last word, lower case, singular ("his rivals" -> "rival")."""
    parts = p.text.split()
    word = parts[-1].lower() if parts else ""
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _armed(verb) -> bool:
    """Whether a verb's object (or "of" phrase) names arms ("sold missiles to")."""
    return any(t.lemma_.lower() in lx.ARMS for c in verb.children
               if c.dep_ in {"dobj", "obj", "dative"} for t in c.subtree)


_TRAVEL = frozenset({"arrive", "travel", "fly"})
_GIVING = frozenset({"give", "grant", "issue", "deliver", "extend", "send", "present"})
_MEETINGS = frozenset("conference summit talk meeting negotiation".split())
_DEFIED = frozenset("""order call demand appeal ultimatum warning ruling ban request plea
resolution decree curfew""".split())
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl", "advcl", "mark", "aux",
                           "auxpass", "neg", "punct"})
_BREAKING = frozenset("""walk pull withdraw quit leave suspend break sever cut end freeze
abandon""".split())


_WEAPON_ADJECTIVES = frozenset({"chemical", "biological", "nuclear"})
_ARMS = frozenset(lx.WEAPONS) | {"weapon", "arm", "agent", "device", "warhead", "attack",
                                 "strike", "munition"}
_ACTS = frozenset("action response intervention operation option measure step".split())


def _alerted(token) -> bool:
    """Whether an "alert" noun puts forces on alert ("placed its armed forces on alert"),
    not candidates or the public."""
    verb = _doing(token)
    return verb is not None and any(
        c.dep_ in {"dobj", "obj"} and _lemma(c) in lx.TROOP_WORDS | {"force", "army", "navy"}
        for c in verb.children)


def _threat_content(token) -> str | None:
    """The THREATEN mode that the words of a threat name (`lx.THREAT_CONTENT`), nearest
    to the threat first and at most four words down; its subject, any condition ("if
    the raids go on") and a reported clause ("warned that ...") left out. Breaking off
    talks or ties is `relations` ("threatened to walk away from the talks")."""
    seen: list = []
    todo = [(c, 1) for c in token.children if c.dep_ not in _SUBJECT_DEPS | {"ccomp"}]
    while todo:
        t, depth = todo.pop(0)
        seen.append(t)
        word = t.lemma_.lower()
        if word in lx.THREAT_CONTENT and not (word == "force" and t.dep_ == "xcomp"):
            return lx.THREAT_CONTENT[word]  # "force" the verb forces, the noun is violence
        if word in {"military", "armed"} and t.dep_ == "amod" and _lemma(t.head) in _ACTS:
            return "violence"  # "threatened military action", not "military officers"
        if depth < 4:
            todo.extend((c, depth + 1) for c in t.children
                        if c.dep_ not in {"advcl", "mark", "relcl", "ccomp"})
    words = {t.lemma_.lower() for t in seen}
    if words & lx.THREAT_RELATIONS and words & _BREAKING:
        return "relations"
    return None


def _complement_types(token) -> set[str]:
    """Types of the event a verb's complement names: "vowed to attack" (the verb),
    "vowed to renew their campaign of attacks" (a light verb's object)."""
    return {found[0] for found in _complement_events(token)}


def _complement_events(token) -> list[tuple[str, str | None]]:
    """(type, mode) of the events a verb's complement names (see `_complement_types`)."""
    out = []
    for c in token.children:
        if c.dep_ != "xcomp":
            continue
        for v in [c, *c.conjuncts]:
            found = _trigger(v) if v.pos_ in {"VERB", "AUX"} else None
            if found is None and _lemma(v) in lx.LIGHT_VERBS:
                obj = _object(v)
                for _ in range(2):  # through a carrier: "a campaign of attacks"
                    if obj is None:
                        break
                    found = _trigger(obj) if obj.pos_ == "NOUN" else None
                    if found is not None or obj.lemma_.lower() not in CARRIERS:
                        break
                    of = next((p for p in obj.children if p.dep_ == "prep" and
                               p.lower_ == "of"), None)
                    obj = next((o for o in of.children if o.dep_ == "pobj"), None) \
                        if of is not None else None
            if found is not None:
                out.append(found)
    return out


def _conceding(token) -> bool:
    """Whether a promise verb promises a concession: its complement retreats or concedes
    ("agreed to withdraw", "agreed to lift the curfew") or its object is one ("promised
    concessions", "agreed to the demands")."""
    for c in token.children:
        if c.dep_ in {"dobj", "obj"} and c.lemma_.lower() in lx.CONCEDED:
            return True
        if c.dep_ == "prep" and c.lower_ == "to" and any(
                o.dep_ == "pobj" and o.lemma_.lower() in lx.CONCEDED for o in c.children):
            return True
        if c.dep_ == "xcomp":
            for v in [c, *c.conjuncts]:
                found = _trigger(v) if v.pos_ in {"VERB", "AUX"} else None
                if found is not None and found[0] in {lx.RETREAT, lx.CONCEDE} and \
                        _lemma(v) not in {"allow", "permit"}:
                    return True  # agreeing to allow access stays AGREE (a PLOVER record)
    return False


def _ask_mode(token) -> str | None:
    """REQUEST/REJECT mode from what is asked for or refused: its object noun ("demanded
    the release of", "rejected talks"), "for" phrase or verb complement."""
    found = list(_complement_events(token)) if token.pos_ in {"VERB", "AUX"} else []
    for c in token.children:
        nouns = [c] if c.dep_ in {"dobj", "obj"} else [
            o for o in c.children if o.dep_ == "pobj"] if (
            c.dep_ == "prep" and c.lower_ in {"for", "to"}) else []
        for o in nouns:
            if o.lemma_.lower() in lx.CHANGES:
                return "change"
            if o.pos_ == "NOUN":
                f = _trigger(o)
                if f is not None:
                    found.append(f)
        if c.dep_ in {"xcomp", "ccomp"} and c.pos_ in {"VERB", "AUX"}:
            f = _trigger(c)
            if f is not None:
                found.append(f)
    return next((m for m in (lx.ask_mode(*f) for f in found) if m), None)


def _unless(clause) -> bool:
    """Whether a clause is conditioned by "unless" ("will withdraw unless ...")."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless"
                                         for m in c.children)
               for c in clause.children)


# -- clause structure ------------------------------------------------------------------------

_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "conj", "parataxis", "xcomp", "csubj",
                          "acl", "pcomp"})


def _clause_tokens(token) -> list:
    """Tokens of `token`'s own clause: its subtree without nested clauses."""
    out = [token]
    for c in token.children:
        if c.dep_ in _CLAUSE_DEPS:
            continue
        out.extend(_clause_tokens(c) if c.dep_ in {"prep", "pobj", "npadvmod", "dobj",
                                                    "attr", "dative", "agent"}
                   else list(c.subtree))
    return out


def _depth(token) -> int:
    d = 0
    while token.head.i != token.i and d < 50:  # spaCy makes a new Token per access
        token = token.head
        d += 1
    return d


def _background(token) -> bool:
    """Whether a trigger sits in a relative or noun-modifying clause ("a bill signed by
    the minister"): background to the sentence's own event."""
    for _ in range(50):
        if token.dep_ in {"relcl", "acl"}:
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _nested(token) -> bool:
    """Whether a noun modifies another noun rather than being an argument of a verb: "a
    pause in the bombing", "battle zones", "the victims of the attack"."""
    if token.dep_ == "compound":
        return True
    return token.dep_ == "pobj" and token.head.dep_ == "prep" and \
        token.head.head.pos_ in {"NOUN", "PROPN", "PRON"}


def _subject(verb):
    """(subject token, passive?) of a verb, inherited through xcomp and conj."""
    seen = 0
    while verb is not None and seen < 5:
        seen += 1
        for c in verb.children:
            if c.dep_ in {"nsubj", "csubj"}:
                return c, False
            if c.dep_ == "nsubjpass":
                return c, True
        if verb.dep_ == "relcl":
            return verb.head, False
        if verb.dep_ == "acl" and verb.tag_ != "VBN" and verb.head.dep_ in {"dobj", "obj"} and \
                verb.head.head.i != verb.head.i:
            verb = verb.head.head  # "issued a declaration demanding": the issuer demands
            continue
        if verb.dep_ in {"xcomp", "conj", "advcl"} and verb.head.i != verb.i:
            head = verb.head
            if verb.dep_ == "xcomp" and head.lemma_.lower() == "set":
                # "Putin is set to visit": the subject of the passive is the actor
                subj = next((c for c in head.children if c.dep_ in {"nsubjpass", "nsubj"}),
                            None)
                return subj, False
            if verb.dep_ == "xcomp":
                obj = _object(head)
                if obj is not None and head.lemma_.lower() in {"urge", "ask", "order", "force",
                                                               "call", "invite", "allow"}:
                    return obj, False
                subj = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
                if subj is not None and head.lemma_.lower() != "use":  # "was prepared to
                    # negotiate", "was forced to withdraw"; not "missiles used to hit"
                    return subj, False  # the subject of the passive acts
            verb = head
            continue
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
            gov = verb.head.head
            obj = _object(gov)
            if obj is not None and gov.lemma_.lower() in lx.ALLEGING | {"condemn", "blame",
                                                                           "criticize",
                                                                           "praise", "thank"}:
                return obj, False
            subj = next((c for c in gov.children if c.dep_ == "nsubj"), None)
            return subj, False
        if verb.dep_ == "amod" and verb.tag_ == "VBG" and verb.head.pos_ in {"NOUN", "PROPN"}:
            return verb.head, False  # "the visiting minister" visits
        if verb.dep_ == "acomp" or verb.dep_ == "amod":
            verb = verb.head
            continue
        return None, False
    return None, False


def _governors(token, limit: int = 4) -> list:
    """The words above a trigger that may govern its status, nearest first."""
    out = []
    t = token
    for _ in range(limit):
        if t.head.i == t.i or t.dep_ in {"ROOT", "relcl", "parataxis"}:
            break
        if t.dep_ in {"nsubj", "nsubjpass"} and t.head.lemma_.lower() not in {"be"}:
            break
        t = t.head
        out.append(t)
        if t.lemma_.lower() in _SPEECH_LIKE:
            break
    return out


def _verbal_chain(clause) -> set[int]:
    """Indices of the verbs above `clause` through verb complements and purposes only
    ("will send a team to discuss": send), whose future is the clause's own; not through a
    noun ("will identify the victims killed": not the killing)."""
    out = set()
    t = clause
    for _ in range(4):
        if t.dep_ not in {"xcomp", "advcl", "conj"} or t.head.i == t.i:
            break
        t = t.head
        out.add(t.i)
    return out


def _reported(clause) -> bool:
    """Whether a clause is the complement of a speech verb ("said they would meet": the
    future of reported speech, not a hypothesis) with no condition of its own."""
    return clause.dep_ == "ccomp" and clause.head.lemma_.lower() in lx.SPEECH and \
        not any(c.dep_ == "mark" and c.lower_ in lx.CONDITIONALS for c in clause.children)


#: Types whose negated future is a refusal (REJECT: "will not negotiate", "would not
#: give up"); a negated future attack is no event ("said it would not attack").
_REFUSED_TYPES = frozenset({lx.AGREE, lx.CONSULT, lx.SUPPORT, lx.COOPERATE, lx.AID,
                            lx.RETREAT, lx.CONCEDE})


def _refusal(clause) -> bool:
    """Whether a negated clause refuses: its negation is on a future modal ("will not",
    "won't", reported "would not") or on the present of a speech act ("does not accept")."""
    neg = any(c.dep_ == "neg" for c in clause.children)
    aux = {c.lower_ for c in clause.children if c.dep_ in {"aux", "auxpass"}}
    if not neg:
        return False
    if aux & (lx.FUTURE_MODALS | {"can", "ca"}):
        return True
    return "would" in aux and _reported(clause)


def _status(token, clause, reference: dt.date | None, when: EventTime | None) -> str:
    """Status of the event a trigger reports (see module doc); `clause` is the verb
    that carries tense and modality (the trigger or its light verb)."""
    flags: set[str] = set()
    heads = {clause, token}
    for h in heads:
        for c in h.children:
            w = c.lower_
            if c.dep_ == "neg" or (w == "no" and c.dep_ == "det"):
                flags.add(lx.NEGATED)
            if c.dep_ in {"aux", "auxpass"}:
                if w in lx.FUTURE_MODALS or (w == "would" and _reported(clause)):
                    flags.add(lx.PLANNED)
                elif w in lx.HYPOTHETICAL_MODALS:
                    flags.add(lx.HYPOTHETICAL)
            if c.dep_ == "mark" and w in lx.CONDITIONALS:
                flags.add(lx.HYPOTHETICAL)
            if c.dep_ in {"advmod"} and w in lx.ALLEGED_ADVERBS:
                flags.add(lx.ALLEGED)
            if c.dep_ in {"amod", "compound"}:
                if w in lx.PLANNED_MODIFIERS:
                    flags.add(lx.PLANNED)
                if w in {"alleged", "suspected", "purported"}:
                    flags.add(lx.ALLEGED)
    if token.pos_ == "NOUN" and token.dep_ in {"nsubj", "nsubjpass", "attr"}:
        head = token.head
        for c in head.children:
            if c.dep_ in {"acomp", "attr"} and c.lower_ in lx.PLANNED_MODIFIERS | {"underway"}:
                flags.add(lx.PLANNED)
            if c.dep_ in {"aux"} and c.lower_ in lx.HYPOTHETICAL_MODALS:
                flags.add(lx.HYPOTHETICAL)
            if c.dep_ in {"aux"} and c.lower_ in lx.FUTURE_MODALS:
                flags.add(lx.PLANNED)
            if c.dep_ == "neg":
                flags.add(lx.NEGATED)
    verbal = _verbal_chain(clause)
    for g in _governors(clause):
        lemma = g.lemma_.lower()
        if lemma in lx.DENYING:
            flags.add(lx.DENIED)
        elif lemma in lx.ALLEGING or g.lower_ in {"alleged", "suspected"}:
            flags.add(lx.ALLEGED)
        elif lemma in lx.PLANNING or lemma in {"preparation", "ahead", "before"}:
            flags.add(lx.PLANNED)
        elif lemma in {"continue", "keep"}:
            flags.add(lx.ONGOING)
        for c in g.children:
            if c.dep_ == "neg" and lemma not in _SPEECH_LIKE:
                flags.add(lx.NEGATED)
            if c.dep_ == "aux" and c.lower_ in lx.HYPOTHETICAL_MODALS and \
                    lemma not in _SPEECH_LIKE:
                # "said it would send a delegation to discuss": reported future
                flags.add(lx.PLANNED if c.lower_ == "would" and _reported(g) and g.i in verbal
                          else lx.HYPOTHETICAL)
            if c.dep_ == "aux" and c.lower_ in lx.FUTURE_MODALS and g.i in verbal:
                flags.add(lx.PLANNED)  # "will send a delegation to discuss"
            if c.dep_ == "mark" and c.lower_ in lx.CONDITIONALS:
                flags.add(lx.HYPOTHETICAL)
    for status in (lx.NEGATED, lx.DENIED, lx.ALLEGED, lx.HYPOTHETICAL, lx.PLANNED):
        if status in flags:
            return status
    if when is not None and reference is not None and when.low:
        try:
            if dt.date.fromisoformat(when.low[:10]) > reference:
                return lx.PLANNED
        except ValueError:
            pass
    if lx.ONGOING in flags:
        return lx.ONGOING
    if clause.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be"
                                    for c in clause.children):
        return lx.ONGOING
    if clause.tag_ in {"VBZ", "VBP"} and clause is token:
        return lx.ONGOING
    return lx.HAPPENED


# -- one sentence ----------------------------------------------------------------------------

_LIGHT_DEPS = frozenset({"dobj", "obj", "attr", "nsubjpass"})
#: Kinds of happening a place before their noun locates rather than performs ("the
#: Hartford rally"; "the Benghazi attack", whose city is also what was attacked); a
#: country still acts ("a U.S. drone strike"), as does a possessive ("Moscow's sanctions").
_WHERE_TYPES = frozenset({lx.ASSAULT, lx.PROTEST})
_TARGET_PREPS = frozenset({"to", "against", "on", "with", "toward", "towards", "into", "at",
                           "from"})
_ALL_ACTOR_PREPS = frozenset({"between", "among"})
_NOUN_ACTOR_DEPS = frozenset({"poss", "amod", "compound", "nmod"})


_ANCHOR_WORDS = frozenset({"since", "until", "till", "before", "after", "by"})


def _dating_times(sent: _Sentence, times: Sequence[TimeExpr]) -> list[TimeExpr]:
    """The times that may date an event of `sent`, in order: a date or time whose year
    (or decade) is known, not anchoring a span, overlapping the sentence (found once per
    sentence)."""
    if sent.dating is not None and sent.dating[0] is times:
        return sent.dating[1]
    text = sent.analysis.text
    out = []
    for t in times:
        if t.type not in {"DATE", "TIME"} or not t.value[:3].isdigit():
            continue  # "XXXX-03" has no year, "PRESENT_REF" ("now") is no date
        before = text[max(0, t.start - 12) : t.start].lower().split()
        if before and before[-1] in _ANCHOR_WORDS:
            continue  # "since 2019" anchors a span, it does not date the event
        if t.start < sent.end and sent.offset < t.end:  # a token's span is in the sentence
            out.append(t)
    sent.dating = (times, out)
    return out


def _time_for(sent: _Sentence, tokens: list, times: Sequence[TimeExpr]) -> EventTime | None:
    """The first dating time on the tokens, leaving out appositions: "the attack came on a
    holiday, the anniversary of the storming of the Bastille on July 14, 1789" is not dated
    1789 (the apposition describes a noun, its time belongs to another happening)."""
    aside = {t.i for a in tokens if a.dep_ == "appos" for t in a.subtree}
    spans = [sent.span(t) for t in tokens if t.i not in aside]
    for t in _dating_times(sent, times):
        if any(s < t.end and t.start < e for s, e in spans):
            return EventTime(t.start, t.end, t.text, t.value, t.precision, t.low, t.high)
    return None


_ADVERBIAL_DEPS = frozenset({"prep", "npadvmod", "advmod", "dobj", "dative", "agent",
                             "attr", "oprd"})
_NOUN_MODIFIER_DEPS = _NOUN_ACTOR_DEPS | {"nummod"}


def _adjunct_time(sent: _Sentence, token, times: Sequence[TimeExpr]) -> EventTime | None:
    """The time of the clause a subjectless participle or infinitive adjoins: "a truck
    rammed into a crowd on Thursday night, killing 80 people" kills on Thursday night,
    "last year, Kim traveled to Siberia to meet with Putin" met last year. The head clause
    is read through its objects and adverbials, with their noun modifiers (the model often
    hangs the time on one: "a crowd celebrating ... on Thursday night"), but not its
    subject, its other clauses, or a time that modifies a noun ("the 1963 refrain",
    "Friday's shooting": another happening's)."""
    if token.dep_ not in {"advcl", "xcomp"} or token.head is token or \
            any(c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in token.children):
        return None
    aux = [c.lower_ for c in token.children if c.dep_ in {"aux", "auxpass"}]
    if not (token.tag_ == "VBG" and not aux or token.tag_ == "VB" and aux == ["to"]):
        return None
    head = token.head
    tokens = [head]
    for c in head.children:
        if c.dep_ in _ADVERBIAL_DEPS and c.i != token.i:
            tokens.extend(t for t in c.subtree if not any(
                a.dep_ in _NOUN_MODIFIER_DEPS and a.head.pos_ in {"NOUN", "PROPN"}
                for a in _path_up(t, c)))
    return _time_for(sent, tokens, times)


def _path_up(token, top) -> Iterator:
    """`token` and its heads up to `top` (excluded)."""
    for _ in range(50):
        if token.i == top.i:
            return
        yield token
        token = token.head


def _place_for(sent: _Sentence, tokens: list, taken: set[int]) -> Participant | None:
    for t in tokens:
        if t.dep_ == "pobj" and t.head.lower_ in {"in", "at", "near", "outside", "inside"}:
            m = sent.mention_at(t)
            if m is not None and m.label in _PLACE_LABELS and m.start not in taken:
                return Participant(m.start, m.end, m.text, m.entity_key, m.start, m.end,
                                   m.label, _country_of(m) or gazetteer.place_code(m.text))
    return None


def _mention(sent: _Sentence, token, found: tuple[str, str | None], times: Sequence[TimeExpr],
             reference: dt.date | None) -> EventMention | None:
    type_, mode = found
    lemma = _lemma(token)
    clause = token
    actors: list[Participant] = []
    targets: list[Participant] = []
    is_noun = token.pos_ in {"NOUN", "PROPN"}
    carrier = _carrier(token) if is_noun else token
    if is_noun and carrier.dep_ in _LIGHT_DEPS and _lemma(carrier.head) in lx.LIGHT_VERBS:
        clause = carrier.head
    noun_place: Participant | None = None
    if is_noun and clause is token:
        for c in token.children:
            if c.dep_ in _NOUN_ACTOR_DEPS:
                for p in _participants(sent, c):
                    if type_ in _WHERE_TYPES and c.dep_ in {"compound", "nmod"} and \
                            p.label in _PLACE_LABELS and not gazetteer.country_code(p.text):
                        noun_place = noun_place or p  # "the Benghazi attack": where,
                        if type_ == lx.ASSAULT and (p.entity_key or p.country):
                            targets.append(p)  # and what was attacked, not who attacked
                    elif p.entity_key or p.country:
                        actors.append(p)
            if c.dep_ == "prep" and c.lower_ == "by":
                for o in c.children:
                    if o.dep_ == "pobj":
                        actors += _participants(sent, o)
        if not actors:  # "the deployment of NATO troops": the troops' state moves them
            for c in token.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for o in c.children:
                        if o.dep_ == "pobj" and o.lemma_.lower() in lx.TROOP_WORDS | {"force"}:
                            actors += [p for p in _participants(sent, o)
                                       if p.entity_key or p.country]
        if token.dep_ in {"dobj", "obj"} and _lemma(token.head) in _ORDERING:
            subj, passive = _subject(token.head)
            ordered_by = _participants(sent, subj) if subj is not None and not passive else []
            if ordered_by:  # "the government ordered patrols by police": who ordered acts
                actors = ordered_by
        joined = _joined(carrier)
        if not actors and joined is not None:
            subj, passive = _subject(joined)
            if subj is not None and not passive:  # "unions joined the strike"
                actors = [p for p in _participants(sent, subj) if p.entity_key or p.country]
        doing = _doing(carrier) if not actors else None
        if doing is not None:
            subj, passive = _subject(doing)
            if subj is not None and not passive:  # "flew to Tehran for talks", "observed
                actors = [p for p in _participants(sent, subj)  # the ceasefire", "put on
                          if p.entity_key or p.country or _lemma(doing) != "be"]  # alert"
    if not is_noun or clause is not token:
        subj, passive = _subject(clause)
        if subj is None and not passive:
            subj = _left_subject(clause)  # a subject the parser attached elsewhere
        if subj is not None:
            found_p = _participants(sent, subj)
            if passive and clause is token and type_ == lx.MOBILIZE and \
                    subj.lemma_.lower() in lx.TROOP_WORDS | lx.POLICE_WORDS | {"force"}:
                actors += found_p  # "police were deployed around the stadium"
            elif passive and clause is token:
                targets += found_p
                for c in clause.children:
                    if c.dep_ == "agent":
                        for o in c.children:
                            if o.dep_ == "pobj" and (o.pos_ != "NOUN" or _trigger(o) is None):
                                actors += _participants(sent, o)
            else:
                actors += found_p
        obj = _object(token) if not is_noun else None
        if obj is not None:
            targets += _participants(sent, obj)
        if not is_noun:
            for c in token.children:
                if c.dep_ == "dative":
                    targets += _participants(sent, c) if c.pos_ != "ADP" else [
                        p for o in c.children if o.dep_ == "pobj"
                        for p in _participants(sent, o)]
    for c in token.children:
        if c.dep_ == "prep" and c.lower_ in _TARGET_PREPS | _ALL_ACTOR_PREPS:
            for o in c.children:
                if o.dep_ != "pobj":
                    continue
                found_p = [p for p in _participants(sent, o) if p.entity_key or p.country
                           or o.pos_ == "PROPN"]
                if c.lower_ in _ALL_ACTOR_PREPS:
                    actors += found_p
                elif c.lower_ == "from" and type_ not in {lx.AID, lx.RETREAT, lx.SANCTION}:
                    continue
                elif c.lower_ == "at" and found_p and found_p[0].label in _PLACE_LABELS:
                    continue
                else:
                    targets += found_p
    if lemma == "host" and not is_noun:
        if not any(t.entity_key or t.country for t in targets):
            return None  # "host military spectacles" is no visit
        actors, targets = targets, actors  # the visitor acts; the host receives
    if lemma == "receive" and not is_noun:
        giver = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "from"
                 for o in c.children if o.dep_ == "pobj" for p in _participants(sent, o)]
        if type_ == lx.AID:  # the giver acts; who receives is the recipient
            actors, targets = giver, actors
        else:  # the visitor acts; the host receives
            actors, targets = [t for t in targets if t not in giver] + giver, actors
    if clause is not token and _lemma(clause) in _ENDING and type_ in _DISCONTINUABLE and \
            mode != "visit" and lemma not in _GATHERINGS:
        type_, mode = lx.SANCTION, "discontinue"  # "ended mediation efforts" (CAMEO 165)
    if is_noun and lemma in {"ceasefire", "truce"} and clause is not token and \
            _lemma(clause) in lx.DECLARING:
        type_, mode = lx.CONCEDE, None  # "declared a ceasefire": declaring is a concession
    if not is_noun and type_ == lx.AGREE and lemma in lx.PROMISING and _conceding(token):
        type_, mode = lx.CONCEDE, None  # "agreed to lift the curfew", "promised concessions"
    elif not is_noun and type_ == lx.AGREE and lemma in lx.PROMISING and any(
            _lemma(c) in lx.DEBT_RELIEF and _trigger(c) == (lx.AID, None)
            for c in token.children if c.dep_ == "xcomp"):
        type_, mode = lx.AID, None  # "agreed to forgive Nigeria's loans" (the manual: AID)
    elif not is_noun and type_ == lx.AGREE and lemma in lx.PROMISING and \
            _complement_types(token) & lx.HOSTILE_TYPES:
        type_, mode = lx.THREATEN, None  # "vowed to renew attacks": a threat, not an offer
    actors = _dedupe(actors)
    targets = [t for t in _dedupe(targets)
               if all((t.entity_key or t.text) != (a.entity_key or a.text) for a in actors)]
    clause_tokens = _clause_tokens(clause) if clause is not token else _clause_tokens(token)
    if is_noun and clause is token and token.head is not token and \
            token.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"} and \
            token.head.lemma_.lower() not in _SPEECH_LIKE:
        gov = token.head if token.dep_ != "pobj" else token.head.head
        if gov.pos_ in {"VERB", "AUX"} and gov.lemma_.lower() not in _SPEECH_LIKE:
            clause_tokens = clause_tokens + [c for c in gov.children
                                             if c.dep_ in {"prep", "npadvmod"}
                                             for c in c.subtree]
    when = _time_for(sent, clause_tokens, times)
    if when is None and not is_noun:
        when = _adjunct_time(sent, token, times)
    taken = {p.start for p in actors + targets}
    place = _place_for(sent, clause_tokens, taken) or noun_place
    if place is None and type_ == lx.CONSULT and mode == "visit":
        place = next((t for t in targets if t.label in _PLACE_LABELS), None)
    if type_ == lx.THREATEN and mode is None:
        if not is_noun:
            mode = next((m for m in (lx.threat_mode(*f) for f in _complement_events(token))
                         if m), None)  # "threatened to attack": violence
        content = _threat_content(token)
        if content is not None and (mode is None or content == "territory"):
            mode = content  # "threatened military action", "threatened to invade"
    if type_ in {lx.REQUEST, lx.REJECT} and mode is None:
        mode = _ask_mode(token)
    if type_ == lx.MOBILIZE and mode in {None, "troops"}:
        words = {t.lemma_.lower() for t in clause_tokens}
        if words & lx.POLICE_WORDS and not words & lx.TROOP_WORDS:
            mode = "police"  # "ordered patrols by police"
        elif words & lx.VEHICLES and not words & (lx.TROOP_WORDS - {"warship"}):
            mode = "weapons"  # "deployed warships": weapons, unless troops are named
    if type_ == lx.ASSAULT and (mode is None or mode in lx.WEAPON_ORDER):
        # the weapon the clause names first in the manual's order: "warplanes bombed" is
        # aerial, "tanks fired shells" heavy weapons, not explosives
        named = _weapon_word({t.lemma_.lower() for t in clause_tokens if not (
            t.lemma_.lower() in _WEAPON_ADJECTIVES and t.dep_ == "amod" and
            _lemma(t.head) not in _ARMS)})  # "nuclear facilities" are no weapon
        if named is not None and (mode is None or lx.WEAPON_ORDER.index(named) <
                                  lx.WEAPON_ORDER.index(mode)):
            mode = named
        if mode is None and lemma in {"open", "return"} and \
                any(_lemma(c) == "fire" for c in token.children):
            mode = "firearms"  # "opened fire on the crowd": guns, unless named otherwise
    if type_ == lx.ASSAULT and mode is None and lemma in _WORD_CONFLICTS and \
            _in_words(token, actors, targets, place):
        if lemma in lx.WORD_FIGHTS:
            return None  # "his battle with Trump", "fighting about Obama": a contest or a
            # quarrel, which PLOVER does not code as such
        type_, mode = lx.ACCUSE, "disapprove"  # "Bush attacked Trump": criticism
    if type_ == lx.COERCE and mode == "crowd-control" and \
            {t.lemma_.lower() for t in clause_tokens} & lx.CROWD_CONTROL:
        type_ = lx.ASSAULT  # "dispersed the crowd with tear gas": the manual's ASSAULT mode
    if type_ == lx.CONSULT and mode is None and is_noun and \
            any(_lemma(g) in _TRAVEL for g in _governors(token, 2)):
        mode = "visit"  # "arrived in Varnia for talks with": the visitor's meeting
    if mode is None:
        if type_ == lx.ASSAULT and mode is None and lemma in {"kill", "shoot"} and \
                not is_noun and any(c.dep_ in {"dobj", "obj"} and (
                    c.lemma_.lower() in lx.TARGETED or _members(c).lemma_.lower() in
                    lx.TARGETED) for c in token.children):
            mode = "targeted"  # "killed the deputy chief", "killed eight top leaders"
        elif type_ == lx.CONSULT and any(t.lemma_.lower() in {"phone", "telephone"}
                                         for t in clause_tokens):
            mode = "phone"
    status = _status(token, clause, reference, when)
    if status == lx.NEGATED and type_ in _REFUSED_TYPES and _refusal(clause):
        # "said it would not negotiate", "will not give up": a refusal that happened
        type_, mode, status = lx.REJECT, lx.ask_mode(type_, mode), lx.HAPPENED
    if status == lx.PLANNED and _unless(clause if clause is not token else token):
        type_, mode = lx.THREATEN, lx.threat_mode(type_, mode)  # "will withdraw ... unless"
    elif type_ == lx.ASSAULT and status == lx.PLANNED and \
            any(g.lemma_.lower() == "prepare" for g in _governors(clause)):
        # "the army prepared to attack": a move, not force; readying heavy weapons or
        # aircraft is the manual's MOBILIZE `weapons`
        type_, mode = lx.MOBILIZE, "weapons" if mode in lx.ARMED_MODES else None
    t0, t1 = sent.span(token)
    pieces = [(t0, t1)] + [(p.start, p.end) for p in actors + targets]
    if place is not None:
        pieces.append((place.start, place.end))
    sent_end = sent.end
    start = max(min(s for s, _ in pieces), sent.offset)
    end = min(max(e for _, e in pieces), sent_end)
    return EventMention(start, end, t0, t1, token.text, lemma, type_, mode, status,
                        tuple(actors), tuple(targets), place, when, sent.offset, _depth(token),
                        _background(token), nested=is_noun and _nested(carrier),
                        object_head=_object_head(token, is_noun))


#: Prepositions whose object is what an act asks for or is about ("called for an inquiry",
#: "a ban on imports", "the release of his tax returns").
_ABOUT_PREPS = frozenset({"for", "on", "of"})
#: Verbs whose `to` complement holds the act's object ("vowed to repeal the tax").
_COMPLEMENT_VERBS = lx.PROMISING | frozenset({"vow", "pledge", "promise", "threaten"})


def _object_head(token, is_noun: bool) -> str | None:
    """The head word of the trigger's object, lowercased: the direct object of a verb,
    else the object of `for` ("called for an inquiry"), else the object of a vowing
    verb's complement; for a noun trigger the object of its `for`/`on`/`of`. None for a
    pronoun, a number or a time word: they name nothing two reports could share."""
    heads = []
    if not is_noun:
        heads += [c for c in token.children if c.dep_ in _OBJECT_DEPS]
        heads += [o for c in token.children if c.dep_ == "prep" and c.lower_ == "for"
                  for o in c.children if o.dep_ == "pobj"]
        if _lemma(token) in _COMPLEMENT_VERBS:
            heads += [o for c in token.children if c.dep_ == "xcomp"
                      for o in c.children if o.dep_ in _OBJECT_DEPS]
    else:
        heads += [o for c in token.children if c.dep_ == "prep" and c.lower_ in _ABOUT_PREPS
                  for o in c.children if o.dep_ == "pobj"]
    for h in heads:
        h = _members(h)
        if h.pos_ in {"NOUN", "PROPN"} and h.ent_type_ not in {"DATE", "TIME"}:
            return h.lower_
    return None


#: Verbs whose subject takes part in the event noun they govern ("joined the strike",
#: "took part in the protests", "led the attack"); "call" only for what a union or a
#: party calls ("called a strike").
_JOINING = frozenset({"join", "lead", "organize", "organise", "participate", "spearhead",
                      "call", "go"})


_CALLED = frozenset("strike walkout protest demonstration rally boycott march".split())


def _joined(token):
    """The verb through which a subject takes part in an event noun ("joined the strike",
    "took part in the protest", "went on strike"), or None."""
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in {"in", "on"}:
        verb = head.head
        if _lemma(verb) in {"participate", "go", "join"} or (
                _lemma(verb) == "take" and any(c.lower_ == "part" for c in verb.children)):
            return verb
        return None
    if token.dep_ in {"dobj", "obj"} and _lemma(head) in _JOINING - {"go", "participate"}:
        if _lemma(head) == "call" and token.lemma_.lower() not in _CALLED:
            return None  # "called the arrest an act of blackmail" made no arrest
        return head
    return None


def _doing(token):
    """The verb whose subject carries out an event noun: a purpose of motion or presence
    ("arrived for a state visit", "was in Khartoum for talks"), an event kept or done
    ("observed the ceasefire") or a state put on ("put its forces on alert", "placed him
    under arrest"); else None."""
    head = token.head
    if token.dep_ in {"dobj", "obj"} and _lemma(head) in lx.DOING_VERBS:
        return head
    if token.dep_ == "pobj" and head.dep_ == "prep":
        verb = head.head
        if head.lower_ in {"for", "on"} and _lemma(verb) in lx.MOTION_VERBS:
            return verb
        if head.lower_ in {"on", "under"} and _lemma(verb) in {"put", "place"}:
            return verb
    return None


def _left_subject(verb):
    """When the parser gave a finite verb no subject ("With the signing of the accord, the
    government and the rebels have agreed"), the noun just before it (past its
    auxiliaries), if that noun is not inside a prepositional phrase of its own."""
    if not any(c.dep_ in {"aux", "auxpass"} and c.tag_ != "TO" for c in verb.children) and \
            verb.tag_ not in {"VBD", "VBZ", "VBP"}:
        return None  # "the decision to recognize": no finite verb, no subject to find
    if verb.dep_ in {"acl", "relcl", "xcomp", "advcl", "pcomp"}:
        return None
    i = verb.i - 1
    doc = verb.doc
    while i >= 0 and doc[i].dep_ in {"aux", "auxpass", "neg", "advmod", "punct"} and \
            doc[i].head.i == verb.i:
        i -= 1
    if i < 0 or doc[i].pos_ not in {"NOUN", "PROPN"} or doc[i].dep_ in {
            "pobj", "npadvmod", "dobj", "obj", "attr", "dative", "oprd"} and not (
            doc[i].dep_ == "npadvmod" and doc[i].head.i == verb.i and
            doc[i].pos_ == "PROPN"):  # "Turkey massed troops" (parsed as an adverb)
        return None
    t = doc[i]
    while t.dep_ in {"conj", "compound", "flat"} and t.head.i < t.i and t.head.pos_ in {
            "NOUN", "PROPN"} and t.head.dep_ not in {"pobj"}:
        t = t.head
    return t


def _dedupe(items: list[Participant]) -> list[Participant]:
    seen, out = set(), []
    for p in items:
        key = p.entity_key or p.text.casefold()
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _demand(token) -> bool:
    """A speech verb whose complement says what someone must or should do ("Straw said
    the rebels must reach an agreement"): PLOVER codes the speaker's REQUEST."""
    if token.lemma_.lower() not in lx.SPEECH | {"conclude", "insist", "stress", "declare"}:
        return False
    return any(c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in lx.DEMAND_MODALS
                                         for a in c.children)
               for c in token.children)


_BLAMING = frozenset({"responsible", "guilty", "behind", "culpable"})


def _blaming(token) -> bool:
    """A speech verb whose complement says someone is responsible for, guilty of or behind
    something ("said Pakistan was responsible for the attack"): PLOVER's accusation."""
    if token.lemma_.lower() not in lx.SPEECH:
        return False
    for c in token.children:
        subj = next((s for s in c.children if s.dep_ == "nsubj"), None)
        if subj is None or subj.pos_ == "PRON":
            continue  # "Lithuania says it is responsible": an admission, not a charge
        if any(t.dep_ == "neg" for t in c.children):
            return False
        for a in c.children:
            if a.dep_ not in {"acomp", "prep"} or a.lower_ not in _BLAMING:
                continue
            if a.lower_ == "behind" and any(o.dep_ == "pobj" and _trigger(o) is not None
                                            for o in a.children):
                return True  # "said Russia was behind the attacks"
            if any(p.dep_ == "prep" and p.lower_ in {"for", "of"} for p in a.children):
                return True
    return False


_TRIGGER_POS = frozenset({"VERB", "AUX", "NOUN", "PROPN"})


def sentence_events(sent: _Sentence, times: Sequence[TimeExpr],
                    reference: dt.date | None) -> list[EventMention]:
    """Event mentions of one parsed sentence."""
    out: list[EventMention] = []
    triggers = []
    for token in sent.doc:
        if token.pos_ not in _TRIGGER_POS and not token.tag_.startswith("VB"):
            continue  # `_trigger` finds nothing there, `_demand`/`_blaming` need a verb
        found = _trigger(token)
        if found is None and token.pos_ in {"VERB", "AUX"} and _demand(token):
            found = (lx.REQUEST, None)
        if found is None and token.pos_ in {"VERB", "AUX"} and _blaming(token):
            found = (lx.ACCUSE, "allege")
        if found is not None:
            triggers.append((token, found))
    verb_triggers = {t.i for t, _ in triggers if t.pos_ not in {"NOUN", "PROPN"}}
    conceding = {t.i for t, f in triggers if t.i in verb_triggers and
                 (f[0] == lx.CONCEDE or f == (lx.RETREAT, "ceasefire"))}
    scores = load_model().scores(sent.text) if triggers else {}
    tokens: dict[int, object] = {}  # index in `out` -> trigger token
    for token, found in triggers:
        # a noun that is the object of a verb trigger is that verb's event ("signed an
        # agreement", "denied accusations"), except under a light or weapon verb
        if token.pos_ in {"NOUN", "PROPN"} and token.dep_ in {"dobj", "attr"} and \
                token.head.i in verb_triggers and (_lemma(token.head) not in (
                    lx.LIGHT_VERBS | lx.WEAPON_VERBS) or token.head.i in conceding):
            continue
        if token.dep_ == "xcomp" and token.tag_ == "VBG" and token.head.i in conceding:
            continue  # "stopped fighting": the fighting is what stopped
        if _lemma(token) in lx.LIGHT_VERBS and token.pos_ not in {"NOUN", "PROPN"} and \
                found[0] != lx.CONCEDE:
            obj = _object(token)
            if obj is not None and obj.i in {t.i for t, _ in triggers}:
                continue  # the object noun carries the event
        m = _mention(sent, token, found, times, reference)
        if m is not None:
            support = max(scores.get(m.type, 0.0), scores.get(plover_type(m), 0.0))
            out.append(replace(m, support=round(support, 4)))
            tokens[len(out) - 1] = token
    return _borrow_actors(out, tokens)


def _borrow_actors(out: list[EventMention], tokens: dict) -> list[EventMention]:
    """A passive with no agent takes the actors of the same event told in its "when"
    clause ("five civilians were wounded when the army fired on a crowd": the army)."""
    by_token = {tokens[k].i: out[k] for k in tokens}
    for k, token in tokens.items():
        m = out[k]
        if m.actors or not any(c.dep_ in {"nsubjpass", "auxpass"} for c in token.children):
            continue
        for c in token.children:
            other = by_token.get(c.i) if c.dep_ == "advcl" else None
            if other is not None and other.actors and other.type == m.type:
                out[k] = replace(m, actors=other.actors)
                break
    return out


def _sentences(analysis: ArticleAnalysis) -> list[tuple[int, str]]:
    out = []
    for s in analysis.sentences:
        text = analysis.text[s.start : s.end]
        if len(text) > 2000:
            continue
        if may_hold_event(text):
            out.append((s.start, spacy_view(text)))
    return out


def extract_events(analysis: ArticleAnalysis, times: Sequence[TimeExpr] = (),
                   reference: dt.date | None = None, nlp=None) -> tuple[EventMention, ...]:
    """Every event mention of one article, in text order."""
    return next(iter(extract_events_many([(analysis, times, reference)], nlp=nlp)))


#: Candidate sentences parsed together; recent parses kept for copies of an article.
WINDOW = 512
CACHE_DOCS = 1024
_doc_caches: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


_NO_TENSOR = np.zeros((0, 0), dtype="float32")


def _parsed(texts: list[str], nlp) -> dict:
    """Sentence text -> parsed Doc, each distinct text parsed once: copies of an article
    repeat its sentences, and a parse depends on the sentence's text alone (the rules
    only read the Doc)."""
    cache = _doc_caches.setdefault(nlp, {})
    found = {text: cache.pop(text, None) for text in texts}  # re-inserted: recent first
    todo = [text for text, doc in found.items() if doc is None]
    tail = _fast_tail(nlp)
    docs = nlp.pipe(todo, batch_size=BATCH_SIZE, disable=list(_FAST_TAIL) if tail else [])
    for text, doc in zip(todo, docs, strict=True):
        if tail:
            tail[0](doc)
            tail[1](doc)
        doc.tensor = _NO_TENSOR  # half a kept doc's memory; the rules never read it
        found[text] = doc
    cache.update(found)
    while len(cache) > CACHE_DOCS:
        del cache[next(iter(cache))]
    return found


def extract_events_many(items: Iterable[tuple[ArticleAnalysis, Sequence[TimeExpr],
                                              dt.date | None]],
                        nlp=None) -> Iterable[tuple[EventMention, ...]]:
    """Event mentions of many articles, parsing their candidate sentences in batches."""
    nlp = nlp or load_parser()
    items = list(items)
    jobs = [(k, offset, text) for k, (analysis, _, _) in enumerate(items)
            for offset, text in _sentences(analysis)]
    results: list[list[EventMention]] = [[] for _ in items]
    for start in range(0, len(jobs), WINDOW):
        window = jobs[start : start + WINDOW]
        docs = _parsed([text for _, _, text in window], nlp)
        for k, offset, text in window:
            analysis, times, reference = items[k]
            sent = _Sentence(docs[text], offset, analysis, times, text)
            results[k].extend(sentence_events(sent, times, reference))
    for found in results:
        yield tuple(sorted(found, key=lambda m: (m.trigger_start, m.trigger_end)))


# -- PLOVER coding conventions ---------------------------------------------------------------

_FUTURE_TO_AGREE = frozenset({lx.CONSULT, lx.SUPPORT, lx.COOPERATE, lx.AID})
_FUTURE_TO_THREATEN = frozenset({lx.ASSAULT, lx.SANCTION})
_REFUSABLE = frozenset({"accept", "agree", "allow", "permit", "cooperate", "comply"})


def plover_type(m: EventMention) -> str:
    """The PLOVER type a PLOVER coder would give this mention: future cooperative
    actions (a planned visit, promised aid) are AGREE, an announced future retreat
    is CONCEDE. storyline keeps the happening's own type with status `planned`,
    so a planned visit and the visit itself fuse into one event."""
    if m.status == lx.PLANNED and m.type in _FUTURE_TO_AGREE:
        return lx.AGREE
    if m.status == lx.PLANNED and m.type == lx.RETREAT:
        return lx.CONCEDE
    if m.status == lx.PLANNED and m.type in _FUTURE_TO_THREATEN:
        return lx.THREATEN  # "have sworn to fight": a threat of force
    if m.status == lx.NEGATED and m.lemma in _REFUSABLE:
        return lx.REJECT  # "will not accept any more refugees"
    return m.type


def plover_mode(m: EventMention) -> str | None:
    """The PLOVER mode of `plover_type(m)`: a planned attack coded THREATEN is a threat of
    violence (the manual's THREATEN modes); a planned visit coded AGREE has no mode."""
    coded = plover_type(m)
    if coded == m.type:
        return m.mode
    if coded == lx.THREATEN:
        return lx.threat_mode(m.type, m.mode)
    return None


def primary(mentions: Sequence[EventMention]) -> EventMention | None:
    """The mention a one-event-per-sentence coder would report: the trigger highest
    in the parse, then the first."""
    if not mentions:
        return None
    return min(mentions, key=lambda m: (m.background, m.depth, m.trigger_start))


__all__ = ["EventMention", "EventTime", "Participant", "extract_events",
           "extract_events_many", "load_parser", "may_hold_event", "plover_mode", "plover_type",
           "primary"]
