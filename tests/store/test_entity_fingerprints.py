"""Entities kept by fingerprint: `write_entities` given every entity's fingerprint and only
the entities built again leaves the others' rows as they are, drops the entities no longer
found, and keeps each fingerprint for the next update (`fingerprints`)."""

from __future__ import annotations

from storyline.resolve.entities import Entity, EntityMention
from storyline.run.steps.entities import facet
from storyline.store import Store, analysis_tables


def _entity(id_: str, name: str, *spans: tuple[str, int, int]) -> Entity:
    return Entity(id=id_, name=name, type="person", aliases=(), roles=(),
                  mentions=tuple(EntityMention(a, s, e, name) for a, s, e in spans))


def test_entities_not_built_again_are_kept_as_stored(tmp_path):
    varden = _entity("v1", "Selka Varden", ("a1", 0, 12), ("a2", 5, 17))
    teel = _entity("t1", "Brannoc Teel", ("a3", 0, 12))
    manto = _entity("m1", "Aurel Manto", ("a2", 30, 41))
    with Store.open(tmp_path / "s.duckdb") as store:
        changed = analysis_tables.write_entities(store, [varden, teel, manto], facet,
                                                 {"v1": "fv", "t1": "ft", "m1": "fm"})
        assert changed == {"a1", "a2", "a3"}
        assert analysis_tables.fingerprints(store) == {
            "fv": ("v1", "person", "Selka Varden"), "ft": ("t1", "person", "Brannoc Teel"),
            "fm": ("m1", "person", "Aurel Manto")}
        rows = dict(store.con.execute("SELECT id, rowid FROM entities").fetchall())
        # Varden kept (not built), Teel built again with one more mention, Manto gone
        teel2 = _entity("t1", "Brannoc Teel", ("a3", 0, 12), ("a4", 2, 14))
        changed = analysis_tables.write_entities(store, [teel2], facet,
                                                 {"v1": "fv", "t1": "ft2"})
        assert changed == {"a2", "a4"}
        after = dict(store.con.execute("SELECT id, rowid FROM entities").fetchall())
        assert after["v1"] == rows["v1"] and set(after) == {"v1", "t1"}
        assert store.con.execute("SELECT article FROM entity_mentions WHERE entity = 't1' "
                                 "ORDER BY article").fetchall() == [("a3",), ("a4",)]
        assert set(analysis_tables.fingerprints(store)) == {"fv", "ft2"}
        # built again the same: no row written, only the new fingerprint kept
        assert not analysis_tables.write_entities(store, [teel2], facet,
                                                  {"v1": "fv", "t1": "ft3"})
        assert dict(store.con.execute("SELECT id, rowid FROM entities").fetchall()) == after
        assert set(analysis_tables.fingerprints(store)) == {"fv", "ft3"}
