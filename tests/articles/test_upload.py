"""The admin upload page: staff with articles.add_article upload page files and
see the run; everyone else is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.models import Article, ImportRun, PageFile
from tests.articles.formats import docx_page, seed_articles
from tests.articles.pages import PAGE
from tests.helpers import jobs_queued_on_commit, run_queued_jobs
from units.models import Unit

PASSWORD = "upload-test-password-42"


def user(django_user_model, name: str, *, staff: bool, can_import: bool):
    account = django_user_model.objects.create_user(name, password=PASSWORD, is_staff=staff)
    if can_import:
        account.user_permissions.add(Permission.objects.get(codename="add_article", content_type__app_label="articles"))
    return account


@pytest.fixture
def editor(db, django_user_model):
    """Staff who may add articles: the people who upload pages."""
    return user(django_user_model, "editor", staff=True, can_import=True)


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def upload(client: Client, *files: SimpleUploadedFile, **fields):
    """Upload, then let a worker take the queued jobs."""
    response = upload_only(client, *files, **fields)
    run_queued_jobs()
    return response


def upload_only(client: Client, *files: SimpleUploadedFile, **fields):
    with jobs_queued_on_commit():
        return client.post(reverse("articles_import:upload"), {"files": list(files), **fields})


def page(name: str = "page.txt", content: bytes = PAGE.encode()) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/plain")


def test_the_page_shows_the_upload_form_to_an_editor(editor_client):
    response = editor_client.get(reverse("articles_import:upload"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'type="file"' in body and "multiple" in body
    assert 'enctype="multipart/form-data"' in body
    assert "csrfmiddlewaretoken" in body


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("articles_import:upload"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_staff_member_without_the_permission_is_refused(client, django_user_model):
    client.force_login(user(django_user_model, "viewer", staff=True, can_import=False))
    assert client.get(reverse("articles_import:upload")).status_code == 403
    assert upload(client, page()).status_code == 403
    assert Article.objects.count() == 0


def test_a_non_staff_user_is_sent_to_the_login_even_with_the_permission(client, django_user_model):
    client.force_login(user(django_user_model, "outsider", staff=False, can_import=True))
    response = upload(client, page())
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert ImportRun.objects.count() == 0


def test_a_post_without_the_csrf_token_is_refused(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert upload(client, page()).status_code == 403
    assert ImportRun.objects.count() == 0


def test_the_form_asks_for_at_least_one_file(editor_client):
    response = editor_client.post(reverse("articles_import:upload"), {})
    assert response.status_code == 200
    assert response.context["form"].errors["files"]
    assert ImportRun.objects.count() == 0


def test_uploaded_files_are_imported_and_the_run_is_shown(editor_client, editor):
    response = upload(editor_client, page("a.txt"), page("b.txt", PAGE.replace("1200", "1300").encode()))
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("articles_import:run", kwargs={"key": run.key})
    assert (run.status, run.started_by, run.counts["files_imported"]) == ("succeeded", editor, 2)
    assert Article.objects.count() == 2
    result = editor_client.get(response.url)
    body = result.content.decode()
    assert "a.txt" in body and "b.txt" in body
    assert "成功" in body


def test_an_upload_returns_before_the_import_and_the_run_page_follows_it(editor_client):
    response = upload_only(editor_client, page("a.txt"), page("b.txt", PAGE.replace("1200", "1300").encode()))
    run = ImportRun.objects.get()
    assert (run.status, run.files_total, Article.objects.count()) == (ImportRun.Status.QUEUED, 2, 0)
    queued = editor_client.get(response.url).content.decode()
    assert "已处理 0 / 2 个文件" in queued and 'http-equiv="refresh"' in queued

    run_queued_jobs()

    done = editor_client.get(response.url).content.decode()
    assert "已处理 2 / 2 个文件" in done and 'http-equiv="refresh"' not in done
    assert Article.objects.count() == 2


def test_a_bad_file_among_good_ones_is_shown_as_failed(editor_client):
    response = upload(editor_client, page("good.txt"), page("empty.txt", b""))
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.PARTIAL
    assert dict(run.page_files.values_list("file_name", "status")) == {"good.txt": "imported", "empty.txt": "failed"}
    body = editor_client.get(response.url).content.decode()
    assert "empty.txt：文件为空" in body


def test_a_dry_run_upload_reports_but_stores_nothing(editor_client):
    response = upload(editor_client, page(), dry_run="on")
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.DRY_RUN
    assert run.counts["articles"] >= 1
    assert (Article.objects.count(), Unit.objects.count()) == (0, 0)
    assert "试运行" in editor_client.get(response.url).content.decode()


def test_a_dry_run_of_more_files_than_the_limit_is_refused_before_it_starts(editor_client, settings):
    settings.WENMING_UPLOAD_DRY_RUN_FILES = 2
    files = [page(f"p{number}.txt", f"{PAGE}\n{number}".encode()) for number in range(3)]

    response = upload(editor_client, *files, dry_run="on")

    assert "试运行在本页内完成，一次最多 2 个文件（本次选择了 3 个）" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_uploading_the_same_file_again_skips_it(editor_client):
    upload(editor_client, page())
    upload(editor_client, page())
    statuses = list(PageFile.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["imported", "skipped"]
    assert Article.objects.count() == 1


def test_the_source_and_reference_date_reach_the_run(editor_client):
    from articles.models import Source

    source = Source.objects.create(name="菏泽日报")
    upload(editor_client, page(), source=source.pk, reference_date="2023-05-01")
    run = ImportRun.objects.get()
    assert (run.source, str(run.reference_date)) == (source, "2023-05-01")
    assert Article.objects.get().source == source


def test_the_run_page_shows_times_in_beijing_time(editor_client):
    response = upload(editor_client, page())
    run = ImportRun.objects.get()
    utc = dt.datetime(2024, 3, 14, 1, 30, tzinfo=dt.UTC)
    ImportRun.objects.filter(pk=run.pk).update(started_at=utc, finished_at=utc)

    body = editor_client.get(response.url).content.decode()

    assert "2024-03-14 09:30 开始" in body and "01:30" not in body


def test_the_review_queue_names_runs_in_beijing_time(editor_client, editor):
    upload(editor_client, page())
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(started_at=dt.datetime(2024, 3, 14, 1, 30, tzinfo=dt.UTC))
    editor.is_superuser = True
    editor.save()

    body = editor_client.get(reverse("curation:review_queue")).content.decode()

    assert "2024-03-14 09:30" in body and "2024-03-14 01:30" not in body


def test_the_page_lists_the_formats_and_the_picker_accepts_them(editor_client):
    body = editor_client.get(reverse("articles_import:upload")).content.decode()
    for label in ("纯文本（.txt）", "网页（.html .htm", "PDF（.pdf）", "Word（.docx）"):
        assert label in body
    assert 'accept=".txt,.html,.htm,.shtml,.xhtml,.pdf,.docx,' in body


def test_an_uploaded_word_page_is_imported_and_its_original_can_be_downloaded(editor_client):
    data = docx_page(seed_articles(PAGE))
    response = upload(editor_client, page("稿件.docx", data))
    page_file = PageFile.objects.get()
    assert (page_file.status, page_file.format, page_file.article_count) == ("imported", "docx", 1)
    assert "下载原始文件" in editor_client.get(response.url).content.decode()
    download = editor_client.get(reverse("articles_import:original", kwargs={"page_file": page_file.pk}))
    assert b"".join(download.streaming_content) == data
