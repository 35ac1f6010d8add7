"""Each volunteer record's copy of its unit's name (campaigns.apps.VOLUNTEER_RECORDS)
follows every write; the triggers themselves are tested on the honour awards
(tests/units/test_unit_name_copies.py), which share them."""

import datetime as dt

import pytest
from django.core.management import call_command

from campaigns.apps import VOLUNTEER_RECORDS
from campaigns.models import VolunteerRecord
from curation.merge_undo import unit_merge_undo
from curation.merging import unit_merge
from units.models import Unit

pytestmark = pytest.mark.django_db


def logged(unit, *, on=dt.date(2024, 3, 5)) -> VolunteerRecord:
    return VolunteerRecord.objects.create(unit=unit, hours=12, period_start=on)


def copied_names(*records):
    return [VolunteerRecord.objects.get(pk=record.pk).unit_name for record in records]


def test_a_record_saved_takes_its_unit_s_name():
    assert copied_names(logged(Unit.objects.create(name="城关镇卫生院"))) == ["城关镇卫生院"]


def test_records_created_in_bulk_take_their_unit_s_name():
    unit = Unit.objects.create(name="第一中学")
    VolunteerRecord.objects.bulk_create([VolunteerRecord(unit=unit, hours=hours) for hours in (3, 4)])
    assert set(VolunteerRecord.objects.values_list("unit_name", flat=True)) == {"第一中学"}


def test_a_renamed_unit_passes_its_new_name_to_its_records():
    unit = Unit.objects.create(name="县教育局")
    record = logged(unit)
    Unit.objects.filter(pk=unit.pk).update(name="县教育和体育局")
    assert copied_names(record) == ["县教育和体育局"]


def test_a_merge_and_its_undo_carry_the_names_along(admin_user):
    survivor = Unit.objects.create(name="市第二人民医院")
    duplicate = Unit.objects.create(name="市二院")
    record = logged(duplicate)
    merge = unit_merge(survivor=survivor, others=[duplicate], user=admin_user, reason="同一单位")
    assert copied_names(record) == ["市第二人民医院"]
    unit_merge_undo(merge=merge, user=admin_user, reason="合并有误")
    assert copied_names(record) == ["市二院"]


def test_after_a_migrate_the_triggers_are_back_and_stale_copies_caught_up():
    unit = Unit.objects.create(name="区融媒体中心")
    record = logged(unit)
    VOLUNTEER_RECORDS.drop()
    Unit.objects.filter(pk=unit.pk).update(name="区融媒体中心（区广播电视台）")
    assert copied_names(record) == ["区融媒体中心"]
    call_command("migrate", verbosity=0)
    assert copied_names(record) == ["区融媒体中心（区广播电视台）"]
    assert copied_names(logged(Unit.objects.create(name="市气象局"))) == ["市气象局"]


def test_history_does_not_record_the_copy():
    record = logged(Unit.objects.create(name="市税务局"))
    assert "unit_name" not in {field.name for field in record.history.model._meta.fields}


def test_the_volunteer_list_is_ordered_by_period_then_unit_name():
    may, january = dt.date(2024, 5, 1), dt.date(2025, 1, 1)
    for name, on in (("第2中学", may), ("第1中学", may), ("第3中学", january)):
        logged(Unit.objects.create(name=name), on=on)
    assert list(VolunteerRecord.objects.values_list("unit_name", flat=True)) == ["第3中学", "第1中学", "第2中学"]
