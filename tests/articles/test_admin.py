from articles.models import Article, ImportRun
from tests.helpers import admin_url


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
