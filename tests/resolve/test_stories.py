"""Stories from the entities articles name and their dates."""

from __future__ import annotations

from storyline.resolve.stories import StoryArticle, find_stories


def _a(id_: str, day: str | None, *entities: str, key: str | None = None) -> StoryArticle:
    return StoryArticle(id_, day, key or id_, {e: 2 for e in entities})


def _sets(stories) -> set[frozenset[str]]:
    return {frozenset(s.articles) for s in stories}


def test_articles_naming_the_same_entities_are_one_story_and_others_apart():
    items = [
        _a("a1", "2031-06-12", "varel", "kadeny", "pelmora", "crates"),
        _a("a2", "2031-06-16", "varel", "kadeny", "pelmora", "solen"),
        _a("a3", "2031-06-19", "varel", "pelmora", "crates", "varga"),
        _a("b1", "2031-06-14", "port-ellis", "harbor-union", "brandt"),
        _a("b2", "2031-06-15", "port-ellis", "harbor-union", "bennett"),
        _a("c1", "2031-06-15", "un"),
    ]
    stories = find_stories(items)
    assert _sets(stories) == {frozenset({"a1", "a2", "a3"}), frozenset({"b1", "b2"}),
                              frozenset({"c1"})}
    assert [len(s.articles) for s in stories] == [3, 2, 1]  # largest first
    assert stories[0].first == "2031-06-12" and stories[0].last == "2031-06-19"
    assert set(stories[0].label) <= {"varel", "kadeny", "pelmora", "crates", "solen", "varga"}
    assert find_stories(list(reversed(items))) == stories  # order does not matter


def test_the_same_names_months_apart_are_different_stories():
    items = [_a("a1", "2031-01-10", "varel", "kadeny"), _a("a2", "2031-09-10", "varel", "kadeny")]
    assert _sets(find_stories(items)) == {frozenset({"a1"}), frozenset({"a2"})}
    undated = [_a("a1", None, "varel", "kadeny"), _a("a2", "2031-09-10", "varel", "kadeny")]
    assert _sets(find_stories(undated)) == {frozenset({"a1", "a2"})}


def test_copies_are_one_story_even_with_nothing_named():
    items = [_a("w", "2031-06-16", key="g1"), _a("c", "2032-06-17", key="g1"),
             _a("x", "2031-06-16")]
    assert _sets(find_stories(items)) == {frozenset({"w", "c"}), frozenset({"x"})}
    assert find_stories([]) == []
