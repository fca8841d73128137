"""Importing actuals from finance's spreadsheet: what the preview says, what gets written, and what is refused."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pytest

from app.db.database import Database
from app.errors import UserError
from app.io.actuals_file import (
    _amount,
    _category,
    apply_actuals_import,
    describe_actuals_plan,
    looks_like_actuals,
    plan_actuals_import,
)
from app.io.matrix_file import CellProblem
from app.money import from_cents
from app.services import people, projects
from tests.app.sheets import write_csv, write_xlsx

pytestmark = pytest.mark.both_backends

budget = pytest.importorskip("app.services.budget")
analysis = pytest.importorskip("app.analysis.budget")
Period = analysis.Period
HEADINGS = ["Project", "Plan", "Period", "Category", "Amount", "Description"]


def actuals_csv(folder: Path, *rows: Sequence[object]) -> Path:
    """actuals.csv in ``folder``: the heading row, then ``rows``."""
    return write_csv(folder / "actuals.csv", [HEADINGS, *rows])


def line(category: str, description: str, period: Period, planned: str, actual: str | None = None) -> object:
    return budget.LineInput(
        category=category,
        description=description,
        period=period,
        stage="development",
        planned=Decimal(planned),
        actual=None if actual is None else Decimal(actual),
    )


@pytest.fixture
def finance(database: Database) -> dict[str, int]:
    """Fraud scoring with a draft "Baseline" (two lines) and a closed "Old" plan, both of fiscal year 2026."""
    project = projects.create_project(database, name="Fraud scoring", stage="production").ids[0]
    projects.create_project(database, name="Clinical triage", stage="pre_production")
    baseline = budget.create_plan(database, project, name="Baseline", fiscal_year=2026).ids[0]
    budget.add_lines(
        database,
        baseline,
        [
            line("cloud_compute", "GPU hours", Period("month", 3), "1000.00", "100.00"),
            line("hardware", "Servers", Period("quarter", 1), "5000.00"),
        ],
    )
    old = budget.create_plan(database, project, name="Old", fiscal_year=2026).ids[0]
    approver = people.create_person(database, name="Fran Ortiz", email="fran@example.org", department="Finance")
    budget.set_plan_state(database, old, "submitted")
    budget.approve_plan(database, old, approved_by_id=approver.ids[0])
    budget.set_plan_state(database, old, "closed")
    return {"project": project, "baseline": baseline, "old": old, "approver": approver.ids[0]}


def lines(database: Database, plan_id: int) -> list[tuple[str, str, str, int, Decimal, Decimal | None]]:
    """(category, description, period kind, number, planned, actual) of every line, exact."""
    return [
        (category, description, kind, number, from_cents(planned), from_cents(actual))
        for category, description, kind, number, planned, actual in database.reader().rows(
            "SELECT category, description, period_kind, period_number, planned, actual FROM budget_line"
            " WHERE plan_id = :plan ORDER BY id",
            {"plan": plan_id},
        )
    ]


def snapshot(database: Database) -> tuple:
    reader = database.reader()
    return (
        reader.rows(
            "SELECT id, plan_id, category, description, period_kind, period_number, planned, actual"
            " FROM budget_line ORDER BY id"
        ),
        reader.scalar("SELECT count(*) FROM audit_event"),
    )


# --- cells ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "amount", "code"),
    [
        ("1234.50", "1234.50", ""),
        ("1,234.50", "1234.50", ""),
        ("€1,234.50", "1234.50", ""),
        ("1,234.5 €", "1234.50", ""),
        ("-20", "-20.00", ""),
        ("EUR 1,000,000.01", "1000000.01", "EUR"),
        ("12 USD", "12.00", "USD"),
        (42, "42.00", ""),
        (1481.3999999999999, "1481.40", ""),
        (0.1, "0.10", ""),
    ],
)
def test_amounts_are_read_exactly(cell: object, amount: str, code: str) -> None:
    value, found_code = _amount(cell)
    assert value == Decimal(amount) and str(value) == amount
    assert found_code == code


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("12.345", "more than two decimal places"),
        ("1.234,50", "comma before the cents"),
        ("twelve", "is not an amount"),
        ("1,23.00", "is not an amount"),
        ("", "missing"),
        (1.0001, "two decimal"),
    ],
)
def test_amounts_that_are_not_amounts_are_refused_with_a_sentence(cell: object, words: str) -> None:
    with pytest.raises(CellProblem, match=words):
        _amount(cell)


@pytest.mark.parametrize("cell", ["cloud_compute", "Cloud compute", "CLOUD COMPUTE", " cloud  compute "])
def test_a_category_is_its_value_or_its_name_in_any_case(cell: str) -> None:
    assert _category(cell) == "cloud_compute"


def test_the_design_names_of_categories_are_accepted() -> None:
    assert _category("Software and licences") == "software"
    assert _category("training and upskilling") == "training"
    with pytest.raises(CellProblem, match="'Catering' is not a budget category"):
        _category("Catering")


# --- the file ---------------------------------------------------------------------------------


def test_looks_like_actuals_goes_by_the_heading_row(tmp_path: Path) -> None:
    assert looks_like_actuals(write_csv(tmp_path / "a.csv", [HEADINGS]))
    assert looks_like_actuals(write_xlsx(tmp_path / "a.xlsx", [["Spending 2026"], ["category", "AMOUNT"]]))
    assert not looks_like_actuals(write_csv(tmp_path / "m.csv", [["Name", "E-mail", "Department", "NLP"]]))
    assert not looks_like_actuals(tmp_path / "missing.csv")


def test_a_file_without_the_needed_columns_says_which(database: Database, tmp_path: Path) -> None:
    plan = plan_actuals_import(database, write_csv(tmp_path / "a.csv", [["Project", "Category", "Amount"]]))
    assert [str(problem) for problem in plan.errors] == [
        "Row 1: The heading row has no Plan or Period column; the first row should name the columns: "
        "Project, Plan, Period, Category, Amount and, optionally, Description."
    ]


def test_every_problem_is_reported_with_its_row_and_column_and_nothing_is_written(
    database: Database, finance: dict[str, int], tmp_path: Path
) -> None:
    file = actuals_csv(
        tmp_path,
        ["Fraud scorin", "Baseline", "M1", "hardware", "10", ""],
        ["Fraud scoring", "Stretch", "M1", "hardware", "10", ""],
        ["Fraud scoring", "Baseline", "M13", "hardware", "10", ""],
        ["Fraud scoring", "Baseline", "M1", "Catering", "10", ""],
        ["Fraud scoring", "Baseline", "M1", "hardware", "ten", ""],
        ["Fraud scoring", "Old", "M1", "hardware", "10", ""],
        ["Fraud scoring", "Baseline", "M1", "hardware", "12.345", ""],
        ["Fraud scoring", "Baseline", "M1", "hardware", "10 USD", ""],
        ["Clinical triage", "Baseline", "M1", "hardware", "10", ""],
        ["Fraud scoring", "baseline", "Q1", "hardware", "10", "fine"],
    )
    before = snapshot(database)
    plan = plan_actuals_import(database, file)
    where = [(problem.row, problem.column) for problem in plan.errors]
    assert where == [
        (2, "1 (Project)"),
        (3, "2 (Plan)"),
        (4, "3 (Period)"),
        (5, "4 (Category)"),
        (6, "5 (Amount)"),
        (7, "2 (Plan)"),
        (8, "5 (Amount)"),
        (9, "5 (Amount)"),
        (10, "2 (Plan)"),
    ]
    messages = [problem.message for problem in plan.errors]
    assert (
        messages[0] == "'Fraud scorin' is not a project in Steward; correct the name (did you mean 'Fraud scoring'?)."
    )
    assert messages[1] == "Fraud scoring has no plan named 'Stretch'; its plans are Baseline, Old."
    assert messages[3].startswith("'Catering' is not a budget category")
    assert "'ten' is not an amount" in messages[4]
    assert messages[5] == (
        "Fraud scoring's plan 'Old' (revision 1, the approved one) is closed, so its actuals cannot change; "
        "make a revision of it and approve that to record more."
    )
    assert "more than two decimal places" in messages[6]
    assert messages[7] == "The amount is in USD but plan 'Baseline' is kept in EUR; convert it first."
    assert messages[8] == (
        "Clinical triage has no budget plan yet, so there is no plan 'Baseline' to record actuals in."
    )
    for message in messages:  # one sentence each
        assert message.endswith(".") and message.count(". ") == 0
    assert not plan.ok and plan.actuals == ()
    assert describe_actuals_plan(plan).splitlines()[0] == (
        "Row 2, column 1 (Project): 'Fraud scorin' is not a project in Steward; correct the name "
        "(did you mean 'Fraud scoring'?)."
    )
    with pytest.raises(UserError, match="Nothing was imported from actuals.csv: row 2, .* \\(and 8 more problems\\)"):
        apply_actuals_import(database, plan)
    assert snapshot(database) == before


def test_problems_in_a_workbook_name_the_column_by_its_letter(
    database: Database, finance: dict[str, int], tmp_path: Path
) -> None:
    file = write_xlsx(
        tmp_path / "actuals.xlsx",
        [
            ["Actuals for October"],
            HEADINGS,
            ["Fraud scoring", "Baseline", "2026-13", "hardware", 10, None],
        ],
    )
    plan = plan_actuals_import(database, file)
    assert [(problem.row, problem.column) for problem in plan.errors] == [(3, "C")]


def test_a_clean_file_sets_actuals_to_the_cent_and_adds_unplanned_lines(
    database: Database, finance: dict[str, int], tmp_path: Path
) -> None:
    file = actuals_csv(
        tmp_path,
        ["fraud scoring", "Baseline", "M3", "Cloud compute", "1,234.56", ""],
        ["Fraud scoring", "Baseline", "Q1", "hardware", "€4,999.99", "Servers"],
        ["Fraud scoring", "Baseline", "M4", "digital_twin", "0.01", "Twin licence"],
    )
    plan = plan_actuals_import(database, file)
    assert plan.ok, describe_actuals_plan(plan)
    changes = [(actual.row, actual.plan, actual.category, actual.amount, actual.change) for actual in plan.actuals]
    assert changes == [
        (2, "Baseline", "cloud_compute", Decimal("1234.56"), "actual from 100.00 EUR to 1,234.56 EUR"),
        (3, "Baseline", "hardware", Decimal("4999.99"), "actual from none to 4,999.99 EUR"),
        (4, "Baseline", "digital_twin", Decimal("0.01"), "new unplanned line"),
    ]
    assert plan.actuals[0].period_label == analysis.period_label(2026, 1, Period("month", 3))
    assert describe_actuals_plan(plan) == (
        "2 actuals to set, 1 new unplanned line, 0 unchanged (from 3 rows, for Baseline rev. 1 of Fraud scoring)"
    )
    assert lines(database, finance["baseline"])[0][5] == Decimal("100.00")  # the preview wrote nothing

    events = database.reader().scalar("SELECT count(*) FROM audit_event")
    change = apply_actuals_import(database, plan)
    assert change.action != "unchanged"
    assert lines(database, finance["baseline"]) == [
        ("cloud_compute", "GPU hours", "month", 3, Decimal("1000.00"), Decimal("1234.56")),
        ("hardware", "Servers", "quarter", 1, Decimal("5000.00"), Decimal("4999.99")),
        ("digital_twin", "Twin licence", "month", 4, Decimal("0.00"), Decimal("0.01")),
    ]
    assert database.reader().scalar("SELECT count(*) FROM audit_event") > events

    again = plan_actuals_import(database, file)
    assert again.ok and again.changes == 0
    assert [actual.change for actual in again.actuals] == ["unchanged"] * 3
    assert apply_actuals_import(database, again).action == "unchanged"


def test_rows_with_the_same_plan_period_category_and_description_are_added_up(
    database: Database, finance: dict[str, int], tmp_path: Path
) -> None:
    file = write_xlsx(
        tmp_path / "actuals.xlsx",
        [
            HEADINGS,
            ["Fraud scoring", "Baseline", "M3", "cloud_compute", 1000.10, "GPU hours"],
            ["Fraud scoring", "Baseline", "M3", "Cloud compute", "0.20", "gpu hours"],
            ["Fraud scoring", "Baseline", "M3", "cloud_compute", "5", "Storage"],
        ],
    )
    plan = plan_actuals_import(database, file)
    assert plan.ok, describe_actuals_plan(plan)
    assert [(actual.rows, actual.description, actual.amount) for actual in plan.actuals] == [
        ((2, 3), "GPU hours", Decimal("1000.30")),
        ((4,), "Storage", Decimal("5.00")),
    ]
    apply_actuals_import(database, plan)
    assert [(description, actual) for _c, description, _k, _n, _p, actual in lines(database, finance["baseline"])] == [
        ("GPU hours", Decimal("1000.30")),
        ("Servers", None),
        ("Storage", Decimal("5.00")),
    ]


def test_a_calendar_month_is_read_in_the_fiscal_year_of_the_setting(
    database: Database, finance: dict[str, int], tmp_path: Path
) -> None:
    from app.services.settings import save_finance_settings
    from app.settings import load_finance_settings

    settings = load_finance_settings(database.reader())
    save_finance_settings(database, settings._replace(fiscal_year_start_month=7))
    file = actuals_csv(tmp_path, ["Fraud scoring", "Baseline", "2026-09", "hardware", "1", ""])
    plan = plan_actuals_import(database, file)
    assert plan.ok, describe_actuals_plan(plan)
    assert plan.actuals[0].period == Period("month", 3)


def test_the_import_goes_to_the_approved_revision_not_a_newer_draft(
    database: Database, finance: dict[str, int], tmp_path: Path
) -> None:
    """Spending is recorded against the budget approved for it: revision 1 while revision 2 is a draft,
    revision 2 once it is approved, and the same revision the budget report chooses."""
    from app.reports.budget import choose_plan

    budget.set_plan_state(database, finance["baseline"], "submitted")
    budget.approve_plan(database, finance["baseline"], approved_by_id=finance["approver"])
    revision = budget.revise_plan(database, finance["baseline"]).ids[0]
    file = actuals_csv(tmp_path, ["Fraud scoring", "Baseline", "M3", "cloud_compute", "7", ""])
    plan = plan_actuals_import(database, file)
    assert [(actual.plan_id, actual.plan_revision, actual.plan_state) for actual in plan.actuals] == [
        (finance["baseline"], "Baseline rev. 1", "approved")
    ]
    assert describe_actuals_plan(plan).endswith("(from 1 row, for Baseline rev. 1 of Fraud scoring)")
    assert choose_plan(database, "Fraud scoring", plan_name="Baseline").plan_id == finance["baseline"]
    apply_actuals_import(database, plan)
    assert lines(database, finance["baseline"])[0][-1] == Decimal("7.00")
    assert lines(database, revision)[0][-1] == Decimal("100.00")  # the draft copied rev. 1's actual, untouched

    budget.set_plan_state(database, revision, "submitted")
    budget.approve_plan(database, revision, approved_by_id=finance["approver"])
    plan = plan_actuals_import(database, file)
    assert [(actual.plan_id, actual.plan_revision) for actual in plan.actuals] == [(revision, "Baseline rev. 2")]
    assert choose_plan(database, "Fraud scoring", plan_name="Baseline").plan_id == revision


def test_a_closed_approved_revision_is_refused_and_names_the_revision_to_approve(
    database: Database, finance: dict[str, int], tmp_path: Path
) -> None:
    budget.set_plan_state(database, finance["baseline"], "submitted")
    budget.approve_plan(database, finance["baseline"], approved_by_id=finance["approver"])
    budget.revise_plan(database, finance["baseline"])  # revision 2, a draft
    budget.set_plan_state(database, finance["baseline"], "closed")
    file = actuals_csv(tmp_path, ["Fraud scoring", "Baseline", "M3", "cloud_compute", "7", ""])
    before = snapshot(database)
    plan = plan_actuals_import(database, file)
    assert [(problem.row, problem.column, problem.message) for problem in plan.errors] == [
        (
            2,
            "2 (Plan)",
            "Fraud scoring's plan 'Baseline' (revision 1, the approved one) is closed, so its actuals cannot "
            "change; approve revision 2 to record more.",
        )
    ]
    with pytest.raises(UserError, match="Nothing was imported"):
        apply_actuals_import(database, plan)
    assert snapshot(database) == before


def test_actuals_of_several_plans_are_set_in_one_import(
    database: Database, finance: dict[str, int], tmp_path: Path
) -> None:
    triage = database.reader().scalar("SELECT id FROM project WHERE name = 'Clinical triage'")
    twin = budget.create_plan(database, triage, name="With digital twin", fiscal_year=2026, currency="GBP").ids[0]
    file = actuals_csv(
        tmp_path,
        ["Clinical triage", "With digital twin", "Q2", "Digital twin", "£250.00", "Twin"],
        ["Fraud scoring", "Baseline", "M3", "cloud_compute", "300", ""],
    )
    plan = plan_actuals_import(database, file)
    assert plan.ok, describe_actuals_plan(plan)
    assert describe_actuals_plan(plan) == (
        "1 actual to set, 1 new unplanned line, 0 unchanged (from 2 rows, for 2 plans: "
        "With digital twin rev. 1 of Clinical triage and Baseline rev. 1 of Fraud scoring)"
    )
    assert plan.actuals[0].change == "new unplanned line" and plan.actuals[0].currency == "GBP"
    change = apply_actuals_import(database, plan)
    assert set(change.details["plan_ids"]) == {twin, finance["baseline"]}
    assert lines(database, twin) == [("digital_twin", "Twin", "quarter", 2, Decimal("0.00"), Decimal("250.00"))]
    assert lines(database, finance["baseline"])[0][5] == Decimal("300.00")


def test_two_rows_that_would_set_the_same_line_are_a_problem(
    database: Database, finance: dict[str, int], tmp_path: Path
) -> None:
    file = actuals_csv(
        tmp_path,
        ["Fraud scoring", "Baseline", "M3", "cloud_compute", "1", ""],
        ["Fraud scoring", "Baseline", "M3", "cloud_compute", "2", "GPU hours"],
    )
    plan = plan_actuals_import(database, file)
    assert [str(problem) for problem in plan.errors] == [
        "Row 3, column 6 (Description): Row 2 sets the same line (GPU hours, Mar 2026); "
        "give both rows the same description so that they are added up."
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("actuals.csv", "", "actuals.csv is empty."),
        ("actuals.csv", "Project,Plan,Period,Category,Amount\n", "actuals.csv has headings but no rows below them."),
        (
            "actuals.csv",
            "Spend,Cost\n1,2\n",
            "Row 1: No heading row was found; the first row should name the columns: "
            "Project, Plan, Period, Category, Amount and, optionally, Description.",
        ),
        ("actuals.ods", "x", "actuals.ods is not a file this import reads; use a .csv or .xlsx file."),
    ],
)
def test_a_file_that_cannot_be_read_says_why(
    database: Database, tmp_path: Path, name: str, content: str, message: str
) -> None:
    file = tmp_path / name
    file.write_text(content)
    plan = plan_actuals_import(database, file)
    assert [str(problem) for problem in plan.errors] == [message]
