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

Beside it, by concept: the painted charts (``charts``), the requirements
table's in-place editors (``editors``), the two dialogs (``dialogs``) and the
column fitting it shares with the organisation's gaps page (``columns``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from html import escape as _escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from views.context import AppContext
from views.counting import counted
from views.full_text import show_full_text
from views.labels import SHAPES, shape_label, tr
from views.project_page import ProjectPage
from views.roles import SortRole
from views.selection import SelectionFollower
from views.staffing.charts import BarChart, BarRow, DisciplineMix
from views.staffing.dialogs import AddMemberDialog, AddRequirementDialog, SkillChoice
from views.staffing.editors import RequirementDelegate
from views.staffing.people_model import (
    CANDIDATE_NAME,
    DEPARTMENT,
    MEMBER_ALLOCATION,
    MEMBER_LEVEL,
    MEMBER_NAME,
    RANK,
    CandidatesModel,
    MembersLevelModel,
)
from views.staffing.records_model import DEFAULT_LEVEL_NAMES
from views.staffing.requirements_model import (
    AREA,
    FTE_EPSILON,
    GAP,
    KEY_PERSON,
    SKILL,
    RequirementsModel,
    level_text,
)
from views.tables import ColumnFitter, read_only_table
from views.worker import Operation

if TYPE_CHECKING:
    from app.analysis.staffing import Candidate, ProjectStaffing, RequirementGap
    from app.db.database import Database
    from app.services.unit import Change

log = logging.getLogger("steward.staffing")

# What a change to these entities can alter on the page (levels, teams, requirements, thresholds, names).
RELEVANT_ENTITIES = (
    "membership",
    "requirement",
    "assessment",
    "person",
    "project",
    "setting",
    "skill",
    "area",
    "taxonomy",
    "level",
    "demo",
    "import",
)


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


def requirement_sentence(gap: RequirementGap, level_names: Sequence[str]) -> str:
    """The selected requirement in one sentence, each fact said once: what it needs, what covers it, what is short."""
    what = tr("<b>{skill}</b> at {level} or above").format(
        skill=_escape(gap.skill), level=level_text(gap.min_level, level_names)
    )
    if gap.gap_fte <= FTE_EPSILON:
        return tr("{what}: covered, with {covered:.2f} FTE for the {needed:.2f} FTE needed.").format(
            what=what, covered=gap.covered_fte, needed=gap.needed_fte
        )
    short = tr("<span style='color:#a1251b'><b>{gap:.2f} FTE short</b></span>").format(gap=gap.gap_fte)
    if gap.covered_fte <= FTE_EPSILON:
        return tr("{what}: nobody on the team yet for the {needed:.2f} FTE needed, {short}.").format(
            what=what, needed=gap.needed_fte, short=short
        )
    return tr("{what}: {covered:.2f} FTE for the {needed:.2f} FTE needed, {short}.").format(
        what=what, covered=gap.covered_fte, needed=gap.needed_fte, short=short
    )


def _proxy(model: QAbstractItemModel, parent: QWidget) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    return proxy


class PeopleList(QWidget):
    """A caption, a table of people, and a sentence in its place when there is nobody to list."""

    def __init__(
        self,
        caption: str,
        model: QAbstractItemModel,
        *,
        name: str,
        empty_text: str,
        roomy: int,
        tight: int | tuple[int, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.caption = QLabel(caption, self)
        self.caption.setObjectName("listCaption")
        self.model = model
        self.proxy = _proxy(model, self)
        self.table = read_only_table(self, self.proxy, name=name, sortable=True)
        self.selection = SelectionFollower(self.table)
        self.columns = ColumnFitter(self.table, roomy=roomy, tight=tight)
        self.empty = QLabel(empty_text, self)
        self.empty.setObjectName("listEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.footer = QHBoxLayout()
        self.footer.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.caption)
        layout.addWidget(self.stack, 1)
        layout.addLayout(self.footer)
        model.modelReset.connect(self._update)
        self._update()

    def set_empty_text(self, text: str) -> None:
        self.empty.setText(text)

    def _update(self) -> None:
        self.stack.setCurrentWidget(self.table if self.model.rowCount() else self.empty)
        self.columns.measure()

    def selected_record(self) -> Any:
        """The selected row's record: never one the current index merely moved to."""
        return self.selection.selected()


class StaffingPage(ProjectPage):
    """One project's staffing. ``status_message`` carries a line for the window's status bar."""

    relevant_entities = RELEVANT_ENTITIES

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent, message_name="staffingMessage", loading_text=tr("Analysing…"))
        self.setObjectName("staffingPage")
        self._data: StaffingData | None = None
        # A requirement just added, to select once the analysis shows it.
        self._select_after_load: int | None = None

        # Headline and actions.
        self.summary = QLabel("", self)
        self.summary.setObjectName("staffingSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        # Wraps rather than holding the page (and the window's sidebar) to the width of one line.
        self.summary.setWordWrap(True)
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
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.remove_button)
        top.addWidget(divider)
        top.addWidget(self.pseudonymise)
        top.addWidget(self.export_button)

        # Requirements, or what to do when there are none.
        self.requirements_model = RequirementsModel(self)
        self.requirements_proxy = _proxy(self.requirements_model, self)
        self.requirements = read_only_table(self, self.requirements_proxy, name="requirementsTable", sortable=True)
        # Read-only but for the cells its delegate edits in place.
        self.requirements.setItemDelegate(RequirementDelegate(self.requirements_model, self.requirements))
        self.requirements.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.requirements.sortByColumn(GAP, Qt.SortOrder.DescendingOrder)
        self.requirement_selection = SelectionFollower(self.requirements)
        # The area gives way first on a narrow page: the skill's name mostly implies it.
        self.requirements_columns = ColumnFitter(self.requirements, roomy=KEY_PERSON, tight=AREA)
        self.remove_action = QAction(tr("Remove requirement"), self.requirements)
        self.remove_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.requirements.addAction(self.remove_action)
        self.requirements.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.empty_requirements = QWidget(self)
        self.empty_requirements.setObjectName("staffingEmpty")
        empty_title = QLabel(tr("No skill requirements yet"), self.empty_requirements)
        empty_title.setObjectName("emptyTitle")
        self.empty_text = QLabel(
            tr(
                "Add the skills this project needs, with the minimum level and how many FTE, and Steward shows "
                "who on the team covers each one, where the gaps are and who in the organisation could fill them."
            ),
            self.empty_requirements,
        )
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text.setFixedWidth(460)
        self.empty_add_button = QPushButton(tr("Add the first requirement…"), self.empty_requirements)
        empty_layout = QVBoxLayout(self.empty_requirements)
        empty_layout.addStretch(1)
        empty_layout.addWidget(empty_title, 0, Qt.AlignmentFlag.AlignHCenter)
        # Centred by stretches, not by an alignment flag: an aligned item is given its one-line
        # size hint, and a wrapped text would be cut to its first line.
        empty_text_row = QHBoxLayout()
        empty_text_row.addStretch(1)
        empty_text_row.addWidget(self.empty_text)
        empty_text_row.addStretch(1)
        empty_layout.addLayout(empty_text_row)
        empty_layout.addWidget(self.empty_add_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)
        self.requirements_stack = QStackedWidget(self)
        self.requirements_stack.addWidget(self.requirements)
        self.requirements_stack.addWidget(self.empty_requirements)
        requirements_box = QGroupBox(tr("Skill requirements"), self)
        requirements_layout = QVBoxLayout(requirements_box)
        requirements_layout.addWidget(self.requirements_stack)

        # The selected requirement's people.
        self.covering_model = MembersLevelModel(self)
        self.training_model = MembersLevelModel(self)
        self.candidates_model = CandidatesModel(self)
        # Spare width goes to the names (the department for candidates); on a narrow page the level,
        # or the department, is cut short first.
        self.covering = PeopleList(
            tr("Covered by"),
            self.covering_model,
            name="coveringTable",
            empty_text=tr("Nobody on the team is at the minimum level yet."),
            roomy=MEMBER_NAME,
            tight=MEMBER_LEVEL,
            parent=self,
        )
        self.training = PeopleList(
            tr("Training candidates (one level short)"),
            self.training_model,
            name="trainingTable",
            empty_text=tr("No member is one level short."),
            roomy=MEMBER_NAME,
            tight=MEMBER_LEVEL,
            parent=self,
        )
        self.candidates = PeopleList(
            tr("Internal candidates"),
            self.candidates_model,
            name="candidatesTable",
            empty_text=tr("Nobody outside the team qualifies: train someone or hire."),
            roomy=DEPARTMENT,
            tight=(DEPARTMENT, CANDIDATE_NAME),
            parent=self,
        )
        self.covering.table.sortByColumn(MEMBER_ALLOCATION, Qt.SortOrder.DescendingOrder)
        self.training.table.sortByColumn(MEMBER_ALLOCATION, Qt.SortOrder.DescendingOrder)
        self.candidates.table.sortByColumn(RANK, Qt.SortOrder.AscendingOrder)
        self.add_candidate_button = QPushButton(tr("Add to project…"), self)
        self.add_candidate_button.setObjectName("addCandidate")
        self.add_candidate_button.setToolTip(tr("Put the selected candidate on this project's team."))
        self.candidates.caption.setToolTip(
            tr(
                "People outside the team at or above the minimum level, ranked by "
                "level, then by free capacity across all their projects."
            )
        )
        self.candidates.footer.addStretch(1)
        self.candidates.footer.addWidget(self.add_candidate_button)
        self.add_candidate_action = QAction(tr("Add to project…"), self.candidates.table)
        self.candidates.table.addAction(self.add_candidate_action)
        self.candidates.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.training.caption.setToolTip(tr("Already on the team: a course or mentoring would close the gap."))

        self.detail_title = QLabel("", self)
        self.detail_title.setObjectName("detailTitle")
        self.detail_title.setTextFormat(Qt.TextFormat.RichText)
        self.detail_title.setWordWrap(True)
        team_lists = QVBoxLayout()
        team_lists.setSpacing(8)
        team_lists.addWidget(self.covering, 1)
        team_lists.addWidget(self.training, 1)
        lists = QHBoxLayout()
        lists.setSpacing(12)
        team_lists_widget = QWidget(self)
        team_lists_widget.setLayout(team_lists)
        team_lists.setContentsMargins(0, 0, 0, 0)
        team_lists_widget.setMinimumWidth(250)
        lists.addWidget(team_lists_widget, 2)
        lists.addWidget(self.candidates, 3)
        detail_content = QWidget(self)
        detail_content_layout = QVBoxLayout(detail_content)
        detail_content_layout.setContentsMargins(0, 0, 0, 0)
        detail_content_layout.addWidget(self.detail_title)
        detail_content_layout.addLayout(lists, 1)
        self.detail_empty = QLabel(
            tr(
                "Select a requirement to see who covers it, who is one level short and who "
                "else in the organisation qualifies."
            ),
            self,
        )
        self.detail_empty.setObjectName("listEmpty")
        self.detail_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_empty.setWordWrap(True)
        self.detail_stack = QStackedWidget(self)
        self.detail_stack.addWidget(detail_content)
        self.detail_stack.addWidget(self.detail_empty)
        detail_box = QGroupBox(tr("People for the selected requirement"), self)
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.addWidget(self.detail_stack)

        # The team as a whole: its disciplines and its shapes.
        self.discipline_mix = DisciplineMix(self)
        self.shapes = BarChart(self, rows_expected=len(SHAPES))
        self.shapes.setObjectName("shapeChart")
        team_box = QGroupBox(tr("The team"), self)
        team_box.setObjectName("teamBox")
        team_layout = QVBoxLayout(team_box)
        team_layout.setSpacing(4)
        mix_caption = QLabel(tr("Core disciplines"), team_box)
        mix_caption.setObjectName("listCaption")
        mix_caption.setToolTip(
            tr(
                "Members at working level or above in each of the four disciplines the brief asks "
                "every MLOps team to have."
            )
        )
        shapes_caption = QLabel(tr("Skill shapes"), team_box)
        shapes_caption.setObjectName("listCaption")
        shapes_caption.setToolTip(
            tr(
                "T-shaped: deep in one area, broad in several; Π-shaped: deep in two or more; "
                "I-shaped: deep, not broad; generalist: broad, not deep."
            )
        )
        team_layout.addWidget(mix_caption)
        team_layout.addWidget(self.discipline_mix)
        team_layout.addSpacing(6)
        team_layout.addWidget(shapes_caption)
        team_layout.addWidget(self.shapes)
        team_layout.addStretch(1)
        team_box.setFixedWidth(260)

        lower = QWidget(self)
        lower_layout = QHBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(detail_box, 1)
        lower_layout.addWidget(team_box)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(requirements_box)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(self._status_row())

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
        show_full_text(self)  # every cut text (cells, titles, pick lists) readable whole in its tooltip
        self._show_nothing()

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
        if "requirement" in change.entity and details.get("project_id") not in (None, self._project_id):
            return True
        return change.entity == "project" and change.action == "updated" and self._project_id not in change.ids

    # --- showing -------------------------------------------------------------------
    def _show_nothing(self) -> None:
        self.summary.setText("")
        self.requirements_model.set_requirements(())
        self.requirements_stack.setCurrentWidget(self.requirements)
        self.discipline_mix.show_mix((), ())
        self.shapes.set_rows(())
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
        self.requirements_model.set_requirements(staffing.requirements, level_names=data.level_names)
        self.requirements_columns.measure()
        self.requirements_stack.setCurrentWidget(
            self.requirements if staffing.requirements else self.empty_requirements
        )
        self._show_summary(staffing)
        self.discipline_mix.show_mix(staffing.discipline_mix, staffing.missing_disciplines)
        self.shapes.set_rows(
            [
                BarRow(
                    shape_label(shape),
                    float(staffing.shape_counts.get(shape, 0)),
                    str(staffing.shape_counts.get(shape, 0)),
                )
                for shape in SHAPES
            ]
        )
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
                tr("<span style='color:#a1251b'><b>{short}</b> short by <b>{fte:.2f} FTE</b></span>").format(
                    short=short, fte=staffing.total_gap_fte
                )
            )
        else:
            parts.append(tr("all covered") if len(requirements) > 1 else tr("covered"))
        if risks:
            parts.append(
                "<span style='color:#8a4b00'>"
                + counted(risks, "<b>{count}</b> key-person risk", "<b>{count}</b> key-person risks")
                + "</span>"
            )
        self.summary.setText(" · ".join(parts))

    def selected_requirement(self) -> RequirementGap | None:
        gap: RequirementGap | None = self.requirement_selection.selected()
        return gap

    def select_requirement(self, requirement_id: int) -> bool:
        row = self.requirements_model.row_of(requirement_id)
        if row < 0:
            return False
        index = self.requirements_proxy.mapFromSource(self.requirements_model.index(row, SKILL))
        self.requirements.selectRow(index.row())
        self.requirements.scrollTo(index)
        return True

    def _requirement_selected(self) -> None:
        self._show_detail(self.selected_requirement())
        self._update_actions()

    def _show_detail(self, gap: RequirementGap | None) -> None:
        level_names = self._data.level_names if self._data is not None else DEFAULT_LEVEL_NAMES
        if gap is None:
            for model in (self.covering_model, self.training_model, self.candidates_model):
                model.set_records(())
            if self._data is not None and not self._data.staffing.requirements:
                self.detail_empty.setText(
                    tr(
                        "Once the project has requirements, the people who cover each one, and "
                        "those who could, show here."
                    )
                )
            else:
                self.detail_empty.setText(
                    tr(
                        "Select a requirement to see who covers it, who is one level short and "
                        "who else in the organisation qualifies."
                    )
                )
            self.detail_stack.setCurrentWidget(self.detail_empty)
            return
        self.covering_model.set_records(gap.covering_members, level_names=level_names)
        self.training_model.set_records(gap.training_candidates, level_names=level_names)
        self.candidates_model.set_records(gap.internal_candidates, level_names=level_names)
        self.detail_title.setText(requirement_sentence(gap, level_names))
        self.detail_stack.setCurrentIndex(0)
        if gap.internal_candidates:
            self.candidates.table.selectRow(0)

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
        created: dict[str, int] = {}

        def add() -> Change:
            change = staffing_services.add_requirement(database, project_id, skill_id, **fields)
            created["id"] = change.ids[0]
            return change

        def remove_again() -> Change:
            return staffing_services.remove_requirement(database, created["id"])

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
        created: dict[str, int] = {}

        def add() -> Change:
            change = project_services.add_member(
                database, project_id, candidate.person_id, role=role, allocation=allocation
            )
            created["id"] = change.ids[0]
            return change

        def remove_again() -> Change:
            return project_services.remove_member(database, created["id"])

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
    def export(self) -> None:
        """Ask where to write the gap report (its format follows the extension)."""
        if self._data is None:
            return
        from datetime import date

        from views.report_export import ask_report_path, file_stem

        name = self._data.staffing.project_name
        suggestion = f"{file_stem(name, fallback='project')}-staffing-gaps-{date.today().isoformat()}.pdf"
        path = ask_report_path(self, title=tr("Export gap report"), suggested_name=suggestion)
        if path is None:
            return
        self.export_report(path, pseudonymise=self.pseudonymise.isChecked())

    def export_report(self, path: Path, *, pseudonymise: bool = False) -> None:
        """Write the gap report to ``path`` on the worker; a ``UserError`` shows as a message."""
        if self._data is None:
            return
        from app.reports.gaps import write_gap_report

        database = self.context.database
        project = self._data.staffing.project_name
        self.export_button.setEnabled(False)

        def written(_result: Any) -> None:
            self.export_button.setEnabled(self._data is not None)
            log.info("gap report of %s written to %s", project, path)
            self._say(tr("Gap report for {project} written to {path}.").format(project=project, path=path))

        def failed(error: BaseException) -> None:
            self.export_button.setEnabled(self._data is not None)
            from views.errors import report_error

            report_error(self, error)

        Operation(self, lambda: write_gap_report(database, project, path, pseudonymise=pseudonymise)).success(
            written
        ).failure(failed).run()
