"""The unit page's 生成台账: the unit's creation ledger of a year as an XLSX download."""

from __future__ import annotations

from io import BytesIO

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.generic import View
from django.views.generic.detail import SingleObjectMixin

from reports.ledger import ledger_build, ledger_workbook
from reports.ledger_items import DEFAULT_SYSTEM, SYSTEMS
from reports.site import StaffViewMixin
from units.models import Unit

PLAIN_TEXT = "text/plain; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class LedgerForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=1949, max_value=2100, required=False)
    system = forms.ChoiceField(label="测评体系", choices=[(key, s.label) for key, s in SYSTEMS.items()], required=False)


def ledger_years() -> list[int]:
    """The years offered on the unit page: this year first, back ten years."""
    this_year = timezone.localdate().year
    return list(range(this_year, this_year - 10, -1))


def ledger_file_name(unit: Unit, year: int) -> str:
    return f"{unit.name}_{year}年度创建台账.xlsx"


class UnitLedgerView(StaffViewMixin, SingleObjectMixin, View):
    """GET ?year=YYYY&system=KEY (this year and the national 2012 items by default)."""

    model = Unit
    permission_required = ("units.view_unit", "campaigns.view_activity", "campaigns.view_volunteerrecord")
    queryset = Unit.objects.select_related("region", "parent")

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        unit = self.get_object()
        form = LedgerForm(request.GET)
        if not form.is_valid():
            return HttpResponseBadRequest(
                "台账年度须为 1949–2100 之间的年份。", content_type="text/plain; charset=utf-8"
            )
        year = form.cleaned_data["year"] or timezone.localdate().year
        ledger = ledger_build(unit=unit, year=year, system=form.cleaned_data["system"] or DEFAULT_SYSTEM)
        buffer = BytesIO()
        ledger_workbook(ledger).save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(True, ledger_file_name(unit, year))
        return response
