"""Canonical entities on real news: PolNeAR articles read from ../shared, resolved together.

The pairs are those of bench/labels/entity_pairs.tsv that a careless resolver
gets wrong, and forms of the later rounds' half-A articles; bench_merges.py scores
all of them (and the 56 labelled articles) on both halves.
"""

from __future__ import annotations

import re

import pytest
from conftest import shared_path

from storyline.analyse.nlp import analyse_texts
from storyline.resolve.entities import Entity, resolve_entities

ARTICLES = [
    "breitbart_2016-10-02_washington-post-hit-piece-exploi",  # the Post = Washington Post
    "breitbart_2016-09-12_stealth-over-health-hillary-clin",  # the Post = New York Post
    "huff-post_2016-07-28_charleston-church-shooting-survi",  # Felicia Sanders
    "breitbart_2016-07-25_dnc-issues-deep-and-sincere-apol",  # Bernie Sanders, DNC
    "breitbart_2016-07-26_cash-for-opponent-pours-in-as-fl",  # Committee and Convention
    "nyt_2016-07-07_in-criticizing-clinton-hints-tha",  # F.B.I.
    "breitbart_2016-07-05_paul-ryan-fbi-decision-not-to-in",  # FBI, "Republican"
    "nyt_2016-06-09_ryan-calls-trump-line-racist-but",  # G.O.P., Jeb Bush, Republicans
    "huff-post_2016-06-08_chuck-grassley-compares-trump-s-",  # GOP, Senate Judiciary Cttee
    "politico_2016-07-11_republicans-ask-doj-to-investiga",  # House Judiciary Committee
    "wash-post_2016-07-13_after-review-clinton-s-emails-mi",  # State
    "huff-post_2016-07-31_clinton-says-russians-hacked-dnc",  # U.S. State Department
    "politico_2016-07-06_lewandowski-fbi-director-acted-a",  # George W. Bush
    "usa-today_2016-08-22_call-the-gop-s-bluff-on-merrick-",  # Senate Judiciary Committee
    "huff-post_2016-07-18_more-offensive-things-donald-tru",  # Vicente Fox
    "usa-today_2016-09-23_trump-questions-the-fairness-of-",  # "Trump told Fox"
    "breitbart_2016-07-12_gop-rep-mccaul-announces-bill-re",  # Fox News Channel
    "huff-post_2016-08-17_the-unhappy-campaign-of-paul-man",  # WASHINGTON dateline
    "west-journal_2016-07-14_donald-trump-stuns-lgbt-communit",  # "Trump" beside Ivanka Trump
    "wash-post_2016-06-27_byline-amber-phillips",  # a bare Supreme Court and Senate
    "breitbart_2016-07-13_trump-demands-ginsburg-resign-fo",  # "Senate Majority Leader"
    "west-journal_2016-07-06_lynch-closes-the-door-on-clinton",  # House committees in full
    "nyt_2016-07-31_sisterhood-of-the-skateboard",  # New York Police Department, Carla Cruz
]


@pytest.fixture(scope="module")
def corpus() -> tuple[dict[str, str], list[Entity]]:
    root = shared_path("data", "polnear")
    texts = {}
    for name in ARTICLES:
        path = next(root.glob(f"*/text/{name}.txt"))
        text = path.read_text(encoding="utf-8")
        cut = text.find("\n")
        texts[name] = " " * cut + text[cut:]  # the headline is the title, not body text
    analyses = analyse_texts(texts.values())
    return texts, resolve_entities(zip(texts, analyses, strict=True))


def _entity(corpus, article: str, surface: str) -> Entity:
    """The entity of the first mention of `surface` (a whole word) after the headline."""
    texts, entities = corpus
    text = texts[article]
    m = re.compile(r"(?<![\w.])" + re.escape(surface) + r"(?![\w-])").search(
        text, len(text) - len(text.lstrip(" ")))
    assert m, surface
    found = [e for e in entities for x in e.mentions
             if x.article == article and x.start < m.end() and m.start() < x.end]
    assert found, f"{surface!r} is no mention in {article}"
    return found[0]


@pytest.mark.parametrize("a, sa, b, sb", [
    ("breitbart_2016-10-02_washington-post-hit-piece-exploi", "Post",
     "breitbart_2016-09-12_stealth-over-health-hillary-clin", "Post"),
    ("huff-post_2016-07-28_charleston-church-shooting-survi", "Sanders",
     "breitbart_2016-07-25_dnc-issues-deep-and-sincere-apol", "Sanders"),
    ("breitbart_2016-07-26_cash-for-opponent-pours-in-as-fl", "Democratic National Convention",
     "breitbart_2016-07-26_cash-for-opponent-pours-in-as-fl", "Democratic National Committee"),
    ("breitbart_2016-07-05_paul-ryan-fbi-decision-not-to-in", "Republican",
     "nyt_2016-06-09_ryan-calls-trump-line-racist-but", "Jeb Bush"),
    ("huff-post_2016-06-08_chuck-grassley-compares-trump-s-", "Judiciary Committee",
     "politico_2016-07-11_republicans-ask-doj-to-investiga", "Judiciary Committee"),
    ("nyt_2016-06-09_ryan-calls-trump-line-racist-but", "Jeb Bush",
     "politico_2016-07-06_lewandowski-fbi-director-acted-a", "George W. Bush"),
    ("huff-post_2016-07-31_clinton-says-russians-hacked-dnc", "told Fox",
     "huff-post_2016-07-18_more-offensive-things-donald-tru", "Vicente Fox"),
    ("usa-today_2016-09-23_trump-questions-the-fairness-of-", "told Fox",
     "huff-post_2016-07-18_more-offensive-things-donald-tru", "Vicente Fox"),
    ("west-journal_2016-07-14_donald-trump-stuns-lgbt-communit", "Trump",
     "west-journal_2016-07-14_donald-trump-stuns-lgbt-communit", "Ivanka Trump"),
    ("huff-post_2016-07-31_clinton-says-russians-hacked-dnc", "White House",
     "politico_2016-07-11_republicans-ask-doj-to-investiga", "House"),
    ("nyt_2016-07-31_sisterhood-of-the-skateboard", "Cruz",
     "nyt_2016-06-09_ryan-calls-trump-line-racist-but", "Ted Cruz"),
    ("huff-post_2016-06-08_chuck-grassley-compares-trump-s-", "Judiciary Committee",
     "west-journal_2016-07-06_lynch-closes-the-door-on-clinton", "House Judiciary Committee"),
])
def test_different_entities_stay_apart(corpus, a, sa, b, sb):
    """"Judiciary Committee" shortens both the House's and the Senate's in this corpus: the
    short form joins the one its article names in full, or the one of its article's other
    committees' chamber, never another article's short form by itself."""
    assert _entity(corpus, a, sa).id != _entity(corpus, b, sb).id


@pytest.mark.parametrize("a, sa, b, sb", [
    ("nyt_2016-07-07_in-criticizing-clinton-hints-tha", "F.B.I.",
     "breitbart_2016-07-05_paul-ryan-fbi-decision-not-to-in", "FBI"),
    ("nyt_2016-06-09_ryan-calls-trump-line-racist-but", "G.O.P.",
     "huff-post_2016-06-08_chuck-grassley-compares-trump-s-", "GOP"),
    ("politico_2016-07-11_republicans-ask-doj-to-investiga", "Republicans",
     "huff-post_2016-06-08_chuck-grassley-compares-trump-s-", "GOP"),
    ("politico_2016-07-11_republicans-ask-doj-to-investiga", "Democrats",
     "breitbart_2016-07-25_dnc-issues-deep-and-sincere-apol", "Democratic Party"),
    ("wash-post_2016-07-13_after-review-clinton-s-emails-mi", "State Department",
     "huff-post_2016-07-31_clinton-says-russians-hacked-dnc", "U.S. State Department"),
    ("breitbart_2016-07-25_dnc-issues-deep-and-sincere-apol", "DNC",
     "breitbart_2016-07-26_cash-for-opponent-pours-in-as-fl", "Democratic National Committee"),
    ("huff-post_2016-07-31_clinton-says-russians-hacked-dnc", "told Fox",
     "breitbart_2016-07-12_gop-rep-mccaul-announces-bill-re", "Fox News Channel"),
    ("politico_2016-07-11_republicans-ask-doj-to-investiga", "House",
     "breitbart_2016-07-05_paul-ryan-fbi-decision-not-to-in", "U.S. House"),
    ("huff-post_2016-07-31_clinton-says-russians-hacked-dnc", "WASHINGTON",
     "politico_2016-07-11_republicans-ask-doj-to-investiga", "District of Columbia"),
    ("huff-post_2016-08-17_the-unhappy-campaign-of-paul-man", "WASHINGTON",
     "politico_2016-07-11_republicans-ask-doj-to-investiga", "Washington"),
    ("west-journal_2016-07-14_donald-trump-stuns-lgbt-communit", "Trump",
     "west-journal_2016-07-14_donald-trump-stuns-lgbt-communit", "Donald Trump"),
    ("wash-post_2016-06-27_byline-amber-phillips", "Supreme Court",
     "breitbart_2016-10-02_washington-post-hit-piece-exploi", "U.S. Supreme Court"),
    ("breitbart_2016-07-13_trump-demands-ginsburg-resign-fo", "Senate",
     "wash-post_2016-06-27_byline-amber-phillips", "Senate"),
    ("nyt_2016-07-31_sisterhood-of-the-skateboard", "New York Police Department",
     "breitbart_2016-09-12_stealth-over-health-hillary-clin", "NYPD"),
    ("politico_2016-07-11_republicans-ask-doj-to-investiga", "Judiciary Committee",
     "west-journal_2016-07-06_lynch-closes-the-door-on-clinton", "House Judiciary Committee"),
])
def test_forms_of_one_entity_join(corpus, a, sa, b, sb):
    """"Fox" beside "Fox News" in its article is the network, however the model types it;
    a bare "House" is the U.S. House (it shortens no other name here: "White House" is a
    name of its own); a dateline and "the District of Columbia" are the city; a bare
    "Trump" that its article's context cannot place between Donald and Ivanka Trump is the
    one the corpus calls "Trump"; a bare "Senate" or "Supreme Court" is the nation's when
    its article names no state's; an acronym is the one name of the corpus with its
    initials; "Judiciary Committee" beside the "Oversight Committee" of the House is the
    House's."""
    assert _entity(corpus, a, sa).id == _entity(corpus, b, sb).id


def test_types_follow_the_evidence_not_the_model(corpus):
    assert _entity(corpus, "nyt_2016-07-07_in-criticizing-clinton-hints-tha", "F.B.I.").type == \
        "org"  # the model tags the dotted form as a place
    party = _entity(corpus, "breitbart_2016-07-05_paul-ryan-fbi-decision-not-to-in",
                    "Republican")
    assert party.name == "Republican Party" and party.type == "org"
    _, entities = corpus
    assert not [e.name for e in entities if e.type == "person" and re.search(
        r"\b(?:Republican|Democrat|Says|House|Campaign)\b", e.name)]
