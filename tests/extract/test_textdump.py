"""Text-dump cleaning: every article paragraph kept, every piece of furniture dropped.

Each fixture under fixtures/textdumps is a fictional page flattened the way a
real site's dump looks. Its expectation lists the title, dek, dates and every
junk line (by prefix) with its reason; the body is then everything else, so
a paragraph lost or a junk line kept both fail the exact comparison.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import shared_path

from storyline.extract.textdump import extract_textdump
from storyline.records import DateEvidence, Extraction

FIXTURES = Path(__file__).parents[1] / "fixtures" / "textdumps"

CASES: dict[str, dict] = {
    "trending_share_newsletter": {
        "title": "Korvane port strike ends after 11 days as dockworkers accept pay offer",
        "dek": "The deal raises wages by 9 percent over two years and restores night-shift "
               "bonuses.",
        "author": "Jane Roe",
        "dates": [("dump:date", "2031-06-03")],
        "junk": [
            ("Trending Now", "related-list"),
            ("- Heatwave", "related-list"),
            ("- Ferry operator", "related-list"),
            ("- Inside the city", "related-list"),
            ("By Jane Roe |", "byline"),
            ("Share this article", "share-prompt"),
            ("Facebook Twitter Email", "share-prompt"),
            ("Photo: Jane Roe/", "image-credit"),
            ("Advertisement", "advertisement"),
            ("Read more:", "related-link"),
            ("Follow us on", "share-prompt"),
            ("Sign up for our", "subscribe-prompt"),
            ("Most Popular", "related-list"),
            ("1. Council", "related-list"),
            ("2. What the", "related-list"),
            ("3. Restaurant", "related-list"),
        ],
        "short_body": ["Work resumed within hours."],
    },
    "caption_bio_copyright": {
        "title": "Opposition wins Tiravel mayoral race in upset",
        "dek": None,
        "section": "Politics",
        # the published stamp comes first although the dump shows "Updated" first
        "dates": [("dump:date", "2031-06-08"), ("dump:date", "2031-06-08")],
        "first_date_raw": "Published",
        "junk": [
            ("Politics", "section-label"),
            ("Updated 11:42", "date-line"),
            ("Published 10:15", "date-line"),
            ("Mayor-elect Adela Voss speaks", "image-caption"),
            ("Marta Selin is a political correspondent", "author-bio"),
            ("© 2031", "copyright"),
        ],
        "short_body": ["Ruzik conceded on Monday morning."],
    },
    "comments_counters": {
        "title": "Ostrevia launches weather satellite from Zarech after two delays",
        "dek": None,
        "author": "MP",  # the wire credited in the dateline
        "section": "Science",
        "dates": [],
        "junk": [
            ("Home › Science", "breadcrumb"),
            ("1.2k views", "counter"),
            ("5 min read", "counter"),
            ("42 comments", "counter"),
            ("Like (312)", "counter"),
            ("Comments", "comments"),
            ("Roland K.:", "comments"),
            ("Ines_M:", "comments"),
            ("Pietro:", "comments"),
        ],
    },
    "clean_no_junk": {
        "title": "Veskaria and Ostrevia sign rail freight agreement",
        "dek": "The deal doubles the number of freight trains allowed to cross the border "
               "each week.",
        "author": "Meridian Press",
        "dates": [("dateline", "2031-06-20")],
        "junk": [],
        "short_body": ["The agreement still needs to be approved by both countries' parliaments."],
    },
    "all_junk": {
        "title": None,
        "dek": None,
        "dates": [],
        "junk": [
            ("Home > World", "breadcrumb"),
            ("Sign in", "navigation"),
            ("Subscribe", "subscribe-prompt"),
            ("Most Read", "related-list"),
            ("- Harbor regatta", "related-list"),
            ("- Tram line", "related-list"),
            ("- What the rate", "related-list"),
            ("Trending Now", "related-list"),
            ("- Ferry strike", "related-list"),
            ("- Late frost", "related-list"),
            ("Follow us on", "share-prompt"),
            ("© 2031", "copyright"),
        ],
    },
    "wire_inset_related": {
        "title": "Sennland to hold snap election in September",
        "dek": None,
        "author": "MP",
        "site": "Sennhaven Daily Post",
        "section": "World",
        "tags": ("Sennland", "Hedda Lunde", "elections"),
        "dates": [("dump:date", "2031-07-02")],
        "junk": [
            ("You are here:", "breadcrumb"),
            ("Sennland to hold snap election in September -", "duplicate-title"),
            ("Views: 1,204", "counter"),
            ("Date: 2031-07-02", "date-line"),
            ("Related", "related-list"),
            ("Budget vote fails", "related-list"),
            ("Who is Hedda Lunde?", "related-list"),
            ("Story continues below", "advertisement"),
            ("Tags:", "tag-list"),
            ("Have a news tip?", "tip-line"),
            ("Recommended for you", "related-list"),
            # sentence-shaped items still go: they sit under a header after the article
            ("These are the ten best beaches", "related-list"),
            ("A new bakery chain", "related-list"),
        ],
        # short lines between long paragraphs, one right after the inset list
        "short_body": ["The vote was close.",
                       "The election will be Sennland's third in five years."],
    },
    "short_paragraphs_posted_by": {
        # no paragraph reaches the "long" mark: sentence-shaped lines anchor the body
        "title": "Ostrevia bans fireworks ahead of national day",
        "dek": None,
        "author": "Lena Ostrow",
        "dates": [("dump:date", "2031-06-30")],
        "junk": [
            ("Menu", "navigation"),
            ("Posted on", "date-line"),
            ("Share", "share-prompt"),
            ("Read next", "related-list"),
            ("- Drought", "related-list"),
        ],
        "short_body": ["Why the change?"],
    },
}


def _lines(raw: str) -> list[str]:
    return [line.strip() for line in raw.splitlines() if line.strip()]


def _check_segments(raw: str, ext: Extraction) -> None:
    """Each kept line maps back to exactly its bytes in the dump, in order."""
    assert len(ext.segments) == (len(ext.text.split("\n")) if ext.text else 0)
    pos = 0
    for seg in ext.segments:
        assert seg.start == pos
        assert raw[seg.raw_start:seg.raw_end] == ext.text[seg.start:seg.end]
        pos = seg.end + 1
    assert pos - 1 == len(ext.text) or not ext.segments


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture(name):
    case = CASES[name]
    raw = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    ext = extract_textdump(raw)

    assert ext.title == case["title"]
    assert ext.dek == case["dek"]
    for key in ("author", "site", "section", "tags"):
        if key in case:
            assert getattr(ext, key) == case[key], key
    assert [(d.source, d.value) for d in ext.date_evidence] == case["dates"]
    if "first_date_raw" in case:
        assert ext.date_evidence[0].raw.startswith(case["first_date_raw"])

    dropped = {d.text: d.reason for d in ext.dropped}
    junk_lines = set()
    for prefix, reason in case["junk"]:
        hits = [line for line in _lines(raw) if line.startswith(prefix)]
        assert hits, f"fixture has no line starting {prefix!r}"
        line = hits[0]
        junk_lines.add(line)
        assert dropped.get(line) == reason, f"{line!r}: {dropped.get(line)!r} != {reason!r}"
    assert all(reason for reason in dropped.values())

    expected_body = [line for line in _lines(raw)
                     if line not in junk_lines and line not in (case["title"], case["dek"])]
    assert _kept(ext) == expected_body
    for line in case.get("short_body", []):
        assert line in ext.text.split("\n")
    assert set(dropped) == junk_lines, "a line was dropped that the fixture calls article"
    _check_segments(raw, ext)


def test_all_junk_dump_has_no_text():
    ext = extract_textdump((FIXTURES / "all_junk.txt").read_text(encoding="utf-8"))
    assert ext.text == "" and ext.segments == ()


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\n\n"])
def test_segments_exact_with_crlf_bom_and_indent(newline):
    lines = ["Ostrevia reopens its border crossing at Hask",
             "ADVERTISEMENT",
             "\tHASK, Ostrevia — The crossing at Hask reopened on Monday after a week-long "
             "closure that had left hundreds of trucks waiting on both sides of the border, "
             "officials said, and traffic was moving normally by the afternoon.  ",
             "It had been shut since the storm.",
             "  Customs officers said checks would remain stricter than usual for the rest of the "
             "month while a damaged scanner was repaired and staff returned from leave.",
             "Related", "- Storm damage bill tops 40 million crowns"]
    raw = "\ufeff" + newline.join(lines) + newline
    ext = extract_textdump(raw)
    assert ext.title == lines[0]
    assert len(ext.text.split("\n")) == 3
    assert "It had been shut since the storm." in ext.text.split("\n")
    _check_segments(raw, ext)


def test_line_ends_and_bom_change_only_raw_offsets_and_empty():
    raw = (FIXTURES / "wire_inset_related.txt").read_text(encoding="utf-8")
    windows = "\ufeff" + raw.replace("\n", "\r\n")
    plain, other = extract_textdump(raw), extract_textdump(windows)
    assert replace(other, segments=()) == replace(plain, segments=())
    assert plain.title == CASES["wire_inset_related"]["title"]
    _check_segments(windows, other)
    assert extract_textdump("") == Extraction(text="")
    assert extract_textdump("  \n\n\t\n").text == ""


# --- the real seeds ---------------------------------------------------------------------

def _seed(prefix: str) -> str:
    folder = shared_path("seeds")
    found = sorted(folder.glob(f"{prefix}_*.txt"))
    assert found, f"no seed {prefix}_*.txt in {folder}"
    return found[0].read_text(encoding="utf-8")


def _kept(ext: Extraction) -> list[str]:
    return ext.text.split("\n") if ext.text else []


def _common_seed_checks(raw: str, ext: Extraction) -> None:
    kept = _kept(ext)
    for line in _lines(raw):
        if len(line) > 200:
            assert line in kept, f"long paragraph lost: {line[:60]!r}"
    accounted = set(kept) | {d.text for d in ext.dropped} | {ext.title, ext.dek}
    assert set(_lines(raw)) <= accounted
    _check_segments(raw, ext)


def test_seed_original_report():
    """The original report: section label, headline, label, dek, photo, body, ad, tip line."""
    raw = _seed("000")
    ext = extract_textdump(raw)
    lines = _lines(raw)
    _common_seed_checks(raw, ext)
    assert ext.section == lines[0]
    assert ext.title == lines[1]
    assert ext.dek == lines[3]
    reasons = {d.text: d.reason for d in ext.dropped}
    assert reasons.get("ADVERTISEMENT") == "advertisement"
    assert reasons.get(lines[-1]) == "tip-line"
    assert {"image-caption", "image-credit", "label"} <= set(reasons.values())
    # everything from the first paragraph to the tip line is article, ad marker aside
    first = next(i for i, line in enumerate(lines) if len(line) > 200)
    body = [line for line in lines[first:-1] if line != "ADVERTISEMENT"]
    assert _kept(ext) == body


def test_seed_content_farm_copy():
    """The farm copy: breadcrumb, counter, wrong Date:, body, tags, reactions, link lists."""
    raw = _seed("003")
    ext = extract_textdump(raw)
    lines = _lines(raw)
    _common_seed_checks(raw, ext)
    assert ext.title == lines[1]
    assert DateEvidence("dump:date", "2025-04-15", next(
        line for line in lines if line.startswith("Date:"))) in ext.date_evidence
    reasons = {d.text: d.reason for d in ext.dropped}
    assert reasons[lines[0]] == "breadcrumb"
    assert reasons["View"] == "counter"
    assert ext.tags and all(reasons.get(f"- {tag}") == "tag-list" for tag in ext.tags)
    # nothing from the tag list on survives: tags, reaction counter, the three link lists
    tail = lines[lines.index("- In:"):]
    assert not set(tail) & set(_kept(ext))
    for header in ("Related", "Ranking", "Recommendation"):
        start = lines.index(header)
        assert {reasons.get(item) for item in lines[start:]} == {"related-list"}
    # the body runs unbroken from the first paragraph to the tag list
    first = next(i for i, line in enumerate(lines) if len(line) > 200)
    assert _kept(ext) == lines[first:lines.index("- In:")]
