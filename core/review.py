"""Review of extracted records: accept, reject, correct-then-accept, one by one or in bulk.

Every decision stores the reviewer and the time, bumps the record's version through
`core.locking.save_with_version` (so two reviewers cannot overwrite each other)
and writes one history row whose change reason says what was decided. Rejected
records are kept with their reason: the importer finds them and does not create the
same record again (articles.services).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from core.locking import ConcurrentEditError, save_with_version
from core.models import ExtractedRecord, ReviewStatus

# Provenance, review bookkeeping and the version: every field ExtractedRecord adds.
# A correction changes what the record says, not these.
NOT_CORRECTABLE = {"id", *(field.name for field in ExtractedRecord._meta.get_fields())}


def reviewable_models() -> list[type[ExtractedRecord]]:
    """The record types a review queue lists, in the order a reviewer meets them:
    every concrete ExtractedRecord, in the order the apps and their models are declared."""
    return [model for model in apps.get_models() if issubclass(model, ExtractedRecord)]


def review_url(record: ExtractedRecord, query: dict | None = None) -> str:
    """The record's page in the review queue (curation/), found by its URL name."""
    url = reverse("curation:review_record", args=[record._meta.label_lower, record.pk])
    return f"{url}?{urlencode(query)}" if query else url


def _decide(record: ExtractedRecord, *, user, status: str, note: str, reason: str, expected_version):
    record.review_status = status
    record.reviewed_by = user
    record.reviewed_at = timezone.now()
    record.review_note = note
    return save_with_version(record, expected_version=expected_version, user=user, reason=reason)


def record_accept(*, record: ExtractedRecord, user, note: str = "", expected_version: int | None = None):
    """Mark `record` as trusted. `expected_version` is the version the reviewer saw
    (default: the one `record` was loaded with)."""
    reason = "审核：采纳" + (f"（{note}）" if note else "")
    return _decide(
        record, user=user, status=ReviewStatus.ACCEPTED, note=note, reason=reason, expected_version=expected_version
    )


def record_reject(*, record: ExtractedRecord, user, reason: str, expected_version: int | None = None):
    """Mark `record` as wrong; it stays, with `reason`, so a re-import does not bring it back."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("驳回时请填写理由。")
    return _decide(
        record,
        user=user,
        status=ReviewStatus.REJECTED,
        note=reason,
        reason=f"审核：驳回（{reason}）",
        expected_version=expected_version,
    )


def _correctable_field(model: type[models.Model], name: str) -> models.Field:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = next((f for f in model._meta.concrete_fields if f.attname == name), None)
    if field is None or not getattr(field, "concrete", False) or field.name in NOT_CORRECTABLE:
        raise ValidationError(f"{model._meta.verbose_name}没有可更正的字段“{name}”。")
    if not field.editable:
        raise ValidationError(f"字段“{field.verbose_name}”不能更正。")
    return field


def _shown(field: models.Field, value) -> str:
    if value is None or value == "":
        return "（空）"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def record_correct(
    *, record: ExtractedRecord, user, changes: dict, note: str = "", expected_version: int | None = None
):
    """Apply `changes` ({field name: new value}; a foreign key takes an object or its id),
    validate the record, and accept it. The review note and the history reason list the
    corrections old → new."""
    if not changes:
        raise ValidationError("没有要更正的内容。")
    model = type(record)
    corrected = []
    for name, value in changes.items():
        field = _correctable_field(model, name)
        if field.is_relation and not isinstance(value, models.Model):
            old = getattr(record, field.name)
            new = field.related_model._default_manager.filter(pk=value).first() if value not in (None, "") else None
            if value not in (None, "") and new is None:
                raise ValidationError(f"{field.verbose_name}“{value}”不存在。")
            setattr(record, field.name, new)
        else:
            old = getattr(record, field.name)
            setattr(record, field.name, value)
            new = value
        if old != new:
            corrected.append(f"{field.verbose_name}：{_shown(field, old)} → {_shown(field, new)}")
    record.full_clean()
    summary = "；".join(corrected) or "内容未变"
    review_note = f"更正：{summary}" + (f"。{note}" if note else "")
    return _decide(
        record,
        user=user,
        status=ReviewStatus.ACCEPTED,
        note=review_note,
        reason=f"审核：更正后采纳（{summary}）",
        expected_version=expected_version,
    )


@dataclass
class BulkReviewResult:
    done: list[ExtractedRecord] = field(default_factory=list)
    conflicts: list[tuple[ExtractedRecord, str]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.done)


def _bulk(records: Iterable[ExtractedRecord], decide) -> BulkReviewResult:
    result = BulkReviewResult()
    for record in records:
        try:
            with transaction.atomic():
                result.done.append(decide(record))
        except ConcurrentEditError as exc:
            # Somebody changed this one since the list was loaded: leave it for a second look.
            result.conflicts.append((record, str(exc)))
    return result


def records_accept(*, records: Iterable[ExtractedRecord], user, note: str = "") -> BulkReviewResult:
    return _bulk(records, lambda r: record_accept(record=r, user=user, note=note))


def records_reject(*, records: Iterable[ExtractedRecord], user, reason: str) -> BulkReviewResult:
    if not (reason or "").strip():
        raise ValidationError("驳回时请填写理由。")
    return _bulk(records, lambda r: record_reject(record=r, user=user, reason=reason))
