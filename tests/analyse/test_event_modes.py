"""PLOVER modes and types from the manual's tables and CAMEO's categories (events v7).

Fictional sentences (invented countries, people and places); the pinned spaCy
pipeline parses them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.analyse import event_lexicon as lx
from storyline.analyse.events import extract_events, plover_mode, plover_type, primary
from storyline.analyse.nlp import analyse_text
from storyline.analyse.times import extract_times


def coded(text: str) -> tuple[str, str | None]:
    day = dt.date(2031, 6, 16)
    analysis = analyse_text(text)
    m = primary(extract_events(analysis, extract_times(text, day, analysis), day))
    assert m is not None and not m.unsure, text
    return plover_type(m), plover_mode(m)


@pytest.mark.parametrize("text, mode", [
    ("The Varnian militia threatened to deliver crushing blows to Oskaria.", "violence"),
    ("Rebel commander Tomas Vell warned of retaliation against Kestrel Bay.", "violence"),
    ("The Oskarian defence minister threatened military action against Varnia.", "violence"),
    ("The Varnian prosecutor threatened the protest leaders with arrest.", "arrest"),
    ("Varnia threatened to walk away from the talks with Oskaria.", "relations"),
    ("The Varnian army threatened to occupy the northern islands.", "territory"),
    ("Oskaria threatened to invade Varnia.", "territory"),
    ("The Oskarian government threatened a ban on the Green Dawn party.", "restrict"),
])
def test_a_threat_takes_its_mode_from_the_words_naming_its_content(text, mode):
    assert coded(text) == (lx.THREATEN, mode)


def test_a_threats_condition_is_not_its_content():
    # "attacks" names the condition, not what is threatened: no mode rather than a guess
    assert coded("Oskaria threatened to act if the attacks on its ships continue.") == \
        (lx.THREATEN, None)


@pytest.mark.parametrize("text, expected", [
    ("Oskarian warplanes bombed rebel positions in northern Varnia.",
     (lx.ASSAULT, "aerial")),
    ("Varnian soldiers opened fire on protesters in the capital.",
     (lx.ASSAULT, "firearms")),
    ("Oskarian drones and aircraft struck rebel camps near Kestrel.",
     (lx.ASSAULT, "drone")),
    ("Varnian police fired tear gas at protesters in the capital.",
     (lx.ASSAULT, "crowd-control")),
    ("Varnian police dispersed the crowd with tear gas and water cannon.",
     (lx.ASSAULT, "crowd-control")),
    ("Police killed two protesters and fired tear gas in the Varnian capital.",
     (lx.ASSAULT, None)),
])
def test_a_weapon_named_in_the_clause_decides_the_assault_mode(text, expected):
    assert coded(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Oskaria gave Varnia an ultimatum to withdraw its troops by Friday.", (lx.THREATEN, None)),
    ("Oskaria granted diplomatic recognition to the new Varnian republic.",
     (lx.SUPPORT, None)),
    ("Oskaria sent troops to Varnia as part of a peacekeeping force.", (lx.AID, None)),
    ("The Oskarian trade minister said his country would expand trade with Varnia.",
     (lx.AGREE, None)),
    ("The Varnian premier arrived in Oskaria on Monday for talks with President Lund.",
     (lx.CONSULT, "visit")),
])
def test_cameo_categories_read_as_plover_has_them(text, expected):
    assert coded(text) == expected


def test_sending_troops_without_peacekeeping_stays_a_mobilization():
    assert coded("Oskaria sent troops to the Varnian border on Monday.") == \
        (lx.MOBILIZE, "troops")


def test_giving_aid_stays_aid_and_a_visit_needs_a_journey():
    assert coded("Oskaria gave Varnia two hundred tonnes of grain on Monday.")[0] == lx.AID
    assert coded("Varnian and Oskarian envoys held talks in Kestrel on Monday.") == \
        (lx.CONSULT, None)


@pytest.mark.parametrize("text, expected", [
    ("The rebels ignored the government's order to disarm.", (lx.REJECT, None)),
    ("Oskaria placed its armed forces on alert.", (lx.MOBILIZE, "troops")),
    ("Varnian troops attacked rebel positions near Kestrel on Monday.", (lx.ASSAULT, None)),
    ("The Varnian premier attacked the Oskarian position on the treaty.",
     (lx.ACCUSE, "disapprove")),
    ("Oskaria voted in favour of the Varnian resolution at the assembly.",
     (lx.SUPPORT, None)),
    ("The Varnian president bowed to pressure from the strikers.", (lx.CONCEDE, None)),
    ("Varnian authorities expelled the Oskarian journalist Pavel Rusk.",
     (lx.COERCE, "deport")),
])
def test_defiance_alerts_ground_attacks_votes_and_yielding(text, expected):
    assert coded(text) == expected


def test_dismissing_an_official_is_no_rejection_and_alerted_voters_no_mobilization():
    day = dt.date(2031, 6, 16)
    for text in ("The Varnian president dismissed his interior minister on Monday.",
                 "The Kestrel Fund wants to put the candidates on alert about the dams."):
        analysis = analyse_text(text)
        found = extract_events(analysis, extract_times(text, day, analysis), day)
        assert not [m for m in found if m.type in {lx.REJECT, lx.MOBILIZE}], text


def test_military_words_name_a_threat_of_violence_only_as_its_act():
    assert coded("Varnia threatened military action against the Kestrel rebels.") == \
        (lx.THREATEN, "violence")
    assert coded("The Varnian envoy threatened to tell military officers about the plan.")[1] \
        != "violence"


def test_not_attending_a_summit_is_a_refusal_and_nuclear_sites_are_no_weapon():
    assert coded("The Varnian foreign minister said on Tuesday his country would not attend "
                 "the Kestrel summit.")[0] == lx.REJECT
    assert coded("Oskarian artillery shelled the Varnian nuclear facilities on Monday.") == \
        (lx.ASSAULT, "heavy-weapons")
    assert coded("Oskarian warplanes bombed the Varnian nuclear plant at Kestrel.") == \
        (lx.ASSAULT, "aerial")
