"""The organisation's staffing gaps: every project's requirements in one table, and the scarce skills.

``OrgGapsModel`` has one row per (project, requirement); ``ScarceSkillsModel``
one row per ``ScarceSkill`` of ``app.analysis.staffing.scarce_skills``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from views.labels import tr
from views.roles import SortRole
from views.staffing.records_model import DEFAULT_LEVEL_NAMES, LevelledRecordsModel
from views.staffing.requirements_model import (
    FTE_EPSILON,
    GAP_TEXT,
    RISK_TEXT,
    RequirementColumns,
    fte_text,
    level_text,
)
from views.table_model_base import RIGHT, sort_value

if TYPE_CHECKING:
    from app.analysis.staffing import RequirementGap, ScarceSkill

PROJECT, SKILL, AREA, MIN_LEVEL, NEEDED, COVERED, GAP, CRITICALITY, KEY_PERSON = range(9)
HEADERS = ("Project", "Skill", "Area", "Min. level", "Needed", "Covered", "Gap", "Criticality", "Key-person risk")
HEADER_TIPS = {
    NEEDED: "FTE the project needs with this skill at the minimum level.",
    COVERED: "FTE covered: the allocations of members at or above the minimum level, added up.",
    GAP: "FTE still missing: needed minus covered, when positive.",
    KEY_PERSON: "Exactly one member covers this skill: the project depends on one person.",
}

SCARCE_SKILL, SCARCE_AREA, SCARCE_LEVEL, SCARCE_GAP, SCARCE_PROJECTS, SCARCE_QUALIFIED = range(6)
SCARCE_HEADERS = ("Skill", "Area", "Level asked", "Gap", "Projects short", "Qualified people")


class OrgGapRow(NamedTuple):
    """One project's requirement, with the project it belongs to."""

    project_id: int
    project_name: str
    gap: RequirementGap


class OrgGapsModel(RequirementColumns):
    """The project's name, then the requirement's columns as the requirements table shows them."""

    HEADERS = HEADERS
    HEADER_TIPS = HEADER_TIPS
    ID_FIELD = "project_id"

    def set_rows(self, rows: Sequence[OrgGapRow], *, level_names: Sequence[str] = DEFAULT_LEVEL_NAMES) -> None:
        self.set_records(rows, level_names=level_names)

    def rows(self) -> tuple[OrgGapRow, ...]:
        return self._records

    def _cell(self, row: int, gap_row: OrgGapRow, column: int, role: int) -> Any:
        if column != PROJECT:
            # After the project come the requirements table's columns: column n here is column n - 1 there.
            return self._requirement_cell(gap_row.gap, column - 1, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return gap_row.project_name
        if role == SortRole:
            return gap_row.project_name.casefold()
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr("Double-click to open {project}'s staffing.").format(project=gap_row.project_name)
        return None


class ScarceSkillsModel(LevelledRecordsModel):
    """Skills most short across the organisation, as ``scarce_skills`` ranks them."""

    HEADERS = SCARCE_HEADERS
    ID_FIELD = "skill_id"
    HEADER_TIPS = {
        SCARCE_LEVEL: "The highest minimum level among the projects short of this skill.",
        SCARCE_GAP: "FTE missing in this skill, added up over every project.",
        SCARCE_PROJECTS: "How many projects are short of this skill.",
        SCARCE_QUALIFIED: "Active people in the organisation at or above the level asked.",
    }

    def set_skills(self, skills: Sequence[ScarceSkill], *, level_names: Sequence[str] = DEFAULT_LEVEL_NAMES) -> None:
        self.set_records(skills, level_names=level_names)

    def skills(self) -> tuple[ScarceSkill, ...]:
        return self._records

    def _cell(self, row: int, skill: ScarceSkill, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                skill.skill,
                skill.area,
                level_text(skill.highest_min_level, self._level_names),
                fte_text(skill.total_gap_fte),
                str(skill.projects_short),
                str(skill.qualified_people),
            )[column]
        if role == SortRole:
            return sort_value(
                (
                    skill.skill,
                    skill.area,
                    skill.highest_min_level,
                    skill.total_gap_fte,
                    skill.projects_short,
                    skill.qualified_people,
                )[column]
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (SCARCE_GAP, SCARCE_PROJECTS, SCARCE_QUALIFIED):
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == SCARCE_GAP and skill.total_gap_fte > FTE_EPSILON:
                return QBrush(GAP_TEXT)
            if column == SCARCE_QUALIFIED and skill.qualified_people <= 1:
                return QBrush(RISK_TEXT)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == SCARCE_QUALIFIED and skill.qualified_people <= 1:
            return tr("Hardly anyone in the organisation has this skill: hire or train.")
        return None
