"""A project's members: name, department, role, allocation and their load across projects."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.queries.projects import MemberRow
from views.labels import tr
from views.roles import IdRole, RecordRole, SortRole

AnyIndex = QModelIndex | QPersistentModelIndex

NAME, DEPARTMENT, ROLE, ALLOCATION, TOTAL_LOAD = range(5)
HEADERS = ("Name", "Department", "Role", "Allocation", "Load, all projects")
OVERBOOKED = QColor("#b3261e")


def _fte(value: float) -> str:
    return f"{value:.2f} FTE"


class MembersModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._members: tuple[MemberRow, ...] = ()

    def set_members(self, members: tuple[MemberRow, ...]) -> None:
        self.beginResetModel()
        self._members = members
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._members)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return tr(HEADERS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._members):
            return None
        member = self._members[index.row()]
        column = index.column()
        overbooked = member.total_allocation > 1.0 + 1e-9
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME:
                return member.name if member.active else tr("{name} (inactive)").format(name=member.name)
            return {
                DEPARTMENT: member.department,
                ROLE: member.role,
                ALLOCATION: _fte(member.allocation),
                TOTAL_LOAD: _fte(member.total_allocation),
            }.get(column)
        if role == SortRole:
            return (
                member.name.casefold(),
                member.department.casefold(),
                member.role.casefold(),
                member.allocation,
                member.total_allocation,
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (ALLOCATION, TOTAL_LOAD):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == TOTAL_LOAD and overbooked:
            return QBrush(OVERBOOKED)
        if role == Qt.ItemDataRole.ToolTipRole and column == TOTAL_LOAD and overbooked:
            return tr("Booked at {load:.0%} of a full-time person across all projects.").format(
                load=member.total_allocation
            )
        if role == RecordRole:
            return member
        if role == IdRole:
            return member.membership_id
        return None
