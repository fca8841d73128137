"""Reading a skills-matrix file and checking its rows: the heading row, the layout, every cell.

Two layouts, told apart by the heading row: **wide** (one row per person: name,
e-mail, department, then one column per skill) and **long** (one row per
assessment: e-mail, skill, level, date, source; read in parts by
``app.io.matrix_long``). ``plan_import`` reads a file, reports every problem where
the spreadsheet shows it (not just the first), and hands the levels it could read
to ``app.io.matrix_diff`` for the preview.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from app.db.database import Database
from app.errors import UserError
from app.io.cells import CellProblem, cell_text, parse_distinct
from app.io.grid import Grid, find_heading_row, no_heading, open_rows, read_head
from app.io.matrix_diff import compare_with_steward
from app.io.matrix_long import LONG, plan_long
from app.io.matrix_lookup import NO_LEVEL, Lookup, Skill, parse_email
from app.io.matrix_plan import KEPT_PROBLEMS, ImportPlan, LevelColumns, PlannedPerson, failed_plan
from app.io.sheet import Problems, Sheet
from app.services.inputs import refuse_control_characters

WIDE = "wide"

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


def plan_import(
    database: Database, path: str | Path, *, today: date | None = None, progress: Callable[[int], None] | None = None
) -> ImportPlan:
    """Read and check ``path`` (a wide or long skills matrix, CSV or XLSX); write nothing.

    Every problem is collected (not just the first; a plan keeps the first
    ``KEPT_PROBLEMS`` and counts the rest); a plan with any problem cannot be
    applied. A long file is read in parts, so its length is bounded by the
    file limits, not by memory; ``progress`` hears how many rows are checked
    after each part.
    """
    path = Path(path)
    try:
        with open_rows(path) as source:
            head = read_head(source.rows)
            found = _find_header(head)
            if found is None:
                problem = no_heading(path, head, source.file_type, HEADINGS_HELP)
                return failed_plan(path, problem.message, file_type=problem.file_type, row=problem.row)
            header_index, layout, roles = found
            lookup = Lookup(database.reader(), today=today or date.today())
            if layout == LONG:
                return plan_long(path, source, head, header_index, roles, lookup, progress=progress)
            grid = Grid(head + list(source.rows), source.file_type)
    except CellProblem as problem:
        return failed_plan(path, str(problem))
    sheet = Sheet(grid, header_index, problems=Problems(keep=KEPT_PROBLEMS))
    if not len(sheet.cells):
        return failed_plan(
            path, f"{path.name} has headings but no rows below them.", file_type=grid.file_type, layout=layout
        )
    return _plan_wide(path, sheet, roles, lookup)


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
    if sheet.problems.count:
        return ImportPlan(
            path=path,
            file_type=sheet.file_type,
            layout=WIDE,
            new_people=tuple(new_people),
            errors=sheet.errors(),
            found_problems=sheet.problems.count,
        )

    rows, positions = np.nonzero(levels >= 0)
    new_person_keys = {person.email: -(number + 1) for number, person in enumerate(new_people)}
    person_key = np.array(
        [lookup.person_ids.get(email, new_person_keys.get(email, 0)) for email in emails.tolist()], dtype=np.int64
    )
    columns = np.asarray(skill_columns, dtype=np.int64)
    count = len(rows)
    file_levels = LevelColumns(
        row=sheet.row_numbers[rows].astype(np.int64),
        column=columns[positions],
        person=person_key[rows],
        skill=np.array([skill.id for skill in skills], dtype=np.int64)[positions],
        level=levels[rows, positions].astype(np.int64),
        day=np.zeros(count, dtype=np.int64),
        source=np.zeros(count, dtype=np.int64),
    )
    return compare_with_steward(
        path,
        file_type=sheet.file_type,
        layout=WIDE,
        levels=file_levels,
        new_people=new_people,
        lookup=lookup,
        column_labels={column: sheet.column_label(column) for column in skill_columns},
    )


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
            unwritable = _unwritable(((name_column, name, "name"), (department_column, department, "department")))
            if unwritable is not None:
                sheet.report(row, *unwritable)
                continue
            new_people.append(PlannedPerson(row, name, email, department))
    return emails, new_people


def _unwritable(cells: Iterable[tuple[int | None, str, str]]) -> tuple[int, str] | None:
    """The first (column, sentence) of a new person's cells holding a control character, or None."""
    for column, text, what in cells:
        if column is None:
            continue
        try:
            refuse_control_characters(text, what=what)
        except UserError as problem:
            return column, str(problem)
    return None
