"""How the budget page's sections are laid out alike: a wrapping caption, and a tab's column of widgets."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


def caption(text: str, parent: QWidget, *, name: str = "boxCaption") -> QLabel:
    """A grey caption that wraps: a label that does not asks for its whole text's width and widens the window."""
    label = QLabel(text, parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


def tab_column(tab: QWidget) -> QVBoxLayout:
    """The layout of one of the page's tabs: its widgets top to bottom, a little below the tab bar."""
    layout = QVBoxLayout(tab)
    layout.setContentsMargins(0, 6, 0, 0)
    return layout
