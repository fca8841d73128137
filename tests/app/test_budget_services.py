"""Budget services: plans through their states, lines, labour, actuals; one audit event per call."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from app.analysis.budget import Period, approvers, labour_lines, list_plans, load_plan
from app.db.database import Database
from app.demo.generator import fill_demo
from app.errors import UserError
from app.services import budget
from app.services.budget import ActualInput, LineInput
from app.services.people import create_person
from app.services.projects import add_member, create_project, update_member

pytestmark = pytest.mark.both_backends

M = "month"
Q = "quarter"
READ_ONLY = "Plan 'Baseline' (2026) is approved and read-only; make a revision to change it."


def audit_rows(database: Database) -> list[tuple]:
    return database.reader().rows("SELECT entity, entity_id, action, before, after FROM audit_event ORDER BY id")


def line_count(database: Database) -> int:
    return int(database.reader().scalar("SELECT COUNT(*) FROM budget_line"))


def _project(database: Database) -> int:
    return create_project(database, name="Fraud", stage="development").ids[0]


def _approver(database: Database) -> int:
    """Someone of the finance department, who approves the plans of these tests."""
    found = database.reader().scalar("SELECT id FROM person WHERE email = 'fran@example.org'")
    return found or create_person(database, name="Fran Ortiz", email="fran@example.org", department="Finance").ids[0]


def _move(database: Database, plan_id: int, step: str) -> None:
    """One step along a plan's states, approving as the finance approver on 1 Dec 2025."""
    if step == "approved":
        budget.approve_plan(database, plan_id, approved_by_id=_approver(database), approved_on=date(2025, 12, 1))
    else:
        budget.set_plan_state(database, plan_id, step)


def _plan(database: Database, *, state: str = "draft", lines: tuple[LineInput, ...] = ()) -> int:
    """A plan "Baseline" for 2026 with ``lines``, moved along to ``state``."""
    project_id = database.reader().scalar("SELECT id FROM project WHERE name = 'Fraud'") or _project(database)
    plan_id = budget.create_plan(database, project_id, name="Baseline", fiscal_year=2026).ids[0]
    if lines:
        budget.add_lines(database, plan_id, lines)
    path = {
        "draft": [],
        "submitted": ["submitted"],
        "approved": ["submitted", "approved"],
        "closed": ["submitted", "approved", "closed"],
    }[state]
    for step in path:
        _move(database, plan_id, step)
    return plan_id


HARDWARE = LineInput("hardware", "GPU server", Period(M, 1), "development", Decimal("12000.00"))
CLOUD_JAN = LineInput("cloud_compute", "Training runs", Period(M, 1), "development", Decimal("800.00"))
CLOUD_JAN_STORAGE = LineInput("cloud_compute", "Storage", Period(M, 1), "development", Decimal("150.00"))
TWIN = LineInput(
    "digital_twin",
    "Twin for security testing",
    Period(Q, 2),
    "pre_production",
    Decimal("9000.00"),
    None,
    "Red team in Q2",
)


# -- plans


def test_a_new_plan_is_an_empty_draft_revision_1_and_is_audited(database: Database) -> None:
    project_id = _project(database)
    change = budget.create_plan(database, project_id, name="  With digital twin ", fiscal_year=2026, currency="usd")
    assert (change.entity, change.action, change.details["project_id"]) == ("budget_plan", "created", project_id)
    plan = load_plan(database.reader(), change.ids[0])
    assert (plan.name, plan.fiscal_year, plan.currency, plan.state, plan.revision, plan.lines) == (
        "With digital twin",
        2026,
        "USD",
        "draft",
        1,
        (),
    )
    entity, entity_id, action, _before, after = audit_rows(database)[-1]
    assert (entity, entity_id, action) == ("budget_plan", change.ids[0], "created")
    assert json.loads(after)["name"] == "With digital twin"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"name": " ", "fiscal_year": 2026}, "A budget plan needs a name, such as Baseline."),
        (
            {"name": "Baseline", "fiscal_year": 2026, "currency": "EURO"},
            "'EURO' is not a currency code; use three letters such as EUR.",
        ),
        (
            {"name": "Baseline", "fiscal_year": 1999},
            "1999 is not a fiscal year Steward plans for; use a year from 2000 to 2200.",
        ),
    ],
)
def test_a_plan_with_bad_details_is_refused_in_one_sentence(database: Database, values: dict, message: str) -> None:
    project_id = _project(database)
    count = len(audit_rows(database))
    with pytest.raises(UserError) as caught:
        budget.create_plan(database, project_id, **values)
    assert str(caught.value) == message
    assert len(audit_rows(database)) == count


def test_a_second_plan_with_the_same_name_and_year_is_refused(database: Database) -> None:
    _plan(database)
    project_id = database.reader().scalar("SELECT id FROM project")
    with pytest.raises(UserError):
        budget.create_plan(database, project_id, name="Baseline", fiscal_year=2026)
    assert database.reader().scalar("SELECT COUNT(*) FROM budget_plan") == 1


def test_a_draft_can_be_renamed_and_deleted_with_its_lines(database: Database) -> None:
    plan_id = _plan(database, lines=(HARDWARE, TWIN))
    assert budget.rename_plan(database, plan_id, "Lean").action == "renamed"
    assert load_plan(database.reader(), plan_id).name == "Lean"
    change = budget.delete_plan(database, plan_id)
    assert (change.entity, change.action, change.ids) == ("budget_plan", "deleted", (plan_id,))
    assert database.reader().scalar("SELECT COUNT(*) FROM budget_plan") == 0
    assert line_count(database) == 0
    entity, entity_id, action, before, _after = audit_rows(database)[-1]
    assert (entity, entity_id, action) == ("budget_plan", plan_id, "deleted")
    assert [item["description"] for item in json.loads(before)["lines"]] == ["GPU server", "Twin for security testing"]


# -- states


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("draft", "submitted"),
        ("submitted", "draft"),
        ("approved", "closed"),
    ],
)
def test_every_allowed_move_changes_the_state_and_is_audited(database: Database, start: str, target: str) -> None:
    plan_id = _plan(database, state=start)
    change = budget.set_plan_state(database, plan_id, target)
    assert (change.entity, change.action, change.details["state"]) == ("budget_plan", "state changed", target)
    assert load_plan(database.reader(), plan_id).state == target
    entity, entity_id, action, before, after = audit_rows(database)[-1]
    assert (entity, entity_id, action) == ("budget_plan", plan_id, "state changed")
    assert (json.loads(before), json.loads(after)) == ({"state": start}, {"state": target})


ALLOWED = {"draft": {"submitted"}, "submitted": {"draft", "approved"}, "approved": {"closed"}, "closed": set()}
REFUSED = [(start, target) for start in ALLOWED for target in ALLOWED if target not in ALLOWED[start]]


@pytest.mark.parametrize(("start", "target"), REFUSED)
def test_a_refused_move_names_the_allowed_ones_and_writes_nothing(database: Database, start: str, target: str) -> None:
    plan_id = _plan(database, state=start)
    count = len(audit_rows(database))
    with pytest.raises(UserError) as caught:
        budget.set_plan_state(database, plan_id, target)
    message = str(caught.value)
    expected = {
        "draft": "Plan 'Baseline' (2026) cannot move from draft to {target}; from draft it can only move to submitted.",
        "submitted": "Plan 'Baseline' (2026) cannot move from submitted to {target}; "
        "from submitted it can only move to draft or approved.",
        "approved": "Plan 'Baseline' (2026) cannot move from approved to {target}; "
        "from approved it can only move to closed.",
        "closed": "Plan 'Baseline' (2026) is closed and cannot move to {target}; "
        "a closed plan stays closed (make a revision to change it).",
    }[start]
    assert message == expected.format(target=target)
    assert load_plan(database.reader(), plan_id).state == start
    assert len(audit_rows(database)) == count


def test_an_unknown_state_is_refused_with_the_states_there_are(database: Database) -> None:
    plan_id = _plan(database)
    message = r"^'signed' is not a plan state; use one of draft, submitted, approved, closed\.$"
    with pytest.raises(UserError, match=message):
        budget.set_plan_state(database, plan_id, "signed")


# -- approval


def test_approving_records_who_approved_and_when_in_the_plan_and_the_audit(database: Database) -> None:
    plan_id = _plan(database, state="submitted")
    fran = _approver(database)
    change = budget.approve_plan(database, plan_id, approved_by_id=fran, approved_on=date(2025, 12, 1))
    assert (change.action, change.details["state"], change.details["approved_by_id"]) == (
        "state changed",
        "approved",
        fran,
    )
    plan = load_plan(database.reader(), plan_id)
    assert (plan.state, plan.approved, plan.approved_by, plan.approved_by_id, plan.approved_on) == (
        "approved",
        True,
        "Fran Ortiz",
        fran,
        date(2025, 12, 1),
    )
    entity, entity_id, action, before, after = audit_rows(database)[-1]
    assert (entity, entity_id, action) == ("budget_plan", plan_id, "state changed")
    assert (json.loads(before), json.loads(after)) == (
        {"state": "submitted"},
        {"state": "approved", "approved_by_id": fran, "approved_on": "2025-12-01"},
    )


def test_approval_defaults_to_today(database: Database) -> None:
    plan_id = _plan(database, state="submitted")
    budget.approve_plan(database, plan_id, approved_by_id=_approver(database))
    assert load_plan(database.reader(), plan_id).approved_on == date.today()


def test_a_bare_state_change_cannot_approve(database: Database) -> None:
    plan_id = _plan(database, state="submitted")
    count = len(audit_rows(database))
    with pytest.raises(UserError) as caught:
        budget.set_plan_state(database, plan_id, "approved")
    assert str(caught.value) == (
        "Approving Plan 'Baseline' (2026) records who approved it and when; approve it with approve_plan."
    )
    assert load_plan(database.reader(), plan_id).state == "submitted"
    assert len(audit_rows(database)) == count


@pytest.mark.parametrize(
    ("who", "day", "message"),
    [
        ("nobody", date(2025, 12, 1), "Person 999 does not exist (they may have been erased or deleted)."),
        (
            "inactive",
            date(2025, 12, 1),
            "Ines Alba is no longer active and cannot approve Plan 'Baseline' (2026); choose someone active.",
        ),
        ("fran", date.today() + timedelta(days=1), "is in the future; record an approval on the day it was given"),
    ],
)
def test_an_approval_by_nobody_active_or_in_the_future_is_refused(
    database: Database, who: str, day: date, message: str
) -> None:
    from app.services.people import deactivate_person

    plan_id = _plan(database, state="submitted")
    people = {"nobody": 999, "fran": _approver(database)}
    people["inactive"] = create_person(database, name="Ines Alba", email="ines@example.org", department="Finance").ids[
        0
    ]
    deactivate_person(database, people["inactive"])
    snapshot = (audit_rows(database), database.reader().rows("SELECT * FROM budget_plan"))
    with pytest.raises(UserError, match=re.escape(message)):
        budget.approve_plan(database, plan_id, approved_by_id=people[who], approved_on=day)
    assert (audit_rows(database), database.reader().rows("SELECT * FROM budget_plan")) == snapshot


def test_only_a_submitted_plan_is_approved(database: Database) -> None:
    plan_id = _plan(database)
    with pytest.raises(
        UserError, match=r"cannot move from draft to approved; from draft it can only move to submitted"
    ):
        budget.approve_plan(database, plan_id, approved_by_id=_approver(database))


def test_closing_keeps_the_approval_and_a_revision_starts_unapproved(database: Database) -> None:
    plan_id = _plan(database, state="closed", lines=(HARDWARE,))
    closed = load_plan(database.reader(), plan_id)
    assert (closed.state, closed.approved, closed.approved_by, closed.approved_on) == (
        "closed",
        True,
        "Fran Ortiz",
        date(2025, 12, 1),
    )
    draft = load_plan(database.reader(), budget.revise_plan(database, plan_id).ids[0])
    assert (draft.state, draft.approved, draft.approved_by, draft.approved_on) == ("draft", False, None, None)


def test_a_plan_approved_before_approvals_were_recorded_is_still_approved(database: Database) -> None:
    """Schema 0002 added the approver: a plan approved and closed before it has its approval in the audit only."""
    plan_id = _plan(database, state="closed")
    with database.engine.begin() as connection:
        from sqlalchemy import text

        connection.execute(
            text("UPDATE budget_plan SET approved_by_id = NULL, approved_on = NULL WHERE id = :id"), {"id": plan_id}
        )
    plan = load_plan(database.reader(), plan_id)
    assert (plan.approved, plan.approved_by) == (True, None)
    assert plan.approved_on is not None  # the day the audit trail shows the move to approved


def test_a_plan_closed_without_ever_being_approved_is_not_approved(database: Database) -> None:
    """Only data written past the services (an old import, a hand edit) can do it: the record says so."""
    plan_id = _plan(database)
    with database.engine.begin() as connection:
        from sqlalchemy import text

        connection.execute(text("UPDATE budget_plan SET state = 'closed' WHERE id = :id"), {"id": plan_id})
    plan = load_plan(database.reader(), plan_id)
    assert (plan.state, plan.approved, plan.approved_on) == ("closed", False, None)
    (summary,) = list_plans(database.reader(), plan.project_id)
    assert (summary.approved, summary.approved_on) == (False, None)


def test_approvers_are_active_people_with_finance_first(database: Database) -> None:
    from app.services.people import deactivate_person

    create_person(database, name="Zoe Adams", email="zoe@example.org", department="Finance")
    create_person(database, name="Anna Berg", email="anna@example.org", department="Legal")
    gone = create_person(database, name="Carl Dahl", email="carl@example.org", department="Finance").ids[0]
    create_person(database, name="Bea Cole", email="bea@example.org", department="Group finance")
    deactivate_person(database, gone)
    chosen = approvers(database.reader())
    assert [(person.name, person.finance) for person in chosen] == [
        ("Bea Cole", True),
        ("Zoe Adams", True),
        ("Anna Berg", False),
    ]


# -- revisions


def test_a_revision_copies_lines_and_actuals_to_a_new_draft(database: Database) -> None:
    plan_id = _plan(database, state="approved", lines=(HARDWARE, CLOUD_JAN, TWIN))
    budget.set_actuals(database, plan_id, [ActualInput("hardware", Period(M, 1), Decimal("12500.00"))])
    change = budget.revise_plan(database, plan_id)
    assert (change.entity, change.action, change.details["revision_of_id"]) == ("budget_plan", "created", plan_id)
    (draft_id,) = change.ids
    original, draft = load_plan(database.reader(), plan_id), load_plan(database.reader(), draft_id)
    assert (draft.name, draft.state, draft.revision, draft.fiscal_year) == ("Baseline", "draft", 2, 2026)
    revision_of = database.reader().scalar("SELECT revision_of_id FROM budget_plan WHERE id = :id", {"id": draft_id})
    assert revision_of == plan_id
    assert [row[1:] for row in draft.lines] == [row[1:] for row in original.lines]  # all but the line ids
    assert {row.id for row in draft.lines}.isdisjoint({row.id for row in original.lines})
    assert draft.lines[0].actual == Decimal("12500.00") and draft.lines[2].note == "Red team in Q2"
    assert original.state == "approved"  # the approved plan keeps what was approved
    entity, entity_id, action, _before, after = audit_rows(database)[-1]
    assert (entity, entity_id, action) == ("budget_plan", draft_id, "revised")
    assert json.loads(after)["revision"] == 2


def test_revising_the_same_approved_plan_twice_takes_the_next_free_revision(database: Database) -> None:
    plan_id = _plan(database, state="closed", lines=(HARDWARE,))
    first = budget.revise_plan(database, plan_id).details["revision"]
    second = budget.revise_plan(database, plan_id).details["revision"]
    assert (first, second) == (2, 3)


def test_a_draft_is_not_revised(database: Database) -> None:
    plan_id = _plan(database)
    with pytest.raises(UserError, match=r"^Plan 'Baseline' \(2026\) is draft; only an approved or closed plan"):
        budget.revise_plan(database, plan_id)


# -- lines


def test_lines_are_added_updated_and_deleted_in_a_draft_each_call_audited_once(database: Database) -> None:
    plan_id = _plan(database)
    before = len(audit_rows(database))
    change = budget.add_lines(database, plan_id, [HARDWARE, TWIN])
    assert (change.entity, change.action, change.details["plan_id"]) == ("budget_line", "created", plan_id)
    assert len(audit_rows(database)) == before + 1
    hardware_id, twin_id = change.ids
    loaded = load_plan(database.reader(), plan_id)
    assert [
        (row.id, row.category, row.period, row.stage, row.planned, row.actual, row.note) for row in loaded.lines
    ] == [
        (hardware_id, "hardware", Period(M, 1), "development", Decimal("12000.00"), None, ""),
        (twin_id, "digital_twin", Period(Q, 2), "pre_production", Decimal("9000.00"), None, "Red team in Q2"),
    ]

    change = budget.update_line(database, hardware_id, planned="12500.50", period=Period(M, 3))
    assert change.action == "updated"
    entity, entity_id, action, audit_before, audit_after = audit_rows(database)[-1]
    assert (entity, entity_id, action) == ("budget_line", hardware_id, "updated")
    assert json.loads(audit_before) == {"planned": "12000.00", "period": "M1"}
    assert json.loads(audit_after) == {"planned": "12500.50", "period": "M3"}
    assert load_plan(database.reader(), plan_id).lines[0][3:6] == (Period(M, 3), "development", Decimal("12500.50"))

    count = len(audit_rows(database))
    assert budget.update_line(database, hardware_id, note="").action == "unchanged"
    assert len(audit_rows(database)) == count

    change = budget.delete_lines(database, [twin_id])
    assert (change.action, change.ids) == ("deleted", (twin_id,))
    assert [row.id for row in load_plan(database.reader(), plan_id).lines] == [hardware_id]
    assert audit_rows(database)[-1][2] == "lines deleted"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (HARDWARE._replace(category="furniture"), "'furniture' is not a budget category; use one of hardware,"),
        (HARDWARE._replace(stage="launch"), "'launch' is not a life-cycle stage; use one of idea,"),
        (HARDWARE._replace(period=Period(M, 13)), "month 13 is not a period of a fiscal year;"),
        (HARDWARE._replace(planned=Decimal("-1.00")), "The planned amount -1.00 is negative;"),
        (HARDWARE._replace(planned=Decimal("1.005")), "The planned amount 1.005 has more than two decimal places;"),
        (HARDWARE._replace(planned=1.5), "The planned amount 1.5 must be an exact amount"),
        (HARDWARE._replace(planned="lots"), "The planned amount 'lots' is not an amount;"),
    ],
)
def test_a_bad_line_is_refused_in_one_sentence_and_no_line_of_the_call_is_written(
    database: Database,
    line: LineInput,
    message: str,
) -> None:
    plan_id = _plan(database)
    count = len(audit_rows(database))
    with pytest.raises(UserError) as caught:
        budget.add_lines(database, plan_id, [TWIN, line])
    assert str(caught.value).startswith(message)
    assert line_count(database) == 0
    assert len(audit_rows(database)) == count


def test_an_approved_plan_refuses_line_changes_but_takes_actuals(database: Database) -> None:
    plan_id = _plan(database, state="approved", lines=(HARDWARE,))
    (line_id,) = database.reader().rows("SELECT id FROM budget_line")[0]
    count = len(audit_rows(database))
    for refused in (
        lambda: budget.add_lines(database, plan_id, [TWIN]),
        lambda: budget.update_line(database, line_id, planned=Decimal("1.00")),
        lambda: budget.update_line(database, line_id, actual=Decimal("1.00"), note="x"),
        lambda: budget.delete_lines(database, [line_id]),
        lambda: budget.rename_plan(database, plan_id, "Other"),
        lambda: budget.refresh_labour_lines(database, plan_id),
    ):
        with pytest.raises(UserError) as caught:
            refused()
        assert str(caught.value) == READ_ONLY
    assert len(audit_rows(database)) == count
    # Finance records spending against the approved budget, line by line in the grid.
    assert budget.update_line(database, line_id, actual=Decimal("11950.25")).action == "updated"
    assert load_plan(database.reader(), plan_id).lines[0].actual == Decimal("11950.25")


def test_a_submitted_plan_says_how_to_change_it(database: Database) -> None:
    plan_id = _plan(database, state="submitted")
    with pytest.raises(UserError) as caught:
        budget.add_lines(database, plan_id, [HARDWARE])
    assert str(caught.value) == (
        "Plan 'Baseline' (2026) is submitted and read-only; send it back to draft to change it."
    )


def test_a_plan_past_draft_is_not_deleted(database: Database) -> None:
    plan_id = _plan(database, state="approved", lines=(HARDWARE,))
    with pytest.raises(UserError, match=r"is approved and is kept for the record; only a draft can be deleted\.$"):
        budget.delete_plan(database, plan_id)
    assert line_count(database) == 1


# -- actuals


def test_actuals_go_to_the_matching_line_and_unplanned_spend_becomes_a_new_line(database: Database) -> None:
    plan_id = _plan(database, state="approved", lines=(HARDWARE, CLOUD_JAN, CLOUD_JAN_STORAGE, TWIN))
    count = len(audit_rows(database))
    change = budget.set_actuals(
        database,
        plan_id,
        [
            ActualInput("hardware", Period(M, 1), Decimal("11800.00")),
            ActualInput("cloud_compute", Period(M, 1), Decimal("160.40"), "  storage "),  # the second cloud line
            ActualInput("security_testing", Period(M, 2), Decimal("2400.00"), "Pen test"),
            ActualInput("software", Period(Q, 1), Decimal("99.00")),
        ],
    )
    assert len(audit_rows(database)) == count + 1
    assert audit_rows(database)[-1][:3] == ("budget_plan", plan_id, "actuals set")
    loaded = load_plan(database.reader(), plan_id)
    assert [(row.description, row.planned, row.actual) for row in loaded.lines] == [
        ("GPU server", Decimal("12000.00"), Decimal("11800.00")),
        ("Training runs", Decimal("800.00"), None),
        ("Storage", Decimal("150.00"), Decimal("160.40")),
        ("Twin for security testing", Decimal("9000.00"), None),
        ("Pen test", Decimal("0.00"), Decimal("2400.00")),
        ("Unplanned spend", Decimal("0.00"), Decimal("99.00")),
    ]
    unplanned = loaded.lines[4]
    assert (unplanned.category, unplanned.period, unplanned.stage) == ("security_testing", Period(M, 2), "development")
    assert set(change.details["created"]) == {loaded.lines[4].id, loaded.lines[5].id}
    assert set(change.ids) == {row.id for row in loaded.lines if row.actual is not None}


def test_a_second_actual_for_the_same_line_replaces_the_first(database: Database) -> None:
    plan_id = _plan(database, lines=(HARDWARE,))
    budget.set_actuals(database, plan_id, [ActualInput("hardware", Period(M, 1), Decimal("100.00"))])
    budget.set_actuals(database, plan_id, [ActualInput("hardware", Period(M, 1), Decimal("250.00"))])
    assert [row.actual for row in load_plan(database.reader(), plan_id).lines] == [Decimal("250.00")]
    assert json.loads(audit_rows(database)[-1][4])["updated"] == [
        {"id": load_plan(database.reader(), plan_id).lines[0].id, "before": "100.00", "after": "250.00"}
    ]


@pytest.mark.parametrize("state", ["draft", "submitted", "approved"])
def test_actuals_are_taken_until_the_plan_is_closed(database: Database, state: str) -> None:
    plan_id = _plan(database, state=state, lines=(HARDWARE,))
    budget.set_actuals(database, plan_id, [ActualInput("hardware", Period(M, 1), Decimal("1.00"))])
    assert load_plan(database.reader(), plan_id).lines[0].actual == Decimal("1.00")


def test_a_closed_plan_refuses_actuals_and_writes_nothing(database: Database) -> None:
    plan_id = _plan(database, state="closed", lines=(HARDWARE,))
    (line_id,) = database.reader().rows("SELECT id FROM budget_line")[0]
    count = len(audit_rows(database))
    message = "Plan 'Baseline' (2026) is closed; its actuals can no longer change (make a revision)."
    with pytest.raises(UserError) as caught:
        budget.set_actuals(
            database,
            plan_id,
            [
                ActualInput("hardware", Period(M, 1), Decimal("1.00")),
                ActualInput("software", Period(M, 1), Decimal("1.00")),
            ],
        )
    assert str(caught.value) == message
    with pytest.raises(UserError) as caught:
        budget.update_line(database, line_id, actual=Decimal("1.00"))
    assert str(caught.value) == message
    assert load_plan(database.reader(), plan_id).lines[0].actual is None and line_count(database) == 1
    assert len(audit_rows(database)) == count


# -- labour


def _staffed_plan(database: Database, *, state: str = "draft") -> tuple[int, int, int]:
    project_id = _project(database)
    ana = create_person(database, name="Ana", email="ana@example.org", department="IT", cost_rate="8000.00").ids[0]
    bo = create_person(database, name="Bo", email="bo@example.org", department="IT", cost_rate="6000.00").ids[0]
    add_member(database, project_id, ana, role="Data scientist", allocation=0.5)
    membership = add_member(database, project_id, bo, role="ML engineer", allocation=1.0).ids[0]
    plan_id = budget.create_plan(database, project_id, name="Baseline", fiscal_year=2026).ids[0]
    budget.add_lines(database, plan_id, [HARDWARE])
    budget.refresh_labour_lines(database, plan_id)
    for step in {"draft": [], "approved": ["submitted", "approved"]}[state]:
        _move(database, plan_id, step)
    return project_id, plan_id, membership


def test_labour_lines_are_refreshed_in_a_draft_and_other_lines_are_kept(database: Database) -> None:
    project_id, plan_id, bo_membership = _staffed_plan(database)
    loaded = load_plan(database.reader(), plan_id)
    labour = [row for row in loaded.lines if row.labour_person_id is not None]
    assert [(row.description, row.period, row.planned) for row in labour[:2]] == [
        ("Ana (Data scientist), 0.5 FTE", Period(Q, 1), Decimal("12000.00")),
        ("Ana (Data scientist), 0.5 FTE", Period(Q, 2), Decimal("12000.00")),
    ]
    assert sum((row.planned for row in labour), Decimal(0)) == 4 * (Decimal("12000.00") + Decimal("18000.00"))

    update_member(database, bo_membership, allocation=0.25)
    count = len(audit_rows(database))
    change = budget.refresh_labour_lines(database, plan_id)
    assert len(audit_rows(database)) == count + 1
    assert audit_rows(database)[-1][:3] == ("budget_plan", plan_id, "labour refreshed")
    assert set(change.details["removed"]) == {row.id for row in labour}
    refreshed = load_plan(database.reader(), plan_id)
    assert [row.description for row in refreshed.lines if row.labour_person_id is None] == ["GPU server"]
    bo_lines = [row for row in refreshed.lines if row.description.startswith("Bo")]
    assert {row.planned for row in bo_lines} == {Decimal("4500.00")}  # 0.25 x 3 x 6000.00
    expected = labour_lines(database.reader(), project_id, fiscal_year=2026, start_month=1)
    assert [(row.labour_person_id, row.period, row.planned) for row in refreshed.lines[1:]] == [
        (line.person_id, line.period, line.planned) for line in expected
    ]


def test_an_approved_plan_keeps_the_labour_it_was_approved_with(database: Database) -> None:
    _project_id, plan_id, bo_membership = _staffed_plan(database, state="approved")
    before = load_plan(database.reader(), plan_id).lines
    update_member(database, bo_membership, allocation=0.25)
    count = len(audit_rows(database))
    with pytest.raises(UserError) as caught:
        budget.refresh_labour_lines(database, plan_id)
    assert str(caught.value) == READ_ONLY
    assert load_plan(database.reader(), plan_id).lines == before
    assert len(audit_rows(database)) == count


# -- one audit event per call, nothing on refusal


SERVICE_CALLS: dict[str, Callable[[Database, int, int], Any]] = {
    "rename_plan": lambda db, plan_id, line_id: budget.rename_plan(db, plan_id, "Lean"),
    "set_plan_state": lambda db, plan_id, line_id: budget.set_plan_state(db, plan_id, "submitted"),
    "add_lines": lambda db, plan_id, line_id: budget.add_lines(db, plan_id, [TWIN, CLOUD_JAN]),
    "update_line": lambda db, plan_id, line_id: budget.update_line(db, line_id, description="Two GPU servers"),
    "delete_lines": lambda db, plan_id, line_id: budget.delete_lines(db, [line_id]),
    "refresh_labour_lines": lambda db, plan_id, line_id: budget.refresh_labour_lines(db, plan_id),
    "set_actuals": lambda db, plan_id, line_id: budget.set_actuals(
        db,
        plan_id,
        [
            ActualInput("hardware", Period(M, 1), Decimal("5.00")),
            ActualInput("software", Period(M, 2), Decimal("7.00")),
        ],
    ),
    "delete_plan": lambda db, plan_id, line_id: budget.delete_plan(db, plan_id),
}


@pytest.mark.parametrize("name", sorted(SERVICE_CALLS))
def test_every_service_call_writes_exactly_one_audit_event(database: Database, name: str) -> None:
    plan_id = _plan(database, lines=(HARDWARE,))
    (line_id,) = database.reader().rows("SELECT id FROM budget_line")[0]
    count = len(audit_rows(database))
    SERVICE_CALLS[name](database, plan_id, line_id)
    assert len(audit_rows(database)) == count + 1


def test_revise_plan_writes_exactly_one_audit_event(database: Database) -> None:
    plan_id = _plan(database, state="approved", lines=(HARDWARE, TWIN))
    count = len(audit_rows(database))
    budget.revise_plan(database, plan_id)
    assert len(audit_rows(database)) == count + 1


@pytest.mark.parametrize("name", sorted(set(SERVICE_CALLS) - {"set_plan_state", "set_actuals"}))
def test_every_refused_write_leaves_plan_lines_and_audit_as_they_were(database: Database, name: str) -> None:
    plan_id = _plan(database, state="approved", lines=(HARDWARE,))
    (line_id,) = database.reader().rows("SELECT id FROM budget_line")[0]
    snapshot = (
        audit_rows(database),
        database.reader().rows("SELECT * FROM budget_line"),
        database.reader().rows("SELECT * FROM budget_plan"),
    )
    with pytest.raises(UserError):
        SERVICE_CALLS[name](database, plan_id, line_id)
    assert (
        audit_rows(database),
        database.reader().rows("SELECT * FROM budget_line"),
        database.reader().rows("SELECT * FROM budget_plan"),
    ) == snapshot


def test_lines_of_a_missing_plan_or_missing_lines_are_refused(database: Database) -> None:
    with pytest.raises(UserError, match=r"^Budget plan 42 does not exist"):
        budget.add_lines(database, 42, [HARDWARE])
    with pytest.raises(UserError, match=r"^Budget line 7 does not exist"):
        budget.delete_lines(database, [7])
    with pytest.raises(UserError, match=r"^'amount' is not a field of a budget line"):
        budget.update_line(database, 7, amount=Decimal("1.00"))


# -- the demo


def test_the_demo_plans_take_a_revision_and_actuals_as_the_story_goes(database: Database) -> None:
    fill_demo(database, today=date(2026, 11, 25))
    reader = database.reader()
    baseline_id, twin_id = (
        row[0]
        for row in reader.rows(
            "SELECT id FROM budget_plan WHERE project_id = (SELECT MIN(project_id) FROM budget_plan) ORDER BY id"
        )
    )
    # The draft scenario is edited; the approved baseline is revised before it changes.
    budget.refresh_labour_lines(database, twin_id)
    with pytest.raises(UserError, match="is approved and read-only; make a revision to change it"):
        budget.add_lines(database, baseline_id, [TWIN])
    draft_id = budget.revise_plan(database, baseline_id).ids[0]
    budget.add_lines(database, draft_id, [TWIN])
    original, revised = load_plan(reader, baseline_id), load_plan(reader, draft_id)
    assert len(revised.lines) == len(original.lines) + 1
    assert [row.actual for row in revised.lines[:-1]] == [row.actual for row in original.lines]


def test_actuals_for_several_plans_are_written_in_one_transaction_or_not_at_all(database: Database) -> None:
    first = _plan(database, state="approved", lines=(HARDWARE,))
    project_id = database.reader().scalar("SELECT id FROM project")
    second = budget.create_plan(database, project_id, name="With digital twin", fiscal_year=2026).ids[0]
    budget.add_lines(database, second, [TWIN])
    count = len(audit_rows(database))
    change = budget.set_actuals_of_plans(
        database,
        {
            second: [ActualInput("digital_twin", Period(Q, 2), Decimal("8800.00"))],
            first: [
                ActualInput("hardware", Period(M, 1), Decimal("12100.00")),
                ActualInput("software", Period(M, 1), Decimal("50.00"), "Licence"),
            ],
        },
        reason="import of actuals.csv",
    )
    assert change.details["plan_ids"] == (first, second)
    assert len(change.details["created"]) == 1
    assert [row[:3] for row in audit_rows(database)[count:]] == [
        ("budget_plan", first, "actuals set"),
        ("budget_plan", second, "actuals set"),
    ]
    assert [row.actual for row in load_plan(database.reader(), first).lines] == [Decimal("12100.00"), Decimal("50.00")]
    assert load_plan(database.reader(), second).lines[0].actual == Decimal("8800.00")

    for step in ("submitted", "approved", "closed"):  # the later plan: the first is written, then undone
        _move(database, second, step)
    snapshot = (audit_rows(database), database.reader().rows("SELECT * FROM budget_line"))
    with pytest.raises(UserError, match="is closed; its actuals can no longer change"):
        budget.set_actuals_of_plans(
            database,
            {
                second: [ActualInput("digital_twin", Period(Q, 2), Decimal("1.00"))],
                first: [ActualInput("hardware", Period(M, 1), Decimal("1.00"))],
            },
        )
    assert (audit_rows(database), database.reader().rows("SELECT * FROM budget_line")) == snapshot


def test_a_reason_is_kept_in_the_audit_event(database: Database) -> None:
    plan_id = _plan(database, lines=(HARDWARE,))
    budget.set_actuals(database, plan_id, [ActualInput("hardware", Period(M, 1), Decimal("3.00"))], reason="ledger")
    assert database.reader().scalar("SELECT reason FROM audit_event ORDER BY id DESC LIMIT 1") == "ledger"


# -- several edits as one transaction (a paste and its undo)


def test_a_paste_updates_and_adds_in_one_transaction(database: Database) -> None:
    plan_id = _plan(database, lines=(HARDWARE, CLOUD_JAN))
    first, second = (
        row[0]
        for row in database.reader().rows("SELECT id FROM budget_line WHERE plan_id = :p ORDER BY id", {"p": plan_id})
    )
    change = budget.edit_lines(database, plan_id, updates={first: {"planned": Decimal("11000.00")}}, additions=[TWIN])
    assert len(change.details["created"]) == 1
    assert database.reader().scalar("SELECT planned FROM budget_line WHERE id = :i", {"i": first}) == 1_100_000
    assert line_count(database) == 3
    # and its undo, also one call
    budget.edit_lines(
        database, plan_id, updates={first: {"planned": Decimal("12000.00")}}, deletions=change.details["created"]
    )
    assert line_count(database) == 2


def test_a_paste_with_one_bad_line_writes_none_of_it(database: Database) -> None:
    plan_id = _plan(database, lines=(HARDWARE, CLOUD_JAN))
    first, second = (
        row[0]
        for row in database.reader().rows("SELECT id FROM budget_line WHERE plan_id = :p ORDER BY id", {"p": plan_id})
    )
    events = len(audit_rows(database))
    with pytest.raises(UserError):
        budget.edit_lines(
            database,
            plan_id,
            updates={first: {"planned": Decimal("1.00")}, second: {"planned": Decimal("-5.00")}},
            additions=[TWIN],
        )
    assert database.reader().scalar("SELECT planned FROM budget_line WHERE id = :i", {"i": first}) == 1_200_000
    assert line_count(database) == 2
    assert len(audit_rows(database)) == events
