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

Within a replay a mention is fused again (scored against its candidate events) only where
its stored decision may no longer hold: it is of a changed article, or its stored event, or
a cluster it can find (`_Fusion._candidates`), differs from the stored fusion (`dirty`).
Any other mention finds the same candidates with the same reports as before, so it makes
the same decision, which is taken as stored: it joins (or starts) the cluster that
mirrors its stored event. Two cases need more than its candidates now: a mention that
left a stored event took its participants' marks out of it (`left`: a mention probing one
of them is fused again while that event could take it), and a stored event holding a
changed article's old mentions had marks no one knows any more (`opaque`: while it could
take a mention, each mention that started its stored event, the one decision a lost
candidate changes (a tie no more), is fused again). Only the changed clusters are
compared where the replay may stop (`_settled`). Measured: docs/scale.md, "Eighth
session".

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

from storyline.resolve.events import (
    ORPHAN_DAYS,
    WINDOW_DAYS,
    Event,
    EventItem,
    _event,
    _Fusion,
    _kinds,
    _marks,
    _order,
    _probes,
    _strong,
    orphan_key,
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
class _Firsts:
    """Clusters (their numbers) in the order of their first days, and how many are final."""

    firsts: list[dt.date] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    done: int = 0

    def add(self, c) -> None:
        self.firsts.append(c.first)
        self.numbers.append(c.number)


@dataclass
class Replayed:
    """What a replay changed: new events, the stored ones they replace, and the day it
    stopped at (None: the end of the store)."""

    events: list[Event] = field(default_factory=list)
    drop: set[str] = field(default_factory=set)
    until: dt.date | None = None


def day_of(item: EventItem) -> dt.date | None:
    return item._day  # iso_day(item.day), worked out once


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
        # the clusters in the order of their first days (events' and those of mentions no
        # event took apart: the latter are made as weak mentions are fused, later), how
        # many of each are final, and how many clusters are sorted in
        self.lists: tuple[_Firsts, _Firsts] = (_Firsts(), _Firsts())
        self.known = 0
        self.out = Replayed()
        # the stored decisions (only where the changed articles are known)
        self.exact = not whole and self.articles is not None
        self.event_of: dict[Ref, str] = {}  # a stored mention's stored event
        self.heads: dict[str, Ref] = {}  # a stored event's first strong mention
        self.mirror: dict[str, int] = {}  # a stored event -> the cluster that is it so far
        self.origin: dict[int, str] = {}  # and back
        self.dirty: set[int] = set()  # clusters that are no stored event as it was
        self.spoilt: set[str] = set()  # stored events that are not what fusion makes now
        self.left: dict[tuple, dt.date] = {}  # a mark a spoilt event lost -> last day it joins
        self.opaque: dt.date | None = None  # last day a changed article's old event joins

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
            if self.exact:
                self._take(s)
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
                self._fuse_strong(self.strong[k])
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
        """The clusters live at `start`, from the stored events cut there, and the mentions
        no event took that a mention fused from `start - W` on may still join
        (`events.orphan_key`: those of no stored event)."""
        seeds = []
        for s in self.stored.values():
            if s.first < self.start:
                items = [self.at[r] for r in s.refs if r in self.at]
                strong = sorted((i for i in items if _strong(i)
                                 and day_of(i) < self.start), key=_order)
                weak = sorted((i for i in items if not _strong(i)
                               and day_of(i) < self.start - W), key=_order)
                if strong or weak:
                    seeds.append((strong, weak, s.id))
        stored = {r for s in self.stored.values() for r in s.refs}
        lone = self.start - W - dt.timedelta(days=ORPHAN_DAYS)
        for ref, i in self.at.items():
            if ref not in stored and not _strong(i) and lone <= day_of(i) < self.start - W \
                    and orphan_key(i) is not None:
                seeds.append(([], [i], None))
        for strong, weak, id_ in sorted(seeds, key=lambda x: _order((x[0] or x[1])[0])):
            c = self.fusion.new(strong, weak) if strong else self.fusion.orphan(weak)
            if self.exact and id_ is not None:
                self._mirror(id_, c)
        self.seeded = True

    def _sort_in(self) -> None:
        """Put the clusters made since the last call in their list, by first day."""
        clusters = self.fusion.clusters
        for c in clusters[self.known:]:
            self.lists[c.orphan].add(c)
        self.known = len(clusters)

    def _from(self, day: dt.date) -> list:
        """The clusters first reported on this day or later."""
        clusters = self.fusion.clusters
        return [clusters[k] for f in self.lists for k in f.numbers[
            bisect.bisect_left(f.firsts, day):]]

    def _weak_before(self, w: int, day: dt.date | None) -> int:
        """Fuse the weak mentions of days before `day` (None: all) from the w-th on."""
        while w < len(self.weak) and (day is None or day_of(self.weak[w]) < day):
            self._fuse_weak(self.weak[w])
            w += 1
        return w

    # -- stored decisions ------------------------------------------------------------

    def _take(self, s: Stored) -> None:
        """Note a stored event's mentions; one holding a changed article's is spoilt, and
        its old marks unknown (`opaque`)."""
        for r in s.refs:
            self.event_of[r] = s.id
        if any(r[0] in self.articles for r in s.refs):
            self.spoilt.add(s.id)
            until = s.first + W
            self.opaque = until if self.opaque is None else max(self.opaque, until)

    def _mirror(self, id_: str, c) -> None:
        if id_ in self.spoilt:
            self.dirty.add(c.number)
        else:
            self.mirror[id_], self.origin[c.number] = c.number, id_

    def _head(self, id_: str) -> Ref | None:
        """A stored event's first strong mention (the one that started it)."""
        if id_ not in self.heads:
            items = [self.at[r] for r in self.stored[id_].refs if r in self.at]
            strong = [i for i in items if _strong(i)] or items  # or of no event's mentions
            self.heads[id_] = min(strong, key=_order).ref if strong else None
        return self.heads[id_]

    def _as_stored(self, item: EventItem, id_: str | None) -> bool:
        """Whether a strong mention's stored decision holds: its article, its stored event
        and every cluster it can find are as they were, no mark it probes left a stored
        event it could join, and (if it started its event) no changed article's old
        event could have tied with another."""
        if id_ is None or id_ in self.spoilt or item.article in self.articles \
                or id_ not in self.stored:
            return False
        day = item._day
        head = self._head(id_) == item.ref
        if head == (id_ in self.mirror):
            return False  # started elsewhere, or its start was fused otherwise
        if head and self.opaque is not None and day <= self.opaque:
            return False
        by_key, left = self.fusion.by_key, self.left
        for kind in _kinds(item):
            for key in _probes(item):
                if (kind, key) in left and day <= left[(kind, key)]:
                    return False
                if any(k in self.dirty for k in by_key.get((kind, key), ())):
                    return False
        return True

    def _fuse_strong(self, item: EventItem):
        """Fuse a strong mention: as stored where that holds, else by scoring it."""
        if not self.exact:
            return self.fusion.strong(item)
        id_ = self.event_of.get(item.ref)
        fusion = self.fusion
        if self._as_stored(item, id_):
            if item._day is not None:
                fusion._expire(item._day)
            k = self.mirror.get(id_)
            if k is None:
                c = fusion.new([item])
                self.mirror[id_], self.origin[c.number] = c.number, id_
            else:
                c = fusion.clusters[k]
                c.items.append(item)
                fusion._enter(k, item)
            return c
        n = len(fusion.clusters)
        c = fusion.strong(item)
        new = c.number == n
        same = id_ is not None and id_ not in self.spoilt and id_ in self.stored and (
            self.origin.get(c.number) == id_ if not new else self._head(id_) == item.ref)
        self._decided(item, id_, c, new, same)
        return c

    def _fuse_weak(self, item: EventItem) -> None:
        """Join a weak mention (`_Fusion.weak`: it reads only its article's clusters, or
        those of mentions no event took, so it is fused again each time) and note where
        that differs from the stored decision."""
        fusion = self.fusion
        n = len(fusion.clusters)
        c = fusion.weak(item)
        if not self.exact:
            return
        id_ = self.event_of.get(item.ref)
        new = c is not None and c.number >= n
        if c is None:
            same = id_ is None
        elif new:  # no event took it: alone as before, or the first of its stored event
            same = id_ is None or (id_ not in self.spoilt and id_ in self.stored
                                   and self._head(id_) == item.ref)
        else:
            same = id_ is not None and id_ not in self.spoilt and \
                self.origin.get(c.number) == id_
        if c is not None or not same:
            self._decided(item, id_, c, new, same)

    def _decided(self, item: EventItem, id_: str | None, c, new: bool, same: bool) -> None:
        """Note a fused mention's decision: a new cluster that is its stored event is that
        event's mirror; a decision other than the stored one, or a changed article's,
        spoils the clusters and stored events it touches (a mention leaving one takes
        its marks out of it)."""
        if same and item.article not in self.articles:
            if new and id_ is not None:
                self._mirror(id_, c)
            return
        if id_ is not None and id_ in self.stored and not same:
            self.spoilt.add(id_)
            if id_ in self.mirror:
                self.dirty.add(self.mirror[id_])
            if _strong(item):
                until = self.stored[id_].first + W
                for kind in _kinds(item):
                    for key in _marks(item):
                        if self.left.get((kind, key), until) <= until:
                            self.left[(kind, key)] = until
        if c is not None:
            self.dirty.add(c.number)
            if c.number in self.origin:
                self.spoilt.add(self.origin[c.number])

    @staticmethod
    def _open(c, t: dt.date) -> bool:
        """Whether a cluster counts where a replay may stop at t: an event, or mentions no
        event took yet that a mention fused from t on may still join (`ORPHAN_DAYS`)."""
        return c.event or (c.first is not None
                           and c.first >= t - W - dt.timedelta(days=ORPHAN_DAYS))

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
        if self.articles is not None and any(t <= c <= t + 2 * W for c in self.changed):
            return False  # going on reads less than a replay from that day (2W before it)
        if self.exact:  # the clean clusters are their stored events: compare the others
            clusters = [c for k in sorted(self.dirty) if (c := self.fusion.clusters[k]).items
                        and c.first is not None and c.first >= lo and self._open(c, t)]
            live = {frozenset(i.ref for i in c.items) for c in clusters}
            old = {frozenset(r for r in s.refs if self._cut(r, t)) for id_ in self.spoilt
                   if (s := self.stored.get(id_)) is not None and lo <= s.first < t}
            return live == old and not any(
                i.article in self.articles for c in clusters for i in c.items)
        self._sort_in()
        clusters = self._from(lo)
        if any(not c.event and c.items and self._open(c, t) and c.first in self.changed
               for c in clusters):
            return False  # a changed day's mention no event took may still be joined
        clusters = [c for c in clusters if c.event]
        live = {frozenset(i.ref for i in c.items) for c in clusters}
        old = {frozenset(r for r in s.refs if self._cut(r, t))
               for s in self.stored.values() if lo <= s.first < t}
        return live == old and (self.articles is None or not any(
            i.article in self.articles for c in clusters for i in c.items))

    def _final(self, t: dt.date | None) -> None:
        """Make events of the clusters that can no longer change (first reported before
        t - 2W; all when t is None), and let go of what only they needed."""
        self._sort_in()
        clusters = self.fusion.clusters
        for f in self.lists:
            end = len(f.numbers) if t is None else bisect.bisect_left(f.firsts, t - 2 * W)
            for k in f.numbers[f.done:end]:
                c = clusters[k]
                if c.items:
                    if c.event and (k not in self.origin or k in self.dirty):
                        self.out.events.append(_event(c.items))
                    c.items = []  # a clean cluster is its stored event, kept as stored
            f.done = max(f.done, end)
        lo = None if t is None else t - 2 * W
        for s in list(self.stored.values()):
            if lo is None or s.first < lo:
                if not self._kept(s.id):
                    self.out.drop.add(s.id)
                del self.stored[s.id]
        if lo is not None:
            self.at = {r: i for r, i in self.at.items() if day_of(i) >= lo}

    def _kept(self, id_: str) -> bool:
        """Whether a stored event is what the fusion made again: its clean mirror."""
        k = self.mirror.get(id_)
        return k is not None and k not in self.dirty and id_ not in self.spoilt

    def _stop(self, t: dt.date | None, w: int) -> Replayed:
        self._final(t)
        self.out.until = t
        return self.out


#: Days a whole fusion reads at a time after the first (`event_groups`).
CHUNK_DAYS = 2 * WINDOW_DAYS

#: Days an update's replay reads at a time after the first (the first: from 2W before a
#: changed day to 2W after, where a replay may stop at the earliest: a changed article's
#: clusters are live till then). Past that, a replay stops as soon as the fusion is the
#: stored one again, so a shorter read reads fewer days it does not need (most of the
#: stored mentions it reads are taken as stored, so reading is most of its cost).
REPLAY_CHUNK_DAYS = WINDOW_DAYS


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
    (2W before it to 2W after), then REPLAY_CHUNK_DAYS at a time, until it gives its result.
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
            lo, hi = hi + dt.timedelta(days=1), hi + dt.timedelta(days=REPLAY_CHUNK_DAYS)
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
