"""``check_database``: each broken state, made with raw SQL as another tool (or a bug) would, is found,
named by its row and given its advice; the demo organisation and a day of ordinary edits are healthy."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import DBAPIError

from app.analysis.budget import Period
from app.db.database import Database
from app.db.migrations import HEAD
from app.demo.generator import fill_demo
from app.errors import UserError
from app.queries.consistency import Finding, check_database
from app.services import budget, people, policy, projects, skills
from app.services.budget import ActualInput, LineInput
from app.services.setup import initialise
from tests.app.report_files import TODAY

pytestmark = pytest.mark.both_backends


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo organisation, filled once for this module (each test breaks its own copy)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    database = Database(path)
    initialise(database)
    fill_demo(database, today=TODAY)
    database.dispose()
    with sqlite3.connect(path) as connection:  # every page into the file itself, so a copy of it is whole
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return path


@pytest.fixture
def demo(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Database]:
    """A copy of the module's demo organisation in the test's own folder (on a server: the demo, filled anew)."""
    if backend == "postgresql":
        database: Database = request.getfixturevalue("database")
        fill_demo(database, today=TODAY)
        yield database
        return
    demo_file: Path = request.getfixturevalue("demo_file")
    copy = tmp_path / "steward.db"
    shutil.copyfile(demo_file, copy)
    database = Database(copy)
    yield database
    database.dispose()


def sql(database: Database, *statements: str, params: tuple[Any, ...] = ()) -> int:
    """Run ``statements`` outside Steward, foreign keys off (as a careless tool would); the id of the row the
    last one inserted, if it inserted one.

    On PostgreSQL only a superuser writes past the foreign keys (a replica session fires no triggers, the keys'
    included); the tests' own server logs in as one.
    """
    inserted = 0
    if database.sqlite_path is None:
        with database.engine.begin() as connection:
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
            for statement in statements:
                connection.exec_driver_sql(statement.replace("?", "%s"), params)
                if statement.lstrip().upper().startswith("INSERT"):
                    try:
                        with connection.begin_nested():
                            inserted = int(connection.exec_driver_sql("SELECT lastval()").scalar_one())
                    except DBAPIError:  # the row named its own id, or its table has none: no sequence moved
                        pass
        return inserted
    with sqlite3.connect(database.sqlite_path) as connection:
        for statement in statements:
            inserted = connection.execute(statement, params).lastrowid or 0
    connection.close()
    return inserted


def scalar(database: Database, query: str) -> Any:
    return database.reader().scalar(query)


def findings(database: Database, check: str) -> list[Finding]:
    return [finding for finding in check_database(database).findings if finding.check == check]


def only(database: Database, check: str) -> Finding:
    found = findings(database, check)
    assert len(found) == 1, found
    return found[0]


def test_the_demo_organisation_is_healthy(demo: Database) -> None:
    report = check_database(demo)
    assert report.findings == ()
    assert report.healthy and report.summary().endswith(f"is healthy (schema {HEAD}).")


def test_a_fresh_database_with_ordinary_edits_is_healthy(database: Database) -> None:
    project = projects.create_project(database, name="Fraud scoring").ids[0]
    ann = people.create_person(database, name="Ann Lee", email="ann@example.org", department="Data").ids[0]
    people.delete_person(database, ann)
    assert check_database(database).findings == ()
    assert project


def _day(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def _sprints_of_work(database: Database, project: int, owner: int) -> None:
    """Two sprints: items committed, one finished, one added midway, the rest carried on, points re-estimated."""
    items = [
        policy.create_item(database, project, title=f"Control {n}", points=n + 1, assignee_id=owner, at=_day(1)).ids[0]
        for n in range(4)
    ]
    first = policy.plan_sprint(database, project, name="Sprint 1", start_on="2026-11-02", end_on="2026-11-13").ids[0]
    second = policy.plan_sprint(database, project, name="Sprint 2", start_on="2026-11-16", end_on="2026-11-27").ids[0]
    for item in items[:2]:
        policy.assign_to_sprint(database, item, first, at=_day(1, 12))
    policy.start_sprint(database, first, at=_day(2))
    policy.set_status(database, items[0], "in_progress", at=_day(3))
    policy.set_status(database, items[0], "done", at=_day(5))
    policy.assign_to_sprint(database, items[2], first, at=_day(6))
    policy.update_item(database, items[1], {"points": 8}, at=_day(9))
    policy.close_sprint(database, first, unfinished_to=second, at=_day(13, 17))
    policy.update_item(database, items[0], {"points": 2}, at=_day(14))  # re-estimated after the close
    policy.start_sprint(database, second, at=_day(16))
    policy.move_item(database, items[3], before_item_id=items[0])


def _policy_work(database: Database, project: int, approver: int, commenter: int) -> None:
    """A policy approved, then a second version in review with feedback that was accepted."""
    rule = policy.create_policy(database, title="Model retraining", category="model_training", project_id=project)
    first = policy.add_version(database, rule.ids[0], text="Retrain monthly.", created_on="2026-10-01").ids[0]
    policy.publish_version(database, first, published_on="2026-10-02")
    policy.sign_off(database, first, department="legal", person_id=approver, signed_on="2026-10-03")
    policy.approve_version(database, first, approver_id=approver, approved_on="2026-10-04")
    second = policy.add_version(
        database, rule.ids[0], text="Retrain weekly.", change_summary="Weekly, not monthly.", created_on="2026-10-10"
    ).ids[0]
    policy.publish_version(database, second, published_on="2026-10-11")
    comment = policy.add_feedback(
        database,
        department="end_users",
        comment="Weekly is too often.",
        version_id=second,
        person_id=commenter,
        received_on="2026-10-11",
    ).ids[0]
    policy.set_disposition(database, comment, "accepted", resolved_on="2026-10-12")


def _budget_work(database: Database, project: int, approver: int, member: int) -> None:
    """A plan with labour and a bought line, approved, its actuals recorded, then revised."""
    projects.add_member(database, project, member, role="Engineer", allocation=0.5)
    plan = budget.create_plan(database, project, name="Baseline", fiscal_year=2026).ids[0]
    budget.refresh_labour_lines(database, plan)
    budget.add_lines(database, plan, [LineInput("hardware", "GPUs", Period("month", 2), "development", Decimal("900"))])
    budget.set_plan_state(database, plan, "submitted")
    budget.approve_plan(database, plan, approved_by_id=approver, approved_on=date(2026, 1, 5))
    budget.set_actuals(database, plan, [ActualInput("hardware", Period("month", 2), Decimal("950.00"))])
    budget.revise_plan(database, plan)


def test_months_of_ordinary_work_through_the_services_are_healthy(database: Database) -> None:
    project = projects.create_project(database, name="Fraud scoring").ids[0]
    ann = people.create_person(database, name="Ann Lee", email="ann@example.org", department="Legal").ids[0]
    bob = people.create_person(database, name="Bob Stone", email="bob@example.org", department="Data", cost_rate="6000")
    cat = people.create_person(database, name="Cat Diaz", email="cat@example.org", department="Ops").ids[0]
    skill = scalar(database, "SELECT min(id) FROM skill")
    skills.record_assessment(database, cat, skill, 3, assessed_on="2026-10-01", note="Strong on monitoring.")
    _sprints_of_work(database, project, ann)
    _policy_work(database, project, ann, cat)
    _budget_work(database, project, ann, bob.ids[0])
    people.erase_person(database, cat, reason="Privacy request PR-7")  # someone with history but no labour line
    made = database.reader().one(
        "SELECT (SELECT count(*) FROM sprint_commitment), (SELECT count(*) FROM sprint WHERE state = 'closed'),"
        " (SELECT count(*) FROM audit_event WHERE action = 'revised'), (SELECT count(*) FROM budget_line),"
        " (SELECT count(*) FROM person WHERE erased_on IS NOT NULL)"
    )
    assert made == (4, 1, 1, 10, 1)  # 2 committed, then the 2 carried on; 4 labour + 1 bought line, twice
    assert check_database(database).findings == ()


def test_a_missing_file_and_a_file_that_is_not_steward_s_are_one_sentence(tmp_path: Any) -> None:
    with pytest.raises(UserError, match="There is no database at"):
        check_database(Database(tmp_path / "nothing.db"))
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    connection.close()
    with pytest.raises(UserError, match="is a SQLite database but not a Steward one"):
        check_database(Database(foreign))


@pytest.mark.sqlite_only(reason="damaging the file's pages is SQLite's; a server keeps its own")
def test_a_damaged_index_is_sqlite_s_integrity_finding(demo: Database) -> None:
    # An index whose definition no longer matches the rows it holds: what a torn page write looks like to SQLite.
    sql(
        demo,
        "PRAGMA writable_schema=ON",
        "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_skill_area_id ON skill (name)'"
        " WHERE name = 'ix_skill_area_id'",
    )
    demo.dispose()
    report = check_database(Database(demo.sqlite_path))
    assert [finding.check for finding in report.findings] == ["integrity"]  # Steward's own checks are skipped
    assert "missing from index ix_skill_area_id" in report.findings[0].what
    assert "steward restore" in report.findings[0].advice


@pytest.mark.sqlite_only(reason="damaging the file's pages is SQLite's; a server keeps its own")
def test_a_torn_page_is_a_finding_with_the_backup_advice_not_a_crash(demo: Database) -> None:
    assert demo.sqlite_path is not None
    root = scalar(demo, "SELECT rootpage FROM sqlite_master WHERE name = 'ix_assessment_person_skill_date'")
    page_size = scalar(demo, "PRAGMA page_size")
    demo.dispose()
    sql(demo, "PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the file itself, none in the write-ahead log
    with demo.sqlite_path.open("r+b") as file:  # the index's root page claims no cells: its children are lost
        file.seek((root - 1) * page_size + 3)
        file.write(b"\x00\x00")
    report = check_database(Database(demo.sqlite_path))
    assert [finding.check for finding in report.findings] == ["unreadable"]
    assert "malformed" in report.findings[0].what and "steward restore" in report.findings[0].advice


def test_a_row_referring_to_nothing_names_its_table_and_row(database: Database) -> None:
    sql(database, "INSERT INTO membership (id, project_id, person_id, role, allocation) VALUES (7, 99, 99, '', 0.5)")
    found = findings(database, "foreign_keys")
    assert [finding.what for finding in found] == [
        "Rows of membership refer to records that do not exist in person: 1 row.",
        "Rows of membership refer to records that do not exist in project: 1 row.",
    ]
    assert all((finding.table, finding.row_ids) == ("membership", (7,)) for finding in found)
    assert found[0].where == "table membership, row 7" and "steward restore" in found[0].advice


def test_an_older_schema_says_to_upgrade(database: Database) -> None:
    sql(database, "UPDATE alembic_version SET version_num = '0002'")
    found = only(database, "schema")
    assert f"revision 0002, older than this app's {HEAD}" in found.what and "`steward init`" in found.advice


@pytest.mark.sqlite_only(reason="a server's bigint money column rounds 1250.5 on the way in: no such amount is there")
def test_an_amount_that_is_not_whole_cents(demo: Database) -> None:
    line = scalar(demo, "SELECT min(id) FROM budget_line")
    sql(demo, f"UPDATE budget_line SET planned = 1250.5 WHERE id = {line}")
    found = only(demo, "money")
    assert "budget_line.planned" in found.what and found.row_ids == (line,)


def test_an_approved_plan_without_its_approver_and_a_draft_with_one(demo: Database) -> None:
    approved = scalar(demo, "SELECT min(id) FROM budget_plan WHERE state = 'approved'")
    draft = scalar(demo, "SELECT min(id) FROM budget_plan WHERE state = 'draft'")
    sql(demo, f"UPDATE budget_plan SET approved_by_id = NULL WHERE id = {approved}")
    sql(demo, f"UPDATE budget_plan SET approved_on = '2026-01-05' WHERE id = {draft}")
    found = findings(demo, "budget.approval")
    assert [finding.row_ids for finding in found] == [(approved,), (draft,)]
    assert "does not record who approved it" in found[0].what
    assert "plan 'Baseline' (2026) of project 'Card fraud screening'" in found[0].where
    assert "is draft but carries an approval" in found[1].what


def test_a_revision_that_names_no_plan_it_revises(demo: Database) -> None:
    draft = scalar(demo, "SELECT min(id) FROM budget_plan WHERE state = 'draft'")
    sql(demo, f"UPDATE budget_plan SET revision = 2 WHERE id = {draft}")
    found = only(demo, "budget.revisions")
    assert found.what == "Revision 2 does not name the plan it revises."
    assert found.row_ids == (draft,) and "revision 2" in found.where


def test_a_revision_of_a_draft(demo: Database) -> None:
    approved, draft = demo.reader().one(
        "SELECT min(id) FILTER (WHERE state = 'approved'), min(id) FILTER (WHERE state = 'draft') FROM budget_plan"
    )
    sql(demo, f"UPDATE budget_plan SET revision = 3, revision_of_id = {draft} WHERE id = {approved}")
    found = only(demo, "budget.revisions")
    assert found.row_ids == (approved,) and "which is draft: only approved plans are revised" in found.what


def _approved_plan(database: Database) -> tuple[int, int]:
    """A project's approved plan with one line: (plan id, line id)."""
    project = projects.create_project(database, name="Fraud scoring").ids[0]
    approver = people.create_person(database, name="Ann Lee", email="ann@example.org", department="Finance").ids[0]
    plan = budget.create_plan(database, project, name="Baseline", fiscal_year=2026).ids[0]
    line = budget.add_lines(
        database, plan, [LineInput("hardware", "GPUs", Period("month", 1), "development", Decimal("1000.00"))]
    ).ids[0]
    budget.set_plan_state(database, plan, "submitted")
    budget.approve_plan(database, plan, approved_by_id=approver, approved_on=date(2026, 1, 5))
    return plan, line


def test_an_approved_plans_lines_replanned_after_the_approval(database: Database) -> None:
    plan, line = _approved_plan(database)
    budget.update_line(database, line, actual=Decimal("900.00"))  # actuals may change: still healthy
    assert check_database(database).findings == ()
    event = sql(
        database,
        "INSERT INTO audit_event (at, actor, entity, entity_id, action, before, after, reason)"
        " VALUES ('2026-02-01 10:00:00', 'mallory', 'budget_line', ?, 'updated', '{\"planned\": \"1000.00\"}',"
        " '{\"planned\": \"10.00\"}', '')",
        params=(line,),
    )
    found = only(database, "budget.frozen")
    assert found.row_ids == (plan,) and f"audit event {event}" in found.where
    assert "changed after it was approved" in found.what


def test_an_approved_plan_that_lost_lines_its_revision_copied(database: Database) -> None:
    plan, line = _approved_plan(database)
    revision = budget.revise_plan(database, plan).ids[0]
    assert check_database(database).findings == ()
    sql(database, f"DELETE FROM budget_line WHERE id = {line}")
    found = only(database, "budget.revision_copy")
    assert found.row_ids == (plan,) and f"fewer than the 1 its revision (budget_plan {revision}) copied" in found.what
    assert "plan 'Baseline' (2026) of project 'Fraud scoring'" in found.where


def test_two_active_sprints_and_a_planned_one_that_started(demo: Database) -> None:
    closed = scalar(demo, "SELECT max(id) FROM sprint WHERE project_id = 1 AND state = 'closed'")
    planned = scalar(demo, "SELECT id FROM sprint WHERE project_id = 2 AND state = 'planned'")
    sql(demo, f"UPDATE sprint SET state = 'active' WHERE id = {closed}")
    sql(demo, f"UPDATE sprint SET started_at = '2026-11-20 10:00:00.000000' WHERE id = {planned}")
    found = findings(demo, "sprints.state")
    words = [finding.what for finding in found]
    assert "The sprint is active but has no start time, or has a close time." in words
    assert "The sprint is planned but carries a start, a close or a committed scope." in words
    assert any("has 2 active sprints ('Sprint 4', 'Sprint 5')" in what for what in words)
    assert any(
        finding.row_ids == (planned,) and "project 'Emergency triage assistant'" in finding.where for finding in found
    )


def test_a_commitment_that_lost_an_item_its_history_held(demo: Database) -> None:
    sprint, item = demo.reader().one(
        "SELECT c.sprint_id, c.item_id FROM sprint_commitment AS c JOIN sprint AS s ON s.id = c.sprint_id"
        " WHERE s.state = 'closed' ORDER BY c.sprint_id, c.item_id LIMIT 1"
    )
    sql(demo, f"DELETE FROM sprint_commitment WHERE sprint_id = {sprint} AND item_id = {item}")
    found = only(demo, "sprints.commitment")
    assert found.row_ids == (sprint,)
    assert f"item {item} were in it when it started but are not committed" in found.what


def test_a_commitment_with_other_points_than_the_history_had(demo: Database) -> None:
    sprint, item = demo.reader().one(
        "SELECT sprint_id, item_id FROM sprint_commitment WHERE points IS NOT NULL ORDER BY sprint_id LIMIT 1"
    )
    sql(demo, f"UPDATE sprint_commitment SET points = points + 5 WHERE sprint_id = {sprint} AND item_id = {item}")
    assert f"item {item} are committed with other points" in only(demo, "sprints.commitment").what


def test_an_unfinished_item_left_in_a_closed_sprint_and_history_written_after_the_close(demo: Database) -> None:
    item, sprint, closed_at = demo.reader().one(
        "SELECT i.id, s.id, s.closed_at FROM backlog_item AS i JOIN sprint AS s ON s.id = i.sprint_id"
        " WHERE s.state = 'closed' AND i.status = 'done' ORDER BY i.id LIMIT 1"
    )
    points = scalar(demo, f"SELECT points FROM backlog_item WHERE id = {item}")
    day_after = (datetime.fromisoformat(closed_at) + timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    sql(
        demo,
        "INSERT INTO item_history (item_id, changed_at, status, sprint_id, points) VALUES (?, ?, 'in_progress', ?, ?)",
        params=(item, day_after, sprint, points),
    )
    sql(demo, f"UPDATE backlog_item SET status = 'in_progress' WHERE id = {item}")
    found = findings(demo, "sprints.closed")
    assert [finding.table for finding in found] == ["backlog_item", "item_history"]
    assert found[0].row_ids == (item,) and "still holds 1 unfinished item" in found[0].what
    assert "Backlog page" in found[0].advice
    assert "after it closed" in found[1].what and f"row {sprint}" in found[1].where


def test_an_item_that_says_other_than_its_history_or_has_none(demo: Database) -> None:
    drifted, bare = [
        row[0]
        for row in demo.reader().rows(
            "SELECT id FROM backlog_item WHERE points IS NOT NULL AND sprint_id IS NULL ORDER BY id LIMIT 2"
        )
    ]
    sql(demo, f"UPDATE backlog_item SET points = points + 1 WHERE id = {drifted}")
    sql(demo, f"DELETE FROM item_history WHERE item_id = {bare}")
    found = findings(demo, "backlog.history")
    assert [finding.row_ids for finding in found] == [(bare,), (drifted,)]
    assert "have no history" in found[0].what and "their history does not have" in found[1].what


def test_history_stamped_before_an_earlier_change(demo: Database) -> None:
    item = scalar(demo, "SELECT item_id FROM item_history GROUP BY item_id HAVING count(*) > 1 LIMIT 1")
    row = sql(
        demo,
        "INSERT INTO item_history (item_id, changed_at, status, sprint_id, points)"
        " SELECT item_id, '2020-01-01 00:00:00.000000', status, sprint_id, points FROM item_history"
        " WHERE item_id = ? ORDER BY changed_at DESC LIMIT 1",
        params=(item,),
    )
    found = only(demo, "backlog.history_order")
    assert found.row_ids == (row,) and "stamped before a change recorded earlier" in found.what


def test_two_items_of_a_project_sharing_a_rank(demo: Database) -> None:
    first, second = [
        row[0] for row in demo.reader().rows("SELECT id FROM backlog_item WHERE project_id = 1 ORDER BY rank LIMIT 2")
    ]
    sql(demo, f"UPDATE backlog_item SET rank = (SELECT rank FROM backlog_item WHERE id = {first}) WHERE id = {second}")
    found = only(demo, "backlog.ranks")
    assert found.row_ids == tuple(sorted((first, second))) and "project 'Card fraud screening'" in found.where
    assert "Backlog page" in found.advice


def test_an_item_in_another_projects_sprint(demo: Database) -> None:
    item = scalar(demo, "SELECT min(id) FROM backlog_item WHERE project_id = 1 AND sprint_id IS NULL")
    foreign = scalar(demo, "SELECT id FROM sprint WHERE project_id = 2 AND state = 'planned'")
    sql(demo, f"UPDATE backlog_item SET sprint_id = {foreign} WHERE id = {item}")
    found = [finding for finding in findings(demo, "backlog.sprint_project") if finding.table == "backlog_item"]
    assert len(found) == 1 and found[0].row_ids == (item,)
    assert "items of project 'Card fraud screening' in another project's sprint" in found[0].what


def test_a_version_approved_before_or_without_its_publication_and_signed_unpublished(demo: Database) -> None:
    unpublished, early = [
        row[0]
        for row in demo.reader().rows(
            "SELECT v.id FROM policy_version AS v WHERE v.approved_on IS NOT NULL"
            " AND EXISTS (SELECT 1 FROM sign_off AS s WHERE s.version_id = v.id) ORDER BY v.id LIMIT 2"
        )
    ]
    sql(demo, f"UPDATE policy_version SET published_on = NULL WHERE id = {unpublished}")
    approved_on = scalar(demo, f"SELECT approved_on FROM policy_version WHERE id = {early}")
    day_after = (date.fromisoformat(approved_on) + timedelta(days=1)).isoformat()
    sql(demo, f"UPDATE policy_version SET published_on = '{day_after}' WHERE id = {early}")
    found = findings(demo, "policies.version")
    assert [(finding.what, finding.row_ids) for finding in found] == [
        ("The version is approved but was never published.", (unpublished,)),
        ("The version was approved before it was published.", (early,)),
    ]
    assert "of policy '" in found[0].where
    signed = only(demo, "policies.sign_off")
    assert f"on policy_version {unpublished}" in signed.where and "never published" in signed.what


def test_a_policy_whose_status_is_not_its_current_versions(demo: Database) -> None:
    approved = scalar(demo, "SELECT min(id) FROM policy WHERE status = 'approved'")
    draft = scalar(demo, "SELECT min(id) FROM policy WHERE status = 'draft'")
    sql(demo, f"UPDATE policy SET status = 'in_review' WHERE id IN ({approved}, {draft})")
    found = findings(demo, "policies.status")
    assert sorted(finding.row_ids for finding in found) == sorted([(approved,), (draft,)])
    words = {finding.row_ids[0]: finding.what for finding in found}
    assert words[draft] == "The policy is in review but none of its versions was ever published."
    assert (
        words[approved].startswith("The policy is in review but its current version")
        and "is approved" in words[approved]
    )


def test_feedback_resolved_without_a_day(demo: Database) -> None:
    resolved = scalar(demo, "SELECT min(id) FROM feedback WHERE disposition <> 'open'")
    sql(demo, f"UPDATE feedback SET resolved_on = NULL WHERE id = {resolved}")
    found = only(demo, "policies.feedback")
    assert found.row_ids == (resolved,) and "disposition again" in found.advice


def test_someone_marked_erased_who_still_carries_their_identity(database: Database) -> None:
    ann = people.create_person(database, name="Ann Lee", email="ann@example.org", department="Data").ids[0]
    sql(database, f"UPDATE person SET erased_on = '2026-11-30' WHERE id = {ann}")  # an erasure cut short
    person = only(database, "privacy.person")
    assert person.row_ids == (ann,) and f"Person {ann} is marked erased" in person.what
    assert "name, e-mail, active flag" in person.what and "Ann Lee" not in person.what
    assert f"erase person {ann} again from People → Erase…" in person.advice
    events = only(database, "privacy.audit")
    assert events.table == "audit_event" and len(events.row_ids) == 1


def _labour_of_ann(database: Database) -> tuple[int, int, list[int]]:
    project = projects.create_project(database, name="Fraud scoring").ids[0]
    ann = people.create_person(
        database, name="Ann Lee", email="ann@example.org", department="Data", cost_rate="5000"
    ).ids[0]
    projects.add_member(database, project, ann, role="Analyst", allocation=0.5)
    plan = budget.create_plan(database, project, name="Baseline", fiscal_year=2026).ids[0]
    lines = list(budget.refresh_labour_lines(database, plan).ids)
    return project, ann, lines


def test_the_erasure_takes_the_name_out_of_labour_lines_and_their_audit_events(database: Database) -> None:
    _project, ann, lines = _labour_of_ann(database)
    assert check_database(database).findings == ()
    people.erase_person(database, ann, reason="Privacy request PR-12")
    descriptions = {scalar(database, f"SELECT description FROM budget_line WHERE id = {line}") for line in lines}
    assert descriptions == {f"Erased person {ann} (Analyst), 0.5 FTE"}
    named = "SELECT count(*) FROM audit_event WHERE coalesce(before, '') || coalesce(after, '') LIKE '%Ann Lee%'"
    assert scalar(database, named) == 0
    assert check_database(database).findings == ()


def test_an_erased_persons_name_left_in_labour_lines_and_their_audit_events(database: Database) -> None:
    _project, ann, lines = _labour_of_ann(database)
    people.erase_person(database, ann, reason="Privacy request PR-12")
    # As an erasure by a Steward before schema 0004 left them: the name in the lines and in a budget event.
    sql(database, "UPDATE budget_line SET description = 'Ann Lee (Analyst), 0.5 FTE'")
    line = f'{{"description": "Ann Lee (Analyst), 0.5 FTE", "labour_person_id": {ann}}}'
    sql(
        database,
        "INSERT INTO audit_event (at, actor, entity, entity_id, action, before, after, reason)"
        f" VALUES ('2026-06-01 09:00:00', 'old', 'budget_line', {lines[0]}, 'created', NULL, ?, '')",
        params=(line,),
    )
    found = only(database, "privacy.labour_line")
    assert set(found.row_ids) == set(lines) and f"erased person {ann}" in found.what
    assert "plan 'Baseline' (2026) of project 'Fraud scoring'" in found.where and "Refresh" in found.advice
    audited = only(database, "privacy.audit_lines")
    assert audited.table == "audit_event" and audited.row_ids
    assert "Ann Lee" not in str(check_database(database).as_json())


def test_an_erased_persons_name_left_in_free_text_is_found_wherever_it_survived(database: Database) -> None:
    project = projects.create_project(database, name="Fraud scoring").ids[0]
    ann = people.create_person(database, name="Ann Lee", email="ann@example.org", department="Data").ids[0]
    projects.add_member(database, project, ann, role="Analyst", allocation=0.5)
    plan = budget.create_plan(database, project, name="Baseline", fiscal_year=2026).ids[0]
    budget.refresh_labour_lines(database, plan)
    projects.update_project(database, project, {"description": "Scores card payments; ask ANN LEE first."})
    people.erase_person(database, ann, reason="Privacy request PR-12")
    # As an erasure by a Steward before schema 0004 left it: what she was called survives in a labour line.
    sql(database, "UPDATE budget_line SET description = 'Ann Lee (Analyst), 0.5 FTE'")
    found = findings(database, "privacy.identity")
    by_table = {finding.table: finding for finding in found}
    assert by_table["project"].row_ids == (project,)
    assert f"erased person {ann} had still appears in the description of 1 project row" in by_table["project"].what
    assert "Edit the description" in by_table["project"].advice
    assert "append-only" in by_table["audit_event"].advice  # the project's own update event holds the words too
    assert sorted(by_table) == ["audit_event", "project"]
    assert "ann lee" not in str([finding.as_json() for finding in found]).casefold()


def test_the_former_name_is_read_back_from_a_labour_lines_description() -> None:
    from app.queries.consistency.identity import labour_name

    assert labour_name("Ann Lee (Analyst), 0.5 FTE") == "Ann Lee"
    assert labour_name("Chloé Martin, 1 FTE") == "Chloé Martin"
    assert labour_name("Cloud credits") is None


def test_an_audit_event_about_a_row_removed_outside_steward(database: Database) -> None:
    kept = people.create_person(database, name="Ann Lee", email="ann@example.org", department="Data").ids[0]
    gone = people.create_person(database, name="Bob Stone", email="bob@example.org", department="Data").ids[0]
    people.delete_person(database, kept)  # removed by Steward: recorded, fine
    sql(database, f"DELETE FROM person WHERE id = {gone}")
    found = only(database, "orphans.audit")
    assert (found.table, found.row_ids) == ("person", (gone,))
    assert "deleted outside Steward" in found.what and "steward restore" in found.advice


def test_a_setting_steward_does_not_read_and_one_it_refuses(database: Database) -> None:
    sql(
        database,
        "INSERT INTO setting (key, value) VALUES ('colour', '\"blue\"')",
        "INSERT INTO setting (key, value) VALUES ('finance', '{\"fiscal_year_start_month\": 13}')",
    )
    found = findings(database, "orphans.setting")
    assert [finding.where for finding in found] == ["table setting, key 'colour'", "table setting, key 'finance'"]
    assert "not one this Steward reads" in found[0].what
    assert "fiscal year starts in a month" in found[1].what and "Edit → Finance settings…" in found[1].advice
