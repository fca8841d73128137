"""Stakeholder feedback on a backlog item or a policy version, and what was done with it."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.db.database import Database
from app.errors import UserError
from app.services.change import Action, Change, Entity
from app.services.policy.inputs import _date, _enum, _text
from app.services.policy.rows import _item, _person, _version
from app.services.unit import unit_of_work
from models.enums import Disposition, StakeholderDepartment


def add_feedback(
    database: Database,
    *,
    department: StakeholderDepartment | str,
    comment: str,
    item_id: int | None = None,
    version_id: int | None = None,
    person_id: int | None = None,
    received_on: date | str | None = None,
) -> Change:
    """A stakeholder's comment on exactly one of a backlog item or a policy version, open until disposed of."""
    from models.policy import Feedback

    if (item_id is None) == (version_id is None):
        raise UserError("Feedback is about either a backlog item or a policy version; give exactly one of them.")
    department = _enum(StakeholderDepartment, department, what="stakeholder department")
    text = _text(comment, what="comment for the feedback", required=True)
    received = _date(received_on, what="date received") or date.today()
    with unit_of_work(database) as unit:
        if item_id is not None:
            _item(unit, item_id)
        if version_id is not None:
            _version(unit, version_id)
        _person(unit, person_id)
        values: dict[str, Any] = {
            "item_id": item_id,
            "version_id": version_id,
            "department": department,
            "person_id": person_id,
            "comment": text,
            "received_on": received,
        }
        return unit.create(
            Entity.FEEDBACK,
            Feedback(**values, disposition=Disposition.OPEN),
            after=values,
            details={"item_id": item_id, "version_id": version_id},
        )


def set_disposition(
    database: Database, feedback_id: int, disposition: Disposition | str, *, resolved_on: date | str | None = None
) -> Change:
    """Accept, defer or reject feedback (resolved on ``resolved_on``, default today), or reopen it."""
    from models.policy import Feedback

    disposition = _enum(Disposition, disposition, what="disposition")
    resolved = None if disposition == Disposition.OPEN else _date(resolved_on, what="date resolved") or date.today()
    with unit_of_work(database) as unit:
        row = unit.get(Feedback, feedback_id, what="feedback")
        if row.disposition == disposition and row.resolved_on == resolved:
            return Change(entity=Entity.FEEDBACK, action=Action.UNCHANGED, ids=(feedback_id,))
        if resolved is not None and resolved < row.received_on:
            raise UserError(f"Feedback received on {row.received_on.isoformat()} cannot be resolved before that.")
        return unit.set_values(
            Entity.FEEDBACK,
            feedback_id,
            row,
            {"disposition": disposition, "resolved_on": resolved},
            action=Action.DISPOSED,
            details={"item_id": row.item_id, "version_id": row.version_id, "disposition": disposition},
        )
