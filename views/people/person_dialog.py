"""Dialogs about one person: add or edit their details, and erase them on a privacy request.

``PersonDialog`` checks its fields as the user types and stays open while the
change is written: the page connects ``submitted``, runs the service and then
calls ``saved()`` (the dialog closes) or ``refused(sentence)`` (the dialog
shows why, e.g. a duplicate e-mail address, and keeps what was typed).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.queries.people import PersonRow
from app.services.people import EMAIL_PATTERN
from views.dialogs import ready_dialog
from views.form_layout import (
    edited_fields,
    form_rows,
    fte_spin_box,
    mark_danger,
    ok_button,
    ok_cancel,
    problem_label,
    text_field,
)
from views.labels import tr
from views.people.people_model import COST_CURRENCY
from views.submit_dialog import SubmitFlow

# Fields a dialog edits, by the names the service takes.
EDITED_FIELDS = ("name", "email", "department", "title", "capacity_fte", "cost_rate")


def parse_cost_rate(text: str) -> Decimal | None:
    """A monthly cost typed by a user (``"8,850.00"`` or ``"8850"``), or None when it is not one."""
    cleaned = text.strip().replace(",", "").replace(" ", "")
    if not cleaned:
        return Decimal("0.00")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not amount.is_finite():
        return None
    return amount


class PersonDialog(SubmitFlow, QDialog):
    """Add a person (``person=None``) or edit one; emits ``submitted`` with the field values."""

    submitted = Signal(object)  # dict[str, Any] of EDITED_FIELDS

    def __init__(
        self, parent: QWidget | None = None, *, person: PersonRow | None = None, departments: list[str] | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("personDialog")
        self.person = person
        self.setWindowTitle(tr("Edit {name}").format(name=person.name) if person else tr("Add person"))
        self._touched: set[str] = set()

        self._build_fields(departments or [])
        self._build_buttons(editing=person is not None)
        layout = QVBoxLayout(self)
        layout.addLayout(self._form())
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        if person is not None:
            self._fill(person)
        for field, signal in (
            ("name", self.name.textEdited),
            ("email", self.email.textEdited),
            ("department", self.department.editTextChanged),
            ("title", self.title.textEdited),
            ("capacity_fte", self.capacity.valueChanged),
            ("cost_rate", self.cost_rate.textEdited),
        ):
            signal.connect(lambda *_args, field=field: self._edited(field))
        self._validate()
        ready_dialog(self, width=440)

    # --- structure -------------------------------------------------------------------
    def _build_fields(self, departments: list[str]) -> None:
        self.name = text_field(self, tr("e.g. Ana Ruiz"))
        self.email = text_field(self, tr("name@example.org"))
        self.department = QComboBox(self)
        self.department.setEditable(True)
        self.department.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.department.addItems(departments)
        self.department.setCurrentIndex(-1)
        department_edit = self.department.lineEdit()
        assert department_edit is not None  # an editable combo box has its line edit
        department_edit.setPlaceholderText(tr("e.g. Data science"))
        self.title = text_field(self, tr("e.g. Senior data scientist"))
        self.capacity = fte_spin_box(self, minimum=0.0, maximum=1.0, step=0.1, value=1.0)
        self.cost_rate = text_field(self, "0.00")
        self.cost_rate.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.cost_rate_unit = QLabel(tr("{currency} a month").format(currency=COST_CURRENCY), self)

    def _build_buttons(self, *, editing: bool) -> None:
        """The line that says what is wrong, over OK ("Save" or "Add") and Cancel."""
        self.problem = problem_label(self)
        self.buttons = ok_cancel(self, tr("Save") if editing else tr("Add"))
        self.ok_button = ok_button(self.buttons)

    def _form(self) -> QFormLayout:
        cost_row = QWidget(self)
        cost_layout = QHBoxLayout(cost_row)
        cost_layout.setContentsMargins(0, 0, 0, 0)
        cost_layout.addWidget(self.cost_rate, 1)
        cost_layout.addWidget(self.cost_rate_unit)
        return form_rows(
            (tr("Name"), self.name),
            (tr("E-mail"), self.email),
            (tr("Department"), self.department),
            (tr("Title"), self.title),
            (tr("Capacity"), self.capacity),
            (tr("Monthly cost"), cost_row),
            grow=True,
        )

    def _fill(self, person: PersonRow) -> None:
        self.name.setText(person.name)
        self.email.setText(person.email)
        self.department.setEditText(person.department)
        self.title.setText(person.title)
        self.capacity.setValue(person.capacity_fte)
        self.cost_rate.setText(f"{person.cost_rate:.2f}")

    # --- checking ------------------------------------------------------------------
    def problems(self) -> dict[str, str]:
        """What is wrong with each field, by field name (empty when the form can be saved)."""
        found: dict[str, str] = {}
        if not self.name.text().strip():
            found["name"] = tr("A person needs a name.")
        email = self.email.text().strip()
        if not email:
            found["email"] = tr("A person needs an e-mail address.")
        elif not EMAIL_PATTERN.match(email):
            found["email"] = tr("{email} is not an e-mail address.").format(email=email)
        if not self.department.currentText().strip():
            found["department"] = tr("Say which department the person belongs to.")
        if not 0 < self.capacity.value() <= 1:
            found["capacity_fte"] = tr("Capacity must be more than 0 and at most 1 FTE.")
        amount = parse_cost_rate(self.cost_rate.text())
        if amount is None:
            found["cost_rate"] = tr("The monthly cost is not an amount (e.g. 8500.00).")
        elif amount < 0:
            found["cost_rate"] = tr("The monthly cost cannot be negative.")
        elif amount != amount.quantize(Decimal("0.01")):
            found["cost_rate"] = tr("The monthly cost has at most two decimal places.")
        return found

    def _edited(self, field: str) -> None:
        self._touched.add(field)
        self._validate()

    def _validate(self) -> None:
        problems = self.problems()
        # Only fields the user has touched are called out; an empty new form is
        # not an error yet, but it cannot be saved either.
        shown = [message for field, message in problems.items() if field in self._touched or self.person]
        self.problem.setText(shown[0] if shown else "")
        for field, widget in (
            ("name", self.name),
            ("email", self.email),
            ("cost_rate", self.cost_rate),
            ("department", self.department),
        ):
            _mark_invalid(widget, field in problems and (field in self._touched or self.person is not None))
        self.ok_button.setEnabled(not problems)

    # --- values ----------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """The form as the service takes it."""
        return {
            "name": self.name.text().strip(),
            "email": self.email.text().strip().lower(),
            "department": self.department.currentText().strip(),
            "title": self.title.text().strip(),
            "capacity_fte": round(self.capacity.value(), 2),
            "cost_rate": parse_cost_rate(self.cost_rate.text()) or Decimal("0.00"),
        }

    def changes(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """For an edit: the changed fields as (before, after)."""
        if self.person is None:
            return {}, self.values()
        return edited_fields(self.person, self.values())

    # --- saving ----------------------------------------------------------------------
    def accept(self) -> None:
        """Hand the values over for writing; the dialog closes once they are saved."""
        if self.problems():
            self._touched.update(EDITED_FIELDS)
            self._validate()
            return
        if self.person is not None and not self.changes()[1]:
            super().accept()  # nothing changed: nothing to write
            return
        self.submit()

    def refused(self, sentence: str) -> None:
        """The database refused the values: say why and let the user correct them."""
        super().refused(sentence)
        if "e-mail" in sentence:
            _mark_invalid(self.email, True)
            self.email.setFocus()


class EraseDialog(QDialog):
    """Confirms erasing a person on a privacy request, and asks for the reason (kept in the audit trail)."""

    def __init__(self, parent: QWidget | None = None, *, person: PersonRow) -> None:
        super().__init__(parent)
        self.setObjectName("eraseDialog")
        self.setWindowTitle(tr("Erase {name}").format(name=person.name))
        self.person = person
        explanation = QLabel(
            tr(
                "Erasing replaces {name}'s name, e-mail address and title with an anonymous placeholder and "
                "deactivates them. Their assessments and project memberships stay, anonymously, so counts and "
                "gaps remain true. Earlier change records lose their details too."
            ).format(name=person.name),
            self,
        )
        explanation.setWordWrap(True)
        warning = QLabel(tr("This cannot be undone."), self)
        warning.setObjectName("irreversibleWarning")
        self.reason = text_field(self, tr("e.g. privacy request PR-2024-017"))
        self.buttons = ok_cancel(self, tr("Erase"))
        self.erase_button = ok_button(self.buttons)
        mark_danger(self.erase_button)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(warning)
        layout.addLayout(form_rows((tr("Reason (kept in the change record)"), self.reason)))
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(lambda text: self.erase_button.setEnabled(bool(text.strip())))
        self.erase_button.setEnabled(False)
        self.resize(460, self.sizeHint().height())
        # Erasing cannot be undone: Enter in the reason field presses Cancel, never Erase.
        ready_dialog(self, first=self.reason, default=self.buttons.button(QDialogButtonBox.StandardButton.Cancel))

    def accept(self) -> None:
        if self.reason.text().strip():
            super().accept()


def _mark_invalid(widget: QWidget, invalid: bool) -> None:
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    # The style sheet styles [invalid="true"]; Qt re-reads it only on a repolish.
    widget.style().unpolish(widget)
    widget.style().polish(widget)
