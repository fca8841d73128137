"""Checking what the policy services are given: choices, dates, moments, text and story points."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from app.errors import UserError
from app.services.inputs import choice, refuse_control_characters

EnumT = TypeVar("EnumT", bound=StrEnum)


def _enum(kind: type[EnumT], value: Any, *, what: str) -> EnumT:
    return choice(kind, value, refusal=f"{{value!r}} is not a valid {what}; use {{choices}}.")


def _date(value: date | str | None, *, what: str) -> date | None:
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise UserError(f"{value!r} is not a valid {what}; write a date such as 2026-03-31.") from None


def _moment(at: datetime | None) -> datetime:
    """The time a change is recorded for: now, or ``at`` when it is timezone-aware (kept in UTC)."""
    if at is None:
        return datetime.now(UTC)
    if at.tzinfo is None or at.utcoffset() is None:
        raise UserError(f"The time {at.isoformat()} has no time zone; give it in UTC.")
    return at.astimezone(UTC)


def _text(value: Any, *, what: str, required: bool = False) -> str:
    cleaned = str(refuse_control_characters(str(value or "").strip(), what=what))
    if required and not cleaned:
        raise UserError(f"A {what} is needed.")
    return cleaned


def _points(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise UserError(f"{value!r} is not a number of story points; use a positive whole number.")
    try:
        points = int(value)
    except ValueError:
        raise UserError(f"{value!r} is not a number of story points; use a positive whole number.") from None
    if points <= 0:
        raise UserError(f"{points} story points is not allowed; use a positive whole number or leave it empty.")
    return points


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the last day of a shorter month (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
