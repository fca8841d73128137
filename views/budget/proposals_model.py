"""The "cost of closing gaps" table: proposed lines from the staffing gaps, each with a check box.

Rows are ``Proposal`` records of ``app.analysis.budget.gap_cost_proposals``;
the check boxes are the only state kept here (which proposals the user picked),
and they are kept by row across nothing else: a new analysis starts unchecked.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from views.budget.wording import category_label, money
from views.labels import tr
from views.roles import SortRole
from views.table_model_base import RIGHT, AnyIndex, RecordTableModel

if TYPE_CHECKING:
    from app.analysis.budget import Proposal

KIND, SKILL, DESCRIPTION, CATEGORY, AMOUNT = range(5)
HEADERS = ("Proposal", "Skill", "Description", "Category", "Amount")
KIND_WORDS = {"hire": "Hire", "training": "Train", "train": "Train"}


class ProposalsModel(RecordTableModel):
    HEADERS = HEADERS
    RIGHT_HEADERS = frozenset({AMOUNT})
    _records: tuple[Proposal, ...]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._checked: set[int] = set()
        self._checkable = True

    def set_proposals(self, proposals: Sequence[Proposal], *, checkable: bool) -> None:
        self.beginResetModel()
        self._records = tuple(proposals)
        self._checked = set()
        self._checkable = checkable
        self.endResetModel()

    def proposals(self) -> tuple[Proposal, ...]:
        return self._records

    def checked(self) -> list[Proposal]:
        return [proposal for row, proposal in enumerate(self._records) if row in self._checked]

    def set_all_checked(self, checked: bool) -> None:
        self._checked = set(range(len(self._records))) if checked else set()
        if self._records:
            self.dataChanged.emit(
                self.index(0, KIND), self.index(len(self._records) - 1, KIND), [Qt.ItemDataRole.CheckStateRole]
            )

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == KIND and self._checkable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def _cell(self, row: int, proposal: Proposal, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                KIND: tr(KIND_WORDS.get(proposal.kind, proposal.kind.capitalize())),
                SKILL: proposal.skill,
                DESCRIPTION: proposal.description,
                CATEGORY: category_label(proposal.category),
                AMOUNT: money(proposal.amount),
            }.get(column)
        if role == Qt.ItemDataRole.CheckStateRole and column == KIND and self._checkable:
            return Qt.CheckState.Checked if row in self._checked else Qt.CheckState.Unchecked
        if role == SortRole:
            if column == AMOUNT:
                return proposal.amount
            return str(self._cell(row, proposal, column, Qt.ItemDataRole.DisplayRole)).casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == AMOUNT:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column == DESCRIPTION:
            return proposal.description
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
