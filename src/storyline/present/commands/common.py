"""What every command shares: printing user text safely, failing in one sentence,
the common options, and opening the store.

Text that comes from the user's files (names, titles, errors) is printed as
text: never read as rich markup, with control characters made visible.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:  # the store (and DuckDB) is imported by the commands that open one
    from storyline.store import Store

#: Control characters (C0, DEL, C1) and the bidirectional overrides that can
#: make a file name or title print as something else.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: The same, plus the bytes of a file name that are not UTF-8 (surrogate escapes).
_UNSHOWABLE = re.compile(_UNPRINTABLE.pattern[:-1] + r"\udc80-\udcff]")


def plain(value: object) -> str:
    """User text as it may reach a terminal: tabs and line breaks become spaces,
    other control characters (ESC and the like) and a file name's bytes that are
    not UTF-8 visible escapes such as \\x1b."""
    def visible(match: re.Match) -> str:
        char = match.group()
        if char in "\t\n\r":
            return " "
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            return f"\\x{code - 0xDC00:02x}"
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSHOWABLE.sub(visible, str(value))


def say(console: Console, *parts: str | tuple[str, str]) -> None:
    """Print one line: a string is user text (shown as text, see `plain`), a
    (label, style) pair is a label of ours shown in that style."""
    line = Text()
    for part in parts:
        if isinstance(part, tuple):
            line.append(part[0], style=part[1])
        else:
            line.append(plain(part))
    console.print(line)


def print_json(record: dict) -> None:
    """One JSON object on one line; the control characters JSON leaves raw (C1, bidi
    overrides) written as \\u escapes, which read back as the same string."""
    line = json.dumps(record, ensure_ascii=False)
    out.print(_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", line))


def fail(message: str, code: int = 2) -> NoReturn:
    """Say what went wrong in one line on stderr and exit (2: usage or unusable)."""
    say(err, ("error:", "red"), " ", message)
    raise typer.Exit(code)


#: The store the running command opened, to name it in a message about a failure.
opened: list[Path] = []

out = Console(highlight=False, soft_wrap=True, markup=False, emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)

DEFAULT_DB = Path("storyline.duckdb")
DbOption = Annotated[Path, typer.Option("--db", help="DuckDB store file.")]
WorkersOption = Annotated[
    int | None, typer.Option("--workers", "-w", min=1,
                             help="Worker processes for extraction, copies, analysis and facts.")
]
ExecutorOption = Annotated[
    str, typer.Option("--executor", metavar="[local|dask]",
                      help="Where the per-article steps and the quote, claim and event "
                           "grouping parts run: local processes (--workers), or Dask "
                           "workers (a local cluster of --workers processes, or --scheduler's; "
                           "see docs/scale.md).")
]
SchedulerOption = Annotated[
    str | None, typer.Option("--scheduler", metavar="ADDRESS",
                             help="Dask scheduler address, e.g. tcp://host:8786 (with --executor "
                                  "dask).")
]
AliasesOption = Annotated[
    Path | None,
    typer.Option("--aliases", help="Alias table (JSON or TSV) extending the built-in one; "
                 "see docs/entities.md."),
]

KeepEntityStateOption = Annotated[
    bool,
    typer.Option("--keep-entity-state", help="Keep what entity resolution reads of every "
                 "name, so that a later run or update with this option that only adds "
                 "articles resolves their names against it, not the whole corpus again "
                 "(a whole resolution then takes about twice as long; give it on every run "
                 "of a store you keep adding to). See docs/scale.md."),
]


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def open_store(db: Path, read_only: bool = False) -> Store:
    from storyline.store import Store, StoreError

    opened.append(db)
    try:
        return Store.open(db, read_only=read_only,
                          on_wait=lambda message: say(err, ("waiting:", "yellow"), " ", message))
    except StoreError as error:
        fail(str(error))


def _nearest_folder(path: Path) -> Path:
    """The closest existing ancestor of `path` (what a write there would need)."""
    folder = path.absolute().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _check_can_write(path: Path, what: str) -> None:
    """Refuse, before any work, an output file that cannot be written."""
    if path.is_dir():
        fail(f"the {what} {path} is a folder; name a file")
    folder = _nearest_folder(path)
    if not folder.is_dir():
        fail(f"cannot write the {what} {path}: {folder} is a file, not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        fail(f"cannot write the {what} {path}: the folder {folder} is read-only")


def check_report(path: Path) -> None:
    """A report path: a known format and a place it can be written."""
    from storyline.present.report.build import FORMATS, format_for

    if format_for(path) not in FORMATS:
        fail(f"unknown report format {path.suffix!r} for {path}: name the report "
             ".html, .md or .json")
    _check_can_write(path, "report")


def warn_interrupted(store: Store) -> None:
    """Say so when an update started and did not finish: what is shown then mixes
    old and new results until `storyline update` finishes it."""
    from storyline.run import runner

    if runner.interrupted(store):
        say(err, ("warning:", "yellow"), f" an update of {store.path} was interrupted; what "
            "follows mixes old and new results: run `storyline update` to finish it")

