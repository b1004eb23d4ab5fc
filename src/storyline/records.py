"""Typed records passed between the stages of the flow.

Records are plain frozen dataclasses so that stages stay pure functions of
their inputs and records can cross process boundaries (pickling) unchanged.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

#: Kinds of raw document a reader can produce; extraction dispatches on it.
KIND_HTML = "html"
KIND_TEXT = "text"  # a page already flattened to text (a "text dump")
KIND_JSONL = "jsonl"  # one JSON record with `text` or `html`

#: Documents larger than this are refused (stored as failed) rather than
#: risking memory blow-ups on a hostile or broken page.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

STATUS_OK = "ok"
STATUS_FAILED = "failed"


def content_id(data: bytes) -> str:
    """Document id: the first 16 hex digits of the SHA-256 of the raw bytes.

    Content-derived, so ingesting the same bytes twice yields the same id.
    """
    return hashlib.sha256(data).hexdigest()[:16]


def unreadable_id(data: bytes) -> str:
    """Id of bytes a reader could not use (a corrupt gzip, a malformed JSONL line).

    Kept apart from `content_id` of the same bytes, so a failed read never
    makes a later good read of those bytes "already stored" (a plain page
    misnamed .html.gz beside the real page). Same bytes, same failure: same id.
    """
    return content_id(b"storyline:unreadable\0" + data)


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One document as read from a source, before any interpretation.

    `error` is set when the reader could not produce usable bytes (a truncated
    archive, a malformed JSONL line); such a document is stored as failed.
    """

    id: str
    source: str  # human-readable origin: path, or path#record
    kind: str  # KIND_HTML | KIND_TEXT | KIND_JSONL
    content: bytes
    url: str | None = None
    retrieved_at: str | None = None  # ISO timestamp when known (WARC-Date)
    hints: dict = field(default_factory=dict)  # e.g. title/published given by a JSONL record
    error: str | None = None


#: Key of `RawDocument.hints` holding what the reader left out, as [text, reason]
#: pairs (an invalid URL, trailing bytes after a gzip stream); extraction adds
#: them to the article's `dropped`, so they are stored and shown with it.
HINT_DROPPED = "dropped"
#: Key of `RawDocument.hints` holding a publication date the user gave by hand
#: (`storyline run --published DATE`): the strongest date evidence there is.
HINT_PUBLISHED = "user_published"


@dataclass(frozen=True, slots=True)
class DateEvidence:
    """One statement of a publication date found in a document.

    `source` says where it was found, e.g. ``meta:article:published_time``,
    ``json-ld:datePublished``, ``url``, ``dateline``, ``dump:Date``,
    ``jsonl:published``, ``htmldate``; `value` is an ISO date (YYYY-MM-DD);
    `raw` is the string as it appeared.
    """

    source: str
    value: str
    raw: str


@dataclass(frozen=True, slots=True)
class Dropped:
    """A block of the page removed as boilerplate, with why it was removed."""

    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Segment:
    """Maps a span of the clean text to a span of the decoded raw document."""

    start: int
    end: int
    raw_start: int
    raw_end: int


@dataclass(frozen=True, slots=True)
class Extraction:
    """What an extractor (HTML or text dump) found in one document."""

    text: str
    title: str | None = None
    dek: str | None = None
    author: str | None = None
    site: str | None = None
    language: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    date_evidence: tuple[DateEvidence, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    segments: tuple[Segment, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """The cleaned news text of one document, with its metadata."""

    id: str
    source: str
    url: str | None
    site: str | None
    title: str | None
    dek: str | None
    author: str | None
    published: str | None  # ISO date chosen from the evidence
    published_evidence: str | None  # the DateEvidence.source it came from
    date_evidence: tuple[DateEvidence, ...]
    language: str | None
    section: str | None
    tags: tuple[str, ...]
    text: str
    dropped: tuple[Dropped, ...]
    segments: tuple[Segment, ...]
    status: str = STATUS_OK
    error: str | None = None
