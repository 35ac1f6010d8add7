"""FilterSet for the article list."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from articles.models import Article, Source
from campaigns.models import Activity, VolunteerRecord
from core.filtering import SiteFilterSet, WordSearchFilter, date_range_filter, sort_ordering
from core.models import ReviewStatus
from reports.unit_selectors import unit_article_ids
from units.models import HonourAward, Unit, UnitAlias


def record_models():
    return (Unit, UnitAlias, HonourAward, Activity, VolunteerRecord)


class ArticleFilterSet(SiteFilterSet):
    q = WordSearchFilter(lookups=["title", "subtitle", "text"])
    source = django_filters.ModelChoiceFilter(
        label="报刊来源", queryset=Source.objects.order_by("name"), empty_label="全部来源"
    )
    date = date_range_filter(label="日期", field_name="published_on")
    has_pending = django_filters.BooleanFilter(
        label="含待审核记录",
        method="filter_has_pending",
        widget=forms.Select(choices=[("", "不限"), ("true", "是"), ("false", "否")]),
    )
    unit = django_filters.ModelChoiceFilter(
        label="提及单位", queryset=Unit.objects.all(), widget=forms.HiddenInput, method="filter_unit"
    )
    sort = sort_ordering(fields={"published_on": "date", "title": "title", "source__name": "source"})

    class Meta:
        model = Article
        fields = []

    def filter_has_pending(self, queryset, name, value):
        pending = [model.objects.filter(review_status=ReviewStatus.PENDING) for model in record_models()]
        if value:
            # One correlated EXISTS over a UNION ALL of the five partial indexes: the
            # list walks articles newest first and probes each until the page is full,
            # so a page costs the same at any size. (PostgreSQL hashes an IN or an OR of
            # EXISTS, reading every pending record on every page; it cannot hash a union.)
            probes = [records.filter(article=OuterRef("pk")).values("article_id") for records in pending]
            return queryset.filter(Exists(probes[0].union(*probes[1:], all=True)))
        # Articles without pending records are the rare ones: a probe per article would
        # visit them all, so each table's pending articles are read once and hashed.
        hashed = Q()
        for records in pending:
            hashed |= Q(pk__in=records.filter(article__isnull=False).values("article_id"))
        return queryset.exclude(hashed)

    def filter_unit(self, queryset, name, value):
        return queryset.filter(pk__in=sorted(unit_article_ids(unit=value)))
