"""The skill matrix as a Qt table model over a columnar ``MatrixSnapshot``.

Rows are people, columns are three fixed columns (name, department, shape), then
per skill area one column with the area's score followed by that area's skills.
The model never holds ORM objects or a session: it indexes numpy arrays.

Sorting and filtering happen here, on whole numpy columns, instead of in a
``QSortFilterProxyModel``: with 5,000 people a proxy's Python ``lessThan`` and
``filterAcceptsRow`` calls take seconds, an ``argsort`` takes a millisecond.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from views.labels import LEVEL_NAMES, SHAPES, shape_label, tr
from views.roles import IdRole, RecordRole, SortRole
from views.skills.palette import LevelColours

if TYPE_CHECKING:
    from app.analysis.skills import MatrixSnapshot

AnyIndex = QModelIndex | QPersistentModelIndex

NAME, DEPARTMENT, SHAPE = range(3)
FIXED_HEADERS = ("Name", "Department", "Shape")
FIXED, AREA, SKILL = "fixed", "area", "skill"
# The shapes' values in the order the shape column sorts and the shape filter lists them (``app.labels``).
SHAPE_ORDER: tuple[str, ...] = tuple(SHAPES)


@dataclass(frozen=True, slots=True)
class MatrixColumn:
    kind: str  # FIXED, AREA or SKILL
    index: int  # fixed column number, area index or skill index in the snapshot
    area: int  # the area it belongs to (-1 for fixed columns)


class SkillMatrixModel(QAbstractTableModel):
    """People × skills. ``level_edit_requested`` asks the page to record a new assessment."""

    level_edit_requested = Signal(int, int, int, int)  # person_id, skill_id, new level, old level

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.colours = LevelColours()
        self.snapshot: MatrixSnapshot | None = None
        self.columns: list[MatrixColumn] = []
        self.rows = np.zeros(0, dtype=np.int64)  # snapshot row of each visible row
        self._mask: np.ndarray | None = None
        self._sort: tuple[int, Qt.SortOrder] = (NAME, Qt.SortOrder.AscendingOrder)
        self._name_rank = np.zeros(0, dtype=np.int64)
        self._department_rank = np.zeros(0, dtype=np.int64)
        self._shape_codes = np.zeros(0, dtype=np.int8)
        self.level_labels = list(LEVEL_NAMES)

    # --- loading ---------------------------------------------------------------------
    def set_snapshot(self, snapshot: MatrixSnapshot, *, level_labels: list[str] | None = None) -> None:
        """Show ``snapshot``, keeping the current sort and filter (the filter mask is reset)."""
        self.beginResetModel()
        self.snapshot = snapshot
        if level_labels:
            self.level_labels = list(level_labels)
        self.columns = [MatrixColumn(FIXED, column, -1) for column in range(len(FIXED_HEADERS))]
        for area in range(len(snapshot.area_names)):
            self.columns.append(MatrixColumn(AREA, area, area))
            for skill in np.flatnonzero(snapshot.skill_area_index == area):
                self.columns.append(MatrixColumn(SKILL, int(skill), area))
        self._name_rank = _ranks([name.casefold() for name in snapshot.person_names])
        self._department_rank = _ranks([department.casefold() for department in snapshot.departments])
        self._shape_codes = np.array([SHAPE_ORDER.index(shape.value) for shape in snapshot.shapes], dtype=np.int8)
        self._mask = None
        self.rows = self._ordered(np.arange(len(snapshot.person_ids)))
        self.endResetModel()

    def set_filter(self, mask: np.ndarray | None) -> None:
        """Show only the people where ``mask`` is true (None: everyone)."""
        if self.snapshot is None:
            return
        self.beginResetModel()
        self._mask = mask
        candidates = np.arange(len(self.snapshot.person_ids)) if mask is None else np.flatnonzero(mask)
        self.rows = self._ordered(candidates)
        self.endResetModel()

    # --- Qt's table model ----------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or self.snapshot is None or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column.kind == FIXED:
                return tr(FIXED_HEADERS[column.index])
            if column.kind == AREA:
                area = self.snapshot.area_names[column.index]
                return (
                    area
                    if role == Qt.ItemDataRole.DisplayRole
                    else tr("{area}: best level in the area").format(area=area)
                )
            skill = self.snapshot.skill_names[column.index]
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{skill} ({self.snapshot.area_names[column.area]})"
            return skill
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self.columns[index.column()].kind == SKILL:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        snapshot = self.snapshot
        if snapshot is None or not index.isValid():
            return None
        row = int(self.rows[index.row()])
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, SortRole, Qt.ItemDataRole.EditRole):
            if column.kind == FIXED:
                if column.index == NAME:
                    name = snapshot.person_names[row]
                    return (
                        name
                        if snapshot.active[row] or role != Qt.ItemDataRole.DisplayRole
                        else tr("{name} (inactive)").format(name=name)
                    )
                if column.index == DEPARTMENT:
                    return snapshot.departments[row]
                shape = snapshot.shapes[row].value
                return shape_label(shape) if role == Qt.ItemDataRole.DisplayRole else SHAPE_ORDER.index(shape)
            level = int(
                snapshot.area_scores[row, column.index] if column.kind == AREA else snapshot.levels[row, column.index]
            )
            if role == Qt.ItemDataRole.DisplayRole:
                return "" if level < 0 else str(level)
            return level
        if role == Qt.ItemDataRole.ToolTipRole and column.kind != FIXED:
            level = int(
                snapshot.area_scores[row, column.index] if column.kind == AREA else snapshot.levels[row, column.index]
            )
            what = snapshot.area_names[column.index] if column.kind == AREA else snapshot.skill_names[column.index]
            shown = tr("not assessed") if level < 0 else f"{level} {tr(self.level_labels[level])}"
            return f"{snapshot.person_names[row]} — {what}: {shown}"
        if role == Qt.ItemDataRole.BackgroundRole and column.kind != FIXED:
            level = int(
                snapshot.area_scores[row, column.index] if column.kind == AREA else snapshot.levels[row, column.index]
            )
            return self.colours.fill_for(level)
        if role == Qt.ItemDataRole.ForegroundRole and column.kind != FIXED:
            level = int(
                snapshot.area_scores[row, column.index] if column.kind == AREA else snapshot.levels[row, column.index]
            )
            return self.colours.text_for(level)
        if role == IdRole:
            return int(snapshot.person_ids[row])
        if role == RecordRole:
            return row
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Editing a level does not change the snapshot: it asks for a new assessment."""
        if role != Qt.ItemDataRole.EditRole or self.snapshot is None or not index.isValid():
            return False
        column = self.columns[index.column()]
        if column.kind != SKILL:
            return False
        try:
            level = int(value)
        except (TypeError, ValueError):
            return False
        if not 0 <= level <= 4:
            return False
        row = int(self.rows[index.row()])
        old = int(self.snapshot.levels[row, column.index])
        if level == old:
            return False
        self.level_edit_requested.emit(
            int(self.snapshot.person_ids[row]), int(self.snapshot.skill_ids[column.index]), level, old
        )
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self.rows = self._ordered(self.rows)
        self.layoutChanged.emit()

    # --- helpers for the delegate and the page ---------------------------------------------
    def level_at(self, row: int, column: int) -> int:
        """The level painted in a heat-map cell (-1: not assessed); fast path for the delegate."""
        snapshot = self.snapshot
        assert snapshot is not None
        matrix_column = self.columns[column]
        person = self.rows[row]
        if matrix_column.kind == AREA:
            return int(snapshot.area_scores[person, matrix_column.index])
        return int(snapshot.levels[person, matrix_column.index])

    def person_row(self, person_id: int) -> int | None:
        """The visible row of ``person_id``, if shown."""
        if self.snapshot is None:
            return None
        found = np.flatnonzero(self.snapshot.person_ids[self.rows] == person_id)
        return int(found[0]) if len(found) else None

    def columns_of_area(self, area: int, *, kind: str = SKILL) -> list[int]:
        return [number for number, column in enumerate(self.columns) if column.area == area and column.kind == kind]

    def _ordered(self, people: np.ndarray) -> np.ndarray:
        """``people`` (snapshot rows) in the current sort order; ties broken by name."""
        snapshot = self.snapshot
        if snapshot is None or len(people) == 0:
            return people.astype(np.int64)
        column_number, order = self._sort
        column = self.columns[column_number] if column_number < len(self.columns) else self.columns[NAME]
        key: np.ndarray
        if column.kind == FIXED:
            fixed_keys: dict[int, np.ndarray] = {
                NAME: self._name_rank,
                DEPARTMENT: self._department_rank,
                SHAPE: self._shape_codes,
            }
            key = fixed_keys[column.index]
        elif column.kind == AREA:
            key = snapshot.area_scores[:, column.index]
        else:
            key = snapshot.levels[:, column.index]
        primary = key[people].astype(np.int64)
        if order == Qt.SortOrder.DescendingOrder:
            primary = -primary
        # np.lexsort sorts by the last key first.
        return people[np.lexsort((self._name_rank[people], primary))].astype(np.int64)


def _ranks(values: list[str]) -> np.ndarray:
    """Each value's position in sorted order (equal values get different, stable ranks)."""
    order = np.argsort(np.array(values, dtype=object), kind="stable")
    ranks = np.empty(len(values), dtype=np.int64)
    ranks[order] = np.arange(len(values))
    return ranks
