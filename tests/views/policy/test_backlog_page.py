"""The backlog page over the demo: the backlog in rank order, filters, adding and editing an item with
undo, reordering by drag and drop and by keyboard with undo, moving items to a sprint, feedback on an
item, templates added in one action, and refusals said in one sentence with nothing written."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.db.database import Database
from app.services import policy as services
from models.enums import Disposition, ItemStatus, StakeholderDepartment
from tests.views.modal import answer_modal
from tests.views.pages import project_id, wait_for_reload
from views.context import AppContext
from views.policy.backlog_page import FEEDBACK, NOT_IN_A_SPRINT, POSITION, TITLE, BacklogPage
from views.policy.item_drag import item_mime
from views.roles import RecordRole

CARD_FRAUD = "Card fraud screening"


@pytest.fixture
def page(show_page: Callable[[BacklogPage], BacklogPage], demo_context: AppContext) -> BacklogPage:
    return show_page(BacklogPage(demo_context))


def db_order(database: Database, project: int) -> list[int]:
    return [
        row[0]
        for row in database.reader().rows(
            "SELECT id FROM backlog_item WHERE project_id = :p ORDER BY rank, id", {"p": project}
        )
    ]


def open_project(qtbot, page: BacklogPage, database: Database, name: str = CARD_FRAUD) -> int:
    project = project_id(database, name)
    page.show_project(project)
    qtbot.waitUntil(lambda: page.data() is not None and page.data().project_name == name and not page.is_loading())
    return project


def undo(qtbot, page: BacklogPage) -> None:
    page.context.undo_stack.undo()
    wait_for_reload(qtbot, page)


def shown_titles(page: BacklogPage) -> list[str]:
    return [page.filter.index(row, TITLE).data() for row in range(page.filter.rowCount())]


def select_ids(page: BacklogPage, ids: list[int]) -> None:
    page.table.clearSelection()
    for item_id in ids:
        page.select_item(item_id) if item_id == ids[0] else page.table.selectionModel().select(
            page.filter.mapFromSource(page.model.index(page.model.row_of(item_id), 0)),
            page.table.selectionModel().SelectionFlag.Select | page.table.selectionModel().SelectionFlag.Rows,
        )


def test_the_backlog_is_listed_in_rank_order_with_positions_and_open_feedback(
    qtbot, page: BacklogPage, demo_database: Database
) -> None:
    project = open_project(qtbot, page, demo_database)
    order = db_order(demo_database, project)
    assert [page.filter.index(row, 0).data(RecordRole).id for row in range(page.filter.rowCount())] == order
    assert [page.filter.index(row, POSITION).data() for row in range(3)] == [1, 2, 3]
    assert f"{len(order)} items" in page.summary.text()
    with_feedback = [item for item in page.data().items if item.open_feedback]
    assert with_feedback, "the demo has open feedback on some item"
    row = page.filter.mapFromSource(page.model.index(page.model.row_of(with_feedback[0].id), FEEDBACK)).row()
    assert "open" in page.filter.index(row, FEEDBACK).data()
    assert "open feedback" in page.summary.text()


def test_filters_by_status_sprint_owner_and_text(qtbot, page: BacklogPage, demo_database: Database) -> None:
    open_project(qtbot, page, demo_database)
    items = page.data().items
    page.status_filter.setCurrentIndex(page.status_filter.findData(ItemStatus.DONE.value))
    assert set(shown_titles(page)) == {item.title for item in items if item.status == ItemStatus.DONE}
    assert "shown" in page.summary.text()
    page.status_filter.setCurrentIndex(0)
    page.sprint_filter.setCurrentIndex(page.sprint_filter.findData(NOT_IN_A_SPRINT))
    assert set(shown_titles(page)) == {item.title for item in items if item.sprint_id is None}
    page.sprint_filter.setCurrentIndex(0)
    owner = next(item.owner_department for item in items if item.owner_department)
    page.owner_filter.setCurrentIndex(page.owner_filter.findData(owner))
    assert set(shown_titles(page)) == {item.title for item in items if item.owner_department == owner}
    page.owner_filter.setCurrentIndex(0)
    page.search.setText("kill-switch")
    matching = {item.title for item in items if "kill-switch" in (item.title + item.acceptance_criteria).lower()}
    assert matching and set(shown_titles(page)) == matching
    page.search.clear()
    assert len(shown_titles(page)) == len(items)


def test_a_new_item_goes_to_the_end_and_undo_removes_it(qtbot, page: BacklogPage, demo_database: Database) -> None:
    project = open_project(qtbot, page, demo_database)
    before = db_order(demo_database, project)
    dialog = page.new_item()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # no title yet
    dialog.title.setText("Write the model exit plan")
    dialog.points.setValue(5)
    dialog.criteria.setPlainText("Names who migrates the data and in how many days.")
    dialog.accept()
    wait_for_reload(qtbot, page)
    after = db_order(demo_database, project)
    assert after[:-1] == before and len(after) == len(before) + 1
    assert shown_titles(page)[-1] == "Write the model exit plan"
    assert page.selected_item().title == "Write the model exit plan"
    assert page.selected_item().points == 5
    undo(qtbot, page)
    assert db_order(demo_database, project) == before
    assert "Write the model exit plan" not in shown_titles(page)


def test_editing_an_item_and_undo(qtbot, page: BacklogPage, demo_database: Database) -> None:
    open_project(qtbot, page, demo_database)
    item = page.data().items[-1]
    page.select_item(item.id)
    dialog = page.edit_item()
    assert dialog.title.text() == item.title
    dialog.title.setText("Renamed item")
    dialog.points.setValue(8)
    dialog.accept()
    wait_for_reload(qtbot, page)
    edited = page.data().item(item.id)
    assert (edited.title, edited.points) == ("Renamed item", 8)
    undo(qtbot, page)
    restored = page.data().item(item.id)
    assert (restored.title, restored.points) == (item.title, item.points)


def test_dropping_rows_reorders_the_backlog_and_undo_restores_it(
    qtbot, page: BacklogPage, demo_database: Database
) -> None:
    project = open_project(qtbot, page, demo_database)
    before = db_order(demo_database, project)
    moving = [before[-1], before[-2]]
    # Drop on the upper half of the second row: the block goes before it, in backlog order.
    target = page.table.visualRect(page.filter.index(1, TITLE))
    assert page.table.take_drop(item_mime(moving), QPoint(target.center().x(), target.top() + 2))
    wait_for_reload(qtbot, page)
    expected = [before[0], before[-2], before[-1], *before[1:-2]]
    assert db_order(demo_database, project) == expected
    assert [page.filter.index(row, 0).data(RecordRole).id for row in range(page.filter.rowCount())] == expected
    undo(qtbot, page)
    assert db_order(demo_database, project) == before
    # The lower half of the last row: the end.
    last = page.table.visualRect(page.filter.index(page.filter.rowCount() - 1, TITLE))
    page.table.take_drop(item_mime([before[0]]), QPoint(last.center().x(), last.bottom() - 1))
    wait_for_reload(qtbot, page)
    assert db_order(demo_database, project) == [*before[1:], before[0]]


def test_keyboard_moves_follow_the_visible_rows(qtbot, page: BacklogPage, demo_database: Database) -> None:
    project = open_project(qtbot, page, demo_database)
    before = db_order(demo_database, project)
    page.select_item(before[2])
    page.move_selected(-1)
    wait_for_reload(qtbot, page)
    assert db_order(demo_database, project)[:3] == [before[0], before[2], before[1]]
    assert page.selected_ids() == [before[2]]
    page.move_selected(+1)
    wait_for_reload(qtbot, page)
    assert db_order(demo_database, project) == before
    page.select_item(before[0])
    page.move_selected(-1)  # already first: nothing happens
    wait_for_reload(qtbot, page)
    assert db_order(demo_database, project) == before


def test_moving_items_to_a_sprint_and_back_with_undo(qtbot, page: BacklogPage, demo_database: Database) -> None:
    open_project(qtbot, page, demo_database)
    data = page.data()
    planned = next(sprint for sprint in data.sprints if sprint.state.value == "planned")
    waiting = [item for item in data.items if item.sprint_id is None and not item.done]
    assert waiting
    page.select_item(waiting[0].id)
    actions = [action.text() for action in page.sprint_menu.actions()]
    assert any(planned.name in text for text in actions)
    assert not any("closed" in text for text in actions)  # closed sprints take no items
    page.move_to_sprint(planned.id)
    wait_for_reload(qtbot, page)
    moved = page.data().item(waiting[0].id)
    assert (moved.sprint_id, moved.status) == (planned.id, ItemStatus.TODO)
    undo(qtbot, page)
    back = page.data().item(waiting[0].id)
    assert (back.sprint_id, back.status) == (None, ItemStatus.BACKLOG)


def test_feedback_on_an_item_is_shown_counted_and_disposed_of(
    qtbot, page: BacklogPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database)
    item = next(item for item in page.data().items if not item.feedback)
    page.select_item(item.id)
    dialog = page.add_feedback()
    dialog.department.setCurrentIndex(dialog.department.findData(StakeholderDepartment.LEGAL.value))
    dialog.comment.setPlainText("Say which regulator is notified.")
    dialog.accept()
    wait_for_reload(qtbot, page)
    assert page.data().item(item.id).open_feedback == 1
    assert page.feedback_model.rowCount() == 1
    assert "1 open" in page.feedback_caption.text()
    page.feedback.selectRow(0)
    page.set_disposition(Disposition.ACCEPTED)
    wait_for_reload(qtbot, page)
    assert page.data().item(item.id).open_feedback == 0
    undo(qtbot, page)
    assert page.data().item(item.id).open_feedback == 1


def test_templates_are_added_in_one_action_and_skipped_the_second_time(
    qtbot, page: BacklogPage, demo_database: Database
) -> None:
    project = open_project(qtbot, page, demo_database)
    before = len(db_order(demo_database, project))
    keys = [template.key for template in services.list_templates()[:3]]
    page.add_template_items(keys)
    wait_for_reload(qtbot, page)
    assert len(db_order(demo_database, project)) == before + 3
    assert "Added 3 template items" in page.message.text()
    page.add_template_items(keys)
    wait_for_reload(qtbot, page)
    assert len(db_order(demo_database, project)) == before + 3
    assert "skipped 3" in page.message.text()
    dialog = page.add_templates()
    assert dialog is not None
    assert not set(keys) & set(dialog.chosen_keys())  # those already in the backlog cannot be chosen again
    dialog.reject()


def test_deleting_an_item_with_history_is_refused_in_one_sentence(
    qtbot, page: BacklogPage, demo_database: Database
) -> None:
    project = open_project(qtbot, page, demo_database)
    before = db_order(demo_database, project)
    with_history = next(item for item in page.data().items if item.sprint_id is not None)
    page.select_item(with_history.id)
    # Deleting asks first; Enter keeps the item (Cancel is the default of a destructive question).
    answer = answer_modal(qtbot, key=Qt.Key.Key_Return)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    wait_for_reload(qtbot, page)
    assert answer.answered and f"Delete “{with_history.title}”" in answer.text
    assert db_order(demo_database, project) == before and page.message.text() == ""
    answer_modal(qtbot, button="Delete")
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    wait_for_reload(qtbot, page)
    assert db_order(demo_database, project) == before
    assert "history" in page.message.text() and page.message.text().count(".") <= 2


def test_a_dragged_row_carries_its_item_id_through_the_filter(
    qtbot, page: BacklogPage, demo_database: Database
) -> None:
    from views.policy.item_drag import dropped_ids

    project = open_project(qtbot, page, demo_database)
    page.status_filter.setCurrentIndex(page.status_filter.findData(ItemStatus.BACKLOG.value))
    first = page.filter.index(0, TITLE)
    assert page.filter.flags(first) & Qt.ItemFlag.ItemIsDragEnabled
    assert dropped_ids(page.filter.mimeData([first, page.filter.index(0, POSITION)])) == [first.data(RecordRole).id]
    assert first.data(RecordRole).id in db_order(demo_database, project)


def test_an_items_assignee_is_offered_from_its_owner_department_first(
    qtbot, page: BacklogPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    owner = dialog.owner.lineEdit()
    qtbot.mouseClick(owner, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(owner, "Legal")
    assignee = dialog.assignee
    assert assignee.itemText(0) == "(nobody named)"
    assert [assignee.itemText(index).split(" — ")[1] for index in range(1, 6)] == ["Legal"] * 5
    assert assignee.itemData(6, Qt.ItemDataRole.AccessibleDescriptionRole) == "separator"
    dialog.reject()


# --- the actions follow the selection exactly -----------------------------------------------------------


def click_row(qtbot, table, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Click a row of ``table`` (Ctrl+click lets a selected row go) as the user does."""
    index = table.model().index(row, TITLE if table.model().columnCount() > TITLE else 0)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, table.visualRect(index).center())


def disposition_of(database: Database, feedback_id: int) -> str:
    return database.reader().scalar("SELECT disposition FROM feedback WHERE id = :id", {"id": feedback_id})


def test_feedback_let_go_cannot_be_given_a_disposition(qtbot, page: BacklogPage, demo_database: Database) -> None:
    """Ctrl+click lets the feedback row go but leaves the current index on it: Set must not act on it then."""
    open_project(qtbot, page, demo_database)
    item = next(item for item in page.data().items if item.feedback)
    click_row(qtbot, page.table, page.filter.mapFromSource(page.model.index(page.model.row_of(item.id), 0)).row())
    assert page.selected_item().id == item.id
    click_row(qtbot, page.feedback, 0)
    feedback = page.feedback_model.rows()[0]
    assert page.disposition_button.isEnabled()
    other = next(disposition for disposition in Disposition if disposition != feedback.disposition)
    page.disposition_choice.setCurrentIndex(page.disposition_choice.findData(other.value))

    click_row(qtbot, page.feedback, 0, Qt.KeyboardModifier.ControlModifier)
    assert page.feedback.currentIndex().row() == 0  # Qt keeps the current index on the row let go
    assert not page.disposition_button.isEnabled() and not page.disposition_choice.isEnabled()
    qtbot.mouseClick(page.disposition_button, Qt.MouseButton.LeftButton)
    wait_for_reload(qtbot, page)
    assert disposition_of(demo_database, feedback.id) == feedback.disposition.value


def test_the_item_actions_follow_the_selected_rows(qtbot, page: BacklogPage, demo_database: Database) -> None:
    open_project(qtbot, page, demo_database)
    one_item = (page.edit_button, page.delete_button, page.add_feedback_button)
    any_items = (page.sprint_button, page.up_button, page.down_button)
    click_row(qtbot, page.table, 1)
    assert all(button.isEnabled() for button in one_item + any_items)
    # Two rows: what takes one item is off, moving both is on; the panel says why it shows neither.
    click_row(qtbot, page.table, 2, Qt.KeyboardModifier.ControlModifier)
    assert len(page.selected_ids()) == 2
    assert not any(button.isEnabled() for button in one_item)
    assert all(button.isEnabled() for button in any_items)
    assert page.detail_title.text().startswith("2 items selected")
    # Both let go: nothing acts, though the current index is still on a row.
    click_row(qtbot, page.table, 1, Qt.KeyboardModifier.ControlModifier)
    click_row(qtbot, page.table, 2, Qt.KeyboardModifier.ControlModifier)
    assert page.table.currentIndex().isValid() and page.selected_ids() == []
    assert not any(button.isEnabled() for button in one_item + any_items)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert page.dialog is None
