"""Workers: the whole pipeline and its analysis step with 1 and with 2 worker processes.

Real news texts (PolNeAR train articles, read from ../shared and copied to a
temporary folder as text files, never into the repo) go through ingest and
every step into a fresh store, once with `--workers 1` and once with
`--workers 2`, in-process like `storyline run`. Printed: articles/s for the
analysis step (spaCy plus rules) and for the whole run, each step's seconds,
and, as the anchor, the bare spaCy pipeline (`nlp.pipe`, NER + senter, the
same model) with n_process 1 and 2 on the same texts.

    .venv/bin/python bench/bench_workers.py --n 200
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from storyline.analyse.nlp import load_pipeline
from storyline.run import pipeline
from storyline.run.executors import local_executor
from storyline.run.steps import preloads
from storyline.store import Store

SHARED = Path(os.environ.get("STORYLINE_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def polnear_texts(n: int) -> list[Path]:
    """The first `n` PolNeAR train texts (sorted by name); exits when the data is missing."""
    folder = SHARED / "data" / "polnear" / "train" / "text"
    if not folder.is_dir():
        sys.exit(f"missing evaluation data: {folder}")
    return sorted(folder.glob("*.txt"))[:n]


def _storyline(files: list[Path], workers: int, tmp: Path) -> tuple[float, dict[str, float]]:
    db = tmp / f"w{workers}.duckdb"
    start = time.perf_counter()
    with Store.open(db) as store, local_executor(workers, preloads()) as executor:
        pipeline.ingest([tmp / "in"], store, executor)
        ingest_s = time.perf_counter() - start
        reports = pipeline.update(store, executor)
    total = time.perf_counter() - start
    return total, {"ingest": ingest_s} | {r.name: r.seconds for r in reports}


def _spacy(texts: list[str], n_process: int) -> float:
    nlp = load_pipeline()
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=48, n_process=n_process):
        pass
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="articles")
    args = ap.parse_args()
    files = polnear_texts(args.n)
    texts = [f.read_text(encoding="utf-8") for f in files]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(files)} PolNeAR train articles, {words / len(files):.0f} words on average; "
          f"{os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        for f in files:
            shutil.copy(f, tmp / "in" / f.name)
        load_pipeline()  # both runs start with the model loaded in this process
        rows = {}
        for workers in (1, 2):
            rows[workers] = _storyline(files, workers, tmp)
        anchor = {n: _spacy(texts, n) for n in (1, 2)}
    n = len(files)
    print(f"{'':<28}{'1 worker':>12}{'2 workers':>12}{'speed-up':>10}")
    a1, a2 = rows[1][1]["analysis"], rows[2][1]["analysis"]
    print(f"{'storyline analysis step':<28}{n / a1:>9.1f}/s {n / a2:>9.1f}/s {a1 / a2:>8.2f}x")
    t1, t2 = rows[1][0], rows[2][0]
    print(f"{'storyline whole run':<28}{n / t1:>9.1f}/s {n / t2:>9.1f}/s {t1 / t2:>8.2f}x")
    s1, s2 = anchor[1], anchor[2]
    print(f"{'anchor: spaCy nlp.pipe':<28}{n / s1:>9.1f}/s {n / s2:>9.1f}/s {s1 / s2:>8.2f}x")
    print("seconds per step (1 worker / 2 workers):")
    for step in rows[1][1]:
        print(f"  {step:<12} {rows[1][1][step]:7.2f} {rows[2][1][step]:7.2f}")


if __name__ == "__main__":
    main()
