"""Admin bases every app's admin builds on."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.options import IS_FACETS_VAR, IS_POPUP_VAR, TO_FIELD_VAR
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.contrib.admin.views.main import ERROR_FLAG, ORDER_VAR, PAGE_VAR, SEARCH_VAR
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from core.ids import MAX_ID


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
