"""Event fusion replayed from the changed days (`event_replay.update`) gives the events of
a whole fusion, whatever order the articles come in, on made-up mentions; undated articles
are fused at the store's latest day, and move with it, but events show no date for them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import random

from storyline.analyse import event_lexicon as lx
from storyline.analyse.article_facts import iso_day
from storyline.analyse.events import EventMention, EventTime, Participant
from storyline.resolve.event_replay import Replay, Stored, update
from storyline.resolve.events import (
    WINDOW_DAYS,
    Event,
    EventItem,
    Who,
    fuse,
    latest_day,
    place_undated,
)

WHOS = [Who("e-holt", "Mara Holt", "KL", False), Who("e-vale", "Ivo Vale", "KL", False),
        Who("e-kolm", "Kolm", "KL", True), Who("e-ostra", "Ostra", "OS", True),
        Who("e-dun", "Pell Dun", "OS", False), Who(None, "Kolm officials", "KL", True),
        Who(None, "someone", None, False)]
TYPES = [(lx.CONSULT, "visit"), (lx.CONSULT, "summit"), (lx.REJECT, "deny"),
         (lx.REJECT, "veto"), (lx.AID, "shipment"), (lx.PROTEST, "rally"),
         (lx.PROTEST, "strike"), (lx.ASSAULT, "attack")]
STATUSES = [lx.HAPPENED, lx.HAPPENED, lx.PLANNED, lx.ONGOING, lx.NEGATED, lx.HYPOTHETICAL]
DAY0 = dt.date(2031, 1, 1)


def _article(rng: random.Random, name: str, day: str | None, key: str) -> list[EventItem]:
    out = []
    for n in range(rng.randint(1, 7)):
        type_, lemma = rng.choice(TYPES)
        actors = tuple(rng.sample(WHOS, rng.choice([0, 1, 1, 2])))
        targets = tuple(rng.sample(WHOS, rng.choice([0, 1])))
        stated = None
        if rng.random() < 0.25 and day:
            when = iso_day(day) + dt.timedelta(days=rng.randint(-40, 10))
            stated = EventTime(0, 1, "x", when.isoformat(), "day", when.isoformat(),
                               when.isoformat())
        start = n * 120
        m = EventMention(start, start + 5, start, start + 5, lemma, lemma, type_, None,
                         rng.choice(STATUSES), tuple(Participant(start, start + 1, w.name)
                                                     for w in actors),
                         tuple(Participant(start + 2, start + 3, w.name) for w in targets),
                         None, stated, start)
        out.append(EventItem(name, m, actors, targets, (), key, day))
    return out


def _corpus(rng: random.Random, n: int, span: int) -> dict[str, list[EventItem]]:
    out = {}
    for k in range(n):
        day = None if rng.random() < 0.1 else (DAY0 + dt.timedelta(
            days=rng.randint(0, span))).isoformat()
        out[f"a{k:03d}"] = _article(rng, f"a{k:03d}", day, f"k{rng.randint(0, n // 2)}")
    return out


def _stored(e: Event) -> Stored:
    return Stored(e.id, iso_day(e.fused_first), tuple(m[:3] for m in e.mentions))


def _apply(events: dict[str, Event], articles: dict[str, list[EventItem]],
           changed: set[str]) -> int:
    """What the step does: undated articles dated the latest day (all of them changed when
    it moved), the changed days replayed; with no dated article, undated ones fused on
    their own. Whether the latest day moved (1) or not (0)."""
    latest = latest_day(i for its in articles.values() for i in its)
    undated = {a for a, its in articles.items() if not iso_day(its[0].day)}
    moved = any(a in undated and (r.date or e.undated_day) != latest for e in events.values()
                for r in e.history for a in r.articles)
    touched = changed | undated if moved else changed
    old_days = _old_days(events, touched)
    items = place_undated([i for its in articles.values() for i in its], latest)
    for id_ in [i for i, e in events.items() if e.fused_first is None
                and any(m[0] in touched for m in e.mentions)]:
        del events[id_]
    if latest is None:
        for a in touched & undated:
            events.update((e.id, e) for e in fuse(articles[a])[0])
    dated = [i for i in items if iso_day(i.day)]

    def read(lo, hi):
        return ([i for i in dated if lo <= iso_day(i.day) <= hi],
                [_stored(e) for e in events.values()
                 if e.fused_first and lo <= iso_day(e.fused_first) <= hi])

    days = old_days | {iso_day(articles[a][0].day or latest) for a in touched
                       if a in articles and iso_day(articles[a][0].day or latest)}
    if not days:
        return int(moved)
    end = max([iso_day(i.day) for i in dated] + [d for d in days])
    done = update(read, days, end)
    for id_ in done.drop:
        del events[id_]
    events.update((e.id, e) for e in done.events)
    return int(moved)


def _old_days(events: dict[str, Event], changed: set[str]) -> set[dt.date]:
    """The days the changed articles were fused at (an undated one's: `undated_day`)."""
    return {iso_day(r.date or e.undated_day) for e in events.values() for r in e.history
            if (r.date or e.undated_day) and set(r.articles) & changed}


def test_updates_in_any_order_give_the_events_of_a_whole_fusion():
    wide = mixed = lone = moved = 0
    for seed in range(6):
        rng = random.Random(seed)
        corpus = _corpus(rng, 90, 5 * WINDOW_DAYS)
        names = list(corpus)
        rng.shuffle(names)
        articles: dict[str, list[EventItem]] = {}
        events: dict[str, Event] = {}
        replays = moves = 0
        while names or replays < 3:
            changed = set()
            for _ in range(rng.randint(1, 12)):
                if names:
                    a = names.pop()
                    articles[a] = corpus[a]
                    changed.add(a)
            if articles and rng.random() < 0.3:  # an article dropped, another redone
                gone = rng.choice(sorted(articles))
                del articles[gone]
                changed.add(gone)
                redo = rng.choice(sorted(articles)) if articles else None
                if redo:
                    articles[redo] = _article(rng, redo, articles[redo][0].day,
                                              articles[redo][0].key)
                    changed.add(redo)
            moves += _apply(events, articles, changed)
            replays += 1
            whole = fuse([i for its in articles.values() for i in its])[0]
            assert sorted(events.values(), key=lambda e: e.id) == sorted(
                whole, key=lambda e: e.id), (seed, replays)
        undated = {a for a, its in articles.items() if its[0].day is None}
        wide += sum(len({m[0] for m in e.mentions}) > 2 for e in events.values())
        mixed += sum(bool({m[0] for m in e.mentions} & undated)
                     and bool({m[0] for m in e.mentions} - undated) for e in events.values())
        for e in events.values():  # undated reports show no day; fused at the latest one
            said = {m[0] for m in e.mentions}
            assert {a for r in e.history if r.date is None for a in r.articles} == \
                said & undated
            assert (e.undated_day is not None) == bool(said & undated)
            if said <= undated:
                lone += 1
                assert e.first_date is None and e.undated_day == latest_day(
                    i for its in articles.values() for i in its)
        moved += moves
    # fusion across articles, undated with dated, undated alone, moves of the latest day
    assert wide and mixed and lone and moved


def test_a_report_more_than_the_window_after_the_first_joins_no_event():
    def visit(article: str, day: dt.date) -> EventItem:
        m = EventMention(0, 5, 0, 5, "visit", "visit", lx.CONSULT, None, lx.HAPPENED,
                         (Participant(0, 1, "Holt"),), (Participant(2, 3, "Kolm"),), None,
                         None, 0)
        return EventItem(article, m, (WHOS[0],), (WHOS[2],), (), article, day.isoformat())

    # a visit reported every five days: each report joins the first while it is recent
    stream = [visit(f"a{k}", DAY0 + dt.timedelta(days=5 * k)) for k in range(20)]
    events = fuse(stream)[0]
    assert len(events) > 1
    for e in events:
        days = [iso_day(r.date) for r in e.history]
        assert (max(days) - min(days)).days <= WINDOW_DAYS


def test_a_whole_fusion_fed_a_few_weeks_at_a_time_and_pickled_is_the_whole_fusion():
    rng = random.Random(11)
    items = [i for its in _corpus(rng, 120, 6 * WINDOW_DAYS).values() for i in its
             if iso_day(i.day)]
    first = min(iso_day(i.day) for i in items)
    replay = Replay(first, {first}, whole=True)
    lo, done = first - dt.timedelta(days=2 * WINDOW_DAYS), None
    while done is None:
        hi = lo + dt.timedelta(days=20)
        last = hi >= max(iso_day(i.day) for i in items)
        done = replay.feed([i for i in items if lo <= iso_day(i.day) <= hi], [], hi, last)
        lo = hi + dt.timedelta(days=1)
        replay = pickle.loads(pickle.dumps(replay))  # as a task on another process would
    assert sorted(done.events, key=lambda e: e.id) == sorted(fuse(items)[0], key=lambda e: e.id)
    assert not done.drop and done.until is None


def test_an_undated_article_is_of_the_latest_day_and_moves_with_it():
    def visit(article: str, day: dt.date | None, status: str = lx.PLANNED) -> EventItem:
        m = EventMention(0, 5, 0, 5, "visit", "visit", lx.CONSULT, None, status,
                         (Participant(0, 1, "Holt"),), (Participant(2, 3, "Kolm"),), None,
                         None, 0)
        return EventItem(article, m, (WHOS[0],), (WHOS[2],), (), article,
                         day.isoformat() if day else None)

    undated, dated = visit("page", None), visit("a1", DAY0)
    events = fuse([undated, dated])[0]
    assert len(events) == 1 and events[0].n_sources == 2
    # fused at the latest day, but dated by the dated report only
    day = DAY0.isoformat()
    assert events[0].first_date == day and events[0].undated_day == day
    assert [(r.date, r.articles) for r in events[0].history] == [(day, ("a1",)),
                                                                 (None, ("page",))]
    # an undated report that the visit happened is the latest news: it sets the status
    news = dataclasses.replace(visit("a3", DAY0 + dt.timedelta(days=6)), mention=dataclasses.
                               replace(dated.mention, type=lx.REJECT, lemma="veto"))
    events = fuse([visit("page", None, lx.HAPPENED), dated, news])[0]
    assert [(e.status, [(r.status, r.date) for r in e.history]) for e in events
            if e.type == lx.CONSULT] == [(lx.HAPPENED, [(lx.PLANNED, day), (lx.HAPPENED, None)])]
    # alone, an undated article fuses within itself
    assert [e.first_date for e in fuse([undated])[0]] == [None]
    # a later article moves the latest day, and the undated report with it
    later = visit("a2", DAY0 + dt.timedelta(days=4 * WINDOW_DAYS))
    events = fuse([undated, dated, later])[0]
    assert sorted(sorted(m[0] for m in e.mentions) for e in events) == [["a1"], ["a2", "page"]]
    events: dict[str, Event] = {}
    articles = {"page": [undated], "a1": [dated]}
    _apply(events, articles, {"page", "a1"})
    articles["a2"] = [later]
    assert _apply(events, articles, {"a2"}) == 1
    assert sorted(events.values(), key=lambda e: e.id) == sorted(
        fuse([undated, dated, later])[0], key=lambda e: e.id)


def test_an_event_only_undated_pages_report_has_no_date():
    def report(article: str, day: dt.date | None, type_: str, lemma: str,
               actor: Who) -> EventItem:
        m = EventMention(0, 5, 0, 5, lemma, lemma, type_, None, lx.HAPPENED,
                         (Participant(0, 1, actor.name),), (Participant(2, 3, "Ostra"),),
                         None, None, 0)
        return EventItem(article, m, (actor,), (WHOS[3],), (), article,
                         day.isoformat() if day else None)

    veto = report("page", None, lx.REJECT, "veto", WHOS[2])
    copy = report("page-copy", None, lx.REJECT, "veto", WHOS[2])
    visit = report("a1", DAY0, lx.CONSULT, "visit", WHOS[0])
    events = {e.type: e for e in fuse([veto, copy, visit])[0]}
    assert events[lx.REJECT].n_sources == 2
    assert events[lx.REJECT].first_date is None and events[lx.REJECT].when_value is None
    assert [r.date for r in events[lx.REJECT].history] == [None]
    assert events[lx.REJECT].fused_first == DAY0.isoformat()  # for an update only
    assert events[lx.CONSULT].first_date == DAY0.isoformat()
    # updates as the latest day moves keep it undated, and equal a whole fusion
    stored: dict[str, Event] = {}
    articles = {"page": [veto], "a1": [visit]}
    _apply(stored, articles, {"page", "a1"})
    for k, (name, item) in enumerate([("page-copy", copy),
                                      ("a2", report("a2", DAY0 + dt.timedelta(days=50),
                                                    lx.CONSULT, "visit", WHOS[1]))]):
        articles[name] = [item]
        assert _apply(stored, articles, {name}) == k
        whole = fuse([i for its in articles.values() for i in its])[0]
        assert sorted(stored.values(), key=lambda e: e.id) == sorted(whole,
                                                                     key=lambda e: e.id)
        veto_event = next(e for e in whole if e.type == lx.REJECT)
        assert veto_event.first_date is None and [r.date for r in veto_event.history] == [None]
        assert veto_event.undated_day == max(i.day for its in articles.values() for i in its
                                             if i.day)


def test_news_in_bursts_weeks_apart_moves_undated_articles_far_and_updates_stay_exact():
    rng = random.Random(5)
    corpus = _corpus(rng, 80, 5 * WINDOW_DAYS)
    for name, its in corpus.items():  # days in bursts of ten days, 70 days apart
        day = iso_day(its[0].day)
        if day is not None:
            burst = DAY0 + dt.timedelta(days=70 * ((day - DAY0).days // 40) + day.day % 10)
            corpus[name] = [EventItem(i.article, i.mention, i.actors, i.targets, i.what, i.key,
                                      burst.isoformat()) for i in its]
    names = sorted(corpus, key=lambda a: (corpus[a][0].day or "", rng.random()))
    articles: dict[str, list[EventItem]] = {}
    events: dict[str, Event] = {}
    moves = 0
    while names:
        changed = {names.pop(0) for _ in range(min(len(names), rng.randint(1, 8)))}
        articles.update((a, corpus[a]) for a in changed)
        moves += _apply(events, articles, changed)
        whole = fuse([i for its in articles.values() for i in its])[0]
        assert sorted(events.values(), key=lambda e: e.id) == sorted(whole, key=lambda e: e.id)
    assert moves >= 2
