"""How cells are read and written in wenming's sheets: Chinese choice labels, numbers
without stray formatting, yes/no, dates, lists joined with 、, and related rows by
their natural key (core.resources puts them to work)."""

import json
import re
import sys
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from import_export import widgets

# People type lists with the enumeration comma 、, but also with commas and semicolons.
LIST_SEPARATORS = re.compile(r"[、，,；;\n]")


LIST_JOINER = "、"


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
    """Writes a choice as its Chinese label; reads the label or the code, or another
    name sheets use for it (`synonyms`: name → code)."""

    def __init__(self, choices, *, synonyms: dict[str, str] | None = None, **kwargs):
        self.labels = {str(code): str(label) for code, label in choices}
        self.codes = {**(synonyms or {}), **{label: code for code, label in self.labels.items()}}
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
