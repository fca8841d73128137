"""The budget report's PDF: the story a finance director reads and signs.

First page: the plan's identity, the headline figures and a verdict; then the
category × quarter grid, budget against actual by category, the charts, by stage
and by period, the open gaps and every line (``pdf_detail``), and the sign-off. A
plan that is not final is marked on every page (``report_mark``). The look is
``app.reports.pdf_style``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from app.labels import PLAN_STATES, label_in
from app.reports.budget.sheets import FLAGS, category_label, stage_label
from app.reports.phrases import day, joined, span

SIGN_OFF_ROLES = ("Finance director", "Project owner")
# Once the database records who approved the plan, the first box is theirs, filled in.
APPROVED_ROLES = ("Approved by", "Project owner")
# The amount columns of the budget-against-actual tables (by category and by stage), in order.
VERSUS_KEYS = ("planned", "expected_to_date", "actual", "variance")
NO_LINES = "The plan has no lines yet."


def amount(value: str | Decimal, currency: str) -> str:
    """An amount in a table cell: the plan's currency format without the code (the column header names it)."""
    from app.money import format_money

    return format_money(Decimal(value), currency).removesuffix(f" {currency}")


def short_period(label: str) -> str:
    """ "Q1 (Jul–Sep 2026)" -> "Q1"; a month label ("Jul 2026") stays."""
    return label.split(" (")[0]


def render_pdf(document: Mapping[str, Any]) -> bytes:
    """The report a finance director signs (see ``app.reports.pdf_style`` for the look)."""
    from app.reports import pdf_style as style
    from app.reports.budget import pdf_detail

    plan = document["plan"]
    mark = report_mark(plan)
    state = label_in(PLAN_STATES, plan["state"])
    flowables = _cover(document, style, mark=mark)
    flowables += _grid_section(document, style)
    flowables += _category_section(document, style)
    flowables += pdf_detail.charts_section(document, style)
    flowables += _stage_section(document, style)
    flowables += _period_section(document, style)
    flowables += pdf_detail.staffing_section(document, style)
    flowables += pdf_detail.governance_section(document, style)
    flowables += pdf_detail.lines_section(document, style)
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


def _state_note(plan: Mapping[str, Any], mark: str | None) -> str | None:
    """The line under the title block: why the pages are marked, or who approved the plan and when."""
    if mark == "DRAFT":
        state = label_in(PLAN_STATES, plan["state"])
        return (
            f"This plan is {state.lower()}, not approved: every page is marked DRAFT and its figures may still change."
        )
    if mark is not None:
        return (
            "This plan was closed without ever being approved: every page is marked NOT APPROVED, and it is "
            "no budget of record."
        )
    if plan.get("approved_on"):
        who = f" by {plan['approved_by']}" if plan.get("approved_by") else ""
        return f"Approved{who} on {day(plan['approved_on'])}."
    return None


def _cover(document: Mapping[str, Any], style: Any, *, mark: str | None) -> list[Any]:
    """The title block, the headline figures and the verdict."""
    from app.money import format_money

    plan, totals = document["plan"], document["totals"]
    currency = plan["currency"]
    state = label_in(PLAN_STATES, plan["state"])
    head = style.title_block(
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
        note=_state_note(plan, mark),
    )
    variance = Decimal(totals["variance"])
    over = any(row["flag"] == "over" for row in document["by_category"])
    figures = [
        style.Figure("Total planned", format_money(Decimal(totals["planned"]), currency)),
        style.Figure(
            f"Expected to {day(document['generated_on'])}", format_money(Decimal(totals["expected_to_date"]), currency)
        ),
        style.Figure("Actual to date", format_money(Decimal(totals["actual"]), currency), "alert" if over else "plain"),
        style.Figure(
            "Variance (planned − actual)", format_money(variance, currency), "alert" if variance < 0 else "plain"
        ),
    ]
    return [*style.cover(head, figures, _verdict(document))]


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
        return NO_LINES
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
    over = [category_label(row["category"]).lower() for row in document["by_category"] if row["flag"] == "over"]
    if over:
        parts.append(f"Over budget by more than the {document['tolerance_percent']}% tolerance: {joined(over)}.")
    return " ".join(parts)


def _grid_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    grid, currency = document["grid"], document["plan"]["currency"]
    heading = style.heading("Planned budget by category and quarter")
    if not grid["rows"]:
        return [heading, style.paragraph(NO_LINES)]
    header = ["Category", *[short_period(column["label"]) for column in grid["columns"]], "Total"]
    rows = [
        [
            category_label(row["category"]),
            *[amount(value, currency) for value in row["amounts"]],
            amount(row["total"], currency),
        ]
        for row in grid["rows"]
    ]
    rows.append(
        total_row(
            ["Total", *[amount(value, currency) for value in grid["totals"]], amount(grid["total"], currency)], style
        )
    )
    table = style.data_table(header, rows, widths=(0.25, 0.14, 0.14, 0.14, 0.14, 0.19), numeric=(1, 2, 3, 4, 5))
    _mark_total(table, len(rows), style)
    months = ", ".join(
        f"{short_period(column['label'])} {column['label'].split(' (')[1].rstrip(')')}"
        for column in grid["columns"]
        if " (" in column["label"]
    )
    return [
        *style.captioned(
            heading,
            table,
            f"Planned amounts in {currency}. Monthly lines are folded into their fiscal quarter ({months}).",
        )
    ]


def total_row(values: Sequence[str], style: Any) -> list[Any]:
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
        [name, *[amount(row[key], currency) for key in VERSUS_KEYS], FLAGS.get(row["flag"], row["flag"])]
        for name, row in zip(names, rows_in, strict=True)
    ]
    rows.append(total_row(["Total", *[amount(totals[key], currency) for key in VERSUS_KEYS], ""], style))
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
    rows_in = document["by_category"]
    heading = style.heading("Budget against actual by category")
    if not rows_in:
        return [heading, style.paragraph(NO_LINES)]
    names = [category_label(row["category"]) for row in rows_in]
    return [
        *style.captioned(
            heading,
            _versus_table(document, rows_in, names, "Category", style, shade_under=True),
            f"Amounts in {document['plan']['currency']}. Expected to date prorates each line's planned amount over the "
            f"days of its period elapsed by {day(document['generated_on'])}. Over: actual above expected by more than "
            f"{document['tolerance_percent']}% (shaded red); under: below it by more than that (shaded amber).",
        )
    ]


def _period_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    currency = document["plan"]["currency"]
    rows_in = document["by_period"]
    if not rows_in:
        return []

    def quarter_last(row: Mapping[str, Any]) -> tuple[int, bool, int]:
        # Months in order, each quarter's quarterly lines after its third month.
        number = int(row["period"][1:])
        monthly = row["period"].startswith("M")
        return ((number - 1) // 3 + 1 if monthly else number, not monthly, number)

    rows = []
    for row in sorted(rows_in, key=quarter_last):
        planned, actual = Decimal(row["planned"]), Decimal(row["actual"])
        label = row["label"] if row["period"].startswith("M") else f"{row['label']}, quarterly lines"
        rows.append([label, amount(planned, currency), amount(actual, currency), amount(planned - actual, currency)])
    totals = document["totals"]
    rows.append(
        total_row(["Total", *[amount(totals[key], currency) for key in ("planned", "actual", "variance")]], style)
    )
    table = style.data_table(
        ("Period", "Planned", "Actual", "Planned − actual"), rows, widths=(0.34, 0.22, 0.22, 0.22), numeric=(1, 2, 3)
    )
    _mark_total(table, len(rows), style)
    quarterly = any(row["period"].startswith("Q") for row in rows_in)
    return [
        *style.captioned(
            style.heading("Budget against actual by period"),
            table,
            f"Amounts in {currency}."
            + (" Lines planned per quarter are listed after the quarter's last month." if quarterly else ""),
            together=False,
        )
    ]


def _stage_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    rows_in = document["by_stage"]
    if not rows_in:
        return []
    return [
        *style.captioned(
            style.heading("Budget by life-cycle stage"),
            _versus_table(document, rows_in, [stage_label(row["stage"]) for row in rows_in], "Life-cycle stage", style),
            f"Amounts in {document['plan']['currency']}: what each stage of the project's life "
            "cycle costs, for judging return on investment stage by stage.",
        )
    ]
