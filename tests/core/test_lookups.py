"""``__id_in``: a list of integer ids written into the statement (core/lookups.py)."""

import pytest
from django.db import connection
from django.db.models import Q

from units.models import Region, Unit


@pytest.fixture
def regions(db):
    return [
        Region.objects.create(name=f"区{index}", full_name=f"测试省区{index}", level=Region.Level.COUNTY)
        for index in range(4)
    ]


def test_it_finds_the_rows_with_those_ids(regions):
    wanted = [regions[2].pk, regions[0].pk]

    assert set(Region.objects.filter(pk__id_in=wanted)) == {regions[0], regions[2]}


def test_an_empty_list_finds_nothing_and_leaves_the_other_tests_of_an_or_alone(regions):
    found = Region.objects.filter(Q(pk__id_in=[]) | Q(name="区1"))

    assert list(found) == [regions[1]]


def test_it_follows_a_foreign_key(regions):
    unit = Unit.objects.create(name="区1教育局", kind="office", region=regions[1])
    Unit.objects.create(name="区3教育局", kind="office", region=regions[3])

    assert list(Unit.objects.filter(region__id_in=[regions[1].pk])) == [unit]


def test_the_ids_are_one_value_of_the_statement_not_a_parameter_each(regions):
    sql, params = Region.objects.filter(pk__id_in=[regions[1].pk, regions[0].pk]).query.sql_with_params()

    if connection.vendor == "postgresql":
        assert "= ANY(%s)" in sql
        assert params == ([regions[0].pk, regions[1].pk],)
    else:
        assert f"IN ({regions[0].pk},{regions[1].pk})" in sql
        assert params == ()


def test_a_value_that_is_not_an_integer_is_refused(regions):
    with pytest.raises(ValueError):
        Region.objects.filter(pk__id_in=["1) OR (1=1"])
