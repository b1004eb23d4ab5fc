"""The rules of issue 13 on the model's raw spans, without the model: person spans cleaned,
acronyms and department short forms, names that are one person or two, gender."""

from __future__ import annotations

import pytest

from storyline.analyse import gazetteer
from storyline.analyse.entities import Sentence, build_analysis, entity_gender
from storyline.analyse.names import given_name_gender, name_key, same_person_name


def _analyse(text: str, *spans: tuple[str, str]):
    """Analysis of `text` with the model's spans given as (surface, label), in order."""
    raw, pos = [], 0
    for surface, label in spans:
        start = text.index(surface, pos)
        raw.append((start, start + len(surface), label))
        pos = start + len(surface)
    return build_analysis(text, [Sentence(0, len(text))], raw)


@pytest.mark.parametrize("text, span, person, other", [
    ("Obama Says yes to the plan.", "Obama Says", "Obama", None),
    ("Voters liked Jeb Bush Republican of Florida.", "Jeb Bush Republican", "Jeb Bush", None),
    ("Certainly Donald Trump won.", "Certainly Donald Trump", "Donald Trump", None),
    ("The Obama White House declined.", "Obama White House", "Obama", "White House"),
])
def test_a_person_span_loses_what_is_not_the_person(text, span, person, other):
    a = _analyse(text, (span, "PERSON"))
    assert [m.text for m in a.mentions if m.label == "PERSON"] == [person]
    assert [m.text for m in a.mentions if m.label == "ORG"] == ([other] if other else [])


def test_facilities_and_titled_names_get_their_type():
    a = _analyse("Guests at Trump Tower met Defense Minister Ilse Varga.",
                 ("Trump Tower", "PERSON"), ("Defense Minister Ilse Varga", "WORK_OF_ART"))
    labels = {m.text: m.label for m in a.mentions}
    assert labels["Trump Tower"] == "FAC" and labels["Ilse Varga"] == "PERSON"
    assert a.mentions[-1].role == "Defense Minister"


def test_an_acronym_of_two_names_joins_neither():
    text = ("The Democratic National Committee met during the Democratic National Convention. "
            "The DNC said nothing.")
    a = _analyse(text, ("Democratic National Committee", "ORG"),
                 ("Democratic National Convention", "ORG"), ("DNC", "ORG"))
    keys = {m.text: m.entity_key for m in a.mentions}
    assert keys["DNC"] not in {keys["Democratic National Committee"],
                               keys["Democratic National Convention"]}
    a = _analyse("The Democratic National Committee met. The DNC said nothing.",
                 ("Democratic National Committee", "ORG"), ("DNC", "ORG"))
    assert len({m.entity_key for m in a.mentions}) == 1


def test_state_and_the_department_join_the_one_department_named():
    a = _analyse("The State Department said on Friday that State officials would review it.",
                 ("State Department", "ORG"), ("State", "ORG"))
    assert len({m.entity_key for m in a.mentions}) == 1
    a = _analyse("The State Department and the Justice Department met. State said no.",
                 ("State Department", "ORG"), ("Justice Department", "ORG"), ("State", "ORG"))
    keys = [m.entity_key for m in a.mentions]
    assert keys[2] == keys[0] != keys[1]


def test_names_that_are_one_person_and_names_that_are_two():
    assert same_person_name("Wasserman Schultz", "Debbie Wasserman Schultz")
    assert not same_person_name("Donald Trump", "Certainly Donald Trump")  # Donald: a given name
    assert not same_person_name("Donald Trump Jr.", "Donald Trump")
    assert same_person_name("George H.W. Bush", "George H. W. Bush")
    assert name_key("F.B.I.") == name_key("FBI") and name_key("G.O.P.") == name_key("GOP")


def test_gender_from_given_names_and_roles():
    assert given_name_gender("Hillary Clinton") == "f" and given_name_gender("Bill Clinton") == "m"
    assert given_name_gender("Assemblywoman Claudia Tenney") == "f"
    assert given_name_gender("Chris Christie") is None and given_name_gender("Trump") is None
    a = _analyse("Assemblywoman Tenney spoke.", ("Tenney", "PERSON"))
    assert entity_gender(a, a.mentions[0].entity_key or "") == "f"


def test_gazetteer_knows_parties_agencies_and_state_abbreviations():
    assert gazetteer.PARTIES["GOP"][0] == gazetteer.PARTIES["Republicans"][0] == "Republican Party"
    assert gazetteer.PARTIES["Democrat"][0] == "Democratic Party"
    assert gazetteer.INSTITUTIONS["F.B.I."][0] == "FBI"
    assert gazetteer.state_name("N.Y.") == "New York" and gazetteer.state_name("Calif.") == \
        "California"
