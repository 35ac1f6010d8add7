from django.urls import reverse

from campaigns.models import Activity, ActivityOrganiser, VolunteerRecord
from tests.helpers import admin_url


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
