"""FilterSets for the campaign, activity and volunteer-service lists."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from campaigns.models import Activity, ActivityOrganiser, Campaign, VolunteerRecord
from campaigns.queries import campaign_q, organiser_name_q
from core.filtering import (
    ReviewedFilterSet,
    SiteFilterSet,
    WordSearchFilter,
    date_range_filter,
    date_year_range_filter,
    sort_ordering,
)
from reports.unit_filters import RegionFilter
from units.models import Unit
from units.queries import region_descendant_ids, unit_alias_q


class CampaignChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.aliases:
            return f"{obj.name}（{'、'.join(str(alias) for alias in obj.aliases)}）"
        return obj.name


class CampaignFilter(django_filters.ModelChoiceFilter):
    field_class = CampaignChoiceField


def campaign_choice_filter(**kwargs):
    return CampaignFilter(
        label="创建活动", queryset=Campaign.objects.order_by("name"), empty_label="全部创建活动", **kwargs
    )


class ActivityFilterSet(ReviewedFilterSet):
    q = WordSearchFilter(lookups=["title", "place", "description", campaign_q("campaign__"), organiser_name_q])
    campaign = campaign_choice_filter()
    kind = django_filters.ChoiceFilter(label="活动类型", choices=Activity.Kind.choices, empty_label="全部类型")
    date = date_range_filter(label="日期")
    region = RegionFilter(field_name="region", method="filter_region", label="组织单位地区（含下级）")
    unit_name = django_filters.CharFilter(
        label="组织单位名称含", method="filter_unit_name", widget=forms.TextInput(attrs={"placeholder": "如：局"})
    )
    unit = django_filters.ModelChoiceFilter(
        label="组织单位", queryset=Unit.objects.all(), widget=forms.HiddenInput, method="filter_unit"
    )
    sort = sort_ordering(
        fields={
            "date": "date",
            "title": "title",
            "campaign__name": "campaign",
            "kind": "kind",
            "participants": "participants",
        },
    )

    class Meta:
        model = Activity
        fields = []

    def filter_region(self, queryset, name, value):
        organised_there = ActivityOrganiser.objects.filter(
            activity=OuterRef("pk"), unit__region_id__in=region_descendant_ids(region=value)
        )
        return queryset.filter(Exists(organised_there))

    def filter_unit_name(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.filter(
            Exists(ActivityOrganiser.objects.filter(unit_alias_q("unit__")(value.strip()), activity=OuterRef("pk")))
        )

    def filter_unit(self, queryset, name, value):
        return queryset.filter(Exists(ActivityOrganiser.objects.filter(activity=OuterRef("pk"), unit=value)))


class VolunteerRecordFilterSet(ReviewedFilterSet):
    q = WordSearchFilter(lookups=[unit_alias_q("unit__"), "activity__title", "period_text", "evidence"])
    unit_name = django_filters.CharFilter(
        label="单位名称含", method="filter_unit_name", widget=forms.TextInput(attrs={"placeholder": "如：局"})
    )
    region = RegionFilter(field_name="unit__region")
    unit_kind = django_filters.ChoiceFilter(
        label="单位类型", field_name="unit__kind", choices=Unit.Kind.choices, empty_label="全部类型"
    )
    year = date_year_range_filter(label="统计年份", field_name="period_start")
    period = date_range_filter(label="统计起始日期", field_name="period_start")
    campaign = campaign_choice_filter(field_name="activity__campaign")
    unit = django_filters.ModelChoiceFilter(label="单位", queryset=Unit.objects.all(), widget=forms.HiddenInput)
    sort = sort_ordering(
        fields={
            "period_start": "period",
            "unit_name": "unit",
            "hours": "hours",
            "person_times": "person_times",
            "volunteers": "volunteers",
        },
    )

    class Meta:
        model = VolunteerRecord
        fields = []

    def filter_unit_name(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.filter(unit_alias_q("unit__")(value.strip()))


class CampaignFilterSet(SiteFilterSet):
    q = WordSearchFilter(lookups=["description", campaign_q()])
    level = django_filters.ChoiceFilter(label="级别", choices=Campaign.Level.choices, empty_label="全部级别")
    region = RegionFilter(field_name="region")
    active = date_range_filter(label="开展期间", method="filter_active")
    sort = sort_ordering(
        fields={
            "name": "name",
            "level": "level",
            "start_date": "start",
            "activity_count": "activities",
        },
    )

    class Meta:
        model = Campaign
        fields = []

    def filter_active(self, queryset, name, value):
        # A campaign counts if its period overlaps the one asked for; an open
        # end means it is still running (or started before records began).
        if value.start is not None:
            queryset = queryset.filter(Q(end_date__isnull=True) | Q(end_date__gte=value.start))
        if value.stop is not None:
            queryset = queryset.filter(Q(start_date__isnull=True) | Q(start_date__lte=value.stop))
        return queryset
