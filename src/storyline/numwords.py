"""Numbers written in words and digits, read token by token: the one cardinal reader.

`analyse.numbers` finds every number of a text with `Tokens.cardinal`;
`word_number` reads a phrase that is only a number ("twenty-four", "a
dozen") for the time rules and the copy checks, so every stage reads number
words alike. Word tables come from `lexicon`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from storyline.lexicon import ORDINALS, SCALES, SMALL_NUMBERS, TENS

CARDINAL, ORDINAL = "cardinal", "ordinal"

#: Scale letters written after digits ("5k", "2.5bn", "10M").
DIGIT_SCALES = {"k": 1e3, "K": 1e3, "M": 1e6, "MM": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6,
                "bn": 1e9, "bln": 1e9, "b": 1e9, "B": 1e9, "G": 1e9, "tn": 1e12, "trn": 1e12,
                "tln": 1e12}
#: Scale letters read only when they touch the digits ("5M", not "5 M").
ATTACHED_ONLY = frozenset({"b", "B", "G", "M", "MM"})
_ORD_SMALL = {w: v for w, v in ORDINALS.items() if v < 20}

TOKEN = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)"
    r"|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?:\.\d+)?(?!\d)"
    r"|\d{1,3}(?: \d{3}){2,}(?![\d,.]\d)"
    r"|(?<![\d.,] )(?<![\d.,])\d{1,3} \d{3}(?![\d,.]?\d)(?! \d)"
    r"|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?(?!\d)"
    r"|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\.\d+)"
    r"|(?P<word>[A-Za-z]+(?:\.[A-Za-z]\.)?)"
    r"|(?P<sym>[^\sA-Za-z\d])"
)


class Tok(NamedTuple):
    """One token; a named tuple because one is made for every token of an article (a
    fraction of a frozen dataclass's cost)."""

    kind: str
    text: str
    start: int
    end: int
    low: str


def tokens(text: str) -> list[Tok]:
    return [Tok(m.lastgroup or "sym", g, m.start(), m.end(), g.casefold())
            for m in TOKEN.finditer(text) for g in (m.group(),)]


def digits(s: str) -> float:
    return float(s.replace(",", "").replace("\u00a0", "").replace("\u202f", "")
                 .replace("\u2009", "").replace(" ", ""))


@dataclass
class Atom:
    """A parsed number before units: token range [i, j), value, kind, extra bounds."""

    i: int
    j: int
    value: float
    kind: str = CARDINAL
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    scaled: bool = False


class Tokens:
    """A text cut into number, word and symbol tokens, and the cardinal reader over them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = tokens(text)
        self.n = len(self.toks)

    # --- token helpers -------------------------------------------------
    def gap(self, j: int) -> str:
        """Text between token j-1 and token j."""
        return self.text[self.toks[j - 1].end : self.toks[j].start] if j > 0 else ""

    def joined(self, j: int) -> bool:
        """Token j follows token j-1 on the same line with at most spaces between."""
        return 0 < j < self.n and "\n" not in self.gap(j) and len(self.gap(j)) <= 3

    def touching(self, j: int) -> bool:
        return 0 < j < self.n and self.gap(j) == ""

    def low(self, j: int) -> str:
        return self.toks[j].low if 0 <= j < self.n else ""

    def hyphen_then(self, j: int) -> int:
        """Index after an optional hyphen between word tokens (j points after a word)."""
        if j < self.n and self.toks[j].text in "-‐" and self.joined(j) and self.joined(j + 1):
            return j + 1
        return j

    # --- cardinals in words and digits ---------------------------------
    def cardinal(self, i: int) -> Atom | None:
        """Longest valid cardinal (or word ordinal) starting at token i."""
        total = 0.0
        cur = 0.0
        last = ""  # digit | small | ten | hundred | scale
        big = float("inf")
        best: Atom | None = None
        j = i
        if self.low(i) in {"a", "an"} and self.joined(i + 1) and (
                self.low(i + 1) in SCALES or self.low(i + 1) in {"hundred", "dozen"}):
            cur, last, j = 1.0, "small", i + 1
        while j < self.n:
            if j > i and not self.joined(j):
                break
            t = self.toks[j]
            w = t.low
            if t.kind == "num":
                if last == "" and (j == i):
                    cur, last = digits(t.text), "digit"
                elif last in {"hundred", "scale"}:
                    v = digits(t.text)
                    if v >= (100 if last == "hundred" else big) or "." in t.text:
                        break
                    cur, last = cur + v, "digit"
                else:
                    break
                j += 1
                best = Atom(i, j, total + cur)
                continue
            if w in SMALL_NUMBERS:
                if last == "":
                    cur = SMALL_NUMBERS[w]
                elif last == "ten" and 0 < SMALL_NUMBERS[w] < 10:
                    cur += SMALL_NUMBERS[w]
                elif last in {"hundred", "scale"}:
                    cur += SMALL_NUMBERS[w]
                else:
                    break
                last = "small"
            elif w in TENS:
                if last == "":
                    cur = TENS[w]
                elif last in {"hundred", "scale"} and cur % 100 == 0:
                    cur += TENS[w]
                else:
                    break
                last = "ten"
            elif w == "hundred":
                if last in {"small", "ten", "digit"} and 0 < cur < 100 or (
                        last == "digit" and j == i + 1 and cur == int(cur)):
                    cur *= 100
                else:
                    break
                last = "hundred"
            elif w in {"dozen", "dozens"} and last in {"small", "digit", "ten"} and cur < 100 and (
                    w == "dozen" or cur > 1):
                cur *= 12
                last = "dozen"
            elif w in SCALES or (t.text in DIGIT_SCALES and last == "digit" and (
                    self.touching(j) or t.text not in ATTACHED_ONLY)):
                scale = SCALES.get(w) or DIGIT_SCALES[t.text]
                if last not in {"small", "ten", "digit", "hundred"} or scale >= big or cur == 0:
                    break
                total, cur, big, last = total + cur * scale, 0.0, scale, "scale"
            elif w in ORDINALS and last in {"", "ten", "hundred", "scale"}:
                v = ORDINALS[w]
                if last == "ten" and v >= 10 or last and v >= 100 and last != "scale":
                    break
                if last in {"hundred", "scale"} and self.low(j - 1) != "and":
                    break
                if w == "second" and last == "":
                    prev = self.low(i - 1)
                    if prev in {"a", "per", "one", "split", "every"}:
                        break
                value = total + (cur * v if v >= 100 and cur else cur + v)
                return Atom(i, j + 1, value, ORDINAL)
            elif w == "and" and last in {"hundred", "scale"} and j + 1 < self.n and (
                    self.low(j + 1) in SMALL_NUMBERS or self.low(j + 1) in TENS
                    or self.toks[j + 1].kind == "num"):
                j += 1
                continue
            elif t.text in "-‐" and last == "ten" and self.low(j + 1) in SMALL_NUMBERS:
                j += 1
                continue
            elif t.text in "-‐" and last == "ten" and self.low(j + 1) in _ORD_SMALL:
                j += 1
                continue
            else:
                break
            j += 1
            best = Atom(i, j, total + cur)
        if best is not None:
            best.scaled = big != float("inf")
        return best


def word_number(text: str) -> float | None:
    """The value of a phrase that is one cardinal and nothing else ("twenty-four",
    "a dozen", "one hundred", "24"); None for anything else ("first", "two-three")."""
    reader = Tokens(text)
    atom = reader.cardinal(0) if reader.n else None
    if atom is None or atom.kind != CARDINAL or atom.j != reader.n:
        return None
    return atom.value
