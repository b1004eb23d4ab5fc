"""`storyline export --format parquet`: the JSON Lines records as typed Parquet files.

- Every Parquet file of the examples store reads back (duckdb.read_parquet)
  equal to its JSON Lines records, with the same columns in the same order,
  objects as STRUCTs and lists as LISTs, never JSON strings.
- The same store gives byte-identical files, in this process or another.
- An empty store still gives every file with its typed columns.
- Written whole, as the JSON Lines export: a failure leaves the folder as it
  was; an earlier export of either format is replaced; other files are kept.
- A record that does not fit the schema stops the export naming file and record.
- The schema in code is the one docs/export.md documents.
"""

from __future__ import annotations

import hashlib
import re
import resource
import signal
import subprocess
from pathlib import Path

import duckdb
import pytest
from conftest import CLI, EXPORTS, ROOT, storyline, storyline_subprocess

from storyline.present.export import SCHEMA, SchemaError, duck_type, write_parquet
from storyline.store import Store

PARQUET = sorted(f"{name}.parquet" for name in EXPORTS)


def _read(path: Path) -> tuple[list[dict], duckdb.DuckDBPyRelation]:
    rel = duckdb.read_parquet(str(path))
    return [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()], rel


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


@pytest.fixture(scope="module")
def parquet_export(examples_run, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("parquet") / "export"
    storyline("export", "--db", examples_run[1], "--out", out, "--format", "parquet", check=True)
    return out


def _json_kind(values: list) -> str:
    """The Parquet type id a column of these JSON values must have."""
    kinds = {type(v) for v in values if v is not None}
    if kinds <= {dict}:
        return "struct"
    if kinds <= {list}:
        return "list"
    if kinds <= {bool}:
        return "boolean"
    if kinds <= {int}:
        return "bigint"
    if kinds <= {int, float}:
        return "double"
    assert kinds == {str}, kinds
    return "varchar"


def test_every_parquet_file_reads_back_equal_to_its_jsonl_records(examples_run, parquet_export):
    jsonl = examples_run[3]
    assert sorted(p.name for p in parquet_export.iterdir()) == PARQUET
    for name in EXPORTS:
        rows, rel = _read(parquet_export / f"{name}.parquet")
        assert jsonl[name], f"the examples store has no {name}: the test would prove nothing"
        assert rows == jsonl[name], name
        assert rel.columns == list(jsonl[name][0]), name
        for column, kind in zip(rel.columns, rel.types, strict=True):
            values = [record[column] for record in jsonl[name]]
            if all(v is None for v in values):
                continue
            if kind.id == "double" and _json_kind(values) == "bigint":
                continue  # a `number` field that happens to hold whole numbers here
            assert kind.id == _json_kind(values), (name, column, str(kind))
    # nested records are STRUCTs inside LISTs, queryable as such
    sources = duckdb.sql("SELECT DISTINCT unnest(date_evidence).source AS s FROM "
                         f"read_parquet('{parquet_export / 'articles.parquet'}') ORDER BY s")
    assert ("dateline",) in sources.fetchall() or ("json-ld:datePublished",) in sources.fetchall()


def test_the_same_store_gives_byte_identical_parquet_files(examples_run, parquet_export,
                                                           tmp_path):
    again = tmp_path / "again"
    storyline_subprocess("export", "--db", examples_run[1], "--out", again, "--format",
                         "parquet", check=True)
    assert _digests(again) == _digests(parquet_export)
    storyline("export", "--db", examples_run[1], "--out", again, "--format", "parquet",
              check=True)  # an earlier export: replaced, by the same bytes
    assert _digests(again) == _digests(parquet_export)


def test_an_empty_store_gives_every_file_with_its_typed_columns(tmp_path):
    db = tmp_path / "empty.duckdb"
    Store.open(db).close()
    result = storyline("export", "--db", db, "--out", tmp_path / "x", "--format", "parquet",
                       check=True)
    assert "articles.parquet: 0 records" in result.stdout
    for name in EXPORTS:
        rows, rel = _read(tmp_path / "x" / f"{name}.parquet")
        assert rows == []
        assert rel.columns == list(SCHEMA[name])
        assert [str(t) for t in rel.types] == [
            str(duckdb.sql(f"SELECT NULL::{duck_type(k)} AS c").types[0])
            for k in SCHEMA[name].values()], name


def test_parquet_export_replaces_an_export_and_keeps_the_users_files(examples_run,
                                                                     parquet_export, tmp_path):
    db = examples_run[1]
    target = tmp_path / "export"
    storyline("export", "--db", db, "--out", target, check=True)  # JSON Lines
    storyline("export", "--db", db, "--out", target, "--format", "parquet", check=True)
    assert _digests(target) == _digests(parquet_export)  # replaced whole: no .jsonl left

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me\n")
    refused = storyline("export", "--db", db, "--out", mine, "--format", "parquet")
    assert refused.returncode == 2
    assert "did not write (notes.txt)" in _one_error_line(refused.stderr)
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt"]
    storyline("export", "--db", db, "--out", mine, "--format", "parquet", "--force", check=True)
    after = _digests(mine)
    assert (mine / "notes.txt").read_text() == "keep me\n"
    del after["notes.txt"]
    assert after == _digests(parquet_export)

    wrong = storyline("export", "--db", db, "--out", tmp_path / "y", "--format", "csv")
    assert wrong.returncode == 2
    assert "unknown export format 'csv'" in _one_error_line(wrong.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export", "mine"]  # no leftovers


def _file_size_limit(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    return apply


def test_a_parquet_export_that_fails_midway_leaves_the_folder_as_it_was(examples_run,
                                                                        tmp_path):
    """A full disk (a file-size limit the kernel enforces) during the export."""
    target = tmp_path / "export"
    target.mkdir()
    for name in EXPORTS:  # an earlier export
        (target / f"{name}.jsonl").write_text(f'{{"earlier": "{name}"}}\n')
    before = _digests(target)
    done = subprocess.run(CLI + ["export", "--db", str(examples_run[1]), "--out", str(target),
                                 "--format", "parquet"],
                          capture_output=True, text=True, timeout=300,
                          preexec_fn=_file_size_limit(20_000))
    assert done.returncode == 2
    line = _one_error_line(done.stderr)
    assert f"cannot write the export to {target}" in line and "left as it was" in line
    assert _digests(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"]


QUOTE = {"id": "q-harbour-1", "text": "The harbour opens at dawn.", "kind": "direct",
         "speaker": {"entity": "e1", "name": "Mira Olsen"}, "verb": "say", "medium": None,
         "n_sources": 2, "first_date": "2031-04-02",
         "mentions": [{"article": "a1", "start": 10, "end": 36}]}


@pytest.mark.parametrize("change, said", [
    ({"speaker": {"entity": "e1", "name": "Mira Olsen", "role": "mayor"}},
     "speaker.role is not in the schema"),
    ({"mentions": [{"article": "a1", "start": "10", "end": 36}]},
     "mentions[0].start is str '10', the schema has BIGINT"),
    ({"n_sources": True}, "n_sources is bool True, the schema has BIGINT"),
    ({"first_date": None, "verb": ["say"]}, "verb is list"),
])
def test_a_record_that_does_not_fit_the_schema_stops_the_file(tmp_path, change, said):
    good = dict(QUOTE, id="q-harbour-0")
    with pytest.raises(SchemaError) as error:
        write_parquet(tmp_path / "quotes.parquet", "quotes", [good, QUOTE | change])
    assert str(error.value).startswith("quotes.parquet, record 2 (q-harbour-1): ")
    assert said in str(error.value)
    assert list(tmp_path.iterdir()) == []  # neither the file nor its staged lines
    assert write_parquet(tmp_path / "quotes.parquet", "quotes", [good, QUOTE]) == 2
    assert _read(tmp_path / "quotes.parquet")[0] == [good, QUOTE]


def _documented_fields() -> dict[str, dict[str, list[str] | None]]:
    """{file: {field: the nested keys its meaning shows as {"a", "b"}, or None}}."""
    doc = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    found = {}
    for section in re.split(r"^##+ ", doc, flags=re.M):
        head = re.match(r"`(\w+)\.jsonl`", section)
        if not head:
            continue
        fields = found.setdefault(head.group(1), {})
        for line in section.splitlines():
            if not line.startswith("| `"):
                continue
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            shape = re.search(r"\{([^}]*)\}", cells[2])
            for field in re.findall(r"`(\w+)`", cells[0]):
                fields[field] = re.findall(r'"(\w+)"', shape.group(1)) if shape else None
    return found


def test_the_schema_is_the_one_docs_export_md_documents():
    documented = _documented_fields()
    assert sorted(documented) == sorted(SCHEMA)
    for name, schema in SCHEMA.items():
        assert list(documented[name]) == list(schema), name  # same fields, same order
        for field, kind in schema.items():
            inner = kind[0] if isinstance(kind, list) else kind
            if isinstance(inner, dict) and documented[name][field] is not None:
                assert documented[name][field] == list(inner), (name, field)
