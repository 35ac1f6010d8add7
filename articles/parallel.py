"""Page extraction in worker processes, for `run_import(workers=N)`.

Decoding and extracting a page is pure Python and CPU-bound, so an import uses
more than one core only by running it in other processes. This module is the
part those processes run: it imports no Django (a worker never touches the
database, and does not pay for loading Django), only `articles.conversion` and
`articles.extraction`.

Workers are never forked from the importing process, which holds open database
connections and maybe threads that a child would inherit. They are forked from a
fork server instead, a fresh process that has loaded jieba once
(articles._worker_preload), so that a worker starts with the dictionary loaded;
where there is no fork server (Windows), they are spawned and load their own.
Each worker compiles the run's lexicon once, in its initialiser; storing stays
in the importing process (`articles.services`).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
import traceback
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, fields
from datetime import date

from articles.conversion import ConversionError, ConvertedPage, page_convert
from articles.extraction import HashedOnceLexicon, Lexicon, PageExtraction, extract_page


@dataclass(frozen=True)
class PageOutcome:
    """What converting and extracting one page file gave: the page as converted
    (its text, format and encoding) and its extraction, or why it cannot be read
    (`undecodable`), or the defect it hit (`error`, with the worker's traceback,
    which would not survive the trip)."""

    encoding: str = ""
    extraction: PageExtraction | None = None
    undecodable: str | None = None
    error: str = ""
    traceback: str = ""
    converted: ConvertedPage | None = None


def page_extract(
    data: bytes, *, lexicon: Lexicon, reference_date: date | None = None, file_name: str = ""
) -> PageOutcome:
    """Convert a page file's bytes to text (a .txt page is only decoded) and extract
    its records; never raises."""
    try:
        converted = page_convert(file_name, data)
    except ConversionError as exc:
        return PageOutcome(undecodable=str(exc))
    except Exception as exc:
        return PageOutcome(error=str(exc) or type(exc).__name__, traceback=traceback.format_exc())
    try:
        extraction = extract_page(converted.text, lexicon=lexicon, reference_date=reference_date, file_name=file_name)
    except Exception as exc:
        return PageOutcome(error=str(exc), traceback=traceback.format_exc())
    return PageOutcome(encoding=converted.encoding, extraction=extraction, converted=converted)


def _lexicon_fields(lexicon: Lexicon) -> dict:
    # Plain tuples of plain dataclasses: what crosses to the worker is data, not
    # the caller's subclass (nor its cached hash, which is per process).
    return {field.name: getattr(lexicon, field.name) for field in fields(Lexicon)}


_LEXICON: Lexicon | None = None
WARM_UP_TEXT = "菏泽市文明办开展志愿服务活动。"


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Only heeded before the process's fork server starts; a server started
    # without it still gives working workers, which load jieba themselves.
    context.set_forkserver_preload(["articles._worker_preload"])
    return context


def _worker_start(lexicon_fields: dict, importer_pid: int) -> None:
    global _LEXICON
    threading.Thread(target=_exit_with, args=(importer_pid,), daemon=True, name="wenming-parent-watch").start()
    _LEXICON = HashedOnceLexicon(**lexicon_fields)
    # Compiles the lexicon (and loads jieba, unless the fork server did) now,
    # once per worker, rather than inside the first page's extraction.
    extract_page(WARM_UP_TEXT, lexicon=_LEXICON)


def _exit_with(importer_pid: int) -> None:
    """A worker's parent is the fork server, not the import: when the import's process
    is killed, nothing would stop its workers. Each watches the import and ends with it."""
    while True:
        time.sleep(1)
        try:
            os.kill(importer_pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass


def _worker_extract(data: bytes, reference_date: date | None, file_name: str) -> PageOutcome:
    return page_extract(data, lexicon=_LEXICON, reference_date=reference_date, file_name=file_name)


def _worker_ready() -> int:
    # Held a moment, so that one quick worker does not take every probe.
    time.sleep(0.05)
    return os.getpid()


class ExtractionPool:
    """`workers` processes extracting pages with one lexicon; results come back
    as futures, which the caller consumes in its own order."""

    def __init__(self, *, workers: int, lexicon: Lexicon):
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self._executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=_context(),
            initializer=_worker_start,
            initargs=(_lexicon_fields(lexicon), os.getpid()),
        )

    def submit(self, data: bytes, *, reference_date: date | None, file_name: str) -> Future[PageOutcome]:
        return self._executor.submit(_worker_extract, data, reference_date, file_name)

    def wait_ready(self) -> None:
        """Block until every worker has started and warmed up (for benchmarks)."""
        ready: set[int] = set()
        while len(ready) < self.workers:
            probes = [self._executor.submit(_worker_ready) for _ in range(self.workers)]
            ready.update(probe.result() for probe in probes)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
