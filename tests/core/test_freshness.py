"""Figures cached until the ledger changes (wenming/freshness.py)."""

from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from campaigns.models import VolunteerRecord
from core.freshness import CachedPieces, LedgerStampPerRequest, cached_until_ledger_changes, ledger_stamp
from core.review import record_accept


def test_the_stamp_moves_when_a_record_is_written(site_ledger, reviewer):
    before = ledger_stamp()

    record_accept(record=VolunteerRecord.objects.get(review_status="pending"), user=reviewer)

    assert ledger_stamp() != before


def stamps_around_a_write(method: str, reviewer) -> tuple[str, str]:
    """The stamps a view sees before and after it accepts a record, through the middleware."""
    seen = []

    def view(request):
        seen.append(ledger_stamp())
        record_accept(record=VolunteerRecord.objects.filter(review_status="pending").first(), user=reviewer)
        seen.append(ledger_stamp())
        return HttpResponse()

    LedgerStampPerRequest(view)(RequestFactory().generic(method, "/"))
    return tuple(seen)


def test_a_post_request_sees_the_stamp_move_with_its_own_writes(site_ledger, reviewer):
    before, after = stamps_around_a_write("POST", reviewer)

    assert before != after


def test_a_get_request_reads_the_stamp_once(site_ledger, reviewer):
    before, after = stamps_around_a_write("GET", reviewer)

    assert before == after


def test_a_list_page_reads_the_stamp_in_one_query(viewer_client, site_ledger):
    with CaptureQueriesContext(connection) as queries:
        viewer_client.get("/volunteer/?q=社区")

    assert sum('MAX("history_id")' in query["sql"] for query in queries.captured_queries) == 1


def test_a_cached_figure_is_computed_once_while_nothing_changes(site_ledger):
    calls = []

    for _ in range(3):
        cached_until_ledger_changes("test-figure", lambda: calls.append(1) or len(calls))

    assert calls == [1]


def test_the_dashboard_shows_a_record_accepted_after_it_was_cached(admin_client, site_ledger, reviewer):
    before = admin_client.get("/").context["totals"].volunteer_hours

    record_accept(record=VolunteerRecord.objects.get(review_status="pending"), user=reviewer)

    assert admin_client.get("/").context["totals"].volunteer_hours == before + Decimal("30")


def test_the_volunteer_totals_follow_a_review(viewer_client, site_ledger, reviewer):
    before = viewer_client.get("/volunteer/").context["totals"]["hours"]

    record_accept(record=VolunteerRecord.objects.get(review_status="pending"), user=reviewer)

    assert viewer_client.get("/volunteer/").context["totals"]["hours"] == before + Decimal("30")


def test_pieces_give_any_slice_of_the_list(db):
    pieces = CachedPieces("test-pieces", lambda: list(range(250)))

    assert (len(pieces), pieces[95:105], pieces[240:260]) == (250, list(range(95, 105)), list(range(240, 250)))


def test_a_piece_once_read_is_not_loaded_again_while_nothing_changes(db):
    loads = []

    def load():
        loads.append(1)
        return list(range(250))

    first = CachedPieces("test-pieces", load)[100:110]
    again = CachedPieces("test-pieces", load)

    assert (first, again[100:110], len(again), len(loads)) == (list(range(100, 110)), list(range(100, 110)), 250, 1)


def test_a_piece_lost_from_the_cache_is_loaded_again(db):
    CachedPieces("test-pieces", lambda: list(range(250)))[:10]
    cache.clear()

    assert CachedPieces("test-pieces", lambda: list(range(250)))[199:201] == [199, 200]
