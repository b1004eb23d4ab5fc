"""The `storyline` command line.

Commands are thin: they open the store, call the pipeline or a presenter,
and print. Exit status: 0 when everything worked, 1 when some input failed
(the summary lists it), 2 for usage errors, an unusable store or output
path, and any other failure, said in one sentence (`--debug` shows the
traceback). Outputs are checked before a run starts. Text that comes from
the user's files (names, titles, errors) is printed as text: never read as
rich markup, with control characters made visible.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Annotated, NoReturn

import duckdb
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text
from typer.core import TyperGroup

from storyline import __version__
from storyline.analyse.event_lexicon import TYPES as EVENT_TYPES
from storyline.extract import extract_document
from storyline.ingest import discover, read_path, suffix_of
from storyline.ingest.discover import display_path
from storyline.present.export import ExportError, article_record, check_target, export
from storyline.present.report import write_report
from storyline.present.report.build import FORMATS, format_for
from storyline.query import Views, queries
from storyline.resolve.entities import TYPES, AliasError, load_aliases
from storyline.run import runner
from storyline.run.executors import local_executor
from storyline.run.pipeline import RunSummary, ingest, reextract, update
from storyline.run.step import StepReport
from storyline.run.steps import STEPS
from storyline.run.steps import markdown as steps_markdown
from storyline.store import Store, StoreError
from storyline.store.duck import store_failure

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
_opened: list[Path] = []


def _sentence(error: Exception) -> str:
    """An unexpected failure in one sentence."""
    if isinstance(error, StoreError):
        return str(error)
    if isinstance(error, duckdb.Error):
        return str(store_failure(error, _opened[-1] if _opened else Path("storyline.duckdb")))
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror or error}"
    detail = str(error).strip().splitlines()
    return (f"unexpected {type(error).__name__}" + (f": {detail[0]}" if detail else "")
            + " (a bug in storyline; run with --debug to see where)")


class _Commands(TyperGroup):
    """The command group: an exception no command handled ends the command with one
    sentence and exit status 2, not a traceback (unless --debug)."""

    def invoke(self, ctx):
        _opened.clear()
        try:
            return super().invoke(ctx)
        except Exception as error:
            if (hasattr(error, "exit_code") or isinstance(error, (typer.Abort, EOFError))
                    or ctx.params.get("debug")):
                raise  # exits, usage errors and aborts are typer's; --debug shows the rest
            fail(_sentence(error))


app = typer.Typer(
    cls=_Commands,
    add_completion=False,
    no_args_is_help=True,
    help="Turn raw news pages into a sourced record of a story.",
    rich_markup_mode=None,
)
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
                      help="Where per-article steps run: local processes (--workers), or Dask "
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


def _default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


@contextlib.contextmanager
def _executor(kind: str, scheduler: str | None, workers: int | None):
    """The executor a command asked for, as a context manager; a wrong choice or an
    unreachable scheduler is one sentence and exit 2."""
    if kind not in ("local", "dask"):
        fail(f"--executor is local or dask, not {kind!r}")
    if scheduler and kind != "dask":
        fail("--scheduler needs --executor dask")
    if kind == "local":
        with local_executor(workers or _default_workers()) as executor:
            yield executor
        return
    from storyline.run.executors import DaskExecutor, ExecutorError

    executor = DaskExecutor(scheduler, workers or _default_workers())
    try:
        executor.__enter__()
    except ExecutorError as error:
        fail(str(error))
    try:
        yield executor
    finally:
        executor.close()


def _open(db: Path, read_only: bool = False) -> Store:
    _opened.append(db)
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


def _check_report(path: Path) -> None:
    """A report path: a known format and a place it can be written."""
    if format_for(path) not in FORMATS:
        fail(f"unknown report format {path.suffix!r} for {path}: name the report "
             ".html, .md or .json")
    _check_can_write(path, "report")


def _check_apart(inputs: list[Path], outputs: dict[str, Path]) -> None:
    """Refuse an output (store, report) that is an input, or that lies inside a folder
    read as input where it would be read (an input type, not hidden): it would
    overwrite the user's file, or be read back as news. A store beside the pages
    (`.duckdb`) is never read, so it may stay there."""
    for what, output in outputs.items():
        target = output.resolve()
        for given in inputs:
            source = given.resolve()
            if target == source:
                fail(f"the {what} {output} is also an input; write the {what} elsewhere so "
                     "the input is not overwritten")
            if (source.is_dir() and target.is_relative_to(source) and suffix_of(target)
                    and not any(p.startswith(".") for p in target.relative_to(source).parts)):
                fail(f"the {what} {output} lies inside the input folder {given}, where it "
                     f"would be read as input; write the {what} outside {given}")


def _progress(total: int, label: str) -> tuple[Progress, callable]:
    bar = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[status]}"), TimeElapsedColumn(),
        console=err, transient=True, disable=not err.is_terminal,
    )
    task = bar.add_task(label, total=total, status="")
    counts = {"docs": 0, "failed": 0}

    def advance(done: int, articles) -> None:
        counts["docs"] += len(articles)
        counts["failed"] += sum(1 for a in articles if a.status != "ok")
        bar.update(task, completed=done,
                   status=f"{counts['docs']} docs, {counts['failed']} failed")

    return bar, advance


def _print_summary(summary: RunSummary, verb: str) -> None:
    rows = [("files", summary.files)] if verb == "ingested" else []
    rows.append((verb, summary.ingested))
    if verb == "ingested":
        rows.append(("skipped (already stored)", summary.skipped))
    rows += [("articles ok", summary.ok), ("failed", summary.failed)]
    if summary.stored_failures:
        rows.append(("stored as failed before", len(summary.stored_failures)))
    for label, value in rows:
        out.print(f"{label:<26}{value}")
    for source, error in summary.failures:
        say(out, "  ", ("failed", "red"), " ", source, ": ", error)
    for source, error in summary.stored_failures:
        say(out, "  ", ("failed", "red"), " ", source, ": ", error,
            " (stored as failed by an earlier run)")
    for path in summary.missing:
        say(out, "  ", ("missing", "red"), " ", path, ": no such file or folder")
    for path in summary.unsupported:
        say(out, "  ", ("unsupported", "yellow"), " ", path,
            ": not .html/.htm/.html.gz/.txt/.jsonl/.warc/.warc.gz")
    for path, why in summary.skipped_paths:
        say(out, "  ", ("skipped", "yellow"), " ", path, ": ", why)


def _aliases(path: Path | None):
    if path is None:
        return None
    try:
        return load_aliases(path)
    except (OSError, AliasError) as error:
        fail(str(error))


def _step_bar(label: str) -> tuple[Progress, callable]:
    bar = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal,
    )
    task = bar.add_task(label, total=None)

    def advance(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return bar, advance


def _update(store: Store, aliases, executor) -> list[StepReport]:
    """Bring every step up to date; print each step's work and time, then what the
    store holds, and the articles a step could not do."""
    bars: list[Progress] = []

    def progress(name: str):
        bar, advance = _step_bar(name)
        bar.start()
        bars.append(bar)
        return advance

    try:
        reports = update(store, executor, {"aliases": aliases}, progress)
    finally:
        for bar in bars:
            bar.stop()
    out.print("steps")
    for r in reports:
        work = f"{r.processed:>7} done  {r.seconds:7.2f} s" if r.ran else f"{'':>7} up to date"
        out.print(f"  {r.name:<12} v{r.version:<4}{work}")
    for r in reports:
        for label, value in r.found.items():
            out.print(f"{label:<26}{value}")
    for r in reports:
        label = "re-extracted, failed" if r.name == "extract" else "no facts"
        for source, error in r.failures:
            say(out, "  ", (label, "yellow"), " ", source, ": ", error)
    return reports


@app.command()
def run(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders to ingest.")],
    db: DbOption = DEFAULT_DB,
    report: Annotated[
        Path | None,
        typer.Option(help="Report file (.html, .md or .json); default beside the store."),
    ] = None,
    no_report: Annotated[
        bool, typer.Option("--no-report", help="Do not write the report.")
    ] = False,
    workers: WorkersOption = None,
    executor_kind: ExecutorOption = "local",
    scheduler: SchedulerOption = None,
    aliases: AliasesOption = None,
    published: Annotated[str | None, typer.Option(
        "--published", metavar="YYYY-MM-DD",
        help="Publication date of every document in this run, when you know it better than "
             "the pages (kept as date evidence `user:published`).")] = None,
) -> None:
    """Ingest files and folders, extract articles, find copies and entities, write the report."""
    if published is not None:
        try:
            published = dt.date.fromisoformat(published).isoformat()
        except ValueError:
            fail(f"--published wants a date as YYYY-MM-DD, not {published!r}")
    target = None if no_report else report or db.with_name(db.stem + "-report.html")
    outputs = {"store": db} | ({"report": target} if target else {})
    _check_apart(paths + ([aliases] if aliases else []), outputs)
    if target is not None:
        _check_report(target)
    files = len(discover(paths).files)
    table = _aliases(aliases)
    with _executor(executor_kind, scheduler, workers) as executor, _open(db) as store:
        bar, advance = _progress(files, "ingesting")
        with bar:
            summary = ingest(paths, store, executor, progress=advance,
                             exclude=[target] if target else [], published=published)
        _print_summary(summary, "ingested")
        _update(store, table, executor)
        _warn_undated(store)
        if target is not None:
            _write_report(store, target)
    if summary.failed or summary.stored_failures or summary.missing or summary.unsupported:
        raise typer.Exit(1)


def _warn_interrupted(store: Store) -> None:
    """Say so when an update started and did not finish: what is shown then mixes
    old and new results until `storyline update` finishes it."""
    if runner.interrupted(store):
        say(err, ("warning:", "yellow"), f" an update of {store.path} was interrupted; what "
            "follows mixes old and new results: run `storyline update` to finish it")


def _warn_undated(store: Store, shown: int = 10) -> None:
    """Name the articles with no date: their relative times stay unresolved
    (`--published` or a date in the file name gives them one)."""
    rows = queries.undated(store)
    if not rows:
        return
    say(out, ("warning:", "yellow"), f" {len(rows)} article{'s' if len(rows) != 1 else ''} "
        "without a date; their relative times stay unresolved (give one with --published)")
    for _, source in rows[:shown]:
        say(out, "  undated ", source)
    if len(rows) > shown:
        say(out, f"  ... and {len(rows) - shown} more (`storyline report` lists them all)")


def _write_report(store: Store, target: Path) -> None:
    try:
        write_report(store, target)
    except OSError as error:
        fail(f"cannot write the report {target}: {error.strerror or error}")
    say(out, "report: ", target)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders to extract.")],
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per document.")] = False,
) -> None:
    """Extract articles without a store: print them (or JSON Lines with --jsonl)."""
    found = discover(paths)
    failed = bool(found.missing or found.unsupported)
    for path in found.missing + found.unsupported:
        say(err, ("error:", "red"), " ", display_path(path), ": missing or unsupported")
    for path, why in found.skipped:
        say(err, ("skipped", "yellow"), " ", display_path(path), ": ", why)
    for path in found.files:
        for doc in read_path(path):
            article = extract_document(doc)
            failed |= article.status != "ok"
            if jsonl:
                print_json(article_record(article))
            elif article.status != "ok":
                say(out, ("failed", "red"), " ", article.source, ": ", article.error or "")
            else:
                say(out, (plain(article.title or "(untitled)"), "bold"))
                say(out, f"  {article.source} · {article.site or '?'} · "
                         f"{article.published or 'date unknown'} "
                         f"({article.published_evidence or 'no evidence'})")
                out.print(f"  {len(article.text.split())} words, {len(article.dropped)} "
                          "blocks dropped")
    if failed:
        raise typer.Exit(1)


@app.command("export")
def export_cmd(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the export's files.")],
    db: DbOption = DEFAULT_DB,
    force: Annotated[bool, typer.Option(
        "--force", help="Write into a folder that holds other files (they are kept; files "
        "with the export's names are replaced).")] = False,
    fmt: Annotated[str, typer.Option(
        "--format", metavar="[jsonl|parquet]", help="jsonl: one JSON Lines file per record "
        "type; parquet: one Parquet file each, same records and fields.")] = "jsonl",
) -> None:
    """Write the store as JSON Lines or Parquet files (see docs/export.md): into a new
    folder, or one an export wrote before, as a whole or not at all."""
    try:
        check_target(out_dir, force, fmt)
    except ExportError as error:
        fail(str(error))
    with _open(db, read_only=True) as store:
        _warn_interrupted(store)
        try:
            written = export(store, out_dir, force, fmt)
        except (ExportError, OSError) as error:
            reason = str(error) if isinstance(error, ExportError) else error.strerror or error
            fail(f"cannot write the export to {out_dir}: {reason}; {out_dir} was left as it was")
    for name, count in written.items():
        say(out, f"{out_dir / name}: {count} records")


@app.command()
def report(
    out_file: Annotated[
        Path, typer.Option("--out", help="Report file: .html, .md or .json.")
    ] = Path("report.html"),
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write the report over the store."""
    _check_report(out_file)
    with _open(db, read_only=True) as store:
        _warn_interrupted(store)
        _write_report(store, out_file)


@app.command("reextract")
def reextract_cmd(
    db: DbOption = DEFAULT_DB,
    everything: Annotated[
        bool, typer.Option("--all", help="Redo every article, not only stale ones.")
    ] = False,
    workers: WorkersOption = None,
    executor_kind: ExecutorOption = "local",
    scheduler: SchedulerOption = None,
) -> None:
    """Re-run extraction from the stored raw bytes (articles an older extractor made, or
    every one with --all), then bring every step that reads their text up to date."""
    with _executor(executor_kind, scheduler, workers) as executor, _open(db) as store:
        reextract(store, everything)
        reports = _update(store, None, executor)
    done = next(r for r in reports if r.name == "extract")
    out.print(f"{'re-extracted':<26}{done.processed}")
    out.print(f"{'failed':<26}{len(done.failures)}")


@app.command("update")
def update_cmd(
    db: DbOption = DEFAULT_DB,
    aliases: AliasesOption = None,
    workers: WorkersOption = None,
    executor_kind: ExecutorOption = "local",
    scheduler: SchedulerOption = None,
) -> None:
    """Migrate the store and run every step that is stale (a new version of storyline,
    a new alias table, articles an older extractor made), and nothing else."""
    table = _aliases(aliases)
    with _executor(executor_kind, scheduler, workers) as executor, _open(db) as store:
        _update(store, table, executor)


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _listed_elsewhere(rows: list, as_json: bool, empty: str, shape=None) -> bool:
    """Print `rows` (read models) as JSON Lines in their public shape (`shape(row)`,
    by default `row.to_json()`), or say `empty` when there are none; True when the
    caller has nothing left to print."""
    if as_json:
        for row in rows:
            record = shape(row) if shape else row.to_json()
            print_json(record)
        return True
    if not rows:
        say(out, empty)
        return True
    return False


@app.command()
def copies(
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per group.")] = False,
) -> None:
    """List copy groups: origin, members, relation, similarity, misdated flags."""
    with _open(db, read_only=True) as store:
        views = Views(store)
        groups = views.copy_groups
        lone = [s for _, s in sorted(views.copy_statuses.items())
                if s.misdated and s.group is None]
        sources = views.sources if lone else {}
    if (_listed_elsewhere(groups, as_json, "no copy groups", lambda g: g.listing_json())
            and not (lone and not as_json)):
        return
    for g in groups:
        say(out, (g.group, "bold"), f"  {g.size} articles, origin chosen by {g.origin_reason}")
        for m in g.members:
            flag = f"  MISDATED: {m.misdated_reason}" if m.misdated else ""
            say(out, f"  {m.relation:<10}{_pct(m.similarity):>6}  "
                     f"{m.published or '?':<11} {m.site or '?'}  {m.source}{flag}")
    if lone:
        say(out, ("misdated articles without copies", "bold"))
        for status in lone:
            say(out, f"  {sources.get(status.article, status.article)}: "
                     f"{status.misdated_reason} (likely {status.likely_period})")


@app.command("entities")
def entities_cmd(
    db: DbOption = DEFAULT_DB,
    type_: Annotated[
        str | None, typer.Option("--type", help=f"Only this type: {', '.join(sorted(TYPES))}.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Show at most this many.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per entity.")] = False,
) -> None:
    """List canonical entities with mention and article counts."""
    if type_ is not None and type_ not in TYPES:
        fail(f"unknown type {type_!r}; choose one of {', '.join(sorted(TYPES))}")
    with _open(db, read_only=True) as store:
        rows = queries.entities(store, type_, limit)
    if _listed_elsewhere(rows, as_json, "no entities", lambda e: e.listing_json()):
        return
    out.print(f"{'mentions':>8} {'articles':>8}  {'type':<9} name")
    for e in rows:
        extra = []
        if e.roles:
            extra.append("roles: " + "; ".join(e.roles[:3]))
        others = [a for a in e.aliases if a != e.name]
        if others:
            extra.append("also: " + ", ".join(others[:4]))
        tail = f"  ({' | '.join(extra)})" if extra else ""
        say(out, f"{e.n_mentions:>8} {e.n_articles:>8}  {e.type:<9} {e.name}{tail}")


@app.command()
def quotes(
    db: DbOption = DEFAULT_DB,
    speaker: Annotated[
        str | None, typer.Option("--speaker", help="Only quotes by this speaker: any of "
                                 "their names, as whole words, ignoring case and accents.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per quote.")] = False,
) -> None:
    """Who said what: quotes and reported speech with their speakers and sources."""
    with _open(db, read_only=True) as store:
        rows = queries.quotes(store, speaker)
        sources = queries.sources(store) if rows and not as_json else {}
    if _listed_elsewhere(rows, as_json, "no quotes" + (f" by {speaker}" if speaker else "")):
        return
    for q in rows:
        who = q.speaker.name or "(unattributed)"
        how = " ".join(x for x in (q.verb, q.medium) if x)
        say(out, (plain(who), "bold"), f" {how} · {q.kind} · {q.first_date or '?'} · "
            f"{q.n_sources} independent source{'s' if q.n_sources != 1 else ''}")
        say(out, f"  “{q.text}”")
        for m in q.mentions[:5]:
            say(out, f"    {sources.get(m.article, m.article)} [{m.start}:{m.end}]")


@app.command()
def claims(
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per group.")] = False,
    everything: Annotated[bool, typer.Option(
        "--all", help="Also list every number that is not a claim, with the reason.")] = False,
) -> None:
    """Figures claimed, grouped by what they measure: agree, series, conflict, unsure or
    single, each with the reason for its verdict."""
    with _open(db, read_only=True) as store:
        groups = queries.claim_groups(store)
        skipped = queries.numbers_skipped(store) if everything else []
        sources = queries.sources(store) if skipped and not as_json else {}
    if everything and as_json:  # claim groups, then {"not_a_claim": number} lines
        _listed_elsewhere(groups, True, "")
        _listed_elsewhere(skipped, True, "", lambda n: {"not_a_claim": n.to_json()})
        return
    if _listed_elsewhere(groups, as_json, "no claims") and not skipped:
        return
    for g in groups:
        unit = f" ({g.unit})" if g.unit else ""
        about = f" of {g.subject}" if g.subject else ""
        say(out, (plain(g.counted), "bold"), f"{about}{unit} · {g.agreement.upper()} · "
            f"{g.n_sources} independent source{'s' if g.n_sources != 1 else ''}")
        if g.reason:
            say(out, f"  why: {g.reason}")
        for c in g.claims:
            qual = f"{c.qualifier} " if c.qualifier else ""
            say(out, f"  {qual}{c.value:,g}  as of {c.as_of or '?'}  "
                     f"per {c.source.name or 'unattributed'}  "
                     f"({len(c.mentions)} mention{'s' if len(c.mentions) != 1 else ''}, "
                     f"{c.independent_reports} independent)")
    if skipped:
        say(out, ("numbers that are not claims", "bold"))
        for n in skipped:
            say(out, f"  {sources.get(n.article, n.article)} [{n.start}:{n.end}] "
                     f"{n.text}: {n.reason}")


@app.command("stories")
def stories_cmd(
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per story.")] = False,
) -> None:
    """Stories: articles about one developing topic, largest first."""
    with _open(db, read_only=True) as store:
        rows = queries.stories(store)
        sources = queries.sources(store) if rows and not as_json else {}
    if _listed_elsewhere(rows, as_json, "no stories"):
        return
    for s in rows:
        say(out, (s.id, "bold"), f"  {s.size} article{'s' if s.size != 1 else ''}"
            f" · {s.first or '?'} to {s.last or '?'} · {', '.join(s.label)}")
        for article in s.articles[:8]:
            say(out, f"    {sources.get(article, article)}")
        if len(s.articles) > 8:
            out.print(f"    ... and {len(s.articles) - 8} more")


@app.command("timeline")
def timeline_cmd(
    db: DbOption = DEFAULT_DB,
    story: Annotated[
        str | None, typer.Option("--story", help="Only this story (an id from `stories`).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per item.")] = False,
) -> None:
    """Dated quotes and claims in time order."""
    with _open(db, read_only=True) as store:
        views = Views(store)
        if story is not None and story not in {s.id for s in views.stories}:
            fail(f"no story {story!r}; `storyline stories` lists them")
        items = views.timeline if story is None else views.story_timeline(story)
    if _listed_elsewhere(items, as_json, "nothing dated"):
        return
    for i in items:
        say(out, f"{i.date}  {i.kind:<6} {i.who or 'unattributed'}: "
                 f"{i.text[:110]}  [{i.n_sources}]")


@app.command("events")
def events_cmd(
    db: DbOption = DEFAULT_DB,
    story: Annotated[
        str | None, typer.Option("--story", help="Only this story (an id from `stories`).")
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option("--actor", help="Only events this actor or target takes part in."),
    ] = None,
    type_: Annotated[
        str | None,
        typer.Option("--type", help=f"Only this PLOVER type: {', '.join(EVENT_TYPES)}."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per event.")] = False,
) -> None:
    """What happened: events fused from all their reports, in time order."""
    if type_ is not None and type_.upper() not in EVENT_TYPES:
        fail(f"unknown event type {type_!r}; choose one of {', '.join(EVENT_TYPES)}")
    with _open(db, read_only=True) as store:
        if story is not None and story not in {s.id for s in queries.stories(store)}:
            fail(f"no story {story!r}; `storyline stories` lists them")
        rows = queries.events(store, story, actor, type_)
        sources = queries.sources(store) if rows and not as_json else {}
    if _listed_elsewhere(rows, as_json, "no events", lambda e: e.listing_json()):
        return
    for e in rows:
        when = e.when_value or (f"reported {e.first_date}" if e.first_date else "undated")
        say(out, (plain(e.label), "bold"), f" · {e.status} · {when}"
            + (f" · in {e.place}" if e.place else "")
            + f" · {e.n_sources} independent source{'s' if e.n_sources != 1 else ''}")
        if len({h['status'] for h in e.history}) > 1:
            say(out, "  reported as " + ", then ".join(
                f"{h['status']} ({h['date'] or 'undated'})" for h in e.history))
        for name, values in e.details.items():
            say(out, f"  {name}: " + " | ".join(
                f"{v['value']} ({v['n_sources']} source{'s' if v['n_sources'] != 1 else ''})"
                for v in values))
        for m in e.mentions[:5]:
            say(out, f"    {m.status:<12} {sources.get(m.article, m.article)} "
                     f"[{m.start}:{m.end}]")
        if len(e.mentions) > 5:
            out.print(f"    ... and {len(e.mentions) - 5} more mentions")


@app.command("steps")
def steps_cmd(
    markdown: Annotated[bool, typer.Option("--markdown", help="As a Markdown table.")] = False,
) -> None:
    """List the steps of the flow in run order: scope, version, what each reads and writes."""
    if markdown:
        out.print(steps_markdown(), end="")
        return
    for s in STEPS:
        say(out, (s.name, "bold"), f" v{s.version} ({s.scope}): {s.doc}")
        out.print(f"    reads  {', '.join(s.reads)}")
        out.print(f"    writes {', '.join(s.writes)}")


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help="Address to listen on; the default "
                                      "answers this machine only.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8765,
) -> None:
    """Explore the store in a browser, with a JSON API (see docs/web.md)."""
    with _open(db, read_only=True):
        pass  # a missing, damaged or too old store is said now, not on the first request
    import uvicorn

    from storyline.web.app import create_app

    if host not in ("127.0.0.1", "localhost", "::1"):
        say(err, ("note:", "yellow"), f" listening on {host}: anyone who can reach this "
            "machine can read the store")
    say(err, f"serving {db} at http://{'[' + host + ']' if ':' in host else host}:{port}/ "
             "(Ctrl-C stops)")
    try:
        uvicorn.run(create_app(db), host=host, port=port, log_level="warning",
                    access_log=False)
    except OSError as error:
        fail(f"cannot listen on {host}:{port}: {error.strerror or error}")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find; \"a phrase\"; word* for a "
                                         "prefix.")],
    db: DbOption = DEFAULT_DB,
    kind: Annotated[str | None, typer.Option(
        "--kind", help="article, quote, claim, entity or event")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON record a line.")] = False,
) -> None:
    """Full-text search of the store (the index `<store>.search` is brought up to date
    first)."""
    from storyline.search.index import SearchError, SearchIndex
    from storyline.web.access import search_index_path

    with _open(db, read_only=True):
        pass
    index = SearchIndex(search_index_path(db))
    try:
        report = index.sync(lambda: _open(db, read_only=True))
        for message in report.messages:
            say(err, ("note:", "yellow"), " ", message)
        found = index.search(query, kind, limit)
    except (SearchError, ValueError) as error:
        fail(str(error))
    for hit in found.items:
        if as_json:
            print_json({"kind": hit.kind, "id": hit.id, "title": hit.title,
                        "detail": hit.detail, "article": hit.article, "start": hit.start,
                        "end": hit.end, "snippet": "".join(t for t, _ in hit.snippet)})
        else:
            say(out, (hit.kind, "bold"), f"  {hit.title}  ", (hit.id, "dim"))
            say(out, "    " + "".join(t for t, _ in hit.snippet))
    if not as_json:
        say(err, f"{found.total} found" + (" (any of the words)" if found.any_term else ""))


@app.command()
def info(db: DbOption = DEFAULT_DB) -> None:
    """Show what the store holds, each step's version and what is stale."""
    with _open(db, read_only=True) as store:
        counts = store.counts()
        for step in STEPS:
            counts |= step.summary(store) if step.summary else {}
        counts.pop("copy groups rebuilt", None)
        plan = runner.plan(store, STEPS)
        say(out, f"store: {db}  (schema version {store.schema_version()})")
        _warn_interrupted(store)
        for key, value in counts.items():
            say(out, f"  {key}: {value}")
        out.print("steps (stored version -> this storyline's)")
        for p in plan:
            say(out, f"  {p.name:<12} {p.scope:<8} v{p.stored_version or '-'} -> v{p.version}"
                     f"  {p.work}")


def _version(value: bool) -> None:
    if value:
        out.print(f"storyline {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an unexpected failure.")
    ] = False,
) -> None:
    """Turn raw news pages into a sourced record of a story."""


def main() -> None:
    app()
