"""One value of a whole-database file, written and read back by its column's kind.

Logical values are what the models hold: ``int``, ``float``, ``bool``, ``Decimal``
(money), ``date``, UTC ``datetime`` and ``str``. JSON writes money as a decimal string
("1250.00"), dates and times in ISO 8601; reading parses and checks each value, and a
value that is not what its column holds is a ``ValueProblem`` saying why.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from app.io.database_file.columns import ColumnSpec, Kind

CENT = Decimal("0.01")


class ValueProblem(Exception):
    """A value that is not what its column holds; the message says what it is and what was expected."""


def to_json(kind: Kind, value: Any) -> Any:
    """A logical value as JSON writes it (``None`` stays null)."""
    if value is None:
        return None
    if kind is Kind.MONEY:
        return str(value)
    if kind is Kind.DATE or kind is Kind.DATETIME:
        return value.isoformat()
    return value


def _shown(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def money(value: Any) -> Decimal:
    """An amount from a decimal string or a number (a float read from a workbook included), exactly."""
    if isinstance(value, bool):
        raise ValueProblem(f"{_shown(value)} is not an amount")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueProblem(f"{_shown(value)} is not an amount")
        value = repr(value)
    try:
        amount = Decimal(value.strip() if isinstance(value, str) else value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueProblem(f"{_shown(value)} is not an amount; write it as 1250.50") from None
    if not amount.is_finite():
        raise ValueProblem(f"{_shown(value)} is not an amount")
    cents = amount.quantize(CENT)
    if cents != amount:
        raise ValueProblem(f"{_shown(value)} has more than two decimal places")
    return cents


def integer(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueProblem(f"{_shown(value)} is not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal) and math.isfinite(value) and value == int(value):
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    raise ValueProblem(f"{_shown(value)} is not a whole number")


def number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueProblem(f"{_shown(value)} is not a number")
    if isinstance(value, int | float | Decimal):
        result = float(value)
    elif isinstance(value, str):
        try:
            result = float(value)
        except ValueError:
            raise ValueProblem(f"{_shown(value)} is not a number") from None
    else:
        raise ValueProblem(f"{_shown(value)} is not a number")
    if not math.isfinite(result):
        raise ValueProblem(f"{_shown(value)} is not a number")
    return result


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueProblem(f"{_shown(value)} is not true or false")


def day(value: Any) -> date:
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise ValueProblem(f"{_shown(value)} is a time, not a day")
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueProblem(f"{_shown(value)} is not a day; write it as 2026-12-01")


def moment(value: Any) -> datetime:
    """A time; one without an offset is taken as UTC, as Steward stores every time."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueProblem(f"{_shown(value)} is not a time; write it as 2026-12-01T09:30:00+00:00") from None
    if not isinstance(value, datetime):
        raise ValueProblem(f"{_shown(value)} is not a time; write it as 2026-12-01T09:30:00+00:00")
    return value.replace(tzinfo=UTC) if value.utcoffset() is None else value.astimezone(UTC)


def text(value: Any) -> str:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueProblem("the text holds a character that is not Unicode text") from None
        return value
    raise ValueProblem(f"{_shown(value)} is not text")


PARSERS = {
    Kind.INTEGER: integer,
    Kind.NUMBER: number,
    Kind.BOOLEAN: boolean,
    Kind.MONEY: money,
    Kind.DATE: day,
    Kind.DATETIME: moment,
    Kind.TEXT: text,
}


# The type a value of each kind usually already has in a file, which then needs no parsing.
_READY: dict[Kind, type] = {Kind.INTEGER: int, Kind.NUMBER: float, Kind.BOOLEAN: bool, Kind.TEXT: str}


def parser(column: ColumnSpec) -> Callable[[Any], Any]:
    """:func:`parse` for one column, with a quick path for a value of the usual type (half a million rows)."""
    ready = _READY.get(column.kind)
    full = PARSERS[column.kind]
    nullable = column.nullable
    choices = frozenset(column.choices) if column.choices is not None else None

    def parse_value(value: Any) -> Any:
        if value is None:
            if nullable:
                return None
            raise ValueProblem("it is empty, and this column needs a value")
        parsed = value if type(value) is ready else full(value)
        if choices is not None and parsed not in choices:
            raise ValueProblem(f"{_shown(parsed)} is not one of {', '.join(sorted(choices))}")
        return parsed

    return parse_value


def parse(column: ColumnSpec, value: Any) -> Any:
    """The logical value of ``value`` read from a file for ``column``; ``ValueProblem`` when it cannot be."""
    if value is None:
        if not column.nullable:
            raise ValueProblem("it is empty, and this column needs a value")
        return None
    parsed = PARSERS[column.kind](value)
    if column.choices is not None and parsed not in column.choices:
        raise ValueProblem(f"{_shown(parsed)} is not one of {', '.join(column.choices)}")
    return parsed
