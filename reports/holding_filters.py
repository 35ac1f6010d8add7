"""FilterSets for the holdings lists: due for review (复查) and expiring or lapsed.

A row is a holding, shown through its latest counting event (units.holdings). The
filters on what all of a holding's events share (unit, region, honour) narrow the
events before the latest is picked; the others read the latest event's derived
state, so they apply after."""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from core.filtering import SiteFilterSet, WordSearchFilter, nulls_last, sort_ordering
from reports.unit_filters import RegionFilter, honour_choice_filter
from units.holdings import ENDING_EVENTS, LIVE_STATES, HoldingState, due_q, latest_events, state_in, state_q
from units.models import Honour, HonourAward, HonourRound
from units.queries import unit_alias_q

IDLE_DAYS = 365  # "no accepted activity in the last 12 months"
ENDING = "ending"  # the expiring list's "term ends this year"


class RoundChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.honour.name} {obj.label_text}（{obj.year}年）"


class RoundFilter(django_filters.ModelChoiceFilter):
    field_class = RoundChoiceField


def round_choices():
    return HonourRound.objects.select_related("honour").order_by("honour__level", "honour__name", "number")


def idle_q(today) -> Q:
    """The unit organised no accepted activity in the 12 months up to `today` (its
    tally keeps its newest accepted activity's date: campaigns/tallies.py)."""
    cutoff = today - timedelta(days=IDLE_DAYS)
    return Q(unit__tally__last_activity_on__isnull=True) | Q(unit__tally__last_activity_on__lte=cutoff)


class HoldingFilterSet(SiteFilterSet):
    holding_filters = ("q", "region", "level", "category", "honour")
    default_order = ("unit__name", "honour__name")

    q = WordSearchFilter(lookups=[unit_alias_q("unit__")], label="单位")
    region = RegionFilter(field_name="unit__region")
    level = django_filters.ChoiceFilter(
        label="荣誉级别", field_name="honour__level", choices=Honour.Level.choices, empty_label="全部级别"
    )
    category = django_filters.ChoiceFilter(
        label="荣誉类别", field_name="honour__category", choices=Honour.Category.choices, empty_label="全部类别"
    )
    honour = honour_choice_filter()
    year = django_filters.NumberFilter(
        label="年度", method="keep", widget=forms.NumberInput(attrs={"min": 1949, "max": 2100, "step": 1})
    )
    sort = sort_ordering(
        fields={
            "unit__name": "unit",
            "honour__name": "honour",
            "term_end_year": "term_end",
            "year": "latest",
        },
    )

    class Meta:
        model = HonourAward
        fields = []

    def apply_defaults(self, data) -> None:
        super().apply_defaults(data)
        if not data.get("year"):
            data["year"] = str(timezone.localdate().year)

    @property
    def review_year(self) -> int:
        value = self.form.cleaned_data.get("year") if self.is_valid() else None
        return int(value) if value else timezone.localdate().year

    def holdings(self, events):
        """The rows this list shows: latest events of holdings (subclasses narrow them)."""
        return latest_events(events).annotate(state=state_in(self.review_year))

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        for name in self.holding_filters:
            queryset = self.filters[name].filter(queryset, data.get(name))
        rows = self.holdings(queryset)
        for name, value in data.items():
            if name not in self.holding_filters:
                rows = self.filters[name].filter(rows, value)
        ordering = list(rows.query.order_by) or list(self.default_order)
        rows = rows.select_related("unit", "unit__region", "honour", "round", "article")
        return rows.order_by(*(nulls_last(term) for term in ordering), "-pk")


class DueReviewFilterSet(HoldingFilterSet):
    round = RoundFilter(label="所属届次", queryset=round_choices(), empty_label="全部届次", field_name="round")
    state = django_filters.ChoiceFilter(
        label="状态",
        choices=[(s.value, s.label) for s in LIVE_STATES],
        empty_label="有效及警告整改中",
        method="filter_state",
    )
    idle = django_filters.BooleanFilter(
        label="近12个月无已采纳活动",
        method="filter_idle",
        widget=forms.CheckboxInput,
    )

    def holdings(self, events):
        latest = latest_events(events, term_ends_from=self.review_year)
        return latest.annotate(state=state_in(self.review_year)).filter(due_q(self.review_year))

    def filter_state(self, queryset, name, value):
        return queryset.filter(state_q([value], self.review_year)) if value else queryset

    def filter_idle(self, queryset, name, value):
        return queryset.filter(idle_q(timezone.localdate())) if value else queryset


class ExpiringFilterSet(HoldingFilterSet):
    """Holdings whose term ends this year, has ended unconfirmed, or that were
    revoked or lapsed; or, for one round, the holders its retention list left out.
    Newest events first: what ended lately matters most."""

    default_order = ("-year", "unit__name", "honour__name")

    state = django_filters.ChoiceFilter(
        label="情况",
        choices=[
            (ENDING, "本年度期满"),
            *((s.value, s.label) for s in (HoldingState.EXPIRED, HoldingState.REVOKED, HoldingState.LAPSED)),
        ],
        empty_label="全部情况",
        method="filter_state",
    )
    missing_from = RoundFilter(
        label="未见于该届复查保留名单",
        queryset=round_choices(),
        empty_label="不限",
        method="filter_missing_from",
    )

    def holdings(self, events):
        return super().holdings(events).filter(self.ended_q() | self.ending_q())

    def filter_state(self, queryset, name, value):
        if not value:
            return queryset
        if value == ENDING:
            return queryset.filter(self.ending_q())
        return queryset.filter(state_q([value], self.review_year))

    def ended_q(self) -> Q:
        return state_q((HoldingState.EXPIRED, HoldingState.REVOKED, HoldingState.LAPSED), self.review_year)

    def ending_q(self) -> Q:
        """Held or warned, and the term's last year is this one."""
        return state_q(LIVE_STATES, self.review_year) & Q(term_end_year=self.review_year)

    def filter_missing_from(self, queryset, name, value):
        """Holders of the round's honour whose latest event came before the round:
        the round named or retained them not (meaningful once its list is read)."""
        if not value:
            return queryset
        return queryset.filter(honour=value.honour_id, year__lt=value.year).exclude(status__in=tuple(ENDING_EVENTS))


def due_review_filterset(*, data=None) -> DueReviewFilterSet:
    return DueReviewFilterSet(data, queryset=HonourAward.objects.all())


def expiring_filterset(*, data=None) -> ExpiringFilterSet:
    return ExpiringFilterSet(data, queryset=HonourAward.objects.all())
