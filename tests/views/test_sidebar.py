"""The sidebar follows the keyboard and tells long project names apart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.db.database import Database
from app.services import projects
from tests.views.modal import answer_modal
from tests.views.tooltips import tooltip_at
from views.main_window import MainWindow
from views.roles import IdRole

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def shown_project(window: MainWindow) -> str | None:
    if window.pages.currentWidget() is not window._project_page:
        return None
    return window.header.name.text()


def test_arrow_keys_in_the_organisation_list_change_the_page(qtbot, window: MainWindow) -> None:
    window.show_org_page("people")
    assert window.pages.currentWidget() is window.org_pages["people"]
    window.org_list.setFocus()
    qtbot.keyClick(window.org_list, Qt.Key.Key_Down)
    assert window.pages.currentWidget() is window.org_pages["taxonomy"]
    qtbot.keyClick(window.org_list, Qt.Key.Key_Up)
    qtbot.keyClick(window.org_list, Qt.Key.Key_Up)
    assert window.pages.currentWidget() is window.org_pages["matrix"]


def test_enter_opens_the_highlighted_entry(qtbot, window: MainWindow) -> None:
    """Back on a project, the organisation list keeps its highlight unselected: Enter opens that page."""
    window.show_org_page("gaps")
    window.project_list.setFocus()
    qtbot.keyClick(window.project_list, Qt.Key.Key_Return)
    assert shown_project(window) is not None
    window.org_list.setFocus()
    qtbot.keyClick(window.org_list, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.org_pages["gaps"]


def test_arrow_keys_in_the_project_list_open_each_project(qtbot, window: MainWindow) -> None:
    names = [window.projects_proxy.index(row, 0).data() for row in range(window.projects_proxy.rowCount())]
    window.select_project(window.projects_proxy.index(0, 0).data(IdRole))
    window.project_list.setFocus()
    assert shown_project(window) == names[0]
    qtbot.keyClick(window.project_list, Qt.Key.Key_Down)
    assert shown_project(window) == names[1]
    qtbot.keyClick(window.project_list, Qt.Key.Key_End)
    assert shown_project(window) == names[-1]
    # From an organisation page, the project list's keys come back to a project.
    window.show_org_page("people")
    window.project_list.setFocus()
    qtbot.keyClick(window.project_list, Qt.Key.Key_Home)
    assert shown_project(window) == names[0]


def test_long_project_names_that_begin_alike_read_differently(qtbot, window: MainWindow, organisation) -> None:
    for suffix in ("", " (189)", " (195)"):
        projects.create_project(organisation, name=f"Claims: document classification{suffix}")
    window.refresh()
    window.splitter.setSizes([230, 1050])
    QApplication.processEvents()
    listing = window.project_list
    rows = [
        row
        for row in range(window.projects_proxy.rowCount())
        if window.projects_proxy.index(row, 0).data().startswith("Claims: document")
    ]
    metrics = listing.fontMetrics()
    width = listing.visualRect(window.projects_proxy.index(rows[0], 0)).width() - 40
    shown = {
        metrics.elidedText(window.projects_proxy.index(row, 0).data(), listing.textElideMode(), width) for row in rows
    }
    assert len(shown) == 3, shown  # the names' ends tell them apart
    index = window.projects_proxy.index(rows[1], 0)
    tip = tooltip_at(listing.viewport(), listing.visualRect(index).center())
    assert tip.startswith(index.data())


def test_deleting_a_project_asks_and_acts_only_on_the_highlighted_one(
    qtbot, window: MainWindow, organisation: Database
) -> None:
    window.show_org_page("people")  # no project highlighted: nothing to delete
    assert not window.delete_project_action.isEnabled()
    rows = window.projects_proxy.rowCount()
    row = next(r for r in range(rows) if window.projects_proxy.index(r, 0).data() == "Demand forecast")
    rect = window.project_list.visualRect(window.projects_proxy.index(row, 0))
    qtbot.mouseClick(window.project_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.delete_project_action.isEnabled()
    answer = answer_modal(qtbot, key=Qt.Key.Key_Return)  # a stray Enter cancels: Cancel is the default
    window.delete_project_action.trigger()
    assert answer.answered and "Delete Demand forecast?" in answer.text
    assert organisation.reader().scalar("SELECT count(*) FROM project WHERE name = 'Demand forecast'") == 1
    answer_modal(qtbot, button="Delete")
    window.delete_project_action.trigger()
    qtbot.waitUntil(
        lambda: organisation.reader().scalar("SELECT count(*) FROM project WHERE name = 'Demand forecast'") == 0
    )
    qtbot.waitUntil(lambda: window.projects_proxy.rowCount() == rows - 1)
