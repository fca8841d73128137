"""In-place editors of the staffing page's requirements table.

``RequirementDelegate`` gives the editable columns their editors: pick lists for
the minimum level and the criticality (a pick is the whole edit and commits at
once) and a spin box for the FTE needed. The edit itself goes to the model,
whose ``edit_requested`` the page turns into an undoable service call.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from views.choice_editor import chosen, show_choice
from views.labels import tr
from views.staffing.requirements_model import (
    CRITICALITY,
    CRITICALITY_ORDER,
    MIN_LEVEL,
    NEEDED,
    RequirementsModel,
    criticality_label,
    level_text,
)

AnyIndex = QModelIndex | QPersistentModelIndex


class RequirementDelegate(QStyledItemDelegate):
    """Editors for the editable requirement columns: level and criticality pick lists, an FTE spin box."""

    def __init__(self, model: RequirementsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        column = index.column()
        if column == MIN_LEVEL:
            combo = QComboBox(parent)
            for level in range(1, 5):
                combo.addItem(level_text(level, self._model.level_names()), level)
            combo.activated.connect(lambda _row, editor=combo: self._finish(editor))
            return combo
        if column == CRITICALITY:
            combo = QComboBox(parent)
            for criticality in CRITICALITY_ORDER:
                combo.addItem(criticality_label(criticality.value), criticality.value)
            combo.activated.connect(lambda _row, editor=combo: self._finish(editor))
            return combo
        if column == NEEDED:
            spin = QDoubleSpinBox(parent)
            spin.setRange(0.05, 50.0)
            spin.setDecimals(2)
            spin.setSingleStep(0.1)
            spin.setSuffix(" " + tr("FTE"))
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            return spin
        return super().createEditor(parent, option, index)

    def _finish(self, editor: QWidget) -> None:
        # A pick from a list is the whole edit: commit it at once, as a spreadsheet would.
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            # A value not in the list shows no pick at all rather than the first item, which Enter would write.
            show_choice(editor, value, placeholder=tr("choose…"))
        elif isinstance(editor, QDoubleSpinBox):
            editor.setValue(float(value))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            value = chosen(editor)
            if value is not None:  # nothing picked: nothing written
                model.setData(index, value, Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QDoubleSpinBox):
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
