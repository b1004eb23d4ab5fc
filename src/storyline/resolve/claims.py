"""Claims about the same quantity across articles: grouped, then checked for agreement.

A quantity is a measure of a subject: what is counted or measured (the
claim's `counted_key`, its kind and unit), who or what it is about (the
claim's subject: a canonical entity when the pipeline gives one, else its
name), and, for shares and poll leads, the poll they come from. Claims group
only when all of these match; a claim with nothing counted, or whose subject
or poll is missing while others name one, stays apart (a group of its own).
Within a group only independent sources count: copies of one story share an
independence key and never make an agreement or a conflict by themselves.
A group's `agreement` is

- "single": one independent source;
- "agree": every pair from different sources overlaps within its qualifiers;
- "series": values change monotonically over distinct times (1,000
  containers by October, 7,000 by March), same-time claims agree;
- "conflict": the same subject, measure and time (the same stated time, or
  the same publication day when neither states one) with incompatible
  intervals from independent sources;
- "unsure": the values differ but the claims cannot be told apart or put
  in order: no subject is named, the share comes from no named poll, or
  the values go up and down over time. Never a conflict.

Every group carries its `reason`: which fields matched and which differed.
Pure and deterministic: ids are content hashes, output order is sorted.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from storyline.analyse import gazetteer
from storyline.analyse.claims import Claim

SINGLE, SERIES, AGREE, CONFLICT, UNSURE = "single", "series", "agree", "conflict", "unsure"
#: Values within this relative distance count as the same value in a series.
SAME_VALUE = 0.05
#: A series whose values span more than this factor is more likely two measures.
MAX_SERIES_RATIO = 10.0
#: Units of shares and poll margins: they are a property of the poll that measured them.
POLL_UNITS = frozenset({"%", "pt", "pp"})


@dataclass(frozen=True, slots=True)
class ClaimItem:
    """One article's claim with its corpus-level context.

    `source_id` is the canonical entity id of the claim's source (or None);
    `independence_key` is shared by copies of one story; `as_of` is an ISO
    date (or interval start) the figure holds as of, or None; `subject_id` the
    canonical entity id of the claim's subject (None: its name is compared).
    """

    article_id: str
    claim: Claim
    source_id: str | None = None
    independence_key: str = ""
    as_of: str | None = None
    subject_id: str | None = None


@dataclass(frozen=True, slots=True)
class GroupedClaim:
    """A claim as it stands in a group: where it is, what it says, who says it, when."""

    article_id: str
    start: int
    end: int
    value: float
    low: float | None
    high: float | None
    qualifier: str | None
    source_id: str | None
    source_text: str | None
    independence_key: str
    as_of: str | None
    sentence_start: int | None = None
    sentence_end: int | None = None
    subject_text: str | None = None
    time_stated: bool = False


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Claims about one quantity, with the number of independent sources, their verdict
    and the reason for it (which fields matched, which differed)."""

    id: str
    counted: str
    counted_key: str
    kind: str
    unit: str | None
    claims: tuple[GroupedClaim, ...]
    n_sources: int
    agreement: str
    subject: str | None = None
    reason: str = ""


def _item(raw: ClaimItem | tuple) -> ClaimItem:
    if isinstance(raw, ClaimItem):
        return raw
    article_id, claim, source_id, independence_key, as_of, *rest = raw
    return ClaimItem(article_id, claim, source_id, independence_key or article_id, as_of,
                     rest[0] if rest else None)


def _name_key(name: str | None) -> str:
    """A person's or body's name for comparison across articles: its last word."""
    words = re.findall(r"[a-z0-9]+", (name or "").casefold())
    return words[-1] if words else ""


def _subject_of(item: ClaimItem) -> str:
    if item.subject_id:
        return "id:" + item.subject_id
    return "name:" + _name_key(item.claim.subject_text) if item.claim.subject_text else ""


def _block_key(item: ClaimItem) -> tuple[str, str, str, str]:
    """(measure, kind, unit, poll): what must match for two claims to be compared."""
    c = item.claim
    poll = (c.survey or "?") if (c.unit or "") in POLL_UNITS else ""
    return c.counted_key, c.kind, c.unit or "", poll


def _by_subject(items: list[ClaimItem]) -> list[tuple[str, list[ClaimItem]]]:
    """Claims of one measure split by subject. Claims that name none join the one subject
    the others name ("+?": partly unknown, so never a conflict); with several subjects
    named they stay apart, and are compared only with each other."""
    named: dict[str, list[ClaimItem]] = {}
    unnamed: list[ClaimItem] = []
    for item in items:
        subject = _subject_of(item)
        if subject:
            named.setdefault(subject, []).append(item)
        else:
            unnamed.append(item)
    if len(named) == 1 and unnamed:
        (subject, members), = named.items()
        return [(subject + "+?", members + unnamed)]
    out = sorted(named.items())
    if unnamed:
        out += [("", part) for part in _split_by_context(unnamed)]
    return out


def _split_by_context(items: list[ClaimItem]) -> list[list[ClaimItem]]:
    """Claims that name no subject are compared across sources only with a reason to think
    they count one thing: their sentences share a name, or they give one value too
    particular to meet by chance ("2,383 delegates"). "3 people" in a story on a rally
    and "5 people" in one on a shooting stay apart (they made "people" groups of a dozen
    unrelated articles, each UNSURE); a source's own claims stay together."""
    clusters: list[tuple[set[str], set[str], set[float], list[ClaimItem]]] = []
    for item in items:
        context = set(item.claim.context)
        value = _particular(item.claim)
        for names, keys, values, members in clusters:
            if names & context or item.independence_key in keys or value in values:
                members.append(item)
                names |= context
                keys.add(item.independence_key)
                if value is not None:
                    values.add(value)
                break
        else:
            clusters.append((context, {item.independence_key},
                             {value} if value is not None else set(), [item]))
    return [members for *_, members in clusters]


#: A figure at least this large, given exactly, is too particular to meet by chance.
PARTICULAR = 100


def _particular(claim: Claim) -> float | None:
    """The claim's value when it is one figure of `PARTICULAR` or more (see `_specific`)."""
    exact = claim.low is None and claim.high is None or claim.low == claim.high
    return claim.value if exact and abs(claim.value) >= PARTICULAR else None


def _bounds(c: GroupedClaim) -> tuple[float, float]:
    low = c.low if c.low is not None else float("-inf")
    high = c.high if c.high is not None else float("inf")
    return low, high


def _overlap(a: GroupedClaim, b: GroupedClaim) -> bool:
    a_lo, a_hi = _bounds(a)
    b_lo, b_hi = _bounds(b)
    return a_lo <= b_hi and b_lo <= a_hi


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= SAME_VALUE * max(abs(a), abs(b), 1e-9)


def _fmt(v: float) -> str:
    """A figure in a verdict's reason (stored with the group: four significant digits)."""
    return f"{v:,.0f}" if v == int(v) else f"{v:,.4g}"


def format_value(v: float) -> str:
    """A figure as a reader writes it: 11,700,000, 1,234.57 and 0.00012, never 1.17e+07."""
    if v == int(v):
        return f"{v:,.0f}"
    return f"{v:,.2f}".rstrip("0").rstrip(".") if abs(v) >= 1 else f"{v:.4g}"


def _values(claims: list[GroupedClaim]) -> str:
    return ", ".join(sorted({_fmt(c.value) for c in claims}, key=lambda x: float(
        x.replace(",", ""))))


#: What a figure counts when it names no one measure: money with no noun of what it is
#: for, people counted only as people (or by nationality, `_generic`). Two such figures
#: at two times are as likely two measures ("$200,000" and "$2 million" said of one man,
#: "2 million" and "17 million Americans" of one president) as one that moved.
_GENERIC_COUNTED = frozenset({"dollar", "euro", "pound", "yen", "yuan", "people", "person"})


def _generic(counted_key: str) -> bool:
    return counted_key in _GENERIC_COUNTED or gazetteer.demonym_code(counted_key) is not None


def _agreement(claims: list[GroupedClaim], kind: str = "", subject: str = "name:",
               poll: str = "", counted: str = "") -> tuple[str, str]:
    """The verdict of one group's (deduplicated) claims and its reason. `subject` is the
    group's subject key ("" none named, ending "+?" when some claims name none);
    `counted`: the key of what it counts."""
    if len({c.independence_key for c in claims}) < 2:
        return SINGLE, "one independent source"
    if kind == "ordinal":
        return _ordinal_agreement(claims)
    facts = _pair_facts(claims)
    matched = ["measure", "kind", "unit"] + (["subject"] if subject else []) + (
        ["poll"] if poll and poll != "?" else [])
    spread = facts.spread
    # a figure moves over time only when every report says whose it is: "40" in one
    # article and Schilling's "20" in another are no series of his
    series = _series(claims) if subject and not subject.endswith("+?") and poll != "?" \
        and not spread else ""
    if series and _generic(counted):
        return UNSURE, (f"matched: {', '.join(matched)}; differed: time and value "
                        f"({series}): one way over time, but what is counted names no one "
                        "measure, so they may be different figures, not one that changed")
    if series:
        return SERIES, (f"matched: {', '.join(matched)}; differed: time and value "
                        f"({series})")
    if facts.all_overlap:
        if not subject and not _specific(claims):
            return UNSURE, (f"matched: {', '.join(matched)}; values agree ({_values(claims)}) "
                            "but no subject is named, so they may count different things")
        return _compatible(claims, facts.later, spread, matched)
    if not subject:
        return UNSURE, (f"matched: {', '.join(matched)}; differed: value ({_values(claims)}); "
                        "no subject is named, so they may count different things")
    if poll == "?":
        return UNSURE, (f"matched: {', '.join(matched)}; differed: value ({_values(claims)}); "
                        "no poll is named, so they may come from different polls")
    if subject.endswith("+?"):
        return UNSURE, (f"matched: {', '.join(matched)}; differed: value ({_values(claims)}); "
                        "some reports name no subject, so they may count different things")
    if facts.clash:
        a, b = facts.clash
        when = a.as_of if a.time_stated and b.time_stated else f"published {a.as_of}"
        return CONFLICT, (f"matched: {', '.join(matched)}, time ({when}); differed: value "
                          f"({_fmt(a.value)} vs {_fmt(b.value)}, incompatible)")
    return UNSURE, (f"matched: {', '.join(matched)}; differed: time and value "
                    f"({_values(claims)}), not in one direction over time")


Pair = tuple[GroupedClaim, GroupedClaim]
#: Groups up to this many claims have their pairs listed; larger ones are scanned
#: row by row with arrays (a measure named across years gathers thousands of claims).
LISTED_PAIRS = 150


@dataclass(frozen=True)
class _PairFacts:
    """What `_agreement` asks of the pairs (a, b) of claims from different sources, a
    before b in the group's order: whether all their intervals meet; those given for
    one date with different figures (in pair order); the first pair that clashes (no
    overlap, the same time); and of the pairs of different figures at different dates,
    the one with the earliest dates (the first such in pair order)."""

    all_overlap: bool
    spread: list[Pair]
    clash: Pair | None
    later: Pair | None


def _pair_facts(claims: list[GroupedClaim]) -> _PairFacts:
    return _listed_facts(claims) if len(claims) <= LISTED_PAIRS else _scanned_facts(claims)


def _listed_facts(claims: list[GroupedClaim]) -> _PairFacts:
    """`_PairFacts` over the listed pairs: the rule as written."""
    pairs = [(a, b) for i, a in enumerate(claims) for b in claims[i + 1 :]
             if a.independence_key != b.independence_key]
    later = [(a, b) for a, b in pairs if a.as_of and b.as_of and a.as_of != b.as_of
             and not _same_value(a.value, b.value)]
    clash = [(a, b) for a, b in pairs if not _overlap(a, b) and _same_time(a, b)]
    return _PairFacts(
        all(_overlap(a, b) for a, b in pairs), _same_time_spread(pairs),
        clash[0] if clash else None,
        min(later, key=lambda p: (p[0].as_of or "", p[1].as_of or "")) if later else None)


def _scanned_facts(claims: list[GroupedClaim]) -> _PairFacts:
    """`_PairFacts` computed row by row over arrays: the same answer as `_listed_facts`
    (the same float operations, the same pair order) in linear memory."""
    n = len(claims)
    keys: dict[str, int] = {}
    key = np.array([keys.setdefault(c.independence_key, len(keys)) for c in claims])
    lo = np.array([_bounds(c)[0] for c in claims], dtype=float)
    hi = np.array([_bounds(c)[1] for c in claims], dtype=float)
    value = np.array([c.value for c in claims], dtype=float)
    size = np.abs(value)
    code = {d: k for k, d in enumerate(sorted({c.as_of for c in claims if c.as_of is not None}))}
    asof = np.array([-1 if c.as_of is None else code[c.as_of] for c in claims])
    dated = np.array([bool(c.as_of) for c in claims])
    stated = np.array([c.time_stated for c in claims])
    all_overlap, spread = True, []
    clash: Pair | None = None
    later: Pair | None = None
    best: tuple[int, int] | None = None
    for i in range(n - 1):
        j = slice(i + 1, n)
        other = key[j] != key[i]
        if not other.any():
            continue
        meet = (lo[i] <= hi[j]) & (lo[j] <= hi[i])
        if all_overlap and (other & ~meet).any():
            all_overlap = False
        same = np.abs(value[i] - value[j]) <= SAME_VALUE * np.maximum(
            np.maximum(size[i], size[j]), 1e-9)
        if asof[i] >= 0:
            at = other & (asof[j] == asof[i])
            spread += [(claims[i], claims[i + 1 + k]) for k in np.flatnonzero(at & ~same)]
            if clash is None:
                hit = np.flatnonzero(at & ~meet & (stated[j] == stated[i]))
                if hit.size:
                    clash = (claims[i], claims[i + 1 + hit[0]])
        if dated[i]:
            ks = np.flatnonzero(other & dated[j] & (asof[j] != asof[i]) & ~same)
            if ks.size:
                k = ks[np.argmin(asof[j][ks])]  # the first of the earliest
                if best is None or (asof[i], asof[i + 1 + k]) < best:
                    best = (int(asof[i]), int(asof[i + 1 + k]))
                    later = (claims[i], claims[i + 1 + k])
    return _PairFacts(all_overlap, spread, clash, later)


def _stated(c: GroupedClaim) -> str:
    """The figure as written: "at least 4,500", "about 7,000"."""
    return f"{c.qualifier} {_fmt(c.value)}" if c.qualifier else _fmt(c.value)


def _same_time_spread(pairs: list[tuple[GroupedClaim, GroupedClaim]]
                      ) -> list[tuple[GroupedClaim, GroupedClaim]]:
    """Pairs from different sources given for the same date whose values differ, although
    their intervals may meet ("at least 4,500" and "about 7,000" on one day): two ways of
    counting, not a change over time."""
    return [(a, b) for a, b in pairs if a.as_of is not None and a.as_of == b.as_of
            and not _same_value(a.value, b.value)]


def _compatible(claims: list[GroupedClaim], later: Pair | None,
                spread: list[Pair], matched: list[str]) -> tuple[str, str]:
    """The verdict of claims whose intervals all meet. The same figure (within 5%), or
    different figures given for one date, agree (the reason says when they are compatible
    rather than equal); different figures at different dates that are not a series are
    "unsure": a bound ("at least 175") meets any later, larger figure without confirming it.
    `later`: the first pair of different figures at different dates (`_PairFacts`)."""
    fields = ", ".join(matched)
    if spread:
        # the closest two figures: most likely one quantity counted two ways
        low, high = min((sorted((a, b), key=lambda c: (c.value, c.qualifier or ""))
                         for a, b in spread),
                        key=lambda p: (_ratio(p[0].value, p[1].value), p[0].as_of or "",
                                       p[0].value, p[1].value))
        same_day = (f"{_stated(low)} vs {_stated(high)} for {low.as_of}, compatible within "
                    "their qualifiers, not the same figure")
        if not later:
            return AGREE, f"matched: {fields}, time ({low.as_of}); values differ ({same_day})"
        return UNSURE, (f"matched: {fields}; differed: value for the same date ({same_day}) "
                        f"and over time ({_by_time(claims)}), so a change over time cannot "
                        "be told from two ways of counting")
    if later:
        a, b = later
        first, second = sorted((a, b), key=lambda c: c.as_of or "")
        return UNSURE, (f"matched: {fields}; differed: time and value ({_stated(first)} for "
                        f"{first.as_of}, {_stated(second)} for {second.as_of}), compatible "
                        "within their qualifiers but not the same figure, nor a series")
    return AGREE, f"matched: {fields}, value ({_values(claims)})"


def _ratio(a: float, b: float) -> float:
    return max(abs(a), abs(b)) / max(min(abs(a), abs(b)), 1e-9)


def _by_time(claims: list[GroupedClaim]) -> str:
    """ "1,000 (2030-09-01); 4,500 and 7,000 (2031-06-19)": the dated values in time order."""
    by_time: dict[str, list[GroupedClaim]] = {}
    for c in claims:
        if c.as_of:
            by_time.setdefault(c.as_of, []).append(c)
    return "; ".join(f"{_values(by_time[t]).replace(', ', ' and ')} ({t})"
                     for t in sorted(by_time))


def _specific(claims: list[GroupedClaim]) -> bool:
    """Values too particular to match by chance ("2,383 delegates"), all equal."""
    values = {c.value for c in claims}
    return len(values) == 1 and abs(next(iter(values))) >= PARTICULAR and all(
        c.low == c.high for c in claims)


def _same_time(a: GroupedClaim, b: GroupedClaim) -> bool:
    """The same stated time, or the same day of publication when neither states one."""
    return a.as_of is not None and a.as_of == b.as_of and a.time_stated == b.time_stated


def _series(claims: list[GroupedClaim]) -> str:
    """ "547 (2016-06-04) -> 571 (2016-06-06)" when the values move one way over time:
    at each time the claims must agree (their intervals meet), and what they allow
    together must rise (or fall) from one time to the next."""
    dated = [c for c in claims if c.as_of]
    if len({c.as_of for c in dated}) < 2 or not all(
            any(_overlap(u, d) for d in dated) for u in claims if not u.as_of):
        return ""  # an undated claim must fit one of the dated ones
    by_time: dict[str, list[GroupedClaim]] = {}
    for c in dated:
        by_time.setdefault(c.as_of or "", []).append(c)
    times = sorted(by_time)
    values = []
    for t in times:
        low = max(_bounds(c)[0] for c in by_time[t])
        high = min(_bounds(c)[1] for c in by_time[t])
        if low > high:
            return ""  # claims for the same time disagree
        values.append((low + high) / 2 if high != float("inf") and low != float("-inf")
                      else low if low != float("-inf") else high)
    if min(values) <= 0 or max(values) > MAX_SERIES_RATIO * min(values):
        return ""  # "67 delegates" and "2,383 delegates": more likely two measures
    steps = [b - a for a, b in zip(values, values[1:], strict=False) if not _same_value(a, b)]
    if not steps or not (all(s > 0 for s in steps) or all(s < 0 for s in steps)):
        return ""
    return " -> ".join(f"{_values(by_time[t]).replace(', ', ' and ')} ({t})" for t in times)


def _ordinal_agreement(claims: list[GroupedClaim]) -> tuple[str, str]:
    """Ordinals count occasions, which grow over time ("second meeting", later "third
    meeting"): different ordinals conflict only when given for the same date."""
    values = {c.value for c in claims}
    if len(values) == 1:
        return AGREE, f"matched: measure, value ({_values(claims)})"
    by_date: dict[str, set[float]] = {}
    for c in claims:
        if c.as_of:
            by_date.setdefault(c.as_of, set()).add(c.value)
    if any(len(v) > 1 for v in by_date.values()):
        return CONFLICT, f"matched: measure, time; differed: value ({_values(claims)})"
    return SERIES, f"matched: measure; differed: value and time ({_values(claims)})"


def _group_id(key: tuple[str, ...], claims: list[GroupedClaim]) -> str:
    canon = "|".join(key[:3]) + "||" + ";".join(
        f"{c.article_id}:{c.start}:{c.end}" for c in claims)
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()[:16]


def _grouped(item: ClaimItem) -> GroupedClaim:
    c = item.claim
    return GroupedClaim(item.article_id, c.start, c.end, c.value, c.low, c.high, c.qualifier,
                        item.source_id, c.source_text, item.independence_key or item.article_id,
                        item.as_of, c.sentence_start, c.sentence_end, c.subject_text,
                        bool(c.as_of_value))


def _dedupe(claims: list[GroupedClaim]) -> list[GroupedClaim]:
    """One claim per (source, value, interval, time) within an independence key: copies."""
    seen: set[tuple] = set()
    out = []
    for c in claims:
        key = (c.independence_key, c.value, c.low, c.high, c.as_of)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def group_claims(items: Iterable[ClaimItem | tuple]) -> list[ClaimGroup]:
    """Group claims about the same quantity and judge agreement among independent sources.

    Items are `ClaimItem`s or tuples (article_id, claim, source_id,
    independence_key, as_of[, subject_id]). Every claim ends up in exactly one
    group; a claim with nothing counted is a group of its own.
    """
    blocks: dict[tuple[str, ...], list[ClaimItem]] = {}
    alone: list[ClaimItem] = []
    for raw in items:
        item = _item(raw)
        if not item.claim.counted_key:
            alone.append(item)
            continue
        blocks.setdefault(_block_key(item), []).append(item)
    groups: list[ClaimGroup] = []
    for key in sorted(blocks):
        ordered = sorted(blocks[key], key=lambda it: (it.article_id, it.claim.start,
                                                      it.claim.end))
        for subject, members in _by_subject(ordered):
            groups.append(_make_group((*key[:3], subject, key[3]), members))
    for item in sorted(alone, key=lambda it: (it.article_id, it.claim.start, it.claim.end)):
        groups.append(_make_group(("", item.claim.kind, item.claim.unit or "", "", ""), [item],
                                  "nothing counted: not compared with other claims"))
    return sorted(groups, key=lambda g: (g.counted_key, g.kind, g.unit or "", g.id))


def _make_group(key: tuple[str, ...], members: list[ClaimItem], reason: str = "") -> ClaimGroup:
    claims = [_grouped(it) for it in members]
    counted = Counter(it.claim.counted for it in members).most_common()
    best = min(counted, key=lambda kv: (-kv[1], kv[0]))[0]
    subjects = Counter(it.claim.subject_text for it in members if it.claim.subject_text)
    subject = min(subjects.items(), key=lambda kv: (-kv[1], kv[0]))[0] if subjects else None
    agreement, why = _agreement(_dedupe(claims), key[1], key[3], key[4], key[0])
    return ClaimGroup(
        id=_group_id(key, claims), counted=best, counted_key=key[0], kind=key[1],
        unit=key[2] or None, claims=tuple(claims),
        n_sources=len({c.independence_key for c in claims}), agreement=agreement,
        subject=subject, reason=reason if reason and agreement == SINGLE else why)


@dataclass(frozen=True, slots=True)
class DistinctClaim:
    """One claim as stated in a group (value, interval, qualifier, source, as-of), with
    every report of it; copies of one story count once in `independent_reports`."""

    id: str
    group: str
    value: float
    low: float | None
    high: float | None
    qualifier: str | None
    source_id: str | None
    source_text: str | None
    as_of: str | None
    reports: tuple[GroupedClaim, ...]  # by article, then position
    independent_reports: int


def distinct_claims(group_id: str, claims: Iterable[GroupedClaim]) -> list[DistinctClaim]:
    """The distinct claims of one group, in order of first report: claims with the same
    value, interval, qualifier, source (entity, else text) and as-of date are one claim.
    The source's name is the first report's wording."""
    buckets: dict[tuple, list[GroupedClaim]] = {}
    for c in claims:
        key = (c.value, c.low, c.high, c.qualifier, c.source_id or c.source_text, c.as_of)
        buckets.setdefault(key, []).append(c)
    out = []
    for key, reports in buckets.items():
        first = reports[0]
        out.append(DistinctClaim(
            id=hashlib.sha256(repr((group_id, key)).encode()).hexdigest()[:16],
            group=group_id, value=first.value, low=first.low, high=first.high,
            qualifier=first.qualifier, source_id=first.source_id,
            source_text=first.source_text, as_of=first.as_of,
            reports=tuple(sorted(reports, key=lambda c: (c.article_id, c.start))),
            independent_reports=len({c.independence_key for c in reports})))
    return out


__all__ = ["AGREE", "CONFLICT", "SERIES", "SINGLE", "UNSURE", "ClaimGroup", "ClaimItem",
           "DistinctClaim", "GroupedClaim", "distinct_claims", "group_claims"]
