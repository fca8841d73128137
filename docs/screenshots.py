"""Regenerate the README's screenshots: ``make screenshots``.

Builds the demo organisation in a temporary database, opens the main window at
1280×800 and saves what it paints (offscreen, so it runs without a display):
the project overview, the skill matrix, the people, a project's staffing, policies, backlog, sprint
board, burndown and budget tabs, the organisation's governance heat map, the audit log and File → Backups….
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app.db.database import Database
from app.demo.generator import fill_demo
from app.services.setup import initialise
from views.application import create_application
from views.main_window import MainWindow
from views.roles import IdRole
from views.worker import wait_for_operations


def settle(application: QApplication, done: Callable[[], bool] = lambda: True, *, seconds: float = 20) -> None:
    """Let queued operations finish and their results reach the widgets."""
    deadline = time.monotonic() + seconds
    while True:
        wait_for_operations()
        application.processEvents()
        if done() or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    for _ in range(5):
        application.processEvents()


def main(out: Path) -> int:
    application = create_application()
    with tempfile.TemporaryDirectory() as folder:
        database = Database(Path(folder) / "demo.db")
        initialise(database)
        fill_demo(database)
        window = MainWindow(database, settings=QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        window.resize(1280, 800)
        window.show()
        settle(application)
        shots = {"main-window.png": window.grab()}

        matrix = window.show_org_page("matrix")
        settle(application, lambda: matrix.model.rowCount() > 0)
        matrix.search.setText("")
        matrix.view.setCurrentIndex(matrix.model.index(3, 5))
        settle(application, lambda: matrix.panel.history_model.rowCount() > 0)
        shots["skill-matrix.png"] = window.grab()

        people = window.show_org_page("people")
        settle(application, lambda: people.proxy.rowCount() > 0)
        shots["people.png"] = window.grab()

        window.open_project_staffing(window.projects_model.index(0, 0).data(IdRole))
        staffing = window.staffing_tab.ensure_page()
        settle(application, lambda: staffing.isVisible())
        settle(application, seconds=2)
        shots["staffing.png"] = window.grab()

        window.tabs.setCurrentWidget(window.policy_tab)
        library = window.policy_tab.ensure_page()
        settle(application, lambda: library.library() is not None and not library.is_loading())
        oversight = next((row for row in library.library().policies if row.category == "human_oversight"), None)
        if oversight is not None:
            # Someone of Payments signs for Finance, to show how a signer from another department reads.
            from app.services.policy import current_version_id, sign_off

            version_id = current_version_id(database, oversight.id)
            signed = {row.department for row in library.library().sign_offs.get(version_id or 0, []) if row.signed}
            noor = database.reader().scalar("SELECT id FROM person WHERE name = 'Noor Al-Hassan'")
            if version_id is not None and "finance" not in signed and noor is not None:
                window.hub.publish(sign_off(database, version_id, department="finance", person_id=noor))
                settle(application, lambda: not library.is_loading())
            library.select_policy(oversight.id)
            library.tabs.setCurrentIndex(2)
        settle(application, seconds=1)
        shots["policy-library.png"] = window.grab()

        window.tabs.setCurrentWidget(window.backlog_tab)
        backlog = window.backlog_tab.ensure_page()
        settle(application, lambda: backlog.data() is not None and not backlog.is_loading())
        open_feedback = next((item for item in backlog.data().items if item.open_feedback), None)
        if open_feedback is not None:
            backlog.select_item(open_feedback.id)
        settle(application, seconds=1)
        shots["backlog.png"] = window.grab()

        window.tabs.setCurrentWidget(window.sprints_tab)
        sprints = window.sprints_tab.ensure_page()
        settle(application, lambda: sprints.data() is not None and not sprints.is_loading())
        sprints.tabs.setCurrentIndex(0)
        settle(application, seconds=1)
        shots["sprint-board.png"] = window.grab()
        sprints.tabs.setCurrentWidget(sprints.charts)
        settle(application, seconds=1)
        shots["sprint-burndown.png"] = window.grab()

        window.tabs.setCurrentWidget(window.budget_tab)
        budget = window.budget_tab.ensure_page()
        settle(application, lambda: budget.plans_model.rowCount() > 0)
        settle(application, seconds=2)
        shots["budget.png"] = window.grab()

        heatmap = window.show_org_page("governance")
        settle(application, lambda: heatmap.heatmap() is not None and not heatmap.is_loading())
        settle(application, seconds=1)
        shots["governance-heatmap.png"] = window.grab()

        # A day's work in the audit log: the sign-off above, and a project's description edited.
        from app.services.projects import update_project

        first = window.projects_model.index(0, 0).data(IdRole)
        window.hub.publish(
            update_project(database, first, {"description": "Scores card payments in real time; reviewed monthly."})
        )
        audit = window.show_org_page("audit")
        settle(application, lambda: not audit.is_loading() and audit.model.rowCount() > 0)
        settle(application, seconds=1)
        shots["audit-log.png"] = window.grab()

        # File → Backups… over a week of backups (in the temporary folder, not the user's data folder).
        from datetime import UTC, datetime, timedelta

        from app.db.backups import Reason, take_backup
        from views.backups_dialog import BackupsDialog

        os.environ["STEWARD_BACKUP_DIR"] = str(Path(folder) / "backups")
        now = datetime.now(UTC)
        for days, reason in ((6, Reason.DAILY), (3, Reason.BEFORE_UPGRADE), (2, Reason.DAILY), (0, Reason.MANUAL)):
            take_backup(database, reason, now=now - timedelta(days=days, hours=2))
        backups = BackupsDialog(window.context, window)
        backups.show()
        settle(application, lambda: not backups.is_loading())
        shots["backups.png"] = backups.grab()
        backups.close()

        for name, pixmap in shots.items():
            pixmap.save(str(out / name))
            print(f"wrote {out / name}")
        window.close()
        database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")))
