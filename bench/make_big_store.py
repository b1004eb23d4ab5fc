"""A realistic storyline store of N articles, built in minutes: seed once, then replicate.

The whole pipeline does about 16 articles/s, so 100,000 articles cannot go through it
for a benchmark. Instead a seed set of real news texts (PolNeAR articles from
../shared, written as JSON Lines with title, outlet, author and date; the repository's
fictional examples/ when ../shared is missing outside CI) goes through the real
`storyline run`, and every stored row is then copied N/seed times in DuckDB SQL with
remapped ids:

- article-like ids (documents, articles, copy, quote and claim groups, events) get a
  per-replica prefix: the seed's ids are first rewritten to a placeholder prefix
  (`~~~` + the rest of the id), in plain columns and inside JSON, so that each replica
  is one `INSERT ... SELECT replace(col, '~~~', prefix)` per table;
- entities are shared by all replicas (one "Hillary Clinton", with mention and
  article counts scaled), as they would be in a real corpus; their digests are not
  copied (the first update rewrites them), each replica's `entity_units` are;
- stories: the replicas of a block of `--per-story` replicas share their stories (a
  story covered by several outlets over a few weeks), and the seed's largest story
  becomes one story of all replicas (a long-running topic), so that there are
  thousands of stories, a few large ones and a long tail;
- each replica moves its dates (published, references, times, first/last dates) by
  its own offset, spreading the store over `--days` days plus the seed's own span,
  and renames outlets (a fictional outlet per seed publisher and replica).

Replicas are text copies of the seed articles that the store does not mark as copies
(copy detection is not re-run); the step records are copied, so `storyline update`
finds nothing stale. The copy index (only read when new documents arrive) holds the
first replica only.

    .venv/bin/python bench/make_big_store.py --n 100000 --out /tmp/big.duckdb

Its corpus steps' outputs are the generator's until they are redone whole:
bench/settle_big_store.py builds and settles a store in one command (`make bench-big`).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from storyline.run.steps import STEPS
from storyline.store import Store
from storyline.store.schema import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
CACHE = ROOT / "bench" / ".cache"
STORYLINE = Path(sys.executable).parent / "storyline"

#: Tables copied once per replica (every row belongs to one article or to one
#: per-replica group); tables handled on their own are listed apart.
PER_REPLICA = (
    "documents", "raw", "articles", "fingerprints", "copy_pairs", "copy_groups",
    "article_copies", "analyses", "entity_mentions", "fact_refs", "times", "quotes", "claims",
    "quote_groups", "claim_groups", "numbers_skipped", "event_articles", "event_mentions",
    "events", "fact_links", "article_stories", "step_done", "site_notes", "entity_units",
    "group_keys", "fact_entities",
)
ONCE = ("meta", "step_state", "entities", "copy_index", "stories", "entity_digests")
#: Tables left empty: the first update makes their rows (each article's site key, which
#: the replicas' rewritten URLs change); no input failed; the entities step's opt-in state
#: for added articles (`keep_entity_state`) is made by its first whole resolution; the
#: site_notes step's paragraph keys (whose site key the replicas' URLs change), made once
#: for each site it looks at; the grouping steps' input digests (which hash article ids:
#: with none kept, each article handed on counts as changed until a step takes it in).
LATER = ("article_sites", "input_failures", "entity_state", "entity_keys", "entity_surfaces",
         "entity_facts", "site_paragraphs", "step_digests")
#: Columns holding a date (YYYY-MM-DD...) that each replica moves by its offset.
DATES = {
    "articles": ("published",), "fact_refs": ("reference",),
    "times": ("value", "low", "high"), "quote_groups": ("first_date",),
    "events": ("first_date", "when_value"), "article_copies": ("likely_period",),
}
_PLACES = ("Millbrook", "Harbor City", "Northgate", "Prairie", "Ashford", "Lakeside",
           "Redwood Valley", "Stonebridge")
_PAPERS = ("Ledger", "Dispatch", "Times", "Courier", "Herald", "Gazette")
OUTLETS = tuple(f"{p} {k}" for p in _PLACES for k in _PAPERS)  # fictional, 48


class GenError(RuntimeError):
    """The seed or the store cannot be made as asked."""


def log(message: str, start: float) -> None:
    print(f"[{time.perf_counter() - start:7.1f} s] {message}", flush=True)


# --- seed ------------------------------------------------------------------------------------

def seed_records(n: int) -> list[dict]:
    """`n` PolNeAR articles spread over publishers and months, as JSON Lines records."""
    base = SHARED / "data" / "polnear"
    files = sorted((base / "train" / "text").glob("*.txt")) + sorted(
        (base / "dev" / "text").glob("*.txt"))
    if not files:
        raise GenError(f"no PolNeAR texts under {base}")
    meta = {}
    with open(base / "metadata.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            meta[row["filename"]] = row
    step = max(1, len(files) // n)
    out = []
    for path in files[::step][:n]:
        publisher, day, slug = path.stem.split("_", 2)
        paras = [p.strip() for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
        row = meta.get(path.stem, {})
        author = row.get("author")
        out.append({
            "url": f"https://{publisher}.example/{day.replace('-', '/')}/{slug}",
            "title": row.get("title") or paras[0], "published": day, "site": publisher,
            "author": author if author and author != "None" else None,
            "text": "\n\n".join(paras[1:]),
        })
    return out


def _versions_key() -> str:
    text = f"{SCHEMA_VERSION};" + ";".join(f"{s.name}:{s.version}" for s in STEPS)
    return hashlib.sha1(text.encode()).hexdigest()[:8]


def seed_store(n: int, start: float) -> Path:
    """The seed store, built once by the real `storyline run` and cached under bench/.cache
    (keyed by the schema and step versions)."""
    shared = (SHARED / "data" / "polnear").is_dir()
    if not shared:
        if os.environ.get("CI") == "true":
            raise GenError(f"shared data missing: {SHARED / 'data' / 'polnear'} (set "
                           "STORYLINE_SHARED); CI must benchmark on the real seed texts")
        print(f"warning: {SHARED / 'data' / 'polnear'} is missing: seeding from the "
              "repository's examples/ (a few fictional articles)", file=sys.stderr)
    name = f"seed-{n if shared else 'examples'}-{_versions_key()}.duckdb"
    path = CACHE / name
    if path.exists():
        log(f"seed store {path} (cached)", start)
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        if shared:
            inputs = Path(tmp) / "seed"
            inputs.mkdir()
            with open(inputs / "seed.jsonl", "w", encoding="utf-8") as out:
                for record in seed_records(n):
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            inputs = ROOT / "examples"
        part = Path(tmp) / name
        what = f"{n} PolNeAR articles" if shared else inputs
        log(f"seed: storyline run on {what}", start)
        done = subprocess.run([str(STORYLINE), "run", str(inputs), "--db", str(part),
                               "--no-report", "--workers", "2"], capture_output=True, text=True)
        if done.returncode not in (0, 1) or not part.exists():  # 1: some documents failed
            raise GenError(f"storyline run on the seed failed ({done.returncode}):\n"
                           f"{done.stdout[-2000:]}{done.stderr[-2000:]}")
        with duckdb.connect(str(part), read_only=True) as probe:
            stored = probe.execute("SELECT count(*) FROM articles").fetchone()[0]
        if not stored:  # not cached: the next call would take the empty seed as built
            raise GenError(f"storyline run on {what} stored no articles:\n"
                           f"{done.stdout[-2000:]}{done.stderr[-2000:]}")
        shutil.copy(part, path)
    for old in CACHE.glob(f"seed-{n if shared else 'examples'}-*.duckdb"):
        if old != path:  # made by other versions of the steps
            old.unlink()
    log(f"seed store {path} built", start)
    return path


# --- template: the seed with placeholder ids ---------------------------------------------------

_HEX16 = re.compile(r'"(s?[0-9a-f]{15,16})"')


def _template(con: duckdb.DuckDBPyConnection, width: int) -> tuple[dict[str, list[str]], str]:
    """Copy the seed into temp tables `tpl_<table>` with article-like ids rewritten to
    `~`*width + rest and story ids to `s` + `^`*width + rest. Returns, per table, the
    VARCHAR columns that hold a placeholder, and the template id of the largest story."""
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'seed'"
    ).fetchall()]
    unknown = sorted(set(tables) - set(PER_REPLICA) - set(ONCE) - set(LATER))
    if unknown:
        raise GenError(f"the store has tables this generator does not know: {unknown}; teach "
                       "bench/make_big_store.py how to replicate them")
    ids: dict[str, str] = {}
    for table in ("articles", "documents", "copy_groups", "quote_groups", "claim_groups",
                  "events"):
        for (old,) in con.execute(f"SELECT id FROM seed.{table}").fetchall():
            ids[old] = "~" * width + old[width:]
    for (old,) in con.execute("SELECT id FROM seed.stories").fetchall():
        ids[old] = "s" + "^" * width + old[width + 1:]
    if len(set(ids.values())) != len(ids):
        raise GenError(f"seed ids collide once their first {width} characters are replaced")

    def sub(value: str | None) -> str | None:
        if value is None:
            return None
        if value in ids:
            return ids[value]
        if '"' not in value:
            return value
        return _HEX16.sub(lambda m: f'"{ids.get(m.group(1), m.group(1))}"', value)

    marked: dict[str, list[str]] = {}
    for table in tables:
        con.execute(f"CREATE TEMP TABLE tpl_{table} AS SELECT * FROM seed.{table}")
        if table in ("meta", "step_state", "entities"):
            continue
        columns = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_catalog = 'seed' "
            "AND table_name = ? AND data_type = 'VARCHAR'", [table]).fetchall()]
        marked[table] = []
        for column in columns:
            rows = con.execute(f'SELECT rowid, "{column}" FROM tpl_{table}').fetchall()
            fixes = [(rid, new) for rid, old in rows if (new := sub(old)) != old]
            if not fixes:
                continue
            marked[table].append(column)
            con.execute("CREATE OR REPLACE TEMP TABLE fix AS SELECT unnest(?) AS rid, "
                        "unnest(?) AS v", [[f[0] for f in fixes], [f[1] for f in fixes]])
            con.execute(f'UPDATE tpl_{table} SET "{column}" = fix.v FROM fix '
                        f"WHERE tpl_{table}.rowid = fix.rid")
    largest = con.execute("SELECT id FROM tpl_stories ORDER BY size DESC, id LIMIT 1").fetchone()
    return marked, (largest[0] if largest else "")


# --- replication --------------------------------------------------------------------------------

def _select(con: duckdb.DuckDBPyConnection, table: str, marked: list[str], width: int,
            giant: str, giant_id: str) -> str:
    """The SELECT that makes the rows of `table` for every replica in `reps`."""
    columns = [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_catalog = 'seed' "
        "AND table_name = ? ORDER BY ordinal_position", [table]).fetchall()]
    ph = "~" * width
    out = []
    for c in columns:
        expr = f't."{c}"'
        if c in marked:
            expr = f"replace({expr}, '{ph}', reps.p)"
        if c in DATES.get(table, ()):
            expr = f"shift_iso({expr}, reps.off)"
        if table == "article_stories" and c == "story":
            expr = (f"CASE WHEN t.story = '{giant}' THEN '{giant_id}' "
                    f"ELSE replace(t.story, '{'^' * width}', reps.sp) END")
        if table in ("articles", "documents"):
            if c == "source":
                expr = "'replica-' || reps.p || '.jsonl:' || split_part(t.source, ':', -1)"
            if c == "url":
                expr = (f"regexp_replace({expr}, '^(https?://)[^/]+(.*)$', "
                        "'\\1' || o.domain || '\\2') || '-' || reps.p")
            if c == "site":
                expr = "o.name"
            if c == "hints":
                expr = ("CASE WHEN t.site IS NULL THEN t.hints ELSE replace(t.hints, "
                        "'\"site\":' || to_json(t.site), '\"site\":' || to_json(o.name)) END")
        out.append(f"{expr} AS \"{c}\"")
    joins = ""
    if table == "articles":
        joins = ("LEFT JOIN site_map m ON m.site = t.site "
                 "LEFT JOIN outlets o ON o.i = (m.idx * 7 + reps.r) % 48")
    elif table == "documents":
        joins = ("LEFT JOIN (SELECT id, site FROM tpl_articles) ta ON ta.id = t.id "
                 "LEFT JOIN site_map m ON m.site = ta.site "
                 "LEFT JOIN outlets o ON o.i = (m.idx * 7 + reps.r) % 48")
        out = [x.replace("t.site", "ta.site") for x in out]
    # Replica after replica, each in the seed's own row order (the pipeline's): the
    # physical order that a run in batches leaves, which DuckDB's zone maps rely on.
    return (f"SELECT {', '.join(out)} FROM tpl_{table} t CROSS JOIN reps {joins} "
            "ORDER BY reps.r, t.rowid")


def build(n: int, out: Path, seed_n: int, per_story: int, days: int, chunk: int,
          memory: str, start: float) -> dict:
    seed = seed_store(seed_n, start)
    with duckdb.connect(str(seed), read_only=True) as probe:
        seed_articles = probe.execute("SELECT count(*) FROM articles").fetchone()[0]
    if seed_articles == 0:
        raise GenError(f"the seed store {seed} holds no articles")
    replicas = -(-n // seed_articles)
    width = max(3, len(f"{replicas:x}"))
    blocks = -(-replicas // per_story)
    part = out.with_name(out.name + ".part")
    for p in (part, part.with_name(part.name + ".wal")):
        p.unlink(missing_ok=True)
    log(f"{replicas} replicas of {seed_articles} seed articles -> {replicas * seed_articles} "
        f"articles, {blocks} story blocks of {per_story} replicas", start)
    with Store.open(part) as store:  # creates the current schema
        con = store.con
        con.execute(f"SET memory_limit = '{memory}'")
        con.execute(f"ATTACH '{seed}' AS seed (READ_ONLY)")
        con.execute(
            "CREATE TEMP MACRO shift_iso(v, d) AS CASE WHEN regexp_full_match(substr(v, 1, 10), "
            "'\\d{4}-\\d{2}-\\d{2}') THEN coalesce(strftime(try_cast(substr(v, 1, 10) AS DATE) "
            "+ d, '%Y-%m-%d') || substr(v, 11), v) ELSE v END")
        marked, giant = _template(con, width)
        con.execute("CREATE TEMP TABLE outlets AS SELECT unnest(range(48)) AS i, "
                    "unnest(?) AS name, unnest(?) AS domain",
                    [list(OUTLETS), [o.lower().replace(" ", "") + ".example" for o in OUTLETS]])
        con.execute("CREATE TEMP TABLE site_map AS SELECT site, (row_number() OVER "
                    "(ORDER BY site) - 1)::INTEGER AS idx FROM "
                    "(SELECT DISTINCT site FROM tpl_articles WHERE site IS NOT NULL)")
        giant_id = "s" + f"{blocks:x}".rjust(width, "0") + giant[width + 1:] if giant else ""
        log(f"template ready ({sum(len(v) for v in marked.values())} id columns rewritten)",
            start)
        con.execute("CREATE TEMP TABLE story_stage AS SELECT * FROM seed.stories LIMIT 0")
        selects = {t: _select(con, t, marked.get(t, []), width, giant, giant_id)
                   for t in PER_REPLICA}
        story_select = (
            f"SELECT CASE WHEN t.id = '{giant}' THEN '{giant_id}' ELSE replace(t.id, "
            f"'{'^' * width}', reps.sp) END, t.label, t.size, shift_iso(t.first, reps.off), "
            "shift_iso(t.last, reps.off) FROM tpl_stories t CROSS JOIN reps")
        for first in range(0, replicas, chunk):
            rs = list(range(first, min(replicas, first + chunk)))
            offs = [(r // per_story) * days // blocks + (r % per_story) * 2 for r in rs]
            con.execute("CREATE OR REPLACE TEMP TABLE reps AS SELECT unnest(?) AS r, "
                        "unnest(?) AS p, unnest(?) AS sp, unnest(?) AS off",
                        [rs, [f"{r:x}".rjust(width, "0") for r in rs],
                         [f"{r // per_story:x}".rjust(width, "0") for r in rs], offs])
            con.execute("BEGIN TRANSACTION")
            for table in PER_REPLICA:
                con.execute(f"INSERT INTO main.{table} {selects[table]}")
            con.execute(f"INSERT INTO story_stage {story_select}")
            con.execute("COMMIT")
            log(f"replicas {first + 1}-{rs[-1] + 1} of {replicas}", start)
        con.execute("BEGIN TRANSACTION")
        con.execute("INSERT INTO main.stories SELECT id, min(label), sum(size), min(first), "
                    "max(last) FROM story_stage GROUP BY id")
        con.execute("INSERT INTO main.entities SELECT id, name, type, aliases, roles, country, "
                    f"n_mentions * {replicas}, n_articles * {replicas} FROM tpl_entities")
        con.execute("INSERT INTO main.step_state SELECT * FROM tpl_step_state")
        p0 = "0" * width
        con.execute(f"INSERT INTO main.copy_index SELECT kind, key, replace(article, "
                    f"'{'~' * width}', '{p0}') FROM tpl_copy_index")
        con.execute("INSERT OR REPLACE INTO main.meta SELECT * FROM tpl_meta "
                    "WHERE key <> 'schema_version'")
        con.execute("COMMIT")
        log("stories, entities, step state written", start)
        problems = check(con)
        con.execute("DETACH seed")
        con.execute("CHECKPOINT")
        counts = dict(con.execute(
            "SELECT 'articles', count(*) FROM articles UNION ALL SELECT 'stories', count(*) "
            "FROM stories UNION ALL SELECT 'entities', count(*) FROM entities UNION ALL "
            "SELECT 'quote groups', count(*) FROM quote_groups UNION ALL SELECT 'events', "
            "count(*) FROM events UNION ALL SELECT 'largest story', max(size) FROM stories "
            "UNION ALL SELECT 'median story', median(size)::BIGINT FROM stories").fetchall())
    if problems:
        raise GenError("the generated store is inconsistent:\n  " + "\n  ".join(problems))
    os.replace(part, out)
    for extra in (part.with_name(part.name + ".lock"), part.with_name(part.name + ".wal")):
        extra.unlink(missing_ok=True)
    return counts


# --- checks -------------------------------------------------------------------------------------

#: (table, column) -> (table, column) it refers to.
REFS = [
    ("articles", "id", "documents", "id"), ("raw", "id", "documents", "id"),
    ("article_stories", "article", "articles", "id"),
    ("article_stories", "story", "stories", "id"),
    ("article_copies", "article", "articles", "id"),
    ("article_copies", "copy_group", "copy_groups", "id"),
    ("entity_mentions", "article", "articles", "id"),
    ("entity_mentions", "entity", "entities", "id"),
    ("quote_groups", "speaker", "entities", "id"),
    ("quotes", "article", "articles", "id"), ("claims", "article", "articles", "id"),
    ("times", "article", "articles", "id"), ("event_mentions", "article", "articles", "id"),
    ("analyses", "article", "articles", "id"), ("fact_refs", "article", "articles", "id"),
    ("step_done", "article", "documents", "id"),
    ("fact_links", "article", "articles", "id"),
    ("site_notes", "article", "articles", "id"),
    ("entity_units", "article", "articles", "id"),
]
#: JSON paths (DuckDB json_extract_string with wildcards) holding ids of a table.
JSON_REFS = [
    ("quote_groups", "mentions", "$[*][0]", "articles"),
    ("events", "mentions", "$[*][0]", "articles"),
    ("events", "history", "$[*].articles[*]", "articles"),
    ("events", "actors", "$[*][0]", "entities"),
    ("claim_groups", "claims", "$[*].article_id", "articles"),
    ("stories", "label", "$[*]", "entities"),
]


def check(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every reference points at a stored row; story sizes match their articles."""
    problems = []
    for table, column, target, key in REFS:
        bad = con.execute(
            f'SELECT count(*) FROM main.{table} t WHERE t."{column}" IS NOT NULL AND NOT EXISTS '
            f"(SELECT 1 FROM main.{target} u WHERE u.{key} = t.\"{column}\")").fetchone()[0]
        if bad:
            problems.append(f"{table}.{column}: {bad} rows point at no {target}")
    for table, column, path, target in JSON_REFS:
        bad = con.execute(
            f"SELECT count(*) FROM (SELECT unnest(json_extract_string({column}, '{path}')) AS x "
            f"FROM main.{table}) WHERE x IS NOT NULL AND x NOT IN (SELECT id FROM main.{target})"
        ).fetchone()[0]
        if bad:
            problems.append(f"{table}.{column} {path}: {bad} ids point at no {target}")
    for kind, target in (("quote", "quote_groups"), ("claim", "claim_groups"),
                         ("event", "events")):
        bad = con.execute(
            f"SELECT count(*) FROM main.fact_links l WHERE l.kind = '{kind}' AND NOT EXISTS "
            f"(SELECT 1 FROM main.{target} u WHERE u.id = l.ref)").fetchone()[0]
        if bad:
            problems.append(f"fact_links: {bad} {kind} rows point at no {target}")
    bad = con.execute(
        "SELECT count(*) FROM main.stories s LEFT JOIN (SELECT story, count(*) AS k FROM "
        "main.article_stories GROUP BY story) c ON c.story = s.id WHERE s.size <> "
        "coalesce(c.k, 0)").fetchone()[0]
    if bad:
        problems.append(f"stories: {bad} sizes differ from their articles")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="articles (rounded up to whole "
                    "replicas of the seed)")
    ap.add_argument("--out", type=Path, required=True, help="store file to write")
    ap.add_argument("--seed", type=int, default=400, help="seed articles run through the "
                    "real pipeline")
    ap.add_argument("--per-story", type=int, default=12,
                    help="replicas that share their stories")
    ap.add_argument("--days", type=int, default=730, help="days the replicas spread over")
    ap.add_argument("--chunk", type=int, default=25, help="replicas per transaction")
    ap.add_argument("--memory", default="2GB", help="DuckDB memory limit")
    ap.add_argument("--force", action="store_true", help="replace --out if it exists")
    args = ap.parse_args()
    if args.out.exists() and not args.force:
        sys.exit(f"{args.out} exists; give --force to replace it")
    start = time.perf_counter()
    try:
        counts = build(args.n, args.out, args.seed, args.per_story, args.days, args.chunk,
                       args.memory, start)
    except (GenError, duckdb.Error) as err:
        sys.exit(f"make_big_store: {err}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = args.out.stat().st_size / 2**20
    log(f"wrote {args.out} ({size:,.0f} MB): "
        + ", ".join(f"{k} {v:,}" for k, v in counts.items()), start)
    print(f"peak memory of the replication: {own:,.0f} MB")


if __name__ == "__main__":
    main()
