"""The dialog that creates a project: a name and the profile decided up front.

The brief insists that whether a model supports or makes decisions is decided at
the start, so the decision mode is asked here, not left for later.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from models.enums import DecisionMode, ModelOrigin, Stage
from views.dialogs import ready_dialog
from views.labels import label, tr


class NewProjectDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, taken_names: set[str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("New project"))
        self._taken = {name.casefold() for name in taken_names or set()}
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(tr("e.g. Claims triage model"))
        self.stage = QComboBox(self)
        self.decision_mode = QComboBox(self)
        self.model_origin = QComboBox(self)
        for combo, values in (
            (self.stage, Stage),
            (self.decision_mode, DecisionMode),
            (self.model_origin, ModelOrigin),
        ):
            for value in values:
                combo.addItem(label(value), value)
        self.personal_data = QCheckBox(tr("Handles personal data"), self)
        self.problem = QLabel("", self)
        self.problem.setObjectName("validationMessage")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Create"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Life-cycle stage"), self.stage)
        form.addRow(tr("Decision mode"), self.decision_mode)
        form.addRow(tr("Model origin"), self.model_origin)
        form.addRow("", self.personal_data)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        self.name.textChanged.connect(self._validate)
        self._validate()
        self.resize(420, self.sizeHint().height())
        ready_dialog(self)

    def _validate(self) -> None:
        name = self.name.text().strip()
        problem = ""
        if name.casefold() in self._taken:
            problem = tr("A project with this name already exists.")
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(name) and not problem)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text().strip(),
            "stage": self.stage.currentData(),
            "decision_mode": self.decision_mode.currentData(),
            "model_origin": self.model_origin.currentData(),
            "personal_data": self.personal_data.isChecked(),
        }
