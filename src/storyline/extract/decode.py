"""Bytes to text: honour declared charsets, detect the rest, never crash."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can recognise."""


def _known(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def looks_binary(data: bytes) -> bool:
    """True for bytes that are clearly not a text page (NULs, control bytes)."""
    head = data[:8192]
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) > 0.05


def _mostly_utf8(data: bytes) -> str | None:
    """Decode UTF-8 with stray legacy bytes (mixed encodings) as cp1252.

    Pages pasted together from several systems are mostly UTF-8 with a few
    Windows-1252 characters; a whole-page guess would garble the UTF-8 part.
    Returns None when the bytes have real multi-byte UTF-8 sequences too rarely.
    """
    out: list[str] = []
    pos, bad = 0, 0
    while pos < len(data):
        try:
            out.append(data[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as err:
            out.append(data[pos : pos + err.start].decode("utf-8"))
            bad_bytes = data[pos + err.start : pos + err.end]
            out.append(bad_bytes.decode("cp1252", errors="replace"))
            bad += len(bad_bytes)
            pos += err.end
    text = "".join(out)
    multibyte = sum(1 for ch in text if ord(ch) > 127) - bad
    if multibyte <= 0:
        return None
    return text


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode page bytes to str.

    Order: BOM, the declared (HTTP) charset, a <meta charset> in the first
    4 KB, strict UTF-8, then charset-normalizer's best guess. Raises
    DecodeError for binary junk.
    """
    if looks_binary(data):
        raise DecodeError("binary content, not a text or HTML page")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace").lstrip("\ufeff")
    candidates = []
    if declared:
        candidates.append(declared)
    m = _META_CHARSET.search(data[:4096])
    if m:
        candidates.append(m.group(1).decode("ascii", "ignore"))
    for name in candidates:
        enc = _known(name)
        if enc is None:
            continue
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
    ascii_share = sum(1 for b in data[:65536] if b < 128) / min(len(data), 65536)
    if ascii_share >= 0.7:
        # Mostly-ASCII Western page with a few legacy bytes: cp1252 is the
        # browsers' own fallback, and detectors misfire on so little signal.
        return data.decode("cp1252", errors="replace")
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("undecodable bytes: no text encoding fits")
    return str(best)
