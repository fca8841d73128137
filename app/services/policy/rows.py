"""Looking up the rows the policy services write, refusing what does not exist or may not be changed."""

from __future__ import annotations

from typing import Any

from app.db.database import Database
from app.errors import UserError
from app.services.unit import Unit
from models.enums import PolicyStatus


def _project(unit: Unit, project_id: int) -> Any:
    from models.projects import Project

    return unit.get(Project, project_id, what="project")


def _person(unit: Unit, person_id: int | None) -> int | None:
    from models.people import Person

    if person_id is None:
        return None
    person = unit.get(Person, person_id, what="person")
    if person.erased_on is not None:
        raise UserError(f"Person {person_id} has been erased and cannot be named here.")
    return person_id


def _policy(unit: Unit, policy_id: int, *, editable: bool = False) -> Any:
    from models.policy import Policy

    policy = unit.get(Policy, policy_id, what="policy")
    if editable and policy.status == PolicyStatus.RETIRED:
        raise UserError(f"The policy {policy.title!r} is retired, so it cannot be changed.")
    return policy


def _version(unit: Unit, version_id: int) -> Any:
    from models.policy import PolicyVersion

    return unit.get(PolicyVersion, version_id, what="policy version")


def _item(unit: Unit, item_id: int) -> Any:
    from models.policy import BacklogItem

    return unit.get(BacklogItem, item_id, what="backlog item")


def _sprint(unit: Unit, sprint_id: int) -> Any:
    from models.policy import Sprint

    return unit.get(Sprint, sprint_id, what="sprint")


def _current_version(unit: Unit, policy_id: int) -> Any:
    """The newest published version of a policy, or None before the first is published."""
    from sqlmodel import col, select

    from models.policy import PolicyVersion

    return unit.session.exec(
        select(PolicyVersion)
        .where(PolicyVersion.policy_id == policy_id, col(PolicyVersion.published_on).is_not(None))
        .order_by(col(PolicyVersion.number).desc())
        .limit(1)
    ).first()


def current_version_id(database: Database, policy_id: int) -> int | None:
    """The id of the policy's current version (newest published), whose sign-offs are the ones that count."""
    version_id: int | None = database.reader().scalar(
        "SELECT id FROM policy_version WHERE policy_id = :policy AND published_on IS NOT NULL "
        "ORDER BY number DESC LIMIT 1",
        {"policy": policy_id},
    )
    return version_id
