"""Form fields over the registry that the staff site and the admin share."""

from __future__ import annotations

from django import forms

from core.forms import PlainOptionsSelect, ValuesChoiceIterator
from core.freshness import cached_until_ledger_changes


class RegionSelect(PlainOptionsSelect):
    """Every region (some 4,700) is an option wherever staff pick one: written out
    once until the ledger changes, not on every view."""

    def options_html(self) -> str:
        _, empty_label = next(iter(self.choices))
        return cached_until_ledger_changes(f"region-options:{empty_label}", super().options_html)


class RegionChoices:
    """What makes a ModelChoiceField over regions cheap: choices read as plain
    values, not 4,700 model instances, and written out by RegionSelect."""

    iterator = ValuesChoiceIterator
    widget = RegionSelect
    label_field = "full_name"

    def label_from_instance(self, obj):
        return obj.full_name


class RegionChoiceField(RegionChoices, forms.ModelChoiceField):
    pass
