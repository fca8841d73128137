"""How Steward's tables of records look and behave: one builder, so they all read alike, and one column fitter.

A table of records (people, requirements, gaps, an import's preview) is read
with the eye, not edited cell by cell: rows are selected whole, shaded in
alternation, at a fixed height with no row numbers, and a cell cut short shows
its whole text as a tooltip (``views.full_text``). What differs between the
tables is a keyword of ``read_only_table``.

A grid the user edits cell by cell (the skill matrix, a budget's lines, the
proficiency levels) is set up by ``edited_in_place``, so each edits alike.

``ColumnFitter`` sizes a table's columns to their contents and shares out the
width the table has: spare width to one column, and when the table is too
narrow the columns that can give way do, each down to a readable minimum,
before the table scrolls sideways; no column is squeezed to "…".
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QSortFilterProxyModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from views.full_text import show_full_text
from views.roles import SortRole

# The height of a row in a table the user works in, and in a preview or a side panel's short list.
ROW_HEIGHT = 26
COMPACT_ROW_HEIGHT = 22
# The narrowest a column of text is made: about a dozen characters, enough to tell rows apart.
MINIMUM_TEXT_WIDTH = 90
# How many rows (besides the visible ones) a column's width is measured on.
CONTENTS_PRECISION = 100


def sorted_proxy(model: QAbstractItemModel, parent: QObject) -> QSortFilterProxyModel:
    """A proxy over ``model`` that sorts by its ``SortRole`` (raw values, not the display text)."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    return proxy


def edited_in_place(
    view: QAbstractItemView,
    *,
    selection: QAbstractItemView.SelectionMode = QAbstractItemView.SelectionMode.SingleSelection,
) -> None:
    """``view`` edited as a spreadsheet is: cells (not rows) are selected; typing, a double-click or F2 edits one."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    view.setSelectionMode(selection)
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.AnyKeyPressed
        | QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
    )


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
    show_full_text(table)
    return table


class ColumnFitter(QObject):
    """Sizes a table's columns to their contents, and shares out the width the table has.

    The contents are measured once per data change, on a sample of rows
    (``CONTENTS_PRECISION``), not on every layout pass as ``ResizeToContents``
    would: that is what keeps a table of 1,400 requirements from stalling the
    window. Spare width goes to column ``roomy``; when the table is too narrow,
    the ``tight`` columns give way in their order, each down to ``minimum``
    pixels (a cut cell or title keeps its whole text in its tooltip), and then
    the table scrolls sideways rather than squeezing a column to nothing.
    """

    def __init__(
        self,
        table: QTableView,
        *,
        roomy: int,
        tight: int | Sequence[int] | None = None,
        minimum: int = MINIMUM_TEXT_WIDTH,
    ) -> None:
        super().__init__(table)
        self._table = table
        self._roomy = roomy
        self._tight: tuple[int, ...] = () if tight is None else (tight,) if isinstance(tight, int) else tuple(tight)
        self._minimum = minimum
        self._natural: list[int] = []
        self._titles: list[int] = []
        self._marked_titles: list[int] = []
        self._contents: list[int] = []
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setResizeContentsPrecision(CONTENTS_PRECISION)
        self._viewport = table.viewport()
        self._viewport.installEventFilter(self)
        header.sortIndicatorChanged.connect(self._sorted_changed)

    def measure(self) -> None:
        """Measure the columns' contents afresh (after the model's rows changed), then fit them."""
        table = self._table
        header = table.horizontalHeader()
        columns = range(header.count())
        # A title needs room for the sort arrow only in the column it is shown in: measured without it
        # (and with it, for that one column), numbers' columns are not held wide for an arrow they lack.
        marked = [header.sectionSizeHint(column) for column in columns]
        if header.isSortIndicatorShown():
            header.setSortIndicatorShown(False)
            self._titles = [header.sectionSizeHint(column) for column in columns]
            header.setSortIndicatorShown(True)
        else:
            self._titles = list(marked)
        self._marked_titles = marked
        self._contents = [table.sizeHintForColumn(column) for column in columns]
        self._sorted_changed()

    def _sorted_changed(self, *_arguments: object) -> None:
        """The columns' natural widths, the sorted column's title with its arrow; then fit them."""
        sorted_column = self._table.horizontalHeader().sortIndicatorSection()
        self._natural = [
            max(self._marked_titles[column] if column == sorted_column else title, self._contents[column])
            for column, title in enumerate(self._titles)
        ]
        self.fit()

    def widths(self, available: int) -> list[int]:
        """The columns' widths in ``available`` pixels (their natural widths when nothing can give way)."""
        widths = list(self._natural)
        spare = available - sum(widths)
        if spare >= 0:
            widths[self._roomy] += spare
            return widths
        for column in self._tight:
            floor = min(widths[column], self._minimum)
            give = min(-spare, widths[column] - floor)
            widths[column] -= give
            spare += give
            if spare >= 0:
                break
        return widths

    def fit(self) -> None:
        if not self._natural or len(self._natural) != self._table.horizontalHeader().count():
            return
        header = self._table.horizontalHeader()
        for column, width in enumerate(self.widths(self._viewport.width())):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            self.fit()
        return super().eventFilter(watched, event)
