"""The skills matrix as HR keeps it in a spreadsheet: import (checked first) and export.

Two layouts, each as CSV or XLSX, told apart by the heading row:

- **wide**: one row per person: name, e-mail, department, then one column per
  skill (heading = the skill's name, or "Area / Skill" where two areas have a
  skill of that name) holding a level 0–4 or its label ("Expert"); an empty cell
  is no assessment. People not yet in Steward are created.
- **long**: one row per assessment: e-mail, skill, level, date (ISO, optional),
  source (self, manager or certified; optional).

``plan_import`` reads and checks a file without writing anything and returns an
``ImportPlan``: the people and assessments it would add, how many levels are
unchanged, and every problem with the row and column where the spreadsheet shows
it. Only a level that differs from the person's level at that date is new, so
importing the same file twice changes nothing the second time. ``apply_import``
writes a plan without problems in one transaction (``app.services.skills``).
``export_matrix`` writes the wide layout; importing it again plans no change.

How it stays quick on 5,000 people × 300 skills: the file becomes a grid of
cells once; each column is parsed one *distinct* value at a time (a matrix of
1.5 million cells holds a few dozen distinct values) and the results are mapped
back with ``pandas.factorize``; the comparison with the current levels is a
pandas merge. openpyxl is imported only when a workbook is read or written.
"""

from __future__ import annotations

import csv
import io
import math
import re
import warnings
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from difflib import get_close_matches
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from app.db.database import Database
from app.db.reader import Reader
from app.errors import UserError
from app.files import atomic_write_bytes, atomic_writer, safe_cell, unescape_cell
from app.services.people import EMAIL_PATTERN
from app.services.unit import Change
from models.enums import AssessmentSource

__all__ = [
    "ImportPlan",
    "ImportProblem",
    "MatrixExport",
    "PlannedAssessment",
    "PlannedPerson",
    "apply_import",
    "describe_plan",
    "export_matrix",
    "plan_import",
    # Shared with the other spreadsheet imports (app.io.actuals_file):
    "CellProblem",
    "Grid",
    "Sheet",
    "cell_text",
    "header_key",
    "read_grid",
]

WIDE, LONG = "wide", "long"
CSV, XLSX = "csv", "xlsx"
CSV_SUFFIXES = {".csv": None, ".tsv": "\t"}  # None: the delimiter is guessed (Excel writes ";" in some locales)
XLSX_SUFFIXES = (".xlsx", ".xlsm")
# A title line or two above the headings is common in HR's files; look this far for the heading row.
HEADER_SEARCH_ROWS = 10
# describe_plan lists this many problems, then says how many more there are.
LISTED_PROBLEMS = 100
NO_LEVEL = -1

# Headings are matched on letters and digits only, case-insensitively ("E-mail address" = "emailaddress").
ROLE_ALIASES: dict[str, frozenset[str]] = {
    "name": frozenset({"name", "fullname", "person", "personname", "employee", "employeename"}),
    "email": frozenset({"email", "emailaddress", "mail", "personemail", "workemail"}),
    "department": frozenset({"department", "dept", "departmentname", "team", "unit"}),
    "skill": frozenset({"skill", "skillname"}),
    "level": frozenset({"level", "proficiency", "proficiencylevel", "skilllevel"}),
    "date": frozenset({"date", "assessedon", "assessmentdate", "dateassessed"}),
    "source": frozenset({"source", "assessmentsource"}),
}
PERSON_ROLES = ("name", "email", "department")
HEADINGS_HELP = (
    "the first row should name the columns: Name, E-mail, Department and one column per skill (wide layout), "
    "or E-mail, Skill, Level, Date, Source (long layout)"
)


# --- what a plan holds ------------------------------------------------------------------------


class ImportProblem(NamedTuple):
    """One thing wrong with the file, where the spreadsheet shows it.

    ``row`` is the spreadsheet's row number (the heading row is usually 1);
    ``column`` is the column as the file shows it: its letter in a workbook, its
    number and heading in a CSV file ("4 (Threat modelling)"). Both are None for a
    problem with the whole file.
    """

    row: int | None
    column: str | None
    message: str
    column_number: int | None = None  # 1-based, for a dialog to point at the cell

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column is None:
            return f"Row {self.row}: {self.message}"
        return f"Row {self.row}, column {self.column}: {self.message}"


class PlannedPerson(NamedTuple):
    row: int
    name: str
    email: str
    department: str


class PlannedAssessment(NamedTuple):
    """A level the import would record; ``person_id`` is None for a person the import creates."""

    row: int
    column: str
    person_id: int | None
    email: str
    person: str
    skill_id: int
    skill: str
    old_level: int | None  # the current level, None where never assessed
    level: int
    assessed_on: date | None  # None: the import's date
    source: str | None  # None: the import's source


@dataclass(frozen=True)
class ImportPlan:
    """What importing ``path`` would change; nothing has been written yet."""

    path: Path
    file_type: str  # "csv", "xlsx", or "" when the file could not be read
    layout: str  # "wide", "long", or "" when no heading row was recognised
    new_people: tuple[PlannedPerson, ...] = ()
    new_assessments: tuple[PlannedAssessment, ...] = ()
    unchanged: int = 0
    errors: tuple[ImportProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes(self) -> int:
        return len(self.new_people) + len(self.new_assessments)


class MatrixExport(NamedTuple):
    path: Path
    people: int
    skills: int


# --- reading a file into a grid of cells ------------------------------------------------------


class CellProblem(Exception):
    """A cell (or the file) that cannot be read as what its column holds; the message says why."""


class Grid(NamedTuple):
    rows: list[list[Any]]  # rows[i] is the spreadsheet's row i + 1
    file_type: str


def read_grid(path: Path) -> Grid:
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise CellProblem(f"{path.name} is in the old Excel format (.xls); save it as .xlsx or .csv and import that.")
    if suffix not in CSV_SUFFIXES and suffix not in XLSX_SUFFIXES:
        raise CellProblem(f"{path.name} is not a file this import reads; use a .csv or .xlsx file.")
    if not path.exists():
        raise CellProblem(f"{path} does not exist.")
    if path.is_dir():
        raise CellProblem(f"{path} is a folder, not a file.")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CellProblem(f"{path.name} cannot be read: {error.strerror or error}.") from None
    if not data.strip():
        raise CellProblem(f"{path.name} is empty.")
    if suffix in XLSX_SUFFIXES:
        return Grid(_read_xlsx(data, path.name), XLSX)
    return Grid(_read_csv(data, path.name, delimiter=CSV_SUFFIXES[suffix]), CSV)


def _read_xlsx(data: bytes, name: str) -> list[list[Any]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            # Unsupported extensions (data validation, conditional formats) do not matter here.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError):
        raise CellProblem(
            f"{name} cannot be read as an Excel workbook; it may be damaged, protected or in another format."
        ) from None
    try:
        sheet = workbook.active or workbook.worksheets[0]
        # Some programs write a wrong sheet size; read the cells that are there instead.
        sheet.reset_dimensions()
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _read_csv(data: bytes, name: str, *, delimiter: str | None) -> list[list[Any]]:
    if data.startswith(b"PK\x03\x04"):
        raise CellProblem(f"{name} is an Excel workbook, not a CSV file; give it the .xlsx extension.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        text = data.decode("utf-16")
    else:
        if b"\x00" in data[:4096]:
            raise CellProblem(f"{name} is not a text file, so it cannot be read as CSV.")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Excel on Windows saves "CSV" in the ANSI code page.
            text = data.decode("cp1252", errors="replace")
    if delimiter is None:
        delimiter = _guess_delimiter(text)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise CellProblem(f"{name} cannot be read as CSV: {error}.") from None


def _guess_delimiter(text: str) -> str:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {candidate: first_line.count(candidate) for candidate in (",", ";", "\t")}
    best = max(counts, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


# --- cells ------------------------------------------------------------------------------------


class GridProblem(NamedTuple):
    """Why a file gave no table to read: the sentence, the file's type once known, the row it is about."""

    message: str
    file_type: str = ""
    row: int | None = None


def read_headed_grid(
    path: Path, find_header: Callable[[Sequence[Sequence[Any]]], Any | None], headings_help: str
) -> tuple[Grid, Any] | GridProblem:
    """The file's grid and what ``find_header`` found in it, or the problem: unreadable, empty, no heading row."""
    try:
        grid = read_grid(path)
    except CellProblem as problem:
        return GridProblem(str(problem))
    found = find_header(grid.rows)
    if found is not None:
        return grid, found
    first = next((index for index, row in enumerate(grid.rows) if any(cell_text(value) for value in row)), None)
    if first is None:
        return GridProblem(f"{path.name} is empty.", grid.file_type)
    return GridProblem(f"No heading row was found; {headings_help}.", grid.file_type, first + 1)


def cell_text(value: Any) -> str:
    """A cell as trimmed text ("" when empty), with Steward's formula escape undone."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, str):
        return " ".join(unescape_cell(value.strip()).split())
    return str(value).strip()


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def header_key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def _column_letter(index: int) -> str:
    """Spreadsheet letters of the 0-based column ``index`` (0 -> A, 26 -> AA)."""
    number, letters = index + 1, ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _parse_distinct(
    values: np.ndarray, parse: Callable[[Any], Any], *, empty: Any, dtype: Any = object
) -> tuple[np.ndarray, np.ndarray]:
    """``parse`` applied to every cell of ``values``, called once per distinct value.

    Returns the parsed values (``empty`` for missing cells and for problems) and,
    in the same shape, each cell's problem message or None.
    """
    flat = values.ravel()
    codes, distinct = pd.factorize(flat, use_na_sentinel=True)
    parsed = np.empty(len(distinct) + 1, dtype=dtype)
    messages = np.full(len(distinct) + 1, None, dtype=object)
    for index, value in enumerate(distinct):
        try:
            parsed[index] = parse(value)
        except CellProblem as problem:
            parsed[index] = empty
            messages[index] = str(problem)
    parsed[-1] = empty  # code -1: None or NaN
    return parsed[codes].reshape(values.shape), messages[codes].reshape(values.shape)


# --- what Steward already holds ---------------------------------------------------------------


class _Skill(NamedTuple):
    id: int
    name: str
    area: str
    retired: bool


# The newest assessment of every (person, skill): latest date, then latest entered.
CURRENT_LEVELS_SQL = """
    SELECT a.person_id, a.skill_id, a.level
    FROM assessment AS a
    WHERE NOT EXISTS (
        SELECT 1 FROM assessment AS newer
        WHERE newer.person_id = a.person_id AND newer.skill_id = a.skill_id
          AND (newer.assessed_on > a.assessed_on OR (newer.assessed_on = a.assessed_on AND newer.id > a.id))
    )
"""


class _Steward:
    """The people, skills and level labels an import is checked against."""

    def __init__(self, reader: Reader, *, today: date) -> None:
        self.reader = reader
        self.today = today
        self.person_ids: dict[str, int] = {}
        self.person_names: dict[int, str] = {}
        for person_id, email, name in reader.rows("SELECT id, email, name FROM person WHERE erased_on IS NULL"):
            self.person_ids[email.strip().lower()] = person_id
            self.person_names[person_id] = name
        self.skills: dict[int, _Skill] = {}
        self.by_name: dict[str, list[_Skill]] = {}
        self.by_area_and_name: dict[tuple[str, str], _Skill] = {}
        for skill_id, name, area, skill_retired, area_retired in reader.rows(
            "SELECT s.id, s.name, a.name, s.retired, a.retired FROM skill AS s JOIN skill_area AS a ON a.id = s.area_id"
            " ORDER BY a.position, a.id, s.name"
        ):
            skill = _Skill(skill_id, name, area, bool(skill_retired or area_retired))
            self.skills[skill_id] = skill
            self.by_name.setdefault(_fold(name), []).append(skill)
            self.by_area_and_name[(_fold(area), _fold(name))] = skill
        labels = reader.rows("SELECT level, label FROM level_descriptor ORDER BY level")
        self.level_labels = {_fold(label): int(level) for level, label in labels}
        self.level_hint = "use 0–4" + (" or " + ", ".join(label for _, label in labels) if labels else "")

    # -- cells of each kind

    def skill(self, value: Any) -> _Skill:
        text = cell_text(value)
        if not text:
            raise CellProblem("The skill is missing.")
        named = self.by_name.get(_fold(text), [])
        active = [skill for skill in named if not skill.retired]
        if len(active) == 1:
            return active[0]
        if len(active) > 1:
            areas = " and ".join(skill.area for skill in active)
            raise CellProblem(
                f"{text!r} is a skill in both {areas}; write it as 'Area / Skill', "
                f"for example '{active[0].area} / {active[0].name}'."
            )
        # "Area / Skill"; an area's own name may hold a slash ("IT operations / platform").
        for match in re.finditer("/", text):
            found = self.by_area_and_name.get((_fold(text[: match.start()]), _fold(text[match.end() :])))
            if found is not None:
                named = [found]
                if not found.retired:
                    return found
                break
        if named:
            raise CellProblem(f"{text!r} is a retired skill; use the skill that replaced it.")
        names = sorted({skill.name for skill in self.skills.values() if not skill.retired})
        close = get_close_matches(text, names, n=1, cutoff=0.8)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise CellProblem(f"{text!r} is not a skill in Steward; correct the name or add the skill first{hint}.")

    def level(self, value: Any) -> int:
        if isinstance(value, bool):
            raise CellProblem(f"{value} is not a level; {self.level_hint}.")
        if isinstance(value, int | float):
            number: int | float = value  # an int stays an int; only a float is checked for a fraction
        else:
            text = cell_text(value)
            if not text:
                return NO_LEVEL
            level = self.level_labels.get(_fold(text))
            if level is not None:
                return level
            try:
                number = float(text)
            except ValueError:
                raise CellProblem(f"{text!r} is not a level; {self.level_hint}.") from None
        if isinstance(number, float) and not (math.isfinite(number) and number.is_integer()):
            raise CellProblem(f"{cell_text(value)} is not a whole level; {self.level_hint}.")
        if not 0 <= number <= 4:
            raise CellProblem(f"Level {int(number)} is not on the scale 0–4.")
        return int(number)

    def assessed_on(self, value: Any) -> date | None:
        if isinstance(value, datetime):
            day = value.date()
        elif isinstance(value, date):
            day = value
        else:
            text = cell_text(value)
            if not text:
                return None
            try:
                day = date.fromisoformat(text)
            except ValueError:
                try:
                    day = datetime.fromisoformat(text).date()
                except ValueError:
                    raise CellProblem(
                        f"{text!r} is not a date; write dates as year-month-day, such as 2024-03-31."
                    ) from None
        if day > self.today:
            raise CellProblem(f"{day.isoformat()} is in the future; an assessment records a level already seen.")
        return day

    # -- what the database says now

    def current_levels(self) -> pd.DataFrame:
        person_ids, skill_ids, levels = self.reader.columns(CURRENT_LEVELS_SQL) or ((), (), ())
        return pd.DataFrame(
            {
                "person_id": np.asarray(person_ids, dtype=np.int64),
                "skill_id": np.asarray(skill_ids, dtype=np.int64),
                "old_level": np.asarray(levels, dtype=np.float64),
            }
        )

    def history(self, person_ids: set[int]) -> pd.DataFrame:
        columns = self.reader.columns("SELECT person_id, skill_id, level, assessed_on, id FROM assessment")
        person_id, skill_id, level, assessed_on, assessment_id = columns or ((), (), (), (), ())
        frame = pd.DataFrame(
            {
                "person_id": np.asarray(person_id, dtype=np.int64),
                "skill_id": np.asarray(skill_id, dtype=np.int64),
                "level": np.asarray(level, dtype=np.int64),
                "when": pd.to_datetime(pd.Series(assessed_on, dtype=object).astype(str).str[:10]),
                "order": np.asarray(assessment_id, dtype=np.int64),
            }
        )
        return frame[frame["person_id"].isin(person_ids)]


def _parse_email(value: Any) -> str:
    text = cell_text(value)
    if not text:
        return ""
    email = text.lower()
    if not EMAIL_PATTERN.match(email):
        raise CellProblem(f"{text!r} is not an e-mail address.")
    return email


def _parse_source(value: Any) -> str | None:
    text = cell_text(value)
    if not text:
        return None
    try:
        return AssessmentSource(text.casefold()).value
    except ValueError:
        choices = ", ".join(member.value for member in AssessmentSource)
        raise CellProblem(f"{text!r} is not a source of an assessment; use {choices}.") from None


# --- planning ---------------------------------------------------------------------------------


class Sheet:
    """The rows below the heading row, as one grid, and how to name a column to the user."""

    def __init__(self, grid: Grid, header_index: int) -> None:
        self.file_type = grid.file_type
        self.header_row = header_index + 1
        body = grid.rows[header_index + 1 :]
        self.width = max([len(grid.rows[header_index]), *(len(row) for row in body)])
        self.headers = [cell_text(value) for value in grid.rows[header_index]]
        self.headers += [""] * (self.width - len(self.headers))
        cells = np.empty((len(body), self.width), dtype=object)
        for index, row in enumerate(body):
            cells[index, : len(row)] = row
        filled, _ = _parse_distinct(cells, lambda value: bool(cell_text(value)), empty=False, dtype=bool)
        keep = filled.any(axis=1) if self.width else np.zeros(len(body), dtype=bool)
        self.cells = cells[keep]
        self.filled = filled[keep]
        self.row_numbers = np.flatnonzero(keep) + header_index + 2
        self.problems: list[tuple[int, int, str]] = []  # (row, 0-based column, message)

    def column_label(self, index: int) -> str:
        if self.file_type == XLSX:
            return _column_letter(index)
        header = self.headers[index]
        return f"{index + 1} ({header})" if header else str(index + 1)

    def report(self, row: int, column: int, message: str) -> None:
        self.problems.append((int(row), int(column), message))

    def report_cells(self, messages: np.ndarray, columns: Sequence[int]) -> np.ndarray:
        """Report every cell of ``messages`` (rows × ``columns``) that has one; returns the rows with any."""
        rows, positions = np.nonzero(messages.astype(bool))
        for row, position in zip(rows.tolist(), positions.tolist(), strict=True):
            self.report(self.row_numbers[row], columns[position], messages[row, position])
        bad = np.zeros(len(self.cells), dtype=bool)
        bad[rows] = True
        return bad

    def errors(self) -> tuple[ImportProblem, ...]:
        return tuple(
            ImportProblem(row, self.column_label(column), message, column + 1)
            for row, column, message in sorted(self.problems, key=lambda problem: (problem[0], problem[1]))
        )


def _failed(path: Path, message: str, *, file_type: str = "", row: int | None = None) -> ImportPlan:
    return ImportPlan(path=path, file_type=file_type, layout="", errors=(ImportProblem(row, None, message),))


def _find_header(rows: Sequence[Sequence[Any]]) -> tuple[int, str, dict[str, int]] | None:
    """The heading row (0-based), its layout and the column of each person/assessment field."""
    seen = 0
    for index, row in enumerate(rows):
        keys = [header_key(cell_text(value)) for value in row]
        if not any(keys):
            continue
        roles: dict[str, int] = {}
        for column, key in enumerate(keys):
            for role, aliases in ROLE_ALIASES.items():
                if key in aliases and role not in roles:
                    roles[role] = column
                    break
        if {"email", "skill", "level"} <= roles.keys():
            return index, LONG, roles
        if {"email", "name"} <= roles.keys():
            return index, WIDE, {role: column for role, column in roles.items() if role in PERSON_ROLES}
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    return None


def plan_import(database: Database, path: str | Path, *, today: date | None = None) -> ImportPlan:
    """Read and check ``path`` (a wide or long skills matrix, CSV or XLSX); write nothing.

    Every problem is collected (not just the first); a plan with any problem
    cannot be applied.
    """
    path = Path(path)
    read = read_headed_grid(path, _find_header, HEADINGS_HELP)
    if isinstance(read, GridProblem):
        return _failed(path, read.message, file_type=read.file_type, row=read.row)
    grid, (header_index, layout, roles) = read
    sheet = Sheet(grid, header_index)
    if not len(sheet.cells):
        return ImportPlan(
            path=path,
            file_type=grid.file_type,
            layout=layout,
            errors=(ImportProblem(None, None, f"{path.name} has headings but no rows below them."),),
        )
    steward = _Steward(database.reader(), today=today or date.today())
    if layout == WIDE:
        return _plan_wide(path, sheet, roles, steward)
    return _plan_long(path, sheet, roles, steward)


def _plan_wide(path: Path, sheet: Sheet, roles: dict[str, int], steward: _Steward) -> ImportPlan:
    email_column, name_column = roles["email"], roles["name"]
    department_column = roles.get("department")
    person_columns = set(roles.values())

    # The skill columns, from their headings.
    skill_columns: list[int] = []
    skills: list[_Skill] = []
    column_of_skill: dict[int, int] = {}
    for column, heading in enumerate(sheet.headers):
        if column in person_columns:
            continue
        if not heading:
            if sheet.filled[:, column].any():
                sheet.report(
                    sheet.header_row, column, "This column has levels but no heading; write the skill's name here."
                )
            continue
        try:
            skill = steward.skill(heading)
        except CellProblem as problem:
            sheet.report(sheet.header_row, column, str(problem))
            continue
        if skill.id in column_of_skill:
            first = sheet.column_label(column_of_skill[skill.id])
            sheet.report(
                sheet.header_row, column, f"{heading!r} is the same skill as column {first}; keep one column per skill."
            )
            continue
        column_of_skill[skill.id] = column
        skill_columns.append(column)
        skills.append(skill)

    # The people, by e-mail.
    emails, email_messages = _parse_distinct(sheet.cells[:, email_column], _parse_email, empty="")
    bad_row = sheet.report_cells(email_messages[:, None], [email_column])
    first_row_of: dict[str, int] = {}
    new_people: list[PlannedPerson] = []
    for index, email in enumerate(emails.tolist()):
        row = int(sheet.row_numbers[index])
        if bad_row[index]:
            continue
        if not email:
            sheet.report(row, email_column, "The e-mail is missing.")
            bad_row[index] = True
            continue
        if email in first_row_of:
            sheet.report(row, email_column, f"{email} is also on row {first_row_of[email]}; keep one row per person.")
            bad_row[index] = True
            continue
        first_row_of[email] = row
        if email not in steward.person_ids:
            name = cell_text(sheet.cells[index, name_column])
            if not name:
                sheet.report(row, name_column, f"{email} is not in Steward yet, so the new person needs a name.")
                bad_row[index] = True
                continue
            department = cell_text(sheet.cells[index, department_column]) if department_column is not None else ""
            new_people.append(PlannedPerson(row, name, email, department))

    # The levels.
    levels, level_messages = _parse_distinct(
        sheet.cells[:, skill_columns], steward.level, empty=NO_LEVEL, dtype=np.int8
    )
    sheet.report_cells(level_messages, skill_columns)
    errors = sheet.errors()
    if errors:
        return ImportPlan(
            path=path, file_type=sheet.file_type, layout=WIDE, new_people=tuple(new_people), errors=errors
        )

    rows, positions = np.nonzero(levels >= 0)
    new_person_keys = {person.email: -(number + 1) for number, person in enumerate(new_people)}
    person_key = np.array(
        [steward.person_ids.get(email, new_person_keys.get(email, 0)) for email in emails.tolist()], dtype=np.int64
    )
    skill_ids = np.array([skill.id for skill in skills], dtype=np.int64)
    frame = pd.DataFrame(
        {
            "row": sheet.row_numbers[rows],
            "column": np.asarray(skill_columns, dtype=np.int64)[positions],
            "email": emails[rows],
            "person_id": person_key[rows],
            "skill_id": skill_ids[positions],
            "level": levels[rows, positions].astype(np.int64),
            "when": pd.NaT,
            "source": None,
        }
    )
    names = {person.email: person.name for person in new_people}
    return _finish(path, sheet, WIDE, frame, new_people, steward, names)


def _plan_long(path: Path, sheet: Sheet, roles: dict[str, int], steward: _Steward) -> ImportPlan:
    email_column, skill_column, level_column = roles["email"], roles["skill"], roles["level"]
    count = len(sheet.cells)
    emails, messages = _parse_distinct(sheet.cells[:, email_column], _parse_email, empty="")
    bad_row = sheet.report_cells(messages[:, None], [email_column])
    for index, email in enumerate(emails.tolist()):
        if bad_row[index]:
            continue
        row = int(sheet.row_numbers[index])
        if not email:
            sheet.report(row, email_column, "The e-mail is missing.")
            bad_row[index] = True
        elif email not in steward.person_ids:
            sheet.report(
                row,
                email_column,
                f"No one in Steward has the e-mail {email}; add them first (a wide-layout import can add people).",
            )
            bad_row[index] = True

    def skill_id(value: Any) -> int:
        return steward.skill(value).id

    # Every cell's problem is reported, so that one round of corrections fixes the file.
    skill_ids, messages = _parse_distinct(sheet.cells[:, skill_column], skill_id, empty=-1, dtype=np.int64)
    unreadable = sheet.report_cells(messages[:, None], [skill_column])
    for index in np.flatnonzero((skill_ids < 0) & ~unreadable).tolist():
        sheet.report(sheet.row_numbers[index], skill_column, "The skill is missing.")
    levels, messages = _parse_distinct(sheet.cells[:, level_column], steward.level, empty=NO_LEVEL, dtype=np.int64)
    unreadable = sheet.report_cells(messages[:, None], [level_column])
    for index in np.flatnonzero((levels < 0) & ~unreadable).tolist():
        sheet.report(sheet.row_numbers[index], level_column, "The level is missing.")
    dates = np.full(count, None, dtype=object)
    if "date" in roles:
        dates, messages = _parse_distinct(sheet.cells[:, roles["date"]], steward.assessed_on, empty=None)
        sheet.report_cells(messages[:, None], [roles["date"]])
    sources = np.full(count, None, dtype=object)
    if "source" in roles:
        sources, messages = _parse_distinct(sheet.cells[:, roles["source"]], _parse_source, empty=None)
        sheet.report_cells(messages[:, None], [roles["source"]])

    frame = pd.DataFrame(
        {
            "row": sheet.row_numbers,
            "column": level_column,
            "email": emails,
            "person_id": np.array([steward.person_ids.get(email, 0) for email in emails.tolist()], dtype=np.int64),
            "skill_id": skill_ids,
            "level": levels,
            "when": pd.to_datetime(pd.Series(dates, dtype=object)),
            "source": sources,
        }
    )
    frame = frame[(frame["skill_id"] >= 0) & (frame["level"] >= 0) & (frame["person_id"] > 0)]

    # The same person, skill and date twice with different levels: which one is meant?
    keys = ["person_id", "skill_id", "when"]
    repeated = frame[frame.duplicated(keys, keep=False)]
    first_seen: dict[tuple[int, int, Any], tuple[int, int]] = {}
    for row, email, person_id, skill, when, level in zip(
        repeated["row"].tolist(),
        repeated["email"].tolist(),
        repeated["person_id"].tolist(),
        repeated["skill_id"].tolist(),
        repeated["when"].tolist(),
        repeated["level"].tolist(),
        strict=True,
    ):
        day = None if pd.isna(when) else when.date()
        first_row, first_level = first_seen.setdefault((person_id, skill, day), (row, level))
        if level != first_level:
            on = "with no date" if day is None else f"dated {day.isoformat()}"
            sheet.report(
                row,
                level_column,
                f"Row {first_row} gives {email} a different {steward.skills[skill].name} level {on}; "
                "keep one of the two rows.",
            )
    errors = sheet.errors()
    if errors:
        return ImportPlan(path=path, file_type=sheet.file_type, layout=LONG, errors=errors)
    return _finish(path, sheet, LONG, frame, [], steward, {})


def _finish(
    path: Path,
    sheet: Sheet,
    layout: str,
    frame: pd.DataFrame,
    new_people: list[PlannedPerson],
    steward: _Steward,
    new_names: dict[str, str],
) -> ImportPlan:
    """Compare the file's levels with Steward's and keep only those that change something.

    A level is unchanged when it equals the level in effect at its date: the
    previous assessment of the same person and skill, counting those already in
    Steward and earlier rows of the file. An undated level counts as today's.
    """
    frame = frame.reset_index(drop=True)
    frame["order"] = np.arange(len(frame), dtype=np.int64)
    current = steward.current_levels()
    frame = frame.merge(current, on=["person_id", "skill_id"], how="left", sort=False)
    if frame["when"].notna().any():
        today = pd.Timestamp(steward.today)
        file_part = frame[["person_id", "skill_id", "level", "when", "order"]].assign(origin=1)
        file_part["when"] = file_part["when"].fillna(today)
        held = steward.history(set(frame["person_id"].tolist())).assign(origin=0)
        timeline = pd.concat([held, file_part], ignore_index=True).sort_values(
            ["person_id", "skill_id", "when", "origin", "order"], kind="stable"
        )
        timeline["previous"] = timeline.groupby(["person_id", "skill_id"], sort=False)["level"].shift(1)
        previous = timeline[timeline["origin"] == 1].set_index("order")["previous"]
        frame["previous"] = previous.reindex(frame["order"]).to_numpy()
    else:
        frame["previous"] = frame["old_level"]
    unchanged = frame["previous"].to_numpy() == frame["level"].to_numpy()
    # An identical repeat of a row (same person, skill, date and level) is unchanged too.
    unchanged |= frame.duplicated(["person_id", "skill_id", "when", "level"]).to_numpy()
    changed = frame[~unchanged].sort_values(["row", "column"], kind="stable")

    columns = changed["column"].tolist()
    labels = {column: sheet.column_label(column) for column in set(columns)}
    people = [
        steward.person_names.get(person_id) if person_id > 0 else new_names.get(email, email)
        for person_id, email in zip(changed["person_id"].tolist(), changed["email"].tolist(), strict=True)
    ]
    assessments = tuple(
        PlannedAssessment(
            row=row,
            column=labels[column],
            person_id=person_id if person_id > 0 else None,
            email=email,
            person=person or email,
            skill_id=skill_id,
            skill=steward.skills[skill_id].name,
            old_level=None if math.isnan(old) else int(old),
            level=level,
            assessed_on=None if pd.isna(when) else when.date(),
            source=source if isinstance(source, str) else None,
        )
        for row, column, person_id, email, person, skill_id, old, level, when, source in zip(
            changed["row"].tolist(),
            columns,
            changed["person_id"].tolist(),
            changed["email"].tolist(),
            people,
            changed["skill_id"].tolist(),
            changed["old_level"].tolist(),
            changed["level"].tolist(),
            changed["when"].tolist(),
            changed["source"].tolist(),
            strict=True,
        )
    )
    return ImportPlan(
        path=path,
        file_type=sheet.file_type,
        layout=layout,
        new_people=tuple(new_people),
        new_assessments=assessments,
        unchanged=int(unchanged.sum()),
    )


# --- describing and applying a plan -----------------------------------------------------------


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def describe_plan(plan: ImportPlan) -> str:
    """A short summary ("3 new people, 41 new assessments, 120 unchanged"), or the problems, one per line."""
    if plan.errors:
        lines = [str(problem) for problem in plan.errors[:LISTED_PROBLEMS]]
        if len(plan.errors) > LISTED_PROBLEMS:
            lines.append(f"... and {_count(len(plan.errors) - LISTED_PROBLEMS, 'more problem', 'more problems')}.")
        return "\n".join(lines)
    return ", ".join(
        (
            _count(len(plan.new_people), "new person", "new people"),
            _count(len(plan.new_assessments), "new assessment", "new assessments"),
            f"{plan.unchanged} unchanged",
        )
    )


def apply_import(
    database: Database,
    plan: ImportPlan,
    *,
    source: AssessmentSource | str = AssessmentSource.MANAGER,
    assessed_on: date | str | None = None,
) -> Change:
    """Write ``plan`` in one transaction: its new people, then its new assessments, with audit.

    ``source`` and ``assessed_on`` (default today) apply to levels the file gives
    no source or date for. A plan with problems is refused and nothing is written.
    """
    from app.services.skills import ImportedAssessment, NewPerson, import_matrix

    if plan.errors:
        more = len(plan.errors) - 1
        tail = f" (and {_count(more, 'more problem', 'more problems')})" if more else ""
        first = str(plan.errors[0])
        raise UserError(f"Nothing was imported from {plan.path.name}: {first[0].lower()}{first[1:].rstrip('.')}{tail}.")
    return import_matrix(
        database,
        people=[NewPerson(person.name, person.email, person.department) for person in plan.new_people],
        assessments=[
            ImportedAssessment(row.email, row.skill_id, row.level, row.assessed_on, row.source)
            for row in plan.new_assessments
        ],
        source=source,
        assessed_on=assessed_on,
        reason=f"import of {plan.path.name}",
    )


# --- export -----------------------------------------------------------------------------------


def _matrix_table(reader: Reader) -> tuple[list[str], list[tuple[str, str, str]], np.ndarray]:
    """Headings, people (name, e-mail, department) and their current levels (-1: none)."""
    people = sorted(
        reader.rows("SELECT id, name, email, department FROM person WHERE active AND erased_on IS NULL"),
        key=lambda person: (person[1].casefold(), person[2]),
    )
    skills = reader.rows(
        "SELECT s.id, s.name, a.name FROM skill AS s JOIN skill_area AS a ON a.id = s.area_id"
        " WHERE NOT s.retired AND NOT a.retired ORDER BY a.position, a.id, s.name, s.id"
    )
    name_counts = pd.Series([_fold(name) for _, name, _ in skills], dtype=object).value_counts()
    person_keys = set().union(*(ROLE_ALIASES[role] for role in ROLE_ALIASES))
    headings = ["Name", "E-mail", "Department"] + [
        f"{area} / {name}" if name_counts[_fold(name)] > 1 or header_key(name) in person_keys else name
        for _, name, area in skills
    ]
    levels = np.full((len(people), len(skills)), NO_LEVEL, dtype=np.int8)
    current = reader.columns(CURRENT_LEVELS_SQL)
    if current and people and skills:
        person_index = pd.Index([person[0] for person in people]).get_indexer(np.asarray(current[0]))
        skill_index = pd.Index([skill[0] for skill in skills]).get_indexer(np.asarray(current[1]))
        found = (person_index >= 0) & (skill_index >= 0)
        levels[person_index[found], skill_index[found]] = np.asarray(current[2], dtype=np.int8)[found]
    return headings, [(name, email, department) for _, name, email, department in people], levels


def export_matrix(database: Database, path: str | Path) -> MatrixExport:
    """Write the wide layout (active people × skills in use, current levels as numbers) to .csv or .xlsx.

    The file is written whole or not at all; text that a spreadsheet could run as a
    formula is made literal. Importing the file again plans no change.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UserError(f"{target.name}: the skills matrix is exported as .csv or .xlsx; use one of those extensions.")
    headings, people, levels = _matrix_table(database.reader())
    cells = levels.astype(object)
    cells[levels < 0] = None
    if suffix == ".csv":
        _write_csv(target, headings, people, cells)
    else:
        _write_xlsx(target, headings, people, cells)
    return MatrixExport(path=target, people=len(people), skills=len(headings) - 3)


def _write_csv(target: Path, headings: list[str], people: list[tuple[str, str, str]], cells: np.ndarray) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(heading) for heading in headings])
    for person, levels in zip(people, cells.tolist(), strict=True):
        writer.writerow([*(safe_cell(text) for text in person), *levels])
    # With a byte-order mark, Excel reads the file as UTF-8 (names with accents stay intact).
    atomic_write_bytes(target, buffer.getvalue().encode("utf-8-sig"))


def _write_xlsx(target: Path, headings: list[str], people: list[tuple[str, str, str]], cells: np.ndarray) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    def text(value: str) -> str:
        return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value))

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Skills matrix")
    sheet.freeze_panes = "D2"
    for letter, width in (("A", 28), ("B", 34), ("C", 22)):
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)
    header = []
    for heading in headings:
        cell = WriteOnlyCell(sheet, value=text(heading))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for person, levels in zip(people, cells.tolist(), strict=True):
        sheet.append([*(text(value) for value in person), *levels])
    with atomic_writer(target) as handle:
        workbook.save(handle)
