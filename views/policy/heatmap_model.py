"""The heat map's table: its columns, colours and words, the model, the cell painter, the header and the filter.

``HeatmapModel`` shows ``app.analysis.governance.organisation_heatmap``: one row
per project (name, stage), one column per policy category, each cell covered,
stale, missing or n/a. A cell says its status in words as well as in colour, a
blocking gap (one that keeps the project at its current stage) is bold with a
"■" and a dark frame (``HeatmapDelegate``), and its tooltip names the category,
the status, whether it blocks, and the policies that cover it. The category
titles are written upwards (``CategoryHeader``); ``HeatmapFilterProxy`` keeps
the rows of a stage, or only those with a blocking gap.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QHeaderView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.analysis.governance import COVERED, MISSING, NOT_APPLICABLE, STAGE_ORDER, STALE, Heatmap, HeatmapRow
from models.enums import PolicyCategory, Stage
from views import palette
from views.labels import label, stage_colour, tr
from views.policy.wording import name
from views.roles import IdRole, RecordRole, SortRole
from views.rotated_header import paint_rotated_title, paint_section_frame, paint_sort_arrow
from views.table_model_base import filter_change

AnyIndex = QModelIndex | QPersistentModelIndex

PROJECT, STAGE = 0, 1
FIRST_CATEGORY = 2
ROW_HEIGHT = 28

# Fills for black text, told apart by lightness as well as hue (so also under red-green colour-vision
# deficiencies: missing is clearly the darkest, n/a the palest), and the status is always written too.
FILLS: dict[str, QColor] = {
    COVERED: QColor("#a8dcc8"),
    STALE: QColor("#fbd77e"),
    MISSING: QColor("#ef9a92"),
    NOT_APPLICABLE: QColor("#f1f2f5"),
}
TEXT = QColor(palette.INK)
MUTED_TEXT = QColor(palette.MUTED)
BLOCKING_FRAME = QColor(palette.INK)
SELECTION_FRAME = QColor(palette.ACCENT)

STATUS_WORDS = {COVERED: "Covered", STALE: "Stale", MISSING: "Missing", NOT_APPLICABLE: "n/a"}
STATUS_MEANINGS = {
    COVERED: "Covered: a policy in force is within its review date.",
    STALE: "Stale: every policy in force for it is past its review date.",
    MISSING: "Missing: no policy in force covers it.",
    NOT_APPLICABLE: "n/a: not needed at this project's stage and profile.",
}
BLOCK_MARK = "■"
# Sorting a category column: the worst first (blocking missing, missing, blocking stale, stale, covered, n/a).
_SEVERITY = {MISSING: 0, STALE: 2, COVERED: 4, NOT_APPLICABLE: 5}

# Category titles are written bottom-to-top (as in the skills matrix), so ten columns fit beside the
# project's name and stage in a 1100-pixel window.
HEADER_FILL = QColor(palette.HEADER_FILL)
HEADER_TEXT = QColor(palette.INK_SOFT)
HEADER_LINE = QColor(palette.RULE)
SORT_ARROW = QColor(palette.ACCENT)
CELL_PADDING = 10
MAX_CATEGORY_WIDTH = 120
MIN_PROJECT_WIDTH = 120


def status_text(status: str, *, blocking: bool) -> str:
    """What a cell reads: the status in words, with the blocking mark when it blocks."""
    words = tr(STATUS_WORDS[status])
    return f"{words} {BLOCK_MARK}" if blocking else words


class HeatmapModel(QAbstractTableModel):
    """Projects × policy categories; ``RecordRole`` is the row's ``HeatmapRow``, ``IdRole`` its project id."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._categories: tuple[PolicyCategory, ...] = tuple(PolicyCategory)
        self._rows: tuple[HeatmapRow, ...] = ()
        self._fills = {status: QBrush(colour) for status, colour in FILLS.items()}
        self._text = QBrush(TEXT)
        self._muted = QBrush(MUTED_TEXT)
        self._bold = QFont()
        self._bold.setBold(True)

    def set_heatmap(self, heatmap: Heatmap) -> None:
        self.beginResetModel()
        self._categories = heatmap.categories
        self._rows = heatmap.rows
        self.endResetModel()

    def rows(self) -> tuple[HeatmapRow, ...]:
        return self._rows

    @property
    def categories(self) -> tuple[PolicyCategory, ...]:
        return self._categories

    def category_of(self, column: int) -> PolicyCategory | None:
        """The category of ``column``, or None for the project and stage columns."""
        offset = column - FIRST_CATEGORY
        return self._categories[offset] if 0 <= offset < len(self._categories) else None

    def column_of(self, category: PolicyCategory | str) -> int:
        return FIRST_CATEGORY + self._categories.index(PolicyCategory(category))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else FIRST_CATEGORY + len(self._categories)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        category = self.category_of(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if category is None:
                return tr("Project") if section == PROJECT else tr("Stage")
            return name(category)
        if role == Qt.ItemDataRole.ToolTipRole and category is not None:
            return tr("{category}: click to sort the projects by it, the worst first.").format(category=name(category))
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == RecordRole:
            return row
        if role == IdRole:
            return row.project_id
        category = self.category_of(column)
        if category is None:
            return self._project_data(row, column, role)
        cell = row.cell(column - FIRST_CATEGORY, category)
        if role == Qt.ItemDataRole.DisplayRole:
            return status_text(cell.status, blocking=cell.blocking)
        if role == SortRole:
            return _SEVERITY[cell.status] + (0 if cell.blocking else 1)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._fills[cell.status]
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._muted if cell.status == NOT_APPLICABLE else self._text
        if role == Qt.ItemDataRole.FontRole and cell.blocking:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._cell_tip(
                row, cell.category, cell.status, blocking=cell.blocking, policies=cell.policies, note=cell.note
            )
        return None

    def _project_data(self, row: HeatmapRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return row.name if column == PROJECT else label(row.stage)
        if role == SortRole:
            return row.name.casefold() if column == PROJECT else STAGE_ORDER.index(row.stage)
        if role == Qt.ItemDataRole.DecorationRole and column == STAGE:
            return stage_colour(row.stage)
        if role == Qt.ItemDataRole.ToolTipRole:
            blocking = row.blocking_count
            summary = (
                tr("{count} gap(s) block its stage.").format(count=blocking)
                if blocking
                else tr("Nothing blocks its stage.")
            )
            return tr("{project} ({stage}). {summary}\nDouble-click to open its policies.").format(
                project=row.name, stage=label(row.stage), summary=summary
            )
        return None

    @staticmethod
    def _cell_tip(
        row: HeatmapRow, category: PolicyCategory, status: str, *, blocking: bool, policies: tuple[str, ...], note: str
    ) -> str:
        lines = [
            tr("{project} — {category}").format(project=row.name, category=name(category)),
            tr(STATUS_MEANINGS[status]),
        ]
        if status != NOT_APPLICABLE:
            if blocking:
                lines.append(
                    tr(
                        "■ Blocking: keeps the project from its current stage ({stage}) without a "
                        "recorded justification."
                    ).format(stage=label(row.stage))
                )
            elif status != COVERED:
                lines.append(tr("Not blocking at its current stage ({stage}).").format(stage=label(row.stage)))
        if policies:
            lines.append(tr("Covering policies: {titles}").format(titles=", ".join(policies)))
        elif status in (MISSING, STALE):
            lines.append(tr("No policy in force covers it."))
        if note:
            lines.append(note)
        return "\n".join(lines)


class HeatmapDelegate(QStyledItemDelegate):
    """Keeps a cell's status colour when its row is selected (a line above and below says "selected"),
    and frames a blocking cell."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if index.column() < FIRST_CATEGORY:
            super().paint(painter, option, index)
            return
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        options.state &= ~QStyle.StateFlag.State_Selected
        options.state &= ~QStyle.StateFlag.State_HasFocus
        options.features &= ~QStyleOptionViewItem.ViewItemFeature.Alternate
        widget: QWidget | None = option.widget  # None when painted without a view (the stubs say never)
        style = widget.style() if widget is not None else None
        painter.save()
        painter.fillRect(option.rect, options.backgroundBrush)
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, widget)
        row: HeatmapRow | None = index.data(RecordRole)
        category_column = index.column() - FIRST_CATEGORY
        if row is not None and row.blocking and row.blocking[category_column]:
            painter.setPen(QPen(BLOCKING_FRAME, 2))
            painter.drawRect(option.rect.adjusted(2, 2, -2, -2))
        if selected:
            # Lines above and below, not a tint: a tinted amber would read as another status.
            painter.setPen(QPen(SELECTION_FRAME, 2))
            painter.drawLine(option.rect.left(), option.rect.top() + 1, option.rect.right(), option.rect.top() + 1)
            painter.drawLine(option.rect.left(), option.rect.bottom(), option.rect.right(), option.rect.bottom())
        painter.restore()


class CategoryHeader(QHeaderView):
    """The project and stage titles as usual; the categories' written bottom-to-top, with the sort arrow on top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(False)
        self.setSortIndicatorShown(True)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)

    def _bold(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def sizeHint(self) -> QSize:
        names = [name(category) for category in PolicyCategory]
        longest = max(QFontMetrics(self._bold()).horizontalAdvance(text) for text in names)
        return QSize(super().sizeHint().width(), longest + 28)  # room for the sort arrow above

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        if logical_index < FIRST_CATEGORY:
            super().paintSection(painter, rect, logical_index)
            return
        text = str(self.model().headerData(logical_index, Qt.Orientation.Horizontal) or "")
        painter.save()
        paint_section_frame(painter, rect, fill=HEADER_FILL, line=HEADER_LINE)
        painter.setFont(self._bold())
        painter.setPen(HEADER_TEXT)
        paint_rotated_title(painter, rect, text, room=22)
        painter.restore()
        if self.sortIndicatorSection() == logical_index:
            paint_sort_arrow(painter, rect, self.sortIndicatorOrder(), colour=SORT_ARROW)


class HeatmapFilterProxy(QSortFilterProxyModel):
    """Rows of one stage (or all), and optionally only the projects with a blocking gap."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._stage: Stage | None = None
        self._only_blocking = False
        self.setSortRole(SortRole)

    def set_stage(self, stage: Stage | None) -> None:
        with filter_change(self, QSortFilterProxyModel.Direction.Rows):
            self._stage = stage

    def set_only_blocking(self, only_blocking: bool) -> None:
        with filter_change(self, QSortFilterProxyModel.Direction.Rows):
            self._only_blocking = only_blocking

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        row: HeatmapRow | None = self.sourceModel().index(source_row, 0, source_parent).data(RecordRole)
        if row is None:
            return False
        if self._stage is not None and row.stage is not self._stage:
            return False
        return not self._only_blocking or row.blocking_count > 0
