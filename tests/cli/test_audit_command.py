"""`steward audit`: the audit trail in words, filtered, as a table or JSON."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from app.db.database import Database
from app.services import projects
from app.services.setup import initialise
from tests.cli.test_cli import steward


def organisation(tmp_path: Path) -> Path:
    path = tmp_path / "org.db"
    database = Database(path)
    initialise(database)
    project = projects.create_project(database, name="Fraud scoring").ids[0]
    projects.update_project(database, project, {"name": "Card fraud scoring"})
    database.dispose()
    return path


def test_the_audit_trail_says_who_changed_what_newest_first(tmp_path: Path) -> None:
    db = organisation(tmp_path)
    result = steward("audit", "--entity", "project", db=db)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert "project 1  updated  name: 'Fraud scoring' → 'Card fraud scoring'" in lines[0]
    assert "project 1  created  name: 'Fraud scoring'" in lines[1]


def test_the_audit_trail_as_json_and_filtered_by_day_and_action(tmp_path: Path) -> None:
    db = organisation(tmp_path)
    listed = json.loads(steward("audit", "--action", "updated", "--json", db=db).stdout)
    assert [(event["entity"], event["action"], event["after"]) for event in listed] == [
        ("project", "updated", {"name": "Card fraud scoring"})
    ]
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    later = steward("audit", "--since", tomorrow, db=db)
    assert later.returncode == 0 and later.stdout.strip() == "No audit events match."
    wrong = steward("audit", "--since", "2026-13-01", db=db)
    assert wrong.returncode == 2 and "'2026-13-01' is not a day" in wrong.stderr


def test_stored_values_read_as_their_labels_and_times_as_local_time() -> None:
    from datetime import UTC, datetime

    from app.queries.audit import AuditRecord, local_time

    moved = AuditRecord(
        id=1,
        at=local_time("2026-12-04 09:30:00"),
        actor="ana",
        entity="project",
        entity_id=3,
        action="updated",
        before={"stage": "idea", "name": "Fraud"},
        after={"stage": "proof_of_concept", "name": "Card fraud"},
        reason="",
    )
    assert moved.changes() == "stage: Idea → Proof of concept; name: 'Fraud' → 'Card fraud'"
    assert moved.at == datetime(2026, 12, 4, 9, 30, tzinfo=UTC) and moved.at.utcoffset() is not None
    item = moved._replace(entity="backlog_item", before={"status": "in_review"}, after={"status": "done"})
    assert item.changes() == "status: In review → Done"
    plan = moved._replace(entity="budget_plan", before={"state": "draft"}, after={"state": "approved"})
    assert plan.changes() == "state: Draft → Approved"
