"""A project's profile on its overview: the form's fields, and a date that may be unset."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.enums import DecisionMode, ModelOrigin, Stage
from views.date_field import OptionalDate
from views.form_layout import form_rows, problem_label
from views.labels import label, tr


def _combo(values: type[Stage] | type[DecisionMode] | type[ModelOrigin], parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    for value in values:
        combo.addItem(label(value), value)
    return combo


class ProfileBox(QGroupBox):
    """ "Profile": name, description, stage, decision mode, model origin, personal data and dates, with Save."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Profile"), parent)
        self.name = QLineEdit(self)
        self.name.setObjectName("profileName")
        self.description = QPlainTextEdit(self)
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(72)
        self.stage = _combo(Stage, self)
        self.decision_mode = _combo(DecisionMode, self)
        self.model_origin = _combo(ModelOrigin, self)
        self.personal_data = QCheckBox(tr("Handles personal data"), self)
        self.start_on = OptionalDate(self, what=tr("start date"))
        self.end_on = OptionalDate(self, what=tr("end date"))
        self.save_button = QPushButton(tr("Save"), self)
        self.save_button.setObjectName("saveProfile")
        self.save_button.setDefault(True)
        self.revert_button = QPushButton(tr("Revert"), self)
        self.validation = problem_label(self)
        form = form_rows(
            (tr("Name"), self.name),
            (tr("Description"), self.description),
            (tr("Life-cycle stage"), self.stage),
            (tr("Decision mode"), self.decision_mode),
            (tr("Model origin"), self.model_origin),
            ("", self.personal_data),
            (tr("Start date"), self.start_on),
            (tr("End date"), self.end_on),
            grow=True,
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.validation, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
