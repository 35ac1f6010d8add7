"""Admin for sources, articles and import runs, and the pieces every wenming
admin shares: import/export with history, and the provenance block of records
the importer extracts."""

import uuid

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from articles.curation_admin import ArticleRecordsAdminMixin, CurationAdminMixin, ExtractedRecordActionsMixin
from articles.models import Article, ImportRun, PageFile, Source
from articles.resources import ArticleResource, ImportRunResource, PageFileResource, SourceResource
from articles.sheet_import import SheetImportMixin


class HistoryImportExportAdmin(CurationAdminMixin, SheetImportMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    """CSV/XLSX import (dry run, then confirm) and export on the change list;
    the change page's 历史 button opens the simple_history view of who changed
    what. The two mixins touch different templates and views, so they combine.
    CurationAdminMixin (articles.curation_admin): the 修改理由 field, refusal of
    saves based on an outdated copy, and reverts that name the restored version."""


class ArticleLinkMixin:
    """The link from an extracted record to the article it was read from."""

    def get_queryset(self, request):
        # The change list applies list_select_related only to a queryset without any
        # select_related, so adding "article" alone would drop it and load each row's
        # unit, activity or campaign with a query of its own: name them here too.
        related = getattr(self, "list_select_related", ())
        related = related if isinstance(related, list | tuple) else ()
        return super().get_queryset(request).select_related("article", *related)

    @admin.display(description="来源文章", ordering="article__published_on")
    def article_link(self, obj):
        if obj.article_id is None:
            return "手工录入"
        url = reverse("admin:articles_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article.title)


class ExtractedRecordAdmin(ExtractedRecordActionsMixin, ArticleLinkMixin, HistoryImportExportAdmin):
    """Records the importer produces (articles.models.ExtractedRecord): the
    record's own fields first, then where it was read and how it was reviewed.
    The article, evidence and reviewer are facts of the import and of the review,
    so they are shown, not edited; status and note stay editable."""

    provenance_fieldset = (
        "来源与审核",
        {
            "fields": (
                "article_link",
                "evidence",
                "evidence_context",
                "evidence_span",
                "review_status",
                "review_note",
                ("reviewed_by", "reviewed_at"),
                ("created_at", "updated_at"),
            )
        },
    )
    provenance_readonly_fields = (
        "article_link",
        "evidence",
        "evidence_context",
        "evidence_span",
        "reviewed_by",
        "reviewed_at",
        "created_at",
        "updated_at",
    )
    provenance_model_fields = {"article", "evidence_start", "evidence_end", "version"}

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.provenance_readonly_fields)

    def get_fieldsets(self, request, obj=None):
        provenance = set(flatten_fieldsets([self.provenance_fieldset])) | self.provenance_model_fields
        own = [name for name in self.get_fields(request, obj) if name not in provenance]
        return [(None, {"fields": own}), self.provenance_fieldset]

    @admin.display(description="原句位置")
    def evidence_span(self, obj):
        if obj.evidence_start is None:
            return None
        return f"{obj.evidence_start}–{obj.evidence_end}"


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
    list_filter = ("source", "date_precision")
    list_select_related = ("source", "import_run")
    date_hierarchy = "published_on"
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
    fields = ("file_name", "status", "size", "encoding", "article_count", "sha256", "message")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ImportRun)
class ImportRunAdmin(SheetImportMixin, ImportExportModelAdmin):
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
class PageFileAdmin(SheetImportMixin, ImportExportModelAdmin):
    resource_classes = [PageFileResource]
    list_display = ("file_name", "import_run", "status", "size", "encoding", "article_count")
    list_filter = ("status",)
    list_select_related = ("import_run",)
    search_fields = ("file_name", "=sha256")
    autocomplete_fields = ("import_run",)
