"""The people around one requirement: members who cover it or nearly do, and internal candidates.

``MembersLevelModel`` lists ``CoveringMember`` records (the members who cover a
requirement, or the training candidates one level short); ``CandidatesModel``
lists ``Candidate`` records in the analysis's ranking (level, then free capacity).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from views.labels import tr
from views.roles import IdRole, RecordRole, SortRole
from views.staffing.requirements_model import DEFAULT_LEVEL_NAMES, FTE_EPSILON, MUTED_TEXT, fte_text, level_text

if TYPE_CHECKING:
    from app.analysis.staffing import Candidate, CoveringMember

AnyIndex = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

MEMBER_NAME, MEMBER_LEVEL, MEMBER_ALLOCATION = range(3)
MEMBER_HEADERS = ("Name", "Level", "FTE")

RANK, CANDIDATE_NAME, DEPARTMENT, CANDIDATE_LEVEL, FREE = range(5)
CANDIDATE_HEADERS = ("#", "Name", "Department", "Level", "Free")


class _RecordsModel(QAbstractTableModel):
    """A read-only table over a tuple of records, with the header texts of the subclass."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._records: tuple[Any, ...] = ()
        self._level_names: tuple[str, ...] = DEFAULT_LEVEL_NAMES

    def set_records(self, records: Sequence[Any], *, level_names: Sequence[str] = DEFAULT_LEVEL_NAMES) -> None:
        self.beginResetModel()
        self._records = tuple(records)
        self._level_names = tuple(level_names)
        self.endResetModel()

    def records(self) -> tuple[Any, ...]:
        return self._records

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    HEADER_TIPS: dict[int, str] = {}

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(self.HEADERS[section])
        if role == Qt.ItemDataRole.ToolTipRole and section in self.HEADER_TIPS:
            return tr(self.HEADER_TIPS[section])
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
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
    HEADER_TIPS = {RANK: "Their rank: highest level first, then most free capacity.",
                   FREE: "Their capacity minus their allocations on every project, in FTE."}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._muted = QBrush(MUTED_TEXT)

    def _cell(self, row: int, candidate: Candidate, column: int, role: int) -> Any:
        booked = candidate.free_capacity <= FTE_EPSILON
        if role == Qt.ItemDataRole.DisplayRole:
            return (str(row + 1), candidate.name, candidate.department,
                    level_text(candidate.level, self._level_names), fte_text(candidate.free_capacity))[column]
        if role == SortRole:
            return (row, candidate.name.casefold(), candidate.department.casefold(), candidate.level,
                    candidate.free_capacity)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (RANK, FREE):
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column == FREE and booked:
            return self._muted
        if role == Qt.ItemDataRole.ToolTipRole and column == FREE:
            if booked:
                return tr("{name} is fully booked on other projects.").format(name=candidate.name)
            return tr("{name} has {free:.2f} FTE not allocated to any project.").format(
                name=candidate.name, free=candidate.free_capacity)
        return None
