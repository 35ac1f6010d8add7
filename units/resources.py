"""Spreadsheet export and import of regions, units, their aliases, the honour
catalogue and honour awards (conventions in articles.resources).

An award list that arrives as a sheet (XLSX/CSV: 单位, 荣誉称号, 年份, 届次, 状态 …)
imports through HonourAwardResource in the admin (dry run first): a row names its
unit as the registry knows it — the full name, or a short name or alias that only
one unit has — and its honour by the catalogue's name or one of its other spellings.
"""

import re

from core.models import ReviewStatus
from core.resources import PROVENANCE_FIELDS, WenmingResource, column
from core.sheet_widgets import ChoiceWidget, NaturalKeyWidget, NumberWidget, TextListWidget, unescape_formula
from units.models import Honour, HonourAward, HonourRound, Region, Unit, UnitAlias

_QUOTES_RE = re.compile(r"[\s“”‘’\"'《》「」]")


class UnitNameWidget(NaturalKeyWidget):
    """A unit by its full name or, failing that, by a short name or alias that only one
    unit has (市委办公室 → 菏泽市委办公室); a name several units share is a row error."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ValueError as missing:
            text = unescape_formula(str(value).strip())
            by_alias = (
                UnitAlias.objects.filter(name=text)
                .exclude(review_status=ReviewStatus.REJECTED)
                .values_list("unit_id", flat=True)
            )
            ids = set(by_alias) | set(Unit.objects.filter(short_name=text).values_list("pk", flat=True))
            if len(ids) == 1:
                return Unit.objects.get(pk=ids.pop())
            if ids:
                names = "、".join(sorted(Unit.objects.filter(pk__in=ids).values_list("name", flat=True)))
                raise ValueError(f"“{text}”是多个单位的简称或别名（{names}），请填写单位全称") from None
            raise missing


class HonourNameWidget(NaturalKeyWidget):
    """An honour by its catalogue name or one of its other spellings, quotes aside
    (“全国文明单位”称号 → 全国文明单位)."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ValueError as missing:
            text = _QUOTES_RE.sub("", unescape_formula(str(value).strip()))
            for honour in Honour.objects.only("name", "aliases"):
                if text in {_QUOTES_RE.sub("", name) for name in [honour.name, *(honour.aliases or [])]}:
                    return honour
            raise missing


def parents_first(objects: list) -> list:
    """Orders a tree so that every parent comes before its children, which lets
    the exported sheet be imported again into an empty table."""
    parent_of = {obj.pk: obj.parent_id for obj in objects}

    def depth(pk) -> int:
        seen = set()
        level = 0
        while parent_of.get(pk) in parent_of and pk not in seen:
            seen.add(pk)
            pk = parent_of[pk]
            level += 1
        return level

    return sorted(objects, key=lambda obj: depth(obj.pk))


class ParentsFirstMixin:
    def iter_queryset(self, queryset):
        return parents_first(list(super().iter_queryset(queryset)))


class RegionResource(ParentsFirstMixin, WenmingResource):
    class Meta:
        model = Region
        fields = ("full_name", "name", "level", "parent", "code")
        import_id_fields = ("full_name",)


class UnitResource(ParentsFirstMixin, WenmingResource):
    class Meta:
        model = Unit
        fields = ("name", "short_name", "kind", "region", "parent", "note", *PROVENANCE_FIELDS)
        import_id_fields = ("name",)


class UnitAliasResource(WenmingResource):
    class Meta:
        model = UnitAlias
        fields = ("unit", "name", *PROVENANCE_FIELDS)
        import_id_fields = ("unit", "name")


class HonourResource(WenmingResource):
    aliases = column(Honour, "aliases", TextListWidget())

    class Meta:
        model = Honour
        fields = ("name", "aliases", "level", "category", "awarding_body", "description")
        import_id_fields = ("name",)


class HonourRoundResource(WenmingResource):
    honour = column(HonourRound, "honour", HonourNameWidget(Honour, "name"))

    class Meta:
        model = HonourRound
        fields = (
            "honour", "number", "label", "year", "decided_on", "decision_body", "term_start", "term_end",
            "assessment_cycle", "note",
        )  # fmt: skip
        import_id_fields = ("honour", "number")


class HonourAwardResource(WenmingResource):
    unit = column(HonourAward, "unit", UnitNameWidget(Unit, "name"))
    honour = column(HonourAward, "honour", HonourNameWidget(Honour, "name"))
    # The years the extraction accepts too (articles.extraction.dates): 20240 is a typo.
    year = column(HonourAward, "year", NumberWidget(integer=True, minimum=1949, maximum=2100))
    # The names the events went by before they were called as the review notices call them.
    status = column(
        HonourAward,
        "status",
        ChoiceWidget(HonourAward.Status.choices, synonyms={"授予": "awarded", "复查保留": "retained"}),
    )

    class Meta:
        model = HonourAward
        fields = (
            "unit", "honour", "year", "date", "date_precision", "edition", "status", "decided_by", "note",
            *PROVENANCE_FIELDS,
        )  # fmt: skip
        # One event of a kind per holding and year (the model's constraint).
        import_id_fields = ("unit", "honour", "year", "status")

    def before_import(self, dataset, **kwargs):
        header = self.fields["status"].column_name
        if dataset.headers and header not in [str(h or "").strip() for h in dataset.headers]:
            # An award list without the column names holders: each row a naming (命名).
            dataset.append_col([HonourAward.Status.AWARDED.label] * len(dataset), header=header)
        super().before_import(dataset, **kwargs)
