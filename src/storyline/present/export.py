"""Export the store as JSON Lines files (one file per record type)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from storyline.records import Article
from storyline.store import Store


def article_record(article: Article) -> dict:
    """The public JSON shape of one article (documented in docs/export.md)."""
    return {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "site": article.site,
        "title": article.title,
        "dek": article.dek,
        "author": article.author,
        "published": article.published,
        "published_evidence": article.published_evidence,
        "date_evidence": [asdict(e) for e in article.date_evidence],
        "language": article.language,
        "section": article.section,
        "tags": list(article.tags),
        "text": article.text,
        "dropped": [asdict(d) for d in article.dropped],
        "status": article.status,
        "error": article.error,
    }


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
    """Write every export file into `out_dir`; returns {file name: records}."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    written["articles.jsonl"] = write_jsonl(
        out_dir / "articles.jsonl", (article_record(a) for a in store.articles())
    )
    return written
