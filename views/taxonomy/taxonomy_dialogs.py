"""Dialogs of the taxonomy page: add an area, add a skill, merge one skill into another.

The add dialogs stay open while the change is written (``submitted`` →
the page runs the service → ``saved()`` or ``refused(sentence)``), so a name
the database refuses, such as a duplicate, is corrected in place. The merge
dialog shows what will move before anything is written: a merge cannot be
undone.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.queries.people import AreaRow, SkillRow
from views.counting import counted
from views.dialogs import ready_dialog
from views.form_layout import form_rows, mark_danger, ok_button, ok_cancel, problem_label, text_field
from views.labels import tr
from views.submit_dialog import SubmitFlow


class SubmitDialog(SubmitFlow, QDialog):
    """A form that hands its values over on OK and closes only when they were saved (``views.submit_dialog``)."""

    submitted = Signal(object)  # dict[str, Any]

    def __init__(self, parent: QWidget | None, *, title: str, ok_text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = form_rows(grow=True)
        self.problem = problem_label(self)
        self.buttons = ok_cancel(self, ok_text)
        self.ok_button = ok_button(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        ready_dialog(self)  # the buttons were made before the fields: without it, Cancel had the focus

    def problem_text(self) -> str:
        """Why the form cannot be saved yet ("" when it can)."""
        return ""

    def validate(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem)
        self.ok_button.setEnabled(not problem)

    def accept(self) -> None:
        if self.problem_text():
            self.validate()
            return
        self.submit()


class AreaDialog(SubmitDialog):
    """A new skill area (discipline)."""

    def __init__(self, parent: QWidget | None = None, *, taken_names: set[str] | None = None) -> None:
        super().__init__(parent, title=tr("Add skill area"), ok_text=tr("Add"))
        self._taken = {name.casefold() for name in taken_names or set()}
        self.name = text_field(self, tr("e.g. Product design"))
        self.core = QCheckBox(tr("Core MLOps discipline (counts in every team's discipline mix)"), self)
        self.form.addRow(tr("Name"), self.name)
        self.form.addRow("", self.core)
        self.name.textChanged.connect(lambda _text: self.validate())
        self.ok_button.setEnabled(False)
        self.resize(460, self.sizeHint().height())

    def problem_text(self) -> str:
        name = self.name.text().strip()
        if not name:
            return " "  # nothing typed yet: not an error to call out, but nothing to add
        if name.casefold() in self._taken:
            return tr("A skill area with this name already exists.")
        return ""

    def values(self) -> dict[str, Any]:
        return {"name": self.name.text().strip(), "core_discipline": self.core.isChecked()}


class SkillDialog(SubmitDialog):
    """A new skill in one of the current areas."""

    def __init__(
        self, parent: QWidget | None = None, *, areas: tuple[AreaRow, ...], area_id: int | None = None
    ) -> None:
        super().__init__(parent, title=tr("Add skill"), ok_text=tr("Add"))
        self._areas = {area.id: area for area in areas if not area.retired}
        self.area = QComboBox(self)
        for area in self._areas.values():
            self.area.addItem(area.name, area.id)
        if area_id is not None and self.area.findData(area_id) >= 0:
            self.area.setCurrentIndex(self.area.findData(area_id))
        self.name = text_field(self, tr("e.g. Red teaming of LLMs"))
        self.description = QPlainTextEdit(self)
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText(tr("What someone with this skill can do (optional)"))
        self.description.setFixedHeight(64)
        self.form.addRow(tr("Area"), self.area)
        self.form.addRow(tr("Name"), self.name)
        self.form.addRow(tr("Description"), self.description)
        self.name.textChanged.connect(lambda _text: self.validate())
        self.area.currentIndexChanged.connect(lambda _index: self.validate())
        self.ok_button.setEnabled(False)
        # The area comes chosen (the selected one): the name is to type.
        ready_dialog(self, first=self.name, width=460)

    def problem_text(self) -> str:
        name = self.name.text().strip()
        area = self._areas.get(self.area.currentData())
        if area is None:
            return tr("Add a skill area first.")
        if not name:
            return " "
        if name.casefold() in {skill.name.casefold() for skill in area.skills}:
            return tr("{area} already has a skill with that name.").format(area=area.name)
        return ""

    def values(self) -> dict[str, Any]:
        return {
            "area_id": self.area.currentData(),
            "name": self.name.text().strip(),
            "description": self.description.toPlainText().strip(),
        }


class MergeSkillDialog(SubmitDialog):
    """Pick the skill that ``source`` merges into, seeing what moves and that it cannot be undone."""

    def __init__(self, parent: QWidget | None = None, *, source: SkillRow, areas: tuple[AreaRow, ...]) -> None:
        super().__init__(parent, title=tr("Merge {skill}").format(skill=source.name), ok_text=tr("Merge"))
        self.setObjectName("mergeSkillDialog")
        self.source = source
        self.target = QComboBox(self)
        self.target.setMinimumContentsLength(36)
        self._targets: dict[int, SkillRow] = {}
        source_area = next((area for area in areas if area.id == source.area_id), None)
        # The source's own area first: merging a duplicate is the common case.
        ordered = sorted(areas, key=lambda area: area.id != source.area_id)
        for area in ordered:
            if area.retired:
                continue
            for skill in area.skills:
                if skill.id != source.id and not skill.retired:
                    self._targets[skill.id] = skill
                    self.target.addItem(f"{area.name} › {skill.name}", skill.id)
        self.target.setCurrentIndex(-1)
        self.effect = QLabel("", self)
        self.effect.setObjectName("mergeEffect")
        self.effect.setWordWrap(True)
        self.effect.setMinimumWidth(440)
        self.warning = QLabel(tr("A merge cannot be undone."), self)
        self.warning.setObjectName("irreversibleWarning")
        source_label = QLabel(f"{source_area.name} › {source.name}" if source_area else source.name, self)
        self.form.addRow(tr("Merge"), source_label)
        self.form.addRow(tr("into"), self.target)
        self.form.addRow(self.effect)
        self.form.addRow(self.warning)
        mark_danger(self.ok_button)
        # A merge cannot be undone: Enter presses Cancel, never Merge.
        ready_dialog(self, default=self.buttons.button(QDialogButtonBox.StandardButton.Cancel))
        self.target.currentIndexChanged.connect(lambda _index: self.validate())
        self.validate()
        self.resize(520, self.sizeHint().height())

    def chosen(self) -> SkillRow | None:
        return self._targets.get(self.target.currentData())

    def effect_text(self) -> str:
        source = self.source
        moving = tr("{assessments} ({people}), {requirements} and {certifications}").format(
            assessments=counted(source.assessments, "{count} assessment", "{count} assessments"),
            people=counted(source.people_assessed, "{count} person", "{count} people"),
            requirements=counted(
                source.projects_requiring, "{count} project requirement", "{count} project requirements"
            ),
            certifications=counted(source.certifications, "{count} certification", "{count} certifications"),
        )
        target = self.chosen()
        if target is None:
            return tr("{moving} of {skill} will move to the skill you pick.").format(moving=moving, skill=source.name)
        return tr(
            "{moving} move from {source} to {target}; {source} is then retired. Where a project requires "
            "both skills it keeps the stricter requirement."
        ).format(moving=moving, source=source.name, target=target.name)

    def problem_text(self) -> str:
        if not self._targets:
            return tr("There is no other current skill to merge into.")
        return " " if self.chosen() is None else ""

    def validate(self) -> None:
        super().validate()
        self.effect.setText(self.effect_text())
        # The sentence grows with the names picked; the dialog grows with it rather than clip it.
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def values(self) -> dict[str, Any]:
        target = self.chosen()
        return {"source_id": self.source.id, "target_id": target.id if target else None}
