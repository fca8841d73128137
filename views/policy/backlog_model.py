"""The backlog's table: its columns, its model (the rank position first) and the filter of which rows show.

The table is never sorted by another column: the order *is* the priority, so
the model numbers its rows 1, 2, 3… and ``ItemFilter`` only hides rows (by
text, status, owner department, policy and sprint).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from app.queries.backlog import ItemRow
from models.enums import ItemStatus
from views.labels import tr
from views.policy.item_drag import DraggableItemsModel
from views.policy.wording import MISSING, RETIRED, name
from views.roles import RecordRole, SortRole

# Backlog columns.
POSITION, TITLE, KIND, POINTS, STATUS, SPRINT, OWNER, ASSIGNEE, POLICY, FEEDBACK = range(10)
NOT_IN_A_SPRINT = -1  # the sprint filter's "not in a sprint"


def _item_colour(item: ItemRow) -> Any:
    if item.status == ItemStatus.DONE:
        return RETIRED
    return MISSING if item.open_feedback else None


def _feedback_cell(item: ItemRow) -> str:
    if not item.feedback:
        return ""
    if item.open_feedback:
        return tr("{open} open of {total}").format(open=item.open_feedback, total=item.feedback)
    return tr("{total} resolved").format(total=item.feedback)


class _PositionedModel(DraggableItemsModel):
    """The backlog model with the rank position (1, 2, 3…) in its first column."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == POSITION and role in (Qt.ItemDataRole.DisplayRole, SortRole):
            return index.row() + 1
        if index.isValid() and index.column() == POSITION and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


def backlog_model(parent: Any = None) -> _PositionedModel:
    return _PositionedModel(
        [
            ("#", lambda row: None),  # the position, filled in by ``data``
            (tr("Item"), lambda row: row.title),
            (tr("Kind"), lambda row: name(row.kind)),
            (tr("Points"), lambda row: row.points),
            (tr("Status"), lambda row: name(row.status)),
            (tr("Sprint"), lambda row: row.sprint),
            (tr("Owner"), lambda row: row.owner_department),
            (tr("Assignee"), lambda row: row.assignee),
            (tr("Policy"), lambda row: row.policy),
            (tr("Feedback"), _feedback_cell),
        ],
        colour_of=_item_colour,
        parent=parent,
    )


class ItemFilter(QSortFilterProxyModel):
    """Which backlog rows show: by text, status, owner department, policy and sprint (None: any)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.status: str | None = None
        self.owner: str | None = None
        self.policy_id: int | None = None
        self.sprint_id: int | None = None  # NOT_IN_A_SPRINT for items in no sprint

    def set(self, **criteria: Any) -> None:
        self.beginFilterChange()
        for key, value in criteria.items():
            setattr(self, key, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        item: ItemRow | None = self.sourceModel().index(source_row, 0, source_parent).data(RecordRole)
        if item is None:
            return False
        if self.status is not None and item.status.value != self.status:
            return False
        if self.owner is not None and item.owner_department != self.owner:
            return False
        if self.policy_id is not None and item.policy_id != self.policy_id:
            return False
        if self.sprint_id == NOT_IN_A_SPRINT and item.sprint_id is not None:
            return False
        if self.sprint_id not in (None, NOT_IN_A_SPRINT) and item.sprint_id != self.sprint_id:
            return False
        text = self.text.casefold()
        return not text or any(
            text in value.casefold()
            for value in (item.title, item.acceptance_criteria, item.assignee, item.owner_department, item.policy)
        )
