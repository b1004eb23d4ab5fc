"""Union-find over item indices, shared by every step that joins items into parts.

The root of a part is always its smallest index, so the parts (and whatever is named
after their first member) do not depend on the order of the unions.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable


class UnionFind:
    """Parts of the indices 0..n-1, joined by `union` (path halving in `find`)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def add(self) -> int:
        """One more index, in a part of its own."""
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def union_by_keys(self, keys: Iterable[Iterable[Hashable]]) -> None:
        """Join item i (the i-th key list) with every earlier item sharing a key."""
        first: dict[Hashable, int] = {}
        for i, item_keys in enumerate(keys):
            for key in item_keys:
                j = first.setdefault(key, i)
                if j != i:
                    self.union(i, j)
