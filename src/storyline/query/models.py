"""Read models: what a front end sees of the store, as typed, frozen records.

Every view the CLI, the report, the export and the web application show is
one of these. `to_json()` gives the public JSON shape documented in
docs/export.md, keys in a fixed order; `listing_json()`, where a model has
one, gives the richer shape the CLI's `--json` listings and the report use.
Renderers only format these; they compute nothing across articles.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from storyline.analyse.article_facts import timex_start
from storyline.records import Article


@dataclass(frozen=True, slots=True)
class Span:
    """A passage of an article's clean text: where a quote or claim is reported."""

    article: str
    start: int
    end: int

    def to_json(self) -> dict:
        return {"article": self.article, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class EntityRef:
    """Who: a canonical entity id when resolved, and the name as given."""

    entity: str | None
    name: str | None

    def to_json(self) -> dict:
        return {"entity": self.entity, "name": self.name}


# -- articles and copies ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CopyStatusView:
    """One article's place among copies: its independence key, group and date verdict."""

    article: str
    independence_key: str | None
    group: str | None
    relation: str | None
    similarity: float | None
    misdated: bool
    misdated_reason: str | None
    likely_period: str | None

    def to_json(self) -> dict:
        """The copy fields of an article record (`group` is named `copy_group` there)."""
        return {
            "independence_key": self.independence_key, "copy_group": self.group,
            "relation": self.relation, "similarity": self.similarity,
            "misdated": self.misdated, "misdated_reason": self.misdated_reason,
            "likely_period": self.likely_period,
        }


#: The copy fields of an article with no copy status (a failed document).
NO_COPY_STATUS = {"independence_key": None, "copy_group": None, "relation": None,
                  "similarity": None, "misdated": False, "misdated_reason": None,
                  "likely_period": None}


def article_json(article: Article) -> dict:
    """The public JSON shape of one extracted article, before copies and stories."""
    return {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "site": article.site,
        "title": article.title,
        "dek": article.dek,
        "author": article.author,
        "published": article.published,
        "published_evidence": article.published_evidence,
        "date_evidence": [asdict(e) for e in article.date_evidence],
        "language": article.language,
        "section": article.section,
        "tags": list(article.tags),
        "text": article.text,
        "dropped": [asdict(d) for d in article.dropped],
        "status": article.status,
        "error": article.error,
    }


@dataclass(frozen=True, slots=True)
class ArticleView:
    """A stored article with its copy status (None for a failed document) and story."""

    article: Article
    copy: CopyStatusView | None
    story: str | None

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def misdated(self) -> bool:
        return bool(self.copy and self.copy.misdated)

    def listing_json(self) -> dict:
        """The article record with its copy fields (the report's shape)."""
        return article_json(self.article) | (
            self.copy.to_json() if self.copy else NO_COPY_STATUS)

    def to_json(self) -> dict:
        """The public shape of `articles.jsonl`: the listing shape and the story."""
        return self.listing_json() | {"story": self.story}


@dataclass(frozen=True, slots=True)
class CopyMember:
    """One member of a copy group, with what a listing shows of its article."""

    article: str
    relation: str
    similarity: float | None
    misdated: bool
    misdated_reason: str | None
    likely_period: str | None
    site: str | None
    title: str | None
    published: str | None
    source: str

    def to_json(self) -> dict:
        return {"article": self.article, "relation": self.relation,
                "similarity": self.similarity, "misdated": self.misdated,
                "misdated_reason": self.misdated_reason}

    def listing_json(self) -> dict:
        return self.to_json() | {
            "likely_period": self.likely_period, "site": self.site, "title": self.title,
            "published": self.published, "source": self.source}


@dataclass(frozen=True, slots=True)
class CopyGroupView:
    """Articles that carry the same text; one is the origin, chosen on evidence."""

    group: str
    origin: str
    origin_reason: str
    size: int
    members: tuple[CopyMember, ...]  # the origin first

    def to_json(self) -> dict:
        """The public shape of `copies.jsonl`."""
        return {"group": self.group, "origin": self.origin, "origin_reason": self.origin_reason,
                "members": [m.to_json() for m in self.members]}

    def listing_json(self) -> dict:
        """With the group's size and each member's site, title, date and source."""
        return {"group": self.group, "origin": self.origin, "origin_reason": self.origin_reason,
                "size": self.size, "members": [m.listing_json() for m in self.members]}


# -- entities, quotes, claims, times ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntityMention:
    article: str
    start: int
    end: int
    text: str

    def to_json(self) -> dict:
        return {"article": self.article, "start": self.start, "end": self.end,
                "text": self.text}


@dataclass(frozen=True, slots=True)
class EntityView:
    """A canonical entity; `mentions` is None unless they were asked for."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    country: str | None
    n_mentions: int
    n_articles: int
    mentions: tuple[EntityMention, ...] | None = None

    def to_json(self) -> dict:
        """The public shape of `entities.jsonl` (with its mentions)."""
        return {"id": self.id, "name": self.name, "type": self.type,
                "aliases": list(self.aliases), "roles": list(self.roles),
                "country": self.country,
                "mentions": [m.to_json() for m in self.mentions or ()]}

    def listing_json(self) -> dict:
        """With mention and article counts instead of the mentions."""
        return {"id": self.id, "name": self.name, "type": self.type,
                "aliases": list(self.aliases), "roles": list(self.roles),
                "country": self.country, "n_mentions": self.n_mentions,
                "n_articles": self.n_articles}


@dataclass(frozen=True, slots=True)
class QuoteView:
    """One quote, however many articles report it (copies and re-reports merged)."""

    id: str
    text: str
    kind: str
    speaker: EntityRef
    verb: str | None
    medium: str | None
    n_sources: int
    first_date: str | None
    mentions: tuple[Span, ...]

    def to_json(self) -> dict:
        """The public shape of `quotes.jsonl`."""
        return {"id": self.id, "text": self.text, "kind": self.kind,
                "speaker": self.speaker.to_json(), "verb": self.verb, "medium": self.medium,
                "n_sources": self.n_sources, "first_date": self.first_date,
                "mentions": [m.to_json() for m in self.mentions]}


@dataclass(frozen=True, slots=True)
class ClaimView:
    """One distinct claim (value, qualifier, source, as-of) of a claim group, with every
    article that reports it; `independent_reports` counts copies once. `sentences` are
    the sentences that state it, one per mention; `subject` whom or what it is about;
    `reason` why its group has its verdict (which fields matched, which differed)."""

    id: str
    value: float
    low: float | None
    high: float | None
    qualifier: str | None
    unit: str | None
    counted: str
    kind: str
    source: EntityRef
    as_of: str | None
    group: str
    agreement: str
    n_sources: int
    mentions: tuple[Span, ...]
    independent_reports: int
    subject: str | None = None
    sentences: tuple[Span, ...] = ()
    reason: str = ""

    def to_json(self) -> dict:
        """The public shape of `claims.jsonl`."""
        return {"id": self.id, "value": self.value, "low": self.low, "high": self.high,
                "qualifier": self.qualifier, "unit": self.unit, "counted": self.counted,
                "kind": self.kind, "source": self.source.to_json(), "as_of": self.as_of,
                "group": self.group, "agreement": self.agreement, "n_sources": self.n_sources,
                "mentions": [m.to_json() for m in self.mentions],
                "independent_reports": self.independent_reports, "subject": self.subject,
                "sentences": [m.to_json() for m in self.sentences], "reason": self.reason}


@dataclass(frozen=True, slots=True)
class ClaimGroupView:
    """Claims about one quantity, their verdict, and their distinct claims in time order."""

    id: str
    counted: str
    counted_key: str
    kind: str
    unit: str | None
    n_sources: int
    agreement: str
    claims: tuple[ClaimView, ...]
    subject: str | None = None
    reason: str = ""

    def to_json(self) -> dict:
        return {"id": self.id, "counted": self.counted, "counted_key": self.counted_key,
                "kind": self.kind, "unit": self.unit, "n_sources": self.n_sources,
                "agreement": self.agreement, "claims": [c.to_json() for c in self.claims],
                "subject": self.subject, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class SkippedNumberView:
    """A number of an article's text that is not a claim, and why (a key of
    `analyse.claims.REASONS`: year, date, time, clock, ordinal, age, name, ...)."""

    article: str
    start: int
    end: int
    text: str
    reason: str

    def to_json(self) -> dict:
        return {"article": self.article, "start": self.start, "end": self.end,
                "text": self.text, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class TimeView:
    """One time expression: where it is and what it resolves to (TIMEX3-style)."""

    article: str
    start: int
    end: int
    text: str
    type: str
    value: str
    precision: str
    low: str | None
    high: str | None
    modifier: str | None

    def to_json(self) -> dict:
        """The public shape of `times.jsonl`."""
        return {"article": self.article, "start": self.start, "end": self.end,
                "text": self.text, "type": self.type, "value": self.value,
                "precision": self.precision, "low": self.low, "high": self.high,
                "modifier": self.modifier}


# -- stories and the timeline -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryView:
    """Articles about one developing topic, labelled by their most telling entities."""

    id: str
    label: tuple[str, ...]  # entity names
    entities: tuple[str, ...]  # their ids
    size: int
    first: str | None
    last: str | None
    articles: tuple[str, ...]

    def to_json(self) -> dict:
        """The public shape of `stories.jsonl`."""
        return {"id": self.id, "label": list(self.label), "entities": list(self.entities),
                "size": self.size, "first": self.first, "last": self.last,
                "articles": list(self.articles)}


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """A dated quote or claim: what was said or claimed, when, by whom, how widely."""

    date: str  # YYYY-MM-DD
    kind: str  # quote | claim
    subkind: str  # the quote's kind, or the claim group's agreement
    who: str | None
    text: str
    n_sources: int
    ref: str  # the quote's or claim's id
    articles: tuple[str, ...]

    def to_json(self) -> dict:
        return {"date": self.date, "kind": self.kind, "subkind": self.subkind,
                "who": self.who, "text": self.text, "n_sources": self.n_sources,
                "ref": self.ref, "articles": list(self.articles)}


# -- counts ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoreCounts:
    """How much the store holds, stage by stage."""

    documents: int
    articles: int
    ok: int
    failed: int
    copy_groups: int
    articles_in_copy_groups: int
    misdated_articles: int
    entities: int
    entity_mentions: int
    quotes: int
    claim_groups: int
    articles_without_facts: int
    stories: int

    def to_json(self) -> dict:
        """The report's counts: documents, articles, ok and failed."""
        return {"documents": self.documents, "articles": self.articles, "ok": self.ok,
                "failed": self.failed}

    def labelled(self) -> dict[str, int]:
        """Every count under the label `storyline info` prints."""
        return self.to_json() | {
            "copy groups": self.copy_groups,
            "articles in copy groups": self.articles_in_copy_groups,
            "misdated articles": self.misdated_articles,
            "entities": self.entities, "entity mentions": self.entity_mentions,
            "quotes": self.quotes, "claim groups": self.claim_groups,
            "articles without facts": self.articles_without_facts,
            "stories": self.stories}


# -- events -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventMentionRef:
    """Where an event is reported: a passage of an article and the status it reports."""

    article: str
    start: int
    end: int
    status: str
    trigger_start: int
    trigger_end: int

    def to_json(self) -> dict:
        return {"article": self.article, "start": self.start, "end": self.end,
                "status": self.status}


@dataclass(frozen=True, slots=True)
class EventView:
    """One happening fused from every report of it: PLOVER type and mode, status (as of
    the latest report) with its history, actors and targets as canonical entities,
    place, time, independent sources, details that disagree, and its mentions."""

    id: str
    type: str
    mode: str | None
    status: str
    label: str
    actors: tuple[EntityRef, ...]
    targets: tuple[EntityRef, ...]
    place: str | None
    when_value: str | None
    when_precision: str | None
    first_date: str | None
    n_sources: int
    history: tuple[dict, ...]  # {status, date, n_sources, articles}
    details: dict  # detail name -> [{value, articles, n_sources}]
    mentions: tuple[EventMentionRef, ...]
    stories: tuple[str, ...]

    @property
    def date(self) -> str | None:
        """The day the event is placed at: its stated time, else its first report."""
        return timex_start(self.when_value) or self.first_date

    def to_json(self) -> dict:
        """The public shape of `events.jsonl`."""
        return {"id": self.id, "type": self.type, "mode": self.mode, "status": self.status,
                "actors": [a.to_json() for a in self.actors],
                "targets": [t.to_json() for t in self.targets], "place": self.place,
                "when": {"value": self.when_value, "precision": self.when_precision},
                "sources": self.n_sources,
                "mentions": [m.to_json() for m in self.mentions]}

    def listing_json(self) -> dict:
        """With the label, first report, status history, details and stories."""
        return self.to_json() | {"label": self.label, "date": self.date,
                                 "first_date": self.first_date, "history": list(self.history),
                                 "details": self.details, "stories": list(self.stories)}
