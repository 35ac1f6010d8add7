"""Number formatting for the staff pages.

Django's zh-hans locale groups digits in fours with no separator (1295511.7),
which is hard to read; official statistics write 1,295,511.7.
"""

from django import template

from reports.charts import format_number

register = template.Library()


@register.filter
def num(value, decimals=None):
    """13380 → 13,380; 1200.5 → 1,200.5; ``num:0`` rounds to a whole number; None → —."""
    if value is None or value == "":
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    if decimals is not None:
        number = round(number, int(decimals))
    return format_number(number)
