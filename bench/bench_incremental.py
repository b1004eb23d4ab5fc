"""Incremental updates: +1 and +20 new articles into a store of 2,000 (or more) articles.

A store of N articles is made by bench/make_big_store.py (a seed of real PolNeAR texts
run through the pipeline, replicated in SQL; cached under /tmp). Each case copies
it, writes k PolNeAR articles that are not in the seed as JSON Lines (into a temporary
folder, never into the repo) and runs ingest plus `update` in-process, as `storyline
run` does. Printed: seconds per step and in total, against the goal of the issue
(under 5 s for +20 articles into 100,000), and the peak memory of each case (each runs in
its own process). The anchor is a whole rebuild of the corpus
steps on the same store (every corpus step forced to redo everything, which also
settles the generated store: its stored groups become what this code makes), so the
figure shows what incremental work saves.

    .venv/bin/python bench/bench_incremental.py --sizes 2000 --adds 1,20

At 100,000 settling takes about an hour: bench/settle_big_store.py builds and settles a
store in one command (`make bench-big` then runs +20 on it with `--base`). `--base
STORE` takes a store as it is (no anchor; a store straight from make_big_store.py
re-resolves in its first update the entities the generator shared between replicas, so
later steps redo more than a settled store would), `--until STEP` stops the update after
that step, and `--only-new STEPS` runs the other steps at the versions the store records
(not redone whole when their version changed since the store was made):

    .venv/bin/python bench/bench_incremental.py --base big100k.duckdb --in-place \
        --adds 1,20 --until entities --only-new entities

With `--only-new`, the extract step is left out unless named (it finds its work by the
extractor's version, so a store from an older extractor would be extracted again whole;
ingest extracts the new documents). `--skip STEPS` leaves steps out of the update
(another step too slow at that size to wait for). Each case prints wall seconds per step
and, with `--cpu`, each step's CPU seconds
in this process (`time.process_time`: a pool's or Dask's workers are not counted), the
runner's own bookkeeping between steps, and the load average when the case ended:

    STORYLINE_MEMORY_LIMIT=3GB .venv/bin/python bench/bench_incremental.py \
        --base big100k.duckdb --tmp DIR --adds 20 --cpu --only-new copies,site_notes,fact_groups

With `--cpu` each step's peak memory is printed too (this process's, reset before each
step). `--stored-site` gives the new articles the host of a site the store holds (the
bench's PolNeAR articles otherwise come from sites no stored article is from, so the
site_notes step has nothing to look at); `--keep-entity-state` updates with the entities
step's `keep_entity_state` option. `--from 0,20,...` adds one batch of each `--adds` size
from each of these places in the PolNeAR articles outside the seed (instead of `--case`),
and prints what the entities step did (resolved the new articles alone, with how many
stored units moved, or why it resolved the whole corpus); `--check-whole` then compares
the entity tables with a whole entities resolution of a copy of the updated store:

    .venv/bin/python bench/bench_incremental.py --base settled10k.duckdb --adds 20 \
        --from 0,20,40,60,80,100,120,140,160,180 --keep-entity-state --until entities \
        --check-whole
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import logging
import multiprocessing
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from storyline.run import pipeline, runner
from storyline.run.executors import local_executor
from storyline.run.steps import STEPS, preloads
from storyline.store import Store, step_tables

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
#: Seed articles of make_big_store.py (its default); new articles are taken outside them.
SEED = 400
GOAL_S = 5.0


def new_records(k: int, offset: int = 0) -> list[dict]:
    """`k` PolNeAR articles that make_big_store.py's seed does not hold."""
    sys.path.insert(0, str(ROOT / "bench"))
    from make_big_store import seed_records  # noqa: PLC0415 - bench helper, not a package

    taken = {r["url"] for r in seed_records(SEED)}
    pool = [r for r in seed_records(100_000) if r["url"] not in taken]
    if len(pool) < offset + k:
        sys.exit(f"only {len(pool)} PolNeAR articles outside the seed")
    return pool[offset : offset + k]


def on_stored_site(records: list[dict], db: Path) -> list[dict]:
    """The records moved to the host of a site the store holds (its first article's), so
    that the site_notes step looks at a stored site's articles, as a real update's
    articles from known outlets make it do."""
    import duckdb  # noqa: PLC0415 - only for this option

    with duckdb.connect(str(db), read_only=True) as con:
        url = con.execute("SELECT url FROM articles WHERE status = 'ok' AND url LIKE "
                          "'http%://%' ORDER BY id LIMIT 1").fetchone()
    if not url:
        sys.exit(f"no article with a URL in {db}")
    host = url[0].split("/")[2]
    return [r | {"url": "/".join([*r["url"].split("/")[:2], host, *r["url"].split("/")[3:]])
                 + "-new"} for r in records]


def _versions_tag() -> str:
    """A short tag of the schema and every step's version."""
    from storyline.run.steps import STEPS
    from storyline.store.schema import SCHEMA_VERSION

    text = f"{SCHEMA_VERSION}:" + ",".join(f"{s.name}={s.version}" for s in STEPS)
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def big_store(n: int, cache: Path) -> tuple[Path, float, dict[str, float]]:
    """The store of `n` articles, settled: its corpus steps redone whole once (the
    anchor's figures), so that stored groups and the steps' records are what this
    code makes (the generator shares entities between replicas, which a resolution
    would not). Cached with the anchor's figures."""
    tag = _versions_tag()  # a store settled by older steps would redo them all on "+1"
    path, figures = cache / f"big-{n}-{tag}.duckdb", cache / f"big-{n}-{tag}.anchor.json"
    if not path.exists() or not figures.exists():
        raw = cache / f"big-{n}.raw.duckdb"
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_big_store.py"), "--n",
                        str(n), "--out", str(raw), "--seed", str(SEED), "--force"], check=True)
        total, steps = rebuild(raw)
        figures.write_text(json.dumps([total, steps]))
        raw.rename(path)
    total, steps = json.loads(figures.read_text())
    return path, total, steps


def _peak_gb(reset: bool = False) -> float | None:
    """This process's peak resident memory in GB since the last reset (Linux: VmHWM, reset
    through clear_refs); None where /proc does not say."""
    try:
        if reset:
            Path("/proc/self/clear_refs").write_text("5")
            return None
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 2**20
    except OSError:
        pass
    return None


def _timed(step, cpu: dict[str, float]):
    """The step, its run's CPU seconds (this process) added to `cpu[step.name]`, and its
    peak memory (GB) kept as `cpu["peak " + step.name]`."""
    def run(ctx, items):
        _peak_gb(reset=True)
        start = time.process_time()
        try:
            return step.run(ctx, items)
        finally:
            cpu[step.name] = cpu.get(step.name, 0.0) + time.process_time() - start
            peak = _peak_gb()
            if peak is not None:
                key = f"peak {step.name}"
                cpu[key] = max(cpu.get(key, 0.0), peak)

    return dataclasses.replace(step, run=run)


def add(db: Path, records: list[dict], tmp: Path, workers: int, until: str | None = None,
        keep: frozenset[str] = frozenset(), skip: frozenset[str] = frozenset(),
        options: dict | None = None, cpu: dict[str, float] | None = None
        ) -> tuple[float, dict[str, float]]:
    """Ingest `records` and update; `until`: the last step to run; `keep`: if given, only
    these steps run at their own version, the others at the version the store records;
    `skip`: steps left out; `options`: the update's options; `cpu`: filled with CPU
    seconds per step (and "ingest", "update" for the whole update)."""
    cpu = {} if cpu is None else cpu
    folder = tmp / "in"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    with open(folder / "new.jsonl", "w", encoding="utf-8") as out:
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    start, cpu_start = time.perf_counter(), time.process_time()
    with Store.open(db) as store, local_executor(workers, preloads()) as executor:
        pipeline.ingest([folder], store, executor)
        ingest_s = time.perf_counter() - start
        cpu["ingest"] = time.process_time() - cpu_start
        if (peak := _peak_gb()) is not None:
            cpu["peak ingest"] = peak
        steps = list(STEPS)
        if keep:  # a store made before another step's version changed: not redone whole
            stored = step_tables.states(store)
            steps = [s if s.name in keep or s.name not in stored else
                     dataclasses.replace(s, version=stored[s.name].version) for s in steps]
            # the extract step finds its work by the extractor's own version, not the
            # step's: with a store from an older extractor it would extract every document
            # again (and its cascade redo the whole store); ingest extracted the new ones.
            # It stays in the list with nothing to do, so that the steps it feeds (copies,
            # site_notes) still see its new output and run.
            if "extract" not in keep:
                steps = [dataclasses.replace(s, pending=lambda store: [])
                         if s.name == "extract" else s for s in steps]
        if until:
            order = [s.name for s in runner.ordered(STEPS)]
            steps = [s for s in steps if order.index(s.name) <= order.index(until)]
        steps = [_timed(s, cpu) for s in steps if s.name not in skip]
        update_cpu = time.process_time()
        reports = pipeline.update(store, executor, options, steps=steps)
        cpu["update"] = time.process_time() - update_cpu
    return time.perf_counter() - start, {"ingest": ingest_s} | {
        r.name: r.seconds for r in reports}


class _Said(logging.Handler):
    """What the entities step says of its route (alone, units moved, or why whole)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        msg = record.getMessage()
        if "moved" in msg or "resolving the whole corpus" in msg or "alone" in msg:
            self.lines.append(msg.removeprefix("entities: "))


def _case(queue, *args) -> None:
    cpu: dict[str, float] = {}
    said = _Said()
    logger = logging.getLogger("storyline.run.steps.entities")
    logger.setLevel(logging.INFO)
    logger.addHandler(said)
    total, steps = add(*args, cpu)
    # the steps' peaks reset the process's (`_timed`): the case's peak is the largest
    peak = max([resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20,
                *(v for k, v in cpu.items() if k.startswith("peak "))])
    queue.put((total, steps, peak, cpu, said.lines))


def add_apart(*args) -> tuple[float, dict[str, float], float, dict[str, float], list[str]]:
    """`add` in a process of its own: (seconds, seconds per step, peak memory in GB, CPU
    seconds per step, what the entities step said of its route)."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_case, args=(queue, *args))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def entity_tables(db: Path) -> tuple[list, list]:
    with Store.open(db) as store:
        return (store.con.execute("SELECT * FROM entities ORDER BY id").fetchall(),
                store.con.execute("SELECT * FROM entity_mentions ORDER BY ALL").fetchall())


def equals_whole(db: Path) -> bool:
    """Whether the entity tables of the updated store at `db` are those of a whole
    entities resolution of it (made in a copy, the steps after entities left out)."""
    whole = db.with_name("whole.duckdb")
    shutil.copy(db, whole)
    try:
        with Store.open(whole) as store:
            runner.forget(store, STEPS, "entities", None)
            order = [s.name for s in runner.ordered(STEPS)]
            pipeline.update(store, steps=[s for s in STEPS
                                          if order.index(s.name) <= order.index("entities")])
        return entity_tables(db) == entity_tables(whole)
    finally:
        whole.unlink()


def rebuild(db: Path) -> tuple[float, dict[str, float]]:
    """The anchor: every corpus step forgets everything and redoes the whole store."""
    with Store.open(db) as store:
        corpus = [s.name for s in STEPS if s.scope == "corpus" and s.name != "copies"]
        for name in corpus:
            runner.forget(store, STEPS, name, None)
        start = time.perf_counter()
        reports = pipeline.update(store)
    return time.perf_counter() - start, {r.name: r.seconds for r in reports if r.name in corpus}


def _row(label: str, total: float, steps: dict[str, float]) -> str:
    parts = ", ".join(f"{k} {v:.2f}" for k, v in steps.items() if v >= 0.01)
    return f"  {label:<22} {total:7.2f} s  ({parts})"


def _cpu_row(total: float, steps: dict[str, float], cpu: dict[str, float]) -> str:
    """CPU seconds per step, and the runner's bookkeeping: the update's wall and CPU
    seconds outside the steps' own runs."""
    ran = [k for k in steps if k != "ingest"]
    parts = ", ".join(f"{k} {cpu.get(k, 0.0):.2f}" for k in ["ingest", *ran]
                      if cpu.get(k, 0.0) >= 0.01)
    wall_left = total - sum(steps.values())
    cpu_left = cpu.get("update", 0.0) - sum(cpu.get(k, 0.0) for k in ran)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    peaks = ", ".join(f"{k} {cpu[f'peak {k}']:.2f}" for k in ran if f"peak {k}" in cpu)
    return (f"  {'  CPU s':<22} {sum(cpu.get(k, 0.0) for k in ('ingest', 'update')):7.2f} s  "
            f"({parts}; runner outside the steps: {cpu_left:.2f} CPU, {wall_left:.2f} wall "
            f"besides steps' reports) load {load}"
            + (f"\n  {'  peak GB':<22} {'':7}    ({peaks})" if peaks else ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="2000", help="store sizes, comma-separated (100000 "
                    "works, but settling it takes a whole event fusion: hours)")
    ap.add_argument("--adds", default="1,20", help="articles added, comma-separated")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "storyline-inc")
    ap.add_argument("--base", type=Path, help="a store to add to as it is (no anchor)")
    ap.add_argument("--until", help="stop each update after this step")
    ap.add_argument("--tmp", type=Path, help="folder for the copies of the store")
    ap.add_argument("--only-new", default="", help="comma-separated steps that run at "
                    "their current version; the others keep the version --base records (a "
                    "store made before another step's version changed)")
    ap.add_argument("--in-place", action="store_true", help="add to --base itself, one "
                    "case after the other (no copy of a large store)")
    ap.add_argument("--skip", default="", help="comma-separated steps left out of the update")
    ap.add_argument("--cpu", action="store_true", help="also print CPU seconds per step, "
                    "the runner's bookkeeping and the load average")
    ap.add_argument("--case", type=int, default=0, help="number of the first case: case i "
                    "adds the PolNeAR articles from i*100 on (`--adds 20 --case 1` adds the "
                    "articles `--adds 1,20` adds in its second case)")
    ap.add_argument("--stored-site", action="store_true", help="the new articles come "
                    "from a site the store holds (the host of its first article's URL)")
    ap.add_argument("--keep-entity-state", action="store_true", help="update with the "
                    "entities step's keep_entity_state option (added articles resolved "
                    "alone against the kept state when no stored decision changes)")
    ap.add_argument("--from", dest="starts", default="", help="comma-separated offsets in "
                    "the PolNeAR articles outside the seed: one batch of each --adds size "
                    "from each (instead of --case); prints how the entities step went")
    ap.add_argument("--check-whole", action="store_true", help="after each batch, compare "
                    "the entity tables with a whole entities resolution of a copy")
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    sizes = [int(x) for x in args.sizes.split(",")]
    adds = [int(x) for x in args.adds.split(",")]
    if args.in_place and not args.base:
        sys.exit("--in-place needs --base")
    for n in [None] if args.base else sizes:
        if args.base:
            base = args.base
            print(f"store {base} as it is, without an anchor:")
        else:
            base, anchor_s, anchor_steps = big_store(n, args.cache)
            print(f"store of {n:,} articles ({base}):")
            print(_row("anchor: whole rebuild", anchor_s, anchor_steps))
        with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
            work = Path(tmp)
            starts = [int(x) for x in args.starts.split(",") if x]
            batches = [(k, start) for start in starts for k in adds] if starts else [
                (k, (args.case + offset) * 100) for offset, k in enumerate(adds)]
            for k, start in batches:
                db = base if args.in_place else work / "store.duckdb"
                if not args.in_place:
                    shutil.copy(base, db)
                    # the copy is written back before the update is timed: a large store's
                    # writeback otherwise competes with the update's reads (a +20 at
                    # 100,000 read 60% slower right after the copy)
                    os.sync()
                keep = frozenset(x for x in args.only_new.split(",") if x)
                skip = frozenset(x for x in args.skip.split(",") if x)
                options = {"keep_entity_state": True} if args.keep_entity_state else None
                records = new_records(k, start)
                if args.stored_site:
                    records = on_stored_site(records, db)
                total, steps, peak, cpu, said = add_apart(db, records, work, args.workers,
                                                          args.until, keep, skip, options)
                verdict = "" if k != 20 or args.until or skip else (
                    "  goal < 5 s: met" if total < GOAL_S else "  goal < 5 s: NOT met")
                label = f"+{k} article{'s' if k != 1 else ''}" + (
                    f" from {start}" if starts else "")
                print(_row(label, total, steps) + f"  peak {peak:.2f} GB" + verdict, flush=True)
                if starts or args.check_whole:
                    print("    entities: " + "; ".join(re.sub(r"^units to make for \d+ articles; ",
                                                           "", line) for line in said)
                          + (f"; equal to a whole resolution: "
                             f"{'yes' if equals_whole(db) else 'NO'}" if args.check_whole
                             else ""), flush=True)
                if args.cpu:
                    print(_cpu_row(total, steps, cpu), flush=True)
                if not args.in_place:
                    db.unlink()


if __name__ == "__main__":
    main()
