"""Find the input files under the paths a user names.

Folders are walked in sorted order, so runs are deterministic. What is named
or found but not read is said, with why: a named pipe or device (reading one
would block), a broken link or a link loop, a folder that cannot be listed,
and storyline's own outputs (its report and export files) left in an input
folder, which would otherwise come back as copies of the articles they show.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

SUPPORTED_SUFFIXES = (".html.gz", ".htm.gz", ".warc.gz", ".html", ".htm", ".txt", ".jsonl",
                      ".warc")

#: How a storyline HTML report names itself in its <head>: the generator tag,
#: and the title every report so far has had.
_REPORT_MARKS = (
    re.compile(rb"""<meta\s[^>]*name\s*=\s*["']?generator["']?[^>]*content\s*=\s*["']?storyline\b""",
               re.I),
    re.compile(rb"""<meta\s[^>]*content\s*=\s*["']?storyline\b[^>]*name\s*=\s*["']?generator\b""",
               re.I),
    re.compile(rb"<title>storyline report: "),
)
#: Export files (docs/export.md): name -> keys every record of that file has.
_EXPORT_KEYS = {
    "articles.jsonl": {"id", "source", "text", "dropped", "status", "independence_key",
                       "copy_group"},
    "claims.jsonl": {"id", "value", "qualifier", "counted", "agreement", "mentions"},
    "copies.jsonl": {"group", "origin", "origin_reason", "members"},
    "entities.jsonl": {"id", "name", "type", "aliases", "mentions"},
    "quotes.jsonl": {"id", "text", "kind", "speaker", "verb", "mentions"},
    "stories.jsonl": {"id", "label", "entities", "articles"},
    "times.jsonl": {"article", "start", "end", "type", "value", "precision"},
}
_HEAD_BYTES = 4096
_FIRST_LINE_BYTES = 8 * 1024 * 1024


def suffix_of(path: Path) -> str | None:
    """The supported (possibly double) suffix of `path`, lower-cased, or None."""
    name = path.name.lower()
    for suffix in SUPPORTED_SUFFIXES:
        if name.endswith(suffix):
            return suffix
    return None


def display_path(path: Path | str) -> str:
    """`path` as printable, storable text: bytes of a file name that are not
    UTF-8 are shown as backslash escapes (``caf\\xe9.html``)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def own_output(path: Path) -> str | None:
    """Why `path` is one of storyline's own outputs (a report or an export file), or None."""
    suffix = suffix_of(path)
    try:
        if suffix in (".html", ".htm"):
            with path.open("rb") as handle:
                head = handle.read(_HEAD_BYTES)
            if any(mark.search(head) for mark in _REPORT_MARKS):
                return "a storyline report, not an input page"
        elif suffix == ".jsonl" and path.name in _EXPORT_KEYS:
            with path.open("rb") as handle:
                first = handle.readline(_FIRST_LINE_BYTES)
            record = json.loads(first)
            if isinstance(record, dict) and _EXPORT_KEYS[path.name] <= record.keys():
                return "a storyline export file, not input records"
    except (OSError, ValueError, RecursionError):
        return None  # the reader says what is wrong with it
    return None


_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _not_regular(mode: int) -> str:
    what = next((name for test, name in _KINDS if test(mode)), "not a file or folder")
    return f"not a regular file ({what}): skipped"


@dataclass
class Discovery:
    """Input files in a stable order, and what was named or found but is not read."""

    files: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)
    unsupported: list[Path] = field(default_factory=list)
    #: (path, why) for what is skipped: pipes and devices, broken links and
    #: link loops, folders that cannot be listed, storyline's own outputs.
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def _link_problem(path: Path) -> str:
    """Why a path whose stat failed cannot be followed."""
    try:
        target = os.readlink(path)
    except OSError:
        return "cannot be read"
    try:
        path.stat()
    except OSError as err:
        if err.errno == errno.ELOOP:
            return f"symbolic link loop (-> {display_path(target)}): skipped"
    return f"broken symbolic link (-> {display_path(target)}): skipped"


def discover(paths: list[Path] | tuple[Path, ...]) -> Discovery:
    """Expand files and folders (recursively) into supported input files.

    Hidden files and unsupported types inside folders are ignored, while an
    unsupported file named explicitly is reported. Links are followed; a link
    back to a folder being walked is reported as a loop, not walked again.
    """
    found = Discovery()
    seen: set[Path] = set()

    def add(path: Path) -> None:
        reason = own_output(path)
        if reason:
            found.skipped.append((path, reason))
            return
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.files.append(path)

    def listing(folder: Path) -> list[str]:
        try:
            with os.scandir(folder) as entries:
                return sorted(entry.name for entry in entries if not entry.name.startswith("."))
        except OSError as err:
            found.skipped.append((folder, f"cannot read folder: {err.strerror or err}: "
                                          "skipped"))
            return []

    def walk(top: Path, key: tuple[int, int]) -> None:
        """Depth first in name order, with a stack (a folder tree can be deeper than
        Python's recursion limit); `ancestors` are the folders holding the current one."""
        stack = [(top, iter(listing(top)))]
        ancestors = [key]
        while stack:
            folder, names = stack[-1]
            name = next(names, None)
            if name is None:
                stack.pop()
                ancestors.pop()
                continue
            child = folder / name
            try:
                info = child.stat()
            except OSError as err:
                if not child.is_symlink():
                    found.skipped.append((child, f"cannot be read: {err.strerror or err}: "
                                                 "skipped"))
                elif suffix_of(child):
                    found.skipped.append((child, _link_problem(child)))
                continue
            if stat.S_ISDIR(info.st_mode):
                key = (info.st_dev, info.st_ino)
                if key in ancestors:
                    found.skipped.append((child, "symbolic link loop (a folder that holds "
                                                 "it): skipped"))
                elif key not in walked:
                    walked.add(key)
                    stack.append((child, iter(listing(child))))
                    ancestors.append(key)
            elif not suffix_of(child):
                continue
            elif stat.S_ISREG(info.st_mode):
                add(child)
            else:
                found.skipped.append((child, _not_regular(info.st_mode)))

    walked: set[tuple[int, int]] = set()
    for path in paths:
        path = Path(path)
        try:
            info = path.stat()
        except OSError:
            if path.is_symlink():
                found.skipped.append((path, _link_problem(path)))
            else:
                found.missing.append(path)
            continue
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key not in walked:
                walked.add(key)
                walk(path, key)
        elif not stat.S_ISREG(info.st_mode):
            found.skipped.append((path, _not_regular(info.st_mode)))
        elif suffix_of(path):
            add(path)
        else:
            found.unsupported.append(path)
    return found
