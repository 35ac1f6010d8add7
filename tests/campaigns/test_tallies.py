"""The tally each unit keeps of its accepted honours, activities and volunteer
hours (units/tallies.py): current after every kind of write, and what the unit
list shows and sorts by."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from campaigns.models import Activity, ActivityOrganiser, UnitTally, VolunteerRecord
from campaigns.tallies import refresh_unit_tallies
from core.review import record_accept, record_reject
from curation.merge_undo import unit_merge_undo
from curation.merging import unit_merge
from reports.unit_selectors import unit_filterset


def tally(unit) -> tuple[int, int, Decimal]:
    row = UnitTally.objects.get(unit=unit)
    return row.honour_count, row.activity_count, row.volunteer_hours


def test_a_new_unit_starts_with_an_empty_tally(site_ledger):
    assert tally(site_ledger.pending_unit) == (0, 0, Decimal("0"))


def test_the_tally_counts_accepted_records_only(site_ledger):
    # 牡丹区市场监督管理局: one accepted award, one accepted and one pending activity, 120.5 h.
    assert tally(site_ledger.market_bureau) == (1, 1, Decimal("120.5"))


def test_accepting_an_activity_counts_it_for_its_organisers(site_ledger, reviewer):
    pending = Activity.objects.get(title="待审核的巡查活动")

    record_accept(record=pending, user=reviewer)

    assert tally(site_ledger.market_bureau)[1] == 2


def test_rejecting_a_volunteer_record_takes_its_hours_off(site_ledger, reviewer):
    record = VolunteerRecord.objects.get(unit=site_ledger.market_bureau)

    record_reject(record=record, user=reviewer, reason="重复报道")

    assert tally(site_ledger.market_bureau)[2] == Decimal("0")


def test_moving_a_volunteer_record_recounts_both_units(site_ledger):
    record = VolunteerRecord.objects.get(unit=site_ledger.party_office)
    record.unit = site_ledger.community
    record.save()

    assert tally(site_ledger.party_office)[2] == Decimal("0")
    assert tally(site_ledger.community)[2] == Decimal("50")


def test_deleting_an_organiser_role_uncounts_the_activity(site_ledger):
    ActivityOrganiser.objects.get(unit=site_ledger.party_office).delete()

    assert tally(site_ledger.party_office)[1] == 0


def test_a_merge_adds_the_merged_units_records_to_the_survivor_and_undo_takes_them_back(site_ledger, reviewer):
    before = tally(site_ledger.education_bureau)

    merge = unit_merge(survivor=site_ledger.party_office, others=[site_ledger.education_bureau], user=reviewer)

    assert tally(site_ledger.party_office) == (2, 2, Decimal("530"))
    unit_merge_undo(merge=merge, user=reviewer)
    assert tally(site_ledger.party_office) == (1, 1, Decimal("50"))
    assert tally(site_ledger.education_bureau) == before


def test_refresh_rebuilds_tallies_written_around_the_models(site_ledger):
    UnitTally.objects.update(activity_count=99, volunteer_hours=0)

    refresh_unit_tallies()

    assert tally(site_ledger.market_bureau) == (1, 1, Decimal("120.5"))


def test_the_command_rebuilds_every_tally(site_ledger):
    UnitTally.objects.all().delete()
    out = StringIO()

    call_command("refresh_unit_tallies", stdout=out)

    assert UnitTally.objects.count() == 5
    assert "5 个单位" in out.getvalue()


@pytest.mark.parametrize("sort", ["-activities", "-hours", "-honours"])
def test_sorting_by_a_tally_keeps_every_unit_in_the_list(site_ledger, sort):
    everything = {unit.name for unit in unit_filterset(data={"review_status": "all"}).result()}

    assert {unit.name for unit in unit_filterset(data={"review_status": "all", "sort": sort}).result()} == everything


def test_the_list_sorts_units_by_volunteer_hours(site_ledger):
    names = [unit.name for unit in unit_filterset(data={"sort": "-hours"}).result()]

    assert names == ["东明县教育局", "牡丹区市场监督管理局", "菏泽市委办公室", "西城街道和平社区"]
