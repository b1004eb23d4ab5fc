"""Boilerplate rules for extracted main text: page furniture that survives extraction.

trafilatura keeps some blocks that sit inside the article container but are
not the article: the headline repeated above the body, "Read more:" and
"Related:" link lines, newsletter and subscription prompts, share prompts,
author contact lines, and comment threads appended after the story. Each
rule here is a pattern of such furniture, written for news pages in general
(English first, a few common other-language phrasings), never for one site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORDS = re.compile(r"\w+")

# A line that is only a link prompt to another story or page: the phrase then a
# separator or the end of the line ("Read more: ...", "RELATED", "DON'T MISS").
_PROMPT = re.compile(
    r"^\W*((read more|read next|read also|also read|more reading|more|related( posts?| news|"
    r" stories| story| articles?| coverage| content| reading)?|see (more|also)|"
    r"recommended( for you| reading)?|more (from|on) [\w .]{1,40}|don'?t miss|"
    r"you (may|might) (also )?like|trending( now)?|popular now|watch next|"
    r"editor'?s picks?|most (read|popular)|top stories|further reading|"
    r"more( [\w'’]+){0,3} (stories|news|articles|reads|coverage)"
    r"( (from|on|in|about) [\w .'’]{1,40})?)"
    r"\s*([:|»›>\-–—]|$)"
    r"|also on [\w-]+\.\w+\b)",
    re.I,
)
# Calls to action: newsletters, subscriptions, following, sharing, tips.
_CALL = re.compile(
    r"(\b(sign up|subscribe)\b.*\b(newsletters?|inbox)\b|"
    r"\bnewsletters?\b.*\b(inbox|sign up|subscribe)\b|"
    r"\bdelivered (straight |right |directly )?(to|in(to)?|through) your (inbox|letterbox)\b|"
    r"\bclick here (to|for)\b|"
    r"^\W*follow (us|him|her|them|[\w .]+) on (twitter|facebook|instagram|linkedin|x)\b|"
    r"\blike this (story|article)\b|\bshare (it|this( story| article)?) with\b|"
    r"^\W*(have|got) a (news )?tip\b|\bmay be reached at\b|\bcan be reached at\b|"
    r"^\W*(share|tweet|email|print)( this( story| article)?)?\W*$|"
    r"^\W*(advertisement|sponsored|ad)\W*$|^\W*filed under\b|^\W*tags?\s*:|"
    r"^\W*source\s*:|^\W*(additional |writing and )?(reporting|writing|editing) by\b|"
    r"^\W*(updated|published|posted|last updated)( at| on)?\s*:?\s*[\w ,.:]{0,40}$|"
    r"^\W*(reading time|read time|tempo de leitura|tiempo de lectura|lesezeit)\s*:|"
    r"^\W*\d+\s*(min|mins|minutes?) read\W*$|"
    r"\ball rights reserved\b|^\W*(copyright|©)\s.*\b(19|20)\d\d\b)",
    re.I,
)
# The start of a comment thread or reply form: everything after it goes.
_COMMENTS = re.compile(
    r"^\W*(\d+\s+(comments?|responses?|replies)|comments?( \(\d+\))?|"
    r"(leave|post|add|write) a (reply|comment|response)|"
    r"(tell us|let us know) what you think|join the (discussion|conversation)|"
    r"show comments|view comments|reader comments|"
    r"deja (un|tu) comentario|deixe (um|seu) comentário|tinggalkan balasan|"
    r"laisser un commentaire|kommentar(e)? schreiben)\W*$",
    re.I,
)


# A teaser of another story: a headline tagged with its kind in capitals
# ("... amid turmoil [VIDEO]", "[PICTURES]", "[INSIGHT]"), no sentence before it.
_TEASER = re.compile(r"^[^.!?]*[^.!?\s]\s*\[[A-Z][A-Z ]{2,20}\]\W*$")


def is_teaser(line: str) -> bool:
    """A link to another story, labelled with its kind ("Headline [VIDEO]")."""
    return len(words(line)) <= 25 and bool(_TEASER.match(line))


def words(text: str) -> list[str]:
    """Lower-cased word tokens, the unit every rule compares in."""
    return _WORDS.findall(text.lower())


def is_prompt(line: str) -> bool:
    """A short line pointing elsewhere ("Read more: ...", "Related: ...")."""
    return bool(_PROMPT.match(line)) and len(words(line)) <= 30


def is_call(line: str) -> bool:
    """A short call to action, contact line or label, not article prose."""
    return len(words(line)) <= 40 and bool(_CALL.search(line))


def comments_start(lines: list[str]) -> int | None:
    """Index of the comment-thread header in the second half of the text, if any."""
    half = len(lines) // 2
    for i in range(max(1, half), len(lines)):
        if _COMMENTS.match(lines[i]):
            return i
    return None


def same_words(a: Iterable[str], b: Iterable[str]) -> bool:
    return list(a) == list(b)
