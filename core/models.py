"""The provenance and review base every extracted record shares: which article and
sentence it was read from, and where its review stands. Abstract only: the
concrete records live in units/ and campaigns/."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    ACCEPTED = "accepted", "已采纳"
    REJECTED = "rejected", "已驳回"


class DatePrecision(models.TextChoices):
    DAY = "day", "日"
    MONTH = "month", "月"
    YEAR = "year", "年"


def precise_date_text(day, precision: str) -> str:
    """A date only as precise as the source said it: 2019年, 2019年3月, 2019年3月5日."""
    if precision == DatePrecision.YEAR:
        return f"{day.year}年"
    if precision == DatePrecision.MONTH:
        return f"{day.year}年{day.month}月"
    return f"{day.year}年{day.month}月{day.day}日"


class ExtractedRecord(models.Model):
    """A record the importer can produce: it remembers its article and evidence
    sentence and waits for a reviewer. Records typed in by hand have no article
    and are accepted from the start."""

    article = models.ForeignKey(
        "articles.Article",
        verbose_name="来源文章",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_records",
    )
    evidence = models.TextField("证据原句", blank=True)
    evidence_start = models.PositiveIntegerField("原句起点", null=True, blank=True)
    evidence_end = models.PositiveIntegerField("原句终点", null=True, blank=True)
    review_status = models.CharField(
        "审核状态", max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.ACCEPTED, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_note = models.TextField("审核说明", blank=True, help_text="驳回或更正的理由")
    # Optimistic locking: a save carrying an older version than the row is refused.
    version = models.PositiveIntegerField("版本", default=1, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True
        indexes = [
            # What waits for review, by article: the dashboard's pending counts and
            # the article list's "has pending records" read only this small index.
            models.Index(fields=["article"], condition=Q(review_status=ReviewStatus.PENDING), name="%(class)s_pending"),
            # The review queue's order (articles/review_queue.py), newest first.
            models.Index(
                F("created_at").desc(),
                F("id").desc(),
                condition=Q(review_status=ReviewStatus.PENDING),
                name="%(class)s_queue",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(evidence_start__isnull=True) | Q(evidence_end__gte=F("evidence_start")),
                name="%(app_label)s_%(class)s_evidence_span_ordered",
            ),
        ]

    @property
    def is_extracted(self) -> bool:
        return self.article_id is not None
