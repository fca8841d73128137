"""The rows below an imported file's heading row, and its problems where the spreadsheet shows them.

``Sheet`` holds the body as one grid (empty rows dropped) and names a column as the
file shows it: its letter in a workbook, its number and heading in a CSV file.
``ImportProblem`` is one problem with its row and column; ``problem_lines`` lists
them for the CLI and the import dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from app.io.cells import cell_text, column_letter, count, parse_distinct
from app.io.grid import XLSX, Grid

# describe_plan lists this many problems, then says how many more there are.
LISTED_PROBLEMS = 100


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
        filled, _ = parse_distinct(cells, lambda value: bool(cell_text(value)), empty=False, dtype=bool)
        keep = filled.any(axis=1) if self.width else np.zeros(len(body), dtype=bool)
        self.cells = cells[keep]
        self.filled = filled[keep]
        self.row_numbers = np.flatnonzero(keep) + header_index + 2
        self.problems: list[tuple[int, int, str]] = []  # (row, 0-based column, message)

    def column_label(self, index: int) -> str:
        if self.file_type == XLSX:
            return column_letter(index)
        header = self.headers[index]
        return f"{index + 1} ({header})" if header else str(index + 1)

    def report(self, row: int, column: int, message: str) -> None:
        self.problems.append((int(row), int(column), message))

    def report_column(self, messages: np.ndarray, column: int) -> np.ndarray:
        """Report every cell of one column that has a message; returns the rows with one."""
        return self.report_cells(messages[:, None], [column])

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


def problem_lines(errors: Sequence[ImportProblem]) -> str:
    """The first ``LISTED_PROBLEMS`` problems, one a line, and how many more there are."""
    lines = [str(problem) for problem in errors[:LISTED_PROBLEMS]]
    if len(errors) > LISTED_PROBLEMS:
        lines.append(f"... and {count(len(errors) - LISTED_PROBLEMS, 'more problem', 'more problems')}.")
    return "\n".join(lines)
