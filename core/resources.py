"""The conventions every wenming spreadsheet (django-import-export resource) follows.

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
import sys
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from import_export import resources, widgets
from import_export.fields import Field
from import_export.results import Error

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


# A cell starting with one of these is a formula to Excel and LibreOffice (OWASP,
# "CSV Injection"): exports prefix such text with an apostrophe, imports drop it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_ESCAPE = "'"
# "-5" or "+1,200.5" in a text cell is a number to a spreadsheet, not a formula.
NUMERIC_TEXT = re.compile(r"[+-]?\d[\d,]*(\.\d+)?")


def escape_formula(value):
    """A text cell made inert for spreadsheets; numbers, dates and other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMERIC_TEXT.fullmatch(value):
        return FORMULA_ESCAPE + value
    return value


def unescape_formula(text: str) -> str:
    """The text escape_formula() was given: a sheet exported by wenming imports as it was."""
    if text.startswith(FORMULA_ESCAPE) and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _text(value) -> str:
    """A cell as stripped text (Excel hands numbers over as numbers)."""
    if value is None:
        return ""
    return unescape_formula(str(value).strip())


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
        value = unescape_formula(super().clean(value, row, **kwargs))
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


def whole_if_integral(value):
    """13380.0 hours (a one-decimal column) is written 13380, as people write it."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


class NumberWidget(widgets.NumberWidget):
    """A number as people type it: full-width digits, the minus sign −, thousands
    separators. Words, blanks inside the number and values outside
    [minimum, maximum] are row errors in Chinese (ValueError), which the import
    shows under the cell's column."""

    def __init__(self, *, integer: bool = False, minimum=None, maximum=None, **kwargs):
        self.integer = integer
        self.minimum = minimum
        self.maximum = maximum
        super().__init__(**kwargs)

    def render(self, value, obj=None, **kwargs):
        return super().render(whole_if_integral(value), obj, **kwargs)

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        number = self._parse(value)
        if self.minimum is not None and number < self.minimum:
            if self.minimum == 0:
                raise ValueError(f"{_shown(number)}是负数，此列不能为负数")
            raise ValueError(f"{_shown(number)}小于下限{_shown(self.minimum)}")
        if self.maximum is not None and number > self.maximum:
            raise ValueError(f"{_shown(number)}超过了合理上限{_shown(self.maximum)}，请核对")
        if self.integer:
            # int() of a huge Decimal is slow: refuse it before converting (GHSA-fcgw-hjjv-4rh6).
            if number.adjusted() >= sys.get_int_max_str_digits():
                raise ValueError("数字过大，请核对")
            if number != number.to_integral_value():
                raise ValueError(f"{_shown(number)}不是整数，此列应填整数，如 300")
            return int(number)
        return number

    def _parse(self, value) -> Decimal:
        if isinstance(value, bool):
            raise ValueError(f"“{value}”不是数字")
        if isinstance(value, int | Decimal):
            number = Decimal(value)
        elif isinstance(value, float):
            # Excel hands 12.5 over as a float: its shortest text is what was typed.
            number = Decimal(repr(value))
        else:
            text = unicodedata.normalize("NFKC", str(value)).strip().replace("−", "-")
            if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
                text = text.replace(",", "")
            try:
                number = Decimal(text)
            except InvalidOperation:
                example = "300" if self.integer else "120 或 12.5"
                raise ValueError(f"“{_text(value)}”不是数字，请只填阿拉伯数字，如 {example}") from None
        if not number.is_finite():
            raise ValueError(f"“{_text(value)}”不是数字")
        return number


def _shown(number) -> str:
    """A number as a person reads it: 10,000,000 rather than 1E+7."""
    number = Decimal(number)
    text = f"{number:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


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
