"""Budget analysis: fiscal periods, roll-ups, proration, scenarios, labour and gap costs, computed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.analysis.budget import (
    LineRow,
    Period,
    PlanData,
    Proposal,
    compare_scenarios,
    elapsed_share,
    gap_cost_proposals,
    labour_lines,
    list_plans,
    load_plan,
    parse_period,
    period_dates,
    period_label,
    rollup,
)
from app.db.database import Database
from app.errors import UserError
from app.services.people import create_person, deactivate_person
from app.services.projects import add_member, create_project
from app.settings import FinanceSettings, load_finance_settings
from tests.app.analysis import assess, require

pytestmark = pytest.mark.both_backends

M = "month"
Q = "quarter"
TOLERANCE = Decimal("5")


def money(text: str) -> Decimal:
    return Decimal(text)


def line(
    category: str,
    period: Period,
    planned: str,
    actual: str | None = None,
    *,
    stage: str = "development",
    line_id: int = 0,
    description: str = "",
) -> LineRow:
    return LineRow(
        line_id,
        category,
        description,
        period,
        stage,
        money(planned),
        None if actual is None else money(actual),
        "",
        None,
    )


def plan(
    *lines: LineRow, fiscal_year: int = 2026, start_month: int = 1, name: str = "Baseline", plan_id: int = 1
) -> PlanData:
    return PlanData(plan_id, 1, "Fraud", name, fiscal_year, "EUR", "draft", 1, start_month, tuple(lines))


# -- periods


def test_a_calendar_fiscal_year_has_calendar_months_and_quarters() -> None:
    assert period_dates(2026, 1, Period(M, 2)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert period_dates(2028, 1, Period(M, 2)) == (date(2028, 2, 1), date(2028, 2, 29))
    assert period_dates(2026, 1, Period(Q, 4)) == (date(2026, 10, 1), date(2026, 12, 31))
    assert period_label(2026, 1, Period(M, 12)) == "Dec 2026"
    assert period_label(2026, 1, Period(Q, 1)) == "Q1 (Jan–Mar 2026)"


def test_a_fiscal_year_starting_in_july_runs_into_the_next_calendar_year() -> None:
    assert period_dates(2026, 7, Period(M, 1)) == (date(2026, 7, 1), date(2026, 7, 31))
    assert period_dates(2026, 7, Period(M, 6)) == (date(2026, 12, 1), date(2026, 12, 31))
    assert period_dates(2026, 7, Period(M, 7)) == (date(2027, 1, 1), date(2027, 1, 31))
    assert period_dates(2026, 7, Period(M, 12)) == (date(2027, 6, 1), date(2027, 6, 30))
    assert period_dates(2026, 7, Period(Q, 1)) == (date(2026, 7, 1), date(2026, 9, 30))
    assert period_dates(2026, 7, Period(Q, 3)) == (date(2027, 1, 1), date(2027, 3, 31))
    assert period_label(2026, 7, Period(M, 1)) == "Jul 2026"
    assert period_label(2026, 7, Period(M, 7)) == "Jan 2027"
    assert period_label(2026, 7, Period(Q, 1)) == "Q1 (Jul–Sep 2026)"
    assert period_label(2026, 7, Period(Q, 4)) == "Q4 (Apr–Jun 2027)"


def test_a_quarter_across_the_year_end_names_both_years() -> None:
    assert period_dates(2026, 11, Period(Q, 1)) == (date(2026, 11, 1), date(2027, 1, 31))
    assert period_label(2026, 11, Period(Q, 1)) == "Q1 (Nov 2026–Jan 2027)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("M3", Period(M, 3)),
        ("M03", Period(M, 3)),
        ("m12", Period(M, 12)),
        (" Q2 ", Period(Q, 2)),
        ("2026-09", Period(M, 3)),
        ("2027-01", Period(M, 7)),
        ("2027-06", Period(M, 12)),
        ("2026-7", Period(M, 1)),
        ("Sep 2026", Period(M, 3)),
        ("Q1 (Jul–Sep 2026)", Period(Q, 1)),
    ],
)
def test_periods_are_read_as_codes_or_calendar_months_of_a_july_fiscal_year(text: str, expected: Period) -> None:
    assert parse_period(text, fiscal_year=2026, start_month=7) == expected


@pytest.mark.parametrize("text", ["M13", "M0", "Q5", "2026-06", "2027-07", "2026-13", "next month", "", "Sept"])
def test_a_period_that_is_not_in_the_fiscal_year_is_refused_in_one_sentence(text: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_period(text, fiscal_year=2026, start_month=7)
    message = str(caught.value)
    assert "fiscal year 2026" in message and message.endswith(".") and message.count(". ") == 0


def test_a_period_label_reads_back_as_the_same_period_for_every_period_of_the_year() -> None:
    for start_month in (1, 4, 7, 11):
        for period in [Period(M, number) for number in range(1, 13)] + [Period(Q, number) for number in range(1, 5)]:
            label = period_label(2026, start_month, period)
            assert parse_period(label, fiscal_year=2026, start_month=start_month) == period
            assert parse_period(period.code(), fiscal_year=2026, start_month=start_month) == period


# -- proration


def test_elapsed_share_counts_today_as_elapsed_and_is_clipped_to_zero_and_one() -> None:
    first, last = date(2026, 1, 1), date(2026, 1, 31)
    assert elapsed_share(first, last, date(2025, 12, 31)) == 0
    assert elapsed_share(first, last, first) == Decimal(1) / Decimal(31)
    assert elapsed_share(first, last, date(2026, 1, 10)) == Decimal(10) / Decimal(31)
    assert elapsed_share(first, last, last) == 1
    assert elapsed_share(first, last, date(2026, 6, 1)) == 1


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 12, 31), "0.00"),  # before the period
        (date(2026, 1, 1), "10.00"),  # first day: 1/31 of 310.00
        (date(2026, 1, 10), "100.00"),  # 10/31 of 310.00
        (date(2026, 1, 31), "310.00"),  # last day: all of it
        (date(2026, 3, 1), "310.00"),  # after
    ],
)
def test_expected_to_date_prorates_a_31_day_month_by_the_days_elapsed(today: date, expected: str) -> None:
    result = rollup(plan(line("software", Period(M, 1), "310.00")), today=today, tolerance_percent=TOLERANCE)
    assert result.totals.expected_to_date == money(expected)


def test_expected_to_date_is_rounded_per_line_so_every_sum_adds_up() -> None:
    # Each 0.05 x 10/31 is 0.016129...: 0.02 per line, so software 0.04, hardware 0.02, total 0.06, and the
    # categories add up to the total exactly, as a reader of the report will check.
    lines = [
        line("software", Period(M, 1), "0.05"),
        line("software", Period(M, 1), "0.05"),
        line("hardware", Period(M, 1), "0.05"),
    ]
    result = rollup(plan(*lines), today=date(2026, 1, 10), tolerance_percent=TOLERANCE)
    assert result.totals.expected_to_date == money("0.06")
    by_category = {row.category: row.expected_to_date for row in result.by_category}
    assert by_category == {"hardware": money("0.02"), "software": money("0.04")}
    assert sum(by_category.values()) == result.totals.expected_to_date
    assert sum(row.expected_to_date for row in result.by_stage) == result.totals.expected_to_date


def test_a_quarter_is_prorated_over_its_own_days_in_a_july_fiscal_year() -> None:
    # Q1 of FY2026 (July start) is 1 Jul - 30 Sep 2026: 92 days; on 15 Aug 46 days have elapsed: half.
    result = rollup(
        plan(line("personnel", Period(Q, 1), "9200.00"), start_month=7),
        today=date(2026, 8, 15),
        tolerance_percent=TOLERANCE,
    )
    assert result.totals.expected_to_date == money("4600.00")
    # The same quarter number in a calendar fiscal year (Jan - Mar) is long over by August.
    result = rollup(
        plan(line("personnel", Period(Q, 1), "9200.00")), today=date(2026, 8, 15), tolerance_percent=TOLERANCE
    )
    assert result.totals.expected_to_date == money("9200.00")


# -- roll-ups


def _worked_plan() -> PlanData:
    return plan(
        line("hardware", Period(M, 1), "1200.00", "1300.00", stage="proof_of_concept", line_id=1),
        line("hardware", Period(M, 2), "800.00", None, stage="development", line_id=2),
        line("software", Period(M, 1), "300.50", "300.50", stage="development", line_id=3),
        line("personnel", Period(Q, 1), "9000.00", "2000.00", stage="development", line_id=4),
        line("digital_twin", Period(M, 3), "500.00", None, stage="pre_production", line_id=5),
    )


def test_a_plan_rolls_up_by_category_period_and_stage_to_the_cent() -> None:
    result = rollup(_worked_plan(), today=date(2026, 12, 31), tolerance_percent=TOLERANCE)

    # Totals: planned 1200 + 800 + 300.50 + 9000 + 500; actual 1300 + 300.50 + 2000 (no actual counts 0).
    assert result.totals.planned == money("11800.50")
    assert result.totals.actual == money("3600.50")
    assert result.totals.variance == money("8200.00")
    assert result.totals.expected_to_date == money("11800.50")  # the year is over

    assert [(row.category, row.planned, row.actual, row.variance) for row in result.by_category] == [
        ("hardware", money("2000.00"), money("1300.00"), money("700.00")),
        ("software", money("300.50"), money("300.50"), money("0.00")),
        ("personnel", money("9000.00"), money("2000.00"), money("7000.00")),
        ("digital_twin", money("500.00"), money("0.00"), money("500.00")),
    ]
    assert [(row.period, row.label, row.planned, row.actual) for row in result.by_period] == [
        (Period(M, 1), "Jan 2026", money("1500.50"), money("1600.50")),
        (Period(Q, 1), "Q1 (Jan–Mar 2026)", money("9000.00"), money("2000.00")),
        (Period(M, 2), "Feb 2026", money("800.00"), money("0.00")),
        (Period(M, 3), "Mar 2026", money("500.00"), money("0.00")),
    ]
    assert [(row.stage, row.planned, row.actual, row.variance) for row in result.by_stage] == [
        ("proof_of_concept", money("1200.00"), money("1300.00"), money("-100.00")),
        ("development", money("10100.50"), money("2300.50"), money("7800.00")),
        ("pre_production", money("500.00"), money("0.00"), money("500.00")),
    ]
    assert result.grid == {
        ("hardware", Period(M, 1)): money("1200.00"),
        ("hardware", Period(M, 2)): money("800.00"),
        ("software", Period(M, 1)): money("300.50"),
        ("personnel", Period(Q, 1)): money("9000.00"),
        ("digital_twin", Period(M, 3)): money("500.00"),
    }
    # The parts add up to the whole, to the cent.
    assert sum((row.planned for row in result.by_category), Decimal(0)) == result.totals.planned
    assert sum((row.actual for row in result.by_period), Decimal(0)) == result.totals.actual
    assert sum((row.variance for row in result.by_stage), Decimal(0)) == result.totals.variance
    assert sum(result.grid.values(), Decimal(0)) == result.totals.planned


def test_a_plan_with_no_actuals_has_zero_actual_and_its_whole_plan_as_variance() -> None:
    result = rollup(
        plan(line("hardware", Period(M, 1), "100.00"), line("software", Period(Q, 2), "250.25")),
        today=date(2026, 1, 31),
        tolerance_percent=TOLERANCE,
    )
    assert result.totals == (money("350.25"), money("0.00"), money("350.25"), money("100.00"))
    assert [row.flag for row in result.by_category] == ["under", ""]  # nothing expected of Q2 yet


def test_an_empty_plan_rolls_up_to_zero() -> None:
    result = rollup(plan(), today=date(2026, 6, 1), tolerance_percent=TOLERANCE)
    assert result.totals == (0, 0, 0, 0)
    assert (result.by_category, result.by_period, result.by_stage, result.grid) == ((), (), (), {})


def test_variance_is_positive_under_budget_and_negative_over_it() -> None:
    result = rollup(
        plan(line("hardware", Period(M, 1), "100.00", "80.00"), line("software", Period(M, 1), "100.00", "130.00")),
        today=date(2026, 3, 1),
        tolerance_percent=TOLERANCE,
    )
    assert {row.category: row.variance for row in result.by_category} == {
        "hardware": money("20.00"),
        "software": money("-30.00"),
    }
    assert result.totals.variance == money("-10.00")


@pytest.mark.parametrize(
    ("actual", "flag"),
    [
        ("1050.00", ""),  # exactly 5 % over: within the tolerance
        ("1050.01", "over"),
        ("950.00", ""),  # exactly 5 % under
        ("949.99", "under"),
        ("1000.00", ""),
    ],
)
def test_flags_compare_actual_with_expected_to_date_beyond_the_tolerance(actual: str, flag: str) -> None:
    # Half of February 2026 (14 of 28 days) of 2000.00 is expected: 1000.00.
    result = rollup(
        plan(line("cloud_compute", Period(M, 2), "2000.00", actual)),
        today=date(2026, 2, 14),
        tolerance_percent=TOLERANCE,
    )
    (row,) = result.by_category
    assert row.expected_to_date == money("1000.00")
    assert row.flag == flag
    assert result.by_stage[0].flag == flag


def test_spending_before_anything_is_expected_is_over_and_nothing_expected_is_never_under() -> None:
    result = rollup(
        plan(line("hardware", Period(M, 6), "500.00", "10.00"), line("software", Period(M, 6), "500.00")),
        today=date(2026, 1, 15),
        tolerance_percent=TOLERANCE,
    )
    assert [(row.category, row.expected_to_date, row.flag) for row in result.by_category] == [
        ("hardware", money("0.00"), "over"),
        ("software", money("0.00"), ""),
    ]


def test_a_wider_tolerance_clears_a_flag() -> None:
    one_line = plan(line("hardware", Period(M, 1), "100.00", "108.00"))
    assert rollup(one_line, today=date(2026, 2, 1), tolerance_percent=Decimal("5")).by_category[0].flag == "over"
    assert rollup(one_line, today=date(2026, 2, 1), tolerance_percent=Decimal("10")).by_category[0].flag == ""


def test_a_july_fiscal_year_rolls_up_with_its_own_calendar() -> None:
    july = plan(
        line("hardware", Period(M, 1), "310.00", "310.00"),  # Jul 2026: over
        line("hardware", Period(M, 7), "310.00"),  # Jan 2027: 10 days elapsed on 10 Jan 2027
        line("software", Period(Q, 4), "910.00"),  # Apr-Jun 2027: not yet
        start_month=7,
    )
    result = rollup(july, today=date(2027, 1, 10), tolerance_percent=TOLERANCE)
    assert result.totals.expected_to_date == money("410.00")
    assert [(row.label, row.planned) for row in result.by_period] == [
        ("Jul 2026", money("310.00")),
        ("Jan 2027", money("310.00")),
        ("Q4 (Apr–Jun 2027)", money("910.00")),
    ]
    assert result.by_category[0].expected_to_date == money("410.00")
    assert result.by_category[0].flag == "under"  # 310.00 spent against 410.00 expected


# -- scenarios


def test_scenarios_compare_planned_per_category_against_the_first_plan() -> None:
    baseline = plan(
        line("hardware", Period(M, 1), "1000.00"),
        line("personnel", Period(Q, 1), "5000.00"),
        name="Baseline",
        plan_id=1,
    )
    twin = plan(
        line("hardware", Period(M, 1), "1000.00"),
        line("personnel", Period(Q, 1), "4500.00"),
        line("digital_twin", Period(M, 2), "2500.00"),
        name="With digital twin",
        plan_id=2,
    )
    comparison = compare_scenarios([baseline, twin])
    assert comparison.plan_ids == (1, 2) and comparison.names == ("Baseline", "With digital twin")
    assert [(row.category, row.planned, row.difference) for row in comparison.rows] == [
        ("hardware", (money("1000.00"), money("1000.00")), (money("0.00"), money("0.00"))),
        ("personnel", (money("5000.00"), money("4500.00")), (money("0.00"), money("-500.00"))),
        ("digital_twin", (money("0.00"), money("2500.00")), (money("0.00"), money("2500.00"))),
    ]
    assert comparison.totals.planned == (money("6000.00"), money("8000.00"))
    assert comparison.totals.difference == (money("0.00"), money("2000.00"))


def test_the_demo_scenarios_differ_by_the_digital_twin_extras(demo: Database) -> None:
    reader = demo.reader()
    project_id = reader.scalar("SELECT id FROM project ORDER BY id LIMIT 1")
    summaries = list_plans(reader, project_id)
    assert [(summary.name, summary.state) for summary in summaries] == [
        ("Baseline", "approved"),
        ("With digital twin", "draft"),
    ]
    plans = [load_plan(reader, summary.plan_id) for summary in summaries]
    comparison = compare_scenarios(plans)
    differences = {row.category: row.difference[1] for row in comparison.rows if row.difference[1]}
    # The draft adds a digital twin for security testing and targeted experimentation; nothing is cut.
    assert "digital_twin" in differences and all(amount > 0 for amount in differences.values())
    assert comparison.totals.difference[1] == sum(differences.values(), Decimal(0))
    # Each side is the sum of its lines, and matches the plan list's totals.
    for position, (summary, loaded) in enumerate(zip(summaries, plans, strict=True)):
        assert comparison.totals.planned[position] == summary.planned
        assert sum((line.planned for line in loaded.lines), Decimal(0)) == summary.planned


# -- reading plans


def test_a_plan_is_read_with_money_as_decimals_and_missing_actuals_as_none(demo: Database) -> None:
    reader = demo.reader()
    plan_id = reader.scalar("SELECT id FROM budget_plan WHERE state = 'approved' ORDER BY id LIMIT 1")
    loaded = load_plan(reader, plan_id)
    assert loaded.state == "approved" and loaded.fiscal_year == 2026 and loaded.start_month == 1
    assert all(isinstance(row.planned, Decimal) for row in loaded.lines)
    assert {type(row.actual) for row in loaded.lines} == {Decimal, type(None)}
    planned_cents, actual_cents = reader.one(
        "SELECT SUM(planned), SUM(actual) FROM budget_line WHERE plan_id = :plan_id", {"plan_id": plan_id}
    )
    assert sum((row.planned for row in loaded.lines), Decimal(0)) * 100 == planned_cents
    assert sum((row.actual or 0 for row in loaded.lines), Decimal(0)) * 100 == actual_cents
    assert any(row.labour_person_id is not None for row in loaded.lines)


def test_a_missing_plan_is_refused_in_one_sentence(database: Database) -> None:
    with pytest.raises(UserError, match=r"^Budget plan 99 does not exist"):
        load_plan(database.reader(), 99)


# -- labour


def _team(database: Database) -> tuple[int, dict[str, int]]:
    project_id = create_project(database, name="Fraud", stage="development").ids[0]
    people = {}
    for name, rate, allocation, role in (
        ("Ana", "8000.00", 0.5, "Data scientist"),
        ("Bo", "6333.33", 1.0, "ML engineer"),
        ("Cy", "7000.00", 0.3, ""),
    ):
        person_id = create_person(
            database, name=name, email=f"{name.lower()}@example.org", department="IT", cost_rate=rate
        ).ids[0]
        add_member(database, project_id, person_id, role=role, allocation=allocation)
        people[name] = person_id
    return project_id, people


def test_labour_lines_are_allocation_times_three_months_of_cost_rate_per_quarter(database: Database) -> None:
    project_id, people = _team(database)
    lines = labour_lines(database.reader(), project_id, fiscal_year=2026, start_month=7)
    assert len(lines) == 12
    first_quarter = {line.name: line for line in lines if line.period == Period(Q, 1)}
    # Ana: 0.5 x 3 x 8000.00; Bo: 1.0 x 3 x 6333.33; Cy: 0.3 x 3 x 7000.00 (exact, no float dust).
    assert {name: line.planned for name, line in first_quarter.items()} == {
        "Ana": money("12000.00"),
        "Bo": money("18999.99"),
        "Cy": money("6300.00"),
    }
    assert first_quarter["Ana"].description == "Ana (Data scientist), 0.5 FTE"
    assert first_quarter["Cy"].description == "Cy, 0.3 FTE"
    assert {(line.category, line.stage) for line in lines} == {("personnel", "development")}
    assert [line.period for line in lines if line.name == "Bo"] == [Period(Q, number) for number in range(1, 5)]
    assert first_quarter["Bo"].person_id == people["Bo"]


def test_an_inactive_member_has_no_labour_lines(database: Database) -> None:
    project_id, people = _team(database)
    deactivate_person(database, people["Bo"])
    lines = labour_lines(database.reader(), project_id, fiscal_year=2026, start_month=1)
    assert sorted({line.name for line in lines}) == ["Ana", "Cy"]
    assert sum((line.planned for line in lines), Decimal(0)) == 4 * (money("12000.00") + money("6300.00"))


# -- cost of closing gaps


def test_a_gap_with_a_member_one_level_short_proposes_training_each_of_them(database: Database) -> None:
    project_id, people = _team(database)
    assess(database, people["Ana"], "Threat modelling", 2)
    assess(database, people["Bo"], "Threat modelling", 2)
    assess(database, people["Cy"], "Threat modelling", 1)
    require(database, project_id, "Threat modelling", min_level=3, needed_fte=1.0)
    settings = FinanceSettings(training_cost_per_level=Decimal("1800.00"))
    proposals = gap_cost_proposals(database.reader(), project_id, settings)
    # Bo (1.0 FTE) before Ana (0.5): the staffing page's order; Cy is two levels short.
    assert proposals == [
        Proposal(
            "training",
            "Threat modelling",
            f"Train {name} in Threat modelling from level 2 to 3",
            "training",
            money("1800.00"),
            Period(Q, 1),
        )
        for name in ("Bo", "Ana")
    ]


def test_a_gap_nobody_is_close_to_proposes_hiring_the_missing_fte_at_the_area_cost(database: Database) -> None:
    project_id, people = _team(database)
    assess(database, people["Ana"], "Threat modelling", 3)  # covers 0.5 of the 1.2 needed
    require(database, project_id, "Threat modelling", min_level=3, needed_fte=1.2)
    assess(database, people["Bo"], "Time-series forecasting", 4)  # covered: no proposal
    require(database, project_id, "Time-series forecasting", min_level=3, needed_fte=1.0)
    proposals = gap_cost_proposals(database.reader(), project_id, FinanceSettings())
    # 0.7 FTE x 110,000.00 (Cyber security's default yearly cost)
    assert proposals == [
        Proposal(
            "hire",
            "Threat modelling",
            "Hire 0.7 FTE for Threat modelling (Cyber security)",
            "recruitment",
            money("77000.00"),
            Period(Q, 1),
        )
    ]


def test_an_area_without_its_own_hire_cost_uses_the_fallback(database: Database) -> None:
    project_id, _people = _team(database)
    area = database.reader().scalar(
        "SELECT area.name FROM skill JOIN skill_area AS area ON area.id = skill.area_id"
        " WHERE skill.name = 'Data protection law'"
    )
    require(database, project_id, "Data protection law", min_level=2, needed_fte=0.5)
    settings = FinanceSettings(hire_cost_per_fte={"other": Decimal("60000.00")})
    (proposal,) = gap_cost_proposals(database.reader(), project_id, settings)
    assert (proposal.kind, proposal.amount) == ("hire", money("30000.00"))
    assert proposal.description == f"Hire 0.5 FTE for Data protection law ({area})"


def test_the_demo_gaps_are_priced_as_training_where_someone_is_close_and_hiring_elsewhere(demo: Database) -> None:
    from app.analysis.skills import load_matrix
    from app.analysis.staffing import analyse_project, load_staffing_frame

    reader = demo.reader()
    settings = load_finance_settings(reader)
    kinds_seen = set()
    for (project_id,) in reader.rows("SELECT id FROM project ORDER BY id"):
        staffing = analyse_project(load_matrix(reader), load_staffing_frame(reader), project_id)
        expected = []
        for requirement in staffing.requirements:
            if requirement.gap_fte <= 0:
                continue
            if requirement.training_candidates:
                expected += [
                    ("training", requirement.skill, "training", money("2500.00"))
                    for _member in requirement.training_candidates
                ]
            else:
                cost = settings.hire_cost(requirement.area) * Decimal(str(requirement.gap_fte))
                expected.append(("hire", requirement.skill, "recruitment", cost.quantize(Decimal("0.01"))))
        proposals = gap_cost_proposals(reader, project_id, settings)
        assert [(p.kind, p.skill, p.category, p.amount) for p in proposals] == expected
        kinds_seen |= {proposal.kind for proposal in proposals}
    assert kinds_seen == {"training", "hire"}


def test_charts_use_months_only_when_every_line_is_monthly() -> None:
    from app.analysis.budget import spend_columns

    monthly = spend_columns(
        plan(line("software", Period(M, 1), "10.00"), line("hardware", Period(M, 5), "20.00"), start_month=7)
    )
    assert monthly.monthly and monthly.labels[0] == "Jul" and monthly.labels[4] == "Nov"
    assert monthly.planned[4] == {"hardware": money("20.00")}
    mixed = spend_columns(
        plan(
            line("software", Period(M, 1), "10.00"),
            line("software", Period(M, 5), "20.00"),
            line("cloud_compute", Period(Q, 2), "30.00"),
        )
    )
    assert not mixed.monthly and mixed.labels == ("Q1", "Q2", "Q3", "Q4")
    # May (M5) folds into Q2 beside the Q2 line; nothing is put between months.
    assert mixed.planned[1] == {"software": money("20.00"), "cloud_compute": money("30.00")}
    assert mixed.planned[0] == {"software": money("10.00")}


@pytest.mark.parametrize(
    ("actual", "expected", "flag"),
    [
        ("110.00", "100.00", ""),  # at the tolerance's edge: not yet over
        ("110.01", "100.00", "over"),
        ("90.00", "100.00", ""),
        ("89.99", "100.00", "under"),
        ("0.00", "0.00", ""),  # nothing expected yet: nothing can be under
        ("0.01", "0.00", "over"),
    ],
)
def test_the_spending_flag_is_over_or_under_only_beyond_the_tolerance(actual: str, expected: str, flag: str) -> None:
    from app.analysis.budget import spending_flag

    assert spending_flag(Decimal(actual), Decimal(expected), Decimal("10")) == flag
