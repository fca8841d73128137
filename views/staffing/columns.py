"""Column widths of the staffing tables, shared by the staffing page and the organisation's gaps page.

``ColumnFitter`` sizes a table's columns to their contents, measured on a sample
of rows once per data change, and shares out the width the table has.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView

# How many rows (besides the visible ones) a column's width is measured on.
CONTENTS_PRECISION = 100


class ColumnFitter(QObject):
    """Sizes a table's columns to their contents, and shares out the width the table has.

    The contents are measured once per data change, on a sample of rows
    (``CONTENTS_PRECISION``), not on every layout pass as ``ResizeToContents``
    would: that is what keeps a table of 1,400 requirements from stalling the
    window. Spare width goes to column ``roomy``; when the table is too narrow,
    column ``tight`` is cut short (down to a readable minimum), and without one
    the table scrolls sideways rather than squeezing a column to nothing.
    """

    MINIMUM_TIGHT = 60

    def __init__(self, table: QTableView, *, roomy: int, tight: int | None = None) -> None:
        super().__init__(table)
        self._table = table
        self._roomy = roomy
        self._tight = tight
        self._natural: list[int] = []
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setResizeContentsPrecision(CONTENTS_PRECISION)
        self._viewport = table.viewport()
        self._viewport.installEventFilter(self)

    def measure(self) -> None:
        """Measure the columns' contents afresh (after the model's rows changed), then fit them."""
        table = self._table
        header = table.horizontalHeader()
        self._natural = [
            max(header.sectionSizeHint(column), table.sizeHintForColumn(column)) for column in range(header.count())
        ]
        self.fit()

    def fit(self) -> None:
        natural = self._natural
        if not natural or len(natural) != self._table.horizontalHeader().count():
            return
        widths = list(natural)
        spare = self._viewport.width() - sum(natural)
        if spare >= 0:
            widths[self._roomy] += spare
        elif self._tight is not None:
            widths[self._tight] = max(self.MINIMUM_TIGHT, natural[self._tight] + spare)
        header = self._table.horizontalHeader()
        for column, width in enumerate(widths):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            self.fit()
        return super().eventFilter(watched, event)
