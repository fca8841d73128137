"""The library's dialogs: a policy's fields, a new version, a person who approves or signs, and feedback.

Each returns what was entered from ``values()``. The policy and feedback
dialogs close on OK and the page runs the service call; a ``SubmitDialog``
(a new version, an approval, a sign-off, a sprint's plan) stays open until the
service has written it: the page connects ``submitted``, runs the call, and
calls ``saved()`` (the dialog closes) or ``refused(sentence)`` (the dialog says
why and keeps what was typed). ``when_saved``/``when_refused`` make those
callbacks safe for a dialog that was closed meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
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
from views.date_field import DateField
from views.dialogs import ready_dialog
from views.form_layout import edited_fields, form_rows, ok_button, ok_cancel, problem_label, show_problem, text_field
from views.labels import tr
from views.palette import CAUTION
from views.policy.wording import name
from views.submit_dialog import SubmitFlow

if TYPE_CHECKING:
    from app.services.change import Change


def _stakeholder_combo(parent: QWidget) -> QComboBox:
    """The stakeholder departments to choose from, each one's value as its data."""
    combo = QComboBox(parent)
    for stakeholder in StakeholderDepartment:
        combo.addItem(name(stakeholder), stakeholder.value)
    return combo


def _person_text(person: PersonRow) -> str:
    return f"{person.name} — {person.department}" if person.department else person.name


def _people_combo(
    parent: QWidget,
    people: Sequence[PersonRow],
    *,
    optional: bool,
    first: Callable[[PersonRow], bool] | None = None,
) -> QComboBox:
    """People to choose from; with ``first``, those it picks lead and the rest follow after a separator."""
    combo = QComboBox(parent)
    fill_people(combo, people, optional=optional, first=first)
    return combo


def fill_people(
    combo: QComboBox,
    people: Sequence[PersonRow],
    *,
    optional: bool,
    first: Callable[[PersonRow], bool] | None = None,
) -> None:
    """(Re)fill a people combo box, keeping the chosen person chosen."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    if optional:
        combo.addItem(tr("(nobody named)"), None)
    leading = [person for person in people if first is not None and first(person)]
    following = [person for person in people if first is None or not first(person)]
    for person in leading:
        combo.addItem(_person_text(person), person.id)
    if leading and following:
        combo.insertSeparator(combo.count())
    for person in following:
        combo.addItem(_person_text(person), person.id)
    index = combo.findData(chosen) if chosen is not None else -1
    combo.setCurrentIndex(index if index >= 0 else (0 if optional or not leading else combo.findData(leading[0].id)))
    combo.blockSignals(False)


class SubmitDialog(SubmitFlow, QDialog):
    """A dialog that stays open until what it holds is written (``views.submit_dialog``).

    OK (``accept``) submits ``values()`` unless a write is already on its way; a
    subclass checks its own fields in ``accept`` before calling ``submit``.
    """

    submitted = Signal(object)  # dict[str, Any], from values()

    def __init__(self, parent: QWidget | None = None, *, ok_text: str) -> None:
        super().__init__(parent)
        self.buttons = ok_cancel(self, ok_text)
        self.problem = problem_label(self)

    def accept(self) -> None:
        if not self._busy:
            self.submit()


def when_saved(dialog: SubmitDialog, then: Callable[[Change], None] | None = None) -> Callable[[Change], None]:
    """The ``on_success`` of a dialog's edit: close the dialog (if still there), then ``then``."""
    from shiboken6 import isValid

    def done(change: Change) -> None:
        if isValid(dialog):
            dialog.saved()
        if then is not None:
            then(change)

    return done


def when_refused(dialog: SubmitDialog, elsewhere: Callable[[str], None]) -> Callable[[str], None]:
    """The ``on_refused`` of a dialog's edit: said in the dialog, or ``elsewhere`` once it is gone."""
    from shiboken6 import isValid

    def refused(sentence: str) -> None:
        if isValid(dialog) and dialog.isVisible():
            dialog.refused(sentence)
        else:
            elsewhere(sentence)

    return refused


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
        self._build_fields(departments)
        form = form_rows(
            (tr("Title"), self.title),
            (tr("Category"), self.category),
            (tr("Owner department"), self.owner),
            (tr("Review cadence"), self.cadence),
            (self.has_review, self.next_review),
            (tr("Framework references"), self.framework_refs),
        )
        if policy is None:
            self.org_wide.setToolTip(tr("Unticked, the policy belongs to {project}.").format(project=project_name))
            form.addRow("", self.org_wide)
        self.problem = problem_label(self)
        self.buttons = ok_cancel(self, tr("Save") if policy else tr("Create"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        if policy is not None:
            self._show_policy(policy)
        self.has_review.setChecked(policy is not None and policy.next_review_on is not None)
        self.next_review.setEnabled(self.has_review.isChecked())
        self.has_review.toggled.connect(self.next_review.setEnabled)
        self.title.textChanged.connect(self._validate)
        self.has_review.toggled.connect(lambda _checked: self._validate())
        self.next_review.edited.connect(self._validate)
        self._validate()
        ready_dialog(self, width=460)

    def _build_fields(self, departments: Sequence[str]) -> None:
        from app.services.policy import add_months

        self.title = text_field(self, tr("e.g. Acceptable use of generative AI"))
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
        self.next_review = DateField(self, value=add_months(date.today(), 12), what=tr("next review date"))
        self.next_review.setObjectName("nextReview")
        self.org_wide = QCheckBox(tr("Org-wide (for every project)"), self)
        self.framework_refs = text_field(self, tr("e.g. NIST AI RMF GOVERN 1.7"))

    def _show_policy(self, policy: PolicyRow) -> None:
        """The fields filled with ``policy``'s, to edit."""
        self.title.setText(policy.title)
        self.category.setCurrentIndex(self.category.findData(policy.category.value))
        self.owner.setEditText(policy.owner_department)
        self.cadence.setValue(policy.review_cadence_months)
        self.framework_refs.setText(policy.framework_refs)
        if policy.next_review_on is not None:
            self.next_review.set_value(policy.next_review_on)

    def _validate(self) -> None:
        problem = ""
        if not self.title.text().strip():
            problem = tr("A policy needs a title.")
        elif self.has_review.isChecked() and not self.next_review.is_valid():
            problem = self.next_review.problem()
        show_problem(self.problem, ok_button(self.buttons), problem)

    def values(self) -> dict[str, Any]:
        """The fields as ``create_policy``/``update_policy`` take them (``org_wide`` only for a new policy)."""
        values: dict[str, Any] = {
            "title": self.title.text().strip(),
            "category": self.category.currentData(),
            "owner_department": self.owner.currentText().strip(),
            "review_cadence_months": self.cadence.value(),
            "next_review_on": self.next_review.value() if self.has_review.isChecked() else None,
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
        return edited_fields(current, self.values())


class VersionDialog(SubmitDialog):
    """A new version: its Markdown text (starting from the newest one) and what changed.

    A version after the first must say what changed and read differently from
    ``newest`` (the text it starts from); otherwise OK says so here and keeps
    what was typed, as the service would refuse it.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        policy_title: str,
        text: str = "",
        newest_number: int | None = None,
        people: Sequence[PersonRow] = (),
    ) -> None:
        super().__init__(parent, ok_text=tr("Add version"))
        self.setObjectName("versionDialog")
        self.setWindowTitle(tr("New version of {title}").format(title=policy_title))
        self._newest_text = text
        self._newest_number = newest_number
        self._tried = False  # after a first refused OK, the problem follows every keystroke
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("versionText")
        self.text.setPlainText(text)
        self.text.setTabChangesFocus(True)
        self.summary = text_field(
            self,
            tr("e.g. Adds a section on synthetic data") if newest_number is not None else tr("e.g. First version"),
            name="versionSummary",
        )
        self.author = _people_combo(self, people, optional=True)
        form = form_rows((tr("Change summary"), self.summary), (tr("Author"), self.author))
        starts_from = (
            tr("The policy's text, in Markdown, starting from version {number}:").format(number=newest_number)
            if newest_number is not None
            else tr("The policy's text, in Markdown:")
        )
        hint = QLabel(starts_from, self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.summary.textChanged.connect(lambda _text: self._recheck())
        self.text.textChanged.connect(self._recheck)
        ready_dialog(self, width=680, height=560)

    def problem_text(self) -> str:
        """Why the version cannot be added as it stands, in one sentence; "" when it can."""
        return self._problem()[0]

    def _problem(self) -> tuple[str, QWidget | None]:
        """The sentence, and the field to correct."""
        from app.services.policy import same_text

        if self._newest_number is None:
            return "", None
        following = self._newest_number + 1
        if same_text(self.text.toPlainText(), self._newest_text):
            sentence = tr("The text is the same as version {number}; change it before adding version {next}.")
            return sentence.format(number=self._newest_number, next=following), self.text
        if not self.summary.text().strip():
            sentence = tr("Say in the change summary what version {next} changes.")
            return sentence.format(next=following), self.summary
        return "", None

    def _recheck(self) -> None:
        if self._tried and not self.is_busy():
            self.problem.setText(self.problem_text())

    def accept(self) -> None:
        if self.is_busy():
            return
        problem, field = self._problem()
        if problem:
            self._tried = True
            self.problem.setText(problem)
            if field is not None:
                field.setFocus()
            return
        self.submit()

    def values(self) -> dict[str, Any]:
        return {
            "text": self.text.toPlainText(),
            "change_summary": self.summary.text().strip(),
            "author_id": self.author.currentData(),
        }


class PersonDialog(SubmitDialog):
    """Who approves a version, or who signs it off for a stakeholder department (``department`` given).

    ``first`` picks the people offered first (the owner department's for an
    approval, the stakeholder department's for a sign-off), the others follow
    after a separator; for a sign-off the order follows the department chosen,
    and choosing someone of another department says that it will be recorded.
    ``confirmation``, when given, is asked with the values before they are
    submitted (an approval cannot be undone); on its Cancel the dialog stays.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        title: str,
        prompt: str,
        people: Sequence[PersonRow],
        department: StakeholderDepartment | None = None,
        optional: bool = False,
        first: Callable[[PersonRow], bool] | None = None,
        confirmation: Callable[[PersonDialog, dict[str, Any]], bool] | None = None,
        ok_text: str = "",
    ) -> None:
        super().__init__(parent, ok_text=ok_text or tr("OK"))
        self.setObjectName("policyPersonDialog")
        self.setWindowTitle(title)
        self._people = tuple(people)
        self._optional = optional
        self._first = first
        self._confirmation = confirmation
        self._signing = department is not None
        label = QLabel(prompt, self)
        label.setWordWrap(True)
        self.department = _stakeholder_combo(self)
        self.department.setObjectName("signOffDepartment")
        if department is not None:
            self.department.setCurrentIndex(self.department.findData(department.value))
        self.person = QComboBox(self)
        self.person.setObjectName("policyPerson")
        self._fill_people()
        self.note = QLabel("", self)
        self.note.setObjectName("signerNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {CAUTION};")  # a fact to notice, not an error
        self.comment = QLineEdit(self)
        form = QFormLayout()
        if self._signing:
            form.addRow(tr("Department"), self.department)
        form.addRow(tr("Person"), self.person)
        if self._signing:
            form.addRow(tr("Comment"), self.comment)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.department.currentIndexChanged.connect(lambda _index: self._department_chosen())
        self.person.currentIndexChanged.connect(lambda _index: self._show_note())
        self._show_note()
        ready_dialog(self, width=440)

    def stakeholder(self) -> StakeholderDepartment:
        return StakeholderDepartment(self.department.currentData())

    def chosen_person(self) -> PersonRow | None:
        return next((person for person in self._people if person.id == self.person.currentData()), None)

    def _first_for(self) -> Callable[[PersonRow], bool] | None:
        return of_stakeholder(self.department) if self._signing else self._first

    def _fill_people(self) -> None:
        fill_people(self.person, self._people, optional=self._optional, first=self._first_for())

    def _department_chosen(self) -> None:
        self._fill_people()
        self._show_note()

    def _show_note(self) -> None:
        person = self.chosen_person()
        first = self._first_for()
        if not self._signing or person is None or first is None or first(person):
            self.note.setText("")
            self.note.hide()
            return
        self.note.show()
        self.note.setText(
            tr(
                "{person} is in {own}, not {department}: the sign-off will record that they signed for {department}."
            ).format(
                person=person.name,
                own=person.department or tr("no department"),
                department=name(self.stakeholder()),
            )
        )
        # The note takes lines the dialog was not sized for: grow rather than cut them.
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def accept(self) -> None:
        if self.is_busy():
            return
        values = self.values()
        if not self._optional and values["person_id"] is None:
            self.problem.setText(tr("Choose who it is."))
            return
        if self._confirmation is not None and not self._confirmation(self, values):
            return
        self.submit()

    def values(self) -> dict[str, Any]:
        return {
            "person_id": self.person.currentData(),
            "department": self.department.currentData(),
            "comment": self.comment.text().strip(),
        }


def of_department(department: str) -> Callable[[PersonRow], bool] | None:
    """Whether a person is of ``department`` (spacing and case aside); None for no department."""
    wanted = " ".join(department.split()).casefold()
    if not wanted:
        return None
    return lambda person: " ".join(person.department.split()).casefold() == wanted


def of_stakeholder(combo: QComboBox) -> Callable[[PersonRow], bool]:
    """Whether a person belongs to the stakeholder department chosen in ``combo`` (its people are offered first)."""
    from app.services.policy import speaks_for

    stakeholder = StakeholderDepartment(combo.currentData())
    return lambda person: speaks_for(person.department, stakeholder)


class FeedbackDialog(QDialog):
    """A stakeholder's comment on a version: department, optionally who (that department's people first),
    and the comment."""

    def __init__(self, parent: QWidget | None = None, *, version_title: str, people: Sequence[PersonRow] = ()) -> None:
        super().__init__(parent)
        self.setObjectName("feedbackDialog")
        self.setWindowTitle(tr("Feedback on {version}").format(version=version_title))
        self.department = _stakeholder_combo(self)
        self.person = _people_combo(self, people, optional=True, first=of_stakeholder(self.department))
        self.department.currentIndexChanged.connect(
            lambda _index: fill_people(self.person, people, optional=True, first=of_stakeholder(self.department))
        )
        self.comment = QPlainTextEdit(self)
        self.comment.setPlaceholderText(tr("What the stakeholder said"))
        form = form_rows((tr("Department"), self.department), (tr("From"), self.person), (tr("Comment"), self.comment))
        self.buttons = ok_cancel(self, tr("Add feedback"))
        ok = ok_button(self.buttons)
        ok.setEnabled(False)
        self.comment.textChanged.connect(lambda: ok.setEnabled(bool(self.comment.toPlainText().strip())))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        ready_dialog(self, width=460, height=300)

    def values(self) -> dict[str, Any]:
        return {
            "department": self.department.currentData(),
            "person_id": self.person.currentData(),
            "comment": self.comment.toPlainText().strip(),
        }
