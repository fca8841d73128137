"""The organisation's staffing gaps: every project's requirements in one table, and the scarce skills.

``OrgGapsModel`` has one row per (project, requirement); ``ScarceSkillsModel``
one row per ``ScarceSkill`` of ``app.analysis.staffing.scarce_skills``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from views.labels import tr
from views.roles import IdRole, RecordRole, SortRole
from views.staffing.records_model import DEFAULT_LEVEL_NAMES, LevelledRecordsModel
from views.staffing.requirements_model import (
    FTE_EPSILON,
    GAP_FILL,
    GAP_TEXT,
    MUTED_TEXT,
    RISK_TEXT,
    criticality_label,
    criticality_rank,
    fte_text,
    level_text,
)

if TYPE_CHECKING:
    from app.analysis.staffing import RequirementGap, ScarceSkill

AnyIndex = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

PROJECT, SKILL, AREA, MIN_LEVEL, NEEDED, COVERED, GAP, CRITICALITY, KEY_PERSON = range(9)
HEADERS = ("Project", "Skill", "Area", "Min. level", "Needed", "Covered", "Gap", "Criticality", "Key-person risk")
HEADER_TIPS = {
    NEEDED: "FTE the project needs with this skill at the minimum level.",
    COVERED: "FTE covered: the allocations of members at or above the minimum level, added up.",
    GAP: "FTE still missing: needed minus covered, when positive.",
    KEY_PERSON: "Exactly one member covers this skill: the project depends on one person.",
}
NUMERIC = frozenset({NEEDED, COVERED, GAP})

SCARCE_SKILL, SCARCE_AREA, SCARCE_LEVEL, SCARCE_GAP, SCARCE_PROJECTS, SCARCE_QUALIFIED = range(6)
SCARCE_HEADERS = ("Skill", "Area", "Level asked", "Gap", "Projects short", "Qualified people")


class OrgGapRow(NamedTuple):
    """One project's requirement, with the project it belongs to."""

    project_id: int
    project_name: str
    gap: RequirementGap


class OrgGapsModel(LevelledRecordsModel):
    HEADERS = HEADERS
    HEADER_TIPS = HEADER_TIPS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._gap_fill = QBrush(GAP_FILL)
        self._gap_text = QBrush(GAP_TEXT)
        self._risk_text = QBrush(RISK_TEXT)
        self._muted_text = QBrush(MUTED_TEXT)
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Sequence[OrgGapRow], *, level_names: Sequence[str] = DEFAULT_LEVEL_NAMES) -> None:
        self.set_records(rows, level_names=level_names)

    def rows(self) -> tuple[OrgGapRow, ...]:
        return self._records

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._record(index)
        if row is None:
            return None
        gap = row.gap
        column = index.column()
        short = gap.gap_fte > FTE_EPSILON
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column, short=short)
        if role == SortRole:
            return self._sort_value(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return RIGHT
        if role == Qt.ItemDataRole.BackgroundRole and column == GAP and short:
            return self._gap_fill
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == GAP:
                return self._gap_text if short else self._muted_text
            if column == KEY_PERSON and gap.key_person_risk:
                return self._risk_text
            return None
        if role == Qt.ItemDataRole.FontRole and column == GAP and short:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and column == PROJECT:
            return tr("Double-click to open {project}'s staffing.").format(project=row.project_name)
        if role == RecordRole:
            return row
        if role == IdRole:
            return row.project_id
        return None

    @staticmethod
    def _sort_value(row: OrgGapRow, column: int) -> Any:
        gap = row.gap
        if column == PROJECT:
            return row.project_name.casefold()
        if column == SKILL:
            return gap.skill.casefold()
        if column == AREA:
            return gap.area.casefold()
        if column == CRITICALITY:
            return criticality_rank(gap.criticality)
        if column == MIN_LEVEL:
            return gap.min_level
        if column == NEEDED:
            return gap.needed_fte
        if column == COVERED:
            return gap.covered_fte
        if column == GAP:
            return gap.gap_fte
        return gap.key_person_risk

    def _display(self, row: OrgGapRow, column: int, *, short: bool) -> str:
        gap = row.gap
        if column == PROJECT:
            return row.project_name
        if column == SKILL:
            return gap.skill
        if column == AREA:
            return gap.area
        if column == MIN_LEVEL:
            return level_text(gap.min_level, self._level_names)
        if column == NEEDED:
            return fte_text(gap.needed_fte)
        if column == COVERED:
            return fte_text(gap.covered_fte)
        if column == GAP:
            return fte_text(gap.gap_fte if short else 0.0)
        if column == CRITICALITY:
            return criticality_label(gap.criticality)
        if column == KEY_PERSON:
            if gap.key_person_risk and gap.covering_members:
                return tr("Only {name}").format(name=gap.covering_members[0].name)
            return ""
        return ""


class ScarceSkillsModel(LevelledRecordsModel):
    """Skills most short across the organisation, as ``scarce_skills`` ranks them."""

    HEADERS = SCARCE_HEADERS
    HEADER_TIPS = {
        SCARCE_LEVEL: "The highest minimum level among the projects short of this skill.",
        SCARCE_GAP: "FTE missing in this skill, added up over every project.",
        SCARCE_PROJECTS: "How many projects are short of this skill.",
        SCARCE_QUALIFIED: "Active people in the organisation at or above the level asked.",
    }

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._gap_text = QBrush(GAP_TEXT)
        self._risk_text = QBrush(RISK_TEXT)

    def set_skills(self, skills: Sequence[ScarceSkill], *, level_names: Sequence[str] = DEFAULT_LEVEL_NAMES) -> None:
        self.set_records(skills, level_names=level_names)

    def skills(self) -> tuple[ScarceSkill, ...]:
        return self._records

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        skill = self._record(index)
        if skill is None:
            return None
        column = index.column()
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
            return (
                skill.skill.casefold(),
                skill.area.casefold(),
                skill.highest_min_level,
                skill.total_gap_fte,
                skill.projects_short,
                skill.qualified_people,
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (SCARCE_GAP, SCARCE_PROJECTS, SCARCE_QUALIFIED):
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == SCARCE_GAP and skill.total_gap_fte > FTE_EPSILON:
                return self._gap_text
            if column == SCARCE_QUALIFIED and skill.qualified_people <= 1:
                return self._risk_text
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == SCARCE_QUALIFIED and skill.qualified_people <= 1:
            return tr("Hardly anyone in the organisation has this skill: hire or train.")
        if role == RecordRole:
            return skill
        if role == IdRole:
            return skill.skill_id
        return None
