"""The events step's shortcuts (issue 16) skip only work that could find nothing: the fast
ruler's Matcher guard, the noun guard of the trigger rules, the dating times of a sentence
and the named-tuple tokens of `numwords`."""

from __future__ import annotations

import datetime as dt

from storyline.analyse.events import (
    _FAST_TAIL,
    _fast_tail,
    _pattern_need,
    extract_events,
    load_parser,
)
from storyline.analyse.nlp import analyse_text
from storyline.analyse.times import extract_times
from storyline.numwords import Tok, Tokens

DAY = dt.date(2031, 6, 16)


def events_of(text: str):
    analysis = analyse_text(text)
    return extract_events(analysis, extract_times(text, DAY, analysis), DAY)


def test_the_rest_matcher_runs_only_where_one_of_its_patterns_may_match():
    nlp = load_parser()
    ruler = _fast_tail(nlp)[0]
    strings = nlp.vocab.strings

    def may(text: str) -> bool:
        doc = nlp(text, disable=list(_FAST_TAIL))
        from spacy.attrs import IDS

        columns = doc.to_array([IDS[c] for c in ("TAG", "LOWER", "DEP", "IS_SPACE")]).tolist()
        return ruler._rest_may_match(columns, strings)

    assert ruler.rest_needs is not None  # every rest pattern has a test to guard it
    assert not may("The envoy of Ostrevia visited Kolm on Friday.")
    assert may("There were protests in Kolm.")  # "there" (expl) + "were"
    assert may("Nothin' changed, they said.")  # the REGEX pattern on LOWER
    assert may("They gonna vote.")
    # the annotations are spaCy's own on both sides of the guard
    for text in ("The envoy of Ostrevia visited Kolm on Friday.", "Y'all got it, nothin' else.",
                 "There is no deal; let's see."):
        want = nlp(text)
        got = nlp(text, disable=list(_FAST_TAIL))
        for component in _fast_tail(nlp):
            component(got)
        assert [(t.pos_, t.lemma_, str(t.morph)) for t in got] == \
            [(t.pos_, t.lemma_, str(t.morph)) for t in want], text


def test_a_pattern_needs_the_tests_of_its_required_tokens_only():
    strings = load_parser().vocab.strings
    needs = _pattern_need([{"LOWER": "gon"}, {"LOWER": {"IN": ["na", "ta"]}}], strings)
    assert needs == ((1, frozenset({strings["gon"]})),
                     (1, frozenset({strings["na"], strings["ta"]})))
    assert _pattern_need([{"LOWER": "very", "OP": "?"}, {"TEXT": "x"}], strings) is None
    regex = _pattern_need([{"LOWER": {"REGEX": "^y'?$"}}], strings)
    assert regex is not None and regex[0].search("y'")


def test_nouns_that_only_special_rules_name_still_pass_the_noun_guard():
    found = {(m.lemma, m.type, m.mode) for m in events_of(
        "Ostrevian workers began a hunger strike on Monday. Veskaria issued an arrest "
        "warrant for Anton Drel. Students staged a sit-in at the ministry.")}
    lemmas = {lemma for lemma, _, _ in found}
    assert {"strike", "warrant"} <= lemmas, found
    assert any(mode == "hunger" for _, _, mode in found), found
    assert any(t == "THREATEN" for lemma, t, _ in found if lemma == "warrant"), found


def test_a_time_dates_only_the_events_of_its_own_sentence():
    mentions = events_of("Ostrevia imposed sanctions on Veskaria on Monday.\n"
                         "Troops have been deployed near Kolm since 2019.")
    by_lemma = {m.lemma: m for m in mentions}
    assert by_lemma["sanction"].time is not None
    assert by_lemma["sanction"].time.text == "Monday"
    assert all(m.time is None for m in mentions if m.lemma != "sanction"), mentions


def test_numwords_tokens_are_named_tuples_with_the_same_fields():
    toks = Tokens("Twenty-one of 3,000 fled.").toks
    assert all(isinstance(t, Tok) and isinstance(t, tuple) for t in toks)
    assert [(t.kind, t.text, t.start, t.end, t.low) for t in toks] == [
        ("word", "Twenty", 0, 6, "twenty"), ("sym", "-", 6, 7, "-"),
        ("word", "one", 7, 10, "one"), ("word", "of", 11, 13, "of"),
        ("num", "3,000", 14, 19, "3,000"), ("word", "fled", 20, 24, "fled"),
        ("sym", ".", 24, 25, ".")]
