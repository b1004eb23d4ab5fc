"""Export the store as JSON Lines files (one file per record type).

Every record is a read model's public shape (`to_json`, docs/export.md).

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

from storyline.query import queries
from storyline.query.models import article_json
from storyline.store import Store

#: The public JSON shape of one extracted article (documented in docs/export.md).
article_record = article_json

#: The files an export writes, in the order it writes them.
FILES = ("articles.jsonl", "stories.jsonl", "copies.jsonl", "quotes.jsonl", "claims.jsonl",
         "times.jsonl", "entities.jsonl", "events.jsonl", "numbers_skipped.jsonl")


class ExportError(Exception):
    """The export folder cannot be used; the message says why in one sentence."""


def write_jsonl(path: Path, records) -> int:
    """Write records one JSON object per line; returns the count."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=False))
            out.write("\n")
            count += 1
    return count


def _is_export(folder: Path) -> bool:
    """True for a folder that holds exactly the files an export writes."""
    entries = list(folder.iterdir())
    return {e.name for e in entries} == set(FILES) and all(e.is_file() for e in entries)


def check_target(out_dir: Path, force: bool = False) -> None:
    """Refuse, before any work, an export folder that would lose the user's files or
    cannot be written."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"{out_dir} is a file, not a folder: give --out a new folder, or one "
                          "an export wrote before")
    if out_dir.is_dir():
        entries = sorted(e.name for e in out_dir.iterdir())
        if entries and not _is_export(out_dir) and not force:
            foreign = [name for name in entries if name not in FILES] or entries
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


def _put_in_place(written: Path, out_dir: Path) -> None:
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
    for name in FILES:
        (written / name).replace(out_dir / name)
    written.rmdir()


def export(store: Store, out_dir: Path, force: bool = False) -> dict[str, int]:
    """Write every export file into `out_dir`, as a whole; returns {file name: records}.
    Each view is read once, when its file is written, and let go after. Raises
    ExportError (or OSError, leaving `out_dir` as it was) when it cannot."""
    check_target(out_dir, force)
    if out_dir.is_symlink():
        out_dir = out_dir.resolve()
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    files = {
        "articles.jsonl": lambda: (a.to_json() for a in queries.articles(store)),
        "stories.jsonl": lambda: (s.to_json() for s in queries.stories(store)),
        "copies.jsonl": lambda: (g.to_json() for g in queries.copy_groups(store)),
        "quotes.jsonl": lambda: (q.to_json() for q in queries.quotes(store)),
        "claims.jsonl": lambda: (c.to_json() for c in queries.claims(store)),
        "times.jsonl": lambda: (t.to_json() for t in queries.times(store)),
        "entities.jsonl": lambda: (e.to_json()
                                   for e in queries.entities(store, with_mentions=True)),
        "events.jsonl": lambda: (e.to_json() for e in queries.events(store)),
        "numbers_skipped.jsonl": lambda: (n.to_json() for n in queries.numbers_skipped(store)),
    }
    scratch = _scratch(out_dir, "export")
    scratch.mkdir()
    try:
        counts = {name: write_jsonl(scratch / name, records()) for name, records in files.items()}
        _put_in_place(scratch, out_dir)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return counts
