"""The Qt bindings themselves: a release that mishandles references would crash the app.

PySide6 6.12.0 dropped a reference to ``None`` on every call of a method that
returns nothing; on Python 3.11 the interpreter aborts once None's count runs
out, which a heat map reaches within seconds of scrolling.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPainter, QPixmap


def test_void_calls_do_not_consume_references_to_none(qapp) -> None:
    pixmap = QPixmap(16, 16)
    painter = QPainter(pixmap)
    rect, colour = QRect(0, 0, 8, 8), QColor("#2f7fc1")
    before = sys.getrefcount(None)
    for _ in range(5000):
        painter.fillRect(rect, colour)
        painter.setPen(colour)
    after = sys.getrefcount(None)
    painter.end()
    assert after > before - 500, f"{before - after} references to None lost in 10,000 calls"
