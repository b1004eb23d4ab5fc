"""Page metadata from HTML: each vocabulary, the preferences between them, date evidence."""

from __future__ import annotations

import importlib.util
import json

from conftest import ROOT, shared_path
from lxml import html as lxml_html

from storyline.extract import dates
from storyline.extract.metadata import clean_document_title, html_metadata


def page(head: str = "", body: str = "", lang: str | None = "en") -> str:
    attr = f' lang="{lang}"' if lang else ""
    return f"<!doctype html><html{attr}><head><meta charset='utf-8'>{head}</head>" \
           f"<body>{body}<p>The harbour council met on Tuesday.</p></body></html>"


def meta_of(html: str, url: str | None = None):
    return html_metadata(lxml_html.document_fromstring(html), url)


def ld(data) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def sources(meta) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for item in meta.date_evidence:
        out.setdefault(item.source, set()).add(item.value)
    return out


def test_jsonld_newsarticle_authors_publisher_and_dates():
    data = {"@context": "https://schema.org", "@type": "NewsArticle",
            "headline": "Ferry fares frozen for Port Ilven commuters",
            "author": [{"@type": "Person", "name": "Adela Voss"}, "Oskar Feld"],
            "publisher": {"@type": "Organization", "name": "The Ilven Courier"},
            "datePublished": "2031-06-02T08:15:00+02:00",
            "dateModified": "2031-06-03T10:00:00+02:00",
            "articleSection": "Transport", "keywords": "ferries, fares",
            "description": "Fares stay at last year's level."}
    meta = meta_of(page(ld(data) + "<title>Ferry fares frozen | The Ilven Courier</title>"))
    assert meta.title == "Ferry fares frozen for Port Ilven commuters"
    assert meta.author == "Adela Voss, Oskar Feld"
    assert meta.site == "The Ilven Courier"
    assert meta.section == "Transport"
    assert meta.tags == ("ferries", "fares")
    assert meta.dek == "Fares stay at last year's level."
    assert sources(meta)["json-ld:datePublished"] == {"2031-06-02"}
    assert sources(meta)["json-ld:dateModified"] == {"2031-06-03"}
    assert dates.choose_published(meta.date_evidence).source == "json-ld:datePublished"


def test_jsonld_graph_with_id_references_and_cdata():
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "@id": "#site", "name": "Duneholt Gazette"},
        {"@type": "Person", "@id": "#lina", "name": "Lina Marchetti"},
        {"@type": ["ReportageNewsArticle"], "headline": "Dune fence repaired before storms",
         "author": {"@id": "#lina"}, "publisher": {"@id": "#site"},
         "datePublished": "2031-10-09"},
    ]}
    script = f'<script type="application/ld+json"><![CDATA[{json.dumps(graph)}]]></script>'
    meta = meta_of(page(script))
    assert meta.title == "Dune fence repaired before storms"
    assert meta.author == "Lina Marchetti"
    assert meta.site == "Duneholt Gazette"
    assert sources(meta)["json-ld:datePublished"] == {"2031-10-09"}


def test_malformed_jsonld_does_not_crash_and_other_sources_still_work():
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
            '<script type="application/ld+json">[1, "x", null]</script>'
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"headline": "Quota talks resume", "author": 7,}</script>'
            '<meta property="og:site_name" content="Kestrel Point Post">')
    meta = meta_of(page(head))
    assert meta.title == "Quota talks resume"  # trailing comma repaired
    assert meta.author is None
    assert meta.site == "Kestrel Point Post"


def test_opengraph_title_site_and_twitter_fallback():
    head = ('<meta property="og:title" content="Rail link vote delayed again">'
            '<meta property="og:site_name" content="Marrowdale Herald">'
            '<meta name="twitter:title" content="Twitter title loses to OpenGraph">'
            "<title>Rail link vote delayed again - Marrowdale Herald</title>")
    meta = meta_of(page(head))
    assert meta.title == "Rail link vote delayed again"
    assert meta.site == "Marrowdale Herald"
    only_twitter = meta_of(page('<meta name="twitter:title" content="Grain convoy arrives">'))
    assert only_twitter.title == "Grain convoy arrives"


def test_site_name_suffix_dropped_from_declared_titles_but_real_dashes_kept():
    head = ('<meta property="og:title" content="Valmora - Ostrava Bay ferry resumes | Valmora '
            'Ledger"><meta property="og:site_name" content="Valmora Ledger">')
    assert meta_of(page(head)).title == "Valmora - Ostrava Bay ferry resumes"
    tagline = '<meta property="og:site_name" content="Valmora Ledger - News that matters">'
    assert meta_of(page(tagline)).site == "Valmora Ledger"


def test_document_title_cleaning():
    assert clean_document_title("Harbour plan approved after long debate | Valmora Ledger",
                                []) == "Harbour plan approved after long debate"
    assert clean_document_title("Valmora Ledger | Harbour plan approved after debate",
                                []) == "Harbour plan approved after debate"
    # a heading equal to part of the title is the surest cut
    assert clean_document_title("Harbour plan approved | News | Valmora Ledger", [],
                                ["Harbour plan approved"]) == "Harbour plan approved"
    # a short title stays whole rather than lose words
    assert clean_document_title("Weather | Ledger", []) == "Weather | Ledger"
    meta = meta_of(page("<title>Water treaty signed | Duneholt Gazette</title>",
                        "<h1>Water treaty signed</h1>"))
    assert meta.title == "Water treaty signed"


def test_dublin_core_preferred_and_space_separated_properties():
    head = ('<meta name="author" content="Meta Author Name">'
            '<meta property="og:title" content="OpenGraph title">'
            '<meta property="x:title dc:title" content="Dublin Core title">'
            '<meta property="dc:creator" content="Henrik Olund">')
    meta = meta_of(page(head))
    assert meta.title == "Dublin Core title"
    assert meta.author == "Henrik Olund"


def test_meta_author_urls_and_handles_are_not_names():
    head = ('<meta property="article:author" content="https://social.example/tomas">'
            '<meta name="parsely-author" content="Tomas Rheinholt">')
    assert meta_of(page(head)).author == "Tomas Rheinholt"


def test_visible_byline_by_prefix_and_trailing_date():
    body = ('<div class="article-byline">By Mirela Castan <span>Published 9:40 AM, '
            "June 2, 2031</span></div>")
    meta = meta_of(page("", body))
    assert meta.author == "Mirela Castan"


def test_byline_prefers_itemprop_name_and_skips_comments():
    body = ('<section class="comments"><div class="comment-author byline">Anon Reader</div>'
            "</section>"
            '<div class="author-box" itemprop="author" itemscope>'
            '<span itemprop="name">Oskar Feld</span> is the harbour reporter.</div>')
    # comments come first in the document yet are skipped
    assert meta_of(page("", body)).author == "Oskar Feld"
    rel = '<p>Story by <a rel="author" href="/staff/lina">Lina Marchetti</a></p>'
    assert meta_of(page("", rel)).author == "Lina Marchetti"


def test_lang_from_html_then_meta():
    assert meta_of(page(lang="pt-BR")).language == "pt"
    head = '<meta http-equiv="content-language" content="de-AT">'
    assert meta_of(page(head, lang=None)).language == "de"
    assert meta_of(page(lang=None)).language is None


def test_dates_from_url_and_meta_keep_their_sources():
    head = ('<meta property="article:published_time" content="2031-03-14T09:30:00+01:00">'
            '<meta property="article:modified_time" content="2031-03-20T12:00:00+01:00">'
            '<meta name="parsely-pub-date" content="2031-03-14T08:30:00Z">')
    body = '<time datetime="2031-03-14T09:30">March 14, 2031</time>'
    meta = meta_of(page(head, body), "https://ledger.example/news/2031/03/14/harbour")
    found = sources(meta)
    assert found["meta:article:published_time"] == {"2031-03-14"}
    assert found["meta:published"] == {"2031-03-14"}
    assert found["meta:modified"] == {"2031-03-20"}
    assert found["time-element"] == {"2031-03-14"}
    assert found["url"] == {"2031-03-14"}
    raw = {e.source: e.raw for e in meta.date_evidence}
    assert raw["url"] == "2031/03/14"
    assert dates.choose_published(meta.date_evidence).source == "meta:article:published_time"


def test_conflicting_dates_are_all_kept():
    data = {"@type": "NewsArticle", "headline": "Convoy reaches Valmora",
            "datePublished": "2031-04-02T10:00:00+02:00"}
    head = ld(data) + '<meta name="pubdate" content="2030-12-30">'
    body = ('<p class="post-date">Posted 3 January 2031, 11:00</p>'
            '<time datetime="2031-01-05">5 January</time>')
    meta = meta_of(page(head, body), "https://copyfarm.example/2031/01/07/convoy")
    found = sources(meta)
    assert found["json-ld:datePublished"] == {"2031-04-02"}
    assert found["meta:published"] == {"2030-12-30"}
    assert found["dateline"] == {"2031-01-03"}
    assert found["time-element"] == {"2031-01-05"}
    assert found["url"] == {"2031-01-07"}
    assert dates.choose_published(meta.date_evidence).value == "2031-04-02"


def test_page_without_metadata_uses_hostname_and_has_no_dates():
    meta = meta_of(page("", "<h1>Untitled notes</h1>"), "https://www.portilven.example/x")
    assert meta.site == "portilven.example"
    assert meta.author is None
    assert all(e.source in ("htmldate",) for e in meta.date_evidence)


def test_readability_pages_storyline_not_worse_than_trafilatura():
    """On the real test pages, storyline matches at least as many fields as trafilatura."""
    folder = shared_path("data", "readability-test-pages")
    spec = importlib.util.spec_from_file_location("bench_metadata",
                                                  ROOT / "bench" / "bench_metadata.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    pages = bench.load_pages(folder)
    assert len(pages) >= 50
    ours, _, _ = bench.score(pages, bench.storyline_fields)
    theirs, _, _ = bench.score(pages, bench.trafilatura_fields)
    assert sum(ours.values()) >= sum(theirs.values()), (ours, theirs)
    assert ours["publishedTime"] >= theirs["publishedTime"]


def test_absurdly_nested_jsonld_is_skipped():
    deep = "[" * 5000 + "]" * 5000
    head = (f'<script type="application/ld+json">{deep}</script>'
            '<meta property="og:title" content="Border crossing reopens">')
    assert meta_of(page(head)).title == "Border crossing reopens"
