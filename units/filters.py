"""FilterSets for the unit and honour lists (see wenming/filtering.py for the shared parts)."""

import hashlib

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from articles.models import ReviewStatus
from wenming.filtering import ReviewedFilterSet, WordSearchFilter, sort_ordering, text_contains_q, year_range_filter
from wenming.freshness import cached_until_ledger_changes

from .models import Honour, HonourAward, Region, Unit, UnitAlias


def unit_alias_q(prefix: str):
    """Lookup for WordSearchFilter on another model: the word appears in the full
    name, short name or an alias of the unit that ``prefix`` reaches
    (``unit__``). The unit list itself searches with unit_search_q."""

    def build(word: str) -> Q:
        # `unit_id IN (matching units)`, which the database computes once and
        # hashes, rather than a join tested row by row.
        return Q(**{f"{prefix}in": Unit.objects.filter(unit_named_q(word)).values("pk")})

    return build


# Past this many aliases matching a word, they are tested as a subquery.
ALIAS_IDS_LIMIT = 1_000


def unit_named_q(word: str) -> Q:
    """The unit's full name, short name or one of its aliases contains `word`. The
    aliases' units are found first and tested by id (no join, so no DISTINCT): as
    a subquery inside the OR they make PostgreSQL read every unit (61 ms for 教育局
    at 100,000 units), as a list it combines the name indexes (5 ms)."""
    aliased = UnitAlias.objects.filter(text_contains_q("name", word)).order_by().values("unit_id")
    unit_ids = [row["unit_id"] for row in aliased[: ALIAS_IDS_LIMIT + 1]]
    by_alias = Q(pk__in=aliased) if len(unit_ids) > ALIAS_IDS_LIMIT else Q(pk__in=unit_ids)
    return text_contains_q("name", word) | text_contains_q("short_name", word) | by_alias


def matching_unit_ids(word: str, *, limit: int) -> list[int] | None:
    """The ids of the units whose name, short name or an alias contains the
    word, or None when there are more than ``limit`` of them.

    Found first, in a query of their own, the ids tell the database how many
    rows to expect; a text match inside a bigger query leaves it guessing half
    the table, and its plan then reads far more than it needs for a rare word.
    """

    def find() -> list[int] | None:
        # Two queries, not one OR: each can then use its trigram index (PostgreSQL).
        named = text_contains_q("name", word) | text_contains_q("short_name", word)
        ids = set(Unit.objects.filter(named).order_by().values_list("pk", flat=True)[: limit + 1])
        if len(ids) <= limit:
            aliased = UnitAlias.objects.filter(text_contains_q("name", word))
            ids.update(aliased.values_list("unit_id", flat=True)[: limit + 1])
        return sorted(ids) if len(ids) <= limit else None

    # A two-character word reads every unit name (no trigram to look up), and the
    # same words come back page after page: kept until the ledger changes.
    key = hashlib.sha256(word.encode()).hexdigest()[:32]
    return cached_until_ledger_changes(f"unit-ids:{limit}:{key}", find)


# A unit-list search naming up to this many units lists them by id.
FEW_UNITS = 5_000


def unit_search_q(word: str) -> Q:
    ids = matching_unit_ids(word, limit=FEW_UNITS)
    return Q(pk__in=ids) if ids is not None else unit_named_q(word)


def unit_honour_q(word: str) -> Q:
    """The unit holds an accepted honour whose name contains the word: a search for
    文明单位 finds the units that are 文明单位, not only those with it in their name."""
    honours = Honour.objects.filter(text_contains_q("name", word)).values("pk")
    awards = HonourAward.objects.filter(honour__in=honours, review_status=ReviewStatus.ACCEPTED).exclude(
        status__in=HOLDING_STATUSES_EXCLUDED
    )
    return Q(pk__in=awards.values("unit_id"))


def unit_name_q(value: str, prefix: str) -> Q:
    """The literal text appears in the unit's name, short name or an alias
    (no segmentation: 局 must mean the character 局 in the name)."""
    return unit_alias_q(prefix)(value.strip())


class RegionChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


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
        from .selectors import region_descendant_ids

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


# Awards that mean a unit holds (or held) the honour; a revoked or lapsed row
# records the loss, not a holding.
HOLDING_STATUSES_EXCLUDED = (HonourAward.Status.REVOKED, HonourAward.Status.LAPSED)


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
            "unit__name": "unit",
            "honour__name": "honour",
            "honour__level": "level",
            "status": "status",
        },
    )

    class Meta:
        model = HonourAward
        fields = []
