"""Site notes: paragraphs one fictional outlet (The Harbor Ledger) repeats across its articles
are found, and their numbers become skipped numbers ("site note") instead of claims."""

from __future__ import annotations

from functools import lru_cache

import pytest

from storyline.analyse.claims import extract_numbers
from storyline.analyse.nlp import analyse_texts
from storyline.resolve.site_notes import (
    SitePage,
    normalise,
    page,
    set_aside,
    site_key,
    site_notes,
)

PITCH = ("Join the 48,000 readers who get The Harbor Ledger\u2019s morning briefing in their "
         "inbox \u2014 it is free.")
ABOUT = "The Harbor Ledger is an independent newsroom covering the 14 towns of the Calder coast."

FERRY = [
    "CALDER BAY \u2014 Ferry crews on the Calder coast walked off the job on Monday, stranding "
    "about 3,000 commuters, the Calder Ferry Union said.",
    "The union wants a 6 percent raise for its 420 members.",
    "Operators said the strike would cost them about $90,000 a day in lost fares.",
    "Talks are to resume at the harbor master's office later in the week, both sides said.",
]
MARKET = [
    "The Saltmarsh fish market reopened on Tuesday after a fire closed it for 11 days.",
    "Vendors said they lost more than $200,000 in sales, according to the market's board.",
    "Fire inspectors have not said what started the blaze in the smokehouse at the back.",
    "Stalls selling oysters and crab were the first to open, to long lines of customers.",
]
BRIDGE = [
    "The Orrin Bridge will close for repairs for the whole of August, the county said.",
    "Engineers found 37 cracked bolts during an inspection last spring.",
    "Drivers will be sent along the coast road, which adds about 20 minutes to the trip.",
    "The county has promised that the bridge will reopen before the school year begins.",
]
COUNCIL = [
    "The Calder town council approved a budget of $18.5 million on Wednesday.",
    "Councillor Mara Quill voted against it, saying the harbor fund was cut by 9 percent.",
    "The mayor said the cut would be made up by a grant from the regional government.",
    "The budget also pays for new lights along the promenade and a second lifeguard post.",
]
LIBRARY = [
    "The Calder public library will open on Sundays from September, its director said.",
    "The library lends about 5,000 books a month and has 2 branches on the coast.",
    "Volunteers will staff the Sunday hours until the county hires two more librarians.",
]


def _text(body: list[str], *notes: str) -> str:
    return "\n".join([*body, *notes])


def pages() -> list[SitePage]:
    """Four Harbor Ledger articles on four stories, three of them closing with its notes
    (one with straight quote marks and doubled spaces); one article of another outlet."""
    site = site_key("https://www.harborledger.example/2031/06/ferry-strike", None)
    plain_pitch = PITCH.replace("\u2019", "'").replace(" who ", "  who ")
    return [
        page(site, "ferry", _text(FERRY, PITCH, ABOUT)),
        page(site, "market", _text(MARKET, ABOUT, plain_pitch)),
        page(site, "bridge", _text(BRIDGE, PITCH)),
        page(site, "council", _text(COUNCIL, ABOUT)),
        page("caldercourier.example", "courier", _text(FERRY[:1], PITCH)),
    ]


def test_site_key_prefers_the_host_of_the_url():
    assert site_key("https://www.harborledger.example/a/b", "Harbor Ledger") == (
        "harborledger.example")
    assert site_key(None, "  The Harbor  Ledger ") == "the harbor ledger"
    assert site_key("", None) == ""


def test_paragraphs_repeated_in_three_articles_of_one_site_are_notes():
    found = site_notes(pages())
    texts = {p.article_id: "\n".join(t for _, _, t in p.paragraphs) for p in pages()}
    said = {a: [texts[a][n.start : n.end] for n in notes] for a, notes in found.items()}
    assert set(said) == {"ferry", "market", "bridge", "council"}
    assert said["ferry"] == [PITCH, ABOUT]
    assert said["bridge"] == [PITCH]
    assert said["council"] == [ABOUT]
    assert normalise(said["market"][1]) == normalise(PITCH)  # quote marks and spaces folded
    assert {n.n_articles for notes in found.values() for n in notes} == {3}
    assert len({n.key for n in found["ferry"] + found["market"]}) == 2
    # another outlet's copy of the pitch is not the Ledger's, and not a note of its own
    assert "courier" not in found


def test_twice_is_not_a_note_and_numbers_are_part_of_the_note():
    site = pages()[0].site
    changed = PITCH.replace("48,000", "49,000")
    some = pages()[:2] + [page(site, "bridge", _text(BRIDGE, changed))]
    assert site_notes(some) == {}  # ABOUT twice; the third pitch has another figure
    assert site_notes(some, min_articles=2).keys() == {"ferry", "market"}


def test_updates_of_one_story_are_reporting_not_notes():
    site = "harborledger.example"
    extra = ["Talks with the ferry operators are set to resume on Thursday."]
    updates = [page(site, f"ferry-{i}", _text(FERRY + extra[: min(i, 1)] + [
        f"Update {i}: the strike has now lasted {i + 2} days."])) for i in range(3)]
    assert site_notes(updates) == {}  # most of each update is repeated: versions of a story
    # the updates beside the site's notes: the story stays reporting, and the pitch an
    # update also carries is a note there too
    with_pitch = [page(site, u.article_id, "\n".join([t for _, _, t in u.paragraphs] + [PITCH]))
                  for u in updates]
    library = page(site, "library", _text(LIBRARY, PITCH))
    found = site_notes([*with_pitch, *pages()[1:4], library])
    for u in with_pitch:
        notes = found[u.article_id]
        assert [u.paragraphs[-1][:2]] == [(n.start, n.end) for n in notes], u.article_id


def test_order_of_pages_does_not_matter_and_ids_must_be_unique():
    assert site_notes(pages()) == site_notes(list(reversed(pages())))
    with pytest.raises(ValueError, match="ferry"):
        site_notes([*pages(), pages()[0]])


@lru_cache(maxsize=1)
def _analysed():
    ps = pages()[:4]
    texts = [_text(FERRY, PITCH, ABOUT), _text(MARKET, ABOUT, PITCH), _text(BRIDGE, PITCH),
             _text(COUNCIL, ABOUT)]
    return ps, texts, tuple(analyse_texts(texts))


def test_numbers_in_notes_are_skipped_as_site_notes_and_the_rest_stay_claims():
    ps, texts, analyses = _analysed()
    found = site_notes(page(p.site, p.article_id, t) for p, t in zip(ps, texts, strict=True))
    for p, text, analysis in zip(ps, texts, analyses, strict=True):
        claims, skipped = extract_numbers(analysis)
        before = {text[c.number_start : c.number_end] for c in claims}
        assert {"48,000", "14"} & before, (p.article_id, before)  # claims before notes apply
        kept, out = set_aside(text, claims, skipped, found[p.article_id])
        kept_numbers = {text[c.number_start : c.number_end] for c in kept}
        assert not {"48,000", "14"} & kept_numbers, (p.article_id, kept_numbers)
        notes = {k.text for k in out if k.reason == "site note"}
        assert notes == ({"48,000", "14"} & before), (p.article_id, notes)
        # nothing lost: every number is still a claim or a skipped number
        assert len(kept) + len(out) == len(claims) + len(skipped)
        assert [k.start for k in out] == sorted(k.start for k in out)
        story = {"ferry": "3,000", "market": "200,000", "bridge": "37", "council": "18.5"}
        assert any(story[p.article_id] in n for n in kept_numbers), kept_numbers
