"""The article page's pieces: the passage a fact links to is one anchor, however many
names and facts cut it (it held only its first piece: "two-day" of "two-day state
visit", whose "state visit" is an event's trigger)."""

from __future__ import annotations

from storyline.query.browse import Annotation
from storyline.web.story_svg import marked_text


def test_the_anchor_holds_the_whole_passage_cut_by_annotations():
    text = "Intro line.\nDale Arvane will pay a two-day state visit to Kell on Monday.\nEnd."
    at = text.index("two-day")
    passage = (at, at + len("two-day state visit"))
    visit = text.index("state visit")
    notes = (Annotation("claim", at, passage[1], "c1", "2 days"),
             Annotation("event", visit, visit + len("state visit"), "e1", "visit"),
             Annotation("entity", text.index("Kell"), text.index("Kell") + 4, "k", "Kell"))
    paragraphs = marked_text(text, notes, passage)
    pieces = [p for para in paragraphs for p in para]
    marked = [p for p in pieces if p["marked"]]
    assert "".join(p["text"] for p in marked) == "two-day state visit"
    assert len(marked) >= 2  # the event's trigger cuts the passage
    assert [p["anchor"] for p in marked] == [True] + [False] * (len(marked) - 1)
    assert [p["anchor_end"] for p in marked] == [False] * (len(marked) - 1) + [True]
    assert sum(p["anchor"] for p in pieces) == sum(p["anchor_end"] for p in pieces) == 1
