"""The scaffolding the staffing tables share: records under fixed headers, shown with the level names.

Each staffing model is a table over a tuple of analysis records (requirements,
gaps, scarce skills, people) whose levels are written with the organisation's
level names. ``LevelledRecordsModel`` is a ``RecordTableModel``
(``views.table_model_base``: rows, columns, headers and their tips, the record
and its id) that also holds the level names; a subclass says what its cells
show in ``_cell``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt

from views.labels import LEVEL_NAMES
from views.table_model_base import AnyIndex, RecordTableModel

# The default wording of the 0–4 scale (``app.labels``); the database's level descriptors replace it when known.
DEFAULT_LEVEL_NAMES: tuple[str, ...] = LEVEL_NAMES


class LevelledRecordsModel(RecordTableModel):
    """A read-only table over a tuple of records, with the header texts and tips of the subclass."""

    _records: tuple[Any, ...]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
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

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
