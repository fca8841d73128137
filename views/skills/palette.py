"""The heat map's colours: one per level, light to dark, readable text on each.

A sequential blue scale (colour-blind safe) from "none" to "expert"; a cell that
was never assessed stays white so that "not known" and "known to be 0" differ.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

LEVEL_FILL = ("#eef1f5", "#c6dbef", "#6baed6", "#2f7fc1", "#08306b")
LEVEL_TEXT = ("#6b7280", "#1d2430", "#10213d", "#ffffff", "#ffffff")
UNKNOWN_FILL = "#ffffff"


class LevelColours:
    """QColor objects made once (building a QColor per painted cell is what makes heat maps slow)."""

    def __init__(self) -> None:
        self.fill = [QColor(colour) for colour in LEVEL_FILL]
        self.text = [QColor(colour) for colour in LEVEL_TEXT]
        self.unknown = QColor(UNKNOWN_FILL)

    def fill_for(self, level: int) -> QColor:
        return self.unknown if level < 0 else self.fill[level]

    def text_for(self, level: int) -> QColor:
        return self.text[max(level, 0)]
