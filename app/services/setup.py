"""Creating or upgrading a database, and the defaults a new organisation starts with."""

from __future__ import annotations

from dataclasses import dataclass

from app.db.database import Database
from app.db.schema import SchemaStatus, ensure_schema
from app.resources import read_json
from app.services.change import Action, Change, Entity
from app.services.unit import unit_of_work


@dataclass(frozen=True)
class InitResult:
    schema: SchemaStatus
    seeded: Change | None


def initialise(database: Database) -> InitResult:
    """Create or upgrade the schema, then give an organisation without one the default taxonomy.

    The taxonomy is checked on every call, not only on creation: a first run
    interrupted between the two steps is completed by the next.
    """
    schema = ensure_schema(database)
    seeded = seed_default_taxonomy(database)
    return InitResult(schema=schema, seeded=seeded)


def seed_default_taxonomy(database: Database) -> Change | None:
    """The level descriptors and the seven default skill areas, unless a taxonomy exists."""
    from sqlmodel import func, select

    from models.people import LevelDescriptor, Skill, SkillArea

    taxonomy = read_json("taxonomy.json")
    with unit_of_work(database) as unit:
        session = unit.session
        if session.exec(select(func.count()).select_from(SkillArea)).one() > 0:
            return None
        for level in taxonomy["levels"]:
            session.add(LevelDescriptor(**level))
        skill_count = 0
        for position, area_spec in enumerate(taxonomy["areas"]):
            area = SkillArea(name=area_spec["name"], position=position, core_discipline=area_spec["core_discipline"])
            area_id = unit.insert(area)
            for name, description in area_spec["skills"]:
                session.add(Skill(area_id=area_id, name=name, description=description))
                skill_count += 1
        unit.audit(
            entity=Entity.TAXONOMY,
            entity_id=None,
            action=Action.SEEDED,
            after={"areas": len(taxonomy["areas"]), "skills": skill_count},
        )
    return Change(entity=Entity.TAXONOMY, action=Action.SEEDED)
