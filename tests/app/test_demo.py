"""The demo organisation (``steward demo``): what someone opening the app finds in it.

Every test loads the demo into a fresh database and reads it back with plain SQL,
checking what a user would notice: the people and their skill shapes, staffing gaps,
sprint histories the charts are drawn from, stale policies, budgets, and that a
database with data in it is never touched.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import asdict
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from app.analysis.skills import load_matrix
from app.db.database import Database
from app.demo.generator import DemoSummary, fill_demo
from app.errors import UserError
from app.resources import read_json
from app.services.people import create_person
from app.services.setup import initialise

pytestmark = pytest.mark.both_backends

# A Wednesday; the sprint calendar and the "past periods" of the budget hang off it.
TODAY = date(2026, 11, 25)
STAKEHOLDER_DEPARTMENTS = {"finance", "legal", "hr", "end_users", "ciso"}


def rows(database: Database, sql: str) -> list[tuple]:
    return database.reader().rows(sql)


def scalar(database: Database, sql: str) -> int:
    """A count or other whole number the query returns."""
    return int(database.reader().scalar(sql))


def newest_levels(database: Database) -> dict[tuple[int, int], int]:
    """Each person's current level per skill: their newest assessment."""
    levels: dict[tuple[int, int], int] = {}
    for person_id, skill_id, level in rows(
        database, "SELECT person_id, skill_id, level FROM assessment ORDER BY assessed_on, id"
    ):
        levels[(person_id, skill_id)] = level
    return levels


def shapes_by_person(database: Database) -> dict[int, str]:
    """The design brief's rule: area score = best current level; deep >= 4; broad >= 2 and not deep."""
    area_of_skill = dict(rows(database, "SELECT id, area_id FROM skill"))
    best: defaultdict[int, dict[int, int]] = defaultdict(dict)
    for (person_id, skill_id), level in newest_levels(database).items():
        area_id = area_of_skill[skill_id]
        best[person_id][area_id] = max(best[person_id].get(area_id, 0), level)
    shapes = {}
    for person_id, scores in best.items():
        deep = sum(score >= 4 for score in scores.values())
        broad = sum(2 <= score < 4 for score in scores.values())
        if deep >= 2 and broad >= 3:
            shapes[person_id] = "pi_shaped"
        elif deep >= 1 and broad >= 3:
            shapes[person_id] = "t_shaped"
        elif deep >= 1:
            shapes[person_id] = "i_shaped"
        elif broad >= 3:
            shapes[person_id] = "generalist"
        else:
            shapes[person_id] = "developing"
    return shapes


def item_state_disagreements(database: Database) -> list[tuple]:
    """Items whose current status, sprint or points differ from their last history row."""
    return rows(
        database,
        """
        SELECT item.id, item.status, item.sprint_id, item.points, last.status, last.sprint_id, last.points
        FROM backlog_item AS item
        JOIN item_history AS last ON last.id = (
            SELECT id FROM item_history WHERE item_id = item.id ORDER BY changed_at DESC, id DESC LIMIT 1)
        WHERE item.status IS NOT last.status OR item.sprint_id IS NOT last.sprint_id
           OR item.points IS NOT last.points
        """,
    )


def test_small_demo_is_an_organisation_of_the_promised_size(database: Database) -> None:
    summary = fill_demo(database, today=TODAY)

    assert 55 <= summary.people <= 65
    assert summary.skills == 40
    assert summary.projects == 4
    assert 600 <= summary.assessments <= 2_000
    assert 10 <= summary.policies <= 20
    assert 30 <= summary.backlog_items <= 60
    assert 10 <= summary.sprints <= 20
    assert summary.budget_plans == 8
    assert 100 <= summary.budget_lines <= 600
    # What the CLI reports is what the database holds.
    assert scalar(database, "SELECT count(*) FROM person") == summary.people
    assert scalar(database, "SELECT count(*) FROM assessment") == summary.assessments
    assert scalar(database, "SELECT count(*) FROM budget_line") == summary.budget_lines

    departments = {name for (name,) in rows(database, "SELECT DISTINCT department FROM person")}
    assert {"Finance", "Legal", "HR", "CISO office", "Data science", "Engineering", "IT operations"} <= departments
    emails = [email for (email,) in rows(database, "SELECT email FROM person")]
    assert len(set(emails)) == len(emails)
    assert all(email == email.lower() and email.endswith("@example.org") for email in emails)
    assert 1 <= scalar(database, "SELECT count(*) FROM person WHERE NOT active") <= 5
    assert scalar(database, "SELECT count(*) FROM person WHERE capacity_fte < 1") >= 2


def test_the_same_day_gives_the_same_organisation(tmp_path: Path) -> None:
    tables = {
        "person": "SELECT * FROM person ORDER BY id",
        "assessment": "SELECT * FROM assessment ORDER BY id",
        "item_history": "SELECT * FROM item_history ORDER BY id",
        "budget_line": "SELECT * FROM budget_line ORDER BY id",
    }
    contents = []
    for name in ("first.db", "second.db"):
        database = Database(tmp_path / name)
        initialise(database)
        fill_demo(database, today=TODAY)
        contents.append({table: rows(database, sql) for table, sql in tables.items()})
        database.dispose()

    assert contents[0] == contents[1]
    assert len(contents[0]["assessment"]) > 0


def test_a_database_with_data_is_refused_and_left_unchanged(database: Database) -> None:
    create_person(database, name="Ada Lovelace", email="ada@example.org", department="Engineering")
    from sqlalchemy import inspect

    tables = inspect(database.engine).get_table_names()
    before = {table: rows(database, f"SELECT * FROM {table}") for table in tables}

    with pytest.raises(UserError, match=r"already holds data \(1 person, 0 projects\); the demo only fills an empty"):
        fill_demo(database, today=TODAY)

    assert {table: rows(database, f"SELECT * FROM {table}") for table in tables} == before


def test_a_second_load_is_refused(database: Database) -> None:
    summary = fill_demo(database, today=TODAY)

    with pytest.raises(UserError, match=f"{summary.people} people, {summary.projects} projects"):
        fill_demo(database, today=TODAY)
    assert scalar(database, "SELECT count(*) FROM person") == summary.people


def test_an_unknown_size_is_refused(database: Database) -> None:
    with pytest.raises(UserError, match="'huge' is not a demo size"):
        fill_demo(database, scale="huge", today=TODAY)
    assert scalar(database, "SELECT count(*) FROM person") == 0


def test_a_missing_taxonomy_is_seeded_first(database: Database) -> None:
    with database.engine.begin() as connection:
        for table in ("skill", "skill_area", "level_descriptor"):
            connection.exec_driver_sql(f"DELETE FROM {table}")

    summary = fill_demo(database, today=TODAY)

    assert summary.skills == 40
    assert scalar(database, "SELECT count(*) FROM skill_area") == 7
    assert scalar(database, "SELECT count(*) FROM level_descriptor") == 5


def test_loading_writes_one_audit_event_with_the_counts(database: Database) -> None:
    summary = fill_demo(database, today=TODAY)

    events = rows(database, "SELECT action, entity_id, after FROM audit_event WHERE entity = 'demo'")
    assert len(events) == 1
    action, entity_id, after = events[0]
    assert (action, entity_id) == ("loaded", None)
    assert json.loads(after) == asdict(summary)


@pytest.mark.sqlite_only(
    reason="the file checks are SQLite's pragmas; PostgreSQL enforces every foreign key as each row is written"
)
def test_foreign_keys_and_integrity_hold(database: Database) -> None:
    fill_demo(database, today=TODAY)

    assert rows(database, "PRAGMA foreign_key_check") == []
    assert rows(database, "PRAGMA integrity_check") == [("ok",)]


def test_people_come_in_every_shape(database: Database) -> None:
    fill_demo(database, today=TODAY)

    shapes = list(shapes_by_person(database).values())
    assert shapes.count("t_shaped") >= 5
    assert shapes.count("i_shaped") >= 5
    assert shapes.count("pi_shaped") >= 2
    assert shapes.count("generalist") >= 3
    assert shapes.count("developing") >= 3


def test_the_skill_matrix_shows_everyone_in_the_shape_the_recipe_wrote(database: Database) -> None:
    fill_demo(database, today=TODAY)

    snapshot = load_matrix(database.reader())
    shown = sorted(zip(snapshot.person_names, (str(shape) for shape in snapshot.shapes), strict=True))
    written = sorted((entry["name"], entry["shape"]) for entry in read_json("demo/people.json")["people"])
    assert shown == written


def test_skill_history_shows_growth(database: Database) -> None:
    fill_demo(database, today=TODAY)

    history: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
    for person_id, skill_id, level in rows(
        database, "SELECT person_id, skill_id, level FROM assessment ORDER BY assessed_on, id"
    ):
        history[(person_id, skill_id)].append(level)
    with_history = {key: levels for key, levels in history.items() if len(levels) > 1}
    people_with_history = {person_id for person_id, _ in with_history}

    assert len(people_with_history) >= 15
    # The newest assessment is the current level, and people got better over time.
    assert all(levels[-1] > levels[0] for levels in with_history.values())
    assert rows(database, f"SELECT count(*) FROM assessment WHERE assessed_on >= '{TODAY}'") == [(0,)]
    sources = {source for (source,) in rows(database, "SELECT DISTINCT source FROM assessment")}
    assert sources == {"self", "manager", "certified"}
    expired, valid = rows(
        database,
        f"SELECT count(CASE WHEN expires_on < '{TODAY}' THEN 1 END),"
        f" count(CASE WHEN expires_on IS NULL OR expires_on >= '{TODAY}' THEN 1 END) FROM certification",
    )[0]
    assert expired >= 1 and valid >= 1


def test_projects_have_contrasting_profiles(database: Database) -> None:
    fill_demo(database, today=TODAY)

    profiles = set(rows(database, "SELECT stage, decision_mode, model_origin, personal_data FROM project"))
    assert ("production", "automated", "in_house", 1) in profiles
    assert ("pre_production", "decision_support", "third_party", 1) in profiles
    assert ("proof_of_concept", "decision_support", "in_house", 0) in profiles
    assert any(origin == "research_team" for _, _, origin, _ in profiles)
    assert all(description for (description,) in rows(database, "SELECT description FROM project"))


def test_staffing_shows_gaps_and_an_overallocated_member(database: Database) -> None:
    fill_demo(database, today=TODAY)
    levels = newest_levels(database)
    members_by_project: defaultdict[int, list[tuple[int, float]]] = defaultdict(list)
    for project_id, person_id, allocation in rows(database, "SELECT project_id, person_id, allocation FROM membership"):
        members_by_project[project_id].append((person_id, allocation))

    gaps = []
    for project_id, skill_id, min_level, needed_fte in rows(
        database, "SELECT project_id, skill_id, min_level, needed_fte FROM skill_requirement"
    ):
        covered_fte = sum(
            allocation
            for person_id, allocation in members_by_project[project_id]
            if levels.get((person_id, skill_id), 0) >= min_level
        )
        gaps.append(max(0.0, needed_fte - covered_fte))
    assert any(gap > 0.05 for gap in gaps)
    assert any(gap == 0 for gap in gaps)

    overallocated = rows(
        database,
        "SELECT person_id FROM membership GROUP BY person_id HAVING sum(allocation) > 1.0 AND count(*) >= 2",
    )
    assert len(overallocated) >= 1


@pytest.mark.parametrize("days_later", range(7))
def test_every_item_is_where_its_history_ends(tmp_path: Path, days_later: int) -> None:
    # Every day of the week, since the sprint calendar is laid out from the day of loading.
    today = TODAY + timedelta(days=days_later)
    database = Database(tmp_path / "d.db")
    initialise(database)
    fill_demo(database, today=today)

    assert item_state_disagreements(database) == []
    assert rows(database, f"SELECT count(*) FROM item_history WHERE changed_at >= '{today}'") == [(0,)]
    first_rows = rows(
        database,
        "SELECT item.created_at, first.changed_at, first.status, first.sprint_id FROM backlog_item AS item "
        "JOIN item_history AS first ON first.id = (SELECT id FROM item_history WHERE item_id = item.id "
        "ORDER BY changed_at, id LIMIT 1)",
    )
    assert all(
        created == changed and status == "backlog" and sprint is None for created, changed, status, sprint in first_rows
    )
    assert rows(database, "SELECT count(*) FROM sprint WHERE state = 'active'") == [(3,)]
    active_spans = rows(database, "SELECT start_on, end_on FROM sprint WHERE state = 'active'")
    assert all(start < str(today) <= end for start, end in active_spans)
    database.dispose()


def test_sprint_histories_tell_the_stories_the_charts_show(database: Database) -> None:
    fill_demo(database, today=TODAY)
    sprints = {
        sprint_id: (state, started_at, closed_at)
        for sprint_id, state, started_at, closed_at in rows(
            database, "SELECT id, state, started_at, closed_at FROM sprint"
        )
    }
    history: defaultdict[int, list[tuple[str, str, int | None, int | None]]] = defaultdict(list)
    for item_id, changed_at, status, sprint_id, points in rows(
        database, "SELECT item_id, changed_at, status, sprint_id, points FROM item_history ORDER BY changed_at, id"
    ):
        history[item_id].append((changed_at, status, sprint_id, points))

    def added_mid_sprint(events: list) -> bool:
        entries = [(at, sprint) for at, _, sprint, _ in events if sprint is not None and sprints[sprint][1]]
        return bool(entries) and entries[0][0] > sprints[entries[0][1]][1]

    def removed_mid_sprint(events: list) -> bool:
        return any(
            before[2] is not None and after[2] is None and sprints[before[2]][0] != "planned"
            for before, after in pairwise(events)
        )

    def reopened(events: list) -> bool:
        statuses = [status for _, status, _, _ in events]
        return "done" in statuses and "in_progress" in statuses[statuses.index("done") :]

    def carried_over(events: list) -> bool:
        return len({sprint for _, _, sprint, _ in events if sprint is not None}) >= 2

    for story in (added_mid_sprint, removed_mid_sprint, reopened, carried_over):
        assert any(story(events) for events in history.values()), story.__name__
    assert 2 <= sum(1 for state, _, _ in sprints.values() if state == "closed") <= 12
    assert all(state != "closed" or (started and closed) for state, started, closed in sprints.values())

    # The committed scope of each started sprint is what its history says was in it at the start.
    commitments = set(rows(database, "SELECT sprint_id, item_id, points FROM sprint_commitment"))
    expected = set()
    for sprint_id, (_, started_at, _) in sprints.items():
        if started_at is None:
            continue
        for item_id, events in history.items():
            at_start = [event for event in events if event[0] <= started_at]
            if at_start and at_start[-1][2] == sprint_id:
                expected.add((sprint_id, item_id, at_start[-1][3]))
    assert commitments == expected
    assert not any(sprints[sprint_id][0] == "planned" for sprint_id, _, _ in commitments)

    kinds = {kind for (kind,) in rows(database, "SELECT DISTINCT kind FROM backlog_item")}
    assert kinds == {"new_policy", "revision", "review", "control", "training"}
    assert {points for (points,) in rows(database, "SELECT DISTINCT points FROM backlog_item")} <= {None, 1, 2, 3, 5, 8}


def test_policies_are_versioned_signed_and_some_are_due_for_review(database: Database) -> None:
    fill_demo(database, today=TODAY)

    categories = {category for (category,) in rows(database, "SELECT DISTINCT category FROM policy")}
    assert len(categories) == 10
    statuses = {status for (status,) in rows(database, "SELECT DISTINCT status FROM policy")}
    assert statuses == {"draft", "in_review", "approved", "retired"}
    stale = rows(database, f"SELECT title FROM policy WHERE next_review_on < '{TODAY}'")
    assert 1 <= len(stale) <= 4
    assert rows(database, "SELECT count(*) FROM policy WHERE project_id IS NULL")[0][0] >= 4
    refs = " ".join(ref for (ref,) in rows(database, "SELECT framework_refs FROM policy"))
    assert "NIST AI RMF GOVERN 1.7" in refs and "AML.M0003" in refs and "AML.M0005" in refs

    # Versions are numbered 1..n, each is Markdown with sections, and approvals have an approver.
    numbering: dict[int, list[int]] = defaultdict(list)
    for policy_id, number in rows(database, "SELECT policy_id, number FROM policy_version"):
        numbering[policy_id].append(number)
    for numbers in numbering.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
    texts = [text for (text,) in rows(database, "SELECT text FROM policy_version")]
    assert all(text.startswith("# ") and "\n## " in text for text in texts)
    half_approved = "SELECT count(*) FROM policy_version WHERE (approved_on IS NULL) <> (approved_by_id IS NULL)"
    assert rows(database, half_approved) == [(0,)]
    signing = {department for (department,) in rows(database, "SELECT DISTINCT department FROM sign_off")}
    assert signing == STAKEHOLDER_DEPARTMENTS


def test_a_sign_off_for_another_department_records_the_signers_own(database: Database) -> None:
    """Payments people sign for End users on the fraud project: the demo records their department as signing
    through the service would, and leaves it empty for someone of the department signed for."""
    from app.services.policy import signer_department_of
    from models.enums import StakeholderDepartment

    fill_demo(database, today=TODAY)
    signed = rows(
        database,
        "SELECT s.department, s.signer_department, p.department"
        " FROM sign_off AS s JOIN person AS p ON p.id = s.person_id",
    )
    assert signed and all(
        recorded == signer_department_of(own, StakeholderDepartment(department)) for department, recorded, own in signed
    )
    assert ("end_users", "Payments") in {(department, recorded) for department, recorded, _ in signed}
    assert ("finance", "") in {(department, recorded) for department, recorded, _ in signed}


def test_stakeholder_feedback_arrives_on_items_and_versions(database: Database) -> None:
    fill_demo(database, today=TODAY)

    on_items, on_versions = rows(database, "SELECT count(item_id), count(version_id) FROM feedback")[0]
    assert on_items >= 5 and on_versions >= 5
    departments = {department for (department,) in rows(database, "SELECT DISTINCT department FROM feedback")}
    assert departments == STAKEHOLDER_DEPARTMENTS
    dispositions = dict(rows(database, "SELECT disposition, count(*) FROM feedback GROUP BY disposition"))
    assert dispositions.get("open", 0) >= 3
    assert set(dispositions) == {"open", "accepted", "deferred", "rejected"}
    unresolved_mismatch = "SELECT count(*) FROM feedback WHERE (disposition = 'open') <> (resolved_on IS NULL)"
    assert rows(database, unresolved_mismatch) == [(0,)]
    assert rows(database, "SELECT count(*) FROM feedback WHERE resolved_on < received_on") == [(0,)]


def test_budgets_plan_two_scenarios_with_actuals_only_for_past_periods(database: Database) -> None:
    fill_demo(database, today=TODAY)

    plans = rows(database, "SELECT project_id, name, state, fiscal_year, currency FROM budget_plan")
    scenarios = {(name, state) for _, name, state, _, _ in plans}
    assert scenarios == {("Baseline", "approved"), ("With digital twin", "draft")}
    assert {(year, currency) for _, _, _, year, currency in plans} == {(TODAY.year, "EUR")}
    categories = {category for (category,) in rows(database, "SELECT DISTINCT category FROM budget_line")}
    assert {"personnel", "digital_twin", "security_testing", "cloud_compute", "contingency"} <= categories
    unlinked_labour = "SELECT count(*) FROM budget_line WHERE category = 'personnel' AND labour_person_id IS NULL"
    assert rows(database, unlinked_labour) == [(0,)]

    # A period has an actual exactly when it is over and the plan is approved.
    periods = rows(
        database,
        "SELECT plan.state, line.period_kind, line.period_number, line.actual IS NOT NULL "
        "FROM budget_line AS line JOIN budget_plan AS plan ON plan.id = line.plan_id",
    )
    for state, kind, number, has_actual in periods:
        last_month = number if kind == "month" else 3 * number
        assert bool(has_actual) == (state == "approved" and last_month < TODAY.month)
    # The digital twin scenario costs more than the baseline of the same project.
    plan_totals = rows(
        database,
        "SELECT plan.project_id, plan.name, sum(line.planned) FROM budget_line AS line "
        "JOIN budget_plan AS plan ON plan.id = line.plan_id GROUP BY plan.id",
    )
    by_project: defaultdict[int, dict[str, int]] = defaultdict(dict)
    for project_id, name, planned_cents in plan_totals:
        by_project[project_id][name] = planned_cents
    assert all(totals["With digital twin"] > totals["Baseline"] for totals in by_project.values())


def test_the_approved_budgets_record_their_approver_from_finance(database: Database) -> None:
    fill_demo(database, today=TODAY)
    approvals = rows(
        database,
        "SELECT plan.state, plan.approved_on, person.name, person.department FROM budget_plan AS plan "
        "LEFT JOIN person ON person.id = plan.approved_by_id",
    )
    approved = {(on, name, department) for state, on, name, department in approvals if state == "approved"}
    # Approved by the finance director before the fiscal year began; the drafts wait for an approver.
    assert approved == {(f"{TODAY.year - 1}-12-15", "Daniel Cohen", "Finance")}
    assert {(on, name) for state, on, name, _ in approvals if state != "approved"} == {(None, None)}


@pytest.mark.slow
@pytest.mark.sqlite_only(
    reason="half a million rows inserted row by row take minutes on a server; a COPY load would not"
)
def test_large_demo_is_benchmark_sized_and_valid(database: Database, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.perf_counter()
    summary = fill_demo(database, scale="large", today=TODAY)
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(f"\nlarge demo: {elapsed:.1f} s for {summary}")

    assert isinstance(summary, DemoSummary)
    assert (summary.people, summary.skills, summary.projects) == (5_000, 300, 200)
    assert 400_000 <= summary.assessments <= 500_000
    assert scalar(database, "SELECT count(*) FROM assessment") == summary.assessments
    assert scalar(database, "SELECT count(DISTINCT email) FROM person") == 5_000
    assert summary.policies >= 400 and summary.backlog_items >= 1_000 and summary.budget_plans >= 300
    for child in ("skill_requirement", "membership"):
        assert scalar(database, f"SELECT count(*) FROM project WHERE id NOT IN (SELECT project_id FROM {child})") == 0
    assert item_state_disagreements(database) == []
    assert rows(database, "PRAGMA foreign_key_check") == []
    shapes = set(shapes_by_person(database).values())
    assert shapes == {"t_shaped", "pi_shaped", "i_shaped", "generalist", "developing"}
