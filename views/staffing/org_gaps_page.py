"""The organisation's staffing gaps: every project's requirements in one table, and the scarce skills.

The analysis of all projects runs as one ``Operation`` on the worker (one matrix
snapshot for all of them) when the ``ReloadGate`` says: while the page is shown,
one at a time. The table sorts by any column and filters by text; double-clicking
a row asks the main window to open that project's staffing (``project_activated``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from views.context import AppContext
from views.counting import counted
from views.empty_state import TableOrWhy, centred_sentence
from views.labels import tr
from views.layouts import side_by_side, split_vertically
from views.org_page import OpensProjects, OrgPage
from views.roles import RecordRole, SortRole
from views.staffing.org_gaps_model import (
    AREA,
    CRITICALITY,
    GAP,
    KEY_PERSON,
    PROJECT,
    SCARCE_GAP,
    SCARCE_SKILL,
    SKILL,
    OrgGapRow,
    OrgGapsModel,
    ScarceSkillsModel,
)
from views.staffing.records_model import DEFAULT_LEVEL_NAMES
from views.staffing.relevance import STAFFING_ENTITIES
from views.staffing.requirements_model import FTE_EPSILON, key_person_risks_text
from views.tables import ColumnFitter, read_only_table, sorted_proxy

if TYPE_CHECKING:
    from app.analysis.staffing import ScarceSkill
    from app.db.database import Database

AnyIndex = QModelIndex | QPersistentModelIndex

# Changes that can move a gap anywhere in the organisation.
RELEVANT_ENTITIES = STAFFING_ENTITIES
# The columns the filter box searches.
FILTERED_COLUMNS = (PROJECT, SKILL, AREA, CRITICALITY, KEY_PERSON)


class OrgGapsData(NamedTuple):
    rows: tuple[OrgGapRow, ...]
    scarce: tuple[ScarceSkill, ...]
    projects: int
    level_names: tuple[str, ...]


def load_org_gaps(database: Database) -> OrgGapsData:
    """Every project's requirement gaps and the scarce skills, from one snapshot (worker thread)."""
    from app.analysis.skills import load_matrix
    from app.analysis.staffing import analyse_all, scarce_skills
    from app.queries.skills import level_descriptors
    from app.settings import load_staffing_settings

    reader = database.reader()
    snapshot = load_matrix(reader, thresholds=load_staffing_settings(reader).shapes)
    staffing_list = analyse_all(reader, snapshot=snapshot)
    rows = tuple(
        OrgGapRow(staffing.project_id, staffing.project_name, gap)
        for staffing in staffing_list
        for gap in staffing.requirements
    )
    level_names = tuple(descriptor.label for descriptor in level_descriptors(reader))
    return OrgGapsData(
        rows=rows,
        scarce=tuple(scarce_skills(snapshot, staffing_list)),
        projects=len(staffing_list),
        level_names=level_names or DEFAULT_LEVEL_NAMES,
    )


class GapFilterProxy(QSortFilterProxyModel):
    """Rows whose project, skill, area, criticality or key person contain the text; optionally only gaps."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._only_gaps = False
        self.setSortRole(SortRole)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_only_gaps(self, only_gaps: bool) -> None:
        self.beginFilterChange()
        self._only_gaps = only_gaps
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if self._only_gaps:
            row: OrgGapRow = model.index(source_row, 0, source_parent).data(RecordRole)
            if row.gap.gap_fte <= FTE_EPSILON:
                return False
        if not self._text:
            return True
        return any(
            self._text in str(model.index(source_row, column, source_parent).data() or "").casefold()
            for column in FILTERED_COLUMNS
        )


class OrgGapsPage(OpensProjects, OrgPage):
    """All projects' staffing gaps; ``project_activated(project_id)`` when the user double-clicks a row."""

    relevant_entities = RELEVANT_ENTITIES

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent, title=tr("Staffing gaps across the organisation"))
        self.setObjectName("orgGapsPage")
        self._data: OrgGapsData | None = None

        controls = self._build_controls()
        gaps_box = self._build_gaps_box()
        scarce_box = self._build_scarce_box()
        self.splitter = split_vertically(self, gaps_box, scarce_box, shares=(3, 2))
        self.filter.textChanged.connect(self._filter_changed)
        self.only_gaps.toggled.connect(self._only_gaps_changed)
        self.gaps.doubleClicked.connect(self._activated)
        self._place(controls, (self.splitter, 1))

    # --- structure -------------------------------------------------------------------
    def _build_controls(self) -> QHBoxLayout:
        """The summary at the left, "Only requirements with a gap" and the filter box at the right."""
        self.filter = QLineEdit(self)
        self.filter.setObjectName("gapFilter")
        self.filter.setPlaceholderText(tr("Filter by project, skill, area, criticality or person"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(240)
        self.only_gaps = QCheckBox(tr("Only requirements with a gap"), self)
        return side_by_side((self.summary, 1), self.only_gaps, self.filter)

    def _build_gaps_box(self) -> QGroupBox:
        """Every project's requirements with their gaps, or why there is no row to show."""
        self.gaps_model = OrgGapsModel(self)
        self.gaps_proxy = GapFilterProxy(self)
        self.gaps_proxy.setSourceModel(self.gaps_model)
        self.gaps = read_only_table(self, self.gaps_proxy, name="orgGapsTable", sortable=True)
        self.gaps.sortByColumn(GAP, Qt.SortOrder.DescendingOrder)
        # A narrow page scrolls the wide gap table sideways rather than cutting a column to nothing.
        self.gaps_columns = ColumnFitter(self.gaps, roomy=SKILL)
        self.gaps_stack = TableOrWhy(
            self.gaps,
            no_match=tr("No requirement matches the filter."),
            empty=tr(
                "No project has skill requirements yet. Open a project's Staffing tab and add the "
                "skills it needs; their gaps then show here, side by side."
            ),
            parent=self,
        )
        self.no_match, self.empty = self.gaps_stack.no_match, self.gaps_stack.empty
        return self._captioned_box(
            tr("Every project's requirements"),
            tr("Double-click a row to open that project's staffing."),
            self.gaps_stack,
        )

    def _build_scarce_box(self) -> QGroupBox:
        """The skills most short across all projects."""
        self.scarce_model = ScarceSkillsModel(self)
        self.scarce_proxy = sorted_proxy(self.scarce_model, self)
        self.scarce = read_only_table(self, self.scarce_proxy, name="scarceSkillsTable", sortable=True)
        self.scarce.sortByColumn(SCARCE_GAP, Qt.SortOrder.DescendingOrder)
        self.scarce_columns = ColumnFitter(self.scarce, roomy=SCARCE_SKILL)
        self.scarce_empty = centred_sentence(tr("No skill is short anywhere."), self)
        self.scarce_stack = QStackedWidget(self)
        self.scarce_stack.addWidget(self.scarce)
        self.scarce_stack.addWidget(self.scarce_empty)
        return self._captioned_box(
            tr("Scarce skills"),
            tr("The skills most short across all projects, and how many people have them."),
            self.scarce_stack,
        )

    def _captioned_box(self, title: str, caption: str, content: QWidget) -> QGroupBox:
        box = QGroupBox(title, self)
        box_layout = QVBoxLayout(box)
        hint = QLabel(caption, box)
        hint.setObjectName("boxCaption")
        box_layout.addWidget(hint)
        box_layout.addWidget(content, 1)
        return box

    # --- reading -------------------------------------------------------------------
    def _loader(self) -> Callable[[], Any]:
        database = self.context.database
        return lambda: load_org_gaps(database)

    # --- showing -------------------------------------------------------------------
    def _show(self, data: OrgGapsData) -> None:
        self._data = data
        self.gaps_model.set_rows(data.rows, level_names=data.level_names)
        self.scarce_model.set_skills(data.scarce, level_names=data.level_names)
        self.scarce_stack.setCurrentWidget(self.scarce if data.scarce else self.scarce_empty)
        self.gaps_columns.measure()
        self.scarce_columns.measure()
        rows = data.rows
        short = [row for row in rows if row.gap.gap_fte > FTE_EPSILON]
        risks = sum(1 for row in rows if row.gap.key_person_risk)
        projects_short = len({row.project_id for row in short})
        parts = [
            tr("{requirements} in {projects}").format(
                requirements=counted(len(rows), "<b>{count}</b> requirement", "<b>{count}</b> requirements"),
                projects=counted(data.projects, "<b>{count}</b> project", "<b>{count}</b> projects"),
            )
        ]
        if short:
            parts.append(
                tr(
                    "<span style='color:#a1251b'><b>{short}</b> short by <b>{fte:.2f} FTE</b> in {projects}</span>"
                ).format(
                    short=len(short),
                    fte=sum(row.gap.gap_fte for row in short),
                    projects=counted(projects_short, "{count} project", "{count} projects"),
                )
            )
        if risks:
            parts.append(key_person_risks_text(risks))
        self.summary.setText(" · ".join(parts))
        self._update_stack()

    def _filter_changed(self, text: str) -> None:
        self.gaps_proxy.set_text(text)
        self._update_stack()

    def _only_gaps_changed(self, only_gaps: bool) -> None:
        self.gaps_proxy.set_only_gaps(only_gaps)
        self._update_stack()

    def _update_stack(self) -> None:
        self.gaps_stack.follow(
            rows=self.gaps_model.rowCount(), shown=self.gaps_proxy.rowCount(), loaded=self._data is not None
        )
