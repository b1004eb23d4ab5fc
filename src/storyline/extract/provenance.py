"""Map clean-text paragraphs back to spans of the decoded HTML.

Provenance runs clean text -> raw document: every span a later stage cites
in an article's text can be followed to the characters of the page that
carried it. The page is tokenised into tags, entities and text runs; the
visible text keeps, per run, where it began in the HTML; each paragraph of
the clean text is then found in the visible text (whitespace-tolerant, in
order) and its span converted back.
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


def _pattern(paragraph: str) -> re.Pattern | None:
    # list markers and table pipes are the extractor's, not the page's
    words = [w for w in paragraph.split() if w != "|"]
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def map_paragraphs(text: str, page: str) -> tuple[Segment, ...]:
    """Segments for each paragraph (line) of `text` found in the HTML `page`."""
    visible = VisibleText(page)
    segments: list[Segment] = []
    cursor, offset = 0, 0
    for line in text.split("\n"):
        start = offset
        offset += len(line) + 1
        stripped = line.strip().removeprefix("- ").strip()
        pattern = _pattern(stripped)
        if pattern is None:
            continue
        m = pattern.search(visible.text, cursor) or pattern.search(visible.text)
        if m is None:
            continue
        cursor = m.end()
        lead = line.index(stripped)
        raw_start, raw_end = visible.to_raw(m.start(), m.end())
        segments.append(Segment(start + lead, start + lead + len(stripped), raw_start, raw_end))
    return tuple(segments)
