"""Keeping each unit's tally (accepted honour awards, activities and volunteer
hours, and the date of its newest accepted activity) current.

Every save or delete of an honour award, an activity, an organiser role or a
volunteer record recounts the units it touches, inside the same transaction,
so a rollback takes the recount with it. Writes that bypass model signals
(bulk updates in a merge, bulk inserts of synthetic data or by the importer, a
restore) call ``refresh_unit_tallies`` or ``start_unit_tallies`` themselves;
``manage.py refresh_unit_tallies`` rebuilds every row.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.db.models import Count, Max, Sum
from django.db.models.signals import post_delete, post_save, pre_save

from campaigns.models import Activity, ActivityOrganiser, UnitTally, VolunteerRecord
from core.models import ReviewStatus
from units.models import HonourAward, Unit

BATCH = 5_000


def refresh_unit_tallies(*, unit_ids: Iterable[int] | None = None) -> int:
    """Recounts the given units (all units when None); returns the rows written."""
    if unit_ids is None:
        written = 0
        ids = list(Unit.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            written += _refresh(ids[start : start + BATCH])
        return written
    ids = sorted({pk for pk in unit_ids if pk is not None})
    return _refresh(ids) if ids else 0


def _refresh(ids: list[int]) -> int:
    honours = dict(
        HonourAward.objects.filter(unit_id__in=ids, review_status=ReviewStatus.ACCEPTED)
        .order_by()
        .values_list("unit_id")
        .annotate(n=Count("pk"))
    )
    activities = {
        unit_id: (count, last)
        for unit_id, count, last in ActivityOrganiser.objects.filter(
            unit_id__in=ids, activity__review_status=ReviewStatus.ACCEPTED
        )
        .order_by()
        .values_list("unit_id")
        .annotate(n=Count("activity_id", distinct=True), last=Max("activity__date"))
    }
    hours = dict(
        VolunteerRecord.objects.filter(unit_id__in=ids, review_status=ReviewStatus.ACCEPTED)
        .order_by()
        .values_list("unit_id")
        .annotate(total=Sum("hours"))
    )
    existing = set(Unit.objects.filter(pk__in=ids).values_list("pk", flat=True))
    tallies = [
        UnitTally(
            unit_id=pk,
            honour_count=honours.get(pk, 0),
            activity_count=activities.get(pk, (0, None))[0],
            last_activity_on=activities.get(pk, (0, None))[1],
            volunteer_hours=hours.get(pk) or Decimal("0"),
        )
        for pk in ids
        if pk in existing
    ]
    UnitTally.objects.bulk_create(
        tallies,
        update_conflicts=True,
        unique_fields=["unit"],
        update_fields=["honour_count", "activity_count", "volunteer_hours", "last_activity_on"],
        batch_size=1000,
    )
    return len(tallies)


def start_unit_tallies(*, unit_ids: Iterable[int]) -> None:
    """Empty tallies for units just created without signals (the importer's
    bulk inserts): a new unit has no accepted records yet, and every unit
    needs its row for the list's sorts to include it."""
    UnitTally.objects.bulk_create([UnitTally(unit_id=pk) for pk in unit_ids], ignore_conflicts=True)


# --- signals ---------------------------------------------------------------
# Fixture loading (raw saves) recounts too: dumpdata writes units before the
# records that point at them, so each record's recount sees its unit. A bulk
# load pauses the recounts and rebuilds every tally once at the end.

_state = threading.local()


@contextmanager
def paused() -> Iterator[None]:
    """No recounts on save inside this block; the caller refreshes afterwards."""
    _state.paused = getattr(_state, "paused", 0) + 1
    try:
        yield
    finally:
        _state.paused -= 1


def _active() -> bool:
    return not getattr(_state, "paused", 0)


def _previous_unit(sender, instance, **kwargs):
    """Remembers the unit a row belonged to before this save, so moving a
    volunteer record or an organiser role recounts both units."""
    if instance.pk is None or not _active():
        return
    instance._tally_previous_unit_id = (
        sender._default_manager.filter(pk=instance.pk).values_list("unit_id", flat=True).first()
    )


def _unit_row_changed(sender, instance, **kwargs):
    if _active():
        refresh_unit_tallies(unit_ids=[instance.unit_id, getattr(instance, "_tally_previous_unit_id", None)])


def _activity_changed(sender, instance, **kwargs):
    # Its review status may have changed. (After a delete the organiser roles
    # are gone: they cascade first and recount on their own.)
    if _active():
        units = ActivityOrganiser.objects.filter(activity=instance).values_list("unit_id", flat=True)
        refresh_unit_tallies(unit_ids=units)


def _unit_saved(sender, instance, created=False, **kwargs):
    if created and _active():
        start_unit_tallies(unit_ids=[instance.pk])


def connect() -> None:
    for model in (HonourAward, ActivityOrganiser, VolunteerRecord):
        pre_save.connect(_previous_unit, sender=model, dispatch_uid=f"tally-previous-{model.__name__}")
        post_save.connect(_unit_row_changed, sender=model, dispatch_uid=f"tally-save-{model.__name__}")
        post_delete.connect(_unit_row_changed, sender=model, dispatch_uid=f"tally-delete-{model.__name__}")
    post_save.connect(_activity_changed, sender=Activity, dispatch_uid="tally-save-Activity")
    post_save.connect(_unit_saved, sender=Unit, dispatch_uid="tally-start-Unit")
