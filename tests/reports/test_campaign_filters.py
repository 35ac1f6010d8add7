from datetime import date
from decimal import Decimal

from campaigns.models import Campaign, VolunteerRecord
from reports.campaign_selectors import (
    activity_filterset,
    campaign_filterset,
    volunteer_record_filterset,
    volunteer_totals,
)


def titles(activities) -> set[str]:
    return {activity.title for activity in activities}


def test_what_the_civilised_city_campaign_did_in_march(site_ledger):
    found = activity_filterset(
        data={"campaign": site_ledger.civilised_city.pk, "date_after": "2024-03-01", "date_before": "2024-03-31"}
    ).result()
    assert titles(found) == {"志愿服务活动进社区", "文明交通劝导"}


def test_a_campaign_alias_finds_its_activities(site_ledger):
    found = activity_filterset(data={"q": "创城", "date_after": "2024-03-01", "date_before": "2024-03-31"}).result()
    assert titles(found) == {"志愿服务活动进社区", "文明交通劝导"}


def test_a_search_for_a_compound_finds_longer_phrases(site_ledger):
    # 志愿服务 is searched as 志愿 + 服务: 志愿者服务培训 matches too.
    assert titles(activity_filterset(data={"q": "志愿服务"}).result()) == {"志愿服务活动进社区", "志愿者服务培训"}


def test_an_activity_search_requires_every_word(site_ledger):
    assert titles(activity_filterset(data={"q": "志愿 交通"}).result()) == set()


def test_an_activity_search_matches_its_organisers(site_ledger):
    assert titles(activity_filterset(data={"q": "东明县教育局"}).result()) == {"文明交通劝导"}


def test_activities_are_accepted_only_by_default(site_ledger):
    assert "待审核的巡查活动" not in titles(activity_filterset(data={}).result())


def test_pending_activities_are_listed_when_asked_for(site_ledger):
    assert titles(activity_filterset(data={"review_status": "pending"}).result()) == {"待审核的巡查活动"}


def test_the_activity_region_is_the_organisers_region_with_sub_regions(site_ledger):
    found = activity_filterset(data={"region": site_ledger.mudan.pk}).result()
    assert titles(found) == {"志愿服务活动进社区", "志愿者服务培训"}


def test_activities_filter_by_a_part_of_the_organisers_name(site_ledger):
    assert titles(activity_filterset(data={"unit_name": "局"}).result()) == {"志愿服务活动进社区", "文明交通劝导"}


def test_an_impossible_date_is_reported(site_ledger):
    filterset = activity_filterset(data={"date_after": "2024-13-01"})
    assert not filterset.is_valid()


def test_volunteer_hours_the_bureaus_logged_in_2024(site_ledger):
    records = volunteer_record_filterset(data={"unit_name": "局", "year_min": 2024, "year_max": 2024}).result()
    assert {record.unit.name for record in records} == {"牡丹区市场监督管理局", "东明县教育局"}
    assert volunteer_totals(records=records)["hours"] == Decimal("200.5")


def test_volunteer_records_are_accepted_only_by_default(site_ledger):
    records = volunteer_record_filterset(data={"region": site_ledger.mudan.pk}).result()
    assert {record.unit.name for record in records} == {"牡丹区市场监督管理局"}


def test_all_volunteer_records_when_every_status_is_asked_for(site_ledger):
    records = volunteer_record_filterset(data={"region": site_ledger.mudan.pk, "review_status": "all"}).result()
    assert {record.unit.name for record in records} == {"牡丹区市场监督管理局", "西城街道和平社区"}


def test_volunteer_records_filter_by_their_start_date(site_ledger):
    records = volunteer_record_filterset(data={"period_after": "2024-02-01", "period_before": "2024-03-31"}).result()
    assert {record.hours for record in records} == {Decimal("80"), Decimal("50")}


def test_volunteer_records_filter_by_their_activitys_campaign(site_ledger):
    records = volunteer_record_filterset(data={"campaign": site_ledger.civilised_city.pk}).result()
    assert [record.hours for record in records] == [Decimal("120.5")]


def test_campaigns_overlapping_a_period_are_listed(site_ledger):
    Campaign.objects.create(name="2019年文明创建月", start_date=date(2019, 3, 1), end_date=date(2019, 3, 31))
    found = {campaign.name for campaign in campaign_filterset(data={"active_after": "2020-01-01"}).result()}
    assert "2019年文明创建月" not in found
    assert "菏泽市创建全国文明城市" in found


def test_campaigns_are_found_by_their_aliases(site_ledger):
    assert [campaign.name for campaign in campaign_filterset(data={"q": "创城"}).result()] == ["菏泽市创建全国文明城市"]


def test_campaigns_sort_by_their_number_of_activities(site_ledger):
    ordered = [campaign.name for campaign in campaign_filterset(data={"sort": "-activities"}).result()]
    assert ordered == ["菏泽市创建全国文明城市", "学雷锋志愿服务月"]


def test_activities_of_one_unit_are_those_it_organised(site_ledger):
    found = activity_filterset(data={"unit": site_ledger.education_bureau.pk}).result()
    assert titles(found) == {"文明交通劝导"}


def test_a_year_filter_takes_the_whole_year_and_nothing_of_the_next(site_ledger):
    VolunteerRecord.objects.create(unit=site_ledger.party_office, hours=Decimal("7"), period_start=date(2023, 12, 31))
    VolunteerRecord.objects.create(unit=site_ledger.party_office, hours=Decimal("9"), period_start=date(2024, 1, 1))

    found = volunteer_record_filterset(data={"year_min": 2023, "year_max": 2023}).result()

    assert sorted(record.hours for record in found) == [Decimal("7"), Decimal("400")]


def test_a_year_no_date_can_have_matches_nothing(site_ledger):
    assert not volunteer_record_filterset(data={"year_min": 0, "year_max": 0}).result().exists()


def test_a_word_naming_many_units_still_finds_their_activities(site_ledger, monkeypatch):
    # Past FEW_ORGANISERS matching units the search tests each activity's organisers
    # instead of collecting the units' activities first; the rows are the same.
    few = titles(activity_filterset(data={"q": "教育局"}).result())
    monkeypatch.setattr("campaigns.queries.FEW_ORGANISERS", 0)

    assert titles(activity_filterset(data={"q": "教育局"}).result()) == few == {"文明交通劝导"}
