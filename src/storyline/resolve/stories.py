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
(`NeedBlocks`). A story's id hashes its sorted member ids, so the same
articles always give the same story; its label is its first group's.

Pure and deterministic. Candidate pairs come from an inverted index on
entities sorted by day, each article looking only at the entities its window
does not find common, so the work grows with the pairs that share something
within a window, not with the square of the store.
"""

from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from storyline.analyse.article_facts import iso_day
from storyline.unionfind import UnionFind

#: Version of what find_stories makes from its inputs (the stories step's version).
VERSION = "6"
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

    def content(s: str) -> list[str]:
        return [w for w in _WORD.findall(s.casefold()) if len(w) > 2 and w not in _STOPWORDS]

    return dict(Counter(content(title or "") + content(text[:LEAD_CHARS])[:limit]))


def find_stories(items: Iterable[StoryArticle]) -> list[Story]:
    """Stories over the articles, largest first (then by id)."""
    corpus = _Corpus(as_copies(sorted(items, key=lambda a: a.id)))
    stories, _ = corpus.stories(set(corpus.in_block), {})
    return stories


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


def dirty_blocks(changed: Iterable[str], days: Mapping[str, str | None],
                 mates: Mapping[str, Iterable[str]], stored: Mapping[str, StoredStory]
                 ) -> set[int | None]:
    """The blocks an update must redo: those whose stories or links may differ.

    `changed` are the articles added, dropped or whose inputs changed; `days` the
    (copy-)dates now of the changed articles, of their copies (`mates`: article -> the
    others of its independence key now) and of the members of their stored stories
    (`stored` holds at least those), absent when no longer an ok article. A bucket's
    weights moved when it, or a bucket within WINDOW_BUCKETS of it, gained or lost an
    article: the buckets of those articles now and where they were (their stored
    stories' spans; undated stories are the undated block). The blocks of the moved
    buckets are redone, and the blocks either side (their links to the redone ones)."""
    story_of = {a: sid for sid, s in stored.items() for a in s.members}
    moved: set[int | None] = set()
    for x in sorted(changed):
        moved.add(_bucket(days[x])) if x in days else None
        for y in [x, *mates.get(x, ())]:
            if (sid := story_of.get(y)) is None:
                continue
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
                    words: WordsOf | None = None) -> tuple[list[Story], set[str]]:
    """The stories an update redoes, and the articles they replace the stored stories
    of: every stored story holding one of those is replaced by these.

    `items` hold (at least) every article of `read_buckets(blocks)`, dated as copies
    (`as_copies`); `stored` the stored stories holding one of them or a changed
    article; `days` the dates now of those stories' other members (absent: no longer
    ok). A stored story's members outside the blocks are the same there as before,
    and, since a story is a chain of block clusters, attach to the clusters of the
    redone blocks next to them (which are as they were: their weights did not move).
    `words`, when given, reads the words of the articles it is asked for."""
    corpus = _Corpus(sorted(items, key=lambda a: a.id), words)
    return corpus.stories(blocks, stored, days)


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
    mates = {a.id: keys[a.independence_key] for a in articles}
    blocks = dirty_blocks(set(changed), days, mates, stored) if changed else set()
    if not blocks:
        return [], set()
    while True:
        try:
            return _Corpus(articles, words).stories(blocks, stored, days)
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
    """The articles with what the rule needs, found lazily per article: its window's
    weights, then its pairs, so that an update computes only what it looks at (and,
    with a `words` reader, reads only the words of the buckets it looks at)."""

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
        self.active: set[int | None] = set(self.in_block)
        self.size: Counter = Counter(self.bucket)
        self.df: dict[int | None, Counter] = {}
        self.members: dict[int | None, list[int]] = {}
        for i, (a, b) in enumerate(zip(articles, self.bucket, strict=True)):
            self.df.setdefault(b, Counter()).update(list(a.entities))  # articles, not mentions
            self.members.setdefault(b, []).append(i)
        self.wdf: dict[int | None, Counter] = {}
        self.windows: dict[int | None, tuple[int, Counter, Counter]] = {}
        self.states: dict[int, _State] = {}
        self.postings = _Postings(self.days)
        for i, a in enumerate(articles):
            for e in a.entities:
                self.postings.add(e, i)
        self.postings.sort()
        self.pairs: dict[tuple[int, int], float] = {}
        self.found: dict[int, dict[int, float]] = {}

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
            specific = frozenset(e for e in vector if df[e] <= common)
            self.states[i] = _State(vector, _unit(self.words[i], n, wdf), specific)
        return self.states[i]

    def neighbours(self, i: int) -> dict[int, float]:
        """Article j -> similarity, for the pairs (i, j) the rule weighs: within
        STORY_WINDOW_DAYS (or both undated), sharing an entity neither window finds
        common. Pairs left out count as 0."""
        if i in self.found:
            return self.found[i]
        si = self.state(i)
        near: set[int] = set()
        for e in si.specific:
            near.update(self.postings.near(e, i))
        out = {}
        for j in sorted(j for j in near - {i} if self.block[j] in self.active):
            if not si.specific.isdisjoint(self.state(j).specific):
                key = (i, j) if i < j else (j, i)
                if key not in self.pairs:
                    self.pairs[key] = self._similarity(*key)
                out[j] = self.pairs[key]
        self.found[i] = out
        return out

    def _similarity(self, i: int, j: int) -> float:
        si, sj = self.state(i), self.state(j)
        vx, vy = si.vector, sj.vector
        cosine = sum(vx[e] * vy[e] for e in [e for e in vx if e in vy])
        if si.words and sj.words:
            cosine = (1 - WORDS_SHARE) * cosine + WORDS_SHARE * _cosine(si.words, sj.words)
        return cosine * _closeness(self.days[i], self.days[j])

    def stories(self, blocks: set[int | None], stored: Mapping[str, StoredStory],
                days: Mapping[str, str | None] | None = None) -> tuple[list[Story], set[str]]:
        """The stories of these blocks: each block's articles grouped by average
        linkage, each group chained to its mutual best match in the next block (a
        story is a chain of groups, one a block), and, for the `stored` stories they
        touch, their members outside the blocks chained on to the groups next to them.
        Returns the stories and the articles whose stored stories they replace."""
        self.active = set(blocks)
        days = days or {}
        ids = [a.id for a in self.articles]
        groups: list[list[int]] = []
        group_of: dict[int, int] = {}
        at: list[tuple[bool, int, str]] = []  # where a node starts: its first block, first id
        for k in sorted(blocks, key=lambda k: (k is None, k or 0)):
            for g in self._groups(k):
                group_of.update((i, len(groups)) for i in g)
                groups.append(g)
                at.append((k is None, k or 0, self.articles[g[0]].id))
        nodes = [[ids[i] for i in g] for g in groups]
        labels = [self._label(g) for g in groups]
        linked = UnionFind(len(groups))
        find, union = linked.find, linked.union
        for k in sorted(k for k in blocks if k is not None and k + 1 in blocks):
            for x, y in self._links(k, groups, group_of):
                union(x, y)
        part = {ids[i] for g in groups for i in g}
        dated = sorted(k for k in blocks if k is not None)

        def block_of(m: str) -> int | None:
            i = self.index.get(m)
            return self.block[i] if i is not None else _block(_bucket(days.get(m)))

        touched, need = set(), set()
        for sid, s in sorted(stored.items()):
            present = [m for m in s.members if m in self.index or m in days]
            if len(present) < len(s.members) or any(m in part for m in s.members):
                touched.add(sid)
            else:
                continue
            gaps: dict[int, list[str]] = {}
            for m in present:
                if m not in part and (k := block_of(m)) is not None:
                    gaps.setdefault(bisect_left(dated, k), []).append(m)
            for _, tail in sorted(gaps.items()):
                ks = [block_of(m) for m in tail]
                node = len(nodes)
                nodes.append(sorted(tail))
                labels.append(s.label)
                at.append((False, min(ks), min(m for m, k in zip(tail, ks, strict=True)
                                               if k == min(ks))))
                linked.add()
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
        chains: dict[int, list[int]] = {}
        for n in range(len(nodes)):
            chains.setdefault(find(n), []).append(n)
        stories = []
        for chain in chains.values():
            members = sorted(m for n in chain for m in nodes[n])
            head = min(chain, key=lambda n: at[n])
            when = sorted(d.isoformat() for m in members if (d := iso_day(
                self.articles[self.index[m]].published if m in self.index else days.get(m))))
            digest = hashlib.sha256("\n".join(members).encode()).hexdigest()[:16]
            stories.append(Story("s" + digest[:15], tuple(members), labels[head],
                                 when[0] if when else None, when[-1] if when else None))
        redo = part | {m for sid in touched for m in stored[sid].members}
        return sorted(stories, key=lambda s: (-len(s.articles), s.id)), redo

    def _groups(self, k: int | None) -> list[list[int]]:
        """Block k's articles grouped by average linkage over their pairs in the block."""
        members = self.in_block.get(k, [])
        ids = [a.id for a in self.articles]
        similarity = {(ids[i], ids[j]): v for i in members
                      for j, v in self.neighbours(i).items() if i < j and self.block[j] == k}
        group = _link([self.articles[i] for i in members], similarity)
        out: dict[str, list[int]] = {}
        for i in members:
            out.setdefault(group[ids[i]], []).append(i)
        return list(out.values())

    def _links(self, k: int, groups: list[list[int]], group_of: dict[int, int]
               ) -> list[tuple[int, int]]:
        """Each group of block k with its best match in block k + 1: the highest average
        pair similarity across the two (at least MIN_AVERAGE, with a pair of at least
        MIN_SIMILARITY; ties to the group of the lowest id). Several may chain to one."""
        total: dict[tuple[int, int], float] = {}
        strong = set()
        for i in self.in_block.get(k, []):
            for j, v in self.neighbours(i).items():
                if self.block[j] == k + 1:
                    key = (group_of[i], group_of[j])
                    total[key] = total.get(key, 0.0) + v
                    if v >= MIN_SIMILARITY:
                        strong.add(key)
        first = [self.articles[g[0]].id for g in groups]
        best: dict[int, tuple[float, str, int]] = {}
        for x, y in sorted(strong):
            mean = total[(x, y)] / (len(groups[x]) * len(groups[y]))
            if mean < MIN_AVERAGE:
                continue
            seen = best.get(x)
            if seen is None or mean > seen[0] or (mean == seen[0] and first[y] < seen[1]):
                best[x] = (mean, first[y], y)
        return [(x, y) for x, (_, _, y) in sorted(best.items())]

    def _label(self, group: list[int]) -> tuple[str, ...]:
        """The LABEL_SIZE entities of the group's summed weights, highest first."""
        weight: Counter = Counter()
        for i in group:
            weight.update(self.state(i).vector)
        return tuple(e for e, _ in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))
                     [:LABEL_SIZE])


@dataclass(frozen=True, slots=True)
class _State:
    """An article under its window's weights: unit TF-IDF vectors of its entities and
    words, and the entities its window does not find common (those that weigh a pair)."""

    vector: dict[str, float]
    words: dict[str, float]
    specific: frozenset[str]


def _closeness(x: int | None, y: int | None) -> float:
    """The time factor of a pair published on days x and y: 1 up to FULL_DAYS apart,
    then falling linearly to FAR_WEIGHT at STORY_WINDOW_DAYS; 1 for two undated articles."""
    if x is None or y is None:
        return 1.0
    late = max(0, abs(x - y) - FULL_DAYS) / (STORY_WINDOW_DAYS - FULL_DAYS)
    return 1.0 - (1.0 - FAR_WEIGHT) * late


def _unit(counts: Mapping[str, int], n: int, df: Counter) -> dict[str, float]:
    """Unit TF-IDF vector of these counts, with n articles and document frequencies df."""
    weights = {e: (1 + math.log(c)) * math.log(1 + n / df[e]) for e, c in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {e: w / norm for e, w in weights.items() if w > 0}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Summed in the shorter vector's order; terms absent from `b` (0.0) are skipped,
    which leaves every partial sum, and so the result, as it was."""
    if len(a) > len(b):
        a, b = b, a
    return sum([w * b[e] for e, w in a.items() if e in b])


class _Postings:
    """Per entity, the articles naming it: the dated ones sorted by day, and the undated."""

    def __init__(self, days: list[int | None]) -> None:
        self.days = days
        self.dated: dict[str, list[tuple[int, int]]] = {}
        self.undated: dict[str, list[int]] = {}
        self.keys: dict[str, list[int]] = {}
        self.order: dict[str, list[int]] = {}

    def add(self, entity: str, i: int) -> None:
        day = self.days[i]
        if day is None:
            self.undated.setdefault(entity, []).append(i)
        else:
            self.dated.setdefault(entity, []).append((day, i))

    def sort(self) -> None:
        for entity, pairs in self.dated.items():
            pairs.sort()
            self.keys[entity] = [d for d, _ in pairs]
            self.order[entity] = [i for _, i in pairs]

    def near(self, entity: str, i: int) -> list[int]:
        """The articles naming `entity` that article i may pair with: those within
        STORY_WINDOW_DAYS of it, or, when i is undated, the undated ones."""
        day = self.days[i]
        if day is None:
            return self.undated.get(entity, [])
        keys = self.keys.get(entity, [])
        return self.order[entity][bisect_left(keys, day - STORY_WINDOW_DAYS):
                                  bisect_right(keys, day + STORY_WINDOW_DAYS)] if keys else []


def _link(articles: list[StoryArticle], similarity: dict[tuple[str, str], float]
          ) -> dict[str, str]:
    """Average-linkage grouping: article id -> the id of its group's first article."""
    group = {a.id: a.id for a in articles}
    members: dict[str, list[str]] = {a.id: [a.id] for a in articles}
    by_key: dict[str, str] = {}
    for a in articles:  # copies are one story
        first = by_key.setdefault(a.independence_key, a.id)
        if group[a.id] != group[first]:
            _join(group, members, group[first], group[a.id])

    def sim(x: str, y: str) -> float:
        return similarity.get((x, y) if x < y else (y, x), 0.0)

    tried: dict[tuple[str, str], tuple[int, int]] = {}
    strong = [(-value, pair) for pair, value in similarity.items() if value >= MIN_SIMILARITY]
    for _, (x, y) in sorted(strong):
        gx, gy = sorted((group[x], group[y]))
        if gx == gy:
            continue
        sizes = (len(members[gx]), len(members[gy]))
        if tried.get((gx, gy)) == sizes:
            continue
        total = sum(sim(p, q) for p in members[gx] for q in members[gy])
        if total / (sizes[0] * sizes[1]) < MIN_AVERAGE:
            tried[(gx, gy)] = sizes
            continue
        _join(group, members, gx, gy)
    return group


def _join(group: dict[str, str], members: dict[str, list[str]], a: str, b: str) -> None:
    keep, drop = sorted((a, b))
    for x in members[drop]:
        group[x] = keep
    members[keep] = sorted(members[keep] + members.pop(drop))
