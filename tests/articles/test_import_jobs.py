"""Queued imports (articles/import_jobs.py): files stored, jobs on the django.tasks
queue, workers that import them with the same rows as a synchronous import."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import import_jobs, run_importer
from articles.import_jobs import queued_pages_import, run_enqueue, stalled_jobs_requeue
from articles.models import Article, ImportRun, PageFile, QueuedPage
from articles.services import PageInput, run_import
from campaigns.models import Activity, VolunteerRecord
from tests.articles.pages import OTHER_PAGE, PAGE, numbered_pages
from tests.helpers import jobs_queued_on_commit, run_queued_jobs
from units.models import HonourAward, Region, Unit, UnitAlias

LEDGER = (Article, Unit, UnitAlias, HonourAward, Activity, VolunteerRecord)


def pages(count: int = 6) -> list[PageInput]:
    return [PageInput.from_bytes(name, data) for name, data in numbered_pages(count)]


def ledger_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in LEDGER}


class _Rollback(Exception):
    pass


def synchronous_counts(inputs) -> dict[str, int]:
    """What a one-process import of the same files stores, rolled back afterwards."""
    try:
        with transaction.atomic():
            run_import(pages=inputs)
            counts = ledger_counts()
            raise _Rollback
    except _Rollback:
        return counts


def test_queueing_stores_the_files_and_imports_nothing_yet(db):
    with jobs_queued_on_commit():
        run = run_enqueue(pages=pages(5), job_files=2)

    assert (run.status, run.files_total, run.queued_pages.count()) == (ImportRun.Status.QUEUED, 5, 5)
    assert Article.objects.count() == 0
    assert DBTaskResult.objects.count() == 3


def test_the_jobs_store_what_a_one_process_import_stores(db):
    expected = synchronous_counts(pages())
    with jobs_queued_on_commit():
        run = run_enqueue(pages=pages(), job_files=2)

    run_queued_jobs()

    run.refresh_from_db()
    assert run.status == ImportRun.Status.SUCCEEDED
    assert (run.counts["files"], run.counts["files_imported"]) == (6, 6)
    assert ledger_counts() == expected
    assert not QueuedPage.objects.exists()


def test_a_failed_file_is_listed_with_its_error_and_the_others_import(db):
    empty = PageInput(file_name="empty.txt", size=0, read=lambda: b"")
    with jobs_queued_on_commit():
        run = run_enqueue(pages=[*pages(2), empty], job_files=2)

    run_queued_jobs()

    run.refresh_from_db()
    assert run.status == ImportRun.Status.PARTIAL
    assert [error["file"] for error in run.errors] == ["empty.txt"]


def test_a_job_whose_worker_died_is_queued_again_and_finishes_the_run(db):
    with jobs_queued_on_commit():
        run = run_enqueue(pages=pages(4), job_files=2)
    # A killed worker leaves its job "running" and its pages in the queue.
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now())
    later = timezone.now() + dt.timedelta(hours=1)
    ImportRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - dt.timedelta(hours=1))

    assert stalled_jobs_requeue(now=later) == 2
    run_queued_jobs()

    run.refresh_from_db()
    assert (run.status, run.counts["files"]) == (ImportRun.Status.SUCCEEDED, 4)
    assert PageFile.objects.filter(import_run=run).count() == 4
    assert DBTaskResult.objects.filter(status="FAILED").count() == 2


def job_page_ids(run: ImportRun) -> list[list[int]]:
    ids = list(run.queued_pages.order_by("position").values_list("pk", flat=True))
    return [ids[:2], ids[2:]]


def test_a_workers_next_job_of_the_same_run_reads_no_regions_again(db):
    with jobs_queued_on_commit():
        run = run_enqueue(pages=pages(4), job_files=2)
    first, second = job_page_ids(run)
    queued_pages_import(run_pk=run.pk, page_ids=first)

    with CaptureQueriesContext(connection) as queries:
        queued_pages_import(run_pk=run.pk, page_ids=second)

    assert not [query for query in queries if Region._meta.db_table in query["sql"]]


def test_a_job_killed_midway_and_run_again_counts_every_file_once(db, monkeypatch):
    with jobs_queued_on_commit():
        run = run_enqueue(pages=pages(3), job_files=3)
    expected = synchronous_counts(pages(3))
    page_ids = list(run.queued_pages.values_list("pk", flat=True))
    extractions = iter([run_importer.page_extract, run_importer.page_extract, None])

    def killed_at_the_third(*args, **kwargs):
        extract = next(extractions)
        if extract is None:
            raise SystemExit("worker killed")
        return extract(*args, **kwargs)

    monkeypatch.setattr(run_importer, "page_extract", killed_at_the_third)
    with pytest.raises(SystemExit):
        queued_pages_import(run_pk=run.pk, page_ids=page_ids)
    monkeypatch.undo()
    queued_pages_import(run_pk=run.pk, page_ids=page_ids)

    run.refresh_from_db()
    assert (run.status, run.counts["files"], run.counts["files_imported"]) == (ImportRun.Status.SUCCEEDED, 3, 3)
    assert ledger_counts() == expected


def test_a_busy_run_is_not_taken_for_a_dead_one(db):
    with jobs_queued_on_commit():
        run_enqueue(pages=pages(2), job_files=2)

    assert stalled_jobs_requeue() == 0


def test_jobs_waiting_for_a_worker_are_not_queued_twice(db):
    with jobs_queued_on_commit():
        run = run_enqueue(pages=pages(2), job_files=2)
    ImportRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - dt.timedelta(hours=1))

    assert stalled_jobs_requeue(now=timezone.now() + dt.timedelta(hours=1)) == 0


def test_the_command_queues_and_returns(db, tmp_path):
    for number, text in enumerate([PAGE, OTHER_PAGE]):
        (tmp_path / f"p{number}.txt").write_text(text, encoding="utf-8")
    out = StringIO()

    with jobs_queued_on_commit():
        call_command("import_articles", str(tmp_path), "--enqueue", stdout=out)

    assert "已加入后台导入队列：2 个文件" in out.getvalue()
    assert (ImportRun.objects.get().status, Article.objects.count()) == (ImportRun.Status.QUEUED, 0)


def test_the_command_refuses_to_queue_a_dry_run(db, tmp_path):
    (tmp_path / "p.txt").write_text(PAGE, encoding="utf-8")

    with pytest.raises(Exception, match="--enqueue 与 --dry-run"):
        call_command("import_articles", str(tmp_path), "--enqueue", "--dry-run")


def test_a_file_stored_at_the_second_attempt_is_counted_once(db, monkeypatch):
    with jobs_queued_on_commit():
        run = run_enqueue(pages=pages(2), job_files=2)
    record = import_jobs._progress_record
    refusals = iter([True])

    def refused_once(*args, **kwargs):
        # As a unique constraint would refuse the first attempt at commit (another
        # worker stored some of the file's rows first): the importer tries again.
        if next(refusals, False):
            raise IntegrityError("refused once")
        return record(*args, **kwargs)

    monkeypatch.setattr(import_jobs, "_progress_record", refused_once)
    queued_pages_import(run_pk=run.pk, page_ids=list(run.queued_pages.values_list("pk", flat=True)))

    run.refresh_from_db()
    assert (run.status, run.counts["files"], run.counts["files_imported"]) == (ImportRun.Status.SUCCEEDED, 2, 2)
    assert not QueuedPage.objects.filter(import_run=run).exists()
