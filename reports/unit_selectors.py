"""Reads for units, regions and honours: the filtered lists (wrapping the
FilterSets, so the list view, its export and the ``export`` command agree) and
what a unit's page shows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear

from articles.models import Article
from campaigns.models import Activity, ActivityOrganiser, UnitTally, VolunteerRecord
from core.freshness import cached_until_ledger_changes
from core.models import ReviewStatus
from core.queries import ARTICLE_TEXT
from reports.unit_filters import HonourAwardFilterSet, UnitFilterSet
from units.models import HonourAward, Unit, UnitAlias

ACCEPTED = ReviewStatus.ACCEPTED


HOURS_FIELD = DecimalField(max_digits=14, decimal_places=1)
UNIT_LIST_HONOURS = 4


def unit_queryset() -> QuerySet[Unit]:
    """Units with what the list shows: accepted honours (prefetched) and the
    counts kept in each unit's tally (units/tallies.py), which the list also
    sorts by; counting them per request would read a million rows for a page
    of the busiest units."""
    # The list shows a unit's first few honours and a count; a unit of long
    # standing holds a hundred, so only those few are loaded.
    accepted_awards = (
        HonourAward.objects.filter(review_status=ACCEPTED)
        .select_related("honour")
        .order_by("year", "pk")[:UNIT_LIST_HONOURS]
    )
    return (
        Unit.objects.select_related("region")
        .annotate(
            honour_count=Coalesce(F("tally__honour_count"), 0),
            activity_count=Coalesce(F("tally__activity_count"), 0),
            volunteer_hours=Coalesce(F("tally__volunteer_hours"), Value(Decimal("0")), output_field=HOURS_FIELD),
        )
        .prefetch_related(Prefetch("honour_awards", queryset=accepted_awards, to_attr="accepted_awards"))
    )


def unit_filterset(*, data: Mapping | None = None) -> UnitFilterSet:
    return UnitFilterSet(data, queryset=unit_queryset())


def honour_award_queryset() -> QuerySet[HonourAward]:
    return HonourAward.objects.select_related("unit", "unit__region", "honour", "article").defer(*ARTICLE_TEXT)


def honour_award_filterset(*, data: Mapping | None = None) -> HonourAwardFilterSet:
    return HonourAwardFilterSet(data, queryset=honour_award_queryset())


@dataclass(frozen=True)
class VolunteerYear:
    year: int | None
    hours: Decimal | None
    person_times: int | None
    volunteers: int | None
    records: int


@dataclass(frozen=True)
class UnitDetail:
    unit: Unit
    aliases: list[UnitAlias]
    honours: list[HonourAward]
    activities: list[Activity]
    activity_count: int
    volunteer_years: list[VolunteerYear]
    articles: list[Article]
    article_count: int
    pending_count: int


UNIT_PAGE_ACTIVITIES = 20
UNIT_PAGE_ARTICLES = 20


def unit_article_ids(*, unit: Unit) -> set[int]:
    """The ids of the articles that any record of the unit was read from.

    Collected table by table: one query over the five record tables joined by
    OR made the database test every article against all five (a tenth of a
    second for the busiest unit, twice per page: for the count and the rows)."""
    ids = {unit.article_id} if unit.article_id else set()
    for records in (
        UnitAlias.objects.filter(unit=unit),
        HonourAward.objects.filter(unit=unit),
        VolunteerRecord.objects.filter(unit=unit),
        Activity.objects.filter(organiser_roles__unit=unit),
    ):
        ids.update(records.filter(article__isnull=False).order_by().values_list("article_id", flat=True).distinct())
    return ids


ARTICLE_ORDER = (F("published_on").desc(nulls_last=True), "-pk")


def unit_newest_articles(*, unit: Unit) -> tuple[list[int], int]:
    """The ids of the unit's newest articles, as many as its page shows, and how
    many articles it has in all."""
    ids = unit_article_ids(unit=unit)
    newest = Article.objects.filter(pk__in=sorted(ids)).order_by(*ARTICLE_ORDER).values_list("pk", flat=True)
    return list(newest[:UNIT_PAGE_ARTICLES]), len(ids)


def unit_detail(*, unit: Unit) -> UnitDetail:
    """What a unit's page shows: accepted records only, with a count of those
    still waiting for review."""
    activities = (
        Activity.objects.filter(
            Exists(ActivityOrganiser.objects.filter(activity=OuterRef("pk"), unit=unit)), review_status=ACCEPTED
        )
        .select_related("campaign")
        .order_by(F("date").desc(nulls_last=True), "-pk")
    )
    by_year = (
        VolunteerRecord.objects.filter(unit=unit, review_status=ACCEPTED)
        .annotate(year=ExtractYear("period_start"))
        .order_by()
        .values("year")
        .annotate(
            hours=Sum("hours"), person_times=Sum("person_times"), volunteers=Sum("volunteers"), records=Count("pk")
        )
    )
    # Newest first; records without a start date last, on either database.
    volunteer_years = sorted(
        (VolunteerYear(**row) for row in by_year), key=lambda row: (row.year is None, -(row.year or 0))
    )
    # The busiest units have ten thousand articles behind them: which are the newest
    # is found once until the ledger changes (sending their ids on every view cost
    # more than the rest of the page's queries together).
    newest_ids, article_count = cached_until_ledger_changes(
        f"unit-newest-articles:{unit.pk}", lambda: unit_newest_articles(unit=unit)
    )
    articles = Article.objects.filter(pk__in=newest_ids).select_related("source").defer("text", "raw_text")
    pending = sum(
        model.objects.filter(review_status=ReviewStatus.PENDING, unit=unit).count()
        for model in (HonourAward, UnitAlias, VolunteerRecord)
    )
    return UnitDetail(
        unit=unit,
        aliases=list(unit.aliases.filter(review_status=ACCEPTED).order_by("name")),
        honours=list(
            unit.honour_awards.filter(review_status=ACCEPTED)
            .select_related("honour", "article")
            .order_by(F("year").asc(nulls_last=True), "honour__name")
        ),
        activities=list(activities[:UNIT_PAGE_ACTIVITIES]),
        # Kept in the unit's tally: counting the busiest unit's ten thousand
        # activities on every view of its page took a tenth of a second.
        activity_count=UnitTally.objects.filter(unit=unit).values_list("activity_count", flat=True).first() or 0,
        volunteer_years=volunteer_years,
        articles=list(articles.order_by(*ARTICLE_ORDER)),
        article_count=article_count,
        pending_count=pending,
    )
