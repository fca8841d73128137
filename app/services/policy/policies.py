"""Policies: creating one, editing its fields, retiring it (its status otherwise follows its versions)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import partial
from typing import Any

from app.db.database import Database
from app.errors import UserError
from app.services.change import Action, Change, Entity
from app.services.inputs import Fields, as_given
from app.services.policy.inputs import _date, _enum, _text
from app.services.policy.rows import _policy, _project
from app.services.unit import unit_of_work
from models.enums import PolicyCategory, PolicyStatus


def _review_cadence(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise UserError(f"{value!r} is not a review cadence; use a whole number of months above 0.")
    return value


# How each field of a policy a user may edit is checked.
_POLICY = Fields(
    {
        "title": partial(_text, what="policy title", required=True),
        "category": partial(_enum, PolicyCategory, what="policy category"),
        "owner_department": partial(_text, what="owner_department"),
        "review_cadence_months": _review_cadence,
        "next_review_on": partial(_date, what="review date"),
        "framework_refs": partial(_text, what="framework_refs"),
        "project_id": as_given,
    },
    unknown="{key!r} is not a field of a policy you can edit.",
)
POLICY_FIELDS = _POLICY.names


def create_policy(
    database: Database,
    *,
    title: str,
    category: PolicyCategory | str,
    owner_department: str = "",
    project_id: int | None = None,
    review_cadence_months: int = 12,
    framework_refs: str = "",
    next_review_on: date | str | None = None,
) -> Change:
    """A new draft policy, tied to ``project_id`` or org-wide when it is None."""
    from models.policy import Policy

    values = _POLICY.clean(
        {
            "title": title,
            "category": category,
            "owner_department": owner_department,
            "project_id": project_id,
            "review_cadence_months": review_cadence_months,
            "framework_refs": framework_refs,
            "next_review_on": next_review_on,
        }
    )
    with unit_of_work(database) as unit:
        if project_id is not None:
            _project(unit, project_id)
        policy = Policy(**values)
        return unit.create(
            Entity.POLICY,
            policy,
            after={**values, "status": policy.status},
            details={"project_id": project_id},
        )


def update_policy(database: Database, policy_id: int, changes: Mapping[str, Any]) -> Change:
    """Change some of a policy's fields (not its status: that follows its versions); only differences are written."""
    values = _POLICY.clean(changes)
    with unit_of_work(database) as unit:
        policy = _policy(unit, policy_id, editable=True)
        if values.get("project_id") is not None:
            _project(unit, values["project_id"])
        return unit.update(Entity.POLICY, policy_id, policy, values, details_with_changes=True)


def retire_policy(database: Database, policy_id: int) -> Change:
    """Retire a policy: kept with its versions for the record, no longer reviewed or edited."""
    with unit_of_work(database) as unit:
        policy = _policy(unit, policy_id, editable=True)
        return unit.set_values(
            Entity.POLICY,
            policy_id,
            policy,
            {"status": PolicyStatus.RETIRED, "next_review_on": None},
            action=Action.RETIRED,
        )
