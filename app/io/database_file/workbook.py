"""The whole database as a workbook a person can read: an About sheet, then one sheet per table.

Each table's sheet has its columns' names in words on a bold, frozen first row and
one row per record, sorted by primary key. Amounts are numbers with a money format,
days are dates, true/false are booleans; times are ISO 8601 text (a spreadsheet's
time keeps milliseconds at best, and the file must keep every microsecond). Text is
always a string cell, so a name like ``=HYPERLINK(...)`` is shown, never run; text a
spreadsheet could read as a formula also has the quote-prefix style, so editing the
cell keeps it text. Characters XML cannot hold (and carriage returns, which XML
would turn into line feeds) are written as ``_xHHHH_``, the workbook format's own
escape, which Excel shows as the character and the import reads back.

A number that a spreadsheet would not read back exactly (more than 15 digits) is
written as text of the exact number; a table longer than a sheet continues on
"<Table> (2)". Written with openpyxl's write-only workbook and read with its
read-only one, so neither holds the whole table in memory.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from app.files import FORMULA_STARTS
from app.io.database_file.columns import ABOUT_SHEET, Kind, TableSpec, heading_key, table_specs
from app.io.database_file.snapshot import Snapshot

# Excel's limits: rows on a sheet (the heading row included) and characters in a cell.
SHEET_ROWS = 1_048_576
CELL_CHARACTERS = 32_767
# Numbers a spreadsheet keeps exactly: 15 significant digits.
EXACT_INTEGER = 10**15
EXACT_MONEY = 10**13
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
ABOUT_LABELS = {
    "format": "Format",
    "format_version": "Format version",
    "schema_revision": "Schema revision",
    "app_version": "Steward version",
    "exported_at": "Exported at",
}
CONTENTS_HEADINGS = ("Sheet", "Table", "Rows")
_CONTINUED = re.compile(r"^(?P<title>.*?) \((?P<part>\d+)\)$")
_ESCAPE_LOOKALIKE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x0d\x0e-\x1f\ufffe\uffff]")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")

Progress = Callable[[int], None]


class WorkbookProblem(Exception):
    """The workbook cannot be read as a Steward database file; the message says why."""


def escape_text(text: str) -> str:
    """``text`` as a workbook cell holds it: ``_xHHHH_`` for what XML cannot carry, ``_x005F_`` before a lookalike."""
    if "_x" in text:
        text = _ESCAPE_LOOKALIKE.sub("_x005F_", text)
    return _UNWRITABLE.sub(lambda found: f"_x{ord(found[0]):04X}_", text)


def unescape_text(text: str) -> str:
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda found: chr(int(found[1], 16)), text)


class TooLong(Exception):
    """A text longer than a spreadsheet cell holds."""


class _CellWriter:
    """Turns one table's logical values into cells; reuses one styled cell per column (rows are written at once)."""

    def __init__(self, sheet: Any, table: TableSpec) -> None:
        from openpyxl.cell import WriteOnlyCell

        self._kinds = [column.kind for column in table.columns]
        self._money = [WriteOnlyCell(sheet) for _ in table.columns]
        for cell in self._money:
            cell.number_format = MONEY_FORMAT
        self._dates = [WriteOnlyCell(sheet) for _ in table.columns]
        for cell in self._dates:
            cell.number_format = DATE_FORMAT
        self._quoted = [WriteOnlyCell(sheet) for _ in table.columns]
        for cell in self._quoted:
            cell.quotePrefix = True
        self._text = [WriteOnlyCell(sheet) for _ in table.columns]

    def row(self, values: tuple[Any, ...]) -> list[Any]:
        cells: list[Any] = []
        for index, (kind, value) in enumerate(zip(self._kinds, values, strict=True)):
            if value is None:
                cells.append(None)
            elif kind is Kind.TEXT:
                cells.append(self._text_cell(index, value))
            elif kind is Kind.MONEY:
                cells.append(self._set(self._money[index], value) if abs(value) < EXACT_MONEY else str(value))
            elif kind is Kind.DATE:
                cells.append(self._set(self._dates[index], value))
            elif kind is Kind.DATETIME:
                cells.append(value.isoformat())
            elif kind is Kind.INTEGER:
                cells.append(value if abs(value) < EXACT_INTEGER else str(value))
            elif kind is Kind.NUMBER:
                cells.append(value if float(f"{value:.16g}") == value else repr(value))
            else:
                cells.append(value)
        return cells

    @staticmethod
    def _set(cell: Any, value: Any) -> Any:
        cell.value = value
        return cell

    def _text_cell(self, index: int, value: str) -> Any:
        if len(value) > CELL_CHARACTERS:
            raise TooLong(len(value))
        written = escape_text(value)
        if written.startswith(FORMULA_STARTS):
            cell = self._quoted[index]
        elif written.startswith("#") or _UNWRITABLE.search(written):
            cell = self._text[index]  # "#N/A" would become an error value
        else:
            return written
        cell.value = None
        # As text, past openpyxl's guess that "=..." is a formula and "#N/A" an error value.
        cell._value = written  # type: ignore[attr-defined]  # Cell's slot, missing from its stubs
        cell.data_type = "s"
        return cell


def _sheet_titles(table: TableSpec, rows: int) -> list[str]:
    per_sheet = SHEET_ROWS - 1
    parts = max(1, -(-rows // per_sheet))
    return [table.sheet_title if part == 1 else f"{table.sheet_title} ({part})" for part in range(1, parts + 1)]


def write_workbook(snapshot: Snapshot, handle: BinaryIO, header: dict[str, Any], *, progress: Progress) -> None:
    """The About sheet, then every table's sheets, to ``handle``."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    def headings(sheet: Any, texts: tuple[str, ...]) -> list[Any]:
        cells = [WriteOnlyCell(sheet, value=text) for text in texts]
        for cell in cells:
            cell.font = bold
        return cells

    about = workbook.create_sheet(ABOUT_SHEET)
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 36
    about.append(headings(about, ("Steward database export",)))
    for key, label in ABOUT_LABELS.items():
        about.append([label, str(header[key])])
    about.append([])
    about.append(headings(about, CONTENTS_HEADINGS))
    titles = {table.name: _sheet_titles(table, snapshot.counts[table.name]) for table in snapshot.tables}
    for table in snapshot.tables:
        for part, title in enumerate(titles[table.name]):
            rows = min(SHEET_ROWS - 1, snapshot.counts[table.name] - part * (SHEET_ROWS - 1))
            about.append([title, table.name, max(rows, 0)])
    try:
        for table in snapshot.tables:
            _write_table(workbook, snapshot, table, titles[table.name], headings, progress)
    except BaseException:
        _abandon(workbook)
        raise
    workbook.save(handle)


def _abandon(workbook: Any) -> None:
    """Close and remove the sheets' temporary files of a workbook that will not be saved."""
    for sheet in workbook.worksheets:
        with suppress(Exception):
            sheet.close()
        with suppress(Exception):
            sheet._writer.cleanup()


def _write_table(
    workbook: Any,
    snapshot: Snapshot,
    table: TableSpec,
    titles: list[str],
    headings: Callable[[Any, tuple[str, ...]], list[Any]],
    progress: Progress,
) -> None:
    from openpyxl.utils import get_column_letter

    sheets = iter(titles)
    sheet: Any = None
    writer: _CellWriter | None = None
    room = 0

    def next_sheet() -> None:
        nonlocal sheet, writer, room
        sheet = workbook.create_sheet(next(sheets))
        sheet.freeze_panes = "A2"
        for index, column in enumerate(table.columns, start=1):
            width = 24 if column.kind in (Kind.TEXT, Kind.DATETIME) else 14
            sheet.column_dimensions[get_column_letter(index)].width = max(width, len(column.heading) + 2)
        sheet.append(headings(sheet, tuple(column.heading for column in table.columns)))
        writer = _CellWriter(sheet, table)
        room = SHEET_ROWS - 1

    next_sheet()
    for rows in snapshot.chunks(table):
        for row in rows:
            if room == 0:
                next_sheet()
            assert writer is not None and sheet is not None
            try:
                sheet.append(writer.row(row))
            except TooLong as too_long:
                key = dict(zip(table.column_names, row, strict=True))[table.primary_key[0]]
                raise WorkbookProblem(
                    f"a text in table {table.name} (row {key}) is {too_long.args[0]:,} characters long "
                    f"and a spreadsheet cell holds {CELL_CHARACTERS:,}; "
                    "export to .json instead"
                ) from None
            room -= 1
        progress(len(rows))


# Reading ----------------------------------------------------------------------------------------------


def open_workbook(path: Path) -> Any:
    """The workbook at ``path`` for streaming reads, after the archive's sizes are checked."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from app.io.cells import CellProblem
    from app.io.grid import MAX_FILE_BYTES, check_archive

    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise WorkbookProblem(
            f"it is {size / 2**20:,.0f} MB, and a workbook to import may be {MAX_FILE_BYTES // 2**20:,} MB"
        )
    data = path.read_bytes()
    try:
        check_archive(data, path.name)
    except CellProblem as problem:
        raise WorkbookProblem(str(problem)) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError):
        raise WorkbookProblem(
            "it cannot be read as an Excel workbook; it may be damaged or in another format"
        ) from None


def read_about(workbook: Any) -> tuple[dict[str, Any], dict[str, int]]:
    """The header (format, version, revision ...) and each table's declared row count, from the About sheet."""
    if ABOUT_SHEET not in workbook.sheetnames:
        raise WorkbookProblem("it has no About sheet, so it is not a whole-database file of Steward")
    labels = {heading_key(label): key for key, label in ABOUT_LABELS.items()}
    header: dict[str, Any] = {}
    counts: dict[str, int] = {}
    in_contents = False
    sheet = workbook[ABOUT_SHEET]
    sheet.reset_dimensions()
    for row in sheet.iter_rows(values_only=True, max_col=3):
        cells = [*row, None, None, None][:3]
        first = heading_key(str(cells[0] or ""))
        if in_contents and cells[1] is not None:
            counts[str(cells[1])] = counts.get(str(cells[1]), 0) + _count(cells[2])
        elif first in labels:
            header[labels[first]] = cells[1]
        elif first == heading_key(CONTENTS_HEADINGS[0]):
            in_contents = True
    return header, counts


def _count(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise WorkbookProblem(f"its About sheet gives {value!r} as a number of rows")


def table_of_sheet(title: str) -> TableSpec:
    found = _CONTINUED.match(title)
    key = heading_key(found["title"] if found else title)
    for table in table_specs():
        if heading_key(table.sheet_title) == key:
            return table
    raise WorkbookProblem(f"its sheet {title!r} is not a table of Steward's database")


def sheet_rows(sheet: Any, table: TableSpec) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Each row below the headings (its spreadsheet number, its values in the table's column order)."""
    sheet.reset_dimensions()
    rows = sheet.iter_rows(values_only=True)
    headings = next(rows, None) or ()
    keys = [heading_key(str(value)) if value is not None else "" for value in headings]
    positions = []
    for column in table.columns:
        wanted = heading_key(column.heading)
        if wanted not in keys:
            raise WorkbookProblem(f"its sheet {sheet.title!r} has no column {column.heading!r}")
        positions.append(keys.index(wanted))
    extra = [str(value) for value, key in zip(headings, keys, strict=True) if key and key not in _headings_of(table)]
    if extra:
        raise WorkbookProblem(f"its sheet {sheet.title!r} has a column {extra[0]!r} that table {table.name} does not")
    width = len(keys)
    for number, row in enumerate(rows, start=2):
        if len(row) < width:
            row = (*row, *([None] * (width - len(row))))
        values = tuple(row[position] for position in positions)
        if all(value is None for value in values):
            continue
        yield number, values


def _headings_of(table: TableSpec) -> set[str]:
    return {heading_key(column.heading) for column in table.columns}


def cell_value(kind: Kind, nullable: bool, value: Any) -> Any:
    """A cell as the file's value for a column of ``kind``: escapes undone, an empty text cell as ""."""
    if kind is Kind.TEXT:
        if value is None:
            return None if nullable else ""
        if isinstance(value, str):
            return unescape_text(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(int(value)) if float(value).is_integer() else repr(value)
        if isinstance(value, date):
            return value.isoformat()
    return value
