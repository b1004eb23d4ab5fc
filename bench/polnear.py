"""PolNeAR articles for the entity, merge and story benchmarks.

The texts stay in ../shared/data/polnear (or $STORYLINE_SHARED/data/polnear);
the labels made by reading them live in bench/labels/ as offsets and ids:

- stories.tsv: 357 articles (train and dev, published 2016-06-01..2016-10-07)
  with the story each belongs to;
- entities.tsv, entity_types.tsv: canonical entities of 26 of them;
- entity_pairs.tsv: hard pairs of surfaces (merge or keep apart);
- speakers.tsv: referents of pronoun and description sources in dev.

A text file's first line is its headline. storyline's text-dump extraction
makes it the title, so the analysis here sees the body only: the headline is
blanked with spaces, which keeps every offset of the file valid.

Halves: every labelled set is split by `halves.halves` (SHA-256 of the item's
name; half A for development, half B held out).
"""

from __future__ import annotations

import csv
import hashlib
import os
import pickle
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from halves import halves  # noqa: E402

LABELS = HERE / "labels"


def shared_data() -> Path:
    """../shared/data next to the project, or $STORYLINE_SHARED/data."""
    root = os.environ.get("STORYLINE_SHARED")
    base = Path(root) if root else HERE.parents[1] / "shared"
    data = base / "data"
    if not (data / "polnear").is_dir():
        raise SystemExit(f"PolNeAR not found under {data} (set STORYLINE_SHARED)")
    return data


@dataclass(frozen=True)
class Article:
    name: str
    split: str
    published: str
    publisher: str
    text: str  # the file's text with its first line (the headline) blanked


def _rows(path: Path) -> Iterable[list[str]]:
    with path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row and not row[0].startswith("#"):
                yield row


def metadata() -> dict[str, dict[str, str]]:
    """PolNeAR's metadata.tsv rows of the train and dev articles, by file name."""
    path = shared_data() / "polnear" / "metadata.tsv"
    with path.open(encoding="utf-8") as handle:
        return {r["filename"]: r for r in csv.DictReader(handle, delimiter="\t")
                if r["compartment"] in {"train", "dev"}}


def blank_headline(text: str) -> str:
    cut = text.find("\n")
    return text if cut < 0 else " " * cut + text[cut:]


def load(names: Iterable[str]) -> list[Article]:
    """The named articles, headline blanked, with split, date and publisher."""
    meta = metadata()
    root = shared_data() / "polnear"
    out = []
    for name in names:
        row = meta[name]
        split = row["compartment"]
        text = (root / split / "text" / f"{name}.txt").read_text(encoding="utf-8")
        out.append(Article(name, split, row["publication_date"], row["publisher"],
                           blank_headline(text)))
    return out


def story_labels() -> dict[str, str]:
    """Article name -> story id; an article alone in its story gets its own name."""
    return {r[0]: (r[0] if r[1] == "-" else r[1]) for r in _rows(LABELS / "stories.tsv")}


def _code_hash() -> str:
    import storyline

    src = Path(storyline.__file__).resolve().parent
    digest = hashlib.sha256(str(src).encode())
    for name in ("nlp", "entities", "names", "roles", "gazetteer"):  # what the analysis runs
        digest.update((src / "analyse" / f"{name}.py").read_bytes())
    return digest.hexdigest()[:16]


def analyses(articles: list[Article], cache: bool = True):
    """spaCy + rules analysis of each article, cached per version of the analyse code."""
    from storyline.analyse.nlp import analyse_texts

    key = hashlib.sha256("\n".join(a.name for a in articles).encode()).hexdigest()[:12]
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"storyline-bench-{key}-{_code_hash()}.pkl"
    if cache and path.exists():
        return pickle.loads(path.read_bytes())
    result = list(analyse_texts(a.text for a in articles))
    if cache:
        path.write_bytes(pickle.dumps(result))
    return result


__all__ = ["Article", "LABELS", "analyses", "blank_headline", "halves", "load", "metadata",
           "shared_data", "story_labels"]
