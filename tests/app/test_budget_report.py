"""The budget report (``steward report budget``) as the finance director and the ledger receive it.

Every test writes real files and reads them back the way a user's tools would: the
PDF through ``pdftotext``, the workbook through openpyxl, the CSV through the
``csv`` module. What is checked is what a reader would notice: the numbers are
the budget analysis's, every total in the PDF's category × quarter table is the
sum of its parts to the cent, a plan that is not approved says DRAFT on every
page, spreadsheet amounts are numbers in the plan's currency, and a refused
report leaves the output path alone.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.analysis.budget import Period, list_plans, load_plan, rollup
from app.db.database import Database
from app.errors import UserError
from app.queries.projects import find_project
from app.reports.budget import build_budget_report, render_pdf, write_budget_report
from app.services.budget import LineInput, add_lines, approve_plan, create_plan, set_plan_state
from app.services.people import create_person
from app.services.projects import create_project
from app.services.settings import save_finance_settings
from app.settings import FinanceSettings, load_finance_settings
from tests.app.report_files import TODAY, break_the_pdf_renderer, pdf_pages

pytestmark = pytest.mark.both_backends

PROJECT = "Card fraud screening"
AMOUNT = re.compile(r"-?\d{1,3}(?:,\d{3})*\.\d{2}")


def money(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def table_rows(text: str, start: str, end: str, columns: int) -> list[tuple[str, list[Decimal]]]:
    """The rows of a PDF table between two headings: (label, amounts) for lines with ``columns`` amounts."""
    section = text[text.index(start) :]
    section = section[: section.index(end)]
    rows = []
    for line in section.splitlines():
        amounts = AMOUNT.findall(line)
        if len(amounts) == columns:
            label = line[: line.index(amounts[0])].strip()
            rows.append((label, [money(amount) for amount in amounts]))
    return rows


def the_rollup(database: Database, plan_name: str):
    reader = database.reader()
    project = find_project(reader, PROJECT)
    plan_id = next(plan.plan_id for plan in list_plans(reader, project.id) if plan.name == plan_name)
    plan = load_plan(reader, plan_id)
    tolerance = load_finance_settings(reader).overspend_tolerance_percent
    return plan, rollup(plan, today=TODAY, tolerance_percent=tolerance)


def small_plan(
    database: Database, *, name: str = "Baseline", lines: list[LineInput] | None = None, state: str = "draft"
) -> int:
    """A project "Small" with one plan of hand-checkable lines; the plan's id."""
    project = find_project(database.reader(), "Small")
    project_id = project.id if project else create_project(database, name="Small").ids[0]
    plan_id = create_plan(database, project_id, name=name, fiscal_year=2026).ids[0]
    add_lines(
        database,
        plan_id,
        lines
        if lines is not None
        else [
            LineInput(
                "hardware", "Workstation", Period("month", 1), "development", Decimal("100.10"), Decimal("99.99")
            ),
            LineInput("hardware", "Second workstation", Period("month", 2), "development", Decimal("200.20")),
            LineInput(
                "software",
                "Licence",
                Period("quarter", 1),
                "development",
                Decimal("1000.00"),
                Decimal("1100.00"),
                note="Price rises in spring.",
            ),
            LineInput("software", "Support", Period("month", 4), "production", Decimal("50.00")),
            LineInput("contingency", "Contingency", Period("quarter", 4), "production", Decimal("0.01")),
        ],
    )
    moves = {
        "draft": (),
        "submitted": ("submitted",),
        "approved": ("submitted", "approved"),
        "closed": ("submitted", "approved", "closed"),
    }
    for move in moves[state]:
        if move == "approved":
            approve_plan(database, plan_id, approved_by_id=approver(database), approved_on=APPROVED_ON)
        else:
            set_plan_state(database, plan_id, move)
    return plan_id


APPROVED_ON = date(2025, 12, 15)


def approver(database: Database) -> int:
    """The finance director who approves the small plans."""
    found = database.reader().scalar("SELECT id FROM person WHERE email = 'dana@example.org'")
    if found:
        return int(found)
    return create_person(
        database, name="Dana Whit", email="dana@example.org", department="Finance", title="Finance Director"
    ).ids[0]


# --- the document -------------------------------------------------------------------------


def test_json_numbers_are_the_analysis_numbers(demo: Database, out: Path) -> None:
    written = write_budget_report(demo, PROJECT, out / "budget.json", today=TODAY)
    document = json.loads(written.read_text(encoding="utf-8"))
    plan, rolled = the_rollup(demo, "Baseline")

    assert {"project", "plan", "totals", "by_category", "by_period", "by_stage", "lines", "generated_on"} <= set(
        document
    )
    assert document["project"] == PROJECT
    assert document["generated_on"] == "2026-11-25"
    assert (
        document["plan"]
        | {
            "name": "Baseline",
            "fiscal_year": 2026,
            "currency": "EUR",
            "state": "approved",
            "revision": 1,
            "fiscal_year_start": "2026-01-01",
            "fiscal_year_end": "2026-12-31",
        }
        == document["plan"]
    )
    assert {key: Decimal(value) for key, value in document["totals"].items()} == rolled.totals._asdict()
    assert [
        (
            row["category"],
            Decimal(row["planned"]),
            Decimal(row["actual"]),
            Decimal(row["variance"]),
            Decimal(row["expected_to_date"]),
            row["flag"],
        )
        for row in document["by_category"]
    ] == [tuple(row) for row in rolled.by_category]
    assert [(row["label"], Decimal(row["planned"]), Decimal(row["actual"])) for row in document["by_period"]] == [
        (row.label, row.planned, row.actual) for row in rolled.by_period
    ]
    assert [(row["stage"], Decimal(row["planned"]), Decimal(row["actual"])) for row in document["by_stage"]] == [
        (row.stage, row.planned, row.actual) for row in rolled.by_stage
    ]
    assert len(document["lines"]) == len(plan.lines)
    assert all(
        set(line) >= {"category", "description", "period", "stage", "planned", "actual", "note"}
        for line in document["lines"]
    )
    assert sum(Decimal(line["planned"]) for line in document["lines"]) == rolled.totals.planned
    assert sum(Decimal(line["actual"] or 0) for line in document["lines"]) == rolled.totals.actual
    # Amounts are exact decimal strings with cents, never floats.
    assert all(re.fullmatch(r"-?\d+\.\d{2}", line["planned"]) for line in document["lines"])


def test_the_approved_plan_is_the_default_and_a_name_picks_another(demo: Database) -> None:
    assert build_budget_report(demo, PROJECT, today=TODAY)["plan"]["name"] == "Baseline"
    draft = build_budget_report(demo, PROJECT, plan_name="with DIGITAL twin", today=TODAY)
    assert (draft["plan"]["name"], draft["plan"]["state"]) == ("With digital twin", "draft")


def test_grid_folds_months_into_quarters_by_hand(database: Database) -> None:
    small_plan(database)
    document = build_budget_report(database, "Small", today=TODAY)
    grid = {row["category"]: row for row in document["grid"]["rows"]}
    assert grid["hardware"]["amounts"] == ["300.30", "0.00", "0.00", "0.00"]
    assert grid["software"]["amounts"] == ["1000.00", "50.00", "0.00", "0.00"]
    assert grid["contingency"]["amounts"] == ["0.00", "0.00", "0.00", "0.01"]
    assert document["grid"]["totals"] == ["1300.30", "50.00", "0.00", "0.01"]
    assert document["grid"]["total"] == document["totals"]["planned"] == "1350.31"
    assert document["totals"]["actual"] == "1199.99"
    assert [line["period"] for line in document["lines"]] == ["M01", "M02", "Q1", "M04", "Q4"]


def test_a_fiscal_year_starting_in_july_shows_its_own_dates(database: Database) -> None:
    save_finance_settings(database, FinanceSettings(fiscal_year_start_month=7))
    small_plan(database)
    document = build_budget_report(database, "Small", today=TODAY)
    assert (document["plan"]["fiscal_year_start"], document["plan"]["fiscal_year_end"]) == ("2026-07-01", "2027-06-30")
    assert [column["label"] for column in document["grid"]["columns"]] == [
        "Q1 (Jul–Sep 2026)",
        "Q2 (Oct–Dec 2026)",
        "Q3 (Jan–Mar 2027)",
        "Q4 (Apr–Jun 2027)",
    ]
    assert document["lines"][0]["period_label"] == "Jul 2026"


# --- the PDF ------------------------------------------------------------------------------


@pytest.mark.parametrize("plan_name", ["Baseline", "With digital twin"])
def test_every_total_of_the_pdf_tables_is_the_sum_of_its_parts(demo: Database, out: Path, plan_name: str) -> None:
    written = write_budget_report(demo, PROJECT, out / "budget.pdf", plan_name=plan_name, today=TODAY)
    text = "\n".join(pdf_pages(written, layout=True))
    _, rolled = the_rollup(demo, plan_name)

    grid = table_rows(text, "Planned budget by category and quarter", "Planned amounts in", columns=5)
    *categories, (total_label, column_totals) = grid
    assert total_label.startswith("Total")
    assert len(categories) == len(rolled.by_category)
    for label, amounts in categories:
        assert sum(amounts[:4]) == amounts[4], label
    for column in range(5):
        assert sum(amounts[column] for _, amounts in categories) == column_totals[column]
    assert column_totals[4] == rolled.totals.planned

    for heading, rows in (
        ("Budget against actual by category", rolled.by_category),
        ("Budget by life-cycle stage", rolled.by_stage),
    ):
        versus = table_rows(text, heading, "Amounts in", columns=4)
        *parts, (total_label, totals) = versus
        assert total_label.startswith("Total") and len(parts) == len(rows)
        for label, (planned, _expected, actual, difference) in parts:
            assert planned - actual == difference, label
        for column in range(4):  # planned, expected to date, actual, difference: every total is its parts' sum
            assert sum(amounts[column] for _, amounts in parts) == totals[column]
        assert totals == [
            rolled.totals.planned,
            rolled.totals.expected_to_date,
            rolled.totals.actual,
            rolled.totals.variance,
        ]


def test_draft_is_marked_on_every_page_and_approved_on_none(demo: Database, out: Path) -> None:
    draft = pdf_pages(write_budget_report(demo, PROJECT, out / "draft.pdf", plan_name="With digital twin", today=TODAY))
    approved = pdf_pages(write_budget_report(demo, PROJECT, out / "approved.pdf", plan_name="Baseline", today=TODAY))

    assert len(draft) > 1 and len(approved) > 1
    assert all("DRAFT" in page for page in draft)
    assert not any("DRAFT" in page for page in approved)
    for pages in (draft, approved):
        assert "Page 1 of" in pages[0]
        assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_pdf_has_the_cover_staffing_gaps_notes_and_sign_off(demo: Database, out: Path) -> None:
    document = build_budget_report(demo, PROJECT, today=TODAY)
    text = "\n".join(pdf_pages(write_budget_report(demo, PROJECT, out / "budget.pdf", today=TODAY)))
    flat = " ".join(text.split())
    for expected in (
        PROJECT,
        "Baseline",
        "1 Jan – 31 Dec 2026",
        "EUR",
        "Approved, rev. 1",
        "25 Nov 2026",
        "Open staffing gaps",
        "Approved by Daniel Cohen on 15 Dec 2025",  # the demo's approver, named on the cover and in the sign-off
        "Project owner",
        "Notes",
    ):
        assert expected in flat, expected
    assert document["staffing_gaps"], "the demo project has open gaps"
    assert all(gap["skill"].split()[0] in flat for gap in document["staffing_gaps"])
    for note in {line["note"] for line in document["lines"] if line["note"]}:
        assert note in flat


def close_without_approval(database: Database, plan_id: int) -> None:
    """A plan closed without ever being approved: only data written past the services can be so (an old import)."""
    from sqlalchemy import text

    with database.engine.begin() as connection:
        connection.execute(text("UPDATE budget_plan SET state = 'closed' WHERE id = :id"), {"id": plan_id})


@pytest.mark.parametrize(
    ("state", "mark"),
    [
        ("draft", "DRAFT"),
        ("submitted", "DRAFT"),
        ("approved", None),
        ("closed", None),  # approved, then closed: final
        ("never approved", "NOT APPROVED"),
    ],
)
def test_every_page_of_a_plan_that_is_not_final_says_so(
    database: Database, out: Path, state: str, mark: str | None
) -> None:
    plan_id = small_plan(database, state="draft" if state == "never approved" else state)
    if state == "never approved":
        close_without_approval(database, plan_id)
    pages = pdf_pages(write_budget_report(database, "Small", out / "budget.pdf", today=TODAY))
    for word in ("DRAFT", "NOT APPROVED"):
        assert [(word in page) for page in pages] == [word == mark] * len(pages), word
    flat = " ".join(" ".join(pages).split())
    if state == "never approved":
        assert "This plan was closed without ever being approved" in flat
        assert "Closed without approval: this plan was never approved as the 2026 budget of Small" in flat


def test_the_sign_off_block_names_who_approved_and_when(database: Database, out: Path) -> None:
    small_plan(database, state="closed")
    document = build_budget_report(database, "Small", today=TODAY)
    assert (document["plan"]["approved_by"], document["plan"]["approved_on"]) == ("Dana Whit", "2025-12-15")
    # As laid out on the page: the boxes side by side read left to right, whatever tool extracts the text.
    pages = pdf_pages(write_budget_report(database, "Small", out / "budget.pdf", today=TODAY), layout=True)
    flat = " ".join(" ".join(pages).split())
    assert "Approved by Dana Whit on 15 Dec 2025." in flat  # on the cover
    sign_off = flat[flat.rindex("Sign-off") :]
    assert sign_off.startswith(
        "Sign-off Approved by Dana Whit on 15 Dec 2025 as the 2026 budget of Small, scenario “Baseline”, revision 1"
    )
    # The approver's box is filled in (their name and the day; the signature is theirs to write), the owner's is not.
    assert "Approved by Project owner" in sign_off and "Finance director" not in sign_off
    assert "Name Dana Whit" in sign_off and "Date 15 Dec 2025" in sign_off
    assert sign_off.count("Dana Whit") == 2 and sign_off.count("15 Dec 2025") == 2
    workbook = load_workbook(write_budget_report(database, "Small", out / "budget.xlsx", today=TODAY))
    summary = {row[0].value: row[1].value for row in workbook["Summary"].iter_rows(min_row=2)}
    assert summary["Approved by"] == "Dana Whit"
    assert summary["Approved on"].date() == APPROVED_ON


def test_a_plan_to_be_approved_has_an_empty_sign_off_block(database: Database, out: Path) -> None:
    small_plan(database, state="submitted")
    document = build_budget_report(database, "Small", today=TODAY)
    assert (document["plan"]["approved_by"], document["plan"]["approved_on"]) == (None, None)
    written = write_budget_report(database, "Small", out / "b.pdf", today=TODAY)
    flat = " ".join("".join(pdf_pages(written, layout=True)).split())
    sign_off = flat[flat.rindex("Sign-off") :]
    assert sign_off.startswith("Sign-off For approval as the 2026 budget of Small")
    assert "Finance director Project owner" in sign_off
    assert "Name Name Signature Signature Date Date" in sign_off  # every line still to be written on


def test_a_plan_with_no_lines_still_renders(database: Database) -> None:
    small_plan(database, lines=[])
    pdf = render_pdf(build_budget_report(database, "Small", today=TODAY))
    assert pdf.startswith(b"%PDF")


# --- spreadsheets ---------------------------------------------------------------------------


def test_xlsx_amounts_are_numbers_in_the_plans_currency(demo: Database, out: Path) -> None:
    written = write_budget_report(demo, PROJECT, out / "budget.xlsx", today=TODAY)
    workbook = load_workbook(written)
    assert workbook.sheetnames == ["Summary", "By category", "By period", "Lines"]
    _, rolled = the_rollup(demo, "Baseline")

    lines = workbook["Lines"]
    header = [cell.value for cell in lines[1]]
    planned_column = header.index("Planned") + 1
    cells = [row[planned_column - 1] for row in lines.iter_rows(min_row=2)]
    assert cells and all(isinstance(cell.value, (int, float)) for cell in cells)
    assert all("EUR" in cell.number_format and "0.00" in cell.number_format for cell in cells)
    # A spreadsheet user re-sums the column and gets the plan's total (to the cent).
    assert sum(Decimal(str(cell.value)) for cell in cells).quantize(Decimal("0.01")) == rolled.totals.planned

    by_category = workbook["By category"]
    planned = [row[1] for row in by_category.iter_rows(min_row=2)]
    assert all(isinstance(cell.value, (int, float)) and "EUR" in cell.number_format for cell in planned)
    summary = {row[0].value: row[1] for row in workbook["Summary"].iter_rows(min_row=2)}
    assert Decimal(str(summary["Total planned"].value)) == rolled.totals.planned
    assert "EUR" in summary["Total planned"].number_format


def test_csv_lists_the_lines_and_no_formula_survives(database: Database, out: Path) -> None:
    small_plan(
        database,
        lines=[
            LineInput("software", '=HYPERLINK("http://x")', Period("month", 1), "development", Decimal("10.00")),
            LineInput(
                "hardware",
                "Server",
                Period("quarter", 2),
                "development",
                Decimal("5.50"),
                Decimal("6.00"),
                note="@risk",
            ),
        ],
    )
    written = write_budget_report(database, "Small", out / "budget.csv", today=TODAY)
    rows = list(csv.reader(io.StringIO(written.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["Category", "Description", "Period", "Period label", "Stage", "Planned", "Actual", "Note"]
    assert rows[1] == ["Hardware", "Server", "Q2", "Q2 (Apr–Jun 2026)", "Development", "5.50", "6.00", "'@risk"]
    assert rows[2] == [
        "Software and licences",
        '\'=HYPERLINK("http://x")',
        "M01",
        "Jan 2026",
        "Development",
        "10.00",
        "",
        "",
    ]


# --- refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("project", "plan", "name", "message"),
    [
        ("No such project", None, "budget.pdf", "No project is called"),
        (PROJECT, "No such plan", "budget.pdf", "no budget plan called"),
        (PROJECT, None, "budget.docx", "is none of these"),
        (PROJECT, None, "missing/budget.pdf", "does not exist"),
    ],
)
def test_refusals_raise_a_user_error_and_write_nothing(
    demo: Database, out: Path, project: str, plan: str | None, name: str, message: str
) -> None:
    with pytest.raises(UserError, match=message):
        write_budget_report(demo, project, out / name, plan_name=plan, today=TODAY)
    assert list(out.iterdir()) == []


def test_a_project_without_plans_is_refused(database: Database, out: Path) -> None:
    create_project(database, name="Planless")
    with pytest.raises(UserError, match="has no budget plan yet"):
        write_budget_report(database, "Planless", out / "budget.json", today=TODAY)
    assert list(out.iterdir()) == []


def test_a_failed_render_leaves_the_old_file(demo: Database, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.reports import budget

    target = out / "budget.pdf"
    target.write_bytes(b"old")
    break_the_pdf_renderer(monkeypatch, budget)
    with pytest.raises(RuntimeError):
        write_budget_report(demo, PROJECT, target, today=TODAY)
    assert target.read_bytes() == b"old"
    assert [path.name for path in out.iterdir()] == ["budget.pdf"]


def baseline_of(demo: Database) -> int:
    return demo.reader().scalar(
        "SELECT b.id FROM budget_plan b JOIN project p ON p.id = b.project_id"
        " WHERE p.name = :p AND b.name = 'Baseline' AND b.revision = 1",
        {"p": PROJECT},
    )


def revision_reported(demo: Database, **choice: object) -> tuple[int, str]:
    plan = build_budget_report(demo, PROJECT, today=TODAY, **choice)["plan"]  # type: ignore[arg-type]
    return plan["revision"], plan["state"]


def test_a_named_plan_is_its_approved_revision_until_a_newer_one_is_approved(demo: Database) -> None:
    from app.services.budget import revise_plan

    draft = revise_plan(demo, baseline_of(demo)).ids[0]
    # The approved revision 1 speaks for the scenario, not the draft revision 2 that came after it.
    assert revision_reported(demo, plan_name="Baseline") == (1, "approved")
    assert revision_reported(demo) == (1, "approved")
    assert revision_reported(demo, plan_name="Baseline", revision=2) == (2, "draft")
    assert revision_reported(demo, plan_id=draft) == (2, "draft")
    set_plan_state(demo, draft, "submitted")
    assert revision_reported(demo, plan_name="Baseline") == (1, "approved")
    approve_plan(demo, draft, approved_by_id=approver(demo), approved_on=APPROVED_ON)
    assert revision_reported(demo, plan_name="Baseline") == (2, "approved")
    assert revision_reported(demo, plan_name="Baseline", revision=1) == (1, "approved")


def test_an_unknown_revision_is_one_sentence_and_nothing_is_written(demo: Database, out: Path) -> None:
    from app.services.budget import revise_plan

    revise_plan(demo, baseline_of(demo))
    with pytest.raises(UserError) as caught:
        write_budget_report(demo, PROJECT, out / "budget.pdf", plan_name="Baseline", revision=7, today=TODAY)
    assert str(caught.value) == (
        "Card fraud screening's plan 'Baseline' for 2026 has no revision 7; its revisions are 1 and 2."
    )
    assert list(out.iterdir()) == []


def test_open_governance_gaps_are_in_the_json_and_the_pdf(demo: Database, out: Path) -> None:
    document = json.loads(write_budget_report(demo, PROJECT, out / "budget.json", today=TODAY).read_text("utf-8"))
    # Card fraud screening is in production and decides automatically: the demo leaves it without an approved
    # adversarial-ML or fairness policy, and the org-wide access and incident policies are past their review.
    # Covered categories (its own oversight and retraining policies) are not listed.
    assert [(gap["category"], gap["status"], gap["blocking"]) for gap in document["governance_gaps"]] == [
        ("adversarial_ml", "missing", True),
        ("bias_fairness", "missing", True),
        ("access_control", "stale", True),
        ("incident_response", "stale", True),
    ]
    assert all(
        set(gap) == {"category", "status", "reason", "blocking"} and gap["reason"]
        for gap in document["governance_gaps"]
    )

    flat = " ".join("\n".join(pdf_pages(write_budget_report(demo, PROJECT, out / "budget.pdf", today=TODAY))).split())
    assert "Open governance gaps" in flat
    assert "4 policy areas need work at the project's stage, 4 of them blocking" in flat
    section = flat[flat.index("Open governance gaps") : flat.index("Line detail")]
    for words in ("Adversarial ML", "Bias and fairness", "Access control", "Incident response", "Past review"):
        assert words in section, words


def test_a_project_without_governance_gaps_says_so(database: Database) -> None:
    small_plan(database)  # an idea: no rule applies yet
    document = build_budget_report(database, "Small", today=TODAY)
    assert document["governance_gaps"] == []
    assert render_pdf(document).startswith(b"%PDF")
