"""Grouping keys kept per item: any two quotes the fact_groups step may group share a kept
key, whichever of the two an update starts from, so a part found through the stored keys
holds every quote a whole regrouping would put with it."""

from __future__ import annotations

from storyline.resolve.quotes import _shingles
from storyline.run.steps.fact_groups import _kept, quote_links


def _found_from(start: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """An update holding `start` looks up each of its shingles among the kept keys."""
    return bool(_shingles(start) & _kept(other))


def test_every_quote_pair_that_may_group_shares_a_kept_key_both_ways():
    words = tuple(f"w{i}" for i in range(45))
    checked = 0
    for n in range(1, len(words) + 1):
        long = words[:n]
        for start in range(n):
            for end in range(start + 1, n + 1):
                short = long[start:end]
                if not list(quote_links([long, short])):
                    continue
                checked += 1
                assert _found_from(long, short), (n, start, end)
                assert _found_from(short, long), (n, start, end)
    assert checked > 5000  # excerpts of 12 words and more, and shorter ones of short quotes


def test_a_quote_keeps_few_keys_when_long_and_all_when_short():
    long = tuple(f"w{i}" for i in range(100))
    assert len(_kept(long)) == 11  # every 9th of its 97 shingles
    short = tuple(f"w{i}" for i in range(19))
    assert _kept(short) == _shingles(short)
    assert _kept(()) == set()
