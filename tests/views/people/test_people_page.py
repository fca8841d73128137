"""The people page over a real database: add, edit, deactivate and erase people, with undo."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from app.db.database import Database
from app.services import people
from views.changes import ChangeHub
from views.context import AppContext
from views.people.people_model import ALLOCATION, CAPACITY, COST_RATE, NAME, PeopleModel
from views.people.people_page import PeoplePage
from views.people.person_dialog import EraseDialog, PersonDialog
from views.roles import RecordRole


@pytest.fixture
def staff(database: Database) -> Database:
    people.create_person(
        database,
        name="Ana Ruiz",
        email="ana@example.org",
        department="Data science",
        title="Lead data scientist",
        cost_rate=Decimal("8850.00"),
    )
    people.create_person(
        database, name="Ben Okafor", email="ben@example.org", department="CISO office", capacity_fte=0.5
    )
    return database


@pytest.fixture
def context(qtbot, staff: Database) -> AppContext:
    return AppContext(staff, hub=ChangeHub())


@pytest.fixture
def page(show_page: Callable[[PeoplePage], PeoplePage], context: AppContext) -> PeoplePage:
    return show_page(PeoplePage(context))


def shown_names(page: PeoplePage) -> list[str]:
    return [page.proxy.index(row, NAME).data() for row in range(page.proxy.rowCount())]


def stored(database: Database, email: str) -> tuple | None:
    return database.reader().one(
        "SELECT name, department, capacity_fte, cost_rate, active FROM person WHERE email = :email", {"email": email}
    )


def type_text(field: QLineEdit, text: str) -> None:
    """Key presses carrying ``text``, as a keyboard sends them (QTest's helpers take ASCII only)."""
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                field, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, character)
            )


def retype(field: QLineEdit, text: str) -> None:
    field.selectAll()
    QApplication.sendEvent(field, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier))
    type_text(field, text)


def fill(dialog: PersonDialog, *, name: str, email: str, department: str, cost_rate: str = "") -> None:
    """Type into the dialog the way a user does (so it checks as they type)."""
    for field, text in (
        (dialog.name, name),
        (dialog.email, email),
        (dialog.department.lineEdit(), department),
        (dialog.cost_rate, cost_rate),
    ):
        retype(field, text)


def test_the_table_lists_active_people_with_their_numbers(page: PeoplePage) -> None:
    assert shown_names(page) == ["Ana Ruiz", "Ben Okafor"]
    assert page.proxy.index(0, COST_RATE).data() == "8,850.00 EUR"
    assert page.summary.text().startswith("2 active, 0 inactive")


def test_adding_a_person_through_the_dialog_stores_them_and_undo_removes_them(
    qtbot, page: PeoplePage, context: AppContext, staff: Database
) -> None:
    dialog = page.add_person()
    assert not dialog.ok_button.isEnabled()  # an empty form cannot be saved
    fill(dialog, name="Chloé Martin", email="Chloe@Example.org", department="Engineering", cost_rate="7,250.50")
    assert dialog.ok_button.isEnabled()
    dialog.accept()
    qtbot.waitUntil(lambda: stored(staff, "chloe@example.org") is not None)
    assert stored(staff, "chloe@example.org") == ("Chloé Martin", "Engineering", 1.0, 725050, 1)
    qtbot.waitUntil(lambda: "Chloé Martin" in shown_names(page))
    assert page.dialog is None  # closed once saved
    assert page.current_person() is not None and page.current_person().name == "Chloé Martin"
    qtbot.waitUntil(lambda: context.undo_stack.undoText() == "Add Chloé Martin")

    context.undo_stack.undo()
    qtbot.waitUntil(lambda: stored(staff, "chloe@example.org") is None)
    qtbot.waitUntil(lambda: shown_names(page) == ["Ana Ruiz", "Ben Okafor"])
    context.undo_stack.redo()
    qtbot.waitUntil(lambda: "Chloé Martin" in shown_names(page))


def test_a_duplicate_email_shows_the_refusal_and_stores_nothing(qtbot, page: PeoplePage, staff: Database) -> None:
    dialog = page.add_person()
    fill(dialog, name="Another Ana", email="ANA@example.org", department="Finance")
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.problem.text() != "")
    assert dialog.problem.text() == "Another person already has this e-mail address."
    # The dialog stays open with what was typed, to be corrected.
    assert dialog.isVisible() and dialog.name.text() == "Another Ana" and dialog.ok_button.isEnabled()
    assert staff.reader().scalar("SELECT count(*) FROM person") == 2
    assert page.context.undo_stack.count() == 0
    dialog.reject()


def test_the_dialog_checks_fields_as_they_are_typed(qtbot, page: PeoplePage) -> None:
    dialog = page.add_person()
    assert dialog.problem.text() == ""  # an untouched form is not scolded
    fill(dialog, name="Dana", email="dana@", department="HR")
    assert dialog.problem.text() == "dana@ is not an e-mail address."
    assert not dialog.ok_button.isEnabled()
    retype(dialog.email, "dana@example.org")
    retype(dialog.cost_rate, "12.345")
    assert dialog.problem.text() == "The monthly cost has at most two decimal places."
    retype(dialog.cost_rate, "-5")
    assert dialog.problem.text() == "The monthly cost cannot be negative."
    retype(dialog.cost_rate, "5000")
    dialog.capacity.setValue(0)
    assert dialog.problem.text() == "Capacity must be more than 0 and at most 1 FTE."
    dialog.capacity.setValue(0.8)
    retype(dialog.name, "")
    assert dialog.problem.text() == "A person needs a name." and not dialog.ok_button.isEnabled()
    retype(dialog.name, "Dana Scully")
    assert dialog.problem.text() == "" and dialog.ok_button.isEnabled()
    dialog.reject()


def test_editing_a_person_saves_the_change_and_undo_restores_it(
    qtbot, page: PeoplePage, context: AppContext, staff: Database
) -> None:
    page.select_person(page.model.index(1, 0).data(RecordRole).id)  # Ben
    dialog = page.edit_person()
    assert dialog is not None and dialog.name.text() == "Ben Okafor"
    dialog.department.setEditText("Engineering")
    dialog.capacity.setValue(0.75)
    dialog.accept()
    qtbot.waitUntil(lambda: stored(staff, "ben@example.org")[1:3] == ("Engineering", 0.75))
    # The step joins the history once the edit's success reaches the window, a moment after the database.
    qtbot.waitUntil(lambda: context.undo_stack.undoText() == "Edit Ben Okafor")
    context.undo_stack.undo()
    qtbot.waitUntil(lambda: stored(staff, "ben@example.org")[1:3] == ("CISO office", 0.5))


def test_deactivating_hides_a_person_unless_inactive_people_are_shown(
    qtbot, page: PeoplePage, context: AppContext, staff: Database
) -> None:
    page.select_person(page.model.index(0, 0).data(RecordRole).id)  # Ana
    assert page.active_button.text() == "Deactivate"
    page.active_button.click()
    qtbot.waitUntil(lambda: shown_names(page) == ["Ben Okafor"])
    assert stored(staff, "ana@example.org")[4] == 0
    page.show_inactive.setChecked(True)
    assert shown_names(page) == ["Ana Ruiz", "Ben Okafor"]
    page.select_person(page.model.index(0, 0).data(RecordRole).id)
    assert page.active_button.text() == "Reactivate"
    page.show_inactive.setChecked(False)

    context.undo_stack.undo()  # reactivates
    qtbot.waitUntil(lambda: shown_names(page) == ["Ana Ruiz", "Ben Okafor"])
    assert stored(staff, "ana@example.org")[4] == 1


def test_filters_narrow_by_text_and_department(page: PeoplePage) -> None:
    page.filter.setText("lead")
    assert shown_names(page) == ["Ana Ruiz"]  # by title
    page.filter.clear()
    page.department.setCurrentIndex(page.department.findData("CISO office"))
    assert shown_names(page) == ["Ben Okafor"]
    page.department.setCurrentIndex(0)
    assert shown_names(page) == ["Ana Ruiz", "Ben Okafor"]


def test_sorting_by_a_number_keeps_the_selected_person_selected(page: PeoplePage, staff: Database) -> None:
    page.select_person(page.model.index(0, 0).data(RecordRole).id)  # Ana, 1.0 FTE
    page.table.sortByColumn(CAPACITY, Qt.SortOrder.AscendingOrder)
    assert shown_names(page) == ["Ben Okafor", "Ana Ruiz"]  # 0.5 FTE first
    assert page.current_person().name == "Ana Ruiz"
    page.refresh()  # a reload keeps the order the user chose
    assert shown_names(page) == ["Ben Okafor", "Ana Ruiz"] and page.current_person().name == "Ana Ruiz"
    page.table.sortByColumn(COST_RATE, Qt.SortOrder.DescendingOrder)
    assert shown_names(page) == ["Ana Ruiz", "Ben Okafor"]


def test_erasing_asks_for_a_reason_says_it_cannot_be_undone_and_anonymises(
    qtbot, page: PeoplePage, context: AppContext, staff: Database
) -> None:
    ana = page.model.index(0, 0).data(RecordRole)
    page.select_person(ana.id)
    dialog = page.erase_person()
    assert dialog is not None
    assert "cannot be undone" in " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert not dialog.erase_button.isEnabled()
    dialog.reason.setText("Privacy request PR-17")
    dialog.accept()
    qtbot.waitUntil(lambda: staff.reader().scalar("SELECT erased_on FROM person WHERE id = :id", {"id": ana.id}))
    qtbot.waitUntil(lambda: shown_names(page) == ["Ben Okafor"])
    assert stored(staff, "ana@example.org") is None
    assert context.undo_stack.count() == 0
    reason = staff.reader().scalar("SELECT reason FROM audit_event WHERE action = 'erased'")
    assert reason == "Privacy request PR-17"
    page.show_inactive.setChecked(True)
    assert f"Erased person {ana.id}" in shown_names(page)


def test_an_erased_person_cannot_be_edited_or_erased_again(qtbot, page: PeoplePage, staff: Database) -> None:
    ana = page.model.index(0, 0).data(RecordRole)
    people.erase_person(staff, ana.id, reason="request")
    page.show_inactive.setChecked(True)
    page.refresh()
    page.select_person(ana.id)
    assert not page.edit_button.isEnabled() and not page.erase_button.isEnabled()


def test_a_person_added_elsewhere_appears_when_the_page_is_shown_again(
    qtbot, page: PeoplePage, context: AppContext, staff: Database
) -> None:
    page.hide()
    change = people.create_person(staff, name="Eve Adams", email="eve@example.org", department="HR")
    context.hub.publish(change)
    assert "Eve Adams" not in shown_names(page)  # hidden pages do not reload
    page.show()
    assert "Eve Adams" in shown_names(page)


def test_the_model_follows_qts_rules_and_flags_overbooking(qtmodeltester, qtbot, demo_database: Database) -> None:
    from app.queries.people import list_people

    model = PeopleModel()
    model.set_people(list_people(demo_database.reader()))
    qtmodeltester.check(model)
    overbooked = [
        row
        for row in range(model.rowCount())
        if model.index(row, ALLOCATION).data(Qt.ItemDataRole.ForegroundRole) is not None
        and model.index(row, 0).data(RecordRole).active
    ]
    assert overbooked
    person = model.index(overbooked[0], 0).data(RecordRole)
    assert person.total_allocation > person.capacity_fte


def add_finn(qtbot, page: PeoplePage, database: Database, *, department: str) -> int:
    """Finn Berg, added with the page's dialog: their id, once stored."""
    dialog = page.add_person()
    fill(dialog, name="Finn Berg", email="finn@example.org", department=department)
    dialog.accept()
    qtbot.waitUntil(lambda: stored(database, "finn@example.org") is not None)
    return database.reader().scalar("SELECT id FROM person WHERE email = 'finn@example.org'")


def test_a_refused_undo_says_why(
    qtbot, page: PeoplePage, context: AppContext, staff: Database, shown_errors: list[str]
) -> None:
    """Undoing an add after the person gained history is refused with the service's sentence."""
    from app.services import projects

    finn = add_finn(qtbot, page, staff, department="Engineering")
    project = projects.create_project(staff, name="Fraud scoring").ids[0]
    projects.add_member(staff, project, finn, role="Engineer", allocation=0.5)
    context.undo_stack.undo()
    qtbot.waitUntil(lambda: bool(shown_errors))
    assert "deactivate them" in shown_errors[0]
    assert stored(staff, "finn@example.org") is not None


def test_undoing_an_add_after_the_person_approved_a_budget_says_what_holds_their_history(
    qtbot, page: PeoplePage, context: AppContext, staff: Database, shown_errors: list[str]
) -> None:
    """An approval is history: the undo is refused with the service's sentence naming it, not the database's
    'still used elsewhere', and the person stays."""
    from app.services import budget, projects

    finn = add_finn(qtbot, page, staff, department="Finance")
    plan = budget.create_plan(
        staff, projects.create_project(staff, name="Fraud scoring").ids[0], name="Baseline", fiscal_year=2026
    ).ids[0]
    budget.set_plan_state(staff, plan, "submitted")
    budget.approve_plan(staff, plan, approved_by_id=finn)
    context.undo_stack.undo()
    qtbot.waitUntil(lambda: bool(shown_errors))
    assert shown_errors[0] == (
        "Finn Berg has history (they approved 1 budget plan); deactivate them instead, "
        "or erase them on a privacy request."
    )
    assert stored(staff, "finn@example.org") is not None


def click_row(qtbot, page: PeoplePage, name: str) -> None:
    row = shown_names(page).index(name)
    rect = page.table.visualRect(page.proxy.index(row, NAME))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_after_a_deactivation_no_button_acts_on_a_person_nobody_selected(
    qtbot, page: PeoplePage, context: AppContext, staff: Database
) -> None:
    """The deactivated row goes; the current index moves to a neighbour, but nobody is selected, so nothing acts."""
    click_row(qtbot, page, "Ana Ruiz")
    assert page.erase_button.isEnabled()
    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown_names(page) == ["Ben Okafor"])
    assert page.current_person() is None
    assert not page.edit_button.isEnabled()
    assert not page.active_button.isEnabled()
    assert not page.erase_button.isEnabled()
    qtbot.mouseClick(page.erase_button, Qt.MouseButton.LeftButton)
    assert page.findChild(EraseDialog) is None  # Erase… opened for nobody
    # Deactivating is undoable instead of asked about: Ctrl+Z brings Ana back.
    assert "Undo" in page.active_button.toolTip()
    context.undo_stack.undo()
    qtbot.waitUntil(lambda: stored(staff, "ana@example.org")[4] == 1)
    qtbot.waitUntil(lambda: shown_names(page) == ["Ana Ruiz", "Ben Okafor"])
    assert stored(staff, "ben@example.org")[4] == 1


def test_the_buttons_follow_a_click_on_another_row(qtbot, page: PeoplePage) -> None:
    click_row(qtbot, page, "Ben Okafor")
    assert page.current_person().name == "Ben Okafor"
    dialog = page.edit_person()
    assert dialog is not None and dialog.name.text() == "Ben Okafor"
    dialog.reject()
    page.filter.setText("ana")  # Ben filtered out: nothing selected any more
    assert page.current_person() is None and not page.edit_button.isEnabled()
