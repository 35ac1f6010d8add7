"""The admin change lists' paginators (wenming/paging.py)."""

import pytest
from django.db import connection

from core.paging import ChangeListPaginator, SearchResultPaginator
from tests.helpers import admin_url
from units.models import Region, Unit


@pytest.fixture
def units(heze) -> list[Unit]:
    return [Unit.objects.create(name=f"菏泽市第{n}中学", kind=Unit.Kind.SCHOOL, region=heze) for n in range(1, 6)]


class TinyCap(ChangeListPaginator):
    count_cap = 2


class TinySearchCap(SearchResultPaginator):
    count_cap = 2


def test_a_search_result_takes_count_and_page_from_one_read_of_the_ids(units):
    paginator = SearchResultPaginator(Unit.objects.order_by("pk"), 2)

    assert paginator.count == 5
    assert list(paginator.page(3).object_list) == units[4:]
    assert list(paginator.page(2).object_list) == units[2:4]


def test_a_search_result_stops_reading_at_the_cap(units):
    paginator = TinySearchCap(Unit.objects.order_by("pk"), 1)
    assert (paginator.count, paginator.count_is_capped) == (2, True)


def test_a_filtered_change_list_is_counted_up_to_the_cap(units):
    paginator = TinyCap(Unit.objects.filter(kind=Unit.Kind.SCHOOL).order_by("pk"), 1)
    assert (paginator.count, paginator.count_is_capped, paginator.count_is_estimate) == (2, True, False)


def test_a_small_table_is_counted_exactly(units):
    paginator = ChangeListPaginator(Unit.objects.order_by("pk"), 2)
    assert (paginator.count, paginator.count_is_capped, paginator.count_is_estimate) == (5, False, False)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's estimate is PostgreSQL's")
def test_a_whole_big_table_is_counted_by_the_planners_estimate(units):
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Unit._meta.db_table}")

    paginator = TinyCap(Unit.objects.order_by("pk"), 2)

    assert (paginator.count, paginator.count_is_estimate) == (5, True)


def test_the_change_list_says_when_its_count_stopped_at_the_cap(admin_client, units, monkeypatch):
    monkeypatch.setattr(ChangeListPaginator, "count_cap", 2)
    page = admin_client.get(admin_url(Unit, "changelist"), {"kind__exact": Unit.Kind.SCHOOL}).content.decode()
    assert "2+ 单位" in page


def test_a_searched_change_list_does_not_count_the_whole_table_too(admin_client, units):
    response = admin_client.get(admin_url(Region, "changelist"), {"q": "菏泽"})
    assert response.context["cl"].full_result_count is None
