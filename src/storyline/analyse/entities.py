"""Entity mentions of one article: spaCy's spans corrected by rules, then clustered.

spaCy's small English model makes predictable errors on news (possessives and
photo credits inside names, titles glued to names, short forms left unlinked);
`build_analysis` fixes them with rules and groups mentions of one entity
under a within-article `entity_key`. Everything here is a pure function of
the article text and the model's raw spans, so it is testable without a model.

Offsets are always into the article's clean text: text[start:end] == mention.text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from storyline.analyse import gazetteer, roles
from storyline.analyse.names import (
    HONORIFICS,
    acronym,
    fold,
    given_name_gender,
    is_given_name,
    name_key,
    name_tokens,
    same_person_name,
    short_forms,
    word_key,
    words,
)
from storyline.unionfind import UnionFind

#: Labels that are values, not entities: they get no entity_key.
VALUE_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"})

KIND_NAME = "name"  # the entity's name as written
KIND_SHORT = "short"  # a short form joined to a full name ("Putin", "Kim", "KCNA")
KIND_DESCRIPTION = "description"  # "the North Korean leader", linked to a named person


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as character offsets into the article's clean text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the clean text that refers to an entity or a value.

    `entity_key` groups the mentions of one entity within the article
    ("e1", "e2", ... in order of first appearance; None for values such as
    DATE). `role` is a title or role written next to this mention.
    """

    start: int
    end: int
    text: str
    label: str
    entity_key: str | None
    role: str | None = None
    kind: str = KIND_NAME


@dataclass(frozen=True, slots=True)
class ArticleAnalysis:
    """Sentences and entity mentions of one article's clean text."""

    text: str
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]


RawSpan = tuple[int, int, str]  # (start, end, spaCy label)

_FURNITURE = re.compile(
    r"(?:\s*[/|]?\s*(?:Getty Images|Getty|AP Photo|AP|Reuters|AFP|EPA|Photo|File|Images))+$"
)
_POSSESSIVE = re.compile(r"(?:['\u2018\u2019]s|(?<=s)['\u2018\u2019])$")
#: A possessive inside a span: a person's name never holds one ("Trump's Indiana").
_INNER_POSSESSIVE = re.compile(r"['\u2019]s\s+(?=\S)")
_EDGE = (" \t\"'\u201c\u201d\u2018\u2019()[]{},;:-\u2013\u2014"
         "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
_FACILITY = re.compile(
    r"^\s(Square|Street|Avenue|Boulevard|Road|Airport|Stadium|Bridge|Station|Hall|Tower|"
    r"Palace|Park|Plaza|Hospital|Memorial)\b"
)
_FACILITY_END = re.compile(r"\s(?:Square|Street|Avenue|Airport|Stadium|Bridge|Palace|Plaza|"
                           r"Hotel|Tower|Towers|Resort|Casino|Club|Center|Centre|Church|"
                           r"Building|Arena|Mall|Hospital|Museum|Library|Theater|Theatre)$")
#: A vehicle or device named right after a two-word "person": the name is its model.
_PRODUCT_NEXT = re.compile(r"\s+(?:limousine|limo|sedan|car|SUV|helicopter|rifle|pistol|missile|"
                           r"drone|tank|smartphone|truck|yacht)s?\b")
#: Words that end a person span the model ran on: a headline verb ("Obama Says", "Bolton
#: and Gorka Slam"), an event or a team ("Obama Speech", "Trump Campaign"), a party word
#: ("Jeb Bush Republican").
_PERSON_TAIL = frozenset("""
says said calls warns slams blasts urges vows admits denies hits rips tells asks wins
say warn slam blast urge vow admit deny
speech campaign campaigns administration camp team rally presidency era aides allies
supporters voters republican republicans democrat democrats democratic gop
""".split())
_DEPARTMENT = frozenset({"defense", "defence", "foreign", "interior", "state", "treasury",
                         "justice", "finance", "security", "national", "trade", "health"})
_INSTITUTION_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(k) for k in gazetteer.INSTITUTIONS), key=len,
                             reverse=True)) + r")\b"
)


@dataclass
class _Draft:
    start: int
    end: int
    label: str
    kind: str = KIND_NAME
    role: tuple[int, int] | None = None
    role_text: str | None = None
    cluster: int = -1


#: A comma inside a name the model gave, after which the span ends in a lowercase word:
#: the sentence goes on past the name ("according to Politico, Democratic party insiders
#: are"; "Obama, party leaders say"). A name's own comma is followed by names only
#: ("University of California, Berkeley", "Skadden, Arps, Slate").
_COMMA_CLAUSE = re.compile(r",\s+(?:[\w'\u2019.-]+\s+)*[a-z][\w'\u2019-]*$")


def _trim(text: str, start: int, end: int, label: str) -> tuple[int, int]:
    """Strip edges, a leading "the", a possessive, an unclosed bracket and what follows
    it, and trailing photo credits."""
    for _ in range(4):
        before = (start, end)
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        span = text[start:end]
        if label not in VALUE_LABELS and re.match(r"[Tt]he\s", span) and span[4:] != "Hague":
            start += 4
        match = _POSSESSIVE.search(text, start, end)
        if match and match.start() > start:
            end = match.start()
        match = _PLATFORM_OWNED.search(text, start, end)
        if match and match.start() > start:
            end = match.start()  # "Associated Press' Twitter": the owner
        paren = _open_bracket(text, start, end)
        if paren is not None:
            end = paren  # "Young Americans for Freedom (YAF": the bracket is not closed
        comma = _COMMA_CLAUSE.search(text, start, end)
        if comma is not None and label not in VALUE_LABELS:
            end = comma.start()  # "Politico, Democratic party insiders": the name ends
        match = _FURNITURE.search(text[start:end])
        at_line_end = end >= len(text) or text[end:].split("\n", 1)[0].strip(" .") == ""
        if match and match.start() > 0 and (at_line_end or " " in match.group().strip()):
            end = start + match.start()
        if (start, end) == before:
            break
    return start, end


#: Words before "'s" that make it "is" ("That's Jeb Bush"), or that name no one.
_CONTRACTED = frozenset("that it here there what who he she this where".split())
_NO_ONE = frozenset("people women men children nation world".split())


def _split_possessive(text: str, start: int, cut: int, resume: int, end: int,
                      drafts: list[_Draft]) -> _Draft | None:
    """A span the model tagged a person with "'s" inside: the owner is the person and a
    known place after it is a place of its own ("Trump's Indiana chairman"; "Cruz's
    Iowa"); after "That's" the person is what follows. None when the owner is no one's
    name ("People's Party")."""
    owner = fold(text[start:cut])
    if owner in _CONTRACTED:
        return _Draft(resume, end, "PERSON")
    after = text[resume:end]
    if after[:1].isupper() and (gazetteer.is_place_name(after) or gazetteer.place_code(after)):
        drafts.append(_Draft(resume, end, "GPE"))
    return None if owner.split()[-1] in _NO_ONE else _Draft(start, cut, "PERSON")


def _split_places(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split "North Korea]-Russia" into its places when every part is a known place."""
    parts = [(m.start() + start, m.end() + start)
             for m in re.finditer(r"[^\[\]/]+?(?=\]?-(?=[A-Z])|[\[\]/]|$)", text[start:end])]
    parts = [p for p in (_trim(text, s, e, "GPE") for s, e in parts) if p[1] > p[0]]
    if len(parts) < 2 or not all(gazetteer.is_place_name(text[s:e]) for s, e in parts):
        return [(start, end)]
    return parts


#: A dateline in capitals and a dash before a name in one span of the model's.
_DATELINE_LEAD = re.compile(r"([A-Z]{3,}(?: [A-Z]{3,})?)\s*[-\u2013\u2014]+\s*(?=[A-Z][a-z])")


def _place_lead(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(end, next word) of a place glued before a person's full name by a missed sentence
    or dateline break ("at Bedminster, N.J. Roger Ailes met", "KIEV Oksana Lind said"):
    a US state's abbreviation or an all-capitals country or capital, followed by two words or
    more. Initials ("N.J. Kell") and honorifics ("Miss.") are left to the name."""
    words = list(re.finditer(r"\S+", text[start:end]))
    if len(words) < 3:
        return None
    lead = words[0].group()
    if fold(lead).rstrip(".") in HONORIFICS:
        return None
    abbreviation = lead.endswith(".") and gazetteer.state_name(lead)
    dateline = len(lead) > 2 and lead.isupper() and lead.isalpha() and \
        gazetteer.is_place_name(lead.title())
    if not (abbreviation or dateline):
        return None
    return start + words[0].end(), start + words[1].start()


#: What follows a dateline's place: ", State" or ", Country" maybe, then a dash or an
#: agency in brackets ("MANCHESTER, N.H. —", "MIAMI (Reuters) -").
_DATELINE_AFTER = re.compile(r"(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})?\s*"
                             r"(?:\u2014|\u2013|--|-\s|\()")


def _dateline_place(text: str, start: int, end: int) -> bool:
    """An all-capitals place opening a line before a dateline's dash ("MANCHESTER —"),
    which the model may tag as an organisation or a person: a known city, state, country
    or capital."""
    name = text[start:end]
    if len(name) < 3 or not name.isupper() or text[text.rfind("\n", 0, start) + 1 : start].strip():
        return False
    if not _DATELINE_AFTER.match(text, end):
        return False
    title = name.title()
    return bool(gazetteer.place_code(title) or gazetteer.is_place_name(title))


def _bounds(text: str, sentences: Sequence[Sentence], pos: int) -> tuple[int, int]:
    """(floor, ceiling) for role search: the sentence and line around `pos`."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end < 0 else line_end
    starts = [s.start for s in sentences]
    i = bisect.bisect_right(starts, pos) - 1
    if 0 <= i < len(sentences) and sentences[i].end >= pos:
        return max(line_start, sentences[i].start), line_end
    return line_start, line_end


#: The last word of a model's name, never of a person's: an edition or a number
#: ("Switch Lite", "Galaxy S10", "Thunderbolt 3"; a number after a name of two or more
#: words is cut off first: "Ted Cruz 1"); roman numerals ("Henry VIII") are no digits.
_MODEL_SUFFIX = re.compile(r"\s(?:Pro|Plus|Lite|Ultra|Mini|\d+[A-Za-z]*|[A-Z]\d+[A-Za-z]*)$")
#: Words that a number after them makes a text of law ("Bill 1523", "Proposition 8").
_BILL_WORDS = frozenset("bill act proposition prop amendment resolution measure initiative".split())
#: A size or chip before a name makes it a model ("the 16-inch Slate", "2018 i9 Slate").
_MODEL_SIZE = re.compile(r"(?:\d+(?:\.\d+)?-inch|\bi[3579])\s+$")


#: Who comes from a US state: before a name, no part of it ("Kentuckian Rand Paul").
_STATE_DEMONYMS = frozenset("""
alabamian alaskan arizonan arkansan californian coloradan delawarean floridian hawaiian
idahoan illinoisan hoosier iowan kansan kentuckian louisianian mainer marylander
michigander minnesotan mississippian missourian montanan nebraskan nevadan ohioan
oklahoman oregonian pennsylvanian tennessean texan utahn vermonter virginian
washingtonian wisconsinite wyomingite
""".split())


#: Words that describe a person without being a title or part of a name ("Billionaire
#: Donald Trump" opening a sentence was an entity of its own).
_DESCRIPTORS = frozenset("""
billionaire millionaire mogul tycoon magnate hopeful
frontrunner front-runner incumbent challenger newcomer outsider firebrand
""".split())


def _state_demonym(word: str) -> bool:
    """"Kentuckian" or "Floridians": a US state's people, never part of a name."""
    word = fold(word)
    return word in _STATE_DEMONYMS or (word.endswith("s") and word[:-1] in _STATE_DEMONYMS)


#: Given names ending like an adverb that the gendered lists leave out (given to both).
_LY_NAMES_FOR_BOTH = frozenset({"kelly", "kelley"})


#: Between two people of one list ("Bill Clinton and President Obama", "Cruz, Sen. Rubio").
_LISTED = re.compile(r",|\band\b|\bor\b|&")


def _person_rules(text: str, sentences: Sequence[Sentence], d: _Draft,
                  after: int = 0) -> _Draft | None:
    """Honorifics out, titles out into the role, facility names relabelled; a title run
    starts after `after`, the end of a person listed before ("President Bill Clinton and
    President Obama" gives Obama the role "President"; "Clinton spokesman Brian Fallon"
    keeps "Clinton spokesman")."""
    name = text[d.start : d.end]
    if _FACILITY_END.search(name):
        d.label = "FAC"
        return d
    fac = _FACILITY.match(text, d.end)
    if fac:
        d.end, d.label = fac.end(), "FAC"
        return d
    words = name.split()
    if len(words) > 2 and words[-1].isdigit():  # "Ted Cruz 1" in a ranking, "Donald
        d.end = d.start + name.rstrip().rfind(words[-1])  # Trump 384" delegates: the
        d.end = _trim(text, d.start, d.end, "PERSON")[1]  # number is no part of the name
        name, words = text[d.start:d.end], text[d.start:d.end].split()
    if len(words) == 2 and words[-1].isdigit() and fold(words[0]) in _BILL_WORDS:
        d.label = "LAW"  # "Bill 1523", "Proposition 8"
        return d
    if len(words) > 1 and (_PRODUCT_NEXT.match(text, d.end) or _MODEL_SUFFIX.search(name)
                           or _MODEL_SIZE.search(text, max(0, d.start - 12), d.start)):
        d.label = "PRODUCT"  # "an Aurus Senat limousine", "the Vexa Slate Pro", "Thunderbolt
        return d  # 3", "the 16-inch Vexa Slate": a make and model, no person
    while len(words) > 1 and fold(words[-1]) in _PERSON_TAIL:
        d.end = d.start + name.rstrip().rfind(words[-1])
        d.end = _trim(text, d.start, d.end, "PERSON")[1]
        name = text[d.start : d.end]
        words = name.split()
    while len(words) > 1 and (fold(words[0]).rstrip(".") in HONORIFICS
                              or fold(words[0]) in _PERSON_TAIL
                              or (re.fullmatch(r"[A-Z][a-z]+ly", words[0])  # "Certainly"
                                  and not is_given_name(words[0])  # not "Carly", "Billy"
                                  and fold(words[0]) not in _LY_NAMES_FOR_BOTH)
                              or gazetteer.demonym_code(words[0])
                              or _state_demonym(words[0])
                              or fold(words[0]) in _DESCRIPTORS):
        d.start = text.index(words[1], d.start + len(words[0]))
        words = words[1:]
    cut = roles.leading_role(text[d.start : d.end])
    role_start = d.start if cut else None
    d.start += cut
    floor, ceiling = _bounds(text, sentences, d.start)
    floor = max(floor, after)
    before = roles.role_before(text, role_start if role_start is not None else d.start, floor)
    if before:
        role_start = before[0]
        joined = list(re.finditer(r"\s(?:and|&)\s", text[before[0] : before[1]]))
        if after and joined and not any(roles.is_title(w) for w in text[
                before[0] : before[0] + joined[-1].start()].split()):
            # "Sen. Marco Rubio of Florida and Sen. Ted Cruz": "Sen."; but "former
            # prosecutor and New York City Mayor Rudy Giuliani" keeps both roles
            role_start = before[0] + joined[-1].end()
    if role_start is not None:
        d.role = (role_start, _trim(text, role_start, d.start, "ROLE")[1])
    else:
        d.role = roles.appositive_role(text, d.end, ceiling)
    if d.role:
        d.role_text = text[d.role[0] : d.role[1]]
    if not any(c.isupper() for c in text[d.start : d.end]):
        return None
    return d


#: A name of two or three plain capitalised words, as people's names are.
_PLAIN_NAME = re.compile(r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?(?: [A-Z][a-z]+(?:-[A-Z]?[a-z]+)?){1,2}")
#: Words that make a name an organisation, whatever the model says.
_ORG_WORDS = frozenset("""
council ministry university college school agency press news company corp inc bank party
army forces force office department committee fund group institute association union times
post daily herald tribune journal gazette network radio television foundation society
court commission service services center centre club league federation alliance media
""".split())
#: Labels the model gives people's names (a facility's only where it opens with a given
#: name: "Bradley Podliska", an Air Force major, not "White House" beside a spokesman).
_MISLABELLED = frozenset({"ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "FAC"})
#: Peoples named without a country, which the model takes for a person ("Latinos").
_PEOPLES = frozenset("""
latino latina latinos latinas latinx hispanic hispanics chicano chicana chicanos chicanas
""".split())
#: Online platforms, which news names as places to post on and the model takes for people
#: or products: organisations, one entity whatever the sentence.
PLATFORMS = frozenset("""
twitter facebook instagram youtube snapchat tiktok reddit whatsapp linkedin tumblr
periscope telegram google
""".split())
#: A platform after a possessive at a span's end: the account's owner is the name ("The
#: Associated Press' Twitter account": one such span had named the AP's entity of 159
#: mentions "Associated Press' Twitter").
_PLATFORM_OWNED = re.compile(r"(?:['\u2019]s|(?<=s)['\u2019])\s+(?:" + "|".join(
    sorted(PLATFORMS - {"google"})) + r")$", re.IGNORECASE)  # "Alphabet's Google": Google


def person_shaped(name: str) -> bool:
    """Whether a name is shaped as a person's: two or three plain capitalised words, the
    first a given name, none an organisation's word ("Carly Fiorina"; not "Morgan Stanley
    Bank", "Trump University")."""
    return bool(_PLAIN_NAME.fullmatch(name)) and is_given_name(name.split()[0]) and not any(
        w.casefold() in _ORG_WORDS for w in name.split())


def _looks_like_person(text: str, sentences: Sequence[Sentence], start: int, end: int) -> bool:
    """A plain two- or three-word name with a person's title next to it ("Dmitar Solen,
    the president's spokesman"; "spokesman Marcus Hale") is a person, whatever the
    model's label: the small model often tags unfamiliar names as works or groups."""
    name = text[start:end]
    if not _PLAIN_NAME.fullmatch(name) or any(w.casefold() in _ORG_WORDS for w in name.split()):
        return False
    floor, ceiling = _bounds(text, sentences, start)
    if roles.appositive_role(text, end, ceiling):
        return True
    return roles.role_before(text, start, floor) is not None


#: What joins the names of a list: a comma, "and" or "or" ("Ben Carson, Carly Fiorina or
#: Mike Huckabee").
_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+)\s*")


def _listed_with_people(text: str, spans: Sequence[RawSpan], i: int) -> bool:
    """Whether the name at `spans[i]` (sorted) is a plain name whose first word is a given
    name, listed next to a name the model tags as a person: one list names one kind of
    thing, and the small model tags unfamiliar people's names as organisations ("Ben Carson,
    Carly Fiorina or Mike Huckabee"). Organisations named after a person ("Morgan
    Stanley") are listed with other organisations."""
    start, end, _ = spans[i]
    if not person_shaped(text[start:end]):
        return False
    for j in (i - 1, i + 1):
        if not 0 <= j < len(spans) or spans[j][2] != "PERSON":
            continue
        lo, hi = (spans[j][1], start) if j < i else (end, spans[j][0])
        if lo <= hi and _LIST_JOIN.fullmatch(text[lo:hi]):
            return True
    return False


def _open_bracket(text: str, start: int, end: int) -> int | None:
    """Where a span opens a bracket it does not close (after its first character)."""
    paren = text.find("(", start, end)
    return paren if paren > start and text.find(")", paren, end) < 0 else None


def _unclosed_bracket(text: str, start: int, end: int, label: str) -> tuple[int, int] | None:
    """The name inside a bracket a span opens and does not close (`_trim` cuts the span
    before it): "(FBI" of "the Federal Bureau of Investigation (FBI" is a mention too."""
    paren = _open_bracket(text, start, end)
    if paren is None:
        return None
    inner = _trim(text, paren + 1, end, label)
    return inner if inner[1] > inner[0] else None


def _no_name(span: str, label: str) -> bool:
    """A span the model tagged a name that has no capital letter ("state" in "secretary of
    state", "n't", "us", "mosques", markup such as 'datetime="2016'): no name. Model
    numbers ("a Boeing 757") and values stay. A stance word ("pro-Clinton super PAC",
    "anti-Trump protesters") names a side, not the person or place it is formed from."""
    if label in VALUE_LABELS:
        return False
    if _STANCE.match(span):
        return True
    if any(ch.isupper() for ch in span):
        return False
    return not (label == "PRODUCT" and span.isdigit())


_STANCE = re.compile(r"(?:pro|anti|non)-(?=[A-Z])")


def _clean(text: str, sentences: Sequence[Sentence], raw: Iterable[RawSpan]) -> list[_Draft]:
    drafts: list[_Draft] = []
    spans = sorted(raw)
    person_end = 0  # where the last span the model tagged a person ends
    for i, (start, end, label) in enumerate(spans):
        if i and spans[i - 1][2] == "PERSON":
            person_end = max(person_end, spans[i - 1][1])
        inner = _unclosed_bracket(text, start, end, label)
        start, end = _trim(text, start, end, label)
        if end <= start or _no_name(text[start:end], label):
            continue
        if label in {"ORG", "PERSON", "NORP", "FAC"} and _dateline_place(text, start, end):
            label = "GPE"  # "MANCHESTER —" tagged as an organisation
        parts = text[start:end].split()
        first = parts[0]
        if fold(first) in PLATFORMS and len(parts) > 1 and (
                label == "PERSON" or parts[1].startswith("@")):
            # "Twitter @Skyward", "Twitter junkie": the platform, then what follows
            drafts.append(_Draft(start, start + len(first), "ORG"))
            start = _trim(text, start + len(first), end, label)[0]
        if fold(text[start:end]) in PLATFORMS:
            label = "ORG"  # "said on Twitter": the small model's person 151 times in 924
        if label == "PERSON" and fold(text[start:end]) in _PEOPLES:
            label = "NORP"  # "Latinos share their stories": a people, no person
        if label in _MISLABELLED and (label != "FAC" or is_given_name(
                text[start:end].split()[0])) and (_looks_like_person(text, sentences, start,
                                                                      end) or (
                _PLAIN_NAME.fullmatch(text[start + roles.leading_role(text[start:end]) : end])
                and roles.leading_role(text[start:end]))
                or _listed_with_people(text, spans, i)):
            label = "PERSON"  # "Defense Minister Ilse Varga" tagged as a work
        pieces = _split_places(text, start, end) if label in {"GPE", "LOC"} else [(start, end)]
        for s, e in pieces:
            d: _Draft | None = _Draft(s, e, label if len(pieces) == 1 else "GPE")
            inst = _INSTITUTION_RE.search(text, s, e) if label == "PERSON" else None
            if inst is not None and inst.start() > s:  # "Obama White House": two names
                drafts.append(_Draft(inst.start(), inst.end(), "ORG"))
                d = _Draft(s, _trim(text, s, inst.start(), "PERSON")[1], "PERSON")
            poss = _INNER_POSSESSIVE.search(text, d.start, d.end) if label == "PERSON" else None
            if poss is not None and poss.start() > d.start:
                d = _split_possessive(text, d.start, poss.start(), poss.end(), d.end, drafts)
                if d is None:
                    continue
            lead = _place_lead(text, s, e) if label == "PERSON" else None
            if lead is not None:  # "N.J. Roger Ailes": a place, then the person
                drafts.append(_Draft(s, lead[0], "GPE"))
                d = _Draft(lead[1], e, "PERSON")
            elif label not in VALUE_LABELS and (dateline := _DATELINE_LEAD.match(
                    text, s, e)) is not None and \
                    gazetteer.is_place_name(dateline.group(1).title()):
                drafts.append(_Draft(s, dateline.end(1), "GPE"))  # "ROME - Bernie
                # Sanders": the dateline, then the name; a place's span that ran on into
                # the sentence ("NEW HAMPSHIRE - Since") is the dateline alone
                rest = text[dateline.end() : e].split()
                d = None if label in {"GPE", "LOC"} else _Draft(dateline.end(), e, (
                    "PERSON" if len(rest) >= 2 and is_given_name(rest[0]) else label))
            if label == "PERSON":
                d = _person_rules(text, sentences, d, person_end if person_end <= s and (
                    _LISTED.search(text, person_end, s)) else 0)
            if d is not None and d.end > d.start:
                drafts.append(d)
        if inner is not None:  # "the Federal Bureau of Investigation (FBI": FBI too
            drafts.append(_Draft(*inner, label))
    role_spans = [d.role for d in drafts if d.role]
    drafts = [d for d in drafts if not _inside_role(text, d, role_spans)]
    return _add_institutions(text, drafts, role_spans)


_ORG_AFTER = re.compile(r"\b(?:at|of|for|with|in|from)\s+(?:the\s+)?$")


def _inside_role(text: str, d: _Draft, role_spans: list[tuple[int, int]]) -> bool:
    """ORG spans that are really part of a title ("Defense" in "Defense Minister")."""
    if d.label != "ORG" or not any(s <= d.start and d.end <= e for s, e in role_spans):
        return False
    words = text[d.start : d.end].split()
    if all(w.casefold() in _DEPARTMENT for w in words):
        return True
    if _ORG_AFTER.search(text, max(0, d.start - 12), d.start):
        return False  # "executive director at the Center of Media Justice": an organisation
    return roles.is_title(words[-1])


def _add_institutions(text: str, drafts: list[_Draft], role_spans: list[tuple[int, int]]):
    """Re-add institutions named inside roles ("White House ... Advisor") as ORG."""
    taken = [(d.start, d.end) for d in drafts]
    for s, e in role_spans:
        for m in _INSTITUTION_RE.finditer(text, s, e):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                drafts.append(_Draft(m.start(), m.end(), "ORG"))
                taken.append((m.start(), m.end()))
    return sorted(drafts, key=lambda d: (d.start, d.end))


_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w'-]* $")


def _places_tagged_people(text: str, drafts: list[_Draft]) -> list[_Draft]:
    """A one-word "person" that is a known place the article names as a place elsewhere,
    and no short form of a person it names in full, is that place ("a veteran Indiana GOP
    insider": Indiana tagged a person, then joined to the Indiana GOP)."""
    places = {word_key(text[d.start : d.end]) for d in drafts if d.label in {"GPE", "LOC"}}
    people = {f for d in drafts if d.label == "PERSON"
              for f in short_forms(text[d.start : d.end])}
    for d in drafts:
        name = text[d.start : d.end]
        if d.label == "PERSON" and " " not in name and word_key(name) in places and \
                word_key(name) not in people and gazetteer.is_place_name(name):
            d.label = "GPE"
    return drafts


def _acronym_in_name(name: str) -> bool:
    """Whether a name written in mixed case holds a word in capitals ("Junge SVP", the
    party's youth wing tagged a person): no person's name, so its words are no short
    forms of one (every "SVP" of the article had become that person)."""
    ws = name.split()
    return any(c.islower() for c in name) and any(
        len(w) >= 2 and w.isalpha() and w.isupper() and w not in _ROMAN for w in ws)


_ROMAN = frozenset("II III IV VI VII VIII JR SR".split())


#: What follows a surname used as a person's ("Cuban said", "French, who", "Cuban's"),
#: never a people's or a place's adjective ("Cuban exiles", "French officials").
_AS_PERSON_AFTER = re.compile(
    r"(?:['\u2019]s\b|,? (?:said|says|told|tells|added|adds|wrote|writes|asked|noted|"
    r"argued|explained|replied|continued|insisted|demurred|also|has said|had said|who)\b)")
_AS_PERSON_BEFORE = re.compile(r"\b(?:said|says|according to|asked|added|told)\s+$")


def _propagate_short_forms(text: str, drafts: list[_Draft]) -> list[_Draft]:
    """Tag later surname mentions spaCy missed or mislabelled ("Kim" as ORG).

    Family-name-first forms (first token) are used only when spaCy itself
    tagged that token alone as PERSON somewhere, so "Jordan" of "Jordan
    Peterson" never turns the country into a person. A surname that is also a place or
    a people's name ("Mark Cuban", "David French") is the person's only where the
    sentence uses it as one ("Cuban said", "Mr. French").
    """
    singles = {word_key(text[d.start : d.end]) for d in drafts
               if d.label == "PERSON" and len(words(text[d.start : d.end])) == 1}
    forms: set[str] = set()
    for d in drafts:
        name = text[d.start : d.end]
        if d.label == "PERSON" and len(words(name)) >= 2 and not _acronym_in_name(name):
            parts = short_forms(name)
            forms.update(p for p in parts[:1] + tuple(p for p in parts[1:] if p in singles))
    full_keys = {"".join(name_tokens(text[d.start : d.end])) for d in drafts
                 if d.label == "PERSON" and len(words(text[d.start : d.end])) >= 2}
    for d in drafts:  # "PARK SUN-HEE" tagged ORG after "Park Sun-hee" as PERSON
        if d.label != "PERSON" and "".join(name_tokens(text[d.start : d.end])) in full_keys:
            d.label = "PERSON"
    placed = {f for f in forms if len(f) > 2 and gazetteer.is_place_name(f)}
    for d in drafts:  # "Cuban said" beside "Mark Cuban"; "Cuban exiles" stay Cuba's
        if d.label != "PERSON" and word_key(text[d.start : d.end]) in placed and (
                _AS_PERSON_AFTER.match(text, d.end) or _honorific_gender(text, d.start)
                or _AS_PERSON_BEFORE.search(text, max(0, d.start - 20), d.start)):
            d.label = "PERSON"
    forms = {f for f in forms if len(f) > 2 and not gazetteer.is_place_name(f)}
    if not forms:
        return drafts
    for d in drafts:
        if d.label in {"ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "LOC"} and word_key(
            text[d.start : d.end]
        ) in forms:
            d.label = "PERSON"
    taken = sorted((d.start, d.end) for d in drafts)
    starts = [a for a, _ in taken]
    reach = list(accumulate((b for _, b in taken), max))  # furthest end of the first k
    pattern = re.compile(r"(?<![\w.-])([A-Z][\w-]+)(?![\w-])(?! [A-Z])")
    added = []
    for m in pattern.finditer(text):
        if word_key(m.group(1)) not in forms:  # the cheap test first: most words are not
            continue
        k = bisect.bisect_left(starts, m.end())  # the drafts starting before m ends ...
        overlaps = k > 0 and reach[k - 1] > m.start()  # ... one of them ends after it starts
        after_name = _CAPITALISED_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if not overlaps and not after_name:
            added.append(_Draft(m.start(), m.end(), "PERSON"))
    return sorted(drafts + added, key=lambda d: (d.start, d.end))


def _families(text: str, drafts: list[_Draft]) -> None:
    """A surname in the plural ("the Clintons", "the Bushes") names a family, a group of
    people, never one of them: labelled a people's name where a full name in the article
    ends in that surname."""
    names = [words(text[d.start : d.end]) for d in drafts if d.label == "PERSON"]
    surnames = {word_key(ws[-1]) for ws in names if len(ws) >= 2}
    for d in drafts:
        name = text[d.start : d.end]
        if d.label in {"NORP", "PERSON", "ORG", "LAW", "GPE", "PRODUCT"} and " " not in name \
                and name.endswith("s") and word_key(name) not in surnames and (
                word_key(name[:-1]) in surnames
                or (name.endswith("es") and word_key(name[:-2]) in surnames)):
            d.label = "NORP"


def _cluster(text: str, drafts: list[_Draft]) -> UnionFind:
    """Join variants of one name, short forms with full names, acronyms with ORG names."""
    uf = UnionFind(len(drafts))
    by_key: dict[tuple[str, str], int] = {}
    singles: dict[str, int] = {}
    full: list[int] = []
    seen_full: dict[str, int] = {}  # each full name's first mention: compared once
    for i, d in enumerate(drafts):
        if d.label in VALUE_LABELS:
            continue
        name = text[d.start : d.end]
        key = (d.label, "".join(name_tokens(name)))
        if d.label == "PERSON" and len(words(name)) == 1:
            continue  # short forms join below, by full name first
        if key in by_key:
            uf.union(by_key[key], i)
        else:
            by_key[key] = i
        if d.label == "PERSON" and len(words(name)) >= 2:
            if name in seen_full:  # the same name again: already joined as its first was
                uf.union(seen_full[name], i)
            else:
                for j in seen_full.values():
                    if same_person_name(text[drafts[j].start : drafts[j].end], name):
                        uf.union(j, i)
                seen_full[name] = i
            full.append(i)
    for i, d in enumerate(drafts):
        name = text[d.start : d.end]
        if d.label == "PERSON" and len(words(name)) == 1:
            j = _full_name_for(text, drafts, full, uf, word_key(name), d.start,
                               _honorific_gender(text, d.start))
            if j is not None:
                uf.union(j, i)
                d.kind = KIND_SHORT
            else:
                uf.union(singles.setdefault(word_key(name), i), i)
        elif d.label == "ORG" and name.isupper() and 2 <= len(name) <= 6:
            longs = {name_key(text[o.start : o.end]): j for j, o in enumerate(drafts)
                     if o.label == "ORG" and j != i and acronym(text[o.start : o.end]) == name}
            if len(longs) == 1:  # "DNC" beside both Committee and Convention: neither
                uf.union(next(iter(longs.values())), i)
                d.kind = KIND_SHORT
        elif d.label == "ORG" and fold(name) in _DEPARTMENT | {"department", "homeland security"}:
            # "State" or "the Department" for the one department the article names
            departments = {name_key(text[o.start : o.end]): j for j, o in enumerate(drafts)
                           if o.label == "ORG" and j != i and _department_of(
                               text[o.start : o.end], fold(name))}
            if len(departments) == 1:
                uf.union(next(iter(departments.values())), i)
                d.kind = KIND_SHORT
        elif (j := _compass_country(text, drafts, i)) is not None:
            uf.union(j, i)
            d.kind = KIND_SHORT
    return uf


def _compass_country(text: str, drafts: list[_Draft], i: int) -> int | None:
    """The country "the North" or "the South" stands for: the one country named in the
    article whose name starts with that word ("the North" beside North Korea). None where
    the article names no such country or two (a US region, "the South", beside South
    Carolina stays itself: a state is not a country)."""
    d = drafts[i]
    name = text[d.start : d.end]
    if d.label not in {"GPE", "LOC"} or name not in {"North", "South"} \
            or not text[max(0, d.start - 4) : d.start].casefold() == "the ":
        return None
    found: dict[str, int] = {}
    for j, o in enumerate(drafts):
        other = text[o.start : o.end]
        if o.label == "GPE" and other.startswith(name + " ") and \
                (code := gazetteer.country_code(other)) is not None:
            found.setdefault(code, j)
    return next(iter(found.values())) if len(found) == 1 else None


def _department_of(long_form: str, short: str) -> bool:
    """Whether `long_form` is the department `short` stands for: "State Department",
    "U.S. Department of State" for "state"; any department for "department"."""
    words = fold(long_form)
    if not re.search(r"\bdepartment\b", words) or words == short:
        return False
    return short == "department" or bool(re.search(rf"\b{re.escape(short)}\b", words))


def _honorific_gender(text: str, start: int) -> str | None:
    """"m" after "Mr.", "f" after "Mrs.", "Ms." or "Miss", else None."""
    before = text[max(0, start - 6) : start]
    return "m" if _MALE_HONORIFIC.search(before) else \
        "f" if _FEMALE_HONORIFIC.search(before) else None


def _full_name_for(text: str, drafts: list[_Draft], full: list[int], uf: UnionFind, form: str,
                   pos: int, gender: str | None = None) -> int | None:
    """The full name a short form stands for: the most-mentioned so far, ties to the first.

    Only if no full name precedes `pos` (a headline "Putin" before the body
    introduces "Vladimir Putin") does a single later full name qualify. An honorific
    (`gender`) rules out a full name of the other gender by its given name or its own
    honorific: "Mrs. Clinton" is never Bill Clinton, "Mr. Clinton" never Hillary Clinton,
    however many times either is named.
    """
    matches = [j for j in full if form in short_forms(text[drafts[j].start : drafts[j].end])]
    if gender is not None:
        matches = [j for j in matches if _full_name_gender(text, drafts[j]) in {None, gender}]
    before = [j for j in matches if drafts[j].start < pos]
    if not before:
        roots = {uf.find(j) for j in matches}
        return matches[0] if len(roots) == 1 else None
    counts: dict[int, int] = {}
    for j in before:
        counts[uf.find(j)] = counts.get(uf.find(j), 0) + 1
    return max(counts, key=lambda r: (counts[r], -drafts[r].start))


def _full_name_gender(text: str, d: _Draft) -> str | None:
    """A full name's gender by its given name, else by an honorific before it."""
    return given_name_gender(text[d.start : d.end]) or _honorific_gender(text, d.start)


_DEMONYM_WORDS = re.compile(r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?")
#: A place after a person's name that says whom they serve ("Ted Cruz of Texas").
_OF_PLACE = re.compile(r",?\s+(?:of|from)\s+([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)")


def _nationality(text: str) -> str | None:
    """Country code of the first demonym or country name within `text`, if any."""
    for m in _DEMONYM_WORDS.finditer(text):
        for candidate in (m.group(), m.group().split()[0]):
            code = (gazetteer.demonym_code(candidate)
                    or gazetteer.country_code(candidate))
            if code:
                return code
    return None


def _link_descriptions(text: str, sentences: Sequence[Sentence], drafts: list[_Draft],
                       uf: UnionFind) -> list[_Draft]:
    """Link "the North Korean leader" to a named person when the rules find one.

    1. The one person whose role has the description's head (and nationality,
       if given): "the Russian president" -> "Russian President Vladimir Putin".
    2. Else (no nationality given) the nearest earlier person whose role has
       that head, preferring roles with the description's other words.
    3. Else, for a description with a nationality or a generic head
       ("leader"), the nearest person without a role named in this or the
       previous sentence. Otherwise the description stays unlinked.
    A role of another nationality always rules a person out, and a description that
    names a state or country ("the Vermont senator") joins only a person whose role or
    "of ..." after the name holds it ("Senator Bernie Sanders of Vermont"): the nearest
    senator of another state was its person 10 times in the 924 PolNeAR articles.
    """
    persons = [i for i, d in enumerate(drafts) if d.label == "PERSON"]
    if not persons:
        return []
    heads_of: dict[int, set[str]] = {}
    nations_of: dict[int, set[str]] = {}
    words_of: dict[int, set[str]] = {}
    for i in persons:
        role = drafts[i].role_text
        if role:
            root = uf.find(i)
            heads_of.setdefault(root, set()).update(
                w.casefold() for w in role.split() if roles.is_title(w))
            words_of.setdefault(root, set()).update(w.casefold() for w in role.split())
            nation = _nationality(role)
            if nation:
                nations_of.setdefault(root, set()).add(nation)
    for i in persons:  # "Senator Bernie Sanders of Vermont": Vermont is in the role
        after = _OF_PLACE.match(text, drafts[i].end)
        if after and gazetteer.is_place_name(after.group(1)):
            words_of.setdefault(uf.find(i), set()).update(
                w.casefold() for w in after.group(1).split())
    starts = [s.start for s in sentences]
    taken = [(d.start, d.end) for d in drafts if d.label == "PERSON"]
    added: list[_Draft] = []
    for start, end, modifiers, head in roles.descriptions(text):
        if any(a < end and start < b for a, b in taken):
            continue
        nation, head = _nationality(modifiers), head.casefold()
        allowed = {uf.find(i) for i in persons
                   if not (nation and nations_of.get(uf.find(i), {nation}) - {nation})}
        by_head = {r for r in allowed if head in heads_of.get(r, set())}
        wanted = {w.casefold() for w in modifiers.split()} - {"former"}
        by_words = {r for r in by_head if wanted <= words_of.get(r, set())}
        placed = any(gazetteer.is_place_name(m.group()) for m in
                     _DEMONYM_WORDS.finditer(modifiers))
        by_head = by_words if placed else (by_words or by_head)  # "Democratic nominee"
        # prefers the Democrat; "the Vermont senator" is only a senator of Vermont
        strong = [r for r in by_head if not nation or nation in nations_of.get(r, set())]
        target: int | None = strong[0] if len(strong) == 1 else None
        if target is None and by_head and not nation:
            earlier = [i for i in persons if uf.find(i) in by_head and drafts[i].start < start]
            target = uf.find(max(earlier, key=lambda i: drafts[i].start)) if earlier else None
        elif target is None and (nation or head in roles.GENERIC_HEADS):
            k = bisect.bisect_right(starts, start) - 1
            floor = sentences[max(k - 1, 0)].start if sentences else 0
            near = [i for i in persons if floor <= drafts[i].start < start
                    and uf.find(i) in allowed and uf.find(i) not in heads_of]
            target = uf.find(max(near, key=lambda i: drafts[i].start)) if near else None
        if target is not None:
            d = _Draft(start, end, "PERSON", KIND_DESCRIPTION)
            d.cluster = target
            added.append(d)
    return added


def build_analysis(text: str, sentences: Sequence[Sentence],
                   raw: Iterable[RawSpan]) -> ArticleAnalysis:
    """Apply the correction rules to a model's raw spans and cluster the mentions."""
    drafts = _propagate_short_forms(text, _clean(text, sentences, raw))
    drafts = _places_tagged_people(text, drafts)
    _families(text, drafts)
    uf = _cluster(text, drafts)
    for i, d in enumerate(drafts):
        d.cluster = uf.find(i)
    drafts += _link_descriptions(text, sentences, drafts, uf)
    drafts.sort(key=lambda d: (d.start, d.end))
    keys: dict[int, str] = {}
    mentions = []
    for d in drafts:
        key = None
        if d.label not in VALUE_LABELS:
            key = keys.setdefault(d.cluster, f"e{len(keys) + 1}")
        mentions.append(Mention(d.start, d.end, text[d.start : d.end], d.label, key,
                                d.role_text, d.kind))
    return ArticleAnalysis(text, tuple(sentences), tuple(mentions))


_PRONOUNS = {
    **dict.fromkeys(("he", "him", "his", "himself"), "m"),
    **dict.fromkeys(("she", "her", "hers", "herself"), "f"),
    **dict.fromkeys(("they", "them", "their", "theirs", "themselves"), "p"),
    **dict.fromkeys(("it", "its", "itself"), "n"),
}
_MALE_ROLE = re.compile(r"\b(?:spokes|congress|chair|assembly|council|business|sales|"
                        r"anchor)man\b|\b(?:king|prince|husband|father|son|brother|widower)\b",
                        re.IGNORECASE)
_FEMALE_ROLE = re.compile(r"\b\w*woman\b|\b(?:queen|princess|first lady|wife|mother|daughter|"
                          r"sister|widow)\b", re.IGNORECASE)
_MALE_HONORIFIC = re.compile(r"\bMr\.?\s*$")
_FEMALE_HONORIFIC = re.compile(r"\b(?:Mrs|Ms|Miss)\.?\s*$")
_LOOKBACK_SENTENCES = 3


class _PronounIndex:
    """What `resolve_pronoun` looks up in one analysis, built once (linear), so that
    resolving every pronoun of an article is not quadratic in its mentions."""

    def __init__(self, analysis: ArticleAnalysis) -> None:
        self.analysis = analysis
        keyed = sorted((m.start, i, m) for i, m in enumerate(analysis.mentions)
                       if m.entity_key)
        self.keyed = [(i, m) for _, i, m in keyed]
        self.starts = [start for start, _, _ in keyed]
        self.sentence_starts = [s.start for s in analysis.sentences] or [0]
        male: dict[str, bool] = {}
        female: dict[str, bool] = {}
        text = analysis.text
        for m in analysis.mentions:
            if m.entity_key:
                honorific = _honorific_gender(text, m.start)
                role = m.role or ""
                key = m.entity_key
                given = given_name_gender(m.text) if m.label == "PERSON" else None
                male[key] = male.get(key, False) or "m" in {given, honorific} or bool(
                    _MALE_ROLE.search(role))
                female[key] = female.get(key, False) or "f" in {given, honorific} or bool(
                    _FEMALE_ROLE.search(role))
        self.genders = {key: None if male[key] == female[key] else "m" if male[key] else "f"
                        for key in male}


_last_index: _PronounIndex | None = None


def _pronoun_index(analysis: ArticleAnalysis) -> _PronounIndex:
    """The index of `analysis`; the last one is kept, as callers resolve every pronoun
    of one article before the next."""
    global _last_index
    index = _last_index
    if index is None or index.analysis is not analysis:
        index = _last_index = _PronounIndex(analysis)
    return index


def _gender(analysis: ArticleAnalysis, key: str) -> str | None:
    """Gender evidenced by honorifics, gendered roles and given names of the entity's
    mentions."""
    return _pronoun_index(analysis).genders.get(key)


def entity_gender(analysis: ArticleAnalysis, key: str) -> str | None:
    """"m" or "f" when honorifics, gendered roles or given names of the entity with
    this entity_key say so (and do not disagree), else None."""
    return _gender(analysis, key)


def resolve_pronoun(analysis: ArticleAnalysis, offset: int) -> str | None:
    """entity_key a pronoun at `offset` most likely refers to, or None.

    Rules: he/she -> PERSON, it -> ORG/GPE, they -> ORG/GPE/NORP; gender must
    not contradict honorifics or gendered roles. Nearest compatible mention
    before the pronoun in its own sentence; otherwise the first compatible
    mention (the likely subject) of the nearest earlier sentence, looking
    back at most three sentences.
    """
    text = analysis.text
    start = offset
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    match = re.match(r"[A-Za-z]+", text[start:])
    kind = _PRONOUNS.get(match.group().casefold()) if match else None
    if kind is None:
        return None
    labels = {"m": {"PERSON"}, "f": {"PERSON"}, "n": {"ORG", "GPE"},
              "p": {"ORG", "GPE", "NORP"}}[kind]
    index = _pronoun_index(analysis)
    genders = index.genders
    sentence_starts = index.sentence_starts
    here = max(bisect.bisect_right(sentence_starts, start) - 1, 0)
    for back in range(_LOOKBACK_SENTENCES + 1):
        k = here - back
        if k < 0:
            break
        lo = sentence_starts[k]
        hi = sentence_starts[k + 1] if k + 1 < len(sentence_starts) else len(text)
        inside = sorted(
            (i, m) for i, m in index.keyed[bisect.bisect_left(index.starts, lo):
                                           bisect.bisect_left(index.starts, hi)]
            if m.label in labels and m.end <= start
            and (kind not in "mf" or genders.get(m.entity_key or "") in {None, kind}))
        if inside:
            return (inside[-1] if back == 0 else inside[0])[1].entity_key
    return None


def entity_clusters(analysis: ArticleAnalysis) -> dict[str, list[Mention]]:
    """Mentions grouped by entity_key, in order of first appearance."""
    groups: dict[str, list[Mention]] = {}
    for m in analysis.mentions:
        if m.entity_key:
            groups.setdefault(m.entity_key, []).append(m)
    return groups


__all__ = [
    "ArticleAnalysis", "Mention", "Sentence", "build_analysis", "entity_clusters", "entity_gender",
    "resolve_pronoun", "KIND_NAME", "KIND_SHORT", "KIND_DESCRIPTION",
]
