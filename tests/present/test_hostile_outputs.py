"""What storyline writes and prints, under hostile input and careless paths.

- An output (store, report) that is an input, or inside a folder read as
  input, is refused before anything runs; so are report paths that cannot be
  written. The export is written whole into a folder of its own, and never
  over files it did not write unless --force.
- Text from the pages reaches every report format as text: the Markdown
  report is rendered here by a real CommonMark renderer (markdown-it-py) and
  must carry no element, link or image from the pages.
- File names, titles and errors print as text on the terminal: rich markup
  in them is not read, control characters are made visible.
- Input stored as failed by an earlier run still fails the next run (exit 1).
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
import subprocess
from html import escape
from html.parser import HTMLParser
from pathlib import Path

from conftest import CLI, EXPORTS, storyline
from markdown_it import MarkdownIt
from pages import news_page

ESC = "\x1b"


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


# -- outputs that would destroy or swallow inputs ------------------------------


def test_an_output_that_is_an_input_is_refused_before_anything_runs(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    page = folder / "harbour.html"
    page.write_text(news_page(31), encoding="utf-8")
    original = page.read_bytes()
    db = tmp_path / "s.duckdb"
    cases = [
        (["run", page, "--db", db, "--report", page], "the report", "is also an input"),
        (["run", page, "--db", page, "--no-report"], "the store", "is also an input"),
        (["run", folder, "--db", db, "--report", folder / "r.html"], "the report",
         "would be read as input"),
        (["run", folder, "--db", db, "--report", folder / "deep" / "r.html"], "the report",
         "would be read as input"),
        (["run", folder, "--db", folder / "s.duckdb"], "the report",  # the default report
         "would be read as input"),
    ]
    for args, what, why in cases:
        result = storyline(*args)
        assert result.returncode == 2, (args, result.stdout)
        line = _one_error_line(result.stderr)
        assert what in line and why in line, line
        assert result.stdout == ""
        assert page.read_bytes() == original
        assert sorted(p.name for p in folder.iterdir()) == ["harbour.html"]
        assert not db.exists()
    # a store beside the pages, and a report in a hidden folder, are never read as input
    args = ["run", folder, "--db", folder / "s.duckdb", "--report", folder / ".out" / "r.html"]
    first = storyline(*args, check=True)
    again = storyline(*args, check=True)
    assert "ingested                  1\n" in first.stdout
    assert "ingested                  0\n" in again.stdout and "skipped (already stored)  1\n" in (
        again.stdout)
    assert page.read_bytes() == original


def test_report_paths_that_cannot_be_written_are_refused_before_the_run(tmp_path):
    page = tmp_path / "harbour.html"
    page.write_text(news_page(32), encoding="utf-8")
    (tmp_path / "notes.html").write_text("a file")
    (tmp_path / "folder.html").mkdir()
    db = tmp_path / "s.duckdb"
    for report, said in [(tmp_path / "out.txt", "unknown report format '.txt'"),
                         (tmp_path / "notes.html" / "r.html", "is a file, not a folder"),
                         (tmp_path / "folder.html", "is a folder")]:
        result = storyline("run", page, "--db", db, "--report", report)
        assert result.returncode == 2
        assert said in _one_error_line(result.stderr)
        assert result.stdout == "" and not db.exists()  # checked before the run started
    storyline("run", page, "--db", db, "--no-report", check=True)
    for report, said in [(tmp_path / "out.txt", "unknown report format"),
                         (tmp_path / "notes.html" / "r.md", "is a file, not a folder")]:
        result = storyline("report", "--db", db, "--out", report)
        assert result.returncode == 2 and said in _one_error_line(result.stderr)
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))


def test_export_is_whole_and_never_overwrites_files_it_did_not_write(examples_run, tmp_path):
    db, golden = examples_run[1], _digests(examples_run[0] / "export")
    target = tmp_path / "export"
    storyline("export", "--db", db, "--out", target, check=True)
    assert _digests(target) == golden
    storyline("export", "--db", db, "--out", target, check=True)  # an earlier export: replaced
    assert _digests(target) == golden
    (tmp_path / "empty").mkdir()
    storyline("export", "--db", db, "--out", tmp_path / "empty", check=True)
    assert _digests(tmp_path / "empty") == golden

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "articles.jsonl").write_text('{"my": "own notes"}\n')
    (mine / "notes.txt").write_text("keep me\n")
    before = _digests(mine)
    refused = storyline("export", "--db", db, "--out", mine)
    assert refused.returncode == 2
    line = _one_error_line(refused.stderr)
    assert "did not write (notes.txt)" in line and "--force" in line
    assert _digests(mine) == before
    lone = tmp_path / "lone"  # only a file named like one of the export's
    lone.mkdir()
    (lone / "articles.jsonl").write_text('{"my": "own notes"}\n')
    refused = storyline("export", "--db", db, "--out", lone)
    assert refused.returncode == 2 and "not all of them" in _one_error_line(refused.stderr)
    assert (lone / "articles.jsonl").read_text() == '{"my": "own notes"}\n'
    storyline("export", "--db", db, "--out", mine, "--force", check=True)
    after = _digests(mine)
    assert after.pop("notes.txt") == before["notes.txt"]  # the user's other file is kept
    assert after == golden

    a_file = tmp_path / "export.jsonl"
    a_file.write_text("mine\n")
    result = storyline("export", "--db", db, "--out", a_file)
    assert result.returncode == 2 and "is a file, not a folder" in _one_error_line(result.stderr)
    assert a_file.read_text() == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "empty", "export", "export.jsonl", "lone", "mine"]  # no temporary folder left


def _file_size_limit(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    return apply


def test_an_export_that_fails_midway_leaves_the_folder_as_it_was(examples_run, tmp_path):
    """A full disk (a file-size limit the kernel enforces) during the export."""
    db = examples_run[1]
    target = tmp_path / "export"
    target.mkdir()
    for name in EXPORTS:  # an earlier export, whose files differ from this one
        (target / f"{name}.jsonl").write_text(f'{{"earlier": "{name}"}}\n')
    before = _digests(target)
    done = subprocess.run(CLI + ["export", "--db", str(db), "--out", str(target)],
                          capture_output=True, text=True, timeout=300,
                          preexec_fn=_file_size_limit(20_000))
    assert done.returncode == 2
    line = _one_error_line(done.stderr)
    assert f"cannot write the export to {target}" in line and "left as it was" in line
    assert _digests(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"]  # no leftovers


# -- text from the pages is text in every output --------------------------------

TITLE = "<script>alert('t')</script> Harbour vote <img src=x onerror=alert('i')>"
AUTHOR = "Petra <b onmouseover=alert('a')>Lind</b>"
SITE = "The Valmora <i>Ledger</i>"
HOSTILE_PARAGRAPHS = [
    "Officials in Valmora approved the harbour plan on Monday, a decision that Adela Voss "
    "said would affect about 7,000 residents <img src=https://tracker.example/p.png>.",
    "\u201c<b onmouseover=alert('q')>We will not pay for the harbour twice</b>,\u201d Voss "
    "told reporters after the council session, adding that a review would follow.",
    "The port handled about 4,200 containers last month, harbour master Oskar Feld said, "
    "![pixel](https://tracker.example/q.png) and [a link](javascript:alert('l')).",
    "# not a heading <script>document.write('owned')</script> | not | a | table",
    "- not a list item &amp; <!-- not a comment --> <https://tracker.example/auto>",
]


def _hostile_page() -> str:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in HOSTILE_PARAGRAPHS)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{escape(TITLE)}</title>
<meta property="og:site_name" content="{escape(SITE)}">
<meta property="article:published_time" content="2031-04-02T08:00:00Z"></head>
<body><nav><a href="/">{escape("<img src=https://tracker.example/nav.png>")} Home</a></nav>
<article><h1>{escape(TITLE)}</h1><p class="byline">By {escape(AUTHOR)}</p>
{body}</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/a">{escape("<script>alert('dropped')</script> Ferry timetable")}</a></li>
<li><a href="/b">{escape("[click](https://tracker.example/dropped)")} Robotics cup</a></li>
<li><a href="/c">Storm warning lifted</a></li></ul></aside>
<footer><p>&copy; 2031 {escape(SITE)}</p></footer></body></html>"""


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def test_no_report_format_carries_markup_from_the_pages(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "hostile.html").write_text(_hostile_page(), encoding="utf-8")
    db = tmp_path / "s.duckdb"
    storyline("run", tmp_path / "in", "--db", db, "--report", tmp_path / "r.md", check=True)
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    page = _Elements()
    page.feed(rendered)
    # the only elements are the report's own: headings, lists, tables, emphasis, code,
    # and the folding of dropped blocks; none has a link, a source or a handler
    allowed = {"h1", "h2", "h3", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td",
               "em", "strong", "code", "details", "summary"}
    assert {tag for tag, _ in page.tags} <= allowed, {tag for tag, _ in page.tags} - allowed
    assert all(name == "style" for _, attrs in page.tags for name, _ in attrs)
    assert "tracker.example" not in "".join(str(a) for _, a in page.tags)
    shown = "".join(page.text)
    for text in ("<script>alert('t')</script> Harbour vote <img src=x onerror=alert('i')>",
                 "<b onmouseover=alert('a')>Lind</b>", "<i>Ledger</i>",
                 "<img src=https://tracker.example/p.png>",
                 "![pixel](https://tracker.example/q.png)", "[a link](javascript:alert('l'))",
                 "# not a heading <script>document.write('owned')</script> | not | a | table",
                 "- not a list item &amp; <!-- not a comment -->",
                 "<script>alert('dropped')</script> Ferry timetable"):
        assert text in shown, text  # shown to the reader as it was written
    assert "We will not pay for the harbour twice" in shown

    storyline("report", "--db", db, "--out", tmp_path / "r.html", check=True)
    html = _Elements()
    html.feed((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert not {"script", "img", "i", "iframe"} & {tag for tag, _ in html.tags}
    assert not [a for _, attrs in html.tags for a, v in attrs
                if a.startswith("on") or a == "src" or (v and "tracker.example" in v)]
    assert all(v.startswith("#") for _, attrs in html.tags for a, v in attrs if a == "href")
    assert TITLE in "".join(html.text)
    storyline("report", "--db", db, "--out", tmp_path / "r.json", check=True)
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["articles"][0]["title"].startswith("<script>alert('t')</script>")


def test_names_titles_and_errors_print_as_text(tmp_path):
    folder = tmp_path / "in"
    (folder / "[").mkdir(parents=True)
    (folder / "[bold]x.html").write_text("<html><body><p>short</p></body></html>")
    (folder / "[" / "red]y.html").write_bytes(b"")  # the path holds [/red]
    (folder / f"e{ESC}[31mred.html").write_text("<html><body><nav>menu</nav></body></html>")
    title = f"[bold red]Council[/] votes on :fire: harbour plan [/red] {ESC}]0;owned{ESC}\\"
    (folder / "ok.html").write_text(news_page(33, title=title), encoding="utf-8")
    not_utf8 = tmp_path / os.fsdecode(b"notes\xfe.md")  # a name that is not UTF-8
    not_utf8.write_text("notes")
    db = tmp_path / "s.duckdb"
    run = storyline("run", folder, not_utf8, "--db", db, "--no-report")
    assert run.returncode == 1, run.stderr  # three files failed, by name
    assert f"unsupported {tmp_path}/notes\\xfe.md: not .html" in run.stdout
    assert "Traceback" not in run.stderr and "MarkupError" not in run.stderr
    assert f"failed {folder}/[bold]x.html:" in run.stdout
    assert f"failed {folder}/[/red]y.html: empty file" in run.stdout
    assert f"failed {folder}/e\\x1b[31mred.html:" in run.stdout
    shown = storyline("extract", folder / "ok.html")
    for result in (run, shown, storyline("info", "--db", db),
                   storyline("copies", "--db", db), storyline("stories", "--db", db),
                   storyline("quotes", "--db", db), storyline("claims", "--db", db),
                   storyline("timeline", "--db", db), storyline("entities", "--db", db)):
        assert ESC not in result.stdout + result.stderr
        assert "Traceback" not in result.stderr
    assert "[bold red]Council[/] votes on :fire: harbour plan [/red] \\x1b]0;owned" in shown.stdout
    jsonl = storyline("extract", folder / "ok.html", "--jsonl", check=True)
    record = json.loads(jsonl.stdout)
    assert ":fire:" in record["title"] and "[/red]" in record["title"]


def test_a_rerun_on_bad_input_says_it_is_stored_as_failed_and_exits_1(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.html").write_bytes(b"")
    (folder / "ok.html").write_text(news_page(34), encoding="utf-8")
    db = tmp_path / "s.duckdb"
    first = storyline("run", folder, "--db", db, "--no-report")
    assert first.returncode == 1 and f"failed {folder}/empty.html: empty file" in first.stdout
    again = storyline("run", folder, "--db", db, "--no-report")
    assert again.returncode == 1
    assert f"failed {folder}/empty.html: empty file (stored as failed by an earlier run)" in (
        again.stdout)
    assert "stored as failed before   1" in again.stdout
    good = storyline("run", folder / "ok.html", "--db", db, "--no-report")
    assert good.returncode == 0  # a rerun on good input alone is still a success


def test_an_unexpected_failure_is_said_in_one_sentence():
    """What the CLI prints for an exception no command handled (a disk filling up
    mid-run goes through it for real in tests/store/test_store_faults.py)."""
    from storyline.present.cli import _sentence

    said = _sentence(KeyError("harbour\nsecond line"))
    assert said == ("unexpected KeyError: 'harbour (a bug in storyline; run with --debug to "
                    "see where)") or said.startswith("unexpected KeyError: ")
    assert "\n" not in said and "--debug" in said
    assert _sentence(FileNotFoundError(2, "No such file or directory", "x.html")) == (
        "x.html: No such file or directory")
