"""Migration units 0009/0010 on a database with data: every award and its history
kept, the catalogue's round years turned into rounds, each award filed under its round."""

from datetime import date

import pytest

from tests.helpers import latest_migrations, migrate_to

BEFORE = [("units", "0008_unit_name_bigrams")]


@pytest.fixture
def old_ledger(transactional_db):
    apps = migrate_to(BEFORE)
    Honour = apps.get_model("units", "Honour")
    Unit = apps.get_model("units", "Unit")
    HonourAward = apps.get_model("units", "HonourAward")
    HistoricalHonourAward = apps.get_model("units", "HistoricalHonourAward")
    honour = Honour.objects.create(
        name="全国文明单位", level="national", category="civilised_unit", round_years={"4": 2015, "5": 2017, "6": 2020}
    )
    other = Honour.objects.create(name="山东省文明单位", level="provincial", category="civilised_unit")
    unit = Unit.objects.create(name="菏泽市委办公室")
    rows = [
        HonourAward.objects.create(unit=unit, honour=honour, year=2016, edition="第四届", status="awarded"),
        HonourAward.objects.create(unit=unit, honour=honour, year=2018, status="retained"),
        HonourAward.objects.create(unit=unit, honour=honour, year=None, status="warned", note="年份不详"),
        HonourAward.objects.create(unit=unit, honour=other, year=2019, status="awarded"),
    ]
    for row in rows:
        HistoricalHonourAward.objects.create(
            id=row.pk, unit=unit, honour=row.honour, year=row.year, status=row.status, edition=row.edition,
            note=row.note, review_status="accepted", version=1, created_at=row.created_at, updated_at=row.updated_at,
            history_date=row.created_at, history_type="+",
        )  # fmt: skip
    yield
    migrate_to(latest_migrations())


def test_every_award_and_its_history_survive_and_find_their_rounds(old_ledger):
    apps = migrate_to(latest_migrations())
    HonourAward = apps.get_model("units", "HonourAward")
    HonourRound = apps.get_model("units", "HonourRound")

    kept = {
        (a.honour.name, a.year, a.status, a.edition, a.note, a.round.number if a.round_id else None)
        for a in HonourAward.objects.select_related("honour", "round")
    }
    assert kept == {
        ("全国文明单位", 2016, "awarded", "第四届", "", 4),
        ("全国文明单位", 2018, "retained", "", "", 5),
        ("全国文明单位", None, "warned", "", "年份不详", None),
        ("山东省文明单位", 2019, "awarded", "", "", None),
    }
    assert apps.get_model("units", "HistoricalHonourAward").objects.count() == 4
    rounds = {(r.number, r.year, r.term_end) for r in HonourRound.objects.all()}
    assert rounds == {(4, 2015, date(2017, 12, 31)), (5, 2017, date(2020, 12, 31)), (6, 2020, date(2022, 12, 31))}
