"""The staffing page's skill requirements: the table with its in-place editors, or how to start without one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QGroupBox, QStackedWidget, QVBoxLayout, QWidget

from views.empty_state import EmptyState
from views.labels import tr
from views.selection import SelectionFollower
from views.staffing.editors import RequirementDelegate
from views.staffing.requirements_model import AREA, GAP, KEY_PERSON, SKILL, RequirementsModel
from views.tables import ColumnFitter, read_only_table, sorted_proxy

if TYPE_CHECKING:
    from app.analysis.staffing import RequirementGap


class RequirementsSection(QGroupBox):
    """The requirements table (read-only but for the cells its delegate edits), or the empty state in its place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Skill requirements"), parent)
        self.model = RequirementsModel(self)
        self.proxy = sorted_proxy(self.model, self)
        self.table = read_only_table(self, self.proxy, name="requirementsTable", sortable=True)
        self.table.setItemDelegate(RequirementDelegate(self.model, self.table))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.sortByColumn(GAP, Qt.SortOrder.DescendingOrder)
        self.selection: SelectionFollower[RequirementGap] = SelectionFollower(self.table)
        # The area gives way first on a narrow page: the skill's name mostly implies it.
        self.columns = ColumnFitter(self.table, roomy=KEY_PERSON, tight=AREA)
        self.remove_action = QAction(tr("Remove requirement"), self.table)
        self.remove_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.remove_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.empty = EmptyState(
            tr("No skill requirements yet"),
            tr(
                "Add the skills this project needs, with the minimum level and how many FTE, and Steward shows "
                "who on the team covers each one, where the gaps are and who in the organisation could fill them."
            ),
            name="staffingEmpty",
            parent=self,
        )
        self.empty_add_button = self.empty.add_button(tr("Add the first requirement…"))
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

    def show_requirements(self, requirements: Sequence[RequirementGap], level_names: Sequence[str]) -> None:
        """The rows, sized to their contents; the empty state when there are none."""
        self.model.set_requirements(requirements, level_names=level_names)
        self.columns.measure()
        self.stack.setCurrentWidget(self.table if requirements else self.empty)

    def clear(self) -> None:
        self.model.set_requirements(())
        self.stack.setCurrentWidget(self.table)

    def selected(self) -> RequirementGap | None:
        return self.selection.selected()

    def select(self, requirement_id: int) -> bool:
        row = self.model.row_of(requirement_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, SKILL))
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True
