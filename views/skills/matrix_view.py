"""The heat-map view: a delegate that paints cells straight from the snapshot,
a header with vertical skill names, fixed row heights.

Painting is the hot path (a 1280×800 window shows ~1,200 cells): the delegate
asks the model for one int per cell and uses colours made once, instead of
going through ``data()`` for text, background and foreground roles.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from views.choice_editor import chosen, show_choice
from views.labels import tr
from views.palette import ACCENT, AREA_TINT, CURRENT, FRAME, GRID, HEADER_FILL, INK, INK_SOFT
from views.skills.matrix_model import AREA, FIXED, SKILL, SkillMatrixModel
from views.tables import edited_in_place

AnyIndex = QModelIndex | QPersistentModelIndex

ROW_HEIGHT = 22
LEVEL_WIDTH = 26
HEADER_HEIGHT = 150
SELECTION = QColor(CURRENT)  # made once: the delegate paints every cell


def typed_level(text: str, levels: int) -> int | None:
    """The level a key's text names (a single digit below ``levels``), or None."""
    return int(text) if len(text) == 1 and text.isascii() and text.isdigit() and int(text) < levels else None


class HeatMapDelegate(QStyledItemDelegate):
    """Paints level cells as coloured squares with their digit; the rest as plain text.

    Typing on a skill cell opens its editor on the level typed: a digit 0–4 only.
    Any other key is refused (``level_refused`` says so) and nothing opens, so a
    stray ``7`` never becomes a level. A cell never assessed opens on no level at
    all (not on 0), and closing it without a pick records nothing.
    """

    level_refused = Signal(str)  # the sentence that says why

    def __init__(self, model: SkillMatrixModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._area_font: QFont | None = None
        self._typed_level: int | None = None  # the digit that opened the editor, until it is shown

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        model = self._model
        column = model.columns[index.column()]
        if column.kind == FIXED:
            super().paint(painter, option, index)
            return
        level = model.level_at(index.row(), index.column())
        rect: QRect = option.rect
        colours = model.colours
        painter.fillRect(rect, colours.fill_for(level))
        if level >= 0:
            painter.setPen(colours.text_for(level))
            if column.kind == AREA:
                if self._area_font is None:
                    self._area_font = QFont(option.font)
                    self._area_font.setBold(True)
                painter.setFont(self._area_font)
            else:
                painter.setFont(option.font)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(level))
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(QPen(SELECTION, 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))

    def editorEvent(self, event: QEvent, model: Any, option: QStyleOptionViewItem, index: AnyIndex) -> bool:
        """A key typed on a skill cell: a level 0–4 opens the editor on it; anything else is refused."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.text().strip()
            and index.flags() & Qt.ItemFlag.ItemIsEditable
        ):
            level = typed_level(event.text(), len(self._model.level_labels))
            if level is None:
                self.level_refused.emit(
                    tr("Levels are 0–{top}, not {key}.").format(top=len(self._model.level_labels) - 1, key=event.text())
                )
                return True  # consumed: no editor opens, no search jumps elsewhere
            self._typed_level = level
            return False
        self._typed_level = None
        return super().editorEvent(event, model, option, index)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        editor = QComboBox(parent)
        editor.setObjectName("levelEditor")
        for level, label in enumerate(self._model.level_labels):
            editor.addItem(f"{level} {label}", level)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        typed, self._typed_level = self._typed_level, None
        level = index.data(Qt.ItemDataRole.EditRole) if typed is None else typed
        # Not assessed (-1) shows no level at all, rather than the first item, "0 None".
        show_choice(editor, level, placeholder=tr("not assessed"))

    def setModelData(self, editor: QWidget, model: Any, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        level = chosen(editor)
        if level is None:
            return  # closed without a level picked: nothing is recorded
        model.setData(index, level, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        editor.setGeometry(QRect(option.rect.topLeft(), QSize(max(option.rect.width(), 130), option.rect.height())))


class VerticalHeader(QHeaderView):
    """Column headers with skill and area names written bottom-to-top, so columns stay narrow."""

    def __init__(self, model: SkillMatrixModel, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._model = model
        self.setSectionsClickable(True)
        self.setHighlightSections(False)
        self.setSortIndicatorShown(True)
        self.setMinimumSectionSize(LEVEL_WIDTH)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), HEADER_HEIGHT)

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        if not 0 <= logical_index < len(self._model.columns):
            return
        column = self._model.columns[logical_index]
        if column.kind == FIXED:
            super().paintSection(painter, rect, logical_index)
            return
        painter.save()
        painter.fillRect(rect, AREA_TINT if column.kind == AREA else HEADER_FILL)
        painter.setPen(GRID)
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        text = str(self._model.headerData(logical_index, Qt.Orientation.Horizontal) or "")
        font = QFont(self.font())
        font.setBold(column.kind == AREA)
        painter.setFont(font)
        painter.setPen(INK if column.kind == AREA else INK_SOFT)
        painter.translate(rect.left(), rect.bottom())
        painter.rotate(-90)
        text_rect = QRect(6, 0, rect.height() - 10, rect.width())
        elided = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), elided)
        painter.restore()
        if self.isSortIndicatorShown() and self.sortIndicatorSection() == logical_index:
            painter.save()
            painter.setPen(ACCENT)
            arrow = "▲" if self.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder else "▼"
            painter.drawText(
                QRect(rect.left(), rect.top() + 2, rect.width(), 14), int(Qt.AlignmentFlag.AlignHCenter), arrow
            )
            painter.restore()


class SkillMatrixView(QTableView):
    """The matrix table: fixed row heights and narrow level columns, so nothing is measured per cell.

    The name, department and shape columns stay in place while the skills scroll
    sideways (Qt's "frozen column" pattern: a second view over the same model and
    selection, laid over the left edge and scrolled vertically in step).
    """

    def __init__(self, model: SkillMatrixModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("skillMatrix")
        self.matrix_model = model
        self.setHorizontalHeader(VerticalHeader(model, self))
        self.setModel(model)
        self.delegate = HeatMapDelegate(model, self)
        self.setItemDelegate(self.delegate)
        self.setSortingEnabled(True)
        self.setWordWrap(False)
        self.setShowGrid(True)
        self.setGridStyle(Qt.PenStyle.SolidLine)
        edited_in_place(self)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        vertical = self.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        horizontal = self.horizontalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        horizontal.setDefaultSectionSize(LEVEL_WIDTH)
        model.modelReset.connect(self._size_columns)

        self.frozen = QTableView(self)
        self.frozen.setObjectName("frozenColumns")
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        # A delegate of its own: a delegate's commitData reaches every view it serves, and a view handed
        # another view's editor warns (and, on its way to closing it, can crash).
        self.frozen.setItemDelegate(HeatMapDelegate(model, self.frozen))
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.verticalHeader().hide()
        self.frozen.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.frozen.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        self.frozen.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.frozen.setSortingEnabled(True)
        self.frozen.horizontalHeader().setFixedHeight(HEADER_HEIGHT)
        self.frozen.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self.frozen.horizontalHeader().sortIndicatorChanged.connect(self._frozen_sorted)
        self.frozen.setStyleSheet(f"QTableView#frozenColumns {{ border: none; border-right: 2px solid {FRAME}; }}")
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        model.modelReset.connect(self._freeze_columns)
        self.frozen.show()

    def _size_columns(self) -> None:
        header = self.horizontalHeader()
        for number, column in enumerate(self.matrix_model.columns):
            if column.kind == FIXED:
                header.resizeSection(number, (190, 130, 96)[column.index])
            else:
                header.resizeSection(number, LEVEL_WIDTH + (6 if column.kind == AREA else 0))

    def _freeze_columns(self) -> None:
        for number, column in enumerate(self.matrix_model.columns):
            self.frozen.setColumnHidden(number, column.kind != FIXED)
            if column.kind == FIXED:
                self.frozen.setColumnWidth(number, self.columnWidth(number))
        self._place_frozen()

    def _frozen_sorted(self, section: int, order: Qt.SortOrder) -> None:
        self.horizontalHeader().setSortIndicator(section, order)

    def frozen_width(self) -> int:
        return sum(
            self.columnWidth(number) for number, column in enumerate(self.matrix_model.columns) if column.kind == FIXED
        )

    def _place_frozen(self) -> None:
        frame = self.frameWidth()
        self.frozen.setGeometry(
            frame, frame, self.frozen_width() + 2, self.viewport().height() + self.horizontalHeader().height()
        )

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._place_frozen()

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Keyboard moves must not leave the current cell hidden under the frozen columns."""
        current = super().moveCursor(action, modifiers)
        if action == QAbstractItemView.CursorAction.MoveLeft and current.isValid():
            left = self.visualRect(current).left()
            if self.matrix_model.columns[current.column()].kind != FIXED and left < self.frozen_width():
                bar = self.horizontalScrollBar()
                bar.setValue(bar.value() + left - self.frozen_width())
        return current

    def scrollTo(
        self, index: AnyIndex, hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible
    ) -> None:
        """Fixed columns are always in view: scrolling to one moves only vertically."""
        if index.isValid() and self.matrix_model.columns[index.column()].kind == FIXED:
            horizontal = self.horizontalScrollBar().value()
            super().scrollTo(index, hint)
            self.horizontalScrollBar().setValue(horizontal)
            return
        super().scrollTo(index, hint)

    def set_area_collapsed(self, area: int, collapsed: bool) -> None:
        for column in self.matrix_model.columns_of_area(area, kind=SKILL):
            self.setColumnHidden(column, collapsed)

    def is_area_collapsed(self, area: int) -> bool:
        columns = self.matrix_model.columns_of_area(area, kind=SKILL)
        return bool(columns) and all(self.isColumnHidden(column) for column in columns)
