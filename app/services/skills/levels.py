"""The level scale: rewording a level's label and description."""

from __future__ import annotations

from app.db.database import Database
from app.errors import UserError
from app.services.change import Action, Change, Entity
from app.services.skills.inputs import _name, check_level
from app.services.unit import unit_of_work


def update_level_descriptor(
    database: Database, level: int, label: str | None = None, description: str | None = None
) -> Change:
    """Reword one level of the scale: its label (unique, not a number) and/or its description."""
    from models.people import LevelDescriptor

    level = check_level(level)
    changes: dict[str, str] = {}
    if label is not None:
        cleaned = _name(label, what="level")
        if cleaned.replace(".", "", 1).isdigit():
            raise UserError(f"A level's label cannot be a number ({cleaned}); it would be mistaken for a level.")
        changes["label"] = cleaned
    if description is not None:
        changes["description"] = description.strip()
    if not changes:
        return Change(entity=Entity.LEVEL_DESCRIPTOR, action=Action.UNCHANGED, ids=(level,))
    with unit_of_work(database) as unit:
        descriptor = unit.session.get(LevelDescriptor, level)
        if descriptor is None:
            raise UserError(f"Level {level} has no descriptor in this database.")
        before = {key: getattr(descriptor, key) for key in changes if getattr(descriptor, key) != changes[key]}
        after = {key: changes[key] for key in before}
        if not after:
            return Change(entity=Entity.LEVEL_DESCRIPTOR, action=Action.UNCHANGED, ids=(level,))
        for key, value in after.items():
            setattr(descriptor, key, value)
        unit.flush()
        unit.audit(entity=Entity.LEVEL_DESCRIPTOR, entity_id=level, action=Action.UPDATED, before=before, after=after)
        return Change(entity=Entity.LEVEL_DESCRIPTOR, action=Action.UPDATED, ids=(level,), details=after)
