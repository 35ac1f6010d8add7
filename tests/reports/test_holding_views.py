"""The holdings pages: due for review (复查), expiring and lapsed, a unit's honour timeline."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Activity, ActivityOrganiser
from curation.demo import FIXTURES, REFERENCE_FIXTURES
from units.models import Honour, HonourAward, HonourRound, Region, Unit

DUE_IN_MUDAN = {
    "菏泽市牡丹区人民医院",
    "菏泽市牡丹区实验小学",
    "菏泽市牡丹区税务局",
    "菏泽市牡丹区市场监督管理局",
    "菏泽市牡丹区皇镇街道",
    "菏泽市牡丹区交通运输局",
}


@pytest.fixture
def demo(db):
    call_command("loaddata", *(str(FIXTURES / name) for name in (*REFERENCE_FIXTURES, "demo.json")), verbosity=0)
    return Region.objects.get(full_name="山东省菏泽市牡丹区")


def test_the_due_list_answers_which_civilised_units_of_a_district_are_due_this_year(viewer_client, demo):
    response = viewer_client.get(
        reverse("units:due_review_list"), {"region": demo.pk, "category": "civilised_unit", "year": 2026}
    )

    assert response.status_code == 200
    assert {row.unit.name for row in response.context["rows"]} == DUE_IN_MUDAN


def test_a_warned_holder_is_listed_as_warned(viewer_client, demo):
    response = viewer_client.get(reverse("units:due_review_list"), {"region": demo.pk, "state": "warned", "year": 2026})

    assert [row.unit.name for row in response.context["rows"]] == ["菏泽市牡丹区交通运输局"]
    assert "警告整改中" in response.content.decode()


def test_a_holding_whose_round_ended_is_not_due_but_expired(viewer_client, demo):
    due = viewer_client.get(reverse("units:due_review_list"), {"year": 2026}).context["rows"]
    expiring = viewer_client.get(reverse("units:expiring_list"), {"year": 2026, "state": "expired"}).context["rows"]

    named_2020 = ("菏泽市政府办公室", "全国文明单位")
    assert named_2020 not in {(row.unit.name, row.honour.name) for row in due}
    assert named_2020 in {(row.unit.name, row.honour.name) for row in expiring}


def test_holders_left_off_a_round_s_retention_list_are_found(viewer_client, demo):
    seventh = HonourRound.objects.get(honour__name="全国文明单位", number=7)
    rows = viewer_client.get(reverse("units:expiring_list"), {"missing_from": seventh.pk}).context["rows"]

    assert {(row.unit.name, row.year) for row in rows} >= {("菏泽市政府办公室", 2020)}
    assert "菏泽市牡丹区人民医院" not in {row.unit.name for row in rows}


def test_the_due_list_exports_what_it_shows(viewer_client, demo):
    response = viewer_client.get(
        reverse("units:due_review_export", args=["csv"]),
        {"region": demo.pk, "category": "civilised_unit", "year": 2026},
    )

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert {row["单位"] for row in rows} == DUE_IN_MUDAN
    assert {row["当前状态"] for row in rows} == {"有效", "警告整改中"}


def test_the_timeline_shows_each_event_with_a_link_to_its_evidence(viewer_client, demo):
    unit = Unit.objects.get(name="菏泽市牡丹区人民医院")
    response = viewer_client.get(reverse("units:unit_honours", args=[unit.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    for award in unit.honour_awards.all():
        assert reverse("units:honour_detail", args=[award.pk]) in page
    # Named in the fifth round, kept in the sixth and the seventh.
    assert all(mark in page for mark in ("命名·第五届", "复查合格保留·第六届", "复查合格保留·第七届"))
    assert "全国文明单位第七届" in page  # the round decided that year heads its column


def test_the_holdings_pages_need_the_view_permission(outsider_client, db):
    for name in ("units:due_review_list", "units:expiring_list"):
        assert outsider_client.get(reverse(name)).status_code == 403


def test_the_idle_filter_keeps_holders_without_an_accepted_activity_in_12_months(viewer_client, db):
    today = timezone.localdate()
    honour = Honour.objects.create(name="市级文明单位", level=Honour.Level.CITY, category="civilised_unit")
    busy, idle = Unit.objects.create(name="常办活动局"), Unit.objects.create(name="久未活动局")
    for unit in (busy, idle):
        HonourAward.objects.create(unit=unit, honour=honour, year=today.year)
    for unit, days_ago in ((busy, 30), (idle, 400)):
        activity = Activity.objects.create(title="志愿服务", date=today - timedelta(days=days_ago))
        ActivityOrganiser.objects.create(activity=activity, unit=unit)

    rows = viewer_client.get(reverse("units:due_review_list"), {"idle": "true"}).context["rows"]
    assert [row.unit.name for row in rows] == ["久未活动局"]
