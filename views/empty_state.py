"""What a page shows in place of an empty table: a title, a sentence on how to start, and buttons.

Shared by the main window (no projects yet) and the staffing page (no requirements yet). The
organisation's gaps and heat map show a table or, in its place, one sentence saying why it has no
rows (``TableOrWhy``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

# How wide the sentence wraps.
TEXT_WIDTH = 460


class EmptyState(QWidget):
    """A centred title over a wrapped sentence, with a centred row for ``add_button``."""

    def __init__(self, title: str, text: str, *, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.title = QLabel(title, self)
        self.title.setObjectName("emptyTitle")
        self.text = QLabel(text, self)
        self.text.setWordWrap(True)
        # A word-wrapped label given an alignment in a layout gets a one-line
        # height and is cut off; centred between stretches at a fixed width, it wraps.
        self.text.setFixedWidth(TEXT_WIDTH)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text_row = QHBoxLayout()
        text_row.addStretch(1)
        text_row.addWidget(self.text)
        text_row.addStretch(1)
        self._buttons = QHBoxLayout()
        self._buttons.addStretch(1)
        self._buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(text_row)
        layout.addLayout(self._buttons)
        layout.addStretch(2)

    def add_button(self, text: str) -> QPushButton:
        """A button in the centred row, after those added before."""
        button = QPushButton(text, self)
        self._buttons.insertWidget(self._buttons.count() - 1, button)
        return button


def centred_sentence(text: str, parent: QWidget) -> QLabel:
    """A centred sentence in a table's place (``listEmpty`` in the style sheet)."""
    label = QLabel(text, parent)
    label.setObjectName("listEmpty")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class TableOrWhy(QStackedWidget):
    """``table``, or in its place why it shows no row: ``no_match`` (the filters hide every row) or,
    wrapped, ``empty`` (there is nothing yet)."""

    def __init__(self, table: QAbstractItemView, *, no_match: str, empty: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.table = table
        self.no_match = centred_sentence(no_match, self)
        self.empty = centred_sentence(empty, self)
        self.empty.setWordWrap(True)
        for widget in (table, self.no_match, self.empty):
            self.addWidget(widget)

    def follow(self, *, rows: int, shown: int, loaded: bool) -> None:
        """Show the table, or why not, for a model of ``rows`` of which the filters show ``shown``.

        Before the first load (not ``loaded``) the table stands, empty: there is nothing to explain yet.
        """
        if not rows:
            self.setCurrentWidget(self.empty if loaded else self.table)
        elif not shown:
            self.setCurrentWidget(self.no_match)
        else:
            self.setCurrentWidget(self.table)
