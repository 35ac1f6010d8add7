"""The rows of an export whose columns compiled (core/export_columns.py): read a
chunk at a time with ``values_list``, rendered a column at a time.

A many-valued column (an activity's 组织单位) needs two more queries per chunk.
Outside a transaction they run on a second connection, in a worker thread, while
this thread reads the next chunk from the main cursor and renders the current
one: at 100,000 activities they were a third of the export's time (issue 17).
Inside a transaction a second connection would not see its rows, so there the
queries run in line, one chunk after the other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import chain, islice, repeat

from django.db import connections
from django.db.models import QuerySet

from core.export_columns import Column, ColumnRender

Fetch = Callable[[list], list[dict]]
FIRST_CHUNK = 1_000


def value_chunks(columns: list[Column], queryset: QuerySet, *, chunk_size: int) -> Iterator[list[tuple]]:
    """Rendered rows (tuples) of ``queryset`` in its order, in lists of ``chunk_size`` rows,
    one in memory at a time (two while the next one's many-valued cells are fetched)."""
    # One value per column, in column order: a many-valued column reads the row's
    # id there and looks its keys up in what was fetched for the current chunk.
    fetched: list[dict] = []
    lookups, renders = [], []
    for column in columns:
        if column.many is None:
            lookups.append(column.lookup)
            renders.append(column.render)
        else:
            lookups.append("pk")
            renders.append(_many_render(column.render, fetched, len(fetched)))
            fetched.append({})
    many = [column.many for column in columns if column.many is not None]
    many_at = lookups.index("pk") if many else None

    def fetch(chunk: list) -> list[dict]:
        ids = [row[many_at] for row in chunk]
        return [lookup.fetch(ids, queryset.db) for lookup in many]

    # values_list drops select_related and deferred fields itself; prefetches it would try to run.
    rows = queryset.prefetch_related(None).values_list(*lookups).iterator(chunk_size=chunk_size)
    chunks = _chunks(rows, chunk_size)
    paired = with_fetched(chunks, fetch, using=queryset.db) if many else ((chunk, []) for chunk in chunks)
    for chunk, chunk_fetched in paired:
        fetched[:] = chunk_fetched
        # A column at a time (zip transposes in C): one map() per column instead of a
        # Python loop per cell.
        cells = [render(values) for render, values in zip(renders, zip(*chunk, strict=True), strict=True)]
        rendered = list(zip(*cells, strict=True))
        del cells
        yield rendered


def with_fetched(chunks: Iterator[list], fetch: Fetch, *, using: str) -> Iterator[tuple[list, list[dict]]]:
    """Each chunk with ``fetch(chunk)``; outside a transaction the fetch of a chunk runs
    in a worker thread while the caller reads the next chunk and handles this one."""
    if connections[using].in_atomic_block:
        for chunk in chunks:
            yield chunk, fetch(chunk)
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-fetch") as worker:
        try:
            chunk = next(chunks, None)
            pending = worker.submit(fetch, chunk) if chunk is not None else None
            while chunk is not None:
                following = next(chunks, None)
                fetched = pending.result()
                pending = worker.submit(fetch, following) if following is not None else None
                yield chunk, fetched
                chunk = following
        finally:
            # The worker's connection is its thread's own: close it there, after any
            # fetch still running (an abandoned download).
            worker.submit(connections.close_all).result()


def _chunks(rows: Iterator[tuple], size: int) -> Iterator[list]:
    # A small first chunk: its many-valued cells are fetched while nothing else
    # can be done, and a short export is one chunk anyway.
    for length in chain([min(size, FIRST_CHUNK)], repeat(size)):
        chunk = list(islice(rows, length))
        if not chunk:
            return
        yield chunk


def _many_render(render: ColumnRender, fetched: list[dict], index: int) -> ColumnRender:
    empty: tuple = ()

    def render_column(ids):
        keys = fetched[index]
        return render([keys.get(pk, empty) for pk in ids])

    return render_column
