"""A read-only table over a sequence of tuples (NamedTuples, usually).

For previews and lists that can be long (an import of 400,000 levels): the rows
stay the caller's tuples; nothing is copied into ``QStandardItem``s.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt

from views.roles import SortRole
from views.table_model_base import RIGHT, RecordTableModel

Cell = Callable[[Any], Any]


class TupleTableModel(RecordTableModel):
    """Columns are (header, how to read the cell from a row); numbers align right."""

    def __init__(self, columns: Sequence[tuple[str, Cell]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self.HEADERS = tuple(header for header, _read in self._columns)

    def set_rows(self, rows: Sequence[Any]) -> None:
        # Kept as given, not copied: a preview's rows can be many.
        self.beginResetModel()
        self._records = rows
        self.endResetModel()

    def header_text(self, section: int) -> str:
        return self.HEADERS[section]  # the columns' headers come translated

    def _cell(self, row: int, record: Any, column: int, role: int) -> Any:
        value = self._columns[column][1](record)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else str(value)
        if role == SortRole:
            return value if value is not None else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return RIGHT
        return None
