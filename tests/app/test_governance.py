"""Governance gaps: what each rule of ``resources/governance_rules.json`` asks of a project, by hand.

Each test builds a small organisation with the services and states, from the
rules file read as a person would, which categories a profile needs at a stage,
which policies cover them, and what blocks the next stage.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.analysis.governance import (
    COVERED,
    MISSING,
    NOT_APPLICABLE,
    STALE,
    GovernanceGap,
    blocking_gaps_for_stage,
    governance_gaps,
    load_rules,
    organisation_heatmap,
    parse_rules,
)
from app.db.database import Database
from app.demo.generator import fill_demo
from app.errors import UserError
from app.services.projects import create_project
from models.enums import PolicyCategory as C
from models.enums import Stage
from tests.app.policies import add_policy

pytestmark = pytest.mark.both_backends

TODAY = date(2026, 11, 25)


def gaps(database: Database, project_id: int, **kwargs) -> dict[C, GovernanceGap]:
    return {gap.category: gap for gap in governance_gaps(database.reader(), project_id, today=TODAY, **kwargs)}


def statuses(database: Database, project_id: int, **kwargs) -> dict[C, tuple[str, bool]]:
    return {category: (gap.status, gap.blocking) for category, gap in gaps(database, project_id, **kwargs).items()}


# --- each kind of rule ---------------------------------------------------------------------


def test_an_idea_needs_nothing_and_every_project_needs_access_control_from_development(database: Database) -> None:
    project = create_project(database, name="Plain", stage="idea").ids[0]
    assert statuses(database, project) == {}
    assert statuses(database, project, stage="proof_of_concept") == {}
    # From development on: access control, advisory until pre-production, where it blocks.
    assert statuses(database, project, stage="development") == {C.ACCESS_CONTROL: (MISSING, False)}
    assert statuses(database, project, stage="pre_production") == {
        C.ACCESS_CONTROL: (MISSING, True),
        C.ADVERSARIAL_ML: (MISSING, False),
        C.INCIDENT_RESPONSE: (MISSING, False),
        C.MODEL_TRAINING: (MISSING, False),
    }


def test_production_needs_incident_response_model_training_adversarial_ml_and_audit(database: Database) -> None:
    project = create_project(database, name="Live", stage="production").ids[0]
    assert statuses(database, project) == {
        C.ACCESS_CONTROL: (MISSING, True),
        C.ADVERSARIAL_ML: (MISSING, True),
        C.MODEL_TRAINING: (MISSING, True),
        C.INCIDENT_RESPONSE: (MISSING, True),
        C.AUDIT_COMPLIANCE: (MISSING, True),
    }


def test_automated_decisions_need_human_oversight_and_fairness_blocking_from_pre_production(database: Database) -> None:
    project = create_project(database, name="Auto", stage="development", decision_mode="automated").ids[0]
    found = statuses(database, project)
    assert found[C.HUMAN_OVERSIGHT] == (MISSING, False) and found[C.BIAS_FAIRNESS] == (MISSING, False)
    ahead = statuses(database, project, stage="pre_production")
    assert ahead[C.HUMAN_OVERSIGHT] == (MISSING, True) and ahead[C.BIAS_FAIRNESS] == (MISSING, True)
    # Decision support needs neither.
    support = create_project(database, name="Support", stage="pre_production").ids[0]
    assert not {C.HUMAN_OVERSIGHT, C.BIAS_FAIRNESS} & set(statuses(database, support))


def test_personal_data_needs_privacy_from_proof_of_concept_and_fairness_from_development(database: Database) -> None:
    project = create_project(database, name="People", stage="proof_of_concept", personal_data=True).ids[0]
    assert statuses(database, project) == {C.DATA_PRIVACY: (MISSING, False)}
    assert statuses(database, project, stage="development") == {
        C.DATA_PRIVACY: (MISSING, False),
        C.BIAS_FAIRNESS: (MISSING, False),
        C.ACCESS_CONTROL: (MISSING, False),
    }
    assert statuses(database, project, stage="pre_production")[C.DATA_PRIVACY] == (MISSING, True)
    # Privacy outlives the model (deleting the training data), as audit records do; access control does not.
    assert statuses(database, project, stage="retired") == {
        C.DATA_PRIVACY: (MISSING, False),
        C.AUDIT_COMPLIANCE: (MISSING, False),
    }


def test_a_third_party_model_needs_ip_and_an_exit_strategy(database: Database) -> None:
    project = create_project(database, name="Bought", stage="proof_of_concept", model_origin="third_party").ids[0]
    assert statuses(database, project) == {C.THIRD_PARTY_IP: (MISSING, False)}
    development = statuses(database, project, stage="development")
    assert development[C.THIRD_PARTY_IP] == (MISSING, True)
    assert development[C.EXIT_STRATEGY] == (MISSING, False)
    assert statuses(database, project, stage="production")[C.EXIT_STRATEGY] == (MISSING, True)
    assert statuses(database, project, stage="retired") == {
        C.EXIT_STRATEGY: (MISSING, False),
        C.AUDIT_COMPLIANCE: (MISSING, False),
    }


def test_a_category_asked_for_twice_gives_both_reasons_once(database: Database) -> None:
    project = create_project(
        database, name="Both", stage="development", decision_mode="automated", personal_data=True
    ).ids[0]
    fairness = gaps(database, project)[C.BIAS_FAIRNESS]
    reasons = {rule.reason for rule in load_rules() if rule.category is C.BIAS_FAIRNESS}
    assert len(reasons) == 2 and all(reason in fairness.reason for reason in reasons)


# --- what covers a category -------------------------------------------------------------------


def test_an_org_wide_or_own_approved_policy_covers(database: Database) -> None:
    project = create_project(database, name="Auto", stage="pre_production", decision_mode="automated").ids[0]
    other = create_project(database, name="Other", stage="pre_production", decision_mode="automated").ids[0]
    add_policy(database, C.ACCESS_CONTROL, title="Access for everyone")
    add_policy(database, C.HUMAN_OVERSIGHT, project_id=other, title="Oversight of the other project")
    found = gaps(database, project)
    assert (found[C.ACCESS_CONTROL].status, found[C.ACCESS_CONTROL].blocking) == (COVERED, False)
    assert found[C.ACCESS_CONTROL].policies == ("Access for everyone",)
    # Another project's policy covers that project only.
    assert found[C.HUMAN_OVERSIGHT].status == MISSING
    assert gaps(database, other)[C.HUMAN_OVERSIGHT].status == COVERED


def test_a_policy_past_its_review_date_is_stale_and_still_blocks(database: Database) -> None:
    project = create_project(database, name="Auto", stage="pre_production").ids[0]
    add_policy(database, C.ACCESS_CONTROL, next_review_on=date(2026, 11, 24), title="Old access rules")
    access = gaps(database, project)[C.ACCESS_CONTROL]
    assert (access.status, access.blocking, access.policies) == (STALE, True, ("Old access rules",))
    assert "2026-11-24" in access.note
    # Due today is not yet stale; and one current policy beside a stale one covers.
    add_policy(database, C.ACCESS_CONTROL, next_review_on=TODAY, title="New access rules")
    access = gaps(database, project)[C.ACCESS_CONTROL]
    assert (access.status, access.blocking, access.policies) == (COVERED, False, ("New access rules",))


@pytest.mark.parametrize("status", ["draft", "in_review", "retired"])
def test_a_policy_not_in_force_does_not_cover(database: Database, status: str) -> None:
    project = create_project(database, name="Auto", stage="pre_production").ids[0]
    add_policy(database, C.ACCESS_CONTROL, status=status, title="Access rules")
    access = gaps(database, project)[C.ACCESS_CONTROL]
    assert (access.status, access.blocking, access.policies) == (MISSING, True, ())
    # Drafts and policies in review are named, so the user sees the work under way; retired ones are not.
    assert ("Access rules" in access.note) == (status != "retired")


def test_a_policy_in_review_with_an_approved_version_still_covers(database: Database) -> None:
    project = create_project(database, name="Auto", stage="pre_production").ids[0]
    add_policy(database, C.ACCESS_CONTROL, status="in_review", approved_version=True, title="Access, revised")
    assert gaps(database, project)[C.ACCESS_CONTROL].status == COVERED


def test_blocking_gaps_for_a_stage_and_retirement_never_blocks(database: Database) -> None:
    project = create_project(database, name="Auto", stage="development", decision_mode="automated").ids[0]
    add_policy(database, C.ACCESS_CONTROL)
    blocking = blocking_gaps_for_stage(database.reader(), project, Stage.PRE_PRODUCTION, today=TODAY)
    assert [gap.category for gap in blocking] == [C.BIAS_FAIRNESS, C.HUMAN_OVERSIGHT]
    assert all(gap.blocking and gap.status == MISSING for gap in blocking)
    assert blocking_gaps_for_stage(database.reader(), project, "production", today=TODAY)
    assert blocking_gaps_for_stage(database.reader(), project, "retired", today=TODAY) == []


def test_gaps_list_blocking_first_then_missing_stale_covered(database: Database) -> None:
    project = create_project(database, name="Live", stage="production").ids[0]
    add_policy(database, C.AUDIT_COMPLIANCE)
    add_policy(database, C.INCIDENT_RESPONSE, next_review_on=date(2026, 1, 1))
    assert [(gap.category, gap.status) for gap in governance_gaps(database.reader(), project, today=TODAY)] == [
        (C.ACCESS_CONTROL, MISSING),
        (C.ADVERSARIAL_ML, MISSING),
        (C.MODEL_TRAINING, MISSING),
        (C.INCIDENT_RESPONSE, STALE),
        (C.AUDIT_COMPLIANCE, COVERED),
    ]


def test_an_unknown_project_is_a_user_error(database: Database) -> None:
    with pytest.raises(UserError, match="Project 99 does not exist"):
        governance_gaps(database.reader(), 99)


# --- the rules file ------------------------------------------------------------------------


def test_the_rules_file_gives_every_rule_a_reason_and_a_known_category() -> None:
    rules = load_rules()
    assert {rule.category for rule in rules} == set(C)
    assert all(rule.reason.endswith(".") for rule in rules)


def test_a_wrong_rule_is_refused_with_its_key() -> None:
    bad = {
        "rules": [
            {
                "key": "typo",
                "when": {"decision_mode": "robotic"},
                "category": "data_privacy",
                "from": "idea",
                "reason": "x.",
            }
        ]
    }
    with pytest.raises(ValueError, match="'typo'"):
        parse_rules(bad)


# --- the organisation's heat map ------------------------------------------------------------


def test_heat_map_over_the_demo(database: Database) -> None:
    fill_demo(database, today=TODAY)
    heatmap = organisation_heatmap(database.reader(), today=TODAY)
    assert heatmap.categories == tuple(C)
    assert [row.name for row in heatmap.rows] == [
        "Card fraud screening",
        "Contract clause review",
        "Emergency triage assistant",
        "Warehouse demand forecast",
    ]
    ids = {row.name: row.project_id for row in heatmap.rows}
    fraud, triage, forecast = (
        ids["Card fraud screening"],
        ids["Emergency triage assistant"],
        ids["Warehouse demand forecast"],
    )
    # Production, automated, in-house, personal data: its own oversight policy (approved) covers;
    # hardening is only in review and was never approved; no fairness policy at all; the org-wide
    # access policy (6-month cadence) is past its review; in-house needs no IP or exit policy.
    assert heatmap.status(fraud, C.HUMAN_OVERSIGHT) == COVERED
    assert heatmap.status(fraud, C.ADVERSARIAL_ML) == MISSING
    assert heatmap.status(fraud, C.BIAS_FAIRNESS) == MISSING
    assert heatmap.status(fraud, C.ACCESS_CONTROL) == STALE
    assert heatmap.status(fraud, C.THIRD_PARTY_IP) == NOT_APPLICABLE
    assert heatmap.status(fraud, C.EXIT_STRATEGY) == NOT_APPLICABLE
    # Pre-production, third-party: the org-wide IP policy covers, the exit strategy is only a draft,
    # privacy is in review of a revision with an approved version in force.
    assert heatmap.status(triage, C.THIRD_PARTY_IP) == COVERED
    assert heatmap.status(triage, C.EXIT_STRATEGY) == MISSING
    assert heatmap.status(triage, C.DATA_PRIVACY) == COVERED
    assert heatmap.status(triage, C.AUDIT_COMPLIANCE) == NOT_APPLICABLE
    # A proof of concept without personal data needs nothing yet.
    assert set(next(row for row in heatmap.rows if row.project_id == forecast).statuses) == {NOT_APPLICABLE}
    # The heat map agrees with each project's own list.
    for row in heatmap.rows:
        own = {gap.category: gap.status for gap in governance_gaps(database.reader(), row.project_id, today=TODAY)}
        assert {
            category: status
            for category, status in zip(heatmap.categories, row.statuses, strict=True)
            if status != NOT_APPLICABLE
        } == own
