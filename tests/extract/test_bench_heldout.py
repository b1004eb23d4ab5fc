"""The benchmarks' held-out rules: half B unseen by default, set D titles scored fairly.

Inputs are fictional (The Harbour Ledger, Port Ilven); no shared data is read.
"""

from __future__ import annotations

import importlib.util

from conftest import ROOT

HTML = ("<html><head><title>Breakwater vote | The Harbour Ledger</title></head><body>"
        "<article><p>Port Ilven's council voted on Tuesday to rebuild the northern breakwater,"
        " ending three years of argument over who would pay for the storm damage.</p>"
        "<p>Mayor Adela Voss said the harbour authority would cover two thirds of the cost,"
        " the rest coming from a levy on cargo landed at the eastern quay.</p></article>"
        "</body></html>")


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_set_d_scores_a_title_only_where_the_dump_shows_it():
    bench = _load("bench_textdumps")
    dump = "Home\nLocal\n“Breakwater Vote” Passes\nPort Ilven's council voted on Tuesday.\n"
    shown = {"batch": 3, "title": '"Breakwater vote" passes | The Harbour Ledger',
             "byline": None, "date": None}
    hidden = {**shown, "title": "Ledger story 4411 - The Harbour Ledger"}
    assert bench.on_page(shown["title"], dump)  # curly quotes, case and site part aside
    assert bench.scored(shown, "title", dump)
    assert not bench.scored(hidden, "title", dump)  # a <title> the page never shows
    assert not bench.scored(shown, "byline", dump)  # a null label is not scored
    # the sets labelled by reading the dump are scored on every label
    assert bench.scored({**hidden, "batch": 1}, "title", dump)


def test_extraction_bench_runs_half_a_alone_unless_asked_for_both():
    bench = _load("bench_extraction")
    halves = _load("halves")
    names = [f"page-{i}" for i in range(6)]
    pages = [(name, HTML, "Port Ilven's council voted on Tuesday") for name in names]
    part_a = halves.half_a(names)
    only_a = bench.run_set("fictional", pages, repeat=1, parts="A")
    assert only_a["keys"] == [name for name in names if name in part_a]
    assert set(only_a["systems"]["storyline main_text"]) == {"A", "pages_per_second"}
    both = bench.run_set("fictional", pages, repeat=1, parts="both")
    assert both["keys"] == names and "B" in both["systems"]["storyline main_text"]
