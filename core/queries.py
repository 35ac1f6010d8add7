"""Query pieces the apps' selectors share."""

from django.db.models import Count, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

# Lists name a record's source article; its text (often many kilobytes, twice:
# cleaned and raw) stays behind: ``.defer(*ARTICLE_TEXT)`` with select_related.
ARTICLE_TEXT = ("article__text", "article__raw_text")


def subquery_count(queryset: QuerySet, outer_field: str) -> Coalesce:
    """How many rows of ``queryset`` (filtered on ``OuterRef`` through
    ``outer_field``) each outer row has, 0 for none. A correlated subquery
    rather than a join, so counting several relations multiplies no rows."""
    counted = queryset.order_by().values(outer_field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
