"""Staff pages for units and honours (reads only; editing is in the admin)."""

from django.http import Http404
from django.shortcuts import redirect

from reports.ledger_items import SYSTEMS
from reports.ledger_views import ledger_years
from reports.site import Column, FilteredListView, StaffDetailView
from reports.unit_selectors import unit_detail
from units.models import HonourAward, Unit
from units.queries import unit_merged_into


class UnitListView(FilteredListView):
    export_key = "units"
    template_name = "units/unit_list.html"
    columns = (
        Column("单位名称", "name"),
        Column("类型", "kind"),
        Column("所属地区", "region"),
        Column("荣誉", "honours", descending_first=True),
        Column("活动", "activities", numeric=True, descending_first=True),
        Column("志愿服务时长（小时）", "hours", numeric=True, descending_first=True),
    )


class HonourAwardListView(FilteredListView):
    export_key = "honours"
    template_name = "units/honouraward_list.html"
    columns = (
        Column("年份", "year", descending_first=True),
        Column("单位", "unit"),
        Column("荣誉称号", "honour"),
        Column("级别", "level"),
        Column("届次"),
        Column("状态", "status"),
        Column("审核"),
        Column("来源"),
    )


class UnitDetailView(StaffDetailView):
    model = Unit
    template_name = "units/unit_detail.html"
    context_object_name = "unit"

    def get_queryset(self):
        return Unit.objects.select_related("region", "region__parent", "parent", "article")

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A unit merged into another keeps its address: links to it lead to the survivor.
            survivor = unit_merged_into(unit_id=self.kwargs["pk"])
            if survivor is None:
                raise
            return redirect("units:unit_detail", pk=survivor.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["detail"] = unit_detail(unit=self.object)
        context["ledger_years"] = ledger_years()
        context["ledger_systems"] = SYSTEMS.values()
        return context


class HonourAwardDetailView(StaffDetailView):
    model = HonourAward
    template_name = "units/honouraward_detail.html"
    context_object_name = "award"

    def get_queryset(self):
        return HonourAward.objects.select_related(
            "unit", "honour", "round", "article", "article__source", "reviewed_by"
        )
