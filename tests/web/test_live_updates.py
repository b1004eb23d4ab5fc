"""The server keeps answering while `storyline run` adds articles to the store it
serves, and shows the new articles (lists, pages, search) without a restart."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import httpx
from pages import news_page, paragraphs

from .live import serving

#: Each answer during the run must come within this many seconds (the writer lets
#: readers in between its batches).
ANSWER_BOUND_S = 10.0
#: Time the server gets, after the run ends, to show the new articles.
SETTLE_S = 30.0
WORD = "Zephyrholm"  # a place invented for these pages, in no other text of the store
POLLED = ("/api/health", "/api/stories", "/api/articles?per_page=5", "/",
          f"/api/search?q={WORD}", "/articles", "/api/quotes?per_page=5")


def _write_pages(folder) -> list[str]:
    titles = []
    for i in range(4):
        title = f"{WORD} ferry council votes on harbour levy, round {i + 1}"
        body = [f"The council of {WORD} met on Thursday to vote on the harbour levy for the "
                f"{i + 1}th time, after {1200 + 37 * i:,} residents signed a petition."]
        body += paragraphs(9100 + i, 4)
        (folder / f"zephyrholm_{i}.html").write_text(
            news_page(9100 + i, title=title, body=body, published=f"2031-06-2{i}T08:00:00Z",
                      site="The Zephyrholm Tide",
                      url=f"https://zephyrholm-tide.example/news/levy-{i}"),
            encoding="utf-8")
        titles.append(title)
    return titles


def test_the_server_answers_during_a_run_and_shows_its_new_articles(web_store, tmp_path):
    db = tmp_path / "live.duckdb"
    shutil.copyfile(web_store, db)
    folder = tmp_path / "new"
    folder.mkdir()
    titles = _write_pages(folder)
    slow, failed, during = [], [], 0
    with serving(db, tmp_path / "serve.log") as base, httpx.Client(
            base_url=base, timeout=ANSWER_BOUND_S) as client:
        before = client.get("/api/articles").json()["total"]
        assert client.get("/api/search", params={"q": WORD}).json()["total"] == 0
        log = open(tmp_path / "run.log", "wb")
        run = subprocess.Popen([sys.executable, "-m", "storyline", "run", str(folder),
                                "--db", str(db), "--no-report", "--workers", "1"],
                               stdout=log, stderr=subprocess.STDOUT)
        try:
            while run.poll() is None:
                for path in POLLED:
                    try:
                        answer = client.get(path)
                    except httpx.TimeoutException:
                        slow.append(path)
                        continue
                    during += 1
                    if answer.status_code != 200:
                        failed.append((path, answer.status_code, answer.text[:200]))
        finally:
            run.wait(timeout=600)
            log.close()
        output = (tmp_path / "run.log").read_text(errors="replace")
        assert run.returncode == 0, f"storyline run failed beside the server:\n{output}"
        assert not slow, f"no answer within {ANSWER_BOUND_S} s during the run: {slow}"
        assert not failed, f"answers other than 200 during the run: {failed}"
        assert during >= len(POLLED), "the run ended before the server was asked anything"
        deadline = time.monotonic() + SETTLE_S
        while True:
            total = client.get("/api/articles").json()["total"]
            found = client.get("/api/search", params={"q": WORD}).json()["total"]
            if (total, found > 0) == (before + len(titles), True) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert total == before + len(titles), "the new articles are not listed"
        assert found >= len(titles), f"search finds {found} of the {len(titles)} new articles"
        listed = client.get("/articles", params={"outlet": "The Zephyrholm Tide"}).text
        for title in titles:
            assert title in listed, f"{title!r} not on the articles page"
