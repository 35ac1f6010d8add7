"""A unit's creation ledger (创建台账) for one year, built from the accepted records
the office already holds, each with the sentence and the article it was read from.

`ledger_build` gathers and files the records; reports/ledger_xlsx.py writes them as
an XLSX workbook and reports/ledger_pdf.py as a printable PDF, with the same content:
a cover with the honours held, one part per assessment item (with a 说明报告 draft
made only of the unit's own evidence sentences, and the 图片资料 still to be
supplied), the unfiled records, the volunteer figures by month and for the year, and
the records left out because they are not accepted. What both writers show the same
way (an honour's cells, the draft) is defined here.

The records are read a chunk at a time and kept only as the ledger's own lines
(`LedgerEntry`), so a unit with thousands of records does not hold thousands of model
instances, their articles and organisers at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone

from campaigns.models import Activity, ActivityOrganiser, VolunteerRecord
from core.models import ReviewStatus
from reports.ledger_filing import ledger_filings, ledger_item_by_words, volunteer_title
from reports.ledger_items import DEFAULT_SYSTEM, SYSTEMS, AssessmentSystem
from units.holdings import Holding, unit_holdings
from units.models import Unit

DRAFT_LIMIT = 500  # characters of a 说明报告 per item (the national platform's limit)
UNFILED = "未归类"
# Records read per query (and organisers prefetched per query): what is held at once.
CHUNK_SIZE = 500
# An article's text is the bulk of its row; the ledger needs only its title, date and paper.
ARTICLE_TEXT_FIELDS = ("article__text", "article__raw_text")


@dataclass(slots=True)
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
    holdings: list[Holding] = field(default_factory=list)  # the unit's honours, each with its events
    state_on: date | None = None  # the day the holdings' status is given for
    volunteer_months: list[tuple[int, Decimal, int, int]] = field(default_factory=list)  # month, hours, 人次, records
    left_out: list[tuple[str, str, str]] = field(default_factory=list)  # record, title, review status

    @property
    def entry_count(self) -> int:
        return sum(len(entries) for entries in self.filed.values())

    @property
    def volunteer_year(self) -> tuple[Decimal, int, int]:
        """The year's volunteer hours, 人次 and records: the sum of the months."""
        months = self.volunteer_months
        return (
            sum((row[1] for row in months), Decimal(0)),
            sum(row[2] for row in months),
            sum(row[3] for row in months),
        )


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
        title=volunteer_title(record),
        organisers=unit.name,
        role="",
        place="",
        figures="，".join(part for part in figures if part),
        evidence=record.evidence,
        source=_source(record),
    )


def _activities(unit: Unit, year: int):
    """The unit's activities of the year (any review status), oldest first, read in chunks
    with each chunk's organisers."""
    organisers = ActivityOrganiser.objects.select_related("unit").only("activity_id", "role", "unit__name")
    return (
        Activity.objects.filter(date__year=year, pk__in=ActivityOrganiser.objects.filter(unit=unit).values("activity"))
        .select_related("campaign", "article__source")
        .defer(*ARTICLE_TEXT_FIELDS)
        .prefetch_related(Prefetch("organiser_roles", queryset=organisers.order_by("pk")))
        .order_by("date", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )


def _volunteering(unit: Unit, year: int):
    return (
        VolunteerRecord.objects.filter(unit=unit)
        .filter(Q(period_start__year=year) | Q(period_start__isnull=True, period_end__year=year))
        .select_related("activity", "article__source")
        .defer(*ARTICLE_TEXT_FIELDS)
        .order_by("period_start", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )


def ledger_file_name(unit: Unit, year: int, fmt: str = "xlsx") -> str:
    return f"{unit.name}_{year}年度创建台账.{fmt}"


def ledger_build(*, unit: Unit, year: int, system: str | None = None) -> Ledger:
    """The unit's accepted activities and volunteer records of the year, filed under
    the items of the assessment system; its honours; what was left out and why."""
    assessment = SYSTEMS[system or DEFAULT_SYSTEM]
    ledger = Ledger(unit=unit, year=year, system=assessment)
    ledger.filed = {item.name: [] for item in assessment.items} | {UNFILED: []}

    months: dict[int, list] = defaultdict(lambda: [Decimal(0), 0, 0])
    chosen = ledger_filings(assessment.key, unit=unit)  # staff's own filings come first
    for activity in _activities(unit, year):
        if activity.review_status != ReviewStatus.ACCEPTED:
            ledger.left_out.append(("活动", activity.title, activity.get_review_status_display()))
            continue
        item = chosen.get(("activity", activity.pk)) or ledger_item_by_words(activity, assessment)
        ledger.filed[item or UNFILED].append(_activity_entry(activity, unit))
    for record in _volunteering(unit, year):
        entry = _volunteer_entry(record, unit)
        if record.review_status != ReviewStatus.ACCEPTED:
            ledger.left_out.append(("志愿服务", entry.title, record.get_review_status_display()))
            continue
        item = chosen.get(("volunteer_record", record.pk)) or ledger_item_by_words(record, assessment)
        ledger.filed[item or UNFILED].append(entry)
        month = months[(record.period_start or record.period_end).month]
        month[0] += record.hours or 0
        month[1] += record.person_times or 0
        month[2] += 1
    ledger.volunteer_months = [(month, *months[month]) for month in sorted(months)]
    ledger.holdings = unit_holdings(unit, accepted_only=True)
    ledger.state_on = min(timezone.localdate(), date(year, 12, 31))
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


HONOUR_HEADERS = ("所获荣誉", "级别", "届次", "首次记录", "最近事件", "任期止", "当前状态")
EVENT_HEADERS = ("荣誉", "日期", "事件", "届次", "决定机关", "证据原句", "来源")


def honour_cells(holding: Holding, state_on: date) -> tuple:
    """One of `Ledger.holdings` as the cover shows it, in the workbook and in the PDF alike
    (under HONOUR_HEADERS): round, term and status derived from its events."""
    latest, end = holding.latest, holding.term_end
    return (
        holding.honour.name,
        holding.honour.get_level_display(),
        latest.round.label_text if latest.round_id else latest.edition,
        f"{holding.since}年" if holding.since else "",
        f"{latest.date_display}{latest.get_status_display()}",
        f"{end.year}年{end.month}月{end.day}日" if end else "",
        holding.state(state_on).label,
    )


def event_rows(ledger: Ledger) -> list[tuple]:
    """Every event of every holding, under EVENT_HEADERS: the honours' evidence."""
    return [
        (
            holding.honour.name,
            event.date_display,
            event.get_status_display(),
            event.round.label_text if event.round_id else event.edition,
            event.decided_by or (event.round.decision_body if event.round_id else ""),
            event.evidence,
            _source(event),
        )
        for holding in ledger.holdings
        for event in holding.events
    ]
