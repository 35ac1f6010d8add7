"""Geometry for the dashboard's server-rendered SVG charts.

Plain Python: each function turns figures into positions and labels, and the
templates in templates/charts/ only draw them. No JavaScript and nothing
fetched from elsewhere, so the charts work offline and in any browser.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

Number = int | float | Decimal


def nice_ceiling(value: Number) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above ``value`` (axis maximum)."""
    value = float(value)
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude + 1e-9:
            return step * magnitude
    return 10 * magnitude


def axis_values(top: Number, *, whole: bool = False) -> tuple[float, list[float]]:
    """The axis maximum and its tick values. Whole counts (条, 项) get whole-number ticks:
    a chart of two records is marked 0, 1, 2, not 0, 0.5, 1, 1.5, 2."""
    if not whole:
        maximum = nice_ceiling(top)
        return maximum, [maximum * step / 4 for step in range(5)]
    top = max(1, math.ceil(float(top)))
    if top <= 4:
        return float(top), [float(step) for step in range(top + 1)]
    step = nice_ceiling(top / 4)
    step = float(math.ceil(step))
    return step * 4, [step * index for index in range(5)]


def format_number(value: Number | None) -> str:
    """13380 → 13,380; 12.5 → 12.5; None → —."""
    if value is None:
        return "—"
    value = float(value)
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.1f}"


def format_large(value: Number | None) -> str:
    """Totals for a headline: whole numbers, and 万 past a hundred thousand
    (17096723.7 → 1,709.7万), as Chinese statistics print them."""
    if value is None:
        return "—"
    value = float(value)
    if abs(value) >= 100_000:
        return f"{value / 10_000:,.1f}万"
    return format_number(round(value))


def format_axis(value: Number) -> str:
    """Axis labels in the unit Chinese readers use for large numbers: 20000 → 2万."""
    value = float(value)
    if abs(value) >= 10_000:
        text = f"{value / 10_000:.1f}".rstrip("0").rstrip(".")
        return f"{text}万"
    return format_number(value)


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    short_label: str
    value: str
    url: str | None = None
    css: str = ""
    compact: str = ""  # the value as it fits above a narrow column (1.3万)

    @property
    def end_x(self) -> float:
        return round(self.x + self.width + 6, 1)

    @property
    def centre_x(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def middle_y(self) -> float:
        return round(self.y + self.height / 2, 1)

    @property
    def top_y(self) -> float:
        return round(self.y - 4, 1)


@dataclass
class Chart:
    width: int
    height: int
    title: str
    unit: str
    kind: str = "column"  # "bar" (horizontal) or "column" (vertical, maybe stacked)
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    labels: list[Tick] = field(default_factory=list)  # category labels under columns
    sublabels: list[Tick] = field(default_factory=list)  # years under the months
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css class, label)
    totals: list[Label] = field(default_factory=list)  # figures above stacked columns
    plot_left: float = 0
    plot_top: float = 0
    plot_right: float = 0
    plot_bottom: float = 0
    label_width: float = 0

    @property
    def axis_label_x(self) -> float:
        return self.plot_left - 6

    @property
    def category_label_y(self) -> float:
        return self.plot_bottom + 16

    @property
    def sublabel_y(self) -> float:
        return self.plot_bottom + 32

    @property
    def name_x(self) -> float:
        return self.plot_left - 8

    @property
    def tick_label_y(self) -> float:
        return self.plot_bottom + 16

    @property
    def is_empty(self) -> bool:
        return not self.bars

    @property
    def summary(self) -> str:
        """Text for screen readers and for the chart's aria-label."""
        parts = "；".join(f"{bar.label}：{bar.value}" for bar in self.bars[:30])
        return f"{self.title}（{self.unit}）。{parts}"


def bar_chart(
    items: list[tuple[str, Number, str | None]],
    *,
    title: str,
    unit: str,
    width: int = 560,
    row_height: int = 28,
    label_chars: int = 14,
    whole: bool = False,
) -> Chart:
    """Horizontal bars, largest first as given: for rankings with long names."""
    label_width = 16 + 13 * min(label_chars, max((len(label) for label, _, _ in items), default=4))
    top, bottom_axis = 8, 24
    height = top + row_height * len(items) + bottom_axis
    chart = Chart(width=width, height=height, title=title, unit=unit, kind="bar", label_width=label_width)
    chart.plot_left, chart.plot_top = label_width, top
    chart.plot_right = width - 70  # room for the value after the longest bar
    chart.plot_bottom = top + row_height * len(items)
    maximum, ticks = axis_values(max((float(value) for _, value, _ in items), default=0), whole=whole)
    span = chart.plot_right - chart.plot_left
    for index, (label, value, url) in enumerate(items):
        length = span * float(value) / maximum if maximum else 0
        chart.bars.append(
            Bar(
                x=chart.plot_left,
                y=top + index * row_height + 5,
                width=round(max(length, 1.5 if value else 0), 1),
                height=row_height - 10,
                label=label,
                short_label=shorten(label, label_chars),
                value=format_number(value),
                url=url,
            )
        )
    chart.ticks = [Tick(round(chart.plot_left + span * tick / maximum, 1), format_axis(tick)) for tick in ticks]
    return chart


def column_chart(
    points: list[tuple[str, str, Number, str | None]],
    *,
    title: str,
    unit: str,
    width: int = 720,
    height: int = 240,
    whole: bool = False,
) -> Chart:
    """Vertical bars over time. Each point is (label, sublabel, value, url);
    the sublabel (a year) is shown only where it changes."""
    chart = Chart(width=width, height=height, title=title, unit=unit)
    chart.plot_left, chart.plot_top = 56, 12
    chart.plot_right, chart.plot_bottom = width - 12, height - 40
    maximum, ticks = axis_values(max((float(value) for _, _, value, _ in points), default=0), whole=whole)
    plot_height = chart.plot_bottom - chart.plot_top
    slot = (chart.plot_right - chart.plot_left) / max(len(points), 1)
    # Narrow columns: label every n-th one, and print only the peak's value,
    # so no two labels overlap.
    label_every = max(1, math.ceil(32 / slot))
    roomy = slot >= 34
    peak = max(range(len(points)), key=lambda i: float(points[i][2]), default=None)
    previous_sub = None
    for index, (label, sublabel, value, url) in enumerate(points):
        bar_height = plot_height * float(value) / maximum if maximum else 0
        x = chart.plot_left + index * slot + slot * 0.15
        chart.bars.append(
            Bar(
                x=round(x, 1),
                y=round(chart.plot_bottom - bar_height, 1),
                width=round(slot * 0.7, 1),
                height=round(bar_height, 1),
                label=f"{sublabel}{label}",
                short_label=label,
                value=format_number(value),
                url=url,
                compact=format_axis(value) if value and (roomy or index == peak) else "",
            )
        )
        centre = round(chart.plot_left + index * slot + slot / 2, 1)
        if index % label_every == 0:
            chart.labels.append(Tick(centre, label))
        if sublabel != previous_sub:
            chart.sublabels.append(Tick(centre, sublabel))
            previous_sub = sublabel
    chart.ticks = [
        Tick(round(chart.plot_bottom - plot_height * tick / maximum, 1), format_axis(tick)) for tick in ticks
    ]
    return chart


def stacked_column_chart(
    categories: list[str],
    series: list[tuple[str, str, list[Number], list[str | None]]],
    *,
    title: str,
    unit: str,
    width: int = 720,
    height: int = 260,
    whole: bool = False,
) -> Chart:
    """Columns per category, stacked by series (css class, label, values, urls)."""
    chart = Chart(width=width, height=height, title=title, unit=unit)
    chart.plot_left, chart.plot_top = 56, 12
    chart.plot_right, chart.plot_bottom = width - 12, height - 40
    totals = [sum(float(values[index]) for _, _, values, _ in series) for index in range(len(categories))]
    maximum, ticks = axis_values(max(totals, default=0), whole=whole)
    plot_height = chart.plot_bottom - chart.plot_top
    slot = (chart.plot_right - chart.plot_left) / max(len(categories), 1)
    for index, category in enumerate(categories):
        base = chart.plot_bottom
        x = chart.plot_left + index * slot + slot * 0.2
        for css, label, values, urls in series:
            value = float(values[index])
            if not value:
                continue
            segment = plot_height * value / maximum
            base -= segment
            chart.bars.append(
                Bar(
                    x=round(x, 1),
                    y=round(base, 1),
                    width=round(slot * 0.6, 1),
                    height=round(segment, 1),
                    label=f"{category} {label}",
                    short_label=label,
                    value=format_number(value),
                    url=urls[index],
                    css=css,
                )
            )
        centre = round(chart.plot_left + index * slot + slot / 2, 1)
        chart.labels.append(Tick(centre, category))
        if totals[index]:
            chart.totals.append(Label(centre, round(base - 4, 1), format_number(totals[index])))
    chart.ticks = [
        Tick(round(chart.plot_bottom - plot_height * tick / maximum, 1), format_axis(tick)) for tick in ticks
    ]
    chart.legend = [(css, label) for css, label, values, _ in series if any(values)]
    return chart
