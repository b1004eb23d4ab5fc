"""Export the store as JSON Lines files (one file per record type)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from storyline.present.facts import claim_records, quote_records
from storyline.records import Article
from storyline.store import Store, analysis_tables, copy_tables, fact_tables, story_tables


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


COPY_FIELDS = ("independence_key", "group", "relation", "similarity", "misdated",
               "misdated_reason", "likely_period")


def with_copies(record: dict, status: dict | None) -> dict:
    """Add an article's copy status; failed articles have none (nulls, not misdated)."""
    status = status or {}
    for key in COPY_FIELDS:
        out_key = "copy_group" if key == "group" else key
        record[out_key] = status.get(key, False if key == "misdated" else None)
    return record


def copy_record(group: dict) -> dict:
    """The public JSON shape of one copy group."""
    return {
        "group": group["group"],
        "origin": group["origin"],
        "origin_reason": group["origin_reason"],
        "members": [
            {"article": m["article"], "relation": m["relation"], "similarity": m["similarity"],
             "misdated": m["misdated"], "misdated_reason": m["misdated_reason"]}
            for m in group["members"]
        ],
    }


def export(store: Store, out_dir: Path) -> dict[str, int]:
    """Write every export file into `out_dir`; returns {file name: records}."""
    out_dir.mkdir(parents=True, exist_ok=True)
    statuses = copy_tables.statuses(store)
    story_of = story_tables.story_of(store)
    written = {}
    written["articles.jsonl"] = write_jsonl(
        out_dir / "articles.jsonl",
        (with_copies(article_record(a), statuses.get(a.id)) | {"story": story_of.get(a.id)}
         for a in store.articles()),
    )
    written["stories.jsonl"] = write_jsonl(
        out_dir / "stories.jsonl",
        ({k: s[k] for k in ("id", "label", "entities", "size", "first", "last", "articles")}
         for s in story_tables.stories(store)))
    written["copies.jsonl"] = write_jsonl(
        out_dir / "copies.jsonl", (copy_record(g) for g in copy_tables.groups(store))
    )
    written["quotes.jsonl"] = write_jsonl(out_dir / "quotes.jsonl", quote_records(store))
    written["claims.jsonl"] = write_jsonl(out_dir / "claims.jsonl", claim_records(store))
    written["times.jsonl"] = write_jsonl(out_dir / "times.jsonl", fact_tables.times(store))
    written["entities.jsonl"] = write_jsonl(
        out_dir / "entities.jsonl",
        ({k: e[k] for k in ("id", "name", "type", "aliases", "roles", "country", "mentions")}
         for e in analysis_tables.entities(store, with_mentions=True)),
    )
    return written
