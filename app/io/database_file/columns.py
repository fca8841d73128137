"""What a whole-database file holds: every table of the schema, each column's kind, and its words.

The tables and columns come from the models' metadata (``models.tables``), so a new
column is exported the day it is added. Each column has a *kind* that decides how its
values are written (``Kind``); the storage conversions are SQLAlchemy's own (the
sqlite dialect's bind and result processors, and the models' ``Money`` type), so a
value read from the file is stored exactly as a service would have stored it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

FORMAT_NAME = "steward-database"
FORMAT_VERSION = 1
ABOUT_SHEET = "About"

Converter = Callable[[Any], Any] | None

# Words a column name's parts read as in a heading ("capacity_fte" -> "Capacity FTE").
_ACRONYMS = {"id": "ID", "fte": "FTE"}


class Kind(StrEnum):
    """How a column's values are written (see docs/export-format.md)."""

    INTEGER = "integer"
    NUMBER = "number"  # a float: FTE shares, backlog ranks
    BOOLEAN = "boolean"
    MONEY = "money"  # exact, two decimal places
    DATE = "date"
    DATETIME = "datetime"  # UTC, with its offset
    TEXT = "text"


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: Kind
    nullable: bool
    heading: str
    choices: tuple[str, ...] | None  # the stored words of an enum column
    from_storage: Converter  # SQLite's stored value -> the logical one (Decimal, date, datetime, bool)
    to_storage: Converter  # and back


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[ColumnSpec, ...]
    primary_key: tuple[str, ...]
    sheet_title: str

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def words(name: str) -> str:
    """A table or column name as a heading: "budget_line" -> "Budget line", "person_id" -> "Person ID"."""
    parts = [_ACRONYMS.get(part, part) for part in name.split("_")]
    first = parts[0] if parts[0].isupper() else parts[0].capitalize()
    return " ".join([first, *parts[1:]])


def heading_key(text: str) -> str:
    """What a heading or a sheet title is matched by: its letters and digits, case folded."""
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def _kind_of(column: Any) -> Kind:
    from sqlalchemy import Boolean, Date, DateTime, Enum, Float, Integer, String
    from sqlalchemy.types import TypeDecorator

    from models.base import Money

    column_type = column.type
    if isinstance(column_type, Money):
        return Kind.MONEY
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    for sa_type, kind in (
        (Boolean, Kind.BOOLEAN),
        (DateTime, Kind.DATETIME),
        (Date, Kind.DATE),
        (Integer, Kind.INTEGER),
        (Float, Kind.NUMBER),
        (Enum, Kind.TEXT),
        (String, Kind.TEXT),
    ):
        if isinstance(column_type, sa_type):
            return kind
    raise TypeError(f"column {column} has a type the database file does not know: {column.type!r}")


def _column_spec(column: Any, dialect: Any) -> ColumnSpec:
    from sqlalchemy import Enum

    kind = _kind_of(column)
    storage_type = column.type.dialect_impl(dialect)
    # Text and numbers are stored as they are; enum words are checked against their choices instead.
    plain = kind in (Kind.TEXT, Kind.INTEGER, Kind.NUMBER)
    return ColumnSpec(
        name=column.name,
        kind=kind,
        nullable=bool(column.nullable),
        heading=words(column.name),
        choices=tuple(column.type.enums) if isinstance(column.type, Enum) else None,
        from_storage=None if plain else storage_type.result_processor(dialect, None),
        to_storage=None if plain else storage_type.bind_processor(dialect),
    )


@cache
def table_specs() -> tuple[TableSpec, ...]:
    """Every table of the schema, each after the tables it refers to."""
    from sqlalchemy.dialects import sqlite

    from models.tables import metadata

    dialect = sqlite.dialect()
    return tuple(
        TableSpec(
            name=table.name,
            columns=tuple(_column_spec(column, dialect) for column in table.columns),
            primary_key=tuple(column.name for column in table.primary_key.columns),
            sheet_title=words(table.name),
        )
        for table in metadata.sorted_tables
    )


def table_named(name: str) -> TableSpec | None:
    return next((table for table in table_specs() if table.name == name), None)
