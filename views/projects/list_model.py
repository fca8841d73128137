"""The sidebar's list of projects: one row per project, name and stage."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from app.queries.projects import ProjectProfile
from views.labels import label, stage_colour, tr
from views.roles import SortRole
from views.table_model_base import RecordListModel


def _stage_dot(colour: QColor) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(colour)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


class ProjectListModel(RecordListModel):
    ID_FIELD = "id"

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._icons: dict[str, QIcon] = {}

    def set_projects(self, projects: list[ProjectProfile]) -> None:
        self.set_records(projects)

    def row_of(self, project_id: int) -> int | None:
        for row, project in enumerate(self._records):
            if project.id == project_id:
                return row
        return None

    def _cell(self, row: int, project: ProjectProfile, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return project.name
        if role == Qt.ItemDataRole.DecorationRole:
            icon = self._icons.get(project.stage)
            if icon is None:
                icon = self._icons[project.stage] = _stage_dot(stage_colour(project.stage))
            return icon
        if role == Qt.ItemDataRole.ToolTipRole:
            personal = tr("personal data") if project.personal_data else tr("no personal data")
            return (
                f"{project.name}\n{label(project.stage)} · {label(project.decision_mode)} · "
                f"{label(project.model_origin)} · {personal}"
            )
        if role == SortRole:
            return project.name.casefold()
        return None
