"""The requirements table's pick-list editors: they open on the cell's value, or on no pick at all."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from app.analysis.staffing import RequirementGap
from tests.views.pick_lists import close_editor, open_editor, shown_table
from views.staffing.editors import RequirementDelegate
from views.staffing.requirements_model import CRITICALITY, MIN_LEVEL, RequirementsModel


def gap(**changes: object) -> RequirementGap:
    covered = RequirementGap(7, 3, "Threat modelling", "Cyber security", 3, 1.0, "high", 0.0, 1.0, False, (), (), ())
    return covered._replace(**changes)


def requirements_table(qtbot, requirement: RequirementGap) -> tuple[QTableView, RequirementsModel]:
    model = RequirementsModel()
    model.set_requirements([requirement])
    return shown_table(qtbot, model, RequirementDelegate, width=900), model


def test_a_value_not_in_the_list_opens_on_no_pick_and_enter_writes_nothing(qtbot) -> None:
    """A level outside 1–4 (or an unknown criticality) is not shown as the first item, and is not replaced by it."""
    table, model = requirements_table(qtbot, gap(min_level=0, criticality="unheard-of"))
    asked: list[tuple] = []
    model.edit_requested.connect(lambda *arguments: asked.append(arguments))
    for column in (MIN_LEVEL, CRITICALITY):
        editor = open_editor(qtbot, table, 0, column)
        assert editor.currentIndex() == -1 and editor.placeholderText()
        close_editor(qtbot, table, editor, Qt.Key.Key_Return)
    assert asked == []


def test_a_value_in_the_list_opens_on_it(qtbot) -> None:
    table, _model = requirements_table(qtbot, gap())
    editor = open_editor(qtbot, table, 0, MIN_LEVEL)
    assert editor.currentData() == 3
