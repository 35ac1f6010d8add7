"""Spreadsheet export and import of campaigns, activities, their organisers and
volunteer records (conventions in articles.resources).

Activities and volunteer records have no natural key, so they import on their
编号 (id): a sheet exported from wenming updates its rows; rows typed by hand
without a 编号 are new."""

from import_export.fields import Field

from campaigns.models import Activity, ActivityOrganiser, Campaign, VolunteerRecord
from core.resources import PROVENANCE_FIELDS, WenmingResource, column
from core.sheet_widgets import NumberWidget, TextListWidget

# The range volunteer_record_hours_plausible allows: checked per cell so that the
# error stands under 服务时长（小时） instead of naming a database constraint.
PLAUSIBLE_HOURS = (0, 10_000_000)


def activity_title_column() -> Field:
    # Export only: a reader sees which activity the 活动编号 stands for.
    return Field(attribute="activity__title", column_name="活动名称", readonly=True)


class CampaignResource(WenmingResource):
    aliases = column(Campaign, "aliases", TextListWidget())

    class Meta:
        model = Campaign
        fields = ("name", "aliases", "level", "region", "start_date", "end_date", "description")
        import_id_fields = ("name",)


class ActivityResource(WenmingResource):
    """组织单位 lists the organising units by name (菏泽市文明办、菏泽市消防救援支队);
    units added this way are hosts (主办). Other roles: ActivityOrganiserResource."""

    class Meta:
        model = Activity
        fields = (
            "id",
            "title",
            "campaign",
            "date",
            "date_precision",
            "place",
            "kind",
            "participants",
            "description",
            "organisers",
            *PROVENANCE_FIELDS,
        )


class ActivityOrganiserResource(WenmingResource):
    activity_title = activity_title_column()

    class Meta:
        model = ActivityOrganiser
        fields = ("activity", "activity_title", "unit", "role")
        import_id_fields = ("activity", "unit")


class VolunteerRecordResource(WenmingResource):
    activity_title = activity_title_column()
    hours = column(VolunteerRecord, "hours", NumberWidget(minimum=PLAUSIBLE_HOURS[0], maximum=PLAUSIBLE_HOURS[1]))

    class Meta:
        model = VolunteerRecord
        fields = (
            "id",
            "unit",
            "activity",
            "activity_title",
            "hours",
            "person_times",
            "volunteers",
            "period_start",
            "period_end",
            "period_text",
            "approximate",
            *PROVENANCE_FIELDS,
        )
