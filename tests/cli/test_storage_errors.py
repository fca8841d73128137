"""A command whose database the disk or the file system refuses to read ends in one sentence, not the bug path."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

import pytest

from app.cli import run_command


def test_a_database_that_cannot_be_opened_is_one_sentence_not_a_crash_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def read(_args: argparse.Namespace) -> int:
        sqlite3.connect(tmp_path).execute("SELECT 1")  # a folder: SQLite cannot open it (SQLITE_CANTOPEN)
        return 0

    status = run_command(argparse.Namespace(handler=read, db=str(tmp_path / "org.db")))
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith(f"steward: {tmp_path / 'org.db'} cannot be opened any more")
    assert "nothing could be read from it and nothing was changed" in err
    assert "a bug" not in err


def test_any_other_exception_is_still_a_bug_with_its_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))

    def broken(_args: argparse.Namespace) -> int:
        raise RuntimeError("a bug")

    status = run_command(argparse.Namespace(handler=broken, db=str(tmp_path / "org.db")))
    assert status == 1 and "an unexpected error stopped the command (a bug)" in capsys.readouterr().err


def test_a_reader_that_goes_away_ends_the_listing_quietly(tmp_path: Path) -> None:
    import subprocess
    import sys

    from app.db.database import Database
    from app.services.projects import create_project
    from app.services.setup import initialise

    db = tmp_path / "org.db"
    database = Database(db)
    initialise(database)
    for number in range(600):  # ~150 KB of JSON: more than a pipe holds, so the writer meets the closed end
        create_project(database, name=f"Project {number:03d}", description="x" * 100)
    database.dispose()
    listing = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "--db", str(db), "audit", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert listing.stdout is not None and listing.stderr is not None
    listing.stdout.read(10)
    listing.stdout.close()  # as `| head -c 10` does
    status = listing.wait(timeout=60)
    err = listing.stderr.read().decode()
    assert status == 0 and "unexpected error" not in err and "Traceback" not in err


def test_a_file_with_more_problems_than_are_listed_is_refused_with_the_whole_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.io.matrix_long as matrix_long
    from app.cli import main

    monkeypatch.setattr(matrix_long, "KEPT_PROBLEMS", 3)
    path = tmp_path / "levels.csv"
    rows = [f"nobody{number}@example.org,Python,3,2026-06-01,manager" for number in range(5)]  # 2 problems each
    path.write_text("email,skill,level,date,source\n" + "\n".join(rows) + "\n", encoding="utf-8")
    status = main(["--db", str(tmp_path / "org.db"), "import", str(path)])
    captured = capsys.readouterr()
    assert status == 1
    assert captured.out.count("Row ") == 3  # the first problems listed, all of them counted
    assert "fix the 10 problems above" in captured.err
