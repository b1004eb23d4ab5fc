"""The site_notes step redoes only the closed part around changed articles (the holders of
their paragraph keys, closed under keys repeated in the site), from kept paragraph rows:
after every update of random fictional stores (articles added, re-extracted with another
text or site, gone) its table equals the notes a whole pass gives (`site_notes` over
every ok article's text)."""

from __future__ import annotations

import random

import pytest

from storyline.resolve.site_notes import page, site_key, site_notes
from storyline.run.executors import InlineExecutor
from storyline.run.step import StepContext
from storyline.run.steps import STEPS
from storyline.store import Store

STEP = next(s for s in STEPS if s.name == "site_notes")
SITES = ["https://brackenford-courier.example", "https://ollery-gazette.example",
         "https://tamsin-valley-post.example"]
WORDS = ("harbor council ferry budget school bridge market festival river mayor union "
         "library orchard mill quarry lantern tide beacon granary meadow").split()


def _notes(rng: random.Random, site: int) -> list[str]:
    return [f"The {WORDS[site]} {WORDS[site + 5]} desk reaches {n},000 readers in the "
            f"{WORDS[site + 9]} valley every week." for n in (12, 40, 77)]


def _text(rng: random.Random, site: int, story: list[str]) -> str:
    """Fresh lines, some lines of a running story (updates repeat most of them), and now
    and then one or two of the site's notes."""
    lines = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 12))) + "."
             for _ in range(rng.randint(1, 5))]
    if story and rng.random() < 0.3:
        lines += story[: rng.randint(2, len(story))]
    if rng.random() < 0.7:
        lines += rng.sample(_notes(rng, site), rng.randint(1, 2))
    if rng.random() < 0.1:
        lines.append("Short line here.")  # under MIN_WORDS: never a note
    rng.shuffle(lines)
    return "\n".join(lines)


def _insert(store: Store, rows: list[tuple[str, str | None, str | None, str]]) -> None:
    store.con.execute("DELETE FROM articles WHERE id IN (SELECT unnest(?))",
                      [[r[0] for r in rows]])
    store.con.executemany(
        "INSERT INTO articles (id, source, url, site, date_evidence, tags, text, dropped, "
        "segments, status, extractor_version) VALUES (?, 'test', ?, ?, '[]', '[]', ?, '[]', "
        "'[]', 'ok', 'test')", rows)
    store.con.execute("DELETE FROM step_done WHERE step = 'site_notes' AND article IN "
                      "(SELECT unnest(?))", [[r[0] for r in rows]])


def _whole(store: Store) -> list[tuple]:
    rows = store.con.execute("SELECT id, url, site, text FROM articles WHERE status = 'ok'"
                             ).fetchall()
    found = site_notes(page(site_key(u, s), a, t) for a, u, s, t in rows)
    return sorted((n.article_id, n.start, n.end, n.n_articles, n.key)
                  for notes in found.values() for n in notes)


def _stored(store: Store) -> list[tuple]:
    return sorted(store.con.execute("SELECT * FROM site_notes").fetchall())


def _update(store: Store) -> int:
    outcome = STEP.run(StepContext(store, InlineExecutor(), {}), None)
    return outcome.processed


@pytest.mark.parametrize("seed", range(6))
def test_updates_give_the_notes_of_a_whole_pass(tmp_path, seed):
    rng = random.Random(seed)
    stories = [[f"Update on the {WORDS[k]} {WORDS[k + 3]} dispute, line {i}: talks went on."
                for i in range(5)] for k in range(4)]
    n = 0

    def new(count: int) -> list[tuple]:
        nonlocal n
        out = []
        for _ in range(count):
            site = rng.randrange(len(SITES) + 1)
            url = f"{SITES[site]}/news/{n}" if site < len(SITES) else None
            out.append((f"a{n:04d}", url, None if url else rng.choice(["", "Fenn Weekly"]),
                        _text(rng, site % 3, rng.choice(stories))))
            n += 1
        return out

    with Store.open(tmp_path / "s.duckdb") as store:
        _insert(store, new(30))
        _update(store)  # a whole pass
        assert _stored(store) == _whole(store)
        assert _stored(store)  # notes were found
        for _ in range(6):
            ids = [r[0] for r in store.con.execute(
                "SELECT id FROM articles WHERE status = 'ok' ORDER BY id").fetchall()]
            batch = new(rng.randint(1, 6))
            for a in rng.sample(ids, 2):  # re-extracted: another text, maybe another site
                site = rng.randrange(len(SITES))
                batch.append((a, f"{SITES[site]}/news/{a}", None,
                              _text(rng, site, rng.choice(stories))))
            _insert(store, batch)
            gone = rng.sample([a for a in ids if a not in {b[0] for b in batch}], 2)
            store.con.execute("UPDATE articles SET status = 'failed' WHERE id = ?", [gone[0]])
            store.con.execute("DELETE FROM articles WHERE id = ?", [gone[1]])
            _update(store)
            assert _stored(store) == _whole(store)
        assert _update(store) == 0  # nothing left to do


def test_an_article_sharing_no_repeated_paragraph_redoes_only_itself(tmp_path):
    rng = random.Random(7)
    with Store.open(tmp_path / "s.duckdb") as store:
        _insert(store, [(f"a{i:03d}", f"{SITES[0]}/n/{i}", None, _text(rng, 0, []))
                        for i in range(40)])
        _update(store)
        assert _stored(store) == _whole(store)
        _insert(store, [("z000", f"{SITES[0]}/n/z", None,
                         "A lone report on the quarry lantern, told once.\n"
                         "Nothing in it is said anywhere else on this site.")])
        assert _update(store) == 1
        _insert(store, [("z001", f"{SITES[0]}/n/z1", None,
                         "One more lone report.\n" + _notes(rng, 0)[0])])
        done = _update(store)
        holders = sum(_notes(rng, 0)[0] in t for (t,) in store.con.execute(
            "SELECT text FROM articles").fetchall())
        assert 1 < done < 41 and done >= holders  # the note's holders, not the whole site
        assert _stored(store) == _whole(store)
        # a store from before the kept paragraphs: made once for a site it looks at
        store.con.execute("DELETE FROM site_paragraphs")
        _insert(store, [("z002", f"{SITES[1]}/n/z2", None, _text(rng, 1, []))])
        _update(store)
        made = {r[0] for r in store.con.execute("SELECT article FROM site_paragraphs").fetchall()}
        assert made == {"z002"}  # the only article of its site
        _insert(store, [("z003", f"{SITES[0]}/n/z3", None, _text(rng, 0, []))])
        _update(store)
        assert _stored(store) == _whole(store)
        made = {r[0] for r in store.con.execute("SELECT article FROM site_paragraphs").fetchall()}
        assert len(made) == 44  # every article of the first site (43), and z002
