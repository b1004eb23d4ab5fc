"""The `storyline` command line.

Commands are thin: they open the store, call the pipeline or a presenter,
and print. Exit status: 0 when everything worked, 1 when some input failed
(the summary lists it), 2 for usage errors, an unusable store or output
path, and any other failure, said in one sentence (`--debug` shows the
traceback). Outputs are checked before a run starts. Text that comes from
the user's files (names, titles, errors) is printed as text: never read as
rich markup, with control characters made visible (`commands/common.py`).

The commands live in `present/commands/`, one module per family; each imports
the stages it uses when it runs, so `--help` and the commands that only read
the store start without importing the whole pipeline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from storyline import __version__
from storyline.present.commands import listings, meta, pipeline
from storyline.present.commands.common import fail, opened, out


def _sentence(error: Exception) -> str:
    """An unexpected failure in one sentence."""
    import duckdb

    from storyline.store import StoreError
    from storyline.store.duck import store_failure

    if isinstance(error, StoreError):
        return str(error)
    if isinstance(error, duckdb.Error):
        return str(store_failure(error, opened[-1] if opened else Path("storyline.duckdb")))
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
        opened.clear()
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

# In the order `--help` lists them.
app.command()(pipeline.run)
app.command()(pipeline.extract)
app.command("export")(pipeline.export_cmd)
app.command()(pipeline.report)
app.command("reextract")(pipeline.reextract_cmd)
app.command("update")(pipeline.update_cmd)
app.command()(listings.copies)
app.command("entities")(listings.entities_cmd)
app.command()(listings.quotes)
app.command()(listings.claims)
app.command("stories")(listings.stories_cmd)
app.command("timeline")(listings.timeline_cmd)
app.command("events")(listings.events_cmd)
app.command("steps")(meta.steps_cmd)
app.command()(meta.serve)
app.command()(meta.search)
app.command()(meta.info)


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
