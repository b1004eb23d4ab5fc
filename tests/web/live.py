"""Start the real `storyline serve` in a process of its own and wait until it answers.

The web tests drive the server a user would start, over HTTP on 127.0.0.1, so
what they check is what a browser gets: headers, status codes, the HTML.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

CLI = [sys.executable, "-m", "storyline"]
#: How long a server may take to answer /api/health after it starts.
START_TIMEOUT_S = 90.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_tail(log: Path, chars: int = 4000) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-chars:] if log.exists() else ""


@contextlib.contextmanager
def serving(db: Path, log: Path, host: str | None = "127.0.0.1") -> Iterator[str]:
    """`storyline serve --db DB --port PORT` running; yields its base URL.

    `host=None` leaves --host out (the default address). The server's output goes to
    `log`, quoted in the failure when it does not come up.
    """
    port = free_port()
    args = CLI + ["serve", "--db", str(db), "--port", str(port)]
    if host is not None:
        args += ["--host", host]
    base = f"http://127.0.0.1:{port}"
    with open(log, "ab") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT,
                                env=os.environ | {"PYTHONUNBUFFERED": "1"})
    try:
        _wait_healthy(proc, base, log)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def _wait_healthy(proc: subprocess.Popen, base: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    last = "no answer"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"`storyline serve` exited {proc.returncode} before answering:\n"
                        f"{log_tail(log)}")
        try:
            answer = httpx.get(base + "/api/health", timeout=5)
            if answer.status_code == 200:
                return
            last = f"{answer.status_code}: {answer.text[:500]}"
        except httpx.HTTPError as error:
            last = repr(error)
        time.sleep(0.2)
    pytest.fail(f"`storyline serve` did not answer /api/health within {START_TIMEOUT_S} s "
                f"(last: {last}):\n{log_tail(log)}")
