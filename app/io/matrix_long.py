"""The long layout of a skills matrix (one row per assessment: e-mail, skill, level, date, source), read in parts.

A long file can hold a million assessments, more than fits in memory as a grid of
cells: its rows are read ``PART_ROWS`` at a time, each part is checked and turned
into columns of numbers (``LevelColumns``), and only those are kept. Each distinct
cell is parsed once across the parts (``remembered``); the problems are collected
across the parts (the first ``KEPT_PROBLEMS`` kept, all counted).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from itertools import chain, islice
from pathlib import Path
from typing import Any

import numpy as np

from app.io.cells import CellProblem, parse_distinct
from app.io.grid import Rows
from app.io.matrix_diff import compare_with_steward
from app.io.matrix_lookup import Lookup, parse_email, parse_source, remembered
from app.io.matrix_plan import KEPT_PROBLEMS, ImportPlan, LevelColumns, failed_plan
from app.io.sheet import Problems, Sheet
from app.services.skills.matrix_import import SOURCES

LONG = "long"
PART_ROWS = 50_000


def plan_long(
    path: Path,
    source: Rows,
    head: list[list[Any]],
    header_index: int,
    roles: dict[str, int],
    lookup: Lookup,
    *,
    progress: Callable[[int], None] | None = None,
) -> ImportPlan:
    """Check every row of a long file (``head`` is what was read to find its headings, ``source`` the rest);
    ``progress`` hears how many rows are checked after each part."""
    problems = Problems(keep=KEPT_PROBLEMS)
    parsers = _parsers(lookup)
    parts: list[LevelColumns] = []
    sheet: Sheet | None = None
    for first_row, body in _parts(head[header_index + 1 :], source.rows, first_row=header_index + 2):
        sheet = Sheet.part(
            source.file_type,
            head[header_index],
            body,
            header_row=header_index + 1,
            first_row=first_row,
            problems=problems,
        )
        if len(sheet.cells):
            parts.append(_read_part(sheet, roles, parsers))
        if progress is not None:
            progress(first_row + len(body) - header_index - 2)
    if sheet is None or not parts:
        return failed_plan(
            path, f"{path.name} has headings but no rows below them.", file_type=source.file_type, layout=LONG
        )
    levels = LevelColumns(*(np.concatenate(columns) for columns in zip(*parts, strict=True)))
    levels = levels.take(np.flatnonzero((levels.skill >= 0) & (levels.level >= 0) & (levels.person > 0)))
    _report_conflicts(sheet, levels, roles["level"], lookup)
    if problems.count:
        return ImportPlan(
            path=path, file_type=source.file_type, layout=LONG, errors=sheet.errors(), found_problems=problems.count
        )
    return compare_with_steward(
        path,
        file_type=source.file_type,
        layout=LONG,
        levels=levels,
        new_people=[],
        lookup=lookup,
        column_labels={roles["level"]: sheet.column_label(roles["level"])},
    )


Part = tuple[int, list[list[Any]]]


def _parts(first: list[list[Any]], rest: Iterator[list[Any]], *, first_row: int) -> Iterator[Part]:
    """The body in parts (those read with the headings, then at most ``PART_ROWS`` rows), each with its first row's
    number; a part is read only when the one before has been checked."""
    number = first_row
    for part in chain((first,), iter(lambda: list(islice(rest, PART_ROWS)), [])):
        if part:
            yield number, part
            number += len(part)


Parser = Callable[[Any], int]


def _parsers(lookup: Lookup) -> dict[str, Parser]:
    """Each column's cells as numbers (see ``LevelColumns``), each distinct cell parsed once for the whole file."""

    def person(value: Any) -> int:
        email = parse_email(value)
        if not email:
            return -1
        person_id = lookup.person_ids.get(email)
        if person_id is None:
            raise CellProblem(
                f"No one in Steward has the e-mail {email}; add them first (a wide-layout import can add people)."
            )
        return person_id

    def day(value: Any) -> int:
        assessed_on = lookup.assessed_on(value)
        return assessed_on.toordinal() if assessed_on else 0

    def source(value: Any) -> int:
        named = parse_source(value)
        return 1 + SOURCES.index(named) if named else 0

    return {
        "email": remembered(person),
        "skill": remembered(lambda value: lookup.skill(value).id),
        "level": remembered(lookup.level),
        "date": remembered(day),
        "source": remembered(source),
    }


def _read_part(sheet: Sheet, roles: dict[str, int], parsers: dict[str, Parser]) -> LevelColumns:
    # Every cell's problem is reported, so that one round of corrections fixes the file.
    count = len(sheet.cells)
    return LevelColumns(
        row=sheet.row_numbers.astype(np.int64),
        column=np.full(count, roles["level"], dtype=np.int64),
        person=_required(sheet, roles["email"], parsers["email"], what="e-mail"),
        skill=_required(sheet, roles["skill"], parsers["skill"], what="skill"),
        level=_required(sheet, roles["level"], parsers["level"], what="level"),
        day=_optional(sheet, roles.get("date"), parsers["date"]),
        source=_optional(sheet, roles.get("source"), parsers["source"]),
    )


def _required(sheet: Sheet, column: int, parse: Parser, *, what: str) -> np.ndarray:
    """A column every row needs, as numbers (-1 where missing or unreadable; each such cell reported)."""
    values, messages = parse_distinct(sheet.cells[:, column], parse, empty=-1, dtype=np.int64)
    unreadable = sheet.report_column(messages, column)
    for index in np.flatnonzero((values < 0) & ~unreadable).tolist():
        sheet.report(sheet.row_numbers[index], column, f"The {what} is missing.")
    return values


def _optional(sheet: Sheet, column: int | None, parse: Parser) -> np.ndarray:
    """A column the file may leave out, as numbers (0 where empty, unreadable or absent; problems reported)."""
    if column is None:
        return np.zeros(len(sheet.cells), dtype=np.int64)
    values, messages = parse_distinct(sheet.cells[:, column], parse, empty=0, dtype=np.int64)
    sheet.report_column(messages, column)
    return values


def _report_conflicts(sheet: Sheet, levels: LevelColumns, level_column: int, lookup: Lookup) -> None:
    """The same person, skill and date twice with different levels: which one is meant?"""
    count = len(levels.row)
    if count < 2:
        return
    ranked = np.lexsort((np.arange(count), levels.day, levels.skill, levels.person))
    keys: Sequence[np.ndarray] = [values[ranked] for values in (levels.person, levels.skill, levels.day)]
    starts = np.concatenate(([True], np.logical_or.reduce([values[1:] != values[:-1] for values in keys])))
    first = ranked[np.maximum.accumulate(np.where(starts, np.arange(count), 0))]
    emails = {person_id: email for email, person_id in lookup.person_ids.items()}
    for index in np.flatnonzero(levels.level[ranked] != levels.level[first]).tolist():
        mine, theirs = int(ranked[index]), int(first[index])
        day = int(levels.day[mine])
        on = f"dated {date.fromordinal(day).isoformat()}" if day else "with no date"
        sheet.report(
            int(levels.row[mine]),
            level_column,
            f"Row {int(levels.row[theirs])} gives {emails[int(levels.person[mine])]} a different "
            f"{lookup.skills[int(levels.skill[mine])].name} level {on}; keep one of the two rows.",
        )
