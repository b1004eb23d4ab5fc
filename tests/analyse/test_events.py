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


def test_a_capital_is_its_state_unless_its_name_is_first_another_place():
    """Kingston denying is Jamaica (not Norfolk Island, whose capital shares the name),
    Belgrade Serbia (not the former Serbia and Montenegro); San Jose denying is no
    state: the city of that name the gazetteer knows is California's."""
    both = one(events_of("Kingston and Moscow denied the accusations on Monday."), "deny")
    assert [a.country for a in both.actors] == ["JM", "RU"]
    belgrade = one(events_of("Belgrade denied the accusations on Monday."), "deny")
    assert [a.country for a in belgrade.actors] == ["RS"]
    san_jose = one(events_of("San Jose denied the accusations on Monday."), "deny")
    assert [a.country for a in san_jose.actors] != ["CR"]


def test_a_smaller_states_people_and_forces_are_that_state():
    """Every state's demonym, not only the most reported ones: Eritrean troops and Haitian
    police act for Eritrea and Haiti."""
    shelled = one(events_of("Eritrean troops shelled the border town on Monday."), "shell")
    assert [a.country for a in shelled.actors] == ["ER"]
    arrest = one(events_of("Haitian police arrested the protest leaders on Monday."), "arrest")
    assert [a.country for a in arrest.actors] == ["HT"]


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
    # "signed" sits in a relative clause; walking out is the strike (PROTEST/strike)
    assert (primary(found).type, primary(found).mode) == (lx.PROTEST, "strike")


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


# -- rules added with the type classifier (issue 14) ------------------------------------------


def test_a_light_verb_reaches_its_event_through_a_carrier_noun_and_a_mended_lemma():
    games = one(events_of("Ostrevian and Veskarian warships on Monday launched ten days of "
                          "war games off the coast of Kolm."), "game")
    assert games.type == lx.COOPERATE and not games.unsure
    assert "warships" in games.actors[0].text  # the subject of "launched"
    demo = one(events_of("Thousands of Ostrevian students staged mass demonstrations on "
                         "Saturday."), "demonstration")
    assert demo.type == lx.PROTEST and demo.actors and "students" in demo.actors[0].text


def test_ending_mediation_is_a_sanction_but_ending_a_visit_is_not():
    ended = one(events_of("Veskarian officers ended mediation efforts between the rival "
                          "militias of Kolm."), "mediation")
    assert (ended.type, ended.mode) == (lx.SANCTION, "discontinue")
    visit = one(events_of("Anton Drel ended his visit to Ostrevia on Friday."), "visit")
    assert visit.type == lx.CONSULT


def test_pulling_out_all_the_stops_is_no_withdrawal():
    idiom = events_of("The Veldorian leader will be pulling out all the stops to woo his "
                      "visitor from Ostrevia.")
    assert not [m for m in idiom if m.lemma == "pull"]
    troops = one(events_of("Ostrevia pulled out its troops from Tarsk on Friday."), "pull")
    assert (troops.type, troops.mode) == (lx.RETREAT, "withdraw")


def test_who_ordered_patrols_is_their_actor_and_new_trigger_words():
    patrols = one(events_of("The government of Ostrevia ordered patrols by police after "
                            "riots in Kolm."), "patrol")
    assert patrols.type == lx.MOBILIZE
    assert "government" in patrols.actors[0].text
    decline = one(events_of("Ostrevia declined to join the talks."), "decline")
    assert decline.type == lx.REJECT
    assert not [m for m in events_of("Prices declined sharply in Kolm.") if m.lemma == "decline"]
    warn = one(events_of("Anton Drel warned Veskaria against any incursion."), "warn")
    assert warn.type == lx.THREATEN


# -- the type classifier ----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Gunmen killed twelve villagers in a dawn attack on a village in northern Veskaria.",
     lx.ASSAULT),
    ("Thousands of teachers went on strike in Ostrevia to demand higher pay.", lx.PROTEST),
    ("The Caldenian government imposed sanctions on Ostrevian banks.", lx.SANCTION),
    ("Ostrevia condemned the decision and accused Caldenia of violating the treaty.",
     lx.ACCUSE),
    ("Veskaria threatened to invade if the border talks fail.", lx.THREATEN),
])
def test_the_shipped_classifier_reads_the_type_of_a_sentence(text, expected):
    from storyline.analyse.event_classifier import MODEL_FILE, load_model

    assert MODEL_FILE.exists() and MODEL_FILE.stat().st_size < 2_000_000
    model = load_model()
    assert set(model.types) == set(lx.TYPES)
    scores = model.scores(text)
    assert abs(sum(scores.values()) - 1.0) < 1e-5
    assert model.best(text)[0] == expected
    assert model.scores(text) == scores  # same features, same scores


def test_mentions_carry_the_classifier_support_of_their_type():
    m = one(events_of("Ostrevia imposed sanctions on Veskaria on Monday."), "sanction")
    assert m.support is not None and m.support > 0.3


def test_training_is_deterministic_and_a_bad_model_file_is_named(tmp_path):
    import importlib.util
    import sys

    from conftest import ROOT

    from storyline.analyse.event_classifier import load_model, save_model

    spec = importlib.util.spec_from_file_location(
        "train_event_types", ROOT / "bench" / "train_event_types.py")
    train = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = train
    spec.loader.exec_module(train)
    data = [("Rebels shelled the town of Kolm", lx.ASSAULT),
            ("Troops attacked a village", lx.ASSAULT),
            ("Workers went on strike in Kolm", lx.PROTEST),
            ("Students marched to protest the law", lx.PROTEST)]
    outs = []
    for name in ("a.npz", "b.npz"):
        types, w, b = train.train(data, epochs=30)
        save_model(tmp_path / name, types, w, b)
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]
    model = load_model(tmp_path / "a.npz")
    assert model.best("Rebels attacked the town")[0] == lx.ASSAULT
    assert model.best("Workers marched in protest")[0] == lx.PROTEST
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(ValueError, match="bad.npz"):
        load_model(bad)


def test_a_weapon_mode_does_not_depend_on_set_order():
    from storyline.analyse.events import _weapon_word

    words = ["missile", "bomb", "rifle", "shell"]
    found = {_weapon_word(set(order)) for order in (words, words[::-1], words[1:] + words[:1])}
    # heavy weapons before explosives: PLOVER's explosives are those "not incorporated in a
    # heavy weapon"; a suicide attack comes first
    assert found == {_weapon_word(sorted(words))} == {"heavy-weapons"}
    assert _weapon_word({"bomb", "rifle"}) == "explosives"
    assert _weapon_word({"suicide", "bomb", "tank"}) == "suicide-attack"


@pytest.mark.parametrize("text, lemma", [
    ("The Marovian interior ministry lifted the curfew in Port Dessa on Monday.", "lift"),
    ("The Caldenian dockworkers' union suspended its strike at the port of Velm.", "suspend"),
])
def test_lifting_a_restriction_or_suspending_a_protest_is_a_concession(text, lemma):
    found = events_of(text)
    m = primary(found)
    assert (m.lemma, m.type) == (lemma, lx.CONCEDE)
    assert m.actors  # who lifts or halts acts
    assert len(found) == 1  # the curfew, the strike, the attacks are not events of their own


def test_suspending_talks_stays_a_sanction_and_a_curfew_imposed_is_coercion():
    assert plover_type(primary(events_of(
        "Veskaria suspended talks with Ostrevia over the border dispute."))) == lx.SANCTION
    assert primary(events_of(
        "The Marovian army imposed a curfew on the town of Kerrow.")).type == lx.COERCE


def test_promising_a_concession_is_concede_and_promising_a_meeting_is_agree():
    m = primary(events_of("The Veskarian government agreed to lift the curfew in Tarsk."))
    assert (m.lemma, plover_type(m)) == ("agree", lx.CONCEDE)
    m = primary(events_of("President Anton Drel promised concessions to the opposition."))
    assert plover_type(m) == lx.CONCEDE
    m = primary(events_of("Anton Drel agreed to meet the Ostrevian foreign minister."))
    assert plover_type(m) == lx.AGREE


def test_declaring_a_ceasefire_is_a_concession():
    m = primary(events_of("The Kerrow Liberation Front declared a ceasefire on Friday."))
    assert (m.lemma, m.type) == ("ceasefire", lx.CONCEDE)
    assert [a.text for a in m.actors] == ["Kerrow Liberation Front"]


def test_a_planned_action_on_condition_unless_is_a_threat():
    m = primary(events_of("Veskaria will withdraw its troops from Tarsk unless Ostrevia "
                          "ends the blockade."))
    assert (m.lemma, plover_type(m)) == ("withdraw", lx.THREATEN)
    m = primary(events_of("Veskaria will withdraw its troops from Tarsk next month."))
    assert plover_type(m) == lx.CONCEDE


def test_an_event_noun_inside_another_noun_phrase_is_never_the_sentences_event():
    m = primary(events_of("Local radio in Tarsk reported that there was a pause in the "
                          "bombing in the northern districts."))
    assert m is None or m.unsure


@pytest.mark.parametrize("text, expected", [
    ("Veskaria withdrew its ambassador from Ostrevia on Monday.", (lx.SANCTION, "withdraw")),
    ("The Caldenian delegation withdrew from the talks in Tarsk.", (lx.SANCTION, "withdraw")),
    ("Veskaria withdrew its troops from Tarsk on Monday.", (lx.RETREAT, "withdraw")),
    ("Veskaria and Ostrevia restored diplomatic relations on Friday.", (lx.SUPPORT, None)),
    ("Veskaria and Ostrevia deepened their economic ties in March.", (lx.COOPERATE, None)),
    ("Veskaria and Ostrevia reached a deal on fishing rights.", (lx.AGREE, None)),
    ("The Ostrevian army destroyed two bridges near Kerrow.", (lx.ASSAULT, "destroy")),
    ("The ministry's website was hit by a cyber attack on Friday.", (lx.COERCE, "cyber")),
    ("The Marovian government suspended plans to impose curfews in Tarsk.", (lx.CONCEDE, None)),
])
def test_new_trigger_rules(text, expected):
    m = primary(events_of(text))
    assert m is not None and not m.unsure
    assert (m.type, m.mode) == expected


def test_storms_destroy_without_an_event_and_plans_of_force_read_as_plover_has_them():
    assert all(m.lemma != "destroy" for m in events_of(
        "The storm destroyed dozens of homes in Kerrow on Monday."))
    # a future sanction is a threat; an army preparing an attack mobilizes
    m = primary(events_of("Veskaria will impose sanctions on Ostrevia next month."))
    assert plover_type(m) == lx.THREATEN
    m = primary(events_of("The Ostrevian army prepared to attack the town of Kerrow."))
    assert plover_type(m) == lx.MOBILIZE


def test_halting_attacks_ends_a_conflict_and_agreeing_to_it_is_a_concession():
    m = primary(events_of("Ostrevian rebels halted their attacks on government forces."))
    assert (m.lemma, m.type, m.mode) == ("halt", lx.RETREAT, "ceasefire")
    assert [e.lemma for e in events_of("The Kerrow militia stopped fighting on Monday.")] == [
        "stop"]
    m = primary(events_of("The militants laid down their arms in Tarsk on Friday."))
    assert (m.type, m.mode) == (lx.RETREAT, "disarm")
    m = primary(events_of("The rebels agreed to stop shooting at government troops."))
    assert (m.lemma, plover_type(m)) == ("agree", lx.CONCEDE)


@pytest.mark.parametrize("text, expected", [
    ("The rebels vowed to renew their campaign of attacks on Tarsk.", lx.THREATEN),
    ("Veskaria granted citizenship to three Ostrevian athletes.", lx.CONCEDE),
    ("Veskaria granted asylum to an Ostrevian dissident.", lx.AID),
    ("Caldenia exported grain to Veskaria in May.", lx.COOPERATE),
    ("Caldenia sold missiles to Veskaria in May.", lx.AID),
    ("Marovia expelled an Ostrevian journalist on Friday.", lx.COERCE),
    ("Marovia expelled two Ostrevian diplomats on Friday.", lx.SANCTION),
    ("Thousands of demonstrators protested against the new law in Tarsk.", lx.PROTEST),
    ("Veskaria protested against the Ostrevian decision.", lx.ACCUSE),
    ("Marovia allowed the delivery of grain to Tarsk.", lx.RETREAT),
])
def test_who_and_what_decide_the_type_of_a_trigger(text, expected):
    m = primary(events_of(text))
    assert m is not None and plover_type(m) == expected


def test_releasing_a_report_frees_no_one():
    assert all(m.lemma != "release" for m in events_of(
        "The Caldenian ministry released its annual report on Monday."))
    m = primary(events_of("Marovia released twelve Ostrevian prisoners on Monday."))
    assert (m.lemma, m.type) == ("release", lx.RETREAT)


@pytest.mark.parametrize("text, expected", [
    ("Police fired tear gas to disperse thousands of protesters in Tarsk.",
     (lx.ASSAULT, "crowd-control")),
    ("Riot police used water cannon against the demonstrators.", (lx.ASSAULT, "crowd-control")),
    ("The Ostrevian army fired rockets at Kerrow.", (lx.ASSAULT, "heavy-weapons")),
    ("Hundreds of students gathered outside the ministry in Tarsk to demand new elections.",
     (lx.PROTEST, "demo")),
    ("Hundreds have taken to the streets in Tarsk to demand new elections.",
     (lx.PROTEST, "demo")),
    ("Teachers in Tarsk have been striking since Monday.", (lx.PROTEST, "strike")),
])
def test_crowds_gathering_and_crowd_control(text, expected):
    m = primary(events_of(text))
    assert (m.type, m.mode) == expected


def test_leaders_gathering_for_a_summit_is_no_protest():
    m = primary(events_of("Veskarian and Ostrevian leaders gathered in Tarsk for the summit."))
    assert m.type == lx.CONSULT


def test_a_crowd_gathering_to_mourn_is_no_protest():
    found = events_of("Thousands of people gathered in Tarsk on Sunday for the funeral of "
                      "the poet Anton Drel.")
    assert all(m.type != lx.PROTEST for m in found)


@pytest.mark.parametrize("text, expected", [
    # words the PLOVER manual names for its categories (round 4)
    ("Veskaria turned down the Ostrevian offer of talks.", (lx.REJECT, None)),
    ("Marovia ruled out any talks with the rebels.", (lx.REJECT, "meet")),
    ("The Caldenian minister rebuked Ostrevia for the border closure.",
     (lx.ACCUSE, "disapprove")),
    ("Ostrevia summoned the Veskarian ambassador on Monday.", (lx.ACCUSE, "disapprove")),
    ("Veskaria recalled its ambassador from Tarsk.", (lx.SANCTION, "withdraw")),
    ("Caldenia expressed its willingness to help Marovia rebuild the port.", (lx.AGREE, None)),
    ("The Marovian president expressed regret for the shelling of Kolm.", (lx.CONCEDE, None)),
    ("Marovia withdrew its demand for new elections in Tarsk.", (lx.CONCEDE, None)),
    ("A court in Tarsk acquitted the Veskarian journalist Anton Drel.", (lx.CONCEDE, None)),
    ("The Caldenian prime minister stepped down on Friday.", (lx.RETREAT, "resign")),
    ("Gunmen opened fire on a bus in Kolm.", (lx.ASSAULT, "firearms")),
    ("Gunmen stormed a police station in Kolm.", (lx.ASSAULT, None)),
    ("Thousands of protesters stormed the parliament in Tarsk.", (lx.PROTEST, None)),
    ("Ostrevian rebels captured five Veskarian soldiers near Kolm.",
     (lx.ASSAULT, "abduct")),
    ("Veskaria cut off internet access in Tarsk on Monday.", (lx.COERCE, "withhold")),
    ("Veskaria cut off aid to Ostrevia on Monday.", (lx.SANCTION, "discontinue")),
    ("A Tarsk court issued an arrest warrant for Anton Drel.", (lx.THREATEN, "arrest")),
    ("Marovia barred Ostrevian observers from entering the country.", (lx.REJECT, None)),
])
def test_manual_words_and_conventions(text, expected):
    m = primary(events_of(text))
    assert m is not None and (plover_type(m), m.mode) == expected, m


@pytest.mark.parametrize("text, mode", [
    ("Veskaria threatened to attack Kolm.", "violence"),
    ("Veskaria threatened to arrest the Ostrevian envoy.", "arrest"),
    ("Veskaria threatened to expel the Ostrevian diplomats.", "expel"),
    ("Veskaria threatened to suspend talks with Ostrevia.", "relations"),
])
def test_a_threat_takes_its_mode_from_what_is_threatened(text, mode):
    m = primary(events_of(text))
    assert (plover_type(m), m.mode) == (lx.THREATEN, mode)


def test_plover_mode_of_a_planned_attack_and_the_mode_of_a_killing_and_a_mobilization():
    from storyline.analyse.events import plover_mode

    m = primary(events_of("Veskaria will attack Kolm next week."))
    assert (plover_type(m), plover_mode(m)) == (lx.THREATEN, "violence")
    m = primary(events_of("Three people were killed in a suicide car bombing in Kolm."))
    assert (m.type, m.mode) == (lx.ASSAULT, "suicide-attack")
    m = primary(events_of("Veskaria deployed two warships to the Strait of Kolm."))
    assert (m.type, m.mode) == (lx.MOBILIZE, "weapons")
    m = one(events_of("The first deployment of Caldenian troops arrived in Tarsk."),
            "deployment")
    assert m.type == lx.MOBILIZE and [a.text for a in m.actors] == ["Caldenian troops"]


@pytest.mark.parametrize("text, expected", [
    ("Veskaria demanded the release of the Ostrevian sailors.", (lx.REQUEST, "yield")),
    ("Veskaria rejected talks with Ostrevia.", (lx.REJECT, "meet")),
    ("Ostrevia asked Caldenia for military aid.", (lx.REQUEST, "assist")),
    ("The Marovian opposition called for the resignation of the prime minister.",
     (lx.REQUEST, "change")),
])
def test_a_request_or_refusal_takes_its_mode_from_what_is_asked(text, expected):
    m = primary(events_of(text))
    assert (plover_type(m), m.mode) == expected


def test_who_joins_a_strike_acts_and_a_subject_the_parser_lost_is_found():
    m = one(events_of("The Velm Dockworkers Union joined the strike on Monday."), "strike")
    assert [a.text for a in m.actors] == ["Velm Dockworkers Union"]
    m = primary(events_of("With the signing of a Memorandum of Understanding on Cessation of "
                          "Hostilities, the Veskarian government and the Kolm Front have "
                          "agreed to allow access to all areas."))
    assert m.lemma == "agree" and m.actors and "Veskarian" in m.actors[0].text


def test_the_prefilter_passes_phrasal_verbs_with_their_particle_and_short_words_whole():
    from storyline.analyse.events import may_hold_event

    assert may_hold_event("Rebels gunned down two guards in Kolm.")
    assert may_hold_event("Marovia ruled out talks.")
    assert not may_hold_event("The mayor ruled the city for a decade.")
    assert not may_hold_event("The mayor of Kolm was quite tired.")
    assert may_hold_event("The Caldenian minister quit on Monday.")


def test_a_date_after_on_is_not_the_particle_of_call_on():
    m = primary(events_of("The Velm Dockworkers Union called off its strike on Friday."))
    assert (m.lemma, plover_type(m)) == ("call", lx.CONCEDE)


# -- version 5: verb classes, reporting frames, negation and actors from the manual --------


@pytest.mark.parametrize("text, expected", [
    ("Ostrevia handed over a suspected smuggler to Caldenian authorities.",
     (lx.COOPERATE, None)),
    ("The Kolm militia handed over its weapons to the observers.", (lx.RETREAT, "disarm")),
    ("The Marovian council reversed its decision to close the camp.", (lx.CONCEDE, None)),
    ("The Pelmora Club agreed to cancel half of Ostrevia's debt.", (lx.AID, None)),
    ("The Veskarian Bank approved a loan to Caldenia.", (lx.AID, None)),
    ("Caldenia deployed peacekeeping troops to Kolm.", (lx.AID, None)),
    ("Marovia test-fired a ballistic missile on Monday.", (lx.MOBILIZE, "weapons")),
    ("The Ostrevian president declared a state of emergency.", (lx.COERCE, "martial-law")),
    ("Veskarian authorities shut down three newspapers.", (lx.COERCE, "censor")),
    ("Rebels blew up a bridge near Kolm.", (lx.ASSAULT, "explosives")),
    ("Caldenia broke off diplomatic relations with Marovia.", (lx.SANCTION, "discontinue")),
    ("Ostrevia protested to Caldenia over the arrest of its diplomats.",
     (lx.ACCUSE, "disapprove")),
    ("The Kolm Front killed the deputy commander of the Veskarian army.",
     (lx.ASSAULT, "targeted")),
])
def test_verb_classes_of_the_manual_type_by_their_object(text, expected):
    m = primary(events_of(text))
    assert m is not None and (plover_type(m), m.mode) == expected


def test_a_metaphor_or_a_disaster_is_no_event_of_force():
    assert all(m.type != lx.ASSAULT for m in
               events_of("The senator is going to blow up the establishment."))
    assert all(m.mode != "martial-law" for m in
               events_of("Ostrevia declared a state of emergency after the flood."))
    assert all(m.type != lx.CONCEDE for m in
               events_of("Many people in Kolm have given up looking for work."))


def test_a_refusal_in_reported_speech_is_a_rejection_that_happened():
    m = primary(events_of("The Caldenian government said it would not negotiate with the "
                          "Kolm Front."))
    assert (m.type, m.status) == (lx.REJECT, lx.HAPPENED)
    m = primary(events_of("Marovia said it would not give up its nuclear programme."))
    assert m.type == lx.REJECT and m.actors


def test_saying_someone_is_responsible_is_an_accusation_by_the_speaker():
    m = primary(events_of("The Ostrevian foreign minister said Caldenia was responsible for "
                          "the attack on the border post."))
    assert (m.type, m.mode) == (lx.ACCUSE, "allege")
    assert "minister" in m.actors[0].text
    m = primary(events_of("Caldenia says it is responsible for the attack."))
    assert m is None or m.type != lx.ACCUSE  # an admission, not a charge


def test_actors_of_purpose_nouns_passive_controllers_and_reported_pronouns():
    m = one(events_of("Veskarian President Anton Drel flew to Kolm for talks with "
                      "Caldenian leaders."), "talk")
    assert m.actors and "Drel" in m.actors[0].text
    m = one(events_of("The Kolm government said it was prepared to negotiate with the "
                      "rebels."), "negotiate")
    assert m.actors and plover_type(m) == lx.AGREE
    m = one(events_of("The rebels said they would attack the barracks in Pelmora."), "attack")
    assert [a.text for a in m.actors] == ["rebels"] and plover_type(m) == lx.THREATEN
    m = one(events_of("Five villagers were wounded when the Marovian army fired on a "
                      "crowd in Kolm."), "wound")
    assert m.actors and "army" in m.actors[0].text


def test_the_prefilter_reads_word_forms_and_light_verbs_only_beside_their_nouns():
    from storyline.analyse.events import may_hold_event

    assert may_hold_event("Ostrevia denied the report.")  # deny -> denied
    assert may_hold_event("Caldenia broke off relations with Kolm.")
    assert may_hold_event("Pelmora Club gave $5 million to the flood victims.")
    assert may_hold_event("Students staged a sit-in outside the ministry.")
    assert not may_hold_event("Supporters of the mayor cheered in Kolm.")
    assert not may_hold_event("The mayor made a long speech about the budget.")
    assert may_hold_event("The mayor made a visit to Kolm.")


@pytest.mark.parametrize("text, lemma, head", [
    ("Senator Mara Velt called for an inquiry into the port contract.", "call", "inquiry"),
    ("Mara Velt vowed to repeal the harbour tax.", "vow", "tax"),
    ("Mara Velt called for it.", "call", None),
])
def test_the_object_of_an_act_without_a_target_is_kept_as_its_head(text, lemma, head):
    m = one(events_of(text), lemma)
    assert not m.targets
    assert m.object_head == head


def test_a_subjectless_participle_or_purpose_infinitive_takes_its_clauses_time():
    text = ("A van rammed into a crowd celebrating Founders Day in the port city of Kell on "
            "Thursday night, killing at least 12 people.")
    assert one(events_of(text), "kill").time.value == "2031-06-12TNI"
    text = "Ostrevia's foreign minister flew to Tarsk on Monday to meet with Dalia Verhoeven."
    assert one(events_of(text), "meet").time.value == "2031-06-16"
    # a time that modifies a noun of the head clause dates another happening
    text = ("Echoing the famous 1963 refrain of the Kell movement, Mr. Arvane pledged to "
            "oppose the border wall.")
    assert one(events_of(text), "oppose").time is None
    # a participle with a subject of its own is no adjunct of the clause
    text = ("The army shelled Kell on Monday, its commander saying the rebels were "
            "attacking the town.")
    assert one(events_of(text), "attack").time is None


def test_an_apposition_does_not_date_the_event_of_its_noun():
    text = ("The attack came on Founders Day, the anniversary of the storming of the Kell "
            "fortress on May 2, 1791.")
    assert one(events_of(text), "attack").time is None


def test_it_after_a_thing_its_sentence_names_is_that_thing_not_a_named_body():
    text = ("Anna Brelsk, president of the Regional Council of Ostrevia, said in a message "
            "that the van was carrying fuel when it struck the crowd.")
    assert one(events_of(text), "strike").actors == ()
    # a body that acts keeps "it": the government's state, the country named before
    text = "Ostrevia warned Kell on Monday. The government said it would send troops."
    assert [a.text for a in one(events_of(text), "send").actors] == ["it"]
    assert one(events_of(text), "send").actors[0].entity_key is not None
    text = "Ostrevia warned Kell on Monday, and it attacked the border post on Tuesday."
    assert one(events_of(text), "attack").actors[0].entity_key is not None


def test_a_win_in_a_contest_is_no_beating_and_now_dates_nothing():
    for text in ("In a hypothetical match-up, Dale Arvane would beat Mira Tolvane by six "
                 "points.", "Arvane beat expectations in Kell.",
                 "\u201cOnly Arvane can beat Tolvane,\u201d the advertisement says.",
                 "Dale Arvane was beaten in the Republican primary in 2010 by Mira Tolvane.",
                 "Small donors are beating the greatest fundraising machine ever assembled.",
                 "Arvane spent two months beating the hell out of the delegates.",
                 "Watch the fetus on the screen, its heart beating, its legs kicking."):
        assert not [m for m in events_of(text) if m.lemma == "beat"], text
    for text in ("Police beat protesters outside the ministry in Kell on Monday.",
                 "Two reporters were beaten by guards at the border.",
                 "Protesters were beaten in the square during the election rally by police."):
        assert one(events_of(text), "beat").type == lx.ASSAULT, text
    # "now" resolves to the present, no date: the event stays undated
    text = "Supporters were asked to donate now to condemn the ministry's decision."
    assert one(events_of(text), "condemn").time is None


def test_a_city_before_an_attack_or_rally_noun_is_where_a_country_still_acts():
    m = one(events_of("Senators questioned her role in the Benghazi attack on Monday."),
            "attack")
    assert m.actors == () and m.place is not None and m.place.text == "Benghazi"
    assert [t.text for t in m.targets] == ["Benghazi"]  # what was attacked, and where
    m = one(events_of("The cleric was killed in a 2011 U.S. drone strike in Yemen."), "strike")
    assert [a.country for a in m.actors] == ["US"]


def test_an_attack_on_a_rival_in_words_is_criticism_not_an_assault():
    for text, lemma in (
            ("Senator Dale Arvane attacked Mira Tolvane over her record on trade.", "attack"),
            ("Arvane's attacks on Tolvane have not moved the polls.", "attack"),
            ("The candidates traded personal attacks during the debate.", "attack"),
            ("A new advertisement hits Mira Tolvane for skipping the forum.", "hit"),
            ("The candidates traded inflammatory attacks in Kell.", "attack"),
            ("Senator Dale Arvane attacked her personal life.", "attack"),
            ("The Marlow Fund has been hitting Tolvane with ads in Kell and Tesk.", "hit")):
        m = one(events_of(text), lemma)
        assert (m.type, m.mode) == (lx.ACCUSE, "disapprove"), text
    # force or harm in the sentence, a place attacked: still an assault
    for text in ("Dale Arvane attacked Mira Tolvane with a knife outside her home.",
                 "Police said Arvane attacked Tolvane on Friday night.",
                 "Militants attacked Kell on Friday.",
                 "Soldiers attacked the village with a barrage of artillery shells."):
        assert one(events_of(text), "attack").type == lx.ASSAULT, text
    # a weapon's word inside a name is no weapon: an organisation launched is no attack
    assert not [m for m in events_of("Dale Arvane launched Black Cats Rock! as a charity "
                                     "in 2006.") if m.type == lx.ASSAULT]


def test_idioms_and_contests_of_fight_hit_and_strike_are_no_assault():
    for text in ("Arvane has fought hard for the tax credit.",
                 "The campaign struck a similar tune on Monday.",
                 "Arvane hit the campaign trail in Kell.",
                 "Tolvane leads in the delegate battle.",
                 "The group is running attack ads in Kell."):
        assert not [m for m in events_of(text) if m.type == lx.ASSAULT], text
    m = one(events_of("Arvane struck a deal with the union on Monday."), "strike")
    assert m.type == lx.AGREE
    for text in ("Arvane is battling Mira Tolvane for the top spot in the polls.",
                 "The new levy destroyed the finances of many families.",
                 "The scandal killed her enthusiasm for the race.",
                 "Arvane starred in the hit series on Channel Nine."):
        assert not [m for m in events_of(text) if m.type == lx.ASSAULT], text
    for text in ("Tolvane beat Kell Arvane 6-4, 6-3 in the final.",
                 "Arvane was beaten out by Mira Tolvane for first place.",
                 "The laptop's keyboard hit 107 degrees Fahrenheit under load.",
                 "Its sales have been badly hit since the recall.",
                 "The sequel hits the theaters on Friday.",
                 "We wound up with a better plan."):
        assert not [m for m in events_of(text) if m.type == lx.ASSAULT], text
    for text in ("Rockets hit 12 homes in Kell on Friday.",
                 "Guards beat the prisoners at the camp."):
        assert events_of(text)[0].type == lx.ASSAULT, text
    m = one(events_of("The senators worked to kill the proposal in committee."), "kill")
    assert m.type == lx.REJECT
    for text in ("Rebels destroyed the bridge near Kell.",
                 "Gunmen killed two guards at the depot."):
        assert events_of(text)[0].type == lx.ASSAULT, text
    assert one(events_of("Soldiers fought to retake the bridge."), "fight").type == lx.ASSAULT
