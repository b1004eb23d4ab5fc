"""Readers: one input file -> RawDocuments, with failures as documents too.

A reader never raises for bad input. A file or record that cannot be read
becomes a RawDocument with `error` set, named by file (and record), so the
run goes on and the failure is stored and reported.
"""

from __future__ import annotations

import codecs
import json
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecordLoader

from storyline.ingest.discover import display_path, suffix_of
from storyline.records import (
    HINT_DROPPED,
    KIND_HTML,
    KIND_JSONL,
    KIND_TEXT,
    MAX_DOCUMENT_BYTES,
    RawDocument,
    content_id,
    unreadable_id,
)

HTML_TYPES = ("text/html", "application/xhtml+xml")
GZIP_MAGIC = b"\x1f\x8b"
#: A page URL longer than this is not a page URL; it is dropped with a note.
MAX_URL_CHARS = 4096
_URL_SCHEMES = ("http", "https")


def _failed(source: str, error: str, data: bytes | None = None) -> RawDocument:
    """A document the reader could not use. Its id is never the id a good read of
    the same bytes gets (`unreadable_id`), so it cannot block one."""
    doc_id = unreadable_id(data) if data else content_id(f"{source}\0{error}".encode())
    return RawDocument(id=doc_id, source=source, kind="failed", content=data or b"",
                       error=error)


def _too_large(size: int) -> str:
    return f"document too large: {size} bytes (limit {MAX_DOCUMENT_BYTES})"


def checked_url(value) -> tuple[str | None, list[str] | None]:
    """(`value` as a page URL, None), or (None, [what, why]) when it cannot be one:
    not a string, not http(s), unparseable (``http://[::1/broken``), too long."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if not isinstance(value, str):
        shown = json.dumps(value, ensure_ascii=False, default=str)[:200]
        return None, [shown, f"url is a {type(value).__name__}, not a string: not used"]
    url = value.strip()
    problem = None
    if len(url) > MAX_URL_CHARS:
        problem = f"longer than {MAX_URL_CHARS} characters"
    elif any(ord(ch) < 32 or ord(ch) == 127 for ch in url):
        problem = "control characters in it"
    else:
        try:
            parts = urlsplit(url)
            host, _ = parts.hostname, parts.port
        except ValueError as err:
            problem = str(err)
        else:
            if parts.scheme.lower() not in _URL_SCHEMES:
                problem = "not an http or https URL"
            elif not host:
                problem = "no host"
    if problem:
        return None, [url[:200], f"invalid URL ({problem}): not used"]
    return url, None


def _gunzip(data: bytes) -> tuple[bytes, list[str] | None]:
    """Decompress every member of a gzip stream, with a size cap (a small file can
    expand enormously). Returns the bytes and a note on trailing non-gzip bytes."""
    out: list[bytes] = []
    size, rest, members = 0, data, 0
    while rest:
        inflater = zlib.decompressobj(wbits=31)
        chunk = inflater.decompress(rest, MAX_DOCUMENT_BYTES + 1 - size)
        size += len(chunk)
        out.append(chunk)
        if size > MAX_DOCUMENT_BYTES:
            raise ValueError(_too_large(size) + " after decompression")
        if not inflater.eof:
            if inflater.unconsumed_tail:  # stopped at the cap, not at the end
                raise ValueError(_too_large(size + 1) + " after decompression")
            raise EOFError("compressed file ended before the end-of-stream marker")
        members += 1
        rest = inflater.unused_data.lstrip(b"\0")  # zero padding after a member is allowed
        if rest and not rest.startswith(GZIP_MAGIC):
            return b"".join(out), [f"{len(rest)} bytes",
                                   f"bytes after gzip member {members} are not gzip: not read"]
    return b"".join(out), None


def read_plain(path: Path, kind: str, name: str | None = None) -> Iterator[RawDocument]:
    """An .html/.htm/.txt file, or a gzipped .html.gz, as one document.

    Every member of a multi-member gzip file is kept; a file named .gz that
    is not compressed is read as it is, with a note.
    """
    source = name or display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            yield _failed(source, f"{_too_large(size)}")
            return
        with path.open("rb") as handle:
            data = handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as err:
        yield _failed(source, f"cannot read file: {err.strerror or err}")
        return
    if len(data) > MAX_DOCUMENT_BYTES:  # grew since stat
        yield _failed(source, _too_large(len(data)))
        return
    notes: list[list[str]] = []
    if source.lower().endswith(".gz"):
        if data.startswith(GZIP_MAGIC):
            try:
                data, note = _gunzip(data)
            except (OSError, EOFError, zlib.error) as err:
                yield _failed(source, f"corrupt or truncated gzip: {err}", data)
                return
            except ValueError as err:
                yield _failed(source, str(err), data)
                return
            if note:
                notes.append(note)
        elif data.strip():
            notes.append([path.name, "named .gz but not gzip-compressed: read as it is"])
    if not data.removeprefix(codecs.BOM_UTF8).strip():
        yield _failed(source, "empty file")
        return
    yield RawDocument(id=content_id(data), source=source, kind=kind, content=data,
                      hints={HINT_DROPPED: notes} if notes else {})


def _lines(handle) -> Iterator[tuple[bytes, int]]:
    """(line, length) of each line, a line longer than the document limit cut to
    its first KB (its full length is given) and the rest skipped unread."""
    while True:
        line = handle.readline(MAX_DOCUMENT_BYTES + 1)
        if not line:
            return
        length = len(line)
        if length > MAX_DOCUMENT_BYTES and not line.endswith(b"\n"):
            head = line[:1024]
            while line and not line.endswith(b"\n"):
                line = handle.readline(1 << 20)
                length += len(line)
            yield head, length
            continue
        yield line, length


def read_jsonl(path: Path, name: str | None = None) -> Iterator[RawDocument]:
    """One document per non-blank line; a malformed line fails alone."""
    name = name or display_path(path)
    try:
        handle = path.open("rb")
    except OSError as err:
        yield _failed(name, f"cannot read file: {err.strerror or err}")
        return
    with handle:
        try:
            yield from _jsonl_records(handle, name)
        except OSError as err:
            yield _failed(name, f"cannot read file: {err.strerror or err}")


def _jsonl_records(handle, name: str) -> Iterator[RawDocument]:
    for lineno, (line, length) in enumerate(_lines(handle), start=1):
        line = line.rstrip(b"\r\n")
        if not line.strip():
            continue
        source = f"{name}:{lineno}"
        if length > MAX_DOCUMENT_BYTES:
            yield _failed(source, f"line {lineno}: {_too_large(length)}", line[:1024])
            continue
        try:
            record = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            yield _failed(source, f"malformed JSON on line {lineno}: {err}", line)
            continue
        except RecursionError:
            yield _failed(source, f"line {lineno}: JSON nested too deep to read", line)
            continue
        if not isinstance(record, dict):
            yield _failed(source, f"line {lineno} is not a JSON object", line)
            continue
        url, note = checked_url(record.get("url"))
        hints: dict = {k: record[k] for k in ("title", "published", "site", "author", "language")
                       if isinstance(record.get(k), str) and record[k].strip()}
        if note:
            hints[HINT_DROPPED] = [note]
        yield RawDocument(id=content_id(line), source=source, kind=KIND_JSONL,
                          content=line, url=url, hints=hints)


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _is_warc(path: Path) -> bool:
    """True when the file starts with a WARC version line (gzipped or not)."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 16)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


class _Loader(ArcWarcRecordLoader):
    """warcio's record loader, for a record without a WARC-Target-URI too (warcio
    itself fails on one with an AttributeError, ending the whole archive)."""

    def load_http_headers(self, rec_type, uri, stream, length):
        return super().load_http_headers(rec_type, uri or "", stream, length)


def _records(handle) -> ArchiveIterator:
    records = ArchiveIterator(handle, arc2warc=False)
    records.loader = _Loader(verify_http=False, arc2warc=False)
    return records


def read_warc(path: Path, name: str | None = None) -> Iterator[RawDocument]:
    """HTTP response records carrying HTML; other records are skipped.

    A truncated or corrupt archive yields every record before the damage,
    then one failed document naming the file and the record number. A
    response without a target URI fails alone; an invalid target URI is
    dropped with a note.
    """
    name = name or display_path(path)
    try:
        if not _is_warc(path):
            yield _failed(name, "not a WARC file (no WARC/ version line at the start)")
            return
        handle = path.open("rb")
    except OSError as err:
        yield _failed(name, f"cannot read file: {err.strerror or err}")
        return
    number = 0
    with handle:
        try:
            for record in _records(handle):
                number += 1
                if not record.format.startswith("warc"):
                    raise ValueError("record is not a WARC record")
                if record.rec_type != "response":
                    continue
                source = f"{name}#{number}"
                target = record.rec_headers.get_header("WARC-Target-URI")
                if not target:
                    block = record.raw_stream.read(MAX_DOCUMENT_BYTES)
                    yield _failed(source, f"WARC response record {number} has no "
                                          "WARC-Target-URI: not read", block)
                    continue
                if record.http_headers is None:
                    continue
                ctype = record.http_headers.get_header("Content-Type") or ""
                if not ctype.lower().startswith(HTML_TYPES):
                    continue
                payload = record.content_stream().read(MAX_DOCUMENT_BYTES + 1)
                if len(payload) > MAX_DOCUMENT_BYTES:
                    yield _failed(source, _too_large(len(payload)), payload[:1024])
                    continue
                if getattr(record.raw_stream, "limit", 0):
                    # warcio hands back a short payload when the file ends early
                    raise EOFError(f"record ends {record.raw_stream.limit} bytes early")
                hints: dict = {}
                charset = _charset(ctype)
                if charset:
                    hints["charset"] = charset
                url, note = checked_url(target)
                if note:
                    hints[HINT_DROPPED] = [note]
                yield RawDocument(
                    id=content_id(payload), source=source, kind=KIND_HTML, content=payload,
                    url=url, retrieved_at=record.rec_headers.get_header("WARC-Date"),
                    hints=hints,
                )
        except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError, AttributeError,
                TypeError, IndexError) as err:
            # warcio raises these on damaged headers; the records before are kept
            detail = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            yield _failed(f"{name}#{max(number, 1)}",
                          f"truncated or corrupt WARC at record {max(number, 1)}: {detail}")


def read_path(path: Path, name: str | None = None) -> Iterator[RawDocument]:
    """Dispatch on the file's suffix. Only regular files are opened (a named pipe
    would block the run). `name` is how documents name the file (default: the path as
    given); a Dask worker opens the absolute path and names the file as the user did."""
    name = name or display_path(path)
    try:
        mode = path.stat().st_mode
    except OSError as err:
        return iter([_failed(name, f"cannot read file: {err.strerror or err}")])
    if not stat.S_ISREG(mode):
        return iter([_failed(name, "not a regular file: not read")])
    suffix = suffix_of(path)
    if suffix in (".html", ".htm", ".html.gz", ".htm.gz"):
        return read_plain(path, KIND_HTML, name)
    if suffix == ".txt":
        return read_plain(path, KIND_TEXT, name)
    if suffix == ".jsonl":
        return read_jsonl(path, name)
    if suffix in (".warc", ".warc.gz"):
        return read_warc(path, name)
    return iter([_failed(name, f"unsupported file type: {display_path(path.name)}")])
