"""The cached name functions and the parser's own tokens give what they gave uncached."""

from __future__ import annotations

from storyline.analyse import names
from storyline.analyse.numbers import _Parser, parse_numbers
from storyline.numwords import Tokens

TEXT = ("Councillor Ilse Brankov-Varn Jr. said 3,000 of the 12½ thousand residents, about "
        "two-thirds, paid $4.5m; half a million more came from the F.B.I.-style fund's "
        "reserve (twenty-one items, 1/4 of them late, 7:30 p.m.).")


def test_lists_from_cached_functions_are_fresh() -> None:
    first = names.words("Mr. Ilse Brankov Jr.")
    assert first == ["Ilse", "Brankov"]
    first.append("Extra")  # a caller may change the list it got ...
    assert names.words("Mr. Ilse Brankov Jr.") == ["Ilse", "Brankov"]  # ... not the cache
    tokens = names.name_tokens("F.B.I. Ilse-Marie O'Varn")
    assert tokens == ["fbi", "ilse", "marie", "ovarn"]
    tokens.clear()
    assert names.name_tokens("F.B.I. Ilse-Marie O'Varn") == ["fbi", "ilse", "marie", "ovarn"]
    assert names.fold("Ílse") == "ilse"
    assert names.short_forms("Dr. Ilse Brankov-Varn") == ("brankovvarn", "ilse")


def test_parser_tokens_are_the_tokens_of_numwords() -> None:
    mine = _Parser(TEXT).toks
    theirs = Tokens(TEXT).toks
    assert [(t.kind, t.text, t.start, t.end, t.low) for t in mine] == [
        (t.kind, t.text, t.start, t.end, t.low) for t in theirs]
    assert len(mine) > 40


def test_numbers_of_a_text_with_every_kind_of_start() -> None:
    found = [(n.text, n.value) for n in parse_numbers(TEXT)]
    assert ("3,000", 3000) in found
    assert any(text.startswith("half a million") for text, _ in found)
    assert any(text == "twenty-one" and value == 21 for text, value in found)
    assert all(not text.startswith("7:30") for text, _ in found)  # a clock time
