"""The whole large demo out and back in: ``steward export`` and ``steward import`` to and from JSON and XLSX.

Subjects: the real commands, as a user runs them (a process each, so its peak
memory is its own): ``steward export large.json`` (and ``.xlsx``), then
``steward --db new.db import`` of that file into a database fresh from
``steward init``. Floors, measured in the same run on the same rows, are what
each direction cannot avoid doing:

- JSON export: every row read with raw ``sqlite3`` and written with one
  ``json.dumps`` per chunk of rows (plain arrays of the stored values);
- XLSX export: the same rows appended, as stored, to an openpyxl write-only
  workbook and saved;
- JSON import: the file parsed by ``json.load`` (C, all at once) and its rows
  inserted by ``executemany`` into an empty schema in one transaction;
- XLSX import: every sheet read by openpyxl's read-only workbook and its rows
  inserted the same way.

For scale, the SQLite online backup of the same file is printed beside them.
Target: 3x each (the subjects parse and check every value, convert it to what
the models store, and keep memory flat; the floors do none of that).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from bench.common import build_demo, report

TARGET = 3.0
CHUNK = 5_000


# Runs a command and prints its peak resident memory in KiB. A process of its own, small: a child forked
# from the benchmark itself would count the benchmark's memory (the floors' whole-file reads) as its own.
_PEAK = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def _run(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds and peak resident memory (MiB) of one command."""
    started = time.perf_counter()
    finished = subprocess.run(
        [sys.executable, "-c", _PEAK, *command], env=env, check=True, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    return elapsed, int(finished.stdout.split()[-1]) // 1024


def _tables(connection: sqlite3.Connection) -> list[str]:
    from app.io.database_file.columns import table_specs

    return [table.name for table in table_specs()]


def _chunks(connection: sqlite3.Connection, table: str) -> Iterator[list[tuple[Any, ...]]]:
    cursor = connection.execute(f"SELECT * FROM {table} ORDER BY 1")
    while rows := cursor.fetchmany(CHUNK):
        yield rows


def _json_export_floor(database: Path, target: Path) -> float:
    started = time.perf_counter()
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    with target.open("w", encoding="utf-8") as handle:
        for table in _tables(connection):
            for rows in _chunks(connection, table):
                handle.write(json.dumps(rows))
    connection.close()
    return time.perf_counter() - started


def _xlsx_export_floor(database: Path, target: Path) -> float:
    from openpyxl import Workbook

    started = time.perf_counter()
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    workbook = Workbook(write_only=True)
    for table in _tables(connection):
        sheet = workbook.create_sheet(table[:31])
        for rows in _chunks(connection, table):
            for row in rows:
                sheet.append(row)
    workbook.save(target)
    connection.close()
    return time.perf_counter() - started


def _insert_all(empty: Path, tables: Iterator[tuple[str, list[tuple[Any, ...]]]]) -> None:
    connection = sqlite3.connect(empty, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("PRAGMA defer_foreign_keys=ON")
    for name in ("level_descriptor", "skill", "skill_area", "setting"):
        connection.execute(f"DELETE FROM {name}")
    connection.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    connection.execute("DELETE FROM audit_event")
    for table, rows in tables:
        if rows:
            marks = ", ".join("?" for _ in rows[0])
            connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    connection.execute("COMMIT")
    connection.close()


def _json_import_floor(source: Path, empty: Path) -> float:
    started = time.perf_counter()
    with source.open(encoding="utf-8") as handle:
        document = json.load(handle)
    _insert_all(empty, ((name, [tuple(row.values()) for row in rows]) for name, rows in document["tables"].items()))
    return time.perf_counter() - started


def _xlsx_import_floor(source: Path, empty: Path) -> float:
    from openpyxl import load_workbook

    started = time.perf_counter()
    workbook = load_workbook(source, read_only=True, data_only=True)
    from app.io.database_file.columns import Kind
    from app.io.database_file.workbook import table_of_sheet

    def tables() -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
        for sheet in workbook.worksheets[1:]:
            table = table_of_sheet(sheet.title)
            # What an empty cell must be in a column that needs a value: the empty text.
            empty = ["" if column.kind is Kind.TEXT and not column.nullable else None for column in table.columns]
            rows = sheet.iter_rows(values_only=True)
            next(rows, None)
            yield (
                table.name,
                [
                    tuple(
                        value.isoformat() if isinstance(value, date) else blank if value is None else value
                        for value, blank in zip((*row, *[None] * (len(empty) - len(row))), empty, strict=True)
                    )
                    for row in rows
                ],
            )

    _insert_all(empty, tables())
    workbook.close()
    return time.perf_counter() - started


def run(suffixes: tuple[str, ...] = (".json", ".xlsx")) -> bool:
    """Both forms (``python -m bench.database_export .json`` for one)."""
    from app.db.schema import backup_sqlite

    results = []
    with tempfile.TemporaryDirectory(prefix="steward-bench-") as folder:
        env = {**os.environ, "XDG_CONFIG_HOME": folder, "XDG_DATA_HOME": folder, "XDG_STATE_HOME": folder}
        env["STEWARD_BACKUP_DIR"] = folder
        database = Path(build_demo(folder, scale="large"))
        steward = str(Path(sys.executable).with_name("steward"))
        started = time.perf_counter()
        backup_sqlite(database, Path(folder) / "copy.db")
        backup = time.perf_counter() - started
        rows = sum(
            sqlite3.connect(database).execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in _tables(sqlite3.connect(database))
        )
        print(f"  large demo: {rows:,} rows; SQLite online backup of the file: {backup:.3f} s")
        forms = {".json": (_json_export_floor, _json_import_floor), ".xlsx": (_xlsx_export_floor, _xlsx_import_floor)}
        for suffix in suffixes:
            export_floor, import_floor = forms[suffix]
            path = Path(folder) / f"large{suffix}"
            floor = export_floor(database, Path(folder) / f"floor{suffix}")
            subject, memory = _run([steward, "--db", str(database), "export", str(path)], env)
            size = path.stat().st_size / 2**20
            results.append(
                report(
                    f"export large demo to {suffix} ({size:,.0f} MB, {memory} MiB peak)", subject, floor, target=TARGET
                )
            )
            floor_db, new_db = Path(folder) / f"floor{suffix}.db", Path(folder) / f"new{suffix}.db"
            for empty in (floor_db, new_db):
                subprocess.run([steward, "--db", str(empty), "init"], env=env, check=True, stdout=subprocess.DEVNULL)
            floor = import_floor(path, floor_db)
            subject, memory = _run([steward, "--db", str(new_db), "import", str(path)], env)
            results.append(
                report(f"import large demo from {suffix} ({memory} MiB peak)", subject, floor, target=TARGET)
            )
    return all(results)


if __name__ == "__main__":
    sys.exit(0 if run(tuple(sys.argv[1:]) or (".json", ".xlsx")) else 1)
