"""Name normalisation shared by in-article clustering and cross-article resolution.

News writes one name many ways ("Kim Jong Un", "Kim Jong-un", "KIM JONG-UN",
"José"/"Jose", "J. Kirby"); these keys make such variants compare equal while
keeping different people ("George W. Bush"/"George H. W. Bush") apart.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DASHES = re.compile(r"[\u2010-\u2015\u2212-]")
_APOSTROPHES = re.compile(r"['\u2018\u2019`\u00b4]")
_NON_WORD = re.compile(r"[^\w\s]")
_LEADING_THE = re.compile(r"^the\s+")

#: Honorifics carry no identity; they are dropped from names (not kept as roles).
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "madam"})

#: Name suffixes ignored when comparing people.
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def fold(text: str) -> str:
    """Case- and accent-insensitive form: NFKD, combining marks dropped, casefolded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_tokens(name: str) -> list[str]:
    """Tokens of a name: folded, hyphens split, periods split initials, apostrophes joined."""
    text = _APOSTROPHES.sub("", fold(name))
    text = _DASHES.sub(" ", text).replace(".", " ")
    return _NON_WORD.sub(" ", text).split()


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Space-joined tokens with a leading "the" dropped: the exact-variant key."""
    return _LEADING_THE.sub("", " ".join(name_tokens(name)))


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
    for word in words(name):
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
    and middle names, where both give them, must agree pairwise up to initials.
    A surname alone is never enough: that needs context (see canonical).
    """
    pa, pb = person_parts(a), person_parts(b)
    if not pa or not pb:
        return False
    if "".join(pa) == "".join(pb):
        return True
    if len(pa) < 2 or len(pb) < 2 or pa[-1] != pb[-1]:
        return False
    if not _given_compatible(pa[0], pb[0]):
        return False
    ma, mb = pa[1:-1], pb[1:-1]
    if ma and mb:
        if len(ma) != len(mb):
            return False
        return all(_given_compatible(x, y) for x, y in zip(ma, mb, strict=True))
    return True


def words(name: str) -> list[str]:
    """Whitespace words of a person name without honorifics and suffixes."""
    out = [w for w in name.split() if "".join(name_tokens(w)) not in HONORIFICS]
    while len(out) > 1 and "".join(name_tokens(out[-1])) in _SUFFIXES:
        out.pop()
    return out


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """Compact key of one word: "Jong-un" -> "jongun", "Collomb-Patton" -> "collombpatton"."""
    return "".join(_translit(t) for t in name_tokens(word))


@lru_cache(maxsize=65536)
def short_forms(name: str) -> tuple[str, ...]:
    """Word keys a full person name may be shortened to: surname, then family name.

    The first word is included because East Asian names put the family name
    first ("Kim" for "Kim Jong Un"); hyphenated surnames stay whole.
    """
    parts = words(name)
    if len(parts) < 2:
        return ()
    return tuple(dict.fromkeys((word_key(parts[-1]), word_key(parts[0]))))


def acronym(name: str) -> str:
    """Initials of the capitalised words: "Korean Central News Agency" -> "KCNA"."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w[0].isupper()]
    return "".join(w[0] for w in words)
