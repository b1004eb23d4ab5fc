"""Claim groups across real articles (PolNeAR, 2016 election coverage): figures are grouped
by subject, measure and poll, conflicts need the same time, and every verdict says why."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from conftest import shared_path

from storyline.analyse.article_facts import article_facts, timex_start
from storyline.analyse.nlp import analyse_texts
from storyline.resolve.claims import ClaimItem, group_claims

#: Four outlets' articles on the end of the 2016 Democratic primaries (June 4-7), and
#: two on late-September polls (a Washington Post-ABC News poll, a Reuters/Ipsos poll).
ARTICLES = {
    "polnear/train/text/breitbart_2016-06-04_delegate-update-the-latest-count.txt": "2016-06-04",
    "polnear/train/text/wash-post_2016-06-06_clinton-wins-puerto-rico-amid-ca.txt": "2016-06-06",
    "polnear/train/text/west-journal_2016-06-06_breaking-latest-primary-has-big-.txt":
        "2016-06-06",
    "polnear/train/text/usa-today_2016-06-07_political-conventions-race-to-cl.txt": "2016-06-07",
    "polnear/dev/text/politico_2016-09-25_poll-clinton-and-trump-in-dead-h.txt": "2016-09-25",
    "polnear/dev/text/west-journal_2016-09-30_new-poll-shows-minor-post-debate.txt":
        "2016-09-30",
}


@lru_cache(maxsize=1)
def _groups():
    texts = {p: shared_path("data", *p.split("/")).read_text(encoding="utf-8") for p in ARTICLES}
    items = []
    for path, analysis in zip(ARTICLES, analyse_texts(texts[p] for p in ARTICLES), strict=True):
        facts = article_facts(analysis, dt.date.fromisoformat(ARTICLES[path]))
        for c in facts.claims:  # each article its own source; no canonical ids: names compared
            items.append(ClaimItem(path, c, None, path,
                                   timex_start(c.as_of_value) or ARTICLES[path]))
    return texts, group_claims(items)


def _said(texts, g) -> list[str]:
    return [texts[c.article_id][c.start : c.end] for c in g.claims]


def test_the_delegates_needed_to_win_agree_across_outlets():
    texts, groups = _groups()
    with_it = [g for g in groups if any(c.value == 2383 for c in g.claims)]
    needed = [g for g in with_it if {c.value for c in g.claims} == {2383}
              and len({c.article_id for c in g.claims}) >= 2]
    assert len(needed) == 1, [(g.agreement, _said(texts, g)) for g in with_it]
    g = needed[0]
    assert (g.agreement, g.counted_key) == ("agree", "needed delegate")
    assert g.reason.startswith("matched:") and "value" in g.reason
    # "Clinton needs 67 delegates to reach the 2,383": a different figure, never a conflict
    assert all(g.agreement != "conflict" for g in with_it)


def test_different_polls_never_conflict():
    texts, groups = _groups()
    assert not [g for g in groups if g.agreement == "conflict"], [
        (g.reason, _said(texts, g)) for g in groups if g.agreement == "conflict"]
    johnson = [g for g in groups if g.unit == "%" and g.subject and "Johnson" in g.subject]
    assert johnson and all(len({c.article_id for c in g.claims}) == 1 for g in johnson), [
        _said(texts, g) for g in johnson]  # 5% (Post-ABC) and 3% (Reuters/Ipsos) stay apart


def test_every_claim_is_in_one_group_and_every_verdict_has_its_reason():
    texts, groups = _groups()
    seen = [(c.article_id, c.start, c.end) for g in groups for c in g.claims]
    assert len(seen) == len(set(seen))
    for g in groups:
        assert g.agreement in {"single", "agree", "series", "conflict", "unsure"}
        assert g.reason, g
        if g.agreement in {"agree", "series", "conflict", "unsure"}:
            assert re.match(r"matched: ", g.reason), g.reason
        if g.agreement in {"series", "conflict"}:
            assert "differed:" in g.reason
        for c in g.claims:
            sentence = texts[c.article_id][c.sentence_start : c.sentence_end]
            assert texts[c.article_id][c.start : c.end] in sentence


def test_pairs_scanned_with_arrays_give_what_the_listed_pairs_give():
    # claims drawn at random (seeded): few sources, values, bounds and dates, so that
    # overlaps, clashes, same-date spreads and later figures all occur; the row-by-row
    # scan a large group uses answers exactly as the pairs listed one by one
    import random

    from storyline.resolve.claims import GroupedClaim, _listed_facts, _scanned_facts

    rng = random.Random(11)
    seen = {"clash": 0, "later": 0, "spread": 0, "disjoint": 0}
    for _ in range(300):
        claims = []
        for n in range(rng.randint(2, 40)):
            value = rng.choice([100.0, 102.0, 150.0, 175.0, 4500.0, 7000.0, 0.0, -3.0])
            low = rng.choice([None, value, value - 10])
            high = rng.choice([None, value, value + 10])
            as_of = rng.choice([None, "", "2031-06-01", "2031-06-02", "2031-07-01"])
            claims.append(GroupedClaim(f"a{n}", n, n + 1, value, low, high,
                                       rng.choice([None, "about", "at least"]), None, None,
                                       f"k{rng.randint(1, 6)}", as_of,
                                       time_stated=rng.random() < 0.5))
        listed, scanned = _listed_facts(claims), _scanned_facts(claims)
        assert listed == scanned
        seen["clash"] += listed.clash is not None
        seen["later"] += listed.later is not None
        seen["spread"] += bool(listed.spread)
        seen["disjoint"] += not listed.all_overlap
    assert min(seen.values()) > 20, seen


def test_a_figure_is_shown_as_a_reader_writes_it():
    """The listing, the report and its Markdown show 11,700,000, never 1.17e+07."""
    from storyline.resolve.claims import format_value

    shown = {v: format_value(v) for v in (11_700_000.0, 2e6, 6.5, 1234.5678, 0.00012, -3.25)}
    assert shown == {11_700_000.0: "11,700,000", 2e6: "2,000,000", 6.5: "6.5",
                     1234.5678: "1,234.57", 0.00012: "0.00012", -3.25: "-3.25"}
    for text in shown.values():
        assert "e+" not in text and "e-" not in text


def test_figures_naming_no_subject_stay_apart_across_unrelated_reports():
    """"Three people" hurt in a market fire and "Twelve people" in a bus crash name no
    subject and share no name: two reports of different things, never one group (such
    groups gathered a dozen unrelated articles). The same particular figure still meets."""
    pages = {
        "fire": "Three people were hurt on Tuesday when a fire swept through a covered "
                "market in the old town, officials said. The market needs 2,140 square "
                "meters of new roofing.",
        "crash": "Twelve people were hurt on Thursday when a bus left the road near a "
                 "school, the police said. The depot needs 2,140 square meters of new "
                 "roofing, a surveyor said.",
    }
    items = []
    for key, analysis in zip(pages, analyse_texts(pages.values()), strict=True):
        for c in article_facts(analysis, dt.date(2031, 5, 6)).claims:
            items.append(ClaimItem(key, c, None, key, "2031-05-06"))
    groups = group_claims(items)
    people = [g for g in groups if g.counted_key == "people"]
    assert len(people) == 2 and all(len(g.claims) == 1 for g in people), [
        (g.agreement, [c.value for c in g.claims]) for g in people]
    roofing = [g for g in groups if any(c.value == 2140 for c in g.claims)]
    assert len(roofing) == 1 and len(roofing[0].claims) == 2, roofing
