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
where the live clusters equal the stored ones cut at t: from there on the fusion does what
it did before. The events first reported before t - 2W are replaced, the stored ones from
then on kept. Days with no change in between are never read.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable
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
    (`feed`). `changed`: the days (old and new) of the changed articles; it stops only
    more than W days past each of those it has passed; `whole`: it goes on to the end."""

    def __init__(self, start: dt.date, changed: Iterable[dt.date], whole: bool = False
                 ) -> None:
        self.start, self.whole = start, whole
        self.changed = sorted(set(changed))
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
        """Whether the fusion just before t is the stored one, and stays so."""
        if self.whole or t <= self.start + W or any(t - W <= c < t for c in self.changed):
            return False  # a changed article's mentions are still to come
        lo = t - 2 * W
        live = {frozenset(i.ref for i in c.items)
                for c in self.fusion.clusters[bisect.bisect_left(self.firsts, lo):]}
        old = {frozenset(r for r in s.refs if self._cut(r, t))
               for s in self.stored.values() if lo <= s.first < t}
        return live == old

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


#: Days read at a time after the first (the first: from 2W before a changed day to W after).
CHUNK_DAYS = 2 * WINDOW_DAYS


def update(read: Callable[[dt.date, dt.date], tuple[list[EventItem], list[Stored]]],
           changed: Iterable[dt.date], end: dt.date) -> Replayed:
    """The events to write and the stored ones to drop after the articles of these days
    (old and new) changed: a replay from each changed day not yet passed, reading the
    days it needs (`read(lo, hi)`: the dated mentions of the fused types of the days from
    lo to hi, and the stored events first reported then); `end`, the store's last day."""
    def feed(replay: Replay, lo: dt.date, hi: dt.date, last: bool):
        return replay, replay.feed(*read(lo, hi), hi, last=last)

    return replay_days(feed, changed, end)


#: Feeds a replay the days from lo to hi (`last`: the store ends there); gives the replay
#: (its state after them, wherever they were fused) and its result, None while it goes on.
Feed = Callable[[Replay, dt.date, dt.date, bool], tuple[Replay, "Replayed | None"]]


def replay_days(feed: Feed, changed: Iterable[dt.date], end: dt.date) -> Replayed:
    """`update`'s walk over the changed days, with the feeding left to the caller (the
    step fuses each day range as a task of its executor): a replay starts at each changed
    day not yet passed and is fed the first range (2W before it to W after), then
    CHUNK_DAYS at a time, until it gives its result."""
    days = sorted(set(changed))
    out = Replayed()
    i = 0
    while i < len(days):
        start = days[i]
        replay = Replay(start, days)
        lo, hi = start - 2 * W, start + W + dt.timedelta(days=1)
        while True:
            replay, done = feed(replay, lo, hi, hi >= end)
            if done is not None:
                break
            lo, hi = hi + dt.timedelta(days=1), hi + dt.timedelta(days=CHUNK_DAYS)
        out.events += done.events
        out.drop |= done.drop
        if done.until is None:
            break
        i = bisect.bisect_left(days, done.until)
    return out
