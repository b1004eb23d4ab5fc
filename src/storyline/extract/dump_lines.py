"""The line model shared by the text-dump passes (`textdump`, `dump_headline`).

A dump is cut into non-blank lines that keep their span in the raw text; each
pass reads a line's shape (its words, how it ends, a bullet, a dateline) and
writes its verdict on the line (`reason`, `role`), so the shapes live here
once, below both modules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyline.records import DateEvidence

_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")

# Letter runs: the parts of a hyphenated word apart.
_PIECE = re.compile(r"[^\W_]+")
# Ends like a sentence: . ! ? … (or the full-width 。！？ of Chinese and Japanese)
# possibly followed by closing quotes or brackets.
_PROSE_END = re.compile(r"[.!?…。！？][\"'”’)\]」』）]*$")
# Chinese and Japanese characters: text written without spaces between words.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Ends with a full stop (not an initial's: "Jane Q.").
_PERIOD_END = re.compile(r"(?<![A-Z])\.[\"'”’)\]]*$")
# Ends with an abbreviation written with dots ("N.Y.C.", "U.S."): its last dot
# is the abbreviation's, which a headline may end with too.
_ABBREV_END = re.compile(r"(?<![\w.])(?:[A-Za-z]\.){2,}[\"'”’)\]]*$")
_BULLET = re.compile(r"^(?:[-–—•*·▪►»◦]|\d{1,2}[.)])\s+")
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z\u00C0-\u00DE'’.-]{2,}(?: [A-Z][A-Z\u00C0-\u00DE'’.-]+){0,3}"
    r"(?:,\s*[A-Z0-9][\w.'’ ]{1,30}?){0,3})\s*(?:\((?P<agency>[^()]{1,40})\))?\s*[—–-]{1,2}\s+\S"
)
_CAPTION_LEAD = re.compile(
    r"^(?:above|below|top|bottom|pictured|left|right|inset|main image|top image)\s*:\s*\S", re.I)
# A caption's own credit at its end: "(Photo: Jane Roe)", "[File: Reuters]".
_CAPTION_CREDIT = re.compile(
    r"[(\[](?:[^()\[\]]*\b(?:photo|photos|image|credit|getty|reuters|afp|ap|file|pool"
    r"|handout)\b[^()\[\]]*)[)\]]$",
    re.I,
)
# "...last week.Credit...Anna Moneymaker": a caption run into its credit.
_GLUED_CREDIT = re.compile(r"\S(?:Credit|CREDIT)(?:\.\.\.|…|:)\s*\S")
_CLOCK_START = re.compile(r"^\d{1,2}[:.h]\d{2}\b")
# "By" on a line of its own, the name under it (also German, French, Spanish, Dutch, Italian).
_BY_ALONE = re.compile(r"^(?:by|written by|words by|story by|von|par|por|door|di)\s*:?$", re.I)


@dataclass
class _Line:
    text: str
    start: int
    end: int
    reason: str | None = None
    role: str | None = None  # "title" | "dek" | "body"
    block: int = 0  # index of the blank-line-separated block the line is in
    wrapped: bool = False  # one line of a paragraph hard-wrapped over several
    author: str | None = None  # the name a byline line gives
    dates: list[DateEvidence] = field(default_factory=list)  # the dates it states


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def _norm(line: str) -> str:
    return " ".join(w.lower() for w in _words(line))


def _is_prose(line: str) -> bool:
    """Ends like a sentence (not like a headline, label or link)."""
    return bool(_PROSE_END.search(line))


def _ends_sentence(line: str) -> bool:
    """Ends like a sentence, an abbreviation's dots aside: for telling a headline
    ("... Strands Commuters in N.Y.C.") from a dek or caption under it."""
    return _is_prose(line) and not _ABBREV_END.search(line)
