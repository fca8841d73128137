"""A budget plan's fiscal periods: months and quarters of a fiscal year, their days, labels and codes.

A line's period is a month (1–12) or a quarter (1–4) of the plan's fiscal year,
counted from the fiscal year's first month (``FinanceSettings.fiscal_year_start_month``):
fiscal year N runs from (N, start, 1) to the day before (N + 1, start, 1).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import NamedTuple

from app.errors import UserError
from models.enums import PeriodKind

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# -- periods


class Period(NamedTuple):
    """A month (1–12) or quarter (1–4) of a fiscal year, counted from its first month."""

    kind: str  # "month" | "quarter" (PeriodKind values)
    number: int

    def code(self) -> str:
        """ "M3" or "Q2": the short form ``parse_period`` reads back."""
        return f"{'M' if self.kind == PeriodKind.MONTH.value else 'Q'}{self.number}"


def _check_period(period: Period) -> None:
    highest = {PeriodKind.MONTH.value: 12, PeriodKind.QUARTER.value: 4}.get(str(period.kind))
    if highest is None or not 1 <= int(period.number) <= highest:
        raise UserError(
            f"{period.kind} {period.number} is not a period of a fiscal year; use months 1–12 or quarters 1–4."
        )


def _fiscal_month(fiscal_year: int, start_month: int, month_number: int) -> tuple[int, int]:
    """(calendar year, calendar month) of fiscal month ``month_number`` (1-based)."""
    offset = start_month - 1 + month_number - 1
    return fiscal_year + offset // 12, offset % 12 + 1


def _months_of(period: Period) -> tuple[int, int]:
    """First and last fiscal month (1-based) a period covers."""
    if period.kind == PeriodKind.MONTH.value:
        return period.number, period.number
    return 3 * period.number - 2, 3 * period.number


def period_dates(fiscal_year: int, start_month: int, period: Period) -> tuple[date, date]:
    """The first and the last day (inclusive) of ``period`` in ``fiscal_year``."""
    _check_period(period)
    first_month, last_month = _months_of(period)
    first_year, first_calendar_month = _fiscal_month(fiscal_year, start_month, first_month)
    after_year, after_month = _fiscal_month(fiscal_year, start_month, last_month + 1)
    return date(first_year, first_calendar_month, 1), date(after_year, after_month, 1) - timedelta(days=1)


def period_label(fiscal_year: int, start_month: int, period: Period) -> str:
    """ "Jul 2026" for a month; "Q1 (Jul–Sep 2026)" for a quarter ("Q2 (Nov 2026–Jan 2027)" across a year end)."""
    first, last = period_dates(fiscal_year, start_month, period)
    if period.kind == PeriodKind.MONTH.value:
        return f"{MONTH_NAMES[first.month - 1]} {first.year}"
    if first.year == last.year:
        return f"Q{period.number} ({MONTH_NAMES[first.month - 1]}–{MONTH_NAMES[last.month - 1]} {last.year})"
    return f"Q{period.number} ({MONTH_NAMES[first.month - 1]} {first.year}–{MONTH_NAMES[last.month - 1]} {last.year})"


_CODE = re.compile(r"^([MQ])\s*0?(\d{1,2})$", re.IGNORECASE)
_CALENDAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTH_LABEL = re.compile(r"^([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$")
_QUARTER_LABEL = re.compile(r"^Q([1-4])\s*\(", re.IGNORECASE)


def parse_period(text: str, *, fiscal_year: int, start_month: int) -> Period:
    """A period from "M3", "M03", "Q2", a calendar month "2026-09" (turned into its fiscal month),
    or a label as ``period_label`` writes it ("Sep 2026", "Q1 (Jul–Sep 2026)"); ``UserError`` otherwise."""
    cleaned = str(text).strip()
    problem = (
        f"{cleaned!r} is not a period of fiscal year {fiscal_year}; "
        f"use M1–M12, Q1–Q4 or a calendar month such as {fiscal_year}-{start_month:02d}."
    )
    calendar_month: tuple[int, int] | None = None
    if match := _CODE.match(cleaned):
        kind = PeriodKind.MONTH.value if match.group(1).upper() == "M" else PeriodKind.QUARTER.value
        period = Period(kind, int(match.group(2)))
        try:
            _check_period(period)
        except UserError:
            raise UserError(problem) from None
        return period
    if match := _QUARTER_LABEL.match(cleaned):
        return Period(PeriodKind.QUARTER.value, int(match.group(1)))
    if match := _CALENDAR_MONTH.match(cleaned):
        calendar_month = int(match.group(1)), int(match.group(2))
    elif (match := _MONTH_LABEL.match(cleaned)) and match.group(1).title() in MONTH_NAMES:
        calendar_month = int(match.group(2)), MONTH_NAMES.index(match.group(1).title()) + 1
    if calendar_month is None or not 1 <= calendar_month[1] <= 12:
        raise UserError(problem)
    year, month = calendar_month
    number = (year - fiscal_year) * 12 + month - start_month + 1
    if not 1 <= number <= 12:
        raise UserError(problem)
    return Period(PeriodKind.MONTH.value, number)


def period_sort_key(period: Period) -> tuple[int, int]:
    # By first month; a month sorts before the quarter that starts with it.
    first_month, _ = _months_of(period)
    return first_month, 0 if period.kind == PeriodKind.MONTH.value else 1
