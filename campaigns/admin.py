from django.contrib import admin

from articles.admin import ArticleLinkMixin, ExtractedRecordAdmin, HistoryImportExportAdmin
from campaigns.models import Activity, ActivityOrganiser, Campaign, VolunteerRecord
from campaigns.resources import (
    ActivityOrganiserResource,
    ActivityResource,
    CampaignResource,
    VolunteerRecordResource,
)


@admin.register(Campaign)
class CampaignAdmin(HistoryImportExportAdmin):
    resource_classes = [CampaignResource]
    list_display = ("name", "level", "region", "start_date", "end_date")
    list_filter = ("level", ("region", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("region",)
    search_fields = ("name", "description")
    autocomplete_fields = ("region",)


class ActivityOrganiserInline(admin.TabularInline):
    model = ActivityOrganiser
    fields = ("unit", "role")
    autocomplete_fields = ("unit",)
    extra = 0


class ActivityVolunteerRecordInline(ArticleLinkMixin, admin.TabularInline):
    model = VolunteerRecord
    fields = (
        "unit",
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
    autocomplete_fields = ("unit",)
    extra = 0


@admin.register(Activity)
class ActivityAdmin(ExtractedRecordAdmin):
    resource_classes = [ActivityResource]
    fields = ("title", "campaign", ("date", "date_precision"), "place", "kind", "participants", "description")
    list_display = (
        "title",
        "date_text",
        "campaign",
        "kind",
        "organiser_names",
        "participants",
        "review_status",
        "article_link",
    )
    list_filter = ("review_status", "kind", ("campaign", admin.RelatedOnlyFieldListFilter), "date_precision")
    list_select_related = ("campaign",)
    date_hierarchy = "date"
    search_fields = ("title", "place", "description", "organisers__name")
    autocomplete_fields = ("campaign",)
    inlines = [ActivityOrganiserInline, ActivityVolunteerRecordInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("organisers")

    @admin.display(description="日期", ordering="date")
    def date_text(self, obj):
        return obj.date_display

    @admin.display(description="组织单位")
    def organiser_names(self, obj):
        return "、".join(unit.name for unit in obj.organisers.all())


@admin.register(ActivityOrganiser)
class ActivityOrganiserAdmin(HistoryImportExportAdmin):
    resource_classes = [ActivityOrganiserResource]
    list_display = ("activity", "unit", "role")
    list_filter = ("role",)
    list_select_related = ("activity", "unit")
    search_fields = ("activity__title", "unit__name")
    autocomplete_fields = ("activity", "unit")


@admin.register(VolunteerRecord)
class VolunteerRecordAdmin(ExtractedRecordAdmin):
    resource_classes = [VolunteerRecordResource]
    fields = (
        "unit",
        "activity",
        ("hours", "person_times", "volunteers", "approximate"),
        ("period_start", "period_end"),
        "period_text",
    )
    list_display = (
        "unit",
        "hours",
        "person_times",
        "volunteers",
        "approximate",
        "period",
        "activity",
        "review_status",
        "article_link",
    )
    list_filter = ("review_status", "approximate")
    list_select_related = ("unit", "activity")
    date_hierarchy = "period_start"
    search_fields = ("unit__name", "activity__title", "period_text")
    autocomplete_fields = ("unit", "activity")

    @admin.display(description="统计期间", ordering="period_start")
    def period(self, obj):
        if obj.period_start and obj.period_end:
            return f"{obj.period_start:%Y-%m-%d} 至 {obj.period_end:%Y-%m-%d}"
        return obj.period_start or obj.period_text or None
