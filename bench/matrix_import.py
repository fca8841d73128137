"""Import of a long-layout skills matrix of 1,000,000 assessments into the large demo, in bounded memory.

Subject: ``steward --db COPY import big.csv`` (check, compare with the history, write in
one transaction) under a 1 GiB address-space limit (``prlimit --as``), on a fresh copy
of the large demo (5,000 people × 300 skills, ~440k assessments); its peak resident
memory is the child's own (``os.wait4``). Floor: the rows that import writes, inserted
by ``executemany`` in the same order into a fresh copy of the same database with
Steward's pragmas, in one transaction: what any import of them cannot avoid. Target:
3x. One round each (a round is a minute or more).
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.common import build_demo, report

ROWS = 1_000_000
ADDRESS_SPACE = 1024 * 1024 * 1024  # 1 GiB
FIRST_DAY = date(2024, 1, 1)


def write_long_file(database: Path, path: Path, *, rows: int = ROWS, seed: int = 7) -> Path:
    """A long-layout CSV of ``rows`` levels of distinct people and skills, dated over the last three years."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        emails = [row[0] for row in connection.execute("SELECT email FROM person WHERE erased_on IS NULL ORDER BY id")]
        skills = [row[0] for row in connection.execute("SELECT name FROM skill WHERE NOT retired ORDER BY id")]
    chance = random.Random(seed)
    first = FIRST_DAY.toordinal()
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["E-mail", "Skill", "Level", "Date", "Source"])
        for pair in chance.sample(range(len(emails) * len(skills)), rows):
            person, skill = divmod(pair, len(skills))
            out.writerow(
                [
                    emails[person],
                    skills[skill],
                    chance.randint(0, 4),
                    date.fromordinal(first + chance.randrange(1_000)).isoformat(),
                    chance.choice(("self", "manager", "certified")),
                ]
            )
    return path


def build_million(folder: Path) -> tuple[Path, Path]:
    """The large demo in ``folder`` and a million-row long file for it."""
    database = Path(build_demo(str(folder), scale="large"))
    return database, write_long_file(database, folder / "assessments.csv")


def timed_import(database: Path, file: Path) -> tuple[float, int]:
    """Seconds and peak resident kilobytes of ``steward import`` under the address-space limit."""
    prlimit = shutil.which("prlimit")
    if prlimit is None:
        raise SystemExit("prlimit (util-linux) is needed to hold the import to 1 GiB of address space")
    steward = Path(sys.executable).with_name("steward")
    command = [prlimit, f"--as={ADDRESS_SPACE}", str(steward), "--db", str(database), "import", str(file)]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        assert child.stderr is not None
        raise SystemExit(f"the import failed: {child.stderr.read().decode(errors='replace').strip()}")
    return elapsed, usage.ru_maxrss


def floor_insert(database: Path, file: Path) -> tuple[float, int]:
    """Seconds to insert the rows the import writes with ``executemany`` (the rows found by a plan, untimed)."""
    from app.db.database import Database
    from app.db.sqlite import SQLITE_PRAGMAS
    from app.io.matrix_file import PlannedAssessments, plan_import

    steward = Database(database)
    plan = plan_import(steward, file)
    steward.dispose()
    assert isinstance(plan.new_assessments, PlannedAssessments) and plan.ok
    levels = plan.new_assessments.levels
    sources = ("manager", "self", "manager", "certified")  # index 0: the import's default source
    rows = list(
        zip(
            levels.person.tolist(),
            levels.skill.tolist(),
            levels.level.tolist(),
            [date.fromordinal(day).isoformat() for day in levels.day.tolist()],
            [sources[source] for source in levels.source.tolist()],
            [""] * len(levels.row),
            strict=True,
        )
    )
    connection = sqlite3.connect(database, isolation_level=None)
    for pragma in SQLITE_PRAGMAS:
        connection.execute(pragma)
    started = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        "INSERT INTO assessment (person_id, skill_id, level, assessed_on, source, note) VALUES (?, ?, ?, ?, ?, ?)", rows
    )
    connection.execute("COMMIT")
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed, len(rows)


def run() -> bool:
    with tempfile.TemporaryDirectory(prefix="steward-bench-") as folder:
        database, file = build_million(Path(folder))
        subject_copy, floor_copy = Path(folder) / "subject.db", Path(folder) / "floor.db"
        shutil.copyfile(database, subject_copy)
        shutil.copyfile(database, floor_copy)
        floor, written = floor_insert(floor_copy, file)
        subject, peak_kb = timed_import(subject_copy, file)
        with sqlite3.connect(subject_copy) as connection:
            held = connection.execute("SELECT count(*) FROM assessment").fetchone()[0]
        with sqlite3.connect(floor_copy) as connection:
            assert held == connection.execute("SELECT count(*) FROM assessment").fetchone()[0], "not the same rows"
    within = report(f"import of {ROWS:,} assessments (long CSV, large demo)", subject, floor, target=3.0)
    print(
        f"{'':<44} peak memory {peak_kb / 1024:,.0f} MB resident, under a {ADDRESS_SPACE // 2**20:,} MB "
        f"address-space limit; {written:,} levels written"
    )
    return within


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
