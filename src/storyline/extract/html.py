"""Main text of an HTML page, and the blocks dropped as boilerplate."""

from __future__ import annotations

import re

import trafilatura
from lxml import html as lxml_html

from storyline.extract.metadata import html_metadata
from storyline.records import Dropped, Extraction

_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "li", "td", "blockquote", "figcaption", "div", "span", "a")
_WS = re.compile(r"\s+")


class NoArticleError(ValueError):
    """The page has no article text (a login wall, an index page, an empty body)."""


def parse(html: str):
    """Parse HTML to an lxml tree; raises NoArticleError on an empty document."""
    try:
        return lxml_html.document_fromstring(html)
    except Exception as err:  # lxml raises ParserError/ValueError on empty or junk input
        raise NoArticleError(f"unparseable HTML: {err}") from err


def main_text(tree, url: str | None = None) -> str:
    """The article body as plain text, paragraphs separated by newlines."""
    return trafilatura.extract(tree, url=url, include_comments=False) or ""


def dropped_blocks(tree, text: str) -> list[Dropped]:
    """Visible text blocks of the page that are not part of the extracted text."""
    kept = _WS.sub(" ", text)
    out: list[Dropped] = []
    seen: set[str] = set()
    body = tree.find("body")
    if body is None:
        return out
    for el in body.iter("p", "h1", "h2", "h3", "h4", "li", "figcaption", "blockquote", "td"):
        block = _WS.sub(" ", el.text_content()).strip()
        if not block or block in seen or block in kept:
            continue
        seen.add(block)
        out.append(Dropped(block[:500], "boilerplate"))
    return out


def extract_html(html: str, url: str | None = None) -> Extraction:
    """Extract the article and its metadata from one HTML page."""
    tree = parse(html)
    meta = html_metadata(tree, url)
    text = main_text(parse(html), url)
    if not text.strip():
        raise NoArticleError("no article text found in the page")
    return Extraction(
        text=text,
        title=meta.title,
        author=meta.author,
        site=meta.site,
        language=meta.language,
        section=meta.section,
        tags=meta.tags,
        date_evidence=meta.date_evidence,
        dropped=tuple(dropped_blocks(tree, text)),
    )
