"""The main window's list of projects, used as the user uses it: a click on a project's row."""

from __future__ import annotations

from PySide6.QtCore import Qt

from views.main_window import MainWindow
from views.projects.overview_page import OverviewPage


def click_project(qtbot, window: MainWindow, name: str) -> None:
    """Click a project's row in the sidebar, as the user does (an unsaved edit may keep the window where it is)."""
    proxy = window.projects_proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == name)
    rect = window.project_list.visualRect(proxy.index(row, 0))
    qtbot.mouseClick(window.project_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def open_project(qtbot, window: MainWindow, name: str) -> OverviewPage:
    """Click a project's row and wait for its overview to show it."""
    click_project(qtbot, window, name)
    qtbot.waitUntil(lambda: window.overview.name.text() == name)
    return window.overview
