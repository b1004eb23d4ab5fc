"""Export the store as JSON Lines or Parquet files (one file per record type).

Every record is a read model's public shape (`to_json`, docs/export.md). The
Parquet files carry the same records under a fixed schema (`SCHEMA`): nested
objects as STRUCTs and lists as LISTs, so that a reader gets back exactly the
JSON Lines records, typed, and an empty file still has its columns.

The export is written whole or not at all: into a hidden folder beside the
target, renamed into place when every file is written. It goes into a new
or empty folder, or replaces an earlier export (a folder that holds exactly
the export's files); a folder with other files is refused unless `force`,
which replaces the export's files in it and keeps the others.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
from pathlib import Path

import duckdb

from storyline.query import queries
from storyline.query.models import article_json
from storyline.store import Store

#: The public JSON shape of one extracted article (documented in docs/export.md).
article_record = article_json

#: The record types an export writes, in the order it writes them.
NAMES = ("articles", "stories", "copies", "quotes", "claims", "times", "entities", "events",
         "numbers_skipped")
#: The export formats: `storyline export --format`.
FORMATS = ("jsonl", "parquet")
#: The files a JSON Lines export writes, in the order it writes them.
FILES = tuple(f"{name}.jsonl" for name in NAMES)
#: The files a Parquet export writes.
PARQUET_FILES = tuple(f"{name}.parquet" for name in NAMES)

# -- the schema of every record (docs/export.md) ----------------------------------------
# A type is a DuckDB scalar type name, a dict (a STRUCT: field -> type, in key order) or a
# one-item list (a LIST of that type). Every value may be null.

_S, _I, _F, _B = "VARCHAR", "BIGINT", "DOUBLE", "BOOLEAN"
_SPAN = {"article": _S, "start": _I, "end": _I}
_REF = {"entity": _S, "name": _S}

#: {record type: {field: type}}, fields in the order of the JSON Lines records.
SCHEMA: dict[str, dict] = {
    "articles": {
        "id": _S, "source": _S, "url": _S, "site": _S, "title": _S, "dek": _S, "author": _S,
        "published": _S, "published_evidence": _S,
        "date_evidence": [{"source": _S, "value": _S, "raw": _S}],
        "language": _S, "section": _S, "tags": [_S], "text": _S,
        "dropped": [{"text": _S, "reason": _S}], "status": _S, "error": _S,
        "independence_key": _S, "copy_group": _S, "relation": _S, "similarity": _F,
        "misdated": _B, "misdated_reason": _S, "likely_period": _S, "story": _S},
    "stories": {"id": _S, "label": [_S], "entities": [_S], "size": _I, "first": _S,
                "last": _S, "articles": [_S]},
    "copies": {"group": _S, "origin": _S, "origin_reason": _S,
               "members": [{"article": _S, "relation": _S, "similarity": _F, "misdated": _B,
                            "misdated_reason": _S}]},
    "quotes": {"id": _S, "text": _S, "kind": _S, "speaker": _REF, "verb": _S, "medium": _S,
               "n_sources": _I, "first_date": _S, "mentions": [_SPAN]},
    "claims": {"id": _S, "value": _F, "low": _F, "high": _F, "qualifier": _S, "unit": _S,
               "counted": _S, "kind": _S, "source": _REF, "as_of": _S, "group": _S,
               "agreement": _S, "n_sources": _I, "mentions": [_SPAN],
               "independent_reports": _I, "subject": _S, "sentences": [_SPAN], "reason": _S},
    "times": {"article": _S, "start": _I, "end": _I, "text": _S, "type": _S, "value": _S,
              "precision": _S, "low": _S, "high": _S, "modifier": _S},
    "entities": {"id": _S, "name": _S, "type": _S, "aliases": [_S], "roles": [_S],
                 "country": _S, "mentions": [_SPAN | {"text": _S}]},
    "events": {"id": _S, "type": _S, "mode": _S, "status": _S, "actors": [_REF],
               "targets": [_REF], "place": _S, "when": {"value": _S, "precision": _S},
               "sources": _I, "mentions": [_SPAN | {"status": _S}]},
    "numbers_skipped": {"article": _S, "start": _I, "end": _I, "text": _S, "reason": _S},
}


class ExportError(Exception):
    """The export folder cannot be used; the message says why in one sentence."""


class SchemaError(ExportError):
    """A record does not fit the export's schema (the read model and `SCHEMA` disagree)."""


def write_jsonl(path: Path, records) -> int:
    """Write records one JSON object per line; returns the count."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=False))
            out.write("\n")
            count += 1
    return count


def duck_type(kind) -> str:
    """The DuckDB type of a `SCHEMA` type."""
    if isinstance(kind, dict):
        fields = ", ".join(f'"{name}" {duck_type(sub)}' for name, sub in kind.items())
        return f"STRUCT({fields})"
    if isinstance(kind, list):
        return f"{duck_type(kind[0])}[]"
    return kind


_SCALARS = {_S: (str,), _I: (int,), _F: (int, float), _B: (bool,)}


def _misfit(value, kind, where: str) -> str | None:
    """Why `value` does not fit `kind` (naming the field at `where`), or None."""
    if value is None:
        return None
    if isinstance(kind, dict):
        if not isinstance(value, dict):
            return f"{where} is {type(value).__name__}, the schema has an object"
        if value.keys() != kind.keys():
            extra = sorted(set(value) - set(kind)) or sorted(set(kind) - set(value))
            side = "is not in the schema" if set(value) - set(kind) else "is missing"
            return f"{where}.{extra[0]} {side}"
        for name, sub in kind.items():
            why = _misfit(value[name], sub, f"{where}.{name}")
            if why:
                return why
        return None
    if isinstance(kind, list):
        if not isinstance(value, list):
            return f"{where} is {type(value).__name__}, the schema has a list"
        for n, item in enumerate(value):
            why = _misfit(item, kind[0], f"{where}[{n}]")
            if why:
                return why
        return None
    if isinstance(value, bool) != (kind == _B) or not isinstance(value, _SCALARS[kind]):
        return f"{where} is {type(value).__name__} {value!r:.40}, the schema has {kind}"
    return None


def _fitted(name: str, records):
    """The records, each checked against `SCHEMA[name]`: a field the schema lacks would
    be dropped from the Parquet file silently, so it stops the export instead."""
    schema = SCHEMA[name]
    for n, record in enumerate(records, 1):
        why = _misfit(record, schema, "record")
        if why:
            label = record.get("id") or record.get("group") or record.get("article")
            raise SchemaError(f"{name}.parquet, record {n}"
                              + (f" ({label})" if isinstance(label, str) else "")
                              + f": {why.removeprefix('record.')} (see docs/export.md)")
        yield record


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write_parquet(path: Path, name: str, records) -> int:
    """Write records of type `name` as one Parquet file; returns the count. They go
    through a JSON Lines file beside it (removed after), which DuckDB reads under the
    fixed schema and copies out single-threaded, so the bytes depend only on the
    records (and the DuckDB version)."""
    staged = path.with_name(f".{path.stem}.staged.jsonl")
    try:
        count = write_jsonl(staged, _fitted(name, records))
        columns = ", ".join(f"{_sql_text(field)}: {_sql_text(duck_type(kind))}"
                            for field, kind in SCHEMA[name].items())
        with duckdb.connect(":memory:", config={"threads": 1}) as con:
            con.execute(
                f"COPY (SELECT * FROM read_json({_sql_text(str(staged))}, "
                f"format = 'newline_delimited', columns = {{{columns}}}, "
                f"maximum_object_size = 2147483647)) "
                f"TO {_sql_text(str(path))} (FORMAT parquet, COMPRESSION zstd)")
    except duckdb.Error as error:  # a full disk, a read-only folder: one line, not a trace
        reason = str(error).strip().splitlines()[0]
        raise ExportError(f"DuckDB could not write {path.name} ({reason})") from error
    finally:
        staged.unlink(missing_ok=True)
    return count


def _file_sets() -> tuple[set[str], ...]:
    return set(FILES), set(PARQUET_FILES)


def _is_export(folder: Path) -> bool:
    """True for a folder that holds exactly the files an export (of either format)
    writes."""
    entries = list(folder.iterdir())
    return ({e.name for e in entries} in _file_sets()) and all(e.is_file() for e in entries)


def check_target(out_dir: Path, force: bool = False, fmt: str = "jsonl") -> None:
    """Refuse, before any work, an export folder that would lose the user's files or
    cannot be written, or an unknown format."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"{out_dir} is a file, not a folder: give --out a new folder, or one "
                          "an export wrote before")
    if out_dir.is_dir():
        entries = sorted(e.name for e in out_dir.iterdir())
        if entries and not _is_export(out_dir) and not force:
            foreign = [name for name in entries if name not in FILES + PARQUET_FILES] or entries
            shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
            if foreign is entries:  # only export names, but not all of them
                raise ExportError(f"{out_dir} holds some of the export's files ({shown}) but "
                                  "not all of them (an older storyline's export, or files "
                                  "named like them): add --force to replace them, or give "
                                  "--out a new or empty folder")
            raise ExportError(f"{out_dir} holds files an export did not write ({shown}); give "
                              "--out a new or empty folder, or add --force to replace the "
                              "export's files in it and keep the others")
        folder = out_dir
    else:
        folder = out_dir.absolute().parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not folder.is_dir():
            raise ExportError(f"cannot write the export to {out_dir}: {folder} is a file, "
                              "not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write the export to {out_dir}: the folder {folder} is "
                          "read-only")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, another user's
        return True
    return True


def _scratch(out_dir: Path, kind: str) -> Path:
    """A hidden folder beside `out_dir` for this process (`kind`: export or old); the
    ones a killed export left behind are removed first."""
    for left in out_dir.parent.glob(f".{glob.escape(out_dir.name)}.*-storyline-*"):
        pid = left.name.rpartition("-")[2]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(left, ignore_errors=True)
    path = out_dir.parent / f".{out_dir.name}.{kind}-storyline-{os.getpid()}"
    shutil.rmtree(path, ignore_errors=True)
    return path


def _put_in_place(written: Path, out_dir: Path, names: tuple[str, ...]) -> None:
    """Move the finished export into `out_dir`: a rename when the folder is new, empty
    or an earlier export; else (--force) file by file, keeping the other files."""
    if not out_dir.exists():
        written.rename(out_dir)
        return
    if not any(out_dir.iterdir()) or _is_export(out_dir):
        old = _scratch(out_dir, "old")
        out_dir.rename(old)
        try:
            written.rename(out_dir)
        except BaseException:
            old.rename(out_dir)
            raise
        shutil.rmtree(old, ignore_errors=True)
        return
    for name in names:
        (written / name).replace(out_dir / name)
    written.rmdir()


def export(store: Store, out_dir: Path, force: bool = False,
           fmt: str = "jsonl") -> dict[str, int]:
    """Write every export file into `out_dir` as JSON Lines or Parquet (`fmt`), as a
    whole; returns {file name: records}. Each view is read once, when its file is
    written, and let go after. Raises ExportError (or OSError, leaving `out_dir` as it
    was) when it cannot."""
    check_target(out_dir, force, fmt)
    if out_dir.is_symlink():
        out_dir = out_dir.resolve()
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    files = {
        "articles": lambda: (a.to_json() for a in queries.articles(store)),
        "stories": lambda: (s.to_json() for s in queries.stories(store)),
        "copies": lambda: (g.to_json() for g in queries.copy_groups(store)),
        "quotes": lambda: (q.to_json() for q in queries.quotes(store)),
        "claims": lambda: (c.to_json() for c in queries.claims(store)),
        "times": lambda: (t.to_json() for t in queries.times(store)),
        "entities": lambda: (e.to_json()
                             for e in queries.entities(store, with_mentions=True)),
        "events": lambda: (e.to_json() for e in queries.events(store)),
        "numbers_skipped": lambda: (n.to_json() for n in queries.numbers_skipped(store)),
    }
    scratch = _scratch(out_dir, "export")
    scratch.mkdir()
    try:
        if fmt == "parquet":
            counts = {f"{name}.parquet": write_parquet(scratch / f"{name}.parquet", name,
                                                       records())
                      for name, records in files.items()}
        else:
            counts = {f"{name}.jsonl": write_jsonl(scratch / f"{name}.jsonl", records())
                      for name, records in files.items()}
        _put_in_place(scratch, out_dir, tuple(counts))
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return counts
