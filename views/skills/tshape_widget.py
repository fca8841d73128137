"""A person's T-shape as a picture: one bar per skill area, deep and broad marked.

The horizontal line at the broad level is the top of the "T"; bars reaching the
deep level are its stem. Deep and broad bars are also labelled in words, so the
picture does not rely on colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from views.labels import tr
from views.palette import AXIS, INK
from views.skills.palette import BROAD, DEEP, SHALLOW


class TShapeWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tShape")
        self.setMinimumHeight(190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._areas: list[str] = []
        self._scores: list[int] = []
        self._deep_level = 4
        self._broad_level = 2

    def sizeHint(self) -> QSize:
        return QSize(320, 200)

    def set_profile(self, areas: Sequence[str], scores: Sequence[int], *, deep_level: int, broad_level: int) -> None:
        self._areas = list(areas)
        self._scores = [int(score) for score in scores]
        self._deep_level = deep_level
        self._broad_level = broad_level
        self.update()

    def kind_of(self, score: int) -> str:
        if score >= self._deep_level:
            return "deep"
        if score >= self._broad_level:
            return "broad"
        return ""

    def paintEvent(self, event: object) -> None:
        if not self._areas:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        label_width = min(max(metrics.horizontalAdvance(area) for area in self._areas) + 8, int(self.width() * 0.45))
        tag_width = metrics.horizontalAdvance(tr("broad")) + 12
        left, right = label_width, self.width() - tag_width - 4
        top, bar_gap = 18, 4
        bar_height = max(10, min(20, (self.height() - top - 4) // len(self._areas) - bar_gap))
        scale = (right - left) / 4.0

        # Level axis: 0–4 ticks across the top; the broad and deep thresholds drawn as lines.
        painter.setPen(AXIS)
        small = QFont(self.font())
        small.setPointSizeF(max(small.pointSizeF() - 1.5, 6.5))
        painter.setFont(small)
        bottom = top + len(self._areas) * (bar_height + bar_gap)
        for level in range(5):
            x = left + level * scale
            painter.drawText(QRectF(x - 10, 0, 20, 14), Qt.AlignmentFlag.AlignCenter, str(level))
        for level, colour, dash in (
            (self._broad_level, BROAD, Qt.PenStyle.DashLine),
            (self._deep_level, DEEP, Qt.PenStyle.DashLine),
        ):
            pen = QPen(QColor(colour), 1, dash)
            painter.setPen(pen)
            x = left + level * scale
            painter.drawLine(int(x), top - 2, int(x), bottom)

        painter.setFont(self.font())
        for row, (area, score) in enumerate(zip(self._areas, self._scores, strict=True)):
            y = top + row * (bar_height + bar_gap)
            painter.setPen(INK)
            elided = metrics.elidedText(area, Qt.TextElideMode.ElideRight, label_width - 8)
            painter.drawText(
                QRectF(0, y, label_width - 8, bar_height),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                elided,
            )
            kind = self.kind_of(score)
            if score > 0:
                colour = DEEP if kind == "deep" else BROAD if kind == "broad" else SHALLOW
                painter.fillRect(QRectF(left, y, score * scale, bar_height), colour)
            if kind:
                painter.setPen(DEEP if kind == "deep" else BROAD)
                painter.drawText(
                    QRectF(right + 4, y, tag_width, bar_height),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                    tr(kind),
                )
        painter.end()
