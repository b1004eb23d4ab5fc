"""Shards: the input files cut into tasks that a worker reads itself (issue 16).

An archive (a WARC or JSONL file) is one shard; plain pages (.html, .txt) of one
folder go together, up to `SHARD_FILES` a shard, in the order `discover` found
them, so that a run over shards meets the documents in the same order as a local
run and keeps the same first copy of a repeated document. A shard names each file
twice: the absolute path a worker opens (inputs on storage the workers share, at
the same path) and the name the user gave, which its documents keep as source.

An archive of `SLICE_BYTES` or more is cut into slices of `SLICE_DOCS` documents
(`sliced`), once its documents are counted (on a worker, `count_documents`), so
that no task brings back a whole archive. A slice reads the archive from its
start and keeps its own documents: the same reader gives every slice the same
documents, at the cost of reading the part before each slice again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from storyline.ingest.discover import display_path, suffix_of
from storyline.ingest.readers import read_path

#: Plain pages a shard holds at most (archives are one shard each, whatever their size).
SHARD_FILES = 64
ARCHIVES = (".jsonl", ".warc", ".warc.gz")
#: An archive this big or bigger is cut into slices of this many documents.
SLICE_BYTES = 32 * 1024 * 1024
SLICE_DOCS = 1024


@dataclass(frozen=True)
class ShardFile:
    """One input file: where a worker opens it, and how documents name it."""

    path: str
    name: str


@dataclass(frozen=True)
class Shard:
    """A task's input: files read and extracted on one worker, in order; `published`
    is the run's `--published` date, given to each document."""

    files: tuple[ShardFile, ...]
    size: int
    published: str | None = None
    #: For a slice of an archive: its documents, [start, stop) in reading order.
    start: int = 0
    stop: int | None = None

    @property
    def archive(self) -> bool:
        return len(self.files) == 1 and suffix_of(Path(self.files[0].path)) in ARCHIVES

    @property
    def last(self) -> bool:
        """False for a slice that is not its archive's last."""
        return self.stop is None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the reader names the problem


def plan(files: list[Path], published: str | None = None,
         most: int = SHARD_FILES) -> list[Shard]:
    """`files` (in `discover`'s order) cut into shards, order kept: each archive alone,
    runs of plain pages from one folder together, `most` at most."""
    shards: list[Shard] = []
    run: list[Path] = []

    def close() -> None:
        if run:
            shards.append(Shard(tuple(ShardFile(os.path.abspath(p), display_path(p))
                                      for p in run), sum(_size(p) for p in run), published))
            run.clear()

    for path in files:
        if suffix_of(path) in ARCHIVES:
            close()
            run.append(path)
            close()
            continue
        if run and (len(run) >= most or run[-1].parent != path.parent):
            close()
        run.append(path)
    close()
    return shards


def to_count(shards: list[Shard], least: int | None = None) -> list[Shard]:
    """The archives worth slicing: `least` (default `SLICE_BYTES`) bytes or more."""
    least = SLICE_BYTES if least is None else least
    return [s for s in shards if s.archive and s.size >= least]


def count_documents(shard: Shard) -> int | None:
    """How many documents an archive gives (runs on a worker); None when this worker
    cannot see the file."""
    file = shard.files[0]
    if not os.path.exists(file.path):
        return None
    return sum(1 for _ in read_path(Path(file.path), file.name))


def sliced(shards: list[Shard], counts: dict[Shard, int], size: int | None = None
           ) -> list[Shard]:
    """`shards` with each counted archive cut into slices of `size` documents (default
    `SLICE_DOCS`), in order; the last slice of an archive reads to its end."""
    size = size or SLICE_DOCS
    out: list[Shard] = []
    for shard in shards:
        n = counts.get(shard)
        if n is None or n <= size:
            out.append(shard)
            continue
        starts = range(0, n, size)
        out += [replace(shard, start=a, stop=a + size if a + size < n else None)
                for a in starts]
    return out
