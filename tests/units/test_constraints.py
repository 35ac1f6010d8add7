import pytest
from django.db import IntegrityError

from units.models import HonourAward, Unit, UnitAlias


@pytest.fixture
def unit(db):
    return Unit.objects.create(name="菏泽市委办公室", kind=Unit.Kind.PARTY_GOVERNMENT)


def test_unit_names_are_unique(unit):
    with pytest.raises(IntegrityError):
        Unit.objects.create(name="菏泽市委办公室")


def test_an_alias_is_stored_once_per_unit(unit):
    UnitAlias.objects.create(unit=unit, name="市委办公室")
    with pytest.raises(IntegrityError):
        UnitAlias.objects.create(unit=unit, name="市委办公室")


def test_a_unit_holds_an_honour_once_per_year(unit, honour):
    HonourAward.objects.create(unit=unit, honour=honour, year=2020)
    with pytest.raises(IntegrityError):
        HonourAward.objects.create(unit=unit, honour=honour, year=2020)


def test_a_year_less_award_is_stored_once(unit, honour):
    HonourAward.objects.create(unit=unit, honour=honour)
    with pytest.raises(IntegrityError):
        HonourAward.objects.create(unit=unit, honour=honour)


def test_awards_of_different_years_coexist(unit, honour):
    HonourAward.objects.create(unit=unit, honour=honour, year=2017)
    HonourAward.objects.create(unit=unit, honour=honour, year=2020)
    assert unit.honour_awards.count() == 2


def test_an_evidence_span_cannot_end_before_it_starts(unit):
    with pytest.raises(IntegrityError):
        UnitAlias.objects.create(unit=unit, name="市委办", evidence_start=10, evidence_end=3)
