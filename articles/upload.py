"""The admin page where staff upload newspaper page files and follow the import run.

An upload is queued (articles.import_jobs) and the page returns at once; the run's
page then shows the jobs' progress and refreshes itself until the run is done.

Wired in wenming/urls.py under admin/articles/import/ (URL names
`articles_import:upload` and `articles_import:run`), ahead of the admin's own
URLs. Staff only, with the articles.add_article permission.
"""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import path
from django.views.decorators.http import require_http_methods

from articles.conversion import FORMATS, supported_suffixes
from articles.import_jobs import run_enqueue, stalled_jobs_requeue
from articles.models import ImportRun, PageFile, Source
from articles.services import PageInput, run_import, run_summary, runs_interrupted_mark

TEMPLATE = "admin/articles/upload.html"
# The file picker offers the formats the importer reads (articles.conversion.FORMATS).
UPLOAD_ACCEPT = ",".join(
    [
        *supported_suffixes(),
        "text/plain",
        "text/html",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
)


def formats_help() -> str:
    """纯文本（.txt）、网页（.html/.htm …）、PDF（.pdf）、Word（.docx）"""
    return "、".join(f"{label}（{'/'.join(suffixes)}）" for suffixes, label in FORMATS.values())


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files and cleans to a list of them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": UPLOAD_ACCEPT}))
        # An empty file is the importer's to report, file by file, not the form's.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        clean_one = super().clean
        if isinstance(data, list | tuple):
            if not data:
                return [clean_one(None, initial)]
            return [clean_one(item, initial) for item in data]
        return [clean_one(data, initial)]


class PageUploadForm(forms.Form):
    files = MultipleFileField(label="页面文件")
    source = forms.ModelChoiceField(Source.objects.all(), required=False, label="报刊来源", empty_label="（不指定）")
    reference_date = forms.DateField(
        required=False,
        label="参考日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="版面上只写月日（如“3月13日”）时，据此推断年份。",
    )
    dry_run = forms.BooleanField(
        required=False, label="试运行", help_text="完整演示一遍导入并报告结果，但不写入任何文章和记录。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = (
            f"可一次选择多个文件，支持：{formats_help()}。纯文本和网页可为 UTF-8 或 GB18030/GBK 编码；"
            "PDF 须带文字层（扫描件请先做文字识别）。"
            f"文本和网页每个不超过 {filesizeformat(settings.WENMING_MAX_PAGE_BYTES)}，"
            f"PDF 和 Word 每个不超过 {filesizeformat(settings.WENMING_MAX_DOCUMENT_BYTES)}。"
            "已导入过的文件和文章会自动跳过。"
        )

    def clean(self):
        cleaned = super().clean()
        limit = settings.WENMING_UPLOAD_DRY_RUN_FILES
        files = cleaned.get("files") or []
        # A dry run is done inside the request (it stores nothing to queue): a few
        # sample files, never a year of pages that would hold a web worker for minutes.
        if cleaned.get("dry_run") and len(files) > limit:
            raise forms.ValidationError(
                f"试运行在本页内完成，一次最多 {limit} 个文件（本次选择了 {len(files)} 个）。"
                "请选几个样例文件试运行，或取消“试运行”直接导入（在后台进行，本页显示进度）。"
            )
        return cleaned


def _context(request: HttpRequest, **extra) -> dict:
    return {
        **admin.site.each_context(request),
        "title": "导入报纸版面",
        "formats": [(label, " ".join(suffixes)) for suffixes, label in FORMATS.values()],
        "opts": ImportRun._meta,
        "recent_runs": ImportRun.objects.select_related("started_by", "source")[:10],
        **extra,
    }


@staff_member_required
@permission_required("articles.add_article", raise_exception=True)
@require_http_methods(["GET", "POST"])
def upload_view(request: HttpRequest) -> HttpResponse:
    form = PageUploadForm(request.POST, request.FILES) if request.method == "POST" else PageUploadForm()
    if request.method == "POST" and form.is_valid():
        pages = [
            PageInput(file_name=upload.name, size=upload.size, read=upload.read)
            for upload in form.cleaned_data["files"]
        ]
        if form.cleaned_data["dry_run"]:
            # A dry run stores nothing and is meant for a few sample files: done here.
            run = run_import(
                pages=pages,
                source=form.cleaned_data["source"],
                reference_date=form.cleaned_data["reference_date"],
                user=request.user,
                dry_run=True,
            )
            messages.info(request, f"试运行完成，未写入数据库。{run_summary(run)}")
        else:
            run = run_enqueue(
                pages=pages,
                source=form.cleaned_data["source"],
                reference_date=form.cleaned_data["reference_date"],
                user=request.user,
            )
            messages.success(request, f"已加入后台导入队列：{run.files_total} 个文件。本页会自动刷新，显示导入进度。")
        # Post/redirect/get: reloading the result page does not upload again.
        return redirect("articles_import:run", key=run.key)
    return render(request, TEMPLATE, _context(request, form=form))


@staff_member_required
@permission_required("articles.add_article", raise_exception=True)
@require_http_methods(["GET"])
def run_view(request: HttpRequest, key) -> HttpResponse:
    runs_interrupted_mark()
    stalled_jobs_requeue()
    run = get_object_or_404(ImportRun.objects.select_related("started_by", "source"), key=key)
    return render(
        request,
        TEMPLATE,
        _context(request, form=PageUploadForm(), run=run, page_files=run.page_files.order_by("pk")),
    )


@staff_member_required
@permission_required("articles.add_article", raise_exception=True)
@require_http_methods(["GET"])
def original_view(request: HttpRequest, page_file: int) -> FileResponse:
    """An imported HTML, PDF or Word page as it came (the file kept as its provenance)."""
    kept = get_object_or_404(PageFile.objects.exclude(original=""), pk=page_file)
    name = Path(kept.file_name).name
    return FileResponse(kept.original.open("rb"), as_attachment=True, filename=name)


# Included from wenming/urls.py: include("articles.upload").
app_name = "articles_import"
urlpatterns = [
    path("", upload_view, name="upload"),
    path("<uuid:key>/", run_view, name="run"),
    path("original/<int:page_file>/", original_view, name="original"),
]
