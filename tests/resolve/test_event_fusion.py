"""Events fused from their mentions: pure rules on made-up mentions, and the two
seed pages end to end (one planned visit reported by both; the shipments, the
accusations, the denial and the veto once each)."""

from __future__ import annotations

import dataclasses
import json

from conftest import read_export, shared_path, storyline

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


def test_a_past_happening_an_article_and_its_copies_recall_is_one_event():
    # "Varel traveled to Pelmora in July 2007 ... There he met Pelmora's leaders", in a
    # wire story and in a copy of it (one independence key); a paper of its own only
    # says "met" (no time stated: about its own days, so another meeting)
    varel, pelmora = Who("e-varel", "Tomas Varel", None, False), Who("e-pel", "Pelmora")
    story = []
    for article in ("wire", "copy"):
        story += [item(article, [varel], [pelmora], time="2007-07-15", day="2031-06-16",
                       key="g-wire", lemma="travel"),
                  item(article, [pelmora], [], day="2031-06-16", key="g-wire", start=80,
                       lemma="meet")]
    events, _ = fuse(story + [item("other", [pelmora], [], day="2031-06-16", lemma="meet")])
    assert sorted(sorted(m[0] for m in e.mentions) for e in events) == [
        ["copy", "copy", "wire", "wire"], ["other"]]
    assert next(e for e in events if len(e.mentions) == 4).n_sources == 1


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
    events, unlinked = fuse([item("a1", [PUTIN], [NK], start=0),
                             item("a1", [], [], start=100),
                             item("a2", [], [], start=100)])
    assert len(events) == 1 and len(events[0].mentions) == 2
    assert [u.article for u in unlinked] == ["a2"]


def test_mentions_no_event_took_are_one_event_in_one_article_and_its_copies():
    # "The conservative leaders' meeting ... The meeting ... that meeting", no one named
    meeting = {"type_": lx.CONSULT, "lemma": "meeting"}
    events, unlinked = fuse([
        item("a1", [], [], start=0, **meeting), item("a1", [], [], start=80, **meeting),
        item("a2", [], [], start=10, key="a1", day="2031-06-12", **meeting),  # its copy
        item("a6", [], [], start=10, key="a1", day="2031-06-30", **meeting),  # weeks later
        item("a3", [], [], start=0, **meeting),  # another paper's meeting, alone
        item("a4", [], [], start=0, type_=lx.REJECT, lemma="oppose"),  # acts in words:
        item("a4", [], [], start=90, type_=lx.REJECT, lemma="oppose"),  # one of many
        item("a5", [], [], lx.NEGATED, start=0, **meeting),
        item("a5", [], [], lx.NEGATED, start=50, **meeting)])
    assert len(events) == 1
    e = events[0]
    assert sorted(m[0] for m in e.mentions) == ["a1", "a1", "a2"] and e.n_sources == 1
    assert not e.actors and not e.targets
    assert sorted(u.article for u in unlinked) == ["a3", "a4", "a4", "a5", "a5", "a6"]


def test_an_unresolved_actor_does_not_join_an_event_whose_actors_are_named():
    # "The Harrow Party apologized to Voss. Individual staffers have apologized."
    party = Who("e-harrow", "Harrow Party", "HW", True)
    voss = Who("e-voss", "Mila Voss", "HW", False)
    staffers = [Who(None, "Individual staffers")]
    events, unlinked = fuse([
        item("a1", [party], [voss], type_=lx.CONCEDE, lemma="apologize", start=0),
        item("a1", staffers, [], type_=lx.CONCEDE, lemma="apologize", start=120)])
    assert len(events) == 1 and len(events[0].mentions) == 1
    assert [u.mention.start for u in unlinked] == [120]


def test_a_hypothetical_or_negated_report_naming_no_one_stays_unlinked():
    # "... would 'not get hurt' at his rally", a sentence after Drel's rally
    drel = Who("e-drel", "Anton Drel", "US", False)
    events, unlinked = fuse([item("a1", [drel], [], type_=lx.PROTEST, lemma="rally"),
                             item("a1", [], [], lx.NEGATED, type_=lx.PROTEST, lemma="rally",
                                  start=60)])
    assert len(events[0].mentions) == 1 and len(unlinked) == 1


def test_a_verbal_act_of_one_actor_with_another_target_elsewhere_is_another_act():
    rooks = Who("e-rooks", "Ada Rooks", "US", False)
    helm = Who("e-helm", "Helm City", "US", True)

    def ask(article, targets, key=None, start=0):
        m = EventMention(start, start + 5, start, start + 5, "asked", "ask", lx.REQUEST, None,
                         lx.HAPPENED, (Participant(start, start + 1, "Rooks"),),
                         tuple(Participant(start + 9, start + 13, t) for t in targets), None,
                         None, start)
        whos = tuple(helm for t in targets if t == "them")
        return EventItem(article, m, (rooks,), whos, (), key or article, "2031-06-10")

    # "Rooks asked them not to march" and "Rooks asked for $5" in two papers: two requests
    events, _ = fuse([ask("a1", ["them"]), ask("a2", [])])
    assert len(events) == 2
    # a copy of the same report, or the same target named, is the same request
    assert len(fuse([ask("a1", ["them"]), ask("a2", [], key="a1")])[0]) == 1
    assert len(fuse([ask("a1", ["donors"]), ask("a2", ["donors"])])[0]) == 1


def test_a_meeting_report_naming_one_person_joins_no_meeting_of_other_parties_by_state():
    kolm, varnia = Who("e-kolm", "Kolm", "KL", True), Who("e-varnia", "Varnia", "VR", True)
    tarn = Who("e-tarn", "Ivo Tarn", "KL", False)
    # "cooperation between Kolm and Varnia"; "Tarn expands cooperation with nations ..."
    events, _ = fuse([item("a1", [kolm, varnia], [], type_=lx.COOPERATE, lemma="cooperation"),
                      item("a1", [tarn], [], type_=lx.COOPERATE, lemma="cooperation",
                           start=900)])
    assert len(events) == 2
    # named in the event itself, he joins it
    events, _ = fuse([item("a1", [tarn, varnia], [], type_=lx.COOPERATE, lemma="cooperation"),
                      item("a1", [tarn], [], type_=lx.COOPERATE, lemma="cooperation",
                           start=900)])
    assert len(events) == 1


def bare(article, start, lemma="visit", status=lx.HAPPENED, time=None, day="2031-06-10",
         depth=0, support=None, trigger=None, type_=lx.CONSULT, what=()):
    """A report naming no participant ("the visit", "the summit")."""
    t = EventTime(0, 1, "x", time, "day", time, time) if time else None
    objects = tuple(Participant(start + 9, start + 12, w) for w in what)
    m = EventMention(start, start + 5, start, start + 5, trigger or lemma, lemma, type_, None,
                     status, (), objects, None, t, start, depth, False, support)
    return EventItem(article, m, (), (), tuple(what), article, day)


def test_a_plural_noun_names_several_happenings_and_joins_none():
    # "... in advance of visits from high-ranking officials"; "the talks" are one
    events, unlinked = fuse([item("a1", [PUTIN], [NK], lx.PLANNED),
                             bare("a1", 300, trigger="visits")])
    assert len(events[0].mentions) == 1 and len(unlinked) == 1
    events, unlinked = fuse([item("a1", [PUTIN], [NK]),
                             bare("a1", 300, lemma="talk", trigger="talks")])
    assert len(events[0].mentions) == 2 and not unlinked


def test_a_verb_with_no_subject_is_not_an_anaphor():
    # "Brell sent Kessel a limousine. Observers said the shipment broke a rule aimed at
    # pressuring Ostrevia to give up its missile program."
    brell, kessel = Who("e-brell", "Tomas Brell", "VD", False), Who("e-kessel", "Anton Kessel")
    sent = item("a1", [brell], [kessel], type_=lx.AID, lemma="send")
    shipment = bare("a1", 80, lemma="shipment", type_=lx.AID)
    give = bare("a1", 140, lemma="give", type_=lx.AID, status=lx.PLANNED,
                what=("its missile program",))
    events, unlinked = fuse([sent, shipment, give])
    assert len(events) == 1 and len(events[0].mentions) == 2
    assert [u.mention.lemma for u in unlinked] == ["give"]


def test_a_near_event_reported_before_the_mention_goes_first():
    shoigu = Who("e-shoigu", "Sergei Shoigu", "RU", False)
    events, unlinked = fuse([item("a1", [PUTIN], [NK], lx.PLANNED, start=0),
                             bare("a1", 600, depth=3, support=0.0, status=lx.PLANNED),
                             item("a1", [shoigu], [NK], start=700)])
    assert not unlinked  # 600 after Putin's visit, 100 before Shoigu's: Putin's
    putin = next(e for e in events if any(m[1] == 0 for m in e.mentions))
    assert sorted(m[1] for m in putin.mentions) == [0, 600]


def test_an_anaphor_joins_the_one_event_named_earlier_in_its_article_however_far():
    events, unlinked = fuse([item("a1", [PUTIN], [NK], lx.PLANNED, start=0),
                             bare("a1", 3000, status=lx.HAPPENED)])  # "this visit is a victory"
    assert len(events) == 1 and len(events[0].mentions) == 2 and not unlinked
    # its own status is a guess: the event stays planned, its history unchanged
    assert events[0].status == lx.PLANNED
    assert [r.status for r in events[0].history] == [lx.PLANNED]
    # an anaphor before any report of the event, far away, refers to nothing named yet
    _, unlinked = fuse([bare("a1", 0), item("a1", [PUTIN], [NK], start=3000)])
    assert len(unlinked) == 1
    # nor does one whose type is a guess (deep in the parse, no support)
    _, unlinked = fuse([item("a1", [PUTIN], [NK], start=0), bare("a1", 3000, depth=3)])
    assert len(unlinked) == 1
    # a stated time that does not fit keeps it apart
    _, unlinked = fuse([item("a1", [PUTIN], [NK], start=0, time="2031-06-09"),
                        bare("a1", 3000, time="2030-01-05")])
    assert len(unlinked) == 1


def test_an_anaphor_with_two_candidates_takes_the_same_act_or_the_one_of_its_time_else_none():
    kim = Who("e-kim", "Kim Jong Un", "KP", False)
    old_visit = item("a1", [PUTIN], [NK], start=0, time="2000-07-19")
    summit = item("a1", [kim], [PUTIN], start=1000, time="2023-09-13", lemma="summit")
    upcoming = item("a1", [PUTIN], [NK], lx.PLANNED, start=2000, time="2031-06-18")
    events, unlinked = fuse([old_visit, summit, bare("a1", 5000, lemma="summit")])
    assert not unlinked  # "the summit": the one event reported as a summit
    assert next(len(e.mentions) for e in events if e.when_value == "2023-09-13") == 2
    events, unlinked = fuse([old_visit, upcoming, bare("a1", 5000)])
    assert not unlinked  # "this visit": the visit of the article's time, not that of 2000
    assert next(len(e.mentions) for e in events if e.when_value == "2031-06-18") == 2
    _, unlinked = fuse([old_visit, item("a1", [PUTIN], [NK], start=1000, time="2019-04-25"),
                        bare("a1", 5000)])
    assert len(unlinked) == 1  # two past visits: unsure, it stays apart
    # "... to meet with Putin. After that summit": the event named just before it
    kim_trip = item("a1", [kim], [PUTIN], start=4960, time="2023-09-13", lemma="meet")
    events, unlinked = fuse([upcoming, kim_trip, bare("a1", 5000, lemma="summit")])
    assert not unlinked
    assert next(len(e.mentions) for e in events if e.when_value == "2023-09-13") == 2


def test_a_negated_report_joins_the_one_event_whose_participants_it_names():
    events, unlinked = fuse([item("a1", [PUTIN], [NK], start=3000),
                             item("a1", [PUTIN], [], lx.NEGATED, start=0)])
    assert len(events) == 1 and not unlinked and events[0].status == lx.HAPPENED
    _, unlinked = fuse([item("a1", [PUTIN], [NK], start=3000),
                        item("a1", [LAVROV], [], lx.NEGATED, start=0)])
    assert len(unlinked) == 1


def test_undated_reports_days_apart_fuse_only_through_a_shared_entity():
    us = Who("e-us", "United States", "US", True)
    drel = Who("e-drel", "Anton Drel", "US", False)
    nk_gov = Who("e-nk-gov", "North Korean government", "KP", True)
    apart = fuse([item("a1", [drel], [NK], day="2031-06-01"),
                  item("a2", [us], [nk_gov], day="2031-06-07")])
    assert len(apart[0]) == 2  # only the states' sides match: two meetings
    same = fuse([item("a1", [drel], [NK], day="2031-06-01"),
                 item("a2", [drel], [nk_gov], day="2031-06-07")])
    assert len(same[0]) == 1  # a state and its government are one participant
    near = fuse([item("a1", [drel], [NK], day="2031-06-05"),
                 item("a2", [us], [nk_gov], day="2031-06-07")])
    assert len(near[0]) == 1  # the state itself on both sides, and days apart
    # across articles a person and the state alone are no evidence, however near; in
    # one article they may be one ("Drel ... the United States")
    assert len(fuse([item("a1", [drel], [], day="2031-06-05"),
                     item("a2", [us], [], day="2031-06-06")])[0]) == 2
    assert len(fuse([item("a1", [drel], [], day="2031-06-05"),
                     item("a1", [us], [], day="2031-06-05", start=300)])[0]) == 1


HOLT = Who("e-holt", "Dana Holt", "US", False)
VALE = Who("e-vale", "Mira Vale", "US", False)


def test_across_articles_a_side_matches_only_the_state_itself_or_its_government():
    white_house = Who("e-wh", "White House", "US", True)
    officials = Who(None, "U.S. officials", "US", True)
    town = Who("e-ashford", "Ashford", "US", True)  # a town of the state, not the state

    def signed(*actors_by_article):  # dated alike: the same act across articles
        return len(fuse([item(a, [w], [], type_=lx.SUPPORT, lemma="sign", start=n * 100,
                              time="2031-06-09")
                         for n, (a, w) in enumerate(actors_by_article)])[0])

    assert signed(("a1", white_house), ("a2", HOLT)) == 2  # a bill the president signed
    assert signed(("a1", white_house), ("a1", HOLT)) == 1  # in one article: one signing
    assert signed(("a1", white_house), ("a2", officials)) == 1
    assert signed(("a1", town), ("a2", officials)) == 2
    assert signed(("a1", PYONGYANG), ("a2", NK)) == 1  # a capital stands for its state


def test_a_rally_is_a_one_day_happening_a_strike_goes_on():
    mill = Who("e-mill", "Ashford Mill", None, False)  # one target: one happening

    def reports(lemma, first, second, status=lx.HAPPENED):
        return len(fuse([
            item("a1", [HOLT], [mill], status, day=first[0], time=first[1],
                 type_=lx.PROTEST, lemma=lemma),
            item("a2", [HOLT], [mill], day=second[0], time=second[1], type_=lx.PROTEST,
                 lemma=lemma)])[0])

    apart = (("2031-06-02", "2031-06-01"), ("2031-06-21", "2031-06-20"))
    assert reports("rally", *apart) == 2  # a campaign holds a rally every few days
    assert reports("strike", *apart) == 1  # a strike lasts weeks
    # a rally announced with no date is one of the days after the article, not weeks
    planned = (("2031-06-01", None), ("2031-06-26", "2031-06-25"))
    assert reports("rally", *planned, status=lx.PLANNED) == 2
    assert reports("strike", *planned, status=lx.PLANNED) == 1


def test_a_plural_or_a_month_singles_out_no_rally_elsewhere_but_a_copy_repeats_one():
    def rally(article, trigger="rally", time=None, key=None, start=0):
        it = item(article, [HOLT], [], day="2031-06-12", time=time, type_=lx.PROTEST,
                  lemma="rally", key=key, start=start)
        if time == "2031-06":
            it = _with(it, time=EventTime(0, 1, "last month", time, "month", "2031-06-01",
                                          "2031-06-30"))
        return _with(it, trigger=trigger)

    assert len(fuse([rally("a1", time="2031-06-11"), rally("a2", time="2031-06-11")])[0]) == 1
    # "the violence at Holt's rallies": several of them, none in particular
    assert len(fuse([rally("a1", time="2031-06-11"), rally("a2", "rallies")])[0]) == 2
    assert len(fuse([rally("a1", time="2031-06-11"), rally("a2", time="2031-06")])[0]) == 2
    # a copy of one text repeats the same sentence: one report, one referent
    assert len(fuse([rally("a1", "rallies", key="g"), rally("a2", "rallies", key="g")])[0]) == 1
    assert len(fuse([rally("a1", "rallies"), rally("a1", start=90)])[0]) == 1


def _with(it: EventItem, **changes) -> EventItem:
    return dataclasses.replace(it, mention=dataclasses.replace(it.mention, **changes))


def test_a_rival_attacked_in_words_is_no_physical_attack_nor_one_attack_undated():
    def attack(article, day, time=None, mode=None, targets=(VALE,), start=0):
        return _with(item(article, [HOLT], list(targets), day=day, time=time,
                          type_=lx.ASSAULT, lemma="attack", start=start), mode=mode)

    # "Holt attacked Vale" in two articles two days apart: a candidate attacks every day
    assert len(fuse([attack("a1", "2031-06-10"), attack("a2", "2031-06-12")])[0]) == 2
    # dated by both texts (the same debate), one attack; in one article, one too
    assert len(fuse([attack("a1", "2031-06-10", "2031-06-09"),
                     attack("a2", "2031-06-12", "2031-06-09")])[0]) == 1
    assert len(fuse([attack("a1", "2031-06-10"), attack("a1", "2031-06-10", start=90)])[0]) == 1
    # words and a shooting are two attacks, whatever the dates
    assert len(fuse([attack("a1", "2031-06-10", "2031-06-09"),
                     attack("a2", "2031-06-12", "2031-06-09", mode="firearms")])[0]) == 2
    # an attack on a state is physical: undated reports days apart are one attack
    us = Who("e-us", "United States", "US", True)
    assert len(fuse([attack("a1", "2031-06-10", targets=[us]),
                     attack("a2", "2031-06-11", targets=[us])])[0]) == 1


def test_a_verbal_act_to_a_person_by_an_unnamed_actor_joins_no_report_elsewhere():
    def endorse(article, actors, label="PERSON", start=0, key=None):
        it = item(article, actors, [VALE], type_=lx.SUPPORT, lemma="endorse", start=start,
                  key=key)
        return _with(it, targets=(Participant(start, start + 1, "Vale", label=label),))

    # "endorsed Vale" and "Holt endorsed Vale": which of her endorsers is not said
    assert len(fuse([endorse("a1", []), endorse("a2", [HOLT])])[0]) == 2
    assert len(fuse([endorse("a1", []), endorse("a1", [HOLT], start=80)])[0]) == 1
    assert len(fuse([endorse("a1", [HOLT]), endorse("a2", [HOLT])])[0]) == 1
    # a copy of the same text is the same report; a group as target does not say who
    assert len(fuse([endorse("a1", [], key="g"), endorse("a2", [HOLT], key="g")])[0]) == 1
    assert len(fuse([endorse("a1", [], "NORP"), endorse("a2", [HOLT], "NORP")])[0]) == 1


def test_a_time_stated_only_to_the_year_dates_no_report():
    yearly = _with(item("a1", [HOLT], [VALE], day="2031-06-10"),
                   time=EventTime(0, 1, "this year", "2031", "year", "2031-01-01",
                                  "2031-12-31"))
    assert len(fuse([yearly, item("a2", [HOLT], [VALE], day="2031-06-10")])[0]) == 2
    assert len(fuse([item("a1", [HOLT], [VALE], day="2031-06-10"),
                     item("a2", [HOLT], [VALE], day="2031-06-10")])[0]) == 1


def test_a_report_with_no_stated_time_is_about_its_articles_date():
    # reported within days: the same visit; months apart: another one, even by one man
    assert len(fuse([item("a1", [PUTIN], [NK], day="2031-06-01"),
                     item("a2", [PUTIN], [NK], day="2031-06-09")])[0]) == 1
    assert len(fuse([item("a1", [PUTIN], [NK], day="2031-03-15"),
                     item("a2", [PUTIN], [NK], day="2031-06-07")])[0]) == 2
    # a report months later recalling an old visit, even with a stated time, is not
    # fused with it (fusion ends in time: `WINDOW_DAYS`); within the window it is
    recalled = item("a2", [PUTIN], [NK], day="2031-06-07", time="2031-03-14")
    assert len(fuse([item("a1", [PUTIN], [NK], day="2031-03-15"), recalled])[0]) == 2
    recalled = item("a2", [PUTIN], [NK], day="2031-04-14", time="2031-03-14")
    assert len(fuse([item("a1", [PUTIN], [NK], day="2031-03-15"), recalled])[0]) == 1
    assert len(fuse([item("a1", [PUTIN], [NK], time="2031-03-14"),
                     item("a2", [PUTIN], [NK], day="2031-06-07")])[0]) == 2
    # in its own article, an undated report goes on with the happening dated before it
    assert len(fuse([item("a1", [PUTIN], [NK], time="2000-07-19", day="2031-06-07"),
                     item("a1", [PUTIN], [NK], start=200, day="2031-06-07")])[0]) == 1


def test_a_planned_report_with_no_time_fuses_with_its_happening_weeks_later_not_months():
    events, _ = fuse([item("a1", [PUTIN], [NK], lx.PLANNED, "2031-06-01"),
                      item("a2", [PUTIN], [NK], lx.HAPPENED, "2031-06-25")])
    assert len(events) == 1
    assert [(r.status, r.date) for r in events[0].history] == [
        (lx.PLANNED, "2031-06-01"), (lx.HAPPENED, "2031-06-25")]
    assert events[0].status == lx.HAPPENED
    assert len(fuse([item("a1", [PUTIN], [NK], lx.PLANNED, "2031-02-01"),
                     item("a2", [PUTIN], [NK], lx.HAPPENED, "2031-06-25")])[0]) == 2
    # a planned report stating its date fuses with the report of it done, within the
    # window of reports (`WINDOW_DAYS`)
    events, _ = fuse([item("a1", [PUTIN], [NK], lx.PLANNED, "2031-05-30", time="2031-06-19"),
                      item("a2", [PUTIN], [NK], lx.HAPPENED, "2031-06-25")])
    assert len(events) == 1 and events[0].status == lx.HAPPENED
    assert len(fuse([item("a1", [PUTIN], [NK], lx.PLANNED, "2031-02-01", time="2031-06-19"),
                     item("a2", [PUTIN], [NK], lx.HAPPENED, "2031-06-25")])[0]) == 2
    # shipments go on: reports a month apart are one continuing action
    ships = [item(a, [NK], [Who("e-ru", "Russia", "RU", True)], day=d, type_=lx.AID,
                  lemma="shipment") for a, d in (("a1", "2031-05-10"), ("a2", "2031-06-09"))]
    assert len(fuse(ships)[0]) == 1


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


#: A made-up page with a report of each kind that joined a wrong event by nearness.
PAGE = """Current:Home > Politics - Pelmora gets ready for a guest -Harrow Courier
Pelmora gets ready for a guest
View
Date:2031-06-10 09:12:00
Varden President Tomas Brell is set to visit Ostrevia on Thursday for a two-day state \
visit, both governments announced on Monday after weeks of speculation about the trip.
Workers have repainted the main square in Pelmora in advance of visits from high-ranking \
officials. The capital hosts many such delegations every year.
The Harrow Party issued a statement on Monday apologizing to Senator Mila Voss for the \
leaked emails. Individual staffers have apologized for their comments, the statement said.
Last spring, Brell sent Ostrevian President Anton Kessel a vintage armored limousine. \
Observers said the shipment broke a trade rule aimed at pressuring Ostrevia to give up its \
private missile program.
"""


def test_page_generic_plural_unresolved_actor_and_purpose_clause_stay_apart(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "harrow_courier.txt").write_text(PAGE, encoding="utf-8")
    store = Store.open(tmp_path / "s.duckdb")
    pipeline.ingest([tmp_path / "in"], store)
    pipeline.update(store)
    text = dict(store.con.execute("SELECT id, text FROM articles").fetchall())
    said = {}
    for t, ms in store.con.execute("SELECT type, mentions FROM events").fetchall():
        said.setdefault(t, []).append([text[a][s:e] for a, _, _, _, s, e in json.loads(ms)])
    store.close()
    assert ["visit", "visit", "trip"] in said[lx.CONSULT]  # the visit, not "visits from ..."
    assert ["sent", "shipment"] in said[lx.AID]  # the limousine, not "to give up ..."
    assert ["apologizing"] in said[lx.CONCEDE]  # the party's apology, not the staffers'


def test_fusion_through_the_key_index_equals_comparing_every_cluster():
    # many mentions drawn at random (seeded) from a few people, states, days and acts:
    # comparing a mention only with the clusters that share an entity or a side with
    # it (or, for a weak one, that have a mention in its article) fuses exactly as
    # comparing it with every cluster of its type
    import random

    rng = random.Random(7)
    whos = [PUTIN, LAVROV, NK, PYONGYANG, Who("e-kolm", "Kolm", "KL", True),
            Who("e-tarn", "Ivo Tarn", "KL", False), Who(None, "officials", "KP", True),
            Who(None, "someone", None, False)]
    types = [(lx.CONSULT, "visit"), (lx.CONSULT, "summit"), (lx.REJECT, "deny"),
             (lx.REJECT, "veto"), (lx.AID, "shipment"), (lx.PROTEST, "rally"),
             (lx.PROTEST, "strike"), (lx.ASSAULT, "attack")]
    statuses = [lx.HAPPENED, lx.HAPPENED, lx.PLANNED, lx.ONGOING, lx.NEGATED,
                lx.HYPOTHETICAL]
    items = []
    for n in range(600):
        type_, lemma = rng.choice(types)
        actors = rng.sample(whos, rng.choice([0, 1, 1, 2]))
        targets = rng.sample(whos, rng.choice([0, 1]))
        day = f"2031-06-{rng.randint(1, 28):02d}"
        time = rng.choice([None, None, f"2031-06-{rng.randint(1, 28):02d}"])
        items.append(item(f"a{rng.randint(1, 60)}", actors, targets, rng.choice(statuses),
                          day, key=f"k{rng.randint(1, 40)}", start=n * 50, time=time,
                          type_=type_, lemma=lemma))
    indexed, plain = fuse(items), fuse(items, indexed=False)
    assert indexed == plain
    assert len(indexed[0]) < len(items) - len(indexed[1])  # mentions did fuse
    assert any(len(e.mentions) > 2 for e in indexed[0])


def test_fusion_through_the_kind_index_equals_comparing_every_cluster():
    # the key index is split by what `_score` requires of two reports (the act's family,
    # an attack's class across articles), and a report that no report of another article
    # can join (an undated attack in words; a verbal act aimed at a person by no named
    # actor) looks only at its own article's and copies' clusters: random (seeded)
    # verbal acts and attacks with persons as targets, weapons, dates and shared
    # independence keys fuse exactly as comparing every cluster of the type
    import random

    rng = random.Random(11)
    whos = [PUTIN, LAVROV, NK, PYONGYANG, Who("e-cruz", "Ted Cruz", "US", False),
            Who("e-us", "United States", "US", True), Who(None, "officials", "KP", True)]
    kinds = [(lx.SUPPORT, "endorse", None), (lx.SUPPORT, "back", None),
             (lx.REQUEST, "call", None), (lx.ACCUSE, "accuse", None),
             (lx.ACCUSE, "allegation", None), (lx.ASSAULT, "attack", None),
             (lx.ASSAULT, "attack", "beat"), (lx.ASSAULT, "bomb", "bomb")]
    items = []
    for n in range(900):
        type_, lemma, mode = rng.choice(kinds)
        actors = rng.sample(whos, rng.choice([0, 0, 1, 1, 2]))
        targets = rng.sample(whos, rng.choice([0, 1, 1]))
        time = rng.choice([None, None, f"2031-06-{rng.randint(1, 28):02d}"])
        t = EventTime(0, 1, "x", time, "day", time, time) if time else None
        said = tuple(Participant(n * 50 + 9, n * 50 + 12, w.name.split()[-1],
                                 label=rng.choice(["PERSON", "GPE", None]))
                     for w in targets)
        m = EventMention(n * 50, n * 50 + 12, n * 50, n * 50 + 5, lemma, lemma, type_, mode,
                         rng.choice([lx.HAPPENED, lx.HAPPENED, lx.PLANNED, lx.NEGATED]),
                         (Participant(n * 50, n * 50 + 1, "a"),), said, None, t, 0)
        article = f"a{rng.randint(1, 80)}"
        items.append(EventItem(article, m, tuple(actors), tuple(targets), (),
                               rng.choice([article, f"k{rng.randint(1, 8)}"]),
                               f"2031-06-{rng.randint(1, 28):02d}"))
    indexed, plain = fuse(items), fuse(items, indexed=False)
    assert indexed == plain
    assert len(indexed[0]) < len(items) - len(indexed[1])  # mentions did fuse
    assert any(len(e.mentions) > 2 for e in indexed[0])


def test_across_articles_one_actor_and_type_need_evidence_of_one_happening():
    def release(article, what, day="2031-06-10", time=None):
        it = item(article, [HOLT], [], day=day, time=time, type_=lx.RETREAT, lemma="release")
        return _with(it, targets=tuple(Participant(9, 9 + len(w), w) for w in what))

    # "Holt will release her tax returns" and "Holt released her medical records"
    assert len(fuse([release("a1", ["her tax returns"]),
                     release("a2", ["her medical records"])])[0]) == 2
    # the same object (its head word), or both dated alike: one release
    assert len(fuse([release("a1", ["her tax returns"]),
                     release("a2", ["tax returns"])])[0]) == 1
    assert len(fuse([release("a1", []), release("a2", [])])[0]) == 2  # nothing says which
    assert len(fuse([release("a1", [], time="2031-06-08"),
                     release("a2", [], time="2031-06-08")])[0]) == 1
    # one resigns from a post once: "Holt will resign", "Holt's resignation"
    assert len(fuse([item("a1", [HOLT], [], type_=lx.RETREAT, lemma="resign"),
                     item("a2", [HOLT], [], type_=lx.RETREAT, lemma="resignation")])[0]) == 1
    # a pronoun object says nothing; in one article the rules stay as they were
    assert len(fuse([release("a1", ["it"]), release("a2", ["it"])])[0]) == 2
    assert len(fuse([release("a1", []), _with(release("a1", []), start=300,
                                              trigger_start=300)])[0]) == 1
    # a meeting: the same counterpart, not the one party alone
    kolm = Who("e-kolm", "Kolm", "KL", True)
    assert len(fuse([item("a1", [HOLT], []), item("a2", [HOLT], [])])[0]) == 2
    assert len(fuse([item("a1", [HOLT], [kolm]), item("a2", [kolm], [HOLT])])[0]) == 1


def _page(outlet: str, day: str, headline: str, body: str) -> str:
    return (f"Current:Home > Politics - {headline} -{outlet}\n{headline}\nView\n"
            f"Date:{day} 09:12:00\n{body}\n")


#: Three made-up outlets: one senator calls for a bridge (two reports) and for an inquiry.
CALLS = {
    "harrow_courier.txt": _page(
        "Harrow Courier", "2031-06-10", "Voss wants a bridge",
        "On Monday, Senator Mila Voss called for a new bridge over the Tarn River. "
        "The old crossing was closed in the spring."),
    "pelmora_post.txt": _page(
        "Pelmora Post", "2031-06-12", "Voss wants an inquiry",
        "Senator Mila Voss called for an inquiry into the port contracts. "
        "Three firms won the contracts last year."),
    "lindale_herald.txt": _page(
        "Lindale Herald", "2031-06-12", "A bridge for Lindale",
        "On Monday, Senator Mila Voss called for a new bridge over the Tarn River. "
        "Lindale traders have waited a decade for it."),
}


def test_pages_one_senator_calling_for_two_things_are_two_calls(tmp_path):
    (tmp_path / "in").mkdir()
    for name, page in CALLS.items():
        (tmp_path / "in" / name).write_text(page, encoding="utf-8")
    store = Store.open(tmp_path / "s.duckdb")
    pipeline.ingest([tmp_path / "in"], store)
    pipeline.update(store)
    source = dict(store.con.execute("SELECT id, source FROM articles").fetchall())
    outlets = sorted(sorted(source[a].rsplit("/", 1)[-1].split("_")[0]
                            for a, *_ in json.loads(ms))
                     for t, ms in store.con.execute(
                         "SELECT type, mentions FROM events").fetchall() if t == lx.REQUEST)
    store.close()
    # the bridge, called for on Monday, reported by two outlets: one call; the inquiry,
    # reported undated days later by a third, is another call by the same senator
    assert outlets == [["harrow", "lindale"], ["pelmora"]]


def test_a_call_for_the_same_thing_in_two_outlets_is_one_call_for_another_thing_two():
    from storyline.analyse.events import extract_events
    from storyline.analyse.nlp import analyse_text

    velt = Who("e-velt", "Mara Velt", "US", False)

    def call(article, text):
        m = next(m for m in extract_events(analyse_text(text), [], None) if m.lemma == "call")
        return EventItem(article, m, (velt,), (), (), article, "2031-06-10")

    # The Harbour Ledger and the Quarry Gazette, the same day, no time stated
    inquiry = "Senator Mara Velt called for an inquiry into the port contract."
    assert len(fuse([call("ledger", inquiry), call("gazette", inquiry)])[0]) == 1
    assert len(fuse([call("ledger", inquiry),
                     call("gazette", "Senator Mara Velt called for a tax cut.")])[0]) == 2


def test_a_rival_accused_again_with_no_stated_time_is_another_accusation():
    def accuse(article, day, time=None, label="PERSON", start=0):
        it = item(article, [HOLT], [VALE], day=day, time=time, type_=lx.ACCUSE,
                  lemma="accuse", start=start)
        return _with(it, targets=(Participant(start, start + 1, "Vale", label=label),))

    # "Holt accused Vale" in two outlets four days apart: of two things, for all they say
    assert len(fuse([accuse("a1", "2031-06-10"), accuse("a2", "2031-06-14")])[0]) == 2
    # both texts date it to the same debate: one accusation; in one article, one too
    assert len(fuse([accuse("a1", "2031-06-10", "2031-06-09"),
                     accuse("a2", "2031-06-14", "2031-06-09")])[0]) == 1
    assert len(fuse([accuse("a1", "2031-06-10"), accuse("a1", "2031-06-10", start=90)])[0]) == 1
    # a group as target is not a rival: the shared target still shows one act
    assert len(fuse([accuse("a1", "2031-06-10", label="ORG"),
                     accuse("a2", "2031-06-11", label="ORG")])[0]) == 1


def test_a_state_attacked_by_two_acts_is_two_attacks_unless_another_target_is_shared():
    us = Who("e-us", "United States", "US", True)
    ashford = Who("e-ashford", "Ashford", "US", True)  # a town of the state

    def hit(article, lemma, targets, day):  # from the air: a physical attack
        return _with(item(article, [], targets, day=day, type_=lx.ASSAULT, lemma=lemma),
                     mode="aerial")

    # "voted to invade" the state, "strikes hit" it days later: two attacks
    assert len(fuse([hit("a1", "invade", [us], "2031-06-10"),
                     hit("a2", "hit", [us], "2031-06-12")])[0]) == 2
    # the same act on the state, or two acts on one town of it: one attack
    assert len(fuse([hit("a1", "hit", [us], "2031-06-10"),
                     hit("a2", "hit", [us], "2031-06-12")])[0]) == 1
    assert len(fuse([hit("a1", "invade", [ashford], "2031-06-10"),
                     hit("a2", "hit", [ashford], "2031-06-12")])[0]) == 1


#: Made-up pages: a dated one, an undated one reporting what no dated page does, and a
#: dated one weeks later (the store's latest day moves).
PAGES = {
    "harrow_courier.txt": """Current:Home > Politics - Brell visits Ostrevia -Harrow Courier
Brell visits Ostrevia
Date:2031-06-10 09:12:00
Varden President Tomas Brell visited Ostrevia on Monday for a two-day state visit, the \
two governments said.
Brell met Ostrevian President Anton Kessel in Pelmora and the two leaders signed a trade accord.
""",
    "pelmora_notes.txt": """Current:Home > World - Kessel vetoes the harbour bill -Pelmora Notes
Kessel vetoes the harbour bill
Ostrevian President Anton Kessel vetoed the harbour bill passed by the Ostrevian parliament, \
his office said.
The opposition accused Kessel of protecting the shipping companies of his family.
""",
    "varden_daily.txt": """Current:Home > Politics - Voss resigns -Varden Daily
Voss resigns
Date:2031-07-28 17:40:00
Senator Mila Voss resigned from the Varden senate on Monday after the leaked emails.
""",
}


def _events(db) -> tuple[dict[str, str], list[tuple]]:
    store = Store.open(db, read_only=True)
    try:
        source = {a: s.rsplit("/", 1)[-1] for a, s in
                  store.con.execute("SELECT id, source FROM articles").fetchall()}
        rows = store.con.execute(
            "SELECT id, type, status, when_value, first_date, undated_day, history, mentions "
            "FROM events ORDER BY id").fetchall()
    finally:
        store.close()
    return source, rows


def test_an_event_only_an_undated_page_reports_has_no_date_anywhere(tmp_path):
    # the undated page is fused as of the latest day (2031-06-10, later 2031-07-28),
    # a day no source states: its events show no date, in the store, the listing and
    # the export, and an update that moves that day equals a whole run
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("harrow_courier.txt", "pelmora_notes.txt"):
        (folder / name).write_text(PAGES[name], encoding="utf-8")
    db = tmp_path / "s.duckdb"
    for latest in ("2031-06-10", "2031-07-28"):
        storyline("run", folder, "--db", db, "--no-report", check=True)
        source, rows = _events(db)
        undated = {a for a, name in source.items() if name == "pelmora_notes.txt"}
        lone = [r for r in rows if {m[0] for m in json.loads(r[7])} <= undated]
        assert {r[1] for r in lone} >= {lx.REJECT}  # the veto
        for _, _, _, when, first, fused_at, history, _ in lone:
            assert when is None and first is None and fused_at == latest
            assert [h["date"] for h in json.loads(history)] == [None]
        dated = [r for r in rows if r not in lone]
        assert dated and all(r[4] and r[5] is None for r in dated)
        listed = {e["id"]: e for e in map(json.loads, storyline(
            "events", "--db", db, "--json", check=True).stdout.splitlines())}
        for r in lone:
            e = listed[r[0]]
            assert e["date"] is None and e["first_date"] is None
            assert e["when"] == {"value": None, "precision": None}
            assert [h["date"] for h in e["history"]] == [None]
        assert "Anton Kessel reject · happened · undated" in storyline(
            "events", "--db", db, check=True).stdout
        storyline("export", "--db", db, "--out", tmp_path / f"x{latest}", check=True)
        exported = {e["id"]: e for e in read_export(tmp_path / f"x{latest}")["events"]}
        assert all(exported[r[0]]["when"] == {"value": None, "precision": None} for r in lone)
        if latest == "2031-06-10":  # a later dated page moves the latest day
            (folder / "varden_daily.txt").write_text(PAGES["varden_daily.txt"],
                                                     encoding="utf-8")
    # the update (the latest day moved) gave the events of a whole run
    whole = tmp_path / "whole.duckdb"
    storyline("run", folder, "--db", whole, "--no-report", check=True)
    assert _events(whole) == _events(db)


def test_the_news_told_before_a_recalled_past_happening_is_not_that_past():
    kell = Who("e-kell", "Kell", "OS", True)
    attack = dict(type_=lx.ASSAULT, lemma="attack")
    # "A van struck the crowd ... The minister said 12 were killed ... the emergency
    # imposed after militants attacked Kell last November"
    events, unlinked = fuse([item("a1", [], [kell], start=0, **attack),
                             item("a1", [], [kell], start=400, **attack),
                             item("a1", [], [kell], start=900, time="2030-11-13", **attack)])
    assert not unlinked
    assert sorted(sorted(m[1] for m in e.mentions) for e in events) == [[0, 400], [900]]
    # an undated report after the dated one may go on with it ("... when he met")
    events, _ = fuse([item("a1", [], [kell], start=0, time="2030-11-13", **attack),
                      item("a1", [], [kell], start=400, **attack)])
    assert len(events) == 1
    # nor does "the bloodshed", told before the recalled attack, refer to it
    events, unlinked = fuse([item("a1", [], [kell], start=1000, time="2030-11-13", **attack),
                             bare("a1", 800, **attack)])
    assert len(unlinked) == 1 and len(events[0].mentions) == 1


def test_a_report_fitting_two_events_alike_joins_the_one_told_just_before_it():
    kim = Who("e-kim", "Kim Jong Un", "KP", False)
    trip = item("a1", [kim], [PUTIN], start=300, time="2030-09-13", lemma="meet")
    old_visit = item("a1", [PUTIN], [PYONGYANG], start=680, time="2000-07-19")
    met = item("a1", [PUTIN], [], start=750, lemma="meet")  # "... when he met Kim's father"
    events, _ = fuse([trip, old_visit, met])
    old = next(e for e in events if e.when_value == "2000-07-19")
    assert sorted(m[1] for m in old.mentions) == [680, 750]
    # far from both, it stays apart (unsure)
    events, _ = fuse([trip, old_visit, _with(met, start=2000, trigger_start=2000)])
    assert len(events) == 3
