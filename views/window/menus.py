"""The menu bar's actions, each made in one line: its words, what it does, its shortcut."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QMessageBox, QWidget

from views.labels import tr


def action(
    parent: QWidget,
    text: str,
    triggered: Callable[[], object],
    *,
    shortcut: QKeySequence.StandardKey | None = None,
) -> QAction:
    """An action of ``parent`` that runs ``triggered``, with the platform's ``shortcut`` for it."""
    made = QAction(text, parent)
    if shortcut is not None:
        made.setShortcut(shortcut)
    made.triggered.connect(lambda _checked=False: triggered())
    return made


def add_menu(bar: QMenuBar, title: str, *actions: QAction | None) -> None:
    """A menu of ``actions`` in order; ``None`` stands for a separator."""
    menu = bar.addMenu(title)
    for entry in actions:
        if entry is None:
            menu.addSeparator()
        else:
            menu.addAction(entry)


def show_about(parent: QWidget) -> None:
    """Help > About Steward: the version and what Steward is for."""
    from app import __version__

    QMessageBox.about(
        parent,
        tr("About Steward"),
        tr(
            "<b>Steward {version}</b><p>Run MLOps projects securely as an organisation: the team's skills, "
            "policy made the agile way, and budgets for the whole life cycle.</p>"
        ).format(version=__version__),
    )
