from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.admin import ActivityAdmin
from campaigns.models import Activity, ActivityOrganiser, VolunteerRecord
from tests.helpers import admin_url, queries_for
from units.models import Unit, UnitAlias


def test_the_organiser_search_finds_a_chinese_substring(admin_client, organiser_role):
    response = admin_client.get(admin_url(ActivityOrganiser, "changelist"), {"q": "雷锋"})
    assert list(response.context["cl"].result_list) == [organiser_role]


def test_the_activity_page_shows_its_organisers_and_volunteer_records(admin_client, ledger, lei_feng_activity):
    response = admin_client.get(admin_url(Activity, "change", lei_feng_activity.pk))

    shown = {
        formset.opts.model._meta.model_name: formset.formset.queryset.count()
        for formset in response.context["inline_admin_formsets"]
    }
    assert shown == {"activityorganiser": 1, "volunteerrecord": 1}


def test_the_activity_list_shows_organisers_and_the_date_to_its_precision(admin_client, lei_feng_activity):
    lei_feng_activity.date_precision = "month"
    lei_feng_activity.save()

    page = admin_client.get(admin_url(Activity, "changelist")).content.decode()

    assert "菏泽市委办公室" in page
    assert "2024年3月" in page


def test_the_activity_list_is_filtered_by_date(admin_client, lei_feng_activity):
    response = admin_client.get(admin_url(Activity, "changelist"), {"date__year": "2023"})
    assert response.context["cl"].result_count == 0


def test_the_volunteer_list_links_to_the_article(admin_client, party_office_volunteering):
    page = admin_client.get(admin_url(VolunteerRecord, "changelist")).content.decode()
    assert reverse("admin:articles_article_change", args=[party_office_volunteering.article_id]) in page


def test_the_activity_history_is_reachable_from_its_page(admin_client, lei_feng_activity):
    change_page = admin_client.get(admin_url(Activity, "change", lei_feng_activity.pk)).content.decode()
    history = admin_client.get(admin_url(Activity, "history", lei_feng_activity.pk))

    assert admin_url(Activity, "history", lei_feng_activity.pk) in change_page
    assert history.status_code == 200


@pytest.mark.parametrize("term", ["菏泽市委办公室", "市委办", "市两办"], ids=["name", "short-name", "alias"])
def test_the_activity_search_finds_an_activity_by_its_organiser(admin_client, lei_feng_activity, term):
    UnitAlias.objects.create(unit=lei_feng_activity.organisers.get(), name="市两办")

    response = admin_client.get(admin_url(Activity, "changelist"), {"q": term})

    assert list(response.context["cl"].result_list) == [lei_feng_activity]


def test_the_activity_search_needs_every_word(admin_client, lei_feng_activity):
    found = admin_client.get(admin_url(Activity, "changelist"), {"q": "雷锋 市委办公室"})
    missed = admin_client.get(admin_url(Activity, "changelist"), {"q": "雷锋 青年文明号"})

    assert list(found.context["cl"].result_list) == [lei_feng_activity]
    assert list(missed.context["cl"].result_list) == []


def test_the_activity_search_finds_an_english_word_in_any_case(admin_client, lei_feng_activity):
    Activity.objects.filter(pk=lei_feng_activity.pk).update(title="Lei Feng 志愿服务")
    response = admin_client.get(admin_url(Activity, "changelist"), {"q": "lei feng"})
    assert list(response.context["cl"].result_list) == [lei_feng_activity]


def _activity_organised_by(units: list[Unit]) -> Activity:
    activity = Activity.objects.create(title="文明交通劝导", date=date(2024, 3, 20))
    for unit in units:
        ActivityOrganiser.objects.create(activity=activity, unit=unit)
        VolunteerRecord.objects.create(unit=unit, activity=activity, hours=Decimal(10))
    return activity


def test_the_activity_page_query_count_does_not_grow_with_its_organisers(admin_client, heze):
    units = [Unit.objects.create(name=f"菏泽市第{n}中学", kind=Unit.Kind.SCHOOL, region=heze) for n in range(1, 6)]
    one = _activity_organised_by(units[:1])
    five = _activity_organised_by(units)

    assert queries_for(admin_client, admin_url(Activity, "change", five.pk)) == queries_for(
        admin_client, admin_url(Activity, "change", one.pk)
    )


def test_the_activity_page_shows_each_organiser_by_name(admin_client, lei_feng_activity):
    page = admin_client.get(admin_url(Activity, "change", lei_feng_activity.pk)).content.decode()
    organiser = lei_feng_activity.organisers.get()
    assert f'<option value="{organiser.pk}" selected>菏泽市委办公室</option>' in page


def test_the_volunteer_list_puts_records_without_a_period_last(admin_client, party_office):
    undated = VolunteerRecord.objects.create(unit=party_office, hours=Decimal(5), period_text="近年累计")
    older = VolunteerRecord.objects.create(unit=party_office, hours=Decimal(6), period_start=date(2023, 1, 1))
    newer = VolunteerRecord.objects.create(unit=party_office, hours=Decimal(7), period_start=date(2024, 1, 1))

    response = admin_client.get(admin_url(VolunteerRecord, "changelist"))

    assert list(response.context["cl"].result_list) == [newer, older, undated]


def test_the_activity_list_puts_activities_without_a_date_last(admin_client, lei_feng_activity):
    undated = Activity.objects.create(title="日期不详的活动")
    response = admin_client.get(admin_url(Activity, "changelist"))
    assert list(response.context["cl"].result_list) == [lei_feng_activity, undated]


def test_the_activity_list_offers_the_years_of_its_dates(admin_client, lei_feng_activity):
    Activity.objects.create(title="往年活动", date=date(2022, 6, 1))

    page = admin_client.get(admin_url(Activity, "changelist")).content.decode()

    assert all(f"?date__year={year}" in page for year in (2022, 2023, 2024))


def test_the_activity_list_is_filtered_to_activities_without_a_date(admin_client, lei_feng_activity):
    undated = Activity.objects.create(title="日期不详的活动")
    response = admin_client.get(admin_url(Activity, "changelist"), {"date__isnull": "True"})
    assert list(response.context["cl"].result_list) == [undated]


@pytest.mark.parametrize(
    ("term", "why"),
    [("市两办", "its unit's alias"), ("学雷锋", "its activity's title"), ("去年以来", "its period as written")],
)
def test_the_volunteer_search_finds_a_record_by(admin_client, party_office_volunteering, term, why):
    UnitAlias.objects.create(unit=party_office_volunteering.unit, name="市两办")
    response = admin_client.get(admin_url(VolunteerRecord, "changelist"), {"q": term})
    assert list(response.context["cl"].result_list) == [party_office_volunteering], why


@pytest.mark.parametrize("term", ["市两办", "学雷锋"], ids=["unit-alias", "activity-title"])
def test_the_organiser_search_finds_a_role_by_its_unit_alias_or_activity(admin_client, organiser_role, term):
    UnitAlias.objects.create(unit=organiser_role.unit, name="市两办")
    response = admin_client.get(admin_url(ActivityOrganiser, "changelist"), {"q": term})
    assert list(response.context["cl"].result_list) == [organiser_role]


def test_the_volunteer_record_page_labels_its_unit_and_activity_without_queries_of_their_own(
    admin_client, party_office, lei_feng_activity
):
    alone = VolunteerRecord.objects.create(unit=party_office, hours=Decimal(5))
    linked = VolunteerRecord.objects.create(unit=party_office, activity=lei_feng_activity, hours=Decimal(6))

    page = admin_client.get(admin_url(VolunteerRecord, "change", linked.pk)).content.decode()

    assert queries_for(admin_client, admin_url(VolunteerRecord, "change", linked.pk)) == queries_for(
        admin_client, admin_url(VolunteerRecord, "change", alone.pk)
    )
    assert f'<option value="{lei_feng_activity.pk}" selected>{lei_feng_activity}</option>' in page


@pytest.mark.parametrize("direction", ["", "-"])
def test_sorting_the_activity_list_by_a_date_header_puts_undated_activities_last(
    admin_client, lei_feng_activity, direction
):
    undated = Activity.objects.create(title="日期不详的活动")
    # The change list numbers its columns after the action checkbox.
    column = ["action_checkbox", *ActivityAdmin.list_display].index("date_text")

    response = admin_client.get(admin_url(Activity, "changelist"), {"o": f"{direction}{column}"})

    assert list(response.context["cl"].result_list)[-1] == undated
