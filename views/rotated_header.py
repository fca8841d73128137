"""Painting a header section whose title runs upwards, for the narrow columns of a matrix or a heat map.

A column only as wide as its cells (a level, a status) has no room for its
title across; the title runs bottom to top instead. ``paint_section_frame``
fills the section and draws its grid lines, ``paint_rotated_title`` draws the
title upwards, cut with "…" to the height there is, and ``paint_sort_arrow``
marks the section the table is sorted by. A header view's ``paintSection``
calls them between its own ``painter.save()`` and ``restore()``, setting the
font and pen of the title as it likes.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter


def paint_section_frame(painter: QPainter, rect: QRect, *, fill: QColor, line: QColor) -> None:
    """The section's background, and its grid lines on the right and at the bottom."""
    painter.fillRect(rect, fill)
    painter.setPen(line)
    painter.drawLine(rect.topRight(), rect.bottomRight())
    painter.drawLine(rect.bottomLeft(), rect.bottomRight())


def paint_rotated_title(painter: QPainter, rect: QRect, text: str, *, room: int) -> None:
    """``text`` from the bottom of ``rect`` upwards, leaving ``room`` pixels free at the top (for the sort arrow)."""
    painter.translate(rect.left(), rect.bottom())
    painter.rotate(-90)
    text_rect = QRect(6, 0, rect.height() - room, rect.width())
    elided = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, text_rect.width())
    painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), elided)


def paint_sort_arrow(painter: QPainter, rect: QRect, order: Qt.SortOrder, *, colour: QColor) -> None:
    """▲ or ▼ at the top of the section the table is sorted by."""
    painter.save()
    painter.setPen(colour)
    arrow = "▲" if order == Qt.SortOrder.AscendingOrder else "▼"
    painter.drawText(QRect(rect.left(), rect.top() + 2, rect.width(), 14), int(Qt.AlignmentFlag.AlignHCenter), arrow)
    painter.restore()
