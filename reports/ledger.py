"""A unit's creation ledger (创建台账) for one year, built from the accepted records
the office already holds, each with the sentence and the article it was read from.

`ledger_build` gathers and files the records; `ledger_workbook` writes them as an
XLSX workbook: a cover, one sheet per assessment item (with a 说明报告 draft made
only of the unit's own evidence sentences, and the 图片资料 still to be supplied),
the unfiled records, the volunteer figures by month, the honours held, and the
records left out because they are not accepted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from campaigns.models import Activity, VolunteerRecord
from core.models import ReviewStatus
from core.sheet_widgets import escape_formula
from reports.ledger_items import DEFAULT_SYSTEM, SYSTEMS, AssessmentSystem, item_filed_under
from units.models import HonourAward, Unit

DRAFT_LIMIT = 500  # characters of a 说明报告 per item (the national platform's limit)
UNFILED = "未归类"


@dataclass
class LedgerEntry:
    """One record as the ledger lists it."""

    record: str  # 活动 / 志愿服务
    on: date | None
    title: str
    organisers: str
    role: str
    place: str
    figures: str
    evidence: str
    source: str


@dataclass
class Ledger:
    unit: Unit
    year: int
    system: AssessmentSystem
    filed: dict[str, list[LedgerEntry]] = field(default_factory=dict)  # item name → entries
    honours: list[HonourAward] = field(default_factory=list)
    volunteer_months: list[tuple[int, Decimal, int, int]] = field(default_factory=list)  # month, hours, 人次, records
    left_out: list[tuple[str, str, str]] = field(default_factory=list)  # record, title, review status

    @property
    def entry_count(self) -> int:
        return sum(len(entries) for entries in self.filed.values())


def _source(record) -> str:
    article = record.article
    if article is None:
        return "手工录入"
    paper = article.source.name if article.source_id else ""
    published = article.published_on.isoformat() if article.published_on else ""
    return "，".join(part for part in (paper, published, f"《{article.title}》" if article.title else "") if part)


def _activity_entry(activity: Activity, unit: Unit) -> LedgerEntry:
    roles = list(activity.organiser_roles.all())
    own = next((role for role in roles if role.unit_id == unit.pk), None)
    figures = f"参与 {activity.participants} 人" if activity.participants else ""
    return LedgerEntry(
        record="活动",
        on=activity.date,
        title=activity.title,
        organisers="、".join(role.unit.name for role in roles),
        role=own.get_role_display() if own else "",
        place=activity.place,
        figures=figures,
        evidence=activity.evidence,
        source=_source(activity),
    )


def _volunteer_entry(record: VolunteerRecord, unit: Unit) -> LedgerEntry:
    figures = [
        f"{record.hours} 小时" if record.hours is not None else "",
        f"{record.person_times} 人次" if record.person_times is not None else "",
        f"{record.volunteers} 名志愿者" if record.volunteers is not None else "",
    ]
    return LedgerEntry(
        record="志愿服务",
        on=record.period_start,
        title=record.activity.title if record.activity_id else (record.period_text or "志愿服务"),
        organisers=unit.name,
        role="",
        place="",
        figures="，".join(part for part in figures if part),
        evidence=record.evidence,
        source=_source(record),
    )


def ledger_build(*, unit: Unit, year: int, system: str | None = None) -> Ledger:
    """The unit's accepted activities and volunteer records of the year, filed under
    the items of the assessment system; its honours; what was left out and why."""
    assessment = SYSTEMS[system or DEFAULT_SYSTEM]
    ledger = Ledger(unit=unit, year=year, system=assessment)
    ledger.filed = {item.name: [] for item in assessment.items} | {UNFILED: []}

    activities = (
        Activity.objects.filter(date__year=year, organiser_roles__unit=unit)
        .select_related("campaign", "article", "article__source")
        .prefetch_related("organiser_roles__unit")
        .order_by("date", "pk")
        .distinct()
    )
    volunteering = (
        VolunteerRecord.objects.filter(unit=unit)
        .filter(Q(period_start__year=year) | Q(period_start__isnull=True, period_end__year=year))
        .select_related("activity", "article", "article__source")
        .order_by("period_start", "pk")
    )
    months: dict[int, list] = defaultdict(lambda: [Decimal(0), 0, 0])
    for activity in activities:
        if activity.review_status != ReviewStatus.ACCEPTED:
            ledger.left_out.append(("活动", activity.title, activity.get_review_status_display()))
            continue
        text = " ".join(
            filter(None, [activity.title, activity.description, activity.campaign and activity.campaign.name])
        )
        item = item_filed_under(assessment, text=text, kind=activity.kind)
        ledger.filed[item.name if item else UNFILED].append(_activity_entry(activity, unit))
    for record in volunteering:
        entry = _volunteer_entry(record, unit)
        if record.review_status != ReviewStatus.ACCEPTED:
            ledger.left_out.append(("志愿服务", entry.title, record.get_review_status_display()))
            continue
        item = item_filed_under(assessment, text=f"{entry.title} {record.evidence}", volunteer=True)
        ledger.filed[item.name if item else UNFILED].append(entry)
        month = months[(record.period_start or record.period_end).month]
        month[0] += record.hours or 0
        month[1] += record.person_times or 0
        month[2] += 1
    ledger.volunteer_months = [(month, *months[month]) for month in sorted(months)]
    ledger.honours = list(
        HonourAward.objects.filter(unit=unit, review_status=ReviewStatus.ACCEPTED)
        .select_related("honour")
        .order_by("year", "honour__name")
    )
    return ledger


def explanatory_draft(entries: list[LedgerEntry], *, limit: int = DRAFT_LIMIT) -> str:
    """A 说明报告 draft: the entries' own evidence sentences, in date order, whole
    sentences only, at most `limit` characters. Nothing is written that the
    sources do not say."""
    draft = ""
    for entry in entries:
        sentence = " ".join(entry.evidence.split())
        if not sentence or sentence in draft:
            continue
        if len(draft) + len(sentence) > limit:
            break
        draft += sentence
    return draft


HEADERS = ("记录", "日期", "名称", "组织单位", "本单位角色", "地点", "数据", "证据原句", "来源")


def _append(sheet, row) -> None:
    # Evidence is newspaper text: a sentence starting with "=" must stay text.
    sheet.append([escape_formula(value) for value in row])


def _sheet_title(name: str) -> str:
    # Excel refuses these characters in sheet names, and more than 31 of any.
    return "".join(ch for ch in name if ch not in '[]:*?/\\“”"')[:31]


def _item_sheet(workbook: Workbook, item_name: str, entries: list[LedgerEntry]) -> None:
    sheet = workbook.create_sheet(_sheet_title(item_name))
    _append(sheet, [f"测评项目：{item_name}（{len(entries)} 条记录）"])
    _append(sheet, HEADERS)
    for entry in entries:
        on = entry.on.isoformat() if entry.on else ""
        _append(
            sheet,
            [entry.record, on, entry.title, entry.organisers, entry.role, entry.place, entry.figures]
            + [entry.evidence, entry.source],
        )
    _append(sheet, [])
    _append(sheet, ["说明报告（草稿，摘自本单位记录的原句）", explanatory_draft(entries)])
    _append(sheet, ["图片资料", "待补充"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGHI", (8, 12, 30, 30, 10, 16, 24, 60, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def ledger_workbook(ledger: Ledger) -> Workbook:
    workbook = Workbook()
    cover = workbook.active
    cover.title = "封面"
    unit = ledger.unit
    _append(cover, [f"{unit.name} {ledger.year}年度创建台账"])
    cover["A1"].font = Font(bold=True, size=14)
    _append(cover, ["单位", unit.name])
    _append(cover, ["地区", unit.region.full_name if unit.region_id else ""])
    _append(cover, ["上级单位", unit.parent.name if unit.parent_id else ""])
    _append(cover, ["测评体系", ledger.system.label])
    _append(cover, ["纳入记录", ledger.entry_count])
    _append(cover, [])
    _append(cover, ["所获荣誉", "年份", "届次", "状态"])
    for award in ledger.honours:
        _append(cover, [award.honour.name, award.year or "", award.edition, award.get_status_display()])
    cover.column_dimensions["A"].width = 30
    cover.column_dimensions["B"].width = 40
    for item_name, entries in ledger.filed.items():
        _item_sheet(workbook, item_name, entries)
    figures = workbook.create_sheet("志愿服务统计")
    _append(figures, ["月份", "服务时长（小时）", "服务人次", "记录数"])
    for month, hours, person_times, records in ledger.volunteer_months:
        _append(figures, [f"{ledger.year}年{month}月", float(hours), person_times, records])
    _append(
        figures,
        [
            f"{ledger.year}年合计",
            float(sum(row[1] for row in ledger.volunteer_months)),
            sum(row[2] for row in ledger.volunteer_months),
            sum(row[3] for row in ledger.volunteer_months),
        ],
    )
    left_out = workbook.create_sheet("未纳入记录")
    _append(left_out, ["记录", "名称", "审核状态（未通过审核的记录不纳入台账）"])
    for row in ledger.left_out:
        _append(left_out, list(row))
    return workbook
