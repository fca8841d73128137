"""Merging one skill into another: its history and requirements move over, and it is retired."""

from __future__ import annotations

from typing import Any

from app.db.database import Database
from app.errors import UserError
from app.services.change import Action, Change, Entity
from app.services.fields import snapshot
from app.services.skills.inputs import _skill
from app.services.unit import Unit, unit_of_work

CRITICALITY_ORDER = ("low", "medium", "high", "critical")


def merge_skills(database: Database, source_id: int, target_id: int) -> Change:
    """Fold ``source_id`` into ``target_id``: its assessments, certifications and requirements move over.

    History is moved, not rewritten: a person assessed in both skills keeps every
    row, and the newest one (by date) is their current level in the target. A
    project requiring both keeps one requirement with the stricter of each value
    (higher minimum level, higher needed FTE, higher criticality). The source is
    retired, not deleted, so old audit events still name it.
    """
    from sqlmodel import col, update

    from models.people import Assessment, Certification

    if source_id == target_id:
        raise UserError("A skill cannot be merged into itself.")
    with unit_of_work(database) as unit:
        session = unit.session
        source = _skill(unit, source_id)
        target = _skill(unit, target_id)
        if target.retired:
            raise UserError(f"The skill {target.name!r} is retired; merge into a skill in use.")
        moved_assessments = session.exec(
            update(Assessment).where(col(Assessment.skill_id) == source_id).values(skill_id=target_id)
        ).rowcount
        moved_certifications = session.exec(
            update(Certification).where(col(Certification.skill_id) == source_id).values(skill_id=target_id)
        ).rowcount
        moved_requirements, combined_requirements = _fold_requirements(unit, source, target)
        source.retired = True
        unit.flush()
        details = {
            "source_id": source_id,
            "target_id": target_id,
            "assessments": moved_assessments,
            "certifications": moved_certifications,
            "requirements_moved": moved_requirements,
            "requirements_combined": combined_requirements,
        }
        unit.audit(
            entity=Entity.SKILL,
            entity_id=source_id,
            action=Action.MERGED,
            before={"name": source.name, "retired": False},
            after={**details, "into": target.name},
        )
        return Change(entity=Entity.SKILL, action=Action.MERGED, ids=(source_id, target_id), details=details)


def _fold_requirements(unit: Unit, source: Any, target: Any) -> tuple[int, int]:
    """Move ``source``'s requirements to ``target``; a project requiring both keeps one, the stricter of each value.

    Returns how many requirements moved and how many were combined into the target's.
    """
    from sqlmodel import select

    from models.projects import SkillRequirement

    session = unit.session
    targets = {
        requirement.project_id: requirement
        for requirement in session.exec(select(SkillRequirement).where(SkillRequirement.skill_id == target.id))
    }
    moved_requirements = combined_requirements = 0
    for requirement in list(session.exec(select(SkillRequirement).where(SkillRequirement.skill_id == source.id))):
        kept = targets.get(requirement.project_id)
        if kept is None:
            requirement.skill_id = target.id
            moved_requirements += 1
            continue
        before = _requirement_values(kept)
        kept.min_level = max(kept.min_level, requirement.min_level)
        kept.needed_fte = max(kept.needed_fte, requirement.needed_fte)
        kept.criticality = max(kept.criticality, requirement.criticality, key=CRITICALITY_ORDER.index)
        after = _requirement_values(kept)
        if after != before:
            unit.audit(
                entity=Entity.SKILL_REQUIREMENT,
                entity_id=kept.id,
                action=Action.UPDATED,
                before=before,
                after=after,
                reason=f"merged {source.name!r} into {target.name!r}",
            )
        unit.audit(
            entity=Entity.SKILL_REQUIREMENT,
            entity_id=requirement.id,
            action=Action.DELETED,
            before={**_requirement_values(requirement), "project_id": requirement.project_id},
            reason=f"merged {source.name!r} into {target.name!r}",
        )
        session.delete(requirement)
        combined_requirements += 1
    return moved_requirements, combined_requirements


def _requirement_values(requirement: Any) -> dict[str, Any]:
    return snapshot(requirement, ("skill_id", "min_level", "needed_fte", "criticality"))
