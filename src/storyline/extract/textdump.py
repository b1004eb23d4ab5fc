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
   a "FULL TEXT" label; past other stories' teasers, a headline and its lead
   again and again, when a later headline has its date or byline under it)
   come section labels, the headline, labels, the dek and the byline. The
   headline is the first line of a dump that opens with it (a corpus may end
   it with a period); in a page flattened whole, menus and all, the
   headline-shaped line near the body that scores best on its byline or date
   right under it, its words in the lead, being repeated on the page, its
   length and no closing full stop (`dump_headline`); the byline and the
   dates are then the ones under the headline, not a menu's or the
   masthead's. A headline given beside the text (a JSONL `title`) is found
   or none is;
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
from storyline.extract.dump_headline import (
    _HEADLINE_WORDS,
    _NEAR_BODY,
    _OPENING_ZONE,
    _pick_title,
    _stated_gap,
    _wiki_page,
)
from storyline.extract.dump_lines import (
    _BULLET,
    _BY_ALONE,
    _CAPTION_CREDIT,
    _CAPTION_LEAD,
    _DATELINE,
    _GLUED_CREDIT,
    _PERIOD_END,
    _PROSE_END,
    _UNSPACED,
    _is_prose,
    _Line,
    _norm,
    _words,
)
from storyline.lexicon import FOREIGN_MONTHS, MONTH_NUMBERS, WEEKDAY_NUMBERS
from storyline.records import DateEvidence, Dropped, Extraction, Segment

# --- line shapes -----------------------------------------------------------------

# How the next line of a hard-wrapped paragraph starts: in lower case (or how the line
# before it ends: with a word no headline ends with).
_WRAP_NEXT = re.compile(r"^[\"'“‘(]?[a-zà-ÿ]")
_WRAP_END = re.compile(
    r"\s(?:the|a|an|of|to|in|and|or|but|for|with|on|at|by|from|as|that|who|which|whose|has"
    r"|have|had|was|were|is|are|be|been|its|their|his|her|this|these|than|into|about"
    # the same in Spanish, French, German, Italian, Portuguese
    r"|de|del|el|la|los|las|en|y|que|por|con|para|una|les|des|du|et|au|aux|der|das|und"
    r"|mit|von|zu|il|di|della|dos|da|em),?$")
# Invisible characters that editors and scrapers leave at line edges (besides whitespace).
_EDGE = frozenset("\ufeff\u200b\u200c\u200d\u200e\u200f\u2060")

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
    "pinterest threads bluesky flipboard messenger sms tumblr stumbleupon pocket mix".split()
)
_SHARE_WORDS = _SHARE_ACTIONS | frozenset(
    "copy link save this article story on via url click to submit opens open in new window tab "
    "a friend".split())
_FOLLOW = re.compile(
    r"^(?:follow (?:us|[\w.@ ]{1,40}) on\b|like us on\b|find us on\b|connect with us\b"
    r"|share (?:this|the) (?:article|story|post)\b|share on\b)",
    re.I,
)
_SUBSCRIBE = re.compile(
    r"^(?:(?:sign up|subscribe|register|join)\b.*\b(?:newsletters?|inbox|updates|alerts|briefing"
    r"|mailing list)\b"
    r"|(?:get|receive) (?:our|the) .{0,40}\bnewsletters?\b"
    r"|(?:subscribe|sign up|newsletter|subscribe now|become an? (?:member|subscriber))$"
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
_BYLINE = re.compile(
    r"^(?:by|written by|words by|story by|reporting by)(?:\s*:\s*|\s+)(?P<rest>\S.*)$", re.I)
_BYLINE_SPLIT = re.compile(r"\s+[|·•–—-]\s+|\s*[|·•]\s*|,\s+(?=\S*\d)")
_DATE_LABEL = re.compile(
    r"^(?P<label>date|published|posted|updated|last updated|first published|last modified"
    r"|modified|publication date|released|created"
    # the same in German, French, Spanish, Portuguese, Italian and Dutch
    r"|publiziert|veröffentlicht|erschienen|aktualisiert|publié|mis à jour|publicado|actualizado"
    r"|atualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt)"
    r"(?: on| at| am| le| el| em| il| op)?\s*[:：\-–—]?\s*(?P<rest>.*)$",
    re.I,
)
# A label in any language, then a colon and a time stamp: "기사입력 :[ 2018-08-25 15:24 ]"
# (without the time of day, "Correction: October 2, 2016" is a sentence of the story).
_ANY_LABEL = re.compile(r"^(?P<label>[^\W\d_]{1,20})\s*[:：]\s*(?P<rest>\S.*)$")
# A line opening with a numeric date ("13/06/2014", "2014-06-13"), then other words.
_DATE_FIRST = re.compile(
    r"^(?:\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)(?=\s)")
_CLOCK = re.compile(r"\b\d{1,2}[:.h]\d{2}\b")
_UPDATED = re.compile(r"^(?:updated|last updated|last modified|modified|aktualisiert|mis à jour"
                      r"|actualizado|atualizado|aggiornato|bijgewerkt)\b", re.I)
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
    r"(?: like this(?: one)?| for you)?"
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
# "Philadelphia (AFP) –": a place in title case is a dateline when an agency follows.
_DATELINE_CREDIT = re.compile(
    r"^(?P<place>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,2}(?:,\s*[A-Z][\w.'’ ]{1,30}?){0,2})"
    r"\s*\((?P<agency>[^()]{1,40})\)\s*[—–-]{1,2}\s+\S")
_SKIP_NAV = re.compile(
    r"^(?:skip (?:to|navigation)\b|jump to (?:main )?(?:content|navigation)\b"
    r"|(?:toggle|open|close) (?:navigation|menu|search)$|back to top$"
    r"|(?:open|get|use|continue) in (?:the )?app$|get the app$)", re.I)
# A link back to the list the article was opened from: "Back to overview", "Zurück zur Übersicht".
_BACK_LINK = re.compile(
    r"^(?:(?:go )?back to|return to)\s+(?:the\s+)?(?:overview|list|listing|index|blog|news"
    r"|articles|stories|posts|results|search results|all (?:news|articles|stories|posts)"
    r"|home ?page|home|main page|front page)$"
    r"|^zurück\s+(?:zu[rm]?\s+)?(?:\w*übersicht|startseite|liste|blog)$"
    r"|^retour\s+(?:à\s+la\s+liste|à\s+l['’]accueil|aux\s+(?:articles|actualités))$"
    r"|^(?:volver|regresar)\s+(?:al?\s+)(?:listado|inicio|portada|blog)$", re.I)
_WELCOME = re.compile(r"^welcome (?:to|back)\b", re.I)
_CONTACT = re.compile(
    r"^(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|@\w{2,30}|https?://\S+|www\.\S+)$", re.I)
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
_AGENCIES = frozenset(
    "ap afp reuters upi dpa efe ansa xinhua kyodo yonhap tass bloomberg pa aap cnn bbc"
    .split())

#: Weekdays and the small words of a date in German, French, Spanish, Italian,
#: Portuguese and Dutch ("sexta-feira, 22 de outubro de 2031 às 20:13").
_FOREIGN_DATE_WORDS = frozenset(
    "montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag lundi mardi mercredi "
    "jeudi vendredi samedi dimanche lunes martes miércoles miercoles jueves viernes sábado sabado "
    "domingo lunedì martedì mercoledì giovedì venerdì domenica segunda-feira terça-feira "
    "quarta-feira quinta-feira sexta-feira maandag dinsdag woensdag donderdag vrijdag zaterdag "
    "zondag de del do da às as a las um uhr à le el il".split())
_DATE_WORDS = frozenset(MONTH_NUMBERS) | frozenset(WEEKDAY_NUMBERS) | frozenset(
    m for names in FOREIGN_MONTHS for m in names) | _FOREIGN_DATE_WORDS | frozenset(
    "at on am pm a.m p.m a m of the st nd rd th updated published posted h".split()
)

#: Time zones as pages write them after a time, in any case ("11:06am ist").
_TIME_ZONES = frozenset(
    "utc gmt est edt cst cdt mst mdt pst pdt akst hst ast adt bst ist cet cest eet eest wet "
    "west msk jst kst hkt sgt aest aedt awst nzst nzdt wib sast wat eat et pt ct mt".split())

_NAME_JOINERS = frozenset("and de van von der al bin da di du la le y".split())

#: Header-zone line lengths: a dek at most 30 words
#: and 200 characters (a lead paragraph that short is rare; see `_is_core`).
_DEK_WORDS, _DEK_CHARS = 30, 200
#: A dek in a block of its own, with no label before it, is at most this long
#: (a longer line there is the lead paragraph).
_LOOSE_DEK_WORDS = 15
#: Characters in a run of hard-wrapped lines that make it a paragraph.
_WRAPPED_CHARS = 120
#: A "core" paragraph: a line no headline, label or list item is this long.
_CORE_CHARS, _CORE_WORDS = 200, 25


#: Lines above the headline where its byline may stand (a name over the date over it).
_BYLINE_ABOVE = 6

#: Reasons after which, past the last long paragraph, the article is over.
_END_MARKERS = frozenset({
    "tag-list", "related-list", "counter", "share-prompt", "subscribe-prompt", "tip-line",
    "author-bio", "copyright", "comments", "credit-line", "related-link",
})






def _strip_bullet(line: str) -> str:
    return _BULLET.sub("", line, count=1).strip()




def _is_core(line: str) -> bool:
    """Long enough that it can only be an article paragraph (in Chinese or
    Japanese, two characters to a word: those scripts put no spaces between words)."""
    return len(line) >= _CORE_CHARS or (_is_prose(line) and (
        len(_words(line)) >= _CORE_WORDS or len(_UNSPACED.findall(line)) >= 2 * _CORE_WORDS))


def _core(ln: _Line) -> bool:
    """A line of the article's body for sure: a long paragraph, or part of one."""
    return ln.wrapped or _is_core(ln.text)


def _wrapped(lines: list[_Line]) -> None:
    """Mark the lines of paragraphs hard-wrapped over several lines.

    A line of 40 characters or more without a sentence end, followed by one
    that starts in lower case (or itself ending in "the", "of", "and" ...:
    no headline does), goes on in that line; three such lines or more
    (`_WRAPPED_CHARS` in all) are a paragraph however short each line is, so it
    anchors the body as a long paragraph does (and ends a list above it).
    """
    run: list[_Line] = []
    for ln in [*lines, None]:
        if (run and ln is not None and ln.reason is None and ln.block == run[-1].block
                and len(run[-1].text) >= 40 and not _PROSE_END.search(run[-1].text)
                and (_WRAP_NEXT.match(ln.text) or _WRAP_END.search(run[-1].text))):
            run.append(ln)
            continue
        if len(run) >= 3 and sum(len(x.text) for x in run) >= _WRAPPED_CHARS:
            for x in run:
                x.wrapped = True
        run = [ln] if ln is not None and ln.reason is None else []


def _is_breadcrumb(line: str) -> bool:
    if _BREADCRUMB_LABEL.match(line):
        return True
    parts = _CRUMB_SPLIT.split(line)
    if len(parts) < 2 or not all(parts):
        return False
    if _HOME.match(parts[0].strip()):
        return True
    return len(parts) >= 3 and all(len(_words(p)) <= 6 for p in parts)


# A word's end glued to the next word's capital: menu links run together ("CineGuía").
_GLUED_WORDS = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ]")


def _is_glued_menu(line: str) -> bool:
    """Menu links run together with no space ("DeportesFútbolBásquetRugbyTenis",
    "TránsitoGuía de CineGuía de TeatroHumor"): three joins or more, at least one for
    every two words, no digit (a live blog's glued "ShareLikeReply 10:47PM" stamps) and no
    sentence end. A camel-cased brand ("YouTube") is one join."""
    joins = len(_GLUED_WORDS.findall(line))
    return (joins >= 3 and 2 * joins >= len(line.split()) and not _is_prose(line)
            and not any(c.isdigit() for c in line))


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
    if len(_words(line)) > 12 or parse_date(_long_years(line)) is None:
        return False
    for word in _words(line):
        low = word.lower().rstrip(".")
        if not (low in _DATE_WORDS or low in _TIME_ZONES or any(c.isdigit() for c in word)
                or (word.isupper() and len(word) <= 4)):
            return False
    return True


_RELATIVE_STAMP = re.compile(
    r"^(?:(?:published|posted|updated|last updated)\s*:?\s*)?(?:\d+|an?|one)\s+"
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago$"
    # the same in German, French, Spanish, Portuguese, Italian, Dutch, Czech
    r"|^(?:vor|il y a|hace|há|před)\s+(?:\d+|einer?|une?|una?)\s+\w{3,12}$"
    r"|^\d+\s+(?:minut[io]|or[ae]|giorn[oi]|minuten|uur|dagen)\s+(?:fa|geleden)$", re.I)


# "Monday 6:30PM", "Yesterday 2:45 pm", "Today at 09:10 BST": a day and a time.
_DAY_TIME = re.compile(
    r"^(?:today|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+"
    r"(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[a-z]{2,4})?$", re.I)


def _is_stamp(line: str) -> bool:
    """A time stamp without a year ("Updated Nov 19, 6:55 AM", "Published 1 day ago",
    "Monday 6:30PM").

    It dates nothing (no evidence), but it is header furniture, and it marks
    the headline above it as a byline or full date does.
    """
    parts = [p for p in re.split(r"\s*[|;]\s*", line) if p]
    if not parts or len(_words(line)) > 16:
        return False
    for part in parts:
        if _RELATIVE_STAMP.match(part) or _DAY_TIME.match(part):
            continue
        m = _DATE_LABEL.match(part)
        found = _words(m.group("rest") if m else part)
        if not any(w.lower().rstrip(".") in MONTH_NUMBERS for w in found) or not any(
                w.isdigit() for w in found):
            return False
        if not all(w.lower().rstrip(".") in _DATE_WORDS or w.isdigit()
                   or (w.isupper() and len(w) <= 4) for w in found):
            return False
    return True




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
    m = _DATE_LABEL.match(part) or (_ANY_LABEL.match(part) if _CLOCK.search(part) else None)
    head, _, by = (m.group("rest") if m else part).partition(" by ")
    if not _is_bare_date(head.strip(" []()")):
        return False
    if by:
        _byline(f"By {by}", found)
    item = evidence("dump:date", _long_years(part))
    if item:
        (found.updated if _UPDATED.match(part) else found.dates).append(item)
    return True


_CLOCK_ONLY = re.compile(r"^\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?$", re.I)


# What flattening glues to a date: its time ("Nov 20 20314:29 AM"), the next stamp
# ("... ESTUpdated an hour ago").
_GLUED_TIME = re.compile(r"\b((?:19|20)\d\d)(\d{1,2}:\d\d)\b")
_GLUED_STAMP = re.compile(r"(?:(?<=[a-z])|(?<=[A-Z]{2}))(?=(?:Updated|Published|Posted)\b)")
_SOURCE_PART = re.compile(r"^source\s*:\s*\S.{0,40}$", re.I)


def _date_line(line: str, found: _Found) -> bool:
    """A stated publication or update date; records it as ``dump:date`` evidence.

    "Published: June 3, 2031 | Updated: June 4, 2031" states two dates; a
    trailing "by Name" ("Monday June 2, 2031 by Jane Roe") names the author.
    """
    if len(_words(line)) > 20:
        return False
    line = _GLUED_STAMP.sub(" | ", _GLUED_TIME.sub(r"\1 \2", line))
    parts = [p for p in re.split(r"\s*[|;]\s*|\s+/\s+", line) if p]
    if not parts or any(len(_words(p)) > 16 for p in parts):
        return False
    probe = _Found()
    # "June 3, 2031 / 12:21 AM / Updated 14 hours ago": a time and a stamp beside the date;
    # "... | Source: Harbour Ledger": the credit beside it
    if not all(_date_statement(p, probe) or (k and (_CLOCK_ONLY.match(p)
                                                   or _RELATIVE_STAMP.match(p)
                                                   or _SOURCE_PART.match(p)))
               for k, p in enumerate(parts)):
        return False
    found.author = found.author or probe.author
    found.dates.extend(probe.dates)
    found.updated.extend(probe.updated)
    return True


# What a page glues to a name: its site in capitals, or a handle.
_GLUED_TAIL = re.compile(r"(?:(?<=[a-z])(?=[A-Z]{2,})|(?<=\w)@\w).*$")


def _clean_name(text: str) -> str | None:
    """The name at the start of a byline's text: no role, no date, no second author."""
    parts = [p.strip() for p in _BYLINE_SPLIT.split(text) if p.strip()]
    head = parts[0] if parts else ""
    head = head.split(", ")[0]
    head = _ROLE.sub("", head).strip(" ,;|·•–—-")
    head = _GLUED_TAIL.sub("", head)  # "Jane RoeFOXBusiness", "Jane Roe@janeroe"
    first, _, other = head.partition(" and ")
    if len(_words(first)) >= 2 and other[:1].isupper():
        head = first  # "Jane Roe and John Doe": the first author
    kept: list[str] = []
    for word in head.split():
        low = word.lower().strip(".,")
        glued = re.match(r"([^\W\d_]{2,})\d", word)  # "Nolan22 Dec 2016": a date run into it
        if glued:
            kept.append(glued.group(1))
            break
        if (low in MONTH_NUMBERS or low in WEEKDAY_NUMBERS or any(c.isdigit() for c in word)
                or low in ("on", "at", "updated", "published", "posted")):
            break
        kept.append(word)
    name = " ".join(kept).strip(" ,;|·•–—-")
    found = _words(name)
    if not found or len(found) > 6 or ":" in name:  # "Source: Defense Ministry" is no name
        return None
    if not name[:1].isalpha():  # ". The Hollywood Reporter. Retrieved ...": a citation's tail
        return None
    if not all(w[0].isupper() or w.lower() in _NAME_JOINERS for w in found):
        return None
    return name


_TWEET_CREDIT = re.compile(r"^[—–-]\s*[^()]{1,60}\(@\w{1,30}\)")
_HANDLE_DATE = re.compile(r"^(?P<name>[a-z][\w.-]{1,30})\s*[-–—|·•,]\s*(?P<date>\S.*)$")
# "11/19/19": a US date with a two-digit year.
_SHORT_YEAR = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2})\b(?!/)")


def _long_years(text: str) -> str:
    """ "11/19/19 06:56 AM" -> "11/19/2019 06:56 AM" (dates read only four-digit years)."""
    return _SHORT_YEAR.sub(lambda m: f"{m.group(1)}/{m.group(2)}/20{m.group(3)}", text)


def _byline(line: str, found: _Found) -> bool:
    m = _BYLINE.match(line)
    if not m or len(_words(line)) > 16 or _PERIOD_END.search(line):
        return False
    name = _clean_name(m.group("rest"))
    if not name:
        handle = _HANDLE_DATE.match(m.group("rest"))  # "By admin - 2018-09-16"
        if not handle or not parse_date(_long_years(handle.group("date"))):
            return False
        name = handle.group("name")
    found.author = found.author or name
    rest = m.group("rest")[len(name):] if m.group("rest").startswith(name) else m.group("rest")
    if parse_date(_long_years(rest)):
        item = evidence("dump:date", _long_years(line))
        if item:
            found.dates.append(item)
    return True


# "By Jane Roe, a deputy editor who has covered ...": a byline run into the author's bio.
_BIO_BY = re.compile(r"^by\s+(?P<name>[^,]{3,40}),\s+(?:a|an|the)\s+\S", re.I)
# "Par Jane Roe (avec John Doe)", "Por Juan Pérez": "By" in French, Spanish, Portuguese.
_FOREIGN_BY = re.compile(r"^(?:[Pp]ar|[Pp]or)\s+(?P<rest>[A-ZÀ-Þ][^()|]{2,50}?)\s*(?:\(.*)?$")
# Capitalised words a headline has and a name has not ("Par For The Course").
_NOT_NAME_WORDS = frozenset("for the of a an in on to at le la les el los las un une".split())


def _matched_name(pattern: re.Pattern[str], line: str, found: _Found) -> bool:
    """The line matches `pattern` and its "name" group is a clean name of two words or
    more, as written: the author."""
    m = pattern.match(line)
    name = _clean_name(m.group("name")) if m else None
    if not name or name != m.group("name").strip() or len(_words(name)) < 2:
        return False
    found.author = found.author or name
    return True


def _bio_byline(line: str, found: _Found) -> bool:
    """"By Name, a ... editor ...": the name of two words or more; the bio is no byline's."""
    return _matched_name(_BIO_BY, line, found)


def _foreign_byline(line: str, found: _Found) -> bool:
    """"Par Name" / "Por Name" on one line: two to four capitalised words, no headline's."""
    m = _FOREIGN_BY.match(line)
    if not m or len(_words(line)) > 16:
        return False
    name = _clean_name(m.group("rest"))
    found_words = _words(name or "")
    if (not name or not 2 <= len(found_words) <= 4
            or any(w.lower() in _NOT_NAME_WORDS and w[:1].isupper() for w in found_words)):
        return False
    found.author = found.author or name
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
    head, tail = line[: m.start()].strip().strip(" -–—|·•,"), line[m.start():]
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


# "Jane RoeView More Articles", "Jane Roe | All posts": a name beside its author page's link.
_AUTHOR_LINK = re.compile(
    r"^(?P<name>[^\W\d_][^|]{2,40}?)\s*[|·•]?\s*(?:view|see|read|browse)?\s*(?:more|all)"
    r"\s+(?:articles|posts|stories)(?:\s+by\b.*)?$", re.I)


def _author_link_line(line: str, found: _Found) -> bool:
    """A name and the link to the author's other articles: the byline without "By"."""
    return _matched_name(_AUTHOR_LINK, line, found)


# "... /by jdadmin", "... | By: Jane Roe": the author at the end of a post's meta line.
_META_BY = re.compile(r"[/|·•]\s*by\s*:?\s+(?P<name>[^/|·•]{2,40})$", re.I)
_HANDLE = re.compile(r"^[a-z][\w.-]{1,29}$")


def _post_meta_line(line: str, found: _Found) -> bool:
    """A blog post's meta line: its date first, its author last, a comment count or a
    category between ("October 12, 2031/0 Comments/in Events /by jdadmin")."""
    m = _META_BY.search(line)
    if m is None or len(_words(line)) > 20:
        return False
    raw = m.group("name").strip()
    name = _clean_name(raw) if raw[:1].isupper() else (raw if _HANDLE.match(raw) else None)
    if not name or name != raw:
        return False
    for sep in re.finditer(r"\s*[/|·•]", line[: m.start() + 1]):
        head = line[: sep.start()].strip()
        if _is_bare_date(head):
            item = evidence("dump:date", _long_years(head))
            if item:
                found.dates.append(item)
                found.author = found.author or name
                return True
    return False


def _place_credit_line(line: str, found: _Found) -> bool:
    """A place and a credit before the date: "Harbourville, Ledger Bureau | Updated: June 3,
    2031": the credit is the byline, as the agency of a dateline is."""
    head, sep, rest = line.partition("|")
    place, comma, credit = head.partition(",")
    if not sep or not comma or "," in credit or len(_words(line)) > 20:
        return False
    place, credit = place.strip(), credit.strip()
    name = _clean_name(credit)
    if (name != credit or _clean_name(place) != place or len(_words(place)) > 4
            or len(_words(credit)) < 2 and credit.lower() not in _AGENCIES
            or any(w.lower() in MONTH_NUMBERS for w in _words(credit))):
        return False
    probe = _Found()
    if not _date_line(rest.strip(), probe):
        return False
    found.author = found.author or name
    found.dates.extend(probe.dates)
    found.updated.extend(probe.updated)
    return True


_NOT_NAMES = _CREDIT_WORDS | frozenset("image images copyright credit credits picture".split())
_NAME_HANDLE = re.compile(r"^(?P<name>[^\W\d_][^@]{2,40}?)\s*@\w{2,30}$")


def _name_handle_line(line: str, found: _Found) -> bool:
    """A name and its social handle, glued or not: "Jane Roe@janeroe", "Jane Roe @janeroe"."""
    m = _NAME_HANDLE.match(line)
    name = _clean_name(m.group("name")) if m else None
    if not name or name != m.group("name").strip() or len(_words(name)) < 2 or any(
            w.lower() in _NOT_NAMES for w in _words(name)):  # "Image Copyright @agency"
        return False
    found.author = found.author or name
    return True


def _shape(line: str, found: _Found) -> str | None:
    """The reason a line is furniture wherever it stands, or None."""
    bare = _strip_bullet(line)
    n = len(_words(line))
    if not n:
        return "separator"
    if _is_breadcrumb(line):
        return "breadcrumb"
    if _is_glued_menu(bare):
        return "navigation"
    if _ADVERT.match(bare.strip(" -–—*:[]()")):
        return "advertisement"
    if len(line) <= 40 and _COUNTER.match(bare):
        return "counter"
    if n <= 40 and _TIP.match(bare):
        return "tip-line"
    if _is_share(bare):
        return "share-prompt"
    if _ACCOUNT.match(bare) or _SKIP_NAV.match(bare) or _BACK_LINK.match(bare.strip(" «‹<←")):
        return "navigation"
    if n <= 12 and _WELCOME.match(bare) and not _is_prose(bare):
        return "navigation"  # the site greets: "Welcome to The Gazette's new look"
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
    if (_date_line(bare, found) or _is_stamp(bare) or _post_meta_line(bare, found)
            or _place_credit_line(bare, found)):
        return "date-line"
    if n <= 12 and _DATE_FIRST.match(bare) and not _is_prose(bare):
        item = evidence("dump:date", _DATE_FIRST.match(bare).group(0))
        if item:  # "13/06/2014 Jane Roe Books, Reviews": a post's date, author, categories
            found.dates.append(item)
            return "date-line"
    if _TWEET_CREDIT.match(line):
        return "embed-credit"  # "— Jane Roe (@janeroe) June 3, 2031" under a quoted tweet
    if (_byline(bare.lstrip("|·•/ "), found) or _name_date_line(bare, found)
            or _bio_byline(bare, found) or _foreign_byline(bare, found)
            or _role_line(bare, found) or _name_handle_line(bare, found)
            or _author_link_line(bare, found)):
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


def _pitches(lines: list[_Line]) -> None:
    """A line right above a bare "Subscribe" / "Sign up" button is that button's pitch."""
    for prev, line in zip(lines, lines[1:], strict=False):
        if (line.reason == "subscribe-prompt" and len(_words(line.text)) <= 3
                and prev.reason is None and 5 <= len(_words(prev.text)) <= 40
                and not _is_core(prev.text)):
            prev.reason = "subscribe-prompt"


def _lists(lines: list[_Line], found: _Found) -> None:
    """Drop list headers and their items (tags, other headlines, comments)."""
    core_at = [i for i, ln in enumerate(lines) if ln.reason is None and _core(ln)] or [
        i for i, ln in enumerate(lines)  # short paragraphs only: as `extract_textdump` does
        if ln.reason is None and _is_prose(ln.text) and len(_words(ln.text)) >= 8]
    i = 0
    while i < len(lines):
        kind = _header_kind(lines[i].text) if lines[i].reason is None else None
        if kind is None:
            i += 1
            continue
        lines[i].reason = kind
        trailing = not any(c > i for c in core_at)
        j = i + 1
        if kind == "comments" and not any(c < i for c in core_at):
            i = j  # above the article: a menu's "Comment" section or a count, no comments
            continue
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
            elif not trailing and (_core(line) or _PERIOD_END.search(line.text)
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
        nxt = lines[i + 1]
        if nxt.reason == "byline":  # "By" then "Name - June 3, 2031"
            ln.reason, ln.author = "byline", nxt.author
            continue
        name = _clean_name(nxt.text)
        if nxt.reason is not None or not name or len(_words(nxt.text)) > 8:
            continue
        ln.reason = nxt.reason = "byline"
        ln.author = nxt.author = name
        found.author = found.author or name




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












# A lead cut off in mid-sentence ("... and the council,...", "... said the …"): a teaser's.
_CUT_OFF = re.compile(r"(?:[,;:]\s*|\s(?:the|a|an|of|to|in|and|or|but|for|with|on|at|by|from"
                      r"|that|who|which)\s*)(?:\.\.\.|…)$", re.I)


_PLAIN_WORDS = re.compile(r"[^\W\d_]+(?:[\s'’-]+[^\W\d_]+)*")


def _title_goes_on(title: _Line, nxt: _Line | None) -> bool:
    """The headline's last words wrapped onto the next line: a line right under it
    of 1 to 4 words, in lower case, no sentence end ("Una solución ... la cuestión",
    "mapuche"), under a headline that does not end like a sentence either."""
    return (nxt is not None and nxt.reason is None and nxt.block == title.block
            and 1 <= len(_words(nxt.text)) <= 4 and bool(_PLAIN_WORDS.fullmatch(nxt.text))
            and nxt.text.islower()  # (not an icon's name, "chevron_left", nor a brand, "eHow")
            and not _PROSE_END.search(title.text) and not title.text.endswith(":")
            and len(_words(title.text)) + len(_words(nxt.text)) <= _HEADLINE_WORDS[1])


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
    picked = _pick_title(lines, first_core, title_hint)
    if picked is not None:
        lines[picked].reason = None  # a headline an earlier pass took for a caption
    zone = [ln for ln in lines[:first_core] if ln.reason is None]
    if picked is None:
        for ln in zone:
            if not _is_prose(ln.text) and len(_words(ln.text)) <= 4:
                ln.reason = "navigation"
        return
    title_at = next(k for k, ln in enumerate(zone) if ln is lines[picked])
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
    at = next(i for i, ln in enumerate(lines) if ln is title)
    wrap = int(_title_goes_on(title, lines[at + 1] if at + 1 < first_core else None))
    if wrap:
        lines[at + 1].role = "title"
    for ln in lines[picked + 1:first_core]:
        if (not ln.dates and ln.reason in (None, "label") and len(_words(ln.text)) <= 10
                and not _is_prose(ln.text)):
            item = evidence("dump:date", _long_years(ln.text))
            if item:  # "21:17 18.11.2019Get short URL": a date under the headline
                ln.dates.append(item)
                ln.reason = "date-line"
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
    after = zone[title_at + 1 + wrap:]
    dek_done = False
    for k, ln in enumerate(after):
        n = len(_words(ln.text))
        prev = after[k - 1] if k else title
        if ln.reason:
            continue
        if _norm(ln.text) == _norm(title.text):
            ln.reason = "duplicate-title"
        elif _CUT_OFF.search(ln.text):
            ln.reason = "related-list"  # "... diagnosed with the plague,...": a teaser's lead
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
    _header_byline(lines, picked, first_core, at)


# "5 Min Read", "3 minute read": the reading time a byline stands beside.
_READ_TIME = re.compile(r"^\d{1,3}\s*(?:min|mins|minutes?)\.?\s+read$", re.I)


def _names_only(text: str) -> bool:
    """Only capitalised words and name joiners ("Jane Roe and John Q. Doe"): no dek."""
    found = _words(text)
    return (2 <= len(found) <= 8 and not _is_prose(text)
            and all(w[:1].isupper() or w in _NAME_JOINERS for w in found))


def _outlet(ln: _Line) -> bool:
    """A short name in capitals, no sentence ("Harbour Ledger"): a newspaper under a byline."""
    found = _words(ln.text)
    return (ln.reason in (None, "label") and 2 <= len(found) <= 5 and not _is_prose(ln.text)
            and all(w[:1].isupper() for w in found))


def _header_byline(lines: list[_Line], title_at: int, first_core: int, shown: int) -> None:
    """A name-shaped line beside a date line under the headline is the byline.

    Also the first line under the headline and its dek, a name alone, when the date
    stands over the headline (a blog post's meta line). Also a name said twice in a
    row there ("Anna Menin", "Anna Menin": the
    author's link and the author's box) or above its social handle ("@annamenin"),
    when no "By" line names anyone.
    """
    head = lines[title_at + 1:first_core]
    if any(ln.reason == "byline" for ln in head):
        return
    # a post's date over its headline ("Published on: ...", "5 min read"), the author's
    # name under the headline and its dek: the first line there, a name alone
    over = [ln.reason for ln in lines[max(0, shown - 3):shown]]  # `shown`: the title line
    under = lines[shown + 1:first_core]
    first = next((ln for ln in under if ln.role != "dek"), None)
    if ("date-line" in over and not any(ln.reason == "date-line" for ln in under)
            and first is not None and first.reason in (None, "label")
            and _names_only(first.text) and len(_words(first.text)) <= 4
            and _clean_name(first.text) == first.text.strip()):
        first.reason, first.author, first.role = "byline", first.text.strip(), None
        return
    for k, ln in enumerate(head):
        dated = k + 1 < len(head) and head[k + 1].reason == "date-line"
        # "Jane Roe", "Associated Press" (or the outlet: "Harbour Ledger"), then
        # the date: a name over its agency
        credited = (k + 2 < len(head) and head[k + 2].reason == "date-line"
                    and (head[k + 1].reason == "image-credit" or _outlet(head[k + 1])))
        if ((ln.role == "dek" and not _names_only(ln.text))
                or ln.reason not in ("label", None, "image-credit", "image-caption")
                or (ln.reason == "image-credit" and not dated)  # "Associated Press" over its date
                or (ln.reason == "image-caption" and not credited)):
            continue
        near = [head[j] for j in (k - 1, k + 1) if 0 <= j < len(head)]
        if not ln.text[:1].isalpha() or not credited and not any(
                o.reason == "date-line" or o.text == ln.text or _READ_TIME.match(o.text)
                or (o.reason == "contact" and o.text.startswith("@")) for o in near):
            continue
        name = _clean_name(ln.text)
        rest = ln.text.strip()[len(name):] if name and ln.text.startswith(name) else None
        if name and rest is not None and (rest[:1] in ("", ",") or rest.startswith(" and ")) and (
                len(_words(name)) >= 2 or name.lower() in _AGENCIES):
            for o in [ln, *near]:
                if o.text == ln.text:
                    o.reason, o.author, o.role = "byline", name, None
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
    the article starts, nor one whose next paragraph comes after a byline or a
    date line (a market-data notice above the headline of the article).
    """
    for i in core:
        nxt = []
        for ln in lines[i + 1:i + 6]:
            if ln.reason in ("byline", "date-line"):
                break
            if ln.reason is None:
                nxt.append(ln)
        if any(_core(ln) or (_is_prose(ln.text) and len(_words(ln.text)) >= 8)
               for ln in nxt[:3]):
            return i
    return core[0] if core else len(lines)


def _lead_in(lines: list[_Line], first_core: int) -> int:
    """Where the body starts once short opening paragraphs are counted.

    Two sentences or more of 8 words or more, one per line right above the
    first long paragraph, are the article's opening (an interview's
    introduction), not header lines: a header has one dek at most. Only in
    a page flattened whole (more header lines than a dump that opens with its
    headline has), where no headline ends with a full stop as a corpus's may.
    """
    if sum(1 for ln in lines[:first_core] if ln.reason is None) <= _OPENING_ZONE:
        return first_core
    i = first_core
    while (i > 0 and lines[i - 1].reason is None and _is_prose(lines[i - 1].text)
           and len(_words(lines[i - 1].text)) >= 8):
        i -= 1
    return i if first_core - i >= 2 else first_core


def _past_teasers(lines: list[_Line], first_core: int) -> int:
    """Where the body starts on a page that lists other stories above the article.

    Teasers (a headline, then its lead of sentences, again and again) can
    come before the article; the article is where a headline has its date or
    byline under it, as no teaser has. Only on a page flattened whole, whose
    header names no date or byline near the body; three teasers at least.
    """
    head = [ln for ln in lines[:first_core] if ln.reason is None]
    near = lines[max(0, first_core - _NEAR_BODY):first_core]
    if len(head) <= _OPENING_ZONE or any(ln.reason in ("byline", "date-line") for ln in near):
        return first_core
    teasers, i = 0, first_core
    while i + 1 < len(lines) and teasers < 40:
        lead, nxt = lines[i], lines[i + 1]
        if lead.reason is not None or not _is_prose(lead.text) or nxt.reason is not None:
            return first_core
        i += 1
        if _is_prose(nxt.text) or len(_words(nxt.text)) < _HEADLINE_WORDS[0]:
            return first_core  # not a headline: the article's paragraphs go on
        gap = _stated_gap(lines, i, len(lines))
        if gap == 0 and teasers >= 3:
            after = [j for j in range(i + 1, min(len(lines), i + 12))
                     if lines[j].reason is None and _is_prose(lines[j].text)
                     and len(_words(lines[j].text)) >= 8]
            return after[0] if after else first_core
        teasers += 1
        i += 1
    return first_core


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
        said = _Found()
        ln.reason = _shape(ln.text, said)
        ln.author, ln.dates = said.author, said.dates
        found.author = found.author or said.author
        found.tags.extend(said.tags)
        found.updated.extend(said.updated)
    _notes(lines)
    _wrapped(lines)
    _loose_bylines(lines, found)
    _captions(lines)
    _pitches(lines)
    _lists(lines, found)
    core = [i for i, ln in enumerate(lines) if ln.reason is None and _core(ln)]
    if not core:  # short paragraphs only: any sentence-shaped line anchors the body
        core = [i for i, ln in enumerate(lines)
                if ln.reason is None and _is_prose(ln.text) and len(_words(ln.text)) >= 8]
    first_core = _lead_in(lines, _body_start(lines, core))
    if title_hint is None:
        first_core = _past_teasers(lines, first_core)
    mark = next((i for i, ln in enumerate(lines[:12])
                 if ln.reason is None and _BODY_MARK.match(ln.text)), None)
    if mark is not None and first_core < mark:
        first_core = mark
    _header(lines, first_core, found, title_hint)
    title_lines = [ln.text for ln in lines if ln.role == "title"]  # a headline and its wrap
    title = " ".join(title_lines).rstrip(" ;") if title_lines else None
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
    title_at = next((i for i, ln in enumerate(lines) if ln.role == "title"), None)
    # the byline under the headline, else one right above it: one among the menus far
    # above it ("Harbour Correspondent", a show's name) is no byline of this article
    above = lines[max(0, title_at - _BYLINE_ABOVE):title_at] if title_at is not None else lines
    author = next((ln.author for ln in lines[title_at or 0:] if ln.author), None) or next(
        (ln.author for ln in above if ln.author), None)
    # the dates under the headline first: a page's masthead shows today's date
    near = range(max(0, (title_at or 0) - 3), first_core) if title_at is not None else range(0)
    stated = [d for i in near for d in lines[i].dates]
    stated += [d for i, ln in enumerate(lines) if i not in near for d in ln.dates]
    if _wiki_page(lines, first_core):  # an encyclopedia's dates are its subject's, not its own
        stated, found.dates, found.updated = [], [named] if named else [], []

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
        author=author or found.agency,
        site=found.site or _site_from_tip(lines) or _site_from_name(name),
        language=language.detect(" ".join(filter(None, (title, dek, body))))[0],
        section=found.section,
        tags=_dedupe(found.tags),
        date_evidence=tuple(stated + found.dates + found.updated),
        dropped=tuple(Dropped(ln.text[:500], ln.reason) for ln in lines if ln.reason),
        segments=tuple(segments),
    )
