"""Every admin page of every model loads, and every changelist search finds a
Chinese substring (units/, campaigns/, articles/ admins alike)."""

import pytest

from articles.models import Article, ImportRun, PageFile, Source
from campaigns.models import Activity, ActivityOrganiser, Campaign, VolunteerRecord
from tests.helpers import admin_url
from units.models import Honour, HonourAward, Region, Unit, UnitAlias

# (model, the fixture row); `ledger` loads at least one row of every model besides.
MODELS = [
    pytest.param(Region, "heze", id="region"),
    pytest.param(Unit, "party_office", id="unit"),
    pytest.param(UnitAlias, "party_office_alias", id="unitalias"),
    pytest.param(Honour, "civilised_unit", id="honour"),
    pytest.param(HonourAward, "party_office_award", id="honouraward"),
    pytest.param(Campaign, "civilised_city", id="campaign"),
    pytest.param(Activity, "lei_feng_activity", id="activity"),
    pytest.param(ActivityOrganiser, "organiser_role", id="activityorganiser"),
    pytest.param(VolunteerRecord, "party_office_volunteering", id="volunteerrecord"),
    pytest.param(Source, "heze_daily", id="source"),
    pytest.param(Article, "article", id="article"),
    pytest.param(ImportRun, "import_run", id="importrun"),
    pytest.param(PageFile, "page_file", id="pagefile"),
]

# (model, a Chinese substring of the fixture row, the fixture)
SEARCHES = [
    pytest.param(Region, "菏泽", "heze", id="region"),
    pytest.param(Unit, "市委办", "party_office", id="unit"),
    pytest.param(UnitAlias, "委办公", "party_office_alias", id="unitalias"),
    pytest.param(Honour, "文明单", "civilised_unit", id="honour"),
    pytest.param(HonourAward, "市委", "party_office_award", id="honouraward"),
    pytest.param(Campaign, "文明城市", "civilised_city", id="campaign"),
    pytest.param(Activity, "雷锋", "lei_feng_activity", id="activity"),
    pytest.param(Activity, "市委办公", "lei_feng_activity", id="activity-by-organiser"),
    pytest.param(VolunteerRecord, "市委", "party_office_volunteering", id="volunteerrecord"),
    pytest.param(Source, "泽日", "heze_daily", id="source"),
    pytest.param(Article, "职责使命", "article", id="article"),
    pytest.param(ImportRun, "菏泽日报", "import_run", id="importrun"),
    pytest.param(PageFile, "3月14日", "page_file", id="pagefile"),
]


@pytest.mark.parametrize(("model", "fixture"), MODELS)
class TestPagesLoad:
    def test_the_changelist_loads(self, admin_client, ledger, model, fixture):
        assert admin_client.get(admin_url(model, "changelist")).status_code == 200

    def test_the_add_page_loads(self, admin_client, ledger, model, fixture):
        assert admin_client.get(admin_url(model, "add")).status_code == 200

    def test_the_change_page_loads(self, admin_client, ledger, request, model, fixture):
        obj = request.getfixturevalue(fixture)
        assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize(("model", "term", "fixture"), SEARCHES)
def test_the_changelist_search_finds_a_chinese_substring(admin_client, request, model, term, fixture):
    obj = request.getfixturevalue(fixture)

    response = admin_client.get(admin_url(model, "changelist"), {"q": term})

    assert list(response.context["cl"].result_list) == [obj]


@pytest.mark.parametrize(("model", "term", "fixture"), SEARCHES)
def test_the_changelist_search_leaves_out_rows_without_the_substring(admin_client, request, model, term, fixture):
    request.getfixturevalue(fixture)

    response = admin_client.get(admin_url(model, "changelist"), {"q": "青年文明号"})

    assert response.context["cl"].result_count == 0
