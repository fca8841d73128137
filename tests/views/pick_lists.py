"""A table's pick-list editors, driven as the user drives them: the table shown with its delegate, a cell
clicked and F2 pressed to open its pick list, and a key that closes it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QStyledItemDelegate, QTableView

ModelT = TypeVar("ModelT", bound=QAbstractItemModel)


def shown_table(
    qtbot, model: ModelT, delegate: Callable[[ModelT, QTableView], QStyledItemDelegate], *, width: int
) -> QTableView:
    """A table over ``model`` with its pick-list delegate (made as ``delegate(model, table)``), shown ``width``
    pixels wide."""
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.setItemDelegate(delegate(model, table))
    table.resize(width, 200)
    table.show()
    qtbot.waitExposed(table)
    return table


def open_editor(qtbot, table: QTableView, row: int, column: int) -> QComboBox:
    """Click the cell and press F2: the one pick list that opens."""
    index = table.model().index(row, column)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editors = [editor for editor in table.findChildren(QComboBox) if editor.isVisible()]
    assert len(editors) == 1
    return editors[0]


def close_editor(qtbot, table: QTableView, editor: QComboBox, key: Qt.Key) -> None:
    """Press ``key`` (Enter, Escape) in the pick list and wait for the table to stop editing."""
    qtbot.keyClick(editor, key)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
