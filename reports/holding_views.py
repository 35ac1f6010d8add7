"""Staff pages for honour holdings: who is due for review (复查) this year, whose
term ends or has ended, and one unit's honours as a timeline of events."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import View

from reports.ledger_bundle import ledger_bundle_enqueue
from reports.ledger_items import DEFAULT_SYSTEM, SYSTEMS
from reports.site import Column, FilteredListView, StaffDetailView, StaffViewMixin
from units.holdings import Holding, HoldingState, unit_holdings
from units.models import HonourAward, HonourRound, Region, Unit


class DueReviewListView(FilteredListView):
    export_key = "due_reviews"
    template_name = "units/due_review_list.html"
    columns = (
        Column("单位", "unit"),
        Column("荣誉称号", "honour"),
        Column("届次"),
        Column("最近事件", "latest", descending_first=True),
        Column("任期止", "term_end", descending_first=True),
        Column("状态"),
        Column("证据"),
    )

    def get_extra_context(self, filterset, queryset) -> dict:
        return {
            "states": HoldingState.choices,
            "bundle_region": filterset.form.cleaned_data.get("region") if filterset.is_valid() else None,
            "ledger_systems": SYSTEMS.values(),
            "default_system": DEFAULT_SYSTEM,
        }


class ExpiringListView(DueReviewListView):
    export_key = "expiring"
    template_name = "units/expiring_list.html"


@dataclass
class TimelineRow:
    holding: Holding
    cells: list[list[HonourAward]]  # one list of events per year column
    undated: list[HonourAward]
    state: HoldingState


class UnitHonourTimelineView(StaffDetailView):
    """Rounds across, the unit's events as marks, each mark a link to its evidence."""

    model = Unit
    template_name = "units/unit_honours.html"
    context_object_name = "unit"

    def get_permission_required(self):
        return ("units.view_unit", "units.view_honouraward")

    def get_queryset(self):
        return Unit.objects.select_related("region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        holdings = unit_holdings(self.object)
        years = sorted({e.year for h in holdings for e in h.events if e.year} | {today.year})
        columns = list(range(years[0], max(years) + 1))
        rounds = HonourRound.objects.filter(honour__in=[h.honour for h in holdings], year__in=columns)
        round_marks: dict[int, list[str]] = {}
        for honour_round in rounds.select_related("honour").order_by("year", "honour__name"):
            round_marks.setdefault(honour_round.year, []).append(f"{honour_round.honour.name}{honour_round.label_text}")
        rows = []
        for holding in holdings:
            by_year = {year: [] for year in columns}
            for event in holding.events:
                if event.year:
                    by_year[event.year].append(event)
            undated = [e for e in holding.events if not e.year]
            rows.append(TimelineRow(holding, [by_year[y] for y in columns], undated, holding.state(today)))
        context.update(
            rows=rows,
            columns=[(year, round_marks.get(year, [])) for year in columns],
            today=today,
        )
        return context


class LedgerBundleForm(forms.Form):
    region = forms.ModelChoiceField(queryset=Region.objects.all(), error_messages={"required": "请先选择地区。"})
    year = forms.IntegerField(min_value=1949, max_value=2100)
    system = forms.ChoiceField(choices=[(key, s.label) for key, s in SYSTEMS.items()])
    with_pdf = forms.BooleanField(required=False)


class LedgerBundleView(StaffViewMixin, View):
    """POST from the due list: the ledgers of the region's due units as one ZIP, built
    in the background; the answer is the bundle's page, which follows the job."""

    permission_required = ("units.view_unit", "campaigns.view_activity", "campaigns.view_volunteerrecord")

    def post(self, request, *args, **kwargs):
        form = LedgerBundleForm(request.POST)
        if not form.is_valid():
            messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
            return redirect(f"{reverse('units:due_review_list')}?{request.POST.get('query', '')}")
        data = form.cleaned_data
        bundle = ledger_bundle_enqueue(
            user=request.user,
            region=data["region"],
            year=data["year"],
            system=data["system"],
            formats=["xlsx", "pdf"] if data["with_pdf"] else ["xlsx"],
        )
        return redirect("exports:export_file", key=bundle.key)
