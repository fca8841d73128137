"""Shared column machinery: the constraint naming convention, exact money, enum columns.

Every table module imports from here so that constraint names are predictable
(Alembic batch migrations and the error messages of ``app.services.errors``
rely on them).
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Column
from sqlalchemy import Enum as SAEnum
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION

CENT = Decimal("0.01")


class Money(TypeDecorator[Decimal]):
    """An exact amount stored as integer hundredths (cents), read back as ``Decimal``.

    SQLite has no decimal type and SQLAlchemy's ``Numeric`` goes through float
    there, so money is kept as an integer. Floats are refused outright: a float
    amount is already inexact before it reaches us.
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("money must be a Decimal, an int or a str, never a float")
        amount = Decimal(value)
        cents = amount.quantize(CENT, rounding=ROUND_HALF_EVEN)
        if cents != amount:
            raise ValueError(f"{amount} has more than two decimal places")
        return int(cents * 100)

    def process_result_value(self, value: Any, dialect: Any) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / 100).quantize(CENT)


def enum_column(enum: type[StrEnum], *, name: str, nullable: bool = False, default: StrEnum | None = None) -> Any:
    """A ``Field`` holding ``enum``'s values as text, with a CHECK constraint on them."""
    sa_type = SAEnum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        values_callable=lambda members: [member.value for member in members],
        length=max(len(member.value) for member in enum),
    )
    return Field(default=default, sa_column=Column(sa_type, nullable=nullable, default=default))


def money_column(*, nullable: bool = False, default: Decimal | None = None) -> Any:
    """A ``Field`` holding an exact amount (see :class:`Money`)."""
    return Field(default=default, sa_column=Column(Money(), nullable=nullable, default=default))
