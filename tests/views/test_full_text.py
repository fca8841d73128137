"""Cut text stays readable: an elided cell, column title or pick list shows its whole text as a tooltip,
and the people table keeps its text columns readable at 1280×800."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QFontMetrics, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from tests.views.tooltips import tooltip_at
from views.full_text import cell_is_elided, show_full_text
from views.main_window import MainWindow
from views.people.people_model import EMAIL, NAME, TITLE
from views.people.people_page import PeoplePage
from views.tables import read_only_table

# Showing a tooltip raises its window, which the offscreen platform of the tests cannot do.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def test_an_elided_cell_shows_its_whole_text_and_a_whole_one_only_its_own_tooltip(qtbot) -> None:
    model = QStandardItemModel(2, 2)
    model.setItem(0, 0, QStandardItem("Responsible AI programme lead for claims automation"))
    short = QStandardItem("Yes")
    model.setItem(0, 1, short)
    with_tip = QStandardItem("Head of model risk management and validation")
    with_tip.setToolTip("Reports to the CRO")
    model.setItem(1, 0, with_tip)
    holder = QWidget()
    qtbot.addWidget(holder)
    table = read_only_table(holder, model)
    table.setColumnWidth(0, 120)
    table.resize(400, 200)
    table.show()
    qtbot.waitExposed(table)
    viewport = table.viewport()

    def centre(row: int, column: int) -> QPoint:
        return table.visualRect(model.index(row, column)).center()

    assert cell_is_elided(table, model.index(0, 0))
    assert tooltip_at(viewport, centre(0, 0)) == "Responsible AI programme lead for claims automation"
    assert not cell_is_elided(table, model.index(0, 1)) and tooltip_at(viewport, centre(0, 1)) == ""
    # The model's own tooltip follows the whole text, so neither is lost.
    assert tooltip_at(viewport, centre(1, 0)) == "Head of model risk management and validation\n\nReports to the CRO"
    table.setColumnWidth(0, 390)  # wide enough now: only the model's tooltip
    assert tooltip_at(viewport, centre(1, 0)) == "Reports to the CRO"


def test_an_elided_column_title_shows_its_whole_text(qtbot) -> None:
    model = QStandardItemModel(1, 2)
    model.setHorizontalHeaderLabels(["Monthly cost rate", "Name"])
    holder = QWidget()
    qtbot.addWidget(holder)
    table = read_only_table(holder, model)
    table.horizontalHeader().setMinimumSectionSize(10)
    table.setColumnWidth(0, 40)
    table.show()
    qtbot.waitExposed(table)
    header = table.horizontalHeader()
    middle = QPoint(header.sectionViewportPosition(0) + 20, header.height() // 2)
    assert tooltip_at(header.viewport(), middle) == "Monthly cost rate"


def test_a_narrow_pick_list_shows_its_whole_choice_and_opens_wide_enough(qtbot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    combo = QComboBox(holder)
    long_name = "Sprint 5 (in progress, 12 Mar – 26 Mar 2026)"
    combo.addItems(["Sprint 4", long_name])
    combo.setCurrentIndex(1)
    layout = QHBoxLayout(holder)
    layout.addWidget(combo)
    combo.setFixedWidth(140)
    show_full_text(holder)
    holder.show()
    qtbot.waitExposed(holder)
    assert tooltip_at(combo, QPoint(20, 10)) == long_name
    assert combo.view().minimumWidth() >= QFontMetrics(combo.font()).horizontalAdvance(long_name)
    combo.setCurrentIndex(0)  # fits: no tooltip
    assert tooltip_at(combo, QPoint(20, 10)) == ""


def test_the_people_table_keeps_its_text_readable_at_1280_by_800(qtbot, demo_window: MainWindow) -> None:
    page = demo_window.show_org_page("people")
    assert isinstance(page, PeoplePage)
    qtbot.waitUntil(lambda: page.proxy.rowCount() > 0)
    header = page.table.horizontalHeader()
    for column in (NAME, EMAIL, TITLE):
        assert header.sectionSize(column) >= 110, column  # not "itl" or "…"
    elided = next(
        (row for row in range(page.proxy.rowCount()) if cell_is_elided(page.table, page.proxy.index(row, TITLE))),
        None,
    )
    if elided is not None:  # a title cut short reads whole on hover
        index = page.proxy.index(elided, TITLE)
        page.table.scrollTo(index)
        assert tooltip_at(page.table.viewport(), page.table.visualRect(index).center()) == index.data()
