"""One quote reported by many outlets becomes one QuoteGroup.

Outlets trim, split and re-punctuate a quote, so quotes are compared on their
normalised words: the same words, or one quote's words inside the other's
with a high share of them, from the same or a compatible speaker (the same
canonical entity, or one side unknown). A group counts its sources by the
articles' independence keys, so copies of one wire story count once.
Pure and order-independent: items are sorted before grouping, ids are
content hashes.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from storyline.analyse.quotes import KIND_DIRECT, KIND_INDIRECT, KIND_PARTIAL, Quote

#: The shorter quote must hold at least this share of the longer one's words ...
MIN_SHARE = 0.6
#: ... unless it has at least this many words (a long excerpt of a longer quote).
MIN_EXCERPT_WORDS = 12
_SHINGLE = 4
_KIND_RANK = {KIND_DIRECT: 0, KIND_PARTIAL: 1, KIND_INDIRECT: 2}

QuoteItem = tuple[str, Quote, "str | None", str]  # (article id, quote, speaker id, independence)


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """The same quote across articles.

    - id: sha256 of the speaker id and the normalised fullest text, hex [:16].
    - text: the fullest form (most words; ties to the first article id).
    - kind: the strongest kind reported (direct > partial > indirect).
    - speaker: canonical entity id of the speaker (the most frequent), or None.
    - speaker_name: the most frequent speaker name given, or None.
    - verb, medium: the most frequent verb lemma and medium (medium may be None).
    - mentions: (article id, start, end) of every report, sorted.
    - n_sources: the number of distinct independence keys among the reports.
    """

    id: str
    text: str
    kind: str
    speaker: str | None
    speaker_name: str | None
    verb: str
    medium: str | None
    mentions: tuple[tuple[str, int, int], ...]
    n_sources: int


def normalise(text: str) -> tuple[str, ...]:
    """Casefolded word tokens: punctuation, quote marks and spacing do not count."""
    return tuple(re.findall(r"\w+", text.casefold().replace("\u2019", "'")))


def _contains(long: tuple[str, ...], short: tuple[str, ...]) -> bool:
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def same_quote(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Equal words, or the shorter inside the longer with a high share of its words."""
    if a == b:
        return bool(a)
    long, short = (a, b) if len(a) >= len(b) else (b, a)
    if not short or not _contains(long, short):
        return False
    return len(short) >= MIN_SHARE * len(long) or len(short) >= MIN_EXCERPT_WORDS


def _shingles(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    if len(words) <= _SHINGLE:
        return {words}
    return {words[i : i + _SHINGLE] for i in range(len(words) - _SHINGLE + 1)}


class _Draft:
    def __init__(self, words: tuple[str, ...], speaker: str | None) -> None:
        self.words = words
        self.speaker = speaker
        self.items: list[QuoteItem] = []


def _most(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


_PRONOUNS = frozenset("he she they it we i you him her them".split())


def _speaker_name(quote: Quote) -> str | None:
    """The speaker's full name, else the source as written ("one diplomat"), never a
    bare unresolved pronoun."""
    if quote.speaker_name:
        return quote.speaker_name
    text = (quote.speaker_text or "").strip()
    return text if text and text.casefold() not in _PRONOUNS else None


def _build(draft: _Draft) -> QuoteGroup:
    items = sorted(draft.items, key=lambda it: (it[0], it[1].start, it[1].end))
    fullest = min(items, key=lambda it: (-len(normalise(it[1].text)), it[0], it[1].start))
    speaker = _most(it[2] for it in items)
    words = " ".join(normalise(fullest[1].text))
    digest = hashlib.sha256(f"{speaker or ''}\x1f{words}".encode()).hexdigest()[:16]
    return QuoteGroup(
        id=digest,
        text=fullest[1].text,
        kind=min((it[1].kind for it in items), key=lambda k: _KIND_RANK.get(k, 3)),
        speaker=speaker,
        speaker_name=_most(_speaker_name(it[1]) for it in items),
        verb=_most(it[1].verb for it in items) or fullest[1].verb,
        medium=_most(it[1].medium for it in items),
        mentions=tuple((it[0], it[1].start, it[1].end) for it in items),
        n_sources=len({it[3] for it in items}),
    )


def group_quotes(items: Iterable[QuoteItem]) -> list[QuoteGroup]:
    """Group (article id, quote, speaker entity id, independence key) items into QuoteGroups.

    Longer quotes are placed first, so a trimmed excerpt joins the group of
    the full quote; candidates are found through shared 4-word shingles.
    Groups are ordered by sources (most first), then by id.
    """
    ordered = sorted(items, key=lambda it: (-len(normalise(it[1].text)), it[0], it[1].start,
                                            it[1].end, it[2] or ""))
    drafts: list[_Draft] = []
    index: dict[tuple[str, ...], list[int]] = {}
    for item in ordered:
        words = normalise(item[1].text)
        if not words:
            continue
        candidates = sorted({d for sh in _shingles(words) for d in index.get(sh, ())})
        target = None
        for d in candidates:
            draft = drafts[d]
            compatible = draft.speaker is None or item[2] is None or draft.speaker == item[2]
            if compatible and same_quote(draft.words, words):
                target = d
                break
        if target is None:
            drafts.append(_Draft(words, item[2]))
            target = len(drafts) - 1
            for sh in _shingles(words):
                index.setdefault(sh, []).append(target)
        draft = drafts[target]
        draft.items.append(item)
        if draft.speaker is None and item[2] is not None:
            draft.speaker = item[2]
    groups = [_build(d) for d in drafts]
    return sorted(groups, key=lambda g: (-g.n_sources, g.id))


__all__ = ["QuoteGroup", "group_quotes", "normalise", "same_quote"]
