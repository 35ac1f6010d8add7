"""Staff pages for campaigns, activities and volunteer service, and the
dashboard that opens the site."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from campaigns.models import Activity, Campaign, VolunteerRecord
from core.freshness import cached_until_ledger_changes, query_key
from reports.campaign_selectors import (
    activities_by_campaign,
    activity_detail,
    add_months,
    campaign_detail,
    dashboard_sections,
    dashboard_totals,
    honours_by_level_and_year,
    volunteer_hours_by_month,
    volunteer_hours_by_unit,
    volunteer_hours_undated,
    volunteer_totals,
)
from reports.charts import bar_chart, column_chart, format_large, format_number, stacked_column_chart
from reports.site import Column, FilteredListView, StaffDetailView
from units.models import Honour


class ActivityListView(FilteredListView):
    export_key = "activities"
    template_name = "campaigns/activity_list.html"
    columns = (
        Column("日期", "date", descending_first=True),
        Column("活动名称", "title"),
        Column("创建活动", "campaign"),
        Column("类型", "kind"),
        Column("组织单位"),
        Column("参与人数", "participants", numeric=True, descending_first=True),
        Column("审核"),
    )


class VolunteerRecordListView(FilteredListView):
    export_key = "volunteer"
    template_name = "campaigns/volunteerrecord_list.html"
    columns = (
        Column("单位", "unit"),
        Column("服务时长（小时）", "hours", numeric=True, descending_first=True),
        Column("服务人次", "person_times", numeric=True, descending_first=True),
        Column("志愿者人数", "volunteers", numeric=True, descending_first=True),
        Column("统计期间", "period", descending_first=True),
        Column("活动"),
        Column("审核"),
        Column("来源"),
    )

    def get_extra_context(self, filterset, queryset):
        # A sum over every matching record (the whole table, unfiltered):
        # cached per filter, so paging and re-sorting the same results reuse it.
        records = queryset.order_by()
        key = query_key(records)
        if key is None:
            return {"totals": volunteer_totals(records=records)}
        return {
            "totals": cached_until_ledger_changes(f"volunteer-totals:{key}", lambda: volunteer_totals(records=records))
        }


class CampaignListView(FilteredListView):
    export_key = "campaigns"
    template_name = "campaigns/campaign_list.html"
    columns = (
        Column("名称", "name"),
        Column("其他写法"),
        Column("级别", "level"),
        Column("地区"),
        Column("开展期间", "start", descending_first=True),
        Column("活动数", "activities", numeric=True, descending_first=True),
    )


class ActivityDetailView(StaffDetailView):
    model = Activity
    template_name = "campaigns/activity_detail.html"
    context_object_name = "activity"

    def get_queryset(self):
        return Activity.objects.select_related("campaign", "article", "article__source", "reviewed_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["detail"] = activity_detail(activity=self.object)
        return context


class VolunteerRecordDetailView(StaffDetailView):
    model = VolunteerRecord
    template_name = "campaigns/volunteerrecord_detail.html"
    context_object_name = "record"

    def get_queryset(self):
        return VolunteerRecord.objects.select_related("unit", "activity", "article", "article__source", "reviewed_by")


class CampaignDetailView(StaffDetailView):
    model = Campaign
    template_name = "campaigns/campaign_detail.html"
    context_object_name = "campaign"

    def get_queryset(self):
        return Campaign.objects.select_related("region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["detail"] = campaign_detail(campaign=self.object)
        return context


def _list_url(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def _month_chart():
    points = []
    for month, hours in volunteer_hours_by_month():
        last_day = add_months(month, 1) - datetime.timedelta(days=1)
        points.append(
            (
                f"{month.month}月",
                f"{month.year}年",
                hours,
                _list_url(
                    "campaigns:volunteer_list",
                    period_after=month.isoformat(),
                    period_before=last_day.isoformat(),
                ),
            )
        )
    undated = volunteer_hours_undated()
    if undated:
        # Hours of records without a start date would otherwise vanish from the chart while
        # the dashboard's card counts them.
        points.append(("日期不详", "", undated, None))
    return column_chart(points, title="每月志愿服务时长（按统计起始月份）", unit="小时")


def _honour_chart():
    rows = honours_by_level_and_year()
    series = []
    for level, label in Honour.Level.choices:
        values = [counts.get(level, 0) for _, counts in rows]
        urls = [_list_url("units:honour_list", year_min=year, year_max=year, level=level) for year, _ in rows]
        series.append((f"level-{level}", label, values, urls))
    return stacked_column_chart(
        [f"{year}" for year, _ in rows], series, title="各年荣誉记录（按级别）", unit="条", whole=True
    )


def _unit_hours_chart():
    return bar_chart(
        [(unit.name, hours, reverse("units:unit_detail", args=[unit.pk])) for unit, hours in volunteer_hours_by_unit()],
        title="志愿服务时长前十的单位",
        unit="小时",
    )


def _campaign_chart():
    return bar_chart(
        [
            (
                campaign.name if campaign else "未归入创建活动",
                count,
                _list_url("campaigns:activity_list", campaign=campaign.pk) if campaign else None,
            )
            for campaign, count in activities_by_campaign()
        ],
        title="各创建活动的活动数",
        unit="项",
        whole=True,
    )


# Each chart, the sections (permissions) it needs, and how to draw it.
CHARTS = (
    ("hours-by-month", {"volunteer"}, _month_chart),
    ("hours-by-unit", {"volunteer", "units"}, _unit_hours_chart),
    ("honours-by-year", {"honours"}, _honour_chart),
    ("activities-by-campaign", {"activities"}, _campaign_chart),
)


@login_required
def dashboard(request):
    """The home page: totals and four charts, all of accepted records. Each
    part shows only with the view permission of what it counts; a user with
    none of them is refused, like the lists."""
    sections = dashboard_sections(user=request.user)
    if not sections:
        raise PermissionDenied
    # Whole-table sums: cached, and recomputed as soon as any record changes.
    totals, charts = cached_until_ledger_changes(
        f"dashboard:{','.join(sorted(sections))}", lambda: _dashboard_figures(sections)
    )
    return render(
        request,
        "campaigns/dashboard.html",
        {
            "sections": sections,
            "totals": totals,
            "volunteer_hours": format_large(totals.volunteer_hours),
            "person_times": format_number(totals.person_times),
            "charts": charts,
        },
    )


def _dashboard_figures(sections: set[str]):
    charts = [(name, draw()) for name, needs, draw in CHARTS if needs <= sections]
    return dashboard_totals(sections=sections), charts
