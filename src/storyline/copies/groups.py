"""Copy groups: union verified pairs, then pick each group's origin on evidence.

Copies do not confirm each other, so later stages count a group once: the
`independence_key` of an article is its group id, or its own id when it has
no copies. Group ids hash the sorted member ids, so the same articles always
give the same id, whatever order they arrived in.

A page that contains several articles that are not copies of one another (a
roundup, a digest, a page stitched from wire stories) joins the group of one
of them, the one it contains most of, not all: otherwise two independent
stories would count as one source, and chains of such pages join a corpus's
stories into one group (on 10,000 pages stitched from three articles each,
6,450 were one group before).

The origin is chosen, in this order, by: the earliest credible publication
date (a date flagged implausible or missing does not compete); on the same
day, a wire credit in the text ("(AP)", "The Associated Press", "Reuters",
an agency dateline such as "(MP) -"); then the fullest text; then the id,
so that ties are broken deterministically.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .relate import CONTAINED, Relation

ORIGIN = "origin"

_AGENCIES = {
    "AP": "AP",
    "Associated Press": "AP",
    "Reuters": "Reuters",
    "AFP": "AFP",
    "Agence France-Presse": "AFP",
    "Agence France Presse": "AFP",
    "UPI": "UPI",
    "United Press International": "UPI",
    "dpa": "dpa",
    "Deutsche Presse-Agentur": "dpa",
    "Bloomberg News": "Bloomberg",
}
_NAMES = "|".join(sorted((re.escape(k) for k in _AGENCIES if len(k) > 5), key=len, reverse=True))
_SHORT = "AP|AFP|UPI|dpa|Reuters"
# "(AP)", "(Reuters) -", and any capitalised agency short name in a dateline: "SEOUL (MP) —".
_PAREN = re.compile(rf"\((?:{_SHORT})\)|\(([A-Z][A-Za-z]{{1,7}})\)\s*[-—–]")
_FULL = re.compile(rf"\b(?:{_NAMES})\b")
# Citing an agency is not carrying its story.
_NOT_CREDIT = re.compile(
    r"(?:according to|reported by|cited by|citing)\s+(?:the\s+)?$", re.IGNORECASE
)
_REPORTED = re.compile(r"^\s+(?:reported|reports|said|says|has reported)\b")


def wire_credit(text: str) -> str | None:
    """The news agency credited as the source of the text, or None.

    Counts a parenthesised agency ("(AP)", "(Reuters)"), an agency dateline
    ("KANSK (MP) —"), and the agency's full name ("The Associated Press") unless
    it is cited ("according to Reuters", "Reuters reported").
    """
    m = _PAREN.search(text)
    if m:
        inner = m.group(0)[1:].split(")")[0]
        return _AGENCIES.get(inner, inner)
    for m in _FULL.finditer(text):
        before = text[max(0, m.start() - 30) : m.start()]
        if _NOT_CREDIT.search(before):
            continue
        if _REPORTED.match(text[m.end() : m.end() + 20]):
            continue
        return _AGENCIES[m.group(0)]
    return None


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What origin choice needs of one article.

    `published` is an ISO date or datetime; `date_credible` is False when the
    date is known to be doubtful (flagged by misdating.check_text, or taken
    from weak evidence) so that it cannot make the article the origin.
    """

    id: str
    published: str | None = None
    site: str | None = None
    n_tokens: int = 0
    wire_credit: str | None = None
    date_credible: bool = True


@dataclass(frozen=True, slots=True)
class Member:
    """One article of a group and how it relates to the group's origin."""

    article: str
    relation: str  # "origin" | "exact" | "near" | "contained"
    similarity: float  # Jaccard with the origin (1.0 for the origin)


@dataclass(frozen=True, slots=True)
class CopyGroup:
    """Articles carrying the same text; `origin` is one of `members`."""

    id: str
    origin: str
    origin_reason: str
    members: tuple[Member, ...]


def group_id(member_ids: Iterable[str]) -> str:
    """Deterministic id: a hash of the sorted member ids."""
    joined = "\n".join(sorted(member_ids))
    return "g" + hashlib.blake2b(joined.encode(), digest_size=8).hexdigest()


def _components(pairs: list[tuple[str, str, Relation]]) -> list[list[str]]:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, rel in pairs:
        if rel.kind is None or a == b:
            continue
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    comps: dict[str, list[str]] = {}
    for x in parent:
        comps.setdefault(find(x), []).append(x)
    return [sorted(c) for c in comps.values() if len(c) > 1]


def _parts(pairs: list[tuple[str, str, Relation]]
           ) -> list[tuple[list[str], list[tuple[str, str, Relation]]]]:
    """The connected parts of the pairs (`_components`), each with its own pairs."""
    comps = _components(pairs)
    part_of = {m: i for i, comp in enumerate(comps) for m in comp}
    own: list[list[tuple[str, str, Relation]]] = [[] for _ in comps]
    for pair in pairs:
        if pair[2].kind is not None and pair[0] != pair[1]:
            own[part_of[pair[0]]].append(pair)
    return list(zip(comps, own, strict=True))


def without_compilations(pairs: list[tuple[str, str, Relation]],
                         info: dict[str, ArticleInfo]) -> list[tuple[str, str, Relation]]:
    """The pairs less the containment links of compilations: of a page's "contained"
    partners (the shorter side of each link; the page is the one with more tokens), when
    they are not all one group among themselves (through links not via the page), the
    page keeps the links to the group of the partner it contains most of (then the
    highest Jaccard, then the lowest id) and drops the others."""
    linked: dict[str, set[str]] = {}
    parts: dict[str, list[tuple[str, Relation]]] = {}

    def size(x: str) -> tuple[int, str]:
        return ((info[x].n_tokens if x in info else 0), x)

    for a, b, rel in pairs:
        if rel.kind is None or a == b:
            continue
        linked.setdefault(a, set()).add(b)
        linked.setdefault(b, set()).add(a)
        if rel.kind == CONTAINED:
            big, small = (a, b) if size(a) > size(b) else (b, a)
            parts.setdefault(big, []).append((small, rel))
    dropped: set[tuple[str, str]] = set()
    for big, contained in sorted(parts.items()):
        if len(contained) < 2:
            continue
        inside = {p for p, _ in contained}
        best = min(contained, key=lambda pr: (-pr[1].containment, -pr[1].similarity, pr[0]))[0]
        seen, stack = {best}, [best]  # best's group among the partners, not via the page
        while stack:
            for y in linked.get(stack.pop(), ()):
                if y in inside and y not in seen:
                    seen.add(y)
                    stack.append(y)
        dropped.update((min(big, p), max(big, p)) for p in inside - seen)
    return [(a, b, rel) for a, b, rel in pairs if (min(a, b), max(a, b)) not in dropped]


def _origin(members: list[ArticleInfo]) -> tuple[ArticleInfo, str]:
    dated = [m for m in members if m.published and m.date_credible]
    pool = dated or members

    def key(m: ArticleInfo) -> tuple:
        day = (m.published or "9999")[:10] if dated else ""
        return (day, m.wire_credit is None, -m.n_tokens, (m.published or "")[10:], m.id)

    best = min(pool, key=key)
    reasons = []
    if dated and best.published:
        day = best.published[:10]
        same_day = [m for m in dated if (m.published or "")[:10] == day]
        reasons.append(f"earliest credible date {day}")
        if len(same_day) > 1 and best.wire_credit:
            reasons.append(f"wire credit {best.wire_credit}")
        elif len(same_day) > 1:
            reasons.append("fullest text")
    else:
        reasons.append(f"wire credit {best.wire_credit}" if best.wire_credit else "fullest text")
    return best, "; ".join(reasons)


def build_groups(
    infos: Iterable[ArticleInfo],
    pairs: Iterable[tuple[str, str, Relation]],
    relate_to_origin: Callable[[str, str], Relation] | None = None,
) -> list[CopyGroup]:
    """Copy groups from verified pairs (a, b, relation); pairs with kind None are ignored,
    and so are the links of a compilation to all but one of the stories it contains
    (`without_compilations`).

    A group is an origin and the articles related to it directly: in each connected
    part of the pairs, the origin is chosen (`_origin`), the articles copying it are its
    group, and the others are grouped again the same way among themselves. So a chain
    of partial overlaps (A shares most of B, B of C ...) does not make one group of
    articles that share nothing. Each member's relation to the origin is
    `relate_to_origin(member, origin)` when given (exact, for pairs the index did not
    propose), else the verified pair's. Articles missing from `infos` are treated as
    undated. Groups are returned sorted by id.
    """
    info = {i.id: i for i in infos}
    pairs = without_compilations(list(pairs), info)
    known = {(min(a, b), max(a, b)): rel for a, b, rel in pairs if rel.kind is not None}

    def to_origin(m: str, origin: str) -> Relation:
        rel = known.get((min(m, origin), max(m, origin)))
        if rel is None and relate_to_origin is not None:
            rel = relate_to_origin(m, origin)
        return rel if rel is not None else Relation(None, 0.0, 0.0)

    groups = []
    parts = _parts(pairs)
    while parts:
        comp, own = parts.pop()
        members = [info.get(m) or ArticleInfo(id=m) for m in comp]
        origin, reason = _origin(members)
        out = [Member(origin.id, ORIGIN, 1.0)]
        rest = []
        for m in comp:
            if m != origin.id:
                rel = to_origin(m, origin.id)
                if rel.kind is None:
                    rest.append(m)
                else:
                    out.append(Member(m, str(rel.kind), rel.similarity))
        if len(out) > 1:
            groups.append(CopyGroup(group_id(m.article for m in out), origin.id, reason,
                                    tuple(out)))
        if len(rest) > 1:  # the others, grouped again among themselves
            inside = set(rest)
            parts += _parts([p for p in own if p[0] in inside and p[1] in inside])
    return sorted(groups, key=lambda g: g.id)


def independence_keys(groups: Iterable[CopyGroup], article_ids: Iterable[str]) -> dict[str, str]:
    """Article id -> independence key: its group id, or its own id when it has no copies."""
    keys = {a: a for a in article_ids}
    for g in groups:
        for m in g.members:
            keys[m.article] = g.id
    return keys
