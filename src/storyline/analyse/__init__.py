"""The analyse stage: per-article sentences, entity mentions, times, quotes and claims.

`nlp.analyse_texts` runs the pinned spaCy pipeline and the correction rules of
`entities`; canonical entities across articles are in `storyline.resolve.entities`.
Everything here is a pure function of its inputs: no store, no executor.
"""

from storyline.analyse.entities import (
    ArticleAnalysis,
    Mention,
    Sentence,
    build_analysis,
    resolve_pronoun,
)

#: Bumped whenever analysis output changes, so stored analyses can be redone.
ANALYSER_VERSION = "33"

__all__ = [
    "ANALYSER_VERSION",
    "ArticleAnalysis",
    "Mention",
    "Sentence",
    "build_analysis",
    "resolve_pronoun",
]
