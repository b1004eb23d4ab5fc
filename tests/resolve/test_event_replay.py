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
from storyline.resolve.event_replay import (
    WHOLE_SHARE,
    Replay,
    Stored,
    digest,
    replay_share,
    type_days,
    update,
    whole_types,
)
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


def _shuffled(rng: random.Random, n: int, windows: int
              ) -> tuple[dict[str, list[EventItem]], list[str]]:
    """A made-up corpus over some windows of days, and its article names in a random order
    (the order updates take them in)."""
    corpus = _corpus(rng, n, windows * WINDOW_DAYS)
    names = list(corpus)
    rng.shuffle(names)
    return corpus, names


def _added(rng: random.Random, names: list[str], corpus: dict[str, list[EventItem]],
           articles: dict[str, list[EventItem]], most: int) -> set[str]:
    """Take the next 1 to `most` articles of `names` into the store; their names."""
    out = set()
    for _ in range(rng.randint(1, most)):
        if names:
            a = names.pop()
            articles[a] = corpus[a]
            out.add(a)
    return out


def _dropped_and_redone(rng: random.Random, articles: dict[str, list[EventItem]]) -> set[str]:
    """An article dropped from the store, another analysed anew; their names."""
    gone = rng.choice(sorted(articles))
    del articles[gone]
    out = {gone}
    if articles:
        redo = rng.choice(sorted(articles))
        articles[redo] = _article(rng, redo, articles[redo][0].day, articles[redo][0].key)
        out.add(redo)
    return out


def _stored(e: Event) -> Stored:
    return Stored(e.id, iso_day(e.fused_first), tuple(m[:3] for m in e.mentions))


def _apply(events: dict[str, Event], articles: dict[str, list[EventItem]],
           handed: set[str], digests: dict[str, str] | None = None,
           share: float = WHOLE_SHARE, seen: dict[str, set] | None = None) -> int:
    """What the step does: of the articles handed on, those whose fusion inputs hash as
    kept in `digests` (None: keep none) are left as they are; undated articles dated the
    latest day (all of them changed when it moved); per type, its changed days replayed
    (`type_days`), or the type fused whole where a replay would read `share` of it; with no
    dated article, undated ones fused on their own. Whether the latest day moved (1) or
    not (0); `seen` gets the articles re-fused ("changed") and the types fused whole and
    replayed."""
    digests = {} if digests is None else digests
    now = {a: digest(articles[a]) for a in handed if a in articles}
    changed = {a for a in handed if a not in digests or now.get(a) != digests[a]}
    for a in changed:  # kept as the step keeps them: only of articles with mentions
        digests.pop(a, None)
        if a in now:
            digests[a] = now[a]
    latest = latest_day(i for its in articles.values() for i in its)
    undated = {a for a, its in articles.items() if not iso_day(its[0].day)}
    moved = any(a in undated and (r.date or e.undated_day) != latest for e in events.values()
                for r in e.history for a in r.articles)
    touched = changed | undated if moved else changed
    items = place_undated([i for its in articles.values() for i in its], latest)
    before = [(e.type, a, iso_day(r.date or e.undated_day)) for e in events.values()
              for r in e.history for a in r.articles if a in touched]
    days = type_days([i for i in items if i.article in touched], before)
    for id_ in [i for i, e in events.items() if e.fused_first is None
                and any(m[0] in touched for m in e.mentions)]:
        del events[id_]
    if latest is None:
        for a in touched & undated:
            events.update((e.id, e) for e in fuse(articles[a])[0])
    dated = [i for i in items if iso_day(i.day)]
    counts: dict[str, dict[dt.date, int]] = {}
    for i in dated:
        per_day = counts.setdefault(i.mention.type, {})
        per_day[iso_day(i.day)] = per_day.get(iso_day(i.day), 0) + 1
    whole = whole_types(days, counts, share) if latest else set()
    end = max([iso_day(i.day) for i in dated] + [d for ds in days.values() for d in ds],
              default=None)
    if seen is not None:
        seen.setdefault("changed", set()).update(changed)
        seen.setdefault("whole", set()).update(whole)
        seen.setdefault("replayed", set()).update(set(days) - whole)
    for type_, changed_days in sorted(days.items()):
        mine = [i for i in dated if i.mention.type == type_]
        if type_ in whole:  # fused whole: its stored events all replaced
            for id_ in [i for i, e in events.items() if e.type == type_ and e.fused_first]:
                del events[id_]
            events.update((e.id, e) for e in fuse(mine)[0])
            continue

        def read(lo, hi, mine=mine, type_=type_):
            return ([i for i in mine if lo <= iso_day(i.day) <= hi],
                    [_stored(e) for e in events.values() if e.type == type_
                     and e.fused_first and lo <= iso_day(e.fused_first) <= hi])

        done = update(read, changed_days, end, touched)
        for id_ in done.drop:
            del events[id_]
        events.update((e.id, e) for e in done.events)
    return int(moved)


def test_updates_in_any_order_give_the_events_of_a_whole_fusion():
    wide = mixed = lone = moved = 0
    for seed in range(6):
        rng = random.Random(seed)
        corpus, names = _shuffled(rng, 90, 5)
        articles: dict[str, list[EventItem]] = {}
        events: dict[str, Event] = {}
        replays = moves = 0
        while names or replays < 3:
            changed = _added(rng, names, corpus, articles, 12)
            if articles and rng.random() < 0.3:
                changed |= _dropped_and_redone(rng, articles)
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


def _renamed(items: list[EventItem], old: Who, new: Who) -> list[EventItem]:
    """The article's mentions with this participant's entity named anew."""
    def swap(whos: tuple[Who, ...]) -> tuple[Who, ...]:
        return tuple(new if w == old else w for w in whos)

    return [dataclasses.replace(i, actors=swap(i.actors), targets=swap(i.targets))
            for i in items]


def test_an_update_re_fuses_only_the_articles_whose_fusion_inputs_changed():
    """The entities step hands on stored articles whose entity rows moved though fusion
    reads the same of them (re-resolved with the same entities): they keep their events
    as they are. One whose actor's entity was renamed reads differently (events show the
    name): it is fused again. Each type replays only its own days, or is fused whole
    where a replay would read most of it; the events are a whole fusion's."""
    kept = renamed = 0
    seen: dict[str, set] = {}
    for seed, share in enumerate([WHOLE_SHARE, 0.0, 2.0, WHOLE_SHARE, 0.0, 2.0]):
        rng = random.Random(100 + seed)
        corpus, names = _shuffled(rng, 90, 5)
        articles: dict[str, list[EventItem]] = {}
        events: dict[str, Event] = {}
        digests: dict[str, str] = {}
        while names:
            new = {names.pop() for _ in range(min(len(names), rng.randint(1, 12)))}
            articles.update((a, corpus[a]) for a in new)
            same = set(rng.sample(sorted(articles), min(len(articles), rng.randint(0, 10))))
            naming: set[str] = set()
            if rng.random() < 0.4:  # an entity renamed: every article naming it handed on
                whos = sorted({w for its in articles.values() for i in its
                               for w in i.actors + i.targets if w.entity}, key=repr)
                old = rng.choice(whos)
                now = dataclasses.replace(old, name=f"{old.name} {rng.randint(0, 99)}")
                for store in (articles, corpus):
                    for a, its in store.items():
                        if any(old in i.actors + i.targets for i in its):
                            store[a] = _renamed(its, old, now)
                            naming |= {a} if store is articles else set()
            same -= new | naming
            step: dict[str, set] = {}
            _apply(events, articles, new | same | naming, digests, share, step)
            assert naming <= step["changed"] and not same & step["changed"]
            kept += len(same)
            renamed += len(naming)
            for key, value in step.items():
                seen.setdefault(key, set()).update(value)
            whole = fuse([i for its in articles.values() for i in its])[0]
            assert sorted(events.values(), key=lambda e: e.id) == sorted(
                whole, key=lambda e: e.id), (seed, sorted(new))
    assert kept and renamed and seen["whole"] and seen["replayed"]


def test_a_replay_stops_only_past_the_events_of_its_changed_articles():
    """A visit reported on day 0 and day 20, both reports' actor renamed: the replay may
    not stop on day 60 (past its changed days by more than W) while the visit's event is
    still live, though its mentions are the same: it reads differently (the new name)."""
    def visit(article: str, day: int, actor: Who, target: Who) -> EventItem:
        on = (DAY0 + dt.timedelta(days=day - day % 60)).isoformat()  # the day it happened
        m = EventMention(0, 5, 0, 5, "visit", "visit", lx.CONSULT, None, lx.HAPPENED,
                         (Participant(0, 1, actor.name),), (Participant(2, 3, target.name),),
                         None, EventTime(0, 1, "x", on, "day", on, on), 0)
        return EventItem(article, m, (actor,), (target,), (), article,
                         (DAY0 + dt.timedelta(days=day)).isoformat())

    holt, kolm, vale, ostra = WHOS[0], WHOS[2], WHOS[1], WHOS[3]
    articles = {"a": [visit("a", 0, holt, kolm)], "b": [visit("b", 20, holt, kolm)],
                "c": [visit("c", 60, vale, ostra)], "d": [visit("d", 120, vale, ostra)]}
    events: dict[str, Event] = {}
    digests: dict[str, str] = {}
    _apply(events, articles, set(articles), digests, share=2.0)
    assert sorted(len(e.mentions) for e in events.values()) == [1, 1, 2]
    renamed = dataclasses.replace(holt, name="Mara Holt-Vey")
    for a in ("a", "b"):
        articles[a] = _renamed(articles[a], holt, renamed)
    _apply(events, articles, {"a", "b"}, digests, share=2.0)
    assert sorted(events.values(), key=lambda e: e.id) == sorted(
        fuse([i for its in articles.values() for i in its])[0], key=lambda e: e.id)
    assert any(w.name == "Mara Holt-Vey" for e in events.values() for w in e.actors)


def test_each_type_replays_only_the_days_of_its_own_reports():
    """An article that reports a visit now, and whose veto was fused with another report
    weeks before, changes the visit's fusion on its day now and the veto's on its day
    before: a type's replay reads none of the other's days."""
    day, before = DAY0 + dt.timedelta(days=90), DAY0
    visit = _article(random.Random(1), "a1", day.isoformat(), "a1")[0]
    visit = dataclasses.replace(visit, mention=dataclasses.replace(
        visit.mention, type=lx.CONSULT, lemma="visit"))
    assert type_days([visit], [(lx.REJECT, "a1", before), (lx.REJECT, "a1", None)]) == {
        lx.CONSULT: {day}, lx.REJECT: {before}}


def test_a_type_is_fused_whole_when_its_replay_would_read_most_of_it():
    counts = {DAY0 + dt.timedelta(days=k): 1 for k in range(0, 400, 10)}  # 40 mentions
    one = {DAY0 + dt.timedelta(days=200)}
    # from 2W before the changed day to 2W after it: days 138 to 262, 13 of the 40
    assert replay_share(one, counts) == 13 / 40
    assert whole_types({"A": one, "B": set(counts)}, {"A": counts, "B": counts}) == {"B"}
    assert replay_share(one, {}) == 0.0


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


def test_updates_that_take_most_decisions_as_stored_give_a_whole_fusion():
    """A replay re-scores only the mentions whose stored decision may have changed (of a
    changed article, of a changed event, or able to find one) and takes the others as
    stored: with articles added, dropped, redone and renamed, and every type replayed
    (never fused whole), each update's events are a whole fusion's, and most stored
    events in the replayed days are kept as they are (neither written nor dropped)."""
    written = dropped = 0
    for seed in range(5):
        rng = random.Random(300 + seed)
        corpus, names = _shuffled(rng, 120, 6)
        articles: dict[str, list[EventItem]] = {}
        events: dict[str, Event] = {}
        while names:
            changed = _added(rng, names, corpus, articles, 10)
            if rng.random() < 0.4:
                changed |= _dropped_and_redone(rng, articles)
            if rng.random() < 0.3:  # an entity renamed in a few articles
                renamed = dataclasses.replace(WHOS[0], entity="e-holt-2")
                for a in rng.sample(sorted(articles), min(4, len(articles))):
                    articles[a] = _renamed(articles[a], WHOS[0], renamed)
                    changed.add(a)
            before = dict(events)
            _apply(events, articles, changed, share=2.0)
            written += len(set(events) - set(before))
            dropped += len(set(before) - set(events))
            whole = fuse([i for its in articles.values() for i in its])[0]
            assert sorted(events.values(), key=lambda e: e.id) == sorted(
                whole, key=lambda e: e.id), seed
    assert written and dropped


def test_an_update_writes_only_the_events_it_changes():
    """Seven weeks of visits between two pairs, fused; a new report of one visit joins its
    event, and a report of another pair's meeting starts one: the replay writes those
    two events and drops the one the report joined, and keeps every other stored event
    of the days it read as stored."""
    def visit(article: str, day: int, actor: Who, target: Who) -> EventItem:
        on = (DAY0 + dt.timedelta(days=day)).isoformat()
        m = EventMention(0, 5, 0, 5, "visit", "visit", lx.CONSULT, None, lx.HAPPENED,
                         (Participant(0, 1, actor.name),), (Participant(2, 3, target.name),),
                         None, EventTime(0, 1, "x", on, "day", on, on), 0)
        return EventItem(article, m, (actor,), (target,), (), article, on)

    holt, vale, kolm, ostra, dun = WHOS[0], WHOS[1], WHOS[2], WHOS[3], WHOS[4]
    items = [visit(f"h{d}", d, holt, kolm) for d in range(0, 50, 10)] + \
        [visit(f"v{d}", d, vale, ostra) for d in range(5, 50, 10)]
    stored = {e.id: e for e in fuse(items)[0]}
    assert len(stored) == 10  # each visit on its own day: one event each
    new = [visit("h20-again", 20, holt, kolm), visit("d25", 25, dun, kolm)]
    after = items + new

    def read(lo, hi):
        return ([i for i in after if lo <= iso_day(i.day) <= hi],
                [_stored(e) for e in stored.values() if lo <= iso_day(e.fused_first) <= hi])

    done = update(read, {DAY0 + dt.timedelta(days=20), DAY0 + dt.timedelta(days=25)},
                  DAY0 + dt.timedelta(days=45), {"h20-again", "d25"})
    joined = next(e for e in stored.values() if e.mentions[0][0] == "h20")
    assert done.drop == {joined.id}
    assert sorted(sorted(m[0] for m in e.mentions) for e in done.events) == [
        ["d25"], ["h20", "h20-again"]]
    kept = {k: e for k, e in stored.items() if k not in done.drop}
    assert sorted({**kept, **{e.id: e for e in done.events}}.values(),
                  key=lambda e: e.id) == sorted(fuse(after)[0], key=lambda e: e.id)
