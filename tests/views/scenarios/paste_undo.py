"""Budget → a draft plan → click a Category cell of row 3 → Ctrl+V of one spreadsheet row → Ctrl+Z.

Run: ``python -m tests.views.scenarios.paste_undo DATABASE SETTINGS``; the
database holds the demo organisation. The paste changes the row's period,
which adds a month to the category × period table; the undo takes it away
again. The app once died here (an exception inside a table model's ``data()``
during the reset takes PySide down with it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.views.scenarios.harness import finish, open_window, settle, wait_until
from views.roles import RecordRole

PROJECT = "Card fraud screening"
PLAN = "With digital twin"
ROW = "Cloud compute\tExtra GPU nodes\tJun 2026\tProduction\t1200.00\n"


def main(database_path: Path, settings_path: Path) -> None:
    _app, window = open_window(database_path, settings_path)
    reader = window.database.reader()
    project_id = reader.scalar("SELECT id FROM project WHERE name = :name", {"name": PROJECT})
    plan_id = reader.scalar(
        "SELECT id FROM budget_plan WHERE project_id = :project AND name = :name", {"project": project_id, "name": PLAN}
    )
    window.select_project(project_id)
    window.tabs.setCurrentWidget(window.budget_tab)
    page = window.budget_tab.ensure_page()
    page.show_plan(plan_id)
    wait_until(
        lambda: page.plan() is not None and page.plan().plan_id == plan_id and not page.is_loading(),
        what="the plan to load",
    )
    line = page.lines_proxy.index(2, 0).data(RecordRole)
    before = reader.rows("SELECT * FROM budget_line WHERE id = :id", {"id": line.id})

    cell = page.grid.visualRect(page.lines_proxy.index(2, 0)).center()
    QTest.mouseClick(page.grid.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, cell)
    QGuiApplication.clipboard().setText(ROW)
    QTest.keyClick(page.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: window.undo_stack.canUndo(), what="the paste to be saved")
    pasted = reader.rows("SELECT description, planned FROM budget_line WHERE id = :id", {"id": line.id})
    print("pasted:", pasted)
    assert pasted[0][0] == "Extra GPU nodes", pasted
    settle()

    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: not window.undo_stack.canUndo() and not page.is_loading(), what="the undo")
    after = reader.rows("SELECT * FROM budget_line WHERE id = :id", {"id": line.id})
    print("undone:", after == before)
    assert after == before, (before, after)
    assert window.undo_stack.canRedo()
    finish()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
