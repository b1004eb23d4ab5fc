"""Sentences, entity mentions and canonical entities (issue 4).

All texts are fictional (people, places, outlets), written for these tests;
real country names appear only where the country table is under test.
"""

from __future__ import annotations

import importlib.util
import json
import random
import sys

import pytest
from conftest import ROOT, shared_path

from storyline.analyse.entities import (
    KIND_DESCRIPTION,
    KIND_SHORT,
    ArticleAnalysis,
    Mention,
    Sentence,
    build_analysis,
    resolve_pronoun,
)
from storyline.analyse.names import name_key, same_person_name
from storyline.analyse.nlp import analyse_text, analyse_texts
from storyline.resolve.entities import AliasError, entity_id, load_aliases, resolve_entities

MAREK = """Veldorian President Anton Marek arrives in Carrow
The visit of Anton Marek’s delegation was announced on Tuesday by the Ministry of Harbours.
Marek said he would meet Lena Ostrova, a professor at Brindle University, before the summit.
Ms. Ostrova told reporters she expected little progress. The Veldorian president left on Friday.
"We will not be rushed," Marek said. He declined to take questions."""

COUNTRIES = """North Korea has sent 4,000 containers to Russia, the White House said on Monday.
Pyongyang denied the report. The Kremlin said the DPRK was a friendly neighbour.
North Korean officials visited Moscow in May, and a delegation toured Pyongyang in June."""


@pytest.fixture(scope="module")
def marek() -> ArticleAnalysis:
    return next(analyse_texts([MAREK]))


def _by_text(analysis: ArticleAnalysis, text: str) -> list[Mention]:
    return [m for m in analysis.mentions if m.text == text]


def _offset(analysis: ArticleAnalysis, needle: str, nth: int = 0) -> int:
    at = -1
    for _ in range(nth + 1):
        at = analysis.text.index(needle, at + 1)
    return at


# --- per article --------------------------------------------------------------------------


def test_offsets_are_exact_and_sentences_stay_on_their_line(marek):
    assert marek.text == MAREK
    for m in marek.mentions:
        assert MAREK[m.start : m.end] == m.text
    for s in marek.sentences:
        assert 0 <= s.start < s.end <= len(MAREK)
        assert "\n" not in MAREK[s.start : s.end]
    assert MAREK[marek.sentences[0].start : marek.sentences[0].end].endswith("Carrow")


def test_empty_texts_keep_their_place_in_the_stream():
    out = list(analyse_texts(["", "Anton Marek visited Carrow.", "\n\n", "Lena Ostrova spoke."]))
    assert [a.text for a in out] == ["", "Anton Marek visited Carrow.", "\n\n",
                                     "Lena Ostrova spoke."]
    assert out[0].mentions == () and out[2].sentences == ()


def test_possessive_and_photo_credit_are_stripped():
    text = "Anton Marek’s plan\nAnton Marek Getty\nThe board heard Lena Ostrova's view."
    raw = [(0, 13, "PERSON"), (19, 36, "PERSON"), (53, 68, "PERSON")]
    analysis = build_analysis(text, [], raw)
    assert [m.text for m in analysis.mentions] == ["Anton Marek", "Anton Marek", "Lena Ostrova"]
    assert len({m.entity_key for m in analysis.mentions[:2]}) == 1


def test_the_north_is_the_country_the_article_names_and_only_that():
    korea = ("Officials in Carrow said Veldoria and North Korea signed a pact on Monday. "
             "Seoul said the North had fired two missiles. South Korea called it a provocation.")
    region = ("Historians in Carrow said the North won the war in 1865. The South lost most "
              "of its ports. Voters in South Carolina will vote in March.")
    civil = "The North held the line at the river in 1863, said Mara Telling, a historian."
    analyses = list(analyse_texts([korea, region, civil]))
    here = {m.text: m.entity_key for m in analyses[0].mentions}
    assert here["North"] == here["North Korea"] != here["South Korea"]
    there = {m.text: m.entity_key for m in analyses[1].mentions}
    assert there["South"] != there["South Carolina"]  # a state is not a country
    entities = resolve_entities([("korea", analyses[0]), ("region", analyses[1]),
                                 ("civil", analyses[2])])
    norths = {frozenset(m.article for m in e.mentions if m.text == "North") for e in entities
              if any(m.text == "North" for m in e.mentions)}
    # Korea's "the North" is North Korea; the Civil War's North stays apart from it
    assert norths == {frozenset({"korea"}), frozenset({"region", "civil"})}


def test_a_name_before_a_vehicle_word_is_its_model_not_a_person():
    text = "Varel gave Kadeny a Marrow Vesta limousine. Ilse Varga drove a car."
    raw = [(text.index(s), text.index(s) + len(s), "PERSON")
           for s in ("Marrow Vesta", "Ilse Varga")]
    labels = {m.text: m.label for m in build_analysis(text, [], raw).mentions}
    assert labels == {"Marrow Vesta": "PRODUCT", "Ilse Varga": "PERSON"}


def test_role_is_split_from_the_name(marek):
    full = _by_text(marek, "Anton Marek")[0]
    assert full.role == "Veldorian President"
    assert _by_text(marek, "Lena Ostrova")[0].role == "professor at Brindle University"
    # a title inside the model's span, and a title run with "of"
    text = "Yesterday President Anton Marek met Deputy Secretary of Ports Ivo Brandt."
    ivo = text.index("Ivo")
    raw = [(10, 31, "PERSON"), (ivo, ivo + len("Ivo Brandt"), "PERSON")]
    names = {m.text: m.role for m in build_analysis(text, [], raw).mentions}
    assert names == {"Anton Marek": "President", "Ivo Brandt": "Deputy Secretary of Ports"}


def test_short_form_and_variants_join_the_full_name(marek):
    key = _by_text(marek, "Anton Marek")[0].entity_key
    shorts = _by_text(marek, "Marek")
    assert shorts and all(m.entity_key == key and m.kind == KIND_SHORT for m in shorts)
    assert _by_text(marek, "Ostrova")[0].entity_key == _by_text(marek, "Lena Ostrova")[0].entity_key
    text = "Park Sun-hee met traders. Park Sun Hee said PARK SUN-HEE would return."
    raw = [(0, 12, "PERSON"), (26, 38, "PERSON"), (44, 56, "ORG")]
    mentions = build_analysis(text, [], raw).mentions
    assert {m.entity_key for m in mentions} == {"e1"}
    assert {m.label for m in mentions} == {"PERSON"}


def test_description_links_to_the_named_person(marek):
    desc = [m for m in marek.mentions if m.kind == KIND_DESCRIPTION]
    assert [m.text for m in desc] == ["Veldorian president"]
    assert desc[0].entity_key == _by_text(marek, "Anton Marek")[0].entity_key


def test_pronoun_hook(marek):
    marek_key = _by_text(marek, "Anton Marek")[0].entity_key
    ostrova_key = _by_text(marek, "Lena Ostrova")[0].entity_key
    assert resolve_pronoun(marek, _offset(marek, " he ") + 1) == marek_key
    assert resolve_pronoun(marek, _offset(marek, " she ") + 2) == ostrova_key  # inside the word
    assert resolve_pronoun(marek, _offset(marek, "He declined")) == marek_key
    assert resolve_pronoun(marek, _offset(marek, "delegation")) is None  # not a pronoun
    lone = ArticleAnalysis("She left.", (Sentence(0, 9),), ())
    assert resolve_pronoun(lone, 0) is None
    # "she" skips a man marked by "Mr."; "it" goes to an organisation
    text = "Ms. Dana Holt hired Mr. Evan Roe at Tidewell Corp. She said it was growing."
    analysis = build_analysis(text, [Sentence(0, 50), Sentence(51, len(text))],
                              [(4, 13, "PERSON"), (24, 32, "PERSON"), (36, 49, "ORG")])
    keys = {m.text: m.entity_key for m in analysis.mentions}
    assert resolve_pronoun(analysis, text.index("She")) == keys["Dana Holt"]
    assert resolve_pronoun(analysis, text.index(" it ") + 1) == keys["Tidewell Corp"]


# --- across articles ----------------------------------------------------------------------


def _person_article(*names: str, role: str | None = None) -> ArticleAnalysis:
    text = ". ".join(f"{n} spoke" for n in names) + "."
    mentions, at = [], 0
    for i, n in enumerate(names):
        mentions.append(Mention(at, at + len(n), n, "PERSON", f"e{i + 1}", role))
        at += len(n) + len(" spoke. ")
    return ArticleAnalysis(text, (), tuple(mentions))


def _owner(entities) -> dict[str, str]:
    return {m.article: e.name for e in entities for m in e.mentions}


def test_hyphen_case_and_accent_variants_are_one_person():
    corpus = [("a1", _person_article("Park Sun-hee")), ("a2", _person_article("Park Sun Hee")),
              ("a3", _person_article("PARK SUN-HEE")), ("a4", _person_article("Párk Sun-Hee"))]
    people = [e for e in resolve_entities(corpus) if e.type == "person"]
    assert len(people) == 1
    assert people[0].id == entity_id("person", people[0].name)
    assert set(people[0].aliases) | {people[0].name} == {
        "Park Sun-hee", "Park Sun Hee", "PARK SUN-HEE", "Párk Sun-Hee"}
    assert same_person_name("J. R. Tolvane", "Jonas Rick Tolvane")
    assert not same_person_name("Jonas R. Tolvane", "Jonas P. Tolvane")


def test_same_surname_different_people_are_not_merged_blindly():
    corpus = [("a1", _person_article("Anton Marek")), ("a2", _person_article("Lidia Marek")),
              ("a3", _person_article("Marek"))]
    owner = _owner(resolve_entities(corpus))
    assert owner["a1"] != owner["a2"]
    assert owner["a3"] not in {owner["a1"], owner["a2"]}  # ambiguous: stays on its own
    # with one candidate only, the bare surname joins it; a role decides between two
    alone = _owner(resolve_entities(corpus[:1] + corpus[2:]))
    assert alone["a3"] == alone["a1"]
    with_role = [("a1", _person_article("Anton Marek", role="Veldorian President")),
                 corpus[1], ("a3", _person_article("Marek", role="President"))]
    owner = _owner(resolve_entities(with_role))
    assert owner["a3"] == owner["a1"] != owner["a2"]


def test_countries_capitals_demonyms_and_institutions():
    analysis = next(analyse_texts([COUNTRIES]))
    entities = resolve_entities([("c1", analysis)])
    by_name = {e.name: e for e in entities}
    korea = by_name["North Korea"]
    assert korea.type == "country" and korea.country == "KP"
    said_by = {m.text for m in korea.mentions}
    assert {"North Korea", "DPRK", "North Korean", "Pyongyang"} <= said_by
    pyongyang_place = by_name["Pyongyang"]  # "toured Pyongyang": the city, not the government
    assert pyongyang_place.type == "place" and pyongyang_place.country == "KP"
    assert [m.start for m in pyongyang_place.mentions] == [COUNTRIES.rindex("Pyongyang")]
    assert by_name["Kremlin"].type == "org" and by_name["Kremlin"].country == "RU"
    assert by_name["White House"].country == "US"
    assert by_name["Moscow"].type == "place"


def test_user_alias_file(tmp_path):
    corpus = [("a1", ArticleAnalysis("Brindle U won.", (), (Mention(0, 9, "Brindle U", "ORG",
                                                                     "e1"),))),
              ("a2", ArticleAnalysis("The Old Harbour fell.", (), (
                  Mention(4, 15, "Old Harbour", "PERSON", "e1"),)))]
    tsv = tmp_path / "aliases.tsv"
    tsv.write_text("# alias\tname\ttype\nBrindle U\tBrindle University\torg\n"
                   "Old Harbour\tOld Harbour of Carrow\tfacility\n", encoding="utf-8")
    js = tmp_path / "aliases.json"
    js.write_text(json.dumps({"Brindle U": {"name": "Brindle University", "type": "ORG"},
                              "Old Harbour": {"name": "Old Harbour of Carrow",
                                              "type": "facility"}}), encoding="utf-8")
    for path in (tsv, js):
        table = load_aliases(path)
        assert table[name_key("brindle u")].name == "Brindle University"
        got = {(e.name, e.type) for e in resolve_entities(corpus, table)}
        assert got == {("Brindle University", "org"), ("Old Harbour of Carrow", "facility")}
    bad = tmp_path / "bad.tsv"
    bad.write_text("Brindle U\n", encoding="utf-8")
    with pytest.raises(AliasError, match="bad.tsv: line 1"):
        load_aliases(bad)
    wrong_type = tmp_path / "wrong.tsv"
    wrong_type.write_text("Brindle U\tBrindle University\tcity-state\n", encoding="utf-8")
    with pytest.raises(AliasError, match="unknown entity type"):
        load_aliases(wrong_type)


def test_deterministic(marek):
    countries, again = analyse_texts([COUNTRIES, MAREK])  # in a batch, not alone
    assert again == marek
    corpus = [("a1", marek), ("a2", countries),
              ("a3", _person_article("Anton Marek")), ("a4", _person_article("Lidia Marek"))]
    first = resolve_entities(corpus)
    shuffled = corpus[:]
    random.Random(4).shuffle(shuffled)
    assert resolve_entities(shuffled) == first
    assert len({e.id for e in first}) == len(first)


# --- quality on labelled data -------------------------------------------------------------


def test_rules_do_not_lose_to_the_bare_model_on_conll():
    spec = importlib.util.spec_from_file_location("bench_ner", ROOT / "bench" / "bench_ner.py")
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # dataclasses look their module up while executing it
    spec.loader.exec_module(bench)
    docs = bench.read_conll(shared_path("data", "ner", "conll2003_test_part1.txt"))
    gold = [set(d.gold) for d in docs]
    bare = bench.score(gold, bench.bare_model(docs))["ALL"][2]
    full = bench.score(gold, bench.full_pipeline(docs))["ALL"][2]
    assert full >= bare, (full, bare)


def _tagged(text: str, *spans: tuple[str, str]) -> ArticleAnalysis:
    mentions = [Mention(text.index(s), text.index(s) + len(s), s, label, f"e{i + 1}")
                for i, (s, label) in enumerate(spans)]
    return ArticleAnalysis(text, (), tuple(mentions))


def test_corpus_fixes_the_model_type_of_bare_names():
    corpus = [
        ("a1", _tagged("Brannoch leader Ilva Stroud met envoys in Quenmoor.",
                       ("Ilva Stroud", "PERSON"), ("Quenmoor", "GPE"))),
        ("a2", _tagged("Stroud said talks in Quenmoor went well.",
                       ("Stroud", "ORG"), ("Quenmoor", "PERSON"))),
        ("a3", _tagged("Ferrin Quay said the Dunholt Fund would pay.",
                       ("Ferrin Quay", "PERSON"), ("Dunholt Fund", "ORG"))),
    ]
    entities = resolve_entities(corpus)
    by_name = {e.name: e for e in entities}
    stroud = by_name["Ilva Stroud"]
    assert stroud.type == "person" and {m.article for m in stroud.mentions} == {"a1", "a2"}
    quenmoor = [e for e in entities if e.name == "Quenmoor"]
    assert [e.type for e in quenmoor] == ["place"] and len(quenmoor[0].mentions) == 2
    assert by_name["Dunholt Fund"].type == "org"  # a multi-word organisation is left alone


def test_a_name_repeated_hundreds_of_times_and_its_variants_are_one_person():
    """Full names are compared once per distinct form: 300 repeats and a middle-initial
    variant still make one entity, and another person of the same surname stays apart."""
    text = ("Harbor talks resumed.\n\n" + "Orla Venn spoke. " * 300
            + "Orla B. Venn left. Tomas Venn stayed.")
    analysis = next(analyse_texts([text]))
    keys = {m.text: m.entity_key for m in analysis.mentions if m.label == "PERSON"}
    assert keys["Orla Venn"] == keys["Orla B. Venn"] != keys["Tomas Venn"]
    assert len({m.entity_key for m in analysis.mentions if m.text == "Orla Venn"}) == 1


def test_spacy_reads_a_long_run_of_brackets_as_letters_and_the_names_around_it_stay():
    """A hostile paragraph: 16,000 closing brackets between two sentences. spaCy is shown
    the run as letters of the same length (its tokenizer took 27 s on the run itself), so
    the names on both sides are found at their offsets; long words and links are kept."""
    from storyline.analyse.nlp import spacy_view

    run = ")" * 16_000
    text = "Orla Venn arrived in Pelmora on Monday. " + run + " Tomas Kell left Varn."
    view = spacy_view(text)
    assert len(view) == len(text) and run not in view and view.startswith(text[:40])
    word = "Donaudampfschiff" * 20  # a long run of letters is read as it is
    assert spacy_view("The " + word + " sailed.") == "The " + word + " sailed."
    analysis = next(analyse_texts([text]))
    people = {m.text for m in analysis.mentions if m.label == "PERSON"}
    assert {"Orla Venn", "Tomas Kell"} <= people
    for m in analysis.mentions:
        assert text[m.start:m.end] == m.text and ")" not in m.text


def test_an_honorific_rules_out_a_full_name_of_the_other_gender():
    text = ("Susan Vandermolen opened her campaign in Carrow on Monday.\n"
            "Susan Vandermolen spoke for an hour. Her husband, the former governor Peter "
            "Vandermolen, sat in the front row. Susan Vandermolen thanked the crowd.\n"
            "Mr. Vandermolen later told reporters he would not campaign full time.\n"
            "Mrs. Vandermolen left for Tarsk in the evening.\n"
            "Ms. Oskarsen, whose brother Martin Oskarsen runs the party, was not there.")
    analysis = next(analyse_texts([text]))
    key = {m.text: m.entity_key for m in analysis.mentions if " " in m.text}
    at = {f"{text[: m.start].split()[-1]} {m.text}": m.entity_key
          for m in analysis.mentions if " " not in m.text and m.start}
    assert at["Mr. Vandermolen"] == key["Peter Vandermolen"]  # not the most named one
    assert at["Mrs. Vandermolen"] == key["Susan Vandermolen"]
    assert at["Ms. Oskarsen"] not in {key["Martin Oskarsen"], None}  # no full name of hers


def _labelled(text: str) -> tuple[ArticleAnalysis, set[tuple[str, str]]]:
    """The analysis of one text and its mentions as (text, label)."""
    analysis = next(analyse_texts([text]))
    return analysis, {(m.text, m.label) for m in analysis.mentions}


def test_a_possessive_inside_a_persons_span_splits_owner_and_place():
    text = ("Dale Arvane\u2019s Indiana chairman, Rex Early, a former lawmaker, said so.\n"
            "Arvane lost Indiana. Indiana voters will meet again in May.\n"
            "That\u2019s Jeb Vessel for you.")
    analysis, found = _labelled(text)
    assert {("Dale Arvane", "PERSON"), ("Jeb Vessel", "PERSON")} <= found
    assert not any("\u2019s" in m.text for m in analysis.mentions)
    # the state is a place, and no short form of the person's name
    assert {m.label for m in analysis.mentions if m.text == "Indiana"} == {"GPE"}


def test_platforms_are_organisations_and_a_capitals_word_is_no_persons_short_form():
    text = ("Dale Arvane thanked his supporters on Twitter on Monday.\n"
            "In 2013 the OVP youth wing, Junge OVP, went a step further. The OVP said the "
            "vote was lost. Arvane left the OVP in May.")
    analysis, labels = _labelled(text)
    assert ("Twitter", "ORG") in labels
    assert "PERSON" not in {m.label for m in analysis.mentions if m.text == "OVP"}


def test_a_one_word_person_that_is_a_place_the_article_names_is_that_place():
    text = ("Indiana votes in May. The race in Indiana is close.\n"
            "\u201cHe cannot win,\u201d said Kyle Brenn, a veteran Indiana GOP insider.\n"
            "Jim Jordan spoke in Ohio. Jordan said the state would vote for him.")
    analysis = next(analyse_texts([text]))
    assert {m.label for m in analysis.mentions if m.text == "Indiana"} == {"GPE"}
    # a place the article never names as one, or a person's short form, stays a person
    assert {m.label for m in analysis.mentions if m.text == "Jordan"} == {"PERSON"}


def test_a_surname_that_is_a_peoples_name_is_the_persons_where_used_as_a_name():
    text = ("Mark Cuban, the team's owner, spoke in Kell on Monday.\n"
            "\u201cIt is too early to tell,\u201d Cuban said. Cuban also said he would wait.\n"
            "\u201cWe will see,\u201d said Cuban, who owns the team.\n"
            "Cuban exiles in Kell protested on Tuesday.")
    analysis = next(analyse_texts([text]))
    person = next(m.entity_key for m in analysis.mentions if m.text == "Mark Cuban")
    bare = [m for m in analysis.mentions if m.text == "Cuban"]
    assert [m.entity_key == person for m in bare] == [True, True, True, False]


def test_a_stance_word_names_no_one():
    text = ("A pro-Arvane super PAC and anti-Ostrevian protesters gathered in Kell. Dale "
            "Arvane spoke.")
    analysis = next(analyse_texts([text]))
    assert not [m for m in analysis.mentions if "-" in m.text]
    assert "Dale Arvane" in {m.text for m in analysis.mentions}


def test_an_unclosed_bracket_is_cut_from_a_name():
    text = ("They founded Young Ostrevians for Freedom (YOF) in Kell. Members of the Young "
            "Ostrevians for Freedom (YOF met on Monday.")
    analysis = next(analyse_texts([text]))
    assert not [m for m in analysis.mentions if "(" in m.text]
    full = {m.entity_key for m in analysis.mentions if m.text == "Young Ostrevians for Freedom"}
    assert len(full) == 1 and {m.entity_key for m in analysis.mentions if m.text == "YOF"} == full


def test_a_description_with_a_state_joins_only_that_states_officeholder():
    text = ("Senator Dale Arvane of Vermont met Senator Mira Tolvane on Monday. Later, the "
            "Vermont senator said the talks went well.")
    a = analyse_text(text)
    key = {m.text: m.entity_key for m in a.mentions if m.kind == "name"}
    linked = [m.entity_key for m in a.mentions if m.kind == "description"]
    assert linked == [key["Dale Arvane"]]  # not the senator named last
    text = "Governor Ada Lind spoke on Monday. Later, the Ohio governor said he would run again."
    assert not [m for m in analyse_text(text).mentions if m.kind == "description"]
