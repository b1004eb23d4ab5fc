"""Schema versions and migrations of the DuckDB store.

Each migration is a list of SQL statements that moves the schema from
version N-1 to N. `Store.open` applies the missing ones in order, inside a
transaction, and records the version in `meta`. Never edit a released
migration: append a new one.
"""

from __future__ import annotations

MIGRATIONS: list[list[str]] = [
    # 1: documents, their raw bytes, and extracted articles.
    [
        """CREATE TABLE documents (
            id VARCHAR PRIMARY KEY,
            source VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            url VARCHAR,
            retrieved_at VARCHAR,
            size BIGINT NOT NULL,
            hints VARCHAR NOT NULL,
            error VARCHAR
        )""",
        """CREATE TABLE raw (
            id VARCHAR PRIMARY KEY,
            codec VARCHAR NOT NULL,
            content BLOB NOT NULL
        )""",
        """CREATE TABLE articles (
            id VARCHAR PRIMARY KEY,
            source VARCHAR NOT NULL,
            url VARCHAR,
            site VARCHAR,
            title VARCHAR,
            dek VARCHAR,
            author VARCHAR,
            published VARCHAR,
            published_evidence VARCHAR,
            date_evidence VARCHAR NOT NULL,
            language VARCHAR,
            section VARCHAR,
            tags VARCHAR NOT NULL,
            text VARCHAR NOT NULL,
            dropped VARCHAR NOT NULL,
            segments VARCHAR NOT NULL,
            status VARCHAR NOT NULL,
            error VARCHAR,
            extractor_version VARCHAR NOT NULL
        )""",
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)
