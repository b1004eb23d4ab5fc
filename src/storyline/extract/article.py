"""The extract stage: one RawDocument in, one Article out, no store needed."""

from __future__ import annotations

import json
from dataclasses import replace
from urllib.parse import urlsplit

from storyline.extract import dates
from storyline.extract.decode import DecodeError, decode
from storyline.extract.html import NoArticleError, extract_html
from storyline.extract.provenance import map_paragraphs
from storyline.extract.textdump import extract_textdump
from storyline.records import (
    KIND_HTML,
    KIND_JSONL,
    KIND_TEXT,
    MAX_DOCUMENT_BYTES,
    STATUS_FAILED,
    STATUS_OK,
    Article,
    DateEvidence,
    Extraction,
    RawDocument,
)

#: Bumped whenever extraction output changes, so `storyline reextract` knows
#: which stored articles are stale.
EXTRACTOR_VERSION = "1"


#: Fewer words than this after cleaning means the page carries no article
#: (an index page, a login wall, a page of navigation).
MIN_ARTICLE_WORDS = 10


class ExtractError(ValueError):
    """A document that cannot yield an article; the message says why."""


def _site_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _from_html(page: str, url: str | None) -> Extraction:
    """HTML extraction plus the map from clean paragraphs back to the page."""
    ext = extract_html(page, url)
    if ext.segments:
        return ext
    return replace(ext, segments=map_paragraphs(ext.text, page))


def _from_jsonl(doc: RawDocument) -> tuple[Extraction, list[DateEvidence]]:
    try:
        record = json.loads(doc.content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ExtractError(f"malformed JSON record: {err}") from err
    if not isinstance(record, dict):
        raise ExtractError("JSON record is not an object")
    html, text = record.get("html"), record.get("text")
    if isinstance(html, str) and html.strip():
        ext = _from_html(html, record.get("url") or doc.url)
    elif isinstance(text, str) and text.strip():
        ext = extract_textdump(text)
    else:
        raise ExtractError("JSON record has neither a non-empty `text` nor `html` field")
    extra: list[DateEvidence] = []
    published = record.get("published")
    if isinstance(published, str):
        item = dates.evidence("jsonl:published", published)
        if item:
            extra.append(item)
    return ext, extra


def _extract(doc: RawDocument) -> tuple[Extraction, list[DateEvidence]]:
    if len(doc.content) > MAX_DOCUMENT_BYTES:
        raise ExtractError(
            f"page too large: {len(doc.content)} bytes (limit {MAX_DOCUMENT_BYTES})"
        )
    if not doc.content.strip():
        raise ExtractError("empty document")
    if doc.kind == KIND_JSONL:
        return _from_jsonl(doc)
    try:
        text = decode(doc.content, doc.hints.get("charset"))
    except DecodeError as err:
        raise ExtractError(str(err)) from err
    if doc.kind == KIND_HTML:
        return _from_html(text, doc.url), []
    if doc.kind == KIND_TEXT:
        return extract_textdump(text), []
    raise ExtractError(f"unknown document kind {doc.kind!r}")


def failed_article(doc: RawDocument, error: str) -> Article:
    """The record stored for a document that produced no article."""
    return Article(
        id=doc.id, source=doc.source, url=doc.url, site=_site_from_url(doc.url),
        title=None, dek=None, author=None, published=None, published_evidence=None,
        date_evidence=(), language=None, section=None, tags=(), text="", dropped=(),
        segments=(), status=STATUS_FAILED, error=error,
    )


def extract_document(doc: RawDocument) -> Article:
    """Extract one document. Never raises for bad input: returns a failed Article."""
    if doc.error:
        return failed_article(doc, doc.error)
    try:
        ext, extra = _extract(doc)
    except (ExtractError, NoArticleError) as err:
        return failed_article(doc, str(err))
    except RecursionError:
        return failed_article(doc, "page nesting too deep to parse")
    words = len(ext.text.split())
    if words < MIN_ARTICLE_WORDS:
        return failed_article(
            doc, f"no article text found (only {words} words of text after cleaning)"
        )
    evidence = tuple(extra) + ext.date_evidence
    chosen = dates.choose_published(evidence)
    hints = doc.hints
    return Article(
        id=doc.id,
        source=doc.source,
        url=doc.url,
        site=ext.site or hints.get("site") or _site_from_url(doc.url),
        title=hints.get("title") or ext.title,
        dek=ext.dek,
        author=ext.author or hints.get("author"),
        published=chosen.value if chosen else None,
        published_evidence=chosen.source if chosen else None,
        date_evidence=evidence,
        language=ext.language or hints.get("language"),
        section=ext.section,
        tags=ext.tags,
        text=ext.text,
        dropped=ext.dropped,
        segments=ext.segments,
        status=STATUS_OK,
        error=None,
    )
