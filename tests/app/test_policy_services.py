"""Policy services: versions and sign-offs, backlog history, ordering, sprints, feedback, templates."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest

from app.db.database import Database
from app.demo.writer import TABLE_ORDER
from app.errors import UserError
from app.services import people, policy, projects
from models.enums import PolicyCategory

pytestmark = pytest.mark.both_backends

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # a Monday, safely in the past


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def stamp(minutes: int) -> str:
    """How SQLite hands back ``at(minutes)``."""
    return at(minutes).replace(tzinfo=None).isoformat(sep=" ") + ".000000"


def audit_rows(database: Database) -> list[tuple]:
    return database.reader().rows("SELECT entity, entity_id, action, before, after FROM audit_event ORDER BY id")


def audit_count(database: Database) -> int:
    return database.reader().scalar("SELECT count(*) FROM audit_event")


def history(database: Database, item_id: int) -> list[tuple]:
    """(changed_at, status, sprint_id, points) of an item, oldest first."""
    return database.reader().rows(
        "SELECT changed_at, status, sprint_id, points FROM item_history WHERE item_id = :item ORDER BY changed_at, id",
        {"item": item_id},
    )


def table_counts(database: Database) -> dict[str, int]:
    """Rows of each table the policy services write (the demo's policy tables, in its insert order), and of the
    audit trail."""
    tables = (*TABLE_ORDER[TABLE_ORDER.index("policy") : TABLE_ORDER.index("feedback") + 1], "audit_event")
    return {table: database.reader().scalar(f"SELECT count(*) FROM {table}") for table in tables}


@contextmanager
def writes_nothing(database: Database) -> Iterator[None]:
    """Around calls that must all be refused: no row of the policy area's tables, nor of the audit trail, is
    added or removed."""
    before = table_counts(database)
    yield
    assert table_counts(database) == before


@contextmanager
def audits_nothing(database: Database) -> Iterator[None]:
    """Around calls that must all be refused or change nothing: no audit event is written."""
    count = audit_count(database)
    yield
    assert audit_count(database) == count


def backlog_order(database: Database, project_id: int) -> list[int]:
    return [
        row[0]
        for row in database.reader().rows(
            "SELECT id FROM backlog_item WHERE project_id = :p ORDER BY rank, id", {"p": project_id}
        )
    ]


@pytest.fixture
def project(database: Database) -> int:
    return projects.create_project(database, name="Fraud scoring").ids[0]


@pytest.fixture
def ann(database: Database) -> int:
    return people.create_person(database, name="Ann Lee", email="ann@example.org", department="CISO office").ids[0]


def new_item(database: Database, project_id: int, title: str, points: int | None = 3, minute: int = 0) -> int:
    return policy.create_item(database, project_id, title=title, points=points, at=at(minute)).ids[0]


# --- policies and versions ---------------------------------------------------------------------


def test_policy_life_cycle_is_audited_and_approval_sets_the_next_review(
    database: Database, project: int, ann: int
) -> None:
    policy_id = policy.create_policy(
        database,
        title="Model access",
        category="access_control",
        owner_department="CISO office",
        project_id=project,
        review_cadence_months=6,
    ).ids[0]
    first = policy.add_version(
        database, policy_id, text="# Access\n", change_summary="First draft", author_id=ann, created_on="2026-01-30"
    ).ids[0]
    policy.publish_version(database, first, published_on="2026-01-31")
    assert database.reader().one("SELECT status FROM policy WHERE id = :p", {"p": policy_id}) == ("in_review",)
    policy.approve_version(database, first, approver_id=ann, approved_on="2026-08-31")
    # 31 August + 6 months has no 31st: the last day of February.
    assert database.reader().one("SELECT status, next_review_on FROM policy WHERE id = :p", {"p": policy_id}) == (
        "approved",
        "2027-02-28",
    )
    assert database.reader().one(
        "SELECT number, approved_by_id, approved_on FROM policy_version WHERE id = :v", {"v": first}
    ) == (1, ann, "2026-08-31")
    second = policy.add_version(database, policy_id, text="# Access v2\n", change_summary="Quarterly review")
    assert second.details == {"policy_id": policy_id, "number": 2}
    policy.update_policy(database, policy_id, {"title": "Access to models"})
    policy.retire_policy(database, policy_id)
    actions = [(entity, action) for entity, _id, action, _b, _a in audit_rows(database)[3:]]
    assert actions == [
        ("policy", "created"),
        ("policy_version", "created"),
        ("policy_version", "published"),
        ("policy_version", "approved"),
        ("policy_version", "created"),
        ("policy", "updated"),
        ("policy", "retired"),
    ]
    assert json.loads(audit_rows(database)[-2][4]) == {"title": "Access to models"}
    with pytest.raises(UserError, match="is retired"):
        policy.update_policy(database, policy_id, {"title": "Again"})


def test_org_wide_policy_has_no_project(database: Database) -> None:
    policy_id = policy.create_policy(
        database, title="Incident playbook", category=PolicyCategory.INCIDENT_RESPONSE, owner_department="CISO office"
    ).ids[0]
    assert database.reader().one(
        "SELECT project_id, status, review_cadence_months FROM policy WHERE id = :p", {"p": policy_id}
    ) == (None, "draft", 12)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": "  ", "category": "access_control"}, "A policy title is needed."),
        ({"title": "X", "category": "secrecy"}, "'secrecy' is not a valid policy category"),
        ({"title": "X", "category": "access_control", "review_cadence_months": 0}, "is not a review cadence"),
        ({"title": "X", "category": "access_control", "project_id": 999}, "Project 999 does not exist"),
    ],
)
def test_refused_policy_writes_nothing(database: Database, kwargs: dict, message: str) -> None:
    with writes_nothing(database), pytest.raises(UserError, match=message):
        policy.create_policy(database, **kwargs)


def test_new_published_version_starts_without_sign_offs_while_the_old_keeps_its_own(
    database: Database, ann: int
) -> None:
    policy_id = policy.create_policy(database, title="Privacy", category="data_privacy").ids[0]
    first = policy.add_version(database, policy_id, text="v1", created_on="2026-01-01").ids[0]
    policy.publish_version(database, first, published_on="2026-01-02")
    legal = policy.sign_off(
        database, first, department="legal", person_id=ann, comment="Fine", signed_on="2026-01-03"
    ).ids[0]
    policy.sign_off(database, first, department="ciso", signed_on="2026-01-03")
    with pytest.raises(UserError, match="already signed off this version"):
        policy.sign_off(database, first, department="legal")

    second = policy.add_version(database, policy_id, text="v2", change_summary="Second", created_on="2026-02-01").ids[0]
    # A draft is not current yet: the first version's sign-offs still count.
    assert policy.current_version_id(database, policy_id) == first
    policy.publish_version(database, second, published_on="2026-02-02")
    assert policy.current_version_id(database, policy_id) == second
    signed = database.reader().rows("SELECT version_id, department FROM sign_off ORDER BY id")
    assert signed == [(first, "legal"), (first, "ciso")]
    assert database.reader().scalar("SELECT count(*) FROM sign_off WHERE version_id = :v", {"v": second}) == 0

    with audits_nothing(database):
        with pytest.raises(UserError, match="superseded by version 2"):
            policy.withdraw_sign_off(database, legal)
        with pytest.raises(UserError, match="superseded by version 2"):
            policy.sign_off(database, first, department="hr")
        with pytest.raises(UserError, match="superseded by version 2"):
            policy.approve_version(database, first, approver_id=ann)

    finance = policy.sign_off(database, second, department="finance").ids[0]
    policy.withdraw_sign_off(database, finance)
    assert database.reader().scalar("SELECT count(*) FROM sign_off WHERE version_id = :v", {"v": second}) == 0
    assert [row[2] for row in audit_rows(database)[-2:]] == ["created", "withdrawn"]


def test_publishing_is_refused_for_drafts_out_of_order_and_twice(database: Database, ann: int) -> None:
    policy_id = policy.create_policy(database, title="Training", category="model_training").ids[0]
    first = policy.add_version(database, policy_id, text="v1", created_on="2026-01-01").ids[0]
    second = policy.add_version(database, policy_id, text="v2", change_summary="Second", created_on="2026-01-05").ids[0]
    with pytest.raises(UserError, match="not published yet"):
        policy.sign_off(database, second, department="legal")
    with pytest.raises(UserError, match="not published yet"):
        policy.approve_version(database, second, approver_id=ann)
    policy.publish_version(database, second, published_on="2026-01-06")
    with audits_nothing(database):
        with pytest.raises(UserError, match="older than the published version 2"):
            policy.publish_version(database, first)
        with pytest.raises(UserError, match="already published on 2026-01-06"):
            policy.publish_version(database, second)


def test_a_sign_off_for_another_department_keeps_the_signers_own(database: Database, ann: int) -> None:
    """Ann is in the CISO office, which speaks for CISO; Pat from Payments may sign for Finance, and it shows."""
    pat = people.create_person(database, name="Pat Oduya", email="pat@example.org", department="Payments").ids[0]
    fay = people.create_person(database, name="Fay Moss", email="fay@example.org", department=" finance ").ids[0]
    policy_id = policy.create_policy(database, title="Privacy", category="data_privacy").ids[0]
    version = policy.add_version(database, policy_id, text="v1", created_on="2026-01-01").ids[0]
    policy.publish_version(database, version, published_on="2026-01-02")
    policy.sign_off(database, version, department="finance", person_id=pat, signed_on="2026-01-03")
    policy.sign_off(database, version, department="ciso", person_id=ann, signed_on="2026-01-03")
    policy.sign_off(database, version, department="legal", signed_on="2026-01-03")
    assert database.reader().rows(
        "SELECT department, person_id, signer_department FROM sign_off WHERE version_id = :v ORDER BY id",
        {"v": version},
    ) == [("finance", pat, "Payments"), ("ciso", ann, ""), ("legal", None, "")]
    assert json.loads(audit_rows(database)[-3][4])["signer_department"] == "Payments"
    # Fay of " finance " signing for HR keeps her department as it is written on her record.
    hr = policy.sign_off(database, version, department="hr", person_id=fay, signed_on="2026-01-03").ids[0]
    own = database.reader().scalar("SELECT department FROM person WHERE id = :p", {"p": fay})
    assert database.reader().scalar("SELECT signer_department FROM sign_off WHERE id = :s", {"s": hr}) == own.strip()
    assert policy.speaks_for(" finance ", policy.StakeholderDepartment.FINANCE)
    assert policy.speaks_for("CISO office", policy.StakeholderDepartment.CISO)
    assert not policy.speaks_for("CISOs", policy.StakeholderDepartment.CISO)
    assert not policy.speaks_for("Payments", policy.StakeholderDepartment.FINANCE)


@pytest.mark.parametrize(
    ("text", "summary", "message"),
    [
        ("# Access\n\nOnly named roles.  \r\n", "Tidied", "The text is the same as version 1 of 'Access'"),
        ("# Access\n\nOnly named roles, reviewed yearly.", "   ", "Version 2 of 'Access' needs a change summary"),
    ],
)
def test_a_new_version_with_the_same_text_or_no_summary_is_refused_and_writes_nothing(
    database: Database, text: str, summary: str, message: str
) -> None:
    policy_id = policy.create_policy(database, title="Access", category="access_control").ids[0]
    # The first version has nothing to have changed from: no summary is needed.
    policy.add_version(database, policy_id, text="# Access\n\nOnly named roles.\n", created_on="2026-01-01")
    with writes_nothing(database):
        with pytest.raises(UserError, match=message) as refused:
            policy.add_version(database, policy_id, text=text, change_summary=summary)
        assert str(refused.value).count(".") == 1  # one sentence
    policy.add_version(
        database, policy_id, text="# Access\n\nOnly named roles, reviewed yearly.", change_summary="Yearly"
    )
    assert (
        database.reader().scalar("SELECT max(number) FROM policy_version WHERE policy_id = :p", {"p": policy_id}) == 2
    )


# --- backlog items and their history ----------------------------------------------------------


def test_create_writes_the_first_history_row_and_ranks_at_the_end(database: Database, project: int) -> None:
    first = new_item(database, project, "Access policy", points=5, minute=0)
    second = policy.create_item(
        database, project, title="Privacy review", kind="review", at=at(1), acceptance_criteria="Signed by Legal"
    ).ids[0]
    assert history(database, first) == [(stamp(0), "backlog", None, 5)]
    assert history(database, second) == [(stamp(1), "backlog", None, None)]
    assert database.reader().rows("SELECT id, rank, status, kind FROM backlog_item ORDER BY id") == [
        (first, 1.0, "backlog", "new_policy"),
        (second, 2.0, "backlog", "review"),
    ]
    entity, entity_id, action, _before, after = audit_rows(database)[-1]
    assert (entity, entity_id, action) == ("backlog_item", second, "created")
    assert json.loads(after)["acceptance_criteria"] == "Signed by Legal"


def test_points_changes_write_history_and_other_edits_do_not(database: Database, project: int, ann: int) -> None:
    item = new_item(database, project, "Access policy", points=5, minute=0)
    policy.update_item(database, item, {"acceptance_criteria": "Approved", "assignee_id": ann}, at=at(5))
    policy.update_item(database, item, {"points": 8}, at=at(10))
    assert history(database, item) == [(stamp(0), "backlog", None, 5), (stamp(10), "backlog", None, 8)]
    assert policy.update_item(database, item, {"points": 8}).action == "unchanged"
    with audits_nothing(database):
        for changes, message in (
            ({"points": 0}, "0 story points is not allowed"),
            ({"status": "done"}, "changed with its own action"),
            ({"assignee_id": 999}, "Person 999 does not exist"),
        ):
            with pytest.raises(UserError, match=message):
                policy.update_item(database, item, changes)
        with pytest.raises(UserError, match="cannot be recorded before that"):
            policy.update_item(database, item, {"points": 2}, at=at(9))
    assert len(history(database, item)) == 2


def test_status_and_sprint_changes_are_history_rows_with_their_times(database: Database, project: int) -> None:
    sprint = policy.plan_sprint(
        database, project, name="Sprint 1", start_on="2025-03-03", end_on="2025-03-14", capacity_points=20
    ).ids[0]
    item = new_item(database, project, "Access policy", points=5, minute=0)
    loose = new_item(database, project, "Privacy notice", points=2, minute=1)
    policy.assign_to_sprint(database, item, sprint, at=at(10))
    policy.set_status(database, item, "in_progress", at=at(20))
    policy.set_status(database, item, "in_review", at=at(30))
    policy.remove_from_sprint(database, item, at=at(40))
    # Done outside any sprint is allowed.
    policy.set_status(database, loose, "done", at=at(50))
    assert history(database, item) == [
        (stamp(0), "backlog", None, 5),
        (stamp(10), "todo", sprint, 5),
        (stamp(20), "in_progress", sprint, 5),
        (stamp(30), "in_review", sprint, 5),
        (stamp(40), "backlog", None, 5),
    ]
    assert history(database, loose) == [(stamp(1), "backlog", None, 2), (stamp(50), "done", None, 2)]
    actions = [row[2] for row in audit_rows(database)[-5:]]
    assert actions == ["assigned", "status_changed", "status_changed", "unassigned", "status_changed"]
    assert policy.set_status(database, loose, "done").action == "unchanged"


def test_delete_only_an_item_without_history_or_feedback(database: Database, project: int) -> None:
    fresh = new_item(database, project, "Typo", minute=0)
    moved = new_item(database, project, "Started", minute=1)
    discussed = new_item(database, project, "Discussed", minute=2)
    policy.set_status(database, moved, "todo", at=at(5))
    policy.add_feedback(database, item_id=discussed, department="finance", comment="Costs?")
    with writes_nothing(database):
        with pytest.raises(UserError, match="has a history of changes"):
            policy.delete_item(database, moved)
        with pytest.raises(UserError, match="has stakeholder feedback"):
            policy.delete_item(database, discussed)
    policy.delete_item(database, fresh)
    assert backlog_order(database, project) == [moved, discussed]
    assert history(database, fresh) == []
    assert audit_rows(database)[-1][:3] == ("backlog_item", fresh, "deleted")


# --- ordering ---------------------------------------------------------------------------------


def test_moving_keeps_a_total_order_and_other_ranks_stable(database: Database, project: int) -> None:
    a, b, c, d = (new_item(database, project, title, minute=minute) for minute, title in enumerate("ABCD"))
    policy.move_item(database, d, before_item_id=b)  # A D B C
    assert backlog_order(database, project) == [a, d, b, c]
    ranks = dict(database.reader().rows("SELECT id, rank FROM backlog_item"))
    assert ranks == {a: 1.0, b: 2.0, c: 3.0, d: 1.5}
    policy.move_item(database, a)  # to the end: D B C A
    policy.move_item(database, c, before_item_id=d)  # to the front: C D B A
    assert backlog_order(database, project) == [c, d, b, a]
    assert audit_rows(database)[-1][2] == "moved"
    assert policy.move_item(database, d, before_item_id=b).action == "unchanged"


def test_repeated_moves_into_the_same_gap_renumber_and_stay_total(database: Database, project: int) -> None:
    items = [new_item(database, project, f"Item {n}", minute=n) for n in range(4)]
    first, second = items[0], items[1]
    expected = list(items)
    renumbered = 0
    # Always put the last item between the first two: halves the same gap until it renumbers.
    for _ in range(60):
        moving = expected[-1]
        renumbered += policy.move_item(database, moving, before_item_id=expected[1]).details["renumbered"]
        expected = [expected[0], moving, *expected[1:-1]]
        assert backlog_order(database, project) == expected
    ranks = [row[0] for row in database.reader().rows("SELECT rank FROM backlog_item")]
    assert len(set(ranks)) == len(ranks)
    assert renumbered >= 2
    assert first in expected and second in expected


def test_moving_between_projects_is_refused(database: Database, project: int) -> None:
    other = projects.create_project(database, name="Triage").ids[0]
    mine, theirs = new_item(database, project, "Mine"), new_item(database, other, "Theirs")
    with pytest.raises(UserError, match="its own project"):
        policy.move_item(database, mine, before_item_id=theirs)


# --- sprints ----------------------------------------------------------------------------------


def test_start_snapshots_commitment_and_a_second_active_sprint_is_refused(database: Database, project: int) -> None:
    one = policy.plan_sprint(
        database,
        project,
        name="Sprint 1",
        start_on="2025-03-03",
        end_on="2025-03-14",
        goal="Access",
        capacity_points=10,
    ).ids[0]
    two = policy.plan_sprint(database, project, name="Sprint 2", start_on="2025-03-17", end_on="2025-03-28").ids[0]
    a = new_item(database, project, "A", points=5)
    b = new_item(database, project, "B", points=3)
    policy.assign_to_sprint(database, a, one, at=at(1))
    policy.assign_to_sprint(database, b, one, at=at(2))
    change = policy.start_sprint(database, one, at=at(10))
    assert change.details["committed_points"] == 8
    entity, entity_id, action, _before, after = audit_rows(database)[-1]
    assert (entity, entity_id, action) == ("sprint", one, "started")
    assert json.loads(after)["committed_points"] == 8
    # Edits after the start do not touch the snapshot.
    policy.update_item(database, a, {"points": 8}, at=at(20))
    late = new_item(database, project, "Late", points=2, minute=21)
    policy.assign_to_sprint(database, late, one, at=at(22))
    assert database.reader().rows(
        "SELECT item_id, points FROM sprint_commitment WHERE sprint_id = :s ORDER BY item_id", {"s": one}
    ) == [(a, 5), (b, 3)]
    assert database.reader().one("SELECT state, started_at FROM sprint WHERE id = :s", {"s": one}) == (
        "active",
        stamp(10),
    )
    with audits_nothing(database):
        with pytest.raises(UserError, match="'Sprint 1' is still active"):
            policy.start_sprint(database, two)
        with pytest.raises(UserError, match="only a planned sprint can be edited"):
            policy.update_sprint(database, one, {"goal": "Other"})
    assert database.reader().scalar("SELECT state FROM sprint WHERE id = :s", {"s": two}) == "planned"


def test_plan_and_update_sprint_check_dates(database: Database, project: int) -> None:
    with writes_nothing(database), pytest.raises(UserError, match="cannot end .* before it starts"):
        policy.plan_sprint(database, project, name="Bad", start_on="2025-03-14", end_on="2025-03-03")
    sprint = policy.plan_sprint(database, project, name="S", start_on="2025-03-03", end_on="2025-03-03").ids[0]
    with pytest.raises(UserError, match="before it starts"):
        policy.update_sprint(database, sprint, {"start_on": "2025-03-04"})
    policy.update_sprint(database, sprint, {"end_on": date(2025, 3, 14), "capacity_points": 12})
    assert database.reader().one("SELECT end_on, capacity_points FROM sprint WHERE id = :s", {"s": sprint}) == (
        "2025-03-14",
        12,
    )
    assert audit_rows(database)[-1][2] == "updated"


def test_a_sprint_longer_than_ninety_days_is_refused_in_one_sentence(database: Database, project: int) -> None:
    with writes_nothing(database):
        with pytest.raises(UserError, match=r"would run 366 days; a sprint runs at most 90 days") as refused:
            policy.plan_sprint(database, project, name="Year", start_on="2026-12-01", end_on="2027-12-01")
        assert str(refused.value).count(". ") == 0 and str(refused.value).endswith(".")
    sprint = policy.plan_sprint(database, project, name="Long", start_on="2026-12-01", end_on="2027-02-28").ids[0]
    with pytest.raises(UserError, match="would run 91 days"):
        policy.update_sprint(database, sprint, {"end_on": "2027-03-01"})
    assert database.reader().scalar("SELECT end_on FROM sprint WHERE id = :s", {"s": sprint}) == "2027-02-28"


def test_starting_before_the_start_date_is_refused_or_moves_the_start_to_today(
    database: Database, project: int
) -> None:
    from app.analysis.sprints import burndown

    now = datetime.now(UTC).replace(microsecond=0)
    today = now.astimezone().date()
    sprint = policy.plan_sprint(
        database,
        project,
        name="Sprint 1",
        start_on=today + timedelta(days=5),
        end_on=today + timedelta(days=18),
        capacity_points=16,
    ).ids[0]
    item = policy.create_item(database, project, title="Exit plan", points=5, at=now - timedelta(hours=2)).ids[0]
    policy.assign_to_sprint(database, item, sprint, at=now - timedelta(hours=1))
    planned = (today + timedelta(days=5)).isoformat()
    with (
        writes_nothing(database),
        pytest.raises(UserError, match=f"'Sprint 1' is planned to start on {planned}; start it then, or move"),
    ):
        policy.start_sprint(database, sprint, at=now)
    assert database.reader().one("SELECT state, start_on FROM sprint WHERE id = :s", {"s": sprint}) == (
        "planned",
        planned,
    )

    change = policy.start_sprint(database, sprint, at=now, move_start_to_today=True)
    assert change.details["start_on"] == today
    assert database.reader().one("SELECT state, start_on, end_on FROM sprint WHERE id = :s", {"s": sprint}) == (
        "active",
        today.isoformat(),
        (today + timedelta(days=18)).isoformat(),
    )
    _entity, _id, action, audit_before, audit_after = audit_rows(database)[-1]
    assert action == "started"
    assert json.loads(audit_before)["start_on"] == planned
    assert json.loads(audit_after)["start_on"] == today.isoformat()
    # The burndown starts today with the scope committed now, not "not started yet" for five days.
    chart = burndown(database.reader(), sprint, today=today)
    assert chart.points[0].date == today and chart.points[0].remaining_points == 5
    assert len(chart.points) == 19 and chart.committed_points == 5


def test_moving_the_start_to_today_may_not_make_the_sprint_too_long(database: Database, project: int) -> None:
    now = datetime.now(UTC)
    today = now.astimezone().date()
    sprint = policy.plan_sprint(
        database, project, name="Far", start_on=today + timedelta(days=80), end_on=today + timedelta(days=93)
    ).ids[0]
    with writes_nothing(database), pytest.raises(UserError, match="would run 94 days"):
        policy.start_sprint(database, sprint, at=now, move_start_to_today=True)


def test_close_moves_unfinished_items_and_leaves_the_closed_sprints_history(database: Database, project: int) -> None:
    one = policy.plan_sprint(database, project, name="Sprint 1", start_on="2025-03-03", end_on="2025-03-14").ids[0]
    two = policy.plan_sprint(database, project, name="Sprint 2", start_on="2025-03-17", end_on="2025-03-28").ids[0]
    done, doing, waiting = (
        new_item(database, project, title, points=points, minute=minute)
        for minute, (title, points) in enumerate((("Done", 5), ("Doing", 3), ("Waiting", 2)))
    )
    for minute, item in enumerate((done, doing, waiting), start=5):
        policy.assign_to_sprint(database, item, one, at=at(minute))
    policy.start_sprint(database, one, at=at(10))
    policy.set_status(database, done, "done", at=at(100))
    policy.set_status(database, doing, "in_progress", at=at(110))
    change = policy.close_sprint(database, one, unfinished_to=two, at=at(200))
    assert set(change.details["moved_items"]) == {doing, waiting}
    assert database.reader().one("SELECT state, closed_at FROM sprint WHERE id = :s", {"s": one}) == (
        "closed",
        stamp(200),
    )
    # Carried over with their status, at the closing time; the done item stays in the closed sprint.
    assert history(database, doing)[-1] == (stamp(200), "in_progress", two, 3)
    assert history(database, waiting)[-1] == (stamp(200), "todo", two, 2)
    assert database.reader().one("SELECT sprint_id, status FROM backlog_item WHERE id = :i", {"i": done}) == (
        one,
        "done",
    )
    frozen = database.reader().rows("SELECT * FROM item_history WHERE sprint_id = :s ORDER BY id", {"s": one})
    assert len(frozen) == 5  # three entries, one "in progress", one "done"

    # Later work on the items leaves the closed sprint's rows as they were.
    policy.update_item(database, done, {"points": 13}, at=at(300))
    policy.set_status(database, doing, "done", at=at(310))
    with pytest.raises(UserError, match="closed sprint 'Sprint 1'"):
        policy.set_status(database, done, "in_progress", at=at(320))
    with pytest.raises(UserError, match="'Sprint 1' is closed"):
        policy.assign_to_sprint(database, waiting, one, at=at(320))
    assert (
        database.reader().rows(
            "SELECT * FROM item_history WHERE sprint_id = :s AND changed_at <= :closed ORDER BY id",
            {"s": one, "closed": stamp(200)},
        )
        == frozen
    )
    assert [row[2] for row in audit_rows(database)[-2:]] == ["updated", "status_changed"]


def test_close_to_the_backlog_and_refused_closes(database: Database, project: int) -> None:
    one = policy.plan_sprint(database, project, name="Sprint 1", start_on="2025-03-03", end_on="2025-03-14").ids[0]
    item = new_item(database, project, "Doing", points=3)
    policy.assign_to_sprint(database, item, one, at=at(1))
    with writes_nothing(database), pytest.raises(UserError, match="only an active sprint can be closed"):
        policy.close_sprint(database, one)
    policy.start_sprint(database, one, at=at(2))
    other = projects.create_project(database, name="Triage").ids[0]
    foreign = policy.plan_sprint(database, other, name="Sprint 1", start_on="2025-03-03", end_on="2025-03-14").ids[0]
    before = table_counts(database)
    with pytest.raises(UserError, match="same project"):
        policy.close_sprint(database, one, unfinished_to=foreign)
    with pytest.raises(UserError, match="not where unfinished items can go"):
        policy.close_sprint(database, one, unfinished_to="bin")
    assert table_counts(database) == before
    policy.close_sprint(database, one, at=at(50))
    assert history(database, item)[-1] == (stamp(50), "backlog", None, 3)
    assert audit_rows(database)[-1][:3] == ("sprint", one, "closed")


# --- feedback ---------------------------------------------------------------------------------


def test_feedback_is_on_exactly_one_target_and_gets_a_disposition(database: Database, project: int) -> None:
    item = new_item(database, project, "Access policy")
    policy_id = policy.create_policy(database, title="Access", category="access_control").ids[0]
    version = policy.add_version(database, policy_id, text="v1").ids[0]
    with writes_nothing(database):
        with pytest.raises(UserError, match="give exactly one of them"):
            policy.add_feedback(database, item_id=item, version_id=version, department="hr", comment="Both")
        with pytest.raises(UserError, match="give exactly one of them"):
            policy.add_feedback(database, department="hr", comment="Neither")
        with pytest.raises(UserError, match="comment for the feedback is needed"):
            policy.add_feedback(database, item_id=item, department="hr", comment=" ")

    on_item = policy.add_feedback(
        database, item_id=item, department="end_users", comment="Too long", received_on="2025-03-03"
    ).ids[0]
    on_version = policy.add_feedback(
        database, version_id=version, department="finance", comment="Budget line?", received_on="2025-03-04"
    ).ids[0]
    policy.set_disposition(database, on_item, "accepted", resolved_on="2025-03-05")
    policy.set_disposition(database, on_version, "deferred", resolved_on="2025-03-06")
    policy.set_disposition(database, on_version, "open")
    assert database.reader().rows(
        "SELECT item_id, version_id, department, disposition, resolved_on FROM feedback ORDER BY id"
    ) == [(item, None, "end_users", "accepted", "2025-03-05"), (None, version, "finance", "open", None)]
    with pytest.raises(UserError, match="cannot be resolved before that"):
        policy.set_disposition(database, on_item, "rejected", resolved_on="2025-03-01")
    assert [row[2] for row in audit_rows(database)[-5:]] == ["created", "created", "disposed", "disposed", "disposed"]


# --- templates --------------------------------------------------------------------------------


def test_templates_cover_every_category_with_two_or_three_each() -> None:
    templates = policy.list_templates()
    per_category = Counter(template.category for template in templates)
    assert set(per_category) == set(PolicyCategory)
    assert all(2 <= count <= 3 for count in per_category.values())
    assert len({template.key for template in templates}) == len(templates)
    assert all(
        template.points > 0 and template.title and template.acceptance_criteria and template.owner_department
        for template in templates
    )
    refs = {ref for template in templates for ref in template.framework_refs}
    assert {"NIST AI RMF GOVERN 1.7", "NIST AI RMF GOVERN 6.1", "NIST AI RMF MAP 4.1"} <= refs
    assert any(ref.startswith("MITRE ATLAS AML.M0003") for ref in refs)
    assert any(ref.startswith("MITRE ATLAS AML.M0005") for ref in refs)


def test_adding_templates_twice_skips_those_already_in_the_backlog(database: Database, project: int) -> None:
    existing = new_item(database, project, "Hand-written item")
    first = policy.add_templates_to_backlog(database, project, ["exit-decommissioning", "privacy-dpia"])
    assert first.details["added"] == ("exit-decommissioning", "privacy-dpia")
    assert first.details["skipped"] == ()
    rows = database.reader().rows(
        "SELECT id, template_key, points, owner_department, acceptance_criteria FROM backlog_item "
        "WHERE template_key IS NOT NULL ORDER BY rank"
    )
    assert [row[1:4] for row in rows] == [("exit-decommissioning", 5, "IT operations"), ("privacy-dpia", 5, "Legal")]
    assert rows[0][4].endswith("Framework references: NIST AI RMF GOVERN 1.7; NIST AI RMF MANAGE 2.4.")
    assert backlog_order(database, project) == [existing, *first.ids]
    assert all(len(history(database, item)) == 1 for item in first.ids)

    count = audit_count(database)
    second = policy.add_templates_to_backlog(database, project, ["privacy-dpia", "exit-vendor-migration"])
    assert second.details == {"project_id": project, "added": ("exit-vendor-migration",), "skipped": ("privacy-dpia",)}
    assert policy.template_summary(second) == "Added 1 template item to the backlog; skipped 1 already in it."
    assert audit_count(database) == count + 2  # the item and the summary
    again = policy.add_templates_to_backlog(database, project, ["privacy-dpia"])
    assert again.action == "unchanged" and again.details["skipped"] == ("privacy-dpia",)
    assert audit_count(database) == count + 2


def test_unknown_template_adds_nothing(database: Database, project: int) -> None:
    with writes_nothing(database), pytest.raises(UserError, match="no template 'nope'"):
        policy.add_templates_to_backlog(database, project, ["privacy-dpia", "nope"])


# --- moves of several items at once (drag and drop) and their undo -----------------------------


def test_moving_a_block_keeps_its_order_and_restoring_ranks_undoes_it(database: Database, project: int) -> None:
    a, b, c, d, e = (new_item(database, project, title, minute=minute) for minute, title in enumerate("ABCDE"))
    change = policy.move_items(database, [d, e], before_item_id=b)
    assert backlog_order(database, project) == [a, d, e, b, c]
    policy.restore_ranks(database, change.details["ranks_before"])
    assert backlog_order(database, project) == [a, b, c, d, e]
    # Dropped onto one of its own items: the block lands before the next item that stays put.
    policy.move_items(database, [a, c], before_item_id=c)
    assert backlog_order(database, project) == [b, a, c, d, e]
    policy.move_items(database, [b], before_item_id=None)
    assert backlog_order(database, project) == [a, c, d, e, b]
    assert policy.move_items(database, [b]).action == "unchanged"


def test_a_block_of_several_items_gets_the_ranks_and_audit_of_moving_them_one_by_one(
    database: Database, project: int
) -> None:
    a, b, c, d, e, f = (new_item(database, project, title, minute=minute) for minute, title in enumerate("ABCDEF"))
    count = audit_count(database)
    change = policy.move_items(database, [e, b, f], before_item_id=c)
    assert backlog_order(database, project) == [a, e, b, f, c, d]
    # Each item halves the gap left before C by the one moved before it; only the moved items' ranks change.
    assert list(change.details["ranks_before"].items()) == [(e, 5.0), (b, 2.0), (f, 6.0)]
    ranks = dict(database.reader().rows("SELECT id, rank FROM backlog_item"))
    assert (ranks[e], ranks[b], ranks[f]) == (2.5, 2.75, 2.875)
    moves = [(row[1], json.loads(row[3]), json.loads(row[4])) for row in audit_rows(database)[count:]]
    assert moves == [
        (e, {"rank": 5.0}, {"rank": 2.5, "before_item_id": c, "renumbered": False}),
        (b, {"rank": 2.0}, {"rank": 2.75, "before_item_id": c, "renumbered": False}),
        (f, {"rank": 6.0}, {"rank": 2.875, "before_item_id": c, "renumbered": False}),
    ]
    policy.restore_ranks(database, change.details["ranks_before"])
    assert backlog_order(database, project) == [a, b, c, d, e, f]


def test_block_moves_into_one_gap_renumber_exactly_as_single_moves_do(database: Database, project: int) -> None:
    other = projects.create_project(database, name="Triage").ids[0]
    blocks = [new_item(database, project, f"Item {n}", minute=n) for n in range(6)]
    singles = [new_item(database, other, f"Item {n}", minute=n) for n in range(6)]

    def ranks() -> dict[int, float]:
        return dict(database.reader().rows("SELECT id, rank FROM backlog_item"))

    for _ in range(25):  # the last two between the first two, until the gap is too small and the ranks renumber
        singles_before = ranks()
        order = backlog_order(database, project)
        change = policy.move_items(database, order[-2:], before_item_id=order[1])
        one_by_one = backlog_order(database, other)
        for item in one_by_one[-2:]:
            policy.move_item(database, item, before_item_id=one_by_one[1])
        now = ranks()
        assert [now[item] for item in backlog_order(database, project)] == [
            now[item] for item in backlog_order(database, other)
        ]
        changed = [singles.index(item) for item in backlog_order(database, other) if now[item] != singles_before[item]]
        assert [blocks.index(item) for item in change.details["ranks_before"]] == changed

    def renumbered(items: list[int]) -> int:
        afters = database.reader().rows("SELECT entity_id, after FROM audit_event WHERE action = 'moved'")
        return sum(1 for item, after in afters if item in items and json.loads(after)["renumbered"])

    assert renumbered(blocks) == renumbered(singles) >= 1


def test_a_refused_block_move_writes_nothing(database: Database, project: int) -> None:
    other = projects.create_project(database, name="Triage").ids[0]
    mine, theirs = new_item(database, project, "Mine"), new_item(database, other, "Theirs")
    before = table_counts(database), backlog_order(database, project)
    with pytest.raises(UserError, match="different projects"):
        policy.move_items(database, [mine, theirs])
    with pytest.raises(UserError, match="at least one"):
        policy.move_items(database, [])
    assert (table_counts(database), backlog_order(database, project)) == before


def test_placing_items_moves_them_with_history_and_the_before_placement_undoes_it(
    database: Database, project: int
) -> None:
    sprint = policy.plan_sprint(database, project, name="Sprint 1", start_on="2025-03-03", end_on="2025-03-14").ids[0]
    a, b = new_item(database, project, "A", minute=0), new_item(database, project, "B", minute=1)
    change = policy.place_items(database, {a: (sprint, None), b: (sprint, None)}, at=at(10))
    assert [row[1:3] for row in history(database, a)] == [("backlog", None), ("todo", sprint)]
    assert change.details["before"] == {a: (None, "backlog"), b: (None, "backlog")}
    policy.start_sprint(database, sprint, at=at(20))
    moved = policy.place_items(database, {a: (sprint, "in_review")}, at=at(30))
    assert moved.details["before"] == {a: (sprint, "todo")}
    policy.place_items(database, moved.details["before"], at=at(40))  # the undo
    assert history(database, a)[-1][1:3] == ("todo", sprint)
    assert policy.place_items(database, {b: (sprint, None)}).action == "unchanged"
    policy.close_sprint(database, sprint, at=at(50))
    counts = table_counts(database)
    with pytest.raises(UserError, match="is closed"):
        policy.place_items(database, {a: (sprint, None)}, at=at(60))
    assert table_counts(database) == counts
