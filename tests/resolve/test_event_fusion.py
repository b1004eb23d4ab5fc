"""Events fused from their mentions: pure rules on made-up mentions, and the two
seed pages end to end (one planned visit reported by both; the shipments, the
accusations, the denial and the veto once each)."""

from __future__ import annotations

import json

from conftest import shared_path

from storyline.analyse import event_lexicon as lx
from storyline.analyse.events import EventMention, EventTime, Participant
from storyline.resolve.events import EventItem, Who, fuse
from storyline.run import pipeline
from storyline.store import Store

PUTIN = Who("e-putin", "Vladimir Putin", "RU", False)
LAVROV = Who("e-lavrov", "Sergei Lavrov", "RU", False)
NK = Who("e-nk", "North Korea", "KP", True)
PYONGYANG = Who("e-pyongyang", "Pyongyang", "KP", True)


def mention(type_=lx.CONSULT, status=lx.HAPPENED, start=0, time=None, lemma="visit"):
    t = EventTime(0, 1, "x", time, "day", time, time) if time else None
    return EventMention(start, start + 5, start, start + 5, lemma, lemma, type_, None, status,
                        (Participant(start, start + 1, "a"),), (), None, t, 0)


def item(article, actors, targets, status=lx.HAPPENED, day="2031-06-10", key=None, start=0,
         time=None, type_=lx.CONSULT, lemma="visit"):
    return EventItem(article, mention(type_, status, start, time, lemma), tuple(actors),
                     tuple(targets), (), key or article, day)


def test_planned_then_happened_is_one_event_with_its_history():
    events, unlinked = fuse([
        item("a1", [PUTIN], [NK], lx.PLANNED, "2031-06-10"),
        item("a2", [PUTIN], [PYONGYANG], lx.HAPPENED, "2031-06-20", time="2031-06-19"),
    ])
    assert len(events) == 1 and not unlinked
    e = events[0]
    assert e.status == lx.HAPPENED and e.n_sources == 2
    assert [(r.status, r.date) for r in e.history] == [
        (lx.PLANNED, "2031-06-10"), (lx.HAPPENED, "2031-06-20")]
    # a meeting lists everyone taking part; the state named twice is listed once
    assert sorted(w.name for w in e.actors) == ["North Korea", "Vladimir Putin"]


def test_copies_count_once():
    events, _ = fuse([item("a1", [PUTIN], [NK], key="g1"), item("a2", [PUTIN], [NK], key="g1"),
                      item("a3", [PUTIN], [NK], key="a3")])
    assert len(events) == 1 and events[0].n_sources == 2


def test_two_people_of_one_state_are_two_events():
    events, _ = fuse([item("a1", [PUTIN], [NK]), item("a2", [LAVROV], [NK])])
    assert len(events) == 2


def test_stated_times_apart_split_and_a_planned_report_after_a_done_one_splits():
    events, _ = fuse([item("a1", [PUTIN], [NK], time="2000-07-19"),
                      item("a2", [PUTIN], [NK], time="2024-06-19")])
    assert len(events) == 2
    events, _ = fuse([item("a1", [PUTIN], [NK], lx.HAPPENED, "2031-06-10"),
                      item("a2", [PUTIN], [NK], lx.PLANNED, "2031-06-12")])
    assert len(events) == 2  # announced after the first visit was done: another visit


def test_a_denial_and_a_veto_are_two_acts():
    events, _ = fuse([item("a1", [NK, Who("e-ru", "Russia", "RU", True)], [], type_=lx.REJECT,
                           lemma="deny"),
                      item("a1", [Who("e-ru", "Russia", "RU", True)], [], type_=lx.REJECT,
                           lemma="veto", start=50)])
    assert len(events) == 2


def test_mentions_without_participants_join_only_a_near_event_else_stay_unlinked():
    nobody = [Who(None, "officials")]
    events, unlinked = fuse([item("a1", [PUTIN], [NK], start=0),
                             item("a1", nobody, [], start=100),
                             item("a2", nobody, [], start=100)])
    assert len(events) == 1 and len(events[0].mentions) == 2
    assert [u.article for u in unlinked] == ["a2"]


def test_undated_reports_months_apart_fuse_only_through_a_shared_entity():
    us = Who("e-us", "United States", "US", True)
    drel = Who("e-drel", "Anton Drel", "US", False)
    kolm = Who("e-kolm", "Kolm", "KL", True)
    kolm_gov = Who("e-kolm-gov", "Kolm government", "KL", True)
    apart = fuse([item("a1", [drel], [kolm], day="2031-03-15"),
                  item("a2", [us], [kolm_gov], day="2031-06-07")])
    assert len(apart[0]) == 2  # only the states' sides match: two meetings
    same = fuse([item("a1", [drel], [kolm], day="2031-03-15"),
                 item("a2", [drel], [kolm_gov], day="2031-06-07")])
    assert len(same[0]) == 1
    near = fuse([item("a1", [drel], [kolm], day="2031-06-05"),
                 item("a2", [us], [kolm_gov], day="2031-06-07")])
    assert len(near[0]) == 1


def test_seed_pages(tmp_path):
    seeds = shared_path("seeds")
    store = Store.open(tmp_path / "s.duckdb")
    pipeline.ingest([seeds], store)
    pipeline.update(store)
    source = dict(store.con.execute("SELECT id, source FROM articles").fetchall())
    text = dict(store.con.execute("SELECT id, text FROM articles").fetchall())
    rows = store.con.execute(
        "SELECT type, status, label, n_sources, mentions FROM events").fetchall()
    store.close()

    def events_with(type_, words):
        out = []
        for t, status, label, n, mentions in rows:
            ms = json.loads(mentions)
            said = " ".join(text[a][s:e] for a, s, e, *_ in ms)
            if t == type_ and all(w in said for w in words):
                out.append((status, label, n, {source[a].rsplit("/", 1)[-1][:3] for a, *_ in ms}))
        return out

    visit = events_with(lx.CONSULT, ["Putin will be visiting North Korea",
                                     "Putin is set to visit North Korea"])
    assert len(visit) == 1
    status, _, n, pages = visit[0]
    assert status == lx.PLANNED and n == 2 and pages == {"000", "003"}
    shipments = events_with(lx.AID, ["sent more than 1,000 containers", "shipped about 7,000"])
    assert len(shipments) == 1 and shipments[0][2] == 2
    assert len(events_with(lx.REJECT, ["denied accusations"])) == 1
    assert len(events_with(lx.REJECT, ["veto"])) == 1
    assert not events_with(lx.REJECT, ["denied accusations", "veto"])
    assert len(events_with(lx.ACCUSE, ["accused the North"])) == 1
