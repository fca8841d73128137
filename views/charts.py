"""The house look of a Qt chart: a bold title, a legend below, no animation, Steward's text colour.

The budget's and the sprints' charts start from ``house_chart`` and add their
series and axes; the colours of the series are their own.
"""

from __future__ import annotations

from PySide6.QtCharts import QChart
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont

CHART_TEXT = QColor("#3b4350")


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
