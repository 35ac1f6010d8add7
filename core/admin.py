"""Admin bases every app's admin builds on."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.options import IS_FACETS_VAR, IS_POPUP_VAR, TO_FIELD_VAR
from django.contrib.admin.utils import (
    NotRelationField,
    flatten_fieldsets,
    get_fields_from_path,
    get_last_value_from_parameters,
)
from django.contrib.admin.views.main import ERROR_FLAG, ORDER_VAR, PAGE_VAR, SEARCH_VAR, ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models import Max, Min
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from core.filtering import nulls_last
from core.ids import MAX_ID
from core.paging import ChangeListPaginator, SearchResultPaginator
from core.record_admin import CurationAdminMixin, ExtractedRecordActionsMixin
from core.sheet_import import SheetImportMixin


class GuardedHistoryAdmin(SimpleHistoryAdmin):
    """The base of every admin with history. The revert form saves the object, but
    django-simple-history asks only for view permission there: a 查看员 could change
    any record through it. A revert needs change permission, to see it as to post it."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self.has_change_permission(request, self.get_object(request, object_id)):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


_NOT_FILTERS = {
    SEARCH_VAR,
    ORDER_VAR,
    PAGE_VAR,
    IS_POPUP_VAR,
    TO_FIELD_VAR,
    IS_FACETS_VAR,
    ERROR_FLAG,
    "_changelist_filters",
}
_LOOKUPS = {"exact", "in", "year", "month", "day", "isnull", "gte", "lte", "gt", "lt", "id", "pk"}
_DATE_PART_RANGE = {"year": (1, 9999), "month": (1, 12), "day": (1, 31)}


class ValidFiltersMixin:
    """A change list filter with a value its field cannot hold (?unit=abc,
    ?date__year=-1, ?article=99999999999999999999) is dropped with a message, and
    the list shows unfiltered, instead of failing with a server error."""

    def changelist_view(self, request, extra_context=None):
        invalid = [f"{key}={value}" for key, value in request.GET.items() if not self._filter_value_ok(key, value)]
        if invalid:
            kept = request.GET.copy()
            for item in invalid:
                kept.pop(item.partition("=")[0], None)
            request.GET = kept
            messages.warning(request, f"已忽略无效的筛选条件：{'，'.join(invalid)}")
        return super().changelist_view(request, extra_context)

    def _filter_value_ok(self, key: str, value: str) -> bool:
        if key in _NOT_FILTERS or not value:
            return True
        parts = key.split("__")
        lookup = parts[-1] if len(parts) > 1 and parts[-1] in _LOOKUPS else "exact"
        path = parts[:-1] if lookup != "exact" or parts[-1] == "exact" else parts
        try:
            field = get_fields_from_path(self.model, "__".join(path))[-1]
        except (FieldDoesNotExist, NotRelationField, AttributeError, ValueError):
            return True  # not a field path: a filter of the admin's own, which checks its values
        if lookup == "isnull":
            return value in ("True", "False", "1", "0", "true", "false")
        if lookup in _DATE_PART_RANGE:
            low, high = _DATE_PART_RANGE[lookup]
            return value.isdigit() and low <= int(value) <= high
        if field.is_relation:
            field = field.target_field
        values = value.split(",") if lookup == "in" else [value]
        for one in values:
            if isinstance(field, models.AutoField | models.BigAutoField | models.IntegerField):
                if not (one.lstrip("-").isdigit() and abs(int(one)) <= MAX_ID):
                    return False
                continue
            try:
                field.to_python(one)
            except ValidationError:
                return False
        return True


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
    (core/indexes.py): sorted otherwise, PostgreSQL puts a million rows'
    NULLs first and can use no index for it.

    A list ordered by its primary key alone keeps the plain order: the key is
    never NULL, and `id DESC NULLS LAST` is not what its index reads backwards, so
    PostgreSQL joined and sorted the whole table for the first page (organisers,
    1.5 million rows: 220 ms)."""

    def get_ordering(self, request, queryset):
        ordering = super().get_ordering(request, queryset)
        if len(ordering) == 1 and str(ordering[0]).lstrip("-") in ("pk", "id"):
            return ordering
        return [nulls_last(term) for term in ordering]


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
    CurationAdminMixin (core.record_admin): the 修改理由 field, refusal of
    saves based on an outdated copy, and reverts that name the restored version.

    Change lists count cheaply (core.paging.ChangeListPaginator) and only once:
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


def extend_registered_admin(model, mixin) -> None:
    """Register ``model`` again with its current admin class extended by ``mixin``.

    How an app higher up adds to a lower app's admin without the lower app knowing:
    campaigns/ adds a unit's activities to the unit form, curation/ the merge action."""
    current = type(admin.site.get_model_admin(model))
    admin.site.unregister(model)
    admin.site.register(model, type(current.__name__, (mixin, current), {"__module__": mixin.__module__}))
