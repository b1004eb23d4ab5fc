"""Titles and roles around person names, found by rules over the clean text.

News introduces people with a title before the name ("Russian President
Vladimir Putin", "Kremlin spokesman Dmitry Peskov") or an appositive after it
("John Kirby, a White House National Security Communications Advisor, ...")
and refers back with descriptions ("the North Korean leader"). The role is an
attribute of the person, never part of the name. All functions return
character offsets into the text they are given.
"""

from __future__ import annotations

import re

from storyline.analyse.nearby import reach_back
from storyline.lexicon import MONTHS, WEEKDAYS

#: Head words of roles (lowercase). A role must contain one of them.
TITLE_WORDS = frozenset("""
president vice-president minister secretary spokesman spokeswoman spokesperson
adviser advisor leader chairman chairwoman chair ceo cfo coo director general
ambassador envoy senator sen. representative rep. congressman congresswoman
governor gov. mayor chief premier chancellor king queen prince princess emperor
judge justice officer commander colonel col. lieutenant lt. major maj. captain
capt. sergeant sgt. admiral adm. gen. analyst professor prof. researcher
economist expert fellow editor correspondent reporter columnist founder
co-founder owner head deputy undersecretary commissioner attorney lawyer
prosecutor speaker lawmaker legislator diplomat official aide counsel
coordinator administrator executive manager strategist pope cardinal bishop
archbishop rabbi imam sheikh ayatollah dictator ruler monarch candidate nominee
coach striker midfielder defender goalkeeper chairperson president-elect
secretary-general director-general spokesmen assemblyman assemblywoman councilman
councilwoman alderman businessman businesswoman pollster consultant
""".split())

#: Description heads that fit any head of state or government.
GENERIC_HEADS = frozenset({"leader", "ruler", "head", "chief"})

#: Words that may join a role's parts ("Secretary of State", "Minister for Trade").
_CONNECTORS = frozenset({"of", "for", "and", "on", "&"})

#: Capitalised words that open sentences or clauses, never part of a role.
_STOP_CAPS = frozenset("""
the a an on in at by for but and or so yet when after before while as if then
meanwhile yesterday today tonight tomorrow last next this that these those said says
with from to than also however his her their its our my your
unlike like despite during against without about among amid although though because
since until whether including according both either neither not only even just what
who how why where which whose whom into onto upon via toward towards through within
""".split()) | frozenset(WEEKDAYS) | frozenset(MONTHS)

_WORD = re.compile(r"\S+")
_TRAIL_PUNCT = ",;:!?\"'\u201c\u201d\u2018\u2019()[]"
_ABBREV = re.compile(r"^(?:[A-Z]\.)+$|^(?:Gen|Sen|Rep|Gov|Col|Lt|Maj|Capt|Sgt|Adm|Prof|St)\.$")


def is_title(word: str) -> bool:
    """Whether a word is a role head ("President", "spokesman", "Gen.")."""
    return word.casefold() in TITLE_WORDS


def _role_word(word: str) -> bool:
    if is_title(word):
        return True
    bare = word.rstrip(".")
    if not bare or word.casefold() in _STOP_CAPS:
        return False
    if word.endswith(".") and not _ABBREV.match(word):
        return False  # a full stop ends a sentence unless it is an abbreviation
    return bare[0].isupper() or bare[0].isdigit()


def _valid_role(words: list[str]) -> bool:
    """A title must occur; words after the last title must start with a connector."""
    titles = [i for i, w in enumerate(words) if is_title(w)]
    if not titles:
        return False
    rest = words[titles[-1] + 1 :]
    return not rest or rest[0].casefold() in _CONNECTORS


#: How far back a title run is read (once per name: reading to the sentence's start each
#: time is quadratic in a long sentence).
_ROLE_REACH = 300


def role_before(text: str, start: int, floor: int) -> tuple[int, int] | None:
    """Span of a title run ending just before `start`, not before `floor`.

    E.g. "Russian President" before "Vladimir Putin".
    """
    floor = reach_back(text, floor, start, _ROLE_REACH)  # a title run is a few words
    segment = text[floor:start]
    if segment and not segment[-1].isspace():
        return None
    words = list(_WORD.finditer(segment))
    taken: list[re.Match[str]] = []
    for match in reversed(words):
        word = match.group()
        if word[-1] in _TRAIL_PUNCT:
            break
        if word.casefold() in _CONNECTORS and taken:
            taken.append(match)
            continue
        if not _role_word(word):
            break
        taken.append(match)
    while taken and taken[-1].group().casefold() in _CONNECTORS:
        taken.pop()
    taken.reverse()
    if not taken or not _valid_role([m.group() for m in taken]):
        return None
    return floor + taken[0].start(), floor + taken[-1].end()


def leading_role(name: str) -> int:
    """Offset in `name` where the person's name begins after in-span titles, else 0.

    spaCy sometimes tags "President Vladimir Putin" as one PERSON span.
    """
    words = list(_WORD.finditer(name))
    cut = 0
    for i, match in enumerate(words[:-1]):
        if is_title(match.group()):
            cut = i + 1
    if cut == 0:
        return 0
    if not _valid_role([m.group() for m in words[:cut]]):
        return 0
    return words[cut].start()


_APPOSITIVE = re.compile(
    r",\s+(?:(?:a|an|the)\s+)?(?P<role>[^,.;:!?\"\u201c\u201d()]{3,100}?)\s*(?=,|\.(?:\s|$)|;|$)"
)


_RELATIVE = re.compile(r"\s(?:who|whom|whose|which|that)\s")
_TO_HONORIFIC = re.compile(r"\s(?:on|with|for|to|of|at)\s+(?:Mr|Mrs|Ms|Dr)$")
#: The name after such an honorific, up to the appositive's end ("Mrs|. Clinton|,").
_HONORIFIC_NAME = re.compile(r"\.\s+[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,2}"
                             r"(?:['\u2019]s\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})?(?=\s*[,;)])")


def appositive_role(text: str, end: int, ceiling: int) -> tuple[int, int] | None:
    """Span of an appositive role right after a name: "X, a professor at Y," -> "professor at Y"."""
    match = _APPOSITIVE.match(text, end, ceiling)
    if not match:
        return None
    role = match.group("role")
    relative = _RELATIVE.search(role)  # "an Air Force reserve major who Gowdy fired": the
    if relative:  # clause after the role is no part of it
        role = role[: relative.start()]
    start = match.start("role")
    stop = start + len(role.rstrip())
    cut = _TO_HONORIFIC.search(role)  # "a spokesman for Mrs. Clinton": the full stop of "Mrs."
    if cut:  # ended the match inside a name, which the role goes on to
        name = _HONORIFIC_NAME.match(text, stop, ceiling)
        if name:
            stop = name.end()
        else:
            role = role[: cut.start()]
            stop = start + len(role.rstrip())
    words = role.split()
    if not words or len(words) > 12 or not any(is_title(w) for w in words):
        return None
    if not (words[0][0].isupper() or is_title(words[0]) or words[0].casefold() == "former"):
        return None
    return start, stop


#: Heads that are often adjectives or other nouns: a description needs a verb after them.
_AMBIGUOUS_HEADS = frozenset({"general", "chief", "head", "executive", "official", "major",
                              "justice", "chair", "fellow", "expert", "owner", "counsel",
                              "speaker", "officer", "captain", "judge", "director"})

#: Words that may follow a description used as a noun phrase.
_FOLLOW = re.compile(
    r"^(?:said|says|told|is|was|has|had|have|will|would|could|can|may|might|should|must|did|"
    r"does|and|or|who|which|whose|also|made|met|visited|added|noted|warned|insisted|"
    r"in|on|at|of|to|for|from|with|during|after|before|himself|herself|[\u2019']s)\b"
)
_HEADS = sorted((t for t in TITLE_WORDS if not t.endswith(".")), key=len, reverse=True)
_DESCRIPTION = re.compile(
    r"\b[Tt]he[ \t]+(?P<desc>(?:(?:[Ff]ormer|(?:[A-Z]\.)+|[A-Z][\w\u2019'-]*)[ \t]+){0,4}?"
    r"(?P<head>(?i:" + "|".join(re.escape(h) for h in _HEADS) + r")))\b"
)


def descriptions(text: str) -> list[tuple[int, int, str, str]]:
    """Definite person descriptions: (start, end, modifiers, head) of "the North Korean leader".

    Only heads from TITLE_WORDS count; the span excludes "the".
    """
    found = []
    for match in _DESCRIPTION.finditer(text):
        head = match.group("head")
        after = text[match.end() :].lstrip(" ")
        if after[:1].isupper():
            continue  # "the Russian President Vladimir Putin": a role prefix, not a description
        following = _WORD.match(after)
        if head.casefold() in _AMBIGUOUS_HEADS and following and following.group().rstrip(
            _TRAIL_PUNCT + "."
        ) and not _FOLLOW.match(following.group()):
            continue  # "the general election": the head was a modifier
        modifiers = match.group("desc")[: match.start("head") - match.start("desc")].strip()
        found.append((match.start("desc"), match.end("desc"), modifiers, head))
    return found
