"""The staffing page's two dialogs, and what only they use.

``AddRequirementDialog`` asks for a new requirement: a skill (each offered as a
``SkillChoice``, listed under its area's heading by ``_SkillPickerDelegate``),
the minimum level, the FTE needed and the criticality. ``AddMemberDialog`` puts
an internal candidate on the project: an allocation (``default_allocation``
offers one) and an optional role. Neither changes anything itself: the page
reads ``values()`` when one is accepted and makes the undoable edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from views.dialogs import ready_dialog
from views.form_layout import form_rows, fte_spin_box, ok_button, ok_cancel, problem_label, text_field
from views.labels import tr
from views.palette import INK
from views.staffing.records_model import DEFAULT_LEVEL_NAMES
from views.staffing.requirements_model import (
    CRITICALITY_ORDER,
    FTE_EPSILON,
    criticality_label,
    level_text,
)

if TYPE_CHECKING:
    from app.analysis.staffing import Candidate

AnyIndex = QModelIndex | QPersistentModelIndex


class SkillChoice(NamedTuple):
    skill_id: int
    name: str
    area: str


class _SkillPickerDelegate(QStyledItemDelegate):
    """Skills indented under their area's heading in the picker's list (headings carry no skill id)."""

    INDENT = 16

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        if index.data(Qt.ItemDataRole.UserRole) is not None:
            option = QStyleOptionViewItem(option)
            option.rect.adjust(self.INDENT, 0, 0, 0)
        super().paint(painter, option, index)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + self.INDENT, size.height())


def skill_picker(parent: QWidget, skills: Sequence[SkillChoice], *, required: set[int]) -> QComboBox:
    """The skills under their areas' bold headings, those already required named so and not pickable."""
    combo = QComboBox(parent)
    combo.setObjectName("skillPicker")
    combo.setMaxVisibleItems(20)
    picker = QStandardItemModel(combo)
    area = None
    for choice in skills:
        if choice.area != area:
            area = choice.area
            heading = QStandardItem(area)
            heading.setFlags(Qt.ItemFlag.NoItemFlags)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            # Not pickable, yet it should read as a heading, not as a greyed-out choice.
            heading.setForeground(QColor(INK))
            picker.appendRow(heading)
        item = QStandardItem(choice.name)
        item.setData(choice.skill_id, Qt.ItemDataRole.UserRole)
        item.setData(choice.name, Qt.ItemDataRole.ToolTipRole)
        if choice.skill_id in required:
            item.setText(tr("{skill} (already required)").format(skill=choice.name))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
        picker.appendRow(item)
    combo.setModel(picker)
    combo.view().setItemDelegate(_SkillPickerDelegate(combo.view()))
    first = next((row for row in range(picker.rowCount()) if picker.item(row).flags() & Qt.ItemFlag.ItemIsEnabled), -1)
    combo.setCurrentIndex(first)
    return combo


class AddRequirementDialog(QDialog):
    """A new requirement: a skill (picked by area), the minimum level, the FTE needed and its criticality."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        skills: Sequence[SkillChoice],
        required: set[int],
        level_names: Sequence[str] = DEFAULT_LEVEL_NAMES,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("addRequirementDialog")
        self.setWindowTitle(tr("Add skill requirement"))
        self.skill = skill_picker(self, skills, required=required)
        self._names = {choice.skill_id: choice.name for choice in skills}
        self._build_fields(level_names)
        self.buttons = ok_cancel(self, tr("Add requirement"))
        hint = QLabel(tr("Members at or above the minimum level count towards the FTE needed."), self)
        hint.setObjectName("dialogHint")
        hint.setWordWrap(True)
        form_rows(
            (tr("Skill"), self.skill),
            (tr("Minimum level"), self.min_level),
            (tr("Needed"), self.needed_fte),
            (tr("Criticality"), self.criticality),
            hint,
            self.buttons,
            parent=self,
        )
        self.skill.currentIndexChanged.connect(self._validate)
        self._validate()
        ready_dialog(self, width=440)

    def _build_fields(self, level_names: Sequence[str]) -> None:
        """The minimum level (working, by default), the FTE needed (one) and the criticality (medium)."""
        self.min_level = QComboBox(self)
        for level in range(1, 5):
            self.min_level.addItem(level_text(level, level_names), level)
        self.min_level.setCurrentIndex(self.min_level.findData(3))
        self.needed_fte = fte_spin_box(self, minimum=0.05, maximum=50.0, step=0.1, value=1.0)
        self.criticality = QComboBox(self)
        for criticality in CRITICALITY_ORDER:
            self.criticality.addItem(criticality_label(criticality.value), criticality.value)
        self.criticality.setCurrentIndex(self.criticality.findData("medium"))

    def skill_id(self) -> int | None:
        value = self.skill.currentData(Qt.ItemDataRole.UserRole)
        return int(value) if value is not None else None

    def select_skill(self, skill_id: int) -> None:
        self.skill.setCurrentIndex(self.skill.findData(skill_id, Qt.ItemDataRole.UserRole))

    def _validate(self) -> None:
        ok_button(self.buttons).setEnabled(self.skill_id() is not None)

    def values(self) -> dict[str, Any]:
        skill_id = self.skill_id()
        return {
            "skill_id": skill_id,
            "skill": self._names.get(skill_id, "") if skill_id is not None else "",
            "min_level": int(self.min_level.currentData()),
            "needed_fte": round(self.needed_fte.value(), 2),
            "criticality": str(self.criticality.currentData()),
        }


def default_allocation(candidate: Candidate, gap_fte: float) -> float:
    """What the candidate is offered: the smaller of their free time and the gap, else a modest share."""
    proposal = min(candidate.free_capacity, gap_fte)
    if proposal <= FTE_EPSILON:
        proposal = candidate.free_capacity if candidate.free_capacity > FTE_EPSILON else 0.1
    return round(min(max(proposal, 0.05), 1.0), 2)


class AddMemberDialog(QDialog):
    """Put a candidate on the project: their allocation (offered: free time or the gap) and an optional role."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        candidate: Candidate,
        project: str,
        skill: str,
        gap_fte: float,
        level_names: Sequence[str] = DEFAULT_LEVEL_NAMES,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("addMemberDialog")
        self.setWindowTitle(tr("Add {name} to {project}").format(name=candidate.name, project=project))
        self._candidate = candidate
        about = QLabel(
            tr("{name} ({department}) is at {level} in {skill} and has {free:.2f} FTE free.").format(
                name=candidate.name,
                department=candidate.department or tr("no department"),
                level=level_text(candidate.level, level_names),
                skill=skill,
                free=candidate.free_capacity,
            ),
            self,
        )
        about.setWordWrap(True)
        self.allocation = fte_spin_box(
            self, minimum=0.05, maximum=1.0, step=0.05, value=default_allocation(candidate, gap_fte)
        )
        self.allocation.setObjectName("allocation")
        self.role = text_field(self, tr("Optional, e.g. {skill} specialist").format(skill=skill), name="role")
        self.warning = problem_label(self, lines=2)  # room from the start: the dialog does not grow for it
        self.buttons = ok_cancel(self, tr("Add to project"))
        form_rows(
            about, (tr("Allocation"), self.allocation), (tr("Role"), self.role), self.warning, self.buttons, parent=self
        )
        self.allocation.valueChanged.connect(self._check)
        self._check()
        ready_dialog(self, width=460)

    def _check(self) -> None:
        over = self.allocation.value() - self._candidate.free_capacity
        self.warning.setText(
            tr("That is {over:.2f} FTE more than {name} has free: they would be booked over their capacity.").format(
                over=over, name=self._candidate.name
            )
            if over > FTE_EPSILON
            else ""
        )

    def values(self) -> dict[str, Any]:
        return {"allocation": round(self.allocation.value(), 2), "role": self.role.text().strip()}
