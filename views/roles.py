"""Item-data roles shared by Steward's Qt models (after Vorta)."""

from __future__ import annotations

from PySide6.QtCore import Qt

SortRole = Qt.ItemDataRole.UserRole + 1  # the raw value to sort by
RecordRole = Qt.ItemDataRole.UserRole + 2  # the whole row's record (a frozen dataclass)
IdRole = Qt.ItemDataRole.UserRole + 3  # the row's database id
