"""Writing skills: assessments (one, many, a whole imported matrix), the taxonomy and the level scale.

An assessment is history: recording a level always adds a new row dated today
(or the given date), and the newest row is the person's current level. Nothing
here updates an old assessment; :func:`retract_assessment` exists only to undo
the one just recorded.

The taxonomy is areas holding skills. Areas and skills are retired, never
deleted, because assessments and requirements point at them; merging a skill
moves its history to another skill and retires it. Only an area or skill that
nothing points at yet is deleted: :func:`delete_area` and :func:`delete_skill`
exist to undo adding one, so that its name is free again as it was before.

Bulk writes (:func:`record_assessments`, :func:`import_matrix`) go in as
SQLAlchemy Core inserts in one transaction with one summarising audit event, so
a matrix of 450k levels takes seconds, not minutes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from app.db.database import Database
from app.errors import UserError
from app.services.change import Action, Change, Entity
from app.services.people import PERSON_GONE, normalise_email
from app.services.unit import Unit, missing, unit_of_work
from models.enums import AssessmentSource

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection
    from sqlmodel import SQLModel

MIN_LEVEL, MAX_LEVEL = 0, 4
BULK_CHUNK_ROWS = 20_000


class AssessmentInput(NamedTuple):
    """One level to record; ``assessed_on`` None means the day it is recorded."""

    person_id: int
    skill_id: int
    level: int
    assessed_on: date | None = None
    source: AssessmentSource | str = AssessmentSource.MANAGER
    note: str = ""


class NewPerson(NamedTuple):
    """Someone an import creates (the rest of their details keep their defaults)."""

    name: str
    email: str
    department: str


class ImportedAssessment(NamedTuple):
    """One level from an imported file, for a person known by e-mail (who may be new in the same import)."""

    email: str
    skill_id: int
    level: int
    assessed_on: date | None = None
    source: AssessmentSource | str | None = None  # None: the import's default source


# --- checking input ---------------------------------------------------------------------------


def check_level(value: Any, *, lowest: int = MIN_LEVEL) -> int:
    """A level of the 0–4 scale as an int, or ``UserError`` saying why ``value`` is not one."""
    if isinstance(value, bool) or value is None:
        raise UserError(f"{value!r} is not a level; use a whole number from {lowest} to {MAX_LEVEL}.")
    number: Any = value
    if isinstance(value, str):
        text = value.strip()
        try:
            number = float(text) if text else None
        except ValueError:
            raise UserError(f"{value!r} is not a level; use a whole number from {lowest} to {MAX_LEVEL}.") from None
    if not isinstance(number, int | float) or (isinstance(number, float) and not math.isfinite(number)):
        raise UserError(f"{value!r} is not a level; use a whole number from {lowest} to {MAX_LEVEL}.")
    if number != int(number):
        raise UserError(f"{value} is not a whole level; use a whole number from {lowest} to {MAX_LEVEL}.")
    level = int(number)
    if not MIN_LEVEL <= level <= MAX_LEVEL:
        raise UserError(f"Level {level} is not on the scale {MIN_LEVEL}–{MAX_LEVEL}.")
    if level < lowest:
        raise UserError(f"A minimum level of {level} asks for nothing; use {lowest} to {MAX_LEVEL}.")
    return level


def check_source(value: Any) -> AssessmentSource:
    try:
        return AssessmentSource(value.strip().lower() if isinstance(value, str) else value)
    except ValueError:
        choices = ", ".join(member.value for member in AssessmentSource)
        raise UserError(f"{value!r} is not a source of an assessment; use {choices}.") from None


def check_assessment_date(value: date | datetime | str | None, *, today: date | None = None) -> date:
    """The date an assessment is recorded for: today when ``None``; never in the future."""
    today = today or date.today()
    if value is None:
        return today
    if isinstance(value, datetime):
        value = value.date()
    elif isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise UserError(f"{value!r} is not a date; write it as {today.isoformat()}.") from None
    if value > today:
        raise UserError(f"An assessment cannot be dated in the future ({value.isoformat()}).")
    return value


def _name(value: str, *, what: str) -> str:
    cleaned = " ".join((value or "").split())
    if not cleaned:
        raise UserError(f"A {what} needs a name.")
    return cleaned


# --- assessments ------------------------------------------------------------------------------


def _person(unit: Unit, person_id: int) -> Any:
    from models.people import Person

    person = unit.get(Person, person_id, what="person", sentence=PERSON_GONE)
    if person.erased_on is not None:
        raise UserError(missing("person", person_id, sentence=PERSON_GONE))
    return person


def _skill(unit: Unit, skill_id: int, *, usable: bool = False) -> Any:
    from models.people import Skill

    skill = unit.get(Skill, skill_id, what="skill", sentence="Skill {id} does not exist.")
    if usable and skill.retired:
        raise UserError(f"The skill {skill.name!r} is retired; use the skill that replaced it.")
    return skill


def record_assessment(
    database: Database,
    person_id: int,
    skill_id: int,
    level: int,
    *,
    source: AssessmentSource | str = AssessmentSource.MANAGER,
    assessed_on: date | str | None = None,
    note: str = "",
) -> Change:
    """A new assessment of ``person_id`` in ``skill_id``; it becomes their current level.

    ``Change.ids`` holds the new assessment's id (for undo, see :func:`retract_assessment`).
    """
    from models.people import Assessment

    values: dict[str, Any] = {
        "person_id": person_id,
        "skill_id": skill_id,
        "level": check_level(level),
        "assessed_on": check_assessment_date(assessed_on),
        "source": check_source(source),
        "note": (note or "").strip(),
    }
    with unit_of_work(database) as unit:
        _person(unit, person_id)
        _skill(unit, skill_id, usable=True)
        assessment = Assessment(**values)
        unit.session.add(assessment)
        unit.flush()
        assert assessment.id is not None  # the flush gave it its id
        unit.audit(entity=Entity.ASSESSMENT, entity_id=assessment.id, action=Action.CREATED, after=values)
        return Change(
            entity=Entity.ASSESSMENT,
            action=Action.CREATED,
            ids=(assessment.id,),
            details={"person_id": person_id, "skill_id": skill_id},
        )


def retract_assessment(database: Database, assessment_id: int) -> Change:
    """Remove one assessment entered by mistake (the undo of :func:`record_assessment`)."""
    from models.people import Assessment

    with unit_of_work(database) as unit:
        assessment = unit.get(
            Assessment,
            assessment_id,
            what="assessment",
            sentence="Assessment {id} does not exist (it may have been retracted already).",
        )
        before = {key: getattr(assessment, key) for key in ("person_id", "skill_id", "level", "assessed_on", "source")}
        unit.session.delete(assessment)
        unit.flush()
        unit.audit(entity=Entity.ASSESSMENT, entity_id=assessment_id, action=Action.RETRACTED, before=before)
        return Change(
            entity=Entity.ASSESSMENT,
            action=Action.RETRACTED,
            ids=(assessment_id,),
            details={"person_id": before["person_id"], "skill_id": before["skill_id"]},
        )


def _table_of(model: type[SQLModel]) -> Table:
    """The Core table a model maps to, for bulk inserts (SQLModel's types do not declare ``__table__``)."""
    from sqlalchemy import Table, inspect

    table = inspect(model).local_table
    assert isinstance(table, Table)  # every model here maps one plain table
    return table


def _usable_ids(connection: Connection, sql: str) -> set[int]:
    from sqlalchemy import text

    return {row[0] for row in connection.execute(text(sql))}


def _insert_assessments(connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    from sqlalchemy import insert

    from models.people import Assessment

    statement = insert(_table_of(Assessment))
    for start in range(0, len(rows), BULK_CHUNK_ROWS):
        connection.execute(statement, list(rows[start : start + BULK_CHUNK_ROWS]))


def _assessment_rows(inputs: Iterable[tuple[int, int, Any, Any, Any, str]], *, today: date) -> list[dict[str, Any]]:
    """Checked rows for the assessment table; a bad one is named by its position."""
    sources = {member.value: member.value for member in AssessmentSource}  # an enum member finds its value too
    rows: list[dict[str, Any]] = []
    for index, (person_id, skill_id, level, assessed_on, source, note) in enumerate(inputs):
        # The common case (already-checked values from an import) skips the full checks.
        if not (
            type(level) is int
            and MIN_LEVEL <= level <= MAX_LEVEL
            and source in sources
            and type(assessed_on) is date
            and assessed_on <= today
        ):
            try:
                level = check_level(level)
                assessed_on = check_assessment_date(assessed_on, today=today)
                source = check_source(source)
            except UserError as error:
                raise UserError(f"Assessment {index + 1} of the batch: {error}") from None
        rows.append(
            {
                "person_id": person_id,
                "skill_id": skill_id,
                "level": level,
                "assessed_on": assessed_on,
                "source": sources[source],
                "note": (note or "").strip(),
            }
        )
    return rows


def record_assessments(database: Database, rows: Sequence[AssessmentInput], *, reason: str = "") -> Change:
    """Many assessments at once: all or none, one audit event for the lot."""
    today = date.today()
    checked = _assessment_rows(
        ((row.person_id, row.skill_id, row.level, row.assessed_on, row.source, row.note) for row in rows), today=today
    )
    if not checked:
        return Change(entity=Entity.ASSESSMENT, action=Action.UNCHANGED)
    with unit_of_work(database) as unit:
        connection = unit.session.connection()
        _check_people_and_skills(
            connection,
            person_ids={row["person_id"] for row in checked},
            skill_ids={row["skill_id"] for row in checked},
        )
        _insert_assessments(connection, checked)
        summary = _summary(checked)
        unit.audit(entity=Entity.ASSESSMENT, entity_id=None, action=Action.IMPORTED, after=summary, reason=reason)
        return Change(entity=Entity.ASSESSMENT, action=Action.IMPORTED, details=summary)


def _check_people_and_skills(connection: Connection, *, person_ids: set[int], skill_ids: set[int]) -> None:
    missing_people = person_ids - _usable_ids(connection, "SELECT id FROM person WHERE erased_on IS NULL")
    if missing_people:
        raise UserError(f"Person {min(missing_people)} does not exist or has been erased; nothing was recorded.")
    missing_skills = skill_ids - _usable_ids(connection, "SELECT id FROM skill WHERE NOT retired")
    if missing_skills:
        raise UserError(f"Skill {min(missing_skills)} does not exist or is retired; nothing was recorded.")


def _person_ids_by_email(connection: Connection) -> dict[str, int]:
    from sqlalchemy import text

    return {email: person_id for person_id, email in connection.execute(text("SELECT id, email FROM person"))}


def _summary(rows: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    return {
        "assessments": len(rows),
        "people": len({row["person_id"] for row in rows}),
        "skills": len({row["skill_id"] for row in rows}),
    }


def import_matrix(
    database: Database,
    *,
    people: Sequence[NewPerson],
    assessments: Sequence[ImportedAssessment],
    source: AssessmentSource | str = AssessmentSource.MANAGER,
    assessed_on: date | str | None = None,
    reason: str = "",
) -> Change:
    """Create ``people`` and record ``assessments`` (people known by e-mail) in one transaction.

    ``source`` and ``assessed_on`` apply to the assessments that do not carry their
    own. Each new person gets their own audit event (so erasing them later also
    clears it); the assessments get one event for the lot.
    """
    from sqlalchemy import insert

    from models.people import Person

    today = date.today()
    default_source = check_source(source)
    default_date = check_assessment_date(assessed_on, today=today)
    new_people = [
        {
            "name": _name(person.name, what="person"),
            "email": normalise_email(person.email),
            "department": " ".join((person.department or "").split()),
        }
        for person in people
    ]
    if not new_people and not assessments:
        return Change(entity=Entity.IMPORT, action=Action.UNCHANGED)
    with unit_of_work(database) as unit:
        connection = unit.session.connection()
        existing = _person_ids_by_email(connection)
        taken = [person["email"] for person in new_people if person["email"] in existing]
        if taken:
            raise UserError(
                f"{taken[0]} was added to Steward after the file was checked; check the file again before importing."
            )
        if new_people:
            connection.execute(
                insert(_table_of(Person)),
                [
                    {**person, "title": "", "capacity_fte": 1.0, "cost_rate": 0, "active": True, "erased_on": None}
                    for person in new_people
                ],
            )
            existing = _person_ids_by_email(connection)
            for person in new_people:
                unit.audit(
                    entity=Entity.PERSON,
                    entity_id=existing[person["email"]],
                    action=Action.CREATED,
                    after=person,
                    reason=reason,
                )
        try:
            inputs = [
                (
                    existing[row.email.strip().lower()],
                    row.skill_id,
                    row.level,
                    row.assessed_on or default_date,
                    row.source or default_source,
                    "",
                )
                for row in assessments
            ]
        except KeyError as error:
            raise UserError(f"No one in Steward has the e-mail {error.args[0]}; nothing was imported.") from None
        rows = _assessment_rows(inputs, today=today)
        _check_people_and_skills(
            connection, person_ids={row["person_id"] for row in rows}, skill_ids={row["skill_id"] for row in rows}
        )
        _insert_assessments(connection, rows)
        summary = {"new_people": len(new_people), **_summary(rows)}
        unit.audit(entity=Entity.IMPORT, entity_id=None, action=Action.APPLIED, after=summary, reason=reason)
        return Change(entity=Entity.IMPORT, action=Action.APPLIED, details=summary)


# --- areas ------------------------------------------------------------------------------------


def _area(unit: Unit, area_id: int) -> Any:
    from models.people import SkillArea

    area = unit.get(SkillArea, area_id, what="skill area", sentence="Skill area {id} does not exist.")
    return area


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
        unit.session.add(area)
        unit.flush()
        assert area.id is not None  # the flush gave it its id
        unit.audit(entity=Entity.SKILL_AREA, entity_id=area.id, action=Action.CREATED, after=values)
        return Change(entity=Entity.SKILL_AREA, action=Action.CREATED, ids=(area.id,))


def delete_area(database: Database, area_id: int) -> Change:
    """Take back an area just added (the undo of :func:`add_area`); refused once it holds a skill."""
    from sqlmodel import func, select

    from models.people import Skill

    with unit_of_work(database) as unit:
        area = _area(unit, area_id)
        held = unit.session.exec(select(func.count()).select_from(Skill).where(Skill.area_id == area_id)).one()
        if held:
            raise UserError(f"The skill area {area.name!r} holds skills now; retire it instead of removing it.")
        before = {"name": area.name, "core_discipline": area.core_discipline}
        unit.session.delete(area)
        unit.flush()
        unit.audit(entity=Entity.SKILL_AREA, entity_id=area_id, action=Action.DELETED, before=before)
        return Change(entity=Entity.SKILL_AREA, action=Action.DELETED, ids=(area_id,))


def rename_area(database: Database, area_id: int, name: str) -> Change:
    new_name = _name(name, what="skill area")
    with unit_of_work(database) as unit:
        area = _area(unit, area_id)
        if area.name == new_name:
            return Change(entity=Entity.SKILL_AREA, action=Action.UNCHANGED, ids=(area_id,))
        before = {"name": area.name}
        area.name = new_name
        unit.flush()
        unit.audit(
            entity=Entity.SKILL_AREA, entity_id=area_id, action=Action.RENAMED, before=before, after={"name": new_name}
        )
        return Change(entity=Entity.SKILL_AREA, action=Action.RENAMED, ids=(area_id,))


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
        skill_ids = tuple(sorted(skill.id for skill in skills))
        unit.flush()
        unit.audit(
            entity=Entity.SKILL_AREA,
            entity_id=area_id,
            action=Action.RETIRED,
            after={"name": area.name, "skill_ids": list(skill_ids)},
        )
        return Change(entity=Entity.SKILL_AREA, action=Action.RETIRED, ids=(area_id,), details={"skill_ids": skill_ids})


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
        unit.flush()
        unit.audit(
            entity=Entity.SKILL_AREA,
            entity_id=area_id,
            action=Action.RESTORED,
            after={"name": area.name, "skill_ids": list(skill_ids)},
        )
        return Change(
            entity=Entity.SKILL_AREA, action=Action.RESTORED, ids=(area_id,), details={"skill_ids": tuple(skill_ids)}
        )


# --- skills -----------------------------------------------------------------------------------


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
        skill = Skill(**values)
        unit.session.add(skill)
        unit.flush()
        assert skill.id is not None  # the flush gave it its id
        unit.audit(entity=Entity.SKILL, entity_id=skill.id, action=Action.CREATED, after=values)
        return Change(entity=Entity.SKILL, action=Action.CREATED, ids=(skill.id,), details={"area_id": area_id})


def rename_skill(database: Database, skill_id: int, name: str, *, description: str | None = None) -> Change:
    """Give a skill a new name (and description, when given); its history stays with it."""
    changes = {"name": _name(name, what="skill")}
    if description is not None:
        changes["description"] = description.strip()
    with unit_of_work(database) as unit:
        skill = _skill(unit, skill_id)
        before = {key: getattr(skill, key) for key, value in changes.items() if getattr(skill, key) != value}
        after = {key: changes[key] for key in before}
        if not after:
            return Change(entity=Entity.SKILL, action=Action.UNCHANGED, ids=(skill_id,))
        for key, value in after.items():
            setattr(skill, key, value)
        unit.flush()
        unit.audit(entity=Entity.SKILL, entity_id=skill_id, action=Action.RENAMED, before=before, after=after)
        return Change(entity=Entity.SKILL, action=Action.RENAMED, ids=(skill_id,))


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
        before = {"area_id": skill.area_id, "name": skill.name, "description": skill.description}
        unit.session.delete(skill)
        unit.flush()
        unit.audit(entity=Entity.SKILL, entity_id=skill_id, action=Action.DELETED, before=before)
        return Change(
            entity=Entity.SKILL, action=Action.DELETED, ids=(skill_id,), details={"area_id": before["area_id"]}
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
        unit.audit(entity=Entity.SKILL, entity_id=skill_id, action=Action.RETIRED, after={"name": skill.name})
        return Change(entity=Entity.SKILL, action=Action.RETIRED, ids=(skill_id,))


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
        unit.audit(entity=Entity.SKILL, entity_id=skill_id, action=Action.RESTORED, after={"name": skill.name})
        return Change(entity=Entity.SKILL, action=Action.RESTORED, ids=(skill_id,))


CRITICALITY_ORDER = ("low", "medium", "high", "critical")


def merge_skills(database: Database, source_id: int, target_id: int) -> Change:
    """Fold ``source_id`` into ``target_id``: its assessments, certifications and requirements move over.

    History is moved, not rewritten: a person assessed in both skills keeps every
    row, and the newest one (by date) is their current level in the target. A
    project requiring both keeps one requirement with the stricter of each value
    (higher minimum level, higher needed FTE, higher criticality). The source is
    retired, not deleted, so old audit events still name it.
    """
    from sqlmodel import col, select, update

    from models.people import Assessment, Certification
    from models.projects import SkillRequirement

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
        targets = {
            requirement.project_id: requirement
            for requirement in session.exec(select(SkillRequirement).where(SkillRequirement.skill_id == target_id))
        }
        moved_requirements = combined_requirements = 0
        for requirement in list(session.exec(select(SkillRequirement).where(SkillRequirement.skill_id == source_id))):
            kept = targets.get(requirement.project_id)
            if kept is None:
                requirement.skill_id = target_id
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


def _requirement_values(requirement: Any) -> dict[str, Any]:
    return {
        "skill_id": requirement.skill_id,
        "min_level": requirement.min_level,
        "needed_fte": requirement.needed_fte,
        "criticality": requirement.criticality,
    }


# --- the level scale --------------------------------------------------------------------------


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
