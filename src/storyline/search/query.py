"""User query text -> an FTS5 MATCH expression that cannot be a syntax error, and
snippet() output -> (text, is_match) parts the HTML layer escapes.

Nothing the user types reaches FTS5 as syntax: every word or "quoted phrase" becomes
an FTS5 string (double-quoted, inner quotes doubled), so AND, OR, NOT, NEAR(, column
filters, parentheses and stray quotes are plain words or nothing. A trailing `*` on a
word of 3 letters or more asks for a prefix match, the one operator kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from storyline.search.docs import MARK_END, MARK_START

#: Words after this many are ignored (a query is a few words, not a document).
MAX_TERMS = 32
#: A prefix shorter than this is searched as a word: FTS5 merges the doclists of every
#: word it starts (no prefix index), seconds for `th*` at 100,000 articles.
MIN_PREFIX = 3
_CHUNK = re.compile(r'"([^"]*)"|([^\s"]+)')
_WORD = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Term:
    """A word or a phrase of words that must appear together; `prefix`: the last word
    may be the start of a longer one."""

    words: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        text = '"' + " ".join(self.words).replace('"', '""') + '"'
        return text + " *" if self.prefix else text


def parse(text: str) -> list[Term]:
    """The terms of a query, at most MAX_TERMS words in all. Raises ValueError for an
    empty or blank query; a query with no word in it (only punctuation) gives []."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("the search query is empty: give one or more words to search for")
    text = unicodedata.normalize("NFC", text)
    terms: list[Term] = []
    budget = MAX_TERMS
    for phrase, bare in _CHUNK.findall(text):
        words = tuple(_WORD.findall(phrase if phrase else bare))[:budget]
        if not words:
            continue
        budget -= len(words)
        prefix = bool(bare) and bare.endswith("*") and len(words[-1]) >= MIN_PREFIX
        terms.append(Term(words, prefix=prefix))
        if budget <= 0:
            break
    return terms


def match_expression(terms: list[Term], any_term: bool = False) -> str:
    """Every term required (AND), or with `any_term` any of them (OR)."""
    return (" OR " if any_term else " AND ").join(t.fts() for t in terms)


def snippet_parts(snippet: str) -> tuple[tuple[str, bool], ...]:
    """Split snippet() output made with MARK_START/MARK_END into (text, is_match) parts;
    the texts are raw (unescaped), for the HTML layer to escape."""
    parts: list[tuple[str, bool]] = []
    for i, piece in enumerate(re.split(f"[{MARK_START}{MARK_END}]", snippet)):
        piece = _SPACE.sub(" ", piece)
        if piece:
            parts.append((piece, i % 2 == 1))
    return tuple(parts)
