"""The English words every stage reads: months, weekdays, seasons, numbers, qualifiers.

Extraction, copy detection and analysis each recognise dates, number words
and "more than"/"up to"; kept here once, they cannot drift apart (a month one
stage knows and another does not, "up to" read two ways). Plain data, no
imports from storyline: every stage may import it. Words are lower case;
`numwords` reads numbers written in words with these tables.
"""

from __future__ import annotations

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
#: Short forms of month names, by month number ("may" is already whole).
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                       "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
#: Every English month name and short form, by month number.
MONTH_NUMBERS = {name: n for n, name in enumerate(MONTHS, 1)} | MONTH_ABBREVIATIONS
#: The short forms AP style writes before a day, with a full stop ("Sept. 30").
AP_MONTH_ABBREVIATIONS = ("jan", "feb", "aug", "sept", "oct", "nov", "dec")
#: Month names in German, French, Spanish, Italian, Portuguese and Dutch (accented
#: and unaccented), one tuple a month; publication dates on foreign pages use them.
FOREIGN_MONTHS = (
    ("januar", "janvier", "enero", "gennaio", "janeiro", "januari", "jänner"),
    ("februar", "février", "fevrier", "febrero", "febbraio", "fevereiro", "februari"),
    ("märz", "maerz", "mars", "marzo", "março", "marco", "maart"),
    ("avril", "abril", "aprile"),
    ("mai", "mayo", "maggio", "maio", "mei"),
    ("juni", "juin", "junio", "giugno", "junho"),
    ("juli", "juillet", "julio", "luglio", "julho"),
    ("août", "aout", "agosto", "augustus"),
    ("septembre", "septiembre", "setembro", "settembre"),
    ("oktober", "octobre", "octubre", "ottobre", "outubro"),
    ("novembre", "noviembre", "novembro"),
    ("dezember", "décembre", "decembre", "diciembre", "dicembre", "dezembro"),
)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Short forms of weekday names, by ISO weekday number (Monday 1).
WEEKDAY_ABBREVIATIONS = {"mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4, "thur": 4,
                         "thurs": 4, "fri": 5, "sat": 6, "sun": 7}
#: Every weekday name and short form, by ISO weekday number.
WEEKDAY_NUMBERS = {name: n for n, name in enumerate(WEEKDAYS, 1)} | WEEKDAY_ABBREVIATIONS
#: Seasons and their TimeML codes.
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

#: Cardinal number words below twenty, by value.
SMALL_NUMBERS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())} | {"nought": 0, "naught": 0}
TENS = {w: 10 * n for n, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
#: Words that multiply what comes before them ("hundred" and "dozen" are read apart).
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "lakh": 1e5, "crore": 1e7}
#: Ordinal number words, by value: compounds ("twenty-first") are two words.
ORDINALS = {w: n for n, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split(), 1)}
ORDINALS |= {w: 10 * n for n, w in enumerate(
    "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split(), 2)}
ORDINALS |= {"hundredth": 100, "thousandth": 1000, "millionth": 1e6, "billionth": 1e9,
             "trillionth": 1e12}

# --- qualifiers ------------------------------------------------------------------------------

#: What a qualifier before a number means for the interval it allows.
ABOUT, MORE_THAN, AT_LEAST, UP_TO, NEARLY, FEWER_THAN, EXACTLY = (
    "about", "more than", "at least", "up to", "nearly", "fewer than", "exactly")

#: The one qualifier table: phrases written before a number, by meaning. "up to 7,000",
#: "as many as 7,000" and "no more than 7,000" allow at most 7,000 (news never means
#: "at least" by them); "nearly" and "almost" allow a little less.
QUALIFIERS = {
    ABOUT: ("about", "around", "approximately", "roughly", "some", "an estimated", "estimated",
            "circa", "approx.", "an approximate", "in the region of", "on the order of",
            "or so"),
    MORE_THAN: ("more than", "over", "above", "greater than", "larger than", "higher than",
                "in excess of", "upwards of", "exceeding", "exceeded", "exceeds", "exceed",
                "surpassing", "beyond", "well over", "well above", "just over", "just above",
                "surpass", "surpasses", "surpassed", ">"),
    AT_LEAST: ("greater than or equal to", "more than or equal to", "higher or equal than",
               "bigger or equal than", "equal to or more than", "equal to or greater than",
               "at least or equal to", "at least", "no less than", "no fewer than",
               "a minimum of", "not less than", ">=", "≥"),
    UP_TO: ("less than or equal to", "smaller or equal than", "lower or equal than",
            "equal to or less than", "fewer than or equal to", "up to", "as many as",
            "as much as", "at most", "no more than", "a maximum of", "as high as",
            "not more than", "within", "<=", "≤"),
    NEARLY: ("nearly", "almost", "close to", "just under", "just shy of", "just below",
             "approaching", "not quite", "shy of", "nigh on"),
    FEWER_THAN: ("fewer than", "less than", "under", "below", "lower than", "smaller than", "<"),
    EXACTLY: ("exactly", "precisely", "a total of", "equal to", "equals to", "equals",
              "equaling to"),
}
#: Phrases that qualify a length of time only ("within two weeks", "for at least a year").
TIME_QUALIFIERS = {"within": UP_TO, "for at least": AT_LEAST}
#: The TimeML mod (TIMEX3 `mod`) of each meaning; TimeML has no "nearly" or "exactly".
TIMEX_MODS = {ABOUT: "APPROX", MORE_THAN: "MORE_THAN", AT_LEAST: "EQUAL_OR_MORE",
              UP_TO: "EQUAL_OR_LESS", NEARLY: "LESS_THAN", FEWER_THAN: "LESS_THAN",
              EXACTLY: None}
