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
3. header: before the body (the first long paragraph another one follows, or
   a "FULL TEXT" label) come section labels, the headline, labels, the dek
   and the byline. The headline is the first line of a dump that opens with
   it (a corpus may end it with a period); in a page flattened whole, menus
   and all, it is the line the page repeats, or the one right above its
   byline or date, or the line above the dek nearest the body. A headline
   given beside the text (a JSONL `title`) is found or none is;
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
dump names no byline, so wire copies stay recognisable. A date in the file's
name is ``filename`` evidence, the outlet before it (``outlet_2016-10-27_slug``)
the site when the dump names none; the language is detected from the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyline.extract import language
from storyline.extract.dates import evidence, filename_date, parse_date
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
    r"|download (?:our|the) app\b"
    r"|subscribe to [\w’'. ]{1,40}\b(?:podcast|newsletter|channel)\b)"
    r"|\b(?:sign up|subscribe|join)\b[^.!?]{0,60}\bnewsletters?\b"
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
# "Philadelphia (AFP) –": a place in title case is a dateline when an agency follows.
_DATELINE_CREDIT = re.compile(
    r"^(?P<place>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,2}(?:,\s*[A-Z][\w.'’ ]{1,30}?){0,2})"
    r"\s*\((?P<agency>[^()]{1,40})\)\s*[—–-]{1,2}\s+\S")
_SKIP_NAV = re.compile(
    r"^(?:skip (?:to|navigation)\b|jump to (?:main )?(?:content|navigation)\b"
    r"|(?:toggle|open|close) (?:navigation|menu|search)$|back to top$)", re.I)
_CONTACT = re.compile(
    r"^(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|@\w{2,30}|https?://\S+|www\.\S+)$", re.I)
_CAPTION_LEAD = re.compile(
    r"^(?:above|below|top|bottom|pictured|left|right|inset|main image|top image)\s*:\s*\S", re.I)
_GLUED_CREDIT = re.compile(r"\S(?:Credit|CREDIT)(?:\.\.\.|…|:)\s*\S")
_EDITOR_NOTE = re.compile(
    r"^(?:editor'?s|editors['’]?|editor’s|publisher'?s) note\s*[:\-–—.]", re.I)
_SYNDICATION = re.compile(
    r"^(?:this (?:article|story|post|piece|report|column|essay|interview)"
    r"(?: was| is| has been)? (?:originally |first )?(?:appeared|published|posted|ran"
    r"|republished|reprinted)\b"
    r"|(?:originally|first) (?:published|appeared|posted) (?:on|in|at|by)\b"
    r"|a version of this (?:article|story|report) (?:originally |first )?(?:appeared|ran"
    r"|was published)\b|republished (?:with permission )?from\b)",
    re.I)
# Labels that LexisNexis-style dumps put around the summary and the full text.
_DEK_MARK = re.compile(r"^(?:abstract|summary|synopsis|highlights|standfirst)\W*$", re.I)
_BODY_MARK = re.compile(r"^(?:full text|text|body|article text|story text)\W*$", re.I)
_BY_ALONE = re.compile(r"^(?:by|written by|words by|story by)\s*:?$", re.I)
# A role glued to or following a name in a byline ("Meg JamesStaff Writer").
_ROLE = re.compile(
    r"(?:(?<=[a-z])|\s*[,|·•–—-]?\s*)(?:(?:senior|staff|contributing|special|chief|political"
    r"|deputy|associate|executive|managing|[\w.]+ auto|[\w.]+ news)\s+)*(?:writer|reporter"
    r"|correspondent|editor|columnist|contributor|journalist|producer)s?\b.*$", re.I)
# "Got a tip? Send it to The Lantern": the site names itself.
_TIP_SITE = re.compile(
    r"\b(?i:send|email|e-mail|tell|contact)\b[\w ]{0,20}?\b(?i:to|at)\s+"
    r"(?P<site>(?:the )?[A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*){0,4})")
_COOKIES = re.compile(
    r"\bcookies?\b.*\b(?:use|uses|accept|consent|preferences|settings|privacy|policy|browsing)\b"
    r"|\b(?:we|this (?:site|website)) uses? cookies\b", re.I)
_CLOCK_START = re.compile(r"^\d{1,2}[:.h]\d{2}\b")
_AGENCIES = frozenset(
    "ap afp reuters upi dpa efe ansa xinhua kyodo yonhap tass bloomberg pa aap cnn bbc"
    .split())

_DATE_WORDS = frozenset(MONTH_NUMBERS) | frozenset(WEEKDAY_NUMBERS) | frozenset(
    "at on am pm a.m p.m a m of the st nd rd th updated published posted h".split()
)

_NAME_JOINERS = frozenset("and de van von der al bin da di du la le y".split())

#: Header-zone line lengths: a headline has 3-30 words; a dek at most 30 words
#: and 200 characters (a lead paragraph that short is rare; see `_is_core`).
_HEADLINE_WORDS = (3, 30)
_DEK_WORDS, _DEK_CHARS = 30, 200
#: A dek in a block of its own, with no label before it, is at most this long
#: (a longer line there is the lead paragraph).
_LOOSE_DEK_WORDS = 15
#: In a page flattened whole, the headline is among the last this many lines
#: above the body (byline, date, dek, captions and share buttons between).
_NEAR_BODY = 25
#: A dump that opens with its headline has at most this many lines above the body.
_OPENING_ZONE = 12
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
    block: int = 0  # index of the blank-line-separated block the line is in


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
    pos, block, blank = 0, 0, False
    for piece in raw.splitlines(keepends=True):
        left, right = 0, len(piece)
        while left < right and (piece[left].isspace() or piece[left] in _EDGE):
            left += 1
        while right > left and (piece[right - 1].isspace() or piece[right - 1] in _EDGE):
            right -= 1
        if right > left:
            if blank and out:
                block += 1
            out.append(_Line(piece[left:right], pos + left, pos + right, block=block))
            blank = False
        else:
            blank = True
        pos += len(piece)
    return out


def _date_statement(part: str, found: _Found) -> bool:
    """One "[label] date [by Name]" statement; records its evidence (and byline)."""
    m = _DATE_LABEL.match(part)
    head, _, by = (m.group("rest") if m else part).partition(" by ")
    if not _is_bare_date(head):
        return False
    if by:
        _byline(f"By {by}", found)
    item = evidence("dump:date", part)
    if item:
        (found.updated if _UPDATED.match(part) else found.dates).append(item)
    return True


def _date_line(line: str, found: _Found) -> bool:
    """A stated publication or update date; records it as ``dump:date`` evidence.

    "Published: June 3, 2031 | Updated: June 4, 2031" states two dates; a
    trailing "by Name" ("Monday June 2, 2031 by Jane Roe") names the author.
    """
    if len(_words(line)) > 20:
        return False
    parts = [p for p in re.split(r"\s*[|;]\s*", line) if p]
    if not parts or any(len(_words(p)) > 16 for p in parts):
        return False
    probe = _Found()
    if not all(_date_statement(p, probe) for p in parts):
        return False
    found.author = found.author or probe.author
    found.dates.extend(probe.dates)
    found.updated.extend(probe.updated)
    return True


def _clean_name(text: str) -> str | None:
    """The name at the start of a byline's text: no role, no date, no second author."""
    parts = [p.strip() for p in _BYLINE_SPLIT.split(text) if p.strip()]
    head = parts[0] if parts else ""
    head = head.split(", ")[0]
    head = _ROLE.sub("", head).strip(" ,;|·•–—-")
    kept: list[str] = []
    for word in head.split():
        low = word.lower().strip(".,")
        if (low in MONTH_NUMBERS or low in WEEKDAY_NUMBERS or any(c.isdigit() for c in word)
                or low in ("on", "at", "updated", "published", "posted")):
            break
        kept.append(word)
    name = " ".join(kept).strip(" ,;|·•–—-")
    found = _words(name)
    if not found or len(found) > 6:
        return None
    if not all(w[0].isupper() or w.lower() in _NAME_JOINERS for w in found):
        return None
    return name


def _byline(line: str, found: _Found) -> bool:
    m = _BYLINE.match(line)
    if not m or len(_words(line)) > 16 or _PERIOD_END.search(line):
        return False
    name = _clean_name(m.group("rest"))
    if not name:
        return False
    found.author = found.author or name
    rest = m.group("rest")[len(name):] if m.group("rest").startswith(name) else m.group("rest")
    if parse_date(rest):
        item = evidence("dump:date", line)
        if item:
            found.dates.append(item)
    return True


def _role_line(line: str, found: _Found) -> bool:
    """A name and its role without "By": "Tom Krisher, AP Auto Writer"."""
    if len(_words(line)) > 8 or _is_prose(line):
        return False
    m = _ROLE.search(line)
    if not m or m.start() == 0:
        return False
    name = _clean_name(line[: m.start()])
    if not name or len(_words(name)) < 2:
        return False
    found.author = found.author or name
    return True


_DATE_START = re.compile(
    r"(?<![\w])(?:" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
    + "|" + "|".join(sorted(WEEKDAY_NUMBERS, key=len, reverse=True)) + r")\b|\d", re.I)


def _name_date_line(line: str, found: _Found) -> bool:
    """A byline without "By" run into its date: "Chris Davies - June 3, 2031, 10:31 pm"."""
    if len(_words(line)) > 14 or _PERIOD_END.search(line) or parse_date(line) is None:
        return False
    m = _DATE_START.search(line)
    if m is None or m.start() == 0:
        return False
    head, tail = line[: m.start()].strip(" -–—|·•,"), line[m.start():]
    name = _clean_name(head)
    if not name or name != head or not _is_bare_date(tail.strip(" ,")):
        return False
    if len(_words(name)) < 2 and name.lower() not in _AGENCIES:
        return False
    found.author = found.author or name
    item = evidence("dump:date", tail)
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
    if _ACCOUNT.match(bare) or _SKIP_NAV.match(bare):
        return "navigation"
    if _CONTACT.match(bare):
        return "contact"
    if n <= 80 and _COOKIES.search(bare):
        return "cookie-notice"
    if n <= 150 and _EDITOR_NOTE.match(bare):
        return "editor-note"
    if n <= 60 and _SYNDICATION.match(bare):
        return "syndication-note"
    if n <= 40 and _SUBSCRIBE.search(bare):
        return "subscribe-prompt"
    if n <= 25 and _COPYRIGHT.match(bare):
        return "copyright"
    if _date_line(bare, found):
        return "date-line"
    if _byline(bare, found) or _name_date_line(bare, found) or _role_line(bare, found):
        return "byline"
    if _DATE_LABEL.fullmatch(bare.strip(" :")) and not _DATE_LABEL.match(bare).group("rest"):
        return "date-line"  # "Updated" alone, its date on the next line
    if n <= 20 and _CREDIT_LINE.match(bare):
        return "credit-line"
    if _is_credit(bare):
        return "image-credit"
    if n <= 40 and _CAPTION_CREDIT.search(bare) and not _is_core(line):
        return "image-caption"
    if n <= 60 and (_CAPTION_LEAD.match(bare) or _GLUED_CREDIT.search(bare)):
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


def _notes(lines: list[_Line]) -> None:
    """An editor's or syndication note runs to the end of its block: all of it goes."""
    for i, ln in enumerate(lines):
        if ln.reason not in ("editor-note", "syndication-note"):
            continue
        for nxt in lines[i + 1:]:
            if nxt.block != ln.block or nxt.reason is not None:
                break
            nxt.reason = ln.reason


def _loose_bylines(lines: list[_Line], found: _Found) -> None:
    """A "By" line on its own: the name is on the next line, and so are its role lines."""
    for i, ln in enumerate(lines[:-1]):
        if ln.reason is not None or not _BY_ALONE.match(ln.text):
            continue
        name = _clean_name(lines[i + 1].text)
        if lines[i + 1].reason is not None or not name or len(_words(lines[i + 1].text)) > 8:
            continue
        ln.reason = lines[i + 1].reason = "byline"
        found.author = found.author or name


def _headline_shaped(text: str) -> bool:
    n = len(_words(text))
    return (_HEADLINE_WORDS[0] <= n <= _HEADLINE_WORDS[1] and len(text) <= 300
            and not text.endswith(":") and not _DATELINE.match(text)
            and not _CAPTION_LEAD.match(text) and not _CLOCK_START.match(text)
            and any(c.isupper() for c in text))


def _is_label(text: str) -> bool:
    """A short label ("INSIDER", "ABSTRACT.", "Letters.", "Opinion Columnist"), not a sentence."""
    found = _words(text)
    if not found or len(found) > 4:
        return False
    if _DEK_MARK.match(text) or _BODY_MARK.match(text):
        return True
    if all(w.isupper() or not w.isalpha() for w in found):
        return True
    return not _is_prose(text) or len(found) == 1


def _pick_title(zone: list[_Line], title_hint: str | None) -> int | None:
    """Index in `zone` of the headline, or None.

    1. A headline given with the document (a JSONL `title`) is found, or none is.
    2. A dump that opens with its headline (at most two short labels before
       it: a section name, a breadcrumb) has it first.
    3. Else the page was flattened whole, menus and all: the headline is
       the line the page repeats (in a breadcrumb, a share box, a gallery),
    4. or the headline-shaped line nearest the body, above the dek (a
       sentence under a line that is not one) and the byline and date lines.
    """
    shaped = [k for k, ln in enumerate(zone) if ln.reason is None and _headline_shaped(ln.text)]
    if title_hint is not None:
        want = _norm(title_hint)
        return next((k for k in shaped if _norm(zone[k].text) == want), None)
    if not shaped:
        return None
    first = shaped[0]
    before = [ln for ln in zone[:first] if ln.reason is None]
    if (len(zone) <= _OPENING_ZONE and len(before) <= 2
            and all(len(_words(ln.text)) <= 4 for ln in before)):
        return first
    # a whole page: the headline sits just above the body, under the menus
    near = len(zone) - _NEAR_BODY
    shaped = [k for k in shaped if k >= near] or shaped[-1:]
    byline = next((k for k, ln in enumerate(zone) if k >= near and ln.reason == "byline"), None)
    if byline is not None and any(k < byline for k in shaped):
        shaped = [k for k in shaped if k < byline]  # a headline is never under its byline
    norms = [f" {_norm(ln.text)} " for ln in zone]

    def echoed(k: int) -> bool:
        """Said again elsewhere, in other company: not a menu repeated whole."""
        return any(norms[k] in other and (j == 0 or k == 0 or norms[j - 1] != norms[k - 1])
                   for j, other in enumerate(norms) if j != k)

    repeated = [k for k in shaped if len(_words(zone[k].text)) >= 4 and echoed(k)]
    if repeated:
        # the standalone copy nearest the body, not "Opinion | Headline"
        return max(repeated, key=lambda k: (
            not any(norms[j] in norms[k] and j != k for j in repeated), k))
    stated = [k for k in shaped if k + 1 < len(zone)
              and zone[k + 1].reason in ("byline", "date-line")]
    if stated:
        return stated[-1]  # the headline right above its byline or date
    last = shaped[-1]
    prev = shaped[-2] if len(shaped) > 1 else None
    if (prev is not None and _is_prose(zone[last].text) and not _is_prose(zone[prev].text)
            and all(ln.reason is not None for ln in zone[prev + 1:last])):
        return prev
    return last


def _header(lines: list[_Line], first_core: int, found: _Found,
            title_hint: str | None = None) -> None:
    """Section label, headline, labels, dek and byline: the lines before the body.

    The body starts at the first long paragraph, or right after a "FULL TEXT"
    label (LexisNexis-style dumps put an "ABSTRACT" summary before it).
    """
    mark = first_core if (first_core < len(lines) and lines[first_core].reason is None
                          and _BODY_MARK.match(lines[first_core].text)) else None
    if mark is not None:
        lines[mark].reason = "label"
    zone = [ln for ln in lines[:first_core] if ln.reason is None]
    title_at = _pick_title(zone, title_hint)
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
    title = zone[title_at]
    title.role = "title"
    before = zone[:title_at]
    for k, ln in enumerate(before):
        if ln.reason or (_is_prose(ln.text) and len(_words(ln.text)) > 4):
            ln.reason = ln.reason or "navigation"
            continue
        if k == len(before) - 1 and len(_words(ln.text)) <= 4:
            ln.reason = "section-label"
            found.section = found.section or ln.text
        else:
            ln.reason = "navigation"
    after = zone[title_at + 1:]
    dek_done = False
    for k, ln in enumerate(after):
        n = len(_words(ln.text))
        prev = after[k - 1] if k else title
        if ln.reason:
            continue
        if _norm(ln.text) == _norm(title.text):
            ln.reason = "duplicate-title"
        elif _is_label(ln.text):
            ln.reason = "label"
        elif not dek_done and n <= _DEK_WORDS and len(ln.text) <= _DEK_CHARS and not (
                _DATELINE.match(ln.text)) and (mark is not None or ln.block == title.block
                                              or prev.reason == "label" or n <= _LOOSE_DEK_WORDS):
            ln.role = "dek"
            dek_done = True
        elif not dek_done and mark is not None and _DEK_MARK.match(prev.text):
            ln.role = "dek"  # the abstract of a LexisNexis-style dump
            dek_done = True
        elif mark is not None:
            ln.reason = "header"
        elif not _is_prose(ln.text) and n <= 12 and not _DATELINE.match(ln.text):
            ln.reason = "label"
    _header_byline(after, found)


def _header_byline(after: list[_Line], found: _Found) -> None:
    """A name-shaped line beside a date line under the headline is the byline."""
    if found.author:
        return
    for k, ln in enumerate(after):
        if ln.reason not in ("label", None) or ln.role == "dek":
            continue
        near = [after[j].reason for j in (k - 1, k + 1) if 0 <= j < len(after)]
        if "date-line" not in near:
            continue
        name = _clean_name(ln.text)
        if name and (len(_words(name)) >= 2 or name.lower() in _AGENCIES):
            ln.reason = "byline"
            found.author = name
            return


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
    m = _DATELINE.match(first.text) or _DATELINE_CREDIT.match(first.text)
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


# "outlet_2016-10-27_slug.txt": the collector's convention names the outlet first.
_NAME_OUTLET = re.compile(
    r"^(?P<outlet>[A-Za-z][\w.-]{0,40}?)[_ ](?:19|20)\d{2}[-_.]\d{2}[-_.]\d{2}[_ ]")


def _body_start(lines: list[_Line], core: list[int]) -> int:
    """The first long paragraph that another paragraph follows closely.

    A long line alone among menus (an affiliate notice, a teaser) is not where
    the article starts.
    """
    for i in core:
        nxt = [ln for ln in lines[i + 1:i + 6] if ln.reason is None]
        if any(_is_core(ln.text) or (_is_prose(ln.text) and len(_words(ln.text)) >= 8)
               for ln in nxt[:3]):
            return i
    return core[0] if core else len(lines)


def _site_from_name(name: str | None) -> str | None:
    if not name:
        return None
    m = _NAME_OUTLET.match(re.split(r"[/\\]", name)[-1])
    return m.group("outlet") if m else None


def _site_from_tip(lines: list[_Line]) -> str | None:
    """The site's own name in its tip line ("Send it to The Lantern here")."""
    for ln in lines:
        if ln.reason == "tip-line":
            m = _TIP_SITE.search(ln.text)
            if m:
                site = re.sub(r"\s+(?:here|now|today)$", "", m.group("site"), flags=re.I)
                return site.strip(" .") or None
    return None


def extract_textdump(text: str, name: str | None = None,
                     title_hint: str | None = None) -> Extraction:
    """Clean a text dump: body paragraphs in `text`, furniture in `dropped` with reasons.

    `name` is the file's name or path: a date in it (``outlet_2016-10-27_slug.txt``)
    is ``filename`` date evidence, and the outlet before the date the fallback
    site. `title_hint` is a headline given beside the text (a JSONL `title`):
    the dump's headline is then that line or none, never its first paragraph.
    """
    lines = _split_lines(text)
    found = _Found()
    for ln in lines:
        ln.reason = _shape(ln.text, found)
    _notes(lines)
    _loose_bylines(lines, found)
    _captions(lines)
    _lists(lines, found)
    core = [i for i, ln in enumerate(lines) if ln.reason is None and _is_core(ln.text)]
    if not core:  # short paragraphs only: any sentence-shaped line anchors the body
        core = [i for i, ln in enumerate(lines)
                if ln.reason is None and _is_prose(ln.text) and len(_words(ln.text)) >= 8]
    first_core = _body_start(lines, core)
    mark = next((i for i, ln in enumerate(lines[:12])
                 if ln.reason is None and _BODY_MARK.match(ln.text)), None)
    if mark is not None and first_core < mark:
        first_core = mark
    _header(lines, first_core, found, title_hint)
    title_line = next((ln for ln in lines if ln.role == "title"), None)
    title = title_line.text.rstrip(" ;") if title_line else None
    if core and core[-1] >= first_core:
        _tail(lines, core[-1])
    for ln in lines:
        if ln.reason is None and ln.role is None:
            if title and _norm(ln.text) == _norm(title):
                ln.reason = "duplicate-title"
            else:
                ln.role = "body"
    _breadcrumb_parts(lines, title, found)
    _dateline(lines, found)
    named = filename_date(name)
    if named:
        found.dates.append(named)

    kept, segments, out_pos = [], [], 0
    for ln in lines:
        if ln.role == "body":
            segments.append(Segment(out_pos, out_pos + len(ln.text), ln.start, ln.end))
            kept.append(ln.text)
            out_pos += len(ln.text) + 1
    dek = next((ln.text for ln in lines if ln.role == "dek"), None)
    body = "\n".join(kept)
    return Extraction(
        text=body,
        title=title,
        dek=dek,
        author=found.author or found.agency,
        site=found.site or _site_from_tip(lines) or _site_from_name(name),
        language=language.detect(" ".join(filter(None, (title, dek, body))))[0],
        section=found.section,
        tags=_dedupe(found.tags),
        date_evidence=tuple(found.dates + found.updated),
        dropped=tuple(Dropped(ln.text[:500], ln.reason) for ln in lines if ln.reason),
        segments=tuple(segments),
    )
