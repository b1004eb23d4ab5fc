"""Stories: the articles about one developing topic, found from who and what they name.

Two articles are about the same development when they name the same specific
entities, weighted by how rare each entity is in the store (naming Caldenia's
defence intelligence chief says more than naming the United Nations), use
the same words in their titles and leads (what happened: "skip", "acceptance
speech", "founded"; entities alone miss it), and were published within
STORY_WINDOW_DAYS of each other. The similarity of a pair is the mean of the
two cosines (WORDS_SHARE for the words), or the entities' alone when an
article has no words. In a store of more than COMMON_MIN_ARTICLES articles a
pair must also share at least MIN_SHARED_SPECIFIC entities that few articles
name: the one or two names every article of a beat shares never join two
articles alone (words only weigh pairs that pass). Copies (one independence
key) are always in one story.

Stories are grown by average linkage, strongest pairs first: two groups of
articles join only when their articles are similar on average (at least
MIN_AVERAGE), not through one pair, so a story does not chain from one event
to the next through a shared name. A story's id hashes its sorted member ids,
so the same articles always give the same story.

Pure and deterministic. Candidate pairs come from an inverted index on
entities, skipping entities named by more than COMMON_SHARE of a large
store, so the work grows with the pairs that share something, not with the
square of the store.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from storyline.analyse.article_facts import iso_day

#: Version of what find_stories makes from its inputs (the stories step's version).
VERSION = "3"
#: Similarity (entity and word cosines combined) from which a pair of articles is joined.
MIN_SIMILARITY = 0.15
#: Two groups join only when their articles' average pair similarity reaches this.
MIN_AVERAGE = 0.08
#: Weight of the title-and-lead word cosine in a pair's similarity (the rest: entities).
WORDS_SHARE = 0.5
#: Content words of the body read after the title: the lead says what happened.
LEAD_WORDS = 100
#: Characters of the body that always hold LEAD_WORDS content words.
LEAD_CHARS = 3000
#: Articles further apart than this many days are not joined directly.
STORY_WINDOW_DAYS = 7
#: In stores of more than COMMON_MIN_ARTICLES, entities named by more than this
#: share of articles do not propose candidates (they still weigh in the cosine) ...
COMMON_SHARE = 0.2
COMMON_MIN_ARTICLES = 50
#: ... and a pair must share this many entities named by at most SPECIFIC_SHARE of them.
MIN_SHARED_SPECIFIC = 2
SPECIFIC_SHARE = 0.2
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


def _vectors(articles: list[StoryArticle], of=lambda a: a.entities
             ) -> tuple[dict[str, dict[str, float]], Counter]:
    """Unit TF-IDF vectors of each article's `of` counts, and the document frequencies."""
    df = Counter(e for a in articles for e in of(a))
    n = len(articles)
    vectors = {}
    for a in articles:
        weights = {e: (1 + math.log(c)) * math.log(1 + n / df[e]) for e, c in of(a).items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors[a.id] = {e: w / norm for e, w in weights.items() if w > 0}
    return vectors, df


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(e, 0.0) for e, w in a.items())


def find_stories(items: Iterable[StoryArticle]) -> list[Story]:
    """Stories over the articles, largest first (then by id)."""
    articles = sorted(items, key=lambda a: a.id)
    if not articles:
        return []
    vectors, df = _vectors(articles)
    words, _ = _vectors(articles, lambda a: a.words)
    days = {a.id: iso_day(a.published) for a in articles}
    large = len(articles) > COMMON_MIN_ARTICLES
    common = {e for e, c in df.items() if c > COMMON_SHARE * len(articles)} if large else set()
    specific = max(2.0, SPECIFIC_SHARE * len(articles))
    postings: dict[str, list[str]] = {}
    for a in articles:
        for e in vectors[a.id]:
            if e not in common:
                postings.setdefault(e, []).append(a.id)
    similarity: dict[tuple[str, str], float] = {}
    for ids in postings.values():
        for i, x in enumerate(ids):
            for y in ids[i + 1 :]:
                if (x, y) in similarity:
                    continue
                dx, dy = days[x], days[y]
                shared = [e for e in vectors[x] if e in vectors[y]]
                if (dx and dy and abs((dx - dy).days) > STORY_WINDOW_DAYS) or (
                        large and sum(df[e] <= specific for e in shared) < MIN_SHARED_SPECIFIC):
                    similarity[(x, y)] = 0.0
                    continue
                cosine = sum(vectors[x][e] * vectors[y][e] for e in shared)
                if words[x] and words[y]:
                    cosine = ((1 - WORDS_SHARE) * cosine
                              + WORDS_SHARE * _cosine(words[x], words[y]))
                similarity[(x, y)] = cosine
    return _stories(articles, vectors, _link(articles, similarity))


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
    for (x, y), value in sorted(similarity.items(), key=lambda kv: (-kv[1], kv[0])):
        if value < MIN_SIMILARITY:
            break
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
