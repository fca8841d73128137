"""The budget report as a spreadsheet: the XLSX (Summary, By category, By period, Lines) and the CSV (the lines).

Amounts are numbers (``Decimal``) in the plan's currency format, days are dates, so
a finance user can re-sum them; text is made safe by ``app.reports.workbook``
(string cells, ``xlsx_cell``) and ``app.reports.output`` (``safe_cell``'s apostrophe in the CSV).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from app.labels import BUDGET_CATEGORIES, PLAN_STATES, STAGES, label_in
from app.reports.output import csv_bytes

# The words of a roll-up's over/under flag in the tables (the labels of stored values are ``app.labels``').
FLAGS = {"over": "Over", "under": "Under", "": ""}
LINE_COLUMNS = ("Category", "Description", "Period", "Period label", "Stage", "Planned", "Actual", "Note")


def category_label(value: str) -> str:
    return label_in(BUDGET_CATEGORIES, value)


def stage_label(value: str) -> str:
    return label_in(STAGES, value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _line_rows(document: Mapping[str, Any]) -> list[list[Any]]:
    """The Lines sheet and the CSV: one row per line, amounts as Decimal (None: no actual recorded)."""
    return [
        [
            category_label(line["category"]),
            line["description"],
            line["period"],
            line["period_label"],
            stage_label(line["stage"]),
            Decimal(line["planned"]),
            _decimal(line["actual"]),
            line["note"],
        ]
        for line in document["lines"]
    ]


def render_csv(document: Mapping[str, Any]) -> bytes:
    """One row per budget line; amounts as plain decimals (a point, no separators), an empty actual when none.

    UTF-8 with a byte-order mark, so that Excel reads accented names right.
    """
    return csv_bytes(LINE_COLUMNS, _line_rows(document))


def currency_format(currency: str) -> str:
    """The spreadsheet number format of an amount in ``currency``: "#,##0.00 "EUR"" (negatives with a minus)."""
    code = "".join(char for char in currency if char.isalnum())
    return f'#,##0.00 "{code}";-#,##0.00 "{code}"'


def _summary_rows(document: Mapping[str, Any]) -> list[list[Any]]:
    """The Summary sheet: the plan's identity and approval, then its totals."""
    plan, totals = document["plan"], document["totals"]
    return [
        ["Project", document["project"]],
        ["Plan", plan["name"]],
        ["Fiscal year", plan["fiscal_year"]],
        ["Fiscal year starts", date.fromisoformat(plan["fiscal_year_start"])],
        ["Fiscal year ends", date.fromisoformat(plan["fiscal_year_end"])],
        ["Currency", plan["currency"]],
        ["State", label_in(PLAN_STATES, plan["state"])],
        ["Revision", plan["revision"]],
        ["Approved by", plan["approved_by"] or ""],
        ["Approved on", date.fromisoformat(plan["approved_on"]) if plan["approved_on"] else ""],
        ["Prepared on", date.fromisoformat(document["generated_on"])],
        ["Total planned", Decimal(totals["planned"])],
        ["Total actual", Decimal(totals["actual"])],
        ["Variance (planned - actual)", Decimal(totals["variance"])],
        ["Expected to date", Decimal(totals["expected_to_date"])],
        ["Lines", len(document["lines"])],
    ]


def render_xlsx(document: Mapping[str, Any]) -> bytes:
    """Sheets Summary, By category, By period and Lines; amounts are numbers in the plan's currency format."""
    from app.reports.workbook import SUMMARY_COLUMNS, workbook_bytes

    sheets: dict[str, tuple[Sequence[str], list[list[Any]]]] = {
        "Summary": (SUMMARY_COLUMNS, _summary_rows(document)),
        "By category": (
            ("Category", "Planned", "Expected to date", "Actual", "Variance (planned - actual)", "Status"),
            [
                [
                    category_label(row["category"]),
                    Decimal(row["planned"]),
                    Decimal(row["expected_to_date"]),
                    Decimal(row["actual"]),
                    Decimal(row["variance"]),
                    FLAGS.get(row["flag"], row["flag"]),
                ]
                for row in document["by_category"]
            ],
        ),
        "By period": (
            ("Period", "Label", "Planned", "Actual"),
            [
                [row["period"], row["label"], Decimal(row["planned"]), Decimal(row["actual"])]
                for row in document["by_period"]
            ],
        ),
        "Lines": (LINE_COLUMNS, _line_rows(document)),
    }
    return workbook_bytes(sheets, formats={Decimal: currency_format(document["plan"]["currency"]), date: "yyyy-mm-dd"})
