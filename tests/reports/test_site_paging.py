"""The staff lists' paginator: an exact count up to its cap, open-ended pages past it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.paging import StaffListPaginator, count_within_budget
from units.models import Region


class SmallCap(StaffListPaginator):
    count_cap = 10


@pytest.fixture
def regions(db):
    for index in range(25):
        Region.objects.create(name=f"区{index:02d}", full_name=f"测试省区{index:02d}", level=Region.Level.COUNTY)
    return Region.objects.order_by("full_name")


def test_below_the_cap_the_count_is_exact(regions):
    paginator = SmallCap(regions.filter(name__lt="区05"), 3)

    assert (paginator.count, paginator.count_is_capped, paginator.num_pages) == (5, False, 2)


def test_past_the_cap_the_count_stops_at_it(regions):
    paginator = SmallCap(regions, 3)

    assert (paginator.count, paginator.count_is_capped) == (10, True)


def test_past_the_cap_pages_go_on_while_rows_remain(regions):
    paginator = SmallCap(regions, 3)

    page = paginator.page(8)

    assert [region.name for region in page] == ["区21", "区22", "区23"]
    assert page.has_next()


def test_the_last_page_past_the_cap_has_no_next(regions):
    page = SmallCap(regions, 3).page(9)

    assert [region.name for region in page] == ["区24"]
    assert not page.has_next()


def test_a_page_of_the_first_block_shows_its_rows(regions):
    page = SmallCap(regions, 3).page(3)

    assert [region.name for region in page] == ["区06", "区07", "区08"]
    assert page.has_next()


def test_pages_of_one_block_read_the_list_once(regions):
    SmallCap(regions, 3).page(5)
    later = SmallCap(regions, 3)
    later.count  # noqa: B018 - counted before, as every list does

    with CaptureQueriesContext(connection) as queries:
        rows = [region.name for region in later.page(6)]

    assert rows == ["区15", "区16", "区17"]
    region_queries = [query["sql"] for query in queries.captured_queries if "units_region" in query["sql"]]
    assert len(region_queries) == 1 and '"units_region"."id" IN (' in region_queries[0]


def test_a_change_to_the_ledger_is_seen_on_the_next_page(regions):
    SmallCap(regions, 3).page(2)
    moved = Region.objects.get(name="区04")
    moved.full_name = "测试省区99"
    moved.save()

    page = SmallCap(regions, 3).page(2)

    assert [region.name for region in page] == ["区03", "区05", "区06"]


def test_a_page_past_the_end_falls_back_to_the_counted_pages(regions):
    page = SmallCap(regions, 3).get_page(40)

    assert page.number == 4


def test_a_list_past_the_cap_offers_the_next_page_but_no_last_page(viewer_client, site_ledger, monkeypatch):
    monkeypatch.setattr(StaffListPaginator, "count_cap", 2)
    monkeypatch.setattr("reports.site.PAGE_SIZE", 1)
    monkeypatch.setattr("reports.campaign_views.ActivityListView.paginate_by", 1)

    page = viewer_client.get("/activities/?page=3").content.decode()

    assert "结果超过 2 条" in page
    assert "下一页" in page
    assert "末页" not in page


postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the count budget is PostgreSQL's")


@postgresql_only
def test_a_count_past_its_time_budget_gives_up(regions):
    slow = regions.extra(where=["pg_sleep(0.05) IS NOT NULL"])

    assert count_within_budget(slow, budget_ms=20) is None


@postgresql_only
def test_giving_up_leaves_the_statement_timeout_as_it_was(regions):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()[0]
        count_within_budget(regions.extra(where=["pg_sleep(0.05) IS NOT NULL"]), budget_ms=20)
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == before


def test_a_count_within_its_budget_is_exact(regions):
    assert count_within_budget(regions, budget_ms=5_000) == 25


def test_a_list_whose_count_gave_up_says_there_are_many(viewer_client, site_ledger, monkeypatch):
    monkeypatch.setattr("core.paging.count_within_budget", lambda queryset, budget_ms: None)
    monkeypatch.setattr("reports.campaign_views.ActivityListView.paginate_by", 1)

    page = viewer_client.get("/activities/").content.decode()

    assert "活动较多，未逐条计数" in page
    assert "下一页" in page


def test_a_list_whose_count_gave_up_but_fits_one_page_shows_its_count(viewer_client, site_ledger, monkeypatch):
    monkeypatch.setattr("core.paging.count_within_budget", lambda queryset, budget_ms: None)

    page = viewer_client.get("/activities/").content.decode()

    assert "共 <strong>4</strong> 条活动" in page


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_count_past_its_budget_gives_up_and_leaves_no_timeout_behind():
    for index in range(3):
        Region.objects.create(name=f"区{index}", full_name=f"测试省区{index}", level=Region.Level.COUNTY)

    assert count_within_budget(Region.objects.extra(where=["pg_sleep(0.05) IS NOT NULL"]), budget_ms=20) is None
    assert count_within_budget(Region.objects.all(), budget_ms=20) == 3
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] != "20ms"
