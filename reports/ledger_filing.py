"""Filing a record under another assessment item by hand: the choice is kept for
every ledger built with that system (reports.ledger reads it before the words),
and audited, with who, when and why, in the record's history."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from campaigns.models import Activity, VolunteerRecord
from reports.ledger_items import SYSTEMS, AssessmentSystem, item_filed_under
from reports.models import LedgerFiling


def _record_field(record: Activity | VolunteerRecord) -> str:
    return "activity" if isinstance(record, Activity) else "volunteer_record"


def volunteer_title(record: VolunteerRecord) -> str:
    return record.activity.title if record.activity_id else (record.period_text or "志愿服务")


def ledger_item_by_words(record: Activity | VolunteerRecord, system: AssessmentSystem) -> str | None:
    """The item the record's own words place it under (reports.ledger_items), if any."""
    if isinstance(record, Activity):
        parts = [record.title, record.description, record.campaign.name if record.campaign_id else ""]
        item = item_filed_under(system, text=" ".join(filter(None, parts)), kind=record.kind)
    else:
        item = item_filed_under(system, text=f"{volunteer_title(record)} {record.evidence}", volunteer=True)
    return item.name if item else None


def ledger_record_file(
    *, record: Activity | VolunteerRecord, system: str, item: str, user, reason: str
) -> LedgerFiling:
    """Files `record` under `item` of `system` in every ledger from now on."""
    assessment = SYSTEMS.get(system)
    if assessment is None:
        raise ValidationError(f"没有“{system}”这个测评体系。")
    if assessment.item(item) is None:
        raise ValidationError(f"“{assessment.label}”没有“{item}”这一测评项目。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("调整台账归类时请填写理由。")
    with transaction.atomic():
        which = {"system": system, _record_field(record): record}
        filing = LedgerFiling.objects.select_for_update().filter(**which).first() or LedgerFiling(**which)
        filing.item, filing.filed_by, filing.reason = item, user, reason
        filing._history_user = user
        filing._change_reason = f"台账归类：{item}（{reason}）"
        filing.save()
    return filing


def ledger_filings(system: str, *, unit) -> dict[tuple[str, int], str]:
    """The items staff chose for the unit's records in `system`, by
    ("activity" | "volunteer_record", record id): two queries whatever the count."""
    filings = LedgerFiling.objects.filter(system=system)
    chosen = {
        ("activity", pk): item
        for pk, item in filings.filter(activity__organiser_roles__unit=unit).values_list("activity_id", "item")
    }
    chosen.update(
        (("volunteer_record", pk), item)
        for pk, item in filings.filter(volunteer_record__unit=unit).values_list("volunteer_record_id", "item")
    )
    return chosen
