"""Pagination for the staff lists and the admin change lists."""

from math import ceil

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import OperationalError, connections, transaction
from django.db.models import QuerySet
from django.db.models.sql.where import WhereNode
from django.utils.functional import cached_property

from core.freshness import cached_for_query

# Counting stops here: past ten thousand rows nobody pages through a list in a
# browser (the export is for that), and counting a huge filtered table exactly
# can cost more than fetching the page itself.
COUNT_CAP = 10_000


class CappedCountPaginator(Paginator):
    """Shows an exact count up to COUNT_CAP rows and "more than COUNT_CAP" past it.

    The count query selects only primary keys (no annotations, no ordering)
    and stops after COUNT_CAP + 1 rows, so its cost is bounded whatever the
    table size. Pages past the cap are not offered.
    """

    count_cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        found = self.object_list.order_by().values("pk")[: self.count_cap + 1].count()
        self.count_is_capped = found > self.count_cap
        return min(found, self.count_cap)

    count_is_capped = False


class ChangeListPaginator(CappedCountPaginator):
    """For the admin change lists of big tables.

    An unfiltered list on PostgreSQL past the cap shows the planner's row
    estimate (``pg_class.reltuples``, refreshed by ANALYZE and autovacuum)
    instead of counting a million rows on every page view, and offers the pages
    up to the cap; a filtered or searched list, a smaller table and SQLite get
    the capped count. The change list shows "约 N" for an estimate and "N+" for
    a capped count (templates/admin/pagination.html).
    """

    count_is_estimate = False

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not self._is_whole_table_on_postgresql(queryset):
            return super().count
        # One query for both, so that the page costs as many queries at any size:
        # the capped count, and the estimate for when the count reaches the cap
        # (below it the count is exact and cheap; the estimate may also be stale,
        # or -1 before the first ANALYZE).
        connection = connections[queryset.db]
        sql, params = queryset.order_by().values("pk")[: self.count_cap + 1].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT COUNT(*) FROM ({sql}) capped), "
                "(SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s))",
                [*params, connection.ops.quote_name(queryset.model._meta.db_table)],
            )
            found, estimate = cursor.fetchone()
        if found > self.count_cap and estimate is not None and estimate > self.count_cap:
            self.count_is_estimate = True
            return estimate
        self.count_is_capped = found > self.count_cap
        return min(found, self.count_cap)

    @cached_property
    def num_pages(self) -> int:
        # Pages only up to the cap, as for a capped count: a page deep in a million
        # rows is an OFFSET the database must walk (9–18 s at page 9,999).
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        pages = ceil(max(1, self.count - self.orphans) / self.per_page)
        return min(pages, ceil(self.count_cap / self.per_page)) if self.count_is_estimate else pages

    @staticmethod
    def _is_whole_table_on_postgresql(queryset) -> bool:
        if not isinstance(queryset, QuerySet) or connections[queryset.db].vendor != "postgresql":
            return False
        query = queryset.query
        return not (query.where or query.distinct or query.combinator or query.low_mark or query.high_mark is not None)


class StaffListPaginator(CappedCountPaginator):
    """For the staff lists: an exact count up to a thousand rows, and past
    that, pages without a total.

    A thousand rows bound the count's cost (a keyword or region filter is
    tested row by row until that many match); a reader paging further gets
    each next page as long as rows remain: every page past the cap fetches one
    row more than it shows, to know whether another page follows.

    On PostgreSQL the count also has a time budget (COUNT_BUDGET_MS): a rare
    search word can need half the table read before a thousand rows match,
    and a page of results should not wait seconds for its total. Past the
    budget the list says only that there are many.
    """

    count_cap = 1_000
    count_is_unknown = False
    _open_pages: int | None = None

    @cached_property
    def count(self) -> int:
        counted = self.object_list.order_by().values("pk")[: self.count_cap + 1]
        # Kept until the ledger changes: paging through a list, or coming back
        # to it, asks the same question again. Keyed by the query itself.
        found = cached_for_query(
            "list-count", counted, lambda: count_within_budget(counted, budget_ms=settings.COUNT_BUDGET_MS), nothing=0
        )
        if found is None:
            self.count_is_unknown = self.count_is_capped = True
            return self.count_cap
        self.count_is_capped = found > self.count_cap
        return min(found, self.count_cap)

    @property
    def num_pages(self) -> int:
        counted = super().num_pages
        if self.count_is_capped and self._open_pages is not None:
            return max(counted, self._open_pages)
        return counted

    def validate_number(self, number):
        if not (self.count and self.count_is_capped):
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("页码必须是整数") from None
        if number < 1:
            raise EmptyPage("页码不能小于 1")
        return number

    def get_page(self, number):
        try:
            return super().get_page(number)
        except EmptyPage:
            # Past the last row beyond the cap: the last page that was counted.
            return self.page(super().num_pages)

    def page(self, number):
        number = self.validate_number(number)
        if not self.count_is_capped:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = rows_by_ids(self.object_list, self._page_ids(number, bottom, bottom + self.per_page + 1))
        if self.count_is_unknown and number == 1 and len(rows) <= self.per_page:
            # The first page holds every row: the count is known after all.
            self.__dict__["count"] = len(rows)
            self.count_is_unknown = self.count_is_capped = False
            return super().page(number)
        if not rows:
            raise EmptyPage("这一页没有记录")
        self._open_pages = number + 1 if len(rows) > self.per_page else number
        return self._get_page(rows[: self.per_page], number, self)

    def _page_ids(self, number: int, bottom: int, top: int) -> list:
        """The ids of the rows from bottom to top, in the list's order.

        Past the first page they come from a block of ids (count_cap rows, and a
        page more so that every page starting in it fits), read once and kept until
        the ledger changes: paging on through a busy search, or coming back to a
        page, then costs the same at page 30 as at page 2, where each page's
        OFFSET sorts every match before it again. The ids alone, not the rows: the
        sort then carries only its keys, and the list's joins are made for one
        page. Where the count ran out of time (a rare word: its first page is
        cheap, a block of its rows need not be), each page reads its own ids."""
        ids = self.object_list.values_list("pk", flat=True)
        if number == 1 or self.count_is_unknown:
            return list(ids[bottom:top])
        start = bottom - bottom % self.count_cap
        block = ids[start : start + self.count_cap + self.per_page + 1]
        return cached_for_query("list-ids", block, lambda: list(block), nothing=[])[bottom - start : top - start]


def count_within_budget(queryset: QuerySet, *, budget_ms: int | None) -> int | None:
    """``queryset.count()``, or None when PostgreSQL needs longer than the budget."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or not budget_ms:
        return queryset.count()
    timeout = f"{int(budget_ms)}ms"
    try:
        if not connection.in_atomic_block:
            # A transaction of its own: the setting ends with it.
            with transaction.atomic(using=queryset.db), connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL statement_timeout = '{timeout}'")
                return queryset.count()
        # Inside a caller's transaction: a savepoint survives the cancel, and
        # the caller's own timeout comes back afterwards.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('statement_timeout'), set_config('statement_timeout', %s, true)", [timeout]
            )
            previous = cursor.fetchone()[0]
            try:
                with transaction.atomic(using=queryset.db):
                    return queryset.count()
            finally:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) != QUERY_CANCELED:
            raise
        return None


QUERY_CANCELED = "57014"


class SearchResultPaginator(CappedCountPaginator):
    """For the admin's searches: the matching ids are read once, in the list's
    order and up to the cap, and both the count and the page come from that
    read. A search whose matches lie scattered through a big table then scans
    it once, not once to count and again to find the page; and once until the
    ledger changes, not once per page."""

    @cached_property
    def _ids(self) -> list:
        # Kept until the ledger changes: paging through the results, or coming
        # back to them from a record, asks the same search again.
        ids = self.object_list.values_list("pk", flat=True)[: self.count_cap + 1]
        return cached_for_query("search-ids", ids, lambda: list(ids), nothing=[])

    @cached_property
    def count(self) -> int:
        self.count_is_capped = len(self._ids) > self.count_cap
        return min(len(self._ids), self.count_cap)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(rows_by_ids(self.object_list, self._ids[bottom:top]), number, self)


def rows_by_ids(queryset: QuerySet, ids: list) -> list:
    """The queryset's rows (its joins, annotations and prefetches) for these ids,
    in their order. Its own conditions are dropped: the ids have matched them
    already, and testing them again can cost a scan of its own."""
    if not ids:
        return []
    rows = queryset.order_by()
    rows.query.where = WhereNode()
    found = rows.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


class LedgerCountPaginator(Paginator):
    """An exact count, kept until the ledger changes (keyed by the count query):
    paging through a list asks it again on every page, and a count of every
    pending record grows with the ledger."""

    @cached_property
    def count(self) -> int:
        return cached_for_query("exact-count", self.object_list, lambda: Paginator.count.func(self), nothing=0)
