"""The stage gate: a project does not move to a later stage past blocking governance gaps unexplained.

The brief's central warning is a prototype moved into production without its
safeguards; ``update_project`` refuses such a move unless a justification is
given, and keeps the justification in the audit trail.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.db.database import Database
from app.errors import UserError
from app.queries.projects import project_overview
from app.services.projects import StageGateRefused, create_project, update_project
from models.enums import PolicyCategory, Stage
from tests.app.policies import add_policy

pytestmark = pytest.mark.both_backends


def stage_of(database: Database, project_id: int) -> Stage:
    overview = project_overview(database.reader(), project_id)
    assert overview is not None
    return overview.profile.stage


def last_audit(database: Database) -> tuple[str, str, str, str]:
    return database.reader().one("SELECT action, before, after, reason FROM audit_event ORDER BY id DESC LIMIT 1")


def approve(database: Database, category: PolicyCategory) -> None:
    """An org-wide policy of ``category``, approved and not due for review."""
    add_policy(database, category, title=f"{category.value} rules", next_review_on=date(2999, 1, 1))


@pytest.fixture
def automated(database: Database) -> int:
    """An automated-decision project in development, with access control covered org-wide."""
    approve(database, PolicyCategory.ACCESS_CONTROL)
    return create_project(database, name="Auto", stage="development", decision_mode="automated").ids[0]


def test_moving_on_past_blocking_gaps_is_refused_naming_them(database: Database, automated: int) -> None:
    audits = database.reader().scalar("SELECT count(*) FROM audit_event")
    with pytest.raises(StageGateRefused) as refused:
        update_project(database, automated, {"stage": "pre_production", "name": "Auto v2"})
    message = str(refused.value)
    assert isinstance(refused.value, UserError)
    assert message.count(".") == 1 and "justification" in message
    assert "human oversight" in message and "bias and fairness" in message and "access control" not in message
    assert {gap.category for gap in refused.value.gaps} == {
        PolicyCategory.HUMAN_OVERSIGHT,
        PolicyCategory.BIAS_FAIRNESS,
    }
    # Nothing was written: not the stage, not the name edited with it, no audit event.
    assert stage_of(database, automated) is Stage.DEVELOPMENT
    assert project_overview(database.reader(), automated).profile.name == "Auto"
    assert database.reader().scalar("SELECT count(*) FROM audit_event") == audits


def test_a_justification_lets_the_move_through_and_is_audited_as_the_reason(database: Database, automated: int) -> None:
    why = "Pilot with ten analysts; the oversight policy is in review and due before go-live."
    update_project(database, automated, {"stage": "pre_production"}, justification=f"  {why} ")
    assert stage_of(database, automated) is Stage.PRE_PRODUCTION
    action, before, after, reason = last_audit(database)
    assert (action, json.loads(before), json.loads(after), reason) == (
        "updated",
        {"stage": "development"},
        {"stage": "pre_production"},
        why,
    )


def test_a_blank_justification_is_no_justification(database: Database, automated: int) -> None:
    with pytest.raises(StageGateRefused):
        update_project(database, automated, {"stage": "production"}, justification="   ")


def test_the_gate_judges_the_profile_as_changed_in_the_same_edit(database: Database) -> None:
    approve(database, PolicyCategory.ACCESS_CONTROL)
    project = create_project(database, name="Support", stage="development").ids[0]
    with pytest.raises(StageGateRefused, match="human oversight"):
        update_project(database, project, {"stage": "pre_production", "decision_mode": "automated"})
    # Decision support at pre-production: access control is covered, nothing else blocks yet.
    update_project(database, project, {"stage": "pre_production"})
    assert stage_of(database, project) is Stage.PRE_PRODUCTION
    assert last_audit(database)[3] == ""


def test_covered_gaps_let_the_move_through_without_a_justification(database: Database, automated: int) -> None:
    approve(database, PolicyCategory.HUMAN_OVERSIGHT)
    approve(database, PolicyCategory.BIAS_FAIRNESS)
    update_project(database, automated, {"stage": "pre_production"})
    assert stage_of(database, automated) is Stage.PRE_PRODUCTION


@pytest.mark.parametrize("stage", ["proof_of_concept", "idea", "retired"])
def test_moving_back_or_retiring_never_needs_a_justification(database: Database, stage: str) -> None:
    project = create_project(
        database,
        name="Live",
        stage="production",
        decision_mode="automated",
        personal_data=True,
        model_origin="third_party",
    ).ids[0]
    update_project(database, project, {"stage": stage})
    assert stage_of(database, project) == Stage(stage)


def test_a_move_that_skips_stages_is_judged_at_the_stage_it_lands_on(database: Database) -> None:
    project = create_project(database, name="Plain", stage="idea").ids[0]
    with pytest.raises(StageGateRefused, match="production.*incident response"):
        update_project(database, project, {"stage": "production"})
    update_project(database, project, {"stage": "development"})  # access control applies, but does not block yet
    assert stage_of(database, project) is Stage.DEVELOPMENT
