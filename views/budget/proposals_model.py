"""The "cost of closing gaps" table: proposed lines from the staffing gaps, each with a check box.

Rows are ``Proposal`` records of ``app.analysis.budget.gap_cost_proposals``;
the check boxes are the only state kept here (which proposals the user picked),
and they are kept by row across nothing else: a new analysis starts unchecked.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from views.budget.wording import category_label, money
from views.labels import tr
from views.roles import RecordRole, SortRole

if TYPE_CHECKING:
    from app.analysis.budget import Proposal

AnyIndex = QModelIndex | QPersistentModelIndex

KIND, SKILL, DESCRIPTION, CATEGORY, AMOUNT = range(5)
HEADERS = ("Proposal", "Skill", "Description", "Category", "Amount")
KIND_WORDS = {"hire": "Hire", "training": "Train", "train": "Train"}


class ProposalsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[Proposal, ...] = ()
        self._checked: set[int] = set()
        self._checkable = True

    def set_proposals(self, proposals: Sequence[Proposal], *, checkable: bool) -> None:
        self.beginResetModel()
        self._rows = tuple(proposals)
        self._checked = set()
        self._checkable = checkable
        self.endResetModel()

    def proposals(self) -> tuple[Proposal, ...]:
        return self._rows

    def checked(self) -> list[Proposal]:
        return [proposal for row, proposal in enumerate(self._rows) if row in self._checked]

    def set_all_checked(self, checked: bool) -> None:
        self._checked = set(range(len(self._rows))) if checked else set()
        if self._rows:
            self.dataChanged.emit(
                self.index(0, KIND), self.index(len(self._rows) - 1, KIND), [Qt.ItemDataRole.CheckStateRole]
            )

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(HEADERS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole and section == AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == KIND and self._checkable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        proposal = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                KIND: tr(KIND_WORDS.get(proposal.kind, proposal.kind.capitalize())),
                SKILL: proposal.skill,
                DESCRIPTION: proposal.description,
                CATEGORY: category_label(proposal.category),
                AMOUNT: money(proposal.amount),
            }.get(column)
        if role == Qt.ItemDataRole.CheckStateRole and column == KIND and self._checkable:
            return Qt.CheckState.Checked if index.row() in self._checked else Qt.CheckState.Unchecked
        if role == SortRole:
            return proposal.amount if column == AMOUNT else str(self.data(index)).casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == DESCRIPTION:
            return proposal.description
        if role == RecordRole:
            return proposal
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != KIND:
            return False
        if not self._checkable:
            return False
        state = Qt.CheckState(value) if isinstance(value, int) else value
        if state == Qt.CheckState.Checked:
            self._checked.add(index.row())
        else:
            self._checked.discard(index.row())
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def checked_total(self) -> Decimal:
        return sum((proposal.amount for proposal in self.checked()), Decimal(0))
