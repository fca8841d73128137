"""A full disk, a read-only or vanished database: one sentence, the database exactly as it was, and then it works.

The disk fills for real as SQLite sees it (``tests/app/full_disk.py``): the first page a
write needs is refused with SQLITE_FULL, just as when the disk holding the file has no room
left. Raising the limit again is freeing space. The writes are the crash harness's own
(an import of 3,000 assessments, 300 pasted budget lines), a sprint close that
moves a few hundred unfinished items, and a new project with a long description.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.db.database import Database
from app.errors import UserError
from app.services import policy, projects
from app.services.unit import READ_FAILED, storage_problem, unit_of_work
from tests.app import crash_harness
from tests.app.full_disk import Disk


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return crash_harness.make_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def demo_copy(template: Path, tmp_path: Path) -> Iterator[Database]:
    database = Database(crash_harness.copy_database(template, tmp_path / "steward.db"))
    yield database
    database.dispose()


def _add_project(database: Database, _folder: Path) -> Callable[[], object]:
    # A description pasted from a long document: its text needs pages of its own.
    description = "The model card, pasted in full. " * 1500
    return lambda: projects.create_project(database, name="Fraud screening", description=description)


def _close_a_full_sprint(database: Database, folder: Path) -> Callable[[], object]:
    sprint_id, project_id = database.reader().one(
        "SELECT id, project_id FROM sprint WHERE state = 'active' ORDER BY id LIMIT 1"
    ) or (None, None)
    assert sprint_id is not None, "the demo has an active sprint"
    for number in range(300):
        item = policy.create_item(database, project_id, title=f"Review control {number}", points=3)
        policy.assign_to_sprint(database, item.ids[0], sprint_id)
    return crash_harness.OPERATIONS["close-sprint"](database, folder)


def disk_under(database: Database) -> tuple[Disk, Path, crash_harness.Dump]:
    """The disk under ``database`` (room to spare until a test fills it), the file's path, and what it holds now."""
    disk = Disk(database)
    path = database.sqlite_path
    assert path is not None
    return disk, path, crash_harness.dump(path)


WRITES: dict[str, Callable[[Any, Path], Callable[[], object]]] = {
    "an import": crash_harness.OPERATIONS["import"],
    "a pasted block of budget lines": crash_harness.OPERATIONS["paste"],
    "a new project": _add_project,
    "a sprint close": _close_a_full_sprint,
}


@pytest.mark.parametrize("write", list(WRITES), ids=lambda name: name.replace(" ", "-"))
def test_a_write_the_disk_has_no_room_for_is_one_sentence_and_changes_nothing(
    demo_copy: Database, tmp_path: Path, write: str
) -> None:
    run = WRITES[write](demo_copy, tmp_path)
    disk, path, before = disk_under(demo_copy)

    disk.full = True
    with pytest.raises(UserError) as refused:
        run()
    assert str(refused.value) == (
        f"The disk is full: the change was not saved to {path}; free some space and try again."
    )
    assert crash_harness.dump(path) == before
    assert crash_harness.health(path) == []

    disk.full = False  # space freed: the same write, in the same process, now goes through
    run()
    assert crash_harness.dump(path) != before
    assert crash_harness.health(path) == []


def test_a_database_that_became_read_only_refuses_the_write_in_words(demo_copy: Database) -> None:
    disk, path, before = disk_under(demo_copy)
    disk.read_only = True
    with pytest.raises(UserError) as refused:
        projects.create_project(demo_copy, name="Churn model")
    assert str(refused.value) == (
        f"{path} is read-only (the file or its folder does not allow writing), so the change was not saved."
    )
    assert crash_harness.dump(path) == before
    disk.read_only = False
    projects.create_project(demo_copy, name="Churn model")


def test_a_database_deleted_while_open_is_not_written_into_the_void(database: Database, tmp_path: Path) -> None:
    projects.create_project(database, name="Before")
    path = database.sqlite_path
    assert path is not None
    moved = tmp_path / "moved.db"
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{path}{suffix}").exists():
            shutil.move(f"{path}{suffix}", f"{moved}{suffix}")
    with pytest.raises(UserError) as refused:
        projects.create_project(database, name="Lost")
    assert str(refused.value) == (
        f"{path} is no longer there (it or its folder may have been moved or deleted), so the change was not saved;"
        " open the database again from where it is now."
    )
    assert not path.exists()  # no empty database made in its place
    database.dispose()
    names = [row[0] for row in sqlite3.connect(moved).execute("SELECT name FROM project")]
    assert names == ["Before"]


def test_a_database_whose_folder_vanished_is_one_sentence_when_read(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    database = Database(folder / "steward.db")
    shutil.rmtree(folder)
    with pytest.raises(sqlite3.OperationalError) as caught:
        database.reader().rows("SELECT 1 FROM project")
    assert storage_problem(caught.value, database.describe(), outcome=READ_FAILED) == (
        f"{database.describe()} cannot be opened any more (it or its folder may have been moved or deleted),"
        " so nothing could be read from it and nothing was changed; open the database again from where it is now."
    )


@pytest.mark.parametrize(
    ("code", "sentence"),
    [
        (
            sqlite3.SQLITE_IOERR_WRITE,
            "The disk holding {db} reported an input/output error, so the change was not saved;"
            " check the disk (or the network share) and try again.",
        ),
        (
            sqlite3.SQLITE_CORRUPT,
            "{db} is damaged, so the change was not saved; run steward check on it or restore a backup.",
        ),
        (
            sqlite3.SQLITE_NOTADB,
            "{db} is damaged, so the change was not saved; run steward check on it or restore a backup.",
        ),
    ],
)
def test_a_failing_or_damaged_disk_is_one_sentence_too(database: Database, code: int, sentence: str) -> None:
    """SQLite's own error, with its code, as the disk would make it, raised inside a unit of work."""
    failure = sqlite3.OperationalError("disk I/O error")
    failure.sqlite_errorcode = code  # type: ignore[attr-defined]  # set by the driver from SQLite's result
    from sqlalchemy.exc import OperationalError

    with pytest.raises(UserError) as refused, unit_of_work(database):
        raise OperationalError("COMMIT", {}, failure)
    assert str(refused.value) == sentence.format(db=database.describe())


def test_a_rule_of_the_data_is_not_mistaken_for_the_disk(database: Database) -> None:
    assert storage_problem(ValueError("no"), "x") is None
    with pytest.raises(UserError, match="busy with another change"), unit_of_work(database):
        from sqlalchemy.exc import OperationalError

        raise OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))
