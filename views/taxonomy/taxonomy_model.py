"""The skill taxonomy as a tree (areas holding skills) and the level descriptors as a table.

Both models are read-only towards the database: an edit in place (renaming an
area or skill, rewording a level) is emitted as a request signal, the page
runs it as an undoable service call, and the reload that follows shows it.
"""

from __future__ import annotations

from typing import Any, overload

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from app.queries.people import AreaRow, LevelDescriptorRow, SkillRow
from views import palette
from views.counting import counted
from views.labels import tr
from views.roles import IdRole, RecordRole, SortRole
from views.table_model_base import RIGHT, AnyIndex, RecordTableModel, sort_value

NAME, PEOPLE, PROJECTS, NOTES = range(4)
HEADERS = ("Area / skill", "People assessed", "Projects requiring", "Notes")
NUMERIC_COLUMNS = frozenset({PEOPLE, PROJECTS})
RETIRED = QColor(palette.RETIRED)
# internalId of an area's index; a skill's index carries its area's row + 1.
_AREA_ID = 0


class TaxonomyModel(QAbstractItemModel):
    """Areas at the top level, their skills below; ``rename_requested(kind, id, old, new)`` on an edit."""

    rename_requested = Signal(str, int, str, str)  # "area" | "skill", id, old name, new name
    describe_requested = Signal(int, str, str, str)  # skill id, its name, old description, new description

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._areas: tuple[AreaRow, ...] = ()

    def set_areas(self, areas: tuple[AreaRow, ...]) -> None:
        self.beginResetModel()
        self._areas = tuple(areas)
        self.endResetModel()

    def areas(self) -> tuple[AreaRow, ...]:
        return self._areas

    # --- finding ---------------------------------------------------------------------
    def area_index(self, area_id: int, column: int = NAME) -> QModelIndex:
        for row, area in enumerate(self._areas):
            if area.id == area_id:
                return self.index(row, column)
        return QModelIndex()

    def skill_index(self, skill_id: int, column: int = NAME) -> QModelIndex:
        for area_row, area in enumerate(self._areas):
            for row, skill in enumerate(area.skills):
                if skill.id == skill_id:
                    return self.index(row, column, self.index(area_row, 0))
        return QModelIndex()

    def record(self, index: AnyIndex) -> AreaRow | SkillRow | None:
        if not index.isValid():
            return None
        area_row = index.internalId() - 1
        if area_row < 0:
            return self._areas[index.row()] if index.row() < len(self._areas) else None
        if area_row >= len(self._areas):
            return None
        skills = self._areas[area_row].skills
        return skills[index.row()] if index.row() < len(skills) else None

    # --- structure -------------------------------------------------------------------
    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _AREA_ID)
        return self.createIndex(row, column, parent.row() + 1)

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, index: AnyIndex) -> QModelIndex: ...
    def parent(self, index: AnyIndex | None = None) -> QObject | QModelIndex | None:
        # Without an index this is QObject.parent(), which an index's parent must not hide.
        if index is None:
            return super().parent()
        if not index.isValid() or index.internalId() == _AREA_ID:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _AREA_ID)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._areas)
        if parent.column() != 0 or parent.internalId() != _AREA_ID:
            return 0
        return len(self._areas[parent.row()].skills) if parent.row() < len(self._areas) else 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return len(HEADERS)

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:
        return self.rowCount(parent) > 0

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(HEADERS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if section in NUMERIC_COLUMNS else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        record = self.record(index)
        if record is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not record.retired and (
            index.column() == NAME or (index.column() == NOTES and isinstance(record, SkillRow))
        ):
            flags |= Qt.ItemFlag.ItemIsEditable
        if isinstance(record, SkillRow):
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    # --- data --------------------------------------------------------------------------
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.record(index)
        if record is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(record, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == NAME:
                return record.name
            if column == NOTES and isinstance(record, SkillRow):
                return record.description
            return self._display(record, column)
        if role == SortRole:
            return sort_value(
                (record.name, record.people_assessed, record.projects_requiring, self._display(record, NOTES))[column]
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC_COLUMNS:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and record.retired:
            return QBrush(RETIRED)
        if role == Qt.ItemDataRole.FontRole:
            if record.retired:
                font = QFont()
                font.setItalic(True)
                return font
            if isinstance(record, AreaRow) and column == NAME:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record)
        if role == RecordRole:
            return record
        if role == IdRole:
            return record.id
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        record = self.record(index)
        if record is None or role != Qt.ItemDataRole.EditRole or record.retired:
            return False
        if index.column() == NOTES and isinstance(record, SkillRow):
            description = str(value).strip()
            if description == record.description:
                return False
            self.describe_requested.emit(record.id, record.name, record.description, description)
            return True
        if index.column() != NAME:
            return False
        name = str(value).strip()
        if not name or name == record.name:
            return False
        # The database decides (a duplicate name is refused there); the reload shows the outcome.
        self.rename_requested.emit("area" if isinstance(record, AreaRow) else "skill", record.id, record.name, name)
        return True

    @staticmethod
    def _display(record: AreaRow | SkillRow, column: int) -> str:
        if column == NAME:
            return record.name
        if column == PEOPLE:
            return str(record.people_assessed)
        if column == PROJECTS:
            return str(record.projects_requiring)
        notes: list[str] = []
        if isinstance(record, AreaRow):
            active = sum(not skill.retired for skill in record.skills)
            notes.append(counted(active, "{count} skill", "{count} skills"))
            if record.core_discipline:
                notes.append(tr("core MLOps discipline"))
        else:
            if record.description:
                notes.append(record.description)
        if record.retired:
            notes.insert(0, tr("Retired"))
        return " · ".join(notes)

    @staticmethod
    def _tooltip(record: AreaRow | SkillRow) -> str | None:
        if isinstance(record, SkillRow):
            return tr(
                "{assessments} assessments of {people} people; required by {projects} projects; "
                "{certifications} certifications"
            ).format(
                assessments=record.assessments,
                people=record.people_assessed,
                projects=record.projects_requiring,
                certifications=record.certifications,
            )
        if record.core_discipline:
            return tr(
                "One of the four disciplines every MLOps team needs (data science, machine learning, "
                "software engineering, cyber security)."
            )
        return None


LEVEL, LABEL, DESCRIPTION = range(3)
LEVEL_HEADERS = ("Level", "Label", "What it means")


class LevelDescriptorModel(RecordTableModel):
    """The 0–4 scale; label and description editable: ``edit_requested(level, field, old, new)``."""

    edit_requested = Signal(int, str, str, str)  # level, "label" | "description", old, new
    HEADERS = LEVEL_HEADERS
    ID_FIELD = "level"

    def set_levels(self, levels: list[LevelDescriptorRow]) -> None:
        self.set_records(levels)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() in (LABEL, DESCRIPTION):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _cell(self, row: int, level: LevelDescriptorRow, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (str(level.level), level.label, level.description)[column]
        if role == SortRole:
            return sort_value((level.level, level.label, level.description)[column])
        if role == Qt.ItemDataRole.TextAlignmentRole and column == LEVEL:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == DESCRIPTION:
            return level.description
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() not in (LABEL, DESCRIPTION):
            return False
        level = self._records[index.row()]
        field = "label" if index.column() == LABEL else "description"
        old = getattr(level, field)
        new = str(value).strip()
        if new == old or (field == "label" and not new):
            return False
        self.edit_requested.emit(level.level, field, old, new)
        return True
