"""The painted pictures of the staffing page, and the colours they are painted in.

``BarChart`` draws labelled rows with their value in words: horizontal bars, or
a checklist of ticks and warning signs. ``DisciplineMix`` is such a checklist of
the team's four core disciplines with a verdict below it. The colours are the
house's (``views/palette.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from views.labels import tr
from views.palette import ACCENT, ALERT, GOOD, INK, TRACK


class BarRow(NamedTuple):
    label: str
    value: float
    text: str
    warn: bool = False


class BarChart(QWidget):
    """Labelled rows with a value in words at the end: horizontal bars, or a checklist.

    As bars, each row's bar is its value against the largest. As a checklist
    (``bars=False``) each row starts with a tick, or a warning sign when the row
    is marked ``warn``. A warned row is drawn in the warning colour *and* says so
    in its text, so the message never depends on telling colours apart.
    """

    def __init__(self, parent: QWidget | None = None, *, rows_expected: int = 1, bars: bool = True) -> None:
        super().__init__(parent)
        self._rows: tuple[BarRow, ...] = ()
        # Sized for the rows it will show from the start, so that no layout has to grow when data arrives.
        self._rows_expected = rows_expected
        self._bars = bars
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: Sequence[BarRow]) -> None:
        self._rows = tuple(rows)
        summary = [f"{row.label}: {row.text}" for row in self._rows]
        self.setAccessibleDescription("; ".join(summary))
        self.setToolTip("\n".join(summary))
        self.updateGeometry()
        self.update()

    def rows(self) -> tuple[BarRow, ...]:
        return self._rows

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 7

    def sizeHint(self) -> QSize:
        return QSize(230, max(self._rows_expected, len(self._rows)) * self._row_height() + 2)

    def minimumSizeHint(self) -> QSize:
        return QSize(180, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._rows:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        plain = self.font()
        bold = self.font()
        bold.setBold(True)
        plain_metrics = self.fontMetrics()
        bold_metrics = QFontMetrics(bold)
        row_height = self._row_height()
        width = self.width()
        middle = int(Qt.AlignmentFlag.AlignVCenter)
        mark_width = plain_metrics.horizontalAdvance("⚠") + 8 if not self._bars else 0
        text_width = (
            max((bold_metrics if row.warn else plain_metrics).horizontalAdvance(row.text) for row in self._rows) + 6
        )
        if self._bars:
            label_width = min(max(plain_metrics.horizontalAdvance(row.label) for row in self._rows) + 12, width // 2)
        else:
            label_width = width - mark_width - text_width
        bar_left = mark_width + label_width
        bar_width = max(20, width - bar_left - text_width - 8) if self._bars else 0
        largest = max(max(row.value for row in self._rows), 1.0)
        bar_height = max(6, row_height // 2 - 2)
        for position, row in enumerate(self._rows):
            top = position * row_height
            colour = ALERT if row.warn else INK
            # The label keeps its weight (so it fits as it is); the mark and the words say what is wrong.
            painter.setFont(plain)
            metrics = plain_metrics
            if not self._bars:
                painter.setPen(ALERT if row.warn else GOOD)
                painter.drawText(QRect(0, top, mark_width, row_height), middle, "⚠" if row.warn else "✓")
            painter.setPen(colour)
            label = metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, label_width - 8)
            painter.drawText(QRect(mark_width, top, label_width - 8, row_height), middle, label)
            if self._bars:
                bar_top = top + (row_height - bar_height) // 2
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(TRACK)
                painter.drawRoundedRect(QRect(bar_left, bar_top, bar_width, bar_height), 3, 3)
                filled = round(bar_width * row.value / largest)
                if filled > 0:
                    painter.setBrush(ALERT if row.warn else ACCENT)
                    painter.drawRoundedRect(QRect(bar_left, bar_top, filled, bar_height), 3, 3)
                painter.setPen(colour)
            painter.setFont(bold if row.warn else plain)
            painter.drawText(
                QRect(width - text_width, top, text_width, row_height),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                row.text,
            )
        painter.end()


class DisciplineMix(QWidget):
    """The four core disciplines: people at working level or above in each, the missing ones flagged."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = BarChart(self, rows_expected=4, bars=False)
        self.chart.setObjectName("disciplineChart")
        self.verdict = QLabel("", self)
        self.verdict.setObjectName("disciplineVerdict")
        self.verdict.setWordWrap(True)
        # Two lines kept free: a wrapped label's height is not known when the layout's minimum is.
        self.verdict.setMinimumHeight(2 * self.verdict.fontMetrics().lineSpacing() + 2)
        self.verdict.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chart)
        layout.addWidget(self.verdict)

    def show_mix(self, mix: Sequence[tuple[str, bool, int]], missing: Sequence[str]) -> None:
        rows = []
        for area, covered, people in mix:
            if covered:
                text = tr("1 person") if people == 1 else tr("{count} people").format(count=people)
            else:
                text = tr("missing")
            rows.append(BarRow(area, float(people), text, warn=not covered))
        self.chart.set_rows(rows)
        if missing:
            if len(missing) == 1:
                self.verdict.setText(tr("⚠ Missing: {area}.").format(area=missing[0]))
            else:
                self.verdict.setText(
                    tr("⚠ {count} of the {total} core disciplines are missing.").format(
                        count=len(missing), total=len(mix)
                    )
                )
            self.verdict.setToolTip(
                tr(
                    "The brief asks every MLOps team for data science, machine learning, software "
                    "engineering and cyber security; nobody on this team is at working level in "
                    "{areas}."
                ).format(areas=", ".join(missing))
            )
        elif mix:
            self.verdict.setText(tr("All four core disciplines are on the team."))
            self.verdict.setToolTip("")
        else:
            self.verdict.setText("")
            self.verdict.setToolTip("")
        self.verdict.setProperty("warn", bool(missing))
        self.verdict.style().unpolish(self.verdict)
        self.verdict.style().polish(self.verdict)
