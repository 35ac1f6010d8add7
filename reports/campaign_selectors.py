"""Reads for campaigns, activities and volunteer service: the filtered lists
(wrapping the FilterSets), an activity's page and the dashboard's figures."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Prefetch, QuerySet, Sum, Value, When
from django.db.models.functions import TruncMonth

from campaigns.models import Activity, ActivityOrganiser, Campaign, UnitTally, VolunteerRecord
from core.freshness import cached_until_ledger_changes
from core.models import ReviewStatus
from core.queries import ARTICLE_TEXT
from reports.campaign_filters import ActivityFilterSet, CampaignFilterSet, VolunteerRecordFilterSet
from units.models import Honour, HonourAward, Unit, UnitAlias

ACCEPTED = ReviewStatus.ACCEPTED


def activity_queryset() -> QuerySet[Activity]:
    organisers = ActivityOrganiser.objects.select_related("unit").order_by("pk")
    return (
        Activity.objects.select_related("campaign", "article")
        .defer(*ARTICLE_TEXT)
        .prefetch_related(Prefetch("organiser_roles", queryset=organisers))
    )


def activity_filterset(*, data: Mapping | None = None) -> ActivityFilterSet:
    return ActivityFilterSet(data, queryset=activity_queryset())


def volunteer_record_queryset() -> QuerySet[VolunteerRecord]:
    return VolunteerRecord.objects.select_related(
        "unit", "unit__region", "activity", "activity__campaign", "article"
    ).defer(*ARTICLE_TEXT)


def volunteer_record_filterset(*, data: Mapping | None = None) -> VolunteerRecordFilterSet:
    return VolunteerRecordFilterSet(data, queryset=volunteer_record_queryset())


def volunteer_totals(*, records: QuerySet[VolunteerRecord]) -> dict:
    """Sums over a filtered set (one query): what "how many hours" asks for."""
    return records.order_by().aggregate(
        hours=Sum("hours"), person_times=Sum("person_times"), volunteers=Sum("volunteers"), records=Count("pk")
    )


def campaign_activity_counts() -> dict[int, int]:
    """Accepted activities per campaign (None: in no campaign). Each campaign
    holds a large share of a million activities, so counting them costs
    ~100 ms: cached until the ledger changes."""
    return cached_until_ledger_changes(
        "campaign-activity-counts",
        lambda: dict(
            Activity.objects.filter(review_status=ACCEPTED).order_by().values_list("campaign").annotate(n=Count("pk"))
        ),
    )


def campaign_queryset() -> QuerySet[Campaign]:
    # The cached counts go into the query as constants, so the list can still
    # sort and page by them in SQL.
    counts = campaign_activity_counts()
    activity_count = Case(
        *(When(pk=pk, then=Value(count)) for pk, count in counts.items() if pk is not None),
        default=Value(0),
        output_field=IntegerField(),
    )
    return Campaign.objects.select_related("region").annotate(activity_count=activity_count if counts else Value(0))


def campaign_filterset(*, data: Mapping | None = None) -> CampaignFilterSet:
    return CampaignFilterSet(data, queryset=campaign_queryset())


@dataclass(frozen=True)
class ActivityDetail:
    activity: Activity
    organisers: list[ActivityOrganiser]
    volunteer_records: list[VolunteerRecord]


def activity_detail(*, activity: Activity) -> ActivityDetail:
    return ActivityDetail(
        activity=activity,
        organisers=list(activity.organiser_roles.select_related("unit", "unit__region").order_by("pk")),
        volunteer_records=list(
            activity.volunteer_records.filter(review_status=ACCEPTED).select_related("unit").order_by("unit__name")
        ),
    )


@dataclass(frozen=True)
class CampaignDetail:
    activity_count: int
    recent_activities: list


def campaign_detail(*, campaign: Campaign, recent: int = 10) -> CampaignDetail:
    accepted = Activity.objects.filter(campaign=campaign, review_status=ACCEPTED)
    return CampaignDetail(
        activity_count=accepted.count(),
        recent_activities=list(accepted.order_by(F("date").desc(nulls_last=True), "-pk")[:recent]),
    )


# --- dashboard -------------------------------------------------------------


# What each part of the dashboard shows, and the permission needed to see it.
DASHBOARD_SECTIONS = {
    "units": "units.view_unit",
    "honours": "units.view_honouraward",
    "activities": "campaigns.view_activity",
    "volunteer": "campaigns.view_volunteerrecord",
}


def dashboard_sections(*, user) -> set[str]:
    return {section for section, permission in DASHBOARD_SECTIONS.items() if user.has_perm(permission)}


@dataclass(frozen=True)
class PendingCount:
    label: str
    count: int
    list_url_name: str | None


@dataclass(frozen=True)
class DashboardTotals:
    """Figures of the sections the reader may see; the others stay None."""

    units: int | None = None
    honours: int | None = None
    honours_by_level: list[tuple[str, str, int]] = field(default_factory=list)  # (level, label, count)
    activities: int | None = None
    volunteer_hours: Decimal | None = None
    person_times: int | None = None
    pending: list[PendingCount] = field(default_factory=list)

    @property
    def pending_total(self) -> int:
        return sum(item.count for item in self.pending)


PENDING_SOURCES = (
    ("单位", Unit, "units:unit_list", "units"),
    ("单位别名", UnitAlias, None, "units"),
    ("荣誉记录", HonourAward, "units:honour_list", "honours"),
    ("活动", Activity, "campaigns:activity_list", "activities"),
    ("志愿服务记录", VolunteerRecord, "campaigns:volunteer_list", "volunteer"),
)


def dashboard_totals(*, sections: set[str]) -> DashboardTotals:
    figures: dict = {}
    if "units" in sections:
        figures["units"] = Unit.objects.filter(review_status=ACCEPTED).count()
    if "honours" in sections:
        by_level = dict(
            HonourAward.objects.filter(review_status=ACCEPTED)
            .order_by()
            .values_list("honour__level")
            .annotate(n=Count("pk"))
        )
        figures["honours"] = sum(by_level.values())
        figures["honours_by_level"] = [(level, label, by_level.get(level, 0)) for level, label in Honour.Level.choices]
    if "activities" in sections:
        figures["activities"] = Activity.objects.filter(review_status=ACCEPTED).count()
    if "volunteer" in sections:
        volunteer = VolunteerRecord.objects.filter(review_status=ACCEPTED).aggregate(
            hours=Sum("hours"), person_times=Sum("person_times")
        )
        figures["volunteer_hours"] = volunteer["hours"] or Decimal("0")
        figures["person_times"] = volunteer["person_times"] or 0
    figures["pending"] = [
        PendingCount(label, model.objects.filter(review_status=ReviewStatus.PENDING).count(), url_name)
        for label, model, url_name, section in PENDING_SOURCES
        if section in sections
    ]
    return DashboardTotals(**figures)


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def volunteer_hours_undated() -> Decimal:
    """Accepted hours whose period has no start date: they go into no month."""
    total = VolunteerRecord.objects.filter(
        review_status=ACCEPTED, period_start__isnull=True, hours__isnull=False
    ).aggregate(hours=Sum("hours"))["hours"]
    return total or Decimal("0")


def volunteer_hours_by_month(*, months: int = 24) -> list[tuple[datetime.date, Decimal]]:
    """Accepted hours by the month their period starts, for the ``months``
    months up to the latest one with data, empty months included (a gap is
    information too). Records without a start date cannot be placed."""
    rows = (
        VolunteerRecord.objects.filter(review_status=ACCEPTED, period_start__isnull=False, hours__isnull=False)
        .annotate(month=TruncMonth("period_start"))
        .order_by()
        .values_list("month")
        .annotate(hours=Sum("hours"))
    )
    totals = {}
    for month, hours in rows:
        # SQLite returns a date, PostgreSQL may return a datetime for TruncMonth.
        if isinstance(month, datetime.datetime):
            month = month.date()
        totals[month.replace(day=1)] = hours
    if not totals:
        return []
    last = max(totals)
    first = max(min(totals), add_months(last, -(months - 1)))
    series = []
    month = first
    while month <= last:
        series.append((month, totals.get(month, Decimal("0"))))
        month = add_months(month, 1)
    return series


def volunteer_hours_by_unit(*, limit: int = 10) -> list[tuple[Unit, Decimal]]:
    """The units with the most accepted volunteer hours, read from their tallies
    (units/tallies.py) rather than summed over every record."""
    tallies = (
        UnitTally.objects.filter(volunteer_hours__gt=0)
        .select_related("unit")
        .order_by(F("volunteer_hours").desc(nulls_last=True), F("unit").desc(nulls_last=True))[:limit]
    )
    return [(tally.unit, tally.volunteer_hours) for tally in tallies]


def honours_by_level_and_year(*, years: int = 12) -> list[tuple[int, dict[str, int]]]:
    """Accepted awards per year (the last ``years`` years with any), split by level."""
    rows = (
        HonourAward.objects.filter(review_status=ACCEPTED, year__isnull=False)
        .order_by()
        .values_list("year", "honour__level")
        .annotate(n=Count("pk"))
    )
    table: dict[int, dict[str, int]] = {}
    for year, level, count in rows:
        table.setdefault(year, {})[level] = count
    if not table:
        return []
    last = max(table)
    first = max(min(table), last - years + 1)
    return [(year, table.get(year, {})) for year in range(first, last + 1)]


def activities_by_campaign(*, limit: int = 10) -> list[tuple[Campaign | None, int]]:
    counts = campaign_activity_counts()
    campaigns = Campaign.objects.in_bulk([pk for pk in counts if pk is not None])
    # Most first; ties by id, activities in no campaign after the campaigns.
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0] is None, item[0] or 0))[:limit]
    return [(campaigns.get(pk), count) for pk, count in ranked]
