"""The staff lists' exports to CSV and XLSX, shared by the list views and the
``export`` command: which lists, their resources and filters, and file names.
How rows are written is core.exports'.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_permission_codename
from django.db.models import QuerySet
from django.utils import timezone
from import_export.fields import Field
from import_export.resources import Resource

from articles.resources import ArticleResource
from campaigns.resources import ActivityResource, CampaignResource, VolunteerRecordResource
from core.filtering import SiteFilterSet
from core.models import ReviewStatus
from core.resources import WenmingResource
from core.sheet_widgets import LIST_JOINER, ChoiceWidget, DateWidget, NumberWidget
from reports.article_selectors import article_filterset
from reports.campaign_selectors import activity_filterset, campaign_filterset, volunteer_record_filterset
from reports.holding_filters import due_review_filterset, expiring_filterset
from reports.unit_selectors import honour_award_filterset, unit_filterset
from units.holdings import HoldingState
from units.models import Honour, HonourAward
from units.queries import HOLDING_STATUSES_EXCLUDED
from units.resources import HonourAwardResource, UnitResource


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


class HoldingExportResource(WenmingResource):
    """A holding as the due-for-review and expiring lists show it: its unit, honour,
    latest event and the status and term derived from it (units.holdings)."""

    unit = Field(attribute="unit__name", column_name="单位")
    region = Field(attribute="unit__region__full_name", column_name="所属地区")
    honour = Field(attribute="honour__name", column_name="荣誉称号")
    level = Field(attribute="honour__level", column_name="级别", widget=ChoiceWidget(Honour.Level.choices))
    edition = Field(attribute="edition", column_name="届次（原文）")
    round_year = Field(attribute="round__year", column_name="所属届次年份", widget=NumberWidget(integer=True))
    latest = Field(attribute="status", column_name="最近事件", widget=ChoiceWidget(HonourAward.Status.choices))
    latest_year = Field(attribute="year", column_name="事件年份", widget=NumberWidget(integer=True))
    term_end = Field(attribute="round__term_end", column_name="任期止", widget=DateWidget())
    term_end_year = Field(attribute="term_end_year", column_name="任期止年份", widget=NumberWidget(integer=True))
    state = Field(attribute="state", column_name="当前状态", widget=ChoiceWidget(HoldingState.choices))
    evidence = Field(attribute="evidence", column_name="证据原句")
    article_title = Field(attribute="article__title", column_name="来源文章标题")
    # Computed by the lists' queries (units.holdings), read like columns.
    annotations = ("term_end_year", "state")

    class Meta:
        model = HonourAward
        fields = (
            "unit", "region", "honour", "level", "edition", "round_year", "latest", "latest_year", "term_end",
            "term_end_year", "state", "evidence", "article_title",
        )  # fmt: skip


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
HOLDING_RELATED = ("unit", "unit__region", "honour", "round", "article")

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
            key="due_reviews",
            label="应复查荣誉",
            names=("due", "due_reviews", "复查", "应复查"),
            filterset=due_review_filterset,
            resource=HoldingExportResource,
            list_url="units:due_review_list",
            select_related=HOLDING_RELATED,
        ),
        ExportSpec(
            key="expiring",
            label="到期与失效荣誉",
            names=("expiring", "lapsed", "到期"),
            filterset=expiring_filterset,
            resource=HoldingExportResource,
            list_url="units:expiring_list",
            select_related=HOLDING_RELATED,
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


def export_filename(spec: ExportSpec, fmt: str) -> str:
    return f"{spec.label}_{timezone.localtime():%Y%m%d-%H%M}.{fmt}"
