from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from articles.admin import (
    ArticleLinkMixin,
    ConstantQueriesInlineMixin,
    ExtractedRecordAdmin,
    HistoryImportExportAdmin,
    search_each_term,
)
from campaigns.models import ActivityOrganiser, VolunteerRecord
from units.filters import matching_unit_ids, unit_named_q
from units.merge_admin import UnitMergeActionMixin, UnitMergeAdmin
from units.models import Honour, HonourAward, Region, Unit, UnitAlias, UnitMerge
from units.resources import (
    HonourAwardResource,
    HonourResource,
    RegionResource,
    UnitAliasResource,
    UnitResource,
)
from wenming.filtering import nulls_last, text_contains_q
from wenming.paging import CappedCountPaginator

# Past this many units named like a search word, other admins test the units as a
# subquery instead of writing their ids into the SQL.
UNIT_IDS_LIMIT = 1000
# Rows of a unit's activities and volunteer records shown on its change form; the
# rest are a link away, in the change lists filtered by the unit.
RELATED_SHOWN = 10


def units_named_like(term: str) -> list[int] | QuerySet | None:
    """Ids of the units named like `term` (units.filters.matching_unit_ids), for
    other admins' searches through a unit; a subquery when very many match, None
    when none does."""
    ids = matching_unit_ids(term, limit=UNIT_IDS_LIMIT)
    if ids is None:
        return Unit.objects.filter(unit_named_q(term)).order_by().values("pk")
    return ids or None


def unit_named_like_q(term: str, field: str = "unit") -> Q:
    """The record's unit (through `field`) is named like `term` (unit_named_q): its
    ids found first, so the record table is read without a join to the units."""
    unit_ids = units_named_like(term)
    return Q(**{f"{field}__in": unit_ids}) if unit_ids is not None else Q(pk__in=[])


@admin.register(Region)
class RegionAdmin(HistoryImportExportAdmin):
    resource_classes = [RegionResource]
    list_display = ("full_name", "name", "level", "parent", "code")
    list_filter = ("level",)
    list_select_related = ("parent",)
    search_fields = ("name", "full_name", "code")
    autocomplete_fields = ("parent",)


class UnitAliasInline(ConstantQueriesInlineMixin, ArticleLinkMixin, admin.TabularInline):
    model = UnitAlias
    fields = ("name", "review_status", "article_link")
    readonly_fields = ("article_link",)
    extra = 0


class HonourAwardInline(ConstantQueriesInlineMixin, ArticleLinkMixin, admin.TabularInline):
    model = HonourAward
    fields = ("honour", "year", "edition", "status", "review_status", "article_link")
    readonly_fields = ("article_link",)
    autocomplete_fields = ("honour",)
    extra = 0


@admin.register(Unit)
class UnitAdmin(UnitMergeActionMixin, ExtractedRecordAdmin):
    resource_classes = [UnitResource]
    fields = ("name", "short_name", "kind", "region", "parent", "note")
    list_display = ("name", "short_name", "kind", "region", "parent", "review_status", "article_link")
    list_filter = ("review_status", "kind", ("region", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("region", "parent")
    # Aliases are searched too: get_search_results.
    search_fields = ("name", "short_name")
    search_help_text = "按全称、简称或别名查找"
    autocomplete_fields = ("region", "parent")
    # Aliases and honours are few per unit and edited here. Activities and volunteer
    # records run to thousands for the busiest units (one inline row and widget
    # each): the form shows the latest few and links to the rest.
    inlines = [UnitAliasInline, HonourAwardInline]
    related_fields = ("recent_activities", "recent_volunteer_records")

    def get_search_results(self, request, queryset, search_term):
        return search_each_term(queryset, search_term, unit_named_q)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, *self.related_fields) if obj is not None else fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [fieldsets[0], ("活动与志愿服务", {"fields": self.related_fields}), *fieldsets[1:]]

    @admin.display(description="参与的活动")
    def recent_activities(self, obj):
        roles = ActivityOrganiser.objects.filter(unit=obj)
        latest = roles.select_related("activity").order_by(nulls_last("-activity__date"), "-activity_id")
        rows = (
            (reverse("admin:campaigns_activity_change", args=[r.activity_id]), r.activity, r.get_role_display())
            for r in latest[:RELATED_SHOWN]
        )
        url = reverse("admin:campaigns_activity_changelist") + "?" + urlencode({"organisers__id__exact": obj.pk})
        return _related_list(rows, '<li><a href="{}">{}</a>（{}）</li>', url, "该单位的全部活动", latest)

    @admin.display(description="志愿服务记录")
    def recent_volunteer_records(self, obj):
        records = VolunteerRecord.objects.filter(unit=obj)
        latest = records.select_related("unit").order_by(nulls_last("-period_start"), "-pk")
        rows = (
            (reverse("admin:campaigns_volunteerrecord_change", args=[record.pk]), record, _period(record))
            for record in latest[:RELATED_SHOWN]
        )
        url = reverse("admin:campaigns_volunteerrecord_changelist") + "?" + urlencode({"unit__id__exact": obj.pk})
        return _related_list(rows, '<li><a href="{}">{}</a>（{}）</li>', url, "该单位的全部志愿服务记录", latest)


def _period(record) -> str:
    if record.period_start:
        return f"{record.period_start:%Y-%m-%d} 起"
    return record.period_text or "期间不详"


def _related_list(rows, row_format: str, url: str, link_text: str, queryset) -> str:
    """The latest rows, then a link to all of them with their (capped) count."""
    counted = CappedCountPaginator(queryset, RELATED_SHOWN)
    if not counted.count:
        return "无"
    count = f"{counted.count}+" if counted.count_is_capped else str(counted.count)
    items = format_html_join("", row_format, rows)
    return format_html('<ul class="related-records">{}</ul><a href="{}">{}（{} 条）→</a>', items, url, link_text, count)


@admin.register(UnitAlias)
class UnitAliasAdmin(ExtractedRecordAdmin):
    resource_classes = [UnitAliasResource]
    fields = ("unit", "name")
    list_display = ("name", "unit", "review_status", "article_link")
    list_filter = ("review_status",)
    list_select_related = ("unit",)
    search_fields = ("name", "unit__name")
    autocomplete_fields = ("unit",)


@admin.register(Honour)
class HonourAdmin(HistoryImportExportAdmin):
    resource_classes = [HonourResource]
    list_display = ("name", "level", "category", "awarding_body", "award_count")
    list_filter = ("level", "category")
    search_fields = ("name", "awarding_body", "description")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(award_count=Count("awards"))

    @admin.display(description="荣誉记录数", ordering="award_count")
    def award_count(self, obj):
        return obj.award_count


@admin.register(HonourAward)
class HonourAwardAdmin(ExtractedRecordAdmin):
    resource_classes = [HonourAwardResource]
    fields = ("unit", "honour", ("year", "edition"), "status", "note")
    list_display = ("unit", "honour", "year", "edition", "status", "review_status", "article_link")
    list_filter = ("review_status", "status", "honour__level", "honour__category", "year")
    list_select_related = ("unit", "honour")
    # The staff list's order, which honour_award_list_order (year DESC NULLS LAST) serves.
    ordering = [nulls_last("-year"), "unit__name", "-pk"]
    # The unit by its names and aliases too: get_search_results.
    search_fields = ("unit__name", "honour__name", "edition")
    autocomplete_fields = ("unit", "honour")

    def get_search_results(self, request, queryset, search_term):
        def word_q(term):
            return unit_named_like_q(term) | text_contains_q("honour__name", term) | text_contains_q("edition", term)

        return search_each_term(queryset, search_term, word_q)


# Written by units.services.unit_merge; read and undone here (units/merge_admin.py).
admin.site.register(UnitMerge, UnitMergeAdmin)
