"""Reading an imported file into a grid of cells: CSV (delimiter guessed, Excel's encodings) or XLSX.

``read_headed_grid`` also finds the heading row, or says why there is none; both
imports (skills matrix, actuals) start with it. openpyxl is imported only when a
workbook is read.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from app.io.cells import CellProblem, cell_text, header_key, match_roles

Found = TypeVar("Found")

CSV, XLSX = "csv", "xlsx"
CSV_SUFFIXES = {".csv": None, ".tsv": "\t"}  # None: the delimiter is guessed (Excel writes ";" in some locales)
XLSX_SUFFIXES = (".xlsx", ".xlsm")
# A title line or two above the headings is common in HR's files; look this far for the heading row.
HEADER_SEARCH_ROWS = 10

# Files are hostile until proven otherwise. The largest real workbook Steward imports (5,000 people ×
# 300 skills) is a few MB and unpacks to under 100 MB; these limits are far above it and far below harm.
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 1_000
MAX_UNPACKED_BYTES = 512 * 1024 * 1024  # all the archive's members together, as declared
MAX_RATIO = 250  # unpacked ÷ packed, for a member larger than RATIO_FROM
RATIO_FROM = 16 * 1024 * 1024
MAX_ROWS = 2_000_000
MAX_COLUMNS = 2_000


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
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CellProblem(
                f"{path.name} is {_megabytes(path.stat().st_size)}; an import takes files up to "
                f"{_megabytes(MAX_FILE_BYTES)}."
            )
        data = path.read_bytes()
    except OSError as error:
        raise CellProblem(f"{path.name} cannot be read: {error.strerror or error}.") from None
    if not data.strip():
        raise CellProblem(f"{path.name} is empty.")
    if suffix in XLSX_SUFFIXES:
        return Grid(_checked_size(_read_xlsx(data, path.name), path.name), XLSX)
    return Grid(_checked_size(_read_csv(data, path.name, delimiter=CSV_SUFFIXES[suffix]), path.name), CSV)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB"


def _checked_size(rows: list[list[Any]], name: str) -> list[list[Any]]:
    if len(rows) > MAX_ROWS:
        raise CellProblem(f"{name} has {len(rows):,} rows; an import takes up to {MAX_ROWS:,}.")
    widest = max((len(row) for row in rows), default=0)
    if widest > MAX_COLUMNS:
        raise CellProblem(f"{name} has a row of {widest:,} columns; an import takes up to {MAX_COLUMNS:,}.")
    return rows


def check_archive(data: bytes, name: str) -> None:
    """Refuse a workbook whose archive would unpack to too much (a "zip bomb"), before anything unpacks it.

    The sizes are the archive's own declarations; Python's ``zipfile`` (which openpyxl reads through)
    never unpacks a member past its declared size, and a member that holds more fails its checksum.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise CellProblem(
            f"{name} cannot be read as an Excel workbook; it may be damaged, protected or in another format."
        ) from None
    if len(members) > MAX_MEMBERS:
        raise CellProblem(f"{name} holds {len(members):,} parts; an Excel workbook has far fewer, so it is refused.")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise CellProblem(
            f"{name} would unpack to {_megabytes(unpacked)}; an import takes workbooks up to "
            f"{_megabytes(MAX_UNPACKED_BYTES)} unpacked, so it is refused."
        )
    for member in members:
        ratio = member.file_size // max(member.compress_size, 1)
        if member.file_size > RATIO_FROM and ratio > MAX_RATIO:
            raise CellProblem(
                f"{name} is refused: its part {member.filename} unpacks {ratio:,} times larger than it is stored, "
                "as no spreadsheet does."
            )


def _read_xlsx(data: bytes, name: str) -> list[list[Any]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_archive(data, name)
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
        if not workbook.worksheets:
            raise CellProblem(f"{name} has no sheets to read.")
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


def find_heading_row(
    rows: Sequence[Sequence[Any]],
    aliases: Mapping[str, frozenset[str]],
    accept: Callable[[int, dict[str, int]], Found | None],
) -> Found | None:
    """What ``accept`` makes of the first heading row it takes: called with each row's index (0-based) and the
    column of each role its headings name, for the first ``HEADER_SEARCH_ROWS`` rows that are not empty."""
    seen = 0
    for index, row in enumerate(rows):
        keys = [header_key(cell_text(value)) for value in row]
        if not any(keys):
            continue
        found = accept(index, match_roles(keys, aliases))
        if found is not None:
            return found
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    return None
