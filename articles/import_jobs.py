"""Queued imports: page files handed to background jobs instead of imported in the
request or command that received them.

`run_enqueue` stores the files in the database (QueuedPage) under a new ImportRun
and cuts them into jobs of WENMING_IMPORT_JOB_FILES files on the django.tasks queue
(django-tasks with its database backend). Any number of workers (`manage.py
db_worker`, on any machine that shares the database) take the jobs; each imports its
files with the same RunImporter as a synchronous import, one transaction per file,
adds what each file did to the run's counts and deletes the pages it has done. The
last file done gives the run its final status.

A killed worker leaves its job "running" with pages not deleted: after
WENMING_IMPORT_JOB_STALL_MINUTES without a stored file, `stalled_jobs_requeue`
marks that job failed and queues its pages again as one job (the run's admin page
calls it). Files a dead job stored before it died are recognised by
their content hash and skipped, so nothing is imported twice.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from articles.import_runs import ImportCounts, run_counts, run_outcome
from articles.models import ImportRun, PageFile, QueuedPage, Source
from articles.page_files import PageInput
from articles.run_importer import RunImporter

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

ACTIVE = (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING)


def run_enqueue(
    *,
    pages: Iterable[PageInput | Path | str],
    source: Source | None = None,
    reference_date: dt.date | None = None,
    user: AbstractBaseUser | None = None,
    job_files: int | None = None,
) -> ImportRun:
    """A new queued ImportRun holding `pages`, its jobs on the queue once the files are
    committed. Returns at once: nothing is decoded or extracted here."""
    job_files = job_files or settings.WENMING_IMPORT_JOB_FILES
    queued = [_queued_page(page, position) for position, page in enumerate(pages)]
    with transaction.atomic():
        run = ImportRun.objects.create(
            key=uuid.uuid4(),
            started_by=user if user is not None and user.pk else None,
            source=source,
            reference_date=reference_date,
            status=ImportRun.Status.QUEUED,
            files_total=len(queued),
            counts=run_counts([], ImportCounts()),
        )
        for page in queued:
            page.import_run = run
        QueuedPage.objects.bulk_create(queued)
        ids = list(run.queued_pages.order_by("position").values_list("pk", flat=True))
        for start in range(0, len(ids), job_files):
            chunk = ids[start : start + job_files]
            transaction.on_commit(lambda chunk=chunk: _job_enqueue(run.pk, chunk))
        if not ids:
            _run_finish(run)
    return run


def _queued_page(page: PageInput | Path | str, position: int) -> QueuedPage:
    if not isinstance(page, PageInput):
        page = PageInput.from_path(page)
    # An over-size file is not loaded: the job refuses it by its size, as an import does.
    content = page.read() if page.size <= settings.WENMING_MAX_PAGE_BYTES else b""
    return QueuedPage(position=position, file_name=Path(page.file_name).name, size=page.size, content=content)


def _job_enqueue(run_pk: int, page_ids: list[int]) -> None:
    result = import_job.enqueue(run_pk, page_ids)
    QueuedPage.objects.filter(pk__in=page_ids).update(job_id=str(result.id))


@task()
def import_job(run_pk: int, page_ids: list[int]) -> dict[str, int]:
    """One job of a queued import: its pages imported, the run's counts brought up to date."""
    return queued_pages_import(run_pk=run_pk, page_ids=page_ids)


def queued_pages_import(*, run_pk: int, page_ids: list[int]) -> dict[str, int]:
    run = ImportRun.objects.select_related("source", "started_by").get(pk=run_pk)
    ImportRun.objects.filter(pk=run_pk, status=ImportRun.Status.QUEUED).update(status=ImportRun.Status.RUNNING)
    pages = list(QueuedPage.objects.filter(pk__in=page_ids).order_by("position"))
    inputs = [
        PageInput(file_name=page.file_name, size=page.size, read=lambda data=bytes(page.content): data)
        for page in pages
    ]
    importer = RunImporter(run=run, user=run.started_by, source=run.source, lexicon=None, workers=1)
    done = ImportCounts()
    try:
        for page_file in importer.page_files(inputs):
            counts = getattr(page_file, "counts", None) or ImportCounts()
            done.add(counts)
            _progress_record(run_pk, page_file, counts)
    finally:
        importer.close()
    QueuedPage.objects.filter(pk__in=[page.pk for page in pages]).delete()
    return done.as_dict()


def _progress_record(run_pk: int, page_file: PageFile, counts: ImportCounts) -> None:
    """Adds one file's outcome to the run, under a row lock: jobs of one run finish
    files at the same time on several workers."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run_pk)
        totals = dict(run.counts or run_counts([], ImportCounts()))
        totals["files"] = totals.get("files", 0) + 1
        totals[f"files_{page_file.status}"] = totals.get(f"files_{page_file.status}", 0) + 1
        for name, value in counts.as_dict().items():
            totals[name] = totals.get(name, 0) + value
        run.counts = totals
        run.progressed_at = timezone.now()
        if page_file.status == PageFile.Status.FAILED:
            run.errors = [*run.errors, {"file": page_file.file_name, "error": page_file.message}]
        if totals["files"] >= run.files_total:
            _run_finish(run)
        else:
            run.save(update_fields=["counts", "errors", "progressed_at"])


def _run_finish(run: ImportRun) -> None:
    run.status = run_outcome(run.counts)
    run.finished_at = timezone.now()
    run.save()


def stalled_jobs_requeue(*, now: dt.datetime | None = None) -> int:
    """Queues again the pages of active runs that have stored no file for
    WENMING_IMPORT_JOB_STALL_MINUTES (their worker was killed). Returns the jobs queued."""
    now = now or timezone.now()
    stalled_before = now - dt.timedelta(minutes=settings.WENMING_IMPORT_JOB_STALL_MINUTES)
    requeued = 0
    for run in ImportRun.objects.filter(status__in=ACTIVE, started_at__lt=stalled_before):
        if run.progressed_at is not None and run.progressed_at >= stalled_before:
            continue
        jobs: dict[str, list[int]] = {}
        for pk, job_id in run.queued_pages.order_by("position").values_list("pk", "job_id"):
            jobs.setdefault(job_id, []).append(pk)
        # A job still waiting for a worker is not dead; one left "running" is (its worker
        # was killed), and so are one that ended with pages left and one that never
        # reached the queue.
        waiting = {
            str(pk)
            for pk in DBTaskResult.objects.filter(
                id__in=[job for job in jobs if job], status=TaskResultStatus.READY
            ).values_list("id", flat=True)
        }
        dead = {job: page_ids for job, page_ids in jobs.items() if job not in waiting}
        if not dead:
            continue
        DBTaskResult.objects.filter(id__in=[job for job in dead if job], status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED, finished_at=now
        )
        run.progressed_at = now  # the jobs queued again get their own time before they count as stalled
        run.save(update_fields=["progressed_at"])
        for page_ids in dead.values():
            _job_enqueue(run.pk, page_ids)
            requeued += 1
    return requeued
