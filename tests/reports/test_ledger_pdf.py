"""A unit's creation ledger as a printable PDF (reports/ledger_pdf.py, ?format=pdf,
build_ledger -o FILE.pdf), and the reading of the records a chunk at a time."""

from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pdfminer.high_level import extract_text

from campaigns.models import Activity, ActivityOrganiser
from core.models import ReviewStatus
from reports import ledger_views
from reports.ledger import LedgerEntry, ledger_build
from reports.ledger_pdf import TEMPLATE, ledger_pdf_context, ledger_write_pdf, record_text


def pdf_text(data: bytes) -> str:
    # pdfminer keeps CJK text but may break a line anywhere: compare without whitespace.
    return "".join(extract_text(BytesIO(data)).split())


def built_pdf(unit, year: int) -> bytes:
    buffer = BytesIO()
    ledger_write_pdf(ledger_build(unit=unit, year=year), buffer)
    return buffer.getvalue()


@pytest.fixture
def accepted_lei_feng(lei_feng_activity) -> Activity:
    Activity.objects.filter(pk=lei_feng_activity.pk).update(review_status=ReviewStatus.ACCEPTED)
    lei_feng_activity.refresh_from_db()
    return lei_feng_activity


def test_a_record_prints_its_date_title_role_place_figures_evidence_and_source():
    entry = LedgerEntry(
        "活动", date(2024, 3, 5), "学雷锋志愿服务进社区", "甲单位、乙单位", "主办", "西城街道", "参与 60 人",
        "甲单位组织志愿者走进社区。", "某日报，2024-03-06，《走进社区》",
    )  # fmt: skip

    lines = record_text(entry, unit_name="甲单位").split("\n")

    assert lines == [
        "3月5日　活动　学雷锋志愿服务进社区",
        "本单位主办　其他组织单位：乙单位　地点：西城街道　参与 60 人",
        "原句：甲单位组织志愿者走进社区。　——某日报，2024-03-06，《走进社区》",
    ]


def test_the_pdf_holds_the_unit_and_an_items_record_with_its_sentence(party_office, accepted_lei_feng):
    data = built_pdf(party_office, 2024)

    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "菏泽市委办公室2024年度创建台账" in text
    assert "学雷锋活动" in text and "学雷锋志愿服务进社区" in text
    assert "市委办公室坚持文明创建、业务工作" in text  # the evidence sentence
    assert "菏泽日报，2024-03-14，《勇担职责使命谱写文明新篇》" in text


def test_the_cover_shows_the_honours_the_ledger_holds(party_office, party_office_award):
    text = pdf_text(built_pdf(party_office, 2024))
    assert "全国文明单位国家级第六届2020年2020年命名2022年12月31日期满未确认" in text
    assert "荣誉及其事件" in text


def test_the_pdf_lists_a_pending_record_only_among_those_left_out(party_office, lei_feng_activity):
    text = pdf_text(built_pdf(party_office, 2024))

    assert "学雷锋活动1条记录" not in text
    assert "活动学雷锋志愿服务进社区（待审核）" in text


def test_the_pdf_totals_volunteer_service_by_month_and_year(party_office, party_office_volunteering):
    # The page's HTML: pdfminer reads a table column by column.
    page = "".join(render_to_string(TEMPLATE, ledger_pdf_context(ledger_build(unit=party_office, year=2023))).split())
    cells = '<tdclass="num">1200.5</td><tdclass="num">520</td><tdclass="num">1</td>'
    assert f"<td>2023年1月</td>{cells}" in page
    assert f"<th>2023年合计</th>{cells.replace('td', 'th')}" in page


def test_newspaper_text_in_the_ledger_stays_text(party_office, accepted_lei_feng):
    Activity.objects.filter(pk=accepted_lei_feng.pk).update(title='<img src="file:///etc/passwd">标题')
    text = pdf_text(built_pdf(party_office, 2024))
    assert '<imgsrc="file:///etc/passwd">标题' in text


def test_the_ledger_downloads_as_a_pdf(admin_client, party_office, accepted_lei_feng):
    response = admin_client.get(reverse("units:unit_ledger", args=[party_office.pk]), {"year": 2024, "format": "pdf"})

    assert response["Content-Type"] == "application/pdf"
    assert ".pdf" in response["Content-Disposition"] and "2024" in response["Content-Disposition"]
    assert "学雷锋志愿服务进社区" in pdf_text(response.getvalue())


def test_an_unknown_ledger_format_is_refused(admin_client, party_office):
    response = admin_client.get(reverse("units:unit_ledger", args=[party_office.pk]), {"format": "doc"})
    assert response.status_code == 400


def test_a_pdf_too_long_to_build_in_a_request_is_refused_with_the_way_out(
    admin_client, party_office, accepted_lei_feng, monkeypatch
):
    monkeypatch.setattr(ledger_views, "PDF_WEB_RECORDS", 0)
    response = admin_client.get(reverse("units:unit_ledger", args=[party_office.pk]), {"year": 2024, "format": "pdf"})
    assert response.status_code == 400
    assert "build_ledger" in response.content.decode()


def test_the_unit_page_offers_the_ledger_as_pdf(admin_client, party_office):
    page = admin_client.get(reverse("units:unit_detail", args=[party_office.pk])).content.decode()
    assert 'id="build-ledger-pdf"' in page and 'value="pdf"' in page


def test_the_command_writes_a_pdf(party_office, accepted_lei_feng, tmp_path):
    target = tmp_path / "台账.pdf"

    call_command("build_ledger", "菏泽市委办公室", "--year", "2024", "-o", str(target), stdout=StringIO())

    assert "学雷锋志愿服务进社区" in pdf_text(target.read_bytes())
    assert [path.name for path in tmp_path.iterdir()] == ["台账.pdf"]  # no partial file left behind


def test_the_command_refuses_a_word_file(party_office, tmp_path):
    with pytest.raises(CommandError, match="须以 .xlsx 或 .pdf 结尾"):
        call_command("build_ledger", "菏泽市委办公室", "--year", "2024", "-o", str(tmp_path / "台账.doc"))
    assert list(tmp_path.iterdir()) == []


def test_the_records_are_read_with_the_same_queries_however_many_there_are(
    party_office, accepted_lei_feng, hotline_centre
):
    def queries_for_the_ledger() -> int:
        with CaptureQueriesContext(connection) as captured:
            ledger = ledger_build(unit=party_office, year=2024)
            assert all(entry.organisers for entry in ledger.filed["学雷锋活动"])
        return len(captured)

    one = queries_for_the_ledger()
    for n in range(20):
        activity = Activity.objects.create(
            title=f"学雷锋活动{n}", date=date(2024, 5, 1), review_status=ReviewStatus.ACCEPTED
        )
        ActivityOrganiser.objects.create(activity=activity, unit=party_office)
        ActivityOrganiser.objects.create(activity=activity, unit=hotline_centre, role=ActivityOrganiser.Role.EXECUTOR)

    assert queries_for_the_ledger() == one
