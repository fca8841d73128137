"""The people around one requirement: members who cover it or nearly do, and internal candidates.

``MembersLevelModel`` lists ``CoveringMember`` records (the members who cover a
requirement, or the training candidates one level short); ``CandidatesModel``
lists ``Candidate`` records in the analysis's ranking (level, then free capacity).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from views.labels import tr
from views.roles import IdRole, RecordRole, SortRole
from views.staffing.records_model import LevelledRecordsModel
from views.staffing.requirements_model import FTE_EPSILON, MUTED_TEXT, fte_text, level_text

if TYPE_CHECKING:
    from app.analysis.staffing import Candidate, CoveringMember

AnyIndex = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

MEMBER_NAME, MEMBER_LEVEL, MEMBER_ALLOCATION = range(3)
MEMBER_HEADERS = ("Name", "Level", "FTE")

RANK, CANDIDATE_NAME, DEPARTMENT, CANDIDATE_LEVEL, FREE = range(5)
CANDIDATE_HEADERS = ("#", "Name", "Department", "Level", "Free")


class _RecordsModel(LevelledRecordsModel):
    """People records: each row's record and the person's id, then what the subclass's columns show."""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self._record(index)
        if record is None:
            return None
        if role == RecordRole:
            return record
        if role == IdRole:
            return record.person_id
        return self._cell(index.row(), record, index.column(), role)

    def _cell(self, row: int, record: Any, column: int, role: int) -> Any:
        """What a column shows: each subclass below says it for its own columns."""
        raise TypeError(f"{type(self).__name__} must override _cell to say what its columns show.")


class MembersLevelModel(_RecordsModel):
    """Members with their level in one skill and their allocation to the project."""

    HEADERS = MEMBER_HEADERS
    HEADER_TIPS = {MEMBER_ALLOCATION: "Their allocation to this project, in FTE."}

    def _cell(self, row: int, member: CoveringMember, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (member.name, level_text(member.level, self._level_names), fte_text(member.allocation))[column]
        if role == SortRole:
            return (member.name.casefold(), member.level, member.allocation)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == MEMBER_ALLOCATION:
            return RIGHT
        return None


class CandidatesModel(_RecordsModel):
    """Active non-members who qualify, in the analysis's ranking."""

    HEADERS = CANDIDATE_HEADERS
    HEADER_TIPS = {
        RANK: "Their rank: highest level first, then most free capacity.",
        FREE: "Their capacity minus their allocations on every project, in FTE.",
    }

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._muted = QBrush(MUTED_TEXT)

    def _cell(self, row: int, candidate: Candidate, column: int, role: int) -> Any:
        booked = candidate.free_capacity <= FTE_EPSILON
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                str(row + 1),
                candidate.name,
                candidate.department,
                level_text(candidate.level, self._level_names),
                fte_text(candidate.free_capacity),
            )[column]
        if role == SortRole:
            return (
                row,
                candidate.name.casefold(),
                candidate.department.casefold(),
                candidate.level,
                candidate.free_capacity,
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (RANK, FREE):
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column == FREE and booked:
            return self._muted
        if role == Qt.ItemDataRole.ToolTipRole and column == FREE:
            if booked:
                return tr("{name} is fully booked on other projects.").format(name=candidate.name)
            return tr("{name} has {free:.2f} FTE not allocated to any project.").format(
                name=candidate.name, free=candidate.free_capacity
            )
        return None
