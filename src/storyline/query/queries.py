"""Queries: the store read as read models (see models.py).

Each query is a plain function of a store (SQL through `store.con`) returning
typed views; cross-article logic that is not stored (distinct claims, the
timeline) is computed here from pure functions. `Views` wraps a store and
computes each view at most once, so a report or a web request that shows a
view in several places reads it once.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from functools import cached_property

from storyline.query.models import (
    ArticleView,
    ClaimGroupView,
    ClaimView,
    CopyGroupView,
    CopyMember,
    CopyStatusView,
    EntityMention,
    EntityRef,
    EntityView,
    EventMentionRef,
    EventView,
    QuoteView,
    SkippedNumberView,
    Span,
    StoreCounts,
    StoryView,
    TimelineItem,
    TimeView,
)
from storyline.query.timeline import build_timeline, within
from storyline.resolve.claims import GroupedClaim, distinct_claims
from storyline.store import Store

# -- articles, copies, stories ------------------------------------------------------------


def sources(store: Store) -> dict[str, str]:
    """Article id -> where it came from (path, path:LINE, path#N); no texts are read."""
    return dict(store.con.execute("SELECT id, source FROM articles").fetchall())


def counts(store: Store) -> StoreCounts:
    """How much the store holds, in one query."""
    row = store.con.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM articles), "
        "(SELECT count(*) FROM articles WHERE status = 'ok'), "
        "(SELECT count(*) FROM articles WHERE status = 'failed'), "
        "(SELECT count(*) FROM copy_groups), (SELECT coalesce(sum(size), 0) FROM copy_groups), "
        "(SELECT count(*) FROM article_copies WHERE misdated), (SELECT count(*) FROM entities), "
        "(SELECT coalesce(sum(n_mentions), 0) FROM entities), "
        "(SELECT count(*) FROM quote_groups), (SELECT count(*) FROM claim_groups), "
        "(SELECT count(*) FROM fact_refs f JOIN articles a ON a.id = f.article "
        " WHERE f.error IS NOT NULL), (SELECT count(*) FROM stories)").fetchone()
    return StoreCounts(*(int(x) for x in row))


def copy_statuses(store: Store) -> dict[str, CopyStatusView]:
    """Article id -> its copy status (independence key, group, date verdict)."""
    rows = store.con.execute(
        "SELECT article, independence_key, copy_group, relation, similarity, misdated, "
        "misdated_reason, likely_period FROM article_copies ORDER BY article").fetchall()
    return {r[0]: CopyStatusView(*r) for r in rows}


def story_of(store: Store) -> dict[str, str]:
    """Article id -> the id of its story."""
    return dict(store.con.execute("SELECT article, story FROM article_stories").fetchall())


def articles(store: Store, status: str | None = None,
             statuses: dict[str, CopyStatusView] | None = None,
             stories_of: dict[str, str] | None = None) -> Iterator[ArticleView]:
    """Stored articles (or those with this status), by publication date then id, with
    their copy status and story; streamed. Pass `statuses` and `stories_of` when the
    caller already has them."""
    statuses = copy_statuses(store) if statuses is None else statuses
    stories_of = story_of(store) if stories_of is None else stories_of
    for article in store.articles(status=status):
        yield ArticleView(article, statuses.get(article.id), stories_of.get(article.id))


def copy_groups(store: Store) -> list[CopyGroupView]:
    """Copy groups with their members (the origin first), largest first."""
    heads = store.con.execute(
        "SELECT g.id, g.origin, g.origin_reason, g.size FROM copy_groups g "
        "ORDER BY g.size DESC, g.id").fetchall()
    members: dict[str, list[CopyMember]] = {}
    for group, *member in store.con.execute(
            "SELECT c.copy_group, c.article, c.relation, c.similarity, c.misdated, "
            "c.misdated_reason, c.likely_period, a.site, a.title, a.published, a.source "
            "FROM article_copies c JOIN articles a ON a.id = c.article "
            "WHERE c.copy_group IS NOT NULL "
            "ORDER BY c.copy_group, c.relation <> 'origin', c.similarity DESC, c.article"
    ).fetchall():
        members.setdefault(group, []).append(CopyMember(*member))
    return [CopyGroupView(gid, origin, reason, size, tuple(members.get(gid, ())))
            for gid, origin, reason, size in heads]


def stories(store: Store) -> list[StoryView]:
    """Stories, largest first, labelled with their entities' names, with their articles."""
    names = dict(store.con.execute("SELECT id, name FROM entities").fetchall())
    members: dict[str, list[str]] = {}
    for article, story in store.con.execute(
            "SELECT article, story FROM article_stories ORDER BY story, article").fetchall():
        members.setdefault(story, []).append(article)
    out = []
    for id_, label, size, first, last in store.con.execute(
            "SELECT id, label, size, first, last FROM stories ORDER BY size DESC, id").fetchall():
        entity_ids = tuple(json.loads(label))
        out.append(StoryView(id_, tuple(names.get(e, e) for e in entity_ids), entity_ids, size,
                             first, last, tuple(members.get(id_, ()))))
    return out


# -- entities ---------------------------------------------------------------------------


def entities(store: Store, type_: str | None = None, limit: int | None = None,
             with_mentions: bool = False) -> list[EntityView]:
    """Entities, most mentioned first; optionally of one type, at most `limit`, with
    their mentions."""
    sql = ("SELECT id, name, type, aliases, roles, country, n_mentions, n_articles "
           "FROM entities")
    params: list = []
    if type_:
        sql += " WHERE type = ?"
        params.append(type_)
    sql += " ORDER BY n_mentions DESC, n_articles DESC, name, id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = store.con.execute(sql, params).fetchall()
    mentions: dict[str, list[EntityMention]] = {}
    if with_mentions and rows:
        for entity, *mention in store.con.execute(
                'SELECT entity, article, start, "end", text FROM entity_mentions '
                "WHERE entity IN (SELECT unnest(?)) ORDER BY entity, article, start",
                [[r[0] for r in rows]]).fetchall():
            mentions.setdefault(entity, []).append(EntityMention(*mention))
    return [EntityView(id_, name, typ, tuple(json.loads(aliases)), tuple(json.loads(roles)),
                       country, n_m, n_a,
                       tuple(mentions.get(id_, ())) if with_mentions else None)
            for id_, name, typ, aliases, roles, country, n_m, n_a in rows]


def entity_types(store: Store) -> list[tuple[str, int]]:
    """(type, number of entities), most common first."""
    return store.con.execute(
        "SELECT type, count(*) FROM entities GROUP BY type ORDER BY count(*) DESC, type"
    ).fetchall()


# -- quotes, claims, times --------------------------------------------------------------


def quotes(store: Store, speaker: str | None = None, ids: list[str] | None = None,
           speaker_id: str | None = None, limit: int | None = None) -> list[QuoteView]:
    """One view per quote reported anywhere (copies and re-reports merged), in order of
    first report; `speaker` matches any name of the speaker (whole words), `ids` keeps
    those quote groups, `speaker_id` the quotes of that entity."""
    sql = ("SELECT q.id, q.text, q.kind, q.speaker, q.speaker_name, q.verb, q.medium, "
           "q.n_sources, q.first_date, q.mentions, e.name FROM quote_groups q "
           "LEFT JOIN entities e ON e.id = q.speaker")
    where: list[str] = []
    params: list = []
    if speaker:
        where.append("q.id IN (SELECT unnest(?))")
        params.append(_quotes_by_speaker(store, speaker))
    if ids is not None:
        where.append("q.id IN (SELECT unnest(?))")
        params.append(list(ids))
    if speaker_id:
        where.append("q.speaker = ?")
        params.append(speaker_id)
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY q.first_date NULLS LAST, q.n_sources DESC, q.id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [QuoteView(id_, text, kind, EntityRef(spk, entity_name or spk_name), verb, medium,
                      n, first, tuple(Span(*m) for m in json.loads(mentions)))
            for (id_, text, kind, spk, spk_name, verb, medium, n, first, mentions,
                 entity_name) in store.con.execute(sql, params).fetchall()]


def _fold(text: str) -> str:
    """Casefolded, without accents: "Tomás" and "TOMAS" compare equal."""
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c)).casefold()


def _quotes_by_speaker(store: Store, speaker: str) -> list[str]:
    """Ids of the quote groups whose speaker has `speaker` as whole words in any of its
    forms: the entity's name and aliases, the group's speaker name, and each report's
    speaker name and text as the article gives them (case- and accent-insensitive, so
    "Kim" finds "Kim Jong Un" but not "Kimberly")."""
    words = re.findall(r"\w+", _fold(speaker))
    if not words:
        return []
    pattern = re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)")
    forms = store.con.execute(
        "SELECT q.id, q.speaker_name, e.name, e.aliases FROM quote_groups q "
        "LEFT JOIN entities e ON e.id = q.speaker "
        "UNION ALL SELECT l.ref, r.speaker_name, json_extract_string(r.data, '$.speaker_text'), "
        "NULL FROM fact_links l JOIN quotes r ON l.kind = 'quote' AND r.article = l.article "
        'AND r.start = l.start AND r."end" = l."end"').fetchall()
    return sorted({id_ for id_, *names, aliases in forms
                   if any(pattern.search(_fold(n)) for n in
                          [*names, *json.loads(aliases or "[]")] if n)})


#: Claim groups in the order a fact-checker reads them: conflicts, then figures that move
#: or agree across sources, then those that cannot be compared, then single reports (by
#: sources alone, groups of many unrelated reports that name no subject came first).
VERDICT_ORDER = ("CASE agreement WHEN 'conflict' THEN 0 WHEN 'series' THEN 1 "
                 "WHEN 'agree' THEN 2 WHEN 'unsure' THEN 3 ELSE 4 END")


def _claim_groups(store: Store, ids: list[str] | None = None
                  ) -> list[tuple[tuple, list[ClaimView], tuple]]:
    """Each claim group's columns (of these groups, with `ids`) with its distinct claims
    in order of first report."""
    out = []
    where, params = ("", []) if ids is None else (" WHERE id IN (SELECT unnest(?))",
                                                   [list(ids)])
    for id_, counted, key, kind, unit, n, agreement, claims_, subject, reason in (
            store.con.execute(
                "SELECT id, counted, counted_key, kind, unit, n_sources, agreement, claims, "
                f"subject, reason FROM claim_groups{where} "
                f"ORDER BY {VERDICT_ORDER}, n_sources DESC, counted_key, id",
                params).fetchall()):
        views = [
            ClaimView(id=d.id, value=d.value, low=d.low, high=d.high, qualifier=d.qualifier,
                      unit=unit, counted=counted, kind=kind,
                      source=EntityRef(d.source_id, d.source_text), as_of=d.as_of, group=id_,
                      agreement=agreement, n_sources=n,
                      mentions=tuple(Span(c.article_id, c.start, c.end) for c in d.reports),
                      independent_reports=d.independent_reports,
                      subject=next((c.subject_text for c in d.reports if c.subject_text),
                                   None),
                      sentences=tuple(Span(c.article_id, c.sentence_start, c.sentence_end)
                                      for c in d.reports if c.sentence_start is not None),
                      reason=reason or "")
            for d in distinct_claims(id_, (GroupedClaim(**c) for c in json.loads(claims_)))]
        out.append(((id_, counted, key, kind, unit, n, agreement), views, (subject,
                                                                          reason or "")))
    return out


def _flat(groups: list[tuple[tuple, list[ClaimView], tuple]]) -> list[ClaimView]:
    return [c for _, views, _ in groups for c in views]


def _grouped(groups: list[tuple[tuple, list[ClaimView], tuple]]) -> list[ClaimGroupView]:
    return [ClaimGroupView(*head, claims=tuple(sorted(
        views, key=lambda c: (c.as_of or "9999", c.value, c.id))), subject=tail[0],
        reason=tail[1]) for head, views, tail in groups]


_UNDATED = ("FROM articles a LEFT JOIN fact_refs f ON f.article = a.id "
            "WHERE a.status = 'ok' AND f.reference IS NULL AND a.published IS NULL")


def undated(store: Store) -> list[tuple[str, str]]:
    """(id, source) of ok articles with no date to resolve their times against (none
    stated, none from their copies): their relative times stay unresolved."""
    return store.con.execute(
        f"SELECT a.id, a.source {_UNDATED} ORDER BY a.source, a.id").fetchall()


def not_read(store: Store) -> list[tuple[str, int]]:
    """(language, articles) of the ok articles in languages the analyse stage does not
    read (`nlp.reads`), most first: they have no entities, quotes, claims or events."""
    from storyline.analyse.nlp import reads

    rows = store.con.execute(
        "SELECT language, count(*) AS n FROM articles WHERE status = 'ok' "
        "GROUP BY language ORDER BY n DESC, language").fetchall()
    return [(language, n) for language, n in rows if not reads(language)]


def undated_count(store: Store) -> int:
    """How many articles `undated` lists, counted in SQL."""
    return int(store.con.execute(f"SELECT count(*) {_UNDATED}").fetchone()[0])


def numbers_skipped(store: Store, article: str | None = None) -> list[SkippedNumberView]:
    """The numbers of the articles' texts that are not claims, with the reason, by article
    and position (with `article`, that article's only)."""
    sql = 'SELECT article, start, "end", text, reason FROM numbers_skipped'
    params: list = []
    if article:
        sql += " WHERE article = ?"
        params.append(article)
    return [SkippedNumberView(*row) for row in store.con.execute(
        sql + ' ORDER BY article, start, "end"', params).fetchall()]


def claims(store: Store) -> list[ClaimView]:
    """One view per distinct claim (value, qualifier, source, as-of) of each claim group,
    groups by verdict (`VERDICT_ORDER`), then most independent sources first."""
    return _flat(_claim_groups(store))


def claim_groups(store: Store, ids: list[str] | None = None) -> list[ClaimGroupView]:
    """Claim groups (of these ids, with `ids`) by verdict (`VERDICT_ORDER`), then most
    independent sources first, each with its distinct claims in time order."""
    return _grouped(_claim_groups(store, ids))


def times(store: Store) -> Iterator[TimeView]:
    """Every time expression, by article and position; streamed."""
    cur = store.con.execute(
        'SELECT article, start, "end", text, type, value, precision, low, high, modifier '
        'FROM times ORDER BY article, start, "end"')
    while rows := cur.fetchmany(1024):
        for row in rows:
            yield TimeView(*row)


def timeline(store: Store, story: str | None = None) -> list[TimelineItem]:
    """Dated quotes and claims in time order; with `story`, only what an article of that
    story reports."""
    return Views(store).story_timeline(story) if story else Views(store).timeline


# -- events -----------------------------------------------------------------------------


def events(store: Store, story: str | None = None, actor: str | None = None,
           type_: str | None = None,
           stories_of: dict[str, str] | None = None, entity_id: str | None = None,
           ids: list[str] | None = None) -> list[EventView]:
    """Fused events in time order (stated time, else first report); `story` keeps those
    reported by an article of that story, `actor` those whose actor or target name (or
    an alias of it) contains the text, `entity_id` those with that entity as actor or
    target, `type_` one PLOVER type (case-insensitive), `ids` these events.
    Pass `stories_of` when the caller already has it."""
    where: list[str] = []
    params: list = []
    if type_:
        where.append("upper(type) = ?")
        params.append(type_.upper())
    if ids is not None:
        where.append("id IN (SELECT unnest(?))")
        params.append(list(ids))
    if entity_id:
        where.append("(actors LIKE ? OR targets LIKE ?)")
        params += [f'%["{entity_id}",%'] * 2
    aliases: dict[str, list[str]] = {}
    if actor:
        aliases = {id_: [name.lower(), *(a.lower() for a in json.loads(al))]
                   for id_, name, al in store.con.execute(
                       "SELECT id, name, aliases FROM entities").fetchall()}
    sql = ("SELECT id, type, mode, status, label, actors, targets, place, when_value, "
           "when_precision, first_date, n_sources, history, details, mentions FROM events")
    if where:
        sql += " WHERE " + " AND ".join(where)
    out = []
    rows = store.con.execute(sql, params).fetchall()
    if stories_of is None:
        if story is None and ids is not None:  # a few events: their articles' stories only
            articles_ = sorted({m[0] for row in rows for m in json.loads(row[14])})
            stories_of = dict(store.con.execute(
                "SELECT article, story FROM article_stories WHERE article IN "
                "(SELECT unnest(?))", [articles_]).fetchall())
        else:
            stories_of = story_of(store)
    for (id_, typ, mode, status, label, actors, targets, place, when_value, when_precision,
         first_date, n, history, details, mentions) in rows:
        refs = tuple(EventMentionRef(*m) for m in json.loads(mentions))
        in_stories = tuple(sorted({stories_of[m.article] for m in refs
                                   if m.article in stories_of}))
        if story and story not in in_stories:
            continue
        who = [json.loads(actors), json.loads(targets)]
        if actor:
            needle = actor.lower()
            names = [w[1].lower() for side in who for w in side] + [
                a for side in who for w in side for a in aliases.get(w[0], ())]
            if not any(needle in name for name in names):
                continue
        out.append(EventView(
            id_, typ, mode, status, label,
            tuple(EntityRef(e, name) for e, name, _ in who[0]),
            tuple(EntityRef(e, name) for e, name, _ in who[1]), place, when_value,
            when_precision, first_date, n, tuple(json.loads(history)), json.loads(details),
            refs, in_stories))
    return sorted(out, key=lambda e: (e.date or "9999", -e.n_sources, e.id))


# -- one request's views ----------------------------------------------------------------


class Views:
    """The views of one store for one report or request, each computed at most once."""

    def __init__(self, store: Store):
        self.store = store
        self._entities: dict[tuple, list[EntityView]] = {}
        self._story_timelines: dict[str, list[TimelineItem]] = {}

    @cached_property
    def counts(self) -> StoreCounts:
        return counts(self.store)

    @cached_property
    def sources(self) -> dict[str, str]:
        return sources(self.store)

    @cached_property
    def copy_statuses(self) -> dict[str, CopyStatusView]:
        return copy_statuses(self.store)

    @cached_property
    def story_of(self) -> dict[str, str]:
        return story_of(self.store)

    def articles(self, status: str | None = None) -> Iterator[ArticleView]:
        """Streamed (article texts are large), so not kept."""
        return articles(self.store, status, self.copy_statuses, self.story_of)

    @cached_property
    def copy_groups(self) -> list[CopyGroupView]:
        return copy_groups(self.store)

    @cached_property
    def stories(self) -> list[StoryView]:
        return stories(self.store)

    @cached_property
    def entity_types(self) -> list[tuple[str, int]]:
        return entity_types(self.store)

    def entities(self, type_: str | None = None, limit: int | None = None,
                 with_mentions: bool = False) -> list[EntityView]:
        key = (type_, limit, with_mentions)
        if key not in self._entities:
            self._entities[key] = entities(self.store, type_, limit, with_mentions)
        return self._entities[key]

    def entities_by_type(self, limit: int | None = None) -> dict[str, list[EntityView]]:
        """The most mentioned entities of each type, most common type first."""
        return {type_: self.entities(type_, limit) for type_, _ in self.entity_types}

    @cached_property
    def quotes(self) -> list[QuoteView]:
        return quotes(self.store)

    @cached_property
    def _claim_groups(self) -> list[tuple[tuple, list[ClaimView], tuple]]:
        return _claim_groups(self.store)

    @cached_property
    def claims(self) -> list[ClaimView]:
        return _flat(self._claim_groups)

    @cached_property
    def claim_groups(self) -> list[ClaimGroupView]:
        return _grouped(self._claim_groups)

    def times(self) -> Iterator[TimeView]:
        """Streamed, so not kept."""
        return times(self.store)

    @cached_property
    def events(self) -> list[EventView]:
        return events(self.store, stories_of=self.story_of)

    def story_events(self, story: str) -> list[EventView]:
        """The events an article of this story reports, in time order."""
        return [e for e in self.events if story in e.stories]

    @cached_property
    def timeline(self) -> list[TimelineItem]:
        return build_timeline(self.quotes, self.claims)

    def story_timeline(self, story: str) -> list[TimelineItem]:
        """The part of the timeline the articles of this story report."""
        if story not in self._story_timelines:
            members = next((s.articles for s in self.stories if s.id == story), ())
            self._story_timelines[story] = within(self.timeline, members)
        return self._story_timelines[story]
