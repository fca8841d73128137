"""The budget report of one plan: what a finance director signs, as PDF, XLSX, CSV or JSON.

``build_budget_report`` loads one budget plan and rolls it up with
``app.analysis.budget`` (totals, per category, period and stage, expected spend to
date), adds the project's open staffing and governance gaps as context, and returns one
JSON-ready document; ``write_budget_report`` renders that document in the format
the output's extension names. Every format is drawn from the same document, so
the PDF never shows a number the JSON lacks.

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

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from app.labels import (
    BUDGET_CATEGORIES,
    CRITICALITIES,
    PLAN_STATES,
    STAGES,
    criticality_rank,
    label_in,
)
from app.reports.output import Renderer, csv_bytes, render_json, write_report
from app.reports.phrases import GOVERNANCE_COLUMNS, day, fte, governance_rows, joined, span

if TYPE_CHECKING:
    from app.analysis.budget import Period, PlanData, PlanRollup, PlanSummary, SpendColumns
    from app.db.database import Database


# The words of a roll-up's over/under flag in the tables (the labels of stored values are ``app.labels``').
FLAGS = {"over": "Over", "under": "Under", "": ""}
SIGN_OFF_ROLES = ("Finance director", "Project owner")
# Once the database records who approved the plan, the first box is theirs, filled in.
APPROVED_ROLES = ("Approved by", "Project owner")

# The amount columns of the budget-against-actual tables (by category and by stage), in order.
VERSUS_KEYS = ("planned", "expected_to_date", "actual", "variance")
LINE_COLUMNS = ("Category", "Description", "Period", "Period label", "Stage", "Planned", "Actual", "Note")


# --- the document -----------------------------------------------------------------------


def build_budget_report(
    database: Database,
    project_name: str,
    *,
    plan_name: str | None = None,
    plan_id: int | None = None,
    revision: int | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """The budget report of one plan of the project called ``project_name``, as a JSON-ready document.

    The plan is the one ``choose_plan`` picks. Raises ``UserError`` for an unknown
    project, plan or revision, or a project with no plan.
    """
    from app.analysis.budget import load_plan, rollup
    from app.queries.projects import require_project
    from app.settings import load_finance_settings

    reader = database.reader()
    profile = require_project(reader, project_name)
    chosen = choose_plan(database, profile.name, plan_name=plan_name, plan_id=plan_id, revision=revision)
    settings = load_finance_settings(reader)
    today = today or date.today()
    plan = load_plan(reader, chosen.plan_id)
    rolled = rollup(plan, today=today, tolerance_percent=settings.overspend_tolerance_percent)
    return budget_document(
        plan,
        rolled,
        staffing_gaps=_open_staffing_gaps(database, profile.id),
        governance_gaps=_open_governance_gaps(database, profile.id, today=today),
        generated_on=today,
        tolerance_percent=settings.overspend_tolerance_percent,
    )


def choose_plan(
    database: Database,
    project_name: str,
    *,
    plan_name: str | None = None,
    plan_id: int | None = None,
    revision: int | None = None,
) -> PlanSummary:
    """The plan a budget report is of: ``choose_among`` the project's plans."""
    from app.analysis.budget import choose_among, list_plans
    from app.queries.projects import require_project

    profile = require_project(database.reader(), project_name)
    plans = list_plans(database.reader(), profile.id)
    return choose_among(plans, profile.name, plan_name=plan_name, plan_id=plan_id, revision=revision)


def _open_governance_gaps(database: Database, project_id: int, *, today: date) -> list[dict[str, Any]]:
    """The project's missing and stale policy categories at its stage: blocking first (``app.analysis.governance``)."""
    from app.analysis.governance import open_gaps

    return [
        {"category": gap.category.value, "status": gap.status, "reason": gap.reason, "blocking": gap.blocking}
        for gap in open_gaps(database.reader(), project_id, today=today)
    ]


def _open_staffing_gaps(database: Database, project_id: int) -> list[dict[str, Any]]:
    """The project's requirements with a gap, as the staffing analysis finds them: most critical, then largest first."""
    from app.analysis.skills import load_matrix
    from app.analysis.staffing import analyse_project, load_staffing_frame
    from app.settings import load_staffing_settings

    reader = database.reader()
    snapshot = load_matrix(reader, thresholds=load_staffing_settings(reader).shapes)
    staffing = analyse_project(snapshot, load_staffing_frame(reader), project_id)
    gaps: list[dict[str, Any]] = [
        {
            "skill": gap.skill,
            "area": gap.area,
            "min_level": int(gap.min_level),
            "needed_fte": fte(gap.needed_fte),
            "gap_fte": fte(gap.gap_fte),
            "criticality": str(gap.criticality),
            "training_candidates": [member.name for member in gap.training_candidates],
        }
        for gap in staffing.requirements
        if gap.gap_fte > 0
    ]
    gaps.sort(key=lambda row: (-criticality_rank(row["criticality"]), -row["gap_fte"], row["skill"].casefold()))
    return gaps


def _money(value: Decimal | None) -> str | None:
    """An amount as the document holds it: an exact decimal string with cents.

    Every amount reaching here is already whole cents (the analysis quantizes), so
    this only fixes the notation ("0" -> "0.00"); it never rounds.
    """
    return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))


def period_code(period: Period) -> str:
    """A period's short code, as ``parse_period`` reads it back: "M03" for a month, "Q2" for a quarter."""
    return f"M{period.number:02d}" if period.kind == "month" else f"Q{period.number}"


def quarter_of(period: Period) -> int:
    """The fiscal quarter a period falls in (a month line folds into its quarter)."""
    return (period.number - 1) // 3 + 1 if period.kind == "month" else period.number


def _category_order(category: str) -> tuple[int, str]:
    order = list(BUDGET_CATEGORIES)
    return (order.index(category), category) if category in order else (len(order), category)


def _stage_order(stage: str) -> tuple[int, str]:
    order = list(STAGES)
    return (order.index(stage), stage) if stage in order else (len(order), stage)


def budget_document(
    plan: PlanData,
    rolled: PlanRollup,
    *,
    staffing_gaps: Sequence[Mapping[str, Any]],
    generated_on: date,
    tolerance_percent: Decimal,
    governance_gaps: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The report's document from a loaded and rolled-up plan (pure: no database)."""
    from app.analysis.budget import Period, period_dates, period_label, spend_columns

    first_day = period_dates(plan.fiscal_year, plan.start_month, Period("month", 1))[0]
    last_day = period_dates(plan.fiscal_year, plan.start_month, Period("month", 12))[1]
    quarters = [Period("quarter", number) for number in range(1, 5)]
    categories = sorted(
        {category for category, _ in rolled.grid} | {row.category for row in rolled.by_category}, key=_category_order
    )
    grid_rows: list[dict[str, Any]] = []
    for category in categories:
        amounts = [Decimal(0)] * 4
        for (cell_category, period), amount in rolled.grid.items():
            if cell_category == category:
                amounts[quarter_of(period) - 1] += amount
        grid_rows.append(
            {
                "category": category,
                "amounts": [_money(amount) for amount in amounts],
                "total": _money(sum(amounts, Decimal(0))),
            }
        )
    column_totals = [sum((Decimal(row["amounts"][index]) for row in grid_rows), Decimal(0)) for index in range(4)]

    def line_key(line: Any) -> tuple[Any, ...]:
        start = period_dates(plan.fiscal_year, plan.start_month, line.period)[0]
        return (
            _category_order(str(line.category)),
            start,
            line.period.kind == "quarter",
            line.description.casefold(),
            line.id,
        )

    return {
        "project": plan.project,
        "generated_on": generated_on.isoformat(),
        "plan": {
            "name": plan.name,
            "fiscal_year": int(plan.fiscal_year),
            "fiscal_year_start": first_day.isoformat(),
            "fiscal_year_end": last_day.isoformat(),
            "start_month": int(plan.start_month),
            "currency": plan.currency,
            "state": str(plan.state),
            "revision": int(plan.revision),
            # Who approved the plan (a name; None when not recorded) and on which day (ISO; None if never).
            "approved_by": plan.approved_by,
            "approved_on": plan.approved_on.isoformat() if plan.approved_on else None,
        },
        "tolerance_percent": str(tolerance_percent),
        "totals": {
            "planned": _money(rolled.totals.planned),
            "actual": _money(rolled.totals.actual),
            "variance": _money(rolled.totals.variance),
            "expected_to_date": _money(rolled.totals.expected_to_date),
        },
        "by_category": [
            {
                "category": row.category,
                "planned": _money(row.planned),
                "actual": _money(row.actual),
                "variance": _money(row.variance),
                "expected_to_date": _money(row.expected_to_date),
                "flag": row.flag,
            }
            for row in sorted(rolled.by_category, key=lambda row: _category_order(row.category))
        ],
        "by_period": [
            {
                "period": period_code(row.period),
                "label": row.label,
                "planned": _money(row.planned),
                "actual": _money(row.actual),
            }
            for row in rolled.by_period
        ],
        "by_stage": [
            {
                "stage": row.stage,
                "planned": _money(row.planned),
                "actual": _money(row.actual),
                "variance": _money(row.variance),
                "expected_to_date": _money(row.expected_to_date),
                "flag": row.flag,
            }
            for row in sorted(rolled.by_stage, key=lambda row: _stage_order(row.stage))
        ],
        "grid": {
            "columns": [
                {"period": period_code(quarter), "label": period_label(plan.fiscal_year, plan.start_month, quarter)}
                for quarter in quarters
            ],
            "rows": grid_rows,
            "totals": [_money(amount) for amount in column_totals],
            "total": _money(sum(column_totals, Decimal(0))),
        },
        "lines": [
            {
                "category": str(line.category),
                "description": line.description,
                "period": period_code(line.period),
                "period_label": period_label(plan.fiscal_year, plan.start_month, line.period),
                "stage": str(line.stage),
                "planned": _money(line.planned),
                "actual": _money(line.actual),
                "note": line.note,
                "labour": line.labour_person_id is not None,
            }
            for line in sorted(plan.lines, key=line_key)
        ],
        "staffing_gaps": [dict(gap) for gap in staffing_gaps],
        "governance_gaps": [dict(gap) for gap in governance_gaps],
        "chart": _chart_document(spend_columns(plan)),
    }


def _chart_document(columns: SpendColumns) -> dict[str, Any]:
    return {
        "monthly": columns.monthly,
        "columns": [
            {
                "label": label,
                "planned": {category: _money(amount) for category, amount in planned.items()},
                "actual": _money(actual),
                "recorded": recorded,
            }
            for label, planned, actual, recorded in zip(
                columns.labels, columns.planned, columns.actual, columns.recorded, strict=True
            )
        ],
    }


# --- writing ----------------------------------------------------------------------------


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
    """Write one plan's budget report to ``output``, in the format its extension names.

    Raises ``UserError`` for an extension other than .pdf, .xlsx, .csv or .json, a
    folder that does not exist, or an unknown project or plan; the output path is
    left as it was then, and on any other failure.
    """
    return write_report(
        output,
        _RENDERERS,
        lambda: build_budget_report(
            database, project_name, plan_name=plan_name, plan_id=plan_id, revision=revision, today=today
        ),
        what="A budget report",
    )


def _category(value: str) -> str:
    return label_in(BUDGET_CATEGORIES, value)


def _stage(value: str) -> str:
    return label_in(STAGES, value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _line_rows(document: Mapping[str, Any]) -> list[list[Any]]:
    """The Lines sheet and the CSV: one row per line, amounts as Decimal (None: no actual recorded)."""
    return [
        [
            _category(line["category"]),
            line["description"],
            line["period"],
            line["period_label"],
            _stage(line["stage"]),
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


def render_xlsx(document: Mapping[str, Any]) -> bytes:
    """Sheets Summary, By category, By period and Lines; amounts are numbers in the plan's currency format."""
    from app.reports.workbook import workbook_bytes

    plan, totals = document["plan"], document["totals"]
    money_format = currency_format(plan["currency"])
    sheets: dict[str, tuple[Sequence[str], list[list[Any]]]] = {
        "Summary": (
            ("Measure", "Value"),
            [
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
            ],
        ),
        "By category": (
            ("Category", "Planned", "Expected to date", "Actual", "Variance (planned - actual)", "Status"),
            [
                [
                    _category(row["category"]),
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
    return workbook_bytes(sheets, formats={Decimal: money_format, date: "yyyy-mm-dd"})


# --- the PDF ----------------------------------------------------------------------------


def _amount(value: str | Decimal, currency: str) -> str:
    """An amount in a table cell: the plan's currency format without the code (the column header names it)."""
    from app.money import format_money

    return format_money(Decimal(value), currency).removesuffix(f" {currency}")


def _short_period(label: str) -> str:
    """ "Q1 (Jul–Sep 2026)" -> "Q1"; a month label ("Jul 2026") stays."""
    return label.split(" (")[0]


def render_pdf(document: Mapping[str, Any]) -> bytes:
    """The report a finance director signs (see ``app.reports.pdf_style`` for the look)."""
    from reportlab.platypus import Spacer

    from app.money import format_money
    from app.reports import pdf_style as style

    plan, totals = document["plan"], document["totals"]
    currency = plan["currency"]
    mark = report_mark(plan)
    state = label_in(PLAN_STATES, plan["state"])
    if mark == "DRAFT":
        note: str | None = (
            f"This plan is {state.lower()}, not approved: every page is marked DRAFT and its figures may still change."
        )
    elif mark is not None:
        note = (
            "This plan was closed without ever being approved: every page is marked NOT APPROVED, and it is "
            "no budget of record."
        )
    elif plan.get("approved_on"):
        who = f" by {plan['approved_by']}" if plan.get("approved_by") else ""
        note = f"Approved{who} on {day(plan['approved_on'])}."
    else:
        note = None
    flowables: list[Any] = style.title_block(
        "Budget report",
        document["project"],
        f"Scenario “{plan['name']}” for fiscal year {plan['fiscal_year']}, prepared on "
        f"{day(document['generated_on'])}. Amounts in {currency}.",
        [
            ("Plan (scenario)", plan["name"]),
            (f"Fiscal year {plan['fiscal_year']}", span(plan["fiscal_year_start"], plan["fiscal_year_end"])),
            ("Currency", currency),
            ("State and revision", f"{state}, rev. {plan['revision']}"),
        ],
        note=note,
    )
    variance = Decimal(totals["variance"])
    expected = Decimal(totals["expected_to_date"])
    actual = Decimal(totals["actual"])
    over = any(row["flag"] == "over" for row in document["by_category"])
    flowables += [
        Spacer(1, 12),
        style.summary_figures(
            [
                style.Figure("Total planned", format_money(Decimal(totals["planned"]), currency)),
                style.Figure(f"Expected to {day(document['generated_on'])}", format_money(expected, currency)),
                style.Figure("Actual to date", format_money(actual, currency), "alert" if over else "plain"),
                style.Figure(
                    "Variance (planned − actual)",
                    format_money(variance, currency),
                    "alert" if variance < 0 else "plain",
                ),
            ]
        ),
        Spacer(1, 8),
        style.paragraph(_verdict(document)),
    ]
    flowables += _grid_section(document, style)
    flowables += _category_section(document, style)
    flowables += _charts_section(document, style)
    flowables += _stage_section(document, style)
    flowables += _period_section(document, style)
    flowables += _staffing_section(document, style)
    flowables += _governance_section(document, style)
    flowables += _lines_section(document, style)
    flowables += _sign_off_section(document, style, mark=mark)
    footer = (
        f"Steward · Budget · {document['project']} · {plan['name']} · FY {plan['fiscal_year']} · "
        f"rev. {plan['revision']} · {state} · {document['generated_on']}"
    )
    return style.render(
        flowables,
        title=f"Budget: {document['project']}, {plan['name']} (FY {plan['fiscal_year']})",
        subject="Budget report",
        footer=footer,
        watermark=mark,
    )


def report_mark(plan: Mapping[str, Any]) -> str | None:
    """What every page of the plan's report says it is not: "DRAFT" (a draft or a submitted plan), "NOT APPROVED"
    (closed without ever being approved), or None: the plan is approved, or was before it was closed, so final."""
    if plan["state"] == "approved" or plan.get("approved_on"):
        return None
    return "NOT APPROVED" if plan["state"] == "closed" else "DRAFT"


def _sign_off_section(document: Mapping[str, Any], style: Any, *, mark: str | None) -> list[Any]:
    """Whose approval the plan records, filled in (name and day; the signature is theirs to write), or blank boxes
    for a plan still to be approved."""
    from reportlab.platypus import Spacer

    from app.money import format_money

    plan = document["plan"]
    budget = (
        f"the {plan['fiscal_year']} budget of {document['project']}, scenario “{plan['name']}”, revision "
        f"{plan['revision']}, totalling {format_money(Decimal(document['totals']['planned']), plan['currency'])}"
    )
    approved_by, approved_on = plan.get("approved_by"), plan.get("approved_on")
    roles: Sequence[str] = SIGN_OFF_ROLES
    values: list[dict[str, str]] = []
    if mark == "DRAFT":
        sentence = f"For approval as {budget}."
    elif mark is not None:
        sentence = f"Closed without approval: this plan was never approved as {budget}."
    elif approved_by and approved_on:
        sentence = f"Approved by {approved_by} on {day(approved_on)} as {budget}."
        roles = APPROVED_ROLES
        values = [{"Name": approved_by, "Date": day(approved_on)}]
    elif approved_on:
        sentence = f"Approved on {day(approved_on)} as {budget}; who approved it was not recorded."
        values = [{"Date": day(approved_on)}]
    else:
        sentence = f"Approved as {budget}."
    return [
        style.heading("Sign-off"),
        style.keep_together([style.paragraph(sentence), Spacer(1, 10), style.sign_off_block(roles, values=values)]),
    ]


def _verdict(document: Mapping[str, Any]) -> str:
    """The summary in one or two sentences, for a reader who stops at the first page."""
    from app.money import format_money

    totals, currency = document["totals"], document["plan"]["currency"]
    planned, actual = Decimal(totals["planned"]), Decimal(totals["actual"])
    expected = Decimal(totals["expected_to_date"])
    if not document["lines"]:
        return "The plan has no lines yet."
    parts = [f"The plan budgets {format_money(planned, currency)} over {len(document['lines']):,} lines."]
    if actual == 0:
        parts.append("No spending has been recorded against it yet.")
    elif expected > 0:
        share = (actual - expected) / expected * 100
        word = "more" if share > 0 else "less"
        parts.append(
            f"Spending recorded so far, {format_money(actual, currency)}, is {abs(share):.1f}% {word} "
            f"than the {format_money(expected, currency)} expected by {day(document['generated_on'])}."
        )
    else:
        parts.append(f"{format_money(actual, currency)} has been spent although nothing was expected yet.")
    over = [_category(row["category"]).lower() for row in document["by_category"] if row["flag"] == "over"]
    if over:
        parts.append(f"Over budget by more than the {document['tolerance_percent']}% tolerance: {joined(over)}.")
    return " ".join(parts)


def _grid_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    from reportlab.platypus import Spacer

    grid, currency = document["grid"], document["plan"]["currency"]
    heading = style.heading("Planned budget by category and quarter")
    if not grid["rows"]:
        return [heading, style.paragraph("The plan has no lines yet.")]
    header = ["Category", *[_short_period(column["label"]) for column in grid["columns"]], "Total"]
    rows = [
        [
            _category(row["category"]),
            *[_amount(amount, currency) for amount in row["amounts"]],
            _amount(row["total"], currency),
        ]
        for row in grid["rows"]
    ]
    rows.append(
        _total_row(
            ["Total", *[_amount(amount, currency) for amount in grid["totals"]], _amount(grid["total"], currency)],
            style,
        )
    )
    table = style.data_table(header, rows, widths=(0.25, 0.14, 0.14, 0.14, 0.14, 0.19), numeric=(1, 2, 3, 4, 5))
    _mark_total(table, len(rows), style)
    months = ", ".join(
        f"{_short_period(column['label'])} {column['label'].split(' (')[1].rstrip(')')}"
        for column in grid["columns"]
        if " (" in column["label"]
    )
    return [
        style.keep_together(
            [
                heading,
                table,
                Spacer(1, 4),
                style.paragraph(
                    f"Planned amounts in {currency}. Monthly lines are folded into their fiscal quarter ({months}).",
                    "note",
                ),
            ]
        )
    ]


def _total_row(values: Sequence[str], style: Any) -> list[Any]:
    """A totals row for ``data_table``: bold, the label left and the amounts right."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    sheet = style.styles()
    left = ParagraphStyle("cell_total", sheet["cell"], fontName=style.FONT_BOLD)
    right = ParagraphStyle("cell_total_right", sheet["cell_right"], fontName=style.FONT_BOLD)
    return [Paragraph(style.text(value), left if index == 0 else right) for index, value in enumerate(values)]


def _mark_total(table: Any, row: int, style: Any) -> None:
    """A rule above the totals row (data row ``row``, counted from the header as 0) and no zebra."""
    table.setStyle(
        [("LINEABOVE", (0, row), (-1, row), 1, style.INK), ("BACKGROUND", (0, row), (-1, row), style.colors.white)]
    )


def _versus_table(
    document: Mapping[str, Any],
    rows_in: Sequence[Mapping[str, Any]],
    names: Sequence[str],
    first: str,
    style: Any,
    *,
    shade_under: bool = False,
) -> Any:
    """A budget-against-actual table of ``rows_in`` (by category or stage, named ``names``) with its totals row:
    an over row shaded red with its actual in bold red, and with ``shade_under`` an under row shaded amber."""
    currency, totals = document["plan"]["currency"], document["totals"]
    rows = [
        [name, *[_amount(row[key], currency) for key in VERSUS_KEYS], FLAGS.get(row["flag"], row["flag"])]
        for name, row in zip(names, rows_in, strict=True)
    ]
    rows.append(_total_row(["Total", *[_amount(totals[key], currency) for key in VERSUS_KEYS], ""], style))
    over = [index for index, row in enumerate(rows_in) if row["flag"] == "over"]
    table = style.data_table(
        (first, "Planned", "Expected to date", "Actual", "Planned − actual", "Status"),
        rows,
        widths=(0.25, 0.16, 0.16, 0.16, 0.16, 0.11),
        numeric=(1, 2, 3, 4),
        highlight=over,
        emphasis=[(index, 3) for index in over],
    )
    if shade_under:
        for index, row in enumerate(rows_in):
            if row["flag"] == "under":
                table.setStyle([("BACKGROUND", (0, index + 1), (-1, index + 1), style.WARN_LIGHT)])
    _mark_total(table, len(rows), style)
    return table


def _category_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    from reportlab.platypus import Spacer

    currency = document["plan"]["currency"]
    rows_in = document["by_category"]
    heading = style.heading("Budget against actual by category")
    if not rows_in:
        return [heading, style.paragraph("The plan has no lines yet.")]
    names = [_category(row["category"]) for row in rows_in]
    table = _versus_table(document, rows_in, names, "Category", style, shade_under=True)
    return [
        style.keep_together(
            [
                heading,
                table,
                Spacer(1, 4),
                style.paragraph(
                    f"Amounts in {currency}. Expected to date prorates each line's planned amount over the days of "
                    f"its period elapsed by {day(document['generated_on'])}. Over: actual above expected by more than "
                    f"{document['tolerance_percent']}% (shaded red); under: below it by more than that (shaded amber).",
                    "note",
                ),
            ]
        )
    ]


class _ChartColumns(NamedTuple):
    labels: list[str]
    planned: list[dict[str, Decimal]]  # per column: category -> planned
    actual: list[Decimal]  # per column: actual recorded
    recorded: list[bool]  # per column: any actual recorded at all


def _chart_columns(document: Mapping[str, Any]) -> _ChartColumns:
    """What the charts plot, as the analysis folded it (``app.analysis.budget.spend_columns``)."""
    columns = document["chart"]["columns"]
    return _ChartColumns(
        labels=[column["label"] for column in columns],
        planned=[{category: Decimal(amount) for category, amount in column["planned"].items()} for column in columns],
        actual=[Decimal(column["actual"]) for column in columns],
        recorded=[bool(column["recorded"]) for column in columns],
    )


def _charts_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    """Stacked planned bars per period and category; cumulative planned against actual."""
    from reportlab.platypus import Spacer

    from app.reports import charts

    if not document["lines"]:
        return []
    currency = document["plan"]["currency"]
    columns = _chart_columns(document)
    labels, per_column = columns.labels, columns.planned
    # One series per category with something planned, stacked within each period.
    categories = [
        row["category"] for row in document["grid"]["rows"] if any(column.get(row["category"]) for column in per_column)
    ]
    bars = charts.stacked_bars(
        labels,
        [(_category(category), [column.get(category, 0) for column in per_column]) for category in categories],
        top=max((float(sum(column.values(), Decimal(0))) for column in per_column), default=0),
        width=style.CONTENT_WIDTH,
    )
    # Cumulative planned against cumulative actual (actual only as far as actuals are recorded).
    cumulative_planned: list[float] = []
    cumulative_actual: list[float | None] = []
    monthly = len(labels) == 12
    last_recorded = max((index for index, flag in enumerate(columns.recorded) if flag), default=-1)
    running_planned = Decimal(0)
    running_actual = Decimal(0)
    for index, column in enumerate(per_column):
        running_planned += sum(column.values(), Decimal(0))
        running_actual += columns.actual[index]
        cumulative_planned.append(float(running_planned))
        cumulative_actual.append(float(running_actual) if index <= last_recorded else None)
    cumulative = charts.cumulative_lines(
        labels, cumulative_planned, cumulative_actual if last_recorded >= 0 else None, width=style.CONTENT_WIDTH
    )
    unit = "month" if monthly else "quarter"
    return [
        style.keep_together(
            [
                style.heading("Charts"),
                style.paragraph(f"Planned spending by {unit} and category", "h2"),
                style.paragraph(
                    f"Stacked planned amounts ({currency}; k = thousands)"
                    + ("" if monthly else ", monthly lines folded into their quarter")
                    + ".",
                    "note",
                ),
                Spacer(1, 4),
                bars,
            ]
        ),
        style.keep_together(
            [
                style.paragraph("Planned against actual, cumulative", "h2"),
                style.paragraph(
                    f"Running totals at the end of each {unit} ({currency}); the actual line stops at the "
                    f"last {unit} with spending recorded.",
                    "note",
                ),
                Spacer(1, 4),
                cumulative,
            ]
        ),
    ]


def _period_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    from reportlab.platypus import Spacer

    currency = document["plan"]["currency"]
    rows_in = document["by_period"]
    if not rows_in:
        return []
    rows = []

    def quarter_last(row: Mapping[str, Any]) -> tuple[int, bool, int]:
        # Months in order, each quarter's quarterly lines after its third month.
        number = int(row["period"][1:])
        monthly = row["period"].startswith("M")
        return ((number - 1) // 3 + 1 if monthly else number, not monthly, number)

    for row in sorted(rows_in, key=quarter_last):
        planned, actual = Decimal(row["planned"]), Decimal(row["actual"])
        label = row["label"] if row["period"].startswith("M") else f"{row['label']}, quarterly lines"
        rows.append([label, _amount(planned, currency), _amount(actual, currency), _amount(planned - actual, currency)])
    totals = document["totals"]
    rows.append(
        _total_row(
            [
                "Total",
                _amount(totals["planned"], currency),
                _amount(totals["actual"], currency),
                _amount(totals["variance"], currency),
            ],
            style,
        )
    )
    table = style.data_table(
        ("Period", "Planned", "Actual", "Planned − actual"), rows, widths=(0.34, 0.22, 0.22, 0.22), numeric=(1, 2, 3)
    )
    _mark_total(table, len(rows), style)
    return [
        style.heading("Budget against actual by period"),
        table,
        Spacer(1, 4),
        style.paragraph(
            f"Amounts in {currency}."
            + (
                " Lines planned per quarter are listed after the quarter's last month."
                if any(row["period"].startswith("Q") for row in rows_in)
                else ""
            ),
            "note",
        ),
    ]


def _stage_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    from reportlab.platypus import Spacer

    rows_in = document["by_stage"]
    if not rows_in:
        return []
    table = _versus_table(document, rows_in, [_stage(row["stage"]) for row in rows_in], "Life-cycle stage", style)
    return [
        style.keep_together(
            [
                style.heading("Budget by life-cycle stage"),
                table,
                Spacer(1, 4),
                style.paragraph(
                    f"Amounts in {document['plan']['currency']}: what each stage of the project's life "
                    "cycle costs, for judging return on investment stage by stage.",
                    "note",
                ),
            ]
        )
    ]


def _staffing_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    gaps = document["staffing_gaps"]
    flowables: list[Any] = [style.heading("Open staffing gaps")]
    if not gaps:
        return [
            *flowables,
            style.paragraph("The project has no open staffing gap: every skill requirement is covered by its members."),
        ]
    total = sum(gap["gap_fte"] for gap in gaps)
    flowables += [
        style.paragraph(
            f"{len(gaps)} skill {'requirement is' if len(gaps) == 1 else 'requirements are'} short, by "
            f"{total:.2f} FTE in total: closing them costs money this plan may not yet hold "
            "(recruitment or training lines)."
        ),
        style.data_table(
            ("Skill", "Area", "Minimum level", "Gap (FTE)", "Criticality", "Members one level short"),
            [
                [
                    gap["skill"],
                    gap["area"],
                    str(gap["min_level"]),
                    f"{gap['gap_fte']:.2f}",
                    label_in(CRITICALITIES, gap["criticality"]),
                    ", ".join(gap["training_candidates"]) or "None",
                ]
                for gap in gaps
            ],
            widths=(0.22, 0.17, 0.11, 0.1, 0.12, 0.28),
            numeric=(2, 3),
        ),
    ]
    return flowables


def _governance_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    gaps = document.get("governance_gaps", [])
    flowables: list[Any] = [style.heading("Open governance gaps")]
    if not gaps:
        return [
            *flowables,
            style.paragraph(
                "Every policy the governance rules ask of the project at its stage is in "
                "force and within its review date."
            ),
        ]
    blocking = sum(1 for gap in gaps if gap["blocking"])
    summary = (
        f"{len(gaps)} policy {'area needs' if len(gaps) == 1 else 'areas need'} work at the project's stage"
        + (
            f", {blocking} of them blocking (the rules let the project reach this stage only with a "
            "recorded justification)"
            if blocking
            else ""
        )
        + ": writing, reviewing or approving policy takes time from legal, security and the team, which "
        "this plan may not yet hold."
    )
    flowables += [
        style.paragraph(summary),
        style.data_table(
            GOVERNANCE_COLUMNS,
            governance_rows(gaps),
            widths=(0.22, 0.14, 0.12, 0.52),
            highlight=[index for index, gap in enumerate(gaps) if gap["blocking"]],
        ),
    ]
    return flowables


SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _lines_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    """Every line, grouped by category with a subtotal; notes as numbered footnotes below the table.

    The cells are plain strings, wrapped here (``simpleSplit``), not paragraphs: a
    plan of thousands of lines then renders about as fast as a bare table of them.
    """
    from reportlab.lib.utils import simpleSplit
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    lines, currency = document["lines"], document["plan"]["currency"]
    flowables: list[Any] = [style.heading("Line detail")]
    if not lines:
        return [*flowables, style.paragraph("The plan has no lines yet.")]
    sheet = style.styles()
    font, bold = style.register_fonts()
    size, leading, padding = 8.5, 10.5, 5
    fractions = (0.13, 0.40, 0.15, 0.16, 0.16)
    widths = [fraction * style.CONTENT_WIDTH for fraction in fractions]

    def wrapped(value: str, column: int) -> str:
        return "\n".join(simpleSplit(value, font, size, widths[column] - 2 * padding)) or value

    header = [
        Paragraph(style.text(label), sheet["cell_head_right" if index >= 3 else "cell_head"])
        for index, label in enumerate(("Period", "Description", "Stage", "Planned", "Actual"))
    ]
    subtotals: dict[str, list[Any]] = {}
    for line in lines:
        subtotal = subtotals.setdefault(line["category"], [0, Decimal(0), Decimal(0)])
        subtotal[0] += 1
        subtotal[1] += Decimal(line["planned"])
        subtotal[2] += Decimal(line["actual"] or 0)
    notes: dict[str, int] = {}
    data: list[list[Any]] = [header]
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), style.ACCENT),
        ("FONT", (0, 1), (-1, -1), font, size, leading),
        ("TEXTCOLOR", (0, 1), (-1, -1), style.INK),
        ("ALIGN", (3, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, style.RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
    ]
    current = None
    for line in lines:
        if line["category"] != current:
            current = line["category"]
            count, planned, actual = subtotals[current]
            row = len(data)
            # No SPAN (reportlab recomputes spans at every page break): the label runs on over the empty cells.
            data.append(
                [
                    f"{_category(current)} · {count} line{'s' if count != 1 else ''}",
                    "",
                    "",
                    _amount(planned, currency),
                    _amount(actual, currency),
                ]
            )
            commands += [
                ("FONT", (0, row), (-1, row), bold, size, leading),
                ("BACKGROUND", (0, row), (-1, row), style.ACCENT_LIGHT),
            ]
        description = line["description"] or "—"
        if line["labour"]:
            description = f"{description} (labour)"
        note = line["note"].strip()
        if note:
            description += str(notes.setdefault(note, len(notes) + 1)).translate(SUPERSCRIPT)
        data.append(
            [
                _short_period(line["period_label"]),
                wrapped(description, 1),
                wrapped(_stage(line["stage"]), 2),
                _amount(line["planned"], currency),
                "–" if line["actual"] is None else _amount(line["actual"], currency),
            ]
        )
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    flowables += [
        style.paragraph(
            f"All {len(lines):,} lines by category, then period; amounts in {currency}, “–” where no "
            "actual is recorded. Labour lines are computed from the project's members; a raised number "
            "points to a note below the table.",
            "note",
        ),
        Spacer(1, 3),
        table,
    ]
    if notes:
        flowables += [style.paragraph("Notes", "h2")]
        flowables += [style.paragraph(f"{number}. {note}", "note") for note, number in notes.items()]
    return flowables


_RENDERERS: dict[str, Renderer] = {
    ".pdf": render_pdf,
    ".xlsx": render_xlsx,
    ".csv": render_csv,
    ".json": render_json,
}
