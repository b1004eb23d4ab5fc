"""Page metadata from HTML: title, byline, site name, language, section, tags, dates.

Publishers state metadata in several overlapping vocabularies (JSON-LD,
OpenGraph, Twitter cards, Dublin Core, parse.ly, sailthru, microdata) and
again in the visible page. We read each vocabulary once, then pick every
field by a fixed preference: what the publisher declared for the article
(JSON-LD article node, Dublin Core, OpenGraph) before generic page tags,
and those before guesses from the visible markup. Dates are not picked here:
every statement of a date is kept as evidence for `dates.choose_published`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import unescape
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from storyline.extract import dates
from storyline.records import DateEvidence


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What a page says about itself; `date_evidence` holds every date statement found."""

    title: str | None = None
    author: str | None = None
    site: str | None = None
    language: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    date_evidence: tuple[DateEvidence, ...] = ()
    dek: str | None = None


_WS = re.compile(r"\s+")
_CDATA = re.compile(r"^\s*(?:<!--)?\s*(?:<!\[CDATA\[)?|(?:\]\]>)?\s*(?:-->)?\s*$")
_ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "blogposting",
    "liveblogposting", "socialmediaposting", "scholarlyarticle", "techarticle", "report",
    "advertisercontentarticle", "satiricalarticle", "medicalscholarlyarticle", "review",
})
_PAGE_TYPES = frozenset({"webpage", "itempage", "aboutpage", "collectionpage", "qapage"})
_SITE_TYPES = frozenset({"website", "organization", "newsmediaorganization", "corporation"})

_TITLE_KEYS = ("dc:title", "dcterm:title", "dcterms:title", "og:title", "weibo:article:title",
               "weibo:webpage:title", "title", "twitter:title", "parsely-title",
               "sailthru.title", "headline")
_AUTHOR_KEYS = ("dc:creator", "dcterm:creator", "dcterms:creator", "author", "parsely-author",
                "article:author", "og:article:author", "sailthru.author", "byl", "dc.creator",
                "citation_author")
_SITE_KEYS = ("og:site_name", "application-name", "al:android:app_name", "al:ios:app_name",
              "apple-mobile-web-app-title")
_DEK_KEYS = ("dc:description", "dcterm:description", "dcterms:description", "og:description",
             "weibo:article:description", "weibo:webpage:description", "description",
             "twitter:description")
_LANG_KEYS = ("content-language", "language", "dc.language", "dc:language", "og:locale",
              "inlanguage")
_SECTION_KEYS = ("article:section", "parsely-section", "section", "category",
                 "sailthru.section", "articlesection")
_TAG_KEYS = ("article:tag", "news_keywords", "parsely-tags", "sailthru.tags", "keywords")

#: (evidence source, meta keys) in the order they are recorded; the first
#: recorded of a source wins a tie in `dates.choose_published`.
_DATE_META = (
    ("meta:article:published_time", ("article:published_time", "og:published_time",
                                     "og:article:published_time", "article:published")),
    ("meta:published", ("datepublished", "parsely-pub-date", "dc:date.issued",
                        "dc.date.issued", "dcterms.issued", "dcterms:issued", "dcterm:issued",
                        "citation_publication_date", "publication_date", "publish-date",
                        "publishdate", "pubdate", "publish_date", "article.published",
                        "originalpublicationdate", "original-publish-date", "date",
                        "dc.date", "dc:date", "dcterms.date", "dcterms.created",
                        "sailthru.date", "datecreated")),
    ("meta:modified", ("article:modified_time", "og:updated_time", "datemodified",
                       "dcterms.modified", "last-modified", "lastmod")),
)

_SEPARATORS = re.compile(r" [|\-–—\\/>»·•] ")
_HIER_SEP = re.compile(r" [\\/>»] ")
_BYLINE_HINT = re.compile(
    r"(?:^|[\s_-])(?:byline|author|authors|writtenby|reporter|contributor)(?:$|[\s_-])", re.I)
_BYLINE_AVOID = re.compile(
    r"comment|avatar|bio\b|-bio|about|image|photo|img|thumb|share|social|follow|more|"
    r"related|email|twitter|facebook|popup|modal|label|tooltip|nav|menu", re.I)
_BY_PREFIX = re.compile(
    r"^(?:by|von|par|por|di|door|av|af|przez|от|written by|posted by|words by)\s*[:\-–]?\s+",
    re.I)
_NAME_CLASS = re.compile(r"(?:^|\s)(?:fn|p-name)(?:\s|$)|author-?_?name|__name|byline-name",
                         re.I)
_BYLINE_TAIL = re.compile(
    r"\s*(?:\||•|·|\bPublished\b|\bUpdated\b|\bPosted\b|\bLast updated\b|\bon\s+\w+day\b|"
    r"\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}-\d{2}-\d{2}\b).*$", re.I | re.S)
_DATE_HINT = re.compile(r"date|time|publish|posted|dateline|byline|meta", re.I)
_NOT_NAME = re.compile(r"https?://|www\.|@\w+\.\w|\{|\}|<|>")
_FIND_BYLINE = etree.XPath(
    "//*[@rel='author' or contains(@itemprop, 'author') or contains(@class, 'author')"
    " or contains(@class, 'byline') or contains(@class, 'Byline')"
    " or contains(@class, 'Author') or contains(@id, 'author') or contains(@id, 'byline')"
    " or contains(@class, 'writtenby') or contains(@class, 'reporter')]"
)
_FIND_DATED = etree.XPath(
    "//body//*[self::time or @itemprop='datePublished' or @itemprop='dateCreated'"
    " or contains(@class, 'date') or contains(@class, 'time') or contains(@class, 'publish')"
    " or contains(@class, 'posted') or contains(@class, 'byline')"
    " or contains(@class, 'Date') or contains(@id, 'date')]"
)


def _clean(value: object) -> str | None:
    """Whitespace-collapsed, entity-unescaped text, or None when empty."""
    if not isinstance(value, str):
        return None
    text = _WS.sub(" ", unescape(value) if "&" in value else value).strip()
    return text or None


# --- one pass over <meta> -------------------------------------------------------------------


def meta_index(tree: HtmlElement) -> dict[str, list[str]]:
    """Every <meta> content keyed by its lower-cased property/name/itemprop tokens."""
    index: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        content = _clean(el.get("content"))
        if content is None:
            continue
        keys = set()
        for attr in ("property", "name", "itemprop", "http-equiv"):
            raw = el.get(attr)
            if raw:
                keys.update(raw.lower().split())
        for key in keys:
            index.setdefault(key, []).append(content)
    return index


def _first(index: dict[str, list[str]], keys: tuple[str, ...], ok=None) -> str | None:
    for key in keys:
        for value in index.get(key, ()):
            if ok is None or ok(value):
                return value
    return None


# --- JSON-LD ---------------------------------------------------------------------------------


def _types(node: dict) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower().rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


def _nodes(data: object, out: list[dict], depth: int = 0) -> None:
    """Flatten top-level objects, lists and @graph members (not every nested value)."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            _nodes(item, out, depth + 1)
    elif isinstance(data, dict):
        out.append(data)
        graph = data.get("@graph")
        if graph is not None:
            _nodes(graph, out, depth + 1)
        main = data.get("mainEntity")
        if isinstance(main, dict) and _types(main) & _ARTICLE_TYPES:
            _nodes(main, out, depth + 1)


def jsonld_nodes(tree: HtmlElement) -> list[dict]:
    """All JSON-LD objects of the page; malformed blocks are skipped, never fatal."""
    out: list[dict] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = _CDATA.sub("", script.text or "")
        if not text:
            continue
        try:
            data = json.loads(text, strict=False)
        except RecursionError:  # absurdly deep nesting: not article metadata
            continue
        except ValueError:
            try:  # a common slip: trailing commas before a closing bracket
                data = json.loads(re.sub(r",\s*([\]}])", r"\1", text), strict=False)
            except (ValueError, RecursionError):
                continue
        _nodes(data, out)
    return out


def _names(value: object, ids: dict[str, dict], depth: int = 0) -> list[str]:
    """Names in a schema.org person/organisation value: string, object, list, @id ref."""
    if depth > 3 or value is None:
        return []
    if isinstance(value, str):
        text = _clean(value)
        return [text] if text and not _NOT_NAME.search(text) else []
    if isinstance(value, list):
        return [n for item in value for n in _names(item, ids, depth + 1)]
    if isinstance(value, dict):
        if "name" not in value and isinstance(value.get("@id"), str):
            value = ids.get(value["@id"], value)
        name = value.get("name")
        if isinstance(name, str | list | dict):
            return _names(name, ids, depth + 1)
        given, family = value.get("givenName"), value.get("familyName")
        if isinstance(given, str) and isinstance(family, str):
            return _names(f"{given} {family}", ids, depth + 1)
    return []


@dataclass(slots=True)
class _LD:
    title: str | None = None
    author: str | None = None
    site: str | None = None
    dek: str | None = None
    section: str | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()
    dates: tuple[tuple[str, str], ...] = ()


def _similar(text: str, reference: str) -> bool:
    """Most of `text`'s words appear in `reference` (case-insensitive)."""
    words = set(re.findall(r"\w+", text.lower()))
    return bool(words) and len(words & set(re.findall(r"\w+", reference.lower()))) > 0.75 * len(
        words)


def _str_or_first(value: object) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return _clean(value)


def _keywords(value: object) -> list[str]:
    if isinstance(value, str):
        return [k for k in (_clean(p) for p in value.split(",")) if k]
    if isinstance(value, list):
        return [k for v in value if isinstance(v, str) for k in _keywords(v)]
    return []


def read_jsonld(nodes: list[dict], page_title: str | None) -> _LD:
    """The article node's fields, with site fallbacks from WebSite/Organization nodes."""
    ids = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    article = next((n for n in nodes if _types(n) & _ARTICLE_TYPES), None)
    page = next((n for n in nodes if _types(n) & _PAGE_TYPES), None)
    ld = _LD()
    node = article or page
    if node is None:
        ld.site = next((_str_or_first(n.get("name")) for n in nodes
                        if _types(n) & _SITE_TYPES and _str_or_first(n.get("name"))), None)
        return ld
    headline, name = _str_or_first(node.get("headline")), _str_or_first(node.get("name"))
    if article is not None:
        if name and name in _names(node.get("publisher"), ids):
            name = None  # the site's name put in the article's `name`
        ld.title = headline or name
        if headline and name and headline != name and page_title:
            # two titles: the one like the document title is the article's
            if _similar(name, page_title) and not _similar(headline, page_title):
                ld.title = name
        authors = list(dict.fromkeys(_names(node.get("author"), ids)
                                     or _names(node.get("creator"), ids)))
        ld.author = ", ".join(authors) or None
        ld.dek = _str_or_first(node.get("description"))
        ld.section = _str_or_first(node.get("articleSection"))
        ld.tags = tuple(_keywords(node.get("keywords")))
    publisher = _names(node.get("publisher"), ids)
    if not publisher and page is not None and page is not node:
        publisher = _names(page.get("publisher"), ids)
    if not publisher:
        publisher = [n for site in nodes if _types(site) & {"website"}
                     for n in _names(site.get("name"), ids)][:1]
    ld.site = publisher[0] if publisher else None
    lang = node.get("inLanguage")
    ld.language = lang if isinstance(lang, str) else None
    found = []
    for key in ("datePublished", "dateCreated", "dateModified"):
        raw = node.get(key)
        if isinstance(raw, str) and raw.strip():
            found.append((f"json-ld:{key}", raw.strip()))
    ld.dates = tuple(found)
    return ld


# --- title -----------------------------------------------------------------------------------


def _words(text: str) -> int:
    return len(text.split())


def _text(el) -> str:
    return _WS.sub(" ", el.text_content()).strip()


def _h1_within(title: str, h1s: Sequence[str]) -> str | None:
    """An <h1> that is the title minus separated parts before or after it."""
    for head in h1s:
        if len(head) > 10 and head != title and (
            title.startswith(head) and _SEPARATORS.match(title, len(head))
            or title.endswith(head) and _SEPARATORS.match(title, len(title) - len(head) - 3)
        ):
            return head
    return None


def clean_document_title(raw: str, headings: Sequence[str], h1s: Sequence[str] = ()) -> str:
    """The headline inside a <title>: drop " | Site" style parts, keep real colons.

    A heading equal to a separated part of the title is the surest cut; else
    the last separated part goes (Mozilla Readability's rule), unless that
    leaves too few words to be a headline.
    """
    orig = _WS.sub(" ", raw).strip()
    if not orig or orig in headings:
        return orig
    head = _h1_within(orig, h1s)
    if head:
        return head
    title, hierarchical = orig, False
    seps = list(_SEPARATORS.finditer(orig))
    if seps:
        hierarchical = bool(_HIER_SEP.search(orig))
        title = orig[: seps[-1].start()]
        if _words(title) < 3:
            title = orig[seps[0].end():]
    elif ": " in orig:
        if orig not in headings:
            title = orig[orig.rfind(":") + 1:]
            if _words(title) < 3:
                title = orig[orig.find(":") + 1:]
            elif _words(orig[: orig.find(":")]) > 5:
                title = orig
    elif (len(orig) > 150 or len(orig) < 15) and len(headings) == 1:
        title = headings[0]
    title = title.strip()
    count = _words(title)
    bare = _words(re.sub(r"[|\-–—\\/>»·•]+", "", orig))
    if count <= 4 and (not hierarchical or count != bare - 1):
        title = orig
    return title


# --- byline ----------------------------------------------------------------------------------


def clean_byline(raw: str | None) -> str | None:
    """A byline without its "By" prefix and trailing punctuation; None if not a name."""
    text = _clean(raw)
    if not text:
        return None
    text = _BY_PREFIX.sub("", text)
    text = _BYLINE_TAIL.sub("", text)
    for rx in (dates.MDY, dates.DMY):  # a date run into the byline ends it
        m = rx.search(text)
        if m and m.start() > 2:
            text = text[: m.start()]
    text = text.strip(" ,;|:-–—·•")
    if not text or len(text) > 160 or _NOT_NAME.search(text):
        return None
    if not any(ch.isalpha() for ch in text) or text.isdigit():
        return None
    return text


def _valid_meta_author(value: str) -> bool:
    return clean_byline(value) is not None and not value.startswith("@")


def dom_byline(tree: HtmlElement) -> str | None:
    """The first visible byline: rel/itemprop author, or a byline/author class."""
    for el in _FIND_BYLINE(tree):
        if not isinstance(el.tag, str) or el.tag in ("meta", "link", "script", "style", "body",
                                                     "html", "img", "input", "form"):
            continue
        hints = f"{el.get('class', '')} {el.get('id', '')}"
        strong = el.get("rel") == "author" or "author" in (el.get("itemprop") or "")
        if not strong and (not _BYLINE_HINT.search(hints) or _BYLINE_AVOID.search(hints)):
            continue
        if _in_comments(el):
            continue
        # a machine-readable name inside the byline beats the byline's whole text
        inner = next((n for n in el.iterdescendants() if isinstance(n.tag, str) and (
            n.get("itemprop") == "name" or n.get("rel") == "author"
            or _NAME_CLASS.search(n.get("class", ""))) and _text(n)), None)
        text = _text(inner if inner is not None else el)
        if not text or len(text) > 100:
            continue
        name = clean_byline(text)
        if name and max(len(w) for w in name.split()) > 1:
            return name
    return None


def _in_comments(el) -> bool:
    """Reader comments have bylines too; they are not the article's."""
    for anc in el.iterancestors():
        if "comment" in f"{anc.get('class', '')} {anc.get('id', '')}".lower():
            return True
    return False


# --- dates -----------------------------------------------------------------------------------


def html_date_evidence(
    tree: HtmlElement, url: str | None, index: dict[str, list[str]] | None = None,
    ld_dates: tuple[tuple[str, str], ...] = (),
) -> list[DateEvidence]:
    """Every publication-date statement the page makes, each with its source.

    Nothing is discarded: conflicting statements all stay, so later stages
    can test the chosen date against the text and against copies elsewhere.
    """
    index = meta_index(tree) if index is None else index
    found: list[DateEvidence] = []
    seen: set[tuple[str, str]] = set()

    def add(source: str, raw: str | None) -> None:
        item = dates.evidence(source, raw)
        if item and (source, item.value) not in seen:
            seen.add((source, item.value))
            found.append(item)

    for source, raw in ld_dates:
        add(source, raw)
    for source, keys in _DATE_META:
        for key in keys:
            for raw in index.get(key, ()):
                add(source, raw)
    times = datelines = 0
    for el in _FIND_DATED(tree):
        prop = el.get("itemprop")
        if prop in ("datePublished", "dateCreated"):
            add("itemprop:datePublished", el.get("datetime") or el.get("content") or _text(el))
        elif el.tag == "time":
            if times < 3:
                times += 1
                add("time-element", el.get("datetime") or _text(el))
        elif datelines < 3:
            hints = f"{el.get('class', '')} {el.get('id', '')}"
            if _DATE_HINT.search(hints) and not _BYLINE_AVOID.search(hints):
                text = _text(el)
                if 6 <= len(text) <= 80 and dates.parse_date(text):
                    datelines += 1
                    add("dateline", text)
    for link in (url, _first(index, ("og:url",)), _canonical(tree)):
        item = dates.url_date(link)
        if item and ("url", item.value) not in seen:
            seen.add(("url", item.value))
            found.append(item)
    # htmldate's guess (fast mode: its extensive search costs ~10 ms a page)
    try:
        from htmldate import find_date  # imported on first use (it is slow to import)

        guess = find_date(tree, url=url, extensive_search=False, original_date=True)
    except Exception:  # htmldate is a guess; its failure must not fail the page
        guess = None
    add("htmldate", guess)
    return found


def _canonical(tree: HtmlElement) -> str | None:
    head = tree.find("head")
    for link in (head if head is not None else tree).iter("link"):
        if (link.get("rel") or "").lower() == "canonical":
            return link.get("href")
    return None


# --- all together ----------------------------------------------------------------------------


def _language(tree: HtmlElement, index: dict[str, list[str]], ld: _LD) -> str | None:
    raw = tree.get("lang") or tree.get("xml:lang") or _first(index, _LANG_KEYS) or ld.language
    if not raw:
        return None
    primary = re.split(r"[-_,;\s]", raw.strip().lower())[0]
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def _tags(index: dict[str, list[str]], ld: _LD) -> tuple[str, ...]:
    tags: list[str] = list(ld.tags)
    for key in _TAG_KEYS:
        for value in index.get(key, ()):
            tags.extend(t for t in (_clean(p) for p in value.split(",")) if t)
        if tags:
            break
    return tuple(dict.fromkeys(t for t in tags if len(t) <= 80))[:30]


def _site(index: dict[str, list[str]], ld: _LD, url: str | None) -> str | None:
    """og:site_name without its tagline, else the JSON-LD publisher, else the host.

    og:site_name names the outlet that serves the page; a JSON-LD publisher
    is sometimes the platform (Blogger) or the wire that wrote the story.
    """
    og = _first(index, ("og:site_name",), _not_url)
    others = [n for n in (ld.site, *(_first(index, (k,)) for k in _SITE_KEYS[1:])) if n]
    site = None
    if og:
        parts = [p.strip() for p in _SEPARATORS.split(og) if p.strip()]
        site = next((p for p in parts if p in others), parts[0] if parts else og)
        if site[:1].islower():  # "detroitnews": a declared name with capitals is that name
            key = _squash(site)
            site = next((o for o in others if key and key in _squash(o)), site)
    if not site:
        site = next((o for o in others if _not_url(o)), None)
    if site:
        site = site.lstrip("@").strip() or None
    if not site and url:
        site = (urlsplit(url).hostname or "").removeprefix("www.") or None
    return site


def _not_url(value: str) -> bool:
    return not value.lower().startswith(("http:", "https:", "www."))


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def strip_site_from_title(title: str, names: Sequence[str], h1s: Sequence[str]) -> str:
    """Drop a " | Site" suffix or "Site: " prefix naming the site, or match the h1.

    Titles declared in metadata often carry the site's name the way <title>
    does; only a part equal to a known site name (or its host name) is cut,
    so a headline with its own dashes or colons stays whole.
    """
    if title in h1s:
        return title
    keys = {_squash(n) for n in names if n and _squash(n)}
    seps = list(_SEPARATORS.finditer(title)) + list(re.finditer(r": ", title))
    for m in sorted(seps, key=lambda m: m.start()):
        head, tail = title[: m.start()].strip(), title[m.end():].strip()
        if _squash(tail) in keys and m.group(0) != ": " and _words(head) >= 2:
            return strip_site_from_title(head, names, h1s)
        if _squash(head) in keys and _words(tail) >= 2:
            return strip_site_from_title(tail, names, h1s)
    return _h1_within(title, h1s) or title


def html_metadata(tree: HtmlElement, url: str | None) -> PageMetadata:
    """Metadata of a parsed page, each field by publisher-declared preference."""
    index = meta_index(tree)
    title_el = tree.find(".//title")
    doc_title = _clean(title_el.text_content()) if title_el is not None else None
    ld = read_jsonld(jsonld_nodes(tree), doc_title)
    heads = [(h.tag, t) for h in tree.iter("h1", "h2") if (t := _text(h))]
    h1s = [t for tag, t in heads if tag == "h1"]

    site = _site(index, ld, url)
    meta_title = _first(index, _TITLE_KEYS)
    title = ld.title or meta_title
    if ld.title and meta_title and doc_title and not _similar(ld.title, doc_title) and not any(
        _similar(ld.title, h) for h in h1s
    ) and _similar(meta_title, doc_title):
        title = meta_title  # a JSON-LD node about another article (related, old name)
    if not title and doc_title:
        title = clean_document_title(doc_title, [t for _, t in heads], h1s)
    if title:
        host = (urlsplit(url).hostname or "").removeprefix("www.") if url else ""
        names = [site or "", ld.site or "", _first(index, ("og:site_name",)) or "", host,
                 host.rsplit(".", 1)[0]]
        title = strip_site_from_title(title, names, h1s)

    author = clean_byline(ld.author) or clean_byline(_first(index, _AUTHOR_KEYS,
                                                            _valid_meta_author))
    if not author:
        author = dom_byline(tree)

    section = ld.section or _first(index, _SECTION_KEYS)
    return PageMetadata(
        title=title or None,
        author=author,
        site=site,
        language=_language(tree, index, ld),
        section=section,
        tags=_tags(index, ld),
        date_evidence=tuple(html_date_evidence(tree, url, index, ld.dates)),
        dek=ld.dek or _first(index, _DEK_KEYS),
    )
