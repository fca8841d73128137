"""The organisation's governance heat map: every project × every policy category, and what blocks whom.

``HeatmapModel`` (``views.policy.heatmap_model``, with its cell painter, header
and filter) shows ``app.analysis.governance.organisation_heatmap``: one row per
project (name, stage), one column per policy category, each cell covered,
stale, missing or n/a, in words as well as in colour; a blocking gap (one that
keeps the project at its current stage) is bold with a "■" and a dark frame.

``GovernanceHeatmapPage`` loads the map on the worker through a ``ReloadGate``
(only while shown, one load at a time) and reloads when policies, projects or
the whole organisation change. Filters: a stage, and only the projects with a
blocking gap. Activating a row (double-click or Enter) emits
``project_activated(project_id)``, so the main window can open that project's
policies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QObject,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from app.analysis.governance import COVERED, MISSING, NOT_APPLICABLE, STALE, Heatmap
from app.services.change import Entity
from models.enums import Stage
from views.context import AppContext
from views.empty_state import TableOrWhy
from views.labels import label, stage_colour, tr
from views.layouts import named_label, side_by_side
from views.org_page import OpensProjects, OrgPage
from views.policy.heatmap_model import (
    BLOCK_MARK,
    BLOCKING_FRAME,
    CELL_PADDING,
    FILLS,
    FIRST_CATEGORY,
    MAX_CATEGORY_WIDTH,
    MIN_PROJECT_WIDTH,
    PROJECT,
    ROW_HEIGHT,
    STAGE,
    STATUS_MEANINGS,
    STATUS_WORDS,
    TEXT,
    CategoryHeader,
    HeatmapDelegate,
    HeatmapFilterProxy,
    HeatmapModel,
    status_text,
)
from views.tables import read_only_table

if TYPE_CHECKING:
    from app.db.database import Database

# The table's names live in views.policy.heatmap_model; they import from here as they always did.
__all__ = [
    "FILLS",
    "PROJECT",
    "RELEVANT_ENTITIES",
    "STAGE",
    "GovernanceHeatmapPage",
    "HeatmapModel",
    "headline",
    "load_heatmap",
    "status_text",
]

# Changes that can move a cell: policies and their versions (approval puts one in force), sign-offs,
# projects (stage and profile decide what is needed), and an applied import.
RELEVANT_ENTITIES = frozenset(
    {
        Entity.IMPORT,
        Entity.POLICY,
        Entity.POLICY_VERSION,
        Entity.PROJECT,
        Entity.SIGN_OFF,
    }
)


def load_heatmap(database: Database) -> Heatmap:
    """The organisation's heat map as of today (worker thread)."""
    from app.analysis.governance import organisation_heatmap

    return organisation_heatmap(database.reader())


def headline(heatmap: Heatmap) -> str:
    """One sentence over the whole organisation: open gaps, and how many block (rich text)."""
    projects = len(heatmap.rows)
    statuses = [status for row in heatmap.rows for status in row.statuses]
    missing, stale = statuses.count(MISSING), statuses.count(STALE)
    blocking = sum(row.blocking_count for row in heatmap.rows)
    if not missing and not stale:
        return tr("Every policy the <b>{projects}</b> project(s) need is in force and within its review date.").format(
            projects=projects
        )
    text = tr("<b>{missing}</b> missing, <b>{stale}</b> stale across <b>{projects}</b> project(s)").format(
        missing=missing, stale=stale, projects=projects
    )
    if blocking:
        blocked = sum(1 for row in heatmap.rows if row.blocking_count)
        return text + tr(
            "; <span style='color:#a1251b'><b>{blocking}</b> blocking the current stage of {blocked} project(s)</span>"
        ).format(blocking=blocking, blocked=blocked)
    return text + tr("; none blocks a project's current stage")


def _stage_icon(stage: Stage) -> QIcon:
    pixmap = QPixmap(10, 10)
    pixmap.fill(stage_colour(stage))
    return QIcon(pixmap)


def _legend_swatch(text: str, fill: QColor, parent: QWidget, *, frame: str = "#c9ced6", bold: bool = False) -> QLabel:
    swatch = QLabel(text, parent)
    swatch.setObjectName("heatmapLegendSwatch")
    weight = "600" if bold else "normal"
    swatch.setStyleSheet(
        f"QLabel {{ background: {fill.name()}; color: {TEXT.name()}; border: "
        f"{2 if bold else 1}px solid {frame}; border-radius: 3px; padding: 1px 8px; "
        f"font-weight: {weight}; }}"
    )
    return swatch


class GovernanceHeatmapPage(OpensProjects, OrgPage):
    """Every project's policy coverage by category; ``project_activated(project_id)`` when a row is activated."""

    relevant_entities = RELEVANT_ENTITIES

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent, title=tr("Governance across the organisation"))
        self.setObjectName("governanceHeatmapPage")
        self._heatmap: Heatmap | None = None
        controls = self._build_controls()
        self._build_table()
        self._build_stack()
        hint = named_label(
            self,
            "boxCaption",
            tr("Hover over a cell for its policies; double-click a row to open that project's policies."),
        )
        legend = self._legend(self)
        self.stage.currentIndexChanged.connect(self._stage_changed)
        self.only_blocking.toggled.connect(self._only_blocking_changed)
        # Activated is a double-click, or Enter on the current row.
        self.table.activated.connect(self._activated)
        # No group box around the table: its frame and padding would cost the width one more column needs.
        self._place(controls, legend, hint, (self.stack, 1))

    # --- building ------------------------------------------------------------------
    def _build_controls(self) -> QHBoxLayout:
        """The headline beside the filters: a stage, and only the projects with blocking gaps."""
        self.stage = QComboBox(self)
        self.stage.setObjectName("heatmapStage")
        self.stage.addItem(tr("All stages"), None)
        for stage in Stage:
            self.stage.addItem(_stage_icon(stage), label(stage), stage.value)
        self.only_blocking = QCheckBox(tr("Only projects with blocking gaps"), self)
        self.only_blocking.setObjectName("heatmapOnlyBlocking")
        return side_by_side((self.summary, 1), QLabel(tr("Stage:"), self), self.stage, self.only_blocking)

    def _build_table(self) -> None:
        self.model = HeatmapModel(self)
        self.proxy = HeatmapFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = read_only_table(self, self.proxy, name="governanceHeatmap", row_height=ROW_HEIGHT)
        self.table.setHorizontalHeader(CategoryHeader(self.table))
        self.table.setSortingEnabled(True)
        self.table.setItemDelegate(HeatmapDelegate(self.table))
        self.table.setAlternatingRowColors(False)  # the cells' colours carry the meaning
        self.table.sortByColumn(PROJECT, Qt.SortOrder.AscendingOrder)
        self._natural_widths: list[int] = []
        self.table.viewport().installEventFilter(self)

    def _build_stack(self) -> None:
        """The table, or in its place why it has no rows: none match the filters, or there are no projects."""
        self.stack = TableOrWhy(
            self.table,
            no_match=tr("No project matches the filters."),
            empty=tr(
                "No projects yet. Add a project; the policies its profile and stage need then show "
                "here, category by category."
            ),
            parent=self,
        )
        self.no_match, self.empty = self.stack.no_match, self.stack.empty

    def _legend(self, parent: QWidget) -> QHBoxLayout:
        legend = QHBoxLayout()
        legend.setSpacing(6)
        caption = QLabel(tr("Legend:"), parent)
        caption.setObjectName("boxCaption")
        legend.addWidget(caption)
        for status in (COVERED, STALE, MISSING, NOT_APPLICABLE):
            swatch = _legend_swatch(tr(STATUS_WORDS[status]), FILLS[status], parent)
            swatch.setToolTip(tr(STATUS_MEANINGS[status]))
            legend.addWidget(swatch)
        blocking = _legend_swatch(
            tr("Missing {mark}").format(mark=BLOCK_MARK), FILLS[MISSING], parent, frame=BLOCKING_FRAME.name(), bold=True
        )
        blocking.setToolTip(tr("Bold, with a frame: the gap keeps the project from its current stage."))
        legend.addWidget(blocking)
        explained = QLabel(tr("= blocks the project's current stage"), parent)
        explained.setObjectName("boxCaption")
        legend.addWidget(explained)
        legend.addStretch(1)
        return legend

    # --- reading -------------------------------------------------------------------
    def heatmap(self) -> Heatmap | None:
        """The heat map shown, once loaded."""
        return self._heatmap

    def _loader(self) -> Callable[[], Any]:
        database = self.context.database
        return lambda: load_heatmap(database)

    # --- showing -------------------------------------------------------------------
    def _show(self, heatmap: Heatmap) -> None:
        self._heatmap = heatmap
        self.model.set_heatmap(heatmap)
        self.summary.setText(headline(heatmap))
        self._measure_columns()
        self._update_stack()

    def _measure_columns(self) -> None:
        """Each column's natural width: a category's is its widest cell (all alike), the others' their contents."""
        table = self.table
        header = table.horizontalHeader()
        bold = QFont(table.font())
        bold.setBold(True)
        cell_width = (
            max(
                *(
                    table.fontMetrics().horizontalAdvance(status_text(status, blocking=False))
                    for status in STATUS_WORDS
                ),
                *(
                    QFontMetrics(bold).horizontalAdvance(status_text(status, blocking=True))
                    for status in (MISSING, STALE)
                ),
            )
            + CELL_PADDING
        )
        self._natural_widths = [
            max(header.sectionSizeHint(column), table.sizeHintForColumn(column)) for column in (PROJECT, STAGE)
        ]
        self._natural_widths += [cell_width] * (self.model.columnCount() - FIRST_CATEGORY)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Share out the table's width: spare width widens the categories (up to a limit), then the project;
        short of width, the project's names are cut (down to a minimum), then the table scrolls sideways."""
        widths = list(self._natural_widths)
        if len(widths) != self.model.columnCount():
            return
        spare = self.table.viewport().width() - sum(widths)
        categories = len(widths) - FIRST_CATEGORY
        if spare > 0 and categories:
            extra = min(spare // categories, MAX_CATEGORY_WIDTH - widths[-1]) if widths[-1] < MAX_CATEGORY_WIDTH else 0
            for column in range(FIRST_CATEGORY, len(widths)):
                widths[column] += extra
            widths[PROJECT] += spare - extra * categories
        elif spare < 0:
            widths[PROJECT] = max(MIN_PROJECT_WIDTH, widths[PROJECT] + spare)
        header = self.table.horizontalHeader()
        for column, width in enumerate(widths):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _stage_changed(self, _index: int) -> None:
        value = self.stage.currentData()
        self.proxy.set_stage(None if value is None else Stage(value))
        self._update_stack()

    def _only_blocking_changed(self, only_blocking: bool) -> None:
        self.proxy.set_only_blocking(only_blocking)
        self._update_stack()

    def _update_stack(self) -> None:
        self.stack.follow(rows=self.model.rowCount(), shown=self.proxy.rowCount(), loaded=self._heatmap is not None)
