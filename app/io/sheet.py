"""The rows below an imported file's heading row, and its problems where the spreadsheet shows them.

``Sheet`` holds the body as one grid (empty rows dropped) and names a column as the
file shows it: its letter in a workbook, its number and heading in a CSV file.
``ImportProblem`` is one problem with its row and column, ``Problems`` collects them
(bounded, for a long file) and ``problem_lines`` lists them for the CLI and the
import dialog.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import Any, NamedTuple

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


class Problems:
    """The problems found in a file: every one counted, the first ``keep`` (by row, then column) kept.

    ``keep`` bounds the memory a file of a million bad rows can take; None keeps them all.
    """

    def __init__(self, *, keep: int | None = None) -> None:
        self.keep = keep
        self.count = 0
        # A max-heap (keys negated) of the kept problems, so the one furthest down the file goes first.
        self._kept: list[tuple[int, int, int, str]] = []

    def add(self, row: int, column: int, message: str) -> None:
        self.count += 1
        entry = (-int(row), -int(column), -self.count, message)
        if self.keep is None or len(self._kept) < self.keep:
            heapq.heappush(self._kept, entry)
        elif entry > self._kept[0]:
            heapq.heapreplace(self._kept, entry)

    def sorted(self) -> list[tuple[int, int, str]]:
        """The kept problems as (row, 0-based column, message), by row, then column, then as found."""
        return [(-row, -column, message) for row, column, _order, message in sorted(self._kept, reverse=True)]


class Sheet:
    """The rows below the heading row, as one grid, and how to name a column to the user."""

    def __init__(self, grid: Grid, header_index: int, *, problems: Problems | None = None) -> None:
        self._fill(
            grid.file_type,
            grid.rows[header_index],
            grid.rows[header_index + 1 :],
            header_row=header_index + 1,
            first_row=header_index + 2,
            problems=problems,
        )

    @classmethod
    def part(
        cls,
        file_type: str,
        heading: Sequence[Any],
        body: Sequence[Sequence[Any]],
        *,
        header_row: int,
        first_row: int,
        problems: Problems,
    ) -> Sheet:
        """Some of the rows below the heading row (``first_row`` is the first's number), for a file read in parts;
        the parts share ``problems``."""
        sheet = cls.__new__(cls)
        sheet._fill(file_type, heading, body, header_row=header_row, first_row=first_row, problems=problems)
        return sheet

    def _fill(
        self,
        file_type: str,
        heading: Sequence[Any],
        body: Sequence[Sequence[Any]],
        *,
        header_row: int,
        first_row: int,
        problems: Problems | None,
    ) -> None:
        self.file_type = file_type
        self.header_row = header_row
        self.width = max([len(heading), *(len(row) for row in body)])
        self.headers = [cell_text(value) for value in heading]
        self.headers += [""] * (self.width - len(self.headers))
        cells = np.empty((len(body), self.width), dtype=object)
        if body and all(len(row) == self.width for row in body):
            cells[:] = body  # every row as wide as the sheet (a long CSV file): one copy, not one per row
        else:
            for index, row in enumerate(body):
                cells[index, : len(row)] = row
        filled, _ = parse_distinct(cells, lambda value: bool(cell_text(value)), empty=False, dtype=bool)
        keep = filled.any(axis=1) if self.width else np.zeros(len(body), dtype=bool)
        self.cells = cells[keep]
        self.filled = filled[keep]
        self.row_numbers = np.flatnonzero(keep) + first_row
        self.problems = problems if problems is not None else Problems()

    def column_label(self, index: int) -> str:
        if self.file_type == XLSX:
            return column_letter(index)
        header = self.headers[index]
        return f"{index + 1} ({header})" if header else str(index + 1)

    def report(self, row: int, column: int, message: str) -> None:
        self.problems.add(row, column, message)

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
        """The problems kept (all of them, unless the sheet was given a bound), by row and column."""
        return tuple(
            ImportProblem(row, self.column_label(column), message, column + 1)
            for row, column, message in self.problems.sorted()
        )


def problem_lines(errors: Sequence[ImportProblem], *, total: int | None = None) -> str:
    """The first ``LISTED_PROBLEMS`` problems, one a line, and how many more there are (of ``total``, if given:
    a plan may keep fewer problems than it found)."""
    total = len(errors) if total is None else total
    lines = [str(problem) for problem in errors[:LISTED_PROBLEMS]]
    if total > LISTED_PROBLEMS:
        lines.append(f"... and {count(total - LISTED_PROBLEMS, 'more problem', 'more problems')}.")
    return "\n".join(lines)
