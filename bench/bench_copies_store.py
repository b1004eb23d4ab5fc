"""Copies through the real store: a full corpus step, then one more article.

bench_copies.py measures the in-memory index; this measures what a user
waits for when the corpus lives in a DuckDB file: the copies step over N
stored articles (fingerprint, index, verify, persist, assemble groups), and
then an incremental run that adds one article to the persisted index (load
the index from the store, add, verify, rebuild groups). Articles are
copygen.scale_text documents (mutated real text, with copies), written
straight into the store's articles table.

    .venv/bin/python bench/bench_copies_store.py --n 20000
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import copygen  # noqa: E402

from storyline.records import Article, RawDocument, content_id  # noqa: E402
from storyline.run.executors import InlineExecutor, local_executor  # noqa: E402
from storyline.run.step import StepContext  # noqa: E402
from storyline.run.steps.copies import STEP as COPIES  # noqa: E402
from storyline.store import Store  # noqa: E402


def _docs(start: int, n: int, seed: int) -> tuple[list[RawDocument], list[Article]]:
    docs, arts = [], []
    for i in range(start, start + n):
        text = copygen.scale_text(i, seed)
        data = text.encode()
        doc_id = content_id(data + str(i).encode())
        docs.append(RawDocument(id=doc_id, source=f"gen/{i}.txt", kind="text", content=data))
        day = f"2031-{1 + i % 12:02d}-{1 + i % 28:02d}"
        arts.append(Article(id=doc_id, source=f"gen/{i}.txt", url=None,
                            site=f"site{i % 50}.example", title=None, dek=None, author=None,
                            published=day, published_evidence=None, date_evidence=(),
                            language="en", section=None, tags=(), text=text, dropped=(),
                            segments=()))
    return docs, arts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000, help="articles in the store")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=1, help="processes for per-article work")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "b.duckdb") as store:
        for start in range(0, args.n, 2000):
            docs, arts = _docs(start, min(2000, args.n - start), args.seed)
            store.write_batch(docs, arts, "bench")
        t0 = time.perf_counter()
        with local_executor(args.workers) as executor:
            full = COPIES.run(StepContext(store, executor), None)
        t_full = time.perf_counter() - t0
        docs, arts = _docs(args.n, 1, args.seed)
        store.write_batch(docs, arts, "bench")
        t0 = time.perf_counter()
        one = COPIES.run(StepContext(store, InlineExecutor()), None)
        t_one = time.perf_counter() - t0
        rows = store.con.execute("SELECT count(*) FROM copy_index").fetchone()[0]
        size = (Path(tmp) / "b.duckdb").stat().st_size
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"store-level copies, {args.n} articles (copygen.scale_text), "
          f"{args.workers} worker process(es)")
    print(f"  full copies step       {t_full:8.1f} s   {full.processed / t_full:7.0f} articles/s"
          f"   found: {full.found}")
    print(f"  one more article       {t_one * 1000:8.0f} ms  (load persisted index of {rows} "
          f"postings, add, verify, rebuild groups); found: {one.found}")
    print(f"  peak RSS {peak:.0f} MB; store file {size / 1e6:.0f} MB")
    print("  anchor: none measured here (datasketch keeps its LSH in memory or Redis/Cassandra;"
          " bench_copies.py compares the in-memory index with it)")


if __name__ == "__main__":
    main()
