"""Exports of the staff lists to CSV and XLSX, shared by the list views and the
``export`` command.

The apps' django-import-export resources define the columns (Chinese headers,
natural keys, choice labels); the rows are read with ``values_list`` and
rendered as those resources render them (wenming.export_columns), a chunk of
rows at a time from ``QuerySet.iterator``, so memory stays flat however many
rows there are: CSV is streamed to the client and XLSX is written by an
openpyxl write-only workbook to a temporary file.

Text that a spreadsheet would run as a formula (=, +, -, @ first) is written
with an apostrophe in front (articles.resources.escape_formula, for every
column that can hold text); the XLSX writer also stores every text cell as
text, so no string from the data can become a formula cell.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import IO

from django.contrib.auth import get_permission_codename
from django.db.models import QuerySet
from django.utils import timezone
from import_export.fields import Field
from import_export.resources import Resource
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from articles.models import ReviewStatus
from articles.resources import LIST_JOINER, ArticleResource, ChoiceWidget, escape_formula
from articles.selectors import article_filterset
from campaigns.resources import ActivityResource, CampaignResource, VolunteerRecordResource
from campaigns.selectors import activity_filterset, campaign_filterset, volunteer_record_filterset
from units.filters import HOLDING_STATUSES_EXCLUDED
from units.models import Honour, HonourAward
from units.resources import HonourAwardResource, UnitResource
from units.selectors import honour_award_filterset, unit_filterset
from wenming.export_columns import compile_columns, value_rows
from wenming.filtering import SiteFilterSet

FORMATS = ("csv", "xlsx")
# Rows read per round trip and rendered together (wenming.export_columns): large enough
# that the second query for the organisers is paid once per 10,000 rows.
CHUNK_SIZE = 10_000
BOM = "\ufeff"


def with_article_title(resource: type[Resource]) -> type[Resource]:
    """The resource with the source article's title after its ``article`` column.

    Export only: the resources name the source article by its content hash,
    which lets a sheet be imported again but tells a reader nothing.
    """
    fields = resource.Meta.fields
    at = fields.index("article") + 1
    meta = type("Meta", (), {"fields": (*fields[:at], "article_title", *fields[at:])})
    title = Field(attribute="article__title", column_name="来源文章标题", readonly=True)
    name = resource.__name__.removesuffix("Resource") + "ExportResource"
    return type(name, (resource,), {"__module__": __name__, "article_title": title, "Meta": meta})


class UnitExportResource(with_article_title(UnitResource)):
    """The unit list's export: also the honours each unit holds, as the list shows them."""

    honours = Field(column_name="所获荣誉", readonly=True)

    class Meta(UnitResource.Meta):
        fields = (*with_article_title(UnitResource).Meta.fields, "honours")

    def fetch_honours(self, ids: list, using: str) -> dict[int, list[str]]:
        held = defaultdict(list)
        awards = (
            HonourAward.objects.using(using)
            .filter(unit_id__in=ids, review_status=ReviewStatus.ACCEPTED)
            .exclude(status__in=HOLDING_STATUSES_EXCLUDED)
            .order_by("year", "honour__name", "pk")
            .values_list("unit_id", "honour__name", "year")
        )
        for unit_id, name, year in awards:
            held[unit_id].append(f"{name}（{year}）" if year else name)
        return held

    def dehydrate_honours(self, unit) -> str:
        return LIST_JOINER.join(self.fetch_honours([unit.pk], unit._state.db or "default").get(unit.pk, []))


class HonourAwardExportResource(with_article_title(HonourAwardResource)):
    """The honour list's export: also the honour's level and the unit's region, as the list shows them."""

    level = Field(
        attribute="honour__level", column_name="级别", widget=ChoiceWidget(Honour.Level.choices), readonly=True
    )
    region = Field(attribute="unit__region__full_name", column_name="单位所属地区", readonly=True)

    class Meta(HonourAwardResource.Meta):
        fields = (*with_article_title(HonourAwardResource).Meta.fields, "level", "region")


ActivityExportResource = with_article_title(ActivityResource)
VolunteerRecordExportResource = with_article_title(VolunteerRecordResource)


class ArticleExportResource(ArticleResource):
    class Meta:
        # The raw page text doubles the file and is only needed to re-import.
        fields = tuple(name for name in ArticleResource.Meta.fields if name != "raw_text")


@dataclass(frozen=True)
class ExportSpec:
    """One exportable list: how to filter it, which resource writes its rows and
    who may read it."""

    key: str
    label: str
    names: tuple[str, ...]  # other names the command accepts
    filterset: Callable[..., SiteFilterSet]
    resource: type[Resource]
    list_url: str
    # What the resource's columns read beyond what the list already loads, when a
    # resource's rows go through the resource itself (resource_rows).
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    defer_none: bool = False

    @property
    def permission(self) -> str:
        """The view permission of the model the resource writes."""
        opts = self.resource._meta.model._meta
        return f"{opts.app_label}.{get_permission_codename('view', opts)}"

    @property
    def export_url(self) -> str:
        return self.list_url.replace("_list", "_export")

    def queryset(self, filterset: SiteFilterSet) -> QuerySet:
        queryset = filterset.result()
        if self.defer_none:
            queryset = queryset.defer(None)
        return queryset.select_related(*self.select_related).prefetch_related(*self.prefetch_related)


PROVENANCE_RELATED = ("article", "reviewed_by")

EXPORTS: dict[str, ExportSpec] = {
    spec.key: spec
    for spec in (
        ExportSpec(
            key="units",
            label="单位",
            names=("unit", "units.unit", "单位"),
            filterset=unit_filterset,
            resource=UnitExportResource,
            list_url="units:unit_list",
            select_related=("parent", *PROVENANCE_RELATED),
        ),
        ExportSpec(
            key="honours",
            label="荣誉记录",
            names=("honour", "honourawards", "honouraward", "awards", "units.honouraward", "荣誉", "荣誉记录"),
            filterset=honour_award_filterset,
            resource=HonourAwardExportResource,
            list_url="units:honour_list",
            select_related=PROVENANCE_RELATED,
        ),
        ExportSpec(
            key="activities",
            label="活动",
            names=("activity", "campaigns.activity", "活动"),
            filterset=activity_filterset,
            resource=ActivityExportResource,
            list_url="campaigns:activity_list",
            select_related=PROVENANCE_RELATED,
            prefetch_related=("organisers",),
        ),
        ExportSpec(
            key="volunteer",
            label="志愿服务记录",
            names=("volunteers", "volunteerrecord", "volunteerrecords", "campaigns.volunteerrecord", "志愿服务"),
            filterset=volunteer_record_filterset,
            resource=VolunteerRecordExportResource,
            list_url="campaigns:volunteer_list",
            select_related=PROVENANCE_RELATED,
        ),
        ExportSpec(
            key="campaigns",
            label="创建活动",
            names=("campaign", "campaigns.campaign", "创建活动"),
            filterset=campaign_filterset,
            resource=CampaignResource,
            list_url="campaigns:campaign_list",
        ),
        ExportSpec(
            key="articles",
            label="文章",
            names=("article", "articles.article", "文章"),
            filterset=article_filterset,
            resource=ArticleExportResource,
            list_url="articles:article_list",
            select_related=("import_run", "page_file"),
            defer_none=True,
        ),
    )
}


def find_export(name: str) -> ExportSpec | None:
    wanted = name.strip().lower()
    for spec in EXPORTS.values():
        if wanted == spec.key or wanted in spec.names:
            return spec
    return None


class EscapedRows:
    """Rows whose cells export_rows already rendered and escaped: csv_chunks
    writes them as they are instead of escaping every cell again."""

    def __init__(self, rows: Iterator[Sequence]):
        self._rows = rows

    def __iter__(self) -> Iterator[Sequence]:
        return self._rows


def export_rows(resource: Resource, queryset: QuerySet, *, native: bool = False) -> Iterable[Sequence]:
    """One sequence of cell values per row, in the resource's column order.

    ``native`` keeps numbers and dates as such (for XLSX); otherwise every
    cell is rendered as the resource renders it for text formats.
    """
    columns = compile_columns(resource, native=native)
    if columns is None:
        return resource_rows(resource, queryset, native=native)
    return EscapedRows(value_rows(columns, queryset, chunk_size=CHUNK_SIZE))


def resource_rows(resource: Resource, queryset: QuerySet, *, native: bool = False) -> Iterator[list]:
    """The rows as the resource exports them, one model instance at a time:
    what export_rows falls back on for a column it cannot read from values."""
    fields = resource.get_export_fields()
    for instance in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield [resource.export_field(column, instance, force_native_type=native) for column in fields]


def csv_chunks(headers: list[str], rows: Iterable[list], *, buffer_size: int = 64 * 1024) -> Iterator[str]:
    """CSV text in chunks of about ``buffer_size`` characters, starting with a
    byte-order mark: without it Excel reads UTF-8 Chinese as mojibake."""
    if not isinstance(rows, EscapedRows):
        rows = (["" if value is None else escape_formula(value) for value in row] for row in rows)
    rows = iter(rows)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(headers)
    # writerows() over a few hundred rows at a time keeps the loop in C.
    while batch := list(islice(rows, 500)):
        writer.writerows(batch)
        if buffer.tell() >= buffer_size:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def write_csv(target: IO[str], headers: list[str], rows: Iterable[list]) -> None:
    for chunk in csv_chunks(headers, rows):
        target.write(chunk)


def _xlsx_value(value):
    if isinstance(value, str):
        # Control characters from scanned pages would make the file unreadable.
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)
    return value


def _xlsx_cell(sheet, value):
    value = _xlsx_value(value)
    if not isinstance(value, str) or not value.startswith("="):
        return value
    # openpyxl makes any string starting with = a formula cell: say it is text.
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def write_xlsx(target, headers: list[str], rows: Iterable[list], *, title: str) -> None:
    """Write an XLSX file with a write-only workbook: rows go to disk as they
    come instead of piling up in memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    workbook.save(target)


def export_filename(spec: ExportSpec, fmt: str) -> str:
    return f"{spec.label}_{timezone.localtime():%Y%m%d-%H%M}.{fmt}"
