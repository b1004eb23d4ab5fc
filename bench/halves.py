"""The fixed development / held-out split used by the extraction benchmarks.

Every labelled set is split in two by the SHA-256 of each item's name: items
sorted by that hash, the first half (rounded up) is half A, the rest half B.
Rules are developed looking at half A only; half B is reported beside it as
the figure for pages the rules were not tuned on. The split depends only on
the names, so it never changes when the code does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def _key(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()


def half_a(names: Iterable[str]) -> set[str]:
    """The development half of `names` (the other names are the held-out half B)."""
    ordered = sorted(set(names), key=_key)
    return set(ordered[: (len(ordered) + 1) // 2])


def halves(names: Iterable[str]) -> dict[str, str]:
    """'A' or 'B' for every name."""
    names = list(names)
    dev = half_a(names)
    return {name: "A" if name in dev else "B" for name in names}
