"""Civilisation campaigns, the activities units run in them, and the volunteer
service they log."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from core.indexes import ListOrderIndex
from core.models import DatePrecision, ExtractedRecord, precise_date_text


class CampaignManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Campaign(models.Model):
    NATURAL_KEY_FIELD = "name"  # how a spreadsheet names it (core.resources)

    class Level(models.TextChoices):
        NATIONAL = "national", "全国"
        PROVINCIAL = "provincial", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县区级"
        UNIT = "unit", "单位内部"

    name = models.CharField("名称", max_length=200, unique=True)
    aliases = models.JSONField("其他写法", default=list, blank=True, help_text="如：创城、双城同创")
    level = models.CharField("级别", max_length=16, choices=Level.choices, default=Level.CITY)
    region = models.ForeignKey(
        "units.Region", verbose_name="地区", null=True, blank=True, on_delete=models.PROTECT, related_name="campaigns"
    )
    start_date = models.DateField("开始日期", null=True, blank=True)
    end_date = models.DateField("结束日期", null=True, blank=True)
    description = models.TextField("说明", blank=True)
    history = HistoricalRecords()

    objects = CampaignManager()

    class Meta:
        verbose_name = "创建活动"
        verbose_name_plural = "创建活动"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="campaign_period_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)


class Activity(ExtractedRecord):
    class Kind(models.TextChoices):
        VOLUNTEER = "volunteer", "志愿服务"
        PUBLICITY = "publicity", "宣传教育"
        MEETING = "meeting", "会议部署"
        TRAINING = "training", "学习培训"
        CHARITY = "charity", "慰问捐赠"
        CULTURE = "culture", "文体活动"
        INSPECTION = "inspection", "检查督导"
        OTHER = "other", "其他"

    title = models.CharField("名称", max_length=300)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name="所属创建活动",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    date = models.DateField("日期", null=True, blank=True, db_index=True, help_text="只知年月时记为当月1日")
    date_precision = models.CharField(
        "日期精度", max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    place = models.CharField("地点", max_length=200, blank=True)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.OTHER, db_index=True)
    participants = models.PositiveIntegerField("参与人数", null=True, blank=True)
    description = models.TextField("内容", blank=True)
    organisers = models.ManyToManyField(
        "units.Unit", verbose_name="组织单位", through="ActivityOrganiser", related_name="activities"
    )
    history = HistoricalRecords()

    class Meta(ExtractedRecord.Meta):
        verbose_name = "活动"
        verbose_name_plural = "活动"
        ordering = ["-date", "title"]
        indexes = ExtractedRecord.Meta.indexes + [
            # The activity list's default order (date, title, then pk; core.filtering):
            # pages are read off the index instead of sorting a million rows.
            ListOrderIndex(
                F("date").desc(nulls_last=True),
                F("title").asc(nulls_last=True),
                F("id").desc(nulls_last=True),
                name="activity_list_order",
            ),
            # The activity list sorted by participants (?sort=-participants).
            ListOrderIndex(
                F("participants").desc(nulls_last=True), F("id").desc(nulls_last=True), name="activity_by_participants"
            ),
            # Accepted activities per campaign (campaign list's 活动数, dashboard's
            # activities_by_campaign), counted from the index alone.
            models.Index(fields=["campaign", "review_status"], include=["id"], name="activity_campaign_status"),
        ]

    def __str__(self):
        return f"{self.date or '日期不详'} {self.title}"

    @property
    def date_display(self) -> str:
        return "日期不详" if self.date is None else precise_date_text(self.date, self.date_precision)


class ActivityOrganiser(models.Model):
    class Role(models.TextChoices):
        HOST = "host", "主办"
        CO_HOST = "co_host", "联合"
        EXECUTOR = "executor", "承办"
        PARTICIPANT = "participant", "参与"

    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="organiser_roles"
    )
    unit = models.ForeignKey("units.Unit", verbose_name="单位", on_delete=models.CASCADE, related_name="activity_roles")
    role = models.CharField("角色", max_length=16, choices=Role.choices, default=Role.HOST)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "活动组织单位"
        verbose_name_plural = "活动组织单位"
        constraints = [
            models.UniqueConstraint(fields=["activity", "unit"], name="activity_organiser_unique"),
        ]
        indexes = [
            # A unit's activities without reading the rows: the keyword search
            # collects the activities of the units a word names from this alone.
            models.Index(fields=["unit", "activity"], name="activity_organiser_by_unit"),
        ]

    def __str__(self):
        return f"{self.unit}（{self.get_role_display()}）"


class VolunteerRecord(ExtractedRecord):
    """Volunteer service a unit logged: hours, person-times (人次) and volunteers."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name="单位", on_delete=models.CASCADE, related_name="volunteer_records"
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name="活动",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_records",
    )
    hours = models.DecimalField("服务时长（小时）", max_digits=12, decimal_places=1, null=True, blank=True)
    person_times = models.PositiveIntegerField("服务人次", null=True, blank=True)
    volunteers = models.PositiveIntegerField("志愿者人数", null=True, blank=True)
    period_start = models.DateField("统计起始", null=True, blank=True, db_index=True)
    period_end = models.DateField("统计截止", null=True, blank=True)
    period_text = models.CharField("统计期间（原文）", max_length=100, blank=True, help_text="如：去年以来、近年累计")
    approximate = models.BooleanField("约数", default=False, help_text="原文带“余、多、超、近”等")
    # The unit's name, copied by database triggers (campaigns.apps.VOLUNTEER_RECORDS,
    # units.unit_name_copies) so that the list's order is one index; Python never writes it.
    unit_name = models.CharField("单位名称", max_length=200, default="", editable=False)
    history = HistoricalRecords(excluded_fields=["unit_name"])

    class Meta(ExtractedRecord.Meta):
        verbose_name = "志愿服务记录"
        verbose_name_plural = "志愿服务记录"
        ordering = ["-period_start", "unit_name"]
        indexes = ExtractedRecord.Meta.indexes + [
            # The volunteer list's default order: period (newest first), unit name, newest record.
            ListOrderIndex(
                F("period_start").desc(nulls_last=True),
                F("unit_name").asc(nulls_last=True),
                F("id").desc(nulls_last=True),
                name="volunteer_list_order",
            ),
            # The volunteer list sorted by hours (?sort=-hours).
            ListOrderIndex(F("hours").desc(nulls_last=True), F("id").desc(nulls_last=True), name="volunteer_by_hours"),
            # A unit's page sums its accepted records by year and counts its pending
            # ones: read from this index alone, not from the ten thousand heap pages
            # the busiest unit's records are scattered over.
            models.Index(
                fields=["unit", "review_status"],
                include=["period_start", "hours", "person_times", "volunteers", "id"],
                name="volunteer_unit_figures",
            ),
        ]
        constraints = ExtractedRecord.Meta.constraints + [
            models.CheckConstraint(
                condition=Q(hours__isnull=False) | Q(person_times__isnull=False) | Q(volunteers__isnull=False),
                name="volunteer_record_has_a_figure",
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0, hours__lte=10_000_000),
                name="volunteer_record_hours_plausible",
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="volunteer_record_period_ordered",
            ),
        ]

    def __str__(self):
        figures = []
        if self.hours is not None:
            figures.append(f"{self.hours}小时")
        if self.person_times is not None:
            figures.append(f"{self.person_times}人次")
        if self.volunteers is not None:
            figures.append(f"{self.volunteers}人")
        return f"{self.unit} · {'、'.join(figures)}"


class UnitTallyManager(models.Manager):
    def get_by_natural_key(self, unit_name):
        return self.get(unit__name=unit_name)


class UnitTally(models.Model):
    """A unit's accepted honour awards, activities and volunteer hours, kept beside the unit so
    the unit list can sort by them: counting them for all units on every
    request costs seconds at a province's scale. Derived data, never edited:
    campaigns/tallies.py keeps it current and ``manage.py refresh_unit_tallies``
    rebuilds it from the records."""

    unit = models.OneToOneField("units.Unit", verbose_name="单位", on_delete=models.CASCADE, related_name="tally")
    honour_count = models.PositiveIntegerField("荣誉数", default=0)
    activity_count = models.PositiveIntegerField("活动数", default=0)
    volunteer_hours = models.DecimalField("志愿服务时长", max_digits=14, decimal_places=1, default=0)
    # The due-for-review list's "no accepted activity in 12 months", read as a column.
    last_activity_on = models.DateField("最近活动日期", null=True, blank=True)

    objects = UnitTallyManager()

    class Meta:
        # The table kept its name when the model moved here from units/.
        db_table = "units_unittally"
        verbose_name = "单位统计"
        verbose_name_plural = "单位统计"
        indexes = [
            # The unit list's sorts by counts walk these.
            ListOrderIndex(
                F("honour_count").desc(nulls_last=True), F("unit").desc(nulls_last=True), name="unit_tally_by_honours"
            ),
            ListOrderIndex(
                F("activity_count").desc(nulls_last=True),
                F("unit").desc(nulls_last=True),
                name="unit_tally_by_activities",
            ),
            ListOrderIndex(
                F("volunteer_hours").desc(nulls_last=True), F("unit").desc(nulls_last=True), name="unit_tally_by_hours"
            ),
        ]

    def __str__(self):
        return f"{self.unit_id}：{self.honour_count} 项荣誉，{self.activity_count} 项活动，{self.volunteer_hours} 小时"

    def natural_key(self):
        return self.unit.natural_key()

    natural_key.dependencies = ["units.unit"]
