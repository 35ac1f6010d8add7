"""Importing one run's files in input order (`RunImporter`): read and hashed a
chunk at a time, files imported before skipped, the others extracted here or in
worker processes (articles.parallel) and stored one transaction each.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from articles.conversion import page_format
from articles.extraction import Lexicon
from articles.import_runs import (
    EarlierImport,
    ImportCounts,
    page_content_lock,
    page_file_failed,
    page_file_imported_earlier,
    page_file_skipped,
    pages_imported_earlier,
)
from articles.lexicon import build_lexicon
from articles.models import ImportRun, PageFile, Source
from articles.page_files import (
    PageFileError,
    PageInput,
    PageRead,
    articles_pdf_page_set,
    page_file_provenance,
    page_original_keep,
    page_read,
)
from articles.parallel import ExtractionPool, PageOutcome, page_extract
from articles.registry_cache import ImportCache
from articles.storing import page_extraction_store

if TYPE_CHECKING:
    from concurrent.futures import Future

    from django.contrib.auth.models import AbstractBaseUser

logger = logging.getLogger(__name__)


def lexicon_build(*, source: Source | None = None) -> Lexicon:
    """The pipeline's lexicon: the unit registry, the honour catalogue and the
    campaigns, with the paper's home region to resolve short names (市委办公室)."""
    region = source.region.full_name if source is not None and source.region_id else None
    return build_lexicon(source_region=region)


@dataclass
class _Planned:
    """A file on its way through a run: imported before (`earlier`), or to be
    extracted — in a worker when `outcome` is set, else in this process."""

    read: PageRead
    earlier: EarlierImport | None = None
    outcome: Future[PageOutcome] | None = None


class RunImporter:
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
        cache: ImportCache | None = None,
        on_stored: Callable[[PageFile, ImportCounts], None] | None = None,
    ):
        self.run = run
        self.user = user
        self.source = source
        self.workers = workers
        self.cache = cache if cache is not None else ImportCache()
        # Called inside each imported file's transaction, so that what it records
        # (a queued run's progress) commits with the file's rows or not at all.
        self.on_stored = on_stored
        self._lexicon = lexicon
        self._pool: ExtractionPool | None = None
        self._imported: dict[str, EarlierImport] = {}  # sha256 → the file of this run that imported it
        self._skipped: list[PageFile] = []  # skipped files not inserted yet

    @property
    def lexicon(self) -> Lexicon:
        # Built when the first file needs extracting: a run of files all imported
        # before never reads the registry.
        if self._lexicon is None:
            self._lexicon = lexicon_build(source=self.source)
        return self._lexicon

    @property
    def built_lexicon(self) -> Lexicon | None:
        """The lexicon if this importer has one yet (given, or built for a file)."""
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
                if page_format(read.file_name, read.data) == "text":
                    read.data = None  # an HTML, PDF or Word file is kept as it came (_store)
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
        chunk: list[PageRead] = []
        size = 0
        for page in pages:
            read = page_read(page)
            chunk.append(read)
            size += read.size if read.data is not None else 0
            if len(chunk) >= self.CHUNK_FILES or size >= self.CHUNK_BYTES:
                yield from self._plan(chunk)
                chunk, size = [], 0
        yield from self._plan(chunk)

    def _plan(self, chunk: list[PageRead]) -> Iterator[_Planned]:
        earlier = pages_imported_earlier(sha256s={read.sha256 for read in chunk if read.sha256}, run=self.run)
        for read in chunk:
            yield _Planned(read=read, earlier=earlier.get(read.sha256))

    def _page_file(self, planned: _Planned) -> Iterator[PageFile]:
        read = planned.read
        run = self.run
        if read.failure:
            yield from self._skipped_flush()
            yield page_file_failed(run=run, file_name=read.file_name, message=read.failure, size=read.size)
            return
        # A file imported earlier in this run, since the chunk was looked up, is skipped too.
        earlier = planned.earlier or self._imported.get(read.sha256)
        if earlier is not None:
            self._skipped.append(
                page_file_skipped(
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
        page_file = self._store(read, outcome)
        read.data = None
        if page_file.status == PageFile.Status.IMPORTED:
            self._imported[read.sha256] = EarlierImport(page_file.file_name, page_file.encoding, run.started_at)
        yield page_file

    def _skipped_flush(self) -> Iterator[PageFile]:
        if not self._skipped:
            return
        skipped, self._skipped = self._skipped, []
        PageFile.objects.bulk_create(skipped)
        yield from skipped

    def _store(self, read: PageRead, outcome: PageOutcome) -> PageFile:
        """Store one extracted file: all its rows or none."""
        run, cache, user = self.run, self.cache, self.user
        file_name, size, sha256 = read.file_name, read.size, read.sha256
        try:
            if outcome.undecodable is not None:
                raise PageFileError(outcome.undecodable or "无法识别文本编码")
            if outcome.error:
                logger.error("importing %s failed:\n%s", file_name, outcome.traceback)
                return page_file_failed(
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
                        page_content_lock(sha256)
                        earlier = page_file_imported_earlier(sha256=sha256, run=run)
                        if earlier is not None:
                            return page_file_skipped(
                                run=run, file_name=file_name, size=size, sha256=sha256, earlier=earlier
                            )
                        page_file = PageFile.objects.create(
                            import_run=run,
                            file_name=file_name,
                            size=size,
                            sha256=sha256,
                            encoding=outcome.encoding,
                            status=PageFile.Status.IMPORTED,
                            **page_file_provenance(outcome.converted),
                        )
                        if read.data is not None and run.status != ImportRun.Status.DRY_RUN:
                            page_original_keep(page_file, read.data)
                        counts = page_extraction_store(
                            extraction=outcome.extraction, page_file=page_file, user=user, cache=cache
                        )
                        articles_pdf_page_set(page_file)
                        page_file.article_count = counts.articles
                        page_file.message = counts.summary()
                        page_file.save(update_fields=["article_count", "message"])
                        if self.on_stored is not None:
                            self.on_stored(page_file, counts)
                    break
                except IntegrityError:
                    # Another import (two runs over one folder) stored this file or some of
                    # its rows first, and a unique constraint refused the second copy: look
                    # again, now that its rows are visible, and store only what is missing.
                    cache.forget()
                    earlier = page_file_imported_earlier(sha256=sha256, run=run)
                    if earlier is not None:
                        return page_file_skipped(
                            run=run, file_name=file_name, size=size, sha256=sha256, earlier=earlier
                        )
                    if attempt == 2:
                        raise
            cache.commit()
        except PageFileError as exc:
            return page_file_failed(
                run=run, file_name=file_name, message=f"{file_name}：{exc}", size=size, sha256=sha256
            )
        except IntegrityError as exc:
            logger.exception("importing %s failed", file_name)
            return page_file_failed(
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
            return page_file_failed(
                run=run, file_name=file_name, message=f"{file_name}：导入出错（{exc}）", size=size, sha256=sha256
            )
        page_file.counts = counts
        return page_file
