"""Reads for articles: the filtered list (wrapping the FilterSet) and an
article's page, its text with the records read from it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import OuterRef, QuerySet
from django.db.models.functions import Coalesce

from articles.models import Article
from campaigns.models import Activity, VolunteerRecord
from core.models import ReviewStatus
from core.queries import subquery_count
from reports.article_filters import ArticleFilterSet
from units.models import HonourAward, Unit, UnitAlias


def article_queryset() -> QuerySet[Article]:
    # The list never shows the text; leaving it out keeps pages of long
    # articles light.
    return (
        Article.objects.select_related("source")
        .defer("text", "raw_text")
        .annotate(
            honour_count=_count(HonourAward),
            activity_count=_count(Activity),
            volunteer_count=_count(VolunteerRecord),
            pending_count=_count(HonourAward, ReviewStatus.PENDING)
            + _count(Activity, ReviewStatus.PENDING)
            + _count(VolunteerRecord, ReviewStatus.PENDING)
            + _count(Unit, ReviewStatus.PENDING)
            + _count(UnitAlias, ReviewStatus.PENDING),
        )
    )


def _count(model, status: str = ReviewStatus.ACCEPTED) -> Coalesce:
    return subquery_count(model.objects.filter(article=OuterRef("pk"), review_status=status), "article")


def article_filterset(*, data: Mapping | None = None) -> ArticleFilterSet:
    return ArticleFilterSet(data, queryset=article_queryset())


@dataclass
class Segment:
    """A stretch of the article's text; ``marks`` names the records whose
    evidence it is (empty for plain text)."""

    text: str
    marks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ArticleDetail:
    article: Article
    segments: list[Segment]
    units: list[Unit]
    aliases: list[UnitAlias]
    honours: list[HonourAward]
    activities: list[Activity]
    volunteer_records: list[VolunteerRecord]


def _span(text: str, record) -> tuple[int, int] | None:
    start, end = record.evidence_start, record.evidence_end
    if start is not None and end is not None and 0 <= start < end <= len(text):
        return start, end
    # Records typed in by hand may quote their evidence without offsets.
    if record.evidence:
        found = text.find(record.evidence)
        if found >= 0:
            return found, found + len(record.evidence)
    return None


def evidence_segments(text: str, records: list[tuple[str, object]]) -> list[Segment]:
    """Cut ``text`` at every evidence boundary so the page can mark each
    sentence a record was read from; overlapping evidence is marked once,
    naming all its records."""
    spans = []
    for label, record in records:
        span = _span(text, record)
        if span:
            spans.append((*span, label))
    cuts = sorted({0, len(text), *(start for start, _, _ in spans), *(end for _, end, _ in spans)})
    segments = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        marks = [label for s, e, label in spans if s <= start and end <= e]
        if segments and segments[-1].marks == marks:
            segments[-1].text += text[start:end]
        else:
            segments.append(Segment(text[start:end], marks))
    return segments


def article_detail(*, article: Article) -> ArticleDetail:
    units = list(Unit.objects.filter(article=article).select_related("region").order_by("name"))
    aliases = list(UnitAlias.objects.filter(article=article).select_related("unit").order_by("name"))
    honours = list(
        HonourAward.objects.filter(article=article).select_related("unit", "honour").order_by("evidence_start", "pk")
    )
    activities = list(
        Activity.objects.filter(article=article)
        .select_related("campaign")
        .prefetch_related("organiser_roles__unit")
        .order_by("evidence_start", "pk")
    )
    volunteer_records = list(
        VolunteerRecord.objects.filter(article=article).select_related("unit").order_by("evidence_start", "pk")
    )
    labelled = [
        *((f"荣誉：{award}", award) for award in honours),
        *((f"活动：{activity.title}", activity) for activity in activities),
        *((f"志愿服务：{record}", record) for record in volunteer_records),
    ]
    return ArticleDetail(
        article=article,
        segments=evidence_segments(article.text, labelled),
        units=units,
        aliases=aliases,
        honours=honours,
        activities=activities,
        volunteer_records=volunteer_records,
    )
