"""Event mentions of one article: trigger, PLOVER type, actors, target, status, time.

Sentences are fictional (places and people invented for the tests) or quoted
from the seed pages; the pinned spaCy pipeline parses them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.analyse import event_lexicon as lx
from storyline.analyse.events import extract_events, plover_type, primary
from storyline.analyse.nlp import analyse_text
from storyline.analyse.times import extract_times


def events_of(text: str, day: dt.date | None = dt.date(2031, 6, 16)):
    analysis = analyse_text(text)
    return extract_events(analysis, extract_times(text, day, analysis), day)


def one(mentions, lemma: str):
    found = [m for m in mentions if m.lemma == lemma]
    assert len(found) == 1, [(m.lemma, m.type) for m in mentions]
    return found[0]


def test_planned_state_visit_with_actor_target_and_time():
    text = ("Veskarian President Anton Drel will pay a state visit to Ostrevia on Tuesday, "
            "the foreign ministry said.")
    m = one(events_of(text), "visit")
    assert (m.type, m.mode, m.status) == (lx.CONSULT, "visit", lx.PLANNED)
    assert [a.text for a in m.actors] == ["Veskarian President Anton Drel"]
    assert m.actors[0].entity_key is not None
    assert [t.text for t in m.targets] == ["Ostrevia"]
    assert m.time is not None and m.time.value == "2031-06-17"
    assert text[m.trigger_start:m.trigger_end] == "visit"
    assert plover_type(m) == lx.AGREE  # PLOVER codes a future visit as AGREE


def test_is_set_to_visit_takes_the_subject_of_set():
    m = one(events_of("Anton Drel is set to visit Caldenia this week."), "visit")
    assert m.status == lx.PLANNED
    assert [a.text for a in m.actors] == ["Anton Drel"]


def test_denial_and_the_denied_transfers_from_the_seed():
    text = ("Both Pyongyang and Moscow have denied accusations about North Korean weapons "
            "transfers.")
    found = events_of(text)
    deny = one(found, "deny")
    assert deny.type == lx.REJECT and deny.status == lx.HAPPENED
    assert {a.country for a in deny.actors} == {"KP", "RU"}
    transfers = one(found, "transfer")
    assert transfers.type == lx.AID and transfers.status == lx.DENIED
    assert not any(m.lemma == "accusation" for m in found)  # the object of the denial


def test_accused_of_providing_is_alleged_and_the_accused_is_the_actor():
    text = ("North Korea is under U.N. sanctions. U.S. and South Korean officials have accused "
            "the North of providing Russia with artillery, missiles and other military "
            "equipment.")
    found = events_of(text)
    accuse = one(found, "accuse")
    assert accuse.type == lx.ACCUSE and accuse.mode == "allege"
    assert {a.country for a in accuse.actors} == {"US", "KR"}
    provide = one(found, "provide")
    assert (provide.type, provide.status) == (lx.AID, lx.ALLEGED)
    assert provide.actors[0].country == "KP"  # "the North", in an article about North Korea
    assert [t.text for t in provide.targets] == ["Russia"]


def test_negated_and_hypothetical():
    assert one(events_of("The envoy did not visit Ostrevia."), "visit").status == lx.NEGATED
    m = one(events_of("Caldenia could impose sanctions on Ostrevia if talks fail."), "sanction")
    assert m.type == lx.SANCTION and m.status == lx.HYPOTHETICAL


def test_rebels_are_not_their_state():
    m = one(events_of("Ostrevian rebels attacked the border town of Kell on Sunday."), "attack")
    assert m.type == lx.ASSAULT
    assert all(a.country is None and a.entity_key is None for a in m.actors)


def test_said_in_october_does_not_date_the_shipment():
    text = ("North Korea also sent more than 1,000 containers of military equipment and "
            "munitions to Russia, the White House said in October.")
    m = one(events_of(text), "send")
    assert m.type == lx.AID and m.time is None
    assert [t.country for t in m.targets if t.country] == ["RU"]


def test_no_trigger_no_event_and_primary_is_the_main_verb():
    assert events_of("The weather in Pelmora was mild and the markets were quiet.") == ()
    found = events_of("The ministry said Caldenia had expelled two Ostrevian diplomats.")
    assert primary(found).lemma == "expel"


@pytest.mark.parametrize("code,expected", [("042", lx.CONSULT), ("0841", lx.RETREAT),
                                           ("081", lx.CONCEDE), ("190", lx.ASSAULT),
                                           ("010", None)])
def test_cameo_to_plover(code, expected):
    assert lx.cameo_to_plover(code) == expected


def test_short_lemmas_are_found_and_a_relative_clause_is_background():
    m = one(events_of("Militants killed two guards in Pelmora on Sunday."), "kill")
    assert m.type == lx.ASSAULT and not m.unsure
    found = events_of("Dock workers walked out in a strike over a bill signed by the minister.")
    assert primary(found).lemma == "strike"  # "signed" sits in a relative clause


def test_reported_future_demand_protest_and_refusal_follow_plover():
    m = one(events_of("Ostrevian officials said on Monday they would meet Caldenian envoys."),
            "meet")
    assert m.status == lx.PLANNED and plover_type(m) == lx.AGREE
    m = one(events_of("Caldenia lodged an official protest with Ostrevia."), "protest")
    assert (m.type, m.mode) == (lx.ACCUSE, "disapprove")
    demand = primary(events_of("Anton Drel said Caldenia must withdraw its troops."))
    assert (demand.lemma, demand.type) == ("say", lx.REQUEST)
    assert demand.actors[0].text == "Anton Drel"
    refusal = one(events_of("Ostrevia says it will not accept any more refugees."), "accept")
    assert plover_type(refusal) == lx.REJECT


def test_a_group_stands_for_its_members_and_deep_nouns_without_actors_are_unsure():
    m = one(events_of("A group of Ostrevian diplomats held talks with Anton Drel."), "talk")
    assert m.actors and "diplomats" in m.actors[0].text
    found = events_of("The forum concluded that rich nations must help with the battle "
                      "against drought.")
    battle = one(found, "battle")
    assert battle.unsure


# -- the fast parse is spaCy's parse ---------------------------------------------------------

_PARSE_TEXTS = [
    "Veskarian troops withdrew from the border town of Kolm on Friday, officials said.",
    "Y'all gonna let's see: she ain't sure they got it, but I'd have gone   anyway.",
    "Nothin' was done; there were protests.\nThat is what those who do have said.",
    "The ministers met, talked and agreed; the envoy's visits didn't end the dispute.",
]


def test_fast_ruler_and_lemmatizer_give_spacys_own_annotations():
    from storyline.analyse.events import _FAST_TAIL, _fast_tail, load_parser

    nlp = load_parser()
    tail = _fast_tail(nlp)
    assert tail is not None
    for text in _PARSE_TEXTS:
        want = nlp(text)
        got = nlp(text, disable=list(_FAST_TAIL))
        tail[0](got)
        tail[1](got)
        assert [(t.pos_, t.tag_, t.dep_, t.lemma_, str(t.morph)) for t in got] == \
            [(t.pos_, t.tag_, t.dep_, t.lemma_, str(t.morph)) for t in want], text


def test_copies_in_one_batch_get_the_mentions_of_the_article_alone():
    from storyline.analyse.events import extract_events_many

    day = dt.date(2031, 6, 16)
    texts = ["Ostrevia imposed sanctions on Veskaria on Monday.\n"
             "President Anton Drel will visit Kolm next week.",
             "Ostrevia imposed sanctions on Veskaria on Monday.\n"
             "The talks collapsed, officials said."]
    items = []
    for text in texts + texts[:1]:
        analysis = analyse_text(text)
        items.append((analysis, extract_times(text, day, analysis), day))
    batched = list(extract_events_many(items))
    assert batched[0] == batched[2] and batched[0]
    for item, found in zip(items, batched, strict=True):
        assert found == extract_events(*item)
    assert [m.lemma for m in batched[1]][:1] == ["sanction"]
