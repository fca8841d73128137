"""The budget report of one plan: what a finance director signs, as PDF, XLSX, CSV or JSON.

``build_budget_report`` loads one budget plan and rolls it up with
``app.analysis.budget`` (totals, per category, period and stage, expected spend to
date), adds the project's open staffing and governance gaps as context, and returns one
JSON-ready document; ``write_budget_report`` renders that document in the format
the output's extension names. Every format is drawn from the same document, so
the PDF never shows a number the JSON lacks. The package holds the document
(``document``), the spreadsheet and CSV (``sheets``) and the PDF (``pdf`` and its
detail sections, ``pdf_detail``).

Amounts are exact: the document holds them as decimal strings ("1234.50"), the
XLSX as numbers with the plan's currency format, the PDF through
``app.money.format_money``. The category × period table shows quarters as columns
and folds each month line into its quarter (a monthly plan would need twelve
columns, too many to read on A4); the per-period table and the charts keep months.

The JSON keys (documented in the README) are stable: ``project`` (the project's
name), ``generated_on``, ``plan`` (``name``, ``fiscal_year``, ``fiscal_year_start``,
``fiscal_year_end``, ``start_month``, ``currency``, ``state``, ``revision``,
``approved_by``, ``approved_on``),
``tolerance_percent``, ``totals`` (``planned``, ``actual``, ``variance``,
``expected_to_date``), ``by_category``, ``by_period``, ``by_stage``, ``grid`` (the
category × quarter table), ``lines``, ``staffing_gaps`` and ``governance_gaps`` (each:
``category``, ``status`` "missing" or "stale", ``reason``, ``blocking``: the policy
categories the governance rules need at the project's stage that no policy in force
covers, or only one past its review date).

Which plan: an exact plan (the app's selected revision), else a scenario (by name,
else the approved one of the latest fiscal year) and of its revisions the one asked
for, else the newest approved, else the newest. A plan that is not final is marked
on every page: DRAFT while it is a draft or submitted, NOT APPROVED when it was
closed without ever being approved; an approved plan, also once closed, is final.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.reports.budget.document import budget_document, build_budget_report, choose_plan, period_code, quarter_of
from app.reports.budget.pdf import render_pdf, report_mark
from app.reports.budget.sheets import FLAGS, LINE_COLUMNS, currency_format, render_csv, render_xlsx
from app.reports.output import renderers, write_report

if TYPE_CHECKING:
    from app.db.database import Database

__all__ = [
    "FLAGS",
    "LINE_COLUMNS",
    "budget_document",
    "build_budget_report",
    "choose_plan",
    "currency_format",
    "period_code",
    "quarter_of",
    "render_csv",
    "render_pdf",
    "render_xlsx",
    "report_mark",
    "write_budget_report",
]

_RENDERERS = renderers(pdf=render_pdf, xlsx=render_xlsx, csv=render_csv)


def write_budget_report(
    database: Database,
    project_name: str,
    output: Path,
    *,
    plan_name: str | None = None,
    plan_id: int | None = None,
    revision: int | None = None,
    today: date | None = None,
) -> Path:
    """Write one plan's budget report to ``output`` (``app.reports.output.write_report``: in the format its
    extension names, the output left as it was on any failure); ``UserError`` for an unknown project or plan."""
    return write_report(
        output,
        _RENDERERS,
        lambda: build_budget_report(
            database, project_name, plan_name=plan_name, plan_id=plan_id, revision=revision, today=today
        ),
        what="A budget report",
    )
