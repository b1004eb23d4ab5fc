"""An update of a few articles reads only the part of the copy index their keys touch:
it finds the same candidates and pairs, and journals the same rows, as the whole index."""

from __future__ import annotations

import shutil
from functools import partial

from storyline.copies.corpus import find_pairs, prepare
from storyline.store import Store, copy_tables


def test_the_part_of_the_index_finds_what_the_whole_index_finds(examples_run, tmp_path):
    db = tmp_path / "s.duckdb"
    shutil.copy(examples_run[1], db)
    with Store.open(db) as store:
        rows = store.con.execute(
            "SELECT id, text, published FROM articles WHERE status = 'ok' ORDER BY id "
            "LIMIT 6").fetchall()
        # copies of stored articles (new ids), a longer and a shorter version, and one
        # article twice: each must meet its original, and the second copy the first
        texts = [(f"{a}-copy", t, p) for a, t, p in rows[:3]]
        texts += [(f"{rows[3][0]}-longer", rows[3][1] + "\n" + rows[4][1], rows[3][2]),
                  (f"{rows[5][0]}-half", rows[5][1][: len(rows[5][1]) // 2], rows[5][2]),
                  (f"{rows[0][0]}-copy2", rows[0][1], rows[0][2])]
        prepared = [prepare(*t) for t in texts]
        texts_of = partial(copy_tables.texts_of, store)
        whole, part = copy_tables.load_index(store), copy_tables.index_for(store, prepared)
        assert len(part) < len(whole)  # only the documents their keys are posted for
        pairs = find_pairs(prepared, whole, texts_of)
        assert find_pairs(prepared, part, texts_of) == pairs
        assert {b for _, b, _ in pairs} >= {f"{a}-copy" for a, _, _ in rows[:3]}
        assert part.take_new_rows() == whole.take_new_rows()
