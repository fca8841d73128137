"""The house look of a Qt chart: a bold title, a legend below, no animation, Steward's text colour.

The budget's and the sprints' charts start from ``house_chart``, title their
axes with ``house_axis`` and are shown in a ``HouseChartView``; the colours of
the series are their own.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCharts import QAbstractAxis, QChart, QChartView
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

from views.palette import INK_SOFT

CHART_TEXT = QColor(INK_SOFT)
AxisT = TypeVar("AxisT", bound=QAbstractAxis)


def house_chart(title: str, *, margins: QMargins | None = None) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    title_font = QFont()
    title_font.setBold(True)
    title_font.setPointSizeF(10.5)
    chart.setTitleFont(title_font)
    chart.setTitleBrush(CHART_TEXT)
    chart.setBackgroundRoundness(4)
    chart.setMargins(margins if margins is not None else QMargins(6, 6, 6, 6))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setLabelColor(CHART_TEXT)
    return chart


def house_axis(axis: AxisT, title: str) -> AxisT:
    """``axis`` titled ``title``, its title and labels in the house text colour."""
    axis.setTitleText(title)
    axis.setLabelsColor(CHART_TEXT)
    axis.setTitleBrush(CHART_TEXT)
    return axis


class HouseChartView(QChartView):
    """A chart view drawn antialiased and never smaller than ``width`` × ``height``."""

    def __init__(self, parent: QWidget | None = None, *, width: int, height: int) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(width, height)

    def replace_chart(self, chart: QChart) -> None:
        """Show ``chart``; the one shown before is deleted (a view does not own what it is handed)."""
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()
