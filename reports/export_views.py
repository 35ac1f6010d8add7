"""The page of a large export written by a background job (reports/export_jobs.py):
its state, refreshed until the file is ready, and the download. Only the person who
asked for it sees it."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path

from reports.export_jobs import export_download_name
from reports.models import ExportFile


def _own_export(request, key) -> ExportFile:
    export = get_object_or_404(ExportFile, key=key)
    if export.requested_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404("没有这个导出文件")
    return export


@login_required
def export_file(request, key):
    export = _own_export(request, key)
    return render(request, "reports/export_file.html", {"export": export, "name": export_download_name(export)})


@login_required
def export_download(request, key):
    export = _own_export(request, key)
    if export.status != ExportFile.Status.DONE or not export.file:
        raise Http404("文件尚未生成")
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=export_download_name(export))


# Included from wenming/urls.py.
app_name = "exports"
urlpatterns = [
    path("exports/<uuid:key>/", export_file, name="export_file"),
    path("exports/<uuid:key>/download/", export_download, name="export_download"),
]
