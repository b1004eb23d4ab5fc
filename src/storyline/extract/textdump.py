"""Pages already flattened to text ("text dumps"): keep the article, drop the furniture.

A dump is what a scraper saved from a page once the markup was gone: the
article's paragraphs one per line, mixed with breadcrumbs, section labels,
image credits, ad markers, view and reaction counters, tag lists and lists of
other stories' headlines. Without markup the only signals left are a line's
shape (length, closing punctuation, a bullet, a counter like "(88)", a
"Home >" path) and its position (before the headline, between the article's
long paragraphs, after the last one, under a "Related" header). Every rule
here uses only those, so it holds for sites it has never seen.

The steps, in order:

1. shape: lines that are furniture wherever they stand (breadcrumbs, ad
   markers, counters, tip lines, share and newsletter prompts, credits,
   bylines, date lines, "Read more: ..." links);
2. lists: a list header ("Related", "Most read", "- In:") and the items under
   it. After the article's last long paragraph a list runs to the next header,
   so sentence-shaped headlines go too; inside the body it stops at the first
   line ending in a period (headlines rarely do), so a short paragraph after
   an inset list survives;
3. header: before the first long paragraph come section labels, the headline
   (the first headline-shaped line), labels and the dek (the next short line);
4. body: everything left between the first and the last long paragraph is
   kept, however short; after the last one, prose is kept until the first
   end-of-article marker (tags, counters, prompts, lists), the rest dropped.

Output choices, made to match the HTML extractor: ``text`` holds the body
paragraphs only, joined by "\\n"; the headline and the dek go to ``title``
and ``dek`` (they are metadata, not boilerplate, so they are not listed in
``dropped`` either). Kept lines are copied verbatim, only stripped, so each
``Segment`` maps back exactly: ``raw[raw_start:raw_end] == text[start:end]``.
A stated date ("Date: ...", "Published ...", a bare date line) becomes
``dump:date`` evidence, "Updated ..." stamps listed after the others so that
the first one found is the publication; a dateline with a full date becomes ``dateline``
evidence, and the agency it credits ("(MP)") stands in as ``author`` when the
dump names no byline, so wire copies stay recognisable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyline.extract.dates import evidence, parse_date
from storyline.lexicon import MONTH_NUMBERS, WEEKDAY_NUMBERS
from storyline.records import DateEvidence, Dropped, Extraction, Segment

# --- line shapes -----------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
# Invisible characters that editors and scrapers leave at line edges (besides whitespace).
_EDGE = frozenset("\ufeff\u200b\u200c\u200d\u200e\u200f\u2060")
# Ends like a sentence: . ! ? … possibly followed by closing quotes or brackets.
_PROSE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_PERIOD_END = re.compile(r"(?<![A-Z])\.[\"'”’)\]]*$")
_BULLET = re.compile(r"^(?:[-–—•*·▪►»◦]|\d{1,2}[.)])\s+")

_BREADCRUMB_LABEL = re.compile(
    r"^(?:current(?:ly)?(?: location| page)?|you are here|location|path)\s*[:：]\s*(?=\S)", re.I)
_CRUMB_SPLIT = re.compile(r"\s*[>›»]\s*")
_HOME = re.compile(r"^(?:home|start|main|index|news|homepage)$", re.I)

_COUNTER = re.compile(
    r"^(?:[\w!?'’ ]{0,24}\(\s*\d[\d,.]*\s*[km]?\s*\)"
    r"|\d[\d,.]*\s*[km]?\s+(?:views?|reads?|comments?|likes?|shares?|reactions?|replies"
    r"|responses)"
    r"|(?:views?|reads?|likes?)"
    r"|(?:views?|reads?|comments?|likes?|shares?|reactions?|replies)\s*[:(]?\s*\d[\d,.]*\s*[km]?\)?"
    r"|\d+\s+of\s+\d+"
    r"|\d+\s*(?:min|mins|minutes?)\s+read"
    r"|(?:reading|read)\s+time\s*:?.{0,20})$",
    re.I,
)
_ADVERT = re.compile(
    r"^(?:advertisement|advertising|advert|ad|ads|sponsored(?: content)?|paid content|promoted"
    r"|(?:story|article) continues below(?: (?:this )?advertisement)?"
    r"|continue reading(?: below)?(?: the main story)?|scroll to continue(?: with content)?)$",
    re.I,
)
_TIP = re.compile(
    r"^(?:(?:got|have) an? (?:news |story )?tip\b|(?:news )?tips?\s*:"
    r"|(?:send|email|share) (?:us )?(?:your )?(?:news |story )?tips?\b"
    r"|(?:do you have|have you got) (?:a (?:news |story )?tip|information)\b.*"
    r"\b(?:contact|email|send|reach|write)\b)",
    re.I,
)
_SHARE_ACTIONS = frozenset(
    "share shares tweet email e-mail print facebook twitter x whatsapp linkedin telegram reddit "
    "pinterest threads bluesky flipboard messenger sms".split()
)
_SHARE_WORDS = _SHARE_ACTIONS | frozenset("copy link save this article story on via url".split())
_FOLLOW = re.compile(
    r"^(?:follow (?:us|[\w.@ ]{1,40}) on\b|like us on\b|find us on\b|connect with us\b"
    r"|share (?:this|the) (?:article|story|post)\b|share on\b)",
    re.I,
)
_SUBSCRIBE = re.compile(
    r"^(?:(?:sign up|subscribe|register|join)\b.*\b(?:newsletters?|inbox|updates|alerts|briefing"
    r"|mailing list)\b"
    r"|(?:get|receive) (?:our|the) .{0,40}\bnewsletters?\b"
    r"|(?:subscribe|sign up|newsletter|subscribe now)$"
    r"|download (?:our|the) app\b)"
    r"|\bdelivered (?:straight |right |directly )?to your inbox\b",
    re.I,
)
_ACCOUNT = re.compile(r"^(?:sign in|log in|login|register|my account|sign out|log out|menu|search)"
                      r"(?:\s*[|/·]\s*(?:sign in|log in|register|subscribe|sign up))*$", re.I)
_CREDIT_LABEL = re.compile(
    r"^(?:(?:file )?photo(?:graph)?s?|images?|pictures?|illustrations?|graphics?|video"
    r"|photo illustration|credit|courtesy(?: of)?|pic)(?: credits?)?\s*(?:[:/|©]|by\b|-\s)\s*\S",
    re.I,
)
_CREDIT_WORDS = frozenset(
    "getty images reuters afp ap epa efe shutterstock alamy istock pool handout file photo "
    "photos via courtesy xinhua yonhap anadolu bloomberg sipa zuma abaca dpa ansa kyodo tass "
    "associated press newscom sopa lightrocket nurphoto imago for and".split()
)
_CREDIT_STRONG = _CREDIT_WORDS - {"via", "for", "and", "file", "photo", "photos", "pool"}
_SLASH_CREDIT = re.compile(
    r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}\s*/\s*[A-Z][\w.&'’-]*(?: [\w.&'’-]+){0,4}$")
_CAPTION_CREDIT = re.compile(
    r"\((?:[^()]*\b(?:photo|photos|image|credit|getty|reuters|afp|ap|file|pool|handout)\b"
    r"[^()]*)\)$",
    re.I,
)
_BYLINE = re.compile(r"^(?:by|written by|words by|story by|reporting by)\s+(?P<rest>\S.*)$",
                     re.I)
_BYLINE_SPLIT = re.compile(r"\s+[|·•–—-]\s+|\s*[|·•]\s*|,\s+(?=\S*\d)")
_DATE_LABEL = re.compile(
    r"^(?P<label>date|published|posted|updated|last updated|first published|last modified"
    r"|modified|publication date|released|created)(?: on| at)?\s*[:：\-–—]?\s*(?P<rest>.*)$",
    re.I,
)
_UPDATED = re.compile(r"^(?:updated|last updated|last modified|modified)\b", re.I)
_COPYRIGHT = re.compile(r"^(?:copyright\b|©|\(c\)\s).*|.*\ball rights reserved\b.*", re.I)
_CREDIT_LINE = re.compile(
    r"^(?:source\s*:|(?:additional |writing and )?(?:reporting|writing|editing|edited)"
    r"(?: by)?\s*:?\s+[A-Z]|\(?(?:reporting|editing) by\b)",
    re.I,
)
_RELATED_LINK = re.compile(
    r"^(?:read more|read also|also read|read next|related|see also|more|watch|listen|"
    r"don'?t miss|recommended|must read)\s*[:|»›>]\s*\S",
    re.I,
)
_BIO = re.compile(
    r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3} (?:is|was|has been) an? (?:[\w-]+ ){0,5}"
    r"(?:reporter|correspondent|writer|editor|journalist|columnist|contributor|producer"
    r"|freelancer|critic)\b"
)
_LIST_HEADER = re.compile(
    r"^(?:related(?: (?:articles?|stories|news|posts|content|coverage|links|reading|topics))?"
    r"|rankings?|recommend(?:ed|ations?)?(?: (?:for you|reading|stories|articles|news))?"
    r"|most (?:read|popular|viewed|shared|commented|emailed|watched)(?: \w+)?"
    r"|trending(?: now| stories| news| topics)?|popular(?: now| stories| posts| news)?"
    r"|more (?:from|on|in|about) .+|more (?:stories|news|articles|headlines|to read|coverage)"
    r"|read (?:more|next|also)|also read|see also|you (?:may|might) also like"
    r"|(?:editor'?s|editors’?|our|staff) picks?|top (?:stories|news|headlines)"
    r"|latest(?: news| stories| headlines| articles)?|don'?t miss|in other news"
    r"|around the web|elsewhere|sponsored (?:stories|content|links)|hot topics?"
    r"|what to read next|more to explore|watch next|further reading)$",
    re.I,
)
_COMMENTS_HEADER = re.compile(
    r"^(?:\d+\s+(?:comments?|responses?|replies)|comments?(?: \(\d+\))?"
    r"|(?:leave|post|add|write) a (?:reply|comment|response)|join the (?:discussion|conversation)"
    r"|show comments|view comments|reader comments|about the author)$",
    re.I,
)
_TAG_HEADER = re.compile(
    r"^(?:in|tags?|topics?|filed under|tagged(?: with| in)?|keywords?|categories|subjects?"
    r"|related topics)\s*:$",
    re.I,
)
_TAG_INLINE = re.compile(
    r"^(?:tags?|topics?|filed under|tagged(?: with| in)?|keywords?|categories)\s*:\s*"
    r"(?P<rest>\S.*)$",
    re.I,
)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z\u00C0-\u00DE'’.-]{2,}(?: [A-Z][A-Z\u00C0-\u00DE'’.-]+){0,3}"
    r"(?:,\s*[A-Z0-9][\w.'’ ]{1,30}?){0,3})\s*(?:\((?P<agency>[^()]{1,40})\))?\s*[—–-]{1,2}\s+\S"
)
_DATE_WORDS = frozenset(MONTH_NUMBERS) | frozenset(WEEKDAY_NUMBERS) | frozenset(
    "at on am pm a.m p.m a m of the st nd rd th updated published posted h".split()
)

_NAME_JOINERS = frozenset("and de van von der al bin da di du la le y".split())

#: Header-zone line lengths: a headline has 3-30 words; a dek at most 30 words
#: and 200 characters (a lead paragraph that short is rare; see `_is_core`).
_HEADLINE_WORDS = (3, 30)
_DEK_WORDS, _DEK_CHARS = 30, 200
#: A "core" paragraph: a line no headline, label or list item is this long.
_CORE_CHARS, _CORE_WORDS = 200, 25

#: Reasons after which, past the last long paragraph, the article is over.
_END_MARKERS = frozenset({
    "tag-list", "related-list", "counter", "share-prompt", "subscribe-prompt", "tip-line",
    "author-bio", "copyright", "comments", "credit-line", "related-link",
})


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def _norm(line: str) -> str:
    return " ".join(w.lower() for w in _words(line))


def _strip_bullet(line: str) -> str:
    return _BULLET.sub("", line, count=1).strip()


def _is_prose(line: str) -> bool:
    """Ends like a sentence (not like a headline, label or link)."""
    return bool(_PROSE_END.search(line))


def _is_core(line: str) -> bool:
    """Long enough that it can only be an article paragraph."""
    return len(line) >= _CORE_CHARS or (_is_prose(line) and len(_words(line)) >= _CORE_WORDS)


def _is_breadcrumb(line: str) -> bool:
    if _BREADCRUMB_LABEL.match(line):
        return True
    parts = _CRUMB_SPLIT.split(line)
    if len(parts) < 2 or not all(parts):
        return False
    if _HOME.match(parts[0].strip()):
        return True
    return len(parts) >= 3 and all(len(_words(p)) <= 6 for p in parts)


def _is_share(line: str) -> bool:
    if _FOLLOW.match(line):
        return len(_words(line)) <= 25
    found = [w.lower() for w in _words(line)]
    return (0 < len(found) <= 12 and all(w in _SHARE_WORDS for w in found)
            and any(w in _SHARE_ACTIONS for w in found) and not _is_prose(line))


def _is_credit(line: str) -> bool:
    if len(line) > 90 or _PERIOD_END.search(line):
        return False
    if _CREDIT_LABEL.match(line) or _SLASH_CREDIT.match(line):
        return True
    found = [w.lower() for w in _words(line)]
    known = sum(w in _CREDIT_WORDS for w in found)
    return (0 < len(found) <= 5 and any(w in _CREDIT_STRONG for w in found)
            and 2 * known >= len(found))


def _is_bare_date(line: str) -> bool:
    """A line that is only a date and time ("June 3, 2031 at 5:12 p.m. EDT")."""
    if len(_words(line)) > 12 or parse_date(line) is None:
        return False
    for word in _words(line):
        low = word.lower().rstrip(".")
        if not (low in _DATE_WORDS or any(c.isdigit() for c in word)
                or (word.isupper() and len(word) <= 4)):
            return False
    return True


@dataclass
class _Line:
    text: str
    start: int
    end: int
    reason: str | None = None
    role: str | None = None  # "title" | "dek" | "body"


@dataclass
class _Found:
    """What the passes collect besides the keep/drop decision of each line."""

    author: str | None = None
    agency: str | None = None
    section: str | None = None
    site: str | None = None
    tags: list[str] = field(default_factory=list)
    dates: list[DateEvidence] = field(default_factory=list)
    updated: list[DateEvidence] = field(default_factory=list)


def _split_lines(raw: str) -> list[_Line]:
    """Non-blank lines, stripped, with their exact span in `raw`."""
    out: list[_Line] = []
    pos = 0
    for piece in raw.splitlines(keepends=True):
        left, right = 0, len(piece)
        while left < right and (piece[left].isspace() or piece[left] in _EDGE):
            left += 1
        while right > left and (piece[right - 1].isspace() or piece[right - 1] in _EDGE):
            right -= 1
        if right > left:
            out.append(_Line(piece[left:right], pos + left, pos + right))
        pos += len(piece)
    return out


def _date_line(line: str, found: _Found) -> bool:
    """A stated publication or update date; records it as ``dump:date`` evidence."""
    if len(_words(line)) > 16:
        return False
    m = _DATE_LABEL.match(line)
    rest, _, by = (m.group("rest") if m else "").partition(" by ")
    if not (m and _is_bare_date(rest)) and not _is_bare_date(line):
        return False
    if by:
        _byline(f"By {by}", found)
    item = evidence("dump:date", line)
    if item:
        (found.updated if _UPDATED.match(line) else found.dates).append(item)
    return True


def _byline(line: str, found: _Found) -> bool:
    m = _BYLINE.match(line)
    if not m or len(_words(line)) > 16 or _PERIOD_END.search(line):
        return False
    parts = [p.strip() for p in _BYLINE_SPLIT.split(m.group("rest")) if p.strip()]
    name = parts[0] if parts else ""
    if not name or not all(w[0].isupper() or w.lower() in _NAME_JOINERS for w in _words(name)):
        return False
    found.author = found.author or name
    rest = m.group("rest")[m.group("rest").index(name) + len(name):]
    if parse_date(rest):
        item = evidence("dump:date", line)
        if item:
            found.dates.append(item)
    return True


def _shape(line: str, found: _Found) -> str | None:
    """The reason a line is furniture wherever it stands, or None."""
    bare = _strip_bullet(line)
    n = len(_words(line))
    if not n:
        return "separator"
    if _is_breadcrumb(line):
        return "breadcrumb"
    if _ADVERT.match(bare.strip(" -–—*:[]()")):
        return "advertisement"
    if len(line) <= 40 and _COUNTER.match(bare):
        return "counter"
    if n <= 40 and _TIP.match(bare):
        return "tip-line"
    if _is_share(bare):
        return "share-prompt"
    if _ACCOUNT.match(bare):
        return "navigation"
    if n <= 40 and _SUBSCRIBE.search(bare):
        return "subscribe-prompt"
    if n <= 25 and _COPYRIGHT.match(bare):
        return "copyright"
    if _date_line(bare, found):
        return "date-line"
    if _byline(bare, found):
        return "byline"
    if n <= 20 and _CREDIT_LINE.match(bare):
        return "credit-line"
    if _is_credit(bare):
        return "image-credit"
    if n <= 40 and _CAPTION_CREDIT.search(bare) and not _is_core(line):
        return "image-caption"
    if n <= 30 and _RELATED_LINK.match(bare):
        return "related-link"
    m = _TAG_INLINE.match(bare)
    if m and n <= 30:
        found.tags.extend(t.strip() for t in re.split(r"\s*[,;|]\s*", m.group("rest")) if t.strip())
        return "tag-list"
    return None


def _header_kind(line: str) -> str | None:
    """The reason for a list header line and the items under it, or None."""
    bare = _strip_bullet(line).strip(" :|-–—»›>[]")
    if len(_words(bare)) > 7 or _is_prose(line):
        return None
    if _TAG_HEADER.match(_strip_bullet(line)):
        return "tag-list"
    if _LIST_HEADER.match(bare):
        return "related-list"
    if _COMMENTS_HEADER.match(bare):
        return "comments"
    return None


# --- passes ------------------------------------------------------------------------


def _captions(lines: list[_Line]) -> None:
    """A short line right above an image credit is that image's caption."""
    for prev, line in zip(lines, lines[1:], strict=False):
        if (line.reason == "image-credit" and prev.reason is None
                and len(_words(prev.text)) <= 30 and not _is_core(prev.text)):
            prev.reason = "image-caption"


def _lists(lines: list[_Line], found: _Found) -> None:
    """Drop list headers and their items (tags, other headlines, comments)."""
    core_at = [i for i, ln in enumerate(lines) if ln.reason is None and _is_core(ln.text)]
    i = 0
    while i < len(lines):
        kind = _header_kind(lines[i].text) if lines[i].reason is None else None
        if kind is None:
            i += 1
            continue
        lines[i].reason = kind
        trailing = not any(c > i for c in core_at)
        j = i + 1
        bulleted = j < len(lines) and bool(_BULLET.match(lines[j].text))
        while j < len(lines):
            line = lines[j]
            if line.reason is None and _header_kind(line.text):
                break
            if line.reason is not None:
                if kind == "tag-list" or not trailing:
                    break
                j += 1
                continue
            if kind == "tag-list":
                tag = _strip_bullet(line.text)
                if len(_words(tag)) > 5 or _is_prose(tag):
                    break
                found.tags.append(tag)
            elif not trailing and (_is_core(line.text) or _PERIOD_END.search(line.text)
                                   or (bulleted and not _BULLET.match(line.text))):
                break
            line.reason = kind
            j += 1
        i = j


def _header(lines: list[_Line], first_core: int, found: _Found) -> None:
    """Section label, headline, labels and dek: the lines before the first long paragraph."""
    zone = [ln for ln in lines[:first_core] if ln.reason is None]
    title_at = next((k for k, ln in enumerate(zone)
                     if _HEADLINE_WORDS[0] <= len(_words(ln.text)) <= _HEADLINE_WORDS[1]
                     and not _PERIOD_END.search(ln.text)), None)
    if title_at is None:
        for ln in zone:
            if not _is_prose(ln.text) and len(_words(ln.text)) <= 4:
                ln.reason = "navigation"
        return
    # "Headline - Site" then "Headline": keep the shorter as the title.
    nxt = zone[title_at + 1] if title_at + 1 < len(zone) else None
    if (nxt is not None and len(_words(nxt.text)) >= _HEADLINE_WORDS[0]
            and 2 * len(nxt.text) >= len(zone[title_at].text)
            and f" {_norm(nxt.text)} " in f" {_norm(zone[title_at].text)} "):
        longer = zone[title_at]
        longer.reason = "duplicate-title"
        if longer.text.startswith(nxt.text):
            site = longer.text[len(nxt.text):].strip(" -|–—:·")
            if site and len(_words(site)) <= 4:
                found.site = site
        title_at += 1
    zone[title_at].role = "title"
    before = zone[:title_at]
    for k, ln in enumerate(before):
        if ln.reason or _is_prose(ln.text):
            continue
        if k == len(before) - 1 and len(_words(ln.text)) <= 4:
            ln.reason = "section-label"
            found.section = found.section or ln.text
        else:
            ln.reason = "navigation"
    dek_done = False
    for ln in zone[title_at + 1:]:
        n = len(_words(ln.text))
        if _norm(ln.text) == _norm(zone[title_at].text):
            ln.reason = "duplicate-title"
        elif not dek_done and n <= 4 and not _is_prose(ln.text):
            ln.reason = "label"
        elif not dek_done and n <= _DEK_WORDS and len(ln.text) <= _DEK_CHARS and not (
                _DATELINE.match(ln.text)):
            ln.role = "dek"
            dek_done = True
        elif not _is_prose(ln.text) and n <= 12:
            ln.reason = "label"


def _tail(lines: list[_Line], last_core: int) -> None:
    """After the last long paragraph: prose until the first end marker, then nothing."""
    ended = False
    for ln in lines[last_core + 1:]:
        if ln.reason is None and len(_words(ln.text)) <= 60 and _BIO.match(ln.text):
            ln.reason = "author-bio"
        if ln.reason in _END_MARKERS:
            ended = True
        elif ln.reason is None and (ended or not (_is_prose(ln.text)
                                                  or len(_words(ln.text)) >= 12)):
            ln.reason = "after-article"


def _breadcrumb_parts(lines: list[_Line], title: str | None, found: _Found) -> None:
    """Section and site from a "Home > Section > Headline - Site" breadcrumb."""
    for ln in lines:
        if ln.reason != "breadcrumb":
            continue
        text = _BREADCRUMB_LABEL.sub("", ln.text)
        crumbs = [c.strip() for c in _CRUMB_SPLIT.split(text) if c.strip()]
        crumbs = [c for c in crumbs if not _HOME.match(c)]
        if not crumbs:
            continue
        last = crumbs[-1]
        if title and title in last:
            head, tail = last.split(title, 1)
            section = head.strip(" -|–—:") or (crumbs[-2] if len(crumbs) > 1 else "")
            site = tail.strip(" -|–—:·")
            if site and len(_words(site)) <= 4:
                found.site = found.site or site
        else:
            section = crumbs[-2] if len(crumbs) > 1 and title else last
        if section and len(_words(section)) <= 5:
            found.section = found.section or section
        return


def _dateline(lines: list[_Line], found: _Found) -> None:
    """Wire credit and any full date from the dateline of the first body paragraph."""
    first = next((ln for ln in lines if ln.role == "body"), None)
    if first is None:
        return
    m = _DATELINE.match(first.text)
    if not m:
        return
    if m.group("agency"):
        found.agency = m.group("agency").strip()
    head = first.text[: m.end() - 1].strip()
    item = evidence("dateline", head) if re.search(r"(?:19|20)\d\d", head) else None
    if item:
        found.dates.append(item)


def _dedupe(items: list[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return tuple(seen)


def extract_textdump(text: str) -> Extraction:
    """Clean a text dump: body paragraphs in `text`, furniture in `dropped` with reasons."""
    lines = _split_lines(text)
    found = _Found()
    for ln in lines:
        ln.reason = _shape(ln.text, found)
    _captions(lines)
    _lists(lines, found)
    core = [i for i, ln in enumerate(lines) if ln.reason is None and _is_core(ln.text)]
    if not core:  # short paragraphs only: any sentence-shaped line anchors the body
        core = [i for i, ln in enumerate(lines)
                if ln.reason is None and _is_prose(ln.text) and len(_words(ln.text)) >= 8]
    first_core = core[0] if core else len(lines)
    _header(lines, first_core, found)
    title_line = next((ln for ln in lines if ln.role == "title"), None)
    title = title_line.text if title_line else None
    if core:
        _tail(lines, core[-1])
    for ln in lines:
        if ln.reason is None and ln.role is None:
            if title and _norm(ln.text) == _norm(title):
                ln.reason = "duplicate-title"
            else:
                ln.role = "body"
    _breadcrumb_parts(lines, title, found)
    _dateline(lines, found)

    kept, segments, out_pos = [], [], 0
    for ln in lines:
        if ln.role == "body":
            segments.append(Segment(out_pos, out_pos + len(ln.text), ln.start, ln.end))
            kept.append(ln.text)
            out_pos += len(ln.text) + 1
    dek = next((ln.text for ln in lines if ln.role == "dek"), None)
    return Extraction(
        text="\n".join(kept),
        title=title,
        dek=dek,
        author=found.author or found.agency,
        site=found.site,
        section=found.section,
        tags=_dedupe(found.tags),
        date_evidence=tuple(found.dates + found.updated),
        dropped=tuple(Dropped(ln.text[:500], ln.reason) for ln in lines if ln.reason),
        segments=tuple(segments),
    )
