"""The taxonomy: areas holding skills, added, renamed, retired, restored, and deleted only to undo an add.

Areas and skills are retired, never deleted, because assessments and
requirements point at them. Only an area or skill that nothing points at yet is
deleted: :func:`delete_area` and :func:`delete_skill` exist to undo adding one,
so that its name is free again as it was before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.db.database import Database
from app.errors import UserError
from app.services.change import Action, Change, Entity
from app.services.fields import snapshot
from app.services.skills.inputs import _area, _name, _skill
from app.services.unit import Unit, unit_of_work


def _requirements_on(unit: Unit, skill_ids: Sequence[int]) -> list[str]:
    """Names of the projects that require any of ``skill_ids``."""
    from sqlmodel import col, select

    from models.projects import Project, SkillRequirement

    if not skill_ids:
        return []
    statement = (
        select(Project.name)
        .join(SkillRequirement, col(SkillRequirement.project_id) == Project.id)
        .where(col(SkillRequirement.skill_id).in_(skill_ids))
        .distinct()
        .order_by(Project.name)
    )
    return list(unit.session.exec(statement))


def _refuse_if_required(unit: Unit, skill_ids: Sequence[int], *, subject: str) -> None:
    """``subject`` starts the sentence: "The skill 'X' is" or "Skills of 'Y' are"."""
    projects = _requirements_on(unit, skill_ids)
    if projects:
        listed = ", ".join(projects[:3]) + (f" and {len(projects) - 3} more" if len(projects) > 3 else "")
        raise UserError(f"{subject} required by {listed}; merge into another skill or remove those requirements first.")


def add_area(database: Database, name: str, *, core_discipline: bool = False) -> Change:
    """A new skill area, placed after the others."""
    from sqlmodel import func, select

    from models.people import SkillArea

    values: dict[str, Any] = {"name": _name(name, what="skill area"), "core_discipline": bool(core_discipline)}
    with unit_of_work(database) as unit:
        last = unit.session.exec(select(func.max(SkillArea.position))).one()
        area = SkillArea(**values, position=(last if last is not None else -1) + 1)
        return unit.create(Entity.SKILL_AREA, area, after=values)


def delete_area(database: Database, area_id: int) -> Change:
    """Take back an area just added (the undo of :func:`add_area`); refused once it holds a skill."""
    from sqlmodel import func, select

    from models.people import Skill

    with unit_of_work(database) as unit:
        area = _area(unit, area_id)
        held = unit.session.exec(select(func.count()).select_from(Skill).where(Skill.area_id == area_id)).one()
        if held:
            raise UserError(f"The skill area {area.name!r} holds skills now; retire it instead of removing it.")
        return unit.delete(Entity.SKILL_AREA, area_id, area, before=snapshot(area, ("name", "core_discipline")))


def rename_area(database: Database, area_id: int, name: str) -> Change:
    new_name = _name(name, what="skill area")
    with unit_of_work(database) as unit:
        area = _area(unit, area_id)
        return unit.update(Entity.SKILL_AREA, area_id, area, {"name": new_name}, action=Action.RENAMED)


def retire_area(database: Database, area_id: int) -> Change:
    """Retire an area and every skill still active in it (refused while a project requires one).

    ``Change.details["skill_ids"]`` lists the skills retired with it, for
    :func:`restore_area` to bring back.
    """
    from sqlmodel import select

    from models.people import Skill

    with unit_of_work(database) as unit:
        area = _area(unit, area_id)
        if area.retired:
            return Change(entity=Entity.SKILL_AREA, action=Action.UNCHANGED, ids=(area_id,))
        in_use = select(Skill).where(Skill.area_id == area_id, Skill.retired == False)  # noqa: E712
        skills = list(unit.session.exec(in_use))
        _refuse_if_required(unit, [skill.id for skill in skills], subject=f"Skills of {area.name!r} are")
        area.retired = True
        for skill in skills:
            skill.retired = True
        return _area_and_skills(unit, area, Action.RETIRED, tuple(sorted(skill.id for skill in skills)))


def restore_area(database: Database, area_id: int, *, skill_ids: Sequence[int] = ()) -> Change:
    """Bring a retired area back, with those of its skills given in ``skill_ids``."""
    from models.people import Skill

    with unit_of_work(database) as unit:
        area = _area(unit, area_id)
        area.retired = False
        for skill_id in skill_ids:
            skill = unit.session.get(Skill, skill_id)
            if skill is not None and skill.area_id == area_id:
                skill.retired = False
        return _area_and_skills(unit, area, Action.RESTORED, tuple(skill_ids))


def _area_and_skills(unit: Unit, area: Any, action: Action, skill_ids: tuple[int, ...]) -> Change:
    """Audit an area retired or restored with ``skill_ids``; the Change lists them for the way back."""
    unit.flush()
    return unit.record(
        Entity.SKILL_AREA,
        area.id,
        action,
        after={"name": area.name, "skill_ids": list(skill_ids)},
        details={"skill_ids": skill_ids},
    )


def add_skill(database: Database, area_id: int, name: str, *, description: str = "") -> Change:
    from models.people import Skill

    values: dict[str, Any] = {
        "area_id": area_id,
        "name": _name(name, what="skill"),
        "description": (description or "").strip(),
    }
    with unit_of_work(database) as unit:
        area = _area(unit, area_id)
        if area.retired:
            raise UserError(f"The skill area {area.name!r} is retired; restore it or choose another area.")
        return unit.create(Entity.SKILL, Skill(**values), after=values, details={"area_id": area_id})


def rename_skill(database: Database, skill_id: int, name: str, *, description: str | None = None) -> Change:
    """Give a skill a new name (and description, when given); its history stays with it."""
    changes = {"name": _name(name, what="skill")}
    if description is not None:
        changes["description"] = description.strip()
    with unit_of_work(database) as unit:
        skill = _skill(unit, skill_id)
        return unit.update(Entity.SKILL, skill_id, skill, changes, action=Action.RENAMED)


def delete_skill(database: Database, skill_id: int) -> Change:
    """Take back a skill just added (the undo of :func:`add_skill`); refused once anything refers to it."""
    from sqlmodel import func, select

    from models.people import Assessment, Certification
    from models.projects import SkillRequirement

    with unit_of_work(database) as unit:
        skill = _skill(unit, skill_id)
        uses = {
            "assessments": select(func.count()).where(Assessment.skill_id == skill_id),
            "certifications": select(func.count()).where(Certification.skill_id == skill_id),
            "project requirements": select(func.count()).where(SkillRequirement.skill_id == skill_id),
        }
        used = [words for words, count in uses.items() if unit.session.exec(count).one()]
        if used:
            raise UserError(f"The skill {skill.name!r} has {' and '.join(used)} now; retire it instead of removing it.")
        return unit.delete(
            Entity.SKILL,
            skill_id,
            skill,
            before=snapshot(skill, ("area_id", "name", "description")),
            details={"area_id": skill.area_id},
        )


def retire_skill(database: Database, skill_id: int) -> Change:
    """Take a skill out of the matrix; its history is kept. Refused while a project requires it."""
    with unit_of_work(database) as unit:
        skill = _skill(unit, skill_id)
        if skill.retired:
            return Change(entity=Entity.SKILL, action=Action.UNCHANGED, ids=(skill_id,))
        _refuse_if_required(unit, [skill_id], subject=f"The skill {skill.name!r} is")
        skill.retired = True
        unit.flush()
        return unit.record(Entity.SKILL, skill_id, Action.RETIRED, after={"name": skill.name})


def restore_skill(database: Database, skill_id: int) -> Change:
    with unit_of_work(database) as unit:
        skill = _skill(unit, skill_id)
        if not skill.retired:
            return Change(entity=Entity.SKILL, action=Action.UNCHANGED, ids=(skill_id,))
        area = _area(unit, skill.area_id)
        if area.retired:
            raise UserError(f"The skill area {area.name!r} is retired; restore the area first.")
        skill.retired = False
        unit.flush()
        return unit.record(Entity.SKILL, skill_id, Action.RESTORED, after={"name": skill.name})
