"""How Steward's tables of records look and behave: one builder, so they all read alike.

A table of records (people, requirements, gaps, an import's preview) is read
with the eye, not edited cell by cell: rows are selected whole, shaded in
alternation, at a fixed height with no row numbers. What differs between the
tables is a keyword of ``read_only_table``.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

# The height of a row in a table the user works in, and in a preview or a side panel's short list.
ROW_HEIGHT = 26
COMPACT_ROW_HEIGHT = 22


def read_only_table(
    parent: QWidget,
    model: QAbstractItemModel,
    *,
    name: str = "",
    row_height: int = ROW_HEIGHT,
    single_selection: bool = True,
    word_wrap: bool = False,
    highlight_header: bool = False,
    sortable: bool = False,
    resize_mode: QHeaderView.ResizeMode = QHeaderView.ResizeMode.Interactive,
    stretch_column: int | None = None,
    stretch_last: bool = False,
) -> QTableView:
    """A table over ``model`` whose rows are selected whole and whose cells are not edited.

    ``single_selection`` allows one row at a time (else Qt's extended selection);
    ``word_wrap`` wraps a long cell instead of eliding it on one line;
    ``highlight_header`` shows the column titles bold while a row is selected;
    ``sortable`` sorts by a click on a column's title (the model is best a proxy
    with a sort role). Columns take ``resize_mode``; ``stretch_column`` takes
    the width left over, or the last column does with ``stretch_last``.
    """
    table = QTableView(parent)
    if name:
        table.setObjectName(name)
    table.setModel(model)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single_selection:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(word_wrap)
    table.setSortingEnabled(sortable)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(row_height)
    header = table.horizontalHeader()
    header.setHighlightSections(highlight_header)
    header.setSectionResizeMode(resize_mode)
    if stretch_column is not None:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(stretch_last)
    return table
