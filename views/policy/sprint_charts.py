"""The Sprints tab's charts (Qt Charts): a sprint's burndown, the project's velocity and its cumulative flow.

The figures come whole from ``app.analysis.sprints``; nothing is computed here
beyond placing them. The colours and line styles follow the PDF report's
charts (``app.reports.policy``): remaining and completed in the accent blue,
scope and the running average in amber, the ideal line dotted grey, and each
line also told apart by its dash or markers, never by colour alone. A chart
with nothing to show says so in words over an empty frame.

The day axes are numbered by day (0 for the first) and labelled with short
dates; when the view is too narrow for a label a day, the labels thin out
(the first and last day are always labelled) instead of running into each other.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from PySide6.QtCharts import (
    QAreaSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QLocale, QMargins, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPen, QResizeEvent
from PySide6.QtWidgets import QLabel, QTabWidget, QWidget

from app.analysis.sprints import Burndown, CumulativeFlow, ProjectSprints, VelocityPoint
from models.enums import ItemStatus
from views.charts import CHART_TEXT, HouseChartView, house_axis, house_chart
from views.labels import tr
from views.layouts import top_to_bottom
from views.palette import FADED
from views.policy.wording import name

# The PDF report's palette (app/reports/pdf_style.py and app/reports/policy.py).
ACCENT = QColor("#1f4e79")
SCOPE_COLOUR = QColor("#c26a00")
IDEAL_COLOUR = QColor("#52606d")
COMMITTED_COLOUR = QColor("#a9c4de")
TEXT = CHART_TEXT
# One colour a status, from cool and grey (not started) to green (done); Tableau 10 hues.
STATUS_COLOURS: dict[str, QColor] = {
    ItemStatus.BACKLOG.value: QColor("#bab0ac"),
    ItemStatus.TODO.value: QColor("#4e79a7"),
    ItemStatus.IN_PROGRESS.value: QColor("#f28e2b"),
    ItemStatus.IN_REVIEW.value: QColor("#b07aa1"),
    ItemStatus.DONE.value: QColor("#59a14f"),
}
# Steps for the points axis: whole points only, at most this many intervals.
_NICE_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000)
_MAX_INTERVALS = 8


def _chart(title: str) -> QChart:
    # Wider on the right: the last day's date is centred on the plot's edge and would be cut in half.
    return house_chart(title, margins=QMargins(6, 6, 26, 6))


def points_axis(top: float, *, title: str, headroom: float = 0.0) -> QValueAxis:
    """A points axis from 0 with whole-number ticks at 1, 2, 5, 10, … steps, reaching at least ``top``."""
    wanted = max(top * (1 + headroom), 1.0)
    step = next((step for step in _NICE_STEPS if math.ceil(wanted / step) <= _MAX_INTERVALS), _NICE_STEPS[-1])
    intervals = max(math.ceil(wanted / step), 1)
    axis = QValueAxis()
    axis.setRange(0.0, float(intervals * step))
    axis.setTickCount(intervals + 1)
    axis.setLabelFormat("%.0f")
    return house_axis(axis, title)


def short_date(day: date) -> str:
    """“3 Nov”: a day label short enough for an axis."""
    return QLocale().toString(QDate(day.year, day.month, day.day), "d MMM")


def _pen(colour: QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(colour, width)
    pen.setStyle(style)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def _line(label: str, pen: QPen, parent: QChart) -> QLineSeries:
    series = QLineSeries(parent)
    series.setName(label)
    series.setPen(pen)
    return series


class _SprintChartView(HouseChartView):
    """A chart view that shows either a chart or, over an empty frame, a sentence saying why there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, width=320, height=240)
        self.message = QLabel("", self)
        self.message.setObjectName("chartMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {TEXT.name()};")
        self.message.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.message.hide()
        # Day axes to relabel on resize: the axis, the days it covers.
        self._day_axis: QCategoryAxis | None = None
        self._days: tuple[date, ...] = ()
        self._note = False  # the message is a note over a chart, not a chart's stand-in
        self.setChart(_chart(""))

    def empty_message(self) -> str:
        """The sentence shown instead of a chart; empty while a chart is shown."""
        return "" if self.message.isHidden() else self.message.text()

    def _show_empty(self, title: str, message: str) -> None:
        self._note = False
        self._day_axis = None
        self._days = ()
        chart = _chart(title)
        chart.legend().setVisible(False)
        self.replace_chart(chart)
        self.message.setText(message)
        self.message.show()
        self._place_message()

    def _show_chart(self, chart: QChart) -> None:
        self.message.hide()
        self.replace_chart(chart)

    def _show_note(self, note: str) -> None:
        """A sentence over a chart that is drawn but looks unfinished, in its top right corner.

        The top right is where a burndown never has a line (the ideal one starts top left).
        """
        self._note = True
        self.message.setText(note)
        self.message.show()
        self._place_message()

    def _place_message(self) -> None:
        if self.message.isHidden():
            self._note = False
        margin = 24
        if self._note:
            # Below the title, inside the plot's right edge.
            top = 28 + QFontMetrics(self.chart().titleFont()).height()
            self.message.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.message.setGeometry(
                margin, top, max(self.width() - 2 * margin - 30, 10), 2 * self.message.fontMetrics().lineSpacing() + 4
            )
        else:
            self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.message.setGeometry(
                margin, margin, max(self.width() - 2 * margin, 10), max(self.height() - 2 * margin, 10)
            )

    def _day_axis_for(self, days: Sequence[date], *, title: str) -> QCategoryAxis:
        """An axis over day numbers 0… labelled with short dates at the days it has room for."""
        axis = QCategoryAxis()
        axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        house_axis(axis, title)
        last = len(days) - 1
        # One day alone gets a little room either side, so its point is not on the frame.
        axis.setRange(-0.5 if last == 0 else 0.0, 0.5 if last == 0 else float(last))
        axis.setStartValue(-1.0)
        self._day_axis = axis
        self._days = tuple(days)
        self._label_days()
        return axis

    def _label_days(self) -> None:
        axis, days = self._day_axis, self._days
        if axis is None or not days:
            return
        for label in axis.categoriesLabels():
            axis.remove(label)
        metrics = QFontMetrics(axis.labelsFont())
        label_width = max(metrics.horizontalAdvance(short_date(day)) for day in days) + 14
        # The plot is the view less the points axis and margins on the left (an estimate, before layout).
        room = max(self.width() - 90, 120)
        every = max(1, math.ceil(len(days) * label_width / room))
        last = len(days) - 1
        for index, day in enumerate(days):
            # The last day is always labelled; a thinned-out label too close before it gives way.
            if index == last or (index % every == 0 and last - index >= every):
                axis.append(short_date(day), float(index))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_message()
        if event.oldSize().width() != event.size().width():
            self._label_days()


class BurndownChart(_SprintChartView):
    """One sprint's remaining points per day against its scope and the ideal line from the commitment."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_burndown(None, sprint_name="")

    def set_burndown(self, burndown: Burndown | None, *, sprint_name: str) -> None:
        if burndown is None:
            self._show_empty(tr("No sprint selected"), tr("Choose a sprint to see its burndown."))
            return
        title = tr("Burndown of {sprint}").format(sprint=sprint_name)
        if not burndown.points:
            self._show_empty(title, tr("This sprint has no days yet."))
            return
        chart = _chart(title)
        ideal = _line(tr("Ideal"), _pen(IDEAL_COLOUR, 1.5, Qt.PenStyle.DotLine), chart)
        remaining = _line(tr("Remaining"), _pen(ACCENT, 2.5), chart)
        # A dot a day while the days are few enough for the dots to stand apart.
        remaining.setPointsVisible(len(burndown.points) <= 21)
        remaining.setMarkerSize(6)
        # Scope over the thicker remaining line and dashed: where the two coincide, both stay visible.
        scope = _line(tr("Scope"), _pen(SCOPE_COLOUR, 1.5, Qt.PenStyle.DashLine), chart)
        previous_scope: int | None = None
        for index, point in enumerate(burndown.points):
            ideal.append(QPointF(index, point.ideal_points))
            if point.remaining_points is not None:
                remaining.append(QPointF(index, point.remaining_points))
            if point.scope_points is not None:
                # A step: the scope holds until the day it changed, then moves on that day.
                if previous_scope is not None and point.scope_points != previous_scope:
                    scope.append(QPointF(index, previous_scope))
                scope.append(QPointF(index, point.scope_points))
                previous_scope = point.scope_points
        for series in (ideal, remaining, scope):
            chart.addSeries(series)
        top = max(
            [
                float(burndown.committed_points),
                *(
                    float(value)
                    for point in burndown.points
                    for value in (point.remaining_points, point.scope_points)
                    if value is not None
                ),
            ]
        )
        x_axis = self._day_axis_for([point.date for point in burndown.points], title=tr("Sprint day"))
        y_axis = points_axis(top, title=tr("Points"), headroom=0.05)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in (ideal, remaining, scope):
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        self._show_chart(chart)
        if remaining.count() == 0:
            # The frame with the ideal line alone would look broken without a word.
            self._show_note(tr("The sprint has not started yet: only the ideal line is drawn."))


class VelocityChart(_SprintChartView):
    """Committed against completed points per sprint, with the running average of the closed sprints."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_velocity(())

    def set_velocity(self, points: Sequence[VelocityPoint]) -> None:
        title = tr("Velocity")
        if not points:
            self._show_empty(title, tr("No sprint has started yet: velocity appears once one has."))
            return
        chart = _chart(title)
        bars = _velocity_bars(points, chart)
        average = _line(tr("Average of closed sprints"), _pen(SCOPE_COLOUR, 2.0), chart)
        average.setPointsVisible(True)
        average.setMarkerSize(7)
        for index, point in enumerate(points):
            if point.running_average is not None:
                average.append(QPointF(index, point.running_average))
        chart.addSeries(bars)
        chart.addSeries(average)
        x_axis = _sprint_axis(points)
        top = max(
            [
                float(value)
                for point in points
                for value in (point.committed_points, point.completed_points, point.running_average or 0)
            ]
        )
        # Room above the tallest bar for its value label.
        y_axis = points_axis(top, title=tr("Points"), headroom=0.12)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in (bars, average):
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        if average.count() == 0:
            # No closed sprint yet: no line, so no legend entry promising one.
            for marker in chart.legend().markers(average):
                marker.setVisible(False)
        self._show_chart(chart)


def _velocity_bars(points: Sequence[VelocityPoint], chart: QChart) -> QBarSeries:
    """Each sprint's committed and completed points side by side, their values above the bars."""
    committed = QBarSet(tr("Committed"))
    committed.setColor(COMMITTED_COLOUR)
    committed.setBorderColor(COMMITTED_COLOUR)
    completed = QBarSet(tr("Completed"))
    completed.setColor(ACCENT)
    completed.setBorderColor(ACCENT)
    for point in points:
        committed.append(float(point.committed_points))
        completed.append(float(point.completed_points))
    bars = QBarSeries(chart)
    bars.append(committed)
    bars.append(completed)
    bars.setBarWidth(0.7)
    bars.setLabelsVisible(True)
    bars.setLabelsFormat("@value")
    bars.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    committed.setLabelColor(TEXT)
    completed.setLabelColor(TEXT)
    return bars


def _sprint_axis(points: Sequence[VelocityPoint]) -> QBarCategoryAxis:
    """The sprints' names along the bottom, the one in progress said so, slanted when there are many."""
    labels = [
        tr("{sprint} (in progress)").format(sprint=point.name) if point.in_progress else point.name for point in points
    ]
    x_axis = house_axis(QBarCategoryAxis(), tr("Sprint"))
    x_axis.append(labels)
    if len(labels) > 6:
        x_axis.setLabelsAngle(-45)  # a dozen sprint names side by side would be cut to “…”
    return x_axis


class CumulativeFlowChart(_SprintChartView):
    """Points per status at the end of each day, stacked: done at the bottom, the backlog on top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_flow(None)

    def set_flow(self, flow: CumulativeFlow | None) -> None:
        title = tr("Cumulative flow")
        if flow is None or not flow.days:
            self._show_empty(title, tr("No backlog items yet: the flow starts with the first item."))
            return
        chart = _chart(title)
        days = flow.days
        # With one day alone, its values span a narrow band so there is an area to see.
        positions: list[tuple[int, float]] = (
            [(0, -0.4), (0, 0.4)] if len(days) == 1 else [(index, float(index)) for index in range(len(days))]
        )
        below = [0.0] * len(days)
        areas: list[QAreaSeries] = []
        for status in reversed(flow.statuses):  # done first, so it sits at the bottom
            column = flow.statuses.index(status)
            lower = QLineSeries(chart)
            upper = QLineSeries(chart)
            above = [below[index] + days[index].points[column] for index in range(len(days))]
            for index, x in positions:
                lower.append(QPointF(x, below[index]))
                upper.append(QPointF(x, above[index]))
            area = QAreaSeries(upper, lower)
            area.setParent(chart)
            area.setName(name(ItemStatus(status)))
            colour = STATUS_COLOURS.get(status, QColor(FADED))
            area.setBrush(QBrush(colour))
            area.setPen(QPen(colour.darker(125), 1.0))
            chart.addSeries(area)
            areas.append(area)
            below = above
        x_axis = self._day_axis_for([day.date for day in days], title=tr("Day"))
        y_axis = points_axis(max(below), title=tr("Points"), headroom=0.05)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for area in areas:
            area.attachAxis(x_axis)
            area.attachAxis(y_axis)
        self._show_chart(chart)


class SprintChartsPanel(QWidget):
    """The three sprint charts in tabs: the chosen sprint's burndown, the project's velocity and flow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("sprintChartTabs")
        self.burndown = BurndownChart(self.tabs)
        self.burndown.setObjectName("burndownChart")
        self.velocity = VelocityChart(self.tabs)
        self.velocity.setObjectName("velocityChart")
        self.flow = CumulativeFlowChart(self.tabs)
        self.flow.setObjectName("cumulativeFlowChart")
        self.tabs.addTab(self.burndown, tr("Burndown"))
        self.tabs.addTab(self.velocity, tr("Velocity"))
        self.tabs.addTab(self.flow, tr("Cumulative flow"))
        top_to_bottom(self, self.tabs)

    def set_data(self, sprints: ProjectSprints | None, sprint_id: int | None) -> None:
        """Show ``sprints`` (``None``: no project) with the burndown of ``sprint_id`` (``None``: no sprint chosen)."""
        if sprints is None:
            self.burndown.set_burndown(None, sprint_name="")
            self.velocity.set_velocity(())
            self.flow.set_flow(None)
            return
        burndown = next((chart for chart in sprints.burndowns if chart.sprint_id == sprint_id), None)
        sprint_name = next((figure.name for figure in sprints.figures if figure.sprint_id == sprint_id), "")
        self.burndown.set_burndown(burndown, sprint_name=sprint_name)
        self.velocity.set_velocity(sprints.velocity)
        self.flow.set_flow(sprints.flow)
