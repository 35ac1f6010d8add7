"""Each honour award's copy of its unit's name follows every write, whoever makes it."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from curation.merge_undo import unit_merge_undo
from curation.merging import unit_merge
from units.models import Honour, HonourAward, Unit
from units.unit_name_copies import HONOUR_AWARDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def honour():
    return Honour.objects.create(name="青年文明号", level=Honour.Level.NATIONAL, category="youth")


def copied_names(*awards):
    return [HonourAward.objects.get(pk=award.pk).unit_name for award in awards]


def test_an_award_saved_takes_its_unit_s_name(honour):
    award = HonourAward.objects.create(unit=Unit.objects.create(name="城关镇卫生院"), honour=honour, year=2024)
    assert copied_names(award) == ["城关镇卫生院"]


def test_awards_created_in_bulk_take_their_unit_s_name(honour):
    unit = Unit.objects.create(name="第一中学")
    HonourAward.objects.bulk_create([HonourAward(unit=unit, honour=honour, year=year) for year in (2022, 2023)])
    assert set(HonourAward.objects.values_list("unit_name", flat=True)) == {"第一中学"}


def test_a_renamed_unit_passes_its_new_name_to_its_awards(honour):
    unit = Unit.objects.create(name="县教育局")
    award = HonourAward.objects.create(unit=unit, honour=honour, year=2024)
    unit.name = "县教育和体育局"
    unit.save()
    assert copied_names(award) == ["县教育和体育局"]


def test_a_unit_renamed_by_a_bulk_update_passes_its_name_on(honour):
    unit = Unit.objects.create(name="县文化馆")
    award = HonourAward.objects.create(unit=unit, honour=honour, year=2024)
    Unit.objects.filter(pk=unit.pk).update(name="县文化馆（县非遗保护中心）")
    assert copied_names(award) == ["县文化馆（县非遗保护中心）"]


def test_an_award_moved_to_another_unit_by_an_update_takes_that_unit_s_name(honour):
    award = HonourAward.objects.create(unit=Unit.objects.create(name="甲公司"), honour=honour, year=2024)
    HonourAward.objects.filter(pk=award.pk).update(unit=Unit.objects.create(name="乙公司"))
    assert copied_names(award) == ["乙公司"]


def test_a_save_cannot_overwrite_the_copy(honour):
    award = HonourAward.objects.create(unit=Unit.objects.create(name="市图书馆"), honour=honour, year=2024)
    award.unit_name = "别的名字"
    award.save()
    assert copied_names(award) == ["市图书馆"]


def test_a_merge_and_its_undo_carry_the_names_along(honour, admin_user):
    survivor = Unit.objects.create(name="市第二人民医院")
    duplicate = Unit.objects.create(name="市二院")
    award = HonourAward.objects.create(unit=duplicate, honour=honour, year=2023)
    merge = unit_merge(survivor=survivor, others=[duplicate], user=admin_user, reason="同一单位")
    assert copied_names(award) == ["市第二人民医院"]
    unit_merge_undo(merge=merge, user=admin_user, reason="合并有误")
    assert copied_names(award) == ["市二院"]


@pytest.mark.django_db(transaction=True)
def test_an_award_written_before_its_unit_in_one_transaction_gets_the_name_when_the_unit_arrives(honour):
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL defers the foreign key check to the end of the transaction")
    with transaction.atomic():
        award = HonourAward.objects.create(unit_id=987_654, honour=honour, year=2024)
        Unit.objects.create(pk=987_654, name="后到的单位")
    assert copied_names(award) == ["后到的单位"]


def test_after_a_migrate_the_triggers_are_back_and_stale_copies_caught_up(honour):
    unit = Unit.objects.create(name="区融媒体中心")
    award = HonourAward.objects.create(unit=unit, honour=honour, year=2024)
    HONOUR_AWARDS.drop()
    Unit.objects.filter(pk=unit.pk).update(name="区融媒体中心（区广播电视台）")
    assert copied_names(award) == ["区融媒体中心"]  # nothing kept it while the triggers were gone
    HONOUR_AWARDS.create()
    assert copied_names(award) == ["区融媒体中心（区广播电视台）"]
    Unit.objects.filter(pk=unit.pk).update(name="区融媒体中心")
    assert copied_names(award) == ["区融媒体中心"]


def test_migrate_leaves_the_triggers_in_place(honour):
    call_command("migrate", verbosity=0)
    award = HonourAward.objects.create(unit=Unit.objects.create(name="市气象局"), honour=honour, year=2024)
    assert copied_names(award) == ["市气象局"]


def test_history_does_not_record_the_copy(honour):
    award = HonourAward.objects.create(unit=Unit.objects.create(name="市税务局"), honour=honour, year=2024)
    assert "unit_name" not in {field.name for field in award.history.model._meta.fields}


def test_the_honour_list_is_ordered_by_year_then_unit_name(honour):
    for name, year in (("第2中学", 2024), ("第1中学", 2024), ("第3中学", 2025)):
        HonourAward.objects.create(unit=Unit.objects.create(name=name), honour=honour, year=year)
    assert list(HonourAward.objects.values_list("unit_name", flat=True)) == ["第3中学", "第1中学", "第2中学"]
