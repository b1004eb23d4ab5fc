"""Stories: the articles about one developing topic, found from who and what they name.

Two articles are about the same development when they name the same specific
entities, weighted by how rare each entity is in their weeks (naming
Caldenia's defence intelligence chief says more than naming the United
Nations), use the same words in their titles and leads (what happened:
"skip", "acceptance speech", "founded"; entities alone miss it), and were
published close in time. The similarity of a pair is the mean of the two
cosines (WORDS_SHARE for the words), or the entities' alone when an article
has no words, times a time factor: whole up to FULL_DAYS apart, falling
linearly to FAR_WEIGHT at STORY_WINDOW_DAYS (one development is reported over
a few days; the beat's other developments of the week share its names just as
much). A pair is weighed only when it shares an entity that at most
COMMON_SHARE of both windows' articles name: the names every article of a
beat shares never join two articles alone (words only weigh pairs that
pass). The bound is a share of the window, the same at any size, so that the
rule holds as the news gets denser (v4 switched to a stricter bound above 50
articles a window, which cut the stories of dense weeks). Copies (one
independence key) are always in one story.

Local in time: an article's weights (the number of articles, each entity's
and word's document frequency, the common bound) are counted in its window,
its week bucket (BUCKET_DAYS) and WINDOW_BUCKETS buckets either side;
undated articles are a window of their own and pair only among themselves.
A copy (one independence key) is dated as its key's earliest dated article,
so copies fall in one week and are always one story.

Stories are found week by week (blocks of BLOCK_BUCKETS buckets) and chained
across weeks (v6): within a week, groups are grown by average linkage,
strongest pairs first: two groups join only when their articles are similar
on average (at least MIN_AVERAGE), not through one pair, so a story does not
chain from one event to the next through a shared name. Each group of a week
then chains to its best match of the next week (the highest average pair
similarity across the two, at least MIN_AVERAGE with one strong pair); several
may chain to one (two developments meeting), none to two. A story is such a
chain. So what a week's stories are hangs on its own and the next weeks'
articles only: an update redoes the weeks whose weights moved and the weeks
either side (their links to them), reads only those weeks' articles, and
chains on from the stored stories beyond them, which stay as they were
(`dirty_blocks`, `find_stories_in`); the result is a whole pass's. Where two
groups of the first redone week are one stored story with earlier weeks, which
earlier articles chain to which is not stored: that week is redone too
(`NeedBlocks`). A pass going piece by piece hands each piece's chains on to the
next (`Carried`: the members before the next piece's first week, whose links are
final, and the groups of that week they chain to), so it never needs the weeks
before a piece again (v7 before: a story braided over months made each piece go
back a week at a time to its start). A story's id hashes its sorted member ids, so the same
articles always give the same story; its label is its first group's.

Pure and deterministic. A week's pair similarities are computed at once, as
sparse products of its articles' unit vectors (entities and words, columns in
entity order, so a sum runs in the same order whatever else is read; each vector
is turned into arrays of term numbers once, `_Terms`), into a
dense matrix of the week against itself and against the next week; average
linkage then updates group sums row by row (v7: v6 kept every weighed pair of
a 13-week piece in dictionaries, 4.4 GB and 274 s for a dense piece of 7,300
articles, against 0.87 GB and 17.5 s now). Memory is that of one week: 8 bytes
times its articles times those of it and the next week (5,000 articles a week:
400 MB).
"""

from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice

import numpy as np
from scipy import sparse

from storyline.analyse.article_facts import iso_day
from storyline.unionfind import UnionFind

#: Version of what find_stories makes from its inputs (the stories step's version).
VERSION = "7"
#: Similarity (entity and word cosines combined) from which a pair of articles is joined.
MIN_SIMILARITY = 0.12
#: Two groups join only when their articles' average pair similarity reaches this.
MIN_AVERAGE = 0.08
#: Weight of the title-and-lead word cosine in a pair's similarity (the rest: entities).
WORDS_SHARE = 0.5
#: Content words of the body read after the title: the lead says what happened.
LEAD_WORDS = 100
#: Characters of the body that always hold LEAD_WORDS content words.
LEAD_CHARS = 3000
#: Articles further apart than this many days are not joined directly; a pair's similarity
#: is whole up to FULL_DAYS apart and falls linearly to FAR_WEIGHT of it at STORY_WINDOW_DAYS.
STORY_WINDOW_DAYS = 7
FULL_DAYS = 1
FAR_WEIGHT = 0.1
#: Articles fall in buckets of BUCKET_DAYS days (day number // BUCKET_DAYS); an article's
#: weights count the articles of its bucket and of WINDOW_BUCKETS buckets either side.
BUCKET_DAYS = 7
WINDOW_BUCKETS = 1
#: Entities named by more than this share of a window's articles (and by more than
#: MIN_COMMON articles) are common there: they weigh in the cosine but weigh no pair alone.
COMMON_SHARE = 0.4
MIN_COMMON = 10
#: Stories are found within blocks of BLOCK_BUCKETS buckets and chained across them.
BLOCK_BUCKETS = 1
#: With a words reader, the words of READ_BUCKETS buckets either side are read at once.
READ_BUCKETS = 4
#: Rows of a week's pair matrix computed at once (the temporaries' size).
ROWS = 256
#: Entities named in a story's label.
LABEL_SIZE = 3


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """What story finding needs of one article."""

    id: str
    published: str | None
    independence_key: str
    entities: Mapping[str, int]  # canonical entity id -> mentions in the article
    words: Mapping[str, int] = field(default_factory=dict)  # lead_words(title, text)


@dataclass(frozen=True, slots=True)
class Story:
    """Articles about one topic; `label` lists its most telling entity ids."""

    id: str
    articles: tuple[str, ...]
    label: tuple[str, ...]
    first: str | None
    last: str | None


_STOPWORDS = frozenset("""
a an the and or but of to in on at for from by with as is are was were be been being it its
this that these those he she they we you his her their our your them him us me my not no has
have had do does did will would could should can may might must said says say also than then
there here who whom which what when where why how about into over after before more most other
some such only just so if out up down all any each both very new one two three year years mr
mrs ms
""".split())
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")


def lead_words(title: str | None, text: str, limit: int = LEAD_WORDS) -> dict[str, int]:
    """Counts of the content words of a title and of the first `limit` of the body's
    (casefolded; function words and words under three letters dropped)."""

    def content(s: str) -> Iterator[str]:
        for match in _WORD.finditer(s.casefold()):
            if len(w := match.group()) > 2 and w not in _STOPWORDS:
                yield w

    # the body's words are read only as far as its first `limit` content words
    return dict(Counter([*content(title or ""), *islice(content(text[:LEAD_CHARS]), limit)]))


def find_stories(items: Iterable[StoryArticle]) -> list[Story]:
    """Stories over the articles, largest first (then by id)."""
    corpus = _Corpus(as_copies(sorted(items, key=lambda a: a.id)))
    return corpus.stories(set(corpus.in_block), {})[0]


def as_copies(articles: list[StoryArticle]) -> list[StoryArticle]:
    """The articles with each copy dated as its independence key's earliest dated article
    (undated when none is): a copy is its original's story, and in its block."""
    first: dict[str, tuple[int, str]] = {}
    for a in articles:
        if (day := iso_day(a.published)) is not None:
            seen = first.get(a.independence_key)
            if seen is None or day.toordinal() < seen[0]:
                first[a.independence_key] = (day.toordinal(), day.isoformat())
    return [a if (f := first.get(a.independence_key)) is None or a.published == f[1]
            else replace(a, published=f[1]) for a in articles]


class NeedBlocks(Exception):  # noqa: N818 - a request, not an error
    """The stored stories are not enough to chain on from these blocks: redo them too."""

    def __init__(self, blocks: set[int]) -> None:
        super().__init__(f"redo blocks {sorted(blocks)}")
        self.blocks = blocks


@dataclass(frozen=True, slots=True)
class StoredStory:
    """What an update needs of a stored story: its span, members and label."""

    first: str | None
    last: str | None
    members: tuple[str, ...]
    label: tuple[str, ...] = ()


#: Where a chain's head starts: (undated, first block, first article id); the earliest
#: node of a story gives its label.
At = tuple[bool, int, str]


@dataclass(frozen=True, slots=True)
class Carried:
    """A chain that one piece of a pass hands to the next, which starts at a block it
    redoes too: the chain's members before that block (whose links are all final), the
    articles of that block's groups it chains to (`anchors`), the label and start of its
    earliest node, and its members' first and last dates."""

    members: tuple[str, ...]
    anchors: tuple[str, ...]
    label: tuple[str, ...]
    at: At
    first: str | None
    last: str | None


@dataclass(frozen=True, slots=True)
class CopyGroups:
    """The independence key of some articles (`key_of`) and the articles of each such key
    (`members`, the article itself among them): kept per key, so that a wire story
    carried by thousands of outlets is read once, not once per copy."""

    key_of: Mapping[str, str]
    members: Mapping[str, Sequence[str]]

    def articles(self) -> set[str]:
        """Every article of the keys."""
        return {m for ms in self.members.values() for m in ms}


def dirty_blocks(changed: Iterable[str], days: Mapping[str, str | None],
                 copies: CopyGroups, stored: Mapping[str, StoredStory]) -> set[int | None]:
    """The blocks an update must redo: those whose stories or links may differ.

    `changed` are the articles added, dropped or whose inputs changed; `days` the
    (copy-)dates now of the changed articles, of their copies (`copies`: the independence
    keys of the changed articles and the articles of each now) and of the members of
    their stored stories (`stored` holds at least those), absent when no longer an ok
    article. A bucket's
    weights moved when it, or a bucket within WINDOW_BUCKETS of it, gained or lost an
    article: the buckets of those articles now and where they were (their stored
    stories' spans; undated stories are the undated block). The blocks of the moved
    buckets are redone, and the blocks either side (their links to the redone ones)."""
    story_of = {a: sid for sid, s in stored.items() for a in s.members}
    moved: set[int | None] = set()
    stories: set[str] = set()  # each story's buckets are added once, however many it holds
    keys: set[str] = set()  # and each copy group's members are looked at once
    for x in changed:
        moved.add(_bucket(days[x])) if x in days else None
        if (sid := story_of.get(x)) is not None:
            stories.add(sid)
        if (k := copies.key_of.get(x)) is not None:
            keys.add(k)
    stories.update(sid for k in keys for y in copies.members[k] if (sid := story_of.get(y)))
    for sid in stories:
        s = stored[sid]
        first, last = _bucket(s.first), _bucket(s.last)
        if first is None or last is None:
            moved.add(None)
        else:
            moved.update(range(first, last + 1))
        moved.update(_bucket(days[m]) for m in s.members if m in days)
    near = {None if b is None else _block(b + k) for b in moved
            for k in range(-WINDOW_BUCKETS, WINDOW_BUCKETS + 1)}
    return near | {k + d for k in near if k is not None for d in (-1, 1)}


def read_buckets(blocks: Iterable[int | None]) -> set[int | None]:
    """The buckets whose articles redoing these blocks reads: theirs and WINDOW_BUCKETS
    either side (their weights)."""
    out: set[int | None] = set()
    for k in blocks:
        if k is None:
            out.add(None)
        else:
            out.update(range(k * BLOCK_BUCKETS - WINDOW_BUCKETS,
                             (k + 1) * BLOCK_BUCKETS + WINDOW_BUCKETS))
    return out


def find_stories_in(items: Iterable[StoryArticle], blocks: set[int | None],
                    stored: Mapping[str, StoredStory], days: Mapping[str, str | None],
                    words: WordsOf | None = None, carried: Iterable[Carried] = (),
                    cut: int | None = None
                    ) -> tuple[list[Story], set[str], list[Carried]]:
    """The stories an update redoes, and the articles they replace the stored stories
    of: every stored story holding one of those is replaced by these; and, with `cut`
    (a redone block whose block before is redone too), the chains to hand to a next
    piece that starts at `cut`.

    `items` hold (at least) every article of `read_buckets(blocks)`, dated as copies
    (`as_copies`); `stored` the stored stories holding one of them or a changed
    article; `days` the dates now of those stories' other members (absent: no longer
    ok). A stored story's members outside the blocks are the same there as before,
    and, since a story is a chain of block clusters, attach to the clusters of the
    redone blocks next to them (which are as they were: their weights did not move).
    `words`, when given, reads the words of the articles it is asked for. `carried`:
    the chains the piece before handed on (`cut` there); their members count as theirs
    and not as members of the stored stories that hold them, so that a pass going
    piece by piece never needs the weeks before a piece again (`NeedBlocks`)."""
    corpus = _Corpus(sorted(items, key=lambda a: a.id), words)
    return corpus.stories(blocks, stored, days, tuple(carried), cut)


def find_stories_near(items: Iterable[StoryArticle], changed: Iterable[str],
                      stored: Mapping[str, StoredStory], words: WordsOf | None = None
                      ) -> tuple[list[Story], set[str]]:
    """find_stories_in over every article: the blocks `dirty_blocks` finds (the way the
    stories step reads only those blocks' articles)."""
    articles = as_copies(sorted(items, key=lambda a: a.id))
    days = {a.id: a.published for a in articles}
    keys: dict[str, list[str]] = {}
    for a in articles:
        keys.setdefault(a.independence_key, []).append(a.id)
    copies = CopyGroups({a.id: a.independence_key for a in articles}, keys)
    blocks = dirty_blocks(set(changed), days, copies, stored) if changed else set()
    if not blocks:
        return [], set()
    while True:
        try:
            return _Corpus(articles, words).stories(blocks, stored, days)[:2]
        except NeedBlocks as more:
            blocks |= more.blocks


def _bucket(published: str | None) -> int | None:
    """The bucket (of BUCKET_DAYS days) of a date; None when undated."""
    day = iso_day(published)
    return day.toordinal() // BUCKET_DAYS if day else None


def _block(bucket: int | None) -> int | None:
    return None if bucket is None else bucket // BLOCK_BUCKETS


#: Reads the words (lead_words) of these articles: article id -> word counts.
WordsOf = Callable[[list[str]], Mapping[str, Mapping[str, int]]]


class _Corpus:
    """The articles with what the rule needs, found lazily: an article's window weights
    when a week it is in is grouped, a week's pair matrix when it is grouped or linked
    (and dropped after), so that an update computes only what it looks at (and, with a
    `words` reader, reads only the words of the buckets it looks at)."""

    def __init__(self, articles: list[StoryArticle], words: WordsOf | None = None) -> None:
        self.articles = articles
        self.read = words
        self.words: dict[int, Mapping[str, int]] = {}
        self.index = {a.id: i for i, a in enumerate(articles)}
        self.days = [d.toordinal() if (d := iso_day(a.published)) else None
                     for a in articles]
        self.bucket = [d // BUCKET_DAYS if d is not None else None for d in self.days]
        self.block = [_block(b) for b in self.bucket]
        self.in_block: dict[int | None, list[int]] = {}
        for i, k in enumerate(self.block):
            self.in_block.setdefault(k, []).append(i)
        self.size: Counter = Counter(self.bucket)
        self.df: dict[int | None, Counter] = {}
        self.members: dict[int | None, list[int]] = {}
        for i, (a, b) in enumerate(zip(articles, self.bucket, strict=True)):
            self.df.setdefault(b, Counter()).update(list(a.entities))  # articles, not mentions
            self.members.setdefault(b, []).append(i)
        self.wdf: dict[int | None, Counter] = {}
        self.windows: dict[int | None, tuple[int, Counter, Counter]] = {}
        self.states: dict[int, _State] = {}
        self.terms = _Terms()
        self.column_cache: dict[tuple[int, ...], tuple] = {}

    def window(self, b: int | None) -> tuple[int, Counter, Counter]:
        """Articles, entity and word document frequencies of bucket b's window: b and
        WINDOW_BUCKETS buckets either side (the undated articles: their own)."""
        if b not in self.windows:
            near = [b] if b is None else range(b - WINDOW_BUCKETS, b + WINDOW_BUCKETS + 1)
            n, df, wdf = 0, Counter(), Counter()
            for k in near:
                n += self.size.get(k, 0)
                df.update(self.df.get(k, {}))
                wdf.update(self._words(k))
            self.windows[b] = (n, df, wdf)
        return self.windows[b]

    def _words(self, b: int | None) -> Counter:
        """The document frequencies of the words of bucket b (its words read with those
        of the unread buckets near it: one read per READ_BUCKETS, not per bucket)."""
        if b not in self.wdf:
            near = [b] if b is None else range(b - READ_BUCKETS, b + READ_BUCKETS + 1)
            self.read_words([k for k in near if k in self.members and k not in self.wdf])
        return self.wdf.get(b, Counter())

    def read_words(self, buckets: Iterable[int | None]) -> None:
        """Read the words of these buckets' articles (with the `words` reader: at once)."""
        ids = [i for b in buckets if b not in self.wdf for i in self.members.get(b, [])]
        if self.read is None:
            got = {i: self.articles[i].words for i in ids}
        else:
            read = self.read([self.articles[i].id for i in ids]) if ids else {}
            got = {i: read.get(self.articles[i].id, {}) for i in ids}
        self.words.update(got)
        for b in buckets:
            self.wdf[b] = Counter(w for i in self.members.get(b, []) for w in got.get(i, {})
                                  ) if b not in self.wdf else self.wdf[b]

    def state(self, i: int) -> _State:
        if i not in self.states:
            n, df, wdf = self.window(self.bucket[i])
            vector = _unit(self.articles[i].entities, n, df)
            common = max(float(MIN_COMMON), COMMON_SHARE * n)
            entities = self.terms.vector(vector)
            specific = entities[0][np.fromiter((df[e] <= common for e in vector), bool,
                                               len(vector))]
            self.states[i] = _State(vector, entities,
                                    self.terms.vector(_unit(self.words[i], n, wdf)), specific)
        return self.states[i]

    def similarities(self, x: list[int], y: list[int]) -> np.ndarray:
        """The weighed similarity of each pair of articles x[r], y[c] (0 for a pair the
        rule does not weigh: one sharing no entity that both windows find specific, more
        than STORY_WINDOW_DAYS apart, one dated and one not, or an article with itself).

        Each entry is the rule's pair similarity: the entity cosine, or the mean of the
        entity and word cosines (WORDS_SHARE) when both have words, times the time
        factor. The cosines are sparse products with columns in entity (word) order, so
        each sum runs in that order, whatever else is read; rows are taken ROWS at a
        time, so that only the result is as large as the two lists."""
        specific, vector, words, y_said = self._columns(y)
        dy = np.array([self.days[j] if self.days[j] is not None else -1 for j in y])
        out = np.zeros((len(x), len(y)))
        for start in range(0, len(x), ROWS):
            rows = x[start:start + ROWS]
            xs = [self.state(i) for i in rows]
            share = specific.times([(s.specific, None) for s in xs])
            cosine = vector.times([s.entities for s in xs])
            said = words.times([s.words for s in xs])
            both = np.outer([len(s.words[0]) > 0 for s in xs], y_said)
            cosine = np.where(both, (1 - WORDS_SHARE) * cosine + WORDS_SHARE * said, cosine)
            dx = np.array([self.days[i] if self.days[i] is not None else -1 for i in rows])
            gap = np.abs(dx[:, None] - dy[None, :])
            undated = np.outer(dx < 0, dy < 0)
            late = np.maximum(0, gap - FULL_DAYS) / (STORY_WINDOW_DAYS - FULL_DAYS)
            close = np.where(undated, 1.0, 1.0 - (1.0 - FAR_WEIGHT) * late)
            weighed = (share > 0) & (undated | (np.outer(dx >= 0, dy >= 0)
                                                & (gap <= STORY_WINDOW_DAYS)))
            weighed &= np.asarray(rows)[:, None] != np.asarray(y)[None, :]
            out[start:start + len(rows)] = np.where(weighed, cosine * close, 0.0)
        return out

    def _columns(self, y: list[int]) -> tuple[_Columns, _Columns, _Columns, np.ndarray]:
        """The columns of a week's articles (specific entities, entity and word vectors)
        and which have words: built for the week's own pairs and used again for the
        links of the week before to it (the last two weeks' are kept)."""
        key = tuple(y)
        if key not in self.column_cache:
            ys = [self.state(j) for j in y]
            terms = self.terms.names
            self.column_cache[key] = (_Columns([(s.specific, None) for s in ys], terms),
                                      _Columns([s.entities for s in ys], terms),
                                      _Columns([s.words for s in ys], terms),
                                      np.array([len(s.words[0]) > 0 for s in ys]))
            while len(self.column_cache) > 2:
                del self.column_cache[next(iter(self.column_cache))]
        return self.column_cache[key]

    def pairs(self) -> dict[tuple[int, int], float]:
        """Every weighed pair (i < j) of the corpus with its similarity: a week's pairs
        and those with the next week (articles further apart are never weighed)."""
        out: dict[tuple[int, int], float] = {}
        for k, members in self.in_block.items():
            for other in [members] + ([self.in_block.get(k + 1, [])] if k is not None else []):
                if not other:
                    continue
                matrix = self.similarities(members, other)
                for r, c in zip(*np.nonzero(matrix), strict=True):
                    i, j = members[r], other[c]
                    out[(i, j) if i < j else (j, i)] = float(matrix[r, c])
        return out

    def stories(self, blocks: set[int | None], stored: Mapping[str, StoredStory],
                days: Mapping[str, str | None] | None = None, carried: tuple[Carried, ...] = (),
                cut: int | None = None) -> tuple[list[Story], set[str], list[Carried]]:
        """The stories of these blocks: each block's articles grouped by average
        linkage, each group chained to its mutual best match in the next block (a
        story is a chain of groups, one a block), and, for the `stored` stories they
        touch, their members outside the blocks chained on to the groups next to them;
        the `carried` chains joined to their anchors' groups. Returns the stories, the
        articles whose stored stories they replace, and the chains to carry to `cut`."""
        if cut is not None and not {cut, cut - 1} <= blocks:
            raise ValueError(f"block {cut} and the block before it must both be redone")
        days = days or {}
        ids = [a.id for a in self.articles]
        groups: list[list[int]] = []
        group_of: dict[int, int] = {}
        at: list[At] = []  # where a node starts: its first block, first id
        ends: list[int | None] = []  # a node's last block (None: undated)
        links: list[tuple[int, int]] = []  # each block's links to the next, in block order
        for k in sorted(blocks, key=lambda k: (k is None, k or 0)):
            for g in self._groups(k):
                group_of.update((i, len(groups)) for i in g)
                groups.append(g)
                at.append((k is None, k or 0, self.articles[g[0]].id))
                ends.append(k)
            if k is not None and k - 1 in blocks:  # while block k's columns are at hand
                links += self._links(k - 1, groups, group_of)
        nodes = [[ids[i] for i in g] for g in groups]
        labels = [self._label(g) for g in groups]
        linked = UnionFind(len(groups))
        find = linked.find
        joined: list[tuple[int, int]] = []  # every union, for the chains carried to `cut`

        def union(x: int, y: int) -> None:
            joined.append((x, y))
            linked.union(x, y)

        for x, y in links:
            union(x, y)
        part = {ids[i] for g in groups for i in g}
        dated = sorted(k for k in blocks if k is not None)
        held = {m for c in carried for m in c.members}
        spans: dict[int, tuple[str | None, str | None]] = {}  # the carried nodes' dates
        for c in carried:
            node = linked.add()
            nodes.append(list(c.members))
            labels.append(c.label)
            at.append(c.at)
            spans[node] = (c.first, c.last)
            anchors = [self.index.get(a) for a in c.anchors]
            if any(i is None or ids[i] not in part for i in anchors):
                raise ValueError(f"a carried chain's anchors {c.anchors} are not all redone")
            ends.append(min(self.block[i] for i in anchors) - 1)
            for i in anchors:
                union(node, group_of[i])

        def block_of(m: str) -> int | None:
            i = self.index.get(m)
            return self.block[i] if i is not None else _block(_bucket(days.get(m)))

        touched, need = set(), set()
        for sid, s in sorted(stored.items()):
            alive = [m for m in s.members if m in self.index or m in days]
            if len(alive) < len(s.members) or any(m in part or m in held for m in s.members):
                touched.add(sid)
            else:
                continue
            gaps: dict[int, list[str]] = {}
            for m in alive:
                if m not in part and m not in held and (k := block_of(m)) is not None:
                    gaps.setdefault(bisect_left(dated, k), []).append(m)
            for _, tail in sorted(gaps.items()):
                ks = [block_of(m) for m in tail]
                node = linked.add()
                nodes.append(sorted(tail))
                labels.append(s.label)
                at.append((False, min(ks), min(m for m, k in zip(tail, ks, strict=True)
                                               if k == min(ks))))
                ends.append(max(ks))
                after = {group_of[i] for m in s.members if (i := self.index.get(m)) is not None
                         and ids[i] in part and self.block[i] == max(ks) + 1}
                if len(after) > 1:  # which of them each tail group chains to: redo its week
                    need.add(max(ks))
                edges = {min(ks) - 1, max(ks) + 1}
                for m in s.members:
                    if (i := self.index.get(m)) is not None and ids[i] in part \
                            and self.block[i] in edges:
                        union(node, group_of[i])
        if need:
            raise NeedBlocks(need)

        def span(chain: Iterable[int]) -> tuple[str | None, str | None]:
            """The first and last dates of these nodes' members."""
            out = [x for n in chain if n in spans for x in spans[n] if x]
            for n in chain:
                if n not in spans:
                    out += [d.isoformat() for m in nodes[n] if (d := iso_day(
                        self.articles[self.index[m]].published if m in self.index
                        else days.get(m)))]
            return (min(out), max(out)) if out else (None, None)

        chains: dict[int, list[int]] = {}
        for n in range(len(nodes)):
            chains.setdefault(find(n), []).append(n)
        stories = []
        for chain in chains.values():
            members = sorted(m for n in chain for m in nodes[n])
            head = min(chain, key=lambda n: at[n])
            digest = hashlib.sha256("\n".join(members).encode()).hexdigest()[:16]
            stories.append(Story("s" + digest[:15], tuple(members), labels[head],
                                 *span(chain)))
        redo = part | held | {m for sid in touched for m in stored[sid].members}
        carry: list[Carried] = []
        if cut is not None:
            # the parts of the graph up to `cut`: the links among those blocks are final
            left = UnionFind(len(nodes))
            for x, y in joined:
                if (ends[x] is not None and ends[x] <= cut and ends[y] is not None
                        and ends[y] <= cut):
                    left.union(x, y)
            parts: dict[int, list[int]] = {}
            for n, end in enumerate(ends):
                if end is not None and end <= cut:
                    parts.setdefault(left.find(n), []).append(n)
            for nodes_ in parts.values():
                before = [n for n in nodes_ if ends[n] < cut]
                anchors = sorted(nodes[n][0] for n in nodes_ if ends[n] == cut)
                if before and anchors:
                    head = min(before, key=lambda n: at[n])
                    carry.append(Carried(
                        tuple(sorted(m for n in before for m in nodes[n])), tuple(anchors),
                        labels[head], at[head], *span(before)))
        return sorted(stories, key=lambda s: (-len(s.articles), s.id)), redo, carry

    def _groups(self, k: int | None) -> list[list[int]]:
        """Block k's articles grouped by average linkage over their pairs in the block."""
        members = self.in_block.get(k, [])
        group = _link([self.articles[i].independence_key for i in members],
                      self.similarities(members, members))
        out: dict[int, list[int]] = {}
        for i, g in zip(members, group, strict=True):
            out.setdefault(g, []).append(i)
        return list(out.values())

    def _links(self, k: int, groups: list[list[int]], group_of: dict[int, int]
               ) -> list[tuple[int, int]]:
        """Each group of block k with its best match in block k + 1: the highest average
        pair similarity across the two (at least MIN_AVERAGE, with a pair of at least
        MIN_SIMILARITY; ties to the group of the lowest id). Several may chain to one."""
        x, y = self.in_block.get(k, []), self.in_block.get(k + 1, [])
        if not x or not y:
            return []
        matrix = self.similarities(x, y)
        gx, gy = [group_of[i] for i in x], [group_of[j] for j in y]
        low_x, low_y = min(gx), min(gy)  # a block's groups are numbered in a row
        rows, cols = np.asarray(gx) - low_x, np.asarray(gy) - low_y
        at = (rows[:, None], cols[None, :])
        total = np.zeros((rows.max() + 1, cols.max() + 1))
        np.add.at(total, at, matrix)  # in row order, as pairs come
        top = np.zeros_like(total)
        np.maximum.at(top, at, matrix)
        first = [self.articles[g[0]].id for g in groups]
        best: dict[int, tuple[float, str, int]] = {}
        for r, c in zip(*np.nonzero(top >= MIN_SIMILARITY), strict=True):
            gx_, gy_ = int(r) + low_x, int(c) + low_y
            mean = float(total[r, c]) / (len(groups[gx_]) * len(groups[gy_]))
            if mean < MIN_AVERAGE:
                continue
            seen = best.get(gx_)
            if seen is None or mean > seen[0] or (mean == seen[0] and first[gy_] < seen[1]):
                best[gx_] = (mean, first[gy_], gy_)
        return [(x_, y_) for x_, (_, _, y_) in sorted(best.items())]

    def _label(self, group: list[int]) -> tuple[str, ...]:
        """The LABEL_SIZE entities of the group's summed weights, highest first."""
        weight: Counter = Counter()
        for i in group:
            weight.update(self.state(i).vector)
        return tuple(e for e, _ in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))
                     [:LABEL_SIZE])


@dataclass(frozen=True, slots=True)
class _State:
    """An article under its window's weights: unit TF-IDF vectors of its entities (by id,
    and as term numbers and weights) and words, and the entities its window does not find
    common (those that weigh a pair)."""

    vector: dict[str, float]
    entities: _Vector
    words: _Vector
    specific: np.ndarray


def _unit(counts: Mapping[str, int], n: int, df: Counter) -> dict[str, float]:
    """Unit TF-IDF vector of these counts, with n articles and document frequencies df."""
    weights = {e: (1 + math.log(c)) * math.log(1 + n / df[e]) for e, c in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {e: w / norm for e, w in weights.items() if w > 0}


#: A sparse vector as term numbers (`_Terms`) and their weights (None: all ones).
_Vector = tuple[np.ndarray, np.ndarray | None]


class _Terms:
    """Numbers for terms (entity ids, words) in the order they are first seen, with their
    names: an article's vector is turned into arrays once, and a week's columns are put
    in name order from them (`_Columns`)."""

    def __init__(self) -> None:
        self.number: dict[str, int] = {}
        self.names: list[str] = []

    def ids(self, terms: Iterable[str]) -> np.ndarray:
        out = []
        for t in terms:
            k = self.number.get(t)
            if k is None:
                k = self.number[t] = len(self.names)
                self.names.append(t)
            out.append(k)
        return np.array(out, dtype=np.int64)

    def vector(self, weights: Mapping[str, float]) -> _Vector:
        return self.ids(weights), np.fromiter(weights.values(), np.float64, len(weights))


class _Columns:
    """Sparse vectors as the columns of products with other vectors: `times(rows)` is the
    dense matrix of their dot products, each sum taken over the shared terms in term
    (name) order, whatever order the terms were numbered in."""

    def __init__(self, vectors: list[_Vector], names: list[str]) -> None:
        present = np.unique(np.concatenate([v[0] for v in vectors])) if vectors else \
            np.zeros(0, dtype=np.int64)
        self.known = present  # sorted numbers; their columns follow the names' order
        self.column = np.empty(len(present), dtype=np.int64)
        self.column[sorted(range(len(present)), key=lambda k: names[present[k]])] = \
            np.arange(len(present))
        self.size = len(vectors)
        self.matrix = self._matrix(vectors).T.tocsr()

    def _matrix(self, vectors: list[_Vector]) -> sparse.csr_matrix:
        width = len(self.known)
        lengths = np.fromiter((len(v[0]) for v in vectors), np.int64, len(vectors))
        if not vectors or not width or not lengths.sum():
            return sparse.csr_matrix((len(vectors), width), dtype=np.float64)
        ids = np.concatenate([v[0] for v in vectors])
        data = np.concatenate([np.ones(len(v[0])) if v[1] is None else v[1] for v in vectors])
        row = np.repeat(np.arange(len(vectors)), lengths)
        at = np.minimum(np.searchsorted(self.known, ids), width - 1)
        hit = self.known[at] == ids
        indptr = np.zeros(len(vectors) + 1, dtype=np.int64)
        np.cumsum(np.bincount(row[hit], minlength=len(vectors)), out=indptr[1:])
        matrix = sparse.csr_matrix((data[hit], self.column[at[hit]], indptr),
                                   shape=(len(vectors), width))
        matrix.sort_indices()  # each row's terms in name order: the sums' order
        return matrix

    def times(self, rows: list[_Vector]) -> np.ndarray:
        if not len(self.known):
            return np.zeros((len(rows), self.size))
        return (self._matrix(rows) @ self.matrix).toarray()


def _link(keys: list[str], similarity: np.ndarray) -> list[int]:
    """Average-linkage grouping of articles in id order (`keys` their independence keys,
    `similarity` their pair matrix): each article's group, as the index of the group's
    first article. Copies start in one group; then pairs of at least MIN_SIMILARITY,
    strongest first (then by ids), join their groups when the groups' average pair
    similarity reaches MIN_AVERAGE. Group sums are kept in `similarity` itself (it is
    overwritten), a joined group's row and column the sums of its parts'."""
    n = len(keys)
    upper = np.triu(similarity >= MIN_SIMILARITY, 1)
    rows, cols = np.nonzero(upper)
    del upper
    values = similarity[rows, cols]
    order = np.lexsort((cols, rows, -values))
    rows, cols = rows[order].tolist(), cols[order].tolist()
    del values, order
    total = similarity  # becomes the group sums
    group = list(range(n))
    members = {i: [i] for i in range(n)}

    def join(a: int, b: int) -> None:
        keep, drop = min(a, b), max(a, b)
        total[keep, :] += total[drop, :]
        total[:, keep] += total[:, drop]
        for m in members[drop]:
            group[m] = keep
        members[keep] = sorted(members[keep] + members.pop(drop))

    first: dict[str, int] = {}
    for i, key in enumerate(keys):  # copies are one story
        f = first.setdefault(key, i)
        if group[i] != group[f]:
            join(group[f], group[i])
    for i, j in zip(rows, cols, strict=True):
        gx, gy = sorted((group[i], group[j]))
        if gx == gy:
            continue
        if float(total[gx, gy]) / (len(members[gx]) * len(members[gy])) >= MIN_AVERAGE:
            join(gx, gy)
    return group
