"""The organisation's governance heat map: every project × every policy category, and what blocks whom.

``HeatmapModel`` shows ``app.analysis.governance.organisation_heatmap``: one row
per project (name, stage), one column per policy category, each cell covered,
stale, missing or n/a. A cell says its status in words as well as in colour, a
blocking gap (one that keeps the project at its current stage) is bold with a
"■" and a dark frame, and its tooltip names the category, the status, whether
it blocks, and the policies that cover it.

``GovernanceHeatmapPage`` loads the map on the worker through a ``ReloadGate``
(only while shown, one load at a time) and reloads when policies, projects or
the whole organisation change. Filters: a stage, and only the projects with a
blocking gap. Activating a row (double-click or Enter) emits
``project_activated(project_id)``, so the main window can open that project's
policies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.analysis.governance import COVERED, MISSING, NOT_APPLICABLE, STAGE_ORDER, STALE, Heatmap, HeatmapRow
from app.services.change import Entity
from models.enums import PolicyCategory, Stage
from views.context import AppContext
from views.full_text import show_full_text
from views.labels import label, stage_colour, tr
from views.org_page import OrgPage
from views.policy.wording import name
from views.roles import IdRole, RecordRole, SortRole
from views.tables import read_only_table

if TYPE_CHECKING:
    from app.db.database import Database

AnyIndex = QModelIndex | QPersistentModelIndex

# Changes that can move a cell: policies and their versions (approval puts one in force), sign-offs,
# projects (stage and profile decide what is needed), and an applied import.
RELEVANT_ENTITIES = frozenset(
    {
        Entity.IMPORT,
        Entity.POLICY,
        Entity.POLICY_VERSION,
        Entity.PROJECT,
        Entity.SIGN_OFF,
    }
)

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
TEXT = QColor("#1d2430")
MUTED_TEXT = QColor("#6b7280")
BLOCKING_FRAME = QColor("#1d2430")
SELECTION_FRAME = QColor("#2f6fd1")

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
HEADER_FILL = QColor("#f0f2f5")
HEADER_TEXT = QColor("#3b4350")
HEADER_LINE = QColor("#dde1e7")
SORT_ARROW = QColor("#2f6fd1")
CELL_PADDING = 10
MAX_CATEGORY_WIDTH = 120
MIN_PROJECT_WIDTH = 120


def load_heatmap(database: Database) -> Heatmap:
    """The organisation's heat map as of today (worker thread)."""
    from app.analysis.governance import organisation_heatmap

    return organisation_heatmap(database.reader())


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
        painter.fillRect(rect, HEADER_FILL)
        painter.setPen(HEADER_LINE)
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.setFont(self._bold())
        painter.setPen(HEADER_TEXT)
        painter.translate(rect.left(), rect.bottom())
        painter.rotate(-90)
        text_rect = QRect(6, 0, rect.height() - 22, rect.width())
        elided = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), elided)
        painter.restore()
        if self.sortIndicatorSection() == logical_index:
            painter.save()
            painter.setPen(SORT_ARROW)
            arrow = "▲" if self.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder else "▼"
            painter.drawText(
                QRect(rect.left(), rect.top() + 2, rect.width(), 14), int(Qt.AlignmentFlag.AlignHCenter), arrow
            )
            painter.restore()


class HeatmapFilterProxy(QSortFilterProxyModel):
    """Rows of one stage (or all), and optionally only the projects with a blocking gap."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._stage: Stage | None = None
        self._only_blocking = False
        self.setSortRole(SortRole)

    def set_stage(self, stage: Stage | None) -> None:
        self.beginFilterChange()
        self._stage = stage
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_only_blocking(self, only_blocking: bool) -> None:
        self.beginFilterChange()
        self._only_blocking = only_blocking
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        row: HeatmapRow | None = self.sourceModel().index(source_row, 0, source_parent).data(RecordRole)
        if row is None:
            return False
        if self._stage is not None and row.stage is not self._stage:
            return False
        return not self._only_blocking or row.blocking_count > 0


def headline(heatmap: Heatmap) -> str:
    """One sentence over the whole organisation: open gaps, and how many block (rich text)."""
    projects = len(heatmap.rows)
    statuses = [status for row in heatmap.rows for status in row.statuses]
    missing, stale = statuses.count(MISSING), statuses.count(STALE)
    blocking = sum(row.blocking_count for row in heatmap.rows)
    if not missing and not stale:
        return tr("Every policy the <b>{projects}</b> project(s) need is in force and within its review date.").format(
            projects=projects
        )
    text = tr("<b>{missing}</b> missing, <b>{stale}</b> stale across <b>{projects}</b> project(s)").format(
        missing=missing, stale=stale, projects=projects
    )
    if blocking:
        blocked = sum(1 for row in heatmap.rows if row.blocking_count)
        return text + tr(
            "; <span style='color:#a1251b'><b>{blocking}</b> blocking the current stage of {blocked} project(s)</span>"
        ).format(blocking=blocking, blocked=blocked)
    return text + tr("; none blocks a project's current stage")


def _stage_icon(stage: Stage) -> QIcon:
    pixmap = QPixmap(10, 10)
    pixmap.fill(stage_colour(stage))
    return QIcon(pixmap)


def _legend_swatch(text: str, fill: QColor, parent: QWidget, *, frame: str = "#c9ced6", bold: bool = False) -> QLabel:
    swatch = QLabel(text, parent)
    swatch.setObjectName("heatmapLegendSwatch")
    weight = "600" if bold else "normal"
    swatch.setStyleSheet(
        f"QLabel {{ background: {fill.name()}; color: {TEXT.name()}; border: "
        f"{2 if bold else 1}px solid {frame}; border-radius: 3px; padding: 1px 8px; "
        f"font-weight: {weight}; }}"
    )
    return swatch


class GovernanceHeatmapPage(OrgPage):
    """Every project's policy coverage by category; ``project_activated(project_id)`` when a row is activated."""

    project_activated = Signal(int)
    relevant_entities = RELEVANT_ENTITIES

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent, title=tr("Governance across the organisation"))
        self.setObjectName("governanceHeatmapPage")
        self._heatmap: Heatmap | None = None

        self.stage = QComboBox(self)
        self.stage.setObjectName("heatmapStage")
        self.stage.addItem(tr("All stages"), None)
        for stage in Stage:
            self.stage.addItem(_stage_icon(stage), label(stage), stage.value)
        self.only_blocking = QCheckBox(tr("Only projects with blocking gaps"), self)
        self.only_blocking.setObjectName("heatmapOnlyBlocking")
        controls = QHBoxLayout()
        controls.addWidget(self.summary, 1)
        controls.addWidget(QLabel(tr("Stage:"), self))
        controls.addWidget(self.stage)
        controls.addWidget(self.only_blocking)

        self.model = HeatmapModel(self)
        self.proxy = HeatmapFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = read_only_table(self, self.proxy, name="governanceHeatmap", row_height=ROW_HEIGHT)
        self.table.setHorizontalHeader(CategoryHeader(self.table))
        self.table.setSortingEnabled(True)
        self.table.setItemDelegate(HeatmapDelegate(self.table))
        self.table.setAlternatingRowColors(False)  # the cells' colours carry the meaning
        self.table.sortByColumn(PROJECT, Qt.SortOrder.AscendingOrder)
        self._natural_widths: list[int] = []
        self.table.viewport().installEventFilter(self)
        self.no_match = QLabel(tr("No project matches the filters."), self)
        self.no_match.setObjectName("listEmpty")
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty = QLabel(
            tr(
                "No projects yet. Add a project; the policies its profile and stage need then show "
                "here, category by category."
            ),
            self,
        )
        self.empty.setObjectName("listEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        for widget in (self.table, self.no_match, self.empty):
            self.stack.addWidget(widget)

        hint = QLabel(
            tr("Hover over a cell for its policies; double-click a row to open that project's policies."), self
        )
        hint.setObjectName("boxCaption")
        hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(self.heading())
        layout.addLayout(controls)
        # No group box around the table: its frame and padding would cost the width one more column needs.
        layout.addLayout(self._legend(self))
        layout.addWidget(hint)
        layout.addWidget(self.stack, 1)

        self.stage.currentIndexChanged.connect(self._stage_changed)
        self.only_blocking.toggled.connect(self._only_blocking_changed)
        # Activated is a double-click, or Enter on the current row.
        self.table.activated.connect(self._activated)
        show_full_text(self)  # every cut text (cells, titles, pick lists) readable whole in its tooltip
        self.refresh()  # not shown yet: this only marks the page stale, so its first show loads

    def _legend(self, parent: QWidget) -> QHBoxLayout:
        legend = QHBoxLayout()
        legend.setSpacing(6)
        caption = QLabel(tr("Legend:"), parent)
        caption.setObjectName("boxCaption")
        legend.addWidget(caption)
        for status in (COVERED, STALE, MISSING, NOT_APPLICABLE):
            swatch = _legend_swatch(tr(STATUS_WORDS[status]), FILLS[status], parent)
            swatch.setToolTip(tr(STATUS_MEANINGS[status]))
            legend.addWidget(swatch)
        blocking = _legend_swatch(
            tr("Missing {mark}").format(mark=BLOCK_MARK), FILLS[MISSING], parent, frame=BLOCKING_FRAME.name(), bold=True
        )
        blocking.setToolTip(tr("Bold, with a frame: the gap keeps the project from its current stage."))
        legend.addWidget(blocking)
        explained = QLabel(tr("= blocks the project's current stage"), parent)
        explained.setObjectName("boxCaption")
        legend.addWidget(explained)
        legend.addStretch(1)
        return legend

    # --- reading -------------------------------------------------------------------
    def heatmap(self) -> Heatmap | None:
        """The heat map shown, once loaded."""
        return self._heatmap

    def _loader(self) -> Callable[[], Any]:
        database = self.context.database
        return lambda: load_heatmap(database)

    # --- showing -------------------------------------------------------------------
    def _show(self, heatmap: Heatmap) -> None:
        self._heatmap = heatmap
        self.model.set_heatmap(heatmap)
        self.summary.setText(headline(heatmap))
        self._measure_columns()
        self._update_stack()

    def _measure_columns(self) -> None:
        """Each column's natural width: a category's is its widest cell (all alike), the others' their contents."""
        table = self.table
        header = table.horizontalHeader()
        bold = QFont(table.font())
        bold.setBold(True)
        cell_width = (
            max(
                *(
                    table.fontMetrics().horizontalAdvance(status_text(status, blocking=False))
                    for status in STATUS_WORDS
                ),
                *(
                    QFontMetrics(bold).horizontalAdvance(status_text(status, blocking=True))
                    for status in (MISSING, STALE)
                ),
            )
            + CELL_PADDING
        )
        self._natural_widths = [
            max(header.sectionSizeHint(column), table.sizeHintForColumn(column)) for column in (PROJECT, STAGE)
        ]
        self._natural_widths += [cell_width] * (self.model.columnCount() - FIRST_CATEGORY)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Share out the table's width: spare width widens the categories (up to a limit), then the project;
        short of width, the project's names are cut (down to a minimum), then the table scrolls sideways."""
        widths = list(self._natural_widths)
        if len(widths) != self.model.columnCount():
            return
        spare = self.table.viewport().width() - sum(widths)
        categories = len(widths) - FIRST_CATEGORY
        if spare > 0 and categories:
            extra = min(spare // categories, MAX_CATEGORY_WIDTH - widths[-1]) if widths[-1] < MAX_CATEGORY_WIDTH else 0
            for column in range(FIRST_CATEGORY, len(widths)):
                widths[column] += extra
            widths[PROJECT] += spare - extra * categories
        elif spare < 0:
            widths[PROJECT] = max(MIN_PROJECT_WIDTH, widths[PROJECT] + spare)
        header = self.table.horizontalHeader()
        for column, width in enumerate(widths):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _stage_changed(self, _index: int) -> None:
        value = self.stage.currentData()
        self.proxy.set_stage(None if value is None else Stage(value))
        self._update_stack()

    def _only_blocking_changed(self, only_blocking: bool) -> None:
        self.proxy.set_only_blocking(only_blocking)
        self._update_stack()

    def _update_stack(self) -> None:
        if not self.model.rowCount():
            self.stack.setCurrentWidget(self.empty if self._heatmap is not None else self.table)
        elif not self.proxy.rowCount():
            self.stack.setCurrentWidget(self.no_match)
        else:
            self.stack.setCurrentWidget(self.table)

    def _activated(self, index: AnyIndex) -> None:
        project_id = index.data(IdRole)
        if project_id is not None:
            self.project_activated.emit(int(project_id))
