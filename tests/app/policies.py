"""Policies written straight into a test database, as the governance rules read them.

The governance, heat map and stage-gate tests need policies in states the services
reach only through a whole review (approved, retired, past their review, with an
approved version in force); one insert here says just the state the test is about.
"""

from __future__ import annotations

from datetime import date

from app.db.database import Database
from app.services.unit import unit_of_work
from models.enums import PolicyCategory


def add_policy(
    database: Database,
    category: PolicyCategory,
    title: str | None = None,
    *,
    project_id: int | None = None,
    status: str = "approved",
    next_review_on: date | None = date(2027, 6, 1),
    approved_version: bool = False,
) -> int:
    """A policy of ``category`` (org-wide unless ``project_id``), its title made from the category unless
    given; ``approved_version`` adds a first version approved in January 2026. Its id."""
    from models.policy import Policy, PolicyVersion

    with unit_of_work(database) as unit:
        policy = Policy(
            project_id=project_id,
            title=title or f"{category.value} policy",
            category=category,
            owner_department="CISO office",
            status=status,
            next_review_on=next_review_on,
        )
        unit.session.add(policy)
        unit.flush()
        if approved_version:
            unit.session.add(
                PolicyVersion(policy_id=policy.id, number=1, created_on=date(2026, 1, 1), approved_on=date(2026, 1, 10))
            )
        return policy.id
