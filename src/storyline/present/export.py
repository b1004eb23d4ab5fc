"""Export the store as JSON Lines files (one file per record type).

Every record is a read model's public shape (`to_json`, docs/export.md).
"""

from __future__ import annotations

import json
from pathlib import Path

from storyline.query import queries
from storyline.query.models import article_json
from storyline.store import Store

#: The public JSON shape of one extracted article (documented in docs/export.md).
article_record = article_json


def write_jsonl(path: Path, records) -> int:
    """Write records one JSON object per line; returns the count. Atomic rename."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    count = 0
    with tmp.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=False))
            out.write("\n")
            count += 1
    tmp.replace(path)
    return count


def export(store: Store, out_dir: Path) -> dict[str, int]:
    """Write every export file into `out_dir`; returns {file name: records}. Each view is
    read once, when its file is written, and let go after."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        "articles.jsonl": lambda: (a.to_json() for a in queries.articles(store)),
        "stories.jsonl": lambda: (s.to_json() for s in queries.stories(store)),
        "copies.jsonl": lambda: (g.to_json() for g in queries.copy_groups(store)),
        "quotes.jsonl": lambda: (q.to_json() for q in queries.quotes(store)),
        "claims.jsonl": lambda: (c.to_json() for c in queries.claims(store)),
        "times.jsonl": lambda: (t.to_json() for t in queries.times(store)),
        "entities.jsonl": lambda: (e.to_json()
                                   for e in queries.entities(store, with_mentions=True)),
    }
    return {name: write_jsonl(out_dir / name, records()) for name, records in files.items()}
