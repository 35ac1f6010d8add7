from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.models import Campaign
from tests import sitedata
from tests.helpers import queries_for

LISTS = ("campaigns:activity_list", "campaigns:volunteer_list", "campaigns:campaign_list")


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    for name in LISTS:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login"))


def test_users_without_the_view_permission_are_refused(outsider_client):
    for name in LISTS:
        assert outsider_client.get(reverse(name)).status_code == 403, name


def test_the_lists_open_for_a_viewer(viewer_client, site_ledger):
    for name in LISTS:
        assert viewer_client.get(reverse(name)).status_code == 200, name


def test_the_activity_list_answers_what_the_campaign_did_in_march(viewer_client, site_ledger):
    query = {"campaign": site_ledger.civilised_city.pk, "date_after": "2024-03-01", "date_before": "2024-03-31"}
    response = viewer_client.get(reverse("campaigns:activity_list"), query)
    assert [activity.title for activity in response.context["rows"]] == ["文明交通劝导", "志愿服务活动进社区"]
    assert "东明县教育局" in response.content.decode()


def test_the_volunteer_list_shows_the_total_of_the_filtered_records(viewer_client, site_ledger):
    query = {"unit_name": "局", "year_min": "2024", "year_max": "2024"}
    response = viewer_client.get(reverse("campaigns:volunteer_list"), query)
    assert response.context["count"] == 2
    assert "合计服务时长 <strong>200.5</strong> 小时" in response.content.decode()


@pytest.mark.parametrize("name", ["campaigns:activity_list", "campaigns:volunteer_list"])
def test_the_list_costs_the_same_queries_for_5_or_50_rows(viewer_client, site_ledger, name):
    # sitedata.add_units gives every unit an activity and a volunteer record.
    args = {"region": site_ledger.heze, "honour": site_ledger.youth, "campaign": site_ledger.civilised_city}
    sitedata.add_units(1, **args)
    url = reverse(name)
    with_few = queries_for(viewer_client, url)
    sitedata.add_units(45, prefix="更多单位", **args)
    assert queries_for(viewer_client, url) == with_few


def test_the_campaign_list_costs_the_same_queries_for_few_or_many_campaigns(viewer_client, site_ledger):
    url = reverse("campaigns:campaign_list")
    with_few = queries_for(viewer_client, url)
    for index in range(48):
        Campaign.objects.create(name=f"创建活动{index}", region=site_ledger.mudan)
    assert queries_for(viewer_client, url) == with_few


def test_the_activity_page_shows_organisers_volunteering_and_source(viewer_client, site_ledger):
    activity = site_ledger.market_bureau.activities.get(title="志愿服务活动进社区")
    response = viewer_client.get(reverse("campaigns:activity_detail", args=[activity.pk]))
    page = response.content.decode()
    assert "牡丹区市场监督管理局" in page
    assert "2024年3月5日" in page
    assert "牡丹区市场监管局志愿服务进社区" in page  # the source article
    assert [record.hours for record in response.context["detail"].volunteer_records] == [Decimal("120.5")]


def test_the_active_filters_read_as_dates_and_names(viewer_client, site_ledger):
    query = {"campaign": site_ledger.civilised_city.pk, "date_after": "2024-03-01", "date_before": "2024-03-31"}
    response = viewer_client.get(reverse("campaigns:activity_list"), query)
    shown = {item.label: item.value for item in response.context["active_filters"]}
    assert shown == {"创建活动": "菏泽市创建全国文明城市", "日期": "2024年3月1日 至 2024年3月31日"}
