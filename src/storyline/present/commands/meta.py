"""Commands about the flow and the store as a whole: steps, serve, search, info."""

from __future__ import annotations

from typing import Annotated

import typer

from storyline.present.commands.common import (
    DEFAULT_DB,
    DbOption,
    err,
    fail,
    open_store,
    out,
    print_json,
    say,
    warn_interrupted,
)


def steps_cmd(
    markdown: Annotated[bool, typer.Option("--markdown", help="As a Markdown table.")] = False,
) -> None:
    """List the steps of the flow in run order: scope, version, what each reads and writes."""
    from storyline.run.steps import STEPS
    from storyline.run.steps import markdown as steps_markdown

    if markdown:
        out.print(steps_markdown(), end="")
        return
    for s in STEPS:
        say(out, (s.name, "bold"), f" v{s.version} ({s.scope}): {s.doc}")
        out.print(f"    reads  {', '.join(s.reads)}")
        out.print(f"    writes {', '.join(s.writes)}")


def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help="Address to listen on; the default "
                                      "answers this machine only.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8765,
) -> None:
    """Explore the store in a browser, with a JSON API (see docs/web.md)."""
    with open_store(db, read_only=True):
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

    with open_store(db, read_only=True):
        pass
    index = SearchIndex(search_index_path(db))
    try:
        report = index.sync(lambda: open_store(db, read_only=True))
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


def info(db: DbOption = DEFAULT_DB) -> None:
    """Show what the store holds, each step's version and what is stale."""
    from storyline.run import runner
    from storyline.run.steps import STEPS
    from storyline.store import input_tables

    with open_store(db, read_only=True) as store:
        counts = store.counts()
        for step in STEPS:
            counts |= step.summary(store) if step.summary else {}
        counts.pop("copy groups rebuilt", None)
        plan = runner.plan(store, STEPS)
        say(out, f"store: {db}  (schema version {store.schema_version()})")
        warn_interrupted(store)
        for key, value in counts.items():
            say(out, f"  {key}: {value}")
        missing = input_tables.failures(store)
        if missing:
            say(out, f"inputs not read ({len(missing)}; a run over them again reads them)")
            for path, part, reason in missing:
                say(out, f"  {path}{f' ({part})' if part else ''}: {reason}")
        out.print("steps (stored version -> this storyline's)")
        for p in plan:
            say(out, f"  {p.name:<12} {p.scope:<8} v{p.stored_version or '-'} -> v{p.version}"
                     f"  {p.work}")

