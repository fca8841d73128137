"""A pick list used as a cell's editor: it shows the cell's value, or no choice at all, never a stand-in.

A ``QComboBox`` editor set to ``max(0, findData(value))`` opens on its first
item whenever the value is not among its items (a cell never filled in, a level
never assessed, a period outside the list), and Enter then writes that first
item: an edit nobody chose. ``show_choice`` opens on the value or on nothing
(with a placeholder saying what "nothing" means), and ``chosen`` is None until
the user picks, so the delegate writes nothing. ``PickListDelegate`` is the
delegate that builds such pick lists and keeps to these rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QWidget

from views.labels import tr

AnyIndex = QModelIndex | QPersistentModelIndex


def show_choice(combo: QComboBox, value: Any, *, placeholder: str = "") -> bool:
    """Select the item whose data is ``value``, or none (``placeholder`` shown); True when it was found."""
    if placeholder:
        combo.setPlaceholderText(placeholder)
    found = combo.findData(value) if value is not None else -1
    combo.setCurrentIndex(found)
    return found >= 0


def chosen(combo: QComboBox) -> Any:
    """The picked item's data, or None while nothing is picked."""
    return combo.currentData() if combo.currentIndex() >= 0 else None


class PickListDelegate(QStyledItemDelegate):
    """A delegate whose pick lists (``pick_list``) commit on a pick and write nothing until one is made.

    Subclasses make their other editors themselves and call up to this class for
    pick lists; ``to_choice`` and ``from_choice`` translate between a cell's value
    and an item's data where the two differ (a period kept as its position).
    """

    def pick_list(self, parent: QWidget, choices: Iterable[tuple[str, Any]]) -> QComboBox:
        """A pick list of ``(text, data)`` choices whose pick is the whole edit, committed at once."""
        combo = QComboBox(parent)
        for text, data in choices:
            combo.addItem(text, data)
        combo.activated.connect(lambda _row, editor=combo: self._finish(editor))
        return combo

    def _finish(self, editor: QWidget) -> None:
        # A pick from a list is the whole edit: commit it at once, as a spreadsheet would.
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def to_choice(self, index: AnyIndex, value: Any) -> Any:
        """The item data that stands for the cell's ``value`` (the value itself unless overridden)."""
        return value

    def from_choice(self, index: AnyIndex, data: Any) -> Any:
        """The cell value the picked item's ``data`` stands for (the data itself unless overridden)."""
        return data

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            # A value not in the list shows no pick at all rather than the first item, which Enter would write.
            value = self.to_choice(index, index.data(Qt.ItemDataRole.EditRole))
            show_choice(editor, value, placeholder=tr("choose…"))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            data = chosen(editor)
            if data is not None:  # nothing picked: nothing written
                model.setData(index, self.from_choice(index, data), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
