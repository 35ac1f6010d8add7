"""Several tables' labelled rows as one list, newest first (core/queries.py)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.queries import labelled_rows, union_newest_first
from units.models import Region, Unit, UnitAlias

START = timezone.make_aware(dt.datetime(2024, 3, 1, 9, 0))


@pytest.fixture
def rows(db):
    """Units and aliases created alternately, a minute apart, the last two at the same time."""
    region = Region.objects.create(name="区", full_name="测试省区", level=Region.Level.COUNTY)
    holder = Unit.objects.create(name="持有单位", kind="office", region=region)
    for minute in range(12):
        if minute % 2:
            made = UnitAlias.objects.create(unit=holder, name=f"别名{minute}")
        else:
            made = Unit.objects.create(name=f"单位{minute}", kind="office", region=region)
        type(made).objects.filter(pk=made.pk).update(created_at=START + dt.timedelta(minutes=min(minute, 10)))
    return union_newest_first(
        [
            labelled_rows(Unit.objects.exclude(pk=holder.pk), at="created_at", pk="pk", label="units.unit"),
            labelled_rows(UnitAlias.objects.all(), at="created_at", pk="pk", label="units.unitalias"),
        ],
        empty=Unit.objects.none().values_list("pk"),
    )


def test_a_slice_is_the_slice_of_the_whole_list_in_its_order(rows):
    whole = list(rows.union)

    assert [list(rows[start : start + 5]) for start in (0, 5, 10)] == [whole[0:5], whole[5:10], whole[10:15]]


def test_the_list_is_newest_first(rows):
    times = [row_at for row_at, _, _ in rows[0:12]]

    assert times == sorted(times, reverse=True) and len(times) == 12


def test_an_empty_slice_is_empty(rows):
    assert list(rows[0:0]) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite refuses ORDER BY in a compound's members")
def test_on_postgresql_each_table_is_cut_at_the_slice_end_before_the_union(rows):
    with CaptureQueriesContext(connection) as queries:
        list(rows[5:10])

    assert queries.captured_queries[-1]["sql"].count("LIMIT 10") == 2
