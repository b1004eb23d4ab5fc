"""Name normalisation shared by in-article clustering and cross-article resolution.

News writes one name many ways ("Kim Jong Un", "Kim Jong-un", "KIM JONG-UN",
"José"/"Jose", "J. Kirby"); these keys make such variants compare equal while
keeping different people ("George W. Bush"/"George H. W. Bush") apart.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from storyline.analyse import roles

_DASHES = re.compile(r"[\u2010-\u2015\u2212-]")
_APOSTROPHES = re.compile(r"['\u2018\u2019`\u00b4]")
_NON_WORD = re.compile(r"[^\w\s]")
_LEADING_THE = re.compile(r"^the\s+")

#: Honorifics carry no identity; they are dropped from names (not kept as roles).
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "madam"})
#: The title words of roles, without their full stops (names' words are compared so).
TITLE_WORDS = frozenset(w.rstrip(".") for w in roles.TITLE_WORDS)

#: Name suffixes ignored when comparing people.
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and accent-insensitive form: NFKD, combining marks dropped, casefolded.
    (Cached, like the other pure name functions here: an article repeats its names.)"""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_DOTTED = re.compile(r"(?<![\w.])((?:\w\.){2,})(?![\w])")


def name_tokens(name: str) -> list[str]:
    """Tokens of a name: folded, hyphens split, periods split initials, apostrophes joined;
    a dotted abbreviation is one token ("F.B.I." as "fbi", "U.S." as "us")."""
    return list(_name_tokens(name))


@lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    name = _DOTTED.sub(lambda m: m.group(1).replace(".", ""), name) if "." in name else name
    text = _APOSTROPHES.sub("", fold(name))
    text = _DASHES.sub(" ", text).replace(".", " ")
    return tuple(_NON_WORD.sub(" ", text).split())


@lru_cache(maxsize=65536)
def _compact(word: str) -> str:
    """The tokens of `word` run together: what honorifics and suffixes are checked on."""
    return "".join(_name_tokens(word))


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Space-joined tokens with a leading "the" dropped: the exact-variant key."""
    return _LEADING_THE.sub("", " ".join(_name_tokens(name)))


def _translit(token: str) -> str:
    """Collapse spelling noise of transliterations from Cyrillic and Ukrainian:
    doubled letters, -iy/-yy/-ei/-ey endings, ks/x ("Zelenskyy", "Sergei", "Aleksei")."""
    token = re.sub(r"(iy|yy|ii|yi|ei|ey|ej)$", "y", token).replace("ks", "x")
    return re.sub(r"(.)\1+", r"\1", token)


@lru_cache(maxsize=65536)
def person_parts(name: str) -> tuple[str, ...]:
    """Word keys of a person name: honorifics and suffixes dropped, "J.F." split in two.

    Hyphenated words stay whole ("Hoyer-Larsen"), so a hyphenated surname is
    one surname; "Kim Jong-un" and "Kim Jong Un" still meet via the compact form.
    """
    parts: list[str] = []
    for word in _words(name):
        if re.fullmatch(r"(?:\w\.){2,}", word):
            parts += [fold(c) for c in word if c != "."]
        elif key := word_key(word):
            parts.append(key)
    return tuple(parts)


def _given_compatible(a: str, b: str) -> bool:
    """Equal given names, or an initial that matches the other's first letter."""
    if a == b:
        return True
    return (len(a) == 1 or len(b) == 1) and a[0] == b[0]


def same_person_name(a: str, b: str) -> bool:
    """Whether two full names can denote one person, from their form alone.

    Surnames (last token) must agree, first names must agree up to initials,
    and middle names, where both give them, must agree pairwise up to initials;
    a generational suffix ("Jr.") must be the same on both.
    A surname alone is never enough: that needs context (see canonical).
    """
    pa, pb = person_parts(a), person_parts(b)
    if not pa or not pb or _suffix(a) != _suffix(b):  # "Donald Trump Jr." is not his father
        return False
    if "".join(pa) == "".join(pb):
        return True
    if len(pa) < 2 or len(pb) < 2 or pa[-1] != pb[-1]:
        return False
    short, long_ = sorted((pa, pb), key=len)
    if len(long_) == len(short) + 1 and long_[1:] == short and short[0] not in (
            MALE_GIVEN_NAMES | FEMALE_GIVEN_NAMES):
        return True  # a two-word surname: "Wasserman Schultz", "Debbie Wasserman Schultz"
    if not _given_compatible(pa[0], pb[0]):
        return False
    ma, mb = pa[1:-1], pb[1:-1]
    if ma and mb:
        if len(ma) != len(mb):
            return False
        return all(_given_compatible(x, y) for x, y in zip(ma, mb, strict=True))
    return True


@lru_cache(maxsize=65536)
def _suffix(name: str) -> str:
    last = name.split()[-1] if name.split() else ""
    key = _compact(last)
    return key if key in _SUFFIXES else ""


def words(name: str) -> list[str]:
    """Whitespace words of a person name without honorifics and suffixes."""
    return list(_words(name))


@lru_cache(maxsize=65536)
def _words(name: str) -> tuple[str, ...]:
    out = [w for w in name.split() if _compact(w) not in HONORIFICS]
    while len(out) > 1 and _compact(out[-1]) in _SUFFIXES:
        out.pop()
    return tuple(out)


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """Compact key of one word: "Jong-un" -> "jongun", "Collomb-Patton" -> "collombpatton"."""
    return "".join(_translit(t) for t in _name_tokens(word))


@lru_cache(maxsize=65536)
def short_forms(name: str) -> tuple[str, ...]:
    """Word keys a full person name may be shortened to: surname, then family name.

    The first word is included because East Asian names put the family name
    first ("Kim" for "Kim Jong Un"); hyphenated surnames stay whole.
    """
    parts = _words(name)
    if len(parts) < 2:
        return ()
    return tuple(dict.fromkeys((word_key(parts[-1]), word_key(parts[0]))))


def acronym(name: str) -> str:
    """Initials of the capitalised words: "Korean Central News Agency" -> "KCNA"."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w[0].isupper()]
    return "".join(w[0] for w in words)


#: Given names that are (almost) always a man's or a woman's in English-language news.
#: Names used for both (Chris, Kelly, Jordan, Leslie, Kim) are in neither list.
MALE_GIVEN_NAMES = frozenset("""
aaron abdul adam adrian ahmed al alan albert alberto alejandro alexander alfred ali allen
alvin amir andre andrew andy angelo anthony antonio antonin arnold arthur ashton barack
barry ben benjamin bennie bernard bernie bill billy bob bobby boris brad bradley brandon
brendan brent brett brian bruce bryan byron calvin carl carlos cecil chad charles charlie
chester chuck clarence claude clifford clint clyde cody colin conrad corey cory craig curtis
dale dan daniel danny darrell darren dave david dean dennis derek devin dick don donald
doug douglas duane dustin dwayne dwight earl ed eddie edgar eduardo edward edwin eli elijah
elliot elmer emmanuel eric ernest ernesto eugene evan felix fernando floyd francis francisco
frank franklin fred frederick gabriel gary gene geoffrey george gerald gilbert glen glenn
gordon grant greg gregory gustavo guy hank harold harry harvey hector henry herbert herman
howard hugh hugo ian isaac ivan jack jacob jake james jared jason jeb jeff jeffrey jeremy
jerome jerry jesus jim jimmy joe joel john johnny jon jonathan jorge jose joseph josh joshua
juan julian justin karl keith ken kenneth kevin kurt kyle lance larry lawrence leo leon
leonard leroy lewis lincoln lloyd louis luis luke lyle malcolm manuel marco marcus
mario mark martin marvin matt matthew maurice max melvin michael miguel mike milton mitch
mitchell mitt mohammed muhammad nathan neil nelson newt nicholas nick noah norman oliver
omar oscar owen patrick paul pedro perry pete peter phil philip phillip rafael ralph ramon
randall randy ray raymond reed reggie reince richard rick ricky rob robert roberto rod rodney
roger roland ron ronald ross roy rudy russell ryan salvador samuel scott sean sergei
seth shane shawn sheldon sidney stanley stephen steve steven stuart ted terrence terry theodore
thomas tim timothy todd tom tommy tony travis trent trey troy tyler vernon victor vincent
vladimir walter warren wayne wesley william willie xi yuri zach zachary
""".split())
FEMALE_GIVEN_NAMES = frozenset("""
abby abigail ada agnes aileen alice alicia alison allison amanda amber amy ana andrea
angela angelina anita ann anna anne annette antoinette april arlene ashley audrey barbara
beatrice becky belinda betsy betty beverly bonnie brenda brigid brittany candace carla
carly carmen carol caroline carolyn carrie catherine cathy cecilia charlotte chelsea
cheryl christina christine cindy claire clara claudia colleen connie constance cynthia
daisy darlene dawn debbie deborah debra denise diana diane donna doris dorothy edith
eileen elaine eleanor elena elizabeth ella ellen elsa emily emma erica erin esther ethel
eva evelyn felicia florence frances gabrielle gail gina gladys gloria grace gwen gwendolyn
hallie hannah harriet hazel heather heidi helen hillary holly huma ida irene iris ivanka
ivana jacqueline jane janet janice jasmine jeanne jeannette jennifer jenny jessica jill jo
joan joanna joanne josephine joy joyce judith judy julia julie june karen katherine
kathleen kathryn kathy katie kay kellyanne kimberly kirsten kristen laura lauren leah
lillian lily linda lisa loretta lori lorraine louise lucy lydia madeleine madeline mae
maggie marcia margaret maria marian marie marilyn marina marjorie marsha martha mary
maureen megan melania melanie melinda melissa michelle mildred miriam molly monica nancy
naomi natalie nicole nikki nina nora norma olga olive olivia pam pamela patricia patty
paula pauline peggy penny phyllis priscilla rachel rebecca regina renee rhonda rita
roberta robin rosa rosalind rose rosemary ruby ruth sally samantha sandra sara sarah
sharon sheila shelley shelly sherry shirley sonia sophia stacey stacy stephanie sue susan
suzanne sylvia tammy tanya tara teresa theresa tiffany tina tracy valerie vanessa vera
veronica victoria virginia vivian wanda wendy whitney yolanda yvonne zoe
""".split())


def is_given_name(word: str) -> bool:
    """Whether one word is a given name of the lists ("Hillary", "Ted"; not "Crooked")."""
    folded = fold(word).rstrip(".")
    return folded in MALE_GIVEN_NAMES or folded in FEMALE_GIVEN_NAMES


def given_name_gender(name: str) -> str | None:
    """"m" or "f" from the given name of a full person name ("Hillary Clinton"), else None."""
    parts = _words(name)
    for first in parts[: min(2, len(parts) - 1)]:
        first = fold(first).rstrip(".")
        if first in MALE_GIVEN_NAMES:
            return "m"
        if first in FEMALE_GIVEN_NAMES:
            return "f"
        if first not in TITLE_WORDS and first not in HONORIFICS:
            break  # a second word is a given name only after a title ("Assemblywoman
    return None    # Claudia Tenney"), not after an unlisted one ("Giovanni Maria Vian")
