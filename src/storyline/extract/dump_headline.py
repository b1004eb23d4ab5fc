"""The headline of a text dump, and the byline and date lines that mark it.

A dump that opens with its headline has it first. A page flattened whole
(menus, teasers, captions and all, as "save as text" gives it) has no markup
to say which line is the headline, so every headline-shaped line near the
body is scored on what marks a headline on any site: the byline or date right
under it, its words in the lead, being said again on the page, its length
and shape. Kept apart from `textdump` because this scoring is where the
flattened-page rules are tuned; `textdump` calls `_pick_title`.
"""

from __future__ import annotations

import re

from storyline.extract.dump_lines import (
    _BULLET,
    _BY_ALONE,
    _CAPTION_CREDIT,
    _CAPTION_LEAD,
    _CLOCK_START,
    _DATELINE,
    _GLUED_CREDIT,
    _PERIOD_END,
    _PIECE,
    _UNSPACED,
    _ends_sentence,
    _Line,
    _norm,
    _words,
)

# A byline that says "By": no teaser's name or caption credit looks like it.
_BYLINE_BY = re.compile(r"^(?:by|written by|words by|story by)(?:\s|:)", re.I)
# A full stop after a lower-case word, then the next sentence.
_NEXT_SENTENCE = re.compile(r"[a-z]{2,}\. [A-Z]")

#: Header-zone line lengths: a headline has 3-30 words.
_HEADLINE_WORDS = (3, 30)
#: In a page flattened whole, the headline is among the last this many lines
#: above the body (byline, date, dek, captions and share buttons between).
_NEAR_BODY = 25
#: Lines from one teaser (headline, date, label) to the next in a list of them.
_TEASER_STRIDE = 3
#: Share buttons, captions and labels passed over between a headline and its byline.
_PASSED_OVER = 14
#: A dump that opens with its headline has at most this many lines above the body.
_OPENING_ZONE = 12
#: ... and its headline among its first few lines, furniture included (a page
#: flattened whole has menus, "Log In" and "Subscribe" lines before it).
_OPENING_LINES = 4
#: Reasons an earlier pass may give the headline of a page flattened whole: right
#: above an agency credit it looks like a caption, under a "Trending" list like an item.
_SOFT_REASONS = frozenset({"image-caption", "related-list"})
#: What states a headline from under it, and what may stand between the two.
_STATED = frozenset({"byline", "date-line"})
_BETWEEN = frozenset({"image-caption", "image-credit", "separator", "share-prompt", "contact",
                      "counter", "comments", "advertisement", "navigation", "related-list"})


# A wiki's tagline under the page's heading (English, German, Spanish, French, Italian).
_WIKI_TAGLINE = re.compile(
    r"^(?:from [^,]{2,40}, the free (?:encyclopedia|dictionary)"
    r"|aus [^,]{2,40}, der freien enzyklopädie|de [^,]{2,40}, la enciclopedia libre"
    r"|un article de [^,]{2,40}, l['’]encyclopédie libre"
    r"|da [^,]{2,40}, l['’]enciclopedia libera)\W*$", re.I)


def _headline_shaped(text: str, pieces: bool = False) -> bool:
    """3 to 30 words, no label, dateline or caption lead; `pieces`: the parts of a
    hyphenated word count apart ("Royal Self-Indicting Arrogance" is a headline)."""
    n = max(len(_PIECE.findall(text) if pieces else _words(text)),
            len(_UNSPACED.findall(text)) // 2)  # Chinese, Japanese: two characters a word
    return (_HEADLINE_WORDS[0] <= n <= _HEADLINE_WORDS[1] and len(text) <= 300
            and not text.endswith(":") and not _DATELINE.match(text)
            and not _CAPTION_LEAD.match(text) and not _CLOCK_START.match(text)
            and (any(c.isupper() for c in text) or not any(c.islower() for c in text)))


def _pick_title(lines: list[_Line], first_core: int, title_hint: str | None) -> int | None:
    """Index in `lines` (before `first_core`) of the headline, or None.

    1. A headline given with the document (a JSONL `title`) is found, or none is.
    2. A dump that opens with its headline (at most two short labels before
       it: a section name, a breadcrumb) has it first, unless that line has no
       byline or date under it and a later one has them right under it (a
       blog's name and tagline over its post's title, byline and date).
    3. Else the page was flattened whole, menus and all: `_page_title`.

    A wiki page's heading comes first: `_wiki_heading`.
    """
    zone = [i for i in range(first_core) if lines[i].reason is None]
    shaped = [i for i in zone if _headline_shaped(lines[i].text)]
    if title_hint is not None:
        want = _norm(title_hint)
        return next((i for i in shaped if _norm(lines[i].text) == want), None)
    wiki = _wiki_heading(lines, first_core)
    if wiki is not None:
        return wiki
    if not shaped:
        return _page_title(lines, first_core)
    first = shaped[0]
    before = [i for i in zone if i < first]
    if (len(zone) <= _OPENING_ZONE and len(before) <= 2 and first <= _OPENING_LINES
            and all(len(_words(lines[i].text)) <= 4 for i in before)
            and (_stated_gap(lines, first, first_core) is not None
                 or not any(_post_title(lines, k, first_core) for k in shaped[1:]))):
        return first
    return _page_title(lines, first_core)


def _wiki_page(lines: list[_Line], first_core: int) -> bool:
    """A wiki's page: its tagline ("From Wikipedia, the free encyclopedia") over the body."""
    return any(_WIKI_TAGLINE.match(ln.text) for ln in lines[:first_core])


def _wiki_heading(lines: list[_Line], first_core: int) -> int | None:
    """The heading of a wiki page: the line over its tagline ("From Wikipedia, the free
    encyclopedia"), past the page's tabs ("Article", "Talk", "6 languages"), that the
    opening paragraph names (an encyclopedia's entry starts with its subject), however
    short ("Oslo"); its last words may be wrapped onto a line of their own in lower case.
    A line the page's contents list took for an item is given back to the heading."""
    tag = next((i for i in range(first_core) if _WIKI_TAGLINE.match(lines[i].text)), None)
    if tag is None or first_core >= len(lines):
        return None
    lead = f" {_norm(lines[first_core].text)} "
    for k in range(tag - 1, max(-1, tag - 12), -1):
        text, nxt = lines[k].text, lines[k + 1].text
        if text[:1].islower():
            continue  # a heading's wrapped end: the heading is above it
        if (k + 1 < tag and _words(nxt) and nxt.islower() and not _ends_sentence(nxt)
                and f" {_norm(text + ' ' + nxt)} " in lead):
            lines[k + 1].reason = None  # the heading's wrapped end, not a contents item
            return k
        if _words(text) and f" {_norm(text)} " in lead and not _ends_sentence(text):
            return k
    return None


def _capitalised(text: str, most: int) -> bool:
    """2 to `most` words, each capitalised: a name, an outlet ("Harbour Ledger")."""
    found = _words(text)
    return 2 <= len(found) <= most and all(w[:1].isupper() for w in found)


def _post_title(lines: list[_Line], k: int, first_core: int) -> bool:
    """Line `k` has its byline or date right under it, and is not an outlet's name
    under its authors' ("Jane Roe and John Doe", "Harbour Ledger", "Published ...")."""
    names = [w for w in _words(lines[k - 1].text) if w not in ("and", "y", "et", "und")]
    return _stated_gap(lines, k, first_core) == 0 and not (
        _capitalised(lines[k].text, 5) and _capitalised(" ".join(names), 8))


def _stated_gap(lines: list[_Line], k: int, first_core: int) -> int | None:
    """How many header lines stand between line `k` and the byline or date under it.

    None when no byline or date line follows within a few lines: captions,
    credits, share buttons, a lone "By" and short labels are passed over, and
    one dek (any other line) is counted.
    """
    gap = passed = 0
    for ln in lines[k + 1:first_core]:
        if ln.reason in _STATED:
            return gap
        if ln.reason in _BETWEEN or _BY_ALONE.match(ln.text) or (
                ln.reason is None and len(_words(ln.text)) <= 3 and not _ends_sentence(ln.text)):
            passed += 1
            if passed > _PASSED_OVER:
                return None
            continue
        gap += 1
        if gap > 1:
            return None
    return None


def _terms(text: str) -> set[str]:
    """What a headline shares with its lead: words of 4 letters or more (or with a
    digit); in a script without case (Korean, Chinese, Japanese), where particles
    stick to the words, pairs of letters."""
    found = _words(text.lower())
    if any(c.isupper() or c.islower() for c in text):
        return {w for w in found if len(w) >= 4 or any(c.isdigit() for c in w)}
    return {w[i:i + 2] for w in found for i in range(len(w) - 1)}


def _dated_above(lines: list[_Line], k: int) -> bool:
    """A date line right above line `k` (past share buttons and captions)."""
    for ln in reversed(lines[max(0, k - 4):k]):
        if ln.reason == "date-line":
            return True
        if ln.reason not in _BETWEEN:
            return False
    return False


def _page_title(lines: list[_Line], first_core: int) -> int | None:
    """The headline of a page flattened whole, menus and all, or None.

    Every headline-shaped line of the last `_NEAR_BODY` header lines above the
    body is a candidate (also one an earlier pass took for a caption or a list
    item). Each gets points for what marks a headline on any site: the byline
    or date right under it (past a dek, captions and share buttons), its words
    in the article's opening paragraphs (menus and other stories' teasers
    share few), being said again elsewhere on the page (the page title, a
    breadcrumb: not a menu repeated whole), its length and nearness to the
    body; a line that ends like a sentence (a dek, a caption) loses points.
    A caption carrying its credit is no candidate; a dek (sentences, longer
    than the line above it) that wins gives way to the headline above it.
    """
    soft = _SOFT_REASONS if first_core < len(lines) else frozenset()  # no body, no article
    header = [i for i in range(first_core) if lines[i].reason is None
              or (lines[i].reason in soft and not _BULLET.match(lines[i].text))]
    window = header[-_NEAR_BODY:]
    cands = [i for i in window if _headline_shaped(lines[i].text, pieces=True)
             and not _CAPTION_CREDIT.search(lines[i].text)  # a caption with its credit
             and not _GLUED_CREDIT.search(lines[i].text)]
    byline = max((i for i in range(window[0], first_core) if lines[i].reason == "byline"),
                 default=None) if window else None
    if window and byline is None:
        cands = _far_headline(lines, header, window[0], first_core) + cands
    if byline is not None and any(k < byline for k in cands):
        cands = [k for k in cands if k < byline]  # a headline is never under its byline
    if not cands:
        return None
    body: set[str] = set()
    for ln in lines[first_core:first_core + 12]:
        if ln.reason is None:
            body.update(_terms(ln.text))
        if len(body) > 300:
            break
    norms = [f" {_norm(ln.text)} " for ln in lines]

    def echoed(k: int) -> bool:
        """Said again elsewhere, in other company: not a menu repeated whole."""
        return any(norms[k] in other and (j == 0 or k == 0 or norms[j - 1] != norms[k - 1])
                   for j, other in enumerate(norms) if j != k)

    gaps = {k: _stated_gap(lines, k, first_core) for k in cands}
    # teasers each with its date under it, one after the other: a list, not the headline
    dated = [k for k in cands if gaps[k] == 0]
    listed = {k for k in dated
              if sum(1 for j in dated if j != k and abs(j - k) <= 2 * _TEASER_STRIDE) >= 2}

    def score(k: int) -> float:
        text = lines[k].text
        found = [w.lower() for w in _words(text)]
        content = _terms(text)
        shared = sum(w in body for w in content) / len(content) if content else 0.0
        gap = None if k in listed else gaps[k]
        points = 3.0 * shared
        if gap is not None:
            points += 3.0 - gap
        elif _dated_above(lines, k):
            points += 2.0
        if len(found) >= 4 and echoed(k):
            points += 1.0
        if len(found) < 4:
            points -= 1.0
        if _PERIOD_END.search(text):
            points -= 1.5
        points -= 0.05 * min(len(header) - header.index(k), len(window))
        return points

    best = max(cands, key=lambda k: (score(k), k))
    told = [j for j in cands if best < j <= best + 3 and gaps[j] is not None
            and _names_kicker(lines[j].text, lines[best].text)]
    if told:  # a topic kicker ("Harbour Regatta Week") over the headline that names it
        return told[0]
    up = _over_counts(lines, best)
    if (up in cands and lines[up].reason is None and not _ends_sentence(lines[up].text)
            and not _ends_sentence(lines[best].text) and gaps[best] == 0 and best not in listed
            and (len(_words(lines[up].text)) > len(_words(lines[best].text))
                 or echoed(up) and not echoed(best))  # a page repeats its headline, not its dek
            and not (up - 1 in cands and len(_words(lines[up - 1].text)) >= 4)):
        return up  # a headline and its dek, a shorter line without a full stop
    above = _line_above(lines, best)
    if (above in cands and best not in listed
            # its byline right under it, or past a photo caption when the page says
            # the line above again (its headline)
            and (gaps[best] == 0 or gaps[best] is not None and echoed(above))
            and _sentences(lines[best].text)  # a headline may ask a question, not end a sentence
            and not (_ends_sentence(lines[above].text) and not lines[above].text.endswith("?"))
            and len(_words(lines[best].text)) > len(_words(lines[above].text))
            and not (above and lines[above - 1].reason == "share-prompt")):  # a "Like" button
        return above  # a dek is sentences, longer than the headline above it
    return best


def _far_headline(lines: list[_Line], header: list[int], start: int,
                  first_core: int) -> list[int]:
    """The headline over the last "By" line above the header lines near the body, if any.

    A comment form, a most-read list or a statistics table can stand between
    the headline and the body, pushing both the headline and its byline out
    of the `_NEAR_BODY` lines; the "By" line still marks the line above it
    (past a dek, share buttons and counters) as a headline does nowhere else.
    """
    by = max((i for i in range(start) if lines[i].reason == "byline"
              and (_BYLINE_BY.match(lines[i].text) or _BY_ALONE.match(lines[i].text))),
             default=None)
    if by is None:
        return []
    near = [k for k in header if by - 8 <= k < by and _headline_shaped(lines[k].text, pieces=True)
            and not _ends_sentence(lines[k].text)]
    return [k for k in near if _stated_gap(lines, k, first_core) is not None][-1:]


def _names_kicker(text: str, kicker: str) -> bool:
    """`text` says every word of `kicker` and more, and is not `kicker` with the
    site's name after it ("Harbour Regatta Week | Ilven Ledger")."""
    words = set(_norm(kicker).split())
    rest = text[len(kicker):].lstrip() if text.lower().startswith(kicker.lower()) else "x"
    return (len(_words(text)) > len(words) and words <= set(_norm(text).split())
            and rest[:1] not in ("|", "-", "–", "—", "·", ":"))


def _over_counts(lines: list[_Line], k: int) -> int:
    """The line above line `k`, past a comment count under a headline ("New,", "15",
    "comments": a count split over lines) that stands between it and its dek."""
    i = k - 1
    while i > max(0, k - 4) and (lines[i].reason in ("counter", "comments") or (
            lines[i].reason is None and len(_words(lines[i].text)) <= 1)):
        i -= 1
    return i


def _sentences(text: str) -> bool:
    """Ends with a full stop, or runs on after one ("... the crisis. It is up to them")."""
    return bool(_PERIOD_END.search(text) or text.endswith("…") or _NEXT_SENTENCE.search(text))


def _line_above(lines: list[_Line], k: int) -> int | None:
    """The header line right above line `k`, past one short label ("Editorial")."""
    skipped = 0
    for i in range(k - 1, max(-1, k - 3), -1):
        text = lines[i].text
        if lines[i].reason is None and len(_words(text)) <= 2 and not _ends_sentence(text):
            skipped += 1
            if skipped > 1:
                return None
            continue
        return i
    return None
