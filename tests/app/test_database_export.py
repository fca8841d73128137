"""The whole database out and back in: every table, every row, every column, through JSON and XLSX.

A round trip exports the demo organisation (with edits, so the audit trail holds
before and after values and an erasure) and imports it into a database fresh from
``steward init``; the two databases then hold the same rows, compared both as the
models read them and as SQLite stores them. The organisation exported is on SQLite
and on PostgreSQL (the way off a server is a file); the import is into a SQLite file.
Refusals (a database with data, another schema, damaged and foreign files) are one
sentence naming the file, and write nothing.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.db.database import Database
from app.db.migrations import HEAD
from app.errors import UserError
from app.io.database_file import (
    database_is_empty,
    export_database,
    import_database,
    json_file,
    looks_like_database_file,
    workbook,
)
from app.io.database_file.columns import table_specs
from app.io.database_file.values import to_json
from app.services.setup import initialise

pytestmark = pytest.mark.both_backends

NASTY_TEXTS = (
    '=HYPERLINK("https://evil.example", "click")',
    "+1+2",
    "-3",
    "@SUM(A1)",
    "#N/A",
    "\tleading tab",
    "\r\ncarriage return first",
    "line one\r\nline two",
    "_x000D_ looks like an escape",
    "bell \x07 and form feed \x0c",
    "0012",
    "  spaced  ",
    "ünïcödé — 漢字 😀",
)


def logical_dump(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows as the models read them (Decimal, date, UTC datetime, bool), sorted by primary key."""
    from sqlalchemy import select

    from models.tables import metadata

    with database.engine.connect() as connection:
        return {
            table.name: [tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key.columns))]
            for table in metadata.sorted_tables
        }


def stored_dump(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows exactly as SQLite stores them (the reader gives a server's rows in the same form)."""
    reader = database.reader()
    return {
        table.name: reader.rows(
            f"SELECT {', '.join(table.column_names)} FROM {table.name} ORDER BY {', '.join(table.primary_key)}"
        )
        for table in table_specs()
    }


def raw_sql(database: Database, *statements: str) -> None:
    """Write test data past the services, as only a test may (values no service would let through)."""
    from sqlalchemy import text

    with database.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


@pytest.fixture
def edited(demo: Database) -> Database:
    """The demo after a few edits through the services: updates, a person created, one erased."""
    from app.services.people import create_person, erase_person, update_person
    from app.services.projects import update_project

    update_project(demo, 1, {"description": "Scoring card payments, with a kill switch."})
    created = create_person(demo, name="=cmd|' /C calc'!A0", email="formula@example.org", department="Security")
    update_person(demo, created.ids[0], {"title": "@Analyst", "capacity_fte": 0.5})
    erase_person(demo, 2, reason="privacy request 17")
    return demo


@pytest.fixture
def empty(tmp_path: Path) -> Database:
    """A database as `steward init` leaves it: the schema and the default taxonomy."""
    target = Database(tmp_path / "empty.db")
    initialise(target)
    return target


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_the_round_trip_reproduces_every_row_of_every_table(
    edited: Database, empty: Database, out: Path, suffix: str
) -> None:
    path = out / f"everything{suffix}"
    exported = export_database(edited, path)
    assert looks_like_database_file(path)
    imported = import_database(empty, path)
    assert imported.counts == exported.counts
    assert imported.counts["audit_event"] >= 5 and imported.counts["assessment"] > 1_000
    assert logical_dump(empty) == logical_dump(edited)
    assert stored_dump(empty) == stored_dump(edited)


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_awkward_values_survive_exactly(demo: Database, empty: Database, out: Path, suffix: str) -> None:
    """Text a spreadsheet would run or mangle, amounts and floats past a spreadsheet's 15 digits, nulls."""
    statements = [
        f"UPDATE person SET title = '{text.replace(chr(39), chr(39) * 2)}' WHERE id = {index + 1}"
        for index, text in enumerate(NASTY_TEXTS)
    ]
    raw_sql(
        demo,
        *statements,
        "UPDATE budget_line SET planned = 1234567890123456789, actual = -5 WHERE id = 1",
        "UPDATE backlog_item SET rank = 0.30000000000000004 WHERE id = 1",
        "UPDATE backlog_item SET rank = 1e300 WHERE id = 2",
        "UPDATE policy_version SET text = '' WHERE id = 1",
    )
    path = out / f"awkward{suffix}"
    export_database(demo, path)
    import_database(empty, path)
    assert stored_dump(empty) == stored_dump(demo)
    titles = [row[4] for row in stored_dump(empty)["person"][: len(NASTY_TEXTS)]]
    assert titles == list(NASTY_TEXTS)


def test_text_that_looks_like_a_formula_is_a_string_cell_in_the_workbook(edited: Database, out: Path) -> None:
    raw_sql(edited, "UPDATE person SET title = '=1+1' WHERE id = 1")
    path = out / "everything.xlsx"
    export_database(edited, path)
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert not any("<f>" in sheet or "<f " in sheet for sheet in sheets)
    assert any('t="inlineStr"><is><t>=1+1</t>' in sheet for sheet in sheets)


# Any text at all, a formula's start most of all; written and read back it is the same text, in a string cell.
@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.text(), st.sampled_from(NASTY_TEXTS), st.from_regex(r"[=+\-@\t\r\n#].*")), max_size=6))
def test_any_text_round_trips_through_a_workbook_as_a_string_cell(texts: list[str]) -> None:
    import io

    from openpyxl import Workbook, load_workbook

    table = next(table for table in table_specs() if table.name == "setting")  # two text columns
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Setting")
    writer = workbook._CellWriter(sheet, table)
    pairs = [(text, text[::-1]) for text in texts if len(text) <= workbook.CELL_CHARACTERS]
    for pair in pairs:
        sheet.append(writer.row(pair))
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and 't="str"' not in xml and 't="e"' not in xml
    rows = list(load_workbook(buffer, read_only=True)["Setting"].iter_rows(values_only=True))
    read = [
        tuple(
            workbook.cell_value(column.kind, column.nullable, value)
            for column, value in zip(table.columns, row, strict=False)
        )
        for row in rows
    ]
    assert read == [tuple(pair) for pair in pairs]


def test_a_table_longer_than_a_sheet_continues_on_the_next(
    demo: Database, empty: Database, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook, "SHEET_ROWS", 301)  # 300 rows a sheet; the demo has about 1,000 assessments
    path = out / "everything.xlsx"
    export_database(demo, path)
    from openpyxl import load_workbook

    names = load_workbook(path, read_only=True).sheetnames
    assert names[0] == "About" and "Assessment" in names and "Assessment (4)" in names
    import_database(empty, path)
    assert logical_dump(empty) == logical_dump(demo)


def test_the_json_file_is_one_key_per_table_with_types_as_documented(edited: Database, out: Path) -> None:
    import pandas as pd

    path = out / "everything.json"
    export_database(edited, path)
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    assert data["format"] == "steward-database" and data["format_version"] == 1
    assert data["schema_revision"] == HEAD and re.match(r"\d{4}-\d\d-\d\dT", data["exported_at"])
    assert set(data["tables"]) == {table.name for table in table_specs()}
    assert {name: len(rows) for name, rows in data["tables"].items()} == data["row_counts"]
    person = data["tables"]["person"][0]
    assert isinstance(person["cost_rate"], str) and Decimal(person["cost_rate"]) > 0
    assert isinstance(person["active"], bool) and isinstance(person["capacity_fte"], float)
    event = data["tables"]["audit_event"][-1]
    assert event["at"].endswith("+00:00") and event["action"] == "erased"
    people = pd.DataFrame(data["tables"]["person"])  # docs/export-format.md: how to read it with pandas
    assert len(people) == len(logical_dump(edited)["person"])


def test_each_row_is_written_as_json_dumps_would_write_it(edited: Database, out: Path) -> None:
    from app.io.database_file.snapshot import snapshot

    raw_sql(edited, "UPDATE person SET title = '}, {\"id\": 7, line\nbreak' WHERE id = 3")
    with snapshot(edited) as source:
        for table in source.tables:
            encode = json_file.ChunkEncoder(table)
            for stored_rows, rows in zip(source.chunks(table, stored=True), source.chunks(table), strict=True):
                lines = encode(stored_rows).split(json_file.ROW_SEPARATOR)
                assert len(lines) == len(rows)
                for line, row in zip(lines, rows, strict=True):
                    values = {
                        column.name: to_json(column.kind, value)
                        for column, value in zip(table.columns, row, strict=True)
                    }
                    assert line == json.dumps(values, ensure_ascii=False)


def test_a_json_file_laid_out_differently_still_imports(
    edited: Database, empty: Database, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reformatted by another tool (sorted keys, indented), and read through a tiny buffer."""
    path = out / "everything.json"
    export_database(edited, path)
    reformatted = out / "reformatted.json"
    reformatted.write_text(json.dumps(json.loads(path.read_text("utf-8")), indent=4, sort_keys=True), "utf-8")
    monkeypatch.setattr(json_file, "READ_CHUNK_CHARS", 97)
    import_database(empty, reformatted)
    assert logical_dump(empty) == logical_dump(edited)


def test_a_dry_run_checks_everything_and_writes_nothing(edited: Database, empty: Database, out: Path) -> None:
    path = out / "everything.json"
    export_database(edited, path)
    before = stored_dump(empty)
    summary = import_database(empty, path, dry_run=True)
    assert summary.total_rows == sum(len(rows) for rows in logical_dump(edited).values())
    assert stored_dump(empty) == before and database_is_empty(empty)


@pytest.mark.sqlite_only(reason="a whole-database file is imported into a SQLite file only (a server is refused below)")
def test_a_database_with_data_is_refused_and_left_alone(edited: Database, out: Path) -> None:
    path = out / "everything.json"
    export_database(edited, path)
    before = stored_dump(edited)
    assert not database_is_empty(edited)
    with pytest.raises(UserError, match=r"is not empty \(it holds .*person rows"):
        import_database(edited, path)
    assert stored_dump(edited) == before


def test_a_database_whose_audit_trail_records_changes_is_not_empty(empty: Database, demo: Database, out: Path) -> None:
    from app.services.skills import rename_area

    path = out / "everything.json"
    export_database(demo, path)
    assert database_is_empty(empty)
    rename_area(empty, 1, "Data science and statistics")
    with pytest.raises(UserError, match="is not empty .*audit trail of 1 change"):
        import_database(empty, path)


@pytest.fixture(scope="module")
def demo_json(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The small demo's whole-database JSON, made once for the tests that damage a copy of it."""
    from app.demo.generator import fill_demo
    from tests.app.report_files import TODAY

    folder = tmp_path_factory.mktemp("demo-json")
    source = Database(folder / "demo.db")
    initialise(source)
    fill_demo(source, today=TODAY)
    export_database(source, folder / "demo.json")
    source.dispose()
    return (folder / "demo.json").read_text("utf-8")


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        (lambda text: text.replace(f'"schema_revision": "{HEAD}"', '"schema_revision": "0002"'), "of schema 0002"),
        (lambda text: text.replace('"format_version": 1', '"format_version": 7'), "version 7 of the format"),
        (lambda text: text[: len(text) // 2], "not well-formed JSON"),
        (lambda text: re.sub(r'"level": 3,', '"level": "high",', text, count=1), "column level: 'high' is not a whole"),
        (
            lambda text: re.sub(r'"cost_rate": "[\d.]+"', '"cost_rate": "12.345"', text, count=1),
            "more than two decimal",
        ),
        (lambda text: re.sub(r'"assessed_on": "[^"]+"', '"assessed_on": "yesterday"', text, count=1), "not a day"),
        (lambda text: re.sub(r'"source": "\w+"', '"source": "rumour"', text, count=1), "'rumour' is not one of"),
        (
            lambda text: re.sub(r'"person_id": \d+, "skill_id"', '"person_id": 99999, "skill_id"', text, count=1),
            "refers to a person",
        ),
        (lambda text: re.sub(r'"assessment": \d+', '"assessment": 3', text, count=1), "header says 3"),
        (lambda text: re.sub(r', "note": ""\}', "}", text, count=1), "has no column note"),
        (lambda text: text.replace('"sprint_commitment": [', '"sprint_commitments": ['), "table 'sprint_commitments'"),
        (
            lambda text: re.sub(r'"email": "([^"]+)"', '"email": "amara.okafor@example.org"', text, count=2),
            "breaks a rule",
        ),
    ],
)
def test_a_damaged_file_is_one_sentence_and_writes_nothing(
    demo_json: str, empty: Database, out: Path, change: Callable[[str], str], sentence: str
) -> None:
    path = out / "changed.json"
    path.write_text(change(demo_json), "utf-8")
    before = stored_dump(empty)
    with pytest.raises(UserError) as refused:
        import_database(empty, path)
    message = str(refused.value)
    assert message.startswith(f"{path} cannot be imported: ") and message.endswith("; nothing was imported.")
    assert sentence in message
    assert "\n" not in message
    assert stored_dump(empty) == before


@pytest.mark.parametrize(
    ("content", "sentence"),
    [
        (b"[1, 2, 3]", "does not start with a JSON object"),
        (b'{"name": "a report", "rows": []}', "it holds 'name', which Steward's files do not"),
        (b'{"format": "someone-else", "tables": {}}', "its format is not 'steward-database'"),
        (b"\xff\xfe\x00garbage", "not UTF-8 text"),
        (b"", "does not start with a JSON object"),
        (b"PK\x03\x04 not really a zip", "cannot be read as an Excel workbook"),
    ],
)
def test_a_foreign_file_is_one_sentence(empty: Database, out: Path, content: bytes, sentence: str) -> None:
    path = out / ("foreign.xlsx" if content.startswith(b"PK") else "foreign.json")
    path.write_bytes(content)
    with pytest.raises(UserError, match=re.escape(sentence)):
        import_database(empty, path)
    assert database_is_empty(empty)


def test_a_workbook_that_is_not_a_database_file_is_told_apart(demo: Database, empty: Database, out: Path) -> None:
    from app.io.matrix_file import export_matrix

    matrix = out / "matrix.xlsx"
    export_matrix(demo, matrix)
    assert not looks_like_database_file(matrix)
    with pytest.raises(UserError, match="has no About sheet"):
        import_database(empty, matrix)


def test_export_refuses_what_it_cannot_write(demo: Database, tmp_path: Path, out: Path) -> None:
    with pytest.raises(UserError, match="as .json or .xlsx"):
        export_database(demo, out / "everything.csv")
    with pytest.raises(UserError, match="no database"):
        export_database(Database(tmp_path / "missing.db"), out / "everything.json")
    assert list(out.iterdir()) == []


def test_a_text_longer_than_a_cell_refuses_the_workbook_and_leaves_no_file(demo: Database, out: Path) -> None:
    raw_sql(demo, f"UPDATE policy_version SET text = '{'x' * 40_000}' WHERE id = 3")
    with pytest.raises(UserError, match="policy_version .*row 3.* export to .json instead"):
        export_database(demo, out / "everything.xlsx")
    assert list(out.iterdir()) == []


LARGE_XLSX = pytest.mark.skipif(
    not os.environ.get("STEWARD_LARGE_ROUND_TRIP"), reason="set STEWARD_LARGE_ROUND_TRIP=1 (the workbook takes minutes)"
)


@pytest.mark.slow
@pytest.mark.sqlite_only(
    reason="half a million rows inserted one by one take minutes on a server; a COPY load would not"
)
@pytest.mark.parametrize("suffix", [".json", pytest.param(".xlsx", marks=LARGE_XLSX)])
def test_the_large_demo_round_trips(database: Database, empty: Database, out: Path, suffix: str) -> None:
    from app.demo.generator import fill_demo

    fill_demo(database, scale="large")
    path = out / f"large{suffix}"
    export_database(database, path)
    import_database(empty, path)
    assert stored_dump(empty) == stored_dump(database)


def test_a_whole_database_file_is_imported_into_a_sqlite_file_not_a_server(
    demo: Database, database: Database, backend: str, out: Path
) -> None:
    if backend != "postgresql":
        pytest.skip("a SQLite file is where the file goes; the tests above import into one")
    path = out / "everything.json"
    export_database(demo, path)
    before = stored_dump(database)
    with pytest.raises(UserError, match="imported into a SQLite file"):
        import_database(database, path)
    assert stored_dump(database) == before
