"""Admin for sources, articles and import runs, and the pieces every wenming
admin shares: import/export with history, and the provenance block of records
the importer extracts."""

import uuid

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django_tasks_db.models import DBTaskResult
from import_export.admin import ImportExportModelAdmin

from articles.models import Article, ImportRun, PageFile, Source
from articles.resources import ArticleResource, ImportRunResource, PageFileResource, SourceResource
from articles.services import runs_interrupted_mark
from core.admin import HistoryImportExportAdmin, ValidFiltersMixin, YearListFilter
from core.filtering import nulls_last
from core.record_admin import ArticleRecordsAdminMixin
from core.sheet_import import SheetImportMixin


@admin.register(Source)
class SourceAdmin(HistoryImportExportAdmin):
    resource_classes = [SourceResource]
    list_display = ("name", "region", "url")
    list_select_related = ("region",)
    search_fields = ("name", "note")
    autocomplete_fields = ("region",)
    # Django 6 reads a URL typed without a scheme as https; do so already.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Article)
class ArticleAdmin(ArticleRecordsAdminMixin, HistoryImportExportAdmin):
    resource_classes = [ArticleResource]
    list_display = ("title", "published_on", "source", "file_name", "position", "import_run")
    list_filter = ("source", ("published_on", YearListFilter), "date_precision")
    list_select_related = ("source", "import_run")
    # The article list's index (article_list_order) in the order it was declared.
    ordering = [nulls_last(term) for term in ("-published_on", "file_name", "position", "-id")]
    search_fields = ("title", "subtitle", "file_name", "=content_hash")
    autocomplete_fields = ("source",)
    # Written by the importer; articles typed in by hand have none.
    readonly_fields = ("import_run", "page_file", "created_at")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None:
            # Evidence spans of the extracted records point into the text.
            fields = (*fields, "content_hash", "text", "raw_text", "records_in_text")
        return fields


class PageFileInline(admin.TabularInline):
    model = PageFile
    fields = ("file_name", "status", "format", "size", "encoding", "article_count", "sha256", "message")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ImportRun)
class ImportRunAdmin(ValidFiltersMixin, SheetImportMixin, ImportExportModelAdmin):
    resource_classes = [ImportRunResource]
    list_display = ("started_at", "status", "source", "started_by", "finished_at", "page_file_count")
    list_filter = ("status", "source")
    list_select_related = ("source", "started_by")
    date_hierarchy = "started_at"
    search_fields = ("source__name", "page_files__file_name")
    autocomplete_fields = ("source",)
    readonly_fields = ("key", "started_by", "started_at", "counts", "errors")
    inlines = [PageFileInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(page_file_count=Count("page_files"))

    def changelist_view(self, request, extra_context=None):
        runs_interrupted_mark()  # a run whose process is gone shows as 已中断, not 进行中 forever
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        runs_interrupted_mark()
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="页面文件数", ordering="page_file_count")
    def page_file_count(self, obj):
        return obj.page_file_count

    def save_model(self, request, obj, form, change):
        if not change:
            # The importer names its runs; a run recorded by hand gets a key here.
            obj.key = obj.key or uuid.uuid4()
            obj.started_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(PageFile)
class PageFileAdmin(ValidFiltersMixin, SheetImportMixin, ImportExportModelAdmin):
    resource_classes = [PageFileResource]
    list_display = ("file_name", "import_run", "status", "format", "size", "encoding", "article_count")
    list_filter = ("status", "format")
    list_select_related = ("import_run",)
    search_fields = ("file_name", "=sha256")
    autocomplete_fields = ("import_run",)


# The job queue's own admin (django-tasks-db) is English and shows arguments, not
# imports: staff follow a queued import on its run's page (articles/upload.py).
admin.site.unregister(DBTaskResult)
