"""Bytes to text: honour declared charsets, detect the rest, never crash.

A page is judged binary by its whole sample (the share of NUL and control
bytes) or by a real binary signature, never by one stray byte; control
characters left in decoded text are removed, because one of them makes the
HTML parser drop the paragraph (or the page) it sits in. Mojibake (UTF-8 read
once as Windows-1252 or Latin-1 upstream: "PeÃ±a", "itâ€™s") is repaired with
ftfy, because such a name would otherwise be another entity than its correct
spelling elsewhere in the corpus.
"""

from __future__ import annotations

import codecs
import re
import threading
import unicodedata

from charset_normalizer import from_bytes
from ftfy import fix_encoding

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)

#: How much of a document is looked at to judge whether it is binary.
SAMPLE_BYTES = 65536
#: Share of NUL and control bytes (not tab, newline, form feed or carriage
#: return) above which a sample is binary; text with a few stray ones is not.
BINARY_SHARE = 0.05
#: Signatures of binary formats that turn up misnamed as pages.
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"), (b"GIF89a", "GIF image"), (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"), (b"\x1f\x8b", "gzip data"), (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"), (b"(\xb5/\xfd", "zstd data"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"), (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"), (b"MZ\x90\x00", "Windows executable"),
    (b"SQLite format 3\x00", "SQLite database"), (b"wOFF", "web font"), (b"wOF2", "web font"),
    (b"OggS", "Ogg media"), (b"ID3", "MP3 audio"), (b"\x1aE\xdf\xa3", "Matroska/WebM video"),
)
_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32)) + b"\x7f"
_ASCII = bytes(range(128))
#: Control characters that break parsing, and terminal escape sequences whole.
_CONTROLS = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]")
#: A lead byte of a two- or three-byte UTF-8 character read as Windows-1252 or Latin-1,
#: followed by what a continuation byte reads as there: the shape of every mojibake
#: ftfy repairs. Text without it (nearly all) skips ftfy's slower judgement.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00ef][\u00a0-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]")


#: Combining marks: some mojibake reaches us decomposed (NFD), its "Ã" an "A" and a
#: combining tilde, which the shape above does not see until it is composed.
_COMBINING = re.compile("[\u0300-\u036f]")


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can recognise."""


def _known(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def strip_controls(text: str) -> str:
    """`text` without control characters (tab, newline, carriage return, vertical
    tab and form feed stay) and without terminal escape sequences."""
    return _CONTROLS.sub("", text)


def repair_mojibake(text: str) -> str:
    """`text` with mojibake repaired ("JuÃ¡rez" -> "Juárez", "â€œ" -> a quote mark).

    Only `ftfy.fix_encoding` runs (no other normalisation), and only on text that
    has the shape of mojibake; ftfy changes text only where its re-decoding is
    plainly better, so correct accented text stays as it is.
    """
    if _MOJIBAKE.search(text):
        return fix_encoding(text)
    if _COMBINING.search(text):  # mojibake written decomposed: "A" + a combining tilde + "§"
        composed = unicodedata.normalize("NFC", text)
        if _MOJIBAKE.search(composed) and (fixed := fix_encoding(composed)) != composed:
            return fixed
    return text


def clean_text(text: str) -> str:
    """Text as the extractors read it: mojibake repaired, control characters removed."""
    return strip_controls(repair_mojibake(text))


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for UTF-16 text that lacks a BOM (every other byte
    a NUL on one side only), else None."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 16:
        return None
    even, odd = sample[0 : pairs * 2 : 2].count(0), sample[1 : pairs * 2 : 2].count(0)
    if odd >= 0.3 * pairs and even <= 0.01 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.01 * pairs:
        return "utf-16-be"
    return None


def binary_kind(data: bytes) -> str | None:
    """What binary content `data` is ("PNG image", "binary data"), or None for text.

    Judged by a signature at the start or by the share of NUL and control bytes
    in the whole sample, so one stray byte in a page does not make it binary.
    """
    sample = data[:SAMPLE_BYTES]
    if not sample:
        return None
    if sample.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return None
    for signature, kind in SIGNATURES:
        if sample.startswith(signature):
            return kind
    if _utf16_without_bom(sample):
        return None
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return "binary data" if controls / len(sample) > BINARY_SHARE else None


def looks_binary(data: bytes) -> bool:
    """True for bytes that are clearly not a text page (see `binary_kind`)."""
    return binary_kind(data) is not None


class _Fallback(threading.local):
    bad = 0


_fallback = _Fallback()


def _cp1252_bytes(err: UnicodeDecodeError) -> tuple[str, int]:
    bad = err.object[err.start : err.end]
    _fallback.bad += len(bad)
    return bad.decode("cp1252", errors="replace"), err.end


codecs.register_error("storyline-cp1252", _cp1252_bytes)


def _mostly_utf8(data: bytes) -> str | None:
    """Decode UTF-8 with stray legacy bytes (mixed encodings) as cp1252.

    Pages pasted together from several systems are mostly UTF-8 with a few
    Windows-1252 characters; a whole-page guess would garble the UTF-8 part.
    Returns None unless valid multi-byte UTF-8 characters outnumber the invalid
    sequences (a page in a legacy encoding has a few valid-looking ones by chance).
    """
    replaced = data.decode("utf-8", errors="replace")  # C speed: sizes the job first
    bad = replaced.count("\ufffd") - data.count("\ufffd".encode())
    valid = len(replaced) - len(replaced.encode("ascii", errors="ignore")) - bad
    if valid <= bad:
        return None  # a legacy encoding throughout, not UTF-8 with stray bytes
    _fallback.bad = 0
    text = data.decode("utf-8", errors="storyline-cp1252")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    multibyte = non_ascii - _fallback.bad
    if multibyte <= 0:
        return None
    return text


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode page bytes to str, mojibake repaired and without control characters
    (`clean_text`).

    Order: BOM, the declared (HTTP) charset, a <meta charset> in the first
    4 KB, strict UTF-8, then charset-normalizer's best guess. Raises
    DecodeError for binary junk.
    """
    return clean_text(_decode(data, declared))


def _decode(data: bytes, declared: str | None) -> str:
    kind = binary_kind(data)
    if kind is not None:
        raise DecodeError(f"binary content ({kind}), not a text or HTML page")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace").lstrip("\ufeff")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace")
    candidates = []
    if declared:
        candidates.append(declared)
    m = _META_CHARSET.search(data[:4096])
    if m:
        candidates.append(m.group(1).decode("ascii", "ignore"))
    for name in candidates:
        enc = _known(name)
        if enc is None or enc.startswith(("utf-16", "utf-32")):
            continue  # a declaration readable as ASCII is not in UTF-16 (nor UTF-32)
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue  # declared charset is wrong: fall through to detection
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mixed = _mostly_utf8(data)
    if mixed is not None:
        return mixed
    sample = data[:SAMPLE_BYTES]
    ascii_share = (len(sample) - len(sample.translate(None, _ASCII))) / len(sample)
    if ascii_share >= 0.7:
        # Mostly-ASCII Western page with a few legacy bytes: cp1252 is the
        # browsers' own fallback, and detectors misfire on so little signal.
        return data.decode("cp1252", errors="replace")
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("undecodable bytes: no text encoding fits")
    return str(best)
