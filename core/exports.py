"""Writing rows as CSV and XLSX with flat memory, whatever the number of rows:
CSV in chunks for streaming, XLSX through an openpyxl write-only workbook.

The resources (core.resources) define the columns; the rows are read with
``values_list`` and rendered as the resources render them (core.export_columns),
a chunk of rows at a time from ``QuerySet.iterator``.

Text that a spreadsheet would run as a formula (=, +, -, @ first) is written
with an apostrophe in front (core.resources.escape_formula, for every column
that can hold text); the XLSX writer also stores every text cell as text, so no
string from the data can become a formula cell.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import IO

from django.db.models import QuerySet
from django.utils import timezone
from import_export.resources import Resource
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from core.export_columns import compile_columns
from core.export_rows import value_chunks
from core.sheet_widgets import escape_formula

FORMATS = ("csv", "xlsx")
# Rows read per round trip and rendered together (core.export_columns): large enough
# that the second query for the organisers is paid once per 10,000 rows.
CHUNK_SIZE = 10_000
BOM = "\ufeff"


class EscapedRows:
    """Rows whose cells export_rows already rendered and escaped, in lists: csv_chunks
    writes them as they are instead of escaping every cell again, a list at a time."""

    def __init__(self, chunks: Iterator[list[Sequence]]):
        self.chunks = chunks

    def __iter__(self) -> Iterator[Sequence]:
        return chain.from_iterable(self.chunks)


def export_rows(resource: Resource, queryset: QuerySet, *, native: bool = False) -> Iterable[Sequence]:
    """One sequence of cell values per row, in the resource's column order.

    ``native`` keeps numbers and dates as such (for XLSX); otherwise every
    cell is rendered as the resource renders it for text formats.
    """
    columns = compile_columns(resource, native=native)
    if columns is None:
        return resource_rows(resource, queryset, native=native)
    return EscapedRows(value_chunks(columns, queryset, chunk_size=CHUNK_SIZE))


def resource_rows(resource: Resource, queryset: QuerySet, *, native: bool = False) -> Iterator[list]:
    """The rows as the resource exports them, one model instance at a time:
    what export_rows falls back on for a column it cannot read from values."""
    fields = resource.get_export_fields()
    for instance in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield [resource.export_field(column, instance, force_native_type=native) for column in fields]


def csv_chunks(headers: list[str], rows: Iterable[list], *, buffer_size: int = 64 * 1024) -> Iterator[str]:
    """CSV text in chunks of about ``buffer_size`` characters, starting with a
    byte-order mark: without it Excel reads UTF-8 Chinese as mojibake."""
    if isinstance(rows, EscapedRows):
        batches = (chunk[start : start + 500] for chunk in rows.chunks for start in range(0, len(chunk), 500))
    else:
        escaped = (["" if value is None else escape_formula(value) for value in row] for row in rows)
        batches = iter(lambda: list(islice(escaped, 500)), [])
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(headers)
    # writerows() over a few hundred rows at a time keeps the loop in C.
    for batch in batches:
        writer.writerows(batch)
        if buffer.tell() >= buffer_size:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def write_csv(target: IO[str], headers: list[str], rows: Iterable[list]) -> None:
    for chunk in csv_chunks(headers, rows):
        target.write(chunk)


def _xlsx_value(value):
    if isinstance(value, str):
        # Control characters from scanned pages would make the file unreadable.
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)
    return value


def _xlsx_cell(sheet, value):
    value = _xlsx_value(value)
    if not isinstance(value, str) or not value.startswith("="):
        return value
    # openpyxl makes any string starting with = a formula cell: say it is text.
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def write_xlsx(target, headers: list[str], rows: Iterable[list], *, title: str) -> None:
    """Write an XLSX file with a write-only workbook: rows go to disk as they
    come instead of piling up in memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    workbook.save(target)
