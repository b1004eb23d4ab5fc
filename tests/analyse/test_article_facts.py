"""The per-article facts bundle, its reference date, and the timeline picture."""

from __future__ import annotations

import datetime as dt

from storyline.analyse.article_facts import article_facts, reference_date, timex_start
from storyline.analyse.nlp import analyse_text
from storyline.present.report.timeline_svg import timeline_svg


def test_timex_values_give_their_first_day():
    assert timex_start("2031-06-18") == "2031-06-18"
    assert timex_start("2031-06-18T14:00") == "2031-06-18"
    assert timex_start("2031-06") == "2031-06-01"
    assert timex_start("2031") == "2031-01-01"
    assert timex_start("2031-W25") == "2031-06-16"  # ISO week 25 of 2031 starts on Monday 16
    assert timex_start("2031-Q3") == "2031-07-01"
    assert timex_start("2030-FA") == "2030-09-01"
    for unresolved in (None, "", "XXXX-06", "P2D", "PAST_REF", "199", "2031-13"):
        assert timex_start(unresolved) is None


def test_reference_date_replaces_a_flagged_date():
    assert reference_date("2031-06-16") == (dt.date(2031, 6, 16), "published")
    day, basis = reference_date("2032-06-17", True, "2031-06", "2031-06-16T09:12:00+00:00")
    assert day == dt.date(2031, 6, 16) and "origin" in basis
    assert reference_date("2032-06-17", True, "2031-06")[0] == dt.date(2031, 6, 15)
    assert reference_date("2032-06-17", True, "2031")[0] == dt.date(2031, 7, 1)
    assert reference_date(None) == (None, "none")


def test_article_facts_resolve_against_the_reference():
    text = ("Varel will arrive in Pelmora on Tuesday for a two-day visit, his first in 24 "
            "years, officials said.\nMore than 1,000 crates of shells have crossed the border "
            "since October, according to Sennland's defense ministry.")
    facts = article_facts(analyse_text(text), dt.date(2031, 6, 16))  # a Monday
    values = {t.text: t.value for t in facts.times}
    assert values["Tuesday"] == "2031-06-17" and values["two-day"] == "P2D"
    crates = [c for c in facts.claims if c.value == 1000]
    assert crates and crates[0].qualifier == "more than"
    assert "defense ministry" in (crates[0].source_text or "")
    for t in facts.times:
        assert text[t.start:t.end] == t.text


def _item(day: str, kind: str, text: str = "x", n: int = 1) -> dict:
    return {"date": day, "kind": kind, "subkind": "single", "who": "Orla Venn", "text": text,
            "n_sources": n, "ref": day + text}


def test_timeline_picture_escapes_text_and_zooms_on_the_busy_month():
    assert timeline_svg([]) == ""
    items = [_item("2030-01-10", "claim"), _item("2031-06-12", "quote", "<script>x</script>")]
    items += [_item(f"2031-06-{d:02d}", "claim") for d in range(13, 20)]
    svg = timeline_svg(items)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "busiest month: 2031-06-12 to 2031-06-19" in svg
    assert svg.count("<circle") == len(items) + 8  # the zoom panel repeats June's eight
    short = timeline_svg(items[1:])
    assert "busiest month" not in short and short.count("<circle") == 8


def test_marked_paragraphs_cover_the_text_and_mark_each_passage():
    from storyline.present.report.build import marked_paragraphs

    text = "Ana Kole said \"about 40 boats left\" on Monday.\nNo figures here.\n\nLast line."
    quote = (text.index("about"), text.index('"', text.index("about")), "quote")
    claim = (text.index("about"), text.index(" left"), "claim")
    paras = marked_paragraphs(text, [quote, claim])
    assert ["".join(p["text"] for p in para) for para in paras] == [
        line for line in text.split("\n") if line]
    first = paras[0]
    both = [p for p in first if p["kinds"] == ["claim", "quote"]]
    assert [p["text"] for p in both] == ["about 40 boats"]
    assert both[0]["anchors"] == [str(quote[0])]
    assert [p["text"] for p in first if p["kinds"] == ["quote"]] == [" left"]


def test_the_rules_read_english_only_and_list_other_figures_as_skipped():
    from storyline.analyse.entities import ArticleAnalysis
    from storyline.analyse.nlp import reads

    assert [reads(c) for c in ("en", "en-GB", "EN_us", None, "")] == [True] * 5
    assert [reads(c) for c in ("de", "pt-BR", "ru")] == [False] * 3
    text = "Der Rat beschloss am 4. Mai 12 neue Stellen und 1.250,50 Euro je Monat."
    facts = article_facts(ArticleAnalysis(text, (), ()), dt.date(2031, 6, 16), read=False)
    assert (facts.times, facts.quotes, facts.claims) == ((), (), ())
    assert [(n.text, n.reason) for n in facts.numbers_skipped] == [
        ("4", "language"), ("12", "language"), ("1.250,50", "language")]
