"""Award lists that arrive as spreadsheets (XLSX/CSV) through HonourAwardResource: units
and honours found as the registry names them, a dry run first, row errors by line and column."""

from io import BytesIO

import openpyxl
from import_export.formats.base_formats import CSV

from core.sheet_import import XLSXSheet
from units.models import HonourAward, Unit
from units.resources import HonourAwardResource

HEADER = "单位,荣誉称号,年份,届次,状态\n"


def import_sheet(text: str, **kwargs):
    return HonourAwardResource().import_data(CSV().create_dataset(text), **kwargs)


def errors_by_line(result) -> dict[int, dict[str, list[str]]]:
    return {
        row.number: {column: list(map(str, messages)) for column, messages in row.error_dict.items()}
        for row in result.invalid_rows
    }


def test_a_unit_named_by_its_alias_is_the_registered_unit(party_office_alias, civilised_unit):
    import_sheet(HEADER + "市委办公室,全国文明单位,2020,第六届,授予\n")
    assert HonourAward.objects.get().unit == party_office_alias.unit


def test_a_unit_named_by_its_short_name_is_the_registered_unit(party_office, civilised_unit):
    import_sheet(HEADER + "市委办,全国文明单位,2020,第六届,授予\n")
    assert HonourAward.objects.get().unit == party_office


def test_an_honour_named_by_another_spelling_or_in_quotes_is_the_catalogue_honour(party_office, civilised_unit):
    import_sheet(HEADER + "菏泽市委办公室,全国文明单位称号,2020,,\n菏泽市委办公室,“全国文明单位”,2023,,复查确认\n")
    assert list(HonourAward.objects.order_by("year").values_list("honour", "year", "status")) == [
        (civilised_unit.pk, 2020, "awarded"),
        (civilised_unit.pk, 2023, "confirmed"),
    ]


def test_an_alias_two_units_share_is_a_row_error_naming_line_and_column(party_office, heze, civilised_unit):
    Unit.objects.create(name="菏泽市委办事处", short_name="市委办", kind=Unit.Kind.PARTY_GOVERNMENT, region=heze)
    result = import_sheet(HEADER + "菏泽市委办公室,全国文明单位,2020,,\n市委办,全国文明单位,2021,,\n")
    errors = errors_by_line(result)
    assert list(errors) == [2]
    assert list(errors[2]) == ["单位"]
    assert "多个单位的简称或别名" in errors[2]["单位"][0]
    assert not HonourAward.objects.exists()


def test_a_dry_run_reports_the_rows_and_stores_nothing(party_office, civilised_unit):
    result = import_sheet(HEADER + "菏泽市委办公室,全国文明单位,2020,第六届,授予\n", dry_run=True)
    assert (result.has_errors(), result.totals["new"]) == (False, 1)
    assert not HonourAward.objects.exists()


def test_an_excel_award_list_imports_one_award_per_row_on_natural_keys(party_office, civilised_unit):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["单位", "荣誉称号", "年份", "届次", "状态"])
    sheet.append(["菏泽市委办公室", "全国文明单位", 2020, "第六届", "授予"])
    sheet.append(["市委办", "全国文明单位", 2023, "第七届", "复查确认"])
    out = BytesIO()
    book.save(out)
    dataset = XLSXSheet().create_dataset(out.getvalue())
    HonourAwardResource().import_data(dataset)
    HonourAwardResource().import_data(XLSXSheet().create_dataset(out.getvalue()))
    assert list(HonourAward.objects.order_by("year").values_list("year", "edition", "status")) == [
        (2020, "第六届", "awarded"),
        (2023, "第七届", "confirmed"),
    ]
