"""The budget grid's pick-list editors: they open on the cell's value, or on no pick at all, and a pick list
closed with nothing picked writes nothing (it used to open on its first item, which Enter then wrote)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from app.analysis.budget import LineRow, Period
from tests.views.pick_lists import close_editor, open_editor, shown_table
from views.budget.editors import LineDelegate
from views.budget.plan_model import CATEGORY, PERIOD, STAGE, LinesModel


def line(**changes: object) -> LineRow:
    filled = LineRow(7, "hardware", "GPU nodes", Period("quarter", 2), "production", Decimal("1200.00"), None, "", None)
    return filled._replace(**changes)


def grid(qtbot, lines: list[LineRow]) -> tuple[QTableView, LinesModel]:
    model = LinesModel()
    model.set_lines(lines, fiscal_year=2026, start_month=1, editable=True)
    return shown_table(qtbot, model, LineDelegate, width=1000), model


def test_a_blank_category_or_stage_or_a_period_outside_the_plan_opens_on_no_pick_and_enter_writes_nothing(
    qtbot,
) -> None:
    table, model = grid(qtbot, [line(category="", stage="", period=Period("month", 13))])
    said: list[tuple] = []
    for signal in (model.edit_requested, model.add_requested, model.refused):
        signal.connect(lambda *arguments: said.append(arguments))
    for column in (CATEGORY, STAGE, PERIOD):
        editor = open_editor(qtbot, table, 0, column)
        assert editor.currentIndex() == -1 and editor.placeholderText() == "choose…"
        close_editor(qtbot, table, editor, Qt.Key.Key_Return)
    assert said == []  # no edit, no new line, and no refusal of a pick nobody made


def test_the_new_lines_pick_lists_open_on_no_pick(qtbot) -> None:
    table, model = grid(qtbot, [line()])
    added: list[tuple] = []
    model.add_requested.connect(lambda *arguments: added.append(arguments))
    for column in (CATEGORY, STAGE, PERIOD):
        editor = open_editor(qtbot, table, 1, column)  # the "new line" row under the line
        assert editor.currentIndex() == -1
        close_editor(qtbot, table, editor, Qt.Key.Key_Escape)
    assert added == []


def test_a_value_in_the_list_opens_on_it_and_a_pick_writes_it(qtbot) -> None:
    table, model = grid(qtbot, [line()])
    assert open_editor(qtbot, table, 0, CATEGORY).currentData() == "hardware"
    qtbot.keyClick(table.focusWidget(), Qt.Key.Key_Escape)
    assert open_editor(qtbot, table, 0, STAGE).currentData() == "production"
    qtbot.keyClick(table.focusWidget(), Qt.Key.Key_Escape)
    period = open_editor(qtbot, table, 0, PERIOD)
    assert period.currentText() == model.period_text(Period("quarter", 2))
    asked: list[tuple] = []
    model.edit_requested.connect(lambda *arguments: asked.append(arguments))
    qtbot.keyClick(period, Qt.Key.Key_Down)  # the next period in the list, picked as the user does
    close_editor(qtbot, table, period, Qt.Key.Key_Return)
    assert asked == [(7, "period", Period("quarter", 2), Period("quarter", 3))]
