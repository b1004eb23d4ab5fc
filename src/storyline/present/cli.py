"""The `storyline` command line.

Commands are thin: they open the store, call the pipeline or a presenter,
and print. Exit status: 0 when everything worked, 1 when some input failed
(the summary lists it), 2 for usage errors or an unusable store.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from storyline import __version__
from storyline.extract import extract_document
from storyline.ingest import discover, read_path
from storyline.present.export import article_record, export
from storyline.present.report import write_report
from storyline.query import Views, queries
from storyline.resolve.entities import TYPES, AliasError, load_aliases
from storyline.run import runner
from storyline.run.executors import local_executor
from storyline.run.pipeline import RunSummary, ingest, reextract, update
from storyline.run.step import StepReport
from storyline.run.steps import STEPS
from storyline.run.steps import markdown as steps_markdown
from storyline.store import Store, StoreError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn raw news pages into a sourced record of a story.",
    rich_markup_mode=None,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)

DEFAULT_DB = Path("storyline.duckdb")
DbOption = Annotated[Path, typer.Option("--db", help="DuckDB store file.")]
WorkersOption = Annotated[
    int | None, typer.Option("--workers", "-w", min=1,
                             help="Worker processes for extraction, copies, analysis and facts.")
]
AliasesOption = Annotated[
    Path | None,
    typer.Option("--aliases", help="Alias table (JSON or TSV) extending the built-in one; "
                 "see docs/entities.md."),
]


def _default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _open(db: Path, read_only: bool = False) -> Store:
    try:
        return Store.open(db, read_only=read_only)
    except StoreError as error:
        err.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from error


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
    for label, value in rows:
        out.print(f"{label:<26}{value}", markup=False)
    for source, error in summary.failures:
        out.print(f"  [red]failed[/red] {source}: {error}")
    for path in summary.missing:
        out.print(f"  [red]missing[/red] {path}: no such file or folder")
    for path in summary.unsupported:
        out.print(f"  [yellow]unsupported[/yellow] {path}: not .html/.htm/.html.gz/.txt/"
                  ".jsonl/.warc/.warc.gz")


def _aliases(path: Path | None):
    if path is None:
        return None
    try:
        return load_aliases(path)
    except (OSError, AliasError) as error:
        err.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from error


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
    out.print("steps", markup=False)
    for r in reports:
        work = f"{r.processed:>7} done  {r.seconds:7.2f} s" if r.ran else f"{'':>7} up to date"
        out.print(f"  {r.name:<12} v{r.version:<4}{work}", markup=False)
    for r in reports:
        for label, value in r.found.items():
            out.print(f"{label:<26}{value}", markup=False)
    for r in reports:
        label = "re-extracted, failed" if r.name == "extract" else "no facts"
        for source, error in r.failures:
            out.print(f"  [yellow]{label}[/yellow] {source}: {error}")
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
    aliases: AliasesOption = None,
) -> None:
    """Ingest files and folders, extract articles, find copies and entities, write the report."""
    target = report or db.with_name(db.stem + "-report.html")
    files = len(discover(paths).files)
    table = _aliases(aliases)
    with _open(db) as store, local_executor(workers or _default_workers()) as executor:
        bar, advance = _progress(files, "ingesting")
        with bar:
            summary = ingest(paths, store, executor, progress=advance, exclude=[target])
        _print_summary(summary, "ingested")
        _update(store, table, executor)
        if not no_report:
            write_report(store, target)
            out.print(f"report: {target}")
    if summary.failed or summary.missing or summary.unsupported:
        raise typer.Exit(1)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders to extract.")],
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per document.")] = False,
) -> None:
    """Extract articles without a store: print them (or JSON Lines with --jsonl)."""
    found = discover(paths)
    failed = bool(found.missing or found.unsupported)
    for path in found.missing + found.unsupported:
        err.print(f"[red]error:[/red] {path}: missing or unsupported")
    for path in found.files:
        for doc in read_path(path):
            article = extract_document(doc)
            failed |= article.status != "ok"
            if jsonl:
                out.print(json.dumps(article_record(article), ensure_ascii=False),
                          markup=False, highlight=False)
            elif article.status != "ok":
                out.print(f"[red]failed[/red] {article.source}: {article.error}")
            else:
                out.print(f"[bold]{article.title or '(untitled)'}[/bold]")
                out.print(f"  {article.source} · {article.site or '?'} · "
                          f"{article.published or 'date unknown'} "
                          f"({article.published_evidence or 'no evidence'})", markup=False)
                out.print(f"  {len(article.text.split())} words, {len(article.dropped)} "
                          "blocks dropped", markup=False)
    if failed:
        raise typer.Exit(1)


@app.command("export")
def export_cmd(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the .jsonl files.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write the store as JSON Lines files (see docs/export.md)."""
    with _open(db, read_only=True) as store:
        written = export(store, out_dir)
    for name, count in written.items():
        out.print(f"{out_dir / name}: {count} records")


@app.command()
def report(
    out_file: Annotated[
        Path, typer.Option("--out", help="Report file: .html, .md or .json.")
    ] = Path("report.html"),
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write the report over the store."""
    with _open(db, read_only=True) as store:
        try:
            write_report(store, out_file)
        except ValueError as error:
            err.print(f"[red]error:[/red] {error}")
            raise typer.Exit(2) from error
    out.print(f"report: {out_file}")


@app.command("reextract")
def reextract_cmd(
    db: DbOption = DEFAULT_DB,
    everything: Annotated[
        bool, typer.Option("--all", help="Redo every article, not only stale ones.")
    ] = False,
    workers: WorkersOption = None,
) -> None:
    """Re-run extraction from the stored raw bytes (articles an older extractor made, or
    every one with --all), then bring every step that reads their text up to date."""
    with _open(db) as store, local_executor(workers or _default_workers()) as executor:
        reextract(store, everything)
        reports = _update(store, None, executor)
    done = next(r for r in reports if r.name == "extract")
    out.print(f"{'re-extracted':<26}{done.processed}", markup=False)
    out.print(f"{'failed':<26}{len(done.failures)}", markup=False)


@app.command("update")
def update_cmd(
    db: DbOption = DEFAULT_DB,
    aliases: AliasesOption = None,
    workers: WorkersOption = None,
) -> None:
    """Migrate the store and run every step that is stale (a new version of storyline,
    a new alias table, articles an older extractor made), and nothing else."""
    table = _aliases(aliases)
    with _open(db) as store, local_executor(workers or _default_workers()) as executor:
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
            out.print(json.dumps(record, ensure_ascii=False), markup=False, highlight=False)
        return True
    if not rows:
        out.print(empty)
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
        out.print(f"[bold]{g.group}[/bold]  {g.size} articles, origin chosen by "
                  f"{g.origin_reason}")
        for m in g.members:
            flag = f"  MISDATED: {m.misdated_reason}" if m.misdated else ""
            out.print(f"  {m.relation:<10}{_pct(m.similarity):>6}  "
                      f"{m.published or '?':<11} {m.site or '?'}  {m.source}{flag}",
                      markup=False)
    if lone:
        out.print("[bold]misdated articles without copies[/bold]")
        for status in lone:
            out.print(f"  {sources.get(status.article, status.article)}: "
                      f"{status.misdated_reason} (likely {status.likely_period})", markup=False)


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
        err.print(f"[red]error:[/red] unknown type {type_!r}; choose one of "
                  f"{', '.join(sorted(TYPES))}")
        raise typer.Exit(2)
    with _open(db, read_only=True) as store:
        rows = queries.entities(store, type_, limit)
    if _listed_elsewhere(rows, as_json, "no entities", lambda e: e.listing_json()):
        return
    out.print(f"{'mentions':>8} {'articles':>8}  {'type':<9} name", markup=False)
    for e in rows:
        extra = []
        if e.roles:
            extra.append("roles: " + "; ".join(e.roles[:3]))
        others = [a for a in e.aliases if a != e.name]
        if others:
            extra.append("also: " + ", ".join(others[:4]))
        tail = f"  ({' | '.join(extra)})" if extra else ""
        out.print(f"{e.n_mentions:>8} {e.n_articles:>8}  {e.type:<9} {e.name}{tail}",
                  markup=False)


@app.command()
def quotes(
    db: DbOption = DEFAULT_DB,
    speaker: Annotated[
        str | None, typer.Option("--speaker", help="Only quotes by this speaker (name or alias).")
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
        out.print(f"[bold]{who}[/bold] {how} · {q.kind} · {q.first_date or '?'} · "
                  f"{q.n_sources} independent source{'s' if q.n_sources != 1 else ''}")
        out.print(f"  “{q.text}”", markup=False)
        for m in q.mentions[:5]:
            out.print(f"    {sources.get(m.article, m.article)} [{m.start}:{m.end}]",
                      markup=False)


@app.command()
def claims(
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per group.")] = False,
) -> None:
    """Figures claimed, grouped by what they count: agree, series, conflict or single."""
    with _open(db, read_only=True) as store:
        groups = queries.claim_groups(store)
    if _listed_elsewhere(groups, as_json, "no claims"):
        return
    for g in groups:
        unit = f" ({g.unit})" if g.unit else ""
        out.print(f"[bold]{g.counted}[/bold]{unit} · {g.agreement.upper()} · "
                  f"{g.n_sources} independent source{'s' if g.n_sources != 1 else ''}")
        for c in g.claims:
            qual = f"{c.qualifier} " if c.qualifier else ""
            out.print(f"  {qual}{c.value:,g}  as of {c.as_of or '?'}  "
                      f"per {c.source.name or 'unattributed'}  "
                      f"({len(c.mentions)} mention{'s' if len(c.mentions) != 1 else ''}, "
                      f"{c.independent_reports} independent)", markup=False)


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
        out.print(f"[bold]{s.id}[/bold]  {s.size} article{'s' if s.size != 1 else ''}"
                  f" · {s.first or '?'} to {s.last or '?'} · {', '.join(s.label)}")
        for article in s.articles[:8]:
            out.print(f"    {sources.get(article, article)}", markup=False)
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
            err.print(f"[red]error:[/red] no story {story!r}; `storyline stories` lists them")
            raise typer.Exit(2)
        items = views.timeline if story is None else views.story_timeline(story)
    if _listed_elsewhere(items, as_json, "nothing dated"):
        return
    for i in items:
        out.print(f"{i.date}  {i.kind:<6} {i.who or 'unattributed'}: "
                  f"{i.text[:110]}  [{i.n_sources}]", markup=False)


@app.command("steps")
def steps_cmd(
    markdown: Annotated[bool, typer.Option("--markdown", help="As a Markdown table.")] = False,
) -> None:
    """List the steps of the flow in run order: scope, version, what each reads and writes."""
    if markdown:
        out.print(steps_markdown(), markup=False, end="")
        return
    for s in STEPS:
        out.print(f"[bold]{s.name}[/bold] v{s.version} ({s.scope}): {s.doc}")
        out.print(f"    reads  {', '.join(s.reads)}", markup=False)
        out.print(f"    writes {', '.join(s.writes)}", markup=False)


@app.command()
def info(db: DbOption = DEFAULT_DB) -> None:
    """Show what the store holds, each step's version and what is stale."""
    with _open(db, read_only=True) as store:
        counts = store.counts()
        for step in STEPS:
            counts |= step.summary(store) if step.summary else {}
        counts.pop("copy groups rebuilt", None)
        plan = runner.plan(store, STEPS)
        out.print(f"store: {db}  (schema version {store.schema_version()})")
        for key, value in counts.items():
            out.print(f"  {key}: {value}")
        out.print("steps (stored version -> this storyline's)")
        for p in plan:
            out.print(f"  {p.name:<12} {p.scope:<8} v{p.stored_version or '-'} -> v{p.version}"
                      f"  {p.work}", markup=False)


def _version(value: bool) -> None:
    if value:
        out.print(f"storyline {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Turn raw news pages into a sourced record of a story."""


def main() -> None:
    app()
