"""The whole database as one JSON document, written and read as a stream (docs/export-format.md).

Writing goes table by table, one row a line, so the file is never held in memory.
Reading does the same the other way: a small incremental reader walks the
document and decodes one row at a time with the standard library's decoder, so
importing a file of half a million rows needs a few megabytes, not gigabytes.
Numbers are read as ``Decimal``, so nothing passes through a float on the way in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, BinaryIO, TypeVar

from app.io.database_file.columns import ColumnSpec, Kind, TableSpec
from app.io.database_file.snapshot import Snapshot

READ_CHUNK_CHARS = 1 << 20
# A row (an audit event holding a long policy's text before and after) may be large, but not this large.
MAX_VALUE_CHARS = 64 << 20

Progress = Callable[[int], None]
T = TypeVar("T")
_WHITE_SPACE = re.compile(r"[ \t\r\n]*")


class JsonProblem(Exception):
    """The document is not well-formed JSON where it should be, or not shaped like a Steward file."""


ROW_SEPARATOR = ",\n      "


def _json_value(column: ColumnSpec) -> Callable[[Any], Any] | None:
    """A *stored* value of ``column`` (not None) as ``json`` writes it, or None when it is one already.

    A day is stored as its ISO text already, so the bulk of the rows (half a million assessments,
    each with its day) needs no conversion; money and times go through the models' own conversion,
    and a boolean stored as 0 or 1 becomes false or true.
    """
    convert = column.from_storage
    if column.kind is Kind.BOOLEAN:
        return bool
    if column.kind is Kind.DATE:
        return None  # SQLite holds a day as its ISO text, which is what the file says
    if column.kind is Kind.MONEY:
        return lambda value: str(convert(value))  # type: ignore[misc]
    if column.kind is Kind.DATETIME:
        return lambda value: convert(value).isoformat()  # type: ignore[misc]
    return None


class ChunkEncoder:
    """A chunk of one table's rows *as stored*, as JSON objects one a line (keys in column order).

    The rows go through the standard library's C encoder in one call per chunk, then are set one a
    line: the encoder escapes every line break inside a string, and the text between two rows
    (``}, {"<first column>": ``) can occur nowhere else, since a quote inside a string is escaped.
    The same text as ``json.dumps`` of each row (a test compares them), in a fraction of the time.
    """

    def __init__(self, table: TableSpec) -> None:
        self._names = table.column_names
        self._converters = [
            (index, convert) for index, column in enumerate(table.columns) if (convert := _json_value(column))
        ]
        first = json.dumps(self._names[0]) + ": "
        self._between = ("}, {" + first, "}" + ROW_SEPARATOR + "{" + first)
        self._encoder = json.JSONEncoder(ensure_ascii=False, allow_nan=False, check_circular=False)

    def __call__(self, rows: list[tuple[Any, ...]]) -> str:
        names = self._names
        if self._converters:
            rows = [self._converted(row) for row in rows]
        text = self._encoder.encode([dict(zip(names, row, strict=True)) for row in rows])
        return text[1:-1].replace(*self._between)

    def _converted(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        values = list(row)
        for index, convert in self._converters:
            if values[index] is not None:
                values[index] = convert(values[index])
        return tuple(values)


def write_json(snapshot: Snapshot, handle: BinaryIO, header: dict[str, Any], *, progress: Progress) -> None:
    """Write ``header``'s keys, the row counts, then every table's rows, to ``handle`` as UTF-8."""
    head = json.dumps({**header, "row_counts": snapshot.counts}, indent=2, ensure_ascii=False)
    handle.write(head[: head.rindex("}")].rstrip().encode("utf-8") + b',\n  "tables": {')
    for position, table in enumerate(snapshot.tables):
        handle.write((("," if position else "") + f"\n    {json.dumps(table.name)}: [").encode())
        encode = ChunkEncoder(table)
        first = True
        for rows in snapshot.chunks(table, stored=True):
            handle.write((("\n      " if first else ROW_SEPARATOR) + encode(rows)).encode("utf-8"))
            first = False
            progress(len(rows))
        handle.write(b"]" if first else b"\n    ]")
    handle.write(b"\n  }\n}\n")


class JsonStream:
    """A JSON document read a piece at a time: punctuation checked here, values decoded by ``json``."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle
        self._buffer = ""
        self._position = 0
        self._ended = False
        self._decoder = json.JSONDecoder(parse_float=Decimal)

    def _fill(self, wanted: int = READ_CHUNK_CHARS) -> bool:
        """Read more when fewer than ``wanted`` characters are left; False when the file has ended."""
        if self._position > READ_CHUNK_CHARS:
            self._buffer = self._buffer[self._position :]
            self._position = 0
        while not self._ended and len(self._buffer) - self._position < wanted:
            piece = self._handle.read(max(wanted, READ_CHUNK_CHARS))
            if not piece:
                self._ended = True
            self._buffer += piece
        return len(self._buffer) > self._position

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            self._position = _WHITE_SPACE.match(self._buffer, self._position).end()  # type: ignore[union-attr]
            if self._position < len(self._buffer):
                return self._buffer[self._position]
            if not self._fill(1):
                return ""

    def expect(self, characters: str, what: str) -> str:
        found = self.peek()
        if not found or found not in characters:
            raise JsonProblem(f"{what} was expected {self._where()}" + (f", not {found!r}" if found else ""))
        self._position += 1
        return found

    def value(self) -> Any:
        """The next complete JSON value (a row, a key, a header value)."""
        self.peek()
        wanted = READ_CHUNK_CHARS
        while True:
            self._fill(wanted)
            try:
                value, end = self._decoder.raw_decode(self._buffer, self._position)
            except json.JSONDecodeError as error:
                if self._ended or wanted > MAX_VALUE_CHARS:
                    raise JsonProblem(f"it is not well-formed JSON at line {error.lineno}: {error.msg}") from None
                wanted *= 4  # the value may run past what has been read so far
                continue
            if end >= len(self._buffer) and not self._ended:
                wanted *= 4  # a number cut at the end of what was read: read on and decode it again
                continue
            self._position = end
            return value

    def key(self) -> str:
        key = self.value()
        if not isinstance(key, str):
            raise JsonProblem(f"a key was expected {self._where()}")
        self.expect(":", "a colon")
        return key

    def _where(self) -> str:
        return f"near {self._buffer[self._position : self._position + 30]!r}"

    def members(self, what: str) -> Iterator[str]:
        """The keys of the object that starts here, each left for the caller to read its value."""
        return self._elements("{", "}", what=what, between="a comma or the end of an object", element=self.key)

    def items(self, what: str) -> Iterator[Any]:
        """The values of the array that starts here."""
        return self._elements("[", "]", what=what, between="a comma or the end of a list", element=self.value)

    def _elements(
        self, opening: str, closing: str, *, what: str, between: str, element: Callable[[], T]
    ) -> Iterator[T]:
        """What ``element`` reads of each element from the ``opening`` bracket here to its ``closing`` one, in turn.

        Nothing is read before the first element is asked for; ``what`` names the opening bracket
        and ``between`` what may follow an element, for the sentence a file that breaks off gets.
        """
        self.expect(opening, what)
        if self.peek() == closing:
            self._position += 1
            return
        while True:
            yield element()
            if self.expect("," + closing, between) == closing:
                return

    def at_end(self) -> bool:
        return self.peek() == ""


def open_text(path: Path) -> IO[str]:
    """The file as text: UTF-8, a byte-order mark allowed."""
    return path.open(encoding="utf-8-sig", errors="strict", newline="")


def row_values(table: TableSpec, row: Any, number: int) -> dict[str, Any]:
    """A row object's values by column, checked to name exactly the table's columns."""
    if not isinstance(row, dict):
        raise JsonProblem(f"row {number} of table {table.name} is not an object of column names and values")
    if row.keys() != set(table.column_names):
        unknown = sorted(set(row) - set(table.column_names))
        missing = [name for name in table.column_names if name not in row]
        what = f"has no column {', '.join(missing)}" if missing else f"has a column {unknown[0]!r} that table does not"
        raise JsonProblem(f"row {number} of table {table.name} {what}")
    return row
