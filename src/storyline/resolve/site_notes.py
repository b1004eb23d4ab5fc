"""Notes a site repeats across its articles: editor's notes, newsletter pitches, "about" lines.

A site often closes (or opens) its articles with the same paragraph: "Editor's
note: ... 1.6 billion members ...", "Join our 250,000 readers ...". Its numbers
are not the article's reporting, and kept as claims they would be "agreed" by
every article of the site. A paragraph is a **site note** when its normalised
text (case, quote marks, dashes and spacing folded; numbers and words kept)
appears in at least `MIN_ARTICLES` articles of one site, counting only
articles where such repeated paragraphs are the lesser part of the text: the
updates of one developing story ("The Latest: ...") repeat most of their
paragraphs, and those are reporting, not notes. Once found, a note is a note in
every article of the site that has it, updates included. Limit: in articles of
a few lines the notes can be the greater part, and such articles do not count.

Pure and deterministic: pages in, note spans out; `set_aside` turns the
claims inside notes into skipped numbers with the reason "site note".
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from storyline.analyse.claims import Claim, SkippedNumber

#: A paragraph repeated in this many articles of one site is the site's note.
MIN_ARTICLES = 3
#: Shorter paragraphs ("Advertisement", "9:05 p.m.") are left to the per-article rules.
MIN_WORDS = 4
#: An article whose repeated paragraphs exceed this share of its text is a version of
#: another article (an update of one story), not a carrier of the site's notes.
MAX_REPEATED_SHARE = 0.5

REASON = "site note"

_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                       "\u2013": "-", "\u2014": "-", "\u2011": "-", "\u00a0": " "})
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class SitePage:
    """One article as the site-note check needs it: its site key, id and paragraphs, each
    (start, end, text) with offsets into the article's clean text."""

    site: str
    article_id: str
    paragraphs: tuple[tuple[int, int, str], ...]


@dataclass(frozen=True, slots=True)
class SiteNote:
    """A paragraph of one article that its site repeats in `n_articles` articles (those
    that count: not updates of one story); `key` identifies the note's text."""

    article_id: str
    start: int
    end: int
    n_articles: int
    key: str


def site_key(url: str | None, site: str | None) -> str:
    """The site an article belongs to: its URL's host without "www." when it has a URL, else
    its site name, case-folded ("" when it has neither: such articles are never compared)."""
    host = urlsplit(url).hostname if url and "//" in url else None
    if host:
        return host.removeprefix("www.")
    return _SPACE.sub(" ", (site or "").casefold()).strip()


def paragraphs(text: str) -> tuple[tuple[int, int, str], ...]:
    """The non-blank lines of a clean text, trimmed, with their offsets."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        stripped = line.strip()
        if stripped:
            start = m.start() + (len(line) - len(line.lstrip()))
            out.append((start, start + len(stripped), stripped))
    return tuple(out)


def page(site: str, article_id: str, text: str) -> SitePage:
    """A `SitePage` from an article's site key, id and clean text."""
    return SitePage(site, article_id, paragraphs(text))


def normalise(paragraph: str) -> str:
    """The text two copies of one note share: NFKC, case-folded, quote marks and dashes
    folded, spacing collapsed; words, numbers and punctuation otherwise kept."""
    folded = unicodedata.normalize("NFKC", paragraph).translate(_FOLD).casefold()
    return _SPACE.sub(" ", folded).strip()


def _key(paragraph: str) -> str | None:
    norm = normalise(paragraph)
    words = 0
    for w in norm.split():  # counted up to MIN_WORDS only: most paragraphs are longer
        if _WORD.search(w):
            words += 1
            if words >= MIN_WORDS:
                return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]
    return None


#: A paragraph's place and key: (start, end, key), the key None for a short paragraph.
Keyed = tuple[tuple[int, int, str | None], ...]


def paragraph_keys(p: SitePage) -> Keyed:
    """Each paragraph's place and key: all that the notes of a site read of a page, so
    that they can be kept per article and the site's notes found again without its texts."""
    return tuple((s, e, _key(t)) for s, e, t in p.paragraphs)


def site_notes(pages: Iterable[SitePage], min_articles: int = MIN_ARTICLES
               ) -> dict[str, tuple[SiteNote, ...]]:
    """The site notes of every article that has some (article id -> notes in text order).

    `pages` should hold every article of the sites concerned: a note is found only where
    the site's other articles are given too. Articles with an empty site key are skipped.
    """
    return keyed_notes(((p.site, p.article_id, paragraph_keys(p)) for p in pages),
                       min_articles)


def keyed_notes(pages: Iterable[tuple[str, str, Keyed]], min_articles: int = MIN_ARTICLES
                ) -> dict[str, tuple[SiteNote, ...]]:
    """`site_notes` of pages given as (site, article id, `paragraph_keys`). It may be given
    a part of a site only: the articles that hold some repeated key (in `min_articles`
    articles of the site or more) with every other holder of those keys; the notes of
    such a closed part are those the whole site gives it."""
    keyed: dict[str, list[tuple[str, list[tuple[int, int, str | None]], int]]] = defaultdict(
        list)  # site -> [(article, [(start, end, key)], chars)]
    seen: set[str] = set()
    for site, article, paras in pages:
        if article in seen:
            raise ValueError(f"article {article!r} is given twice to site_notes")
        seen.add(article)
        if not site:
            continue
        keyed[site].append((article, list(paras), sum(e - s for s, e, _ in paras)))
    out: dict[str, tuple[SiteNote, ...]] = {}
    for site in sorted(keyed):
        out.update(_notes_of_site(keyed[site], min_articles))
    return dict(sorted(out.items()))


def _carriers(articles: list[tuple[str, list[tuple[int, int, str | None]], int]],
              keys: set[str]) -> dict[str, set[str]]:
    """key -> the articles that carry it, among articles where repeated text is the lesser
    part (versions of one story repeat most of their paragraphs)."""
    carriers: dict[str, set[str]] = defaultdict(set)
    for article, paras, chars in articles:
        repeated = sum(e - s for s, e, k in paras if k in keys)
        if not repeated or repeated > MAX_REPEATED_SHARE * chars:
            continue
        for _, _, k in paras:
            if k in keys:
                carriers[k].add(article)
    return carriers


def _notes_of_site(articles: list[tuple[str, list[tuple[int, int, str | None]], int]],
                   min_articles: int) -> dict[str, tuple[SiteNote, ...]]:
    count: dict[str, set[str]] = defaultdict(set)
    for article, paras, _ in articles:
        for _, _, k in paras:
            if k:
                count[k].add(article)
    keys = {k for k, arts in count.items() if len(arts) >= min_articles}
    # Repeat until stable: dropping a story's versions can leave a key short of carriers,
    # which in turn changes the repeated share of the other articles.
    while keys:
        carriers = _carriers(articles, keys)
        kept = {k for k in keys if len(carriers.get(k, ())) >= min_articles}
        if kept == keys:
            break
        keys = kept
    if not keys:
        return {}
    carriers = _carriers(articles, keys)
    out: dict[str, tuple[SiteNote, ...]] = {}
    for article, paras, _ in articles:  # a note is a note in every article that has it
        notes = tuple(SiteNote(article, s, e, len(carriers[k]), k) for s, e, k in paras
                      if k in keys)
        if notes:
            out[article] = notes
    return out


def in_note(notes: Sequence[SiteNote], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of the notes."""
    return any(n.start <= start and end <= n.end for n in notes)


def set_aside(text: str, claims: Sequence[Claim], skipped: Sequence[SkippedNumber],
              notes: Sequence[SiteNote]) -> tuple[tuple[Claim, ...], tuple[SkippedNumber, ...]]:
    """An article's claims and skipped numbers (offsets into its clean `text`) with its site
    notes applied: a claim whose number lies in a note becomes a skipped number with the
    reason "site note"; numbers already skipped keep their own reason (a year in a note is
    still a year)."""
    if not notes:
        return tuple(claims), tuple(skipped)
    kept, moved = [], []
    for c in claims:
        if in_note(notes, c.number_start, c.number_end):
            moved.append(SkippedNumber(c.number_start, c.number_end,
                                       text[c.number_start : c.number_end], REASON))
        else:
            kept.append(c)
    out = sorted([*skipped, *moved], key=lambda k: (k.start, k.end))
    return tuple(kept), tuple(out)


__all__ = ["MIN_ARTICLES", "REASON", "Keyed", "SiteNote", "SitePage", "in_note", "keyed_notes",
           "normalise", "page", "paragraph_keys", "paragraphs", "set_aside", "site_key",
           "site_notes"]
