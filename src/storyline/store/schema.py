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
    # 2: copies. Fingerprints and the candidate index persist, so that a later
    # run adds documents without recomputing the corpus; pairs are verified
    # copies; article_copies holds each article's group, relation to the
    # origin, independence key and date verdict.
    [
        """CREATE TABLE fingerprints (
            article VARCHAR PRIMARY KEY,
            text_hash VARCHAR NOT NULL,
            n_tokens INTEGER NOT NULL,
            n_shingles INTEGER NOT NULL,
            minhash BLOB NOT NULL,
            sample BLOB NOT NULL,
            wire_credit VARCHAR,
            own_misdated BOOLEAN NOT NULL,
            own_reason VARCHAR,
            own_period VARCHAR
        )""",
        """CREATE TABLE copy_index (
            kind VARCHAR NOT NULL,
            key BIGINT NOT NULL,
            article VARCHAR NOT NULL
        )""",
        """CREATE TABLE copy_pairs (
            a VARCHAR NOT NULL,
            b VARCHAR NOT NULL,
            relation VARCHAR NOT NULL,
            similarity DOUBLE NOT NULL,
            containment DOUBLE NOT NULL,
            PRIMARY KEY (a, b)
        )""",
        """CREATE TABLE copy_groups (
            id VARCHAR PRIMARY KEY,
            origin VARCHAR NOT NULL,
            origin_reason VARCHAR NOT NULL,
            size INTEGER NOT NULL
        )""",
        """CREATE TABLE article_copies (
            article VARCHAR PRIMARY KEY,
            independence_key VARCHAR NOT NULL,
            copy_group VARCHAR,
            relation VARCHAR,
            similarity DOUBLE,
            misdated BOOLEAN NOT NULL,
            misdated_reason VARCHAR,
            likely_period VARCHAR
        )""",
    ],
    # 3: analysis. Per-article sentences and mentions (JSON, re-read to rebuild
    # an ArticleAnalysis), and the canonical entities resolved across articles.
    [
        """CREATE TABLE analyses (
            article VARCHAR PRIMARY KEY,
            analyser_version VARCHAR NOT NULL,
            sentences VARCHAR NOT NULL,
            mentions VARCHAR NOT NULL
        )""",
        """CREATE TABLE entities (
            id VARCHAR PRIMARY KEY,
            name VARCHAR NOT NULL,
            type VARCHAR NOT NULL,
            aliases VARCHAR NOT NULL,
            roles VARCHAR NOT NULL,
            country VARCHAR,
            n_mentions INTEGER NOT NULL,
            n_articles INTEGER NOT NULL
        )""",
        """CREATE TABLE entity_mentions (
            entity VARCHAR NOT NULL,
            article VARCHAR NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text VARCHAR NOT NULL
        )""",
    ],
    # 4: facts. Per-article time expressions, quotes and claims (the records as
    # JSON in `data`, key fields as columns), the date they were resolved
    # against, and the quote and claim groups resolved across articles.
    [
        """CREATE TABLE fact_refs (
            article VARCHAR PRIMARY KEY,
            reference VARCHAR,
            basis VARCHAR NOT NULL,
            error VARCHAR
        )""",
        """CREATE TABLE times (
            article VARCHAR NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text VARCHAR NOT NULL,
            type VARCHAR NOT NULL,
            value VARCHAR NOT NULL,
            precision VARCHAR NOT NULL,
            low VARCHAR,
            high VARCHAR,
            modifier VARCHAR
        )""",
        """CREATE TABLE quotes (
            article VARCHAR NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            kind VARCHAR NOT NULL,
            speaker_name VARCHAR,
            verb VARCHAR,
            data VARCHAR NOT NULL
        )""",
        """CREATE TABLE claims (
            article VARCHAR NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            counted_key VARCHAR NOT NULL,
            value DOUBLE NOT NULL,
            data VARCHAR NOT NULL
        )""",
        """CREATE TABLE quote_groups (
            id VARCHAR PRIMARY KEY,
            text VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            speaker VARCHAR,
            speaker_name VARCHAR,
            verb VARCHAR,
            medium VARCHAR,
            n_sources INTEGER NOT NULL,
            first_date VARCHAR,
            mentions VARCHAR NOT NULL
        )""",
        """CREATE TABLE claim_groups (
            id VARCHAR PRIMARY KEY,
            counted VARCHAR NOT NULL,
            counted_key VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            unit VARCHAR,
            n_sources INTEGER NOT NULL,
            agreement VARCHAR NOT NULL,
            claims VARCHAR NOT NULL
        )""",
    ],
    # 5: stories. Articles about one developing topic, found from the entities
    # they name and their dates; rebuilt whole with the entities.
    [
        """CREATE TABLE stories (
            id VARCHAR PRIMARY KEY,
            label VARCHAR NOT NULL,
            size INTEGER NOT NULL,
            first VARCHAR,
            last VARCHAR
        )""",
        """CREATE TABLE article_stories (
            article VARCHAR PRIMARY KEY,
            story VARCHAR NOT NULL
        )""",
    ],
    # 6: the runner's own bookkeeping. step_done records which article each
    # per-article step has done, at which version; step_state holds each step's
    # version and configuration at its last run, the generation of its output
    # (bumped whenever it writes) and the generations of its inputs it saw.
    # Back-filled from the version columns the stages kept before; corpus steps
    # start with no state, so the first update re-runs them once.
    [
        """CREATE TABLE step_done (
            step VARCHAR NOT NULL,
            article VARCHAR NOT NULL,
            version VARCHAR NOT NULL,
            PRIMARY KEY (step, article)
        )""",
        """CREATE TABLE step_state (
            step VARCHAR PRIMARY KEY,
            version VARCHAR NOT NULL,
            config VARCHAR NOT NULL,
            generation BIGINT NOT NULL,
            seen VARCHAR NOT NULL
        )""",
        "INSERT INTO step_done SELECT 'extract', id, extractor_version FROM articles",
        "INSERT INTO step_done SELECT 'analysis', article, analyser_version FROM analyses",
        "INSERT INTO step_done SELECT 'facts', article, '1' FROM fact_refs",
        "DELETE FROM meta WHERE key = 'resolved'",
    ],
    # 7: events. Per-article event mentions (the record as JSON in `data`, key
    # fields as columns) and a row per article done by the events step (with the
    # error when it failed); events fused across articles, replaced whole.
    [
        """CREATE TABLE event_articles (
            article VARCHAR PRIMARY KEY,
            n_mentions INTEGER NOT NULL,
            error VARCHAR
        )""",
        """CREATE TABLE event_mentions (
            article VARCHAR NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            trigger_start INTEGER NOT NULL,
            trigger_end INTEGER NOT NULL,
            type VARCHAR NOT NULL,
            mode VARCHAR,
            status VARCHAR NOT NULL,
            data VARCHAR NOT NULL
        )""",
        """CREATE TABLE events (
            id VARCHAR PRIMARY KEY,
            type VARCHAR NOT NULL,
            mode VARCHAR,
            status VARCHAR NOT NULL,
            label VARCHAR NOT NULL,
            actors VARCHAR NOT NULL,
            targets VARCHAR NOT NULL,
            place VARCHAR,
            when_value VARCHAR,
            when_precision VARCHAR,
            first_date VARCHAR,
            n_sources INTEGER NOT NULL,
            history VARCHAR NOT NULL,
            details VARCHAR NOT NULL,
            mentions VARCHAR NOT NULL
        )""",
    ],
    # Claims (issue 12): every number of an article that is not a claim, with the
    # reason (a year, an ordinal, a clock time, ...); claim groups keep the subject
    # they are about and the reason for their verdict (which fields matched, which
    # differed). Facts are redone by the facts step's new version.
    [
        """CREATE TABLE numbers_skipped (
            article VARCHAR NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text VARCHAR NOT NULL,
            reason VARCHAR NOT NULL
        )""",
        "ALTER TABLE claim_groups ADD COLUMN subject VARCHAR",
        "ALTER TABLE claim_groups ADD COLUMN reason VARCHAR",
    ],
    # 9: the web application (issue 15). Where each quote group, claim group and
    # event is reported, one row per mention, so that a story's or an article's
    # facts are found without reading every group. Written with the groups by the
    # fact_groups and event_groups steps (their new versions fill it).
    [
        """CREATE TABLE fact_links (
            kind VARCHAR NOT NULL,
            ref VARCHAR NOT NULL,
            article VARCHAR NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL
        )""",
    ],
    # 10: site notes (issue 12). Paragraphs one site repeats across its articles
    # (editor's notes, newsletter pitches): their numbers are not claims. Written
    # by the site_notes step, read by the facts step.
    [
        """CREATE TABLE site_notes (
            article VARCHAR NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            n_articles INTEGER NOT NULL,
            key VARCHAR NOT NULL
        )""",
    ],
    # 11: entity resolution kept per article (issue 16): each analysed article's units
    # (its mention clusters typed and named by what the article alone says), made
    # with the alias table whose hash is `aliases`, so an update redoes new articles only;
    # a digest of each entity's row and mentions, so it rewrites only the entities that changed.
    [
        """CREATE TABLE entity_units (
            article VARCHAR PRIMARY KEY,
            aliases VARCHAR NOT NULL,
            units VARCHAR NOT NULL
        )""",
        """CREATE TABLE entity_digests (
            id VARCHAR PRIMARY KEY,
            digest VARCHAR NOT NULL
        )""",
    ],
    # 12: grouping keys kept per item (issue 16): what each quote, claim and event mention
    # may group through (a hashed measure, type and participant, or quote shingle), one
    # row per key (a NULL key for an item with none), so the fact_groups and event_groups
    # steps find the parts to regroup by keyed queries instead of reading every item.
    [
        """CREATE TABLE group_keys (
            kind VARCHAR NOT NULL,
            article VARCHAR NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            key VARCHAR
        )""",
        # a store that makes this table has no keys yet, whatever its meta says
        "DELETE FROM meta WHERE key LIKE 'keys made: %'",
    ],
    # 13: inputs a run could not read (issue 16): a shard whose task failed on the
    # workers leaves no document to store as failed, so its file and part are kept here
    # until a later run reads them.
    [
        """CREATE TABLE input_failures (
            path VARCHAR NOT NULL,
            part VARCHAR NOT NULL,
            reason VARCHAR NOT NULL
        )""",
    ],
    # 14: entity state kept for updates that only add articles (issue 16): each unit's
    # names before, during and after the rules across articles and its entity, the keys
    # and short surfaces non-person names joined by, and per-entity counts (types, names,
    # mention texts, roles, countries, contexts), so the entities step resolves added
    # articles without reading every unit (`resolve/entities_added.py`).
    [
        """CREATE TABLE entity_state (
            article VARCHAR NOT NULL, idx INTEGER NOT NULL,
            type0 VARCHAR NOT NULL, name0 VARCHAR NOT NULL, fixed0 BOOLEAN NOT NULL,
            k0 VARCHAR, l0 VARCHAR,
            name1 VARCHAR NOT NULL, f1 VARCHAR, l1 VARCHAR, n1 INTEGER,
            type VARCHAR NOT NULL, name VARCHAR NOT NULL, k VARCHAR, lk VARCHAR,
            fixed BOOLEAN NOT NULL, local BOOLEAN NOT NULL,
            f VARCHAR, l VARCHAR, n INTEGER, pl VARCHAR, pc VARCHAR, acr VARCHAR, lacr VARCHAR,
            entity VARCHAR NOT NULL, ctx VARCHAR[], heads VARCHAR[]
        )""",
        """CREATE TABLE entity_keys (
            type VARCHAR NOT NULL, key VARCHAR NOT NULL, entity VARCHAR NOT NULL
        )""",
        """CREATE TABLE entity_surfaces (
            type VARCHAR NOT NULL, surface VARCHAR NOT NULL, name VARCHAR NOT NULL
        )""",
        """CREATE TABLE entity_facts (
            entity VARCHAR NOT NULL, kind VARCHAR NOT NULL, value VARCHAR NOT NULL,
            n BIGINT NOT NULL, first VARCHAR NOT NULL
        )""",
    ],
    # kept per article so that an update reads a few rows, not every article
    # (issue 16): the entity each in-article key of an article's quotes and claims names
    # (by the fact_groups step, instead of parsing the analyses of the parts it regroups;
    # a row with an empty key marks an article done), and each article's site key (by
    # the site_notes step, which finds the articles of a site by it).
    [
        """CREATE TABLE fact_entities (
            article VARCHAR NOT NULL,
            key VARCHAR NOT NULL,
            entity VARCHAR NOT NULL
        )""",
        """CREATE TABLE article_sites (
            article VARCHAR PRIMARY KEY,
            site VARCHAR NOT NULL
        )""",
    ],
    # the day an event's undated reports were fused at (the store's latest day
    # then, issue 14): an update replays from it (issue 16); no source states it, so the
    # event's first date and history show none.
    [
        "ALTER TABLE events ADD COLUMN undated_day VARCHAR",
    ],
    # each article's paragraphs as the site_notes step keys them (issue 16), so
    # that an update finds a site's notes from the keyed rows near the changed articles
    # instead of re-reading every text of the site; made once per site, then per article.
    [
        """CREATE TABLE IF NOT EXISTS site_paragraphs (
            article VARCHAR NOT NULL,
            site VARCHAR NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            key VARCHAR
        )""",
    ],
    # 18: a digest of what a corpus grouping step reads of each article, kept
    # when the step takes the article in (issue 16): an article handed on as changed whose
    # inputs hash the same is settled without regrouping its part (fact_groups,
    # event_groups; one row per step and article).
    [
        """CREATE TABLE IF NOT EXISTS step_digests (
            step VARCHAR NOT NULL,
            article VARCHAR NOT NULL,
            digest VARCHAR NOT NULL,
            PRIMARY KEY (step, article)
        )""",
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)
