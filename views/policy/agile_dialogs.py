"""The backlog's and the sprints' dialogs: an item's fields, a sprint's plan, and where a closing
sprint's unfinished items go.

Each returns what was entered from ``values()`` (or ``changes()`` for an edit);
the page connects ``accepted`` and runs the service call. A refusal is said on
the page, in one sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.analysis.sprints import MAX_SPRINT_DAYS, usual_sprint_days
from app.queries.backlog import ItemRow, SprintRow
from app.queries.people import PersonRow
from app.queries.policy import PolicyRow
from models.enums import ItemKind
from views.confirm import confirm
from views.date_field import DateField
from views.dialogs import ready_dialog
from views.form_layout import edited_fields, form_rows, ok_button, ok_cancel, show_problem, text_field
from views.labels import tr
from views.palette import CAUTION, HINT
from views.policy.dialogs import SubmitDialog, _people_combo, fill_people, of_department
from views.policy.item_drag import points_text
from views.policy.wording import name


def _select(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class ItemDialog(QDialog):
    """A new backlog item (``item=None``) or an item's fields to edit."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        item: ItemRow | None = None,
        people: Sequence[PersonRow] = (),
        departments: Sequence[str] = (),
        policies: Sequence[PolicyRow] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("itemDialog")
        self.item = item
        self.setWindowTitle(tr("Edit {title}").format(title=item.title) if item else tr("New backlog item"))
        self._build_fields(people, departments, policies)
        if item is not None:
            self._show_item(item)
        form = form_rows(
            (tr("Title"), self.title),
            (tr("Kind"), self.kind),
            (tr("Points"), self.points),
            (tr("Owner department"), self.owner),
            (tr("Assignee"), self.assignee),
            (tr("Policy"), self.policy),
            (tr("Acceptance criteria"), self.criteria),
        )
        self.buttons = ok_cancel(self, tr("Save") if item else tr("Add to backlog"))
        ok = ok_button(self.buttons)
        ok.setEnabled(bool(self.title.text().strip()))
        self.title.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        ready_dialog(self, width=560, height=440)

    def _build_fields(
        self, people: Sequence[PersonRow], departments: Sequence[str], policies: Sequence[PolicyRow]
    ) -> None:
        self.title = text_field(
            self,
            tr("What the policy work delivers, e.g. “Write the model exit plan”"),
            name="itemTitle",
            max_length=300,
        )
        self.kind = QComboBox(self)
        for kind in ItemKind:
            self.kind.addItem(name(kind), kind.value)
        self.points = QSpinBox(self)
        self.points.setObjectName("itemPoints")
        self.points.setRange(0, 100)
        self.points.setSpecialValueText(tr("not estimated"))
        self.points.setToolTip(tr("Story points; 0 leaves the item unestimated."))
        self.owner = QComboBox(self)
        self.owner.setObjectName("itemOwner")
        self.owner.setEditable(True)
        self.owner.addItem("")
        self.owner.addItems(list(departments))
        self.assignee = _people_combo(self, people, optional=True)
        self.assignee.setObjectName("itemAssignee")
        # The owner department's people are offered first, as its department is typed or chosen.
        self.owner.currentTextChanged.connect(
            lambda text: fill_people(self.assignee, people, optional=True, first=of_department(text))
        )
        self.policy = QComboBox(self)
        self.policy.setObjectName("itemPolicy")
        self.policy.addItem(tr("(no policy)"), None)
        for policy in policies:
            scope = tr("org-wide") if policy.org_wide else tr("project")
            self.policy.addItem(f"{policy.title} ({scope})", policy.id)
        self.criteria = QPlainTextEdit(self)
        self.criteria.setObjectName("itemCriteria")
        self.criteria.setPlaceholderText(tr("When is it done? What a reviewer checks."))

    def _show_item(self, item: ItemRow) -> None:
        """The fields filled with ``item``'s, to edit."""
        self.title.setText(item.title)
        _select(self.kind, item.kind.value)
        self.points.setValue(item.points or 0)
        self.owner.setCurrentText(item.owner_department)
        _select(self.assignee, item.assignee_id)
        _select(self.policy, item.policy_id)
        self.criteria.setPlainText(item.acceptance_criteria)

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.text().strip(),
            "kind": ItemKind(self.kind.currentData()),
            "points": self.points.value() or None,
            "owner_department": self.owner.currentText().strip(),
            "assignee_id": self.assignee.currentData(),
            "policy_id": self.policy.currentData(),
            "acceptance_criteria": self.criteria.toPlainText().strip(),
        }

    def changes(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """(before, after) of the fields that changed, for an edit and its undo."""
        assert self.item is not None
        return edited_fields(self.item, self.values())


def usual_days(sprints: Sequence[SprintRow], *, leaving_out: int | None = None) -> int:
    """The team's usual sprint length: the median of the project's sprints (but ``leaving_out``), else 14 days."""
    return usual_sprint_days(sprint.days for sprint in sprints if sprint.id != leaving_out)


def next_sprint_defaults(sprints: Sequence[SprintRow], *, today: date, average: float | None) -> dict[str, Any]:
    """A new sprint's suggested name, dates and capacity: after the last one, of the team's usual length,
    at its velocity."""
    last = max(sprints, key=lambda sprint: sprint.end_on, default=None)
    length = usual_days(sprints)
    start = last.end_on + timedelta(days=1) if last is not None and last.end_on >= today else today
    while start.weekday() != 0 and (last is None or start.weekday() != last.start_on.weekday()):
        start += timedelta(days=1)
    names = {sprint.name for sprint in sprints}
    number = len(sprints) + 1
    while tr("Sprint {number}").format(number=number) in names:
        number += 1
    capacity = round(average) if average else (max((sprint.capacity_points for sprint in sprints), default=0))
    return {
        "name": tr("Sprint {number}").format(number=number),
        "start_on": start,
        "end_on": start + timedelta(days=max(length, 1) - 1),
        "capacity_points": capacity,
        "goal": "",
    }


class SprintDialog(SubmitDialog):
    """A new sprint (``sprint=None``, with ``defaults``) or a planned sprint's plan to edit.

    A sprint longer than the team's ``usual_days`` is said in the dialog and asks
    a second time when saved (a year typed for a month is the usual slip); one
    longer than ``MAX_SPRINT_DAYS`` cannot be saved at all. Emits ``submitted``
    with ``values()``; the page calls ``saved()`` or ``refused(sentence)``.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        sprint: SprintRow | None = None,
        defaults: dict[str, Any] | None = None,
        average: float | None = None,
        taken_names: Sequence[str] = (),
        usual_days: int = 14,
    ) -> None:
        super().__init__(parent, ok_text=tr("Save") if sprint else tr("Plan sprint"))
        self.setObjectName("sprintDialog")
        self.sprint = sprint
        self.usual_days = usual_days
        # The project's other sprints' names, which this one cannot take.
        self._taken = {taken.casefold() for taken in taken_names if sprint is None or taken != sprint.name}
        self.setWindowTitle(tr("Edit {name}").format(name=sprint.name) if sprint else tr("Plan a sprint"))
        self._build_fields(sprint._asdict() if sprint is not None else dict(defaults or {}), average=average)
        form = form_rows(
            (tr("Name"), self.name),
            (tr("Goal"), self.goal),
            (tr("Starts"), self.start),
            (tr("Ends"), self.end),
            ("", self.length),
            (tr("Capacity"), self.capacity),
        )
        self.name.textChanged.connect(lambda _text: self._validate())
        for field in (self.start, self.end):
            field.edited.connect(self._validate)
            field.dateChanged.connect(lambda _day: self._validate())
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._validate()
        ready_dialog(self, width=480)

    def _build_fields(self, values: dict[str, Any], *, average: float | None) -> None:
        """The fields, filled with ``values`` (the sprint's, or a new one's defaults)."""
        self.name = QLineEdit(values.get("name", ""), self)
        self.name.setObjectName("sprintName")
        self.name.setMaxLength(100)
        self.goal = QPlainTextEdit(values.get("goal", ""), self)
        self.goal.setObjectName("sprintGoal")
        self.goal.setPlaceholderText(tr("What the sprint delivers, in one sentence stakeholders understand"))
        self.goal.setFixedHeight(70)
        self.goal.setTabChangesFocus(True)
        self.start = DateField(self, value=values.get("start_on") or date.today(), what=tr("start date"))
        self.start.setObjectName("sprintStart")
        self.end = DateField(self, value=values.get("end_on") or date.today(), what=tr("end date"))
        self.end.setObjectName("sprintEnd")
        self.length = QLabel("", self)
        self.length.setObjectName("sprintLength")
        self.length.setWordWrap(True)
        self.capacity = QSpinBox(self)
        self.capacity.setObjectName("sprintCapacity")
        self.capacity.setRange(0, 10_000)
        self.capacity.setSuffix(tr(" points"))
        self.capacity.setValue(int(values.get("capacity_points") or 0))
        hint = (
            tr("The team's average velocity is {average:.1f} points per sprint.").format(average=average)
            if average is not None
            else tr("No closed sprint yet, so no average velocity to go by.")
        )
        self.hint = QLabel(hint, self)
        self.hint.setObjectName("sprintHint")
        self.hint.setWordWrap(True)

    def days(self) -> int:
        """The sprint's length in days, both ends counted."""
        return (self.end.value() - self.start.value()).days + 1

    def too_long(self) -> bool:
        """Whether the sprint runs longer than the team's usual length (saving asks again)."""
        return self.days() > self.usual_days

    def _problem(self) -> str:
        for field in (self.start, self.end):
            if not field.is_valid():
                return field.problem()
        if not self.name.text().strip():
            return tr("A sprint needs a name.")
        if self.name.text().strip().casefold() in self._taken:
            return tr("The project already has a sprint called {name}.").format(name=self.name.text().strip())
        if self.end.value() < self.start.value():
            return tr("The sprint ends before it starts.")
        if self.days() > MAX_SPRINT_DAYS:
            return tr("A sprint runs at most {most} days; this one would run {days}: check the dates.").format(
                most=MAX_SPRINT_DAYS, days=self.days()
            )
        return ""

    def _validate(self) -> None:
        problem = self._problem()
        show_problem(self.problem, ok_button(self.buttons), problem)
        dates_valid = self.start.is_valid() and self.end.is_valid() and self.end.value() >= self.start.value()
        if not dates_valid:
            self.length.setText("")
        elif self.too_long():
            self.length.setText(
                tr("⚠ Runs {days} days: longer than the team's usual {usual} days.").format(
                    days=self.days(), usual=self.usual_days
                )
            )
        else:
            self.length.setText(
                tr("Runs {days} days (the team's usual is {usual}).").format(days=self.days(), usual=self.usual_days)
            )
        warn = dates_valid and self.too_long()
        self.length.setStyleSheet(f"color: {CAUTION}; font-weight: 600;" if warn else f"color: {HINT};")

    def accept(self) -> None:
        """A sprint longer than usual is asked about a second time; the dialog stays open on Cancel."""
        if self._problem() or self.is_busy():
            return
        if self.too_long():
            what = tr("Save") if self.sprint is not None else tr("Plan")
            if not confirm(
                self,
                title=tr("A longer sprint than usual"),
                text=tr("{name} would run {days} days, from {start} to {end}. {what} it anyway?").format(
                    name=self.name.text().strip(),
                    days=self.days(),
                    start=self.start.value().isoformat(),
                    end=self.end.value().isoformat(),
                    what=what,
                ),
                detail=tr(
                    "The team's sprints usually run {usual} days; a long sprint commits more work before "
                    "stakeholders see any of it."
                ).format(usual=self.usual_days),
                action=tr("{what} a {days}-day sprint").format(what=what, days=self.days()),
            ):
                return
        self.submit()

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text().strip(),
            "goal": self.goal.toPlainText().strip(),
            "start_on": self.start.value(),
            "end_on": self.end.value(),
            "capacity_points": self.capacity.value(),
        }

    def changes(self) -> tuple[dict[str, Any], dict[str, Any]]:
        assert self.sprint is not None
        return edited_fields(self.sprint, self.values())


class CloseSprintDialog(QDialog):
    """Closing a sprint: its figures are frozen, and its unfinished items go to the backlog or a planned sprint."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        sprint: SprintRow,
        unfinished: Sequence[ItemRow],
        planned: Sequence[SprintRow],
    ) -> None:
        super().__init__(parent)
        self.setObjectName("closeSprintDialog")
        self.setWindowTitle(tr("Close {name}").format(name=sprint.name))
        points = sum(item.points or 0 for item in unfinished)
        if unfinished:
            text = tr("{count} unfinished item(s), {points}, are still in {name}. Where do they go?").format(
                count=len(unfinished), points=points_text(points), name=sprint.name
            )
        else:
            text = tr("Every item of {name} is done.").format(name=sprint.name)
        intro = QLabel(text + " " + tr("Closing freezes the sprint's figures; it cannot be undone."), self)
        intro.setWordWrap(True)
        self.choices = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        to_backlog = QRadioButton(tr("Back to the backlog"), self)
        to_backlog.setObjectName("closeToBacklog")
        self.choices.addButton(to_backlog)
        to_backlog.setProperty("target", "backlog")
        layout.addWidget(to_backlog)
        for following in planned:
            button = QRadioButton(
                tr("On to {name} ({start} – {end})").format(
                    name=following.name, start=following.start_on.isoformat(), end=following.end_on.isoformat()
                ),
                self,
            )
            button.setProperty("target", following.id)
            self.choices.addButton(button)
            layout.addWidget(button)
        # Carrying on into the next planned sprint is the usual choice; the backlog when there is none.
        (self.choices.buttons()[1] if planned else to_backlog).setChecked(True)
        for choice in self.choices.buttons():
            choice.setEnabled(bool(unfinished))
        self.buttons = ok_cancel(self, tr("Close sprint"))
        layout.addWidget(self.buttons)
        ready_dialog(self, width=460)

    def target(self) -> str | int:
        """``"backlog"`` or the id of the planned sprint the unfinished items go to."""
        checked = self.choices.checkedButton()
        return checked.property("target") if checked is not None else "backlog"
