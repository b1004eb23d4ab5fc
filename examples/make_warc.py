"""Build examples/crawl.warc.gz: two corpus pages as a crawler would have stored them.

The archive holds a warcinfo record, the Meridian Press wire story and The
Harbor Courier's copy of it as HTTP responses, and a robots.txt response that
readers must skip (not HTML). Record ids and dates are fixed, and gzip members
carry no timestamp, so running this again yields the same bytes: the file is
committed and regenerating it must not show up as a change.

Run: .venv/bin/python examples/make_warc.py
"""

from __future__ import annotations

import uuid
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
OUT = HERE / "crawl.warc.gz"
# A fixed namespace, so record ids are a function of (type, URI) only.
NAMESPACE = uuid.UUID("5f0c6a52-8d7e-4a55-9a53-2b1f3c9e7d10")

PAGES = [
    # (URI, crawl time, Content-Type, body)
    ("https://meridianpress.example/robots.txt", "2031-06-16T14:02:05Z",
     "text/plain; charset=utf-8", b"User-agent: *\nDisallow: /licensing/\n"),
    ("https://meridianpress.example/world/2031/06/16/varel-to-visit-veskaria",
     "2031-06-16T14:02:11Z", "text/html; charset=utf-8",
     (HERE / "03_meridian_wire_announcement.html").read_bytes()),
    ("https://www.harborcourier.example/news/world/varel-heads-to-pelmora-20310616-p5xk2",
     "2031-06-16T14:05:37Z", "text/html; charset=utf-8",
     (HERE / "04_harbor_courier_wire_copy.html").read_bytes()),
]


def record_id(kind: str, uri: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(NAMESPACE, kind + ' ' + uri)}>"


def build() -> bytes:
    """The archive's bytes; deterministic for the same inputs."""
    buf = BytesIO()
    writer = WARCWriter(buf, gzip=True, warc_version="1.1")
    info = (b"software: storyline examples/make_warc.py\r\n"
            b"format: WARC File Format 1.1\r\n"
            b"description: fictional pages for the storyline demo\r\n")
    writer.write_record(writer.create_warc_record(
        OUT.name, "warcinfo", payload=BytesIO(info), length=len(info),
        warc_content_type="application/warc-fields",
        warc_headers_dict={"WARC-Record-ID": record_id("warcinfo", OUT.name),
                           "WARC-Date": PAGES[0][1], "WARC-Filename": OUT.name}))
    for uri, when, ctype, body in PAGES:
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype),
                                           ("Content-Length", str(len(body)))],
                                protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            uri, "response", payload=BytesIO(body), length=len(body), http_headers=http,
            warc_headers_dict={"WARC-Record-ID": record_id("response", uri),
                               "WARC-Date": when}))
    return buf.getvalue()


if __name__ == "__main__":
    data = build()
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data)} bytes)")
