"""Events fused from their mentions across sentences and articles.

One real happening is reported many times: in several sentences of one
article, by several outlets, first as planned and later as done. Mentions
become one event when they are compatible:

- same PLOVER type, and modes equal or one missing;
- participants: every named participant of one side matches one of the other
  (the same canonical entity, or the same state where one of the two is the
  state itself or an institution of it: "Pyongyang" and "North Korea",
  "Putin" and "Russia"; two different people never match), and at least one
  participant matches; across independent articles a match through the state's
  side is evidence only between the state itself (its name, capital, government
  or seat of government) on both sides: "Hillary Clinton" and "the Orlando
  massacre" are both of the U.S., and that alone joins nothing; for meetings
  (CONSULT, COOPERATE) actors and targets are compared together, since "Kim
  met Putin" and "Putin met Kim" are one meeting;
- time: stated times overlap within a tolerance (3 days for a visit, an
  attack, a veto, a rally; 31 days for actions continuing by nature:
  shipments, cooperation, sanctions, deployments, a strike, a siege); a
  mention with no stated time is about its article's date (news reports a
  happening within days and recalls an older one with a stated time): a done
  one the week before it, a planned one the month after it (a planned rally or
  march the week after it: a campaign holds one every few days), and times
  further apart than the tolerance do not fuse (a "U.S. meeting" reported in
  March and in June is two meetings); in one
  article, an undated mention may go on with the happening dated before it;
- place: the same country when both name one;
- across independent articles (copies repeat one sentence, one report): a time
  stated only to the year dates no report against an undated one; a plural
  ("violence at Trump's rallies") or a time wider than a week singles out no one
  rally or march; an attack in words ("Sanders attacked Clinton", "beat Trump":
  no weapon, state or place named) is never one with a physical attack, and one
  with another only when both texts date it; a verbal act aimed at a person
  ("endorsed Cruz") whose actor one report leaves unnamed is not another report's
  act (many endorse one candidate);
- reports with no stated time, from articles further apart than the tolerance,
  are one event only through a shared entity, not a state's side alone ("U.S.
  talks" in March and in June are two events);
- a verbal act matched on its actor alone, reported by independent articles with
  no stated time, is two acts when one names a target the other does not ("asked
  them not to march", "asked for $5");
- a meeting or cooperation report naming one person only does not join an event
  of other named parties through that person's state ("Kim expands cooperation
  with nations ..." is not "cooperation between North Korea and Russia").
- across independent articles actor and type are not enough (one candidate "calls
  for" something every day): a mention joins an event reported elsewhere only with
  evidence of the same happening against one of its reports (`_same_happening`): a
  shared target, the same object, two parties of a meeting, or the same act done once
  by the actor or dated alike; a shared target is no evidence for a rival accused again
  with no stated time ("Sanders accused Clinton" twice in a week) nor for a state
  attacked by another act ("invade Iraq", "hit" strongholds in Iraq).

Fusion is complete-link and greedy in date order (an item joins the cluster
it is compatible with as a whole, the one with most matching participants; a
tie stays apart). Mentions without a named participant, and hypothetical or
negated ones, never start an event: they join an event of the same type in
their own article (`_nearby`: the one candidate, the one naming the same act, the
one named just before, the one of the article's own time, else the nearest close
by, earlier first), or stay unlinked: always so for a hypothetical or negated one
naming no one, a plural naming several happenings ("visits from officials"), and
one whose named actor is unresolved when the event names its actors ("individual
staffers apologized"); a verb with no subject ("to give up its weapons") is no
anaphor. Mentions left so that one article (or its copies) reports with the same word a
happening of a kind that takes place once (not an act in words, not an attack, not a
plural naming several), its actors unnamed or unresolved ("the conservative leaders'
meeting ... the meeting ... that meeting"), are one event of their own when two or more
fit together (`orphan_key`); one alone stays unlinked.
Sources are counted by independence key, so copies count once.
An article with no reference date is taken to be about the latest news: for fusion (and
its event's headline status) its day is the latest reference day of the dated articles
fused (`place_undated`); with none dated, it fuses only within itself. That day is no
source's: an event's first date and the days of its status history come from dated
reports only (an event only undated pages report has none); it is kept apart
(`Event.undated_day`) for an update to replay from.
Details that disagree (dates, places, what was moved) are kept side by side
with their articles. A pure function of its inputs; ids hash the sorted
mention keys.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from storyline.analyse import event_lexicon as lx
from storyline.analyse import gazetteer
from storyline.analyse.article_facts import iso_day
from storyline.analyse.events import EventMention, Participant

#: Types compared without direction: actors and targets together.
SYMMETRIC = frozenset({lx.CONSULT, lx.COOPERATE})
#: Types of continuing actions (a plural noun of one names one action: "the protests").
CONTINUING = frozenset({lx.AID, lx.COOPERATE, lx.SANCTION, lx.MOBILIZE, lx.PROTEST})
#: Of those, the protests that go on by their nature (a strike, a boycott, a blockade),
#: not repeated one-day happenings (a rally, a march); and attacks that go on for weeks.
LASTING = {lx.PROTEST: frozenset({"strike", "walk_out", "walkout", "stoppage", "boycott",
                                  "blockade", "block", "sit-in"}),
           lx.ASSAULT: frozenset({"siege", "occupation"})}
#: Attack modes that say a weapon or physical harm ("beat" is also beating a rival).
_FIGURATIVE_MODES = frozenset({None, "beat"})
#: The seat of a state's government stands for the state ("the Kremlin said").
_SEATS = frozenset({"Kremlin", "White House", "Downing Street", "Élysée Palace", "Blue House",
                    "Zhongnanhai"})
_GOVERNMENT = frozenset({"government", "administration", "regime", "authorities",
                         "leadership"})
#: Verbal acts: one event only when the same act is named (deny, veto, accuse ...).
VERBAL = frozenset({lx.AGREE, lx.SUPPORT, lx.REQUEST, lx.ACCUSE, lx.REJECT, lx.THREATEN,
                    lx.CONCEDE})
_FAMILY = {"denial": "deny", "allegation": "accuse", "allege": "accuse", "charge": "accuse",
           "indictment": "indict", "refusal": "refuse", "apology": "apologize",
           "step": "resign", "resignation": "resign"}
#: Object heads that name nothing by themselves ("called for it"): no evidence of one act.
_NO_HEADS = frozenset({"it", "them", "this", "that", "these", "those", "him", "her", "they",
                       "he", "she", "us", "we", "you", "me", "one", "thing", "something",
                       "everything", "anything", "what", "which", "who"})
#: Acts one actor does once (`act_family` keys): the same actor is the same act.
ONCE_ACTS = frozenset({"resig"})
#: A stated time at most this wide dates the undated report of an article published in it.
NARROW_DAYS = 7
TOLERANCE_DAYS = 3
CONTINUING_DAYS = 31
#: A report with no stated time is about its article's last days (a done event) ...
RECENT_DAYS = 7
#: ... or, planned, about the weeks after it (a visit announced ahead).
PLANNED_DAYS = 31
#: How far (characters) a weak mention may be from the event mention it joins.
NEAR_CHARS = 700
#: An anaphor names the event reported just before it, within this many characters
#: ("... to meet with Putin. After that summit").
JUST_BEFORE_CHARS = 150
#: Nouns whose plural names one happening ("the talks"); other plurals name several.
PLURAL_ONE = frozenset({"talk", "negotiation", "discussion", "consultation"})
#: Statuses that never start an event.
WEAK_STATUSES = frozenset({lx.HYPOTHETICAL, lx.NEGATED})
#: Order used when one status must stand for an event reported at one date.
STATUS_ORDER = (lx.HAPPENED, lx.ONGOING, lx.PLANNED, lx.ALLEGED, lx.DENIED, lx.NEGATED,
                lx.HYPOTHETICAL)


@dataclass(frozen=True, slots=True)
class Who:
    """A participant as fusion sees it: canonical entity (or None), its name, the
    state it belongs to, and whether it is that state (or stands for it)."""

    entity: str | None
    name: str
    side: str | None = None
    is_state: bool = False

    @property
    def identified(self) -> bool:
        return bool(self.entity or self.side)


@dataclass(frozen=True, slots=True)
class EventItem:
    """One mention with what fusion needs: its article's independence key and
    reference date, and its participants resolved to canonical entities."""

    article: str
    mention: EventMention
    actors: tuple[Who, ...]
    targets: tuple[Who, ...]
    what: tuple[str, ...]
    key: str
    day: str | None  # the article's reference date (YYYY-MM-DD)
    undated: bool = False  # its article has none: `day` is the latest one (`place_undated`)
    # What fusion reads of an item at each of its many pair checks, worked out once from
    # the fields above (`__post_init__`, with the same functions): no part of its value
    # (its repr, equality and hash, and so the digests, see the fields above only).
    _day: dt.date | None = field(init=False, repr=False, compare=False)
    _stated: tuple[dt.date, dt.date] | None = field(init=False, repr=False, compare=False)
    _about: tuple[dt.date, dt.date] | None = field(init=False, repr=False, compare=False)
    _dated: bool = field(init=False, repr=False, compare=False)
    _family: str = field(init=False, repr=False, compare=False)
    _physical: bool | None = field(init=False, repr=False, compare=False)  # attacks only
    _lasting: bool = field(init=False, repr=False, compare=False)
    _actors: tuple[Who, ...] = field(init=False, repr=False, compare=False)  # identified
    _targets: tuple[Who, ...] = field(init=False, repr=False, compare=False)  # identified

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "_day", iso_day(self.day))
        put(self, "_stated", _interval_of(self))
        put(self, "_about", _span_of(self))
        put(self, "_dated", _dated_of(self))
        put(self, "_family", act_family(self.mention.lemma))
        put(self, "_physical", _physical_of(self) if self.mention.type == lx.ASSAULT else None)
        put(self, "_lasting", _lasting(self.mention))
        put(self, "_actors", tuple(w for w in self.actors if w.identified))
        put(self, "_targets", tuple(w for w in self.targets if w.identified))

    @property
    def ref(self) -> tuple[str, int, int]:
        return (self.article, self.mention.start, self.mention.end)


@dataclass(frozen=True, slots=True)
class Detail:
    """One value of a detail (a date, a place, what was moved) and who reports it."""

    value: str
    articles: tuple[str, ...]
    n_sources: int


@dataclass(frozen=True, slots=True)
class StatusReport:
    """A status as of a date: how many independent sources report it so."""

    status: str
    date: str | None
    n_sources: int
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Event:
    """One happening fused from its mentions."""

    id: str
    type: str
    mode: str | None
    status: str
    actors: tuple[Who, ...]
    targets: tuple[Who, ...]
    place: str | None
    when_value: str | None
    when_precision: str | None
    first_date: str | None
    n_sources: int
    history: tuple[StatusReport, ...]
    details: dict[str, tuple[Detail, ...]]
    mentions: tuple[tuple[str, int, int, str, int, int], ...]  # article, start, end, status,
    #                                                            trigger start, trigger end
    undated_day: str | None = None  # the day its undated reports were fused at (internal)

    @property
    def fused_first(self) -> str | None:
        """The day fusion read its first report on (an undated one's: the latest day then):
        where an update's replay finds it (`event_replay`), never shown."""
        return min((d for d in (self.first_date, self.undated_day) if d), default=None)

    @property
    def label(self) -> str:
        who = ", ".join(w.name for w in self.actors) or "someone"
        whom = ", ".join(w.name for w in self.targets)
        verb = self.type.lower() + (f" ({self.mode})" if self.mode else "")
        return f"{who} {verb}" + (f" {whom}" if whom else "")


# -- participants ----------------------------------------------------------------------------


def side_of(type_: str | None, country: str | None, roles: Iterable[str] = ()) -> str | None:
    """The state an entity belongs to: its own country code, else the nationality
    its role states ("Russian President" -> RU, "White House spokesman" -> US)."""
    if country:
        return country
    if type_ != "person":
        return None
    return _role_side(tuple(roles))


@functools.lru_cache(maxsize=65536)
def _role_side(roles: tuple[str, ...]) -> str | None:
    """The nationality roles state (cached: one entity's roles recur in every mention)."""
    for role in roles:
        words = role.replace(",", " ").split()
        for n in (3, 2, 1):
            for i in range(len(words) - n + 1):
                phrase = " ".join(words[i : i + n])
                code = (gazetteer.demonym_code(phrase) or gazetteer.country_code(phrase)
                        or (gazetteer.institution(phrase) or (None, None))[1])
                if code:
                    return code
    return None


def who_of(p: Participant, entity: str | None, name: str | None, type_: str | None,
           country: str | None, roles: Iterable[str] = ()) -> Who:
    """A mention's participant as a `Who`: the canonical entity when the phrase
    names one, the state the phrase stands for otherwise."""
    if entity:
        side = side_of(type_, country, roles)
        state = type_ in {"country", "place"} or (type_ == "org" and country is not None)
        if type_ == "place" and p.country:
            side = p.country
        if p.country and p.label in {"NORP", "GPE", "ORG"} and (p.entity_start, p.entity_end) \
                != (p.start, p.end):
            state = True  # "U.S. officials" stand for the United States
        return Who(entity, name or p.text, side or p.country, state)
    if p.country:
        return Who(None, gazetteer.country_name(p.country) if p.country in
                   gazetteer.countries() else p.text, p.country, True)
    return Who(None, p.text, None, False)


def _match(a: Who, b: Who) -> int:
    """Whether two participants may be one: 2 when they surely are (one entity, or the
    state itself on both sides: "Pyongyang" and "North Korea"), 1 when only their state's
    side matches, one of the two being a state ("Putin" and "Russia"), else 0."""
    if a.entity and b.entity:
        if a.entity == b.entity:
            return 2
    elif not a.entity and not b.entity and not a.side and not b.side:
        return 2 if a.name.casefold() == b.name.casefold() else 0
    if not (a.side and a.side == b.side and (a.is_state or b.is_state)):
        return 0
    return 2 if _the_state(a) and _the_state(b) else 1


@functools.lru_cache(maxsize=65536)
def _the_state(w: Who) -> bool:
    """Whether a participant is its state itself: named by no entity of its own ("U.S.
    officials"), by the country's name or capital ("Pyongyang"), the seat of its
    government ("the Kremlin") or its government ("the Russian government"); not a
    province, a city, an agency or a person of it."""
    if not (w.side and w.is_state):
        return False
    if not w.entity:
        return True
    words = w.name.split()
    if words and words[0].casefold() == "the":
        words = words[1:]
    if len(words) > 1 and words[-1].casefold() in _GOVERNMENT:
        words = words[:-1]
    name = " ".join(words)
    seat = gazetteer.institution(name)
    return w.side in {gazetteer.country_code(name), gazetteer.capital_state(name),
                      gazetteer.demonym_code(name)} or bool(
        seat and seat[0] in _SEATS and seat[1] == w.side)


def _compare(xs: Sequence[Who], ys: Sequence[Who], across: bool = False) -> int | None:
    """Matching participants (None: incompatible). Every identified participant
    of the smaller side must match one of the other (`_match`). `across` articles a
    match through the state's side alone is compatible but no evidence: "Hillary
    Clinton" and "the Orlando massacre" are both of the U.S., "the White House" and
    "Obama" may sign two bills."""
    return _compare_named([x for x in xs if x.identified], [y for y in ys if y.identified],
                          across)


def _compare_named(xs: Sequence[Who], ys: Sequence[Who], across: bool) -> int | None:
    """`_compare` of identified participants only."""
    if not xs or not ys:
        return 0
    small, large = (xs, ys) if len(xs) <= len(ys) else (ys, xs)
    hits = 0
    for s in small:
        best = max(_match(s, other) for other in large)
        if not best:
            return None
        hits += best == 2 or not across
    return hits


# -- time ------------------------------------------------------------------------------------


def _interval_of(item: EventItem) -> tuple[dt.date, dt.date] | None:
    t = item.mention.time
    if t is None:
        return None
    lo, hi = iso_day(t.low), iso_day(t.high)
    if lo is None:
        return None
    return lo, hi or lo


def _span_of(item: EventItem) -> tuple[dt.date, dt.date] | None:
    """When a mention is about: its stated time, else the time its article's date
    implies (news reports a happening within days and recalls an older one with a
    stated time): a done or ongoing one up to `RECENT_DAYS` before the article, a
    planned one up to `PLANNED_DAYS` after it, an unsure one (hypothetical, negated)
    either way; a rally or a march planned, only the week after it (a campaign holds
    one every few days). None when neither is known."""
    stated = item._stated
    if stated is not None:
        return stated
    day = item._day
    if day is None:
        return None
    status = item.mention.status
    if status == lx.PLANNED:
        ahead = RECENT_DAYS if _one_day(item.mention) else PLANNED_DAYS
        return day, day + dt.timedelta(days=ahead)
    if status in WEAK_STATUSES:
        return day - dt.timedelta(days=RECENT_DAYS), day + dt.timedelta(days=PLANNED_DAYS)
    return day - dt.timedelta(days=RECENT_DAYS), day


def _dated_of(item: EventItem) -> bool:
    """Whether the text dates the mention to a month or closer ("in 2015" does not)."""
    span = item._stated
    return span is not None and (span[1] - span[0]).days <= CONTINUING_DAYS


def _lasting(m: EventMention) -> bool:
    """Whether an action goes on by its nature (shipments, cooperation, sanctions, a
    deployment, a strike, a siege), so that its reports may be weeks apart; a rally or
    a march is a one-day happening, however often a campaign holds one."""
    if m.type in LASTING:
        return m.lemma in LASTING[m.type]
    return m.type in CONTINUING


def _one_day(m: EventMention) -> bool:
    """A happening held again and again, one day each: a rally, a march, a protest."""
    return m.type == lx.PROTEST and not _lasting(m)


def _one_of_many(item: EventItem) -> bool:
    """Whether a report of a one-day happening cannot single one out: a plural ("the
    violence at Trump's rallies") or a time wider than a week ("a rally last month")."""
    span = item._stated
    return (_noun(item.mention) and item.mention.trigger.lower() != item.mention.lemma) \
        or (span is not None and (span[1] - span[0]).days >= RECENT_DAYS)


def _slack(a: EventItem, b: EventItem) -> int:
    """Days two reports' times may lie apart: a month for a lasting action."""
    return CONTINUING_DAYS if a._lasting and b._lasting else TOLERANCE_DAYS


_SLACK = {CONTINUING_DAYS: dt.timedelta(days=CONTINUING_DAYS),
          TOLERANCE_DAYS: dt.timedelta(days=TOLERANCE_DAYS)}


def _times_fit(a: EventItem, b: EventItem, type_: str) -> bool:
    """Whether the (stated or implied, `_span_of`) times of two mentions overlap within the
    tolerance: a "U.S. meeting" reported in March and one reported in June, neither
    dated, are two meetings."""
    slack = _SLACK[_slack(a, b)]
    if a.article == b.article or a.key == b.key:  # copies repeat one article's sentences
        return _same_article_fit(a, b, slack)
    ia, ib = a._about, b._about
    if ia is None or ib is None:
        return True
    for x, y in ((a, b), (b, a)):
        if x._stated is not None and not x._dated and y._stated is None:
            return False  # "traveling with her for the past year" dates no one report
    return ia[0] - slack <= ib[1] and ib[0] - slack <= ia[1]


def _same_article_fit(a: EventItem, b: EventItem, slack: dt.timedelta) -> bool:
    """In one article a report with no stated time may go on with a happening the
    article dated just before ("visited Pyongyang in July 2000 ... met Kim"): only a
    stated time against the other's status bounds it (a done event no later than the
    article's date, a planned one no earlier), and a done report told before a stated
    past time is the article's news, not that past (`_news_before_past`). So too across
    its copies (one independence key), which repeat its sentences: the copy's "met" is
    the original's."""
    ia, ib = a._stated, b._stated
    if ia and ib:
        return ia[0] - slack <= ib[1] and ib[0] - slack <= ia[1]
    for have, stated, other in ((ia, a, b), (ib, b, a)):
        day = other._day
        if have is None or day is None:
            continue
        status = other.mention.status
        if _news_before_past(other, stated):
            return False
        if status == lx.PLANNED and have[1] < day - slack:
            return False  # planned after the article's date, not long before it
        if status in {lx.HAPPENED, lx.ONGOING} and have[0] > day + slack:
            return False  # reported as done before it happened
    return True


def _news_before_past(news: EventItem, past: EventItem) -> bool:
    """Whether a done report with no stated time comes, in one article, before a report
    its text dates weeks before the article: the article's news, told before it recalls
    a past happening, is not that past ("a truck struck the crowd ... after militants
    killed 130 people in Paris last November")."""
    stated, day = past._stated, news._day
    return (stated is not None and day is not None and news._stated is None
            and news.article == past.article
            and news.mention.status in {lx.HAPPENED, lx.ONGOING}
            and news.mention.trigger_start < past.mention.trigger_start
            and stated[1] < day - dt.timedelta(days=RECENT_DAYS + TOLERANCE_DAYS))


# -- clusters --------------------------------------------------------------------------------


def _place_country(item: EventItem) -> str | None:
    p = item.mention.place
    return p.country if p is not None else None


def _score(a: EventItem, b: EventItem) -> int | None:
    """Matching participants of two mentions, or None when they cannot be one event."""
    ma, mb = a.mention, b.mention
    if ma.type != mb.type or (ma.mode and mb.mode and ma.mode != mb.mode):
        return None
    if ma.type in VERBAL and a._family != b._family:
        return None  # a denial and a veto are two acts, whoever makes them
    across = a.key != b.key  # independent reports: copies repeat one sentence
    if across and ma.type == lx.ASSAULT and not _attacks_alike(a, b):
        return None
    if across and (_one_day(ma) or _one_day(mb)) and (_one_of_many(a) or _one_of_many(b)):
        return None
    if ma.type in SYMMETRIC:
        hits = _compare_named(a._actors + a._targets, b._actors + b._targets, across)
        if hits is None:
            return None
    else:
        ha = _compare_named(a._actors, b._actors, across)
        ht = _compare_named(a._targets, b._targets, across)
        if ha is None or ht is None:
            return None
        if not ht and _another_act(a, b):
            return None
        if across and not ha and ma.type in VERBAL \
                and (_to_person(a) or _to_person(b)):
            return None  # "endorsed Cruz", the actor unnamed: which of his endorsers?
        hits = ha + ht
    if _planned_after_done(a, b) or _planned_after_done(b, a):
        return None
    pa, pb = _place_country(a), _place_country(b)
    if pa and pb and pa != pb:
        return None
    if not _times_fit(a, b, ma.type):
        return None
    if not _reports_close(a, b, ma.type) and not _shared_entity(a, b):
        return None  # months apart, matched only through a state: two events
    return hits


def _to_person(item: EventItem) -> bool:
    """Whether a report names a person as its target: many people endorse, back,
    criticise or accuse one candidate, so the target alone does not say which act."""
    return any(p.label == "PERSON" for p in item.mention.targets)


def _physical(item: EventItem) -> bool:
    """Whether an attack report shows physical harm (`_physical_of`; worked out once for
    attacks, the only reports it is asked of in fusion)."""
    return _physical_of(item) if item._physical is None else item._physical


def _physical_of(item: EventItem) -> bool:
    """Whether an attack report shows physical harm: a weapon or harm named (its mode),
    or a state or place taking part ("the Paris attacks", "an attack on
    America"). "Sanders attacked Clinton", "Cruz's hopes of beating Trump" show none."""
    m = item.mention
    return (m.mode not in _FIGURATIVE_MODES
            or any(p.label in {"GPE", "LOC", "FAC", "NORP"} for p in m.actors + m.targets)
            or any(_the_state(w) for w in item.actors + item.targets))


def _attacks_alike(a: EventItem, b: EventItem) -> bool:
    """Whether two attack reports of two articles may be one attack: both physical, or
    both figurative (a rival criticised: "attacked Clinton") and each dated by the
    text, since a candidate attacks rivals every day."""
    pa, pb = _physical(a), _physical(b)
    if pa != pb:
        return False
    return pa or (a._dated and b._dated)


def _another_act(a: EventItem, b: EventItem) -> bool:
    """Whether two reports of a verbal act, matched on the actor alone, are two acts:
    independent articles, no stated time, and the target one names (resolved or not)
    is not the other's ("Rooks asked them not to march" and "Rooks asked for $5")."""
    ma, mb = a.mention, b.mention
    if ma.type not in VERBAL or a.key == b.key or ma.time is not None or mb.time is not None:
        return False
    if not ma.targets and not mb.targets:
        return False
    said = {p.text.casefold() for p in ma.targets}
    return not any(p.text.casefold() in said for p in mb.targets)


def _side_only(item: EventItem, c: _Cluster) -> bool:
    """Whether a meeting or cooperation report naming one person only ("Kim expands
    cooperation" with nations it does not name) would join an event of two or more
    named parties through that person's state alone: it names none of the event's
    own parties, so which meeting it reports is a guess."""
    if item.mention.type not in SYMMETRIC:
        return False
    named = [w for w in item.actors + item.targets if w.identified]
    if len(named) != 1 or named[0].is_state or not named[0].entity:
        return False
    theirs = [w for o in c.items for w in o.actors + o.targets if w.identified]
    parties = {w.entity or w.side for w in theirs}
    return len(parties) >= 2 and all(w.entity != named[0].entity for w in theirs)


def _reports_close(a: EventItem, b: EventItem, type_: str) -> bool:
    """Whether two mentions may be dated alike: either states a time (the stated
    times decide), or their articles are no further apart than the tolerance."""
    if a._dated or b._dated:
        return True
    da, db = a._day, b._day
    if da is None or db is None:
        return True
    return abs((da - db).days) <= _slack(a, b)


def _shared_entity(a: EventItem, b: EventItem) -> bool:
    mine = {w.entity for w in a.actors + a.targets if w.entity}
    return any(w.entity in mine for w in b.actors + b.targets if w.entity)


def act_family(lemma: str) -> str:
    """One key for the noun and verb of an act ("accusation" and "accuse")."""
    return _FAMILY.get(lemma, lemma)[:5]


def _planned_after_done(a: EventItem, b: EventItem) -> bool:
    """A report that an event is still to come, made no earlier than a report that
    it happened, is about another event (a second visit, a new round of talks)."""
    if a.mention.status != lx.PLANNED or b.mention.status not in {lx.HAPPENED, lx.ONGOING}:
        return False
    if a.day and b.day:
        return a.day >= b.day
    return a.article == b.article


#: Reports of two articles published more than this many days apart are never one event
#: (mentions of one article may be: "visited Pyongyang in July 2000 ... met Kim"). So
#: fusion ends in time: a cluster whose first report is older takes no more reports, a
#: whole fusion holds only the clusters of the last weeks open, and an update re-fuses
#: only the days around its articles (`event_replay`).
WINDOW_DAYS = 31
#: Mentions no event took are one event only within an article and its copies, which
#: are published within days of each other: this many at most.
ORPHAN_DAYS = 7


@dataclass
class _Cluster:
    items: list[EventItem] = field(default_factory=list)
    first: dt.date | None = None  # its first report's day (None: an undated article's)
    number: int = 0  # its place in `_Fusion.clusters` (kept when pickled, unlike id())
    orphan: bool = False  # of mentions no event took (`orphan_key`): an event from two

    @property
    def event(self) -> bool:
        """Whether the cluster is an event (an orphan one needs two reports)."""
        return bool(self.items) and (not self.orphan or len(self.items) > 1)


def orphan_key(item: EventItem) -> tuple[str, str, str] | None:
    """What the mentions no event took must share to be one event of their own: the
    article (its independence key: its copies too), the type and the word. None for a
    report that names several happenings or one of many alike: a plural, an act in words
    (a candidate "opposes" many things), an attack, or a hypothetical or negated one."""
    m = item.mention
    if m.status in WEAK_STATUSES or m.type in VERBAL or m.type == lx.ASSAULT or _plural(m):
        return None
    return (item.key, m.type, m.lemma)


def _strong(item: EventItem) -> bool:
    return (item.mention.status not in WEAK_STATUSES
            and any(w.identified for w in item.actors + item.targets))


def _order(item: EventItem) -> tuple:
    """Date order; on its day an undated article comes after the dated ones (they fuse
    within themselves first, as before they were read)."""
    return (item.day or "9999", item.undated, item.article, item.mention.trigger_start)


def _kinds(item: EventItem) -> tuple[tuple[str, ...], ...]:
    """What a cluster holding this mention is indexed by, and a mention looks clusters up
    by, besides a participant's mark (`_marks`, `_probes`): what two mentions must share
    to be one event at all (`_score`). The type; for verbal acts the act's family (a
    denial and a veto never fuse); for attacks, across independent articles, the attack's
    class (`_attack_class`: physical, or in words and dated by the text). A mention that
    `_score` joins with no report of another article (`_alone`) has only its own kind:
    its independence key, under which every report of its article and its copies is
    found too. A cluster found only through mentions of another kind holds one that
    `_score` rejects, so leaving it out changes nothing (the complete link, `_most`)."""
    m = item.mention
    if m.type in VERBAL:
        kind: tuple[str, ...] = (m.type, item._family)
        own = (*kind, "key", item.key)
    elif m.type == lx.ASSAULT:
        kind, own = (m.type, _attack_class(item) or ""), (m.type, "key", item.key)
    else:
        return ((m.type,),)
    return (own,) if _alone(item) else (kind, own)


def _alone(item: EventItem) -> bool:
    """Whether `_score` rejects every report of another article (another independence
    key) with this one: an attack in words no text dates (`_attacks_alike`), or a verbal
    act aimed at a person by no named actor ("endorsed Cruz": its `ha` is 0 against any
    report, and `_score` rejects such a pair across articles)."""
    if item.mention.type == lx.ASSAULT:
        return _attack_class(item) is None
    return item.mention.type in VERBAL and not item._actors and _to_person(item)


def _attack_class(item: EventItem) -> str | None:
    """Which attacks of other articles an attack report may be one with
    (`_attacks_alike`): the physical ones, or those in words dated by the text; none
    when it is in words and undated."""
    if _physical(item):
        return "physical"
    return "dated" if item._dated else None


def _marks(item: EventItem) -> set[tuple[str, str]]:
    """What a cluster holding this mention is found by: each participant's entity, its
    side, and its side as a state (`_probes`)."""
    out: set[tuple[str, str]] = set()
    for w in item.actors + item.targets:
        if w.entity:
            out.add(("e", w.entity))
        if w.side:
            out.add(("s", w.side))
            if w.is_state:
                out.add(("state", w.side))
    return out


def _probes(item: EventItem) -> set[tuple[str, str]]:
    """The marks of the mentions this one can match (`_match`): the same entity, or the
    same side where one of the two is the state itself."""
    out: set[tuple[str, str]] = set()
    for w in item.actors + item.targets:
        if w.entity:
            out.add(("e", w.entity))
        if w.side:
            out.add(("s", w.side) if w.is_state else ("state", w.side))
    return out


def _joinable(c: _Cluster, item: EventItem, day: dt.date | None) -> bool:
    """Whether a cluster may take a mention by time: its reports published within
    `WINDOW_DAYS` of the mention's article (mentions come in date order, so its first
    report decides; for mentions no event took, `ORPHAN_DAYS`), or, for an undated
    article (in a store with no dated one: else it is dated, `place_undated`), only its
    own article's cluster."""
    if c.first is None or day is None:
        return c.first is None and day is None and c.items[0].article == item.article
    return (day - c.first).days <= (ORPHAN_DAYS if c.orphan else WINDOW_DAYS)


class _Fusion:
    """Greedy fusion state: the clusters made so far and their indexes. Strong mentions
    come in date order (`strong`); weak ones (`weak`) join an event of their article once
    no later strong mention can change it. A cluster more than `WINDOW_DAYS` old leaves
    the key index (`_expire`), so each mention is compared with recent clusters only."""

    def __init__(self, indexed: bool = True) -> None:
        self.indexed = indexed
        self.clusters: list[_Cluster] = []
        self.by_type: dict[str, list[_Cluster]] = {}
        self.by_key: dict[tuple[tuple[str, ...], tuple[str, str]], set[int]] = {}  # (kind, key)
        self.by_article: dict[tuple[str, str], set[int]] = {}  # (type, article) -> clusters
        self.keys_of: dict[int, set[tuple[tuple[str, ...], tuple[str, str]]]] = {}  # its keys
        self.recent: deque[tuple[dt.date, int]] = deque()  # dated clusters by first day
        self.orphans: dict[tuple[str, str, str], list[int]] = {}  # `orphan_key` -> clusters

    def _enter(self, k: int, item: EventItem) -> None:
        keys = self.keys_of.get(k)
        for kind in _kinds(item):
            for key in _marks(item):
                self.by_key.setdefault((kind, key), set()).add(k)
                if keys is not None:
                    keys.add((kind, key))
        self.by_article.setdefault((item.mention.type, item.article), set()).add(k)

    def new(self, strong: list[EventItem], weak: Sequence[EventItem] = ()) -> _Cluster:
        """A cluster of these strong mentions (in date order) and weak ones joined to it."""
        k = len(self.clusters)
        c = _Cluster(list(strong) + list(weak), iso_day(strong[0].day), k)
        self.clusters.append(c)
        self.by_type.setdefault(strong[0].mention.type, []).append(c)
        if c.first is not None:
            self.recent.append((c.first, k))
            self.keys_of[k] = set()
        for item in strong:
            self._enter(k, item)
        return c

    def _expire(self, day: dt.date) -> None:
        while self.recent and (day - self.recent[0][0]).days > WINDOW_DAYS:
            _, k = self.recent.popleft()
            for key in self.keys_of.pop(k, ()):
                ks = self.by_key[key]
                ks.discard(k)
                if not ks:
                    del self.by_key[key]

    def _candidates(self, item: EventItem) -> list[_Cluster]:
        """The clusters holding a mention of one of the item's kinds (`_kinds`) that it
        can match (`_probes`)."""
        if not self.indexed:
            return self.by_type.get(item.mention.type, [])
        probes = _probes(item)
        found = {k for kind in _kinds(item) for key in probes
                 for k in self.by_key.get((kind, key), ())}
        return [self.clusters[k] for k in sorted(found)]

    def strong(self, item: EventItem) -> _Cluster:
        """Fuse a strong mention (after every earlier one): the cluster it joins or starts."""
        day = item._day
        if day is not None:
            self._expire(day)
        best, best_hits, tied = None, (0, 0), []
        for c in self._candidates(item):
            if not _joinable(c, item, day):
                continue
            # the checks are pure, so their order changes nothing but the cost: most
            # candidates fail the complete link at their first report (another act, a
            # verbal attack against a physical one, times apart), while evidence of one
            # happening (`_evidenced`) walks every report of a cluster that lacks it
            most = _most(item, c.items)
            if most is None or most <= 0 or _side_only(item, c) or not _evidenced(item, c):
                continue
            # more matching participants first, then more reports of the same status
            hits = (most, sum(o.mention.status == item.mention.status for o in c.items))
            if best is None or hits > best_hits:
                best, best_hits, tied = c, hits, [c]
            elif hits == best_hits:
                tied.append(c)
        if len(tied) > 1:
            best = _told_just_before(item, tied)
        if best is not None:
            best.items.append(item)
            self._enter(best.number, item)
            return best
        return self.new([item])

    def weak(self, item: EventItem) -> _Cluster | None:
        """Join a weak mention to an event of its own article (`_nearby`); else, where
        it may be (`orphan_key`), to the mentions no event took that it fits, or start
        theirs; or None."""
        type_ = item.mention.type
        near = [self.clusters[k] for k in sorted(self.by_article.get((type_, item.article), ()))] \
            if self.indexed else self.by_type.get(type_, [])
        target = _nearby(item, near)
        if target is not None:
            target.items.append(item)
            return target
        key = orphan_key(item)
        if key is None:
            return None
        for k in reversed(self.orphans.get(key, ())):  # the latest it fits
            c = self.clusters[k]
            if _joinable(c, item, item._day) and all(_score(item, o) is not None
                                                     for o in c.items):
                c.items.append(item)
                return c
        return self.orphan([item])

    def orphan(self, items: list[EventItem]) -> _Cluster:
        """A cluster of mentions no event took (`orphan_key`), in date order; it is found
        by that key alone (no participant mark, no article: an event of its article
        never looks at it)."""
        k = len(self.clusters)
        c = _Cluster(list(items), iso_day(items[0].day), k, orphan=True)
        self.clusters.append(c)
        self.orphans.setdefault(orphan_key(items[0]), []).append(k)
        return c


def latest_day(items: Iterable[EventItem]) -> str | None:
    """The latest reference day of the dated mentions' articles (None: none dated)."""
    return max((i.day for i in items if iso_day(i.day)), default=None)


def place_undated(items: Iterable[EventItem], latest: str | None) -> list[EventItem]:
    """The mentions, those of articles with no reference date dated `latest`: an undated
    page is taken to be about the latest news (so the undated page of a planned visit
    and a dated report of it are one event), read after that day's dated articles
    (`_order`). Deterministic on a store; when its latest
    day moves, every undated article moves with it (an update re-fuses it from its old
    day, `event_groups`)."""
    if latest is None:
        return list(items)
    return [i if iso_day(i.day) else replace(i, day=latest, undated=True) for i in items]


def fuse(items: Iterable[EventItem], indexed: bool = True
         ) -> tuple[list[Event], list[EventItem]]:
    """Events fused from mentions, and the mentions left unlinked.

    `indexed`: a mention is compared only with the recent clusters that hold a mention of
    its kind it can match (`_kinds`, `_probes`; strong mentions) or a mention of its
    article (weak ones); any other cluster scores 0 or None and is skipped anyway, so the
    result is the same as comparing every cluster of the type (`indexed=False`), in far
    less time. Weak mentions
    come after every strong one: they join a cluster whose reports all lie within
    `WINDOW_DAYS` of theirs, which no strong mention reported later changes, so an update
    may fuse them as soon as those days are passed (`event_replay`) with the same result.
    Mentions of undated articles are dated the latest day (`place_undated`)."""
    items = list(items)
    fusion = _Fusion(indexed)
    weak: list[EventItem] = []
    for item in sorted(place_undated(items, latest_day(items)), key=_order):
        if _strong(item):
            fusion.strong(item)
        else:
            weak.append(item)
    joined = [(item, fusion.weak(item)) for item in weak]
    unlinked = [item for item, c in joined if c is None or not c.event]
    events = [_event(c.items) for c in fusion.clusters if c.event]
    events.sort(key=lambda e: (e.when_value or e.first_date or "9999", e.id))
    return events, unlinked


def _evidenced(item: EventItem, c: _Cluster) -> bool:
    """Whether a mention may join a cluster reported by other articles only: then one of
    their mentions must show the same happening beyond actor and type (`_same_happening`);
    a cluster already holding a mention of its article (or of a copy) needs none."""
    if any(o.key == item.key for o in c.items):
        return True
    return any(_same_happening(item, o) for o in c.items)


def _same_happening(a: EventItem, b: EventItem) -> bool:
    """Evidence that two reports of independent articles are one happening, not two acts
    of one actor and type ("Trump called for" a wall and for a debate; "release" tax
    returns and medical records; "withdraw" from a race and troops): for a meeting the
    same two parties or more; else a shared identified target, the same object (its head
    word: "his tax returns"), or the same act (`act_family`) by the same actor done once
    (a resignation) or dated alike: both texts state its time, or one dates it within a
    week the other article was published in. Two exceptions, since the target alone says
    nothing there: a rival accused again (`_rivals`), and a state attacked again by
    another act ("invade Iraq" in 2003, "hit" the Islamic State's strongholds in Iraq):
    attacks named by two acts share a target only through an entity not a state itself."""
    ma = a.mention
    if ma.type in SYMMETRIC:
        if _shared_parties(a, b) >= 2:
            return True
    elif _rivals(a, b):
        pass  # the same act dated alike, below
    elif ma.type == lx.ASSAULT:
        if _shared_target_entity(a, b) or (_heads(a) & _heads(b)) - _state_heads(a, b) or (
                a._family == b._family
                and (_compare_named(a._targets, b._targets, True) or 0) > 0):
            return True
    elif (_compare_named(a._targets, b._targets, True) or 0) > 0 \
            or _heads(a) & _heads(b):
        return True
    if a._family != b._family:
        return False
    if a._family in ONCE_ACTS and (_compare_named(a._actors, b._actors, True) or 0) > 0:
        return True  # "Wasserman Schultz will resign": she resigns from her post once
    if a._dated and b._dated:
        return True
    return _dates_report(a, b) or _dates_report(b, a)


def _rivals(a: EventItem, b: EventItem) -> bool:
    """Whether two accusations aim at one person with no stated time: a candidate accuses
    a rival every week ("Sanders accused Clinton" of two things in one week), so the
    shared target and the same actor show no one act; only dates do."""
    return (a.mention.type == lx.ACCUSE and _to_person(a) and _to_person(b)
            and a.mention.time is None and b.mention.time is None)


def _shared_target_entity(a: EventItem, b: EventItem) -> bool:
    """Whether two attack reports name one target entity other than a state itself (a
    state is attacked again and again; a person, a building or a city once)."""
    mine = {w.entity for w in a.targets if w.entity and not _the_state(w)}
    return any(w.entity in mine for w in b.targets if w.entity and not _the_state(w))


def _state_heads(a: EventItem, b: EventItem) -> set[str]:
    """Head words that name a state (its country name or capital): no evidence of one
    attack ("Iraq" in "invade Iraq" and in "strongholds in Iraq")."""
    out: set[str] = set()
    for w in a.targets + b.targets:
        if w.side and _the_state(w):
            country = gazetteer.country_name(w.side) if w.side in gazetteer.countries() \
                else None
            for name in (w.name, country or ""):
                if name.split():
                    out.add(name.split()[-1].casefold())
    return out


def _shared_parties(a: EventItem, b: EventItem) -> int:
    """How many parties two meeting reports share: distinct on both sides, one at least
    surely (an entity, or a state itself), the others possibly through their state
    ("Drel met North Korea" and "the U.S. met the North Korean government")."""
    xs = [x for x in a.actors + a.targets if x.identified]
    ys = [y for y in b.actors + b.targets if y.identified]
    pairs = [(i, j, _match(x, y)) for i, x in enumerate(xs) for j, y in enumerate(ys)]
    pairs = [p for p in pairs if p[2]]
    if not any(m == 2 for _, _, m in pairs):
        return 0
    return min(len({i for i, _, _ in pairs}), len({j for _, j, _ in pairs}))


def _heads(item: EventItem) -> frozenset[str]:
    """The head words of what a mention is about: its target phrases, `what`, and the
    object the parse names though no target holds it (`EventMention.object_head`).
    Fusion asks this of the same mentions again and again (each candidate event's reports),
    so it is cached by those texts."""
    m = item.mention
    return _heads_of(tuple(p.text for p in m.targets), item.what, m.object_head)


@functools.lru_cache(maxsize=65536)
def _heads_of(targets: tuple[str, ...], what: tuple[str, ...], object_head: str | None
              ) -> frozenset[str]:
    out: set[str] = set()
    for text in list(targets) + list(what) + ([object_head] if object_head else []):
        words = [w for w in text.replace("'s", " ").split() if w[:1].isalnum()]
        if words:
            head = words[-1].casefold().strip(".,;:\"'")
            head = head[:-1] if head.endswith("s") and len(head) > 3 else head
            if head and head not in _NO_HEADS:
                out.add(head)
    return frozenset(out)


def _dates_report(a: EventItem, b: EventItem) -> bool:
    """Whether `a` states a time of at most a week that `b`'s undated report, from an
    article published then or the day after, falls in."""
    span, day = a._stated, b._day
    if span is None or day is None or b._stated is not None:
        return False
    return (span[1] - span[0]).days < NARROW_DAYS and span[0] <= day <= span[1] + \
        dt.timedelta(days=1)


def _most(item: EventItem, others: list[EventItem]) -> int | None:
    """The most participants the item matches in one of `others`; None when it cannot be
    one event with one of them (complete link: the first such ends the look)."""
    most = 0
    for other in others:
        score = _score(item, other)
        if score is None:
            return None
        most = max(most, score)
    return most


def _nearby(item: EventItem, clusters: list[_Cluster]) -> _Cluster | None:
    """The cluster a weak mention joins in its own article, or None (unsure).

    Never joined: a hypothetical or negated report naming no one ("would not get
    beat up at his rally": whose, and whether, is not said), and a plural noun naming
    several happenings ("in advance of visits from officials"). A report whose actor
    is named but unresolved ("individual staffers apologized") joins no event that
    names its actors: nothing shows they are the same. Candidates are the compatible
    clusters with a mention in the article; those naming the same act ("the summit"
    after "a summit") go first. A hypothetical or negated report joins the one
    candidate left whose participants it names, however far; an anaphor ("the
    visit") the one candidate left reported earlier in the article, or among several,
    the one named just before it ("... to meet with Putin. After that summit"), else
    the one event of the article's own time ("this visit" in an article on an
    upcoming visit, not the visit of 2000 it recalls). Otherwise, and always for a
    mention whose type is a guess (`unsure`), the nearest within `NEAR_CHARS`,
    an event reported before it first."""
    m = item.mention
    anaphor = _anaphor(item)
    named = m.status in WEAK_STATUSES and any(w.identified for w in item.actors + item.targets)
    if (m.status in WEAK_STATUSES and not named) or (not named and _plural(m)):
        return None
    unresolved = bool(item.actors) and not any(w.identified for w in item.actors)
    fits = _fits_anaphor if anaphor else _score
    cands: list[tuple[int, bool, _Cluster]] = []
    for c in clusters:
        same = [o for o in c.items if o.article == item.article]
        if not same or any(fits(item, o) is None for o in c.items):
            continue
        if named and max(_score(item, o) or 0 for o in c.items) <= 0:
            continue
        if unresolved and any(w.identified for o in c.items for w in _actors(o)):
            continue
        gap = min(abs(o.mention.trigger_start - m.trigger_start) for o in same)
        far = named or (anaphor and not m.unsure and any(
            o.mention.trigger_start < m.trigger_start for o in same))
        cands.append((gap, far, c))
    if len(cands) > 1:
        act = act_family(m.lemma)
        alike = [x for x in cands if any(act_family(o.mention.lemma) == act
                                         for o in x[2].items if o.article == item.article)]
        cands = alike or cands
    if len(cands) == 1 and cands[0][1]:
        return cands[0][2]
    if anaphor and len(cands) > 1:
        just = [x for x in cands if _before(item, x[2], JUST_BEFORE_CHARS)]
        if len(just) == 1:
            return just[0][2]
        now = [x for x in cands if x[1] and _current(x[2], item)]
        if len(now) == 1:
            return now[0][2]
    cands = [x for x in cands if _before(item, x[2], NEAR_CHARS)] or cands
    best, best_gap = None, NEAR_CHARS + 1
    for gap, _, c in cands:
        if gap < best_gap:
            best, best_gap = c, gap
    return best


def _told_just_before(item: EventItem, clusters: list[_Cluster]) -> _Cluster | None:
    """Of events a report fits equally, the one its article told last before it, at most
    `JUST_BEFORE_CHARS` before ("He first visited Pyongyang in July 2000, ... when he met
    with Kim's father": the 2000 visit); else None (unsure)."""
    at, text_gap = item.mention.trigger_start, JUST_BEFORE_CHARS + 1
    best: _Cluster | None = None
    for c in clusters:
        for o in c.items:
            gap = at - o.mention.trigger_start
            if o.article == item.article and 0 < gap < text_gap:
                best, text_gap = c, gap
    return best


def _before(item: EventItem, c: _Cluster, chars: int) -> bool:
    """Whether the event has a mention in the item's article at most `chars` before it."""
    at = item.mention.trigger_start
    return any(o.article == item.article and 0 < at - o.mention.trigger_start <= chars
               for o in c.items)


def _actors(item: EventItem) -> tuple[Who, ...]:
    """Who acts: for meetings, everyone taking part."""
    return item.actors + item.targets if item.mention.type in SYMMETRIC else item.actors


def _noun(m: EventMention) -> bool:
    """Whether the trigger is the noun of its lemma ("visit", "visits"), not a verb
    form ("visited", "to give up")."""
    word = m.trigger.lower()
    lemma = m.lemma.replace("_", " ")
    return m.lemma in lx.NOUNS and word in {lemma, lemma + "s", lemma + "es",
                                            lemma[:-1] + "ies"}


def _plural(m: EventMention) -> bool:
    """A plural noun naming several happenings ("visits", "attacks"); "talks",
    continuing actions ("protests", "sanctions") and verbal acts ("allegations", one
    act's claims) name one."""
    return (_noun(m) and m.trigger.lower() != m.lemma.replace("_", " ")
            and m.lemma not in PLURAL_ONE and m.type not in CONTINUING | VERBAL)


def _anaphor(item: EventItem) -> bool:
    """A noun report naming no participant at all ("the summit", "the protests"): it
    can only refer back to an event its article names. Objects moved ("providing
    artillery") are not participants; hypothetical and negated reports are not
    anaphors, nor is a verb with no subject ("to give up its weapons"): an act of
    someone unsaid, not a reference back."""
    m = item.mention
    return (m.status not in WEAK_STATUSES and not m.actors and not item.targets
            and (not m.targets or bool(item.what)) and _noun(m))


def _fits_anaphor(a: EventItem, b: EventItem) -> int | None:
    """`_score` for an anaphor: the same type, mode, act and country; its status and
    time count only when it states a time (a bare "this visit is a victory" does not
    say whether the visit is still to come)."""
    ma, mb = a.mention, b.mention
    if ma.type != mb.type or (ma.mode and mb.mode and ma.mode != mb.mode):
        return None
    if ma.type in VERBAL and act_family(ma.lemma) != act_family(mb.lemma):
        return None
    pa, pb = _place_country(a), _place_country(b)
    if pa and pb and pa != pb:
        return None
    if ma.time is not None and not _times_fit(a, b, ma.type):
        return None
    if ma.time is None and _news_before_past(a, b):
        return None  # "the bloodshed" told before "an attack in November" is not it
    return 0


def _current(c: _Cluster, item: EventItem) -> bool:
    """Whether every stated time of the event is within a month of the article's date."""
    day = iso_day(item.day)
    if day is None:
        return False
    slack = dt.timedelta(days=CONTINUING_DAYS)
    spans = [i._stated for i in c.items if i._stated]
    return all(lo - slack <= day <= hi + slack for lo, hi in spans)


def _ranked(whos: Iterable[Who], exclude: set[str] = frozenset()) -> tuple[Who, ...]:
    counts: Counter[str] = Counter()
    first: dict[str, Who] = {}
    for w in whos:
        if not w.identified:
            continue
        # a state named as "Pyongyang", "the North" and "North Korea" is listed once
        k = f"side:{w.side}" if w.is_state and w.side else (w.entity or f"side:{w.side}")
        if k in exclude or (w.entity and w.entity in exclude):
            continue
        counts[k] += 1
        if k not in first or (k.startswith("side:") and w.side in gazetteer.countries()
                              and w.name == gazetteer.country_name(w.side)):
            first[k] = w
    # a state named only through its officials is dropped when one of its entities is there
    keys = list(counts)
    return tuple(first[k] for k in sorted(keys, key=lambda k: (-counts[k], first[k].name)))


def _details(items: Sequence[EventItem], value) -> tuple[Detail, ...]:
    found: dict[str, list[EventItem]] = {}
    for it in items:
        for v in value(it):
            found.setdefault(v, []).append(it)
    return tuple(Detail(v, tuple(sorted({i.article for i in its})), len({i.key for i in its}))
                 for v, its in sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0])))


_PRECISION_RANK = {"time": 0, "day": 1, "week": 2, "month": 3, "season": 4, "quarter": 4,
                   "year": 5, "decade": 6, "century": 7}


def _event(items: list[EventItem]) -> Event:
    items = sorted(items, key=_order)
    strong = [i for i in items if _strong(i)] or items
    type_ = items[0].mention.type
    modes = Counter(i.mention.mode for i in items if i.mention.mode)
    mode = min(modes, key=lambda m: (-modes[m], m)) if modes else None
    actors = _ranked(w for i in strong for w in i.actors)
    taken = {f"side:{w.side}" if w.is_state and w.side else (w.entity or f"side:{w.side}")
             for w in actors} | {w.entity for w in actors if w.entity}
    targets = _ranked((w for i in strong for w in i.targets), taken)
    if type_ in SYMMETRIC:
        actors = _ranked(w for i in strong for w in i.actors + i.targets)
        targets = ()
    when = _details(items, lambda i: [i.mention.time.value] if i.mention.time else [])
    times = [i.mention.time for i in items if i.mention.time]
    when_value = when_precision = None
    if times:
        best = min(times, key=lambda t: (_PRECISION_RANK.get(t.precision, 9),
                                         -sum(1 for u in times if u.value == t.value), t.value))
        when_value, when_precision = best.value, best.precision
    places = _details(items, lambda i: [i.mention.place.text] if i.mention.place else [])
    what = _details(items, lambda i: list(i.what))
    # a report naming no participant says little of the event's status ("this visit is
    # a victory" before the visit): it counts as a source, not in the history
    reports = [i for i in items if not _anaphor(i)] or items
    history = _history(reports)
    days = sorted(i.day for i in items if i.day and not i.undated)
    placed = sorted(i.day for i in items if i.day and i.undated)
    keys = sorted(f"{i.article}:{i.mention.start}:{i.mention.end}" for i in items)
    return Event(
        id=hashlib.sha256("|".join(keys).encode()).hexdigest()[:16],
        type=type_, mode=mode, status=_headline(_history(reports, placed=True)),
        actors=actors, targets=targets,
        place=places[0].value if places else None, when_value=when_value,
        when_precision=when_precision, first_date=days[0] if days else None,
        n_sources=len({i.key for i in items}), history=history,
        details={k: v for k, v in (("when", when), ("place", places), ("what", what))
                 if len(v) > 1 or (k == "what" and v)},
        mentions=tuple((i.article, i.mention.start, i.mention.end, i.mention.status,
                        i.mention.trigger_start, i.mention.trigger_end) for i in items),
        undated_day=placed[0] if placed else None,
    )


def _history(items: Sequence[EventItem], placed: bool = False) -> tuple[StatusReport, ...]:
    """Each status by day; an undated article's report has no day (`placed`: the day it
    was fused at, for the headline), and comes last, as the latest news it is taken for."""
    groups: dict[tuple[str, str | None], list[EventItem]] = {}
    for i in items:
        groups.setdefault((i.mention.status, i.day if placed or not i.undated else None),
                          []).append(i)
    out = [StatusReport(status, day, len({i.key for i in its}),
                        tuple(sorted({i.article for i in its})))
           for (status, day), its in groups.items()]
    return tuple(sorted(out, key=lambda r: (r.date is None, r.date or "",
                                            STATUS_ORDER.index(r.status))))


def _headline(history: Sequence[StatusReport]) -> str:
    """The status as of the latest report: a planned event later reported as done
    is `happened`; hypothetical and negated reports never override others."""
    real = [r for r in history if r.status not in WEAK_STATUSES] or list(history)
    latest = max((r.date or "0000") for r in real)
    now = [r.status for r in real if (r.date or "0000") == latest]
    return min(now, key=STATUS_ORDER.index)


__all__ = ["Detail", "Event", "EventItem", "StatusReport", "Who", "fuse", "latest_day",
           "place_undated", "side_of", "who_of"]
