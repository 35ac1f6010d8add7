"""The unit page's 生成台账: the unit's creation ledger of a year as an XLSX or PDF download."""

from __future__ import annotations

import logging
import tempfile

from django import forms
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.views.generic import View
from django.views.generic.detail import SingleObjectMixin

from reports.ledger import ledger_build, ledger_file_name
from reports.ledger_items import DEFAULT_SYSTEM, SYSTEMS
from reports.ledger_pdf import LedgerPdfUnavailable, ledger_write_pdf
from reports.ledger_xlsx import ledger_write_xlsx
from reports.site import StaffViewMixin
from units.models import Unit

logger = logging.getLogger(__name__)

PLAIN_TEXT = "text/plain; charset=utf-8"
# WeasyPrint lays out some 250 records a second here (docs/benchmarks.md, "Ledger"): past
# this many, a PDF built inside the request would near the server's 60 s timeout.
PDF_WEB_RECORDS = 8000
FORMATS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ledger_write_xlsx),
    "pdf": ("application/pdf", ledger_write_pdf),
}


class LedgerForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=1949, max_value=2100, required=False)
    system = forms.ChoiceField(label="测评体系", choices=[(key, s.label) for key, s in SYSTEMS.items()], required=False)
    format = forms.ChoiceField(label="格式", choices=[("xlsx", "Excel"), ("pdf", "PDF")], required=False)


def ledger_years() -> list[int]:
    """The years offered on the unit page: this year first, back ten years."""
    this_year = timezone.localdate().year
    return list(range(this_year, this_year - 10, -1))


class UnitLedgerView(StaffViewMixin, SingleObjectMixin, View):
    """GET ?year=YYYY&system=KEY&format=xlsx|pdf (this year, the national 2012 items and
    XLSX by default)."""

    model = Unit
    permission_required = ("units.view_unit", "campaigns.view_activity", "campaigns.view_volunteerrecord")
    queryset = Unit.objects.select_related("region", "parent")

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        unit = self.get_object()
        form = LedgerForm(request.GET)
        if not form.is_valid():
            return HttpResponseBadRequest(
                "台账年度须为 1949–2100 之间的年份，格式须为 xlsx 或 pdf。", content_type=PLAIN_TEXT
            )
        year = form.cleaned_data["year"] or timezone.localdate().year
        fmt = form.cleaned_data["format"] or "xlsx"
        content_type, write = FORMATS[fmt]
        ledger = ledger_build(unit=unit, year=year, system=form.cleaned_data["system"] or DEFAULT_SYSTEM)
        records = ledger.entry_count + len(ledger.left_out)
        if fmt == "pdf" and records > PDF_WEB_RECORDS:
            return HttpResponseBadRequest(
                f"该台账有 {records} 条记录，网页上最多生成 {PDF_WEB_RECORDS} 条记录的 PDF："
                "请下载 Excel 台账，或在服务器上运行 manage.py build_ledger 生成 PDF。",
                content_type=PLAIN_TEXT,
            )
        # Written to a temporary file and streamed from there, so the finished file is
        # not held in memory a second time as the response body.
        target = tempfile.TemporaryFile(suffix=f".{fmt}")
        try:
            write(ledger, target)
        except LedgerPdfUnavailable:
            target.close()
            logger.exception("PDF ledger of unit %s cannot be drawn", unit.pk)
            return HttpResponse(
                "暂时无法生成 PDF 台账（服务器缺少 WeasyPrint 或其系统库），请下载 Excel 台账并联系系统管理员。",
                status=503,
                content_type=PLAIN_TEXT,
            )
        except BaseException:
            target.close()
            raise
        target.seek(0)
        return FileResponse(
            target, as_attachment=True, filename=ledger_file_name(unit, year, fmt), content_type=content_type
        )
