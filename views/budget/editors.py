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

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from models.enums import BudgetCategory, Stage
from views.budget.cells import ACTUAL, CATEGORY, PERIOD, PLANNED, STAGE
from views.budget.plan_model import LinesModel
from views.budget.wording import category_label, stage_label
from views.choice_editor import chosen, show_choice
from views.labels import tr

AnyIndex = QModelIndex | QPersistentModelIndex


class LineDelegate(QStyledItemDelegate):
    """Editors for the grid's editable columns."""

    def __init__(self, model: LinesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        column = index.column()
        if column in (CATEGORY, STAGE, PERIOD):
            combo = QComboBox(parent)
            if column == CATEGORY:
                for category in BudgetCategory:
                    combo.addItem(category_label(category.value), category.value)
            elif column == STAGE:
                for stage in Stage:
                    combo.addItem(stage_label(stage.value), stage.value)
            else:
                # Positions, not the periods: a tuple does not survive the round trip through a QVariant.
                for position, (_period, text) in enumerate(self._model.period_choices()):
                    combo.addItem(text, position)
            combo.activated.connect(lambda _row, editor=combo: self._finish(editor))
            return combo
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

    def _finish(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            # A value not in the list (a blank category or stage, a period outside the plan's year, the new
            # line's cells) shows no pick at all rather than the first item, which Enter would write.
            if index.column() == PERIOD:
                periods = [period for period, _text in self._model.period_choices()]
                value = periods.index(value) if value in periods else None
            show_choice(editor, value, placeholder=tr("choose…"))
        elif isinstance(editor, QLineEdit):
            # A key that started the edit arrives after this and replaces the text, as in a spreadsheet.
            editor.setText("" if value is None else str(value))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            value = chosen(editor)
            if value is None:
                return  # nothing picked: nothing written
            if index.column() == PERIOD:
                value = self._model.period_choices()[int(value)][0]
            model.setData(index, value, Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


def _move_down(view: QAbstractItemView) -> None:
    current = view.currentIndex()
    if current.isValid() and current.row() + 1 < view.model().rowCount():
        view.setCurrentIndex(view.model().index(current.row() + 1, current.column()))
