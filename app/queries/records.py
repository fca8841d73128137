"""Records from rows: a read model's ``NamedTuple`` filled from a SELECT whose columns are its fields, in order.

Each query says once, beside its record, how a stored value becomes its field's
value (an enum from its text, a date from ISO text, "" for a NULL text); every
other column is taken as SQLite hands it back. The SELECT lists its columns in
the record's field order, so the two read side by side, and a column too many or
too few fails at once instead of shifting every field after it.

``from_record`` makes one record from another (a sprint's figures from the sprint): the
fields they share by name are carried over, and only the rest are spelled out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, NamedTuple, TypeVar

from app.db.reader import Row

R = TypeVar("R", bound=NamedTuple)


class Records(Generic[R]):
    """How the rows of a SELECT become ``R``s: the columns are ``R``'s fields in order, converted by ``convert``."""

    def __init__(self, kind: type[R], /, **convert: Callable[[Any], object]) -> None:
        unknown = sorted(convert.keys() - set(kind._fields))
        if unknown:
            raise TypeError(f"{kind.__name__} has no field {', '.join(unknown)}")
        self._make: Callable[..., R] = kind
        self._convert = tuple(convert.get(name) for name in kind._fields)

    def one(self, row: Row, /, **rest: Any) -> R:
        """The record of ``row``; ``rest`` gives the fields after its last column (worked out, not stored)."""
        values = [
            value if convert is None else convert(value)
            for convert, value in zip(self._convert[: len(row)], row, strict=True)
        ]
        return self._make(*values, **rest)

    def all(self, rows: Iterable[Row]) -> list[R]:
        """The records of ``rows``, in their order."""
        return [self.one(row) for row in rows]


def from_record(kind: type[R], source: NamedTuple, /, **rest: Any) -> R:
    """A ``kind`` holding ``source``'s values of the fields the two share by name, and ``rest`` for the others."""
    make: Callable[..., R] = kind
    shared = {name: getattr(source, name) for name in kind._fields if name in source._fields and name not in rest}
    return make(**shared, **rest)
