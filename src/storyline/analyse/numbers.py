"""Numbers written in news text: digits, words, scales, fractions, ranges and units.

`parse_numbers` finds "7,000", "7.5 million", "seven thousand", "two-day",
"twenty-four", "a dozen", "dozens of", "1,000-2,000", "between 10 and 20",
"$1.2 billion", "40%", "third" and "24th", each with its value, the interval
it allows and the unit written next to it. Clock times ("2:30 pm") and IP-
or phone-like digit chains are left out. Qualifiers ("about", "more than";
the phrases are `lexicon.QUALIFIERS`) are read by `qualifier_before`/
`qualifier_after` and turned into bounds by `qualified_bounds`, so claims
and benchmarks share one reading. Words are read by `numwords`.
Everything is a pure function of the text; offsets are into that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from storyline.lexicon import (
    ABOUT,
    AT_LEAST,
    EXACTLY,
    FEWER_THAN,
    MORE_THAN,
    NEARLY,
    ORDINALS,
    QUALIFIERS,
    SCALES,
    SMALL_NUMBERS,
    TENS,
    UP_TO,
)
from storyline.numwords import CARDINAL, DIGIT_SCALES, ORDINAL, Atom, Tokens, digits

PERCENT, MONEY, RANGE, FRACTION = "percent", "money", "range", "fraction"


@dataclass(frozen=True, slots=True)
class NumberSpan:
    """A number as written: text[start:end] == text, value and allowed interval.

    `low`/`high` equal `value` for exact numbers; ranges and vague amounts
    ("dozens of": low 24, high 144, approximate) widen them. `unit` is "%",
    a currency code ("USD"), a measure ("km", "day") or None for a bare count.
    """

    start: int
    end: int
    text: str
    value: float
    low: float | None
    high: float | None
    kind: str
    unit: str | None = None
    approximate: bool = False


_DENOMINATORS = {**{w: v for w, v in ORDINALS.items() if v > 2}, "half": 2, "quarter": 4}
_DENOM_PLURAL = {(w[:-1] + "ves" if w == "half" else w + "s"): v
                 for w, v in _DENOMINATORS.items()}
_VAGUE = {"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1e3, "millions": 1e6,
          "billions": 1e9, "tens": 10}
_UNICODE_FRACTIONS = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2,
                      "⅖": 0.4, "⅗": 0.6, "⅘": 0.8, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 0.125,
                      "⅜": 0.375, "⅝": 0.625, "⅞": 0.875}

_CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "U.S.$": "USD", "C$": "CAD", "CA$": "CAD",
                     "A$": "AUD", "AU$": "AUD", "HK$": "HKD", "NZ$": "NZD", "S$": "SGD",
                     "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB",
                     "R$": "BRL"}
_CURRENCY_CODES = frozenset("USD EUR GBP JPY CNY RMB KRW RUB INR CHF CAD AUD HKD SGD NZD "
                            "BRL MXN ZAR TRY SEK NOK DKK PLN UAH KPW".split())


def _units() -> dict[tuple[str, ...], str]:
    table: dict[str, str] = {
        "%": "%", "percent": "%", "per cent": "%", "percentage": "%", "percents": "%", "pct": "%",
        "percentage points": "pp", "percentage point": "pp", "percentage-point": "pp",
        "percentage-points": "pp", "points": "pt", "point": "pt", "pts": "pt",
        "dollars": "USD", "dollar": "USD", "us dollars": "USD", "us dollar": "USD",
        "u.s. dollars": "USD", "canadian dollars": "CAD", "australian dollars": "AUD",
        "hong kong dollars": "HKD", "euros": "EUR", "euro": "EUR", "pounds sterling": "GBP",
        "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
        "rubles": "RUB", "roubles": "RUB", "ruble": "RUB", "rouble": "RUB", "rupees": "INR",
        "rupee": "INR", "francs": "CHF", "swiss francs": "CHF", "franc": "CHF",
        "pesos": "MXN", "hryvnias": "UAH", "usd": "USD", "eur": "EUR", "gbp": "GBP",
        "rmb": "CNY", "chinese yuan": "CNY", "jpy": "JPY", "chf": "CHF", "markka": "FIM",
        "finnish markka": "FIM", "guilders": "NLG", "dutch guilders": "NLG", "pesetas": "ESP",
        "lira": "TRY", "turkish lira": "TRY", "bitcoins": "BTC", "btc": "BTC", "won": "KRW",
        "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "ounces": "oz", "ounce": "oz",
        "cubic feet": "ft3", "cubic metres": "m3", "cubic meters": "m3", "mb": "MB",
        "gb": "GB", "kmph": "km/h", "deg": "°", "deg celsius": "°C", "celcius": "°C",
        "micrograms": "µg", "microgram": "µg", "bit": "bit", "cents": "cent", "cent": "cent",
        "pence": "pence",
        "penny": "pence", "kilometres": "km", "kilometers": "km", "kilometre": "km",
        "kilometer": "km", "km": "km", "miles": "mi", "mile": "mi", "metres": "m",
        "meters": "m", "metre": "m", "meter": "m", "m": "m", "centimetres": "cm",
        "centimeters": "cm", "cm": "cm", "millimetres": "mm", "millimeters": "mm", "mm": "mm",
        "kilograms": "kg", "kilogram": "kg", "kilos": "kg", "kg": "kg", "grams": "g",
        "gram": "g", "tonnes": "t", "tonne": "t", "tons": "t", "ton": "t", "metric tons": "t",
        "metric ton": "t", "lbs": "lb", "lb": "lb", "feet": "ft", "foot": "ft", "ft": "ft",
        "inches": "in", "inch": "in", "yards": "yd", "yard": "yd", "gallons": "gal",
        "gallon": "gal", "litres": "l", "liters": "l", "litre": "l", "liter": "l",
        "barrels": "bbl", "barrel": "bbl", "barrels per day": "bbl/d", "bpd": "bbl/d",
        "square kilometres": "km2", "square kilometers": "km2", "square km": "km2",
        "sq km": "km2", "km2": "km2", "km²": "km2", "square miles": "mi2", "square mile": "mi2",
        "square metres": "m2", "square meters": "m2", "m2": "m2", "square feet": "ft2",
        "hectares": "ha", "hectare": "ha", "acres": "acre", "acre": "acre", "mph": "mph",
        "miles per hour": "mph", "miles an hour": "mph", "km/h": "km/h", "kph": "km/h",
        "kilometres per hour": "km/h", "kilometers per hour": "km/h", "knots": "kn",
        "degrees celsius": "°C", "degrees fahrenheit": "°F", "degree celsius": "°C",
        "degree fahrenheit": "°F", "celsius": "°C", "fahrenheit": "°F", "° c": "°C",
        "° f": "°F", "°c": "°C", "°f": "°F", "degrees": "°", "degree": "°", "°": "°",
        "megawatts": "MW", "mw": "MW", "gigawatts": "GW", "gw": "GW", "kwh": "kWh",
        "years": "year", "year": "year", "months": "month", "month": "month",
        "weeks": "week", "week": "week", "days": "day", "day": "day", "hours": "hour",
        "hour": "hour", "minutes": "minute", "minute": "minute", "seconds": "second",
        "decades": "decade", "decade": "decade", "centuries": "century", "century": "century",
    }
    return {tuple(re.findall(r"[a-z]+(?:\.[a-z]\.)?|[^\sa-z]", k)): v for k, v in table.items()}


_UNITS = _units()
_UNIT_MAX = max(len(k) for k in _UNITS)
_CURRENCIES = frozenset(v for v in _UNITS.values() if v.isupper() and len(v) == 3
                        and v not in {"MB", "GB"}) | {"cent", "pence"} | _CURRENCY_CODES
#: Short units that must touch the number ("48m", "100t"), never spaced.
_TOUCH_ONLY = frozenset({("m",), ("t",), ("g",), ("km2",), ("mm",), ("cm",), ("ft",)})
#: Units read only after a hyphen when the word is also common ("two-day", "3-inch").
_TIME_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "second", "decade",
                         "century"})

_CLOCK = re.compile(r"\b\d{1,2}(?::\d{2}){1,2}(?:\s?[ap]\.?m\.?)?|\b\d{1,2}\s?[ap]\.?m\.?(?!\w)",
                    re.IGNORECASE)
#: Links and e-mail addresses; an address is matched from the start of its word only (from
#: every position of a long run without "@" it would be tried to the run's end: quadratic).
_URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+|(?<!\S)\S+@\S+\.\w+")
_CHAIN = re.compile(r"(?<![\w.])\+?\d+(?:[-./]\d+){2,}(?![\w])|(?<![\w.])\+\d[\d\s()-]{6,}\d")
#: A run of 12 digits or more with no separator is an identifier (a post's id), no amount.
_IDENTIFIER = re.compile(r"(?<![\d,.])\d{12,}(?![\d,])")
#: Markup left in a text dump (`<tweet id="672138489358585856" datetime="2015-12-02">`).
_MARKUP = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>\n]{0,400})?/?>")


class _Parser(Tokens):
    """`Tokens` with the rest of a number: fractions, vague amounts, ratios."""

    def fraction(self, atom: Atom) -> Atom:
        """Extend a cardinal with a denominator ("two thirds") or "and a half"."""
        j = self.hyphen_then(atom.j)
        w = self.low(j)
        if self.joined(j) and w in _DENOM_PLURAL and atom.value > 1:
            whole, numerator = 0.0, atom.value
            ands = [k for k in range(atom.i, atom.j) if self.low(k) == "and"]
            if ands:  # "one hundred and three quarters": only the last part is the numerator
                tail = self.cardinal(ands[-1] + 1)
                if tail is None or tail.j != atom.j:
                    return atom
                whole, numerator = atom.value - tail.value, tail.value
            return Atom(atom.i, j + 1, whole + numerator / _DENOM_PLURAL[w], FRACTION)
        if self.joined(j) and w in _DENOMINATORS and atom.value == 1 and self.low(
                atom.i) in {"one", "a", "an"}:
            return Atom(atom.i, j + 1, 1 / _DENOMINATORS[w], FRACTION)
        denominators = {**_DENOMINATORS, "half": 2}
        if self.low(atom.j) == "and" and self.joined(atom.j) and self.low(atom.j + 1) in {
                "a", "one", "an"} and self.low(atom.j + 2) in denominators:
            extra = 1 / denominators[self.low(atom.j + 2)]
            last = self.low(atom.j - 1)
            if last in SCALES:  # "one million and a half"
                extra *= SCALES[last]
            new = Atom(atom.i, atom.j + 3, atom.value + extra, scaled=atom.scaled)
            k = atom.j + 3
            if self.joined(k) and self.low(k) in SCALES and not atom.scaled:
                new = Atom(atom.i, k + 1, new.value * SCALES[self.low(k)], scaled=True)
            return new
        return atom

    def digit_fraction(self, i: int) -> Atom | None:
        """ "3/4", "2 1/2", "2½", "½"."""
        t = self.toks[i]
        if t.text in _UNICODE_FRACTIONS:
            return Atom(i, i + 1, _UNICODE_FRACTIONS[t.text], FRACTION)
        if t.kind != "num" or "." in t.text or "," in t.text:
            return None
        nxt = self.toks[i + 1] if i + 1 < self.n else None
        if nxt and nxt.text in _UNICODE_FRACTIONS and self.gap(i + 1) in {"", " "}:
            return Atom(i, i + 2, float(t.text) + _UNICODE_FRACTIONS[nxt.text], FRACTION)
        if self._slash(i):
            den = float(self.toks[i + 2].text)
            return Atom(i, i + 3, float(t.text) / den if den else 0.0, FRACTION) if den else None
        if nxt and nxt.kind == "num" and self.joined(i + 1) and self._slash(i + 1):
            den = float(self.toks[i + 3].text)
            if den and float(nxt.text) < den:
                return Atom(i, i + 4, float(t.text) + float(nxt.text) / den, FRACTION)
        return None

    def _slash(self, i: int) -> bool:
        return (i + 2 < self.n and self.toks[i + 1].text == "/" and self.touching(i + 1)
                and self.touching(i + 2) and self.toks[i + 2].kind == "num"
                and "." not in self.toks[i + 2].text
                and not (i + 3 < self.n and self.toks[i + 3].text == "/"
                         and self.touching(i + 3)))

    def vague(self, i: int) -> Atom | None:
        """ "dozens of", "hundreds of", "tens of thousands of", "several hundred"."""
        w = self.low(i)
        if w in {"several", "few"} or (w == "a" and self.low(i + 1) == "few"):
            k = i + (2 if w == "a" else 1)
            nxt = self.low(k)
            unit = SCALES.get(nxt) or (100 if nxt == "hundred" else 12 if nxt == "dozen" else 0)
            if unit and self.joined(k):
                low = 2 * unit if w == "a" else 3 * unit
                return Atom(i, k + 1, low, CARDINAL, low, 10 * unit, True, True)
            return None
        if w in {"ten", "hundred"} and self.low(i + 1) == "of" and self.low(i + 2) in {
                "thousands", "millions", "billions"}:
            w += "s"  # "ten of thousands", "hundred of thousands": a slip for the plural
        if w not in _VAGUE:
            return None
        unit = _VAGUE[w]
        j = i + 1
        if w in {"tens", "hundreds"} and self.low(j) == "of" and self.low(j + 1) in {
                "thousands", "millions", "billions"}:
            unit *= _VAGUE[self.low(j + 1)]
            j += 2
        if w == "tens" and unit == 10:
            return None
        if self.low(j) != "of" or not self.joined(j):
            if unit < 1e3 or self.low(i - 1) == "the":  # "millions flowing", "given billions"
                return None
            return Atom(i, j, 2 * unit, CARDINAL, 2 * unit, 10 * unit, True, True)
        return Atom(i, j, 2 * unit, CARDINAL, 2 * unit, 12 * unit if w == "dozens" else 10 * unit,
                     True, True)

    def atom(self, i: int) -> Atom | None:
        """The number starting at token i, before sign, currency and unit; None if none."""
        t = self.toks[i]
        if t.kind != "num" and t.low not in _ATOM_WORDS and t.text not in _UNICODE_FRACTIONS:
            return None  # what every test below ends in for such a token, at once
        if t.kind == "num" and i > 0 and self.touching(i) and self.toks[i - 1].kind == "word" and (
                self.toks[i - 1].text not in _CURRENCY_CODES):
            return None  # "G7", "MH17": part of a name
        if t.kind == "num" and self.touching(i + 1) and self.toks[i + 1].text in {"s", "'s"}:
            return None  # "the 1990s"
        if t.kind == "num" and self.touching(i + 1) and self.toks[i + 1].low in {
                "st", "nd", "rd", "th"} and "." not in t.text:
            return Atom(i, i + 2, digits(t.text), ORDINAL)
        if w_half := (t.low == "half" or (t.low in {"a", "one"} and self.low(i + 1) == "half")):
            k = i if t.low == "half" else i + 1
            if self.low(k + 1) in {"a", "an"} and self.low(k + 2) == "dozen":
                return Atom(i, k + 3, 6.0)
            if self.low(k + 1) in SCALES and self.joined(k + 1):
                return Atom(i, k + 2, 0.5 * SCALES[self.low(k + 1)], scaled=True)
            if self.low(k + 1) in {"a", "an"} and self.low(k + 2) in SCALES and self.joined(
                    k + 2):  # "half a million"
                return Atom(i, k + 3, 0.5 * SCALES[self.low(k + 2)], scaled=True)
            return Atom(i, k + 1, 0.5, FRACTION) if w_half else None
        if t.low == "quarter" and self.low(i + 1) in SCALES and self.joined(i + 1):
            return Atom(i, i + 2, 0.25 * SCALES[self.low(i + 1)], scaled=True)
        frac = self.digit_fraction(i)
        if frac:
            return frac
        vague = self.vague(i)
        if vague:
            return vague
        if t.low in {"a", "an"} and self.low(i + 1) in _DENOMINATORS and self.joined(i + 1):
            after = self.low(i + 2)
            if after in {"of", ""} or self.toks[i + 2].kind == "sym":
                return Atom(i, i + 2, 1 / _DENOMINATORS[self.low(i + 1)], FRACTION)
        if t.kind != "num" and t.low not in SMALL_NUMBERS and t.low not in TENS and t.low not in (
                ORDINALS) and t.low not in {"a", "an"}:
            return None
        if t.low == "one" and self.low(i - 1) in _PRONOUN_ONE:
            return None
        card = self.cardinal(i)
        if card is None:
            return None
        if card.kind != CARDINAL:
            return card
        card = self.fraction(card)
        return self.ratio(card) if card.kind == CARDINAL else card

    def ratio(self, atom: Atom) -> Atom:
        """ "3 in 10 voters", "one out of five": a share, kept as a fraction."""
        j = atom.j
        if self.low(j) == "in" and self.joined(j):
            k = j + 1
        elif self.low(j) == "out" and self.low(j + 1) == "of" and self.joined(j):
            k = j + 2
        elif self.low(j) == "of" and self.joined(j) and self.low(j + 1) in {"10", "100", "1,000",
                                                                             "ten", "hundred"}:
            k = j + 1  # "eight of 10 voters"; not "four of five states"
        else:
            return atom
        if k >= self.n or not self.joined(k) or self.toks[k].low in {"a", "an"}:
            return atom
        den = self.cardinal(k)
        if den is None or den.kind != CARDINAL or not 1 < den.value <= 1000 or not (
                0 < atom.value < den.value) or atom.value != int(atom.value):
            return atom
        if den.j < self.n and self.joined(den.j) and _unit_after(self, den.j, False)[0]:
            return atom  # "5 in 10 days"
        return Atom(atom.i, den.j, atom.value / den.value, FRACTION)


#: The words a number can start with (`atom`): any other word token starts none.
_ATOM_WORDS = frozenset({"half", "a", "an", "one", "quarter", "several", "few", "hundred", *_VAGUE,
                         *SMALL_NUMBERS, *TENS, *ORDINALS})
_PRONOUN_ONE = frozenset({"the", "this", "that", "which", "each", "every", "any", "no",
                          "some", "someone", "anyone", "another", "other", "last", "next",
                          "only", "no-one"})
_NEGATIVE_WORDS = frozenset({"minus", "negative"})


def _unit_after(p: _Parser, j: int, money_context: bool) -> tuple[str | None, int]:
    """A unit written after token j (attached, spaced, or after a hyphen)."""
    hyphen = j < p.n and p.toks[j].text in "-‐" and p.touching(j) and p.touching(j + 1)
    k = j + 1 if hyphen else j
    if k >= p.n or not (p.joined(k) or p.touching(k)):
        return None, j
    for size in range(min(_UNIT_MAX, p.n - k), 0, -1):
        key = tuple(p.toks[k + m].low for m in range(size))
        if key not in _UNITS:
            continue
        if any(not p.joined(k + m) for m in range(1, size)):
            continue
        if key in _TOUCH_ONLY and not p.touching(k):
            continue
        if key == ("m",) and money_context:
            return None, j
        if key == ("won",) and (k + 1 < p.n and p.low(k + 1) in {"the", "a", "an", "by"}):
            continue
        end = k + size
        if end < p.n and p.toks[end].kind == "word" and p.touching(end):
            continue
        unit = _UNITS[key]
        if key == ("second",) and not hyphen:
            continue
        if key in {("pounds",), ("pound",)}:
            unit = "GBP" if money_context else "lb"
        return unit, end
    key1 = p.low(k)
    if key1 in {"pounds", "pound"}:
        return ("GBP" if money_context else "lb"), k + 1
    if p.toks[k].text in _CURRENCY_CODES and not hyphen:
        return p.toks[k].text, k + 1
    return None, j


#: Plural nouns that follow a length ("2m walls" is still ambiguous, "2m high" is not).
_NOT_COUNTED = frozenset({"tall", "high", "long", "wide", "deep", "away", "thick"})


def _counted_after(p: _Parser, j: int) -> bool:
    """A plural noun follows ("2m barrels", "10k runners"): the letter is a scale."""
    if j >= p.n or not p.joined(j) or p.toks[j].kind != "word":
        return False
    word = p.toks[j].low
    return (len(word) > 3 and word.endswith("s") and not word.endswith("ss")
            and word not in _NOT_COUNTED)


def _currency_before(p: _Parser, i: int) -> tuple[str | None, int]:
    """A currency symbol or code right before token i: "$", "US$", "C $", "EUR"."""
    if i == 0:
        return None, i
    prev = p.toks[i - 1]
    if not (p.touching(i) or p.joined(i)):
        return None, i
    if prev.text in _CURRENCY_SYMBOLS:
        if prev.text == "$" and i >= 2 and p.toks[i - 2].text in {"US", "C", "A", "HK", "NZ",
                                                                    "S", "R", "us", "c", "hk"}:
            if p.gap(i - 1) in {"", " "} and p.joined(i - 1):
                code = _CURRENCY_SYMBOLS.get(p.toks[i - 2].text.upper() + "$", "USD")
                return code, i - 2
        return _CURRENCY_SYMBOLS[prev.text], i - 1
    if prev.text in _CURRENCY_CODES:
        return prev.text, i - 1
    return None, i


def _finish(p: _Parser, a: Atom) -> tuple[NumberSpan, int]:
    """Attach sign, currency and unit to an atom; return the span and the next token."""
    i0, j = a.i, a.j
    value = a.value
    currency, i0 = _currency_before(p, i0)
    if a.kind == CARDINAL and j < p.n and p.touching(j) and p.toks[j].text in {
            "m", "bn", "b", "k", "tn"} and (currency or _counted_after(p, j + 1)):
        value *= {"m": 1e6, "k": 1e3, "tn": 1e12}.get(p.toks[j].text, 1e9)
        j += 1
    negative = False
    if currency is None and i0 > 0:
        prev = p.toks[i0 - 1]
        if prev.low in _NEGATIVE_WORDS and p.joined(i0):
            if not (prev.low == "minus" and p.low(i0 - 2) == "or" and p.low(i0 - 3) == "plus"):
                negative, i0 = True, i0 - 1  # not "plus or minus 4 points", a margin
        elif prev.text in "-−" and p.touching(i0) and (
                i0 == 1 or p.gap(i0 - 1) != "" or p.toks[i0 - 2].text in "([=:") and (
                i0 == 1 or p.toks[i0 - 2].kind not in {"num"} or p.gap(i0 - 1) == "\n"):
            negative, i0 = True, i0 - 1
    unit = currency
    if unit is None and a.kind != ORDINAL:
        unit, j = _unit_after(p, j, a.scaled)
    elif unit is not None and a.kind != ORDINAL:
        after, j2 = _unit_after(p, j, True)
        if after in {"USD", "CAD", "AUD", "HKD"}:  # "$5 dollars" rarely; keep the symbol's
            j = j2
    if unit == "%" and a.kind == ORDINAL:
        unit = None
    sign = -1.0 if negative else 1.0
    low = sign * (a.low if a.low is not None else value)
    high = sign * (a.high if a.high is not None else value)
    value = sign * value
    low, high = min(low, high), max(low, high)
    kind = a.kind
    if kind in {CARDINAL, FRACTION}:
        if unit == "%":
            kind = PERCENT
        elif unit in _CURRENCIES:
            kind = MONEY
    start, end = p.toks[i0].start, p.toks[j - 1].end
    return NumberSpan(start, end, p.text[start:end], value, low, high, kind, unit,
                      a.approximate), j


_RANGE_JOIN = frozenset({"-", "–", "—", "~", "to", "through", "‐"})


def _range(p: _Parser, first: NumberSpan, j: int, opener: str | None,
           opener_start: int = 0) -> tuple[NumberSpan, int] | None:
    """ "1,000-2,000", "10 to 20%", "between 10 and 20", "from 5 to 7 million"."""
    if j >= p.n or not p.joined(j):
        return None
    join = p.low(j)
    if opener == "between":
        if join != "and":
            return None
    elif opener == "from":
        if join not in {"to", "-", "–", "—"}:
            return None
    elif join not in _RANGE_JOIN:
        return None
    k = j + 1
    if k >= p.n or not p.joined(k):
        return None
    if join in "-–—‐" and p.toks[k].text in _CURRENCY_SYMBOLS:
        k += 1
    if opener is None and p.toks[k].text in _CURRENCY_SYMBOLS:
        k += 1
    atom = p.atom(k) if k < p.n else None
    if atom is None or atom.kind == ORDINAL:
        return None
    second, nxt = _finish(p, atom)
    if second.value < 0 and join in "-–—":
        return None
    a_val, b_val = first.value, second.value
    a_unit = first.unit
    if a_unit is None and second.unit:
        a_unit = second.unit
    elif second.unit and second.unit != a_unit:
        return None
    scale = _scale_of(p, atom)
    if scale and not _has_scale(first.text) and a_val * scale <= b_val:
        a_val *= scale  # "5 to 7 million": the scale of the second applies to the first
    if not a_val < b_val:
        return None
    if join in "-–—‐" and _yearish(first.text) and _yearish(second.text):
        return None
    start = first.start
    if opener:
        start = opener_start
    end = second.end
    kind = RANGE
    return NumberSpan(start, end, p.text[start:end], (a_val + b_val) / 2, a_val, b_val, kind,
                      a_unit, first.approximate or second.approximate), nxt


def _scale_of(p: _Parser, atom: Atom) -> float:
    """The scale word closing a number ("2 million" -> 1e6), else 0."""
    last = p.toks[atom.j - 1]
    return SCALES.get(last.low) or (DIGIT_SCALES.get(last.text, 0) if atom.j - 1 > atom.i
                                     else 0)


def _has_scale(text: str) -> bool:
    return bool(re.search(r"(?i)thousand|million|billion|trillion|\d[kKMbB]|bn\b|mn\b", text))


def _yearish(text: str) -> bool:
    return bool(re.fullmatch(r"(1[89]|20)\d\d|\d\d", text))


def unread_spans(text: str) -> list[tuple[int, int, str]]:
    """The spans `parse_numbers` does not read, with why: (start, end, reason), reason
    "clock" (2:30 pm), "name" (phone numbers, codes: digit chains; identifiers of 12
    digits or more) or "furniture" (links, markup tags left in a text dump)."""
    return list(_unread_spans(text))


@lru_cache(maxsize=4)
def _unread_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """Cached: the parser and the claims of one article both ask for these."""
    spans = [(m.start(), m.end(), "clock") for m in _CLOCK.finditer(text)]
    spans += [(m.start(), m.end(), "name") for m in _CHAIN.finditer(text)]
    spans += [(m.start(), m.end(), "furniture") for m in _URL.finditer(text)]
    spans += [(m.start(), m.end(), "name") for m in _IDENTIFIER.finditer(text)]
    spans += [(m.start(), m.end(), "furniture") for m in _MARKUP.finditer(text)]
    return tuple(sorted(spans))


def parse_numbers(text: str) -> tuple[NumberSpan, ...]:
    """Every number written in `text`, left to right, longest reading first."""
    p = _Parser(text)
    skip = [(s, e) for s, e, _ in unread_spans(text)]
    out: list[NumberSpan] = []
    i = s = 0
    while i < p.n:
        t = p.toks[i]
        while s < len(skip) and skip[s][1] <= t.start:
            s += 1
        if s < len(skip) and skip[s][0] <= t.start:  # clock times, phone numbers, URLs
            i += 1
            continue
        opener = t.low if t.low in {"between", "from"} and i + 1 < p.n and p.joined(
            i + 1) else None
        k = i + 1 if opener else i
        if opener and k < p.n and p.toks[k].text in _CURRENCY_SYMBOLS:
            k += 1
        atom = p.atom(k) if k < p.n else None
        if atom is None:
            i += 1
            continue
        span, j = _finish(p, atom)
        if atom.kind != ORDINAL:
            ranged = _range(p, span, j, opener, t.start)
            if ranged is None and opener:
                ranged = _range(p, span, j, None)
            if ranged:
                span, j = ranged
        if atom.kind == ORDINAL and _is_plain_word_ordinal_noise(p, atom):
            i = atom.j
            continue
        out.append(span)
        i = max(j, i + 1)
    return tuple(out)


def _is_plain_word_ordinal_noise(p: _Parser, atom: Atom) -> bool:
    """ "second" after "a"/"per": the unit of time, not an ordinal."""
    return p.low(atom.i) == "second" and p.low(atom.i - 1) in {"a", "per", "split"}


# --- qualifiers --------------------------------------------------------------

_QUAL_BEFORE = re.compile(
    r"(?i)(?<![\w-])(" + "|".join(
        sorted((re.escape(ph) for phrases in QUALIFIERS.values() for ph in phrases),
               key=len, reverse=True)) + r")\s*$")
_QUAL_LOOKUP = {ph.casefold(): q for q, phrases in QUALIFIERS.items() for ph in phrases}
_QUAL_AFTER = re.compile(
    r"(?i)^(?:\s+(?:or|and)\s+(more|greater|higher|above|over|fewer|less|lower|under|below|so)|"
    r"-?\s?plus\b|\+)")


def qualifier_before(text: str, start: int) -> tuple[str | None, int]:
    """(qualifier, its start) written right before offset `start`, or (None, start)."""
    m = _QUAL_BEFORE.search(text, max(0, start - 30), start)
    if not m:
        return None, start
    phrase = m.group(1).casefold()
    if phrase == "some" and re.match(r"\s*(?:of|\d+%|percent)", text[start:]):
        return None, start
    return _QUAL_LOOKUP[phrase], m.start(1)


def qualifier_after(text: str, end: int) -> tuple[str | None, int]:
    """(qualifier, its end) written right after offset `end`: "or more", "-plus"."""
    m = _QUAL_AFTER.match(text[end : end + 20])
    if not m:
        return None, end
    word = (m.group(1) or "plus").casefold()
    if word == "so":
        return ABOUT, end + m.end()
    if word in {"more", "greater", "higher", "above", "over", "plus"}:
        return AT_LEAST, end + m.end()
    return UP_TO, end + m.end()


def qualified_bounds(number: NumberSpan, qualifier: str | None) -> tuple[float | None,
                                                                          float | None]:
    """The interval a qualified number allows ("about 7,000" -> 6,300..7,700)."""
    v, low, high = number.value, number.low, number.high
    lo = low if low is not None else v
    hi = high if high is not None else v
    if qualifier == ABOUT:
        spread = 0.1 * abs(v)
        return min(lo, v - spread), max(hi, v + spread)
    if qualifier in {MORE_THAN, AT_LEAST}:
        return lo, None
    if qualifier in {UP_TO, FEWER_THAN}:
        return None, hi
    if qualifier == NEARLY:
        return 0.9 * v if v >= 0 else v, v
    return low, high


__all__ = [
    "ABOUT", "AT_LEAST", "CARDINAL", "EXACTLY", "FEWER_THAN", "FRACTION", "MONEY", "MORE_THAN",
    "NEARLY", "NumberSpan", "ORDINAL", "PERCENT", "RANGE", "UP_TO", "parse_numbers",
    "qualified_bounds", "qualifier_after", "qualifier_before", "unread_spans",
]
