"""Filing a record under another assessment item by hand: kept, audited, refused when wrong."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns.models import Activity, ActivityOrganiser
from reports.ledger_filing import ledger_filings, ledger_item_by_words, ledger_record_file
from reports.ledger_items import NATIONAL_2012
from reports.models import LedgerFiling
from units.models import Unit


@pytest.fixture
def clean_up(db):
    unit = Unit.objects.create(name="菏泽市某局")
    activity = Activity.objects.create(title="机关大院卫生大扫除", date=date(2025, 4, 2))
    ActivityOrganiser.objects.create(activity=activity, unit=unit)
    return activity


def test_a_record_is_filed_by_its_words_until_staff_choose(clean_up):
    assert ledger_item_by_words(clean_up, NATIONAL_2012) == "优美环境建设"


def test_a_chosen_item_is_kept_for_the_unit_s_ledgers_with_who_and_why(clean_up, reviewer):
    ledger_record_file(record=clean_up, system="national-2012", item="志愿服务活动", user=reviewer, reason="志愿者参加")

    unit = clean_up.organisers.get()
    assert ledger_filings("national-2012", unit=unit) == {("activity", clean_up.pk): "志愿服务活动"}
    history = LedgerFiling.objects.get().history.latest()
    assert (history.history_user, history.history_change_reason) == (reviewer, "台账归类：志愿服务活动（志愿者参加）")


def test_filing_again_changes_the_choice_and_keeps_the_earlier_one_in_history(clean_up, reviewer):
    for item in ("志愿服务活动", "学雷锋活动"):
        ledger_record_file(record=clean_up, system="national-2012", item=item, user=reviewer, reason="核对")

    filing = LedgerFiling.objects.get()
    assert filing.item == "学雷锋活动"
    assert [h.item for h in filing.history.order_by("history_date")] == ["志愿服务活动", "学雷锋活动"]


@pytest.mark.parametrize(
    ("system", "item", "reason", "message"),
    [
        ("national-2012", "不存在的项目", "理由", "没有“不存在的项目”"),
        ("nowhere", "志愿服务活动", "理由", "测评体系"),
        ("national-2012", "志愿服务活动", " ", "理由"),
    ],
)
def test_a_wrong_choice_is_refused_and_nothing_is_kept(clean_up, reviewer, system, item, reason, message):
    with pytest.raises(ValidationError, match=message):
        ledger_record_file(record=clean_up, system=system, item=item, user=reviewer, reason=reason)
    assert not LedgerFiling.objects.exists()


def test_the_filing_page_saves_the_choice(admin_client, clean_up):
    url = reverse("campaigns:activity_ledger_filing", args=[clean_up.pk])
    response = admin_client.post(url, {"system": "national-2012", "item": "志愿服务活动", "reason": "实为志愿服务"})

    assert response.status_code == 302
    assert LedgerFiling.objects.get().item == "志愿服务活动"
    assert "志愿服务活动" in admin_client.get(url).content.decode()


def test_the_filing_page_needs_the_change_permission(viewer_client, clean_up):
    url = reverse("campaigns:activity_ledger_filing", args=[clean_up.pk])
    assert viewer_client.get(url).status_code == 403
