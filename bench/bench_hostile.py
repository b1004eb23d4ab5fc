"""Hostile inputs at full size: stored / failed with a reason / crashed / hung.

Builds the hostile corpus of tests/hostile.py at full size (a million-paragraph
page, 500,000 attributes, 10 MB of `&amp;`, a 5 MB word, a 2.7 MB text, a
20 MB page...) and runs every case through the real pipeline (ingest, then
every step, into a fresh DuckDB store) in a process of its own, with a
timeout: a case that raises or dies is "crashed", one that runs past the
timeout is "hung". Printed: the count of documents stored, failed with a
reason, skipped with a reason, and of cases crashed, hung, or not as the
corpus expects; then, for the largest cases at a quarter and at full size,
the wall time and peak memory of the run (ingest and steps apart), and as
the anchor trafilatura's own `extract` on the same page, in a process of its
own, measured in the same run.

    .venv/bin/python bench/bench_hostile.py [--timeout 300] [--anchor-timeout 120] [--jobs 4]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1] / "tests"))

GOALS = "goal: 0 crashed, 0 hung; the largest cases linear in size, under 30 s and 1 GB"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_pipeline(paths: list[str], db: str) -> dict:
    """Run ingest and update over `paths` into a fresh store `db`: what came out."""
    from storyline.ingest import discover
    from storyline.ingest.discover import display_path
    from storyline.run import pipeline
    from storyline.store import Store

    start_mb = _peak_mb()
    found = discover([Path(p) for p in paths])
    t0 = time.perf_counter()
    with Store.open(db) as store:
        pipeline.ingest([Path(p) for p in paths], store)
        t1 = time.perf_counter()
        reports = pipeline.update(store)
        t2 = time.perf_counter()
        docs = store.con.execute("SELECT d.source, a.status, a.error, length(a.text) FROM "
                                 "documents d JOIN articles a USING (id)").fetchall()
    return {"docs": docs, "skipped": [[display_path(p), why] for p, why in found.skipped],
            "step_failures": [[r.name, f"{s}: {e}"] for r in reports for s, e in r.failures],
            "ingest_s": t1 - t0, "steps_s": t2 - t1, "start_mb": start_mb,
            "peak_mb": _peak_mb()}


def child_trafilatura(path: str) -> dict:
    """trafilatura's own `extract` on one page (the anchor)."""
    import trafilatura

    html = Path(path).read_bytes().decode("utf-8", "replace")
    start_mb = _peak_mb()
    t0 = time.perf_counter()
    text = trafilatura.extract(html) or ""
    return {"seconds": time.perf_counter() - t0, "chars": len(text), "start_mb": start_mb,
            "peak_mb": _peak_mb()}


def _child(argv: list[str], timeout: float) -> tuple[str, dict | str]:
    """("ok", result) | ("crashed", why) | ("hung", "") for one child run."""
    try:
        done = subprocess.run([sys.executable, str(HERE), *argv], capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "hung", ""
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        return "crashed", tail
    return "ok", json.loads(lines[-1])


def _check(case, result: dict) -> list[str]:
    """How `result` differs from what the corpus expects of `case`."""
    from hostile import FAILED, OK, SKIPPED

    from storyline.ingest.discover import display_path

    docs = {source: (status, error) for source, status, error, _ in result["docs"]}
    skipped = dict(result["skipped"])
    wrong = []
    for e in case.expect:
        where = f"{display_path(case.folder)}/{e.where}"
        got = docs.get(where)
        if e.status in (OK, FAILED):
            if got is None or got[0] != e.status or (e.status == FAILED
                                                     and e.reason not in (got[1] or "")):
                wrong.append(f"{e.where}: expected {e.status}, got {got}")
        elif e.status == SKIPPED and e.reason not in skipped.get(where, ""):
            wrong.append(f"{e.where}: expected skipped ({e.reason})")
    wrong += [f"step {name}: {why}" for name, why in result["step_failures"]]
    return wrong


def _run_case(case, tmp: Path, timeout: float) -> tuple[str, dict | str]:
    paths = [str(p) for p in case.named] or [str(case.folder)]
    db = tmp / "stores" / f"{case.name}.duckdb"
    return _child(["--child-pipeline", str(db), *paths], timeout)


def _size(top: Path) -> int:
    """Bytes of the regular files under `top` (a stack: one case is 1,200 folders deep)."""
    total, stack = 0, [top]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    total += entry.stat(follow_symlinks=False).st_size
    return total


def _largest_page(case) -> Path:
    files = [p for p in case.folder.rglob("*") if p.is_file()]
    return max(files, key=lambda p: p.stat().st_size)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=300, help="seconds per case")
    ap.add_argument("--anchor-timeout", type=float, default=120,
                    help="seconds for trafilatura on one page")
    ap.add_argument("--jobs", type=int, default=4, help="small cases run this many at a time")
    ap.add_argument("--scale", type=float, default=1.0, help="size of the big cases")
    args = ap.parse_args()
    from hostile import build, remove_deep_folders

    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as name:
        tmp = Path(name)
        try:
            _bench(tmp, args, build)
        finally:
            remove_deep_folders(tmp / "full")


def _bench(tmp: Path, args, build) -> None:
    (tmp / "stores").mkdir()
    t0 = time.perf_counter()
    cases = build(tmp / "full", scale=args.scale)
    size = _size(tmp / "full")
    print(f"hostile corpus: {len(cases) - 1} cases and {len(cases[-1].expect)} ordinary "
          f"pages, {size / 1e6:.0f} MB, built in {time.perf_counter() - t0:.1f} s")
    small = [c for c in cases if not c.big]
    big = [c for c in cases if c.big]
    outcomes: dict[str, tuple[str, dict | str]] = {}
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for case, out in zip(small, pool.map(lambda c: _run_case(c, tmp, args.timeout),
                                             small), strict=True):
            outcomes[case.name] = out
    for case in big:  # alone, so their time and memory are their own
        outcomes[case.name] = _run_case(case, tmp, args.timeout)

    stored = failed = skipped = 0
    crashed, hung, unexpected = [], [], []
    for case in cases:
        kind, result = outcomes[case.name]
        if kind == "crashed":
            crashed.append(f"{case.name}: {result}")
            continue
        if kind == "hung":
            hung.append(case.name)
            continue
        stored += sum(status == "ok" for _, status, _, _ in result["docs"])
        failed += sum(status == "failed" and bool(error)
                      for _, status, error, _ in result["docs"])
        skipped += sum(bool(why) for _, why in result["skipped"])
        unexpected += [f"{case.name}: {w}" for w in _check(case, result)]
    print(f"\nstored {stored} · failed with a reason {failed} · skipped with a reason "
          f"{skipped} · crashed {len(crashed)} · hung {len(hung)} "
          f"(timeout {args.timeout:.0f} s) · not as expected {len(unexpected)}")
    for line in crashed + [f"{h}: hung" for h in hung] + unexpected:
        print(f"  {line}")

    print(f"\nlargest cases ({GOALS}); time: whole run (ingest + steps, the steps "
          "loading the spaCy model); memory: the process's peak RSS, its RSS before "
          "the case (imports) in brackets")
    print(f"{'case':<18}{'size':>9}  {'storyline ingest+steps':>24} {'peak MB':>12}"
          f"   {'trafilatura.extract':>20} {'peak MB':>12}")
    quarter = build(tmp / "quarter", scale=args.scale / 4, only={c.name for c in big})
    (tmp / "quarter" / "stores").mkdir()
    for small_case, case in zip(quarter, big, strict=True):
        for c in (small_case, case):
            page = _largest_page(c)
            kind, result = (outcomes[c.name] if c is case
                            else _run_case(c, tmp / "quarter", args.timeout))
            if kind != "ok":
                ours, ours_mb = kind, ""
            else:
                ours = (f"{result['ingest_s'] + result['steps_s']:6.1f} s "
                        f"({result['ingest_s']:.1f} + {result['steps_s']:.1f})")
                ours_mb = f"{result['peak_mb']:.0f} ({result['start_mb']:.0f})"
            if page.suffix in (".html", ".htm"):
                akind, anchor = _child(["--child-trafilatura", str(page)],
                                       args.anchor_timeout)
                theirs = (f"{anchor['seconds']:6.1f} s" if akind == "ok" else
                          f"> {args.anchor_timeout:.0f} s" if akind == "hung" else akind)
                theirs_mb = (f"{anchor['peak_mb']:.0f} ({anchor['start_mb']:.0f})"
                             if akind == "ok" else "")
            else:
                theirs, theirs_mb = "n/a (text)", ""
            print(f"{c.name:<18}{page.stat().st_size / 1e6:>7.1f}MB  {ours:>24} "
                  f"{ours_mb:>12}   {theirs:>20} {theirs_mb:>12}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1].startswith("--child-"):
        mode, *rest = sys.argv[1:]
        try:
            if mode == "--child-pipeline":
                out = child_pipeline(rest[1:], rest[0])
            else:
                out = child_trafilatura(rest[0])
        except BaseException as err:  # noqa: BLE001 - report it as a crash
            traceback.print_exc()
            print(f"{type(err).__name__}: {err}", file=sys.stderr)
            sys.exit(1)
        print(json.dumps(out))
        sys.exit(0)
    main()
