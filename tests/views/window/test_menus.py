"""The main window's menu bar (views/window/menus.py): the menus and their entries in order, with their shortcuts."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from views.main_window import MainWindow


def entries(window: MainWindow) -> list[tuple[str, list[str]]]:
    menus = []
    for menu_action in window.menuBar().actions():
        items = ["—" if action.isSeparator() else action.text() for action in menu_action.menu().actions()]
        menus.append((menu_action.text(), items))
    return menus


def test_the_menus_offer_every_action_in_order(window: MainWindow) -> None:
    titles = entries(window)
    assert [title for title, _items in titles] == ["&File", "&Edit", "&Project", "&Help"]
    file_items, edit_items, project_items, help_items = (items for _title, items in titles)
    assert file_items == [
        "&New database…",
        "&Open database…",
        "—",
        "&Backups…",
        "&Check database…",
        "—",
        "&Export everything…",
        "&Import everything…",
        "—",
        "&Quit",
    ]
    assert edit_items[2:] == ["—", "Skill &shape rules…", "&Finance settings…"]
    assert project_items == ["&New project…", "&Delete project…", "&Refresh"]
    assert help_items == ["&About Steward"]


def test_the_usual_shortcuts_reach_the_actions(window: MainWindow) -> None:
    assert window.open_database_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)
    assert window.new_project_action.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert window.refresh_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Refresh)
