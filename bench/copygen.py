"""Labelled copy benchmark built from real article texts, transformed like syndication.

No labelled near-duplicate news data can be had offline, so this builds one
from the real texts in ../shared/data (PolNeAR articles, the
article-extraction-benchmark ground truths). Each *story* gets copies made
the way syndication makes them: another site's chrome (nav, breadcrumbs,
share widgets, tag and "Related" lists, footers), a new headline, trimmed
endings, a shortened version (contained), the story embedded in a longer
page (contained), inserted or reordered paragraphs, light copy edits (word
substitutions, punctuation). Hard negatives: the other PolNeAR articles (same
publishers, same weeks, same candidates), originals wrapped in the same site
templates as their copies, follow-ups that reuse one paragraph of a story,
very short notices (some identical) and pages that are mostly chrome.

Texts used as filler (embedding pages, inserted paragraphs, follow-ups) are
drawn paragraph by paragraph without replacement, so no unlabelled copy can
arise. Source articles that are themselves copies of each other (wire
stories run by two publishers) are dropped first.

`make_benchmark(seed)` -> list[Doc] (cluster label per document; pair labels
via `pair_labels`). `scale_text(i, seed)` is a pure function giving document
i of an arbitrarily long stream of mutated real text for the speed run.
"""

from __future__ import annotations

import json
import os
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """../shared next to the repository, or $STORYLINE_SHARED."""
    base = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
    if not (base / "data").is_dir():
        raise FileNotFoundError(
            f"shared data not found at {base / 'data'}; set STORYLINE_SHARED to the folder "
            "that holds data/polnear and data/article-extraction-benchmark"
        )
    return base


@dataclass(frozen=True)
class Source:
    name: str
    publisher: str
    published: str  # ISO date
    paras: tuple[str, ...]  # first one is the headline


@dataclass(frozen=True)
class Doc:
    id: str
    text: str
    cluster: str  # documents with the same cluster are copies of one another
    relation: str  # origin | exact | near | contained | single
    published: str | None
    site: str
    transforms: str = ""
    misdated: bool = False  # stated date deliberately wrong (content-farm stamp)


@lru_cache(maxsize=1)
def load_sources() -> tuple[Source, ...]:
    """All real texts, sorted by name; real copies among them removed."""
    data = shared_dir() / "data"
    out: list[Source] = []
    for split in ("train", "dev"):
        for p in sorted((data / "polnear" / split / "text").glob("*.txt")):
            pub, day = p.stem.split("_")[:2]
            paras = [x.strip() for x in p.read_text(encoding="utf-8").split("\n") if x.strip()]
            out.append(Source(p.stem, pub, day, tuple(paras)))
    gt = json.loads((data / "article-extraction-benchmark" / "ground-truth.json").read_text())
    rng = random.Random(5)
    for key in sorted(gt):
        paras = [x.strip() for x in gt[key]["articleBody"].split("\n") if x.strip()]
        day = date(2019, 1, 1) + timedelta(days=rng.randrange(1500))
        out.append(Source("aeb_" + key, "aeb", day.isoformat(), tuple(["Untitled story."] + paras)))
    return tuple(_drop_real_copies([s for s in out if sum(len(p) for p in s.paras) > 600]))


def _drop_real_copies(sources: list[Source]) -> list[Source]:
    from storyline.copies.fingerprint import sample_of, shingles

    seen: dict[int, int] = {}
    keep = []
    for s in sources:
        sample = sample_of(shingles("\n".join(s.paras[1:]))).tolist()
        hits: dict[int, int] = {}
        for k in sample:
            if k in seen:
                hits[seen[k]] = hits.get(seen[k], 0) + 1
        if sample and any(v >= max(2, 0.2 * len(sample)) for v in hits.values()):
            continue
        for k in sample:
            seen.setdefault(k, len(keep))
        keep.append(s)
    return keep


# --- site chrome ---------------------------------------------------------------------------

SITES = [
    ("The Millbrook Ledger", ["News", "Politics", "Business", "Sports", "Opinion", "Weather"]),
    ("Harbor City Dispatch", ["Local", "Nation", "World", "Money", "Life", "Obituaries"]),
    ("DailyBuzzWire", ["Trending", "Scams", "Celebrity", "Tech", "Health", "Videos"]),
    ("Northgate Times Online", ["Home", "US", "World", "Election 2016", "Markets", "Science"]),
    ("Prairie Voice Network", ["Top Stories", "Farm", "Politics", "Schools", "Sports"]),
    ("Q-News Aggregator", ["Latest", "Hot", "Must Read", "Viral", "Money Tips", "Autos"]),
]
_SHARE = ["Share on Facebook", "Share on X", "Email", "Print", "Copy link"]
_WIDGETS = [
    "Comments ({n})",
    "veryGood! ({n})",
    "Advertisement",
    "Story continues below advertisement",
    "Listen to this article {n} min",
    "Reporting by staff; editing by desk",
]
_FOOTERS = [
    "© {y} {site}. All rights reserved.",
    "Privacy Policy | Terms of Use | Contact Us | Advertise",
    "Sign up for our newsletter to get the top stories delivered to your inbox every morning.",
    "This material may not be published, broadcast, rewritten or redistributed.",
    "About Us Careers Help Center Cookie Settings",
]


def _related(rng: random.Random, titles: list[str], n: int) -> list[str]:
    items = []
    for t in rng.sample(titles, n):
        t = t.rstrip(".") if rng.random() < 0.9 else t
        items.append(("- " if rng.random() < 0.5 else "") + t)
    return items


def wrap(rng: random.Random, site: int, headline: str, body: list[str], day: str,
         titles: list[str]) -> str:
    """Put a body into site `site`'s chrome (a fresh draw of its widgets and lists)."""
    name, nav = SITES[site]
    lines = [name, " | ".join(nav), f"Home > {rng.choice(nav)}", headline]
    lines.append(f"Published {day} {rng.randrange(1, 12)}:{rng.randrange(60):02d} PM")
    if rng.random() < 0.5:
        lines.append(" ".join(_SHARE))
    lines += body[:2] + [rng.choice(_WIDGETS).format(n=rng.randrange(2, 99))] + body[2:]
    lines.append("Tags: " + ", ".join(rng.sample(nav, 3)))
    lines.append(rng.choice(["Related", "You may also like", "More from " + name]))
    lines += _related(rng, titles, rng.randrange(4, 9))
    if rng.random() < 0.5:
        lines.append("Ranking")
        lines += _related(rng, titles, rng.randrange(3, 7))
    lines += [f.format(y=day[:4], site=name) for f in rng.sample(_FOOTERS, 3)]
    return "\n".join(lines)


# --- text edits ----------------------------------------------------------------------------

_SUBS = {
    "said": "stated", "says": "said", "told": "said to", "percent": "per cent",
    "however": "but", "also": "", "very": "", "just": "", "United States": "U.S.",
    "President": "Pres.", "according to": "per", "Monday": "on Monday", "about": "around",
    "because": "as", "people": "individuals", "would": "will", "million": "mln",
    "Republican": "GOP", "that": "", "the": "a", "Trump": "Donald Trump",
}
_PUNCT = [("’", "'"), ("“", '"'), ("”", '"'), (" — ", " - "), (", and", " and"), (";", ",")]


def copy_edit(rng: random.Random, para: str, rate: float) -> str:
    """Light copy edits: word substitutions at about `rate` per word, punctuation swaps."""
    words = para.split(" ")
    for i, w in enumerate(words):
        if rng.random() < rate:
            bare = w.strip(".,;:\"'“”’")
            if bare in _SUBS:
                words[i] = w.replace(bare, _SUBS[bare])
            elif bare.isdigit():
                words[i] = w.replace(bare, str(int(bare) + rng.randrange(1, 3)))
            elif len(bare) > 3 and rng.random() < 0.5:
                words[i] = ""
    out = " ".join(w for w in words if w)
    for a, b in _PUNCT:
        if rng.random() < 0.5:
            out = out.replace(a, b)
    return out


def new_headline(rng: random.Random, title: str) -> str:
    """A syndicating site's headline: prefixed, shortened or reworded."""
    words = title.rstrip(".").split()
    choice = rng.randrange(4)
    if choice == 0:
        return rng.choice(["WATCH: ", "BREAKING: ", "Report: ", "UPDATE: "]) + " ".join(words)
    if choice == 1:
        return " ".join(words[: max(3, len(words) * 2 // 3)]) + " - " + rng.choice(
            ["Q-News", "DailyBuzzWire", "Ledger"])
    if choice == 2:
        return " ".join(w.capitalize() for w in words)
    return " ".join(words) + ": what we know"


class _Filler:
    """Paragraphs of unused sources, each handed out once."""

    def __init__(self, sources: list[Source]):
        self.sources = sources
        self.pos = 0
        self.para = 1

    def run(self, n: int) -> list[str]:
        """n consecutive paragraphs (from one or more fresh articles)."""
        out: list[str] = []
        while len(out) < n and self.pos < len(self.sources):
            paras = self.sources[self.pos].paras
            take = paras[self.para : self.para + n - len(out)]
            out += [p for p in take if len(p.split()) >= 6]
            self.para += len(take)
            if self.para >= len(paras):
                self.pos, self.para = self.pos + 1, 1
        return out


TRANSFORMS = ["exact", "near", "trim", "short", "embed", "insert", "reorder", "edit", "late"]


def make_benchmark(seed: int = 0, n_stories: int = 300) -> list[Doc]:
    """The labelled document set; deterministic for a given seed."""
    rng = random.Random(seed)
    sources = list(load_sources())
    rng.shuffle(sources)
    polnear = [s for s in sources if s.publisher != "aeb"]
    aeb = [s for s in sources if s.publisher == "aeb"]
    # Stories: PolNeAR (same weeks, publishers and candidates: hard negatives for one
    # another) plus some benchmark pages for variety of style; the rest is filler.
    stories = sorted(polnear[: n_stories - n_stories // 8] + aeb[: n_stories // 8],
                     key=lambda s: s.name)
    filler = _Filler(polnear[n_stories - n_stories // 8 :] + aeb[n_stories // 8 :])
    titles = [s.paras[0] for s in sources]
    raw: list[dict] = []

    def add(text: str, cluster: str, relation: str, day: str | None, site: str,
            transforms: str = "", misdated: bool = False) -> None:
        raw.append(dict(text=text, cluster=cluster, relation=relation, published=day,
                        site=site, transforms=transforms, misdated=misdated))

    for si, s in enumerate(stories):
        cluster = f"c{si:04d}"
        body = list(s.paras[1:])
        own_site = rng.randrange(len(SITES) + 1)
        if own_site < len(SITES) and rng.random() < 0.5:
            text = wrap(rng, own_site, s.paras[0], body, s.published, titles)
        else:
            text = "\n".join(s.paras)
        add(text, cluster, "origin", s.published, s.publisher)
        n_copies = rng.choice([0, 0, 1, 2, 2, 3, 3, 4, 5, 6])
        for _ in range(n_copies):
            kind = rng.choice(TRANSFORMS)
            site = rng.randrange(len(SITES))
            day0 = date.fromisoformat(s.published)
            day = (day0 + timedelta(days=rng.randrange(1, 4))).isoformat()
            paras, relation, misdated, done = list(body), "near", False, [kind]
            if kind == "exact":
                add(text, cluster, "exact", day, "mirror", "exact")
                continue
            if kind == "trim" and len(paras) > 5:
                paras = paras[: -rng.randrange(1, 3)]
            elif kind == "short" and len(paras) >= 5:
                paras = paras[: max(3, int(len(paras) * rng.uniform(0.3, 0.6)))]
                relation = "contained"
            elif kind == "embed":
                before = filler.run(rng.randrange(2, 8))
                after = filler.run(rng.randrange(len(paras), 2 * len(paras) + 4))
                paras = before + paras + after
                relation = "contained"
            elif kind == "insert":
                for p in filler.run(rng.randrange(1, 3)):
                    paras.insert(rng.randrange(1, len(paras) + 1), p)
            elif kind == "reorder" and len(paras) > 3:
                i = rng.randrange(len(paras) - 1)
                paras[i], paras[i + 1] = paras[i + 1], paras[i]
                j = rng.randrange(len(paras))
                paras.insert(rng.randrange(len(paras)), paras.pop(j))
            elif kind == "late":
                late = day0 + timedelta(days=rng.randrange(200, 500))
                day, misdated = late.isoformat(), True
            if kind in ("edit", "near") or rng.random() < 0.3:
                rate = rng.uniform(0.005, 0.03)
                paras = [copy_edit(rng, p, rate) for p in paras]
                done.append("edit")
            if rng.random() < 0.2 and relation != "contained":
                paras = [f"WASHINGTON ({rng.choice(['AP', 'MP'])}) — " + paras[0]] + paras[1:]
            copy = wrap(rng, site, new_headline(rng, s.paras[0]), paras, day, titles)
            add(copy, cluster, relation, day, SITES[site][0], "+".join(done), misdated)

    # Hard negatives ----------------------------------------------------------------------
    for fi in range(len(stories) // 3):  # follow-ups reusing one paragraph of a story
        s = stories[rng.randrange(len(stories))]
        own = filler.run(rng.randrange(6, 12))
        if len(own) < 5 or len(s.paras) < 5:
            continue
        own.insert(rng.randrange(1, len(own)), rng.choice(s.paras[1:]))
        day = (date.fromisoformat(s.published) + timedelta(days=2)).isoformat()
        site = rng.randrange(len(SITES))
        add(wrap(rng, site, "More reaction to the story", own, day, titles), f"f{fi:04d}",
            "single", day, SITES[site][0], "followup")
    notices = [
        "This video is no longer available.",
        "Subscribe to continue reading. Already a subscriber? Log in.",
        "Page not found. The story you are looking for has moved.",
        "Photo gallery: scenes from the rally.",
    ]
    for ni in range(40):  # very short texts, many identical
        add(rng.choice(notices), f"n{ni:04d}", "single", "2016-05-01", "various", "short-text")
    for bi in range(40):  # mostly boilerplate: chrome around one or two sentences
        site = rng.randrange(len(SITES))
        body = filler.run(1)
        sent = body[0].split(". ")[0] + "." if body else "No text."
        add(wrap(rng, site, "Update", [sent], "2016-05-02", titles), f"b{bi:04d}", "single",
            "2016-05-02", SITES[site][0], "boilerplate")

    order = list(range(len(raw)))
    rng.shuffle(order)
    return [Doc(id=f"d{n:05d}", **raw[i]) for n, i in enumerate(order)]


def pair_labels(docs: list[Doc]) -> dict[tuple[str, str], str]:
    """True copy pairs (a < b) -> 'contained' if either side is a contained copy, else 'near'."""
    by: dict[str, list[Doc]] = {}
    for d in docs:
        by.setdefault(d.cluster, []).append(d)
    out = {}
    for members in by.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                kind = "contained" if "contained" in (a.relation, b.relation) else "near"
                out[(min(a.id, b.id), max(a.id, b.id))] = kind
    return out


# --- scale stream --------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _vocab() -> tuple[str, ...]:
    """Every word occurrence of the sources (so substitutions follow real frequencies)."""
    return tuple(w for s in load_sources() for p in s.paras for w in _WORD.findall(p))


def _original(i: int, seed: int) -> tuple[str, list[str]]:
    rng = random.Random(seed * 1_000_003 + i)
    sources, vocab = load_sources(), _vocab()
    s = sources[rng.randrange(len(sources))]
    paras = [p for p in s.paras[1:] if rng.random() < 0.85]
    for _ in range(rng.randrange(3)):
        o = sources[rng.randrange(len(sources))]
        paras.insert(rng.randrange(len(paras) + 1), o.paras[rng.randrange(len(o.paras))])

    def mutate(p: str) -> str:
        return " ".join(w if rng.random() > 0.25 else vocab[rng.randrange(len(vocab))]
                        for w in p.split(" "))

    return mutate(s.paras[0]), [mutate(p) for p in paras]


def scale_text(i: int, seed: int = 1) -> str:
    """Document i of the scale stream, a pure function of (i, seed).

    70% are fresh documents (a real article's paragraphs, a few paragraphs of
    others, a quarter of the words replaced by corpus words, so every document
    is new text with real word statistics); 30% are syndicated copies of one of
    the previous 2,000 fresh documents (chrome, new headline, trims, edits).
    """
    rng = random.Random(seed * 7_000_003 + i)
    titles = [s.paras[0] for s in load_sources()[:200]]
    if i < 10 or rng.random() < 0.7:
        head, paras = _original(i, seed)
        return wrap(rng, rng.randrange(len(SITES)), head, paras, "2024-01-01", titles)
    j = i - 1 - rng.randrange(min(i, 2000))
    head, paras = _original(j, seed)
    if rng.random() < 0.3 and len(paras) > 4:
        paras = paras[: len(paras) // 2]
    paras = [copy_edit(rng, p, 0.01) for p in paras]
    return wrap(rng, rng.randrange(len(SITES)), new_headline(rng, head), paras, "2024-01-02",
                titles)
