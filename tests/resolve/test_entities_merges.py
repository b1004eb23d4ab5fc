"""Merges the resolver must not make across articles (issue 13: a wrong merge misleads; an
ambiguous short form joins a full name only with evidence from its own article): a given
name alone among several people of that first name, an acronym that other names of the
corpus spell too. The articles and people are fictional, written for these tests."""

from __future__ import annotations

import logging

from conftest import analyse, entity_tables, entity_tables_whole, write_feed

from storyline.resolve.entities import pick_name, resolve_entities
from storyline.run import pipeline
from storyline.run.steps.entities import KEEP_STATE
from storyline.store import Store


def _names(*articles) -> dict[tuple[str, str], str]:
    """{(article, surface): entity name} of fictional articles resolved together."""
    resolved = resolve_entities((f"a{i}", a) for i, a in enumerate(articles))
    return {(m.article, m.text): e.name for e in resolved for m in e.mentions}


def _kinds(*articles, but: str = "Orlo") -> dict[tuple[str, str], tuple]:
    """{(article, surface): (type, name, country)} of fictional articles resolved together,
    the place `but` left out."""
    resolved = resolve_entities((f"a{i}", a) for i, a in enumerate(articles))
    return {(m.article, m.text): (e.type, e.name, e.country) for e in resolved
            for m in e.mentions if m.text != but}


QUENBY = analyse("Marsha Quenby spoke in Tarn.", ("Marsha Quenby", "PERSON"), ("Tarn", "GPE"))
VELL = analyse("Marsha Vell spoke in Orlo.", ("Marsha Vell", "PERSON"), ("Orlo", "GPE"))


def test_a_given_name_alone_joins_no_one_its_context_alone_points_to():
    # "Marsha" in Tarn: Marsha Quenby spoke in Tarn too, but a shared place is no evidence
    # that a first name means her rather than another Marsha of the corpus
    alone = analyse("Mayor Pim Odell greeted Marsha in Tarn.", ("Pim Odell", "PERSON"),
                    ("Marsha", "PERSON"), ("Tarn", "GPE"))
    names = _names(QUENBY, VELL, alone)
    assert names[("a2", "Marsha")] == "Marsha"
    # the one Marsha of the corpus still takes it (as a surname alone would join)
    assert _names(QUENBY, alone)[("a1", "Marsha")] == "Marsha Quenby"


def test_a_given_name_joins_the_person_whose_surname_its_article_writes():
    wife = analyse("Tobin Vell and his wife Marsha arrived in Tarn.", ("Tobin Vell", "PERSON"),
                   ("Marsha", "PERSON"), ("Tarn", "GPE"))
    assert _names(QUENBY, VELL, wife)[("a2", "Marsha")] == "Marsha Vell"


def test_a_family_name_first_still_joins_by_context():
    # "Kim" is no given name of the lists: the first word of "Kim Sollan" is a family name
    sollan = analyse("Kim Sollan spoke in Tarn.", ("Kim Sollan", "PERSON"), ("Tarn", "GPE"))
    daeho = analyse("Kim Daeho spoke in Orlo.", ("Kim Daeho", "PERSON"), ("Orlo", "GPE"))
    bare = analyse("Kim arrived in Tarn.", ("Kim", "PERSON"), ("Tarn", "GPE"))
    assert _names(sollan, daeho, bare)[("a2", "Kim")] == "Kim Sollan"


STORED = {
    "n1": "Harbor Minister Marsha Quenby said on Monday that fees in Pelmora would rise.",
    "n2": "Trade envoy Marsha Vell arrived in Quillon on Tuesday and met fishermen.",
}
ADDED = {
    "n3": "Mayor Brannoc Teel said Marsha had called him in Pelmora on Wednesday.",
    "n4": "Tobin Vell and his wife Marsha arrived in Quillon on Thursday.",
}






def test_added_given_names_resolve_from_the_kept_state_as_a_whole_resolution(tmp_path,
                                                                              caplog):
    db = tmp_path / "s.duckdb"
    caplog.set_level(logging.INFO, logger="storyline.run.steps.entities")
    for day, (name, texts) in enumerate((("stored", STORED), ("added", ADDED)), 1):
        caplog.clear()
        with Store.open(db) as store:
            pipeline.ingest([write_feed(tmp_path / name, texts, f"2031-07-{day:02d}")], store)
            pipeline.update(store, options={KEEP_STATE: True})
            got = entity_tables(store)
            people = dict(store.con.execute(
                "SELECT m.text || '@' || a.url, e.name FROM entity_mentions m JOIN entities e "
                "ON e.id = m.entity JOIN articles a ON a.id = m.article "
                "WHERE e.type = 'person'").fetchall())
    assert "resolving the whole corpus" not in caplog.text  # the added path decided
    marsha = {url.rsplit("/", 1)[-1]: n for k, n in people.items()
              for text, url in [k.split("@", 1)] if text == "Marsha"}
    assert marsha == {"n3": "Marsha", "n4": "Marsha Vell"}
    assert entity_tables_whole(db, tmp_path) == got


OSKAR = analyse("Oskar Brel spoke in Tarn.", ("Oskar Brel", "PERSON"), ("Tarn", "GPE"))
#: "Mr. Brel" beside Anna Brel: the article's clustering keeps him apart from her
HOST = analyse("Anna Brel welcomed Mr. Brel to the Orlo Bank in Tarn.", ("Anna Brel", "PERSON"),
               ("Brel", "PERSON"), ("Orlo Bank", "ORG"), ("Tarn", "GPE"))


def test_a_surname_its_article_keeps_apart_from_a_full_name_joins_another_bearer():
    # the article's own context would tie "Mr. Brel" to Anna Brel, whom it names beside
    # him; what it says of her does not count, and Oskar Brel spoke in Tarn too
    names = _names(OSKAR, HOST)
    assert names[("a1", "Brel")] == "Oskar Brel"
    assert names[("a1", "Anna Brel")] == "Anna Brel"
    # with two people of that surname named in full after it, the article could not
    # tell which it means, and its context cannot either: no one takes it
    both = analyse("Brel met Anna Brel and Oskar Brel in Tarn.", ("Brel", "PERSON"),
                   ("Anna Brel", "PERSON"), ("Oskar Brel", "PERSON"), ("Tarn", "GPE"))
    assert _names(OSKAR, both)[("a1", "Brel")] == "Brel"


def test_capitol_hill_is_a_place_whatever_the_model_types_it():
    # the model tags "Capitol Hill" a person now and then; as a person it took every bare
    # "Hill" of the corpus as its surname
    lobby = analyse("Capitol Hill was quiet as Mara Vell arrived.", ("Capitol Hill", "PERSON"),
                    ("Mara Vell", "PERSON"))
    ledger = analyse("Hill reported that Vell would resign.", ("Hill", "PERSON"),
                     ("Vell", "PERSON"))
    resolved = resolve_entities([("a0", lobby), ("a1", ledger)])
    kinds = {(m.article, m.text): (e.type, e.name) for e in resolved for m in e.mentions}
    assert kinds[("a0", "Capitol Hill")] == ("place", "Capitol Hill")
    assert kinds[("a1", "Hill")][1] != "Capitol Hill"


KEPT_APART = {
    "s1": "Fisheries Minister Oskar Brel said on Monday that the harbor fees in Pelmora "
          "would rise.",
    "s2": "Fisheries Minister Oskar Brel visited the fish market of Pelmora on Tuesday and "
          "met traders.",
}
KEPT_APART_ADDED = {
    "s3": "Anna Brel welcomed guests to the Quillon Grain Exchange in Pelmora on Wednesday. "
          "Mr. Brel told the Quillon Grain Exchange that he would stay.",
}


def test_a_surname_kept_apart_in_an_added_article_resolves_alone_as_a_whole_resolution(
        tmp_path, caplog):
    db = tmp_path / "s.duckdb"
    caplog.set_level(logging.INFO, logger="storyline.run.steps.entities")
    for day, (name, texts) in enumerate((("stored", KEPT_APART), ("added", KEPT_APART_ADDED)),
                                        1):
        caplog.clear()
        with Store.open(db) as store:
            pipeline.ingest([write_feed(tmp_path / name, texts, f"2031-08-{day:02d}")], store)
            pipeline.update(store, options={KEEP_STATE: True})
            got = entity_tables(store)
            brel = store.con.execute(
                "SELECT DISTINCT e.name FROM entity_mentions m JOIN entities e ON e.id = "
                "m.entity JOIN articles a ON a.id = m.article WHERE m.text = 'Brel' AND "
                "a.url LIKE '%s3'").fetchall()
    assert "resolving the whole corpus" not in caplog.text  # the added path decided
    assert brel == [("Oskar Brel",)]
    assert entity_tables_whole(db, tmp_path) == got


def test_an_acronym_written_beside_another_name_spells_out_no_name_elsewhere():
    growers = analyse("The Tarn Valley Growers met in Orlo.",
                      ("Tarn Valley Growers", "ORG"), ("Orlo", "GPE"))
    grant = analyse("The Trans-Vell Grant (TVG) was signed.", ("Trans-Vell Grant", "ORG"),
                    ("TVG", "ORG"))
    alone = analyse("Critics of the TVG spoke.", ("TVG", "ORG"))
    resolved = resolve_entities((f"a{i}", a) for i, a in enumerate((growers, grant, alone)))
    ids = {(m.article, m.text): e.id for e in resolved for m in e.mentions}
    assert ids[("a1", "TVG")] == ids[("a1", "Trans-Vell Grant")] == ids[("a2", "TVG")]
    assert ids[("a2", "TVG")] != ids[("a0", "Tarn Valley Growers")]
    # with no article writing it beside another name, the initials still spell it out
    resolved = resolve_entities((f"a{i}", a) for i, a in enumerate((growers, alone)))
    ids = {(m.article, m.text): e.id for e in resolved for m in e.mentions}
    assert ids[("a1", "TVG")] == ids[("a0", "Tarn Valley Growers")]


def _add_batch(db, folder, texts: dict[str, str], day: str, caplog, read):
    """Ingest and update one batch of fictional articles into the store at `db` (entity
    state kept); returns its entity tables and `read(store)`. The log starts afresh."""
    caplog.clear()
    with Store.open(db) as store:
        pipeline.ingest([write_feed(folder, texts, day)], store)
        pipeline.update(store, options={KEEP_STATE: True})
        return entity_tables(store), read(store)


def _entity_of(store: Store, text: str, slug: str) -> str:
    return store.con.execute(
        "SELECT e.name FROM entity_mentions m JOIN entities e ON e.id = m.entity JOIN "
        "articles a ON a.id = m.article WHERE m.text = ? AND a.url LIKE ?",
        [text, f"%/{slug}"]).fetchone()[0]


def test_an_acronym_written_beside_another_name_later_is_resolved_whole(tmp_path, caplog):
    db = tmp_path / "s.duckdb"
    batches = [("planters", {
        "p1": "The Tarn Valley Planters said on Monday that prices in Pelmora would rise.",
        "p2": "Farmers said the TVP had not paid them. The TVP denied it on Tuesday."}),
        ("partnership", {"p3": "The Trans-Vell Partnership, or TVP, met in Quillon on "
                               "Friday, and the TVP said prices would fall."})]
    caplog.set_level(logging.INFO, logger="storyline.run.steps.entities")
    for day, (name, texts) in enumerate(batches, 1):
        got, tvp = _add_batch(db, tmp_path / name, texts, f"2031-08-{day:02d}", caplog,
                              lambda store: _entity_of(store, "TVP", "p2"))
        if day == 1:
            assert tvp == "Tarn Valley Planters"  # the one name its initials spell
    # now an article writes "TVP" for another name: the stored TVP changes, so the batch
    # is resolved whole
    assert "resolving the whole corpus" in caplog.text
    assert tvp == "Trans-Vell Partnership"
    assert entity_tables_whole(db, tmp_path) == got


def test_a_name_after_of_is_no_short_form_of_the_longer_name():
    glued = analyse("Ilsa Morrow of Harbor Tide Watch spoke.",
                    ("Ilsa Morrow of Harbor Tide Watch", "ORG"))
    watch = analyse("Harbor Tide Watch said fees rose.", ("Harbor Tide Watch", "ORG"))
    college = analyse("The College of Pelmora met. Pelmora said no.",
                      ("College of Pelmora", "ORG"), ("Pelmora", "ORG"))
    department = analyse("The Department of Harbor Safety met.",
                         ("Department of Harbor Safety", "ORG"))
    safety = analyse("Harbor Safety officials said no.", ("Harbor Safety", "ORG"))
    names = _names(glued, watch, college, department, safety)
    assert names[("a1", "Harbor Tide Watch")] == "Harbor Tide Watch"  # across articles
    assert names[("a2", "Pelmora")] == "Pelmora"  # in its own article
    # a department's "of" names the department: "Homeland Security" is its short form
    assert names[("a4", "Harbor Safety")] == "Department of Harbor Safety"


def test_a_name_glued_to_another_or_after_a_preposition_or_determiner_is_not_lengthened():
    # one article's poll of two outlets, a committee on a subject, a coalition to do
    # something and "another" crisis do not rename what many articles call by the short name
    poll = analyse("A Kestrel Radio-Marrow Ledger poll came out.",
                   ("Kestrel Radio-Marrow Ledger", "ORG"))
    committee = analyse("The Senate Committee on Harbor Safety met.",
                        ("Senate Committee on Harbor Safety", "ORG"))
    coalition = analyse("The Coalition to Stop Tolls marched.", ("Coalition to Stop Tolls", "ORG"))
    crisis = analyse("He warned of another Great Flood.", ("another Great Flood", "EVENT"))
    ledger = analyse("The Marrow Ledger said Harbor Safety officials feared a Great Flood, "
                     "and Stop Tolls rallied.", ("Marrow Ledger", "ORG"),
                     ("Harbor Safety", "ORG"), ("Great Flood", "EVENT"), ("Stop Tolls", "ORG"))
    names = _names(poll, committee, coalition, crisis, ledger)
    assert names[("a4", "Marrow Ledger")] == "Marrow Ledger"
    assert names[("a4", "Harbor Safety")] == "Harbor Safety"
    assert names[("a4", "Great Flood")] == "Great Flood"
    assert names[("a4", "Stop Tolls")] == "Stop Tolls"
    # a whole word dropped still shortens: "Marrow Ledger" is the "Old Marrow Ledger"
    old = analyse("The Old Marrow Ledger closed.", ("Old Marrow Ledger", "ORG"))
    assert _names(old, ledger)[("a1", "Marrow Ledger")] == "Old Marrow Ledger"


def test_a_short_name_written_in_more_articles_than_its_one_longer_name_keeps_its_name():
    # one article's "Tarn Air Guard" does not rename the "Air Guard" two others write
    # (as one "Chinese Air Force" would every "Air Force" of a news corpus) ...
    tarn = analyse("The Tarn Air Guard flew over Orlo.", ("Tarn Air Guard", "ORG"),
                   ("Orlo", "GPE"))
    guard = [analyse(f"The Air Guard said {w} pilots trained.", ("Air Guard", "ORG"))
             for w in ("six", "nine")]
    names = _names(tarn, *guard)
    assert names[("a1", "Air Guard")] == names[("a2", "Air Guard")] == "Air Guard"
    # ... but when as many articles write the longer name, the short one is its short form
    again = analyse("Pilots of the Tarn Air Guard landed.", ("Tarn Air Guard", "ORG"))
    names = _names(tarn, again, *guard)
    assert names[("a2", "Air Guard")] == names[("a3", "Air Guard")] == "Tarn Air Guard"


def test_names_written_equally_often_go_to_the_one_later_articles_write():
    # one more mention must not rename an entity between a dateline's capitals and the
    # name as text writes it
    assert pick_name("place", [], {"DUNEHOLT": 2, "Duneholt": 2}, 1) == "Duneholt"
    assert pick_name("place", [], {"DUNEHOLT": 3, "Duneholt": 2}, 1) == "DUNEHOLT"


def test_a_bare_state_institution_is_its_articles_state_and_never_every_states():
    """"The Foreign Ministry" is the state's its article gives it: the one written before it,
    or the article's one country; with several or none it joins nothing across articles
    (every state has one). A capital written before it stands for its state, unless the
    name is first another place. A possessive determiner the model kept is no part of the
    name."""
    arts = [
        analyse("Russia's Foreign Ministry said on Monday that the talks would resume.",
                ("Russia", "GPE"), ("Foreign Ministry", "ORG")),
        analyse("North Korea rejected the claim. The Foreign Ministry called it false.",
                ("North Korea", "GPE"), ("Foreign Ministry", "ORG")),
        analyse("Russia closed a border post. Its Foreign Ministry called it temporary.",
                ("Russia", "GPE"), ("Its Foreign Ministry", "ORG")),
        analyse("The Russian Foreign Ministry summoned the envoy of North Korea.",
                ("Russian", "NORP"), ("Foreign Ministry", "ORG"), ("North Korea", "GPE")),
        analyse("Russia and China met in Orlo. The Foreign Ministry said nothing.",
                ("Russia", "GPE"), ("China", "GPE"), ("Orlo", "GPE"), ("Foreign Ministry", "ORG")),
        analyse("Envoys met in Orlo. The Foreign Ministry said nothing.", ("Orlo", "GPE"),
                ("Foreign Ministry", "ORG")),
        analyse("Talks in Orlo went on. Seoul's Foreign Ministry called them a start.",
                ("Orlo", "GPE"), ("Seoul", "GPE"), ("Foreign Ministry", "ORG")),
        analyse("Victoria's Parliament sat late. The Parliament met in Orlo.",
                ("Victoria", "GPE"), ("Parliament", "ORG"), ("Orlo", "GPE")),
    ]
    resolved = resolve_entities((f"a{i}", a) for i, a in enumerate(arts))
    ministries = {frozenset(m.article for m in e.mentions): (e.name, e.country)
                  for e in resolved if e.type == "org"}
    assert ministries == {
        frozenset({"a0", "a2", "a3"}): ("Russia's Foreign Ministry", "RU"),
        frozenset({"a1"}): ("North Korea's Foreign Ministry", "KP"),
        frozenset({"a4"}): ("Foreign Ministry", None),
        frozenset({"a5"}): ("Foreign Ministry", None),
        frozenset({"a6"}): ("South Korea's Foreign Ministry", "KR"),  # a capital for its state
        frozenset({"a7"}): ("Parliament", None),  # not the Seychelles' (Victoria, Australia)
    }


def test_a_capital_speaking_is_its_state_unless_the_name_is_first_another_place():
    """"Seoul said" is South Korea; "Kingston said" is Jamaica (the ISO state, not Norfolk
    Island, whose capital shares the name); "Victoria said" and "San Jose said" name no
    state: the gazetteer's city of that name lies elsewhere (Hong Kong, California)."""
    assert _kinds(
        analyse("Seoul said on Monday that the talks in Orlo would resume.",
                ("Seoul", "GPE"), ("Orlo", "GPE")),
        analyse("Kingston said on Monday that the port in Orlo would reopen.",
                ("Kingston", "GPE"), ("Orlo", "GPE")),
        analyse("Victoria said on Monday that the ferry to Orlo would stop.",
                ("Victoria", "GPE"), ("Orlo", "GPE")),
        analyse("San Jose said on Monday that the road to Orlo would close.",
                ("San Jose", "GPE"), ("Orlo", "GPE")),
    ) == {("a0", "Seoul"): ("country", "South Korea", "KR"),
          ("a1", "Kingston"): ("country", "Jamaica", "JM"),
          ("a2", "Victoria"): ("place", "Victoria", "HK"),
          ("a3", "San Jose"): ("place", "San Jose", "US")}


def test_a_demonym_of_any_state_is_that_state():
    """"Eritrean" and "Eritreans" are Eritrea, as "Russian" is Russia: one country entity
    with the country's name, not a group per spelling."""
    assert _kinds(
        analyse("Eritrean officials met the envoy in Orlo.", ("Eritrean", "NORP"),
                ("Orlo", "GPE")),
        analyse("Eritreans in Orlo marched on Sunday.", ("Eritreans", "NORP"), ("Orlo", "GPE")),
    ) == {("a0", "Eritrean"): ("country", "Eritrea", "ER"),
          ("a1", "Eritreans"): ("country", "Eritrea", "ER")}


def test_added_state_institutions_resolve_from_the_kept_state_as_a_whole_resolution(
        tmp_path, caplog):
    """Added articles' bare "Foreign Ministry" takes its own article's state through the
    added path too, and the stores end as a whole resolution would leave them."""
    db = tmp_path / "s.duckdb"
    batches = [("stored", {
        "m1": "Russia's Foreign Ministry said on Monday that the talks in Orlo would resume.",
        "m2": "Envoys met in Orlo on Monday. The Foreign Ministry said nothing more."}),
        ("added", {
        "m3": "North Korea rejected the claim on Tuesday. The Foreign Ministry called it "
              "false.",
        "m4": "Russia closed a border post on Tuesday. Its Foreign Ministry called the "
              "closure temporary."})]
    caplog.set_level(logging.INFO, logger="storyline.run.steps.entities")
    surfaces = [("m1", "Foreign Ministry"), ("m2", "Foreign Ministry"),
                ("m3", "Foreign Ministry"), ("m4", "Its Foreign Ministry")]
    seen: set[str] = set()
    for day, (name, texts) in enumerate(batches, 1):
        seen |= texts.keys()
        got, ministry = _add_batch(db, tmp_path / name, texts, f"2031-07-{day:02d}", caplog,
                                   lambda store, now=frozenset(seen): {
                                       slug: _entity_of(store, text, slug)
                                       for slug, text in surfaces if slug in now})
    assert "resolving the whole corpus" not in caplog.text
    assert ministry == {"m1": "Russia's Foreign Ministry", "m2": "Foreign Ministry",
                        "m3": "North Korea's Foreign Ministry",
                        "m4": "Russia's Foreign Ministry"}
    assert entity_tables_whole(db, tmp_path) == got
