"""The skill matrix page on the demo: it loads, filters, edits a level as a new assessment, undoes it."""

from __future__ import annotations

import pytest

from app.db.database import Database
from views.main_window import MainWindow
from views.roles import IdRole, SortRole
from views.skills.matrix_model import NAME, SKILL
from views.skills.matrix_page import MatrixPage


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
