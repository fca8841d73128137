"""The people table: one row per person, and the proxy that filters it.

``PeopleModel`` holds ``PersonRow`` records (read by ``app.queries.people``) and
sorts them itself, by the raw values ``SortRole`` also returns: a proxy sorting
5,000 people calls back into Python for every comparison (0.4 s), a list sort
takes milliseconds. ``PeopleFilter`` narrows them by free text, department and
whether inactive people are shown, and hands sorting to the model.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from app.money import format_money
from app.queries.people import PersonRow
from views.labels import tr
from views.palette import ERROR, RETIRED
from views.roles import RecordRole, SortRole
from views.table_model_base import RIGHT, AnyIndex, RecordTableModel, filter_change

NAME, EMAIL, DEPARTMENT, TITLE, CAPACITY, COST_RATE, PROJECTS, ALLOCATION, ACTIVE = range(9)
HEADERS = ("Name", "E-mail", "Department", "Title", "Capacity", "Monthly cost", "Projects", "Allocated", "Active")
NUMERIC_COLUMNS = frozenset({CAPACITY, COST_RATE, PROJECTS, ALLOCATION})
# Cost rates carry no currency of their own yet; the organisation's is the euro.
COST_CURRENCY = "EUR"
OVERBOOKED = QColor(ERROR)
INACTIVE = QColor(RETIRED)


def is_overbooked(person: PersonRow) -> bool:
    return person.total_allocation > person.capacity_fte + 1e-9


def sort_key(person: PersonRow, column: int) -> Any:
    """The raw value ``column`` sorts by (``SortRole``)."""
    return (
        person.name.casefold(),
        person.email,
        person.department.casefold(),
        person.title.casefold(),
        person.capacity_fte,
        person.cost_rate,
        person.projects,
        person.total_allocation,
        person.active,
    )[column]


class PeopleModel(RecordTableModel):
    HEADERS = HEADERS
    RIGHT_HEADERS = NUMERIC_COLUMNS
    ID_FIELD = "id"

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    def set_people(self, people: list[PersonRow]) -> None:
        self.set_records(self._sorted(list(people)))

    def _sorted(self, people: list[PersonRow]) -> list[PersonRow]:
        if not 0 <= self._sort_column < len(HEADERS):
            return people
        column = self._sort_column
        # Ties keep name order, so equal numbers still read alphabetically.
        people.sort(key=lambda person: person.name.casefold())
        people.sort(
            key=lambda person: sort_key(person, column), reverse=self._sort_order == Qt.SortOrder.DescendingOrder
        )
        return people

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._sort_order = column, order
        ids_before = [person.id for person in self._records]
        self._records = tuple(self._sorted(list(self._records)))
        rows_after = {person.id: row for row, person in enumerate(self._records)}
        # Selections and other persistent indexes follow their person to the new row.
        old_indexes = self.persistentIndexList()
        new_indexes = [self.index(rows_after[ids_before[index.row()]], index.column()) for index in old_indexes]
        self.changePersistentIndexList(old_indexes, new_indexes)
        self.layoutChanged.emit()

    def people(self) -> list[PersonRow]:
        return list(self._records)

    def row_of(self, person_id: int) -> int | None:
        return next((row for row, person in enumerate(self._records) if person.id == person_id), None)

    def _cell(self, row: int, person: PersonRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(person, column)
        if role == SortRole:
            return sort_key(person, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC_COLUMNS:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == ALLOCATION and is_overbooked(person):
                return QBrush(OVERBOOKED)
            if not person.active:
                return QBrush(INACTIVE)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == ALLOCATION and is_overbooked(person):
                return tr("Booked at {load:.0%} of their capacity across {count} projects.").format(
                    load=person.total_allocation / person.capacity_fte, count=person.projects
                )
            if person.erased:
                return tr("Erased on a privacy request; their anonymous history is kept.")
            return None
        return None

    @staticmethod
    def _display(person: PersonRow, column: int) -> str:
        if column == NAME:
            return person.name
        if column == EMAIL:
            return "" if person.erased else person.email
        if column == DEPARTMENT:
            return person.department
        if column == TITLE:
            return person.title
        if column == CAPACITY:
            return f"{person.capacity_fte:.2f} FTE"
        if column == COST_RATE:
            return format_money(person.cost_rate, COST_CURRENCY)
        if column == PROJECTS:
            return str(person.projects)
        if column == ALLOCATION:
            return f"{person.total_allocation:.2f} FTE"
        if person.erased:
            return tr("Erased")
        return tr("Yes") if person.active else tr("No")


class PeopleFilter(QSortFilterProxyModel):
    """Free text over name, e-mail, department and title; one department; inactive on request."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self._text = ""
        self._department = ""
        self._show_inactive = False

    def set_text(self, text: str) -> None:
        with filter_change(self):
            self._text = text.strip().casefold()

    def set_department(self, department: str) -> None:
        """Only people of ``department``; an empty string shows every department."""
        with filter_change(self):
            self._department = department

    def set_show_inactive(self, show: bool) -> None:
        with filter_change(self):
            self._show_inactive = show

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is the source model's (see the module docstring); the proxy keeps its order."""
        self.sourceModel().sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        person: PersonRow | None = self.sourceModel().index(source_row, 0, source_parent).data(RecordRole)
        if person is None:
            return False
        if not self._show_inactive and not person.active:
            return False
        if self._department and person.department != self._department:
            return False
        if self._text:
            haystack = " ".join((person.name, person.email, person.department, person.title)).casefold()
            return all(word in haystack for word in self._text.split())
        return True
