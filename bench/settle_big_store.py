"""Build a store of N articles and settle it with the current code, in one command.

bench/make_big_store.py makes a large store in minutes by replicating a seed, but its
corpus steps' outputs are the generator's (entities shared between replicas, groups and
fusions copied per replica), not what the code makes over the whole store. A benchmark of
an incremental update (bench/bench_incremental.py `--base`) needs a *settled* store:
every corpus step redone whole once, so that +20 measures the update and not a first
settling. At 100,000 articles that takes about an hour, and each session redid it by
hand; this script is that procedure:

1. build: make_big_store.py's `build` into `--out` (skipped with `--reuse`);
2. forget: every corpus step but `copies` (the generator's copy groups are what a
   whole pass makes; redoing them takes long and changes nothing) forgets everything,
   as bench_incremental.py's anchor does, so the next update redoes it whole;
3. settle: one `pipeline.update` in this process (one local worker), with the extract
   step's work emptied (the generator copies its records; documents are not extracted
   again), and each step timed: wall seconds, CPU seconds (`time.process_time`, this
   process), peak resident memory (VmHWM, reset before each step), what it handed on.

`--skip STEPS` forgets those steps too but leaves them out of this update (a step too
slow to wait for now, such as a whole event fusion at 100,000): the store then says
they have everything to redo. A later call `--reuse --steps STEPS` settles them alone
(only the named steps are forgotten; any other stale step is an error, as it would
otherwise be redone silently). The figures are printed as a table and written beside
the store as JSON (`<store>.settle.json`, each call appended to its `runs`).

    STORYLINE_SHARED=../shared .venv/bin/python bench/settle_big_store.py --n 100000 \
        --out DIR/settled.duckdb --memory 3GB --skip event_groups,stories
    .venv/bin/python bench/settle_big_store.py --out DIR/settled.duckdb --reuse \
        --steps event_groups --skip stories --memory 3GB

The entities step runs with `keep_entity_state` (its opt-in state for added articles,
which +20 benches with `--keep-entity-state` read) unless `--no-keep-entity-state`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import platform
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_big_store  # noqa: E402 - bench helper, not a package
from bench_incremental import _peak_gb  # noqa: E402

from storyline.run import pipeline, runner  # noqa: E402
from storyline.run.executors import local_executor  # noqa: E402
from storyline.run.steps import STEPS, preloads  # noqa: E402
from storyline.store import Store  # noqa: E402
from storyline.store.schema import SCHEMA_VERSION  # noqa: E402

#: Corpus steps a settle redoes by default: all but `copies` (see the module's docstring).
SETTLED = tuple(s.name for s in STEPS if s.scope == "corpus" and s.name != "copies")
#: Seconds between two progress lines of one step.
PROGRESS_EVERY = 60.0


class SettleError(RuntimeError):
    """The settle cannot be done as asked."""


def say(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)


def _names(text: str) -> list[str]:
    names = [x.strip() for x in text.split(",") if x.strip()]
    unknown = sorted(set(names) - {s.name for s in STEPS})
    if unknown:
        raise SettleError(f"unknown steps {unknown}; the steps are "
                          f"{[s.name for s in STEPS]}")
    return names


def _cpu_all() -> float:
    """CPU seconds of this process and its waited-for children (the seed's `storyline
    run` is a child)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def build(args: argparse.Namespace) -> dict:
    """make_big_store.py's build into `args.out`, timed."""
    say(f"build: {args.n:,} articles into {args.out} (seed {args.seed}, DuckDB memory "
        f"{args.memory})")
    _peak_gb(reset=True)
    wall, cpu = time.perf_counter(), _cpu_all()
    args.out.unlink(missing_ok=True)
    counts = make_big_store.build(args.n, args.out, args.seed, args.per_story, args.days,
                                  args.chunk, args.memory, wall)
    figures = {"wall": time.perf_counter() - wall, "cpu": _cpu_all() - cpu,
               "peak_gb": _peak_gb(), "found": counts,
               "mb": args.out.stat().st_size / 2**20}
    say(f"build done: {json.dumps(figures)}")
    return figures


def _timed(step, figures: dict[str, dict]):
    """The step, each run timed into `figures[step.name]` and announced."""
    def run(ctx, items):
        if step.name not in figures:  # an article step runs once per batch
            what = "whole" if items is None else f"{len(items):,} articles a batch"
            say(f"start {step.name} v{step.version} ({what})")
        _peak_gb(reset=True)
        wall, cpu = time.perf_counter(), time.process_time()
        out = step.run(ctx, items)
        f = figures.setdefault(step.name, {"wall": 0.0, "cpu": 0.0, "peak_gb": 0.0,
                                           "items": 0, "runs": 0})
        f["wall"] += time.perf_counter() - wall
        f["cpu"] += time.process_time() - cpu
        f["peak_gb"] = max(f["peak_gb"], _peak_gb() or 0.0)
        f["items"] = None if items is None else f["items"] + len(items)
        f["runs"] += 1
        if step.scope == "corpus":
            f["handed_on"] = None if out.changed is None else len(out.changed)
            f["handed_on_by_table"] = {k: len(v) for k, v in sorted(out.changed_in.items())}
        say(f"done {step.name}: {f['wall']:.1f} s wall, {f['cpu']:.1f} s CPU, peak "
            f"{f['peak_gb']:.2f} GB" + (f", handed on {f['handed_on']}"
                                        if "handed_on" in f else ""))
        return out

    return dataclasses.replace(step, run=run)


def _progress(name: str):
    last = [time.perf_counter()]

    def tick(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] >= PROGRESS_EVERY or done == total:
            last[0] = now
            say(f"  {name}: {done:,} of {total:,}")

    return tick


def settle(db: Path, settle_steps: list[str], skip: list[str], keep_state: bool,
           workers: int) -> dict:
    """Forget `settle_steps` and `skip`, then one update of every step but `skip`."""
    options = {"keep_entity_state": True} if keep_state else None
    figures: dict[str, dict] = {}
    with Store.open(db) as store, local_executor(workers, preloads()) as executor:
        for name in [*settle_steps, *skip]:
            runner.forget(store, STEPS, name, None)
        say(f"forgot {', '.join([*settle_steps, *skip])} (whole redo); settling "
            f"{', '.join(settle_steps)}" + (f"; left for later: {', '.join(skip)}"
                                             if skip else ""))
        # extract finds no work (its records are the generator's copies); it stays in the
        # update so that the steps it feeds see their inputs as the runner records them
        steps = [dataclasses.replace(s, pending=lambda store: []) if s.name == "extract"
                 else s for s in STEPS if s.name not in skip]
        stale = [p.name for p in runner.plan(store, steps, options)
                 if p.scope == "corpus" and p.name not in settle_steps
                 and p.work.startswith("stale")]
        if stale:
            raise SettleError(f"{', '.join(stale)} stale in {db} but not asked to settle: "
                              "name them in --steps or --skip")
        wall, cpu = time.perf_counter(), time.process_time()
        reports = pipeline.update(store, executor, options, progress=_progress,
                                  steps=[_timed(s, figures) for s in steps])
        total = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                 "peak_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20}
    for r in reports:
        if r.ran and r.name in figures:
            figures[r.name].update(version=r.version, processed=r.processed, found=r.found,
                                   reason=r.reason, failures=len(r.failures))
    return {"steps": figures, "total": total}


def table(run: dict) -> str:
    """The run's figures as a Markdown table."""
    rows = ["| step | wall s | CPU s | peak GB | items | handed on | found |",
            "|---|---|---|---|---|---|---|"]
    if "build" in run:
        b = run["build"]
        rows.append(f"| build (make_big_store) | {b['wall']:,.0f} | {b['cpu']:,.0f} | "
                    f"{b['peak_gb'] or 0:.2f} | | | {b['found'].get('articles', 0):,} "
                    f"articles, {b['mb']:,.0f} MB |")
    for name, f in run["steps"].items():
        found = ", ".join(f"{k} {v:,}" for k, v in (f.get("found") or {}).items())
        items = "whole" if f["items"] is None else f"{f['items']:,}"
        handed = f.get("handed_on", "")
        rows.append(f"| {name} v{f.get('version', '?')} | {f['wall']:,.0f} | {f['cpu']:,.0f} | "
                    f"{f['peak_gb']:.2f} | {items} | "
                    f"{'all' if handed is None else handed} | {found} |")
    t = run["total"]
    rows.append(f"| the update in all | {t['wall']:,.0f} | {t['cpu']:,.0f} | "
                f"{t['peak_gb']:.2f} | | | |")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="the store to build and settle")
    ap.add_argument("--n", type=int, default=100_000, help="articles to build")
    ap.add_argument("--reuse", action="store_true", help="settle --out as it is (built "
                    "earlier, or settled in part); no build")
    ap.add_argument("--force", action="store_true", help="replace --out if it exists")
    ap.add_argument("--steps", default=",".join(SETTLED), help="corpus steps to forget "
                    "and settle (default: every corpus step but copies)")
    ap.add_argument("--skip", default="", help="corpus steps forgotten but left out of "
                    "this update (settle them later with --reuse --steps)")
    ap.add_argument("--memory", default="3GB", help="DuckDB memory limit of the build and "
                    "the update (STORYLINE_MEMORY_LIMIT)")
    ap.add_argument("--no-keep-entity-state", action="store_true", help="settle the "
                    "entities step without its keep_entity_state option")
    ap.add_argument("--workers", type=int, default=1, help="local workers of the update")
    ap.add_argument("--json", type=Path, help="figures file (default <out>.settle.json)")
    ap.add_argument("--seed", type=int, default=400, help="make_big_store.py --seed")
    ap.add_argument("--per-story", type=int, default=12, help="make_big_store.py --per-story")
    ap.add_argument("--days", type=int, default=730, help="make_big_store.py --days")
    ap.add_argument("--chunk", type=int, default=25, help="make_big_store.py --chunk")
    ap.add_argument("--quiet", action="store_true", help="without the steps' INFO logs")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO,
                        format="%(asctime)s %(name)s %(message)s", datefmt="%H:%M:%S")
    os.environ["STORYLINE_MEMORY_LIMIT"] = args.memory  # read when a store is opened
    json_path = args.json or args.out.with_name(args.out.name + ".settle.json")
    try:
        skip = _names(args.skip)
        settle_steps = [x for x in _names(args.steps) if x not in skip]
        article = sorted({*settle_steps, *skip} - set(SETTLED) - {"copies"})
        if article:
            raise SettleError(f"{article}: not corpus steps (article steps are redone "
                              "through the cascade from the corpus steps they read)")
        if args.reuse and not args.out.exists():
            raise SettleError(f"--reuse: {args.out} does not exist")
        if not args.reuse and args.out.exists() and not args.force:
            raise SettleError(f"{args.out} exists; --reuse to settle it as it is, --force "
                              "to build it again")
        run: dict = {"started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                     "schema": SCHEMA_VERSION,
                     "versions": {s.name: s.version for s in STEPS},
                     "code": str(Path(sys.modules["storyline"].__file__).parent),
                     "memory": args.memory, "settled": settle_steps, "skipped": skip,
                     "keep_entity_state": not args.no_keep_entity_state,
                     "cores": os.cpu_count(), "machine": platform.machine(),
                     "load_start": os.getloadavg()}
        if not args.reuse:
            run["n"] = args.n
            run["build"] = build(args)
        run |= settle(args.out, settle_steps, skip, not args.no_keep_entity_state,
                      args.workers)
        run["load_end"] = os.getloadavg()
    except (SettleError, make_big_store.GenError) as err:
        sys.exit(f"settle_big_store: {err}")
    old = json.loads(json_path.read_text()) if args.reuse and json_path.exists() else {}
    json_path.write_text(json.dumps({"store": str(args.out),
                                     "runs": [*old.get("runs", []), run]}, indent=1) + "\n")
    print(table(run))
    print(f"load {run['load_start'][0]:.1f} at the start, {run['load_end'][0]:.1f} at the "
          f"end; figures in {json_path}")
    if skip:
        print(f"left for a whole redo at the next update: {', '.join(skip)} (settle: --reuse "
              f"--steps {','.join(skip)})")


if __name__ == "__main__":
    main()
