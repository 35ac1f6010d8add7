"""A unit's creation ledger (reports/ledger.py, ledger_items.py, ledger_views.py, build_ledger)."""

from datetime import date
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import Activity, ActivityOrganiser
from core.models import ReviewStatus
from core.review import record_accept
from reports.ledger import UNFILED, LedgerEntry, explanatory_draft, ledger_build
from reports.ledger_filing import ledger_record_file
from reports.ledger_items import NATIONAL_2012, SHANDONG, item_filed_under
from reports.ledger_xlsx import ledger_write_xlsx


def entry(evidence: str) -> LedgerEntry:
    return LedgerEntry("活动", None, "", "", "", "", "", evidence, "")


def test_a_record_is_filed_under_the_first_item_its_words_name():
    item = item_filed_under(NATIONAL_2012, text="机关党支部开展学雷锋志愿服务", kind="volunteer")
    assert item.name == "学雷锋活动"


def test_a_record_without_such_words_is_filed_by_its_kind():
    item = item_filed_under(NATIONAL_2012, text="走进敬老院", kind="charity")
    assert item.name == "参与帮扶共建"


def test_a_volunteer_record_without_such_words_goes_to_the_volunteer_item_of_the_system():
    assert item_filed_under(SHANDONG, text="累计服务", volunteer=True).name == "创建活动"


def test_a_record_nothing_places_stays_unfiled():
    assert item_filed_under(NATIONAL_2012, text="召开座谈会", kind="other") is None


def test_the_explanatory_draft_is_whole_evidence_sentences_within_the_limit():
    entries = [entry("甲单位开展活动。"), entry("乙单位参加。"), entry("丙" * 20 + "。")]
    assert explanatory_draft(entries, limit=16) == "甲单位开展活动。乙单位参加。"


def test_an_accepted_activity_of_the_year_is_filed_under_its_item(party_office, lei_feng_activity):
    Activity.objects.filter(pk=lei_feng_activity.pk).update(review_status=ReviewStatus.ACCEPTED)

    ledger = ledger_build(unit=party_office, year=2024)

    assert [e.title for e in ledger.filed["学雷锋活动"]] == ["学雷锋志愿服务进社区"]
    assert ledger.filed["学雷锋活动"][0].role == ActivityOrganiser.Role.HOST.label


def test_a_pending_record_is_left_out_and_listed_with_its_status(party_office, lei_feng_activity):
    ledger = ledger_build(unit=party_office, year=2024)

    assert ledger.entry_count == 0
    assert ledger.left_out == [("活动", "学雷锋志愿服务进社区", "待审核")]


def test_another_years_records_are_not_in_the_ledger(party_office, lei_feng_activity):
    Activity.objects.filter(pk=lei_feng_activity.pk).update(review_status=ReviewStatus.ACCEPTED)
    assert ledger_build(unit=party_office, year=2023).filed["学雷锋活动"] == []


def test_volunteer_figures_are_totalled_by_month(party_office, party_office_volunteering):
    ledger = ledger_build(unit=party_office, year=2023)
    assert ledger.volunteer_months == [(1, Decimal("1200.5"), 520, 1)]


def test_the_workbook_holds_each_item_the_cover_and_what_was_left_out(
    party_office, party_office_award, lei_feng_activity, party_office_volunteering
):
    workbook = load_workbook(BytesIO(_saved(ledger_build(unit=party_office, year=2023))))

    assert workbook.sheetnames[0] == "封面"
    assert {"学雷锋活动", "志愿服务活动", UNFILED, "志愿服务统计", "未纳入记录"} <= set(workbook.sheetnames)
    cover = [row for row in workbook["封面"].iter_rows(values_only=True)]
    # Round, term and status derived from the award's events (units.holdings).
    assert ("全国文明单位", "国家级", "第六届", "2020年", "2020年命名", "2022年12月31日", "期满未确认") in cover
    volunteer_rows = list(workbook["学雷锋活动"].iter_rows(values_only=True))
    assert any(row[2] == "学雷锋志愿服务进社区" and row[7] == "志愿服务累计520人次。" for row in volunteer_rows)


def _saved(ledger) -> bytes:
    buffer = BytesIO()
    ledger_write_xlsx(ledger, buffer)
    return buffer.getvalue()


def test_the_unit_page_offers_the_ledger(admin_client, party_office):
    page = admin_client.get(reverse("units:unit_detail", args=[party_office.pk])).content.decode()
    assert 'id="build-ledger"' in page and "生成台账" in page


def test_the_ledger_downloads_as_an_xlsx_named_after_the_unit_and_year(admin_client, party_office):
    response = admin_client.get(reverse("units:unit_ledger", args=[party_office.pk]), {"year": 2024})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "2024" in response["Content-Disposition"]
    assert load_workbook(BytesIO(response.getvalue())).sheetnames[0] == "封面"


def test_a_ledger_of_an_impossible_year_is_refused(admin_client, party_office):
    response = admin_client.get(reverse("units:unit_ledger", args=[party_office.pk]), {"year": "12"})
    assert response.status_code == 400


def test_the_ledger_needs_the_permission_to_view_units(client, django_user_model, party_office):
    client.force_login(django_user_model.objects.create_user("guest", is_staff=True))
    response = client.get(reverse("units:unit_ledger", args=[party_office.pk]), {"year": 2024})
    assert response.status_code == 403


def test_the_command_writes_the_ledger_of_a_unit_named_by_its_alias(party_office_alias, tmp_path):
    out = StringIO()
    target = tmp_path / "台账.xlsx"

    call_command("build_ledger", party_office_alias.name, "--year", "2024", "-o", str(target), stdout=out)

    assert load_workbook(target).sheetnames[0] == "封面"
    assert "菏泽市委办公室 2024年度台账" in out.getvalue()


@pytest.mark.parametrize(
    ("unit", "output", "message"),
    [
        ("菏泽市委办公室", "台账.csv", "须以 .xlsx 或 .pdf 结尾"),
        ("菏泽市委办公室", "台账.doc", "须以 .xlsx 或 .pdf 结尾"),
        ("不存在的单位", "台账.xlsx", "没有名为“不存在的单位”的单位"),
    ],
)
def test_the_command_refuses_what_it_cannot_build(party_office, tmp_path, unit, output, message):
    with pytest.raises(CommandError, match=message):
        call_command("build_ledger", unit, "--year", "2024", "-o", str(tmp_path / output))


def test_an_activity_of_the_year_without_a_date_is_not_in_the_ledger(party_office, lei_feng_activity):
    Activity.objects.filter(pk=lei_feng_activity.pk).update(date=None, review_status=ReviewStatus.ACCEPTED)
    assert ledger_build(unit=party_office, year=date(2024, 1, 1).year).entry_count == 0


def test_evidence_that_looks_like_a_formula_stays_text_in_the_workbook(party_office, lei_feng_activity):
    Activity.objects.filter(pk=lei_feng_activity.pk).update(
        review_status=ReviewStatus.ACCEPTED, evidence='=HYPERLINK("http://example.invalid")'
    )

    workbook = load_workbook(BytesIO(_saved(ledger_build(unit=party_office, year=2024))))

    cells = [row[7] for row in workbook["学雷锋活动"].iter_rows(min_row=3, max_row=3, values_only=True)]
    assert cells == ['\'=HYPERLINK("http://example.invalid")']


def test_the_workbook_lists_each_honour_event_with_its_evidence(party_office, party_office_award):
    workbook = load_workbook(BytesIO(_saved(ledger_build(unit=party_office, year=2024))))

    rows = list(workbook["荣誉及其事件"].iter_rows(values_only=True))
    assert rows[1][:4] == ("全国文明单位", "2020年", "命名", "第六届")
    assert rows[1][5] == party_office_award.evidence


def test_a_record_staff_filed_by_hand_is_under_their_item(party_office, lei_feng_activity, reviewer):
    record_accept(record=lei_feng_activity, user=reviewer)
    ledger_record_file(
        record=lei_feng_activity, system="national-2012", item="文化体育活动", user=reviewer, reason="核对"
    )

    ledger = ledger_build(unit=party_office, year=2024)
    assert [entry.title for entry in ledger.filed["文化体育活动"]] == [lei_feng_activity.title]
    assert ledger.filed["学雷锋活动"] == []
