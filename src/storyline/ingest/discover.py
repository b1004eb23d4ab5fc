"""Find the input files under the paths a user names."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

SUPPORTED_SUFFIXES = (".html.gz", ".htm.gz", ".warc.gz", ".html", ".htm", ".txt", ".jsonl",
                      ".warc")


def suffix_of(path: Path) -> str | None:
    """The supported (possibly double) suffix of `path`, lower-cased, or None."""
    name = path.name.lower()
    for suffix in SUPPORTED_SUFFIXES:
        if name.endswith(suffix):
            return suffix
    return None


@dataclass
class Discovery:
    """Input files in a stable order, and what was named but cannot be read."""

    files: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)
    unsupported: list[Path] = field(default_factory=list)


def discover(paths: list[Path] | tuple[Path, ...]) -> Discovery:
    """Expand files and folders (recursively) into supported input files.

    Folders are walked in sorted order so runs are deterministic; hidden files
    and unsupported types inside folders are ignored, while an unsupported
    file named explicitly is reported.
    """
    found = Discovery()
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.files.append(path)

    for path in paths:
        path = Path(path)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if any(part.startswith(".") for part in rel):
                    continue
                if child.is_file() and suffix_of(child):
                    add(child)
        elif path.is_file():
            if suffix_of(path):
                add(path)
            else:
                found.unsupported.append(path)
        else:
            found.missing.append(path)
    return found
