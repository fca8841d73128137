"""The budget page's charts (Qt Charts) and their tab: planned spend by period stacked by category, and
cumulative planned against actual.

The numbers come whole from ``app.analysis.budget.rollup``; here they are only
converted to floats for drawing (the tables beside the charts show the exact
amounts). Every chart has titled axes and a legend; the category colours are a
qualitative palette that stays apart on white and for common colour-vision deficiencies.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QSplitter, QWidget

from models.enums import BudgetCategory
from views.budget.wording import category_label
from views.charts import HouseChartView, house_axis, house_chart
from views.labels import tr
from views.layouts import top_to_bottom
from views.palette import ACCENT, FADED, OVER, PAPER

if TYPE_CHECKING:
    from app.analysis.budget import PlanData, SpendColumns

# One colour per category, in the enum's order (Tableau 10 and one more).
CATEGORY_COLOURS: dict[str, str] = dict(
    zip(
        [category.value for category in BudgetCategory],
        [
            "#4e79a7",
            "#f28e2b",
            "#76b7b2",
            "#59a14f",
            "#edc948",
            "#b07aa1",
            "#e15759",
            "#ff9da7",
            "#9c755f",
            "#3b4350",
            "#bab0ac",
        ],
        strict=True,
    )
)
PLANNED_COLOUR = QColor(ACCENT)
ACTUAL_COLOUR = QColor(OVER)


def _chart(title: str) -> QChart:
    return house_chart(title)


def short_label(label: str) -> str:
    """“Jan” for “Jan 2026”, “Q1” for “Q1 (Jan–Mar 2026)”: an axis has room for a word per bar."""
    return label.split(" ")[0]


def _value_axis(title: str, top: float) -> QValueAxis:
    axis = house_axis(QValueAxis(), title)
    axis.setLabelFormat("%.0f" if top >= 10 else "%.1f")
    axis.setRange(0.0, top * 1.08 if top > 0 else 1.0)
    axis.applyNiceNumbers()
    return axis


def _category_axis(labels: Sequence[str], title: str) -> QBarCategoryAxis:
    axis = house_axis(QBarCategoryAxis(), title)
    axis.append(list(labels))
    if len(labels) > 8:
        axis.setLabelsAngle(-90)  # upright, the names of sixteen periods would be cut to “…”
    return axis


class ChartView(HouseChartView):
    """A budget chart's view, empty until ``replace_chart`` gives it a plan's chart."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, width=320, height=260)
        self.setChart(_chart(""))


def period_stack_chart(columns: SpendColumns, *, currency: str) -> QChart:
    """Planned spend per period, one stacked segment per category (months, or quarters; never mixed)."""
    chart = _chart(tr("Planned spend by period and category"))
    series = QStackedBarSeries()
    categories = sorted(
        {category for planned in columns.planned for category in planned},
        key=lambda value: list(CATEGORY_COLOURS).index(value) if value in CATEGORY_COLOURS else 99,
    )
    for category in categories:
        bar_set = QBarSet(category_label(category))
        bar_set.setColor(QColor(CATEGORY_COLOURS.get(category, FADED)))
        bar_set.setBorderColor(QColor(PAPER))
        for planned in columns.planned:
            bar_set.append(float(planned.get(category, Decimal(0))) / 1000)
        series.append(bar_set)
    series.setBarWidth(0.7)
    chart.addSeries(series)
    x_axis = _category_axis(list(columns.labels), tr("Month") if columns.monthly else tr("Quarter"))
    top = max((float(sum(planned.values(), Decimal(0))) for planned in columns.planned), default=0.0) / 1000
    y_axis = _value_axis(tr("Planned (thousand {currency})").format(currency=currency), top)
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x_axis)
    series.attachAxis(y_axis)
    chart.legend().setVisible(bool(categories))
    # Beside the bars, one category a line: at the bottom, eleven names would be cut short.
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    return chart


def cumulative_chart(columns: SpendColumns, *, currency: str) -> QChart:
    """Planned and actual spend added up period by period: where the lines part, spending drifts.

    The actual line stops at the last period with any actual recorded, rather than
    running flat into the future as if nothing more would be spent.
    """
    chart = _chart(tr("Cumulative planned and actual spend"))
    planned_series = QLineSeries()
    planned_series.setName(tr("Planned (cumulative)"))
    planned_series.setPen(QPen(PLANNED_COLOUR, 2.5))
    actual_series = QLineSeries()
    actual_series.setName(tr("Actual (cumulative)"))
    actual_pen = QPen(ACTUAL_COLOUR, 2.5)
    actual_pen.setStyle(Qt.PenStyle.DashLine)  # told apart by the dash too, not by colour alone
    actual_series.setPen(actual_pen)
    last_recorded = max((index for index, recorded in enumerate(columns.recorded) if recorded), default=-1)
    planned_total = Decimal(0)
    actual_total = Decimal(0)
    for position, (planned, actual) in enumerate(zip(columns.planned, columns.actual, strict=True)):
        planned_total += sum(planned.values(), Decimal(0))
        actual_total += actual
        planned_series.append(QPointF(position, float(planned_total) / 1000))
        if position <= last_recorded:
            actual_series.append(QPointF(position, float(actual_total) / 1000))
    chart.addSeries(planned_series)
    chart.addSeries(actual_series)
    x_axis = _category_axis(list(columns.labels), tr("Month") if columns.monthly else tr("Quarter"))
    y_axis = _value_axis(
        tr("Cumulative (thousand {currency})").format(currency=currency), float(max(planned_total, actual_total)) / 1000
    )
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    for series in (planned_series, actual_series):
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
    return chart


class ChartsTab(QWidget):
    """The budget page's charts side by side: spend per period stacked by category, and cumulative spend."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stack_chart = ChartView(self)
        self.stack_chart.setObjectName("periodStackChart")
        self.cumulative_chart = ChartView(self)
        self.cumulative_chart.setObjectName("cumulativeChart")
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.stack_chart)
        splitter.addWidget(self.cumulative_chart)
        splitter.setSizes([720, 540])
        top_to_bottom(self, (splitter, 1), top=6)

    def show_plan(self, plan: PlanData) -> None:
        from app.analysis.budget import spend_columns

        columns = spend_columns(plan)
        self.stack_chart.replace_chart(period_stack_chart(columns, currency=plan.currency))
        self.cumulative_chart.replace_chart(cumulative_chart(columns, currency=plan.currency))
