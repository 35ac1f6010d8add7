"""FilterSets for the unit and honour lists (see wenming/filtering.py for the shared parts)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from core.filtering import ReviewedFilterSet, WordSearchFilter, sort_ordering, year_range_filter
from core.models import ReviewStatus
from units.forms import RegionChoices
from units.models import Honour, HonourAward, Region, Unit
from units.queries import HOLDING_STATUSES_EXCLUDED, region_descendant_ids, unit_alias_q, unit_honour_q, unit_search_q


class RegionChoiceField(RegionChoices, django_filters.fields.ModelChoiceField):
    pass


class RegionFilter(django_filters.ModelChoiceFilter):
    """A region and everything under it: 牡丹区 includes its streets and villages."""

    field_class = RegionChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "地区（含下级）")
        kwargs.setdefault("queryset", Region.objects.order_by("full_name"))
        kwargs.setdefault("empty_label", "全部地区")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(**{f"{self.field_name}__in": region_descendant_ids(region=value)})


class HonourChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.get_level_display()}）"


class HonourFilter(django_filters.ModelChoiceFilter):
    field_class = HonourChoiceField


def honour_choice_filter(**kwargs):
    return HonourFilter(
        label="荣誉称号", queryset=Honour.objects.order_by("level", "name"), empty_label="全部称号", **kwargs
    )


class UnitFilterSet(ReviewedFilterSet):
    q = WordSearchFilter(lookups=[unit_search_q, unit_honour_q])
    region = RegionFilter(field_name="region")
    kind = django_filters.ChoiceFilter(label="单位类型", choices=Unit.Kind.choices, empty_label="全部类型")
    # The honour fields describe one and the same award: see filter_queryset.
    honour_level = django_filters.ChoiceFilter(
        label="荣誉级别", choices=Honour.Level.choices, empty_label="全部级别", method="keep"
    )
    honour_category = django_filters.ChoiceFilter(
        label="荣誉类别", choices=Honour.Category.choices, empty_label="全部类别", method="keep"
    )
    honour = honour_choice_filter(method="keep")
    honour_year = year_range_filter(label="获得荣誉年份", method="keep")
    sort = sort_ordering(
        fields={
            "name": "name",
            "kind": "kind",
            "region__full_name": "region",
            # Sorted by the kept tallies (units/tallies.py): counting every
            # unit's records to pick one page would read the whole ledger.
            "tally__honour_count": "honours",
            "tally__activity_count": "activities",
            "tally__volunteer_hours": "hours",
        },
    )

    class Meta:
        model = Unit
        fields = []

    # Sorts served by the tally's indexes (see units/tallies.py).
    TALLY_SORTS = {"honours", "activities", "hours"}

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.current_sort.lstrip("-") in self.TALLY_SORTS:
            # An inner join (every unit has its tally row) lets the database walk
            # the tally's index in order instead of sorting all units.
            queryset = queryset.filter(tally__isnull=False)
        data = self.form.cleaned_data
        award = Q()
        if data.get("honour_level"):
            award &= Q(honour__level=data["honour_level"])
        if data.get("honour_category"):
            award &= Q(honour__category=data["honour_category"])
        if data.get("honour"):
            award &= Q(honour=data["honour"])
        years = data.get("honour_year")
        if years and years.start is not None:
            award &= Q(year__gte=years.start)
        if years and years.stop is not None:
            award &= Q(year__lte=years.stop)
        if not award:
            return queryset
        holdings = HonourAward.objects.filter(award, unit=OuterRef("pk"), review_status=ReviewStatus.ACCEPTED).exclude(
            status__in=HOLDING_STATUSES_EXCLUDED
        )
        return queryset.filter(Exists(holdings))


class HonourAwardFilterSet(ReviewedFilterSet):
    q = WordSearchFilter(
        lookups=[unit_alias_q("unit__"), "honour__name", "edition", "note"],
    )
    region = RegionFilter(field_name="unit__region")
    unit_kind = django_filters.ChoiceFilter(
        label="单位类型", field_name="unit__kind", choices=Unit.Kind.choices, empty_label="全部类型"
    )
    level = django_filters.ChoiceFilter(
        label="荣誉级别", field_name="honour__level", choices=Honour.Level.choices, empty_label="全部级别"
    )
    category = django_filters.ChoiceFilter(
        label="荣誉类别", field_name="honour__category", choices=Honour.Category.choices, empty_label="全部类别"
    )
    honour = honour_choice_filter()
    year = year_range_filter(label="年份")
    status = django_filters.ChoiceFilter(label="状态", choices=HonourAward.Status.choices, empty_label="全部状态")
    unit = django_filters.ModelChoiceFilter(label="单位", queryset=Unit.objects.all(), widget=forms.HiddenInput)
    sort = sort_ordering(
        fields={
            "year": "year",
            "unit_name": "unit",
            "honour__name": "honour",
            "honour__level": "level",
            "status": "status",
        },
    )

    class Meta:
        model = HonourAward
        fields = []
