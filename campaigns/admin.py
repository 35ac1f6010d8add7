from django.contrib import admin
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from campaigns.models import Activity, ActivityOrganiser, Campaign, VolunteerRecord
from campaigns.queries import organiser_name_q
from campaigns.resources import (
    ActivityOrganiserResource,
    ActivityResource,
    CampaignResource,
    VolunteerRecordResource,
)
from core.admin import (
    ArticleLinkMixin,
    ConstantQueriesInlineMixin,
    ExtractedRecordAdmin,
    HistoryImportExportAdmin,
    YearListFilter,
    extend_registered_admin,
    search_each_term,
)
from core.filtering import nulls_last, text_contains_q
from core.paging import CappedCountPaginator
from units.models import Unit
from units.queries import unit_named_like_q

# Past this many activities with a search word in their title, the volunteer
# records' search tests them with EXISTS instead of writing their ids into the SQL.
ACTIVITY_IDS_LIMIT = 10_000


def activity_titled_q(term: str) -> Q:
    """The record's activity has `term` in its title. The activities are found
    first and tested by id: as a subquery, PostgreSQL guesses that half the
    records match and walks the whole list index for them (761 ms for 教育局 over a
    million volunteer records; with the ids it reads the table once)."""
    titled = Activity.objects.filter(text_contains_q("title", term)).order_by().values("pk")
    activity_ids = [row["pk"] for row in titled[: ACTIVITY_IDS_LIMIT + 1]]
    if len(activity_ids) > ACTIVITY_IDS_LIMIT:
        # A common word: each record's own activity is looked up by its key. As
        # `activity_id IN (subquery)` PostgreSQL chose a parallel plan that rescans
        # the 282,000 matching activities for every record (over 30 s).
        return Q(Exists(Activity.objects.filter(text_contains_q("title", term), pk=OuterRef("activity_id"))))
    return Q(activity_id__in=activity_ids)


@admin.register(Campaign)
class CampaignAdmin(HistoryImportExportAdmin):
    resource_classes = [CampaignResource]
    list_display = ("name", "level", "region", "start_date", "end_date")
    list_filter = ("level", ("region", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("region",)
    search_fields = ("name", "description")
    autocomplete_fields = ("region",)


class ActivityOrganiserInline(ConstantQueriesInlineMixin, admin.TabularInline):
    model = ActivityOrganiser
    fields = ("unit", "role")
    autocomplete_fields = ("unit",)
    extra = 0


class ActivityVolunteerRecordInline(ConstantQueriesInlineMixin, ArticleLinkMixin, admin.TabularInline):
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
    # A dozen campaigns: listing them all costs less than finding the ones in use
    # (RelatedOnlyFieldListFilter's SELECT DISTINCT campaign_id over every activity).
    list_filter = (
        "review_status",
        "kind",
        ("campaign", admin.RelatedFieldListFilter),
        ("date", YearListFilter),
        "date_precision",
    )
    list_select_related = ("campaign",)
    # The staff list's order, which activity_list_order serves (NULLs last, as the index has them).
    ordering = [nulls_last(term) for term in ("-date", "title", "-id")]
    # Organisers are searched too: get_search_results.
    search_fields = ("title", "place", "description")
    search_help_text = "按活动名称、地点、内容或组织单位（全称、简称、别名）查找"
    autocomplete_fields = ("campaign",)
    inlines = [ActivityOrganiserInline, ActivityVolunteerRecordInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("organisers")

    def get_search_results(self, request, queryset, search_term):
        # Django's search through organisers__name joins the organiser rows (1.5
        # million at scale) and de-duplicates; here each word matches the activity's
        # own text or an organiser among the units named like it, found first.
        def word_q(term):
            matches = (
                text_contains_q("title", term) | text_contains_q("place", term) | text_contains_q("description", term)
            )
            return matches | organiser_name_q(term)

        return search_each_term(queryset, search_term, word_q)

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
    # The unit by its names and aliases too: get_search_results.
    search_fields = ("activity__title", "unit__name")
    autocomplete_fields = ("activity", "unit")

    def get_search_results(self, request, queryset, search_term):
        # Without joining 1.5 million rows to the activities and units: both are
        # tested by id, the ids found in their own tables first.
        def word_q(term):
            return activity_titled_q(term) | unit_named_like_q(term)

        return search_each_term(queryset, search_term, word_q)


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
    list_filter = ("review_status", "approximate", ("period_start", YearListFilter))
    list_select_related = ("unit", "activity")
    # The staff list's order: records without a period last, where volunteer_list_order
    # (period_start DESC NULLS LAST) has them. Django's plain "-period_start" puts
    # PostgreSQL's NULLs first, and the list read 300,000 of them before its first row.
    ordering = [nulls_last("-period_start"), "unit_name", "-pk"]

    def get_search_results(self, request, queryset, search_term):
        def word_q(term):
            return text_contains_q("period_text", term) | activity_titled_q(term) | unit_named_like_q(term)

        return search_each_term(queryset, search_term, word_q)

    # The unit by its names and aliases too: get_search_results.
    search_fields = ("unit__name", "activity__title", "period_text")
    autocomplete_fields = ("unit", "activity")

    @admin.display(description="统计期间", ordering="period_start")
    def period(self, obj):
        if obj.period_start and obj.period_end:
            return f"{obj.period_start:%Y-%m-%d} 至 {obj.period_end:%Y-%m-%d}"
        return obj.period_start or obj.period_text or None


# Rows of a unit's activities and volunteer records shown on its change form; the
# rest are a link away, in the change lists filtered by the unit.
RELATED_SHOWN = 10


class UnitActivitiesAdminMixin:
    """The unit change form with the unit's latest activities and volunteer records.
    They run to thousands for the busiest units (one inline row and widget each),
    so the form shows the latest few and links to the rest."""

    related_fields = ("recent_activities", "recent_volunteer_records")

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


extend_registered_admin(Unit, UnitActivitiesAdminMixin)
