"""Quotes and reported speech of one article, with their speakers, by rules.

News attributes words in a few fixed shapes: `"...," X said`, `said X, a
professor at ...`, `X told reporters "..."`, `X noted that ...`, `..., according
to X`, quotes split around the attribution, and quote paragraphs that go on
with the previous speaker. The rules work over the clean text, the sentences
and the entity mentions of an `ArticleAnalysis` (no parser runs), so every
output is a pure function of the analysis and points at character offsets of
the clean text.

Steps: pair quotation marks per paragraph; find speech cues (verbs of the
`speech` lexicon, "according to"); for each cue find its source (a noun phrase
or pronoun before the verb, or after it in inverted order), the medium,
addressee and time next to it, and its content (an adjacent quotation, else
the clause after or before the cue); then give uncued quotations to the
previous speaker (continued paragraphs, split quotes, pull quotes).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import islice

from storyline.analyse.entities import ArticleAnalysis, Mention, entity_gender
from storyline.analyse.first_chars import with_starts
from storyline.analyse.nearby import StartIndex, reach_back
from storyline.analyse.roles import is_title
from storyline.analyse.speech import (
    ADDRESSEE,
    ADDRESSEE_VERBS,
    AUX_WORDS,
    DETERMINERS,
    MEDIUM,
    NEEDS_QUOTE,
    PARTICIPLES,
    PRONOUNS,
    SOURCE_NOUNS,
    SPEECH_VERBS,
    TIME_WORDS,
)
from storyline.lexicon import AP_MONTH_ABBREVIATIONS, WEEKDAYS

KIND_DIRECT = "direct"  # the content is a quotation in quote marks
KIND_PARTIAL = "partial"  # reported speech that quotes some of the words
KIND_INDIRECT = "indirect"  # reported speech without quote marks

_OPEN = "\u201c"
_CLOSE = "\u201d"
_STRAIGHT = '"'
_QUOTE_CHARS = _OPEN + _CLOSE + _STRAIGHT
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_ABBREV = re.compile(r"(?:^|\s)(?:[A-Z]\.)+$|\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|Jr|Sr|"
                     r"Prof|Capt|Sgt|Adm|Maj|No|Inc|Corp|Co|Ltd|Ft|Mt|vs|"
                     + "|".join(m.capitalize() for m in AP_MONTH_ABBREVIATIONS) + r")\.$")
_TOKEN = re.compile(r"[\w\u2019'.&-]+|[^\w\s]")
_STOP = frozenset("""
that which but or when while because if as after before since though although where whether
so then than to with by from into about over under what how why yet nor not no
""".split())
_CUE_RE = with_starts(  # first_chars: the same matches, faster
    r"(?<![\w-])(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s+")
                               for f in sorted(SPEECH_VERBS, key=len, reverse=True))
    + r")(?![\w-])|(?<![\w-])According\s+to(?![\w-])"
    r"|(?<![\w-])(?:Said|Says|Added|Adds|Continued|Wrote|Writes)(?=\s+[A-Z])"
)


@dataclass(frozen=True, slots=True)
class Quote:
    """Words attributed to a speaker in one article.

    Offsets are into the article's clean text (`text[start:end] == quote.text`).

    - start, end, text: the content: inside the quote marks for a direct quote,
      the reported clause (without "that") for partial and indirect speech.
    - kind: "direct", "partial" (reported speech quoting some words; the quoted
      words are in `fragments`) or "indirect".
    - cue_start, cue_end, verb: the speech cue as written ("said", "told",
      "according to") and its lemma ("say", "tell", "according to"); a colon
      after a name (`Kirby: "..."`) is a cue with verb "say". A quote
      that continues an earlier one with no cue of its own (a next paragraph, a
      pull quote) carries that quote's cue and has `continues` True.
    - speaker_start, speaker_end, speaker_text: the source as written here:
      the name mention, the pronoun, or a noun phrase ("officials"); None when
      no source was found.
    - speaker_key: the analysis' entity_key of the speaker, through pronouns
      and descriptions; None when unknown or not a named entity.
    - speaker_name: the fullest name the article uses for `speaker_key`.
    - speaker_role: a title or role stated for the speaker in the article.
    - medium: how it was said ("in a statement", "on a call", "in a message").
    - addressee: whom it was said to ("reporters", "The Associated Press").
    - via: who relays it ("according to North Korea's official ... Agency").
    - time_text: a time written next to the cue ("on Tuesday"), as written.
    - fragments: the quoted passages inside the content, as (start, end).
    - continues: the quote has no cue of its own (see cue fields).
    """

    start: int
    end: int
    text: str
    kind: str
    cue_start: int
    cue_end: int
    verb: str
    speaker_start: int | None
    speaker_end: int | None
    speaker_text: str | None
    speaker_key: str | None
    speaker_name: str | None
    speaker_role: str | None
    medium: str | None = None
    addressee: str | None = None
    via: str | None = None
    time_text: str | None = None
    fragments: tuple[tuple[int, int], ...] = ()
    continues: bool = False


@dataclass(frozen=True, slots=True)
class _QSpan:
    """A paired quotation: marks at `open`/`close` (close = line end if unclosed)."""

    open: int
    close: int
    start: int
    end: int
    closed: bool


@dataclass
class _Cue:
    start: int
    end: int
    verb: str
    form: str
    src: tuple[int, int] | None = None  # source noun phrase
    speaker: tuple[int, int] | None = None  # mention or pronoun inside it
    key: str | None = None
    role: str | None = None
    inverted: bool = False
    left: int = 0  # start of the attribution clause (source or cue)
    right: int = 0  # end of the attribution clause (cue, source, medium, time)
    medium: str | None = None
    addressee: str | None = None
    via: str | None = None
    time: str | None = None
    consumed: bool = False
    progressive: bool = False
    extras: list[tuple[int, int]] = field(default_factory=list)

    @property
    def participle(self) -> bool:
        """A participle that continues another clause (", adding that ...")."""
        return self.form in PARTICIPLES and not self.progressive


def _lines(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


_TWO_APOSTROPHES = re.compile(r"``|(?<!')''(?!')")


def quote_view(text: str) -> str:
    """`text` as the quote rules read it: two apostrophes (or two backticks opening), the
    quotation marks of some archives' plain text (''We were not happy,'' said ...;
    ``...''), are a straight double mark and a space, so offsets stay. What a quote
    reports is read from the text itself."""
    return _TWO_APOSTROPHES.sub('" ', text) if "''" in text or "``" in text else text


def quote_spans(text: str) -> list[_QSpan]:
    """Pair quotation marks within each paragraph; an open quote runs to the line end.

    Curly marks have a direction; a straight mark opens when none is open and
    closes otherwise, so mixed pairs ("friendly\u201d) still pair. A straight
    mark right after a word with a space after it cannot open.
    """
    spans: list[_QSpan] = []
    for lo, hi in _lines(text):
        opened: int | None = None
        nested = 0  # curly quotes inside a straight-quoted passage
        for i in range(lo, hi):
            ch = text[i]
            if ch not in _QUOTE_CHARS:
                continue
            after = text[i + 1] if i + 1 < hi else " "
            before = text[i - 1] if i > lo else " "
            if opened is None:
                if ch == _CLOSE:
                    continue
                if ch == _STRAIGHT and before.isalnum() and after.isspace():
                    continue
                opened, nested = i, 0
            elif text[opened] == _STRAIGHT and ch == _OPEN:
                nested += 1
            elif text[opened] == _STRAIGHT and ch == _CLOSE and nested:
                nested -= 1
            elif ch == _OPEN and text[opened] == _OPEN:
                opened = i  # a stray opener: restart
            elif text[opened] == _OPEN and ch == _STRAIGHT and (
                    after.isalnum() or before.isspace()):
                continue  # a straight mark opening inside a curly-quoted passage
            else:
                spans.append(_span(text, opened, i, True))
                opened = None
        if opened is not None and hi - opened > 2:
            spans.append(_span(text, opened, hi, False))
    return [s for s in spans if s.end > s.start and re.search(r"\w", text[s.start : s.end])]


def _span(text: str, open_: int, close: int, closed: bool) -> _QSpan:
    start, end = open_ + 1, close
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return _QSpan(open_, close, start, end, closed)


_WORD = re.compile(r"\w+")


def _words(text: str, most: int) -> int:
    """How many words `text` holds, counted no further than `most` (the rules only ask
    whether a span has more or fewer than a few: a count of a whole endless sentence per
    cue would be quadratic)."""
    return sum(1 for _ in islice(_WORD.finditer(text), most))


_SENTENCE_GAP = re.compile(r"[.!?][\"\u201d\u2019)]*\s+(?=[A-Z\"\u201c\u2018(])")


class _Article:
    """Indexes over one analysis that the rules query."""

    def __init__(self, analysis: ArticleAnalysis) -> None:
        self.a = analysis
        self.text = quote_view(analysis.text)
        self.lines = _lines(self.text)
        self.line_starts = [lo for lo, _ in self.lines]
        self.qspans = quote_spans(self.text)
        self.opens = [q.open for q in self.qspans]  # in text order: the spans do not overlap
        self.entities = [m for m in analysis.mentions if m.entity_key and
                         m.label in _SPEAKER_LABELS]
        self.times = [m for m in analysis.mentions if m.label in {"DATE", "TIME"}]
        # entity mentions by end and by start, each with its place in `entities`: the
        # rules ask for a mention at an offset once per cue (a scan of all is quadratic)
        self._times_by_end: dict[int, list[Mention]] = {}
        for t in self.times:
            self._times_by_end.setdefault(t.end, []).append(t)
        self._by_place = StartIndex(self.entities)
        self.first_role: dict[str, str] = {}  # an entity's first stated role
        for m in self.entities:
            if m.role and m.entity_key not in self.first_role:
                self.first_role[m.entity_key] = m.role
        self._by_end: dict[int, list[tuple[int, Mention]]] = {}
        self._by_start: dict[int, list[tuple[int, Mention]]] = {}
        for i, m in enumerate(self.entities):
            self._by_end.setdefault(m.end, []).append((i, m))
            self._by_start.setdefault(m.start, []).append((i, m))

    def line_of(self, pos: int) -> tuple[int, int]:
        i = max(bisect.bisect_right(self.line_starts, pos) - 1, 0)
        return self.lines[i] if self.lines else (0, len(self.text))

    def inside_quote(self, pos: int) -> _QSpan | None:
        k = self.last_open_before(pos)
        q = self.qspans[k] if k is not None else None
        return q if q is not None and pos < q.close else None

    def last_open_before(self, pos: int) -> int | None:
        """Index of the last quotation opened before `pos` (spans are in text order and do
        not overlap, so only it can hold `pos` or end just before it)."""
        k = bisect.bisect_left(self.opens, pos) - 1
        return k if k >= 0 else None

    def mention_ending(self, end: int, lo: int) -> Mention | None:
        """The entity mention ending at `end` (a possessive allowed), starting after `lo`."""
        best = None
        near = sorted(x for at in range(end - 3, end + 1) for x in self._by_end.get(at, ()))
        for _, m in near:
            if lo <= m.start and _only_possessive(self.text[m.end:end]):
                if best is None or m.start < best.start or (
                        m.start == best.start and m.kind != "description"):
                    best = m
        return best

    def by_start(self, start: int) -> Sequence[tuple[int, Mention]]:
        """The entity mentions starting at `start`, with their places in `entities`."""
        return self._by_start.get(start, ())

    def time_ending(self, end: int, lo: int) -> Mention | None:
        """The first date or time mention ending at `end` and starting after `lo`."""
        return next((t for t in self._times_by_end.get(end, ()) if t.start >= lo), None)

    def mention_starting(self, start: int, hi: int) -> Mention | None:
        found = [m for _, m in self._by_start.get(start, ()) if m.end <= hi]
        return max(found, key=lambda m: m.end) if found else None

    def mentions_in(self, lo: int, hi: int) -> list[Mention]:
        """The entity mentions inside [lo, hi), in their order."""
        return [m for m in self._by_place.starting(lo, hi) if m.end <= hi]

    def mentions_starting(self, lo: int, hi: int) -> list[Mention]:
        """The entity mentions that start in [lo, hi), in their order."""
        return self._by_place.starting(lo, hi)

    def sentence_end(self, pos: int, hi: int) -> int:
        """End of the sentence running from `pos` (before its final punctuation)."""
        for m in re.finditer(r"[.!?](?=[\s\"\u201d\u2019)]*(?:\s+[A-Z\"\u201c\u2018(]|$))",
                             self.text[pos:hi]):
            at = pos + m.start()
            closing = at + 1 < len(self.text) and self.text[at + 1] in _CLOSE + _STRAIGHT
            if self.inside_quote(at) and not self.inside_quote(pos) and not closing:
                continue
            if m.group() == "." and _ABBREV.search(self.text[max(pos, at - 12) : at + 1]):
                continue
            return at
        end = hi
        while end > pos and self.text[end - 1] in " \t.!?":
            end -= 1
        return end

    def sentence_start(self, pos: int, lo: int) -> int:
        """Start of the sentence holding `pos`, not before `lo`.

        Read back from `pos` in widening windows (reading from `lo` each time is
        quadratic in a long paragraph); a gap near a window's edge may be read
        differently from the paragraph's start, so it waits for the wider window."""
        reach = 1000
        while True:
            w = max(lo, pos - reach)
            for m in reversed(list(_SENTENCE_GAP.finditer(self.text, w, min(pos + 1,
                                                                             len(self.text))))):
                if w > lo and m.start() < w + 100:
                    break
                if m.end() > pos:
                    continue
                at = m.start()
                if self.inside_quote(at) and not self.inside_quote(pos):
                    continue
                if m.group()[0] == "." and _ABBREV.search(self.text[max(lo, at - 12) : at + 1]):
                    continue
                return m.end()
            if w == lo:
                return lo
            reach *= 4


def _only_possessive(s: str) -> bool:
    return s in {"", "'s", "\u2019s", "'", "\u2019"}


def _tokens(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    return [(lo + m.start(), lo + m.end(), m.group()) for m in _TOKEN.finditer(text[lo:hi])]


def _ends_sentence(tok: str) -> bool:
    return tok.endswith(".") and len(tok) > 1 and not _ABBREV.search(" " + tok)


def _capital(tok: str) -> bool:
    return tok[:1].isupper() or tok[:1].isdigit()


#: How far back from its verb a source's noun phrase is read (a few names and words;
#: reading back to the paragraph's start once per cue is quadratic in a long paragraph).
_PHRASE_REACH = 400


def _noun_phrase(art: _Article, end: int, lo: int) -> tuple[int, int] | None:
    """The noun phrase ending at `end` (a source before its verb), or None.

    Its head is a name mention, a capitalised word or a source noun
    ("officials"); it extends left over names, possessives, "and"/"of" between
    names and up to a determiner.
    """
    toks = _tokens(art.text, reach_back(art.text, lo, end, _PHRASE_REACH), end)
    if not toks:
        return None
    s, e, head = toks[-1]
    mention = art.mention_ending(e, lo)
    low = head.casefold().rstrip(".")
    if mention is None and not (_capital(head) or low in SOURCE_NOUNS or is_title(low)):
        if not low.isalpha() or low in _STOP | DETERMINERS | AUX_WORDS or len(toks) < 2 or (
                low in {"and", "or", "of", "for", "in", "on", "at"}):
            return None
        near = [t for t in toks[-4:-1] if t[2].casefold() in DETERMINERS]
        if not near or any(not t[2].isalpha() for t in toks[-4:-1] if t[0] > near[-1][0]):
            return None
    if mention is None and (low in _STOP or low in DETERMINERS or low in AUX_WORDS or low in {
            "and", "or", "&", "of", "for", "in", "on", "at"}):
        return None
    if mention is None and _ends_sentence(head):
        return None
    start = mention.start if mention else s
    i = len(toks) - 1
    while i > 0 and toks[i][0] > start:
        i -= 1
    taken = 0
    j = i - 1
    while j >= 0 and taken < 8:
        ts, te, tok = toks[j]
        low = tok.casefold()
        if _ends_sentence(tok) or not re.match(r"[\w]", tok):
            break
        inner = art.mention_ending(te, lo)
        if inner is not None and inner.start < ts:
            start = inner.start
            while j >= 0 and toks[j][0] > inner.start:
                j -= 1
            j -= 1
            taken += 1
            continue
        if low in DETERMINERS:
            start = ts
            break
        if low in {"and", "&", "of", "for"} and j > 0 and _capital(toks[j - 1][2]) and _capital(
                art.text[toks[j + 1][0]]):
            start = ts
        elif _capital(tok) and low not in _STOP and low.rstrip(".") not in AUX_WORDS:
            start = ts
        elif re.search(r"['\u2019]s$", tok):
            start = ts
        elif low.isalpha() and low not in _STOP | AUX_WORDS and low not in SPEECH_VERBS and (
                taken < 3):
            # lowercase modifiers: kept only if a determiner, possessive or name is on the left
            k = j - 1
            while k >= 0 and k > j - 3 and toks[k][2].isalpha() and toks[k][2].islower() and (
                    toks[k][2] not in _STOP | DETERMINERS | AUX_WORDS) and (
                    toks[k][2] not in SPEECH_VERBS):
                k -= 1
            if k < 0:
                break
            word = toks[k][2]
            if word.casefold() in DETERMINERS or re.search(r"['\u2019]s$", word):
                start = toks[k][0]
                break
            if _capital(word) and word.casefold() not in _STOP and not _ends_sentence(word):
                start = toks[k][0]
                j, taken = k - 1, taken + 1
                continue
            break
        else:
            break
        j -= 1
        taken += 1
    return start, e


#: What "added" adds when it is no speech: an amount ("added 292,000 jobs", "added $2
#: billion", "added another 14 seats").
_AMOUNT = re.compile(r"(?i)(?:about|around|nearly|almost|roughly|some|more\s+than|over|"
                     r"another|an\s+additional|\$|\d)")


#: Nouns ending like an adverb: the head of a source, not a word to skip ("a Clinton ally").
_LY_NOUNS = frozenset({"ally", "family", "assembly", "rally", "supply", "reply", "monopoly",
                       "anomaly", "bully", "homily", "folly"})


def _skip_back(art: _Article, pos: int, lo: int) -> int:
    """Move left over auxiliaries, adverbs and times between a source and its verb."""
    text = art.text
    while True:
        p = pos
        while p > lo and text[p - 1] in " \t":
            p -= 1
        base = reach_back(text, lo, p, _PHRASE_REACH)  # what the patterns ending at p can match
        m = re.search(r"([\w]+)$", text[base:p])
        if not m:
            return p
        word = m.group(1)
        wstart = p - len(word)
        t = art.time_ending(p, lo)
        if t is not None:
            pos = t.start
            back = reach_back(text, lo, pos, _PHRASE_REACH)
            pm = re.search(r"(?:on|in|last|this|earlier)\s+$", text[back:pos])
            pos = back + pm.start() if pm else pos
            continue
        if word.casefold() in AUX_WORDS or word.endswith("ly") and word.islower() and (
                word not in _LY_NOUNS):
            pos = wstart
            continue
        paren = re.search(r"\([^()]{1,25}\)$", text[base:p])
        if paren:  # a party tag: "Paul Ryan (R-WI) said"
            pos = base + paren.start()
            continue
        pp = re.search(r"(?:\b(?:has|have|had|also|who|,)\s*)(?:in|on|at|over|during|for)\s+"
                       r"(?:the|a|an|his|her|their|its)\s+(?:[\w'\u2019-]+\s+){0,2}[\w-]+$",
                       text[base:p])
        if pp:
            pos = base + pp.start() + len(re.match(r"(?:has|have|had|also|who|,)?\s*",
                                                    text[base + pp.start() :]).group())
            m2 = re.search(r"(?:in|on|at|over|during|for)\s", text[pos:p])
            pos = pos + (m2.start() if m2 else 0)
            if pos < p:
                continue
        return p


def _find_source_before(art: _Article, cue: _Cue, lo: int) -> None:
    text = art.text
    end = _skip_back(art, cue.start, lo)
    head = re.search(r"(\w+)$", text[reach_back(text, lo, end, _PHRASE_REACH):end])
    if head and head.group(1).casefold() in PRONOUNS:
        s = end - len(head.group(1))
        cue.src = cue.speaker = (s, end)
        return
    # an appositive between source and verb: "Lankov, an expert at ..., noted"
    last = end
    while last > lo and text[last - 1].isspace():
        last -= 1
    if last > lo and text[last - 1] == ",":
        if cue.participle:
            return
        comma = last - 1
        seg_start = text.rfind(",", max(lo, comma - 2000), comma)
        segment = text[seg_start + 1 : comma]
        if seg_start > lo and _words(segment, 16) <= 15 and not _CUE_RE.search(
                text, seg_start, comma) and not art.inside_quote(comma) and not re.search(
                r"[.!?][\"\u201d\u2019]?\s+[A-Z]", segment):
            np = _noun_phrase(art, seg_start, lo)
            if np is not None:
                cue.src = (np[0], comma)
                named = [m for m in art.mentions_in(seg_start + 1, comma)
                         if m.label == "PERSON" and m.text == segment.strip()]
                if named:  # "The French interior minister, Bernard Cazeneuve, said"
                    cue.speaker = (named[0].start, named[0].end)
                else:
                    _set_speaker(art, cue, np)
                return
        return
    np = _noun_phrase(art, end, lo)
    if np is not None and _DOCUMENT.fullmatch(text, np[0], np[1]):
        np = _issuer(art, cue, np, lo)
    if np is not None:
        cue.src = np
        _set_speaker(art, cue, np)


#: A document that carries words: "a statement", "the release", "his letter".
_DOCUMENT = re.compile(r"(?:(?:a|an|the|his|her|its|their|this|one|another)\s+)?(?:[\w-]+\s+)?"
                       r"(?:statement|statements|release|letter|memo|email|e-mail|tweet|post|"
                       r"message|note|video|ad|advertisement|op-ed|column|filing)",
                       re.IGNORECASE)
_ISSUING = re.compile(r"\b(?:issued|released|put\s+out|sent|posted|published|shared|tweeted|"
                      r"wrote|delivered|provided|made)\s+$")


_ISSUED_DOCUMENT = re.compile(
    _ISSUING.pattern.removesuffix(r"\s+$") + r"\s+(" + _DOCUMENT.pattern
    + r")(?:\s+(?:on\s+)?[A-Z][a-z]+)?\s*,?\s*$", re.IGNORECASE)


def _issuer(art: _Article, cue: _Cue, doc: tuple[int, int], lo: int) -> tuple[int, int] | None:
    """`Trump issued a statement Tuesday saying ...`: the one who issued the document is the
    source and the document the medium; when nobody is named as issuing it, no source."""
    text = art.text
    verb = _ISSUING.search(text, lo, doc[0])
    if verb is None:
        return doc if not cue.participle else None
    if cue.medium is None:
        cue.medium = "in " + text[doc[0] : doc[1]]
    np = _noun_phrase(art, _skip_back(art, verb.start(), lo), lo)
    if np is not None and _DOCUMENT.fullmatch(text, np[0], np[1]):
        return None
    return np


def _sentence_subject(art: _Article, sent: int, limit: int) -> tuple[int, int] | None:
    """The likely subject of a sentence: a pronoun or name mention at its start (after a
    dateline, a conjunction or an opening phrase)."""
    text = art.text
    m = _SUBJECT_OPENER.match(text, sent, limit)
    pos = m.end() if m else sent
    word = re.match(r"(?:he|she|they|it|we|i)\b", text[pos:limit], re.IGNORECASE)
    if word:
        return pos, pos + word.end()
    opening = pos
    if text[pos : pos + 4].casefold() == "the ":
        pos += 4
    first = [m for m in art.mentions_starting(pos, min(limit, pos + 50))
             if not art.inside_quote(m.start)]
    if not first or first[0].start - pos > 30 or re.search(r"\b(?:is|was|are|were|has|had|"
                                                          r"have|will|would)\b",
                                                          text[pos : first[0].start]):
        return None
    head = first[0]
    end = head.end
    for m in first[1:]:
        if re.fullmatch(r"\s*", text[end : m.start]) or _only_possessive(text[end : m.start]):
            end = m.end
            head = m
        elif m.label == "PERSON" and _title_run(text, end, m.start):
            end = m.end  # "New Jersey Gov. Chris Christie", "U.S. District Judge ...": the
            head = m  # person the place only qualifies
    after = re.match(r"\s+([a-z]+)\b", text[end:limit])
    if after and (after.group(1) in SOURCE_NOUNS or after.group(1) in _KIN_NOUNS
                  or is_title(after.group(1))):
        return opening, end + after.end()  # "A Clinton ally suggested": a description
    return head.start, head.end


#: Nouns a name qualifies in a source ("a Clinton ally", "Trump backers") besides the
#: source nouns and titles of `speech` and `roles`.
_KIN_NOUNS = frozenset({"ally", "allies", "backer", "backers", "friend", "friends", "camp",
                        "confidant", "confidante", "associate", "associates", "loyalist",
                        "loyalists", "surrogate", "surrogates", "adviser", "advisers",
                        "advisor", "advisors", "donor", "donors", "fan", "fans"})


def _title_run(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is only titles and the capitalised words of a role
    ("Gov.", "District Judge", "Secretary of State")."""
    words = text[start:end].split()
    if not words or len(words) > 6 or not any(is_title(w) for w in words):
        return False
    return all(is_title(w) or w[0].isupper() or w in {"of", "for", "and"} for w in words)


def _appositive_source(art: _Article, cue: _Cue, lo: int) -> bool:
    """Whether "X, a former candidate, told" holds a source before the cue (sets it)."""
    _find_source_before(art, cue, lo)
    return cue.src is not None


def _set_speaker(art: _Article, cue: _Cue, np: tuple[int, int]) -> None:
    """The mention heading the phrase (its last name mention) becomes the speaker."""
    names = sorted(art.mentions_in(np[0], np[1]), key=lambda m: m.start)
    if len({m.entity_key for m in names}) > 1 and any(re.fullmatch(
            r"\s+(?:and|&)\s+(?:[A-Z][\w.]*\s+){0,3}", art.text[a.end : b.start])
            for a, b in zip(names, names[1:], strict=False)):
        cue.speaker = np  # "Trump and Ryan issued a statement": several speakers, no one key
        return
    inside = [m for m in names
              if _only_possessive(art.text[m.end:np[1]]) or m.end == np[1]]
    if inside:
        m = max(inside, key=lambda m: (m.end, m.kind != "description", -m.start))
        cue.speaker = (m.start, m.end)
    else:
        cue.speaker = np


def _find_source_after(art: _Article, cue: _Cue, hi: int) -> bool:
    """Inverted order: `said X, a professor ...` or `said he`."""
    text = art.text
    pos = cue.end
    while pos < hi and text[pos] in " \t":
        pos += 1
    m = re.match(r"(he|she|they|it|we|I)\b", text[pos:hi])
    if m:
        cue.src = cue.speaker = (pos, pos + m.end())
        return True
    src_start = pos
    m = _HONORIFIC.match(text, pos, hi)  # "said Sen. Jim Whelan", "said Mr. McGinley"
    if m and re.match(r"[A-Z]", text[m.end() : m.end() + 1]):
        pos = m.end()
        mention = art.mention_starting(pos, hi)
        name = re.match(r"[A-Z][\w'\u2019-]+(?:\s+(?:[A-Z]\.\s+)?[A-Z][\w'\u2019-]+){0,2}",
                        text[pos:hi])
        if mention is None and name is not None:  # a name the model missed: "Mr. McGinley"
            cue.src = (src_start, pos + name.end())
            cue.speaker = cue.src
            return True
    mention = art.mention_starting(pos, hi)
    if mention is None:
        m = re.match(r"(?:the\s+|an?\s+)?", text[pos:hi])
        mention = art.mention_starting(pos + (m.end() if m else 0), hi)
    stop = re.search(r"[,.;:!?\"\u201c\u201d]|\s(?:in|on|at|during|who|after|as)\s", text[pos:hi])
    np_end = pos + stop.start() if stop else hi
    if mention is not None:
        np_end = max(np_end, mention.end)
    elif not text[pos:np_end] or _words(text[pos:np_end], 9) > 8:
        return False
    elif not (_capital(text[pos]) or text[pos:np_end].split()[0].casefold() in DETERMINERS
              and (re.match(r"[,.]|$", text[np_end:hi]) or any(
                  w.casefold() in SOURCE_NOUNS or is_title(w) for w in text[pos:np_end].split()))
              and _words(text[pos:np_end], 7) <= 6):
        return False
    cue.src = (src_start, np_end)
    _set_speaker(art, cue, (pos, np_end))
    return True


#: Titles written as abbreviations before a name; their full stop ends no sentence.
_HONORIFIC = re.compile(r"(?:Sen|Sens|Rep|Reps|Gov|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sgt|Capt|Adm|Prof|"
                        r"Rev|Atty|Supt|Insp|Cmdr|Amb)\.\s+")

#: A possessive or an article before a cue word makes it a noun ("Editor's note:", "the
#: report", "his claims"), not a speech verb.
_NOUN_USE = re.compile(r"(?:(?<!\bhe)(?<!\bshe)(?<!\bit)(?<!\bthat)(?<!\bwho)(?<!\bthere)"
                       r"(?<!\bwhat)['\u2019]s|\b(?:a|an|the|his|her|its|their|our|my|this))\s+$",
                       re.IGNORECASE)


#: A preposition right before a name: where or through what words went ("on Twitter",
#: "in the Post"), so the name is no speaker of the colon after it.
_PLACE_OF_WORDS = re.compile(r"\b(?:on|in|via|at|through|to)\s+(?:the\s+)?$", re.IGNORECASE)


def _find_cues(art: _Article) -> list[_Cue]:
    cues = []
    for m in _CUE_RE.finditer(art.text):
        form = re.sub(r"\s+", " ", m.group()).casefold()
        verb = SPEECH_VERBS.get(form, "according to")
        if art.inside_quote(m.start()) or _NOUN_USE.search(art.text, max(0, m.start() - 12),
                                                           m.start()):
            continue
        cue = _Cue(m.start(), m.end(), verb, form)
        if form in PARTICIPLES and re.search(r"\b(?:is|are|was|were|been|be|am)\s+(?:\w+ly\s+)?$",
                                             art.text[max(0, m.start() - 30) : m.start()]):
            cue.progressive = True  # "Sanders is pledging to ...": a finite verb
        cues.append(cue)
    for q in art.qspans:  # `Kirby: "..."`: a name and a colon introduce the quotation
        colon = re.search(r":\s*$", art.text[max(0, q.open - 8) : q.open])
        if colon is None or art.inside_quote(q.open - 1):
            continue
        at = max(0, q.open - 8) + colon.start()
        name = art.mention_ending(at, 0)
        if name is None or _CUE_RE.search(art.text, max(0, name.start - 1), at) or \
                _PLACE_OF_WORDS.search(art.text, max(0, name.start - 12), name.start):
            continue  # "said on Twitter: ..." is said by the clause's subject, not Twitter
        cues.append(_Cue(at, at + 1, "say", ":"))
    return sorted(cues, key=lambda c: c.start)


def _parse_tail(art: _Article, cue: _Cue, pos: int, hi: int) -> int:
    """Read addressee, medium, time and "according to X" after the attribution."""
    text = art.text
    for _ in range(6):
        ws = pos
        while ws < hi and text[ws] in " \t":
            ws += 1
        if cue.verb in ADDRESSEE_VERBS and cue.addressee is None and ws == cue.end + 1:
            mention = art.mention_starting(ws, hi)
            if mention is None and text[ws : ws + 4].casefold() == "the ":
                mention = art.mention_starting(ws + 4, hi)
            m = ADDRESSEE.match(text, ws, hi)
            if mention is not None and mention.label in {"ORG", "PERSON", "NORP", "GPE"}:
                begin = ws
                cue.addressee = text[begin : mention.end]
                pos = mention.end
                continue
            if m:
                cue.addressee = m.group()
                pos = m.end()
                continue
        tm = re.match(r"(?:on|in|during|last|this|earlier|late|early|at)\s+", text[ws:hi])
        t_at = ws + (tm.end() if tm else 0)
        t = next((t for t in art.times if t.start == t_at or t.start == ws), None)
        if t is not None and cue.time is None and t.end <= hi:
            cue.time = text[ws : t.end]
            pos = t.end
            continue
        m = TIME_WORDS.match(text, ws, hi)
        if m and cue.time is None:
            cue.time = m.group()
            pos = m.end()
            continue
        m = MEDIUM.match(text, ws, hi)
        if m and cue.medium is None:
            cue.medium = m.group()
            pos = m.end()
            continue
        m = re.match(r"(?:in|at)\s+[A-Z][\w.'\u2019-]*(?:,?\s+[A-Z][\w.'\u2019-]*)*(?=\s)",
                     text[ws:hi])
        if m and not _CUE_RE.search(m.group()):
            pos = ws + m.end()  # a place: "told a gathering in Washington she ..."
            continue
        m = re.match(r",?\s*according\s+to\s+", text[pos:hi])
        if m and cue.verb != "according to":
            np_end = art.sentence_end(pos + m.end(), hi)
            comma = text.find(",", pos + m.end(), np_end)
            np_end = comma if comma > 0 else np_end
            cue.via = text[pos + m.end() : np_end]
            cue.extras.append((pos, np_end))
            pos = np_end
            continue
        break
    return pos


_OPENERS = (r"(?:During|In|At|On|Speaking|Earlier|Later|Last|Early|This|Since|After|Before|"
            r"Ahead|Late|" + "|".join(day.capitalize() for day in WEEKDAYS) + r"|Yesterday|"
            r"Today)\b")


def _prefix_context(art: _Article, cue: _Cue, lo: int) -> None:
    """Medium and time in an opening phrase of the sentence ("During a news conference in March,").

    Only a phrase that opens the sentence and ends with the comma before the
    source counts, so a time inside reported content is never taken.
    """
    text = art.text
    s = art.sentence_start(cue.left, lo)
    prefix_end = cue.left
    comma = text.find(",", s, prefix_end)
    if comma < 0 or text[comma + 1 : prefix_end].strip() or _words(text[s:comma], 13) > 12:
        return
    if not re.match(_OPENERS, text[s:comma]):
        return
    prefix_end = comma + 1
    if cue.medium is None:
        m = re.match(r"(?:During|In|At|On|Speaking)\s", text[s:prefix_end])
        if m:
            mm = MEDIUM.search(text, s, prefix_end)
            if mm and mm.start() - s < 40:
                cue.medium = mm.group()
    if cue.time is None:
        for t in art.times:
            if s <= t.start and t.end <= prefix_end and text[t.end:prefix_end].strip() in {","}:
                pm = re.search(r"(?:on|in|last|this|earlier)\s+$", text[s:t.start])
                cue.time = text[(s + pm.start()) if pm else t.start : t.end]


_MEDIA = re.compile(r"\b(?:Post|Times|Journal|News|Herald|Tribune|Gazette|Daily|Magazine|"
                    r"Review|Register|Sentinel|Inquirer|Chronicle|Globe|Star|Observer|Guardian|"
                    r"Telegraph|Independent|Politico|POLITICO|Breitbart|Hill|Beast|Mediaite|"
                    r"Reuters|Bloomberg|Associated Press|AP|AFP|UPI|CNN|MSNBC|CNBC|NBC|ABC|CBS|"
                    r"Fox|NPR|PBS|BBC|Axios|Vox|Slate|Salon|Atlantic|Newsweek|Time|Wired|"
                    r"HuffPost|Huffington|BuzzFeed|Yahoo|Hedge|Report|Radio|TV|Television)\b")

_INVERTING_FORMS = frozenset({
    "said", "says", "added", "asked", "wrote", "continued", "explained", "noted", "told",
    "replied", "warned", "insisted", "argued", "explains", "adds", "writes", "notes", "tweeted",
    "recalled", "responded", "declared"})

_Content = tuple[int, int, str, tuple[tuple[int, int], ...]]  # start, end, kind, fragments


def extract_quotes(analysis: ArticleAnalysis) -> tuple[Quote, ...]:
    """Direct quotes, partial quotes and indirect speech of one article, in text order."""
    art = _Article(analysis)
    cues = _find_cues(art)
    used: set[int] = set()  # indices of quotation spans already given to a cue
    consumed: set[int] = set()  # cues read as part of another ("..., according to X")
    out: list[tuple[_Cue, _Content]] = []
    earlier: list[_Cue] = []  # the cue of each of `out`, kept as it grows
    for ci, cue in enumerate(cues):
        if cue.start in consumed:
            continue
        lo, hi = art.line_of(cue.start)
        q_before = _attribute(art, cue, lo, hi, list(earlier))
        if q_before is False:
            continue
        for extra in cue.extras:
            consumed.update(o.start for o in cues[ci + 1 :] if extra[0] <= o.start < extra[1])
        if cue.verb != "according to" and not cue.inverted:
            _prefix_context(art, cue, lo)
        content = _contents(art, cue, lo, hi, q_before, used)
        if not content or (cue.verb in NEEDS_QUOTE and not any(c[3] for c in content)):
            continue
        if cue.verb == "add" and all(c[2] == KIND_INDIRECT and _AMOUNT.match(art.text, c[0])
                                     for c in content):
            continue  # "the U.S. added around 292,000 jobs": an amount added, not words
        _resolve_speaker(art, cue, list(earlier))
        out.extend((cue, c) for c in content)
        earlier.extend(cue for _ in content)
    quotes = [_make(art, cue, *c) for cue, c in out]
    quotes += _continuations(art, quotes, used)
    quotes.sort(key=lambda q: (q.start, q.end, q.cue_start))
    return tuple(_dedupe(quotes))


def _attribute(art: _Article, cue: _Cue, lo: int, hi: int,
               earlier: list[_Cue]) -> int | None | bool:
    """Find the cue's source and the extent of its attribution clause.

    Returns the index of a quotation that ends right before the attribution
    (None if there is none), or False when the cue has no source at all.
    """
    text = art.text
    before = text[reach_back(text, lo, cue.start, _PHRASE_REACH) : cue.start]  # its end only
    q_before = _quote_ending_before(art, cue.start, lo, strict=True)
    if cue.verb == "according to":
        stop = art.sentence_end(cue.end, hi)
        comma = text.find(",", cue.end, stop)
        np_end = comma if comma > 0 else stop
        if np_end <= cue.end + 1:
            return False
        cue.src = (cue.end + 1, np_end)
        _set_speaker(art, cue, cue.src)
        cue.left, cue.right = cue.start, np_end
    elif cue.participle and _quoted_as(art, cue, lo):
        cue.left, cue.right = cue.src[0] if cue.src else cue.start, cue.end
    elif (not cue.participle and (q_before is not None or re.search(r",\s*$", before)
                                  or text[cue.start].isupper())
          and not _appositive_source(art, cue, lo)
          and (q_before is not None or cue.form in _INVERTING_FORMS or text[cue.start].isupper())
          and _find_source_after(art, cue, hi)):
        # inverted order after a quotation or a comma: `"...," said X`
        cue.inverted = True
        cue.left, cue.right = cue.start, cue.src[1] if cue.src else cue.end
    else:
        if cue.src is None:
            _find_source_before(art, cue, lo)
        cue.left = cue.src[0] if cue.src else cue.start
        cue.right = cue.end
    if cue.participle:
        q_before = None  # `"...," saying ...`: the quotation belongs to the main verb
    elif q_before is None and cue.src is not None:
        q_before = _quote_ending_before(art, cue.left, lo)
        if q_before is not None and re.search(r"[.!?]$", _qtext(art, q_before)) and re.match(
                r"\s*[,:]\s*[\"\u201c]", text[cue.end : hi]):
            q_before = None  # `"...." X said, "..."`: the next quotation is the one
    if cue.src is None and not _inherit_speaker(art, cue, lo, before, earlier):
        return False
    doc = _ISSUED_DOCUMENT.search(text, max(lo, cue.start - 80), cue.start)
    if doc is not None and cue.medium is None:  # "issued a statement Thursday, saying"
        cue.medium = "in " + doc.group(1)
    right = _parse_tail(art, cue, cue.right, hi)
    if cue.inverted and cue.src and text[cue.src[1] : cue.src[1] + 1] == ",":
        # skip an appositive after an inverted source: said X, a professor at Y.
        app = re.match(r",[^,.;:!?\"\u201c\u201d]{3,120}(?=[,.]|$)", text[cue.src[1] : hi])
        if app:
            right = _parse_tail(art, cue, cue.src[1] + app.end(), hi)
    cue.right = right
    return q_before


def _quoted_as(art: _Article, cue: _Cue, lo: int) -> bool:
    """`The Post quoted Trump as saying ...`: Trump is the source, the Post relays it."""
    base = reach_back(art.text, lo, cue.start, _PHRASE_REACH)
    m = re.search(r"\bquot(?:ed|es|ing)\s+(\S.{0,80}?)\s+as\s+$", art.text[base : cue.start])
    if m is None:
        return False
    comma = m.group(1).find(",")  # "quoted Wassim Bouhlel, a Nice native, as saying"
    np = _noun_phrase(art, base + (m.start(1) + comma if comma > 0 else m.end(1)),
                      base + m.start(1))
    if np is None:
        return False
    cue.src = np
    _set_speaker(art, cue, np)
    subject = _sentence_subject(art, art.sentence_start(base + m.start(), lo), base + m.start())
    if subject is not None and cue.via is None:
        cue.via = art.text[subject[0] : subject[1]]
    return True


def _inherit_speaker(art: _Article, cue: _Cue, lo: int, before: str,
                     earlier: list[_Cue]) -> bool:
    """`..., adding that` / `and said`: the speaker of the clause the cue continues."""
    if not cue.participle and not re.search(r"(?:,|\band|\bbut)\s*$", before):
        return False
    sent = art.sentence_start(cue.start, lo)
    prev = next((c for c in reversed(earlier) if sent <= c.end <= cue.start
                 and c.speaker is not None), None)
    if prev is not None:
        cue.speaker, cue.key, cue.role = prev.speaker, prev.key, prev.role
        return True
    cue.speaker = _sentence_subject(art, sent, cue.start)
    return cue.speaker is not None


def _qtext(art: _Article, k: int) -> str:
    return art.text[art.qspans[k].start : art.qspans[k].end]


def _contents(art: _Article, cue: _Cue, lo: int, hi: int, q_before: int | None,
              used: set[int]) -> list[_Content]:
    """The content of an attribution: adjacent quotations, else the reported clause."""
    text = art.text
    content: list[_Content] = []
    if q_before is not None and q_before not in used and _words(_qtext(art, q_before), 5) <= 4 \
            and _clause_follows(art, cue.right, hi):
        q_before = None  # `on "Hannity," Gingrich said if ...`: the content comes after
    if q_before is not None and q_before not in used:
        q = art.qspans[q_before]
        sent = art.sentence_start(q.open, lo)
        if _words(text[sent : q.open], 2) >= 2 and _words(_qtext(art, q_before), 5) <= 4 and (
                not art.inside_quote(sent)):
            # `Carter discussed a "burn bag," the Times reported`: a partial quote
            content.append((sent, q.close + 1, KIND_PARTIAL, ((q.start, q.end),)))
        else:
            content.append((q.start, q.end, KIND_DIRECT, ((q.start, q.end),)))
        used.add(q_before)
        nxt = _quote_after(art, cue.right, hi, used, allow=r"[.,;:]?\s*")
        if nxt is not None and not _has_own_cue(art, art.qspans[nxt], hi):
            q2 = art.qspans[nxt]  # the second half of a split quote
            content.append((q2.start, q2.end, KIND_DIRECT, ((q2.start, q2.end),)))
            used.add(nxt)
        return content
    nxt = _quote_after(art, cue.right, hi, used, allow=r"\s*[,:]?\s*(?:that\s+)?")
    following = bisect.bisect_right(art.line_starts, hi)
    if nxt is None and re.fullmatch(r"\s*:\s*", text[cue.right : hi]) and (
            following < len(art.lines)):
        nxt = _quote_after(art, cue.right, art.lines[following][1], used, allow=r"\s*:\s*")
    if nxt is not None:
        q = art.qspans[nxt]
        if re.search(r"[.!?]$", text[q.start : q.end]) or _words(
                text[q.close + 1 : art.sentence_end(q.close, hi)], 3) <= 2:
            used.add(nxt)
            return [(q.start, q.end, KIND_DIRECT, ((q.start, q.end),))]
    span = _indirect_content(art, cue, lo, hi)
    if span is None or _words(text[span[0] : span[1]], 2) < 2:
        return []
    s, e = span
    inside = [k for k, q in enumerate(art.qspans) if s <= q.open and q.close <= e + 1]
    if cue.verb in NEEDS_QUOTE and not inside:
        return []
    used.update(inside)
    frags = tuple((art.qspans[k].start, art.qspans[k].end) for k in inside)
    return [(s, e, KIND_PARTIAL if frags else KIND_INDIRECT, frags)]


def _dedupe(quotes: list[Quote]) -> list[Quote]:
    """Drop a quote whose content lies inside another with the same speaker and kind (a
    pronoun's own cue inside the other's content is a second attribution: kept).

    Per speaker and kind, spans are read by start (longest first): a span lies inside
    another span exactly when one read before it ends at or after its end."""
    inside: set[tuple[str, str, int, int]] = set()
    groups: dict[tuple[str, str], set[tuple[int, int]]] = {}
    for k in quotes:
        if k.speaker_key is not None:
            groups.setdefault((k.speaker_key, k.kind), set()).add((k.start, k.end))
    for (key, kind), spans in groups.items():
        reach = -1
        for start, end in sorted(spans, key=lambda x: (x[0], -x[1])):
            if reach >= end:
                inside.add((key, kind, start, end))
            reach = max(reach, end)
    keep: list[Quote] = []
    for q in quotes:
        if q.kind != KIND_DIRECT and (q.speaker_key, q.kind, q.start, q.end) in inside and not (
                q.kind == KIND_INDIRECT and (q.speaker_text or "").casefold() in PRONOUNS):
            continue
        keep.append(q)
    return keep


def _quote_ending_before(art: _Article, pos: int, lo: int, strict: bool = False) -> int | None:
    """Index of the quotation whose closing mark ends just before `pos`.

    Commas, dashes and a few title words may lie between ("...," Kremlin
    spokesman Dmitry Peskov said), but no sentence end and no other cue.
    """
    k = art.last_open_before(pos)  # an earlier one has this one's opening mark between
    q = art.qspans[k] if k is not None else None
    if q is None or not q.closed or not lo <= q.close < pos:
        return None
    between = art.text[q.close + 1 : pos]
    if re.fullmatch(r"[,\s\u2014\u2013-]*", between):
        return k
    if strict:
        return None
    if re.fullmatch(r"[,\s\u2014\u2013-]*(?:[\w.'\u2019&-]+\s+){1,5}", between) and not (
            _CUE_RE.search(between)) and not re.search(r"\w[!?]|[a-z]{2}\.\s", between):
        return k
    return None


def _clause_follows(art: _Article, pos: int, hi: int) -> bool:
    """Whether a reported clause (not just punctuation or "adding") follows the attribution."""
    rest = art.text[pos : art.sentence_end(pos, hi)]
    if re.match(r"\s*(?:$|[,;:\u2014\u2013\"\u201c]|-|and\b|but\b|who\b)", rest) or re.match(
            r"\s*" + _PREPOSITION, rest):
        return False
    return _words(rest, 3) >= 3


def _has_own_cue(art: _Article, q: _QSpan, hi: int) -> bool:
    """Whether a quotation is followed by its own attribution (`"...," she said`)."""
    after = art.text[q.close + 1 : hi]
    stop = re.search(r"[.!?]|[\"\u201c]", after)
    clause = after[: stop.start()] if stop else after
    return bool(q.closed and _CUE_RE.search(clause) and _words(
        clause[: _CUE_RE.search(clause).start()], 7) <= 6)


def _quote_after(art: _Article, pos: int, hi: int, used: set[int], allow: str) -> int | None:
    """The quotation opening right after `pos`, with only what `allow` matches between
    (no quotation mark: a later one has this one's opening mark between)."""
    k = bisect.bisect_left(art.opens, pos)
    if k < len(art.qspans) and k not in used and art.opens[k] < hi and \
            re.fullmatch(allow, art.text[pos : art.opens[k]]):
        return k
    return None


def _indirect_content(art: _Article, cue: _Cue, lo: int, hi: int) -> tuple[int, int] | None:
    """The reported clause after the cue, else the clause before its source."""
    text = art.text
    pos = cue.right
    m = re.match(r"\s*,?\s*(?:that\s+|:\s*)?", text[pos:hi])
    start = pos + (m.end() if m else 0)
    end = art.sentence_end(start, hi)
    if cue.verb == "according to":
        # "According to X, CONTENT." or "CONTENT, according to X."
        if text[cue.right : cue.right + 1] == "," and art.sentence_start(cue.start, lo) >= \
                cue.start - 1:
            return _trim(text, cue.right + 1, end)
        return _content_before(art, cue, lo)
    prep = re.match(_PREPOSITION, text[start:end])
    if prep and not (m and "that" in m.group()):
        that = re.search(r"\bthat\s+", text[start:end])
        if that and _words(text[start : start + that.start()], 15) <= 14 and not art.inside_quote(
                start + that.start()):
            start += that.end()
        else:
            return _content_before(art, cue, lo)
    if end - start >= 3 and _words(text[start:end], 2) >= 2 and not re.match(
            r"[,;)\u2014]", text[start:end]):
        end = _cut_trailing_attribution(art, start, end)
        inside = art.inside_quote(end)
        if inside is not None and inside.closed and inside.close - end <= 2 \
                and inside.open >= start:
            end = inside.close + 1  # a closing mark after the final stop belongs to the clause
        for m in re.finditer(r",?\s+(?:and|but)\s+(?:also\s+|then\s+)?(\w+)", text[start:end]):
            if m.group(1) in SPEECH_VERBS and not art.inside_quote(start + m.start()):
                end = start + m.start()
                break
        sent = art.sentence_start(cue.left, lo)
        opener = text[sent : cue.left].strip().casefold()
        end = _trailing_context(art, cue, start, end)
        if opener in _SUBORDINATORS or (cue.speaker and text[cue.speaker[0] : cue.speaker[1]]
                                        .casefold() == "who"):
            comma = _comma_outside_quotes(art, start, end)
            end = comma if comma is not None else end
        return _trim(text, start, end)
    return _content_before(art, cue, lo)


_PREPOSITION = (r"(?:to|in|on|at|during|after|before|from|with|for|of|about|by|as|while|when|"
                r"following|through|via|over)\b")
_SUBORDINATORS = frozenset({"while", "although", "though", "if", "because", "as", "when",
                            "after", "before", "since", "whereas", "unless"})


def _comma_outside_quotes(art: _Article, start: int, end: int) -> int | None:
    for m in re.finditer(",", art.text[start:end]):
        at = start + m.start()
        if not art.inside_quote(at) or art.text[at + 1 : at + 2] in (_CLOSE, _STRAIGHT):
            return at
    return None


def _cut_trailing_attribution(art: _Article, start: int, end: int) -> int:
    """End the clause before a trailing ", X said in a statement" of another cue."""
    text = art.text
    for m in _CUE_RE.finditer(text, start, end):
        comma = text.rfind(",", start, m.start())
        if comma <= start or art.inside_quote(m.start()):
            continue
        if _words(text[comma : m.start()], 9) <= 8 and _words(text[m.end() : end], 7) <= 6 and (
                re.search(r"[A-Z]|\b(?:he|she|they|officials?)\b", text[comma : m.start()])):
            return comma
    return end


def _trailing_context(art: _Article, cue: _Cue, start: int, end: int) -> int:
    """Move "in a statement last month" at the end of the content to medium and time."""
    text = art.text
    for m in MEDIUM.finditer(text, start, end):
        if art.inside_quote(m.start()) or m.start() == start:
            continue
        rest = text[m.end() : end].strip(" ,.")
        time = TIME_WORDS.fullmatch(rest) or next(
            (t for t in art.times if t.start >= m.end() and t.end == end), None)
        if rest and not time and not re.fullmatch(r"(?:last|this|next)\s+\w+", rest):
            continue
        if cue.medium is None:
            cue.medium = m.group()
        if rest and cue.time is None:
            cue.time = rest
        return m.start()
    return end


#: A dateline opening a paragraph: the place in capitals, its region, a credit and a dash
#: ("PELMORA, Veskaria (MP) \u2014 ", "WASHINGTON -- "): the wire's, not the source's words.
_DATELINE_OPENING = re.compile(
    r"[A-Z][A-Z.'\-]+(?:\s+[A-Z][A-Z.'\-]+){0,3}"
    r"(?:,\s*[A-Z][\w.'\-]*(?:\s+[A-Z][\w.'\-]*){0,2})?"
    r"[ \t]*(?:\([^)\n]{1,40}\)[ \t]*)?(?:[\u2014\u2013]|--?(?=\s))\s*")  # one way to split


def _content_before(art: _Article, cue: _Cue, lo: int) -> tuple[int, int] | None:
    """The clause before ", SOURCE said": from its sentence's start (after a dateline
    that opens the paragraph) to the comma or dash."""
    text = art.text
    left = cue.left
    base = reach_back(text, lo, left, _PHRASE_REACH)
    m = re.search(r"[,\u2014]\s*$", text[base:left])
    if not m:
        return None
    end = base + m.start()
    start = art.sentence_start(end, lo)
    if start == lo and (dateline := _DATELINE_OPENING.match(text, start, end)):
        start = dateline.end()
    if start >= end:
        return None
    return _trim(text, start, end)


def _trim(text: str, s: int, e: int) -> tuple[int, int] | None:
    while s < e and text[s] in " \t,;:":
        s += 1
    while e > s and text[e - 1] in " \t,;:":
        e -= 1
    return (s, e) if e > s else None


def _resolve_speaker(art: _Article, cue: _Cue, earlier: list[_Cue]) -> None:
    """Set the speaker's entity key and role.

    A relative "who" becomes its antecedent (the name or noun phrase before
    it). "he"/"she" go to the subject of their own sentence, else to the more
    recent of the last speaker of that gender and the subject of the sentence
    before, within three paragraphs; "it" to an organisation or state that is
    the subject of the sentence before; "they", "we", "I" and "you" stay
    unresolved: they name several people, the author or a reader more often
    than one entity. A wrong speaker misleads more than none.
    """
    if cue.key is not None or cue.speaker is None:
        return
    s, e = cue.speaker
    word = art.text[s:e].casefold()
    if word == "who":
        _relative_antecedent(art, cue, s)
    elif word in {"he", "she"}:
        cue.key = _person_antecedent(art, earlier, s, "m" if word == "he" else "f")
    elif word == "it":
        cue.key = _subject_before(art, s, {"ORG", "GPE"})
    elif word not in PRONOUNS:
        mention = next((m for _, m in art.by_start(s) if m.end == e), None)
        if mention is not None and (person := _person_behind(art, mention)) is not None:
            mention = person  # "Paul D. Ryan of Wisconsin lamented": Ryan, not Wisconsin
            cue.speaker = (person.start, person.end)
        elif mention is not None and mention.label in _PLACE_LABELS and (
                titled := _place_before_title(art, mention)) is not None:
            if titled[1] is None:  # "Senator from Texas says": a person described
                cue.speaker = titled[0]
                return
            mention = titled[1]  # "Minnesota state delegate Mary Susan said": her
            cue.speaker = (mention.start, mention.end)
        elif mention is not None and mention.label in _PLACE_LABELS and (
                placed := _where_phrase(art, mention)) is not None:
            span, person = placed
            if person is None:  # "protest organizers in Cleveland say": the group
                cue.speaker = span  # described; none when the phrase has no subject
                return
            mention = person  # "Clinton, during a town hall in Columbus, Ohio, said": her
            cue.speaker = (person.start, person.end)
        if mention is not None and mention.label == "NORP" and (
                at := _one_of_a_people(art.text, mention)) is not None:
            cue.speaker = (at, mention.end)  # "the Texan said", "the Arizona Republican
            return  # says": a person described, not the people or the party
        if mention is not None and mention.label == "NORP" and (
                head := _MODIFIED_NOUN.match(art.text, mention.end)):
            cue.speaker = (mention.start, head.end())  # "Other Republican candidates ...
            return  # saying": the candidates, not the party
        if mention is not None and not _dateline(art, mention):
            cue.key = mention.entity_key
            cue.role = mention.role
        elif mention is None:
            cue.key = _organisation_described(art, s, e)
    if cue.key and cue.role is None:
        cue.role = art.first_role.get(cue.key)


#: A place named as where someone is ("Democrats on Capitol Hill, who").
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PLACE_AFTER = re.compile(r"\s+(?:on|in|at|across|around)\s+(?:the\s+)?$")
_OF_BEFORE = re.compile(r"(?:,\s+\d{1,3})?,?\s+(?:of|from)\s+(?:the\s+)?$")


def _affiliated(art: _Article, mention: Mention) -> Mention | None:
    """The person named right before "of"/"from" and this place or organisation, whose
    affiliation it is ("Holger Schmieding of Berenberg", "Gov. Phil Bryant of
    Mississippi"): the speaker is the person. None when the mention is a person or no
    person's name comes just before."""
    if mention.label == "PERSON":
        return None
    of = _OF_BEFORE.search(art.text, max(0, mention.start - 18), mention.start)
    if of is None:
        return None
    lo, _ = art.line_of(mention.start)
    person = art.mention_ending(of.start(), lo)
    return person if person is not None and person.label == "PERSON" and \
        person.kind != "description" else None


#: Words only an organisation's name holds.
_ORG_WORD = re.compile(r"\b(?:Inc|Corp|Co|Ltd|LLC|Group|Party|Council|Committee|Institute|"
                       r"University|College|Association|Foundation|Fund|Bank|Agency|"
                       r"Department|Ministry|Office|Court|Times|Post|News|Journal)\b")
#: Between a name and what its appositive names: ", a spokesman for ", ", the foreign
#: minister of ", ", a senior analyst at ", ", 32, a former staff member for ".
_DESCRIBED_BY = re.compile(r"(?:,\s+\d{1,3})?,\s+(?:a|an|the)\s+[^,;:.!?\"\u201c\u201d()]{0,100}?"
                           r"\s(?:of|at|for|from|with|in|on)\s+(?:the\s+)?$")


_TITLE_AFTER = re.compile(r"(?:['\u2019]s)?\s+(?:state\s+)?([a-z]+)\b,?\s*")
_TITLE_FROM = re.compile(r"\b([A-Za-z]+)\s+(?:from|of)\s+(?:the\s+)?$")


def _place_before_title(art: _Article, mention: Mention
                        ) -> tuple[tuple[int, int], Mention | None] | None:
    """When a place found as the speaker only qualifies a title, the titled person: the
    name right after "Minnesota state delegate", "Trump's Virginia state director,"; for
    "Senator from Texas" with no name, (the description's span, None). Else None."""
    lo, hi = art.line_of(mention.start)
    after = _TITLE_AFTER.match(art.text, mention.end, hi)
    if after is not None and is_title(after.group(1)):
        person = next((m for _, m in art.by_start(after.end()) if m.label == "PERSON"), None)
        return ((mention.start, after.end(1)), person) if person is not None else None
    before = _TITLE_FROM.search(art.text, max(lo, mention.start - 30), mention.start)
    if before is not None and is_title(before.group(1)) and before.group(1)[0].isupper() \
            and art.mention_ending(before.start(), lo) is None:
        return (before.start(1), mention.end), None
    return None


def _person_behind(art: _Article, mention: Mention) -> Mention | None:
    """The person whose affiliation or appositive the speaker found names, if any (of a
    state after its city, "Cory James, 22, of Flint, Mich.": the city's)."""
    mention = _city_before(art, mention)
    return _affiliated(art, mention) or _described_person(art, mention)


def _city_before(art: _Article, mention: Mention) -> Mention:
    """The first place of "Flint, Mich." or "Columbia, South Carolina" when `mention` is
    the second; else `mention`."""
    for _ in range(2):
        if mention.label not in _PLACE_LABELS or art.text[mention.start - 2 : mention.start
                                                          ] != ", ":
            break
        city = art.mention_ending(mention.start - 2, max(0, mention.start - 60))
        if city is None or city.label not in _PLACE_LABELS:
            break
        mention = city
    return mention


#: A place as a preposition's object ("in Columbus, Ohio", "to Columbus", "R-Fla."): it
#: says where someone is or comes from, not who speaks.
_WHERE = re.compile(r"(?:\b(?:in|at|from|near|outside|to)\s+(?:the\s+)?|\b[RDI]-)$")
#: What a place after "from", "in" or "to" is the source of, not where it is: "according
#: to Bloomberg", "a report Tuesday from WKOW", "an article in Politico", "an email from
#: Neera Tanden" (names the model took for places).
_SOURCE_BEFORE = re.compile(r"\b(?:according|reports?|reported|articles?|story|stories|"
                            r"e-?mails?|polls?|surveys?|data|figures|statements?|interviews?|"
                            r"analysis|study|tweets?|posts?|memos?|letters?|filings?|"
                            r"complaints?|editorials?)\b[^,.;:]{0,25}$", re.IGNORECASE)
#: A sentence's subject before a comma that opens an aside: a name, after titles.
_SUBJECT_NAME = re.compile(r"(?:(?:[A-Z][\w.'\u2019-]*|of|the)\s+){0,4}$")
#: A subject phrase that a place qualifies: a few words, the first no preposition, and
#: the last a plural or group noun or a title ("protest organizers", "Some delegates at
#: the convention", "the government", "The senator").
_GROUP_PHRASE = re.compile(r"(?!(?:in|at|on|from|for|to|with|by|after|before|during|as|"
                           r"it|he|she|they|we|there|this|that)\b)"
                           r"(?:[\w'\u2019-]+\s+){0,4}?(?P<head>[a-z]{3,})"
                           r"(?:\s+(?:at|of|in)\s+the\s+[a-z]+)?\s+$", re.IGNORECASE)
_GROUP_NOUNS = frozenset({"government", "police", "leadership", "staff", "administration",
                          "campaign", "committee", "council", "delegation", "board", "press",
                          "public", "crowd"})
_NOT_PLURAL = frozenset({"was", "has", "his", "its", "does", "says", "this", "thus", "plus",
                         "always", "perhaps", "across", "unless", "less", "yes", "news", "is",
                         "us", "as"})


def _where_phrase(art: _Article, mention: Mention
                  ) -> tuple[tuple[int, int] | None, Mention | None] | None:
    """When a place found as the speaker is where someone is ("Clinton, during a town
    hall meeting in Columbus, Ohio, said", "Trump, speaking at a rally in Wilmington,
    N.C., warned", "Sen. Marco Rubio, R-Fla., appearing on Fox News, said", "protest
    organizers in Cleveland say"): (the speaker's span, the person) for the person who
    opens the sentence before an aside that holds the place; (the span, None) for the
    group that opens it ("protest organizers in Cleveland"); (None, None) when neither
    ("at a rally in Beaumont, Tex., Mr. Trump was just as blunt, claiming": who speaks
    is not before the place). None when the place is no preposition's object."""
    lo, _ = art.line_of(mention.start)
    first = _city_before(art, mention)
    where = _WHERE.search(art.text, max(lo, first.start - 12), first.start)
    if where is None or _SOURCE_BEFORE.search(art.text, max(lo, where.start() - 40),
                                              where.start()):
        return None
    start = art.sentence_start(where.start(), lo)
    for m in art.entities:
        if start <= m.start < where.start() and m.label == "PERSON" and m.kind != \
                "description" and art.text[m.end : m.end + 1] == "," and \
                _SUBJECT_NAME.fullmatch(art.text, start, m.start):
            return (m.start, m.end), m
    clause = art.text.rfind(", ", start, where.start())
    head = clause + 2 if clause >= 0 else start
    if re.match(r"(?:But|And|So|Yet)\s", art.text[head : head + 4]):
        head = art.text.index(" ", head) + 1
    group = _GROUP_PHRASE.fullmatch(art.text, head, where.start())
    noun = group.group("head").casefold() if group else ""
    if noun in _GROUP_NOUNS or is_title(noun) or (noun.endswith("s") and noun not in
                                                   _NOT_PLURAL):
        return (head, mention.end), None
    return None, None


def _described_person(art: _Article, mention: Mention) -> Mention | None:
    """The person an appositive describes when the speaker found is what the description
    names: "Brendan Buck, a spokesman for Ryan, told", "Jean-Marc Ayrault, the foreign
    minister of France, a permanent member ..., said", "Howard Rubel, a senior analyst
    at Jefferies, who notes", "Elizabeth Arnold, 32, a former staff member for the
    Sanders campaign in Philadelphia who said": Buck, Ayrault, Rubel, Arnold."""
    lo, _ = art.line_of(mention.start)
    floor = max(lo, mention.start - 130)
    gap = _DESCRIBED_BY.search(art.text, floor, mention.start)
    if gap is None:
        return None
    person = art.mention_ending(gap.start(), floor)
    if person is not None and person.label != "PERSON":  # "Dianne Feinstein of California,
        person = _affiliated(art, person) or person  # the ranking Democrat on the ...,"
    if person is None or person.kind == "description" or person.entity_key == mention.entity_key:
        return None
    titled = any(is_title(w) for w in art.text[gap.start() : gap.end()].split())
    # a name the model typed an organisation is a person when a title describes it
    # ("Jean-Marc Ayrault, the foreign minister of France")
    return person if person.label == "PERSON" or (person.label == "ORG" and titled and len(
        person.text.split()) in {2, 3} and not _ORG_WORD.search(person.text)) else None


def _one_of_a_people(text: str, mention: Mention) -> int | None:
    """Where "the Texan", "the Iraqi", "the New Yorker", "the Arizona Republican" begins:
    one person named by a demonym or a party; None for "the French", "the Chinese", "the
    British" (a people), a plural, or no "the"."""
    word = mention.text.split()[-1].casefold()
    the = _THE_BEFORE.search(text, max(0, mention.start - 30), mention.start)
    if the is None or re.search(r"(?:s|ese|ch|sh)$", word):
        return None
    return the.start()


_THE_BEFORE = re.compile(r"\b[Tt]he\s+(?:[A-Z][\w.-]*\s+){0,2}$")


#: A lower-case noun a people's or party's name qualifies ("Republican candidates",
#: "Democratic strategists"): the speaker is who the noun names.
_MODIFIED_NOUN = re.compile(r"\s+(?:[a-z][\w-]*\s+)?(?:officials|leaders|lawmakers|voters|"
                            r"candidates|senators|politicians|strategists|operatives|members|"
                            r"activists|aides|critics|supporters|delegates|donors|legislators|"
                            r"governors|insiders|analysts|women|men|groups)\b")


#: Heads of definite descriptions of an organisation ("the newspaper said") and the words
#: its name must hold to be the one meant; None: the description's own head word.
_ORG_DESCRIPTIONS = {
    "newspaper": _MEDIA, "paper": _MEDIA, "outlet": _MEDIA, "website": _MEDIA, "site": _MEDIA,
    "magazine": _MEDIA, "network": _MEDIA, "channel": _MEDIA, "broadcaster": _MEDIA,
    "agency": None, "commission": None, "committee": None, "council": None, "union": None,
    "bank": None, "fund": None, "court": None, "department": None, "ministry": None,
    "foundation": None, "institute": None, "association": None, "university": None,
}


def _organisation_described(art: _Article, s: int, e: int) -> str | None:
    """`the newspaper said` after "The Washington Post reported": the nearest earlier
    organisation named outside quotations, within three paragraphs, whose name fits the
    description's head ("newspaper": a news outlet; "commission": a Commission)."""
    m = re.fullmatch(r"the\s+(?:[\w-]+\s+)?(\w+)", art.text[s:e], re.IGNORECASE)
    if m is None or m.group(1).casefold() not in _ORG_DESCRIPTIONS:
        return None
    head = m.group(1).casefold()
    fits = _ORG_DESCRIPTIONS[head] or re.compile(rf"\b{head}\b", re.IGNORECASE)
    line = bisect.bisect_right(art.line_starts, s) - 1
    floor = art.line_starts[max(line - 3, 0)] if art.line_starts else 0
    found = [x for x in art.entities if floor <= x.start and x.end <= s and x.label == "ORG"
             and not art.inside_quote(x.start) and fits.search(x.text)]
    return max(found, key=lambda x: x.start).entity_key if found else None


def _dateline(art: _Article, m: Mention) -> bool:
    """A place in capitals opening a paragraph before a dash or a credit ("WASHINGTON —")."""
    lo, _ = art.line_of(m.start)
    return bool(m.start - lo <= 2 and m.text.isupper() and re.match(
        r"[\s,.A-Z]*(?:\([^)]{1,40}\))?\s*[\u2014\u2013-]", art.text[m.end : m.end + 60]))


def _relative_antecedent(art: _Article, cue: _Cue, s: int) -> None:
    """`X, who said` / `a candidate who promised`: the speaker is X (its mention, else the
    noun phrase); with neither, the speaker is unknown."""
    lo, _ = art.line_of(s)
    end = s
    while end > lo and art.text[end - 1] in " \t":
        end -= 1
    if end > lo and art.text[end - 1] == ",":
        end -= 1
    mention = art.mention_ending(end, lo)
    if mention is not None:  # "Sen. Marco Rubio of Florida, who mused": Rubio
        mention = _person_behind(art, mention) or mention
    if mention is not None and mention.label in _PLACE_LABELS | {"ORG"} and (
            at := _PLACE_AFTER.search(art.text, max(lo, mention.start - 8), mention.start)):
        # "Democrats on Capitol Hill, who have argued", "officials at the ministry, who":
        # who are the Democrats and the officials, not the place or the body
        mention = art.mention_ending(at.start(), lo)
        if mention is None:
            cue.speaker = _noun_phrase(art, at.start(), lo)
            return
    if mention is not None and not art.inside_quote(mention.start):
        cue.speaker = (mention.start, mention.end)
        cue.key = mention.entity_key
        cue.role = mention.role
        return
    cue.speaker = _noun_phrase(art, end, lo)


def _labels_of(art: _Article, key: str | None) -> set[str]:
    return {m.label for m in art.entities if m.entity_key == key}


def _fits(art: _Article, key: str | None, gender: str) -> bool:
    return bool(key) and "PERSON" in _labels_of(art, key) and entity_gender(art.a, key or "") in {
        None, gender}


#: What may open a sentence before its subject: a conjunction, a time or place phrase,
#: a participle clause ("Speaking at a town hall in Salem, New Hampshire, Trump ...").
_SUBJECT_OPENER = re.compile(
    r"\s*(?:[A-Z][A-Z.'-]+(?: [A-Z.'-]+)*(?:,[^\u2014\u2013(\n]{0,30})?\s*"
    r"(?:\([^)\n]{1,30}\)\s*)?[\u2014\u2013-]+\s*)?"  # a dateline: "WASHINGTON, June 10 (UPI) — "
    # (each run of spaces has one reading: three in a row made a hostile page cubic)
    r"(?:(?:But|And|Then|Later|Meanwhile|Still|Instead|Yet|So|Also|Now)\b,?\s+)?"
    r"(?:(?:In|On|At|During|After|Before|Earlier|Later|Last|This|When|While|Since|"
    r"Asked|Speaking|Addressing|Appearing|Writing|Campaigning|Responding|Talking|Interviewed)"
    r"\b[^,.;:\"\u201c]{0,100},\s*(?:[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*,\s*)?)?")


def _subject_at(art: _Article, sent: int, limit: int) -> Mention | None:
    """The name mention that opens the sentence starting at `sent` (its subject), if any."""
    text = art.text
    m = _SUBJECT_OPENER.match(text, sent, limit)
    pos = m.end() if m else sent
    if text[pos : pos + 4].casefold() == "the ":
        pos += 4
    first = sorted((x for x in art.entities if pos <= x.start < limit
                    and not art.inside_quote(x.start)), key=lambda x: (x.start, -x.end))
    head = None
    for x in first:  # "Former Pennsylvania Gov. Ed Rendell": the person after the title
        gap = text[pos : x.start].split()
        if any(not (is_title(w) or w[:1].isupper() or w in {"of", "for", "and", "the"})
               or w.endswith((",", ";", ":")) for w in gap):
            break
        if head is None or x.label == "PERSON":
            head = x
        if x.label == "PERSON":
            break
    if head is None:
        return None  # something else opens the sentence ("People like Scott, he said")
    end = head.end
    for x in first:  # a name written in two mentions
        if x.start >= end and (re.fullmatch(r"\s*", text[end : x.start]) or _only_possessive(
                text[end : x.start])):
            head, end = x, x.end
    return head


def _person_antecedent(art: _Article, earlier: list[_Cue], pos: int, gender: str) -> str | None:
    """The person a speaker "he"/"she" at `pos` refers to, or None.

    1. The subject of the pronoun's own sentence ("Putney told CNN ..., but he said").
    2. Where the pronoun heads a clause of its own inside the sentence ("..., when he
       yelled"), the nearest fitting person named before it in the sentence (not one
       after a preposition or with a possessive: "a gun in Scott's hand, but he said").
    3. Otherwise (a sentence that opens with "He said", an attribution after a quotation
       or a comma: '"...," he said', "People like Scott, he said") the more recent of
       the last speaker that fits and the subject of the sentence before.
    """
    line = bisect.bisect_right(art.line_starts, pos) - 1
    lo = art.line_starts[line] if line >= 0 else 0
    sent = art.sentence_start(pos, lo)
    own = _subject_at(art, sent, pos)
    if own is not None and own.end <= pos and _fits(art, own.entity_key, gender):
        return own.entity_key
    before_pronoun = art.text[sent:pos].rstrip()
    opener = _SUBJECT_OPENER.match(art.text, sent, pos)
    first = re.match(r"(he|she)\b", art.text[opener.end() if opener else sent : pos],
                     re.IGNORECASE)
    if first and first.group(1).casefold() == ("he" if gender == "m" else "she") and (
            opener.end() if opener else sent) < pos:  # "She said she ..., though she noted"
        return _person_antecedent(art, earlier, opener.end() if opener else sent, gender)
    if before_pronoun and not re.search(r"[,\u2014\u2013\"\u201d\u2019':]$", before_pronoun):
        near = [m for m in art.entities if sent <= m.start and m.end <= pos
                and not art.inside_quote(m.start) and _fits(art, m.entity_key, gender)
                and not _OBJECT_BEFORE.search(art.text, max(sent, m.start - 12), m.start)
                and not re.match(r"['\u2019]s?\b", art.text[m.end : m.end + 2])]
        if near:
            return max(near, key=lambda m: m.start).entity_key
    floor = art.line_starts[max(line - 3, 0)] if art.line_starts else 0
    last = next(((c.start, c.key) for c in reversed(earlier)
                 if floor <= c.start < pos and _fits(art, c.key, gender)), None)
    before: tuple[int, str | None] | None = None
    starts = [x.start for x in art.a.sentences]
    k = bisect.bisect_right(starts, sent - 1) - 1
    for _ in range(3):  # the nearest earlier sentence that opens with a person
        if k < 0 or starts[k] < floor:
            break
        subject = _subject_at(art, starts[k], sent)
        if subject is not None and subject.label == "PERSON":
            if _fits(art, subject.entity_key, gender):
                before = (subject.start, subject.entity_key)
            break
        sent, k = starts[k], k - 1
    found = [c for c in (last, before) if c is not None]
    return max(found)[1] if found else None


#: A name after a preposition is an object, never the antecedent of a speaker pronoun.
_OBJECT_BEFORE = re.compile(r"\b(?:in|of|to|from|with|by|like|about|against|for|on|at|over|"
                            r"than|as|into|toward|towards|without)\s+(?:the\s+)?$",
                            re.IGNORECASE)


def _subject_before(art: _Article, pos: int, labels: set[str]) -> str | None:
    """The organisation or state that opens the sentence before `pos` ("The city sent a
    letter. It says ..."), else None."""
    lo, _ = art.line_of(pos)
    sent = art.sentence_start(pos, lo)
    starts = [x.start for x in art.a.sentences]
    k = bisect.bisect_right(starts, sent - 1) - 1
    if k < 0:
        return None
    subject = _subject_at(art, starts[k], sent)
    return subject.entity_key if subject is not None and subject.label in labels else None


def _best_name(art: _Article, key: str | None) -> str | None:
    if key is None:
        return None
    names = [m for m in art.entities if m.entity_key == key]
    if not names:
        return None
    proper = [m for m in names if m.kind == "name"] or names
    return max(proper, key=lambda m: (len(m.text.split()), len(m.text), -m.start)).text


def _make(art: _Article, cue: _Cue, s: int, e: int, kind: str,
          frags: tuple[tuple[int, int], ...], continues: bool = False) -> Quote:
    sp = cue.speaker
    text = art.a.text
    if e < len(text) and text[e - 1 : e + 1] == "''" and text[e - 2 : e] != "''":
        e += 1  # a partial quote's closing mark is both apostrophes (`quote_view`)
    return Quote(
        start=s, end=e, text=text[s:e], kind=kind, cue_start=cue.start,
        cue_end=cue.end, verb=cue.verb, speaker_start=sp[0] if sp else None,
        speaker_end=sp[1] if sp else None,
        speaker_text=text[sp[0] : sp[1]] if sp else None, speaker_key=cue.key,
        speaker_name=_best_name(art, cue.key), speaker_role=cue.role, medium=cue.medium,
        addressee=cue.addressee, via=cue.via, time_text=cue.time, fragments=frags,
        continues=continues,
    )


def _norm(s: str) -> str:
    return " ".join(re.findall(r"\w+", s.casefold()))


def _continuations(art: _Article, quotes: list[Quote], used: set[int]) -> list[Quote]:
    """Uncued quotations: a paragraph that goes on with the previous speaker, pull quotes."""
    added: list[Quote] = []
    direct = sorted((q for q in quotes if q.kind == KIND_DIRECT), key=lambda q: q.start)
    for k, q in enumerate(art.qspans):
        if k in used:
            continue
        lo, hi = art.line_of(q.open)
        line_text = art.text[lo:hi].lstrip()
        prev = sorted((d for d in direct + added if d.end <= q.open), key=lambda d: d.start)
        prev_line = _previous_line(art, lo)
        source: Quote | None = None
        if prev and line_text[:1] in _QUOTE_CHARS and q.open == lo + (hi - lo - len(
                art.text[lo:hi].lstrip())) and prev_line is not None:
            last = prev[-1]
            if prev_line[0] <= last.start < prev_line[1] or lo <= last.start < q.open:
                source = last
        if source is None and prev and lo <= prev[-1].start < q.open and re.search(
                r"[.!?]\s*$", art.text[lo : q.open]):
            source = prev[-1]
        if source is None:
            wanted = _norm(art.text[q.start : q.end])
            if _words(wanted, 3) >= 3:
                source = next((d for d in direct if f" {wanted} " in f" {_norm(d.text)} "
                               and d.speaker_text), None)
        if source is None or source.speaker_text is None:
            continue
        added.append(replace(source, start=q.start, end=q.end, text=art.text[q.start:q.end],
                             kind=KIND_DIRECT, fragments=((q.start, q.end),), continues=True))
        used.add(k)
    return added


def _previous_line(art: _Article, lo: int) -> tuple[int, int] | None:
    i = bisect.bisect_left(art.line_starts, lo) - 1
    return art.lines[i] if i >= 0 else None


__all__ = ["KIND_DIRECT", "KIND_INDIRECT", "KIND_PARTIAL", "Quote", "extract_quotes",
           "quote_spans"]
