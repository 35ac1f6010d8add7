"""Staff pages for honour holdings: who is due for review (复查) this year, whose
term ends or has ended, and one unit's honours as a timeline of events."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from reports.site import Column, FilteredListView, StaffDetailView
from units.holdings import Holding, HoldingState, unit_holdings
from units.models import HonourAward, HonourRound, Unit


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
        return {"states": HoldingState.choices}


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
