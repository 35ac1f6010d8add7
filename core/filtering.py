"""Pieces every list's FilterSet shares: Chinese word search, the review-status
default, whitelisted sorting and a description of the filters in force.

The FilterSets themselves live in each app's ``filters.py``; selectors wrap them
so the list view, its export and the ``export`` command filter identically.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import django_filters
import jieba
from django import forms
from django.db.models import F, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from core.models import ReviewStatus

# A lookup is a field path searched with icontains, or a function that builds
# the Q for one word (for aliases held in another table or in JSON).
Lookup = str | Callable[[str], Q]

SORT_PARAM = "sort"
ALL_STATUSES = "all"


def search_words(text: str | None) -> list[str]:
    """The words a search requires, segmented with jieba's search mode.

    Punctuation and spaces are dropped. A word contained in another required
    word is dropped too: it would match whenever the longer one does, so it
    only lengthens the SQL.
    """
    words: list[str] = []
    for token in jieba.lcut_for_search(text or ""):
        token = token.strip()
        if token and any(ch.isalnum() for ch in token) and token not in words:
            words.append(token)
    return [word for word in words if not any(word != other and word in other for other in words)]


def text_contains_q(field: str, word: str) -> Q:
    """``field`` contains ``word``, ignoring case where the word has any.

    Chinese has no case: for a word without cased letters a plain LIKE finds
    the same rows, and saves PostgreSQL an UPPER() of every value it tests
    (a third of the time of a search over a hundred thousand unit names).
    """
    caseless = word.upper() == word.lower()
    return Q(**{f"{field}__{'contains' if caseless else 'icontains'}": word})


def all_words_q(words: Iterable[str], lookups: Sequence[Lookup]) -> Q:
    """Every word must match at least one of the lookups."""
    combined = Q()
    for word in words:
        any_field = Q()
        for lookup in lookups:
            any_field |= lookup(word) if callable(lookup) else text_contains_q(lookup, word)
        combined &= any_field
    return combined


class WordSearchFilter(django_filters.CharFilter):
    """A keyword box that works for Chinese: 志愿服务 finds 志愿服务活动 and
    志愿者服务; 文明 单位 finds 全国文明单位."""

    def __init__(self, *args, lookups: Sequence[Lookup], **kwargs):
        kwargs.setdefault("label", "关键词")
        placeholder = "可输入多个词，以空格分隔"
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "search", "placeholder": placeholder}))
        super().__init__(*args, **kwargs)
        self.lookups = list(lookups)

    def filter(self, qs, value):
        words = search_words(value)
        if not words:
            return qs
        return qs.filter(all_words_q(words, self.lookups))


def nulls_last(term):
    """Rows without a date or figure go last in either direction, on SQLite
    (which sorts NULL first) and PostgreSQL (which sorts it last) alike."""
    if not isinstance(term, str):
        return term
    if term.startswith("-"):
        return F(term[1:]).desc(nulls_last=True)
    return F(term).asc(nulls_last=True)


class SiteFilterSet(django_filters.FilterSet):
    """Always bound, so an empty query string still applies the defaults, and
    always totally ordered, so pagination never repeats or skips a row."""

    # Parameters that belong to the page, not to the filter.
    page_params = ("page",)

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        self.apply_defaults(data)
        super().__init__(data, *args, **kwargs)
        # Declared in a base class, so django-filter would put it first; the
        # form reads better with the subject filters first.
        if "review_status" in self.filters:
            self.filters["review_status"] = self.filters.pop("review_status")
        self._drop_unknown_sort_keys()

    def apply_defaults(self, data) -> None:
        """Fill in defaults for missing parameters (subclasses extend)."""

    def _drop_unknown_sort_keys(self) -> None:
        # Unknown sort keys are ignored rather than reported: a stale bookmark
        # should still show its rows.
        ordering = self.filters.get(SORT_PARAM)
        raw = self.data.get(SORT_PARAM)
        if ordering is None or not raw:
            return
        allowed = set(ordering.param_map)
        kept = [key for key in raw.split(",") if key.strip().lstrip("-") in allowed]
        self.data[SORT_PARAM] = ",".join(kept)

    def keep(self, queryset, name, value):
        """Filter method for fields that ``filter_queryset`` applies jointly."""
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
        if not {"pk", "-pk", "id", "-id"} & set(ordering):
            ordering.append("-pk")
        return queryset.order_by(*(nulls_last(term) for term in ordering))

    @property
    def sort_keys(self) -> set[str]:
        ordering = self.filters.get(SORT_PARAM)
        return set(ordering.param_map) if ordering is not None else set()

    @property
    def current_sort(self) -> str:
        return (self.data.get(SORT_PARAM) or "").split(",")[0]

    def result(self) -> QuerySet:
        """The filtered queryset, or nothing at all when the filters are invalid:
        a list that silently ignored a bad filter would mislead."""
        if not self.is_valid():
            return self.queryset.none()
        return self.qs


class ReviewedFilterSet(SiteFilterSet):
    """For extracted records: accepted ones only unless another status is asked for."""

    review_status = django_filters.ChoiceFilter(
        label="审核状态",
        choices=[*ReviewStatus.choices, (ALL_STATUSES, "全部")],
        empty_label=None,
        method="filter_review_status",
    )

    def apply_defaults(self, data) -> None:
        super().apply_defaults(data)
        if not data.get("review_status"):
            data["review_status"] = ReviewStatus.ACCEPTED

    def filter_review_status(self, queryset, name, value):
        if value == ALL_STATUSES:
            return queryset
        return queryset.filter(review_status=value)


def sort_ordering(fields: dict[str, str]) -> django_filters.OrderingFilter:
    """A whitelisted ``?sort=`` parameter: ``fields`` maps model paths to the keys
    the URL uses; a leading ``-`` sorts descending. Hidden: the column headers
    are the controls."""
    return django_filters.OrderingFilter(label="排序", fields=fields, widget=forms.HiddenInput)


@dataclass(frozen=True)
class ActiveFilter:
    """A filter the person set, with a link that removes just that one."""

    label: str
    value: str
    remove_query: str


def _param_names(name: str, field: forms.Field) -> list[str]:
    widget = field.widget
    if isinstance(widget, forms.MultiWidget) and hasattr(widget, "suffixes"):
        return [f"{name}_{suffix}" if suffix else name for suffix in widget.suffixes]
    return [name]


def _end(value) -> str:
    if value is None:
        return "…"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    return str(value)


def _display(field: forms.Field, cleaned, raw: list[str]) -> str:
    if isinstance(cleaned, slice):
        return f"{_end(cleaned.start)} 至 {_end(cleaned.stop)}"
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return str(dict(field.choices).get(cleaned, cleaned))
    if cleaned not in (None, ""):
        return str(cleaned)
    return " ".join(raw)


def active_filters(filterset: SiteFilterSet, query: QueryDict) -> list[ActiveFilter]:
    """The filters set in ``query`` (defaults and sorting are not listed)."""
    form = filterset.form
    cleaned = getattr(form, "cleaned_data", {})
    found = []
    for name, field in form.fields.items():
        if name in (SORT_PARAM, "review_status"):
            continue
        params = _param_names(name, field)
        raw = [value for param in params for value in query.getlist(param) if value.strip()]
        if not raw:
            continue
        remaining = query.copy()
        for param in (*params, *filterset.page_params):
            remaining.pop(param, None)
        found.append(ActiveFilter(str(field.label), _display(field, cleaned.get(name), raw), remaining.urlencode()))
    status = query.get("review_status")
    if status and status != ReviewStatus.ACCEPTED and "review_status" in form.fields:
        remaining = query.copy()
        for param in ("review_status", *filterset.page_params):
            remaining.pop(param, None)
        label = dict(form.fields["review_status"].choices).get(status, status)
        found.append(ActiveFilter("审核状态", str(label), remaining.urlencode()))
    return found


def year_range_filter(**kwargs) -> django_filters.RangeFilter:
    """``<name>_min`` / ``<name>_max`` in the URL; either end may be left open."""
    kwargs.setdefault("widget", _year_widget())
    return django_filters.RangeFilter(**kwargs)


def _year_widget() -> django_filters.widgets.RangeWidget:
    return django_filters.widgets.RangeWidget(attrs={"type": "number", "min": 1949, "max": 2100, "step": 1})


class DateYearRangeFilter(django_filters.RangeFilter):
    """A year range over a date field, written as a date range: ``date >=
    'Y1-01-01' AND date <= 'Y2-12-31'`` can use the field's index, where
    ``EXTRACT(YEAR FROM date) BETWEEN Y1 AND Y2`` reads every row."""

    def filter(self, qs, value):
        if not value:
            return qs
        years = [int(end) for end in (value.start, value.stop) if end is not None]
        if any(not datetime.MINYEAR <= year <= datetime.MAXYEAR for year in years):
            return qs.none()  # no date lies in year 0 or 10000
        if value.start is not None:
            qs = qs.filter(**{f"{self.field_name}__gte": datetime.date(int(value.start), 1, 1)})
        if value.stop is not None:
            qs = qs.filter(**{f"{self.field_name}__lte": datetime.date(int(value.stop), 12, 31)})
        return qs


def date_year_range_filter(**kwargs) -> DateYearRangeFilter:
    """Like year_range_filter, for a date field: ``<name>_min`` / ``<name>_max`` years."""
    kwargs.setdefault("widget", _year_widget())
    return DateYearRangeFilter(**kwargs)


def date_range_filter(**kwargs) -> django_filters.DateFromToRangeFilter:
    """``<name>_after`` / ``<name>_before`` in the URL (ISO dates, inclusive)."""
    kwargs.setdefault("widget", django_filters.widgets.DateRangeWidget(attrs={"type": "date"}))
    return django_filters.DateFromToRangeFilter(**kwargs)
