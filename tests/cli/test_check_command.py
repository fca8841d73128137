"""`steward check`: each finding with where and what to do, a summary, exit status 1 if any; JSON on request."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from app.db.migrations import HEAD
from tests.cli.test_cli import steward


def broken_organisation(tmp_path: Path) -> Path:
    """A new database another tool wrote into: a membership of nobody, a setting Steward does not read."""
    db = tmp_path / "org.db"
    assert steward("init", db=db).returncode == 0
    with sqlite3.connect(db) as connection:
        connection.execute(
            "INSERT INTO membership (id, project_id, person_id, role, allocation) VALUES (5, 9, 9, '', 1)"
        )
        connection.execute("INSERT INTO setting (key, value) VALUES ('colour', '\"blue\"')")
    connection.close()
    return db


def test_a_healthy_database_says_so_and_exits_0(tmp_path: Path) -> None:
    db = tmp_path / "org.db"
    steward("init", db=db)
    result = steward("check", db=db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"{db} is healthy (schema {HEAD})."]
    assert json.loads(steward("check", "--json", db=db).stdout)["findings"] == []


def test_each_finding_is_printed_with_where_and_what_to_do_and_the_summary_exits_1(tmp_path: Path) -> None:
    db = broken_organisation(tmp_path)
    result = steward("check", db=db)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "1. Rows of membership refer to records that do not exist in person: 1 row."
    assert lines[1] == "   where: table membership, row 5"
    assert lines[2].startswith("   to do: Restore the newest good backup with `steward restore FILE`")
    assert lines[3].startswith("2. Rows of membership refer to records that do not exist in project")
    assert "3. The setting 'colour' is not one this Steward reads" in result.stdout
    assert "   where: table setting, key 'colour'" in lines
    assert result.stderr.strip().startswith(f"{db} has 3 problems (schema {HEAD}): Rows of membership")


def test_the_findings_as_json(tmp_path: Path) -> None:
    db = broken_organisation(tmp_path)
    result = steward("check", "--json", db=db)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["healthy"] is False and report["schema"] == HEAD
    assert [(finding["check"], finding["table"], finding["row_ids"]) for finding in report["findings"]] == [
        ("foreign_keys", "membership", [5]),
        ("foreign_keys", "membership", [5]),
        ("orphans.setting", "setting", []),
    ]
    assert all(finding["advice"] and finding["where"] for finding in report["findings"])


def test_a_missing_or_foreign_file_is_one_sentence(tmp_path: Path) -> None:
    missing = steward("check", db=tmp_path / "nothing.db")
    assert missing.returncode == 1 and missing.stdout == ""
    assert missing.stderr.strip() == f"steward: There is no database at {tmp_path / 'nothing.db'}."
    junk = tmp_path / "notes.db"
    junk.write_text("not a database at all")
    refused = steward("check", db=junk)
    assert refused.returncode == 1 and len(refused.stderr.strip().splitlines()) == 1
    assert "unexpected error" not in refused.stderr
