"""Small pieces the policy pages build alike: captions, sorting proxies, column widths, button rows, shortcuts,
and the stakeholder feedback's table with its actions (an item's on the backlog, a version's in the library).

Each page and panel of ``views.policy`` used to write these out by hand; they
read the same everywhere, so they are made the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTableView, QWidget

from models.enums import Disposition
from views.filters import refill_choices as refill_choices  # re-exported: the policy pages import it here
from views.labels import tr
from views.layouts import named_label as named_label  # re-exported: the policy pages import it here
from views.policy import models
from views.policy.wording import name
from views.roles import SortRole
from views.tables import COMPACT_ROW_HEIGHT, read_only_table


def caption(text: str, parent: QWidget) -> QLabel:
    """The caption above a short list (``listCaption`` in the style sheet)."""
    label = QLabel(text, parent)
    label.setObjectName("listCaption")
    return label


def sort_proxy(model: QAbstractItemModel, parent: QWidget) -> QSortFilterProxyModel:
    """A proxy over ``model`` that sorts by its raw values (``SortRole``)."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    return proxy


def set_widths(table: QTableView, widths: Iterable[tuple[int, int]]) -> None:
    """Give each ``(column, width)`` its width in pixels."""
    header = table.horizontalHeader()
    for column, width in widths:
        header.resizeSection(column, width)


def button_row(*buttons: QWidget, stretch: bool = True) -> QHBoxLayout:
    """The buttons side by side, left-aligned (a stretch after them unless ``stretch`` is False)."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    if stretch:
        row.addStretch(1)
    return row


def disposition_choice(parent: QWidget, *, object_name: str) -> QComboBox:
    """A pick list of every feedback disposition, its value as the item's data."""
    combo = QComboBox(parent)
    combo.setObjectName(object_name)
    for disposition in Disposition:
        combo.addItem(name(disposition), disposition.value)
    return combo


def add_shortcut(view: QWidget, keys: str, triggered: Callable[[], object]) -> QAction:
    """A shortcut ``keys`` that works while ``view`` has the focus, calling ``triggered``."""
    action = QAction(view)
    action.setShortcut(QKeySequence(keys))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(lambda _checked=False: triggered())
    view.addAction(action)
    return action


class FeedbackList(NamedTuple):
    """The feedback table, and the row of its actions below it."""

    table: QTableView
    add_button: QPushButton
    choice: QComboBox  # the disposition to set
    set_button: QPushButton
    buttons: QHBoxLayout


def feedback_list(
    parent: QWidget,
    model: QAbstractItemModel,
    *,
    name: str,
    sortable: bool = False,
    widths: tuple[int, int, int, int],
    choice_name: str,
    set_text: str,
    label: str,
) -> FeedbackList:
    """Feedback in a table over ``model``, the comment as wide as the rest leaves it (``widths``: department,
    person, received, disposition); below it Add feedback on the left, and on the right the selected
    feedback's disposition (``label``, the pick list ``choice_name``, the button ``set_text``)."""
    table = read_only_table(
        parent, model, name=name, sortable=sortable, row_height=COMPACT_ROW_HEIGHT, stretch_column=models.COMMENT
    )
    columns = (models.FEEDBACK_DEPARTMENT, models.FEEDBACK_PERSON, models.RECEIVED, models.DISPOSITION)
    set_widths(table, zip(columns, widths, strict=True))
    add_button = QPushButton(tr("Add feedback…"), parent)
    choice = disposition_choice(parent, object_name=choice_name)
    set_button = QPushButton(set_text, parent)
    buttons = button_row(add_button)
    buttons.addWidget(QLabel(label, parent))
    buttons.addWidget(choice)
    buttons.addWidget(set_button)
    return FeedbackList(table, add_button, choice, set_button, buttons)
