"""Backlog items that are dragged: the mime data they travel as, the views that take a drop, and the card.

A drag carries item ids only (``ITEM_MIME``); a view that takes the drop does
not change its model but says which items landed and before which item
(``items_dropped(ids, before_id)``, ``before_id`` None for "at the end"). The
page turns that into a service call (reorder, move to a sprint, change of
status) and reloads: what is shown is always what the database holds.

The same drop arithmetic serves the backlog table, the sprint plan's two
lists and the board's columns: the upper half of a row means "before it", the
lower half "before the next one".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app.queries.backlog import ItemRow
from models.enums import ItemStatus
from views.labels import tr
from views.palette import ACCENT, ACCENT_FILL, CARD_BORDER, CARD_INK, CARD_META, CAUTION, DONE, PAPER
from views.policy.models import ColouredTableModel
from views.roles import IdRole, RecordRole

ITEM_MIME = "application/x-steward-backlog-items"
AnyIndex = QModelIndex | QPersistentModelIndex

# The board's colours per status: the card's left edge (the column title says the status in words).
STATUS_COLOURS: dict[ItemStatus, QColor] = {
    ItemStatus.BACKLOG: QColor("#8a94a6"),
    ItemStatus.TODO: QColor("#4e79a7"),
    ItemStatus.IN_PROGRESS: QColor("#d97706"),
    ItemStatus.IN_REVIEW: QColor("#7c3aed"),
    ItemStatus.DONE: QColor(DONE),
}


def item_mime(item_ids: Sequence[int]) -> QMimeData:
    mime = QMimeData()
    mime.setData(ITEM_MIME, json.dumps([int(item_id) for item_id in item_ids]).encode())
    return mime


def dropped_ids(mime: QMimeData) -> list[int]:
    """The item ids a drag carries; empty for anything else."""
    if not mime.hasFormat(ITEM_MIME):
        return []
    try:
        ids = json.loads(bytes(mime.data(ITEM_MIME).data()).decode())
    except ValueError:
        return []
    return [int(item_id) for item_id in ids if isinstance(item_id, int)]


def _ids_of(model: Any, indexes: Sequence[AnyIndex]) -> list[int]:
    ids: list[int] = []
    for index in indexes:
        record = model.data(index, RecordRole)
        if record is not None and record.id not in ids:
            ids.append(record.id)
    return ids


class _ItemsAsMime:
    """What both item models share: their rows travel as item ids, and a drop is a move."""

    def mimeTypes(self: Any) -> list[str]:
        return [ITEM_MIME]

    def mimeData(self: Any, indexes: Sequence[QModelIndex]) -> QMimeData:
        return item_mime(_ids_of(self, indexes))

    def supportedDragActions(self: Any) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self: Any) -> Qt.DropAction:
        return Qt.DropAction.MoveAction


class DraggableItemsModel(_ItemsAsMime, ColouredTableModel):
    """A table of ``ItemRow``s whose rows can be dragged (as item ids) and dropped on."""

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid():
            return flags | Qt.ItemFlag.ItemIsDragEnabled
        return flags | Qt.ItemFlag.ItemIsDropEnabled


class CardModel(_ItemsAsMime, QAbstractListModel):
    """Backlog items as cards: a list of ``ItemRow``s, dragged as item ids."""

    def __init__(self, parent: Any = None, *, draggable: bool = True) -> None:
        super().__init__(parent)
        self._rows: tuple[ItemRow, ...] = ()
        self.draggable = draggable

    def set_rows(self, rows: Sequence[ItemRow]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def rows(self) -> tuple[ItemRow, ...]:
        return self._rows

    def row_of(self, item_id: int | None) -> int:
        return next((row for row, item in enumerate(self._rows) if item.id == item_id), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.title
        if role == RecordRole:
            return item
        if role == IdRole:
            return item.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return card_tooltip(item)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{item.title}, {card_footer(item)}"
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return flags | Qt.ItemFlag.ItemIsDropEnabled if self.draggable else flags
        return flags | Qt.ItemFlag.ItemIsDragEnabled if self.draggable else flags


def points_text(points: int | None) -> str:
    if points is None:
        return tr("unestimated")
    return tr("1 point") if points == 1 else tr("{points} points").format(points=points)


def card_footer(item: ItemRow) -> str:
    parts = [points_text(item.points), item.assignee or tr("unassigned")]
    if item.open_feedback:
        parts.append(tr("{count} open feedback").format(count=item.open_feedback))
    return " · ".join(parts)


def card_tooltip(item: ItemRow) -> str:
    lines = [item.title, card_footer(item)]
    if item.owner_department:
        lines.append(tr("Owner: {department}").format(department=item.owner_department))
    if item.policy:
        lines.append(tr("Policy: {policy}").format(policy=item.policy))
    return "\n".join(lines)


class CardDelegate(QStyledItemDelegate):
    """Paints an item as a card: a status-coloured edge, the title on up to two lines, then points,
    assignee and open feedback."""

    HEIGHT = 66

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(max(option.rect.width(), 160), self.HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        item: ItemRow | None = index.data(RecordRole)
        if item is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = option.rect.adjusted(4, 3, -4, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        painter.setPen(QPen(QColor(ACCENT) if selected else QColor(CARD_BORDER), 2 if selected else 1))
        painter.setBrush(QColor(ACCENT_FILL) if selected else QColor(PAPER))
        painter.drawRoundedRect(card, 5, 5)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(STATUS_COLOURS.get(item.status, STATUS_COLOURS[ItemStatus.BACKLOG]))
        painter.drawRoundedRect(QRect(card.left(), card.top(), 5, card.height()), 2, 2)
        text = card.adjusted(12, 5, -8, -5)
        title_font = QFont(option.font)
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(QColor(CARD_INK))
        metrics = QFontMetrics(title_font)
        title_box = QRect(text.left(), text.top(), text.width(), metrics.lineSpacing() * 2)
        painter.drawText(title_box, int(Qt.TextFlag.TextWordWrap), _two_lines(item.title, metrics, text.width()))
        footer_font = QFont(option.font)
        footer_font.setPointSizeF(max(footer_font.pointSizeF() - 1, 7.5))
        painter.setFont(footer_font)
        footer_metrics = QFontMetrics(footer_font)
        footer_box = QRect(text.left(), text.bottom() - footer_metrics.height(), text.width(), footer_metrics.height())
        if item.open_feedback:  # a badge at the right, so it is never the part elided away
            badge = tr("{count} open feedback").format(count=item.open_feedback)
            if footer_metrics.horizontalAdvance(badge) > text.width() // 2:
                badge = tr("{count} open").format(count=item.open_feedback)
            painter.setPen(QColor(CAUTION))
            painter.drawText(footer_box, int(Qt.AlignmentFlag.AlignRight), badge)
            footer_box.setWidth(footer_box.width() - footer_metrics.horizontalAdvance(badge) - 10)
        painter.setPen(QColor(CARD_META))
        left = " · ".join([points_text(item.points), item.assignee or tr("unassigned")])
        painter.drawText(
            footer_box,
            int(Qt.AlignmentFlag.AlignLeft),
            footer_metrics.elidedText(left, Qt.TextElideMode.ElideRight, footer_box.width()),
        )
        if focused:
            painter.setPen(QPen(QColor(ACCENT), 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(card.adjusted(2, 2, -2, -2), 4, 4)
        painter.restore()


def _two_lines(title: str, metrics: QFontMetrics, width: int) -> str:
    """``title`` cut to what two wrapped lines of ``width`` hold, ending in an ellipsis when cut."""
    if (
        metrics.boundingRect(QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), title).height()
        <= metrics.lineSpacing() * 2
    ):
        return title
    words = title.split()
    kept: list[str] = []
    for word in words:
        candidate = " ".join([*kept, word]) + "…"
        if (
            metrics.boundingRect(QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), candidate).height()
            > metrics.lineSpacing() * 2
        ):
            break
        kept.append(word)
    return " ".join(kept) + "…"


# --- views that take a drop ----------------------------------------------------------------


def before_item_at(view: QAbstractItemView, point: QPoint) -> int | None:
    """The id of the item a drop at ``point`` (viewport coordinates) goes before; None for the end."""
    index = view.indexAt(point)
    if not index.isValid():
        return None
    row = index.row()
    rect = view.visualRect(index)
    if point.y() >= rect.center().y():
        row += 1
    model = view.model()
    if row >= model.rowCount():
        return None
    return model.index(row, 0).data(IdRole) or getattr(model.index(row, 0).data(RecordRole), "id", None)


# The mixin's super() calls reach the item view it is mixed into; mypy needs to be told so.
if TYPE_CHECKING:
    _DropBase = QAbstractItemView
else:
    _DropBase = object


class _DropMixin(_DropBase):
    """What the item views share: accept an item drag, and say where it landed instead of changing the model."""

    items_dropped: Any

    def _setup_drops(self: Any) -> None:
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)

    def _accepts(self: Any, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        return self.acceptDrops() and bool(dropped_ids(event.mimeData()))

    def take_drop(self: Any, mime: QMimeData, point: QPoint) -> bool:
        """Say that the items of ``mime`` were dropped at ``point``; False when it carries none."""
        ids = dropped_ids(mime)
        if not ids or not self.acceptDrops():
            return False
        self.items_dropped.emit(ids, before_item_at(self, point))
        return True

    def _drag_over(self: Any, event: QDragEnterEvent | QDragMoveEvent, handle: Callable[[Any], None]) -> None:
        """A drag entering or moving over the view: ``handle`` it (the view's own handling) only if it carries items."""
        if self._accepts(event):
            handle(event)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragEnterEvent(self: Any, event: QDragEnterEvent) -> None:
        self._drag_over(event, super().dragEnterEvent)

    def dragMoveEvent(self: Any, event: QDragMoveEvent) -> None:
        self._drag_over(event, super().dragMoveEvent)

    def dropEvent(self: Any, event: QDropEvent) -> None:
        if self.take_drop(event.mimeData(), event.position().toPoint()):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()
        self.setState(QAbstractItemView.State.NoState)
        self.viewport().update()


class ItemTable(_DropMixin, QTableView):
    """The backlog's table: rows dragged and dropped to reorder (``items_dropped(ids, before_id)``)."""

    items_dropped = Signal(list, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._setup_drops()


class CardList(_DropMixin, QListView):
    """A column of cards (the board, the sprint plan) that cards are dragged out of and dropped into."""

    items_dropped = Signal(list, object)

    def __init__(self, parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(parent)
        if name:
            self.setObjectName(name)
        self.setItemDelegate(CardDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setUniformItemSizes(True)
        self.setSpacing(0)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._setup_drops()

    def selected_items(self) -> list[ItemRow]:
        rows = sorted(index.row() for index in self.selectionModel().selectedIndexes())
        return [self.model().index(row, 0).data(RecordRole) for row in rows]
