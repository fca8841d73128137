"""The organisation's people: a filterable table, and adding, editing, deactivating and erasing.

Every edit is a service call on the worker; the undoable ones go on the undo
stack (adding ↔ deleting the new person, editing ↔ editing back, deactivating
↔ reactivating). Erasing on a privacy request cannot be undone, and its
confirmation says so. The page reloads when the change hub reports a change
while it is shown, or the next time it is shown (``ReloadGate``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.queries.people import PersonRow, list_people
from views.context import AppContext
from views.dialogs import open_deleted_on_close
from views.full_text import show_full_text
from views.labels import tr
from views.layouts import side_by_side, top_to_bottom
from views.org_list_page import OrgListPage
from views.people.people_model import (
    DEPARTMENT,
    EMAIL,
    NAME,
    TITLE,
    PeopleFilter,
    PeopleModel,
    is_overbooked,
)
from views.people.person_dialog import EraseDialog, PersonDialog
from views.selection import SelectionFollower, select_row
from views.tables import ColumnFitter, read_only_table
from views.undo import add_undone_by
from views.worker import Operation

if TYPE_CHECKING:
    pass


class PeoplePage(OrgListPage):
    dialog: PersonDialog | None  # the open add/edit dialog, if any

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        # Reading everyone is quick and done here, on the GUI thread: a stale page is read as it is shown.
        super().__init__(context, parent, name="peoplePage", defer_on_show=False)
        heading = self._build_heading(tr("People"))
        tools = self._build_tools()
        self._build_table()
        top_to_bottom(self, heading, tools, (self.table, 1), margin=12)
        self._connect()
        show_full_text(self)  # every cut text (cells, titles, pick lists) readable whole in its tooltip
        self._update_actions()
        self.refresh()  # not shown yet: everyone is read as the page is first shown

    # --- structure -------------------------------------------------------------------
    def _build_tools(self) -> QHBoxLayout:
        """The filters at the left (text, department, inactive people), the actions at the right."""
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(tr("Filter by name, e-mail, department or title"))
        self.filter.setClearButtonEnabled(True)
        self.department = QComboBox(self)
        self.department.setMinimumContentsLength(16)
        self.department.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.show_inactive = QCheckBox(tr("Show inactive"), self)
        self.add_button = QPushButton(tr("Add person…"), self)
        self.edit_button = QPushButton(tr("Edit…"), self)
        self.active_button = QPushButton(tr("Deactivate"), self)
        self.erase_button = QPushButton(tr("Erase…"), self)
        self.erase_button.setToolTip(tr("Erase the person's identity on a privacy request; cannot be undone."))
        actions = (self.add_button, self.edit_button, self.active_button, self.erase_button)
        return side_by_side((self.filter, 3), (self.department, 1), self.show_inactive, 1, *actions)

    def _build_table(self) -> None:
        self.model = PeopleModel(self)
        self.proxy = PeopleFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = read_only_table(self, self.proxy, name="peopleTable", sortable=True, highlight_header=True)
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        # Columns as wide as their contents; spare width goes to the title. On a narrow window the e-mail
        # (the most predictable text), then the title, the department and the name give way, each down to a
        # readable width (a cut text keeps its whole self in the tooltip); only then does the table scroll.
        self.columns = ColumnFitter(self.table, roomy=TITLE, tight=(EMAIL, TITLE, DEPARTMENT, NAME), minimum=110)

    def _connect(self) -> None:
        self.filter.textChanged.connect(self.proxy.set_text)
        self.department.currentIndexChanged.connect(
            lambda _index: self.proxy.set_department(self.department.currentData() or "")
        )
        self.show_inactive.toggled.connect(self.proxy.set_show_inactive)
        # The buttons act on the selected row only, and are re-read whenever it may have changed.
        self.selection: SelectionFollower[PersonRow] = SelectionFollower(self.table)
        self.selection.changed.connect(self._update_actions)
        self.table.doubleClicked.connect(lambda _index: self.edit_person())
        self.add_button.clicked.connect(self.add_person)
        self.edit_button.clicked.connect(self.edit_person)
        self.active_button.clicked.connect(self.toggle_active)
        self.erase_button.clicked.connect(self.erase_person)

    # --- reading -------------------------------------------------------------------
    def _load(self) -> None:
        try:
            self._read_people()
        finally:
            self._reload.finished()

    def _read_people(self) -> None:
        kept = self.current_person()
        keep_id = kept.id if kept else None
        people = list_people(self.context.database.reader())
        self.model.set_people(people)
        self.columns.measure()
        self._fill_departments(people)
        active = sum(person.active for person in people)
        overbooked = sum(1 for person in people if person.active and is_overbooked(person))
        summary = tr("{active} active, {inactive} inactive").format(active=active, inactive=len(people) - active)
        if overbooked:
            summary += " · " + tr("{count} booked beyond their capacity (in red)").format(count=overbooked)
        self.summary.setText(summary)
        if keep_id is not None:
            self.select_person(keep_id)
        self._update_actions()

    def _fill_departments(self, people: list[PersonRow]) -> None:
        chosen = self.department.currentData() or ""
        departments = sorted({person.department for person in people if person.department}, key=str.casefold)
        self.department.blockSignals(True)
        self.department.clear()
        self.department.addItem(tr("All departments"), "")
        for department in departments:
            self.department.addItem(department, department)
        found = self.department.findData(chosen)
        self.department.setCurrentIndex(max(found, 0))
        self.department.blockSignals(False)
        if found < 0 and chosen:
            self.proxy.set_department("")

    def current_person(self) -> PersonRow | None:
        """The selected person: never a row the current index merely moved to after the selected one went."""
        return self.selection.selected()

    def select_person(self, person_id: int) -> bool:
        """Select ``person_id`` if the filters show them."""
        row = self.model.row_of(person_id)
        if row is None:
            return False
        return select_row(self.table, self.proxy.mapFromSource(self.model.index(row, NAME)))

    def _update_actions(self) -> None:
        person = self.current_person()
        usable = person is not None and not person.erased
        self.edit_button.setEnabled(usable)
        self.active_button.setEnabled(usable)
        self.erase_button.setEnabled(usable)
        reactivate = person is not None and not person.active
        self.active_button.setText(tr("Reactivate") if reactivate else tr("Deactivate"))
        self.active_button.setToolTip(
            tr("Bring the selected person back into staffing; Undo (Ctrl+Z) deactivates them again.")
            if reactivate
            else tr("Take the selected person out of staffing, keeping their history; Undo (Ctrl+Z) brings them back.")
        )

    # --- writing -------------------------------------------------------------------
    def _departments(self) -> list[str]:
        return [self.department.itemData(row) for row in range(1, self.department.count())]

    def add_person(self) -> PersonDialog:
        """Open the dialog that adds a person (window-modal; returns it, for tests and callers)."""
        from app.services import people as people_services

        database = self.context.database
        dialog = PersonDialog(self, departments=self._departments())

        def submitted(values: dict[str, Any]) -> None:
            create, delete_again = add_undone_by(
                lambda: people_services.create_person(database, **values),
                lambda person_id: people_services.delete_person(database, person_id),
            )
            added = tr("Add {name}").format(name=values["name"])
            self._edit_from(
                dialog, added, do=create, undo=delete_again, then=lambda change: self.select_person(change.ids[0])
            )

        return self._open_submitting(dialog, submitted)

    def edit_person(self) -> PersonDialog | None:
        """Open the edit dialog for the selected person."""
        from app.services import people as people_services

        person = self.current_person()
        if person is None or person.erased:
            return None
        dialog = PersonDialog(self, person=person, departments=self._departments())
        database = self.context.database

        def submitted(_values: dict[str, Any]) -> None:
            before, after = dialog.changes()
            self._edit_from(
                dialog,
                tr("Edit {name}").format(name=person.name),
                do=lambda: people_services.update_person(database, person.id, after),
                undo=lambda: people_services.update_person(database, person.id, before),
            )

        return self._open_submitting(dialog, submitted)

    def toggle_active(self) -> None:
        """Deactivate the selected person (kept for history, out of staffing), or reactivate them."""
        from app.services import people as people_services

        person = self.current_person()
        if person is None or person.erased:
            return
        database = self.context.database
        activate = not person.active
        text = (tr("Reactivate {name}") if activate else tr("Deactivate {name}")).format(name=person.name)
        self._edit(
            text,
            do=lambda: people_services.update_person(database, person.id, {"active": activate}),
            undo=lambda: people_services.update_person(database, person.id, {"active": not activate}),
        )

    def erase_person(self) -> EraseDialog | None:
        """Ask for the reason, then erase the selected person's identity (no undo)."""
        person = self.current_person()
        if person is None or person.erased:
            return None
        dialog = EraseDialog(self, person=person)
        dialog.accepted.connect(lambda: self._erase(person, dialog.reason.text().strip()))
        return open_deleted_on_close(dialog)

    def _erase(self, person: PersonRow, reason: str) -> None:
        from app.services import people as people_services

        database = self.context.database
        Operation(self, lambda: people_services.erase_person(database, person.id, reason=reason)).success(
            self.context.hub.publish
        ).run()
