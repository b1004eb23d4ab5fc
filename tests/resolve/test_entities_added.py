"""Entities of added articles resolved from the kept state (`entities_added`) equal a whole
resolution, batch after batch; a batch that changes what stored articles' names mean
(a long name a stored short name ends, a person named in full more often) is resolved
whole instead; one that makes a stored one-word name another type's, or a stored bare
name another person's, moves those units.
The articles are fictional, written for this test.
"""

from __future__ import annotations

import json
import logging

from conftest import entity_tables, entity_tables_whole, write_feed

from storyline.run import pipeline
from storyline.run.steps.entities import KEEP_STATE
from storyline.store import Store

BASE = {
    "e1": "Harbor Minister Selka Varden said on Monday that the Ilven Port Authority (IPA) "
          "would raise fees. Varden spoke in Pelmora.",
    "e2": "Fisherman Ode Varden said the fees were too high. \"We cannot pay,\" Ode Varden "
          "said in Duneholt, where the Kestrel Ledger has its offices.",
    "e3": "Opposition leader Brannoc Teel said the Ilven Port Authority had misled "
          "parliament. Teel told the Kestrel Ledger that fishermen would protest.",
    "e4": "The Pelmora Harbor Oversight Committee met on Tuesday. Its chair, Orsa Kadeny, "
          "said the committee would ask the Ilven Port Authority for its accounts.",
}

#: Known people and organisations again, in full and by one surname each can only mean.
KNOWN = {
    "f1": "Brannoc Teel visited Pelmora on Wednesday. Teel said the Ilven Port Authority "
          "should publish its accounts, and the IPA said it would.",
    "f2": "Orsa Kadeny told the Kestrel Ledger that Kadeny would call Selka Varden before "
          "the committee.",
}

#: People and places new to the corpus.
NEWCOMERS = {
    "g1": "Trade envoy Maren Dussault arrived in Quillon on Thursday. Dussault said the "
          "Quillon Grain Exchange would buy more fish.",
    "g2": "The Quillon Grain Exchange said Maren Dussault had signed the deal. Brannoc Teel "
          "called the deal a gift to Quillon.",
}

#: "Oversight Committee" written alone in a stored article would lengthen otherwise: a new
#: committee's long name ends in it.
LONGER = {
    "h0": "Lawmakers on the Oversight Committee asked Orsa Kadeny to resign.",
}
LONGER_NEXT = {
    "h1": "The Duneholt Harbor Oversight Committee met on Friday. Chair Ilsa Morrow said "
          "the committee would ask Pelmora for help.",
}

#: "Quennell" alone, which the model tags an organisation; then a harbor minister of that
#: surname: the stored "Quennell" becomes a person, and its entity moves whole to hers
#: without a whole resolution.
ONE_WORD = {
    "p1": "Harbor pilots met Quennell on Monday, the Kestrel Ledger said.",
}
ONE_WORD_NEXT = {
    "p2": "Harbor Minister Dara Quennell said on Tuesday that the pilots would be paid.",
}

#: A bare "Quill" that only Dara Quill could be; then a second Quill in full, in the
#: bare one's town: the stored bare name leaves her entity for his, and hers keeps the
#: rest, without a whole resolution.
BARE = {
    "q1": "Harbor Minister Dara Quill said on Monday that the fees would rise.",
    "q2": "Quill told the Kestrel Ledger in Duneholt that the fees were fair.",
}
BARE_NEXT = {
    "q3": "Fisherman Tobin Quill said in Duneholt that he could not pay the fees.",
}

#: Selka M. Varden named in full more often than Selka Varden: the entity is renamed.
RENAMING = {
    "k1": "Selka M. Varden said she would run again. Selka M. Varden thanked the pilots, "
          "and Selka M. Varden met the Ilven Port Authority.",
    "k2": "Selka M. Varden won her second term. Selka M. Varden praised the IPA, and "
          "Selka M. Varden visited Duneholt.",
}






def store_rows(db, sql: str) -> list[tuple]:
    with Store.open(db) as store:
        return store.con.execute(sql).fetchall()


def test_added_articles_resolve_from_the_kept_state_as_a_whole_resolution(tmp_path, caplog):
    db = tmp_path / "s.duckdb"
    batches = [("base", BASE, None), ("known", KNOWN, True), ("newcomers", NEWCOMERS, True),
               ("longer", LONGER, True), ("longer-next", LONGER_NEXT, False),
               ("one-word", ONE_WORD, None), ("one-word-next", ONE_WORD_NEXT, True),
               ("bare", BARE, None), ("bare-next", BARE_NEXT, True),
               ("renaming", RENAMING, False)]
    caplog.set_level(logging.INFO, logger="storyline.run.steps.entities")
    for day, (name, texts, alone) in enumerate(batches, 1):
        caplog.clear()
        with Store.open(db) as store:
            pipeline.ingest([write_feed(tmp_path / name, texts, f"2031-06-{day:02d}")], store)
            pipeline.update(store, options={KEEP_STATE: True})
            got = entity_tables(store)
            kept = store.con.execute("SELECT count(*) FROM entity_state").fetchone()[0]
            units = store.con.execute("SELECT units FROM entity_units").fetchall()
        whole_path = "resolving the whole corpus" in caplog.text
        if alone is not None:
            assert whole_path != alone, (name, caplog.text)
        # the kept state holds every unit, whichever way the batch went
        assert kept == sum(len(json.loads(raw)[1]) for (raw,) in units)
        assert entity_tables_whole(db, tmp_path) == got, name
    # an update without the option keeps no state: a later one with it resolves whole
    with Store.open(db) as store:
        pipeline.ingest([write_feed(tmp_path / "off", {"m1": KNOWN["f1"]}, "2031-06-20")], store)
        pipeline.update(store)
        assert not store.con.execute("SELECT count(*) FROM entity_state").fetchone()[0]
        caplog.clear()
        pipeline.ingest([write_feed(tmp_path / "on", {"m2": KNOWN["f2"]}, "2031-06-21")], store)
        pipeline.update(store, options={KEEP_STATE: True})
        assert "resolving the whole corpus" in caplog.text
        assert store.con.execute("SELECT count(*) FROM entity_state").fetchone()[0]
    with Store.open(db) as store:
        names = {r[0] for r in store.con.execute("SELECT name FROM entities").fetchall()}
        types = set(store.con.execute("SELECT type, name FROM entities").fetchall())
    assert {"Maren Dussault", "Selka M. Varden", "Duneholt Harbor Oversight Committee"} <= names
    assert ("org", "Quennell") not in types  # moved: the minister's surname
    quills = store_rows(db, "SELECT e.name FROM entity_mentions m JOIN entities e ON "
                            "e.id = m.entity WHERE m.text = 'Quill'")
    assert quills == [("Tobin Quill",)] and "Dara Quill" in names  # moved out of hers
