"""Read queries of the policy library page, on hand-built policies with known versions, sign-offs and feedback."""

from __future__ import annotations

from datetime import date

import pytest

from app.db.database import Database
from app.queries.policy import list_policies, list_versions, version_feedback, version_sign_offs
from app.services import people, policy, projects
from models.enums import Disposition, PolicyStatus, StakeholderDepartment

pytestmark = pytest.mark.both_backends


def test_a_project_sees_its_policies_and_the_org_wide_ones_and_overdue_reviews_are_stale(database: Database) -> None:
    fraud = projects.create_project(database, name="Fraud scoring").ids[0]
    triage = projects.create_project(database, name="Clinical triage").ids[0]
    org = policy.create_policy(
        database, title="Acceptable use", category="access_control", next_review_on="2026-01-31"
    ).ids[0]
    policy.create_policy(
        database, title="Fraud model card", category="audit_compliance", project_id=fraud, next_review_on="2026-03-01"
    )
    policy.create_policy(database, title="Triage oversight", category="human_oversight", project_id=triage)

    listed = list_policies(database.reader(), fraud, today=date(2026, 2, 15))
    assert [row.title for row in listed] == ["Acceptable use", "Fraud model card"]
    assert [(row.org_wide, row.stale) for row in listed] == [(True, True), (False, False)]
    assert listed[0].id == org and listed[0].status == PolicyStatus.DRAFT and listed[0].current_number is None
    assert len(list_policies(database.reader(), None)) == 3


def test_versions_sign_offs_and_feedback_are_read_with_their_people(database: Database) -> None:
    ana = people.create_person(database, name="Ana Ruiz", email="ana@example.org", department="Legal").ids[0]
    policy_id = policy.create_policy(database, title="Acceptable use", category="access_control").ids[0]
    first = policy.add_version(
        database, policy_id, text="# One", change_summary="First", author_id=ana, created_on="2026-01-02"
    ).ids[0]
    second = policy.add_version(
        database, policy_id, text="# Two", change_summary="Second", created_on="2026-01-05"
    ).ids[0]
    policy.publish_version(database, first, published_on="2026-01-03")
    policy.sign_off(database, first, department="legal", person_id=ana, signed_on="2026-01-04")
    policy.sign_off(database, first, department="finance", person_id=ana, signed_on="2026-01-04")
    feedback = policy.add_feedback(
        database, department="hr", comment="Too long", version_id=first, received_on="2026-01-04"
    ).ids[0]
    policy.set_disposition(database, feedback, "accepted", resolved_on="2026-01-05")

    versions = list_versions(database.reader(), [policy_id])[policy_id]
    assert [(row.id, row.number, row.published_on) for row in versions] == [
        (second, 2, None),
        (first, 1, date(2026, 1, 3)),
    ]
    assert versions[1].author == "Ana Ruiz" and versions[1].change_summary == "First"
    assert list_policies(database.reader(), None)[0].current_number == 1

    sign_offs = version_sign_offs(database.reader(), first)
    assert [row.department for row in sign_offs] == list(StakeholderDepartment)
    legal = next(row for row in sign_offs if row.department == StakeholderDepartment.LEGAL)
    assert (legal.signed, legal.person, legal.signed_on) == (True, "Ana Ruiz", date(2026, 1, 4))
    assert not legal.for_another_department
    # Ana of Legal signed for Finance too: her own department is kept with that sign-off.
    finance = next(row for row in sign_offs if row.department == StakeholderDepartment.FINANCE)
    assert (finance.person, finance.signer_department, finance.for_another_department) == ("Ana Ruiz", "Legal", True)
    assert sum(row.signed for row in sign_offs) == 2

    (row,) = version_feedback(database.reader(), first)
    assert (row.department, row.comment, row.disposition, row.resolved_on) == (
        StakeholderDepartment.HR,
        "Too long",
        Disposition.ACCEPTED,
        date(2026, 1, 5),
    )
    assert version_feedback(database.reader(), second) == []
