"""Reading an imported file into a grid of cells: CSV (delimiter guessed, Excel's encodings) or XLSX.

``read_headed_grid`` also finds the heading row, or says why there is none; both
imports (skills matrix, actuals) start with it. ``open_rows`` gives the same rows one
at a time, for an import too long to hold as a grid (a million assessments), with
the same checks. openpyxl is imported only when a workbook is read.
"""

from __future__ import annotations

import codecs
import csv
import io
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple, TextIO, TypeVar

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
MAX_CELL_CHARS = 32_767  # as in Excel: a longer cell is no spreadsheet's
READ_BYTES = 1024 * 1024  # a CSV file's encoding is checked this much at a time
LIMIT_BATCH_ROWS = 1024  # rows read ahead to check them against the limits


class Grid(NamedTuple):
    rows: list[list[Any]]  # rows[i] is the spreadsheet's row i + 1
    file_type: str


class Rows(NamedTuple):
    """A file's rows as they are read (each checked against the limits on the way), and its type."""

    rows: Iterator[list[Any]]
    file_type: str


def read_grid(path: Path) -> Grid:
    with open_rows(path) as source:
        return Grid(list(source.rows), source.file_type)


@contextmanager
def open_rows(path: Path) -> Iterator[Rows]:
    """The rows of ``path`` (CSV or XLSX), read one at a time, so that a long file never sits in memory whole.

    Everything about the whole file (type, size, archive, encoding) is checked before the first row;
    the limits on rows and columns as the rows come. Each refusal is a ``CellProblem``.
    """
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
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CellProblem(
                f"{path.name} is {_megabytes(size)}; an import takes files up to {_megabytes(MAX_FILE_BYTES)}."
            )
        if suffix in XLSX_SUFFIXES:
            data = path.read_bytes()
            if not data.strip():
                raise CellProblem(f"{path.name} is empty.")
            with _xlsx_rows(data, path.name) as rows:
                yield Rows(_limited(rows, path.name), XLSX)
        else:
            with _csv_text(path) as text:
                delimiter = CSV_SUFFIXES[suffix] or _guess_delimiter(text)
                yield Rows(_limited(_csv_rows(text, path.name, delimiter=delimiter), path.name), CSV)
    except OSError as error:
        raise CellProblem(f"{path.name} cannot be read: {error.strerror or error}.") from None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB"


def _limited(rows: Iterator[list[Any]], name: str) -> Iterator[list[Any]]:
    """``rows`` up to the limits; past one, the file is refused (its rows counted to say how many)."""
    number = 0
    # Checked a batch at a time: the checks then cost little more than reading the rows.
    for batch in iter(lambda: list(islice(rows, LIMIT_BATCH_ROWS)), []):
        number += len(batch)
        if number > MAX_ROWS:
            total = number + sum(1 for _ in rows)
            raise CellProblem(f"{name} has {total:,} rows; an import takes up to {MAX_ROWS:,}.")
        widest = max(map(len, batch))
        if widest > MAX_COLUMNS:
            raise CellProblem(f"{name} has a row of {widest:,} columns; an import takes up to {MAX_COLUMNS:,}.")
        longest = max((len(cell) for row in batch for cell in row if isinstance(cell, str)), default=0)
        if longest > MAX_CELL_CHARS:
            raise CellProblem(_cell_too_long(name, longest))
        yield from batch


def _cell_too_long(name: str, length: int | None = None) -> str:
    size = f"of {length:,} characters" if length is not None else "longer than any spreadsheet's"
    return f"{name} has a cell {size}; a cell holds up to {MAX_CELL_CHARS:,} characters."


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


@contextmanager
def _xlsx_rows(data: bytes, name: str) -> Iterator[Iterator[list[Any]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_archive(data, name)
    unreadable = CellProblem(
        f"{name} cannot be read as an Excel workbook; it may be damaged, protected or in another format."
    )
    try:
        with warnings.catch_warnings():
            # Unsupported extensions (data validation, conditional formats) do not matter here.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError):
        raise unreadable from None
    try:
        if not workbook.worksheets:
            raise CellProblem(f"{name} has no sheets to read.")
        sheet = workbook.active or workbook.worksheets[0]
        # Some programs write a wrong sheet size; read the cells that are there instead.
        sheet.reset_dimensions()

        def rows() -> Iterator[list[Any]]:
            try:
                for row in sheet.iter_rows(values_only=True):
                    yield list(row)
            except (zipfile.BadZipFile, KeyError, ValueError, TypeError, EOFError, zlib.error):
                raise unreadable from None

        yield rows()
    finally:
        workbook.close()


@contextmanager
def _csv_text(path: Path) -> Iterator[TextIO]:
    """``path`` opened as text in the encoding Excel saved it in (checked to be text first)."""
    with path.open("rb") as handle:
        start = handle.read(4096)
    if start.startswith(b"PK\x03\x04"):
        raise CellProblem(f"{path.name} is an Excel workbook, not a CSV file; give it the .xlsx extension.")
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        encoding, errors = "utf-16", "strict"
    else:
        if b"\x00" in start:
            raise CellProblem(f"{path.name} is not a text file, so it cannot be read as CSV.")
        is_utf8, blank = _utf8_and_blank(path)
        if blank:
            raise CellProblem(f"{path.name} is empty.")
        # Excel on Windows saves "CSV" in the ANSI code page.
        encoding, errors = ("utf-8-sig", "strict") if is_utf8 else ("cp1252", "replace")
    try:
        with path.open(encoding=encoding, errors=errors, newline="") as text:
            yield text
    except UnicodeError:
        raise CellProblem(f"{path.name} cannot be read as text in {encoding}; save it as UTF-8 CSV.") from None


def _utf8_and_blank(path: Path) -> tuple[bool, bool]:
    """Whether the whole file decodes as UTF-8, and whether it holds nothing but white space (read in pieces)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    is_utf8, blank = True, True
    with path.open("rb") as handle:
        while piece := handle.read(READ_BYTES):
            blank = blank and not piece.strip()
            if is_utf8:
                try:
                    decoder.decode(piece)
                except UnicodeDecodeError:
                    is_utf8 = False
            if not (is_utf8 or blank):
                break
    if is_utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    return is_utf8, blank


def _csv_rows(text: TextIO, name: str, *, delimiter: str) -> Iterator[list[Any]]:
    try:
        yield from csv.reader(text, delimiter=delimiter)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise CellProblem(_cell_too_long(name)) from None
        raise CellProblem(f"{name} cannot be read as CSV: {error}.") from None


def _guess_delimiter(text: TextIO) -> str:
    """The delimiter of the first line that is not blank (the file is read from the start again afterwards)."""
    first_line = ""
    for line in text:
        if line.strip():
            first_line = line
            break
    text.seek(0)
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
    """The file's grid and what ``find_header`` found in it, or the problem: unreadable, empty, no heading row.

    The rows below the headings are read only once the headings are found, so a file that is not of
    this kind is told apart quickly, whatever its length.
    """
    try:
        with open_rows(path) as source:
            head = read_head(source.rows)
            found = find_header(head)
            if found is None:
                return no_heading(path, head, source.file_type, headings_help)
            return Grid(head + list(source.rows), source.file_type), found
    except CellProblem as problem:
        return GridProblem(str(problem))


def read_head(rows: Iterator[list[Any]]) -> list[list[Any]]:
    """The first rows of a file, as far as its heading row can be (``HEADER_SEARCH_ROWS`` rows that are not empty)."""
    head: list[list[Any]] = []
    filled = 0
    for row in rows:
        head.append(row)
        filled += any(cell_text(value) for value in row)
        if filled >= HEADER_SEARCH_ROWS:
            break
    return head


def no_heading(path: Path, head: Sequence[Sequence[Any]], file_type: str, headings_help: str) -> GridProblem:
    """Why ``head`` (from :func:`read_head`) has no heading row: the file is empty, or its headings are not known."""
    first = next((index for index, row in enumerate(head) if any(cell_text(value) for value in row)), None)
    if first is None:
        return GridProblem(f"{path.name} is empty.", file_type)
    return GridProblem(f"No heading row was found; {headings_help}.", file_type, first + 1)


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
