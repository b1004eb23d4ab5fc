"""The search index over real stores: the examples corpus and small stores built by
`storyline run` from fictional pages."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from conftest import storyline
from pages import news_page, paragraphs

from storyline.search import KINDS, SearchIndex, SearchPage, sidecar_path
from storyline.search import index as index_module
from storyline.store import Store

HOSTILE = ['"', '""', 'AND (', "*", "NEAR(", "NEAR(a b", "a OR", "NOT", "-", "^", ":", "((",
           'heading: "x', "body:*", "'; DROP TABLE docs; --", "\x00", "\ud800", "AND OR NOT",
           "Varel*", "*Varel", "V\u0301arel", "🙂 crates", "a" * 5000, "crates " * 200,
           "{heading body}: x", "x NEAR/2 y", "\\", "%", "_"]


def _text(hit) -> str:
    return "".join(t for t, _ in hit.snippet)


@pytest.fixture(scope="module")
def examples(examples_run, tmp_path_factory):
    """The examples store with its index in a folder of the module's own."""
    _, db, _, _ = examples_run
    index = SearchIndex(tmp_path_factory.mktemp("search") / "examples.search")
    report = index.sync(db)
    assert not report.rebuilt and not report.messages
    return db, index


def _article_text(db, title_word: str) -> tuple[str, str]:
    with Store.open(db, read_only=True) as store:
        return store.con.execute(
            "SELECT id, text FROM articles WHERE title ILIKE ? ORDER BY id",
            [f"%{title_word}%"]).fetchone()


def test_every_kind_is_indexed(examples):
    _, index = examples
    counts = index.counts()
    assert set(counts) == set(KINDS) and all(n > 0 for n in counts.values())


def test_finds_an_article_by_a_word_of_its_text(examples):
    db, index = examples
    article, text = _article_text(db, "Caldenian intelligence")
    assert "casings" in text
    page = index.search("casings", kind="article")
    assert [h.id for h in page.items] == [article] and page.total == 1
    hit = page.items[0]
    assert hit.kind == "article" and hit.article == article and hit.start is None
    assert "Caldenian intelligence" in hit.title and "Caldenia Today" in hit.detail
    assert ("casings", True) in hit.snippet


def test_finds_a_quote_by_its_words_and_points_to_its_passage(examples):
    db, index = examples
    page = index.search("steady stream freight trains", kind="quote")
    assert page.total >= 1
    hit = page.items[0]
    assert hit.kind == "quote" and "steady stream" in hit.title
    with Store.open(db, read_only=True) as store:
        text = store.con.execute("SELECT text FROM articles WHERE id = ?",
                                 [hit.article]).fetchone()[0]
    assert "freight trains" in text[hit.start:hit.end]


def test_stemming_and_phrases(examples):
    _, index = examples
    assert index.search("crate", kind="claim").total == 1  # crates of munitions
    loose = index.search("welcome grand").total
    exact = index.search('"welcome grand"').total
    assert loose >= 1 and exact == 0
    assert index.search('"grand welcome"').total >= 1


def test_all_words_required_else_any(examples):
    _, index = examples
    both = index.search("Varel Pelmora")
    assert not both.any_term and both.total > 0
    fallback = index.search("Varel zzyzxquolp")
    assert fallback.any_term and fallback.total == index.search("Varel").total


def test_kinds_filter_and_paging(examples):
    _, index = examples
    everything = index.search("Varel", limit=200)
    assert everything.total == sum(everything.by_kind.values()) == len(everything.items)
    first, second = index.search("Varel", limit=5), index.search("Varel", limit=5, offset=5)
    assert [h.id for h in first.items + second.items] == [h.id for h in everything.items[:10]]
    events = index.search("Varel", kind="event", limit=200)
    assert events.total == everything.by_kind["event"] == len(events.items)
    assert {h.kind for h in events.items} == {"event"}
    assert index.search("Varel", offset=10_000).items == ()
    scores = [h.score for h in everything.items]
    assert scores == sorted(scores)


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(examples, query):
    _, index = examples
    page = index.search(query)
    assert isinstance(page, SearchPage) and page.total >= len(page.items)


def test_hostile_words_are_searched_as_words(examples):
    _, index = examples
    assert index.search("crates AND (").total == index.search("crates and").total > 0
    assert index.search('"').total == 0 and index.search("*").total == 0
    assert index.search("Vare*").total == index.search("Varel").total > 0


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_empty_query_is_a_clear_error(examples, query):
    _, index = examples
    with pytest.raises(ValueError, match="empty"):
        index.search(query)


def test_bad_kind_and_limits_are_clear_errors(examples):
    _, index = examples
    with pytest.raises(ValueError, match="unknown kind"):
        index.search("Varel", kind="story")
    for limit, offset in ((0, 0), (5000, 0), (10, -1)):
        with pytest.raises(ValueError, match="limit"):
            index.search("Varel", limit=limit, offset=offset)


def test_snippets_hold_raw_text_for_the_page_to_escape(examples):
    _, index = examples
    for hit in index.search("Varel", limit=200).items:
        assert hit.snippet and any(m for _, m in hit.snippet), hit
        assert all("\ue000" not in t and "\ue001" not in t for t, _ in hit.snippet)
        assert all(t.lower().startswith("varel") for t, m in hit.snippet if m)


def test_the_index_is_deterministic(examples, tmp_path):
    db, index = examples
    again = SearchIndex(tmp_path / "again.search")
    again.sync(db)
    def rows(path):
        with sqlite3.connect(path) as con:
            return con.execute('SELECT rowid, kind, id, version, title, detail, article, start, '
                               '"end" FROM docs ORDER BY rowid').fetchall()
    assert rows(index.path) == rows(again.path)
    for query in ("Varel", "crates", "said"):
        assert index.search(query, limit=100) == again.search(query, limit=100)


def test_a_second_sync_reads_nothing_when_nothing_changed(examples):
    db, index = examples
    report = index.sync(db)
    assert report.changed == 0 and all(c.skipped for c in report.kinds.values())


# -- small stores built from fictional pages -----------------------------------------


def _page(folder, name: str, seed: int, title: str, body: list[str]) -> None:
    (folder / f"{name}.html").write_text(news_page(
        seed, title=title, body=body,
        url=f"https://valmora-ledger.example/news/{name}"), encoding="utf-8")


LIGHTHOUSE = "Lighthouse keepers walk out at Kestrel Point over pay"


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A store of three fictional pages, one naming the port authority by its short
    name (an alias from an alias file), and its index."""
    root = tmp_path_factory.mktemp("small")
    pages = root / "pages"
    pages.mkdir()
    _page(pages, "keepers", 1, LIGHTHOUSE, paragraphs(1))
    _page(pages, "harbour", 2, "Valmora harbour dredging starts next week", [
        "The Valmora Port Authority said on Tuesday that dredging of the inner harbour will "
        "begin next week and last about 40 days.",
        "A spokesman for the VPA said ferries would keep running, although the old "
        "lighthouse pier will close to visitors while the work goes on.",
        *paragraphs(2, 3)])
    _page(pages, "quota", 3, "Fishing fleet disputes new quota in Duneholt", paragraphs(3))
    aliases = root / "aliases.tsv"
    aliases.write_text("VPA\tValmora Port Authority\torg\n", encoding="utf-8")
    db = root / "small.duckdb"
    storyline("run", pages, "--db", db, "--aliases", aliases, check=True)
    index = SearchIndex.for_store(db)
    index.sync(db)
    return root, pages, aliases, db, index


def _docs(index: SearchIndex) -> dict[tuple[str, str], tuple[int, int, str]]:
    with sqlite3.connect(index.path) as con:
        return {(k, i): (rowid, synced, version) for rowid, k, i, synced, version in
                con.execute("SELECT rowid, kind, id, synced, version FROM docs")}


def test_the_sidecar_lies_beside_the_store(small):
    _, _, _, db, index = small
    assert index.path == sidecar_path(db) == db.with_name("small.duckdb.search")
    with sqlite3.connect(index.path) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_finds_an_entity_by_its_alias(small):
    *_, index = small
    page = index.search("VPA", kind="entity")
    assert [h.title for h in page.items] == ["Valmora Port Authority"]
    assert page.items[0].article is not None


def test_a_title_hit_ranks_first(small):
    *_, index = small
    page = index.search("lighthouse", kind="article")
    assert page.total == 2
    assert page.items[0].title == LIGHTHOUSE
    assert page.items[0].score < page.items[1].score


def test_new_articles_are_indexed_without_rewriting_the_rest(small):
    root, pages, aliases, db, index = small
    before = _docs(index)
    _page(pages, "ferry", 4, "Night ferry to Port Ilven returns for the summer", [
        "The night ferry between Valmora and Port Ilven will run again from June, the "
        "operator Quillon Lines said, after a two-year pause.", *paragraphs(4, 3)])
    storyline("run", pages, "--db", db, "--aliases", aliases, check=True)
    report = index.sync(db)
    assert report.kinds["article"].added == 1 and report.kinds["article"].removed == 0
    assert report.kinds["article"].updated == 0 and not report.rebuilt
    hit = index.search("Quillon", kind="article").items[0]
    assert hit.title.startswith("Night ferry")
    after = _docs(index)
    articles = [key for key in before if key[0] == "article"]
    assert len(articles) == 3
    assert all(after[key] == before[key] for key in articles)  # same rowid, sync, version
    # corpus-level docs whose text did not change are not rewritten either
    unchanged = [key for key in before if key in after and after[key][2] == before[key][2]]
    assert all(after[key][1] == before[key][1] for key in unchanged)
    assert len(unchanged) > len(articles)


def test_changed_and_removed_articles(small):
    _, _, _, db, index = small
    with Store.open(db) as store:
        ids = dict(store.con.execute("SELECT title, id FROM articles").fetchall())
        first, second = ids["Night ferry to Port Ilven returns for the summer"], ids[
            "Fishing fleet disputes new quota in Duneholt"]
        store.con.execute("UPDATE articles SET extractor_version = 'next' WHERE id = ?",
                          [first])
        store.con.execute("DELETE FROM articles WHERE id = ?", [second])
    before = _docs(index)
    report = index.sync(db)
    change = report.kinds["article"]
    assert (change.added, change.updated, change.removed) == (0, 1, 1)
    after = _docs(index)
    assert ("article", second) not in after
    assert after[("article", first)][0] == before[("article", first)][0]  # kept its rowid
    assert after[("article", first)][2] == "next"
    _check_runs(index)  # an add after other kinds, a rewrite and a delete


def test_the_store_is_opened_per_chunk_and_let_go(small, monkeypatch, tmp_path):
    _, _, _, db, _ = small
    monkeypatch.setattr(index_module, "ARTICLE_CHUNK", 1)
    opened = []

    def open_store():
        opened.append(1)
        return Store.open(db, read_only=True)

    index = SearchIndex(tmp_path / "chunked.search")
    report = index.sync(open_store)
    n = report.kinds["article"].added
    assert n >= 3 and len(opened) >= n + 2
    with Store.open(db) as writer:  # nothing holds the store after a sync
        assert writer.con.execute("SELECT count(*) FROM articles").fetchone()[0] == n


def test_a_deleted_sidecar_is_rebuilt(small):
    _, _, _, db, index = small
    before = index.counts()
    index.path.unlink()
    report = index.sync(db)
    assert index.counts() == before and report.changed == sum(before.values())
    assert index.search("lighthouse", kind="article").total == 2


def test_a_damaged_sidecar_is_rebuilt_with_a_message(small):
    _, _, _, db, index = small
    before = index.counts()
    for suffix in ("-wal", "-shm"):
        (index.path.parent / (index.path.name + suffix)).unlink(missing_ok=True)
    index.path.write_bytes(b"this is not a database at all" * 100)
    told = []
    report = index.sync(db, on_message=told.append)
    assert report.rebuilt and told and "damaged" in told[0] and str(index.path) in told[0]
    assert index.counts() == before


def test_a_sidecar_of_another_store_is_rebuilt(small, examples_run, tmp_path):
    _, _, _, db, index = small
    _, examples_db, _, _ = examples_run
    other = tmp_path / "other.duckdb"
    shutil.copy(examples_db, other)
    index.sync(db)
    with sqlite3.connect(index.path) as con:  # a whole copy, not its WAL
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(index.path, sidecar_path(other))
    moved = SearchIndex.for_store(other)
    report = moved.sync(other)
    assert report.rebuilt and "another store" in report.messages[0]
    assert moved.search("lighthouse", kind="article").total == 0
    assert moved.search("casings", kind="article").total == 1


def test_a_sync_while_another_runs_says_busy(small):
    _, _, _, db, index = small
    with index._sync_lock(True) as held:
        assert held
        report = index.sync(db, wait=False)
    assert report.busy and report.changed == 0


def test_searching_without_an_index_is_a_clear_error(tmp_path):
    from storyline.search import SearchError
    with pytest.raises(SearchError, match="no search index"):
        SearchIndex(tmp_path / "none.search").search("x")


# -- bounded ranking, kind runs, format 1, readers ------------------------------------


def _joined_counts(index: SearchIndex, query: str) -> dict[str, int]:
    """Matches by kind counted the slow way (a join with docs), to check the runs."""
    from storyline.search.query import match_expression, parse
    with sqlite3.connect(index.path) as con:
        return dict(con.execute(
            "SELECT d.kind, count(*) FROM fts JOIN docs d ON d.rowid = fts.rowid "
            "WHERE fts MATCH ? GROUP BY d.kind ORDER BY d.kind",
            [match_expression(parse(query))]).fetchall())


def test_counts_by_kind_follow_adds_rewrites_and_deletes(small):
    _check_runs(small[-1])


def _check_runs(index: SearchIndex) -> None:
    for query in ("lighthouse", "Valmora", "said", "VPA", "the"):
        assert index.search(query).by_kind == _joined_counts(index, query), query
    with sqlite3.connect(index.path) as con:
        runs = con.execute("SELECT lo, hi, kind FROM kind_runs ORDER BY lo").fetchall()
        for lo, hi, kind in runs:
            assert {k for (k,) in con.execute(
                "SELECT DISTINCT kind FROM docs WHERE rowid BETWEEN ? AND ?", [lo, hi])} <= {kind}
        assert con.execute("SELECT count(*) FROM docs WHERE NOT EXISTS (SELECT 1 FROM kind_runs "
                           "WHERE docs.rowid BETWEEN lo AND hi)").fetchone()[0] == 0


def test_a_huge_result_set_ranks_a_bounded_window(examples, monkeypatch):
    _, index = examples
    full = index.search("Varel", limit=200)
    assert not full.more and full.total > 6
    monkeypatch.setattr(index_module, "RANK_WINDOW", 6)
    page = index.search("Varel", limit=200)
    assert page.more and page.total == 6 == len(page.items)
    assert page.by_kind == full.by_kind  # the counts stay exact
    singles = [index.search("Varel", limit=1, offset=i).items[0] for i in range(6)]
    assert singles == list(page.items)  # paging is consistent across the two tiers
    assert index.search("Varel", offset=6).items == ()
    heading = [any(m for _, m in _heading_snippet(index, h)) for h in page.items]
    assert heading == sorted(heading, reverse=True)  # docs with the word in the heading first
    quotes = index.search("Varel", kind="quote", limit=200)
    assert {h.kind for h in quotes.items} == {"quote"} and quotes.total == min(
        6, full.by_kind["quote"])


def _heading_snippet(index: SearchIndex, hit) -> tuple:
    from storyline.search.query import snippet_parts
    with sqlite3.connect(index.path) as con:
        text = con.execute(
            "SELECT snippet(fts, 0, '\ue000', '\ue001', '', 64) FROM fts JOIN docs d "
            "ON d.rowid = fts.rowid WHERE fts MATCH '\"varel\"' AND d.kind = ? AND d.id = ?",
            [hit.kind, hit.id]).fetchone()[0]
    return snippet_parts(text)


def test_a_format_1_sidecar_is_migrated_in_place(small, tmp_path):
    _, _, _, db, index = small
    index.sync(db)
    with sqlite3.connect(index.path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    old = SearchIndex(tmp_path / "old.search")
    shutil.copy(index.path, old.path)
    with sqlite3.connect(old.path) as con:
        con.execute("DROP TABLE kind_runs")
        con.execute("UPDATE meta SET value = '1' WHERE key = 'format'")
    assert old.search("lighthouse") == index.search("lighthouse")  # read before migrating
    with sqlite3.connect(old.path) as con:  # point it at this store, as its own sidecar
        con.execute("UPDATE meta SET value = ? WHERE key = 'store'",
                    [str(db.resolve())])
    report = old.sync(db)
    assert not report.rebuilt and "migrated from format 1" in report.messages[0]
    assert report.changed == 0
    assert old.search("lighthouse") == index.search("lighthouse")


def test_each_thread_keeps_one_reader(examples):
    import threading
    _, index = examples
    index.search("Varel")
    mine = index._reader()
    index.search("crates")
    assert index._reader() is mine
    other = []
    thread = threading.Thread(target=lambda: other.append(index._reader()))
    thread.start()
    thread.join()
    assert other[0] is not mine


def test_short_prefixes_are_words(examples):
    _, index = examples
    assert index.search("Va*").total == index.search("Va").total
    assert index.search("Var*").total >= index.search("Varel").total > 0
