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
and word's document frequency, the common bound) are counted in
its window, its week bucket (BUCKET_DAYS) and WINDOW_BUCKETS buckets either
side; undated articles are a window of their own and pair only among
themselves. So a new article moves the weights of its own weeks only, and an
update finds again only the stories around it (find_stories_near), with the
result of a whole rebuild.

Stories are grown by average linkage, strongest pairs first: two groups of
articles join only when their articles are similar on average (at least
MIN_AVERAGE), not through one pair, so a story does not chain from one event
to the next through a shared name. A story's id hashes its sorted member ids,
so the same articles always give the same story.

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
from dataclasses import dataclass, field

from storyline.analyse.article_facts import iso_day

#: Version of what find_stories makes from its inputs (the stories step's version).
VERSION = "5"
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
    articles = sorted(items, key=lambda a: a.id)
    stories, _ = _Corpus(articles).stories([a.id for a in articles], {})
    return stories


def find_stories_near(items: Iterable[StoryArticle], changed: Iterable[str],
                      stored: Mapping[str, StoredStory], words: WordsOf | None = None
                      ) -> tuple[list[Story], set[str]]:
    """The stories an update must redo, and the articles they cover (with the changed
    articles no longer among `items`): every stored story holding one of those is
    replaced by these; the other stored stories are what find_stories gives them.

    `changed` are the articles added, dropped or whose inputs changed since `stored`
    (stored story id -> its first and last day and members) was found by this rule.
    An article's weights hang on its window only, so the articles whose weights moved
    are those within WINDOW_BUCKETS buckets of a bucket that changed: the buckets of
    the changed articles now, and those their stored stories span (where they were).
    From them the redo grows through strong pairs, copies and stored stories to a
    closed part; average linkage over a closed part alone gives what it gives over
    the whole store.

    `words`, when given, reads the words of the articles it is asked for (the items'
    own are then not used): only the windows looked at are read."""
    articles = sorted(items, key=lambda a: a.id)
    corpus = _Corpus(articles, words)
    changed = set(changed)
    story_of = {a: sid for sid, s in stored.items() for a in s.members}
    dirty: set[int | None] = set()
    for x in changed:
        if (i := corpus.index.get(x)) is not None:
            dirty.add(corpus.bucket[i])
        if (sid := story_of.get(x)) is not None:
            first, last = (_bucket(stored[sid].first), _bucket(stored[sid].last))
            dirty.add(None)  # the article may have been undated
            if first is not None and last is not None:
                dirty.update(range(first, last + 1))
    near = {b + k if b is not None else None for b in dirty
            for k in range(-WINDOW_BUCKETS, WINDOW_BUCKETS + 1)}
    seeds = [a.id for i, a in enumerate(articles)
             if corpus.bucket[i] in near or a.id in changed]
    corpus.read_words({b + k if b is not None else None for b in near if b in corpus.members
                       for k in range(-WINDOW_BUCKETS, WINDOW_BUCKETS + 1)})
    gone = {x for x in changed if x not in corpus.index}
    for x in gone:  # what shared a stored story with a dropped article
        if (sid := story_of.get(x)) is not None:
            seeds += [a for a in stored[sid].members if a in corpus.index]
    members = {sid: [a for a in s.members if a in corpus.index] for sid, s in stored.items()}
    stories, redo = corpus.stories(seeds, {a: members[sid] for a, sid in story_of.items()
                                           if a in corpus.index})
    return stories, redo | gone


@dataclass(frozen=True, slots=True)
class StoredStory:
    """What an update needs of a stored story: its span and its members."""

    first: str | None
    last: str | None
    members: tuple[str, ...]


def _bucket(published: str | None) -> int | None:
    """The bucket (of BUCKET_DAYS days) of a date; None when undated."""
    day = iso_day(published)
    return day.toordinal() // BUCKET_DAYS if day else None


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
        self.by_key: dict[str, list[int]] = {}
        for i, a in enumerate(articles):
            self.by_key.setdefault(a.independence_key, []).append(i)
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
        for j in sorted(near - {i}):
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

    def stories(self, seeds: Iterable[str], stored: Mapping[str, list[str]]
                ) -> tuple[list[Story], set[str]]:
        """The stories of the closed part around `seeds`: the articles reached through
        strong pairs, copies (one independence key) and `stored` stories (article ->
        the members of its stored story), and the ids of that part."""
        ids = [a.id for a in self.articles]
        seen = {self.index[x] for x in seeds}
        queue = sorted(seen)
        while queue:
            i = queue.pop()
            reach = [j for j, v in self.neighbours(i).items() if v >= MIN_SIMILARITY]
            reach += self.by_key[self.articles[i].independence_key]
            reach += [self.index[x] for x in stored.get(ids[i], ())]
            for j in reach:
                if j not in seen:
                    seen.add(j)
                    queue.append(j)
        part = sorted(seen)
        similarity = {(ids[i], ids[j]): v for i in part for j, v in self.neighbours(i).items()
                      if i < j and j in seen}
        members = [self.articles[i] for i in part]
        vectors = {ids[i]: self.state(i).vector for i in part}
        return _stories(members, vectors, _link(members, similarity)), {ids[i] for i in part}


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


def _stories(articles: list[StoryArticle], vectors: dict[str, dict[str, float]],
             group: dict[str, str]) -> list[Story]:
    members: dict[str, list[str]] = {}
    for a in articles:
        members.setdefault(group[a.id], []).append(a.id)
    by_id = {a.id: a for a in articles}
    stories = []
    for ids in members.values():
        weight: Counter = Counter()
        for x in ids:
            weight.update(vectors[x])
        label = tuple(e for e, _ in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))
                      [:LABEL_SIZE])
        dated = sorted(p[:10] for x in ids if (p := by_id[x].published) and iso_day(p))
        digest = hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:16]
        stories.append(Story("s" + digest[:15], tuple(sorted(ids)), label,
                             dated[0] if dated else None, dated[-1] if dated else None))
    return sorted(stories, key=lambda s: (-len(s.articles), s.id))
