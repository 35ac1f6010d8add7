from django.contrib import admin
from django.db.models import Count

from articles.admin import ArticleLinkMixin, ExtractedRecordAdmin, HistoryImportExportAdmin
from campaigns.models import ActivityOrganiser, VolunteerRecord
from units.merge_admin import UnitMergeActionMixin, UnitMergeAdmin
from units.models import Honour, HonourAward, Region, Unit, UnitAlias, UnitMerge
from units.resources import (
    HonourAwardResource,
    HonourResource,
    RegionResource,
    UnitAliasResource,
    UnitResource,
)


@admin.register(Region)
class RegionAdmin(HistoryImportExportAdmin):
    resource_classes = [RegionResource]
    list_display = ("full_name", "name", "level", "parent", "code")
    list_filter = ("level",)
    list_select_related = ("parent",)
    search_fields = ("name", "full_name", "code")
    autocomplete_fields = ("parent",)


class UnitAliasInline(ArticleLinkMixin, admin.TabularInline):
    model = UnitAlias
    fields = ("name", "review_status", "article_link")
    readonly_fields = ("article_link",)
    extra = 0


class HonourAwardInline(ArticleLinkMixin, admin.TabularInline):
    model = HonourAward
    fields = ("honour", "year", "edition", "status", "review_status", "article_link")
    readonly_fields = ("article_link",)
    autocomplete_fields = ("honour",)
    extra = 0


class UnitVolunteerRecordInline(ArticleLinkMixin, admin.TabularInline):
    model = VolunteerRecord
    fields = (
        "activity",
        "hours",
        "person_times",
        "volunteers",
        "period_start",
        "period_end",
        "period_text",
        "approximate",
        "review_status",
        "article_link",
    )
    readonly_fields = ("article_link",)
    autocomplete_fields = ("activity",)
    extra = 0


class UnitActivityRoleInline(admin.TabularInline):
    model = ActivityOrganiser
    fields = ("activity", "role")
    autocomplete_fields = ("activity",)
    verbose_name = "参与的活动"
    verbose_name_plural = "参与的活动"
    extra = 0


@admin.register(Unit)
class UnitAdmin(UnitMergeActionMixin, ExtractedRecordAdmin):
    resource_classes = [UnitResource]
    fields = ("name", "short_name", "kind", "region", "parent", "note")
    list_display = ("name", "short_name", "kind", "region", "parent", "review_status", "article_link")
    list_filter = ("review_status", "kind", ("region", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("region", "parent")
    search_fields = ("name", "short_name", "aliases__name")
    autocomplete_fields = ("region", "parent")
    inlines = [UnitAliasInline, HonourAwardInline, UnitVolunteerRecordInline, UnitActivityRoleInline]


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
    search_fields = ("unit__name", "honour__name", "edition")
    autocomplete_fields = ("unit", "honour")


# Written by units.services.unit_merge; read and undone here (units/merge_admin.py).
admin.site.register(UnitMerge, UnitMergeAdmin)
