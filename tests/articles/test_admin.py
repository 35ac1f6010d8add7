import pytest
from django.urls import reverse

from articles.models import Article, ImportRun, PageFile, Source

MODELS = [
    pytest.param(Source, "heze_daily", id="source"),
    pytest.param(Article, "article", id="article"),
    pytest.param(ImportRun, "import_run", id="importrun"),
    pytest.param(PageFile, "page_file", id="pagefile"),
]

# (model, a Chinese substring of the fixture row, the fixture)
SEARCHES = [
    pytest.param(Source, "泽日", "heze_daily", id="source"),
    pytest.param(Article, "职责使命", "article", id="article"),
    pytest.param(ImportRun, "菏泽日报", "import_run", id="importrun"),
    pytest.param(PageFile, "3月14日", "page_file", id="pagefile"),
]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def with_ledger(ledger):
    """Every page below is loaded with at least one row of every model present."""


@pytest.mark.parametrize(("model", "fixture"), MODELS)
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


@pytest.mark.parametrize(("model", "term", "fixture"), SEARCHES)
def test_the_changelist_search_leaves_out_rows_without_the_substring(admin_client, request, model, term, fixture):
    request.getfixturevalue(fixture)

    response = admin_client.get(admin_url(model, "changelist"), {"q": "青年文明号"})

    assert response.context["cl"].result_count == 0


def test_the_import_run_page_lists_its_page_files_read_only(admin_client, page_file):
    response = admin_client.get(admin_url(ImportRun, "change", page_file.import_run_id))

    (inline,) = response.context["inline_admin_formsets"]
    assert inline.formset.queryset.get() == page_file
    assert not inline.has_add_permission
    page = response.content.decode()
    assert page_file.file_name in page
    assert 'name="page_files-0-file_name"' not in page


def test_an_import_run_recorded_by_hand_gets_a_key_and_its_author(admin_client, admin_user):
    response = admin_client.post(
        admin_url(ImportRun, "add"),
        {
            "status": ImportRun.Status.SUCCEEDED,
            "page_files-TOTAL_FORMS": "0",
            "page_files-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert run.key is not None
    assert run.started_by == admin_user


def test_the_text_of_a_stored_article_is_read_only(admin_client, article):
    response = admin_client.get(admin_url(Article, "change", article.pk))

    form_fields = response.context["adminform"].form.fields
    assert "text" not in form_fields
    assert "content_hash" not in form_fields
    assert "title" in form_fields


def test_the_article_list_is_filtered_by_date(admin_client, article):
    response = admin_client.get(admin_url(Article, "changelist"), {"published_on__year": "2024"})
    assert list(response.context["cl"].result_list) == [article]


def test_the_article_history_is_reachable_from_its_page(admin_client, article):
    change_page = admin_client.get(admin_url(Article, "change", article.pk)).content.decode()
    history = admin_client.get(admin_url(Article, "history", article.pk))

    assert admin_url(Article, "history", article.pk) in change_page
    assert history.status_code == 200
