"""Reading near a place in a text, so that a rule asked once per item stays linear on a
hostile page: how far back to read, and the items (mentions, times) starting near a span.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any


def reach_back(text: str, lo: int, end: int, reach: int) -> int:
    """Where to start reading back from `end`: `lo`, or, when that is more than `reach`
    characters back, just after the first space in the last `reach` characters."""
    if end - lo <= reach:
        return lo
    space = text.find(" ", end - reach, end)
    return end - reach if space < 0 else space + 1


class StartIndex:
    """Items with a `start` offset, found by the span they start in (bisection), in
    their original order: a scan of every item once per question is quadratic."""

    def __init__(self, items: Sequence[Any]) -> None:
        self.items = items
        self.order = sorted(range(len(items)), key=lambda i: items[i].start)
        self.starts = [items[i].start for i in self.order]

    def starting(self, lo: int, hi: int) -> list[Any]:
        """The items that start in [lo, hi), in their original order."""
        a = bisect.bisect_left(self.starts, lo)
        b = bisect.bisect_left(self.starts, hi)
        return [self.items[i] for i in sorted(self.order[a:b])]
