"""The exports read their rows with values_list (core.export_columns): every
export's rows must stay what its resource would write, cell for cell, so that a
column added to a resource cannot silently come out different."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from import_export.fields import Field

from campaigns.models import Activity
from core.export_columns import compile_columns
from core.exports import csv_chunks, export_rows, resource_rows
from core.sheet_widgets import escape_formula
from reports.exports import EXPORTS, UnitExportResource
from tests.core.exportdata import FORMULA, queryset_for


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
