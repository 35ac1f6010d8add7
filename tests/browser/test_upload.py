"""A large upload in a real browser: 300 page files are queued and the page comes back
before anything is imported; the run's page then follows the background jobs, refreshing
itself, until the run is done."""

import threading

import pytest
from django.db import connection, connections

from articles.models import Article, ImportRun
from tests.articles.pages import numbered_pages
from tests.helpers import job_worker

pytestmark = pytest.mark.browser

PASSWORD = "upload-browser-password-42"
FILES = 300
JOB_FILES = 50


@pytest.fixture
def uploader(transactional_db, django_user_model):
    return django_user_model.objects.create_superuser("uploader", password=PASSWORD)


def page_files() -> list[dict]:
    return [{"name": name, "mimeType": "text/plain", "buffer": data} for name, data in numbered_pages(FILES)]


def work(jobs: int) -> None:
    """What `manage.py db_worker` does, in a thread (the command sets signal handlers,
    which only the main thread may)."""
    try:
        job_worker(max_tasks=jobs, interval=0.1).run()
    finally:
        connections.close_all()


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the SQLite test database is one shared in-memory database, which locks whole tables "
    "between the live server's thread and the worker's; the PostgreSQL run covers it",
)
def test_a_300_page_upload_is_queued_and_its_page_follows_the_import(page, live_server, uploader, settings):
    settings.WENMING_IMPORT_JOB_FILES = JOB_FILES
    page.goto(f"{live_server.url}/admin/login/?next=/admin/articles/import/")
    page.fill("#id_username", "uploader")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/articles/import/")

    page.set_input_files("#id_files", page_files())
    page.click("input[type=submit][value=上传并导入]")
    page.wait_for_selector("#run-progress")

    # Back before any worker ran: the files wait in the queue, nothing is imported.
    assert page.locator("#run-status").get_attribute("data-status") == "queued"
    assert f"已处理 0 / {FILES} 个文件" in page.locator("#run-progress").inner_text()
    assert Article.objects.count() == 0

    worker = threading.Thread(target=work, args=(FILES // JOB_FILES,))
    worker.start()
    # The page refreshes itself every 2 seconds until the run is done.
    page.wait_for_selector("#run-status[data-status=succeeded]", timeout=180_000)
    worker.join(timeout=60)

    assert f"已处理 {FILES} / {FILES} 个文件" in page.locator("#run-progress").inner_text()
    run = ImportRun.objects.get()
    assert (run.counts["files"], run.counts["files_failed"]) == (FILES, 0)
    assert page.locator("#run-review-link").get_attribute("href").endswith(f"?import_run={run.pk}")
