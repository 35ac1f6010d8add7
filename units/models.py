"""Work units (单位), the places they belong to, and the honours they hold."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from core.indexes import ListOrderIndex
from core.models import ExtractedRecord


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
    # Award year of each round, e.g. {"4": 2015} for 全国文明单位 第四届.
    round_years = models.JSONField("届次年份", default=dict, blank=True)
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


class HonourAward(ExtractedRecord):
    """A unit's holding of an honour in a given year, with its review outcome."""

    class Status(models.TextChoices):
        AWARDED = "awarded", "授予"
        RETAINED = "retained", "复查保留"
        CONFIRMED = "confirmed", "复查确认"
        WARNED = "warned", "黄牌警告"
        RESTORED = "restored", "恢复"
        REVOKED = "revoked", "撤销"
        LAPSED = "lapsed", "自动终止"

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="honour_awards")
    honour = models.ForeignKey(Honour, verbose_name="荣誉称号", on_delete=models.PROTECT, related_name="awards")
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True, db_index=True)
    edition = models.CharField("届次", max_length=40, blank=True, help_text="如：第21届、第四批")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.AWARDED)
    note = models.TextField("备注", blank=True)
    history = HistoricalRecords()

    class Meta(ExtractedRecord.Meta):
        verbose_name = "荣誉记录"
        verbose_name_plural = "荣誉记录"
        ordering = ["-year", "unit__name"]
        indexes = ExtractedRecord.Meta.indexes + [
            # The honour list's default order starts with the year (then unit name, pk).
            ListOrderIndex(F("year").desc(nulls_last=True), name="honour_award_list_order"),
        ]
        constraints = ExtractedRecord.Meta.constraints + [
            # A unit holds an honour once per year; year-less mentions once overall.
            models.UniqueConstraint(
                fields=["unit", "honour", "year"],
                condition=Q(year__isnull=False),
                name="honour_award_unique_per_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "honour"],
                condition=Q(year__isnull=True),
                name="honour_award_unique_without_year",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1949, year__lte=2100),
                name="honour_award_year_plausible",
            ),
        ]

    def __str__(self):
        year = f"{self.year}年" if self.year else ""
        return f"{self.unit} · {year}{self.honour}"


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
