"""The whole database as one JSON document, written and read as a stream (docs/export-format.md).

Writing goes table by table, one row a line, so the file is never held in memory.
Reading does the same the other way: a small incremental reader walks the
document and decodes one row at a time with the standard library's decoder, so
importing a file of half a million rows needs a few megabytes, not gigabytes.
Numbers are read as ``Decimal``, so nothing passes through a float on the way in.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from json.encoder import encode_basestring
from pathlib import Path
from typing import IO, Any, BinaryIO

from app.io.database_file.columns import ColumnSpec, Kind, TableSpec
from app.io.database_file.snapshot import Snapshot

READ_CHUNK_CHARS = 1 << 20
# A row (an audit event holding a long policy's text before and after) may be large, but not this large.
MAX_VALUE_CHARS = 64 << 20

Progress = Callable[[int], None]
_WHITE_SPACE = re.compile(r"[ \t\r\n]*")


class JsonProblem(Exception):
    """The document is not well-formed JSON where it should be, or not shaped like a Steward file."""


def _number(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError(f"{value} cannot be written as JSON")
    return repr(value)


# How each kind of value is written: JSON text of one logical value that is not None.
ENCODERS: dict[Kind, Callable[[Any], str]] = {
    Kind.INTEGER: int.__repr__,
    Kind.NUMBER: _number,
    Kind.BOOLEAN: lambda value: "true" if value else "false",
    Kind.MONEY: lambda value: f'"{value}"',
    Kind.DATE: lambda value: f'"{value.isoformat()}"',
    Kind.DATETIME: lambda value: f'"{value.isoformat()}"',
    Kind.TEXT: encode_basestring,
}


def _stored_encoder(column: ColumnSpec) -> Callable[[Any], str]:
    """JSON text of one *stored* value of ``column`` (not None).

    A day is stored as its ISO text already and a boolean as 0 or 1, so the bulk of the rows (half a
    million assessments, each with its day) is written without a conversion; money and times go
    through the models' own conversion first. A test holds this to ``json.dumps`` of the logical values.
    """
    logical = ENCODERS[column.kind]
    convert = column.from_storage
    if column.kind is Kind.DATE:
        return lambda value: encode_basestring(value) if type(value) is str else logical(convert(value))  # type: ignore[misc]
    if column.kind is Kind.BOOLEAN or convert is None:
        return logical
    return lambda value: logical(convert(value))


def row_encoder(table: TableSpec) -> Callable[[tuple[Any, ...]], str]:
    """One row *as stored* as a JSON object on one line, keys in the table's column order.

    Written value by value rather than through ``json.dumps`` of a dict per row: the same
    text (a test compares them), in a fraction of the time.
    """
    keys = [json.dumps(name) + ": " for name in table.column_names]
    pairs = [(key, _stored_encoder(column)) for key, column in zip(keys, table.columns, strict=True)]

    def encode(row: tuple[Any, ...]) -> str:
        values = [key + ("null" if v is None else write(v)) for (key, write), v in zip(pairs, row, strict=True)]
        return "{" + ", ".join(values) + "}"

    return encode


def write_json(snapshot: Snapshot, handle: BinaryIO, header: dict[str, Any], *, progress: Progress) -> None:
    """Write ``header``'s keys, the row counts, then every table's rows, to ``handle`` as UTF-8."""
    head = json.dumps({**header, "row_counts": snapshot.counts}, indent=2, ensure_ascii=False)
    handle.write(head[: head.rindex("}")].rstrip().encode("utf-8") + b',\n  "tables": {')
    for position, table in enumerate(snapshot.tables):
        handle.write((("," if position else "") + f"\n    {json.dumps(table.name)}: [").encode())
        encode = row_encoder(table)
        first = True
        for rows in snapshot.chunks(table, stored=True):
            lines = ",\n      ".join([encode(row) for row in rows])
            handle.write((("\n      " if first else ",\n      ") + lines).encode("utf-8"))
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
        self.expect("{", what)
        if self.peek() == "}":
            self._position += 1
            return
        while True:
            yield self.key()
            if self.expect(",}", "a comma or the end of an object") == "}":
                return

    def items(self, what: str) -> Iterator[Any]:
        """The values of the array that starts here."""
        self.expect("[", what)
        if self.peek() == "]":
            self._position += 1
            return
        while True:
            yield self.value()
            if self.expect(",]", "a comma or the end of a list") == "]":
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
