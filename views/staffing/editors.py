"""In-place editors of the staffing page's requirements table.

``RequirementDelegate`` gives the editable columns their editors: pick lists for
the minimum level and the criticality (a pick is the whole edit and commits at
once) and a spin box for the FTE needed. The edit itself goes to the model,
whose ``edit_requested`` the page turns into an undoable service call.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QDoubleSpinBox, QStyleOptionViewItem, QWidget

from views.choice_editor import AnyIndex, PickListDelegate
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


class RequirementDelegate(PickListDelegate):
    """Editors for the editable requirement columns: level and criticality pick lists, an FTE spin box."""

    def __init__(self, model: RequirementsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        column = index.column()
        if column == MIN_LEVEL:
            names = self._model.level_names()
            return self.pick_list(parent, ((level_text(level, names), level) for level in range(1, 5)))
        if column == CRITICALITY:
            return self.pick_list(parent, ((criticality_label(c.value), c.value) for c in CRITICALITY_ORDER))
        if column == NEEDED:
            spin = QDoubleSpinBox(parent)
            spin.setRange(0.05, 50.0)
            spin.setDecimals(2)
            spin.setSingleStep(0.1)
            spin.setSuffix(" " + tr("FTE"))
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            return spin
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QDoubleSpinBox):
            editor.setValue(float(index.data(Qt.ItemDataRole.EditRole)))
        else:
            super().setEditorData(editor, index)  # the pick lists

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QDoubleSpinBox):
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)  # the pick lists
