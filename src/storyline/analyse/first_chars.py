"""A cheap first-character test in front of slow regular expressions.

Python's regex engine tries every alternative of a pattern at every position it
scans; a pattern of many words, matched case-insensitively or behind a
lookbehind, gets none of the engine's own quick scans, so the rules spent most
of their time failing at word starts no match can begin at. `with_starts`
puts a lookahead for the characters a match can start with in front of the
pattern: it changes no match (every match starts with one of them) and lets
the engine give up at once elsewhere.
"""

from __future__ import annotations

import re

_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
               "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}
_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
_LEADING_FLAGS = re.compile(r"^\(\?[aiLmsux]+\)")


def _first(items) -> tuple[set[str], bool] | None:
    """(class pieces of every character a match of the parsed `items` can start with,
    whether the items can match the empty string); None where that is not worked out."""
    pieces: set[str] = set()
    for op, av in items:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):  # zero width: the next item starts
            continue
        if name == "LITERAL":
            return pieces | {re.escape(chr(av))}, False
        if name == "IN":
            for item_op, item in av:
                kind = str(item_op)
                if kind == "LITERAL":
                    pieces.add(re.escape(chr(item)))
                elif kind == "RANGE":
                    pieces.add(f"{re.escape(chr(item[0]))}-{re.escape(chr(item[1]))}")
                elif kind == "CATEGORY" and str(item) in _CATEGORIES:
                    pieces.add(_CATEGORIES[str(item)])
                else:  # a negated class, a Unicode property: anything may start
                    return None
            return pieces, False
        if name == "BRANCH":
            alternatives = av[1]
        elif name == "SUBPATTERN" and not av[1] and not av[2]:  # no inline flags
            alternatives = [av[3]]
        elif name in _REPEATS:
            alternatives = [av[2]]
        else:
            return None
        nullable = False
        for alternative in alternatives:
            got = _first(alternative)
            if got is None:
                return None
            pieces |= got[0]
            nullable = nullable or got[1]
        if name in _REPEATS and av[0] == 0:
            nullable = True
        if not nullable:
            return pieces, False
    return pieces, True


def starts_class(pattern: str, flags: int = 0) -> str | None:
    """A character class ("[...]") of every character a match of `pattern` can start
    with; None when it cannot be worked out or the pattern can match the empty string."""
    try:
        from re import _parser  # the stdlib's own parser (Python 3.11 and later)

        got = _first(_parser.parse(pattern, flags).data)
    except Exception:  # noqa: BLE001 - another Python: no class, the pattern as written
        return None
    if got is None or got[1] or not got[0]:
        return None
    return f"[{''.join(sorted(got[0]))}]"


def with_starts(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)` with the start-character lookahead in front: the
    same matches, found faster. Flags written at the pattern's start ("(?i)") stay."""
    lead = _LEADING_FLAGS.match(pattern)
    head, body = (lead.group(), pattern[lead.end():]) if lead else ("", pattern)
    cls = starts_class(pattern, flags)
    if cls is None:
        return re.compile(pattern, flags)
    return re.compile(f"{head}(?={cls})(?:{body})", flags)


__all__ = ["starts_class", "with_starts"]
