"""The exports read their rows with values_list (core.export_columns): every
export's rows must stay what its resource would write, cell for cell, so that a
column added to a resource cannot silently come out different."""

import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from import_export.fields import Field

from articles.models import Article, ImportRun, PageFile, Source
from campaigns.models import Activity, ActivityOrganiser, Campaign, VolunteerRecord
from core.export_columns import compile_columns
from core.exports import csv_chunks, export_rows, resource_rows
from core.filtering import ALL_STATUSES
from core.review import record_accept
from core.sheet_widgets import escape_formula
from reports.exports import EXPORTS, UnitExportResource
from units.models import HonourAward, Unit

FORMULA = "=HYPERLINK(1)"


@pytest.fixture
def export_ledger(site_ledger):
    """The site ledger plus what its rows lack: reviews, several organisers,
    text a spreadsheet would take for a formula, an article with its import run."""
    ledger = site_ledger
    reviewer = get_user_model().objects.create_user(username="审核员")
    source = Source.objects.create(name="菏泽日报")
    run = ImportRun.objects.create(key=uuid.uuid4(), status=ImportRun.Status.SUCCEEDED, source=source)
    page = PageFile.objects.create(import_run=run, file_name="第3版.txt", status=PageFile.Status.IMPORTED)
    article = Article.objects.create(
        source=source,
        title="-文明新篇",
        bylines=["记者 张三", "@通讯员"],
        published_on=date(2024, 3, 14),
        text="正文",
        content_hash="d" * 64,
        import_run=run,
        page_file=page,
        position=2,
    )
    unit = Unit.objects.create(
        name="+甲单位", short_name="@简称", note=FORMULA, region=ledger.heze, parent=ledger.party_office
    )
    record_accept(record=unit, user=reviewer, note="-核对过")
    activity = Activity.objects.create(
        title=FORMULA,
        date=date(2024, 3, 8),
        campaign=ledger.civilised_city,
        kind=Activity.Kind.CHARITY,
        participants=0,
        place="-广场",
        article=article,
        evidence="正文",
    )
    # Created out of name order: the cell lists them in the units' order.
    for organiser, role in ((ledger.party_office, "host"), (unit, "co_host"), (ledger.community, "executor")):
        ActivityOrganiser.objects.create(activity=activity, unit=organiser, role=role)
    record_accept(record=activity, user=reviewer)
    record = VolunteerRecord.objects.create(
        unit=unit, activity=activity, hours=Decimal("0.5"), volunteers=3, approximate=True, period_text="=近年"
    )
    record_accept(record=record, user=reviewer)
    award = HonourAward.objects.create(unit=unit, honour=ledger.youth, year=None, edition="+第一批", article=article)
    record_accept(record=award, user=reviewer)
    Campaign.objects.create(name="@活动", aliases=["=别名", "创城"], start_date=date(2024, 1, 1))
    return ledger


def every_row_query(spec) -> QueryDict:
    query = QueryDict(mutable=True)
    if "review_status" in spec.filterset(data=QueryDict()).form.fields:
        query["review_status"] = ALL_STATUSES
    if spec.key in ("due_reviews", "expiring"):
        query["year"] = "2021"  # the site ledger's holdings are due then, or run out
    return query


def queryset_for(spec):
    return spec.queryset(spec.filterset(data=every_row_query(spec)))


@pytest.mark.parametrize("native", [False, True], ids=["text", "native"])
@pytest.mark.parametrize("spec", EXPORTS.values(), ids=list(EXPORTS))
def test_every_export_reads_its_rows_from_values(spec, native):
    assert compile_columns(spec.resource(), native=native) is not None


@pytest.mark.parametrize("native", [False, True], ids=["text", "native"])
@pytest.mark.parametrize("spec", EXPORTS.values(), ids=list(EXPORTS))
def test_export_rows_are_the_resources_own_rows(export_ledger, spec, native):
    resource = spec.resource()
    expected = [resource.export_resource(obj, force_native_type=native) for obj in queryset_for(spec)]
    assert [list(row) for row in export_rows(resource, queryset_for(spec), native=native)] == expected
    assert len(expected) >= 2


@pytest.mark.parametrize("spec", EXPORTS.values(), ids=list(EXPORTS))
def test_a_csv_export_is_the_text_the_resource_rows_make(export_ledger, spec):
    resource = spec.resource()
    headers = resource.get_export_headers()
    fast = "".join(csv_chunks(headers, export_rows(resource, queryset_for(spec))))
    assert fast == "".join(csv_chunks(headers, resource_rows(resource, queryset_for(spec))))


def test_organisers_are_listed_in_the_units_order(export_ledger):
    spec = EXPORTS["activities"]
    resource = spec.resource()
    column = resource.get_export_headers().index("组织单位")
    rows = {row[1]: row for row in export_rows(resource, queryset_for(spec))}
    names = Activity.objects.get(title=FORMULA).organisers.order_by("name").values_list("name", flat=True)
    assert len(names) == 3
    assert rows["'" + FORMULA][column] == escape_formula("、".join(names))


def test_organisers_cost_two_queries_per_chunk_of_rows(export_ledger):
    spec = EXPORTS["activities"]
    with CaptureQueriesContext(connection) as captured:
        list(export_rows(spec.resource(), queryset_for(spec)))
    assert len(captured) == 1 + 2


class UnitWithCountResource(UnitExportResource):
    organiser_count = Field(column_name="组织活动数")

    class Meta(UnitExportResource.Meta):
        fields = (*UnitExportResource.Meta.fields, "organiser_count")

    def dehydrate_organiser_count(self, unit):
        return unit.activity_roles.count()


def test_a_column_only_the_resource_can_render_sends_the_export_through_the_resource(export_ledger):
    resource = UnitWithCountResource()
    queryset = queryset_for(EXPORTS["units"])
    assert compile_columns(resource) is None
    assert [list(row) for row in export_rows(resource, queryset)] == [resource.export_resource(u) for u in queryset]
