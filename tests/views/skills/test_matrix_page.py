"""The skill matrix page on the demo: it loads, filters, edits a level as a new assessment, undoes it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox

from app.db.database import Database
from views.main_window import MainWindow
from views.roles import IdRole, SortRole
from views.skills.matrix_model import NAME, SKILL
from views.skills.matrix_page import MatrixPage
from views.worker import wait_for_operations


@pytest.fixture
def page(qtbot, demo_window: MainWindow) -> MatrixPage:
    matrix_page = demo_window.show_org_page("matrix")
    assert isinstance(matrix_page, MatrixPage)
    qtbot.waitUntil(lambda: matrix_page.model.rowCount() > 0, timeout=20_000)
    return matrix_page


def newest_level(database: Database, person_id: int, skill_id: int) -> int | None:
    return database.reader().scalar(
        "SELECT level FROM assessment WHERE person_id = :p AND skill_id = :s "
        "ORDER BY assessed_on DESC, id DESC LIMIT 1",
        {"p": person_id, "s": skill_id},
    )


def test_the_page_shows_active_people_and_says_how_many(page: MatrixPage, database: Database) -> None:
    active = database.reader().scalar("SELECT count(*) FROM person WHERE active")
    total = database.reader().scalar("SELECT count(*) FROM person")
    assert page.model.rowCount() == active
    assert page.count.text() == f"{active} of {total} people"
    page.show_inactive.setChecked(True)
    assert page.model.rowCount() == total


def test_filters_narrow_the_people(page: MatrixPage) -> None:
    page.department.setCurrentIndex(page.department.findData("Legal"))
    assert page.model.rowCount() > 0
    assert {page.model.index(row, 1).data() for row in range(page.model.rowCount())} == {"Legal"}
    page.department.setCurrentIndex(0)
    page.search.setText("okafor")
    page.apply_filters()
    assert [page.model.index(row, NAME).data() for row in range(page.model.rowCount())] == ["Amara Okafor"]


def test_the_area_filter_shows_only_that_areas_columns(page: MatrixPage) -> None:
    page.area.setCurrentIndex(page.area.findText("Cyber security"))
    visible = [page.model.columns[c] for c in range(page.model.columnCount()) if not page.view.isColumnHidden(c)]
    areas = {column.area for column in visible if column.area >= 0}
    assert areas == {page.area.currentData()}


def test_editing_a_level_records_a_new_assessment_and_undo_retracts_it(
    qtbot, page: MatrixPage, database: Database
) -> None:
    column = next(c for c, spec in enumerate(page.model.columns) if spec.kind == SKILL)
    index = page.model.index(0, column)
    person_id = index.data(IdRole)
    skill_id = int(page.model.snapshot.skill_ids[page.model.columns[column].index])
    history_before = database.reader().scalar("SELECT count(*) FROM assessment WHERE person_id = :p", {"p": person_id})
    old = index.data(SortRole)
    new = 4 if old != 4 else 1
    page.view.setCurrentIndex(index)
    assert page.model.setData(index, new)
    qtbot.waitUntil(lambda: newest_level(database, person_id, skill_id) == new)
    qtbot.waitUntil(lambda: page.model.index(page.model.person_row(person_id), column).data(SortRole) == new)
    # A new row: history kept, not overwritten.
    assert (
        database.reader().scalar("SELECT count(*) FROM assessment WHERE person_id = :p", {"p": person_id})
        == history_before + 1
    )
    page.context.undo_stack.undo()
    qtbot.waitUntil(lambda: newest_level(database, person_id, skill_id) == (None if old < 0 else old))
    assert (
        database.reader().scalar("SELECT count(*) FROM assessment WHERE person_id = :p", {"p": person_id})
        == history_before
    )


def test_selecting_a_person_fills_the_panel(qtbot, page: MatrixPage) -> None:
    page.search.setText("okafor")
    page.apply_filters()
    page.view.setCurrentIndex(page.model.index(0, 4))
    qtbot.waitUntil(lambda: page.panel.title.text() == "Amara Okafor", timeout=20_000)
    assert "deep in" in page.panel.shape_label.text()
    assert page.panel.history_model.rowCount() > 0


def unassessed_cell(page: MatrixPage) -> tuple[int, int]:
    """A (row, column) of a skill cell with no assessment at all, scrolled into view."""
    levels = page.model.snapshot.levels
    for column, spec in enumerate(page.model.columns):
        if spec.kind != SKILL:
            continue
        for row in range(min(page.model.rowCount(), 200)):
            if levels[int(page.model.rows[row]), spec.index] < 0:
                page.view.scrollTo(page.model.index(row, column))
                return row, column
    raise AssertionError("the demo has no unassessed cell")


def assessments(database: Database, person_id: int, skill_id: int) -> int:
    return database.reader().scalar(
        "SELECT count(*) FROM assessment WHERE person_id = :p AND skill_id = :s", {"p": person_id, "s": skill_id}
    )


def focus_cell(qtbot, page: MatrixPage, row: int, column: int) -> tuple[int, int]:
    """Click the cell (as a user does) and return its person's and skill's ids."""
    index = page.model.index(row, column)
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=page.view.visualRect(index).center())
    assert page.view.currentIndex() == index
    return index.data(IdRole), int(page.model.snapshot.skill_ids[page.model.columns[column].index])


def level_editor(page: MatrixPage) -> QComboBox | None:
    """The open level editor (a closed one lingers, hidden, until it is deleted)."""
    return next((editor for editor in page.view.findChildren(QComboBox) if editor.isVisible()), None)


def test_a_key_that_is_not_a_level_is_refused_and_opens_nothing(qtbot, page: MatrixPage, database: Database) -> None:
    row, column = unassessed_cell(page)
    person_id, skill_id = focus_cell(qtbot, page, row, column)
    for key in ("7", "x", "9"):
        qtbot.keyClicks(page.view, key)
        assert level_editor(page) is None
        assert page.view.state() != QAbstractItemView.State.EditingState
        assert "Levels are 0–4" in page.message.text() and key in page.message.text()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    wait_for_operations()
    assert assessments(database, person_id, skill_id) == 0
    assert page.model.index(row, column).data() == ""  # still not assessed


def test_a_typed_level_opens_the_editor_on_it_and_enter_records_it(qtbot, page: MatrixPage, database: Database) -> None:
    row, column = unassessed_cell(page)
    person_id, skill_id = focus_cell(qtbot, page, row, column)
    qtbot.keyClicks(page.view, "3")
    editor = level_editor(page)
    assert editor is not None and editor.currentData() == 3 and editor.currentText().startswith("3 ")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: newest_level(database, person_id, skill_id) == 3)
    qtbot.waitUntil(lambda: page.context.undo_stack.canUndo())
    name = page.model.snapshot.person_names[int(page.model.rows[row])]
    assert page.context.undo_stack.undoText().startswith(f"Set {name}'s ")
    assert page.context.undo_stack.undoText().endswith("to 3 Advanced (was not assessed)")
    page.context.undo_stack.undo()
    qtbot.waitUntil(lambda: assessments(database, person_id, skill_id) == 0)
    qtbot.waitUntil(lambda: page.model.index(page.model.person_row(person_id), column).data() == "")


def test_not_assessed_and_level_0_stay_different(qtbot, page: MatrixPage, database: Database) -> None:
    row, column = unassessed_cell(page)
    person_id, skill_id = focus_cell(qtbot, page, row, column)
    # Opened without a digit (F2), the editor shows no level; Enter records nothing.
    qtbot.keyClick(page.view, Qt.Key.Key_F2)
    editor = level_editor(page)
    assert editor is not None and editor.currentIndex() == -1 and editor.placeholderText() == "not assessed"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: level_editor(page) is None)  # closed (Qt closes it a turn of the event loop later)
    wait_for_operations()
    assert assessments(database, person_id, skill_id) == 0
    assert "not assessed" in page.model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
    # 0 is a level of its own: shown as 0, said as "0 None", and undone back to not assessed.
    qtbot.keyClicks(page.view, "0")
    editor = level_editor(page)
    assert editor is not None and editor.currentData() == 0
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: newest_level(database, person_id, skill_id) == 0)
    qtbot.waitUntil(lambda: page.context.undo_stack.canUndo())
    qtbot.waitUntil(lambda: page.model.index(page.model.person_row(person_id), column).data() == "0")
    moved = page.model.person_row(person_id)
    assert page.model.index(moved, column).data(Qt.ItemDataRole.ToolTipRole).endswith("0 None")
    assert page.context.undo_stack.undoText().endswith("to 0 None (was not assessed)")
    page.context.undo_stack.undo()
    qtbot.waitUntil(lambda: page.model.index(page.model.person_row(person_id), column).data() == "")
    assert assessments(database, person_id, skill_id) == 0


def test_the_import_dialog_is_deleted_once_answered_or_when_no_file_is_chosen(
    qtbot, page: MatrixPage, tmp_path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from tests.views.modal import answer_modal
    from views.skills.import_dialog import ImportDialog

    matrix = tmp_path / "matrix.csv"
    matrix.write_text("name,email,Threat modelling\nAna Ruiz,ana@example.org,3\n", encoding="utf-8")
    chosen = {"path": str(matrix)}
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args, **_kwargs: (chosen["path"], ""))
    for _ in range(2):
        answer = answer_modal(qtbot, key=Qt.Key.Key_Escape)
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        assert answer.answered
    chosen["path"] = ""  # the file dialog cancelled: no import dialog to ask
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    wait_for_operations()
    qtbot.waitUntil(lambda: page.findChildren(ImportDialog) == [])  # none kept by the page
