"""The analysis runs each distinct line once and keeps recent lines' results packed
(issue 16): an article whose lines come from the cache must get exactly the
analysis a fresh run gives it, offsets shifted to where each line sits.

The texts are fictional (people, places, outlets), written for these tests.
"""

from __future__ import annotations

import pytest

from storyline.analyse import nlp

ORIGINAL = """Harbour council in Tessaly approves the new ferry line
The council of Tessaly voted on Tuesday to open a ferry line to Mirrow Island.
Mayor Ilse Varga said the first boats would sail in May. "It is a good day," she said.
The Brennick Shipping Company will run the line for five years."""

#: A syndicated copy: a new headline, a wire dateline, one edited line, the rest verbatim.
COPY = """Tessaly to get ferry service to Mirrow Island
PORTHAVEN (Coastal Press) — The council of Tessaly voted on Tuesday to open a ferry line.
Mayor Ilse Varga said the first boats would sail in May. "It is a good day," she said.
The Brennick Shipping Company will run the line for five years."""


def _fresh(texts: list[str], pipeline) -> list:
    """Analyses with nothing cached before or kept after."""
    nlp._caches.pop(pipeline, None)
    try:
        return list(nlp.analyse_texts(texts, nlp=pipeline))
    finally:
        nlp._caches.pop(pipeline, None)


@pytest.fixture(scope="module")
def pipeline():
    return nlp.load_pipeline()


def test_cached_lines_give_the_fresh_analysis(pipeline) -> None:
    alone = _fresh([ORIGINAL], pipeline) + _fresh([COPY], pipeline)
    nlp._caches.pop(pipeline, None)
    first = list(nlp.analyse_texts([ORIGINAL], nlp=pipeline))
    cached = nlp._caches[pipeline]
    assert "The Brennick Shipping Company will run the line for five years." in cached
    second = list(nlp.analyse_texts([COPY], nlp=pipeline))  # two of its lines from the cache
    assert first + second == alone
    copy = second[0]
    names = {COPY[m.start:m.end] for m in copy.mentions}
    assert {"Ilse Varga", "Brennick Shipping Company"} <= names
    assert all(COPY[s.start:s.end].strip() for s in copy.sentences)


def test_a_cache_smaller_than_a_chunk_changes_nothing(pipeline, monkeypatch) -> None:
    texts = [ORIGINAL, COPY, ORIGINAL.replace("Tuesday", "Wednesday"), COPY]
    expected = _fresh(texts, pipeline)
    monkeypatch.setattr(nlp, "CACHE_LINES", 2)
    monkeypatch.setattr(nlp, "CHUNK_TEXTS", 1)  # every text after the first meets the cache
    nlp._caches.pop(pipeline, None)
    try:
        got = list(nlp.analyse_texts(texts, nlp=pipeline))
        assert len(nlp._caches[pipeline]) <= 2
    finally:
        nlp._caches.pop(pipeline, None)
    assert got == expected
