"""The audit log page for administrators, and its CSV / XLSX exports.

Mounted under admin/audit-log/ (wenming/urls.py), inside the admin's login and
look; only superusers and members of 管理员 may read it.
"""

from __future__ import annotations

import csv
import re
import tempfile

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from articles.models import ImportRun
from curation.audit import (
    ACTIONS,
    AuditFilter,
    audit_entries,
    audit_rows,
    audit_users,
    iter_audit_entries,
    may_read_audit_log,
    model_choices,
)

PAGE_SIZE = 50
EXPORT_HEADERS = ["时间", "操作人", "操作", "类型", "编号", "对象", "变更（旧 → 新）", "理由"]
_IMPORT_RUN = re.compile(r"导入批次 ([0-9a-fA-F-]{36})")


class AuditFilterForm(forms.Form):
    start = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    user = forms.ModelChoiceField(label="操作人", queryset=None, required=False, empty_label="全部")
    model = forms.ChoiceField(label="类型", required=False)
    action = forms.ChoiceField(label="操作", required=False, choices=[("", "全部"), *ACTIONS.items()])
    reason = forms.CharField(label="理由包含", required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = audit_users()
        self.fields["model"].choices = [("", "全部"), *model_choices()]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            raise forms.ValidationError("截止日期不能早于起始日期。")
        return cleaned

    def to_filter(self) -> AuditFilter:
        if not self.is_bound or not self.is_valid():
            return AuditFilter()
        data = self.cleaned_data
        return AuditFilter(
            start=data["start"],
            end=data["end"],
            user_id=data["user"].pk if data["user"] else None,
            model=data["model"] or "",
            action=data["action"] or "",
            reason=data["reason"].strip(),
        )


def _require_reader(request) -> None:
    if not may_read_audit_log(request.user):
        raise PermissionDenied("只有管理员可以查看审计日志。")


def _object_link(entry) -> str:
    if not entry.model_label or "." not in entry.model_label or not entry.object_id:
        return ""
    app_label, model_name = entry.model_label.split(".")
    for view in ("history", "change"):
        try:
            return reverse(f"admin:{app_label}_{model_name}_{view}", args=[entry.object_id])
        except NoReverseMatch:
            continue
    return ""


def _with_links(entries):
    keys = {m.group(1).lower() for e in entries for m in [_IMPORT_RUN.search(e.reason)] if m}
    runs = {str(run.key): run.pk for run in ImportRun.objects.filter(key__in=keys)} if keys else {}
    for entry in entries:
        entry.link = _object_link(entry)
        match = _IMPORT_RUN.search(entry.reason)
        entry.import_run_link = ""
        if match and match.group(1).lower() in runs:
            try:
                entry.import_run_link = reverse("admin:articles_importrun_change", args=[runs[match.group(1).lower()]])
            except NoReverseMatch:
                pass
    return entries


def audit_log(request):
    _require_reader(request)
    form = AuditFilterForm(request.GET or None)
    paginator = Paginator(audit_rows(form.to_filter()), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        **admin.site.each_context(request),
        "title": "审计日志",
        "form": form,
        "page": page,
        "entries": _with_links(audit_entries(page.object_list)),
        "total": paginator.count,
        "query": query.urlencode(),
    }
    return TemplateResponse(request, "admin/audit_log.html", context)


def _export_rows(request):
    yield EXPORT_HEADERS
    for entry in iter_audit_entries(AuditFilterForm(request.GET or None).to_filter()):
        yield [
            timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
            entry.user,
            entry.action,
            entry.model_name,
            entry.object_id,
            entry.object_repr,
            "\n".join(str(c) for c in entry.changes),
            entry.reason,
        ]


class _Echo:
    def write(self, value):
        return value


def audit_log_export(request, file_format):
    _require_reader(request)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if file_format == "csv":
        writer = csv.writer(_Echo())

        def stream():
            # The BOM makes Excel read the file as UTF-8 (Chinese text stays readable).
            yield "\ufeff"
            for row in _export_rows(request):
                yield writer.writerow(row)

        response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, f"审计日志-{stamp}.csv")
        return response
    if file_format == "xlsx":
        from openpyxl import Workbook

        # Write-only: rows go to disk as they come, memory stays flat however long the log.
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("审计日志")
        for row in _export_rows(request):
            sheet.append(row)
        target = tempfile.TemporaryFile(suffix=".xlsx")
        workbook.save(target)
        target.seek(0)
        return FileResponse(
            target,
            as_attachment=True,
            filename=f"审计日志-{stamp}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    raise Http404("不支持的导出格式")


urlpatterns = [
    path("", admin.site.admin_view(audit_log), name="audit_log"),
    path("export/<str:file_format>/", admin.site.admin_view(audit_log_export), name="audit_log_export"),
]
