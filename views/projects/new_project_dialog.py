"""The dialog that creates a project: a name and the profile decided up front.

The brief insists that whether a model supports or makes decisions is decided at
the start, so the decision mode is asked here, not left for later.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QWidget

from models.enums import DecisionMode, ModelOrigin, Stage
from views.dialogs import ready_dialog
from views.form_layout import form_rows, ok_button, ok_cancel, problem_label, show_problem, text_field
from views.labels import label, tr


class NewProjectDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, taken_names: set[str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("New project"))
        self._taken = {name.casefold() for name in taken_names or set()}
        self.name = text_field(self, tr("e.g. Claims triage model"))
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
        self.problem = problem_label(self, word_wrap=False)
        self.buttons = ok_cancel(self, tr("Create"))
        form_rows(
            (tr("Name"), self.name),
            (tr("Life-cycle stage"), self.stage),
            (tr("Decision mode"), self.decision_mode),
            (tr("Model origin"), self.model_origin),
            ("", self.personal_data),
            self.problem,
            self.buttons,
            parent=self,
        )
        self.name.textChanged.connect(self._validate)
        self._validate()
        ready_dialog(self, width=420)

    def _validate(self) -> None:
        name = self.name.text().strip()
        problem = ""
        if name.casefold() in self._taken:
            problem = tr("A project with this name already exists.")
        show_problem(self.problem, ok_button(self.buttons), problem, complete=bool(name))

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text().strip(),
            "stage": self.stage.currentData(),
            "decision_mode": self.decision_mode.currentData(),
            "model_origin": self.model_origin.currentData(),
            "personal_data": self.personal_data.isChecked(),
        }
