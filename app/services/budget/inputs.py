"""Checking what the budget services are given: lines and actuals, categories, stages, periods, amounts."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, NamedTuple, TypeVar

from app.analysis.budget import Period
from app.errors import UserError
from app.money import CENT
from models.enums import BudgetCategory, PeriodKind, Stage

ChoiceT = TypeVar("ChoiceT", bound=StrEnum)
LINE_FIELDS = ("category", "description", "period", "stage", "planned", "actual", "note")


_CURRENCY = re.compile(r"^[A-Z]{3}$")


class LineInput(NamedTuple):
    category: str  # a BudgetCategory value
    description: str
    period: Period
    stage: str  # a Stage value
    planned: Decimal
    actual: Decimal | None = None
    note: str = ""


class ActualInput(NamedTuple):
    category: str
    period: Period
    amount: Decimal
    description: str = ""  # when given, the line must have this description too


def _choice(kind: type[ChoiceT], value: Any, *, what: str) -> ChoiceT:
    """``value`` (a member or its word, spaces around it ignored) as a member of ``kind``, or a sentence naming all."""
    try:
        return kind(str(value.value if isinstance(value, kind) else value).strip())
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise UserError(f"{value!r} is not a {what}; use one of {choices}.") from None


def _category(value: Any) -> BudgetCategory:
    return _choice(BudgetCategory, value, what="budget category")


def _stage(value: Any) -> Stage:
    return _choice(Stage, value, what="life-cycle stage")


def _period(value: Any) -> Period:
    try:
        period = Period(PeriodKind(str(value[0])).value, int(value[1]))
    except (TypeError, ValueError, IndexError):
        raise UserError(f"{value!r} is not a period; use a month 1–12 or a quarter 1–4.") from None
    if not 1 <= period.number <= (12 if period.kind == PeriodKind.MONTH.value else 4):
        raise UserError(
            f"{period.kind} {period.number} is not a period of a fiscal year; use months 1–12 or quarters 1–4."
        )
    return period


def _amount(value: Any, *, what: str, allow_negative: bool = False) -> Decimal:
    if isinstance(value, float | bool):
        raise UserError(f"The {what} {value!r} must be an exact amount (a decimal such as 1250.00), not a float.")
    try:
        amount = Decimal(str(value).strip()) if isinstance(value, str) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise UserError(f"The {what} {value!r} is not an amount; write a number such as 1250.00.") from None
    if not amount.is_finite():
        raise UserError(f"The {what} {value!r} is not an amount; write a number such as 1250.00.")
    if amount.quantize(CENT, rounding=ROUND_HALF_EVEN) != amount:
        raise UserError(f"The {what} {value} has more than two decimal places; amounts are kept to the cent.")
    if amount < 0 and not allow_negative:
        raise UserError(f"The {what} {value} is negative; a planned amount is zero or more.")
    return amount.quantize(CENT)


def _clean_line(line: LineInput) -> dict[str, Any]:
    period = _period(line.period)
    return {
        "category": _category(line.category),
        "description": str(line.description or "").strip(),
        "period_kind": PeriodKind(period.kind),
        "period_number": period.number,
        "stage": _stage(line.stage),
        "planned": _amount(line.planned, what="planned amount"),
        # Actuals may be negative: a refund or a credit note.
        "actual": None if line.actual is None else _amount(line.actual, what="actual amount", allow_negative=True),
        "note": str(line.note or "").strip(),
    }
