"""The extraction's plain values made fit for model fields: choices, partial
dates, head counts, hours, and the evidence sentence for a unit listed without one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from articles.extraction.records import Evidence, PartialDate
from articles.extraction.text import sentences
from core.models import DatePrecision


def choice_field(value: str | None, choices: type, default: str) -> str:
    return value if value in choices.values else default


def date_fields(partial: PartialDate | None) -> tuple[date | None, str]:
    """A PartialDate as a DateField value and its precision: a month is stored as
    its first day and a year as 1 January, never inventing what the text lacks."""
    if partial is None or partial.year is None:
        return None, ""
    month = partial.month if partial.month is not None else None
    day = partial.day if month is not None else None
    try:
        value = date(partial.year, month or 1, day or 1)
    except ValueError:
        return None, ""
    if day is not None:
        return value, DatePrecision.DAY
    if month is not None:
        return value, DatePrecision.MONTH
    return value, DatePrecision.YEAR


def count_field(value: Any) -> int | None:
    """A head count or person-time figure fit for a PositiveIntegerField."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 0 <= number <= 2_147_483_647 else None


def hours_field(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        if isinstance(value, float) and not math.isfinite(value):
            return None
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        return None
    return hours if 0 <= hours <= 10_000_000 else None


def first_sentence_naming(text: str, names: Iterable[str]) -> Evidence | None:
    """Evidence for a unit the pipeline listed without any: the first sentence
    of the article that names it, so a reviewer can see where it came from."""
    names = [name for name in names if name]
    for span in sentences(text):
        sentence = text[span.start : span.end]
        if any(name in sentence for name in names):
            return Evidence(sentence=sentence, start=span.start, end=span.end)
    return None
