"""The sprints page over the demo: the active sprint's board by status, cards moved by drop, keyboard
and menu with undo, planning a sprint with items dragged in against capacity, starting and closing
(unfinished items carried on), a closed sprint read-only with frozen figures, and the charts fed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu, QWidget

from app.db.database import Database
from app.services import policy as services
from models.enums import ItemStatus, SprintState
from tests.views.modal import answer_modal
from tests.views.pages import press_answering, project_id, wait_for_reload
from views.context import AppContext
from views.policy.item_drag import item_mime
from views.policy.sprints_page import BOARD_STATUSES, SprintsPage
from views.policy.wording import name

CARD_FRAUD = "Card fraud screening"


@pytest.fixture
def page(show_page: Callable[[SprintsPage], SprintsPage], demo_context: AppContext) -> SprintsPage:
    return show_page(SprintsPage(demo_context))


def open_project(qtbot, page: SprintsPage, database: Database, name: str = CARD_FRAUD) -> int:
    project = project_id(database, name)
    page.show_project(project)
    qtbot.waitUntil(lambda: page.data() is not None and page.data().project_name == name and not page.is_loading())
    return project


def first_movable_card(page: SprintsPage) -> tuple[ItemStatus, Any, Any]:
    """The first column before Done that holds a card, the column's view, and its first card."""
    source = next(status for status in BOARD_STATUSES[:-1] if page.column_items(status))
    return source, page.columns[source], page.column_items(source)[0]


def right_click(qtbot, column: Any, point: QPoint) -> QMenu:
    """Click the card at ``point`` and ask for its menu there, as a right-click does; the menu, open."""
    qtbot.mouseClick(column.viewport(), Qt.MouseButton.LeftButton, pos=point)
    QApplication.sendEvent(
        column.viewport(),
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, column.viewport().mapToGlobal(point)),
    )
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    return QApplication.activePopupWidget()


def status_of(database: Database, item_id: int) -> tuple[str, int | None]:
    return database.reader().one("SELECT status, sprint_id FROM backlog_item WHERE id = :i", {"i": item_id})


def test_the_active_sprint_opens_on_its_board_with_a_card_per_item(
    qtbot, page: SprintsPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database)
    sprint = page.sprint()
    assert sprint is not None and sprint.state == SprintState.ACTIVE
    assert page.tabs.currentIndex() == 0  # the board
    items = page.data().items_in(sprint.id)
    for status in BOARD_STATUSES:
        assert [card.id for card in page.column_items(status)] == [
            item.id
            for item in items
            if (item.status if item.status != ItemStatus.BACKLOG else ItemStatus.TODO) == status
        ]
        assert f"· {len(page.column_items(status))} ·" in page.column_titles[status].text()
    assert sprint.goal in page.headline.text() and "day" in page.headline.text()
    assert "Committed 13" in page.figures.text() and "average velocity" in page.figures.text()
    assert page.close_button.isEnabled() and not page.start_button.isEnabled()
    # The charts are fed: the burndown of this sprint, the project's velocity.
    assert page.charts.burndown.empty_message() == ""
    assert page.charts.velocity.empty_message() == ""


def test_a_card_dropped_on_another_column_changes_status_and_undo_moves_it_back(
    qtbot, page: SprintsPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database)
    card = (page.column_items(ItemStatus.TODO) or page.column_items(ItemStatus.IN_PROGRESS))[0]
    done = page.columns[ItemStatus.DONE]
    assert done.take_drop(item_mime([card.id]), QPoint(10, 10))
    wait_for_reload(qtbot, page)
    assert status_of(demo_database, card.id)[0] == "done"
    assert card.id in [item.id for item in page.column_items(ItemStatus.DONE)]
    assert "moved to Done" in page.message.text()
    page.context.undo_stack.undo()
    wait_for_reload(qtbot, page)
    assert status_of(demo_database, card.id) == (card.status.value, card.sprint_id)


def test_keyboard_moves_a_card_one_column_and_arrows_move_between_columns(
    qtbot, page: SprintsPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database)
    source, column, card = first_movable_card(page)
    page.activateWindow()
    column.setFocus()
    column.setCurrentIndex(column.model().index(0, 0))
    qtbot.waitUntil(column.hasFocus)
    qtbot.keyClick(column, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    wait_for_reload(qtbot, page)
    following = BOARD_STATUSES[BOARD_STATUSES.index(source) + 1]
    assert status_of(demo_database, card.id)[0] == following.value
    # Right without Ctrl only moves the focus to the next column.
    column.setFocus()
    qtbot.keyClick(column, Qt.Key.Key_Right)
    assert page.columns[following].hasFocus()
    assert status_of(demo_database, card.id)[0] == following.value


def test_planning_a_sprint_dragging_items_in_and_closing_the_active_one_into_it(
    qtbot, page: SprintsPage, demo_database: Database
) -> None:
    project = open_project(qtbot, page, demo_database)
    active = page.sprint()
    dialog = page.new_sprint()
    names = {sprint.name for sprint in page.data().sprints}
    assert dialog.name.text() not in names and dialog.name.text().startswith("Sprint")
    assert dialog.start.date().toPython() > max(sprint.end_on for sprint in page.data().sprints)
    dialog.goal.setPlainText("Close the exit-strategy gap.")
    dialog.capacity.setValue(5)
    name = dialog.name.text()
    dialog.accept()
    wait_for_reload(qtbot, page)
    sprint = page.sprint()
    assert sprint.name == name and sprint.state == SprintState.PLANNED
    assert page.tabs.currentIndex() == 1  # a planned sprint opens on its plan
    waiting = page.plan_backlog_model.rows()
    assert len(waiting) >= 2
    chosen = [item for item in waiting if item.points][:2]
    assert page.plan_sprint.take_drop(item_mime([item.id for item in chosen]), QPoint(5, 5))
    wait_for_reload(qtbot, page)
    assert {item.id for item in page.plan_sprint_model.rows()} == {item.id for item in chosen}
    committed = sum(item.points for item in chosen)
    assert page.capacity_bar.value() == committed
    assert f"{committed} of 5 points planned" in page.capacity_label.text()
    assert ("over capacity" in page.capacity_label.text()) == (committed > 5)
    # Another sprint is active: this one cannot start yet.
    assert not page.start_button.isEnabled()

    page.choose_sprint(active.id)
    unfinished = [item for item in page.data().items_in(active.id) if not item.done]
    closing = page.close_sprint()
    assert closing.target() == next(s.id for s in page.data().sprints if s.state == SprintState.PLANNED)
    for button in closing.choices.buttons():
        if button.property("target") == sprint.id:
            button.setChecked(True)
    closing.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    wait_for_reload(qtbot, page)
    assert page.data().sprint(active.id).state == SprintState.CLOSED
    for item in unfinished:
        assert status_of(demo_database, item.id)[1] == sprint.id
    assert f"{len(unfinished)} unfinished item(s) moved to {name}" in page.message.text()
    # The closed sprint is read-only and says why.
    assert not page.columns[ItemStatus.DONE].acceptDrops() and "frozen" in page.board_note.text()
    assert not page.close_button.isEnabled()

    page.choose_sprint(sprint.id)
    assert page.start_button.isEnabled()
    # Planned after the active one, it would start days from now: starting it moves its start to today.
    answer = press_answering(qtbot, page, page.start_button, answer="Start today")
    assert answer.answered and "moves its start to today" in answer.text
    assert page.data().sprint(sprint.id).state == SprintState.ACTIVE
    assert page.data().sprint(sprint.id).start_on == date.today()
    assert "started with" in page.message.text() and "Its start moved to" in page.message.text()
    committed_rows = demo_database.reader().scalar(
        "SELECT count(*) FROM sprint_commitment WHERE sprint_id = :s", {"s": sprint.id}
    )
    assert committed_rows == len(chosen) + len(unfinished)
    assert project


def test_a_closed_sprints_figures_do_not_change_when_its_items_are_edited_later(
    qtbot, page: SprintsPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database)
    closed = next(sprint for sprint in page.data().sprints if sprint.state == SprintState.CLOSED)
    page.choose_sprint(closed.id)
    figures = page.figures.text()
    done = next(item for item in page.data().items_in(closed.id) if item.done)
    services.update_item(demo_database, done.id, {"points": (done.points or 1) + 10})
    page.reload()
    wait_for_reload(qtbot, page)
    page.choose_sprint(closed.id)
    assert page.data().item(done.id).points == (done.points or 1) + 10
    assert page.figures.text() == figures


def test_a_refused_move_is_said_in_one_sentence_and_nothing_changes(
    qtbot, page: SprintsPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database)
    active = page.sprint()
    card = (
        page.column_items(ItemStatus.DONE)[0]
        if page.column_items(ItemStatus.DONE)
        else page.data().items_in(active.id)[0]
    )
    # The sprint closes elsewhere (another window) before the drop arrives.
    services.close_sprint(demo_database, active.id)
    before = status_of(demo_database, card.id)
    page.set_status([card.id], ItemStatus.IN_REVIEW)
    wait_for_reload(qtbot, page)
    assert status_of(demo_database, card.id) == before
    assert "closed" in page.message.text()


def test_a_dragged_card_carries_its_item_id_and_a_closed_sprints_cards_do_not_move(
    qtbot, page: SprintsPage, demo_database: Database
) -> None:
    from views.policy.item_drag import dropped_ids

    open_project(qtbot, page, demo_database)
    status = next(status for status in BOARD_STATUSES if page.column_items(status))
    model = page.column_models[status]
    index = model.index(0, 0)
    assert model.flags(index) & Qt.ItemFlag.ItemIsDragEnabled
    assert dropped_ids(model.mimeData([index])) == [page.column_items(status)[0].id]
    closed = next(sprint for sprint in page.data().sprints if sprint.state == SprintState.CLOSED)
    page.choose_sprint(closed.id)
    done = page.column_models[ItemStatus.DONE]
    assert done.rowCount() > 0
    assert not done.flags(done.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    assert not page.columns[ItemStatus.TODO].take_drop(item_mime([done.rows()[0].id]), QPoint(5, 5))


def test_the_sprint_dialog_refuses_a_taken_name_or_an_end_before_the_start(
    qtbot, page: SprintsPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database)
    dialog = page.new_sprint()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    dialog.name.setText(page.data().sprints[0].name.upper())
    assert not ok.isEnabled() and "already has a sprint" in dialog.problem.text()
    dialog.name.setText("Hardening sprint")
    assert ok.isEnabled() and dialog.problem.text() == ""
    dialog.end.setDate(dialog.start.date().addDays(-1))
    assert not ok.isEnabled() and "ends before it starts" in dialog.problem.text()
    dialog.reject()


def test_no_stale_words_stay_after_an_undo_or_a_change_made_elsewhere(
    qtbot, demo_window, demo_database: Database
) -> None:
    """Ctrl+Z of a board move, or a change on another tab, takes the page's "moved to …" back off
    its message line and the window's status bar."""
    fraud = demo_database.reader().scalar("SELECT id FROM project WHERE name = :n", {"n": CARD_FRAUD})
    demo_window.select_project(fraud)
    tab_bar = demo_window.tabs.tabBar()
    qtbot.mouseClick(
        tab_bar,
        Qt.MouseButton.LeftButton,
        pos=tab_bar.tabRect(demo_window.tabs.indexOf(demo_window.sprints_tab)).center(),
    )
    page = demo_window.sprints_tab.page
    qtbot.waitUntil(
        lambda: page.data() is not None and page.data().project_name == CARD_FRAUD and not page.is_loading(),
        timeout=20_000,
    )
    status_bar = demo_window.statusBar()

    def move_a_card_right() -> tuple[int, str]:
        source = next(status for status in BOARD_STATUSES[:-1] if page.column_items(status))
        target = BOARD_STATUSES[BOARD_STATUSES.index(source) + 1]
        column = page.columns[source]
        card = page.column_items(source)[0]
        column.setFocus()
        column.setCurrentIndex(column.model().index(0, 0))
        qtbot.keyClick(column, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: status_of(demo_database, card.id)[0] == target.value, timeout=20_000)
        wait_for_reload(qtbot, page)
        said = f"moved to {name(target)}"
        assert said in page.message.text() and said in status_bar.currentMessage()
        return card.id, source.value

    card, was = move_a_card_right()
    qtbot.keyClick(page.columns[BOARD_STATUSES[0]], Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: status_of(demo_database, card)[0] == was, timeout=20_000)
    wait_for_reload(qtbot, page)
    assert page.message.text() == ""
    assert status_bar.currentMessage().startswith("Undone: Move") and "moved to" not in status_bar.currentMessage()

    move_a_card_right()
    # Elsewhere: on the Backlog tab, the first item goes one row down with Ctrl+Down (which says nothing).
    qtbot.mouseClick(
        tab_bar,
        Qt.MouseButton.LeftButton,
        pos=tab_bar.tabRect(demo_window.tabs.indexOf(demo_window.backlog_tab)).center(),
    )
    backlog = demo_window.backlog_tab.page
    qtbot.waitUntil(lambda: backlog.model.rowCount() > 2 and not backlog.is_loading(), timeout=20_000)
    table = backlog.table
    first = table.model().index(0, 1)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(first).center())
    moved = backlog.selected_ids()[0]
    rank = demo_database.reader().scalar("SELECT rank FROM backlog_item WHERE id = :i", {"i": moved})
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: demo_database.reader().scalar("SELECT rank FROM backlog_item WHERE id = :i", {"i": moved}) != rank,
        timeout=20_000,
    )
    wait_for_reload(qtbot, page)
    assert page.message.text() == ""
    assert "moved to" not in status_bar.currentMessage()


def type_date(qtbot, field: QWidget, text: str) -> None:
    """Click into a date field, select all it shows and type ``text``, as a user does."""
    point = QPoint(12, field.height() // 2)
    target = field.childAt(point) or field  # the widget a real click there lands on
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(field, point))
    typing = QApplication.focusWidget()
    qtbot.keyClick(typing, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(typing, text)


def open_new_sprint_dialog(qtbot, page: SprintsPage):
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.objectName() == "sprintDialog"
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # as the window system does for a dialog that opens
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def sprint_row(database: Database, name: str) -> tuple | None:
    return database.reader().one("SELECT start_on, end_on, state FROM sprint WHERE name = :n", {"n": name})


def test_a_whole_date_typed_into_the_end_date_is_the_date_typed(
    qtbot, page: SprintsPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database)
    dialog = open_new_sprint_dialog(qtbot, page)
    dialog.start.setDate(QDate(2026, 11, 30))
    dialog.end.setDate(QDate(2027, 1, 14))
    type_date(qtbot, dialog.end, "2026-12-11")
    assert dialog.values()["end_on"] == date(2026, 12, 11)  # QDateEdit made it 2027-12-11
    type_date(qtbot, dialog.start, "2026-12-1")
    assert dialog.values()["start_on"] == date(2026, 12, 1)
    dialog.reject()


def test_a_longer_sprint_than_usual_warns_and_asks_again_and_an_absurd_one_cannot_be_saved(
    qtbot, page: SprintsPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database)
    dialog = open_new_sprint_dialog(qtbot, page)
    assert dialog.usual_days == 12  # the demo's sprints run from a Monday to the Friday of the next week
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.name.setText("Hardening")
    type_date(qtbot, dialog.start, "2026-12-01")
    type_date(qtbot, dialog.end, "2027-12-01")
    assert not ok.isEnabled()
    assert "A sprint runs at most 90 days; this one would run 366" in dialog.problem.text()

    type_date(qtbot, dialog.end, "2027-01-14")
    assert ok.isEnabled() and dialog.problem.text() == ""
    assert "Runs 45 days: longer than the team's usual 12 days." in dialog.length.text()
    answer = answer_modal(qtbot, button="Cancel")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert answer.answered and "would run 45 days, from 2026-12-01 to 2027-01-14" in answer.text
    assert "usually run 12 days" in answer.informative
    wait_for_reload(qtbot, page)
    assert dialog.isVisible() and dialog.values()["end_on"] == date(2027, 1, 14)  # kept, to correct or confirm
    assert sprint_row(demo_database, "Hardening") is None

    answer_modal(qtbot, button="Plan a 45-day sprint")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sprint_row(demo_database, "Hardening") is not None, timeout=20_000)
    wait_for_reload(qtbot, page)
    assert sprint_row(demo_database, "Hardening") == ("2026-12-01", "2027-01-14", "planned")
    assert page.dialog is None and page.sprint().name == "Hardening"


def test_starting_early_and_over_capacity_is_said_with_the_numbers_and_cancel_leaves_it_planned(
    qtbot, page: SprintsPage, demo_database: Database
) -> None:
    project = open_project(qtbot, page, demo_database)
    services.close_sprint(demo_database, page.data().active_sprint().id)
    today = date.today()
    start = today + timedelta(days=5)
    sprint = services.plan_sprint(
        demo_database,
        project,
        name="Over-full",
        start_on=start,
        end_on=start + timedelta(days=13),
        capacity_points=16,
    ).ids[0]
    for title, points in (("Exit plan", 10), ("Vendor review", 12)):
        item = services.create_item(demo_database, project, title=title, points=points).ids[0]
        services.assign_to_sprint(demo_database, item, sprint)
    page.reload()
    wait_for_reload(qtbot, page)
    page.choose_sprint(sprint)

    answer = answer_modal(qtbot, button="Cancel")
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert answer.answered
    assert "Start Over-full with 2 item(s), 22 points committed?" in answer.text
    assert "22 points exceed its capacity of 16 by 6." in answer.text
    assert f"planned to start on {start.isoformat()}, in 5 day(s)" in answer.text
    wait_for_reload(qtbot, page)
    assert sprint_row(demo_database, "Over-full") == (
        start.isoformat(),
        (start + timedelta(days=13)).isoformat(),
        "planned",
    )

    answer_modal(qtbot, button="Start today")
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sprint_row(demo_database, "Over-full")[2] == "active", timeout=20_000)
    wait_for_reload(qtbot, page)
    assert sprint_row(demo_database, "Over-full")[0] == today.isoformat()
    # Active, and its burndown has begun: today is its first day, with the 22 points committed.
    assert f"day 1 of {(start + timedelta(days=13) - today).days + 1}" in page.headline.text()
    chart = next(chart for chart in page.data().analysis.burndowns if chart.sprint_id == sprint)
    assert chart.points[0].date == today and chart.points[0].remaining_points == 22


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # a popup on the offscreen platform
def test_a_cards_menu_acts_on_the_selected_card_and_is_gone_once_closed(
    qtbot, page: SprintsPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database)
    source, column, card = first_movable_card(page)
    point = column.visualRect(column.model().index(0, 0)).center()
    for _ in range(3):  # a right-click opens the card's menu; Escape closes it
        menu = right_click(qtbot, column, point)
        assert not next(action for action in menu.actions() if action.text() == f"Move to {name(source)}").isEnabled()
        qtbot.keyClick(menu, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    qtbot.waitUntil(lambda: column.findChildren(QMenu) == [])  # none kept by the column

    # Chosen from the menu, a move acts on the card selected.
    menu = right_click(qtbot, column, point)
    next(action for action in menu.actions() if action.text() == "Move to Done").trigger()
    qtbot.waitUntil(lambda: status_of(demo_database, card.id)[0] == "done")
    wait_for_reload(qtbot, page)
