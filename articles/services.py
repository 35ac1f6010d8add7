"""Importing newspaper pages: the one bridge from the extraction pipeline's
frozen dataclasses (articles.extraction.records) to database rows.

`run_import` imports a batch of page files as one `ImportRun`, each file in
its own transaction (`_RunImporter`; with workers, the extraction runs in
other processes, articles.parallel); `page_extraction_store` turns one
page's extraction into rows. The `import_articles` command, the admin upload
page and the tests all go through `run_import`.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import os
import socket
import unicodedata
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from articles.extraction import Lexicon
from articles.extraction.records import (
    ActivityMention,
    ArticleExtraction,
    Evidence,
    HonourMention,
    PageExtraction,
    PartialDate,
    UnitMention,
    VolunteerMention,
)
from articles.extraction.text import sentences
from articles.models import Article, ImportRun, PageFile, Source
from articles.parallel import ExtractionPool, PageOutcome, page_extract
from campaigns.models import Activity, ActivityOrganiser, Campaign, VolunteerRecord
from campaigns.tallies import start_unit_tallies
from core.models import DatePrecision, ReviewStatus
from units.models import Honour, HonourAward, Region, Unit, UnitAlias

if TYPE_CHECKING:
    from concurrent.futures import Future

    from django.contrib.auth.models import AbstractBaseUser

logger = logging.getLogger(__name__)

PENDING = ReviewStatus.PENDING


# ---------------------------------------------------------------------------
# Inputs and counts


@dataclass(frozen=True)
class PageInput:
    """A page file to import: its name and a way to read it. The size is known
    before reading, so an over-size file is refused without loading it."""

    file_name: str
    size: int
    read: Callable[[], bytes]

    @classmethod
    def from_path(cls, path: Path | str) -> PageInput:
        path = Path(path)
        return cls(file_name=str(path), size=path.stat().st_size, read=path.read_bytes)

    @classmethod
    def from_bytes(cls, file_name: str, data: bytes) -> PageInput:
        return cls(file_name=file_name, size=len(data), read=lambda: data)


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


class PageFileError(ValueError):
    """A page file that cannot be imported (empty, too large, binary, undecodable)."""


def import_change_reason(run: ImportRun) -> str:
    """The change reason that history rows of an import carry, naming the run."""
    return f"导入批次 {run.key}"


def content_hash(title: str, text: str) -> str:
    """The identity of an article: the same title and cleaned text is the same article."""
    return hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()


# ---------------------------------------------------------------------------
# Sources


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


# ---------------------------------------------------------------------------
# The run


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
        importer = _RunImporter(run=run, user=user, source=source, lexicon=lexicon, workers=workers)

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
        run.errors = _run_errors(page_files) + [{"file": "", "error": f"导入中断：{exc!r}"}]
        run.counts = _run_counts(page_files, totals)
        run.finished_at = timezone.now()
        run.save()
        raise
    run.counts = _run_counts(page_files, totals)
    run.errors = _run_errors(page_files)
    failed = run.counts["files_failed"]
    if not dry_run:
        if failed and failed == len(page_files):
            run.status = ImportRun.Status.FAILED
        elif failed:
            run.status = ImportRun.Status.PARTIAL
        else:
            run.status = ImportRun.Status.SUCCEEDED
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
        run.counts = _run_counts(page_files, totals)
        run.errors = _run_errors(page_files) + [
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


def _run_counts(page_files: list[PageFile], totals: ImportCounts) -> dict[str, int]:
    statuses = [page_file.status for page_file in page_files]
    return {
        "files": len(page_files),
        "files_imported": statuses.count(PageFile.Status.IMPORTED),
        "files_skipped": statuses.count(PageFile.Status.SKIPPED),
        "files_failed": statuses.count(PageFile.Status.FAILED),
        **totals.as_dict(),
    }


def _run_errors(page_files: list[PageFile]) -> list[dict[str, str]]:
    return [
        {"file": page_file.file_name, "error": page_file.message}
        for page_file in page_files
        if page_file.status == PageFile.Status.FAILED
    ]


def lexicon_build(*, source: Source | None = None) -> Lexicon:
    """The pipeline's lexicon: the unit registry, the honour catalogue and the
    campaigns, with the paper's home region to resolve short names (市委办公室)."""
    from articles.lexicon import build_lexicon

    region = source.region.full_name if source is not None and source.region_id else None
    return build_lexicon(source_region=region)


# ---------------------------------------------------------------------------
# A run's files


@dataclass
class _PageRead:
    """A page file read and hashed, or the reason it cannot be imported (`failure`,
    the message its PageFile carries)."""

    file_name: str  # as stored: its last 255 characters
    size: int = 0
    sha256: str = ""
    data: bytes | None = None
    failure: str = ""


@dataclass
class _Planned:
    """A file on its way through a run: imported before (`earlier`), or to be
    extracted — in a worker when `outcome` is set, else in this process."""

    read: _PageRead
    earlier: _Earlier | None = None
    outcome: Future[PageOutcome] | None = None


class _RunImporter:
    """Imports one run's files in input order.

    Files are read and hashed a chunk at a time, and one query per chunk finds
    those imported before, so a re-import of unchanged files costs little more
    than hashing them; their skipped PageFiles are inserted in bulk. The other
    files are decoded and extracted, here or — with workers — in worker
    processes a few files ahead, and stored here, one transaction each.
    """

    CHUNK_FILES = 64
    CHUNK_BYTES = 8 * 1024 * 1024
    AHEAD_PER_WORKER = 3  # files handed to each worker ahead of the one being stored
    SKIPPED_BATCH = 500

    def __init__(
        self,
        *,
        run: ImportRun,
        user: AbstractBaseUser | None,
        source: Source | None,
        lexicon: Lexicon | None,
        workers: int,
    ):
        self.run = run
        self.user = user
        self.source = source
        self.workers = workers
        self.cache = ImportCache()
        self._lexicon = lexicon
        self._pool: ExtractionPool | None = None
        self._imported: dict[str, _Earlier] = {}  # sha256 → the file of this run that imported it
        self._skipped: list[PageFile] = []  # skipped files not inserted yet

    @property
    def lexicon(self) -> Lexicon:
        # Built when the first file needs extracting: a run of files all imported
        # before never reads the registry.
        if self._lexicon is None:
            self._lexicon = lexicon_build(source=self.source)
        return self._lexicon

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def page_files(self, pages: Iterable[PageInput | Path | str]) -> Iterator[PageFile]:
        ahead: deque[_Planned] = deque()
        in_flight: set[str] = set()  # hashes of the files handed to workers
        limit = self.workers * self.AHEAD_PER_WORKER if self.workers > 1 else 0
        for planned in self._planned(pages):
            read = planned.read
            if (
                self.workers > 1
                and not read.failure
                and planned.earlier is None
                and read.sha256 not in in_flight
                and read.sha256 not in self._imported
            ):
                planned.outcome = self._extraction_pool().submit(
                    read.data, reference_date=self.run.reference_date, file_name=Path(read.file_name).name
                )
                in_flight.add(read.sha256)
                read.data = None
            ahead.append(planned)
            # A file waits only while its extraction may still be running and fewer
            # than `limit` others are; the rest is stored as soon as its turn comes.
            while ahead and (ahead[0].outcome is None or len(in_flight) > limit):
                done = ahead.popleft()
                if done.outcome is not None:
                    in_flight.discard(done.read.sha256)
                yield from self._page_file(done)
        while ahead:
            yield from self._page_file(ahead.popleft())
        yield from self._skipped_flush()

    def _extraction_pool(self) -> ExtractionPool:
        if self._pool is None:
            self._pool = ExtractionPool(workers=self.workers, lexicon=self.lexicon)
        return self._pool

    def _planned(self, pages: Iterable[PageInput | Path | str]) -> Iterator[_Planned]:
        chunk: list[_PageRead] = []
        size = 0
        for page in pages:
            read = _page_read(page)
            chunk.append(read)
            size += read.size if read.data is not None else 0
            if len(chunk) >= self.CHUNK_FILES or size >= self.CHUNK_BYTES:
                yield from self._plan(chunk)
                chunk, size = [], 0
        yield from self._plan(chunk)

    def _plan(self, chunk: list[_PageRead]) -> Iterator[_Planned]:
        earlier = _pages_imported_earlier(sha256s={read.sha256 for read in chunk if read.sha256}, run=self.run)
        for read in chunk:
            yield _Planned(read=read, earlier=earlier.get(read.sha256))

    def _page_file(self, planned: _Planned) -> Iterator[PageFile]:
        read = planned.read
        run = self.run
        if read.failure:
            yield from self._skipped_flush()
            yield _page_file_failed(run=run, file_name=read.file_name, message=read.failure, size=read.size)
            return
        # A file imported earlier in this run, since the chunk was looked up, is skipped too.
        earlier = planned.earlier or self._imported.get(read.sha256)
        if earlier is not None:
            self._skipped.append(
                _page_file_skipped(
                    run=run, file_name=read.file_name, size=read.size, sha256=read.sha256, earlier=earlier, save=False
                )
            )
            if len(self._skipped) >= self.SKIPPED_BATCH:
                yield from self._skipped_flush()
            return
        yield from self._skipped_flush()
        if planned.outcome is not None:
            outcome = planned.outcome.result()
        else:
            outcome = page_extract(
                read.data, lexicon=self.lexicon, reference_date=run.reference_date, file_name=Path(read.file_name).name
            )
            read.data = None
        page_file = self._store(read, outcome)
        if page_file.status == PageFile.Status.IMPORTED:
            self._imported[read.sha256] = _Earlier(page_file.file_name, page_file.encoding, run.started_at)
        yield page_file

    def _skipped_flush(self) -> Iterator[PageFile]:
        if not self._skipped:
            return
        skipped, self._skipped = self._skipped, []
        PageFile.objects.bulk_create(skipped)
        yield from skipped

    def _store(self, read: _PageRead, outcome: PageOutcome) -> PageFile:
        """Store one extracted file: all its rows or none."""
        run, cache, user = self.run, self.cache, self.user
        file_name, size, sha256 = read.file_name, read.size, read.sha256
        try:
            if outcome.undecodable is not None:
                raise PageFileError(outcome.undecodable or "无法识别文本编码")
            if outcome.error:
                logger.error("importing %s failed:\n%s", file_name, outcome.traceback)
                return _page_file_failed(
                    run=run,
                    file_name=file_name,
                    message=f"{file_name}：导入出错（{outcome.error}）",
                    size=size,
                    sha256=sha256,
                )
            for attempt in (1, 2):
                try:
                    with transaction.atomic():
                        # Looked up again under a lock on the content: another run may have
                        # imported the same file since the first look, before the extraction.
                        _page_content_lock(sha256)
                        earlier = _page_file_imported_earlier(sha256=sha256, run=run)
                        if earlier is not None:
                            return _page_file_skipped(
                                run=run, file_name=file_name, size=size, sha256=sha256, earlier=earlier
                            )
                        page_file = PageFile.objects.create(
                            import_run=run,
                            file_name=file_name,
                            size=size,
                            sha256=sha256,
                            encoding=outcome.encoding,
                            status=PageFile.Status.IMPORTED,
                        )
                        counts = page_extraction_store(
                            extraction=outcome.extraction, page_file=page_file, user=user, cache=cache
                        )
                        page_file.article_count = counts.articles
                        page_file.message = counts.summary()
                        page_file.save(update_fields=["article_count", "message"])
                    break
                except IntegrityError:
                    # Another import (two runs over one folder) stored this file or some of
                    # its rows first, and a unique constraint refused the second copy: look
                    # again, now that its rows are visible, and store only what is missing.
                    cache.forget()
                    earlier = _page_file_imported_earlier(sha256=sha256, run=run)
                    if earlier is not None:
                        return _page_file_skipped(
                            run=run, file_name=file_name, size=size, sha256=sha256, earlier=earlier
                        )
                    if attempt == 2:
                        raise
            cache.commit()
        except PageFileError as exc:
            return _page_file_failed(
                run=run, file_name=file_name, message=f"{file_name}：{exc}", size=size, sha256=sha256
            )
        except IntegrityError as exc:
            logger.exception("importing %s failed", file_name)
            return _page_file_failed(
                run=run,
                file_name=file_name,
                message=f"{file_name}：与同时进行的另一次导入冲突，未写入，请重新导入（{exc}）",
                size=size,
                sha256=sha256,
            )
        except Exception as exc:
            # Any other failure is a defect or a database conflict; the file's rows are
            # already rolled back, the run goes on, and the log keeps the traceback.
            logger.exception("importing %s failed", file_name)
            cache.discard()
            return _page_file_failed(
                run=run, file_name=file_name, message=f"{file_name}：导入出错（{exc}）", size=size, sha256=sha256
            )
        page_file.counts = counts
        return page_file


def _page_read(page: PageInput | Path | str) -> _PageRead:
    """Read and hash one page file, refusing one that is missing, empty or too large."""
    if not isinstance(page, PageInput):
        path = Path(page)
        try:
            page = PageInput.from_path(path)
        except OSError as exc:
            return _PageRead(file_name=str(path)[-255:], failure=f"{path}：无法读取（{exc.strerror or exc}）")
    file_name = page.file_name[-255:]
    limit = settings.WENMING_MAX_PAGE_BYTES
    size = page.size
    try:
        if page.size > limit:
            raise PageFileError(f"文件过大（{page.size:,} 字节，上限 {limit:,} 字节）")
        if page.size == 0:
            raise PageFileError("文件为空")
        try:
            data = page.read()
        except OSError as exc:
            raise PageFileError(f"无法读取（{exc.strerror or exc}）") from exc
        size = len(data)
        if size > limit:
            raise PageFileError(f"文件过大（{size:,} 字节，上限 {limit:,} 字节）")
        if size == 0:
            raise PageFileError("文件为空")
    except PageFileError as exc:
        return _PageRead(file_name=file_name, size=size, failure=f"{file_name}：{exc}")
    except Exception as exc:
        logger.exception("reading %s failed", file_name)
        return _PageRead(file_name=file_name, size=size, failure=f"{file_name}：导入出错（{exc}）")
    return _PageRead(file_name=file_name, size=size, sha256=hashlib.sha256(data).hexdigest(), data=data)


def _page_content_lock(sha256: str) -> None:
    """Serialise imports of the same file content across processes until the
    transaction ends (PostgreSQL; SQLite lets one writer in at a time anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(sha256[:15], 16)])


class _Earlier(NamedTuple):
    """The file that first imported some content, as a skipped copy's message names it."""

    file_name: str
    encoding: str
    started_at: datetime  # of its run


def _pages_imported_earlier(*, sha256s: set[str], run: ImportRun) -> dict[str, _Earlier]:
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
    earlier: dict[str, _Earlier] = {}
    for sha256, *found in rows:
        earlier.setdefault(sha256, _Earlier(*found))
    return earlier


def _page_file_imported_earlier(*, sha256: str, run: ImportRun) -> _Earlier | None:
    # Asked once per stored file and nearly always "no": a plain indexed look
    # settles that at a third of the cost of the query with the join.
    if not PageFile.objects.filter(sha256=sha256, status=PageFile.Status.IMPORTED).exists():
        return None
    return _pages_imported_earlier(sha256s={sha256}, run=run).get(sha256)


def _page_file_skipped(
    *, run: ImportRun, file_name: str, size: int, sha256: str, earlier: _Earlier, save: bool = True
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


def _skip_message(file_name: str, earlier: _Earlier) -> str:
    when = f"{timezone.localtime(earlier.started_at):%Y-%m-%d %H:%M}"
    if earlier.file_name == file_name:
        return f"已于 {when} 导入过，内容未变"
    return f"内容与 {when} 导入的 {earlier.file_name} 相同"


def _page_file_failed(*, run: ImportRun, file_name: str, message: str, size: int = 0, sha256: str = "") -> PageFile:
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


# ---------------------------------------------------------------------------
# One page's extraction → rows


def page_extraction_store(
    *,
    extraction: PageExtraction,
    page_file: PageFile,
    user: AbstractBaseUser | None = None,
    cache: ImportCache | None = None,
) -> ImportCounts:
    """Store the articles of one extracted page and every record read from them,
    as pending review with their evidence. Call it inside a transaction; with a
    run's `cache`, commit or discard the cache as that transaction ends."""
    writer = _PageWriter(page_file=page_file, user=user, cache=cache if cache is not None else ImportCache())
    writer.page_store(extraction.articles)
    return writer.counts


_FOLD_DROP = dict.fromkeys(map(ord, " \t\u3000“”‘’\"'《》「」"))


def _fold(name: str) -> str:
    """A lookup key for catalogue names: NFKC, no spaces or quote marks."""
    return unicodedata.normalize("NFKC", name).translate(_FOLD_DROP)


def _choice(value: str | None, choices: type, default: str) -> str:
    return value if value in choices.values else default


def _date_fields(partial: PartialDate | None) -> tuple[date | None, str]:
    """A PartialDate as a DateField value and its precision: a month is stored as
    its first day and a year as 1 January, never inventing what the text lacks."""
    if partial is None or partial.year is None:
        return None, ""
    month = partial.month if partial.month is not None else None
    day = partial.day if month is not None else None
    try:
        value = date(partial.year, month or 1, day or 1)
    except ValueError:
        return None, ""
    if day is not None:
        return value, DatePrecision.DAY
    if month is not None:
        return value, DatePrecision.MONTH
    return value, DatePrecision.YEAR


def _count(value: Any) -> int | None:
    """A head count or person-time figure fit for a PositiveIntegerField."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 0 <= number <= 2_147_483_647 else None


def _hours(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        if isinstance(value, float) and not math.isfinite(value):
            return None
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        return None
    return hours if 0 <= hours <= 10_000_000 else None


def _first_sentence_naming(text: str, names: Iterable[str]) -> Evidence | None:
    """Evidence for a unit the pipeline listed without any: the first sentence
    of the article that names it, so a reviewer can see where it came from."""
    names = [name for name in names if name]
    for span in sentences(text):
        sentence = text[span.start : span.end]
        if any(name in sentence for name in names):
            return Evidence(sentence=sentence, start=span.start, end=span.end)
    return None


def _bulk_create_with_history(
    model: type[models.Model], objs: list, *, user: AbstractBaseUser | None, reason: str
) -> None:
    """Insert rows and their "+" history rows: two INSERTs, both or neither.

    What simple_history's bulk_create_with_history does, minus its per-call cost:
    `Model.history` builds a new manager class at every access, which cost as much
    as the inserts themselves, so the manager is fetched once per model. Both
    databases hand back the new primary keys; a backend that cannot gets the
    library's own path, which finds the rows again."""
    if not connection.features.can_return_rows_from_bulk_insert:
        bulk_create_with_history(objs, model, default_user=user, default_change_reason=reason)
        return
    with transaction.atomic(savepoint=False):  # joins the file's transaction; no savepoint
        model._default_manager.bulk_create(objs)
        _history_manager(model).bulk_history_create(objs, default_user=user, default_change_reason=reason)


@functools.cache
def _history_manager(model: type[models.Model]):
    # A HistoryManager without an instance holds only its model: safe to keep.
    return get_history_manager_for_model(model)


_UnitKey = tuple[str, str | None]  # (canonical name, region named by the mention)
_AwardKey = tuple[int, int | None]  # (honour id, year) of a unit's award


class ImportCache:
    """Registry lookups an import run reuses from file to file (a paper names the
    same units on every page): units, their aliases, the awards they hold, the
    honour catalogue.

    What a file's transaction creates is staged, and kept only when that
    transaction went through (`commit`); a file that fails is `discard`ed, so
    no row it rolled back is ever handed out again. Regions and campaigns are
    only read, never written by the importer, so they are cached directly.
    """

    def __init__(self) -> None:
        self._units: dict[_UnitKey, Unit | None] = {}
        self._aliases: dict[int, frozenset[str]] = {}
        self._awards: dict[int, frozenset[_AwardKey]] = {}
        self._honours: dict[str, Honour] | None = None
        self._staged_units: dict[_UnitKey, Unit | None] = {}
        self._staged_aliases: dict[int, set[str]] = {}
        self._staged_awards: dict[int, set[_AwardKey]] = {}
        self._staged_honours: dict[str, Honour] = {}
        self._regions: tuple[dict[str, Region], dict[str, list[Region]]] | None = None
        self.campaigns: dict[str, Campaign] | None = None
        self._registry_names: set[str] | None = None

    def commit(self) -> None:
        self._units.update(self._staged_units)
        self._aliases.update({pk: frozenset(names) for pk, names in self._staged_aliases.items()})
        self._awards.update({pk: frozenset(keys) for pk, keys in self._staged_awards.items()})
        if self._honours is not None:
            self._honours.update(self._staged_honours)
        self.discard()

    def discard(self) -> None:
        self._staged_units, self._staged_aliases, self._staged_awards, self._staged_honours = {}, {}, {}, {}

    def forget(self) -> None:
        """Drop everything read from the database as well: after a unique
        constraint refused a row, another import has written rows this cache
        has not seen, so the next file looks them up afresh."""
        self.discard()
        self._units, self._aliases, self._awards, self._honours = {}, {}, {}, None
        self._registry_names = None

    def may_be_registered(self, names: Iterable[str]) -> bool:
        """False when no unit is named, or aliased, by any of `names`: then no query
        can find one. Every name and alias of the registry is read once per run (most
        mentions of a first import name no unit yet); the run adds what it creates."""
        if self._registry_names is None:
            self._registry_names = set(Unit.objects.values_list("name", flat=True))
            self._registry_names.update(UnitAlias.objects.values_list("name", flat=True))
        return any(name in self._registry_names for name in names)

    def registered(self, *names: str) -> None:
        if self._registry_names is not None:
            self._registry_names.update(names)

    def created(self, unit: Unit) -> None:
        """A unit this file created has no aliases nor awards yet: nothing to look up."""
        self.registered(unit.name)
        self._staged_aliases.setdefault(unit.pk, set())
        self._staged_awards.setdefault(unit.pk, set())

    def region(self, name: str) -> Region | None:
        """The region of that full name (山东省菏泽市牡丹区), else the only one of that short
        name; the whole list is read at the first call (a few thousand rows, one query)."""
        if self._regions is None:
            by_full: dict[str, Region] = {}
            by_name: dict[str, list[Region]] = {}
            for region in Region.objects.all():
                by_full[region.full_name] = region
                by_name.setdefault(region.name, []).append(region)
            self._regions = (by_full, by_name)
        by_full, by_name = self._regions
        if name in by_full:
            return by_full[name]
        same_name = by_name.get(name, [])
        return same_name[0] if len(same_name) == 1 else None

    def unit(self, key: _UnitKey) -> tuple[bool, Unit | None]:
        """(known, unit): unit is None for a unit reviewers rejected."""
        for layer in (self._staged_units, self._units):
            if key in layer:
                return True, layer[key]
        return False, None

    def unit_set(self, key: _UnitKey, unit: Unit | None) -> None:
        self._staged_units[key] = unit

    def alias_names(self, unit: Unit) -> set[str]:
        """The unit's alias names, as a set this file may add to."""
        names = self._staged_aliases.get(unit.pk)
        if names is None:
            known = self._aliases.get(unit.pk)
            names = set(known) if known is not None else set(unit.aliases.values_list("name", flat=True))
            self._staged_aliases[unit.pk] = names
        return names

    def awards(self, unit: Unit) -> set[_AwardKey]:
        """(honour id, year) of every award the unit holds, rejected ones included,
        as a set this file may add to: one query per unit and run, not per mention."""
        keys = self._staged_awards.get(unit.pk)
        if keys is None:
            known = self._awards.get(unit.pk)
            keys = (
                set(known)
                if known is not None
                else set(HonourAward.objects.filter(unit_id=unit.pk).values_list("honour_id", "year"))
            )
            self._staged_awards[unit.pk] = keys
        return keys

    def honour(self, key: str) -> Honour | None:
        if self._honours is None:
            catalogue: dict[str, Honour] = {}
            honours = list(Honour.objects.all())
            for honour in honours:
                for alias in honour.aliases or ():
                    if isinstance(alias, str) and alias:
                        catalogue.setdefault(_fold(alias), honour)
            for honour in honours:  # a catalogue name beats another entry's alias
                catalogue[_fold(honour.name)] = honour
            self._honours = catalogue
        return self._staged_honours.get(key) or self._honours.get(key)

    def honour_set(self, key: str, honour: Honour) -> None:
        self._staged_honours[key] = honour


class _PageWriter:
    """Writes one page's articles and records, looking the registry up through
    the run's ImportCache."""

    def __init__(self, *, page_file: PageFile, user: AbstractBaseUser | None, cache: ImportCache):
        self.page_file = page_file
        self.run = page_file.import_run
        self.source = self.run.source
        self.user = user if user is not None and user.pk else None
        self.reason = import_change_reason(self.run)
        self.counts = ImportCounts()
        self.cache = cache
        self._page_units: dict[str, Unit | None] = {}  # canonical name → unit, for parents
        self._created: set[int] = set()
        # Records are inserted in bulk, with their history, when the page is done;
        # the order lets organisers follow the activities they point to.
        self._pending: dict[type[models.Model], list] = {
            model: [] for model in (UnitAlias, HonourAward, Activity, ActivityOrganiser, VolunteerRecord)
        }

    def _save(self, obj) -> None:
        """Save one row now: units and honours, which later rows of the page point to."""
        obj._change_reason = self.reason
        if self.user is not None:
            obj._history_user = self.user
        obj.save()

    def _bulk_create(self, model: type[models.Model], objs: list) -> None:
        if objs:
            _bulk_create_with_history(model, objs, user=self.user, reason=self.reason)

    def _evidence(self, evidence: Evidence | None, text: str) -> dict[str, Any]:
        if evidence is None or not evidence.sentence:
            return {"evidence": "", "evidence_start": None, "evidence_end": None}
        start, end = evidence.start, evidence.end
        if not (0 <= start <= end <= len(text) and text[start:end] == evidence.sentence):
            # Keep the sentence; a span that does not point at it would mislead reviewers.
            found = text.find(evidence.sentence)
            start, end = (found, found + len(evidence.sentence)) if found >= 0 else (None, None)
        return {"evidence": evidence.sentence, "evidence_start": start, "evidence_end": end}

    def _provenance(self, article: Article, evidence: Evidence | None) -> dict[str, Any]:
        return {"article": article, "review_status": PENDING, **self._evidence(evidence, article.text)}

    # -- articles

    def page_store(self, articles: Iterable[ArticleExtraction]) -> None:
        articles = list(articles)
        digests = [content_hash(article.title, article.text) for article in articles]
        known = set(Article.objects.filter(content_hash__in=digests).values_list("content_hash", flat=True))
        new: list[tuple[ArticleExtraction, Article]] = []
        for extracted, digest in zip(articles, digests, strict=True):
            if digest in known:  # stored before, or twice on this page
                self.counts.articles_skipped += 1
                continue
            known.add(digest)
            new.append((extracted, self._article(extracted, digest)))
        self._bulk_create(Article, [article for _, article in new])
        self.counts.articles += len(new)
        for extracted, article in new:
            self._records_collect(extracted, article)
        for model, objs in self._pending.items():
            self._bulk_create(model, objs)
        # Bulk inserts send no signals: new units get their (empty) tallies here.
        start_unit_tallies(unit_ids=[unit.pk for unit in self._pending.get(Unit, ())])

    def _article(self, extracted: ArticleExtraction, digest: str) -> Article:
        published_on, precision = _date_fields(extracted.date)
        return Article(
            source=self.source,
            title=(extracted.title.strip() or "（无标题）")[:300],
            subtitle=extracted.subtitle[:300],
            bylines=list(extracted.bylines),
            published_on=published_on,
            date_precision=precision,
            text=extracted.text,
            raw_text=extracted.raw_text,
            file_name=Path(self.page_file.file_name).name,
            position=max(extracted.position, 0),
            content_hash=digest,
            import_run=self.run,
            page_file=self.page_file,
        )

    def _records_collect(self, extracted: ArticleExtraction, article: Article) -> None:
        for mention in extracted.units:
            self.unit_for_mention(mention, article)
        for mention in extracted.units:
            self._parent_link(mention)
        for honour in extracted.honours:
            self.honour_award_store(honour, article)
        seen_activities = set()
        for activity in extracted.activities:
            key = (activity.title, activity.date, activity.organisers, activity.place)
            if key not in seen_activities:
                seen_activities.add(key)
                self.activity_store(activity, article)
        seen_volunteer = set()
        for volunteer in extracted.volunteer_service:
            key = (volunteer.unit, volunteer.hours, volunteer.person_times, volunteer.volunteers, volunteer.period_text)
            if key not in seen_volunteer:
                seen_volunteer.add(key)
                self.volunteer_record_store(volunteer, article)

    # -- units

    def _region(self, name: str | None) -> Region | None:
        return self.cache.region(name) if name else None

    def _unit_find(self, name: str, aliases: Iterable[str] = (), region: Region | None = None) -> Unit | None:
        """The registry unit a mention names: by canonical name, then by alias.

        A short alias may be shared by units of several places (市委办公室); the
        mention's region then decides, else the oldest unit, so that a unit
        already in the registry is never created a second time.
        """
        if not self.cache.may_be_registered([name, *aliases]):
            return None
        unit = Unit.objects.filter(name=name).first()
        if unit is not None:
            return unit
        candidates = list(Unit.objects.filter(aliases__name=name).distinct().order_by("pk"))
        if not candidates:
            other_names = [alias for alias in aliases if alias and alias != name]
            candidates = list(Unit.objects.filter(name__in=other_names).order_by("pk")) if other_names else []
        if not candidates:
            return None
        if region is not None:
            for candidate in candidates:
                if candidate.region_id == region.pk:
                    return candidate
        return candidates[0]

    def unit_for_mention(self, mention: UnitMention, article: Article) -> Unit | None:
        """The registry unit for a mention: found under its name or an alias (and
        given any new surface form as a pending alias), or created pending.
        None when reviewers rejected that unit: nothing is attached to it again."""
        name = mention.name.strip()[:200]
        if not name:
            return None
        key = (name, mention.region)
        known, unit = self.cache.unit(key)
        if not known:
            region = self._region(mention.region)
            unit = self._unit_find(name, mention.aliases, region)
            if unit is None:
                unit = Unit(
                    name=name,
                    kind=_choice(mention.kind, Unit.Kind, Unit.Kind.OTHER),
                    region=region,
                    **self._provenance(article, self._mention_evidence(mention, article)),
                )
                self._save(unit)
                self.cache.created(unit)
                self.counts.units += 1
                self._created.add(unit.pk)
            if unit.review_status == ReviewStatus.REJECTED:
                unit = None
            self.cache.unit_set(key, unit)
        self._page_units[name] = unit
        if unit is not None:
            self._aliases_add(unit, mention, article)
        return unit

    @staticmethod
    def _mention_evidence(mention: UnitMention, article: Article) -> Evidence | None:
        if mention.evidence is not None:
            return mention.evidence
        return _first_sentence_naming(article.text, (mention.name, *mention.aliases))

    def _aliases_add(self, unit: Unit, mention: UnitMention, article: Article) -> None:
        known = self.cache.alias_names(unit)
        for surface in (mention.name, *mention.aliases):
            surface = surface.strip()
            if not surface or len(surface) > 200 or surface == unit.name or surface in known:
                continue
            evidence = self._mention_evidence(mention, article)
            self._pending[UnitAlias].append(UnitAlias(unit=unit, name=surface, **self._provenance(article, evidence)))
            known.add(surface)
            self.cache.registered(surface)
            self.counts.unit_aliases += 1

    def _parent_link(self, mention: UnitMention) -> None:
        # Only units this page created get a parent: a unit already in the registry is not rewritten.
        unit = self._page_units.get(mention.name.strip()[:200])
        if unit is None or not mention.parent or unit.pk not in self._created or unit.parent_id:
            return
        parent = self._page_units.get(mention.parent) or self._unit_find(mention.parent)
        if parent is not None and parent.pk != unit.pk:
            unit.parent = parent
            self._save(unit)

    def unit_by_name(self, name: str, article: Article, evidence: Evidence | None = None) -> Unit | None:
        """The unit a record names by canonical name; created pending when the
        pipeline named a unit it did not list among the article's units."""
        name = name.strip()[:200]
        if name in self._page_units:  # as the page's unit mentions resolved it, region and all
            return self._page_units[name]
        return self.unit_for_mention(UnitMention(name=name, evidence=evidence), article)

    # -- honours

    def _honour(self, mention: HonourMention) -> Honour | None:
        name = mention.honour.strip()[:200]
        if not name:
            return None
        honour = self.cache.honour(_fold(name))
        if honour is None:
            honour = Honour(
                name=name,
                level=_choice(mention.level, Honour.Level, Honour.Level.OTHER),
                category=_choice(mention.category, Honour.Category, Honour.Category.OTHER),
                description="导入时新建，待核实",
            )
            self._save(honour)
            self.counts.honours += 1
            self.cache.honour_set(_fold(name), honour)
        return honour

    def honour_award_store(self, mention: HonourMention, article: Article) -> HonourAward | None:
        unit = self.unit_by_name(mention.unit, article, mention.evidence)
        honour = self._honour(mention)
        if unit is None or honour is None:
            return None
        year = mention.year if mention.year is not None and 1949 <= mention.year <= 2100 else None
        # Any award held counts, a rejected one included: reviewers' "no" stands. So do
        # awards added earlier on this page; a year-less mention adds nothing to any year's.
        held = self.cache.awards(unit)
        if (honour.pk, year) in held or (year is None and any(key[0] == honour.pk for key in held)):
            self.counts.honour_awards_skipped += 1
            return None
        held.add((honour.pk, year))
        award = HonourAward(
            unit=unit,
            honour=honour,
            year=year,
            edition=(mention.edition or "")[:40],
            status=_choice(mention.status, HonourAward.Status, HonourAward.Status.AWARDED),
            note=mention.note,
            **self._provenance(article, mention.evidence),
        )
        self._pending[HonourAward].append(award)
        self.counts.honour_awards += 1
        return award

    # -- activities

    def _campaign(self, name: str | None) -> Campaign | None:
        if not name:
            return None
        if self.cache.campaigns is None:
            campaigns: dict[str, Campaign] = {}
            rows = list(Campaign.objects.all())
            for campaign in rows:
                for alias in campaign.aliases or ():
                    if isinstance(alias, str) and alias:
                        campaigns.setdefault(_fold(alias), campaign)
            for campaign in rows:
                campaigns[_fold(campaign.name)] = campaign
            self.cache.campaigns = campaigns
        return self.cache.campaigns.get(_fold(name))

    def activity_store(self, mention: ActivityMention, article: Article) -> Activity:
        when, precision = _date_fields(mention.date)
        campaign = self._campaign(mention.campaign)
        description = ""
        if mention.campaign and campaign is None:
            description = f"原文所述创建活动：{mention.campaign}（未在创建活动目录中）"
        activity = Activity(
            title=(mention.title.strip() or "（未命名活动）")[:300],
            campaign=campaign,
            date=when,
            date_precision=precision or DatePrecision.DAY,
            place=(mention.place or "")[:200],
            kind=_choice(mention.kind, Activity.Kind, Activity.Kind.OTHER),
            participants=_count(mention.participants),
            description=description,
            **self._provenance(article, mention.evidence),
        )
        self._pending[Activity].append(activity)
        self.counts.activities += 1
        seen: set[int] = set()
        for organiser in mention.organisers:
            unit = self.unit_by_name(organiser.unit, article, mention.evidence)
            if unit is None or unit.pk in seen:
                continue
            seen.add(unit.pk)
            role = ActivityOrganiser(
                activity=activity,
                unit=unit,
                role=_choice(organiser.role, ActivityOrganiser.Role, ActivityOrganiser.Role.HOST),
            )
            self._pending[ActivityOrganiser].append(role)
        return activity

    # -- volunteer service

    def volunteer_record_store(self, mention: VolunteerMention, article: Article) -> VolunteerRecord | None:
        hours, person_times, volunteers = (
            _hours(mention.hours),
            _count(mention.person_times),
            _count(mention.volunteers),
        )
        if hours is None and person_times is None and volunteers is None:
            return None
        unit = self.unit_by_name(mention.unit, article, mention.evidence)
        if unit is None:
            return None
        record = VolunteerRecord(
            unit=unit,
            hours=hours,
            person_times=person_times,
            volunteers=volunteers,
            approximate=bool(mention.approximate),
            period_text=(mention.period_text or "")[:100],
            **self._provenance(article, mention.evidence),
        )
        self._pending[VolunteerRecord].append(record)
        self.counts.volunteer_records += 1
        return record
