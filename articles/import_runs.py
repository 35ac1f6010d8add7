"""An import run's bookkeeping: what its files added (`ImportCounts`), the
counts and errors its ImportRun records, and the PageFile rows of files that
failed or were skipped because their content was imported before
(`pages_imported_earlier`, under `page_content_lock` while a file is stored).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import NamedTuple

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from articles.models import ImportRun, PageFile


@dataclass
class ImportCounts:
    """What one file (or a whole run) added; the keys end up in ImportRun.counts."""

    articles: int = 0
    articles_skipped: int = 0
    units: int = 0
    unit_aliases: int = 0
    honours: int = 0  # honour catalogue entries created for honours not yet catalogued
    honour_awards: int = 0
    honour_awards_skipped: int = 0
    activities: int = 0
    volunteer_records: int = 0

    def add(self, other: ImportCounts) -> None:
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def summary(self) -> str:
        skipped = f"（重复跳过 {self.articles_skipped}）" if self.articles_skipped else ""
        return (
            f"文章 {self.articles}{skipped}，单位 {self.units}，别名 {self.unit_aliases}，"
            f"荣誉 {self.honour_awards}，活动 {self.activities}，志愿服务 {self.volunteer_records}"
        )


def run_counts(page_files: list[PageFile], totals: ImportCounts) -> dict[str, int]:
    statuses = [page_file.status for page_file in page_files]
    return {
        "files": len(page_files),
        "files_imported": statuses.count(PageFile.Status.IMPORTED),
        "files_skipped": statuses.count(PageFile.Status.SKIPPED),
        "files_failed": statuses.count(PageFile.Status.FAILED),
        **totals.as_dict(),
    }


def run_outcome(counts: dict[str, int]) -> str:
    """A finished run's status from its counts: failed when every file failed, partial
    when some did, succeeded otherwise."""
    failed = counts.get("files_failed", 0)
    if failed and failed == counts.get("files", 0):
        return ImportRun.Status.FAILED
    if failed:
        return ImportRun.Status.PARTIAL
    return ImportRun.Status.SUCCEEDED


def run_errors(page_files: list[PageFile]) -> list[dict[str, str]]:
    return [
        {"file": page_file.file_name, "error": page_file.message}
        for page_file in page_files
        if page_file.status == PageFile.Status.FAILED
    ]


def page_content_lock(sha256: str) -> None:
    """Serialise imports of the same file content across processes until the
    transaction ends (PostgreSQL; SQLite lets one writer in at a time anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(sha256[:15], 16)])


class EarlierImport(NamedTuple):
    """The file that first imported some content, as a skipped copy's message names it."""

    file_name: str
    encoding: str
    started_at: datetime  # of its run


def pages_imported_earlier(*, sha256s: set[str], run: ImportRun) -> dict[str, EarlierImport]:
    """The first file that imported each of these contents, for those imported before."""
    if not sha256s:
        return {}
    rows = (
        PageFile.objects.filter(sha256__in=sha256s, status=PageFile.Status.IMPORTED)
        # Files of dry runs were never stored, except within the dry run itself.
        .filter(Q(import_run=run) | ~Q(import_run__status=ImportRun.Status.DRY_RUN))
        .order_by("pk")
        # Plain values: a re-import asks this for every file, and building model
        # instances would cost more than the query.
        .values_list("sha256", "file_name", "encoding", "import_run__started_at")
    )
    earlier: dict[str, EarlierImport] = {}
    for sha256, *found in rows:
        earlier.setdefault(sha256, EarlierImport(*found))
    return earlier


def page_file_imported_earlier(*, sha256: str, run: ImportRun) -> EarlierImport | None:
    # Asked once per stored file and nearly always "no": a plain indexed look
    # settles that at a third of the cost of the query with the join.
    if not PageFile.objects.filter(sha256=sha256, status=PageFile.Status.IMPORTED).exists():
        return None
    return pages_imported_earlier(sha256s={sha256}, run=run).get(sha256)


def page_file_skipped(
    *, run: ImportRun, file_name: str, size: int, sha256: str, earlier: EarlierImport, save: bool = True
) -> PageFile:
    page_file = PageFile(
        import_run=run,
        file_name=file_name,
        size=size,
        sha256=sha256,
        encoding=earlier.encoding,
        status=PageFile.Status.SKIPPED,
        message=_skip_message(file_name, earlier),
    )
    if save:
        page_file.save(force_insert=True)
    page_file.counts = ImportCounts()
    return page_file


def _skip_message(file_name: str, earlier: EarlierImport) -> str:
    when = f"{timezone.localtime(earlier.started_at):%Y-%m-%d %H:%M}"
    if earlier.file_name == file_name:
        return f"已于 {when} 导入过，内容未变"
    return f"内容与 {when} 导入的 {earlier.file_name} 相同"


def page_file_failed(*, run: ImportRun, file_name: str, message: str, size: int = 0, sha256: str = "") -> PageFile:
    page_file = PageFile.objects.create(
        import_run=run,
        file_name=file_name[-255:],
        size=size,
        sha256=sha256,
        status=PageFile.Status.FAILED,
        message=message,
    )
    page_file.counts = ImportCounts()
    return page_file
