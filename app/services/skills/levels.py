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
        descriptor = unit.get(
            LevelDescriptor, level, what="level", sentence="Level {id} has no descriptor in this database."
        )
        return unit.update(Entity.LEVEL_DESCRIPTOR, level, descriptor, changes, details_with_changes=True)
