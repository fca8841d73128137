"""Exporting the skills matrix in the wide layout (.csv or .xlsx): active people × skills in use.

Headings are the skills' names ("Area / Skill" where a name is ambiguous or reads
like a person column), so that importing the file again plans no change. Written
whole or not at all, with text a spreadsheet could run as a formula made literal.
openpyxl is imported only when a workbook is written.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from app.analysis.skills import NEWEST_ASSESSMENTS_SQL, fill_levels
from app.db.database import Database
from app.db.reader import Reader
from app.errors import UserError
from app.files import atomic_write_bytes, safe_cell, xlsx_cell
from app.io.cells import fold, header_key
from app.io.matrix_rows import ROLE_ALIASES


class MatrixExport(NamedTuple):
    path: Path
    people: int
    skills: int


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
    name_counts = pd.Series([fold(name) for _, name, _ in skills], dtype=object).value_counts()
    person_keys = set().union(*(ROLE_ALIASES[role] for role in ROLE_ALIASES))
    headings = ["Name", "E-mail", "Department"] + [
        f"{area} / {name}" if name_counts[fold(name)] > 1 or header_key(name) in person_keys else name
        for _, name, area in skills
    ]
    levels = fill_levels(
        reader.rows(NEWEST_ASSESSMENTS_SQL),
        person_ids=np.array([person[0] for person in people], dtype=np.int64),
        skill_ids=np.array([skill[0] for skill in skills], dtype=np.int64),
    )
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
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Skills matrix")
    sheet.freeze_panes = "D2"
    for letter, width in (("A", 28), ("B", 34), ("C", 22)):
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)
    sheet.append([xlsx_cell(sheet, heading, font=bold) for heading in headings])
    for person, levels in zip(people, cells.tolist(), strict=True):
        sheet.append([*(xlsx_cell(sheet, value) for value in person), *levels])
    # Built in memory, then written at once: a disk that refuses half-way leaves openpyxl nothing half-open.
    buffer = io.BytesIO()
    workbook.save(buffer)
    atomic_write_bytes(target, buffer.getvalue())
