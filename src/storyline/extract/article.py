"""The extract stage: one RawDocument in, one Article out, no store needed."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import replace
from urllib.parse import urlsplit

from storyline.extract import dates
from storyline.extract.decode import DecodeError, clean_text, decode
from storyline.extract.dump_lines import _UNSPACED
from storyline.extract.html import NoArticleError, extract_html
from storyline.extract.provenance import map_paragraphs
from storyline.extract.textdump import extract_textdump
from storyline.records import (
    HINT_DROPPED,
    HINT_PUBLISHED,
    KIND_HTML,
    KIND_JSONL,
    KIND_TEXT,
    MAX_DOCUMENT_BYTES,
    STATUS_FAILED,
    STATUS_OK,
    Article,
    DateEvidence,
    Dropped,
    Extraction,
    RawDocument,
)

log = logging.getLogger(__name__)

#: Bumped whenever extraction output changes, so `storyline reextract` knows
#: which stored articles are stale.
EXTRACTOR_VERSION = "9"

# Limits that keep every document's cost bounded, whatever the page: each is
# well above what real news pages have (the evaluation pages: at most about
# 10,000 elements, 2,500 block elements, 900 tags between two blocks, 36
# attributes on one tag, 81,000 characters of article text). What a limit
# cuts is listed in the article's `dropped` with the reason.
#: Attributes kept on one tag (the HTML parser is quadratic in them).
MAX_TAG_ATTRIBUTES = 1_000
#: Elements, and block elements (paragraphs, divisions, headings, list items,
#: cells...), of a page read: it is cut before the next one. The extractor's
#: fallbacks (readability, jusText) are quadratic in them.
MAX_ELEMENTS = 25_000
MAX_BLOCKS = 5_000
#: Tags (inline markup) kept in a run between two block elements; the rest are
#: removed, their text kept (text nodes of one block are merged quadratically).
MAX_INLINE_TAGS = 5_000
#: Characters of clean text kept, so analysis and facts stay bounded per article
#: (quotes and claims still have steps quadratic in an article's quotes).
MAX_TEXT_CHARS = 100_000
#: Characters of a text dump read (the dump cleaner sees its end too).
MAX_DUMP_CHARS = 4 * MAX_TEXT_CHARS


#: Fewer words than this after cleaning means the page carries no article
#: (an index page, a login wall, a page of navigation).
MIN_ARTICLE_WORDS = 10


def text_words(text: str) -> int:
    """Words in `text`: space-separated tokens, or two Chinese or Japanese characters
    each (those scripts put no spaces between words, most of them two characters)."""
    return max(len(text.split()), len(_UNSPACED.findall(text)) // 2)


class ExtractError(ValueError):
    """A document that cannot yield an article; the message says why."""


def _site_from_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    return host.removeprefix("www.") or None


# A start tag longer than this is looked at for its number of attributes.
_LONG_TAG = re.compile(r"<[A-Za-z][^<>]{16384,}>")
_ATTRIBUTE = re.compile(r"""[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]*))?""")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^<>]*>?")
_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dd dt td th tr table tbody thead tfoot caption "
    "section article header footer main nav aside blockquote pre figure figcaption form "
    "fieldset details summary address hr body head html".split())
_SPACE_TAGS = frozenset({"br", "wbr", "img", "input", "hr"})


def _fewer_attributes(tag: str, notes: list[Dropped]) -> str:
    name_end = re.match(r"<[^\s>/]+", tag).end()
    count, cut = 0, None
    for m in _ATTRIBUTE.finditer(tag, name_end):
        count += 1
        if count == MAX_TAG_ATTRIBUTES:
            cut = m.end()
    if cut is None:
        return tag
    notes.append(Dropped(f"{tag[:name_end]}> with {count:,} attributes",
                         f"limit: attributes of one tag beyond the first "
                         f"{MAX_TAG_ATTRIBUTES:,} removed"))
    return tag[:cut] + ">"


def _cut_position(page: str) -> tuple[int | None, str, bool]:
    """Where the page goes past MAX_ELEMENTS or MAX_BLOCKS (None: nowhere), what it
    then has in all ("... of its N elements"), and whether a run of inline tags goes
    past MAX_INLINE_TAGS before there."""
    elements = blocks = run = 0
    long_run = False
    cut = None
    for m in _TAG.finditer(page):
        block = m.group(2).lower() in _BLOCK_TAGS
        if cut is None:
            run = 0 if block else run + 1
            long_run = long_run or run > MAX_INLINE_TAGS
        if m.group(1):
            continue
        elements += 1
        blocks += block
        if cut is None and (elements > MAX_ELEMENTS or blocks > MAX_BLOCKS):
            cut, by_blocks = m.start(), blocks > MAX_BLOCKS
    if cut is None:
        return None, "", long_run
    what = (f"{MAX_BLOCKS:,} of its {blocks:,} block elements" if by_blocks else
            f"{MAX_ELEMENTS:,} of its {elements:,} elements")
    return cut, what, long_run


def _strip_long_runs(page: str) -> tuple[str, int]:
    """`page` without the inline tags past MAX_INLINE_TAGS in a run; how many went."""
    run = removed = 0

    def keep(m: re.Match) -> str:
        nonlocal run, removed
        name = m.group(2).lower()
        if name in _BLOCK_TAGS:
            run = 0
            return m.group()
        run += 1
        if run <= MAX_INLINE_TAGS:
            return m.group()
        removed += 1
        return " " if name in _SPACE_TAGS else ""

    return _TAG.sub(keep, page), removed


def bounded_page(page: str) -> tuple[str, list[Dropped]]:
    """`page` within the limits the HTML extractor is given, and what was cut.

    Tags keep their first MAX_TAG_ATTRIBUTES attributes; the page is cut
    before its element number MAX_ELEMENTS + 1 or block number MAX_BLOCKS + 1;
    inline tags past MAX_INLINE_TAGS in a run go, their text stays. Linear scans.
    """
    notes: list[Dropped] = []
    if _LONG_TAG.search(page):
        page = _LONG_TAG.sub(lambda m: _fewer_attributes(m.group(), notes), page)
    cut, what, long_run = _cut_position(page)
    if cut is not None:
        notes.append(Dropped(_squeeze(page[cut : cut + 2000]), f"limit: page cut after {what}"))
        page = page[:cut]
    if long_run:
        page, removed = _strip_long_runs(page)
        notes.append(Dropped(f"{removed:,} tags", f"limit: inline tags past {MAX_INLINE_TAGS:,} "
                                                  "in a row removed, their text kept"))
    return page, notes


def _squeeze(text: str) -> str:
    return " ".join(text.split())[:500]


def _cut_text(text: str, limit: int) -> int:
    """Where to cut `text` to at most `limit` characters: at a line end, else a space."""
    if len(text) <= limit:
        return len(text)
    at = text.rfind("\n", 0, limit + 1)
    if at <= 0:
        at = text.rfind(" ", 0, limit + 1)
    return at if at > 0 else limit


def bounded_text(ext: Extraction) -> Extraction:
    """`ext` with its clean text cut to MAX_TEXT_CHARS, the cut listed in `dropped`."""
    end = _cut_text(ext.text, MAX_TEXT_CHARS)
    if end == len(ext.text):
        return ext
    note = Dropped(_squeeze(ext.text[end : end + 2000]),
                   f"limit: text beyond {MAX_TEXT_CHARS:,} characters cut (the article "
                   f"has {len(ext.text):,})")
    return replace(ext, text=ext.text[:end].rstrip(),
                   segments=tuple(s for s in ext.segments if s.end <= end),
                   dropped=(*ext.dropped, note))


def _from_html(page: str, url: str | None) -> Extraction:
    """HTML extraction plus the map from clean paragraphs back to the page."""
    page, notes = bounded_page(page)
    ext = bounded_text(extract_html(page, url))
    if notes:
        ext = replace(ext, dropped=(*ext.dropped, *notes))
    if ext.segments:
        return ext
    return replace(ext, segments=map_paragraphs(ext.text, page))


def _from_dump(text: str, name: str | None = None, title: str | None = None) -> Extraction:
    """Text-dump extraction of at most MAX_DUMP_CHARS characters."""
    end = _cut_text(text, MAX_DUMP_CHARS)
    ext = bounded_text(extract_textdump(text[:end], name, title))
    if end < len(text):
        ext = replace(ext, dropped=(*ext.dropped, Dropped(
            _squeeze(text[end : end + 2000]),
            f"limit: text dump read up to {MAX_DUMP_CHARS:,} of its {len(text):,} "
            "characters")))
    return ext


def _from_jsonl(doc: RawDocument) -> tuple[Extraction, list[DateEvidence]]:
    try:
        record = json.loads(doc.content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ExtractError(f"malformed JSON record: {err}") from err
    except RecursionError as err:
        raise ExtractError("JSON record nested too deep to read") from err
    if not isinstance(record, dict):
        raise ExtractError("JSON record is not an object")
    html, text = record.get("html"), record.get("text")
    if isinstance(html, str) and html.strip():
        ext = _from_html(clean_text(html), doc.url)
    elif isinstance(text, str) and text.strip():
        title = record.get("title")
        ext = _from_dump(clean_text(text), title=title if isinstance(title, str) else None)
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
        return _from_dump(text, doc.source), []
    raise ExtractError(f"unknown document kind {doc.kind!r}")


def failed_article(doc: RawDocument, error: str) -> Article:
    """The record stored for a document that produced no article."""
    return Article(
        id=doc.id, source=doc.source, url=doc.url, site=_site_from_url(doc.url),
        title=None, dek=None, author=None, published=None, published_evidence=None,
        date_evidence=(), language=None, section=None, tags=(), text="", dropped=(),
        segments=(), status=STATUS_FAILED, error=error,
    )


def _reader_notes(doc: RawDocument) -> tuple[Dropped, ...]:
    """What the reader left out of the document (an invalid URL...), as dropped items."""
    notes = doc.hints.get(HINT_DROPPED) or ()
    return tuple(Dropped(str(item[0]), str(item[1])) for item in notes
                 if isinstance(item, list | tuple) and len(item) == 2)


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
    except MemoryError:
        return failed_article(doc, "page too large to parse in the memory available")
    except Exception as err:  # noqa: BLE001 - one document must never stop the run
        # not the page's fault but a defect of the rules: keep the traceback for a report
        log.warning("extraction of %s failed in storyline's own code", doc.source,
                    exc_info=True)
        return failed_article(doc, f"extraction failed ({type(err).__name__}: {err})")
    words = text_words(ext.text)
    if words < MIN_ARTICLE_WORDS:
        return failed_article(
            doc, f"no article text found (only {words} words of text after cleaning)"
        )
    given = dates.evidence("user:published", doc.hints.get(HINT_PUBLISHED))
    evidence = ((given,) if given else ()) + tuple(extra) + ext.date_evidence
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
        dropped=ext.dropped + _reader_notes(doc),
        segments=ext.segments,
        status=STATUS_OK,
        error=None,
    )
