"""What a block pasted into the budget grid means, before anything is written: which cells it lands on
(from the selection, or the current cell), and the line changes and new lines it makes.

A paste is all or nothing: every cell is read first, and one that its column
cannot take refuses the whole paste (``PasteRefused``, a sentence naming the
pasted row and the column); the page then sends what a ``Paste`` holds as one
service call, undone as one step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from views.budget.cells import CATEGORY, DIFFERENCE, FIELDS, NOTE, CellError, column_title, read_cell
from views.labels import tr

Cell = tuple[int, int]  # (row, column) as the grid shows them


class PasteRefused(ValueError):
    """A paste refused whole; the message is the sentence for the user."""


class Paste(NamedTuple):
    """The changes a paste makes: to existing lines (and their values before), and the new lines."""

    updates: dict[int, dict[str, Any]]  # line id -> field -> pasted value
    befores: dict[int, dict[str, Any]]  # line id -> field -> its value before the paste
    additions: list[dict[str, Any]]  # new lines (``LineInput`` fields), top to bottom


def paste_targets(
    block: Sequence[Sequence[str]], *, selected: Sequence[Cell], current: Cell | None, new_row: int
) -> tuple[Cell, dict[Cell, str]]:
    """The top-left cell of the paste, and the text each cell receives.

    The paste starts at the selection's top-left, else at the current cell, else
    on the "new line" row (``new_row``). One value over several selected cells
    fills each of them, as a spreadsheet does.
    """
    if selected:
        top, left = min(row for row, _ in selected), min(column for _, column in selected)
    elif current is not None:
        top, left = current
    else:
        top, left = new_row, CATEGORY
    if len(block) == 1 and len(block[0]) == 1 and len(selected) > 1:
        return (top, left), dict.fromkeys(selected, block[0][0])
    targets = {
        (top + row_offset, left + column_offset): cell
        for row_offset, cells in enumerate(block)
        for column_offset, cell in enumerate(cells)
    }
    return (top, left), targets


def read_paste(
    targets: Mapping[Cell, str],
    *,
    origin: Cell,
    new_row: int,
    line_at: Callable[[int], Any],
    defaults: Mapping[str, Any],
    fiscal_year: int,
    start_month: int,
) -> Paste:
    """Every target cell read into the value its column stores; ``PasteRefused`` at the first that cannot be.

    Rows from ``new_row`` on become new lines (``defaults`` for the cells not
    pasted); a row above it changes the line ``line_at(row)``, in the fields whose
    value differs. The difference column is computed: a block copied from the grid
    carries it, and it is left as it is.
    """
    top, left = origin
    paste = Paste({}, {}, [])
    additions: dict[int, dict[str, Any]] = {}
    for (row, column), text in sorted(targets.items()):
        pasted_row = row - top + 1
        if column > NOTE:
            raise PasteRefused(
                tr(
                    "Pasted row {row} has more cells than the grid has columns from {column}; nothing was pasted."
                ).format(row=pasted_row, column=column_title(left))
            )
        if column == DIFFERENCE:
            continue
        try:
            value = read_cell(column, text, fiscal_year=fiscal_year, start_month=start_month)
        except CellError as error:
            raise PasteRefused(
                tr("Pasted row {row}, {column}: {reason}; nothing was pasted.").format(
                    row=pasted_row, column=column_title(column), reason=error
                )
            ) from None
        field = FIELDS[column]
        if row >= new_row:
            additions.setdefault(row, dict(defaults))[field] = value
            continue
        line = line_at(row)
        if getattr(line, field) != value:
            paste.updates.setdefault(line.id, {})[field] = value
            paste.befores.setdefault(line.id, {})[field] = getattr(line, field)
    paste.additions.extend(additions[row] for row in sorted(additions))
    return paste
