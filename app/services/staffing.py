"""Writing a project's skill requirements: which skill, how good, how much of it, how critical.

The staffing analysis (``app.analysis.staffing``) reads these; the memberships that
cover them are written by ``app.services.projects``.
"""

from __future__ import annotations

import math
from typing import Any

from app.db.database import Database
from app.errors import UserError
from app.services.change import Change, Entity
from app.services.fields import snapshot
from app.services.inputs import Fields, choice
from app.services.skills import check_level
from app.services.unit import Unit, unit_of_work
from models.enums import Criticality

REQUIREMENT_GONE = "Requirement {id} does not exist (it may have been removed)."


def _min_level(value: Any) -> int:
    return check_level(value, lowest=1)


def _needed_fte(value: Any) -> float:
    try:
        fte = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise UserError(f"{value!r} is not an FTE; use a number such as 0.5 or 2.") from None
    if not math.isfinite(fte) or fte <= 0:
        raise UserError(f"The needed FTE must be more than 0 (it was {value}).")
    return fte


def _criticality(value: Any) -> Criticality:
    return choice(Criticality, value, refusal="{value!r} is not a criticality; use low, medium, high or critical.")


def _usable_skill(unit: Unit, skill_id: int) -> Any:
    from models.people import Skill

    skill = unit.get(Skill, skill_id, what="skill", sentence="Skill {id} does not exist.")
    if skill.retired:
        raise UserError(f"The skill {skill.name!r} is retired; require the skill that replaced it.")
    return skill


# How each field of a requirement is checked.
_REQUIREMENT = Fields(
    {
        "skill_id": int,
        "min_level": _min_level,
        "needed_fte": _needed_fte,
        "criticality": _criticality,
    },
    unknown="{key!r} is not part of a skill requirement.",
)
REQUIREMENT_FIELDS = _REQUIREMENT.names


def add_requirement(
    database: Database,
    project_id: int,
    skill_id: int,
    *,
    min_level: int = 2,
    needed_fte: float = 1.0,
    criticality: Criticality | str = Criticality.MEDIUM,
) -> Change:
    """The project needs ``needed_fte`` of people at ``min_level`` or above in ``skill_id``."""
    from models.projects import Project, SkillRequirement

    values = _REQUIREMENT.clean({"min_level": min_level, "needed_fte": needed_fte, "criticality": criticality})
    with unit_of_work(database) as unit:
        unit.get(Project, project_id, what="project")
        skill = _usable_skill(unit, skill_id)
        return unit.create(
            Entity.SKILL_REQUIREMENT,
            SkillRequirement(project_id=project_id, skill_id=skill_id, **values),
            after={"project_id": project_id, "skill_id": skill_id, "skill": skill.name, **values},
            details={"project_id": project_id},
        )


def update_requirement(database: Database, requirement_id: int, **changes: Any) -> Change:
    """Change some of ``skill_id``, ``min_level``, ``needed_fte``, ``criticality``; only differences are written."""
    from models.projects import SkillRequirement

    values = _REQUIREMENT.clean(changes)
    with unit_of_work(database) as unit:
        requirement = unit.get(SkillRequirement, requirement_id, what="requirement", sentence=REQUIREMENT_GONE)
        if values.get("skill_id", requirement.skill_id) != requirement.skill_id:
            _usable_skill(unit, values["skill_id"])
        project = {"project_id": requirement.project_id}
        return unit.update(
            Entity.SKILL_REQUIREMENT,
            requirement_id,
            requirement,
            values,
            details=project,
            details_with_changes=True,
            unchanged_details=project,
        )


def remove_requirement(database: Database, requirement_id: int) -> Change:
    from models.projects import SkillRequirement

    with unit_of_work(database) as unit:
        requirement = unit.get(SkillRequirement, requirement_id, what="requirement", sentence=REQUIREMENT_GONE)
        return unit.delete(
            Entity.SKILL_REQUIREMENT,
            requirement_id,
            requirement,
            before=snapshot(requirement, ("project_id", *REQUIREMENT_FIELDS)),
            details={"project_id": requirement.project_id},
        )
