"""Shared form pieces (core/forms.py)."""

from core.forms import PlainOptionsSelect, ValuesChoiceIterator
from reports.unit_filters import RegionChoiceField
from units.models import Region


def test_a_plain_options_select_marks_the_chosen_option_and_escapes_every_label():
    widget = PlainOptionsSelect(choices=[("", "全部"), (1, "甲<乙>"), (2, "丙")])

    html = widget.render("region", 2, attrs={"id": "id_region"})

    assert html == (
        '<select name="region" id="id_region"><option value="">全部</option>'
        '<option value="1">甲&lt;乙&gt;</option><option value="2" selected>丙</option></select>'
    )


def test_region_choices_are_read_as_values_in_name_order(heze):
    field = RegionChoiceField(queryset=Region.objects.order_by("full_name"), empty_label="全部地区")

    choices = list(field.choices)

    assert isinstance(field.choices, ValuesChoiceIterator)
    assert choices[0] == ("", "全部地区")
    assert (heze.pk, heze.full_name) in choices
