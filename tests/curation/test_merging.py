from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from articles.models import Article
from campaigns.models import Activity, ActivityOrganiser, VolunteerRecord
from core.models import ReviewStatus
from curation.merge_undo import unit_merge_undo
from curation.merging import unit_merge
from units.models import HonourAward, Region, Unit, UnitAlias, UnitMerge


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("editor", password="x", is_staff=True)


@pytest.fixture
def heze(db):
    shandong = Region.objects.create(name="山东省", full_name="山东省", level=Region.Level.PROVINCE)
    return Region.objects.create(
        name="菏泽市", full_name="山东省菏泽市", level=Region.Level.PREFECTURE, parent=shandong
    )


@pytest.fixture
def article(db):
    return Article.objects.create(
        title="市委办公室获评全国文明单位", text="市委办公室获评全国文明单位。", content_hash="a1"
    )


@pytest.fixture
def survivor(heze):
    return Unit.objects.create(name="菏泽市委办公室", kind=Unit.Kind.PARTY_GOVERNMENT, region=heze)


@pytest.fixture
def duplicate(article):
    return Unit.objects.create(
        name="中共菏泽市委办公室",
        short_name="市委办",
        article=article,
        evidence="市委办公室获评全国文明单位。",
        evidence_start=0,
        evidence_end=14,
        review_status=ReviewStatus.PENDING,
    )


def test_it_moves_aliases_to_the_survivor(survivor, duplicate, editor):
    alias = UnitAlias.objects.create(unit=duplicate, name="菏泽市委办")
    unit_merge(survivor=survivor, others=[duplicate], user=editor)
    alias.refresh_from_db()
    assert alias.unit == survivor


def test_it_turns_the_merged_names_into_aliases(survivor, duplicate, editor):
    unit_merge(survivor=survivor, others=[duplicate], user=editor)
    assert set(survivor.aliases.values_list("name", flat=True)) == {"中共菏泽市委办公室", "市委办"}


def test_the_alias_from_a_merged_name_keeps_the_merged_units_evidence(survivor, duplicate, article, editor):
    unit_merge(survivor=survivor, others=[duplicate], user=editor)
    alias = survivor.aliases.get(name="中共菏泽市委办公室")
    assert (alias.article, alias.evidence, alias.review_status) == (article, duplicate.evidence, ReviewStatus.ACCEPTED)


def test_it_deletes_the_merged_units(survivor, duplicate, editor):
    unit_merge(survivor=survivor, others=[duplicate], user=editor)
    assert not Unit.objects.filter(pk=duplicate.pk).exists()


def test_an_alias_the_survivor_already_has_is_stored_once(survivor, duplicate, editor):
    UnitAlias.objects.create(unit=survivor, name="市委办公室")
    UnitAlias.objects.create(unit=duplicate, name="市委办公室")
    unit_merge(survivor=survivor, others=[duplicate], user=editor)
    assert survivor.aliases.filter(name="市委办公室").count() == 1


def test_it_moves_awards_to_the_survivor(survivor, duplicate, honour, editor):
    award = HonourAward.objects.create(unit=duplicate, honour=honour, year=2020)
    unit_merge(survivor=survivor, others=[duplicate], user=editor)
    award.refresh_from_db()
    assert award.unit == survivor


def test_a_moved_record_gets_a_new_version(survivor, duplicate, honour, editor):
    award = HonourAward.objects.create(unit=duplicate, honour=honour, year=2020)
    unit_merge(survivor=survivor, others=[duplicate], user=editor)
    award.refresh_from_db()
    assert award.version == 2


def test_an_award_both_hold_is_kept_once_with_the_others_evidence_in_the_note(
    survivor, duplicate, honour, article, editor
):
    kept = HonourAward.objects.create(unit=survivor, honour=honour, year=2020)
    HonourAward.objects.create(
        unit=duplicate, honour=honour, year=2020, article=article, evidence="市委办公室获评全国文明单位。"
    )
    unit_merge(survivor=survivor, others=[duplicate], user=editor)
    kept.refresh_from_db()
    assert HonourAward.objects.filter(honour=honour, year=2020).count() == 1
    assert "市委办公室获评全国文明单位。" in kept.note
    assert f"文章 #{article.pk}" in kept.note


def test_an_accepted_award_wins_over_the_survivors_pending_one(survivor, duplicate, honour, editor):
    HonourAward.objects.create(unit=survivor, honour=honour, year=2020, review_status=ReviewStatus.PENDING)
    accepted = HonourAward.objects.create(unit=duplicate, honour=honour, year=2020)
    unit_merge(survivor=survivor, others=[duplicate], user=editor)
    assert list(survivor.honour_awards.all()) == [accepted]


def test_awards_of_other_years_are_all_kept(survivor, duplicate, honour, editor):
    HonourAward.objects.create(unit=survivor, honour=honour, year=2017)
    HonourAward.objects.create(unit=duplicate, honour=honour, year=2020)
    unit_merge(survivor=survivor, others=[duplicate], user=editor)
    assert sorted(survivor.honour_awards.values_list("year", flat=True)) == [2017, 2020]


def test_it_moves_organiser_roles_to_the_survivor(survivor, duplicate, editor):
    activity = Activity.objects.create(title="文明交通志愿服务")
    ActivityOrganiser.objects.create(activity=activity, unit=duplicate, role=ActivityOrganiser.Role.CO_HOST)
    unit_merge(survivor=survivor, others=[duplicate], user=editor)
    assert list(activity.organisers.all()) == [survivor]


def test_organiser_role_duplicates_collapse_to_the_stronger_role(survivor, duplicate, editor):
    activity = Activity.objects.create(title="文明交通志愿服务")
    ActivityOrganiser.objects.create(activity=activity, unit=survivor, role=ActivityOrganiser.Role.PARTICIPANT)
    ActivityOrganiser.objects.create(activity=activity, unit=duplicate, role=ActivityOrganiser.Role.HOST)
    unit_merge(survivor=survivor, others=[duplicate], user=editor)
    assert list(activity.organiser_roles.values_list("unit", "role")) == [(survivor.pk, ActivityOrganiser.Role.HOST)]


def test_it_moves_volunteer_records_to_the_survivor(survivor, duplicate, editor):
    record = VolunteerRecord.objects.create(unit=duplicate, hours=Decimal("120.5"))
    unit_merge(survivor=survivor, others=[duplicate], user=editor)
    record.refresh_from_db()
    assert record.unit == survivor


def test_it_moves_child_units_to_the_survivor(survivor, duplicate, editor):
    child = Unit.objects.create(name="菏泽市市长公开电话受理中心", parent=duplicate)
    unit_merge(survivor=survivor, others=[duplicate], user=editor)
    child.refresh_from_db()
    assert child.parent == survivor


def test_the_survivor_takes_the_region_only_a_merged_unit_knew(heze, duplicate, editor):
    survivor = Unit.objects.create(name="市委办公室")
    duplicate.region = heze
    duplicate.save()
    unit_merge(survivor=survivor, others=[duplicate], user=editor)
    survivor.refresh_from_db()
    assert survivor.region == heze


def test_it_merges_several_units_at_once(survivor, duplicate, editor):
    third = Unit.objects.create(name="市委办公室")
    unit_merge(survivor=survivor, others=[duplicate, third], user=editor)
    assert Unit.objects.count() == 1
    assert survivor.aliases.filter(name="市委办公室").exists()


def test_the_merge_is_recorded_with_user_reason_and_names(survivor, duplicate, editor):
    merge = unit_merge(survivor=survivor, others=[duplicate], user=editor, reason="同一单位")
    merge.refresh_from_db()
    assert (merge.survivor, merge.merged_names, merge.merged_by, merge.reason) == (
        survivor,
        ["中共菏泽市委办公室"],
        editor,
        "同一单位",
    )


def test_the_moves_are_in_history_with_the_merge_as_reason(survivor, duplicate, honour, editor):
    award = HonourAward.objects.create(unit=duplicate, honour=honour, year=2020)
    merge = unit_merge(survivor=survivor, others=[duplicate], user=editor, reason="同一单位")
    latest = award.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason.startswith(f"单位合并 #{merge.pk}")
    assert "同一单位" in latest.history_change_reason


def test_the_deletion_of_a_merged_unit_is_in_history(survivor, duplicate, editor):
    merge = unit_merge(survivor=survivor, others=[duplicate], user=editor)
    deletion = Unit.history.filter(id=duplicate.pk, history_type="-").get()
    assert deletion.history_change_reason.startswith(f"单位合并 #{merge.pk}")


def test_a_unit_cannot_be_merged_into_itself(survivor, editor):
    with pytest.raises(ValidationError):
        unit_merge(survivor=survivor, others=[survivor], user=editor)


def test_a_merge_needs_a_unit_to_merge(survivor, editor):
    with pytest.raises(ValidationError):
        unit_merge(survivor=survivor, others=[], user=editor)


# -- undo ---------------------------------------------------------------------


def test_undo_restores_the_merged_unit_with_its_fields(survivor, duplicate, article, editor):
    merge = unit_merge(survivor=survivor, others=[duplicate], user=editor)
    unit_merge_undo(merge=merge, user=editor)
    restored = Unit.objects.get(pk=duplicate.pk)
    assert (restored.name, restored.short_name, restored.article, restored.review_status) == (
        "中共菏泽市委办公室",
        "市委办",
        article,
        ReviewStatus.PENDING,
    )


def test_undo_keeps_the_restored_units_creation_time(survivor, duplicate, editor):
    merge = unit_merge(survivor=survivor, others=[duplicate], user=editor)
    unit_merge_undo(merge=merge, user=editor)
    assert Unit.objects.get(pk=duplicate.pk).created_at == duplicate.created_at


def test_undo_moves_back_exactly_what_moved(survivor, duplicate, honour, editor):
    alias = UnitAlias.objects.create(unit=duplicate, name="菏泽市委办")
    award = HonourAward.objects.create(unit=duplicate, honour=honour, year=2020)
    record = VolunteerRecord.objects.create(unit=duplicate, person_times=300)
    own = HonourAward.objects.create(unit=survivor, honour=honour, year=2017)
    merge = unit_merge(survivor=survivor, others=[duplicate], user=editor)
    unit_merge_undo(merge=merge, user=editor)
    for row in (alias, award, record, own):
        row.refresh_from_db()
    assert (alias.unit_id, award.unit_id, record.unit_id, own.unit_id) == (
        duplicate.pk,
        duplicate.pk,
        duplicate.pk,
        survivor.pk,
    )


def test_undo_removes_the_aliases_made_from_the_merged_names(survivor, duplicate, editor):
    merge = unit_merge(survivor=survivor, others=[duplicate], user=editor)
    unit_merge_undo(merge=merge, user=editor)
    assert not survivor.aliases.exists()


def test_undo_brings_back_a_collapsed_award_and_the_kept_awards_note(survivor, duplicate, honour, editor):
    kept = HonourAward.objects.create(unit=survivor, honour=honour, year=2020, note="市文明办通报")
    dropped = HonourAward.objects.create(unit=duplicate, honour=honour, year=2020, evidence="获评全国文明单位")
    merge = unit_merge(survivor=survivor, others=[duplicate], user=editor)
    unit_merge_undo(merge=merge, user=editor)
    kept.refresh_from_db()
    assert kept.note == "市文明办通报"
    assert HonourAward.objects.get(pk=dropped.pk).unit_id == duplicate.pk


def test_undo_brings_back_a_collapsed_organiser_role_and_the_old_role(survivor, duplicate, editor):
    activity = Activity.objects.create(title="文明交通志愿服务")
    ActivityOrganiser.objects.create(activity=activity, unit=survivor, role=ActivityOrganiser.Role.PARTICIPANT)
    ActivityOrganiser.objects.create(activity=activity, unit=duplicate, role=ActivityOrganiser.Role.HOST)
    merge = unit_merge(survivor=survivor, others=[duplicate], user=editor)
    unit_merge_undo(merge=merge, user=editor)
    assert set(activity.organiser_roles.values_list("unit", "role")) == {
        (survivor.pk, ActivityOrganiser.Role.PARTICIPANT),
        (duplicate.pk, ActivityOrganiser.Role.HOST),
    }


def test_undo_restores_the_child_units_parent(survivor, duplicate, editor):
    child = Unit.objects.create(name="菏泽市市长公开电话受理中心", parent=duplicate)
    merge = unit_merge(survivor=survivor, others=[duplicate], user=editor)
    unit_merge_undo(merge=merge, user=editor)
    child.refresh_from_db()
    assert child.parent_id == duplicate.pk


def test_undo_gives_the_survivor_back_its_blank_region(heze, duplicate, editor):
    survivor = Unit.objects.create(name="市委办公室")
    duplicate.region = heze
    duplicate.save()
    merge = unit_merge(survivor=survivor, others=[duplicate], user=editor)
    unit_merge_undo(merge=merge, user=editor)
    survivor.refresh_from_db()
    assert survivor.region is None


def test_undo_keeps_an_edit_made_after_the_merge(survivor, duplicate, honour, editor):
    award = HonourAward.objects.create(unit=duplicate, honour=honour, year=2020)
    merge = unit_merge(survivor=survivor, others=[duplicate], user=editor)
    award.refresh_from_db()
    award.edition = "第六届"
    award.save()
    unit_merge_undo(merge=merge, user=editor)
    award.refresh_from_db()
    assert (award.unit_id, award.edition) == (duplicate.pk, "第六届")


def test_undo_is_recorded_on_the_merge(survivor, duplicate, editor):
    merge = unit_merge(survivor=survivor, others=[duplicate], user=editor)
    unit_merge_undo(merge=merge, user=editor, reason="并错了")
    merge.refresh_from_db()
    assert merge.is_undone
    assert (merge.undone_by, merge.undo_reason) == (editor, "并错了")


def test_a_merge_cannot_be_undone_twice(survivor, duplicate, editor):
    merge = unit_merge(survivor=survivor, others=[duplicate], user=editor)
    unit_merge_undo(merge=merge, user=editor)
    with pytest.raises(ValidationError):
        unit_merge_undo(merge=merge, user=editor)


def test_undo_is_refused_when_the_name_is_taken_again(survivor, duplicate, editor):
    merge = unit_merge(survivor=survivor, others=[duplicate], user=editor)
    Unit.objects.create(name="中共菏泽市委办公室")
    with pytest.raises(ValidationError, match="中共菏泽市委办公室"):
        unit_merge_undo(merge=merge, user=editor)
    assert not UnitMerge.objects.get(pk=merge.pk).is_undone


def test_undo_is_refused_while_the_survivor_is_merged_into_another_unit(survivor, duplicate, editor):
    first = unit_merge(survivor=survivor, others=[duplicate], user=editor)
    third = Unit.objects.create(name="中共菏泽市委")
    unit_merge(survivor=third, others=[survivor], user=editor)
    with pytest.raises(ValidationError, match="请先撤销"):
        unit_merge_undo(merge=first, user=editor)


def test_undoing_merges_in_reverse_order_restores_everything(survivor, duplicate, honour, editor):
    award = HonourAward.objects.create(unit=duplicate, honour=honour, year=2020)
    first = unit_merge(survivor=survivor, others=[duplicate], user=editor)
    third = Unit.objects.create(name="中共菏泽市委")
    second = unit_merge(survivor=third, others=[survivor], user=editor)
    unit_merge_undo(merge=second, user=editor)
    unit_merge_undo(merge=first, user=editor)
    award.refresh_from_db()
    assert award.unit_id == duplicate.pk
    assert set(Unit.objects.values_list("name", flat=True)) == {"菏泽市委办公室", "中共菏泽市委办公室", "中共菏泽市委"}


def test_undo_is_refused_when_the_merged_units_id_is_taken(survivor, duplicate, editor):
    merge = unit_merge(survivor=survivor, others=[duplicate], user=editor)
    Unit.objects.create(pk=duplicate.pk, name="另一个单位")
    with pytest.raises(ValidationError, match="编号已被其他单位占用"):
        unit_merge_undo(merge=merge, user=editor)
