"""A hostile corpus: inputs that have crashed, hung or lost data in news tools.

`build(root, scale)` writes every case into `root/corpus/<case>/` (found by
walking the folder) or `root/named/<case>/` (named on the command line), and
returns the cases with what each must become: a stored article, a failure
whose reason is given, a skipped path with its reason, a duplicate of bytes
already stored, or nothing at all (a store file, a hidden file). Everything
is generated here, deterministically, from fictional pages (`pages.py`);
`scale` sizes the big cases (1.0: the sizes of issue 10, such as a
million-paragraph page and a 20 MB page; 0, for CI: the smallest sizes
that still go past the extractor's limits).

Used by tests/run/test_hostile_corpus.py (in CI, through the real pipeline)
and bench/bench_hostile.py (full size, each case in a process of its own).
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from pages import news_page, paragraphs, write_warc

from storyline.extract.article import (
    MAX_BLOCKS,
    MAX_ELEMENTS,
    MAX_INLINE_TAGS,
    MAX_TAG_ATTRIBUTES,
    MAX_TEXT_CHARS,
)
from storyline.records import MAX_DOCUMENT_BYTES

OK, FAILED, SKIPPED, DUPLICATE, ABSENT = "ok", "failed", "skipped", "duplicate", "absent"


@dataclass(frozen=True)
class Expect:
    """What one path (or record: `file:LINE`, `file#N`) of a case must become.

    `where` is relative to the case folder; `reason` must appear in the error
    (failed), the skip reason (skipped) or a dropped item's reason (ok);
    `contains` must appear in the stored article text (nothing lost).
    """

    where: str
    status: str
    reason: str = ""
    contains: str = ""


@dataclass
class Case:
    name: str
    folder: Path
    expect: list[Expect]
    named: list[Path] = field(default_factory=list)  # paths given on the command line
    big: bool = False  # sized by `scale`: the benchmark times it


MARK = "Harbour master Ilsa Brenner confirmed the convoy schedule"

CASES: list[tuple[str, bool, Callable]] = []


def case(big: bool = False):
    def register(fn: Callable) -> Callable:
        CASES.append((fn.__name__, big, fn))
        return fn
    return register


def _page(seed: int, extra: str = MARK + " on Tuesday.", **kw) -> str:
    """A news page whose third paragraph carries `extra` (the text that must survive)."""
    body = paragraphs(seed, 5)
    body.insert(2, extra)
    return news_page(seed, body=body, **kw)


def _raw_page(seed: int, extra_html: str) -> str:
    """A news page with raw HTML `extra_html` (not escaped) in its body."""
    return news_page(seed).replace("</article>", extra_html + "</article>")


def _text_dump(seed: int, count: int = 6) -> str:
    return (f"Council weighs plan number {seed} for Valmora harbour\n\nBy Petra Lind\n\n"
            + "\n\n".join(paragraphs(seed, count)) + f"\n\n{MARK} on Friday.\n")


def _warc_bytes(records: list[tuple[str | None, str]], gz: bool = True) -> bytes:
    """A WARC of HTTP responses; a None URI makes a record without WARC-Target-URI."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for uri, html in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri or "https://placeholder.example/", "response",
            payload=BytesIO(html.encode("utf-8")), http_headers=headers,
            warc_headers_dict={"WARC-Date": "2031-03-15T10:00:00Z"})
        if uri is None:
            record.rec_headers.remove_header("WARC-Target-URI")
        writer.write_record(record)
    return out.getvalue()


def _jsonl(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


# --- empty and binary ----------------------------------------------------------------

@case()
def empty(d: Path, scale: float):
    (d / "empty.html").write_bytes(b"")
    return [Expect("empty.html", FAILED, "empty file")]


@case()
def blank(d: Path, scale: float):
    (d / "blank.txt").write_bytes(b"  \n\t\r\n  ")
    return [Expect("blank.txt", FAILED, "empty file")]


@case()
def bom_only(d: Path, scale: float):
    (d / "bom.html").write_bytes(codecs.BOM_UTF8)
    return [Expect("bom.html", FAILED, "empty file")]


@case()
def random_bytes(d: Path, scale: float):
    (d / "junk.html").write_bytes(random.Random(7).randbytes(6000))
    return [Expect("junk.html", FAILED, "binary content")]


@case()
def png_named_html(d: Path, scale: float):
    (d / "logo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    return [Expect("logo.html", FAILED, "binary content (PNG image)")]


@case()
def pdf_named_txt(d: Path, scale: float):
    (d / "report.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n")
    return [Expect("report.txt", FAILED, "binary content (PDF document)")]


@case()
def nul_in_head(d: Path, scale: float):
    page = _page(11).encode()
    (d / "nul.html").write_bytes(page[:900] + b"\x00" + page[900:])
    return [Expect("nul.html", OK, contains=MARK)]


@case()
def nul_scattered(d: Path, scale: float):
    page = _page(12).encode()
    (d / "nuls.html").write_bytes(b"\x00".join(page[i:i + 700] for i in range(0, len(page), 700)))
    return [Expect("nuls.html", OK, contains=MARK)]


@case()
def control_soh(d: Path, scale: float):
    (d / "soh.html").write_text(_page(13, MARK + " on\x01 Tuesday."), encoding="utf-8")
    return [Expect("soh.html", OK, contains=MARK)]


@case()
def control_backspace(d: Path, scale: float):
    (d / "bs.html").write_text(_page(14, MARK + " on\x08 Tuesday."), encoding="utf-8")
    return [Expect("bs.html", OK, contains=MARK)]


@case()
def control_escape(d: Path, scale: float):
    (d / "esc.html").write_text(_page(15, MARK + " \x1b[31mon Tuesday\x1b[0m."),
                                encoding="utf-8")
    return [Expect("esc.html", OK, contains=MARK + " on Tuesday.")]


@case()
def noncharacter(d: Path, scale: float):
    (d / "fffe.html").write_text(_page(16, MARK + " on\ufffe Tuesday."), encoding="utf-8")
    return [Expect("fffe.html", OK, contains=MARK)]


# --- encodings ---------------------------------------------------------------------

@case()
def utf16_with_bom(d: Path, scale: float):
    (d / "u16.html").write_bytes(_page(17).encode("utf-16"))
    return [Expect("u16.html", OK, contains=MARK)]


@case()
def utf16_without_bom(d: Path, scale: float):
    (d / "u16le.html").write_bytes(_page(18).encode("utf-16-le"))
    return [Expect("u16le.html", OK, contains=MARK)]


@case()
def latin1_declared(d: Path, scale: float):
    page = _page(19, "Café owner Jürgen Müller confirmed the convoy schedule on Tuesday.")
    page = page.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
    (d / "latin1.html").write_bytes(page.encode("latin-1", errors="replace"))
    return [Expect("latin1.html", OK, contains="Café owner Jürgen Müller")]


@case()
def cp1252_undeclared(d: Path, scale: float):
    page = _page(20, "\u201cWe will wait,\u201d " + MARK + " on Tuesday.")
    page = page.replace('<meta charset="utf-8">', "")
    (d / "cp1252.html").write_bytes(page.encode("cp1252", errors="replace"))
    return [Expect("cp1252.html", OK, contains="\u201cWe will wait,\u201d " + MARK)]


@case()
def mixed_utf8_cp1252(d: Path, scale: float):
    page = _page(21, "Zoë Hartmann said the fee rose to 5\u20ac. " + MARK + ".").encode()
    page = page.replace("5\u20ac".encode(), b"5\x80")  # one cp1252 euro sign in UTF-8 text
    (d / "mixed.html").write_bytes(page)
    return [Expect("mixed.html", OK, contains="Zoë Hartmann said the fee rose to 5\u20ac")]


@case()
def meta_says_utf16(d: Path, scale: float):
    page = _page(22, "Zoë Hartmann: " + MARK + ".").replace('<meta charset="utf-8">',
                                                            '<meta charset="utf-16">')
    (d / "liar.html").write_bytes(page.encode("utf-8"))
    return [Expect("liar.html", OK, contains="Zoë Hartmann: " + MARK)]


@case()
def unknown_charset(d: Path, scale: float):
    page = _page(23).replace('<meta charset="utf-8">', '<meta charset="x-no-such-charset">')
    (d / "unknown.html").write_text(page, encoding="utf-8")
    return [Expect("unknown.html", OK, contains=MARK)]


@case()
def utf8_bom_dump(d: Path, scale: float):
    (d / "bom.txt").write_bytes(codecs.BOM_UTF8 + _text_dump(24).encode())
    return [Expect("bom.txt", OK, contains=MARK)]


# --- gzip --------------------------------------------------------------------------

@case()
def truncated_gzip(d: Path, scale: float):
    blob = gzip.compress(_page(25).encode(), mtime=0)
    (d / "cut.html.gz").write_bytes(blob[: len(blob) // 2])
    return [Expect("cut.html.gz", FAILED, "corrupt or truncated gzip")]


@case()
def multi_member_gzip(d: Path, scale: float):
    page = _page(26, "Opening paragraph of the harbour report.").encode()
    page = page.replace(b"</article>", ("<p>" + MARK + " in the second member.</p></article>")
                        .encode())
    half = len(page) // 2
    (d / "two.html.gz").write_bytes(gzip.compress(page[:half], mtime=0)
                                    + gzip.compress(page[half:], mtime=0))
    return [Expect("two.html.gz", OK, contains=MARK + " in the second member.")]


@case()
def plain_named_gz(d: Path, scale: float):
    page = _page(27).encode()
    (d / "a_plain.html.gz").write_bytes(page)  # misnamed: not compressed
    (d / "b_plain.html").write_bytes(page)  # the same page, properly named
    return [Expect("a_plain.html.gz", OK, "not gzip-compressed", contains=MARK),
            Expect("b_plain.html", DUPLICATE)]


@case()
def gzip_bomb(d: Path, scale: float):
    (d / "bomb.html.gz").write_bytes(gzip.compress(b" " * (MAX_DOCUMENT_BYTES + 4096), mtime=0))
    return [Expect("bomb.html.gz", FAILED, "too large")]


@case()
def gzip_trailing_garbage(d: Path, scale: float):
    (d / "tail.html.gz").write_bytes(gzip.compress(_page(28).encode(), mtime=0)
                                     + b"trailing junk")
    return [Expect("tail.html.gz", OK, "not gzip", contains=MARK)]


@case()
def gzip_of_binary(d: Path, scale: float):
    (d / "bin.html.gz").write_bytes(gzip.compress(random.Random(29).randbytes(5000), mtime=0))
    return [Expect("bin.html.gz", FAILED, "binary content")]


# --- WARC --------------------------------------------------------------------------

@case()
def warc_truncated(d: Path, scale: float):
    data = _warc_bytes([(f"https://valmora-ledger.example/t/{i}", _page(30 + i))
                        for i in range(3)])
    second_end = len(_warc_bytes([(f"https://valmora-ledger.example/t/{i}", _page(30 + i))
                                  for i in range(2)]))
    (d / "cut.warc.gz").write_bytes(data[: second_end + (len(data) - second_end) // 2])
    return [Expect("cut.warc.gz#1", OK, contains=MARK), Expect("cut.warc.gz#2", OK),
            Expect("cut.warc.gz#3", FAILED, "truncated or corrupt WARC at record 3")]


@case()
def warc_garbage(d: Path, scale: float):
    (d / "junk.warc").write_bytes(b"this is not an archive\n" * 40)
    return [Expect("junk.warc", FAILED, "not a WARC file")]


@case()
def warc_bad_uri(d: Path, scale: float):
    (d / "bad.warc.gz").write_bytes(_warc_bytes([("http://[::1/broken", _page(33)),
                                                 ("https://valmora-ledger.example/g", _page(34))]))
    return [Expect("bad.warc.gz#1", OK, "invalid URL (Invalid IPv6 URL)", contains=MARK),
            Expect("bad.warc.gz#2", OK)]


@case()
def warc_no_uri(d: Path, scale: float):
    (d / "nouri.warc").write_bytes(_warc_bytes([(None, _page(35)),
                                                ("https://valmora-ledger.example/h", _page(36))],
                                               gz=False))
    return [Expect("nouri.warc#1", FAILED, "has no WARC-Target-URI"),
            Expect("nouri.warc#2", OK, contains=MARK)]


@case()
def warc_bad_length(d: Path, scale: float):
    data = _warc_bytes([("https://valmora-ledger.example/l", _page(37))], gz=False)
    head, _, rest = data.partition(b"Content-Length: ")
    (d / "len.warc").write_bytes(head + b"Content-Length: 99999999" + rest[rest.index(b"\r\n"):])
    return [Expect("len.warc#1", FAILED, "WARC")]


@case()
def warc_only_images(d: Path, scale: float):
    write_warc(d / "img.warc.gz", [], with_image=True)
    return [Expect("img.warc.gz", ABSENT)]


# --- JSON Lines --------------------------------------------------------------------

def _record(seed: int, **extra) -> dict:
    return {"text": _text_dump(seed), "title": f"Plan {seed}", "published": "2031-03-14",
            **extra}


@case()
def jsonl_malformed_line(d: Path, scale: float):
    (d / "feed.jsonl").write_text(_jsonl(_record(40), '{"text": "broken', _record(41)))
    return [Expect("feed.jsonl:1", OK, contains=MARK),
            Expect("feed.jsonl:2", FAILED, "malformed JSON on line 2"),
            Expect("feed.jsonl:3", OK)]


@case()
def jsonl_not_object(d: Path, scale: float):
    (d / "list.jsonl").write_text(_jsonl([1, 2, 3]))
    return [Expect("list.jsonl:1", FAILED, "line 1 is not a JSON object")]


@case()
def jsonl_bad_ipv6_url(d: Path, scale: float):
    (d / "ipv6.jsonl").write_text(_jsonl(_record(42, url="http://[::1/broken")))
    return [Expect("ipv6.jsonl:1", OK, "invalid URL (Invalid IPv6 URL)", contains=MARK)]


@case()
def jsonl_url_list(d: Path, scale: float):
    (d / "ulist.jsonl").write_text(_jsonl(_record(43, url=["https://a.example/", 2])))
    return [Expect("ulist.jsonl:1", OK, "url is a list, not a string", contains=MARK)]


@case()
def jsonl_url_number(d: Path, scale: float):
    (d / "unum.jsonl").write_text(_jsonl(_record(44, url=12345)))
    return [Expect("unum.jsonl:1", OK, "url is a int, not a string", contains=MARK)]


@case()
def jsonl_url_object(d: Path, scale: float):
    (d / "uobj.jsonl").write_text(_jsonl(_record(45, url={"href": "https://a.example/"})))
    return [Expect("uobj.jsonl:1", OK, "url is a dict, not a string", contains=MARK)]


@case()
def jsonl_url_script(d: Path, scale: float):
    (d / "ujs.jsonl").write_text(_jsonl(_record(46, url="javascript:alert(1)")))
    return [Expect("ujs.jsonl:1", OK, "not an http or https URL", contains=MARK)]


@case()
def jsonl_html_with_bad_url(d: Path, scale: float):
    (d / "hurl.jsonl").write_text(_jsonl({"html": _page(47), "url": "http://[::1/broken"}))
    return [Expect("hurl.jsonl:1", OK, "invalid URL", contains=MARK)]


@case()
def jsonl_no_text(d: Path, scale: float):
    (d / "notext.jsonl").write_text(_jsonl({"title": "Only a title", "text": ""}))
    return [Expect("notext.jsonl:1", FAILED, "neither a non-empty `text` nor `html`")]


@case()
def jsonl_invalid_utf8(d: Path, scale: float):
    (d / "bytes.jsonl").write_bytes(b'{"text": "caf\xe9 au lait"}\n')
    return [Expect("bytes.jsonl:1", FAILED, "malformed JSON on line 1")]


@case()
def jsonl_deep_nesting(d: Path, scale: float):
    depth = 200_000
    (d / "deep.jsonl").write_text("[" * depth + "]" * depth + "\n" + _jsonl(_record(48)))
    return [Expect("deep.jsonl:1", FAILED, "nested too deep"),
            Expect("deep.jsonl:2", OK, contains=MARK)]


@case()
def jsonl_control_in_text(d: Path, scale: float):
    record = _record(49)
    record["text"] = record["text"].replace(MARK, MARK.replace(" ", " \u0001", 1))
    (d / "ctrl.jsonl").write_text(_jsonl(record))
    return [Expect("ctrl.jsonl:1", OK, contains=MARK)]


@case()
def jsonl_line_over_limit(d: Path, scale: float):
    huge = {"text": "word " * ((MAX_DOCUMENT_BYTES + 1024) // 5)}
    (d / "huge.jsonl").write_text(_jsonl(huge, _record(50)))
    return [Expect("huge.jsonl:1", FAILED, "too large"), Expect("huge.jsonl:2", OK, contains=MARK)]


@case()
def jsonl_crlf_and_blank_lines(d: Path, scale: float):
    (d / "crlf.jsonl").write_bytes(
        ("\r\n\r\n" + json.dumps(_record(51)) + "\r\n   \r\n").encode())
    return [Expect("crlf.jsonl:3", OK, contains=MARK)]


@case()
def failed_read_does_not_block(d: Path, scale: float):
    dump = _text_dump(52)
    line = dump.replace("\n", " ")  # not JSON: a failed record with these bytes...
    (d / "a_feed.jsonl").write_text(line + "\n")
    (d / "b_dump.txt").write_text(line)  # ...and a good page with the same bytes, after it
    return [Expect("a_feed.jsonl:1", FAILED, "malformed JSON"),
            Expect("b_dump.txt", OK, contains=MARK)]


# --- HTML structure and size -------------------------------------------------------

@case()
def no_article(d: Path, scale: float):
    (d / "index.html").write_text("<html><body><nav><a href='/'>Home</a> <a href='/n'>News</a>"
                                  "</nav></body></html>")
    return [Expect("index.html", FAILED, "no article text")]


@case()
def unclosed_markup(d: Path, scale: float):
    page = _page(53)
    (d / "cut.html").write_text(page[: page.index("</article>")] + '<p>Trailing <a href="')
    return [Expect("cut.html", OK, contains=MARK)]


@case()
def script_payloads(d: Path, scale: float):
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    page = _page(54, MARK + ' &lt;script&gt;alert("x")&lt;/script&gt; on Tuesday.',
                 title="Harbour <b>plan</b> " + evil)
    (d / "xss.html").write_text(page.replace("</article>", evil + "</article>"))
    return [Expect("xss.html", OK, contains=MARK)]


@case()
def deep_nesting(d: Path, scale: float):
    depth = 20_000
    (d / "deep.html").write_text(_raw_page(55, "<div>" * depth + "<p>Deep.</p>" + "</div>" * depth))
    return [Expect("deep.html", OK)]


@case(big=True)
def many_attributes(d: Path, scale: float):
    n = max(3 * MAX_TAG_ATTRIBUTES, int(500_000 * scale))
    attrs = " ".join(f'data-a{i}="v"' for i in range(n))
    (d / "attrs.html").write_text(_page(56).replace("<article>", f"<article {attrs}>"))
    return [Expect("attrs.html", OK, "attributes of one tag beyond the first", contains=MARK)]


@case(big=True)
def entity_flood(d: Path, scale: float):
    n = max(100_000, int(2_000_000 * scale))  # 10 MB of &amp; at full size
    (d / "amp.html").write_text(_raw_page(57, f"<p>{MARK}.</p><p>" + "&amp;" * n + "</p>"))
    return [Expect("amp.html", OK, contains=MARK)]


@case(big=True)
def single_word(d: Path, scale: float):
    n = max(500_000, int(5_000_000 * scale))
    (d / "word.html").write_text(_raw_page(58, f"<p>{MARK}.</p><p>" + "a" * n + "</p>"))
    return [Expect("word.html", OK, contains=MARK)]


@case(big=True)
def many_paragraphs(d: Path, scale: float):
    n = max(MAX_BLOCKS + 1_000, int(1_000_000 * scale))
    item = "{} noted." if scale else ""  # CI: empty, so analysis has no 5,000 lines
    paras = "".join(f"<p>{item.format('abcdefg'[i % 7])}</p>\n" for i in range(n))
    (d / "paras.html").write_text(_raw_page(59, f"<p>{MARK}.</p>" + paras))
    return [Expect("paras.html", OK, f"page cut after {MAX_BLOCKS:,} of its", contains=MARK)]


@case(big=True)
def many_elements(d: Path, scale: float):
    links = max(MAX_ELEMENTS // 1_000 + 2, int(100 * scale))  # per paragraph
    para = "<p>See " + "<a href='#n'>note</a>, " * links + "and more.</p>\n"
    (d / "links.html").write_text(_raw_page(60, f"<p>{MARK}.</p>" + para * 1_000))
    return [Expect("links.html", OK, f"page cut after {MAX_ELEMENTS:,} of its", contains=MARK)]


@case(big=True)
def inline_run(d: Path, scale: float):
    n = max(MAX_INLINE_TAGS, int(1_000_000 * scale))  # n bold words: 2n tags in one paragraph
    (d / "bold.html").write_text(_raw_page(61, f"<p>{MARK}.</p><p>" + "<b>w</b> " * n + "</p>"))
    return [Expect("bold.html", OK, "inline tags past", contains=MARK)]


@case(big=True)
def long_text_dump(d: Path, scale: float):
    target = max(MAX_TEXT_CHARS + 50_000, int(2_700_000 * scale))
    parts, seed = [_text_dump(160)], 161
    while sum(map(len, parts)) < target:
        parts.append("\n\n".join(paragraphs(seed, 20)))
        seed += 1
    (d / "long.txt").write_text("\n\n".join(parts))
    return [Expect("long.txt", OK, "text beyond 100,000 characters cut", contains=MARK)]


@case(big=True)
def big_page(d: Path, scale: float):
    target = max(10_000, int(19_500_000 * scale))
    body, seed = [MARK + " on Tuesday."], 62
    while sum(map(len, body)) < target:
        body += paragraphs(seed, 50)
        seed += 1
    (d / "big.html").write_text(news_page(62, body=body))
    return [Expect("big.html", OK, contains=MARK)]


@case()
def over_the_limit(d: Path, scale: float):
    with (d / "huge.html").open("wb") as handle:  # sparse: costs no disk
        handle.truncate(MAX_DOCUMENT_BYTES + 1)
    return [Expect("huge.html", FAILED, "too large")]


# --- file names --------------------------------------------------------------------

@case()
def name_with_spaces(d: Path, scale: float):
    (d / "my page (1).html").write_text(_page(63))
    return [Expect("my page (1).html", OK, contains=MARK)]


@case()
def name_decomposed_unicode(d: Path, scale: float):
    name = unicodedata.normalize("NFD", "café-résumé.html")
    (d / name).write_text(_page(64))
    return [Expect(name, OK, contains=MARK)]


@case()
def name_not_utf8(d: Path, scale: float):
    with open(os.fsencode(d) + b"/caf\xe9.html", "wb") as handle:
        handle.write(_page(65).encode())
    return [Expect("caf\\xe9.html", OK, contains=MARK)]


@case()
def name_with_newline(d: Path, scale: float):
    (d / "line\nbreak.html").write_text(_page(66))
    return [Expect("line\nbreak.html", OK, contains=MARK)]


@case()
def name_with_markup(d: Path, scale: float):
    (d / "[bold]x[").mkdir()  # the path reads "[bold]x[/red].html"
    (d / "[bold]x[" / "red].html").write_text(_page(67))
    return [Expect("[bold]x[/red].html", OK, contains=MARK)]


@case()
def name_like_an_option(d: Path, scale: float):
    (d / "-rf.html").write_text(_page(68))
    return [Expect("-rf.html", OK, contains=MARK)]


@case()
def name_very_long(d: Path, scale: float):
    name = "n" * 240 + ".html"
    (d / name).write_text(_page(69))
    return [Expect(name, OK, contains=MARK)]


@case()
def name_upper_case_suffix(d: Path, scale: float):
    (d / "PAGE.HTML").write_text(_page(70))
    return [Expect("PAGE.HTML", OK, contains=MARK)]


# --- the file system ---------------------------------------------------------------

@case()
def fifo_in_folder(d: Path, scale: float):
    os.mkfifo(d / "pipe.html")
    return [Expect("pipe.html", SKIPPED, "not a regular file (a named pipe)")]


@case()
def fifo_named(d: Path, scale: float):
    os.mkfifo(d / "named-pipe.html")
    return [Expect("named-pipe.html", SKIPPED, "not a regular file (a named pipe)")]


@case()
def deep_folders(d: Path, scale: float):
    folder = d
    for _ in range(1_200):  # deeper than Python's recursion limit
        folder = folder / "f"
        folder.mkdir()
    (folder / "deep.html").write_text(_page(78))
    where = "/".join(["f"] * 1_200)
    return [Expect(f"{where}/deep.html", OK, contains=MARK)]


@case()
def symlink_loop_folder(d: Path, scale: float):
    (d / "sub").mkdir()
    (d / "sub" / "inside.html").write_text(_page(71))
    os.symlink("..", d / "sub" / "loop")
    return [Expect("sub/inside.html", OK, contains=MARK),
            Expect("sub/loop", SKIPPED, "symbolic link loop")]


@case()
def symlink_to_itself(d: Path, scale: float):
    os.symlink("self.html", d / "self.html")
    return [Expect("self.html", SKIPPED, "symbolic link loop")]


@case()
def symlink_dangling(d: Path, scale: float):
    os.symlink("nowhere/gone.html", d / "gone.html")
    return [Expect("gone.html", SKIPPED, "broken symbolic link")]


@case()
def symlink_to_a_page(d: Path, scale: float):
    (d / "real").mkdir()
    (d / "real" / "story.html").write_text(_page(72))
    os.symlink("real/story.html", d / "link.html")
    return [Expect("link.html", OK, contains=MARK),
            Expect("real/story.html", ABSENT)]  # read once, through the link


@case()
def unreadable_file(d: Path, scale: float):
    # A file that cannot be read even by root (tests run as root, where chmod 000
    # stops nothing): the kernel refuses to read this process's memory at 0.
    os.symlink("/proc/self/mem", d / "mem.html")
    return [Expect("mem.html", FAILED, "cannot read file")]


@case()
def own_report(d: Path, scale: float):
    (d / "report.html").write_text(
        '<!doctype html><html><head><meta charset="utf-8">'
        '<meta name="generator" content="storyline 0.1"><title>Report</title></head><body>'
        + "".join(f"<p>{p}</p>" for p in paragraphs(73)) + "</body></html>")
    return [Expect("report.html", SKIPPED, "a storyline report")]


@case()
def own_report_by_title(d: Path, scale: float):
    (d / "storyline-report.html").write_text(
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<title>storyline report: s.duckdb</title></head><body>'
        + "".join(f"<p>{p}</p>" for p in paragraphs(74)) + "</body></html>")
    return [Expect("storyline-report.html", SKIPPED, "a storyline report")]


@case()
def own_export(d: Path, scale: float):
    article = {"id": "0123456789abcdef", "source": "x.html", "url": None, "site": None,
               "title": "T", "text": "\n".join(paragraphs(75)), "dropped": [],
               "status": "ok", "error": None, "independence_key": "0123456789abcdef",
               "copy_group": None}
    quote = {"id": "q1", "text": "We have waited", "kind": "direct", "speaker": None,
             "verb": "said", "medium": None, "n_sources": 1, "first_date": None,
             "mentions": []}
    (d / "articles.jsonl").write_text(_jsonl(article))
    (d / "quotes.jsonl").write_text(_jsonl(quote))
    return [Expect("articles.jsonl", SKIPPED, "a storyline export file"),
            Expect("quotes.jsonl", SKIPPED, "a storyline export file")]


@case()
def store_files(d: Path, scale: float):
    (d / "s.duckdb").write_bytes(b"DUCK" + bytes(4000))
    (d / "s.duckdb.wal").write_bytes(bytes(100))
    return [Expect("s.duckdb", ABSENT), Expect("s.duckdb.wal", ABSENT)]


@case()
def hidden_and_unsupported(d: Path, scale: float):
    (d / ".hidden.html").write_text(_page(76))
    (d / "notes.md").write_text("# notes\n")
    return [Expect(".hidden.html", ABSENT), Expect("notes.md", ABSENT)]


@case()
def same_bytes_twice(d: Path, scale: float):
    page = _page(77)
    (d / "a.html").write_text(page)
    (d / "b.html").write_text(page)
    return [Expect("a.html", OK, contains=MARK), Expect("b.html", DUPLICATE)]


NAMED = {"fifo_named"}  # cases whose paths are given on the command line, not walked
GOOD_PAGES = 8


def build(root: Path, scale: float = 0.0, only: set[str] | None = None) -> list[Case]:
    """Write the cases (and GOOD_PAGES ordinary pages in `root/corpus/good`) under `root`."""
    cases = []
    for name, big, make in CASES:
        if only is not None and name not in only:
            continue
        parent = root / ("named" if name in NAMED else "corpus")
        folder = parent / name
        folder.mkdir(parents=True)
        expect = make(folder, scale)
        named = [folder / e.where for e in expect] if name in NAMED else []
        cases.append(Case(name, folder, expect, named, big))
    if only is None:
        good = root / "corpus" / "good"
        good.mkdir()
        for i in range(GOOD_PAGES):
            (good / f"good_{i}.html").write_text(_page(100 + i))
        cases.append(Case("good", good, [Expect(f"good_{i}.html", OK, contains=MARK)
                                         for i in range(GOOD_PAGES)]))
    return cases


def remove_deep_folders(root: Path) -> None:
    """Remove the deep_folders case's tree bottom up (shutil.rmtree, as pytest and
    tempfile use it, recurses once per level and would fail on it)."""
    for base in root.glob("*/deep_folders"):
        folder = base
        while (folder / "f").is_dir():
            folder = folder / "f"
        for child in folder.iterdir():
            child.unlink()
        while folder != base:
            folder.rmdir()
            folder = folder.parent


def inputs(root: Path, cases: list[Case]) -> list[Path]:
    """What a run over the built corpus names: the corpus folder, then the named paths."""
    out = [root / "corpus"] if (root / "corpus").exists() else []
    return out + [p for c in cases for p in c.named]
