"""In-place editors of the budget grid: pick lists for category, period and stage, text for the rest.

A pick is the whole edit and commits at once. A pick list opens on the cell's
value, or on no pick when the value is not among its items (never on its first
item, which Enter would then write), and closed with nothing picked it writes
nothing. Text commits on Enter (which then goes down a row) or Tab (Tab and
Shift+Tab move across, as in a spreadsheet). What the user typed goes to the
model as text and is checked there, so a bad amount is refused with a sentence
instead of being silently dropped by a validator.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QStyleOptionViewItem, QWidget

from models.enums import BudgetCategory, Stage
from views.budget.cells import ACTUAL, CATEGORY, PERIOD, PLANNED, STAGE
from views.budget.plan_model import LinesModel
from views.budget.wording import category_label, stage_label
from views.choice_editor import AnyIndex, PickListDelegate


class LineDelegate(PickListDelegate):
    """Editors for the grid's editable columns."""

    def __init__(self, model: LinesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        column = index.column()
        if column == CATEGORY:
            return self.pick_list(parent, ((category_label(c.value), c.value) for c in BudgetCategory))
        if column == STAGE:
            return self.pick_list(parent, ((stage_label(stage.value), stage.value) for stage in Stage))
        if column == PERIOD:
            # Positions, not the periods: a tuple does not survive the round trip through a QVariant.
            choices = self._model.period_choices()
            return self.pick_list(parent, ((text, position) for position, (_period, text) in enumerate(choices)))
        editor = QLineEdit(parent)
        editor.setFrame(False)
        if column in (PLANNED, ACTUAL):
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        """Enter keeps the value and goes down a row, as in a spreadsheet (Tab goes right)."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and isinstance(editor, QLineEdit)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            view = self.parent()
            handled = super().eventFilter(editor, event)  # commits and closes, a turn of the event loop later
            if isinstance(view, QAbstractItemView):
                QTimer.singleShot(0, view, lambda: _move_down(view))
            return handled
        return super().eventFilter(editor, event)

    def to_choice(self, index: AnyIndex, value: Any) -> Any:
        """A period as its position in the plan's periods; one outside the plan's year (or none) as no pick."""
        if index.column() != PERIOD:
            return value
        periods = [period for period, _text in self._model.period_choices()]
        return periods.index(value) if value in periods else None

    def from_choice(self, index: AnyIndex, data: Any) -> Any:
        return self._model.period_choices()[int(data)][0] if index.column() == PERIOD else data

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QLineEdit):
            # A key that started the edit arrives after this and replaces the text, as in a spreadsheet.
            value = index.data(Qt.ItemDataRole.EditRole)
            editor.setText("" if value is None else str(value))
        else:
            super().setEditorData(editor, index)  # the pick lists: blank cells and the new line's show no pick

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)  # the pick lists


def _move_down(view: QAbstractItemView) -> None:
    current = view.currentIndex()
    if current.isValid() and current.row() + 1 < view.model().rowCount():
        view.setCurrentIndex(view.model().index(current.row() + 1, current.column()))
