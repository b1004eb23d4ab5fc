"""Page metadata from HTML: title, byline, site name, language, section, tags, dates."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml.html import HtmlElement
from trafilatura.metadata import extract_metadata

from storyline.extract import dates
from storyline.records import DateEvidence


@dataclass(frozen=True, slots=True)
class PageMetadata:
    title: str | None = None
    author: str | None = None
    site: str | None = None
    language: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    date_evidence: tuple[DateEvidence, ...] = ()


def _meta(tree: HtmlElement, *names: str) -> str | None:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            found = tree.xpath(f'//meta[@{attr}="{name}"]/@content')
            if found and found[0].strip():
                return found[0].strip()
    return None


def html_date_evidence(tree: HtmlElement, url: str | None) -> list[DateEvidence]:
    """Every publication-date statement the page makes, each with its source."""
    found: list[DateEvidence] = []
    for source, names in (
        ("meta:article:published_time", ("article:published_time", "og:published_time")),
        ("meta:published", ("datePublished", "pubdate", "publishdate", "date", "DC.date.issued",
                            "dc.date", "sailthru.date", "parsely-pub-date")),
        ("meta:modified", ("article:modified_time", "dateModified", "og:updated_time")),
    ):
        item = dates.evidence(source, _meta(tree, *names))
        if item:
            found.append(item)
    for raw in tree.xpath("//time/@datetime")[:1]:
        item = dates.evidence("time-element", raw)
        if item:
            found.append(item)
    from_url = dates.url_date(url)
    if from_url:
        found.append(from_url)
    return found


def html_metadata(tree: HtmlElement, url: str | None) -> PageMetadata:
    """Metadata of a parsed page; trafilatura's extractor plus our date evidence."""
    doc = extract_metadata(tree, default_url=url)
    site = doc.sitename or (urlsplit(url).hostname if url else None)
    lang = tree.get("lang") or _meta(tree, "og:locale", "language", "content-language")
    evidence = html_date_evidence(tree, url)
    if doc.date:
        item = dates.evidence("htmldate", doc.date)
        if item:
            evidence.append(item)
    return PageMetadata(
        title=doc.title,
        author=doc.author,
        site=site,
        language=lang.split("-")[0].split("_")[0].lower() if lang else None,
        section=(doc.categories or [None])[0],
        tags=tuple(doc.tags or ()),
        date_evidence=tuple(evidence),
    )
