"""A creation ledger (reports/ledger.py) as a printable A4 PDF, from an HTML template
(templates/reports/ledger.html) through WeasyPrint, with the content of the workbook:
a cover with the honours held and a table of contents, one part per assessment item
(its records, the 说明报告 draft, the 图片资料 still to be supplied), the volunteer
figures by month and for the year, and the records left out.

The layout is compact on purpose: each record is one paragraph of plain text lines
(date and title; organisers, place and figures; the evidence sentence and its source)
kept as line breaks of a single text node. WeasyPrint lays out a table cell or an
inline element an order of magnitude slower than a line of text, and a ledger of
5,000 records must print in seconds (docs/benchmarks.md, "Ledger").

The CJK fonts (Noto Sans CJK, WenQuanYi Zen Hei) and Pango come from Debian's
packages, installed by scripts/setup.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from reports.ledger import (
    HONOUR_HEADERS,
    UNFILED,
    Ledger,
    LedgerEntry,
    event_rows,
    explanatory_draft,
    honour_cells,
)

TEMPLATE = "reports/ledger.html"
PHOTO_SLOTS = 2  # empty frames per item for the 图片资料 the unit adds by hand


class LedgerPdfUnavailable(Exception):
    """WeasyPrint or the system libraries it draws with (Pango) are missing."""


@dataclass(frozen=True, slots=True)
class PdfSection:
    number: int
    name: str
    records: list[str]  # each record's lines, joined by newlines
    draft: str

    @property
    def anchor(self) -> str:
        return f"item-{self.number}"


def _one_line(text: str) -> str:
    # A newline inside a title or a sentence would break the record's own lines.
    return " ".join(text.split())


def record_text(entry: LedgerEntry, *, unit_name: str) -> str:
    """The record as the PDF prints it: date, kind and title; the unit's role, the other
    organisers, place and figures; the evidence sentence and its source. The year and the
    unit's name are in the running head, not repeated on every record."""
    on = f"{entry.on.month}月{entry.on.day}日" if entry.on else "日期不详"
    head = f"{on}　{entry.record}　{_one_line(entry.title)}"
    others = "、".join(name for name in entry.organisers.split("、") if name and name != unit_name)
    facts = "　".join(
        part
        for part in (
            f"本单位{entry.role}" if entry.role else "",
            f"其他组织单位：{_one_line(others)}" if others else "",
            f"地点：{_one_line(entry.place)}" if entry.place else "",
            entry.figures,
        )
        if part
    )
    evidence = f"原句：{_one_line(entry.evidence) or '（无）'}"
    if entry.source:
        evidence += f"　——{_one_line(entry.source)}"
    return "\n".join(line for line in (head, facts, evidence) if line)


def pdf_section(number: int, name: str, entries: list[LedgerEntry], *, unit_name: str) -> PdfSection:
    return PdfSection(
        number, name, [record_text(entry, unit_name=unit_name) for entry in entries], explanatory_draft(entries)
    )


def ledger_pdf_context(ledger: Ledger) -> dict:
    unit = ledger.unit
    sections = [
        pdf_section(number, name, entries, unit_name=unit.name)
        for number, (name, entries) in enumerate(ledger.filed.items(), 1)
    ]
    hours, person_times, records = ledger.volunteer_year
    return {
        "ledger": ledger,
        "title": f"{unit.name} {ledger.year}年度创建台账",
        "region": unit.region.full_name if unit.region_id else "",
        "parent": unit.parent.name if unit.parent_id else "",
        "built_on": timezone.localdate(),
        "honour_headers": HONOUR_HEADERS,
        "honour_rows": [honour_cells(holding, ledger.state_on) for holding in ledger.holdings],
        "event_rows": event_rows(ledger),
        "sections": sections,
        "unfiled": UNFILED,
        "photo_slots": range(1, PHOTO_SLOTS + 1),
        "volunteer_year": {"hours": hours, "person_times": person_times, "records": records},
    }


def _weasyprint():
    try:
        # Imported on first use: WeasyPrint loads Pango through cffi when imported
        # (a second of start-up, and an OSError where the libraries are missing),
        # which no other page and no worker should pay for.
        import weasyprint
    except (ImportError, OSError) as error:
        raise LedgerPdfUnavailable(f"PDF 台账需要 WeasyPrint 及 Pango（运行 scripts/setup 安装）：{error}") from error
    return weasyprint


def ledger_write_pdf(ledger: Ledger, target) -> None:
    """Write the ledger as an A4 PDF to `target` (a path or a binary file)."""
    weasyprint = _weasyprint()
    html = render_to_string(TEMPLATE, ledger_pdf_context(ledger))
    # The ledger is text only: no protocol allowed, so nothing in it (newspaper text
    # included) can make the server read a file or fetch an address.
    fetcher = weasyprint.URLFetcher(allowed_protocols=())
    weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(target)
