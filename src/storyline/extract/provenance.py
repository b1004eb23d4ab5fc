"""Map clean-text paragraphs back to spans of the decoded HTML.

Provenance runs clean text -> raw document: every span a later stage cites
in an article's text can be followed to the characters of the page that
carried it. The page is tokenised into tags, entities and text runs; the
visible text keeps, per run, where it began in the HTML; each paragraph of
the clean text is then found in the visible text (whitespace-tolerant, in
order) and its span converted back. Whitespace tolerance comes from one
whitespace-collapsed copy of the visible text per page, searched with
`str.find`, not from a regex compiled per paragraph (the compiles were most of
extraction's time).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right

from storyline.records import Segment

_TOKEN = re.compile(
    r"<!--.*?-->|<(script|style|noscript|template|svg)\b.*?</\1\s*>|<[^>]*>"
    r"|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});|[^<&]+|[<&]",
    re.S | re.I,
)
_BLOCK = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|td|tr|table|section|article|header|footer|blockquote"
    r"|figure|figcaption|main|aside|nav|pre|dd|dt)\b",
    re.I,
)


class VisibleText:
    """The visible text of an HTML string with a way back to HTML offsets."""

    def __init__(self, page: str):
        pieces: list[str] = []
        self.starts: list[int] = []  # visible offset where each piece starts
        self.raw: list[tuple[int, int]] = []  # raw span of each piece
        self.atomic: list[bool] = []  # entity pieces map as a whole
        pos = 0
        for m in _TOKEN.finditer(page):
            token = m.group(0)
            if token[0] == "<" and len(token) > 1:
                if _BLOCK.match(token):
                    piece, atomic = "\n", True
                else:
                    continue
            elif token[0] == "&" and len(token) > 1:
                piece, atomic = html.unescape(token), True
            else:
                piece, atomic = token, False
            pieces.append(piece)
            self.starts.append(pos)
            self.raw.append((m.start(), m.end()))
            self.atomic.append(atomic)
            pos += len(piece)
        self.text = "".join(pieces)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw HTML span of the visible span [start, end)."""
        return self._raw_at(start, True), self._raw_at(end - 1, False)

    def _raw_at(self, v: int, is_start: bool) -> int:
        i = bisect_right(self.starts, v) - 1
        raw_start, raw_end = self.raw[i]
        if self.atomic[i]:
            return raw_start if is_start else raw_end
        offset = raw_start + (v - self.starts[i])
        return offset if is_start else offset + 1


class _Collapsed:
    """The visible text with every whitespace run as one space, and the way back.

    A paragraph's words joined by single spaces occur here exactly where the
    words separated by any whitespace occur in the visible text.
    """

    def __init__(self, visible: str):
        words: list[str] = []
        self.starts: list[int] = []  # collapsed offset where each word starts
        self.visible: list[int] = []  # visible offset of the same word
        pos = 0
        for m in _WORD.finditer(visible):
            words.append(m.group())
            self.starts.append(pos)
            self.visible.append(m.start())
            pos += len(m.group()) + 1
        self.text = " ".join(words)

    def to_visible(self, start: int, end: int) -> tuple[int, int]:
        """Visible span of the collapsed span [start, end) (both ends inside words)."""
        return self._at(start), self._at(end - 1) + 1

    def _at(self, c: int) -> int:
        i = bisect_right(self.starts, c) - 1
        return self.visible[i] + (c - self.starts[i])


_WORD = re.compile(r"\S+")


def _needle(paragraph: str) -> str | None:
    # list markers and table pipes are the extractor's, not the page's
    words = [w for w in paragraph.split() if w != "|"]
    return " ".join(words) if words else None


def map_paragraphs(text: str, page: str) -> tuple[Segment, ...]:
    """Segments for each paragraph (line) of `text` found in the HTML `page`."""
    visible = VisibleText(page)
    collapsed = _Collapsed(visible.text)
    segments: list[Segment] = []
    cursor, offset = 0, 0
    for line in text.split("\n"):
        start = offset
        offset += len(line) + 1
        stripped = line.strip().removeprefix("- ").strip()
        needle = _needle(stripped)
        if needle is None:
            continue
        found = collapsed.text.find(needle, cursor)
        if found < 0:
            found = collapsed.text.find(needle)
        if found < 0:
            continue
        cursor = found + len(needle)
        lead = line.index(stripped)
        v_start, v_end = collapsed.to_visible(found, cursor)
        raw_start, raw_end = visible.to_raw(v_start, v_end)
        segments.append(Segment(start + lead, start + lead + len(stripped), raw_start, raw_end))
    return tuple(segments)
