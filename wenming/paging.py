"""Pagination for the staff lists."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

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
