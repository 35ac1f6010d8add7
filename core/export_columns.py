"""Export rows read with ``values_list`` instead of model instances.

The resources stay the single source of an export's columns (headers, order,
widgets) and of imports. What django-import-export does per cell (fetch the
attribute through the instance, ``Resource.export_field`` → ``Field.export`` →
``widget.render``, then escape formulas) made the export run at 0.04× the speed
of a bare ``csv.writer`` over the same rows, so each column is compiled once per
export into a database lookup and a plain function that renders a chunk of
looked-up values exactly as the column's widget renders the instance's attribute:

- a field of the row or of a row it points to (``article__title``) is one
  ``values_list`` lookup; a foreign key named by its natural key reads that key
  (``campaign__name``), or the key column itself when the natural key is the id;
- a many-to-many column named by natural keys (an activity's 组织单位) is read by
  two more queries per chunk of rows, the through table's pairs and the related
  rows' keys, and listed in the order the related model sorts by (what
  ``prefetch_related`` gives the widget);
- choices, numbers and dates are rendered from dicts and precomputed formats,
  other widgets by their own ``render``; formula escaping
  (articles.resources.escape_formula) is applied to the columns that can hold
  text, which is every column but numbers, dates and choice labels.

A column this module cannot read from values (a ``dehydrate_`` method, an
attribute that is not a field path, a widget that renders the related object
itself) makes :func:`compile_columns` return None: the export then goes through
the resource as before, slower but the same. tests/test_export_columns.py checks
that every export compiles and that its rows equal the resource's own.
core/export_rows.py reads and renders the rows of compiled columns.
"""

from __future__ import annotations

import datetime
import numbers
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import numberformat, timezone
from django.utils.encoding import force_str
from django.utils.formats import get_format, sanitize_strftime_format
from django.utils.translation import get_language
from import_export import widgets
from import_export.fields import Field
from import_export.resources import Resource

from core.resources import WenmingResource
from core.sheet_widgets import (
    FORMULA_STARTS,
    LIST_JOINER,
    ChoiceWidget,
    DateWidget,
    NaturalKeyListWidget,
    NaturalKeyWidget,
    NumberWidget,
    escape_formula,
    whole_if_integral,
)

Render = Callable[[Any], Any]
ColumnRender = Callable[[Sequence], list]


@dataclass(frozen=True)
class ManyLookup:
    """A many-to-many column read from its through table: for each parent id,
    the related rows' natural keys in the order the related model sorts by,
    which is what ``ManyRelatedManager.all()`` hands the widget."""

    parent: models.ForeignKey  # the through table's key to the exported row, e.g. activity
    target: models.ForeignKey  # its key to the related row, e.g. unit
    key: str  # the related model's natural key, e.g. name

    def fetch(self, parent_ids: list, using: str) -> dict[Any, list]:
        # Two small queries rather than one joined and sorted: joining the related
        # table makes the database sort both, and scan the whole related table.
        through = self.parent.model._default_manager.using(using)
        pairs = list(
            through.filter(_column_in(self.parent, parent_ids)).values_list(self.parent.attname, self.target.attname)
        )
        if not pairs:
            return {}
        related = self.target.related_model._default_manager.using(using)
        related_ids = {related_id for _, related_id in pairs}
        # The related model's order among the rows of this chunk is all the sort below needs.
        ordered = related.filter(_column_in(self.target.target_field, related_ids)).values_list("pk", self.key)
        rank, key = {}, {}
        for position, (pk, value) in enumerate(ordered.order_by(*related.model._meta.ordering, "pk")):
            rank[pk] = position
            key[pk] = value
        related_of = defaultdict(list)
        for parent_id, related_id in pairs:
            related_of[parent_id].append(related_id)
        return {
            parent_id: [key[pk] for pk in (sorted(related, key=rank.__getitem__) if len(related) > 1 else related)]
            for parent_id, related in related_of.items()
        }


def _column_in(field: models.Field, values: Collection) -> Q:
    """``field IN values``; integer ids written into the SQL (core/lookups.py): as
    query parameters, compiling and binding thousands of them costs more than the
    query itself."""
    if all(type(value) is int for value in values):
        # As a set: Django resolves a list or tuple value item by item, 10,000 calls.
        return Q(**{f"{field.attname}__id_in": frozenset(values)})
    return Q(**{f"{field.attname}__in": values})


@dataclass(frozen=True)
class Column:
    lookup: str | None  # values_list path; None for a many-valued column
    render: ColumnRender  # a chunk's values of this column to its cells
    many: ManyLookup | ChunkLookup | None = None


def _each(render: Render) -> ColumnRender:
    return lambda values: list(map(render, values))


def _text(value) -> Any:
    # CharWidget.render / Widget.render, then escape_formula.
    if value is None:
        return ""
    if value.__class__ is not str:
        value = force_str(value)
    if value.startswith(FORMULA_STARTS):
        return escape_formula(value)
    return value


def _text_column(values: Sequence) -> list:
    # Most cells are text that needs nothing: tested inline, without a call.
    return [v if v.__class__ is str and not v.startswith(FORMULA_STARTS) else _text(v) for v in values]


def _escaped(render: Render) -> Render:
    def render_escaped(value):
        value = render(value)
        if value.__class__ is str and value.startswith(FORMULA_STARTS):
            return escape_formula(value)
        return value

    return render_escaped


def _choice(widget: ChoiceWidget) -> ColumnRender:
    labels = widget.labels
    known = {code: escape_formula(label) for code, label in labels.items()}
    known[None] = known[""] = ""

    def render(value):
        label = known.get(value)
        if label is None:
            text = str(value)
            label = escape_formula(labels.get(text, text))
        return label

    def render_column(values):
        cells = list(map(known.get, values))
        # A code that is not a choice (or not a string) is shown as it is, as the widget does.
        return [render(value) for value in values] if None in cells else cells

    return render_column


def _number(native: bool) -> ColumnRender:
    if native:
        return list
    # number_format()'s separators, looked up once instead of once a cell.
    language = get_language()
    grouping = get_format("NUMBER_GROUPING", language, use_l10n=True)
    separators = {
        "decimal_sep": get_format("DECIMAL_SEPARATOR", language, use_l10n=True),
        "grouping": grouping,
        "thousand_sep": get_format("THOUSAND_SEPARATOR", language, use_l10n=True),
        "use_l10n": True,
    }
    plain_integers = not (settings.USE_THOUSAND_SEPARATOR and grouping != 0)

    def render(value):
        if value is None:
            return ""
        value = whole_if_integral(value)
        if plain_integers and value.__class__ is int:
            return str(value)
        if not isinstance(value, numbers.Number):
            return ""
        # "-5" stays as it is (escape_formula leaves numeric text alone), "-1 234,5" would not.
        return escape_formula(str(numberformat.format(value, **separators)))

    if not plain_integers:
        return _each(render)
    return lambda values: [str(v) if v.__class__ is int else render(v) for v in values]


def _date(native: bool) -> ColumnRender:
    if native:
        return lambda values: [v if v else "" for v in values]
    return lambda values: [v.isoformat() if v else "" for v in values]


def _datetime(widget: widgets.DateTimeWidget, native: bool) -> ColumnRender:
    if not settings.USE_TZ:
        return _widget_render(widget, native)
    zone = timezone.get_current_timezone()  # what localtime() converts to
    if native:
        return _each(lambda value: value.astimezone(zone).replace(tzinfo=None) if value else "")
    text_format = sanitize_strftime_format(widget.formats[0])  # format_datetime()'s

    def render(value):
        if not value or not isinstance(value, datetime.datetime):
            return ""
        text = value.astimezone(zone).strftime(text_format)
        return escape_formula(text) if text.startswith(FORMULA_STARTS) else text

    return _each(render)


def _natural_key(value) -> Any:
    # NaturalKeyWidget.render on the key already read.
    if value.__class__ is str:
        return escape_formula(value) if value.startswith(FORMULA_STARTS) else value
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    return _text(str(value))


def _natural_key_column(values: Sequence) -> list:
    return [v if v.__class__ is str and not v.startswith(FORMULA_STARTS) else _natural_key(v) for v in values]


def _key_list(keys) -> str:
    # NaturalKeyListWidget.render on the keys already read.
    if not keys:
        return ""
    try:
        return _text(LIST_JOINER.join(keys))
    except TypeError:  # keys that are not text, such as ids
        return _text(LIST_JOINER.join(map(str, keys)))


def _widget_render(widget: widgets.Widget, native: bool) -> ColumnRender:
    render = widget.render
    if native:
        return _each(_escaped(lambda value: render(value, force_native_type=True)))
    return _each(_escaped(lambda value: render(value, force_native_type=False)))


def _renders_as(widget: widgets.Widget, cls: type) -> bool:
    return isinstance(widget, cls) and type(widget).render is cls.render


def _value_render(widget: widgets.Widget, native: bool) -> ColumnRender:
    """How a field's own value (not a related row) is rendered."""
    if type(widget).render in (widgets.CharWidget.render, widgets.Widget.render) and widget.coerce_to_string:
        return _text_column
    if _renders_as(widget, ChoiceWidget):
        return _choice(widget)
    if isinstance(widget, widgets.NumberWidget) and type(widget).render in (
        widgets.NumberWidget.render,
        NumberWidget.render,
    ):
        if widget.coerce_to_string or native:
            return _number(native)
    if _renders_as(widget, DateWidget):
        return _date(native)
    if _renders_as(widget, widgets.DateTimeWidget) and (widget.coerce_to_string or native):
        return _datetime(widget, native)
    return _widget_render(widget, native)


def _resolve(model: type[models.Model], path: str) -> list[models.Field] | None:
    """The fields along ``a__b__c``; every step but the last a forward foreign key."""
    names = path.split("__")
    chain = []
    for name in names:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if not isinstance(field, models.Field):
            return None  # a reverse relation: not a column of this row
        chain.append(field)
        if len(chain) < len(names):
            if not (field.many_to_one or field.one_to_one):
                return None
            model = field.related_model
    return chain


def _plain_key(model: type[models.Model], name: str) -> bool:
    """Whether a natural key is a value of the row itself (what values_list reads
    is then what getattr() gives the widget)."""
    if name == "pk":
        return True
    chain = _resolve(model, name)
    return chain is not None and len(chain) == 1 and chain[0].concrete and not chain[0].is_relation


def _plain_manager(model: type[models.Model]) -> bool:
    return type(model._default_manager).get_queryset is models.Manager.get_queryset


def _many_column(field: models.ManyToManyField, widget: NaturalKeyListWidget) -> Column | None:
    through = field.remote_field.through
    target = field.related_model
    target_fk = through._meta.get_field(field.m2m_reverse_field_name())
    if not (_plain_manager(target) and _plain_manager(through)) or widget.model is not target:
        return None
    if not target_fk.target_field.primary_key:
        return None
    if not all(isinstance(term, str) for term in target._meta.ordering):
        return None
    if not _plain_key(target, widget.field):
        return None
    parent = through._meta.get_field(field.m2m_field_name())
    return Column(lookup=None, render=_each(_key_list), many=ManyLookup(parent, target_fk, widget.field))


@dataclass(frozen=True)
class ChunkLookup:
    """A computed list column: the resource's ``fetch_<column>(ids, using)`` gives each
    row's values for a chunk of rows at once (its ``dehydrate_<column>`` renders one row
    the same way, for exports that go through the resource)."""

    fetch_values: Callable[[list, str], dict]

    def fetch(self, parent_ids: list, using: str) -> dict[Any, list]:
        return self.fetch_values(parent_ids, using)


def _column(resource: Resource, field: Field, native: bool) -> Column | None:
    fetch = getattr(resource, f"fetch_{resource.get_field_name(field)}", None)
    if callable(fetch):
        return Column(lookup=None, render=_each(_key_list), many=ChunkLookup(fetch))
    if field.attribute is None:
        return None
    dehydrate = field.get_dehydrate_method(resource.get_field_name(field))
    if callable(dehydrate) or hasattr(resource, dehydrate):
        return None
    if field.attribute in getattr(resource, "annotations", ()):
        # A value the exported queryset computes (the holdings lists' derived state).
        return Column(lookup=field.attribute, render=_value_render(field.widget, native))
    chain = _resolve(resource._meta.model, field.attribute)
    if chain is None:
        return None
    last = chain[-1]
    widget = field.widget
    if last.many_to_many:
        if len(chain) == 1 and _renders_as(widget, NaturalKeyListWidget):
            return _many_column(last, widget)
        return None
    if not last.concrete:
        return None
    if last.is_relation:
        if not _renders_as(widget, NaturalKeyWidget) or widget.model is not last.related_model:
            return None
        if not _plain_key(last.related_model, widget.field):
            return None
        target_field = last.target_field
        if widget.field == "pk" and target_field.primary_key:
            return Column(lookup=field.attribute, render=_natural_key_column)
        return Column(lookup=f"{field.attribute}__{widget.field}", render=_natural_key_column)
    return Column(lookup=field.attribute, render=_value_render(widget, native))


def compile_columns(resource: Resource, *, native: bool = False) -> list[Column] | None:
    """The resource's export columns read from values, or None when one of them cannot be."""
    if type(resource).export_field is not WenmingResource.export_field:
        return None
    columns = []
    for field in resource.get_export_fields():
        column = _column(resource, field, native)
        if column is None:
            return None
        columns.append(column)
    return columns
