"""The site_notes step through a real store: a paragraph one outlet repeats under its
articles is a site note, and its numbers become skipped numbers, not claims; an
article that makes a paragraph a note redoes the facts of the older ones."""

from __future__ import annotations

from pathlib import Path

import duckdb
from conftest import storyline

NOTE = ("The Quillmarsh Ledger reaches 412,000 households across the Fenwold valley, "
        "more than any other paper in the region.")
STORIES = [
    ("Fenwold council approves a new ferry dock",
     "The Fenwold council voted 7 to 2 on Tuesday to build a ferry dock at Orrin Point. "
     "The dock will cost 3.4 million crowns, council treasurer Mabel Tarrow said."),
    ("Orrin Point fishers protest the ferry plan",
     "About 150 fishers marched through Orrin Point on Thursday against the ferry dock. "
     "They say the works will close 40 moorings for two seasons."),
    ("Valley schools add a second bus line",
     "The Fenwold school board will run a second bus line from September, serving 620 "
     "pupils in the upper valley, board chair Ivo Penn said on Monday."),
]


def _page(folder: Path, n: int, title: str, body: str) -> None:
    html = (f"<html><head><title>{title}</title>"
            '<meta property="og:site_name" content="The Quillmarsh Ledger">'
            f'<link rel="canonical" href="https://quillmarsh-ledger.example/news/{n}">'
            f'<meta property="article:published_time" content="2031-03-0{n + 1}">'
            f"</head><body><article><h1>{title}</h1><p>{body}</p><p>{NOTE}</p>"
            "</article></body></html>")
    (folder / f"ledger_{n}.html").write_text(html, encoding="utf-8")


def _numbers(db: Path) -> tuple[set[str], dict[str, str]]:
    con = duckdb.connect(str(db), read_only=True)
    claims = {r[0] for r in con.execute(
        "SELECT json_extract_string(data, '$.text') FROM claims").fetchall()}
    claims |= {str(r[0]) for r in con.execute("SELECT value FROM claims").fetchall()}
    skipped = dict(con.execute("SELECT text, reason FROM numbers_skipped").fetchall())
    con.close()
    return claims, skipped


def test_a_repeated_note_is_not_a_claim_and_a_third_article_redoes_the_older_ones(tmp_path):
    first, last = tmp_path / "first", tmp_path / "last"
    first.mkdir()
    last.mkdir()
    for n, (title, body) in enumerate(STORIES[:2]):
        _page(first, n, title, body)
    _page(last, 2, *STORIES[2])
    db = tmp_path / "s.duckdb"

    storyline("run", first, "--db", db, "--no-report", check=True)
    claims, skipped = _numbers(db)
    assert "412000.0" in claims  # two articles: not yet a site note
    assert skipped.get("412,000") != "site note"

    storyline("run", last, "--db", db, "--no-report", check=True)
    claims, skipped = _numbers(db)
    assert "412000.0" not in claims  # now a note in all three, older ones redone
    assert skipped["412,000"] == "site note"
    assert "3400000.0" in claims or "3.4 million" in str(claims)  # reporting stays
    con = duckdb.connect(str(db), read_only=True)
    noted = con.execute("SELECT count(DISTINCT article) FROM site_notes").fetchone()[0]
    con.close()
    assert noted == 3
