"""The charts of Steward's PDF reports, as reportlab vector drawings in the house style of ``pdf_style``.

- ``bar_chart``: horizontal bars, one labelled bar per category (the gap report's
  discipline mix and skill shapes);
- ``stacked_bars`` and ``cumulative_lines``: planned spending per period stacked by
  category, and running planned against actual totals (the budget report);
- ``burndown_drawing`` and ``velocity_drawing``: a sprint's remaining, scope and
  ideal points per day, and committed against completed points per sprint with the
  running average (the policy report);
- ``value_axis`` and ``nice_step``: a value axis from 0 to a round number, which
  every chart here uses.

Like ``pdf_style``, this module imports reportlab at the top: import it inside the
function that renders a PDF, never at a report module's import.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics

from app.reports.pdf_style import ACCENT, INK, MUTED, RULE, register_fonts

# Twelve distinguishable fills for stacked bars (Tableau's colour-blind-aware ten and two more).
SERIES_COLOURS = (
    "#1F4E79",
    "#F28E2B",
    "#59A14F",
    "#E15759",
    "#76B7B2",
    "#EDC948",
    "#B07AA1",
    "#FF9DA7",
    "#9C755F",
    "#BAB0AC",
    "#4E79A7",
    "#8CD17D",
)
# Sprint charts: remaining in the house accent, scope (and the running average) in amber, committed pale blue.
SCOPE_COLOUR = "#C26A00"
COMMITTED_COLOUR = "#A9C4DE"
# The budget's actual spending beside its planned line.
ACTUAL_COLOUR = "#F28E2B"


# --- axes ---------------------------------------------------------------------------------


def nice_step(top: float, steps: int, *, whole: bool = False) -> float:
    """A round step (1, 2, 2.5, 5 × a power of ten) that covers ``top`` in about ``steps`` intervals;
    ``whole`` keeps it a whole number (points, not money)."""
    raw = max(top, 1.0) / steps
    magnitude: int = 10 ** (len(str(int(raw))) - 1)  # a power >= 0, so an int (typeshed says Any)
    factors = (1, 2, 5, 10) if whole and magnitude == 1 else (1, 2, 2.5, 5, 10)
    return next((factor * magnitude for factor in factors if raw <= factor * magnitude), 10 * magnitude)


def value_axis(
    axis: Any, top: float, *, steps: int, label_format: Any, whole: bool = False, visible: bool = True
) -> None:
    """A chart's value axis in the house style: from 0 to a round number above ``top``, with a light grid."""
    font, _ = register_fonts()
    step = nice_step(top, steps, whole=whole)
    axis.valueMin = 0
    axis.valueMax = step * max(1, -(-top // step))
    axis.valueStep = step
    axis.visible = visible
    axis.labelTextFormat = label_format
    axis.labels.fontName = font
    axis.labels.fontSize = 7.5
    axis.labels.fillColor = MUTED
    axis.strokeColor = RULE
    if visible:
        axis.visibleGrid = True
        axis.gridStrokeColor = RULE
        axis.gridStrokeWidth = 0.4


def money_axis(value: float) -> str:
    """An amount on an axis, short: "250k", "1.5M"."""
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if abs(value) >= 1_000:
        return f"{value / 1_000:g}k"
    return f"{value:g}"


def _points_axis(axis: Any, top: float, *, visible: bool = True) -> None:
    value_axis(axis, top, steps=4, label_format="%d", whole=True, visible=visible)


def _category_axis(axis: Any, names: Sequence[str], *, font_size: float) -> None:
    font, _ = register_fonts()
    axis.categoryNames = list(names)
    axis.labels.fontName = font
    axis.labels.fontSize = font_size
    axis.labels.fillColor = INK
    axis.strokeColor = RULE


# --- horizontal bars ------------------------------------------------------------------------


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    width: float,
    bar_colours: Sequence[Any] | None = None,
    label_colours: Sequence[Any] | None = None,
    value_format: str = "{:g}",
    bar_height: float = 14,
) -> Drawing:
    """A horizontal bar chart (vector), one labelled bar per category, its value at the bar's end.

    ``bar_colours`` and ``label_colours`` (one per category, default ``ACCENT`` and
    ``INK``) mark a category out, e.g. in ``ALERT`` when a zero is bad news.

    Sized to its content: ``width`` points wide, as tall as the bars need. The
    caller decides what to show instead when there is nothing to chart.
    """
    font, _ = register_fonts()
    font_size = 8
    label_width = max(pdfmetrics.stringWidth(label, font, font_size) for label in labels) + 8
    value_room = max(pdfmetrics.stringWidth(value_format.format(value), font, font_size) for value in values) + 10
    gap = bar_height * 0.5
    plot_height = len(labels) * (bar_height + gap)
    drawing = Drawing(width, plot_height + 8)
    chart = HorizontalBarChart()
    chart.x = label_width
    chart.y = 4
    chart.width = max(width - label_width - value_room, 40)
    chart.height = plot_height
    # reportlab draws the first category at the bottom; reversed, the chart reads top-down like a table.
    chart.data = [list(reversed([float(value) for value in values]))]
    chart.categoryAxis.categoryNames = list(reversed(labels))
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = font_size
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = RULE
    chart.categoryAxis.tickLeft = 0
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(max(values, default=0), 1)
    chart.valueAxis.visible = False
    chart.barSpacing = 0
    chart.groupSpacing = gap
    chart.bars.strokeColor = None
    chart.bars[0].fillColor = ACCENT
    if bar_colours is not None:
        for index, colour in enumerate(reversed(list(bar_colours))):
            chart.bars[(0, index)].fillColor = colour
    if label_colours is not None:
        for index, colour in enumerate(reversed(list(label_colours))):
            chart.categoryAxis.labels[index].fillColor = colour
    chart.barLabelFormat = lambda value: value_format.format(value)
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = font_size
    chart.barLabels.fillColor = INK
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.nudge = 4
    drawing.add(chart)
    return drawing


# --- the budget's charts ------------------------------------------------------------------

LEGEND_WIDTH = 150  # the room a budget chart keeps on its right for its legend


def _side_legend(drawing: Drawing, pairs: Sequence[tuple[Any, str]], *, width: float, height: float) -> None:
    """A legend in the ``LEGEND_WIDTH`` on the right of a ``width`` × ``height`` drawing, top-down."""
    font, _ = register_fonts()
    legend = Legend()
    legend.x, legend.y = width - LEGEND_WIDTH + 6, height - 12
    legend.alignment = "right"
    legend.fontName = font
    legend.fontSize = 7.5
    legend.fillColor = INK
    legend.columnMaximum = 12
    legend.dx, legend.dy = 8, 8
    legend.deltay = 11
    legend.strokeColor = None
    legend.colorNamePairs = list(pairs)
    drawing.add(legend)


def stacked_bars(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | Decimal]]],
    *,
    top: float,
    width: float,
    height: float = 190,
    label_format: Callable[[float], str] = money_axis,
) -> Drawing:
    """One bar per column (``labels``), stacked from the first series up, each series in its own colour.

    ``series`` are (name, one value per column); the legend reads top-down in the
    order the stack reads bottom-up. ``top`` is the tallest stack, for the axis.
    """
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 42, 22
    chart.width, chart.height = width - LEGEND_WIDTH - chart.x - 10, height - chart.y - 10
    chart.data = [[float(value) for value in values] for _, values in series] or [[0.0]]
    chart.categoryAxis.style = "stacked"
    _category_axis(chart.categoryAxis, labels, font_size=7.5)
    value_axis(chart.valueAxis, top, steps=5, label_format=label_format)
    chart.bars.strokeColor = colors.white
    chart.bars.strokeWidth = 0.4
    chart.barSpacing = 0
    chart.barWidth = 10
    chart.groupSpacing = 6 if len(labels) > 4 else 12
    fills = [colors.HexColor(SERIES_COLOURS[index % len(SERIES_COLOURS)]) for index in range(len(series))]
    for index, fill in enumerate(fills):
        chart.bars[index].fillColor = fill
    drawing.add(chart)
    # The legend reads top-down in the order the stack reads bottom-up: the first series is at the bottom.
    pairs = [(fill, name) for fill, (name, _) in zip(fills, series, strict=True)]
    _side_legend(drawing, pairs[::-1], width=width, height=height)
    return drawing


def _marked_line(line: Any, colour: Any, *, width: float, marker: str, size: float) -> None:
    """One series of a line chart: its colour and width, and a filled ``marker`` of ``size`` at each point."""
    line.strokeColor = colour
    line.strokeWidth = width
    line.symbol = makeMarker(marker, size=size, fillColor=colour, strokeColor=colour)


def cumulative_lines(
    labels: Sequence[str],
    planned: Sequence[float],
    actual: Sequence[float | None] | None,
    *,
    width: float,
    height: float = 170,
    label_format: Callable[[float], str] = money_axis,
) -> Drawing:
    """Running planned totals per column, and the actual ones as far as they go (``None`` beyond; no line at all
    when ``actual`` is None, which the legend's place then says)."""
    font, _ = register_fonts()
    drawing = Drawing(width, height)
    chart = HorizontalLineChart()
    chart.x, chart.y = 42, 22
    chart.width, chart.height = width - LEGEND_WIDTH - chart.x - 10, height - chart.y - 10
    series = [list(planned)] + ([list(actual)] if actual is not None else [])
    chart.data = series
    _category_axis(chart.categoryAxis, labels, font_size=7.5)
    top = max([*planned, *[value for value in actual or () if value is not None]], default=0)
    value_axis(chart.valueAxis, top, steps=5, label_format=label_format)
    _marked_line(chart.lines[0], ACCENT, width=2, marker="FilledCircle", size=4)
    actual_colour = colors.HexColor(ACTUAL_COLOUR)
    if actual is not None:
        _marked_line(chart.lines[1], actual_colour, width=2, marker="FilledSquare", size=4)
    drawing.add(chart)
    _side_legend(
        drawing,
        [(ACCENT, "Planned, cumulative")] + ([(actual_colour, "Actual, cumulative")] if actual is not None else []),
        width=width,
        height=height,
    )
    if actual is None:
        drawing.add(
            String(
                width - LEGEND_WIDTH + 6,
                height - 48,
                "No actuals recorded yet.",
                fontName=font,
                fontSize=7.5,
                fillColor=MUTED,
            )
        )
    return drawing


# --- the policy report's charts -------------------------------------------------------------


def _line_legend(drawing: Drawing, entries: Sequence[tuple[Any, str, str]], *, x: float, y: float) -> None:
    """A one-line legend at (``x``, ``y``): each entry a swatch ("box", "line" or "dash") and its label."""
    font, _ = register_fonts()
    size = 7.5
    for colour, label, kind in entries:
        if kind == "box":
            drawing.add(Rect(x, y - 1, 8, 8, fillColor=colour, strokeColor=None))
        else:
            drawing.add(
                Line(
                    x,
                    y + 3,
                    x + 12,
                    y + 3,
                    strokeColor=colour,
                    strokeWidth=1 if kind == "dash" else 2,
                    strokeDashArray=(3, 2) if kind == "dash" else None,
                )
            )
        swatch = 8 if kind == "box" else 12
        drawing.add(String(x + swatch + 4, y, label, fontName=font, fontSize=size, fillColor=INK))
        x += swatch + 4 + pdfmetrics.stringWidth(label, font, size) + 14


def burndown_drawing(sprint: Mapping[str, Any], *, width: float, height: float) -> Drawing:
    """Remaining and scope points per day with the ideal line (vector), a legend above the plot.

    ``sprint`` is a sprint of the policy report's document (its ``burndown`` points).
    """
    points = sprint["burndown"]
    days = [date.fromisoformat(point["date"]) for point in points]
    remaining = [point["remaining_points"] for point in points]
    scope = [point["scope_points"] for point in points]
    ideal = [point["ideal_points"] for point in points]
    drawing = Drawing(width, height)
    chart = HorizontalLineChart()
    chart.x, chart.y = 26, 30
    chart.width, chart.height = width - chart.x - 6, height - chart.y - 22
    # Scope last and thin over the thick remaining line: where the two coincide, both stay visible.
    scope_colour = colors.HexColor(SCOPE_COLOUR)
    series = [
        (ideal, MUTED, 1.0, (3, 2), None),
        (remaining, ACCENT, 2.5, None, makeMarker("FilledCircle", size=4, fillColor=ACCENT, strokeColor=ACCENT)),
        (scope, scope_colour, 1.25, None, None),
    ]
    # A line needs two days with a value: a sprint not started yet (or on its first day) has only the ideal.
    series = [line for line in series if sum(value is not None for value in line[0]) >= 2]
    chart.data = [line[0] for line in series]
    for index, (_, colour, stroke_width, dashes, marker) in enumerate(series):
        chart.lines[index].strokeColor = colour
        chart.lines[index].strokeWidth = stroke_width
        if dashes:
            chart.lines[index].strokeDashArray = dashes
        if marker is not None:
            chart.lines[index].symbol = marker
    chart.joinedLines = 1
    # Label every day on a short sprint; thin them out on a long one so they never collide.
    every = max(1, -(-len(days) * 26 // int(chart.width)))
    last = len(days) - 1
    # The last day is always labelled; a thinned-out label too close before it gives way.
    _category_axis(
        chart.categoryAxis,
        [
            f"{day.day} {day:%b}" if index == last or (index % every == 0 and last - index >= every) else ""
            for index, day in enumerate(days)
        ],
        font_size=6.5,
    )
    # Upright labels fit a full-width chart; a half-width one tilts them to keep them apart.
    chart.categoryAxis.labels.angle = 45 if width < 300 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if width < 300 else "n"
    top = max([value for value in [*remaining, *scope, *ideal] if value is not None], default=0)
    _points_axis(chart.valueAxis, top)
    drawing.add(chart)
    _line_legend(
        drawing,
        [(ACCENT, "Remaining", "line"), (scope_colour, "Scope", "line"), (MUTED, "Ideal", "dash")],
        x=chart.x,
        y=height - 9,
    )
    return drawing


def velocity_drawing(velocity: Sequence[Mapping[str, Any]], *, width: float, height: float) -> Drawing:
    """Committed against completed points per sprint (bars) with the running average (line).

    ``velocity`` is the policy report's document's ``velocity`` list.
    """
    names = [row["name"] + (" (active)" if row["in_progress"] else "") for row in velocity]
    committed = [row["committed_points"] for row in velocity]
    completed = [row["completed_points"] for row in velocity]
    average = [row["running_average"] for row in velocity]
    top = max([*committed, *completed, *[value for value in average if value is not None]], default=0)
    drawing = Drawing(width, height)
    bars = VerticalBarChart()
    bars.x, bars.y = 26, 18
    bars.width, bars.height = width - bars.x - 6, height - bars.y - 22
    bars.data = [committed, completed]
    _category_axis(bars.categoryAxis, names, font_size=7)
    _points_axis(bars.valueAxis, top)
    committed_colour = colors.HexColor(COMMITTED_COLOUR)
    bars.bars.strokeColor = None
    bars.bars[0].fillColor = committed_colour
    bars.bars[1].fillColor = ACCENT
    bars.barSpacing = 1
    bars.groupSpacing = max(6, bars.width / max(len(names), 1) * 0.35)
    drawing.add(bars)
    # The running average on the same axes: a line chart over the same box puts its points at the bars' centres.
    # A line needs two points; with one closed sprint the average is that sprint's completed bar anyway.
    average_colour = colors.HexColor(SCOPE_COLOUR)
    if sum(value is not None for value in average) >= 2:
        line = HorizontalLineChart()
        line.x, line.y, line.width, line.height = bars.x, bars.y, bars.width, bars.height
        line.data = [average]
        line.joinedLines = 1
        line.categoryAxis.categoryNames = names
        line.categoryAxis.visible = False
        _points_axis(line.valueAxis, top, visible=False)
        _marked_line(line.lines[0], average_colour, width=1.5, marker="FilledDiamond", size=5)
        drawing.add(line)
    _line_legend(
        drawing,
        [
            (committed_colour, "Committed", "box"),
            (ACCENT, "Completed", "box"),
            (average_colour, "Running average of closed sprints", "line"),
        ],
        x=bars.x,
        y=height - 9,
    )
    return drawing
