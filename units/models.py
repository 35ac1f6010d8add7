"""Work units (单位), the places they belong to, and the honours they hold."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from core.indexes import ListOrderIndex
from core.models import DatePrecision, ExtractedRecord, precise_date_text
from units.rounds import round_label, round_of_event


class RegionManager(models.Manager):
    def get_by_natural_key(self, full_name):
        return self.get(full_name=full_name)


class Region(models.Model):
    NATURAL_KEY_FIELD = "full_name"  # how a spreadsheet names it (core.resources)

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        PREFECTURE = "prefecture", "地市级"
        COUNTY = "county", "县区级"
        TOWNSHIP = "township", "乡镇街道"
        VILLAGE = "village", "村社区"

    name = models.CharField("简称", max_length=60, db_index=True, help_text="如：牡丹区")
    full_name = models.CharField("全称", max_length=200, unique=True, help_text="含上级地区，如：山东省菏泽市牡丹区")
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级地区", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code = models.CharField("行政区划代码", max_length=12, blank=True)
    history = HistoricalRecords()

    objects = RegionManager()

    class Meta:
        verbose_name = "地区"
        verbose_name_plural = "地区"
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="region_name_unique_in_parent"),
        ]

    def __str__(self):
        return self.full_name

    def natural_key(self):
        return (self.full_name,)

    natural_key.dependencies = []

    def ancestors(self):
        node, chain = self.parent, []
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class UnitManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Unit(ExtractedRecord):
    NATURAL_KEY_FIELD = "name"  # how a spreadsheet names it (core.resources)

    class Kind(models.TextChoices):
        PARTY_GOVERNMENT = "party_government", "党政机关"
        PUBLIC_INSTITUTION = "public_institution", "事业单位"
        ENTERPRISE = "enterprise", "企业"
        SCHOOL = "school", "学校"
        TOWNSHIP = "township", "镇街"
        COMMUNITY = "community", "村/社区"
        MASS_ORGANISATION = "mass_organisation", "群团组织"
        SOCIAL_ORGANISATION = "social_organisation", "社会组织"
        PLACE = "place", "地区"
        OTHER = "other", "其他"

    name = models.CharField("单位全称", max_length=200, unique=True)
    short_name = models.CharField("简称", max_length=100, blank=True)
    kind = models.CharField("类型", max_length=32, choices=Kind.choices, default=Kind.OTHER, db_index=True)
    region = models.ForeignKey(
        Region, verbose_name="所属地区", null=True, blank=True, on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self", verbose_name="上级单位", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    note = models.TextField("备注", blank=True)
    history = HistoricalRecords()

    objects = UnitManager()

    class Meta(ExtractedRecord.Meta):
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)

    natural_key.dependencies = ["units.region", "articles.article"]


class UnitAliasManager(models.Manager):
    def get_by_natural_key(self, unit_name, name):
        return self.get(unit__name=unit_name, name=name)


class UnitAlias(ExtractedRecord):
    """A surface form seen for a unit (市委办公室 for 菏泽市委办公室)."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField("别名", max_length=200, db_index=True)
    history = HistoricalRecords()

    objects = UnitAliasManager()

    class Meta(ExtractedRecord.Meta):
        verbose_name = "单位别名"
        verbose_name_plural = "单位别名"
        ordering = ["unit__name", "name"]
        constraints = ExtractedRecord.Meta.constraints + [
            models.UniqueConstraint(fields=["unit", "name"], name="unit_alias_unique_per_unit"),
        ]

    def __str__(self):
        return f"{self.name} → {self.unit.name}"

    def natural_key(self):
        return (self.unit.name, self.name)

    natural_key.dependencies = ["units.unit"]


class HonourManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Honour(models.Model):
    """An entry of the honour catalogue (全国文明单位, 全国青年文明号 …)."""

    NATURAL_KEY_FIELD = "name"  # how a spreadsheet names it (core.resources)

    class Level(models.TextChoices):
        NATIONAL = "national", "国家级"
        PROVINCIAL = "provincial", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县级"
        OTHER = "other", "其他"

    class Category(models.TextChoices):
        CIVILISED_UNIT = "civilised_unit", "文明单位"
        CIVILISED_CITY = "civilised_city", "文明城市"
        CIVILISED_VILLAGE = "civilised_village", "文明村镇"
        CIVILISED_CAMPUS = "civilised_campus", "文明校园"
        CIVILISED_FAMILY = "civilised_family", "文明家庭"
        YOUTH_CIVILISATION = "youth_civilisation", "青年文明号"
        WOMEN_CIVILISATION = "women_civilisation", "巾帼文明岗"
        WORKER_PIONEER = "worker_pioneer", "工人先锋号"
        PARTY_ORGANISATION = "party_organisation", "先进基层党组织"
        LEI_FENG = "lei_feng", "学雷锋"
        ARMY_SUPPORT = "army_support", "双拥模范"
        ADVANCED_COLLECTIVE = "advanced_collective", "先进集体"
        MODEL_CITY = "model_city", "示范城市"
        OTHER = "other", "其他"

    name = models.CharField("称号", max_length=200, unique=True)
    aliases = models.JSONField("其他写法", default=list, blank=True)
    level = models.CharField("级别", max_length=16, choices=Level.choices, db_index=True)
    category = models.CharField("类别", max_length=32, choices=Category.choices, db_index=True)
    awarding_body = models.CharField("授予机关", max_length=200, blank=True)
    description = models.TextField("说明", blank=True)
    history = HistoricalRecords()

    objects = HonourManager()

    class Meta:
        verbose_name = "荣誉称号"
        verbose_name_plural = "荣誉称号"
        ordering = ["level", "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)

    def round_of(self, edition: str, year: int | None) -> HonourRound | None:
        """The round an event of this honour belongs to (units.rounds.round_of_event)."""
        rounds = list(self.rounds.all())
        number = round_of_event([(r.number, r.label, r.year) for r in rounds], edition, year)
        return next((r for r in rounds if r.number == number), None)


class HonourRoundManager(models.Manager):
    def get_by_natural_key(self, honour_name, number):
        return self.get(honour__name=honour_name, number=number)


class HonourRound(models.Model):
    """One round (批 / 届 / 年度) of an honour and the term it opens: 全国文明单位
    第四届 was decided on 2015-03-01 and held until the fifth round in 2017."""

    class Label(models.TextChoices):
        BATCH = "batch", "批"
        SESSION = "session", "届"
        ANNUAL = "annual", "年度"

    honour = models.ForeignKey(Honour, verbose_name="荣誉称号", on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField("序号", help_text="第几批、第几届；年度评选填年份，如 2019")
    label = models.CharField("届次称谓", max_length=8, choices=Label.choices, default=Label.SESSION)
    year = models.PositiveSmallIntegerField("命名年份")
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision_body = models.CharField("决定机关", max_length=200, blank=True)
    term_start = models.DateField("任期起", null=True, blank=True, help_text="不填则为决定日期或命名年份1月1日")
    term_end = models.DateField("任期止", null=True, blank=True, help_text="不填则为命名当年起第三年年底")
    assessment_cycle = models.CharField("测评周期", max_length=40, blank=True, help_text="如：2018—2020年")
    note = models.TextField("备注", blank=True)
    history = HistoricalRecords()

    objects = HonourRoundManager()

    class Meta:
        verbose_name = "荣誉届次"
        verbose_name_plural = "荣誉届次"
        ordering = ["honour__name", "number"]
        constraints = [
            models.UniqueConstraint(fields=["honour", "number"], name="honour_round_unique_number"),
            models.CheckConstraint(condition=Q(year__gte=1949, year__lte=2100), name="honour_round_year_plausible"),
        ]

    def __str__(self):
        return f"{self.honour} {self.label_text}（{self.year}年）"

    def save(self, *args, **kwargs):
        # A round typed without its term gets the usual one, so every round has a term.
        if self.term_start is None:
            self.term_start = self.decided_on or date(self.year, 1, 1)
        if self.term_end is None:
            self.term_end = date(self.year + TERM_YEARS - 1, 12, 31)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.honour.name, self.number)

    natural_key.dependencies = ["units.honour"]

    @property
    def label_text(self) -> str:
        return round_label(self.number, self.label)


# A holding runs three years between rounds (honours.md B: 复查 yearly, confirmed each round).
TERM_YEARS = 3


class HonourAward(ExtractedRecord):
    """One event of a unit's holding of an honour: its naming (命名) in a round, a
    yearly review's outcome, a warning, a restoration, a revocation. The holding is
    the timeline of a unit's events for one honour (units.holdings); its current
    status and term end are derived from these rows, never typed."""

    class Status(models.TextChoices):
        AWARDED = "awarded", "命名"
        RETAINED = "retained", "复查合格保留"
        CONFIRMED = "confirmed", "复查确认"
        RECOGNISED = "recognised", "认定"
        WARNED = "warned", "黄牌警告"
        RECTIFYING = "rectifying", "整改"
        RESTORED = "restored", "恢复"
        REVOKED = "revoked", "撤销"
        LAPSED = "lapsed", "自动终止"

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="honour_awards")
    honour = models.ForeignKey(Honour, verbose_name="荣誉称号", on_delete=models.PROTECT, related_name="awards")
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True, db_index=True)
    edition = models.CharField("届次", max_length=40, blank=True, help_text="如：第21届、第四批")
    round = models.ForeignKey(
        HonourRound, verbose_name="所属届次", null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    # Called 状态 as sheets and the admin always have; its values are the events.
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.AWARDED)
    date = models.DateField("日期", null=True, blank=True, help_text="只知年月时记为当月1日；年份随之")
    date_precision = models.CharField(
        "日期精度", max_length=8, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    decided_by = models.CharField("决定机关", max_length=200, blank=True, help_text="不填则为届次的决定机关")
    note = models.TextField("备注", blank=True)
    # The unit's name, copied by database triggers (units.unit_name_copies) so that
    # the lists' order (year, unit name) is one index; Python never writes it.
    unit_name = models.CharField("单位名称", max_length=200, default="", editable=False)
    history = HistoricalRecords(excluded_fields=["unit_name"])

    class Meta(ExtractedRecord.Meta):
        verbose_name = "荣誉记录"
        verbose_name_plural = "荣誉记录"
        ordering = ["-year", "unit_name"]
        indexes = ExtractedRecord.Meta.indexes + [
            # The honour lists' default order: year (newest first), unit name, newest record.
            ListOrderIndex(
                F("year").desc(nulls_last=True),
                F("unit_name").asc(nulls_last=True),
                F("id").desc(nulls_last=True),
                name="honour_award_list_order",
            ),
            # A holding's events in order (units.holdings): one range read per unit and honour.
            models.Index(fields=["unit", "honour", "year"], name="honour_award_holding"),
        ]
        constraints = ExtractedRecord.Meta.constraints + [
            # One event of a kind per holding and year; year-less mentions once overall.
            models.UniqueConstraint(
                fields=["unit", "honour", "year", "status"],
                condition=Q(year__isnull=False),
                name="honour_award_unique_event_per_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "honour", "status"],
                condition=Q(year__isnull=True),
                name="honour_award_unique_event_without_year",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1949, year__lte=2100),
                name="honour_award_year_plausible",
            ),
        ]

    def __str__(self):
        year = f"{self.year}年" if self.year else ""
        event = "" if self.status == self.Status.AWARDED else f"（{self.get_status_display()}）"
        return f"{self.unit} · {year}{self.honour}{event}"

    def save(self, *args, **kwargs):
        if self.date is not None:
            self.year = self.date.year  # the date's year is the event's year, typed once
        if self.round_id is None and self.honour_id is not None:
            self.round = self.honour.round_of(self.edition, self.year)
        super().save(*args, **kwargs)

    @property
    def date_display(self) -> str:
        if self.date is None:
            return f"{self.year}年" if self.year else "年份不详"
        return precise_date_text(self.date, self.date_precision)


class UnitMerge(models.Model):
    """One merge of duplicate units into a survivor, kept so that it can be undone.

    `snapshot` holds everything `unit_merge_undo` needs: the merged units' rows,
    which rows moved from which unit, the rows collapsed into a duplicate, and the
    field values the merge changed (see curation.merging)."""

    survivor = models.ForeignKey(
        Unit, verbose_name="保留单位", null=True, on_delete=models.SET_NULL, related_name="merges"
    )
    # Kept as text so the record still reads well after the survivor is deleted.
    survivor_name = models.CharField("保留单位名称", max_length=200)
    merged_names = models.JSONField("被合并单位", default=list)
    snapshot = models.JSONField("撤销所需快照", default=dict, editable=False)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merged_at = models.DateTimeField("合并时间", auto_now_add=True)
    reason = models.TextField("合并理由", blank=True)
    undone_at = models.DateTimeField("撤销时间", null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤销人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    undo_reason = models.TextField("撤销理由", blank=True)
    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        verbose_name = "单位合并记录"
        verbose_name_plural = "单位合并记录"
        ordering = ["-merged_at"]

    def __str__(self):
        return f"{'、'.join(self.merged_names)} → {self.survivor_name}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None
