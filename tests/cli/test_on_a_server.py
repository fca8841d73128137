"""The `steward` command on a PostgreSQL server, as a team's administrator first runs it.

A URL as a person types it (``postgresql://``, no driver named), a fresh database on
the tests' server: the schema and the demo go in, the projects, a report, the audit
trail and the check come out, and the whole database comes off the server into a
SQLite file that reads the same.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url

from tests.cli.test_cli import steward

if TYPE_CHECKING:
    pass


def test_a_team_server_takes_the_schema_the_demo_and_gives_everything_back(server_url: str, tmp_path: Path) -> None:
    created = steward("--db", server_url, "init")
    assert created.returncode == 0, created.stderr
    assert created.stdout.startswith("Created postgresql://postgres:***@")  # the password never shown
    assert str(make_url(server_url).password) not in created.stdout + created.stderr
    assert "is up to date" in steward("--db", server_url, "init").stdout
    filled = steward("--db", server_url, "demo")
    assert filled.returncode == 0 and "4 projects" in filled.stdout, filled.stderr

    projects = json.loads(steward("--db", server_url, "projects", "--json").stdout)
    assert len(projects) == 4
    report = tmp_path / "gaps.pdf"
    made = steward("--db", server_url, "report", "gaps", "--project", projects[0]["name"], "-o", str(report))
    assert made.returncode == 0 and report.read_bytes().startswith(b"%PDF"), made.stderr
    audit = steward("--db", server_url, "audit", "--json")
    assert audit.returncode == 0 and {event["action"] for event in json.loads(audit.stdout)} >= {"loaded", "seeded"}
    checked = steward("--db", server_url, "check")
    assert checked.returncode == 0 and "is healthy" in checked.stdout, checked.stdout + checked.stderr

    exported = tmp_path / "everything.json"
    assert steward("--db", server_url, "export", str(exported)).returncode == 0
    copy = tmp_path / "copy.db"
    imported = steward("--db", str(copy), "import", str(exported))
    assert imported.returncode == 0, imported.stderr
    assert json.loads(steward("--db", str(copy), "projects", "--json").stdout) == projects


def test_a_server_is_backed_up_with_its_own_tools_in_one_sentence(server_url: str) -> None:
    steward("--db", server_url, "init")
    refused = steward("--db", server_url, "backup")
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "steward: `steward backup` copies SQLite files; back up a database server with its own tools."
    )
