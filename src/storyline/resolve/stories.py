"""Stories: the articles about one developing topic, found from who and what they name.

Two articles are about the same story when they name the same entities,
weighted by how rare each entity is in the store (naming Caldenia's
defence intelligence chief says more than naming the United Nations), and
were published within STORY_WINDOW_DAYS of each other. Copies (one
independence key) are always in one story. Stories are the connected
components of that relation; a story's id hashes its sorted member ids, so
the same articles always give the same story.

Pure and deterministic. Candidate pairs come from an inverted index on
entities, skipping entities named by more than COMMON_SHARE of a large
store, so the work grows with the pairs that share something, not with the
square of the store.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

#: Cosine similarity of weighted entity vectors above which two articles join.
MIN_SIMILARITY = 0.2
#: Articles further apart than this many days are not joined directly.
STORY_WINDOW_DAYS = 45
#: In stores of more than COMMON_MIN_ARTICLES, entities named by more than this
#: share of articles do not propose candidates (they still weigh in the cosine).
COMMON_SHARE = 0.2
COMMON_MIN_ARTICLES = 50
#: Entities named in a story's label.
LABEL_SIZE = 3


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """What story finding needs of one article."""

    id: str
    published: str | None
    independence_key: str
    entities: Mapping[str, int]  # canonical entity id -> mentions in the article


@dataclass(frozen=True, slots=True)
class Story:
    """Articles about one topic; `label` lists its most telling entity ids."""

    id: str
    articles: tuple[str, ...]
    label: tuple[str, ...]
    first: str | None
    last: str | None


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _vectors(articles: list[StoryArticle]) -> tuple[dict[str, dict[str, float]], Counter]:
    df = Counter(e for a in articles for e in a.entities)
    n = len(articles)
    vectors = {}
    for a in articles:
        weights = {e: (1 + math.log(c)) * math.log(1 + n / df[e]) for e, c in a.entities.items()}
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
    days = {a.id: _day(a.published) for a in articles}
    parent = {a.id: a.id for a in articles}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: str, y: str) -> None:
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)

    by_key: dict[str, str] = {}
    for a in articles:  # copies are one story
        if a.independence_key in by_key:
            union(a.id, by_key[a.independence_key])
        else:
            by_key[a.independence_key] = a.id
    common = set()
    if len(articles) > COMMON_MIN_ARTICLES:
        common = {e for e, c in df.items() if c > COMMON_SHARE * len(articles)}
    postings: dict[str, list[str]] = {}
    for a in articles:
        for e in vectors[a.id]:
            if e not in common:
                postings.setdefault(e, []).append(a.id)
    seen: set[tuple[str, str]] = set()
    for ids in postings.values():
        for i, x in enumerate(ids):
            for y in ids[i + 1 :]:
                if (x, y) in seen:
                    continue
                seen.add((x, y))
                dx, dy = days[x], days[y]
                if dx and dy and abs((dx - dy).days) > STORY_WINDOW_DAYS:
                    continue
                if _cosine(vectors[x], vectors[y]) >= MIN_SIMILARITY:
                    union(x, y)
    members: dict[str, list[str]] = {}
    for a in articles:
        members.setdefault(find(a.id), []).append(a.id)
    by_id = {a.id: a for a in articles}
    stories = []
    for ids in members.values():
        weight: Counter = Counter()
        for x in ids:
            weight.update(vectors[x])
        label = tuple(e for e, _ in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))
                      [:LABEL_SIZE])
        dated = sorted(p[:10] for x in ids if (p := by_id[x].published) and _day(p))
        digest = hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:16]
        stories.append(Story("s" + digest[:15], tuple(sorted(ids)), label,
                             dated[0] if dated else None, dated[-1] if dated else None))
    return sorted(stories, key=lambda s: (-len(s.articles), s.id))
