"""Text cut short to fit is never lost: wherever a view or a pick list elides a text, its tooltip has it whole.

``show_full_text(widget)`` is the one call: given an item view (table, tree,
list) it answers a tooltip request over a cell or a column title whose text
does not fit with the whole text (followed by the model's own tooltip, when
that says something more); given a combo box, it does the same for the current
text, and opens the pick list wide enough for its longest item; given any other
widget (a page, a dialog), it does both for every view and combo box inside it.
Calling it twice on a widget installs nothing twice.

Whether a text is elided is measured the way the style draws it (the text
rectangle of the cell, or of the combo box's field, less its margins), so the
tooltip appears exactly when the eye sees "…".
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, Qt
from PySide6.QtGui import QFontMetrics, QHelpEvent
from PySide6.QtGui import Qt as QtGui  # mightBeRichText lives in QtGui's Qt namespace
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

INSTALLED = "fullTextTips"  # the property that marks a widget already served
# Every live filter by its address: its view or combo box, owned by Qt, can outlive the Python side that
# made the filter, and a filter held only through it would come back from Qt without its attributes.
_alive: dict[int, QObject] = {}
# The widest a pick list opens, as a share of its screen: a list wider than that is elided, with tooltips.
POPUP_SCREEN_SHARE = 0.6


def show_full_text(widget: QWidget) -> None:
    """Give ``widget`` (a view, a combo box, or everything of either kind inside it) full-text tooltips."""
    if isinstance(widget, QComboBox):
        _install_combo(widget)
    elif isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
        _install_view(widget)
    else:
        for combo in widget.findChildren(QComboBox):
            _install_combo(combo)
        for view in widget.findChildren(QAbstractItemView):
            if not isinstance(view, QHeaderView):
                _install_view(view)


def with_full_text(text: str, tip: str | None) -> str:
    """The tooltip for an elided ``text``: the text itself, then what the model's ``tip`` adds."""
    if not tip or text in tip:
        return tip or text
    if QtGui.mightBeRichText(tip):
        return f"{html.escape(text)}<br><br>{tip}"
    return f"{text}\n\n{tip}"


# --- item views ------------------------------------------------------------------------------


def cell_is_elided(view: QAbstractItemView, index: QModelIndex) -> bool:
    """Whether ``index``'s text is cut short where ``view`` draws it."""
    text = index.data(Qt.ItemDataRole.DisplayRole)
    if text is None or not str(text).strip():
        return False
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    if option.rect.isEmpty():
        return False
    delegate = view.itemDelegateForIndex(index)
    if isinstance(delegate, QStyledItemDelegate):
        delegate.initStyleOption(option, index)
    else:
        option.text = str(text)
    style = view.style()
    text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, option, view) + 1
    return _does_not_fit(
        option.text,
        QFontMetrics(option.font),
        text_rect.adjusted(margin, 0, -margin, 0),
        wrap=bool(option.features & QStyleOptionViewItem.ViewItemFeature.WrapText),
    )


def section_is_elided(header: QHeaderView, section: int) -> bool:
    """Whether column title ``section`` is cut short in ``header`` (rotated titles always count as cut)."""
    model = header.model()
    if model is None:
        return False
    text = model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole)
    if text is None or not str(text).strip():
        return False
    option = QStyleOptionHeader()
    option.initFrom(header)
    style = header.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, option, header)
    needed = QFontMetrics(header.font()).horizontalAdvance(str(text)) + 2 * margin
    if header.isSortIndicatorShown() and header.sortIndicatorSection() == section:
        needed += style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, option, header) + margin
    return needed > header.sectionSize(section)


class _Tips(QObject):
    """An event filter owned by the widget it serves, and kept alive as long as that widget (``_alive``)."""

    def __init__(self, served: QWidget) -> None:
        super().__init__(served)
        _keep(self)


class _ViewTips(_Tips):
    """Answers tooltip requests over a view's cells (on its viewport) and over its column titles."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
            return False
        view = self._view
        if watched is view.viewport():
            index = view.indexAt(event.pos())
            if not index.isValid() or not cell_is_elided(view, index):
                return False  # the model's own tooltip, if any, as usual
            tip = with_full_text(str(index.data()), index.data(Qt.ItemDataRole.ToolTipRole))
            _show(event, tip, view.viewport(), view.visualRect(index))
            return True
        header = _header_of(watched)
        if header is not None:
            section = header.logicalIndexAt(event.pos())
            model = header.model()
            if section < 0 or not section_is_elided(header, section):
                return False
            text = str(model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole))
            tip = with_full_text(text, model.headerData(section, header.orientation(), Qt.ItemDataRole.ToolTipRole))
            position = header.sectionViewportPosition(section)
            _show(event, tip, header.viewport(), QRect(position, 0, header.sectionSize(section), header.height()))
            return True
        return False


def _header_of(watched: QObject) -> QHeaderView | None:
    parent = watched.parent() if isinstance(watched, QWidget) else None
    return parent if isinstance(parent, QHeaderView) and parent.viewport() is watched else None


def _install_view(view: QAbstractItemView) -> None:
    if view.property(INSTALLED):
        return
    view.setProperty(INSTALLED, True)
    tips = _ViewTips(view)
    view.viewport().installEventFilter(tips)
    for name in ("horizontalHeader", "header"):
        header = getattr(view, name, None)
        if callable(header):
            found = header()
            if isinstance(found, QHeaderView):
                found.viewport().installEventFilter(tips)
                break


# --- combo boxes -------------------------------------------------------------------------------


def combo_is_elided(combo: QComboBox) -> bool:
    """Whether the combo box's current text is cut short in its field."""
    text = combo.currentText()
    if not text:
        return False
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    width = field.width()
    if not option.currentIcon.isNull():
        width -= option.iconSize.width() + 4
    return QFontMetrics(combo.font()).horizontalAdvance(text) > width


class _ComboTips(_Tips):
    """The combo box's whole current text as its tooltip when it is elided; a pick list wide enough to read."""

    def __init__(self, combo: QComboBox) -> None:
        super().__init__(combo)
        self._combo = combo

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        combo = self._combo
        if watched is combo and event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            if not combo_is_elided(combo):
                return False
            _show(event, with_full_text(combo.currentText(), combo.toolTip()), combo, combo.rect())
            return True
        return False

    def widen_popup(self, *_arguments: object) -> None:
        """Let the pick list be as wide as its longest item (within a share of the screen), not only the field."""
        combo = self._combo
        view = combo.view()
        limit = int(combo.screen().availableGeometry().width() * POPUP_SCREEN_SHARE)
        metrics = combo.fontMetrics()
        # Measured on the texts: a pick list's view, never shown yet, sizes its items to its own width.
        column = (
            max((metrics.horizontalAdvance(combo.itemText(row)) for row in range(combo.count())), default=0)
            + combo.iconSize().width()
            + 24
        )
        scroll = view.verticalScrollBar().sizeHint().width() if combo.count() > combo.maxVisibleItems() else 0
        view.setMinimumWidth(min(limit, column + scroll + 2 * view.frameWidth() + 8))


def _install_combo(combo: QComboBox) -> None:
    if combo.property(INSTALLED):
        return
    combo.setProperty(INSTALLED, True)
    tips = _ComboTips(combo)
    combo.installEventFilter(tips)
    _install_view(combo.view())
    # The list's width follows its items, measured when they change (not on every opening).
    model = combo.model()
    for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.dataChanged):
        signal.connect(tips.widen_popup)
    tips.widen_popup()


# --- shared ------------------------------------------------------------------------------------


def _keep(watcher: QObject) -> None:
    """Hold ``watcher`` until Qt destroys it (see ``_alive``)."""
    key = id(watcher)
    _alive[key] = watcher
    watcher.destroyed.connect(lambda *_arguments, key=key: _alive.pop(key, None))


def _does_not_fit(text: str, metrics: QFontMetrics, rect: QRect, *, wrap: bool) -> bool:
    lines = text.split("\n")
    if wrap:
        flags = int(Qt.TextFlag.TextWordWrap)
        return metrics.boundingRect(QRect(0, 0, rect.width(), 100_000), flags, text).height() > rect.height()
    if len(lines) * metrics.lineSpacing() > rect.height() + metrics.leading() + 1:
        return True
    return any(metrics.horizontalAdvance(line) > rect.width() for line in lines)


def _show(event: QHelpEvent, tip: str, widget: QWidget, rect: QRect) -> None:
    QToolTip.showText(event.globalPos(), tip, widget, rect)
