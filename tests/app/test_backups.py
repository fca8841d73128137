"""Backups (app/db/backups.py): taken atomically into the database's own folder, once a day, thinned as
Anki thins them, listed with what they hold, checked before a restore, restored all or nothing; and a
damaged database refused, set aside, and its newest good backup found."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.db.backups import (
    DamagedDatabase,
    Reason,
    backup_sqlite,
    backups_folder,
    check_backup_file,
    check_not_damaged,
    daily_backup,
    database_problem,
    list_backups,
    move_aside,
    newest_good_backup,
    obsolete,
    restore_backup,
    take_backup,
)
from app.db.database import Database
from app.db.migrations import HEAD
from app.demo.generator import fill_demo
from app.errors import UserError
from app.services.projects import create_project
from app.services.settings import save_backup_settings
from app.settings import BackupSettings, load_backup_settings
from tests.app.corrupt import corrupt

NOON = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)  # midday: the same day in any time zone within ±11 hours


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo organisation in a file of its own, made once for the module and copied by each test."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    database = Database(path)
    from app.services.setup import initialise

    initialise(database)
    fill_demo(database)
    database.dispose()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Database:
    copy = tmp_path / "org.db"
    shutil.copyfile(demo_file, copy)
    return Database(copy)


def names(database: Database) -> set[str]:
    assert database.sqlite_path is not None
    with sqlite3.connect(database.sqlite_path) as connection:
        return {name for (name,) in connection.execute("SELECT name FROM project")}


def projects_in(path: Path) -> set[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return {name for (name,) in connection.execute("SELECT name FROM project")}


def test_a_backup_is_one_whole_file_in_the_databases_own_folder(database: Database, backups_in_a_temporary_folder):
    create_project(database, name="Fraud scoring", stage="production")

    path = take_backup(database, Reason.MANUAL, now=NOON)

    assert path.parent == backups_folder(database)
    assert path.parent.parent == backups_in_a_temporary_folder
    assert path.parent.name.startswith("steward-") and path.name == "steward-20261204T120000Z-manual.db"
    assert projects_in(path) == {"Fraud scoring"}
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no -wal, -journal or temporary file
    # Two databases of the same name in different folders keep apart.
    other = Database(database.sqlite_path.parent / "elsewhere" / "steward.db")  # type: ignore[union-attr]
    assert backups_folder(other) != backups_folder(database)


def test_a_failed_backup_leaves_nothing_behind(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(UserError, match="Could not copy"):
        backup_sqlite(junk, folder / "copy.db")
    assert list(folder.iterdir()) == []


def test_the_daily_backup_comes_once_a_day_and_only_after_a_change(database: Database) -> None:
    create_project(database, name="Fraud scoring", stage="production")
    first = daily_backup(database)
    assert first is not None and first.name.endswith("-daily.db")
    assert daily_backup(database) is None  # the same day

    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert daily_backup(database, now=tomorrow) is None  # a new day, but nothing changed since
    create_project(database, name="Clinical triage", stage="pre_production")
    second = daily_backup(database, now=tomorrow)
    assert second is not None and projects_in(second) == {"Fraud scoring", "Clinical triage"}
    assert [backup.reason for backup in list_backups(database)] == [Reason.DAILY, Reason.DAILY]


def test_the_rotation_keeps_the_newest_then_one_a_day_a_week_a_month() -> None:
    def at(*day: int, hour: int = 12) -> datetime:
        return datetime(*day, hour, tzinfo=UTC)  # type: ignore[misc]

    taken = {
        "newest": at(2026, 12, 4, hour=15),
        "second newest": at(2026, 12, 4, hour=14),
        "same day again": at(2026, 12, 4, hour=9),
        "yesterday late": at(2026, 12, 3, hour=20),
        "yesterday early": at(2026, 12, 3, hour=8),
        "two days ago": at(2026, 12, 2),
        "a week before (Tuesday)": at(2026, 11, 24),
        "the same week (Monday)": at(2026, 11, 23),
        "the week before": at(2026, 11, 17),
        "last month": at(2026, 10, 20),
        "the month before": at(2026, 9, 20),
    }
    rotation = BackupSettings(keep_last=2, daily=2, weekly=2, monthly=1)

    going = obsolete([(Path(name), when) for name, when in taken.items()], rotation)

    assert {path.name for path in going} == {
        "same day again",  # the newest two stay; this one is of a day already kept
        "yesterday early",  # yesterday's newest is the day's
        "the same week (Monday)",  # the weekly ones: one per week
        "the month before",  # the monthly count is spent on last month
    }


def test_a_backup_thins_the_folder_by_the_stored_counts(database: Database) -> None:
    save_backup_settings(database, BackupSettings(keep_last=2, daily=0, weekly=0, monthly=0))
    assert load_backup_settings(database.reader()).keep_last == 2
    for hours in (3, 2, 1):
        take_backup(database, Reason.MANUAL, now=NOON - timedelta(hours=hours))
    newest = take_backup(database, Reason.MANUAL, now=NOON)

    kept = [backup.path for backup in list_backups(database)]
    assert kept == [newest, newest.with_name("steward-20261204T110000Z-manual.db")]


def test_the_settings_refuse_counts_that_would_keep_nothing(database: Database) -> None:
    with pytest.raises(UserError, match="Keep from 1"):
        save_backup_settings(database, BackupSettings(keep_last=0))


def test_the_listing_says_when_why_how_big_and_what_each_holds(demo: Database) -> None:
    take_backup(demo, Reason.BEFORE_UPGRADE, now=NOON - timedelta(days=1))
    take_backup(demo, Reason.MANUAL, now=NOON)

    newest, older = list_backups(demo)

    assert (newest.reason, older.reason) == (Reason.MANUAL, Reason.BEFORE_UPGRADE)
    assert newest.taken_at == NOON and newest.revision == HEAD
    assert newest.size == newest.path.stat().st_size > 100_000
    assert newest.contents is not None and newest.contents.projects == 4 and newest.contents.people > 50
    assert newest.contents.policies > 0 and newest.contents.budget_plans > 0
    assert newest.holds().startswith(f"{newest.contents.people} people, 4 projects")
    assert newest.as_json()["contents"]["projects"] == 4


def test_a_restore_puts_the_backup_back_and_keeps_what_it_replaced(demo: Database) -> None:
    backup = take_backup(demo, Reason.MANUAL, now=NOON - timedelta(hours=1))
    create_project(demo, name="Made after the backup", stage="proof_of_concept")
    demo.reader().rows("SELECT 1")  # a reader connection open, as the window has one
    before = names(demo)

    restored = restore_backup(demo, backup, now=NOON)

    assert names(demo) == before - {"Made after the backup"}
    assert restored.kept is not None and restored.kept.name.endswith("-before-restore.db")
    assert projects_in(restored.kept) == before
    assert restored.backup.contents is not None and restored.backup.contents.projects == 4
    assert demo.sqlite_path is not None
    assert (
        not demo.sqlite_path.with_name("org.db-wal").exists()
        or demo.sqlite_path.with_name("org.db-wal").stat().st_size == 0
    )
    assert [p.name for p in demo.sqlite_path.parent.iterdir() if p.name.endswith(".tmp")] == []
    # The same Database object works on: its connections were closed and reopen on the restored file.
    create_project(demo, name="Made after the restore", stage="proof_of_concept")
    assert "Made after the restore" in names(demo)
    assert database_problem(demo.sqlite_path) is None


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda path: None, "There is no file"),
        (lambda path: path.mkdir(), "is a folder"),
        (lambda path: path.write_text("name,level\nAna,3\n"), "is not a SQLite database"),
        (lambda path: sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit(), "not a Steward one"),
    ],
    ids=["missing", "folder", "text", "other-sqlite"],
)
def test_a_restore_refuses_what_is_not_a_steward_backup(database: Database, tmp_path: Path, make, problem) -> None:
    create_project(database, name="Kept", stage="production")
    chosen = tmp_path / "chosen.db"
    make(chosen)
    with pytest.raises(UserError, match=problem) as refused:
        restore_backup(database, chosen)
    assert str(chosen) in str(refused.value) and "\n" not in str(refused.value)
    assert names(database) == {"Kept"}
    assert list_backups(database) == []  # refused before anything was backed up or copied


def test_a_restore_refuses_a_damaged_backup_and_one_from_a_newer_steward(demo: Database, tmp_path: Path) -> None:
    damaged = take_backup(demo, Reason.MANUAL, now=NOON)
    corrupt(damaged)
    with pytest.raises(UserError, match="is damaged") as refused:
        check_backup_file(damaged)
    assert str(damaged) in str(refused.value)

    newer = tmp_path / "newer.db"
    assert demo.sqlite_path is not None
    backup_sqlite(demo.sqlite_path, newer)
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(UserError, match="newer version of Steward"):
        restore_backup(demo, newer)


def test_a_restore_waits_for_no_other_program(database: Database, tmp_path: Path) -> None:
    create_project(database, name="Kept", stage="production")
    backup = take_backup(database, Reason.MANUAL, now=NOON)
    create_project(database, name="Also kept", stage="production")
    assert database.sqlite_path is not None
    other = sqlite3.connect(database.sqlite_path)
    other.execute("BEGIN")
    other.execute("SELECT count(*) FROM project").fetchone()  # a reader holding the log open
    try:
        with pytest.raises(UserError, match="Another program is using"):
            restore_backup(database, backup)
    finally:
        other.close()
    assert names(database) == {"Kept", "Also kept"}
    assert [p for p in database.sqlite_path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_damaged_database_is_refused_set_aside_and_its_newest_good_backup_found(demo: Database) -> None:
    good = take_backup(demo, Reason.DAILY, now=NOON - timedelta(days=1))
    bad = take_backup(demo, Reason.MANUAL, now=NOON)
    corrupt(bad)
    demo.dispose()
    assert demo.sqlite_path is not None
    corrupt(demo.sqlite_path)

    with pytest.raises(DamagedDatabase) as refused:
        check_not_damaged(demo)
    sentence = str(refused.value)
    assert (
        str(demo.sqlite_path) in sentence and "`steward restore FILE`" in sentence and "`steward backups`" in sentence
    )
    assert newest_good_backup(demo) is not None and newest_good_backup(demo).path == good  # type: ignore[union-attr]

    demo.sqlite_path.with_name("org.db-wal").write_bytes(b"")
    aside = move_aside(demo.sqlite_path, now=NOON)
    assert aside.name == "org.damaged-20261204T120000Z.db" and aside.exists()
    assert aside.with_name(aside.name + "-wal").exists()
    assert not demo.sqlite_path.exists() and not demo.sqlite_path.with_name("org.db-wal").exists()

    restored = restore_backup(demo, good)
    assert restored.kept is None and database_problem(demo.sqlite_path) is None
    assert len(names(demo)) == 4


def test_restoring_over_a_damaged_database_sets_it_aside(demo: Database) -> None:
    good = take_backup(demo, Reason.DAILY, now=NOON)
    demo.dispose()
    assert demo.sqlite_path is not None
    corrupt(demo.sqlite_path)

    restored = restore_backup(demo, good)

    assert restored.kept is not None and ".damaged-" in restored.kept.name and restored.kept.exists()
    assert database_problem(demo.sqlite_path) is None and len(names(demo)) == 4


def test_an_upgrade_backs_up_into_the_backups_folder(database: Database) -> None:
    from app.db.schema import ensure_schema

    create_project(database, name="Fraud scoring", stage="production")
    database.dispose()
    assert database.sqlite_path is not None
    with sqlite3.connect(database.sqlite_path) as connection:  # as an older Steward left it
        connection.execute("UPDATE alembic_version SET version_num = '0002'")
        connection.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        connection.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    status = ensure_schema(database)
    assert status.backup is not None and status.backup.parent == backups_folder(database)
    assert [backup.reason for backup in list_backups(database)] == [Reason.BEFORE_UPGRADE]
    assert list_backups(database)[0].revision == "0002"


def test_a_backups_folder_that_cannot_be_made_is_one_sentence(database: Database, tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backups folder should be")
    monkeypatch.setenv("STEWARD_BACKUP_DIR", str(blocker))
    with pytest.raises(UserError, match="The backups folder .* cannot be made") as refused:
        take_backup(database, Reason.MANUAL)
    assert str(blocker) in str(refused.value)


def test_a_backup_from_an_older_schema_is_upgraded_once_restored(database: Database, tmp_path: Path) -> None:
    create_project(database, name="Fraud scoring", stage="production")
    older = tmp_path / "older.db"
    assert database.sqlite_path is not None
    backup_sqlite(database.sqlite_path, older)
    with sqlite3.connect(older) as connection:  # as an older Steward left it
        connection.execute("UPDATE alembic_version SET version_num = '0002'")
        connection.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        connection.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    create_project(database, name="Made later", stage="production")

    restored = restore_backup(database, older)

    assert restored.upgraded_from == "0002" and restored.backup.revision == "0002"
    assert names(database) == {"Fraud scoring"}
    with sqlite3.connect(database.sqlite_path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
    assert [backup.reason for backup in list_backups(database)] == [Reason.BEFORE_UPGRADE, Reason.BEFORE_RESTORE]
