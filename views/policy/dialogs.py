"""The library's dialogs: a policy's fields, a new version, a person who approves or signs, and feedback.

Each returns what was entered from ``values()``; the page connects
``accepted`` and runs the service call (a refusal is said on the page).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.queries.people import PersonRow
from app.queries.policy import PolicyRow
from models.enums import PolicyCategory, StakeholderDepartment
from views.dialogs import ready_dialog
from views.labels import tr
from views.policy.wording import name


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _people_combo(parent: QWidget, people: Sequence[PersonRow], *, optional: bool) -> QComboBox:
    combo = QComboBox(parent)
    if optional:
        combo.addItem(tr("(nobody named)"), None)
    for person in people:
        combo.addItem(f"{person.name} — {person.department}" if person.department else person.name, person.id)
    return combo


class PolicyDialog(QDialog):
    """A new policy (``policy=None``) or a policy's fields to edit."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        policy: PolicyRow | None = None,
        departments: Sequence[str] = (),
        project_name: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("policyDialog")
        self.policy = policy
        self.setWindowTitle(tr("Edit {title}").format(title=policy.title) if policy else tr("New policy"))
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(tr("e.g. Acceptable use of generative AI"))
        self.category = QComboBox(self)
        for category in PolicyCategory:
            self.category.addItem(name(category), category.value)
        self.owner = QComboBox(self)
        self.owner.setEditable(True)
        self.owner.addItems(list(departments))
        self.owner.setCurrentIndex(-1)
        owner_edit = self.owner.lineEdit()
        assert owner_edit is not None  # an editable combo box has its line edit
        owner_edit.setPlaceholderText(tr("e.g. Legal"))
        self.cadence = QSpinBox(self)
        self.cadence.setRange(1, 60)
        self.cadence.setValue(12)
        self.cadence.setSuffix(" " + tr("months"))
        self.has_review = QCheckBox(tr("Next review on"), self)
        self.next_review = QDateEdit(self)
        self.next_review.setCalendarPopup(True)
        self.next_review.setDisplayFormat("yyyy-MM-dd")
        self.next_review.setDate(QDate.currentDate().addMonths(12))
        self.org_wide = QCheckBox(tr("Org-wide (for every project)"), self)
        self.framework_refs = QLineEdit(self)
        self.framework_refs.setPlaceholderText(tr("e.g. NIST AI RMF GOVERN 1.7"))
        form = QFormLayout()
        form.addRow(tr("Title"), self.title)
        form.addRow(tr("Category"), self.category)
        form.addRow(tr("Owner department"), self.owner)
        form.addRow(tr("Review cadence"), self.cadence)
        form.addRow(self.has_review, self.next_review)
        form.addRow(tr("Framework references"), self.framework_refs)
        if policy is None:
            self.org_wide.setToolTip(tr("Unticked, the policy belongs to {project}.").format(project=project_name))
            form.addRow("", self.org_wide)
        self.problem = QLabel("", self)
        self.problem.setObjectName("validationMessage")
        self.problem.setWordWrap(True)
        self.buttons = _buttons(self, tr("Save") if policy else tr("Create"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        if policy is not None:
            self.title.setText(policy.title)
            self.category.setCurrentIndex(self.category.findData(policy.category.value))
            self.owner.setEditText(policy.owner_department)
            self.cadence.setValue(policy.review_cadence_months)
            self.framework_refs.setText(policy.framework_refs)
            review_on = policy.next_review_on
            if review_on is not None:
                self.next_review.setDate(QDate(review_on.year, review_on.month, review_on.day))
        self.has_review.setChecked(policy is not None and policy.next_review_on is not None)
        self.next_review.setEnabled(self.has_review.isChecked())
        self.has_review.toggled.connect(self.next_review.setEnabled)
        self.title.textChanged.connect(self._validate)
        self._validate()
        self.resize(460, self.sizeHint().height())
        ready_dialog(self)

    def _validate(self) -> None:
        missing = not self.title.text().strip()
        self.problem.setText(tr("A policy needs a title.") if missing else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not missing)

    def values(self) -> dict[str, Any]:
        """The fields as ``create_policy``/``update_policy`` take them (``org_wide`` only for a new policy)."""
        values: dict[str, Any] = {
            "title": self.title.text().strip(),
            "category": self.category.currentData(),
            "owner_department": self.owner.currentText().strip(),
            "review_cadence_months": self.cadence.value(),
            "next_review_on": self.next_review.date().toPython() if self.has_review.isChecked() else None,
            "framework_refs": self.framework_refs.text().strip(),
        }
        if self.policy is None:
            values["org_wide"] = self.org_wide.isChecked()
        return values

    def changes(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """For an edit: (before, after) of the fields that differ."""
        assert self.policy is not None
        current = {
            "title": self.policy.title,
            "category": self.policy.category.value,
            "owner_department": self.policy.owner_department,
            "review_cadence_months": self.policy.review_cadence_months,
            "next_review_on": self.policy.next_review_on,
            "framework_refs": self.policy.framework_refs,
        }
        after = {key: value for key, value in self.values().items() if current.get(key) != value}
        return {key: current[key] for key in after}, after


class VersionDialog(QDialog):
    """A new version: its Markdown text (starting from the newest one) and what changed."""

    def __init__(
        self, parent: QWidget | None = None, *, policy_title: str, text: str = "", people: Sequence[PersonRow] = ()
    ) -> None:
        super().__init__(parent)
        self.setObjectName("versionDialog")
        self.setWindowTitle(tr("New version of {title}").format(title=policy_title))
        self.text = QPlainTextEdit(self)
        self.text.setPlainText(text)
        self.summary = QLineEdit(self)
        self.summary.setPlaceholderText(tr("e.g. Adds a section on synthetic data"))
        self.author = _people_combo(self, people, optional=True)
        form = QFormLayout()
        form.addRow(tr("Change summary"), self.summary)
        form.addRow(tr("Author"), self.author)
        hint = QLabel(tr("The policy's text, in Markdown:"), self)
        self.buttons = _buttons(self, tr("Add version"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        self.resize(680, 560)
        ready_dialog(self)

    def values(self) -> dict[str, Any]:
        return {
            "text": self.text.toPlainText(),
            "change_summary": self.summary.text().strip(),
            "author_id": self.author.currentData(),
        }


class PersonDialog(QDialog):
    """Who approves a version, or who signs it off for a stakeholder department (``department`` given)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        title: str,
        prompt: str,
        people: Sequence[PersonRow],
        department: StakeholderDepartment | None = None,
        optional: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("policyPersonDialog")
        self.setWindowTitle(title)
        label = QLabel(prompt, self)
        label.setWordWrap(True)
        self.person = _people_combo(self, people, optional=optional)
        self.department = QComboBox(self)
        for stakeholder in StakeholderDepartment:
            self.department.addItem(name(stakeholder), stakeholder.value)
        self.comment = QLineEdit(self)
        form = QFormLayout()
        if department is not None:
            self.department.setCurrentIndex(self.department.findData(department.value))
            form.addRow(tr("Department"), self.department)
        form.addRow(tr("Person"), self.person)
        if department is not None:
            form.addRow(tr("Comment"), self.comment)
        self.buttons = _buttons(self, tr("OK"))
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(420, self.sizeHint().height())
        ready_dialog(self)

    def values(self) -> dict[str, Any]:
        return {
            "person_id": self.person.currentData(),
            "department": self.department.currentData(),
            "comment": self.comment.text().strip(),
        }


class FeedbackDialog(QDialog):
    """A stakeholder's comment on a version: department, optionally who, and the comment."""

    def __init__(self, parent: QWidget | None = None, *, version_title: str, people: Sequence[PersonRow] = ()) -> None:
        super().__init__(parent)
        self.setObjectName("feedbackDialog")
        self.setWindowTitle(tr("Feedback on {version}").format(version=version_title))
        self.department = QComboBox(self)
        for stakeholder in StakeholderDepartment:
            self.department.addItem(name(stakeholder), stakeholder.value)
        self.person = _people_combo(self, people, optional=True)
        self.comment = QPlainTextEdit(self)
        self.comment.setPlaceholderText(tr("What the stakeholder said"))
        form = QFormLayout()
        form.addRow(tr("Department"), self.department)
        form.addRow(tr("From"), self.person)
        form.addRow(tr("Comment"), self.comment)
        self.buttons = _buttons(self, tr("Add feedback"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.comment.textChanged.connect(lambda: ok.setEnabled(bool(self.comment.toPlainText().strip())))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(460, 300)
        ready_dialog(self)

    def values(self) -> dict[str, Any]:
        return {
            "department": self.department.currentData(),
            "person_id": self.person.currentData(),
            "comment": self.comment.toPlainText().strip(),
        }
