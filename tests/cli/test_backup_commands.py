"""`steward backup`, `steward backups` and `steward restore` as a user runs them, and a damaged file refused."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.db.migrations import HEAD
from tests.app.corrupt import corrupt
from tests.cli.test_cli import steward


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert steward("demo", db=path).returncode == 0
    return path


@pytest.fixture
def db(demo_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "org.db"
    shutil.copyfile(demo_file, copy)
    return copy


def projects_in(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {name for (name,) in connection.execute("SELECT name FROM project")}


def listed(db: Path) -> list[dict]:
    result = steward("backups", "--json", db=db)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_command_that_opens_the_database_backs_it_up_once_a_day(db: Path) -> None:
    assert listed(db) == []
    assert steward("projects", db=db).returncode == 0
    assert steward("projects", db=db).returncode == 0

    backups = listed(db)
    assert [backup["reason"] for backup in backups] == ["daily"]
    assert backups[0]["revision"] == HEAD and backups[0]["contents"]["projects"] == 4
    assert backups[0]["size"] == Path(backups[0]["path"]).stat().st_size


def test_backups_lists_date_size_reason_contents_and_path(db: Path) -> None:
    empty = steward("backups", db=db)
    assert empty.returncode == 0 and empty.stdout.startswith(f"No backups of {db} yet")
    manual = steward("backup", db=db)
    assert manual.returncode == 0 and "-manual.db" in manual.stdout

    table = steward("backups", db=db).stdout.splitlines()
    assert table[0].split() == ["Date", "Size", "Reason", "Holds", "Path"]
    row = table[1]
    assert " manual " in row and "KB" in row and ", 4 projects, " in row and row.endswith("-manual.db")


def test_backup_out_writes_a_copy_where_asked(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    result = steward("backup", str(copy), db=db)
    assert result.returncode == 0 and result.stdout.strip() == f"Backed up {db} to {copy}."
    assert projects_in(copy) == projects_in(db)
    assert listed(db) == []  # a copy elsewhere is no backup of the rotation


def test_restore_puts_a_backup_back_and_keeps_the_file_it_replaced(db: Path) -> None:
    steward("backup", db=db)
    backup = listed(db)[0]["path"]
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE project SET name = 'Renamed after the backup' WHERE id = 1")
    renamed = projects_in(db)

    result = steward("restore", backup, db=db)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Restored {db} from {backup} (taken ") and "4 projects" in lines[0]
    kept = lines[1].removeprefix("The database it replaced is kept as ").removesuffix(".")
    assert kept.endswith("-before-restore.db") and projects_in(Path(kept)) == renamed
    assert "Renamed after the backup" not in projects_in(db)
    assert steward("check", db=db).returncode == 0
    assert [backup["reason"] for backup in listed(db)][:2] == ["before-restore", "manual"]


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda path: path.write_text("name,level\nAna,3\n"), "is not a SQLite database"),
        (lambda path: corrupt(path), "is damaged"),
        (
            lambda path: (
                sqlite3.connect(path).execute("UPDATE alembic_version SET version_num = '9999'").connection.commit()
            ),
            "newer version of Steward (schema 9999)",
        ),
    ],
    ids=["text", "damaged", "newer"],
)
def test_restore_refuses_a_bad_file_in_one_sentence_and_changes_nothing(
    db: Path, tmp_path: Path, make, problem
) -> None:
    chosen = tmp_path / "chosen.db"
    shutil.copyfile(db, chosen)
    make(chosen)
    before = db.read_bytes()

    result = steward("restore", str(chosen), db=db)

    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and problem in result.stderr and str(chosen) in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert db.read_bytes() == before and listed(db) == []


def test_a_damaged_database_is_refused_by_the_commands_that_write(db: Path) -> None:
    steward("backup", db=db)
    corrupt(db)
    damaged = db.read_bytes()

    for command in (("projects",), ("demo",), ("audit",)):
        result = steward(*command, db=db)
        assert result.returncode == 1, command
        assert result.stderr.count("\n") == 1 and f"{db} is damaged" in result.stderr
        assert "`steward restore FILE`" in result.stderr and "`steward backups`" in result.stderr
    assert db.read_bytes() == damaged

    # Then the way out it names: the backups are listed, and the newest restored over the damaged file.
    backup = listed(db)[0]["path"]
    restored = steward("restore", backup, db=db)
    assert restored.returncode == 0, restored.stderr
    kept = restored.stdout.splitlines()[1].removeprefix("The database it replaced is kept as ").removesuffix(".")
    assert ".damaged-" in kept and Path(kept).read_bytes() == damaged
    assert steward("projects", db=db).returncode == 0


def test_a_backup_that_cannot_be_taken_is_a_warning_not_a_stop(db: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backups folder should be")
    result = steward("projects", db=db, env={"STEWARD_BACKUP_DIR": str(blocker)})
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 5
    assert "today's backup was not taken: The backups folder" in result.stderr
