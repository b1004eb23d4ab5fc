"""Clean text maps back to the raw page: every mapped span shows the same words."""

from __future__ import annotations

import html
import re

from pages import news_page

from storyline.extract import extract_document
from storyline.extract.provenance import map_paragraphs
from storyline.records import KIND_HTML, RawDocument, content_id


def _visible(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_paragraphs_map_back_through_entities_and_inline_tags():
    page = ("<html><body><nav>Home</nav><article><p>Mayor Adela&nbsp;Voss said the "
            "<a href='/x'>harbour</a> plan is &ldquo;final&rdquo; &amp; binding.</p>"
            "<p>Work starts in   May.</p></article></body></html>")
    text = "Mayor Adela\u00a0Voss said the harbour plan is \u201cfinal\u201d & binding.\n" \
           "Work starts in May."
    segments = map_paragraphs(text, page)
    assert len(segments) == 2
    for seg in segments:
        assert _visible(page[seg.raw_start:seg.raw_end]) == " ".join(
            text[seg.start:seg.end].split())
    assert page[segments[1].raw_start:segments[1].raw_end] == "Work starts in   May."


def test_extracted_html_article_carries_segments_for_its_paragraphs():
    data = news_page(11).encode()
    article = extract_document(RawDocument(id=content_id(data), source="p.html",
                                           kind=KIND_HTML, content=data))
    paragraphs = [p for p in article.text.split("\n") if p.strip()]
    assert len(article.segments) == len(paragraphs)
    page = data.decode()
    for seg in article.segments:
        assert _visible(page[seg.raw_start:seg.raw_end]) == " ".join(
            article.text[seg.start:seg.end].split())


def test_words_split_by_any_whitespace_and_repeated_paragraphs_map_in_order():
    page = ("<html><body><p>Tolls\u00a0rise\tin\n<b>Brenmouth</b></p><div>ad</div>"
            "<p>Tolls rise in   Brenmouth</p><p>Tolls rise in Brenmouthshire too.</p>"
            "</body></html>")
    text = "Tolls rise in Brenmouth\nTolls rise in Brenmouth\n- Tolls | rise in Brenmouthshire too."
    first, second, third = map_paragraphs(text, page)
    assert page[first.raw_start:first.raw_end] == "Tolls\u00a0rise\tin\n<b>Brenmouth"
    assert page[second.raw_start:second.raw_end] == "Tolls rise in   Brenmouth"
    assert page[third.raw_start:third.raw_end] == "Tolls rise in Brenmouthshire too."
    assert text[third.start:third.end] == "Tolls | rise in Brenmouthshire too."


def test_a_paragraph_missing_from_the_page_gets_no_segment():
    page = "<p>Harbour opens.</p><p>Ferry sails.</p>"
    segments = map_paragraphs("Ferry sails.\nNot on the page.\nHarbour opens.", page)
    assert [page[s.raw_start:s.raw_end] for s in segments] == ["Ferry sails.", "Harbour opens."]
