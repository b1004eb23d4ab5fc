"""Dask: the whole pipeline on the same shards with a local process pool and with Dask.

Real news texts (PolNeAR train articles, read from ../shared and written to a
temporary folder, never into the repo) as shards: half the shards are folders of
text files, half JSON Lines files (one article a line). They go through ingest and
every step into a fresh store, once with `local_executor(2)` (the `--workers 2`
pool, which reads the files in this process) and once with `DaskExecutor` over a
`distributed.LocalCluster` of 2 worker processes (`--executor dask`, where each
shard is read and extracted on a worker: `extract_shard`). Printed: articles/s for
both and each step's seconds; for Dask, how the work split: the tasks each worker
ran, the bytes it sent to other workers and its seconds per function; for both
runs, the tasks per function (extract_shard or extract_document, prepare_row,
analyse_run, facts_row, events_run, and the corpus steps' keyed groupings:
group_quote_parts, group_claim_parts, fuse_parts) with the pickled bytes of their
items and results. The two stores' exports are compared byte for byte.

    .venv/bin/python bench/bench_dask.py --n 100
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from storyline.analyse.nlp import load_pipeline
from storyline.present.export import export
from storyline.run import pipeline
from storyline.run.executors import DaskExecutor, local_executor, settled_map
from storyline.run.steps import preloads
from storyline.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_workers import polnear_texts  # noqa: E402 - a sibling benchmark script


class Counted:
    """An executor that counts what it was given, per function: tasks, and the pickled
    bytes of the items sent to workers and of the results that came back."""

    def __init__(self, executor):
        self.executor = executor
        self.workers = executor.workers
        self.tasks: Counter[str] = Counter()
        self.sent: Counter[str] = Counter()
        self.received: Counter[str] = Counter()

    def _count(self, fn, items, results):
        name = getattr(fn, "__name__", "task")
        self.tasks[name] += len(items)
        self.sent[name] += len(pickle.dumps(list(items), protocol=5))
        self.received[name] += len(pickle.dumps(results, protocol=5))
        return results

    def map(self, fn, items):
        return self._count(fn, items, self.executor.map(fn, items))

    def settled_map(self, fn, items):
        return self._count(fn, items, settled_map(self.executor, fn, items))

    def stream_if_any(self):
        """The Dask executor streams shards (ingest reads them on the workers); the pool
        does not, and neither does its wrapper."""
        if callable(getattr(self.executor, "stream", None)):
            self.stream = self._stream

    def _stream(self, fn, items):
        for item, result in zip(items, self.executor.stream(fn, items), strict=True):
            self._count(fn, [item], [result])
            yield result


def _run(executor, shards: Path, tmp: Path, name: str
         ) -> tuple[float, dict[str, float], dict[str, bytes]]:
    db = tmp / f"{name}.duckdb"
    start = time.perf_counter()
    with Store.open(db) as store:
        pipeline.ingest([shards], store, executor)
        ingest_s = time.perf_counter() - start
        reports = pipeline.update(store, executor)
        total = time.perf_counter() - start
        export(store, tmp / f"{name}-export")
    exported = {p.name: p.read_bytes() for p in sorted((tmp / f"{name}-export").iterdir())}
    return total, {"ingest": ingest_s} | {r.name: r.seconds for r in reports if r.ran}, exported


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100, help="articles")
    ap.add_argument("--shards", type=int, default=4, help="shard folders")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    files = polnear_texts(args.n)
    words = sum(len(f.read_text(encoding="utf-8").split()) for f in files)
    print(f"{len(files)} PolNeAR train articles in {args.shards} shards, "
          f"{words / len(files):.0f} words on average; {os.cpu_count()} cores, "
          f"{args.workers} workers; load average at the start "
          + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shards = tmp / "in"
        shards.mkdir()
        for i, f in enumerate(files):
            k = i % args.shards
            if k % 2 == 0:  # a folder of text files
                shard = shards / f"shard{k:02d}"
                shard.mkdir(parents=True, exist_ok=True)
                shutil.copy(f, shard / f.name)
            else:  # a JSON Lines file
                with (shards / f"shard{k:02d}.jsonl").open("a", encoding="utf-8") as out:
                    out.write(json.dumps({"url": f"https://polnear.example/{f.stem}",
                                          "text": f.read_text(encoding="utf-8")}) + "\n")
        sizes = sorted((p.name, sum(q.stat().st_size for q in p.rglob("*")) if p.is_dir()
                        else p.stat().st_size) for p in shards.iterdir())
        print("shards: " + ", ".join(f"{name} {size / 1e6:.2f} MB" for name, size in sizes))
        load_pipeline()  # both runs start with the model loaded in this process
        with local_executor(args.workers, preloads()) as executor:
            local_counted = Counted(executor)
            local = _run(local_counted, shards, tmp, "local")
        started = time.perf_counter()
        with DaskExecutor(workers=args.workers) as executor:
            startup = time.perf_counter() - started
            counted = Counted(executor)
            counted.stream_if_any()
            dask = _run(counted, shards, tmp, "dask")
            per_worker = executor.stats()
    n = len(files)
    print(f"{'':<22}{'local pool':>12}{'dask':>12}")
    print(f"{'articles/s':<22}{n / local[0]:>12.2f}{n / dask[0]:>12.2f}")
    print(f"{'seconds':<22}{local[0]:>12.2f}{dask[0]:>12.2f}")
    for step in local[1]:
        print(f"{'  ' + step:<22}{local[1][step]:>12.2f}{dask[1].get(step, 0.0):>12.2f}")
    print(f"dask cluster start-up {startup:.2f} s (not counted above)")
    print("dask work split:")
    for address, s in sorted(per_worker.items()):
        busy = ", ".join(f"{fn} {sec:.1f} s" for fn, sec in sorted(
            s["seconds"].items(), key=lambda kv: -kv[1]))
        print(f"  worker {address}: {s['tasks']} tasks, {s['bytes_sent'] / 1e6:.2f} MB sent "
              f"to other workers; running: {busy}")
    print("tasks and pickled MB out / back, per function (local pool | dask):")
    for name in sorted(set(counted.tasks) | set(local_counted.tasks),
                       key=lambda k: -(counted.tasks[k] + local_counted.tasks[k])):
        count = counted.tasks[name]
        print(f"  {name:<20}{local_counted.tasks[name]:>6} {local_counted.sent[name] / 1e6:7.2f} "
              f"{local_counted.received[name] / 1e6:7.2f}  |{count:>6} "
              f"{counted.sent[name] / 1e6:7.2f} {counted.received[name] / 1e6:7.2f}")
    print(f"  {'all':<20}{sum(local_counted.tasks.values()):>6} "
          f"{sum(local_counted.sent.values()) / 1e6:7.2f} "
          f"{sum(local_counted.received.values()) / 1e6:7.2f}  |"
          f"{sum(counted.tasks.values()):>6} {sum(counted.sent.values()) / 1e6:7.2f} "
          f"{sum(counted.received.values()) / 1e6:7.2f}")
    print("  (grouping tasks: closed parts of quotes, claims and event mentions, each part "
          "whole in one task: group_quote_parts, group_claim_parts, fuse_parts)")
    print("load average (1, 5, 15 min) at the end: "
          + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    same = local[2] == dask[2]
    differ = sorted(n for n in local[2].keys() | dask[2].keys()
                    if local[2].get(n) != dask[2].get(n))
    print(f"exports byte-identical: {same}" + (f" (differ: {', '.join(differ)})" if differ
                                                else ""))
    for name in differ:  # which records, to tell a fault from a rare flip
        a = local[2].get(name, b"").splitlines()
        b = dask[2].get(name, b"").splitlines()
        lines = [k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
        print(f"  {name}: {len(a)} and {len(b)} records, {len(lines)} differ"
              + (f", first: local {a[lines[0]][:300]!r} | dask {b[lines[0]][:300]!r}"
                 if lines else ""))
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
