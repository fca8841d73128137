"""The audit log page: the trail newest first, filtered as the user picks and types, fresh after each change."""

from __future__ import annotations

from datetime import date, timedelta

from app.db.database import Database
from app.services import projects
from views.audit_page import AuditLogPage
from views.main_window import MainWindow


def open_audit_log(qtbot, window: MainWindow) -> AuditLogPage:
    window.show_org_page("audit")
    page = window.org_pages["audit"].page
    assert isinstance(page, AuditLogPage)
    qtbot.waitUntil(lambda: not page.is_loading() and page.model.rowCount() > 0)
    return page


def test_the_log_lists_every_event_newest_first_in_words(qtbot, window: MainWindow, organisation: Database) -> None:
    page = open_audit_log(qtbot, window)
    events = page.shown_events()
    total = organisation.reader().scalar("SELECT count(*) FROM audit_event")
    assert len(events) == total
    assert [event.at for event in events] == sorted((event.at for event in events), reverse=True)
    fraud = organisation.reader().scalar("SELECT id FROM project WHERE name = 'Fraud scoring'")
    created = next(
        event for event in events if (event.entity, event.entity_id, event.action) == ("project", fraud, "created")
    )
    row = events.index(created)
    assert page.model.index(row, 2).data() == f"Project {created.entity_id}"
    assert "name: 'Fraud scoring'" in page.model.index(row, 4).data()


def test_filters_narrow_the_log_and_a_new_change_appears(qtbot, window: MainWindow, organisation: Database) -> None:
    page = open_audit_log(qtbot, window)
    page.entity_filter.setCurrentIndex(page.entity_filter.findData("project"))
    assert {event.entity for event in page.shown_events()} == {"project"}
    assert page.entity_filter.currentText() == "Project"
    qtbot.keyClicks(page.search, "fraud")
    assert page.shown_events() and all("Fraud" in event.changes() for event in page.shown_events())
    # Another window (or the command line) renames the project: the log reads it at once.
    fraud = organisation.reader().scalar("SELECT id FROM project WHERE name = 'Fraud scoring'")
    window.hub.publish(projects.update_project(organisation, fraud, {"name": "Card fraud scoring"}))
    qtbot.waitUntil(lambda: not page.is_loading() and page.shown_events()[0].action == "updated")
    assert page.model.index(0, 4).data() == "name: 'Fraud scoring' → 'Card fraud scoring'"
    assert page.entity_filter.currentData() == "project"  # the choice survives the reload
    page.search.clear()
    page.since.enabled.setChecked(True)
    page.since.editor.set_value(date.today() + timedelta(days=1))
    assert page.shown_events() == []
    page.since.enabled.setChecked(False)
    assert page.shown_events()
