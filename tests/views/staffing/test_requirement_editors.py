"""The requirements table's pick-list editors: they open on the cell's value, or on no pick at all."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QTableView

from app.analysis.staffing import RequirementGap
from views.staffing.editors import RequirementDelegate
from views.staffing.requirements_model import CRITICALITY, MIN_LEVEL, RequirementsModel


def gap(**changes: object) -> RequirementGap:
    covered = RequirementGap(7, 3, "Threat modelling", "Cyber security", 3, 1.0, "high", 0.0, 1.0, False, (), (), ())
    return covered._replace(**changes)


def open_editor(qtbot, table: QTableView, column: int) -> QComboBox:
    index = table.model().index(0, column)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editors = [editor for editor in table.findChildren(QComboBox) if editor.isVisible()]
    assert len(editors) == 1
    return editors[0]


def test_a_value_not_in_the_list_opens_on_no_pick_and_enter_writes_nothing(qtbot) -> None:
    """A level outside 1–4 (or an unknown criticality) is not shown as the first item, and is not replaced by it."""
    model = RequirementsModel()
    model.set_requirements([gap(min_level=0, criticality="unheard-of")])
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.setItemDelegate(RequirementDelegate(model, table))
    table.resize(900, 200)
    table.show()
    qtbot.waitExposed(table)
    asked: list[tuple] = []
    model.edit_requested.connect(lambda *arguments: asked.append(arguments))
    for column in (MIN_LEVEL, CRITICALITY):
        editor = open_editor(qtbot, table, column)
        assert editor.currentIndex() == -1 and editor.placeholderText()
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert asked == []


def test_a_value_in_the_list_opens_on_it(qtbot) -> None:
    model = RequirementsModel()
    model.set_requirements([gap()])
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.setItemDelegate(RequirementDelegate(model, table))
    table.resize(900, 200)
    table.show()
    qtbot.waitExposed(table)
    editor = open_editor(qtbot, table, MIN_LEVEL)
    assert editor.currentData() == 3
