"""A project's members: name, department, role, allocation and their load across projects."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from app.queries.projects import MemberRow
from views.labels import tr
from views.palette import ERROR
from views.roles import SortRole
from views.table_model_base import RIGHT, RecordTableModel, sort_value

NAME, DEPARTMENT, ROLE, ALLOCATION, TOTAL_LOAD = range(5)
HEADERS = ("Name", "Department", "Role", "Allocation", "Load, all projects")
OVERBOOKED = QColor(ERROR)


def _fte(value: float) -> str:
    return f"{value:.2f} FTE"


class MembersModel(RecordTableModel):
    HEADERS = HEADERS
    ID_FIELD = "membership_id"

    def set_members(self, members: tuple[MemberRow, ...]) -> None:
        self.set_records(members)

    def _cell(self, row: int, member: MemberRow, column: int, role: int) -> Any:
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
            return sort_value(
                (member.name, member.department, member.role, member.allocation, member.total_allocation)[column]
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (ALLOCATION, TOTAL_LOAD):
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column == TOTAL_LOAD and overbooked:
            return QBrush(OVERBOOKED)
        if role == Qt.ItemDataRole.ToolTipRole and column == TOTAL_LOAD and overbooked:
            return tr("Booked at {load:.0%} of a full-time person across all projects.").format(
                load=member.total_allocation
            )
        return None
