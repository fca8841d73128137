"""`steward export` and `steward import` of its file, as a user runs them: the demo out and into a new database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_cli import steward


def stored_rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows as SQLite stores them, sorted by primary key (the alembic version aside)."""
    connection = sqlite3.connect(db)
    try:
        tables = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if name != "alembic_version"
        ]
        return {name: connection.execute(f"SELECT * FROM {name} ORDER BY 1, 2").fetchall() for name in tables}
    finally:
        connection.close()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    assert steward("demo", db=db).returncode == 0
    return db


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_export_then_import_into_a_new_database_gives_the_same_database(
    demo_db: Path, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"everything{suffix}"
    exported = steward("export", str(path), db=demo_db)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith("Wrote ") and f"to {path}." in exported.stdout
    new_db = tmp_path / "new.db"
    imported = steward("import", str(path), db=new_db)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("Imported ") and f"into {new_db}." in imported.stdout
    assert stored_rows(new_db) == stored_rows(demo_db)
    # And the copy is a working Steward database: it lists the same projects.
    assert steward("projects", db=new_db).stdout == steward("projects", db=demo_db).stdout


def test_import_into_a_database_with_data_is_refused_in_one_sentence(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "everything.json"
    assert steward("export", str(path), db=demo_db).returncode == 0
    before = stored_rows(demo_db)
    refused = steward("import", str(path), db=demo_db)
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"steward: {demo_db} is not empty (it holds ")
    assert refused.stderr.count("\n") == 1 and refused.stdout == ""
    assert stored_rows(demo_db) == before


def test_a_dry_run_checks_the_file_and_leaves_no_database_behind(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "everything.json"
    assert steward("export", str(path), db=demo_db).returncode == 0
    new_db = tmp_path / "new.db"
    checked = steward("import", str(path), "--dry-run", db=new_db)
    assert checked.returncode == 0, checked.stderr
    assert f"{path} can be imported" in checked.stdout and "nothing was written" in checked.stdout
    assert not new_db.exists()


def test_a_foreign_json_file_is_refused_and_creates_no_database(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text('{"project": "Fraud scoring", "gaps": []}', encoding="utf-8")
    new_db = tmp_path / "new.db"
    refused = steward("import", str(path), db=new_db)
    assert refused.returncode == 1
    assert refused.stderr == (
        f"steward: {path} cannot be imported: it is not a whole-database file of Steward "
        "(it holds 'project', which Steward's files do not); nothing was imported.\n"
    )
    assert not new_db.exists() and list(tmp_path.iterdir()) == [path]


def test_export_refuses_another_extension_and_a_missing_database(demo_db: Path, tmp_path: Path) -> None:
    wrong = steward("export", str(tmp_path / "everything.csv"), db=demo_db)
    assert wrong.returncode == 1 and "exported as .json or .xlsx" in wrong.stderr
    missing = steward("export", str(tmp_path / "everything.json"), db=tmp_path / "missing.db")
    assert missing.returncode == 1 and "There is no database at" in missing.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_skills_matrix_workbook_still_imports_as_a_matrix(demo_db: Path, tmp_path: Path) -> None:
    """The whole-database file is recognised by its About sheet, not by its extension alone."""
    matrix = tmp_path / "matrix.xlsx"
    assert steward("export-matrix", str(matrix), db=demo_db).returncode == 0
    checked = steward("import", str(matrix), "--dry-run", db=demo_db)
    assert checked.returncode == 0, checked.stderr
    assert "Dry run: nothing was written." in checked.stdout and "cannot be imported" not in checked.stderr
