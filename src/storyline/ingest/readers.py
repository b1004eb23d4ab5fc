"""Readers: one input file -> RawDocuments, with failures as documents too.

A reader never raises for bad input. A file or record that cannot be read
becomes a RawDocument with `error` set, named by file (and record), so the
run goes on and the failure is stored and reported.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.ingest.discover import suffix_of
from storyline.records import (
    KIND_HTML,
    KIND_JSONL,
    KIND_TEXT,
    MAX_DOCUMENT_BYTES,
    RawDocument,
    content_id,
)

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _failed(source: str, error: str, data: bytes | None = None) -> RawDocument:
    key = data if data else f"{source}\0{error}".encode()
    return RawDocument(id=content_id(key), source=source, kind="failed",
                       content=data or b"", error=error)


def _too_large(size: int) -> str:
    return f"document too large: {size} bytes (limit {MAX_DOCUMENT_BYTES})"


def _gunzip(data: bytes) -> bytes:
    """Decompress gzip with a size cap (a small file can expand enormously)."""
    inflater = zlib.decompressobj(wbits=31)
    out = inflater.decompress(data, MAX_DOCUMENT_BYTES + 1)
    if len(out) > MAX_DOCUMENT_BYTES:
        raise ValueError(_too_large(len(out)) + " after decompression")
    if not inflater.eof:
        raise EOFError("compressed file ended before the end-of-stream marker")
    return out


def read_plain(path: Path, kind: str) -> Iterator[RawDocument]:
    """An .html/.htm/.txt file, or a gzipped .html.gz, as one document."""
    source = str(path)
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            yield _failed(source, f"{_too_large(path.stat().st_size)}")
            return
        data = path.read_bytes()
    except OSError as err:
        yield _failed(source, f"cannot read file: {err.strerror or err}")
        return
    if source.lower().endswith(".gz"):
        try:
            data = _gunzip(data)
        except (OSError, EOFError, zlib.error) as err:
            yield _failed(source, f"corrupt or truncated gzip: {err}", data)
            return
        except ValueError as err:
            yield _failed(source, str(err), data)
            return
    if not data.strip():
        yield _failed(source, "empty file")
        return
    yield RawDocument(id=content_id(data), source=source, kind=kind, content=data)


def read_jsonl(path: Path) -> Iterator[RawDocument]:
    """One document per non-blank line; a malformed line fails alone."""
    try:
        handle = path.open("rb")
    except OSError as err:
        yield _failed(str(path), f"cannot read file: {err.strerror or err}")
        return
    with handle:
        for lineno, line in enumerate(handle, start=1):
            line = line.rstrip(b"\r\n")
            if not line.strip():
                continue
            source = f"{path}:{lineno}"
            try:
                record = json.loads(line.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as err:
                yield _failed(source, f"malformed JSON on line {lineno}: {err}", line)
                continue
            if not isinstance(record, dict):
                yield _failed(source, f"line {lineno} is not a JSON object", line)
                continue
            url = record.get("url") if isinstance(record.get("url"), str) else None
            hints = {k: record[k] for k in ("title", "published", "site", "author", "language")
                     if isinstance(record.get(k), str) and record[k].strip()}
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


def read_warc(path: Path) -> Iterator[RawDocument]:
    """HTTP response records carrying HTML; other records are skipped.

    A truncated or corrupt archive yields every record before the damage,
    then one failed document naming the file and the record number.
    """
    try:
        if not _is_warc(path):
            yield _failed(str(path), "not a WARC file (no WARC/ version line at the start)")
            return
        handle = path.open("rb")
    except OSError as err:
        yield _failed(str(path), f"cannot read file: {err.strerror or err}")
        return
    number = 0
    with handle:
        try:
            for record in ArchiveIterator(handle, arc2warc=False):
                number += 1
                if not record.format.startswith("warc"):
                    raise ValueError("record is not a WARC record")
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = record.http_headers.get_header("Content-Type") or ""
                if not ctype.lower().startswith(HTML_TYPES):
                    continue
                source = f"{path}#{number}"
                payload = record.content_stream().read(MAX_DOCUMENT_BYTES + 1)
                if len(payload) > MAX_DOCUMENT_BYTES:
                    yield _failed(source, _too_large(len(payload)), payload[:1024])
                    continue
                if getattr(record.raw_stream, "limit", 0):
                    # warcio hands back a short payload when the file ends early
                    raise EOFError(f"record ends {record.raw_stream.limit} bytes early")
                hints = {}
                charset = _charset(ctype)
                if charset:
                    hints["charset"] = charset
                yield RawDocument(
                    id=content_id(payload), source=source, kind=KIND_HTML, content=payload,
                    url=record.rec_headers.get_header("WARC-Target-URI"),
                    retrieved_at=record.rec_headers.get_header("WARC-Date"), hints=hints,
                )
        except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError) as err:
            detail = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            yield _failed(f"{path}#{max(number, 1)}",
                          f"truncated or corrupt WARC at record {max(number, 1)}: {detail}")


def read_path(path: Path) -> Iterator[RawDocument]:
    """Dispatch on the file's suffix."""
    suffix = suffix_of(path)
    if suffix in (".html", ".htm", ".html.gz", ".htm.gz"):
        return read_plain(path, KIND_HTML)
    if suffix == ".txt":
        return read_plain(path, KIND_TEXT)
    if suffix == ".jsonl":
        return read_jsonl(path)
    if suffix in (".warc", ".warc.gz"):
        return read_warc(path)
    return iter([_failed(str(path), f"unsupported file type: {path.name}")])
