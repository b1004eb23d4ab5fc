"""Web application: requests/s and p50/p99 latency of the pages and the API on a big store.

Starts the real server (`storyline serve --db STORE --port P`, on 127.0.0.1) as a
subprocess, waits for /api/health, then for each page - the home page, a large and a
median story, a median and a long article, search for a common and a rare word, and
their API equivalents - issues a bounded number of requests (sequentially, then from
several clients at once; each phase also stops after --seconds) over loopback with
httpx, and prints requests/s, p50 and p99 next to the goal (p99 under 200 ms on the
2-core machine). The search index is built first (the first search waits for it;
timed), then the first request of each page (cold caches) is printed apart. The
server is stopped at the end, also on error. The store defaults to 100,000 generated
articles (bench/make_big_store.py), built once and cached under bench/.cache.

    .venv/bin/python bench/bench_web.py [--db STORE] [--requests 200] [--clients 4]
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import httpx

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
BIN = Path(sys.executable).parent
GOAL_P99_MS = 200.0
COMMAND = "{storyline} serve --db {db} --host 127.0.0.1 --port {port}"
#: Set by SIGINT/SIGTERM: the clients stop, the server is stopped, the bench exits.
STOP = threading.Event()


@dataclass
class Phase:
    """One page measured one way: latencies of the answered requests, failures."""

    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    failures: Counter = field(default_factory=Counter)

    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        """Nearest-rank percentile in ms."""
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        return 1000 * ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def default_store(n: int) -> Path:
    """The cached store of `n` generated articles, made by make_big_store when absent."""
    path = CACHE / f"web{n // 1000}k.duckdb"
    if not path.exists():
        print(f"building {path} (bench/make_big_store.py --n {n})", flush=True)
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_big_store.py"), "--n",
                        str(n), "--out", str(path)], check=True)
    return path


_WORD = re.compile(r"[A-Za-z]{5,}")


def targets(db: Path) -> list[tuple[str, str]]:
    """(label, path) of every page measured, chosen from the store (deterministic)."""
    with duckdb.connect(str(db), read_only=True) as con:
        stories = con.execute("SELECT id, size FROM stories ORDER BY size, id").fetchall()
        if not stories:
            sys.exit(f"{db} holds no stories")
        large, median = stories[-1], stories[len(stories) // 2]
        articles = con.execute(
            "SELECT id, length(text) AS n FROM articles WHERE status = 'ok' ORDER BY n, id"
        ).fetchall()
        mid, long = articles[len(articles) // 2], articles[-1]
        titles = [r[0] for r in con.execute(
            "SELECT title FROM articles WHERE title IS NOT NULL ORDER BY id LIMIT 5000"
        ).fetchall()]
    counts = Counter(w.lower() for t in titles for w in _WORD.findall(t))
    ranked = [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    common, rare = ranked[0], ranked[len(ranked) * 3 // 4]
    pages = [
        ("home", "/"),
        (f"story, largest ({large[1]} articles)", f"/stories/{large[0]}"),
        (f"story, median ({median[1]} articles)", f"/stories/{median[0]}"),
        (f"article, median ({mid[1]:,} chars)", f"/articles/{mid[0]}"),
        (f"article, longest ({long[1]:,} chars)", f"/articles/{long[0]}"),
        (f"search, common word '{common}'", f"/search?q={common}"),
        (f"search, rarer word '{rare}'", f"/search?q={rare}"),
    ]
    api = [
        ("api stories list", "/api/stories"),
        ("api story, largest", f"/api/stories/{large[0]}"),
        ("api story, median", f"/api/stories/{median[0]}"),
        ("api article, median", f"/api/articles/{mid[0]}"),
        (f"api search '{common}'", f"/api/search?q={common}"),
        (f"api search '{rare}'", f"/api/search?q={rare}"),
    ]
    return pages + api


def _get(client: httpx.Client, path: str, phase: Phase, lock: threading.Lock) -> None:
    start = time.perf_counter()
    try:
        response = client.get(path)
        response.read()
        took = time.perf_counter() - start
        with lock:
            if response.status_code == 200:
                phase.latencies.append(took)
            else:
                detail = response.text[:80].replace("\n", " ")
                phase.failures[f"HTTP {response.status_code} {detail}"] += 1
    except httpx.HTTPError as err:
        with lock:
            phase.failures[type(err).__name__] += 1


def measure(base: str, path: str, requests: int, clients: int, seconds: float,
            timeout: float) -> Phase:
    """`requests` GETs of `path` from `clients` clients at once, stopping after `seconds`."""
    phase, lock = Phase(), threading.Lock()
    left = [requests]
    deadline = time.perf_counter() + seconds

    def client_loop():
        with httpx.Client(base_url=base, timeout=timeout) as client:
            while time.perf_counter() < deadline and not STOP.is_set():
                with lock:
                    if left[0] <= 0:
                        return
                    left[0] -= 1
                _get(client, path, phase, lock)

    start = time.perf_counter()
    threads = [threading.Thread(target=client_loop) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    phase.seconds = time.perf_counter() - start
    return phase


def wait_healthy(base: str, server: subprocess.Popen, log: Path, limit: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit and not STOP.is_set():
        if server.poll() is not None:
            sys.exit(f"the server exited ({server.returncode}) before answering:\n"
                     + log.read_text(errors="replace")[-3000:])
        try:
            if httpx.get(base + "/api/health", timeout=30).status_code == 200:
                return time.perf_counter() - start
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    sys.exit(f"no answer from {base}/api/health in {limit:.0f} s:\n"
             + log.read_text(errors="replace")[-3000:])


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return math.nan


def _cell(p: Phase) -> str:
    fails = f" {sum(p.failures.values())} failed" if p.failures else ""
    return f"{p.rate():7.1f} {p.pct(0.5):7.0f} {p.pct(0.99):7.0f}{fails}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="store (default: a cached store of --n "
                    "generated articles)")
    ap.add_argument("--n", type=int, default=100_000, help="articles of the default store")
    ap.add_argument("--requests", type=int, default=200, help="requests per page and phase")
    ap.add_argument("--clients", type=int, default=4, help="clients of the concurrent phase")
    ap.add_argument("--seconds", type=float, default=30.0, help="time limit of each phase")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds one request may take")
    ap.add_argument("--only", default="", help="measure only pages whose label holds one of "
                    "these comma-separated words")
    ap.add_argument("--command", default=COMMAND, help="server command; {storyline}, {db} "
                    "and {port} are filled in")
    args = ap.parse_args()

    def interrupted(signum, _frame):
        STOP.set()
        print(f"stopping ({signal.Signals(signum).name})", file=sys.stderr, flush=True)

    signal.signal(signal.SIGINT, interrupted)
    signal.signal(signal.SIGTERM, interrupted)
    db = args.db or default_store(args.n)
    if not db.is_file():
        sys.exit(f"no store at {db}")
    words = [w for w in args.only.split(",") if w] or [""]
    pages = [p for p in targets(db) if any(w in p[0] for w in words)]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = args.command.format(storyline=shlex.quote(str(BIN / "storyline")),
                                  db=shlex.quote(str(db)), port=port)
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "server.log"
        with open(log, "wb") as out:
            server = subprocess.Popen(shlex.split(command), stdout=out, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL)
        try:
            up = wait_healthy(base, server, log, 600.0)
            size = db.stat().st_size / 2**20
            print(f"store {db} ({size:,.0f} MB); server up in {up:.1f} s; {os.cpu_count()} "
                  f"cores, load average {os.getloadavg()[0]:.1f}; {args.requests} requests per "
                  f"phase, at most {args.seconds:.0f} s")
            head = f"{'req/s':>7} {'p50 ms':>7} {'p99 ms':>7}"
            print(f"{'page':<36} {'cold ms':>8} | sequential: {head} | "
                  f"{args.clients} clients: {head} | goal p99 < {GOAL_P99_MS:.0f} ms")
            search = next((path for label, path in pages if "search" in label), None)
            if search:  # the first search waits for the index: build it before measuring
                first = measure(base, search, 1, 1, 1800, 1800)
                print(f"first search (builds or syncs the index {db.name}.search): "
                      f"{first.pct(1.0) / 1000:.1f} s {dict(first.failures) or ''}")
            slow = []
            for label, path in pages:
                if STOP.is_set():
                    break
                cold = measure(base, path, 1, 1, args.timeout, args.timeout)
                seq = measure(base, path, args.requests, 1, args.seconds, args.timeout)
                par = measure(base, path, args.requests, args.clients, args.seconds,
                              args.timeout)
                worst = max(seq.pct(0.99), par.pct(0.99))
                verdict = "ok" if worst < GOAL_P99_MS else "SLOW"
                if verdict == "SLOW" or seq.failures or par.failures or cold.failures:
                    slow.append((label, path, cold, seq, par))
                print(f"{label:<36} {cold.pct(1.0):8.0f} | {'':>11} {_cell(seq)} | "
                      f"{'':>{len(str(args.clients)) + 9}}{_cell(par)} | {verdict}", flush=True)
            print(f"server peak memory {peak_rss_mb(server.pid):,.0f} MB; load average "
                  f"{os.getloadavg()[0]:.1f} at the end (other work on the machine slows "
                  "every figure)")
            for label, path, *phases in slow:
                failures = sum((p.failures for p in phases), Counter())
                print(f"  {label}: {path}" + (f"; failures {dict(failures)}" if failures else ""))
        finally:
            stop(server)


if __name__ == "__main__":
    main()
