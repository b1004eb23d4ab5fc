"""Incremental updates: adding articles regroups only what they touch, and the store
ends up exactly as a whole rebuild leaves it.

The base corpus is examples/ (fictional); the updates below are fictional articles
written for this test, in the same invented world: they repeat quotes and figures of
the base articles, report the same visit and accusations, and one names Orsa Kadeny
in full, which changes her entity's canonical name (and id) in every article.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from storyline.present.export import FILES, export
from storyline.run import pipeline, runner
from storyline.run.steps import STEPS
from storyline.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _record(slug: str, site: str, day: str, title: str, paras: list[str]) -> dict:
    return {"url": f"https://{site.lower().replace(' ', '')}.example/{day}/{slug}",
            "title": title, "published": f"{day}T09:00:00Z", "site": site,
            "text": "\n".join(paras)}


UPDATE_1 = [
    _record("varel-signs", "Ilven Courier", "2031-06-19", "Varel and Kadeny sign agreement", [
        "PELMORA (IC) - Ostrevian President Tomas Varel and Veskarian leader Orsa Kadeny "
        "signed a cooperation agreement in Pelmora on Wednesday.",
        "\"Our friendship does not need anyone's permission,\" Varel said after the signing, "
        "repeating the words he used at the airport.",
        "Ostrevian presidential spokesman Dmitar Solen said about 7,000 containers of goods "
        "would cross the border each month under the agreement.",
        "Caldenia accused Veskaria of supplying Ostrevia with artillery shells.",
    ]),
    _record("caldenia-protest", "Marrow Post", "2031-06-19", "Caldenia protests the summit", [
        "DUNEHOLT (MP) - Caldenia summoned the Veskarian ambassador on Thursday to protest "
        "against the summit between Tomas Varel and Orsa Kadeny.",
        "\"This agreement arms a war against our people,\" Caldenian foreign minister Ilse "
        "Marrek told reporters in Duneholt.",
        "Marrek said 9,000 containers of artillery shells had crossed the border since "
        "March, a figure Veskaria denies.",
    ]),
    _record("harbour-fees", "Kestrel Ledger", "2031-06-20", "Port Ilven raises harbour fees", [
        "PORT ILVEN (KL) - The harbour authority of Port Ilven raised its fees on Friday.",
        "\"We have waited long enough for clarity,\" harbour master Benedek Aran said.",
        "The authority said about 1,200 ships used the harbour last year.",
    ]),
]

UPDATE_2 = [
    _record("kadeny-profile", "Ilven Courier", "2031-06-21", "Who is Orsa Lenka Kadeny?", [
        "PELMORA (IC) - Veskarian leader Orsa Lenka Kadeny, 61, has led Veskaria for eleven "
        "years. President Orsa Lenka Kadeny met Tomas Varel twice before this week's summit, "
        "aides said.",
        "\"Our friendship does not need anyone's permission,\" Varel told Orsa Lenka Kadeny "
        "at the welcome ceremony in Pelmora.",
        "Caldenia accused Veskaria of supplying Ostrevia with artillery shells, and Kadeny "
        "denied it on Saturday.",
    ]),
    _record("harbour-fees-2", "Marrow Post", "2031-06-21", "Ship owners protest harbour fees", [
        "PORT ILVEN (MP) - Ship owners protested against the new harbour fees of Port Ilven.",
        "The harbour authority said about 1,500 ships used the harbour last year.",
    ]),
]

UPDATE_3 = [
    _record("varel-signs-copy", "Duneholt Daily", "2031-06-19",
            "Varel and Kadeny sign agreement", UPDATE_1[0]["text"].split("\n")),
]


def _write(folder: Path, records: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "feed.jsonl", "w", encoding="utf-8") as out:
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    return folder


def _export(store: Store, out: Path) -> dict[str, bytes]:
    export(store, out)
    return {name: (out / name).read_bytes() for name in FILES}


def _fresh(tmp: Path, name: str, folders: list[Path]) -> dict[str, bytes]:
    with Store.open(tmp / f"{name}.duckdb") as store:
        pipeline.ingest(folders, store)
        pipeline.update(store)
        return _export(store, tmp / f"{name}-export")


def _same(got: dict[str, bytes], want: dict[str, bytes]) -> None:
    for name in FILES:
        assert got[name] == want[name], f"{name} differs from a whole rebuild"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """One store updated three times, with its exports and stored rows along the way."""
    tmp = tmp_path_factory.mktemp("incremental")
    base = tmp / "base"
    shutil.copytree(EXAMPLES, base, ignore=shutil.ignore_patterns("README.md", "*.py"))
    updates = [_write(tmp / f"u{n}", recs)
               for n, recs in enumerate((UPDATE_1, UPDATE_2, UPDATE_3), 1)]
    out: dict = {"tmp": tmp, "base": base, "updates": updates, "exports": [], "reports": [],
                 "rows": []}
    with Store.open(tmp / "inc.duckdb") as store:
        pipeline.ingest([base], store)
        pipeline.update(store)
        for n, folder in enumerate(updates):
            out["rows"].append({t: dict(store.con.execute(f"SELECT id, rowid FROM {t}")
                                        .fetchall())
                                for t in ("quote_groups", "claim_groups", "events")})
            pipeline.ingest([folder], store)
            out["reports"].append({r.name: r for r in pipeline.update(store)})
            out["exports"].append(_export(store, tmp / f"inc-export-{n}"))
        out["people"] = dict(store.con.execute(
            "SELECT name, id FROM entities WHERE type = 'person'").fetchall())
        out["final_rows"] = {t: dict(store.con.execute(f"SELECT id, rowid FROM {t}")
                                     .fetchall())
                             for t in ("quote_groups", "claim_groups", "events")}
        for step in STEPS:  # the same store, every corpus step redone from scratch
            if step.scope == "corpus" and step.name != "copies":
                runner.forget(store, STEPS, step.name, None)
        pipeline.update(store)
        out["regrouped"] = _export(store, tmp / "regrouped-export")
    return out


def test_an_update_equals_a_whole_rebuild_of_the_same_articles(runs):
    tmp, base, updates = runs["tmp"], runs["base"], runs["updates"]
    _same(runs["exports"][0], _fresh(tmp, "fresh1", [base, updates[0]]))
    _same(runs["exports"][-1], _fresh(tmp, "fresh3", [base, *updates]))


def test_regrouping_the_updated_store_from_scratch_changes_nothing(runs):
    _same(runs["exports"][-1], runs["regrouped"])


def test_an_article_that_names_an_entity_in_full_renames_it_everywhere(runs):
    assert "Orsa Lenka Kadeny" in runs["people"]
    assert "Orsa Kadeny" not in runs["people"]
    renamed = runs["people"]["Orsa Lenka Kadeny"].encode()
    assert renamed not in runs["exports"][0]["entities.jsonl"]
    # the second update renames her: base articles now name the new id in their events
    assert renamed in runs["exports"][1]["entities.jsonl"]
    assert renamed in runs["exports"][1]["events.jsonl"]
    assert runs["reports"][1]["fact_groups"].found["groups regrouped"] > 0


def _rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    """Groups written by the update: new ids, or ids whose row was dropped and added."""
    return {g for g, row in after.items() if before.get(g) != row}


def test_an_update_regroups_only_the_groups_new_articles_touch(runs):
    for n, reports in enumerate(runs["reports"]):
        after = runs["rows"][n + 1] if n + 1 < len(runs["rows"]) else runs["final_rows"]
        before = runs["rows"][n]
        facts, events = reports["fact_groups"].found, reports["event_groups"].found
        written = (_rewritten(before["quote_groups"], after["quote_groups"])
                   | _rewritten(before["claim_groups"], after["claim_groups"]))
        assert len(written) == facts["groups regrouped"] > 0
        assert facts["groups regrouped"] < facts["quotes"] + facts["claim groups"]
        assert len(_rewritten(before["events"], after["events"])) == events["events fused"]
        assert events["events fused"] < events["events"]


def test_an_update_with_nothing_new_regroups_nothing(runs, tmp_path):
    db = tmp_path / "again.duckdb"
    shutil.copy(runs["tmp"] / "inc.duckdb", db)
    with Store.open(db) as store:
        reports = {r.name: r for r in pipeline.update(store)}
    assert not reports["fact_groups"].ran and not reports["event_groups"].ran
