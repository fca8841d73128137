"""A project's skill requirements with their coverage: the staffing page's main table.

One row per ``RequirementGap`` of ``app.analysis.staffing``. The minimum level,
the needed FTE and the criticality are editable in place; the model never
writes: ``setData`` announces the edit through ``edit_requested`` and shows the
new value until the next analysis replaces the rows (so the cell does not jump
back while the service call runs on the worker).

The display helpers at the top (levels with their labels, FTE numbers,
criticality order, the warning colours) are shared by the other staffing models;
``RequirementColumns`` is how any table shows a requirement's columns (the
organisation's gaps show them after the project's name).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from app.labels import criticality_rank as criticality_rank  # re-exported for the other staffing models
from models.enums import Criticality
from views.counting import counted
from views.labels import criticality_label as criticality_label  # re-exported for the other staffing models
from views.labels import tr
from views.palette import ALERT, ALERT_FILL, CAUTION, FADED, coloured
from views.roles import SortRole
from views.staffing.records_model import DEFAULT_LEVEL_NAMES, LevelledRecordsModel
from views.table_model_base import RIGHT, AnyIndex

if TYPE_CHECKING:
    from app.analysis.staffing import RequirementGap

# Low to critical, the enum's own order (``app.labels.criticality_rank`` counts in it).
CRITICALITY_ORDER: tuple[Criticality, ...] = tuple(Criticality)
# Red for what is short, amber for what is fragile: text and a light fill, both readable on white.
GAP_TEXT = QColor(ALERT)
GAP_FILL = QColor(ALERT_FILL)
RISK_TEXT = QColor(CAUTION)
MUTED_TEXT = QColor(FADED)
# Below this an FTE difference is rounding, not a gap.
FTE_EPSILON = 1e-6

SKILL, AREA, MIN_LEVEL, NEEDED, COVERED, GAP, CRITICALITY, KEY_PERSON = range(8)
# The FTE columns say their unit in their tooltips: "FTE" in every header would cost a column's width.
HEADERS = ("Skill", "Area", "Min. level", "Needed", "Covered", "Gap", "Criticality", "Key-person risk")
# The editable columns and the requirement field each one edits.
EDITABLE: dict[int, str] = {MIN_LEVEL: "min_level", NEEDED: "needed_fte", CRITICALITY: "criticality"}
NUMERIC = frozenset({NEEDED, COVERED, GAP})


def level_text(level: int, level_names: Sequence[str] = DEFAULT_LEVEL_NAMES) -> str:
    """``3 · Advanced``: the number for sorting by eye, the label for meaning."""
    if 0 <= level < len(level_names):
        return f"{level} · {tr(level_names[level])}"
    return str(level)


def fte_text(value: float) -> str:
    return f"{value:.2f}"


def key_person_risks_text(risks: int) -> str:
    """ "<b>2</b> key-person risks" in the amber of a risk, for a page's summary line."""
    return coloured(counted(risks, "<b>{count}</b> key-person risk", "<b>{count}</b> key-person risks"), CAUTION)


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class RequirementColumns(LevelledRecordsModel):
    """What a table of ``RequirementGap``s shows in the columns ``SKILL`` to ``KEY_PERSON`` (numbered as here).

    The gap is red on a light red fill and bold while short, muted once covered; a
    key-person risk is amber. The editable fields read through ``_value``, which the
    requirements table overrides to show an edit on its way to the database.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._bold_font = _bold()
        self._gap_fill = QBrush(GAP_FILL)
        self._gap_text = QBrush(GAP_TEXT)
        self._risk_text = QBrush(RISK_TEXT)
        self._muted_text = QBrush(MUTED_TEXT)

    def _value(self, gap: RequirementGap, column: int) -> Any:
        """The raw value of an editable ``column``, as the analysis has it."""
        return {MIN_LEVEL: gap.min_level, NEEDED: gap.needed_fte, CRITICALITY: gap.criticality}.get(column)

    def _requirement_cell(self, gap: RequirementGap, column: int, role: int) -> Any:
        short = gap.gap_fte > FTE_EPSILON
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(gap, column)
        if role == SortRole:
            return self._sort_value(gap, column)
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
            return self._bold_font
        return None

    def _sort_value(self, gap: RequirementGap, column: int) -> Any:
        if column == SKILL:
            return gap.skill.casefold()
        if column == AREA:
            return gap.area.casefold()
        if column == COVERED:
            return gap.covered_fte
        if column == GAP:
            return gap.gap_fte
        if column == CRITICALITY:
            return criticality_rank(self._value(gap, CRITICALITY))
        if column == KEY_PERSON:
            return gap.key_person_risk
        return self._value(gap, column)

    def _display(self, gap: RequirementGap, column: int) -> str:
        if column == SKILL:
            return gap.skill
        if column == AREA:
            return gap.area
        if column == MIN_LEVEL:
            return level_text(int(self._value(gap, MIN_LEVEL)), self._level_names)
        if column == NEEDED:
            return fte_text(float(self._value(gap, NEEDED)))
        if column == COVERED:
            return fte_text(gap.covered_fte)
        if column == GAP:
            return fte_text(gap.gap_fte) if gap.gap_fte > FTE_EPSILON else fte_text(0.0)
        if column == CRITICALITY:
            return criticality_label(str(self._value(gap, CRITICALITY)))
        if column == KEY_PERSON:
            if gap.key_person_risk and gap.covering_members:
                return tr("Only {name}").format(name=gap.covering_members[0].name)
            return ""
        return ""


class RequirementsModel(RequirementColumns):
    """Rows of ``RequirementGap``; ``edit_requested(requirement_id, field, before, after)`` asks for a change."""

    edit_requested = Signal(int, str, object, object)
    HEADERS = HEADERS
    ID_FIELD = "requirement_id"
    HEADER_TIPS = {
        MIN_LEVEL: "The level a member needs to count towards this requirement (double-click to change).",
        NEEDED: "FTE the project needs with this skill at the minimum level (double-click to change).",
        COVERED: "FTE covered: the allocations of members at or above the minimum level, added up.",
        GAP: "FTE still missing: needed minus covered, when positive.",
        CRITICALITY: "How much the project suffers without this skill (double-click to change).",
        KEY_PERSON: "Exactly one member covers this skill: the project depends on one person.",
    }

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        # (requirement id, column) -> the value the user just entered, shown until the analysis catches up.
        self._pending: dict[tuple[int, int], Any] = {}

    # --- content -------------------------------------------------------------------
    def set_requirements(
        self, requirements: Sequence[RequirementGap], *, level_names: Sequence[str] = DEFAULT_LEVEL_NAMES
    ) -> None:
        self._pending.clear()
        self.set_records(requirements, level_names=level_names)

    def requirements(self) -> tuple[RequirementGap, ...]:
        return self._records

    def row_of(self, requirement_id: int) -> int:
        """The row showing ``requirement_id``, or -1."""
        return next((row for row, gap in enumerate(self._records) if gap.requirement_id == requirement_id), -1)

    # --- Qt's table interface ------------------------------------------------------
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _value(self, gap: RequirementGap, column: int) -> Any:
        """The raw value of ``column``, the user's pending edit first."""
        pending = self._pending.get((gap.requirement_id, column))
        if pending is not None:
            return pending
        return super()._value(gap, column)

    def _cell(self, row: int, gap: RequirementGap, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.EditRole:
            return self._value(gap, column) if column in EDITABLE else self._display(gap, column)
        if role == Qt.ItemDataRole.FontRole and column == CRITICALITY:
            critical = self._value(gap, CRITICALITY) == Criticality.CRITICAL
            return self._bold_font if critical else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(gap, column, short=gap.gap_fte > FTE_EPSILON)
        return self._requirement_cell(gap, column, role)

    def _tooltip(self, gap: RequirementGap, column: int, *, short: bool) -> str | None:
        if column == GAP:
            if short:
                return tr("{gap:.2f} FTE short of the {needed:.2f} FTE needed.").format(
                    gap=gap.gap_fte, needed=gap.needed_fte
                )
            return tr("Fully covered.")
        if column == KEY_PERSON and gap.key_person_risk and gap.covering_members:
            return tr("Only {name} covers this skill: if they leave or are away, the project loses it.").format(
                name=gap.covering_members[0].name
            )
        if column == COVERED:
            count = len(gap.covering_members)
            if not count:
                return tr("No member is at or above the minimum level.")
            return counted(
                count, "{count} member at or above the minimum level.", "{count} members at or above the minimum level."
            )
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Announce an edit of an editable cell; the page turns it into a service call."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in EDITABLE:
            return False
        gap = self._records[index.row()]
        column = index.column()
        # "Before" is what the cell shows: the database's value, or an earlier edit that is on its way there
        # (the worker runs edits in order, so that is what the database holds when this one runs).
        before = self._value(gap, column)
        after = self._clean(column, value)
        if after is None or after == before:
            return False
        self._pending[(gap.requirement_id, column)] = after
        self.dataChanged.emit(index, index)
        self.edit_requested.emit(gap.requirement_id, EDITABLE[column], before, after)
        return True

    @staticmethod
    def _clean(column: int, value: Any) -> Any:
        try:
            if column == MIN_LEVEL:
                level = int(value)
                return level if 1 <= level <= 4 else None
            if column == NEEDED:
                needed = round(float(value), 2)
                return needed if needed > 0 else None
            return Criticality(str(value)).value
        except (TypeError, ValueError):
            return None
