"""Spreadsheet export and import of regions, units, their aliases, the honour
catalogue and honour awards (conventions in articles.resources)."""

from core.resources import PROVENANCE_FIELDS, WenmingResource, column
from core.sheet_widgets import NumberWidget, TextListWidget
from units.models import Honour, HonourAward, Region, Unit, UnitAlias


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
        fields = ("name", "aliases", "level", "category", "awarding_body", "round_years", "description")
        import_id_fields = ("name",)


class HonourAwardResource(WenmingResource):
    # The years the extraction accepts too (articles.extraction.dates): 20240 is a typo.
    year = column(HonourAward, "year", NumberWidget(integer=True, minimum=1949, maximum=2100))

    class Meta:
        model = HonourAward
        fields = ("unit", "honour", "year", "edition", "status", "note", *PROVENANCE_FIELDS)
        import_id_fields = ("unit", "honour", "year")
