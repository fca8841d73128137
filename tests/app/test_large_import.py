"""A long skills-matrix file imports in bounded memory, as one transaction that a cancel undoes entirely.

The 50,000-row file runs through the real ``steward import`` under a 1 GiB address-space
limit (``prlimit --as``), as the million-row benchmark does (``bench/matrix_import.py``);
``STEWARD_MILLION_ROWS=1`` runs the million rows here too (a minute or two).
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.db.database import Database
from app.io.matrix_file import ImportCancelled, PlannedAssessments, apply_import, describe_plan, plan_import
from app.services import people

ADDRESS_SPACE = 1024 * 1024 * 1024  # 1 GiB
PEOPLE = 50
DATES = 25  # per person and skill: 50 people × 40 skills × 25 dates = 50,000 rows


def write_long_file(database: Database, path: Path, *, dates: int = DATES, seed: int = 3) -> int:
    """A long-layout CSV with ``dates`` dated levels of every active person in every skill; its rows."""
    reader = database.reader()
    emails = [row[0] for row in reader.rows("SELECT email FROM person WHERE erased_on IS NULL ORDER BY id")]
    skills = [row[0] for row in reader.rows("SELECT name FROM skill WHERE NOT retired ORDER BY id")]
    random_levels = random.Random(seed)
    first = date(2024, 1, 1)
    written = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["E-mail", "Skill", "Level", "Date", "Source"])
        for email in emails:
            for skill in skills:
                for day in range(dates):
                    level = random_levels.randint(0, 4)
                    source = ("self", "manager", "certified")[day % 3]
                    out.writerow([email, skill, level, (first + timedelta(days=7 * day)).isoformat(), source])
                    written += 1
    return written


@pytest.fixture
def staff(database: Database) -> Database:
    for number in range(PEOPLE):
        people.create_person(database, name=f"Person {number}", email=f"person{number}@example.org", department="IT")
    return database


def content(database: Database) -> tuple[list[tuple], list[tuple], int]:
    """What an import could change: the assessments, the people and the number of audit events."""
    reader = database.reader()
    return (
        reader.rows("SELECT id, person_id, skill_id, level, assessed_on, source, note FROM assessment ORDER BY id"),
        reader.rows("SELECT id, email, name FROM person ORDER BY id"),
        reader.scalar("SELECT count(*) FROM audit_event"),
    )


def integrity(path: Path) -> list[str]:
    import sqlite3

    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("PRAGMA integrity_check")] + [
            str(row) for row in connection.execute("PRAGMA foreign_key_check")
        ]


def prlimit() -> str:
    found = shutil.which("prlimit")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("prlimit (util-linux) is missing, so the bounded-memory import cannot be checked")
        pytest.skip("prlimit (util-linux) is not installed")
    return found


def steward_import(database: Path, file: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """``steward --db DATABASE import FILE`` under the 1 GiB address-space limit."""
    steward = Path(sys.executable).with_name("steward")
    return subprocess.run(
        [prlimit(), f"--as={ADDRESS_SPACE}", str(steward), "--db", str(database), "import", str(file), *extra],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_a_long_file_imports_under_a_1_gib_address_space_as_one_audited_change(staff: Database, tmp_path: Path) -> None:
    rows = write_long_file(staff, tmp_path / "long.csv")
    assert rows == 50_000
    before_assessments, before_people, before_events = content(staff)
    dry = steward_import(staff.sqlite_path, tmp_path / "long.csv", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    summary = dry.stdout.splitlines()[0]
    assert summary.startswith("0 new people, ") and summary.endswith(" unchanged")
    assert content(staff) == (before_assessments, before_people, before_events)

    done = steward_import(staff.sqlite_path, tmp_path / "long.csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [summary, f"Imported {tmp_path / 'long.csv'}."]
    new = int(summary.split(", ")[1].split()[0])
    assessments, people_after, events = content(staff)
    assert len(assessments) == len(before_assessments) + new > 35_000
    assert people_after == before_people
    assert events == before_events + 1  # one audit event for the whole import, not one per level
    (after,) = staff.reader().rows("SELECT after FROM audit_event ORDER BY id DESC LIMIT 1")[0]
    assert json.loads(after) == {"new_people": 0, "assessments": new, "people": PEOPLE, "skills": 40}
    assert integrity(staff.sqlite_path) == ["ok"]
    assert (
        describe_plan(plan_import(staff, tmp_path / "long.csv")) == f"0 new people, 0 new assessments, {rows} unchanged"
    )


def test_a_plan_holds_its_levels_as_numbers_not_one_object_each(
    staff: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.io.matrix_long

    # Ten parts, as a million rows are twenty: the cells of one part at a time, never of the whole file.
    monkeypatch.setattr(app.io.matrix_long, "PART_ROWS", 5_000)
    rows = write_long_file(staff, tmp_path / "long.csv")
    tracemalloc.start()
    try:
        plan = plan_import(staff, tmp_path / "long.csv")
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert plan.ok and len(plan.new_assessments) > 35_000
    assert isinstance(plan.new_assessments, PlannedAssessments)
    # A grid of the whole file takes ~350 bytes a row, one tuple per planned level ~300 more: neither is made.
    assert held < 100 * rows, f"the plan holds {held / rows:.0f} bytes a row"
    assert peak < 500 * rows, f"planning peaked at {peak / rows:.0f} bytes a row"
    first = plan.new_assessments[0]
    assert (first.row, first.email, first.skill, first.assessed_on) == (
        2,
        "person0@example.org",
        first.skill,
        date(2024, 1, 1),
    )
    assert plan.new_assessments[-1].row == rows + 1


def test_cancelling_half_way_writes_nothing(staff: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.services.skills.matrix_import as matrix_import

    monkeypatch.setattr(matrix_import, "INSERT_BATCH_ROWS", 5_000)
    write_long_file(staff, tmp_path / "long.csv")
    plan = plan_import(staff, tmp_path / "long.csv")
    before = content(staff)
    heard: list[tuple[int, int]] = []

    def cancel_half_way(done: int, total: int) -> bool:
        heard.append((done, total))
        return done < total // 2

    with pytest.raises(ImportCancelled, match="The import was cancelled; nothing was written"):
        apply_import(staff, plan, progress=cancel_half_way)
    total = len(plan.new_assessments)
    assert heard[0] == (5_000, total) and heard[-1][0] >= total // 2 and heard[-1][0] < total
    assert content(staff) == before
    assert integrity(staff.sqlite_path) == ["ok"]

    heard.clear()
    apply_import(staff, plan, progress=lambda done, total: heard.append((done, total)) is None)
    assert heard[-1] == (total, total)
    assert [done for done, _total in heard] == sorted({done for done, _total in heard})
    assert len(content(staff)[0]) == len(before[0]) + total


def test_a_file_of_many_problems_keeps_the_first_and_counts_them_all(staff: Database, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["E-mail", "Skill", "Level"])
        out.writerows([f"nobody{number}@example.org", "Threat modelling", "2"] for number in range(12_000))
    plan = plan_import(staff, path)
    assert plan.problem_count == 12_000 and len(plan.errors) == 10_000
    assert [problem.row for problem in plan.errors[:3]] == [2, 3, 4]
    lines = describe_plan(plan).splitlines()
    assert lines[0].startswith("Row 2, column 1 (E-mail): No one in Steward has the e-mail nobody0@example.org")
    assert lines[-1] == "... and 11900 more problems."
    with pytest.raises(Exception, match=r"\(and 11999 more problems\)"):
        apply_import(staff, plan)


@pytest.mark.skipif(not os.environ.get("STEWARD_MILLION_ROWS"), reason="the long form: STEWARD_MILLION_ROWS=1")
def test_a_million_rows_import_under_a_1_gib_address_space(tmp_path: Path) -> None:
    from bench.matrix_import import build_million

    database, file = build_million(tmp_path)
    done = steward_import(database, file)
    assert done.returncode == 0, done.stderr
    assert integrity(database) == ["ok"]
