"""extract: RawDocument -> Article (clean text, metadata, dropped boilerplate)."""

from storyline.extract.article import EXTRACTOR_VERSION, extract_document

__all__ = ["EXTRACTOR_VERSION", "extract_document"]
