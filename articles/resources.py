"""Spreadsheet export and import (django-import-export) of sources, articles and
import runs, and the conventions every wenming resource follows.

A sheet is meant to be read and typed by people in Excel, so every column is
headed by the field's Chinese verbose name, related rows are named by their
natural key (a unit by its full name, a region by its full name, an article by
its content hash), choices are written as their Chinese labels and read as
labels or codes, and a name that matches nothing is a row error, never a new
row. Resources whose model has a natural key import on it, so importing the
same sheet twice updates rows instead of duplicating them.
"""

import json
import re
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from import_export import resources, widgets
from import_export.fields import Field

from articles.models import Article, ImportRun, PageFile, Source

# How each model is named in a sheet (its natural key); other models by their id.
NATURAL_KEY_FIELDS = {
    "units.region": "full_name",
    "units.unit": "name",
    "units.honour": "name",
    "campaigns.campaign": "name",
    "articles.source": "name",
    "articles.article": "content_hash",
    "articles.importrun": "key",
}

# People type lists with the enumeration comma 、, but also with commas and semicolons.
LIST_SEPARATORS = re.compile(r"[、，,；;\n]")
LIST_JOINER = "、"

PROVENANCE_FIELDS = (
    "article",
    "evidence",
    "evidence_start",
    "evidence_end",
    "review_status",
    "reviewed_by",
    "reviewed_at",
    "review_note",
)


def _text(value) -> str:
    """A cell as stripped text (Excel hands numbers over as numbers)."""
    if value is None:
        return ""
    return str(value).strip()


def _split(value) -> list[str]:
    seen = []
    for part in LIST_SEPARATORS.split(_text(value)):
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return seen


class TextWidget(widgets.CharWidget):
    """Text that never becomes NULL: an empty Excel cell arrives as None."""

    def __init__(self, strip: bool = False, **kwargs):
        self.strip = strip
        super().__init__(allow_blank=True, **kwargs)

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value, row, **kwargs)
        return value.strip() if self.strip else value


class ChoiceWidget(widgets.Widget):
    """Writes a choice as its Chinese label; reads the label or the code."""

    def __init__(self, choices, **kwargs):
        self.labels = {str(code): str(label) for code, label in choices}
        self.codes = {label: code for code, label in self.labels.items()}
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        if text in self.labels:
            return text
        if text in self.codes:
            return self.codes[text]
        raise ValueError(f"“{text}”不是可选的值，可填：{LIST_JOINER.join(self.labels.values())}")

    def render(self, value, obj=None, **kwargs):
        if value in (None, ""):
            return ""
        return self.labels.get(str(value), str(value))


class YesNoWidget(widgets.Widget):
    TRUE = {"是", "1", "true", "yes", "y"}
    FALSE = {"否", "0", "false", "no", "n"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = _text(value).lower()
        if not text:
            return None
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(f"“{value}”应填“是”或“否”")

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "是" if value else "否"


class DateWidget(widgets.Widget):
    """Dates as ISO text in CSV and as date cells in XLSX; reads the ways people write them."""

    INPUT_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = _text(value)
        if not text:
            return None
        for input_format in self.INPUT_FORMATS:
            try:
                return datetime.strptime(text, input_format).date()
            except ValueError:
                continue
        raise ValueError(f"无法识别日期“{text}”，请写成 2024-03-05")

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        if kwargs.get("force_native_type"):
            return value
        return value.isoformat()


class JSONWidget(widgets.Widget):
    """JSON with Chinese left readable (the library's widget escapes it to \\uXXXX)."""

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"不是有效的 JSON：{error.msg}（第{error.pos + 1}个字符）") from error

    def render(self, value, obj=None, **kwargs):
        return json.dumps(value, ensure_ascii=False) if value else ""


class TextListWidget(widgets.Widget):
    """A JSON list of strings as one cell: 创城、双城同创."""

    def clean(self, value, row=None, **kwargs):
        return _split(value)

    def render(self, value, obj=None, **kwargs):
        return LIST_JOINER.join(value or [])


def _lookup_label(model, lookup: str) -> str:
    if lookup == "pk":
        return "编号"
    return str(model._meta.get_field(lookup).verbose_name)


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A related row named by a unique field. A name that matches nothing is a
    row error: importing a sheet must not invent units or honours."""

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        verbose = self.model._meta.verbose_name
        try:
            return self.get_queryset(value, row, **kwargs).get(**{self.field: text})
        except self.model.DoesNotExist:
            raise ValueError(
                f"找不到{verbose}“{text}”（按{_lookup_label(self.model, self.field)}查找），请先添加或核对填写"
            ) from None
        except (ValueError, ValidationError):
            raise ValueError(f"“{text}”不是有效的{verbose}{_lookup_label(self.model, self.field)}") from None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        key = getattr(value, self.field)
        return key if isinstance(key, int) else str(key)


class NaturalKeyListWidget(widgets.ManyToManyWidget):
    """Several related rows in one cell, by natural key: 菏泽市文明办、菏泽市消防救援支队."""

    def __init__(self, model, field: str, **kwargs):
        super().__init__(model, separator=LIST_JOINER, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        names = _split(value)
        matches = self.model.objects.filter(**{f"{self.field}__in": names})
        found = {str(getattr(obj, self.field)): obj for obj in matches}
        missing = LIST_JOINER.join(f"“{name}”" for name in names if name not in found)
        if missing:
            raise ValueError(f"找不到{self.model._meta.verbose_name}：{missing}，请先添加或核对填写")
        return [found[name] for name in names]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return LIST_JOINER.join(str(getattr(related, self.field)) for related in value.all())


def _natural_key_field(model) -> str:
    user_model = get_user_model()
    if model is user_model:
        return user_model.USERNAME_FIELD
    return NATURAL_KEY_FIELDS.get(model._meta.label_lower, "pk")


def column(model, name: str, widget=None, **kwargs) -> Field:
    """A declared column headed by the model field's verbose name."""
    django_field = model._meta.get_field(name)
    return Field(
        attribute=name,
        column_name=str(django_field.verbose_name),
        widget=widget or WenmingResource.widget_for(django_field),
        default=django_field.default,
        **kwargs,
    )


class WenmingResource(resources.ModelResource):
    """Base of every wenming resource: Chinese headers, natural keys, labels for
    choices, clear row errors, and all-or-nothing imports."""

    class Meta:
        # full_clean() turns bad values and broken constraints into row errors
        # instead of database errors, and names the column at fault.
        clean_model_instances = True
        # Unchanged rows are reported as skipped and leave no history entry.
        skip_unchanged = True

    @classmethod
    def widget_for(cls, django_field) -> widgets.Widget:
        if django_field.many_to_many:
            return NaturalKeyListWidget(django_field.related_model, _natural_key_field(django_field.related_model))
        if django_field.many_to_one or django_field.one_to_one:
            return NaturalKeyWidget(django_field.related_model, _natural_key_field(django_field.related_model))
        if django_field.choices:
            return ChoiceWidget(django_field.choices)
        if isinstance(django_field, models.BooleanField):
            return YesNoWidget()
        if isinstance(django_field, models.DateTimeField):
            return widgets.DateTimeWidget()
        if isinstance(django_field, models.DateField):
            return DateWidget()
        if isinstance(django_field, models.DecimalField):
            return widgets.DecimalWidget()
        if isinstance(django_field, models.IntegerField):
            return widgets.IntegerWidget()
        if isinstance(django_field, models.JSONField):
            return JSONWidget()
        if isinstance(django_field, models.CharField):
            return TextWidget(strip=True)
        if isinstance(django_field, models.TextField):
            return TextWidget()
        return widgets.Widget()

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        if django_field.primary_key:
            column_name = "编号"
        elif django_field.is_relation and _natural_key_field(django_field.related_model) == "pk":
            column_name = f"{django_field.verbose_name}编号"
        else:
            column_name = str(django_field.verbose_name)
        return cls.DEFAULT_RESOURCE_FIELD(
            attribute=field_name,
            column_name=column_name,
            widget=cls.widget_for(django_field),
            readonly=readonly,
            default=django_field.default,
        )

    def get_queryset(self):
        related = [f.attribute for f in self.fields.values() if isinstance(f.widget, widgets.ForeignKeyWidget)]
        many = [f.attribute for f in self.fields.values() if isinstance(f.widget, widgets.ManyToManyWidget)]
        return self._meta.model.objects.select_related(*related).prefetch_related(*many)

    def get_user_visible_fields(self):
        # The admin's import page lists these as the columns a sheet may fill.
        return [field for field in super().get_user_visible_fields() if not field.readonly]

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            # A key naming a missing unit matches no row; import_instance() then
            # reports the same cell as this row's error, under its column.
            return None

    def import_instance(self, instance, row, **kwargs):
        # The library reads many-to-many cells only after saving the row, where a
        # missing name would be a crash rather than a row error: check them first.
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [ValidationError(str(error), code="invalid")]
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            labelled = {self._column_label(key): messages for key, messages in error.error_dict.items()}
            raise ValidationError(labelled) from error

    def _column_label(self, attribute: str) -> str:
        """Errors are shown to the person who made the sheet: name the column."""
        if attribute == NON_FIELD_ERRORS:
            return attribute
        for field in self.fields.values():
            if field.attribute == attribute:
                return field.column_name
        try:
            return str(self._meta.model._meta.get_field(attribute).verbose_name)
        except FieldDoesNotExist:
            return attribute

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        # One bad row rolls the whole sheet back: a half-imported sheet is harder
        # to fix than a refused one.
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(
            dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=use_transactions, **kwargs
        )


class SourceResource(WenmingResource):
    class Meta:
        model = Source
        fields = ("name", "region", "url", "note")
        import_id_fields = ("name",)


class ImportRunResource(WenmingResource):
    # auto_now_add: the database sets it on insert, so a sheet cannot.
    started_at = column(ImportRun, "started_at", readonly=True)

    class Meta:
        model = ImportRun
        fields = (
            "key",
            "started_by",
            "started_at",
            "finished_at",
            "status",
            "source",
            "reference_date",
            "counts",
            "errors",
        )
        import_id_fields = ("key",)


class PageFileResource(WenmingResource):
    class Meta:
        model = PageFile
        fields = ("id", "import_run", "file_name", "size", "sha256", "encoding", "status", "message", "article_count")


class ArticleResource(WenmingResource):
    bylines = column(Article, "bylines", TextListWidget())

    class Meta:
        model = Article
        fields = (
            "content_hash",
            "title",
            "subtitle",
            "bylines",
            "published_on",
            "date_precision",
            "source",
            "file_name",
            "position",
            "import_run",
            "page_file",
            "text",
            "raw_text",
        )
        import_id_fields = ("content_hash",)
