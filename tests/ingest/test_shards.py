"""Shards: the inputs cut into tasks a worker reads itself, in discover's order; a
worker names each file as the user gave it, whatever path it opens."""

from __future__ import annotations

import os
from pathlib import Path

from pages import news_page

from storyline.ingest import discover, read_path
from storyline.ingest.shards import count_documents, plan, sliced, to_count
from storyline.run.steps.extract import extract_shard


def _tree(root: Path) -> None:
    for folder, names in {"a": ["1.html", "2.html", "3.txt"], "b": ["4.html"]}.items():
        (root / folder).mkdir(parents=True)
        for k, name in enumerate(names):
            (root / folder / name).write_text(news_page(k + 1))
    (root / "a" / "feed.jsonl").write_text('{"text": "One line of news."}\n')
    (root / "c.warc").write_bytes(b"WARC/1.0\r\n")


def test_archives_are_shards_alone_and_pages_go_by_folder(tmp_path):
    _tree(tmp_path)
    files = discover([tmp_path]).files
    shards = plan(files, published="2024-05-01", most=2)
    names = [[Path(f.name).relative_to(tmp_path).as_posix() for f in s.files] for s in shards]
    assert names == [["a/1.html", "a/2.html"], ["a/3.txt"], ["a/feed.jsonl"], ["b/4.html"],
                     ["c.warc"]]
    assert [f.name for s in shards for f in s.files] == [str(f) for f in files]  # order kept
    assert all(os.path.isabs(f.path) for s in shards for f in s.files)
    assert shards[0].size == sum(f.stat().st_size for f in files[:2])
    assert {s.published for s in shards} == {"2024-05-01"}
    assert len(plan(files)) == 4  # a's three pages, feed.jsonl, b's page, c.warc


def test_a_shard_read_from_elsewhere_names_its_files_as_given(tmp_path, monkeypatch):
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    shard = plan([Path("a/1.html"), Path("a/gone.html")])[0]
    got = extract_shard(shard)
    (docs, articles), missing = got
    assert missing is None  # a file this worker cannot see: the driver reads it
    assert [d.source for d in docs] == [a.source for a in articles] == ["a/1.html"]
    monkeypatch.chdir(tmp_path / "b")  # a worker elsewhere opens the absolute path
    again = extract_shard(shard)[0]
    assert again[0] == docs and again[1] == articles
    assert [d.id for d in docs] == [d.id for d in read_path(tmp_path / "a" / "1.html")]


def test_slices_of_an_archive_give_its_documents_once_and_in_order(tmp_path):
    lines = [f'{{"url": "https://example.test/{k}", "text": "News item {k}."}}\n'
             for k in range(7)]
    (tmp_path / "feed.jsonl").write_text("".join(lines) + "not json\n")
    shards = plan(discover([tmp_path]).files)
    assert to_count(shards) == [] and to_count(shards, least=1) == shards
    counts = {s: count_documents(s) for s in to_count(shards, least=1)}
    assert list(counts.values()) == [8]
    parts = sliced(shards, counts, size=3)
    assert [(p.start, p.stop, p.last) for p in parts] == [(0, 3, False), (3, 6, False),
                                                          (6, None, True)]
    whole = extract_shard(shards[0])[0]
    pieces = [extract_shard(p)[0] for p in parts]
    assert [d for docs, _ in pieces for d in docs] == whole[0]
    assert [a for _, arts in pieces for a in arts] == whole[1]
    assert whole[0][-1].error and whole[0][-1].source.endswith("feed.jsonl:8")
    assert sliced(shards, counts, size=8) == shards  # a small archive stays whole
    gone = plan([tmp_path / "gone.jsonl"])[0]
    assert count_documents(gone) is None
