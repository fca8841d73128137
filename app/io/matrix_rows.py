"""Reading a skills-matrix file and checking its rows: the heading row, the layout, every cell.

Two layouts, told apart by the heading row: **wide** (one row per person: name,
e-mail, department, then one column per skill) and **long** (one row per
assessment: e-mail, skill, level, date, source). ``plan_import`` reads a file,
reports every problem where the spreadsheet shows it (not just the first), and
hands the levels it could read to ``app.io.matrix_diff`` for the preview.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from app.db.database import Database
from app.io.cells import CellProblem, cell_text, parse_distinct
from app.io.grid import GridProblem, find_heading_row, read_headed_grid
from app.io.matrix_diff import compare_with_steward
from app.io.matrix_lookup import NO_LEVEL, Lookup, Skill, parse_email, parse_source
from app.io.matrix_plan import ImportPlan, PlannedPerson, failed_plan
from app.io.sheet import Sheet

WIDE, LONG = "wide", "long"

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


def _find_header(rows: Sequence[Sequence[Any]]) -> tuple[int, str, dict[str, int]] | None:
    """The heading row (0-based), its layout and the column of each person/assessment field."""

    def layout(index: int, roles: dict[str, int]) -> tuple[int, str, dict[str, int]] | None:
        if {"email", "skill", "level"} <= roles.keys():
            return index, LONG, roles
        if {"email", "name"} <= roles.keys():
            return index, WIDE, {role: column for role, column in roles.items() if role in PERSON_ROLES}
        return None

    return find_heading_row(rows, ROLE_ALIASES, layout)


def plan_import(database: Database, path: str | Path, *, today: date | None = None) -> ImportPlan:
    """Read and check ``path`` (a wide or long skills matrix, CSV or XLSX); write nothing.

    Every problem is collected (not just the first); a plan with any problem
    cannot be applied.
    """
    path = Path(path)
    read = read_headed_grid(path, _find_header, HEADINGS_HELP)
    if isinstance(read, GridProblem):
        return failed_plan(path, read.message, file_type=read.file_type, row=read.row)
    grid, (header_index, layout, roles) = read
    sheet = Sheet(grid, header_index)
    if not len(sheet.cells):
        return failed_plan(
            path, f"{path.name} has headings but no rows below them.", file_type=grid.file_type, layout=layout
        )
    lookup = Lookup(database.reader(), today=today or date.today())
    if layout == WIDE:
        return _plan_wide(path, sheet, roles, lookup)
    return _plan_long(path, sheet, roles, lookup)


def _emails(sheet: Sheet, column: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's e-mail ("" where missing or unreadable) and which rows have a problem with it (reported)."""
    emails, messages = parse_distinct(sheet.cells[:, column], parse_email, empty="")
    bad_row = sheet.report_column(messages, column)
    for index in np.flatnonzero(~bad_row & (emails == "")).tolist():
        sheet.report(sheet.row_numbers[index], column, "The e-mail is missing.")
        bad_row[index] = True
    return emails, bad_row


# --- the wide layout ---------------------------------------------------------------------------


def _plan_wide(path: Path, sheet: Sheet, roles: dict[str, int], lookup: Lookup) -> ImportPlan:
    skill_columns, skills = _skill_columns(sheet, set(roles.values()), lookup)
    emails, new_people = _wide_people(sheet, roles, lookup)
    levels, level_messages = parse_distinct(sheet.cells[:, skill_columns], lookup.level, empty=NO_LEVEL, dtype=np.int8)
    sheet.report_cells(level_messages, skill_columns)
    errors = sheet.errors()
    if errors:
        return ImportPlan(
            path=path, file_type=sheet.file_type, layout=WIDE, new_people=tuple(new_people), errors=errors
        )

    rows, positions = np.nonzero(levels >= 0)
    new_person_keys = {person.email: -(number + 1) for number, person in enumerate(new_people)}
    person_key = np.array(
        [lookup.person_ids.get(email, new_person_keys.get(email, 0)) for email in emails.tolist()], dtype=np.int64
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
    return compare_with_steward(path, sheet, WIDE, frame, new_people, lookup, names)


def _skill_columns(sheet: Sheet, person_columns: set[int], lookup: Lookup) -> tuple[list[int], list[Skill]]:
    """The skill columns, from their headings (each problem with a heading reported)."""
    skill_columns: list[int] = []
    skills: list[Skill] = []
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
            skill = lookup.skill(heading)
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
    return skill_columns, skills


def _wide_people(sheet: Sheet, roles: dict[str, int], lookup: Lookup) -> tuple[np.ndarray, list[PlannedPerson]]:
    """Each row's e-mail, and the people not yet in Steward the file would add (each problem reported)."""
    email_column, name_column = roles["email"], roles["name"]
    department_column = roles.get("department")
    emails, bad_row = _emails(sheet, email_column)
    first_row_of: dict[str, int] = {}
    new_people: list[PlannedPerson] = []
    for index, email in enumerate(emails.tolist()):
        row = int(sheet.row_numbers[index])
        if bad_row[index]:
            continue
        if email in first_row_of:
            sheet.report(row, email_column, f"{email} is also on row {first_row_of[email]}; keep one row per person.")
            continue
        first_row_of[email] = row
        if email not in lookup.person_ids:
            name = cell_text(sheet.cells[index, name_column])
            if not name:
                sheet.report(row, name_column, f"{email} is not in Steward yet, so the new person needs a name.")
                continue
            department = cell_text(sheet.cells[index, department_column]) if department_column is not None else ""
            new_people.append(PlannedPerson(row, name, email, department))
    return emails, new_people


# --- the long layout ---------------------------------------------------------------------------


def _plan_long(path: Path, sheet: Sheet, roles: dict[str, int], lookup: Lookup) -> ImportPlan:
    email_column, level_column = roles["email"], roles["level"]
    emails, bad_row = _emails(sheet, email_column)
    for index in np.flatnonzero(~bad_row).tolist():
        email = emails[index]
        if email not in lookup.person_ids:
            sheet.report(
                sheet.row_numbers[index],
                email_column,
                f"No one in Steward has the e-mail {email}; add them first (a wide-layout import can add people).",
            )

    def skill_id(value: Any) -> int:
        return lookup.skill(value).id

    # Every cell's problem is reported, so that one round of corrections fixes the file.
    skill_ids = _required(sheet, roles["skill"], skill_id, what="skill")
    levels = _required(sheet, level_column, lookup.level, what="level")
    frame = pd.DataFrame(
        {
            "row": sheet.row_numbers,
            "column": level_column,
            "email": emails,
            "person_id": np.array([lookup.person_ids.get(email, 0) for email in emails.tolist()], dtype=np.int64),
            "skill_id": skill_ids,
            "level": levels,
            "when": pd.to_datetime(pd.Series(_optional(sheet, roles, "date", lookup.assessed_on), dtype=object)),
            "source": _optional(sheet, roles, "source", parse_source),
        }
    )
    frame = frame[(frame["skill_id"] >= 0) & (frame["level"] >= 0) & (frame["person_id"] > 0)]
    _report_conflicts(sheet, frame, level_column, lookup)
    errors = sheet.errors()
    if errors:
        return ImportPlan(path=path, file_type=sheet.file_type, layout=LONG, errors=errors)
    return compare_with_steward(path, sheet, LONG, frame, [], lookup, {})


def _required(sheet: Sheet, column: int, parse: Callable[[Any], int], *, what: str) -> np.ndarray:
    """A column every row needs, as numbers (-1 where missing or unreadable; each such cell reported)."""
    values, messages = parse_distinct(sheet.cells[:, column], parse, empty=-1, dtype=np.int64)
    unreadable = sheet.report_column(messages, column)
    for index in np.flatnonzero((values < 0) & ~unreadable).tolist():
        sheet.report(sheet.row_numbers[index], column, f"The {what} is missing.")
    return values


def _optional(sheet: Sheet, roles: dict[str, int], role: str, parse: Callable[[Any], Any]) -> np.ndarray:
    """A column the file may leave out, parsed (None where empty, unreadable or absent; problems reported)."""
    if role not in roles:
        return np.full(len(sheet.cells), None, dtype=object)
    values, messages = parse_distinct(sheet.cells[:, roles[role]], parse, empty=None)
    sheet.report_column(messages, roles[role])
    return values


def _report_conflicts(sheet: Sheet, frame: pd.DataFrame, level_column: int, lookup: Lookup) -> None:
    """The same person, skill and date twice with different levels: which one is meant?"""
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
                f"Row {first_row} gives {email} a different {lookup.skills[skill].name} level {on}; "
                "keep one of the two rows.",
            )
