"""Stories from the entities articles name and their dates."""

from __future__ import annotations

import math

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
    undated = [_a("a1", None, "varel", "kadeny"), _a("a2", "2031-09-10", "varel", "kadeny"),
               _a("a3", None, "varel", "kadeny")]  # undated articles pair among themselves
    assert _sets(find_stories(undated)) == {frozenset({"a1", "a3"}), frozenset({"a2"})}


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


def test_one_specific_name_joins_two_articles_in_a_sparse_week_and_in_a_dense_one():
    """The bounds are shares of the window, so the rule holds as the news gets denser:
    beside the beat's names, which every article of the weeks names (common, so they
    join nothing), one specific name shared a day apart is a story with 10 other
    articles in the weeks and with 300."""
    from datetime import date, timedelta

    pair = [StoryArticle("x1", "2031-06-16", "x1", {"varel": 2, "party": 2, "leader": 2}),
            StoryArticle("x2", "2031-06-17", "x2", {"varel": 1, "party": 2, "leader": 1})]
    for others in (10, 300):
        beat = [StoryArticle(f"f{k:03d}", (date(2031, 6, 9) + timedelta(days=k % 20)).isoformat(),
                             f"f{k:03d}", {"party": 1, "leader": 1, f"own{k}": 1})
                for k in range(others)]
        stories = find_stories(pair + beat)
        assert frozenset({"x1", "x2"}) in _sets(stories), others
        assert len(stories) == others + 1, others  # the beat's names alone join nothing


def test_a_pair_weighs_less_the_further_apart_it_was_published():
    from storyline.resolve import stories as st

    def similarity(day: str) -> float:
        items = [_a("y1", "2031-06-16", "varel", "kadeny"), _a("y2", day, "varel", "kadeny")]
        return _pairs(items)[("y1", "y2")]

    whole = similarity("2031-06-16")
    assert similarity("2031-06-17") == whole  # up to FULL_DAYS apart
    late = (4 - st.FULL_DAYS) / (st.STORY_WINDOW_DAYS - st.FULL_DAYS)
    assert abs(similarity("2031-06-20") - whole * (1 - (1 - st.FAR_WEIGHT) * late)) < 1e-12
    assert abs(similarity("2031-06-23") - whole * st.FAR_WEIGHT) < 1e-12
    assert _pairs([_a("y1", "2031-06-16", "varel"), _a("y2", "2031-06-24", "varel")]) == {}


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
    # The Comey announcement and its first sequels, two days of coverage, are one story
    # (the 07-07 NYT piece joined them only while "Star of David" was merged into David
    # Petraeus, a wrong merge the entities no longer make).
    assert len({story["politico_2016-07-05_criminal-charges-against-clinton"],
                story["politico_2016-07-06_lewandowski-fbi-director-acted-a"],
                story["west-journal_2016-07-06_lynch-closes-the-door-on-clinton"]}) == 1
    assert story["breitbart_2016-07-13_trump-demands-ginsburg-resign-fo"] == \
        story["usa-today_2016-07-15_ginsburg-apologizes-for-trump-co"]
    assert story["wash-post_2016-07-03_trump-tweet-that-blasts-clinton-"] not in fbi
    alone = [n for n, g in REAL.items() if g == "-"]
    assert all(sum(1 for x in story.values() if x == story[n]) == 1 for n in alone)


def _reference_similarities(articles: list[StoryArticle]) -> dict[tuple[str, str], float]:
    """The rule of find_stories written as plainly as possible: every pair looked at,
    each article weighed within its window (its week bucket and the buckets either
    side; the undated articles among themselves)."""

    from storyline.analyse.article_facts import iso_day
    from storyline.resolve import stories as st

    articles = sorted(articles, key=lambda a: a.id)

    def bucket(a):
        d = iso_day(a.published)
        return d.toordinal() // st.BUCKET_DAYS if d else None

    def weigh(a):
        window = [b for b in articles if (bucket(b) is None) == (bucket(a) is None) and (
            bucket(a) is None or abs(bucket(b) - bucket(a)) <= st.WINDOW_BUCKETS)]
        n = len(window)

        def unit(of):
            df = {t: sum(t in of(b) for b in window) for t in of(a)}
            w = {t: (1 + math.log(c)) * math.log(1 + n / df[t]) for t, c in of(a).items()}
            norm = math.sqrt(sum(v * v for v in w.values())) or 1.0
            return {t: v / norm for t, v in w.items() if v > 0}, df

        vector, df = unit(lambda b: b.entities)
        common = {e for e in vector if df[e] > max(st.MIN_COMMON, st.COMMON_SHARE * n)}
        return vector, unit(lambda b: b.words)[0], common

    weighed = {a.id: weigh(a) for a in articles}
    out = {}
    for i, a in enumerate(articles):
        for b in articles[i + 1:]:
            (va, wa, ca), (vb, wb, cb) = weighed[a.id], weighed[b.id]
            shared = [e for e in va if e in vb]
            da, db = iso_day(a.published), iso_day(b.published)
            if ((da is None) != (db is None) or not any(e not in ca | cb for e in shared)
                    or (da and db and abs((da - db).days) > st.STORY_WINDOW_DAYS)):
                continue
            cosine = sum(va[e] * vb[e] for e in shared)
            if wa and wb:
                w = sum(wa[t] * wb.get(t, 0.0) for t in wa) if len(wa) <= len(wb) else \
                    sum(wb[t] * wa.get(t, 0.0) for t in wb)
                cosine = (1 - st.WORDS_SHARE) * cosine + st.WORDS_SHARE * w
            gap = abs((da - db).days) if da and db else 0
            if gap > st.FULL_DAYS:  # falls linearly to FAR_WEIGHT at STORY_WINDOW_DAYS
                cosine *= 1.0 - (1.0 - st.FAR_WEIGHT) * (gap - st.FULL_DAYS) / (
                    st.STORY_WINDOW_DAYS - st.FULL_DAYS)
            out[(a.id, b.id)] = cosine
    assert all(not math.isnan(v) for v in out.values())
    return out


def _random_store(seed: int, size: int, days: int = 28, topics: int = 0
                  ) -> list[StoryArticle]:
    """Articles naming a few of 30 entities (and one named by two thirds), with words,
    spread over `days` days from 2031-06-01 (one in 17 undated). With `topics`, the
    entities of each `topics` days are others (news moves on)."""
    import random
    from datetime import date, timedelta

    rng = random.Random(seed)
    pool = [f"e{k}" for k in range(30)]
    vocabulary = [f"w{k}" for k in range(60)]
    items = []
    for k in range(size):
        named = {"everyone": 1} if k % 3 else {}  # common: named by two thirds
        offset = rng.randrange(days)
        day = None if k % 17 == 0 else (date(2031, 6, 1) + timedelta(days=offset)).isoformat()
        for e in rng.sample(pool[: 6 + k % 24], rng.randint(0, 5)):
            named[f"{e}-{offset // topics}" if topics and day else e] = rng.randint(1, 4)
        said = {w: rng.randint(1, 3) for w in rng.sample(vocabulary, rng.randint(0, 12))}
        items.append(StoryArticle(f"a{k:03d}", day, f"a{k:03d}", named, said))
    return items


def test_the_pairs_weighed_are_exactly_those_the_rule_allows_in_a_large_store():
    """Candidate pairs come from postings; they must be the pairs (and the very
    similarities, time factor included) of the rule itself: a common entity (named by
    more than COMMON_SHARE of a window) proposes nothing, the window holds."""
    from storyline.resolve import stories as st

    items = _random_store(7, 260)
    want = _reference_similarities(items)
    assert sum("everyone" in a.entities for a in items) > st.COMMON_SHARE * len(items)
    _assert_same(_pairs(items), want)
    assert len(want) > 50 and any(v >= st.MIN_SIMILARITY for v in want.values())
    small = items[:40]  # small windows: the same rule
    _assert_same(_pairs(small), _reference_similarities(small))


def _assert_same(got: dict[tuple[str, str], float], want: dict[tuple[str, str], float]
                 ) -> None:
    """The same pairs, with the same similarities up to the order of a sum's terms (the
    matrices sum in entity order, the reference in the article's)."""
    assert got.keys() == want.keys() and want
    assert all(math.isclose(got[k], want[k], rel_tol=1e-12, abs_tol=1e-15) for k in want)


def _pairs(items: list[StoryArticle]) -> dict[tuple[str, str], float]:
    from storyline.resolve import stories as st

    ordered = sorted(items, key=lambda a: a.id)
    return {(ordered[i].id, ordered[j].id): v for (i, j), v in st._Corpus(ordered).pairs()
            .items()}


def _stored(stories) -> dict:
    from storyline.resolve.stories import StoredStory

    return {s.id: StoredStory(s.first, s.last, s.articles) for s in stories}


def _updated(stored: dict, items: list[StoryArticle], changed: set[str]) -> set:
    """The stories after an update: those redone, and the stored ones it leaves."""
    from storyline.resolve.stories import find_stories_near

    stories, redo = find_stories_near(items, changed, stored)
    assert all(set(s.articles) <= redo for s in stories)
    kept = {sid for sid, s in stored.items() if not set(s.members) & redo}
    return {(s.id, s.articles) for s in stories} | {(sid, stored[sid].members) for sid in kept}


def test_an_update_redoes_only_the_stories_near_the_changes_and_equals_a_rebuild():
    """New, dropped, re-dated and renamed articles: redoing the stories around them
    gives exactly the stories of a whole rebuild, and leaves far weeks alone."""
    from dataclasses import replace

    from storyline.resolve.stories import find_stories_near

    base = _random_store(11, 400, days=120, topics=10)
    stored = _stored(find_stories(base))
    extra = _random_store(12, 30, days=120, topics=10)
    updates = [
        (base + [replace(a, id="n" + a.id, independence_key="n" + a.id) for a in extra[:3]],
         {"n" + a.id for a in extra[:3]}),
        ([a for a in base if a.id != "a005"], {"a005"}),
        ([replace(a, published="2031-09-20") if a.id == "a010" else a for a in base],
         {"a010"}),
        ([replace(a, entities={**a.entities, "e3": 3}) if a.id in ("a020", "a021") else a
          for a in base], {"a020", "a021"}),
        ([replace(a, independence_key="a001") if a.id == "a200" else a for a in base],
         {"a200"}),
    ]
    for n, (items, changed) in enumerate(updates):
        want = {(s.id, s.articles) for s in find_stories(items)}
        assert _updated(stored, items, changed) == want, n
        stories, redo = find_stories_near(items, changed, stored)
        assert len(redo) < len(items) / 2, n  # the other weeks are left as they were
        read: list[str] = []
        said = {a.id: a.words for a in items}

        def words(ids: list[str], read=read, said=said) -> dict:
            read.extend(ids)
            return {x: said[x] for x in ids}

        bare = [replace(a, words={}) for a in items]  # words read by window, as the step does
        assert find_stories_near(bare, changed, stored, words) == (stories, redo)
        assert len(read) == len(set(read)) < len(items)
    assert find_stories_near(base, set(), stored) == ([], set())


def test_a_story_is_a_chain_across_weeks_and_an_update_redoes_the_links_next_to_it():
    """Stories are found week by week and chained across week ends: a development of a
    Sunday and a Monday is one story. A new Sunday article that matches Monday's chains
    to it too (each week's group chains to its best match in the next; several may chain
    to one); new articles of the week before that make the Sunday's name common there
    cut the chain. Each update, redoing
    the weeks whose weights moved and the links to the weeks either side, finds what a
    whole pass finds."""
    from datetime import date, timedelta

    from storyline.resolve import stories as st

    sunday = date(2031, 6, 1)
    while sunday.toordinal() % (st.BUCKET_DAYS * st.BLOCK_BUCKETS) != 6:  # a block's last day
        sunday += timedelta(days=1)
    monday = (sunday + timedelta(days=1)).isoformat()
    base = [_a("x1", sunday.isoformat(), "varel", "pelmora"),
            _a("z1", monday, "varel", "solen", "brandt"),
            _a("q1", (sunday - timedelta(days=9)).isoformat(), "ostrev", "penn")]
    stored = _stored(find_stories(base))
    assert frozenset({"x1", "z1"}) in _sets(find_stories(base))
    better = [*base, _a("n1", sunday.isoformat(), "solen", "brandt", "ostrev")]
    busy = [*base, *[_a(f"v{k:02d}", (sunday - timedelta(days=8 + k % 3)).isoformat(),
                        "varel", f"own{k}") for k in range(12)]]
    for items, changed, sets in (
            (better, {"n1"}, {("n1", "x1", "z1"), ("q1",)}),
            (busy, {a.id for a in busy[3:]}, {("x1",), ("z1",)})):
        want = {(s.id, s.articles) for s in find_stories(items)}
        assert sets <= {a for _, a in want}
        assert _updated(stored, items, changed) == want


def test_an_update_redoes_the_weeks_before_when_two_chains_met_in_its_first_week():
    """Two developments chain into one story when both chain to one group the week
    after. When an update cuts that link, the weeks before its first week are not
    all one story any more, and which of the week's groups each earlier article
    chains to is not in the stored stories: the update redoes that week too."""
    from datetime import date, timedelta

    from storyline.resolve import stories as st

    start = date(2031, 6, 1)
    while start.toordinal() % (st.BUCKET_DAYS * st.BLOCK_BUCKETS) != 0:  # a block's first day
        start += timedelta(days=1)

    def day(n: int) -> str:
        return (start + timedelta(days=n)).isoformat()

    base = [_a("a0", day(6), "alpha"), _a("b0", day(6), "beta"),
            _a("a1", day(10), "alpha", "kappa"), _a("b1", day(10), "beta", "lambda"),
            _a("c2", day(14), "kappa", "lambda")]
    assert _sets(find_stories(base)) == {frozenset({"a0", "b0", "a1", "b1", "c2"})}
    stored = _stored(find_stories(base))
    busy = base + [_a(f"v{k:02d}", day(22 + k % 5), "kappa", "lambda", f"own{k}")
                   for k in range(12)]
    want = {(s.id, s.articles) for s in find_stories(busy)}
    assert {("a0", "a1"), ("b0", "b1"), ("c2",)} <= {a for _, a in want}
    assert _updated(stored, busy, {a.id for a in busy[5:]}) == want
