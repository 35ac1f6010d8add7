"""Holdings: a unit's events for one honour read as a timeline, with the current
status and term end derived from them (never typed).

The rules (../shared/reference/honours.md, B):
- events are ordered by year, then by their usual order within a year (命名
  before 复查, 黄牌警告 before 整改 before 恢复); rejected events do not count;
- the latest event decides the status: 撤销 and 自动终止 end the holding, 黄牌警告 and
  整改 leave it held under warning, any other event keeps it held;
- the term is the latest event's: its round's term, or for an honour without
  rounds three years from its year; a held holding whose term is over has expired
  (期满) until a review or a new round names it again;
- a holding is due for review in a year when it is held (or warned) and its term
  runs through that year (复查 is yearly within the term).

`unit_holdings` builds timelines in Python for one unit; `latest_events` states the
same rules in SQL for lists over the whole registry.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import date
from functools import reduce

from django.db import models
from django.db.models import Case, Exists, F, IntegerField, Max, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, ExtractYear

from core.models import ReviewStatus
from units.models import TERM_YEARS, Honour, HonourAward, HonourRound, Unit

Status = HonourAward.Status


class HoldingState(models.TextChoices):
    HELD = "held", "有效"
    WARNED = "warned", "警告整改中"
    EXPIRED = "expired", "期满未确认"
    REVOKED = "revoked", "已撤销"
    LAPSED = "lapsed", "自动终止"


# The usual order of events within one year.
EVENT_ORDER = {
    Status.AWARDED: 0,
    Status.RECOGNISED: 1,
    Status.CONFIRMED: 2,
    Status.RETAINED: 3,
    Status.WARNED: 4,
    Status.RECTIFYING: 5,
    Status.RESTORED: 6,
    Status.REVOKED: 7,
    Status.LAPSED: 8,
}
WARNING_EVENTS = (Status.WARNED, Status.RECTIFYING)
ENDING_EVENTS = {Status.REVOKED: HoldingState.REVOKED, Status.LAPSED: HoldingState.LAPSED}
LIVE_STATES = (HoldingState.HELD, HoldingState.WARNED)


def event_sort_key(award: HonourAward) -> tuple:
    # Complete: a holding has one event of a kind a year at most (the model's constraint).
    return (award.year or 0, EVENT_ORDER.get(award.status, 0))


def event_term_end(award: HonourAward) -> date | None:
    if award.round_id is not None:
        return award.round.term_end
    if award.year is None:
        return None
    return date(award.year + TERM_YEARS - 1, 12, 31)


def holding_state(latest: HonourAward, term_end: date | None, today: date) -> HoldingState:
    if latest.status in ENDING_EVENTS:
        return ENDING_EVENTS[latest.status]
    if term_end is not None and term_end.year < today.year:
        return HoldingState.EXPIRED
    if latest.status in WARNING_EVENTS:
        return HoldingState.WARNED
    return HoldingState.HELD


@dataclass
class Holding:
    """A unit's holding of one honour: its events in order, rejected ones left out."""

    unit: Unit
    honour: Honour
    events: list[HonourAward]

    @property
    def latest(self) -> HonourAward:
        return self.events[-1]

    @property
    def since(self) -> int | None:
        return next((e.year for e in self.events if e.year), None)

    @property
    def term_end(self) -> date | None:
        return event_term_end(self.latest)

    def state(self, today: date) -> HoldingState:
        return holding_state(self.latest, self.term_end, today)

    def due_in(self, year: int) -> bool:
        end = self.term_end
        live = self.state(date(year, 1, 1)) in LIVE_STATES
        return live and end is not None and end.year >= year and (self.latest.year or year) <= year


def unit_holdings(unit: Unit, *, accepted_only: bool = False) -> list[Holding]:
    """The unit's holdings, national honours first, each with its events in order.
    `accepted_only`: events still pending review left out too (the ledger's rule)."""
    events = HonourAward.objects.filter(unit=unit).select_related("honour", "round", "article", "article__source")
    if accepted_only:
        events = events.filter(review_status=ReviewStatus.ACCEPTED)
    else:
        events = events.exclude(review_status=ReviewStatus.REJECTED)
    by_honour: dict[int, list[HonourAward]] = {}
    for event in sorted(events, key=event_sort_key):
        by_honour.setdefault(event.honour_id, []).append(event)
    level_order = {value: i for i, value in enumerate(Honour.Level.values)}
    holdings = [Holding(unit, events[0].honour, events) for events in by_honour.values()]
    return sorted(holdings, key=lambda h: (level_order.get(h.honour.level, 99), h.honour.name))


# -- the same rules in SQL


def _event_rank():
    return Case(*(When(status=s, then=Value(n)) for s, n in EVENT_ORDER.items()), default=Value(0))


def term_end_year():
    return Coalesce(ExtractYear("round__term_end"), F("year") + (TERM_YEARS - 1), output_field=IntegerField())


def latest_events(events: QuerySet[HonourAward] | None = None, *, term_ends_from: int | None = None):
    """The latest counting event of each holding among `events` (all events by
    default), annotated with its term's last year. Filter `events` only by what is
    the same for all of a holding's events (unit, honour, region): anything else
    would change which is latest.

    `term_ends_from`: only holdings whose term runs at least into that year, read
    from the years whose terms can reach it (the due list, at any size).

    A holding has at most one event of a kind a year (the model's constraint), so
    year and kind order its events completely: an event is the latest when no
    counting event of its holding comes after it."""
    events = HonourAward.objects.all() if events is None else events
    events = events.exclude(review_status=ReviewStatus.REJECTED).annotate(
        term_end_year=term_end_year(), year_key=Coalesce("year", 0), rank=_event_rank()
    )
    if term_ends_from is not None:
        reach = Q(year__gte=term_ends_from - longest_term()) | Q(year__isnull=True)
        events = events.filter(reach, term_end_year__gte=term_ends_from)
    later = (
        HonourAward.objects.filter(unit_id=OuterRef("unit_id"), honour_id=OuterRef("honour_id"))
        .exclude(review_status=ReviewStatus.REJECTED)
        .annotate(year_key=Coalesce("year", 0), rank=_event_rank())
        .filter(Q(year_key__gt=OuterRef("year_key")) | Q(year_key=OuterRef("year_key"), rank__gt=OuterRef("rank")))
    )
    return events.filter(~Exists(later))


def longest_term() -> int:
    """The most years between an event and its term's last year (a round's term
    may outrun the usual three years: the sixth national round ran 2020–2025)."""
    spans = HonourRound.objects.aggregate(longest=Max(ExtractYear("term_end") - F("year")))
    return max(spans["longest"] or 0, TERM_YEARS - 1)


def state_in(year: int):
    """The holding state of a latest event in `year`, as SQL (holding_state)."""
    return Case(
        When(status=Status.REVOKED, then=Value(HoldingState.REVOKED.value)),
        When(status=Status.LAPSED, then=Value(HoldingState.LAPSED.value)),
        When(term_end_year__lt=year, then=Value(HoldingState.EXPIRED.value)),
        When(status__in=WARNING_EVENTS, then=Value(HoldingState.WARNED.value)),
        default=Value(HoldingState.HELD.value),
        output_field=models.CharField(),
    )


def state_q(states, year: int) -> Q:
    """Latest events whose holding is in one of `states` in `year` (what state_in
    says), tested on the columns themselves. PostgreSQL cannot estimate a test of
    state_in's CASE and guesses 1 % of the rows; on the expiring list, where three
    in four holdings match, that guess made it sort all 38,000 of them (380 ms at
    a million activities) instead of walking the year index and stopping after a
    page (7 ms)."""
    ending = tuple(ENDING_EVENTS)
    expired = Q(term_end_year__lt=year)
    running = Q(term_end_year__gte=year) | Q(term_end_year__isnull=True)
    tests = {
        HoldingState.REVOKED: Q(status=Status.REVOKED),
        HoldingState.LAPSED: Q(status=Status.LAPSED),
        HoldingState.EXPIRED: ~Q(status__in=ending) & expired,
        HoldingState.WARNED: Q(status__in=WARNING_EVENTS) & running,
        HoldingState.HELD: ~Q(status__in=(*ending, *WARNING_EVENTS)) & running,
    }
    return reduce(operator.or_, (tests[HoldingState(state)] for state in states))


def due_q(year: int) -> Q:
    """A latest event (annotated by latest_events) whose holding is due for review in `year`."""
    return Q(term_end_year__gte=year) & ~Q(status__in=tuple(ENDING_EVENTS)) & (Q(year__lte=year) | Q(year__isnull=True))
