"""The stories step through a real store: an update reads only the weeks around its
changed articles and leaves the stores' stories exactly as a whole pass finds them."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from storyline.resolve.stories import find_stories
from storyline.run.executors import InlineExecutor
from storyline.run.step import StepContext
from storyline.run.steps.stories import STEP
from storyline.store import Store, story_tables
from storyline.store.duck import insert_rows

PEOPLE = ["varel", "kadeny", "pelmora", "ostrev", "tarrow", "penn", "orrin", "fenwold",
          "quill", "marsh", "brandt", "solen", "harbor-union", "port-ellis"]


def _articles(seed: int, n: int, prefix: str) -> list[tuple[str, str | None, str, list[str]]]:
    """(id, published, independence key, entities named): 20 weeks of news, each
    fortnight about other people; one in 13 undated, one in 11 a copy of the one before."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        offset = rng.randrange(140)
        day = None if k % 13 == 0 else (date(2031, 1, 6) + timedelta(days=offset)).isoformat()
        topic = offset // 14
        named = [f"{p}-{topic}" for p in rng.sample(PEOPLE[: 4 + k % 10], rng.randint(1, 4))]
        key = out[-1][2] if k % 11 == 5 and out else f"{prefix}{k:03d}"
        out.append((f"{prefix}{k:03d}", day, key, named + (["council"] if k % 2 else [])))
    return out


def _add(store: Store, rows) -> None:
    insert_rows(store, "articles", [
        (id_, "test", None, "ledger.example", f"{' '.join(named)} meet", None, None, day,
         None, "metadata", "en", None, "[]", f"{' '.join(named)} met on the harbour.", "[]",
         "[]", "ok", None, "1") for id_, day, _, named in rows])
    insert_rows(store, "article_copies", [(id_, key, None, None, None, False, None, None)
                                          for id_, _, key, _ in rows])
    insert_rows(store, "entity_mentions", [(e, id_, 0, 1, e) for id_, _, _, named in rows
                                           for e in named])


def _run(store: Store):
    return STEP.run(StepContext(store, InlineExecutor()), None)


def _stored(store: Store) -> set[tuple[str, tuple[str, ...], str, str | None, str | None]]:
    members: dict[str, list[str]] = {}
    for a, s in store.con.execute("SELECT article, story FROM article_stories").fetchall():
        members.setdefault(s, []).append(a)
    return {(id_, tuple(sorted(members[id_])), label, first, last) for id_, label, first, last
            in store.con.execute("SELECT id, label, first, last FROM stories").fetchall()}


def test_an_update_reads_its_weeks_only_and_gives_the_stories_of_a_whole_pass(tmp_path: Path):
    base, extra = _articles(1, 300, "a"), _articles(2, 12, "n")
    late = [r for r in extra if r[1] and r[1] >= "2031-05-10"][:4]  # the last weeks only
    with Store.open(tmp_path / "whole.duckdb") as whole, \
            Store.open(tmp_path / "update.duckdb") as update:
        _add(update, base)
        _run(update)
        assert len(story_tables.unsettled(update, STEP.name, STEP.version)) == 0
        _add(update, late)
        outcome = _run(update)
        regrouped = outcome.found["articles regrouped"]
        assert 0 < regrouped < len(base) / 3  # the other weeks are left as they were
        _add(whole, base + late)
        _run(whole)
        assert _stored(update) == _stored(whole)
        items = story_tables.story_inputs(whole)
        assert {s.articles for s in find_stories(items)} == {s[1] for s in _stored(whole)}
        # a dropped article and a re-dated one: the same again
        for store in (update, whole):
            store.con.execute("UPDATE articles SET status = 'failed' WHERE id = 'a010'")
            store.con.execute("UPDATE articles SET published = '2031-01-07' WHERE id = 'a020'")
        update.con.execute("DELETE FROM step_done WHERE article IN ('a010', 'a020')")
        whole.con.execute("DELETE FROM step_done")
        _run(update)
        _run(whole)
        assert _stored(update) == _stored(whole)
        assert _run(update).found["articles regrouped"] == 0  # nothing left to do


def test_a_whole_pass_piece_by_piece_gives_the_stories_of_one_piece(tmp_path: Path,
                                                                     monkeypatch):
    """A whole pass goes PIECE_BLOCKS weeks at a time (memory); pieces of two weeks, of
    one, and the whole store at once give the same stories."""
    from storyline.run.steps import stories as step

    rows = _articles(3, 260, "a")
    found = []
    for size in (1000, 2, 1):
        monkeypatch.setattr(step, "PIECE_BLOCKS", size)
        with Store.open(tmp_path / f"p{size}.duckdb") as store:
            _add(store, rows)
            _run(store)
            found.append(_stored(store))
    assert found[0] == found[1] == found[2]
    assert sum(len(s[1]) > 1 for s in found[0]) > 10


def _braided(weeks: int) -> list[tuple[str, str | None, str, list[str]]]:
    """A story that runs `weeks` weeks and holds two groups in each: on Sunday two
    developments apart (they share no one), and Monday's articles name both, so each
    week's two groups chain to one group of the next week."""
    monday = date(2031, 1, 6)
    while monday.toordinal() % 7 != 0:  # a block's first day
        monday += timedelta(days=1)
    rows = []
    for k in range(weeks):
        mon, thu, sun = (monday + timedelta(days=7 * k + d) for d in (0, 3, 6))
        for g, (day, named) in enumerate([
                (mon, [f"varel-{k - 1}", f"penn-{k - 1}", f"kadeny-{k}"]),
                (thu, [f"kadeny-{k}", f"varel-{k}"]), (sun, [f"kadeny-{k}", f"varel-{k}"]),
                (sun, [f"penn-{k}", f"solen-{k}"])]):
            for r in range(2):
                id_ = f"w{k:02d}g{g}r{r}"
                rows.append((id_, day.isoformat(), id_, named))
    return rows


def test_a_pass_piece_by_piece_reads_each_week_a_few_times_however_long_the_story(
        tmp_path: Path, monkeypatch):
    """A story braided over twelve weeks, two groups a week: a pass of one or two weeks
    a piece hands the chains it found on to the next piece, so no piece goes back to the
    weeks before it (it went back one week at a time, to the story's start), and the
    stories are those of one piece. An update over many pieces does the same."""
    from storyline.run.steps import stories as step

    rows = _braided(12)
    reads: Counter = Counter()
    story_inputs = story_tables.story_inputs

    def counted(store, buckets=None, words=True):
        reads.update(buckets or ())
        return story_inputs(store, buckets, words)

    monkeypatch.setattr(story_tables, "story_inputs", counted)
    found = []
    for size in (1000, 2, 1):
        monkeypatch.setattr(step, "PIECE_BLOCKS", size)
        reads.clear()
        with Store.open(tmp_path / f"p{size}.duckdb") as store:
            _add(store, rows)
            _run(store)
            found.append(_stored(store))
        # a piece of one week reads it, the weeks either side and theirs: five reads
        assert max(reads.values()) <= 5, (size, reads.most_common(3))
    assert found[0] == found[1] == found[2]
    assert max(len(s[1]) for s in found[0]) == 12 * 8 - 2  # all but the first Monday's
    # an update that redoes every week, piece by piece: the same as a whole pass
    extra = [("late0", rows[0][1], "late0", ["varel-0", "kadeny-0"])]
    with Store.open(tmp_path / "p1.duckdb") as update, \
            Store.open(tmp_path / "whole.duckdb") as whole:
        _add(update, extra)
        update.con.execute("DELETE FROM step_done WHERE article LIKE 'w0%'")
        reads.clear()
        _run(update)
        assert max(reads.values()) <= 5
        _add(whole, rows + extra)
        _run(whole)
        assert _stored(update) == _stored(whole)


def test_a_wire_story_in_hundreds_of_outlets_is_read_once_per_copy_group(tmp_path: Path):
    """Copies are kept per independence key (one list of its 300 articles, not one per
    copy: a list per copy grows with the square of the group), and an update that adds a
    copy of it still ends as a whole pass does."""
    wire = [(f"c{k:03d}", "2031-03-02", "c000", ["varel-1", "kadeny-1"]) for k in range(300)]
    rows = _articles(11, 80, "w") + wire
    with Store.open(tmp_path / "s.duckdb") as store:
        _add(store, rows)
        copies = story_tables.copies_of(store, [r[0] for r in rows])
        assert copies.key_of["c123"] == "c000" and len(copies.key_of) == 380
        assert copies.members["c000"] == [r[0] for r in wire]
        assert sum(len(ms) for ms in copies.members.values()) == 380
        _run(store)
        _add(store, [("c300", "2031-03-03", "c000", ["varel-1", "kadeny-1"])])
        _run(store)
        updated = _stored(store)
        store.con.execute("DELETE FROM step_done WHERE step = 'stories'")
        store.con.execute("DELETE FROM stories")
        store.con.execute("DELETE FROM article_stories")
        _run(store)
        assert _stored(store) == updated
        assert any(len(members) == 301 for _, members, *_ in updated)
