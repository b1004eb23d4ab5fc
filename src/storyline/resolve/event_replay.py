"""Event fusion replayed from a day on: an update re-fuses only the days around its
articles, and a whole fusion of a large store runs through it a few weeks at a time.

Fusion (`events.fuse`) is greedy in date order and ends in time: reports of two articles
published more than W = `WINDOW_DAYS` apart are never one event. A weak mention joins a
cluster of its own article, all of whose reports lie within W days of it, so it may be
fused once the strong mentions of W days later are (the result is `fuse`'s). Then the
clusters just before day t are the stored events cut at t (their strong mentions of days
before t, their weak ones of days before t - W), and only those first reported at most
2W days before t can still change: the live ones.

An update starts from the stored events at its first changed day, fuses the mentions from
there in date order, and stops at the first day t more than W days past its changed days
where the live clusters equal the stored ones cut at t and hold no mention of a changed
article (a stored event of the same mentions may read differently: an actor renamed):
from there on the fusion does what it did before. The events first reported before
t - 2W are replaced, the stored ones from then on kept. Days with no change in between are
never read.

An update replays each event type on its own changed days (`type_days`; types never fuse
together), only for the articles whose fusion inputs changed (`digest`), and fuses a type
whole where its replay would read most of it anyway (`whole_types`).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field

from storyline.analyse.article_facts import iso_day
from storyline.resolve.events import (
    WINDOW_DAYS,
    Event,
    EventItem,
    _event,
    _Fusion,
    _order,
    _strong,
)

Ref = tuple[str, int, int]
W = dt.timedelta(days=WINDOW_DAYS)


@dataclass(frozen=True, slots=True)
class Stored:
    """A stored event as the replay sees it: its id, first report's day and mentions."""

    id: str
    first: dt.date
    refs: tuple[Ref, ...]


@dataclass
class Replayed:
    """What a replay changed: new events, the stored ones they replace, and the day it
    stopped at (None: the end of the store)."""

    events: list[Event] = field(default_factory=list)
    drop: set[str] = field(default_factory=set)
    until: dt.date | None = None


def day_of(item: EventItem) -> dt.date | None:
    return iso_day(item.day)


class Replay:
    """One replay from `start`, fed the mentions and stored events of consecutive days
    (`feed`). `changed`: the days (old and new) of the changed articles; `articles`: the
    changed articles (None: any article of a changed day may have changed). It stops
    only where no live cluster holds a mention of a changed article: a stored event
    whose mentions are the same may still read differently (an actor renamed), so it is
    kept only when none of its articles changed. `whole`: it goes on to the end."""

    def __init__(self, start: dt.date, changed: Iterable[dt.date], whole: bool = False,
                 articles: Iterable[str] | None = None) -> None:
        self.start, self.whole = start, whole
        self.changed = sorted(set(changed))
        self.articles = None if articles is None else frozenset(articles)
        self.fusion = _Fusion()
        self.at: dict[Ref, EventItem] = {}
        self.stored: dict[str, Stored] = {}
        self.strong: list[EventItem] = []  # to fuse, in order
        self.weak: list[EventItem] = []
        self.seeded = False
        self.done = 0  # clusters before this one are final
        self.firsts: list[dt.date] = []  # first day of each dated cluster, in order
        self.out = Replayed()

    def feed(self, items: Iterable[EventItem], stored: Iterable[Stored], upto: dt.date,
             last: bool = False) -> Replayed | None:
        """Take the dated mentions and stored events (of the fused types) first reported
        on the days after those fed before, up to `upto` (the first call: from 2W before
        `start`); fuse on. The result once it stopped (`last`: no days after `upto`)."""
        new = sorted((i for i in items if day_of(i) is not None), key=_order)
        for item in new:
            self.at[item.ref] = item
        for s in stored:
            self.stored[s.id] = s
        if not self.seeded:
            self._seed()
        for item in new:
            day = day_of(item)
            if _strong(item):
                if day >= self.start:
                    self.strong.append(item)
            elif day >= self.start - W:
                self.weak.append(item)
        k = w = 0
        while k < len(self.strong):
            t = day_of(self.strong[k])
            w = self._weak_before(w, t - W)
            if self._settled(t):
                return self._stop(t, w)
            while k < len(self.strong) and day_of(self.strong[k]) == t:
                self._add(self.fusion.strong(self.strong[k]))
                k += 1
        self.strong = []
        if last:
            self._weak_before(w, None)
            self.weak = []
            return self._stop(None, 0)
        t = upto + dt.timedelta(days=1)
        w = self._weak_before(w, t - W)
        self.weak = self.weak[w:]
        if self._settled(t):
            return self._stop(t, 0)
        self._final(t)
        return None

    def _seed(self) -> None:
        """The clusters live at `start`, from the stored events cut there."""
        seeds = []
        for s in self.stored.values():
            if s.first < self.start:
                items = [self.at[r] for r in s.refs if r in self.at]
                strong = sorted((i for i in items if _strong(i)
                                 and day_of(i) < self.start), key=_order)
                weak = sorted((i for i in items if not _strong(i)
                               and day_of(i) < self.start - W), key=_order)
                if strong:
                    seeds.append((strong, weak))
        for strong, weak in sorted(seeds, key=lambda x: _order(x[0][0])):
            self._add(self.fusion.new(strong, weak))
        self.seeded = True

    def _add(self, c) -> None:
        if len(self.firsts) < len(self.fusion.clusters):
            self.firsts.append(c.first)

    def _weak_before(self, w: int, day: dt.date | None) -> int:
        """Fuse the weak mentions of days before `day` (None: all) from the w-th on."""
        while w < len(self.weak) and (day is None or day_of(self.weak[w]) < day):
            self.fusion.weak(self.weak[w])
            w += 1
        return w

    def _cut(self, ref: Ref, t: dt.date) -> bool:
        """Whether a stored mention is in its cluster just before day t (a mention no
        longer there is of a changed article, passed more than W days before)."""
        item = self.at.get(ref)
        if item is None:
            return True
        return day_of(item) < (t if _strong(item) else t - W)

    def _settled(self, t: dt.date) -> bool:
        """Whether the fusion just before t is the stored one, and stays so: the live
        clusters (first reported from t - 2W on, so no mention before then) are the stored
        events cut at t, and none holds a mention of a changed article (where the changed
        articles are not known: of a changed day)."""
        lo = t - 2 * W
        if self.whole or t <= self.start + W or any(
                (t - W if self.articles is not None else lo) <= c < t for c in self.changed):
            return False  # a changed article's mentions are still to come, or still live
        clusters = self.fusion.clusters[bisect.bisect_left(self.firsts, lo):]
        live = {frozenset(i.ref for i in c.items) for c in clusters}
        old = {frozenset(r for r in s.refs if self._cut(r, t))
               for s in self.stored.values() if lo <= s.first < t}
        return live == old and (self.articles is None or not any(
            i.article in self.articles for c in clusters for i in c.items))

    def _final(self, t: dt.date | None) -> None:
        """Make events of the clusters that can no longer change (first reported before
        t - 2W; all when t is None), and let go of what only they needed."""
        clusters = self.fusion.clusters
        end = len(clusters) if t is None else bisect.bisect_left(self.firsts, t - 2 * W)
        for c in clusters[self.done:end]:
            if c.items:
                self.out.events.append(_event(c.items))
                c.items = []
        self.done = max(self.done, end)
        lo = None if t is None else t - 2 * W
        for s in list(self.stored.values()):
            if lo is None or s.first < lo:
                self.out.drop.add(s.id)
                del self.stored[s.id]
        if lo is not None:
            self.at = {r: i for r, i in self.at.items() if day_of(i) >= lo}

    def _stop(self, t: dt.date | None, w: int) -> Replayed:
        self._final(t)
        self.out.until = t
        return self.out


#: Days read at a time after the first (the first: from 2W before a changed day to 2W after,
#: where a replay may stop at the earliest: a changed article's clusters are live till then).
CHUNK_DAYS = 2 * WINDOW_DAYS


def update(read: Callable[[dt.date, dt.date], tuple[list[EventItem], list[Stored]]],
           changed: Iterable[dt.date], end: dt.date,
           articles: Iterable[str] | None = None) -> Replayed:
    """The events to write and the stored ones to drop after the articles of these days
    (old and new) changed: a replay from each changed day not yet passed, reading the
    days it needs (`read(lo, hi)`: the dated mentions of the fused types of the days from
    lo to hi, and the stored events first reported then); `end`, the store's last day;
    `articles`, the changed articles (None: not known, see `Replay`)."""
    def feed(replay: Replay, lo: dt.date, hi: dt.date, last: bool):
        return replay, replay.feed(*read(lo, hi), hi, last=last)

    return replay_days(feed, changed, end, articles)


#: Feeds a replay the days from lo to hi (`last`: the store ends there); gives the replay
#: (its state after them, wherever they were fused) and its result, None while it goes on.
Feed = Callable[[Replay, dt.date, dt.date, bool], tuple[Replay, "Replayed | None"]]

#: What a walk asks for next: a replay to feed the days from lo to hi (`last`: the store
#: ends there).
Request = tuple[Replay, dt.date, dt.date, bool]


def walk(changed: Iterable[dt.date], end: dt.date, articles: Iterable[str] | None = None
         ) -> Generator[Request, tuple[Replay, Replayed | None], Replayed]:
    """`update`'s walk over the changed days, as a generator, so that a caller may walk
    several (one per event type) side by side and read each day range once for all of
    them: it yields what to feed next and is sent what `Feed` gives; its value is the
    result. A replay starts at each changed day not yet passed and is fed the first range
    (2W before it to 2W after), then CHUNK_DAYS at a time, until it gives its result.
    `articles`: the changed articles (`Replay`)."""
    days = sorted(set(changed))
    articles = None if articles is None else frozenset(articles)
    out = Replayed()
    i = 0
    while i < len(days):
        start = days[i]
        replay = Replay(start, days, articles=articles)
        lo, hi = start - 2 * W, start + 2 * W + dt.timedelta(days=1)
        while True:
            replay, done = yield replay, lo, hi, hi >= end
            if done is not None:
                break
            lo, hi = hi + dt.timedelta(days=1), hi + dt.timedelta(days=CHUNK_DAYS)
        out.events += done.events
        out.drop |= done.drop
        if done.until is None:
            break
        i = bisect.bisect_left(days, done.until)
    return out


def replay_days(feed: Feed, changed: Iterable[dt.date], end: dt.date,
                articles: Iterable[str] | None = None) -> Replayed:
    """`walk` with the feeding left to the caller (`feed`), one range after another."""
    steps = walk(changed, end, articles)
    try:
        request = next(steps)
        while True:
            request = steps.send(feed(*request))
    except StopIteration as stop:
        return stop.value


# -- which articles changed for fusion, and which days of which types ----------------------


def digest(items: Iterable[EventItem]) -> str:
    """Everything fusion, and the events it writes, read of one article, hashed: each of
    its `EventItem`s whole (the mention with its type, lemma, status, spans, participants'
    phrases and time; each actor and target as `Who`: entity id, the name events show,
    side, whether it is the state; `what`; the independence key; the reference day, None
    when the article has none). An article handed on as changed whose digest is the one
    stored when fusion last took it in reads the same to fusion: re-fusing it would give
    the same events, so it is settled as it is. Undated items count by their own (absent)
    day (`place_undated`'s moves are the step's to see)."""
    rows = sorted(repr(dataclasses.replace(i, day=None, undated=False) if i.undated else i)
                  for i in items)
    return hashlib.blake2b("\n".join(rows).encode(), digest_size=16).hexdigest()


def digests_of(items: Iterable[EventItem]) -> dict[str, str]:
    """Article -> the `digest` of its mentions, for each article these mentions are of
    (they must be all of its mentions)."""
    by_article: dict[str, list[EventItem]] = {}
    for item in items:
        by_article.setdefault(item.article, []).append(item)
    return {a: digest(its) for a, its in by_article.items()}


def type_days(now: Iterable[EventItem], before: Iterable[tuple[str, str, dt.date | None]]
              ) -> dict[str, set[dt.date]]:
    """Per event type, the days whose fusion the changed articles change: each day a
    changed article reports a mention of that type on now (`now`: their mentions, undated
    ones placed), and each day it was fused at in a stored event of that type (`before`:
    (type, article, day) of the stored events' reports of changed articles). Types never
    fuse together, so each replays only its own days."""
    out: dict[str, set[dt.date]] = {}
    for item in now:
        if (day := day_of(item)) is not None:
            out.setdefault(item.mention.type, set()).add(day)
    for type_, _, day in before:
        if day is not None:
            out.setdefault(type_, set()).add(day)
    return out


#: A type's update fuses it whole when a replay from its changed days would read at least
#: this share of its mentions anyway (`replay_share`): a replay costs about its share of
#: the whole fusion, more once it reads most of the type (it also reads stored events and
#: checks where to stop; measured: docs/scale.md, "Fifth session: fusion reads only its
#: changes").
WHOLE_SHARE = 0.75


def replay_share(changed: Iterable[dt.date], counts: dict[dt.date, int]) -> float:
    """The share of a type's mentions (`counts`: per day) that a replay from these changed
    days reads at the least: those from 2W before each changed day to 2W after it (it may
    read more, up to the day it stops)."""
    total = sum(counts.values())
    if not total:
        return 0.0
    spans = sorted((d - 2 * W, d + 2 * W) for d in set(changed))
    merged: list[list[dt.date]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    read = sum(n for day, n in counts.items() if any(lo <= day <= hi for lo, hi in merged))
    return read / total


def whole_types(days: dict[str, set[dt.date]], counts: dict[str, dict[dt.date, int]],
                share: float = WHOLE_SHARE) -> set[str]:
    """The types whose replay would read at least `share` of their mentions: fused whole."""
    return {t for t, changed in days.items()
            if changed and replay_share(changed, counts.get(t, {})) >= share}
