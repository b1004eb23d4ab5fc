"""Commands that run the pipeline or write files: run, extract, export, report,
reextract, update.

Each imports the stages it runs when it runs. Outputs are checked before a
run starts; exit status 1 when some input failed (the summary lists it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from storyline.present.commands.common import (
    DEFAULT_DB,
    AliasesOption,
    DbOption,
    ExecutorOption,
    KeepEntityStateOption,
    SchedulerOption,
    WorkersOption,
    check_report,
    default_workers,
    err,
    fail,
    open_store,
    out,
    plain,
    print_json,
    say,
    warn_interrupted,
)

if TYPE_CHECKING:
    from rich.progress import Progress

    from storyline.run.pipeline import RunSummary
    from storyline.run.step import StepReport
    from storyline.store import Store


@contextlib.contextmanager
def _executor(kind: str, scheduler: str | None, workers: int | None):
    """The executor a command asked for, as a context manager; a wrong choice or an
    unreachable scheduler is one sentence and exit 2."""
    if kind not in ("local", "dask"):
        fail(f"--executor is local or dask, not {kind!r}")
    if scheduler and kind != "dask":
        fail("--scheduler needs --executor dask")
    if kind == "local":
        from storyline.run.executors import local_executor
        from storyline.run.steps import preloads

        with local_executor(workers or default_workers(), preloads()) as executor:
            yield executor
        return
    from storyline.run.executors import DaskExecutor, ExecutorError

    executor = DaskExecutor(scheduler, workers or default_workers())
    try:
        executor.__enter__()
    except ExecutorError as error:
        fail(str(error))
    try:
        yield executor
    finally:
        executor.close()


def _check_apart(inputs: list[Path], outputs: dict[str, Path]) -> None:
    """Refuse an output (store, report) that is an input, or that lies inside a folder
    read as input where it would be read (an input type, not hidden): it would
    overwrite the user's file, or be read back as news. A store beside the pages
    (`.duckdb`) is never read, so it may stay there."""
    from storyline.ingest import suffix_of

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
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

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
    from storyline.resolve.entities import AliasError, load_aliases

    try:
        return load_aliases(path)
    except (OSError, AliasError) as error:
        fail(str(error))


def _step_bar(label: str) -> tuple[Progress, callable]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal,
    )
    task = bar.add_task(label, total=None)

    def advance(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return bar, advance


def _update(store: Store, aliases, executor, keep_entity_state: bool = False
            ) -> list[StepReport]:
    """Bring every step up to date; print each step's work and time, then what the
    store holds, and the articles a step could not do."""
    from storyline.run.pipeline import update
    from storyline.run.steps.entities import KEEP_STATE

    bars: list[Progress] = []

    def progress(name: str):
        bar, advance = _step_bar(name)
        bar.start()
        bars.append(bar)
        return advance

    try:
        reports = update(store, executor, {"aliases": aliases, KEEP_STATE: keep_entity_state},
                         progress)
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
        label = "re-extracted, failed" if r.name == "extract" else f"{r.name} failed"
        for source, error in r.failures:
            say(out, "  ", (label, "yellow"), " ", source, ": ", error)
    return reports


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
    keep_entity_state: KeepEntityStateOption = False,
    published: Annotated[str | None, typer.Option(
        "--published", metavar="YYYY-MM-DD",
        help="Publication date of every document in this run, when you know it better than "
             "the pages (kept as date evidence `user:published`).")] = None,
) -> None:
    """Ingest files and folders, extract articles, find copies and entities, write the report."""
    from storyline.ingest import discover
    from storyline.run.pipeline import ingest

    if published is not None:
        try:
            published = dt.date.fromisoformat(published).isoformat()
        except ValueError:
            fail(f"--published wants a date as YYYY-MM-DD, not {published!r}")
    target = None if no_report else report or db.with_name(db.stem + "-report.html")
    outputs = {"store": db} | ({"report": target} if target else {})
    _check_apart(paths + ([aliases] if aliases else []), outputs)
    if target is not None:
        check_report(target)
    files = len(discover(paths).files)
    table = _aliases(aliases)
    with _executor(executor_kind, scheduler, workers) as executor, open_store(db) as store:
        bar, advance = _progress(files, "ingesting")
        with bar:
            summary = ingest(paths, store, executor, progress=advance,
                             exclude=[target] if target else [], published=published)
        _print_summary(summary, "ingested")
        _update(store, table, executor, keep_entity_state)
        _warn_undated(store)
        _warn_not_read(store)
        if target is not None:
            _write_report(store, target)
    if summary.failed or summary.stored_failures or summary.missing or summary.unsupported:
        raise typer.Exit(1)


def _warn_undated(store: Store, shown: int = 10) -> None:
    """Name the articles with no date: their relative times stay unresolved
    (`--published` or a date in the file name gives them one)."""
    from storyline.query import queries

    rows = queries.undated(store)
    if not rows:
        return
    say(out, ("warning:", "yellow"), f" {len(rows)} article{'s' if len(rows) != 1 else ''} "
        "without a date; their relative times stay unresolved (give one with --published)")
    for _, source in rows[:shown]:
        say(out, "  undated ", source)
    if len(rows) > shown:
        say(out, f"  ... and {len(rows) - shown} more (`storyline report` lists them all)")


def _warn_not_read(store: Store) -> None:
    """Say how many articles are in languages the analyse stage does not read: they are
    extracted, dated and checked for copies, but yield no entities, quotes, claims or
    events (the model and the rules read English)."""
    from storyline.query import queries

    rows = queries.not_read(store)
    if not rows:
        return
    n = sum(count for _, count in rows)
    say(out, ("note:", "yellow"), f" {n} article{'s' if n != 1 else ''} not in English ("
        + ", ".join(f"{language} {count}" for language, count in rows) + "): extracted, "
        "dated and checked for copies; no entities, quotes, claims or events (the model "
        "reads English)")


def _write_report(store: Store, target: Path) -> None:
    from storyline.present.report import write_report

    try:
        write_report(store, target)
    except OSError as error:
        fail(f"cannot write the report {target}: {error.strerror or error}")
    say(out, "report: ", target)


def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders to extract.")],
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per document.")] = False,
) -> None:
    """Extract articles without a store: print them (or JSON Lines with --jsonl)."""
    from storyline.extract import extract_document
    from storyline.ingest import discover, read_path
    from storyline.ingest.discover import display_path
    from storyline.present.export import article_record

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
    from storyline.present.export import ExportError, check_target, export

    try:
        check_target(out_dir, force, fmt)
    except ExportError as error:
        fail(str(error))
    with open_store(db, read_only=True) as store:
        warn_interrupted(store)
        try:
            written = export(store, out_dir, force, fmt)
        except (ExportError, OSError) as error:
            reason = str(error) if isinstance(error, ExportError) else error.strerror or error
            fail(f"cannot write the export to {out_dir}: {reason}; {out_dir} was left as it was")
    for name, count in written.items():
        say(out, f"{out_dir / name}: {count} records")


def report(
    out_file: Annotated[
        Path, typer.Option("--out", help="Report file: .html, .md or .json.")
    ] = Path("report.html"),
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write the report over the store."""
    check_report(out_file)
    with open_store(db, read_only=True) as store:
        warn_interrupted(store)
        _write_report(store, out_file)


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
    from storyline.run.pipeline import reextract

    with _executor(executor_kind, scheduler, workers) as executor, open_store(db) as store:
        reextract(store, everything)
        reports = _update(store, None, executor)
    done = next(r for r in reports if r.name == "extract")
    out.print(f"{'re-extracted':<26}{done.processed}")
    out.print(f"{'failed':<26}{len(done.failures)}")


def update_cmd(
    db: DbOption = DEFAULT_DB,
    aliases: AliasesOption = None,
    workers: WorkersOption = None,
    executor_kind: ExecutorOption = "local",
    scheduler: SchedulerOption = None,
    keep_entity_state: KeepEntityStateOption = False,
) -> None:
    """Migrate the store and run every step that is stale (a new version of storyline,
    a new alias table, articles an older extractor made), and nothing else."""
    table = _aliases(aliases)
    with _executor(executor_kind, scheduler, workers) as executor, open_store(db) as store:
        _update(store, table, executor, keep_entity_state)
        _warn_not_read(store)

