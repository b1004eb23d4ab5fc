"""What the entities step hands on, per table: an entity that changes only its side in
place (same id, same mentions) makes event fusion, which reads sides, redo the articles
naming it, but not the stories and fact groups, which read entity ids alone; the store
still ends up as a whole rebuild leaves it.

The base corpus is examples/ (fictional); the new article, written for this test, gives
Petra Lindqvist (named in four base articles with no nationality) a French role."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from conftest import export_bytes, fresh_export

from storyline.present.export import FILES
from storyline.resolve.entities import Entity, EntityMention
from storyline.resolve.events import side_of
from storyline.run import pipeline, runner
from storyline.run.step import Outcome, Step
from storyline.run.steps import STEPS
from storyline.run.steps.entities import KEEP_STATE, facet
from storyline.store import Store, analysis_tables

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

NEW = {
    "url": "https://halvardreview.example/2031-06-21/lindqvist-interview",
    "title": "Lindqvist on the Veskarian summit", "published": "2031-06-21T08:00:00Z",
    "site": "Halvard Review",
    "text": "\n".join([
        "SENNHAVEN (HR) - Petra Lindqvist, a former French diplomat, said on Saturday that "
        "the summit in Pelmora would change little on the border.",
        "\"Agreements of this kind are signed for the cameras,\" Petra Lindqvist said in an "
        "interview in Sennhaven.",
        "Petra Lindqvist spent eleven years at the Halvard University archive before she "
        "began to write on Veskaria.",
    ]),
}

#: The steps that read the entities step's tables.
READERS = ("event_groups", "fact_groups", "stories")


def _told(steps, told: dict[str, set[str]]):
    """The steps, each reader's `forget` hook also noting the articles it is told of."""
    def noting(step):
        def forget(store, ids):
            told[step.name] |= set(ids) if ids is not None else {"*"}
            if step.forget is not None:
                step.forget(store, ids)
        return dataclasses.replace(step, forget=forget)

    return [noting(s) if s.name in READERS else s for s in steps]


def _person(store: Store, name: str) -> tuple[str, str | None]:
    id_, type_, country, roles = store.con.execute(
        "SELECT id, type, country, roles FROM entities WHERE name = ? AND type = 'person'",
        [name]).fetchone()
    return id_, side_of(type_, country, json.loads(roles))


@pytest.fixture(scope="module", params=[{}, {KEEP_STATE: True}], ids=["whole", "added"])
def run(request, tmp_path_factory):
    """The update resolving the whole corpus, or (`keep_entity_state`) the new article
    alone against the kept state."""
    options = request.param
    tmp = tmp_path_factory.mktemp("cascade")
    base = tmp / "base"
    shutil.copytree(EXAMPLES, base, ignore=shutil.ignore_patterns("README.md", "*.py"))
    new = tmp / "new"
    new.mkdir()
    (new / "feed.jsonl").write_text(json.dumps(NEW) + "\n", encoding="utf-8")
    told: dict[str, set[str]] = {name: set() for name in READERS}
    out: dict = {"told": told}
    with Store.open(tmp / "inc.duckdb") as store:
        pipeline.ingest([base], store)
        pipeline.update(store, options=options)
        out["before"] = _person(store, "Petra Lindqvist")
        out["naming"] = {r[0] for r in store.con.execute(
            "SELECT DISTINCT article FROM entity_mentions WHERE entity = ?",
            [out["before"][0]]).fetchall()}
        pipeline.ingest([new], store)
        out["new"] = store.con.execute("SELECT id FROM articles WHERE url = ?",
                                       [NEW["url"]]).fetchone()[0]
        pipeline.update(store, options=options, steps=_told(STEPS, told))
        out["after"] = _person(store, "Petra Lindqvist")
        out["export"] = export_bytes(store, tmp / "inc-export")
    out["fresh"] = fresh_export(tmp, [base, new])
    return out


def test_the_new_article_changes_her_side_in_place(run):
    (id_before, side_before), (id_after, side_after) = run["before"], run["after"]
    assert id_before == id_after
    assert (side_before, side_after) == (None, "FR")
    assert len(run["naming"]) >= 2


def test_only_event_fusion_redoes_the_articles_naming_her(run):
    told = run["told"]
    assert run["naming"] <= told["event_groups"]
    for name in ("fact_groups", "stories"):
        assert run["new"] in told[name]
        assert not run["naming"] & told[name], f"{name} was told of a side change"


def test_the_update_equals_a_whole_rebuild(run):
    for name in FILES:
        assert run["export"][name] == run["fresh"][name], f"{name} differs from a rebuild"


def _entity(id_: str, name: str, country: str | None, *spans: tuple[str, int, int]) -> Entity:
    return Entity(id=id_, name=name, type="person", aliases=(), roles=(), country=country,
                  mentions=tuple(EntityMention(a, s, e, name) for a, s, e in spans))


def test_write_entities_tells_moved_mentions_from_changed_facets(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as store:
        analysis_tables.write_entities(store, [
            _entity("v1", "Selka Varden", None, ("a1", 0, 12), ("a2", 5, 17)),
            _entity("t1", "Brannoc Teel", None, ("a3", 0, 12))], facet)
        parts: dict[str, set[str]] = {}
        changed = analysis_tables.write_entities(store, [
            _entity("v1", "Selka Varden", "FR", ("a1", 0, 12), ("a2", 5, 17)),
            _entity("t1", "Brannoc Teel", None, ("a4", 0, 12)),
            _entity("t2", "Brannoc Teel Jr", None, ("a3", 0, 12))], facet, None, parts)
        # a new entity (t2) is a new row of `entities` too
        assert parts == {"entity_mentions": {"a3", "a4"}, "entities": {"a1", "a2", "a3"}}
        assert changed == {"a1", "a2", "a3", "a4"}


def test_the_runner_tells_each_reader_of_the_tables_it_reads(tmp_path):
    told: dict[str, frozenset[str] | None] = {}

    def source(ctx, items):
        return Outcome(changed=frozenset({"a", "b"}),
                       changed_in={"ids": frozenset({"a"}), "names": frozenset({"b"})})

    def reader(name: str, reads: tuple[str, ...]) -> Step:
        def forget(store, ids):
            told[name] = None if ids is None else frozenset(ids)
        return Step(name, "1", "corpus", reads=reads, writes=(f"out_{name}",), doc="",
                    run=lambda ctx, items: Outcome(), forget=forget)

    steps = [Step("src", "1", "corpus", reads=(), writes=("ids", "names", "other"), doc="",
                  run=source),
             reader("r_ids", ("ids",)), reader("r_names", ("names",)),
             reader("r_both", ("ids", "names")), reader("r_other", ("other", "ids"))]
    with Store.open(tmp_path / "s.duckdb") as store:
        runner.update(store, steps)
    # a table the source says nothing apart of: the reader is told of every change
    assert told == {"r_ids": {"a"}, "r_names": {"b"}, "r_both": {"a", "b"},
                    "r_other": {"a", "b"}}
