"""The `steward` command as a user runs it: a separate process, exit codes, one-sentence errors."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.db.migrations import HEAD

STEWARD = str(Path(sys.executable).with_name("steward"))


def steward(*args: str, db: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [STEWARD, *(["--db", str(db)] if db else []), *args]
    return subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=120)


def test_help_lists_the_commands_that_exist() -> None:
    result = steward("--help")
    assert result.returncode == 0
    for command in ("init", "demo", "projects", "backup", "check", "--db", "--exit-after-paint"):
        assert command in result.stdout


def test_init_creates_then_reports_up_to_date(tmp_path: Path) -> None:
    db = tmp_path / "org.db"
    first = steward("init", db=db)
    assert first.returncode == 0 and first.stdout.startswith(f"Created {db}")
    second = steward("init", db=db)
    assert second.returncode == 0 and "is up to date" in second.stdout


def test_demo_then_projects_as_json(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    filled = steward("demo", db=db)
    assert filled.returncode == 0, filled.stderr
    assert "4 projects" in filled.stdout
    listed = steward("projects", "--json", db=db)
    assert listed.returncode == 0
    projects = json.loads(listed.stdout)
    assert len(projects) == 4
    assert set(projects[0]) == {
        "id",
        "name",
        "description",
        "stage",
        "decision_mode",
        "model_origin",
        "personal_data",
        "start_on",
        "end_on",
    }
    assert {"automated", "decision_support"} == {p["decision_mode"] for p in projects}
    table = steward("projects", db=db)
    assert table.stdout.splitlines()[0].split()[:2] == ["Project", "Stage"]
    assert len(table.stdout.splitlines()) == 5


def test_demo_refuses_a_database_with_data_and_leaves_it_alone(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert steward("demo", db=db).returncode == 0
    before = sqlite3.connect(db).execute("SELECT count(*) FROM person").fetchone()
    again = steward("demo", db=db)
    assert again.returncode == 1
    assert again.stderr.count("\n") == 1 and "already holds data" in again.stderr
    assert "Traceback" not in again.stderr
    assert sqlite3.connect(db).execute("SELECT count(*) FROM person").fetchone() == before


def test_the_database_can_come_from_the_environment(tmp_path: Path) -> None:
    db = tmp_path / "from-env.db"
    result = steward("init", env={"STEWARD_DB": str(db)})
    assert result.returncode == 0 and db.exists()


def test_a_file_that_is_not_a_database_is_one_sentence_and_status_1(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("not a database")
    result = steward("projects", db=notes)
    assert result.returncode == 1
    assert result.stderr.startswith("steward: ") and result.stderr.count("\n") == 1
    assert notes.read_text() == "not a database"


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    result = steward("init", db=tmp_path / "nowhere" / "org.db")
    assert result.returncode == 1
    assert "does not exist" in result.stderr and "nowhere" in result.stderr


@pytest.mark.parametrize("args", [("frobnicate",), ("demo", "--scale", "huge")])
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    assert steward(*args).returncode == 2


def test_backup_and_check(tmp_path: Path) -> None:
    db = tmp_path / "org.db"
    steward("init", db=db)
    copy = tmp_path / "copy.db"
    assert steward("backup", str(copy), db=db).returncode == 0
    assert steward("check", db=copy).stdout.strip().endswith(f"is healthy (schema {HEAD}).")
    refused = steward("backup", str(copy), db=db)
    assert refused.returncode == 1 and "already exists" in refused.stderr


def test_check_reports_broken_references(tmp_path: Path) -> None:
    db = tmp_path / "org.db"
    steward("init", db=db)
    with sqlite3.connect(db) as connection:  # foreign keys off: as a careless tool would write
        connection.execute("INSERT INTO membership (project_id, person_id, role, allocation) VALUES (99, 99, '', 0.5)")
    result = steward("check", db=db)
    assert result.returncode == 1 and "refer to records that do not exist" in result.stderr


def test_the_desktop_app_opens_and_paints_on_the_demo(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    steward("demo", db=db)
    result = steward("--exit-after-paint", db=db, env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr


def test_the_desktop_app_refuses_a_newer_database_with_a_message(tmp_path: Path) -> None:
    db = tmp_path / "org.db"
    steward("init", db=db)
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    result = steward("projects", db=db)
    assert result.returncode == 1 and "newer version of Steward" in result.stderr


def demo_with_a_draft_revision(db: Path) -> tuple[int, int]:
    """The demo made by `steward demo` in ``db``, its 'Baseline' of Card fraud screening (approved) revised
    into a draft revision 2: the ids of the approved plan and of the draft."""
    from app.db.database import Database
    from app.services.budget import revise_plan

    assert steward("demo", db=db).returncode == 0
    database = Database(db)
    approved = database.reader().scalar(
        "SELECT b.id FROM budget_plan AS b JOIN project AS p ON p.id = b.project_id "
        "WHERE p.name = 'Card fraud screening' AND b.name = 'Baseline'"
    )
    draft = revise_plan(database, approved).ids[0]
    database.dispose()
    return approved, draft


def test_report_budget_prefers_the_approved_revision_and_takes_the_one_named(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    demo_with_a_draft_revision(db)
    base = ("report", "budget", "--project", "Card fraud screening", "--plan", "Baseline")

    default = steward(*base, "-o", str(tmp_path / "approved.json"), db=db)
    assert default.returncode == 0, default.stderr
    assert "(Baseline, FY" in default.stdout and "revision 1, approved)" in default.stdout
    assert json.loads((tmp_path / "approved.json").read_text())["plan"]["revision"] == 1

    draft = steward(*base, "--revision", "2", "-o", str(tmp_path / "draft.json"), db=db)
    assert draft.returncode == 0, draft.stderr
    plan = json.loads((tmp_path / "draft.json").read_text())["plan"]
    assert (plan["revision"], plan["state"], plan["approved_by"], plan["approved_on"]) == (2, "draft", None, None)

    unknown = steward(*base, "--revision", "9", "-o", str(tmp_path / "none.json"), db=db)
    assert unknown.returncode == 1
    assert unknown.stderr.strip().endswith("has no revision 9; its revisions are 1 and 2.")
    assert len(unknown.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "none.json").exists()


def test_import_records_actuals_on_the_approved_revision_the_budget_report_shows(tmp_path: Path) -> None:
    """With an approved revision 1 and a draft revision 2, `steward import` says it goes to revision 1 and
    puts the actual there, where `steward report budget --plan` (the same rule) shows it."""
    db = tmp_path / "demo.db"
    approved, draft = demo_with_a_draft_revision(db)
    actuals = tmp_path / "actuals.csv"
    actuals.write_text("Project,Plan,Period,Category,Amount\nCard fraud screening,Baseline,M1,Cloud compute,1234.56\n")

    imported = steward("import", str(actuals), db=db)
    assert imported.returncode == 0, imported.stderr
    assert "for Baseline rev. 1 of Card fraud screening)" in imported.stdout
    with sqlite3.connect(db) as connection:
        actual_of = dict(
            connection.execute(
                "SELECT plan_id, actual FROM budget_line WHERE category = 'cloud_compute' AND period_number = 1"
                " AND plan_id IN (?, ?)",
                (approved, draft),
            ).fetchall()
        )
    assert actual_of[approved] == 123456 and actual_of[draft] != 123456
    report = steward(
        "report",
        "budget",
        "--project",
        "Card fraud screening",
        "--plan",
        "Baseline",
        "-o",
        str(tmp_path / "b.json"),
        db=db,
    )
    assert report.returncode == 0, report.stderr
    document = json.loads((tmp_path / "b.json").read_text())
    assert document["plan"]["revision"] == 1
    assert "1234.56" in [line["actual"] for line in document["lines"]]
