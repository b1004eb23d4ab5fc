"""Bytes to text: declared, detected, mixed and broken encodings."""

from __future__ import annotations

import json

import pytest
from pages import news_page

from storyline.extract import extract_document
from storyline.extract.decode import DecodeError, decode
from storyline.records import KIND_HTML, KIND_JSONL, RawDocument, content_id

SENTENCE = "Der Bürgermeister von Kestrel Point sagte, die Brücke über die Förde sei sicher."


def test_declared_meta_charset_wins_over_guessing():
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>{SENTENCE}</p></body>'
    assert SENTENCE in decode(page.encode("iso-8859-1"))


def test_wrong_declared_charset_falls_back_to_what_decodes():
    page = f'<html><head><meta charset="utf-8"></head><body><p>{SENTENCE}</p></body>'
    assert SENTENCE in decode(page.encode("cp1252"))


def test_http_charset_is_used_when_given():
    text = "Собрание в Валморе завершилось без соглашения о квотах на рыбу."
    assert decode(text.encode("koi8-r"), declared="koi8-r") == text


def test_mixed_utf8_and_cp1252_keeps_both_parts():
    data = "Café “Valmora” — ".encode() + b"\x93Kestrel\x94 said"
    assert decode(data) == "Café “Valmora” — “Kestrel” said"


def test_utf16_with_bom():
    assert decode(("\ufeff" + SENTENCE).encode("utf-16")) == SENTENCE


def test_binary_junk_is_refused():
    with pytest.raises(DecodeError, match="binary"):
        decode(bytes(range(256)) * 10)


def test_latin1_page_extracts_with_accents_intact():
    page = news_page(7, body=[SENTENCE + " " + SENTENCE.lower()] * 4)
    data = page.replace('charset="utf-8"', 'charset="windows-1252"').encode("cp1252")
    article = extract_document(RawDocument(id=content_id(data), source="de.html",
                                           kind=KIND_HTML, content=data))
    assert article.status == "ok" and SENTENCE in article.text


MOJIBAKE = {  # correct spelling -> how it reads once UTF-8 went through Windows-1252
    "Inés Peñarrubia": "InÃ©s PeÃ±arrubia",
    "the mayor’s office": "the mayorâ€™s office",
    "Puerto Añil": "Puerto AÃ±il",
}


@pytest.mark.parametrize(("right", "garbled"), sorted(MOJIBAKE.items()))
def test_mojibake_in_a_page_is_repaired(right, garbled):
    # the bytes are valid UTF-8 whose characters are already garbled upstream
    assert right in decode(f"<p>Councillor {garbled} spoke at noon.</p>".encode())


def test_mojibake_written_decomposed_is_repaired_and_correct_decomposed_text_kept():
    """Some dumps hold mojibake in decomposed form: the "Ã" of "Ã±" written as an "A" and a
    combining tilde. It is composed to be seen and repaired; decomposed text that is not
    mojibake ("Pen\u0303a" for Peña) is left byte for byte."""
    import unicodedata

    garbled = unicodedata.normalize("NFD", "InÃ©s PeÃ±arrubia")
    assert garbled != "InÃ©s PeÃ±arrubia"  # the tildes are combining marks here
    assert "Inés Peñarrubia" in decode(f"<p>Councillor {garbled} spoke.</p>".encode())
    fine = unicodedata.normalize("NFD", "Councillor Inés Peñarrubia spoke at noon.")
    assert decode(fine.encode()) == fine


def test_correct_accents_and_symbols_are_left_as_they_are():
    text = "Café Ünal in Brücke: 5°C, © 2016 Vale Ledger, naïve résumé, “quoted”."
    assert decode(text.encode()) == text
    assert decode(text.encode("cp1252")) == text


def test_a_text_dump_names_the_person_by_the_repaired_spelling():
    body = ("Councillor InÃ©s PeÃ±arrubia of Puerto AÃ±il said on Tuesday that the harbour "
            "toll would rise. ") * 3
    dump = f"Harbour toll to rise, councillor says\n\n{body}\n"
    doc = RawDocument(id=content_id(dump.encode()), source="toll.txt", url=None,
                      content=dump.encode(), kind="text")
    article = extract_document(doc)
    assert "Inés Peñarrubia of Puerto Añil" in article.text
    assert "Ã" not in article.text


def test_a_jsonl_record_is_repaired_like_a_file():
    body = "Councillor InÃ©s PeÃ±arrubia said on Tuesday that the harbour toll would rise. " * 3
    line = json.dumps({"title": "Harbour toll to rise", "text": body}).encode()
    doc = RawDocument(id=content_id(line), source="toll.jsonl:1", url=None, content=line,
                      kind=KIND_JSONL)
    assert "Inés Peñarrubia" in extract_document(doc).text
