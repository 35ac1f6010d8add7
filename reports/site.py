"""What every staff list shares: login and view permission, the FilterSet from
the app's selector, sortable headers, capped-count pagination, and the CSV and
XLSX exports of exactly the filtered rows."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.views.generic import DetailView, TemplateView

from core.exports import FORMATS, csv_chunks, export_rows, write_xlsx
from core.filtering import ALL_STATUSES, SORT_PARAM, active_filters
from core.models import ReviewStatus
from core.paging import StaffListPaginator
from reports.export_jobs import export_enqueue
from reports.exports import EXPORTS, export_filename

PAGE_SIZE = 50


@dataclass(frozen=True)
class Column:
    label: str
    sort: str | None = None  # the key this column sorts by in ?sort=
    numeric: bool = False
    # Dates and quantities are usually wanted largest or newest first.
    descending_first: bool = False


@dataclass(frozen=True)
class Header:
    column: Column
    url: str | None
    direction: str | None  # "asc", "desc" or None when not sorted by it


class StaffViewMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Anonymous visitors go to the login page; logged-in users without the
    view permission get 403 (PermissionRequiredMixin does exactly that)."""


class FilteredListView(StaffViewMixin, TemplateView):
    export_key: str
    columns: tuple[Column, ...] = ()
    paginate_by = PAGE_SIZE

    @cached_property
    def spec(self):
        return EXPORTS[self.export_key]

    def get_permission_required(self):
        return (self.spec.permission,)

    def headers(self, filterset) -> list[Header]:
        current = filterset.current_sort
        headers = []
        for column in self.columns:
            if not column.sort:
                headers.append(Header(column, None, None))
                continue
            if current == column.sort:
                direction, following = "asc", f"-{column.sort}"
            elif current == f"-{column.sort}":
                direction, following = "desc", column.sort
            else:
                direction = None
                following = f"-{column.sort}" if column.descending_first else column.sort
            query = self.request.GET.copy()
            query.pop("page", None)
            query[SORT_PARAM] = following
            headers.append(Header(column, f"?{query.urlencode()}", direction))
        return headers

    def get_extra_context(self, filterset, queryset) -> dict:
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.spec.filterset(data=self.request.GET)
        queryset = filterset.result()
        paginator = StaffListPaginator(queryset, self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        status = filterset.data.get("review_status")
        show_all = query.copy()
        show_all["review_status"] = ALL_STATUSES
        context.update(
            spec=self.spec,
            filterset=filterset,
            form=filterset.form,
            page_obj=page,
            paginator=paginator,
            page_range=list(paginator.get_elided_page_range(page.number)),
            rows=list(page.object_list),
            count=paginator.count,
            count_is_capped=paginator.count_is_capped,
            headers=self.headers(filterset),
            active_filters=active_filters(filterset, self.request.GET),
            export_query=query.urlencode(),
            list_url=reverse(self.spec.list_url),
            export_csv_url=reverse(self.spec.export_url, args=["csv"]),
            export_xlsx_url=reverse(self.spec.export_url, args=["xlsx"]),
            accepted_only="review_status" in filterset.form.fields and status == ReviewStatus.ACCEPTED,
            show_all_query=show_all.urlencode(),
        )
        context.update(self.get_extra_context(filterset, queryset))
        return context


class StaffDetailView(StaffViewMixin, DetailView):
    def get_permission_required(self):
        opts = self.model._meta
        return (f"{opts.app_label}.{get_permission_codename('view', opts)}",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Editors see a way to the record's change form; viewers do not.
        opts = self.object._meta
        if self.request.user.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}"):
            context["admin_edit_url"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.object.pk]
            )
        return context


@login_required
def export_list(request, *, key: str, fmt: str):
    """The list's filtered rows as CSV (streamed) or XLSX (write-only workbook); past
    WENMING_EXPORT_JOB_ROWS rows, a background job's file (reports/export_jobs.py)."""
    spec = EXPORTS.get(key)
    if spec is None or fmt not in FORMATS:
        raise Http404("没有这种导出")
    if not request.user.has_perm(spec.permission):
        raise PermissionDenied
    filterset = spec.filterset(data=request.GET)
    if not filterset.is_valid():
        problems = "；".join(
            f"{filterset.form.fields[name].label if name in filterset.form.fields else name}：{'、'.join(errors)}"
            for name, errors in filterset.errors.items()
        )
        return HttpResponseBadRequest(f"筛选条件有误，未导出：{problems}", content_type="text/plain; charset=utf-8")
    queryset = spec.queryset(filterset)
    if queryset.count() > settings.WENMING_EXPORT_JOB_ROWS:
        # Too large for one request: a background job writes the file.
        export = export_enqueue(user=request.user, list_key=key, fmt=fmt, query=request.GET)
        return redirect("exports:export_file", key=export.key)
    resource = spec.resource()
    headers = resource.get_export_headers()
    filename = export_filename(spec, fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_chunks(headers, export_rows(resource, queryset)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response
    # The workbook is assembled in a temporary file (openpyxl writes the rows
    # to disk as they come), then streamed from there.
    target = tempfile.TemporaryFile(suffix=".xlsx")
    write_xlsx(target, headers, export_rows(resource, queryset, native=True), title=spec.label)
    target.seek(0)
    return FileResponse(
        target,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
