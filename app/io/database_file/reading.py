"""A whole-database file opened for import: its header checked, then its tables' rows, parsed and checked.

``open_source`` tells the two forms apart by content (a JSON document starts with
``{``, a workbook with the zip signature), reads the header (format, version,
schema revision, row counts) and refuses a file that is not Steward's, of another
format version or of another schema before any row is read. ``Source.tables``
then yields each table with its rows as logical values, a chunk at a time; a value
that is not what its column holds stops the import with the row and column named.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.io.database_file.columns import ABOUT_SHEET, FORMAT_NAME, FORMAT_VERSION, TableSpec, table_named
from app.io.database_file.json_file import JsonProblem, JsonStream, open_text, row_values
from app.io.database_file.values import ValueProblem, parse, parser
from app.io.database_file.workbook import WorkbookProblem, cell_value, open_workbook, read_about, sheet_rows
from app.io.database_file.workbook import table_of_sheet as _table_of_sheet

CHUNK_ROWS = 5_000
NOT_OURS = "it is not a whole-database file of Steward"
HEADER_KEYS = frozenset({"format", "format_version", "schema_revision", "app_version", "exported_at", "row_counts"})
ZIP_SIGNATURE = b"PK\x03\x04"

Rows = list[tuple[Any, ...]]


class FileProblem(Exception):
    """The file cannot be imported; the message says why (the caller names the file)."""


def looks_like_database_file(path: Path) -> bool:
    """True for a file that can only be a whole-database file: any JSON file, or a workbook whose first sheet is About.

    The workbook is asked through its small ``xl/workbook.xml`` only, so a skills matrix of a million
    cells is not read twice.
    """
    import re
    import zipfile

    suffix = path.suffix.lower()
    if suffix == ".json":
        return True
    if suffix not in (".xlsx", ".xlsm"):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("xl/workbook.xml")
            if info.file_size > 1 << 20:
                return False
            found = re.search(rb'<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"', archive.read(info))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return False
    return found is not None and found[1] == ABOUT_SHEET.encode()


def check_header(header: dict[str, Any], revision: str) -> None:
    """Refuse a file that is not Steward's, of a format version this app cannot read, or of another schema."""
    if header.get("format") != FORMAT_NAME:
        raise FileProblem(NOT_OURS + " (its format is not 'steward-database')")
    version = header.get("format_version")
    if str(version) != str(FORMAT_VERSION):
        raise FileProblem(
            f"it is in version {version} of the format and this Steward reads version {FORMAT_VERSION}; "
            "import it with the Steward that wrote it"
        )
    schema = header.get("schema_revision")
    if str(schema) != revision:
        raise FileProblem(
            f"it holds a database of schema {schema} and this Steward's is {revision}; "
            "import it with the Steward version that wrote it, then upgrade with this one"
        )


class RowParser:
    """Rows of one table from raw values to logical ones; the first value that fails names its row and column."""

    def __init__(self, table: TableSpec, where: str) -> None:
        self._table = table
        self._parsers = [parser(column) for column in table.columns]
        self._where = where  # "sheet 'Person', row {}": where row {} is, in the words of the file

    def __call__(self, raw: tuple[Any, ...], number: int) -> tuple[Any, ...]:
        try:
            return tuple([parse_value(value) for parse_value, value in zip(self._parsers, raw, strict=True)])
        except ValueProblem:
            for column, value in zip(self._table.columns, raw, strict=True):
                try:
                    parse(column, value)
                except ValueProblem as problem:
                    raise FileProblem(f"{self._where.format(number)}, column {column.name}: {problem}") from None
            raise


def _in_chunks(rows: Iterator[tuple[Any, ...]]) -> Iterator[Rows]:
    """``rows`` ``CHUNK_ROWS`` at a time (the last chunk shorter, none empty), read only as each chunk is asked for."""
    chunk: Rows = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Source(ABC):
    """An opened file: ``header`` and ``declared_counts`` read, ``tables()`` to stream the rest."""

    header: dict[str, Any]
    declared_counts: dict[str, int]

    @abstractmethod
    def tables(self) -> Iterator[tuple[TableSpec, Iterator[Rows]]]:
        """Each table of the file in order, with its rows in chunks, read only as they are asked for."""

    @abstractmethod
    def close(self) -> None:
        """Release the file."""


class JsonSource(Source):
    def __init__(self, path: Path) -> None:
        self._handle = open_text(path)
        self._stream = JsonStream(self._handle)
        if self._stream.peek() != "{":
            raise FileProblem(NOT_OURS + " (it does not start with a JSON object)")
        self._members = self._stream.members("a JSON object")
        self.header = {}
        for key in self._members:
            if key == "tables":
                break
            if key not in HEADER_KEYS:
                raise FileProblem(f"{NOT_OURS} (it holds {key!r}, which Steward's files do not)")
            self.header[key] = self._stream.value()
            if key == "format" and self.header[key] != FORMAT_NAME:
                raise FileProblem(NOT_OURS + " (its format is not 'steward-database')")
        else:
            raise FileProblem("it has no tables")
        counts = self.header.pop("row_counts", None)
        if not isinstance(counts, dict) or not all(isinstance(value, int) for value in counts.values()):
            raise FileProblem("its header does not give the number of rows of each table (row_counts)")
        self.declared_counts = {str(name): int(value) for name, value in counts.items()}

    def tables(self) -> Iterator[tuple[TableSpec, Iterator[Rows]]]:
        for name in self._stream.members("an object of tables"):
            table = table_named(name)
            if table is None:
                raise FileProblem(f"it holds a table {name!r} that Steward's database does not have")
            yield table, self._rows(table)
        for key in self._members:  # whatever follows the tables (nothing, in Steward's files)
            self._stream.value()
            if key == "tables":
                raise FileProblem("it has two sets of tables")
        if not self._stream.at_end():
            raise FileProblem("it goes on after the end of its JSON document")

    def _rows(self, table: TableSpec) -> Iterator[Rows]:
        names = table.column_names
        expected = frozenset(names)
        parse_row = RowParser(table, f"table {table.name}, row {{}}")

        def parsed() -> Iterator[tuple[Any, ...]]:
            for number, row in enumerate(self._stream.items(f"a list of the rows of table {table.name}"), start=1):
                if not isinstance(row, dict) or row.keys() != expected:
                    row_values(table, row, number)  # says what is wrong with it
                yield parse_row(tuple([row[name] for name in names]), number)

        yield from _in_chunks(parsed())

    def close(self) -> None:
        self._handle.close()


class WorkbookSource(Source):
    def __init__(self, path: Path) -> None:
        self._workbook = open_workbook(path)
        self.header, self.declared_counts = read_about(self._workbook)

    def tables(self) -> Iterator[tuple[TableSpec, Iterator[Rows]]]:
        for sheet in self._workbook.worksheets[1:]:
            table = _table_of_sheet(sheet.title)
            yield table, self._rows(sheet, table)

    def _rows(self, sheet: Any, table: TableSpec) -> Iterator[Rows]:
        kinds = [(column.kind, column.nullable) for column in table.columns]
        parse_row = RowParser(table, f"sheet {sheet.title!r}, row {{}}")
        yield from _in_chunks(
            parse_row(
                tuple([cell_value(kind, nullable, value) for (kind, nullable), value in zip(kinds, raw, strict=True)]),
                number,
            )
            for number, raw in sheet_rows(sheet, table)
        )

    def close(self) -> None:
        self._workbook.close()


@contextmanager
def open_source(path: Path, *, revision: str) -> Iterator[Source]:
    """The file at ``path`` opened and its header checked; ``FileProblem`` when it is not one to import."""
    try:
        with path.open("rb") as handle:
            start = handle.read(8)
    except FileNotFoundError:
        raise FileProblem("it does not exist") from None
    except IsADirectoryError:
        raise FileProblem("it is a folder, not a file") from None
    except OSError as error:
        raise FileProblem(f"it cannot be read: {error.strerror or error}") from None
    try:
        source: Source = WorkbookSource(path) if start.startswith(ZIP_SIGNATURE) else JsonSource(path)
    except (JsonProblem, WorkbookProblem, UnicodeDecodeError) as problem:
        raise FileProblem(_words(problem)) from None
    try:
        check_header(source.header, revision)
        yield source
    except (JsonProblem, WorkbookProblem, UnicodeDecodeError) as problem:
        raise FileProblem(_words(problem)) from None
    finally:
        source.close()


def _words(problem: Exception) -> str:
    if isinstance(problem, UnicodeDecodeError):
        return "it is not UTF-8 text, so it is not a JSON file Steward wrote"
    return str(problem)
