"""The models Steward's tables (and lists) of records share: records under fixed headers, one row each.

Most tables show a sequence of query or analysis records (people, members,
proposals, requirements, level descriptors, an import's preview) and answer
the same questions alike: how many rows and columns, what each header says
(``HEADERS`` and ``HEADER_TIPS``, translated when shown; ``RIGHT_HEADERS``
aligned right over numbers), the whole record (``RecordRole``) and its id
(``IdRole``, the record's ``ID_FIELD``). ``RecordTableModel`` answers those
once; a subclass says what its cells show in ``_cell``, so an index outside
the table never reaches it. ``RecordListModel`` is the same for a list (one
column, no headers).

``sort_value`` is the one rule of what a cell sorts by; ``filter_change`` wraps
a filter proxy's change of what it filters by.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from views.labels import tr
from views.roles import IdRole, RecordRole

AnyIndex = QModelIndex | QPersistentModelIndex
if TYPE_CHECKING:
    from PySide6.QtCore import QAbstractItemModel

    _ItemModel = QAbstractItemModel
else:
    _ItemModel = object  # at run time the Qt model class comes after the mixin, in the model's own bases

# How a number (and its column's header) is aligned: right, so that digits line up.
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def sort_value(value: Any) -> Any:
    """What a cell sorts by (``SortRole``): text regardless of case, anything else as it is."""
    return value.casefold() if isinstance(value, str) else value


@contextmanager
def filter_change(
    proxy: QSortFilterProxyModel, directions: QSortFilterProxyModel.Direction = QSortFilterProxyModel.Direction.Both
) -> Iterator[None]:
    """Change what ``proxy`` filters by inside the block; it filters again once, after it."""
    proxy.beginFilterChange()
    try:
        yield
    finally:
        proxy.endFilterChange(directions)


class RecordRows(_ItemModel):
    """Rows of records: how many, each one's record and id, and what the subclass's ``_cell`` shows.

    A mixin before the Qt model class it serves (``RecordTableModel``, ``RecordListModel``).
    """

    # The record's attribute ``IdRole`` answers with; "" where the rows have no id of their own.
    ID_FIELD = ""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._records: Sequence[Any] = ()

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self._records = tuple(records)
        self.endResetModel()

    def _record(self, index: AnyIndex) -> Any:
        """The record of ``index``'s row, or None for an index outside the table."""
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        return self._records[index.row()]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._records)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self._record(index)
        if record is None:
            return None
        if role == RecordRole:
            return record
        if role == IdRole:
            return getattr(record, self.ID_FIELD) if self.ID_FIELD else None
        return self._cell(index.row(), record, index.column(), role)

    def _cell(self, row: int, record: Any, column: int, role: int) -> Any:
        """What a column shows in ``role``: each subclass says it for its own columns."""
        raise TypeError(f"{type(self).__name__} must override _cell to say what its columns show.")


class RecordListModel(RecordRows, QAbstractListModel):
    """A read-only list over a sequence of records."""


class RecordTableModel(RecordRows, QAbstractTableModel):
    """A read-only table over a sequence of records, with the header texts and tips of the subclass."""

    HEADERS: tuple[str, ...] = ()
    HEADER_TIPS: Mapping[int, str] = {}
    RIGHT_HEADERS: frozenset[int] = frozenset()

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def header_text(self, section: int) -> str:
        return tr(self.HEADERS[section])

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.header_text(section)
        if role == Qt.ItemDataRole.ToolTipRole and section in self.HEADER_TIPS:
            return tr(self.HEADER_TIPS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.RIGHT_HEADERS:
            return RIGHT
        return None
