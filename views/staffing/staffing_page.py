"""A project's staffing: its skill requirements against its team, and who could close the gaps.

The page shows one project (``show_project``). The analysis
(``app.analysis.staffing``) runs as an ``Operation`` on the worker and its
result comes back to the GUI thread whole; ``ProjectPage`` (``views.project_page``)
says when: while the page is shown, one load at a time, after a change that
concerns the project. Every edit (a requirement's level, FTE or criticality;
adding or removing a requirement; adding a candidate to the team) is a service
call through ``run_edit``, so it is undoable, and the change hub's signal brings
the fresh analysis back.

What is on the page, top to bottom: headline numbers with the actions (add,
remove, export); the requirements table; then, for the selected requirement,
the members who cover it, the members one level short (training candidates) and
the people outside the team who qualify (internal candidates, with "Add to
project…"), beside the team's discipline mix and shape distribution.

Beside it, by what the user sees: the requirements table with its in-place
editors (``requirements_section``, ``editors``), the selected requirement's
people (``requirement_people``), the team's disciplines and shapes
(``team_summary``, drawn by ``charts``), and the two dialogs (``dialogs``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QWidget,
)

from app.services.change import Action, Entity
from views.context import AppContext
from views.counting import counted
from views.full_text import show_full_text
from views.labels import tr
from views.layouts import named_label, side_by_side, split_vertically, top_to_bottom
from views.palette import ALERT, coloured
from views.project_page import ProjectPage
from views.report_export import ReportExporter, ReportJob, dated_report_name
from views.staffing.dialogs import AddMemberDialog, AddRequirementDialog, SkillChoice
from views.staffing.records_model import DEFAULT_LEVEL_NAMES
from views.staffing.relevance import STAFFING_ENTITIES
from views.staffing.requirement_people import RequirementPeople
from views.staffing.requirements_model import FTE_EPSILON, key_person_risks_text
from views.staffing.requirements_section import RequirementsSection
from views.staffing.team_summary import TeamSummary
from views.undo import add_undone_by

if TYPE_CHECKING:
    from app.analysis.staffing import Candidate, ProjectStaffing, RequirementGap
    from app.db.database import Database
    from app.services.change import Change

# What a change to these entities can alter on the page (levels, teams, requirements, thresholds, names).
RELEVANT_ENTITIES = STAFFING_ENTITIES


# --- loading (worker thread) ---------------------------------------------------------------


class StaffingData(NamedTuple):
    """Everything the page shows, computed on the worker in one go."""

    staffing: ProjectStaffing
    level_names: tuple[str, ...]
    skills: tuple[SkillChoice, ...]  # the live taxonomy, by area position then name


def load_staffing(database: Database, project_id: int) -> StaffingData:
    """The project's staffing analysis, the level labels and the skills one may require (worker thread)."""
    from app.analysis.skills import load_matrix
    from app.analysis.staffing import analyse_project, load_staffing_frame
    from app.queries.skills import level_descriptors
    from app.settings import load_staffing_settings

    reader = database.reader()
    settings = load_staffing_settings(reader)
    snapshot = load_matrix(reader, thresholds=settings.shapes)
    staffing = analyse_project(snapshot, load_staffing_frame(reader), project_id)
    skills = tuple(
        SkillChoice(int(skill_id), name, snapshot.area_names[int(area)])
        for skill_id, name, area in zip(
            snapshot.skill_ids, snapshot.skill_names, snapshot.skill_area_index, strict=True
        )
    )
    level_names = tuple(descriptor.label for descriptor in level_descriptors(reader))
    return StaffingData(staffing=staffing, level_names=level_names or DEFAULT_LEVEL_NAMES, skills=skills)


# --- the page --------------------------------------------------------------------------------


class StaffingPage(ProjectPage):
    """One project's staffing. ``status_message`` carries a line for the window's status bar."""

    relevant_entities = RELEVANT_ENTITIES

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent, message_name="staffingMessage", loading_text=tr("Analysing…"))
        self.setObjectName("staffingPage")
        self._data: StaffingData | None = None
        # A requirement just added, to select once the analysis shows it.
        self._select_after_load: int | None = None
        toolbar = self._build_toolbar()
        self.requirements_box = RequirementsSection(self)
        self.people_box = RequirementPeople(self)
        self.team_box = TeamSummary(self)
        self._name_section_parts()
        lower = QWidget(self)
        side_by_side((self.people_box, 1), self.team_box, owner=lower)
        self.splitter = split_vertically(self, self.requirements_box, lower, shares=(1, 0))
        top_to_bottom(self, toolbar, (self.splitter, 1), self._status_row(), margin=4)
        self.exporter = ReportExporter(context, self)
        self.exporter.busy.connect(lambda busy: self.export_button.setEnabled(not busy and self._data is not None))
        self.exporter.finished.connect(self._say)
        self._connect()
        show_full_text(self)  # every cut text (cells, titles, pick lists) readable whole in its tooltip
        self._show_nothing()

    def _build_toolbar(self) -> QHBoxLayout:
        """The headline numbers, then the actions: add, remove, and the export with its pseudonymising."""
        self.summary = named_label(self, "staffingSummary", rich=True)
        self.add_button = QPushButton(tr("Add requirement…"), self)
        self.add_button.setObjectName("addRequirement")
        self.remove_button = QPushButton(tr("Remove requirement"), self)
        self.remove_button.setObjectName("removeRequirement")
        self.pseudonymise = QCheckBox(tr("Pseudonymise names"), self)
        self.pseudonymise.setToolTip(tr("Replace people's names with stable codes, for wider circulation."))
        self.export_button = QPushButton(tr("Export gap report…"), self)
        self.export_button.setObjectName("exportGapReport")
        divider = QFrame(self)
        divider.setFrameShape(QFrame.Shape.VLine)
        divider.setObjectName("toolbarDivider")
        return side_by_side(
            (self.summary, 1), self.add_button, self.remove_button, divider, self.pseudonymise, self.export_button
        )

    def _name_section_parts(self) -> None:
        """The sections' parts under the names the page has always given them."""
        requirements = self.requirements_box
        self.requirements_model, self.requirements_proxy = requirements.model, requirements.proxy
        self.requirements, self.requirement_selection = requirements.table, requirements.selection
        self.requirements_columns, self.remove_action = requirements.columns, requirements.remove_action
        self.requirements_stack, self.empty_requirements = requirements.stack, requirements.empty
        self.empty_text, self.empty_add_button = requirements.empty.text, requirements.empty_add_button
        people = self.people_box
        self.covering_model, self.training_model, self.candidates_model = (
            people.covering_model,
            people.training_model,
            people.candidates_model,
        )
        self.covering, self.training, self.candidates = people.covering, people.training, people.candidates
        self.add_candidate_button, self.add_candidate_action = people.add_candidate_button, people.add_candidate_action
        self.detail_title, self.detail_empty = people.detail_title, people.detail_empty
        self.detail_stack = people.detail_stack
        self.discipline_mix, self.shapes = self.team_box.discipline_mix, self.team_box.shapes

    def _connect(self) -> None:
        self.add_button.clicked.connect(self.add_requirement)
        self.empty_add_button.clicked.connect(self.add_requirement)
        self.remove_button.clicked.connect(self.remove_requirement)
        self.remove_action.triggered.connect(self.remove_requirement)
        self.export_button.clicked.connect(self.export)
        self.add_candidate_button.clicked.connect(self.add_selected_candidate)
        self.add_candidate_action.triggered.connect(self.add_selected_candidate)
        self.candidates.table.doubleClicked.connect(lambda _index: self.add_selected_candidate())
        # The buttons act on the selected rows only, and are re-read whenever those may have changed.
        self.candidates.selection.changed.connect(self._update_actions)
        self.requirement_selection.changed.connect(self._update_actions)
        self.requirements.selectionModel().selectionChanged.connect(self._requirement_selected)
        self.requirements_model.edit_requested.connect(self._edit_requirement)

    # --- reading -------------------------------------------------------------------
    def staffing(self) -> ProjectStaffing | None:
        return self._data.staffing if self._data is not None else None

    # --- loading and following changes (the hooks of ProjectPage) ----------------------
    def _loader(self, project_id: int) -> Callable[[], StaffingData]:
        database = self.context.database
        return lambda: load_staffing(database, project_id)

    def _concerns_another_project(self, change: Change) -> bool:
        # A requirement, or a project's profile, of another project does not change this page; a
        # membership does (a candidate's free capacity counts their allocations on every project).
        details = change.details or {}
        if change.entity is Entity.SKILL_REQUIREMENT and details.get("project_id") not in (None, self._project_id):
            return True
        return (
            change.entity is Entity.PROJECT and change.action is Action.UPDATED and self._project_id not in change.ids
        )

    # --- showing -------------------------------------------------------------------
    def _show_nothing(self) -> None:
        self.summary.setText("")
        self.requirements_box.clear()
        self.team_box.clear()
        self._show_detail(None)
        self._update_actions()

    def _show(self, data: StaffingData) -> None:
        selected = self.selected_requirement()
        wanted = (
            self._select_after_load
            if self._select_after_load is not None
            else (selected.requirement_id if selected is not None else None)
        )
        self._select_after_load = None
        staffing = data.staffing
        self.requirements_box.show_requirements(staffing.requirements, data.level_names)
        self._show_summary(staffing)
        self.team_box.show_team(staffing)
        if wanted is not None:
            # The requirement selected before, if it is still there: when it went (removed), nothing is
            # selected rather than a neighbour the user did not choose.
            self.select_requirement(wanted)
        elif staffing.requirements:
            self.requirements.selectRow(0)
        self._requirement_selected()

    def _show_summary(self, staffing: ProjectStaffing) -> None:
        requirements = staffing.requirements
        if not requirements:
            self.summary.setText(tr("<b>No requirements</b> yet for {project}.").format(project=staffing.project_name))
            return
        short = sum(1 for gap in requirements if gap.gap_fte > FTE_EPSILON)
        risks = sum(1 for gap in requirements if gap.key_person_risk)
        parts = [counted(len(requirements), "<b>{count}</b> requirement", "<b>{count}</b> requirements")]
        if short:
            parts.append(
                coloured(
                    tr("<b>{short}</b> short by <b>{fte:.2f} FTE</b>").format(short=short, fte=staffing.total_gap_fte),
                    ALERT,
                )
            )
        else:
            parts.append(tr("all covered") if len(requirements) > 1 else tr("covered"))
        if risks:
            parts.append(key_person_risks_text(risks))
        self.summary.setText(" · ".join(parts))

    def selected_requirement(self) -> RequirementGap | None:
        return self.requirements_box.selected()

    def select_requirement(self, requirement_id: int) -> bool:
        return self.requirements_box.select(requirement_id)

    def _requirement_selected(self) -> None:
        self._show_detail(self.selected_requirement())
        self._update_actions()

    def _show_detail(self, gap: RequirementGap | None) -> None:
        data = self._data
        self.people_box.show_gap(
            gap,
            level_names=data.level_names if data is not None else DEFAULT_LEVEL_NAMES,
            none_to_select=data is not None and not data.staffing.requirements,
        )

    def _update_actions(self) -> None:
        loaded = self._data is not None
        selected = self.selected_requirement() is not None
        self.add_button.setEnabled(loaded)
        self.empty_add_button.setEnabled(loaded)
        self.remove_button.setEnabled(loaded and selected)
        self.remove_action.setEnabled(loaded and selected)
        self.export_button.setEnabled(loaded)
        self.pseudonymise.setEnabled(loaded)
        has_candidate = self.candidates.selected_record() is not None
        self.add_candidate_button.setEnabled(has_candidate)
        self.add_candidate_action.setEnabled(has_candidate)

    # --- editing requirements ------------------------------------------------------
    def _edit_requirement(self, requirement_id: int, field: str, before: Any, after: Any) -> None:
        from app.services import staffing as staffing_services

        database = self.context.database
        row = self.requirements_model.row_of(requirement_id)
        skill = self.requirements_model.requirements()[row].skill if row >= 0 else tr("requirement")
        what = {"min_level": tr("minimum level"), "needed_fte": tr("needed FTE"), "criticality": tr("criticality")}[
            field
        ]
        self._run(
            tr("Change {what} of {skill}").format(what=what, skill=skill),
            do=lambda: staffing_services.update_requirement(database, requirement_id, **{field: after}),
            undo=lambda: staffing_services.update_requirement(database, requirement_id, **{field: before}),
        )

    def add_requirement(self) -> None:
        """Ask for a new requirement in a dialog; adding it is undoable."""
        if self._data is None:
            return
        required = {gap.skill_id for gap in self._data.staffing.requirements}
        dialog = AddRequirementDialog(
            self, skills=self._data.skills, required=required, level_names=self._data.level_names
        )
        dialog.accepted.connect(lambda: self.add_requirement_with(dialog.values()))
        self._open(dialog)

    def add_requirement_with(self, values: dict[str, Any]) -> None:
        from app.services import staffing as staffing_services

        if self._project_id is None or values.get("skill_id") is None:
            return
        database = self.context.database
        project_id = self._project_id
        skill_id = int(values["skill_id"])
        fields = {key: values[key] for key in ("min_level", "needed_fte", "criticality")}
        add, remove_again = add_undone_by(
            lambda: staffing_services.add_requirement(database, project_id, skill_id, **fields),
            lambda requirement_id: staffing_services.remove_requirement(database, requirement_id),
        )

        def select_it(change: Change) -> None:
            self._select_after_load = change.ids[0]

        self._run(
            tr("Add requirement {skill}").format(skill=values.get("skill") or skill_id),
            do=add,
            undo=remove_again,
            on_success=select_it,
        )

    def remove_requirement(self) -> None:
        """Remove the selected requirement (undo adds it back with the same values)."""
        from app.services import staffing as staffing_services

        gap = self.selected_requirement()
        if gap is None or self._project_id is None:
            return
        database = self.context.database
        project_id = self._project_id
        current = {"id": gap.requirement_id}

        def remove() -> Change:
            return staffing_services.remove_requirement(database, current["id"])

        def add_back() -> Change:
            change = staffing_services.add_requirement(
                database,
                project_id,
                gap.skill_id,
                min_level=gap.min_level,
                needed_fte=gap.needed_fte,
                criticality=gap.criticality,
            )
            current["id"] = change.ids[0]
            return change

        self._run(tr("Remove requirement {skill}").format(skill=gap.skill), do=remove, undo=add_back)

    # --- adding people -------------------------------------------------------------
    def add_selected_candidate(self) -> None:
        """Offer to put the selected internal candidate on the project."""
        candidate = self.candidates.selected_record()
        gap = self.selected_requirement()
        if candidate is None or gap is None or self._data is None:
            return
        dialog = AddMemberDialog(
            self,
            candidate=candidate,
            project=self._data.staffing.project_name,
            skill=gap.skill,
            gap_fte=gap.gap_fte,
            level_names=self._data.level_names,
        )
        dialog.accepted.connect(lambda: self.add_member(candidate, **dialog.values()))
        self._open(dialog)

    def add_member(self, candidate: Candidate, *, allocation: float, role: str = "") -> None:
        """Make ``candidate`` a member (undo removes the membership again)."""
        from app.services import projects as project_services

        if self._project_id is None or self._data is None:
            return
        database = self.context.database
        project_id = self._project_id
        add, remove_again = add_undone_by(
            lambda: project_services.add_member(
                database, project_id, candidate.person_id, role=role, allocation=allocation
            ),
            lambda member_id: project_services.remove_member(database, member_id),
        )

        project = self._data.staffing.project_name
        self._run(
            tr("Add {name} to {project}").format(name=candidate.name, project=project),
            do=add,
            undo=remove_again,
            on_success=lambda _change: self._say(
                tr("{name} joined {project} at {allocation:.2f} FTE.").format(
                    name=candidate.name, project=project, allocation=allocation
                )
            ),
        )

    # --- export ----------------------------------------------------------------------
    def gap_report(self, *, pseudonymise: bool) -> ReportJob | None:
        """The project's gap report as the exporter writes it; None before the analysis is in."""
        if self._data is None:
            return None
        from app.reports.gaps import write_gap_report

        database = self.context.database
        project = self._data.staffing.project_name
        return ReportJob(
            title=tr("Export gap report"),
            suggested_name=dated_report_name(project, "staffing-gaps", fallback="project"),
            write=lambda path: write_gap_report(database, project, path, pseudonymise=pseudonymise),
            written=lambda path: tr("Gap report for {project} written to {path}.").format(project=project, path=path),
            what=f"gap report of {project}",
        )

    def export(self) -> None:
        """Ask where to write the gap report (its format follows the extension)."""
        job = self.gap_report(pseudonymise=self.pseudonymise.isChecked())
        if job is not None:
            self.exporter.ask_and_write(job)

    def export_report(self, path: Path, *, pseudonymise: bool = False) -> None:
        """Write the gap report to ``path`` on the worker; a ``UserError`` shows as a message."""
        job = self.gap_report(pseudonymise=pseudonymise)
        if job is not None:
            self.exporter.write(job, path)
