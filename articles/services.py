"""Importing newspaper pages: the business operations that the
`import_articles` command, the admin upload page and the tests call.

`run_import` imports a batch of page files as one `ImportRun`, each file in
its own transaction; its parts live beside it: reading page files
(articles.page_files), going through a run's files (articles.run_importer; with
workers, the extraction runs in other processes, articles.parallel), storing
one page's extraction as rows (articles.storing), and the run's bookkeeping
(articles.import_runs).
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from articles.extraction import Lexicon
from articles.import_runs import ImportCounts, run_counts, run_errors, run_outcome
from articles.models import Article, ImportRun, PageFile, Source
from articles.page_files import PageInput
from articles.run_importer import RunImporter

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

# PageInput is what run_import takes: callers build their pages with it.
__all__ = ["PageInput", "run_import", "run_summary", "runs_interrupted_mark", "source_get_or_create"]


def source_get_or_create(*, name: str, user: AbstractBaseUser | None = None) -> tuple[Source, bool]:
    """The newspaper named `name`, created when it is not known yet."""
    name = name.strip()
    if not name:
        raise ValueError("报刊来源名称不能为空")
    source = Source.objects.filter(name=name).first()
    if source is not None:
        return source, False
    source = Source(name=name)
    source._change_reason = "导入时新建"
    if user is not None:
        source._history_user = user
    source.save()
    return source, True


class _DryRunRollback(Exception):
    """Raised inside a dry run's transaction to undo everything it wrote."""


def run_import(
    *,
    pages: Iterable[PageInput | Path | str],
    source: Source | None = None,
    reference_date: date | None = None,
    user: AbstractBaseUser | None = None,
    dry_run: bool = False,
    progress: Callable[[PageFile], None] | None = None,
    lexicon: Lexicon | None = None,
    workers: int = 1,
) -> ImportRun:
    """Import page files as one ImportRun, each file in its own transaction.

    A file that fails is recorded as a failed PageFile and the others go on.
    A dry run does all the work inside a transaction that is rolled back: only
    the ImportRun (status dry_run) and its PageFile results are kept, so staff
    can see what an import would do.

    With `workers` above 1, pages are decoded and extracted in that many worker
    processes (articles.parallel) while this process stores them, in input
    order: the rows, PageFiles, progress calls and counts are those of a
    one-worker run. Files imported before are recognised by their hash and
    never sent to a worker.

    The returned run carries `page_file_results`, its PageFiles in input order,
    each with a `counts` attribute (ImportCounts) of what that file added.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    runs_interrupted_mark()
    run = ImportRun.objects.create(
        key=uuid.uuid4(),
        started_by=user if user is not None and user.pk else None,
        source=source,
        reference_date=reference_date,
        status=ImportRun.Status.DRY_RUN if dry_run else ImportRun.Status.RUNNING,
        process_id=os.getpid(),
        host=socket.gethostname(),
    )
    page_files: list[PageFile] = []
    totals = ImportCounts()
    try:
        importer = RunImporter(run=run, user=user, source=source, lexicon=lexicon, workers=workers)

        def import_all() -> None:
            try:
                for page_file in importer.page_files(pages):
                    page_files.append(page_file)
                    totals.add(page_file.counts)
                    if progress is not None:
                        progress(page_file)
            finally:
                importer.close()

        if dry_run:
            try:
                with transaction.atomic():
                    import_all()
                    raise _DryRunRollback
            except _DryRunRollback:
                pass
            # The rollback took the PageFile rows with it; keep them as the run's report.
            for page_file in page_files:
                page_file.pk = None
                page_file._state.adding = True
                page_file.save()
        else:
            import_all()
    except BaseException as exc:
        run.status = ImportRun.Status.FAILED
        run.errors = run_errors(page_files) + [{"file": "", "error": f"导入中断：{exc!r}"}]
        run.counts = run_counts(page_files, totals)
        run.finished_at = timezone.now()
        run.save()
        raise
    run.counts = run_counts(page_files, totals)
    run.errors = run_errors(page_files)
    if not dry_run:
        run.status = run_outcome(run.counts)
    run.finished_at = timezone.now()
    run.save()
    run.page_file_results = page_files
    return run


def runs_interrupted_mark() -> int:
    """Runs still "running" whose process on this machine is gone (killed, or the
    machine restarted) are marked interrupted, with what they had stored; importing
    the same files again finishes the job, as files stored before are skipped.
    Returns how many runs were marked."""
    marked = 0
    host = socket.gethostname()
    for run in ImportRun.objects.filter(status=ImportRun.Status.RUNNING, host=host):
        if run.process_id and _process_alive(run.process_id):
            continue
        page_files = list(run.page_files.all())
        totals = ImportCounts(articles=Article.objects.filter(page_file__import_run=run).count())
        run.status = ImportRun.Status.INTERRUPTED
        run.counts = run_counts(page_files, totals)
        run.errors = run_errors(page_files) + [
            {
                "file": "",
                "error": "导入进程已不在运行（被终止或机器重启）；再次导入同一批文件即可完成，已导入的文件会跳过。",
            }
        ]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "counts", "errors", "finished_at"])
        marked += 1
    return marked


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process holds the number: not ours to judge
    return True


def run_summary(run: ImportRun) -> str:
    """One line for people: "N 个文件：导入 N，跳过 N，失败 N；文章 N，单位 N，荣誉 N，活动 N，志愿服务 N"."""
    counts = run.counts
    return (
        f"{counts['files']} 个文件：导入 {counts['files_imported']}，跳过 {counts['files_skipped']}，"
        f"失败 {counts['files_failed']}；文章 {counts['articles']}，单位 {counts['units']}，"
        f"荣誉 {counts['honour_awards']}，活动 {counts['activities']}，志愿服务 {counts['volunteer_records']}"
    )
