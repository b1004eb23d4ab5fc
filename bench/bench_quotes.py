"""Quotes and reported speech: cue, source and content detection and speaker attribution.

Run: .venv/bin/python bench/bench_quotes.py [--split dev|train] [--limit N]
(data from ../shared/data/polnear, or $STORYLINE_SHARED/data/polnear).

The quote rules were developed on train; dev is held out from them. Dev is
split in two fixed halves (halves.py, SHA-256 of the article name): the
speaker rules of issue 13 were developed on half A, half B is held out; every
view is printed for A, B and the whole split.

Gold: PolNeAR brat files. An attribution is an `E` line with a Cue and a
Content (Source optional); spans may be discontinuous (fragments). Where an
article has several annotators' files, the first in sorted order is used.
A file's first line is its headline: storyline's text-dump extraction makes
it the title, so it is blanked before the analysis (offsets stay valid) and
the attributions whose cue is in it are left out.
Prediction: `extract_quotes` over `analyse_texts`; quotes sharing a cue are
one attribution (a quote split around "X said" is one attribution with two
content fragments); the source span is the quote's speaker span.

Matching, per article, one-to-one and greedy by best score:
- tokens are the `\\w+` tokens of a span, identified by position, so two
  spans overlap only where they cover the same words of the text;
- exact: the same token set (punctuation, quote marks and whitespace at the
  edges do not count; PolNeAR includes quote marks and "that" handling
  varies, so a leading "that" is dropped from both sides);
- overlap ratio r = |P & G| / max(|P|, |G|); "r>=0.3" is the Gender Gap
  Tracker's criterion, "any" counts any shared token.
Cue and source are scored as span sets (each distinct span once), content
per attribution. Speaker accuracy: among attributions whose content matches
at r>=0.3 and whose gold has a source, the predicted speaker is right when
it shares a token with the gold source or resolves to the same entity key
(the gold source's mention, or its pronoun through `resolve_pronoun`).

Speakers (dev, speech view; bench/labels/speakers.tsv): gold sources are
sorted into names ("Sen. Lindsey Graham", "The Post"), pronouns ("he",
"who") and descriptions ("the mayor", "officials"). A name is right when
the predicted speaker shares a word with it and is itself a name, or
resolves to an entity whose name fits it. Pronouns and descriptions were
resolved by reading: the referent's name, "-" for no single named entity
("officials", "a source"), "~X" when X or leaving it unlinked are both fine.
The predicted speaker is right when its resolved name fits the referent
(same surname, compatible given names; or the same organisation name), or
when it is left unlinked where the referent is "-" or "~X"; it is "unsure"
when it is left unlinked where a name was meant, and wrong otherwise. A
wrong speaker misleads more than an unsure one, so both are printed.

Views: "all" is every PolNeAR attribution (beliefs, polls, "according to",
titles); "quotes" keeps gold attributions whose content holds a quotation
mark and predicted direct/partial quotes (closest to what the Gender Gap
Tracker extracts); "speech" keeps gold whose cue contains a common speech
verb (list below) and predictions whose cue contains one. The anchors were measured on other
corpora (PARC 3.0, the GGT's own 98 articles): orientation, not the same test.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from halves import halves  # noqa: E402

from storyline.analyse import resolve_pronoun  # noqa: E402
from storyline.analyse.entities import ArticleAnalysis  # noqa: E402
from storyline.analyse.names import name_tokens  # noqa: E402
from storyline.analyse.nlp import analyse_texts  # noqa: E402
from storyline.analyse.quotes import KIND_INDIRECT, Quote, extract_quotes  # noqa: E402

ANCHORS = {  # published figures (F1 %, accuracy %)
    "Citron (PARC 3.0)": {"cue": 82.3, "source": 82.0, "content exact": 59.3,
                          "content overlap": 83.3},
    "Gender Gap Tracker (own set)": {"quote r>=0.3": 83.7, "speaker acc": 86.5},
}
SPEECH_CUE = re.compile(
    r"\b(?:say|says|said|saying|tell|tells|told|telling|according to|add|adds|added|adding|"
    r"note|notes|noted|write|writes|wrote|ask|asks|asked|warn|warned|explain|explained|"
    r"argue|argued|claim|claimed|insist|insisted|announce|announced|tweet|tweeted|state|"
    r"stated|acknowledge|acknowledged|continued|replied|recalled)\b", re.IGNORECASE)
_QUOTE_MARK = re.compile("[\"\u201c\u201d]|''")  # two apostrophes: some archives' mark

Frags = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Attribution:
    cue: Frags
    source: Frags
    content: Frags
    verb: str = ""
    key: str | None = None
    quoted: bool = False
    name: str | None = None  # the resolved speaker's fullest name in the article
    speaker: str | None = None  # the speaker as written


def shared_data() -> Path:
    """../shared/data next to the project, or $STORYLINE_SHARED/data."""
    root = os.environ.get("STORYLINE_SHARED")
    base = Path(root) if root else Path(__file__).resolve().parents[2] / "shared"
    return base / "data"


def parse_ann(lines: Iterable[str]) -> list[Attribution]:
    """Attributions (E lines with a cue and a content) of one brat file."""
    spans: dict[str, Frags] = {}
    out = []
    events = []
    for line in lines:
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            head = parts[1].split(" ", 1)
            if len(head) < 2:
                continue
            frags = []
            for piece in head[1].split(";"):
                a, b = piece.split()
                frags.append((int(a), int(b)))
            spans[parts[0]] = tuple(frags)
        elif parts[0].startswith("E"):
            events.append(parts[1])
    for event in events:
        roles: dict[str, Frags] = {}
        for item in event.split():
            role, _, ref = item.partition(":")
            if ref in spans:
                roles[role.split("-")[0]] = roles.get(role.split("-")[0], ()) + spans[ref]
        if "Cue" in roles and "Content" in roles:
            out.append(Attribution(roles["Cue"], roles.get("Source", ()), roles["Content"]))
    return out


def load_split(split: str, limit: int | None) -> list[tuple[str, str, list[Attribution]]]:
    root = shared_data() / "polnear" / split
    anns: dict[str, Path] = {}
    for path in sorted((root / "attributions").glob("*.ann")):
        anns.setdefault(re.sub(r"_[0-9a-f]+\.ann$", "", path.name), path)
    docs = []
    for path in sorted((root / "text").glob("*.txt")):
        ann = anns.get(path.stem)
        if ann is None:
            continue
        text = path.read_text(encoding="utf-8")
        headline = max(text.find("\n"), 0)
        text = " " * headline + text[headline:]  # the headline is the title, not body text
        gold = [g for g in parse_ann(ann.read_text(encoding="utf-8").splitlines())
                if min(s for s, _ in g.cue) >= headline]
        gold = [Attribution(g.cue, g.source, g.content,
                            quoted=any(_QUOTE_MARK.search(text[s:e]) for s, e in g.content))
                for g in gold]
        docs.append((path.stem, text, gold))
    return docs[:limit] if limit else docs


def predicted(quotes: tuple[Quote, ...]) -> list[Attribution]:
    """Quotes grouped by cue into attributions (split quotes become fragments)."""
    by_cue: dict[tuple[int, int], list[Quote]] = {}
    for q in quotes:
        by_cue.setdefault((q.cue_start, q.cue_end), []).append(q)
    out = []
    for (cs, ce), group in sorted(by_cue.items()):
        first = group[0]
        source = ((first.speaker_start, first.speaker_end),) if first.speaker_start is not None \
            else ()
        out.append(Attribution(((cs, ce),), source, tuple((q.start, q.end) for q in group),
                               first.verb, first.speaker_key,
                               any(q.kind != KIND_INDIRECT for q in group),
                               first.speaker_name if first.speaker_key else None,
                               first.speaker_text))
    return out


def tokens(text: str, frags: Frags) -> frozenset[int]:
    """Positions of the word tokens a span covers, less a leading "that"."""
    found = []
    for s, e in frags:
        found += [(m.start() + s, m.group()) for m in re.finditer(r"\w+", text[s:e])]
    found.sort()
    if found and found[0][1].casefold() == "that":
        found = found[1:]
    return frozenset(p for p, _ in found)


def ratio(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / max(len(a), len(b)) if a and b else 0.0


def match(pred: list[frozenset[int]], gold: list[frozenset[int]], ok) -> list[tuple[int, int]]:
    """Greedy one-to-one matching by best overlap among pairs that satisfy `ok`."""
    pairs = sorted(((ratio(p, g), i, j) for i, p in enumerate(pred) for j, g in enumerate(gold)
                    if ok(p, g)), reverse=True)
    used_p, used_g, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


CRITERIA = {
    "exact": lambda p, g: p == g and bool(p),
    "r>=0.5": lambda p, g: ratio(p, g) >= 0.5,
    "r>=0.3": lambda p, g: ratio(p, g) >= 0.3,
    "any": lambda p, g: bool(p & g),
}


class Score:
    def __init__(self) -> None:
        self.tp = self.np = self.ng = 0

    def add(self, tp: int, np: int, ng: int) -> None:
        self.tp, self.np, self.ng = self.tp + tp, self.np + np, self.ng + ng

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.np if self.np else 0.0
        r = self.tp / self.ng if self.ng else 0.0
        return 100 * p, 100 * r, 100 * (2 * p * r / (p + r) if p + r else 0.0)


def gold_key(analysis: ArticleAnalysis, source: Frags) -> str | None:
    """Entity key of a gold source: a pronoun resolved, else the last mention inside it."""
    if not source:
        return None
    s, e = source[0]
    word = analysis.text[s:e].strip().casefold()
    if word in {"he", "she", "they", "it", "his", "her", "their"}:
        return resolve_pronoun(analysis, s)
    inside = [m for m in analysis.mentions if m.entity_key and s <= m.start and m.end <= e
              and m.label in {"PERSON", "ORG", "GPE", "NORP"}]
    return inside[-1].entity_key if inside else None


def evaluate(docs, analyses, view: str) -> dict[str, object]:
    scores = {f"{c} {k}": Score() for c in ("cue", "source", "content") for k in CRITERIA}
    speaker_right = speaker_total = 0
    for (_, text, gold_all), analysis in zip(docs, analyses, strict=True):
        gold, pred = view_of(view, text, gold_all, predicted(extract_quotes(analysis)))
        for part in ("cue", "source"):
            p_sets = list({tokens(text, getattr(a, part)) for a in pred if getattr(a, part)})
            g_sets = list({tokens(text, getattr(a, part)) for a in gold if getattr(a, part)})
            p_sets = [s for s in p_sets if s]
            g_sets = [s for s in g_sets if s]
            for name, ok in CRITERIA.items():
                tp = len(match(p_sets, g_sets, ok))
                scores[f"{part} {name}"].add(tp, len(p_sets), len(g_sets))
        p_sets = [tokens(text, a.content) for a in pred]
        g_sets = [tokens(text, a.content) for a in gold]
        for name, ok in CRITERIA.items():
            pairs = match(p_sets, g_sets, ok)
            scores[f"content {name}"].add(len(pairs), len(p_sets), len(g_sets))
            if name != "r>=0.3":
                continue
            for i, j in pairs:
                g = gold[j]
                if not g.source:
                    continue
                speaker_total += 1
                p = pred[i]
                right = bool(p.source and tokens(text, p.source) & tokens(text, g.source))
                key = gold_key(analysis, g.source)
                right = right or (key is not None and key == p.key)
                speaker_right += right
    result: dict[str, object] = {k: v.prf() for k, v in scores.items()}
    result["speaker acc"] = 100 * speaker_right / speaker_total if speaker_total else 0.0
    result["speaker n"] = speaker_total
    return result


def view_of(view: str, text: str, gold: list[Attribution], pred: list[Attribution]):
    """The gold and predicted attributions a view keeps."""
    if view == "quotes":
        return [g for g in gold if g.quoted], [p for p in pred if p.quoted]
    if view == "speech":
        return ([g for g in gold if any(SPEECH_CUE.search(text[s:e]) for s, e in g.cue)],
                [p for p in pred if any(SPEECH_CUE.search(text[s:e]) for s, e in p.cue)])
    return gold, pred


_PRONOUN_SOURCES = frozenset("he she they it we i you who him her them".split())
_DETERMINER = frozenset("the a an this that these those his her its their one some two three "
                        "another other many most several".split())


def source_kind(source: str) -> str:
    """"pronoun", "name" (a capitalised word after any determiner) or "description"."""
    if source.strip().casefold() in _PRONOUN_SOURCES:
        return "pronoun"
    words = re.findall(r"[\w'\u2019.-]+", source)
    while words and words[0].casefold() in _DETERMINER:
        words = words[1:]
    return "name" if any(w[0].isupper() and w != "I" for w in words) else "description"


def _name_words(name: str) -> list[str]:
    words = [w for w in name_tokens(name) if w not in {"the", "of", "and", "for", "on", "mr",
                                                      "mrs", "ms", "dr", "sen", "rep", "gov"}]
    return words


def fits(predicted: str | None, referent: str) -> bool:
    """Whether a resolved speaker name denotes the labelled referent.

    The same name up to case and accents; or the same surname with compatible
    given names (an initial fits); or, for organisations, all words of the
    shorter inside the longer ("the Commission on Presidential Debates");
    or an acronym of the other ("IMF")."""
    if not predicted:
        return False
    p, r = _name_words(predicted), _name_words(referent)
    if not p or not r:
        return False
    if p == r:
        return True
    if p[-1] == r[-1] and (len(p) == 1 or len(r) == 1 or p[0][0] == r[0][0]):
        return True
    short, long_ = sorted((p, r), key=len)
    if set(short) <= set(long_) and short[-1] in long_:
        return True
    initials = "".join(w[0] for w in long_)
    return len(short) == 1 and short[0] == initials


def load_speaker_labels() -> dict[tuple[str, int], str]:
    path = Path(__file__).resolve().parent / "labels" / "speakers.tsv"
    out = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row and not row[0].startswith("#"):
                out[(row[1], int(row[2]))] = row[4]
    return out


def speaker_outcomes(docs, analyses, labels, errors: list | None = None) -> dict[str, list[str]]:
    """Per source kind, "right" / "unsure" / "wrong" for each matched speech attribution.

    With `errors`, every outcome that is not right is appended to it with its context."""
    out: dict[str, list[str]] = {"name": [], "pronoun": [], "description": []}
    for (name, text, gold_all), analysis in zip(docs, analyses, strict=True):
        gold, pred = view_of("speech", text, gold_all, predicted(extract_quotes(analysis)))
        pairs = match([tokens(text, a.content) for a in pred],
                      [tokens(text, a.content) for a in gold], CRITERIA["r>=0.3"])
        for i, j in pairs:
            g, p = gold[j], pred[i]
            if not g.source:
                continue
            s, e = g.source[0]
            kind = source_kind(text[s:e])
            if kind == "name":
                shares = bool(p.source and tokens(text, p.source) & tokens(text, g.source))
                is_name = bool(p.speaker and source_kind(p.speaker) == "name")
                if (shares and is_name) or fits(p.name, text[s:e]):
                    out[kind].append("right")
                else:
                    out[kind].append("unsure" if not p.speaker else "wrong")
                    if errors is not None:
                        errors.append((out[kind][-1], kind, text[s:e], p.speaker, p.name,
                                       text[max(0, s - 160) : p.cue[0][1] + 20]))
                continue
            referent = labels.get((name, s))
            if referent is None:
                continue
            loose = referent.startswith("~")
            referent = referent.lstrip("~")
            if p.name is None:
                outcome = "right" if referent == "-" or loose else "unsure"
            elif referent != "-" and fits(p.name, referent):
                outcome = "right"
            else:
                outcome = "wrong"
            out[kind].append(outcome)
            if errors is not None and outcome != "right":
                errors.append((outcome, kind, f"{text[s:e]} = {referent}", p.speaker, p.name,
                               text[max(0, s - 160) : p.cue[0][1] + 20]))
    return out


def print_speakers(outcomes: dict[str, list[str]], label: str) -> None:
    for kind, group in (("names", outcomes["name"]),
                        ("pronouns + descriptions", outcomes["pronoun"] + outcomes["description"]),
                        ("  pronouns", outcomes["pronoun"]),
                        ("  descriptions", outcomes["description"])):
        n = len(group) or 1
        print(f"{label:<10}{kind:<26}{100 * group.count('right') / n:8.1f}"
              f"{100 * group.count('unsure') / n:8.1f}{100 * group.count('wrong') / n:8.1f}"
              f"{len(group):>6}")
        label = ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--speaker-errors", action="store_true",
                        help="list the wrong and unsure speakers of dev half A only")
    args = parser.parse_args()
    docs = load_split(args.split, args.limit)
    t0 = time.perf_counter()
    analyses = list(analyse_texts(text for _, text, _ in docs))
    t1 = time.perf_counter()
    for a in analyses:
        extract_quotes(a)
    t2 = time.perf_counter()
    n_gold = sum(len(g) for _, _, g in docs)
    words = sum(len(t.split()) for _, t, _ in docs)
    print(f"PolNeAR {args.split}: {len(docs)} articles, {n_gold} gold attributions, "
          f"{words} words; analysis {t1 - t0:.1f}s, quote rules {t2 - t1:.2f}s "
          f"({words / max(t2 - t1, 1e-9):,.0f} words/s)")
    print("Matching: tokens by position; exact = same tokens; r = |P&G|/max(|P|,|G|); "
          "P/R/F1 in %.")
    half = halves(name for name, _, _ in docs)
    parts = [("all", list(range(len(docs))))]
    if args.split == "dev":
        parts = [(h, [i for i, d in enumerate(docs) if half[d[0]] == h]) for h in ("A", "B")] \
            + parts
    for view in ("all", "speech", "quotes"):
        results = [(part, evaluate([docs[i] for i in idx], [analyses[i] for i in idx], view))
                   for part, idx in parts]
        print(f"\n== view: {view} ==")
        print(f"{'measure':<22}" + "".join(f"{'P':>7}{'R':>7}{'F1 ' + part:>10}"
                                           for part, _ in results))
        for key, value in results[0][1].items():
            if isinstance(value, tuple):
                print(f"{key:<22}" + "".join(f"{r[key][0]:7.1f}{r[key][1]:7.1f}{r[key][2]:10.1f}"
                                             for _, r in results))
        print(f"{'speaker accuracy':<22}" + "".join(
            f"{r['speaker acc']:14.1f}{'(n=' + str(r['speaker n']) + ')':>10}"
            for _, r in results) + "  (content matched at r>=0.3)")
    if args.split == "dev" and not args.limit:
        labels = load_speaker_labels()
        print("\n== speakers of speech attributions (dev; content matched at r>=0.3) ==")
        print(f"{'part':<10}{'source':<26}{'right':>8}{'unsure':>8}{'wrong':>8}{'n':>6}")
        for part, idx in parts:
            print_speakers(speaker_outcomes([docs[i] for i in idx], [analyses[i] for i in idx],
                                            labels), part)
        print("Goals (issue 13): names >= 95.0 right; pronouns and descriptions >= 80.0 right.")
        if args.speaker_errors:
            errors: list = []
            idx = [i for i, d in enumerate(docs) if half[d[0]] == "A"]
            speaker_outcomes([docs[i] for i in idx], [analyses[i] for i in idx], labels, errors)
            for outcome, kind, gold, spoken, name, context in errors:
                context = context.replace("\n", " / ")
                print(f"- {outcome} {kind}: gold {gold!r}; predicted {spoken!r} -> {name!r}\n"
                      f"    ...{context}")
    print("\n== published anchors (other corpora) ==")
    for name, figures in ANCHORS.items():
        print(f"{name:<30}" + "  ".join(f"{k} {v:.1f}" for k, v in figures.items()))
    print("Comparable rows: Citron cue/source ~ 'all' cue/source any; content exact/overlap ~ "
          "content exact / r>=0.5 (PARC marks all attributions like PolNeAR); GGT quote F1 ~ "
          "'speech' or 'quotes' content r>=0.3, GGT speaker acc ~ speaker accuracy.")


if __name__ == "__main__":
    main()
