"""A ledger built before the apps were restructured (UnitTally lived in units/)
migrates to the new layout with every row and its history kept."""

from decimal import Decimal

import pytest

from campaigns.models import UnitTally
from tests.helpers import latest_migrations, migrate_to
from units.models import Unit

# The newest migrations of each app before UnitTally moved to campaigns/.
BEFORE_THE_MOVE = [
    ("units", "0006_unit_name_trigram"),
    ("campaigns", "0006_organiser_by_unit_index"),
    ("articles", "0005_import_run_process"),
]


@pytest.fixture
def ledger_before_the_move(transactional_db):
    """A unit with a history row, an alias and its tally, written with the models as
    they were before the move."""
    old = migrate_to(BEFORE_THE_MOVE)
    unit = old.get_model("units", "Unit").objects.create(name="样例市文明办", kind="office", review_status="accepted")
    old.get_model("units", "UnitAlias").objects.create(unit=unit, name="市文明办", review_status="accepted")
    old.get_model("units", "HistoricalUnit").objects.create(
        id=unit.pk,
        name=unit.name,
        kind="office",
        review_status="accepted",
        version=1,
        created_at=unit.created_at,
        updated_at=unit.updated_at,
        history_date=unit.created_at,
        history_type="+",
        history_change_reason="手工录入",
    )
    old.get_model("units", "UnitTally").objects.create(
        unit=unit, honour_count=2, activity_count=5, volunteer_hours=Decimal("12.5")
    )
    yield unit.pk
    migrate_to(latest_migrations())


def test_the_tally_rows_survive_the_move_to_campaigns(ledger_before_the_move):
    migrate_to(latest_migrations())

    tally = UnitTally.objects.get(unit_id=ledger_before_the_move)
    assert (tally.honour_count, tally.activity_count, tally.volunteer_hours) == (2, 5, Decimal("12.5"))


def test_the_units_their_aliases_and_history_survive_the_move(ledger_before_the_move):
    migrate_to(latest_migrations())

    unit = Unit.objects.get(pk=ledger_before_the_move)
    assert [alias.name for alias in unit.aliases.all()] == ["市文明办"]
    assert [row.history_change_reason for row in unit.history.all()] == ["手工录入"]
