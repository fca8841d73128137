"""A project's profile on its overview: the form's fields, and a date that may be unset."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.enums import DecisionMode, ModelOrigin, Stage
from views.date_field import DateField
from views.labels import label, tr


class OptionalDate(QWidget):
    """A date that may be unset: a check box to say whether there is one, and the date.

    ``edited`` fires on every keystroke in the date, so the form re-checks while text that is not a date
    is typed (``is_valid``), not only when a date comes of it.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None, *, what: str = "") -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.enabled = QCheckBox(self)
        # Typed whole (ISO or the locale's short form), not section by section as QDateEdit does.
        self.editor = DateField(self, what=what)
        self.editor.setEnabled(False)
        layout.addWidget(self.enabled)
        layout.addWidget(self.editor, 1)
        self.enabled.toggled.connect(self.editor.setEnabled)
        self.enabled.toggled.connect(self.edited)
        self.editor.dateChanged.connect(self.edited)
        self.editor.edited.connect(self.edited)

    def is_valid(self) -> bool:
        """Whether the date can be saved: unset, or its text is a date."""
        return not self.enabled.isChecked() or self.editor.is_valid()

    def value(self) -> date | None:
        if not self.enabled.isChecked():
            return None
        day = self.editor.date()
        return date(day.year(), day.month(), day.day())

    def set_value(self, value: date | None) -> None:
        self.blockSignals(True)
        self.enabled.setChecked(value is not None)
        self.editor.setDate(QDate(value.year, value.month, value.day) if value is not None else QDate.currentDate())
        self.blockSignals(False)


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
        self.validation = QLabel("", self)
        self.validation.setObjectName("validationMessage")
        self.validation.setWordWrap(True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Description"), self.description)
        form.addRow(tr("Life-cycle stage"), self.stage)
        form.addRow(tr("Decision mode"), self.decision_mode)
        form.addRow(tr("Model origin"), self.model_origin)
        form.addRow("", self.personal_data)
        form.addRow(tr("Start date"), self.start_on)
        form.addRow(tr("End date"), self.end_on)
        buttons = QHBoxLayout()
        buttons.addWidget(self.validation, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
