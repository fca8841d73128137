"""Reading what a user typed or pasted into a budget line's cell, and reading a pasted block.

``read_cell`` turns the text of one cell into the value its column stores
(a category's value, a ``Period``, a ``Decimal``...) or raises ``CellError``
with the reason; the caller puts the row and the column in front of it.
``split_block`` reads the tab-separated rows a spreadsheet puts on the clipboard.
Nothing here writes: the page turns the values into one service call.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from app.errors import UserError
from models.enums import BudgetCategory, Stage
from views.budget.wording import category_label, stage_label
from views.labels import tr

CATEGORY, DESCRIPTION, PERIOD, STAGE, PLANNED, ACTUAL, DIFFERENCE, NOTE = range(8)
HEADERS = ("Category", "Description", "Period", "Stage", "Planned", "Actual", "Difference", "Note")
# The editable columns and the line field each one edits (the difference is computed).
FIELDS: dict[int, str] = {
    CATEGORY: "category",
    DESCRIPTION: "description",
    PERIOD: "period",
    STAGE: "stage",
    PLANNED: "planned",
    ACTUAL: "actual",
    NOTE: "note",
}
MONEY_COLUMNS = frozenset({PLANNED, ACTUAL, DIFFERENCE})
CENT = Decimal("0.01")


class CellError(ValueError):
    """A cell's text that its column cannot take; the message says why, without the place."""


def column_title(column: int) -> str:
    return tr(HEADERS[column])


def split_block(text: str) -> list[list[str]]:
    """A spreadsheet's clipboard text as rows of cells: tab-separated, one row a line, trailing blank line dropped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    return [line.split("\t") for line in lines]


def _choice(text: str, values: list[str], label_of: Any) -> str | None:
    wanted = text.strip().casefold()
    for value in values:
        if wanted in (value.casefold(), label_of(value).casefold(), value.replace("_", " ").casefold()):
            return value
    return None


def read_category(text: str) -> str:
    value = _choice(text, [category.value for category in BudgetCategory], category_label)
    if value is None:
        raise CellError(tr("“{text}” is not a budget category").format(text=text.strip()))
    return value


def read_stage(text: str) -> str:
    value = _choice(text, [stage.value for stage in Stage], stage_label)
    if value is None:
        raise CellError(tr("“{text}” is not a life-cycle stage").format(text=text.strip()))
    return value


def read_amount(text: str, *, required: bool) -> Decimal | None:
    """An amount as typed: ``1,234.50``, ``1234.5``, ``1 234`` or with the currency code after it."""
    cleaned = text.strip().replace(",", "").replace(" ", "").replace("\u00a0", "")
    cleaned = cleaned.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ€$£")
    if not cleaned:
        if required:
            raise CellError(tr("an amount is needed"))
        return None
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise CellError(tr("“{text}” is not an amount").format(text=text.strip())) from None
    if not amount.is_finite():
        raise CellError(tr("“{text}” is not an amount").format(text=text.strip()))
    if amount != amount.quantize(CENT):
        raise CellError(tr("“{text}” has more than two decimal places").format(text=text.strip()))
    return amount.quantize(CENT)


def read_period(text: str, *, fiscal_year: int, start_month: int) -> Any:
    """A period as shown (“Jul 2026”, “Q1 (Jul–Sep 2026)”) or as typed (“M3”, “Q2”, “2026-09”)."""
    from app.analysis.budget import Period, parse_period, period_label

    wanted = text.strip()
    for kind, count in (("month", 12), ("quarter", 4)):
        for number in range(1, count + 1):
            period = Period(kind, number)
            if period_label(fiscal_year, start_month, period).casefold() == wanted.casefold():
                return period
    try:
        return parse_period(wanted, fiscal_year=fiscal_year, start_month=start_month)
    except UserError:
        raise CellError(tr("“{text}” is not a period (write M1–M12, Q1–Q4 or YYYY-MM)").format(text=wanted)) from None


def read_cell(column: int, text: str, *, fiscal_year: int, start_month: int) -> Any:
    """The value ``column`` stores for ``text``; ``CellError`` says why it cannot."""
    if column == CATEGORY:
        return read_category(text)
    if column == STAGE:
        return read_stage(text)
    if column == PERIOD:
        return read_period(text, fiscal_year=fiscal_year, start_month=start_month)
    if column == PLANNED:
        amount = read_amount(text, required=True)
        if amount is not None and amount < 0:
            raise CellError(tr("a planned amount cannot be negative"))
        return amount
    if column == ACTUAL:
        return read_amount(text, required=False)
    if column in (DESCRIPTION, NOTE):
        return text.strip()
    raise CellError(tr("this column is computed"))


def cell_problem(row: int, column: int, reason: str) -> str:
    """One sentence naming the place and what is wrong: ``Row 2, Planned: “abc” is not an amount.``"""
    return tr("Row {row}, {column}: {reason}.").format(row=row, column=column_title(column), reason=reason)
