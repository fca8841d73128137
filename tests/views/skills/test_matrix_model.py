"""The skill matrix model over the demo: values, sorting, filtering, edits as requests."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from app.analysis.skills import load_matrix
from app.db.database import Database
from app.demo.generator import fill_demo
from views.roles import IdRole, SortRole
from views.skills.matrix_model import AREA, DEPARTMENT, NAME, SHAPE, SKILL, SkillMatrixModel


@pytest.fixture
def model(qapp, database: Database) -> SkillMatrixModel:
    fill_demo(database)
    matrix = SkillMatrixModel()
    matrix.set_snapshot(load_matrix(database.reader()))
    return matrix


def first_column(model: SkillMatrixModel, kind: str) -> int:
    return next(number for number, column in enumerate(model.columns) if column.kind == kind)


def test_every_person_and_skill_has_a_row_and_column(model: SkillMatrixModel) -> None:
    snapshot = model.snapshot
    assert snapshot is not None
    assert model.rowCount() == len(snapshot.person_ids)
    # name, department, shape + one score column per area + one column per skill
    assert model.columnCount() == 3 + len(snapshot.area_names) + len(snapshot.skill_names)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in (NAME, DEPARTMENT, SHAPE)] == [
        "Name",
        "Department",
        "Shape",
    ]
    assert model.headerData(3, Qt.Orientation.Horizontal) == snapshot.area_names[0]


def test_cells_show_the_newest_level_and_blank_when_never_assessed(model: SkillMatrixModel, database: Database) -> None:
    skill_column = first_column(model, SKILL)
    skill_id = int(model.snapshot.skill_ids[model.columns[skill_column].index])
    for row in range(model.rowCount()):
        person_id = model.index(row, 0).data(IdRole)
        newest = database.reader().one(
            "SELECT level FROM assessment WHERE person_id = :p AND skill_id = :s "
            "ORDER BY assessed_on DESC, id DESC LIMIT 1",
            {"p": person_id, "s": skill_id},
        )
        shown = model.index(row, skill_column).data()
        assert shown == ("" if newest is None else str(newest[0]))


def test_the_area_column_shows_the_best_level_in_the_area(model: SkillMatrixModel) -> None:
    area_column = first_column(model, AREA)
    area = model.columns[area_column].area
    skill_columns = model.columns_of_area(area)
    for row in range(model.rowCount()):
        levels = [model.index(row, column).data(SortRole) for column in skill_columns]
        assert model.index(row, area_column).data(SortRole) == max(levels)


def test_sorting_by_a_skill_puts_experts_first_then_by_name(model: SkillMatrixModel) -> None:
    area_column = first_column(model, AREA)
    model.sort(area_column, Qt.SortOrder.DescendingOrder)
    scores = [model.index(row, area_column).data(SortRole) for row in range(model.rowCount())]
    assert scores == sorted(scores, reverse=True)
    tied = [
        model.index(row, NAME).data(SortRole).casefold() for row in range(model.rowCount()) if scores[row] == scores[0]
    ]
    assert tied == sorted(tied)
    model.sort(NAME, Qt.SortOrder.AscendingOrder)
    names = [model.index(row, NAME).data(SortRole).casefold() for row in range(model.rowCount())]
    assert names == sorted(names)


def test_filtering_keeps_the_sort(model: SkillMatrixModel) -> None:
    model.sort(DEPARTMENT, Qt.SortOrder.AscendingOrder)
    snapshot = model.snapshot
    mask = np.array([department == "Engineering" for department in snapshot.departments])
    model.set_filter(mask)
    assert model.rowCount() == int(mask.sum())
    assert {model.index(row, DEPARTMENT).data() for row in range(model.rowCount())} == {"Engineering"}
    model.set_filter(None)
    assert model.rowCount() == len(snapshot.person_ids)


def test_editing_a_level_asks_for_a_new_assessment(qtbot, model: SkillMatrixModel) -> None:
    column = first_column(model, SKILL)
    index = model.index(0, column)
    old = index.data(SortRole)
    new = 4 if old != 4 else 3
    with qtbot.waitSignal(model.level_edit_requested) as signal:
        assert model.setData(index, new)
    person_id, skill_id, level, previous = signal.args
    assert (person_id, level, previous) == (index.data(IdRole), new, old)
    assert skill_id == int(model.snapshot.skill_ids[model.columns[column].index])
    assert index.data(SortRole) == old  # the snapshot changes only when the database did
    assert not model.setData(index, 7)
    assert not model.setData(model.index(0, NAME), "Someone else")


def test_the_model_follows_qts_rules(qtmodeltester, model: SkillMatrixModel) -> None:
    qtmodeltester.check(model)
