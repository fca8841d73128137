"""The heat map's colours: one per level, light to dark, readable text on each.

A sequential blue scale (colour-blind safe) from "none" to "expert"; a cell that
was never assessed stays white so that "not known" and "known to be 0" differ.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from views.palette import INK, MUTED, PAPER

LEVEL_FILL = ("#eef1f5", "#c6dbef", "#6baed6", "#2f7fc1", "#08306b")
LEVEL_TEXT = (MUTED, INK, "#10213d", PAPER, PAPER)
UNKNOWN_FILL = PAPER
# A T-shape's bars (views/skills/tshape_widget.py) in the same blues: the darkest for a deep
# area, a middle blue for a broad one, the palest for the rest.
DEEP = LEVEL_FILL[4]
BROAD = "#4f8fcf"
SHALLOW = LEVEL_FILL[1]


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
