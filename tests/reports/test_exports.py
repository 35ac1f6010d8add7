import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.exports import EXPORTS
from tests import sitedata

NATIONAL_IN_MUDAN = ["牡丹区市场监督管理局", "西城街道和平社区"]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xlsx_rows(data) -> list[list]:
    sheet = openpyxl.load_workbook(data if isinstance(data, Path) else io.BytesIO(data), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def export(client, name: str, fmt: str, **query):
    return client.get(reverse(name, args=[fmt]), query)


@pytest.fixture
def mudan_national(site_ledger) -> dict:
    return {"region": site_ledger.mudan.pk, "honour_level": "national"}


def test_a_csv_export_starts_with_the_utf8_byte_order_mark(viewer_client, mudan_national):
    response = export(viewer_client, "units:unit_export", "csv", **mudan_national)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body(response).startswith(b"\xef\xbb\xbf")


def test_a_csv_export_has_chinese_headers(viewer_client, mudan_national):
    header = csv_rows(body(export(viewer_client, "units:unit_export", "csv", **mudan_national)))[0]
    assert header[:4] == ["单位全称", "简称", "类型", "所属地区"]


def test_a_csv_export_has_exactly_the_filtered_rows(viewer_client, mudan_national):
    rows = csv_rows(body(export(viewer_client, "units:unit_export", "csv", **mudan_national)))[1:]
    assert [row[0] for row in rows] == NATIONAL_IN_MUDAN
    assert rows[0][3] == "山东省菏泽市牡丹区"


def test_a_csv_export_is_streamed(viewer_client, mudan_national):
    response = export(viewer_client, "units:unit_export", "csv", **mudan_national)
    assert response.streaming
    assert "attachment" in response["Content-Disposition"]


def test_an_xlsx_export_has_the_same_rows_as_the_csv(viewer_client, mudan_national):
    response = export(viewer_client, "units:unit_export", "xlsx", **mudan_national)
    assert response.status_code == 200
    sheet = xlsx_rows(body(response))
    assert sheet[0][:2] == ["单位全称", "简称"]
    assert [row[0] for row in sheet[1:]] == NATIONAL_IN_MUDAN


def test_an_xlsx_export_keeps_numbers_and_dates_as_such(viewer_client, site_ledger):
    query = {"unit_name": "局", "year_min": 2024, "year_max": 2024, "sort": "-hours"}
    sheet = xlsx_rows(body(export(viewer_client, "campaigns:volunteer_export", "xlsx", **query)))
    header = sheet[0]
    hours, start = header.index("服务时长（小时）"), header.index("统计起始")
    assert [row[hours] for row in sheet[1:]] == [120.5, 80]
    assert sheet[1][start].year == 2024


def test_an_export_keeps_the_lists_default_of_accepted_records(viewer_client, site_ledger):
    rows = csv_rows(body(export(viewer_client, "campaigns:volunteer_export", "csv", region=site_ledger.mudan.pk)))
    assert [row[1] for row in rows[1:]] == ["牡丹区市场监督管理局"]


def test_an_export_includes_pending_records_when_asked(viewer_client, site_ledger):
    query = {"region": site_ledger.mudan.pk, "review_status": "pending"}
    rows = csv_rows(body(export(viewer_client, "campaigns:volunteer_export", "csv", **query)))
    assert [row[1] for row in rows[1:]] == ["西城街道和平社区"]


HOLDING_LISTS = ("due_reviews", "expiring")


@pytest.mark.parametrize("spec", EXPORTS.values(), ids=list(EXPORTS))
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_list_exports(viewer_client, site_ledger, spec, fmt):
    # The holdings lists are of a year: the site ledger's holdings are due in 2021.
    query = {"year": 2021} if spec.key in HOLDING_LISTS else {}
    response = viewer_client.get(reverse(spec.export_url, args=[fmt]), query)
    assert response.status_code == 200
    data = body(response)
    rows = csv_rows(data) if fmt == "csv" else xlsx_rows(data)
    assert rows[0] == spec.resource().get_export_headers()
    assert len(rows) > 1


def test_exports_require_login(client, db):
    response = client.get(reverse("units:unit_export", args=["csv"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_exports_require_the_view_permission(outsider_client):
    assert outsider_client.get(reverse("units:unit_export", args=["csv"])).status_code == 403


def test_an_export_with_an_invalid_filter_is_refused(viewer_client, site_ledger):
    response = export(viewer_client, "units:honour_export", "csv", year_min="去年")
    assert response.status_code == 400
    assert "年份" in response.content.decode()


def test_an_unknown_format_is_not_found(viewer_client, site_ledger):
    assert export(viewer_client, "units:unit_export", "pdf").status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_costs_the_same_queries_for_5_or_50_rows(viewer_client, site_ledger, fmt):
    args = {"region": site_ledger.heze, "honour": site_ledger.youth, "campaign": site_ledger.civilised_city}
    sitedata.add_units(1, **args)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = export(viewer_client, "campaigns:activity_export", fmt)
            body(response)
        return len(captured)

    with_few = queries()
    sitedata.add_units(45, prefix="更多单位", **args)
    assert queries() == with_few


def test_the_export_command_writes_the_filtered_rows_to_csv(site_ledger, tmp_path):
    target = tmp_path / "国家级.csv"
    call_command(
        "export",
        "units",
        "--filter",
        f"region={site_ledger.mudan.pk}",
        "--filter",
        "honour_level=national",
        "-o",
        str(target),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert [row[0] for row in csv_rows(data)[1:]] == NATIONAL_IN_MUDAN


def test_the_export_command_writes_xlsx(site_ledger, tmp_path):
    target = tmp_path / "活动.xlsx"
    stdout = io.StringIO()
    call_command(
        "export",
        "activities",
        "--filter",
        f"campaign={site_ledger.civilised_city.pk}",
        "--filter",
        "date_after=2024-03-01",
        "--filter",
        "date_before=2024-03-31",
        "--format",
        "xlsx",
        "-o",
        str(target),
        stdout=stdout,
        stderr=io.StringIO(),
    )
    sheet = xlsx_rows(target)
    titles = sheet[0].index("名称")
    assert sorted(row[titles] for row in sheet[1:]) == ["志愿服务活动进社区", "文明交通劝导"]
    assert "已导出 2 条活动" in stdout.getvalue()


def test_the_export_command_rejects_an_unknown_list(db, tmp_path):
    with pytest.raises(CommandError, match="没有名为“people”的列表"):
        call_command("export", "people", "-o", str(tmp_path / "x.csv"))


def test_the_export_command_rejects_an_unknown_filter(db, tmp_path):
    with pytest.raises(CommandError, match="没有筛选参数“colour”"):
        call_command("export", "units", "--filter", "colour=red", "-o", str(tmp_path / "x.csv"))


def test_the_export_command_rejects_a_bad_filter_value_and_writes_nothing(db, tmp_path):
    target = tmp_path / "x.csv"
    with pytest.raises(CommandError, match="筛选条件有误"):
        call_command("export", "honours", "--filter", "year_min=去年", "-o", str(target))
    assert not list(tmp_path.iterdir())


def test_the_unit_export_lists_the_honours_each_unit_holds(viewer_client, site_ledger):
    header, *rows = csv_rows(body(export(viewer_client, "units:unit_export", "csv", q="牡丹区市场监督管理局")))
    honours = header.index("所获荣誉")
    assert "全国文明单位" in rows[0][honours]


def test_the_honour_export_has_the_level_and_the_units_region(viewer_client, site_ledger):
    header, *rows = csv_rows(body(export(viewer_client, "units:honour_export", "csv", region=site_ledger.mudan.pk)))
    assert "级别" in header and "单位所属地区" in header
    assert {row[header.index("单位所属地区")] for row in rows} >= {"山东省菏泽市牡丹区"}
    assert "国家级" in {row[header.index("级别")] for row in rows}


def test_whole_hours_are_written_without_a_decimal_point(viewer_client, site_ledger):
    from decimal import Decimal

    from campaigns.models import VolunteerRecord

    VolunteerRecord.objects.create(unit=site_ledger.party_office, hours=Decimal("13380.0"))
    header, *rows = csv_rows(body(export(viewer_client, "campaigns:volunteer_export", "csv")))
    hours = [row[header.index("服务时长（小时）")] for row in rows]
    assert "13380" in hours and "13380.0" not in hours


def test_the_admins_csv_exports_start_with_the_byte_order_mark(settings):
    import tablib

    from core.formats import CSVWithBOM

    assert CSVWithBOM in settings.IMPORT_EXPORT_FORMATS  # the admin's export formats
    written = CSVWithBOM().export_data(tablib.Dataset(["菏泽市文明办"], headers=["单位名称"]))
    assert written.startswith("\ufeff单位名称")
