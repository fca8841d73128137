"""The people around one requirement: members who cover it or nearly do, and internal candidates.

``MembersLevelModel`` lists ``CoveringMember`` records (the members who cover a
requirement, or the training candidates one level short); ``CandidatesModel``
lists ``Candidate`` records in the analysis's ranking (level, then free capacity).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from views.labels import tr
from views.roles import SortRole
from views.staffing.records_model import LevelledRecordsModel
from views.staffing.requirements_model import FTE_EPSILON, MUTED_TEXT, fte_text, level_text
from views.table_model_base import RIGHT, sort_value

if TYPE_CHECKING:
    from app.analysis.staffing import Candidate, CoveringMember


MEMBER_NAME, MEMBER_LEVEL, MEMBER_ALLOCATION = range(3)
MEMBER_HEADERS = ("Name", "Level", "FTE")

RANK, CANDIDATE_NAME, DEPARTMENT, CANDIDATE_LEVEL, FREE = range(5)
CANDIDATE_HEADERS = ("#", "Name", "Department", "Level", "Free")


class MembersLevelModel(LevelledRecordsModel):
    """Members with their level in one skill and their allocation to the project."""

    HEADERS = MEMBER_HEADERS
    ID_FIELD = "person_id"
    HEADER_TIPS = {MEMBER_ALLOCATION: "Their allocation to this project, in FTE."}

    def _cell(self, row: int, member: CoveringMember, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (member.name, level_text(member.level, self._level_names), fte_text(member.allocation))[column]
        if role == SortRole:
            return sort_value((member.name, member.level, member.allocation)[column])
        if role == Qt.ItemDataRole.TextAlignmentRole and column == MEMBER_ALLOCATION:
            return RIGHT
        return None


class CandidatesModel(LevelledRecordsModel):
    """Active non-members who qualify, in the analysis's ranking."""

    HEADERS = CANDIDATE_HEADERS
    ID_FIELD = "person_id"
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
            return sort_value(
                (row, candidate.name, candidate.department, candidate.level, candidate.free_capacity)[column]
            )
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
