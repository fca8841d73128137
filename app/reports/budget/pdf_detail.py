"""The budget PDF's detail: the charts, the open staffing and governance gaps, and every line.

Sections of ``app.reports.budget.pdf``'s story, each a list of flowables from the
document; the look is ``app.reports.pdf_style``, the drawings ``app.reports.charts``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from app.labels import CRITICALITIES, label_in
from app.reports.budget.pdf import NO_LINES, amount, short_period
from app.reports.budget.sheets import category_label, stage_label
from app.reports.phrases import NO_GOVERNANCE_GAP, areas_needing_work

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


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
        planned=[{category: Decimal(value) for category, value in column["planned"].items()} for column in columns],
        actual=[Decimal(column["actual"]) for column in columns],
        recorded=[bool(column["recorded"]) for column in columns],
    )


def _cumulative(columns: _ChartColumns) -> tuple[list[float], list[float | None] | None]:
    """Running planned and actual totals per column; the actual only as far as actuals are recorded (None: none is)."""
    cumulative_planned: list[float] = []
    cumulative_actual: list[float | None] = []
    last_recorded = max((index for index, flag in enumerate(columns.recorded) if flag), default=-1)
    running_planned = Decimal(0)
    running_actual = Decimal(0)
    for index, column in enumerate(columns.planned):
        running_planned += sum(column.values(), Decimal(0))
        running_actual += columns.actual[index]
        cumulative_planned.append(float(running_planned))
        cumulative_actual.append(float(running_actual) if index <= last_recorded else None)
    return cumulative_planned, cumulative_actual if last_recorded >= 0 else None


def charts_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    """Stacked planned bars per period and category; cumulative planned against actual."""
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
        [(category_label(category), [column.get(category, 0) for column in per_column]) for category in categories],
        top=max((float(sum(column.values(), Decimal(0))) for column in per_column), default=0),
        width=style.CONTENT_WIDTH,
    )
    planned, actual = _cumulative(columns)
    cumulative = charts.cumulative_lines(labels, planned, actual, width=style.CONTENT_WIDTH)
    monthly = len(labels) == 12
    unit = "month" if monthly else "quarter"
    return [
        *style.explained(
            [style.heading("Charts"), style.paragraph(f"Planned spending by {unit} and category", "h2")],
            f"Stacked planned amounts ({currency}; k = thousands)"
            + ("" if monthly else ", monthly lines folded into their quarter")
            + ".",
            bars,
        ),
        *style.explained(
            [style.paragraph("Planned against actual, cumulative", "h2")],
            f"Running totals at the end of each {unit} ({currency}); the actual line stops at the "
            f"last {unit} with spending recorded.",
            cumulative,
        ),
    ]


def staffing_section(document: Mapping[str, Any], style: Any) -> list[Any]:
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


def governance_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    gaps = document.get("governance_gaps", [])
    heading = style.heading("Open governance gaps")
    if not gaps:
        return [heading, style.paragraph(NO_GOVERNANCE_GAP)]
    blocking = sum(1 for gap in gaps if gap["blocking"])
    summary = (
        areas_needing_work(gaps)
        + (
            f", {blocking} of them blocking (the rules let the project reach this stage only with a "
            "recorded justification)"
            if blocking
            else ""
        )
        + ": writing, reviewing or approving policy takes time from legal, security and the team, which "
        "this plan may not yet hold."
    )
    return [heading, style.paragraph(summary), style.governance_table(gaps, widths=(0.22, 0.14, 0.12, 0.52))]


def _subtotals(lines: Sequence[Mapping[str, Any]]) -> dict[str, list[Any]]:
    """Per category: how many lines, their planned and their actual total."""
    subtotals: dict[str, list[Any]] = {}
    for line in lines:
        subtotal = subtotals.setdefault(line["category"], [0, Decimal(0), Decimal(0)])
        subtotal[0] += 1
        subtotal[1] += Decimal(line["planned"])
        subtotal[2] += Decimal(line["actual"] or 0)
    return subtotals


def _line_commands(style: Any, *, font: str, size: float, leading: float, padding: float) -> list[tuple[Any, ...]]:
    """The line table's look: a dark header, small text, amounts right, a hairline under each row."""
    return [
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


def lines_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    """Every line, grouped by category with a subtotal; notes as numbered footnotes below the table."""
    from reportlab.platypus import Spacer

    lines, currency = document["lines"], document["plan"]["currency"]
    flowables: list[Any] = [style.heading("Line detail")]
    if not lines:
        return [*flowables, style.paragraph(NO_LINES)]
    table, notes = _lines_table(lines, currency, style)
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


def _subtotal_row(category: str, subtotal: Sequence[Any], currency: str) -> list[str]:
    """A category's row above its lines: "Personnel · 3 lines", its planned and its actual total."""
    count, planned, actual = subtotal
    return [
        f"{category_label(category)} · {count} line{'s' if count != 1 else ''}",
        "",
        "",
        amount(planned, currency),
        amount(actual, currency),
    ]


def _lines_table(lines: Sequence[Mapping[str, Any]], currency: str, style: Any) -> tuple[Any, dict[str, int]]:
    """The line table, and its notes by the number each is marked with.

    The cells are plain strings, wrapped here (``simpleSplit``), not paragraphs: a
    plan of thousands of lines then renders about as fast as a bare table of them.
    """
    from reportlab.lib.utils import simpleSplit
    from reportlab.platypus import Paragraph, Table, TableStyle

    sheet = style.styles()
    font, bold = style.register_fonts()
    size, leading, padding = 8.5, 10.5, 5
    widths = [fraction * style.CONTENT_WIDTH for fraction in (0.13, 0.40, 0.15, 0.16, 0.16)]

    def wrapped(value: str, column: int) -> str:
        return "\n".join(simpleSplit(value, font, size, widths[column] - 2 * padding)) or value

    header = [
        Paragraph(style.text(label), sheet["cell_head_right" if index >= 3 else "cell_head"])
        for index, label in enumerate(("Period", "Description", "Stage", "Planned", "Actual"))
    ]
    subtotals = _subtotals(lines)
    notes: dict[str, int] = {}
    data: list[list[Any]] = [header]
    commands = _line_commands(style, font=font, size=size, leading=leading, padding=padding)
    current = None
    for line in lines:
        if line["category"] != current:
            current = line["category"]
            # No SPAN (reportlab recomputes spans at every page break): the label runs on over the empty cells.
            commands += [
                ("FONT", (0, len(data)), (-1, len(data)), bold, size, leading),
                ("BACKGROUND", (0, len(data)), (-1, len(data)), style.ACCENT_LIGHT),
            ]
            data.append(_subtotal_row(current, subtotals[current], currency))
        description = line["description"] or "—"
        if line["labour"]:
            description = f"{description} (labour)"
        note = line["note"].strip()
        if note:
            description += str(notes.setdefault(note, len(notes) + 1)).translate(SUPERSCRIPT)
        data.append(
            [
                short_period(line["period_label"]),
                wrapped(description, 1),
                wrapped(stage_label(line["stage"]), 2),
                amount(line["planned"], currency),
                "–" if line["actual"] is None else amount(line["actual"], currency),
            ]
        )
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table, notes
