import pytest
from django.urls import reverse

from campaigns.models import Activity, ActivityOrganiser, Campaign, VolunteerRecord

MODELS = [
    pytest.param(Campaign, "civilised_city", id="campaign"),
    pytest.param(Activity, "lei_feng_activity", id="activity"),
    pytest.param(VolunteerRecord, "party_office_volunteering", id="volunteerrecord"),
]

# (model, a Chinese substring of the fixture row, the fixture)
SEARCHES = [
    pytest.param(Campaign, "文明城市", "civilised_city", id="campaign"),
    pytest.param(Activity, "雷锋", "lei_feng_activity", id="activity"),
    pytest.param(Activity, "市委办公", "lei_feng_activity", id="activity-by-organiser"),
    pytest.param(VolunteerRecord, "市委", "party_office_volunteering", id="volunteerrecord"),
]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def with_ledger(ledger):
    """Every page below is loaded with at least one row of every model present."""


@pytest.fixture
def organiser_role(lei_feng_activity) -> ActivityOrganiser:
    return lei_feng_activity.organiser_roles.get()


@pytest.mark.parametrize(
    ("model", "fixture"), [*MODELS, pytest.param(ActivityOrganiser, "organiser_role", id="activityorganiser")]
)
class TestPagesLoad:
    def test_the_changelist_loads(self, admin_client, with_ledger, model, fixture):
        assert admin_client.get(admin_url(model, "changelist")).status_code == 200

    def test_the_add_page_loads(self, admin_client, with_ledger, model, fixture):
        assert admin_client.get(admin_url(model, "add")).status_code == 200

    def test_the_change_page_loads(self, admin_client, with_ledger, request, model, fixture):
        obj = request.getfixturevalue(fixture)
        assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize(("model", "term", "fixture"), SEARCHES)
def test_the_changelist_search_finds_a_chinese_substring(admin_client, request, model, term, fixture):
    obj = request.getfixturevalue(fixture)

    response = admin_client.get(admin_url(model, "changelist"), {"q": term})

    assert list(response.context["cl"].result_list) == [obj]


def test_the_organiser_search_finds_a_chinese_substring(admin_client, organiser_role):
    response = admin_client.get(admin_url(ActivityOrganiser, "changelist"), {"q": "雷锋"})
    assert list(response.context["cl"].result_list) == [organiser_role]


@pytest.mark.parametrize(("model", "term", "fixture"), SEARCHES)
def test_the_changelist_search_leaves_out_rows_without_the_substring(admin_client, request, model, term, fixture):
    request.getfixturevalue(fixture)

    response = admin_client.get(admin_url(model, "changelist"), {"q": "青年文明号"})

    assert response.context["cl"].result_count == 0


def test_the_activity_page_shows_its_organisers_and_volunteer_records(admin_client, with_ledger, lei_feng_activity):
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
