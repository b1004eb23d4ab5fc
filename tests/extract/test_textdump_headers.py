"""Text dumps: headline, dek, byline, dates, site and language, as in HTML pages.

The dumps here are fictional (the outlets, people and places are invented)
and shaped like real ones: LexisNexis-style exports (headline and dek in one
block, ABSTRACT and FULL TEXT labels), headline-first corpus files, pages
flattened whole. The real PolNeAR dumps in ../shared are checked too.
"""

from __future__ import annotations

import importlib.util
import json
import re

from conftest import ROOT, shared_path

from storyline.extract.article import extract_document
from storyline.extract.dates import filename_date
from storyline.extract.textdump import extract_textdump
from storyline.records import KIND_JSONL, KIND_TEXT, RawDocument

LEAD = ("PORT ILVEN -- The harbour council voted 7-2 on Tuesday to raise the levy on cargo "
        "landed at the eastern quay, the first increase in eleven years.")
BODY = [
    LEAD,
    "Mayor Adela Voss said the money would pay for the northern breakwater, which lost a "
    "third of its stones in the January storms and has been closed to traffic since.",
    "Shipping agents said the rise, 9 crowns a tonne, would be passed on to importers, and "
    "two of them said they would move some cargo to Marrowdale instead.",
    "The levy takes effect on July 1, and the council will review it after two years.",
]


def _doc(text: str, source: str = "dump.txt", kind: str = KIND_TEXT,
         hints: dict | None = None) -> RawDocument:
    return RawDocument(id="t", source=source, kind=kind, content=text.encode("utf-8"),
                       hints=hints or {})


def _dropped(ext) -> dict[str, str]:
    return {d.text: d.reason for d in ext.dropped}


def test_lexisnexis_export_headline_dek_abstract_and_full_text():
    raw = ("Harbour levy vote splits Port Ilven council; \n"
           "Mayor says importers can carry the cost.\n\nABSTRACT.\n\n"
           "The council raised the levy on eastern quay cargo for the first time in eleven "
           "years, to pay for storm repairs, over the objections of shipping agents.\n\n"
           "FULL TEXT.\n\n" + "\n\n".join(BODY) + "\n")
    ext = extract_textdump(raw)
    assert ext.title == "Harbour levy vote splits Port Ilven council"
    assert ext.dek == "Mayor says importers can carry the cost."
    assert ext.text.split("\n") == BODY
    reasons = _dropped(ext)
    assert reasons["ABSTRACT."] == "label" and reasons["FULL TEXT."] == "label"


def test_headline_ending_in_a_period_is_the_title_not_the_first_paragraph():
    raw = ("Port Ilven raises its harbour levy for the first time in eleven years.\n\n"
           + "\n\n".join(BODY) + "\n")
    ext = extract_textdump(raw)
    assert ext.title == "Port Ilven raises its harbour levy for the first time in eleven years."
    assert ext.text.split("\n") == BODY
    assert ext.dek is None


def test_short_lead_in_its_own_block_stays_in_the_body():
    lead = ("The harbour council of Port Ilven spent four hours on Tuesday arguing about who "
            "should pay for the storm repairs.")
    raw = "Council Fights Over Storm Bill.\n\n" + lead + "\n\n" + "\n\n".join(BODY[1:]) + "\n"
    ext = extract_textdump(raw)
    assert ext.title == "Council Fights Over Storm Bill."
    assert ext.text.split("\n")[0] == lead


def test_site_notes_are_dropped_wherever_they_stand():
    note = ("Editor’s note: The Harbour Ledger is owned by a cooperative of\n"
            "shipping agents, some of whom\nare named in this story.")
    raw = ("Port Ilven raises its harbour levy\n\n" + "\n\n".join(BODY[:2]) + "\n\n"
           "Want more harbour news? Join The Harbour Ledger newsletter.\n\n"
           + "\n\n".join(BODY[2:]) + "\n\n" + note + "\n\n"
           "This article originally appeared on Kestrel Point Weekly.\n")
    ext = extract_textdump(raw)
    assert ext.text.split("\n") == BODY
    reasons = _dropped(ext)
    assert reasons["shipping agents, some of whom"] == "editor-note"
    assert reasons["are named in this story."] == "editor-note"
    assert reasons["This article originally appeared on Kestrel Point Weekly."] == (
        "syndication-note")
    assert reasons["Want more harbour news? Join The Harbour Ledger newsletter."] == (
        "subscribe-prompt")


def test_date_site_and_language_from_the_file_name_and_the_text():
    raw = "Port Ilven raises its harbour levy\n\n" + "\n\n".join(BODY) + "\n"
    art = extract_document(_doc(raw, "corpus/ledger_2031-06-17_port-ilven-raises.txt"))
    assert art.published == "2031-06-17" and art.published_evidence == "filename"
    assert art.site == "ledger"
    assert art.language == "en"
    assert art.title == "Port Ilven raises its harbour levy"
    stated = "Port Ilven raises its harbour levy\nPublished June 16, 2031\n" + "\n".join(BODY)
    art = extract_document(_doc(stated, "ledger_2031-06-17_port-ilven-raises.txt"))
    assert art.published == "2031-06-16"  # the dump's own statement outranks the name
    assert {e.source for e in art.date_evidence} == {"dump:date", "filename"}


def test_filename_dates():
    assert filename_date("a/b/politico_2016-10-27_slug.txt").value == "2016-10-27"
    assert filename_date("x_2016_10_27_y.txt").value == "2016-10-27"
    assert filename_date("2016-10-27/story.txt") is None  # a folder's date is not the file's
    assert filename_date("id20161027.txt") is None
    assert filename_date("p_2016-13-40_x.txt") is None
    assert filename_date("feed.jsonl:3") is None


def test_tip_line_names_the_site():
    raw = ("Port Ilven raises its harbour levy\n\n" + "\n\n".join(BODY)
           + "\n\nGot a tip? Send it to The Harbour Ledger here.\n")
    assert extract_textdump(raw).site == "The Harbour Ledger"


def test_jsonl_text_with_a_title_keeps_its_first_paragraph():
    short_lead = "The harbour levy is going up."
    record = {"title": "Port Ilven raises its harbour levy",
              "text": short_lead + "\n" + "\n".join(BODY[1:])}
    hints = {"title": record["title"]}  # what the JSONL reader passes on
    art = extract_document(_doc(json.dumps(record), "feed.jsonl:1", KIND_JSONL, hints))
    assert art.title == "Port Ilven raises its harbour levy"
    assert art.text.split("\n")[0] == short_lead
    record["text"] = record["title"] + "\n" + "\n".join(BODY)  # the headline repeated
    art = extract_document(_doc(json.dumps(record), "feed.jsonl:2", KIND_JSONL, hints))
    assert art.text.split("\n") == BODY


def test_bylines_in_the_shapes_flattened_pages_have():
    cases = {
        "By\nMarta Lindqvist\n": "Marta Lindqvist",
        "Marta Lindqvist - Jun 3, 2031, 10:31 pm CEST\n": "Marta Lindqvist",
        "Marta Lindqvist, Senior Harbour Correspondent\n": "Marta Lindqvist",
        "By Marta LindqvistStaff Writer\n": "Marta Lindqvist",
        "By Marta Lindqvist | Special to the Ledger\n": "Marta Lindqvist",
        "Tuesday June 3, 2031 9:12 am CEST by Marta Lindqvist\n": "Marta Lindqvist",
    }
    for block, name in cases.items():
        raw = "Port Ilven raises its harbour levy\n" + block + "\n".join(BODY) + "\n"
        ext = extract_textdump(raw)
        assert ext.author == name, block
        assert ext.title == "Port Ilven raises its harbour levy", block
        assert ext.text.split("\n") == BODY, block


def test_page_flattened_whole_headline_found_under_the_menus():
    menus = "\n".join(["Home", "Local", "Sport", "Business", "Weather", "Skip to content",
                       "We use cookies to improve your experience. By browsing you accept "
                       "our cookie policy.", "Subscribe", "Sign in", "Most Read Harbour Stories",
                       "Marrowdale ferry timetable changes for summer", "Local"] * 3)
    raw = (menus + "\nPort Ilven raises its harbour levy\nThe first rise in eleven years will "
           "pay for storm repairs.\nBy Marta Lindqvist\nJune 3, 2031\nShare\n"
           + "\n".join(BODY) + "\nMost Read\n- Marrowdale ferry timetable changes\n")
    ext = extract_textdump(raw)
    assert ext.title == "Port Ilven raises its harbour levy"
    assert ext.dek == "The first rise in eleven years will pay for storm repairs."
    assert ext.author == "Marta Lindqvist"
    assert [e.value for e in ext.date_evidence] == ["2031-06-03"]
    assert ext.text.split("\n") == BODY


def test_language_of_a_dump():
    spanish = ("El consejo de Port Ilven votó el martes subir la tasa portuaria por primera "
               "vez en once años.\nLa alcaldesa Adela Voss dijo que el dinero pagará la "
               "reparación del rompeolas del norte, dañado por las tormentas de enero.\n")
    assert extract_textdump(spanish).language == "es"
    assert extract_textdump("Levy up.\nShort.\n").language is None


def test_polnear_dumps_headline_date_site_and_language():
    folder = shared_path("data", "polnear", "dev", "text")
    files = sorted(folder.glob("*.txt"))
    assert len(files) >= 80
    for path in files:
        raw = path.read_text(encoding="utf-8")
        first = next(line for line in raw.splitlines() if line.strip()).strip()
        art = extract_document(_doc(raw, f"polnear/dev/text/{path.name}"))
        assert art.title == first.rstrip(" ;"), path.name
        assert first not in art.text.split("\n")[0], path.name
        stamp = re.search(r"_(\d{4}-\d{2}-\d{2})_", path.name).group(1)
        assert art.published == stamp and art.published_evidence == "filename"
        assert art.site == path.name.split("_")[0]
        assert art.language == "en", path.name


def test_labelled_dumps_title_accuracy():
    """The hand-made labels (bench/labels/textdumps.jsonl): headline-first dumps
    get their title, byline and date; pages flattened whole are harder."""
    shared_path("data", "polnear")
    shared_path("data", "article-extraction-benchmark")
    spec = importlib.util.spec_from_file_location("bench_textdumps",
                                                  ROOT / "bench" / "bench_textdumps.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    items = bench.load()
    assert len(items) >= 100
    hits = {"text": [], "flattened": []}
    for label, name, text in items:
        pred = bench.storyline(name, text)
        hits[label["shape"]].append(
            [bench.norm(f, label[f]) == bench.norm(f, pred[f]) for f in bench.FIELDS])
    text_scores = [sum(row[k] for row in hits["text"]) / len(hits["text"]) for k in range(3)]
    assert min(text_scores) >= 0.97, text_scores
    flat_title = sum(row[0] for row in hits["flattened"]) / len(hits["flattened"])
    assert flat_title >= 0.35, flat_title
