"""Merging, undoing and finding duplicate units from the admin."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from curation.merge_views import merge_url
from curation.merging import unit_merge
from units.models import Unit, UnitAlias, UnitMerge

UNITS = reverse("admin:units_unit_changelist")
MERGES = reverse("admin:units_unitmerge_changelist")
DUPLICATES = reverse("curation:unit_duplicates")


def offered(response):
    """The names of the actions a change list offers."""
    form = response.context["action_form"]
    return [] if form is None else [name for name, _ in form.fields["action"].choices]


def staff(username, *codenames):
    user = get_user_model().objects.create_user(username, password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def merger(client, db):
    client.force_login(
        staff("merger", "view_unit", "change_unit", "add_unitmerge", "change_unitmerge", "view_unitmerge")
    )
    return client


@pytest.fixture
def viewer(client, db):
    client.force_login(staff("viewer", "view_unit", "view_unitmerge"))
    return client


@pytest.fixture
def duplicate(party_office, heze):
    twin = Unit.objects.create(name="中共菏泽市委办公室", region=heze)
    UnitAlias.objects.create(unit=twin, name="市委办")
    return twin


def test_the_unit_list_offers_the_merge_action_to_those_who_may_merge(merger):
    assert "merge_selected" in offered(merger.get(UNITS))


def test_the_merge_action_is_not_offered_to_a_viewer(viewer):
    response = viewer.get(UNITS)
    assert response.status_code == 200
    assert "merge_selected" not in offered(response)


def test_the_merge_action_opens_the_confirmation_page(merger, party_office, duplicate):
    response = merger.post(UNITS, {"action": "merge_selected", ACTION_CHECKBOX_NAME: [party_office.pk, duplicate.pk]})
    assert response.status_code == 302
    assert response["Location"] == merge_url([party_office.pk, duplicate.pk])


def test_the_merge_action_needs_two_units(merger, party_office):
    response = merger.post(UNITS, {"action": "merge_selected", ACTION_CHECKBOX_NAME: [party_office.pk]}, follow=True)
    assert "请至少勾选两个单位" in response.content.decode()


def test_the_confirmation_page_proposes_the_unit_with_most_records_as_survivor(
    merger, party_office, party_office_award, duplicate
):
    response = merger.get(merge_url([duplicate.pk, party_office.pk]))
    assert response.status_code == 200
    assert response.context["form"]["survivor"].value() == party_office.pk


def test_confirming_merges_and_records_the_reason(merger, party_office, duplicate, party_office_award):
    response = merger.post(
        reverse("curation:unit_merge"),
        {"ids": f"{party_office.pk},{duplicate.pk}", "survivor": party_office.pk, "reason": "同一单位"},
    )
    assert response["Location"] == reverse("admin:units_unit_change", args=[party_office.pk])
    assert list(Unit.objects.filter(pk__in=[party_office.pk, duplicate.pk])) == [party_office]
    assert UnitMerge.objects.get().reason == "同一单位"
    assert party_office.aliases.filter(name="中共菏泽市委办公室").exists()


def test_a_viewer_may_not_merge(viewer, party_office, duplicate):
    assert viewer.get(merge_url([party_office.pk, duplicate.pk])).status_code == 403
    response = viewer.post(reverse("curation:unit_merge"), {"ids": f"{party_office.pk},{duplicate.pk}", "survivor": 1})
    assert response.status_code == 403
    assert Unit.objects.filter(pk=duplicate.pk).exists()


def test_the_merge_list_offers_undo(merger, party_office, duplicate, admin_user):
    merge = unit_merge(survivor=party_office, others=[duplicate], user=admin_user)
    response = merger.post(MERGES, {"action": "undo_selected", ACTION_CHECKBOX_NAME: [merge.pk]})
    assert response["Location"] == reverse("curation:unit_merge_undo") + f"?ids={merge.pk}"


def test_confirming_the_undo_restores_the_merged_units(merger, party_office, duplicate, admin_user):
    merge = unit_merge(survivor=party_office, others=[duplicate], user=admin_user)
    merger.post(reverse("curation:unit_merge_undo"), {"ids": str(merge.pk), "reason": "并错了"})
    assert Unit.objects.filter(pk=duplicate.pk).exists()
    merge.refresh_from_db()
    assert (merge.is_undone, merge.undo_reason) == (True, "并错了")


def test_a_viewer_may_not_undo(viewer, party_office, duplicate, admin_user):
    merge = unit_merge(survivor=party_office, others=[duplicate], user=admin_user)
    assert viewer.post(reverse("curation:unit_merge_undo"), {"ids": str(merge.pk)}).status_code == 403
    assert "undo_selected" not in offered(viewer.get(MERGES))


def test_merge_records_are_read_only(merger, party_office, duplicate, admin_user):
    merge = unit_merge(survivor=party_office, others=[duplicate], user=admin_user)
    response = merger.get(reverse("admin:units_unitmerge_change", args=[merge.pk]))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]


def test_the_duplicates_page_lists_pairs_with_a_merge_link(merger, party_office, duplicate):
    response = merger.get(DUPLICATES)
    [row] = response.context["rows"]
    assert {row["pair"].first, row["pair"].second} == {party_office, duplicate}
    assert row["merge_url"] == merge_url(sorted([party_office.pk, duplicate.pk]))


def test_a_viewer_sees_the_duplicates_without_a_merge_link(viewer, party_office, duplicate):
    [row] = viewer.get(DUPLICATES).context["rows"]
    assert row["merge_url"] == ""


def test_the_duplicates_page_filters_by_region(merger, party_office, duplicate, heze):
    other = heze.parent
    assert merger.get(DUPLICATES, {"region": other.pk}).context["total"] == 1
    Unit.objects.filter(pk__in=[party_office.pk, duplicate.pk]).update(region=None)
    assert merger.get(DUPLICATES, {"region": heze.pk}).context["total"] == 0
