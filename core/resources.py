"""The conventions every wenming spreadsheet (django-import-export resource) follows.

A sheet is meant to be read and typed by people in Excel, so every column is
headed by the field's Chinese verbose name, related rows are named by their
natural key (a unit by its full name, a region by its full name, an article by
its content hash), choices are written as their Chinese labels and read as
labels or codes, and a name that matches nothing is a row error, never a new
row. Resources whose model has a natural key import on it, so importing the
same sheet twice updates rows instead of duplicating them.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from import_export import resources, widgets
from import_export.fields import Field
from import_export.results import Error

from core.sheet_widgets import (
    LIST_JOINER,
    ChoiceWidget,
    DateWidget,
    JSONWidget,
    NaturalKeyListWidget,
    NaturalKeyWidget,
    NumberWidget,
    TextWidget,
    YesNoWidget,
    escape_formula,
)

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


def _natural_key_field(model) -> str:
    user_model = get_user_model()
    if model is user_model:
        return user_model.USERNAME_FIELD
    # How each model is named in a sheet: its natural key field, declared on the
    # model (a unit by its name, an article by its content hash); others by id.
    return getattr(model, "NATURAL_KEY_FIELD", "pk")


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


class SheetRefused(Exception):
    """A sheet refused as a whole, with a message for the person who made it."""


class SheetError(Error):
    """An import error; a refusal of ours carries no traceback, which the admin
    would otherwise show under the message."""

    @property
    def traceback(self):
        return "" if isinstance(self.error, SheetRefused) else super().traceback


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
            return NumberWidget()
        if isinstance(
            django_field,
            models.PositiveIntegerField | models.PositiveSmallIntegerField | models.PositiveBigIntegerField,
        ):
            return NumberWidget(integer=True, minimum=0)
        if isinstance(django_field, models.IntegerField):
            return NumberWidget(integer=True)
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

    def get_error_result_class(self):
        return SheetError

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        if dataset.headers:
            # "单位 " typed with a trailing blank is still the 单位 column.
            dataset.headers = ["" if header is None else str(header).strip() for header in dataset.headers]
        self.check_headers(dataset.headers or [])

    def check_headers(self, headers: list[str]) -> None:
        """Refuses a sheet that is not one of ours: otherwise every row would be
        read as empty and skipped, and the import would look successful."""
        # Export-only columns (活动名称) do not count: a sheet of them imports nothing.
        importable = [field.column_name for field in self.get_user_visible_fields()]
        expected = LIST_JOINER.join(importable)
        if not set(importable) & set(headers):
            found = LIST_JOINER.join(f"“{header}”" for header in headers if header) or "无"
            raise SheetRefused(
                f"表头不对：第一行没有一个可识别的列名（现有：{found}）。"
                f"请使用这些列名作表头：{expected}（可先导出一份作模板）"
            )
        if list(self.get_import_id_fields()) == ["id"]:
            # Rows without 编号 are new rows: the column may be left out.
            return
        missing = [
            self.fields[name].column_name
            for name in self.get_import_id_fields()
            if name in self.fields and self.fields[name].column_name not in headers
        ]
        if missing:
            raise SheetRefused(f"缺少用于识别记录的列：{LIST_JOINER.join(missing)}。请使用这些列名作表头：{expected}")

    def export_field(self, field, instance, **kwargs):
        # Text from newspapers and from staff must not become a live formula in
        # the spreadsheet that opens the export.
        return escape_formula(super().export_field(field, instance, **kwargs))

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
