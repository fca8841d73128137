"""The scaffolding the staffing tables share: records under fixed headers, shown with the level names.

Each staffing model is a table over a tuple of analysis records (requirements,
gaps, scarce skills, people) whose levels are written with the organisation's
level names. ``LevelledRecordsModel`` holds the records and the names, counts
rows and columns, and answers the header texts and tips of its subclass
(``HEADERS``, ``HEADER_TIPS``, translated when shown); a subclass says what its
cells show in ``data``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from views.labels import LEVEL_NAMES, tr

AnyIndex = QModelIndex | QPersistentModelIndex

# The default wording of the 0–4 scale (``app.labels``); the database's level descriptors replace it when known.
DEFAULT_LEVEL_NAMES: tuple[str, ...] = LEVEL_NAMES


class LevelledRecordsModel(QAbstractTableModel):
    """A read-only table over a tuple of records, with the header texts and tips of the subclass."""

    HEADERS: tuple[str, ...] = ()
    HEADER_TIPS: Mapping[int, str] = {}

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

    def level_names(self) -> tuple[str, ...]:
        return self._level_names

    def _record(self, index: AnyIndex) -> Any:
        """The record of ``index``'s row, or None for an index outside the table."""
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        return self._records[index.row()]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

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
