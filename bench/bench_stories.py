"""Stories: B-cubed precision, recall and F1 against stories labelled by reading.

Run: .venv/bin/python bench/bench_stories.py [--no-cache] [--dense] [--half PART ...]
(data from ../shared/data/polnear, or $STORYLINE_SHARED/data/polnear).
Development: `--half A A-in-all --dense` never scores half B (each run that
prints B is a look at the held-out half).

Gold: bench/labels/stories.tsv, 357 PolNeAR articles (train and dev) published
2016-06-01..2016-10-07 by seven outlets, each read and put in a story: one
specific development reported within about a week (the Comey announcement,
the Khan family feud, the first debate); 38 stories hold 160 articles, the
other 197 articles are each their own story. Dates are PolNeAR's metadata;
every article is its own independence key (no copies in the set).

System: the per-article analysis (headline blanked, see polnear.py),
`resolve_entities`, the content words of each headline and lead (`lead_words`,
as the stories step reads them from the store's title and text) and
`find_stories` over the articles of one half at a time
(halves by the SHA-256 of the article name: A for development, B held out),
then over all 357. B-cubed: per article, precision = share of its predicted
story that is in its gold story, recall = share of its gold story that is in
its predicted story; both averaged over articles, F1 from the two averages.
"A-in-all" is the run over all 357 scored on A's articles and stories only
(each predicted story cut down to its A articles): what the whole set's denser
weeks do to A's stories, without B's labels (a development view of "all").

Beside it, in the same run: every article alone (precision 1 by
construction) and a bag-of-words baseline (TF-IDF of lowercased word
unigrams, cosine >= 0.15 within 7 days, connected components; the threshold
is the best of 0.1/0.15/0.2/0.25 on half A, as storyline's were tuned on A).
SCStory reports B-cubed F1 0.877 on News14 (other data, orientation only).

--dense also scores half A made denser, so that a rule can be checked for
density without looking at B: the 567 PolNeAR train and dev articles that are
not labelled (2015-11..2016-05 election coverage, the same beat) are re-dated
26 weeks later (weekdays and weeks kept, so Dec..Apr lands on Jun..Oct) and
run with A's articles, half of them (by SHA-256 of the name) and all of them:
about 20 and 30 articles a week instead of 10 (all 357: 20). Only A's articles
are scored; a distractor in an A article's story counts against its
precision (another season's coverage is never the same development).
"""

from __future__ import annotations

import argparse
import hashlib
import math
import re
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import polnear  # noqa: E402

from storyline.resolve.entities import resolve_entities  # noqa: E402
from storyline.resolve.stories import StoryArticle, find_stories, lead_words  # noqa: E402

PUBLISHED = {"SCStory (News14, other data)": 0.877}
#: What --half may score: a half, all 357, or all 357 scored on A's articles only.
PARTS = ("A", "B", "all", "A-in-all")


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering `pred` against `gold` (item -> id)."""
    items = sorted(gold)
    pc: dict[str, set[str]] = {}
    gc: dict[str, set[str]] = {}
    for x in items:
        pc.setdefault(pred[x], set()).add(x)
        gc.setdefault(gold[x], set()).add(x)
    p = r = 0.0
    for x in items:
        both = len(pc[pred[x]] & gc[gold[x]])
        p += both / len(pc[pred[x]])
        r += both / len(gc[gold[x]])
    p, r = p / len(items), r / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def headline(article) -> str:
    """The file's first line: what storyline's text-dump extraction makes the title."""
    path = polnear.shared_data() / "polnear" / article.split / "text" / f"{article.name}.txt"
    return path.read_text(encoding="utf-8").split("\n", 1)[0]


def storyline_stories(articles, analyses, dates: dict[str, str] | None = None
                      ) -> dict[str, str]:
    entities = resolve_entities((a.name, an) for a, an in zip(articles, analyses, strict=True))
    counts: dict[str, Counter] = {a.name: Counter() for a in articles}
    for e in entities:
        for m in e.mentions:
            counts[m.article][e.id] += 1
    dates = dates or {}
    inputs = [StoryArticle(a.name, dates.get(a.name, a.published), a.name,
                           dict(counts[a.name]), lead_words(headline(a), a.text))
              for a in articles]
    return {x: s.id for s in find_stories(inputs) for x in s.articles}


#: Days the unlabelled articles are moved for --dense: 26 weeks.
DENSE_SHIFT = 182


def scored(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed over the labelled articles only; the other members of an article's
    predicted story (distractors) count against its precision."""
    size = Counter(pred.values())
    both = Counter((pred[x], gold[x]) for x in gold)
    gc = Counter(gold.values())
    p = sum(both[(pred[x], gold[x])] / size[pred[x]] for x in gold) / len(gold)
    r = sum(both[(pred[x], gold[x])] / gc[gold[x]] for x in gold) / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def dense_rows(articles, analyses, half, gold, cache: bool) -> None:
    """Half A with the unlabelled PolNeAR articles re-dated into its weeks."""
    names = sorted(n for n in polnear.metadata() if n not in gold)
    others = polnear.load(names)
    t0 = time.perf_counter()
    more = polnear.analyses(others, cache=cache)
    print(f"\ndense: {len(others)} unlabelled articles re-dated {DENSE_SHIFT} days later "
          f"(analysis {time.perf_counter() - t0:.1f}s); only A's articles scored")
    dates = {a.name: (date.fromisoformat(a.published) + timedelta(days=DENSE_SHIFT)).isoformat()
             for a in others}
    idx = [i for i, a in enumerate(articles) if half[a.name] == "A"]
    sub_gold = {articles[i].name: gold[articles[i].name] for i in idx}
    halfway = {a.name for a in others
               if int(hashlib.sha256(a.name.encode()).hexdigest(), 16) % 2 == 0}
    for tag, keep in (("A+D/2", halfway), ("A+D", set(names))):
        jdx = [j for j, a in enumerate(others) if a.name in keep]
        arts = [articles[i] for i in idx] + [others[j] for j in jdx]
        t1 = time.perf_counter()
        pred = storyline_stories(arts, [analyses[i] for i in idx] + [more[j] for j in jdx],
                                 dates)
        t2 = time.perf_counter()
        label = f"{tag} ({len(arts)})"
        for name, got in (("storyline", pred), ("every article alone",
                                                {a.name: a.name for a in arts})):
            p, r, f = scored(got, sub_gold)
            print(f"{label:<16}{name:<30}{100 * p:7.1f}{100 * r:7.1f}{100 * f:7.1f}")
            label = ""
        print(f"{'':<16}(storyline entities + stories: {t2 - t1:.2f}s)")


def words_baseline(articles, threshold: float = 0.15, days: int = 7) -> dict[str, str]:
    """TF-IDF cosine of word unigrams, single link within `days`."""
    bags = {a.name: Counter(re.findall(r"[a-z][a-z'-]+", a.text.casefold())) for a in articles}
    df = Counter(w for bag in bags.values() for w in bag)
    n = len(articles)
    vec = {}
    for name, bag in bags.items():
        weights = {w: (1 + math.log(c)) * math.log(n / df[w]) for w, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        vec[name] = {w: v / norm for w, v in weights.items() if v > 0}
    parent = {a.name: a.name for a in articles}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    day = {a.name: date.fromisoformat(a.published) for a in articles}
    names = sorted(parent)
    for i, x in enumerate(names):
        for y in names[i + 1 :]:
            if abs((day[x] - day[y]).days) > days:
                continue
            small, big = sorted((vec[x], vec[y]), key=len)
            if sum(v * big.get(w, 0.0) for w, v in small.items()) >= threshold:
                parent[find(y)] = find(x)
    return {x: find(x) for x in names}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-cache", action="store_true", help="redo the spaCy analysis")
    parser.add_argument("--dense", action="store_true",
                        help="also half A with re-dated unlabelled articles (denser weeks)")
    parser.add_argument("--half", nargs="+", choices=PARTS, default=list(PARTS),
                        metavar="PART", help="parts to score, of " + ", ".join(PARTS)
                        + " (default: all four; B is the held-out half)")
    args = parser.parse_args()
    gold = polnear.story_labels()
    articles = polnear.load(gold)
    t0 = time.perf_counter()
    analyses = polnear.analyses(articles, cache=not args.no_cache)
    t1 = time.perf_counter()
    half = polnear.halves(gold)
    n_stories = len({g for g in gold.values()})
    print(f"PolNeAR story set: {len(articles)} articles, {n_stories} gold stories "
          f"({sum(1 for g in Counter(gold.values()).values() if g > 1)} with more than one "
          f"article); analysis {t1 - t0:.1f}s")
    print(f"{'part':<16}{'system':<30}{'P':>7}{'R':>7}{'F1':>7}{'stories':>9}")
    runs: dict[str, tuple[list, float]] = {}  # the run over all 357 serves two parts
    for part in args.half:
        run_of = "all" if part == "A-in-all" else part
        idx = [i for i, a in enumerate(articles) if run_of == "all" or half[a.name] == run_of]
        arts = [articles[i] for i in idx]
        scored_on = "A" if part == "A-in-all" else run_of
        sub_gold = {a.name: gold[a.name] for a in arts
                    if scored_on == "all" or half[a.name] == scored_on}
        if run_of not in runs:
            t2 = time.perf_counter()
            rows = [("storyline", storyline_stories(arts, [analyses[i] for i in idx]))]
            t3 = time.perf_counter()
            rows += [("every article alone", {a.name: a.name for a in arts}),
                     ("words TF-IDF >= 0.15, 7 days", words_baseline(arts))]
            runs[run_of] = (rows, t3 - t2)
        rows, took = runs[run_of]
        label = f"{part} ({len(sub_gold)})"
        for name, pred in rows:
            p, r, f = bcubed(pred, sub_gold)
            print(f"{label:<16}{name:<30}{100 * p:7.1f}{100 * r:7.1f}{100 * f:7.1f}"
                  f"{len({pred[x] for x in sub_gold}):>9}")
            label = ""
        print(f"{'':<16}(storyline entities + stories over {len(arts)}: {took:.2f}s)")
    if args.dense:
        dense_rows(articles, analyses, half, gold, cache=not args.no_cache)
    print("\nPublished (other data): " + "; ".join(f"{k} B-cubed F1 {100 * v:.1f}"
                                                 for k, v in PUBLISHED.items()))


if __name__ == "__main__":
    main()
