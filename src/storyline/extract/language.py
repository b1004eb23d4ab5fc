"""The language an article is written in, detected from its text.

py3langid (a maintained fork of langid.py, Lui & Baldwin 2012) ships its
model inside the package, so detection runs offline, and it is deterministic:
the same text always gives the same answer. It knows 97 languages and
answers with an ISO 639-1 code.

Declared languages (``<html lang>``, a JSONL field) are often template
defaults; the detected one is what the text is. A page's declaration is
kept when detection agrees with it or is unsure (short texts), and
replaced when a long enough text is clearly in another language.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Fewer letters than this and detection is a guess: say nothing.
MIN_LETTERS = 20
#: Letters of text given to the detector (the start of an article suffices).
SAMPLE_CHARS = 3000
#: A declaration is overruled only by a text with at least this many words.
OVERRULE_WORDS = 50

_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability) for `text`; (None, 0.0) when too little text."""
    sample = text[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None, 0.0
    code, prob = _identifier().classify(sample)
    return code, float(prob)


def choose(declared: str | None, text: str) -> str | None:
    """The article's language: the declared one unless the text clearly says otherwise."""
    found, prob = detect(text)
    if declared and (found is None or found == declared):
        return declared
    if declared and (prob < 0.99 or len(text.split()) < OVERRULE_WORDS):
        return declared
    return found
