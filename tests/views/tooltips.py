"""Reading a tooltip the way a user does: hover (a tooltip request at a point), then read what shows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip, QWidget


def tooltip_at(widget: QWidget, position: QPoint) -> str:
    """The tooltip a hover at ``position`` of ``widget`` shows ("" for none)."""
    # The last tooltip goes first, at once (QToolTip.hideText lets it linger a moment).
    for label in QApplication.topLevelWidgets():
        if label.metaObject().className() == "QTipLabel":
            label.close()
    event = QHelpEvent(QEvent.Type.ToolTip, position, widget.mapToGlobal(position))
    QApplication.sendEvent(widget, event)
    return QToolTip.text() if QToolTip.isVisible() else ""
