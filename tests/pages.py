"""Fictional news pages for tests, written for this project.

Every outlet, person and place here is invented. `news_page` builds an
HTML page shaped like a real article page (navigation, metadata, body,
related links, footer) so extraction has real structure to work on.
"""

from __future__ import annotations

import json
import random
from html import escape

PLACES = ["Valmora", "Ostrava Bay", "Kestrel Point", "Marrowdale", "Port Ilven", "Duneholt"]
PEOPLE = ["Adela Voss", "Tomas Rheinholt", "Mirela Castan", "Oskar Feld", "Lina Marchetti",
          "Henrik Olund"]
THINGS = ["grain convoy", "harbour upgrade", "border crossing", "water treaty", "rail link",
          "fishing quota"]
VERBS = ["approved", "delayed", "questioned", "announced", "rejected", "expanded"]


def paragraphs(seed: int, count: int = 6) -> list[str]:
    """Deterministic, varied article paragraphs for page number `seed`."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        who, where = rng.choice(PEOPLE), rng.choice(PLACES)
        what, verb = rng.choice(THINGS), rng.choice(VERBS)
        n = rng.randint(2, 9000)
        out.append(
            f"Officials in {where} {verb} the {what} on day {seed}-{i}, a decision that "
            f"{who} said would affect about {n:,} residents. \u201cWe have waited long "
            f"enough for clarity on this,\u201d {who.split()[0]} told local reporters after "
            f"the council session, adding that a review would follow within {rng.randint(2, 30)} "
            f"days."
        )
    return out


def news_page(
    seed: int,
    title: str | None = None,
    body: list[str] | None = None,
    published: str = "2031-03-14T09:30:00Z",
    author: str = "Petra Lind",
    site: str = "The Valmora Ledger",
    url: str | None = None,
) -> str:
    """A complete article page with chrome around the body."""
    title = title or f"Council weighs plan number {seed} for Valmora harbour"
    body = body if body is not None else paragraphs(seed)
    url = url or f"https://valmora-ledger.example/news/2031/03/14/plan-{seed}"
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
          "datePublished": published, "author": {"@type": "Person", "name": author},
          "publisher": {"@type": "Organization", "name": site}}
    paras = "\n".join(f"<p>{escape(p)}</p>" for p in body)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | {escape(site)}</title>
<meta property="og:title" content="{escape(title)}">
<meta property="og:site_name" content="{escape(site)}">
<meta property="article:published_time" content="{published}">
<link rel="canonical" href="{url}">
<script type="application/ld+json">{json.dumps(ld)}</script></head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li></ul></nav></header>
<main><article>
<h1>{escape(title)}</h1>
<p class="byline">By {escape(author)}</p>
<time datetime="{published}">March 14, 2031</time>
{paras}
</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/a">Ferry timetable changes announced for the summer season</a></li>
<li><a href="/b">Marrowdale school wins regional robotics cup</a></li>
<li><a href="/c">Storm warning lifted for the northern coast</a></li></ul></aside></main>
<footer><p>&copy; 2031 {escape(site)}. All rights reserved.</p>
<p>Subscribe to our newsletter for the morning briefing.</p></footer>
</body></html>"""


def write_warc(path, pages: list[tuple[str, str]], with_image: bool = True) -> None:
    """Write a real gzipped WARC of HTTP responses (warcio), plus one image record."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=str(path).endswith(".gz"))
        for url, html in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(html.encode("utf-8")), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2031-03-15T10:00:00Z"},
            )
            writer.write_record(record)
        if with_image:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")],
                                       protocol="HTTP/1.1")
            record = writer.create_warc_record(
                "https://valmora-ledger.example/logo.png", "response",
                payload=BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(200)), http_headers=headers,
            )
            writer.write_record(record)
