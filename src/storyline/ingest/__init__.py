"""ingest: files, folders, JSONL and WARC archives -> RawDocument."""

from storyline.ingest.discover import SUPPORTED_SUFFIXES, discover, suffix_of
from storyline.ingest.readers import read_path

__all__ = ["SUPPORTED_SUFFIXES", "discover", "read_path", "suffix_of"]
