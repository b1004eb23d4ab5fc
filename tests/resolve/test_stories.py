"""Stories from the entities articles name and their dates."""

from __future__ import annotations

from storyline.resolve.stories import StoryArticle, find_stories, lead_words


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


def test_the_words_of_title_and_lead_tell_two_developments_with_the_same_names_apart():
    visit = ["varel", "kadeny", "pelmora", "crates", "rail"]
    other = ["varel", "kadeny", "solen", "border", "summit", "envoy"]
    arrives = lead_words("Varel arrives in Pelmora for two-day state visit",
                         "Ostrevian President Tomas Varel arrived in Pelmora on Tuesday for a "
                         "two-day state visit, his first in 24 years.")
    greets = lead_words("Kadeny greets Varel as state visit begins",
                        "Veskarian leader Orsa Kadeny greeted President Varel at the start of "
                        "a two-day state visit.")
    recalls = lead_words("Sennland recalls envoy over border rail traffic",
                         "Sennland recalled its envoy after rail traffic on the border doubled.")
    assert arrives["visit"] == 2 and "the" not in arrives and "24" not in arrives

    def story(words_a, words_b) -> set[frozenset[str]]:
        return _sets(find_stories([
            StoryArticle("a", "2031-06-16", "a", {e: 1 for e in visit}, words_a),
            StoryArticle("b", "2031-06-17", "b", {e: 1 for e in other}, words_b),
            _a("c", "2031-06-16", "un", "varel")]))

    together = {frozenset({"a", "b"}), frozenset({"c"})}
    assert story(arrives, greets) == together
    assert story(arrives, recalls) == {frozenset({"a"}), frozenset({"b"}), frozenset({"c"})}
    assert story({}, {}) == together  # no words: the entities alone decide


# Real news: PolNeAR articles from two weeks of July 2016 (../shared), with the stories read
# from them in bench/labels/stories.tsv; bench_stories.py scores 357 such articles.
REAL = {
    "breitbart_2016-07-05_paul-ryan-fbi-decision-not-to-in": "fbi",
    "politico_2016-07-05_criminal-charges-against-clinton": "fbi",
    "politico_2016-07-06_lewandowski-fbi-director-acted-a": "fbi",
    "west-journal_2016-07-06_lynch-closes-the-door-on-clinton": "fbi",
    "nyt_2016-07-07_in-criticizing-clinton-hints-tha": "fbi",
    "usa-today_2016-07-07_with-clinton-fbi-s-bad-rep-grows": "fbi",
    "politico_2016-07-11_republicans-ask-doj-to-investiga": "fbi",
    "breitbart_2016-07-12_gop-rep-mccaul-announces-bill-re": "fbi",
    "wash-post_2016-07-13_after-review-clinton-s-emails-mi": "fbi",
    "wash-post_2016-07-03_trump-tweet-that-blasts-clinton-": "tweet",
    "breitbart_2016-07-05_ryan-anti-semitic-images-have-no": "tweet",
    "breitbart_2016-07-13_trump-demands-ginsburg-resign-fo": "ginsburg",
    "usa-today_2016-07-15_ginsburg-apologizes-for-trump-co": "ginsburg",
    "nyt_2016-07-05_a-rush-for-books-on-trump": "-",
    "politico_2016-07-05_report-walker-to-speak-at-republ": "-",
    "politico_2016-07-06_atlantic-city-officials-welcome-": "-",
    "wash-post_2016-07-06_understated-perez-raises-politic": "-",
    "politico_2016-07-08_clinton-unleashes-democratic-dre": "-",
    "breitbart_2016-07-10_ok-gov-fallin-trump-is-trying-to": "-",
    "nyt_2016-07-11_from-failed-hopefuls-bold-ideas-": "-",
    "wash-post_2016-07-13_eric-trump-s-not-so-sure-father-": "-",
}


def test_real_news_stories_do_not_chain_through_shared_names():
    import re as _re

    from conftest import shared_path

    from storyline.analyse.nlp import analyse_texts
    from storyline.resolve.entities import resolve_entities

    root = shared_path("data", "polnear")
    texts, titles = {}, {}
    for name in REAL:
        text = next(root.glob(f"*/text/{name}.txt")).read_text(encoding="utf-8")
        cut = text.find("\n")
        texts[name] = " " * cut + text[cut:]  # the headline is the title
        titles[name] = text[:cut]
    entities = resolve_entities(zip(texts, analyse_texts(texts.values()), strict=True))
    counts: dict[str, dict[str, int]] = {name: {} for name in REAL}
    for e in entities:
        for m in e.mentions:
            counts[m.article][e.id] = counts[m.article].get(e.id, 0) + 1
    items = [StoryArticle(n, _re.search(r"_(\d{4}-\d\d-\d\d)_", n).group(1), n, counts[n],
                          lead_words(titles[n], texts[n])) for n in REAL]
    story = {a: s.id for s in find_stories(items) for a in s.articles}
    fbi = [story[n] for n, g in REAL.items() if g == "fbi"]
    assert max(fbi.count(s) for s in fbi) >= 4  # the Comey announcement and its sequels
    assert story["breitbart_2016-07-13_trump-demands-ginsburg-resign-fo"] == \
        story["usa-today_2016-07-15_ginsburg-apologizes-for-trump-co"]
    assert story["wash-post_2016-07-03_trump-tweet-that-blasts-clinton-"] not in fbi
    alone = [n for n, g in REAL.items() if g == "-"]
    assert all(sum(1 for x in story.values() if x == story[n]) == 1 for n in alone)
