"""Queued imports: page files handed to background jobs instead of imported in the
request or command that received them.

`run_enqueue` stores the files in the database (QueuedPage) under a new ImportRun
and cuts them into jobs of WENMING_IMPORT_JOB_FILES files on the django.tasks queue
(django-tasks with its database backend). Any number of workers (`manage.py
db_worker`, on any machine that shares the database) take the jobs; each imports its
files with the same RunImporter as a synchronous import, one transaction per file,
which also adds what the file did to the run's counts and takes its page off the
queue. The last file done gives the run its final status.

A killed worker leaves its job "running" with the pages it had not done: after
WENMING_IMPORT_JOB_STALL_MINUTES without a stored file, `stalled_jobs_requeue`
marks that job failed and queues those pages again as one job (the run's admin page
calls it). Nothing is imported or counted twice.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from articles.extraction import Lexicon
from articles.import_runs import ImportCounts, run_counts, run_outcome
from articles.models import ImportRun, PageFile, QueuedPage, Source
from articles.page_files import PageInput, page_size_limit
from articles.registry_cache import ImportCache
from articles.run_importer import RunImporter

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

ACTIVE = (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING)
PROGRESS_BATCH = 50  # skipped or refused files recorded together


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
    content = page.read() if page.size <= page_size_limit(page.file_name) else b""
    return QueuedPage(position=position, file_name=Path(page.file_name).name, size=page.size, content=content)


def _job_enqueue(run_pk: int, page_ids: list[int]) -> None:
    result = import_job.enqueue(run_pk, page_ids)
    QueuedPage.objects.filter(pk__in=page_ids).update(job_id=str(result.id))


@task()
def import_job(run_pk: int, page_ids: list[int]) -> dict[str, int]:
    """One job of a queued import: its pages imported, the run's counts brought up to date."""
    return queued_pages_import(run_pk=run_pk, page_ids=page_ids)


@dataclass
class _RunState:
    """What a worker read from the registry for one run's job (the lexicon, the
    registry cache with every region and unit name), kept for its next job of the
    same run: a worker takes one job after another, mostly of one run, and reading
    it all again per job cost a queued import a fifth more time than the pool's."""

    run_key: uuid.UUID  # not the pk: SQLite may give a deleted run's pk to a new one
    lexicon: Lexicon | None
    cache: ImportCache


_last_run: _RunState | None = None  # per worker process


def queued_pages_import(*, run_pk: int, page_ids: list[int]) -> dict[str, int]:
    """Imports those of the pages still queued, in order; each page leaves the
    queue in the transaction that records its progress, so a job run again after
    its worker was killed takes up only the pages not yet done."""
    global _last_run
    run = ImportRun.objects.select_related("source", "started_by").get(pk=run_pk)
    ImportRun.objects.filter(pk=run_pk, status=ImportRun.Status.QUEUED).update(status=ImportRun.Status.RUNNING)
    state = _last_run if _last_run is not None and _last_run.run_key == run.key else None
    _last_run = None  # kept again only if this job ends well
    job = _QueuedJob(run_pk, list(QueuedPage.objects.filter(pk__in=page_ids).order_by("position")))
    importer = RunImporter(
        run=run,
        user=run.started_by,
        source=run.source,
        lexicon=state.lexicon if state else None,
        cache=state.cache if state else None,
        workers=1,
        on_stored=job.stored,
    )
    try:
        for page_file in importer.page_files(job.inputs()):
            job.yielded(page_file)
        job.flush()
    finally:
        importer.close()
    _last_run = _RunState(run_key=run.key, lexicon=importer.built_lexicon, cache=importer.cache)
    return job.done.as_dict()


class _QueuedJob:
    """One job's pages on their way through the importer, which gives exactly one
    PageFile per page, in order, and yields every earlier file before it stores the
    next. An imported file's progress is recorded inside its own transaction
    (`stored`, called by the importer, perhaps twice if a first attempt rolled
    back); files skipped or refused change nothing else, so theirs is recorded in
    batches as they are yielded."""

    RECORDED = "_progress_recorded"  # set on a PageFile whose progress went in with its rows

    def __init__(self, run_pk: int, pages: list[QueuedPage]):
        self.run_pk = run_pk
        self.pages = pages
        self.done = ImportCounts()
        self._next = 0  # the page the next PageFile belongs to
        self._pending: list[tuple[PageFile, ImportCounts, int]] = []

    def inputs(self) -> list[PageInput]:
        return [
            PageInput(file_name=page.file_name, size=page.size, read=lambda data=bytes(page.content): data)
            for page in self.pages
        ]

    def stored(self, page_file: PageFile, counts: ImportCounts) -> None:
        _progress_record(self.run_pk, [(page_file, counts, self.pages[self._next].pk)])
        setattr(page_file, self.RECORDED, True)

    def yielded(self, page_file: PageFile) -> None:
        page_pk = self.pages[self._next].pk
        self._next += 1
        counts = getattr(page_file, "counts", None) or ImportCounts()
        self.done.add(counts)
        if getattr(page_file, self.RECORDED, False):
            return
        self._pending.append((page_file, counts, page_pk))
        if len(self._pending) >= PROGRESS_BATCH:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            _progress_record(self.run_pk, self._pending)
            self._pending = []


def _progress_record(run_pk: int, outcomes: list[tuple[PageFile, ImportCounts, int]]) -> None:
    """Adds files' outcomes to the run, under a row lock (jobs of one run finish
    files at the same time on several workers), and takes their pages off the queue."""
    with transaction.atomic():
        QueuedPage.objects.filter(pk__in=[page_pk for _, _, page_pk in outcomes]).delete()
        run = ImportRun.objects.select_for_update().get(pk=run_pk)
        totals = dict(run.counts or run_counts([], ImportCounts()))
        for page_file, counts, _ in outcomes:
            totals["files"] = totals.get("files", 0) + 1
            totals[f"files_{page_file.status}"] = totals.get(f"files_{page_file.status}", 0) + 1
            for name, value in counts.as_dict().items():
                totals[name] = totals.get(name, 0) + value
            if page_file.status == PageFile.Status.FAILED:
                run.errors = [*run.errors, {"file": page_file.file_name, "error": page_file.message}]
        run.counts = totals
        run.progressed_at = timezone.now()
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
