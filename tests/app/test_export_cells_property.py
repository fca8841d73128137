"""No export of Steward's ever carries a live formula, whatever the text in it; numbers stay numbers.

"A formula cell" means, precisely:

- in an XLSX, read back with openpyxl: a cell of data type ``"f"`` (a ``<f>`` element), or a text
  cell starting with a formula trigger (``=``, ``+``, ``-``, ``@``, tab, CR, LF) that lacks the
  quote-prefix style (Excel and LibreOffice would run it as soon as someone edits the cell), or
  text read as an error value (``#N/A``);
- in a CSV, read back with the ``csv`` module: a field that starts with a trigger and is not a
  plain number (the OWASP apostrophe makes formula-like text start with ``'``).

Arbitrary text (any Unicode, control characters included) goes through every writer: the
skills-matrix export in both layouts, the shared workbook and CSV writers of the reports with
arbitrary rows, and each report's own renderers with every name in its document replaced.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from itertools import cycle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from app.db.database import Database
from app.demo.generator import fill_demo
from app.files import FORMULA_STARTS, LITERAL_PREFIX
from app.io.matrix_export import export_matrix
from app.reports.budget import build_budget_report
from app.reports.budget import sheets as budget_sheets
from app.reports.gaps import build_gap_report
from app.reports.gaps import sheets as gap_sheets
from app.reports.output import csv_bytes
from app.reports.policy import build_policy_report
from app.reports.policy import sheets as policy_sheets
from app.reports.workbook import workbook_bytes
from app.services import people
from app.services.setup import initialise
from app.services.skills import record_assessment, rename_skill
from tests.app.report_files import TODAY

EXAMPLES = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
# Text as people paste it, and text as an attacker writes it: formula starts and spreadsheet error words.
HOSTILE = st.sampled_from(
    ['=HYPERLINK("http://evil.example","click")', "+1+2", "-2+3", "@SUM(A1:A2)", "=1", "#N/A", "-", "="]
)
TEXT = st.one_of(HOSTILE, st.builds(str.__add__, st.sampled_from(FORMULA_STARTS), st.text(max_size=20)), st.text())
NUMBER = st.one_of(
    st.integers(min_value=-(2**53), max_value=2**53),
    # A workbook holds a float to 16 significant digits (openpyxl writes it so; a spreadsheet shows 15), so the
    # very largest doubles would round past the largest one, to infinity: no figure of Steward comes near.
    st.floats(min_value=-1e300, max_value=1e300, allow_nan=False, width=64),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**12), max_value=10**12),
)
VALUE = st.one_of(TEXT, NUMBER, st.dates(), st.none())
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def _cells(data: bytes) -> Iterator[Any]:
    workbook = load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


def _assert_no_formula_in_xlsx(data: bytes) -> None:
    for cell in _cells(data):
        where = f"{cell.parent.title}!{cell.coordinate} = {cell.value!r}"
        assert cell.data_type not in ("f", "e"), where
        if cell.data_type == "s" and cell.value.startswith(FORMULA_STARTS):
            assert cell.quotePrefix, where


def _csv_fields(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _assert_no_formula_in_csv(data: bytes) -> None:
    for row in _csv_fields(data):
        for field in row:
            if field.startswith(FORMULA_STARTS):
                assert PLAIN_NUMBER.fullmatch(field), f"a CSV field a spreadsheet would run: {field!r}"


def _as_read_back(text: str) -> str:
    """Text as an XLSX holds it: less what XML cannot carry, line ends as XML reads them."""
    return ILLEGAL_CHARACTERS_RE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")


# --- the shared writers every report uses, with arbitrary rows --------------------------------


@EXAMPLES
@given(
    rows=st.lists(st.lists(VALUE, min_size=3, max_size=3), min_size=1, max_size=8),
    header=st.lists(TEXT, min_size=3, max_size=3),
)
def test_the_report_workbook_writes_text_as_text_and_numbers_as_numbers(
    rows: list[list[Any]], header: list[str]
) -> None:
    data = workbook_bytes({"Lines": (header, rows)}, formats={Decimal: "#,##0.00", date: "yyyy-mm-dd"})
    _assert_no_formula_in_xlsx(data)
    sheet = load_workbook(io.BytesIO(data))["Lines"]
    read_rows = list(sheet.iter_rows())
    # A row of nothing but empty cells at the end is no row of the sheet: it reads back as absent.
    assert len(read_rows) <= len(rows) + 1
    absent = ([header, *rows])[len(read_rows) :]
    assert all(all((_as_read_back(v) if isinstance(v, str) else v) in (None, "") for v in row) for row in absent)
    for written, read in zip([header, *rows], read_rows, strict=False):
        for value, cell in zip(written, read, strict=False):
            if isinstance(value, str):
                assert cell.value == (_as_read_back(value) or None)  # shown as written: no apostrophe
            elif isinstance(value, bool) or value is None:
                assert cell.value is value
            elif isinstance(value, date):
                assert cell.data_type == "d" and cell.value.date() == value
            else:
                assert cell.data_type == "n"
                assert math.isclose(cell.value, float(value), rel_tol=1e-15, abs_tol=1e-300)


@EXAMPLES
@given(
    rows=st.lists(st.lists(VALUE, min_size=3, max_size=3), min_size=1, max_size=8),
    header=st.lists(TEXT, min_size=3, max_size=3),
)
def test_the_report_csv_prefixes_formula_text_and_keeps_numbers_plain(rows: list[list[Any]], header: list[str]) -> None:
    data = csv_bytes(header, rows)
    _assert_no_formula_in_csv(data)
    fields = _csv_fields(data)
    for written, read in zip([header, *rows], fields, strict=True):
        for value, field in zip(written, read, strict=True):
            if isinstance(value, str):
                prefixed = value.startswith(FORMULA_STARTS)
                assert field == (LITERAL_PREFIX + value if prefixed else value)
            elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                assert Decimal(field) == Decimal(str(value))  # a number a spreadsheet sums, not text


# --- each report's own renderers, every name in its document hostile -------------------------

# Keys of a report's document that hold text a person typed (names, titles, descriptions).
FREE_TEXT_KEYS = frozenset(
    {"name", "skill", "area", "department", "project", "description", "title", "approved_by", "discipline", "goal"}
)


def _with_names(document: Any, names: Iterator[str]) -> Any:
    if isinstance(document, dict):
        return {
            key: next(names) if key in FREE_TEXT_KEYS and isinstance(value, str) else _with_names(value, names)
            for key, value in document.items()
        }
    if isinstance(document, list):
        return [_with_names(value, names) for value in document]
    return document


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Each report's document for the demo organisation, as JSON holds it (what the renderers take)."""
    database = Database(tmp_path_factory.mktemp("demo") / "steward.db")
    initialise(database)
    fill_demo(database, today=TODAY)
    reader = database.reader()
    project = reader.scalar("SELECT name FROM project ORDER BY id LIMIT 1")
    built = {
        "gaps": build_gap_report(database, project, today=TODAY),
        "budget": build_budget_report(database, project, today=TODAY),
        "policy": build_policy_report(database, project, today=TODAY),
    }
    database.dispose()
    return {name: json.loads(json.dumps(document)) for name, document in built.items()}


RENDERERS = {"gaps": gap_sheets, "budget": budget_sheets, "policy": policy_sheets}


_ORIGINAL_NUMBERS: dict[str, set[tuple[str, str]]] = {}


def _numeric_cells(data: bytes) -> set[tuple[str, str]]:
    return {
        (cell.parent.title, cell.coordinate)
        for cell in _cells(data)
        if cell.data_type in ("n", "d") and cell.value is not None
    }


@pytest.mark.parametrize("report", list(RENDERERS))
@settings(EXAMPLES, max_examples=15)
@given(names=st.lists(TEXT, min_size=1, max_size=12))
def test_every_report_with_hostile_names_has_no_formula_and_the_same_numbers(
    documents: dict[str, Any], report: str, names: list[str]
) -> None:
    renderer = RENDERERS[report]
    hostile = _with_names(documents[report], cycle(names))
    workbook = renderer.render_xlsx(hostile)
    _assert_no_formula_in_xlsx(workbook)
    if report not in _ORIGINAL_NUMBERS:
        _ORIGINAL_NUMBERS[report] = _numeric_cells(renderer.render_xlsx(documents[report]))
    assert _numeric_cells(workbook) == _ORIGINAL_NUMBERS[report]
    _assert_no_formula_in_csv(renderer.render_csv(hostile))


# --- the skills-matrix export, with people and skills named by an attacker -------------------


@pytest.fixture(scope="module")
def matrix_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """Three people assessed in the default taxonomy's first skills (small, so that each example is quick)."""
    database = Database(tmp_path_factory.mktemp("matrix") / "steward.db")
    initialise(database)
    skill_ids = [row[0] for row in database.reader().rows("SELECT id FROM skill ORDER BY id LIMIT 4")]
    for number in range(3):
        change = people.create_person(
            database, name=f"Person {number}", email=f"person{number}@example.org", department="Risk"
        )
        for level, skill_id in enumerate(skill_ids):
            record_assessment(database, change.ids[0], skill_id, (level + number) % 5, assessed_on=TODAY)
    yield database
    database.dispose()


@EXAMPLES
@given(name=TEXT, department=TEXT, skill=TEXT)
def test_the_matrix_export_writes_hostile_names_as_text_and_levels_as_numbers(
    matrix_database: Database, tmp_path: Path, name: str, department: str, skill: str
) -> None:
    reader = matrix_database.reader()
    person_id = reader.scalar("SELECT id FROM person WHERE active ORDER BY id LIMIT 1")
    skill_id = reader.scalar("SELECT id FROM skill WHERE NOT retired ORDER BY id LIMIT 1")
    try:
        people.update_person(matrix_database, person_id, {"name": name, "department": department})
    except Exception as refused:  # a name the service refuses (blank) is not an export's business
        from app.errors import UserError

        assert isinstance(refused, UserError)
    try:
        rename_skill(matrix_database, skill_id, skill)
    except Exception as refused:
        from app.errors import UserError

        assert isinstance(refused, UserError)
    stored_name = reader.scalar("SELECT name FROM person WHERE id = :id", {"id": person_id})

    workbook_path = export_matrix(matrix_database, tmp_path / "matrix.xlsx").path
    data = workbook_path.read_bytes()
    _assert_no_formula_in_xlsx(data)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert (_as_read_back(stored_name) or None) in {row[0] for row in rows[1:]}  # nothing XML can hold: empty
    levels = [value for row in rows[1:] for value in row[3:] if value is not None]
    assert levels and all(isinstance(value, int) for value in levels)

    table = _csv_fields(export_matrix(matrix_database, tmp_path / "matrix.csv").path.read_bytes())
    _assert_no_formula_in_csv((tmp_path / "matrix.csv").read_bytes())
    shown = LITERAL_PREFIX + stored_name if stored_name.startswith(FORMULA_STARTS) else stored_name
    assert shown in {row[0] for row in table[1:]}
    assert all(field == "" or field.isdigit() for row in table[1:] for field in row[3:])
