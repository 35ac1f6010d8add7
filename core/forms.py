"""Form fields shared by the apps' filter forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from core.ids import parse_id


class IdModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that refuses a value no id can have (abc, 99999999999999999999)
    as an invalid choice, before it reaches the database (which would raise, not refuse)."""

    def to_python(self, value):
        if value not in self.empty_values and parse_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)
