"""A defect in storyline's own extraction rules fails one page, loudly, not the run."""

from __future__ import annotations

import logging

from storyline.extract import article as article_mod
from storyline.extract.article import extract_document
from storyline.records import KIND_TEXT, STATUS_FAILED, RawDocument

_PAGE = ("Harbour board of Vell Marsh approves new quay\n\n"
         "VELL MARSH - The harbour board voted on Tuesday to build a second quay "
         "beside the ferry terminal, ending a year of hearings. ") * 3


def test_a_rule_that_raises_fails_the_page_with_its_traceback_logged(monkeypatch, caplog):
    def broken(doc):  # a rule defect: an index past the end of a line
        return "x"[3]

    monkeypatch.setattr(article_mod, "_extract", broken)
    doc = RawDocument(id="d1", source="inbox/vell-marsh.txt", kind=KIND_TEXT,
                      content=_PAGE.encode())
    with caplog.at_level(logging.WARNING, logger="storyline.extract.article"):
        art = extract_document(doc)
    assert art.status == STATUS_FAILED
    assert art.error == "extraction failed (IndexError: string index out of range)"
    [record] = [r for r in caplog.records if r.name == "storyline.extract.article"]
    assert "inbox/vell-marsh.txt" in record.getMessage()
    assert record.exc_info and record.exc_info[0] is IndexError


def test_the_same_page_extracts_when_the_rules_hold():
    doc = RawDocument(id="d1", source="inbox/vell-marsh.txt", kind=KIND_TEXT,
                      content=_PAGE.encode())
    art = extract_document(doc)
    assert art.status != STATUS_FAILED
    assert art.title == "Harbour board of Vell Marsh approves new quay"
