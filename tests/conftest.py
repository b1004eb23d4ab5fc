"""Shared test helpers: the location of ../shared and the CLI under test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
CLI = [sys.executable, "-m", "storyline"]


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips locally when absent, fails loudly under CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"shared data missing under CI: {path}")
        pytest.skip(f"shared data not available: {path}")
    return path


def storyline(*args: str, cwd: Path | None = None, check: bool = False):
    """Run the real `storyline` CLI in a subprocess."""
    result = subprocess.run(CLI + [str(a) for a in args], cwd=cwd, capture_output=True,
                            text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"storyline {' '.join(map(str, args))} failed:\n{result.stdout}"
                             f"\n{result.stderr}")
    return result
