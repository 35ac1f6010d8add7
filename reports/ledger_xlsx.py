"""A creation ledger (reports/ledger.py) as an XLSX workbook: a cover, one sheet per
assessment item, the volunteer figures, and the records left out.

The workbook is write-only: openpyxl writes each sheet's rows to a temporary file as
they come instead of keeping a cell object for each of them, so a ledger of thousands
of records costs the ledger's own lines and no more.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from core.sheet_widgets import escape_formula
from reports.ledger import (
    EVENT_HEADERS,
    HONOUR_HEADERS,
    Ledger,
    LedgerEntry,
    event_rows,
    explanatory_draft,
    honour_cells,
)

HEADERS = ("记录", "日期", "名称", "组织单位", "本单位角色", "地点", "数据", "证据原句", "来源")
WIDTHS = (8, 12, 30, 30, 10, 16, 24, 60, 40)
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAPPED = Alignment(wrap_text=True, vertical="top")


def _cells(sheet, row, *, font: Font | None = None, alignment: Alignment | None = None) -> list:
    cells = []
    for value in row:
        if isinstance(value, str):
            # Control characters from scanned pages would make the file unreadable.
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        # Evidence is newspaper text: a sentence starting with "=" must stay text.
        cell = WriteOnlyCell(sheet, value=escape_formula(value))
        if font is not None:
            cell.font = font
        if alignment is not None and isinstance(value, str) and value:
            cell.alignment = alignment
        cells.append(cell)
    return cells


def _sheet_title(name: str) -> str:
    # Excel refuses these characters in sheet names, and more than 31 of any.
    return "".join(ch for ch in name if ch not in '[]:*?/\\“”"')[:31]


def _widths(sheet, widths) -> None:
    # A write-only sheet takes its column widths before its first row.
    for column, width in zip("ABCDEFGHI", widths, strict=False):
        sheet.column_dimensions[column].width = width


def _item_sheet(workbook: Workbook, item_name: str, entries: list[LedgerEntry]) -> None:
    sheet = workbook.create_sheet(_sheet_title(item_name))
    _widths(sheet, WIDTHS)
    sheet.append(_cells(sheet, [f"测评项目：{item_name}（{len(entries)} 条记录）"], font=BOLD))
    sheet.append(_cells(sheet, HEADERS, font=BOLD))
    for entry in entries:
        on = entry.on.isoformat() if entry.on else ""
        row = [entry.record, on, entry.title, entry.organisers, entry.role, entry.place, entry.figures]
        sheet.append(_cells(sheet, row + [entry.evidence, entry.source], alignment=WRAPPED))
    sheet.append([])
    draft = ["说明报告（草稿，摘自本单位记录的原句）", explanatory_draft(entries)]
    sheet.append(_cells(sheet, draft, alignment=WRAPPED))
    sheet.append(_cells(sheet, ["图片资料", "待补充"]))


def ledger_write_xlsx(ledger: Ledger, target) -> None:
    """Write the ledger's workbook to `target` (a path or a binary file)."""
    workbook = Workbook(write_only=True)
    cover = workbook.create_sheet("封面")
    _widths(cover, (30, 40))
    unit = ledger.unit
    cover.append(_cells(cover, [f"{unit.name} {ledger.year}年度创建台账"], font=TITLE))
    cover.append(_cells(cover, ["单位", unit.name]))
    cover.append(_cells(cover, ["地区", unit.region.full_name if unit.region_id else ""]))
    cover.append(_cells(cover, ["上级单位", unit.parent.name if unit.parent_id else ""]))
    cover.append(_cells(cover, ["测评体系", ledger.system.label]))
    cover.append(_cells(cover, ["纳入记录", ledger.entry_count]))
    cover.append([])
    cover.append(_cells(cover, HONOUR_HEADERS, font=BOLD))
    for holding in ledger.holdings:
        cover.append(_cells(cover, honour_cells(holding, ledger.state_on)))
    for item_name, entries in ledger.filed.items():
        _item_sheet(workbook, item_name, entries)
    figures = workbook.create_sheet("志愿服务统计")
    figures.append(_cells(figures, ["月份", "服务时长（小时）", "服务人次", "记录数"], font=BOLD))
    for month, hours, person_times, records in ledger.volunteer_months:
        figures.append(_cells(figures, [f"{ledger.year}年{month}月", float(hours), person_times, records]))
    hours, person_times, records = ledger.volunteer_year
    figures.append(_cells(figures, [f"{ledger.year}年合计", float(hours), person_times, records], font=BOLD))
    events = workbook.create_sheet("荣誉及其事件")
    events.append(_cells(events, EVENT_HEADERS, font=BOLD))
    for row in event_rows(ledger):
        events.append(_cells(events, row))
    left_out = workbook.create_sheet("未纳入记录")
    left_out.append(_cells(left_out, ["记录", "名称", "审核状态（未通过审核的记录不纳入台账）"], font=BOLD))
    for row in ledger.left_out:
        left_out.append(_cells(left_out, row))
    workbook.save(target)
