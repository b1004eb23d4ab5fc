"""Pages already flattened to text: keep the article, drop the page furniture."""

from __future__ import annotations

from storyline.records import Extraction, Segment


def extract_textdump(text: str) -> Extraction:
    """Clean a text dump. (First cut: keeps every non-empty line.)"""
    lines, segments, pos, out_pos = [], [], 0, 0
    for raw_line in text.splitlines(keepends=True):
        line = raw_line.strip()
        if line:
            start = pos + raw_line.index(line)
            segments.append(Segment(out_pos, out_pos + len(line), start, start + len(line)))
            lines.append(line)
            out_pos += len(line) + 1
        pos += len(raw_line)
    return Extraction(text="\n".join(lines), segments=tuple(segments))
