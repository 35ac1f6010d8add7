"""Admin for sources, articles and import runs, and the pieces every wenming
admin shares: import/export with history, and the provenance block of records
the importer extracts."""

import uuid

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets, get_last_value_from_parameters
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.db import models
from django.db.models import Count, Max, Min
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from import_export.admin import ImportExportModelAdmin

from articles.curation_admin import (
    ArticleRecordsAdminMixin,
    CurationAdminMixin,
    ExtractedRecordActionsMixin,
)
from articles.models import Article, ImportRun, PageFile, Source
from articles.resources import ArticleResource, ImportRunResource, PageFileResource, SourceResource
from articles.services import runs_interrupted_mark
from articles.sheet_import import SheetImportMixin
from core.admin import GuardedHistoryAdmin, ValidFiltersMixin
from wenming.filtering import nulls_last
from wenming.paging import ChangeListPaginator, SearchResultPaginator


class PrefilledAutocompleteSelect(AutocompleteSelect):
    """An autocomplete whose selected option is labelled from the row's own related
    object, loaded with the inline's queryset (select_related), rather than with
    a query of its own: one query per inline row otherwise."""

    selected = None  # (value, label), set by PrefilledAutocompleteMixin's form

    def optgroups(self, name, value, attr=None):
        values = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if self.selected is None or values != [str(self.selected[0])]:
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required:
            default[1].append(self.create_option(name, "", "", False, 0))
        default[1].append(self.create_option(name, self.selected[0], self.selected[1], True, len(default[1])))
        return [default]


class PrefilledAutocompleteMixin:
    """For admins and inlines with autocomplete_fields: a field whose object came
    with the form's instance (select_related) labels its widget without a query."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            widget = PrefilledAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
            kwargs.setdefault("widget", widget)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def prefilled_form(self, request, form_class):
        names = self.get_autocomplete_fields(request)

        def __init__(form, *args, **kwargs):
            form_class.__init__(form, *args, **kwargs)
            for name in names:
                field = form.fields.get(name)
                widget = getattr(field, "widget", None)
                widget = getattr(widget, "widget", widget)  # inside RelatedFieldWidgetWrapper
                model_field = form._meta.model._meta.get_field(name)
                if isinstance(widget, PrefilledAutocompleteSelect) and model_field.is_cached(form.instance):
                    related = getattr(form.instance, name)
                    if related is not None:
                        widget.selected = (related.pk, field.label_from_instance(related))

        return type(form_class.__name__, (form_class,), {"__init__": __init__})

    def get_form(self, request, obj=None, **kwargs):
        return self.prefilled_form(request, super().get_form(request, obj, **kwargs))


class ConstantQueriesInlineMixin(PrefilledAutocompleteMixin):
    """For inlines: the parent and the autocomplete fields' objects come with the
    rows (the row's title names its parent; the widgets are labelled from the
    objects), so the query count does not grow with the rows."""

    def get_queryset(self, request):
        fields = self.model._meta.fields
        parents = [field.name for field in fields if field.is_relation and field.related_model is self.parent_model]
        return super().get_queryset(request).select_related(*parents, *self.autocomplete_fields)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = self.prefilled_form(request, formset.form)
        return formset


class AdminSearchPaginator(SearchResultPaginator):
    # A search reads the matching ids in the list's order until this many match,
    # as the staff lists count to a thousand: a word found in one activity in
    # twenty (局) then reads some 18,000 rows, not 180,000 (790 ms).
    count_cap = 1_000


class NullsLastChangeList(ChangeList):
    """Rows without a value go last whichever way a column header sorts, as on
    the staff lists, which is also the order the list indexes are declared in
    (wenming/indexes.py): sorted otherwise, PostgreSQL puts a million rows'
    NULLs first and can use no index for it."""

    def get_ordering(self, request, queryset):
        return [nulls_last(term) for term in super().get_ordering(request, queryset)]


class HistoryImportExportAdmin(
    ValidFiltersMixin,
    PrefilledAutocompleteMixin,
    CurationAdminMixin,
    SheetImportMixin,
    ImportExportModelAdmin,
    GuardedHistoryAdmin,
):
    """CSV/XLSX import (dry run, then confirm) and export on the change list;
    the change page's 历史 button opens the simple_history view of who changed
    what. The two mixins touch different templates and views, so they combine.
    CurationAdminMixin (articles.curation_admin): the 修改理由 field, refusal of
    saves based on an outdated copy, and reverts that name the restored version.

    Change lists count cheaply (wenming.paging.ChangeListPaginator) and only once:
    Django's "N total" beside a search or filter would count the whole table again."""

    paginator = ChangeListPaginator
    show_full_result_count = False

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = AdminSearchPaginator if request.GET.get(SEARCH_VAR) else self.paginator
        return paginator(queryset, per_page, orphans, allow_empty_first_page)

    def get_changelist(self, request, **kwargs):
        return NullsLastChangeList


class YearListFilter(admin.FieldListFilter):
    """A date field's years, newest first, and 无日期: what date_hierarchy offered,
    without its cost on big tables. date_hierarchy lists its years with
    ``SELECT DISTINCT DATE_TRUNC('year', …)`` over the whole filtered table (a
    quarter of a second at a million rows); here they run from the table's first
    to its last date, two index look-ups. The parameter is date_hierarchy's own
    (``<field>__year``), so old links keep working, and Django turns it into a date
    range the field's index serves."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.year_param = f"{field_path}__year"
        self.isnull_param = f"{field_path}__isnull"
        self.year_value = get_last_value_from_parameters(params, self.year_param)
        self.isnull_value = get_last_value_from_parameters(params, self.isnull_param)
        super().__init__(field, request, params, model, model_admin, field_path)
        bounds = model._default_manager.aggregate(first=Min(field_path), last=Max(field_path))
        if bounds["first"] is None:
            self.years = []
        else:
            self.years = list(range(bounds["last"].year, bounds["first"].year - 1, -1))

    def expected_parameters(self):
        return [self.year_param, self.isnull_param]

    def has_output(self):
        return bool(self.years) or self.field.null

    def choices(self, changelist):
        yield {
            "selected": self.year_value is None and self.isnull_value is None,
            "query_string": changelist.get_query_string(remove=[self.year_param, self.isnull_param]),
            "display": "全部",
        }
        for year in self.years:
            yield {
                "selected": self.year_value == str(year),
                "query_string": changelist.get_query_string({self.year_param: year}, [self.isnull_param]),
                "display": f"{year}年",
            }
        if self.field.null:
            yield {
                "selected": self.isnull_value == "True",
                "query_string": changelist.get_query_string({self.isnull_param: "True"}, [self.year_param]),
                "display": "无日期",
            }


def search_terms(search_term: str) -> list[str]:
    """The words of an admin search, split as Django's own search splits them
    ("quoted phrases" stay whole)."""
    terms = []
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        if bit:
            terms.append(bit)
    return terms


def search_each_term(queryset, search_term: str, word_q) -> tuple:
    """An admin search word by word, as Django's own: every word must match, in any
    of the ways `word_q(word)` gives. For get_search_results; returns no duplicates."""
    for term in search_terms(search_term):
        queryset = queryset.filter(word_q(term))
    return queryset, False


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
    fields = ("file_name", "status", "size", "encoding", "article_count", "sha256", "message")
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
    list_display = ("file_name", "import_run", "status", "size", "encoding", "article_count")
    list_filter = ("status",)
    list_select_related = ("import_run",)
    search_fields = ("file_name", "=sha256")
    autocomplete_fields = ("import_run",)
