from django.contrib import admin
from django.db.models import OuterRef

from core.admin import (
    ArticleLinkMixin,
    ConstantQueriesInlineMixin,
    ExtractedRecordAdmin,
    HistoryImportExportAdmin,
    search_each_term,
)
from core.filtering import nulls_last, text_contains_q
from core.queries import subquery_count
from units.models import Honour, HonourAward, HonourRound, Region, Unit, UnitAlias
from units.queries import unit_named_like_q, unit_named_q
from units.resources import (
    HonourAwardResource,
    HonourResource,
    HonourRoundResource,
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


class UnitAliasInline(ConstantQueriesInlineMixin, ArticleLinkMixin, admin.TabularInline):
    model = UnitAlias
    fields = ("name", "review_status", "article_link")
    readonly_fields = ("article_link",)
    extra = 0


class HonourAwardInline(ConstantQueriesInlineMixin, ArticleLinkMixin, admin.TabularInline):
    model = HonourAward
    fields = ("honour", "year", "edition", "status", "review_status", "article_link")
    verbose_name_plural = "荣誉事件（命名、复查、警告、撤销……）"
    readonly_fields = ("article_link",)
    autocomplete_fields = ("honour",)
    extra = 0


@admin.register(Unit)
class UnitAdmin(ExtractedRecordAdmin):
    resource_classes = [UnitResource]
    fields = ("name", "short_name", "kind", "region", "parent", "note")
    list_display = ("name", "short_name", "kind", "region", "parent", "review_status", "article_link")
    list_filter = ("review_status", "kind", ("region", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("region", "parent")
    # Aliases are searched too: get_search_results.
    search_fields = ("name", "short_name")
    search_help_text = "按全称、简称或别名查找"
    autocomplete_fields = ("region", "parent")
    # Aliases and honours are few per unit and edited here; campaigns/admin.py adds
    # the unit's latest activities and volunteer records to the form.
    inlines = [UnitAliasInline, HonourAwardInline]

    def get_search_results(self, request, queryset, search_term):
        return search_each_term(queryset, search_term, unit_named_q)


@admin.register(UnitAlias)
class UnitAliasAdmin(ExtractedRecordAdmin):
    resource_classes = [UnitAliasResource]
    fields = ("unit", "name")
    list_display = ("name", "unit", "review_status", "article_link")
    list_filter = ("review_status",)
    list_select_related = ("unit",)
    search_fields = ("name", "unit__name")
    autocomplete_fields = ("unit",)


class HonourRoundInline(admin.TabularInline):
    model = HonourRound
    fields = ("number", "label", "year", "decided_on", "decision_body", "term_start", "term_end", "assessment_cycle")
    extra = 0


@admin.register(Honour)
class HonourAdmin(HistoryImportExportAdmin):
    resource_classes = [HonourResource]
    list_display = ("name", "level", "category", "awarding_body", "award_count")
    list_filter = ("level", "category")
    inlines = [HonourRoundInline]
    search_fields = ("name", "awarding_body", "description")

    def get_queryset(self, request):
        # A count per honour (a step down the honour index each), not a join of every
        # award grouped by honour, which also made the change list's count group them.
        awards = HonourAward.objects.filter(honour=OuterRef("pk"))
        return super().get_queryset(request).annotate(award_count=subquery_count(awards, "honour"))

    @admin.display(description="荣誉记录数", ordering="award_count")
    def award_count(self, obj):
        return obj.award_count


@admin.register(HonourAward)
class HonourAwardAdmin(ExtractedRecordAdmin):
    resource_classes = [HonourAwardResource]
    fields = (
        "unit", "honour", "status", ("year", "date", "date_precision"), ("edition", "round"), "decided_by", "note",
    )  # fmt: skip
    list_display = ("unit", "honour", "year", "edition", "status", "review_status", "article_link")
    list_filter = ("review_status", "status", "honour__level", "honour__category", "year")
    list_select_related = ("unit", "honour")
    # The staff list's order, which honour_award_list_order serves.
    ordering = [nulls_last("-year"), "unit_name", "-pk"]
    # The unit by its names and aliases too: get_search_results.
    search_fields = ("unit__name", "honour__name", "edition")
    autocomplete_fields = ("unit", "honour", "round")

    def get_search_results(self, request, queryset, search_term):
        def word_q(term):
            return unit_named_like_q(term) | text_contains_q("honour__name", term) | text_contains_q("edition", term)

        return search_each_term(queryset, search_term, word_q)


@admin.register(HonourRound)
class HonourRoundAdmin(HistoryImportExportAdmin):
    """Rounds of the national honours come with the catalogue (fixtures/honours.json);
    provincial and city rounds are added here."""

    resource_classes = [HonourRoundResource]
    list_display = ("honour", "label_text", "year", "decided_on", "decision_body", "term_start", "term_end")
    list_filter = ("honour__level", "label", "honour")
    list_select_related = ("honour",)
    search_fields = ("honour__name", "decision_body", "note")
    autocomplete_fields = ("honour",)
    ordering = ["honour__name", "number"]

    @admin.display(description="届次")
    def label_text(self, obj):
        return obj.label_text
