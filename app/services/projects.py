"""Writing projects and their memberships; the stage gate of the governance rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from app.db.database import Database
from app.errors import UserError
from app.services.change import Change, Entity
from app.services.fields import snapshot
from app.services.inputs import refuse_control_characters
from app.services.unit import Unit, unit_of_work
from models.enums import DecisionMode, ModelOrigin, Stage

if TYPE_CHECKING:
    from app.analysis.governance import GovernanceGap

# The fields of a project's profile a user may edit, and how to read each from text.
MEMBERSHIP_GONE = "Membership {id} does not exist (it may have been removed)."

PROFILE_FIELDS: dict[str, Any] = {
    "name": str,
    "description": str,
    "stage": Stage,
    "decision_mode": DecisionMode,
    "model_origin": ModelOrigin,
    "personal_data": bool,
    "start_on": date,
    "end_on": date,
}


def _clean_profile(values: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in values.items():
        kind = PROFILE_FIELDS.get(key)
        if kind is None:
            raise UserError(f"{key!r} is not part of a project's profile.")
        if value is None or kind in (str, bool):
            text = value.strip() if isinstance(value, str) else value
            cleaned[key] = refuse_control_characters(text, what=f"project's {key.replace('_', ' ')}")
            continue
        if isinstance(value, kind):
            cleaned[key] = value
            continue
        try:
            cleaned[key] = date.fromisoformat(value) if kind is date else kind(value)
        except (TypeError, ValueError):
            choices = ", ".join(member.value for member in kind) if kind is not date else "a date such as 2026-03-31"
            raise UserError(f"{value!r} is not a valid {key.replace('_', ' ')}; use {choices}.") from None
    if "name" in cleaned and not cleaned["name"]:
        raise UserError("A project needs a name.")
    return cleaned


def create_project(database: Database, *, name: str, **profile: Any) -> Change:
    """A new project with ``name`` and any profile fields."""
    from models.projects import Project

    values = _clean_profile({"name": name, **profile})
    with unit_of_work(database) as unit:
        return unit.create(Entity.PROJECT, Project(**values), after=values)


def update_project(
    database: Database, project_id: int, changes: Mapping[str, Any], *, justification: str | None = None
) -> Change:
    """Change some of a project's profile fields; only the fields that differ are written.

    Moving to a later life-cycle stage while the governance rules (``app.analysis.governance``)
    find blocking gaps for that stage is refused with ``StageGateRefused`` unless a
    ``justification`` is given; it is then kept as the audit event's reason. The
    gaps are judged on the profile as changed (switching to automated decisions
    in the same edit counts). Moving back, or to retired, never needs one.
    """
    from models.projects import Project

    values = _clean_profile(changes)
    justification = (justification or "").strip()
    with unit_of_work(database) as unit:
        project = unit.get(Project, project_id, what="project")

        def check_stage_gate(before: dict[str, Any], after: dict[str, Any]) -> None:
            if "stage" in after and not justification:
                unit.flush()  # the gate judges the profile as changed
                _check_stage_gate(unit, project_id, old_stage=before["stage"], new_stage=after["stage"])

        return unit.update(
            Entity.PROJECT,
            project_id,
            project,
            values,
            reason=justification,
            details_with_changes=True,
            on_change=check_stage_gate,
        )


class StageGateRefused(UserError):
    """A move to a later stage refused for open blocking governance gaps; ``gaps`` lists them."""

    def __init__(self, message: str, gaps: Sequence[GovernanceGap]) -> None:
        super().__init__(message)
        self.gaps = tuple(gaps)


class _UnitRows:
    """The unit's own connection as a row source, so the gate sees the profile as just changed."""

    def __init__(self, unit: Unit) -> None:
        self._connection = unit.session.connection()

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        from sqlalchemy import text

        return [tuple(row) for row in self._connection.execute(text(sql), dict(params or {}))]


def _check_stage_gate(unit: Unit, project_id: int, *, old_stage: Stage, new_stage: Stage) -> None:
    from app.analysis.governance import blocking_gaps_for_stage, category_words, is_later_stage, stage_words

    if not is_later_stage(new_stage, old_stage):
        return
    gaps = blocking_gaps_for_stage(_UnitRows(unit), project_id, new_stage)
    if gaps:
        names = ", ".join(category_words(gap.category) for gap in gaps)
        raise StageGateRefused(
            f"Moving to {stage_words(new_stage)} needs a recorded justification while these blocking "
            f"governance gaps are open: {names}.",
            gaps,
        )


def delete_project(database: Database, project_id: int) -> Change:
    """Delete a project with no history; one with policies, sprints or budgets is refused."""
    from sqlmodel import func, select

    from models.budget import BudgetPlan
    from models.policy import BacklogItem, Policy, Sprint
    from models.projects import Project

    with unit_of_work(database) as unit:
        session = unit.session
        project = unit.get(Project, project_id, what="project")
        for table, what in (
            (Policy, "policies"),
            (BacklogItem, "backlog items"),
            (Sprint, "sprints"),
            (BudgetPlan, "budget plans"),
        ):
            count = session.exec(select(func.count()).select_from(table).where(table.project_id == project_id)).one()
            if count:
                raise UserError(
                    f"Project {project.name!r} has {count} {what}; set its stage to retired instead of deleting it."
                )
        return unit.delete(Entity.PROJECT, project_id, project, before=snapshot(project, PROFILE_FIELDS))


def add_member(
    database: Database, project_id: int, person_id: int, *, role: str = "", allocation: float = 1.0
) -> Change:
    from models.projects import Membership

    with unit_of_work(database) as unit:
        return unit.create(
            Entity.MEMBERSHIP,
            Membership(project_id=project_id, person_id=person_id, role=role.strip(), allocation=allocation),
            after={"project_id": project_id, "person_id": person_id, "role": role, "allocation": allocation},
            details={"project_id": project_id},
        )


def update_member(
    database: Database, membership_id: int, *, role: str | None = None, allocation: float | None = None
) -> Change:
    from models.projects import Membership

    with unit_of_work(database) as unit:
        membership = unit.get(Membership, membership_id, what="membership", sentence=MEMBERSHIP_GONE)
        values = {key: value for key, value in (("role", role), ("allocation", allocation)) if value is not None}
        # The same role and allocation again: nothing written, nothing audited.
        return unit.update(
            Entity.MEMBERSHIP, membership_id, membership, values, details={"project_id": membership.project_id}
        )


def remove_member(database: Database, membership_id: int) -> Change:
    from models.projects import Membership

    with unit_of_work(database) as unit:
        membership = unit.get(Membership, membership_id, what="membership", sentence=MEMBERSHIP_GONE)
        return unit.delete(
            Entity.MEMBERSHIP,
            membership_id,
            membership,
            before=snapshot(membership, ("project_id", "person_id", "role", "allocation")),
            details={"project_id": membership.project_id},
        )
